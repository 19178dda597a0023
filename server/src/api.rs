//! The applicant's HTTP API under `/api/v1` (FORMS.md): catalogue, validate, submit, the
//! applicant's view, resubmit, withdraw, health and the OpenAPI document. Every check goes
//! through [`crate::check`]; a submission and a resubmission share one path ([`file`]).

use aii_api::{BaseRef, Health, Plain, Resubmitted, Status, SubmissionStatus, Submitted, SubmittedDocument, Withdrawn};
use aii_rules::{FormKind, Locale, ReportIssue, Value};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use crate::AppState;
use crate::attachments;
use crate::check::{self, Stored};
use crate::crypto;
use crate::edge::Client;
use crate::error::{ApiError, json, json_bytes};
use crate::extract::{Document, IdempotencyKey, Lang, Receipt, known_id, query_param};
use crate::params::{ReceiptParams, ReceiptRefusals};
use crate::repo::{Conflict, InsertOutcome, NewIdempotency, NewSubmission, Repository, ResubmitOutcome, StoredAnswer, WithdrawOutcome};
use crate::review;

fn form_kind(slug: &str, locale: Locale) -> Result<FormKind, ApiError> {
    FormKind::parse(slug).ok_or(ApiError::UnknownKind { locale })
}

#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    tag = "forms",
    responses((status = 200, description = "The position catalog and the rule catalogue.",
               body = aii_api::schema::CatalogDoc))
)]
pub async fn catalog(State(st): State<AppState>) -> Response {
    json_bytes(StatusCode::OK, st.catalog.clone())
}

#[utoipa::path(
    post,
    path = "/api/v1/forms/{kind}/validate",
    tag = "forms",
    params(
        ("kind" = String, Path, description = "`application`, `director-appointment`, `direction-change`, `annual-assessment`, `evaluation` or `training-plan`"),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
        ("submission" = Option<String>, Query, description = "Checking the correction of this returned submission (with its receipt): the context leaves the submission itself out, as its resubmission will."),
        ("X-Receipt" = Option<String>, Header, description = "The receipt of `submission`."),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The form document (FORMS.md)."),
    responses(
        (status = 200, description = "Every local and context rule ran; nothing was stored.", body = aii_api::schema::ReportDoc),
        (status = 400, description = "Malformed JSON, invalid UTF-8 or nesting too deep.", body = aii_api::schema::ReportDoc),
        (status = 401, description = "`submission` without a receipt."),
        (status = 404, description = "Unknown form kind (a report, `input.unknown_kind`), or no `submission` with this id and receipt (`{error, message}`)."),
        (status = 413, description = "Body over the limit.", body = aii_api::schema::ReportDoc),
        (status = 415, description = "Not application/json.", body = aii_api::schema::ReportDoc),
    )
)]
// `CACHED`: the context look-ups may reuse kept answers (`false` only on the benchmark's
// `_uncached` route, `bench_echo.rs`). (A doc comment would be the operation's description.)
pub async fn validate<const CACHED: bool>(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Lang(locale): Lang,
    RawQuery(query): RawQuery,
    receipt: Option<Receipt>,
    doc: Document,
) -> Result<Response, ApiError> {
    let kind = form_kind(&slug, locale)?;
    // A correction is checked as its resubmission will be: without the submission itself.
    let correcting = match query_param(query.as_deref(), "submission").filter(|id| !id.is_empty()) {
        Some(id) => {
            let receipt = receipt.ok_or(ApiError::ReceiptRequired)?;
            let view = st.store.submission_view(known_id(id)?, &receipt.hash()).await?.ok_or(ApiError::NotFound)?;
            Some((view.id, view.created_at_ms))
        }
        None => None,
    };
    let stored = correcting.as_ref().map(|(id, ms)| Stored { id, first_submitted_ms: *ms });
    let doc = doc.read(kind, locale)?;
    let checked = check::check(&st, kind, &doc, &check::options(&st.config, locale), stored, CACHED).await?;
    Ok(json(StatusCode::OK, &checked.report))
}

