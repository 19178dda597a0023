//! Publicity notices and public objections (PROCEDURE.md "Publicity and objections", Arts.
//! 11, 12); the approval's rule is `publicity.rs`.
//!
//! ```text
//! POST /api/v1/admin/notices                      open a notice: its items move to `publicity`
//! GET  /api/v1/admin/notices                      every notice, items, objections counted
//! GET  /api/v1/admin/notices/{id}/objections      a notice's objections in full
//! POST /api/v1/admin/objections/{id}/resolution   upheld | dismissed, with a note (audited)
//! GET  /api/v1/publicity                          public: open and recently closed notices
//! POST /api/v1/publicity/items/{item}/objections  public: an objection (reference number only)
//! ```
//!
//! The notice is the way into `publicity`: opening one moves each listed submission there in
//! one decision's transaction holding every item's decision keys (`review::decision_keys`),
//! each move going through [`super::step`] as a desk decision does. The council's approval
//! then waits for the notice to end with no objection open or upheld (`publicity::step`).

use aii_api::publicity::{
    DirectionName, NewObjection, Notice, NoticeItem, NoticeList, Objection, ObjectionFiled, ObjectionList, OpenNotice, PublicItem,
    PublicNotice, PublicNotices, Resolution,
};
use aii_rules::forms::{Application, DirectionChange};
use aii_rules::{Date, FormKind, Locale, Params, Report, ReportIssue, Value};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::AppState;
use crate::edge::Client;
use crate::error::{ApiError, json};
use crate::extract::{JsonBody, Lang};
use crate::repo::Repository;
use crate::repo::publicity::{
    FileOutcome, ItemRow, NewNotice, NewNoticeItem, NewObjectionRow, NoticeRow, ObjectionRow, OpenOutcome, ResolveOutcome,
};
use crate::session::Admin;

/// An objector's name: at most this many characters.
pub const NAME_MAX: usize = 40;
/// An objection's reason: at most this many characters (at least
/// [`aii_rules::rules::procedure::OBJECTION_REASON_MIN`]).
pub const REASON_MAX: usize = 2000;
/// Evidence: at most this many lines…
pub const EVIDENCE_LINES: usize = 10;
/// …of at most this many characters each.
pub const EVIDENCE_LEN: usize = 500;
/// A resolution's note: 1 to this many characters.
pub const NOTE_MAX: usize = 2000;
/// The public page shows notices closed within this many days.
pub const RECENT_DAYS: i64 = 30;
/// Objections from one address are counted over this window.
pub const OBJECTION_WINDOW_MS: i64 = 3_600_000;
/// A notice lists at most this many submissions.
pub const ITEMS_MAX: usize = 200;

fn issue(rule: &str, path: &str, params: Params, locale: Locale) -> ReportIssue {
    aii_rules::issue(rule, path, params.clone(), locale).unwrap_or_else(|| ReportIssue {
        rule: rule.to_owned().into(),
        severity: aii_rules::Severity::Error,
        path: path.into(),
        article: None,
        message: "".into(),
        params,
    })
}

fn reason(r: &str) -> Params {
    Params::new().with("reason", r.to_owned())
}

fn refuse(status: StatusCode, issues: Vec<ReportIssue>) -> ApiError {
    ApiError::Review(status, Report { kind: None, valid: false, issues })
}

fn refuse_one(status: StatusCode, rule: &str, path: &str, params: Params, locale: Locale) -> ApiError {
    refuse(status, vec![issue(rule, path, params, locale)])
}

