//! The HTTP API under `/api/v1` (FORMS.md): catalogue, validate, submit, the applicant's view,
//! health and the OpenAPI document.

use std::sync::Arc;

use aii_rules::forms::{Application, DirectionChange, DirectorAppointment};
use aii_rules::{BaseLookup, BaseRecord, Context, EvaluationContext, FormKind, Locale, Options, Report, UnitCycle, Uscc, Value};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;

use crate::config::Config;
use crate::crypto;
use crate::error::{ApiError, json, json_bytes};
use crate::repo::cache::{ContextCache, kept};
use crate::repo::{Conflict, EvaluationFacts, InsertOutcome, NewIdempotency, NewSubmission, Repository, Store, StoredAnswer};

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
    pub password_checks: Arc<crate::accounts::PasswordChecks>,
    /// Submissions per client address and minute (`--submissions-per-minute`).
    pub submissions: Arc<crate::edge::PerMinute>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        let catalog = serde_json::to_vec(&aii_rules::catalog()).expect("the catalogue serialises");
        let openapi = crate::openapi::document().to_json().expect("the OpenAPI document serialises");
        let context_cache = Arc::new(ContextCache::new(std::time::Duration::from_millis(config.context_cache_ms), store.writes().clone()));
        let password_checks = Arc::new(crate::accounts::PasswordChecks::new(config.password_checks(), std::time::Duration::from_secs(2)));
        let submissions = Arc::new(crate::edge::PerMinute::new(config.submissions_per_minute));
        AppState {
            store,
            config: Arc::new(config),
            context_cache,
            catalog: Bytes::from(catalog),
            openapi: Bytes::from(openapi),
            password_checks,
            submissions,
        }
    }
}

pub fn routes() -> Router<AppState> {
    let routes = Router::new()
        .route("/catalog", get(catalog))
        .route("/forms/{kind}/validate", post(validate))
        .route("/forms/{kind}/submissions", post(submit))
        .route("/submissions/{id}", get(submission))
        .route("/submissions/{id}/document", get(submission_document))
        .route("/submissions/{id}/resubmit", post(resubmit))
        .route("/submissions/{id}/withdraw", post(withdraw))
        .route("/registry", get(crate::registry::public_registry))
        .nest("/admin", crate::admin::routes())
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi));
    // The benchmark's baseline; not in release builds without the feature.
    #[cfg(feature = "bench-echo")]
    let routes = routes
        .route("/_echo", post(crate::bench_echo::echo))
        .route("/_uncached/forms/{kind}/validate", post(crate::bench_echo::validate_uncached));
    routes.fallback(api_not_found)
}

/// A query parameter's raw value (the values read here never need percent-decoding: locale
/// tags and hex tokens).
fn query_param<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// An id from a path or query: one that cannot be ours is unknown, without a query.
pub(crate) fn known_id(id: &str) -> Result<&str, ApiError> {
    if crate::edge::plausible_id(id) { Ok(id) } else { Err(ApiError::NotFound) }
}

/// The messages' locale: `?locale=` (or `?lang=`), else the first `Accept-Language` tag,
/// else Chinese.
pub fn locale_of(headers: &HeaderMap, query: Option<&str>) -> Locale {
    if let Some(tag) = query_param(query, "locale").or_else(|| query_param(query, "lang")) {
        return Locale::parse(tag);
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| Locale::parse(tag.split(';').next().unwrap_or("").trim()))
        .unwrap_or_default()
}

fn form_kind(slug: &str, locale: Locale) -> Result<FormKind, ApiError> {
    FormKind::parse(slug).ok_or(ApiError::UnknownKind { locale })
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = ct.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case("application/json")
        || mime.get(mime.len().saturating_sub(5)..).is_some_and(|s| s.eq_ignore_ascii_case("+json"))
            && mime.get(..12).is_some_and(|s| s.eq_ignore_ascii_case("application/"))
}

/// Reads the body as a JSON document: content type, size, UTF-8, syntax and depth, each
/// refused with its own `input.*` rule before any rule or query runs.
pub(crate) async fn read_document(
    kind: FormKind,
    headers: &HeaderMap,
    body: Body,
    config: &Config,
    locale: Locale,
) -> Result<Value, ApiError> {
    let name = kind.name();
    if !is_json(headers) {
        return Err(ApiError::ContentType { kind: name, locale });
    }
    let max = config.body_limit;
    let too_large = ApiError::TooLarge { kind: name, max, locale };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large);
    }
    let bytes = match Limited::new(body, max).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(too_large),
        // The client went away or sent a broken body: as unreadable as malformed JSON.
        Err(_) => {
            return Err(ApiError::MalformedJson { kind: name, utf8: false, locale });
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(ApiError::MalformedJson { kind: name, utf8: true, locale });
    };
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        // serde_json stops at 128 levels, far above our limit: report it as depth.
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => {
            return Err(ApiError::TooDeep { kind: name, max: config.max_depth, locale });
        }
        Err(_) => {
            return Err(ApiError::MalformedJson { kind: name, utf8: false, locale });
        }
    };
    if doc.depth() > config.max_depth {
        return Err(ApiError::TooDeep { kind: name, max: config.max_depth, locale });
    }
    Ok(doc)
}

