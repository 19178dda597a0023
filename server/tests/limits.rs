//! The limits that are not tested in `http.rs` (body size, depth, request and header
//! timeouts, concurrency are): list lengths, text and name lengths at and over their limits
//! through the HTTP API; every status the API answers to good and bad requests is one the
//! OpenAPI document lists for that operation (what schemathesis checks, RELIABILITY.md), and a
//! method a route lacks is answered 405; the server reads numbers as the browser does.

mod common;

use aii_server::Repository;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::json;

async fn sqlite_app() -> (axum::Router, aii_server::Store, TestDb) {
    let db = TestDb::sqlite();
    let (app, store) = app_with(config(&db.url)).await;
    (app, store, db)
}

/// The `text.too_long` issues of a validate answer, as (path, reason).
fn too_long(res: &Answer) -> Vec<(String, String)> {
    res.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == "text.too_long")
        .map(|i| (i["path"].as_str().unwrap().to_owned(), i["params"]["reason"].as_str().unwrap_or("").to_owned()))
        .collect()
}

#[tokio::test]
async fn lists_texts_and_names_are_limited_at_their_documented_lengths() {
    let (app, store, _db) = sqlite_app().await;
    let body_limit = config("").body_limit;
    let cases: [(&str, serde_json::Value, serde_json::Value); 4] = [
        // Lists: 200 items.
        ("/facilities/management_rules", json!(vec!["实训安全守则"; 200]), json!(vec!["实训安全守则"; 201])),
        // Free text: 5000 characters (counted as characters, not bytes: 15,000 bytes here).
        ("/positioning", json!("实".repeat(5000)), json!("实".repeat(5001))),
        // Names: 100 characters, after trimming.
        ("/unit/name", json!(format!("  {}  ", "名".repeat(100))), json!("名".repeat(101))),
        ("/lead_teacher/title", json!("教".repeat(100)), json!("教".repeat(101))),
    ];
    for (pointer, at_limit, over) in cases {
        let mut doc = example("application");
        *doc.pointer_mut(pointer).unwrap() = at_limit;
        let bytes = serde_json::to_vec(&doc).unwrap();
        assert!(bytes.len() < body_limit, "{pointer}: the document fits the body limit");
        let res = send(&app, post(VALIDATE_APPLICATION, bytes)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(too_long(&res), vec![], "{pointer} at its limit");

        *doc.pointer_mut(pointer).unwrap() = over;
        let res = send(&app, post_json(VALIDATE_APPLICATION, &doc)).await;
        let found = too_long(&res);
        assert_eq!(found.len(), 1, "{pointer} over its limit: {found:?}");
        assert_eq!(found[0].0, pointer);
        let res = send(&app, post_json(APPLICATIONS, &doc)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.rules().contains(&"text.too_long".to_owned()));
    }
    assert_eq!(store.counts().await.unwrap().submissions, 0);
}

/// The statuses the OpenAPI document lists for an operation.
fn documented(doc: &serde_json::Value, path: &str, method: &str) -> Vec<u16> {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not in openapi.json");
    op["responses"].as_object().unwrap().keys().map(|k| k.parse().unwrap()).collect()
}

#[tokio::test]
async fn every_status_answered_is_documented_and_missing_methods_are_405() {
    let (app, store, db) = sqlite_app().await;
    let openapi = send(&app, get("/api/v1/openapi.json")).await.json();
    let base_id = register_example_base(&store).await;
    let created = send(&app, post_json(APPLICATIONS, &example("application"))).await.json();
    let (id, receipt) = (created["id"].as_str().unwrap().to_owned(), created["receipt"].as_str().unwrap().to_owned());

    let raw = |method: Method, uri: &str, ct: Option<&str>, body: &str| {
        let mut r = Request::builder().method(method).uri(uri);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.body(Body::from(body.to_owned())).unwrap()
    };
    let json_ct = Some("application/json");
    let doc = serde_json::to_string(&example("application")).unwrap();
    let appointment = serde_json::to_string(&example_for_base("director_appointment", &base_id)).unwrap();
    // (template, method, request) — good requests and each kind of bad one.
    let cases: Vec<(&str, &str, Request<Body>)> = vec![
        ("/api/v1/catalog", "get", get("/api/v1/catalog")),
        ("/api/v1/healthz", "get", get("/api/v1/healthz")),
        ("/api/v1/openapi.json", "get", get("/api/v1/openapi.json")),
        ("/api/v1/forms/{kind}/validate", "post", raw(Method::POST, VALIDATE_APPLICATION, json_ct, &doc)),
        ("/api/v1/forms/{kind}/validate", "post", raw(Method::POST, VALIDATE_APPLICATION, json_ct, "{")),
        ("/api/v1/forms/{kind}/validate", "post", raw(Method::POST, VALIDATE_APPLICATION, None, &doc)),
        ("/api/v1/forms/{kind}/validate", "post", raw(Method::POST, "/api/v1/forms/nope/validate", json_ct, &doc)),
        ("/api/v1/forms/{kind}/validate", "post", raw(Method::POST, VALIDATE_APPLICATION, json_ct, &"[".repeat(40))),
        ("/api/v1/forms/{kind}/submissions", "post", raw(Method::POST, APPLICATIONS, json_ct, "[]")),
        ("/api/v1/forms/{kind}/submissions", "post", raw(Method::POST, APPLICATIONS, json_ct, &doc)),
        ("/api/v1/forms/{kind}/submissions", "post", raw(Method::POST, APPLICATIONS, json_ct, &format!("\"{}\"", "x".repeat(70_000)))),
        (
            "/api/v1/forms/{kind}/submissions",
            "post",
            raw(Method::POST, "/api/v1/forms/director-appointment/submissions", json_ct, &appointment),
        ),
        ("/api/v1/submissions/{id}", "get", get(&format!("/api/v1/submissions/{id}?receipt={receipt}"))),
        ("/api/v1/submissions/{id}", "get", get(&format!("/api/v1/submissions/{id}"))),
        ("/api/v1/submissions/{id}", "get", get(&format!("/api/v1/submissions/{id}?receipt=nope"))),
        (
            "/api/v1/submissions/{id}/resubmit",
            "post",
            raw(Method::POST, &format!("/api/v1/submissions/{id}/resubmit?receipt={receipt}"), json_ct, &doc),
        ),
        ("/api/v1/submissions/{id}/resubmit", "post", raw(Method::POST, &format!("/api/v1/submissions/{id}/resubmit"), json_ct, &doc)),
        ("/api/v1/admin/login", "post", raw(Method::POST, "/api/v1/admin/login", None, "")),
        ("/api/v1/admin/login", "post", raw(Method::POST, "/api/v1/admin/login", json_ct, "{\"username\": 1}")),
        (
            "/api/v1/admin/login",
            "post",
            raw(Method::POST, "/api/v1/admin/login", json_ct, "{\"username\":\"nobody\",\"password\":\"wrong password\"}"),
        ),
        ("/api/v1/admin/session", "get", get("/api/v1/admin/session")),
        ("/api/v1/admin/submissions", "get", get("/api/v1/admin/submissions")),
        (
            "/api/v1/admin/submissions/{id}/decisions",
            "post",
            raw(Method::POST, &format!("/api/v1/admin/submissions/{id}/decisions"), json_ct, "{}"),
        ),
        (
            "/api/v1/admin/submissions/{id}/reveal",
            "post",
            raw(Method::POST, &format!("/api/v1/admin/submissions/{id}/reveal"), json_ct, "{}"),
        ),
    ];
    for (template, method, req) in cases {
        let uri = req.uri().to_string();
        let res = send(&app, req).await;
        let statuses = documented(&openapi, template, method);
        assert!(
            statuses.contains(&res.status.as_u16()),
            "{method} {uri} answered {}, documented: {statuses:?}: {}",
            res.status,
            String::from_utf8_lossy(&res.body)
        );
    }

    // The review desk with a session: bad filters and bodies are documented 400s, and a
    // locale that is not ASCII is read (it panicked: RELIABILITY.md).
    let password = "a long enough password";
    aii_server::accounts::add_user(&config(&db.url), "contract.check", true, &mut format!("{password}\n").as_bytes()).await.unwrap();
    let login = send(&app, post_json("/api/v1/admin/login", &json!({"username": "contract.check", "password": password}))).await;
    assert_eq!(login.status, StatusCode::OK, "{}", String::from_utf8_lossy(&login.body));
    let cookie = login.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let csrf = login.json()["csrf_token"].as_str().unwrap().to_owned();
    let with_session = |method: Method, uri: &str, body: &str| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let decisions = format!("/api/v1/admin/submissions/{id}/decisions");
    for (template, method, req, status) in [
        ("/api/v1/admin/export.csv", "get", with_session(Method::GET, "/api/v1/admin/export.csv?cycle=x", ""), 400),
        ("/api/v1/admin/export.xlsx", "get", with_session(Method::GET, "/api/v1/admin/export.xlsx?kind=nope", ""), 400),
        ("/api/v1/admin/export.csv", "get", with_session(Method::GET, "/api/v1/admin/export.csv?locale=0%C2%80", ""), 200),
        ("/api/v1/admin/submissions", "get", with_session(Method::GET, "/api/v1/admin/submissions?locale=%C3%A9n", ""), 200),
        ("/api/v1/admin/submissions/{id}/decisions", "post", with_session(Method::POST, &decisions, "{\"to\": 1}"), 400),
    ] {
        let uri = req.uri().to_string();
        let res = send(&app, req).await;
        assert_eq!(res.status.as_u16(), status, "{uri}: {}", String::from_utf8_lossy(&res.body));
        assert!(documented(&openapi, template, method).contains(&status), "{method} {template} does not document {status}");
    }

    // A method a route does not have: 405 with the methods it has, before any session check.
    for (path, allowed) in [
        ("/api/v1/catalog", "GET"),
        ("/api/v1/forms/application/submissions", "POST"),
        ("/api/v1/admin/session", "GET"),
        ("/api/v1/admin/submissions", "GET"),
        ("/api/v1/admin/login", "POST"),
        (&format!("/api/v1/admin/submissions/{id}/reveal"), "POST"),
    ] {
        for method in [Method::TRACE, Method::PUT, Method::DELETE] {
            let res = send(&app, raw(method.clone(), path, None, "")).await;
            assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {}", String::from_utf8_lossy(&res.body));
            let allow = res.headers.get("allow").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
            assert!(allow.contains(allowed), "{method} {path}: Allow: {allow}");
        }
    }
    // Unknown review-desk paths still need a session.
    assert_eq!(send(&app, get("/api/v1/admin/nope")).await.status, StatusCode::UNAUTHORIZED);
}

/// The server reads a long number to the same double as `JSON.parse` and the widget's reader
/// (serde_json's `float_roundtrip`; found by fuzzing, RELIABILITY.md).
#[test]
fn the_server_reads_long_numbers_as_the_browser_does() {
    for text in ["2222222222222222222222222222", "0.30000000000000004441", "1.7976931348623157e308"] {
        let server: aii_rules::Value = serde_json::from_str(text).unwrap();
        assert_eq!(Ok(server), aii_rules::json::parse(text, 32), "{text}");
    }
}
