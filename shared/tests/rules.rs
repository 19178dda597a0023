//! Table tests for every rule, through one helper: each case patches a valid example and
//! states exactly which issues (path, severity) the rule under test must report — or none.
//! The catalogue test in `catalog.rs` requires a passing and a failing case here for every rule.

mod common;

use aii_rules::forms::Role;
use aii_rules::{
    BaseLookup, BaseRecord, Context, CycleTaken, Date, EvaluationContext, FormKind, Locale, OfficerTerm, SelectionWindow, Severity,
    UnitCycle, check,
};

use FormKind::{AnnualAssessment as Y, Application as A, DirectionChange as C, DirectorAppointment as D, Evaluation as V};
use Severity::{Error as E, Info as I, Warning as W};

pub enum Expect {
    Pass,
    Fail(&'static [(&'static str, Severity)]),
}
use Expect::{Fail, Pass};

pub struct Case {
    pub rule: &'static str,
    pub kind: FormKind,
    pub set: &'static [(&'static str, &'static str)],
    pub ctx: Option<fn() -> Context>,
    pub expect: Expect,
}

const fn case(rule: &'static str, kind: FormKind, set: &'static [(&'static str, &'static str)], expect: Expect) -> Case {
    Case { rule, kind, set, ctx: None, expect }
}
const fn ctx_case(
    rule: &'static str,
    kind: FormKind,
    set: &'static [(&'static str, &'static str)],
    ctx: fn() -> Context,
    expect: Expect,
) -> Case {
    Case { rule, kind, set, ctx: Some(ctx), expect }
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn base() -> BaseRecord {
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
fn ctx_empty() -> Context {
    Context::default()
}
fn unit_cycle(taken: CycleTaken) -> Context {
    Context { unit_cycle: Some(UnitCycle { from_year: 2026, to_year: 2028, taken }), ..Context::default() }
}
fn ctx_applied() -> Context {
    unit_cycle(CycleTaken::Applied)
}
fn ctx_not_applied() -> Context {
    unit_cycle(CycleTaken::Free)
}
fn ctx_window_open() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-01-01"), closes: d("2027-06-30") }),
        ..Context::default()
    }
}
fn ctx_certified_in_cycle() -> Context {
    unit_cycle(CycleTaken::Certified)
}
/// The window has closed on the tests' today (2027-03-01), but the application was first
/// submitted inside it.
fn ctx_window_closed_first_inside() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-01-01"), closes: d("2027-02-15") }),
        first_submitted_on: Some(d("2027-02-10")),
        ..Context::default()
    }
}
/// The window is open on the tests' today, but the application was first submitted before it opened.
fn ctx_window_open_first_before() -> Context {
    Context { first_submitted_on: Some(d("2026-12-20")), ..ctx_window_open() }
}
fn ctx_window_later() -> Context {
    Context {
        selection_window: Some(SelectionWindow { cycle: 2027, opens: d("2027-04-01"), closes: d("2027-06-30") }),
        ..Context::default()
    }
}
fn ctx_base() -> Context {
    Context { base: Some(BaseLookup::Found(base())), pending_direction_change: Some(false), ..Context::default() }
}
fn ctx_no_base() -> Context {
    Context { base: Some(BaseLookup::NotFound), ..Context::default() }
}
fn ctx_revoked() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { revoked: true, ..base() })), ..Context::default() }
}
fn ctx_director_in_office() -> Context {
    let officers = vec![OfficerTerm { role: Role::Director, start: d("2025-01-01"), end: d("2027-12-31") }];
    Context { base: Some(BaseLookup::Found(BaseRecord { officers, ..base() })), ..Context::default() }
}
fn ctx_director_past() -> Context {
    let officers = vec![OfficerTerm { role: Role::Director, start: d("2024-09-01"), end: d("2027-08-31") }];
    Context { base: Some(BaseLookup::Found(BaseRecord { officers, ..base() })), ..Context::default() }
}
fn ctx_appointment_pending(role: Role, start: &str, end: &str) -> Context {
    Context { pending_appointments: Some(vec![OfficerTerm { role, start: d(start), end: d(end) }]), ..ctx_base() }
}
/// Another director's appointment, pending, for 2027-01-01 to 2029-12-31: overlaps the example's term.
fn ctx_pending_director() -> Context {
    ctx_appointment_pending(Role::Director, "2027-01-01", "2029-12-31")
}
fn ctx_pending_director_past() -> Context {
    ctx_appointment_pending(Role::Director, "2024-09-01", "2027-08-31")
}
fn ctx_pending_deputy() -> Context {
    ctx_appointment_pending(Role::DeputyDirector, "2027-01-01", "2029-12-31")
}
fn ctx_base_without_partners() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { partner_usccs: vec![], ..base() })), ..Context::default() }
}
fn ctx_other_responsible() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { responsible_uscc: "913101153756893422".into(), ..base() })), ..Context::default() }
}
fn ctx_other_directions() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { directions: vec!["data.operations".into()], ..base() })), ..Context::default() }
}
fn ctx_pending() -> Context {
    Context { base: Some(BaseLookup::Found(base())), pending_direction_change: Some(true), ..Context::default() }
}

