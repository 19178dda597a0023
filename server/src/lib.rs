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

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub mod accounts;
pub mod admin;
pub mod api;
pub mod attachments;
pub mod base;
pub mod base_page;
#[cfg(feature = "bench-echo")]
mod bench_echo;
pub mod certificate;
pub mod check;
pub mod config;
mod conn;
pub mod crypto;
pub mod edge;
pub mod embed;
pub mod error;
pub mod export;
pub mod extract;
pub mod openapi;
pub mod outbox;
mod params;
pub mod procedure;
pub mod registry;
pub mod repo;
pub mod review;
pub mod session;
pub mod time;
pub mod web;

pub use config::{Cli, Command, Config};
pub use repo::{Repository, Store};

use repo::cache::ContextCache;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// Validate's context look-ups, kept while nothing was written (`repo/cache.rs`).
    pub context_cache: Arc<ContextCache>,
    /// `GET /catalog` never changes while the server runs: serialised once.
    pub catalog: Bytes,
    pub openapi: Bytes,
    /// The review desk's password checks, a few at a time (`accounts.rs`).
    pub password_checks: Arc<accounts::PasswordChecks>,
    /// Submissions per client address and minute (`--submissions-per-minute`).
    pub submissions: Arc<edge::PerMinute>,
    /// Uploads per client address and minute (`--uploads-per-minute`).
    pub uploads: Arc<edge::PerMinute>,
    /// The attachments' bytes (`--files-dir` or `--object-store-url`).
    pub files: attachments::storage::Files,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        let catalog = serde_json::to_vec(&aii_rules::catalog()).expect("the catalogue serialises");
        let openapi = openapi::document().to_json().expect("the OpenAPI document serialises");
        let context_cache = Arc::new(ContextCache::new(std::time::Duration::from_millis(config.context_cache_ms), store.writes().clone()));
        let password_checks = Arc::new(accounts::PasswordChecks::new(config.password_checks(), std::time::Duration::from_secs(2)));
        let submissions = Arc::new(edge::PerMinute::new(config.submissions_per_minute));
        let uploads = Arc::new(edge::PerMinute::new(config.uploads_per_minute));
        let files = attachments::storage::Files::new(&config);
        AppState {
            store,
            config: Arc::new(config),
            context_cache,
            catalog: Bytes::from(catalog),
            openapi: Bytes::from(openapi),
            password_checks,
            submissions,
            uploads,
            files,
        }
    }
}

/// Every route under `/api/v1`: the applicant's (`api.rs`), the registry's (`registry.rs`)
/// and the review desk's (`admin.rs`, behind its session guard).
fn api_routes() -> Router<AppState> {
    let routes = Router::new()
        .route("/catalog", get(api::catalog))
        .route("/forms/{kind}/validate", post(api::validate::<true>))
        .route("/forms/{kind}/submissions", post(api::submit))
        .route("/submissions/{id}", get(api::submission))
        .route("/submissions/{id}/document", get(api::submission_document))
        .route("/submissions/{id}/resubmit", post(api::resubmit))
        .route("/submissions/{id}/withdraw", post(api::withdraw))
        .route("/submissions/{id}/attachments/{attachment}", get(attachments::applicant_file))
        .route("/uploads", post(attachments::upload))
        .route("/registry", get(registry::public_registry))
        .route("/publicity", get(procedure::notices::public_notices))
        .route("/publicity/items/{item}/objections", post(procedure::notices::file_objection))
        .route("/verify/{number}", get(certificate::verify))
        .route("/verify/{number}/qr.svg", get(certificate::qr))
        .route("/results", get(certificate::results))
        .route("/bases/{id}/own", get(base_page::own))
        .nest("/admin", admin_routes())
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(api::openapi));
    // The benchmark's baseline; not in release builds without the feature.
    #[cfg(feature = "bench-echo")]
    let routes = routes.route("/_echo", post(bench_echo::echo)).route("/_uncached/forms/{kind}/validate", post(api::validate::<false>));
    routes.fallback(api::api_not_found)
}

