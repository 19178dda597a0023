//! Migration 0005 (issue 20: Art. 8's three-year cycle) on databases populated under
//! 0001–0004, on SQLite and (when `TEST_DATABASE_URL` is set) PostgreSQL: each application
//! gets the evaluation cycle holding its selection year; of two applications of one unit in
//! one cycle the earlier keeps it and the later holds none, with an audit entry; withdrawn and
//! rejected ones stay as they were; the unique index then refuses a new duplicate.

mod common;

use aii_rules::{CycleTaken, FormKind};
use aii_server::Repository;
use aii_server::repo::{Conflict, ContextSource, InsertOutcome, NewSubmission, Store};
use common::TestDb;
mod submissions {
    include!("common/submissions.rs");
}

const UNIT: &str = "91310115MA1K4ABCDE";

/// Applications as 0004 left them: one year was a cycle.
fn populated() -> Vec<String> {
    let row = |id: &str, status: &str, cycle: i64, at: i64| {
        format!(
            "INSERT INTO submissions (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, \
             unit_uscc, cycle, base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority) \
             VALUES ('{id}', 'application', '{status}', '{{}}', '{{}}', 'v', 'h-{id}', 'r-{id}', '{UNIT}', {cycle}, NULL, {at}, {at}, \
             '某单位', 'enterprise', NULL, FALSE, FALSE)"
        )
    };
    vec![
        row("m-2026", "under_review", 2026, 1),
        row("m-2027", "submitted", 2027, 2),
        row("m-2028-withdrawn", "withdrawn", 2028, 3),
        row("m-2028-rejected", "rejected", 2028, 4),
        row("m-2029", "submitted", 2029, 5),
    ]
}

async fn eval_cycle(store: &Store, id: &str) -> Option<i64> {
    let sql = "SELECT eval_cycle FROM submissions WHERE id = $1";
    match store.repo() {
        aii_server::repo::Backend::Sqlite(r) => sqlx::query_scalar(sql).bind(id).fetch_one(r.pool()).await.unwrap(),
        aii_server::repo::Backend::Postgres(r) => sqlx::query_scalar(sql).bind(id).fetch_one(r.pool()).await.unwrap(),
    }
}

async fn check(store: &Store) {
    assert_eq!(eval_cycle(store, "m-2026").await, Some(2026));
    assert_eq!(eval_cycle(store, "m-2027").await, None, "the later one of the cycle holds none");
    assert_eq!(eval_cycle(store, "m-2029").await, Some(2029));
    let audit = store.audit_entries("m-2027").await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].entry.actor.as_str(), audit[0].entry.action.as_str()), ("migration 0005", "art8"));
    assert!(audit[0].entry.detail.as_deref().unwrap_or("").contains("2026"), "{:?}", audit[0].entry.detail);
    for id in ["m-2026", "m-2028-withdrawn", "m-2028-rejected", "m-2029"] {
        assert!(store.audit_entries(id).await.unwrap().is_empty(), "{id}");
    }
    let stored = store.stored_submission("m-2027").await.unwrap().unwrap();
    assert_eq!(stored.status, "submitted", "kept for the secretariat, not deleted");
    // The unit holds 2026–2028 (by m-2026) and 2029–2031 (by m-2029).
    assert_eq!(store.unit_cycle(UNIT, 2026, None).await.unwrap(), CycleTaken::Applied);
    assert_eq!(store.unit_cycle(UNIT, 2026, Some("m-2026")).await.unwrap(), CycleTaken::Free, "m-2027 holds no cycle");
    let again = NewSubmission { receipt_hash: "r-new".into(), ..submissions::application("m-new", UNIT, 2028) };
    assert_eq!(store.insert_submission(&again).await.unwrap(), InsertOutcome::Conflict(Conflict::OnePerCycle));
    assert_eq!(FormKind::parse(&stored.kind), Some(FormKind::Application));
}

/// Runs migrations 1 to 4 of `$dir` (a literal: `sqlx::migrate!` reads it at compile time) on
/// `$pool`, fills the database with [`populated`] and closes the pool.
macro_rules! populate_before_0005 {
    ($pool:expr, $dir:literal) => {{
        let pool = $pool;
        let mut old = sqlx::migrate!($dir);
        old.migrations = old.migrations.iter().filter(|m| m.version <= 4).cloned().collect::<Vec<_>>().into();
        old.run(&pool).await.unwrap();
        for sql in populated() {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }};
}

/// Opens the populated database as the server does (migration 0005 runs) and checks it.
async fn migrate_and_check(url: &str) {
    let store = Store::connect(url, 2).await.expect("0005 runs on the populated database");
    check(&store).await;
    store.close().await;
}

#[tokio::test]
async fn migration_0005_on_a_populated_sqlite_database() {
    let db = TestDb::sqlite();
    {
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
        use std::str::FromStr;
        let options = SqliteConnectOptions::from_str(&db.url).unwrap().create_if_missing(true).foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
        populate_before_0005!(pool, "migrations/sqlite");
    }
    migrate_and_check(&db.url).await;
}

#[tokio::test]
async fn migration_0005_on_a_populated_postgres_database_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&db.url).await.unwrap();
    populate_before_0005!(pool, "migrations/postgres");
    migrate_and_check(&db.url).await;
}

/// A database whose applications were counted from one origin refuses another.
#[tokio::test]
async fn another_cycle_origin_is_refused_once_applications_exist() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url, 2).await.unwrap();
    store.ensure_cycle_origin(2029).await.expect("a database without applications takes any origin");
    store.ensure_cycle_origin(2026).await.expect("and another, while it has none");
    store.insert_submission(&submissions::application("o-1", UNIT, 2027)).await.unwrap();
    store.ensure_cycle_origin(2026).await.expect("the same origin");
    assert!(store.ensure_cycle_origin(2027).await.is_err(), "another origin would move every cycle");
    store.close().await;
}
