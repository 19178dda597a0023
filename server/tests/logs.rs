//! Personal data never reaches the log. This test installs a thread-local tracing subscriber,
//! so it lives in its own test binary: with other tests running on other threads, tracing's
//! per-callsite interest cache can be computed while no subscriber is in scope, and a line the
//! test waits for ("submission accepted") is then silently skipped.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

/// A log sink for the test below.
#[derive(Clone, Default)]
struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_contain_id_numbers_or_phones() {
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    // The test runs on one thread (current-thread runtime): the subscriber sees all of it.
    let _guard = tracing::subscriber::set_default(subscriber);

    let db = TestDb::sqlite();
    let (app, store) = app_with(config(&db.url)).await;
    let base_id = register_example_base(&store).await;
    let id_number = "110105197212010011"; // valid, born 1972-12-01 like the example
    let phone = "13912345678";
    let mut doc = example_for_base("director_appointment", &base_id);
    doc["appointee"]["id_number"] = json!(id_number);
    let res = send(&app, post_json("/api/v1/forms/director-appointment/validate", &doc)).await;
    assert_eq!(res.json()["valid"], true, "{}", String::from_utf8_lossy(&res.body));
    let res = send(&app, post_json("/api/v1/forms/director-appointment/submissions", &doc)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    // A wrong one is refused, and still not logged.
    doc["appointee"]["id_number"] = json!("110105197212010012");
    let res = send(&app, post_json("/api/v1/forms/director-appointment/submissions", &doc)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut app_doc = example("application");
    app_doc["contact"]["phone"] = json!(phone);
    let res = send(&app, post_json(APPLICATIONS, &app_doc)).await;
    assert_eq!(res.status, StatusCode::CREATED);
    // Chapter 6's forms have no personal fields, but free text may carry a phone number.
    let mut annual = example_for_base("annual_assessment", &base_id);
    annual["director_report"] = json!(format!("{}如有疑问请致电{phone}。", annual["director_report"].as_str().unwrap()));
    let res = send(&app, post_json("/api/v1/forms/annual-assessment/submissions", &annual)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let res = send(&app, post_json("/api/v1/forms/annual-assessment/submissions", &annual)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "one per year");
    assert_eq!(send(&app, get("/api/v1/registry")).await.status, StatusCode::OK);
    // Mistyped into the URL, too.
    send(&app, post_json(&format!("/api/v1/forms/{id_number}/validate"), &app_doc)).await;

    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("submission accepted"), "the log was captured: {log}");
    assert!(!log.contains(id_number), "an ID number in the log");
    assert!(!log.contains("110105197212010012"), "an ID number in the log");
    assert!(!log.contains(phone), "a phone number in the log");
}

/// The binary's own logs (issue 22): off a terminal no colour codes, and with `--log-format
/// json` one JSON object a line, the request's route among its fields.
#[test]
fn the_binary_logs_plain_text_or_json_off_a_terminal() {
    use std::io::{Read, Write};
    for format in ["text", "json"] {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aii-server"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--log-format", format, "--static-dir", "/nonexistent/aii-static"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.path().join("aii.db").display()))
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut answered = false;
        for _ in 0..100 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                s.write_all(b"GET /api/v1/healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").unwrap();
                let mut out = String::new();
                s.read_to_string(&mut out).unwrap();
                answered = out.starts_with("HTTP/1.1 200");
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        child.kill().unwrap();
        let mut logs = String::new();
        child.stdout.take().unwrap().read_to_string(&mut logs).unwrap();
        child.wait().unwrap();
        assert!(answered, "{format}: the server did not answer");
        assert!(!logs.contains('\u{1b}'), "{format}: colour codes in a log that is not a terminal:\n{logs}");
        assert!(logs.contains("/api/v1/healthz"), "{format}: no line of the request:\n{logs}");
        if format == "json" {
            for line in logs.lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                assert!(v["timestamp"].is_string() && v["level"].is_string(), "{line}");
            }
        }
    }
}
