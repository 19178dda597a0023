//! The certificate (证牌, Art. 12) and what the public sees of the procedure's end (Arts. 24,
//! 25): certificate numbers, the verification of a number and its QR code, the published
//! results, and the secretariat's direct revocation from the registry.
//!
//! ```text
//! GET  /api/v1/verify/{number}                 public: certified or revoked now
//! GET  /api/v1/verify/{number}/qr.svg          public: the QR code of /verify/{number}
//! GET  /api/v1/results                         public: every evaluation result (Art. 25)
//! POST /api/v1/admin/registry/{id}/revocation  login: Art. 24 (2) or (4)
//! ```

use aii_api::Plain;
use aii_api::council::{Results, RevocationBody, RevocationDone, Verified};
use aii_api::registry::{BaseStatus, PublishedResult};
use aii_rules::{FormKind, Params, Report};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::{ApiError, json, refusal};
use crate::extract::{JsonBody, Lang};
use crate::procedure::council;
use crate::repo::Repository;
use crate::repo::council::{NewResult, ResultRow};
use crate::session::Admin;

pub use crate::repo::council::number;

/// Whether `text` is a certificate number's shape (what is looked up; anything else is not
/// found without a query).
pub fn well_formed(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("AII-TB-") else { return false };
    let Some((year, seq)) = rest.split_once('-') else { return false };
    year.len() == 4 && (3..=6).contains(&seq.len()) && year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit())
}

/// The QR code of `url` as an SVG document (black on white, a quiet zone).
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

fn not_found() -> Response {
    json(StatusCode::NOT_FOUND, &Plain { error: "not_found".into(), message: "no certificate with this number".into() })
}

/// The published result as the wire gives it.
pub fn published(r: ResultRow) -> PublishedResult {
    PublishedResult {
        base_id: r.base_id,
        base_name: r.base_name,
        from_year: r.from_year,
        to_year: r.to_year,
        result: r.result,
        decided_on: r.decided_on,
        grounds: r.grounds,
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/verify/{number}",
    tag = "registry",
    params(("number" = String, Path, description = "`AII-TB-{year}-{NNN}`")),
    responses((status = 200, description = "The certificate and its base's standing now (Art. 12).", body = aii_api::council::Verified),
              (status = 404, description = "No certificate with this number (or not a number's shape)."))
)]
pub async fn verify(State(st): State<AppState>, Path(number): Path<String>) -> Result<Response, ApiError> {
    if !well_formed(&number) {
        return Ok(not_found());
    }
    let Some(c) = st.store.certificate(&number).await? else { return Ok(not_found()) };
    let out = Verified {
        number: c.number,
        status: if c.revoked { BaseStatus::Revoked } else { BaseStatus::Certified },
        name: c.name,
        unit: c.unit,
        directions: c.directions,
        issued_on: c.issued_on,
        revoked_on: c.revoked_on,
        base_id: c.base_id,
    };
    let mut res = json(StatusCode::OK, &out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

/// The absolute address of `/verify/{number}` on this site: under `--public-url` when it is
/// set, else the request's host (when it is a plain host name or address) over HTTPS when the
/// server sets secure cookies.
fn verify_url(st: &AppState, headers: &HeaderMap, number: &str) -> String {
    if let Some(base) = &st.config.public_url {
        return format!("{base}/verify/{number}");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| (1..=255).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .unwrap_or("localhost");
    let scheme = if st.config.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}/verify/{number}")
}

#[utoipa::path(
    get,
    path = "/api/v1/verify/{number}/qr.svg",
    tag = "registry",
    params(("number" = String, Path, description = "`AII-TB-{year}-{NNN}`")),
    responses((status = 200, description = "The QR code of the certificate's verification page.", content_type = "image/svg+xml"),
              (status = 404, description = "No certificate with this number."))
)]
pub async fn qr(State(st): State<AppState>, headers: HeaderMap, Path(number): Path<String>) -> Result<Response, ApiError> {
    if !well_formed(&number) || st.store.certificate(&number).await?.is_none() {
        return Ok(not_found());
    }
    let Some(svg) = qr_svg(&verify_url(&st, &headers, &number)) else { return Ok(not_found()) };
    let mut res = (StatusCode::OK, svg).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(res)
}

