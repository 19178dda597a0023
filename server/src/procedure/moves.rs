//! What a decision moves, as every step module of the procedure reads it (a module of its own so
//! the step modules, children of `procedure`, need not import their parent).

use aii_api::desk::DecisionBody;
use aii_rules::{FormKind, Locale};

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
