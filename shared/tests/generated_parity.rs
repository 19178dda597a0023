//! Parity at scale, native side. A proptest generator makes plausible forms — the spec's
//! examples with 0–8 edits, each drawing a value that suits the field (identifiers valid or one
//! character off, dates around the rules' limits, numbers around thresholds, texts around their
//! lengths, catalog codes, enumeration values), or blanking, removing, repeating or retyping it,
//! or adding an unknown field. For each form this test checks, natively, that
//! - the widget's serde-free reader reads the document's JSON text to the same value,
//! - the report and a field re-check are written byte-identically by the widget's writer and by
//!   serde_json,
//!
//! and writes the document's text with the expected report texts to
//! `$CARGO_TARGET_TMPDIR/generated-parity.jsonl` (or `PARITY_OUT`), one form a line. The WASM
//! side (`tests/e2e/widget-generated.test.mjs`) runs the same texts through the widget's build
//! and compares byte for byte.
//!
//! `PARITY_FORMS` sets how many (default 1,000; RELIABILITY.md records 12,000+ through
//! `scripts/reliability.sh`), `PARITY_SEED` the seed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;

use aii_rules::{FormKind, Locale, Value, check, check_field, json};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const DEFAULT_FORMS: usize = 1000;
const DEFAULT_SEED: u64 = 0x00a1_1ce5_2027;

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// A USCC with right check characters (GB 11714 inside, GB 32100 outside), written here from
/// the standards' tables rather than taken from the crate under test.
fn uscc_from(head: &str, region: u32, org_body: &str) -> String {
    let org_value = |c: u8| if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
    let sum: u32 = ORG_WEIGHTS.iter().zip(org_body.bytes()).map(|(w, c)| w * org_value(c)).sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap(),
    };
    let body = format!("{head}{region:06}{org_body}{org_check}");
    let sum: u32 = USCC_WEIGHTS.iter().zip(body.bytes()).map(|(w, c)| w * USCC_ALPHABET.iter().position(|&a| a == c).unwrap() as u32).sum();
    format!("{body}{}", USCC_ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

fn resident_from(region: u32, birth: &str, seq: u32) -> String {
    let body = format!("{region:06}{birth}{seq:03}");
    let sum: u32 = RESIDENT_WEIGHTS.iter().zip(body.bytes()).map(|(w, c)| w * u32::from(c - b'0')).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// One character of a text replaced, dropped or doubled: what a typo does.
fn typo(s: String) -> impl Strategy<Value = String> {
    let n = s.chars().count().max(1);
    (0..n, 0..3u8, prop::sample::select(b"0123456789AXIOZ x-".to_vec())).prop_map(move |(i, how, c)| {
        let mut chars: Vec<char> = s.chars().collect();
        if chars.is_empty() {
            return String::new();
        }
        match how {
            0 => chars[i] = c as char,
            1 => {
                chars.remove(i);
            }
            _ => chars.insert(i, chars[i]),
        }
        chars.into_iter().collect()
    })
}

fn uscc() -> impl Strategy<Value = String> {
    let head = prop::sample::select(vec!["91", "92", "12", "11", "52", "51", "Y1", "N2", "31"]);
    let org = "[0-9A-HJ-NP-RTUW-Y]{8}";
    let valid = (head, 110_000u32..660_000, org).prop_map(|(h, r, o)| uscc_from(h, r, &o));
    prop_oneof![
        4 => valid.clone(),
        2 => valid.clone().prop_flat_map(typo),
        1 => valid.clone().prop_map(|s| s.to_ascii_lowercase()),
        1 => valid.prop_map(|s| format!(" {s} ")),
        1 => "[0-9A-Z]{15,19}",
    ]
}

fn date_text(years: std::ops::Range<i32>) -> impl Strategy<Value = String> {
    (years, 1..=12u8, 1..=31u8).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn resident_id() -> impl Strategy<Value = String> {
    let valid = (110_000u32..660_000, 1930..2012i32, 1..=12u8, 1..=28u8, 0..1000u32)
        .prop_map(|(r, y, m, d, s)| resident_from(r, &format!("{y:04}{m:02}{d:02}"), s));
    prop_oneof![
        4 => valid.clone(),
        2 => valid.clone().prop_flat_map(typo),
        1 => valid.prop_map(|s| s.to_ascii_lowercase()),
        1 => (110_000u32..660_000, prop::sample::select(vec!["20300101", "18991231", "19800230", "19801301"]), 0..1000u32)
            .prop_map(|(r, b, s)| resident_from(r, b, s)),
        1 => "[0-9X]{16,19}",
    ]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        "1[3-9][0-9]{9}",
        "0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}",
        "0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}-[0-9]{1,6}",
        "[0-9 -]{5,14}",
        "1[0-2][0-9]{9}",
    ]
}

fn email() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{1,8}@[a-z]{1,8}\\.(edu\\.cn|cn|com)", "[a-z@. ]{0,12}", Just("a@b".to_owned()), Just("@x.cn".to_owned()),]
}

/// Chinese-looking text around the length limits (30, 50, 100 minimums and maximums, 5000).
fn text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "工业互联网实训基地平台安全运营数据网络教学企业合作岗位能力（）A1 ".chars().collect();
    let of_length = move |lengths: Vec<usize>| {
        let chars = chars.clone();
        prop::sample::select(lengths)
            .prop_flat_map(move |n| prop::collection::vec(prop::sample::select(chars.clone()), n))
            .prop_map(|cs| cs.into_iter().collect::<String>())
    };
    prop_oneof![
        12 => of_length(vec![0, 1, 2, 5, 12, 29, 30, 31, 49, 50, 51, 99, 100, 101, 120, 200]),
        1 => of_length(vec![4999, 5000, 5001]),
        1 => Just("   ".to_owned()),
        1 => "\\PC{0,20}",
    ]
}

