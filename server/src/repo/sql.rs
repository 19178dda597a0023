//! The repository's writes and reads over sqlx, written once for both backends: [`Sql`] is
//! generic over the sqlx database, and what differs per backend (how a write transaction
//! begins, how it locks a key, how a statement's row count is read) is the small trait
//! [`Db`]. The SQL text lives in `common.rs`, `review.rs` and `registry.rs`; SQLite's
//! submissions and context look-ups go through plain SQLite connections instead (`writer.rs`,
//! `sqlite.rs`), PostgreSQL's look-ups through batches (`pg_lookups.rs`).

use std::future::Future;

use sqlx::query::Query;
use sqlx::{Arguments, ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Transaction, Type};

use super::common;
use super::registry::RegistryBase;
use super::registry::{self, BaseRow};
use super::review::{self, Bind};
use super::review::{
    AdminUser, AuditEntry, ListQuery, ListRow, NewAudit, RegistryChange, ResubmitOutcome, StoredSubmission, Transition, TransitionOutcome,
    WithdrawOutcome,
};
use super::types::{
    Counts, HistoryEntry, InsertOutcome, LoginAttempt, LoginLimits, NewBase, NewSubmission, RepoResult, StoredAnswer, SubmissionView,
    SubmittedDocument,
};

/// What differs between the two sqlx databases in the shared SQL's use of them.
pub trait Db: Database {
    /// How a write transaction begins: SQLite's `BEGIN IMMEDIATE` takes the write lock before
    /// anything is read; PostgreSQL's `BEGIN` takes row locks as it goes.
    const BEGIN: &'static str;

    /// Holds `key` until the transaction ends: PostgreSQL, a transaction-level advisory lock;
    /// SQLite, nothing (its `BEGIN IMMEDIATE` holds the one write lock already).
    fn lock(conn: &mut Self::Connection, key: &str) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// The rows a statement changed.
    fn rows_affected(done: &Self::QueryResult) -> u64;
}

impl Db for sqlx::Sqlite {
    const BEGIN: &'static str = "BEGIN IMMEDIATE";

    async fn lock(_: &mut sqlx::SqliteConnection, _: &str) -> Result<(), sqlx::Error> {
        Ok(())
    }

    fn rows_affected(done: &sqlx::sqlite::SqliteQueryResult) -> u64 {
        done.rows_affected()
    }
}

impl Db for sqlx::Postgres {
    const BEGIN: &'static str = "BEGIN";

    async fn lock(conn: &mut sqlx::PgConnection, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind(key).execute(conn).await?;
        Ok(())
    }

    fn rows_affected(done: &sqlx::postgres::PgQueryResult) -> u64 {
        done.rows_affected()
    }
}

/// A backend's sqlx pools: `pool` reads, `writer` writes (SQLite: one connection, so writes
/// queue in its wait list; PostgreSQL: the same pool).
#[derive(Debug)]
pub struct Sql<DB: Database> {
    pub(super) pool: Pool<DB>,
    pub(super) writer: Pool<DB>,
}

impl<DB: Database> Clone for Sql<DB> {
    fn clone(&self) -> Self {
        Sql { pool: self.pool.clone(), writer: self.writer.clone() }
    }
}

/// A decision's open transaction (see `Store::begin_decision`).
pub type Tx<DB> = Transaction<'static, DB>;

/// The statuses of a history line and audit entry written together.
struct Moved<'a> {
    id: &'a str,
    from: &'a str,
    to: &'a str,
    /// The note of the history line (shown to the applicant).
    public_note: Option<&'a str>,
    actor: &'a str,
    action: &'a str,
    note: Option<&'a str>,
    detail: Option<String>,
    at_ms: i64,
}

impl<'a> Moved<'a> {
    /// A move the applicant made (a withdrawal, a resubmission): no notes.
    fn by_applicant(id: &'a str, from: &'a str, to: &'a str, action: &'a str, detail: Option<String>, at_ms: i64) -> Self {
        Moved { id, from, to, public_note: None, actor: "applicant", action, note: None, detail, at_ms }
    }
}

