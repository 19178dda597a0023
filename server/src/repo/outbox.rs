//! The e-mail outbox (migration 0010): queuing a message in the transaction of what it tells,
//! and the worker's claims, sends and retries (`crate::outbox::worker`), written once for both
//! backends; SQLite's new submissions queue theirs on the writer thread ([`queue_in`]).
//!
//! A claim is a lease (`claimed_until`): a claimed message is not claimed again until its lease
//! lapses, so two workers (two server instances on one PostgreSQL database) never send one
//! message at once; PostgreSQL's claim also skips rows another claim has locked (`FOR UPDATE
//! SKIP LOCKED`), so concurrent claims do not wait for each other.

use rusqlite::named_params;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::types::{NewMessage, NewSubmission, RepoResult};
use super::{Backend, DecisionTx, Store};

/// Queues a message unless one with its dedupe key is queued already.
const INSERT_MESSAGE: &str = "INSERT INTO outbox \
     (message_id, dedupe_key, submission_id, recipient, locale, subject, body, created_at, next_attempt_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (dedupe_key) DO NOTHING";

const SET_LOCALE: &str = "UPDATE submissions SET locale = $2 WHERE id = $1";

/// A message claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMessage {
    pub id: i64,
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at_ms: i64,
    /// This attempt's number (from 1).
    pub attempts: i64,
}

/// A row of the outbox as stored (tests, operators).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub message_id: String,
    pub dedupe_key: String,
    pub submission_id: Option<String>,
    pub recipient: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub claimed_until: Option<i64>,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

/// What a decision's notification reads in its transaction about the submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailFacts {
    /// `zh-CN` or `en`: the locale it was submitted in.
    pub locale: String,
    /// Its history lines so far (the decision's is the next).
    pub events: i64,
    /// Its certificate, once issued (in this transaction, at certification).
    pub certificate: Option<String>,
}

/// On PostgreSQL a claim skips rows another transaction's claim holds; SQLite has one writer.
fn skip_locked<DB: Database>() -> &'static str {
    if DB::NAME == "PostgreSQL" { " FOR UPDATE SKIP LOCKED" } else { "" }
}

/// The submission's locale and its receipt's message, on the writer thread inside the
/// submission's savepoint (`writer.rs`): rolled back with it.
pub(super) fn queue_in(conn: &rusqlite::Connection, new: &NewSubmission) -> rusqlite::Result<()> {
    if new.mail.english {
        conn.prepare_cached(SET_LOCALE)?.execute(named_params! { "$1": new.id, "$2": "en" })?;
    }
    if let Some(m) = &new.mail.message {
        conn.prepare_cached(INSERT_MESSAGE)?.execute(named_params! {
            "$1": m.message_id,
            "$2": m.dedupe_key,
            "$3": m.submission_id,
            "$4": m.recipient,
            "$5": m.locale,
            "$6": m.subject,
            "$7": m.body,
            "$8": m.now_ms,
        })?;
    }
    Ok(())
}