fn ctx_year_filed() -> Context {
    Context { annual_filed_for_year: Some(true), ..ctx_base() }
}
fn ctx_year_free() -> Context {
    Context { annual_filed_for_year: Some(false), ..ctx_base() }
}
fn ctx_certified_2027() -> Context {
    Context { base: Some(BaseLookup::Found(BaseRecord { certified_on: Some(d("2027-01-10")), ..base() })), ..Context::default() }
}
/// A base certified late in 2026, its first period 2027–2029, every annual filing on file, and
/// a deadline whose month of grace has not run out on evaluations' today (2030-03-01).
fn evaluation_ctx() -> EvaluationContext {
    EvaluationContext { period_starts: vec![2027], deadline: Some(d("2030-02-01")), annual_years: vec![2026, 2027, 2028, 2029] }
}
fn ctx_evaluation() -> Context {
    Context { evaluation: Some(evaluation_ctx()), ..ctx_base() }
}
fn ctx_evaluation_second() -> Context {
    Context { evaluation: Some(EvaluationContext { period_starts: vec![2030], ..evaluation_ctx() }), ..ctx_base() }
}
/// The deadline was 2030-01-15: on 2030-03-01 the materials are 45 days late.
fn ctx_evaluation_overdue() -> Context {
    Context { evaluation: Some(EvaluationContext { deadline: Some(d("2030-01-15")), ..evaluation_ctx() }), ..ctx_base() }
}
/// Late today, but first submitted on 2030-02-14: within the month after 2030-01-15.
fn ctx_evaluation_overdue_first_in_time() -> Context {
    Context { first_submitted_on: Some(d("2030-02-14")), ..ctx_evaluation_overdue() }
}
/// First submitted on 2030-02-20, after the month of grace of 2030-01-15: 36 days late (not 45).
fn ctx_evaluation_first_late() -> Context {
    Context { first_submitted_on: Some(d("2030-02-20")), ..ctx_evaluation_overdue() }
}
fn ctx_evaluation_no_deadline() -> Context {
    Context { evaluation: Some(EvaluationContext { deadline: None, ..evaluation_ctx() }), ..ctx_base() }
}
fn ctx_evaluation_annual_missing() -> Context {
    Context { evaluation: Some(EvaluationContext { annual_years: vec![2027], ..evaluation_ctx() }), ..ctx_base() }
}

/// Valid identifiers beyond the examples' (checked against python-stdnum).
const USCC_92: &str = "\"92310104MA1K3X7P2G\"";
const ID_19721201: &str = "\"110105197212010011\"";
const ID_19721202: &str = "\"110105197212020017\"";

const DIRECTOR_ONLY_RESPONSIBLE: &str = r#"[{"name":"示例工业职业技术大学","uscc":"12310104729436482D","relation":"responsible"}]"#;
const DIRECTOR_ONLY_PARTNER: &str = r#"[{"name":"示例工业互联网研究院","uscc":"12330106858137286E","relation":"partner"}]"#;
const TWO_INSTRUCTORS: &str = r#"[{"name":"吴老师","birth_date":"1975-09-10","title":"副教授","field":"网络互联","fixed":true},{"name":"郑老师","birth_date":"1988-02-28","title":"讲师","field":"安全防护","fixed":true}]"#;

