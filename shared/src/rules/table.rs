//! The rules' table tests: each family declares its cases beside its rules (`cases::CASES`, in
//! the language of `case`), and this module runs them, requires a passing and a failing case
//! for every rule, and holds the properties that span the rules.
#![allow(clippy::unwrap_used)]

use super::case::*;

/// Every family's cases.
static FAMILIES: [&[Case]; 8] = [
    super::common::cases::CASES,
    super::application::cases::CASES,
    super::cycle::cases::CASES,
    super::director::cases::CASES,
    super::direction_change::cases::CASES,
    super::annual::cases::CASES,
    super::evaluation::cases::CASES,
    super::plan::cases::CASES,
];

pub(crate) fn all_cases() -> impl Iterator<Item = &'static Case> {
    FAMILIES.iter().flat_map(|f| f.iter())
}

/// Runs one case: the issues of `rule` are exactly the expected ones.
pub fn run(c: &Case) {
    let doc = common::patched(c.kind, c.set);
    let ctx = c.ctx.map(|f| f());
    for locale in [Locale::Zh, Locale::En] {
        let report = check(c.kind, &doc, &common::opts_for(c.kind, locale), ctx.as_ref());
        let mut got: Vec<(String, Severity)> =
            report.issues.iter().filter(|i| i.rule == c.rule).map(|i| (i.path.clone(), i.severity)).collect();
        got.sort();
        let mut want: Vec<(String, Severity)> = match c.expect {
            Pass => vec![],
            Fail(list) => list.iter().map(|(p, s)| (p.to_string(), *s)).collect(),
        };
        want.sort();
        assert_eq!(got, want, "rule {} on {:?} with {:?}\nreport: {:#?}", c.rule, c.kind, c.set, report.issues);
        for i in report.issues.iter().filter(|i| i.rule == c.rule) {
            assert!(!i.message.is_empty() && !i.message.contains('{'), "unfilled message {:?}", i.message);
            // RULES.md: the generic ids cite no article; every other rule cites its own.
            let generic = ["input.", "text.", "contact.", "id."].iter().any(|p| i.rule.starts_with(p));
            assert_eq!(i.article.is_none(), generic, "{}: {:?}", i.rule, i.article);
            assert!(i.article.as_ref().is_none_or(|a| !a.is_empty()));
        }
    }
}

#[test]
pub(crate) fn every_case_holds() {
    for c in all_cases() {
        run(c);
    }
}

#[test]
pub(crate) fn every_rule_has_a_passing_and_a_failing_case() {
    for meta in aii_rules::rules::all::all_rules() {
        // The server decides these from the request itself; its tests cover them.
        if matches!(
            meta.id,
            "input.malformed_json"
                | "input.content_type"
                | "input.too_large"
                | "input.too_deep"
                | "input.unknown_kind"
                | "input.idempotency_key"
                | "input.idempotency_key_reused"
        ) {
            continue;
        }
        // The procedure's rules check steps, not forms: the server's tests hold each.
        if aii_rules::rules::procedure::METAS.contains(&meta) {
            continue;
        }
        let pass = all_cases().any(|c| c.rule == meta.id && matches!(c.expect, Pass));
        let fail = all_cases().any(|c| c.rule == meta.id && matches!(c.expect, Fail(_)));
        assert!(pass && fail, "rule {} needs a passing and a failing case (pass: {pass}, fail: {fail})", meta.id);
    }
}

#[test]
pub(crate) fn examples_are_valid_with_a_full_context() {
    let report = check(
        A,
        &common::example(A),
        &common::opts(Locale::Zh),
        Some(&Context { unit_cycle: ctx_not_applied().unit_cycle, ..ctx_window_open() }),
    );
    assert!(report.valid, "{:#?}", report.issues);
    for kind in [D, C] {
        let report = check(kind, &common::example(kind), &common::opts(Locale::Zh), Some(&ctx_base()));
        assert!(report.valid, "{kind:?}: {:#?}", report.issues);
    }
    let report = check(Y, &common::example(Y), &common::opts(Locale::Zh), Some(&ctx_year_free()));
    assert!(report.valid && report.issues.is_empty(), "{:#?}", report.issues);
    let report = check(V, &common::example(V), &common::opts_for(V, Locale::Zh), Some(&ctx_evaluation()));
    assert!(report.valid && report.issues.is_empty(), "{:#?}", report.issues);
}

