//! The applicant app (Leptos, client-side rendered, compiled to WASM): the Measures' five
//! forms with live checks by the rules crate, drafts, submission and the status of a receipt.
//! Simplified Chinese first, with an English switch that is remembered.

#[cfg(feature = "admin")]
pub mod admin;
pub mod attachments;
#[cfg(feature = "chapter6")]
pub mod base;
pub mod browser;
#[cfg(feature = "chapter6")]
pub mod certificate;
pub mod form;
pub mod layout;
#[cfg(feature = "chapter6")]
pub mod print;
#[cfg(feature = "chapter6")]
pub mod publicity;
#[cfg(feature = "chapter6")]
pub mod registry;
#[cfg(feature = "chapter6")]
pub mod results;
pub mod status;
pub mod ui;
#[cfg(feature = "chapter6")]
pub mod verify;
pub mod wire;

use aii_rules::{FormKind, Locale};
use leptos::prelude::*;

use crate::layout::{L, l};
use crate::ui::{Link, Route, SITE, t};

const LOCALE_KEY: &str = "aii.locale";

#[component]
fn App() -> impl IntoView {
    let locale = RwSignal::new(browser::local_get(LOCALE_KEY).map(|s| Locale::parse(&s)).unwrap_or_default());
    let route = RwSignal::new(browser::path());
    provide_context(Route(route));
    let _ = window_event_listener(leptos::ev::popstate, move |_| route.set(browser::path()));
    Effect::new(move |_| {
        let loc = locale.get();
        browser::local_set(LOCALE_KEY, loc.tag());
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", loc.tag());
        }
    });
    let loc = move || locale.get();
    let switch = move |_| locale.update(|l| *l = if *l == Locale::Zh { Locale::En } else { Locale::Zh });
    let page = move || {
        let path = route.get();
        let path = path.trim_end_matches('/');
        match path {
            "" => view! { <Home locale=locale /> }.into_any(),
            "/apply/application" => view! { <form::FormPage kind=FormKind::Application locale=locale /> }.into_any(),
            "/apply/director-appointment" => view! { <form::FormPage kind=FormKind::DirectorAppointment locale=locale /> }.into_any(),
            "/apply/direction-change" => view! { <form::FormPage kind=FormKind::DirectionChange locale=locale /> }.into_any(),
            p if is_chapter6(p) => chapter6_page(p, locale),
            p if p.starts_with("/status/") && p.ends_with("/correct") => {
                let id = p.trim_start_matches("/status/").trim_end_matches("/correct").to_owned();
                view! { <form::CorrectPage id=id locale=locale /> }.into_any()
            }
            p if p == "/status" || p.starts_with("/status/") => {
                let id = p.strip_prefix("/status/").unwrap_or("").to_owned();
                view! { <status::StatusPage id=id locale=locale /> }.into_any()
            }
            p if p == "/admin" || p.starts_with("/admin/") => admin_page(p, locale),
            _ => view! { <NotFound locale=locale /> }.into_any(),
        }
    };
    view! {
        <header class="site">
            <Link href="/".into()><span class="brand">{crate::ui::tr(locale, SITE)}</span></Link>
            <nav class="site-nav" aria-label="site"><a href="/registry">{crate::ui::tr(locale, l("名录", "Registry"))}</a>" "<a href="/publicity">{crate::ui::tr(locale, l("公示", "Publicity"))}</a>" "<a href="/results">{crate::ui::tr(locale, l("评估结果", "Results"))}</a></nav>
            <button type="button" class="lang" on:click=switch lang=move || if loc() == Locale::Zh { "en" } else { "zh-CN" }>
                {move || if loc() == Locale::Zh { "English" } else { "中文" }}
            </button>
        </header>
        <main id="main" tabindex="-1">{page}</main>
        <footer class="site">
            {crate::ui::tr(locale, l("依据《工业互联网产业联盟实训基地管理办法（试行）》", "Under the AII Training Base Management Measures (trial)"))}
        </footer>
    }
}

