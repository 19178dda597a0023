//! Issue 7, native: our whole check against jsonschema-rs (a compiled validator of the schema
//! generated from our shapes) on the same corpus, in one criterion group per form, so the ratio
//! comes from one run. One iteration validates the whole corpus (1,000 documents, half invalid);
//! throughput is in documents.
//!
//! - `aii_check`: `aii_rules::check` on a parsed `Value`, the full report (every local rule,
//!   messages rendered in zh-CN, issues sorted).
//! - `jsonschema_all_errors`: `Validator::iter_errors(..).count()` on a parsed `serde_json::Value`
//!   (every error, as our report has every issue).
//! - `jsonschema_is_valid`: `Validator::is_valid`, stops at the first error (the peer's best case).
//! - `aii_structural_only`: our shape walk alone (`shape::validate`: types, unknown fields,
//!   lengths, dates; unrendered issues), the part of our check closest to what the schema does.
//! - `aii_parse_check` / `jsonschema_parse_all_errors`: the same from JSON text (our
//!   `json::parse`, serde_json for the peer).
//!
//! Run: `cargo bench -p aii-bench --bench peers` (`scripts/bench-peers.sh` prints the ratios).

use aii_bench::corpus::{self, TODAY};
use aii_bench::schema::json_schema_value;
use aii_rules::{Date, FormKind, Locale, Options, Value, check, json, shape};
use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let opts = Options { locale: Locale::Zh, today: Date::parse(TODAY).unwrap() };
    for kind in FormKind::ALL {
        let cases = corpus::corpus(kind);
        let texts: Vec<String> = cases.iter().map(|c| corpus::to_text(&c.doc)).collect();
        let serde_docs: Vec<serde_json::Value> = cases.iter().map(|c| c.doc.clone()).collect();
        let our_docs: Vec<Value> = texts.iter().map(|t| json::parse(t, 32).unwrap()).collect();
        let validator = jsonschema::validator_for(&json_schema_value(kind)).unwrap();

        let mut g = c.benchmark_group(format!("peers-{}", kind.name()));
        g.throughput(Throughput::Elements(cases.len() as u64));
        let id = |name: &str| BenchmarkId::from_parameter(name);
        g.bench_function(id("aii_check"), |b| {
            b.iter(|| our_docs.iter().map(|d| check(kind, black_box(d), &opts, None).issues.len()).sum::<usize>())
        });
        g.bench_function(id("jsonschema_all_errors"), |b| {
            b.iter(|| serde_docs.iter().map(|d| validator.iter_errors(black_box(d)).count()).sum::<usize>())
        });
        g.bench_function(id("jsonschema_is_valid"), |b| b.iter(|| serde_docs.iter().filter(|d| validator.is_valid(black_box(d))).count()));
        g.bench_function(id("aii_structural_only"), |b| {
            b.iter(|| {
                our_docs
                    .iter()
                    .map(|d| {
                        let mut issues = Vec::new();
                        shape::validate(black_box(d), kind.shape(), &mut String::new(), &mut issues);
                        issues.len()
                    })
                    .sum::<usize>()
            })
        });
        g.bench_function(id("aii_parse_check"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| match json::parse(black_box(t), 32) {
                        Ok(d) => check(kind, &d, &opts, None).issues.len(),
                        Err(_) => 1,
                    })
                    .sum::<usize>()
            })
        });
        g.bench_function(id("jsonschema_parse_all_errors"), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| {
                        let d: serde_json::Value = serde_json::from_str(black_box(t)).unwrap();
                        validator.iter_errors(&d).count()
                    })
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

criterion_group!(
    name = peers;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = benches
);
criterion_main!(peers);
