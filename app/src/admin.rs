//! The secretariat's review desk (`/admin…`): login, the list with filters, search and pages,
//! the detail (the document laid out as the form lays it out, the stored and the fresh
//! reports, warnings with their justifications, decisions with a note, the audit log, the
//! audited reveal of personal data) and the export links. The session is an HttpOnly cookie
//! the page never sees; the CSRF token from the login (or `GET …/session`) goes with every
//! state-changing request.

use aii_api::Status;
use aii_api::desk::{Detail, ListPage, LoginBody, RevealBody, Revealed, SessionInfo};
use aii_rules::{FormKind, Locale, Report, Severity, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{self, FieldDef, Input, L, l};
use crate::status::label as status_label;
use crate::ui::{Link, t};

mod council_form;
mod desk_api;
mod experts;
mod notices;
mod registry;
mod review;
mod revoke_form;
use desk_api::{API, error_text, get};
use registry::{BaseView, RegistryView};

fn kind_label(kind: FormKind) -> L {
    match kind {
        FormKind::Application => l("实训基地申请书", "Application"),
        FormKind::DirectorAppointment => l("主任/副主任任命", "Director appointment"),
        FormKind::DirectionChange => l("实训方向变更", "Direction change"),
        FormKind::AnnualAssessment => l("年度考核备案", "Annual assessment"),
        FormKind::Evaluation => l("定期评估", "Evaluation"),
        FormKind::TrainingPlan => l("实训计划", "Training plan"),
    }
}

/// Decisions that cannot be undone and change the registry: confirmed before they are sent.
fn needs_confirmation(to: &str) -> bool {
    matches!(to, "unqualified" | "voided" | "rejected" | "certified")
}

/// The confirming button says what it does.
fn confirm_label(to: &str) -> L {
    match to {
        "unqualified" => l("确认：评估不合格并撤销资格", "Confirm: unqualified, revoke the status"),
        "voided" => l("确认作废", "Confirm: void it"),
        "rejected" => l("确认不予通过", "Confirm: reject it"),
        "certified" => l("确认授牌", "Confirm: certify the base"),
        _ => l("确认", "Confirm"),
    }
}

/// An audit entry's action, as the desk's reader calls it.
fn action_label(action: &str) -> L {
    match action {
        "decision" => l("审核决定", "Decision"),
        "reveal" => l("查看完整号码", "Revealed personal data"),
        "export" => l("导出", "Export"),
        "resubmit" => l("申请人重新提交", "Resubmitted by the applicant"),
        "withdraw" => l("申请人撤回", "Withdrawn by the applicant"),
        "art8" => l("数据迁移：同一评估周期内的重复申请（第八条）", "Migration: a second application in one cycle (Art. 8)"),
        "assign" => l("指派评审专家", "Expert assigned"),
        "opinion" => l("专家提交评审意见", "Expert opinion filed"),
        "conflict_declared" => l("专家声明利益冲突", "Expert declared a conflict"),
        "site_check" => l("记录现场核查", "Site check recorded"),
        _ => l("其他操作", "Other"),
    }
}

fn confirmation_text(to: &str) -> L {
    match to {
        "unqualified" => l(
            "确认评估不合格？依据第二十五条，评估不合格的实训基地将被撤销联盟实训基地资格：名录中该基地标记为已撤销（记录撤销日期和上面的说明），此后不能再为其推荐主任、副主任或申请变更实训方向。此决定不能撤回。",
            "Rule this evaluation unqualified? Under Art. 25 the base loses its status: the registry marks it revoked (with today's date and the note above), and no appointment or direction change can be filed for it any more. This cannot be undone.",
        ),
        "voided" => l(
            "确认作废该申报？仅用于未经该单位授权而提交的申报：作废后该申报不再占用该单位本评估周期的申报名额（第八条），且不能恢复。请在上面的说明中写明依据。",
            "Void this application? Only for one filed without the unit's authority: once voided it no longer holds the unit's place in the evaluation cycle (Art. 8), and it cannot be restored. State the grounds in the note above.",
        ),
        "rejected" => l(
            "确认不予通过？申报单位将在审核进度页看到此决定和上面的说明，此决定不能撤回。",
            "Reject this submission? The applicant sees the decision and the note above on its status page. This cannot be undone.",
        ),
        "certified" => l(
            "确认授牌？依据第十二条，将以“工业互联网产业联盟＋简称＋实训基地（责任单位名称）”命名并载入实训基地名录，此决定不能撤回。",
            "Certify this base? Under Art. 12 it enters the registry under its full name. This cannot be undone.",
        ),
        _ => l("确认作出此决定？", "Take this decision?"),
    }
}

/// The review desk: `path` is `/admin`, `/admin/submissions/{id}`, `/admin/registry`,
/// `/admin/registry/{id}`.
#[component]
pub fn AdminPage(path: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    // None: not known yet; Some(None): logged out.
    let session: RwSignal<Option<Option<SessionInfo>>> = RwSignal::new(None);
    spawn_local(async move {
        let s = match browser::fetch("GET", &format!("{API}/session"), None, &[]).await {
            Ok(a) if a.status == 200 => browser::from_js::<SessionInfo>(a.body),
            _ => None,
        };
        session.set(Some(s));
    });
    Effect::new(move |_| browser::set_title(t(loc(), l("秘书处审核台", "Secretariat review desk"))));
    let detail_id = path.strip_prefix("/admin/submissions/").map(str::to_owned);
    // `/admin/registry` (the bases and what is due) and `/admin/registry/{id}` (one base).
    let registry: Option<Option<String>> = match path.trim_end_matches('/') {
        "/admin/registry" => Some(None),
        p => p.strip_prefix("/admin/registry/").map(|id| Some(id.to_owned())),
    };
    let desk_path = path.clone();
    let notices = path.trim_end_matches('/') == "/admin/notices";
    let logout = move |_| {
        let csrf = session.get_untracked().flatten().map(|s| s.csrf_token).unwrap_or_default();
        spawn_local(async move {
            let _ = browser::fetch("POST", &format!("{API}/logout"), Some("{}".into()), &[("X-CSRF-Token", &csrf)]).await;
            session.set(Some(None));
        });
    };
    view! {
        <div class="admin">
            {move || match session.get() {
                None => view! { <p>{crate::ui::tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
                Some(None) => view! { <Login session=session locale=locale /> }.into_any(),
                Some(Some(s)) if s.role == "expert" => view! { <review::ExpertDesk path=desk_path.clone() info=s session=session locale=locale /> }.into_any(),
                Some(Some(s)) => {
                    let detail_id = detail_id.clone();
                    let registry = registry.clone();
                    view! {
                        <p class="notice">
                            {crate::ui::tr(locale, l("秘书处审核台 · 当前用户：", "Secretariat review desk · signed in as "))}
                            <strong id="admin-user">{s.username.clone()}</strong>" "
                            <Link href="/admin".into()>{crate::ui::tr(locale, l("申报列表", "Submissions"))}</Link>" "
                            <Link href="/admin/registry".into()>{crate::ui::tr(locale, l("基地名录与到期事项", "Registry and what is due"))}</Link>" "
                            <Link href="/admin/experts".into()>{crate::ui::tr(locale, l("评审专家", "Experts"))}</Link>" "
                            <Link href="/admin/rounds".into()>{crate::ui::tr(locale, l("遴选排名", "Round ranking"))}</Link>" "
                            <Link href="/admin/notices".into()>{crate::ui::tr(locale, l("公示管理", "Publicity notices"))}</Link>" "
                            <button type="button" id="admin-logout" on:click=logout>{crate::ui::tr(locale, l("退出登录", "Log out"))}</button>
                        </p>
                        {match (detail_id, registry) {
                            (Some(id), _) => view! { <DetailView id=id csrf=s.csrf_token.clone() locale=locale /> }.into_any(),
                            (None, Some(None)) => view! { <RegistryView locale=locale /> }.into_any(),
                            (None, Some(Some(id))) => view! { <BaseView id=id locale=locale /> }.into_any(),
                            (None, None) if notices => view! { <notices::NoticesView csrf=s.csrf_token.clone() locale=locale /> }.into_any(),
                            (None, None) => experts::page(&desk_path, s.csrf_token.clone(), locale).unwrap_or_else(|| view! { <ListView locale=locale /> }.into_any()),
                        }}
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn Login(session: RwSignal<Option<Option<SessionInfo>>>, locale: RwSignal<Locale>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = browser::to_json(&LoginBody { username: username.get_untracked(), password: password.get_untracked() });
        spawn_local(async move {
            match browser::fetch("POST", &format!("{API}/login"), Some(body), &[]).await {
                Ok(a) if a.status == 200 => {
                    password.set(String::new());
                    session.set(Some(browser::from_js::<SessionInfo>(a.body)));
                }
                Ok(a) if a.status == 401 => {
                    error.set(Some(t(locale.get_untracked(), l("用户名或密码错误。", "Wrong username or password.")).into()))
                }
                Ok(a) if a.status == 403 => {
                    error.set(Some(t(locale.get_untracked(), l("该账号已停用。", "This account is disabled.")).into()))
                }
                Ok(a) if a.status == 429 => error.set(Some(
                    t(
                        locale.get_untracked(),
                        l("登录失败次数过多，请十五分钟后再试。", "Too many failed logins; try again in 15 minutes."),
                    )
                    .into(),
                )),
                Ok(a) => error.set(Some(format!("HTTP {}", a.status))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{crate::ui::tr(locale, l("秘书处登录", "Secretariat login"))}</h1>
        {move || error.get().map(|e| view! { <p class="banner" role="alert" id="login-error">{e}</p> })}
        <form class="lookup" id="admin-login" on:submit=submit>
            <div class="field">
                <label for="admin-username">{crate::ui::tr(locale, l("用户名", "Username"))}</label>
                <input id="admin-username" type="text" autocomplete="username" prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="admin-password">{crate::ui::tr(locale, l("密码", "Password"))}</label>
                <input id="admin-password" type="password" autocomplete="current-password" prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="primary">{crate::ui::tr(locale, l("登录", "Log in"))}</button>
        </form>
    }
}

/// A filter select over fixed options.
fn select(id: &'static str, label: L, options: Vec<(&'static str, L)>, value: RwSignal<String>, locale: RwSignal<Locale>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{crate::ui::tr(locale, label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{crate::ui::tr(locale, l("全部", "All"))}</option>
                {options.into_iter().map(|(v, label)| view! { <option value=v>{crate::ui::tr(locale, label)}</option> }).collect_view()}
            </select>
        </div>
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).as_string().unwrap_or_default()
}

#[component]
fn ListView(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let cycle = RwSignal::new(String::new());
    let direction = RwSignal::new(String::new());
    let unit_kind = RwSignal::new(String::new());
    let warnings = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let sort = RwSignal::new("submitted_at".to_owned());
    let order = RwSignal::new("desc".to_owned());
    let page = RwSignal::new(1i64);
    let result: RwSignal<Option<Result<ListPage, String>>> = RwSignal::new(None);
    let query = move || {
        let mut parts = vec![];
        for (k, v) in [
            ("kind", kind.get()),
            ("status", status.get()),
            ("cycle", cycle.get()),
            ("direction", direction.get()),
            ("unit_kind", unit_kind.get()),
            ("warnings", warnings.get()),
            ("priority", priority.get()),
            ("q", q.get()),
            ("sort", sort.get()),
            ("order", order.get()),
        ] {
            if !v.trim().is_empty() {
                parts.push(format!("{k}={}", encode(v.trim())));
            }
        }
        parts.push(format!("locale={}", loc().tag()));
        parts.join("&")
    };
    // Untracked: `load` runs inside the page's render effect, which must not re-run (and
    // fetch again) when a filter is edited — only the Filter button and the pages load.
    let load = move || {
        let url = format!("{API}/submissions?{}&page={}", untrack(query), page.get_untracked());
        spawn_local(async move {
            result.set(Some(get::<ListPage>(url).await));
        });
    };
    load();
    let statuses: Vec<(&'static str, L)> = Status::ALL.into_iter().map(|s| (s.as_str(), status_label(s))).collect();
    let directions: Vec<(&'static str, L)> = aii_rules::catalog::DIRECTIONS.iter().map(|d| (d.code, l(d.name_zh, d.name_en))).collect();
    view! {
        <h1>{crate::ui::tr(locale, l("申报列表", "Submissions"))}</h1>
        <form class="lookup filters" id="admin-filters" on:submit=move |ev| { ev.prevent_default(); page.set(1); load(); }>
            <div class="field">
                <label for="f-q">{crate::ui::tr(locale, l("搜索单位名称或统一社会信用代码", "Search a unit name or USCC"))}</label>
                <input id="f-q" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
            </div>
            {select("f-kind", l("表单", "Form"), FormKind::ALL.iter().map(|k| (k.name(), kind_label(*k))).collect(), kind, locale)}
            {select("f-status", l("状态", "Status"), statuses, status, locale)}
            <div class="field">
                <label for="f-cycle">{crate::ui::tr(locale, l("评审年度", "Cycle"))}</label>
                <input id="f-cycle" type="text" inputmode="numeric" prop:value=move || cycle.get() on:input=move |ev| cycle.set(event_target_value(&ev)) />
            </div>
            {select("f-direction", l("实训方向", "Direction"), directions, direction, locale)}
            {select("f-unit-kind", l("单位类型", "Unit kind"), layout::UNIT_KINDS.to_vec(), unit_kind, locale)}
            {select("f-warnings", l("警告", "Warnings"), vec![("true", l("有警告", "With warnings")), ("false", l("无警告", "Without"))], warnings, locale)}
            {select("f-priority", l("第九条优先推荐", "Art. 9 priority"), vec![("true", l("优先", "Priority")), ("false", l("非优先", "Not priority"))], priority, locale)}
            {select("f-sort", l("排序", "Sort by"), vec![("submitted_at", l("提交时间", "Submitted")), ("updated_at", l("更新时间", "Updated")), ("unit_name", l("单位名称", "Unit")), ("status", l("状态", "Status"))], sort, locale)}
            {select("f-order", l("顺序", "Order"), vec![("desc", l("降序", "Descending")), ("asc", l("升序", "Ascending"))], order, locale)}
            <button type="submit" class="primary">{crate::ui::tr(locale, l("筛选", "Filter"))}</button>
        </form>
        <p class="actions">
            <a id="export-csv" href=move || format!("{API}/export.csv?{}", query())>{crate::ui::tr(locale, l("导出 CSV", "Export CSV"))}</a>" "
            <a id="export-xlsx" href=move || format!("{API}/export.xlsx?{}", query())>{crate::ui::tr(locale, l("导出 Excel", "Export Excel"))}</a>
        </p>
        {move || match result.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => {
                let pages = ((p.total + p.per_page - 1) / p.per_page).max(1);
                let current = p.page;
                let (first, last) = (current <= 1, current >= pages);
                view! {
                    <p id="admin-total">{crate::ui::tr(locale, l("共 ", "Total: "))}{p.total}{crate::ui::tr(locale, l(" 条", ""))}</p>
                    <table class="admin-list" id="admin-list">
                        <thead><tr>
                            <th>{crate::ui::tr(locale, l("单位", "Unit"))}</th>
                            <th>{crate::ui::tr(locale, l("表单", "Form"))}</th>
                            <th>{crate::ui::tr(locale, l("状态", "Status"))}</th>
                            <th>{crate::ui::tr(locale, l("年度", "Cycle"))}</th>
                            <th>{crate::ui::tr(locale, l("标记", "Flags"))}</th>
                            <th>{crate::ui::tr(locale, l("联系人", "Person"))}</th>
                            <th>{crate::ui::tr(locale, l("提交时间", "Submitted"))}</th>
                        </tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|i| {
                                let (k, s) = (kind_label(i.kind), status_label(i.status));
                                let name = i.unit_name.clone().unwrap_or_else(|| i.id.clone());
                                view! {
                                    <tr data-id=i.id.clone()>
                                        <td><Link href=format!("/admin/submissions/{}", i.id)>{name}</Link><br/><span class="mono">{i.unit_uscc.clone()}</span></td>
                                        <td>{crate::ui::tr(locale, k)}</td>
                                        <td class="status-cell">{crate::ui::tr(locale, s)}</td>
                                        <td>{i.cycle.map(|c| c.to_string())}</td>
                                        <td>
                                            {i.has_warnings.then(|| view! { <span class="msg warning">{crate::ui::tr(locale, l("有警告", "warnings"))}</span> })}
                                            {i.priority.then(|| view! { <span class="msg info">{crate::ui::tr(locale, l("优先推荐", "priority"))}</span> })}
                                            {i.resubmitted.then(|| view! { <span class="msg info resubmitted">{crate::ui::tr(locale, l("已重新提交", "resubmitted"))}</span> })}
                                        </td>
                                        <td>{i.person.clone()}" "<span class="mono">{i.person_masked.clone()}</span></td>
                                        <td><time datetime=i.submitted_at.clone()>{crate::ui::beijing(&i.submitted_at)}</time></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="actions">
                        <button type="button" id="page-prev" disabled=first on:click=move |_| { page.update(|p| *p -= 1); load(); }>{crate::ui::tr(locale, l("上一页", "Previous"))}</button>
                        " "{current}" / "{pages}" "
                        <button type="button" id="page-next" disabled=last on:click=move |_| { page.update(|p| *p += 1); load(); }>{crate::ui::tr(locale, l("下一页", "Next"))}</button>
                    </p>
                }.into_any()
            }
        }}
    }
}

/// A value of the document as text, by the field's kind of input.
fn value_text(v: &Value, input: &Input, loc: Locale) -> String {
    let plain = |v: &Value| match v {
        Value::Null => "—".to_owned(),
        Value::Bool(b) => t(loc, if *b { l("是", "Yes") } else { l("否", "No") }).to_owned(),
        Value::Int(n) => n.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => String::new(),
    };
    let direction = |v: &Value| match v.as_str().and_then(aii_rules::catalog::direction) {
        Some(d) => format!("{}（{}）", d.name(loc), d.code),
        None => plain(v),
    };
    match (input, v) {
        (Input::Choice(options), Value::Str(s)) => {
            options.iter().find(|(c, _)| c == s).map_or_else(|| s.clone(), |(_, label)| t(loc, *label).to_owned())
        }
        (Input::Directions | Input::Texts, Value::Array(items)) => {
            let sep = if loc == Locale::Zh { "、" } else { ", " };
            items.iter().map(|i| if matches!(input, Input::Directions) { direction(i) } else { plain(i) }).collect::<Vec<_>>().join(sep)
        }
        (Input::Direction, v) => direction(v),
        _ => plain(v),
    }
}

/// The document laid out with the form's own sections and labels.
fn fields_view(fields: &'static [FieldDef], obj: Option<&Value>, loc: Locale) -> AnyView {
    view! {
        <dl class="doc">
            {fields.iter().map(|f| {
                let v = obj.and_then(|o| o.get(f.key)).cloned().unwrap_or_default();
                let body = match (&f.input, &v) {
                    (Input::Group(sub), _) => fields_view(sub, Some(&v), loc),
                    (Input::Items(sub, item), Value::Array(items)) => view! {
                        <ol>{items.iter().map(|i| view! { <li><span class="hint">{t(loc, *item)}</span>{fields_view(sub, Some(i), loc)}</li> }).collect_view()}</ol>
                    }.into_any(),
                    (Input::YearTable { columns, totals }, _) => {
                        let rows = v.as_array().map(<[Value]>::to_vec).unwrap_or_default();
                        let sums = obj.and_then(|o| o.get(totals)).cloned().unwrap_or_default();
                        let cell = |r: &Value, k: &str| r.get(k).map_or_else(|| "—".to_owned(), |x| value_text(x, &Input::Int, loc));
                        view! {
                            <div class="table-scroll">
                                <table class="figures" data-key=*totals>
                                    <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{t(loc, c.label)}</th> }).collect_view()}</tr></thead>
                                    <tbody>{rows.iter().map(|r| view! {
                                        <tr>{columns.iter().map(|c| view! { <td>{cell(r, c.key)}</td> }).collect_view()}</tr>
                                    }).collect_view()}</tbody>
                                    <tfoot><tr>
                                        <th scope="row">{t(loc, l("合计", "Total"))}</th>
                                        {columns.iter().skip(1).map(|c| view! { <td>{cell(&sums, c.key)}</td> }).collect_view()}
                                    </tr></tfoot>
                                </table>
                            </div>
                        }.into_any()
                    }
                    _ => view! { <span>{value_text(&v, &f.input, loc)}</span> }.into_any(),
                };
                view! { <dt>{t(loc, f.label)}</dt><dd data-key=f.key>{body}</dd> }
            }).collect_view()}
        </dl>
    }
    .into_any()
}

/// An issue's article followed by `：`, or nothing for a rule that cites none (the generic ones).
fn cited(article: Option<&str>) -> String {
    article.map(|a| format!("{a}：")).unwrap_or_default()
}

fn report_view(report: &Report, id: &'static str, loc: Locale) -> impl IntoView {
    let issues = report.issues.clone();
    view! {
        <ul class="messages" id=id>
            {issues.into_iter().map(|i| {
                let class = match i.severity { Severity::Error => "msg error", Severity::Warning => "msg warning", Severity::Info => "msg info" };
                view! { <li class=class><span class="mono">{i.rule.clone()}</span>" "{cited(i.article.as_deref())}{i.message.clone()}" "<span class="mono">{i.path.clone()}</span></li> }
            }).collect_view()}
            {report.issues.is_empty().then(|| view! { <li>{t(loc, l("没有问题。", "No issues."))}</li> })}
        </ul>
    }
}

/// The legal next steps of a submission with what each needs (PROCEDURE.md), as the server
/// read them: met (✓), not met (✗: the decision would be refused) or to be given in the
/// decision form below (✎). A move into publicity is made by opening a notice.
fn next_steps_view(steps: &[aii_api::desk::NextStep], lc: Locale) -> impl IntoView + use<> {
    (!steps.is_empty()).then(|| {
        view! {
            <h3>{t(lc, l("下一步及其条件", "Next steps and what each needs"))}</h3>
            <ul class="next-steps" id="next-steps">
                {steps.iter().map(|step| {
                    let by_notice = step.via == "notice";
                    view! {
                        <li data-to=step.to.as_str() data-via=step.via.clone()>
                            <strong>{t(lc, status_label(step.to))}</strong>
                            {by_notice.then(|| view! {
                                "："<Link href="/admin/notices".into()>{t(lc, l("在“公示管理”中开启公示", "open a publicity notice"))}</Link>
                            })}
                            {(!step.needs.is_empty()).then(|| view! {
                                <ul class="needs">
                                    {step.needs.iter().map(|n| {
                                        let (class, mark, said) = match n.met {
                                            Some(true) => ("need met", "✓", l("已满足：", "Met: ")),
                                            Some(false) => ("need unmet", "✗", l("未满足：", "Not met: ")),
                                            None => ("need form", "✎", l("在下方填写：", "Give below: ")),
                                        };
                                        view! {
                                            <li class=class data-rule=n.rule.clone()>
                                                <span aria-hidden="true">{mark}" "</span><span class="visually-hidden">{t(lc, said)}</span>
                                                {n.message.clone()}" "<span class="mono rule">{n.rule.clone()}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn DetailView(id: String, csrf: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let detail: RwSignal<Option<Result<Detail, String>>> = RwSignal::new(None);
    let note = RwSignal::new(String::new());
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let revealed: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let id = StoredValue::new(id);
    let csrf = StoredValue::new(csrf);
    let load = move || {
        let url = format!("{API}/submissions/{}?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            detail.set(Some(get::<Detail>(url).await));
        });
    };
    load();
    // Every decision needs a note (the server refuses one without); an unqualified evaluation
    // revokes the base (Art. 25), so it asks to be confirmed first.
    let confirming: RwSignal<Option<String>> = RwSignal::new(None);
    // The council's fields (Arts. 11, 12, 24): see `council_fields`.
    let council = crate::admin::council_form::CouncilForm::new();
    let decide = move |to: String| {
        confirming.set(None);
        let body = browser::to_json(&council.body(&to, note.get_untracked()));
        let url = format!("{API}/submissions/{}/decisions?locale={}", id.get_value(), locale.get_untracked().tag());
        spawn_local(async move {
            match browser::fetch("POST", &url, Some(body), &[("X-CSRF-Token", &csrf.get_value())]).await {
                Ok(a) if a.status == 200 => {
                    note.set(String::new());
                    message.set(None);
                    load();
                }
                Ok(a) => message.set(Some(error_text(&a.body))),
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let try_decide = move |to: String| {
        if note.get_untracked().trim().is_empty() {
            confirming.set(None);
            message.set(Some(
                t(
                    locale.get_untracked(),
                    l(
                        "请先填写说明：每项审核决定都须附说明（记入审计日志）。",
                        "Write a note first: every decision needs one (it goes into the audit log).",
                    ),
                )
                .into(),
            ));
            browser::focus("decision-note");
            return;
        }
        message.set(None);
        if needs_confirmation(&to) {
            confirming.set(Some(to));
            request_animation_frame(|| browser::focus("decision-confirm"));
        } else {
            decide(to);
        }
    };
    let reveal = move |path: String| {
        let body = browser::to_json(&RevealBody { path: path.clone() });
        let url = format!("{API}/submissions/{}/reveal", id.get_value());
        spawn_local(async move {
            if let Ok(a) = browser::fetch("POST", &url, Some(body), &[("X-CSRF-Token", &csrf.get_value())]).await
                && a.status == 200
                && let Some(r) = browser::from_js::<Revealed>(a.body)
            {
                revealed.update(|v| v.push((r.path, r.value.unwrap_or_default())));
                load();
            }
        });
    };
    view! {
        {move || match detail.get() {
            None => view! { <p>{crate::ui::tr(locale, l("正在加载…", "Loading…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(d)) => {
                let lc = loc();
                let def = Some(layout::form(d.kind));
                let status = status_label(d.status);
                let next = d.next_statuses.clone();
                let steps = d.next_steps.clone();
                let evaluation = d.kind == FormKind::Evaluation;
                view! {
                    <h1>{t(lc, kind_label(d.kind))}" · "{d.unit_name.clone().unwrap_or_default()}</h1>
                    <p class="current">{t(lc, l("当前状态：", "Status: "))}<strong id="detail-status">{t(lc, status)}</strong></p>
                    <dl>
                        <dt>{t(lc, l("编号", "Id"))}</dt><dd class="mono">{d.id.clone()}</dd>
                        <dt>{t(lc, l("提交时间", "Submitted"))}</dt><dd>{crate::ui::beijing(&d.submitted_at)}</dd>
                        {(d.kind == FormKind::Application).then(|| {
                            let text = |p: &str| d.document.pointer(p).and_then(Value::as_str).unwrap_or("").to_owned();
                            let name = aii_rules::rules::application::full_base_name(&text("/base_short_name"), &text("/unit/name"));
                            view! { <dt>{t(lc, l("基地名称（第十二条）", "Base name (Art. 12)"))}</dt><dd id="detail-full-name">{name}</dd> }
                        })}
                        {d.certificate.clone().map(|n| view! {
                            <dt>{t(lc, l("证牌编号", "Certificate"))}</dt>
                            <dd class="mono"><a id="detail-certificate" href=format!("/certificate/{n}")>{n.clone()}</a></dd>
                        })}
                        {d.base_id.clone().map(|b| view! {
                            <dt>{t(lc, l("基地编号", "Base"))}</dt>
                            <dd class="mono" id="detail-base"><Link href=format!("/admin/registry/{b}")>{b.clone()}</Link></dd>
                        })}
                        <dt>{t(lc, l("内容摘要（SHA-256）", "Content hash (SHA-256)"))}</dt>
                        <dd class="mono">{d.content_hash.clone()}" "{if d.content_hash_ok { t(lc, l("（一致）", "(matches)")) } else { t(lc, l("（不一致！）", "(does NOT match!)")) }}</dd>
                        <dt>{t(lc, l("规则版本", "Rule-set version"))}</dt>
                        <dd class="mono">{d.stored_ruleset_version.clone()}
                            {if d.ruleset_changed { format!(" → {}（{}）", d.current_ruleset_version, t(lc, l("规则已更新", "rules changed"))) } else { String::new() }}</dd>
                    </dl>
                    {crate::attachments::desk_view(&d.attachments, &format!("/api/v1/admin/submissions/{}/attachments", d.id), lc)}

                    <section class="section decisions">
                        <h2>{t(lc, l("审核决定", "Decision"))}</h2>
                        {next_steps_view(&steps, lc)}
                        {if next.is_empty() {
                            view! { <p>{t(lc, if steps.is_empty() {
                                l("该申报不能再作出审核决定。", "No further decision can be taken.")
                            } else {
                                l("下一步须开启公示，见上。", "The next step is a publicity notice: see above.")
                            })}</p> }.into_any()
                        } else {
                            view! {
                                <div class="field">
                                    <label for="decision-note">{t(lc, if evaluation {
                                        l("评估意见（必填，如专家组意见；评估不合格时为撤销资格的理由）", "Opinion (required, e.g. the expert group's; for an unqualified result, the reason the status is revoked)")
                                    } else {
                                        l("说明（必填；退回和不通过时申请人可见）", "Note (required; the applicant sees it on a return or rejection)")
                                    })}</label>
                                    <textarea id="decision-note" required aria-required="true" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                                </div>
                                {council.view(&d, &next, locale)}
                                <p class="actions">
                                    {next.into_iter().map(|to| {
                                        let label = status_label(to);
                                        let (to, target) = (to.as_str(), to.as_str().to_owned());
                                        view! { <button type="button" class="decide" class:danger=needs_confirmation(to) data-to=to on:click=move |_| try_decide(target.clone())>{t(lc, l("转为：", "Move to: "))}{t(lc, label)}</button>" " }
                                    }).collect_view()}
                                </p>
                                {move || confirming.get().map(|to| {
                                    let target = to.clone();
                                    view! {
                                        <div class="banner confirm" role="alertdialog" id="decision-confirmation" aria-labelledby="decision-confirmation-text">
                                            <p id="decision-confirmation-text">{crate::ui::tr(locale, confirmation_text(&to))}</p>
                                            <p class="actions">
                                                <button type="button" class="primary danger" id="decision-confirm" on:click=move |_| decide(target.clone())>
                                                    {crate::ui::tr(locale, confirm_label(&to))}
                                                </button>
                                                <button type="button" id="decision-cancel" on:click=move |_| confirming.set(None)>{crate::ui::tr(locale, l("取消", "Cancel"))}</button>
                                            </p>
                                        </div>
                                    }
                                })}
                            }.into_any()
                        }}
                        {move || message.get().map(|m| view! { <p class="banner" role="alert" id="decision-error">{m}</p> })}
                    </section>
                    {experts::panel(d.kind, d.id.clone(), d.status, csrf.get_value(), locale, Callback::new(move |()| load()))}

                    <section class="section">
                        <h2>{t(lc, l("警告与申请人说明", "Warnings and the applicant's justifications"))}</h2>
                        <ul class="messages" id="detail-warnings">
                            {d.warnings.iter().map(|w| view! {
                                <li class="msg warning"><span class="mono">{w.rule.clone()}</span>" "{cited(w.article.as_deref())}{w.message.clone()}
                                    <p class="note">{t(lc, l("说明：", "Justification: "))}{w.justification.clone().unwrap_or_else(|| "—".into())}</p></li>
                            }).collect_view()}
                            {d.warnings.is_empty().then(|| view! { <li>{t(lc, l("没有警告。", "No warnings."))}</li> })}
                        </ul>
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("申报材料", "The document"))}</h2>
                        {(!d.masked_fields.is_empty()).then(|| view! {
                            <p class="actions">
                                {d.masked_fields.iter().map(|p| {
                                    let path = p.clone();
                                    let field = def.and_then(|def| layout::field_label(def, p, lc)).unwrap_or_else(|| p.clone());
                                    view! { <button type="button" class="reveal" data-path=p.clone() on:click=move |_| reveal(path.clone())>{t(lc, l("查看完整号码（将记入审计日志）：", "Reveal (audited): "))}{field}</button>" " }
                                }).collect_view()}
                            </p>
                        })}
                        {move || revealed.get().into_iter().map(|(p, v)| {
                            let field = def.and_then(|def| layout::field_label(def, &p, lc)).unwrap_or(p);
                            view! { <p class="notice">{field}"："<strong class="revealed">{v}</strong></p> }
                        }).collect_view()}
                        {def.map(|def| def.sections.iter().map(|s| view! {
                            <h3>{t(lc, s.title)}</h3>
                            {fields_view(s.fields, Some(&d.document), lc)}
                        }).collect_view())}
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("服务器重新检查（现行规则）", "Fresh server re-check (current rules)"))}</h2>
                        {d.report_changed.then(|| view! { <p class="banner">{t(lc, l("与提交时的检查结果不同。", "Differs from the report at submission."))}</p> })}
                        {report_view(&d.fresh_report, "fresh-report", lc)}
                        <h2>{t(lc, l("提交时的检查结果", "The report at submission"))}</h2>
                        {report_view(&d.stored_report, "stored-report", lc)}
                    </section>

                    <section class="section">
                        <h2>{t(lc, l("办理记录", "History"))}</h2>
                        <ol class="history">
                            {d.history.iter().map(|h| {
                                let label = status_label(h.status);
                                view! { <li><time datetime=h.at.clone()>{crate::ui::beijing(&h.at)}</time>" "<strong>{t(lc, label)}</strong>{h.note.clone().map(|n| view! { <p>{n}</p> })}</li> }
                            }).collect_view()}
                        </ol>
                        <h2>{t(lc, l("审计日志", "Audit log"))}</h2>
                        <table class="admin-list" id="audit-log">
                            <thead><tr>
                                <th>{t(lc, l("时间", "When"))}</th><th>{t(lc, l("操作人", "Who"))}</th><th>{t(lc, l("操作", "What"))}</th>
                                <th>{t(lc, l("状态变化", "From → to"))}</th><th>{t(lc, l("说明", "Note"))}</th>
                            </tr></thead>
                            <tbody>
                                {d.audit.iter().map(|a| {
                                    let change = match (&a.from_status, &a.to_status) {
                                        (Some(f), Some(to)) => format!("{} → {}", t(lc, status_label(*f)), t(lc, status_label(*to))),
                                        _ => String::new(),
                                    };
                                    view! { <tr><td><time datetime=a.at.clone()>{crate::ui::beijing(&a.at)}</time></td><td>{a.actor.clone()}</td><td data-action=a.action.clone()>{t(lc, action_label(&a.action))}</td><td>{change}</td>
                                        <td>{a.note.clone()}{a.detail.clone().map(|x| view! { <span class="mono">" "{x}</span> })}</td></tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }.into_any()
            }
        }}
    }
}