/// Chapter 6's pages (certified bases): in the bundles built with the `chapter6` feature. (A
/// correction may be of a Chapter 6 form, so `main.js` starts that bundle for it too.)
fn is_chapter6(path: &str) -> bool {
    matches!(path, "/apply/annual-assessment" | "/apply/evaluation" | "/apply/training-plan" | "/registry" | "/publicity" | "/results")
        || path.starts_with("/verify/")
        || path.starts_with("/certificate/")
        || print_path(path)
        || path.starts_with("/base/")
}

/// The printable 申请书's pages (`print.rs`): `/apply/{kind}/print`, `/status/{id}/print`.
fn print_path(path: &str) -> bool {
    (path.starts_with("/apply/") || path.starts_with("/status/")) && path.ends_with("/print") && path.matches('/').count() == 3
}

#[cfg(feature = "chapter6")]
fn chapter6_page(path: &str, locale: RwSignal<Locale>) -> AnyView {
    match path {
        "/apply/annual-assessment" => view! { <form::FormPage kind=FormKind::AnnualAssessment locale=locale /> }.into_any(),
        "/apply/evaluation" => view! { <form::FormPage kind=FormKind::Evaluation locale=locale /> }.into_any(),
        "/apply/training-plan" => view! { <form::FormPage kind=FormKind::TrainingPlan locale=locale /> }.into_any(),
        "/publicity" => view! { <publicity::PublicityPage locale=locale /> }.into_any(),
        "/results" => view! { <results::ResultsPage locale=locale /> }.into_any(),
        p if p.starts_with("/verify/") => view! { <verify::VerifyPage number=p["/verify/".len()..].to_owned() locale=locale /> }.into_any(),
        p if p.starts_with("/base/") => view! { <base::BasePage id=p["/base/".len()..].to_owned() locale=locale /> }.into_any(),
        p if print_path(p) && p.starts_with("/apply/") => match FormKind::parse(&p["/apply/".len()..p.len() - "/print".len()]) {
            Some(kind) => view! { <print::PrintDraftPage kind=kind locale=locale /> }.into_any(),
            None => view! { <NotFound locale=locale /> }.into_any(),
        },
        p if print_path(p) => {
            view! { <print::PrintStoredPage id=p["/status/".len()..p.len() - "/print".len()].to_owned() locale=locale /> }.into_any()
        }
        p if p.starts_with("/certificate/") => {
            view! { <certificate::CertificatePage number=p["/certificate/".len()..].to_owned() locale=locale /> }.into_any()
        }
        _ => view! { <registry::RegistryPage locale=locale /> }.into_any(),
    }
}

/// The applicant's bundle has no Chapter 6 pages: a full page load lets `main.js` start the
/// bundle that has them.
#[cfg(not(feature = "chapter6"))]
fn chapter6_page(_path: &str, locale: RwSignal<Locale>) -> AnyView {
    browser::reload();
    view! { <p class="loading">{move || t(locale.get(), l("正在打开…", "Opening…"))}</p> }.into_any()
}

/// The review desk, in the bundle built with it.
#[cfg(feature = "admin")]
fn admin_page(path: &str, locale: RwSignal<Locale>) -> AnyView {
    view! { <admin::AdminPage path=path.to_owned() locale=locale /> }.into_any()
}

/// The applicant's bundle has no review desk: a full page load lets `main.js` start the
/// bundle that has it.
#[cfg(not(feature = "admin"))]
fn admin_page(_path: &str, locale: RwSignal<Locale>) -> AnyView {
    browser::reload();
    view! { <p class="loading">{move || t(locale.get(), l("正在打开审核工作台…", "Opening the review desk…"))}</p> }.into_any()
}

