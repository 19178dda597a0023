//! Publicity notices and public objections (PROCEDURE.md "Publicity and objections", Arts. 11,
//! 12; migration 0007): their types and SQL, written once for both backends, and the
//! [`Store`] methods that pick the backend. Opening a notice runs in a decision's transaction
//! ([`DecisionTx`]), which holds every listed submission's decision keys; an objection and a
//! resolution take their item's `submission:{id}` key, so each serialises with the approval
//! of that submission.

use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::types::RepoResult;
use super::{Backend, DecisionTx, Store};

/// One submission listed by a new notice, and the move it makes to `publicity`.
#[derive(Clone, Debug)]
pub struct NewNoticeItem {
    pub submission_id: String,
    /// `application` or `direction_change`.
    pub kind: String,
    /// Its status now: `under_review` or `site_check` (moved to `publicity`), or `publicity`
    /// (moved there by a plain decision, never on a notice: listed without a move).
    pub from_status: String,
    pub full_name: String,
    pub responsible_name: String,
    pub partners: Vec<String>,
    pub directions: Vec<String>,
}

/// A notice to open (`Store::open_notice`).
#[derive(Clone, Debug)]
pub struct NewNotice {
    pub start_date: String,
    pub end_date: String,
    pub opened_by: String,
    pub now_ms: i64,
    /// Items of notices that ended before this day are superseded when listed again.
    pub today: String,
    /// The history line's note and the audit entry's (the same for every item).
    pub note: String,
    pub items: Vec<NewNoticeItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenOutcome {
    /// The notice's id.
    Done(i64),
    /// A submission was not in the status it was read in (a concurrent decision).
    Stale { id: String, current: String },
    /// A submission is on a notice that has not ended.
    Listed { id: String },
}

/// A notice as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub start_date: String,
    pub end_date: String,
    pub opened_by: String,
    pub opened_at: i64,
}

/// An item as stored, with its objections counted.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub notice_id: i64,
    pub submission_id: String,
    pub kind: String,
    pub full_name: String,
    pub responsible_name: String,
    /// JSON array.
    pub partners: String,
    /// JSON array.
    pub directions: String,
    pub objections_open: i64,
    pub objections_upheld: i64,
    pub objections_dismissed: i64,
}

/// An objection as stored (the client's hash is never read back).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ObjectionRow {
    pub id: i64,
    pub reference: String,
    pub item_id: i64,
    pub submission_id: String,
    pub full_name: String,
    pub objector_name: String,
    pub contact: String,
    pub reason: String,
    /// JSON array.
    pub evidence: String,
    pub filed_at: i64,
    pub status: String,
    pub resolution_note: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<i64>,
}

/// Where an item stands, for the objection form: its submission and its notice's period.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemPlace {
    pub submission_id: String,
    pub start_date: String,
    pub end_date: String,
}

