//! Form `annual_assessment` — 年度考核备案 and the director's annual work report (Arts. 15,
//! 16, 22), and its registry. Also `art22.base_exists`, which the evaluation form shares.

use crate::context::BaseLookup;
use crate::forms::{AnnualAssessment, AnnualAssessmentForm, AssessmentResult, Val};
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::application::ART24_DECLARATION;
use crate::rules::{Env, Ptr, Rule, Sink, common, director};

/// FORMS.md: the director's annual work report is at least this long.
pub const REPORT_MIN: usize = 200;
/// FORMS.md: a `fail` result's remediation plan is at least this long.
pub const REMEDIATION_MIN: usize = 100;
/// Art. 15: months a year the director works at the base (一般不少于3个月).
pub const DIRECTOR_ON_SITE_MIN: i64 = 3;

/// Art. 22: 责任单位应对实训基地进行年度考核，考核情况应报联盟备案. A year is assessed once it is
/// over: the assessed year is before the current year (reason `not_over` for the current year
/// or a later one). The server also refuses a year before the base's certification.
pub static ART22_YEAR: &RuleMeta = &RuleMeta {
    id: "art22.year",
    article: art(22, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "The assessed year is over: before the current year (the server also refuses a year before the base's certification).",
    ),
    messages: msgs![
        ("required", "请填写考核年度", "Enter the assessed year"),
        ("not_over", "考核年度{year}年尚未结束", "The assessed year {year} is not over yet"),
        (
            "before_certification",
            "考核年度{year}年早于基地授牌（{certified}）",
            "The assessed year {year} is before the base was certified ({certified})",
        ),
    ],
};
pub static ART22_ONE_PER_YEAR: &RuleMeta = &RuleMeta {
    id: "art22.one_per_year",
    article: art(22, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("One filing per base per year (a database constraint)."),
    messages: msgs![("", "该基地{year}年度的考核情况已经备案", "This base's assessment for {year} is already on file")],
};
pub static ART22_BASE_EXISTS: &RuleMeta = &RuleMeta {
    id: "art22.base_exists",
    article: art(22, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The base assessed or evaluated is in the registry and not revoked."),
    messages: director::BASE_EXISTS_MESSAGES,
};
pub static ART16_DIRECTOR_REPORT: &RuleMeta = &RuleMeta {
    id: "art16.director_report",
    article: art(16, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The director's annual work report is present and of substance (≥ 200 characters)."),
    messages: msgs![
        ("required", "请填写实训基地主任的年度工作报告", "Enter the director's annual work report"),
        (
            "too_short",
            "年度工作报告过于简略：至少{min}个字（当前{actual}个）",
            "The annual work report is too brief: at least {min} characters (now {actual})",
        ),
    ],
};
pub static ART15_DIRECTOR_ON_SITE: &RuleMeta = &RuleMeta {
    id: "art15.director_on_site",
    article: art(15, 0),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("Months the director worked at the base that year ≥ 3 (一般不少于3个月), 0–12. Justification: director_on_site_note."),
    messages: msgs![
        (
            "",
            "主任本年度在实训基地工作{months}个月，少于一般不少于{min}个月的要求",
            "The director worked {months} months at the base this year, less than the usual minimum of {min}",
        ),
        ("required", "请填写主任本年度在实训基地工作的月数", "Enter the months the director worked at the base this year"),
        ("range", "月数应为0至12的整数", "Months are a whole number from 0 to 12"),
    ],
};
pub static ART22_FIGURES: &RuleMeta = &RuleMeta {
    id: "art22.figures",
    article: art(22, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "Figures are whole numbers ≥ 0 and consistent: passed ≤ assessed ≤ enrolled; fixed ≤ instructors; utilisation 0–100 %.",
    ),
    messages: msgs![
        ("required", "请填写此项数据", "Enter this figure"),
        ("negative", "数据不能为负数", "A figure cannot be negative"),
        (
            "assessed_over_enrolled",
            "参加考核人数（{actual}）不能超过招收学员人数（{max}）",
            "Trainees assessed ({actual}) cannot exceed trainees enrolled ({max})",
        ),
        (
            "passed_over_assessed",
            "考核通过人数（{actual}）不能超过参加考核人数（{max}）",
            "Trainees passed ({actual}) cannot exceed trainees assessed ({max})",
        ),
        (
            "fixed_over_instructors",
            "固定实训指导人员（{actual}）不能超过实训指导人员总数（{max}）",
            "Fixed instructors ({actual}) cannot exceed all instructors ({max})",
        ),
        ("percent", "百分比应在0至100之间（当前{actual}）", "A percentage is between 0 and 100 (now {actual})"),
    ],
};
pub static ART22_RESULT: &RuleMeta = &RuleMeta {
    id: "art22.result",
    article: art(22, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "The result is excellent 优秀 / good 良好 / pass 合格 / fail 不合格, with the assessing unit named; fail needs a remediation plan (≥ 100 characters).",
    ),
    messages: msgs![
        ("required", "请选择考核结果：优秀、良好、合格或不合格", "Choose the result: excellent, good, pass or fail"),
        ("unit", "请填写组织考核的责任单位", "Enter the unit that assessed the base"),
        ("plan", "考核不合格须附整改方案", "A failed assessment needs a remediation plan"),
        (
            "plan_short",
            "整改方案过于简略：至少{min}个字（当前{actual}个）",
            "The remediation plan is too brief: at least {min} characters (now {actual})",
        ),
    ],
};

/// `art22.figures`/`art24.figures_consistent`: a present figure must be ≥ 0 (reason
/// `negative`), a missing one is reported (reason `required`); returns it when usable.
pub(crate) fn figure(s: &mut Sink, v: &Val<i64>, path: &str) -> Option<i64> {
    match v {
        Val::Missing => {
            s.error_for(path, "required");
            None
        }
        Val::Ok(n) if *n < 0 => {
            s.error_for(path, "negative");
            None
        }
        Val::Ok(n) => Some(*n),
        _ => None,
    }
}

/// `a ≤ b`, or an issue at `path` (on `a`) whose `reason` names the pair.
pub(crate) fn at_most(s: &mut Sink, a: Option<i64>, b: Option<i64>, path: Ptr, reason: &'static str) {
    if let (Some(a), Some(b)) = (a, b)
        && a > b
    {
        s.error(path, Params::new().with("reason", reason).with("actual", a).with("max", b));
    }
}

/// A percentage 0–100 (reason `percent`), after [`figure`].
pub(crate) fn percent(s: &mut Sink, v: &Val<i64>, path: &str) {
    if let Some(p) = figure(s, v, path)
        && p > 100
    {
        s.error(path, Params::new().with("reason", "percent").with("actual", p));
    }
}

fn required_fields(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    common::required(s, &f.base_id, "/base_id");
}

fn year(f: &AnnualAssessment, env: &Env, s: &mut Sink) {
    let year = match f.year {
        Val::Missing => return s.error_for("/year", "required"),
        Val::Ok(y) => y,
        _ => return,
    };
    let current_year = i64::from(env.today.year());
    if year >= current_year {
        return s.error("/year", Params::new().with("reason", "not_over").with("year", year).with("current_year", current_year));
    }
    if let Some(BaseLookup::Found(base)) = env.context.and_then(|c| c.base.as_ref())
        && let Some(certified) = base.certified_on
        && year < i64::from(certified.year())
    {
        s.error("/year", Params::new().with("reason", "before_certification").with("year", year).with("certified", certified.to_text()));
    }
}

fn one_per_year(f: &AnnualAssessment, env: &Env, s: &mut Sink) {
    if env.context.and_then(|c| c.annual_filed_for_year) == Some(true)
        && let Some(year) = f.year.get()
    {
        s.error("/year", Params::new().with("year", year));
    }
}

fn base_exists_rule(_: &AnnualAssessment, env: &Env, s: &mut Sink) {
    director::base_exists(env, s);
}

fn director_report(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    common::substance(s, &f.director_report, "/director_report", REPORT_MIN);
}

fn director_on_site(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    let path = "/director_on_site_months";
    match f.director_on_site_months {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(m) if !(0..=12).contains(&m) => s.error_for(path, "range"),
        Val::Ok(m) if m < DIRECTOR_ON_SITE_MIN => s.warn(
            path,
            Params::new().with("months", m).with("min", DIRECTOR_ON_SITE_MIN),
            &f.director_on_site_note,
            "/director_on_site_note",
        ),
        _ => {}
    }
}

fn figures(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    figure(s, &f.courses_delivered, "/courses_delivered");
    let enrolled = figure(s, &f.trainees_enrolled, "/trainees_enrolled");
    let assessed = figure(s, &f.trainees_assessed, "/trainees_assessed");
    let passed = figure(s, &f.trainees_passed, "/trainees_passed");
    let instructors = figure(s, &f.instructors, "/instructors");
    let fixed = figure(s, &f.fixed_instructors, "/fixed_instructors");
    percent(s, &f.equipment_utilisation_pct, "/equipment_utilisation_pct");
    figure(s, &f.open_activities, "/open_activities");
    figure(s, &f.funding_spent_cny, "/funding_spent_cny");
    at_most(s, assessed, enrolled, "/trainees_assessed".into(), "assessed_over_enrolled");
    at_most(s, passed, assessed, "/trainees_passed".into(), "passed_over_assessed");
    at_most(s, fixed, instructors, "/fixed_instructors".into(), "fixed_over_instructors");
}

fn result(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    if matches!(f.result, Val::Missing | Val::Invalid) {
        s.error_for("/result", "required");
    }
    if f.assessing_unit.is_missing() {
        s.error_for("/assessing_unit", "unit");
    }
    if f.result.get() == Some(AssessmentResult::Fail) {
        match f.remediation_plan {
            Val::Missing => s.error_for("/remediation_plan", "plan"),
            Val::Ok(_) if crate::forms::fewer_chars(&f.remediation_plan, REMEDIATION_MIN) => s.error(
                "/remediation_plan",
                Params::new()
                    .with("reason", "plan_short")
                    .with("min", REMEDIATION_MIN)
                    .with("actual", crate::forms::chars(&f.remediation_plan)),
            ),
            _ => {}
        }
    }
}

fn declaration(f: &AnnualAssessment, _: &Env, s: &mut Sink) {
    common::declaration(s, &f.declaration);
}

/// The `annual_assessment` form's rules, with the fields each reads.
/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] =
    &[ART22_YEAR, ART16_DIRECTOR_REPORT, ART15_DIRECTOR_ON_SITE, ART22_FIGURES, ART22_RESULT, ART22_BASE_EXISTS, ART22_ONE_PER_YEAR];

pub static RULES: &[Rule<AnnualAssessmentForm>] = &[
    Rule { meta: common::TEXT_REQUIRED, reads: &["/base_id"], run: required_fields },
    Rule { meta: ART22_YEAR, reads: &["/base_id", "/year"], run: year },
    Rule { meta: ART16_DIRECTOR_REPORT, reads: &["/director_report"], run: director_report },
    Rule { meta: ART15_DIRECTOR_ON_SITE, reads: &["/director_on_site_months", "/director_on_site_note"], run: director_on_site },
    Rule {
        meta: ART22_FIGURES,
        reads: &[
            "/courses_delivered",
            "/trainees_enrolled",
            "/trainees_assessed",
            "/trainees_passed",
            "/instructors",
            "/fixed_instructors",
            "/equipment_utilisation_pct",
            "/open_activities",
            "/funding_spent_cny",
        ],
        run: figures,
    },
    Rule { meta: ART22_RESULT, reads: &["/result", "/assessing_unit", "/remediation_plan"], run: result },
    Rule { meta: ART24_DECLARATION, reads: &["/declaration"], run: declaration },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<AnnualAssessmentForm>] = &[
    Rule { meta: ART22_BASE_EXISTS, reads: &["/base_id"], run: base_exists_rule },
    Rule { meta: ART22_ONE_PER_YEAR, reads: &["/base_id", "/year"], run: one_per_year },
];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
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
    ];
}