/// Whether text holds a control character other than a line break or a tab (U+0000 above all).
fn odd(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// What a notice publishes of a stored submission (Art. 12's full name, the units, the
/// directions applied for or requested).
async fn published(st: &AppState, s: &crate::repo::StoredSubmission, kind: FormKind) -> Result<Option<NewNoticeItem>, ApiError> {
    let doc: Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let names = |v: &aii_rules::Val<Vec<aii_rules::Val<&str>>>| -> Vec<String> {
        v.ok().map(|items| items.iter().filter_map(|d| d.get()).map(str::to_owned).collect()).unwrap_or_default()
    };
    let item = |full_name: String, responsible_name: String, partners: Vec<String>, directions: Vec<String>| NewNoticeItem {
        submission_id: s.id.clone(),
        kind: kind.name().to_owned(),
        from_status: s.status.clone(),
        full_name,
        responsible_name,
        partners,
        directions,
    };
    Ok(match kind {
        FormKind::Application => {
            let f = Application::read(&doc);
            let (Some(short), Some(unit)) = (f.base_short_name.get(), f.unit.name.get()) else { return Ok(None) };
            let partners =
                f.partners.ok().map(|ps| ps.iter().filter_map(|p| p.name.get().map(str::to_owned)).collect()).unwrap_or_default();
            Some(item(aii_rules::full_base_name(short, unit), unit.trim().to_owned(), partners, names(&f.directions)))
        }
        FormKind::DirectionChange => {
            let f = DirectionChange::read(&doc);
            let Some(base_id) = s.base_id.as_deref() else { return Ok(None) };
            let Some(base) = st.store.registry(Some(base_id)).await?.into_iter().next() else { return Ok(None) };
            let partners = base.identity.partners.into_iter().map(|p| p.name).collect();
            Some(item(base.identity.full_name, base.identity.responsible_name, partners, names(&f.requested_directions)))
        }
        _ => None,
    })
}

#[utoipa::path(
    post, path = "/api/v1/admin/notices", tag = "publicity", request_body = OpenNotice,
    responses(
        (status = 201, description = "Opened: every item moved to `publicity` (history line and audit entry each), in one transaction.", body = Notice),
        (status = 409, description = "`art12.publicity_period` (`not_ready`): an item is not an application or direction change under review or after a site check, or is on a notice that has not ended; or a step of the procedure refuses a move. Nothing changed.", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`art12.publicity_period` (`start`, `items`) or `art11.directions_decided`.", body = aii_api::schema::ReportDoc),
        (status = 401), (status = 403)
    )
)]
/// `art12.publicity_period`: Art. 11 联盟……研究确定实训基地名单和实训方向，按程序予以公示 — a
/// notice runs `--publicity-days` calendar days from a start no earlier than today, and lists
/// only applications and direction changes that finished review (under review or after a site
/// check), each with its Art. 12 full name, units, directions and kind; it moves them all to
/// `publicity` in one transaction, or none.
pub async fn open_notice(
    State(st): State<AppState>,
    admin: Admin,
    Lang(locale): Lang,
    JsonBody(body): JsonBody<OpenNotice>,
) -> Result<Response, ApiError> {
    let period = "art12.publicity_period";
    let today = st.config.today();
    let Some(start) = Date::parse(body.start_date.trim()).filter(|d| *d >= today) else {
        return Err(refuse_one(
            StatusCode::UNPROCESSABLE_ENTITY,
            period,
            "/start_date",
            reason("start").with("today", today.to_string()),
            locale,
        ));
    };
    let mut ids: Vec<String> = Vec::new();
    for id in &body.items {
        let id = id.trim().to_owned();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() || ids.len() > ITEMS_MAX {
        return Err(refuse_one(StatusCode::UNPROCESSABLE_ENTITY, period, "/items", reason("items"), locale));
    }
    // The directions published, where the secretariat decided them (Art. 11: 研究确定…实训方向).
    let mut issues = Vec::new();
    for (id, codes) in &body.directions {
        let path = format!("/directions/{id}");
        if !(1..=3).contains(&codes.len()) {
            issues.push(issue("art11.directions_decided", &path, reason("count").with("actual", codes.len()), locale));
        }
        for code in codes.iter().filter(|c| !aii_rules::catalog::is_direction(c)) {
            let shown: String = code.chars().filter(|c| !c.is_control()).take(40).collect();
            issues.push(issue("art11.directions_decided", &path, reason("unknown").with("code", shown), locale));
        }
    }
    if !issues.is_empty() {
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, issues));
    }
    let not_ready = |id: &str| {
        let shown: String = id.chars().filter(|c| !c.is_control()).take(64).collect();
        refuse_one(StatusCode::CONFLICT, period, "/items", reason("not_ready").with("id", shown), locale)
    };
    let mut stored = Vec::new();
    let mut items = Vec::new();
    let mut keys = Vec::new();
    for id in &ids {
        let s = if crate::edge::plausible_id(id) { st.store.stored_submission(id).await? } else { None };
        let Some(s) = s else { return Err(not_ready(id)) };
        let kind = crate::review::kind_of(&s.kind)?;
        let ready = matches!(kind, FormKind::Application | FormKind::DirectionChange)
            && matches!(s.status.as_str(), "under_review" | "site_check" | "publicity");
        if !ready {
            return Err(not_ready(id));
        }
        let Some(mut item) = published(&st, &s, kind).await? else { return Err(not_ready(id)) };
        if let Some(codes) = body.directions.get(id) {
            item.directions = codes.clone();
        }
        keys.extend(crate::review::decision_keys(&s.id, s.base_id.as_deref(), s.unit_uscc.as_deref(), kind));
        items.push(item);
        stored.push((s, kind));
    }
    let end = start.add_days(st.config.publicity_days - 1);
    let note = format!("公示 {start} 至 {end} / publicity notice {start} to {end}");
    let now = crate::time::now_ms();
    // The desk's decision body of each move, read as the wire reads it (so fields other steps
    // add to it stay at their defaults).
    let decision: aii_api::desk::DecisionBody =
        serde_json::from_value(serde_json::json!({"to": "publicity", "note": note})).map_err(|_| ApiError::unreadable("decision body"))?;
    let mut tx = st.store.begin_decision(&keys).await?;
    for (s, kind) in &stored {
        if s.status == "publicity" {
            continue;
        }
        let m = super::Move {
            s,
            kind: *kind,
            to: "publicity",
            body: &decision,
            actor: &admin.user.username,
            locale,
            now_ms: now,
            registry: None,
        };
        super::step(&st, &mut tx, &m).await?;
        // The applicant's notification, in the notice's transaction (`outbox/mod.rs`).
        crate::outbox::decision(&st, &mut tx, s, *kind, "publicity", None, s.base_id.as_deref(), now).await?;
    }
    let n = NewNotice {
        start_date: start.to_string(),
        end_date: end.to_string(),
        opened_by: admin.user.username.clone(),
        now_ms: now,
        today: today.to_string(),
        note,
        items,
    };
    let id = match st.store.open_notice(tx, &n).await? {
        OpenOutcome::Done(id) => id,
        OpenOutcome::Stale { id, .. } | OpenOutcome::Listed { id } => return Err(not_ready(&id)),
    };
    tracing::info!(notice = id, items = n.items.len(), "publicity notice opened");
    let notices = st.store.notices(Some(&n.end_date)).await?;
    let made = notices.into_iter().find(|(row, _)| row.id == id).ok_or_else(|| ApiError::unreadable("notice"))?;
    Ok(json(StatusCode::CREATED, &notice_view(&st, made.0, made.1)?))
}

