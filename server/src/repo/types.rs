//! The repository's vocabulary: its error, what is written (new submissions, bases, officers,
//! idempotency answers) and what is read back (views, counts), shared by the backends and
//! [`Store`](super::Store), which re-exports it.

use aii_rules::FormKind;
use serde::Serialize;

/// A database failure (not a rule's verdict). Logged; the client gets an opaque 500/503.
#[derive(Debug)]
pub struct RepoError(pub sqlx::Error);

impl std::fmt::Display for RepoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "database error: {}", self.0)
    }
}

impl std::error::Error for RepoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<sqlx::Error> for RepoError {
    fn from(e: sqlx::Error) -> Self {
        RepoError(e)
    }
}

impl From<sqlx::migrate::MigrateError> for RepoError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        RepoError(sqlx::Error::Migrate(Box::new(e)))
    }
}

pub type RepoResult<T> = Result<T, RepoError>;

/// An accepted submission, ready to be written in one transaction.
#[derive(Clone, Debug)]
pub struct NewSubmission {
    pub id: String,
    pub kind: FormKind,
    /// The document as received (JSON text).
    pub document: String,
    /// The report it was accepted with (JSON text).
    pub report: String,
    pub ruleset_version: String,
    pub content_hash: String,
    pub receipt_hash: String,
    /// Application: the responsible unit's normalised USCC and the cycle (Art. 8 constraint).
    pub unit_uscc: Option<String>,
    pub cycle: Option<i64>,
    /// Application: the first year of the evaluation cycle it holds (Art. 8's constraint).
    pub eval_cycle: Option<i64>,
    /// Director appointment, direction change: the base.
    pub base_id: Option<String>,
    pub now_ms: i64,
    /// Present when the request carried an `Idempotency-Key`.
    pub idempotency: Option<NewIdempotency>,
    /// What the secretariat's list filters and sorts by.
    pub listing: Listing,
    /// Its locale and the receipt's e-mail, queued in its transaction (`outbox.rs`).
    pub mail: SubmissionMail,
    /// The attachments the filing names (ids, in order), bound in its transaction; `None`:
    /// none for a new submission, a resubmission's kept as they are.
    pub attachments: Option<Vec<String>>,
}

/// A notification to queue in the outbox (`repo/outbox.rs`), in the transaction of what it
/// tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    /// The file name and Message-ID's left part (`crypto::random_hex`-made, no personal data).
    pub message_id: String,
    /// The event it tells: a second message with the same key is not queued.
    pub dedupe_key: String,
    pub submission_id: Option<String>,
    pub recipient: String,
    /// `zh-CN` or `en`.
    pub locale: &'static str,
    pub subject: String,
    pub body: String,
    pub now_ms: i64,
}

/// What a new submission writes for its e-mail: whether it was made in English (its later
/// notifications are), and the receipt's message (none without an address to send it to).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmissionMail {
    pub english: bool,
    pub message: Option<NewMessage>,
}

/// The first answer to a submit with an `Idempotency-Key`, stored for retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIdempotency {
    pub key_hash: String,
    pub request_hash: String,
    pub receipt_salt: String,
    pub status_code: u16,
    pub answer_head: String,
    pub answer_tail: String,
}

/// A stored first answer (see [`NewIdempotency`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub submission_id: String,
    pub request_hash: String,
    pub receipt_salt: String,
    pub status_code: u16,
    pub answer_head: String,
    pub answer_tail: String,
}

/// Which uniqueness constraint refused a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Art. 8: the unit already has an application in this cycle.
    OnePerCycle,
    /// Art. 21: the base already has a pending direction change.
    OnePendingDirectionChange,
    /// Art. 22: the base already has an annual assessment on file for the year.
    OnePerYear,
    /// Art. 23: the base already has a live evaluation of the period.
    OneEvaluationPerPeriod,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted,
    /// The `Idempotency-Key` was used before (perhaps by a concurrent retry): its first answer.
    Replay(StoredAnswer),
    Conflict(Conflict),
    /// An attachment it names was bound by another submission or expired meanwhile: nothing
    /// written.
    AttachmentGone,
}

/// One line of a submission's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub status: String,
    pub note: Option<String>,
    pub at_ms: i64,
}

/// What the applicant may see of their submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmissionView {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub ruleset_version: String,
    pub content_hash: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The base the submission is about, or (a certified application) the base it created:
    /// id and Art. 12 full name.
    pub base: Option<(String, String)>,
    pub history: Vec<HistoryEntry>,
}

/// The document of a submission as its applicant sent it last (JSON text), for correcting it.
#[derive(Clone, Debug)]
pub struct SubmittedDocument {
    pub kind: String,
    pub status: String,
    pub document: String,
}

/// A partner unit of a base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PartnerUnit {
    pub name: String,
    pub uscc: String,
    pub kind: String,
}

/// A director or deputy on record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOfficer {
    /// `director` or `deputy_director`.
    pub role: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub term_start: String,
    pub term_end: String,
}

/// What the registry names a base by: its id and names, its responsible unit, its directions
/// and partners (a base to register and a base on record alike).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseIdentity {
    pub id: String,
    pub short_name: String,
    /// The Art. 12 full name.
    pub full_name: String,
    pub responsible_name: String,
    pub responsible_uscc: String,
    pub directions: Vec<String>,
    pub partners: Vec<PartnerUnit>,
}

/// A base to register (already checked, see `crate::base`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBase {
    pub identity: BaseIdentity,
    pub officers: Vec<NewOfficer>,
    pub revoked: bool,
    /// `YYYY-MM-DD`: the day it was certified (Art. 12).
    pub certified_on: String,
    pub now_ms: i64,
}

/// Row counts, for tests and operators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub submissions: i64,
    pub events: i64,
    pub idempotency_keys: i64,
    pub bases: i64,
}

/// The login limits within the window (`admin.rs`): failures of one username from one client,
/// from one client for any username, and of one username from anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    pub per_username_and_client: i64,
    pub per_client: i64,
    pub per_username: i64,
}

/// A login attempt to reserve ([`Store::reserve_login`]): who, from where, when, and since
/// when failures count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginAttempt<'a> {
    pub username: &'a str,
    pub client: &'a str,
    pub now_ms: i64,
    pub since_ms: i64,
}

/// What the secretariat's list filters and sorts by, derived from an accepted document and
/// its report (`crate::review::listing`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Application: the responsible unit. Other kinds: `None`, and the base's responsible
    /// unit is taken from the registry.
    pub unit_name: Option<String>,
    /// Application: the unit's Art. 4 kind.
    pub unit_kind: Option<String>,
    /// Application: the applied directions; direction change: the requested ones.
    pub directions: Vec<String>,
    pub has_warnings: bool,
    /// Art. 9: `art9.joint_priority` in the report.
    pub priority: bool,
}
