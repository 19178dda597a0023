//! The expert's desk (PROCEDURE.md "People": an expert sees only the submissions assigned to
//! it, with personal data masked, and writes its own opinion): its list (`/admin`), and a
//! submission (`/admin/reviews/{id}`) with the criteria of its kind, one score input each, the
//! recommendation, the written opinion and the defence's date; its own versions; the other
//! experts' opinions once it filed its own; and the declaration of a conflict of interest.

use std::collections::BTreeMap;

use aii_api::desk::SessionInfo;
use aii_api::experts::{ConflictBody, OpinionBody, OpinionView, ReviewDetail, ReviewItem};
use aii_rules::{FormKind, Locale, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::desk_api::{API, get};
use super::experts::{messages, recommendation_label, send};
use crate::browser;
use crate::layout::{L, l};
use crate::status::label as status_label;
use crate::ui::{Link, t, tr};

fn kind_name(kind: FormKind) -> L {
    match kind {
        FormKind::Application => l("实训基地申请书", "Application"),
        FormKind::DirectionChange => l("实训方向变更", "Direction change"),
        FormKind::Evaluation => l("定期评估", "Evaluation"),
        FormKind::DirectorAppointment => l("主任/副主任任命", "Director appointment"),
        FormKind::AnnualAssessment => l("年度考核备案", "Annual assessment"),
        FormKind::TrainingPlan => l("实训计划", "Training plan"),
    }
}

/// The expert's desk for `path`; its own header with the logout.
#[component]
pub fn ExpertDesk(
    path: String,
    info: SessionInfo,
    session: RwSignal<Option<Option<SessionInfo>>>,
    locale: RwSignal<Locale>,
) -> impl IntoView {
    let csrf = info.csrf_token.clone();
    let logout = {
        let csrf = csrf.clone();
        move |_| {
            let csrf = csrf.clone();
            spawn_local(async move {
                let _ = browser::fetch("POST", &format!("{API}/logout"), Some("{}".into()), &[("X-CSRF-Token", &csrf)]).await;
                session.set(Some(None));
            });
        }
    };
    let id = path.strip_prefix("/admin/reviews/").map(|s| s.trim_end_matches('/').to_owned()).filter(|s| !s.is_empty());
    view! {
        <p class="notice">
            {tr(locale, l("专家评审台 · 当前专家：", "Expert's desk · signed in as "))}
            <strong id="admin-user">{info.username.clone()}</strong>" "
            <Link href="/admin".into()>{tr(locale, l("我的评审任务", "My reviews"))}</Link>" "
            <button type="button" id="admin-logout" on:click=logout>{tr(locale, l("退出登录", "Log out"))}</button>
        </p>
        {match id {
            Some(id) => view! { <ReviewView id=id csrf=csrf locale=locale /> }.into_any(),
            None => view! { <ReviewList locale=locale /> }.into_any(),
        }}
    }
}

#[component]
fn ReviewList(locale: RwSignal<Locale>) -> impl IntoView {
    let list: RwSignal<Option<Result<Vec<ReviewItem>, String>>> = RwSignal::new(None);
    spawn_local(async move { list.set(Some(get::<Vec<ReviewItem>>(format!("{API}/reviews")).await)) });
    view! {
        <h1>{tr(locale, l("我的评审任务", "My reviews"))}</h1>
        {move || match list.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(items)) if items.is_empty() => view! { <p id="review-list-empty">{tr(locale, l("暂无指派给您的申报。", "Nothing is assigned to you yet."))}</p> }.into_any(),
            Some(Ok(items)) => view! {
                <table class="admin-list" id="review-list">
                    <thead><tr>
                        <th>{tr(locale, l("申报", "Submission"))}</th><th>{tr(locale, l("表单", "Form"))}</th>
                        <th>{tr(locale, l("状态", "Status"))}</th><th>{tr(locale, l("指派时间", "Assigned"))}</th>
                        <th>{tr(locale, l("我的意见", "My opinion"))}</th>
                    </tr></thead>
                    <tbody>{items.into_iter().map(|i| { let shown = i.unit_name.clone().unwrap_or_else(|| i.id.clone()); view! {
                        <tr data-id=i.id.clone()>
                            <td><Link href=format!("/admin/reviews/{}", i.id)>{shown}</Link></td>
                            <td>{tr(locale, kind_name(i.kind))}</td>
                            <td>{tr(locale, status_label(i.status))}</td>
                            <td><time datetime=i.assigned_at.clone()>{crate::ui::beijing(&i.assigned_at)}</time></td>
                            <td>{move || if i.declared_conflict {
                                t(locale.get(), l("已声明回避", "Declared a conflict")).to_owned()
                            } else if i.versions == 0 {
                                t(locale.get(), l("未提交", "Not filed")).to_owned()
                            } else {
                                format!("{}{}", t(locale.get(), l("已提交版本数：", "Versions filed: ")), i.versions)
                            }}</td>
                        </tr>
                    }}).collect_view()}</tbody>
                </table>
            }.into_any(),
        }}
    }
}