fn strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn is_open(row: &NoticeRow, today: Date) -> bool {
    row.start_date.as_str() <= today.to_string().as_str() && today.to_string().as_str() <= row.end_date.as_str()
}

fn days(row: &NoticeRow) -> i64 {
    match (Date::parse(&row.start_date), Date::parse(&row.end_date)) {
        (Some(s), Some(e)) => e.day_number() - s.day_number() + 1,
        _ => 0,
    }
}

fn notice_view(st: &AppState, row: NoticeRow, items: Vec<ItemRow>) -> Result<Notice, ApiError> {
    let today = st.config.today();
    Ok(Notice {
        open: is_open(&row, today),
        days: days(&row),
        id: row.id,
        start_date: row.start_date,
        end_date: row.end_date,
        opened_by: row.opened_by,
        opened_at: crate::time::rfc3339(row.opened_at),
        items: items
            .into_iter()
            .map(|i| {
                Ok(NoticeItem {
                    id: i.id,
                    submission_id: i.submission_id,
                    kind: crate::review::kind_of(&i.kind)?,
                    full_name: i.full_name,
                    responsible_unit: i.responsible_name,
                    partners: strings(&i.partners),
                    directions: strings(&i.directions),
                    objections_open: i.objections_open,
                    objections_upheld: i.objections_upheld,
                    objections_dismissed: i.objections_dismissed,
                })
            })
            .collect::<Result<_, ApiError>>()?,
    })
}

