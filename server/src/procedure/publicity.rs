//! Publicity and objections (PROCEDURE.md "Publicity and objections", Arts. 11, 12): the
//! rule the council's approval meets in the desk's decision ([`step`]). The notices, the
//! public page and the objection form are `notices.rs`.

use aii_rules::{Date, FormKind, Locale, Params};
use axum::http::StatusCode;

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

/// `art12.no_objection`, in the decision's transaction: Art. 12 对公示中无异议的实训基地，经联盟
/// 常务理事会审议，正式通过为联盟实训基地 — the council's approval of an application or a
/// direction change is refused when it never was on a notice (`not_published`), while its
/// notice runs (`running`, today ≤ its last day), while an objection to its item is open
/// (`unresolved`), or when one was upheld (`upheld`). An objection takes the same
/// `submission:{id}` key as the decision, so the two serialise.
pub async fn step(st: &AppState, tx: &mut DecisionTx, id: &str, kind: FormKind, to: &str, locale: Locale) -> Result<(), ApiError> {
    if to != "approved" || !matches!(kind, FormKind::Application | FormKind::DirectionChange) {
        return Ok(());
    }
    let rule = "art12.no_objection";
    let refused = |params: Params| Err(ApiError::Review(StatusCode::CONFLICT, refusal(kind, issue(rule, "/to", params, locale))));
    let Some(facts) = st.store.approval_facts(tx, id).await? else {
        return refused(reason("not_published"));
    };
    let today = st.config.today();
    if Date::parse(&facts.end_date).is_none_or(|end| today <= end) {
        return refused(reason("running").with("end", facts.end_date));
    }
    if facts.open > 0 {
        return refused(reason("unresolved").with("count", facts.open));
    }
    if facts.upheld > 0 {
        return refused(reason("upheld"));
    }
    Ok(())
}
