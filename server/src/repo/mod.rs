//! Persistence: one [`Repository`] trait, implemented for SQLite ([`sqlite`]) and PostgreSQL
//! ([`postgres`]) with runtime queries, and [`Store`], the one the configuration chose.
//!
//! Uniqueness the rules need (Art. 8: one application per unit per cycle; Art. 21: one pending
//! direction change per base; one answer per `Idempotency-Key`) is held by database
//! constraints and reported as [`InsertOutcome::Conflict`] / [`InsertOutcome::Replay`], never
//! by check-then-insert.

use std::future::Future;

use aii_rules::{BaseRecord, CycleTaken, OfficerTerm};

pub use registry::*;
pub use review::*;

/// Runs `$body` with `$sql` the backend's [`Sql`] (pool reads), for the child modules'
/// `Store` methods. Declared before them: a `macro_rules!` is in scope only below it.
macro_rules! on_backend {
    ($store:expr, $sql:ident => $body:expr) => {
        match $store.repo() {
            Backend::Sqlite(r) => {
                let $sql = r.sql();
                $body.await
            }
            Backend::Postgres(r) => {
                let $sql = r.sql();
                $body.await
            }
        }
    };
}

pub mod attachments;
pub mod base_keys;
pub mod cache;
mod common;
mod context;
pub mod council;
pub mod experts;
pub mod outbox;
pub mod pg_lookups;
pub mod postgres;
pub mod publicity;
mod registry;
mod review;
mod sql;
pub mod sqlite;
mod types;
pub mod writer;

pub use context::ContextSource;
pub use postgres::PgRepo;
pub use sql::{Db, Sql};
pub use sqlite::SqliteRepo;
pub use types::*;

/// Everything the server asks of its database. Both backends pass one contract test suite
/// (`tests/repository.rs`).
pub trait Repository: Clone + Send + Sync + 'static {
    /// Whether the database answers.
    fn ping(&self) -> impl Future<Output = RepoResult<()>> + Send;

    /// The first answer stored under an idempotency key (its hash).
    fn stored_answer(&self, key_hash: &str) -> impl Future<Output = RepoResult<Option<StoredAnswer>>> + Send;

    /// Writes the submission, its first history line (`submitted`) and its idempotency answer
    /// in one transaction; nothing at all when a constraint refuses it.
    fn insert_submission(&self, new: &NewSubmission) -> impl Future<Output = RepoResult<InsertOutcome>> + Send;

    /// The submission with this id, if the receipt's hash matches.
    fn submission_view(&self, id: &str, receipt_hash: &str) -> impl Future<Output = RepoResult<Option<SubmissionView>>> + Send;

    /// The stored document of a submission, for the holder of its receipt.
    fn submission_document(&self, id: &str, receipt_hash: &str) -> impl Future<Output = RepoResult<Option<SubmittedDocument>>> + Send;
    /// Registers a base with its officers (one transaction).
    fn register_base(&self, base: &NewBase) -> impl Future<Output = RepoResult<()>> + Send;

    fn counts(&self) -> impl Future<Output = RepoResult<Counts>> + Send;

    // --- Chapter 6 (`registry.rs`) ---

    /// The registry: every base (or the one with this id) with its officers, filings and
    /// evaluations, ordered by certification date and id.
    fn registry(&self, id: Option<&str>) -> impl Future<Output = RepoResult<Vec<RegistryBase>>> + Send;

    // --- The secretariat's review desk (`review.rs`) ---

    /// Creates an account; `false` when the username is taken.
    fn create_user(&self, username: &str, password_hash: &str, now_ms: i64) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Disables or re-enables an account; disabling deletes its sessions (in the same
    /// transaction). `false` when there is no such account.
    fn set_user_disabled(&self, username: &str, disabled: bool, now_ms: i64) -> impl Future<Output = RepoResult<bool>> + Send;

    fn user_by_name(&self, username: &str) -> impl Future<Output = RepoResult<Option<AdminUser>>> + Send;

    /// Failed logins since `since_ms`: (for this username, from this client).
    fn login_failures(&self, username: &str, client: &str, since_ms: i64) -> impl Future<Output = RepoResult<(i64, i64)>> + Send;

    fn create_session(&self, token_hash: &str, user_id: i64, now_ms: i64, expires_ms: i64) -> impl Future<Output = RepoResult<()>> + Send;

    /// The account of an unexpired session (disabled or not: the caller decides).
    fn session_user(&self, token_hash: &str, now_ms: i64) -> impl Future<Output = RepoResult<Option<AdminUser>>> + Send;

    fn delete_session(&self, token_hash: &str) -> impl Future<Output = RepoResult<()>> + Send;

    /// One page of the filtered, sorted list and the number of rows that match.
    fn list_submissions(&self, query: &ListQuery) -> impl Future<Output = RepoResult<(i64, Vec<ListRow>)>> + Send;

    /// Everything stored about a submission, with its history.
    fn stored_submission(&self, id: &str) -> impl Future<Output = RepoResult<Option<StoredSubmission>>> + Send;

    /// The audit entries of a submission, oldest first.
    fn audit_entries(&self, submission_id: &str) -> impl Future<Output = RepoResult<Vec<AuditEntry>>> + Send;

    fn append_audit(&self, entry: &NewAudit) -> impl Future<Output = RepoResult<()>> + Send;

    /// The applicant withdraws a submission still `submitted` (receipt checked), with its
    /// history line and audit entry, in one transaction.
    fn withdraw(&self, id: &str, receipt_hash: &str, now_ms: i64) -> impl Future<Output = RepoResult<WithdrawOutcome>> + Send;

    /// Replaces a returned submission's document (receipt checked) and puts it back to
    /// `submitted`, with its history line and audit entry, in one transaction.
    fn resubmit(&self, r: &NewSubmission) -> impl Future<Output = RepoResult<ResubmitOutcome>> + Send;
}