/// The keys a submission is stored and constrained under.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    pub unit_uscc: Option<String>,
    /// Application: the cycle; annual assessment: the year; evaluation: `period.from_year`.
    pub cycle: Option<i64>,
    pub base_id: Option<String>,
    /// Evaluation: `period.to_year` (its deadline).
    pub period_to: Option<i64>,
}

/// An integer of the document at `pointer` (anything else: `None`; the rules report it).
fn int_at(doc: &Value, pointer: &str) -> Option<i64> {
    match doc.pointer(pointer) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    }
}

/// The keys of a document: the form is read only in the top-level fields that hold them
/// (the same reading as the rules', without the rest of the form).
pub(crate) fn keys_of(kind: FormKind, doc: &Value) -> Keys {
    // Text holding U+0000 is refused by the rules (`input.type`, reason `nul`) and never
    // looked up: no id holds one, and PostgreSQL cannot even be asked.
    let base = |id: Option<&str>| id.map(str::trim).filter(|s| !s.is_empty() && !s.contains('\0')).map(str::to_owned);
    let base_id_only: &dyn Fn(&str) -> bool = &|field| field == "base_id";
    match kind {
        FormKind::Application => {
            let form = Application::read_some(doc, &|field| field == "unit" || field == "cycle");
            Keys {
                unit_uscc: form.unit.uscc.get().and_then(|s| Uscc::parse(s).ok()).map(|u| u.as_str().to_owned()),
                cycle: form.cycle.get(),
                base_id: None,
                period_to: None,
            }
        }
        FormKind::DirectorAppointment => {
            Keys { base_id: base(DirectorAppointment::read_some(doc, base_id_only).base_id.get()), ..Keys::default() }
        }
        FormKind::DirectionChange => Keys { base_id: base(DirectionChange::read_some(doc, base_id_only).base_id.get()), ..Keys::default() },
        FormKind::AnnualAssessment => {
            Keys { base_id: base(doc.pointer("/base_id").and_then(Value::as_str)), cycle: int_at(doc, "/year"), ..Keys::default() }
        }
        FormKind::Evaluation => Keys {
            base_id: base(doc.pointer("/base_id").and_then(Value::as_str)),
            cycle: int_at(doc, "/period/from_year"),
            period_to: int_at(doc, "/period/to_year"),
            ..Keys::default()
        },
    }
}

/// What an evaluation is checked against (Arts. 22–24): the years its period may start in
/// (the certification year or the next for a first evaluation, else the year after the last
/// evaluated period; a valid evaluation's period is three years, so it ends two years after
/// it starts), the deadline of the period it states (configuration), and the annual
/// assessments on file.
pub(crate) fn evaluation_context(config: &Config, base: &BaseRecord, facts: &EvaluationFacts, keys: &Keys) -> EvaluationContext {
    let period_starts = match facts.evaluated_from_years.iter().max() {
        Some(last_from) => vec![last_from + 3],
        None => base.certified_on.map(|d| vec![i64::from(d.year()), i64::from(d.year()) + 1]).unwrap_or_default(),
    };
    let to_year = keys.period_to.or(keys.cycle.map(|from| from + 2));
    EvaluationContext {
        period_starts,
        deadline: to_year.and_then(|y| config.evaluation_deadline(y)),
        annual_years: facts.annual_years.clone(),
    }
}

/// A stored submission a check is about (a re-check, a decision, a resubmission, a
/// correction's validate): left out of its own look-ups, and judged late or not by the day it
/// was first submitted (Arts. 10, 24(2)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stored<'a> {
    pub id: &'a str,
    pub first_submitted_ms: i64,
}

