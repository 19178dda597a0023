//! The secretariat's side of expert review (PROCEDURE.md "People", "Expert review", "Site
//! check", "Selection round"): the expert accounts and the form that makes one
//! (`/admin/experts`), a round's ranking (`/admin/rounds/{year}`), and on a submission's detail
//! the review panel: the experts assigned and the form that assigns one, the opinions (each
//! score, the mean and the spread per criterion), every version, and the site check.

use aii_api::Status;
use aii_api::experts::{AssignBody, ExpertCreated, ExpertView, NewExpert, OpinionsSummary, RoundPage, SiteCheckBody};
use aii_rules::{FormKind, Locale, Report};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::desk_api::{API, error_text, get};
use crate::browser;
use crate::layout::{L, l};
use crate::status::label as status_label;
use crate::ui::{Link, t, tr};

/// A recommendation's name.
pub(super) fn recommendation_label(r: &str) -> L {
    match r {
        "recommend" => l("推荐", "Recommend"),
        "recommend_with_changes" => l("修改后推荐", "Recommend with changes"),
        "not_recommend" => l("不推荐", "Not recommend"),
        _ => l("—", "—"),
    }
}

/// Every message of a refusal (a report's issues), else its plain message.
pub(super) fn messages(body: &wasm_bindgen::JsValue) -> Vec<String> {
    match browser::from_js::<Report>(body.clone()) {
        Some(r) if !r.issues.is_empty() => r.issues.iter().map(|i| format!("{} [{}]", i.message, i.rule)).collect(),
        _ => vec![error_text(body)],
    }
}

/// A state-changing request of the desk: the answer's status and body.
pub(super) async fn send(method: &str, url: &str, body: String, csrf: &str) -> Result<browser::Answer, String> {
    browser::fetch(method, url, Some(body), &[("X-CSRF-Token", csrf)]).await
}

fn text_field(id: &'static str, label: L, value: RwSignal<String>, locale: RwSignal<Locale>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(locale, label)}</label>
            <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </div>
    }
}

/// The secretariat's pages of this module by path (`/admin/experts`, `/admin/rounds[/{year}]`).
pub fn page(path: &str, csrf: String, locale: RwSignal<Locale>) -> Option<AnyView> {
    let path = path.trim_end_matches('/');
    if path == "/admin/experts" {
        return Some(view! { <ExpertsView csrf=csrf locale=locale /> }.into_any());
    }
    let year = match path.strip_prefix("/admin/rounds") {
        Some("") => js_sys::Date::new_0().get_full_year() as i64,
        Some(y) => y.trim_start_matches('/').parse().ok()?,
        None => return None,
    };
    Some(view! { <RoundView year=year locale=locale /> }.into_any())
}

