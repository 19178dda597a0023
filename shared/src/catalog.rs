//! The catalogues as data: the position catalog (built from `data/directions.json`) and the
//! rule catalogue (id, article, severity, scope, fields read per form, messages in both locales).

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use crate::engine::FormKind;
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
    pub article: ArticleRef,
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

fn entry(meta: &'static RuleMeta) -> RuleEntry {
    let mut forms = Vec::new();
    for kind in FormKind::ALL {
        for reads in kind.reads_of(meta.id) {
            forms.push(FormUse { kind: kind.name(), reads });
        }
    }
    RuleEntry {
        id: meta.id,
        article: ArticleRef { zh: meta.article.render(Locale::Zh), en: meta.article.render(Locale::En) },
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
        rules: crate::rules::all_rules().iter().map(|m| entry(m)).collect(),
        positions: positions(),
    }
}

/// Both catalogues as JSON text, byte-identical to `serde_json::to_string(&catalog())`,
/// without serde (the small WASM build, where it is that text without the `summary` keys).
pub fn catalog_json() -> String {
    use crate::json::write_str;
    fn strs(out: &mut String, items: &[&str]) {
        out.push('[');
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, s);
        }
        out.push(']');
    }
    fn field(out: &mut String, first: bool, name: &str, value: &str) {
        if !first {
            out.push(',');
        }
        write_str(out, name);
        out.push(':');
        write_str(out, value);
    }
    let c = catalog();
    let mut out = String::with_capacity(48 * 1024);
    out.push_str("{\"ruleset_version\":");
    write_str(&mut out, c.ruleset_version);
    out.push_str(",\"rules\":[");
    for (n, r) in c.rules.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('{');
        field(&mut out, true, "id", r.id);
        out.push_str(",\"article\":{");
        field(&mut out, true, "zh", &r.article.zh);
        field(&mut out, false, "en", &r.article.en);
        out.push('}');
        field(
            &mut out,
            false,
            "severity",
            match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
        );
        field(&mut out, false, "scope", if r.scope == Scope::Local { "local" } else { "context" });
        // The widget's build has no summaries (`rule::summary`): no key rather than an empty one.
        if !crate::util::WIDGET_BUILD {
            field(&mut out, false, "summary", r.summary);
        }
        out.push_str(",\"forms\":[");
        for (i, f) in r.forms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            field(&mut out, true, "kind", f.kind);
            out.push_str(",\"reads\":");
            strs(&mut out, f.reads);
            out.push('}');
        }
        out.push_str("],\"messages\":[");
        for (i, m) in r.messages.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            field(&mut out, true, "reason", m.reason);
            field(&mut out, false, "zh", m.zh);
            field(&mut out, false, "en", m.en);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str("],\"positions\":{");
    field(&mut out, true, "version", c.positions.version);
    field(&mut out, false, "source", c.positions.source);
    out.push_str(",\"categories\":[");
    for (i, k) in c.positions.categories.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        field(&mut out, true, "code", k.code);
        field(&mut out, false, "name_zh", k.name_zh);
        field(&mut out, false, "name_en", k.name_en);
        out.push('}');
    }
    out.push_str("],\"directions\":[");
    for (i, d) in c.positions.directions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        field(&mut out, true, "code", d.code);
        field(&mut out, false, "category", d.category);
        field(&mut out, false, "name_zh", d.name_zh);
        field(&mut out, false, "name_en", d.name_en);
        out.push('}');
    }
    out.push_str("]}}");
    out
}