/// Looks up what the context rules need; `stored` is the submission being checked again,
/// if any (see [`Stored`]). With `cache` (validate only, `repo/cache.rs`), the base and the
/// look-ups without a stored submission reuse kept answers.
pub(crate) async fn context_for(
    store: &Store,
    cache: Option<&ContextCache>,
    config: &Config,
    options: &Options,
    kind: FormKind,
    keys: &Keys,
    stored: Option<Stored<'_>>,
) -> Result<Context, ApiError> {
    let except = stored.map(|s| s.id);
    let mut ctx = Context { first_submitted_on: stored.map(|s| config.date_of(s.first_submitted_ms)), ..Context::default() };
    match kind {
        FormKind::Application => {
            ctx.selection_window = Some(config.selection_window(options.today));
            if let (Some(uscc), Some(cycle)) = (&keys.unit_uscc, keys.cycle) {
                let (from_year, to_year) = config.evaluation_cycle(cycle);
                let taken = match except {
                    Some(_) => store.unit_cycle(uscc, from_year, except).await?,
                    None => kept(cache, |c| &c.unit_cycle, &(uscc.clone(), from_year), store.unit_cycle(uscc, from_year, None)).await?,
                };
                ctx.unit_cycle = Some(UnitCycle { from_year, to_year, taken });
            }
        }
        FormKind::DirectorAppointment | FormKind::DirectionChange => {
            if let Some(id) = &keys.base_id {
                let base = kept(cache, |c| &c.bases, id.as_str(), store.base(id)).await?;
                if kind == FormKind::DirectorAppointment && base.is_some() {
                    ctx.pending_appointments = Some(store.pending_appointments(id, except).await?);
                }
                if kind == FormKind::DirectionChange && base.is_some() {
                    ctx.pending_direction_change = Some(match except {
                        Some(except) => store.pending_direction_change_except(id, except).await?,
                        None => kept(cache, |c| &c.pending_direction_change, id.as_str(), store.pending_direction_change(id)).await?,
                    });
                }
                ctx.base = Some(match base {
                    Some(b) => BaseLookup::Found(b),
                    None => BaseLookup::NotFound,
                });
            }
        }
        FormKind::AnnualAssessment | FormKind::Evaluation => {
            if let Some(id) = &keys.base_id {
                let base = kept(cache, |c| &c.bases, id.as_str(), store.base(id)).await?;
                if let Some(b) = &base {
                    if kind == FormKind::AnnualAssessment {
                        if let Some(year) = keys.cycle {
                            ctx.annual_filed_for_year = Some(match except {
                                Some(_) => store.annual_filed(id, year, except).await?,
                                None => kept(cache, |c| &c.annual_filed, &(id.clone(), year), store.annual_filed(id, year, None)).await?,
                            });
                        }
                    } else {
                        let facts = match except {
                            Some(_) => store.evaluation_facts(id, except).await?,
                            None => kept(cache, |c| &c.evaluation_facts, id.as_str(), store.evaluation_facts(id, None)).await?,
                        };
                        ctx.evaluation = Some(evaluation_context(config, b, &facts, keys));
                    }
                }
                ctx.base = Some(match base {
                    Some(b) => BaseLookup::Found(b),
                    None => BaseLookup::NotFound,
                });
            }
        }
    }
    Ok(ctx)
}

/// Art. 8: the first year of the evaluation cycle an application holds (its constraint's key).
fn eval_cycle(config: &Config, kind: FormKind, keys: &Keys) -> Option<i64> {
    keys.cycle.filter(|_| kind == FormKind::Application).map(|year| config.evaluation_cycle(year).0)
}

pub(crate) fn options(config: &Config, locale: Locale) -> Options {
    Options { locale, today: config.today() }
}

#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    tag = "forms",
    responses((status = 200, description = "The position catalog and the rule catalogue.",
               body = crate::openapi::CatalogDoc))
)]
pub async fn catalog(State(st): State<AppState>) -> Response {
    json_bytes(StatusCode::OK, st.catalog.clone())
}

#[utoipa::path(
    post,
    path = "/api/v1/forms/{kind}/validate",
    tag = "forms",
    params(
        ("kind" = String, Path, description = "`application`, `director-appointment`, `direction-change`, `annual-assessment` or `evaluation`"),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
        ("submission" = Option<String>, Query, description = "Checking the correction of this returned submission (with its receipt): the context leaves the submission itself out, as its resubmission will."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt of `submission`."),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The form document (FORMS.md)."),
    responses(
        (status = 200, description = "Every local and context rule ran; nothing was stored.", body = crate::openapi::ReportDoc),
        (status = 400, description = "Malformed JSON, invalid UTF-8 or nesting too deep.", body = crate::openapi::ReportDoc),
        (status = 401, description = "`submission` without a receipt."),
        (status = 404, description = "Unknown form kind (a report, `input.unknown_kind`), or no `submission` with this id and receipt (`{error, message}`)."),
        (status = 413, description = "Body over the limit.", body = crate::openapi::ReportDoc),
        (status = 415, description = "Not application/json.", body = crate::openapi::ReportDoc),
    )
)]
pub async fn validate(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    validate_with(st, slug, query, headers, body, true).await
}

