//! `/verify/{number}`: whether a certificate (证牌, Art. 12) is valid now — 有效, 已撤销 (Art. 25)
//! or 无此证牌 — for anyone who scans its QR code; read from `GET /api/v1/verify/{number}`.

use aii_rules::{Locale, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::l;
use crate::registry::direction_names;
use crate::ui::t;
use crate::wire;

/// A certificate as `GET /api/v1/verify/{number}` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plaque {
    pub number: String,
    pub revoked: bool,
    pub name: String,
    pub unit: String,
    pub directions: Vec<String>,
    pub issued_on: String,
    pub revoked_on: Option<String>,
}

/// The answer read: `Ok(None)` for no such certificate.
pub fn plaque(status: u16, text: &str) -> Result<Option<Plaque>, String> {
    if status == 404 {
        return Ok(None);
    }
    if status != 200 {
        return Err(format!("HTTP {status}"));
    }
    let v = wire::from_json(text).ok_or("answer")?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(Some(Plaque {
        number: s("number").ok_or("answer")?,
        revoked: s("status").as_deref() == Some("revoked"),
        name: s("name").unwrap_or_default(),
        unit: s("unit").unwrap_or_default(),
        directions: v
            .get("directions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
        issued_on: s("issued_on").unwrap_or_default(),
        revoked_on: s("revoked_on"),
    }))
}

/// Fetches the certificate `number` into `into`.
pub fn load(number: &str, into: RwSignal<Option<Result<Option<Plaque>, String>>>) {
    let url = format!("/api/v1/verify/{number}");
    spawn_local(async move {
        let answer = browser::fetch("GET", &url, None, &[]).await;
        into.try_set(Some(answer.and_then(|a| plaque(a.status, &a.text))));
    });
}

#[component]
pub fn VerifyPage(number: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("证牌查验", "Certificate check");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let result = RwSignal::new(None);
    load(&number, result);
    view! {
        <h1>{crate::ui::tr(locale, title)}</h1>
        <p class="mono">{number.clone()}</p>
        {move || match result.get() {
            None => view! { <p class="loading">{t(loc(), l("正在查验…", "Checking…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(None)) => view! {
                <p class="verdict unknown" id="verdict" data-status="unknown">{t(loc(), l("无此证牌：该编号没有登记的联盟实训基地证牌。", "No such certificate: no alliance training base certificate has this number."))}</p>
            }.into_any(),
            Some(Ok(Some(p))) => {
                let lc = loc();
                let (class, status, text) = if p.revoked {
                    ("verdict revoked", "revoked", l("已撤销：该基地的联盟实训基地资格已被撤销，证牌失效。", "Revoked: this base lost its status; the certificate is no longer valid."))
                } else {
                    ("verdict certified", "certified", l("有效：该证牌所载实训基地现为联盟实训基地。", "Valid: the base on this certificate is an alliance training base now."))
                };
                view! {
                    <p class=class id="verdict" data-status=status>{t(lc, text)}</p>
                    <dl class="plaque-facts">
                        <dt>{t(lc, l("基地名称", "Base"))}</dt><dd id="verify-name">{p.name.clone()}</dd>
                        <dt>{t(lc, l("责任单位", "Responsible unit"))}</dt><dd>{p.unit.clone()}</dd>
                        <dt>{t(lc, l("实训方向", "Directions"))}</dt><dd>{direction_names(&p.directions, lc)}</dd>
                        <dt>{t(lc, l("授牌日期", "Certified on"))}</dt><dd><time>{p.issued_on.clone()}</time></dd>
                        {p.revoked_on.clone().map(|d| view! { <dt>{t(lc, l("撤销日期", "Revoked on"))}</dt><dd><time id="verify-revoked-on">{d}</time></dd> })}
                    </dl>
                }.into_any()
            }
        }}
        <p><a href="/results">{crate::ui::tr(locale, l("评估结果公布", "Published evaluation results"))}</a>" · "<a href="/registry">{crate::ui::tr(locale, l("实训基地名录", "Registry of bases"))}</a></p>
    }
}
