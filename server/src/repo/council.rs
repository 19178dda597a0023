//! The council's part of the repository (PROCEDURE.md, Arts. 11, 12, 24, 25): the council's
//! records on an approval, the certificates and their numbers, the published results and the
//! direct revocation. SQL written once for both backends ([`Sql`]); what runs inside a
//! decision takes its [`DecisionTx`].

use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Type};

use super::sql::{Db, Sql, Tx};
use super::types::RepoResult;
use super::{Backend, DecisionTx, Store};

/// A certificate as stored, with its base's standing now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRow {
    pub number: String,
    pub base_id: String,
    pub submission_id: String,
    pub issued_on: String,
    pub name: String,
    pub unit: String,
    pub directions: Vec<String>,
    pub revoked: bool,
    pub revoked_on: Option<String>,
}

/// A certificate to issue (its number is allocated in the decision's transaction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCertificate<'a> {
    pub year: i64,
    pub issued_on: &'a str,
    pub base_id: &'a str,
    pub submission_id: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub directions: &'a [String],
}

/// The council's record of an approval (Art. 12) and, for an application, the directions it
/// decided (Art. 11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouncilRecord<'a> {
    pub submission_id: &'a str,
    pub council_date: &'a str,
    pub resolution: &'a str,
    pub directions: Option<&'a [String]>,
    pub actor: &'a str,
    pub now_ms: i64,
}

/// A result to publish (Arts. 24, 25).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewResult<'a> {
    pub base_id: &'a str,
    /// `None`: a direct revocation from the registry.
    pub submission_id: Option<&'a str>,
    /// `qualified`, `unqualified` or `revoked`.
    pub result: &'a str,
    pub grounds: &'a [i64],
    pub note: &'a str,
    pub from_year: Option<i64>,
    pub to_year: Option<i64>,
    pub decided_on: &'a str,
    pub actor: &'a str,
    pub now_ms: i64,
}

/// A published result as stored, with its base's full name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow {
    pub base_id: String,
    pub base_name: String,
    pub result: String,
    pub grounds: Vec<i64>,
    pub from_year: Option<i64>,
    pub to_year: Option<i64>,
    pub decided_on: String,
}

/// A certificate's number, `AII-TB-{year}-{NNN}`: the sequence three digits at least.
pub fn number(year: i64, seq: i64) -> String {
    format!("AII-TB-{year}-{seq:03}")
}

/// `1,3` as stored.
fn grounds_text(grounds: &[i64]) -> String {
    grounds.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn grounds_of(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|g| g.trim().parse().ok()).collect()
}

fn json_list(v: &[String]) -> RepoResult<String> {
    Ok(serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(e.into()))?)
}

const UPSERT_COUNCIL: &str = "INSERT INTO council_decisions (submission_id, council_date, resolution, directions, decided_by, decided_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id) DO UPDATE SET council_date = excluded.council_date, \
     resolution = excluded.resolution, directions = excluded.directions, decided_by = excluded.decided_by, decided_at = excluded.decided_at";

const CERTIFICATE_COLUMNS: &str = "SELECT c.number, c.base_id, c.submission_id, c.issued_on, c.name, c.unit, c.directions, \
     b.revoked, b.revoked_on FROM certificates c JOIN bases b ON b.id = c.base_id";

const RESULT_COLUMNS: &str = "SELECT r.base_id, b.full_name, r.result, r.grounds, r.from_year, r.to_year, r.decided_on \
     FROM evaluation_results r JOIN bases b ON b.id = r.base_id";

type CertTuple = (String, String, String, String, String, String, String, bool, Option<String>);
type ResultTuple = (String, String, String, String, Option<i64>, Option<i64>, String);

fn certificate(row: CertTuple) -> CertificateRow {
    let (number, base_id, submission_id, issued_on, name, unit, directions, revoked, revoked_on) = row;
    CertificateRow {
        number,
        base_id,
        submission_id,
        issued_on,
        name,
        unit,
        directions: serde_json::from_str(&directions).unwrap_or_default(),
        revoked,
        revoked_on,
    }
}

