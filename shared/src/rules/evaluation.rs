//! Form `evaluation` — the three-yearly evaluation materials (Arts. 22–25), and its registry.

use alloc::string::String;
use alloc::vec::Vec;

use crate::forms::{Evaluation, EvaluationForm, FIGURES, Figures, Val};
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::annual::{ART22_BASE_EXISTS, at_most, percent};
use crate::rules::application::ART24_DECLARATION;
use crate::rules::{Env, Ptr, Rule, Sink, at, common, director};

/// Art. 23: 每三年进行一次定期评估.
pub const PERIOD_YEARS: i64 = 3;
/// FORMS.md: `plan_completion` and every `summary`.
pub const SUMMARY_MIN: usize = 50;

/// Art. 23: 评估主要对实训基地前三年的整体运行状况进行综合评价. The period is three
/// consecutive years, each reported once in `years`, and all of them over (前三年): its last
/// year is before the current year (reason `not_over`).
pub static ART23_PERIOD: &RuleMeta = &RuleMeta {
    id: "art23.period",
    article: art(23, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "The period covers exactly three consecutive years, each reported once in `years`, all over: its last year is before the current year.",
    ),
    messages: msgs![
        ("required", "请填写评估期的起止年度", "Enter the first and last year of the period"),
        ("length", "评估期为连续{years}年：应至{expected}年止", "The period is {years} consecutive years: it should end in {expected}"),
        ("not_over", "评估期应为已结束的前三年：{year}年尚未结束", "The period is three past years: {year} is not over yet"),
        ("outside", "{year}年不在评估期内", "{year} is not a year of the period"),
        ("duplicate", "{year}年已经填写过", "{year} is reported twice"),
        ("missing", "缺少{year}年的逐年数据", "The figures for {year} are missing"),
    ],
};
pub static ART23_PERIOD_FOLLOWS: &RuleMeta = &RuleMeta {
    id: "art23.period_follows",
    article: art(23, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The period starts at certification or right after the base's last evaluation period."),
    messages: msgs![(
        "",
        "评估期应自{expected}年起（自授牌或上一评估期结束后起算）",
        "The period should start in {expected} (at certification or right after the last evaluated period)",
    )],
};
pub static ART23_INDICATORS: &RuleMeta = &RuleMeta {
    id: "art23.indicators",
    article: art(23, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "Every indicator of Art. 23 is reported: plan completion, task completion, trainee assessment, team building, openness and exchange, operations management.",
    ),
    messages: msgs![
        ("required", "请填写此项评估指标", "Report this indicator"),
        ("years", "请逐年填写评估期内的计划与完成情况", "Report the plans and results of each year of the period"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART24_FIGURES_CONSISTENT: &RuleMeta = &RuleMeta {
    id: "art24.figures_consistent",
    article: art(24, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "Figures are consistent: ≥ 0, completed ≤ planned, passed ≤ assessed ≤ enrolled, percentages 0–100, years sum to the totals.",
    ),
    messages: msgs![
        ("negative", "数据不能为负数", "A figure cannot be negative"),
        (
            "tasks_over_planned",
            "完成任务数（{actual}）不能超过计划任务数（{max}）",
            "Tasks completed ({actual}) cannot exceed tasks planned ({max})",
        ),
        (
            "courses_over_planned",
            "完成课程数（{actual}）不能超过计划课程数（{max}）",
            "Courses completed ({actual}) cannot exceed courses planned ({max})",
        ),
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
            "international_over_exchanges",
            "国际交流次数（{actual}）不能超过交流总次数（{max}）",
            "International exchanges ({actual}) cannot exceed all exchanges ({max})",
        ),
        ("percent", "百分比应在0至100之间（当前{actual}）", "A percentage is between 0 and 100 (now {actual})"),
        (
            "sum",
            "合计（{actual}）与逐年数据之和（{expected}）不一致",
            "The total ({actual}) differs from the sum of the years ({expected})",
        ),
    ],
};
/// Art. 24(2): 无特殊原因，逾期一个月不上报评估材料 (ground for `unqualified`). First submitted
/// (`Context::first_submitted_on`, else today: a resubmission keeps its first date) more than
/// one calendar month after the evaluation deadline. Always a warning, never an error: the
/// material is kept and the reviewer judges the special reason (特殊原因), `overdue_reason` if
/// given (reason `explained`); without one it is the ground of Art. 24(2) for `unqualified`.
pub static ART24_OVERDUE: &RuleMeta = &RuleMeta {
    id: "art24.overdue",
    article: art(24, 2),
    severity: Severity::Warning,
    scope: Scope::Context,
    summary: summary(
        "First submitted more than one calendar month after the evaluation deadline. Always a warning (never an error): the reviewer gets it with `overdue_reason` (特殊原因) if given; without one it is the ground of Art. 24(2) for unqualified.",
    ),
    messages: msgs![
        (
            "",
            "评估材料应于{deadline}前上报，已逾期超过一个月（逾期{days}天），且未说明特殊原因：依第二十四条（二），无特殊原因逾期一个月不上报评估材料的，评估不合格",
            "The materials were due by {deadline} and are more than a month late ({days} days) with no special reason given: under Art. 24(2), materials more than a month late without a special reason make the evaluation unqualified",
        ),
        (
            "explained",
            "评估材料应于{deadline}前上报，已逾期超过一个月（逾期{days}天）；所填特殊原因将提交评审认定",
            "The materials were due by {deadline} and are more than a month late ({days} days); the special reason given goes to the reviewers to judge",
        ),
    ],
};
pub static ART22_ANNUAL_FILED: &RuleMeta = &RuleMeta {
    id: "art22.annual_filed",
    article: art(22, 0),
    severity: Severity::Warning,
    scope: Scope::Context,
    summary: summary("Each year of the period has its annual assessment on file; missing years need `annual_note`."),
    messages: msgs![("", "以下年度的年度考核情况未报联盟备案：{years}", "No annual assessment is on file for: {years}")],
};
pub static ART24_VIOLATION_DECLARED: &RuleMeta = &RuleMeta {
    id: "art24.violation_declared",
    article: art(24, 4),
    severity: Severity::Info,
    scope: Scope::Local,
    summary: summary("A declared major violation is flagged for the expert group (it makes the evaluation unqualified, Art. 24(4))."),
    messages: msgs![(
        "",
        "已申报重大违规事项，将提请评估专家组认定（存在重大违规的，评估不合格）",
        "A major violation is declared; the expert group will rule on it (a major violation makes the evaluation unqualified)",
    )],
};

fn required_fields(f: &Evaluation, _: &Env, s: &mut Sink) {
    common::required(s, &f.base_id, "/base_id");
}

/// The period's years, when both ends are known and the period is three years long.
fn period_years(f: &Evaluation) -> Option<(i64, i64)> {
    let (from, to) = (f.period.from_year.get()?, f.period.to_year.get()?);
    (to - from == PERIOD_YEARS - 1).then_some((from, to))
}

fn period(f: &Evaluation, env: &Env, s: &mut Sink) {
    if f.period.from_year.is_missing() {
        s.error_for("/period/from_year", "required");
    }
    if f.period.to_year.is_missing() {
        s.error_for("/period/to_year", "required");
    }
    if let (Some(from), Some(to)) = (f.period.from_year.get(), f.period.to_year.get())
        && to - from != PERIOD_YEARS - 1
    {
        s.error(
            "/period/to_year",
            Params::new().with("reason", "length").with("years", PERIOD_YEARS).with("expected", from + PERIOD_YEARS - 1),
        );
    } else if let Some(to) = f.period.to_year.get()
        && to >= i64::from(env.today.year())
    {
        // 前三年: every year of the period is over.
        let current_year = i64::from(env.today.year());
        s.error("/period/to_year", Params::new().with("reason", "not_over").with("year", to).with("current_year", current_year));
    }
    let (Some((from, to)), Some(items)) = (period_years(f), f.years.ok()) else {
        return;
    };
    let mut seen: Vec<i64> = Vec::new();
    for (i, y) in items.iter().enumerate() {
        let Some(year) = y.year.get() else { continue };
        if !(from..=to).contains(&year) {
            s.error(at("/years", i, "year"), Params::new().with("reason", "outside").with("year", year));
        } else if seen.contains(&year) {
            s.error(at("/years", i, "year"), Params::new().with("reason", "duplicate").with("year", year));
        } else {
            seen.push(year);
        }
    }
    // Missing years are reported once the list has rows (an empty list is an indicator issue).
    if !items.is_empty() {
        for year in from..=to {
            if !seen.contains(&year) {
                s.error("/years", Params::new().with("reason", "missing").with("year", year));
            }
        }
    }
}

fn period_follows(f: &Evaluation, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context.and_then(|c| c.evaluation.as_ref()) else { return };
    if let (Some(from), Some(&expected)) = (f.period.from_year.get(), ctx.period_starts.first())
        && !ctx.period_starts.contains(&from)
    {
        s.error("/period/from_year", Params::new().with("expected", expected));
    }
}

/// The pointer of a figure: of the year at `year` in `/years`, or of `/totals` for `None`.
fn figure_ptr(year: Option<usize>, name: &'static str) -> Ptr<'static> {
    match year {
        Some(i) => Ptr::at("/years", i, name),
        None => Ptr::child("/totals", name),
    }
}

fn required_figures(s: &mut Sink, figures: &Figures, year: Option<usize>) {
    for (v, name) in figures.values.iter().zip(FIGURES) {
        if v.is_missing() {
            s.error_for(figure_ptr(year, name), "required");
        }
    }
}

fn indicators(f: &Evaluation, _: &Env, s: &mut Sink) {
    common::substance(s, &f.plan_completion, "/plan_completion", SUMMARY_MIN);
    match &f.years {
        Val::Ok(items) if !items.is_empty() => {
            for (i, y) in items.iter().enumerate() {
                if y.year.is_missing() {
                    s.error_for(at("/years", i, "year"), "required");
                }
                required_figures(s, &y.figures, Some(i));
            }
        }
        Val::Ok(_) | Val::Missing => s.error_for("/years", "years"),
        _ => {}
    }
    required_figures(s, &f.totals, None);
    let required = |s: &mut Sink, v: &Val<i64>, path: &str| {
        if v.is_missing() {
            s.error_for(path, "required");
        }
    };
    required(s, &f.team_building.instructors_start, "/team_building/instructors_start");
    required(s, &f.team_building.instructors_end, "/team_building/instructors_end");
    common::substance(s, &f.team_building.summary, "/team_building/summary", SUMMARY_MIN);
    required(s, &f.openness.exchanges, "/openness/exchanges");
    required(s, &f.openness.international_exchanges, "/openness/international_exchanges");
    common::substance(s, &f.openness.summary, "/openness/summary", SUMMARY_MIN);
    required(s, &f.management.equipment_utilisation_pct, "/management/equipment_utilisation_pct");
    common::substance(s, &f.management.summary, "/management/summary", SUMMARY_MIN);
}

/// A present figure that is ≥ 0; a negative one is reported.
fn non_negative(s: &mut Sink, v: &Val<i64>, path: Ptr) -> Option<i64> {
    match v.get()? {
        n if n < 0 => {
            s.error_for(path, "negative");
            None
        }
        n => Some(n),
    }
}

/// The consistency of one row of figures: completed ≤ planned, passed ≤ assessed ≤ enrolled.
fn row(s: &mut Sink, figures: &Figures, year: Option<usize>) -> [Option<i64>; 7] {
    let mut v = [None; 7];
    for k in 0..7 {
        v[k] = non_negative(s, &figures.values[k], figure_ptr(year, FIGURES[k]));
    }
    let mut pair = |a: usize, b: usize, reason: &'static str| {
        if let (Some(x), Some(y)) = (v[a], v[b])
            && x > y
        {
            at_most(s, Some(x), Some(y), figure_ptr(year, FIGURES[a]), reason);
        }
    };
    pair(1, 0, "tasks_over_planned");
    pair(3, 2, "courses_over_planned");
    pair(5, 4, "assessed_over_enrolled");
    pair(6, 5, "passed_over_assessed");
    v
}

fn figures_consistent(f: &Evaluation, _: &Env, s: &mut Sink) {
    let mut sums: [Option<i64>; 7] = [Some(0); 7];
    let mut any_year = false;
    if let Some(items) = f.years.ok() {
        for (i, y) in items.iter().enumerate() {
            any_year = true;
            let v = row(s, &y.figures, Some(i));
            for k in 0..7 {
                sums[k] = match (sums[k], v[k]) {
                    (Some(a), Some(b)) => a.checked_add(b),
                    _ => None,
                };
            }
        }
    }
    let totals = row(s, &f.totals, None);
    if any_year {
        for k in 0..7 {
            if let (Some(sum), Some(total)) = (sums[k], totals[k])
                && sum != total
            {
                s.error(figure_ptr(None, FIGURES[k]), Params::new().with("reason", "sum").with("actual", total).with("expected", sum));
            }
        }
    }
    non_negative(s, &f.team_building.instructors_start, "/team_building/instructors_start".into());
    non_negative(s, &f.team_building.instructors_end, "/team_building/instructors_end".into());
    let exchanges = non_negative(s, &f.openness.exchanges, "/openness/exchanges".into());
    let international = non_negative(s, &f.openness.international_exchanges, "/openness/international_exchanges".into());
    at_most(s, international, exchanges, "/openness/international_exchanges".into(), "international_over_exchanges");
    if !matches!(f.management.equipment_utilisation_pct, Val::Missing) {
        percent(s, &f.management.equipment_utilisation_pct, "/management/equipment_utilisation_pct");
    }
}

fn overdue(f: &Evaluation, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context else { return };
    let Some(deadline) = ctx.evaluation.as_ref().and_then(|e| e.deadline) else {
        return;
    };
    let submitted = ctx.first_submitted_on.unwrap_or(env.today);
    if submitted > deadline.add_months(1) {
        let days = submitted.day_number() - deadline.day_number();
        // `note`: where the special reason goes (the reviewer reads it there). Never `Sink::warn`:
        // a missing reason does not make this an error.
        let params = Params::new().with("deadline", deadline.to_text()).with("days", days).with("note", "/overdue_reason");
        match f.overdue_reason {
            Val::Ok(_) => s.warning("/overdue_reason", params.with("reason", "explained")),
            _ => s.warning("/overdue_reason", params),
        }
    }
}

fn annual_filed(f: &Evaluation, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context.and_then(|c| c.evaluation.as_ref()) else { return };
    let Some((from, to)) = period_years(f) else { return };
    let missing: Vec<String> = (from..=to)
        .filter(|y| !ctx.annual_years.contains(y))
        .map(|y| {
            let mut t = String::new();
            crate::json::write_int(&mut t, y);
            t
        })
        .collect();
    if !missing.is_empty() {
        s.warn("/annual_note", Params::new().with("years", missing), &f.annual_note, "/annual_note");
    }
}

fn violation_declared(f: &Evaluation, _: &Env, s: &mut Sink) {
    if let Some(items) = f.violations.ok() {
        for (i, v) in items.iter().enumerate() {
            if v.is_present() {
                s.info(at("/violations", i, ""), Params::new());
            }
        }
    }
}

fn declaration(f: &Evaluation, _: &Env, s: &mut Sink) {
    common::declaration(s, &f.declaration);
}

fn base_exists_rule(_: &Evaluation, env: &Env, s: &mut Sink) {
    director::base_exists(env, s);
}

/// The `evaluation` form's rules, with the fields each reads.
/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[
    ART23_PERIOD,
    ART23_INDICATORS,
    ART24_FIGURES_CONSISTENT,
    ART24_VIOLATION_DECLARED,
    ART23_PERIOD_FOLLOWS,
    ART24_OVERDUE,
    ART22_ANNUAL_FILED,
];

/// A rule's reads: `head`, then every figure of [`FIGURES`] in each year and in the totals,
/// then `tail` (`figure_reads![head…; tail…]`; the names as in `FIGURES`).
macro_rules! figure_reads {
    [$($head:literal),*; $($tail:literal),*] => {
        figure_reads!(@ [$($head),*] [$($tail),*]
            planned_tasks completed_tasks planned_courses completed_courses trainees_enrolled trainees_assessed trainees_passed)
    };
    (@ [$($head:literal),*] [$($tail:literal),*] $($figure:ident)*) => {
        &[$($head,)* $(concat!("/years/*/", stringify!($figure)),)* $(concat!("/totals/", stringify!($figure)),)* $($tail),*]
    };
}

pub static RULES: &[Rule<EvaluationForm>] = &[
    Rule { meta: common::TEXT_REQUIRED, reads: &["/base_id"], run: required_fields },
    Rule { meta: ART23_PERIOD, reads: &["/period/from_year", "/period/to_year", "/years/*/year"], run: period },
    Rule {
        meta: ART23_INDICATORS,
        reads: figure_reads![
            "/plan_completion", "/years/*/year";
            "/team_building/instructors_start", "/team_building/instructors_end", "/team_building/summary",
            "/openness/exchanges", "/openness/international_exchanges", "/openness/summary",
            "/management/equipment_utilisation_pct", "/management/summary"
        ],
        run: indicators,
    },
    Rule {
        meta: ART24_FIGURES_CONSISTENT,
        reads: figure_reads![;
            "/team_building/instructors_start", "/team_building/instructors_end",
            "/openness/exchanges", "/openness/international_exchanges",
            "/management/equipment_utilisation_pct"
        ],
        run: figures_consistent,
    },
    Rule { meta: ART24_VIOLATION_DECLARED, reads: &["/violations/*"], run: violation_declared },
    Rule { meta: ART24_DECLARATION, reads: &["/declaration"], run: declaration },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<EvaluationForm>] = &[
    Rule { meta: ART22_BASE_EXISTS, reads: &["/base_id"], run: base_exists_rule },
    Rule { meta: ART23_PERIOD_FOLLOWS, reads: &["/base_id", "/period/from_year"], run: period_follows },
    Rule { meta: ART24_OVERDUE, reads: &["/base_id", "/period/to_year", "/overdue_reason"], run: overdue },
    Rule { meta: ART22_ANNUAL_FILED, reads: &["/base_id", "/period/from_year", "/period/to_year", "/annual_note"], run: annual_filed },
];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
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
        case(
            "art24.figures_consistent",
            V,
            &[("/openness/international_exchanges", "9")],
            Fail(&[("/openness/international_exchanges", E)]),
        ),
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
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `figure_reads!` names the figures of [`FIGURES`], each once, in the years and the totals.
    #[test]
    fn figure_reads_are_the_figures() {
        let reads = RULES.iter().find(|r| r.meta.id == ART24_FIGURES_CONSISTENT.id).unwrap().reads;
        let want: Vec<String> =
            ["/years/*/", "/totals/"].iter().flat_map(|p| FIGURES.iter().map(move |f| alloc::format!("{p}{f}"))).collect();
        assert_eq!(&reads[..want.len()], want.as_slice());
    }
}