/// `validate`, its context look-ups reusing kept answers or not (`cached`: the benchmark's
/// `_uncached` route measures both).
pub(crate) async fn validate_with(
    st: AppState,
    slug: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Body,
    cached: bool,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers, query.as_deref());
    let kind = form_kind(&slug, locale)?;
    // A correction is checked as its resubmission will be: without the submission itself.
    let correcting = match query_param(query.as_deref(), "submission").filter(|id| !id.is_empty()) {
        Some(id) => {
            let receipt_hash = crypto::receipt_hash(receipt_of(&headers, query.as_deref())?);
            let view = st.store.submission_view(known_id(id)?, &receipt_hash).await?.ok_or(ApiError::NotFound)?;
            Some((view.id, view.created_at_ms))
        }
        None => None,
    };
    let stored = correcting.as_ref().map(|(id, ms)| Stored { id, first_submitted_ms: *ms });
    let doc = read_document(kind, &headers, body, &st.config, locale).await?;
    let opts = options(&st.config, locale);
    let keys = keys_of(kind, &doc);
    let cache = cached.then_some(&*st.context_cache);
    let ctx = context_for(&st.store, cache, &st.config, &opts, kind, &keys, stored).await?;
    let report = aii_rules::check(kind, &doc, &opts, Some(&ctx));
    Ok(json(StatusCode::OK, &report))
}

