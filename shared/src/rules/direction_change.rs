//! Form `direction_change` — 实训方向变更申请书 (Art. 21), and its registry.

use alloc::string::String;
use alloc::vec::Vec;

use crate::catalog;
use crate::context::BaseLookup;
use crate::forms::{DirectionChange, DirectionChangeForm, Val};
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::application::directions_count;
use crate::rules::{Env, Rule, Sink, at, common, director};

/// FORMS.md: the reason for a change is at least this long.
pub const REASON_MIN: usize = 100;

pub static ART21_REQUESTED_CATALOG: &RuleMeta = &RuleMeta {
    id: "art21.requested_catalog",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Requested directions: 1–3, all in the catalog, no duplicates."),
    messages: msgs![
        ("required", "请至少选择一个变更后的实训方向", "Choose at least one requested direction"),
        ("too_many", "实训方向最多{max}个（当前{actual}个）", "At most {max} training directions (now {actual})"),
        ("duplicate", "实训方向重复", "This direction is chosen twice"),
        ("catalog", "该实训方向不在岗位方向目录中", "This direction is not in the position catalog"),
    ],
};
pub static ART21_DIFFERS: &RuleMeta = &RuleMeta {
    id: "art21.differs",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The requested set differs from the current set."),
    messages: msgs![(
        "",
        "变更后的实训方向与当前实训方向相同，无需变更",
        "The requested directions are the current ones: nothing would change"
    )],
};
pub static ART21_REASON: &RuleMeta = &RuleMeta {
    id: "art21.reason",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("确因实训基地发展需要: a reason of substance and at least one supporting item."),
    messages: msgs![
        ("required", "请说明变更实训方向的原因（确因实训基地发展需要）", "Explain why the base's development needs the change"),
        (
            "too_short",
            "变更原因过于简略：至少{min}个字（当前{actual}个）",
            "The reason is too brief: at least {min} characters (now {actual})",
        ),
        ("evidence", "请至少列出一项支撑材料", "List at least one supporting item"),
    ],
};
pub static ART21_BASE_EXISTS: &RuleMeta = &RuleMeta {
    id: "art21.base_exists",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The base is in the registry and not revoked."),
    messages: director::BASE_EXISTS_MESSAGES,
};
pub static ART21_CURRENT_MATCHES: &RuleMeta = &RuleMeta {
    id: "art21.current_matches",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The stated current directions equal the registry's."),
    messages: msgs![(
        "",
        "所填当前实训方向与基地登记的方向不一致（登记为：{registered}）",
        "The current directions differ from the registry's ({registered})",
    )],
};
pub static ART21_ONE_PENDING: &RuleMeta = &RuleMeta {
    id: "art21.one_pending",
    article: art(21, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("No other change request for the base is pending."),
    messages: msgs![("", "该基地已有一份待审的实训方向变更申请", "A direction change for this base is already pending")],
};

/// The codes given in a list, sorted, each once.
fn codes<'a>(list: &Val<Vec<Val<&'a str>>>) -> Option<Vec<&'a str>> {
    let mut sorted: Vec<&str> = Vec::new();
    for code in list.ok()?.iter().filter_map(Val::get) {
        if let Err(i) = sorted.binary_search(&code) {
            sorted.insert(i, code);
        }
    }
    Some(sorted)
}

fn required_fields(f: &DirectionChange, _: &Env, s: &mut Sink) {
    common::required(s, &f.base_id, "/base_id");
    let no_current = match &f.current_directions {
        Val::Ok(items) => !items.iter().any(Val::is_present),
        v => v.is_missing(),
    };
    if no_current {
        s.error("/current_directions", Params::new());
    }
    common::required(s, &f.effective_date, "/effective_date");
}

fn requested_catalog(f: &DirectionChange, _: &Env, s: &mut Sink) {
    directions_count(s, &f.requested_directions, "/requested_directions");
    if let Some(items) = f.requested_directions.ok() {
        for (i, d) in items.iter().enumerate() {
            if d.get().is_some_and(|c| !catalog::is_direction(c)) {
                s.error_for(at("/requested_directions", i, ""), "catalog");
            }
        }
    }
}

fn differs(f: &DirectionChange, _: &Env, s: &mut Sink) {
    if let (Some(cur), Some(req)) = (codes(&f.current_directions), codes(&f.requested_directions))
        && !req.is_empty()
        && cur == req
    {
        s.error("/requested_directions", Params::new());
    }
}

