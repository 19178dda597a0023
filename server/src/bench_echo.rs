//! The benchmark's routes, compiled only with the `bench-echo` feature (BENCHMARKS.md, "Server
//! load"):
//! - `POST /api/v1/_echo`, the baseline: it reads the body exactly as the form routes do
//!   (content type, body limit, UTF-8, JSON syntax and depth) and answers the parsed document
//!   back, re-serialised, with no rule and no query: what `validate` costs above it is the
//!   rules and the context look-ups.
//!
//! The feature also routes `POST /api/v1/_uncached/forms/{kind}/validate` to
//! `api::validate::<false>` (`lib.rs`): validate with every context look-up read from the
//! database (as `--context-cache-ms 0` would), to show what keeping their answers
//! (`repo/cache.rs`) changes.

use aii_rules::{FormKind, Locale};
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{ApiError, json};
use crate::extract::Document;

pub async fn echo(doc: Document) -> Result<Response, ApiError> {
    // The kind only names the form in an error report.
    let doc = doc.read(FormKind::Application, Locale::default())?;
    Ok(json(StatusCode::OK, &doc))
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use crate::Config;

    async fn echo(body: &'static str, content_type: &str, limit: usize) -> (StatusCode, serde_json::Value) {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::defaults();
        config.database_url = format!("sqlite://{}", dir.path().join("echo.db").display());
        config.body_limit = limit;
        let (app, store) = crate::app(config).await.unwrap();
        let req = Request::post("/api/v1/_echo").header(header::CONTENT_TYPE, content_type).body(Body::from(body)).unwrap();
        let res = app.oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        store.close().await;
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn echoes_the_document_and_reads_it_like_the_forms() {
        let (status, doc) = echo(r#"{"a": [1, "二", null], "b": {"c": true}}"#, "application/json", 1024).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(doc, serde_json::json!({"a": [1, "二", null], "b": {"c": true}}));

        let (status, doc) = echo("{}", "text/plain", 1024).await;
        assert_eq!((status, doc["issues"][0]["rule"].as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("input.content_type")));
        let (status, doc) = echo(r#"{"a": "0123456789"}"#, "application/json", 8).await;
        assert_eq!((status, doc["issues"][0]["rule"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("input.too_large")));
        let (status, doc) = echo("{", "application/json", 1024).await;
        assert_eq!((status, doc["issues"][0]["rule"].as_str()), (StatusCode::BAD_REQUEST, Some("input.malformed_json")));
    }
}
