//! `/registry`: the public list of the alliance's training bases (Art. 12 name, responsible
//! unit, directions from the catalogue, status in words), read from `GET /api/v1/registry`
//! through `wire` (no serde in the applicant's bundle).

use aii_rules::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{L, l};
use crate::ui::t;
use crate::wire;
use aii_api::registry::{BaseStatus, PublicBase};

/// A base's status in the registry, in both languages.
pub fn base_status_label(status: BaseStatus) -> L {
    match status {
        BaseStatus::Certified => l("有效（已授牌）", "Certified"),
        BaseStatus::Revoked => l("已撤销资格", "Revoked"),
    }
}

/// Catalogue codes as their names in the current language.
pub fn direction_names(codes: &[String], loc: Locale) -> String {
    let sep = if loc == Locale::Zh { "、" } else { "; " };
    codes.iter().map(|c| aii_rules::catalog::direction(c).map_or(c.as_str(), |d| d.name(loc))).collect::<Vec<_>>().join(sep)
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

/// The list as HTML (every text escaped). Written as one string rather than with `view!`: a
/// read-only table needs no reactivity per cell, and this keeps the applicant's bundle small.
pub fn registry_html(result: &Option<Result<Vec<PublicBase>, String>>, loc: Locale) -> String {
    let mut h = String::with_capacity(2048);
    let tx = |h: &mut String, text: L| esc(h, t(loc, text));
    match result {
        None => {
            h.push_str("<p class=\"loading\">");
            tx(&mut h, l("正在加载…", "Loading…"));
            h.push_str("</p>");
        }
        Some(Err(e)) => {
            h.push_str("<p class=\"banner\" role=\"alert\">");
            tx(&mut h, l("名录读取失败：", "The registry could not be read: "));
            esc(&mut h, e);
            h.push_str("</p>");
        }
        Some(Ok(bases)) if bases.is_empty() => {
            h.push_str("<p id=\"registry-empty\">");
            tx(&mut h, l("名录中尚无实训基地。", "No base is registered yet."));
            h.push_str("</p>");
        }
        Some(Ok(bases)) => {
            h.push_str("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"registry-title\" tabindex=\"0\"><table class=\"admin-list registry\" id=\"registry-list\"><thead><tr>");
            for head in [
                l("基地名称", "Base"),
                l("基地编号", "Id"),
                l("责任单位", "Responsible unit"),
                l("实训方向", "Directions"),
                l("状态", "Status"),
                l("授牌日期", "Certified on"),
                l("证牌编号", "Certificate"),
                l("评估结果", "Evaluation results"),
            ] {
                h.push_str("<th scope=\"col\">");
                tx(&mut h, head);
                h.push_str("</th>");
            }
            h.push_str("</tr></thead><tbody>");
            for b in bases {
                h.push_str("<tr data-id=\"");
                esc(&mut h, &b.id);
                h.push_str(if b.status == BaseStatus::Revoked {
                    "\" class=\"revoked\"><th scope=\"row\">"
                } else {
                    "\"><th scope=\"row\">"
                });
                esc(&mut h, &b.full_name);
                h.push_str("</th><td class=\"mono\">");
                esc(&mut h, &b.id);
                h.push_str("</td><td>");
                esc(&mut h, &b.responsible_name);
                h.push_str("</td><td>");
                esc(&mut h, &direction_names(&b.directions, loc));
                h.push_str("</td><td class=\"status-cell\">");
                tx(&mut h, base_status_label(b.status));
                h.push_str("</td><td><time>");
                esc(&mut h, b.certified_on.as_deref().unwrap_or(""));
                h.push_str("</time></td><td class=\"mono\">");
                if let Some(n) = &b.certificate {
                    h.push_str("<a href=\"/verify/");
                    esc(&mut h, n);
                    h.push_str("\">");
                    esc(&mut h, n);
                    h.push_str("</a>");
                }
                h.push_str("</td><td class=\"results-cell\">");
                for r in &b.results {
                    h.push_str("<p>");
                    esc(&mut h, &crate::results::result_line(r, loc));
                    h.push_str("</p>");
                }
                h.push_str("</td></tr>");
            }
            h.push_str("</tbody></table></div>");
        }
    }
    h
}

#[component]
pub fn RegistryPage(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("联盟实训基地名录", "Registry of the alliance's training bases");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let result: RwSignal<Option<Result<Vec<PublicBase>, String>>> = RwSignal::new(None);
    spawn_local(async move {
        let answer = browser::fetch("GET", "/api/v1/registry", None, &[]).await;
        result.try_set(Some(match answer {
            Ok(a) if a.status == 200 => wire::from_json(&a.text).as_ref().and_then(wire::registry).ok_or_else(|| "answer".to_owned()),
            Ok(a) => Err(format!("HTTP {}", a.status)),
            Err(e) => Err(e),
        }));
    });
    view! {
        <h1 id="registry-title">{crate::ui::tr(locale, title)}</h1>
        <p class="intro">{crate::ui::tr(locale, l(
            "经联盟常务理事会审议通过并授牌的实训基地（第十二条）。评估不合格的，撤销联盟实训基地资格（第二十五条）。",
            "Bases the alliance's council approved and certified (Art. 12). A base found unqualified at its evaluation loses its status (Art. 25).",
        ))}</p>
        <div id="registry" inner_html=move || result.with(|r| registry_html(r, loc()))></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_html_escapes_every_text() {
        let bases = vec![PublicBase {
            id: "b\"1".into(),
            full_name: "<script>x</script>".into(),
            responsible_name: "A & B".into(),
            directions: vec!["network.implementation".into()],
            status: BaseStatus::Revoked,
            certified_on: Some("2027-03-01".into()),
            certificate: None,
            results: Vec::new(),
        }];
        let h = registry_html(&Some(Ok(bases)), Locale::Zh);
        assert!(h.contains("&lt;script&gt;x&lt;/script&gt;") && !h.contains("<script>"), "{h}");
        assert!(h.contains("A &amp; B") && h.contains("data-id=\"b&quot;1\" class=\"revoked\""), "{h}");
        assert!(h.contains("已撤销资格") && h.contains("2027-03-01"), "{h}");
    }
}
