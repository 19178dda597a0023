//! The secretariat's registry (`/admin/registry`, `/admin/registry/{id}`): every base with its
//! Art. 12 name, responsible unit, partners, directions, director and deputies with their terms,
//! annual filings by year, evaluations and status; and what is due (evaluations due within 90
//! days, annual filings missing, officers' terms ending within 90 days).
//!
//! Each endpoint's JSON is read into `aii_api::registry`'s types, the server's own.

use aii_api::registry::{BaseStatus, DueList, RegistryEntry, RegistryList};
use aii_rules::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::desk_api::{API, error_text, get};
use crate::browser;
use crate::layout::{L, RESULTS, l};
use crate::registry::{base_status_label, direction_names};
use crate::status::status_label;
use crate::ui::{Link, t};
use aii_api::base::BaseKeyIssued;
use aii_api::desk::SessionInfo;

fn role_label(role: &str) -> L {
    match role {
        "director" => l("主任", "Director"),
        "deputy_director" => l("副主任", "Deputy director"),
        _ => l("其他职务", "Other role"),
    }
}

fn result_label(result: &str) -> L {
    RESULTS.iter().find(|(c, _)| *c == result).map_or(l("—", "—"), |(_, label)| *label)
}

fn unit_kind_label(kind: &str) -> L {
    crate::layout::UNIT_KINDS.iter().find(|(c, _)| *c == kind).map_or(l("—", "—"), |(_, label)| *label)
}

fn base_link(id: &str, name: &str) -> impl IntoView + use<> {
    let name = name.to_owned();
    view! { <Link href=format!("/admin/registry/{id}")>{name}</Link> }
}

fn period(from: i64, to: i64) -> String {
    format!("{from}–{to}")
}