/// The review desk's routes, each behind [`session::guarded`].
fn admin_routes() -> Router<AppState> {
    use session::guarded;
    Router::new()
        .route("/login", guarded(post(admin::login)))
        .route("/logout", guarded(post(admin::logout)))
        .route("/session", guarded(get(admin::session)))
        .route("/submissions", guarded(get(admin::list)))
        .route("/submissions/{id}", guarded(get(admin::detail)))
        .route("/submissions/{id}/decisions", guarded(post(admin::decide)))
        .route("/submissions/{id}/reveal", guarded(post(admin::reveal)))
        .route("/submissions/{id}/attachments/{attachment}", guarded(get(attachments::desk_file)))
        .route("/reviews/{id}/attachments/{attachment}", guarded(get(attachments::expert_file)))
        .route("/export.csv", guarded(get(admin::export_csv)))
        .route("/export.xlsx", guarded(get(admin::export_xlsx)))
        .route("/registry", guarded(get(registry::admin_registry)))
        .route("/registry/due", guarded(get(registry::admin_registry_due)))
        .route("/registry/{id}", guarded(get(registry::admin_registry_base)))
        .route("/experts", guarded(get(procedure::experts::list_experts).post(procedure::experts::create_expert)))
        .route("/submissions/{id}/assignments", guarded(post(procedure::experts::assign)))
        .route("/submissions/{id}/opinions", guarded(get(procedure::experts::opinions)))
        .route("/submissions/{id}/site-check", guarded(post(procedure::experts::site_check)))
        .route("/rounds/{year}", guarded(get(procedure::experts::round)))
        .route("/reviews", guarded(get(procedure::experts::reviews)))
        .route("/reviews/{id}", guarded(get(procedure::experts::review)))
        .route("/reviews/{id}/opinion", guarded(post(procedure::experts::file_opinion)))
        .route("/reviews/{id}/conflict", guarded(post(procedure::experts::declare_conflict)))
        .route("/notices", guarded(get(procedure::notices::list_notices).post(procedure::notices::open_notice)))
        .route("/notices/{id}/objections", guarded(get(procedure::notices::notice_objections)))
        .route("/objections/{id}/resolution", guarded(post(procedure::notices::resolve)))
        .route("/registry/{id}/revocation", guarded(post(certificate::revoke)))
        .route("/registry/{id}/key", guarded(post(base_page::replace_key)))
        .fallback(session::not_found)
}

/// The router for a connected store.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    // `GET /api/v1/catalog`'s text, serialised once, is also the widget's `aii-catalog.json`.
    let catalog = state.catalog.clone();
    let body = edge::BodyRead { limit: config.body_limit, timeout: config.body_timeout() };
    // `Router::layer`: the last layer added is the outermost. From the outside in: the trace,
    // the edge (U+0000 in the URL; security headers), the timeout (so a request waiting for a
    // slot is bounded too), the body read in full (within `--body-timeout-secs`, before the
    // request takes a slot: a slow sender holds no slot), the concurrency limit (one semaphore
    // for all routes).
    Router::new()
        .nest("/api/v1", api_routes())
        .merge(web::routes(&config.static_dir))
        .with_state(state)
        .nest("/embed", embed::routes(config.clone(), catalog))
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency_limit))
        .layer(axum::middleware::from_fn_with_state(body, edge::read_body_first))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout()))
        .layer(axum::middleware::from_fn(edge::edge))
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
    let (router, store, _) = app_state(config).await?;
    Ok((router, store))
}

/// [`app`], with the state its handlers share (for the attachments' sweep and the tests).
pub async fn app_state(config: Config) -> anyhow::Result<(Router, Store, AppState)> {
    config.check()?;
    let store = Store::connect(&config.database_url, config.db_max_connections).await?;
    store.ensure_cycle_origin(config.cycle_origin).await?;
    let state = AppState::new(store.clone(), config);
    let router = router(state.clone());
    Ok((router, store, state))
}

