//! The procedure of the Measures (PROCEDURE.md) after a form is filed, one module per step:
//! each checks its rules (`aii_rules::rules::procedure`) in the transaction of the step it
//! governs and writes its records there, so a step and what it needs commit together or not
//! at all.
//!
//! [`step`] is the one seam the review desk's decision (`admin::decide`) goes through: every
//! step module that has something to say about a move of a submission to another status says
//! it here.

pub mod council;
pub mod experts;
mod moves;
pub mod notices;
pub mod publicity;

pub use moves::{Move, Need};

use aii_api::desk::{NextStep, StepNeed};
use aii_rules::{FormKind, Locale, Report, Value};
use axum::http::StatusCode;

use crate::AppState;
use crate::error::ApiError;
use crate::repo::{DecisionTx, StoredSubmission};
use crate::review;

/// The checks on a move and its records, in the decision's transaction (before the move is
/// written): the form's context rules re-run against the database as it is now (RULES.md,
/// "Review workflow"; not for a refusal, [`review::rechecks`]), then each step of the
/// procedure. A refusal is an [`ApiError::Review`] with the rules' report; the caller drops
/// the transaction.
pub async fn step(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    if review::rechecks(m.to) {
        let doc: Value = serde_json::from_str(&m.s.document).map_err(|_| ApiError::unreadable("document"))?;
        let refused = crate::check::recheck_context(st, m.kind, &doc, m.s, m.locale).await?;
        if !refused.is_empty() {
            tracing::info!(id = %m.s.id, to = %m.to, rules = refused.len(), "move refused by a context rule");
            return Err(ApiError::Review(StatusCode::CONFLICT, Report { kind: Some(m.kind), valid: false, issues: refused }));
        }
    }
    experts::step(st, tx, experts::StepMove { s: m.s, kind: m.kind, to: m.to, note: Some(&m.body.note), locale: m.locale }).await?;
    publicity::step(st, tx, &m.s.id, m.kind, m.to, m.locale).await?;
    council::step(st, tx, m).await?;
    Ok(())
}

/// The legal next steps of a submission, each with what it needs and whether that holds now
/// (the desk shows them before a decision): the same `needs` the steps check, read in a
/// transaction of its own that writes nothing. A move into `publicity` is made by opening a
/// notice, the others by a decision.
pub async fn next_steps(st: &AppState, s: &StoredSubmission, kind: FormKind, locale: Locale) -> Result<Vec<NextStep>, ApiError> {
    let moves = review::next_statuses(kind, &s.status);
    let mut out = Vec::with_capacity(moves.len());
    if moves.is_empty() {
        return Ok(out);
    }
    let mut tx = st.store.begin_read().await?;
    for to in moves {
        let mut needs = experts::needs(st, &mut tx, &experts::StepMove { s, kind, to, note: None, locale }).await?;
        needs.extend(publicity::needs(st, &mut tx, &s.id, kind, to, locale).await?);
        needs.extend(council::needs(kind, to, locale));
        out.push(NextStep {
            to: review::status_of(to)?,
            via: if review::by_notice(to) { "notice" } else { "decision" }.to_owned(),
            needs: needs
                .into_iter()
                .map(|n| StepNeed {
                    rule: n.issue.rule.to_string(),
                    path: n.issue.path.clone(),
                    message: n.issue.message.to_string(),
                    met: n.met,
                })
                .collect(),
        });
    }
    Ok(out)
}
