//! The decision form's council fields (PROCEDURE.md, Arts. 11, 12, 24): the standing
//! council's session date and resolution when the next step is `approved`, the decided
//! directions for an application (by default those applied for), and Art. 24's grounds for
//! an `unqualified` evaluation.

use aii_api::Status;
use aii_api::desk::{DecisionBody, Detail};
use aii_rules::{FormKind, Locale, Value};
use leptos::prelude::*;

use crate::layout::l;
use crate::ui::t;

/// Art. 24's grounds, (1)–(4).
const GROUNDS: [(i64, crate::layout::L); 4] = [
    (1, l("（一）评估专家组认定评估材料不合格", "(1) the expert group judged the materials unqualified")),
    (2, l("（二）无特殊原因，逾期一个月不上报评估材料", "(2) no evaluation material one month after the deadline")),
    (3, l("（三）上报材料内容严重不实或者数据存在虚假", "(3) materials seriously untrue or data false")),
    (4, l("（四）有重大违规、违法行为", "(4) a major violation of rules or law")),
];

#[derive(Clone, Copy)]
pub struct CouncilForm {
    date: RwSignal<String>,
    resolution: RwSignal<String>,
    /// `None`: the default (those published, else those applied for).
    directions: RwSignal<Option<Vec<String>>>,
    grounds: RwSignal<Vec<i64>>,
}

impl Default for CouncilForm {
    fn default() -> Self {
        Self::new()
    }
}

impl CouncilForm {
    pub fn new() -> Self {
        CouncilForm {
            date: RwSignal::new(String::new()),
            resolution: RwSignal::new(String::new()),
            directions: RwSignal::new(None),
            grounds: RwSignal::new(Vec::new()),
        }
    }

    /// The decision's body: the council's fields only where the step takes them.
    pub fn body(&self, to: &str, note: String) -> DecisionBody {
        let approve = to == "approved";
        DecisionBody {
            to: to.to_owned(),
            note,
            council_date: approve.then(|| self.date.get_untracked()),
            resolution: approve.then(|| self.resolution.get_untracked()),
            directions: if approve { self.directions.get_untracked() } else { None },
            grounds: (to == "unqualified").then(|| self.grounds.get_untracked()),
        }
    }

    pub fn view(&self, d: &Detail, next: &[Status], locale: RwSignal<Locale>) -> AnyView {
        let lc = locale.get_untracked();
        let me = *self;
        let approving = next.contains(&Status::Approved);
        // The council's default (the server's too): the directions the notice published, else
        // those applied for. Any direction of the catalogue may be decided (Art. 11).
        let default: Vec<String> = if d.kind == FormKind::Application {
            d.published_directions.clone().unwrap_or_else(|| {
                d.document
                    .pointer("/directions")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default()
            })
        } else {
            Vec::new()
        };
        let check = move |code: &'static str, default: Vec<String>| {
            let name = aii_rules::catalog::direction(code).map_or(code.to_owned(), |c| c.name(lc).to_owned());
            let (c1, c2, d1) = (code.to_owned(), code.to_owned(), default.clone());
            view! {
                <label class="check"><input type="checkbox" value=code
                    prop:checked=move || me.directions.get().map_or_else(|| d1.contains(&c1), |v| v.contains(&c1))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        me.directions.update(|v| {
                            let mut list = v.clone().unwrap_or_else(|| default.clone());
                            list.retain(|x| x != &c2);
                            if on { list.push(c2.clone()); }
                            *v = Some(list);
                        });
                    } />" "{name}</label>
            }
        };
        let council = approving.then(|| {
            let chosen: Vec<&'static str> =
                aii_rules::catalog::DIRECTIONS.iter().map(|x| x.code).filter(|c| default.iter().any(|x| x == c)).collect();
            view! {
                <fieldset class="council" id="council-fields">
                    <legend>{t(lc, l("常务理事会审议（第十二条，批准时必填）", "The standing council (Art. 12, required to approve)"))}</legend>
                    <div class="field">
                        <label for="council-date">{t(lc, l("会议日期", "Session date"))}</label>
                        <input id="council-date" type="date" prop:value=move || me.date.get() on:input=move |ev| me.date.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="council-resolution">{t(lc, l("决议文号", "Resolution number"))}</label>
                        <input id="council-resolution" type="text" maxlength="60" prop:value=move || me.resolution.get() on:input=move |ev| me.resolution.set(event_target_value(&ev)) />
                    </div>
                    {(!default.is_empty()).then(|| view! {
                        <fieldset id="decided-directions">
                            <legend>{t(lc, l("确定的实训方向（第十一条，1至3个；默认为公示的方向）", "Directions decided (Art. 11, 1 to 3; by default those published)"))}</legend>
                            {chosen.iter().map(|c| check(c, default.clone())).collect_view()}
                            <details id="other-directions">
                                <summary>{t(lc, l("其他实训方向", "Other directions"))}</summary>
                                {aii_rules::catalog::CATEGORIES.iter().map(|cat| view! {
                                    <fieldset class="category">
                                        <legend>{t(lc, l(cat.name_zh, cat.name_en))}</legend>
                                        {aii_rules::catalog::DIRECTIONS.iter()
                                            .filter(|x| x.category == cat.code && !chosen.contains(&x.code))
                                            .map(|x| check(x.code, default.clone())).collect_view()}
                                    </fieldset>
                                }).collect_view()}
                            </details>
                        </fieldset>
                    })}
                </fieldset>
            }
        });
        let grounds = next.contains(&Status::Unqualified).then(|| view! {
            <fieldset class="grounds" id="revocation-grounds">
                <legend>{t(lc, l("评估不合格的情形（第二十四条，至少一项）", "Grounds of an unqualified result (Art. 24, at least one)"))}</legend>
                {GROUNDS.iter().map(|(g, text)| {
                    let g = *g;
                    view! {
                        <label class="check"><input type="checkbox" name="ground" value=g.to_string()
                            prop:checked=move || me.grounds.get().contains(&g)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                me.grounds.update(|v| { v.retain(|x| *x != g); if on { v.push(g); v.sort_unstable(); } });
                            } />" "{t(lc, *text)}</label>
                    }
                }).collect_view()}
            </fieldset>
        });
        view! { {council}{grounds} }.into_any()
    }
}