/// The idempotency key of a request, if it sent one.
fn idempotency_key(headers: &HeaderMap, kind: FormKind, locale: Locale) -> Result<Option<String>, ApiError> {
    let Some(raw) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match raw.to_str() {
        Ok(key) if (1..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => Ok(Some(key.to_owned())),
        _ => Err(ApiError::BadIdempotencyKey { kind: kind.name(), locale }),
    }
}

/// The stored first answer, rebuilt for a retry carrying the same key and the same request.
fn replay(answer: &StoredAnswer, key: &str, request_hash: &str, kind: FormKind, locale: Locale) -> Result<Response, ApiError> {
    if answer.request_hash != request_hash {
        return Err(ApiError::IdempotencyKeyReused { kind: kind.name(), locale });
    }
    let receipt = crypto::derived_receipt(&answer.receipt_salt, key);
    let body = format!("{}{}{}", answer.answer_head, receipt, answer.answer_tail);
    let status = StatusCode::from_u16(answer.status_code).unwrap_or(StatusCode::CREATED);
    tracing::info!(
        kind = kind.name(),
        id = %answer.submission_id,
        "idempotent retry answered with the first answer"
    );
    Ok(created(status, &answer.submission_id, body))
}

fn created(status: StatusCode, id: &str, body: String) -> Response {
    let mut res = json_bytes(status, body);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/submissions/{id}")) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}

/// The 422 report when a constraint refused the insert: the same check with the context
/// that the constraint revealed, so the issue sits where the rules crate puts it. An
/// evaluation's period is looked up again (the evaluation that won now counts as the last
/// one); `except` is the submission being resubmitted, if any.
#[allow(clippy::too_many_arguments)] // the request's parts, as `submit` and `resubmit` hold them
async fn refused_by(
    st: &AppState,
    conflict: Conflict,
    kind: FormKind,
    doc: &Value,
    opts: &Options,
    keys: &Keys,
    mut ctx: Context,
    stored: Option<Stored<'_>>,
) -> Result<Report, ApiError> {
    match conflict {
        Conflict::OnePerCycle => {
            if let Some(c) = ctx.unit_cycle.as_mut() {
                c.taken = aii_rules::CycleTaken::Applied;
            }
        }
        Conflict::OnePendingDirectionChange => ctx.pending_direction_change = Some(true),
        Conflict::OnePerYear => ctx.annual_filed_for_year = Some(true),
        Conflict::OneEvaluationPerPeriod => {
            ctx = context_for(&st.store, None, &st.config, opts, kind, keys, stored).await?;
            // Should the winner have gone again meanwhile, the period is still refused.
            if let (Some(e), Some(from)) = (ctx.evaluation.as_mut(), keys.cycle) {
                e.period_starts.retain(|y| *y != from);
            }
        }
    }
    Ok(aii_rules::check(kind, doc, opts, Some(&ctx)))
}

#[utoipa::path(
    post,
    path = "/api/v1/forms/{kind}/submissions",
    tag = "forms",
    params(
        ("kind" = String, Path, description = "`application`, `director-appointment`, `direction-change`, `annual-assessment` or `evaluation`"),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$",
         description = "1–200 visible ASCII characters: a retry with the same key and document gets the first answer, byte for byte, and stores nothing twice."),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The form document (FORMS.md)."),
    responses(
        (status = 201, description = "Accepted and stored.", body = crate::openapi::SubmittedDoc),
        (status = 422, description = "The report has errors; nothing was stored.", body = crate::openapi::ReportDoc),
        (status = 400, description = "Malformed JSON, invalid UTF-8, nesting too deep, or a bad Idempotency-Key.", body = crate::openapi::ReportDoc),
        (status = 404, description = "Unknown form kind.", body = crate::openapi::ReportDoc),
        (status = 409, description = "The Idempotency-Key was used for a different document.", body = crate::openapi::ReportDoc),
        (status = 413, description = "Body over the limit.", body = crate::openapi::ReportDoc),
        (status = 415, description = "Not application/json.", body = crate::openapi::ReportDoc),
        (status = 429, description = "Too many submissions from this client address in a minute (`--submissions-per-minute`; Retry-After)."),
    )
)]
pub async fn submit(
    State(st): State<AppState>,
    crate::edge::Client(client): crate::edge::Client,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers, query.as_deref());
    let kind = form_kind(&slug, locale)?;
    st.submissions.take(client).map_err(|retry_after_secs| ApiError::TooManySubmissions { retry_after_secs })?;
    let key = idempotency_key(&headers, kind, locale)?;
    let doc = read_document(kind, &headers, body, &st.config, locale).await?;
    let request_hash = crypto::request_hash(kind, &doc);
    let key_hash = key.as_deref().map(crypto::key_hash);
    if let (Some(key), Some(key_hash)) = (&key, &key_hash)
        && let Some(answer) = st.store.stored_answer(key_hash).await?
    {
        return replay(&answer, key, &request_hash, kind, locale);
    }

    let opts = options(&st.config, locale);
    let keys = keys_of(kind, &doc);
    let ctx = context_for(&st.store, None, &st.config, &opts, kind, &keys, None).await?;
    let report = aii_rules::check(kind, &doc, &opts, Some(&ctx));
    if !report.valid {
        // A concurrent retry with the same key may have committed since the look-up above
        // (its row is what the context rules saw): then its answer is this request's answer.
        if let (Some(key), Some(key_hash)) = (&key, &key_hash)
            && let Some(answer) = st.store.stored_answer(key_hash).await?
        {
            return replay(&answer, key, &request_hash, kind, locale);
        }
        tracing::info!(kind = kind.name(), errors = report.errors().count(), "submission refused");
        return Err(ApiError::Rejected(report));
    }

    let now_ms = crate::time::now_ms();
    let id = crypto::submission_id(now_ms);
    let salt = crypto::random_hex(16);
    let receipt = match &key {
        Some(key) => crypto::derived_receipt(&salt, key),
        None => crypto::new_receipt(),
    };
    let head = format!(r#"{{"id":{},"status":"submitted","receipt":""#, serde_json::to_string(&id).expect("a string serialises"));
    let tail = format!(r#"","issues":{}}}"#, serde_json::to_string(&report.issues).expect("issues serialise"));
    let new = NewSubmission {
        id: id.clone(),
        kind,
        document: serde_json::to_string(&doc).expect("a Value serialises"),
        report: serde_json::to_string(&report).expect("a report serialises"),
        ruleset_version: aii_rules::RULESET_VERSION.to_owned(),
        content_hash: crypto::content_hash(&doc),
        receipt_hash: crypto::receipt_hash(&receipt),
        unit_uscc: keys.unit_uscc.clone(),
        cycle: keys.cycle,
        eval_cycle: eval_cycle(&st.config, kind, &keys),
        base_id: keys.base_id.clone(),
        now_ms,
        listing: crate::review::listing(kind, &doc, &report),
        idempotency: key_hash.map(|key_hash| NewIdempotency {
            key_hash,
            request_hash: request_hash.clone(),
            receipt_salt: salt,
            status_code: StatusCode::CREATED.as_u16(),
            answer_head: head.clone(),
            answer_tail: tail.clone(),
        }),
    };
    match st.store.insert_submission(&new).await? {
        InsertOutcome::Inserted => {
            tracing::info!(kind = kind.name(), id = %id, "submission accepted");
            Ok(created(StatusCode::CREATED, &id, format!("{head}{receipt}{tail}")))
        }
        InsertOutcome::Replay(answer) => replay(&answer, key.as_deref().unwrap_or_default(), &request_hash, kind, locale),
        InsertOutcome::Conflict(conflict) => {
            tracing::info!(kind = kind.name(), ?conflict, "submission refused by a constraint");
            Err(ApiError::Rejected(refused_by(&st, conflict, kind, &doc, &opts, &keys, ctx, None).await?))
        }
    }
}

/// The applicant's view of a submission.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubmissionStatus {
    pub id: String,
    /// `application`, `director_appointment`, `direction_change`, `annual_assessment` or
    /// `evaluation`.
    pub kind: String,
    /// RULES.md's workflow: submitted, under_review, site_check, publicity, approved,
    /// certified, rejected, returned, withdrawn, voided; annual assessments: filed;
    /// evaluations: qualified, unqualified.
    pub status: String,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    pub updated_at: String,
    pub ruleset_version: String,
    /// SHA-256 of the canonical document (keys sorted, compact).
    pub content_hash: String,
    /// The base the submission is about or, for a certified application, the base it created
    /// (its id is the `base_id` of appointments, direction changes and Chapter 6's forms).
    pub base: Option<BaseRef>,
    pub history: Vec<HistoryItem>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BaseRef {
    pub id: String,
    /// The Art. 12 name: 工业互联网产业联盟＋简称＋实训基地（责任单位名称）.
    pub full_name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryItem {
    pub status: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub note: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/submissions/{id}",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id from the 201 answer."),
        ("receipt" = Option<String>, Query, description = "The receipt token (or send X-Receipt)."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt token."),
    ),
    responses(
        (status = 200, description = "Status and history.", body = SubmissionStatus),
        (status = 400, description = "The query holds U+0000."),
        (status = 401, description = "No receipt token."),
        (status = 404, description = "No submission with this id and receipt."),
    )
)]
pub async fn submission(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let receipt = receipt_of(&headers, query.as_deref())?;
    let view = st.store.submission_view(known_id(&id)?, &crypto::receipt_hash(receipt)).await?.ok_or(ApiError::NotFound)?;
    let out = SubmissionStatus {
        id: view.id,
        kind: view.kind,
        status: view.status,
        submitted_at: crate::time::rfc3339(view.created_at_ms),
        updated_at: crate::time::rfc3339(view.updated_at_ms),
        ruleset_version: view.ruleset_version,
        content_hash: view.content_hash,
        base: view.base.map(|(id, full_name)| BaseRef { id, full_name }),
        history: view
            .history
            .into_iter()
            .map(|h| HistoryItem { status: h.status, at: crate::time::rfc3339(h.at_ms), note: h.note })
            .collect(),
    };
    Ok(private_json(&out))
}