/// A request's `Idempotency-Key`, as it is stored: the key itself (a retry's receipt derives
/// from it), its hash and the hash of the request it came with.
struct Idempotent {
    key: String,
    key_hash: String,
    request_hash: String,
}

/// The stored first answer, rebuilt for a retry carrying the same key and the same request.
fn replay(answer: &StoredAnswer, idem: &Idempotent, kind: FormKind, locale: Locale) -> Result<Response, ApiError> {
    if answer.request_hash != idem.request_hash {
        return Err(ApiError::IdempotencyKeyReused { kind, locale });
    }
    let receipt = crypto::derived_receipt(&answer.receipt_salt, &idem.key);
    let body = [answer.answer_head.as_str(), &receipt, &answer.answer_tail].concat();
    let status = StatusCode::from_u16(answer.status_code).unwrap_or(StatusCode::CREATED);
    tracing::info!(
        kind = kind.name(),
        id = %answer.submission_id,
        "idempotent retry answered with the first answer"
    );
    Ok(created(status, &answer.submission_id, body))
}

/// The 201's answer; with attachments, their list and the content hash over them.
fn submitted(
    id: &str,
    receipt: String,
    issues: Vec<ReportIssue>,
    files: &[crate::repo::attachments::AttachmentRow],
    content_hash: &str,
) -> Submitted {
    Submitted {
        id: id.to_owned(),
        status: Status::Submitted,
        receipt,
        issues,
        attachments: attachments::views(files),
        content_hash: (!files.is_empty()).then(|| content_hash.to_owned()),
    }
}

/// `Idempotency-Key`'s request hash: the document's, and with `X-Attachments` the files named.
fn request_hash(kind: FormKind, doc: &Value, named: Option<&[String]>) -> String {
    let hash = crypto::request_hash(kind, doc);
    match named {
        Some(named) if !named.is_empty() => crypto::sha256_hex(format!("{hash}\nattachments {}", named.join(",")).as_bytes()),
        _ => hash,
    }
}

fn created(status: StatusCode, id: &str, body: String) -> Response {
    let mut res = json_bytes(status, body);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/submissions/{id}")) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}

/// The 201 answer around its receipt: the JSON before it and after it. An idempotent
/// retry's answer is the same with the receipt derived again, so these are what is stored.
fn answer_around_receipt(
    id: &str,
    issues: &[ReportIssue],
    files: &[crate::repo::attachments::AttachmentRow],
    content_hash: &str,
) -> (String, String) {
    // A receipt is hex: the mark cannot be confused with one, nor with the id before it.
    const MARK: &str = "RECEIPT-GOES-HERE";
    let answer = submitted(id, MARK.to_owned(), issues.to_vec(), files, content_hash);
    let text = serde_json::to_string(&answer).expect("an answer serialises");
    let (head, tail) = text.split_once(MARK).expect("the mark is in the answer");
    (head.to_owned(), tail.to_owned())
}

#[utoipa::path(
    post,
    path = "/api/v1/forms/{kind}/submissions",
    tag = "forms",
    params(
        ("kind" = String, Path, description = "`application`, `director-appointment`, `direction-change`, `annual-assessment`, `evaluation` or `training-plan`"),
        ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$",
         description = "1–200 visible ASCII characters: a retry with the same key and document gets the first answer, byte for byte, and stores nothing twice."),
        ("X-Attachments" = Option<String>, Header,
         description = "The files to attach, in order: the `token`s of `POST /uploads`, comma-separated (at most 20 files, 50 MB together). They are bound in the submission's transaction: a refused submission binds none. `input.attachment` (422): `token` (unknown, expired or used), `count`, `total`."),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The form document (FORMS.md)."),
    responses(
        (status = 201, description = "Accepted and stored.", body = aii_api::Submitted),
        (status = 422, description = "The report has errors; nothing was stored.", body = aii_api::schema::ReportDoc),
        (status = 400, description = "Malformed JSON, invalid UTF-8, nesting too deep, or a bad Idempotency-Key.", body = aii_api::schema::ReportDoc),
        (status = 404, description = "Unknown form kind.", body = aii_api::schema::ReportDoc),
        (status = 409, description = "The Idempotency-Key was used for a different document.", body = aii_api::schema::ReportDoc),
        (status = 413, description = "Body over the limit.", body = aii_api::schema::ReportDoc),
        (status = 415, description = "Not application/json.", body = aii_api::schema::ReportDoc),
        (status = 429, description = "Too many submissions from this client address in a minute (`--submissions-per-minute`; Retry-After)."),
    )
)]
pub async fn submit(
    State(st): State<AppState>,
    Client(client): Client,
    Path(slug): Path<String>,
    Lang(locale): Lang,
    key: IdempotencyKey,
    headers: HeaderMap,
    doc: Document,
) -> Result<Response, ApiError> {
    let kind = form_kind(&slug, locale)?;
    st.submissions.take(client).map_err(|retry_after_secs| ApiError::TooManySubmissions { retry_after_secs })?;
    let key = key.read(kind, locale)?;
    let doc = doc.read(kind, locale)?;
    let named = attachments::named(&headers);
    let idem =
        key.map(|key| Idempotent { key_hash: crypto::key_hash(&key), request_hash: request_hash(kind, &doc, named.as_deref()), key });
    if let Some(idem) = &idem
        && let Some(answer) = st.store.stored_answer(&idem.key_hash).await?
    {
        return replay(&answer, idem, kind, locale);
    }
    file(&st, kind, &doc, locale, Filing::New(idem), named.as_deref()).await
}

