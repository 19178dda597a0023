//! The whole-form check natively over a corpus file (one JSON document a line, as
//! `bench-corpus` writes them), for profiling (`perf record`, BENCHMARKS.md): reads every
//! document once, then checks them all N times and prints the mean per document of each stage.
//!
//! `cargo run --release -p aii-rules --example corpus -- target/bench-peers/corpus/application.jsonl application 2027-03-01 [N]`
use aii_rules::{Date, FormKind, Locale, Options, check, json, shape};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (file, kind, today) = (args.next().unwrap(), args.next().unwrap(), args.next().unwrap());
    let rounds: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(20);
    let kind = FormKind::parse(&kind).unwrap();
    let texts: Vec<String> = std::fs::read_to_string(file).unwrap().lines().map(String::from).collect();
    let opts = Options { locale: Locale::Zh, today: Date::parse(&today).unwrap() };
    let t = Instant::now();
    let docs: Vec<_> = (0..rounds).flat_map(|_| texts.iter().map(|s| json::parse(s, 32).unwrap())).collect();
    let parse = t.elapsed().as_secs_f64() / docs.len() as f64;
    let t = Instant::now();
    let mut walk_issues = 0;
    for d in &docs {
        let mut out = Vec::new();
        shape::validate(d, kind.shape(), &mut String::new(), &mut out);
        walk_issues += out.len();
    }
    let walk = t.elapsed().as_secs_f64() / docs.len() as f64;
    let t = Instant::now();
    let mut issues = 0;
    for d in &docs {
        issues += check(kind, d, &opts, None).issues.len();
    }
    let full = t.elapsed().as_secs_f64() / docs.len() as f64;
    println!(
        "{} docs: parse {:.2} µs, shape walk {:.2} µs, check {:.2} µs per doc ({} issues, {} from the walk)",
        texts.len(),
        parse * 1e6,
        walk * 1e6,
        full * 1e6,
        issues / rounds,
        walk_issues / rounds
    );
}
