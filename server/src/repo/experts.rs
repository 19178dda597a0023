//! Experts' part of the repository (PROCEDURE.md "People", "Expert review", "Site check"):
//! accounts with a role and an expert's profile, assignments, conflict declarations, every
//! version of every opinion, site checks. The SQL is written once for both backends; what a
//! procedure step writes runs in its [`DecisionTx`] (the submission's lock held).

use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::{AdminUser, Backend, DecisionTx, NewAudit, RepoResult, Store};

/// The role of a review-desk account.
pub const ROLE_SECRETARIAT: &str = "secretariat";
pub const ROLE_EXPERT: &str = "expert";

/// An expert's profile as stored.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ExpertProfile {
    pub name: String,
    pub title: String,
    pub employer: String,
    /// Normalised (upper case, checked).
    pub employer_uscc: String,
}

/// The longest name, title or employer kept.
pub const PROFILE_MAX_CHARS: usize = 100;

impl ExpertProfile {
    /// The profile from its four texts, trimmed, each 1–100 characters without control
    /// characters, the USCC checked (GB 32100) and upper-cased; else the field that is wrong
    /// (`name`, `title`, `employer`, `employer_uscc`).
    pub fn checked(name: &str, title: &str, employer: &str, uscc: &str) -> Result<ExpertProfile, &'static str> {
        let text = |v: &str, field: &'static str| {
            let v = v.trim();
            let n = v.chars().count();
            if n == 0 || n > PROFILE_MAX_CHARS || v.chars().any(char::is_control) { Err(field) } else { Ok(v.to_owned()) }
        };
        Ok(ExpertProfile {
            name: text(name, "name")?,
            title: text(title, "title")?,
            employer: text(employer, "employer")?,
            employer_uscc: aii_rules::Uscc::parse(uscc).map_err(|_| "employer_uscc")?.as_str().to_owned(),
        })
    }

    /// What a field of [`ExpertProfile::checked`] needs.
    pub fn hint(field: &str) -> &'static str {
        if field == "employer_uscc" { "a valid unified social credit code (18 characters, GB 32100)" } else { "1 to 100 characters" }
    }
}

/// An expert account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpertRow {
    pub id: i64,
    pub username: String,
    pub disabled: bool,
    pub profile: ExpertProfile,
}

/// An assignment of a submission, with its expert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentRow {
    pub expert: ExpertRow,
    pub assigned_by: String,
    pub at_ms: i64,
    pub declared: bool,
}

/// One submission on an expert's desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub unit_name: Option<String>,
    pub cycle: Option<i64>,
    pub assigned_at_ms: i64,
    pub versions: i64,
    pub declared: bool,
}

/// One stored version of an opinion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionRow {
    pub submission_id: String,
    pub expert_id: i64,
    pub expert: String,
    pub version: i64,
    /// JSON object: criterion code → score.
    pub scores: String,
    pub recommendation: String,
    pub text: String,
    pub defence_date: String,
    pub filed_at_ms: i64,
    /// Whether the expert is assigned to the submission (opinions count only then).
    pub assigned: bool,
}

/// An opinion to file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOpinion {
    pub submission_id: String,
    pub expert_id: i64,
    pub scores: String,
    pub recommendation: String,
    pub text: String,
    pub defence_date: String,
    pub now_ms: i64,
}

/// A site check as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteCheckRow {
    pub submission_id: String,
    pub date: String,
    pub inspectors: String,
    pub findings: String,
    pub conclusion: String,
    pub recorded_by: String,
    pub at_ms: i64,
}

/// One application of a selection round (`GET /rounds/{year}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundRow {
    pub id: String,
    pub status: String,
    pub unit_name: Option<String>,
    pub priority: bool,
    pub created_at_ms: i64,
}

type ExpertTuple = (i64, String, bool, Option<String>, Option<String>, Option<String>, Option<String>);

fn expert_row((id, username, disabled, name, title, employer, uscc): ExpertTuple) -> ExpertRow {
    ExpertRow {
        id,
        username,
        disabled,
        profile: ExpertProfile {
            name: name.unwrap_or_default(),
            title: title.unwrap_or_default(),
            employer: employer.unwrap_or_default(),
            employer_uscc: uscc.unwrap_or_default(),
        },
    }
}

