//! The catalogues as data: the position catalog (built from `data/directions.json`) and the
//! rule catalogue (id, article, severity, scope, fields read per form, messages in both locales).

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use crate::kind::FormKind;
use crate::rule::{Locale, RuleMeta, Scope, Severity};

#[derive(Debug, Serialize)]
pub struct Category {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Direction {
    pub code: &'static str,
    pub category: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

impl Direction {
    pub fn name(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.name_zh,
            Locale::En => self.name_en,
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/directions.rs"));

// `RULESET_VERSION` (generated): the version of the rules as a whole, the crate's version and
// the position catalog's. Stored with every accepted submission; the review desk compares it.

/// The direction with this code.
pub fn direction(code: &str) -> Option<&'static Direction> {
    DIRECTIONS.iter().find(|d| d.code == code)
}

/// Whether `code` is a direction of the position catalog, looked up in the codes alone
/// ([`DIRECTION_CODES`]): the widget's build never labels a direction (only a server rule's
/// params name directions), so the names stay out of its bundle.
pub fn is_direction(code: &str) -> bool {
    DIRECTION_CODES.contains(&code)
}

#[derive(Debug, Serialize)]
pub struct PositionCatalog {
    pub version: &'static str,
    pub source: &'static str,
    pub categories: &'static [Category],
    pub directions: &'static [Direction],
}

pub fn positions() -> PositionCatalog {
    PositionCatalog { version: CATALOG_VERSION, source: CATALOG_SOURCE, categories: CATEGORIES, directions: DIRECTIONS }
}

#[derive(Debug, Serialize)]
pub struct ArticleRef {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Serialize)]
pub struct FormUse {
    pub kind: &'static str,
    pub reads: &'static [&'static str],
}

#[derive(Debug, Serialize)]
pub struct MessageEntry {
    pub reason: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RuleEntry {
    pub id: &'static str,
    /// `null` for the generic rules, which cite no article.
    pub article: Option<ArticleRef>,
    pub severity: Severity,
    pub scope: Scope,
    pub summary: &'static str,
    /// The forms that use the rule and the fields it reads there (empty for structural rules,
    /// which apply to every field).
    pub forms: Vec<FormUse>,
    pub messages: Vec<MessageEntry>,
}

#[derive(Debug, Serialize)]
pub struct Catalog {
    pub ruleset_version: &'static str,
    pub rules: Vec<RuleEntry>,
    pub positions: PositionCatalog,
}

/// The forms that use a rule and the fields it reads in each (one per registry line).
fn uses(meta: &'static RuleMeta) -> impl Iterator<Item = (FormKind, &'static [&'static str])> {
    FormKind::ALL.into_iter().flat_map(|kind| kind.reads_of(meta.id).into_iter().map(move |reads| (kind, reads)))
}

fn entry(meta: &'static RuleMeta) -> RuleEntry {
    let forms = uses(meta).map(|(kind, reads)| FormUse { kind: kind.name(), reads }).collect();
    RuleEntry {
        id: meta.id,
        article: meta.article.map(|a| ArticleRef { zh: a.render(Locale::Zh), en: a.render(Locale::En) }),
        severity: meta.severity,
        scope: meta.scope,
        summary: meta.summary,
        forms,
        messages: meta.messages.iter().map(|m| MessageEntry { reason: m.reason, zh: m.zh, en: m.en }).collect(),
    }
}

/// Both catalogues.
pub fn catalog() -> Catalog {
    Catalog {
        ruleset_version: RULESET_VERSION,
        rules: crate::rules::all::all_rules().iter().map(|m| entry(m)).collect(),
        positions: positions(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget's codes are the catalog's, in its order.
    #[test]
    fn the_codes_are_the_directions_codes() {
        assert!(DIRECTIONS.iter().map(|d| d.code).eq(DIRECTION_CODES.iter().copied()));
        assert!(is_direction("network.implementation"));
        assert!(!is_direction("network") && !is_direction("") && !is_direction("nope.nope"));
    }
}
