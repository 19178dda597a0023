//! The review desk's session, from the outside in: [`guard`] (origin and CSRF checks on every
//! state-changing request), then the [`Admin`] extractor (a session cookie whose token's hash
//! is in `admin_sessions`, of an enabled account).

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::accounts::{constant_time_eq, csrf_token, session_hash};
use crate::error::{ApiError, json};
use crate::repo::AdminUser;

/// The session cookie's name and path (it is sent to the review desk's API only).
pub const COOKIE: &str = "aii_admin";
const COOKIE_PATH: &str = "/api/v1/admin";

/// A route's handlers behind the [`guard`]. On the method handlers only (`MethodRouter::
/// route_layer`): a method the route lacks is answered 405 with `Allow`, as elsewhere in the
/// API, not 401 (`Router::layer` would wrap that answer too). Unknown paths need a session
/// all the same ([`not_found`] takes [`Admin`]).
pub fn guarded(route: axum::routing::MethodRouter<AppState>) -> axum::routing::MethodRouter<AppState> {
    route.route_layer(axum::middleware::from_fn(guard))
}

/// The session token from the `Cookie` headers.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == COOKIE && !v.is_empty())
        .map(|(_, v)| v)
}

/// Whether a request comes from this origin, as far as the browser says: `Sec-Fetch-Site`
/// when sent, and `Origin` (its host must be the `Host` the request was sent to). A client
/// that sends neither is not a browser, and so not a cross-site forgery.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some((_, host)) = origin.split_once("://") else {
        return false;
    };
    let host_header = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host_header.is_some_and(|h| h.eq_ignore_ascii_case(host.trim_end_matches('/')))
}

/// Origin and CSRF checks on every state-changing request (the login has no session yet, so
/// only its origin is checked).
pub async fn guard(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if !same_origin(req.headers()) {
            return ApiError::CsrfRefused.into_response();
        }
        if !req.uri().path().ends_with("/login") {
            let Some(token) = session_cookie(req.headers()) else {
                return ApiError::LoginRequired.into_response();
            };
            let sent = req.headers().get("x-csrf-token").map(HeaderValue::as_bytes).unwrap_or_default();
            if !constant_time_eq(sent, csrf_token(token).as_bytes()) {
                return ApiError::CsrfRefused.into_response();
            }
        }
    }
    let mut res = next.run(req).await;
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A logged-in, enabled account of either role (the session's own routes: who am I, log out).
/// The role each route needs is declared once, by the extractor its handler takes: this one,
/// [`Admin`] (the secretariat) or [`Expert`].
pub struct DeskUser {
    pub user: AdminUser,
    pub(crate) token: String,
    /// `secretariat` or `expert`.
    pub role: String,
}

impl FromRequestParts<AppState> for DeskUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let token = session_cookie(&parts.headers).ok_or(ApiError::LoginRequired)?.to_owned();
        let (user, role) = st.store.session_account(&session_hash(&token), crate::time::now_ms()).await?.ok_or(ApiError::LoginRequired)?;
        if user.disabled {
            return Err(ApiError::AccountDisabled);
        }
        Ok(DeskUser { user, token, role })
    }
}

/// The account of a role, or 403 `desk.role` for the other role's session.
async fn with_role(parts: &mut Parts, st: &AppState, needed: &'static str) -> Result<(AdminUser, String), ApiError> {
    let d = DeskUser::from_request_parts(parts, st).await?;
    if d.role != needed {
        let Ok(crate::extract::Lang(locale)) = crate::extract::Lang::from_request_parts(parts, st).await;
        return Err(ApiError::Forbidden { needed, locale });
    }
    Ok((d.user, d.token))
}

/// A logged-in, enabled secretariat user: every route of the review desk but the expert's
/// own; an expert's session gets 403 `desk.role`.
pub struct Admin {
    pub user: AdminUser,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let (user, _) = with_role(parts, st, crate::repo::experts::ROLE_SECRETARIAT).await?;
        Ok(Admin { user })
    }
}

/// A logged-in, enabled expert (PROCEDURE.md, "People"): its own desk only (`/reviews…`); a
/// secretariat session there gets 403 `desk.role`.
pub struct Expert {
    pub user: AdminUser,
}

impl FromRequestParts<AppState> for Expert {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let (user, _) = with_role(parts, st, crate::repo::experts::ROLE_EXPERT).await?;
        Ok(Expert { user })
    }
}

/// An unknown review-desk path: for a logged-in user only.
pub async fn not_found(_user: DeskUser) -> Response {
    json(StatusCode::NOT_FOUND, &aii_api::Plain { error: "not_found".into(), message: "no such review-desk endpoint".into() })
}

pub fn cookie_header(value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{COOKIE}={value}; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"))
        .expect("a cookie of hex and fixed text")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origin_checks() {
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080")])), "not a browser");
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://evil.example")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:8080"), ("origin", "null")])));
        assert!(!same_origin(&headers(&[("host", "a"), ("sec-fetch-site", "cross-site")])));
        assert!(same_origin(&headers(&[("host", "a"), ("sec-fetch-site", "same-origin")])));
    }

    #[test]
    fn cookies_are_found_among_others() {
        assert_eq!(session_cookie(&headers(&[("cookie", "x=1; aii_admin=abc; y=2")])), Some("abc"));
        assert_eq!(session_cookie(&headers(&[("cookie", "x=1"), ("cookie", "aii_admin=def")])), Some("def"));
        assert_eq!(session_cookie(&headers(&[("cookie", "aii_admin=")])), None);
        let c = cookie_header("t", 60, true);
        assert_eq!(c.to_str().unwrap(), "aii_admin=t; Path=/api/v1/admin; HttpOnly; SameSite=Strict; Max-Age=60; Secure");
    }
}