/// The backend chosen by the database URL, and the count of its writes that can change a
/// context look-up's answer (for [`cache::ContextCache`]).
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    writes: std::sync::Arc<cache::Writes>,
    /// Woken after a write that may have queued e-mail (the outbox's worker waits on it).
    mail: std::sync::Arc<tokio::sync::Notify>,
}

/// One backend's repository.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite(SqliteRepo),
    Postgres(PgRepo),
}

impl Store {
    /// Connects (`sqlite:…` or `postgres:…`/`postgresql:…`) and runs the embedded migrations.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Store> {
        let writes = std::sync::Arc::new(cache::Writes::default());
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(SqliteRepo::connect(url, max_connections, writes.clone()).await?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres(PgRepo::connect(url, max_connections).await?)
        } else {
            anyhow::bail!("unsupported database URL (expected sqlite:… or postgres:…)")
        };
        Ok(Store { backend, writes, mail: std::sync::Arc::default() })
    }

    pub fn backend(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// The repository of the backend (tests reach its pools through it). A write through it
    /// is not counted in [`Store::writes`]: write through the [`Repository`] methods.
    pub fn repo(&self) -> &Backend {
        &self.backend
    }

    /// The count of this process's writes that can change a context look-up's answer: a
    /// submission stored, moved or resubmitted, a base registered (each bumps it once the
    /// write is over).
    pub fn writes(&self) -> &std::sync::Arc<cache::Writes> {
        &self.writes
    }

    /// Notified after each write that may have queued e-mail (`crate::outbox::worker`).
    pub fn mail_queued(&self) -> &std::sync::Arc<tokio::sync::Notify> {
        &self.mail
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(r) => {
                r.submission_writer().close().await;
                r.pool().close().await;
                r.writer().close().await;
            }
            Backend::Postgres(r) => {
                r.lookups().close().await;
                r.pool().close().await;
            }
        }
    }

    /// Runs a write and counts it once it is over, whatever its outcome, and also when the
    /// request is dropped before (a timeout, a client gone): a write may commit all the same.
    /// (SQLite's submissions are counted by their writer thread instead, after its `COMMIT`.)
    async fn counted<T>(&self, write: impl Future<Output = T>) -> T {
        struct CountOnDrop<'a>(&'a cache::Writes);
        impl Drop for CountOnDrop<'_> {
            fn drop(&mut self) {
                self.0.wrote();
            }
        }
        let _count = CountOnDrop(&self.writes);
        let out = write.await;
        // A decision or a notice may have queued e-mail: the worker looks.
        self.mail.notify_one();
        out
    }
}

