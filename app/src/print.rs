//! The printable 申请书 of every form: the form's official name, its sections in the form's
//! order, every answer as text (lists of records and the evaluation's year table as tables),
//! and at the end the boxes for 负责人签字 and 单位盖章 with the date (年 月 日), for the unit
//! to print, sign, seal, scan and attach. A4 portrait (`style/print.css`).
//!
//! Two pages show it: `/apply/{kind}/print` (the answers of the form being filled, from the
//! draft the form page keeps in local storage; `?correction={id}#receipt` for a returned
//! submission being corrected) and `/status/{id}/print#receipt` (the stored document, by its receipt).
//!
//! The document is built from the forms' declaration (`layout::form`: sections, labels, inputs)
//! for any form, never by hand per form, as one escaped HTML string: a read-only document
//! needs no reactivity per cell.

use aii_rules::{FormKind, Locale, Value};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{FieldDef, FormDef, Input, L, NOTES, form, l};
use crate::ui::t;
use crate::wire;

/// What is printed above the sections: the submission (stored) or that it is a draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// The submission's id, when the document is the stored one.
    pub id: Option<String>,
    /// When it was (first) submitted, Beijing time.
    pub submitted_at: Option<String>,
    /// The SHA-256 of the stored document.
    pub content_hash: Option<String>,
}

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

/// Chinese section numbers: 一、二、… (the official manner); Arabic numbers in English.
fn section_number(i: usize, loc: Locale) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match loc {
        Locale::Zh if i < ZH.len() => format!("{}、", ZH[i]),
        Locale::Zh => format!("{}、", i + 1),
        Locale::En => format!("{}. ", i + 1),
    }
}