/// What a filing writes: a new submission (with its idempotency key, if sent), or a returned
/// one corrected in its place.
enum Filing<'a> {
    New(Option<Idempotent>),
    Again { stored: Stored<'a>, receipt_hash: String },
}

/// What the database said to a filing.
enum Filed {
    Written,
    Replay(StoredAnswer),
    NotFound,
    NotReturned(String),
    Conflict(Conflict),
    AttachmentGone,
}

/// The one path of a submission and a resubmission: the whole check with the context (the
/// submission itself left out when it is stored), a refusal with its report when it has
/// errors, else the write, in one transaction; a constraint that refuses the write gives the
/// report with what it revealed.
async fn file(
    st: &AppState,
    kind: FormKind,
    doc: &Value,
    locale: Locale,
    filing: Filing<'_>,
    named: Option<&[String]>,
) -> Result<Response, ApiError> {
    let opts = check::options(&st.config, locale);
    let stored = match &filing {
        Filing::New(_) => None,
        Filing::Again { stored, .. } => Some(*stored),
    };
    let checked = check::check(st, kind, doc, &opts, stored, false).await?;
    if !checked.report.valid {
        // A concurrent retry with the same key may have committed since the look-up above
        // (its row is what the context rules saw): then its answer is this request's answer.
        if let Filing::New(Some(idem)) = &filing
            && let Some(answer) = st.store.stored_answer(&idem.key_hash).await?
        {
            return replay(&answer, idem, kind, locale);
        }
        tracing::info!(kind = kind.name(), errors = checked.report.errors().count(), "submission refused");
        return Err(ApiError::Rejected(checked.report));
    }
    // The files it names (`X-Attachments`), found and within the limits; bound in its
    // transaction. A keyed retry whose first request bound them meanwhile gets that answer.
    let files = match attachments::resolve(st, named, stored.map(|s| s.id), kind, locale).await {
        Ok(files) => files,
        Err(refusal) => {
            if let Filing::New(Some(idem)) = &filing
                && let Some(answer) = st.store.stored_answer(&idem.key_hash).await?
            {
                return replay(&answer, idem, kind, locale);
            }
            return Err(refusal);
        }
    };
    let now_ms = crate::time::now_ms();
    let keys = &checked.keys;
    let mut new = NewSubmission {
        id: stored.map_or_else(|| crypto::submission_id(now_ms), |s| s.id.to_owned()),
        kind,
        document: serde_json::to_string(doc).expect("a Value serialises"),
        report: serde_json::to_string(&checked.report).expect("a report serialises"),
        ruleset_version: aii_rules::RULESET_VERSION.to_owned(),
        content_hash: attachments::content_hash(doc, &files.rows),
        receipt_hash: String::new(),
        unit_uscc: keys.unit_uscc.clone(),
        cycle: keys.cycle,
        eval_cycle: keys.eval_cycle(&st.config, kind),
        base_id: keys.base_id.clone(),
        now_ms,
        listing: review::listing(kind, doc, &checked.report),
        idempotency: None,
        mail: Default::default(),
        attachments: files.ids.clone(),
    };
    let id = new.id.clone();
    let (filed, receipt) = match filing {
        Filing::New(idem) => {
            let salt = crypto::random_hex(16);
            let receipt = match &idem {
                Some(idem) => crypto::derived_receipt(&salt, &idem.key),
                None => crypto::new_receipt(),
            };
            new.receipt_hash = crypto::receipt_hash(&receipt);
            // The receipt's e-mail, written with the submission (`outbox/mod.rs`).
            new.mail = crate::outbox::submitted(st, kind, doc, new.base_id.as_deref(), &id, &receipt, locale, now_ms).await?;
            let (answer_head, answer_tail) = answer_around_receipt(&id, &checked.report.issues, &files.rows, &new.content_hash);
            new.idempotency = idem.as_ref().map(|idem| NewIdempotency {
                key_hash: idem.key_hash.clone(),
                request_hash: idem.request_hash.clone(),
                receipt_salt: salt,
                status_code: StatusCode::CREATED.as_u16(),
                answer_head,
                answer_tail,
            });
            let filed = match st.store.insert_submission(&new).await? {
                InsertOutcome::Inserted => Filed::Written,
                InsertOutcome::Replay(answer) => Filed::Replay(answer),
                InsertOutcome::Conflict(conflict) => Filed::Conflict(conflict),
                InsertOutcome::AttachmentGone => Filed::AttachmentGone,
            };
            (filed, Some((receipt, idem)))
        }
        Filing::Again { receipt_hash, .. } => {
            new.receipt_hash = receipt_hash;
            let filed = match st.store.resubmit(&new).await? {
                ResubmitOutcome::Done => Filed::Written,
                ResubmitOutcome::NotFound => Filed::NotFound,
                ResubmitOutcome::NotReturned { current } => Filed::NotReturned(current),
                ResubmitOutcome::Conflict(conflict) => Filed::Conflict(conflict),
                ResubmitOutcome::AttachmentGone => Filed::AttachmentGone,
            };
            (filed, None)
        }
    };
    match (filed, receipt) {
        (Filed::Written, Some((receipt, _))) => {
            tracing::info!(kind = kind.name(), id = %id, "submission accepted");
            let answer = submitted(&id, receipt, checked.report.issues, &files.rows, &new.content_hash);
            Ok(created(StatusCode::CREATED, &id, serde_json::to_string(&answer).expect("an answer serialises")))
        }
        (Filed::Written, None) => {
            tracing::info!(kind = kind.name(), id = %id, "returned submission resubmitted");
            let attachments = attachments::views(&files.rows);
            Ok(json(StatusCode::OK, &Resubmitted { id, status: Status::Submitted, issues: checked.report.issues, attachments }))
        }
        (Filed::Replay(answer), Some((_, Some(idem)))) => replay(&answer, &idem, kind, locale),
        (Filed::AttachmentGone, receipt) => {
            // A keyed retry whose first request bound the files meanwhile: that answer.
            if let Some((_, Some(idem))) = &receipt
                && let Some(answer) = st.store.stored_answer(&idem.key_hash).await?
            {
                return replay(&answer, idem, kind, locale);
            }
            tracing::info!(kind = kind.name(), "submission refused: an attachment is gone");
            Err(attachments::refused(attachments::Reason::Token, None, Some(kind), locale))
        }
        (Filed::Replay(_) | Filed::NotFound, _) => Err(ApiError::NotFound),
        (Filed::NotReturned(current), _) => Err(not_returned(kind, &current, locale)),
        (Filed::Conflict(conflict), _) => {
            tracing::info!(kind = kind.name(), ?conflict, "submission refused by a constraint");
            Err(ApiError::Rejected(checked.refused_by(st, conflict, kind, doc, &opts, stored).await?))
        }
    }
}

