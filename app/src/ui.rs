//! What every page uses: texts in the current language, Beijing time, in-app links and
//! navigation. The pages import it; it imports none of them.

use aii_rules::Locale;
use aii_rules::forms::{L, l};
use leptos::prelude::*;

use crate::browser;

pub const SITE: L = l("工业互联网产业联盟实训基地", "AII Training Bases");

/// A text in the current language.
pub fn t(locale: Locale, text: L) -> &'static str {
    match locale {
        Locale::Zh => text.zh,
        Locale::En => text.en,
    }
}

/// A text that follows the language switch. Every static text of the pages goes through this
/// one closure type, so Leptos's reactive-text code is built once for all of them rather than
/// once per text (the applicant's bundle size, BENCHMARKS.md).
pub fn tr(locale: RwSignal<Locale>, text: L) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(locale.get(), text)
}

/// The current path, for the app's own small router.
#[derive(Clone, Copy)]
pub(crate) struct Route(pub(crate) RwSignal<String>);

/// An API time (RFC 3339 in UTC, `2027-03-01T08:30:05.042Z`) as people read it here: Beijing
/// time, `2027-03-01 16:30`. Text that is not such a time is shown as it is.
pub fn beijing(utc: &str) -> String {
    let b = utc.as_bytes();
    let num = |r: core::ops::Range<usize>| utc.get(r).and_then(|t| t.parse::<i64>().ok());
    let parsed = (b.len() >= 17 && b[10] == b'T' && utc.ends_with('Z'))
        .then(|| Some((aii_rules::Date::parse(&utc[..10])?, num(11..13)?, num(14..16)?)))
        .flatten();
    let Some((date, h, m)) = parsed else { return utc.to_owned() };
    let minutes = h * 60 + m + 8 * 60;
    let date = date.add_days(minutes / (24 * 60));
    let minutes = minutes % (24 * 60);
    format!("{} {:02}:{:02}", date.to_text(), minutes / 60, minutes % 60)
}

/// Moves to an in-app page (history navigation, no reload); a fragment stays in the location.
/// Callable from anywhere (an answer's task has no reactive owner): the app follows the
/// `popstate` it raises as it follows the browser's back button.
pub fn navigate(href: &str) {
    browser::push_path(href);
    browser::raise_popstate();
    request_animation_frame(|| browser::focus("main"));
}

/// An in-app link: history navigation without reloading the page.
#[component]
pub fn Link(href: String, children: Children) -> impl IntoView {
    let route = use_context::<Route>();
    let target = href.clone();
    view! {
        <a href=href on:click=move |ev| {
            if let Some(Route(r)) = route && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() {
                ev.prevent_default();
                browser::push_path(&target);
                // The route is the path alone: a fragment (a receipt) stays in the location.
                r.set(browser::path());
                request_animation_frame(|| browser::focus("main"));
            }
        }>{children()}</a>
    }
}