/// The document of a submission as last sent, for its applicant to correct it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubmittedDocument {
    pub id: String,
    pub kind: String,
    pub status: String,
    /// The form document (FORMS.md) as the applicant last sent it.
    #[schema(value_type = Object)]
    pub document: Value,
}

/// The applicant's own document, by id and receipt: what the "correct and resubmit" page starts
/// from when the secretariat returned a submission. Personal data is shown only to the holder of
/// the receipt, and never cached.
#[utoipa::path(
    get,
    path = "/api/v1/submissions/{id}/document",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id from the 201 answer."),
        ("receipt" = Option<String>, Query, description = "The receipt token (or send X-Receipt)."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt token."),
    ),
    responses(
        (status = 200, description = "The document as last sent.", body = SubmittedDocument),
        (status = 400, description = "The query holds U+0000."),
        (status = 401, description = "No receipt token."),
        (status = 404, description = "No submission with this id and receipt."),
    )
)]
pub async fn submission_document(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let receipt = receipt_of(&headers, query.as_deref())?;
    let found = st.store.submission_document(known_id(&id)?, &crypto::receipt_hash(receipt)).await?.ok_or(ApiError::NotFound)?;
    let document: Value =
        serde_json::from_str(&found.document).map_err(|e| ApiError::Internal(crate::repo::RepoError(sqlx::Error::Decode(e.into()))))?;
    let out = SubmittedDocument { id, kind: found.kind, status: found.status, document };
    Ok(private_json(&out))
}