fn reason(f: &DirectionChange, _: &Env, s: &mut Sink) {
    common::substance(s, &f.reason, "/reason", REASON_MIN);
    let listed = match &f.evidence {
        Val::Ok(items) => items.iter().any(Val::is_present),
        Val::Missing => false,
        _ => true,
    };
    if !listed {
        s.error_for("/evidence", "evidence");
    }
}

fn base_exists(_: &DirectionChange, env: &Env, s: &mut Sink) {
    director::base_exists(env, s);
}

fn current_matches(f: &DirectionChange, env: &Env, s: &mut Sink) {
    let Some(BaseLookup::Found(base)) = env.context.and_then(|c| c.base.as_ref()) else {
        return;
    };
    let Some(cur) = codes(&f.current_directions) else {
        return;
    };
    let dirs = &base.directions;
    let mut registered: Vec<&str> =
        crate::util::order_by(dirs.len(), &|a, b| dirs[a] < dirs[b]).into_iter().map(|i| dirs[i].as_str()).collect();
    registered.dedup();
    if !cur.is_empty() && cur != registered {
        let list: Vec<String> = base.directions.to_vec();
        s.error("/current_directions", Params::new().with("registered", list));
    }
}

fn one_pending(_: &DirectionChange, env: &Env, s: &mut Sink) {
    if env.context.and_then(|c| c.pending_direction_change) == Some(true) {
        s.error("/base_id", Params::new());
    }
}

/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] =
    &[ART21_REQUESTED_CATALOG, ART21_DIFFERS, ART21_REASON, ART21_BASE_EXISTS, ART21_CURRENT_MATCHES, ART21_ONE_PENDING];

pub static RULES: &[Rule<DirectionChangeForm>] = &[
    Rule { meta: common::TEXT_REQUIRED, reads: &["/base_id", "/current_directions/*", "/effective_date"], run: required_fields },
    Rule { meta: ART21_REQUESTED_CATALOG, reads: &["/requested_directions/*"], run: requested_catalog },
    Rule { meta: ART21_DIFFERS, reads: &["/current_directions/*", "/requested_directions/*"], run: differs },
    Rule { meta: ART21_REASON, reads: &["/reason", "/evidence/*"], run: reason },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<DirectionChangeForm>] = &[
    Rule { meta: ART21_BASE_EXISTS, reads: &["/base_id"], run: base_exists },
    Rule { meta: ART21_CURRENT_MATCHES, reads: &["/base_id", "/current_directions/*"], run: current_matches },
    Rule { meta: ART21_ONE_PENDING, reads: &["/base_id"], run: one_pending },
];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
        case("art21.requested_catalog", C, &[], Pass),
        case("art21.requested_catalog", C, &[("/requested_directions", "[]")], Fail(&[("/requested_directions", E)])),
        case("art21.requested_catalog", C, &[("/requested_directions/1", "\"data.mining\"")], Fail(&[("/requested_directions/1", E)])),
        case(
            "art21.requested_catalog",
            C,
            &[("/requested_directions/1", "\"network.implementation\"")],
            Fail(&[("/requested_directions/1", E)]),
        ),
        case("art21.differs", C, &[], Pass),
        case(
            "art21.differs",
            C,
            &[("/requested_directions", r#"["security.operations","network.implementation"]"#)],
            Fail(&[("/requested_directions", E)]),
        ),
        case("art21.reason", C, &[], Pass),
        case("art21.reason", C, &[("/reason", "repeat:因:99")], Fail(&[("/reason", E)])),
        case("art21.reason", C, &[("/evidence", "[]")], Fail(&[("/evidence", E)])),
        ctx_case("art21.base_exists", C, &[], ctx_base, Pass),
        ctx_case("art21.base_exists", C, &[], ctx_no_base, Fail(&[("/base_id", E)])),
        ctx_case("art21.current_matches", C, &[], ctx_base, Pass),
        ctx_case("art21.current_matches", C, &[], ctx_other_directions, Fail(&[("/current_directions", E)])),
        ctx_case("art21.one_pending", C, &[], ctx_base, Pass),
        ctx_case("art21.one_pending", C, &[], ctx_pending, Fail(&[("/base_id", E)])),
    ];
}
