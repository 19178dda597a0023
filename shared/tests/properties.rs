//! Property tests: any JSON value, for any form kind, yields a report and never panics;
//! reports are deterministic; and re-checking one field, merged into the previous report, gives
//! exactly what a full check gives (which proves every rule declares all the fields it reads).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aii_rules::{FormKind, Locale, Value, check, check_field};
use proptest::prelude::*;

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-1e6f64..1e6).prop_map(Value::Float),
        "\\PC{0,12}".prop_map(Value::Str),
        prop::sample::select(vec![
            "2027-09-01",
            "1966-02-29",
            "12310104729436482D",
            "network.implementation",
            "university",
            "director",
            "  "
        ])
        .prop_map(|s| Value::Str(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop::sample::select(vec![
            "cycle",
            "unit",
            "name",
            "uscc",
            "kind",
            "partners",
            "directions",
            "facilities",
            "equipment",
            "instructors",
            "birth_date",
            "fixed",
            "role",
            "recommenders",
            "term_start",
            "term_end",
            "appointee",
            "requested_directions",
            "reason",
            "x",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            // Keys are unique, as in any parsed document.
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn kinds() -> impl Strategy<Value = FormKind> {
    prop::sample::select(FormKind::ALL.to_vec())
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "null", "\"\"", "\"x\"", "0", "1", "12", "20", "100", "true", "false", "[]", "{}", "\"1966-09-01\"", "\"2030-08-31\"",
            "\"2027-02-30\"", "\"1950-01-01\"", "\"2040-01-01\"", "\"network.implementation\"", "\"data.operations\"", "\"enterprise\"", "\"partner\"", "\"director\"",
            "\"92310104MA1K3X7P2G\"", "\"12310104729436482D\"", "\"913101153756893422\"", "\"110105197212020017\"", "\"lead\"",
            "\"participant\"", "[\"network.implementation\"]", "[{\"name\":\"x\"}]",
        ])
        .prop_map(common::value_of),
        1 => any_json(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn any_json_yields_a_deterministic_report(kind in kinds(), doc in any_json()) {
        let opts = common::opts(Locale::Zh);
        let a = check(kind, &doc, &opts, None);
        let b = check(kind, &doc.clone(), &opts, None);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        prop_assert_eq!(a.valid, !a.issues.iter().any(|i| i.severity == aii_rules::Severity::Error));
        for i in &a.issues {
            prop_assert!(!i.message.contains('{'), "unfilled message {}", i.message);
        }
    }

    #[test]
    fn the_walk_under_a_pointer_finds_what_the_whole_walk_finds_there(kind in kinds(), doc in any_json(), pick in any::<prop::sample::Index>()) {
        use aii_rules::shape::{validate, validate_under};
        let mut ptrs = vec![
            String::new(), "/".into(), "unit".into(), "/unit/extra".into(), "/instructors/01".into(), "/instructors/-".into(),
            "/x~1y".into(), "/x~0y".into(), "/x~2y".into(), "/partners/0/uscc".into(), "/facilities/equipment/0/x".into(),
        ];
        common::pointers(&doc, String::new(), &mut ptrs);
        let pointer = pick.get(&ptrs);
        let mut all = Vec::new();
        validate(&doc, kind.shape(), &mut String::new(), &mut all);
        all.retain(|i| aii_rules::engine::path_under(&i.path, pointer));
        let mut under = Vec::new();
        validate_under(&doc, kind.shape(), pointer, &mut under);
        prop_assert_eq!(under, all, "pointer {:?}", pointer);
    }

    #[test]
    fn a_field_recheck_merged_equals_a_full_check(
        kind in kinds(),
        earlier in prop::collection::vec((any::<prop::sample::Index>(), replacement()), 0..4),
        pick in any::<prop::sample::Index>(),
        value in replacement(),
    ) {
        let opts = common::opts(Locale::Zh);
        // A draft somewhere between the example and anything: a few earlier edits.
        let mut before = common::example(kind);
        for (at, v) in earlier {
            let mut ptrs = Vec::new();
            common::pointers(&before, String::new(), &mut ptrs);
            if !ptrs.is_empty() {
                let p = at.get(&ptrs).clone();
                before.set_pointer(&p, v);
            }
        }
        let mut ptrs = Vec::new();
        common::pointers(&before, String::new(), &mut ptrs);
        prop_assume!(!ptrs.is_empty());
        let pointer = pick.get(&ptrs).clone();
        let mut after = before.clone();
        prop_assert!(after.set_pointer(&pointer, value));
        let mut merged = check(kind, &before, &opts, None);
        check_field(kind, &after, &pointer, &opts, None).merge_into(&mut merged);
        let full = check(kind, &after, &opts, None);
        prop_assert_eq!(serde_json::to_string(&merged).unwrap(), serde_json::to_string(&full).unwrap(), "pointer {}", pointer);
        prop_assert_eq!(merged.valid, full.valid);
    }
}
