//! The secretariat's review desk, `/api/v1/admin/…`: login and logout, the list with filters,
//! search, sort and pages, the detail with a fresh re-check, decisions along the workflow,
//! the audited reveal of personal data, and exports (CSV, XLSX).
//!
//! Security, from the outside in (`session.rs`: [`guard`], then the [`Admin`] extractor):
//! - every state-changing request must come from this origin (`Origin`/`Sec-Fetch-Site`), and
//!   all but the login must carry the session's CSRF token in `X-CSRF-Token`;
//! - every route but the login needs a session cookie (`HttpOnly`, `SameSite=Strict`, `Secure`
//!   with `--secure-cookies`) whose token's hash is in `admin_sessions`: 401 without, 403 when
//!   the account is disabled;
//! - failed logins are counted in the database (so several instances share the limit), each
//!   attempt reserved before its password is checked: five per username from one client
//!   address, thirty per address, fifty per username in fifteen minutes, then 429; password
//!   checks run a few at a time ([`crate::accounts::PasswordChecks`]), the rest 503.

use aii_api::desk::{AuditView, DecisionBody, DecisionDone, Detail, ListItem, ListPage, LoginBody, RevealBody, Revealed, SessionInfo};
use aii_rules::forms::UnitKind;
use aii_rules::{FormKind, Locale, Params, Report, Value};
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::accounts::{self, csrf_token, session_hash};
use crate::check;
use crate::edge::Client;
use crate::error::{ApiError, json, refusal};
use crate::extract::{JsonBody, Lang, known_id};
use crate::params::{DeskActionParams, DeskActionRefusals};
use crate::procedure;
use crate::repo::{AuditEntry, ListQuery, ListRow, LoginAttempt, NewAudit, Repository, SortKey, Transition, TransitionOutcome};
use crate::review::{self, kind_of, status_of};
use crate::session::{Admin, DeskUser, cookie_header};

/// The login rate limit: failures counted over this window…
pub const LOGIN_WINDOW_MS: i64 = 15 * 60 * 1000;
/// …at most this many for one username from one client address (so a guesser elsewhere does
/// not lock the secretary out: issue 22)…
pub const LOGIN_MAX_PER_USERNAME_AND_CLIENT: i64 = 5;
/// …this many from one client address, whatever the username…
pub const LOGIN_MAX_PER_CLIENT: i64 = 30;
/// …and this many for one username from anywhere (guessers at many addresses).
pub const LOGIN_MAX_PER_USERNAME: i64 = 50;

const LOGIN_LIMITS: crate::repo::LoginLimits = crate::repo::LoginLimits {
    per_username_and_client: LOGIN_MAX_PER_USERNAME_AND_CLIENT,
    per_client: LOGIN_MAX_PER_CLIENT,
    per_username: LOGIN_MAX_PER_USERNAME,
};

/// Rows in one export at most.
pub const EXPORT_MAX_ROWS: i64 = 10_000;

