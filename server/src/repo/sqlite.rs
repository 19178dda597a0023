//! SQLite: the embedded default. One file in WAL mode (readers never wait for the writer),
//! a busy timeout (writers queue instead of failing), foreign keys on; write transactions
//! start with `BEGIN IMMEDIATE` so that they take the write lock before reading anything.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use super::common::{self, impl_repository};
use super::review::{self, review_methods};

#[derive(Clone, Debug)]
pub struct SqliteRepo {
    pool: SqlitePool,
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
        let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(SqliteRepo { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl_repository!(SqliteRepo, sqlx::Sqlite, "BEGIN IMMEDIATE");