/// A scalar answer as text (`None` for absent, `null` or blank).
fn scalar(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Str(s) if s.trim().is_empty() => None,
        Value::Str(s) => Some(s.clone()),
        Value::Int(n) => Some(n.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn direction_name(code: &str, loc: Locale) -> String {
    aii_rules::catalog::direction(code).map_or_else(|| code.to_owned(), |d| d.name(loc).to_owned())
}

/// A leaf answer as the document shows it: a choice by its label, a direction by its name, yes
/// or no in words, a list of texts one per line. Empty when unanswered.
fn leaf_text(f: &FieldDef, v: Option<&Value>, loc: Locale) -> String {
    let yes_no = |b: bool| t(loc, if b { l("是", "Yes") } else { l("否", "No") }).to_owned();
    match (&f.input, v) {
        (Input::YesNo, Some(Value::Bool(b))) => yes_no(*b),
        (Input::Confirm, Some(Value::Bool(true))) => t(loc, l("☑ 已确认", "☑ Confirmed")).to_owned(),
        (Input::Confirm, Some(Value::Bool(false))) => t(loc, l("☐ 未确认", "☐ Not confirmed")).to_owned(),
        (Input::Choice(options), Some(Value::Str(code))) => {
            options.iter().find(|(c, _)| *c == code.as_str()).map_or_else(|| code.clone(), |(_, label)| t(loc, *label).to_owned())
        }
        (Input::Direction, Some(Value::Str(code))) => direction_name(code, loc),
        (Input::Directions | Input::Texts, Some(Value::Array(items))) => {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|i| scalar(Some(i)))
                .map(|s| if matches!(f.input, Input::Directions) { direction_name(&s, loc) } else { s })
                .collect();
            if matches!(f.input, Input::Directions) { texts.join(if loc == Locale::Zh { "、" } else { "; " }) } else { texts.join("\n") }
        }
        (Input::Group(inner), Some(obj @ Value::Object(_))) => {
            // A record inside a table's cell: "label：value；…".
            let sep = t(loc, l("：", ": "));
            inner
                .iter()
                .filter_map(|g| {
                    let text = leaf_text(g, obj.get(g.key), loc);
                    (!text.is_empty()).then(|| format!("{}{sep}{text}", t(loc, g.label)))
                })
                .collect::<Vec<_>>()
                .join(t(loc, l("；", "; ")))
        }
        (_, v) => scalar(v).unwrap_or_default(),
    }
}

fn row(h: &mut String, label: &str, value: &str) {
    h.push_str("<tr><th scope=\"row\">");
    esc(h, label);
    h.push_str("</th><td>");
    esc(h, value);
    h.push_str("</td></tr>");
}

/// A table of records: one column per field, one row per record (at least one blank row, to
/// be filled by hand), and the totals under it for a year table.
fn records_table(h: &mut String, caption: &str, columns: &[FieldDef], rows: &[Value], totals: Option<&Value>, loc: Locale) {
    h.push_str("<table class=\"doc-records\"><caption>");
    esc(h, caption);
    h.push_str("</caption><thead><tr><th scope=\"col\">");
    esc(h, t(loc, l("序号", "No.")));
    h.push_str("</th>");
    for c in columns {
        h.push_str("<th scope=\"col\">");
        esc(h, t(loc, c.label));
        h.push_str("</th>");
    }
    h.push_str("</tr></thead><tbody>");
    let blank = [Value::Null];
    let rows = if rows.is_empty() { &blank[..] } else { rows };
    for (i, r) in rows.iter().enumerate() {
        h.push_str("<tr><td class=\"num\">");
        esc(h, &(i + 1).to_string());
        h.push_str("</td>");
        for c in columns {
            h.push_str("<td>");
            esc(h, &leaf_text(c, r.get(c.key), loc));
            h.push_str("</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody>");
    if let Some(totals) = totals {
        h.push_str("<tfoot><tr><th scope=\"row\" colspan=\"2\">");
        esc(h, t(loc, l("合计", "Total")));
        h.push_str("</th>");
        for c in columns.iter().skip(1) {
            h.push_str("<td>");
            esc(h, &leaf_text(c, totals.get(c.key), loc));
            h.push_str("</td>");
        }
        h.push_str("</tr></tfoot>");
    }
    h.push_str("</table>");
}

/// The rows of `fields` (of the object `obj`) into `h`: a table of label and answer, closed
/// and reopened around a nested group or table.
fn fields_html(h: &mut String, fields: &[FieldDef], obj: Option<&Value>, loc: Locale) {
    let mut open = false;
    let open_rows = |h: &mut String, open: &mut bool| {
        if !*open {
            h.push_str("<table class=\"doc-fields\"><tbody>");
            *open = true;
        }
    };
    let close_rows = |h: &mut String, open: &mut bool| {
        if *open {
            h.push_str("</tbody></table>");
            *open = false;
        }
    };
    for f in fields {
        let v = obj.and_then(|o| o.get(f.key));
        let label = t(loc, f.label);
        match &f.input {
            Input::Group(inner) => {
                close_rows(h, &mut open);
                h.push_str("<h3>");
                esc(h, label);
                h.push_str("</h3>");
                fields_html(h, inner, v, loc);
            }
            Input::Items(inner, _) => {
                close_rows(h, &mut open);
                let rows = v.and_then(Value::as_array).unwrap_or(&[]);
                records_table(h, label, inner, rows, None, loc);
            }
            Input::YearTable { columns, totals } => {
                close_rows(h, &mut open);
                let rows = v.and_then(Value::as_array).unwrap_or(&[]);
                records_table(h, label, columns, rows, Some(obj.and_then(|o| o.get(totals)).unwrap_or(&Value::Null)), loc);
            }
            // A note asked for at its own place prints only when written.
            Input::Note if scalar(v).is_none() => {}
            _ => {
                open_rows(h, &mut open);
                row(h, label, &leaf_text(f, v, loc));
            }
        }
    }
    close_rows(h, &mut open);
}

/// The justification notes a warning asked for (not fields of the layout), with the field
/// they justify when it is one (`/unit/kind_note` → 责任单位 · 单位类型).
fn notes_html(h: &mut String, def: &FormDef, doc: &Value, loc: Locale) -> bool {
    let written: Vec<(String, String)> = NOTES
        .iter()
        .filter_map(|p| {
            let text = scalar(doc.pointer(p))?;
            let field = p.strip_suffix("_note").and_then(|f| crate::layout::field_label(def, f, loc));
            let label = match field {
                Some(f) => format!("{}{}{f}", t(loc, l("说明理由", "Justification")), t(loc, l("：", ": "))),
                None => t(loc, l("说明理由（特殊情况）", "Justification (exceptional case)")).to_owned(),
            };
            Some((label, text))
        })
        .collect();
    if written.is_empty() {
        return false;
    }
    h.push_str("<table class=\"doc-fields\"><tbody>");
    for (label, text) in &written {
        row(h, label, text);
    }
    h.push_str("</tbody></table>");
    true
}

/// The 申请书 as HTML, every text escaped.
pub fn document_html(kind: FormKind, doc: &Value, meta: &Meta, loc: Locale) -> String {
    let def = form(kind);
    let mut h = String::with_capacity(8192);
    h.push_str("<header class=\"doc-head\"><p class=\"doc-issuer\">");
    esc(&mut h, t(loc, l("工业互联网产业联盟", "Alliance of Industrial Internet")));
    h.push_str("</p><h1 class=\"doc-title\" id=\"doc-title\">");
    esc(&mut h, t(loc, def.title));
    h.push_str("</h1>");
    h.push_str("<p class=\"doc-meta\" id=\"doc-meta\">");
    match &meta.id {
        Some(id) => {
            esc(&mut h, t(loc, l("申报编号：", "Submission: ")));
            h.push_str("<span class=\"mono\">");
            esc(&mut h, id);
            h.push_str("</span>");
            if let Some(at) = &meta.submitted_at {
                esc(&mut h, t(loc, l("　提交时间：", " · submitted ")));
                esc(&mut h, at);
            }
            if let Some(hash) = &meta.content_hash {
                h.push_str("<br>");
                esc(&mut h, t(loc, l("内容摘要（SHA-256）：", "Content hash (SHA-256): ")));
                h.push_str("<span class=\"mono\">");
                esc(&mut h, hash);
                h.push_str("</span>");
            }
        }
        None => esc(
            &mut h,
            t(
                loc,
                l(
                    "本文本按表单当前填写内容生成，以在线提交的内容为准。",
                    "Made from the form as filled in now; what is submitted online prevails.",
                ),
            ),
        ),
    }
    h.push_str("</p></header>");
    let mut n = 0;
    for s in def.sections {
        h.push_str("<section class=\"doc-section\"><h2>");
        esc(&mut h, &section_number(n, loc));
        esc(&mut h, t(loc, s.title));
        h.push_str("</h2>");
        n += 1;
        // A section made of one group shows the group's fields directly (as the form does).
        match s.fields {
            [FieldDef { key, input: Input::Group(inner), .. }] => fields_html(&mut h, inner, doc.get(key), loc),
            fields => fields_html(&mut h, fields, Some(doc), loc),
        }
        h.push_str("</section>");
    }
    let mut notes = String::new();
    if notes_html(&mut notes, def, doc, loc) {
        h.push_str("<section class=\"doc-section\"><h2>");
        esc(&mut h, &section_number(n, loc));
        esc(&mut h, t(loc, l("补充说明", "Justifications")));
        h.push_str("</h2>");
        h.push_str(&notes);
        h.push_str("</section>");
    }
    sign_html(&mut h, loc);
    h
}

/// The boxes for the signature of the person in charge and the unit's seal, each with its date.
fn sign_html(h: &mut String, loc: Locale) {
    let date = t(loc, l("年　　月　　日", "Date:        /      /"));
    h.push_str("<section class=\"doc-sign\" id=\"doc-sign\">");
    for (class, label, note) in [
        ("sign-box", l("负责人签字", "Signature of the person in charge (负责人签字)"), l("（签字）", "(signature)")),
        ("sign-box seal", l("单位盖章", "Seal of the unit (单位盖章)"), l("（盖章）", "(seal)")),
    ] {
        h.push_str("<div class=\"");
        h.push_str(class);
        h.push_str("\"><p class=\"sign-label\">");
        esc(h, t(loc, label));
        h.push_str("</p><p class=\"sign-space\">");
        esc(h, t(loc, note));
        h.push_str("</p><p class=\"sign-date\">");
        esc(h, date);
        h.push_str("</p></div>");
    }
    h.push_str("</section>");
}

/// The draft key of a form (a new one, or `correction` of a returned submission): as the
/// form page keeps it.
fn draft_of(kind: FormKind, correction: Option<&str>) -> Option<Value> {
    let key = match correction {
        Some(id) => format!("aii.draft.correction.{id}"),
        None => format!("aii.draft.{}", kind.name()),
    };
    let text = browser::local_get(&key)?;
    wire::from_json(&text)?.get("doc").cloned()
}

/// The bar above the document (not printed): print, and back.
fn toolbar(locale: RwSignal<Locale>, back: String) -> impl IntoView {
    let tr = move |text: L| move || t(locale.get(), text);
    view! {
        <p class="no-print actions doc-actions">
            <button type="button" class="primary" id="print-doc" on:click=move |_| browser::print()>{tr(l("打印申请书", "Print"))}</button>
            " "<a href=back id="doc-back">{tr(l("返回", "Back"))}</a>
        </p>
        <p class="no-print hint">{tr(l(
            "打印后由负责人签字、加盖单位公章，扫描后作为附件提交。",
            "Print it, have the person in charge sign it and the unit seal it, then scan it and attach it.",
        ))}</p>
    }
}

/// `/apply/{kind}/print`: the answers of the form being filled.
#[component]
pub fn PrintDraftPage(kind: FormKind, locale: RwSignal<Locale>) -> impl IntoView {
    let correction = browser::query_param("correction").filter(|c| !c.is_empty());
    let doc = draft_of(kind, correction.as_deref()).unwrap_or(Value::Object(Vec::new()));
    let title = form(kind).title;
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(locale.get(), title), t(locale.get(), crate::ui::SITE))));
    // A correction's page needs its receipt, which came along in the fragment.
    let back = match &correction {
        Some(id) => format!("/status/{id}/correct#{}", browser::hash()),
        None => format!("/apply/{}", kind.slug()),
    };
    let doc = StoredValue::new(doc);
    view! {
        {toolbar(locale, back)}
        <article class="application-doc" id="application-doc" data-kind=kind.name()
            inner_html=move || doc.with_value(|d| document_html(kind, d, &Meta::default(), locale.get()))></article>
    }
}

