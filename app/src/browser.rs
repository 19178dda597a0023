//! The few browser facilities the app needs: local storage, fetch, the clock, focus, the
//! title, and for the review desk's bundle serde through the browser's own `JSON` (so
//! serde_json stays out of the WASM; the applicant pages use `wire` instead).

use js_sys::{Function, Reflect};
#[cfg(feature = "admin")]
use serde::Serialize;
#[cfg(feature = "admin")]
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn local_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn local_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        // A full or disabled storage only loses the draft copy; the form itself stays.
        let _ = s.set_item(key, value);
    }
}

pub fn local_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

#[cfg(feature = "admin")]
pub fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

#[cfg(feature = "admin")]
pub fn to_json<T: Serialize>(v: &T) -> String {
    js_sys::JSON::stringify(&to_js(v)).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

#[cfg(feature = "admin")]
pub fn from_js<T: DeserializeOwned>(v: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(v).ok()
}

#[cfg(feature = "admin")]
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A random idempotency key (crypto.randomUUID).
pub fn random_key() -> String {
    let crypto = Reflect::get(&window(), &"crypto".into()).ok();
    let uuid = crypto.as_ref().and_then(|c| {
        let f: Function = Reflect::get(c, &"randomUUID".into()).ok()?.dyn_into().ok()?;
        f.call0(c).ok()?.as_string()
    });
    uuid.unwrap_or_else(|| format!("k{}-{}", now_ms() as u64, (js_sys::Math::random() * 1e12) as u64))
}

pub fn set_title(title: &str) {
    if let Some(d) = window().document() {
        d.set_title(title);
    }
}

pub fn focus(id: &str) {
    if let Some(el) = window().document().and_then(|d| d.get_element_by_id(id))
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
        el.scroll_into_view();
    }
}

pub fn path() -> String {
    window().location().pathname().unwrap_or_else(|_| "/".into())
}

pub fn hash() -> String {
    window().location().hash().unwrap_or_default().trim_start_matches('#').to_owned()
}

/// A parameter of the location's query (`?base_id=…`), percent-decoded.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| js_sys::decode_uri_component(&v.replace('+', " ")).ok().map(String::from)).flatten()
    })
}

/// Loads the current location again, from the server.
pub fn reload() {
    let _ = window().location().reload();
}

pub fn push_path(path: &str) {
    if let Ok(h) = window().history() {
        let _ = h.push_state_with_url(&JsValue::NULL, "", Some(path));
    }
}

/// The page's origin (`http://127.0.0.1:8080`).
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Opens the browser's print dialog.
pub fn print() {
    let _ = window().print();
}

/// Copies text with the asynchronous clipboard API; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let call = || -> Option<js_sys::Promise> {
        let navigator = Reflect::get(&window(), &"navigator".into()).ok()?;
        let clipboard = Reflect::get(&navigator, &"clipboard".into()).ok().filter(|c| !c.is_undefined())?;
        let write: Function = Reflect::get(&clipboard, &"writeText".into()).ok()?.dyn_into().ok()?;
        write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
    };
    match call() {
        Some(promise) => JsFuture::from(promise).await.is_ok(),
        None => false,
    }
}

/// Raises `popstate` on the window, as the back button does.
pub fn raise_popstate() {
    if let Ok(ev) = web_sys::Event::new("popstate") {
        let _ = window().dispatch_event(&ev);
    }
}

/// An HTTP answer: status and body text (the applicant pages read it with `wire`); in the
/// review desk's bundle also the body parsed by the browser's `JSON` (`null` when it is not
/// JSON), for serde.
pub struct Answer {
    pub status: u16,
    pub text: String,
    #[cfg(feature = "admin")]
    pub body: JsValue,
}

/// `fetch` with a JSON body (or none); the answer's text is read once.
pub async fn fetch(method: &str, url: &str, body: Option<String>, headers: &[(&str, &str)]) -> Result<Answer, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(|_| "headers")?;
    h.set("Accept", "application/json").map_err(|_| "headers")?;
    if let Some(b) = &body {
        h.set("Content-Type", "application/json").map_err(|_| "headers")?;
        init.set_body(&JsValue::from_str(b));
    }
    for (k, v) in headers {
        h.set(k, v).map_err(|_| "headers")?;
    }
    init.set_headers(&h);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| "request")?;
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_request(&request)).await.map_err(|_| "network")?.dyn_into().map_err(|_| "response")?;
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    #[cfg(feature = "admin")]
    let body = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
    Ok(Answer {
        status,
        text,
        #[cfg(feature = "admin")]
        body,
    })
}
