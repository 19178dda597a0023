//! The contenders of issue 7's native comparison, written once: the criterion benchmark
//! (`benches/peers.rs`) times their passes, `examples/peer_instructions.rs` counts their
//! instructions. One pass runs a contender over a whole form's corpus (1,000 documents, half
//! invalid) and returns a checksum of issue counts.
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

use aii_bench::corpus;
use aii_bench::schema::json_schema_value;
use aii_rules::{Date, FormKind, Locale, Options, Value, check, json, shape};
use std::hint::black_box;

/// Every contender, in the order the benchmark runs them.
pub const ALL: [&str; 6] =
    ["aii_check", "jsonschema_all_errors", "jsonschema_is_valid", "aii_structural_only", "aii_parse_check", "jsonschema_parse_all_errors"];

/// One form's corpus in every shape the contenders take, and the peer's compiled validator.
pub struct Inputs {
    pub kind: FormKind,
    opts: Options,
    texts: Vec<String>,
    serde_docs: Vec<serde_json::Value>,
    our_docs: Vec<Value>,
    validator: jsonschema::Validator,
}

impl Inputs {
    pub fn new(kind: FormKind) -> Inputs {
        let cases = corpus::corpus(kind);
        let texts: Vec<String> = cases.iter().map(|c| corpus::to_text(&c.doc)).collect();
        Inputs {
            kind,
            opts: Options { locale: Locale::Zh, today: Date::parse(corpus::today_for(kind)).expect("a date") },
            our_docs: texts.iter().map(|t| json::parse(t, 32).expect("the corpus is JSON")).collect(),
            serde_docs: cases.into_iter().map(|c| c.doc).collect(),
            validator: jsonschema::validator_for(&json_schema_value(kind)).expect("the schema compiles"),
            texts,
        }
    }

    /// The number of documents in a pass.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// One pass of `contender` (one of [`ALL`]) over the corpus.
    pub fn pass(&self, contender: &str) -> usize {
        let (kind, opts) = (self.kind, &self.opts);
        match contender {
            "aii_check" => self.our_docs.iter().map(|d| check(kind, black_box(d), opts, None).issues.len()).sum(),
            "jsonschema_all_errors" => self.serde_docs.iter().map(|d| self.validator.iter_errors(black_box(d)).count()).sum(),
            "jsonschema_is_valid" => self.serde_docs.iter().filter(|d| self.validator.is_valid(black_box(d))).count(),
            "aii_structural_only" => self
                .our_docs
                .iter()
                .map(|d| {
                    let mut issues = Vec::new();
                    shape::validate(black_box(d), kind.shape(), &mut String::new(), &mut issues);
                    issues.len()
                })
                .sum(),
            "aii_parse_check" => self
                .texts
                .iter()
                .map(|t| match json::parse(black_box(t), 32) {
                    Ok(d) => check(kind, &d, opts, None).issues.len(),
                    Err(_) => 1,
                })
                .sum(),
            "jsonschema_parse_all_errors" => self
                .texts
                .iter()
                .map(|t| {
                    let d: serde_json::Value = serde_json::from_str(black_box(t)).expect("the corpus is JSON");
                    self.validator.iter_errors(&d).count()
                })
                .sum(),
            other => panic!("no contender {other}"),
        }
    }
}
