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
        let report = check(kind, &doc, &common::opts_for(kind, Locale::parse(&locale)), None);
        assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
        let field = check_field(kind, &doc, "/unit", &common::opts_for(kind, Locale::parse(&locale)), None);
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

/// What the reader gave before it decided numbers on their digits: `i64` for integer text,
/// else the correctly rounded double (`f64::from_str`), integral ones within ±2^53 as `Int`.
fn std_number(text: &str) -> Option<Value> {
    if !text.contains(['.', 'e', 'E'])
        && let Ok(n) = text.parse::<i64>()
    {
        return Some(Value::from(n));
    }
    let f: f64 = text.parse().ok().filter(|f: &f64| f.is_finite())?;
    Some(if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 { Value::Int(f as i64) } else { Value::Float(f) })
}

#[test]
fn numbers_at_the_rounding_edges_read_as_f64_from_str_reads_them() {
    let mut texts: Vec<String> = [
        "0.99999999999999994448884876874217297881841659545898437", // just below 1 − 2^-54
        "0.999999999999999944488848768742172978818416595458984375", // 1 − 2^-54: ties to 1
        "0.9999999999999999444888487687421729788184165954589843751",
        "0.99999999999999999",
        "1.00000000000000011102230246251565404236316680908203125", // 1 + 2^-53: ties to 1
        "1.000000000000000111022302462515654042363166809082031251",
        "3.0000000000000001",
        "4503599627370495.5",
        "4503599627370496.5",
        "4503599627370497.5",
        "4503599627370496.4999999999999999999",
        "9007199254740991.4999999999",
        "9007199254740991.5",
        "9007199254740990.5",
        "9007199254740991.0000000001",
        "9007199254740992.0",
        "9007199254740993",
        "-9007199254740991.49",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328126e-324",
        "2.47e-324",
        "2.48e-324",
        "4.9e-324",
        "1e-323",
        "9e-325",
        "0.0000000000000000000000000000000000000000001",
        "1e-99999999999999999999999",
        "-1e-400",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "1e308",
        "1e309",
        "1e99999999999999999999999",
        "0e99999999999999999999",
        "-0.0e-5",
        "123456789012345678901234567890",
        "12.5e1",
        "125e-1",
        "0.125e3",
        "100e-2",
        "1000000000000000000000e-21",
        "-12345678901234567e-1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Around every power of two up to 2^53: the halfway points and their neighbours.
    for k in 0..=53u32 {
        let p = 1u64 << k;
        for n in [p.saturating_sub(1), p, p + 1] {
            for frac in ["5", "4999999999999999999999", "5000000000000000000001", "0000000000000001", "9999999999999999", "25", "75"] {
                texts.push(format!("{n}.{frac}"));
                texts.push(format!("-{n}.{frac}"));
            }
        }
    }
    for text in &texts {
        assert_eq!(parse(text, 4).ok(), std_number(text), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20000, ..ProptestConfig::default() })]

    #[test]
    fn any_number_text_reads_as_f64_from_str_reads_it(
        neg in any::<bool>(),
        int in "(0|[1-9][0-9]{0,20})",
        frac in prop::option::of("[0-9]{1,24}"),
        exp in prop::option::of(-40i32..40),
    ) {
        let mut text = format!("{}{int}", if neg { "-" } else { "" });
        if let Some(f) = frac {
            text.push('.');
            text.push_str(&f);
        }
        if let Some(e) = exp {
            text.push_str(&format!("e{e}"));
        }
        prop_assert_eq!(parse(&text, 4).ok(), std_number(&text), "{}", text);
    }
}
