//! Fixtures shared by the integration tests: the spec's valid examples, patching by JSON
//! Pointer, and the fixed "today" every test uses.
#![allow(dead_code)]

use aii_rules::{Date, FormKind, Locale, Options, Value};

pub const TODAY: &str = "2027-03-01";
/// The day evaluations are checked on: the example's period, 2027–2029, is over then
/// (Art. 23's 前三年: `art23.period` wants its last year before the current one).
pub const EVALUATION_TODAY: &str = "2030-03-01";

pub fn opts(locale: Locale) -> Options {
    Options { locale, today: Date::parse(TODAY).unwrap() }
}

/// The tests' today for a form kind: [`TODAY`], or [`EVALUATION_TODAY`] for an evaluation.
pub fn today_for(kind: FormKind) -> &'static str {
    if kind == FormKind::Evaluation { EVALUATION_TODAY } else { TODAY }
}

/// [`opts`] on the kind's today ([`today_for`]).
pub fn opts_for(kind: FormKind, locale: Locale) -> Options {
    Options { locale, today: Date::parse(today_for(kind)).unwrap() }
}

pub fn example_text(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Application => include_str!("../../spec/examples/application.valid.json"),
        FormKind::DirectorAppointment => {
            include_str!("../../spec/examples/director_appointment.valid.json")
        }
        FormKind::DirectionChange => {
            include_str!("../../spec/examples/direction_change.valid.json")
        }
        FormKind::AnnualAssessment => include_str!("../../spec/examples/annual_assessment.valid.json"),
        FormKind::Evaluation => include_str!("../../spec/examples/evaluation.valid.json"),
        FormKind::TrainingPlan => include_str!("../../spec/examples/training_plan.valid.json"),
    }
}

pub fn example(kind: FormKind) -> Value {
    serde_json::from_str(example_text(kind)).unwrap()
}

/// A patch value: JSON text, or `repeat:<char>:<n>` for a string of n chars.
pub fn value_of(spec: &str) -> Value {
    if let Some(rest) = spec.strip_prefix("repeat:") {
        let (c, n) = rest.split_once(':').unwrap();
        return Value::Str(c.repeat(n.parse().unwrap()));
    }
    serde_json::from_str(spec).unwrap_or_else(|e| panic!("bad patch value {spec}: {e}"))
}

/// The example of `kind` with each `(pointer, value)` set.
pub fn patched(kind: FormKind, set: &[(&str, &str)]) -> Value {
    let mut doc = example(kind);
    for (ptr, v) in set {
        assert!(doc.set_pointer(ptr, value_of(v)), "cannot set {ptr}");
    }
    doc
}

/// FNV-1a 64 of a report's JSON text: the parity files store this, not whole reports.
pub fn fnv64(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

pub const CORPUS: &str = include_str!("../parity/corpus.jsonl");
pub const GOLDEN: &str = include_str!("../parity/golden.txt");

/// One corpus line: `{"kind": …, "locale": …, "set": [[pointer, value], …]}` applied to the
/// kind's example. Returns the kind, the locale tag and the document.
pub fn corpus_entry(line: &str) -> (FormKind, String, Value) {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let kind = FormKind::parse(v["kind"].as_str().unwrap()).unwrap();
    let mut doc = example(kind);
    for pair in v["set"].as_array().unwrap() {
        let value: Value = serde_json::from_value(pair[1].clone()).unwrap();
        doc.set_pointer(pair[0].as_str().unwrap(), value);
    }
    (kind, v["locale"].as_str().unwrap().to_owned(), doc)
}

/// Every pointer in a document: objects, arrays and leaves, in document order.
pub fn pointers(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(entries) => {
            for (k, x) in entries {
                let p = format!("{path}/{k}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let p = format!("{path}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}
