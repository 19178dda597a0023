//! The serde-free JSON reader and writers agree with serde_json: the same text gives the same
//! `Value` (or both refuse it), and reports written by hand are byte-identical to serde_json's.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aii_rules::json::{ParseError, parse};
use aii_rules::{Locale, Value, check, check_field};
use proptest::prelude::*;

fn serde(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

#[test]
fn corpus_documents_read_alike_and_reports_write_alike() {
    for line in common::CORPUS.lines() {
        let (kind, locale, doc) = common::corpus_entry(line);
        let text = serde_json::to_string(&doc).unwrap();
        assert_eq!(parse(&text, 64).unwrap(), doc);
        let pretty = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(parse(&pretty, 64).unwrap(), doc);
        let report = check(kind, &doc, &common::opts(Locale::parse(&locale)), None);
        assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
        let field = check_field(kind, &doc, "/unit", &common::opts(Locale::parse(&locale)), None);
        assert_eq!(field.to_json(), serde_json::to_string(&field).unwrap());
    }
}

#[test]
fn edge_cases() {
    for text in [
        "0",
        "-0",
        "40.0",
        "4e1",
        "1.5",
        "-12",
        "1e400x",
        "9007199254740993",
        "18446744073709551616",
        "1E2",
        "[1,2,]",
        "{\"a\":1,}",
        "{\"a\":1,\"a\":2}",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"a\\u0000b\"",
        "\"\u{1}\"",
        "01",
        "-",
        "1.",
        ".5",
        "[]",
        "{}",
        " true ",
        "nul",
        "\"\\x\"",
        "[1 2]",
        "{\"a\" 1}",
        "\"\\/\"",
        "1e-400",
        "-1.0e2",
    ] {
        let ours = parse(text, 64).ok();
        assert_eq!(ours, serde(text), "{text:?}");
    }
    assert_eq!(parse(&"[".repeat(40), 32), Err(ParseError::TooDeep));
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(|f| serde_json::from_str::<Value>(&f.to_string()).unwrap()),
        any::<String>().prop_map(Value::Str),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn any_document_round_trips(v in any_json()) {
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(parse(&text, 64).unwrap(), v);
    }

    #[test]
    fn any_text_is_read_as_serde_json_reads_it(text in "[\\[\\]{}\",:0-9a-z.eE+\\- \\\\u]{0,24}") {
        prop_assert_eq!(parse(&text, 128).ok(), serde(&text), "{:?}", text);
    }

    #[test]
    fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
        let mut ours = String::new();
        aii_rules::json::write_str(&mut ours, &s);
        prop_assert_eq!(ours, serde_json::to_string(&s).unwrap());
    }
}

#[test]
fn the_catalogue_writes_alike() {
    assert_eq!(aii_rules::catalog::catalog_json(), serde_json::to_string(&aii_rules::catalog()).unwrap());
}
