//! Crash safety of the real `aii-server` binary: submissions are driven at it from several
//! clients at once, it is killed with SIGKILL mid-load, restarted on the same database, and then
//! - every submission that was answered `201` is there and intact: its status view opens with
//!   its receipt, and its content hash is the hash of the document that was sent;
//! - a retry of every submission with its `Idempotency-Key` — answered or lost in the crash —
//!   is answered `201` once more, the answered ones byte for byte as the first time, and no
//!   submission is stored twice.
//!
//! SQLite always; PostgreSQL when `TEST_DATABASE_URL` is set (a fresh database per run).

mod common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aii_server::Repository;
use common::{TestDb, example};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Clients sending at once, and the most each sends.
const CLIENTS: usize = 6;
const PER_CLIENT: usize = 60;
/// The server is killed once this many submissions were answered `201`.
const KILL_AFTER: usize = 40;

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid USCC of a public institution for each `n` (one application per unit per cycle,
/// Art. 8), computed from GB 32100 and GB 11714 here rather than by the crate under test.
fn uscc(n: usize) -> String {
    let org = format!("{:08}", 10_000_000 + n);
    let sum: u32 = ORG_WEIGHTS.iter().zip(org.bytes()).map(|(w, c)| w * u32::from(c - b'0')).sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap(),
    };
    let body = format!("12310115{org}{org_check}");
    let sum: u32 = USCC_WEIGHTS.iter().zip(body.bytes()).map(|(w, c)| w * USCC_ALPHABET.iter().position(|&a| a == c).unwrap() as u32).sum();
    format!("{body}{}", USCC_ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// The n-th application: the spec's example from another university.
fn application(n: usize) -> serde_json::Value {
    let mut doc = example("application");
    doc["unit"]["name"] = format!("示例工业职业技术大学第{n}分校").into();
    doc["unit"]["uscc"] = uscc(n).into();
    doc
}

/// The server binary on a database, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// The e-mail the submissions send (not `./data/outbox` in the source tree).
    _outbox: tempfile::TempDir,
}

impl Server {
    async fn start(database_url: &str) -> Server {
        // A free port: bound, read and released (the server binds it straight after).
        let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let outbox = tempfile::tempdir().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_aii-server"))
            .args(["--listen", &addr.to_string(), "--database-url", database_url, "--static-dir", "/nonexistent/aii-static"])
            .arg("--outbox-dir")
            .arg(outbox.path())
            .args(["--cycle", "2027", "--window-opens", "2027-01-01", "--window-closes", "2027-12-31", "--today", "2027-03-01"])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let server = Server { child, addr, _outbox: outbox };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(answer) = request(addr, "GET", "/api/v1/healthz", &[], b"").await
                && answer.status == 200
            {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not come up on {addr}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, nothing finishes.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: u16,
    body: String,
}

/// One HTTP/1.1 request on its own connection; `Err` when the connection fails or closes
/// before a whole answer (the server died).
async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<Answer> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut out)).await??;
    let text = String::from_utf8(out).map_err(|_| std::io::Error::other("not UTF-8"))?;
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no whole answer"))?;
    let status = head.get(9..12).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("no status"))?;
    let length: Option<usize> = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.trim()))
        .and_then(|v| v.parse().ok());
    if length.is_some_and(|n| n != body.len()) {
        return Err(std::io::Error::other("answer cut short"));
    }
    Ok(Answer { status, body: body.to_owned() })
}

async fn submit(addr: SocketAddr, key: &str, doc: &[u8]) -> std::io::Result<Answer> {
    let headers = [("Content-Type", "application/json"), ("Idempotency-Key", key)];
    request(addr, "POST", "/api/v1/forms/application/submissions", &headers, doc).await
}

/// What one submission got before the crash.
struct Sent {
    n: usize,
    key: String,
    doc: serde_json::Value,
    /// The `201` body, when one arrived.
    created: Option<String>,
}

