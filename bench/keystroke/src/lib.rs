//! The app's per-keystroke path, for the benchmark in headless Chromium
//! (`bench/js/browser.mjs`): the Leptos app holds the document as an `aii_rules::Value` in WASM
//! memory and, on every input, sets the field, runs `check_field` on it and merges the field
//! report into the form's report (`app/src/form.rs`, `St::set` → `after_change`). This crate does
//! exactly that through the rules crate's public API, built with the app's profile
//! (`wasm-release`), so the timing includes neither JSON text nor serde-wasm-bindgen: only what
//! the app pays. (The app also saves a draft to `localStorage` after each change; that is not the
//! re-check and is not measured here.)

use aii_rules::{Date, FormKind, Locale, Options, Report, Value, check, check_field, json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Form {
    kind: FormKind,
    doc: Value,
    report: Report,
    opts: Options,
}

#[wasm_bindgen]
impl Form {
    /// A form from JSON text, checked whole once (as the app does when it opens a draft).
    #[wasm_bindgen(constructor)]
    pub fn new(kind: &str, text: &str, today: &str) -> Result<Form, JsError> {
        let kind = FormKind::parse(kind).ok_or_else(|| JsError::new("unknown form kind"))?;
        let doc = json::parse(text, 32).map_err(|_| JsError::new("malformed JSON"))?;
        let opts = Options { locale: Locale::Zh, today: Date::parse(today).ok_or_else(|| JsError::new("today must be YYYY-MM-DD"))? };
        let report = check(kind, &doc, &opts, None);
        Ok(Form { kind, doc, report, opts })
    }

    /// A text field changed: set it, re-check the rules that read it, merge. Returns the number
    /// of issues in the form's report afterwards (so the work cannot be optimised away).
    #[wasm_bindgen(js_name = setText)]
    pub fn set_text(&mut self, pointer: &str, text: &str) -> usize {
        self.set(pointer, Value::Str(text.into()))
    }

    /// A number field changed.
    #[wasm_bindgen(js_name = setInt)]
    pub fn set_int(&mut self, pointer: &str, n: f64) -> usize {
        self.set(pointer, Value::Int(n as i64))
    }

    /// A checkbox changed.
    #[wasm_bindgen(js_name = setBool)]
    pub fn set_bool(&mut self, pointer: &str, b: bool) -> usize {
        self.set(pointer, Value::Bool(b))
    }

    /// The issues of the form's report now.
    #[wasm_bindgen(js_name = issueCount)]
    pub fn issue_count(&self) -> usize {
        self.report.issues.len()
    }

    fn set(&mut self, pointer: &str, value: Value) -> usize {
        self.doc.set_pointer(pointer, value);
        let field = check_field(self.kind, &self.doc, pointer, &self.opts, None);
        field.merge_owned(&mut self.report);
        self.report.issues.len()
    }
}
