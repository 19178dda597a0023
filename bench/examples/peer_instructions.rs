//! Issue 7, native, by instruction counts: one contender's pass over one form's corpus, for
//! `valgrind --tool=callgrind --toggle-collect='*measured_pass*'` (`scripts/bench-peers.sh`,
//! part `instructions`). Criterion's throughput for jsonschema-rs moved by up to 40 % between
//! runs on the benchmark machine; an instruction count is the same in every run, so the ratio
//! of two counts is a repeatable measure of the work each does (not of time: it ignores cache
//! misses and the instructions' costs).
//!
//! Usage: `peer_instructions <form> <contender>`, contender one of `aii_check`,
//! `jsonschema_all_errors`, `aii_parse_check`, `jsonschema_parse_all_errors` (as in
//! `benches/peers.rs`). Everything is prepared, then one pass runs uncounted (warming the
//! allocator and any lazy state), then `measured_pass` runs the same pass: only it is counted.
//! Prints the number of documents and the pass's result (a checksum of issue counts).

use aii_bench::corpus::{self, TODAY};
use aii_bench::schema::json_schema_value;
use aii_rules::{Date, FormKind, Locale, Options, Value, check, json};
use std::hint::black_box;

struct Inputs {
    kind: FormKind,
    opts: Options,
    texts: Vec<String>,
    serde_docs: Vec<serde_json::Value>,
    our_docs: Vec<Value>,
    validator: jsonschema::Validator,
}

fn pass(contender: &str, i: &Inputs) -> usize {
    match contender {
        "aii_check" => i.our_docs.iter().map(|d| check(i.kind, black_box(d), &i.opts, None).issues.len()).sum(),
        "jsonschema_all_errors" => i.serde_docs.iter().map(|d| i.validator.iter_errors(black_box(d)).count()).sum(),
        "aii_parse_check" => i
            .texts
            .iter()
            .map(|t| match json::parse(black_box(t), 32) {
                Ok(d) => check(i.kind, &d, &i.opts, None).issues.len(),
                Err(_) => 1,
            })
            .sum(),
        "jsonschema_parse_all_errors" => i
            .texts
            .iter()
            .map(|t| {
                let d: serde_json::Value = serde_json::from_str(black_box(t)).expect("the corpus is JSON");
                i.validator.iter_errors(&d).count()
            })
            .sum(),
        other => panic!("no contender {other}"),
    }
}

/// The counted pass (callgrind's `--toggle-collect` names it).
#[inline(never)]
fn measured_pass(contender: &str, i: &Inputs) -> usize {
    pass(contender, i)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, form, contender] = &args[..] else {
        eprintln!("usage: peer_instructions <form> <contender>");
        std::process::exit(2);
    };
    let kind = FormKind::parse(form).unwrap_or_else(|| panic!("no form {form}"));
    let cases = corpus::corpus(kind);
    let texts: Vec<String> = cases.iter().map(|c| corpus::to_text(&c.doc)).collect();
    let inputs = Inputs {
        kind,
        opts: Options { locale: Locale::Zh, today: Date::parse(TODAY).expect("a date") },
        our_docs: texts.iter().map(|t| json::parse(t, 32).expect("the corpus is JSON")).collect(),
        serde_docs: cases.iter().map(|c| c.doc.clone()).collect(),
        validator: jsonschema::validator_for(&json_schema_value(kind)).expect("the schema compiles"),
        texts,
    };
    let warm = pass(contender, &inputs);
    let counted = measured_pass(contender, &inputs);
    assert_eq!(warm, counted, "the same pass twice");
    println!("docs={} result={counted}", cases.len());
}
