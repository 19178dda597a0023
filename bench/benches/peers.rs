//! Issue 7, native: our whole check against jsonschema-rs (a compiled validator of the schema
//! generated from our shapes) on the same corpus, in one criterion group per form, so the ratio
//! comes from one run. One iteration is one pass of a contender over the whole corpus
//! (`peers/contenders.rs` says what each does); throughput is in documents.
//!
//! Run: `cargo bench -p aii-bench --bench peers` (`scripts/bench-peers.sh` prints the ratios).

#[path = "peers/contenders.rs"]
mod contenders;

use aii_rules::FormKind;
use contenders::Inputs;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    for kind in FormKind::ALL {
        let inputs = Inputs::new(kind);
        let mut g = c.benchmark_group(format!("peers-{}", kind.name()));
        g.throughput(Throughput::Elements(inputs.len() as u64));
        for contender in contenders::ALL {
            g.bench_function(BenchmarkId::from_parameter(contender), |b| b.iter(|| inputs.pass(contender)));
        }
        g.finish();
    }
}

criterion_group!(
    name = peers;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = benches
);
criterion_main!(peers);
