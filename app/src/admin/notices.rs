//! The secretariat's publicity desk (`/admin/notices`, 公示): open a notice by ticking the
//! applications and direction changes ready for it (under review, or after a site check) and
//! choosing its start date; every notice with its period, items and objections counted; a
//! notice's objections in full, each resolved as upheld or dismissed with a note. Text from
//! the public (names, reasons, evidence) is rendered as text.

use aii_api::desk::{ListItem, ListPage};
use aii_api::publicity::{NoticeList, Objection, ObjectionList, OpenNotice, Resolution};
use aii_rules::{FormKind, Locale};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::desk_api::{API, error_text, get};
use crate::browser;
use crate::layout::{L, l};
use crate::registry::direction_names;
use crate::ui::{Link, t};

fn kind_label(kind: FormKind) -> L {
    match kind {
        FormKind::DirectionChange => l("实训方向变更", "Direction change"),
        _ => l("新建实训基地", "New training base"),
    }
}

fn objection_status(status: &str) -> L {
    match status {
        "upheld" => l("异议成立", "Upheld"),
        "dismissed" => l("异议不成立", "Dismissed"),
        _ => l("待处理", "Open"),
    }
}

/// Submissions a notice can list: applications and direction changes under review or after a
/// site check.
async fn ready() -> Result<Vec<ListItem>, String> {
    let mut out = Vec::new();
    for status in ["under_review", "site_check"] {
        let page = get::<ListPage>(format!("{API}/submissions?status={status}&per_page=100&sort=submitted_at&order=asc")).await?;
        out.extend(page.items.into_iter().filter(|i| matches!(i.kind, FormKind::Application | FormKind::DirectionChange)));
    }
    Ok(out)
}