#[utoipa::path(
    get, path = "/api/v1/admin/notices", tag = "publicity",
    responses((status = 200, description = "Every notice, newest first, with its items and their objections counted.", body = NoticeList),
              (status = 401), (status = 403))
)]
pub async fn list_notices(State(st): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let notices = st.store.notices(None).await?;
    let out = NoticeList {
        today: st.config.today().to_string(),
        notices: notices.into_iter().map(|(row, items)| notice_view(&st, row, items)).collect::<Result<_, _>>()?,
    };
    Ok(json(StatusCode::OK, &out))
}

fn objection_view(o: ObjectionRow) -> Objection {
    Objection {
        id: o.id,
        reference: o.reference,
        item_id: o.item_id,
        submission_id: o.submission_id,
        full_name: o.full_name,
        objector_name: o.objector_name,
        contact: o.contact,
        reason: o.reason,
        evidence: strings(&o.evidence),
        filed_at: crate::time::rfc3339(o.filed_at),
        status: o.status,
        resolution_note: o.resolution_note,
        resolved_by: o.resolved_by,
        resolved_at: o.resolved_at.map(crate::time::rfc3339),
    }
}

fn not_found(what: &str) -> Response {
    json(StatusCode::NOT_FOUND, &aii_api::Plain { error: "not_found".into(), message: format!("no {what} with this id").into() })
}

#[utoipa::path(
    get, path = "/api/v1/admin/notices/{id}/objections", tag = "publicity",
    params(("id" = i64, Path, description = "The notice's id.")),
    responses((status = 200, description = "The notice's objections in full, oldest first (the secretariat only).", body = ObjectionList),
              (status = 401), (status = 403), (status = 404, description = "No notice with this id."))
)]
pub async fn notice_objections(State(st): State<AppState>, _admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    let Ok(id) = id.parse::<i64>() else { return Ok(not_found("notice")) };
    let objections = st.store.notice_objections(id).await?;
    Ok(json(StatusCode::OK, &ObjectionList { objections: objections.into_iter().map(objection_view).collect() }))
}

