//! The e-mail outbox (issue 25), on SQLite and (when `TEST_DATABASE_URL` is set) PostgreSQL:
//! a submission queues exactly one message in its transaction (a refused one none, a replayed
//! one nothing more), a decision and a notice queue the applicant's notification (in the
//! submission's locale, with the note, the certificate and the base), the worker sends to the
//! file transport and retries with back-off against a failing one, a send whose mark was lost
//! is sent again as the same file, and two workers never send one message twice. With the
//! server binary: a real SMTP server (aiosmtpd, `tests/smtp/server.py`) that refuses the first
//! attempts, and `kill -9` while sending: every notification exactly once.

mod common;

// What `common/submissions.rs` takes from its parent.
use aii_rules::FormKind;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aii_server::outbox::transport::Transport;
use aii_server::outbox::worker::{Options, Worker};
use aii_server::repo::outbox::OutboxRow;
use aii_server::repo::{NewMessage, NewSubmission, Store, SubmissionMail, Transition, TransitionOutcome};
use aii_server::{Config, Repository};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PASSWORD: &str = "a long secretariat password";

struct Env {
    app: Router,
    store: Store,
    config: Config,
    cookie: String,
    csrf: String,
}

impl Env {
    async fn start(url: &str) -> Env {
        let mut cfg = config(url);
        cfg.public_url = Some("https://tb.example.org".into());
        let (app, store) = app_with(cfg.clone()).await;
        aii_server::accounts::add_user(&cfg, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let res = send(&app, post_json("/api/v1/admin/login", &json!({"username": "secretary.li", "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK);
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = res.json()["csrf_token"].as_str().unwrap().to_owned();
        Env { app, store, config: cfg, cookie, csrf }
    }

    /// The same database served as of `today`.
    fn on(&self, today: &str) -> Env {
        let mut config = self.config.clone();
        config.today = Some(date(today));
        let app = aii_server::router(aii_server::AppState::new(self.store.clone(), config.clone()));
        Env { app, store: self.store.clone(), config, cookie: self.cookie.clone(), csrf: self.csrf.clone() }
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        send(&self.app, req).await
    }

    async fn decide(&self, id: &str, body: Value) -> Answer {
        self.post(&format!("/api/v1/admin/submissions/{id}/decisions"), &body).await
    }

    async fn submit(&self, path: &str, doc: &Value, key: Option<&str>) -> Answer {
        let mut req = Request::post(path).header("content-type", "application/json");
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        send(&self.app, req.body(Body::from(doc.to_string())).unwrap()).await
    }

    /// Moves a submission on without the desk (no notification: not the step under test).
    async fn put(&self, id: &str, from: &str, to: &str) {
        let t = Transition {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            actor: "test".into(),
            note: "prerequisite".into(),
            public_note: None,
            registry: None,
            now_ms: 5_000,
        };
        assert_eq!(self.store.transition(&t).await.unwrap(), TransitionOutcome::Done);
    }

    async fn outbox(&self) -> Vec<OutboxRow> {
        self.store.outbox().await.unwrap()
    }
}

fn created(res: &Answer) -> (String, String) {
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let b = res.json();
    (b["id"].as_str().unwrap().to_owned(), b["receipt"].as_str().unwrap().to_owned())
}

fn ok(res: &Answer) -> Value {
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

/// An enterprise's application for the unit `uscc`, alone.
fn application_of(uscc: &str) -> Value {
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(uscc);
    doc["unit"]["name"] = json!(format!("{}工业互联网科技有限公司", &uscc[10..14]));
    doc["unit"]["kind"] = json!("enterprise");
    doc["partners"] = json!([]);
    doc["facilities"]["simultaneous_trainees"] = json!(120);
    doc["facilities"]["capacity_note"] = json!("另有三十个移动工位在合作企业车间");
    doc["enterprise_capability"] = json!(
        "本企业长期承担工业互联网平台与网络安全运维的技术研发和工程实施，形成了成熟的实训模式与课程体系，能够为实训方向提供技术支撑。"
    );
    doc
}

const SUBMIT: &str = "/api/v1/forms/application/submissions";

/// A submit queues one message in its transaction, a refused or replayed one nothing more;
/// decisions and a notice queue the applicant's notifications.
async fn queued_with_the_change(url: &str) {
    let e = Env::start(url).await;
    let doc = example("application");
    let email = doc["contact"]["email"].as_str().unwrap().to_owned();

    // A 201: one message, to the contact, with the receipt's link.
    let (id, receipt) = created(&e.submit(SUBMIT, &doc, None).await);
    let rows = e.outbox().await;
    assert_eq!(rows.len(), 1);
    let m = &rows[0];
    assert_eq!(
        (m.dedupe_key.as_str(), m.submission_id.as_deref(), m.recipient.as_str()),
        (format!("submitted:{id}").as_str(), Some(id.as_str()), email.as_str())
    );
    assert_eq!((m.locale.as_str(), m.attempts, m.sent_at, m.failed_at), ("zh-CN", 0, None, None));
    assert!(m.body.contains(&format!("https://tb.example.org/status/{id}#{receipt}")), "{}", m.body);
    assert!(m.message_id.starts_with("aii-") && !m.body.contains(doc["contact"]["phone"].as_str().unwrap()));

    // Refused (422, Art. 8: the unit holds its cycle already): nothing queued.
    let res = e.submit(SUBMIT, &doc, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut bad = application_of(&uscc(1));
    bad["contact"]["email"] = json!("not-an-address");
    assert_eq!(e.submit(SUBMIT, &bad, None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e.outbox().await.len(), 1);

    // The same Idempotency-Key again: the first answer, no second message.
    let keyed = application_of(&uscc(2));
    let (first, first_receipt) = created(&e.submit(SUBMIT, &keyed, Some("retry-me-1")).await);
    let (again, again_receipt) = created(&e.submit(SUBMIT, &keyed, Some("retry-me-1")).await);
    assert_eq!((&first, &first_receipt), (&again, &again_receipt));
    let rows = e.outbox().await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].dedupe_key, format!("submitted:{first}"));

    // In English: the message, and the submission's later ones, are.
    let (en_id, _) = created(&e.submit(&format!("{SUBMIT}?locale=en"), &application_of(&uscc(3)), None).await);
    let en = e.outbox().await.pop().unwrap();
    assert_eq!((en.locale.as_str(), en.dedupe_key.clone()), ("en", format!("submitted:{en_id}")));
    assert!(en.subject.starts_with("Received: Training base application"), "{}", en.subject);
    e.put(&en_id, "submitted", "under_review").await;
    ok(&e.decide(&en_id, json!({"to": "rejected", "note": "The site does not meet Art. 7(3)."})).await);
    let rejected = e.outbox().await.pop().unwrap();
    assert_eq!((rejected.locale.as_str(), rejected.dedupe_key.clone()), ("en", format!("status:{en_id}:3")));
    assert!(rejected.body.contains("rejected") && rejected.body.contains("The site does not meet Art. 7(3)."), "{}", rejected.body);

    // A decision: returned, with its note; the history line is the key.
    e.put(&id, "submitted", "under_review").await;
    let before = e.outbox().await.len();
    ok(&e.decide(&id, json!({"to": "returned", "note": "请补充实训设备清单。"})).await);
    let rows = e.outbox().await;
    assert_eq!(rows.len(), before + 1);
    let returned = rows.last().unwrap();
    assert_eq!(
        (returned.dedupe_key.clone(), returned.recipient.as_str(), returned.locale.as_str()),
        (format!("status:{id}:3"), email.as_str(), "zh-CN")
    );
    assert!(returned.body.contains("已退回修改") && returned.body.contains("请补充实训设备清单。"), "{}", returned.body);
    assert!(
        returned.body.contains(&format!("https://tb.example.org/status/{id}\n")) && !returned.body.contains(&receipt),
        "no receipt after the first"
    );

    // A refused decision (not a legal step) queues nothing; an inner step (under review) neither.
    assert_eq!(e.decide(&id, json!({"to": "certified", "note": "no"})).await.status, StatusCode::CONFLICT);
    let mut corrected = doc.clone();
    corrected["contact"]["name"] = json!("王五");
    let res = send(
        &e.app,
        Request::post(format!("/api/v1/submissions/{id}/resubmit"))
            .header("content-type", "application/json")
            .header("x-receipt", &receipt)
            .body(Body::from(corrected.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    ok(&e.decide(&id, json!({"to": "under_review", "note": "受理"})).await);
    assert_eq!(e.outbox().await.len(), before + 1);

    // A notice: publicity; approval; certification with the certificate and the base.
    let res = e.post("/api/v1/admin/notices", &json!({"start_date": "2027-03-01", "items": [id]})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let publicity = e.outbox().await.pop().unwrap();
    assert_eq!(publicity.dedupe_key, format!("status:{id}:6"));
    assert!(publicity.body.contains("进入公示"), "{}", publicity.body);
    let later = e.on("2027-03-08");
    let approval =
        json!({"to": "approved", "note": "常务理事会审议通过", "council_date": "2027-03-08", "resolution": "常务理事会决议〔2027〕1号"});
    ok(&later.decide(&id, approval).await);
    assert!(e.outbox().await.pop().unwrap().body.contains("已批准"));
    let done = ok(&later.decide(&id, json!({"to": "certified", "note": "授牌"})).await);
    let (number, base_id) = (done["certificate"].as_str().unwrap(), done["base_id"].as_str().unwrap());
    let certified = e.outbox().await.pop().unwrap();
    assert_eq!(certified.dedupe_key, format!("status:{id}:8"));
    assert!(
        certified.body.contains(&format!("证书编号：{number}")) && certified.body.contains(&format!("实训基地编号：{base_id}")),
        "{}",
        certified.body
    );
    assert!(certified.body.contains(&format!("https://tb.example.org/verify/{number}")));

    // The base's later filings have no contact: theirs go to the application's.
    let mut annual = example_for_base("annual_assessment", base_id);
    annual["year"] = json!(2027);
    let (filing, _) = created(&e.on("2028-01-15").submit("/api/v1/forms/annual-assessment/submissions", &annual, None).await);
    let m = e.outbox().await.pop().unwrap();
    assert_eq!((m.dedupe_key.clone(), m.recipient.as_str()), (format!("submitted:{filing}"), email.as_str()));
    assert!(m.subject.contains("实训基地年度考核备案"), "{}", m.subject);

    // Every event once: no key twice.
    let rows = e.outbox().await;
    let keys: BTreeSet<&str> = rows.iter().map(|r| r.dedupe_key.as_str()).collect();
    assert_eq!(keys.len(), rows.len());
    e.store.close().await;
}

/// The file transport's options, to `dir`, retrying after `first_retry`.
fn to_files(dir: &Path, first_retry: Duration) -> Options {
    Options {
        transport: Transport::Files(dir.to_owned()),
        from: "AII <no-reply@tb.example.org>".parse().unwrap(),
        domain: "tb.example.org".into(),
        first_retry,
    }
}

fn eml_files(dir: &Path) -> BTreeSet<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().into_string().unwrap()).collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// Submissions written straight to the store, each with its message (the writer's path).
async fn queue(store: &Store, n: usize, prefix: &str) {
    for i in 0..n {
        let id = format!("{prefix}-{i}");
        let message = NewMessage {
            message_id: format!("aii-{prefix}-{i:04}"),
            dedupe_key: format!("submitted:{id}"),
            submission_id: Some(id.clone()),
            recipient: format!("contact{i}@example.com"),
            locale: "zh-CN",
            subject: format!("已收到：实训基地申请书（{id}）"),
            body: "您的实训基地申请书已收到并保存。\n".into(),
            now_ms: aii_server::time::now_ms(),
        };
        let new = NewSubmission {
            mail: SubmissionMail { english: false, message: Some(message) },
            ..submissions::application(&id, "12310104729436482D", 3000 + 3 * i as i64)
        };
        let out = store.insert_submission(&new).await;
        assert!(matches!(out, Ok(aii_server::repo::InsertOutcome::Inserted)), "{out:?}");
    }
}

mod submissions {
    include!("common/submissions.rs");
}

/// The worker sends to files and marks them sent; a send whose mark was lost (a crash between
/// the two) is sent again as the same file.
async fn worker_sends_to_files(url: &str) {
    let e = Env::start(url).await;
    for n in 0..3 {
        created(&e.submit(SUBMIT, &application_of(&uscc(10 + n)), None).await);
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    let worker = Worker::new(e.store.clone(), to_files(&out, Duration::from_millis(100)));
    let round = worker.run_once().await.unwrap();
    assert_eq!((round.claimed, round.sent, round.retrying), (3, 3, 0));
    assert_eq!(worker.run_once().await.unwrap().claimed, 0, "sent once");
    let rows = e.outbox().await;
    let expected: BTreeSet<String> = rows.iter().map(|r| format!("{}.eml", r.message_id)).collect();
    assert_eq!(eml_files(&out), expected);
    for r in &rows {
        assert_eq!((r.attempts, r.claimed_until, r.last_error.as_deref()), (1, None, None));
        assert!(r.sent_at.is_some());
        let text = std::fs::read_to_string(out.join(format!("{}.eml", r.message_id))).unwrap();
        assert!(text.contains(&format!("Message-ID: <{}@tb.example.org>\r\n", r.message_id)), "{text}");
        assert!(text.contains(&format!("To: {}\r\n", r.recipient)) && text.contains("From: AII <no-reply@tb.example.org>\r\n"), "{text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8\r\n"), "{text}");
    }

    // A crash after the transport took a message and before it was marked: the claim lapses
    // (here at once), the message goes again, as the same file.
    created(&e.submit(SUBMIT, &application_of(&uscc(20)), None).await);
    let now = aii_server::time::now_ms();
    let claimed = e.store.claim_mail(now, now, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let from = worker.options().from.clone();
    let email = aii_server::outbox::transport::build(&claimed[0], &from, "tb.example.org").unwrap();
    worker.options().transport.send(&claimed[0].message_id, email).await.unwrap();
    let first = std::fs::read(out.join(format!("{}.eml", claimed[0].message_id))).unwrap();
    // (killed here: not marked)
    let round = worker.run_once().await.unwrap();
    assert_eq!((round.claimed, round.sent), (1, 1));
    assert_eq!(eml_files(&out).len(), 4, "the same file again, not a second one");
    assert_eq!(std::fs::read(out.join(format!("{}.eml", claimed[0].message_id))).unwrap(), first, "the same bytes");
    let row = e.outbox().await.pop().unwrap();
    assert_eq!((row.attempts, row.sent_at.is_some()), (2, true));
    e.store.close().await;
}

/// A failing transport: each attempt recorded, retried after a doubling wait, sent once it
/// works.
async fn retries_with_back_off(url: &str) {
    let e = Env::start(url).await;
    created(&e.submit(SUBMIT, &example("application"), None).await);
    let dir = tempfile::tempdir().unwrap();
    // The outbox folder's place is taken by a file: every write fails.
    let out = dir.path().join("outbox");
    std::fs::write(&out, b"in the way").unwrap();
    let first_retry = Duration::from_millis(300);
    let worker = Worker::new(e.store.clone(), to_files(&out, first_retry));
    let mut waits = Vec::new();
    for attempt in 1..=3 {
        let before = aii_server::time::now_ms();
        let round = worker.run_once().await.unwrap();
        assert_eq!((round.claimed, round.retrying, round.sent), (1, 1, 0), "attempt {attempt}");
        let row = e.outbox().await.pop().unwrap();
        assert_eq!((row.attempts, row.sent_at, row.claimed_until), (attempt, None, None));
        assert!(row.last_error.as_deref().unwrap().starts_with("file: "), "{:?}", row.last_error);
        assert!(!row.last_error.as_deref().unwrap().contains(dir.path().to_str().unwrap()), "no path in the error");
        waits.push(row.next_attempt_at - before);
        // Not due before its time.
        assert_eq!(worker.run_once().await.unwrap().claimed, 0);
        tokio::time::sleep(Duration::from_millis(u64::try_from(row.next_attempt_at - aii_server::time::now_ms()).unwrap_or(0) + 20)).await;
    }
    // 300, 600, 1200 ms (each measured from before its attempt: up to the attempt's length more).
    for (w, expected) in waits.iter().zip([300, 600, 1200]) {
        assert!((expected..expected + 1000).contains(w), "waits {waits:?}");
    }
    std::fs::remove_file(&out).unwrap();
    let round = worker.run_once().await.unwrap();
    assert_eq!((round.claimed, round.sent), (1, 1));
    let row = e.outbox().await.pop().unwrap();
    assert_eq!((row.attempts, row.last_error.as_deref(), row.sent_at.is_some()), (4, None, true));
    assert_eq!(eml_files(&out).len(), 1);
    e.store.close().await;
}

/// Two workers (two instances: two connection pools) on one database never send one message
/// twice: each writes to its own folder, and no message is in both.
async fn two_workers_share_the_work(url: &str) {
    let e = Env::start(url).await;
    queue(&e.store, 60, "w").await;
    let other = Store::connect(url, 4).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let a = Worker::new(e.store.clone(), to_files(&a_dir, Duration::from_secs(60)));
    let b = Worker::new(other.clone(), to_files(&b_dir, Duration::from_secs(60)));
    let drain = |w: Worker| {
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let r = w.run_once().await.unwrap();
                if r.claimed == 0 {
                    return sent;
                }
                sent += r.sent;
            }
        })
    };
    let (x, y) = (drain(a), drain(b));
    let (x, y) = (x.await.unwrap(), y.await.unwrap());
    assert_eq!(x + y, 60, "{x} + {y}");
    let (in_a, in_b) = (eml_files(&a_dir), eml_files(&b_dir));
    assert_eq!(in_a.len() + in_b.len(), 60);
    assert!(in_a.is_disjoint(&in_b), "a message sent by both");
    assert!(e.outbox().await.iter().all(|r| r.attempts == 1 && r.sent_at.is_some()));
    other.close().await;
    e.store.close().await;
}

async fn suite(url: &str, url2: &str, url3: &str, url4: &str) {
    queued_with_the_change(url).await;
    worker_sends_to_files(url2).await;
    retries_with_back_off(url3).await;
    two_workers_share_the_work(url4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_on_sqlite() {
    let dbs = [TestDb::sqlite(), TestDb::sqlite(), TestDb::sqlite(), TestDb::sqlite()];
    suite(&dbs[0].url, &dbs[1].url, &dbs[2].url, &dbs[3].url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_on_postgres_when_configured() {
    let mut dbs = Vec::new();
    for _ in 0..4 {
        let Some(db) = TestDb::postgres().await else { return };
        dbs.push(db);
    }
    suite(&dbs[0].url, &dbs[1].url, &dbs[2].url, &dbs[3].url).await;
}

// --- The server binary ---

/// The server binary, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    async fn start(database_url: &str, extra: &[&str]) -> Server {
        let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_aii-server"))
            .args(["--listen", &addr.to_string(), "--database-url", database_url, "--static-dir", "/nonexistent/aii-static"])
            .args(["--cycle", "2027", "--window-opens", "2027-01-01", "--window-closes", "2027-12-31", "--today", "2027-03-01"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok((200, _)) = request(addr, "GET", "/api/v1/healthz", b"").await {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not come up on {addr}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: nothing finishes.
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

/// One HTTP/1.1 request on its own connection: the status and body.
async fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> std::io::Result<(u16, String)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut out)).await??;
    let text = String::from_utf8(out).map_err(|_| std::io::Error::other("not UTF-8"))?;
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no whole answer"))?;
    let status = head.get(9..12).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("no status"))?;
    Ok((status, body.to_owned()))
}

async fn submit_to(addr: SocketAddr, doc: &Value) -> String {
    let (status, body) = request(addr, "POST", SUBMIT, doc.to_string().as_bytes()).await.unwrap();
    assert_eq!(status, 201, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["id"].as_str().unwrap().to_owned()
}

/// Waits (up to a minute) until `done` holds.
async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The aiosmtpd server of `tests/smtp/server.py`, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl SmtpServer {
    fn start(dir: &Path, refuse: u32) -> SmtpServer {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/smtp/server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(["--port", &port.to_string(), "--dir", dir.to_str().unwrap(), "--refuse", &refuse.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs tests/smtp/server.py (scripts/setup.sh installs aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start (is aiosmtpd installed? scripts/setup.sh)");
        SmtpServer { child, port, dir: dir.to_owned() }
    }

    fn received(&self) -> Vec<String> {
        let mut names: Vec<String> = eml_files(&self.dir).into_iter().filter(|n| n.ends_with(".eml") && !n.starts_with('.')).collect();
        names.sort();
        names.iter().map(|n| std::fs::read_to_string(self.dir.join(n)).unwrap()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with `--smtp-url` against a real SMTP server that refuses the first two attempts
/// (451): the receipt's message arrives on the third, once, with its Message-ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_through_a_server_that_refuses_at_first() {
    let db = TestDb::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(&dir.path().join("received"), 2);
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let args = ["--smtp-url", url.as_str(), "--mail-from", "AII 实训基地 <no-reply@tb.example.org>", "--outbox-retry-ms", "200"];
    let server = Server::start(&db.url, &args).await;
    let doc = example("application");
    let id = submit_to(server.addr, &doc).await;
    until("the message arrives", async || !smtp.received().is_empty()).await;
    let store = Store::connect(&db.url, 2).await.unwrap();
    until("the message is marked sent", async || store.outbox().await.unwrap()[0].sent_at.is_some()).await;
    let row = store.outbox().await.unwrap().remove(0);
    assert_eq!((row.attempts, row.last_error.as_deref(), row.dedupe_key.clone()), (3, None, format!("submitted:{id}")));
    let received = smtp.received();
    assert_eq!(received.len(), 1, "once");
    let text = &received[0];
    assert!(text.contains(&format!("Message-ID: <{}@tb.example.org>", row.message_id)), "{text}");
    assert!(text.contains(&format!("To: {}", doc["contact"]["email"].as_str().unwrap())), "{text}");
    assert!(text.contains("Subject: =?utf-8?"), "{text}");
    drop(server);
    store.close().await;
}

/// `kill -9` while the server sends (to files), restart: every notification exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_while_sending_sends_every_notification_once() {
    const N: u32 = 40;
    let db = TestDb::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    // Until the test lets them, the sends fail (the folder's place is taken): the messages
    // queue up, and go in a stream once the way is clear.
    std::fs::write(&out, b"in the way").unwrap();
    let args = ["--outbox-dir", out.to_str().unwrap(), "--outbox-retry-ms", "100"];
    let mut server = Server::start(&db.url, &args).await;
    let mut ids = BTreeSet::new();
    for n in 0..N {
        ids.insert(submit_to(server.addr, &application_of(&uscc(100 + n))).await);
    }
    std::fs::remove_file(&out).unwrap();
    let count = || eml_files(&out).iter().filter(|n| n.ends_with(".eml") && !n.starts_with('.')).count();
    let deadline = Instant::now() + Duration::from_secs(60);
    while count() == 0 {
        assert!(Instant::now() < deadline, "no message was written");
        std::thread::sleep(Duration::from_millis(1));
    }
    server.kill();
    let at_kill = count();
    eprintln!("killed with {at_kill} of {N} messages written");
    assert!(at_kill < N as usize, "killed while sending, not after");

    let store = Store::connect(&db.url, 2).await.unwrap();
    let unsent = store.outbox().await.unwrap().iter().filter(|r| r.sent_at.is_none()).count();
    assert!(unsent > 0, "messages left to send after the kill");
    let _server = Server::start(&db.url, &args).await;
    until("every message is marked sent", async || store.outbox().await.unwrap().iter().all(|r| r.sent_at.is_some())).await;
    let rows = store.outbox().await.unwrap();
    assert_eq!(rows.len(), N as usize, "one message per submission");
    let told: BTreeSet<String> = rows.iter().map(|r| r.submission_id.clone().unwrap()).collect();
    assert_eq!(told, ids);
    let names = eml_files(&out);
    let expected: BTreeSet<String> = rows.iter().map(|r| format!("{}.eml", r.message_id)).collect();
    assert_eq!(names, expected, "exactly one file per message, no temporary file left");
    for r in &rows {
        let text = std::fs::read_to_string(out.join(format!("{}.eml", r.message_id))).unwrap();
        assert_eq!(text.matches("Message-ID: ").count(), 1);
        assert!(text.contains(&format!("Message-ID: <{}@localhost>\r\n", r.message_id)), "{text}");
    }
    store.close().await;
}