/// `/admin/registry`: what is due, then every base.
#[component]
pub fn RegistryView(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let list: RwSignal<Option<Result<RegistryList, String>>> = RwSignal::new(None);
    let due: RwSignal<Option<Result<DueList, String>>> = RwSignal::new(None);
    spawn_local(async move {
        let d = get::<DueList>(format!("{API}/registry/due")).await;
        due.try_set(Some(d));
        let r = get::<RegistryList>(format!("{API}/registry")).await;
        list.try_set(Some(r));
    });
    view! {
        <h1>{crate::ui::tr(locale, l("基地名录与到期事项", "Registry and what is due"))}</h1>
        <section class="section" id="registry-due">
            <h2>{crate::ui::tr(locale, l("到期事项（90天内）", "What is due (within 90 days)"))}</h2>
            {move || match due.get() {
                None => view! { <p>{crate::ui::tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
                Some(Ok(d)) => {
                    let nothing = d.evaluations_due.is_empty() && d.annual_missing.is_empty() && d.terms_ending.is_empty();
                    view! {
                        {nothing.then(|| view! { <p>{crate::ui::tr(locale, l("暂无到期事项。", "Nothing is due."))}</p> })}
                        {(!d.evaluations_due.is_empty()).then(|| view! {
                            <h3>{crate::ui::tr(locale, l("定期评估即将到期（第二十三条）", "Evaluations due (Art. 23)"))}</h3>
                            <ul id="due-evaluations">{d.evaluations_due.iter().map(|e| view! {
                                <li data-base=e.base_id.clone()>{base_link(&e.base_id, &e.full_name)}" · "
                                    {crate::ui::tr(locale, l("评估期 ", "period "))}{period(e.from_year, e.to_year)}" · "
                                    {crate::ui::tr(locale, l("截止 ", "due by "))}<time>{e.deadline.clone()}</time>
                                    {e.revocable.then(|| view! { " · "<strong class="revocable">{crate::ui::tr(locale, l("可撤销（第二十四条第（二）项）", "revocable (Art. 24 (2))"))}</strong> })}</li>
                            }).collect_view()}</ul>
                        })}
                        {(!d.annual_missing.is_empty()).then(|| view! {
                            <h3>{crate::ui::tr(locale, l("年度考核未备案（第二十二条）", "Annual assessments not filed (Art. 22)"))}</h3>
                            <ul id="due-annual">{d.annual_missing.iter().map(|a| view! {
                                <li data-base=a.base_id.clone()>{base_link(&a.base_id, &a.full_name)}" · "{a.year}</li>
                            }).collect_view()}</ul>
                        })}
                        {(!d.terms_ending.is_empty()).then(|| view! {
                            <h3>{crate::ui::tr(locale, l("主任、副主任任期即将届满（第十五条）", "Officers' terms ending (Art. 15)"))}</h3>
                            <ul id="due-terms">{d.terms_ending.iter().map(|o| {
                                let role = role_label(&o.role);
                                view! {
                                    <li data-base=o.base_id.clone()>{base_link(&o.base_id, &o.full_name)}" · "{crate::ui::tr(locale, role)}" "
                                        {o.name.clone()}" · "{crate::ui::tr(locale, l("任期至 ", "term ends "))}<time>{o.term_end.clone()}</time></li>
                                }
                            }).collect_view()}</ul>
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
        <section class="section">
            <h2>{crate::ui::tr(locale, l("全部基地", "Every base"))}</h2>
            {move || match list.get() {
                None => view! { <p>{crate::ui::tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <div class="table-scroll">
                        <table class="admin-list" id="admin-registry">
                            <thead><tr>
                                <th scope="col">{crate::ui::tr(locale, l("基地名称", "Base"))}</th>
                                <th scope="col">{crate::ui::tr(locale, l("责任单位", "Responsible unit"))}</th>
                                <th scope="col">{crate::ui::tr(locale, l("实训方向", "Directions"))}</th>
                                <th scope="col">{crate::ui::tr(locale, l("状态", "Status"))}</th>
                                <th scope="col">{crate::ui::tr(locale, l("授牌日期", "Certified on"))}</th>
                            </tr></thead>
                            <tbody>
                                {r.bases.into_iter().map(|b| {
                                    let status = base_status_label(b.status);
                                    let directions = b.directions.clone();
                                    view! {
                                        <tr data-id=b.id.clone() class:revoked=b.status == BaseStatus::Revoked>
                                            <th scope="row">{base_link(&b.id, &b.full_name)}</th>
                                            <td>{b.responsible_unit.name.clone()}</td>
                                            <td>{move || direction_names(&directions, loc())}</td>
                                            <td class="status-cell">{crate::ui::tr(locale, status)}</td>
                                            <td><time>{b.certified_on.clone()}</time></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}

/// `/admin/registry/{id}`: one base as the registry holds it.
#[component]
pub fn BaseView(id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let detail: RwSignal<Option<Result<RegistryEntry, String>>> = RwSignal::new(None);
    let url = format!("{API}/registry/{}", js_sys::encode_uri_component(&id).as_string().unwrap_or_default());
    spawn_local(async move {
        let d = get::<RegistryEntry>(url).await;
        detail.try_set(Some(d));
    });
    move || match detail.get() {
        None => view! { <p>{crate::ui::tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
        Some(Ok(b)) => {
            let lc = loc();
            let revoked = b.status == BaseStatus::Revoked;
            let submission = |s: &String| {
                let s = s.clone();
                view! { <Link href=format!("/admin/submissions/{s}")><span class="mono">{s}</span></Link> }
            };
            view! {
                <div id="registry-detail">
                    <h1>{b.full_name.clone()}</h1>
                    <p class="current">{t(lc, l("状态：", "Status: "))}<strong id="base-status">{t(lc, base_status_label(b.status))}</strong></p>
                    {revoked.then(|| view! {
                        <p class="banner" id="base-revoked">
                            {t(lc, l("已于 ", "Revoked on "))}<time>{b.revoked_on.clone()}</time>
                            {t(lc, l(" 撤销联盟实训基地资格（第二十五条）。理由：", " (Art. 25). Reason: "))}{b.revoked_reason.clone().unwrap_or_else(|| "—".into())}
                        </p>
                    })}
                    <dl>
                        <dt>{t(lc, l("基地编号", "Base id"))}</dt><dd class="mono">{b.id.clone()}</dd>
                        <dt>{t(lc, l("责任单位", "Responsible unit"))}</dt>
                        <dd>{b.responsible_unit.name.clone()}" "<span class="mono">{b.responsible_unit.uscc.clone()}</span></dd>
                        <dt>{t(lc, l("实训方向", "Directions"))}</dt><dd id="base-directions">{direction_names(&b.directions, lc)}</dd>
                        <dt>{t(lc, l("授牌日期", "Certified on"))}</dt><dd><time>{b.certified_on.clone()}</time></dd>
                        {b.certificate.clone().map(|n| view! {
                            <dt>{t(lc, l("证牌编号", "Certificate"))}</dt><dd class="mono"><a id="base-certificate" href=format!("/certificate/{n}")>{n.clone()}</a></dd>
                        })}
                    </dl>
                    <BaseKeyPanel base_id=b.id.clone() locale=locale />
                    {super::revoke_form::results_view(&b.results, lc)}
                    {(!revoked).then(|| super::revoke_form::RevokeForm(super::revoke_form::RevokeFormProps { base_id: b.id.clone(), locale }))}

                    <section class="section">
                        <h2>{t(lc, l("联合单位", "Partner units"))}</h2>
                        {if b.partners.is_empty() {
                            view! { <p>{t(lc, l("无", "None"))}</p> }.into_any()
                        } else {
                            view! {
                                <table class="admin-list" id="base-partners">
                                    <thead><tr><th scope="col">{t(lc, l("名称", "Name"))}</th><th scope="col">{t(lc, l("统一社会信用代码", "USCC"))}</th><th scope="col">{t(lc, l("单位类型", "Kind"))}</th></tr></thead>
                                    <tbody>{b.partners.iter().map(|p| view! {
                                        <tr><td>{p.name.clone()}</td><td class="mono">{p.uscc.clone()}</td><td>{t(lc, unit_kind_label(&p.kind))}</td></tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("主任、副主任及任期（第十四、十五条）", "Director, deputies and terms (Arts. 14–15)"))}</h2>
                        {if b.officers.is_empty() {
                            view! { <p>{t(lc, l("尚无记录", "None on record"))}</p> }.into_any()
                        } else {
                            view! {
                                <table class="admin-list" id="base-officers">
                                    <thead><tr><th scope="col">{t(lc, l("职务", "Role"))}</th><th scope="col">{t(lc, l("姓名", "Name"))}</th><th scope="col">{t(lc, l("任期", "Term"))}</th></tr></thead>
                                    <tbody>{b.officers.iter().map(|o| view! {
                                        <tr><td>{t(lc, role_label(&o.role))}</td><td>{o.name.clone()}</td>
                                            <td><time>{o.term_start.clone()}</time>" – "<time>{o.term_end.clone()}</time></td></tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("年度考核备案（第二十二条）", "Annual assessments filed (Art. 22)"))}</h2>
                        {if b.annual_filings.is_empty() {
                            view! { <p id="base-annual-none">{t(lc, l("尚无备案", "None filed"))}</p> }.into_any()
                        } else {
                            view! {
                                <table class="admin-list" id="base-annual-filings">
                                    <thead><tr><th scope="col">{t(lc, l("年度", "Year"))}</th><th scope="col">{t(lc, l("考核结果", "Result"))}</th>
                                        <th scope="col">{t(lc, l("状态", "Status"))}</th><th scope="col">{t(lc, l("申报编号", "Submission"))}</th></tr></thead>
                                    <tbody>{b.annual_filings.iter().map(|a| view! {
                                        <tr data-year=a.year>
                                            <th scope="row">{a.year}</th>
                                            <td>{t(lc, a.result.as_deref().map_or(l("—", "—"), result_label))}</td>
                                            <td>{t(lc, status_label(a.status.as_str()))}</td>
                                            <td>{submission(&a.submission_id)}</td>
                                        </tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("定期评估（第二十三至二十五条）", "Evaluations (Arts. 23–25)"))}</h2>
                        {if b.evaluations.is_empty() {
                            view! { <p>{t(lc, l("尚无评估", "None yet"))}</p> }.into_any()
                        } else {
                            view! {
                                <table class="admin-list" id="base-evaluations">
                                    <thead><tr><th scope="col">{t(lc, l("评估期", "Period"))}</th><th scope="col">{t(lc, l("状态", "Status"))}</th>
                                        <th scope="col">{t(lc, l("申报编号", "Submission"))}</th></tr></thead>
                                    <tbody>{b.evaluations.iter().map(|e| view! {
                                        <tr>
                                            <th scope="row">{period(e.from_year, e.to_year)}</th>
                                            <td>{t(lc, status_label(e.status.as_str()))}</td>
                                            <td>{submission(&e.submission_id)}</td>
                                        </tr>
                                    }).collect_view()}</tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                </div>
            }
            .into_any()
        }
    }
}

/// The base's own page (`/base/{id}#key`): a new key replaces the one before (which then opens
/// nothing), and its link is shown here once, to be sent to the responsible unit.
#[component]
fn BaseKeyPanel(base_id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let lc = move || locale.get();
    let confirming = RwSignal::new(false);
    let issued: RwSignal<Option<BaseKeyIssued>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let copied = RwSignal::new(None::<bool>);
    let base_id = StoredValue::new(base_id);
    let replace = move |_| {
        confirming.set(false);
        let url = format!("{API}/registry/{}/key", js_sys::encode_uri_component(&base_id.get_value()).as_string().unwrap_or_default());
        spawn_local(async move {
            let csrf = get::<SessionInfo>(format!("{API}/session")).await.map(|s| s.csrf_token).unwrap_or_default();
            match browser::fetch("POST", &url, None, &[("X-CSRF-Token", &csrf)]).await {
                Ok(a) if a.status == 200 => match browser::from_js::<BaseKeyIssued>(a.body) {
                    Some(k) => issued.set(Some(k)),
                    None => message.set(Some("answer".into())),
                },
                Ok(a) => message.set(Some(format!("HTTP {} {}", a.status, error_text(&a.body)))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let copy = move |_| {
        if let Some(k) = issued.get_untracked() {
            spawn_local(async move { copied.set(Some(browser::copy_text(&k.link).await)) });
        }
    };
    view! {
        <section class="section" id="base-key">
            <h2>{move || t(lc(), l("基地主页链接", "The base's own page"))}</h2>
            <p class="hint">{move || t(lc(), l(
                "责任单位凭此链接查看基地信息和待办事项。生成新链接后，原链接立即失效；新链接只在此显示一次，请发送给责任单位联系人。",
                "The responsible unit sees its base and what is due through this link. A new link makes the previous one stop working at once; it is shown here only once: send it to the unit's contact.",
            ))}</p>
            {move || match (issued.get(), confirming.get()) {
                (Some(k), _) => view! {
                    <p><code id="base-key-link" class="mono">{k.link.clone()}</code></p>
                    <p><button type="button" id="base-key-copy" on:click=copy>{t(lc(), l("复制链接", "Copy the link"))}</button></p>
                    <p role="status">{move || copied.get().map(|ok| t(lc(), if ok { l("链接已复制。", "The link is copied.") } else { l("无法自动复制：请选中链接复制。", "It could not be copied: select the link and copy it.") }))}</p>
                }.into_any(),
                (None, true) => view! {
                    <p role="alert">{t(lc(), l("确认生成新链接？原链接将失效。", "Make a new link? The previous one stops working."))}</p>
                    <p>
                        <button type="button" class="primary" id="base-key-confirm" on:click=replace>{t(lc(), l("确认生成", "Yes, make a new link"))}</button>" "
                        <button type="button" id="base-key-cancel" on:click=move |_| confirming.set(false)>{t(lc(), l("取消", "Cancel"))}</button>
                    </p>
                }.into_any(),
                (None, false) => view! {
                    <p><button type="button" id="base-key-replace" on:click=move |_| confirming.set(true)>{t(lc(), l("生成新的基地主页链接", "Make a new link to the base's page"))}</button></p>
                }.into_any(),
            }}
            {move || message.get().map(|m| view! { <p class="banner" role="alert" id="base-key-error">{m}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server's answers (server/src/registry.rs), read as the page reads them.
    #[test]
    fn the_registry_endpoints_read_as_contracted() {
        let list: RegistryList = serde_json::from_str(
            r#"{"bases":[{"id":"b1","short_name":"S","full_name":"F","responsible_unit":{"name":"U","uscc":"12310104729436482D"},"partners":[],"directions":["network.implementation"],"officers":[],"annual_filings":[],"evaluations":[],"status":"certified","certified_on":"2027-03-01","revoked_on":null,"revoked_reason":null}]}"#,
        )
        .unwrap();
        assert_eq!(list.bases[0].directions.len(), 1);
        let due: DueList = serde_json::from_str(
            r#"{"as_of":"2030-02-01","evaluations_due":[{"base_id":"b1","full_name":"F","from_year":2027,"to_year":2029,"deadline":"2030-03-31"}],
                "annual_missing":[{"base_id":"b1","full_name":"F","year":2027}],
                "terms_ending":[{"base_id":"b1","full_name":"F","role":"director","name":"刘教授","term_end":"2029-12-31"}]}"#,
        )
        .unwrap();
        assert_eq!((due.evaluations_due.len(), due.annual_missing[0].year, due.terms_ending[0].role.as_str()), (1, 2027, "director"));
        let base: RegistryEntry = serde_json::from_str(
            r#"{"id":"b1","short_name":"S","full_name":"F","responsible_unit":{"name":"U","uscc":"12310104729436482D"},
                "partners":[{"name":"P","uscc":"913101153756893422","kind":"enterprise"}],"directions":["network.implementation"],
                "officers":[{"role":"director","name":"刘教授","term_start":"2027-01-01","term_end":"2029-12-31"}],
                "annual_filings":[{"year":2027,"submission_id":"s1","status":"submitted","result":"good"}],
                "evaluations":[{"submission_id":"s2","from_year":2027,"to_year":2029,"status":"qualified"}],
                "status":"revoked","certified_on":"2027-03-01","revoked_on":"2030-05-01","revoked_reason":"评估不合格"}"#,
        )
        .unwrap();
        assert_eq!((base.annual_filings[0].year, base.evaluations[0].status.as_str()), (2027, "qualified"));
        assert_eq!(base.revoked_reason.as_deref(), Some("评估不合格"));
        assert_eq!(t(Locale::Zh, result_label("good")), "良好");
    }
}
