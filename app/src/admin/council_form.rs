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
    /// `None`: those applied for.
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
        let applied: Vec<String> = if d.kind == FormKind::Application {
            d.document
                .pointer("/directions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let council = approving.then(|| {
            let applied = applied.clone();
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
                    {(!applied.is_empty()).then(|| view! {
                        <fieldset id="decided-directions">
                            <legend>{t(lc, l("确定的实训方向（第十一条，默认为申请的方向）", "Directions decided (Art. 11; by default those applied for)"))}</legend>
                            {applied.iter().map(|code| {
                                let code = code.clone();
                                let all = applied.clone();
                                let name = aii_rules::catalog::direction(&code).map_or(code.clone(), |c| c.name(lc).to_owned());
                                let (c1, c2) = (code.clone(), code.clone());
                                view! {
                                    <label class="check"><input type="checkbox" value=code.clone()
                                        prop:checked=move || me.directions.get().is_none_or(|v| v.contains(&c1))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            me.directions.update(|v| {
                                                let mut list = v.clone().unwrap_or_else(|| all.clone());
                                                list.retain(|x| x != &c2);
                                                if on { list.push(c2.clone()); }
                                                *v = Some(list);
                                            });
                                        } />" "{name}</label>
                                }
                            }).collect_view()}
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
