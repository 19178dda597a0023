//! One error type for the HTTP layer. Input errors answer in the report shape of FORMS.md
//! (`{kind, valid: false, issues: [...]}`) with the rule that says what is wrong; a database
//! failure is logged and answered with an opaque message.

use aii_rules::{FormKind, Locale, Params, Report, ReportIssue, Severity};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::repo::RepoError;

#[derive(Debug)]
pub enum ApiError {
    /// 404 `input.unknown_kind`.
    UnknownKind { locale: Locale },
    /// 415 `input.content_type`.
    ContentType { kind: FormKind, locale: Locale },
    /// 413 `input.too_large`.
    TooLarge { kind: FormKind, max: usize, locale: Locale },
    /// 400 `input.malformed_json` (`utf8`: the body is not UTF-8).
    MalformedJson { kind: FormKind, utf8: bool, locale: Locale },
    /// 400 `input.too_deep`.
    TooDeep { kind: FormKind, max: usize, locale: Locale },
    /// 422: the report has errors; nothing was written.
    Rejected(Report),
    /// 409: an `Idempotency-Key` was reused for a different request.
    IdempotencyKeyReused { kind: FormKind, locale: Locale },
    /// 400: the `Idempotency-Key` header is empty, too long or not visible ASCII.
    BadIdempotencyKey { kind: FormKind, locale: Locale },
    /// 401: the status view needs the receipt token.
    ReceiptRequired,
    /// 404: no such submission (or not this receipt's).
    NotFound,
    /// 500: a database failure (details only in the log).
    Internal(RepoError),
    /// 401: a review-desk route without a valid session.
    LoginRequired,
    /// 401: wrong username or password.
    BadCredentials,
    /// 403: the account is disabled.
    AccountDisabled,
    /// 403: a state-changing request without the session's CSRF token, or from another origin.
    CsrfRefused,
    /// 429: too many failed logins for the username or from the client.
    RateLimited { retry_after_secs: u64 },
    /// 503: every password check is busy; try again after `retry_after_secs`.
    Busy { retry_after_secs: u64 },
    /// 429: too many submissions from the client address in a minute.
    TooManySubmissions { retry_after_secs: u64 },
    /// 400: a request that cannot be read (bad query value, malformed body, U+0000 in the query).
    BadRequest(&'static str),
    /// A review-desk refusal as a report (409 illegal transition, 422 missing note…).
    Review(StatusCode, Report),
    /// 403 `desk.role`: the account's role may not use this route (`needed`: the role it
    /// takes, `secretariat` or `expert`).
    Forbidden { needed: &'static str, locale: Locale },
    /// 503: the attachments' file store failed (details only in the log); nothing kept.
    FilesUnavailable,
}

impl ApiError {
    /// 500: what the database holds cannot be read (details only in the log).
    pub fn unreadable(what: &str) -> ApiError {
        ApiError::Internal(RepoError(sqlx::Error::Decode(format!("unreadable stored {what}").into())))
    }
}

impl From<RepoError> for ApiError {
    /// A pool with no connection free in time is load, not a fault: 503 with `Retry-After`
    /// (a burst of decisions on PostgreSQL, each holding a connection while it waits for its
    /// locks, can use them all). Anything else is a 500.
    fn from(e: RepoError) -> Self {
        match e.0 {
            sqlx::Error::PoolTimedOut => ApiError::Busy { retry_after_secs: 1 },
            _ => ApiError::Internal(e),
        }
    }
}

/// An issue of a rule the rules crate defines (a unit test checks every id used here).
fn rule_issue(rule: &str, path: &str, params: Params, locale: Locale) -> ReportIssue {
    aii_rules::issue(rule, path, params.clone(), locale).unwrap_or_else(|| ReportIssue {
        rule: rule.to_string().into(),
        severity: Severity::Error,
        path: path.into(),
        article: None,
        message: "".into(),
        params,
    })
}

/// `desk.role`: PROCEDURE.md, "People and what each may see" — an expert sees only the
/// submissions assigned to it (no list of others, no export, no reveal, no decisions), and the
/// secretariat's desk is not the expert's. Not a rule of a form: its texts live here, as the
/// review desk's own (`review.*`) do in `review.rs`.
fn role_issue(needed: &'static str, locale: Locale) -> ReportIssue {
    let message = match (needed, locale) {
        ("expert", Locale::En) => "This page is for experts' accounts only",
        ("expert", _) => "此功能仅供评审专家账号使用",
        (_, Locale::En) => "This is the secretariat's review desk: an expert's account may not use it",
        _ => "此功能仅供秘书处使用，专家账号无权访问",
    };
    ReportIssue {
        rule: "desk.role".to_string().into(),
        severity: Severity::Error,
        path: "".into(),
        article: None,
        message: message.into(),
        params: Params::new().with("role", needed),
    }
}

/// A report of one issue that refuses the request.
pub fn refusal(kind: impl Into<Option<FormKind>>, issue: ReportIssue) -> Report {
    Report { kind: kind.into(), valid: false, issues: vec![issue] }
}

/// A refusal that is not a report (`{error, message}`).
fn plain(error: &'static str, message: &'static str) -> aii_api::Plain {
    aii_api::Plain { error: error.into(), message: message.into() }
}

/// A JSON response from already-serialised bytes.
pub fn json_bytes(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    let mut res = (status, body.into()).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => json_bytes(status, bytes),
        Err(e) => {
            tracing::error!(error = %e, "could not serialise a response");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn with_retry_after(mut res: Response, secs: u64) -> Response {
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        use ApiError::*;
        let (status, report) = match self {
            UnknownKind { locale } => (StatusCode::NOT_FOUND, refusal(None, rule_issue("input.unknown_kind", "", Params::new(), locale))),
            ContentType { kind, locale } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, refusal(kind, rule_issue("input.content_type", "", Params::new(), locale)))
            }
            TooLarge { kind, max, locale } => {
                (StatusCode::PAYLOAD_TOO_LARGE, refusal(kind, rule_issue("input.too_large", "", Params::new().with("max", max), locale)))
            }
            MalformedJson { kind, utf8, locale } => {
                let params = if utf8 { Params::new().with("reason", "utf8") } else { Params::new() };
                (StatusCode::BAD_REQUEST, refusal(kind, rule_issue("input.malformed_json", "", params, locale)))
            }
            TooDeep { kind, max, locale } => {
                (StatusCode::BAD_REQUEST, refusal(kind, rule_issue("input.too_deep", "", Params::new().with("max", max), locale)))
            }
            Rejected(report) => (StatusCode::UNPROCESSABLE_ENTITY, report),
            IdempotencyKeyReused { kind, locale } => {
                (StatusCode::CONFLICT, refusal(kind, rule_issue("input.idempotency_key_reused", "", Params::new(), locale)))
            }
            BadIdempotencyKey { kind, locale } => {
                (StatusCode::BAD_REQUEST, refusal(kind, rule_issue("input.idempotency_key", "", Params::new(), locale)))
            }
            ReceiptRequired => {
                return json(
                    StatusCode::UNAUTHORIZED,
                    &plain("receipt_required", "send the receipt token as the X-Receipt header or the receipt query parameter"),
                );
            }
            NotFound => {
                return json(StatusCode::NOT_FOUND, &plain("not_found", "no submission with this id and receipt"));
            }
            LoginRequired => {
                return json(StatusCode::UNAUTHORIZED, &plain("login_required", "log in to the review desk first"));
            }
            BadCredentials => {
                return json(StatusCode::UNAUTHORIZED, &plain("bad_credentials", "wrong username or password"));
            }
            AccountDisabled => {
                return json(StatusCode::FORBIDDEN, &plain("account_disabled", "this account is disabled"));
            }
            CsrfRefused => {
                return json(
                    StatusCode::FORBIDDEN,
                    &plain("csrf", "send the session's X-CSRF-Token header, from the review desk's own origin"),
                );
            }
            RateLimited { retry_after_secs } => {
                let res = json(StatusCode::TOO_MANY_REQUESTS, &plain("rate_limited", "too many failed logins; try again later"));
                return with_retry_after(res, retry_after_secs);
            }
            Busy { retry_after_secs } => {
                let res = json(StatusCode::SERVICE_UNAVAILABLE, &plain("busy", "the server is busy checking passwords; try again shortly"));
                return with_retry_after(res, retry_after_secs);
            }
            TooManySubmissions { retry_after_secs } => {
                let res = json(
                    StatusCode::TOO_MANY_REQUESTS,
                    &plain("rate_limited", "too many submissions from this address; try again in a minute"),
                );
                return with_retry_after(res, retry_after_secs);
            }
            BadRequest(message) => {
                return json(StatusCode::BAD_REQUEST, &aii_api::Plain { error: "bad_request".into(), message: message.into() });
            }
            Review(status, report) => (status, report),
            Forbidden { needed, locale } => (StatusCode::FORBIDDEN, refusal(None, role_issue(needed, locale))),
            FilesUnavailable => {
                return json(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &plain("files_unavailable", "the file store could not complete the request; try again later"),
                );
            }
            Internal(e) => {
                tracing::error!(error = %e, "database failure");
                return json(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &plain("internal", "the server could not complete the request; try again later"),
                );
            }
        };
        json(status, &report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_rule_is_defined_by_the_rules_crate() {
        for id in [
            "input.unknown_kind",
            "input.content_type",
            "input.too_large",
            "input.malformed_json",
            "input.too_deep",
            "art8.one_per_cycle",
            "art21.one_pending",
            "input.idempotency_key",
            "input.idempotency_key_reused",
        ] {
            let issue = aii_rules::issue(id, "", Params::new(), Locale::En).unwrap_or_else(|| panic!("{id} is not defined"));
            assert!(!issue.message.is_empty(), "{id} has no message");
        }
    }
}
