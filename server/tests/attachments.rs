//! Attachments (issue 25, item 3) through the HTTP API, on SQLite and (when `TEST_DATABASE_URL`
//! is set) PostgreSQL, with the files under a temporary `--files-dir`, and once against moto's
//! S3 server (`--object-store-url`) when `moto_server` is installed (scripts/setup.sh): every bad
//! input refused with `input.attachment` and nothing stored; the limits; a refused submission
//! binds nothing; the files' SHA-256 in the content hash and the 201; the downloads' headers;
//! the applicant's, the secretariat's and the experts' access; a correction keeping and
//! replacing files; the sweep of expired uploads and of objects without a row.

mod common;

use std::pin::Pin;
use std::task::{Context, Poll};

use aii_server::repo::{Backend, Store};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "a long secretariat password";
/// The application's unit holds its cycle: a second application needs another unit.
const ANOTHER_UNIVERSITY: &str = "12310000234567894P";
const EMPLOYER: &str = "91310000MA1FL5QQ9P";

/// A 1×1 PNG.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63,
    0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// A small PDF with `text` in a comment.
fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n% {text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

/// A PDF of `n` bytes (a comment makes it up).
fn pdf_of(n: usize) -> Vec<u8> {
    let head = b"%PDF-1.4\n%";
    let tail = b"\n%%EOF\n";
    let mut out = head.to_vec();
    out.resize(n - tail.len(), b'a');
    out.extend_from_slice(tail);
    out
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A body that sends `first`, then fails: an upload cut off mid-way.
struct CutOff {
    first: Option<Bytes>,
}

impl http_body::Body for CutOff {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(match self.first.take() {
            Some(b) => Ok(http_body::Frame::data(b)),
            None => Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut off")),
        }))
    }
}

/// A body of `total` bytes in 1 MiB chunks, with no declared length.
struct Endless {
    left: usize,
}

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let n = self.left.min(1 << 20);
        self.left -= n;
        let mut chunk = vec![b'a'; n];
        if self.left + n == 200 << 20 {
            chunk[..10].copy_from_slice(b"%PDF-1.4\n%");
        }
        Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(chunk)))))
    }
}

#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

struct Env {
    app: Router,
    store: Store,
    state: aii_server::AppState,
    /// The files folder (None on S3).
    files: Option<tempfile::TempDir>,
    sec: Session,
}

