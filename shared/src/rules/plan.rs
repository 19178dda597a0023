//! Form `training_plan` — the base's goals, tasks, training plan and teaching scheme (Art. 16,
//! PROCEDURE.md "Training plan"), and its registry.

use alloc::string::String;

use crate::context::BaseLookup;
use crate::forms::{TrainingPlan, TrainingPlanForm, Val};
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::annual::ART22_BASE_EXISTS;
use crate::rules::{Env, Rule, Sink, at, common, director};

/// PROCEDURE.md: goals and tasks are at least this long.
pub const GOALS_MIN: usize = 50;
/// PROCEDURE.md: the teaching scheme is at least this long.
pub const SCHEME_MIN: usize = 100;
/// PROCEDURE.md: a course's hours.
pub const HOURS: (i64, i64) = (1, 2000);
/// PROCEDURE.md: a course's planned trainees.
pub const TRAINEES: (i64, i64) = (1, 10000);

/// Art. 16: 实训基地的目标、任务和实训计划、教学方案等，由本实训基地制定. Goals and tasks of at
/// least 50 characters each, a teaching scheme of at least 100, at least one course, each with
/// 1–2000 hours and 1–10000 trainees planned (whole numbers).
pub static ART16_PLAN: &RuleMeta = &RuleMeta {
    id: "art16.plan",
    article: art(16, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "Goals and tasks ≥ 50 characters each, a teaching scheme ≥ 100; at least one course; hours 1-2000 and trainees 1-10000 per course.",
    ),
    messages: msgs![
        ("", "至少{min}个字（当前{actual}个）", "At least {min} characters (now {actual})"),
        ("courses", "请至少填写一门实训课程", "Add at least one course"),
        ("range", "应为{min}至{max}的整数", "A whole number from {min} to {max}"),
    ],
};

