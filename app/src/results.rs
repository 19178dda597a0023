//! `/results`: every published evaluation result (Art. 25: 确定实训基地评估结果并向社会公布),
//! qualified or not, and every direct revocation, with its period, date and Art. 24 grounds;
//! read from `GET /api/v1/results` through `wire`.

use aii_api::registry::PublishedResult;
use aii_rules::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::layout::{L, l};
use crate::ui::t;
use crate::wire;

/// A result in words.
pub fn result_label(result: &str) -> L {
    match result {
        "qualified" => l("评估合格", "Qualified"),
        "unqualified" => l("评估不合格，撤销资格", "Unqualified: status revoked"),
        _ => l("撤销资格", "Status revoked"),
    }
}

/// Art. 24's grounds: `第二十四条第（一）、（三）项` / `Art. 24 (1), (3)`.
pub fn grounds_text(grounds: &[i64], loc: Locale) -> String {
    if grounds.is_empty() {
        return String::new();
    }
    const ZH: [&str; 4] = ["一", "二", "三", "四"];
    if loc == Locale::Zh {
        let items: Vec<String> = grounds
            .iter()
            .map(|g| format!("（{}）", usize::try_from(*g - 1).ok().and_then(|i| ZH.get(i)).copied().unwrap_or("?")))
            .collect();
        format!("第二十四条第{}项", items.join("、"))
    } else {
        format!("Art. 24 {}", grounds.iter().map(|g| format!("({g})")).collect::<Vec<_>>().join(", "))
    }
}

fn period(r: &PublishedResult) -> String {
    match (r.from_year, r.to_year) {
        (Some(f), Some(to)) => format!("{f}–{to}"),
        (Some(f), None) => format!("{f}–"),
        _ => "—".to_owned(),
    }
}

/// One result on one line (the registry's cell).
pub fn result_line(r: &PublishedResult, loc: Locale) -> String {
    let grounds = grounds_text(&r.grounds, loc);
    let mut s = format!("{} {} {}", period(r), t(loc, result_label(&r.result)), r.decided_on);
    if !grounds.is_empty() {
        s.push_str(if loc == Locale::Zh { "（" } else { " (" });
        s.push_str(&grounds);
        s.push_str(if loc == Locale::Zh { "）" } else { ")" });
    }
    s
}

#[component]
pub fn ResultsPage(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("实训基地评估结果公布", "Published evaluation results");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let result: RwSignal<Option<Result<Vec<PublishedResult>, String>>> = RwSignal::new(None);
    spawn_local(async move {
        let answer = browser::fetch("GET", "/api/v1/results", None, &[]).await;
        result.try_set(Some(match answer {
            Ok(a) if a.status == 200 => {
                wire::from_json(&a.text).as_ref().and_then(|v| v.get("results")).and_then(wire::results).ok_or_else(|| "answer".to_owned())
            }
            Ok(a) => Err(format!("HTTP {}", a.status)),
            Err(e) => Err(e),
        }));
    });
    view! {
        <h1 id="results-title">{crate::ui::tr(locale, title)}</h1>
        <p class="intro">{crate::ui::tr(locale, l(
            "联盟根据评估意见，结合年度考核情况，确定实训基地评估结果并向社会公布；评估不合格的实训基地撤销其联盟实训基地资格（第二十四、二十五条）。",
            "The alliance decides each base's evaluation result from the experts' opinion and the annual assessments and publishes it; an unqualified base loses its status (Arts. 24, 25).",
        ))}</p>
        {move || match result.get() {
            None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{t(loc(), l("结果读取失败：", "The results could not be read: "))}{e}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p id="results-empty">{t(loc(), l("尚无公布的评估结果。", "No result has been published yet."))}</p> }.into_any(),
            Some(Ok(list)) => {
                let lc = loc();
                view! {
                    <div class="table-scroll" role="region" aria-labelledby="results-title" tabindex="0">
                        <table class="admin-list" id="results-list">
                            <thead><tr>
                                <th scope="col">{t(lc, l("基地名称", "Base"))}</th>
                                <th scope="col">{t(lc, l("评估周期", "Period"))}</th>
                                <th scope="col">{t(lc, l("结果", "Result"))}</th>
                                <th scope="col">{t(lc, l("日期", "Date"))}</th>
                                <th scope="col">{t(lc, l("不合格情形", "Grounds"))}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr data-base=r.base_id.clone() data-result=r.result.clone()>
                                        <th scope="row">{r.base_name.clone()}</th>
                                        <td>{period(&r)}</td>
                                        <td class="result">{t(lc, result_label(&r.result))}</td>
                                        <td><time>{r.decided_on.clone()}</time></td>
                                        <td class="grounds">{grounds_text(&r.grounds, lc)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grounds_read_as_the_article_numbers_them() {
        assert_eq!(grounds_text(&[1, 3], Locale::Zh), "第二十四条第（一）、（三）项");
        assert_eq!(grounds_text(&[2, 4], Locale::En), "Art. 24 (2), (4)");
        assert_eq!(grounds_text(&[], Locale::En), "");
    }
}