impl Env {
    async fn start(url: &str, object_store_url: Option<String>) -> Env {
        let mut cfg = config(url);
        let files = if object_store_url.is_none() { Some(tempfile::tempdir().unwrap()) } else { None };
        if let Some(dir) = &files {
            cfg.files_dir = dir.path().join("files");
        }
        cfg.object_store_url = object_store_url;
        cfg.expert_quorum = 1;
        let (app, store, state) = aii_server::app_state(cfg.clone()).await.expect("the app starts");
        aii_server::accounts::add_user(&cfg, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let mut e = Env { app, store, state, files, sec: Session { cookie: String::new(), csrf: String::new() } };
        e.sec = e.login("secretary.li").await;
        e
    }

    async fn login(&self, name: &str) -> Session {
        let res = send(&self.app, post_json("/api/v1/admin/login", &json!({"username": name, "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        Session { cookie, csrf: res.json()["csrf_token"].as_str().unwrap().to_owned() }
    }

    async fn upload(&self, name: &str, bytes: &[u8]) -> Answer {
        let req = Request::post(format!("/api/v1/uploads?name={}&locale=en", encode(name)))
            .header("content-type", "application/octet-stream")
            .header("content-length", bytes.len())
            .body(Body::from(bytes.to_vec()))
            .unwrap();
        send(&self.app, req).await
    }

    /// An accepted upload's token.
    async fn token(&self, name: &str, bytes: &[u8]) -> String {
        let res = self.upload(name, bytes).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        let v = res.json();
        assert_eq!(v["sha256"], sha256(bytes));
        assert_eq!(v["size"], bytes.len());
        v["token"].as_str().unwrap().to_owned()
    }

    async fn submit(&self, doc: &Value, attachments: Option<&str>, key: Option<&str>) -> Answer {
        let mut req = Request::post(APPLICATIONS).header("content-type", "application/json");
        if let Some(a) = attachments {
            req = req.header("x-attachments", a);
        }
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        send(&self.app, req.body(Body::from(doc.to_string())).unwrap()).await
    }

    async fn get(&self, s: &Session, path: &str) -> Answer {
        send(&self.app, Request::get(path).header("cookie", &s.cookie).body(Body::empty()).unwrap()).await
    }

    async fn post(&self, s: &Session, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        send(&self.app, req).await
    }

    /// (rows, bound rows) of `attachments`.
    async fn rows(&self) -> (i64, i64) {
        let q = "SELECT COUNT(*), COUNT(submission_id) FROM attachments";
        match self.store.repo() {
            Backend::Sqlite(r) => sqlx::query_as(q).fetch_one(r.pool()).await.unwrap(),
            Backend::Postgres(r) => sqlx::query_as(q).fetch_one(r.pool()).await.unwrap(),
        }
    }

    /// The files in the store's folder (local runs).
    fn stored_files(&self) -> usize {
        self.files.as_ref().map_or(0, |d| std::fs::read_dir(d.path().join("files/attachments")).map_or(0, |r| r.count()))
    }

    /// Moves an upload's expiry `ms` before now (as if its time had passed).
    async fn expire(&self, id: &str, ago_ms: i64) {
        let at = aii_server::time::now_ms() - ago_ms;
        let q = "UPDATE attachments SET expires_at = $1 WHERE id = $2";
        match self.store.repo() {
            Backend::Sqlite(r) => assert_eq!(sqlx::query(q).bind(at).bind(id).execute(r.pool()).await.unwrap().rows_affected(), 1),
            Backend::Postgres(r) => assert_eq!(sqlx::query(q).bind(at).bind(id).execute(r.pool()).await.unwrap().rows_affected(), 1),
        }
    }
}

/// The rule and reason of a refusal.
fn refusal(res: &Answer) -> (StatusCode, String, String) {
    let v = res.json();
    (
        res.status,
        v["issues"][0]["rule"].as_str().unwrap_or("").to_owned(),
        v["issues"][0]["params"]["reason"].as_str().unwrap_or("").to_owned(),
    )
}

fn refused(status: StatusCode, reason: &str) -> (StatusCode, String, String) {
    (status, "input.attachment".into(), reason.into())
}

fn second_application() -> Value {
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(ANOTHER_UNIVERSITY);
    doc["unit"]["name"] = json!("另一所工业大学");
    doc["partners"] = json!([]);
    doc["facilities"]["simultaneous_trainees"] = json!(120);
    doc["facilities"]["capacity_note"] = json!("另有三十个移动工位在合作企业车间");
    doc
}

/// Every bad input is refused with its reason, and nothing is stored.
async fn bad_inputs(e: &Env) {
    let before = (e.rows().await, e.stored_files());
    let zip_bomb = {
        // A zip whose one member inflates a thousandfold, named as a picture.
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut z, &vec![0u8; 1 << 20]).unwrap();
        let packed = z.finish().unwrap();
        [b"PK\x03\x04\x14\x00\x00\x00\x08\x00".as_slice(), &[0; 16], b"\x00\x00\x08\x00bomb.txt", &packed].concat()
    };
    let scripted = pdf("x\n2 0 obj << /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >> endobj");
    let escaped = pdf("x\n2 0 obj << /S /Java#53cript /J#53 (x) >> endobj");
    for (name, bytes, status, reason) in [
        ("申请书.pdf", b"just text, not a PDF".to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("scan.png", pdf("a PDF that says it is a picture"), StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("licence.pdf", PNG.to_vec(), StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("photo.png", zip_bomb, StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("noextension", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("empty.pdf", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "type"),
        ("macro.pdf", scripted, StatusCode::UNPROCESSABLE_ENTITY, "script"),
        ("hidden.pdf", escaped, StatusCode::UNPROCESSABLE_ENTITY, "script"),
        ("cut.pdf", pdf("x")[..30].to_vec(), StatusCode::BAD_REQUEST, "truncated"),
        ("cut.png", PNG[..60].to_vec(), StatusCode::BAD_REQUEST, "truncated"),
        ("../../etc/passwd.pdf", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "name"),
        ("C:\\scan.pdf", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "name"),
        ("a\u{7}b.pdf", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "name"),
        ("evil\u{202E}fdp.exe", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "name"),
        ("", pdf("x"), StatusCode::UNPROCESSABLE_ENTITY, "name"),
        ("big.pdf", pdf_of(10 * 1024 * 1024 + 1), StatusCode::PAYLOAD_TOO_LARGE, "size"),
    ] {
        let res = e.upload(name, &bytes).await;
        assert_eq!(refusal(&res), refused(status, reason), "{name:?}: {}", String::from_utf8_lossy(&res.body));
        assert!(!res.json()["issues"][0]["message"].as_str().unwrap().is_empty());
    }
    // No name at all; U+0000 in the name (the edge refuses the query).
    let res = send(&e.app, Request::post("/api/v1/uploads").body(Body::from(pdf("x"))).unwrap()).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "name"));
    let res = send(&e.app, Request::post("/api/v1/uploads?name=a%00.pdf").body(Body::from(pdf("x"))).unwrap()).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    // Chinese messages by default.
    let res = send(&e.app, Request::post("/api/v1/uploads?name=a.png").body(Body::from(pdf("x"))).unwrap()).await;
    assert!(res.json()["issues"][0]["message"].as_str().unwrap().contains("附件只能是"));
    // A body cut off mid-way (the client went away).
    let req = Request::post("/api/v1/uploads?name=cut.pdf")
        .body(Body::new(CutOff { first: Some(Bytes::from(pdf("x")[..20].to_vec())) }))
        .unwrap();
    assert_eq!(refusal(&send(&e.app, req).await), refused(StatusCode::BAD_REQUEST, "truncated"));
    // Fewer bytes than declared.
    let req = Request::post("/api/v1/uploads?name=short.pdf").header("content-length", "5000").body(Body::from(pdf("x"))).unwrap();
    assert_eq!(refusal(&send(&e.app, req).await), refused(StatusCode::BAD_REQUEST, "truncated"));
    // 200 MB with no declared length: refused once the count passes 10 MB, the rest unread.
    let started = std::time::Instant::now();
    let req = Request::post("/api/v1/uploads?name=endless.pdf").body(Body::new(Endless { left: 200 << 20 })).unwrap();
    assert_eq!(refusal(&send(&e.app, req).await), refused(StatusCode::PAYLOAD_TOO_LARGE, "size"));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!((e.rows().await, e.stored_files()), before, "nothing stored");
}

async fn suite(e: &Env) {
    bad_inputs(e).await;

    // --- Upload, submit, the hash in the 201 and in the status ---
    let sealed = pdf("申请书（盖章）");
    let t1 = e.token("申请书（盖章）.pdf", &sealed).await;
    let t2 = e.token("营业执照.png", &PNG).await;
    assert_eq!(e.rows().await, (2, 0));
    if e.files.is_some() {
        assert_eq!(e.stored_files(), 2);
    }

    // A refused submission binds nothing: an error in the document; a token that is not one;
    // Art. 8's constraint (a second application of the unit in its cycle, after the first).
    let mut broken = example("application");
    broken["unit"]["uscc"] = json!("not a code");
    let res = e.submit(&broken, Some(&format!("{t1},{t2}")), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = e.submit(&example("application"), Some(&format!("{t1},{}", "f".repeat(64))), None).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "token"));
    assert_eq!(res.json()["issues"][0]["params"]["index"], 1);
    assert_eq!(res.json()["kind"], "application");
    assert_eq!(e.rows().await, (2, 0), "nothing bound");

    let doc = example("application");
    let res = e.submit(&doc, Some(&format!("{t1}, {t2}")), Some("attach-key-1")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let first = res.json();
    let id = first["id"].as_str().unwrap().to_owned();
    let receipt = first["receipt"].as_str().unwrap().to_owned();
    let names: Vec<&str> = first["attachments"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["申请书（盖章）.pdf", "营业执照.png"]);
    assert_eq!(first["attachments"][0]["sha256"], sha256(&sealed));
    assert_eq!(first["attachments"][1]["media_type"], "image/png");
    // The content hash: the canonical document, then each file's SHA-256, size and name.
    let canonical = aii_server::crypto::canonical_json(&serde_json::from_value(doc.clone()).unwrap());
    let expected = sha256(
        format!(
            "{canonical}\nattachments\n{} {} 申请书（盖章）.pdf\n{} {} 营业执照.png\n",
            sha256(&sealed),
            sealed.len(),
            sha256(&PNG),
            PNG.len()
        )
        .as_bytes(),
    );
    assert_eq!(first["content_hash"], expected);
    assert_eq!(e.rows().await, (2, 2));
    // A keyed retry: the first answer, byte for byte; the same key with other files: 409.
    let again = e.submit(&doc, Some(&format!("{t1}, {t2}")), Some("attach-key-1")).await;
    assert_eq!((again.status, again.body.clone()), (StatusCode::CREATED, res.body.clone()));
    let other = e.submit(&doc, Some(&t1), Some("attach-key-1")).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    // A used token binds nothing again (Art. 8 aside: another unit's application).
    let res = e.submit(&second_application(), Some(&t1), None).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "token"));

    let status =
        send(&e.app, Request::get(format!("/api/v1/submissions/{id}")).header("x-receipt", &receipt).body(Body::empty()).unwrap()).await;
    let status = status.json();
    assert_eq!(status["content_hash"], expected);
    assert_eq!(status["attachments"].as_array().unwrap().len(), 2);
    let pdf_id = status["attachments"][0]["id"].as_str().unwrap().to_owned();
    let png_id = status["attachments"][1]["id"].as_str().unwrap().to_owned();

    // Art. 8 refuses a second application of the unit at the database: its file stays unbound.
    let t3 = e.token("第二份.pdf", &pdf("second")).await;
    let res = e.submit(&doc, Some(&t3), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e.rows().await, (3, 2));

    // --- Serving ---
    let applicant = |path: String, receipt: Option<&str>| {
        let mut r = Request::get(path);
        if let Some(receipt) = receipt {
            r = r.header("x-receipt", receipt);
        }
        r.body(Body::empty()).unwrap()
    };
    let res = send(&e.app, applicant(format!("/api/v1/submissions/{id}/attachments/{pdf_id}"), Some(&receipt))).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(sha256(&res.body), sha256(&sealed));
    for (h, v) in [
        ("content-type", "application/pdf"),
        ("x-content-type-options", "nosniff"),
        ("content-security-policy", "sandbox; default-src 'none'"),
        ("cache-control", "private, no-store"),
    ] {
        assert_eq!(res.headers[h], v, "{h}");
    }
    let disposition = res.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; ") && disposition.contains("filename*=UTF-8''%E7%94%B3"), "{disposition}");
    let by_query = send(&e.app, applicant(format!("/api/v1/submissions/{id}/attachments/{pdf_id}?receipt={receipt}"), None)).await;
    assert_eq!(by_query.status, StatusCode::OK);
    assert_eq!(
        send(&e.app, applicant(format!("/api/v1/submissions/{id}/attachments/{pdf_id}"), None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let wrong = "0".repeat(64);
    assert_eq!(
        send(&e.app, applicant(format!("/api/v1/submissions/{id}/attachments/{pdf_id}"), Some(&wrong))).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&e.app, applicant(format!("/api/v1/submissions/{id}/attachments/ffffffffffffffffffffffff"), Some(&receipt))).await.status,
        StatusCode::NOT_FOUND
    );

    // The desk: the list in the detail (its content hash checks), the download, audited.
    let detail = e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}")).await.json();
    assert_eq!(detail["attachments"].as_array().unwrap().len(), 2);
    assert_eq!(detail["content_hash_ok"], true);
    let res = e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}/attachments/{png_id}")).await;
    assert_eq!((res.status, res.body.as_ref()), (StatusCode::OK, PNG.as_slice()));
    assert_eq!(res.headers["content-type"], "image/png");
    assert!(res.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(res.headers["content-security-policy"], "sandbox; default-src 'none'");
    let audit = e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}")).await.json()["audit"].clone();
    assert!(audit.as_array().unwrap().iter().any(|a| a["action"] == "attachment"), "{audit}");
    assert_eq!(send(&e.app, get(&format!("/api/v1/admin/submissions/{id}/attachments/{png_id}"))).await.status, StatusCode::UNAUTHORIZED);

    // Experts: the assigned one sees and downloads; another gets 403.
    for who in ["expert.a", "expert.b"] {
        let body = json!({"username": who, "password": PASSWORD, "name": "王小明", "title": "教授级高级工程师", "employer": "示例单位", "employer_uscc": EMPLOYER});
        assert_eq!(e.post(&e.sec, "/api/v1/admin/experts", &body).await.status, StatusCode::CREATED);
    }
    let res = e.post(&e.sec, &format!("/api/v1/admin/submissions/{id}/assignments"), &json!({"expert": "expert.a"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let (a, b) = (e.login("expert.a").await, e.login("expert.b").await);
    let review = e.get(&a, &format!("/api/v1/admin/reviews/{id}")).await.json();
    assert_eq!(review["attachments"][0]["id"], pdf_id.as_str());
    let res = e.get(&a, &format!("/api/v1/admin/reviews/{id}/attachments/{pdf_id}")).await;
    assert_eq!((res.status, sha256(&res.body)), (StatusCode::OK, sha256(&sealed)));
    let res = e.get(&b, &format!("/api/v1/admin/reviews/{id}/attachments/{pdf_id}")).await;
    assert_eq!((res.status, res.json()["issues"][0]["params"]["reason"].as_str()), (StatusCode::FORBIDDEN, Some("not_assigned")));
    assert_eq!(
        e.get(&a, &format!("/api/v1/admin/submissions/{id}/attachments/{pdf_id}")).await.status,
        StatusCode::FORBIDDEN,
        "the desk's route"
    );

    // --- A correction keeps one file, drops one, adds one ---
    let res =
        e.post(&e.sec, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "returned", "note": "请补充盖章页"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let resubmit = |attachments: Option<String>| {
        let mut r = Request::post(format!("/api/v1/submissions/{id}/resubmit"))
            .header("content-type", "application/json")
            .header("x-receipt", &receipt);
        if let Some(a) = attachments {
            r = r.header("x-attachments", a);
        }
        r.body(Body::from(doc.to_string())).unwrap()
    };
    let seal_page = pdf("盖章页");
    let t4 = e.token("盖章页.pdf", &seal_page).await;
    // A bad entry refuses the whole correction: still returned, files as they were.
    let res = send(&e.app, resubmit(Some(format!("{pdf_id},{t4},nonsense")))).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "token"));
    let res = send(&e.app, resubmit(Some(format!("{t4},{pdf_id}")))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let names: Vec<String> = res.json()["attachments"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["盖章页.pdf", "申请书（盖章）.pdf"]);
    let detail = e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}")).await.json();
    assert_eq!((detail["attachments"].as_array().unwrap().len(), &detail["content_hash_ok"]), (2, &json!(true)));
    assert_ne!(detail["content_hash"], expected);
    assert_eq!(
        e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}/attachments/{png_id}")).await.status,
        StatusCode::NOT_FOUND,
        "dropped"
    );
    // Without the header a correction keeps its files.
    let res = e.post(&e.sec, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "returned", "note": "再改一处"})).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = send(&e.app, resubmit(None)).await;
    assert_eq!((res.status, res.json()["attachments"].as_array().unwrap().len()), (StatusCode::OK, 2));

    // --- Limits: 21 files; 50 MB together ---
    let many = vec!["f".repeat(64); 21].iter().enumerate().map(|(i, t)| format!("{}{i:02}", &t[..62])).collect::<Vec<_>>().join(",");
    let res = e.submit(&second_application(), Some(&many), None).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "count"));
    let nine_mb = pdf_of(9 * 1024 * 1024);
    let mut big = Vec::new();
    for i in 0..6 {
        big.push(e.token(&format!("附件{i}.pdf"), &nine_mb).await);
    }
    let res = e.submit(&second_application(), Some(&big.join(",")), None).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "total"));
    let res = e.submit(&second_application(), Some(&big[..5].join(",")), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "45 MB pass");