#[utoipa::path(
    post, path = "/api/v1/admin/objections/{id}/resolution", tag = "publicity", request_body = Resolution,
    params(("id" = i64, Path, description = "The objection's id.")),
    responses((status = 200, description = "Resolved and audited.", body = Objection),
              (status = 409, description = "`art12.objection` (`resolution`): already resolved.", body = aii_api::schema::ReportDoc),
              (status = 422, description = "`art12.objection` (`resolution`): not upheld or dismissed, or no note.", body = aii_api::schema::ReportDoc),
              (status = 401), (status = 403), (status = 404, description = "No objection with this id."))
)]
pub async fn resolve(
    State(st): State<AppState>,
    admin: Admin,
    Lang(locale): Lang,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Resolution>,
) -> Result<Response, ApiError> {
    let rule = "art12.objection";
    let resolution = body.resolution.trim();
    let note = body.note.trim();
    if !matches!(resolution, "upheld" | "dismissed") {
        return Err(refuse_one(StatusCode::UNPROCESSABLE_ENTITY, rule, "/resolution", reason("resolution"), locale));
    }
    if note.is_empty() || note.chars().count() > NOTE_MAX || odd(note) {
        return Err(refuse_one(StatusCode::UNPROCESSABLE_ENTITY, rule, "/note", reason("resolution"), locale));
    }
    let Ok(id) = id.parse::<i64>() else { return Ok(not_found("objection")) };
    let Some(submission_id) = st.store.objection_submission(id).await? else { return Ok(not_found("objection")) };
    let now = crate::time::now_ms();
    match st.store.resolve_objection(id, &submission_id, resolution, note, &admin.user.username, now).await? {
        ResolveOutcome::Done => {}
        ResolveOutcome::NotFound => return Ok(not_found("objection")),
        ResolveOutcome::NotOpen(_) => return Err(refuse_one(StatusCode::CONFLICT, rule, "/resolution", reason("resolution"), locale)),
    }
    tracing::info!(objection = id, resolution, "objection resolved");
    // The objection as it now stands, from the notices that list its submission.
    let notices = st.store.notices(None).await?;
    for (n, _) in notices.iter().filter(|(_, items)| items.iter().any(|i| i.submission_id == submission_id)) {
        if let Some(o) = st.store.notice_objections(n.id).await?.into_iter().find(|o| o.id == id) {
            return Ok(json(StatusCode::OK, &objection_view(o)));
        }
    }
    Err(ApiError::unreadable("objection"))
}

