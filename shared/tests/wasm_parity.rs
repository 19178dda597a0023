//! Parity, WASM side (run in headless Chromium by wasm-bindgen-test): every corpus document
//! goes through JSON.parse into a plain JS object, through the `checkForm` export, and back
//! through JSON.stringify; the text must hash to the same value the native build recorded.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn corpus_reports_are_byte_identical_to_native() {
    let golden: Vec<&str> = common::GOLDEN.lines().collect();
    assert_eq!(golden.len(), 1000);
    for (i, line) in common::CORPUS.lines().enumerate() {
        let (kind, locale, doc) = common::corpus_entry(line);
        let js = js_sys::JSON::parse(&serde_json::to_string(&doc).unwrap()).unwrap();
        let report = aii_rules::wasm::check_form(kind.name(), js, Some(locale), Some(common::today_for(kind).into()))
            .map_err(JsValue::from)
            .unwrap();
        let text: String = js_sys::JSON::stringify(&report).unwrap().into();
        assert_eq!(format!("{:016x}", common::fnv64(&text)), golden[i], "corpus line {}: {text}", i + 1);
    }
}

#[wasm_bindgen_test]
fn a_field_recheck_runs_in_the_browser() {
    let doc = common::patched(aii_rules::FormKind::Application, &[("/facilities/simultaneous_trainees", "12")]);
    let js = js_sys::JSON::parse(&serde_json::to_string(&doc).unwrap()).unwrap();
    let report = aii_rules::wasm::check_field("application", js, "/facilities/simultaneous_trainees", None, Some(common::TODAY.into()))
        .map_err(JsValue::from)
        .unwrap();
    let text: String = js_sys::JSON::stringify(&report).unwrap().into();
    assert!(text.contains("\"rule\":\"art7.3.capacity\""), "{text}");
    assert!(text.contains("实训环境须满足20位以上学员同时动手操作（当前：12）"), "{text}");
}

#[wasm_bindgen_test]
fn the_catalogue_reaches_javascript() {
    let text: String = js_sys::JSON::stringify(&aii_rules::wasm::catalog().map_err(JsValue::from).unwrap()).unwrap().into();
    assert!(text.contains("\"id\":\"art14.age\""));
    assert!(text.contains("\"code\":\"network.implementation\""));
}
