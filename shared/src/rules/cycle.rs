//! Context rules of the application: Art. 8 (one application per unit per cycle) and Art. 10
//! (the yearly selection window).

use crate::forms::Application;
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, msgs};
use crate::rules::{Env, Sink, article_meta};

pub static ART8_ONE_PER_CYCLE: &RuleMeta = &article_meta(
    "art8.one_per_cycle",
    Severity::Error,
    Scope::Context,
    8,
    "No other non-withdrawn application from the same USCC in the same cycle (a database constraint).",
    msgs![(
        "",
        "本单位在{cycle}年度评估周期内已提交过实训基地申请：一个责任单位在一个评估周期内仅可申请一个联盟实训基地",
        "This unit has already applied in cycle {cycle}: a responsible unit may apply for one base per evaluation cycle",
    )],
);

pub static ART10_SELECTION_WINDOW: &RuleMeta = &article_meta(
    "art10.selection_window",
    Severity::Error,
    Scope::Context,
    10,
    "Submitted inside the cycle's selection window (one selection a year; dates are configuration).",
    msgs![
        (
            "closed",
            "不在{open_cycle}年度遴选申报时间内（{opens}至{closes}）",
            "Outside the selection window of cycle {open_cycle} ({opens} to {closes})",
        ),
        ("cycle", "申报年度应为当前遴选年度{open_cycle}", "The cycle must be the open selection's, {open_cycle}"),
        ("none", "当前没有开放的遴选", "No selection is open now"),
    ],
);

/// The issue the server reports when the uniqueness constraint refuses a second application.
pub fn one_per_cycle_params(cycle: i64) -> Params {
    Params::new().with("cycle", cycle)
}

pub(crate) fn one_per_cycle(f: &Application, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context else { return };
    if let Some(c) = ctx.unit_cycle
        && c.taken != crate::context::CycleTaken::Free
        && f.cycle.get().is_some()
    {
        s.error("/unit/uscc", one_per_cycle_params(c.from_year));
    }
}

pub(crate) fn selection_window(f: &Application, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context else { return };
    let Some(cycle) = f.cycle.get() else { return };
    let Some(w) = ctx.selection_window else {
        return s.error_for("/cycle", "none");
    };
    let base = Params::new().with("open_cycle", w.cycle).with("opens", w.opens.to_text()).with("closes", w.closes.to_text());
    if env.today < w.opens || env.today > w.closes {
        s.error("/cycle", base.with("reason", "closed"));
    } else if cycle != w.cycle {
        s.error("/cycle", base.with("reason", "cycle"));
    }
}
