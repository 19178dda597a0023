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
