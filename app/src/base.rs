//! `/base/{id}#key`: the base's own page, for its responsible unit. The key comes in the URL's
//! fragment (never sent to the server in the URL, never in its logs) and goes to
//! `GET /api/v1/bases/{id}/own` in the `X-Base-Key` header. The page shows the registry entry,
//! the certificate (its print page and verification link), the officers and their terms, the
//! directions, every submission of the base with its status, and what is due with its date,
//! each open item with a button that opens its form with `base_id` filled in
//! (`/apply/{form}?base_id={id}`, read once by the form page). Chinese first, with English.
//!
//! Read from the answer's JSON as `Value`s (no serde in the applicant's bundles) and written as
//! one escaped HTML string: a read-only page needs no reactivity per cell.

use aii_rules::{Locale, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{L, l};
use crate::registry::direction_names;
use crate::ui::t;
use crate::wire;

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
fn esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn int(v: &Value, key: &str) -> Option<i64> {
    match v.get(key) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    }
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key).and_then(Value::as_array).unwrap_or(&[])
}

fn role_label(role: &str) -> L {
    match role {
        "director" => l("主任", "Director"),
        "deputy_director" => l("副主任", "Deputy director"),
        _ => l("其他职务", "Other role"),
    }
}

fn kind_label(kind: &str) -> L {
    match kind {
        "application" => l("实训基地申请书", "Application"),
        "director_appointment" => l("主任、副主任推荐", "Director or deputy appointment"),
        "direction_change" => l("实训方向变更", "Direction change"),
        "annual_assessment" => l("年度考核备案", "Annual assessment"),
        "evaluation" => l("定期评估材料", "Evaluation"),
        "training_plan" => l("实训计划", "Training plan"),
        _ => l("其他", "Other"),
    }
}

/// What a due item is, in words: `2026年度考核备案（第二十二条）`.
fn due_title(item: &Value, loc: Locale) -> String {
    let year = int(item, "year").map_or(String::new(), |y| y.to_string());
    let zh = loc == Locale::Zh;
    match text(item, "kind") {
        "annual_assessment" if zh => format!("{year}年度考核备案（第二十二条）"),
        "annual_assessment" => format!("Annual assessment of {year} (Art. 22)"),
        "training_plan" if zh => format!("{year}年度实训计划（第十六条）"),
        "training_plan" => format!("Training plan for {year} (Art. 16)"),
        "evaluation" => {
            let period = format!("{year}–{}", int(item, "to_year").map_or(String::new(), |y| y.to_string()));
            if zh { format!("{period}年定期评估材料（第二十三条）") } else { format!("Evaluation of {period} (Art. 23)") }
        }
        "term_ending" => {
            let role = t(loc, role_label(text(item, "role")));
            let name = text(item, "name");
            if zh { format!("{role}{name}任期届满（第十五条）") } else { format!("{role} {name}'s term ends (Art. 15)") }
        }
        other => other.to_owned(),
    }
}

/// The button of an open item: the form that does it, with the base filled in.
fn due_action(kind: &str) -> L {
    match kind {
        "annual_assessment" => l("填写年度考核备案", "File the annual assessment"),
        "training_plan" => l("填写实训计划", "File the training plan"),
        "evaluation" => l("填写评估材料", "File the evaluation"),
        _ => l("推荐主任、副主任", "Recommend a director or deputy"),
    }
}

fn th(h: &mut String, loc: Locale, text: L) {
    h.push_str("<th scope=\"col\">");
    esc(h, t(loc, text));
    h.push_str("</th>");
}

fn dt_dd(h: &mut String, loc: Locale, label: L, value: &str, id: &str) {
    h.push_str("<dt>");
    esc(h, t(loc, label));
    h.push_str("</dt><dd id=\"");
    h.push_str(id);
    h.push_str("\">");
    esc(h, value);
    h.push_str("</dd>");
}

