//! Context rules of the application: Art. 8 (one application per unit per three-year
//! evaluation cycle) and Art. 10 (the yearly selection window).

use crate::context::CycleTaken;
use crate::forms::Application;
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::{Env, Sink};

/// Art. 8: 一个责任单位在一个评估周期内仅可以申请一个联盟实训基地. The 评估周期 is the alliance's
/// three-year evaluation cycle (Art. 23: 联盟对实训基地每三年进行一次定期评估), counted from a
/// configured first year; the server finds the unit's standing in the cycle holding the
/// application's selection year (`Context::unit_cycle`): another pending or successful
/// application (the main message), or a base certified in the cycle with the unit as
/// responsible unit (reason `certified`). The messages name the cycle's years.
pub static ART8_ONE_PER_CYCLE: &RuleMeta = &RuleMeta {
    id: "art8.one_per_cycle",
    article: art(8, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "One base per unit per three-year evaluation cycle (Art. 23's, counted from a configured first year): no other pending or successful application of the same USCC in the cycle, and no base certified in it with that USCC as responsible unit (a database constraint).",
    ),
    messages: msgs![
        (
            "",
            "本单位在{cycle_from}–{cycle_to}年评估周期内已有在审或已通过的实训基地申请：一个责任单位在一个评估周期内仅可申请一个联盟实训基地",
            "This unit already has a pending or successful application in the {cycle_from}–{cycle_to} evaluation cycle: a responsible unit may apply for one base per evaluation cycle",
        ),
        (
            "certified",
            "本单位在{cycle_from}–{cycle_to}年评估周期内已作为责任单位获授联盟实训基地：一个责任单位在一个评估周期内仅可申请一个联盟实训基地",
            "A base with this unit as responsible unit was certified in the {cycle_from}–{cycle_to} evaluation cycle: a responsible unit may apply for one base per evaluation cycle",
        ),
    ],
};

/// Art. 10: 联盟每年集中遴选一次. First submitted inside the open selection's window (its dates are
/// configuration), for that selection's year.
pub static ART10_SELECTION_WINDOW: &RuleMeta = &RuleMeta {
    id: "art10.selection_window",
    article: art(10, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "First submitted inside the year's selection window (one selection a year; dates are configuration); a resubmission is judged by its first submission's date.",
    ),
    messages: msgs![
        (
            "closed",
            "不在{open_cycle}年度遴选申报时间内（{opens}至{closes}）",
            "Outside the selection window of cycle {open_cycle} ({opens} to {closes})",
        ),
        ("cycle", "申报年度应为当前遴选年度{open_cycle}", "The cycle must be the open selection's, {open_cycle}"),
        ("none", "当前没有开放的遴选", "No selection is open now"),
    ],
};

/// The params of the issue the server reports when its uniqueness constraint refuses a second
/// application of a unit in the evaluation cycle `from`–`to` (the main message; add
/// `reason: "certified"` for a base certified in the cycle).
pub fn one_per_cycle_params(from: i64, to: i64) -> Params {
    Params::new().with("cycle_from", from).with("cycle_to", to)
}

pub(crate) fn one_per_cycle(f: &Application, env: &Env, s: &mut Sink) {
    let Some(c) = env.context.and_then(|ctx| ctx.unit_cycle) else { return };
    if f.cycle.get().is_none() {
        return;
    }
    let params = one_per_cycle_params(c.from_year, c.to_year);
    match c.taken {
        CycleTaken::Free => {}
        CycleTaken::Applied => s.error("/unit/uscc", params),
        CycleTaken::Certified => s.error("/unit/uscc", params.with("reason", "certified")),
    }
}

/// Art. 10: 联盟每年集中遴选一次. The application is first submitted inside the open selection's
/// window: a returned application's resubmission is judged by its first submission's date
/// (`Context::first_submitted_on`, else today).
pub(crate) fn selection_window(f: &Application, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context else { return };
    let Some(cycle) = f.cycle.get() else { return };
    let Some(w) = ctx.selection_window else {
        return s.error_for("/cycle", "none");
    };
    let base = Params::new().with("open_cycle", w.cycle).with("opens", w.opens.to_text()).with("closes", w.closes.to_text());
    let submitted = ctx.first_submitted_on.unwrap_or(env.today);
    if submitted < w.opens || submitted > w.closes {
        s.error("/cycle", base.with("reason", "closed"));
    } else if cycle != w.cycle {
        s.error("/cycle", base.with("reason", "cycle"));
    }
}

/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[ART8_ONE_PER_CYCLE, ART10_SELECTION_WINDOW];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
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
    ];
}
