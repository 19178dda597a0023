//! Every rule of the crate in catalogue order, joined from the families' `METAS` lists, and
//! the look-up by id.

use crate::rule::RuleMeta;
use crate::rules::{annual, application, common, cycle, direction_change, director, evaluation, plan, procedure};

/// Every rule id this crate implements (the rule catalogue's order).
pub fn all_rules() -> &'static [&'static RuleMeta] {
    &ALL
}

/// Every family's rules, in catalogue order.
const FAMILIES: [&[&RuleMeta]; 9] = [
    common::METAS,
    application::METAS,
    cycle::METAS,
    director::METAS,
    direction_change::METAS,
    annual::METAS,
    evaluation::METAS,
    plan::METAS,
    procedure::METAS,
];

static ALL: [&RuleMeta; count(&FAMILIES)] = join(&FAMILIES);

/// How many rules the families declare.
const fn count(families: &[&[&RuleMeta]]) -> usize {
    let (mut n, mut f) = (0, 0);
    while f < families.len() {
        n += families[f].len();
        f += 1;
    }
    n
}

/// The families' lists one after the other.
const fn join<const N: usize>(families: &[&[&'static RuleMeta]]) -> [&'static RuleMeta; N] {
    let mut out = [common::INPUT_TYPE; N];
    let (mut n, mut f) = (0, 0);
    while f < families.len() {
        let mut i = 0;
        while i < families[f].len() {
            out[n] = families[f][i];
            n += 1;
            i += 1;
        }
        f += 1;
    }
    out
}

/// Looks a rule up by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|m| m.id == id)
}