const EXPERT_COLUMNS: &str = "u.id, u.username, u.disabled, u.expert_name, u.expert_title, u.employer, u.employer_uscc";

type OpinionTuple = (String, i64, String, i64, String, String, String, String, i64, bool);

fn opinion_row(
    (submission_id, expert_id, expert, version, scores, recommendation, text, defence_date, filed_at_ms, assigned): OpinionTuple,
) -> OpinionRow {
    OpinionRow { submission_id, expert_id, expert, version, scores, recommendation, text, defence_date, filed_at_ms, assigned }
}

const OPINION_COLUMNS: &str = "o.submission_id, o.expert_id, u.username, o.version, o.scores, o.recommendation, o.text, o.defence_date, \
     o.filed_at, EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = o.submission_id AND a.expert_id = o.expert_id) AS assigned \
     FROM opinions o JOIN admin_users u ON u.id = o.expert_id";

impl<DB: Db> Sql<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB> + ColumnIndex<DB::Row>,
    usize: ColumnIndex<DB::Row>,
    String: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    i64: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    bool: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB>,
    Option<String>: for<'a> Encode<'a, DB>,
{
    /// The account of an unexpired session and its role.
    pub async fn session_account(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<(AdminUser, String)>> {
        let row: Option<(i64, String, String, bool, String)> = sqlx::query_as(
            "SELECT u.id, u.username, u.password_hash, u.disabled, u.role \
             FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, username, password_hash, disabled, role)| (AdminUser { id, username, password_hash, disabled }, role)))
    }

    /// The role of an account by name.
    pub async fn role_of(&self, username: &str) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT role FROM admin_users WHERE username = $1").bind(username).fetch_optional(&self.pool).await?)
    }

    /// Creates an expert account; `false` when the username is taken.
    pub async fn create_expert(&self, username: &str, password_hash: &str, p: &ExpertProfile, now_ms: i64) -> RepoResult<bool> {
        let r = sqlx::query(
            "INSERT INTO admin_users (username, password_hash, disabled, created_at, updated_at, role, expert_name, expert_title, \
             employer, employer_uscc) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)",
        )
        .bind(username)
        .bind(password_hash)
        .bind(false)
        .bind(now_ms)
        .bind(ROLE_EXPERT)
        .bind(p.name.as_str())
        .bind(p.title.as_str())
        .bind(p.employer.as_str())
        .bind(p.employer_uscc.as_str())
        .execute(&self.writer)
        .await;
        match r {
            Ok(_) => Ok(true),
            Err(e) if super::common::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Every expert account, by username.
    pub async fn experts(&self) -> RepoResult<Vec<ExpertRow>> {
        let sql = format!("SELECT {EXPERT_COLUMNS} FROM admin_users u WHERE u.role = $1 ORDER BY u.username");
        let rows: Vec<ExpertTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ROLE_EXPERT).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(expert_row).collect())
    }

    /// The expert account with this username (none for a secretariat account).
    pub async fn expert(&self, username: &str) -> RepoResult<Option<ExpertRow>> {
        let sql = format!("SELECT {EXPERT_COLUMNS} FROM admin_users u WHERE u.role = $1 AND u.username = $2");
        let row: Option<ExpertTuple> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ROLE_EXPERT).bind(username).fetch_optional(&self.pool).await?;
        Ok(row.map(expert_row))
    }

    /// The experts assigned to a submission, in the order they were assigned.
    pub async fn assignments(&self, submission_id: &str) -> RepoResult<Vec<AssignmentRow>> {
        type Row = (i64, String, bool, Option<String>, Option<String>, Option<String>, Option<String>, String, i64, bool);
        let sql = format!(
            "SELECT {EXPERT_COLUMNS}, a.assigned_by, a.at, \
             EXISTS (SELECT 1 FROM conflict_declarations c WHERE c.expert_id = a.expert_id AND c.submission_id = a.submission_id) \
             FROM assignments a JOIN admin_users u ON u.id = a.expert_id WHERE a.submission_id = $1 ORDER BY a.id"
        );
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(submission_id).fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, u, d, n, t, e, c, assigned_by, at_ms, declared)| AssignmentRow {
                expert: expert_row((id, u, d, n, t, e, c)),
                assigned_by,
                at_ms,
                declared,
            })
            .collect())
    }

    /// The submissions assigned to an expert, newest assignment first.
    pub async fn reviews_of(&self, expert_id: i64) -> RepoResult<Vec<ReviewRow>> {
        type Row = (String, String, String, Option<String>, Option<i64>, i64, i64, bool);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT s.id, s.kind, s.status, s.unit_name, s.cycle, a.at, \
             (SELECT COUNT(*) FROM opinions o WHERE o.submission_id = s.id AND o.expert_id = a.expert_id), \
             EXISTS (SELECT 1 FROM conflict_declarations c WHERE c.expert_id = a.expert_id AND c.submission_id = s.id) \
             FROM assignments a JOIN submissions s ON s.id = a.submission_id WHERE a.expert_id = $1 ORDER BY a.at DESC, a.id DESC",
        )
        .bind(expert_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, status, unit_name, cycle, assigned_at_ms, versions, declared)| ReviewRow {
                id,
                kind,
                status,
                unit_name,
                cycle,
                assigned_at_ms,
                versions,
                declared,
            })
            .collect())
    }

    /// Every version of every opinion on a submission, oldest first.
    pub async fn opinions(&self, submission_id: &str) -> RepoResult<Vec<OpinionRow>> {
        let sql = format!("SELECT {OPINION_COLUMNS} WHERE o.submission_id = $1 ORDER BY o.filed_at, o.id");
        let rows: Vec<OpinionTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(submission_id).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(opinion_row).collect())
    }

    /// The site checks recorded for a submission, oldest first.
    pub async fn site_checks(&self, submission_id: &str) -> RepoResult<Vec<SiteCheckRow>> {
        Self::site_checks_on(&self.pool, submission_id).await
    }

    async fn site_checks_on<'c>(on: impl Executor<'c, Database = DB>, submission_id: &str) -> RepoResult<Vec<SiteCheckRow>> {
        type Row = (String, String, String, String, String, String, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT submission_id, check_date, inspectors, findings, conclusion, recorded_by, at FROM site_checks \
             WHERE submission_id = $1 ORDER BY at, id",
        )
        .bind(submission_id)
        .fetch_all(on)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(submission_id, date, inspectors, findings, conclusion, recorded_by, at_ms)| SiteCheckRow {
                submission_id,
                date,
                inspectors,
                findings,
                conclusion,
                recorded_by,
                at_ms,
            })
            .collect())
    }

    /// The applications of a selection round (their `cycle`), and every opinion on them.
    pub async fn round(&self, year: i64) -> RepoResult<(Vec<RoundRow>, Vec<OpinionRow>)> {
        let rows: Vec<(String, String, Option<String>, bool, i64)> = sqlx::query_as(
            "SELECT id, status, unit_name, priority, created_at FROM submissions \
             WHERE kind = 'application' AND cycle = $1 AND status NOT IN ('withdrawn', 'voided') ORDER BY created_at, id",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        let sql = format!(
            "SELECT {OPINION_COLUMNS} JOIN submissions s ON s.id = o.submission_id \
             WHERE s.kind = 'application' AND s.cycle = $1 ORDER BY o.filed_at, o.id"
        );
        let opinions: Vec<OpinionTuple> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(year).fetch_all(&self.pool).await?;
        Ok((
            rows.into_iter()
                .map(|(id, status, unit_name, priority, created_at_ms)| RoundRow { id, status, unit_name, priority, created_at_ms })
                .collect(),
            opinions.into_iter().map(opinion_row).collect(),
        ))
    }

    // --- In a step's transaction ---

    async fn audit_in(tx: &mut Tx<DB>, e: &NewAudit) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.at_ms)
        .bind(e.actor.as_str())
        .bind(e.action.as_str())
        .bind(e.submission_id.as_deref())
        .bind(e.from_status.as_deref())
        .bind(e.to_status.as_deref())
        .bind(e.note.as_deref())
        .bind(e.detail.as_deref())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Whether the expert declared a conflict for the submission.
    pub async fn declared_in(tx: &mut Tx<DB>, expert_id: i64, submission_id: &str) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conflict_declarations WHERE expert_id = $1 AND submission_id = $2")
            .bind(expert_id)
            .bind(submission_id)
            .fetch_one(&mut **tx)
            .await?;
        Ok(n > 0)
    }

    /// Assigns the expert and audits it; `false` when it was assigned already (nothing
    /// written).
    pub async fn assign_in(tx: &mut Tx<DB>, submission_id: &str, expert_id: i64, audit: &NewAudit) -> RepoResult<bool> {
        let done = sqlx::query(
            "INSERT INTO assignments (submission_id, expert_id, assigned_by, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (submission_id, expert_id) DO NOTHING",
        )
        .bind(submission_id)
        .bind(expert_id)
        .bind(audit.actor.as_str())
        .bind(audit.at_ms)
        .execute(&mut **tx)
        .await?;
        if DB::rows_affected(&done) == 0 {
            return Ok(false);
        }
        Self::audit_in(tx, audit).await?;
        Ok(true)
    }

    /// Whether the expert is assigned to the submission.
    pub async fn assigned_in(tx: &mut Tx<DB>, submission_id: &str, expert_id: i64) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assignments WHERE submission_id = $1 AND expert_id = $2")
            .bind(submission_id)
            .bind(expert_id)
            .fetch_one(&mut **tx)
            .await?;
        Ok(n > 0)
    }

    /// Records the expert's declaration (once; a second is kept as the first) and audits it.
    pub async fn declare_in(tx: &mut Tx<DB>, expert_id: i64, submission_id: &str, note: &str, audit: &NewAudit) -> RepoResult<()> {
        let done = sqlx::query(
            "INSERT INTO conflict_declarations (expert_id, submission_id, note, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (expert_id, submission_id) DO NOTHING",
        )
        .bind(expert_id)
        .bind(submission_id)
        .bind(note)
        .bind(audit.at_ms)
        .execute(&mut **tx)
        .await?;
        if DB::rows_affected(&done) > 0 {
            Self::audit_in(tx, audit).await?;
        }
        Ok(())
    }

    /// Files a new version of the expert's opinion: its number.
    pub async fn file_opinion_in(tx: &mut Tx<DB>, o: &NewOpinion, audit: &NewAudit) -> RepoResult<i64> {
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM opinions WHERE submission_id = $1 AND expert_id = $2")
                .bind(o.submission_id.as_str())
                .bind(o.expert_id)
                .fetch_one(&mut **tx)
                .await?;
        sqlx::query(
            "INSERT INTO opinions (submission_id, expert_id, version, scores, recommendation, text, defence_date, filed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(o.submission_id.as_str())
        .bind(o.expert_id)
        .bind(version)
        .bind(o.scores.as_str())
        .bind(o.recommendation.as_str())
        .bind(o.text.as_str())
        .bind(o.defence_date.as_str())
        .bind(o.now_ms)
        .execute(&mut **tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("version {version}"));
        Self::audit_in(tx, &audit).await?;
        Ok(version)
    }

    /// The assigned experts with at least one opinion on the submission.
    pub async fn opinion_count_in(tx: &mut Tx<DB>, submission_id: &str) -> RepoResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT o.expert_id) FROM opinions o JOIN assignments a \
             ON a.submission_id = o.submission_id AND a.expert_id = o.expert_id WHERE o.submission_id = $1",
        )
        .bind(submission_id)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Records a site check and audits it.
    pub async fn record_site_check_in(tx: &mut Tx<DB>, c: &SiteCheckRow, audit: &NewAudit) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO site_checks (submission_id, check_date, inspectors, findings, conclusion, recorded_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.submission_id.as_str())
        .bind(c.date.as_str())
        .bind(c.inspectors.as_str())
        .bind(c.findings.as_str())
        .bind(c.conclusion.as_str())
        .bind(c.recorded_by.as_str())
        .bind(c.at_ms)
        .execute(&mut **tx)
        .await?;
        Self::audit_in(tx, audit).await
    }

    /// The site checks of a submission, in the step's transaction.
    pub async fn site_checks_in(tx: &mut Tx<DB>, submission_id: &str) -> RepoResult<Vec<SiteCheckRow>> {
        Self::site_checks_on(&mut **tx, submission_id).await
    }

    /// The submission's status, in the step's transaction.
    pub async fn status_in(tx: &mut Tx<DB>, submission_id: &str) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT status FROM submissions WHERE id = $1").bind(submission_id).fetch_optional(&mut **tx).await?)
    }
}

