//! What the handlers take from a request, as axum extractors: the messages' locale
//! ([`Lang`]), the receipt ([`Receipt`]), an `Idempotency-Key` ([`IdempotencyKey`]), the form
//! document ([`Document`]) and the review desk's small JSON bodies ([`JsonBody`]).
//!
//! A form's refusals name the form (`{kind, valid: false, issues}`), and the kind is not always
//! known when the request is read (a resubmission's is the stored submission's), and some
//! checks come first (the receipt, the rate limit): so [`Document`] and [`IdempotencyKey`]
//! keep what is wrong and refuse it when the handler reads them, in the order it reads them.

use std::convert::Infallible;

use aii_rules::{FormKind, Locale, Value};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;

/// A query parameter's raw value (the values read here never need percent-decoding: locale
/// tags, hex tokens and ids).
pub fn query_param<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// An id from a path or query: one that cannot be ours is unknown, without a query.
pub fn known_id(id: &str) -> Result<&str, ApiError> {
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

/// The messages' locale (see [`locale_of`]).
#[derive(Clone, Copy, Debug)]
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Lang(locale_of(&parts.headers, parts.uri.query())))
    }
}

/// The receipt token of a request: the `X-Receipt` header or the `receipt` query parameter
/// (401 without). As an `Option`, absent is `None`.
#[derive(Clone, Debug)]
pub struct Receipt(pub String);

impl Receipt {
    /// The hash it is stored under.
    pub fn hash(&self) -> String {
        crate::crypto::receipt_hash(&self.0)
    }

    fn of(parts: &Parts) -> Option<Receipt> {
        parts
            .headers
            .get("x-receipt")
            .and_then(|v| v.to_str().ok())
            .or_else(|| query_param(parts.uri.query(), "receipt"))
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| Receipt(r.to_owned()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Receipt {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Receipt::of(parts).ok_or(ApiError::ReceiptRequired)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Receipt {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Infallible> {
        Ok(Receipt::of(parts))
    }
}

/// The `Idempotency-Key` header, if sent: 1–200 visible ASCII characters.
#[derive(Clone, Debug)]
pub struct IdempotencyKey(Result<Option<String>, ()>);

impl IdempotencyKey {
    /// The key, or the form's 400 `input.idempotency_key`.
    pub fn read(self, kind: FormKind, locale: Locale) -> Result<Option<String>, ApiError> {
        self.0.map_err(|()| ApiError::BadIdempotencyKey { kind, locale })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let key = match parts.headers.get("idempotency-key") {
            None => Ok(None),
            Some(raw) => match raw.to_str() {
                Ok(key) if (1..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => Ok(Some(key.to_owned())),
                _ => Err(()),
            },
        };
        Ok(IdempotencyKey(key))
    }
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

/// What is wrong with a document's body before it is parsed.
#[derive(Clone, Copy, Debug)]
enum Unread {
    ContentType,
    TooLarge,
    /// The client went away or sent a broken body: as unreadable as malformed JSON.
    Broken,
}

/// The body of a form route: content type, size, UTF-8, syntax and depth, each refused with
/// its own `input.*` rule (naming the form) by [`Document::read`], before any rule or query
/// runs.
pub struct Document {
    body: Result<Bytes, Unread>,
    max_bytes: usize,
    max_depth: usize,
}

impl FromRequest<AppState> for Document {
    type Rejection = Infallible;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, Infallible> {
        let (max_bytes, max_depth) = (st.config.body_limit, st.config.max_depth);
        let doc = |body| Ok(Document { body, max_bytes, max_depth });
        if !is_json(req.headers()) {
            return doc(Err(Unread::ContentType));
        }
        let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_bytes as u64) {
            return doc(Err(Unread::TooLarge));
        }
        match Limited::new(req.into_body(), max_bytes).collect().await {
            Ok(collected) => doc(Ok(collected.to_bytes())),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => doc(Err(Unread::TooLarge)),
            Err(_) => doc(Err(Unread::Broken)),
        }
    }
}

impl Document {
    /// The document, or the refusal of the `kind`'s form.
    pub fn read(self, kind: FormKind, locale: Locale) -> Result<Value, ApiError> {
        let name = kind;
        let bytes = match self.body {
            Ok(bytes) => bytes,
            Err(Unread::ContentType) => return Err(ApiError::ContentType { kind: name, locale }),
            Err(Unread::TooLarge) => return Err(ApiError::TooLarge { kind: name, max: self.max_bytes, locale }),
            Err(Unread::Broken) => return Err(ApiError::MalformedJson { kind: name, utf8: false, locale }),
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Err(ApiError::MalformedJson { kind: name, utf8: true, locale });
        };
        let too_deep = ApiError::TooDeep { kind: name, max: self.max_depth, locale };
        let doc: Value = match serde_json::from_str(text) {
            Ok(doc) => doc,
            // serde_json stops at 128 levels, far above our limit: report it as depth.
            Err(e) if e.to_string().starts_with("recursion limit exceeded") => return Err(too_deep),
            Err(_) => return Err(ApiError::MalformedJson { kind: name, utf8: false, locale }),
        };
        if doc.depth() > self.max_depth {
            return Err(too_deep);
        }
        Ok(doc)
    }
}

/// A small JSON body of the review desk (64 KiB at most), refused with a plain 400.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !ct.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json") {
            return Err(ApiError::BadRequest("send the body as application/json"));
        }
        let bytes = Limited::new(req.into_body(), 64 * 1024)
            .collect()
            .await
            .map_err(|_| ApiError::BadRequest("the body is too large or broken"))?
            .to_bytes();
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|_| ApiError::BadRequest("the body is not the JSON object this endpoint takes"))
    }
}