pub static CASES: &[Case] = &[
    // --- structural
    case("input.type", A, &[], Pass),
    case("input.type", A, &[("/facilities/simultaneous_trainees", "\"forty\"")], Fail(&[("/facilities/simultaneous_trainees", E)])),
    case("input.type", A, &[("/facilities/simultaneous_trainees", "40.5")], Fail(&[("/facilities/simultaneous_trainees", E)])),
    case("input.type", D, &[("/appointee", "\"黄老师\"")], Fail(&[("/appointee", E)])),
    // Text holding U+0000 (reason `nul`), wherever it is: names, ids, dates, enumerations.
    case("input.type", A, &[("/unit/name", "\"示例\\u0000大学\"")], Fail(&[("/unit/name", E)])),
    case("input.type", D, &[("/base_id", "\"\\u0000\"")], Fail(&[("/base_id", E)])),
    case("input.type", D, &[("/term_start", "\"2027-09-01\\u0000\"")], Fail(&[("/term_start", E)])),
    case("input.unknown_field", A, &[], Pass),
    case("input.unknown_field", A, &[("/unit/nmae", "\"x\"")], Fail(&[("/unit/nmae", E)])),
    case("input.unknown_field", C, &[("/urgency", "1")], Fail(&[("/urgency", E)])),
    case("input.date", A, &[], Pass),
    case("input.date", A, &[("/instructors/0/birth_date", "\"1975-02-30\"")], Fail(&[("/instructors/0/birth_date", E)])),
    case("input.date", D, &[("/term_start", "\"2027/09/01\"")], Fail(&[("/term_start", E)])),
    case("text.required", A, &[], Pass),
    case("text.required", A, &[("/unit/name", "\"  \"")], Fail(&[("/unit/name", E)])),
    case("text.required", A, &[("/instructors/1/title", "null")], Fail(&[("/instructors/1/title", E)])),
    case("text.required", D, &[("/appointee/employer", "null")], Fail(&[("/appointee/employer", E)])),
    case("text.required", C, &[("/current_directions", "[]")], Fail(&[("/current_directions", E)])),
    case("text.too_long", A, &[("/unit/name", "repeat:名:100")], Pass),
    case("text.too_long", A, &[("/unit/name", "repeat:名:101")], Fail(&[("/unit/name", E)])),
    case("text.too_long", C, &[("/reason", "repeat:理:5001")], Fail(&[("/reason", E)])),
    // --- identifiers and contact
    case("id.uscc", D, &[], Pass),
    case("id.uscc", D, &[("/recommenders/0/uscc", "\"12310104729436482E\"")], Fail(&[("/recommenders/0/uscc", E)])),
    case("id.uscc", D, &[("/recommenders/1/uscc", "\"12330106858137286\"")], Fail(&[("/recommenders/1/uscc", E)])),
    case("id.uscc_not_legal_person", A, &[], Pass),
    case("id.uscc_not_legal_person", A, &[("/partners/0/uscc", USCC_92)], Fail(&[("/partners/0/uscc", E)])),
    case("id.uscc_not_legal_person", D, &[("/recommenders/1/uscc", USCC_92)], Fail(&[("/recommenders/1/uscc", E)])),
    case("id.resident", D, &[("/appointee/id_number", ID_19721201)], Pass),
    case("id.resident", D, &[("/appointee/id_number", "\"110105197212010012\"")], Fail(&[("/appointee/id_number", E)])),
    case("id.resident", D, &[("/appointee/id_number", "\"11010519721201001\"")], Fail(&[("/appointee/id_number", E)])),
    // Positions 1–2: a province-level code (GB/T 2260), or 71, 81–83, 91.
    case("id.resident", D, &[("/appointee/id_number", "\"710105197212010013\"")], Pass),
    case("id.resident", D, &[("/appointee/id_number", "\"830105197212010010\"")], Pass),
    case("id.resident", D, &[("/appointee/id_number", "\"160105197212010010\"")], Fail(&[("/appointee/id_number", E)])),
    case("id.resident", D, &[("/appointee/id_number", "\"240105197212010010\"")], Fail(&[("/appointee/id_number", E)])),
    case("id.resident_birth_mismatch", D, &[("/appointee/id_number", ID_19721201)], Pass),
    case("id.resident_birth_mismatch", D, &[("/appointee/id_number", ID_19721202)], Fail(&[("/appointee/id_number", E)])),
    case("contact.phone", A, &[("/contact/phone", "\"13812345678\"")], Pass),
    case("contact.phone", A, &[("/contact/phone", "\"12345\"")], Fail(&[("/contact/phone", E)])),
    case("contact.email", A, &[], Pass),
    case("contact.email", A, &[("/contact/email", "\"base@\"")], Fail(&[("/contact/email", E)])),
    case("contact.postal_code", A, &[], Pass),
    case("contact.postal_code", A, &[("/unit/postal_code", "\"20003\"")], Fail(&[("/unit/postal_code", E)])),
    // --- application
    case("art4.unit_kind", A, &[], Pass),
    case("art4.unit_kind", A, &[("/unit/kind", "\"company\"")], Fail(&[("/unit/kind", E)])),
    case("art4.unit_kind", A, &[("/unit/kind", "null")], Fail(&[("/unit/kind", E)])),
    case("art7.1.legal_person", A, &[], Pass),
    case("art7.1.legal_person", A, &[("/unit/uscc", "\" 12310104729436482d \"")], Pass),
    case("art7.1.legal_person", A, &[("/unit/uscc", "\"12310104729436482E\"")], Fail(&[("/unit/uscc", E)])),
    case("art7.1.legal_person", A, &[("/unit/uscc", USCC_92)], Fail(&[("/unit/uscc", E)])),
    case("art7.1.legal_person", A, &[("/unit/uscc", "null")], Fail(&[("/unit/uscc", E)])),
    case("art7.1.kind_mismatch", A, &[], Pass),
    case("art7.1.kind_mismatch", A, &[("/unit/kind", "\"enterprise\"")], Fail(&[("/unit/kind", E)])),
    case(
        "art7.1.kind_mismatch",
        A,
        &[("/unit/kind", "\"enterprise\""), ("/unit/kind_note", "\"事业单位转制企业，登记类别尚未变更\"")],
        Fail(&[("/unit/kind", W)]),
    ),
    case("art7.2.direction_required", A, &[], Pass),
    case("art7.2.direction_required", A, &[("/directions", "[]")], Fail(&[("/directions", E)])),
    case(
        "art7.2.direction_required",
        A,
        &[("/directions", r#"["network.implementation","security.operations","data.operations","platform.rnd"]"#)],
        Fail(&[("/directions", E)]),
    ),
    case("art7.2.direction_required", A, &[("/directions/1", "\"network.implementation\"")], Fail(&[("/directions/1", E)])),
    case("art7.2.direction_catalog", A, &[], Pass),
    case("art7.2.direction_catalog", A, &[("/directions/1", "\"security.hacking\"")], Fail(&[("/directions/1", E)])),
    case("art7.2.positioning", A, &[], Pass),
    case("art7.2.positioning", A, &[("/positioning", "\"太短\"")], Fail(&[("/positioning", E)])),
    case("art7.2.positioning", A, &[("/construction_plan", "null")], Fail(&[("/construction_plan", E)])),
    case("art7.2.local_demand", A, &[], Pass),
    case("art7.2.local_demand", A, &[("/local_demand", "null")], Fail(&[("/local_demand", E)])),
    case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "20")], Pass),
    case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "19")], Fail(&[("/facilities/simultaneous_trainees", E)])),
    case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "null")], Fail(&[("/facilities/simultaneous_trainees", E)])),
    case("art7.3.equipment", A, &[], Pass),
    case("art7.3.equipment", A, &[("/facilities/equipment", "[]")], Fail(&[("/facilities/equipment", E)])),
    case("art7.3.equipment", A, &[("/facilities/equipment/1/quantity", "0")], Fail(&[("/facilities/equipment/1/quantity", E)])),
    case("art7.3.equipment", A, &[("/facilities/equipment/0/name", "\"\"")], Fail(&[("/facilities/equipment/0/name", E)])),
    case("art7.3.capacity_unbacked", A, &[("/facilities/simultaneous_trainees", "90")], Pass),
    case("art7.3.capacity_unbacked", A, &[("/facilities/simultaneous_trainees", "91")], Fail(&[("/facilities/simultaneous_trainees", E)])),
    case(
        "art7.3.capacity_unbacked",
        A,
        &[("/facilities/simultaneous_trainees", "91"), ("/facilities/capacity_note", "\"另有移动实训箱30套，按批次轮换使用\"")],
        Fail(&[("/facilities/simultaneous_trainees", W)]),
    ),
    case("art7.3.funding", A, &[], Pass),
    case("art7.3.funding", A, &[("/facilities/annual_funding_cny", "0")], Fail(&[("/facilities/annual_funding_cny", E)])),
    case("art7.3.funding", A, &[("/facilities/funding_source", "\" \"")], Fail(&[("/facilities/funding_source", E)])),
    case("art7.3.management_rules", A, &[], Pass),
    case("art7.3.management_rules", A, &[("/facilities/management_rules", "[\"\"]")], Fail(&[("/facilities/management_rules", E)])),
    case("art7.4.lead_teacher", A, &[], Pass),
    case("art7.4.lead_teacher", A, &[("/lead_teacher/experience", "\"十年工业网络经验\"")], Fail(&[("/lead_teacher/experience", E)])),
    case("art7.4.lead_teacher", A, &[("/lead_teacher/title", "null")], Fail(&[("/lead_teacher/title", E)])),
    case("art7.4.team_size", A, &[], Pass),
    case("art7.4.team_size", A, &[("/instructors", TWO_INSTRUCTORS)], Fail(&[("/instructors", E)])),
    case("art7.4.team_structure", A, &[], Pass),
    case(
        "art7.4.team_structure",
        A,
        &[
            ("/instructors/1/birth_date", "\"1980-01-01\""),
            ("/instructors/2/birth_date", "\"1984-06-06\""),
            ("/instructors/0/birth_date", "\"1975-01-02\""),
        ],
        Fail(&[("/instructors", E)]),
    ),
    case(
        "art7.4.team_structure",
        A,
        &[
            ("/instructors/1/field", "\"网络互联\""),
            ("/instructors/2/field", "\"网络互联\""),
            ("/team_note", "\"三人均为网络方向，已引进企业导师补充\""),
        ],
        Fail(&[("/instructors", W)]),
    ),
    case("art18.fixed_instructors", A, &[], Pass),
    case(
        "art18.fixed_instructors",
        A,
        &[("/instructors/0/fixed", "false"), ("/instructors/1/fixed", "false")],
        Fail(&[("/instructors", E)]),
    ),
    case("art7.5.research_output", A, &[], Pass),
    // Dated no later than the current year (2027 on the tests' today): a future output does not count.
    case("art7.5.research_output", A, &[("/research_outputs/0/year", "2027")], Pass),
    case("art7.5.research_output", A, &[("/research_outputs/0/year", "2028")], Fail(&[("/research_outputs", E)])),
    case(
        "art7.5.research_output",
        A,
        &[
            (
                "/research_outputs/1",
                r#"{"title":"工业互联网安全运营实训标准","year":2026,"role":"lead","direction":"security.operations"}"#,
            ),
            ("/research_outputs/0/year", "2030"),
        ],
        Pass,
    ),
    case("art7.5.research_output", A, &[("/research_outputs/0/role", "\"participant\"")], Fail(&[("/research_outputs", E)])),
    case("art7.5.research_output", A, &[("/research_outputs/0/direction", "\"network.planning\"")], Fail(&[("/research_outputs", E)])),
    case(
        "art7.5.research_output",
        A,
        &[("/research_outputs/0/role", "\"boss\"")],
        Fail(&[("/research_outputs", E), ("/research_outputs/0/role", E)]),
    ),
    case("art7.5.university_major", A, &[], Pass),
    case("art7.5.university_major", A, &[("/unit/kind", "\"enterprise\""), ("/related_majors", "[]")], Pass),
    case("art7.5.university_major", A, &[("/related_majors", "[]")], Fail(&[("/related_majors", E)])),
    case("art7.5.enterprise_capability", A, &[], Pass),
    case("art7.5.enterprise_capability", A, &[("/unit/kind", "\"enterprise\"")], Fail(&[("/enterprise_capability", E)])),
    case("art7.6.promotion", A, &[], Pass),
    case("art7.6.promotion", A, &[("/promotion_capability", "null")], Fail(&[("/promotion_capability", E)])),
    case("art7.6.employment", A, &[], Pass),
    case("art7.6.employment", A, &[("/employment_guidance", "\"提供就业推荐\"")], Fail(&[("/employment_guidance", E)])),
    case("art12.base_name", A, &[], Pass),
    case("art12.base_name", A, &[("/base_short_name", "\"长三角智造实训基地\"")], Fail(&[("/base_short_name", E)])),
    case("art12.base_name", A, &[("/base_short_name", "\"智\"")], Fail(&[("/base_short_name", E)])),
    case("art12.base_name", A, &[("/base_short_name", "\"长三角（智造）\"")], Fail(&[("/base_short_name", E)])),
    case("art9.partner_valid", A, &[], Pass),
    case("art9.partner_valid", A, &[("/partners/1/uscc", "\"913101153756893422\"")], Fail(&[("/partners/1/uscc", E)])),
    case("art9.partner_valid", A, &[("/partners/0/uscc", "\"12310104729436482D\"")], Fail(&[("/partners/0/uscc", E)])),
    case("art9.partner_valid", A, &[("/partners/0/uscc", "\"913101153756893423\"")], Fail(&[("/partners/0/uscc", E)])),
    case(
        "art9.partner_valid",
        A,
        &[("/partners/0/kind", "\"company\""), ("/partners/1/name", "null")],
        Fail(&[("/partners/0/kind", E), ("/partners/1/name", E)]),
    ),
    case("art9.joint_priority", A, &[("/partners", "[]")], Pass),
    case("art9.joint_priority", A, &[], Fail(&[("/partners", I)])),
    case("art24.declaration", A, &[], Pass),
    case("art24.declaration", A, &[("/declaration", "false")], Fail(&[("/declaration", E)])),
    case("art24.declaration", A, &[("/declaration", "null")], Fail(&[("/declaration", E)])),
    ctx_case("art8.one_per_cycle", A, &[], ctx_not_applied, Pass),
    ctx_case("art8.one_per_cycle", A, &[], ctx_applied, Fail(&[("/unit/uscc", E)])),
    ctx_case("art8.one_per_cycle", A, &[], ctx_certified_in_cycle, Fail(&[("/unit/uscc", E)])),
    ctx_case("art8.one_per_cycle", A, &[], ctx_empty, Pass),
    ctx_case("art10.selection_window", A, &[], ctx_window_open, Pass),
    ctx_case("art10.selection_window", A, &[("/cycle", "2026")], ctx_window_open, Fail(&[("/cycle", E)])),
    ctx_case("art10.selection_window", A, &[], ctx_window_later, Fail(&[("/cycle", E)])),
    ctx_case("art10.selection_window", A, &[], ctx_empty, Fail(&[("/cycle", E)])),
    // A resubmission is judged by its first submission's date, not today's.
    ctx_case("art10.selection_window", A, &[], ctx_window_closed_first_inside, Pass),
    ctx_case("art10.selection_window", A, &[], ctx_window_open_first_before, Fail(&[("/cycle", E)])),
    // --- director_appointment
    case("art14.role", D, &[], Pass),
    case("art14.role", D, &[("/role", "\"chair\"")], Fail(&[("/role", E)])),
    case("art14.recommender", D, &[], Pass),
    case("art14.recommender", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], Pass),
    // A deputy: the responsible unit too; its partner is the registry's to judge (art14.partner_of_base).
    case("art14.recommender", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], Pass),
    case("art14.recommender", D, &[("/recommenders", DIRECTOR_ONLY_PARTNER)], Fail(&[("/recommenders", E)])),
    case("art14.recommender", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_PARTNER)], Fail(&[("/recommenders", E)])),
    case("art14.recommender", D, &[("/recommenders/1/relation", "\"friend\"")], Fail(&[("/recommenders/1/relation", E)])),
    case("art14.recommender", D, &[("/recommenders", "[]")], Fail(&[("/recommenders", E)])),
    // Full years on the term's first day (2027-09-01): 60 is within 一般不超过60周岁, 61 is not.
    case("art14.age", D, &[("/appointee/birth_date", "\"1966-09-02\"")], Pass),
    case("art14.age", D, &[("/appointee/birth_date", "\"1966-09-01\"")], Fail(&[("/appointee/birth_date", E)])),
    case(
        "art14.age",
        D,
        &[("/appointee/birth_date", "\"1960-01-01\""), ("/age_note", "\"国家级教学名师，返聘\"")],
        Fail(&[("/appointee/birth_date", W)]),
    ),
    case("art14.qualification", D, &[], Pass),
    case("art14.qualification", D, &[("/appointee/teaching_level", "\"优秀\"")], Fail(&[("/appointee/teaching_level", E)])),
    case("art14.qualification", D, &[("/appointee/management_ability", "null")], Fail(&[("/appointee/management_ability", E)])),
    case("art15.term", D, &[], Pass),
    case("art15.term", D, &[("/term_end", "\"2030-09-01\"")], Pass),
    case("art15.term", D, &[("/term_start", "\"2028-02-29\""), ("/term_end", "\"2031-02-27\"")], Pass),
    case("art15.term", D, &[("/term_end", "\"2029-08-31\"")], Fail(&[("/term_end", E)])),
    case("art15.term", D, &[("/term_end", "\"2027-08-31\"")], Fail(&[("/term_end", E)])),
    case("art15.term", D, &[("/term_start", "null")], Fail(&[("/term_start", E)])),
    case("art15.on_site", D, &[], Pass),
    case("art15.on_site", D, &[("/on_site_months_per_year", "2")], Fail(&[("/on_site_months_per_year", E)])),
    case(
        "art15.on_site",
        D,
        &[("/on_site_months_per_year", "2"), ("/on_site_note", "\"兼任企业研发负责人，集中授课两个月\"")],
        Fail(&[("/on_site_months_per_year", W)]),
    ),
    case("art15.on_site", D, &[("/on_site_months_per_year", "13")], Fail(&[("/on_site_months_per_year", E)])),
    case("art15.reappointment", D, &[], Pass),
    case("art15.reappointment", D, &[("/reappointment", "true")], Fail(&[("/reappointment", I)])),
    ctx_case("art14.base_exists", D, &[], ctx_base, Pass),
    ctx_case("art14.base_exists", D, &[], ctx_no_base, Fail(&[("/base_id", E)])),
    ctx_case("art14.base_exists", D, &[], ctx_revoked, Fail(&[("/base_id", E)])),
    ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_director_past, Pass),
    ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_director_in_office, Fail(&[("/term_start", E)])),
    ctx_case("art14.one_director", D, &[], ctx_director_in_office, Pass),
    // Pending appointments count as approved officers do.
    ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_director, Fail(&[("/term_start", E)])),
    ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_director_past, Pass),
    ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_deputy, Pass),
    ctx_case("art14.one_director", D, &[], ctx_pending_director, Pass),
    ctx_case("art14.partner_of_base", D, &[], ctx_base, Pass),
    ctx_case(
        "art14.partner_of_base",
        D,
        &[("/recommenders/1/uscc", "\"91310115778899002R\"")],
        ctx_base,
        Fail(&[("/recommenders/1/uscc", E)]),
    ),
    ctx_case("art14.partner_of_base", D, &[("/recommenders/1/uscc", "\"12330106858137286e\"")], ctx_base, Pass),
    // A deputy of a base with registered partners: one of them among the recommenders.
    ctx_case("art14.partner_of_base", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base, Fail(&[("/recommenders", E)])),
    // A base without registered partners: the responsible unit alone suffices.
    ctx_case("art14.partner_of_base", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base_without_partners, Pass),
    ctx_case("art14.partner_of_base", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base, Pass),
    ctx_case("art14.responsible_of_base", D, &[], ctx_base, Pass),
    ctx_case("art14.responsible_of_base", D, &[("/recommenders/0/uscc", "\" 12310104729436482d \"")], ctx_base, Pass),
    ctx_case(
        "art14.responsible_of_base",
        D,
        &[("/recommenders/0/uscc", "\"913101153756893422\"")],
        ctx_base,
        Fail(&[("/recommenders/0/uscc", E)]),
    ),
    ctx_case("art14.responsible_of_base", D, &[], ctx_other_responsible, Fail(&[("/recommenders/0/uscc", E)])),
    // A responsible recommender whose code is not valid is `id.uscc`'s alone.
    ctx_case("art14.responsible_of_base", D, &[("/recommenders/0/uscc", "\"12310104729436482E\"")], ctx_base, Pass),
    // --- direction_change
    case("art21.requested_catalog", C, &[], Pass),
    case("art21.requested_catalog", C, &[("/requested_directions", "[]")], Fail(&[("/requested_directions", E)])),
    case("art21.requested_catalog", C, &[("/requested_directions/1", "\"data.mining\"")], Fail(&[("/requested_directions/1", E)])),
    case(
        "art21.requested_catalog",
        C,
        &[("/requested_directions/1", "\"network.implementation\"")],
        Fail(&[("/requested_directions/1", E)]),
    ),
    case("art21.differs", C, &[], Pass),
    case(
        "art21.differs",
        C,
        &[("/requested_directions", r#"["security.operations","network.implementation"]"#)],
        Fail(&[("/requested_directions", E)]),
    ),
    case("art21.reason", C, &[], Pass),
    case("art21.reason", C, &[("/reason", "repeat:因:99")], Fail(&[("/reason", E)])),
    case("art21.reason", C, &[("/evidence", "[]")], Fail(&[("/evidence", E)])),
    ctx_case("art21.base_exists", C, &[], ctx_base, Pass),
    ctx_case("art21.base_exists", C, &[], ctx_no_base, Fail(&[("/base_id", E)])),
    ctx_case("art21.current_matches", C, &[], ctx_base, Pass),
    ctx_case("art21.current_matches", C, &[], ctx_other_directions, Fail(&[("/current_directions", E)])),
    ctx_case("art21.one_pending", C, &[], ctx_base, Pass),
    ctx_case("art21.one_pending", C, &[], ctx_pending, Fail(&[("/base_id", E)])),
    // --- annual_assessment (the example is the 2026 filing; today is 2027-03-01)
    case("text.required", Y, &[("/base_id", "null")], Fail(&[("/base_id", E)])),
    case("art22.year", Y, &[], Pass),
    // The assessed year is over: before the current year (2027 on the tests' today).
    case("art22.year", Y, &[("/year", "2026")], Pass),
    case("art22.year", Y, &[("/year", "2027")], Fail(&[("/year", E)])),
    case("art22.year", Y, &[("/year", "2028")], Fail(&[("/year", E)])),
    case("art22.year", Y, &[("/year", "null")], Fail(&[("/year", E)])),
    ctx_case("art22.year", Y, &[], ctx_base, Pass),
    ctx_case("art22.year", Y, &[], ctx_certified_2027, Fail(&[("/year", E)])),
    ctx_case("art22.one_per_year", Y, &[], ctx_year_free, Pass),
    ctx_case("art22.one_per_year", Y, &[], ctx_year_filed, Fail(&[("/year", E)])),
    ctx_case("art22.base_exists", Y, &[], ctx_base, Pass),
    ctx_case("art22.base_exists", Y, &[], ctx_no_base, Fail(&[("/base_id", E)])),
    ctx_case("art22.base_exists", V, &[], ctx_revoked, Fail(&[("/base_id", E)])),
    case("art16.director_report", Y, &[], Pass),
    case("art16.director_report", Y, &[("/director_report", "repeat:报:200")], Pass),
    case("art16.director_report", Y, &[("/director_report", "repeat:报:199")], Fail(&[("/director_report", E)])),
    case("art16.director_report", Y, &[("/director_report", "\"  \"")], Fail(&[("/director_report", E)])),
    case("art15.director_on_site", Y, &[], Pass),
    case("art15.director_on_site", Y, &[("/director_on_site_months", "3")], Pass),
    case("art15.director_on_site", Y, &[("/director_on_site_months", "2")], Fail(&[("/director_on_site_months", E)])),
    case(
        "art15.director_on_site",
        Y,
        &[("/director_on_site_months", "2"), ("/director_on_site_note", "\"下半年赴企业挂职，远程指导\"")],
        Fail(&[("/director_on_site_months", W)]),
    ),
    case("art15.director_on_site", Y, &[("/director_on_site_months", "13")], Fail(&[("/director_on_site_months", E)])),
    case("art15.director_on_site", Y, &[("/director_on_site_months", "null")], Fail(&[("/director_on_site_months", E)])),
    case("art22.figures", Y, &[], Pass),
    case("art22.figures", Y, &[("/trainees_passed", "600")], Pass),
    case("art22.figures", Y, &[("/trainees_passed", "601")], Fail(&[("/trainees_passed", E)])),
    case("art22.figures", Y, &[("/trainees_assessed", "621")], Fail(&[("/trainees_assessed", E)])),
    case("art22.figures", Y, &[("/fixed_instructors", "15")], Fail(&[("/fixed_instructors", E)])),
    case("art22.figures", Y, &[("/equipment_utilisation_pct", "101")], Fail(&[("/equipment_utilisation_pct", E)])),
    case("art22.figures", Y, &[("/funding_spent_cny", "-1")], Fail(&[("/funding_spent_cny", E)])),
    case("art22.figures", Y, &[("/courses_delivered", "null")], Fail(&[("/courses_delivered", E)])),
    case("art22.result", Y, &[], Pass),
    case("art22.result", Y, &[("/result", "\"fail\""), ("/remediation_plan", "repeat:改:100")], Pass),
    case("art22.result", Y, &[("/result", "\"fail\"")], Fail(&[("/remediation_plan", E)])),
    case("art22.result", Y, &[("/result", "\"fail\""), ("/remediation_plan", "repeat:改:99")], Fail(&[("/remediation_plan", E)])),
    case("art22.result", Y, &[("/result", "\"superb\"")], Fail(&[("/result", E)])),
    case("art22.result", Y, &[("/assessing_unit", "null")], Fail(&[("/assessing_unit", E)])),
    case("art24.declaration", Y, &[("/declaration", "false")], Fail(&[("/declaration", E)])),
    // --- evaluation (the example covers 2027–2029)
    case("text.required", V, &[("/base_id", "\"\"")], Fail(&[("/base_id", E)])),
    case("art23.period", V, &[], Pass),
    case("art23.period", V, &[("/period/to_year", "2030")], Fail(&[("/period/to_year", E)])),
    // 前三年: the period's last year is before the current year (2030 on evaluations' today).
    case(
        "art23.period",
        V,
        &[("/period/from_year", "2028"), ("/period/to_year", "2030"), ("/years/0/year", "2030")],
        Fail(&[("/period/to_year", E)]),
    ),
    case(
        "art23.period",
        V,
        &[("/period/from_year", "2029"), ("/period/to_year", "2031"), ("/years/0/year", "2030"), ("/years/1/year", "2031")],
        Fail(&[("/period/to_year", E)]),
    ),
    case("art23.period", V, &[("/period/from_year", "null")], Fail(&[("/period/from_year", E)])),
    case("art23.period", V, &[("/years/2/year", "2030")], Fail(&[("/years", E), ("/years/2/year", E)])),
    case("art23.period", V, &[("/years/2/year", "2028")], Fail(&[("/years", E), ("/years/2/year", E)])),
    ctx_case("art23.period_follows", V, &[], ctx_evaluation, Pass),
    ctx_case("art23.period_follows", V, &[], ctx_evaluation_second, Fail(&[("/period/from_year", E)])),
    case("art23.indicators", V, &[], Pass),
    case("art23.indicators", V, &[("/years", "[]")], Fail(&[("/years", E)])),
    case("art23.indicators", V, &[("/plan_completion", "\"完成\"")], Fail(&[("/plan_completion", E)])),
    case("art23.indicators", V, &[("/totals/trainees_passed", "null")], Fail(&[("/totals/trainees_passed", E)])),
    case("art23.indicators", V, &[("/years/1/planned_courses", "null")], Fail(&[("/years/1/planned_courses", E)])),
    case(
        "art23.indicators",
        V,
        &[("/team_building/summary", "null"), ("/openness/exchanges", "null"), ("/management", "null")],
        Fail(&[
            ("/team_building/summary", E),
            ("/openness/exchanges", E),
            ("/management/equipment_utilisation_pct", E),
            ("/management/summary", E),
        ]),
    ),
    case("art24.figures_consistent", V, &[], Pass),
    case(
        "art24.figures_consistent",
        V,
        &[("/years/0/completed_tasks", "11")],
        Fail(&[("/years/0/completed_tasks", E), ("/totals/completed_tasks", E)]),
    ),
    case(
        "art24.figures_consistent",
        V,
        &[("/years/1/trainees_passed", "521"), ("/totals/trainees_passed", "1461")],
        Fail(&[("/years/1/trainees_passed", E)]),
    ),
    case("art24.figures_consistent", V, &[("/totals/trainees_enrolled", "1601")], Fail(&[("/totals/trainees_enrolled", E)])),
    case(
        "art24.figures_consistent",
        V,
        &[("/management/equipment_utilisation_pct", "101")],
        Fail(&[("/management/equipment_utilisation_pct", E)]),
    ),
    case("art24.figures_consistent", V, &[("/openness/international_exchanges", "9")], Fail(&[("/openness/international_exchanges", E)])),
    case("art24.figures_consistent", V, &[("/team_building/instructors_end", "-1")], Fail(&[("/team_building/instructors_end", E)])),
    ctx_case("art24.overdue", V, &[], ctx_evaluation, Pass),
    ctx_case("art24.overdue", V, &[], ctx_evaluation_no_deadline, Pass),
    // Always a warning: with or without a special reason, the reviewer judges it.
    ctx_case("art24.overdue", V, &[], ctx_evaluation_overdue, Fail(&[("/overdue_reason", W)])),
    ctx_case("art24.overdue", V, &[("/overdue_reason", "\"  \"")], ctx_evaluation_overdue, Fail(&[("/overdue_reason", W)])),
    // Judged by the first submission's date: 2030-02-14 is within the month of grace of 2030-01-15.
    ctx_case("art24.overdue", V, &[], ctx_evaluation_overdue_first_in_time, Pass),
    ctx_case("art24.overdue", V, &[], ctx_evaluation_first_late, Fail(&[("/overdue_reason", W)])),
    ctx_case(
        "art24.overdue",
        V,
        &[("/overdue_reason", "\"受重大自然灾害影响，基地停课两个月\"")],
        ctx_evaluation_overdue,
        Fail(&[("/overdue_reason", W)]),
    ),
    ctx_case("art22.annual_filed", V, &[], ctx_evaluation, Pass),
    ctx_case("art22.annual_filed", V, &[], ctx_evaluation_annual_missing, Fail(&[("/annual_note", E)])),
    ctx_case(
        "art22.annual_filed",
        V,
        &[("/annual_note", "\"2028、2029年度考核材料已报责任单位，正在补报联盟\"")],
        ctx_evaluation_annual_missing,
        Fail(&[("/annual_note", W)]),
    ),
    case("art24.violation_declared", V, &[], Pass),
    case("art24.violation_declared", V, &[("/violations", "[\"2028年挪用实训经费\",\"  \"]")], Fail(&[("/violations/0", I)])),
    case("art24.declaration", V, &[], Pass),
    case("art24.declaration", V, &[("/declaration", "null")], Fail(&[("/declaration", E)])),
];

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
fn every_case_holds() {
    for c in CASES {
        run(c);
    }
}

#[test]
fn every_rule_has_a_passing_and_a_failing_case() {
    for meta in aii_rules::rules::all_rules() {
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
        let pass = CASES.iter().any(|c| c.rule == meta.id && matches!(c.expect, Pass));
        let fail = CASES.iter().any(|c| c.rule == meta.id && matches!(c.expect, Fail(_)));
        assert!(pass && fail, "rule {} needs a passing and a failing case (pass: {pass}, fail: {fail})", meta.id);
    }
}

#[test]
fn examples_are_valid_with_a_full_context() {
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
fn messages_match_the_contract_example() {
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
fn a_warning_without_justification_asks_for_one() {
    let doc = common::patched(D, &[("/on_site_months_per_year", "2")]);
    let report = check(D, &doc, &common::opts(Locale::Zh), None);
    let issue = report.issues.iter().find(|i| i.rule == "art15.on_site").unwrap();
    assert_eq!(issue.severity, E);
    assert!(issue.message.ends_with("请填写说明理由"), "{}", issue.message);
    assert_eq!(issue.params.text("note"), Some("/on_site_note"));
    assert!(!report.valid);
}

#[test]
fn age_is_counted_on_the_terms_first_day_with_leap_day_births() {
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
fn one_bad_field_never_hides_the_rest() {
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
fn text_holding_nul_is_reported_once_as_input_type() {
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
fn issues_follow_the_form_order_then_rule_id() {
    let doc = common::patched(A, &[("/declaration", "false"), ("/cycle", "null"), ("/unit/postal_code", "\"1\""), ("/unit/name", "null")]);
    let report = check(A, &doc, &common::opts(Locale::Zh), None);
    let paths: Vec<&str> = report.issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["/cycle", "/unit/name", "/unit/postal_code", "/partners", "/declaration"]);
}

#[test]
fn a_document_that_is_not_an_object_gets_one_issue() {
    for text in ["[]", "42", "\"form\"", "null"] {
        let doc: aii_rules::Value = serde_json::from_str(text).unwrap();
        let report = check(A, &doc, &common::opts(Locale::Zh), None);
        assert_eq!(report.issues.len(), 1);
        assert_eq!((&*report.issues[0].rule, report.issues[0].path.as_str()), ("input.type", ""));
    }
}

#[test]
fn full_base_name_follows_article_12() {
    assert_eq!(
        aii_rules::full_base_name(" 长三角智造 ", "示例工业职业技术大学"),
        "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）"
    );
}

/// Each rule's declared reads are complete: starting from every case's document, changing any
/// field the rule does not read (to any of a pool of values) never changes the rule's issues.
/// This is what makes the incremental re-check exact.
#[test]
fn rules_depend_only_on_the_fields_they_declare() {
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
    for c in CASES {
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
                for meta in aii_rules::rules::all_rules() {
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
fn message_of(report: &aii_rules::Report, rule: &str) -> String {
    report.issues.iter().find(|i| i.rule == rule).unwrap_or_else(|| panic!("no {rule}: {:#?}", report.issues)).message.to_string()
}

#[test]
fn years_not_yet_over_are_named_in_the_messages() {
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
fn context_messages_name_what_the_server_found() {
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
