//! PostgreSQL: for many server instances sharing one database. The uniqueness constraints make
//! concurrent inserts from different instances safe; migrations take sqlx's advisory lock, so
//! instances may start together.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use aii_rules::{BaseRecord, CycleTaken, OfficerTerm};

use super::common;
use super::context::ContextSource;
use super::registry;
use super::registry::EvaluationFacts;
use super::sql::Sql;
use super::types::RepoResult;

#[derive(Clone, Debug)]
pub struct PgRepo {
    /// The pool, as both `pool` and `writer`: PostgreSQL takes concurrent writers (the shared
    /// SQL names `writer` because SQLite's has one connection).
    sql: Sql<sqlx::Postgres>,
    /// The context lookups, batched over a connection of their own (`pg_lookups.rs`).
    lookups: super::pg_lookups::Lookups,
}

impl PgRepo {
    /// Connects and migrates.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PgRepo> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let lookups = super::pg_lookups::Lookups::start(options).await?;
        Ok(PgRepo { sql: Sql { writer: pool.clone(), pool }, lookups })
    }

    pub fn pool(&self) -> &PgPool {
        &self.sql.pool
    }

    /// The shared SQL on this backend's pool.
    pub fn sql(&self) -> &Sql<sqlx::Postgres> {
        &self.sql
    }

    /// The batched context lookups.
    pub fn lookups(&self) -> &super::pg_lookups::Lookups {
        &self.lookups
    }
}

/// PostgreSQL's context look-ups: batched over the look-ups' own connection (`pg_lookups.rs`)
/// when no submission is left out (validate, submit), else one query on the pool.
impl ContextSource for PgRepo {
    async fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> RepoResult<CycleTaken> {
        match except {
            None => self.lookups.unit_cycle(uscc, from_year).await,
            Some(_) => self.sql.pool.unit_cycle(uscc, from_year, except).await,
        }
    }

    async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        self.lookups.base(id).await
    }

    async fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> RepoResult<Vec<OfficerTerm>> {
        self.sql.pool.pending_appointments(base_id, except).await
    }

    async fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> RepoResult<bool> {
        match except {
            None => self.lookups.pending_direction_change(base_id).await,
            Some(_) => self.sql.pool.pending_direction_change(base_id, except).await,
        }
    }

    async fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        match except {
            None => self.lookups.annual_filed(base_id, year).await,
            Some(_) => self.sql.pool.annual_filed(base_id, year, except).await,
        }
    }

    async fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        self.sql.pool.plan_approved(base_id, year, except).await
    }

    async fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> RepoResult<EvaluationFacts> {
        self.sql.pool.evaluation_facts(base_id, except).await
    }
}

/// The context look-ups one query each, on the pool (the batches' reference in the tests).
impl ContextSource for PgPool {
    async fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> RepoResult<CycleTaken> {
        let (first, last) = common::cycle_dates(from_year);
        let (applied, certified): (i64, i64) =
            sqlx::query_as(common::UNIT_CYCLE).bind(uscc).bind(from_year).bind(except).bind(first).bind(last).fetch_one(self).await?;
        Ok(common::cycle_taken(applied, certified))
    }

    async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        use sqlx::Row;
        let Some(row) = sqlx::query(common::SELECT_BASE).bind(id).fetch_optional(self).await? else {
            return Ok(None);
        };
        let officers: Vec<(String, String, String)> = sqlx::query_as(common::SELECT_OFFICERS).bind(id).fetch_all(self).await?;
        let directions: String = row.try_get("directions")?;
        let partners: String = row.try_get("partners")?;
        let certified_on: Option<String> = row.try_get("certified_on")?;
        let (id, uscc, revoked) = (row.try_get("id")?, row.try_get("responsible_uscc")?, row.try_get("revoked")?);
        common::base_record(id, uscc, &directions, &partners, revoked, certified_on.as_deref(), officers).map(Some)
    }

    async fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> RepoResult<Vec<OfficerTerm>> {
        let documents: Vec<String> = sqlx::query_scalar(common::PENDING_APPOINTMENTS).bind(base_id).bind(except).fetch_all(self).await?;
        common::appointment_terms(documents)
    }

    async fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar(common::PENDING_DIRECTION_CHANGE).bind(base_id).bind(except).fetch_one(self).await?;
        Ok(n > 0)
    }

    async fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar(registry::ANNUAL_FILED).bind(base_id).bind(year).bind(except).fetch_one(self).await?;
        Ok(n > 0)
    }

    async fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        let n: i64 = sqlx::query_scalar(registry::PLAN_APPROVED).bind(base_id).bind(year).bind(except).fetch_one(self).await?;
        Ok(n > 0)
    }

    async fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> RepoResult<EvaluationFacts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(registry::FILED_YEARS).bind(base_id).bind(except).fetch_all(self).await?;
        Ok(registry::facts(rows))
    }
}