#[utoipa::path(
    post,
    path = "/api/v1/admin/login",
    tag = "review desk",
    request_body = aii_api::desk::LoginBody,
    responses(
        (status = 200, description = "Logged in: the `aii_admin` cookie is set (HttpOnly, SameSite=Strict).", body = aii_api::desk::SessionInfo),
        (status = 400, description = "The body is not a JSON object of this shape (or not sent as application/json)."),
        (status = 401, description = "Wrong username or password, or a disabled account (the same answer)."),
        (status = 403, description = "The request came from another origin."),
        (status = 429, description = "Too many failed logins for the username from this client, from the client, or for the username (Retry-After)."),
        (status = 503, description = "Every password check is busy (Retry-After)."),
    )
)]
pub async fn login(State(st): State<AppState>, Client(client): Client, JsonBody(creds): JsonBody<LoginBody>) -> Result<Response, ApiError> {
    let client = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    // A name that cannot be an account's is still counted (under its printable part: no
    // control character, U+0000 above all, reaches the database), and checked against the
    // dummy hash like any unknown name.
    let valid = accounts::normalise_username(&creds.username);
    let username =
        valid.clone().unwrap_or_else(|| creds.username.trim().to_lowercase().chars().filter(|c| !c.is_control()).take(64).collect());
    let now = crate::time::now_ms();
    // The attempt is recorded before the password is checked: a burst cannot pass the count
    // before any of it is recorded.
    let attempt = LoginAttempt { username: &username, client: &client, now_ms: now, since_ms: now - LOGIN_WINDOW_MS };
    let Some(attempt) = st.store.reserve_login(attempt, LOGIN_LIMITS).await? else {
        tracing::warn!("login refused by the rate limit");
        return Err(ApiError::RateLimited { retry_after_secs: u64::try_from(LOGIN_WINDOW_MS / 1000).unwrap_or(900) });
    };
    let user = match valid {
        Some(name) => st.store.user_by_name(&name).await?,
        None => None,
    };
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    let ok = match st.password_checks.verify(creds.password, phc).await {
        Ok(ok) => ok,
        Err(accounts::Busy) => {
            // Not checked: not counted either.
            st.store.release_login(attempt).await?;
            tracing::warn!("login refused: every password check is busy");
            return Err(ApiError::Busy { retry_after_secs: 2 });
        }
    };
    // A disabled account answers exactly as a wrong password (and counts as a failure).
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        _ => {
            tracing::info!("failed login");
            return Err(ApiError::BadCredentials);
        }
    };
    st.store.login_succeeded(&username, &client).await?;
    let token = accounts::new_session_token();
    st.store.create_session(&session_hash(&token), user.id, now, now + st.config.session_ms()).await?;
    tracing::info!("secretariat login");
    let role = st.store.role_of(&user.username).await?.unwrap_or_default();
    let mut res = json(StatusCode::OK, &SessionInfo { username: user.username, csrf_token: csrf_token(&token), role });
    res.headers_mut().insert(header::SET_COOKIE, cookie_header(&token, st.config.session_ms() / 1000, st.config.secure_cookies));
    Ok(res)
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/logout",
    tag = "review desk",
    params(("X-CSRF-Token" = String, Header, description = "The session's CSRF token.")),
    responses((status = 204, description = "The session is ended and its cookie cleared."), (status = 401), (status = 403))
)]
pub async fn logout(State(st): State<AppState>, admin: DeskUser) -> Result<Response, ApiError> {
    st.store.delete_session(&session_hash(&admin.token)).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie_header("", 0, st.config.secure_cookies));
    Ok(res)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/session",
    tag = "review desk",
    responses((status = 200, body = aii_api::desk::SessionInfo), (status = 401, description = "Not logged in."), (status = 403, description = "Disabled."))
)]
pub async fn session(admin: DeskUser) -> Response {
    json(
        StatusCode::OK,
        &SessionInfo { username: admin.user.username.clone(), csrf_token: csrf_token(&admin.token), role: admin.role.clone() },
    )
}

/// The list's filters, search, sort and page (all optional; empty values are ignored).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `application`, `director_appointment`, `direction_change`, `annual_assessment`, `training_plan` or
    /// `evaluation`.
    pub kind: Option<String>,
    /// A workflow status.
    pub status: Option<String>,
    pub cycle: Option<String>,
    /// A direction code of the position catalog.
    pub direction: Option<String>,
    /// `enterprise`, `university`, `vocational_college` or `research_institute`.
    pub unit_kind: Option<String>,
    /// `true`: only with warnings; `false`: only without.
    pub warnings: Option<String>,
    /// `true`: only Art. 9 priority (joint, mixed kinds); `false`: only without.
    pub priority: Option<String>,
    /// Part of the unit's name or USCC.
    pub q: Option<String>,
    /// `submitted_at` (default), `updated_at`, `unit_name`, `status`, `kind` or `cycle`.
    pub sort: Option<String>,
    /// `desc` (default) or `asc`.
    pub order: Option<String>,
    /// From 1.
    pub page: Option<String>,
    /// 1–100, default 20.
    pub per_page: Option<String>,
    pub locale: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn flag(v: &Option<String>, what: &'static str) -> Result<Option<bool>, ApiError> {
    match given(v) {
        None => Ok(None),
        Some("true" | "1" | "yes") => Ok(Some(true)),
        Some("false" | "0" | "no") => Ok(Some(false)),
        Some(_) => Err(ApiError::BadRequest(what)),
    }
}