impl<DB: Db> Sql<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB> + ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    String: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    i64: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    i32: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    bool: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    // sqlx encodes `Option`s per database, not for every one.
    for<'a> Option<&'a str>: Encode<'a, DB>,
    Option<String>: for<'a> Encode<'a, DB>,
    Option<i64>: for<'a> Encode<'a, DB>,
{
    pub async fn ping(&self) -> RepoResult<()> {
        sqlx::query(common::SELECT_ONE).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn stored_answer(&self, key_hash: &str) -> RepoResult<Option<StoredAnswer>> {
        let row: Option<(String, String, String, i32, String, String)> =
            sqlx::query_as(common::SELECT_ANSWER).bind(key_hash).fetch_optional(&self.pool).await?;
        Ok(row.map(|(submission_id, request_hash, receipt_salt, status, head, tail)| StoredAnswer {
            submission_id,
            request_hash,
            receipt_salt,
            status_code: u16::try_from(status).unwrap_or(500),
            answer_head: head,
            answer_tail: tail,
        }))
    }

    /// Writes the submission, its first history line and its idempotency answer in one
    /// transaction (PostgreSQL's; SQLite's submissions go through `writer.rs`).
    pub async fn insert_submission(&self, new: &NewSubmission) -> RepoResult<InsertOutcome> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        // The idempotency row first: a concurrent retry with the same key waits here for this
        // transaction and then replays its answer.
        if let Some(idem) = &new.idempotency {
            let inserted = sqlx::query(common::INSERT_ANSWER)
                .bind(&idem.key_hash)
                .bind(&idem.request_hash)
                .bind(&new.id)
                .bind(&idem.receipt_salt)
                .bind(i32::from(idem.status_code))
                .bind(&idem.answer_head)
                .bind(&idem.answer_tail)
                .bind(new.now_ms)
                .execute(&mut *tx)
                .await;
            if let Err(e) = inserted {
                drop(tx);
                if common::is_unique_violation(&e)
                    && let Some(answer) = self.stored_answer(&idem.key_hash).await?
                {
                    return Ok(InsertOutcome::Replay(answer));
                }
                return Err(e.into());
            }
        }
        let inserted = Self::bind_submission(sqlx::query(common::INSERT_SUBMISSION), new).execute(&mut *tx).await;
        if let Err(e) = inserted {
            drop(tx);
            return common::conflict_or(e, new.kind).map(InsertOutcome::Conflict);
        }
        sqlx::query(common::INSERT_EVENT).bind(&new.id).bind(new.now_ms).execute(&mut *tx).await?;
        if !Self::bind_attachments_in(&mut tx, new).await? {
            return Ok(InsertOutcome::AttachmentGone);
        }
        Self::queue_submitted(&mut tx, new).await?;
        tx.commit().await?;
        Ok(InsertOutcome::Inserted)
    }

    /// Binds a submission's columns as `$1`..`$17`, in `INSERT_SUBMISSION`'s order (the
    /// resubmission's update takes the same).
    fn bind_submission<'q>(q: Query<'q, DB, DB::Arguments>, new: &'q NewSubmission) -> Query<'q, DB, DB::Arguments> {
        q.bind(&new.id)
            .bind(new.kind.name())
            .bind(&new.document)
            .bind(&new.report)
            .bind(&new.ruleset_version)
            .bind(&new.content_hash)
            .bind(&new.receipt_hash)
            .bind(new.unit_uscc.as_deref())
            .bind(new.cycle)
            .bind(new.base_id.as_deref())
            .bind(new.now_ms)
            .bind(new.listing.unit_name.as_deref())
            .bind(new.listing.unit_kind.as_deref())
            .bind(review::encode_directions(&new.listing.directions))
            .bind(new.listing.has_warnings)
            .bind(new.listing.priority)
            .bind(new.eval_cycle)
    }

    pub async fn submission_view(&self, id: &str, receipt_hash: &str) -> RepoResult<Option<SubmissionView>> {
        type Row = (String, String, String, String, String, i64, i64, Option<String>, Option<String>);
        let row: Option<Row> = sqlx::query_as(common::SELECT_VIEW).bind(id).bind(receipt_hash).fetch_optional(&self.pool).await?;
        let Some((id, kind, status, ruleset_version, content_hash, created, updated, base_id, base_name)) = row else {
            return Ok(None);
        };
        let history = self.history(&id).await?;
        Ok(Some(SubmissionView {
            id,
            kind,
            status,
            ruleset_version,
            content_hash,
            created_at_ms: created,
            updated_at_ms: updated,
            base: base_id.zip(base_name),
            history,
        }))
    }

    /// A submission's history, oldest first.
    async fn history(&self, id: &str) -> RepoResult<Vec<HistoryEntry>> {
        let events: Vec<(String, Option<String>, i64)> = sqlx::query_as(common::SELECT_EVENTS).bind(id).fetch_all(&self.pool).await?;
        Ok(events.into_iter().map(|(status, note, at_ms)| HistoryEntry { status, note, at_ms }).collect())
    }

    pub async fn submission_document(&self, id: &str, receipt_hash: &str) -> RepoResult<Option<SubmittedDocument>> {
        let row: Option<(String, String, String)> =
            sqlx::query_as(common::SELECT_DOCUMENT).bind(id).bind(receipt_hash).fetch_optional(&self.pool).await?;
        Ok(row.map(|(kind, status, document)| SubmittedDocument { kind, status, document }))
    }

    pub async fn register_base(&self, base: &NewBase) -> RepoResult<()> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        Self::insert_base_row(&mut tx, base).await?;
        for o in &base.officers {
            sqlx::query(common::INSERT_OFFICER)
                .bind(&base.identity.id)
                .bind(&o.role)
                .bind(&o.name)
                .bind(&o.term_start)
                .bind(&o.term_end)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A base's registry row (directions and partners as JSON text): registering a base and
    /// certifying an application share it.
    async fn insert_base_row(tx: &mut Tx<DB>, base: &NewBase) -> RepoResult<()> {
        let b = &base.identity;
        let directions = serde_json::to_string(&b.directions).map_err(|e| sqlx::Error::Encode(e.into()))?;
        let partners = serde_json::to_string(&b.partners).map_err(|e| sqlx::Error::Encode(e.into()))?;
        sqlx::query(common::INSERT_BASE)
            .bind(&b.id)
            .bind(&b.short_name)
            .bind(&b.full_name)
            .bind(&b.responsible_name)
            .bind(&b.responsible_uscc)
            .bind(directions)
            .bind(partners)
            .bind(base.revoked)
            .bind(base.now_ms)
            .bind(&base.certified_on)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn counts(&self) -> RepoResult<Counts> {
        let (submissions, events, idempotency_keys, bases): (i64, i64, i64, i64) =
            sqlx::query_as(common::COUNTS).fetch_one(&self.pool).await?;
        Ok(Counts { submissions, events, idempotency_keys, bases })
    }

    // --- Chapter 6 ---

    pub async fn registry(&self, id: Option<&str>) -> RepoResult<Vec<RegistryBase>> {
        let bases: Vec<BaseRow> = sqlx::query_as(registry::REGISTRY_BASES).bind(id).fetch_all(&self.pool).await?;
        let officers: Vec<(String, String, String, String, String)> =
            sqlx::query_as(registry::REGISTRY_OFFICERS).bind(id).fetch_all(&self.pool).await?;
        let filings: Vec<(String, String, String, i64, String, String)> =
            sqlx::query_as(registry::REGISTRY_FILINGS).bind(id).fetch_all(&self.pool).await?;
        registry::assemble(bases, officers, filings)
    }

    // --- The review desk ---

    pub async fn create_user(&self, username: &str, password_hash: &str, now_ms: i64) -> RepoResult<bool> {
        let r = sqlx::query(
            "INSERT INTO admin_users (username, password_hash, disabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(username)
        .bind(password_hash)
        .bind(false)
        .bind(now_ms)
        .execute(&self.writer)
        .await;
        match r {
            Ok(_) => Ok(true),
            Err(e) if common::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn set_user_disabled(&self, username: &str, disabled: bool, now_ms: i64) -> RepoResult<bool> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        let r = sqlx::query("UPDATE admin_users SET disabled = $2, updated_at = $3 WHERE username = $1")
            .bind(username)
            .bind(disabled)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        // A disabled account's sessions end: enabling it again does not revive them.
        if disabled {
            sqlx::query("DELETE FROM admin_sessions WHERE user_id = (SELECT id FROM admin_users WHERE username = $1)")
                .bind(username)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(DB::rows_affected(&r) > 0)
    }

    pub async fn user_by_name(&self, username: &str) -> RepoResult<Option<AdminUser>> {
        let row: Option<(i64, String, String, bool)> =
            sqlx::query_as("SELECT id, username, password_hash, disabled FROM admin_users WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, username, password_hash, disabled)| AdminUser { id, username, password_hash, disabled }))
    }

    pub async fn login_failures(&self, username: &str, client: &str, since_ms: i64) -> RepoResult<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT \
         (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3), \
         (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at >= $3)",
        )
        .bind(username)
        .bind(client)
        .bind(since_ms)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn create_session(&self, token_hash: &str, user_id: i64, now_ms: i64, expires_ms: i64) -> RepoResult<()> {
        sqlx::query("DELETE FROM admin_sessions WHERE expires_at <= $1").bind(now_ms).execute(&self.writer).await?;
        sqlx::query("INSERT INTO admin_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now_ms)
            .bind(expires_ms)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn session_user(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<AdminUser>> {
        let row: Option<(i64, String, String, bool)> = sqlx::query_as(
            "SELECT u.id, u.username, u.password_hash, u.disabled \
         FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, username, password_hash, disabled)| AdminUser { id, username, password_hash, disabled }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> RepoResult<()> {
        sqlx::query("DELETE FROM admin_sessions WHERE token_hash = $1").bind(token_hash).execute(&self.writer).await?;
        Ok(())
    }

    pub async fn list_submissions(&self, q: &ListQuery) -> RepoResult<(i64, Vec<ListRow>)> {
        let (filter, binds) = review::list_filter(q);
        let sql = format!("SELECT COUNT(*) FROM submissions{filter}");
        let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), Self::arguments(&binds, None)?).fetch_one(&self.pool).await?;
        let sql = format!("{}{filter}{}", review::LIST_COLUMNS, review::list_order(q, binds.len() + 1));
        let rows: Vec<ListRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), Self::arguments(&binds, Some((q.limit, q.offset)))?)
            .fetch_all(&self.pool)
            .await?;
        Ok((total, rows))
    }

    /// The list's bound values, then (`page`) its limit and offset.
    fn arguments(binds: &[Bind], page: Option<(i64, i64)>) -> Result<DB::Arguments, sqlx::Error> {
        let mut args = DB::Arguments::default();
        for b in binds {
            match b {
                Bind::Text(s) => args.add(s.as_str()),
                Bind::Int(i) => args.add(*i),
                Bind::Bool(v) => args.add(*v),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        if let Some((limit, offset)) = page {
            args.add(limit).map_err(sqlx::Error::Encode)?;
            args.add(offset).map_err(sqlx::Error::Encode)?;
        }
        Ok(args)
    }

    pub async fn stored_submission(&self, id: &str) -> RepoResult<Option<StoredSubmission>> {
        let stored: Option<StoredSubmission> = sqlx::query_as(
            "SELECT id, kind, status, document, report, ruleset_version, content_hash, \
             unit_name, unit_uscc, cycle, base_id, created_at, updated_at FROM submissions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(mut stored) = stored else { return Ok(None) };
        stored.history = self.history(id).await?;
        Ok(Some(stored))
    }

    pub async fn audit_entries(&self, submission_id: &str) -> RepoResult<Vec<AuditEntry>> {
        type Row = (i64, i64, String, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, at, actor, action, submission_id, from_status, to_status, note, detail \
         FROM audit_log WHERE submission_id = $1 ORDER BY id",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at_ms, actor, action, submission_id, from_status, to_status, note, detail)| AuditEntry {
                id,
                entry: NewAudit { actor, action, submission_id, from_status, to_status, note, detail, at_ms },
            })
            .collect())
    }

    pub async fn append_audit(&self, e: &NewAudit) -> RepoResult<()> {
        Self::audit(&self.writer, e).await
    }

    async fn audit<'c>(on: impl Executor<'c, Database = DB>, e: &NewAudit) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO audit_log \
         (at, actor, action, submission_id, from_status, to_status, note, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.at_ms)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(e.submission_id.as_deref())
        .bind(e.from_status.as_deref())
        .bind(e.to_status.as_deref())
        .bind(e.note.as_deref())
        .bind(e.detail.as_deref())
        .execute(on)
        .await?;
        Ok(())
    }

    /// A status change's history line and audit entry, in its transaction.
    async fn record(tx: &mut Tx<DB>, m: Moved<'_>) -> RepoResult<()> {
        sqlx::query("INSERT INTO submission_events (submission_id, status, note, at) VALUES ($1, $2, $3, $4)")
            .bind(m.id)
            .bind(m.to)
            .bind(m.public_note)
            .bind(m.at_ms)
            .execute(&mut **tx)
            .await?;
        let entry = NewAudit {
            actor: m.actor.to_owned(),
            action: m.action.to_owned(),
            submission_id: Some(m.id.to_owned()),
            from_status: Some(m.from.to_owned()),
            to_status: Some(m.to.to_owned()),
            note: m.note.map(str::to_owned),
            detail: m.detail,
            at_ms: m.at_ms,
        };
        Self::audit(&mut **tx, &entry).await
    }

    /// The status of a submission (by id and receipt) that an update did not find in the
    /// status it required: `None` when there is no such submission.
    async fn status_by_receipt(tx: &mut Tx<DB>, id: &str, receipt_hash: &str) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1 AND receipt_hash = $2")
            .bind(id)
            .bind(receipt_hash)
            .fetch_optional(&mut **tx)
            .await?)
    }

    pub async fn withdraw(&self, id: &str, receipt_hash: &str, now_ms: i64) -> RepoResult<WithdrawOutcome> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        let moved = sqlx::query(
            "UPDATE submissions SET status = 'withdrawn', updated_at = $3 WHERE id = $1 AND receipt_hash = $2 AND status = 'submitted'",
        )
        .bind(id)
        .bind(receipt_hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if DB::rows_affected(&moved) == 0 {
            return Ok(match Self::status_by_receipt(&mut tx, id, receipt_hash).await? {
                None => WithdrawOutcome::NotFound,
                Some(current) => WithdrawOutcome::NotSubmitted { current },
            });
        }
        Self::record(&mut tx, Moved::by_applicant(id, "submitted", "withdrawn", "withdraw", None, now_ms)).await?;
        tx.commit().await?;
        Ok(WithdrawOutcome::Done)
    }

    pub async fn resubmit(&self, r: &NewSubmission) -> RepoResult<ResubmitOutcome> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        // The columns in `INSERT_SUBMISSION`'s order, `$1`..`$17`.
        let updated = Self::bind_submission(
            sqlx::query(
                "UPDATE submissions SET status = 'submitted', document = $3, report = $4, ruleset_version = $5, content_hash = $6, \
                 unit_uscc = COALESCE($8, (SELECT responsible_uscc FROM bases WHERE bases.id = $10)), cycle = $9, base_id = $10, \
                 unit_name = COALESCE($12, (SELECT responsible_name FROM bases WHERE bases.id = $10)), unit_kind = $13, \
                 directions = $14, has_warnings = $15, priority = $16, updated_at = $11, eval_cycle = $17 \
                 WHERE id = $1 AND kind = $2 AND receipt_hash = $7 AND status = 'returned'",
            ),
            r,
        )
        .execute(&mut *tx)
        .await;
        let updated = match updated {
            Ok(u) => u,
            Err(e) => {
                drop(tx);
                return common::conflict_or(e, r.kind).map(ResubmitOutcome::Conflict);
            }
        };
        if DB::rows_affected(&updated) == 0 {
            return Ok(match Self::status_by_receipt(&mut tx, &r.id, &r.receipt_hash).await? {
                None => ResubmitOutcome::NotFound,
                Some(current) => ResubmitOutcome::NotReturned { current },
            });
        }
        if !Self::bind_attachments_in(&mut tx, r).await? {
            return Ok(ResubmitOutcome::AttachmentGone);
        }
        let detail = Some(format!("content hash {}", r.content_hash));
        Self::record(&mut tx, Moved::by_applicant(&r.id, "returned", "submitted", "resubmit", detail, r.now_ms)).await?;
        tx.commit().await?;
        Ok(ResubmitOutcome::Done)
    }

    /// Begins a write transaction holding `keys` (in one order for every caller, so two never
    /// wait for each other's keys).
    /// A transaction on a reader that takes no lock and is never committed: reads that must
    /// agree with each other (the desk's preview of a decision's needs).
    pub async fn begin_read(&self) -> RepoResult<Tx<DB>> {
        Ok(self.pool.begin().await?)
    }

    pub async fn begin_locked(&self, keys: &[String]) -> RepoResult<Tx<DB>> {
        let mut tx = self.writer.begin_with(DB::BEGIN).await?;
        let mut keys: Vec<&String> = keys.iter().collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            DB::lock(&mut tx, key).await?;
        }
        Ok(tx)
    }

    /// Writes a decision in the decision's transaction `tx` (see `Store::begin_decision`) and
    /// commits it when the outcome is `Done` (else rolls it back: nothing was written).
    pub async fn decide(mut tx: Tx<DB>, t: &Transition) -> RepoResult<TransitionOutcome> {
        let out = Self::transition(&mut tx, t).await?;
        if out == TransitionOutcome::Done {
            tx.commit().await?;
        }
        Ok(out)
    }

    async fn transition(tx: &mut Tx<DB>, t: &Transition) -> RepoResult<TransitionOutcome> {
        let moved = sqlx::query("UPDATE submissions SET status = $2, updated_at = $3 WHERE id = $1 AND status = $4")
            .bind(&t.id)
            .bind(&t.to)
            .bind(t.now_ms)
            .bind(&t.from)
            .execute(&mut **tx)
            .await?;
        if DB::rows_affected(&moved) == 0 {
            let current: Option<String> =
                sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1").bind(&t.id).fetch_optional(&mut **tx).await?;
            return Ok(match current {
                None => TransitionOutcome::NotFound,
                Some(current) => TransitionOutcome::Stale { current },
            });
        }
        let detail = match &t.registry {
            None => None,
            Some(RegistryChange::NewBase(base)) => {
                Self::insert_base_row(tx, base).await?;
                sqlx::query("UPDATE submissions SET base_id = $2 WHERE id = $1")
                    .bind(&t.id)
                    .bind(&base.identity.id)
                    .execute(&mut **tx)
                    .await?;
                Some(format!("base {}", base.identity.id))
            }
            Some(RegistryChange::Officer { base_id, officer }) => {
                let inserted = sqlx::query(common::INSERT_OFFICER)
                    .bind(base_id)
                    .bind(&officer.role)
                    .bind(&officer.name)
                    .bind(&officer.term_start)
                    .bind(&officer.term_end)
                    .execute(&mut **tx)
                    .await;
                // The trigger of migration 0005 (one director of a base at a time).
                if let Err(e) = &inserted
                    && e.as_database_error().is_some_and(|d| d.message().contains("art14.one_director"))
                {
                    return Ok(TransitionOutcome::Refused("art14.one_director"));
                }
                inserted?;
                Some(format!("base {base_id}: {} {}–{}", officer.role, officer.term_start, officer.term_end))
            }
            Some(RegistryChange::Directions { base_id, directions }) => {
                let text = serde_json::to_string(directions).map_err(|e| sqlx::Error::Encode(e.into()))?;
                sqlx::query("UPDATE bases SET directions = $2 WHERE id = $1").bind(base_id).bind(text).execute(&mut **tx).await?;
                Some(format!("base {base_id}: {}", directions.join(", ")))
            }
            Some(RegistryChange::Revoke { base_id, on, reason }) => {
                sqlx::query(registry::REVOKE_BASE).bind(base_id).bind(true).bind(on).bind(reason).execute(&mut **tx).await?;
                Some(format!("base {base_id} revoked on {on}"))
            }
        };
        let moved = Moved {
            id: &t.id,
            from: &t.from,
            to: &t.to,
            public_note: t.public_note.as_deref(),
            actor: &t.actor,
            action: "decision",
            note: Some(&t.note),
            detail,
            at_ms: t.now_ms,
        };
        Self::record(tx, moved).await?;
        Ok(TransitionOutcome::Done)
    }

    /// See `Store::reserve_login`.
    pub async fn reserve_login(&self, a: LoginAttempt<'_>, limits: LoginLimits) -> RepoResult<Option<i64>> {
        let LoginAttempt { username, client, now_ms, since_ms } = a;
        let mut tx = self.begin_locked(&[format!("login-client:{client}"), format!("login-user:{username}")]).await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(since_ms).execute(&mut *tx).await?;
        let (pair, by_client, by_user): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
         (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND client = $2 AND at >= $3), \
         (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at >= $3), \
         (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3)",
        )
        .bind(username)
        .bind(client)
        .bind(since_ms)
        .fetch_one(&mut *tx)
        .await?;
        if pair >= limits.per_username_and_client || by_client >= limits.per_client || by_user >= limits.per_username {
            tx.rollback().await?;
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO login_failures (username, client, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(username)
            .bind(client)
            .bind(now_ms)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn release_login(&self, attempt: i64) -> RepoResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(attempt).execute(&self.writer).await?;
        Ok(())
    }

    pub async fn login_succeeded(&self, username: &str, client: &str) -> RepoResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1 AND client = $2")
            .bind(username)
            .bind(client)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The cycle origin the database records and its count of applications (see
    /// `Store::ensure_cycle_origin`).
    pub async fn cycle_origin(&self) -> RepoResult<(String, i64)> {
        let stored = sqlx::query_scalar(common::CYCLE_ORIGIN).fetch_one(&self.writer).await?;
        let applications = sqlx::query_scalar(common::APPLICATIONS).fetch_one(&self.writer).await?;
        Ok((stored, applications))
    }

    pub async fn set_cycle_origin(&self, origin: String) -> RepoResult<()> {
        sqlx::query(common::SET_CYCLE_ORIGIN).bind(origin).execute(&self.writer).await?;
        Ok(())
    }
}