/// A decision's transaction, begun by [`Store::begin_decision`]: it holds what makes the
/// decision's re-check of the context rules true until it commits. On SQLite it is the write
/// lock (`BEGIN IMMEDIATE`: no other write until it ends, and the re-check's reads, on other
/// connections, see the state it will commit on); on PostgreSQL, transaction-level advisory
/// locks on the decision's keys (the base, the unit), which every decision about them takes
/// first, so two decisions about one base take turns and the second re-checks after the first
/// committed. Dropped without [`Store::decide`]: rolled back, nothing written.
pub enum DecisionTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Store {
    /// Begins a decision's transaction, locking `keys` (e.g. `base:{id}`, `unit:{uscc}`).
    pub async fn begin_decision(&self, keys: &[String]) -> RepoResult<DecisionTx> {
        match &self.backend {
            Backend::Sqlite(r) => Ok(DecisionTx::Sqlite(r.sql().begin_locked(keys).await?)),
            Backend::Postgres(r) => Ok(DecisionTx::Postgres(r.sql().begin_locked(keys).await?)),
        }
    }

    /// A transaction that only reads (dropped, never committed) and locks nothing: the reads of
    /// a decision's checks made ahead of it (`procedure::next_steps`).
    pub async fn begin_read(&self) -> RepoResult<DecisionTx> {
        match &self.backend {
            Backend::Sqlite(r) => Ok(DecisionTx::Sqlite(r.sql().begin_read().await?)),
            Backend::Postgres(r) => Ok(DecisionTx::Postgres(r.sql().begin_read().await?)),
        }
    }

    /// Writes the decision in its transaction and commits (only when it is `Done`).
    pub async fn decide(&self, tx: DecisionTx, t: &Transition) -> RepoResult<TransitionOutcome> {
        self.counted(async {
            match tx {
                DecisionTx::Sqlite(tx) => Sql::decide(tx, t).await,
                DecisionTx::Postgres(tx) => Sql::decide(tx, t).await,
            }
        })
        .await
    }

    /// A decision without a re-check (tests, migrations of data): [`Store::begin_decision`]
    /// with no keys, then [`Store::decide`].
    pub async fn transition(&self, t: &Transition) -> RepoResult<TransitionOutcome> {
        let tx = self.begin_decision(&[]).await?;
        self.decide(tx, t).await
    }

