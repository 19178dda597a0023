//! The registry desk's direct revocation (Art. 24 (2), (4): `POST /admin/registry/{id}/
//! revocation`) and a base's published results (Art. 25).

use aii_api::council::RevocationBody;
use aii_api::desk::SessionInfo;
use aii_api::registry::PublishedResult;
use aii_rules::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::desk_api::{API, error_text, get};
use crate::browser;
use crate::layout::l;
use crate::ui::t;

/// A base's published results, newest first.
pub fn results_view(results: &[PublishedResult], lc: Locale) -> impl IntoView + use<> {
    let lines: Vec<String> = results.iter().map(|r| crate::results::result_line(r, lc)).collect();
    view! {
        <section class="section" id="base-results">
            <h2>{t(lc, l("评估结果（第二十五条，已公布）", "Evaluation results (Art. 25, published)"))}</h2>
            {if lines.is_empty() {
                view! { <p>{t(lc, l("尚无评估结果。", "No result yet."))}</p> }.into_any()
            } else {
                view! { <ul>{lines.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn RevokeForm(base_id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let lc = move || locale.get();
    let grounds: RwSignal<Vec<i64>> = RwSignal::new(Vec::new());
    let note = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let base_id = StoredValue::new(base_id);
    let submit = move |_| {
        let body = browser::to_json(&RevocationBody { grounds: grounds.get_untracked(), note: note.get_untracked() });
        let url = format!("{API}/registry/{}/revocation?locale={}", base_id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            let csrf = get::<SessionInfo>(format!("{API}/session")).await.map(|s| s.csrf_token).unwrap_or_default();
            match browser::fetch("POST", &url, Some(body), &[("X-CSRF-Token", &csrf)]).await {
                Ok(a) if a.status == 200 => browser::reload(),
                Ok(a) => message.set(Some(error_text(&a.body))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let ground = move |g: i64, text: crate::layout::L| {
        view! {
            <label class="check"><input type="checkbox" name="revoke-ground" value=g.to_string()
                prop:checked=move || grounds.get().contains(&g)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    grounds.update(|v| { v.retain(|x| *x != g); if on { v.push(g); v.sort_unstable(); } });
                } />" "{move || t(lc(), text)}</label>
        }
    };
    view! {
        <section class="section revoke" id="revoke">
            <h2>{move || t(lc(), l("撤销 revoke：直接撤销基地资格（第二十四条）", "Revoke the base's status directly (Art. 24)"))}</h2>
            <fieldset>
                <legend>{move || t(lc(), l("情形（仅第（二）、（四）项）", "Ground (only (2) or (4))"))}</legend>
                {ground(2, l("（二）无特殊原因，逾期一个月不上报评估材料", "(2) no evaluation material one month after the deadline"))}
                {ground(4, l("（四）有重大违规、违法行为", "(4) a major violation of rules or law"))}
            </fieldset>
            <div class="field">
                <label for="revoke-note">{move || t(lc(), l("说明（必填，记入审计日志）", "Note (required; audited)"))}</label>
                <textarea id="revoke-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <p class="actions"><button type="button" class="danger" id="revoke-submit" on:click=submit>{move || t(lc(), l("撤销资格", "Revoke"))}</button></p>
            {move || message.get().map(|m| view! { <p class="banner" role="alert" id="revoke-error">{m}</p> })}
        </section>
    }
}
