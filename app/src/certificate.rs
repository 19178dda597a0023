//! `/certificate/{number}`: the certificate (证牌, Art. 12: 正式通过为联盟实训基地，并颁发证牌) as a
//! printable A4 landscape page — the Art. 12 name, the responsible unit, the directions, the
//! date, the number, and a QR code of its public `/verify/{number}` page (drawn by the server).

use aii_rules::Locale;
use leptos::prelude::*;

use crate::browser;
use crate::layout::l;
use crate::registry::direction_names;
use crate::ui::t;
use crate::verify::{Plaque, load};

/// `2027-03-01` as `2027年3月1日`.
pub fn chinese_date(date: &str) -> String {
    match aii_rules::Date::parse(date) {
        Some(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        None => date.to_owned(),
    }
}

#[component]
pub fn CertificatePage(number: String, locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    let title = l("联盟实训基地证牌", "Training base certificate");
    Effect::new(move |_| browser::set_title(&format!("{} – {}", t(loc(), title), t(loc(), crate::ui::SITE))));
    let result: RwSignal<Option<Result<Option<Plaque>, String>>> = RwSignal::new(None);
    load(&number, result);
    view! {
        {move || match result.get() {
            None => view! { <p class="loading">{t(loc(), l("正在加载…", "Loading…"))}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="banner" role="alert">{e}</p> }.into_any(),
            Some(Ok(None)) => view! { <h1>{t(loc(), l("无此证牌", "No such certificate"))}</h1> }.into_any(),
            Some(Ok(Some(p))) => {
                let lc = loc();
                let qr = format!("/api/v1/verify/{}/qr.svg", p.number);
                view! {
                    <p class="no-print actions">
                        <button type="button" class="primary" id="print-certificate" on:click=move |_| browser::print()>{t(lc, l("打印证牌", "Print the certificate"))}</button>
                        " "<a href=format!("/verify/{}", p.number)>{t(lc, l("查验页面", "Verification page"))}</a>
                    </p>
                    {p.revoked.then(|| view! { <p class="banner no-print" role="alert">{t(lc, l("该证牌已撤销。", "This certificate is revoked."))}</p> })}
                    <article class="certificate" id="certificate" data-number=p.number.clone()>
                        <p class="cert-issuer">"工业互联网产业联盟"<span class="cert-en">"Alliance of Industrial Internet"</span></p>
                        <h1 class="cert-title">"实训基地"<span class="cert-en">"Training Base"</span></h1>
                        <p class="cert-name" id="certificate-name">{p.name.clone()}</p>
                        <dl class="cert-facts">
                            <dt>"责任单位 Responsible unit"</dt><dd id="certificate-unit">{p.unit.clone()}</dd>
                            <dt>"实训方向 Directions"</dt><dd id="certificate-directions">{direction_names(&p.directions, Locale::Zh)}<br/><span class="cert-en">{direction_names(&p.directions, Locale::En)}</span></dd>
                            <dt>"授牌日期 Certified on"</dt><dd id="certificate-date">{chinese_date(&p.issued_on)}" ("{p.issued_on.clone()}")"</dd>
                            <dt>"证牌编号 Number"</dt><dd class="mono" id="certificate-number">{p.number.clone()}</dd>
                        </dl>
                        <figure class="cert-qr">
                            <img id="certificate-qr" src=qr width="160" height="160" alt="扫码查验证牌 Scan to verify this certificate" />
                            <figcaption>"扫码查验 Scan to verify"</figcaption>
                        </figure>
                        <p class="cert-basis">"依据《工业互联网产业联盟实训基地管理办法（试行）》第十二条 · Art. 12 of the Measures"</p>
                    </article>
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_the_chinese_way() {
        assert_eq!(super::chinese_date("2027-03-01"), "2027年3月1日");
        assert_eq!(super::chinese_date("soon"), "soon");
    }
}
