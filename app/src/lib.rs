//! The applicant app (Leptos, client-side rendered, compiled to WASM).

use leptos::prelude::*;

#[component]
fn App() -> impl IntoView {
    view! { <main><h1>"工业互联网产业联盟实训基地"</h1></main> }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}
