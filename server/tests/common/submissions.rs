// Submissions for the repository's tests, written once: included (`include!`, inside a module
// of their own) by `tests/repository.rs` and by the writer thread's unit tests
// (`src/repo/writer.rs`), each of which has `FormKind` and `NewSubmission` in scope.

use super::{FormKind, NewSubmission};

pub fn submission(id: &str, kind: FormKind) -> NewSubmission {
    NewSubmission {
        id: id.into(),
        kind,
        document: r#"{"cycle":2027}"#.into(),
        report: format!(r#"{{"kind":"{}","valid":true,"issues":[]}}"#, kind.name()),
        ruleset_version: aii_rules::RULESET_VERSION.into(),
        content_hash: format!("hash-{id}"),
        receipt_hash: format!("receipt-hash-{id}"),
        unit_uscc: None,
        cycle: None,
        eval_cycle: None,
        base_id: None,
        now_ms: 2_000,
        idempotency: None,
        listing: Default::default(),
        mail: Default::default(),
        attachments: None,
    }
}

pub fn application(id: &str, uscc: &str, cycle: i64) -> NewSubmission {
    // Art. 8's evaluation cycles from the default origin, 2026.
    let eval_cycle = Some(aii_rules::evaluation_cycle(2026, cycle).0);
    NewSubmission { unit_uscc: Some(uscc.into()), cycle: Some(cycle), eval_cycle, ..submission(id, FormKind::Application) }
}