#[utoipa::path(
    get, path = "/api/v1/submissions/{id}", tag = "submissions", params(ReceiptParams),
    responses((status = 200, description = "Status and history.", body = aii_api::SubmissionStatus), ReceiptRefusals)
)]
pub async fn submission(State(st): State<AppState>, Path(id): Path<String>, receipt: Receipt) -> Result<Response, ApiError> {
    let view = st.store.submission_view(known_id(&id)?, &receipt.hash()).await?.ok_or(ApiError::NotFound)?;
    let certificate = if view.status == "certified" { st.store.certificate_of_submission(&view.id).await? } else { None };
    let out = SubmissionStatus {
        id: view.id,
        kind: review::kind_of(&view.kind)?,
        status: review::status_of(&view.status)?,
        submitted_at: crate::time::rfc3339(view.created_at_ms),
        updated_at: crate::time::rfc3339(view.updated_at_ms),
        ruleset_version: view.ruleset_version,
        content_hash: view.content_hash,
        base: view.base.map(|(id, full_name)| BaseRef { id, full_name }),
        history: review::history(view.history)?,
        certificate,
        attachments: attachments::views(&st.store.attachments_of(&id).await?),
    };
    Ok(private_json(&out))
}

/// The applicant's own document, by id and receipt: what the "correct and resubmit" page starts
/// from when the secretariat returned a submission. Personal data is shown only to the holder of
/// the receipt, and never cached.
#[utoipa::path(
    get, path = "/api/v1/submissions/{id}/document", tag = "submissions", params(ReceiptParams),
    responses((status = 200, description = "The document as last sent.", body = aii_api::SubmittedDocument), ReceiptRefusals)
)]
pub async fn submission_document(State(st): State<AppState>, Path(id): Path<String>, receipt: Receipt) -> Result<Response, ApiError> {
    let found = st.store.submission_document(known_id(&id)?, &receipt.hash()).await?.ok_or(ApiError::NotFound)?;
    let document: Value = serde_json::from_str(&found.document).map_err(|_| ApiError::unreadable("document"))?;
    let out = SubmittedDocument { id, kind: review::kind_of(&found.kind)?, status: review::status_of(&found.status)?, document };
    Ok(private_json(&out))
}