/// Art. 16: 由联盟组织相关工作组讨论 — the plan trains in the base's own directions: every
/// course's direction is one of the base's registered directions.
pub static ART16_PLAN_DIRECTIONS: &RuleMeta = &RuleMeta {
    id: "art16.plan_directions",
    article: art(16, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("Every course's direction is one of the base's registered directions."),
    messages: msgs![(
        "",
        "“{name_zh}”不是本基地已登记的实训方向（{registered_zh}）",
        "\"{name_en}\" is not one of the base's registered directions ({registered_en})",
    )],
};

/// Art. 16: 报常务理事会审议. A plan is for the current year or the next, and a base has one
/// approved plan a year (a database constraint backs the server's check).
pub static ART16_PLAN_YEAR: &RuleMeta = &RuleMeta {
    id: "art16.plan_year",
    article: art(16, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The year is the current or the next; one approved plan per base and year (a database constraint)."),
    messages: msgs![
        ("year", "计划年度须为本年度（{current_year}）或下一年度", "The plan's year is this year ({current_year}) or the next"),
        ("approved", "该基地{year}年度的实训计划已经审议通过", "The base's plan for {year} is already approved"),
        ("required", "请填写计划年度", "Enter the plan's year"),
    ],
};

/// What is missing is `text.required`'s to report; `art16.plan` judges what is there.
fn required_fields(f: &TrainingPlan, _: &Env, s: &mut Sink) {
    common::required(s, &f.base_id, "/base_id");
    common::required(s, &f.goals, "/goals");
    common::required(s, &f.tasks, "/tasks");
    common::required(s, &f.teaching_scheme, "/teaching_scheme");
    if let Some(list) = f.courses.ok() {
        for (i, c) in list.iter().enumerate() {
            common::required_at(s, &c.title, "/courses", i, "title");
            common::required_at(s, &c.direction, "/courses", i, "direction");
            common::required_at(s, &c.hours, "/courses", i, "hours");
            common::required_at(s, &c.trainees_planned, "/courses", i, "trainees_planned");
        }
    }
}

/// A present whole number outside `min..=max` (reason `range`).
fn in_range(s: &mut Sink, v: &Val<i64>, path: &str, (min, max): (i64, i64)) {
    if let Val::Ok(n) = v
        && !(min..=max).contains(n)
    {
        s.error(path, Params::new().with("reason", "range").with("min", min).with("max", max));
    }
}

/// A present statement shorter than `min` characters.
fn of_substance(s: &mut Sink, v: &Val<&str>, path: &str, min: usize) {
    if matches!(v, Val::Ok(_)) && crate::forms::fewer_chars(v, min) {
        s.error(path, Params::new().with("min", min).with("actual", crate::forms::chars(v)));
    }
}

fn plan(f: &TrainingPlan, _: &Env, s: &mut Sink) {
    of_substance(s, &f.goals, "/goals", GOALS_MIN);
    of_substance(s, &f.tasks, "/tasks", GOALS_MIN);
    of_substance(s, &f.teaching_scheme, "/teaching_scheme", SCHEME_MIN);
    match &f.courses {
        Val::Ok(list) if !list.is_empty() => {
            for (i, c) in list.iter().enumerate() {
                in_range(s, &c.hours, &at("/courses", i, "hours"), HOURS);
                in_range(s, &c.trainees_planned, &at("/courses", i, "trainees_planned"), TRAINEES);
            }
        }
        Val::Ok(_) | Val::Missing => s.error_for("/courses", "courses"),
        _ => {}
    }
}

fn plan_directions(f: &TrainingPlan, env: &Env, s: &mut Sink) {
    let Some(BaseLookup::Found(base)) = env.context.and_then(|c| c.base.as_ref()) else { return };
    let Some(list) = f.courses.ok() else { return };
    for (i, c) in list.iter().enumerate() {
        if let Some(code) = c.direction.get()
            && !base.directions.iter().any(|d| d == code)
        {
            // Named in both languages, the code alone where the catalogue has no such direction.
            // (`String` and `push_str` only: the widget's `no_std` build compiles this too.)
            let name = |code: &str, zh: bool| {
                String::from(crate::catalog::direction(code).map_or(code, |d| if zh { d.name_zh } else { d.name_en }))
            };
            let registered = |zh: bool| {
                let mut all = String::new();
                for (n, d) in base.directions.iter().enumerate() {
                    if n > 0 {
                        all.push_str(if zh { "、" } else { "; " });
                    }
                    all.push_str(&name(d, zh));
                }
                all
            };
            let p = Params::new()
                .with("code", String::from(code))
                .with("name_zh", name(code, true))
                .with("name_en", name(code, false))
                .with("registered_zh", registered(true))
                .with("registered_en", registered(false));
            s.error(&at("/courses", i, "direction"), p);
        }
    }
}

fn plan_year(f: &TrainingPlan, env: &Env, s: &mut Sink) {
    let year = match f.year {
        Val::Missing => return s.error_for("/year", "required"),
        Val::Ok(y) => y,
        _ => return,
    };
    let current_year = i64::from(env.today.year());
    if year != current_year && year != current_year + 1 {
        return s.error("/year", Params::new().with("reason", "year").with("current_year", current_year));
    }
    if env.context.and_then(|c| c.plan_approved_for_year) == Some(true) {
        s.error("/year", Params::new().with("reason", "approved").with("year", year));
    }
}

fn base_exists_rule(_: &TrainingPlan, env: &Env, s: &mut Sink) {
    director::base_exists(env, s);
}

/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[ART16_PLAN, ART16_PLAN_DIRECTIONS, ART16_PLAN_YEAR];

/// The `training_plan` form's rules, with the fields each reads.
pub static RULES: &[Rule<TrainingPlanForm>] = &[
    Rule {
        meta: common::TEXT_REQUIRED,
        reads: &[
            "/base_id",
            "/goals",
            "/tasks",
            "/teaching_scheme",
            "/courses/*/title",
            "/courses/*/direction",
            "/courses/*/hours",
            "/courses/*/trainees_planned",
        ],
        run: required_fields,
    },
    Rule {
        meta: ART16_PLAN,
        reads: &["/goals", "/tasks", "/teaching_scheme", "/courses", "/courses/*/hours", "/courses/*/trainees_planned"],
        run: plan,
    },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<TrainingPlanForm>] = &[
    Rule { meta: ART22_BASE_EXISTS, reads: &["/base_id"], run: base_exists_rule },
    Rule { meta: ART16_PLAN_DIRECTIONS, reads: &["/base_id", "/courses/*/direction"], run: plan_directions },
    Rule { meta: ART16_PLAN_YEAR, reads: &["/base_id", "/year"], run: plan_year },
];

/// This family's table cases: each patches the valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
        case("art16.plan", P, &[], Pass),
        case("art16.plan", P, &[("/goals", "repeat:标:50"), ("/tasks", "repeat:任:50"), ("/teaching_scheme", "repeat:教:100")], Pass),
        case("art16.plan", P, &[("/goals", "repeat:标:49")], Fail(&[("/goals", E)])),
        case("art16.plan", P, &[("/tasks", "null")], Pass),
        case("text.required", P, &[("/tasks", "null")], Fail(&[("/tasks", E)])),
        case("art16.plan", P, &[("/teaching_scheme", "repeat:教:99")], Fail(&[("/teaching_scheme", E)])),
        case("art16.plan", P, &[("/courses", "[]")], Fail(&[("/courses", E)])),
        case("art16.plan", P, &[("/courses/0/hours", "2000"), ("/courses/1/trainees_planned", "10000")], Pass),
        case("art16.plan", P, &[("/courses/0/hours", "0")], Fail(&[("/courses/0/hours", E)])),
        case("art16.plan", P, &[("/courses/0/hours", "2001")], Fail(&[("/courses/0/hours", E)])),
        case("art16.plan", P, &[("/courses/1/trainees_planned", "10001")], Fail(&[("/courses/1/trainees_planned", E)])),
        case("text.required", P, &[("/courses/1/trainees_planned", "null")], Fail(&[("/courses/1/trainees_planned", E)])),
        case("text.required", P, &[("/courses/0/title", "\"\"")], Fail(&[("/courses/0/title", E)])),
        ctx_case("art16.plan_directions", P, &[], ctx_base, Pass),
        ctx_case("art16.plan_directions", P, &[], ctx_other_directions, Fail(&[("/courses/0/direction", E), ("/courses/1/direction", E)])),
        ctx_case(
            "art16.plan_directions",
            P,
            &[("/courses/1/direction", "\"data.operations\"")],
            ctx_base,
            Fail(&[("/courses/1/direction", E)]),
        ),
        ctx_case("art16.plan_year", P, &[], ctx_base, Pass),
        ctx_case("art16.plan_year", P, &[("/year", "2028")], ctx_base, Pass),
        ctx_case("art16.plan_year", P, &[("/year", "2026")], ctx_base, Fail(&[("/year", E)])),
        ctx_case("art16.plan_year", P, &[("/year", "2029")], ctx_base, Fail(&[("/year", E)])),
        ctx_case("art16.plan_year", P, &[], ctx_plan_approved, Fail(&[("/year", E)])),
        ctx_case("art22.base_exists", P, &[], ctx_base, Pass),
        ctx_case("art22.base_exists", P, &[], ctx_no_base, Fail(&[("/base_id", E)])),
    ];
}