/// The repository's query for the parameters; `(page, per_page)` for the answer.
pub fn list_query(p: &ListParams, paged: bool) -> Result<(ListQuery, i64, i64), ApiError> {
    let kind = match given(&p.kind) {
        None => None,
        Some(k) => Some(
            FormKind::parse(k)
                .ok_or(ApiError::BadRequest(
                    "kind: application, director_appointment, direction_change, annual_assessment, evaluation or training_plan",
                ))?
                .name()
                .to_owned(),
        ),
    };
    let status = match given(&p.status) {
        None => None,
        Some(s) if aii_api::Status::parse(s).is_some() => Some(s.to_owned()),
        Some(_) => return Err(ApiError::BadRequest("status: a status of the review workflow")),
    };
    let cycle = given(&p.cycle).map(|c| c.parse::<i64>().map_err(|_| ApiError::BadRequest("cycle: a year"))).transpose()?;
    let direction = match given(&p.direction) {
        None => None,
        Some(d) if aii_rules::catalog::direction(d).is_some() => Some(d.to_owned()),
        Some(_) => return Err(ApiError::BadRequest("direction: a code of the position catalog")),
    };
    let unit_kind = match given(&p.unit_kind) {
        None => None,
        Some(k) => Some(UnitKind::parse(k).ok_or(ApiError::BadRequest("unit_kind: one of the four kinds of Art. 4"))?.code().to_owned()),
    };
    let search = given(&p.q).map(|q| q.chars().take(100).collect::<String>());
    let sort = match given(&p.sort) {
        None => SortKey::default(),
        Some(s) => SortKey::parse(s).ok_or(ApiError::BadRequest("sort: submitted_at, updated_at, unit_name, status, kind or cycle"))?,
    };
    let descending = match given(&p.order) {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => return Err(ApiError::BadRequest("order: asc or desc")),
    };
    let page = given(&p.page)
        .map(|v| v.parse::<i64>().ok().filter(|n| *n >= 1).ok_or(ApiError::BadRequest("page: 1 or more")))
        .transpose()?
        .unwrap_or(1);
    let per_page = given(&p.per_page)
        .map(|v| v.parse::<i64>().ok().filter(|n| (1..=100).contains(n)).ok_or(ApiError::BadRequest("per_page: 1 to 100")))
        .transpose()?
        .unwrap_or(20);
    let (limit, offset) = if paged { (per_page, (page - 1).saturating_mul(per_page)) } else { (EXPORT_MAX_ROWS, 0) };
    let q = ListQuery {
        kind,
        status,
        cycle,
        direction,
        unit_kind,
        has_warnings: flag(&p.warnings, "warnings: true or false")?,
        priority: flag(&p.priority, "priority: true or false")?,
        search,
        sort,
        descending,
        limit,
        offset,
    };
    Ok((q, page, per_page))
}

/// One row of the list as the desk shows it (personal data masked).
fn list_item(row: ListRow) -> Result<ListItem, ApiError> {
    {
        let doc = serde_json::from_str::<Value>(&row.document).ok();
        let kind = kind_of(&row.kind)?;
        let (person, person_masked) = match &doc {
            Some(doc) => review::masked_person(kind, doc),
            None => (None, None),
        };
        let text = |p: &str| doc.as_ref().and_then(|d| d.pointer(p)).and_then(Value::as_str).map(str::to_owned);
        let email_masked = text("/contact/email").map(|e| review::mask_email(&e));
        let base_name = row.base_name.or_else(|| {
            (kind == FormKind::Application)
                .then(|| Some(aii_rules::rules::application::full_base_name(&text("/base_short_name")?, &text("/unit/name")?)))
                .flatten()
        });
        Ok(ListItem {
            id: row.id,
            kind,
            status: status_of(&row.status)?,
            unit_name: row.unit_name,
            unit_uscc: row.unit_uscc,
            unit_kind: row.unit_kind,
            cycle: row.cycle,
            directions: row.directions,
            has_warnings: row.has_warnings,
            priority: row.priority,
            base_id: row.base_id,
            person,
            person_masked,
            email_masked,
            base_name,
            resubmitted: row.resubmitted,
            submitted_at: crate::time::rfc3339(row.created_at_ms),
            updated_at: crate::time::rfc3339(row.updated_at_ms),
            submitted_ms: row.created_at_ms,
            updated_ms: row.updated_at_ms,
        })
    }
}

