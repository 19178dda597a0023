//! SQLite: the embedded default. One file in WAL mode (readers never wait for the writer),
//! a busy timeout, foreign keys on; write transactions start with `BEGIN IMMEDIATE` so that
//! they take the write lock before reading anything.
//!
//! SQLite lets one connection write at a time. Every write goes through a pool of exactly one
//! connection (`writer`), so concurrent submissions queue in that pool's async wait list
//! instead of each taking a connection and sleeping in SQLite's busy handler; reads use the
//! main pool. (An in-memory database is one connection's own, so there both are the same.)

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use super::common::{self, impl_repository};
use super::review::{self, review_methods};

#[derive(Clone, Debug)]
pub struct SqliteRepo {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl SqliteRepo {
    /// Opens (creating the file and its folder when missing) and migrates.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<SqliteRepo> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let file = options.get_filename();
        let in_memory = file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:");
        if !in_memory
            && let Some(dir) = file.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let writer =
            SqlitePoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(30)).connect_with(options.clone()).await?;
        sqlx::migrate!("migrations/sqlite").run(&writer).await?;
        let pool = if in_memory {
            writer.clone()
        } else {
            SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options).await?
        };
        Ok(SqliteRepo { pool, writer })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The one connection that writes.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }
}

impl_repository!(SqliteRepo, sqlx::Sqlite, "BEGIN IMMEDIATE");
