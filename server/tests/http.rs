//! The HTTP API against the router (`tower::ServiceExt::oneshot`) and on a real port.

mod common;

use std::pin::Pin;
use std::task::{Context, Poll};

use aii_server::Repository;
use aii_server::repo::Counts;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::json;

/// A valid USCC of a public institution that is neither the example's unit nor a partner.
const ANOTHER_UNIVERSITY: &str = "12310000234567894P";

async fn sqlite_app() -> (axum::Router, aii_server::Store, TestDb) {
    let db = TestDb::sqlite();
    let (app, store) = app_with(config(&db.url)).await;
    (app, store, db)
}

async fn counts(store: &aii_server::Store) -> Counts {
    store.counts().await.expect("counts")
}

#[tokio::test]
async fn catalog_lists_rules_and_positions() {
    let (app, _store, _db) = sqlite_app().await;
    let res = send(&app, get("/api/v1/catalog")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/json");
    let body = res.json();
    assert_eq!(body["ruleset_version"], aii_rules::RULESET_VERSION);
    let rules = body["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "art8.one_per_cycle"));
    assert!(!body["positions"]["directions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn health_reports_the_database() {
    let (app, store, _db) = sqlite_app().await;
    let res = send(&app, get("/api/v1/healthz")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["status"], "ok");
    assert_eq!(res.json()["database"], "sqlite");
    store.close().await;
    let res = send(&app, get("/api/v1/healthz")).await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json()["status"], "unavailable");
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let (app, _store, _db) = sqlite_app().await;
    let res = send(&app, get("/api/v1/openapi.json")).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/catalog",
        "/api/v1/forms/{kind}/validate",
        "/api/v1/forms/{kind}/submissions",
        "/api/v1/submissions/{id}",
        "/api/v1/healthz",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing from openapi.json");
    }
    assert!(paths["/api/v1/forms/{kind}/submissions"]["post"]["responses"]["201"].is_object());
    // The documented report shape is the one the rules crate produces.
    let schema = &doc["components"]["schemas"]["ReportDoc"]["properties"];
    let report = serde_json::to_value(aii_rules::check(
        aii_rules::FormKind::Application,
        &aii_rules::Value::Object(vec![]),
        &aii_rules::Options { locale: aii_rules::Locale::Zh, today: date("2027-03-01") },
        None,
    ))
    .unwrap();
    let mut documented: Vec<_> = schema.as_object().unwrap().keys().cloned().collect();
    let mut produced: Vec<_> = report.as_object().unwrap().keys().cloned().collect();
    documented.sort();
    produced.sort();
    assert_eq!(documented, produced);
    let issue_doc = &doc["components"]["schemas"]["IssueDoc"]["properties"];
    let mut documented: Vec<_> = issue_doc.as_object().unwrap().keys().cloned().collect();
    let mut produced: Vec<_> = report["issues"][0].as_object().unwrap().keys().cloned().collect();
    documented.sort();
    produced.sort();
    assert_eq!(documented, produced);
}

#[tokio::test]
async fn landing_page_without_app_and_files_with_it() {
    let (app, _store, db) = sqlite_app().await;
    let res = send(&app, get("/")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = String::from_utf8(res.body.to_vec()).unwrap();
    assert!(html.contains("/api/v1/forms/{kind}/submissions"));
    assert!(html.contains("实训基地"));
    assert_eq!(send(&app, get("/nope")).await.status, StatusCode::NOT_FOUND);

    // A folder without an index.html (say, only the rules bundle) is not an app yet.
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("app.js"), "console.log(1)").unwrap();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    let (app, _store) = app_with(cfg).await;
    assert!(String::from_utf8(send(&app, get("/")).await.body.to_vec()).unwrap().contains("/api/v1/healthz"));

    std::fs::write(dist.path().join("index.html"), "<p>app</p>").unwrap();
    let mut cfg = config(&db.url);
    cfg.static_dir = dist.path().to_owned();
    let (app, _store) = app_with(cfg).await;
    let res = send(&app, get("/")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(&res.body[..], b"<p>app</p>");
    assert_eq!(&send(&app, get("/app.js")).await.body[..], b"console.log(1)");
    // Client-side routes get the app.
    assert_eq!(&send(&app, get("/submissions/abc")).await.body[..], b"<p>app</p>");
    // Unknown API paths stay API errors.
    let res = send(&app, get("/api/v1/nope")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.json()["error"], "not_found");
}

#[tokio::test]
async fn validate_reports_and_stores_nothing() {
    let (app, store, _db) = sqlite_app().await;
    let res = send(&app, post_json(VALIDATE_APPLICATION, &example("application"))).await;
    assert_eq!(res.status, StatusCode::OK);
    let report = res.json();
    assert_eq!(report["kind"], "application");
    assert_eq!(report["valid"], true);
    assert_eq!(res.rules(), vec!["art9.joint_priority"]);
    assert_eq!(counts(&store).await, Counts::default());

    let mut doc = example("application");
    doc["facilities"]["simultaneous_trainees"] = json!(12);
    let res = send(&app, post_json(VALIDATE_APPLICATION, &doc)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["valid"], false);
    let capacity =
        res.json()["issues"].as_array().unwrap().iter().find(|i| i["rule"] == "art7.3.capacity").cloned().expect("capacity issue");
    assert_eq!(capacity["message"], "实训环境须满足20位以上学员同时动手操作（当前：12）");
    assert_eq!(capacity["path"], "/facilities/simultaneous_trainees");
    assert_eq!(counts(&store).await, Counts::default());
}

#[tokio::test]
async fn messages_follow_the_requested_locale() {
    let (app, _store, _db) = sqlite_app().await;
    let mut doc = example("application");
    doc["facilities"]["simultaneous_trainees"] = json!(12);
    let find =
        |v: serde_json::Value| v["issues"].as_array().unwrap().iter().find(|i| i["rule"] == "art7.3.capacity").unwrap()["article"].clone();
    let res = send(&app, post_json(&format!("{VALIDATE_APPLICATION}?locale=en"), &doc)).await;
    assert_eq!(find(res.json()), "Art. 7(3)");
    let mut req = post_json(VALIDATE_APPLICATION, &doc);
    req.headers_mut().insert("accept-language", "en-GB,en;q=0.8".parse().unwrap());
    assert_eq!(find(send(&app, req).await.json()), "Art. 7(3)");
    let res = send(&app, post_json(VALIDATE_APPLICATION, &doc)).await;
    assert_eq!(find(res.json()), "第七条（三）");
}

#[tokio::test]
async fn validate_applies_the_selection_window() {
    let db = TestDb::sqlite();
    let mut cfg = config(&db.url);
    cfg.today = Some(date("2028-01-15"));
    let (app, store) = app_with(cfg).await;
    let res = send(&app, post_json(VALIDATE_APPLICATION, &example("application"))).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["valid"], false);
    assert!(res.rules().contains(&"art10.selection_window".to_owned()));
    let res = send(&app, post_json(APPLICATIONS, &example("application"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art10.selection_window".to_owned()));
    assert_eq!(counts(&store).await.submissions, 0);
}

#[tokio::test]
async fn submit_stores_one_row_and_the_receipt_opens_its_status() {
    let (app, store, _db) = sqlite_app().await;
    let res = send(&app, post_json(APPLICATIONS, &example("application"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let body = res.json();
    // FORMS.md's field order.
    let raw = String::from_utf8(res.body.to_vec()).unwrap();
    let at = |k: &str| raw.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} missing"));
    assert!(at("id") < at("status") && at("status") < at("receipt") && at("receipt") < at("issues"));
    assert_eq!(body.as_object().unwrap().len(), 4);
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["issues"][0]["rule"], "art9.joint_priority");
    let id = body["id"].as_str().unwrap().to_owned();
    let receipt = body["receipt"].as_str().unwrap().to_owned();
    assert!(receipt.len() >= 32);
    assert_eq!(res.headers["location"], format!("/api/v1/submissions/{id}"));
    assert_eq!(counts(&store).await, Counts { submissions: 1, events: 1, idempotency_keys: 0, bases: 0 });

    // Stored: the document, its report, the rule-set version, the content hash, only the
    // receipt's hash.
    let aii_server::repo::Backend::Sqlite(repo) = store.repo() else { panic!("sqlite") };
    let (document, report, version, hash, receipt_hash, uscc, cycle): (String, String, String, String, String, String, i64) =
        sqlx::query_as("SELECT document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle FROM submissions")
            .fetch_one(repo.pool())
            .await
            .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(stored, example("application"));
    let stored_report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(stored_report["valid"], true);
    assert_eq!(stored_report["issues"][0]["rule"], "art9.joint_priority");
    assert_eq!(version, aii_rules::RULESET_VERSION);
    let doc: aii_rules::Value = serde_json::from_value(example("application")).unwrap();
    assert_eq!(hash, aii_server::crypto::content_hash(&doc));
    assert_ne!(receipt_hash, receipt);
    assert_eq!(receipt_hash, aii_server::crypto::receipt_hash(&receipt));
    assert_eq!((uscc.as_str(), cycle), ("12310104729436482D", 2027));

    // The applicant's view, by header or query.
    let path = format!("/api/v1/submissions/{id}");
    let by_header = send(&app, Request::get(&path).header("x-receipt", &receipt).body(Body::empty()).unwrap()).await;
    assert_eq!(by_header.status, StatusCode::OK);
    let view = by_header.json();
    assert_eq!(view["id"], id.as_str());
    assert_eq!(view["kind"], "application");
    assert_eq!(view["status"], "submitted");
    assert_eq!(view["content_hash"], hash.as_str());
    assert_eq!(view["history"].as_array().unwrap().len(), 1);
    assert_eq!(view["history"][0]["status"], "submitted");
    assert!(view["history"][0]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(by_header.headers["cache-control"], "no-store");
    let by_query = send(&app, get(&format!("{path}?receipt={receipt}"))).await;
    assert_eq!(by_query.status, StatusCode::OK);
    assert_eq!(by_query.body, by_header.body);

    // The document as sent, for correcting it: only with the receipt, never cached.
    let doc_path = format!("{path}/document");
    let mine = send(&app, Request::get(&doc_path).header("x-receipt", &receipt).body(Body::empty()).unwrap()).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.headers["cache-control"], "no-store");
    let mine = mine.json();
    assert_eq!(
        (mine["id"].as_str(), mine["kind"].as_str(), mine["status"].as_str()),
        (Some(id.as_str()), Some("application"), Some("submitted"))
    );
    assert_eq!(mine["document"], example("application"));
    assert_eq!(send(&app, get(&doc_path)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app, get(&format!("{doc_path}?receipt={}", "0".repeat(64)))).await.status, StatusCode::NOT_FOUND);

    assert_eq!(send(&app, get(&path)).await.status, StatusCode::UNAUTHORIZED);
    let wrong = "0".repeat(64);
    assert_eq!(send(&app, get(&format!("{path}?receipt={wrong}"))).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get(&format!("/api/v1/submissions/nope?receipt={receipt}"))).await.status, StatusCode::NOT_FOUND);

    // The same unit again in the same cycle: Art. 8, from validate too.
    let res = send(&app, post_json(VALIDATE_APPLICATION, &example("application"))).await;
    assert!(res.rules().contains(&"art8.one_per_cycle".to_owned()));
    let res = send(&app, post_json(APPLICATIONS, &example("application"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art8.one_per_cycle".to_owned()));
    assert_eq!(counts(&store).await.submissions, 1);
}

#[tokio::test]
async fn errors_answer_422_and_write_nothing() {
    let (app, store, _db) = sqlite_app().await;
    let mut doc = example("application");
    doc["facilities"]["simultaneous_trainees"] = json!(12);
    let res = send(&app, post_json(APPLICATIONS, &doc)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["valid"], false);
    assert!(res.rules().contains(&"art7.3.capacity".to_owned()));
    // A warning without its justification is an error too.
    let mut doc = example("application");
    doc["facilities"]["equipment"][0]["stations"] = json!(1);
    doc["facilities"]["equipment"][1]["stations"] = json!(1);
    let res = send(&app, post_json(APPLICATIONS, &doc)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art7.3.capacity_unbacked".to_owned()));
    // With its justification it is accepted, and the warning is stored with the report.
    doc["facilities"]["capacity_note"] = json!("学员分两组轮换使用工位，另有仿真软件工位四十个，满足同时操作需要。");
    let res = send(&app, post_json(APPLICATIONS, &doc)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert!(res.rules().contains(&"art7.3.capacity_unbacked".to_owned()));
    assert_eq!(counts(&store).await.submissions, 1);
}

#[tokio::test]
async fn idempotent_retry_answers_the_same_and_stores_once() {
    let (app, store, _db) = sqlite_app().await;
    let doc = example("application");
    let req = |key: &str, doc: &serde_json::Value| {
        let mut r = post_json(APPLICATIONS, doc);
        r.headers_mut().insert("idempotency-key", key.parse().unwrap());
        r
    };
    let first = send(&app, req("key-1", &doc)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = send(&app, req("key-1", &doc)).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body, "byte for byte");
    assert_eq!(retry.headers["location"], first.headers["location"]);
    // Key order and spacing do not make it another request.
    let mut respelled = String::from_utf8(serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    respelled.push('\n');
    let mut r = post(APPLICATIONS, respelled);
    r.headers_mut().insert("idempotency-key", "key-1".parse().unwrap());
    assert_eq!(send(&app, r).await.body, first.body);
    assert_eq!(counts(&store).await, Counts { submissions: 1, events: 1, idempotency_keys: 1, bases: 0 });

    // The replayed receipt works.
    let body = first.json();
    let path = format!("/api/v1/submissions/{}?receipt={}", body["id"].as_str().unwrap(), body["receipt"].as_str().unwrap());
    assert_eq!(send(&app, get(&path)).await.status, StatusCode::OK);

    // The same key for another document: refused, nothing written.
    let mut other = doc.clone();
    other["unit"]["uscc"] = json!(ANOTHER_UNIVERSITY);
    let res = send(&app, req("key-1", &other)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.rules(), vec!["input.idempotency_key_reused"]);
    assert_eq!(counts(&store).await.submissions, 1);

    // Concurrent retries of a new request: one row, one answer.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let app = app.clone();
        let r = req("key-2", &other);
        tasks.push(tokio::spawn(async move { send(&app, r).await }));
    }
    let mut bodies = Vec::new();
    for t in tasks {
        let res = t.await.unwrap();
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        bodies.push(res.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(counts(&store).await, Counts { submissions: 2, events: 2, idempotency_keys: 2, bases: 0 });

    // A key that is not visible ASCII is refused before anything else.
    let mut r = post_json(APPLICATIONS, &doc);
    r.headers_mut().insert("idempotency-key", "".parse().unwrap());
    let res = send(&app, r).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.rules(), vec!["input.idempotency_key"]);
}

/// 100 applications from one unit in one cycle at once: the database lets exactly one in.
async fn hundred_concurrent_applications(db: &TestDb) {
    let (app, store) = app_with(config(&db.url)).await;
    let doc = serde_json::to_vec(&example("application")).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let app = app.clone();
        let body = doc.clone();
        tasks.push(tokio::spawn(async move { send(&app, post(APPLICATIONS, body)).await }));
    }
    let (mut created, mut refused) = (0, 0);
    for t in tasks {
        let res = t.await.unwrap();
        match res.status {
            StatusCode::CREATED => created += 1,
            StatusCode::UNPROCESSABLE_ENTITY => {
                let rules = res.rules();
                assert!(rules.contains(&"art8.one_per_cycle".to_owned()), "{rules:?}");
                assert_eq!(res.json()["issues"].as_array().unwrap().iter().filter(|i| i["severity"] == "error").count(), 1);
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", String::from_utf8_lossy(&res.body)),
        }
    }
    assert_eq!((created, refused), (1, 99));
    assert_eq!(counts(&store).await.submissions, 1);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_applications_sqlite() {
    hundred_concurrent_applications(&TestDb::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_applications_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipped");
        return;
    };
    hundred_concurrent_applications(&db).await;
}

#[tokio::test]
async fn director_appointment_and_direction_change_use_the_registry() {
    let (app, store, _db) = sqlite_app().await;
    let base_id = register_example_base(&store).await;

    // An unknown base.
    let res =
        send(&app, post_json("/api/v1/forms/director-appointment/submissions", &example_for_base("director_appointment", "base-unknown")))
            .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art14.base_exists".to_owned()));

    // The registered base: accepted.
    let appointment = example_for_base("director_appointment", &base_id);
    let res = send(&app, post_json("/api/v1/forms/director-appointment/submissions", &appointment)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));

    // A recommending partner that is not one of the base's partners.
    let mut doc = appointment.clone();
    doc["recommenders"][1]["uscc"] = json!("913101151234567880");
    let res = send(&app, post_json("/api/v1/forms/director-appointment/validate", &doc)).await;
    assert_eq!(res.status, StatusCode::OK);
    let issue = res.json()["issues"].as_array().unwrap().iter().find(|i| i["rule"] == "art14.partner_of_base").cloned();
    assert_eq!(issue.expect("art14.partner_of_base")["path"], "/recommenders/1/uscc");

    // A second director whose term overlaps the one on record.
    let mut director = appointment.clone();
    director["role"] = json!("director");
    director["recommenders"] = json!([director["recommenders"][0].clone()]);
    let res = send(&app, post_json("/api/v1/forms/director-appointment/validate", &director)).await;
    assert!(res.rules().contains(&"art14.one_director".to_owned()), "{:?}", res.rules());

    // Direction change: current directions must match the registry; one pending at a time.
    let change = example_for_base("direction_change", &base_id);
    let res = send(&app, post_json("/api/v1/forms/direction-change/submissions", &change)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let res = send(&app, post_json("/api/v1/forms/direction-change/submissions", &change)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art21.one_pending".to_owned()));
    let mut wrong_current = change.clone();
    wrong_current["current_directions"] = json!(["data.operations"]);
    let res = send(&app, post_json("/api/v1/forms/direction_change/validate", &wrong_current)).await;
    assert!(res.rules().contains(&"art21.current_matches".to_owned()), "{:?}", res.rules());
    assert_eq!(counts(&store).await.submissions, 2);
}

#[tokio::test]
async fn a_revoked_base_takes_nothing() {
    let (app, store, _db) = sqlite_app().await;
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let mut base = aii_server::base::read_file(&path, 0, aii_rules::Date::from_unix_ms(0, 480)).unwrap();
    base.revoked = true;
    store.register_base(&base).await.unwrap();
    let res =
        send(&app, post_json("/api/v1/forms/direction-change/submissions", &example_for_base("direction_change", &base.identity.id))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let issue = res.json()["issues"].as_array().unwrap().iter().find(|i| i["rule"] == "art21.base_exists").cloned().unwrap();
    assert_eq!(issue["params"]["reason"], "revoked");
    assert_eq!(counts(&store).await.submissions, 0);
}

/// One bad input: its status and rule, and nothing written.
async fn refused(app: &axum::Router, store: &aii_server::Store, req: Request<Body>, status: StatusCode, rule: &str) -> serde_json::Value {
    let before = counts(store).await;
    let res = send(app, req).await;
    assert_eq!(res.status, status, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.headers["content-type"], "application/json");
    let body = res.json();
    assert_eq!(body["valid"], false);
    assert!(res.rules().contains(&rule.to_owned()), "{rule} not in {:?}", res.rules());
    assert_eq!(counts(store).await, before, "nothing written");
    body
}

#[tokio::test]
async fn malformed_json_is_400() {
    let (app, store, _db) = sqlite_app().await;
    let body = refused(&app, &store, post(APPLICATIONS, r#"{"cycle": 2027,"#), StatusCode::BAD_REQUEST, "input.malformed_json").await;
    assert_eq!(body["kind"], "application");
    assert_eq!(body["issues"][0]["path"], "");
    refused(&app, &store, post(APPLICATIONS, ""), StatusCode::BAD_REQUEST, "input.malformed_json").await;
}

#[tokio::test]
async fn invalid_utf8_is_400() {
    let (app, store, _db) = sqlite_app().await;
    let body =
        refused(&app, &store, post(APPLICATIONS, &b"{\"cycle\": \"\xff\xfe\"}"[..]), StatusCode::BAD_REQUEST, "input.malformed_json").await;
    assert_eq!(body["issues"][0]["params"]["reason"], "utf8");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let (app, store, _db) = sqlite_app().await;
    let doc = serde_json::to_vec(&example("application")).unwrap();
    let req = Request::post(APPLICATIONS).header("content-type", "text/plain").body(Body::from(doc.clone())).unwrap();
    refused(&app, &store, req, StatusCode::UNSUPPORTED_MEDIA_TYPE, "input.content_type").await;
    let req = Request::post(APPLICATIONS).body(Body::from(doc.clone())).unwrap();
    refused(&app, &store, req, StatusCode::UNSUPPORTED_MEDIA_TYPE, "input.content_type").await;
    // A charset parameter is fine.
    let req = Request::post(APPLICATIONS).header("content-type", "application/json; charset=utf-8").body(Body::from(doc)).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let (app, store, _db) = sqlite_app().await;
    let mut doc = example("application");
    doc["positioning"] = json!("很".repeat(30_000)); // 90 kB > the tests' 64 KiB limit
    let bytes = serde_json::to_vec(&doc).unwrap();
    let body = refused(&app, &store, post(APPLICATIONS, bytes.clone()), StatusCode::PAYLOAD_TOO_LARGE, "input.too_large").await;
    assert_eq!(body["issues"][0]["params"]["max"], 64 * 1024);
    // Declared up front by Content-Length.
    let req = Request::post(APPLICATIONS)
        .header("content-type", "application/json")
        .header("content-length", bytes.len())
        .body(Body::from(bytes))
        .unwrap();
    refused(&app, &store, req, StatusCode::PAYLOAD_TOO_LARGE, "input.too_large").await;
}

#[tokio::test]
async fn unknown_kind_is_404() {
    let (app, store, _db) = sqlite_app().await;
    let body = refused(
        &app,
        &store,
        post_json("/api/v1/forms/annual-report/submissions", &example("application")),
        StatusCode::NOT_FOUND,
        "input.unknown_kind",
    )
    .await;
    assert_eq!(body["kind"], "");
    refused(&app, &store, post_json("/api/v1/forms/nope/validate", &json!({})), StatusCode::NOT_FOUND, "input.unknown_kind").await;
}

#[tokio::test]
async fn deep_nesting_is_400() {
    let (app, store, _db) = sqlite_app().await;
    // Just over the limit (33 levels), and far over serde_json's own recursion limit.
    for depth in [33, 5000] {
        let doc = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = refused(&app, &store, post(APPLICATIONS, doc), StatusCode::BAD_REQUEST, "input.too_deep").await;
        assert_eq!(body["issues"][0]["params"]["max"], 32);
    }
    // At the limit it is read (and then refused by the rules as not a form).
    let doc = format!("{}{}", "[".repeat(32), "]".repeat(32));
    refused(&app, &store, post(APPLICATIONS, doc), StatusCode::UNPROCESSABLE_ENTITY, "input.type").await;
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_are_422() {
    let (app, store, _db) = sqlite_app().await;
    let mut doc = example("application");
    doc["unit"]["usc"] = json!("typo");
    let body = refused(&app, &store, post_json(APPLICATIONS, &doc), StatusCode::UNPROCESSABLE_ENTITY, "input.unknown_field").await;
    let issue = body["issues"].as_array().unwrap().iter().find(|i| i["rule"] == "input.unknown_field").unwrap().clone();
    assert_eq!(issue["path"], "/unit/usc");

    let mut doc = example("application");
    doc["facilities"]["simultaneous_trainees"] = json!("forty");
    let body = refused(&app, &store, post_json(APPLICATIONS, &doc), StatusCode::UNPROCESSABLE_ENTITY, "input.type").await;
    assert!(body["issues"].as_array().unwrap().iter().any(|i| i["path"] == "/facilities/simultaneous_trainees"));

    refused(&app, &store, post(APPLICATIONS, "[1, 2]"), StatusCode::UNPROCESSABLE_ENTITY, "input.type").await;
}

/// A body that never arrives.
struct Stalled;

impl http_body::Body for Stalled {
    type Data = Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

#[tokio::test]
async fn a_stalled_body_times_out_with_408() {
    let db = TestDb::sqlite();
    let mut cfg = config(&db.url);
    cfg.request_timeout_secs = 1;
    let (app, store) = app_with(cfg).await;
    let req = Request::post(APPLICATIONS).header("content-type", "application/json").body(Body::new(Stalled)).unwrap();
    let started = std::time::Instant::now();
    let res = send(&app, req).await;
    assert_eq!(res.status, StatusCode::REQUEST_TIMEOUT);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(counts(&store).await.submissions, 0);
}

/// The connections' limits of the tests' configuration, with this header timeout.
fn limits(header_timeout_secs: u64) -> aii_server::ConnectionLimits {
    let mut cfg = config("");
    cfg.header_timeout_secs = header_timeout_secs;
    aii_server::ConnectionLimits::of(&cfg)
}

/// Plain HTTP/1.1 over TCP: one request, the status code and the body.
async fn http_request(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn serves_on_a_real_port() {
    let (app, store, _db) = sqlite_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    // The server's own accept loop, as `aii-server` runs it.
    let server = tokio::spawn(aii_server::serve_connections(listener, app, limits(10), async {
        let _ = stopped.await;
    }));

    let (status, body) = http_request(addr, "GET /api/v1/healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", b"").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#""status":"ok""#));

    let doc = serde_json::to_vec(&example("application")).unwrap();
    let head = format!(
        "POST {APPLICATIONS} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        doc.len()
    );
    let (status, body) = http_request(addr, &head, &doc).await;
    assert_eq!(status, 201, "{body}");
    assert!(body.contains(r#""status":"submitted""#));
    assert_eq!(counts(&store).await.submissions, 1);

    stop.send(()).unwrap();
    server.await.unwrap();
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (app, _store, _db) = sqlite_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(aii_server::serve_connections(listener, app, limits(1), async {
        let _ = stopped.await;
    }));
    // Half a request head, then silence.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/v1/healthz HTTP/1.1\r\nHost: t\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server kept the dawdling connection open for 10 s");
    let waited = started.elapsed();
    assert!(waited >= std::time::Duration::from_millis(900), "closed after only {waited:?}");
    // Meanwhile and afterwards, others are served.
    let (status, _) = http_request(addr, "GET /api/v1/healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", b"").await;
    assert_eq!(status, 200);
    stop.send(()).unwrap();
    server.await.unwrap();
}

#[tokio::test]
async fn the_concurrency_limit_makes_requests_wait_for_a_slot() {
    let db = TestDb::sqlite();
    let mut cfg = config(&db.url);
    cfg.request_timeout_secs = 1;
    cfg.concurrency_limit = 1;
    let (app, _store) = app_with(cfg).await;
    // A request whose body is still coming holds no slot (issue 22): the next one is served at
    // once, and the stalled one ends with its timeout.
    let stalled = {
        let app = app.clone();
        let req = Request::post(APPLICATIONS).header("content-type", "application/json").body(Body::new(Stalled)).unwrap();
        tokio::spawn(async move { send(&app, req).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let started = std::time::Instant::now();
    assert_eq!(send(&app, get("/api/v1/healthz")).await.status, StatusCode::OK);
    let waited = started.elapsed();
    assert!(waited < std::time::Duration::from_millis(500), "waited {waited:?} behind a body still coming");
    assert_eq!(stalled.await.unwrap().status, StatusCode::REQUEST_TIMEOUT);

    // A request being handled takes the only slot until its timeout (1 s) frees it: here a
    // submission waiting for SQLite's write lock, which the test holds...
    let lock = rusqlite::Connection::open(db.url.trim_start_matches("sqlite://")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let slow = {
        let app = app.clone();
        tokio::spawn(async move { send(&app, post_json(APPLICATIONS, &example("application"))).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // ...so the next request waits for it.
    let started = std::time::Instant::now();
    let res = send(&app, get("/api/v1/healthz")).await;
    let waited = started.elapsed();
    assert_eq!(slow.await.unwrap().status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(res.status, StatusCode::OK);
    assert!(waited >= std::time::Duration::from_millis(700), "waited only {waited:?}");
    lock.execute_batch("ROLLBACK").unwrap();
    // The slot is free again.
    let started = std::time::Instant::now();
    assert_eq!(send(&app, get("/api/v1/healthz")).await.status, StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
}

/// Validate reuses its context look-ups' answers (`repo/cache.rs`): this server's own writes
/// are seen by the next validate, another process's once the time to live has passed.
#[tokio::test]
async fn validate_reuses_its_lookups_until_a_write_or_their_time_to_live() {
    const ART8: &str = "art8.one_per_cycle";
    const VALIDATE_APPOINTMENT: &str = "/api/v1/forms/director-appointment/validate";
    let db = TestDb::sqlite();
    let mut long = config(&db.url);
    long.context_cache_ms = 600_000;
    let (app, _store) = app_with(long).await;

    // This server's submission: the next validate sees it, though the answer before it was kept.
    let doc = example("application");
    for _ in 0..2 {
        let res = send(&app, post_json(VALIDATE_APPLICATION, &doc)).await;
        assert!(!res.rules().contains(&ART8.to_owned()), "{:?}", res.rules());
    }
    assert_eq!(send(&app, post_json(APPLICATIONS, &doc)).await.status, StatusCode::CREATED);
    assert!(send(&app, post_json(VALIDATE_APPLICATION, &doc)).await.rules().contains(&ART8.to_owned()));

    // A base registered by another process (`register-base` on the same file): unseen while the
    // kept answer lives…
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let base = aii_server::base::read_file(&path, 0, aii_rules::Date::from_unix_ms(0, 480)).expect("the example base");
    let appointment = example_for_base("director_appointment", &base.identity.id);
    let missing = |res: &Answer| res.json()["issues"].as_array().unwrap().iter().any(|i| i["rule"] == "art14.base_exists");
    assert!(missing(&send(&app, post_json(VALIDATE_APPOINTMENT, &appointment)).await));
    let other = aii_server::Store::connect(&db.url, 1).await.unwrap();
    other.register_base(&base).await.unwrap();
    assert!(missing(&send(&app, post_json(VALIDATE_APPOINTMENT, &appointment)).await), "the kept answer");
    // …and a submission reads the database itself (the appointment is accepted or refused
    // for other reasons, never for a missing base).
    let submitted = send(&app, post_json("/api/v1/forms/director-appointment/submissions", &appointment)).await;
    assert!(!missing(&submitted), "{}", String::from_utf8_lossy(&submitted.body));

    // …seen once the time to live has passed.
    let mut short = config(&db.url);
    short.context_cache_ms = 50;
    let (quick, _) = app_with(short).await;
    let unknown = example_for_base("director_appointment", "no-such-base");
    assert!(missing(&send(&quick, post_json(VALIDATE_APPOINTMENT, &unknown)).await));
    let mut later = base.clone();
    later.identity.id = "no-such-base".into();
    other.register_base(&later).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(80)).await;
    assert!(!missing(&send(&quick, post_json(VALIDATE_APPOINTMENT, &unknown)).await));

    // With a time to live of zero, nothing is kept.
    let mut off = config(&db.url);
    off.context_cache_ms = 0;
    let (fresh, _) = app_with(off).await;
    let unseen = example_for_base("director_appointment", "registered-next");
    assert!(missing(&send(&fresh, post_json(VALIDATE_APPOINTMENT, &unseen)).await));
    later.identity.id = "registered-next".into();
    other.register_base(&later).await.unwrap();
    assert!(!missing(&send(&fresh, post_json(VALIDATE_APPOINTMENT, &unseen)).await));
}

/// Two servers on one database: another server's submission reaches this one's validate only
/// when the kept answer expires, but this server's submission reads the database and is refused
/// under Art. 8 at once.
#[tokio::test]
async fn another_servers_submission_is_refused_here_though_validate_kept_its_answer() {
    const ART8: &str = "art8.one_per_cycle";
    let db = TestDb::sqlite();
    let mut long = config(&db.url);
    long.context_cache_ms = 600_000;
    let (here, _) = app_with(long).await;
    let (there, _) = app_with(config(&db.url)).await;
    let doc = example("application");
    assert!(!send(&here, post_json(VALIDATE_APPLICATION, &doc)).await.rules().contains(&ART8.to_owned()));
    assert_eq!(send(&there, post_json(APPLICATIONS, &doc)).await.status, StatusCode::CREATED);
    assert!(!send(&here, post_json(VALIDATE_APPLICATION, &doc)).await.rules().contains(&ART8.to_owned()), "the kept answer");
    let refused = send(&here, post_json(APPLICATIONS, &doc)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.rules().contains(&ART8.to_owned()));
    // The benchmark's route reads every look-up.
    #[cfg(feature = "bench-echo")]
    assert!(send(&here, post_json("/api/v1/_uncached/forms/application/validate", &doc)).await.rules().contains(&ART8.to_owned()));
}
