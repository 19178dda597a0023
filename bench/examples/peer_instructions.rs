//! Issue 7, native, by instruction counts: one contender's pass over one form's corpus, for
//! `valgrind --tool=callgrind --toggle-collect='*measured_pass*'` (`scripts/bench-peers.sh`,
//! part `instructions`). Criterion's throughput for jsonschema-rs moved by up to 40 % between
//! runs on the benchmark machine; an instruction count is the same in every run, so the ratio
//! of two counts is a repeatable measure of the work each does (not of time: it ignores cache
//! misses and the instructions' costs).
//!
//! Usage: `peer_instructions <form> <contender>`, the contenders being the criterion
//! benchmark's (`benches/peers/contenders.rs`). Everything is prepared, then one pass runs
//! uncounted (warming the allocator and any lazy state), then `measured_pass` runs the same
//! pass: only it is counted. Prints the number of documents and the pass's checksum.

#[path = "../benches/peers/contenders.rs"]
mod contenders;

use aii_rules::FormKind;
use contenders::Inputs;

/// The counted pass (callgrind's `--toggle-collect` names it).
#[inline(never)]
fn measured_pass(inputs: &Inputs, contender: &str) -> usize {
    inputs.pass(contender)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, form, contender] = &args[..] else {
        eprintln!("usage: peer_instructions <form> <contender>");
        std::process::exit(2);
    };
    let kind = FormKind::parse(form).unwrap_or_else(|| panic!("no form {form}"));
    assert!(contenders::ALL.contains(&contender.as_str()), "no contender {contender}: one of {:?}", contenders::ALL);
    let inputs = Inputs::new(kind);
    let warm = inputs.pass(contender);
    let counted = measured_pass(&inputs, contender);
    assert_eq!(warm, counted, "the same pass twice");
    println!("docs={} result={counted}", inputs.len());
}