#[utoipa::path(
    get,
    path = "/api/v1/results",
    tag = "registry",
    responses((status = 200, description = "Every evaluation result and direct revocation, newest first (Art. 25).", body = aii_api::council::Results))
)]
pub async fn results(State(st): State<AppState>) -> Result<Response, ApiError> {
    let results = st.store.results(None).await?.into_iter().map(published).collect();
    let mut res = json(StatusCode::OK, &Results { results });
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

fn revocation_refusal(status: StatusCode, issue: Option<aii_rules::ReportIssue>) -> ApiError {
    match issue {
        Some(i) => ApiError::Review(status, Report { kind: None, valid: false, issues: vec![i] }),
        None => ApiError::unreadable("rule"),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/registry/{id}/revocation",
    tag = "registry",
    params(("id" = String, Path, description = "The base's id."), ("X-CSRF-Token" = String, Header)),
    request_body = aii_api::council::RevocationBody,
    responses((status = 200, description = "Revoked today; the result is published and audited.", body = aii_api::council::RevocationDone),
              (status = 401), (status = 403),
              (status = 404, description = "No base with this id."),
              (status = 409, description = "`art24.revocation_ground`: revoked already, or ground (2) before the deadline plus one month.", body = aii_api::schema::ReportDoc),
              (status = 422, description = "`art24.revocation_ground`: no ground, not (2) or (4); `review.note`: no note.", body = aii_api::schema::ReportDoc))
)]
pub async fn revoke(
    State(st): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Lang(locale): Lang,
    JsonBody(body): JsonBody<RevocationBody>,
) -> Result<Response, ApiError> {
    let grounds =
        council::grounds(&body.grounds, true, locale).map_err(|i| revocation_refusal(StatusCode::UNPROCESSABLE_ENTITY, Some(i)))?;
    let note = body.note.trim();
    if note.is_empty() || note.chars().count() > 2000 || note.contains('\0') {
        let issue = crate::review::review_issue(FormKind::Evaluation, "review.note", "/note", Params::new(), locale);
        return Err(ApiError::Review(StatusCode::UNPROCESSABLE_ENTITY, refusal(None, issue)));
    }
    if !crate::edge::plausible_id(&id) || st.store.registry(Some(&id)).await?.is_empty() {
        return Ok(json(StatusCode::NOT_FOUND, &Plain { error: "not_found".into(), message: "no base with this id".into() }));
    }
    // The base's decisions take the same key: an evaluation's result and this revocation take
    // turns, and the base is read again under it.
    let mut tx = st.store.begin_decision(&[format!("base:{id}")]).await?;
    let Some(base) = st.store.registry(Some(&id)).await?.into_iter().next() else { return Err(ApiError::NotFound) };
    let issue = |reason: &'static str, params: Params| {
        aii_rules::issue("art24.revocation_ground", "/grounds", params.with("reason", reason), locale)
    };
    if base.revoked {
        return Err(revocation_refusal(StatusCode::CONFLICT, issue("revoked", Params::new())));
    }
    let today = st.config.today();
    let overdue = council::overdue_evaluation(&base, |y| st.config.evaluation_deadline(y));
    let period = if grounds.contains(&2) {
        match overdue {
            Some((from, to, revocable_after)) if today > revocable_after => Some((from, to)),
            Some((_, _, after)) => {
                return Err(revocation_refusal(StatusCode::CONFLICT, issue("not_overdue", Params::new().with("date", after.to_string()))));
            }
            None => return Err(revocation_refusal(StatusCode::CONFLICT, issue("not_overdue", Params::new().with("date", "—".to_owned())))),
        }
    } else {
        None
    };
    let on = today.to_string();
    let actor = admin.user.username.clone();
    let now = crate::time::now_ms();
    let result = NewResult {
        base_id: &id,
        submission_id: None,
        result: "revoked",
        grounds: &grounds,
        note,
        from_year: period.map(|p| p.0),
        to_year: period.map(|p| p.1),
        decided_on: &on,
        actor: &actor,
        now_ms: now,
    };
    st.store.record_result(&mut tx, &result).await?;
    let detail = format!("base {id} revoked on {on}: Art. 24 ({})", grounds.iter().map(i64::to_string).collect::<Vec<_>>().join(", "));
    if !st.store.revoke_base(&mut tx, &id, &on, note, &actor, &detail, now).await? {
        return Err(revocation_refusal(StatusCode::CONFLICT, issue("revoked", Params::new())));
    }
    st.store.commit(tx).await?;
    tracing::info!(base = %id, "base revoked directly (Art. 24)");
    Ok(json(StatusCode::OK, &RevocationDone { base_id: id, revoked_on: on }))
}

/// The registry's entries with their certificates' numbers and published results.
pub async fn annotate(st: &AppState, entries: &mut [aii_api::registry::RegistryEntry]) -> Result<(), ApiError> {
    let one = if entries.len() == 1 { Some(entries[0].id.clone()) } else { None };
    let (certificates, results) = (st.store.certificates(one.as_deref()).await?, st.store.results(one.as_deref()).await?);
    for e in entries {
        e.certificate = certificates.iter().find(|c| c.base_id == e.id).map(|c| c.number.clone());
        e.results = results.iter().filter(|r| r.base_id == e.id).cloned().map(published).collect();
    }
    Ok(())
}

/// The public registry's bases with their certificates' numbers and published results.
pub async fn annotate_public(st: &AppState, bases: &mut [aii_api::registry::PublicBase]) -> Result<(), ApiError> {
    let (certificates, results) = (st.store.certificates(None).await?, st.store.results(None).await?);
    for b in bases {
        b.certificate = certificates.iter().find(|c| c.base_id == b.id).map(|c| c.number.clone());
        b.results = results.iter().filter(|r| r.base_id == b.id).cloned().map(published).collect();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_shape() {
        assert_eq!(number(2027, 1), "AII-TB-2027-001");
        assert_eq!(number(2027, 1234), "AII-TB-2027-1234");
        assert!(well_formed("AII-TB-2027-001") && well_formed("AII-TB-2027-1234"));
        for bad in ["", "AII-TB-2027-01", "AII-TB-27-001", "aii-tb-2027-001", "AII-TB-2027-00a", "AII-TB-2027-001-", "AII-TB-2027-0\u{0}1"]
        {
            assert!(!well_formed(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_qr_code_is_an_svg() {
        let svg = qr_svg("http://127.0.0.1:8080/verify/AII-TB-2027-001").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