/// An objection to file (`Store::file_objection`).
#[derive(Clone, Debug)]
pub struct NewObjectionRow {
    pub item_id: i64,
    pub submission_id: String,
    pub reference: String,
    pub name: String,
    pub contact: String,
    pub reason: String,
    /// JSON array.
    pub evidence: String,
    /// The client's address as text (hashed with the database's salt; never stored).
    pub client: String,
    pub now_ms: i64,
    /// Objections from the client since this moment are counted…
    pub since_ms: i64,
    /// …and at most this many are allowed.
    pub max: i64,
    /// Beijing date: the notice must be running on it.
    pub today: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOutcome {
    Filed,
    NoItem,
    Closed,
    RateLimited,
}

/// What `art12.no_objection` needs of a submission's live notice item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalFacts {
    pub end_date: String,
    pub open: i64,
    pub upheld: i64,
    /// The directions the notice published (Art. 11's decided directions).
    pub directions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveOutcome {
    Done,
    NotFound,
    /// Already resolved (its status).
    NotOpen(String),
}

const ITEM_COLUMNS: &str = "SELECT i.id, i.notice_id, i.submission_id, i.kind, i.full_name, i.responsible_name, i.partners, i.directions, \
     (SELECT COUNT(*) FROM objections o WHERE o.item_id = i.id AND o.status = 'open') AS objections_open, \
     (SELECT COUNT(*) FROM objections o WHERE o.item_id = i.id AND o.status = 'upheld') AS objections_upheld, \
     (SELECT COUNT(*) FROM objections o WHERE o.item_id = i.id AND o.status = 'dismissed') AS objections_dismissed \
     FROM notice_items i";

const OBJECTION_COLUMNS: &str = "SELECT o.id, o.reference, o.item_id, i.submission_id, i.full_name, o.objector_name, o.contact, o.reason, \
     o.evidence, o.filed_at, o.status, o.resolution_note, o.resolved_by, o.resolved_at \
     FROM objections o JOIN notice_items i ON i.id = o.item_id";

fn encode(v: &[String]) -> Result<String, sqlx::Error> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(e.into()))
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
    for<'a> Option<&'a str>: Encode<'a, DB>,
    Option<String>: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB>,
    Option<i64>: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB>,
    for<'r> NoticeRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> ItemRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> ObjectionRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> ItemPlace: sqlx::FromRow<'r, DB::Row>,
{
    /// Writes the notice, its items and each item's move to `publicity` (history line and
    /// audit entry) in the decision's transaction, and commits when every move holds.
    pub async fn open_notice(mut tx: Tx<DB>, n: &NewNotice) -> RepoResult<OpenOutcome> {
        let notice_id: i64 =
            sqlx::query_scalar("INSERT INTO notices (start_date, end_date, opened_by, opened_at) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(&n.start_date)
                .bind(&n.end_date)
                .bind(&n.opened_by)
                .bind(n.now_ms)
                .fetch_one(&mut *tx)
                .await?;
        for item in &n.items {
            // A notice that ended before today no longer holds its submission.
            sqlx::query("UPDATE notice_items SET superseded = TRUE WHERE submission_id = $1 AND NOT superseded AND end_date < $2")
                .bind(&item.submission_id)
                .bind(&n.today)
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "INSERT INTO notice_items (notice_id, submission_id, kind, full_name, responsible_name, partners, directions, end_date) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(notice_id)
            .bind(&item.submission_id)
            .bind(&item.kind)
            .bind(&item.full_name)
            .bind(&item.responsible_name)
            .bind(encode(&item.partners)?)
            .bind(encode(&item.directions)?)
            .bind(&n.end_date)
            .execute(&mut *tx)
            .await;
            if let Err(e) = inserted {
                if super::common::is_unique_violation(&e) {
                    return Ok(OpenOutcome::Listed { id: item.submission_id.clone() });
                }
                return Err(e.into());
            }
            let detail = Some(format!("notice {notice_id}: {} to {}", n.start_date, n.end_date));
            if item.from_status != "publicity" {
                let moved = sqlx::query("UPDATE submissions SET status = 'publicity', updated_at = $2 WHERE id = $1 AND status = $3")
                    .bind(&item.submission_id)
                    .bind(n.now_ms)
                    .bind(&item.from_status)
                    .execute(&mut *tx)
                    .await?;
                if DB::rows_affected(&moved) == 0 {
                    let current: Option<String> = sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1")
                        .bind(&item.submission_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    return Ok(OpenOutcome::Stale { id: item.submission_id.clone(), current: current.unwrap_or_default() });
                }
                sqlx::query("INSERT INTO submission_events (submission_id, status, note, at) VALUES ($1, 'publicity', $2, $3)")
                    .bind(&item.submission_id)
                    .bind(None::<String>)
                    .bind(n.now_ms)
                    .execute(&mut *tx)
                    .await?;
            }
            Self::notice_audit_in(
                &mut tx,
                &n.opened_by,
                "decision",
                &item.submission_id,
                Some((&item.from_status, "publicity")),
                &n.note,
                detail,
                n.now_ms,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(OpenOutcome::Done(notice_id))
    }

    /// An audit entry in a transaction.
    #[allow(clippy::too_many_arguments)]
    async fn notice_audit_in(
        tx: &mut Tx<DB>,
        actor: &str,
        action: &str,
        submission_id: &str,
        moved: Option<(&str, &str)>,
        note: &str,
        detail: Option<String>,
        at_ms: i64,
    ) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(at_ms)
        .bind(actor)
        .bind(action)
        .bind(submission_id)
        .bind(moved.map(|m| m.0.to_owned()))
        .bind(moved.map(|m| m.1.to_owned()))
        .bind(Some(note.to_owned()))
        .bind(detail)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Every notice (newest first) ending on or after `since` (`None`: all), with its items.
    pub async fn notices(&self, since: Option<&str>) -> RepoResult<Vec<(NoticeRow, Vec<ItemRow>)>> {
        let since = since.unwrap_or("");
        let notices: Vec<NoticeRow> = sqlx::query_as(
            "SELECT id, start_date, end_date, opened_by, opened_at FROM notices WHERE end_date >= $1 ORDER BY start_date DESC, id DESC",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let sql = format!("{ITEM_COLUMNS} JOIN notices n ON n.id = i.notice_id WHERE n.end_date >= $1 ORDER BY i.id");
        let items: Vec<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(since).fetch_all(&self.pool).await?;
        Ok(notices
            .into_iter()
            .map(|n| {
                let mine = items.iter().filter(|i| i.notice_id == n.id).cloned().collect();
                (n, mine)
            })
            .collect())
    }

    /// The objections of a notice's items, oldest first.
    pub async fn notice_objections(&self, notice_id: i64) -> RepoResult<Vec<ObjectionRow>> {
        let sql = format!("{OBJECTION_COLUMNS} WHERE i.notice_id = $1 ORDER BY o.id");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(notice_id).fetch_all(&self.pool).await?)
    }

    pub async fn item_place(&self, item_id: i64) -> RepoResult<Option<ItemPlace>> {
        Ok(sqlx::query_as(
            "SELECT i.submission_id, n.start_date, n.end_date FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE i.id = $1",
        )
        .bind(item_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Files an objection under its client's and its submission's locks: counted against the
    /// client's hourly limit, only while the notice runs.
    pub async fn file_objection(&self, o: &NewObjectionRow) -> RepoResult<FileOutcome> {
        let mut tx = self.begin_locked(&[format!("objection-client:{}", o.client), format!("submission:{}", o.submission_id)]).await?;
        let salt: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'objection_salt'").fetch_optional(&mut *tx).await?;
        let client_hash = crate::crypto::sha256_hex(format!("{}\n{}", salt.unwrap_or_default(), o.client).as_bytes());
        let recent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM objections WHERE client_hash = $1 AND filed_at >= $2")
            .bind(&client_hash)
            .bind(o.since_ms)
            .fetch_one(&mut *tx)
            .await?;
        if recent >= o.max {
            tx.rollback().await?;
            return Ok(FileOutcome::RateLimited);
        }
        let place: Option<ItemPlace> = sqlx::query_as(
            "SELECT i.submission_id, n.start_date, n.end_date FROM notice_items i JOIN notices n ON n.id = i.notice_id WHERE i.id = $1",
        )
        .bind(o.item_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(place) = place else {
            tx.rollback().await?;
            return Ok(FileOutcome::NoItem);
        };
        if !(place.start_date <= o.today && o.today <= place.end_date) {
            tx.rollback().await?;
            return Ok(FileOutcome::Closed);
        }
        sqlx::query(
            "INSERT INTO objections (reference, item_id, objector_name, contact, reason, evidence, client_hash, filed_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')",
        )
        .bind(&o.reference)
        .bind(o.item_id)
        .bind(&o.name)
        .bind(&o.contact)
        .bind(&o.reason)
        .bind(&o.evidence)
        .bind(&client_hash)
        .bind(o.now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(FileOutcome::Filed)
    }

    /// The submission an objection is about (to take its lock).
    pub async fn objection_submission(&self, objection_id: i64) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT i.submission_id FROM objections o JOIN notice_items i ON i.id = o.item_id WHERE o.id = $1")
            .bind(objection_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Resolves an open objection, with its audit entry, under its submission's lock.
    pub async fn resolve_objection(
        &self,
        objection_id: i64,
        submission_id: &str,
        resolution: &str,
        note: &str,
        actor: &str,
        now_ms: i64,
    ) -> RepoResult<ResolveOutcome> {
        let mut tx = self.begin_locked(&[format!("submission:{submission_id}")]).await?;
        let done = sqlx::query(
            "UPDATE objections SET status = $2, resolution_note = $3, resolved_by = $4, resolved_at = $5 WHERE id = $1 AND status = 'open'",
        )
        .bind(objection_id)
        .bind(resolution)
        .bind(note)
        .bind(actor)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if DB::rows_affected(&done) == 0 {
            let current: Option<String> =
                sqlx::query_scalar("SELECT status FROM objections WHERE id = $1").bind(objection_id).fetch_optional(&mut *tx).await?;
            tx.rollback().await?;
            return Ok(current.map_or(ResolveOutcome::NotFound, ResolveOutcome::NotOpen));
        }
        let reference: String =
            sqlx::query_scalar("SELECT reference FROM objections WHERE id = $1").bind(objection_id).fetch_one(&mut *tx).await?;
        Self::notice_audit_in(
            &mut tx,
            actor,
            "objection",
            submission_id,
            None,
            note,
            Some(format!("objection {reference}: {resolution}")),
            now_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(ResolveOutcome::Done)
    }

    /// `art12.no_objection`'s facts about a submission's live notice item, read in the
    /// decision's transaction: `None` when it was never on a notice.
    pub async fn approval_facts(tx: &mut Tx<DB>, submission_id: &str) -> RepoResult<Option<ApprovalFacts>> {
        let sql = format!("{ITEM_COLUMNS} WHERE i.submission_id = $1 AND NOT i.superseded");
        let row: Option<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(submission_id).fetch_optional(&mut **tx).await?;
        let Some(item) = row else { return Ok(None) };
        let end_date: String =
            sqlx::query_scalar("SELECT end_date FROM notices WHERE id = $1").bind(item.notice_id).fetch_one(&mut **tx).await?;
        let directions = serde_json::from_str(&item.directions).unwrap_or_default();
        Ok(Some(ApprovalFacts { end_date, open: item.objections_open, upheld: item.objections_upheld, directions }))
    }
}

impl Store {
    /// Opens a notice in the decision's transaction (begun with every item's decision keys)
    /// and commits it when every item's move holds.
    pub async fn open_notice(&self, tx: DecisionTx, n: &NewNotice) -> RepoResult<OpenOutcome> {
        self.counted(async {
            match tx {
                DecisionTx::Sqlite(tx) => Sql::open_notice(tx, n).await,
                DecisionTx::Postgres(tx) => Sql::open_notice(tx, n).await,
            }
        })
        .await
    }

    pub async fn notices(&self, since: Option<&str>) -> RepoResult<Vec<(NoticeRow, Vec<ItemRow>)>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().notices(since).await,
            Backend::Postgres(r) => r.sql().notices(since).await,
        }
    }

    pub async fn notice_objections(&self, notice_id: i64) -> RepoResult<Vec<ObjectionRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().notice_objections(notice_id).await,
            Backend::Postgres(r) => r.sql().notice_objections(notice_id).await,
        }
    }

    pub async fn item_place(&self, item_id: i64) -> RepoResult<Option<ItemPlace>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().item_place(item_id).await,
            Backend::Postgres(r) => r.sql().item_place(item_id).await,
        }
    }

    pub async fn file_objection(&self, o: &NewObjectionRow) -> RepoResult<FileOutcome> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().file_objection(o).await,
            Backend::Postgres(r) => r.sql().file_objection(o).await,
        }
    }

    pub async fn objection_submission(&self, objection_id: i64) -> RepoResult<Option<String>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().objection_submission(objection_id).await,
            Backend::Postgres(r) => r.sql().objection_submission(objection_id).await,
        }
    }

    pub async fn resolve_objection(
        &self,
        objection_id: i64,
        submission_id: &str,
        resolution: &str,
        note: &str,
        actor: &str,
        now_ms: i64,
    ) -> RepoResult<ResolveOutcome> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().resolve_objection(objection_id, submission_id, resolution, note, actor, now_ms).await,
            Backend::Postgres(r) => r.sql().resolve_objection(objection_id, submission_id, resolution, note, actor, now_ms).await,
        }
    }

    /// The directions the live notice item of a submission published (`None`: on no notice).
    pub async fn published_directions(&self, submission_id: &str) -> RepoResult<Option<Vec<String>>> {
        let mut tx = self.begin_read().await?;
        Ok(self.approval_facts(&mut tx, submission_id).await?.map(|f| f.directions))
    }

    /// See [`Sql::approval_facts`].
    pub async fn approval_facts(&self, tx: &mut DecisionTx, submission_id: &str) -> RepoResult<Option<ApprovalFacts>> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::approval_facts(tx, submission_id).await,
            DecisionTx::Postgres(tx) => Sql::approval_facts(tx, submission_id).await,
        }
    }
}