/// The list's query string, or why axum could not read it.
type ListQueryString = Result<Query<ListParams>, QueryRejection>;

fn query_params(q: ListQueryString) -> Result<ListParams, ApiError> {
    q.map(|Query(p)| p).map_err(|_| ApiError::BadRequest("the query string cannot be read"))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/submissions",
    tag = "review desk",
    params(ListParams),
    responses((status = 200, body = aii_api::desk::ListPage), (status = 400, description = "A filter value is not understood."), (status = 401), (status = 403))
)]
pub async fn list(State(st): State<AppState>, _admin: Admin, q: ListQueryString) -> Result<Response, ApiError> {
    let (query, page, per_page) = list_query(&query_params(q)?, true)?;
    let (total, rows) = st.store.list_submissions(&query).await?;
    let items = rows.into_iter().map(list_item).collect::<Result<_, _>>()?;
    Ok(json(StatusCode::OK, &ListPage { total, page, per_page, items }))
}

/// The stored submission with this id, and its kind.
async fn stored(st: &AppState, id: &str) -> Result<(crate::repo::StoredSubmission, FormKind), ApiError> {
    let s = st.store.stored_submission(known_id(id)?).await?.ok_or(ApiError::NotFound)?;
    let kind = kind_of(&s.kind)?;
    Ok((s, kind))
}

/// A review desk's action on one submission: the logged-in account, the stored submission and
/// its kind, the messages' locale and the action's JSON body. Read in the order a handler
/// taking `Admin`, `Path`, `Lang` and `JsonBody` would read them, then the submission is
/// looked up: each refusal is the one those would give.
pub struct DeskAction<T> {
    admin: Admin,
    s: crate::repo::StoredSubmission,
    kind: FormKind,
    locale: Locale,
    body: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for DeskAction<T> {
    type Rejection = Response;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let admin = Admin::from_request_parts(&mut parts, st).await.map_err(IntoResponse::into_response)?;
        let Path(id) = Path::<String>::from_request_parts(&mut parts, st).await.map_err(IntoResponse::into_response)?;
        let Ok(Lang(locale)) = Lang::from_request_parts(&mut parts, st).await;
        let JsonBody(body) = JsonBody::from_request(Request::from_parts(parts, body), st).await.map_err(IntoResponse::into_response)?;
        let (s, kind) = stored(st, &id).await.map_err(IntoResponse::into_response)?;
        Ok(DeskAction { admin, s, kind, locale, body })
    }
}

fn issue_keys(r: &Report) -> Vec<(String, aii_rules::Severity, String)> {
    let mut keys: Vec<_> = r.issues.iter().map(|i| (i.rule.to_string(), i.severity, i.path.clone())).collect();
    keys.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
    keys
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/submissions/{id}",
    tag = "review desk",
    params(("id" = String, Path), ("locale" = Option<String>, Query, description = "`zh-CN` (default) or `en`")),
    responses((status = 200, body = aii_api::desk::Detail), (status = 400, description = "The query holds U+0000."), (status = 401), (status = 403), (status = 404))
)]
pub async fn detail(State(st): State<AppState>, _admin: Admin, Path(id): Path<String>, Lang(locale): Lang) -> Result<Response, ApiError> {
    let (s, kind) = stored(&st, &id).await?;
    let doc: Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let stored_report: Report = serde_json::from_str(&s.report).map_err(|_| ApiError::unreadable("report"))?;
    // As of the day it was (last) submitted, with the registry and the other submissions as
    // they are now.
    let fresh = check::recheck(&st, kind, &doc, &s, locale).await?;
    let (masked, masked_fields) = review::masked_document(kind, &doc);
    let audit = st.store.audit_entries(&s.id).await?;
    let certificate = st.store.certificate_of_submission(&s.id).await?;
    let files = st.store.attachments_of(&s.id).await?;
    let out = Detail {
        certificate,
        next_statuses: review::decisions(kind, &s.status).map(status_of).collect::<Result<_, _>>()?,
        next_steps: procedure::next_steps(&st, &s, kind, locale).await?,
        published_directions: st.store.published_directions(&s.id).await?,
        content_hash_ok: crate::attachments::content_hash(&doc, &files) == s.content_hash,
        attachments: crate::attachments::views(&files),
        ruleset_changed: s.ruleset_version != aii_rules::RULESET_VERSION,
        report_changed: issue_keys(&stored_report) != issue_keys(&fresh),
        warnings: review::justified_warnings(&fresh, &doc),
        id: s.id,
        kind,
        status: status_of(&s.status)?,
        unit_name: s.unit_name,
        unit_uscc: s.unit_uscc,
        cycle: s.cycle,
        base_id: s.base_id,
        submitted_at: crate::time::rfc3339(s.created_at_ms),
        updated_at: crate::time::rfc3339(s.updated_at_ms),
        document: masked,
        masked_fields,
        content_hash: s.content_hash,
        stored_report,
        stored_ruleset_version: s.ruleset_version,
        fresh_report: fresh,
        current_ruleset_version: aii_rules::RULESET_VERSION.to_owned(),
        history: review::history(s.history)?,
        audit: audit.into_iter().map(audit_view).collect::<Result<_, _>>()?,
    };
    Ok(json(StatusCode::OK, &out))
}

