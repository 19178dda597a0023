//! SQLite: the embedded default. One file in WAL mode (readers never wait for the writer),
//! a busy timeout, foreign keys on; write transactions start with `BEGIN IMMEDIATE` so that
//! they take the write lock before reading anything.
//!
//! SQLite lets one connection write at a time. Submissions, the one write that comes in
//! volume, go to one thread (see below) where they queue; every other write goes through a
//! pool of exactly one connection (`writer`), so those queue in that pool's async wait list
//! instead of each taking a connection and sleeping in SQLite's busy handler (the two writers
//! take the write lock in turn, through their busy handlers); reads use the main pool. (An
//! in-memory database is one connection's own, so there all of these are the one connection.)
//!
//! The context lookups every check makes (Art. 8's earlier application, the base from the
//! registry, a pending direction change) are read through [`Reader`]: plain SQLite connections
//! used on the caller's thread. sqlx runs each connection on a thread of its own and passes
//! every command, row and completion over a channel; on a small machine those hand-offs were
//! most of a validate request's cost (BENCHMARKS.md). An indexed read in WAL mode takes
//! microseconds and never waits for the writer.
//!
//! Submissions are written by [`Writer`] (`writer.rs`): a thread of its own with a plain
//! SQLite connection (the same library as [`Reader`]), taking a whole submission per message
//! and writing the submissions queued together in one transaction, a savepoint each.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use super::common;
use super::context::ContextSource;
use super::registry;
use super::registry::EvaluationFacts;
use super::sql::Sql;
use super::types::{RepoResult, StoredAnswer};
use super::writer::{Writer, sqlite_error as read_error};
use aii_rules::{BaseRecord, CycleTaken, OfficerTerm};

#[derive(Clone, Debug)]
pub struct SqliteRepo {
    /// The main pool (reads) and the one writing connection.
    sql: Sql<sqlx::Sqlite>,
    /// The context look-ups' connections.
    reader: std::sync::Arc<Reader>,
    /// The submissions' writer thread.
    submissions: Writer,
}

/// Read-only SQLite connections for the context lookups, kept for reuse.
#[derive(Debug)]
pub struct Reader {
    path: std::path::PathBuf,
    idle: std::sync::Mutex<Vec<rusqlite::Connection>>,
}

impl Reader {
    fn new(path: std::path::PathBuf) -> Reader {
        Reader { path, idle: std::sync::Mutex::new(Vec::new()) }
    }

    /// Runs `f` on an idle connection (opening one when none is idle) and keeps it for reuse.
    fn with<T>(&self, f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>) -> RepoResult<T> {
        let taken = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let conn = match taken {
            Some(c) => c,
            None => {
                use rusqlite::OpenFlags;
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let c = rusqlite::Connection::open_with_flags(&self.path, flags).map_err(read_error)?;
                c.busy_timeout(Duration::from_secs(5)).map_err(read_error)?;
                c
            }
        };
        let out = f(&conn).map_err(read_error);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < 16
        {
            idle.push(conn);
        }
        out
    }

    pub fn stored_answer(&self, key_hash: &str) -> RepoResult<Option<StoredAnswer>> {
        self.with(|c| super::writer::stored_answer(c, key_hash))
    }

    /// A count of `sql`'s rows is above zero.
    fn any(&self, sql: &str, params: impl rusqlite::Params) -> RepoResult<bool> {
        self.with(|c| c.prepare_cached(sql)?.query_row(params, |r| r.get::<_, i64>(0))).map(|n| n > 0)
    }
}

/// SQLite's context look-ups: indexed reads on the caller's thread (see the module's comment).
impl ContextSource for Reader {
    async fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> RepoResult<CycleTaken> {
        let (first, last) = common::cycle_dates(from_year);
        let (applied, certified) = self.with(|c| {
            c.prepare_cached(common::UNIT_CYCLE)?
                .query_row(rusqlite::named_params! {"$1": uscc, "$2": from_year, "$3": except, "$4": first, "$5": last}, |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })
        })?;
        Ok(common::cycle_taken(applied, certified))
    }

    async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        type Row = (String, String, String, String, bool, Option<String>);
        let found = self.with(|c| {
            use rusqlite::OptionalExtension;
            let row: Option<Row> = c
                .prepare_cached(common::SELECT_BASE)?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
                .optional()?;
            let Some(row) = row else { return Ok(None) };
            let officers = c
                .prepare_cached(common::SELECT_OFFICERS)?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
            Ok(Some((row, officers)))
        })?;
        found
            .map(|((id, uscc, directions, partners, revoked, certified_on), officers)| {
                common::base_record(id, uscc, &directions, &partners, revoked, certified_on.as_deref(), officers)
            })
            .transpose()
    }

    async fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> RepoResult<Vec<OfficerTerm>> {
        let documents = self.with(|c| {
            c.prepare_cached(common::PENDING_APPOINTMENTS)?
                .query_map(rusqlite::params![base_id, except], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })?;
        common::appointment_terms(documents)
    }

    async fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> RepoResult<bool> {
        self.any(common::PENDING_DIRECTION_CHANGE, rusqlite::params![base_id, except])
    }

    async fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        self.any(registry::ANNUAL_FILED, rusqlite::params![base_id, year, except])
    }

    async fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        self.any(registry::PLAN_APPROVED, rusqlite::params![base_id, year, except])
    }

    async fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> RepoResult<EvaluationFacts> {
        let rows = self.with(|c| {
            c.prepare_cached(registry::FILED_YEARS)?
                .query_map(rusqlite::params![base_id, except], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<(String, i64)>>>()
        })?;
        Ok(registry::facts(rows))
    }
}

impl SqliteRepo {
    /// Opens (creating the file and its folder when missing) and migrates.
    /// `writes`: counted by the submissions' writer thread after each commit (`cache.rs`).
    pub async fn connect(url: &str, max_connections: u32, writes: std::sync::Arc<super::cache::Writes>) -> anyhow::Result<SqliteRepo> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let file = options.get_filename();
        let in_memory = file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:");
        // A decision holds the one writing connection while its re-check reads through others
        // (`Store::begin_decision`); an in-memory database has only the one. And it would lose
        // every submission at exit: what is accepted must be kept.
        anyhow::ensure!(!in_memory, "an in-memory SQLite database keeps nothing: give a file, e.g. sqlite://data/aii.db");
        if let Some(dir) = file.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let writer =
            SqlitePoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(30)).connect_with(options.clone()).await?;
        sqlx::migrate!("migrations/sqlite").run(&writer).await?;
        let reader = std::sync::Arc::new(Reader::new(file.to_path_buf()));
        let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(options.clone()).await?;
        let submissions = Writer::start(file, writes)?;
        Ok(SqliteRepo { sql: Sql { pool, writer }, reader, submissions })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.sql.pool
    }

    /// The shared SQL on this backend's pools.
    pub fn sql(&self) -> &Sql<sqlx::Sqlite> {
        &self.sql
    }

    /// The context look-ups' reader.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// The one sqlx connection that writes (everything but submissions, see [`Writer`]).
    pub fn writer(&self) -> &SqlitePool {
        &self.sql.writer
    }

    /// The submissions' writer thread.
    pub fn submission_writer(&self) -> &Writer {
        &self.submissions
    }
}
