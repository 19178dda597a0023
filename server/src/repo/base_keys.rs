//! The base's own page's part of the repository: each base's capability key (its hash), made
//! at certification in the decision's transaction or replaced by the secretariat with an
//! audit entry, and the submissions about a base. SQL written once for both backends ([`Sql`]).

use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::types::RepoResult;
use super::{Backend, DecisionTx, Store};

/// A submission about a base, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseSubmissionRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub cycle: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

const PUT_KEY: &str = "INSERT INTO base_keys (base_id, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (base_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at, created_by = excluded.created_by";

impl<DB: Db> Sql<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB> + ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    String: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    i64: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB>,
    Option<i64>: for<'r> Decode<'r, DB>,
{
    /// Stores `key_hash` as the base's key (replacing the one before) in `tx`.
    pub async fn put_base_key(tx: &mut Tx<DB>, base_id: &str, key_hash: &str, actor: &str, now_ms: i64) -> RepoResult<()> {
        sqlx::query(PUT_KEY).bind(base_id).bind(key_hash).bind(now_ms).bind(actor).execute(&mut **tx).await?;
        Ok(())
    }

    /// The audit entry of a key's replacement (no submission; the key itself is never written).
    pub async fn audit_base_key(tx: &mut Tx<DB>, base_id: &str, actor: &str, now_ms: i64) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(now_ms)
        .bind(actor)
        .bind("base_key")
        .bind(None::<&str>)
        .bind(None::<&str>)
        .bind(None::<&str>)
        .bind(None::<&str>)
        .bind(Some(format!("base {base_id}: key replaced").as_str()))
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Whether `key_hash` is the base's key now.
    pub async fn base_key_matches(&self, base_id: &str, key_hash: &str) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM base_keys WHERE base_id = $1 AND key_hash = $2")
            .bind(base_id)
            .bind(key_hash)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Every submission about the base (its application included), oldest first.
    pub async fn base_submissions(&self, base_id: &str) -> RepoResult<Vec<BaseSubmissionRow>> {
        let rows: Vec<(String, String, String, Option<i64>, i64, i64)> = sqlx::query_as(
            "SELECT id, kind, status, cycle, created_at, updated_at FROM submissions WHERE base_id = $1 ORDER BY created_at, id",
        )
        .bind(base_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, status, cycle, created_at_ms, updated_at_ms)| BaseSubmissionRow {
                id,
                kind,
                status,
                cycle,
                created_at_ms,
                updated_at_ms,
            })
            .collect())
    }
}

impl Store {
    /// Stores a base's key (its hash) in a transaction begun with [`Store::begin_decision`]:
    /// a certification's, or a replacement's (then with its audit entry, `audit`).
    pub async fn put_base_key(
        &self,
        tx: &mut DecisionTx,
        base_id: &str,
        key_hash: &str,
        actor: &str,
        now_ms: i64,
        audit: bool,
    ) -> RepoResult<()> {
        match tx {
            DecisionTx::Sqlite(tx) => {
                Sql::put_base_key(tx, base_id, key_hash, actor, now_ms).await?;
                if audit {
                    Sql::audit_base_key(tx, base_id, actor, now_ms).await?;
                }
            }
            DecisionTx::Postgres(tx) => {
                Sql::put_base_key(tx, base_id, key_hash, actor, now_ms).await?;
                if audit {
                    Sql::audit_base_key(tx, base_id, actor, now_ms).await?;
                }
            }
        }
        Ok(())
    }

    pub async fn base_key_matches(&self, base_id: &str, key_hash: &str) -> RepoResult<bool> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().base_key_matches(base_id, key_hash).await,
            Backend::Postgres(r) => r.sql().base_key_matches(base_id, key_hash).await,
        }
    }

    pub async fn base_submissions(&self, base_id: &str) -> RepoResult<Vec<BaseSubmissionRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().base_submissions(base_id).await,
            Backend::Postgres(r) => r.sql().base_submissions(base_id).await,
        }
    }
}
