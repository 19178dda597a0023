//! Publicity and objections (PROCEDURE.md "Publicity and objections", Arts. 11, 12): the
//! rule the council's approval meets in the desk's decision ([`step`]). The notices, the
//! public page and the objection form are `notices.rs`.

use aii_rules::{Date, FormKind, Locale, Params};
use axum::http::StatusCode;

use super::moves::Need;
use crate::AppState;
use crate::error::{ApiError, refusal};
use crate::repo::DecisionTx;

fn issue(rule: &str, path: &str, params: Params, locale: Locale) -> aii_rules::ReportIssue {
    aii_rules::issue(rule, path, params.clone(), locale).unwrap_or_else(|| aii_rules::ReportIssue {
        rule: rule.to_owned().into(),
        severity: aii_rules::Severity::Error,
        path: path.into(),
        article: None,
        message: "".into(),
        params,
    })
}

fn reason(r: &str) -> Params {
    Params::new().with("reason", r.to_owned())
}

/// `art12.no_objection`, read in `tx` (the decision's, or the desk's preview): Art. 12
/// 对公示中无异议的实训基地，经联盟常务理事会审议，正式通过为联盟实训基地 — the council's approval
/// of an application or a direction change needs it to have been on a notice (`not_published`),
/// the notice to have ended (`running`, today ≤ its last day), no objection to its item open
/// (`unresolved`) and none upheld (`upheld`); when all hold, `closed` says so. An objection
/// takes the same `submission:{id}` key as the decision, so the two serialise.
pub async fn needs(st: &AppState, tx: &mut DecisionTx, id: &str, kind: FormKind, to: &str, locale: Locale) -> Result<Vec<Need>, ApiError> {
    if to != "approved" || !matches!(kind, FormKind::Application | FormKind::DirectionChange) {
        return Ok(Vec::new());
    }
    let need = |params: Params, met: bool| Ok(vec![Need { issue: issue("art12.no_objection", "/to", params, locale), met: Some(met) }]);
    let Some(facts) = st.store.approval_facts(tx, id).await? else {
        return need(reason("not_published"), false);
    };
    let today = st.config.today();
    if Date::parse(&facts.end_date).is_none_or(|end| today <= end) {
        return need(reason("running").with("end", facts.end_date), false);
    }
    if facts.open > 0 {
        return need(reason("unresolved").with("count", facts.open), false);
    }
    if facts.upheld > 0 {
        return need(reason("upheld"), false);
    }
    need(reason("closed").with("end", facts.end_date), true)
}

/// The step's check of a decision, in its transaction: [`needs`], refused when it does not hold.
pub async fn step(st: &AppState, tx: &mut DecisionTx, id: &str, kind: FormKind, to: &str, locale: Locale) -> Result<(), ApiError> {
    match needs(st, tx, id, kind, to, locale).await?.into_iter().find(|n| n.met == Some(false)) {
        Some(n) => Err(ApiError::Review(StatusCode::CONFLICT, refusal(kind, n.issue))),
        None => Ok(()),
    }
}