/// Runs `$body` with `$tx` the step's transaction and `S` its backend's [`Sql`] type.
macro_rules! in_tx {
    ($tx:expr, $t:ident => $body:expr) => {
        match $tx {
            DecisionTx::Sqlite($t) => {
                type S = Sql<sqlx::Sqlite>;
                $body.await
            }
            DecisionTx::Postgres($t) => {
                type S = Sql<sqlx::Postgres>;
                $body.await
            }
        }
    };
}

impl DecisionTx {
    /// Commits a step that is not a decision (an assignment, an opinion, a site check).
    pub async fn commit(self) -> RepoResult<()> {
        match self {
            DecisionTx::Sqlite(tx) => tx.commit().await?,
            DecisionTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn declared(&mut self, expert_id: i64, submission_id: &str) -> RepoResult<bool> {
        in_tx!(self, t => S::declared_in(t, expert_id, submission_id))
    }

    pub async fn assign(&mut self, submission_id: &str, expert_id: i64, audit: &NewAudit) -> RepoResult<bool> {
        in_tx!(self, t => S::assign_in(t, submission_id, expert_id, audit))
    }

    pub async fn assigned(&mut self, submission_id: &str, expert_id: i64) -> RepoResult<bool> {
        in_tx!(self, t => S::assigned_in(t, submission_id, expert_id))
    }

    pub async fn declare(&mut self, expert_id: i64, submission_id: &str, note: &str, audit: &NewAudit) -> RepoResult<()> {
        in_tx!(self, t => S::declare_in(t, expert_id, submission_id, note, audit))
    }

    pub async fn file_opinion(&mut self, o: &NewOpinion, audit: &NewAudit) -> RepoResult<i64> {
        in_tx!(self, t => S::file_opinion_in(t, o, audit))
    }

    pub async fn opinion_count(&mut self, submission_id: &str) -> RepoResult<i64> {
        in_tx!(self, t => S::opinion_count_in(t, submission_id))
    }

    pub async fn record_site_check(&mut self, c: &SiteCheckRow, audit: &NewAudit) -> RepoResult<()> {
        in_tx!(self, t => S::record_site_check_in(t, c, audit))
    }

    pub async fn site_checks(&mut self, submission_id: &str) -> RepoResult<Vec<SiteCheckRow>> {
        in_tx!(self, t => S::site_checks_in(t, submission_id))
    }

    pub async fn status(&mut self, submission_id: &str) -> RepoResult<Option<String>> {
        in_tx!(self, t => S::status_in(t, submission_id))
    }
}

impl Store {
    pub async fn session_account(&self, token_hash: &str, now_ms: i64) -> RepoResult<Option<(AdminUser, String)>> {
        on_backend!(self, s => s.session_account(token_hash, now_ms))
    }

    pub async fn role_of(&self, username: &str) -> RepoResult<Option<String>> {
        on_backend!(self, s => s.role_of(username))
    }

    pub async fn create_expert(&self, username: &str, password_hash: &str, p: &ExpertProfile, now_ms: i64) -> RepoResult<bool> {
        on_backend!(self, s => s.create_expert(username, password_hash, p, now_ms))
    }

    pub async fn experts(&self) -> RepoResult<Vec<ExpertRow>> {
        on_backend!(self, s => s.experts())
    }

    pub async fn expert(&self, username: &str) -> RepoResult<Option<ExpertRow>> {
        on_backend!(self, s => s.expert(username))
    }

    pub async fn assignments(&self, submission_id: &str) -> RepoResult<Vec<AssignmentRow>> {
        on_backend!(self, s => s.assignments(submission_id))
    }

    pub async fn reviews_of(&self, expert_id: i64) -> RepoResult<Vec<ReviewRow>> {
        on_backend!(self, s => s.reviews_of(expert_id))
    }

    pub async fn opinions(&self, submission_id: &str) -> RepoResult<Vec<OpinionRow>> {
        on_backend!(self, s => s.opinions(submission_id))
    }

    pub async fn site_checks(&self, submission_id: &str) -> RepoResult<Vec<SiteCheckRow>> {
        on_backend!(self, s => s.site_checks(submission_id))
    }

    pub async fn round(&self, year: i64) -> RepoResult<(Vec<RoundRow>, Vec<OpinionRow>)> {
        on_backend!(self, s => s.round(year))
    }
}