#[test]
pub(crate) fn messages_match_the_contract_example() {
    let doc = common::patched(A, &[("/facilities/simultaneous_trainees", "12")]);
    let report = check(A, &doc, &common::opts(Locale::Zh), None);
    let issue = report.issues.iter().find(|i| i.rule == "art7.3.capacity").unwrap();
    let json = serde_json::to_string(issue).unwrap();
    assert_eq!(
        json,
        r#"{"rule":"art7.3.capacity","severity":"error","path":"/facilities/simultaneous_trainees","article":"第七条（三）","message":"实训环境须满足20位以上学员同时动手操作（当前：12）","params":{"actual":12,"min":20}}"#
    );
    let en = check(A, &doc, &common::opts(Locale::En), None);
    let issue = en.issues.iter().find(|i| i.rule == "art7.3.capacity").unwrap();
    assert_eq!(issue.article.as_deref(), Some("Art. 7(3)"));
    assert_eq!(issue.message, "The training environment must let at least 20 trainees work hands-on at once (now: 12)");
}

#[test]
pub(crate) fn a_warning_without_justification_asks_for_one() {
    let doc = common::patched(D, &[("/on_site_months_per_year", "2")]);
    let report = check(D, &doc, &common::opts(Locale::Zh), None);
    let issue = report.issues.iter().find(|i| i.rule == "art15.on_site").unwrap();
    assert_eq!(issue.severity, E);
    assert!(issue.message.ends_with("请填写说明理由"), "{}", issue.message);
    assert_eq!(issue.params.text("note"), Some("/on_site_note"));
    assert!(!report.valid);
}

#[test]
pub(crate) fn age_is_counted_on_the_terms_first_day_with_leap_day_births() {
    // Born 29 Feb 1968; the term starts 28 Feb 2029 (a common year): still 60.
    let doc = common::patched(
        D,
        &[("/appointee/birth_date", "\"1968-02-29\""), ("/term_start", "\"2029-02-28\""), ("/term_end", "\"2032-02-27\"")],
    );
    let report = check(D, &doc, &common::opts(Locale::Zh), None);
    assert!(!report.issues.iter().any(|i| i.rule == "art14.age"), "{:#?}", report.issues);
    // On 1 Mar 2029 they turn 61.
    let doc = common::patched(
        D,
        &[("/appointee/birth_date", "\"1968-02-29\""), ("/term_start", "\"2029-03-01\""), ("/term_end", "\"2032-02-29\"")],
    );
    let report = check(D, &doc, &common::opts(Locale::Zh), None);
    let age = report.issues.iter().find(|i| i.rule == "art14.age").unwrap();
    assert_eq!(age.params.get("age"), Some(&aii_rules::report::Param::Int(61)));
}

#[test]
pub(crate) fn one_bad_field_never_hides_the_rest() {
    let doc = common::patched(
        A,
        &[("/unit/kind", "42"), ("/facilities/simultaneous_trainees", "12"), ("/bogus", "true"), ("/unit/uscc", "\"123\"")],
    );
    let report = check(A, &doc, &common::opts(Locale::Zh), None);
    let rules: Vec<(&str, &str)> = report.issues.iter().map(|i| (&*i.rule, i.path.as_str())).collect();
    assert!(rules.contains(&("input.type", "/unit/kind")), "{rules:?}");
    assert!(rules.contains(&("art7.1.legal_person", "/unit/uscc")));
    assert!(rules.contains(&("art7.3.capacity", "/facilities/simultaneous_trainees")));
    assert!(rules.contains(&("input.unknown_field", "/bogus")));
    // A wrong type is reported once, structurally, not again by the field's rule.
    assert!(!rules.iter().any(|(r, _)| *r == "art4.unit_kind"));
}

/// U+0000 in text is `input.type` with reason `nul`, once: the field's own rule stays silent,
/// and the shape walk of a field re-check finds it too.
#[test]
pub(crate) fn text_holding_nul_is_reported_once_as_input_type() {
    for (kind, pointer, value) in [
        (A, "/unit/uscc", "\"12310104729436482D\\u0000\""),
        (A, "/unit/kind", "\"\\u0000\""),
        (A, "/contact/email", "\"a@b.cn\\u0000\""),
        (D, "/base_id", "\"b1\\u0000\""),
        (A, "/directions/0", "\"\\u0000network.planning\""),
    ] {
        let doc = common::patched(kind, &[(pointer, value)]);
        for locale in [Locale::Zh, Locale::En] {
            let report = check(kind, &doc, &common::opts(locale), None);
            let at: Vec<_> = report.issues.iter().filter(|i| i.path == pointer).collect();
            assert_eq!(at.len(), 1, "{pointer}: {at:#?}");
            assert_eq!((&*at[0].rule, at[0].params.text("reason")), ("input.type", Some("nul")), "{pointer}");
            assert!(at[0].message.contains("U+0000"), "{}", at[0].message);
            let field = aii_rules::check_field(kind, &doc, pointer, &common::opts(locale), None);
            assert!(field.issues.iter().any(|i| i.path == pointer && i.rule == "input.type"), "{pointer}: {field:#?}");
        }
    }
}