/// Every filled leaf of a document with its JSON Pointer, in the document's order.
fn leaves(v: &Value, ptr: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(fields) => fields.iter().for_each(|(k, x)| leaves(x, format!("{ptr}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{ptr}/{i}"), out)),
        Value::Null => {}
        Value::Str(s) if s.trim().is_empty() => {}
        Value::Str(s) => out.push((ptr, s.clone())),
        Value::Bool(b) => out.push((ptr, if *b { "是 / yes" } else { "否 / no" }.to_owned())),
        Value::Int(n) => out.push((ptr, n.to_string())),
        Value::Float(f) => out.push((ptr, f.to_string())),
    }
}

fn opinion_item(o: &OpinionView, criteria: &[(String, String)], lc: Locale) -> impl IntoView {
    view! {
        <li data-expert=o.expert.clone() data-version=o.version>
            <strong>{t(lc, l("第", "Version "))}{o.version}{t(lc, l("版", ""))}</strong>" · "<span class="mono">{o.expert.clone()}</span>" · "
            {t(lc, recommendation_label(&o.recommendation))}" · "{t(lc, l("答辩日期 ", "defence "))}{o.defence_date.clone()}" · "
            <time datetime=o.filed_at.clone()>{crate::ui::beijing(&o.filed_at)}</time>
            <p class="scores">{criteria.iter().map(|(code, label)| format!("{label} {}", o.scores.get(code).map_or("—".to_owned(), |v| v.to_string()))).collect::<Vec<_>>().join("；")}</p>
            <p>{o.text.clone()}</p>
        </li>
    }
}