fn directions() -> Vec<String> {
    let catalog: serde_json::Value = serde_json::from_str(include_str!("../data/directions.json")).unwrap();
    let mut codes = Vec::new();
    collect_codes(&catalog, &mut codes);
    codes.push("nope.nope".into());
    codes
}

fn collect_codes(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(code) = m.get("code").and_then(|c| c.as_str())
                && code.contains('.')
            {
                out.push(code.to_owned());
            }
            m.values().for_each(|x| collect_codes(x, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect_codes(x, out)),
        _ => {}
    }
}

fn number_around(limits: Vec<i64>) -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (prop::sample::select(limits), -2i64..=2).prop_map(|(l, d)| Value::Int(l + d)),
        1 => (-1e7f64..1e7).prop_map(Value::Float),
        1 => any::<i64>().prop_map(Value::Int),
    ]
}

/// A value that suits the field named `key` (the last segment of its pointer, or its list's
/// name for a list item).
fn suited(key: &str, codes: &[String]) -> BoxedStrategy<Value> {
    let s = |st: BoxedStrategy<String>| st.prop_map(Value::Str).boxed();
    let pick = |xs: &[&str]| {
        let xs: Vec<String> = xs.iter().map(|x| (*x).to_owned()).collect();
        s(prop::sample::select(xs).boxed())
    };
    match key {
        "uscc" => s(uscc().boxed()),
        "id_number" => s(resident_id().boxed()),
        "phone" => s(phone().boxed()),
        "email" => s(email().boxed()),
        "postal_code" => s(prop_oneof!["[0-9]{6}", "[0-9]{4,7}", "[0-9a-z]{6}"].boxed()),
        "birth_date" => s(prop_oneof![4 => date_text(1930..2012), 1 => date_text(1900..2030), 1 => Just("1980/01/01".to_owned())].boxed()),
        "term_start" | "term_end" | "effective_date" => s(prop_oneof![4 => date_text(2025..2034), 1 => "[0-9-]{8,11}"].boxed()),
        "kind" => pick(&["enterprise", "university", "vocational_college", "research_institute", "company", ""]),
        "role" => pick(&["director", "deputy_director", "lead", "deep", "participant", "chair"]),
        "relation" => pick(&["responsible", "partner", "sponsor"]),
        "directions" | "current_directions" | "requested_directions" | "direction" => s(prop::sample::select(codes.to_vec()).boxed()),
        "cycle" | "year" => number_around(vec![2020, 2026, 2027, 2028]).boxed(),
        "simultaneous_trainees" | "stations" | "quantity" => number_around(vec![0, 1, 20, 30, 60, 200]).boxed(),
        "site_area_m2" => number_around(vec![0, 300, 500, 1000]).boxed(),
        "annual_funding_cny" => number_around(vec![0, 500_000, 1_000_000, 3_000_000]).boxed(),
        "on_site_months_per_year" => number_around(vec![0, 1, 3, 6, 12]).boxed(),
        "fixed" | "reappointment" | "declaration" => any::<bool>().prop_map(Value::Bool).boxed(),
        _ => s(text().boxed()),
    }
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-1e9f64..1e9).prop_map(Value::Float),
        "\\PC{0,8}".prop_map(Value::Str),
        Just(Value::Array(vec![])),
        Just(Value::Object(vec![])),
        Just(Value::Array(vec![Value::Int(1), Value::Str("x".into())])),
    ]
}

#[derive(Clone, Debug)]
enum Edit {
    /// A value suited to the field.
    Suited,
    Null,
    Remove,
    /// Another JSON type altogether.
    Retype(Value),
    /// The field's list (or the list the field is in) gets a copy of an item.
    Repeat(usize),
    /// An unknown field next to it.
    Unknown(String, Value),
}

fn edit() -> impl Strategy<Value = (prop::sample::Index, Edit)> {
    let op = prop_oneof![
        10 => Just(Edit::Suited),
        2 => Just(Edit::Null),
        2 => Just(Edit::Remove),
        2 => any_value().prop_map(Edit::Retype),
        2 => (1..30usize).prop_map(Edit::Repeat),
        1 => ("[a-z_]{1,10}", any_value()).prop_map(|(k, v)| Edit::Unknown(k, v)),
    ];
    (any::<prop::sample::Index>(), op)
}