    // --- The sweep: an expired unbound upload goes (row and object); a bound one stays ---
    let (rows, bound) = e.rows().await;
    let late = e.upload("late.pdf", &pdf("late")).await.json();
    e.expire(late["id"].as_str().unwrap(), 1000).await;
    let res = e.post(&e.sec, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "returned", "note": "再补一份"})).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = send(&e.app, resubmit(Some(format!("{pdf_id},{}", late["token"].as_str().unwrap())))).await;
    assert_eq!(refusal(&res), refused(StatusCode::UNPROCESSABLE_ENTITY, "token"), "expired: never bound");
    let swept = aii_server::attachments::sweep(&e.state).await.unwrap();
    assert_eq!(swept.expired, 0, "within the hour's grace");
    e.expire(late["id"].as_str().unwrap(), 2 * 3_600_000).await;
    let swept = aii_server::attachments::sweep(&e.state).await.unwrap();
    assert_eq!(swept.expired, 1);
    assert_eq!(e.rows().await, (rows, bound), "the unbound ones of before stay until they expire");
    // The bound files are all still served.
    let res = e.get(&e.sec, &format!("/api/v1/admin/submissions/{id}/attachments/{pdf_id}")).await;
    assert_eq!(sha256(&res.body), sha256(&sealed));
}

