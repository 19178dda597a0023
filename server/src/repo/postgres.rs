//! PostgreSQL: for many server instances sharing one database. The uniqueness constraints make
//! concurrent inserts from different instances safe; migrations take sqlx's advisory lock, so
//! instances may start together.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::common::{self, impl_repository};
use super::registry::{self, registry_methods};
use super::review::{self, review_methods};

#[derive(Clone, Debug)]
pub struct PgRepo {
    pool: PgPool,
    /// The same pool: PostgreSQL takes concurrent writers (the shared SQL names `writer`
    /// because SQLite's has one connection).
    writer: PgPool,
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
        Ok(PgRepo { writer: pool.clone(), pool, lookups })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The batched context lookups.
    pub fn lookups(&self) -> &super::pg_lookups::Lookups {
        &self.lookups
    }
}

impl_repository!(PgRepo, sqlx::Postgres, "BEGIN");