/// A 200 answer of the receipt holder's own data: never kept by a cache.
fn private_json<T: Serialize>(out: &T) -> Response {
    let mut res = json(StatusCode::OK, out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// 409 `review.resubmit`: only a returned submission is resubmitted.
fn not_returned(kind: FormKind, current: &str, locale: Locale) -> ApiError {
    let params = aii_rules::Params::new().with("from", current.to_owned()).with("to", "submitted");
    let issue = review::review_issue(kind, "review.resubmit", "", params, locale);
    ApiError::Review(StatusCode::CONFLICT, crate::error::refusal(kind, issue))
}

/// A returned submission corrected by the applicant: re-checked like a new submission (every
/// rule, with the context that leaves the submission itself out), then stored in its place.
#[utoipa::path(
    post,
    path = "/api/v1/submissions/{id}/resubmit",
    tag = "submissions",
    params(ReceiptParams, ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language"),
        ("X-Attachments" = Option<String>, Header,
         description = "Absent: the files stay as they are. Present: the files the corrected submission carries, in order — the `id`s of its own files it keeps and the `token`s of new uploads, comma-separated (empty: none)."),
    ),
    request_body(content = Object, content_type = "application/json",
                 description = "The corrected document (FORMS.md), of the submission's own kind."),
    responses(
        (status = 200, description = "Re-checked and accepted; the submission is `submitted` again.", body = aii_api::Resubmitted),
        ReceiptRefusals,
        (status = 400, description = "The query holds U+0000, or the body is malformed JSON, invalid UTF-8 or nested too deep.", body = aii_api::schema::ReportDoc),
        (status = 409, description = "`review.resubmit`: the submission is not returned for correction.", body = aii_api::schema::ReportDoc),
        (status = 422, description = "The report has errors; nothing changed.", body = aii_api::schema::ReportDoc),
        (status = 429, description = "Too many submissions from this client address in a minute (Retry-After)."),
    )
)]
pub async fn resubmit(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Lang(locale): Lang,
    receipt: Receipt,
    Client(client): Client,
    headers: HeaderMap,
    doc: Document,
) -> Result<Response, ApiError> {
    let receipt_hash = receipt.hash();
    st.submissions.take(client).map_err(|retry_after_secs| ApiError::TooManySubmissions { retry_after_secs })?;
    let view = st.store.submission_view(known_id(&id)?, &receipt_hash).await?.ok_or(ApiError::NotFound)?;
    let kind = FormKind::parse(&view.kind).ok_or(ApiError::NotFound)?;
    if view.status != Status::Returned.as_str() {
        return Err(not_returned(kind, &view.status, locale));
    }
    let doc = doc.read(kind, locale)?;
    let stored = Stored { id: &id, first_submitted_ms: view.created_at_ms };
    file(&st, kind, &doc, locale, Filing::Again { stored, receipt_hash }, attachments::named(&headers).as_deref()).await
}

