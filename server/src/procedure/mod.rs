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

pub use moves::Move;

use crate::AppState;
use crate::error::ApiError;
use crate::repo::DecisionTx;

/// The procedure's checks on a decision and its records, in the decision's transaction
/// (after the form's context rules were re-checked, before the move is written). A refusal is
/// an [`ApiError::Review`] with the rule's report; the caller drops the transaction.
pub async fn step(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    experts::step(st, tx, experts::StepMove { s: m.s, kind: m.kind, to: m.to, note: &m.body.note, locale: m.locale }).await?;
    publicity::step(st, tx, &m.s.id, m.kind, m.to, m.locale).await?;
    council::step(st, tx, m).await?;
    Ok(())
}
