//! Form `direction_change` — 实训方向变更申请书 (Art. 21), and its registry.

use alloc::string::String;
use alloc::vec::Vec;

use crate::catalog;
use crate::context::BaseLookup;
use crate::forms::{DirectionChange, DirectionChangeForm, Val};
use crate::report::Params;
use crate::rule::{Messages, RuleMeta, Scope, Severity, msgs};
use crate::rules::application::directions_count;
use crate::rules::{Env, Rule, Sink, article_meta, at, common, director};

const fn meta(id: &'static str, scope: Scope, summary: &'static str, messages: Messages) -> RuleMeta {
    article_meta(id, Severity::Error, scope, 21, summary, messages)
}

/// FORMS.md: the reason for a change is at least this long.
pub const REASON_MIN: usize = 100;

pub static ART21_REQUESTED_CATALOG: &RuleMeta = &meta(
    "art21.requested_catalog",
    Scope::Local,
    "Requested directions: 1–3, all in the catalog, no duplicates.",
    msgs![
        ("required", "请至少选择一个变更后的实训方向", "Choose at least one requested direction"),
        ("too_many", "实训方向最多{max}个（当前{actual}个）", "At most {max} training directions (now {actual})"),
        ("duplicate", "实训方向重复", "This direction is chosen twice"),
        ("catalog", "该实训方向不在岗位方向目录中", "This direction is not in the position catalog"),
    ],
);
pub static ART21_DIFFERS: &RuleMeta = &meta(
    "art21.differs",
    Scope::Local,
    "The requested set differs from the current set.",
    msgs![("", "变更后的实训方向与当前实训方向相同，无需变更", "The requested directions are the current ones: nothing would change")],
);
pub static ART21_REASON: &RuleMeta = &meta(
    "art21.reason",
    Scope::Local,
    "确因实训基地发展需要: a reason of substance and at least one supporting item.",
    msgs![
        ("required", "请说明变更实训方向的原因（确因实训基地发展需要）", "Explain why the base's development needs the change"),
        (
            "too_short",
            "变更原因过于简略：至少{min}个字（当前{actual}个）",
            "The reason is too brief: at least {min} characters (now {actual})",
        ),
        ("evidence", "请至少列出一项支撑材料", "List at least one supporting item"),
    ],
);
pub static ART21_BASE_EXISTS: &RuleMeta =
    &meta("art21.base_exists", Scope::Context, "The base is in the registry and not revoked.", director::BASE_EXISTS_MESSAGES);
pub static ART21_CURRENT_MATCHES: &RuleMeta = &meta(
    "art21.current_matches",
    Scope::Context,
    "The stated current directions equal the registry's.",
    msgs![(
        "",
        "所填当前实训方向与基地登记的方向不一致（登记为：{registered}）",
        "The current directions differ from the registry's ({registered})",
    )],
);
pub static ART21_ONE_PENDING: &RuleMeta = &meta(
    "art21.one_pending",
    Scope::Context,
    "No other change request for the base is pending.",
    msgs![("", "该基地已有一份待审的实训方向变更申请", "A direction change for this base is already pending")],
);

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