fn review_refusal(status: StatusCode, kind: FormKind, rule: &str, path: &str, params: Params, locale: Locale) -> ApiError {
    ApiError::Review(status, refusal(kind, review::review_issue(kind, rule, path, params, locale)))
}

#[utoipa::path(
    post, path = "/api/v1/admin/submissions/{id}/decisions", tag = "review desk",
    params(DeskActionParams), request_body = aii_api::desk::DecisionBody,
    responses(
        (status = 200, description = "Moved; history, audit and (certification) registry written together.", body = aii_api::desk::DecisionDone),
        DeskActionRefusals,
        (status = 409, description = "`review.transition`: not a legal step from the current status; or the form's context rules, re-run against the database in the decision's transaction, now refuse it (e.g. `art14.base_exists` after a revocation, `art14.one_director`, `art8.one_per_cycle`): their issues. Nothing changed.", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`review.note` (no note) or `review.status` (unknown status).", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn decide(State(st): State<AppState>, action: DeskAction<DecisionBody>) -> Result<Response, ApiError> {
    let DeskAction { admin, s, kind, locale, body: d } = action;
    let to = d.to.trim().to_owned();
    if aii_api::Status::parse(&to).is_none() {
        return Err(review_refusal(StatusCode::UNPROCESSABLE_ENTITY, kind, "review.status", "/to", Params::new().with("to", to), locale));
    }
    let note = d.note.trim().to_owned();
    if note.is_empty() || note.chars().count() > 2000 || note.contains('\0') {
        return Err(review_refusal(StatusCode::UNPROCESSABLE_ENTITY, kind, "review.note", "/note", Params::new(), locale));
    }
    let illegal = |from: &str| {
        review_refusal(
            StatusCode::CONFLICT,
            kind,
            "review.transition",
            "/to",
            Params::new().with("from", from.to_owned()).with("to", to.clone()),
            locale,
        )
    };
    if !review::can_move(kind, &s.status, &to) {
        return Err(illegal(&s.status));
    }
    if review::by_notice(&to) {
        let issue = aii_rules::issue("art12.publicity_period", "/to", Params::new().with("reason", "notice"), locale)
            .ok_or_else(|| ApiError::unreadable("rule"))?;
        return Err(ApiError::Review(StatusCode::CONFLICT, refusal(kind, issue)));
    }
    let doc: Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let now = crate::time::now_ms();
    // The registry changes in the same transaction as the decision (a certified application,
    // an approved appointment or direction change, an unqualified evaluation: RULES.md).
    let registry = if review::registry_status(kind) == Some(to.as_str()) {
        let today = st.config.today();
        let decided = if kind == FormKind::Application { st.store.decided_directions(&s.id).await? } else { None };
        Some(
            review::registry_change(kind, &doc, s.base_id.as_deref(), &note, today, now, decided)
                .ok_or_else(|| ApiError::unreadable("document for the registry"))?,
        )
    } else {
        None
    };
    let new_base = match &registry {
        Some(crate::repo::RegistryChange::NewBase(b)) => Some(b.identity.id.clone()),
        _ => None,
    };
    let t = Transition {
        id: s.id.clone(),
        from: s.status.clone(),
        to: to.clone(),
        actor: admin.user.username.clone(),
        // The applicant sees why it was returned, rejected or voided, and the evaluation's
        // result with the expert opinion (Art. 25: the result is published).
        public_note: matches!(to.as_str(), "returned" | "rejected" | "voided" | "qualified" | "unqualified").then(|| note.clone()),
        note,
        registry,
        now_ms: now,
    };
    // The decision's transaction holds its base and unit from here to its commit; the context
    // rules are re-run against the database as it is now (RULES.md, "Review workflow").
    let mut tx = st.store.begin_decision(&review::decision_keys(&s.id, s.base_id.as_deref(), s.unit_uscc.as_deref(), kind)).await?;
    // The form's context rules again, then the procedure's own steps (experts, publicity, the
    // council, the certificate: PROCEDURE.md).
    let step =
        procedure::Move { s: &s, kind, to: &to, body: &d, actor: &admin.user.username, locale, now_ms: now, registry: t.registry.as_ref() };
    procedure::step(&st, &mut tx, &step).await?;
    // The applicant's notification, queued in the decision's transaction (`outbox/mod.rs`).
    let told_base = new_base.as_deref().or(s.base_id.as_deref());
    crate::outbox::decision(&st, &mut tx, &s, kind, &to, t.public_note.as_deref(), told_base, now).await?;
    match st.store.decide(tx, &t).await? {
        TransitionOutcome::Done => {
            tracing::info!(id = %s.id, from = %s.status, to = %to, "review decision");
            let certificate = if to == "certified" { st.store.certificate_of_submission(&s.id).await? } else { None };
            Ok(json(StatusCode::OK, &DecisionDone { id: s.id, status: status_of(&to)?, base_id: new_base.or(s.base_id), certificate }))
        }
        TransitionOutcome::NotFound => Err(ApiError::NotFound),
        TransitionOutcome::Stale { current } => Err(illegal(&current)),
        TransitionOutcome::Refused(rule) => {
            // The database's last word (migration 0005's trigger), had the re-check missed it.
            let issue = aii_rules::issue(rule, "/term_start", Params::new(), locale).ok_or_else(|| ApiError::unreadable("rule"))?;
            Err(ApiError::Review(StatusCode::CONFLICT, refusal(kind, issue)))
        }
    }
}

/// One audit entry as the desk shows it.
fn audit_view(AuditEntry { id, entry: e }: AuditEntry) -> Result<AuditView, ApiError> {
    let status = |s: Option<String>| s.as_deref().map(status_of).transpose();
    Ok(AuditView {
        id,
        at_ms: e.at_ms,
        actor: e.actor,
        action: e.action,
        submission_id: e.submission_id,
        from_status: status(e.from_status)?,
        to_status: status(e.to_status)?,
        note: e.note,
        detail: e.detail,
        at: crate::time::rfc3339(e.at_ms),
    })
}

#[utoipa::path(
    post, path = "/api/v1/admin/submissions/{id}/reveal", tag = "review desk",
    params(DeskActionParams), request_body = aii_api::desk::RevealBody,
    responses(
        (status = 200, description = "The unmasked value; the reveal is in the audit log.", body = aii_api::desk::Revealed),
        (status = 422, description = "`review.personal_field`: not an ID number or phone field.", body = aii_api::schema::ReportDoc),
        DeskActionRefusals,
    )
)]
pub async fn reveal(State(st): State<AppState>, action: DeskAction<RevealBody>) -> Result<Response, ApiError> {
    let DeskAction { admin, s, kind, locale, body: r } = action;
    if !review::personal_fields(kind).iter().any(|(p, _)| *p == r.path) {
        return Err(review_refusal(StatusCode::UNPROCESSABLE_ENTITY, kind, "review.personal_field", "/path", Params::new(), locale));
    }
    let doc: Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let value = doc.pointer(&r.path).and_then(Value::as_str).map(str::to_owned);
    st.store
        .append_audit(&NewAudit {
            actor: admin.user.username.clone(),
            action: "reveal".into(),
            submission_id: Some(s.id.clone()),
            detail: Some(r.path.clone()),
            at_ms: crate::time::now_ms(),
            ..NewAudit::default()
        })
        .await?;
    tracing::info!(id = %s.id, "personal datum revealed");
    Ok(json(StatusCode::OK, &Revealed { path: r.path, value }))
}

