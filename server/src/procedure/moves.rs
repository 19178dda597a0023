//! What a decision moves, as every step module of the procedure reads it (a module of its own so
//! the step modules, children of `procedure`, need not import their parent).

use aii_api::desk::DecisionBody;
use aii_rules::{FormKind, Locale, ReportIssue};

use crate::repo::{RegistryChange, StoredSubmission};

/// What a decision moves: the stored submission, its kind, the status it goes to, the
/// desk's request and the messages' locale.
pub struct Move<'a> {
    pub s: &'a StoredSubmission,
    pub kind: FormKind,
    pub to: &'a str,
    pub body: &'a DecisionBody,
    pub actor: &'a str,
    pub locale: Locale,
    pub now_ms: i64,
    /// What the decision writes into the registry (a certification: the new base).
    pub registry: Option<&'a RegistryChange>,
}

/// One thing a move needs (PROCEDURE.md), as the desk shows it before the decision and as the
/// step checks it: the rule's issue (its message says what is needed, with the facts as its
/// params) and whether it holds now — `None` when the decision's own fields supply it (its note,
/// the council's date), so that only the decision can tell.
#[derive(Clone, Debug)]
pub struct Need {
    pub issue: ReportIssue,
    pub met: Option<bool>,
}