/// The page's content from the answer, every text escaped; `None` for an answer not of its shape.
pub fn page_html(page: &Value, loc: Locale) -> Option<String> {
    let b = page.get("base")?;
    let id = b.get("id")?.as_str()?;
    let mut h = String::with_capacity(4096);
    h.push_str("<h1 id=\"base-name\">");
    esc(&mut h, text(b, "full_name"));
    h.push_str("</h1><p class=\"current\">");
    esc(&mut h, t(loc, l("状态：", "Status: ")));
    h.push_str("<strong id=\"base-status\">");
    let status = aii_api::registry::BaseStatus::parse(text(b, "status"))?;
    esc(&mut h, t(loc, crate::registry::base_status_label(status)));
    h.push_str("</strong>");
    esc(&mut h, t(loc, l("　数据日期：", " · as of ")));
    esc(&mut h, text(page, "as_of"));
    h.push_str("</p>");

    // What is due.
    h.push_str("<section class=\"section\" id=\"base-due\"><h2>");
    esc(&mut h, t(loc, l("待办事项", "What is due")));
    h.push_str("</h2>");
    let due = list(page, "due");
    if due.is_empty() {
        h.push_str("<p>");
        esc(&mut h, t(loc, l("暂无待办事项。", "Nothing is due.")));
        h.push_str("</p>");
    } else {
        h.push_str("<ul class=\"due-list\">");
        for item in due {
            let kind = text(item, "kind");
            let done = item.get("done") == Some(&Value::Bool(true));
            let overdue = item.get("overdue") == Some(&Value::Bool(true));
            let key = format!("{kind}-{}", int(item, "year").map_or_else(|| text(item, "name").to_owned(), |y| y.to_string()));
            h.push_str("<li class=\"due-item");
            h.push_str(if done {
                " done"
            } else if overdue {
                " overdue"
            } else {
                ""
            });
            h.push_str("\" data-due=\"");
            esc(&mut h, &key);
            h.push_str("\"><strong>");
            esc(&mut h, &due_title(item, loc));
            h.push_str("</strong> · ");
            esc(&mut h, t(loc, if kind == "term_ending" { l("任期至 ", "term ends ") } else { l("截止 ", "due by ") }));
            h.push_str("<time>");
            esc(&mut h, text(item, "due_on"));
            h.push_str("</time> · <span class=\"due-state\">");
            esc(
                &mut h,
                t(
                    loc,
                    match (done, overdue, kind) {
                        (true, _, "term_ending") => l("已有下一任期记录", "the next term is on record"),
                        (true, _, _) => l("已提交", "filed"),
                        (false, true, _) => l("已逾期", "overdue"),
                        (false, false, _) => l("未提交", "not yet filed"),
                    },
                ),
            );
            h.push_str("</span>");
            if !done {
                h.push_str(" <a class=\"button\" id=\"due-");
                esc(&mut h, &key);
                h.push_str("\" href=\"/apply/");
                esc(&mut h, text(item, "form"));
                h.push_str("?base_id=");
                esc(&mut h, &js_encode(id));
                h.push_str("\">");
                esc(&mut h, t(loc, due_action(kind)));
                h.push_str("</a>");
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");

    // The registry entry and the certificate.
    h.push_str("<section class=\"section\" id=\"base-entry\"><h2>");
    esc(&mut h, t(loc, l("基地信息（第十二条）", "The base (Art. 12)")));
    h.push_str("</h2><dl>");
    dt_dd(&mut h, loc, l("基地编号", "Base id"), id, "base-id");
    let unit = b.get("responsible_unit");
    let unit_text = unit.map_or(String::new(), |u| format!("{} {}", text(u, "name"), text(u, "uscc")));
    dt_dd(&mut h, loc, l("责任单位", "Responsible unit"), &unit_text, "base-unit");
    let partners: Vec<String> = list(b, "partners").iter().map(|p| text(p, "name").to_owned()).collect();
    let none = t(loc, l("无", "None"));
    dt_dd(
        &mut h,
        loc,
        l("联合单位", "Partner units"),
        &if partners.is_empty() { none.to_owned() } else { partners.join("、") },
        "base-partners",
    );
    let directions: Vec<String> = list(b, "directions").iter().filter_map(|d| d.as_str().map(str::to_owned)).collect();
    dt_dd(&mut h, loc, l("实训方向", "Directions"), &direction_names(&directions, loc), "base-directions");
    dt_dd(&mut h, loc, l("授牌日期", "Certified on"), text(b, "certified_on"), "base-certified-on");
    if let Some(c) = page.get("certificate").filter(|c| !matches!(c, Value::Null)) {
        h.push_str("<dt>");
        esc(&mut h, t(loc, l("证牌", "Certificate")));
        h.push_str("</dt><dd><span class=\"mono\" id=\"base-certificate\">");
        esc(&mut h, text(c, "number"));
        h.push_str("</span> · <a id=\"base-certificate-print\" href=\"");
        esc(&mut h, text(c, "print_page"));
        h.push_str("\">");
        esc(&mut h, t(loc, l("打印证牌", "Print the certificate")));
        h.push_str("</a> · <a id=\"base-certificate-verify\" href=\"");
        esc(&mut h, text(c, "verify_page"));
        h.push_str("\">");
        esc(&mut h, t(loc, l("查验页面", "Verification page")));
        h.push_str("</a></dd>");
    }
    if status == aii_api::registry::BaseStatus::Revoked {
        let revoked = format!("{} {}", text(b, "revoked_on"), text(b, "revoked_reason"));
        dt_dd(&mut h, loc, l("撤销资格", "Revoked"), &revoked, "base-revoked");
    }
    h.push_str("</dl>");
    if let Some(results) = b.get("results").and_then(wire::results).filter(|r| !r.is_empty()) {
        h.push_str("<h3>");
        esc(&mut h, t(loc, l("评估结果（第二十五条）", "Evaluation results (Art. 25)")));
        h.push_str("</h3><ul id=\"base-results\">");
        for r in &results {
            h.push_str("<li>");
            esc(&mut h, &crate::results::result_line(r, loc));
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");

    // Officers and their terms.
    h.push_str("<section class=\"section\"><h2>");
    esc(&mut h, t(loc, l("主任、副主任及任期（第十四、十五条）", "Director, deputies and terms (Arts. 14–15)")));
    h.push_str("</h2>");
    let officers = list(b, "officers");
    if officers.is_empty() {
        h.push_str("<p id=\"base-officers-none\">");
        esc(&mut h, t(loc, l("尚无记录", "None on record")));
        h.push_str("</p>");
    } else {
        h.push_str("<table class=\"admin-list\" id=\"base-officers\"><thead><tr>");
        for head in [l("职务", "Role"), l("姓名", "Name"), l("任期", "Term")] {
            th(&mut h, loc, head);
        }
        h.push_str("</tr></thead><tbody>");
        for o in officers {
            h.push_str("<tr><td>");
            esc(&mut h, t(loc, role_label(text(o, "role"))));
            h.push_str("</td><td>");
            esc(&mut h, text(o, "name"));
            h.push_str("</td><td>");
            esc(&mut h, &format!("{} – {}", text(o, "term_start"), text(o, "term_end")));
            h.push_str("</td></tr>");
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");

    // Every submission of the base.
    h.push_str("<section class=\"section\"><h2>");
    esc(&mut h, t(loc, l("本基地的全部申报", "Every submission of the base")));
    h.push_str("</h2><div class=\"table-scroll\"><table class=\"admin-list\" id=\"base-submissions\"><thead><tr>");
    for head in [l("类型", "Form"), l("年度", "Year"), l("状态", "Status"), l("提交时间", "Submitted"), l("编号", "Id")] {
        th(&mut h, loc, head);
    }
    h.push_str("</tr></thead><tbody>");
    for s in list(page, "submissions") {
        h.push_str("<tr data-kind=\"");
        esc(&mut h, text(s, "kind"));
        h.push_str("\"><td>");
        esc(&mut h, t(loc, kind_label(text(s, "kind"))));
        h.push_str("</td><td>");
        esc(&mut h, &int(s, "year").map_or(String::new(), |y| y.to_string()));
        h.push_str("</td><td class=\"status-cell\">");
        esc(&mut h, t(loc, crate::status::status_label(text(s, "status"))));
        h.push_str("</td><td>");
        esc(&mut h, &crate::ui::beijing(text(s, "submitted_at")));
        h.push_str("</td><td class=\"mono\">");
        esc(&mut h, text(s, "id"));
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table></div></section>");
    Some(h)
}

/// An id in a URL: `encodeURIComponent` in the browser.
#[cfg(target_arch = "wasm32")]
fn js_encode(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// Natively (tests): the ids' own characters, which need no encoding.
#[cfg(not(target_arch = "wasm32"))]
fn js_encode(id: &str) -> String {
    id.to_owned()
}

#[component]
pub fn BasePage(id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("实训基地主页", "The base's page");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let key = browser::hash();
    let result: RwSignal<Option<Result<Value, String>>> = RwSignal::new(None);
    if key.trim().is_empty() {
        result.set(Some(Err("not_found".into())));
    } else {
        spawn_local(async move {
            let url = format!("/api/v1/bases/{}/own", js_encode(&id));
            let answer = browser::fetch("GET", &url, None, &[("X-Base-Key", key.trim())]).await;
            result.try_set(Some(match answer {
                Ok(a) if a.status == 200 => wire::from_json(&a.text).ok_or_else(|| "answer".to_owned()),
                Ok(a) if a.status == 404 => Err("not_found".into()),
                Ok(a) => Err(format!("HTTP {}", a.status)),
                Err(e) => Err(e),
            }));
        });
    }
    move || {
        match result.get() {
        None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
        Some(Err(e)) if e == "not_found" => view! {
            <h1>{t(loc(), title)}</h1>
            <p class="banner" role="alert" id="base-not-found">{t(loc(), l(
                "链接无效或已更换。请使用联盟秘书处最新发送的链接。",
                "This link is not valid or was replaced. Use the latest link the secretariat sent.",
            ))}</p>
        }
        .into_any(),
        Some(Err(e)) => view! { <p class="banner" role="alert">{t(loc(), l("读取失败：", "Reading failed: "))}{e}</p> }.into_any(),
        Some(Ok(v)) => match page_html(&v, loc()) {
            Some(html) => view! { <div id="base-page" inner_html=html></div> }.into_any(),
            None => view! { <p class="banner" role="alert">{t(loc(), l("服务器的回答无法识别。", "The server's answer was not understood."))}</p> }.into_any(),
        },
    }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aii_api::base::{BasePage, BaseSubmission, CertificateLinks, DueItem, DueKind};
    use aii_api::registry::{BaseStatus, OfficerRef, RegistryEntry, UnitRef};
    use aii_api::{FormKind, Status};

    fn item(kind: DueKind, year: i64, due_on: &str, done: bool) -> DueItem {
        DueItem {
            kind,
            form: kind.form().into(),
            year: Some(year),
            to_year: (kind == DueKind::Evaluation).then_some(year + 2),
            role: None,
            name: None,
            due_on: due_on.into(),
            done,
            overdue: false,
            submission_id: None,
        }
    }

    /// The server's answer (serialised by `aii-api`'s serde, as the server does), read as the
    /// page reads it.
    fn answer() -> Value {
        let page = BasePage {
            as_of: "2028-02-01".into(),
            base: RegistryEntry {
                id: "base-1".into(),
                short_name: "长三角智造".into(),
                full_name: "工业互联网产业联盟长三角智造实训基地（<示例>大学）".into(),
                responsible_unit: UnitRef { name: "示例大学".into(), uscc: "12310104729436482D".into() },
                partners: vec![],
                directions: vec!["network.implementation".into()],
                officers: vec![OfficerRef {
                    role: "director".into(),
                    name: "刘教授".into(),
                    term_start: "2027-04-01".into(),
                    term_end: "2030-03-31".into(),
                }],
                annual_filings: vec![],
                evaluations: vec![],
                status: BaseStatus::Certified,
                certified_on: Some("2027-03-01".into()),
                revoked_on: None,
                revoked_reason: None,
                certificate: Some("AII-TB-2027-001".into()),
                results: vec![],
            },
            certificate: Some(CertificateLinks {
                number: "AII-TB-2027-001".into(),
                issued_on: "2027-03-01".into(),
                print_page: "/certificate/AII-TB-2027-001".into(),
                verify_page: "https://tb.example.org/verify/AII-TB-2027-001".into(),
            }),
            submissions: vec![BaseSubmission {
                id: "0193".into(),
                kind: FormKind::Application,
                status: Status::Certified,
                year: Some(2027),
                submitted_at: "2027-01-10T02:00:00.000Z".into(),
                updated_at: "2027-03-01T02:00:00.000Z".into(),
            }],
            due: vec![
                item(DueKind::AnnualAssessment, 2027, "2028-03-31", false),
                item(DueKind::TrainingPlan, 2028, "2028-03-31", true),
                item(DueKind::Evaluation, 2027, "2030-03-31", false),
            ],
        };
        wire::from_json(&serde_json::to_string(&page).unwrap()).unwrap()
    }

    #[test]
    fn the_page_shows_the_base_and_opens_the_forms_of_what_is_due() {
        let h = page_html(&answer(), Locale::Zh).unwrap();
        assert!(h.contains("（&lt;示例&gt;大学）") && !h.contains("<示例>"), "escaped: {h}");
        assert!(h.contains("2027年度考核备案（第二十二条）") && h.contains("2028-03-31"), "{h}");
        assert!(h.contains("id=\"due-annual_assessment-2027\" href=\"/apply/annual-assessment?base_id=base-1\""), "{h}");
        assert!(h.contains("id=\"due-evaluation-2027\" href=\"/apply/evaluation?base_id=base-1\""), "{h}");
        assert!(!h.contains("id=\"due-training_plan-2028\""), "a done item has no button: {h}");
        assert!(h.contains("已提交") && h.contains("未提交"), "{h}");
        assert!(
            h.contains("href=\"/certificate/AII-TB-2027-001\"") && h.contains("href=\"https://tb.example.org/verify/AII-TB-2027-001\"")
        );
        assert!(h.contains("刘教授") && h.contains("2027-04-01 – 2030-03-31"));
        assert!(h.contains("实训基地申请书") && h.contains("已授牌") && h.contains("2027-01-10 10:00"), "{h}");
        let en = page_html(&answer(), Locale::En).unwrap();
        assert!(en.contains("Annual assessment of 2027 (Art. 22)") && en.contains("File the evaluation"), "{en}");
    }

    #[test]
    fn an_answer_of_another_shape_is_refused() {
        assert_eq!(page_html(&wire::from_json("{}").unwrap(), Locale::Zh), None);
        assert_eq!(page_html(&wire::from_json(r#"{"base":{"id":"b","status":"lost"}}"#).unwrap(), Locale::Zh), None);
    }
}
