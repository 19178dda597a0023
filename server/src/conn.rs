//! One connection's life ([`crate::serve_connections`]): the first byte within the header
//! timeout, the requests in flight counted (a response's body included), the connection shut
//! down once idle, and the connections per client address counted.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use tower::ServiceExt;

use crate::ConnectionLimits;

/// The open connections of each client address.
#[derive(Debug)]
pub struct PerClient {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection of a client, counted until dropped.
#[derive(Debug)]
pub struct Slot {
    of: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    pub fn new(max: usize) -> PerClient {
        PerClient { max, open: Mutex::new(HashMap::new()) }
    }

    /// A slot for a connection of `ip` (an IPv6 address counted by its /64), or `None` when it
    /// holds `max` already (0: no limit).
    pub fn enter(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let ip = crate::edge::client_key(ip);
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = open.entry(ip).or_insert(0);
        if self.max > 0 && *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Slot { of: self.clone(), ip })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.of.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// A connection's requests in flight, and when the last one ended.
struct Activity {
    opened: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds after `opened` at which the last request ended.
    last_ms: AtomicU64,
}

impl Activity {
    fn enter(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.clone())
    }

    /// When the connection has been idle for `idle`; `None` while a request is in flight.
    fn idle_at(&self, idle: std::time::Duration) -> Option<Instant> {
        (self.in_flight.load(Ordering::SeqCst) == 0)
            .then(|| self.opened + std::time::Duration::from_millis(self.last_ms.load(Ordering::SeqCst)) + idle)
    }
}

/// A request in flight, until its response's body is sent (or dropped).
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let ms = u64::try_from(self.0.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.0.last_ms.store(ms, Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request in flight.
struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Serves one accepted connection until it ends, is idle too long, or the server stops.
pub async fn serve_one(
    stream: tokio::net::TcpStream,
    remote: SocketAddr,
    router: Router,
    builder: Arc<Builder<TokioExecutor>>,
    limits: ConnectionLimits,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    // Silence before the first byte: hyper's header timer starts only once bytes come (and the
    // version sniffing of `auto` waits for them forever).
    let mut first = [0u8; 1];
    match tokio::time::timeout(limits.header_timeout, stream.peek(&mut first)).await {
        Ok(Ok(n)) if n > 0 => {}
        _ => return,
    }
    let activity = Arc::new(Activity { opened: Instant::now(), in_flight: AtomicUsize::new(0), last_ms: AtomicU64::new(0) });
    let router = router.layer(axum::Extension(ConnectInfo(remote)));
    let service = {
        let activity = activity.clone();
        tower::service_fn(move |req: axum::http::Request<hyper::body::Incoming>| {
            let in_flight = activity.enter();
            let router = router.clone();
            async move {
                let res = router.oneshot(req).await?;
                Ok::<_, std::convert::Infallible>(res.map(|body| Body::new(Tracked { body, _in_flight: in_flight })))
            }
        })
    };
    let service = hyper_util::service::TowerToHyperService::new(service);
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    // Once set, the connection is closed at this moment whatever it is doing.
    let mut close_at: Option<tokio::time::Instant> = None;
    loop {
        let wake = match close_at {
            Some(at) => at,
            None => activity.idle_at(limits.idle_timeout).map_or_else(|| tokio::time::Instant::now() + limits.idle_timeout, Into::into),
        };
        tokio::select! {
            done = connection.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            changed = stopping.changed(), if close_at.is_none() => {
                if changed.is_ok() && !*stopping.borrow() {
                    continue;
                }
                // The server stops: the requests in flight may finish.
                connection.as_mut().graceful_shutdown();
                close_at = Some(tokio::time::Instant::now() + limits.request_timeout + limits.header_timeout);
            }
            () = tokio::time::sleep_until(wake) => {
                if close_at.is_some() {
                    tracing::debug!("connection closed: it did not end after its shutdown");
                    return;
                }
                if activity.idle_at(limits.idle_timeout).is_some_and(|at| at <= Instant::now()) {
                    tracing::debug!("idle connection shut down");
                    connection.as_mut().graceful_shutdown();
                    close_at = Some(tokio::time::Instant::now() + limits.header_timeout);
                }
            }
        }
    }
}