/// A stored document: its form, the document and what is printed above it.
type Stored = (FormKind, Value, Meta);

/// `/status/{id}/print#receipt`: the stored document of a submission.
#[component]
pub fn PrintStoredPage(id: String, locale: RwSignal<Locale>) -> impl IntoView {
    let receipt = browser::hash();
    let loaded: RwSignal<Option<Result<Stored, String>>> = RwSignal::new(None);
    let back = format!("/status/{id}#{receipt}");
    spawn_local(async move {
        let headers = [("X-Receipt", receipt.as_str())];
        let d = browser::fetch("GET", &format!("/api/v1/submissions/{id}/document"), None, &headers).await;
        let s = browser::fetch("GET", &format!("/api/v1/submissions/{id}"), None, &headers).await;
        let result = match (d, s) {
            (Err(e), _) | (_, Err(e)) => Err(e),
            (Ok(d), Ok(s)) if d.status == 200 && s.status == 200 => {
                let doc = wire::from_json(&d.text);
                let kind = doc.as_ref().and_then(|v| FormKind::parse(v.get("kind")?.as_str()?));
                let status = wire::from_json(&s.text).as_ref().and_then(wire::status);
                match (kind, doc.and_then(|v| v.get("document").cloned()), status) {
                    (Some(k), Some(document), Some(st)) => Ok((
                        k,
                        document,
                        Meta {
                            id: Some(id.clone()),
                            submitted_at: Some(crate::ui::beijing(&st.submitted_at)),
                            content_hash: Some(st.content_hash),
                        },
                    )),
                    _ => Err("answer".to_owned()),
                }
            }
            (Ok(d), Ok(_)) if d.status == 404 || d.status == 401 => Err("not_found".into()),
            (Ok(d), Ok(_)) => Err(format!("HTTP {}", d.status)),
        };
        loaded.try_set(Some(result));
    });
    Effect::new(move |_| {
        let title = loaded.with(|r| match r {
            Some(Ok((k, _, _))) => form(*k).title,
            _ => l("申请书", "Application form"),
        });
        browser::set_title(&format!("{} – {}", t(locale.get(), title), t(locale.get(), crate::ui::SITE)));
    });
    view! {
        {toolbar(locale, back)}
        {move || loaded.with(|r| match r {
            None => view! { <p class="loading">{t(locale.get(), l("正在读取已提交的内容…", "Reading what was submitted…"))}</p> }.into_any(),
            Some(Err(e)) if e == "not_found" => view! {
                <p class="banner" role="alert">{t(locale.get(), l("没有与该编号和回执码相符的提交。", "No submission has this id and receipt."))}</p>
            }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{t(locale.get(), l("读取失败：", "Reading failed: "))}{e.clone()}</p> }.into_any(),
            Some(Ok((k, d, m))) => {
                let html = document_html(*k, d, m, locale.get());
                view! { <article class="application-doc" id="application-doc" data-kind=k.name() inner_html=html></article> }.into_any()
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(kind: FormKind) -> Value {
        let path = format!("{}/../shared/spec/examples/{}.valid.json", env!("CARGO_MANIFEST_DIR"), kind.name());
        wire::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        esc(&mut out, text);
        out
    }

    /// Every text and number of every form's example is in its document, in both languages,
    /// with the title, the sections in order and the signature and seal boxes.
    #[test]
    fn every_answer_of_every_form_is_printed() {
        fn leaves(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Str(s) if !s.trim().is_empty() => out.push(s.clone()),
                Value::Int(n) => out.push(n.to_string()),
                Value::Array(items) => items.iter().for_each(|i| leaves(i, out)),
                Value::Object(members) => members.iter().for_each(|(_, m)| leaves(m, out)),
                _ => {}
            }
        }
        for kind in FormKind::ALL {
            let doc = example(kind);
            for loc in [Locale::Zh, Locale::En] {
                let h = document_html(kind, &doc, &Meta::default(), loc);
                assert!(h.contains(&escaped(t(loc, form(kind).title))), "{kind:?}");
                let mut at = 0;
                for s in form(kind).sections {
                    let found = h[at..].find(&escaped(t(loc, s.title))).unwrap_or_else(|| panic!("{kind:?}: section {}", s.id));
                    at += found;
                }
                let mut values = Vec::new();
                leaves(&doc, &mut values);
                for v in values {
                    // Codes print as their labels (a choice, a direction).
                    let shown = aii_rules::catalog::direction(&v).map_or_else(|| v.clone(), |d| d.name(loc).to_owned());
                    // A choice's code prints as its label (`choices_and_tables_read_as_people_read_them`).
                    if v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                        continue;
                    }
                    assert!(h.contains(&escaped(&shown)), "{kind:?} {loc:?}: {v} is not printed");
                }
                assert!(h.contains(if loc == Locale::Zh { "单位盖章" } else { "Seal of the unit" }), "{kind:?}");
                assert!(h.contains(if loc == Locale::Zh { "负责人签字" } else { "Signature" }), "{kind:?}");
            }
        }
        let h = document_html(FormKind::Application, &example(FormKind::Application), &Meta::default(), Locale::Zh);
        assert!(h.contains("年　　月　　日") && h.contains("一、责任单位") && h.contains("实训基地申请书"), "{h}");
    }

    #[test]
    fn choices_and_tables_read_as_people_read_them() {
        let doc = example(FormKind::Application);
        let h = document_html(FormKind::Application, &doc, &Meta::default(), Locale::Zh);
        // The unit's kind by its label, the instructors as a table with a row each.
        let kind = doc.pointer("/unit/kind").and_then(Value::as_str).unwrap();
        let label = crate::layout::UNIT_KINDS.iter().find(|(c, _)| *c == kind).unwrap().1.zh;
        assert!(h.contains(label));
        let instructors = doc.pointer("/instructors").and_then(Value::as_array).unwrap().len();
        let table = &h[h.find("<caption>实训指导人员</caption>").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        assert_eq!(table.matches("<tr><td class=\"num\">").count(), instructors);
        // The evaluation's years and their totals.
        let h = document_html(FormKind::Evaluation, &example(FormKind::Evaluation), &Meta::default(), Locale::Zh);
        assert!(h.contains("<tfoot><tr><th scope=\"row\" colspan=\"2\">合计</th>"), "{h}");
    }

    #[test]
    fn an_empty_form_prints_blank_rows_to_fill_by_hand() {
        let h = document_html(FormKind::DirectorAppointment, &Value::Object(Vec::new()), &Meta::default(), Locale::Zh);
        assert!(h.contains("<caption>推荐单位</caption>") && h.contains("<tr><td class=\"num\">1</td>"), "{h}");
        assert!(h.contains("单位盖章"));
    }

    #[test]
    fn every_text_is_escaped_and_the_stored_one_says_which_it_is() {
        let doc = wire::from_json(r#"{"reason":"<script>alert(1)</script> & \"x\"","base_id":"b'1"}"#).unwrap();
        let meta = Meta { id: Some("0123<".into()), submitted_at: Some("2027-03-01 08:00".into()), content_hash: Some("ab".into()) };
        let h = document_html(FormKind::DirectionChange, &doc, &meta, Locale::Zh);
        assert!(!h.contains("<script>") && h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), "{h}");
        assert!(h.contains("b&#39;1") && h.contains("0123&lt;") && h.contains("2027-03-01 08:00"), "{h}");
    }

    #[test]
    fn sections_are_numbered_the_chinese_way() {
        assert_eq!(section_number(0, Locale::Zh), "一、");
        assert_eq!(section_number(9, Locale::Zh), "十、");
        assert_eq!(section_number(10, Locale::Zh), "11、");
        assert_eq!(section_number(1, Locale::En), "2. ");
    }
}
