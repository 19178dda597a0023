//! The repository's queries. Both backends take `$1`-style placeholders and the same SQL here
//! (the schema keeps the same names and constraints, see `migrations/*`); `sql.rs` runs it on
//! either, `writer.rs`, `sqlite.rs` and `pg_lookups.rs` use parts of it for their own paths.

use aii_rules::forms::Role;
use aii_rules::{BaseRecord, Date, OfficerTerm};

use super::types::{Conflict, PartnerUnit, RepoError};

pub(super) const SELECT_ONE: &str = "SELECT 1";

// What the context lookups ask, written once: the one-key queries here, in `registry.rs` and
// `review.rs` (leaving a submission out) and the batched ones in `pg_lookups.rs` are built from
// these fragments (`concat!`), so the statuses that count cannot drift apart.

/// An application that holds its unit's evaluation cycle (Art. 8): a pending or successful
/// one (not withdrawn, voided or rejected), the partial unique index's condition.
macro_rules! holds_cycle {
    () => {
        "kind = 'application' AND status NOT IN ('withdrawn', 'voided', 'rejected')"
    };
}
/// An appointment not yet decided (Art. 14: it counts against a second director).
macro_rules! pending_appointment {
    () => {
        "kind = 'director_appointment' AND status IN ('submitted', 'under_review', 'site_check', 'publicity')"
    };
}
/// A direction change still pending (Art. 21): submitted and not yet decided.
macro_rules! pending_change {
    () => {
        "kind = 'direction_change' AND status IN ('submitted', 'under_review', 'site_check', 'publicity')"
    };
}
/// A filing on file (Arts. 22–23): unless withdrawn or returned, the partial unique indexes'
/// condition.
macro_rules! on_file {
    () => {
        "status NOT IN ('withdrawn', 'returned')"
    };
}
/// An annual assessment on file for its year (Art. 22).
macro_rules! annual_on_file {
    () => {
        concat!("kind = 'annual_assessment' AND ", $crate::repo::common::on_file!())
    };
}
/// The columns of a base that its record for the rules needs ([`base_record`]).
macro_rules! base_columns {
    () => {
        "id, responsible_uscc, directions, partners, revoked, certified_on"
    };
}
pub(super) use {annual_on_file, base_columns, holds_cycle, on_file, pending_change};

/// Art. 8: the unit's applications holding the cycle (its first year `$2`) and its bases
/// certified in it (`$4`..=`$5`, dates), leaving out the submission `$3` and a base made from
/// it. (The placeholders first appear in order: rusqlite binds them by position.)
pub(super) const UNIT_CYCLE: &str = concat!(
    "SELECT (SELECT COUNT(*) FROM submissions WHERE ",
    holds_cycle!(),
    " AND unit_uscc = $1 AND eval_cycle = $2 AND id <> COALESCE($3, '')), \
     (SELECT COUNT(*) FROM bases WHERE responsible_uscc = $1 AND certified_on BETWEEN $4 AND $5 \
      AND id NOT IN (SELECT base_id FROM submissions WHERE id = COALESCE($3, '') AND base_id IS NOT NULL))"
);

/// The first and last day of an evaluation cycle (from its first year), as stored dates.
pub(super) fn cycle_dates(from_year: i64) -> (String, String) {
    (format!("{from_year:04}-01-01"), format!("{:04}-12-31", from_year + 2))
}

/// Art. 8's answer from [`UNIT_CYCLE`]'s counts.
pub(super) fn cycle_taken(applied: i64, certified: i64) -> aii_rules::CycleTaken {
    if applied > 0 {
        aii_rules::CycleTaken::Applied
    } else if certified > 0 {
        aii_rules::CycleTaken::Certified
    } else {
        aii_rules::CycleTaken::Free
    }
}

/// Art. 14: the documents of the base's pending appointments, leaving out `$2`.
pub(super) const PENDING_APPOINTMENTS: &str = concat!(
    "SELECT document FROM submissions WHERE ",
    pending_appointment!(),
    " AND base_id = $1 AND id <> COALESCE($2, '') ORDER BY created_at, id"
);

/// The terms the pending appointments' documents state (each was accepted, so each has one).
pub(super) fn appointment_terms(documents: Vec<String>) -> Result<Vec<OfficerTerm>, RepoError> {
    documents
        .iter()
        .map(|text| {
            let doc: aii_rules::Value = serde_json::from_str(text).map_err(|_| decode_error("appointment"))?;
            let f = aii_rules::forms::DirectorAppointment::read(&doc);
            Ok(match (f.role.get(), f.term_start.get(), f.term_end.get()) {
                (Some(role), Some(start), Some(end)) => Some(OfficerTerm { role, start, end }),
                _ => None,
            })
        })
        .filter_map(Result::transpose)
        .collect()
}

pub(super) const SELECT_BASE: &str = concat!("SELECT ", base_columns!(), " FROM bases WHERE id = $1");

pub(super) const SELECT_OFFICERS: &str = "SELECT role, term_start, term_end FROM base_officers \
     WHERE base_id = $1 ORDER BY term_start, id";

/// Art. 21: the base's pending direction changes, leaving out `$2`.
pub(super) const PENDING_DIRECTION_CHANGE: &str =
    concat!("SELECT COUNT(*) FROM submissions WHERE ", pending_change!(), " AND base_id = $1 AND id <> COALESCE($2, '')");

pub(super) const SELECT_ANSWER: &str = "SELECT submission_id, request_hash, receipt_salt, \
     status_code, answer_head, answer_tail FROM idempotency_keys WHERE key_hash = $1";