#[test]
pub(crate) fn issues_follow_the_form_order_then_rule_id() {
    let doc = common::patched(A, &[("/declaration", "false"), ("/cycle", "null"), ("/unit/postal_code", "\"1\""), ("/unit/name", "null")]);
    let report = check(A, &doc, &common::opts(Locale::Zh), None);
    let paths: Vec<&str> = report.issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["/cycle", "/unit/name", "/unit/postal_code", "/partners", "/declaration"]);
}

#[test]
pub(crate) fn a_document_that_is_not_an_object_gets_one_issue() {
    for text in ["[]", "42", "\"form\"", "null"] {
        let doc: aii_rules::Value = serde_json::from_str(text).unwrap();
        let report = check(A, &doc, &common::opts(Locale::Zh), None);
        assert_eq!(report.issues.len(), 1);
        assert_eq!((&*report.issues[0].rule, report.issues[0].path.as_str()), ("input.type", ""));
    }
}

#[test]
pub(crate) fn full_base_name_follows_article_12() {
    assert_eq!(
        aii_rules::full_base_name(" 长三角智造 ", "示例工业职业技术大学"),
        "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）"
    );
}

/// Each rule's declared reads are complete: starting from every case's document, changing any
/// field the rule does not read (to any of a pool of values) never changes the rule's issues.
/// This is what makes the incremental re-check exact.
#[test]
pub(crate) fn rules_depend_only_on_the_fields_they_declare() {
    const POOL: &[&str] = &[
        "null",
        "\"\"",
        "0",
        "100",
        "true",
        "\"1950-01-01\"",
        "\"2040-01-01\"",
        "\"network.planning\"",
        "\"enterprise\"",
        "\"partner\"",
        "\"director\"",
        "\"92310104MA1K3X7P2G\"",
        "[]",
    ];
    fn leaves(v: &aii_rules::Value, path: String, out: &mut Vec<String>) {
        match v {
            aii_rules::Value::Object(e) => e.iter().for_each(|(k, x)| leaves(x, format!("{path}/{k}"), out)),
            aii_rules::Value::Array(a) if !a.is_empty() => a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{path}/{i}"), out)),
            _ => out.push(path),
        }
    }
    let by_rule = |r: &aii_rules::Report, id: &str| -> Vec<String> {
        r.issues.iter().filter(|i| i.rule == id).map(|i| serde_json::to_string(i).unwrap()).collect()
    };
    let mut checked = 0usize;
    for c in all_cases() {
        let doc = common::patched(c.kind, c.set);
        let ctx = c.ctx.map(|f| f());
        let opts = common::opts_for(c.kind, Locale::Zh);
        let base = check(c.kind, &doc, &opts, ctx.as_ref());
        let mut ptrs = Vec::new();
        leaves(&doc, String::new(), &mut ptrs);
        for p in &ptrs {
            for v in POOL {
                let mut changed = doc.clone();
                changed.set_pointer(p, common::value_of(v));
                let after = check(c.kind, &changed, &opts, ctx.as_ref());
                for meta in aii_rules::rules::all::all_rules() {
                    let reads = c.kind.reads_of(meta.id);
                    if reads.is_empty() || reads.iter().any(|r| r.iter().any(|pat| aii_rules::engine::pattern_meets(pat, p))) {
                        continue;
                    }
                    assert_eq!(
                        by_rule(&base, meta.id),
                        by_rule(&after, meta.id),
                        "{} changed when {p} became {v} (case {:?})",
                        meta.id,
                        c.set
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} comparisons");
}

/// The message of one issue of `rule` in a report.
pub(crate) fn message_of(report: &aii_rules::Report, rule: &str) -> String {
    report.issues.iter().find(|i| i.rule == rule).unwrap_or_else(|| panic!("no {rule}: {:#?}", report.issues)).message.to_string()
}

#[test]
pub(crate) fn years_not_yet_over_are_named_in_the_messages() {
    let doc = common::patched(A, &[("/research_outputs/0/year", "2028")]);
    let report = check(A, &doc, &common::opts(Locale::Zh), None);
    assert_eq!(message_of(&report, "art7.5.research_output"), "2027年以后的研究成果尚未形成，不能计入");
    let doc = common::patched(Y, &[("/year", "2027")]);
    let report = check(Y, &doc, &common::opts(Locale::En), None);
    assert_eq!(message_of(&report, "art22.year"), "The assessed year 2027 is not over yet");
    let report = check(V, &common::example(V), &common::opts(Locale::Zh), None);
    assert_eq!(message_of(&report, "art23.period"), "评估期应为已结束的前三年：2029年尚未结束");
}

#[test]
pub(crate) fn context_messages_name_what_the_server_found() {
    let ctx = |f: fn() -> Context| Some(f());
    // Art. 8: the cycle's years, and why it is taken.
    let report = check(A, &common::example(A), &common::opts(Locale::Zh), ctx(ctx_applied).as_ref());
    let applied = message_of(&report, "art8.one_per_cycle");
    assert!(applied.starts_with("本单位在2026–2028年评估周期内已有在审或已通过的实训基地申请"), "{applied}");
    let report = check(A, &common::example(A), &common::opts(Locale::Zh), ctx(ctx_certified_in_cycle).as_ref());
    let certified = message_of(&report, "art8.one_per_cycle");
    assert!(certified.starts_with("本单位在2026–2028年评估周期内已作为责任单位获授联盟实训基地"), "{certified}");
    let issue = report.issues.iter().find(|i| i.rule == "art8.one_per_cycle").unwrap();
    assert_eq!(serde_json::to_string(&issue.params).unwrap(), r#"{"cycle_from":2026,"cycle_to":2028,"reason":"certified"}"#);
    let report = check(A, &common::example(A), &common::opts(Locale::En), ctx(ctx_certified_in_cycle).as_ref());
    assert!(message_of(&report, "art8.one_per_cycle").contains("in the 2026–2028 evaluation cycle"));
    // The server's params for a refusal by its constraint render the same message.
    let by_server =
        aii_rules::issue("art8.one_per_cycle", "/unit/uscc", aii_rules::rules::cycle::one_per_cycle_params(2026, 2028), Locale::Zh)
            .unwrap();
    assert_eq!(by_server.message, applied);
    assert_eq!(by_server.article.as_deref(), Some("第八条"));

    // Art. 14: a pending appointment is named as pending.
    let doc = common::patched(D, &[("/role", "\"director\"")]);
    let report = check(D, &doc, &common::opts(Locale::Zh), ctx(ctx_pending_director).as_ref());
    assert_eq!(message_of(&report, "art14.one_director"), "该基地已有一项待审议的主任任命，任期（2027-01-01至2029-12-31）与此重叠");
    let doc = common::patched(D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)]);
    let report = check(D, &doc, &common::opts(Locale::En), ctx(ctx_base).as_ref());
    assert!(message_of(&report, "art14.partner_of_base").ends_with("one of the recommenders must be a registered partner of the base"));

    // Art. 24(2): a warning with or without the reason, days counted to the first submission.
    let opts = common::opts_for(V, Locale::Zh);
    let report = check(V, &common::example(V), &opts, ctx(ctx_evaluation_overdue).as_ref());
    let issue = report.issues.iter().find(|i| i.rule == "art24.overdue").unwrap();
    assert_eq!(issue.severity, W);
    assert!(report.valid, "{:#?}", report.issues);
    assert!(issue.message.contains("逾期45天），且未说明特殊原因：依第二十四条（二）"), "{}", issue.message);
    assert!(!issue.message.contains("请填写说明理由"), "{}", issue.message);
    let doc = common::patched(V, &[("/overdue_reason", "\"受重大自然灾害影响，基地停课两个月\"")]);
    let report = check(V, &doc, &opts, ctx(ctx_evaluation_overdue).as_ref());
    let issue = report.issues.iter().find(|i| i.rule == "art24.overdue").unwrap();
    assert_eq!((issue.severity, issue.params.text("reason")), (W, Some("explained")));
    assert!(issue.message.ends_with("（逾期45天）；所填特殊原因将提交评审认定"), "{}", issue.message);
    let report = check(V, &common::example(V), &opts, ctx(ctx_evaluation_first_late).as_ref());
    assert!(message_of(&report, "art24.overdue").contains("逾期36天"));
}
