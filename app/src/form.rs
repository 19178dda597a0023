//! One form page, for any of the three forms: fields laid out by `layout`, every change
//! re-checked in place by the rules crate (only the rules that read the field), what only the
//! server knows asked of its validate endpoint (debounced, only for fields a context rule
//! reads), the draft kept in local storage, and submission with an idempotency key.
//!
//! Accessibility follows the GOV.UK Design System's pattern: errors appear once a field has
//! been left or the form submitted; on submit an error summary takes focus and links to each
//! field; fields carry `aria-invalid` and `aria-describedby`; the title starts with "错误：";
//! nothing is announced on every keystroke.

use std::collections::BTreeSet;
use std::time::Duration;

use aii_rules::engine::{needs_context, path_under};
use aii_rules::{Date, FormKind, Locale, Options, Report, ReportIssue, Scope, Severity, Value, check, check_field};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::layout::{FieldDef, FormDef, Input, L, Section, form};
use crate::ui::{Link, t};
use crate::wire::Receipt;
use crate::{browser, wire};

/// Beijing time, the Measures' calendar.
const OFFSET_MINUTES: i64 = 8 * 60;

pub fn today() -> Date {
    Date::from_unix_ms(browser::now_ms() as i64, OFFSET_MINUTES)
}

/// The id of a field's element: `f` + the pointer with `/` as `-`.
pub fn field_id(ptr: &str) -> String {
    let mut id = String::from("f");
    for c in ptr.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    id
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// What the draft in local storage holds: `{"doc": …, "idempotency_key": …}`.
struct Draft {
    doc: Value,
    idempotency_key: String,
}

impl Draft {
    fn to_json(&self) -> String {
        wire::to_json(&Value::Object(vec![
            ("doc".into(), self.doc.clone()),
            ("idempotency_key".into(), Value::Str(self.idempotency_key.clone())),
        ]))
    }

    fn from_json(text: &str) -> Option<Draft> {
        let v = wire::from_json(text)?;
        Some(Draft { doc: v.get("doc")?.clone(), idempotency_key: v.get("idempotency_key")?.as_str()?.to_owned() })
    }
}

/// A submission the secretariat returned for correction: its id, receipt, the document as
/// last sent, and the secretariat's note.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    pub id: String,
    pub receipt: String,
    pub doc: Value,
    pub note: Option<String>,
    /// The files it carries: kept unless removed.
    pub attachments: Vec<aii_api::attachments::Attachment>,
}

#[derive(Clone, Copy)]
struct St {
    kind: FormKind,
    /// `Some` when correcting a returned submission (drafts and submission go to it).
    correcting: Option<StoredValue<Correction>>,
    locale: RwSignal<Locale>,
    doc: RwSignal<Value>,
    report: RwSignal<Report>,
    /// Issues of the context rules, from the server.
    server: RwSignal<Vec<ReportIssue>>,
    touched: RwSignal<BTreeSet<String>>,
    submitted: RwSignal<bool>,
    idem: RwSignal<String>,
    busy: RwSignal<bool>,
    banner: RwSignal<Option<String>>,
    generation: RwSignal<u32>,
}

fn draft_key(kind: FormKind) -> String {
    format!("aii.draft.{}", kind.name())
}

/// A correction's draft is kept apart from a new form's.
fn correction_draft_key(id: &str) -> String {
    format!("aii.draft.correction.{id}")
}

fn is_context(rule: &str) -> bool {
    aii_rules::rules::all::meta(rule).is_some_and(|m| m.scope == Scope::Context)
}

impl St {
    fn opts(self) -> Options {
        Options { locale: self.locale.get_untracked(), today: today() }
    }

    fn recheck_all(self) {
        let report = self.doc.with_untracked(|d| check(self.kind, d, &self.opts(), None));
        self.report.set(report);
    }

    fn draft_key(self) -> String {
        match self.correcting {
            Some(c) => c.with_value(|c| correction_draft_key(&c.id)),
            None => draft_key(self.kind),
        }
    }

    fn save_draft(self) {
        let draft = self.doc.with_untracked(|doc| Draft { doc: doc.clone(), idempotency_key: self.idem.get_untracked() });
        browser::local_set(&self.draft_key(), &draft.to_json());
    }

    /// Sets a field, re-checks the rules that read it, keeps the draft, and asks the server
    /// when a context rule reads the field.
    fn set(self, ptr: &str, value: Value) {
        // A value that can be judged as it stands shows its messages at once, not on blur: a
        // choice, a date, an identifier typed to its full 18 characters.
        if judged_as_typed(ptr, &value) {
            self.touch(ptr);
        }
        self.doc.update(|d| {
            d.set_pointer(ptr, value);
        });
        self.after_change(ptr);
    }

    fn after_change(self, ptr: &str) {
        let mut changed = vec![ptr.to_owned()];
        changed.extend(self.derive(ptr).into_iter().map(str::to_owned));
        for p in &changed {
            let field = self.doc.with_untracked(|d| check_field(self.kind, d, p, &self.opts(), None));
            self.report.update(|r| field.merge_owned(r));
        }
        self.save_draft();
        if changed.iter().any(|p| needs_context(self.kind, p)) {
            self.ask_server();
        }
    }

    /// What the app fills in itself after a change at `ptr`: the evaluation's rows for the
    /// years of its period (while the person has typed no figures), and its totals. Returns
    /// the pointers it changed.
    #[cfg(not(feature = "chapter6"))]
    fn derive(self, _ptr: &str) -> Vec<&'static str> {
        Vec::new()
    }

    #[cfg(feature = "chapter6")]
    fn derive(self, ptr: &str) -> Vec<&'static str> {
        if self.kind != FormKind::Evaluation {
            return Vec::new();
        }
        let mut out = Vec::new();
        if path_under(ptr, PERIOD)
            && let Some(rows) = self.doc.with_untracked(period_rows)
        {
            self.doc.update(|d| {
                d.set_pointer(YEARS, rows);
            });
            out.push(YEARS);
        }
        if path_under(ptr, YEARS) || !out.is_empty() {
            let totals = self.doc.with_untracked(totals_of);
            if self.doc.with_untracked(|d| d.pointer(TOTALS) != Some(&totals)) {
                self.doc.update(|d| {
                    d.set_pointer(TOTALS, totals);
                });
                out.push(TOTALS);
            }
        }
        out
    }

    fn remove(self, item_ptr: &str, list_ptr: &str) {
        self.doc.update(|d| {
            d.remove_pointer(item_ptr);
        });
        self.after_change(list_ptr);
    }

    fn touch(self, ptr: &str) {
        if !self.touched.with_untracked(|t| t.contains(ptr)) {
            self.touched.update(|t| {
                t.insert(ptr.to_owned());
            });
        }
    }

    /// Debounced: the server's validate endpoint, for the context rules' issues only.
    fn ask_server(self) {
        let n = self.generation.get_untracked().wrapping_add(1);
        self.generation.set(n);
        set_timeout(
            move || {
                // The form may be gone by now (navigation): its signals are disposed.
                if self.generation.try_get_untracked() != Some(n) {
                    return;
                }
                let body = self.doc.with_untracked(wire::to_json);
                let mut url = format!("/api/v1/forms/{}/validate?locale={}", self.kind.slug(), self.locale.get_untracked().tag());
                // A correction is checked without its own submission (Art. 8 would count it).
                let receipt = self.correcting.map(|c| c.with_value(|c| (c.id.clone(), c.receipt.clone())));
                if let Some((id, _)) = &receipt {
                    url.push_str("&submission=");
                    url.push_str(id);
                }
                spawn_local(async move {
                    let headers: Vec<(&str, &str)> = receipt.as_ref().map(|(_, r)| ("X-Receipt", r.as_str())).into_iter().collect();
                    if let Ok(answer) = browser::fetch("POST", &url, Some(body), &headers).await
                        && answer.status == 200
                        && let Some(report) = wire::from_json(&answer.text).as_ref().and_then(wire::report)
                        && self.generation.try_get_untracked() == Some(n)
                    {
                        self.server.try_set(report.issues.into_iter().filter(|i| is_context(&i.rule)).collect());
                    }
                });
            },
            Duration::from_millis(400),
        );
    }

    /// The issues at exactly `ptr`, local and from the server.
    fn issues_at(self, ptr: &str) -> Vec<ReportIssue> {
        let mut out: Vec<ReportIssue> =
            self.report.with(|r| r.issues.iter().filter(|i| i.path == ptr && !repeats_a_year(i, &r.issues)).cloned().collect());
        self.server.with(|s| out.extend(s.iter().filter(|i| i.path == ptr).cloned()));
        out
    }

    /// Errors and warnings show once the field (or something in it) was left, or on submit.
    fn shown(self, ptr: &str) -> bool {
        self.submitted.get() || self.touched.with(|t| t.iter().any(|p| path_under(p, ptr)))
    }

    fn errors(self) -> Vec<ReportIssue> {
        let mut out: Vec<ReportIssue> = self
            .report
            .with(|r| r.issues.iter().filter(|i| i.severity == Severity::Error && !repeats_a_year(i, &r.issues)).cloned().collect());
        self.server.with(|s| out.extend(s.iter().filter(|i| i.severity == Severity::Error).cloned()));
        out
    }

    fn section_errors(self, section: &Section) -> usize {
        let prefixes: Vec<String> = section.fields.iter().map(|f| format!("/{}", f.key)).collect();
        let count = |list: &[ReportIssue]| {
            list.iter().filter(|i| i.severity == Severity::Error && prefixes.iter().any(|p| path_under(&i.path, p))).count()
        };
        self.report.with(|r| count(&r.issues)) + self.server.with(|s| count(s))
    }
}