#[component]
fn ReviewView(id: String, csrf: String, locale: RwSignal<Locale>) -> impl IntoView {
    let detail: RwSignal<Option<Result<ReviewDetail, String>>> = RwSignal::new(None);
    let id = StoredValue::new(id);
    let csrf = StoredValue::new(csrf);
    let load = move || {
        let url = format!("{API}/reviews/{}?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move { detail.set(Some(get::<ReviewDetail>(url).await)) });
    };
    load();
    let scores: RwSignal<BTreeMap<String, String>> = RwSignal::new(BTreeMap::new());
    let recommendation = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let defence = RwSignal::new(String::new());
    let errors: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let filed: RwSignal<Option<i64>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A score that is not a number is left out: the server names the criterion.
        let body = browser::to_json(&OpinionBody {
            scores: scores.get_untracked().into_iter().filter_map(|(k, v)| v.trim().parse::<f64>().ok().map(|v| (k, v))).collect(),
            recommendation: recommendation.get_untracked(),
            text: text.get_untracked(),
            defence_date: defence.get_untracked(),
        });
        let url = format!("{API}/reviews/{}/opinion?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            match send("POST", &url, body, &csrf.get_value()).await {
                Ok(a) if a.status == 201 => {
                    errors.set(Vec::new());
                    filed.set(browser::from_js::<OpinionView>(a.body).map(|o| o.version));
                    load();
                }
                Ok(a) => errors.set(messages(&a.body)),
                Err(e) => errors.set(vec![e]),
            }
        });
    };
    let conflict_note = RwSignal::new(String::new());
    let declare = move |_| {
        let body = browser::to_json(&ConflictBody { note: conflict_note.get_untracked() });
        let url = format!("{API}/reviews/{}/conflict?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            match send("POST", &url, body, &csrf.get_value()).await {
                Ok(a) if a.status == 204 => load(),
                Ok(a) => errors.set(messages(&a.body)),
                Err(e) => errors.set(vec![e]),
            }
        });
    };
    view! {
        {move || match detail.get() {
            None => view! { <p>{tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(d)) => {
                let lc = locale.get();
                let criteria: Vec<(String, String)> = d.criteria.iter().map(|c| (c.code.clone(), if lc == Locale::En { c.en.clone() } else { c.zh.clone() })).collect();
                let mut document = Vec::new();
                leaves(&d.document, String::new(), &mut document);
                let def = crate::layout::form(d.kind);
                view! {
                    <h1>{t(lc, kind_name(d.kind))}" · "{d.unit_name.clone().unwrap_or_default()}</h1>
                    <p class="current">{t(lc, l("当前状态：", "Status: "))}<strong id="review-status">{t(lc, status_label(d.status))}</strong></p>
                    <section class="section">
                        <h2>{t(lc, l("申报材料（个人信息已隐藏）", "The document (personal data masked)"))}</h2>
                        <table class="admin-list" id="review-document">
                            <tbody>{document.into_iter().map(|(ptr, value)| {
                                let label = crate::layout::field_label(def, &ptr, lc).unwrap_or_else(|| ptr.clone());
                                view! { <tr data-path=ptr><th scope="row">{label}</th><td>{value}</td></tr> }
                            }).collect_view()}</tbody>
                        </table>
                    </section>
                    {crate::attachments::desk_view(&d.attachments, &format!("/api/v1/admin/reviews/{}/attachments", d.id), lc)}
                    <section class="section">
                        <h2>{t(lc, l("我的评审意见", "My opinion"))}</h2>
                        {move || filed.get().map(|v| view! { <p class="banner notice" role="status" id="opinion-filed">{t(locale.get(), l("已提交评审意见，第", "Opinion filed: version "))}{v}{t(locale.get(), l("版。", "."))}</p> })}
                        <ol id="my-versions">{d.mine.iter().map(|o| opinion_item(o, &criteria, lc)).collect_view()}</ol>
                        {if d.open {
                            view! {
                                <form class="lookup" id="opinion-form" on:submit=submit>
                                    {criteria.iter().map(|(code, label)| {
                                        let key = code.clone();
                                        let key2 = code.clone();
                                        let input_id = format!("score-{code}");
                                        view! {
                                            <div class="field">
                                                <label for=input_id.clone()>{label.clone()}{t(lc, l("（0–10分）", " (0–10)"))}</label>
                                                <input id=input_id type="number" min="0" max="10" step="1" inputmode="numeric" data-criterion=code.clone()
                                                    prop:value=move || scores.get().get(&key).cloned().unwrap_or_default()
                                                    on:input=move |ev| { let v = event_target_value(&ev); scores.update(|s| { s.insert(key2.clone(), v); }); } />
                                            </div>
                                        }
                                    }).collect_view()}
                                    <div class="field">
                                        <label for="opinion-recommendation">{t(lc, l("推荐意见", "Recommendation"))}</label>
                                        <select id="opinion-recommendation" on:change=move |ev| recommendation.set(event_target_value(&ev)) prop:value=move || recommendation.get()>
                                            <option value="">{t(lc, l("请选择", "Choose"))}</option>
                                            {["recommend", "recommend_with_changes", "not_recommend"].into_iter().map(|r| view! { <option value=r>{t(lc, recommendation_label(r))}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="opinion-text">{t(lc, l("书面评审意见（不少于50字）", "Written opinion (at least 50 characters)"))}</label>
                                        <textarea id="opinion-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                    </div>
                                    <div class="field">
                                        <label for="opinion-defence-date">{t(lc, l("答辩日期（YYYY-MM-DD）", "Defence date (YYYY-MM-DD)"))}</label>
                                        <input id="opinion-defence-date" type="text" placeholder="2027-02-20" prop:value=move || defence.get() on:input=move |ev| defence.set(event_target_value(&ev)) />
                                    </div>
                                    <button type="submit" class="primary" id="opinion-submit">{t(lc, if d.mine.is_empty() { l("提交评审意见", "File the opinion") } else { l("提交修改后的新版本", "File a revised version") })}</button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p id="opinion-closed">{t(lc, if d.declared_conflict {
                                l("您已声明利益冲突，不再评审此申报。", "You declared a conflict of interest: you no longer review this submission.")
                            } else {
                                l("申报已离开评审阶段，评审意见不能再提交或修改。", "The submission has left review: opinions can no longer be filed or revised.")
                            })}</p> }.into_any()
                        }}
                        {move || (!errors.get().is_empty()).then(|| view! {
                            <ul class="messages" id="opinion-errors" role="alert">{errors.get().into_iter().map(|m| view! { <li class="msg error">{m}</li> }).collect_view()}</ul>
                        })}
                    </section>
                    <section class="section">
                        <h2>{t(lc, l("其他专家的评审意见", "The other experts' opinions"))}</h2>
                        {if d.mine.is_empty() {
                            view! { <p id="others-hidden">{t(lc, l("提交您自己的评审意见后可见。", "Shown once you have filed your own."))}</p> }.into_any()
                        } else {
                            view! { <ol id="others">{d.others.iter().map(|o| opinion_item(o, &criteria, lc)).collect_view()}</ol> }.into_any()
                        }}
                    </section>
                    {(!d.declared_conflict && d.open).then(|| view! {
                        <section class="section">
                            <h2>{t(lc, l("声明利益冲突（回避）", "Declare a conflict of interest"))}</h2>
                            <div class="field">
                                <label for="conflict-note">{t(lc, l("说明", "Note"))}</label>
                                <input id="conflict-note" type="text" prop:value=move || conflict_note.get() on:input=move |ev| conflict_note.set(event_target_value(&ev)) />
                            </div>
                            <button type="button" class="danger" id="conflict-declare" on:click=declare>{t(lc, l("声明回避", "Declare and stand aside"))}</button>
                        </section>
                    })}
                }.into_any()
            }
        }}
    }
}