/// A 200 answer of the receipt holder's own data: never kept by a cache.
fn private_json<T: Serialize>(out: &T) -> Response {
    let mut res = json(StatusCode::OK, out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The receipt token of a request: the `X-Receipt` header or the `receipt` query parameter.
fn receipt_of<'r>(headers: &'r HeaderMap, query: Option<&'r str>) -> Result<&'r str, ApiError> {
    headers
        .get("x-receipt")
        .and_then(|v| v.to_str().ok())
        .or_else(|| query_param(query, "receipt"))
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or(ApiError::ReceiptRequired)
}

/// The answer to an accepted resubmission.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Resubmitted {
    pub id: String,
    /// Always `submitted`.
    pub status: String,
    /// The warnings (with their justifications) and infos it was accepted with.
    #[schema(value_type = Vec<crate::openapi::IssueDoc>)]
    pub issues: Vec<aii_rules::ReportIssue>,
}

/// A returned submission corrected by the applicant: re-checked like a new submission (every
/// rule, with the context that leaves the submission itself out), then stored in its place.
#[utoipa::path(
    post,
    path = "/api/v1/submissions/{id}/resubmit",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id."),
        ("receipt" = Option<String>, Query, description = "The receipt token (or send X-Receipt)."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt token."),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The corrected document (FORMS.md), of the submission's own kind."),
    responses(
        (status = 200, description = "Re-checked and accepted; the submission is `submitted` again.", body = Resubmitted),
        (status = 400, description = "The query holds U+0000, or the body is malformed JSON, invalid UTF-8 or nested too deep.", body = crate::openapi::ReportDoc),
        (status = 401, description = "No receipt token."),
        (status = 404, description = "No submission with this id and receipt."),
        (status = 409, description = "`review.resubmit`: the submission is not returned for correction.", body = crate::openapi::ReportDoc),
        (status = 422, description = "The report has errors; nothing changed.", body = crate::openapi::ReportDoc),
        (status = 429, description = "Too many submissions from this client address in a minute (Retry-After)."),
    )
)]
pub async fn resubmit(
    State(st): State<AppState>,
    crate::edge::Client(client): crate::edge::Client,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers, query.as_deref());
    let receipt_hash = crypto::receipt_hash(receipt_of(&headers, query.as_deref())?);
    st.submissions.take(client).map_err(|retry_after_secs| ApiError::TooManySubmissions { retry_after_secs })?;
    let view = st.store.submission_view(known_id(&id)?, &receipt_hash).await?.ok_or(ApiError::NotFound)?;
    let kind = FormKind::parse(&view.kind).ok_or(ApiError::NotFound)?;
    let refuse_status = |current: &str| {
        let params = aii_rules::Params::new().with("from", current.to_owned()).with("to", "submitted");
        let issue = crate::review::review_issue(kind, "review.resubmit", "", params, locale);
        ApiError::Review(StatusCode::CONFLICT, crate::error::refusal(kind.name(), issue))
    };
    if view.status != "returned" {
        return Err(refuse_status(&view.status));
    }
    let doc = read_document(kind, &headers, body, &st.config, locale).await?;
    let opts = options(&st.config, locale);
    let keys = keys_of(kind, &doc);
    let stored = Stored { id: &id, first_submitted_ms: view.created_at_ms };
    let ctx = context_for(&st.store, None, &st.config, &opts, kind, &keys, Some(stored)).await?;
    let report = aii_rules::check(kind, &doc, &opts, Some(&ctx));
    if !report.valid {
        return Err(ApiError::Rejected(report));
    }
    let r = crate::repo::Resubmission {
        id: id.clone(),
        receipt_hash,
        kind,
        document: serde_json::to_string(&doc).expect("a Value serialises"),
        report: serde_json::to_string(&report).expect("a report serialises"),
        ruleset_version: aii_rules::RULESET_VERSION.to_owned(),
        content_hash: crypto::content_hash(&doc),
        unit_uscc: keys.unit_uscc.clone(),
        cycle: keys.cycle,
        eval_cycle: eval_cycle(&st.config, kind, &keys),
        base_id: keys.base_id.clone(),
        listing: crate::review::listing(kind, &doc, &report),
        now_ms: crate::time::now_ms(),
    };
    match st.store.resubmit(&r).await? {
        crate::repo::ResubmitOutcome::Done => {
            tracing::info!(kind = kind.name(), id = %id, "returned submission resubmitted");
            Ok(json(StatusCode::OK, &Resubmitted { id, status: "submitted".into(), issues: report.issues }))
        }
        crate::repo::ResubmitOutcome::NotFound => Err(ApiError::NotFound),
        crate::repo::ResubmitOutcome::NotReturned { current } => Err(refuse_status(&current)),
        crate::repo::ResubmitOutcome::Conflict(conflict) => {
            Err(ApiError::Rejected(refused_by(&st, conflict, kind, &doc, &opts, &keys, ctx, Some(stored)).await?))
        }
    }
}

/// The answer to a withdrawal.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Withdrawn {
    pub id: String,
    /// Always `withdrawn`.
    pub status: String,
}