#[component]
fn ExpertsView(csrf: String, locale: RwSignal<Locale>) -> impl IntoView {
    let list: RwSignal<Option<Result<Vec<ExpertView>, String>>> = RwSignal::new(None);
    let load = move || spawn_local(async move { list.set(Some(get::<Vec<ExpertView>>(format!("{API}/experts")).await)) });
    load();
    let (username, password, name, title, employer, uscc) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let created: RwSignal<Option<ExpertCreated>> = RwSignal::new(None);
    let csrf = StoredValue::new(csrf);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pw = password.get_untracked();
        let body = browser::to_json(&NewExpert {
            username: username.get_untracked(),
            password: (!pw.is_empty()).then_some(pw),
            name: name.get_untracked(),
            title: title.get_untracked(),
            employer: employer.get_untracked(),
            employer_uscc: uscc.get_untracked(),
        });
        let url = format!("{API}/experts?locale={}", locale.get_untracked().tag());
        spawn_local(async move {
            match send("POST", &url, body, &csrf.get_value()).await {
                Ok(a) if a.status == 201 => {
                    errors.set(Vec::new());
                    created.set(browser::from_js::<ExpertCreated>(a.body));
                    for s in [username, password, name, title, employer, uscc] {
                        s.set(String::new());
                    }
                    load();
                }
                Ok(a) => errors.set(messages(&a.body)),
                Err(e) => errors.set(vec![e]),
            }
        });
    };
    view! {
        <h1>{tr(locale, l("评审专家", "Experts"))}</h1>
        {move || match list.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(experts)) => view! {
                <table class="admin-list" id="expert-list">
                    <thead><tr>
                        <th>{tr(locale, l("用户名", "Username"))}</th><th>{tr(locale, l("姓名", "Name"))}</th>
                        <th>{tr(locale, l("职称", "Title"))}</th><th>{tr(locale, l("工作单位", "Employer"))}</th>
                        <th>{tr(locale, l("统一社会信用代码", "USCC"))}</th><th>{tr(locale, l("状态", "State"))}</th>
                    </tr></thead>
                    <tbody>{experts.into_iter().map(|x| view! {
                        <tr data-username=x.username.clone()>
                            <td class="mono">{x.username.clone()}</td><td>{x.name}</td><td>{x.title}</td><td>{x.employer}</td>
                            <td class="mono">{x.employer_uscc}</td>
                            <td>{tr(locale, if x.disabled { l("已停用", "disabled") } else { l("在用", "enabled") })}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any(),
        }}
        <h2>{tr(locale, l("新建专家账号", "New expert account"))}</h2>
        {move || created.get().map(|c| view! {
            <div class="banner notice" role="status" id="expert-created">
                <p>{tr(locale, l("已创建专家账号：", "Expert account created: "))}<strong class="mono">{c.username.clone()}</strong></p>
                {c.password.clone().map(|p| view! {
                    <p>{tr(locale, l("初始密码（仅显示这一次，请转交专家）：", "Initial password (shown this once; pass it to the expert): "))}<strong class="mono" id="expert-password-shown">{p}</strong></p>
                })}
            </div>
        })}
        <form class="lookup" id="expert-form" on:submit=submit>
            {text_field("expert-username", l("用户名（登录名）", "Username (login)"), username, locale)}
            <div class="field">
                <label for="expert-password">{tr(locale, l("初始密码（留空则自动生成）", "Initial password (empty: one is generated)"))}</label>
                <input id="expert-password" type="password" autocomplete="new-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            </div>
            {text_field("expert-name", l("姓名", "Name"), name, locale)}
            {text_field("expert-title", l("职称", "Title"), title, locale)}
            {text_field("expert-employer", l("工作单位", "Employer"), employer, locale)}
            {text_field("expert-uscc", l("工作单位统一社会信用代码", "Employer's USCC"), uscc, locale)}
            <button type="submit" class="primary" id="expert-create">{tr(locale, l("创建账号", "Create the account"))}</button>
        </form>
        {move || (!errors.get().is_empty()).then(|| view! {
            <ul class="messages" id="expert-errors" role="alert">{errors.get().into_iter().map(|m| view! { <li class="msg error">{m}</li> }).collect_view()}</ul>
        })}
    }
}

fn score_text(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

#[component]
fn RoundView(year: i64, locale: RwSignal<Locale>) -> impl IntoView {
    let page: RwSignal<Option<Result<RoundPage, String>>> = RwSignal::new(None);
    spawn_local(async move { page.set(Some(get::<RoundPage>(format!("{API}/rounds/{year}")).await)) });
    view! {
        <h1>{tr(locale, l("年度遴选排名", "Selection round ranking"))}" · "{year}</h1>
        <p class="hint">{tr(locale, l(
            "按专家评审平均分排序；同分时联合申报（第九条）优先推荐者在前；尚无评审意见者列后。",
            "Ranked by the experts' mean score; among equal scores joint applications (Art. 9 priority) come first; those without opinions last.",
        ))}</p>
        <p class="actions">
            <Link href=format!("/admin/rounds/{}", year - 1)>{tr(locale, l("上一年度", "Previous year"))}</Link>" "
            <Link href=format!("/admin/rounds/{}", year + 1)>{tr(locale, l("下一年度", "Next year"))}</Link>
        </p>
        {move || match page.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => view! {
                <table class="admin-list" id="round-list">
                    <thead><tr>
                        <th>{tr(locale, l("名次", "Rank"))}</th><th>{tr(locale, l("责任单位", "Unit"))}</th>
                        <th>{tr(locale, l("状态", "Status"))}</th><th>{tr(locale, l("平均分", "Mean"))}</th>
                        <th>{tr(locale, l("意见数", "Opinions"))}</th><th>{tr(locale, l("标记", "Flags"))}</th>
                    </tr></thead>
                    <tbody>{p.items.into_iter().map(|i| { let shown = i.unit_name.clone().unwrap_or_else(|| i.id.clone()); view! {
                        <tr data-id=i.id.clone()>
                            <td>{i.rank}</td>
                            <td><Link href=format!("/admin/submissions/{}", i.id)>{shown}</Link></td>
                            <td>{tr(locale, status_label(i.status))}</td>
                            <td class="mean">{score_text(i.mean)}</td>
                            <td>{i.opinions}</td>
                            <td>{i.priority.then(|| view! { <span class="msg info">{tr(locale, l("优先推荐", "Priority"))}</span> })}</td>
                        </tr>
                    }}).collect_view()}</tbody>
                </table>
            }.into_any(),
        }}
    }
}

/// The review panel of a submission's detail, for the kinds with expert review.
/// The experts' panel of a submission's detail; `changed` runs after an assignment or a site
/// check is recorded (what the next steps need has changed: the detail reloads).
pub fn panel(kind: FormKind, id: String, status: Status, csrf: String, locale: RwSignal<Locale>, changed: Callback<()>) -> Option<AnyView> {
    matches!(kind, FormKind::Application | FormKind::DirectionChange | FormKind::Evaluation)
        .then(|| view! { <ReviewPanel id=id status=status csrf=csrf locale=locale changed=changed /> }.into_any())
}

#[component]
fn ReviewPanel(id: String, status: Status, csrf: String, locale: RwSignal<Locale>, changed: Callback<()>) -> impl IntoView {
    let summary: RwSignal<Option<Result<OpinionsSummary, String>>> = RwSignal::new(None);
    let id = StoredValue::new(id);
    let csrf = StoredValue::new(csrf);
    let load = move || {
        let url = format!("{API}/submissions/{}/opinions", id.get_value());
        spawn_local(async move { summary.set(Some(get::<OpinionsSummary>(url).await)) });
    };
    load();
    let experts: RwSignal<Vec<ExpertView>> = RwSignal::new(Vec::new());
    spawn_local(async move { experts.set(get::<Vec<ExpertView>>(format!("{API}/experts")).await.unwrap_or_default()) });
    let expert = RwSignal::new(String::new());
    let assign_errors: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = browser::to_json(&AssignBody { expert: expert.get_untracked() });
        let url = format!("{API}/submissions/{}/assignments?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            match send("POST", &url, body, &csrf.get_value()).await {
                Ok(a) if a.status == 200 => {
                    assign_errors.set(Vec::new());
                    expert.set(String::new());
                    summary.set(Some(browser::from_js::<OpinionsSummary>(a.body).ok_or_else(|| "answer".to_owned())));
                }
                Ok(a) => assign_errors.set(messages(&a.body)),
                Err(e) => assign_errors.set(vec![e]),
            }
        });
    };
    let (date, inspectors, findings, conclusion) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let check_errors: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = browser::to_json(&SiteCheckBody {
            date: date.get_untracked(),
            inspectors: inspectors.get_untracked(),
            findings: findings.get_untracked(),
            conclusion: conclusion.get_untracked(),
        });
        let url = format!("{API}/submissions/{}/site-check?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            match send("POST", &url, body, &csrf.get_value()).await {
                Ok(a) if a.status == 201 => {
                    check_errors.set(Vec::new());
                    summary.set(Some(browser::from_js::<OpinionsSummary>(a.body).ok_or_else(|| "answer".to_owned())));
                    changed.run(());
                }
                Ok(a) => check_errors.set(messages(&a.body)),
                Err(e) => check_errors.set(vec![e]),
            }
        });
    };
    let assignable = matches!(status, Status::Submitted | Status::UnderReview);
    view! {
        <section class="section" id="review-panel">
            <h2>{tr(locale, l("专家评审（第十一条）", "Expert review (Art. 11)"))}</h2>
            {move || match summary.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
                Some(Ok(s)) => {
                    let lc = locale.get();
                    let criteria = s.criteria.clone();
                    let stat = |code: &str| s.stats.iter().find(|x| x.code == code).cloned();
                    let overall = stat("overall");
                    view! {
                        <h3>{t(lc, l("指派的专家", "Assigned experts"))}</h3>
                        <ul id="assignments">
                            {s.assignments.iter().map(|a| view! {
                                <li data-expert=a.expert.clone()><span class="mono">{a.expert.clone()}</span>" "{a.name.clone()}" · "{a.title.clone()}" · "{a.employer.clone()}
                                    {a.declared_conflict.then(|| view! { " "<span class="msg warning">{t(lc, l("已声明利益冲突", "declared a conflict"))}</span> })}</li>
                            }).collect_view()}
                            {s.assignments.is_empty().then(|| view! { <li>{t(lc, l("尚未指派专家。", "No expert assigned yet."))}</li> })}
                        </ul>
                        <p id="quorum">{t(lc, l("评审意见：", "Opinions: "))}{s.latest.len()}" / "{s.quorum}{t(lc, l("（离开评审阶段所需最少份数）", " (the least needed to leave review)"))}</p>
                        <div class="table-scroll">
                            <table class="admin-list" id="opinions-table">
                                <thead><tr>
                                    <th>{t(lc, l("专家", "Expert"))}</th>
                                    {criteria.iter().map(|c| view! { <th scope="col" data-code=c.code.clone()>{if lc == Locale::En { c.en.clone() } else { c.zh.clone() }}</th> }).collect_view()}
                                    <th>{t(lc, l("推荐意见", "Recommendation"))}</th><th>{t(lc, l("版本", "Version"))}</th>
                                </tr></thead>
                                <tbody>{s.latest.iter().map(|o| view! {
                                    <tr data-expert=o.expert.clone()>
                                        <td class="mono">{o.expert.clone()}</td>
                                        {criteria.iter().map(|c| view! { <td>{o.scores.get(&c.code).map(|v| v.to_string())}</td> }).collect_view()}
                                        <td>{t(lc, recommendation_label(&o.recommendation))}</td><td>{o.version}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                                <tfoot>
                                    <tr id="opinion-mean"><th scope="row">{t(lc, l("平均分", "Mean"))}</th>
                                        {criteria.iter().map(|c| view! { <td>{score_text(stat(&c.code).and_then(|x| x.mean))}</td> }).collect_view()}
                                        <td colspan="2">{t(lc, l("总平均：", "Overall: "))}<strong id="overall-mean">{score_text(overall.as_ref().and_then(|x| x.mean))}</strong></td></tr>
                                    <tr id="opinion-spread"><th scope="row">{t(lc, l("极差（最高−最低）", "Spread (max − min)"))}</th>
                                        {criteria.iter().map(|c| view! { <td>{score_text(stat(&c.code).and_then(|x| x.spread))}</td> }).collect_view()}
                                        <td colspan="2">{t(lc, l("总极差：", "Overall: "))}<strong id="overall-spread">{score_text(overall.as_ref().and_then(|x| x.spread))}</strong></td></tr>
                                </tfoot>
                            </table>
                        </div>
                        <details id="opinion-history">
                            <summary>{t(lc, l("全部版本的评审意见", "Every version of the opinions"))}" ("{s.history.len()}")"</summary>
                            <ol>{s.history.iter().map(|o| view! {
                                <li><span class="mono">{o.expert.clone()}</span>" · "{t(lc, l("第", "v"))}{o.version}{t(lc, l("版", ""))}" · "
                                    <time datetime=o.filed_at.clone()>{crate::ui::beijing(&o.filed_at)}</time>" · "{t(lc, l("答辩日期 ", "defence "))}{o.defence_date.clone()}
                                    <p>{o.text.clone()}</p></li>
                            }).collect_view()}</ol>
                        </details>
                        <h3>{t(lc, l("现场核查", "Site check"))}</h3>
                        <ul id="site-checks">
                            {s.site_checks.iter().map(|c| view! {
                                <li data-conclusion=c.conclusion.clone()>{c.date.clone()}" · "{c.inspectors.clone()}" · "<strong>{t(lc, if c.conclusion == "confirmed" { l("属实", "confirmed") } else { l("存在不符", "discrepancies") })}</strong>
                                    <p>{c.findings.clone()}</p></li>
                            }).collect_view()}
                            {s.site_checks.is_empty().then(|| view! { <li>{t(lc, l("尚无现场核查记录。", "No site check recorded."))}</li> })}
                        </ul>
                    }.into_any()
                }
            }}
            {assignable.then(|| view! {
                <form class="lookup" id="assign-form" on:submit=assign>
                    <div class="field">
                        <label for="assign-expert">{tr(locale, l("指派专家（用户名）", "Assign an expert (username)"))}</label>
                        <input id="assign-expert" type="text" list="expert-names" prop:value=move || expert.get() on:input=move |ev| expert.set(event_target_value(&ev)) />
                        <datalist id="expert-names">{move || experts.get().into_iter().map(|x| view! { <option value=x.username.clone()>{x.name}" · "{x.employer}</option> }).collect_view()}</datalist>
                    </div>
                    <button type="submit" id="assign-submit">{tr(locale, l("指派", "Assign"))}</button>
                </form>
                {move || (!assign_errors.get().is_empty()).then(|| view! {
                    <ul class="messages" id="assign-errors" role="alert">{assign_errors.get().into_iter().map(|m| view! { <li class="msg error">{m}</li> }).collect_view()}</ul>
                })}
            })}
            {(status == Status::SiteCheck).then(|| view! {
                <form class="lookup" id="site-check-form" on:submit=record>
                    {text_field("site-date", l("核查日期（YYYY-MM-DD）", "Date (YYYY-MM-DD)"), date, locale)}
                    {text_field("site-inspectors", l("核查人员", "Inspectors"), inspectors, locale)}
                    <div class="field">
                        <label for="site-findings">{tr(locale, l("核查情况（不少于50字）", "Findings (at least 50 characters)"))}</label>
                        <textarea id="site-findings" prop:value=move || findings.get() on:input=move |ev| findings.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field">
                        <label for="site-conclusion">{tr(locale, l("核查结论", "Conclusion"))}</label>
                        <select id="site-conclusion" on:change=move |ev| conclusion.set(event_target_value(&ev)) prop:value=move || conclusion.get()>
                            <option value="">{tr(locale, l("请选择", "Choose"))}</option>
                            <option value="confirmed">{tr(locale, l("属实", "Confirmed"))}</option>
                            <option value="discrepancies">{tr(locale, l("存在不符", "Discrepancies"))}</option>
                        </select>
                    </div>
                    <button type="submit" id="site-check-submit">{tr(locale, l("记录现场核查", "Record the site check"))}</button>
                </form>
                {move || (!check_errors.get().is_empty()).then(|| view! {
                    <ul class="messages" id="site-check-errors" role="alert">{check_errors.get().into_iter().map(|m| view! { <li class="msg error">{m}</li> }).collect_view()}</ul>
                })}
            })}
        </section>
    }
}