pub(super) const INSERT_ANSWER: &str = "INSERT INTO idempotency_keys \
     (key_hash, request_hash, submission_id, receipt_salt, status_code, answer_head, answer_tail, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Applications bring their unit's name and USCC; the other kinds take their base's
/// responsible unit from the registry (for the secretariat's list and search).
pub(super) const INSERT_SUBMISSION: &str = "INSERT INTO submissions \
     (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, \
      unit_uscc, cycle, base_id, created_at, updated_at, \
      unit_name, unit_kind, directions, has_warnings, priority, eval_cycle) \
     VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, \
      COALESCE($8, (SELECT responsible_uscc FROM bases WHERE bases.id = $10)), $9, $10, $11, $11, \
      COALESCE($12, (SELECT responsible_name FROM bases WHERE bases.id = $10)), $13, $14, $15, $16, $17)";

pub(super) const INSERT_EVENT: &str = "INSERT INTO submission_events (submission_id, status, note, at) \
     VALUES ($1, 'submitted', NULL, $2)";

pub(super) const SELECT_VIEW: &str = "SELECT s.id, s.kind, s.status, s.ruleset_version, s.content_hash, \
     s.created_at, s.updated_at, b.id, b.full_name \
     FROM submissions s LEFT JOIN bases b ON b.id = s.base_id WHERE s.id = $1 AND s.receipt_hash = $2";

pub(super) const SELECT_DOCUMENT: &str = "SELECT kind, status, document FROM submissions WHERE id = $1 AND receipt_hash = $2";

pub(super) const SELECT_EVENTS: &str = "SELECT status, note, at FROM submission_events \
     WHERE submission_id = $1 ORDER BY id";

pub(super) const INSERT_BASE: &str = "INSERT INTO bases \
     (id, short_name, full_name, responsible_name, responsible_uscc, directions, partners, revoked, created_at, certified_on) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

pub(super) const INSERT_OFFICER: &str = "INSERT INTO base_officers \
     (base_id, role, name, term_start, term_end) VALUES ($1, $2, $3, $4, $5)";

pub(super) const COUNTS: &str = "SELECT \
     (SELECT COUNT(*) FROM submissions), \
     (SELECT COUNT(*) FROM submission_events), \
     (SELECT COUNT(*) FROM idempotency_keys), \
     (SELECT COUNT(*) FROM bases)";

/// Art. 8's cycle origin the database counted its applications with (`Store::ensure_cycle_origin`).
pub(super) const CYCLE_ORIGIN: &str = "SELECT value FROM settings WHERE key = 'cycle_origin'";

pub(super) const APPLICATIONS: &str = "SELECT COUNT(*) FROM submissions WHERE kind = 'application'";

pub(super) const SET_CYCLE_ORIGIN: &str = "UPDATE settings SET value = $1 WHERE key = 'cycle_origin'";

fn decode_error(what: &str) -> RepoError {
    RepoError(sqlx::Error::Decode(format!("unreadable stored {what}").into()))
}

/// Builds the registry record from the stored columns.
pub(super) fn base_record(
    id: String,
    responsible_uscc: String,
    directions: &str,
    partners: &str,
    revoked: bool,
    certified_on: Option<&str>,
    officers: Vec<(String, String, String)>,
) -> Result<BaseRecord, RepoError> {
    let directions: Vec<String> = serde_json::from_str(directions).map_err(|_| decode_error("directions"))?;
    let partners: Vec<PartnerUnit> = serde_json::from_str(partners).map_err(|_| decode_error("partners"))?;
    let officers = officers
        .into_iter()
        .map(|(role, start, end)| Some(OfficerTerm { role: Role::parse(&role)?, start: Date::parse(&start)?, end: Date::parse(&end)? }))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| decode_error("officer term"))?;
    let certified_on = match certified_on {
        None => None,
        Some(d) => Some(Date::parse(d).ok_or_else(|| decode_error("certification date"))?),
    };
    Ok(BaseRecord {
        id,
        revoked,
        responsible_uscc,
        directions,
        partner_usccs: partners.into_iter().map(|p| p.uscc).collect(),
        officers,
        certified_on,
    })
}

/// Whether an error is a uniqueness violation (the constraint decides, not the code).
pub(super) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// A refused insert or resubmission: the rule whose constraint refused it, else the error.
pub(super) fn conflict_or(e: sqlx::Error, kind: aii_rules::FormKind) -> Result<Conflict, RepoError> {
    match conflict_of(kind) {
        Some(conflict) if is_unique_violation(&e) => Ok(conflict),
        _ => Err(e.into()),
    }
}

/// The rule a refused submission insert maps to: only the partial unique indexes can refuse
/// it (the primary key has 80 random bits after its milliseconds), at most one per form kind.
pub(super) fn conflict_of(kind: aii_rules::FormKind) -> Option<Conflict> {
    match kind {
        aii_rules::FormKind::Application => Some(Conflict::OnePerCycle),
        aii_rules::FormKind::DirectionChange => Some(Conflict::OnePendingDirectionChange),
        aii_rules::FormKind::AnnualAssessment => Some(Conflict::OnePerYear),
        aii_rules::FormKind::Evaluation => Some(Conflict::OneEvaluationPerPeriod),
        // Art. 16: one *approved* plan a base a year; submitted ones may be many.
        aii_rules::FormKind::DirectorAppointment | aii_rules::FormKind::TrainingPlan => None,
    }
}
