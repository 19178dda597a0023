//! Test helpers: fresh databases (a temporary SQLite file; a new PostgreSQL database per run
//! when `TEST_DATABASE_URL` is set, dropped afterwards), a test configuration, fixtures and
//! a request helper.

#![allow(dead_code)]

use std::path::PathBuf;

use aii_rules::Date;
use aii_server::{Config, Repository, Store};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use sqlx::Connection;
use tower::ServiceExt;

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    /// Keeps the SQLite file's folder alive.
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the admin URL and the database to drop.
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("aii-test.db").display());
        TestDb { url, _dir: Some(dir), pg: None }
    }

    /// A fresh database `aii_test_<random>` on the server of `TEST_DATABASE_URL`, or `None`
    /// when the variable is not set.
    pub async fn postgres() -> Option<TestDb> {
        let admin = std::env::var("TEST_DATABASE_URL").ok()?;
        let name = format!("aii_test_{}", aii_server::crypto::random_hex(6));
        let mut conn = sqlx::PgConnection::connect(&admin).await.expect("TEST_DATABASE_URL is reachable");
        // The name is ours (hex), not input: safe to splice.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.expect("create the test database");
        conn.close().await.ok();
        Some(TestDb { url: with_database(&admin, &name), _dir: None, pg: Some((admin, name)) })
    }
}

/// `admin` with its database name replaced.
fn with_database(admin: &str, name: &str) -> String {
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.pg.take() else {
            return;
        };
        // Drop may run inside a runtime: do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ =
                        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut conn).await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

pub fn date(s: &str) -> Date {
    Date::parse(s).expect("a date")
}

/// The configuration of the tests: cycle 2027 open all year, today 2027-03-01, no app.
pub fn config(url: &str) -> Config {
    let mut c = Config::defaults();
    c.database_url = url.to_owned();
    c.db_max_connections = 8;
    c.static_dir = PathBuf::from("/nonexistent/aii-static");
    c.cycle = Some(2027);
    c.window_opens = Some(date("2027-01-01"));
    c.window_closes = Some(date("2027-12-31"));
    c.today = Some(date("2027-03-01"));
    c.body_limit = 64 * 1024;
    c.max_depth = 32;
    c.request_timeout_secs = 30;
    c.concurrency_limit = 512;
    // The suites that walk the workflow without experts (tests/experts.rs sets its own).
    c.expert_quorum = 0;
    c
}

/// The router and its store on a fresh database.
pub async fn app_with(config: Config) -> (Router, Store) {
    aii_server::app(config).await.expect("the app starts")
}

pub fn example(name: &str) -> serde_json::Value {
    let path = format!("{}/../shared/spec/examples/{name}.valid.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("example file")).expect("JSON")
}

/// An example with its `base_id` placeholder replaced.
pub fn example_for_base(name: &str, base_id: &str) -> serde_json::Value {
    let mut doc = example(name);
    doc["base_id"] = base_id.into();
    doc
}

/// Registers `server/examples/base.json` and returns its id.
pub async fn register_example_base(store: &Store) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let base = aii_server::base::read_file(&path, 0, aii_rules::Date::from_unix_ms(0, 480)).expect("the example base");
    store.register_base(&base).await.expect("registered");
    base.identity.id
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The rule ids of a report answer.
    pub fn rules(&self) -> Vec<String> {
        self.json()["issues"].as_array().expect("issues").iter().map(|i| i["rule"].as_str().expect("rule").to_owned()).collect()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    Answer { status, headers, body }
}

pub fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path).header("content-type", "application/json").body(body.into()).expect("request")
}

pub fn post_json(path: &str, doc: &serde_json::Value) -> Request<Body> {
    post(path, serde_json::to_vec(doc).expect("JSON"))
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("request")
}

pub const APPLICATIONS: &str = "/api/v1/forms/application/submissions";
pub const VALIDATE_APPLICATION: &str = "/api/v1/forms/application/validate";

/// Runs one statement with one text parameter, on either backend (a state the API cannot
/// make: old rows, a registry changed behind the desk's back).
pub async fn execute(store: &Store, sql: &'static str, param: &str) {
    match store.repo() {
        aii_server::repo::Backend::Sqlite(r) => {
            assert!(sqlx::query(sql).bind(param).execute(r.pool()).await.unwrap().rows_affected() > 0, "{sql}")
        }
        aii_server::repo::Backend::Postgres(r) => {
            assert!(sqlx::query(sql).bind(param).execute(r.pool()).await.unwrap().rows_affected() > 0, "{sql}")
        }
    }
}

/// A valid USCC (GB 32100, with its GB 11714 organisation code) of category 91 numbered `n`.
pub fn uscc(n: u32) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let body = format!("{:08}", 10_000_000 + n);
    let sum: u32 = [3, 7, 9, 10, 5, 8, 4, 2].iter().zip(body.bytes()).map(|(w, c)| w * u32::from(c - b'0')).sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        k => char::from(b'0' + k as u8),
    };
    let mut s = format!("91310115{body}{org_check}");
    let sum: u32 = s.bytes().zip(WEIGHTS).map(|(c, w)| w * ALPHABET.iter().position(|&a| a == c).unwrap() as u32).sum();
    s.push(char::from(ALPHABET[((31 - sum % 31) % 31) as usize]));
    s
}
