//! What a request meets before any handler (issue 22, "hold under attack"): the query and path
//! refused when they hold U+0000, the body read within `--body-timeout-secs` before the request
//! takes a concurrency slot, the security headers of every answer, the per-client limit of
//! submissions, and the formats of the ids in paths.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;

use crate::error::json;

/// Every HTML page: its own origin's scripts (and WASM), styles and connections, no inline
/// script or style, no framing.
pub const HTML_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; frame-ancestors 'none'";

/// Whether `id` can be an id of ours (a submission's 32 hex digits, a base's `base-…` or a
/// registered one's 1–64 letters, digits, `-` or `_`): anything else is unknown without a query.
pub fn plausible_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn plain(status: StatusCode, error: &str, message: &str) -> Response {
    json(status, &serde_json::json!({"error": error, "message": message}))
}

/// Whether percent-encoded text holds an encoded U+0000 (`%00`).
fn holds_nul(raw: &str) -> bool {
    raw.as_bytes().windows(3).any(|w| w == b"%00")
}

/// U+0000 never reaches a handler from the URL: a query holding one is answered 400, a path
/// 404 (no route, file or id of ours holds one). Then the security headers of every answer:
/// `X-Content-Type-Options: nosniff`, and for an HTML page [`HTML_CSP`] unless the page set
/// its own (the widget's demo).
pub async fn edge(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let mut res = if uri.query().is_some_and(holds_nul) {
        plain(StatusCode::BAD_REQUEST, "bad_request", "the query holds U+0000")
    } else if holds_nul(uri.path()) {
        plain(StatusCode::NOT_FOUND, "not_found", "no such path")
    } else {
        next.run(req).await
    };
    let headers = res.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let html = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(HTML_CSP));
    }
    res
}

/// The one route whose body is not read first: an attachment's upload, read as it arrives by
/// its handler (`attachments.rs`).
pub const STREAMED_PATH: &str = "/api/v1/uploads";

/// How [`read_body_first`] reads a body.
#[derive(Clone, Copy, Debug)]
pub struct BodyRead {
    /// `--body-limit`: reading stops past it (the handler answers 413).
    pub limit: usize,
    /// `--body-timeout-secs`.
    pub timeout: Duration,
}

/// Reads the request's body, all of it within `timeout`, before the request goes on to the
/// concurrency limit and its handler: a slow sender holds its connection, never a slot, and is
/// answered 408 (and disconnected) when its time is up. The handler then reads the body from
/// memory, with its own checks (a declared or read length over the limit: 413).
pub async fn read_body_first(State(read): State<BodyRead>, req: Request, next: Next) -> Response {
    use axum::body::HttpBody as _;
    let (parts, mut body) = req.into_parts();
    // An upload's body is streamed by its handler, counted and refused past its own limit
    // (`attachments.rs`), within the request's timeout.
    if body.is_end_stream() || parts.uri.path() == STREAMED_PATH {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > read.limit as u64) {
        // The handler refuses it by its declared length, unread.
        return next.run(Request::from_parts(parts, Body::empty())).await;
    }
    let deadline = tokio::time::Instant::now() + read.timeout;
    let mut buf = Vec::with_capacity(declared.map_or(0, |n| usize::try_from(n).unwrap_or(0)));
    loop {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => {
                tracing::info!("request body too slow");
                let mut res = plain(StatusCode::REQUEST_TIMEOUT, "body_timeout", "the request body did not arrive in time");
                res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
                return res;
            }
            Ok(None) => break,
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    buf.extend_from_slice(&data);
                    if buf.len() > read.limit {
                        // Over the limit: what was read says so to the handler's own check.
                        break;
                    }
                }
            }
            Ok(Some(Err(_))) => return plain(StatusCode::BAD_REQUEST, "bad_request", "the request body could not be read"),
        }
    }
    next.run(Request::from_parts(parts, Body::from(Bytes::from(buf)))).await
}

/// What the per-client limits count by: an IPv4 address (also one mapped into IPv6), or an IPv6
/// address's /64 (one host usually has a whole /64 to pick addresses from).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
        v4 => v4,
    }
}

/// The client address of a request ([`crate::Config::client_of`]); `None` in-process.
pub struct Client(pub Option<IpAddr>);

impl axum::extract::FromRequestParts<crate::AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, st: &crate::AppState) -> Result<Self, Self::Rejection> {
        Ok(Client(st.config.client_of(parts)))
    }
}

/// Requests per client address in fixed one-minute windows (`--submissions-per-minute`).
#[derive(Debug)]
pub struct PerMinute {
    max: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl PerMinute {
    pub fn new(max: u32) -> PerMinute {
        PerMinute { max, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a request from `client`: `Err(seconds to wait)` over the limit. No limit without
    /// a client address (a request made in-process) or when `max` is 0.
    pub fn take(&self, client: Option<IpAddr>) -> Result<(), u64> {
        const MINUTE: Duration = Duration::from_secs(60);
        let (Some(client), true) = (client, self.max > 0) else {
            return Ok(());
        };
        let now = Instant::now();
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < MINUTE);
        }
        let (start, count) = windows.entry(client_key(client)).or_insert((now, 0));
        if now.duration_since(*start) >= MINUTE {
            (*start, *count) = (now, 0);
        }
        if *count >= self.max {
            return Err((MINUTE.saturating_sub(now.duration_since(*start))).as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_nul() {
        for id in ["0192f0a4b5c6d7e8f9a0b1c2d3e4f5a6", "base-0a1b2c3d4e5f6a7b", "b-two", "director-0", "old_base"] {
            assert!(plausible_id(id), "{id}");
        }
        for id in ["", "a\0b", "a b", "../x", "%00", "x".repeat(65).as_str(), "名"] {
            assert!(!plausible_id(id), "{id:?}");
        }
        assert!(holds_nul("q=%00") && holds_nul("a=1&b=x%00y") && holds_nul("/api/v1/submissions/%00"));
        assert!(!holds_nul("q=%20&r=%0A"));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), client_key(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(client_key(ip("2001:db8:1:2::1")), client_key(ip("2001:db8:1:3::1")));
        assert_eq!(client_key(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
        assert_eq!(client_key(ip("10.0.0.1")), ip("10.0.0.1"));
        let limit = PerMinute::new(1);
        assert_eq!(limit.take(Some(ip("2001:db8::1"))), Ok(()));
        assert!(limit.take(Some(ip("2001:db8::2"))).is_err(), "the same /64");
    }

    #[test]
    fn per_minute_counts_per_client() {
        let limit = PerMinute::new(2);
        let (a, b): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        assert_eq!((limit.take(Some(a)), limit.take(Some(a))), (Ok(()), Ok(())));
        assert!(matches!(limit.take(Some(a)), Err(s) if (1..=60).contains(&s)));
        assert_eq!(limit.take(Some(b)), Ok(()));
        assert_eq!(limit.take(None), Ok(()), "no client address, no limit");
        assert_eq!(PerMinute::new(0).take(Some(a)), Ok(()), "0: no limit");
    }
}