#[utoipa::path(
    get, path = "/api/v1/publicity", tag = "publicity",
    responses((status = 200, description = "Open notices and those closed in the last 30 days, newest first: items with the Art. 12 name, units, partners, directions and kind. Never an objection or an objector.", body = PublicNotices))
)]
pub async fn public_notices(State(st): State<AppState>) -> Result<Response, ApiError> {
    let today = st.config.today();
    let since = today.add_days(-RECENT_DAYS).to_string();
    let notices = st.store.notices(Some(&since)).await?;
    let out = PublicNotices {
        today: today.to_string(),
        notices: notices
            .into_iter()
            .map(|(row, items)| {
                Ok(PublicNotice {
                    open: is_open(&row, today),
                    days: days(&row),
                    id: row.id,
                    start_date: row.start_date,
                    end_date: row.end_date,
                    items: items
                        .into_iter()
                        .map(|i| {
                            Ok(PublicItem {
                                id: i.id,
                                kind: crate::review::kind_of(&i.kind)?,
                                full_name: i.full_name,
                                responsible_unit: i.responsible_name,
                                partners: strings(&i.partners),
                                directions: strings(&i.directions)
                                    .into_iter()
                                    .map(|code| {
                                        let d = aii_rules::catalog::direction(&code);
                                        DirectionName {
                                            name_zh: d.map_or_else(|| code.clone(), |d| d.name(Locale::Zh).to_owned()),
                                            name_en: d.map_or_else(|| code.clone(), |d| d.name(Locale::En).to_owned()),
                                            code,
                                        }
                                    })
                                    .collect(),
                            })
                        })
                        .collect::<Result<_, ApiError>>()?,
                })
            })
            .collect::<Result<_, ApiError>>()?,
    };
    let mut res = json(StatusCode::OK, &out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

/// `art12.objection`'s checks of the form itself (Art. 12): the objector's name (1–40
/// characters), a mobile number or an e-mail address (`contact.phone` / `contact.email`'s
/// checks), a reason of 20–2000 characters, at most 10 lines of evidence of at most 500
/// characters; no control characters anywhere.
pub fn objection_issues(o: &NewObjection, locale: Locale) -> Vec<ReportIssue> {
    let rule = "art12.objection";
    let mut issues = Vec::new();
    let name = o.name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX || odd(name) {
        issues.push(issue(rule, "/name", reason("name").with("max", NAME_MAX), locale));
    }
    let contact = o.contact.trim();
    if odd(contact) || !(aii_rules::ids::phone_ok(contact) || aii_rules::ids::email_ok(contact)) {
        issues.push(issue(rule, "/contact", reason("contact"), locale));
    }
    let text = o.reason.trim();
    let actual = text.chars().count();
    let min = aii_rules::rules::procedure::OBJECTION_REASON_MIN;
    if !(min..=REASON_MAX).contains(&actual) || odd(text) {
        issues.push(issue(rule, "/reason", reason("reason").with("min", min).with("max", REASON_MAX).with("actual", actual), locale));
    }
    if o.evidence.len() > EVIDENCE_LINES || o.evidence.iter().any(|l| l.chars().count() > EVIDENCE_LEN || odd(l)) {
        issues.push(issue(rule, "/evidence", reason("evidence").with("max", EVIDENCE_LINES).with("len", EVIDENCE_LEN), locale));
    }
    issues
}

#[utoipa::path(
    post, path = "/api/v1/publicity/items/{item}/objections", tag = "publicity", request_body = NewObjection,
    params(("item" = i64, Path, description = "The notice item's id.")),
    responses(
        (status = 201, description = "Filed: its reference number.", body = ObjectionFiled),
        (status = 400, description = "The body is not a JSON object of this shape."),
        (status = 404, description = "`art12.objection` (`item`): no such item.", body = aii_api::schema::ReportDoc),
        (status = 409, description = "`art12.objection` (`closed`): the notice is not running.", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`art12.objection`: name, contact, reason or evidence.", body = aii_api::schema::ReportDoc),
        (status = 429, description = "`art12.objection` (`rate`): five in the last hour from this address (Retry-After).", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn file_objection(
    State(st): State<AppState>,
    Client(client): Client,
    Lang(locale): Lang,
    Path(item): Path<String>,
    JsonBody(body): JsonBody<NewObjection>,
) -> Result<Response, ApiError> {
    let rule = "art12.objection";
    let issues = objection_issues(&body, locale);
    if !issues.is_empty() {
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, issues));
    }
    let no_item = || refuse_one(StatusCode::NOT_FOUND, rule, "", reason("item"), locale);
    let Ok(item_id) = item.parse::<i64>() else { return Err(no_item()) };
    let Some(place) = st.store.item_place(item_id).await? else { return Err(no_item()) };
    let today = st.config.today();
    let now = crate::time::now_ms();
    let evidence: Vec<String> = body.evidence.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    let o = NewObjectionRow {
        item_id,
        submission_id: place.submission_id,
        reference: format!("YY-{}-{}", today.to_string().replace('-', ""), crate::crypto::random_hex(4).to_uppercase()),
        name: body.name.trim().to_owned(),
        contact: body.contact.trim().to_owned(),
        reason: body.reason.trim().to_owned(),
        evidence: serde_json::to_string(&evidence).map_err(|_| ApiError::unreadable("evidence"))?,
        client: client.map_or_else(|| "unknown".to_owned(), |ip| crate::edge::client_key(ip).to_string()),
        now_ms: now,
        since_ms: now - OBJECTION_WINDOW_MS,
        max: aii_rules::rules::procedure::OBJECTIONS_PER_HOUR,
        today: today.to_string(),
    };
    match st.store.file_objection(&o).await? {
        FileOutcome::Filed => {}
        FileOutcome::NoItem => return Err(no_item()),
        FileOutcome::Closed => return Err(refuse_one(StatusCode::CONFLICT, rule, "", reason("closed"), locale)),
        FileOutcome::RateLimited => {
            tracing::warn!("objection refused by the rate limit");
            let report = Report { kind: None, valid: false, issues: vec![issue(rule, "", reason("rate").with("max", o.max), locale)] };
            let mut res = json(StatusCode::TOO_MANY_REQUESTS, &report);
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(OBJECTION_WINDOW_MS / 1000));
            return Ok(res);
        }
    }
    // The log carries the item and the reference only: no name, contact or reason.
    tracing::info!(item = item_id, reference = %o.reference, "objection filed");
    Ok(json(StatusCode::CREATED, &ObjectionFiled { reference: o.reference }))
}
