//! The review desk's part of the repository: accounts, sessions, the login rate limit, the
//! secretariat's list and detail, decisions (with their registry changes), resubmissions and
//! the append-only audit log. The SQL is shared by both backends like `common.rs`'s;
//! [`review_methods!`] expands inside each backend's `impl Repository`.

use serde::Serialize;

use super::common;
use super::{NewBase, NewOfficer};

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

/// `|a|b|` for a `LIKE '%|a|%'` filter; `None` for no directions.
pub(super) fn encode_directions(directions: &[String]) -> Option<String> {
    if directions.is_empty() { None } else { Some(format!("|{}|", directions.join("|"))) }
}

pub(super) fn decode_directions(s: Option<&str>) -> Vec<String> {
    s.map(|s| s.split('|').filter(|d| !d.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
}

/// A secretariat account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminUser {
    pub id: i64,
    pub username: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    pub disabled: bool,
}

/// The list's sort keys (a whitelist: each maps to one column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Submitted,
    Updated,
    UnitName,
    Status,
    Kind,
    Cycle,
}

impl SortKey {
    pub fn parse(s: &str) -> Option<SortKey> {
        Some(match s {
            "submitted_at" => SortKey::Submitted,
            "updated_at" => SortKey::Updated,
            "unit_name" => SortKey::UnitName,
            "status" => SortKey::Status,
            "kind" => SortKey::Kind,
            "cycle" => SortKey::Cycle,
            _ => return None,
        })
    }

    fn column(self) -> &'static str {
        match self {
            SortKey::Submitted => "created_at",
            SortKey::Updated => "updated_at",
            SortKey::UnitName => "COALESCE(unit_name, '')",
            SortKey::Status => "status",
            SortKey::Kind => "kind",
            SortKey::Cycle => "COALESCE(cycle, 0)",
        }
    }
}

/// The secretariat's list query: every filter optional; `limit` rows from `offset`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `application`, `director_appointment` or `direction_change`.
    pub kind: Option<String>,
    pub status: Option<String>,
    pub cycle: Option<i64>,
    /// A direction code.
    pub direction: Option<String>,
    pub unit_kind: Option<String>,
    pub has_warnings: Option<bool>,
    pub priority: Option<bool>,
    /// Part of the unit's name or of its USCC.
    pub search: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

/// One row of the list (the document comes along so the caller can show masked contacts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub unit_kind: Option<String>,
    pub cycle: Option<i64>,
    pub directions: Vec<String>,
    pub has_warnings: bool,
    pub priority: bool,
    pub base_id: Option<String>,
    pub document: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The Art. 12 name of the base the submission is about (or created).
    pub base_name: Option<String>,
    /// Whether the applicant resubmitted it after a return at least once.
    pub resubmitted: bool,
}

/// Everything stored about one submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSubmission {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub document: String,
    pub report: String,
    pub ruleset_version: String,
    pub content_hash: String,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub cycle: Option<i64>,
    pub base_id: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub history: Vec<super::HistoryEntry>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Milliseconds since the epoch (UTC).
    pub at_ms: i64,
    /// The secretariat user, or `applicant`.
    pub actor: String,
    /// `decision`, `resubmit`, `reveal` or `export`.
    pub action: String,
    pub submission_id: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    /// For `reveal`: the JSON Pointer revealed; for a certification: the base id.
    pub detail: Option<String>,
}

/// An audit entry to append.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewAudit {
    pub actor: String,
    pub action: String,
    pub submission_id: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    pub detail: Option<String>,
    pub at_ms: i64,
}

/// What a decision writes into the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryChange {
    /// An application: a new base; the submission then points at it.
    NewBase(NewBase),
    /// A director appointment: the officer's term on record.
    Officer { base_id: String, officer: NewOfficer },
    /// A direction change: the base's new directions.
    Directions { base_id: String, directions: Vec<String> },
    /// An unqualified evaluation (Art. 25): the base loses its status, on this day
    /// (`YYYY-MM-DD`), for this reason (the expert opinion).
    Revoke { base_id: String, on: String, reason: String },
}