/// The filtered list (no pages, up to [`EXPORT_MAX_ROWS`]) for an export, audited, and the
/// locale of its headings.
async fn export_rows(st: &AppState, admin: &Admin, q: ListQueryString, format: &str) -> Result<(Vec<ListItem>, Locale), ApiError> {
    let p = query_params(q)?;
    let locale = Locale::parse(given(&p.locale).unwrap_or("zh-CN"));
    let (query, _, _) = list_query(&p, false)?;
    let (_, rows) = st.store.list_submissions(&query).await?;
    let items: Vec<ListItem> = rows.into_iter().map(list_item).collect::<Result<_, _>>()?;
    st.store
        .append_audit(&NewAudit {
            actor: admin.user.username.clone(),
            action: "export".into(),
            detail: Some(format!("{format}: {} rows", items.len())),
            at_ms: crate::time::now_ms(),
            ..NewAudit::default()
        })
        .await?;
    Ok((items, locale))
}

fn download(content_type: &'static str, filename: &'static str, body: Vec<u8>) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let disposition = format!("attachment; filename=\"{filename}\"");
    res.headers_mut().insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).expect("a fixed file name"));
    res
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/export.csv",
    tag = "review desk",
    params(ListParams),
    responses(
        (status = 200, description = "The filtered list as CSV (UTF-8 with BOM), personal data masked.", content_type = "text/csv"),
        (status = 400, description = "A filter value is not understood."),
        (status = 401),
        (status = 403)
    )
)]
pub async fn export_csv(State(st): State<AppState>, admin: Admin, q: ListQueryString) -> Result<Response, ApiError> {
    let (items, locale) = export_rows(&st, &admin, q, "csv").await?;
    Ok(download("text/csv; charset=utf-8", "submissions.csv", crate::export::csv(&items, locale)))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/export.xlsx",
    tag = "review desk",
    params(ListParams),
    responses((status = 200, description = "The filtered list as an Excel workbook, personal data masked.",
               content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
               (status = 400, description = "A filter value is not understood."), (status = 401), (status = 403))
)]
pub async fn export_xlsx(State(st): State<AppState>, admin: Admin, q: ListQueryString) -> Result<Response, ApiError> {
    let (items, locale) = export_rows(&st, &admin, q, "xlsx").await?;
    let bytes = crate::export::xlsx(&items, locale).map_err(|e| {
        tracing::error!(error = %e, "could not write the workbook");
        ApiError::BadRequest("the workbook could not be written")
    })?;
    Ok(download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "submissions.xlsx", bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parameters_are_checked() {
        let p = ListParams {
            kind: Some("director-appointment".into()),
            per_page: Some("5".into()),
            page: Some("3".into()),
            ..ListParams::default()
        };
        let (q, page, per_page) = list_query(&p, true).unwrap();
        assert_eq!((q.kind.as_deref(), q.limit, q.offset, page, per_page), (Some("director_appointment"), 5, 10, 3, 5));
        for bad in [
            ListParams { status: Some("done".into()), ..ListParams::default() },
            ListParams { direction: Some("no.such".into()), ..ListParams::default() },
            ListParams { warnings: Some("maybe".into()), ..ListParams::default() },
            ListParams { per_page: Some("1000".into()), ..ListParams::default() },
            ListParams { sort: Some("password".into()), ..ListParams::default() },
        ] {
            assert!(list_query(&bad, true).is_err(), "{bad:?}");
        }
        let empty = ListParams { kind: Some(String::new()), status: Some(" ".into()), ..ListParams::default() };
        assert_eq!(list_query(&empty, true).unwrap().0.kind, None);
    }
}
