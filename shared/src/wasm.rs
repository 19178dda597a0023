//! The WASM face (feature `wasm`): check a form, check one field, read the catalogues, from
//! plain JS values (serde-wasm-bindgen; maps come out as plain objects).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Date, FormKind, Locale, Options, Value};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// Beijing time: the Measures' calendar.
const OFFSET_MINUTES: i64 = 8 * 60;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn kind(name: &str) -> Result<FormKind, JsError> {
    FormKind::parse(name).ok_or_else(|| JsError::new("unknown form kind"))
}

/// `locale`: `zh-CN` (default) or `en`; `today`: `YYYY-MM-DD`, default today in Beijing time.
fn options(locale: Option<String>, today: Option<String>) -> Result<Options, JsError> {
    let today = match today {
        Some(t) => Date::parse(&t).ok_or_else(|| JsError::new("today must be YYYY-MM-DD"))?,
        None => Date::from_unix_ms(date_now() as i64, OFFSET_MINUTES),
    };
    Ok(Options { locale: locale.as_deref().map(Locale::parse).unwrap_or_default(), today })
}

fn document(doc: JsValue) -> Result<Value, JsError> {
    serde_wasm_bindgen::from_value(doc).map_err(|e| JsError::new(&e.to_string()))
}

/// Checks a whole form (local rules only: context rules need the server).
#[wasm_bindgen(js_name = checkForm)]
pub fn check_form(kind_name: &str, doc: JsValue, locale: Option<String>, today: Option<String>) -> Result<JsValue, JsError> {
    let report = crate::check(kind(kind_name)?, &document(doc)?, &options(locale, today)?, None);
    to_js(&report)
}

/// Re-checks the rules that read one field (a JSON Pointer).
#[wasm_bindgen(js_name = checkField)]
pub fn check_field(
    kind_name: &str,
    doc: JsValue,
    pointer: &str,
    locale: Option<String>,
    today: Option<String>,
) -> Result<JsValue, JsError> {
    let report = crate::check_field(kind(kind_name)?, &document(doc)?, pointer, &options(locale, today)?, None);
    to_js(&report)
}

/// The rule catalogue and the position catalogue.
#[wasm_bindgen]
pub fn catalog() -> Result<JsValue, JsError> {
    to_js(&crate::catalog())
}

/// The Art. 12 uniform name for a base's own name and its unit.
#[wasm_bindgen(js_name = fullBaseName)]
pub fn full_base_name(short_name: &str, unit_name: &str) -> String {
    crate::full_base_name(short_name, unit_name)
}

/// The rule-set version.
#[wasm_bindgen(js_name = rulesetVersion)]
pub fn ruleset_version() -> String {
    crate::RULESET_VERSION.into()
}
