//! The language of the rules' table cases: a [`Case`] patches a valid example and states which
//! issues its rule reports, under a context made here. Each family's `cases` module declares
//! its cases with it; `table` runs them.
#![allow(clippy::unwrap_used)]

#[path = "../../tests/common/mod.rs"]
pub(crate) mod common;

pub(crate) use aii_rules::forms::Role;
pub(crate) use aii_rules::{
    BaseLookup, BaseRecord, Context, CycleTaken, Date, EvaluationContext, FormKind, Locale, OfficerTerm, SelectionWindow, Severity,
    UnitCycle, check,
};

pub(crate) use FormKind::{
    AnnualAssessment as Y, Application as A, DirectionChange as C, DirectorAppointment as D, Evaluation as V, TrainingPlan as P,
};
pub(crate) use Severity::{Error as E, Info as I, Warning as W};

pub enum Expect {
    Pass,
    Fail(&'static [(&'static str, Severity)]),
}
pub(crate) use Expect::{Fail, Pass};

pub struct Case {
    pub rule: &'static str,
    pub kind: FormKind,
    pub set: &'static [(&'static str, &'static str)],
    pub ctx: Option<fn() -> Context>,
    pub expect: Expect,
}

pub(crate) const fn case(rule: &'static str, kind: FormKind, set: &'static [(&'static str, &'static str)], expect: Expect) -> Case {
    Case { rule, kind, set, ctx: None, expect }
}
pub(crate) const fn ctx_case(
    rule: &'static str,
    kind: FormKind,
    set: &'static [(&'static str, &'static str)],
    ctx: fn() -> Context,
    expect: Expect,
) -> Case {
    Case { rule, kind, set, ctx: Some(ctx), expect }
}

pub(crate) fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

pub(crate) fn base() -> BaseRecord {
    BaseRecord {
        id: "b1".into(),
        revoked: false,
        responsible_uscc: "12310104729436482D".into(),
        directions: vec!["network.implementation".into(), "security.operations".into()],
        partner_usccs: vec!["913101153756893422".into(), "12330106858137286E".into()],
        officers: vec![],
        certified_on: Some(d("2026-12-01")),
    }
}
pub(crate) fn ctx_empty() -> Context {
    Context::default()
}
pub(crate) fn unit_cycle(taken: CycleTaken) -> Context {
    Context { unit_cycle: Some(UnitCycle { from_year: 2026, to_year: 2028, taken }), ..Context::default() }
}
pub(crate) fn ctx_applied() -> Context {
    unit_cycle(CycleTaken::Applied)
}
pub(crate) fn ctx_not_applied() -> Context {
    unit_cycle(CycleTaken::Free)
}
pub(crate) fn ctx_window_open() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-01-01"), closes: d("2027-06-30") }),
        ..Context::default()
    }
}
pub(crate) fn ctx_certified_in_cycle() -> Context {
    unit_cycle(CycleTaken::Certified)
}
/// The window has closed on the tests' today (2027-03-01), but the application was first
/// submitted inside it.
pub(crate) fn ctx_window_closed_first_inside() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-01-01"), closes: d("2027-02-15") }),
        first_submitted_on: Some(d("2027-02-10")),
        ..Context::default()
    }
}
/// The window is open on the tests' today, but the application was first submitted before it opened.
pub(crate) fn ctx_window_open_first_before() -> Context {
    Context { first_submitted_on: Some(d("2026-12-20")), ..ctx_window_open() }
}
pub(crate) fn ctx_window_later() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-04-01"), closes: d("2027-06-30") }),
        ..Context::default()
    }
}
pub(crate) fn ctx_base() -> Context {
    Context { base: Some(BaseLookup::Found(base())), pending_direction_change: Some(false), ..Context::default() }
}
pub(crate) fn ctx_no_base() -> Context {
    Context { base: Some(BaseLookup::NotFound), ..Context::default() }
}
pub(crate) fn ctx_revoked() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { revoked: true, ..base() })), ..Context::default() }
}
pub(crate) fn ctx_director_in_office() -> Context {
    let officers = vec![OfficerTerm { role: Role::Director, start: d("2025-01-01"), end: d("2027-12-31") }];
    Context { base: Some(BaseLookup::Found(BaseRecord { officers, ..base() })), ..Context::default() }
}
pub(crate) fn ctx_director_past() -> Context {
    let officers = vec![OfficerTerm { role: Role::Director, start: d("2024-09-01"), end: d("2027-08-31") }];
    Context { base: Some(BaseLookup::Found(BaseRecord { officers, ..base() })), ..Context::default() }
}
pub(crate) fn ctx_appointment_pending(role: Role, start: &str, end: &str) -> Context {
    Context { pending_appointments: Some(vec![OfficerTerm { role, start: d(start), end: d(end) }]), ..ctx_base() }
}
/// Another director's appointment, pending, for 2027-01-01 to 2029-12-31: overlaps the example's term.
pub(crate) fn ctx_pending_director() -> Context {
    ctx_appointment_pending(Role::Director, "2027-01-01", "2029-12-31")
}
pub(crate) fn ctx_pending_director_past() -> Context {
    ctx_appointment_pending(Role::Director, "2024-09-01", "2027-08-31")
}
pub(crate) fn ctx_pending_deputy() -> Context {
    ctx_appointment_pending(Role::DeputyDirector, "2027-01-01", "2029-12-31")
}
pub(crate) fn ctx_base_without_partners() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { partner_usccs: vec![], ..base() })), ..Context::default() }
}
pub(crate) fn ctx_other_responsible() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { responsible_uscc: "913101153756893422".into(), ..base() })), ..Context::default() }
}
pub(crate) fn ctx_other_directions() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { directions: vec!["data.operations".into()], ..base() })), ..Context::default() }
}
pub(crate) fn ctx_pending() -> Context {
    Context { base: Some(BaseLookup::Found(base())), pending_direction_change: Some(true), ..Context::default() }
}