    /// Reserves a login attempt before its password is checked: in one transaction, serialised
    /// per username and per client (SQLite: `BEGIN IMMEDIATE` on the one writing connection;
    /// PostgreSQL: transaction-level advisory locks on both keys, in one order), counts the
    /// failures since `since_ms` and, when every limit allows another, records this attempt as
    /// a failure. `None`: a limit is reached, nothing recorded. So a burst of attempts cannot
    /// all pass the count before any is recorded (issue 22). The attempt's id is given back to
    /// [`Store::login_succeeded`] or [`Store::release_login`].
    pub async fn reserve_login(&self, attempt: LoginAttempt<'_>, limits: LoginLimits) -> RepoResult<Option<i64>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().reserve_login(attempt, limits).await,
            Backend::Postgres(r) => r.sql().reserve_login(attempt, limits).await,
        }
    }

    /// A reserved attempt that was never checked (the server was too busy): forgotten.
    pub async fn release_login(&self, attempt: i64) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().release_login(attempt).await,
            Backend::Postgres(r) => r.sql().release_login(attempt).await,
        }
    }

    /// A successful login forgets this client's failures for the username (its reservation
    /// among them); failures from elsewhere stay counted.
    pub async fn login_succeeded(&self, username: &str, client: &str) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().login_succeeded(username, client).await,
            Backend::Postgres(r) => r.sql().login_succeeded(username, client).await,
        }
    }

    /// Art. 8's cycles count from `origin` (`--cycle-origin`). The database records the origin
    /// its applications were counted with; another is refused once applications are stored
    /// (their cycles, and the unique index over them, would silently change meaning), and
    /// taken when there are none.
    pub async fn ensure_cycle_origin(&self, origin: i64) -> anyhow::Result<()> {
        let (stored, applications) = match &self.backend {
            Backend::Sqlite(r) => r.sql().cycle_origin().await?,
            Backend::Postgres(r) => r.sql().cycle_origin().await?,
        };
        if stored == origin.to_string() {
            return Ok(());
        }
        anyhow::ensure!(
            applications == 0,
            "--cycle-origin {origin}: this database's {applications} application(s) were counted in evaluation cycles from {stored} \
             (Art. 8); start with --cycle-origin {stored}"
        );
        match &self.backend {
            Backend::Sqlite(r) => r.sql().set_cycle_origin(origin.to_string()).await?,
            Backend::Postgres(r) => r.sql().set_cycle_origin(origin.to_string()).await?,
        }
        Ok(())
    }
}

impl Repository for Store {
    async fn ping(&self) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().ping().await,
            Backend::Postgres(r) => r.sql().ping().await,
        }
    }
    async fn stored_answer(&self, key_hash: &str) -> RepoResult<Option<StoredAnswer>> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().stored_answer(key_hash),
            Backend::Postgres(r) => r.sql().stored_answer(key_hash).await,
        }
    }
    // On SQLite through its writer thread (`writer.rs`).
    async fn insert_submission(&self, new: &NewSubmission) -> RepoResult<InsertOutcome> {
        let out = match &self.backend {
            // Counted by the thread itself, after its `COMMIT`.
            Backend::Sqlite(r) => r.submission_writer().insert_submission(new).await,
            Backend::Postgres(r) => self.counted(r.sql().insert_submission(new)).await,
        };
        if new.mail.message.is_some() && matches!(out, Ok(InsertOutcome::Inserted)) {
            self.mail.notify_one();
        }
        out
    }
    async fn submission_view(&self, id: &str, receipt_hash: &str) -> RepoResult<Option<SubmissionView>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().submission_view(id, receipt_hash).await,
            Backend::Postgres(r) => r.sql().submission_view(id, receipt_hash).await,
        }
    }
    async fn submission_document(&self, id: &str, receipt_hash: &str) -> RepoResult<Option<SubmittedDocument>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().submission_document(id, receipt_hash).await,
            Backend::Postgres(r) => r.sql().submission_document(id, receipt_hash).await,
        }
    }
    async fn register_base(&self, base: &NewBase) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => self.counted(r.sql().register_base(base)).await,
            Backend::Postgres(r) => self.counted(r.sql().register_base(base)).await,
        }
    }
    async fn counts(&self) -> RepoResult<Counts> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().counts().await,
            Backend::Postgres(r) => r.sql().counts().await,
        }
    }
    async fn registry(&self, id: Option<&str>) -> RepoResult<Vec<RegistryBase>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().registry(id).await,
            Backend::Postgres(r) => r.sql().registry(id).await,
        }
    }
    async fn create_user(&self, username: &str, password_hash: &str, now_ms: i64) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().create_user(username, password_hash, now_ms).await,
            Backend::Postgres(r) => r.sql().create_user(username, password_hash, now_ms).await,
        }
    }
    async fn set_user_disabled(&self, username: &str, disabled: bool, now_ms: i64) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().set_user_disabled(username, disabled, now_ms).await,
            Backend::Postgres(r) => r.sql().set_user_disabled(username, disabled, now_ms).await,
        }
    }
    async fn user_by_name(&self, username: &str) -> RepoResult<Option<AdminUser>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().user_by_name(username).await,
            Backend::Postgres(r) => r.sql().user_by_name(username).await,
        }
    }
    async fn login_failures(&self, username: &str, client: &str, since_ms: i64) -> RepoResult<(i64, i64)> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().login_failures(username, client, since_ms).await,
            Backend::Postgres(r) => r.sql().login_failures(username, client, since_ms).await,
        }
    }
    async fn create_session(&self, token_hash: &str, user_id: i64, now_ms: i64, expires_ms: i64) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().create_session(token_hash, user_id, now_ms, expires_ms).await,
            Backend::Postgres(r) => r.sql().create_session(token_hash, user_id, now_ms, expires_ms).await,
        }
    }
    async fn session_user(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<AdminUser>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().session_user(token_hash, now_ms).await,
            Backend::Postgres(r) => r.sql().session_user(token_hash, now_ms).await,
        }
    }
    async fn delete_session(&self, token_hash: &str) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().delete_session(token_hash).await,
            Backend::Postgres(r) => r.sql().delete_session(token_hash).await,
        }
    }
    async fn list_submissions(&self, query: &ListQuery) -> RepoResult<(i64, Vec<ListRow>)> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().list_submissions(query).await,
            Backend::Postgres(r) => r.sql().list_submissions(query).await,
        }
    }
    async fn stored_submission(&self, id: &str) -> RepoResult<Option<StoredSubmission>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().stored_submission(id).await,
            Backend::Postgres(r) => r.sql().stored_submission(id).await,
        }
    }
    async fn audit_entries(&self, submission_id: &str) -> RepoResult<Vec<AuditEntry>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().audit_entries(submission_id).await,
            Backend::Postgres(r) => r.sql().audit_entries(submission_id).await,
        }
    }
    async fn append_audit(&self, entry: &NewAudit) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().append_audit(entry).await,
            Backend::Postgres(r) => r.sql().append_audit(entry).await,
        }
    }
    async fn withdraw(&self, id: &str, receipt_hash: &str, now_ms: i64) -> RepoResult<WithdrawOutcome> {
        match &self.backend {
            Backend::Sqlite(r) => self.counted(r.sql().withdraw(id, receipt_hash, now_ms)).await,
            Backend::Postgres(r) => self.counted(r.sql().withdraw(id, receipt_hash, now_ms)).await,
        }
    }
    async fn resubmit(&self, new: &NewSubmission) -> RepoResult<ResubmitOutcome> {
        match &self.backend {
            Backend::Sqlite(r) => self.counted(r.sql().resubmit(new)).await,
            Backend::Postgres(r) => self.counted(r.sql().resubmit(new)).await,
        }
    }
}