impl<DB: Db> Sql<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB> + ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    String: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    i64: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB>,
    Option<String>: for<'a> Encode<'a, DB>,
    Option<i64>: for<'a> Encode<'a, DB>,
    for<'r> OutboxRow: sqlx::FromRow<'r, DB::Row>,
{
    /// Queues `m` in `tx`; `false` when its event had queued one already.
    pub async fn enqueue(tx: &mut Tx<DB>, m: &NewMessage) -> RepoResult<bool> {
        let done = sqlx::query(INSERT_MESSAGE)
            .bind(&m.message_id)
            .bind(&m.dedupe_key)
            .bind(m.submission_id.as_deref())
            .bind(m.recipient.as_str())
            .bind(m.locale)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(m.now_ms)
            .execute(&mut **tx)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    /// A new submission's locale and receipt message, in its transaction (PostgreSQL's path;
    /// SQLite's is [`queue_in`]).
    pub(super) async fn queue_submitted(tx: &mut Tx<DB>, new: &NewSubmission) -> RepoResult<()> {
        if new.mail.english {
            sqlx::query(SET_LOCALE).bind(&new.id).bind("en").execute(&mut **tx).await?;
        }
        if let Some(m) = &new.mail.message {
            Self::enqueue(tx, m).await?;
        }
        Ok(())
    }

    pub async fn mail_facts(tx: &mut Tx<DB>, submission_id: &str) -> RepoResult<Option<MailFacts>> {
        let row: Option<(String, i64, Option<String>)> = sqlx::query_as(
            "SELECT s.locale, (SELECT COUNT(*) FROM submission_events e WHERE e.submission_id = s.id), \
             (SELECT c.number FROM certificates c WHERE c.submission_id = s.id) FROM submissions s WHERE s.id = $1",
        )
        .bind(submission_id)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(row.map(|(locale, events, certificate)| MailFacts { locale, events, certificate }))
    }

    /// The document of the application a base was certified from (the forms of a base's later
    /// filings have no contact of their own): `None` for a base registered without one.
    pub async fn base_application_document<'c>(on: impl Executor<'c, Database = DB>, base_id: &str) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT document FROM submissions WHERE base_id = $1 AND kind = 'application' ORDER BY created_at DESC, id LIMIT 1",
        )
        .bind(base_id)
        .fetch_optional(on)
        .await?)
    }

    /// Claims up to `limit` due messages until `lease_until_ms`, counting the attempt.
    pub async fn claim_mail(&self, now_ms: i64, lease_until_ms: i64, limit: i64) -> RepoResult<Vec<QueuedMessage>> {
        let free = "sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $2)";
        let sql = format!(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE {free} AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3{}) \
             AND {free} RETURNING id, message_id, recipient, subject, body, created_at, attempts",
            skip_locked::<DB>()
        );
        let rows: Vec<(i64, String, String, String, String, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(lease_until_ms).bind(now_ms).bind(limit).fetch_all(&self.writer).await?;
        let mut claimed: Vec<QueuedMessage> = rows
            .into_iter()
            .map(|(id, message_id, recipient, subject, body, created_at_ms, attempts)| QueuedMessage {
                id,
                message_id,
                recipient,
                subject,
                body,
                created_at_ms,
                attempts,
            })
            .collect();
        claimed.sort_by_key(|m| m.id);
        Ok(claimed)
    }

    pub async fn mail_sent(&self, id: i64, now_ms: i64) -> RepoResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1")
            .bind(id)
            .bind(now_ms)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// An attempt failed: tried again from `retry_at_ms`, or (`None`) given up.
    pub async fn mail_failed(&self, id: i64, now_ms: i64, retry_at_ms: Option<i64>, error: &str) -> RepoResult<()> {
        let q = match retry_at_ms {
            Some(at) => sqlx::query(
                "UPDATE outbox SET next_attempt_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(at),
            None => {
                sqlx::query("UPDATE outbox SET failed_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1 AND sent_at IS NULL")
                    .bind(id)
                    .bind(now_ms)
            }
        };
        q.bind(error).execute(&self.writer).await?;
        Ok(())
    }

    /// When the next message falls due (its retry time, or its lease's end), if any waits.
    pub async fn next_mail_due(&self) -> RepoResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until \
             ELSE next_attempt_at END) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Forgets every claim (a single process's start: its earlier claims died with it).
    pub async fn release_mail_claims(&self) -> RepoResult<u64> {
        let done = sqlx::query("UPDATE outbox SET claimed_until = NULL WHERE sent_at IS NULL AND claimed_until IS NOT NULL")
            .execute(&self.writer)
            .await?;
        Ok(DB::rows_affected(&done))
    }

    pub async fn outbox(&self) -> RepoResult<Vec<OutboxRow>> {
        Ok(sqlx::query_as(
            "SELECT id, message_id, dedupe_key, submission_id, recipient, locale, subject, body, created_at, attempts, \
             next_attempt_at, claimed_until, sent_at, failed_at, last_error FROM outbox ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// Queues `m` in a decision's transaction (it is written if and when the decision commits);
    /// `false` when its event had queued one already.
    pub async fn enqueue(&self, tx: &mut DecisionTx, m: &NewMessage) -> RepoResult<bool> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::enqueue(tx, m).await,
            DecisionTx::Postgres(tx) => Sql::enqueue(tx, m).await,
        }
    }

    /// The submission's locale, history length and certificate, read in a decision's
    /// transaction.
    pub async fn mail_facts(&self, tx: &mut DecisionTx, submission_id: &str) -> RepoResult<Option<MailFacts>> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::mail_facts(tx, submission_id).await,
            DecisionTx::Postgres(tx) => Sql::mail_facts(tx, submission_id).await,
        }
    }

    /// The document of the application a base was certified from, read in a decision's
    /// transaction when one is given (a base certified in it), else on the pool.
    pub async fn base_application_document(&self, tx: Option<&mut DecisionTx>, base_id: &str) -> RepoResult<Option<String>> {
        match (tx, &self.backend) {
            (Some(DecisionTx::Sqlite(tx)), _) => Sql::base_application_document(&mut **tx, base_id).await,
            (Some(DecisionTx::Postgres(tx)), _) => Sql::base_application_document(&mut **tx, base_id).await,
            (None, Backend::Sqlite(r)) => Sql::base_application_document(r.pool(), base_id).await,
            (None, Backend::Postgres(r)) => Sql::base_application_document(r.pool(), base_id).await,
        }
    }

    pub async fn claim_mail(&self, now_ms: i64, lease_until_ms: i64, limit: i64) -> RepoResult<Vec<QueuedMessage>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().claim_mail(now_ms, lease_until_ms, limit).await,
            Backend::Postgres(r) => r.sql().claim_mail(now_ms, lease_until_ms, limit).await,
        }
    }

    pub async fn mail_sent(&self, id: i64, now_ms: i64) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().mail_sent(id, now_ms).await,
            Backend::Postgres(r) => r.sql().mail_sent(id, now_ms).await,
        }
    }

    pub async fn mail_failed(&self, id: i64, now_ms: i64, retry_at_ms: Option<i64>, error: &str) -> RepoResult<()> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().mail_failed(id, now_ms, retry_at_ms, error).await,
            Backend::Postgres(r) => r.sql().mail_failed(id, now_ms, retry_at_ms, error).await,
        }
    }

    pub async fn next_mail_due(&self) -> RepoResult<Option<i64>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().next_mail_due().await,
            Backend::Postgres(r) => r.sql().next_mail_due().await,
        }
    }

    /// At a worker's start on SQLite (one process: every claim left is a dead one's), the
    /// claims are forgotten so that a message whose send a crash cut short goes at once; on
    /// PostgreSQL another instance may hold them: they lapse with their lease. The number
    /// released.
    pub async fn release_mail_claims_if_alone(&self) -> RepoResult<u64> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().release_mail_claims().await,
            Backend::Postgres(_) => Ok(0),
        }
    }

    /// The whole outbox, oldest first.
    pub async fn outbox(&self) -> RepoResult<Vec<OutboxRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().outbox().await,
            Backend::Postgres(r) => r.sql().outbox().await,
        }
    }
}