/// The evaluation's period, its year-by-year rows and their totals (FORMS.md).
#[cfg(feature = "chapter6")]
const PERIOD: &str = "/period";
#[cfg(feature = "chapter6")]
const YEARS: &str = "/years";
#[cfg(feature = "chapter6")]
const TOTALS: &str = "/totals";

#[cfg(feature = "chapter6")]
/// Rows `{ "year": y }` for each year of the period, once its first year is a plausible year
/// and while the person has typed no figure in the rows (they follow a changed first year);
/// `None` when nothing is to change.
pub fn period_rows(doc: &Value) -> Option<Value> {
    let from = match doc.pointer("/period/from_year") {
        Some(Value::Int(y)) if (1900..=9999).contains(y) => *y,
        _ => return None,
    };
    let blank = |v: &Value| match v {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    };
    let untyped = match doc.pointer(YEARS) {
        None | Some(Value::Null) => true,
        Some(Value::Array(rows)) => rows.iter().all(|r| match r {
            Value::Null => true,
            Value::Object(members) => members.iter().all(|(k, v)| k == "year" || blank(v)),
            _ => false,
        }),
        Some(_) => false,
    };
    if !untyped {
        return None;
    }
    let rows = Value::Array(
        (from..from + aii_rules::rules::evaluation::PERIOD_YEARS).map(|y| Value::Object(vec![("year".into(), Value::Int(y))])).collect(),
    );
    (doc.pointer(YEARS) != Some(&rows)).then_some(rows)
}

#[cfg(feature = "chapter6")]
/// The totals of the year-by-year rows: for each figure the sum of the rows' whole numbers
/// (as typed so far), `null` when no row has one yet.
pub fn totals_of(doc: &Value) -> Value {
    let rows = doc.pointer(YEARS).and_then(Value::as_array).unwrap_or(&[]);
    Value::Object(
        aii_rules::forms::FIGURES
            .iter()
            .map(|&k| {
                let mut sum: Option<i64> = None;
                for r in rows {
                    if let Some(Value::Int(n)) = r.get(k) {
                        sum = Some(sum.unwrap_or(0).saturating_add(*n));
                    }
                }
                (k.to_owned(), sum.map_or(Value::Null, Value::Int))
            })
            .collect(),
    )
}

/// Focuses the element of a pointer, or of the nearest enclosing one that exists.
fn focus_path(path: &str) {
    let mut p = path.to_owned();
    loop {
        let id = field_id(&p);
        if web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id)).is_some() {
            return browser::focus(&id);
        }
        match p.rfind('/') {
            Some(i) => p.truncate(i),
            None => return browser::focus("form-top"),
        }
    }
}

/// What a new form starts with: the base named in the link (`?base_id=…`, from a certified
/// application's status page or the base's page) and, for an application, the selection year
/// (the current year in Beijing: one selection a year, Art. 10). A value typed already stays.
/// True when it filled a base a context rule looks up (the server is asked at once).
fn prefill(kind: FormKind, doc: &mut Value) -> bool {
    let missing = |doc: &Value, p: &str| doc.pointer(p).is_none_or(|v| v.is_null() || v.as_str() == Some(""));
    if kind == FormKind::Application {
        if missing(doc, "/cycle") {
            let year = aii_rules::Date::from_unix_ms(browser::now_ms() as i64, 480).year();
            // Nothing to ask the server yet: the unit is not typed.
            doc.set_pointer("/cycle", Value::Int(i64::from(year)));
        }
    } else if let Some(id) = browser::query_param("base_id").filter(|id| !id.trim().is_empty()) {
        return doc.set_pointer("/base_id", Value::Str(id.trim().to_owned()));
    }
    false
}