#[component]
fn Home(locale: RwSignal<Locale>) -> impl IntoView {
    let loc = move || locale.get();
    Effect::new(move |_| browser::set_title(t(loc(), SITE)));
    let card = move |href: &'static str, title: L, text: L| {
        view! {
            <li class="card">
                <h2><Link href=href.into()>{crate::ui::tr(locale, title)}</Link></h2>
                <p>{crate::ui::tr(locale, text)}</p>
            </li>
        }
    };
    view! {
        <h1>{crate::ui::tr(locale, l("实训基地申报与管理", "Applying for and running a training base"))}</h1>
        <p class="intro">{crate::ui::tr(locale, l(
            "填写表单时，每一项都会按《管理办法》即时检查，并注明所依据的条款。草稿自动保存在本浏览器中。",
            "Every field is checked against the Measures as you type, citing its article. Drafts are saved in this browser.",
        ))}</p>
        <ul class="cards">
            {card("/apply/application", layout::APPLICATION.title, l("责任单位申请建设联盟实训基地（第七至十二条）。", "A responsible unit applies for a base (Arts. 7–12)."))}
            {card("/apply/director-appointment", layout::DIRECTOR_APPOINTMENT.title, l("推荐实训基地主任、副主任（第十四、十五条）。", "Recommend a director or deputy (Arts. 14–15)."))}
            {card("/apply/direction-change", layout::DIRECTION_CHANGE.title, l("申请变更实训方向（第二十一条）。", "Ask to change the training directions (Art. 21)."))}
            {card("/apply/annual-assessment", l("实训基地年度考核备案", "Annual assessment filing"), l("已授牌基地的责任单位报送年度考核结果和主任年度工作报告（第十五、十六、二十二条）。", "The responsible unit of a certified base files its annual assessment and the director's report (Arts. 15, 16, 22)."))}
            {card("/apply/evaluation", l("实训基地定期评估材料", "Three-yearly evaluation"), l("每三年上报定期评估材料，逐年填写计划与完成情况（第二十三、二十四条）。", "Every three years, the evaluation materials with the plans and results of each year (Arts. 23–24)."))}
            {card("/apply/training-plan", l("实训基地实训计划", "Training plan"), l("已授牌基地报送年度实训目标、任务、教学方案和课程，经工作组讨论后报常务理事会审议（第十六条）。", "A certified base files its goals, tasks, teaching scheme and courses for the year, for the working group and the council (Art. 16)."))}
            {card("/registry", l("实训基地名录", "Registry of bases"), l("联盟已授牌的实训基地及其状态（第十二、二十五条）。", "The alliance's certified bases and their status (Arts. 12, 25)."))}
            {card("/publicity", l("实训基地公示", "Publicity notices"), l("拟认定的实训基地和实训方向变更的公示；公示期内可实名提出异议（第十一、十二条）。", "Bases and direction changes being published; object under your name while a notice runs (Arts. 11, 12)."))}
            {card("/results", l("评估结果公布", "Published evaluation results"), l("各实训基地定期评估结果及撤销情况（第二十四、二十五条）。", "Every base's evaluation result and revocation (Arts. 24, 25)."))}
            {card("/status", l("查询审核进度", "Follow a submission"), l("凭提交后获得的编号和回执码查询。", "With the id and receipt you got on submitting."))}
        </ul>
    }
}

#[component]
fn NotFound(locale: RwSignal<Locale>) -> impl IntoView {
    view! {
        <h1>{move || t(locale.get(), l("页面不存在", "Page not found"))}</h1>
        <p><Link href="/".into()>{move || t(locale.get(), l("返回首页", "Back to the start"))}</Link></p>
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[cfg(test)]
mod tests {
    use crate::ui::beijing;

    #[test]
    fn times_are_shown_in_beijing() {
        assert_eq!(beijing("2027-03-01T08:30:05.042Z"), "2027-03-01 16:30");
        assert_eq!(beijing("2027-02-28T16:00:00.000Z"), "2027-03-01 00:00", "over midnight");
        assert_eq!(beijing("2028-02-28T23:59:59Z"), "2028-02-29 07:59", "a leap day");
        assert_eq!(beijing("2027-12-31T17:01:00.000Z"), "2028-01-01 01:01", "over the year");
        assert_eq!(beijing("soon"), "soon");
        assert_eq!(beijing("2027-03-01T8:30:05Z"), "2027-03-01T8:30:05Z");
    }
}
