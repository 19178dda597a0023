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
pub mod error;
pub mod export;
pub mod openapi;
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
    // `Router::layer`: the last layer added is the outermost. From the outside in: the trace,
    // the timeout (so a request waiting for a slot is bounded too), the concurrency limit
    // (one semaphore for all routes).
    Router::new()
        .nest("/api/v1", api::routes())
        .merge(web::routes(&config.static_dir))
        .with_state(state)
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
    let router = router(AppState::new(store.clone(), config));
    Ok((router, store))
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listen = config.listen;
    let (router, store) = app(config).await?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!(
        addr = %listener.local_addr()?,
        database = store.backend(),
        ruleset = aii_rules::RULESET_VERSION,
        "listening"
    );
    // The peer address reaches the handlers for the login rate limit.
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("shutting down");
    store.close().await;
    Ok(())
}

/// Registers a base from a file (see [`base::BaseFile`]) and returns its id.
pub async fn register_base(config: &Config, file: &std::path::Path) -> anyhow::Result<String> {
    let base = base::read_file(file, time::now_ms())?;
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