#[component]
pub fn FormPage(kind: FormKind, locale: RwSignal<Locale>, #[prop(optional)] correcting: Option<Correction>) -> impl IntoView {
    let def: &'static FormDef = form(kind);
    let key = correcting.as_ref().map_or_else(|| draft_key(kind), |c| correction_draft_key(&c.id));
    let draft: Option<Draft> = browser::local_get(&key).and_then(|s| Draft::from_json(&s));
    let restored = draft.is_some();
    // What "start again" goes back to: an empty form, or the document as last sent.
    let start_doc = StoredValue::new(correcting.as_ref().map_or_else(|| Value::Object(Vec::new()), |c| c.doc.clone()));
    let (mut doc0, key0) = match draft {
        Some(d) => (d.doc, d.idempotency_key),
        None => (start_doc.get_value(), browser::random_key()),
    };
    let prefilled = correcting.is_none() && prefill(kind, &mut doc0);
    // The files: a correction's own, kept unless removed (uploads are not part of a draft).
    let kept: Vec<crate::attachments::Item> = correcting
        .as_ref()
        .map_or_else(Vec::new, |c| c.attachments.iter().zip(0u32..).map(|(a, key)| crate::attachments::Item::kept(key, a)).collect());
    let files = RwSignal::new(kept);
    let correcting = correcting.map(StoredValue::new);
    let st = St {
        kind,
        correcting,
        locale,
        doc: RwSignal::new(doc0),
        report: RwSignal::new(Report { kind: Some(kind), valid: false, issues: Vec::new() }),
        server: RwSignal::new(Vec::new()),
        touched: RwSignal::new(BTreeSet::new()),
        submitted: RwSignal::new(false),
        idem: RwSignal::new(key0),
        busy: RwSignal::new(false),
        banner: RwSignal::new(None),
        generation: RwSignal::new(0),
    };
    #[cfg(feature = "chapter6")]
    if kind == FormKind::Evaluation && st.doc.with_untracked(|d| d.pointer(YEARS).is_some()) {
        let totals = st.doc.with_untracked(totals_of);
        st.doc.update(|d| {
            d.set_pointer(TOTALS, totals);
        });
    }
    st.recheck_all();
    if restored || prefilled || correcting.is_some() {
        st.ask_server();
    }
    if correcting.is_some() {
        // Every problem of the returned document shows at once.
        st.submitted.set(true);
    }
    // A change of language re-renders every message (and the server's) in it.
    Effect::new(move |prev: Option<Locale>| {
        let now = locale.get();
        if prev.is_some_and(|p| p != now) {
            st.recheck_all();
            if !st.server.with_untracked(Vec::is_empty) {
                st.ask_server();
            }
        }
        now
    });
    // "错误：" in the title while errors stand after a submit.
    Effect::new(move |_| {
        let loc = locale.get();
        let failing = st.submitted.get() && !st.errors().is_empty();
        let prefix = if failing { t(loc, crate::layout::l("错误：", "Error: ")) } else { "" };
        browser::set_title(&format!("{prefix}{} – {}", t(loc, def.title), t(loc, crate::ui::SITE)));
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if st.busy.get_untracked() {
            return;
        }
        st.submitted.set(true);
        st.recheck_all();
        st.banner.set(None);
        if !st.errors().is_empty() {
            request_animation_frame(|| browser::focus("error-summary"));
            return;
        }
        if files.with_untracked(|f| crate::attachments::uploading(f)) {
            st.banner.set(Some(
                t(
                    locale.get_untracked(),
                    crate::layout::l("请等待附件上传完成后再提交。", "Wait for the attachments to finish uploading, then submit."),
                )
                .into(),
            ));
            return;
        }
        st.busy.set(true);
        let body = st.doc.with_untracked(wire::to_json);
        let named = files.with_untracked(|f| crate::attachments::header(f));
        let key = st.idem.get_untracked();
        let tag = locale.get_untracked().tag();
        // A new submission carries its idempotency key; a correction goes to its submission,
        // with the receipt (a repeated correction is refused: it is no longer returned).
        let (url, header, expected, known) = match st.correcting {
            None => (format!("/api/v1/forms/{}/submissions?locale={tag}", kind.slug()), ("Idempotency-Key", key), 201, None),
            Some(c) => c.with_value(|c| {
                (
                    format!("/api/v1/submissions/{}/resubmit?locale={tag}", c.id),
                    ("X-Receipt", c.receipt.clone()),
                    200,
                    Some(Receipt { id: c.id.clone(), status: "submitted".into(), receipt: c.receipt.clone() }),
                )
            }),
        };
        // The files it carries: a new submission names its uploads (if any); a correction always
        // names its list (an empty one removes them all).
        let send_files = !named.is_empty() || known.is_some();
        spawn_local(async move {
            let mut headers = vec![(header.0, header.1.as_str())];
            if send_files {
                headers.push(("X-Attachments", named.as_str()));
            }
            let answer = browser::fetch("POST", &url, Some(body), &headers).await;
            // The person may have left the page while the request was out: the form's signals are
            // gone then, and nothing below may read them. (The server kept what it accepted; the
            // draft stays for the next visit.)
            if st.busy.try_set(false).is_some() {
                return;
            }
            let loc = locale.get_untracked();
            match answer {
                Ok(a) if a.status == expected => match known.or_else(|| wire::from_json(&a.text).as_ref().and_then(wire::receipt)) {
                    // The receipt's own page (`/status/{id}#receipt`): it survives a reload and
                    // offers to copy, print and download the receipt.
                    Some(r) => {
                        browser::local_remove(&st.draft_key());
                        crate::ui::navigate(&format!("/status/{}#{}", r.id, r.receipt));
                    }
                    None => st
                        .banner
                        .set(Some(t(loc, crate::layout::l("服务器的回答无法识别。", "The server's answer was not understood.")).into())),
                },
                Ok(a) if a.status == 422 => {
                    if let Some(report) = wire::from_json(&a.text).as_ref().and_then(wire::report) {
                        st.server.set(report.issues.iter().filter(|i| is_context(&i.rule)).cloned().collect());
                        st.report.set(Report { issues: report.issues.into_iter().filter(|i| !is_context(&i.rule)).collect(), ..report });
                    }
                    // The document must change before it can pass: the next try is a new request.
                    st.idem.set(browser::random_key());
                    st.save_draft();
                    request_animation_frame(|| browser::focus("error-summary"));
                }
                Ok(a) => {
                    let detail = wire::from_json(&a.text)
                        .as_ref()
                        .and_then(wire::report)
                        .and_then(|r| r.issues.into_iter().next())
                        .map(|i| i.message.into_owned());
                    let text = detail.unwrap_or_else(|| format!("HTTP {}", a.status));
                    st.banner.set(Some(format!(
                        "{}{text}",
                        t(
                            loc,
                            crate::layout::l("提交未成功（草稿已保留，可稍后重试）：", "Not submitted (the draft is kept; try again): ")
                        )
                    )));
                }
                Err(_) => st.banner.set(Some(
                    t(loc, crate::layout::l("网络连接失败，草稿已保留，请稍后重试。", "The network failed; the draft is kept. Try again."))
                        .into(),
                )),
            }
        });
    };

    let discard = move |_| {
        browser::local_remove(&st.draft_key());
        st.doc.set(start_doc.get_value());
        st.touched.set(BTreeSet::new());
        st.submitted.set(false);
        st.server.set(Vec::new());
        st.idem.set(browser::random_key());
        st.recheck_all();
    };

    let loc = move || locale.get();
    view! {
            <div class="form-layout">
                <nav class="progress" aria-label=crate::ui::tr(locale, crate::layout::l("填写进度", "Progress"))>
                    <ol>
                        {def.sections.iter().map(|s| {
                            let n = memo(move || st.section_errors(s));
                            view! {
                                <li class:done=move || n() == 0>
                                    <a href=format!("#sec-{}", s.id)>{crate::ui::tr(locale, s.title)}</a>
                                    <span class="count">{move || {
                                        let n = n();
                                        if n == 0 { "✓".to_owned() } else if loc() == Locale::Zh { format!("{n} 项待改") } else { format!("{n} to fix") }
                                    }}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </nav>
                <form class="form" novalidate on:submit=on_submit id="form-top" tabindex="-1">
                    <h1>{crate::ui::tr(locale, def.title)}</h1>
                    <p class="intro">{crate::ui::tr(locale, def.intro)}</p>
                    {correcting.map(|c| {
                        let (id, note) = c.with_value(|c| (c.id.clone(), c.note.clone()));
                        view! {
                            <div class="notice correction" id="correction">
                                <p>
                                    {crate::ui::tr(locale, crate::layout::l("您正在修改被退回的申报 ", "You are correcting the returned submission "))}
                                    <span class="mono">{id}</span>
                                    {crate::ui::tr(locale, crate::layout::l("。修改后重新提交，将按全部规则重新检查。", ". Resubmitting it checks every rule again."))}
                                </p>
                                {note.map(|n| view! {
                                    <p>{crate::ui::tr(locale, crate::layout::l("秘书处意见：", "The secretariat's note: "))}<q>{n}</q></p>
                                })}
                            </div>
                        }
                    })}
                    <Show when=move || restored>
                        <p class="notice">
                            {crate::ui::tr(locale, crate::layout::l("已恢复上次保存的草稿。", "Your saved draft is restored."))} " "
                            <button type="button" class="link" on:click=discard>{move || if correcting.is_some() {
                                t(loc(), crate::layout::l("恢复为已提交的内容", "Go back to what was submitted"))
                            } else {
                                t(loc(), crate::layout::l("清空重填", "Start again"))
                            }}</button>
                        </p>
                    </Show>
                    <ErrorSummary st=st />
                    {move || st.banner.get().map(|b| view! { <p class="banner" role="alert">{b}</p> })}
                    {def.sections.iter().map(|s| view! {
                        <section class="section" id=format!("sec-{}", s.id)>
                            <h2>{crate::ui::tr(locale, s.title)}</h2>
                            {section_fields(st, s)}
                        </section>
                    }).collect_view()}
                    <crate::attachments::AttachmentsSection files=files locale=locale />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || st.busy.get()>
                            {move || if st.busy.get() {
                                t(loc(), crate::layout::l("提交中…", "Submitting…"))
                            } else if correcting.is_some() {
                                t(loc(), crate::layout::l("重新提交", "Resubmit"))
                            } else {
                                t(loc(), crate::layout::l("提交", "Submit"))
                            }}
                        </button>
                        <button type="button" id="print-form" on:click=move |_| {
                            // The print view reads the draft: it holds what is typed now.
                            st.save_draft();
                            crate::ui::navigate(&print_href(kind, st.correcting.map(|c| c.with_value(|c| (c.id.clone(), c.receipt.clone())))));
                        }>{crate::ui::tr(locale, crate::layout::l("打印申请书", "Print"))}</button>
                        <span class="saved">{crate::ui::tr(locale, crate::layout::l("草稿自动保存在本浏览器中", "The draft is saved in this browser as you type"))}</span>
                    </div>
                </form>
            </div>
    }
}

/// The printable 申请书 of the answers typed now (`print.rs`): a new form's, or a correction's
/// (its receipt in the fragment, for the way back).
fn print_href(kind: FormKind, correcting: Option<(String, String)>) -> String {
    match correcting {
        Some((id, receipt)) => format!("/apply/{}/print?correction={id}#{receipt}", kind.slug()),
        None => format!("/apply/{}/print", kind.slug()),
    }
}

fn section_fields(st: St, s: &'static Section) -> AnyView {
    // A section made of one group shows the group's fields directly under the section title.
    if let [only] = s.fields
        && let Input::Group(inner) = &only.input
    {
        let base = format!("/{}", only.key);
        return inner.iter().map(|f| field_view(st, f, format!("{base}/{}", f.key))).collect_view().into_any();
    }
    s.fields.iter().map(|f| field_view(st, f, format!("/{}", f.key))).collect_view().into_any()
}

#[component]
fn ErrorSummary(st: St) -> impl IntoView {
    view! {
        <Show when=move || st.submitted.get() && !st.errors().is_empty()>
            <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{crate::ui::tr(st.locale, crate::layout::l("请修改以下问题后再提交", "Fix these problems before submitting"))}</h2>
                <ul>
                    {move || st.errors().into_iter().map(|i| {
                        let path = i.path.clone();
                        let href = format!("#{}", field_id(&i.path));
                        // Each item names its field: "联系人 · 姓名：此项为必填项".
                        let label = crate::layout::field_label(form(st.kind), &i.path, st.locale.get())
                            .map(|f| format!("{f}{}", t(st.locale.get(), crate::layout::l("：", ": "))));
                        view! {
                            <li><a href=href on:click=move |ev| { ev.prevent_default(); focus_path(&path); }>{label}{i.message}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

fn field_view(st: St, f: &'static FieldDef, ptr: String) -> AnyView {
    match &f.input {
        Input::Group(inner) => {
            let id = field_id(&ptr);
            view! {
                <fieldset class="group" id=id tabindex="-1">
                    <legend>{crate::ui::tr(st.locale, f.label)}</legend>
                    {inner.iter().map(|g| field_view(st, g, format!("{ptr}/{}", g.key))).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        Input::Items(inner, noun) => items_view(st, f, inner, *noun, ptr),
        Input::Texts => texts_view(st, f, ptr),
        Input::Directions => directions_view(st, f, ptr),
        #[cfg(feature = "chapter6")]
        Input::Note => note_field_view(st, f, ptr),
        #[cfg(feature = "chapter6")]
        Input::YearTable { columns, totals } => year_table_view(st, f, columns, totals, ptr),
        _ => leaf_view(st, f, ptr),
    }
}

/// The messages of one field (`under`: also those of anything inside it), and the
/// justification box a warning asks for.
fn messages(st: St, ptr: String, under: bool) -> impl IntoView {
    let id = format!("{}-msg", field_id(&ptr));
    let p = ptr.clone();
    let issues = memo(move || {
        let shown = st.shown(&p);
        let mut issues: Vec<ReportIssue> = if under {
            let mut v: Vec<ReportIssue> = st.report.with(|r| r.issues.iter().filter(|i| path_under(&i.path, &p)).cloned().collect());
            st.server.with(|s| v.extend(s.iter().filter(|i| path_under(&i.path, &p)).cloned()));
            v
        } else {
            st.issues_at(&p)
        };
        issues.retain(|i| i.severity == Severity::Info || shown);
        issues
    });
    let list = move || {
        issues()
            .into_iter()
            .map(|i| {
                let class = match i.severity {
                    Severity::Error => "msg error",
                    Severity::Warning => "msg warning",
                    Severity::Info => "msg info",
                };
                // A generic rule (`text.*`, `id.*`, …) cites no article: no label at all.
                let article = i.article.map(|a| view! { <span class="article">{a}</span>" " });
                view! { <p class=class data-rule=i.rule.clone()>{article}{i.message}</p> }
            })
            .collect_view()
    };
    let q = ptr.clone();
    // A note asked for at its own place is a field of the layout (`Input::Note`), not a box.
    let note = Memo::new(move |_| st.issues_at(&q).iter().find_map(|i| i.params.text("note").filter(|n| *n != q).map(str::to_owned)));
    view! {
        <div class="messages" id=id>{list}</div>
        {move || note.get().map(|n| note_box(st, n))}
    }
}

fn note_box(st: St, note_ptr: String) -> impl IntoView {
    let id = field_id(&note_ptr);
    let p = note_ptr.clone();
    let value = memo(move || st.doc.with(|d| text_of(d.pointer(&p))));
    let q = note_ptr.clone();
    let r = note_ptr.clone();
    view! {
        <div class="note">
            <label for=id.clone()>{crate::ui::tr(st.locale, crate::layout::l("说明理由（特殊情况）", "Justification (exceptional case)"))}</label>
            <textarea id=id rows="3" prop:value=value
                on:input=move |ev| st.set(&q, Value::Str(event_target_value(&ev)))
                on:blur=move |_| st.touch(&r)></textarea>
        </div>
    }
}

/// A reactive value that tells its readers only when it changed. Every field's value, state
/// and messages derive from the whole document and report; without this, one keystroke would
/// rewrite every input's value and every field's messages (each write costs the browser a form
/// re-extraction and a repaint: BENCHMARKS.md, the keystroke against RJSF).
fn memo<T: Clone + PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> impl Fn() -> T + Copy + Send + Sync + 'static {
    let m = Memo::new(move |_| f());
    move || m.get()
}

fn describedby(st: St, ptr: &str, hint: bool) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let id = field_id(ptr);
    let p = ptr.to_owned();
    memo(move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{id}-hint"));
        }
        if st.shown(&p) && st.issues_at(&p).iter().any(|i| i.severity != Severity::Info) {
            ids.push(format!("{id}-msg"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    })
}

fn invalid(st: St, ptr: &str) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    let p = ptr.to_owned();
    let bad = memo(move || st.shown(&p) && st.issues_at(&p).iter().any(|i| i.severity == Severity::Error));
    move || bad().then_some("true")
}

fn hint_view(st: St, f: &'static FieldDef, ptr: &str) -> impl IntoView + use<> {
    let id = format!("{}-hint", field_id(ptr));
    f.hint.map(|h| view! { <p class="hint" id=id>{move || t(st.locale.get(), h)}</p> })
}

fn leaf_view(st: St, f: &'static FieldDef, ptr: String) -> AnyView {
    let loc = move || st.locale.get();
    let id = field_id(&ptr);
    let p = ptr.clone();
    let value = memo(move || st.doc.with(|d| text_of(d.pointer(&p))));
    let (q, r) = (ptr.clone(), ptr.clone());
    let blur = move |_| st.touch(&r);
    let label = crate::ui::tr(st.locale, f.label);
    let control = match &f.input {
        Input::Text => view! {
            <input type="text" id=id.clone() prop:value=value aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:input=move |ev| st.set(&q, Value::Str(event_target_value(&ev))) on:blur=blur />
        }
        .into_any(),
        Input::Base => {
            // The public registry's certified bases, offered as the person types (a datalist
            // matches any part of a name); the chosen base's name is shown under the box.
            let bases: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
            spawn_local(async move {
                if let Ok(a) = browser::fetch("GET", "/api/v1/registry", None, &[]).await
                    && let Some(list) = wire::from_json(&a.text).as_ref().and_then(wire::registry)
                {
                    let certified = list.into_iter().filter(|b| b.status == aii_api::registry::BaseStatus::Certified).map(|b| (b.id, b.full_name));
                    let _ = bases.try_set(certified.collect());
                }
            });
            let list_id = format!("{id}-bases");
            let chosen_ptr = ptr.clone();
            let chosen = memo(move || {
                let typed = st.doc.with(|d| text_of(d.pointer(&chosen_ptr)));
                bases.with(|b| b.iter().find(|(id, _)| *id == typed.trim()).map(|(_, name)| name.clone()))
            });
            view! {
                <input type="text" id=id.clone() list=list_id.clone() autocomplete="off" prop:value=value aria-invalid=invalid(st, &ptr)
                    aria-describedby=describedby(st, &ptr, f.hint.is_some())
                    on:input=move |ev| st.set(&q, Value::Str(event_target_value(&ev).trim().to_owned())) on:blur=blur />
                <datalist id=list_id>
                    {move || bases.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </datalist>
                {move || chosen().map(|name| view! { <p class="chosen-base">{crate::ui::tr(st.locale, crate::layout::l("已选：", "Chosen: "))}<strong>{name}</strong></p> })}
            }
            .into_any()
        }
        Input::Long | Input::Note => view! {
            <textarea id=id.clone() rows="4" prop:value=value aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:input=move |ev| st.set(&q, Value::Str(event_target_value(&ev))) on:blur=blur></textarea>
        }
        .into_any(),
        Input::Int => view! {
            <input type="text" inputmode="numeric" class="num" id=id.clone() prop:value=value aria-invalid=invalid(st, &ptr)
                aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:input=move |ev| st.set(&q, int_value(event_target_value(&ev)))
                on:blur=blur />
        }
        .into_any(),
        Input::Date => view! {
            <input type="date" id=id.clone() prop:value=value aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:input=move |ev| { let v = event_target_value(&ev); st.set(&q, if v.is_empty() { Value::Null } else { Value::Str(v) }) }
                on:blur=blur />
        }
        .into_any(),
        Input::YesNo => {
            let p = ptr.clone();
            let current = memo(move || st.doc.with(|d| match d.pointer(&p) {
                Some(Value::Bool(true)) => "true".to_owned(),
                Some(Value::Bool(false)) => "false".to_owned(),
                _ => String::new(),
            }));
            view! {
                <select id=id.clone() prop:value=current aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                    on:change=move |ev| {
                        let v = match event_target_value(&ev).as_str() { "true" => Value::Bool(true), "false" => Value::Bool(false), _ => Value::Null };
                        st.set(&q, v)
                    }
                    on:blur=blur>
                    <option value="">{crate::ui::tr(st.locale, crate::layout::l("请选择", "Choose"))}</option>
                    <option value="true">{crate::ui::tr(st.locale, crate::layout::l("是", "Yes"))}</option>
                    <option value="false">{crate::ui::tr(st.locale, crate::layout::l("否", "No"))}</option>
                </select>
            }
            .into_any()
        }
        Input::Confirm => {
            let p = ptr.clone();
            let checked = memo(move || st.doc.with(|d| matches!(d.pointer(&p), Some(Value::Bool(true)))));
            return view! {
                <div class="field confirm">
                    <input type="checkbox" id=id.clone() prop:checked=checked aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, false)
                        on:change=move |ev| { st.touch(&q); st.set(&q, Value::Bool(event_target_checked(&ev))) } />
                    <label for=id>{label}</label>
                    {messages(st, ptr.clone(), false)}
                </div>
            }
            .into_any();
        }
        Input::Choice(options) => view! {
            <select id=id.clone() prop:value=value aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:change=move |ev| { let v = event_target_value(&ev); st.touch(&q); st.set(&q, if v.is_empty() { Value::Null } else { Value::Str(v) }) }
                on:blur=blur>
                <option value="">{crate::ui::tr(st.locale, crate::layout::l("请选择", "Choose"))}</option>
                {options.iter().map(|(code, l)| view! { <option value=*code>{crate::ui::tr(st.locale, *l)}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Direction => view! {
            <select id=id.clone() prop:value=value aria-invalid=invalid(st, &ptr) aria-describedby=describedby(st, &ptr, f.hint.is_some())
                on:change=move |ev| { let v = event_target_value(&ev); st.touch(&q); st.set(&q, if v.is_empty() { Value::Null } else { Value::Str(v) }) }
                on:blur=blur>
                <option value="">{crate::ui::tr(st.locale, crate::layout::l("请选择", "Choose"))}</option>
                {aii_rules::catalog::CATEGORIES.iter().map(|c| view! {
                    <optgroup label=move || if loc() == Locale::Zh { c.name_zh } else { c.name_en }>
                        {aii_rules::catalog::DIRECTIONS.iter().filter(|d| d.category == c.code).map(|d| view! {
                            <option value=d.code>{move || d.name(loc())}</option>
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        }
        .into_any(),
        _ => unreachable!("containers are rendered by field_view"),
    };
    let preview = (ptr == "/base_short_name").then(|| {
        let name = memo(move || {
            st.doc.with(|d| {
                let short = text_of(d.pointer("/base_short_name"));
                let unit = text_of(d.pointer("/unit/name"));
                let unit = if unit.trim().is_empty() { t(loc(), crate::layout::l("责任单位", "responsible unit")).to_owned() } else { unit };
                let short = if short.trim().is_empty() { "XXXXX".to_owned() } else { short };
                aii_rules::full_base_name(&short, &unit)
            })
        });
        view! { <p class="preview"><span>{crate::ui::tr(st.locale, crate::layout::l("统一命名（第十二条）：", "Uniform name (Art. 12): "))}</span><strong>{name}</strong></p> }
    });
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint_view(st, f, &ptr)}
            {control}
            {preview}
            {messages(st, ptr.clone(), false)}
        </div>
    }
    .into_any()
}

fn list_len(st: St, ptr: &str) -> usize {
    st.doc.with(|d| d.pointer(ptr).and_then(Value::as_array).map_or(0, <[Value]>::len))
}

/// The index of the next item of the list at `ptr`. A draft kept by an earlier version may
/// hold an object where the list belongs (`{"0":{}}`): it is replaced by an empty list first,
/// so adding always starts a real list.
fn next_index(st: St, ptr: &str) -> usize {
    if st.doc.with_untracked(|d| d.pointer(ptr).is_some_and(|v| !v.is_null() && v.as_array().is_none())) {
        st.doc.update(|d| {
            d.set_pointer(ptr, Value::Array(Vec::new()));
        });
    }
    list_len(st, ptr)
}

fn items_view(st: St, f: &'static FieldDef, inner: &'static [FieldDef], noun: L, ptr: String) -> AnyView {
    let id = field_id(&ptr);
    let p = ptr.clone();
    let add_ptr = ptr.clone();
    let add = move |_| {
        let n = next_index(st, &add_ptr);
        st.set(&format!("{add_ptr}/{n}"), Value::Object(Vec::new()));
        let first = inner.first().map(|g| format!("{add_ptr}/{n}/{}", g.key)).unwrap_or_default();
        request_animation_frame(move || browser::focus(&field_id(&first)));
    };
    let (hint, msgs) = (hint_view(st, f, &ptr), messages(st, ptr.clone(), false));
    view! {
        <div class="items" id=id tabindex="-1">
            <h3>{crate::ui::tr(st.locale, f.label)}</h3>
            {hint}
            {msgs}
            <For each={ let len = memo(move || list_len(st, &p)); move || 0..len() } key=|i| *i children=move |i| {
                let item = format!("{ptr}/{i}");
                let (item_rm, list_rm) = (item.clone(), ptr.clone());
                view! {
                    <fieldset class="item">
                        <legend>{crate::ui::tr(st.locale, noun)}" "{i + 1}</legend>
                        {inner.iter().map(|g| field_view(st, g, format!("{item}/{}", g.key))).collect_view()}
                        <button type="button" class="remove" on:click=move |_| st.remove(&item_rm, &list_rm)>
                            {crate::ui::tr(st.locale, crate::layout::l("删除此项", "Remove"))}
                        </button>
                    </fieldset>
                }
            } />
            <button type="button" class="add" on:click=add>"+ "{crate::ui::tr(st.locale, crate::layout::l("添加", "Add "))}{crate::ui::tr(st.locale, noun)}</button>
        </div>
    }
    .into_any()
}

fn texts_view(st: St, f: &'static FieldDef, ptr: String) -> AnyView {
    let loc = move || st.locale.get();
    let id = field_id(&ptr);
    let p = ptr.clone();
    let add_ptr = ptr.clone();
    let add = move |_| {
        let n = next_index(st, &add_ptr);
        st.set(&format!("{add_ptr}/{n}"), Value::Str(String::new()));
        let target = field_id(&format!("{add_ptr}/{n}"));
        request_animation_frame(move || browser::focus(&target));
    };
    let (hint, msgs) = (hint_view(st, f, &ptr), messages(st, ptr.clone(), false));
    view! {
        <div class="items texts" id=id tabindex="-1">
            <h3>{crate::ui::tr(st.locale, f.label)}</h3>
            {hint}
            {msgs}
            <For each={ let len = memo(move || list_len(st, &p)); move || 0..len() } key=|i| *i children=move |i| {
                let item = format!("{ptr}/{i}");
                let (a, b, c, list) = (item.clone(), item.clone(), item.clone(), ptr.clone());
                let value = memo(move || st.doc.with(|d| text_of(d.pointer(&a))));
                view! {
                    <div class="text-item">
                        <input type="text" id=field_id(&item) aria-label=move || format!("{} {}", t(loc(), f.label), i + 1) prop:value=value
                            on:input=move |ev| st.set(&b, Value::Str(event_target_value(&ev))) on:blur=move |_| st.touch(&c) />
                        <button type="button" class="remove" on:click=move |_| st.remove(&item, &list)>{crate::ui::tr(st.locale, crate::layout::l("删除", "Remove"))}</button>
                    </div>
                }
            } />
            <button type="button" class="add" on:click=add>"+ "{crate::ui::tr(st.locale, crate::layout::l("添加一项", "Add one"))}</button>
        </div>
    }
    .into_any()
}

#[cfg(feature = "chapter6")]
/// A justification a server-only rule asks for at this field (`Input::Note`): it appears when
/// an issue is there (or it already has text), as a multi-line field, and its message shows at
/// once.
fn note_field_view(st: St, f: &'static FieldDef, ptr: String) -> AnyView {
    let p = ptr.clone();
    let asked = Memo::new(move |_| !st.issues_at(&p).is_empty() || st.doc.with(|d| !text_of(d.pointer(&p)).trim().is_empty()));
    let t_ptr = ptr.clone();
    // The server asked: its message is shown now, not only once the box was left.
    Effect::new(move |_| {
        if asked.get() {
            st.touch(&t_ptr);
        }
    });
    (move || asked.get().then(|| leaf_view(st, f, ptr.clone()))).into_any()
}

/// A total's issue that repeats one of its column's years (the same rule and reason, e.g.
/// completed above planned): a person sees it once, at the year, not again on 合计.
fn repeats_a_year(issue: &ReportIssue, all: &[ReportIssue]) -> bool {
    let Some(column) = issue.path.strip_prefix("/totals/") else { return false };
    all.iter().any(|o| {
        o.rule == issue.rule
            && o.params.text("reason") == issue.params.text("reason")
            && o.path.starts_with("/years/")
            && o.path.rsplit('/').next() == Some(column)
    })
}

/// Whether a value just typed or chosen is complete enough to be judged before the person
/// leaves the field (free text and numbers are not: "1" on the way to "120" is no error).
fn judged_as_typed(ptr: &str, value: &Value) -> bool {
    match value {
        Value::Bool(_) => true,
        Value::Str(s) => {
            let s = s.trim();
            let is_date = s.len() == 10 && aii_rules::Date::parse(s).is_some();
            let identifier = ptr.ends_with("/uscc") || ptr.ends_with("/id_number");
            is_date || (identifier && s.chars().count() >= 18)
        }
        _ => false,
    }
}

/// The value of a whole-number field as typed: a number, or the text (the rules report it).
/// People write numbers with separators and full-width digits (3,000,000, ３０００, 3 000):
/// those are read as the number they mean.
fn int_value(raw: String) -> Value {
    let normal: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}' | '_' | '\''))
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
            '－' => '-',
            c => c,
        })
        .collect();
    if normal.is_empty() { Value::Null } else { normal.parse::<i64>().map(Value::Int).unwrap_or(Value::Str(raw)) }
}

/// One cell of the year-by-year table: a number input named by `label`, with its messages.
/// A cell of a row names the total of its column (`total`), which it marks as visited with
/// itself; a cell of the totals row is computed, so `readonly`. The year's cell heads its row
/// (`<th scope="row">`, the column that stays in view while the figures scroll); on a phone the
/// rows stack and each cell shows its column's name (`data-label`, style/app.css).
#[cfg(feature = "chapter6")]
fn figure_cell(st: St, cell: String, label: Signal<String>, column: L, total: Option<String>, readonly: bool, heads_row: bool) -> AnyView {
    let (a, b, c) = (cell.clone(), cell.clone(), cell.clone());
    let value = memo(move || st.doc.with(|d| text_of(d.pointer(&a))));
    let column = crate::ui::tr(st.locale, column);
    let content = view! {
            <input type="text" inputmode="numeric" class="num" class:total=readonly readonly=readonly id=field_id(&cell) prop:value=value
                aria-label=label aria-invalid=invalid(st, &cell) aria-describedby=describedby(st, &cell, false)
                on:input=move |ev| if !readonly { st.set(&b, int_value(event_target_value(&ev))) }
                on:blur=move |_| {
                    st.touch(&c);
                    if let Some(total) = &total {
                        st.touch(total);
                    }
                } />
            {messages(st, cell.clone(), false)}
    };
    if heads_row {
        view! { <th scope="row" data-label=column>{content}</th> }.into_any()
    } else {
        view! { <td data-label=column>{content}</td> }.into_any()
    }
}

/// The evaluation's year-by-year figures: one row per year, one column per figure, every cell
/// a labelled number input with its messages under it; the totals row is computed from the rows
/// (`St::derive`) and its cells show the rules' messages about the totals.
#[cfg(feature = "chapter6")]
fn year_table_view(st: St, f: &'static FieldDef, columns: &'static [FieldDef], totals: &'static str, ptr: String) -> AnyView {
    let loc = move || st.locale.get();
    let id = field_id(&ptr);
    let caption = format!("{id}-caption");
    let totals_ptr = format!("{}/{totals}", ptr.rsplit_once('/').map_or("", |(parent, _)| parent));
    let p = ptr.clone();
    let add_ptr = ptr.clone();
    let add = move |_| {
        let n = next_index(st, &add_ptr);
        // The next year after the last row's, when there is one.
        let next = st.doc.with_untracked(|d| {
            d.pointer(&add_ptr).and_then(Value::as_array).and_then(|rows| rows.last()).and_then(|r| match r.get("year") {
                Some(Value::Int(y)) => Some(Value::Int(y + 1)),
                _ => None,
            })
        });
        let row = Value::Object(next.map(|y| ("year".to_owned(), y)).into_iter().collect());
        st.set(&format!("{add_ptr}/{n}"), row);
        let first = format!("{add_ptr}/{n}/{}", columns[0].key);
        request_animation_frame(move || browser::focus(&field_id(&first)));
    };
    let (hint, msgs) = (hint_view(st, f, &ptr), messages(st, ptr.clone(), false));
    let total_label = crate::layout::l("合计", "Total");
    let tp = totals_ptr.clone();
    view! {
        <div class="items year-table" id=id tabindex="-1">
            <h3 id=caption.clone()>{crate::ui::tr(st.locale, f.label)}</h3>
            {hint}
            {msgs}
            <div class="table-scroll" role="region" aria-labelledby=caption tabindex="0">
                <table class="figures">
                    <thead>
                        <tr>
                            {columns.iter().map(|c| view! { <th scope="col">{crate::ui::tr(st.locale, c.label)}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">{crate::ui::tr(st.locale, crate::layout::l("操作", "Actions"))}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each={ let len = memo(move || list_len(st, &p)); move || 0..len() } key=|i| *i children=move |i| {
                            let row = format!("{ptr}/{i}");
                            let (item_rm, list_rm) = (row.clone(), ptr.clone());
                            let year_ptr = format!("{row}/{}", columns[0].key);
                            // How a cell names its row to a screen reader: the year, or its place.
                            let row_name = memo(move || st.doc.with(|d| match d.pointer(&year_ptr) {
                                Some(Value::Int(y)) if loc() == Locale::Zh => format!("{y}年"),
                                Some(Value::Int(y)) => y.to_string(),
                                _ if loc() == Locale::Zh => format!("第{}行", i + 1),
                                _ => format!("Row {}", i + 1),
                            }));
                            view! {
                                <tr>
                                    {columns.iter().enumerate().map(|(k, c)| {
                                        let label = Signal::derive(move || format!("{} {}", row_name(), t(loc(), c.label)));
                                        figure_cell(st, format!("{row}/{}", c.key), label, c.label, (k > 0).then(|| format!("{tp}/{}", c.key)), false, k == 0)
                                    }).collect_view()}
                                    <td>
                                        <button type="button" class="remove" on:click=move |_| st.remove(&item_rm, &list_rm)
                                            aria-label=move || format!("{} {}", t(loc(), crate::layout::l("删除此行", "Remove the row")), row_name())>
                                            {crate::ui::tr(st.locale, crate::layout::l("删除", "Remove"))}
                                        </button>
                                    </td>
                                </tr>
                            }
                        } />
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{crate::ui::tr(st.locale, total_label)}</th>
                            {columns.iter().skip(1).map(|c| {
                                let label = Signal::derive(move || format!("{} {}", t(loc(), total_label), t(loc(), c.label)));
                                figure_cell(st, format!("{totals_ptr}/{}", c.key), label, c.label, None, true, false)
                            }).collect_view()}
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <button type="button" class="add" on:click=add>"+ "{crate::ui::tr(st.locale, crate::layout::l("添加一年", "Add a year"))}</button>
        </div>
    }
    .into_any()
}

fn directions_view(st: St, f: &'static FieldDef, ptr: String) -> AnyView {
    let loc = move || st.locale.get();
    let id = field_id(&ptr);
    let chosen = {
        let p = ptr.clone();
        move || -> Vec<String> {
            st.doc.with(|d| {
                d.pointer(&p)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <fieldset class="directions" id=id tabindex="-1" aria-describedby=describedby(st, &ptr, f.hint.is_some())>
            <legend>{crate::ui::tr(st.locale, f.label)}</legend>
            {hint_view(st, f, &ptr)}
            <p class="chosen">{
                let chosen = chosen.clone();
                move || {
                    let list = chosen();
                    if list.is_empty() {
                        t(loc(), crate::layout::l("尚未选择", "None chosen yet")).to_owned()
                    } else {
                        list.iter().map(|c| aii_rules::catalog::direction(c).map_or(c.as_str(), |d| d.name(loc()))).collect::<Vec<_>>().join(if loc() == Locale::Zh { "、" } else { "; " })
                    }
                }
            }</p>
            <div class="categories">
                {aii_rules::catalog::CATEGORIES.iter().map(|c| {
                    let ptr = ptr.clone();
                    view! {
                        <div class="category">
                            <h3>{move || if loc() == Locale::Zh { c.name_zh } else { c.name_en }}</h3>
                            {aii_rules::catalog::DIRECTIONS.iter().filter(|d| d.category == c.code).map(|d| {
                                let ptr_c = ptr.clone();
                                let ptr_t = ptr.clone();
                                let box_id = field_id(&format!("{ptr}-{}", d.code));
                                let label_for = box_id.clone();
                                let checked = memo(move || st.doc.with(|doc| doc.pointer(&ptr_c).and_then(Value::as_array).is_some_and(|a| a.iter().any(|v| v.as_str() == Some(d.code)))));
                                view! {
                                    <label class="check" for=label_for>
                                        <input type="checkbox" id=box_id prop:checked=checked on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut list: Vec<Value> = st.doc.with_untracked(|doc| doc.pointer(&ptr_t).and_then(Value::as_array).map(<[Value]>::to_vec).unwrap_or_default());
                                            list.retain(|v| v.as_str() != Some(d.code));
                                            if on { list.push(Value::Str(d.code.into())); }
                                            st.touch(&ptr_t);
                                            st.set(&ptr_t, Value::Array(list));
                                        } />
                                        {move || { let n = d.name(loc()); n.split_once(['·', '—']).map_or(n, |(_, b)| b.trim()) }}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()}
            </div>
            {messages(st, ptr.clone(), true)}
        </fieldset>
    }
    .into_any()
}

/// The document a returned submission was last sent with, as the server answers it.
#[derive(Clone, Debug)]
struct SubmittedDocument {
    kind: String,
    status: String,
    document: Value,
}

/// `/status/{id}/correct#receipt`: a submission the secretariat returned, opened in its form
/// with the document as last sent, to be corrected and resubmitted through the receipt.
#[component]
pub fn CorrectPage(id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let receipt = browser::hash();
    let loaded: RwSignal<Option<Result<Correction, String>>> = RwSignal::new(None);
    let kind = RwSignal::new(None::<FormKind>);
    {
        let (id, receipt) = (id.clone(), receipt.clone());
        spawn_local(async move {
            let doc = browser::fetch("GET", &format!("/api/v1/submissions/{id}/document"), None, &[("X-Receipt", &receipt)]).await;
            let status = browser::fetch("GET", &format!("/api/v1/submissions/{id}"), None, &[("X-Receipt", &receipt)]).await;
            let result = match (doc, status) {
                (Err(e), _) | (_, Err(e)) => Err(e),
                (Ok(d), Ok(s)) if d.status == 200 && s.status == 200 => {
                    let document = wire::from_json(&d.text).and_then(|v| {
                        Some(SubmittedDocument {
                            kind: v.get("kind")?.as_str()?.to_owned(),
                            status: v.get("status")?.as_str()?.to_owned(),
                            document: v.get("document")?.clone(),
                        })
                    });
                    match (document, wire::from_json(&s.text).as_ref().and_then(wire::status)) {
                        (Some(d), Some(s)) if d.status == "returned" => {
                            kind.set(FormKind::parse(&d.kind));
                            let note = s.history.iter().rev().find(|h| h.status == "returned").and_then(|h| h.note.clone());
                            let attachments = s.attachments.clone();
                            Ok(Correction { id: id.clone(), receipt: receipt.clone(), doc: d.document, note, attachments })
                        }
                        (Some(d), Some(_)) => Err(format!("status:{}", d.status)),
                        _ => Err("answer".into()),
                    }
                }
                (Ok(d), Ok(_)) if d.status == 404 || d.status == 401 => Err("not_found".into()),
                (Ok(d), Ok(_)) => Err(format!("HTTP {}", d.status)),
            };
            loaded.set(Some(result));
        });
    }
    let status_href = format!("/status/{id}#{receipt}");
    move || {
        match loaded.get() {
        None => view! { <p class="loading">{crate::ui::tr(locale, crate::layout::l("正在读取已提交的内容…", "Reading what was submitted…"))}</p> }.into_any(),
        Some(Ok(c)) => match kind.get_untracked() {
            // A Chapter 6 form is corrected in the bundle that has it (`main.js` starts that one
            // for a full load of this page).
            Some(FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan) if cfg!(not(feature = "chapter6")) => {
                browser::reload();
                view! { <p class="loading">{crate::ui::tr(locale, crate::layout::l("正在打开…", "Opening…"))}</p> }.into_any()
            }
            Some(k) => view! { <FormPage kind=k locale=locale correcting=c /> }.into_any(),
            None => view! { <p class="banner" role="alert">{crate::ui::tr(locale, crate::layout::l("未知的表单类型。", "Unknown form kind."))}</p> }.into_any(),
        },
        Some(Err(e)) if e == "not_found" => view! {
            <h1>{crate::ui::tr(locale, crate::layout::l("修改申报", "Correct a submission"))}</h1>
            <p class="banner" role="alert">{crate::ui::tr(locale, crate::layout::l("没有与该编号和回执码相符的提交。", "No submission has this id and receipt."))}</p>
        }
        .into_any(),
        Some(Err(e)) if e.starts_with("status:") => {
            let label = crate::status::status_label(&e["status:".len()..]);
            let href = status_href.clone();
            view! {
                <h1>{crate::ui::tr(locale, crate::layout::l("修改申报", "Correct a submission"))}</h1>
                <p class="banner" role="alert" id="not-returned">
                    {crate::ui::tr(locale, crate::layout::l("只有被退回修改的申报才能修改后重新提交。该申报当前为：", "Only a submission returned for correction can be corrected and resubmitted. This one is: "))}
                    <strong>{crate::ui::tr(locale, label)}</strong>
                </p>
                <p><Link href=href>{crate::ui::tr(locale, crate::layout::l("查看审核进度", "Follow the review"))}</Link></p>
            }
            .into_any()
        }
        Some(Err(e)) => view! { <p class="banner" role="alert">{crate::ui::tr(locale, crate::layout::l("读取失败：", "Reading failed: "))}{e.clone()}</p> }.into_any(),
    }
    }
}

#[cfg(all(test, feature = "chapter6"))]
mod tests {
    use super::*;

    fn doc(text: &str) -> Value {
        wire::from_json(text).unwrap()
    }

    #[test]
    fn a_total_does_not_repeat_its_years_error() {
        let report = aii_rules::check(
            FormKind::Evaluation,
            &doc(r#"{"years":[{"year":2027,"planned_tasks":5,"completed_tasks":9}],"totals":{"planned_tasks":5,"completed_tasks":9}}"#),
            &aii_rules::Options { locale: aii_rules::Locale::Zh, today: aii_rules::Date::parse("2030-03-01").unwrap() },
            None,
        );
        let at = |p: &str| {
            report.issues.iter().filter(|i| i.path == p && i.params.text("reason") == Some("tasks_over_planned")).collect::<Vec<_>>()
        };
        let (year, total) = (at("/years/0/completed_tasks"), at("/totals/completed_tasks"));
        assert_eq!((year.len(), total.len()), (1, 1), "the rules report both");
        assert!(!repeats_a_year(year[0], &report.issues));
        assert!(repeats_a_year(total[0], &report.issues), "the app shows it once");
    }

    #[test]
    fn complete_values_are_judged_as_typed() {
        assert!(judged_as_typed("/unit/uscc", &Value::Str("12310104729436482D".into())));
        assert!(!judged_as_typed("/unit/uscc", &Value::Str("1231010472943648".into())), "still typing");
        assert!(judged_as_typed("/appointee/id_number", &Value::Str("110105197212010038".into())));
        assert!(judged_as_typed("/term_start", &Value::Str("2027-09-01".into())));
        assert!(judged_as_typed("/declaration", &Value::Bool(true)));
        assert!(!judged_as_typed("/facilities/simultaneous_trainees", &Value::Int(1)), "1 on the way to 120");
        assert!(!judged_as_typed("/unit/name", &Value::Str("示例工业职业技术大学".into())));
    }

    #[test]
    fn numbers_are_read_as_people_write_them() {
        for (typed, want) in [
            ("3,000,000", Value::Int(3_000_000)),
            ("3 000 000", Value::Int(3_000_000)),
            ("３０００", Value::Int(3000)),
            ("1，200", Value::Int(1200)),
            (" 42 ", Value::Int(42)),
            ("－5", Value::Int(-5)),
            ("", Value::Null),
            ("  ", Value::Null),
            ("十二", Value::Str("十二".into())),
            ("1.5", Value::Str("1.5".into())),
        ] {
            assert_eq!(int_value(typed.into()), want, "{typed}");
        }
    }

    #[test]
    fn the_period_fills_its_three_rows_until_a_figure_is_typed() {
        let rows = period_rows(&doc(r#"{"period":{"from_year":2027}}"#)).unwrap();
        assert_eq!(wire::to_json(&rows), r#"[{"year":2027},{"year":2028},{"year":2029}]"#);
        // Rows of an earlier first year, still without figures, follow the new one.
        let d = doc(r#"{"period":{"from_year":2028},"years":[{"year":2027},{"year":2028,"planned_tasks":null},{"year":2029}]}"#);
        assert_eq!(wire::to_json(&period_rows(&d).unwrap()), r#"[{"year":2028},{"year":2029},{"year":2030}]"#);
        // Nothing to change, half-typed years, typed figures, or a wrong type: left alone.
        assert_eq!(period_rows(&doc(r#"{"period":{"from_year":2027},"years":[{"year":2027},{"year":2028},{"year":2029}]}"#)), None);
        assert_eq!(period_rows(&doc(r#"{"period":{"from_year":202}}"#)), None);
        assert_eq!(period_rows(&doc(r#"{"period":{"from_year":"2027"}}"#)), None);
        assert_eq!(period_rows(&doc(r#"{"period":{"from_year":2028},"years":[{"year":2027,"planned_tasks":3}]}"#)), None);
        assert_eq!(period_rows(&doc(r#"{"period":{"from_year":2028},"years":"x"}"#)), None);
    }

    #[test]
    fn totals_are_the_sums_of_the_rows_typed_so_far() {
        let d = doc(r#"{"years":[{"year":2027,"planned_tasks":10,"completed_tasks":9,"trainees_passed":"x"},
                          {"year":2028,"planned_tasks":12,"trainees_enrolled":500}]}"#);
        assert_eq!(
            wire::to_json(&totals_of(&d)),
            r#"{"planned_tasks":22,"completed_tasks":9,"planned_courses":null,"completed_courses":null,"trainees_enrolled":500,"trainees_assessed":null,"trainees_passed":null}"#
        );
    }

    /// The spec's valid evaluation keeps its totals when the app recomputes them, and a typed
    /// change in a row shows in the totals and passes `art24.figures_consistent`.
    #[test]
    fn the_example_evaluation_is_consistent_with_computed_totals() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/examples/evaluation.valid.json")).unwrap();
        let mut d = doc(&text);
        let given = d.pointer(TOTALS).cloned();
        assert_eq!(Some(totals_of(&d)), given);
        d.set_pointer("/years/0/trainees_passed", Value::Int(0));
        let totals = totals_of(&d);
        d.set_pointer(TOTALS, totals);
        let opts = Options { locale: Locale::Zh, today: Date::parse("2030-03-01").unwrap() };
        let report = check(FormKind::Evaluation, &d, &opts, None);
        assert!(report.issues.iter().all(|i| i.rule != "art24.figures_consistent"), "{:?}", report.issues);
    }
}
