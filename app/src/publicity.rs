//! `/publicity`: the alliance's publicity notices (公示, Arts. 11, 12) — each notice's period and
//! items (the base's Art. 12 name, units, partners, directions from the catalogue, kind) — and,
//! while a notice runs, a plain objection form per item. Read from `GET /api/v1/publicity`
//! through `wire` (no serde in this bundle); an objection is posted as JSON text and answered
//! with a reference number, or refused with a report shown as the other forms show theirs.
//! Every text from the server is rendered as text, never as HTML.

use aii_rules::{Locale, Report, Severity, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{L, l};
use crate::ui::t;
use crate::wire;

/// A notice as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeRead {
    pub id: i64,
    pub start_date: String,
    pub end_date: String,
    pub days: i64,
    pub open: bool,
    pub items: Vec<ItemRead>,
}

/// An item of a notice.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRead {
    pub id: i64,
    pub kind: String,
    pub full_name: String,
    pub responsible_unit: String,
    pub partners: Vec<String>,
    /// (zh, en) names.
    pub directions: Vec<(String, String)>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_owned)
}

fn int(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Int(n) => Some(*n),
        _ => None,
    }
}

fn texts(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// The notices of `GET /api/v1/publicity`; `None` when the answer is not of that shape.
pub fn notices(v: &Value) -> Option<Vec<NoticeRead>> {
    v.get("notices")?
        .as_array()?
        .iter()
        .map(|n| {
            Some(NoticeRead {
                id: int(n, "id")?,
                start_date: text(n, "start_date")?,
                end_date: text(n, "end_date")?,
                days: int(n, "days")?,
                open: matches!(n.get("open"), Some(Value::Bool(true))),
                items: n
                    .get("items")?
                    .as_array()?
                    .iter()
                    .map(|i| {
                        Some(ItemRead {
                            id: int(i, "id")?,
                            kind: text(i, "kind")?,
                            full_name: text(i, "full_name")?,
                            responsible_unit: text(i, "responsible_unit")?,
                            partners: texts(i, "partners"),
                            directions: i
                                .get("directions")?
                                .as_array()?
                                .iter()
                                .map(|d| Some((text(d, "name_zh")?, text(d, "name_en")?)))
                                .collect::<Option<_>>()?,
                        })
                    })
                    .collect::<Option<_>>()?,
            })
        })
        .collect()
}

fn kind_label(kind: &str) -> L {
    match kind {
        "direction_change" => l("实训方向变更", "Direction change"),
        _ => l("新建实训基地", "New training base"),
    }
}

/// The objection's JSON text (evidence: one line each, blank lines dropped).
pub fn objection_json(name: &str, contact: &str, reason: &str, evidence: &str) -> String {
    let lines = evidence.lines().map(str::trim).filter(|x| !x.is_empty()).map(|x| Value::Str(x.to_owned())).collect();
    wire::to_json(&Value::Object(vec![
        ("name".into(), Value::Str(name.to_owned())),
        ("contact".into(), Value::Str(contact.to_owned())),
        ("reason".into(), Value::Str(reason.to_owned())),
        ("evidence".into(), Value::Array(lines)),
    ]))
}

/// What an objection's answer was.
#[derive(Clone, Debug, PartialEq)]
enum Filed {
    Reference(String),
    Refused(Report),
    Failed(String),
}

#[component]
fn ObjectionForm(item: i64, locale: RwSignal<Locale>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let outcome: RwSignal<Option<Filed>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = move |f: &str| format!("objection-{item}-{f}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = objection_json(&name.get_untracked(), &contact.get_untracked(), &reason.get_untracked(), &evidence.get_untracked());
        let url = format!("/api/v1/publicity/items/{item}/objections?locale={}", locale.get_untracked().tag());
        spawn_local(async move {
            let answer = browser::fetch("POST", &url, Some(body), &[]).await;
            let filed = match answer {
                Ok(a) if a.status == 201 => wire::from_json(&a.text)
                    .and_then(|v| text(&v, "reference"))
                    .map_or_else(|| Filed::Failed("answer".into()), Filed::Reference),
                Ok(a) => match wire::from_json(&a.text).as_ref().and_then(wire::report) {
                    Some(r) => Filed::Refused(r),
                    None => Filed::Failed(format!("HTTP {}", a.status)),
                },
                Err(e) => Filed::Failed(e),
            };
            if matches!(filed, Filed::Reference(_)) {
                name.set(String::new());
                contact.set(String::new());
                reason.set(String::new());
                evidence.set(String::new());
            }
            outcome.set(Some(filed));
            busy.set(false);
        });
    };
    let field = move |f: &'static str, label: L, multi: bool, value: RwSignal<String>| {
        let fid = id(f);
        let input = if multi {
            view! { <textarea id=fid.clone() name=f rows="4" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
        } else {
            view! { <input id=fid.clone() name=f type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /> }.into_any()
        };
        view! { <div class="field"><label for=fid>{crate::ui::tr(locale, label)}</label>{input}</div> }
    };
    view! {
        <details class="objection">
            <summary>{crate::ui::tr(locale, l("对此项提出异议", "Object to this item"))}</summary>
            <form class="objection-form" id=id("form") on:submit=submit novalidate=true>
                <p class="hint">{crate::ui::tr(locale, l(
                    "异议须实名提出，并说明理由（不少于20字）。您的姓名、联系方式和异议内容仅供联盟秘书处核查，不予公开。",
                    "Objections are made under your own name with a reason of at least 20 characters. Your name, contact and objection are seen only by the alliance's secretariat, never published.",
                ))}</p>
                {field("name", l("姓名", "Your name"), false, name)}
                {field("contact", l("手机号码或电子邮箱", "Mobile number or e-mail"), false, contact)}
                {field("reason", l("异议理由", "Reason"), true, reason)}
                {field("evidence", l("证据线索（可选，每行一条，至多10条）", "Evidence (optional, one per line, at most 10)"), true, evidence)}
                <button type="submit" id=id("submit") prop:disabled=move || busy.get()>{crate::ui::tr(locale, l("提交异议", "Submit the objection"))}</button>
                {move || outcome.get().map(|o| match o {
                    Filed::Reference(r) => view! {
                        <p class="banner ok" role="status" id=id("done")>
                            {t(locale.get(), l("异议已受理，受理编号：", "Objection received. Reference: "))}<strong class="mono">{r}</strong>
                        </p>
                    }.into_any(),
                    Filed::Refused(report) => view! {
                        <ul class="messages" role="alert" id=id("report")>
                            {report.issues.into_iter().map(|i| {
                                let class = if i.severity == Severity::Error { "msg error" } else { "msg warning" };
                                let article = i.article.as_deref().map(|a| format!("{a}：")).unwrap_or_default();
                                view! { <li class=class data-rule=i.rule.to_string() data-path=i.path.clone()>{article}{i.message.to_string()}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Filed::Failed(e) => view! {
                        <p class="banner" role="alert">{t(locale.get(), l("提交失败：", "Could not submit: "))}{e}</p>
                    }.into_any(),
                })}
            </form>
        </details>
    }
}

#[component]
pub fn PublicityPage(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("实训基地公示", "Publicity notices");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let result: RwSignal<Option<Result<Vec<NoticeRead>, String>>> = RwSignal::new(None);
    spawn_local(async move {
        let answer = browser::fetch("GET", "/api/v1/publicity", None, &[]).await;
        result.try_set(Some(match answer {
            Ok(a) if a.status == 200 => wire::from_json(&a.text).as_ref().and_then(notices).ok_or_else(|| "answer".to_owned()),
            Ok(a) => Err(format!("HTTP {}", a.status)),
            Err(e) => Err(e),
        }));
    });
    let notice_view = move |n: NoticeRead| {
        let open = n.open;
        view! {
            <section class="section notice" data-notice=n.id.to_string()>
                <h2>
                    {move || t(loc(), l("公示期：", "Notice period: "))}
                    <time datetime=n.start_date.clone()>{n.start_date.clone()}</time>" — "<time datetime=n.end_date.clone()>{n.end_date.clone()}</time>
                    {move || format!("{}{}{}", t(loc(), l("（", " (")), n.days, t(loc(), l("个自然日）", " calendar days)")))}
                    " "
                    <span class=if open { "tag open" } else { "tag closed" }>
                        {move || t(loc(), if open { l("公示中", "Open") } else { l("已结束", "Closed") })}
                    </span>
                </h2>
                <ol class="notice-items">
                    {n.items.into_iter().map(|i| {
                        let directions = i.directions.clone();
                        let partners = i.partners.clone();
                        view! {
                            <li class="notice-item" data-item=i.id.to_string()>
                                <h3 class="full-name">{i.full_name.clone()}</h3>
                                <dl>
                                    <dt>{move || t(loc(), l("类别", "Kind"))}</dt><dd>{move || t(loc(), kind_label(&i.kind))}</dd>
                                    <dt>{move || t(loc(), l("责任单位", "Responsible unit"))}</dt><dd>{i.responsible_unit.clone()}</dd>
                                    <dt>{move || t(loc(), l("联合单位", "Partner units"))}</dt>
                                    <dd>{move || if partners.is_empty() { t(loc(), l("无", "None")).to_owned() } else { partners.join(if loc() == Locale::Zh { "、" } else { "; " }) }}</dd>
                                    <dt>{move || t(loc(), l("实训方向", "Directions"))}</dt>
                                    <dd>{move || directions.iter().map(|(zh, en)| if loc() == Locale::Zh { zh.clone() } else { en.clone() }).collect::<Vec<_>>().join(if loc() == Locale::Zh { "、" } else { "; " })}</dd>
                                </dl>
                                {open.then(|| view! { <ObjectionForm item=i.id locale=locale /> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    };
    view! {
        <h1 id="publicity-title">{crate::ui::tr(locale, title)}</h1>
        <p class="intro">{crate::ui::tr(locale, l(
            "联盟研究确定实训基地名单和实训方向后按程序予以公示（第十一条）；对公示中无异议的，经常务理事会审议正式通过（第十二条）。公示期内，任何单位和个人均可对公示项目实名提出异议。",
            "The bases and directions the alliance selected are published (Art. 11); those without objection go to the standing council (Art. 12). While a notice runs, anyone may object to an item under their own name.",
        ))}</p>
        <div id="publicity">
            {move || match result.get() {
                None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="banner" role="alert">{t(loc(), l("公示读取失败：", "The notices could not be read: "))}{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p id="publicity-empty">{t(loc(), l("目前没有公示。", "No notice at present."))}</p> }.into_any(),
                Some(Ok(list)) => list.into_iter().map(notice_view).collect_view().into_any(),
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_read_and_objections_written() {
        let v = wire::from_json(
            r#"{"today":"2027-03-01","notices":[{"id":1,"start_date":"2027-03-01","end_date":"2027-03-07","days":7,"open":true,
               "items":[{"id":4,"kind":"application","full_name":"<b>x</b>","responsible_unit":"u","partners":["p"],
               "directions":[{"code":"c","name_zh":"中","name_en":"en"}]}]}]}"#,
        )
        .unwrap();
        let n = notices(&v).unwrap();
        assert_eq!((n[0].id, n[0].open, n[0].items[0].id), (1, true, 4));
        assert_eq!(n[0].items[0].full_name, "<b>x</b>", "kept as text: the view escapes it");
        assert_eq!(n[0].items[0].directions, vec![("中".to_owned(), "en".to_owned())]);
        let body = objection_json("王\"五", "a@b.cn", "理由", "一\n\n 二 \n");
        assert_eq!(body, r#"{"name":"王\"五","contact":"a@b.cn","reason":"理由","evidence":["一","二"]}"#);
    }
}