/// The applicant withdraws a submission the secretariat has not yet taken up (PROCEDURE.md:
/// while it is `submitted`). A withdrawn application no longer holds its unit's evaluation
/// cycle (Art. 8). No body; the receipt is the authority, as for every applicant's route.
#[utoipa::path(
    post,
    path = "/api/v1/submissions/{id}/withdraw",
    tag = "submissions",
    params(ReceiptParams, ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`; else Accept-Language")),
    responses(
        (status = 200, description = "Withdrawn; in the history and the audit log.", body = aii_api::Withdrawn),
        ReceiptRefusals,
        (status = 409, description = "`review.withdraw`: the submission is no longer `submitted`.", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn withdraw(
    State(st): State<AppState>,
    Path(id): Path<String>,
    Lang(locale): Lang,
    receipt: Receipt,
) -> Result<Response, ApiError> {
    let receipt_hash = receipt.hash();
    match st.store.withdraw(known_id(&id)?, &receipt_hash, crate::time::now_ms()).await? {
        WithdrawOutcome::Done => {
            tracing::info!(id = %id, "submission withdrawn by its applicant");
            Ok(json(StatusCode::OK, &Withdrawn { id, status: Status::Withdrawn }))
        }
        WithdrawOutcome::NotFound => Err(ApiError::NotFound),
        WithdrawOutcome::NotSubmitted { current } => {
            // The kind only names the report; the submission is known to exist.
            let kind =
                st.store.submission_view(&id, &receipt_hash).await?.and_then(|v| FormKind::parse(&v.kind)).unwrap_or(FormKind::Application);
            let params = aii_rules::Params::new().with("from", current).with("to", "withdrawn");
            let issue = review::review_issue(kind, "review.withdraw", "", params, locale);
            Err(ApiError::Review(StatusCode::CONFLICT, crate::error::refusal(kind, issue)))
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/healthz",
    tag = "operations",
    responses(
        (status = 200, description = "Up, database reachable.", body = aii_api::Health),
        (status = 503, description = "The database does not answer.", body = aii_api::Health),
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

/// An unknown path under `/api/v1`.
pub async fn api_not_found() -> Response {
    json(StatusCode::NOT_FOUND, &Plain { error: "not_found".into(), message: "no such endpoint; see /api/v1/openapi.json".into() })
}
