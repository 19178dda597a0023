//! The WASM face. Two features:
//! - `widget`: the call in as a tape of numbers and one text (`checkTape`: its head, then the
//!   document, with a pointer in the head for a field re-check; `widget/aii-validator.js` writes
//!   it from JS values, see [`crate::json::from_tape`]), the reports out as JSON text, without
//!   serde and without a JSON reader, so the embeddable bundle stays small (no catalogue either:
//!   the module's `catalog()` fetches the one the server makes); the JS side reads
//!   `JSON.parse(answer)`, or throws the reason of an answer `!reason` (a wrong call: unknown
//!   kind, bad `today`, malformed tape).
//! - `wasm`: all of `widget`, plus the same calls taking and returning plain JS values through
//!   serde-wasm-bindgen (`checkForm`, `checkField`, `catalog`).

use alloc::string::String;
use wasm_bindgen::prelude::*;

use crate::rules::common;
use crate::{Date, FormKind, Locale, Options, Params};

/// Nesting a form never needs; deeper documents are refused, not recursed into.
const MAX_DEPTH: usize = 32;

/// What the text exports answer for a call that is wrong in itself (not a document's fault):
/// the reason after a leading `!`, which no report (a JSON object) starts with. The widget's
/// module throws it as an `Error`. Returning text instead of a `JsError` keeps wasm-bindgen's
/// error plumbing (externref table, its glue) out of the widget's build: −0.6 kB gzipped.
fn call_error(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len() + 1);
    out.push('!');
    out.push_str(reason);
    out
}

/// The form kind and the options of a call: `locale`: `zh-CN` or `en` ([`Locale::parse`]);
/// `today`: `YYYY-MM-DD` (the widget's module gives today in Beijing time unless the page gives
/// a date). Else the [`call_error`] to answer.
fn call(kind_name: &str, locale: &str, today: &str) -> Result<(FormKind, Options), String> {
    let kind = FormKind::parse(kind_name).ok_or_else(|| call_error("unknown form kind"))?;
    let today = Date::parse(today).ok_or_else(|| call_error("today must be YYYY-MM-DD"))?;
    Ok((kind, Options { locale: Locale::parse(locale), today }))
}

/// Checks a form as the module's call tape gives it ([`crate::json::Tape`]): first the head
/// `[kind, locale, today, pointer or null]`, then the document (`toTape(head, data)` in
/// `widget/aii-validator.js`). Without a pointer the whole form (local rules only: context rules
/// need the server); with one only the rules that read that field (a JSON Pointer) and the
/// structural issues under it. Answers the report or the field report as JSON text; the refusal
/// the server gives the same document sent as JSON (`input.too_deep` nested deeper than
/// [`MAX_DEPTH`], `input.malformed_json` for text that is not Unicode); or `!reason` for an
/// unknown kind, a bad `today` or a malformed tape. One export taking two arguments keeps the
/// glue and the argument conversions in the bundle to one call's.
#[wasm_bindgen(js_name = checkTape)]
pub fn check_tape(tape: &[f64], text: &str) -> String {
    use crate::json::TapeError;
    let mut t = crate::json::Tape::new(tape, text, MAX_DEPTH);
    let head = match t.value() {
        Ok(crate::Value::Array(head)) => head,
        // Not a head the module writes (a lone surrogate in it makes it tag 8, too).
        _ => return call_error("malformed tape"),
    };
    // The pointer: a text for a field re-check, null for the whole form.
    let pointer = match head.get(3) {
        Some(crate::Value::Str(p)) => Some(p.as_str()),
        Some(crate::Value::Null) => None,
        _ => return call_error("malformed tape"),
    };
    let (Some(kind_name), Some(locale), Some(today), 4) =
        (head.first().and_then(|v| v.as_str()), head.get(1).and_then(|v| v.as_str()), head.get(2).and_then(|v| v.as_str()), head.len())
    else {
        return call_error("malformed tape");
    };
    let (kind, opts) = match call(kind_name, locale, today) {
        Ok(call) => call,
        Err(error) => return error,
    };
    let refusal = |rule: &'static crate::RuleMeta, params| {
        let issue = crate::render(crate::Issue { rule, severity: rule.severity, path: String::new(), params }, opts.locale);
        crate::Report { kind: Some(kind), valid: false, issues: alloc::vec![issue] }.to_json()
    };
    match t.value().and_then(|doc| t.finish().map(|()| doc)) {
        Ok(doc) => match pointer {
            Some(p) => crate::check_field(kind, &doc, p, &opts, None).to_json(),
            None => crate::check(kind, &doc, &opts, None).to_json(),
        },
        Err(TapeError::TooDeep) => refusal(common::INPUT_TOO_DEEP, Params::new().with("max", MAX_DEPTH)),
        Err(TapeError::NotUnicode) => refusal(common::INPUT_MALFORMED_JSON, Params::new()),
        Err(TapeError::Malformed) => call_error("malformed tape"),
    }
}

/// The rule-set version.
#[wasm_bindgen(js_name = rulesetVersion)]
pub fn ruleset_version() -> String {
    crate::RULESET_VERSION.into()
}

#[cfg(feature = "wasm")]
mod values {
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    use crate::{Date, FormKind, Options, Value};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Date, js_name = now)]
        fn date_now() -> f64;
    }

    /// Beijing time: the Measures' calendar.
    const OFFSET_MINUTES: i64 = 8 * 60;

    /// The kind and options of a call (locale `zh-CN` and today in Beijing time unless given),
    /// or the error the call throws.
    fn call(kind_name: &str, locale: Option<String>, today: Option<String>) -> Result<(FormKind, Options), JsError> {
        let today = today.unwrap_or_else(|| Date::from_unix_ms(date_now() as i64, OFFSET_MINUTES).to_text());
        super::call(kind_name, locale.as_deref().unwrap_or("zh-CN"), &today).map_err(|e| JsError::new(e.get(1..).unwrap_or_default()))
    }

    fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
        v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
    }

    fn document(doc: JsValue) -> Result<Value, JsError> {
        serde_wasm_bindgen::from_value(doc).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Checks a whole form given as a plain JS object (local rules only).
    #[wasm_bindgen(js_name = checkForm)]
    pub fn check_form(kind_name: &str, doc: JsValue, locale: Option<String>, today: Option<String>) -> Result<JsValue, JsError> {
        let (kind, opts) = call(kind_name, locale, today)?;
        let report = crate::check(kind, &document(doc)?, &opts, None);
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
        let (kind, opts) = call(kind_name, locale, today)?;
        let report = crate::check_field(kind, &document(doc)?, pointer, &opts, None);
        to_js(&report)
    }

    /// The rule catalogue and the position catalogue.
    #[wasm_bindgen]
    pub fn catalog() -> Result<JsValue, JsError> {
        to_js(&crate::catalog())
    }
}
#[cfg(feature = "wasm")]
pub use values::{catalog, check_field, check_form};

/// What the widget's build (no std) provides itself: the global allocator and the panic
/// handler. A panic never shows a message there (nothing would read it): it traps, and the JS
/// side sees a `RuntimeError`.
#[cfg(widget)]
mod small {
    use lol_alloc::{FreeListAllocator, LockedAllocator};

    #[global_allocator]
    static ALLOCATOR: LockedAllocator<FreeListAllocator> = LockedAllocator::new(FreeListAllocator::new());

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        core::arch::wasm32::unreachable()
    }
}