/// The key a value at `pointer` belongs to: its own name, or its list's for a list item.
fn key_of(pointer: &str) -> &str {
    let mut segments = pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) { segments.next().unwrap_or("") } else { last }
}

struct Form {
    kind: FormKind,
    locale: &'static str,
    doc: Value,
    /// The pointer of the last edit (or the first field): the field re-checked.
    pointer: String,
}

fn generate(count: usize, seed: u64) -> Vec<Form> {
    let codes = directions();
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let plan = (prop::sample::select(FormKind::ALL.to_vec()), any::<bool>(), prop::collection::vec(edit(), 0..9));
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let (kind, english, edits) = plan.new_tree(&mut runner).expect("a plan").current();
        let mut doc = common::example(kind);
        let mut pointer = String::new();
        for (at, edit) in edits {
            let mut ptrs = Vec::new();
            common::pointers(&doc, String::new(), &mut ptrs);
            if ptrs.is_empty() {
                break;
            }
            let p = at.get(&ptrs).clone();
            match edit {
                Edit::Suited => {
                    let v = suited(key_of(&p), &codes).new_tree(&mut runner).expect("a value").current();
                    doc.set_pointer(&p, v);
                }
                Edit::Null => {
                    doc.set_pointer(&p, Value::Null);
                }
                Edit::Remove => {
                    doc.remove_pointer(&p);
                }
                Edit::Retype(v) => {
                    doc.set_pointer(&p, v);
                }
                Edit::Repeat(times) => {
                    // The list itself, or the list the field is in.
                    let list = if matches!(doc.pointer(&p), Some(Value::Array(_))) {
                        p.clone()
                    } else {
                        p.rsplit_once('/').map(|(parent, _)| parent.to_owned()).unwrap_or_default()
                    };
                    if let Some(Value::Array(items)) = doc.pointer(&list).cloned()
                        && let Some(first) = items.first().cloned()
                    {
                        let mut grown = items;
                        grown.extend(std::iter::repeat_n(first, times));
                        doc.set_pointer(&list, Value::Array(grown));
                    }
                }
                Edit::Unknown(k, v) => {
                    let parent = match doc.pointer(&p) {
                        Some(Value::Object(_)) => p.clone(),
                        _ => p.rsplit_once('/').map(|(parent, _)| parent.to_owned()).unwrap_or_default(),
                    };
                    if matches!(doc.pointer(&parent), Some(Value::Object(_))) {
                        doc.set_pointer(&format!("{parent}/{}", json::escape_segment(&k)), v);
                    }
                }
            }
            pointer = p;
        }
        if pointer.is_empty() {
            pointer = "/unit".into();
        }
        // As a client sends it: JSON text (an integer past 2^53 is read back as a float).
        let doc = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        out.push(Form { kind, locale: if english { "en" } else { "zh-CN" }, doc, pointer });
    }
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().map_or(default, |v| v.replace('_', "").parse().unwrap_or_else(|_| panic!("{name} must be a number")))
}

#[test]
fn generated_forms_read_and_write_alike_and_are_written_for_the_wasm_side() {
    let count = env_number("PARITY_FORMS", DEFAULT_FORMS as u64) as usize;
    let seed = env_number("PARITY_SEED", DEFAULT_SEED);
    let forms = generate(count, seed);
    let path = std::env::var("PARITY_OUT").unwrap_or_else(|_| format!("{}/generated-parity.jsonl", env!("CARGO_TARGET_TMPDIR")));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("the parity file"));
    let (mut valid, mut issues) = (0usize, 0usize);
    let mut rules = std::collections::BTreeSet::new();
    for (n, f) in forms.iter().enumerate() {
        let opts = common::opts_for(f.kind, Locale::parse(f.locale));
        let text = serde_json::to_string(&f.doc).unwrap();
        assert_eq!(json::parse(&text, 32).as_ref(), Ok(&f.doc), "form {n}: the widget's reader and serde_json read it otherwise");
        let report = check(f.kind, &f.doc, &opts, None);
        let report_text = report.to_json();
        assert_eq!(report_text, serde_json::to_string(&report).unwrap(), "form {n}: the report is written otherwise");
        let field = check_field(f.kind, &f.doc, &f.pointer, &opts, None);
        let field_text = field.to_json();
        assert_eq!(field_text, serde_json::to_string(&field).unwrap(), "form {n}: the field report is written otherwise");
        valid += usize::from(report.valid);
        issues += report.issues.len();
        rules.extend(report.issues.iter().map(|i| i.rule.clone()));
        let line = serde_json::json!({
            "kind": f.kind.name(), "locale": f.locale, "today": common::today_for(f.kind), "doc": text,
            "pointer": f.pointer, "report": report_text, "field": field_text,
        });
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
    eprintln!(
        "{count} generated forms (seed {seed:#x}): {valid} valid, {issues} issues of {} distinct rules; written to {path}",
        rules.len()
    );
    // The generator is worth its name only if it reaches most rules, and both verdicts.
    if count >= 1000 {
        assert!(valid > count / 50 && valid < count * 9 / 10, "{valid} of {count} valid");
        assert!(rules.len() >= 40, "only {} rules reached: {rules:?}", rules.len());
    }
}
