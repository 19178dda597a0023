//! `/registry`: the public list of the alliance's training bases (Art. 12 name, responsible
//! unit, directions from the catalogue, status in words), read from `GET /api/v1/registry`
//! through `wire` (no serde in the applicant's bundle).

use aii_rules::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::layout::{L, l};
use crate::wire::{self, RegistryBase};
use crate::{browser, t};

/// A base's status in the registry, in both languages.
pub fn base_status_label(status: &str) -> L {
    match status {
        "certified" => l("有效（已授牌）", "Certified"),
        "revoked" => l("已撤销资格", "Revoked"),
        _ => l("未知状态", "Unknown status"),
    }
}

/// Catalogue codes as their names in the current language.
pub fn direction_names(codes: &[String], loc: Locale) -> String {
    let sep = if loc == Locale::Zh { "、" } else { "; " };
    codes.iter().map(|c| aii_rules::catalog::direction(c).map_or(c.as_str(), |d| d.name(loc))).collect::<Vec<_>>().join(sep)
}

#[component]
pub fn RegistryPage(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("联盟实训基地名录", "Registry of the alliance's training bases");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::SITE))));
    let result: RwSignal<Option<Result<Vec<RegistryBase>, String>>> = RwSignal::new(None);
    spawn_local(async move {
        let answer = browser::fetch("GET", "/api/v1/registry", None, &[]).await;
        result.try_set(Some(match answer {
            Ok(a) if a.status == 200 => wire::from_json(&a.text).as_ref().and_then(wire::registry).ok_or_else(|| "answer".to_owned()),
            Ok(a) => Err(format!("HTTP {}", a.status)),
            Err(e) => Err(e),
        }));
    });
    view! {
        <h1>{move || t(loc(), title)}</h1>
        <p class="intro">{move || t(loc(), l(
            "经联盟常务理事会审议通过并授牌的实训基地（第十二条）。评估不合格的，撤销联盟实训基地资格（第二十五条）。",
            "Bases the alliance's council approved and certified (Art. 12). A base found unqualified at its evaluation loses its status (Art. 25).",
        ))}</p>
        {move || match result.get() {
            None => view! { <p class="loading">{move || t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{move || t(loc(), l("名录读取失败：", "The registry could not be read: "))}{e.clone()}</p> }.into_any(),
            Some(Ok(bases)) if bases.is_empty() => view! { <p id="registry-empty">{move || t(loc(), l("名录中尚无实训基地。", "No base is registered yet."))}</p> }.into_any(),
            Some(Ok(bases)) => view! {
                <div class="table-scroll" role="region" aria-labelledby="registry-caption" tabindex="0">
                    <table class="admin-list registry" id="registry-list">
                        <caption id="registry-caption" class="visually-hidden">{move || t(loc(), title)}</caption>
                        <thead><tr>
                            <th scope="col">{move || t(loc(), l("基地名称", "Base"))}</th>
                            <th scope="col">{move || t(loc(), l("责任单位", "Responsible unit"))}</th>
                            <th scope="col">{move || t(loc(), l("实训方向", "Directions"))}</th>
                            <th scope="col">{move || t(loc(), l("状态", "Status"))}</th>
                            <th scope="col">{move || t(loc(), l("授牌日期", "Certified on"))}</th>
                        </tr></thead>
                        <tbody>
                            {bases.into_iter().map(|b| {
                                let status = base_status_label(&b.status);
                                let directions = b.directions.clone();
                                view! {
                                    <tr data-id=b.id.clone() class:revoked=b.status == "revoked">
                                        <th scope="row">{b.full_name.clone()}</th>
                                        <td>{b.responsible_name.clone()}</td>
                                        <td>{move || direction_names(&directions, loc())}</td>
                                        <td class="status-cell">{move || t(loc(), status)}</td>
                                        <td><time>{b.certified_on.clone()}</time></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}