/// The applicant withdraws a submission the secretariat has not yet taken up (PROCEDURE.md:
/// while it is `submitted`). A withdrawn application no longer holds its unit's evaluation
/// cycle (Art. 8). No body; the receipt is the authority, as for every applicant's route.
#[utoipa::path(
    post,
    path = "/api/v1/submissions/{id}/withdraw",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id."),
        ("receipt" = Option<String>, Query, description = "The receipt token (or send X-Receipt)."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt token."),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
    ),
    responses(
        (status = 200, description = "Withdrawn; in the history and the audit log.", body = Withdrawn),
        (status = 400, description = "The query holds U+0000."),
        (status = 401, description = "No receipt token."),
        (status = 404, description = "No submission with this id and receipt."),
        (status = 409, description = "`review.withdraw`: the submission is no longer `submitted`.", body = crate::openapi::ReportDoc),
    )
)]
pub async fn withdraw(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers, query.as_deref());
    let receipt_hash = crypto::receipt_hash(receipt_of(&headers, query.as_deref())?);
    match st.store.withdraw(known_id(&id)?, &receipt_hash, crate::time::now_ms()).await? {
        crate::repo::WithdrawOutcome::Done => {
            tracing::info!(id = %id, "submission withdrawn by its applicant");
            Ok(json(StatusCode::OK, &Withdrawn { id, status: "withdrawn".into() }))
        }
        crate::repo::WithdrawOutcome::NotFound => Err(ApiError::NotFound),
        crate::repo::WithdrawOutcome::NotSubmitted { current } => {
            // The kind only names the report; the submission is known to exist.
            let kind =
                st.store.submission_view(&id, &receipt_hash).await?.and_then(|v| FormKind::parse(&v.kind)).unwrap_or(FormKind::Application);
            let params = aii_rules::Params::new().with("from", current).with("to", "withdrawn");
            let issue = crate::review::review_issue(kind, "review.withdraw", "", params, locale);
            Err(ApiError::Review(StatusCode::CONFLICT, crate::error::refusal(kind.name(), issue)))
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    pub ruleset_version: &'static str,
}

#[utoipa::path(
    get,
    path = "/api/v1/healthz",
    tag = "operations",
    responses(
        (status = 200, description = "Up, database reachable.", body = Health),
        (status = 503, description = "The database does not answer.", body = Health),
    )
)]
pub async fn healthz(State(st): State<AppState>) -> Response {
    let ok = match st.store.ping().await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            false
        }
    };
    let health =
        Health { status: if ok { "ok" } else { "unavailable" }, database: st.store.backend(), ruleset_version: aii_rules::RULESET_VERSION };
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    json(status, &health)
}

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "operations",
    responses((status = 200, description = "This document."))
)]
pub async fn openapi(State(st): State<AppState>) -> Response {
    json_bytes(StatusCode::OK, st.openapi.clone())
}

async fn api_not_found() -> Response {
    #[derive(Serialize)]
    struct NotFound {
        error: &'static str,
        message: &'static str,
    }
    json(StatusCode::NOT_FOUND, &NotFound { error: "not_found", message: "no such endpoint; see /api/v1/openapi.json" }).into_response()
}

#[cfg(test)]
mod tests {
    use aii_rules::FormKind;
    use aii_rules::forms::{Application, DirectionChange, DirectorAppointment};

    use super::{Value, keys_of};

    /// Reading only the key fields gives the keys the whole form's reading gives.
    #[test]
    fn keys_read_from_the_key_fields_alone_match_the_whole_reading() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/examples");
        let example = |name: &str| -> serde_json::Value {
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{name}.valid.json")).unwrap()).unwrap()
        };
        let app = example("application");
        let mut apps = vec![app.clone()];
        for (pointer, v) in [
            ("/unit/uscc", serde_json::json!("  ")),
            ("/unit/uscc", serde_json::json!(7)),
            ("/unit/uscc", serde_json::json!("91310115 3756893422")),
            ("/unit", serde_json::json!("x")),
            ("/cycle", serde_json::json!("2027")),
            ("/cycle", serde_json::Value::Null),
        ] {
            let mut d = app.clone();
            *d.pointer_mut(pointer).unwrap() = v;
            apps.push(d);
        }
        for doc in &apps {
            let doc: Value = serde_json::from_value(doc.clone()).unwrap();
            let keys = keys_of(FormKind::Application, &doc);
            let whole = Application::read(&doc);
            let uscc = whole.unit.uscc.get().and_then(|s| aii_rules::Uscc::parse(s).ok()).map(|u| u.as_str().to_owned());
            assert_eq!((keys.unit_uscc, keys.cycle), (uscc, whole.cycle.get()));
        }
        for (name, kind) in [("director_appointment", FormKind::DirectorAppointment), ("direction_change", FormKind::DirectionChange)] {
            for base_id in [serde_json::json!(" b-1 "), serde_json::json!(""), serde_json::json!(3), serde_json::Value::Null] {
                let mut d = example(name);
                d["base_id"] = base_id;
                let doc: Value = serde_json::from_value(d).unwrap();
                let whole = match kind {
                    FormKind::DirectorAppointment => DirectorAppointment::read(&doc).base_id.get(),
                    _ => DirectionChange::read(&doc).base_id.get(),
                };
                let expected = whole.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
                assert_eq!(keys_of(kind, &doc).base_id, expected);
            }
        }
    }
}