/// The context look-ups of the backend: SQLite's reader (`sqlite.rs`), PostgreSQL's batches
/// (`postgres.rs`).
impl ContextSource for Store {
    async fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> RepoResult<CycleTaken> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().unit_cycle(uscc, from_year, except).await,
            Backend::Postgres(r) => r.unit_cycle(uscc, from_year, except).await,
        }
    }
    async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().base(id).await,
            Backend::Postgres(r) => r.base(id).await,
        }
    }
    async fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> RepoResult<Vec<OfficerTerm>> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().pending_appointments(base_id, except).await,
            Backend::Postgres(r) => r.pending_appointments(base_id, except).await,
        }
    }
    async fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().pending_direction_change(base_id, except).await,
            Backend::Postgres(r) => r.pending_direction_change(base_id, except).await,
        }
    }
    async fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().annual_filed(base_id, year, except).await,
            Backend::Postgres(r) => r.annual_filed(base_id, year, except).await,
        }
    }
    async fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().plan_approved(base_id, year, except).await,
            Backend::Postgres(r) => r.plan_approved(base_id, year, except).await,
        }
    }
    async fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> RepoResult<EvaluationFacts> {
        match &self.backend {
            Backend::Sqlite(r) => r.reader().evaluation_facts(base_id, except).await,
            Backend::Postgres(r) => r.evaluation_facts(base_id, except).await,
        }
    }
}