/// An object no row knows, an hour old (a crash between the object and its row), is swept; a
/// fresh one (an upload writing its row) is not.
async fn orphans(e: &Env) {
    let Some(dir) = &e.files else { return };
    let folder = dir.path().join("files/attachments");
    for (name, age) in [("0123456789abcdef0123456789abcdef", 2 * 3600), ("fedcba9876543210fedcba9876543210", 0)] {
        let path = folder.join(name);
        std::fs::write(&path, b"orphan").unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age)).unwrap();
    }
    let swept = aii_server::attachments::sweep(&e.state).await.unwrap();
    assert_eq!(swept.orphans, 1);
    assert!(!folder.join("0123456789abcdef0123456789abcdef").exists());
    assert!(folder.join("fedcba9876543210fedcba9876543210").exists());
}

#[tokio::test]
async fn attachments_on_sqlite() {
    let db = TestDb::sqlite();
    let e = Env::start(&db.url, None).await;
    suite(&e).await;
    orphans(&e).await;
    e.store.close().await;
}

#[tokio::test]
async fn attachments_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    let e = Env::start(&db.url, None).await;
    suite(&e).await;
    orphans(&e).await;
    e.store.close().await;
}

/// moto's S3 server on a free port, stopped when dropped.
struct Moto {
    child: std::process::Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_moto() -> Option<Moto> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    let child = std::process::Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let moto = Moto { child, port };
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "moto_server did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Some(moto)
}