/// A decision to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub id: String,
    pub from: String,
    pub to: String,
    pub actor: String,
    pub note: String,
    /// The note shown to the applicant in the history (returns and rejections).
    pub public_note: Option<String>,
    pub registry: Option<RegistryChange>,
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionOutcome {
    Done,
    NotFound,
    /// Someone else moved it first: its status now.
    Stale {
        current: String,
    },
    /// The registry refused the change (a database constraint, e.g. Art. 14's one director at
    /// a time): the rule's id. Nothing was written.
    Refused(&'static str),
}

/// The applicant's withdrawal of a submission (PROCEDURE.md: while it is `submitted`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WithdrawOutcome {
    Done,
    /// No submission with this id and receipt.
    NotFound,
    /// It is no longer `submitted`: its status now.
    NotSubmitted {
        current: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResubmitOutcome {
    Done,
    /// No submission with this id and receipt.
    NotFound,
    /// Only a returned submission may be resubmitted: its status now.
    NotReturned {
        current: String,
    },
    Conflict(super::Conflict),
}

/// A bound parameter of the list's dynamic SQL.
pub(super) enum Bind {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// `%text%` for LIKE with `\` escaping the wildcards.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The list's `WHERE` clause (placeholders only, values bound) and its values.
pub(super) fn list_filter(q: &ListQuery) -> (String, Vec<Bind>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    let mut add = |clause: &dyn Fn(usize) -> String, bind: Bind| {
        binds.push(bind);
        clauses.push(clause(binds.len()));
    };
    if let Some(kind) = &q.kind {
        add(&|n| format!("kind = ${n}"), Bind::Text(kind.clone()));
    }
    if let Some(status) = &q.status {
        add(&|n| format!("status = ${n}"), Bind::Text(status.clone()));
    }
    if let Some(cycle) = q.cycle {
        add(&|n| format!("cycle = ${n}"), Bind::Int(cycle));
    }
    if let Some(d) = &q.direction {
        add(&|n| format!("directions LIKE ${n} ESCAPE '\\'"), Bind::Text(contains_pattern(&format!("|{d}|"))));
    }
    if let Some(k) = &q.unit_kind {
        add(&|n| format!("unit_kind = ${n}"), Bind::Text(k.clone()));
    }
    if let Some(w) = q.has_warnings {
        add(&|n| format!("has_warnings = ${n}"), Bind::Bool(w));
    }
    if let Some(p) = q.priority {
        add(&|n| format!("priority = ${n}"), Bind::Bool(p));
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        add(&|n| format!("(unit_name LIKE ${n} ESCAPE '\\'"), Bind::Text(contains_pattern(s)));
        add(&|n| format!("unit_uscc LIKE ${n} ESCAPE '\\')"), Bind::Text(contains_pattern(&s.to_ascii_uppercase())));
        // The two halves form one OR group.
        let uscc = clauses.pop().unwrap_or_default();
        let name = clauses.pop().unwrap_or_default();
        clauses.push(format!("{name} OR {uscc}"));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (filter, binds)
}

pub(super) const LIST_COLUMNS: &str = "SELECT id, kind, status, unit_name, unit_uscc, unit_kind, cycle, directions, \
     has_warnings, priority, base_id, document, created_at, updated_at, \
     (SELECT b.full_name FROM bases b WHERE b.id = submissions.base_id), \
     EXISTS (SELECT 1 FROM audit_log a WHERE a.submission_id = submissions.id AND a.action = 'resubmit') \
     FROM submissions";

pub(super) fn list_order(q: &ListQuery, first_param: usize) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    format!(" ORDER BY {} {dir}, id {dir} LIMIT ${} OFFSET ${}", q.sort.column(), first_param, first_param + 1)
}

pub(super) const INSERT_USER: &str = "INSERT INTO admin_users (username, password_hash, disabled, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $4)";

pub(super) const SET_DISABLED: &str = "UPDATE admin_users SET disabled = $2, updated_at = $3 WHERE username = $1";

pub(super) const SELECT_USER: &str = "SELECT id, username, password_hash, disabled FROM admin_users WHERE username = $1";

pub(super) const LOGIN_FAILURES: &str = "SELECT \
     (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3), \
     (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at >= $3)";

/// The failed (or reserved) logins since `$3`: of this username from this client, from this
/// client, of this username from anywhere.
pub(super) const LOGIN_COUNTS: &str = "SELECT \
     (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND client = $2 AND at >= $3), \
     (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at >= $3), \
     (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3)";

pub(super) const INSERT_LOGIN_ATTEMPT: &str = "INSERT INTO login_failures (username, client, at) VALUES ($1, $2, $3) RETURNING id";

pub(super) const PRUNE_LOGIN_FAILURES: &str = "DELETE FROM login_failures WHERE at < $1";

pub(super) const DELETE_LOGIN_ATTEMPT: &str = "DELETE FROM login_failures WHERE id = $1";

/// After a successful login: this client's failures for the username (others' stay counted).
pub(super) const CLEAR_LOGIN_FAILURES: &str = "DELETE FROM login_failures WHERE username = $1 AND client = $2";

pub(super) const DELETE_USER_SESSIONS: &str = "DELETE FROM admin_sessions WHERE user_id = (SELECT id FROM admin_users WHERE username = $1)";

pub(super) const INSERT_SESSION: &str = "INSERT INTO admin_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";

pub(super) const SELECT_SESSION_USER: &str = "SELECT u.id, u.username, u.password_hash, u.disabled \
     FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2";

pub(super) const DELETE_SESSION: &str = "DELETE FROM admin_sessions WHERE token_hash = $1";

pub(super) const PRUNE_SESSIONS: &str = "DELETE FROM admin_sessions WHERE expires_at <= $1";

pub(super) const SELECT_STORED: &str = "SELECT id, kind, status, document, report, ruleset_version, content_hash, \
     unit_name, unit_uscc, cycle, base_id, created_at, updated_at FROM submissions WHERE id = $1";

pub(super) const SELECT_AUDIT: &str = "SELECT id, at, actor, action, submission_id, from_status, to_status, note, detail \
     FROM audit_log WHERE submission_id = $1 ORDER BY id";

pub(super) const INSERT_AUDIT: &str = "INSERT INTO audit_log \
     (at, actor, action, submission_id, from_status, to_status, note, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

pub(super) const MOVE_STATUS: &str = "UPDATE submissions SET status = $2, updated_at = $3 WHERE id = $1 AND status = $4";

pub(super) const SELECT_STATUS: &str = "SELECT status FROM submissions WHERE id = $1";

pub(super) const SELECT_STATUS_BY_RECEIPT: &str = "SELECT status FROM submissions WHERE id = $1 AND receipt_hash = $2";

pub(super) const INSERT_EVENT_WITH: &str = "INSERT INTO submission_events (submission_id, status, note, at) VALUES ($1, $2, $3, $4)";

pub(super) const LINK_BASE: &str = "UPDATE submissions SET base_id = $2 WHERE id = $1";

pub(super) const SET_BASE_DIRECTIONS: &str = "UPDATE bases SET directions = $2 WHERE id = $1";

pub(super) const RESUBMIT: &str = "UPDATE submissions SET status = 'submitted', document = $3, report = $4, \
     ruleset_version = $5, content_hash = $6, \
     unit_uscc = COALESCE($7, (SELECT responsible_uscc FROM bases WHERE bases.id = $9)), cycle = $8, base_id = $9, \
     unit_name = COALESCE($10, (SELECT responsible_name FROM bases WHERE bases.id = $9)), unit_kind = $11, directions = $12, \
     has_warnings = $13, priority = $14, updated_at = $15, eval_cycle = $16 \
     WHERE id = $1 AND receipt_hash = $2 AND status = 'returned'";

pub(super) const WITHDRAW: &str =
    "UPDATE submissions SET status = 'withdrawn', updated_at = $3 WHERE id = $1 AND receipt_hash = $2 AND status = 'submitted'";

/// The review methods of `Repository` for a backend (expanded inside `impl_repository!`);
/// `$begin` starts a write transaction.
macro_rules! review_methods {
    ($begin:expr) => {
        async fn create_user(&self, username: &str, password_hash: &str, now_ms: i64) -> $crate::repo::RepoResult<bool> {
            let r =
                sqlx::query(review::INSERT_USER).bind(username).bind(password_hash).bind(false).bind(now_ms).execute(&self.writer).await;
            match r {
                Ok(_) => Ok(true),
                Err(e) if common::is_unique_violation(&e) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }

        async fn set_user_disabled(&self, username: &str, disabled: bool, now_ms: i64) -> $crate::repo::RepoResult<bool> {
            let mut tx = self.writer.begin_with($begin).await?;
            let r = sqlx::query(review::SET_DISABLED).bind(username).bind(disabled).bind(now_ms).execute(&mut *tx).await?;
            // A disabled account's sessions end: enabling it again does not revive them.
            if disabled {
                sqlx::query(review::DELETE_USER_SESSIONS).bind(username).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(r.rows_affected() > 0)
        }

        async fn user_by_name(&self, username: &str) -> $crate::repo::RepoResult<Option<$crate::repo::AdminUser>> {
            let row: Option<(i64, String, String, bool)> =
                sqlx::query_as(review::SELECT_USER).bind(username).fetch_optional(&self.pool).await?;
            Ok(row.map(|(id, username, password_hash, disabled)| $crate::repo::AdminUser { id, username, password_hash, disabled }))
        }

        async fn login_failures(&self, username: &str, client: &str, since_ms: i64) -> $crate::repo::RepoResult<(i64, i64)> {
            Ok(sqlx::query_as(review::LOGIN_FAILURES).bind(username).bind(client).bind(since_ms).fetch_one(&self.pool).await?)
        }

        async fn create_session(&self, token_hash: &str, user_id: i64, now_ms: i64, expires_ms: i64) -> $crate::repo::RepoResult<()> {
            sqlx::query(review::PRUNE_SESSIONS).bind(now_ms).execute(&self.writer).await?;
            sqlx::query(review::INSERT_SESSION).bind(token_hash).bind(user_id).bind(now_ms).bind(expires_ms).execute(&self.writer).await?;
            Ok(())
        }

        async fn session_user(&self, token_hash: &str, now_ms: i64) -> $crate::repo::RepoResult<Option<$crate::repo::AdminUser>> {
            let row: Option<(i64, String, String, bool)> =
                sqlx::query_as(review::SELECT_SESSION_USER).bind(token_hash).bind(now_ms).fetch_optional(&self.pool).await?;
            Ok(row.map(|(id, username, password_hash, disabled)| $crate::repo::AdminUser { id, username, password_hash, disabled }))
        }

        async fn delete_session(&self, token_hash: &str) -> $crate::repo::RepoResult<()> {
            sqlx::query(review::DELETE_SESSION).bind(token_hash).execute(&self.writer).await?;
            Ok(())
        }

        async fn list_submissions(&self, q: &$crate::repo::ListQuery) -> $crate::repo::RepoResult<(i64, Vec<$crate::repo::ListRow>)> {
            let (filter, binds) = review::list_filter(q);
            let count_sql = format!("SELECT COUNT(*) FROM submissions{filter}");
            let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
            for b in &binds {
                count = match b {
                    review::Bind::Text(s) => count.bind(s.clone()),
                    review::Bind::Int(i) => count.bind(*i),
                    review::Bind::Bool(v) => count.bind(*v),
                };
            }
            let total = count.fetch_one(&self.pool).await?;
            let sql = format!("{}{filter}{}", review::LIST_COLUMNS, review::list_order(q, binds.len() + 1));
            type Row = (
                String,
                String,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<i64>,
                Option<String>,
                bool,
                bool,
                Option<String>,
                String,
                i64,
                i64,
                Option<String>,
                bool,
            );
            let mut rows = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
            for b in &binds {
                rows = match b {
                    review::Bind::Text(s) => rows.bind(s.clone()),
                    review::Bind::Int(i) => rows.bind(*i),
                    review::Bind::Bool(v) => rows.bind(*v),
                };
            }
            let rows = rows.bind(q.limit).bind(q.offset).fetch_all(&self.pool).await?;
            let rows = rows
                .into_iter()
                .map(
                    |(
                        id,
                        kind,
                        status,
                        unit_name,
                        unit_uscc,
                        unit_kind,
                        cycle,
                        directions,
                        has_warnings,
                        priority,
                        base_id,
                        document,
                        created,
                        updated,
                        base_name,
                        resubmitted,
                    )| {
                        $crate::repo::ListRow {
                            id,
                            kind,
                            status,
                            unit_name,
                            unit_uscc,
                            unit_kind,
                            cycle,
                            directions: review::decode_directions(directions.as_deref()),
                            has_warnings,
                            priority,
                            base_id,
                            document,
                            created_at_ms: created,
                            updated_at_ms: updated,
                            base_name,
                            resubmitted,
                        }
                    },
                )
                .collect();
            Ok((total, rows))
        }

        async fn stored_submission(&self, id: &str) -> $crate::repo::RepoResult<Option<$crate::repo::StoredSubmission>> {
            use sqlx::Row;
            let Some(row) = sqlx::query(review::SELECT_STORED).bind(id).fetch_optional(&self.pool).await? else {
                return Ok(None);
            };
            let events: Vec<(String, Option<String>, i64)> = sqlx::query_as(common::SELECT_EVENTS).bind(id).fetch_all(&self.pool).await?;
            Ok(Some($crate::repo::StoredSubmission {
                id: row.try_get("id")?,
                kind: row.try_get("kind")?,
                status: row.try_get("status")?,
                document: row.try_get("document")?,
                report: row.try_get("report")?,
                ruleset_version: row.try_get("ruleset_version")?,
                content_hash: row.try_get("content_hash")?,
                unit_name: row.try_get("unit_name")?,
                unit_uscc: row.try_get("unit_uscc")?,
                cycle: row.try_get("cycle")?,
                base_id: row.try_get("base_id")?,
                created_at_ms: row.try_get("created_at")?,
                updated_at_ms: row.try_get("updated_at")?,
                history: events.into_iter().map(|(status, note, at_ms)| $crate::repo::HistoryEntry { status, note, at_ms }).collect(),
            }))
        }

        async fn audit_entries(&self, submission_id: &str) -> $crate::repo::RepoResult<Vec<$crate::repo::AuditEntry>> {
            type Row = (i64, i64, String, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);
            let rows: Vec<Row> = sqlx::query_as(review::SELECT_AUDIT).bind(submission_id).fetch_all(&self.pool).await?;
            Ok(rows
                .into_iter()
                .map(|(id, at_ms, actor, action, submission_id, from_status, to_status, note, detail)| $crate::repo::AuditEntry {
                    id,
                    at_ms,
                    actor,
                    action,
                    submission_id,
                    from_status,
                    to_status,
                    note,
                    detail,
                })
                .collect())
        }

        async fn append_audit(&self, e: &$crate::repo::NewAudit) -> $crate::repo::RepoResult<()> {
            sqlx::query(review::INSERT_AUDIT)
                .bind(e.at_ms)
                .bind(&e.actor)
                .bind(&e.action)
                .bind(e.submission_id.as_deref())
                .bind(e.from_status.as_deref())
                .bind(e.to_status.as_deref())
                .bind(e.note.as_deref())
                .bind(e.detail.as_deref())
                .execute(&self.writer)
                .await?;
            Ok(())
        }

        async fn withdraw(&self, id: &str, receipt_hash: &str, now_ms: i64) -> $crate::repo::RepoResult<$crate::repo::WithdrawOutcome> {
            use $crate::repo::WithdrawOutcome;
            let mut tx = self.writer.begin_with($begin).await?;
            let moved = sqlx::query(review::WITHDRAW).bind(id).bind(receipt_hash).bind(now_ms).execute(&mut *tx).await?;
            if moved.rows_affected() == 0 {
                let current: Option<String> =
                    sqlx::query_scalar(review::SELECT_STATUS_BY_RECEIPT).bind(id).bind(receipt_hash).fetch_optional(&mut *tx).await?;
                drop(tx);
                return Ok(match current {
                    None => WithdrawOutcome::NotFound,
                    Some(current) => WithdrawOutcome::NotSubmitted { current },
                });
            }
            sqlx::query(review::INSERT_EVENT_WITH).bind(id).bind("withdrawn").bind(None::<String>).bind(now_ms).execute(&mut *tx).await?;
            sqlx::query(review::INSERT_AUDIT)
                .bind(now_ms)
                .bind("applicant")
                .bind("withdraw")
                .bind(id)
                .bind("submitted")
                .bind("withdrawn")
                .bind(None::<String>)
                .bind(None::<String>)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(WithdrawOutcome::Done)
        }

        async fn resubmit(&self, r: &$crate::repo::NewSubmission) -> $crate::repo::RepoResult<$crate::repo::ResubmitOutcome> {
            use $crate::repo::ResubmitOutcome;
            let mut tx = self.writer.begin_with($begin).await?;
            let updated = sqlx::query(review::RESUBMIT)
                .bind(&r.id)
                .bind(&r.receipt_hash)
                .bind(&r.document)
                .bind(&r.report)
                .bind(&r.ruleset_version)
                .bind(&r.content_hash)
                .bind(r.unit_uscc.as_deref())
                .bind(r.cycle)
                .bind(r.base_id.as_deref())
                .bind(r.listing.unit_name.as_deref())
                .bind(r.listing.unit_kind.as_deref())
                .bind(review::encode_directions(&r.listing.directions))
                .bind(r.listing.has_warnings)
                .bind(r.listing.priority)
                .bind(r.now_ms)
                .bind(r.eval_cycle)
                .execute(&mut *tx)
                .await;
            let updated = match updated {
                Ok(u) => u,
                Err(e) => {
                    drop(tx);
                    if common::is_unique_violation(&e) {
                        if let Some(conflict) = common::conflict_of(r.kind) {
                            return Ok(ResubmitOutcome::Conflict(conflict));
                        }
                    }
                    return Err(e.into());
                }
            };
            if updated.rows_affected() == 0 {
                let current: Option<String> =
                    sqlx::query_scalar(review::SELECT_STATUS_BY_RECEIPT).bind(&r.id).bind(&r.receipt_hash).fetch_optional(&mut *tx).await?;
                drop(tx);
                return Ok(match current {
                    None => ResubmitOutcome::NotFound,
                    Some(current) => ResubmitOutcome::NotReturned { current },
                });
            }
            sqlx::query(review::INSERT_EVENT_WITH)
                .bind(&r.id)
                .bind("submitted")
                .bind(None::<String>)
                .bind(r.now_ms)
                .execute(&mut *tx)
                .await?;
            sqlx::query(review::INSERT_AUDIT)
                .bind(r.now_ms)
                .bind("applicant")
                .bind("resubmit")
                .bind(&r.id)
                .bind("returned")
                .bind("submitted")
                .bind(None::<String>)
                .bind(format!("content hash {}", r.content_hash))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(ResubmitOutcome::Done)
        }
    };
}

pub(super) use review_methods;

/// The decision's writes, for a backend's transaction type.
macro_rules! transition_fn {
    ($name:ident, $db:ty) => {
        /// Writes a decision in the decision's transaction `tx` (see `Store::begin_decision`);
        /// the caller commits when the outcome is `Done` (else nothing was written).
        pub(super) async fn $name(
            tx: &mut sqlx::Transaction<'static, $db>,
            t: &$crate::repo::Transition,
        ) -> $crate::repo::RepoResult<$crate::repo::TransitionOutcome> {
            use $crate::repo::{RegistryChange, TransitionOutcome};
            let moved = sqlx::query(MOVE_STATUS).bind(&t.id).bind(&t.to).bind(t.now_ms).bind(&t.from).execute(&mut **tx).await?;
            if moved.rows_affected() == 0 {
                let current: Option<String> = sqlx::query_scalar(SELECT_STATUS).bind(&t.id).fetch_optional(&mut **tx).await?;
                return Ok(match current {
                    None => TransitionOutcome::NotFound,
                    Some(current) => TransitionOutcome::Stale { current },
                });
            }
            let mut detail = None;
            match &t.registry {
                None => {}
                Some(RegistryChange::NewBase(base)) => {
                    common::insert_base_row!(&mut **tx, base);
                    sqlx::query(LINK_BASE).bind(&t.id).bind(&base.id).execute(&mut **tx).await?;
                    detail = Some(format!("base {}", base.id));
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
                    detail = Some(format!("base {base_id}: {} {}–{}", officer.role, officer.term_start, officer.term_end));
                }
                Some(RegistryChange::Directions { base_id, directions }) => {
                    let text = serde_json::to_string(directions).map_err(|e| sqlx::Error::Encode(e.into()))?;
                    sqlx::query(SET_BASE_DIRECTIONS).bind(base_id).bind(text).execute(&mut **tx).await?;
                    detail = Some(format!("base {base_id}: {}", directions.join(", ")));
                }
                Some(RegistryChange::Revoke { base_id, on, reason }) => {
                    sqlx::query(super::registry::REVOKE_BASE).bind(base_id).bind(true).bind(on).bind(reason).execute(&mut **tx).await?;
                    detail = Some(format!("base {base_id} revoked on {on}"));
                }
            }
            sqlx::query(INSERT_EVENT_WITH).bind(&t.id).bind(&t.to).bind(t.public_note.as_deref()).bind(t.now_ms).execute(&mut **tx).await?;
            sqlx::query(INSERT_AUDIT)
                .bind(t.now_ms)
                .bind(&t.actor)
                .bind("decision")
                .bind(&t.id)
                .bind(&t.from)
                .bind(&t.to)
                .bind(&t.note)
                .bind(detail)
                .execute(&mut **tx)
                .await?;
            Ok(TransitionOutcome::Done)
        }
    };
}

transition_fn!(transition_sqlite, sqlx::Sqlite);
transition_fn!(transition_postgres, sqlx::Postgres);
