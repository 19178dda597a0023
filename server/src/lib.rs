//! # aii-server
//!
//! The HTTP server of the AII training-base forms: it re-checks every submission with the
//! rules crate (local and context rules, whatever the browser said), stores what is accepted
//! with its report, rule-set version and content hash, and answers the applicant's status
//! view, and the secretariat's review desk (`/api/v1/admin/…`: login, list, detail,
//! decisions along the workflow, audit log, exports). SQLite (embedded, the default) or
//! PostgreSQL (many instances, one database).
//!
//! `main.rs` only parses the command line; [`app`] builds the whole [`Router`] from a
//! [`Config`], so tests drive it in-process or on port 0.

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub mod accounts;
pub mod admin;
pub mod api;
pub mod base;
#[cfg(feature = "bench-echo")]
mod bench_echo;
pub mod config;
pub mod crypto;
pub mod embed;
pub mod error;
pub mod export;
pub mod openapi;
pub mod registry;
pub mod repo;
pub mod review;
pub mod time;
pub mod web;

pub use api::AppState;
pub use config::{Cli, Command, Config};
pub use repo::{Repository, Store};

/// The router for a connected store.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    // `GET /api/v1/catalog`'s text, serialised once, is also the widget's `aii-catalog.json`.
    let catalog = state.catalog.clone();
    // `Router::layer`: the last layer added is the outermost. From the outside in: the trace,
    // the timeout (so a request waiting for a slot is bounded too), the concurrency limit
    // (one semaphore for all routes).
    Router::new()
        .nest("/api/v1", api::routes())
        .merge(web::routes(&config.static_dir))
        .with_state(state)
        .nest("/embed", embed::routes(config.clone(), catalog))
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout()))
        .layer(
            // Logs name the route template, never the raw path or query (which may carry a
            // receipt token or, mistyped, an ID number).
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let route = req.extensions().get::<MatchedPath>().map_or("(static)", MatchedPath::as_str);
                    tracing::info_span!("request", method = %req.method(), route)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Connects the database (running its migrations) and builds the router.
pub async fn app(config: Config) -> anyhow::Result<(Router, Store)> {
    config.check()?;
    let store = Store::connect(&config.database_url, config.db_max_connections).await?;
    store.ensure_cycle_origin(config.cycle_origin).await?;
    let router = router(AppState::new(store.clone(), config));
    Ok((router, store))
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let (listen, header_timeout) = (config.listen, config.header_timeout());
    let (router, store) = app(config).await?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!(
        addr = %listener.local_addr()?,
        database = store.backend(),
        ruleset = aii_rules::RULESET_VERSION,
        "listening"
    );
    serve_connections(listener, router, header_timeout, shutdown_signal()).await;
    tracing::info!("shutting down");
    store.close().await;
    Ok(())
}

/// Serves the connections of `listener` until `shutdown` resolves, then waits for the
/// connections in flight to finish. Unlike `axum::serve`, a client gets `header_timeout` to send
/// a request's headers (hyper needs a timer for that), so connections that never finish their
/// headers are closed. The peer address reaches the handlers as `ConnectInfo` (login limits).
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone().layer(axum::Extension(ConnectInfo(remote))));
        let connection = graceful.watch(builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned());
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Registers a base from a file (see [`base::BaseFile`]) and returns its id.
pub async fn register_base(config: &Config, file: &std::path::Path) -> anyhow::Result<String> {
    let base = base::read_file(file, time::now_ms(), config.today())?;
    let store = Store::connect(&config.database_url, 1).await?;
    store.register_base(&base).await?;
    store.close().await;
    Ok(base.id)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
