//! The exported JSON Schemas against the rules: never stricter (every document the rules find
//! valid passes the schema, the spec's examples first), and they reject what is structurally
//! broken. Also proves the corpus is what its labels say.

use aii_bench::corpus::{self, Intent};
use aii_bench::schema::json_schema_value;
use aii_rules::{Date, FormKind, Locale, Options, Value, check};
use serde_json::json;

fn validator(kind: FormKind) -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema_value(kind)).expect("the schema compiles")
}

fn opts(kind: FormKind) -> Options {
    Options { locale: Locale::En, today: Date::parse(corpus::today_for(kind)).unwrap() }
}

fn ours(kind: FormKind, doc: &serde_json::Value) -> aii_rules::Report {
    let value: Value = serde_json::from_value(doc.clone()).unwrap();
    check(kind, &value, &opts(kind), None)
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn example(kind: FormKind, dir: &str) -> Option<serde_json::Value> {
    let path = format!("{dir}/{}.valid.json", kind.name());
    std::fs::read_to_string(path).ok().map(|t| serde_json::from_str(&t).unwrap())
}

#[test]
fn the_spec_examples_pass_the_schemas() {
    let root = env!("CARGO_MANIFEST_DIR");
    // The project's copy, and the spec itself when it is beside the project.
    for dir in [format!("{root}/../shared/spec/examples"), format!("{root}/../../shared/spec/examples")] {
        for kind in FormKind::ALL {
            let Some(doc) = example(kind, &dir) else { continue };
            assert!(ours(kind, &doc).valid, "{dir}: the rules accept the {} example", kind.name());
            let errs = errors(&validator(kind), &doc);
            assert!(errs.is_empty(), "{dir}: {} example fails its schema: {errs:?}", kind.name());
        }
    }
    assert!(example(FormKind::Application, &format!("{root}/../shared/spec/examples")).is_some());
}

#[test]
fn the_schemas_reject_structurally_broken_documents() {
    let root = env!("CARGO_MANIFEST_DIR");
    let app = example(FormKind::Application, &format!("{root}/../shared/spec/examples")).unwrap();
    let v = validator(FormKind::Application);
    let broken = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = app.clone();
        f(&mut d);
        d
    };
    let cases = [
        ("not an object", json!([1, 2])),
        ("number where text belongs", broken(&|d| d["unit"]["name"] = json!(42))),
        ("text where a number belongs", broken(&|d| d["facilities"]["simultaneous_trainees"] = json!("60"))),
        ("unknown field", broken(&|d| d["unit"]["nmae"] = json!("x"))),
        ("unknown field at the root", broken(&|d| d["declartion"] = json!(true))),
        ("name too long", broken(&|d| d["contact"]["name"] = json!("王".repeat(101)))),
        ("free text too long", broken(&|d| d["positioning"] = json!("字".repeat(5001)))),
        ("list too long", broken(&|d| d["related_majors"] = json!(vec!["x"; 201]))),
        ("required field missing", broken(&|d| _ = d.as_object_mut().unwrap().remove("declaration"))),
        ("required field null", broken(&|d| d["unit"]["uscc"] = serde_json::Value::Null)),
        ("outside an enumeration", broken(&|d| d["unit"]["kind"] = json!("company"))),
        ("date format", broken(&|d| d["instructors"][0]["birth_date"] = json!("1975/09/10"))),
        ("too few instructors", broken(&|d| d["instructors"].as_array_mut().unwrap().truncate(2))),
        ("capacity below the minimum", broken(&|d| d["facilities"]["simultaneous_trainees"] = json!(12))),
        ("postal code pattern", broken(&|d| d["unit"]["postal_code"] = json!("2000"))),
        ("unknown direction", broken(&|d| d["directions"][0] = json!("no.such.direction"))),
    ];
    for (what, doc) in cases {
        assert!(!v.is_valid(&doc), "the schema accepts a document with: {what}");
        assert!(!ours(FormKind::Application, &doc).valid, "the rules accept a document with: {what}");
    }
}

#[test]
fn the_corpus_is_what_its_labels_say_and_the_schemas_are_never_stricter_than_the_rules() {
    for kind in FormKind::ALL {
        let v = validator(kind);
        let cases = corpus::corpus(kind);
        assert_eq!(cases.len(), corpus::DOCS_PER_FORM);
        let (mut valid, mut structural, mut rules_only) = (0, 0, 0);
        for (i, case) in cases.iter().enumerate() {
            let report = ours(kind, &case.doc);
            let schema_errors = errors(&v, &case.doc);
            if report.valid {
                assert!(schema_errors.is_empty(), "{} #{i}: the rules accept it, the schema refuses: {schema_errors:?}", kind.name());
            }
            match &case.intent {
                Intent::Valid => {
                    let issues: Vec<_> = report.issues.iter().filter(|i| i.severity != aii_rules::Severity::Info).collect();
                    assert!(report.valid && issues.is_empty(), "{} #{i} is meant valid: {issues:?}", kind.name());
                    valid += 1;
                }
                Intent::Invalid { structural: s, mutations } => {
                    assert!(!report.valid, "{} #{i} ({mutations:?}) is meant invalid", kind.name());
                    if *s {
                        assert!(!schema_errors.is_empty(), "{} #{i} ({mutations:?}): the schema accepts it", kind.name());
                        structural += 1;
                    } else {
                        rules_only += 1;
                    }
                }
            }
        }
        // Both halves, and both kinds of invalid document, are there in numbers.
        assert_eq!(valid, corpus::DOCS_PER_FORM / 2);
        assert!(structural >= 150 && rules_only >= 40, "{}: {structural} structural, {rules_only} rules only", kind.name());
    }
}

#[test]
fn the_corpus_is_deterministic() {
    for kind in FormKind::ALL {
        let a: Vec<_> = corpus::generate(kind, 20, corpus::SEED).into_iter().map(|c| corpus::to_text(&c.doc)).collect();
        let b: Vec<_> = corpus::generate(kind, 20, corpus::SEED).into_iter().map(|c| corpus::to_text(&c.doc)).collect();
        assert_eq!(a, b);
    }
}

/// The server benchmark's many units: each the spec's application, valid, with a unit of its own.
#[test]
fn the_application_units_are_valid_and_each_of_its_own_unit() {
    let units = corpus::application_units();
    assert_eq!(units.len(), corpus::UNITS);
    let mut usccs = std::collections::HashSet::new();
    for (i, doc) in units.iter().enumerate() {
        let report = ours(FormKind::Application, doc);
        assert!(report.valid, "#{i}: {:?}", report.issues);
        assert!(usccs.insert(doc["unit"]["uscc"].as_str().unwrap().to_owned()), "#{i}: a unit twice");
    }
}