#[component]
pub fn NoticesView(csrf: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let csrf = StoredValue::new(csrf);
    let notices: RwSignal<Option<Result<NoticeList, String>>> = RwSignal::new(None);
    let candidates: RwSignal<Option<Result<Vec<ListItem>, String>>> = RwSignal::new(None);
    let ticked: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let start = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            let n = get::<NoticeList>(format!("{API}/notices")).await;
            if let Ok(list) = &n
                && start.get_untracked().is_empty()
            {
                start.set(list.today.clone());
            }
            notices.try_set(Some(n));
            candidates.try_set(Some(ready().await));
        });
    };
    load();
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = OpenNotice { start_date: start.get_untracked(), items: ticked.get_untracked(), ..OpenNotice::default() };
        let url = format!("{API}/notices?locale={}", locale.get_untracked().tag());
        spawn_local(async move {
            match browser::fetch("POST", &url, Some(browser::to_json(&body)), &[("X-CSRF-Token", &csrf.get_value())]).await {
                Ok(a) if a.status == 201 => {
                    ticked.set(Vec::new());
                    message.set(Some(t(locale.get_untracked(), l("公示已发布。", "The notice is published.")).to_owned()));
                    load();
                }
                Ok(a) => message.set(Some(error_text(&a.body))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{crate::ui::tr(locale, l("公示", "Publicity notices"))}</h1>
        <section class="section" id="notice-new">
            <h2>{crate::ui::tr(locale, l("发布公示", "Open a notice"))}</h2>
            <p class="hint">{crate::ui::tr(locale, l(
                "勾选已完成评审的申报（答辩评审或现场核查阶段），选择公示开始日期。发布后各项转为“公示中”，公示期满且异议均已处理、无异议成立的，方可提交常务理事会审议（第十一、十二条）。",
                "Tick the submissions that finished review (under review or after a site check) and choose the start date. Each moves to publicity; only after the notice ends, with every objection resolved and none upheld, can the council approve it (Arts. 11, 12).",
            ))}</p>
            <form id="notice-form" on:submit=open>
                {move || match candidates.get() {
                    None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p id="notice-none">{t(loc(), l("暂无可列入公示的申报。", "Nothing is ready for a notice."))}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="checks" id="notice-candidates">
                            {list.into_iter().map(|i| {
                                let id = i.id.clone();
                                let input_id = format!("notice-pick-{id}");
                                let toggle = id.clone();
                                view! {
                                    <li>
                                        <label class="check" for=input_id.clone()>
                                            <input type="checkbox" id=input_id.clone() data-id=id.clone()
                                                prop:checked={let id = id.clone(); move || ticked.get().contains(&id)}
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    ticked.update(|v| { v.retain(|x| *x != toggle); if on { v.push(toggle.clone()); } });
                                                } />
                                            " "{i.unit_name.clone().unwrap_or_default()}" · "{move || t(loc(), kind_label(i.kind))}" · "
                                            {move || direction_names(&i.directions, loc())}" "
                                            <span class="mono">{id.clone()}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
                <div class="field">
                    <label for="notice-start">{crate::ui::tr(locale, l("公示开始日期", "First day of the notice"))}</label>
                    <input type="date" id="notice-start" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev)) />
                </div>
                <button type="submit" id="notice-open" prop:disabled=move || ticked.get().is_empty()>{crate::ui::tr(locale, l("发布公示", "Publish the notice"))}</button>
                {move || message.get().map(|m| view! { <p class="banner" role="status" id="notice-message">{m}</p> })}
            </form>
        </section>
        <section class="section" id="notice-list">
            <h2>{crate::ui::tr(locale, l("公示记录", "Notices"))}</h2>
            {move || match notices.get() {
                None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.notices.is_empty() => view! { <p>{t(loc(), l("尚无公示。", "No notice yet."))}</p> }.into_any(),
                Some(Ok(list)) => list.notices.into_iter().map(|n| {
                    let notice_id = n.id;
                    view! {
                        <article class="notice" data-notice=n.id.to_string()>
                            <h3>
                                {format!("{} — {}", n.start_date, n.end_date)}" "
                                <span class=if n.open { "tag open" } else { "tag closed" }>{t(loc(), if n.open { l("公示中", "Open") } else { l("未在公示期", "Not running") })}</span>
                            </h3>
                            <p class="hint">{t(loc(), l("发布人：", "Opened by "))}{n.opened_by.clone()}" · "<time datetime=n.opened_at.clone()>{crate::ui::beijing(&n.opened_at)}</time></p>
                            <table class="admin-list">
                                <thead><tr>
                                    <th>{t(loc(), l("基地名称", "Base"))}</th><th>{t(loc(), l("类别", "Kind"))}</th><th>{t(loc(), l("实训方向", "Directions"))}</th>
                                    <th>{t(loc(), l("异议（待处理/成立/不成立）", "Objections (open/upheld/dismissed)"))}</th>
                                </tr></thead>
                                <tbody>
                                    {n.items.into_iter().map(|i| view! {
                                        <tr data-item=i.id.to_string()>
                                            <td><Link href=format!("/admin/submissions/{}", i.submission_id)>{i.full_name.clone()}</Link></td>
                                            <td>{t(loc(), kind_label(i.kind))}</td>
                                            <td>{direction_names(&i.directions, loc())}</td>
                                            <td class="counts">{format!("{} / {} / {}", i.objections_open, i.objections_upheld, i.objections_dismissed)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Objections notice=notice_id csrf=csrf.get_value() locale=locale on_change=load />
                        </article>
                    }
                }).collect_view().into_any(),
            }}
        </section>
    }
}

/// A notice's objections, loaded on demand, each resolvable while open.
#[component]
fn Objections(notice: i64, csrf: String, locale: RwSignal<Locale>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let loc = move || locale.get();
    let list: RwSignal<Option<Result<Vec<Objection>, String>>> = RwSignal::new(None);
    let csrf = StoredValue::new(csrf);
    let load = move || {
        spawn_local(async move {
            let r = get::<ObjectionList>(format!("{API}/notices/{notice}/objections")).await.map(|l| l.objections);
            list.try_set(Some(r));
        });
    };
    view! {
        <button type="button" class="show-objections" id=format!("objections-{notice}") on:click=move |_| load()>
            {crate::ui::tr(locale, l("查看异议", "Read the objections"))}
        </button>
        {move || list.get().map(|r| match r {
            Err(e) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Ok(v) if v.is_empty() => view! { <p class="objections-none">{t(loc(), l("没有异议。", "No objection."))}</p> }.into_any(),
            Ok(v) => view! {
                <ol class="objections">
                    {v.into_iter().map(|o| view! { <ObjectionView o=o csrf=csrf.get_value() locale=locale on_change=move || { load(); on_change(); } /> }).collect_view()}
                </ol>
            }.into_any(),
        })}
    }
}

#[component]
fn ObjectionView(
    o: Objection,
    csrf: String,
    locale: RwSignal<Locale>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let loc = move || locale.get();
    let note = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let id = o.id;
    let csrf = StoredValue::new(csrf);
    let resolve = move |resolution: &'static str| {
        let body = browser::to_json(&Resolution { resolution: resolution.to_owned(), note: note.get_untracked() });
        let url = format!("{API}/objections/{id}/resolution?locale={}", locale.get_untracked().tag());
        spawn_local(async move {
            match browser::fetch("POST", &url, Some(body), &[("X-CSRF-Token", &csrf.get_value())]).await {
                Ok(a) if a.status == 200 => {
                    message.set(None);
                    on_change();
                }
                Ok(a) => message.set(Some(error_text(&a.body))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let is_open = o.status == "open";
    let note_id = format!("resolution-note-{id}");
    view! {
        <li class="objection" data-objection=o.id.to_string() data-status=o.status.clone()>
            <p>
                <strong class="mono">{o.reference.clone()}</strong>" · "{o.full_name.clone()}" · "
                <time datetime=o.filed_at.clone()>{crate::ui::beijing(&o.filed_at)}</time>" · "
                <span class="objection-status">{let status = o.status.clone(); move || t(loc(), objection_status(&status))}</span>
            </p>
            <dl>
                <dt>{crate::ui::tr(locale, l("异议人", "Objector"))}</dt><dd class="objector">{o.objector_name.clone()}</dd>
                <dt>{crate::ui::tr(locale, l("联系方式", "Contact"))}</dt><dd class="mono">{o.contact.clone()}</dd>
                <dt>{crate::ui::tr(locale, l("异议理由", "Reason"))}</dt><dd class="reason">{o.reason.clone()}</dd>
                <dt>{crate::ui::tr(locale, l("证据线索", "Evidence"))}</dt>
                <dd><ul>{o.evidence.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul></dd>
                {o.resolution_note.clone().map(|n| view! {
                    <dt>{crate::ui::tr(locale, l("处理说明", "Resolution note"))}</dt>
                    <dd>{n}" — "{o.resolved_by.clone().unwrap_or_default()}" "{o.resolved_at.as_deref().map(crate::ui::beijing).unwrap_or_default()}</dd>
                })}
            </dl>
            {is_open.then(|| view! {
                <div class="field">
                    <label for=note_id.clone()>{crate::ui::tr(locale, l("处理说明（记入审计日志）", "Resolution note (audited)"))}</label>
                    <textarea id=note_id.clone() rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <button type="button" class="dismiss" on:click=move |_| resolve("dismissed")>{crate::ui::tr(locale, l("异议不成立", "Dismiss"))}</button>" "
                <button type="button" class="uphold" on:click=move |_| resolve("upheld")>{crate::ui::tr(locale, l("异议成立", "Uphold"))}</button>
                {move || message.get().map(|m| view! { <p class="banner" role="alert">{m}</p> })}
            })}
        </li>
    }
}