/// Creates a bucket on moto (which takes unsigned requests).
fn create_bucket(port: u16, bucket: &str) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn attachments_on_s3_with_moto() {
    let Some(moto) = start_moto() else {
        eprintln!("moto_server is not installed (scripts/setup.sh installs it: pip install 'moto[server]'): the S3 run is skipped");
        return;
    };
    create_bucket(moto.port, "aii-files");
    let url = format!(
        "s3://aii-files/test?endpoint=http://127.0.0.1:{}&allow_http=true&region=us-east-1&access_key_id=test&secret_access_key=test",
        moto.port
    );
    let db = TestDb::sqlite();
    let e = Env::start(&db.url, Some(url)).await;
    suite(&e).await;
    e.store.close().await;
    drop(moto);
}

#[tokio::test]
async fn a_bad_object_store_url_stops_the_server() {
    let db = TestDb::sqlite();
    for url in ["http://example.org/x", "s3://", "s3://bucket?no_such_setting=1"] {
        let mut cfg = config(&db.url);
        cfg.object_store_url = Some(url.into());
        assert!(aii_server::app(cfg).await.is_err(), "{url}");
    }
}

#[tokio::test]
async fn openapi_describes_attachments() {
    let db = TestDb::sqlite();
    let (app, _) = app_with(config(&db.url)).await;
    let doc = send(&app, get("/api/v1/openapi.json")).await.json();
    for p in [
        "/api/v1/uploads",
        "/api/v1/submissions/{id}/attachments/{attachment}",
        "/api/v1/admin/submissions/{id}/attachments/{attachment}",
        "/api/v1/admin/reviews/{id}/attachments/{attachment}",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} missing from openapi.json");
    }
    let submit = &doc["paths"]["/api/v1/forms/{kind}/submissions"]["post"]["parameters"];
    assert!(submit.as_array().unwrap().iter().any(|p| p["name"] == "X-Attachments"));
    assert!(doc["components"]["schemas"]["Uploaded"].is_object());
}
