//! The review desk's API from the page: its base path, GETs read with serde into `aii_api`'s
//! types, and the text of a refusal.

use aii_rules::Report;

use crate::browser;

pub(super) const API: &str = "/api/v1/admin";

/// The message of a refusal (a report's first issue) or the plain error's message.
pub(super) fn error_text(body: &wasm_bindgen::JsValue) -> String {
    if let Some(r) = browser::from_js::<Report>(body.clone())
        && let Some(i) = r.issues.first()
    {
        return format!("{} [{}]", i.message, i.rule);
    }
    browser::from_js::<aii_api::Plain>(body.clone()).map(|p| p.message.into_owned()).unwrap_or_default()
}

/// A GET of the review desk's API, read with serde.
pub(super) async fn get<T: serde::de::DeserializeOwned>(url: String) -> Result<T, String> {
    match browser::fetch("GET", &url, None, &[]).await {
        Ok(a) if a.status == 200 => browser::from_js::<T>(a.body).ok_or_else(|| "answer".to_owned()),
        Ok(a) => Err(format!("HTTP {} {}", a.status, error_text(&a.body))),
        Err(e) => Err(e),
    }
}