fn result(row: ResultTuple) -> ResultRow {
    let (base_id, base_name, result, grounds, from_year, to_year, decided_on) = row;
    ResultRow { base_id, base_name, result, grounds: grounds_of(&grounds), from_year, to_year, decided_on }
}

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
    Option<String>: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB>,
    Option<i64>: for<'a> Encode<'a, DB> + for<'r> Decode<'r, DB>,
{
    pub async fn record_council(tx: &mut Tx<DB>, r: &CouncilRecord<'_>) -> RepoResult<()> {
        let directions = r.directions.map(json_list).transpose()?;
        sqlx::query(UPSERT_COUNCIL)
            .bind(r.submission_id)
            .bind(r.council_date)
            .bind(r.resolution)
            .bind(directions)
            .bind(r.actor)
            .bind(r.now_ms)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn decided_directions(&self, submission_id: &str) -> RepoResult<Option<Vec<String>>> {
        let text: Option<Option<String>> = sqlx::query_scalar("SELECT directions FROM council_decisions WHERE submission_id = $1")
            .bind(submission_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(text.flatten().and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// The next number of the year, under the year's lock (PostgreSQL's advisory lock; SQLite
    /// holds its write lock already), the `UNIQUE (year, seq)` constraint the last word:
    /// `None` when it refused.
    pub async fn issue_certificate(tx: &mut Tx<DB>, c: &NewCertificate<'_>) -> RepoResult<Option<String>> {
        DB::lock(&mut **tx, &format!("certificate:{}", c.year)).await?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM certificates WHERE year = $1").bind(c.year).fetch_one(&mut **tx).await?;
        let seq = last.unwrap_or(0) + 1;
        let number = number(c.year, seq);
        let inserted = sqlx::query(
            "INSERT INTO certificates (number, year, seq, base_id, submission_id, issued_on, name, unit, directions) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&number)
        .bind(c.year)
        .bind(seq)
        .bind(c.base_id)
        .bind(c.submission_id)
        .bind(c.issued_on)
        .bind(c.name)
        .bind(c.unit)
        .bind(json_list(c.directions)?)
        .execute(&mut **tx)
        .await;
        match inserted {
            Ok(_) => Ok(Some(number)),
            Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn record_result(tx: &mut Tx<DB>, r: &NewResult<'_>) -> RepoResult<()> {
        sqlx::query(
            "INSERT INTO evaluation_results \
             (base_id, submission_id, result, grounds, note, from_year, to_year, decided_on, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(r.base_id)
        .bind(r.submission_id)
        .bind(r.result)
        .bind(grounds_text(r.grounds))
        .bind(r.note)
        .bind(r.from_year)
        .bind(r.to_year)
        .bind(r.decided_on)
        .bind(r.actor)
        .bind(r.now_ms)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A direct revocation's registry change and audit entry (no submission).
    pub async fn revoke_base(
        tx: &mut Tx<DB>,
        base_id: &str,
        on: &str,
        reason: &str,
        actor: &str,
        detail: &str,
        now_ms: i64,
    ) -> RepoResult<bool> {
        let done = sqlx::query("UPDATE bases SET revoked = $2, revoked_on = $3, revoked_reason = $4 WHERE id = $1 AND revoked = $5")
            .bind(base_id)
            .bind(true)
            .bind(on)
            .bind(reason)
            .bind(false)
            .execute(&mut **tx)
            .await?;
        if DB::rows_affected(&done) == 0 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(now_ms)
            .bind(actor)
            .bind("revocation")
            .bind(None::<&str>)
            .bind(None::<&str>)
            .bind(None::<&str>)
            .bind(Some(reason))
            .bind(Some(detail))
            .execute(&mut **tx)
            .await?;
        Ok(true)
    }

    pub async fn certificate(&self, number: &str) -> RepoResult<Option<CertificateRow>> {
        let row: Option<CertTuple> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{CERTIFICATE_COLUMNS} WHERE c.number = $1")))
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(certificate))
    }

    /// Every certificate (or the base's).
    pub async fn certificates(&self, base_id: Option<&str>) -> RepoResult<Vec<CertificateRow>> {
        let rows: Vec<CertTuple> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{CERTIFICATE_COLUMNS} WHERE c.base_id = COALESCE($1, c.base_id) ORDER BY c.year, c.seq"
        )))
        .bind(base_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(certificate).collect())
    }

    pub async fn certificate_of_submission(&self, submission_id: &str) -> RepoResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT number FROM certificates WHERE submission_id = $1")
            .bind(submission_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Every published result (or the base's), newest first.
    pub async fn results(&self, base_id: Option<&str>) -> RepoResult<Vec<ResultRow>> {
        let rows: Vec<ResultTuple> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{RESULT_COLUMNS} WHERE r.base_id = COALESCE($1, r.base_id) ORDER BY r.decided_on DESC, r.id DESC"
        )))
        .bind(base_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(result).collect())
    }
}

impl Store {
    /// Records the council's approval in the decision's transaction.
    pub async fn record_council(&self, tx: &mut DecisionTx, r: &CouncilRecord<'_>) -> RepoResult<()> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::record_council(tx, r).await,
            DecisionTx::Postgres(tx) => Sql::record_council(tx, r).await,
        }
    }

    /// Issues the next certificate of its year in the decision's transaction: its number, or
    /// `None` when the unique constraint refused it.
    pub async fn issue_certificate(&self, tx: &mut DecisionTx, c: &NewCertificate<'_>) -> RepoResult<Option<String>> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::issue_certificate(tx, c).await,
            DecisionTx::Postgres(tx) => Sql::issue_certificate(tx, c).await,
        }
    }

    pub async fn record_result(&self, tx: &mut DecisionTx, r: &NewResult<'_>) -> RepoResult<()> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::record_result(tx, r).await,
            DecisionTx::Postgres(tx) => Sql::record_result(tx, r).await,
        }
    }

    /// Revokes a base directly (not an evaluation's decision), with its audit entry: `false`
    /// when it was revoked already.
    #[allow(clippy::too_many_arguments)]
    pub async fn revoke_base(
        &self,
        tx: &mut DecisionTx,
        base_id: &str,
        on: &str,
        reason: &str,
        actor: &str,
        detail: &str,
        now_ms: i64,
    ) -> RepoResult<bool> {
        match tx {
            DecisionTx::Sqlite(tx) => Sql::revoke_base(tx, base_id, on, reason, actor, detail, now_ms).await,
            DecisionTx::Postgres(tx) => Sql::revoke_base(tx, base_id, on, reason, actor, detail, now_ms).await,
        }
    }

    /// Commits a transaction begun with [`Store::begin_decision`] for something that is not a
    /// submission's decision (a direct revocation).
    pub async fn commit(&self, tx: DecisionTx) -> RepoResult<()> {
        self.counted(async {
            match tx {
                DecisionTx::Sqlite(tx) => tx.commit().await,
                DecisionTx::Postgres(tx) => tx.commit().await,
            }
        })
        .await?;
        Ok(())
    }

    pub async fn decided_directions(&self, submission_id: &str) -> RepoResult<Option<Vec<String>>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().decided_directions(submission_id).await,
            Backend::Postgres(r) => r.sql().decided_directions(submission_id).await,
        }
    }

    pub async fn certificate(&self, number: &str) -> RepoResult<Option<CertificateRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().certificate(number).await,
            Backend::Postgres(r) => r.sql().certificate(number).await,
        }
    }

    pub async fn certificates(&self, base_id: Option<&str>) -> RepoResult<Vec<CertificateRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().certificates(base_id).await,
            Backend::Postgres(r) => r.sql().certificates(base_id).await,
        }
    }

    pub async fn certificate_of_submission(&self, submission_id: &str) -> RepoResult<Option<String>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().certificate_of_submission(submission_id).await,
            Backend::Postgres(r) => r.sql().certificate_of_submission(submission_id).await,
        }
    }

    pub async fn results(&self, base_id: Option<&str>) -> RepoResult<Vec<ResultRow>> {
        match &self.backend {
            Backend::Sqlite(r) => r.sql().results(base_id).await,
            Backend::Postgres(r) => r.sql().results(base_id).await,
        }
    }
}