async fn crash_and_recover(db: &TestDb) {
    let mut server = Server::start(&db.url).await;
    let addr = server.addr;
    let created = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let created = created.clone();
        clients.push(tokio::spawn(async move {
            let mut sent = Vec::new();
            for i in 0..PER_CLIENT {
                let n = c * PER_CLIENT + i;
                let key = format!("crash-{n}-{}", aii_server::crypto::random_hex(4));
                let doc = application(n);
                match submit(addr, &key, &serde_json::to_vec(&doc).unwrap()).await {
                    Ok(a) if a.status == 201 => {
                        created.fetch_add(1, Ordering::SeqCst);
                        sent.push(Sent { n, key, doc, created: Some(a.body) });
                    }
                    Ok(a) => panic!("submission {n} answered {}: {}", a.status, a.body),
                    Err(_) => {
                        // The server is gone: this one's fate is unknown; stop sending.
                        sent.push(Sent { n, key, doc, created: None });
                        break;
                    }
                }
            }
            sent
        }));
    }
    // Kill it mid-load, once enough were answered.
    let deadline = Instant::now() + Duration::from_secs(120);
    while created.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(Instant::now() < deadline, "too slow: {} answered in 120 s", created.load(Ordering::SeqCst));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let mut sent = Vec::new();
    for client in clients {
        sent.extend(client.await.unwrap());
    }
    let answered = sent.iter().filter(|s| s.created.is_some()).count();
    let lost = sent.len() - answered;
    assert!(answered >= KILL_AFTER);
    assert!(answered < CLIENTS * PER_CLIENT, "the server was killed after the load, not during it");
    eprintln!("killed with {answered} submissions answered 201 and {lost} in flight");

    // Restart on the same database.
    let server = Server::start(&db.url).await;
    let addr = server.addr;
    for s in sent.iter().filter(|s| s.created.is_some()) {
        let first: serde_json::Value = serde_json::from_str(s.created.as_deref().unwrap()).unwrap();
        let (id, receipt) = (first["id"].as_str().unwrap(), first["receipt"].as_str().unwrap());
        let view = request(addr, "GET", &format!("/api/v1/submissions/{id}"), &[("X-Receipt", receipt)], b"").await.unwrap();
        assert_eq!(view.status, 200, "submission {} ({id}) answered 201 is gone after the crash: {}", s.n, view.body);
        let view: serde_json::Value = serde_json::from_str(&view.body).unwrap();
        assert_eq!(view["status"], "submitted");
        assert_eq!(view["kind"], "application");
        let doc: aii_rules::Value = serde_json::from_value(s.doc.clone()).unwrap();
        assert_eq!(view["content_hash"], aii_server::crypto::content_hash(&doc).as_str(), "submission {} changed", s.n);
        assert_eq!(view["history"].as_array().unwrap().len(), 1);
    }

    // Retries with the same keys: the answered ones get their first answer again, byte for
    // byte; the lost ones are stored now, or were stored before the kill and get that answer.
    for s in &sent {
        let again = submit(addr, &s.key, &serde_json::to_vec(&s.doc).unwrap()).await.unwrap();
        assert_eq!(again.status, 201, "retry of submission {}: {}", s.n, again.body);
        if let Some(first) = &s.created {
            assert_eq!(&again.body, first, "retry of submission {} is not its first answer", s.n);
        }
    }
    drop(server);

    // One row per submission sent, one idempotency key each, one history line each.
    let store = aii_server::Store::connect(&db.url, 1).await.unwrap();
    let counts = store.counts().await.unwrap();
    let n = sent.len() as i64;
    assert_eq!((counts.submissions, counts.idempotency_keys, counts.events), (n, n, n), "{counts:?} for {n} submissions");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_loses_nothing_answered_sqlite() {
    crash_and_recover(&TestDb::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_loses_nothing_answered_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipped");
        return;
    };
    crash_and_recover(&db).await;
}
