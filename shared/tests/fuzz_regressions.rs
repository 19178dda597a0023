//! Regression tests for what fuzzing found (the libFuzzer targets in `fuzz/`, schemathesis
//! against the server; RELIABILITY.md), each with the smallest input that showed it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aii_rules::{FormKind, Locale, Value, check, check_field, json};

/// fuzz/application: a 28-digit integer. serde_json's default float parser is off by one ulp
/// there; `JSON.parse` and our reader round correctly. The workspace enables serde_json's
/// `float_roundtrip`, so the server reads the number the browser does.
#[test]
fn long_numbers_read_to_the_nearest_double_on_both_sides() {
    for (text, nearest) in [
        ("2222222222222222222222222222", 2.222_222_222_222_222e27),
        ("[2222222222222222222222222222]", 2.222_222_222_222_222e27),
        ("0.30000000000000004441", 0.300_000_000_000_000_04),
        ("9007199254740993", 9_007_199_254_740_992.0),
    ] {
        let ours = json::parse(text, 32).unwrap();
        let serde: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, serde, "{text}");
        let n = match ours {
            Value::Array(items) => items[0].clone(),
            v => v,
        };
        assert_eq!(n, Value::Float(nearest), "{text}");
    }
}

/// fuzz/application: a document that is not an object. The re-check of a field inside it gave
/// the root's `input.type` issue again, so merging it into the report doubled that issue.
#[test]
fn a_field_recheck_of_a_non_object_speaks_only_for_its_field() {
    let opts = common::opts(Locale::En);
    for text in ["[1]", "[{\"unit\":1}]", "\"x\""] {
        let doc = json::parse(text, 32).unwrap();
        for kind in FormKind::ALL {
            let full = check(kind, &doc, &opts, None);
            assert_eq!(full.issues.len(), 1);
            let field = check_field(kind, &doc, "/0", &opts, None);
            assert!(field.issues.is_empty(), "{text}: {:?}", field.issues);
            let mut merged = full.clone();
            field.merge_into(&mut merged);
            assert_eq!(serde_json::to_string(&merged).unwrap(), serde_json::to_string(&full).unwrap());
            // The root's own re-check still says it.
            assert_eq!(check_field(kind, &doc, "", &opts, None).issues.len(), 1);
        }
    }
}

/// schemathesis, GET /api/v1/admin/export.csv?locale=0%C2%80: a locale tag whose second byte is
/// inside a character panicked (`tag[..2]`), which closed the connection without an answer on
/// the server and would abort the widget's WASM module (`checkJson(kind, json, "0\u0080")`).
#[test]
fn a_locale_tag_of_any_text_is_read_without_panicking() {
    use aii_rules::Locale;
    for (tag, locale) in [
        ("0\u{80}", Locale::Zh),
        ("é", Locale::Zh),
        ("e\u{301}n", Locale::Zh),
        ("中文", Locale::Zh),
        ("", Locale::Zh),
        ("e", Locale::Zh),
        ("en", Locale::En),
        ("EN-gb", Locale::En),
        ("zh-CN", Locale::Zh),
    ] {
        assert_eq!(Locale::parse(tag), locale, "{tag:?}");
    }
}