/// How often the reminders are looked for (they are due by the day: an hour catches a new day
/// soon enough, and a missed day is caught up).
const REMINDER_ROUND: std::time::Duration = std::time::Duration::from_secs(3600);

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let (listen, limits) = (config.listen, ConnectionLimits::of(&config));
    let mail = outbox::worker::Options::from_config(&config)?;
    let (router, store, state) = app_state(config).await?;
    tokio::spawn(attachments::sweeper(state.clone()));
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!(
        addr = %listener.local_addr()?,
        database = store.backend(),
        ruleset = aii_rules::RULESET_VERSION,
        "listening"
    );
    // The e-mail worker (`outbox/worker.rs`): it sends what the requests queue.
    let (stop_mail, mail_worker) = outbox::worker::Worker::new(store.clone(), mail).spawn();
    // The reminders of what bases must file (`outbox::remind`), hourly, queued for that worker.
    let (stop_reminders, reminders) = outbox::spawn_reminders(state, REMINDER_ROUND);
    serve_connections(listener, router, limits, shutdown_signal()).await;
    tracing::info!("shutting down");
    // The message in hand is finished (an SMTP attempt times out within a minute).
    let _ = stop_reminders.send(true);
    let _ = reminders.await;
    let _ = stop_mail.send(true);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(60), mail_worker).await;
    store.close().await;
    Ok(())
}

/// What a connection may take (issue 22: slow and silent clients are cut off).
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// `--header-timeout-secs`: to send the first byte, then to finish a request's headers.
    pub header_timeout: std::time::Duration,
    /// `--idle-timeout-secs`: with no request in flight (HTTP/1.1 keep-alive, HTTP/2, an HTTP/2
    /// stream whose headers never end), then the connection is closed.
    pub idle_timeout: std::time::Duration,
    /// `--request-timeout-secs`: at shutdown, how long the requests in flight may still take.
    pub request_timeout: std::time::Duration,
    /// `--max-connections-per-client` (0: none).
    pub max_per_client: usize,
    /// Not limited per client (all their clients arrive from them).
    pub trusted_proxies: Vec<config::IpNet>,
}

impl ConnectionLimits {
    pub fn of(config: &Config) -> ConnectionLimits {
        ConnectionLimits {
            header_timeout: config.header_timeout(),
            idle_timeout: config.idle_timeout(),
            request_timeout: config.request_timeout(),
            max_per_client: config.max_connections_per_client,
            trusted_proxies: config.trusted_proxies.clone(),
        }
    }
}

/// Serves the connections of `listener` until `shutdown` resolves, then waits for the
/// connections in flight to finish. Unlike `axum::serve`:
/// - a connection that sends nothing within `header_timeout` is closed, and one that sends
///   part of a request's headers gets `header_timeout` to finish them (hyper's timer);
/// - a connection with no request in flight for `idle_timeout` is shut down gracefully, and
///   closed if it is still open `header_timeout` later (an idle HTTP/2 connection, HTTP/2
///   headers never finished, a keep-alive connection nobody uses);
/// - one client address holds at most `max_per_client` connections (trusted proxies aside);
///   more are closed at once.
///
/// The peer address reaches the handlers as `ConnectInfo` (login limits).
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioTimer};
    use hyper_util::server::conn::auto::Builder;

    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    builder.http2().timer(TokioTimer::new());
    let builder = std::sync::Arc::new(builder);
    let per_client = std::sync::Arc::new(conn::PerClient::new(limits.max_per_client));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
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
        while connections.try_join_next().is_some() {}
        let trusted = limits.trusted_proxies.iter().any(|n| n.contains(remote.ip()));
        let slot = if trusted {
            None
        } else {
            match per_client.enter(remote.ip()) {
                Some(slot) => Some(slot),
                None => {
                    tracing::debug!("connection refused: too many from this client");
                    continue;
                }
            }
        };
        let connection = conn::serve_one(stream, remote, router.clone(), builder.clone(), limits.clone(), stopping.clone());
        connections.spawn(async move {
            let _slot = slot;
            connection.await;
        });
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
}

/// Registers a base from a file (see [`base::BaseFile`]) and returns its id.
pub async fn register_base(config: &Config, file: &std::path::Path) -> anyhow::Result<String> {
    let base = base::read_file(file, time::now_ms(), config.today())?;
    let store = Store::connect(&config.database_url, 1).await?;
    store.register_base(&base).await?;
    store.close().await;
    Ok(base.identity.id)
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