pub(crate) fn ctx_year_filed() -> Context {
    Context { annual_filed_for_year: Some(true), ..ctx_base() }
}
pub(crate) fn ctx_year_free() -> Context {
    Context { annual_filed_for_year: Some(false), ..ctx_base() }
}
pub(crate) fn ctx_plan_approved() -> Context {
    Context { plan_approved_for_year: Some(true), ..ctx_base() }
}
pub(crate) fn ctx_certified_2027() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { certified_on: Some(d("2027-01-10")), ..base() })), ..Context::default() }
}
/// A base certified late in 2026, its first period 2027–2029, every annual filing on file, and
/// a deadline whose month of grace has not run out on evaluations' today (2030-03-01).
pub(crate) fn evaluation_ctx() -> EvaluationContext {
    EvaluationContext { period_starts: vec![2027], deadline: Some(d("2030-02-01")), annual_years: vec![2026, 2027, 2028, 2029] }
}
pub(crate) fn ctx_evaluation() -> Context {
    Context { evaluation: Some(evaluation_ctx()), ..ctx_base() }
}
pub(crate) fn ctx_evaluation_second() -> Context {
    Context { evaluation: Some(EvaluationContext { period_starts: vec![2030], ..evaluation_ctx() }), ..ctx_base() }
}
/// The deadline was 2030-01-15: on 2030-03-01 the materials are 45 days late.
pub(crate) fn ctx_evaluation_overdue() -> Context {
    Context { evaluation: Some(EvaluationContext { deadline: Some(d("2030-01-15")), ..evaluation_ctx() }), ..ctx_base() }
}
/// Late today, but first submitted on 2030-02-14: within the month after 2030-01-15.
pub(crate) fn ctx_evaluation_overdue_first_in_time() -> Context {
    Context { first_submitted_on: Some(d("2030-02-14")), ..ctx_evaluation_overdue() }
}
/// First submitted on 2030-02-20, after the month of grace of 2030-01-15: 36 days late (not 45).
pub(crate) fn ctx_evaluation_first_late() -> Context {
    Context { first_submitted_on: Some(d("2030-02-20")), ..ctx_evaluation_overdue() }
}
pub(crate) fn ctx_evaluation_no_deadline() -> Context {
    Context { evaluation: Some(EvaluationContext { deadline: None, ..evaluation_ctx() }), ..ctx_base() }
}
pub(crate) fn ctx_evaluation_annual_missing() -> Context {
    Context { evaluation: Some(EvaluationContext { annual_years: vec![2027], ..evaluation_ctx() }), ..ctx_base() }
}

/// Valid identifiers beyond the examples' (checked against python-stdnum).
pub(crate) const USCC_92: &str = "\"92310104MA1K3X7P2G\"";
pub(crate) const ID_19721201: &str = "\"110105197212010011\"";
pub(crate) const ID_19721202: &str = "\"110105197212020017\"";

pub(crate) const DIRECTOR_ONLY_RESPONSIBLE: &str =
    r#"[{"name":"示例工业职业技术大学","uscc":"12310104729436482D","relation":"responsible"}]"#;
pub(crate) const DIRECTOR_ONLY_PARTNER: &str = r#"[{"name":"示例工业互联网研究院","uscc":"12330106858137286E","relation":"partner"}]"#;
pub(crate) const TWO_INSTRUCTORS: &str = r#"[{"name":"吴老师","birth_date":"1975-09-10","title":"副教授","field":"网络互联","fixed":true},{"name":"郑老师","birth_date":"1988-02-28","title":"讲师","field":"安全防护","fixed":true}]"#;
