//! Attachments' part of the repository (issue 25, item 3; migration 0011): uploads written
//! unbound, found by their token's hash, bound to a submission inside its filing's
//! transaction (here for sqlx; SQLite's new submissions through `writer.rs`, with the same
//! SQL), listed, and the expired unbound ones swept.

use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::{Backend, NewSubmission, RepoResult, Store};

/// An upload to record once its bytes are stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUpload {
    pub id: String,
    pub token_hash: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub now_ms: i64,
    pub expires_ms: i64,
}

/// An attachment as stored (bound or not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: String,
    pub submission_id: Option<String>,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at_ms: i64,
}

type Tuple = (String, Option<String>, String, String, i64, String, String, i64);

fn row((id, submission_id, name, media_type, size, sha256, storage_key, created_at_ms): Tuple) -> AttachmentRow {
    AttachmentRow { id, submission_id, name, media_type, size, sha256, storage_key, created_at_ms }
}

const COLUMNS: &str = "id, submission_id, name, media_type, size, sha256, storage_key, created_at";

/// A filing's attachments that it does not name again are marked removed (a resubmission
/// that names a list); [`BIND`] then (re)binds each it names.
pub(super) const REMOVE_ALL: &str = "UPDATE attachments SET removed_at = $1 WHERE submission_id = $2 AND removed_at IS NULL";

/// Binds an upload to the submission `$1` at position `$2`: an unbound one not expired at
/// `$3`, or one of the submission's own (kept by a resubmission). One row, else it is gone
/// (taken by another submission meanwhile, or expired) and the filing is refused.
pub(super) const BIND: &str = "UPDATE attachments SET submission_id = $1, position = $2, token_hash = NULL, \
     bound_at = COALESCE(bound_at, $3), removed_at = NULL \
     WHERE id = $4 AND ((submission_id IS NULL AND expires_at > $3) OR submission_id = $1)";

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
{
    pub async fn insert_upload(&self, u: &NewUpload) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO attachments (id, token_hash, name, media_type, size, sha256, storage_key, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(u.id.as_str())
        .bind(u.token_hash.as_str())
        .bind(u.name.as_str())
        .bind(u.media_type.as_str())
        .bind(u.size)
        .bind(u.sha256.as_str())
        .bind(u.storage_key.as_str())
        .bind(u.now_ms)
        .bind(u.expires_ms)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The unbound upload of this token, while it has not expired.
    pub async fn upload_by_token(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<AttachmentRow>> {
        let sql = format!("SELECT {COLUMNS} FROM attachments WHERE token_hash = $1 AND submission_id IS NULL AND expires_at > $2");
        let found: Option<Tuple> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(token_hash).bind(now_ms).fetch_optional(&self.pool).await?;
        Ok(found.map(row))
    }

    /// A submission's attachments (not removed), in their order.
    pub async fn attachments_of(&self, submission_id: &str) -> RepoResult<Vec<AttachmentRow>> {
        let sql = format!("SELECT {COLUMNS} FROM attachments WHERE submission_id = $1 AND removed_at IS NULL ORDER BY position, id");
        let rows: Vec<Tuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(submission_id).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(row).collect())
    }

    /// Unbound uploads expired before `before_ms` (id and storage key), at most `limit`.
    pub async fn expired_uploads(&self, before_ms: i64, limit: i64) -> RepoResult<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, storage_key FROM attachments WHERE submission_id IS NULL AND expires_at < $1 ORDER BY expires_at LIMIT $2",
        )
        .bind(before_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Forgets an unbound upload (its object deleted first); `false` if it was bound meanwhile.
    pub async fn delete_upload(&self, id: &str) -> RepoResult<bool> {
        let done = sqlx::query("DELETE FROM attachments WHERE id = $1 AND submission_id IS NULL").bind(id).execute(&self.writer).await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    /// Whether a storage key is an attachment's (the sweep of objects without a row).
    pub async fn storage_key_known(&self, key: &str) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE storage_key = $1").bind(key).fetch_one(&self.pool).await?;
        Ok(n > 0)
    }

    /// In a filing's transaction, after its submission's row is written: binds the
    /// attachments the filing names, in order (a resubmission's list replaces the one before).
    /// `false` when one is gone (bound by another submission, or expired): the caller rolls
    /// back.
    pub async fn bind_attachments_in(tx: &mut Tx<DB>, new: &NewSubmission) -> RepoResult<bool> {
        let Some(ids) = &new.attachments else {
            return Ok(true);
        };
        sqlx::query(REMOVE_ALL).bind(new.now_ms).bind(new.id.as_str()).execute(&mut **tx).await?;
        for (position, id) in ids.iter().enumerate() {
            let done = sqlx::query(BIND)
                .bind(new.id.as_str())
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .bind(new.now_ms)
                .bind(id.as_str())
                .execute(&mut **tx)
                .await?;
            if DB::rows_affected(&done) != 1 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl Store {
    pub async fn insert_upload(&self, u: &NewUpload) -> RepoResult<()> {
        on_backend!(self, s => s.insert_upload(u))
    }

    pub async fn upload_by_token(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<AttachmentRow>> {
        on_backend!(self, s => s.upload_by_token(token_hash, now_ms))
    }

    pub async fn attachments_of(&self, submission_id: &str) -> RepoResult<Vec<AttachmentRow>> {
        on_backend!(self, s => s.attachments_of(submission_id))
    }

    pub async fn expired_uploads(&self, before_ms: i64, limit: i64) -> RepoResult<Vec<(String, String)>> {
        on_backend!(self, s => s.expired_uploads(before_ms, limit))
    }

    pub async fn delete_upload(&self, id: &str) -> RepoResult<bool> {
        on_backend!(self, s => s.delete_upload(id))
    }

    pub async fn storage_key_known(&self, key: &str) -> RepoResult<bool> {
        on_backend!(self, s => s.storage_key_known(key))
    }
}
