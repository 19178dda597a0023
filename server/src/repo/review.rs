//! The review desk's part of the repository: accounts, sessions, the login rate limit, the
//! secretariat's list and detail, decisions (with their registry changes), resubmissions and
//! the append-only audit log: their types and SQL, shared by both backends like `common.rs`'s
//! and run by `sql.rs`.

use super::types::{NewBase, NewOfficer};

/// `|a|b|` for a `LIKE '%|a|%'` filter; `None` for no directions.
pub(super) fn encode_directions(directions: &[String]) -> Option<String> {
    if directions.is_empty() { None } else { Some(format!("|{}|", directions.join("|"))) }
}

/// The `directions` column as stored: `|a|b|`, or NULL for none; read into a list by
/// [`ListRow`]'s row mapping.
pub struct StoredDirections(Option<String>);

impl<DB: sqlx::Database> sqlx::Type<DB> for StoredDirections
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for StoredDirections
where
    Option<String>: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(StoredDirections(<Option<String> as sqlx::Decode<'r, DB>>::decode(value)?))
    }
}

impl From<StoredDirections> for Vec<String> {
    fn from(stored: StoredDirections) -> Vec<String> {
        stored.0.map(|s| s.split('|').filter(|d| !d.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
    }
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

/// One row of the list (the document comes along so the caller can show masked contacts),
/// mapped from [`LIST_COLUMNS`] by name.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ListRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub unit_kind: Option<String>,
    pub cycle: Option<i64>,
    #[sqlx(try_from = "StoredDirections")]
    pub directions: Vec<String>,
    pub has_warnings: bool,
    pub priority: bool,
    pub base_id: Option<String>,
    pub document: String,
    #[sqlx(rename = "created_at")]
    pub created_at_ms: i64,
    #[sqlx(rename = "updated_at")]
    pub updated_at_ms: i64,
    /// The Art. 12 name of the base the submission is about (or created).
    pub base_name: Option<String>,
    /// Whether the applicant resubmitted it after a return at least once.
    pub resubmitted: bool,
}

/// Everything stored about one submission (its row's columns by name, then its history).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
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
    #[sqlx(rename = "created_at")]
    pub created_at_ms: i64,
    #[sqlx(rename = "updated_at")]
    pub updated_at_ms: i64,
    #[sqlx(skip)]
    pub history: Vec<super::types::HistoryEntry>,
}

/// One line of the audit log: its id and what was appended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub entry: NewAudit,
}

/// An audit entry to append.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewAudit {
    /// The secretariat user, or `applicant`.
    pub actor: String,
    /// `decision`, `resubmit`, `reveal`, `export`, …
    pub action: String,
    pub submission_id: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    /// For `reveal`: the JSON Pointer revealed; for a certification: the base id.
    pub detail: Option<String>,
    /// Milliseconds since the epoch (UTC).
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
    Conflict(super::types::Conflict),
    /// An attachment it names was bound elsewhere or expired meanwhile: nothing changed.
    AttachmentGone,
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
     (SELECT b.full_name FROM bases b WHERE b.id = submissions.base_id) AS base_name, \
     EXISTS (SELECT 1 FROM audit_log a WHERE a.submission_id = submissions.id AND a.action = 'resubmit') AS resubmitted \
     FROM submissions";

pub(super) fn list_order(q: &ListQuery, first_param: usize) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    format!(" ORDER BY {} {dir}, id {dir} LIMIT ${} OFFSET ${}", q.sort.column(), first_param, first_param + 1)
}
