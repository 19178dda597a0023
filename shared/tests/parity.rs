//! Parity, native side: the fixture corpus (`parity/corpus.jsonl`, patches of the spec's
//! examples) gives reports whose JSON text hashes to `parity/golden.txt`. The WASM side
//! (`wasm_parity.rs`, in headless Chromium) checks the same corpus through the wasm-bindgen
//! exports against the same file, so the two builds agree byte for byte.
//!
//! After a deliberate change of rules or messages: `UPDATE_GOLDEN=1 cargo test -p aii-rules --test parity`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aii_rules::{FormKind, Locale, check};

const POOL: &[&str] = &[
    "null",
    "\"\"",
    "\"  \"",
    "\"x\"",
    "0",
    "-1",
    "1",
    "2",
    "12",
    "19",
    "20",
    "61",
    "100",
    "5000",
    "true",
    "false",
    "[]",
    "{}",
    "1.5",
    "\"1966-09-01\"",
    "\"1968-02-29\"",
    "\"2027-09-01\"",
    "\"2030-08-31\"",
    "\"2031-02-30\"",
    "\"2040-01-01\"",
    "\"network.planning\"",
    "\"data.operations\"",
    "\"nope.nope\"",
    "\"enterprise\"",
    "\"university\"",
    "\"company\"",
    "\"partner\"",
    "\"responsible\"",
    "\"director\"",
    "\"deputy_director\"",
    "\"lead\"",
    "\"participant\"",
    "\"92310104MA1K3X7P2G\"",
    "\"12310104729436482D\"",
    "\"913101153756893422\"",
    "\"91310115778899002r\"",
    "\"12310104729436482E\"",
    "\"110105197212020017\"",
    "\"11010519491231002x\"",
    "\"13812345678\"",
    "\"021-6400\"",
    "\"a@b\"",
    "\"长三角实训基地\"",
    "\"（）\"",
    "\"工业互联网安全运营岗位能力研究工业互联网安全运营岗位能力研究\"",
    "[\"network.implementation\",\"network.implementation\"]",
    "[{\"name\":\"x\",\"quantity\":1,\"stations\":5}]",
    "[{\"name\":\"甲\",\"uscc\":\"91310115778899002R\",\"relation\":\"partner\"}]",
    "2026",
    "2029",
    "101",
    "\"fail\"",
    "\"excellent\"",
    "[\"重大违规事项\"]",
    "[{\"year\":2027,\"planned_tasks\":3,\"completed_tasks\":4}]",
];

/// xorshift64*: a deterministic generator, so the corpus is reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// 1,000 entries (200 per form): each example as is, then 0–6 random edits of existing or new fields.
fn generate() -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = String::new();
    for n in 0..1000 {
        let kind = FormKind::ALL[n % FormKind::ALL.len()];
        let locale = if n % 2 == 0 { "zh-CN" } else { "en" };
        let mut doc = common::example(kind);
        let mut set = Vec::new();
        for _ in 0..(if n < 10 { 0 } else { 1 + rng.below(6) }) {
            let mut ptrs = Vec::new();
            common::pointers(&doc, String::new(), &mut ptrs);
            let mut p = ptrs[rng.below(ptrs.len())].clone();
            if rng.below(20) == 0 {
                p.push_str("/extra");
            }
            let v = POOL[rng.below(POOL.len())];
            if doc.set_pointer(&p, common::value_of(v)) {
                set.push(format!("[{},{v}]", serde_json::to_string(&p).unwrap()));
            }
        }
        out.push_str(&format!("{{\"kind\":\"{}\",\"locale\":\"{locale}\",\"set\":[{}]}}\n", kind.name(), set.join(",")));
    }
    out
}

#[test]
fn corpus_reports_match_the_golden_hashes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/parity");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let corpus = if update { generate() } else { common::CORPUS.to_owned() };
    let mut hashes = String::new();
    for line in corpus.lines() {
        let (kind, locale, doc) = common::corpus_entry(line);
        let report = check(kind, &doc, &common::opts_for(kind, Locale::parse(&locale)), None);
        hashes.push_str(&format!("{:016x}\n", common::fnv64(&serde_json::to_string(&report).unwrap())));
    }
    if update {
        std::fs::write(format!("{dir}/corpus.jsonl"), &corpus).unwrap();
        std::fs::write(format!("{dir}/golden.txt"), &hashes).unwrap();
        return;
    }
    assert_eq!(corpus.lines().count(), 1000, "the corpus is missing: run with UPDATE_GOLDEN=1");
    for (i, (got, want)) in hashes.lines().zip(common::GOLDEN.lines()).enumerate() {
        assert_eq!(
            got,
            want,
            "corpus line {} gives a different report than recorded; if the change is deliberate, run with UPDATE_GOLDEN=1",
            i + 1
        );
    }
    assert_eq!(hashes.lines().count(), common::GOLDEN.lines().count());
}

#[test]
fn the_generator_reproduces_the_committed_corpus() {
    assert_eq!(generate(), common::CORPUS, "parity/corpus.jsonl is stale: run with UPDATE_GOLDEN=1");
}
