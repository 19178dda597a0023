//! The rule catalogue against the spec: every rule id RULES.md gives for the forms built so far
//! is implemented, ids are unique, every rule but the generic ones has an article (the generic
//! ones have none), a summary and messages in both locales, and every field a rule reads exists
//! in its form.

use std::collections::BTreeSet;

use aii_rules::{FormKind, Locale, catalog, rules::all::all_rules, shape};

const RULES_MD: &str = include_str!("../spec/RULES.md");
const PROCEDURE_MD: &str = include_str!("../spec/PROCEDURE.md");

/// Sections of RULES.md this release implements: all of them.
const BUILT: &[&str] = &[
    "## Identifier checks",
    "## Form `application`",
    "## Form `director_appointment`",
    "## Form `direction_change`",
    "## Form `annual_assessment`",
    "## Form `evaluation`",
];

/// Sections of PROCEDURE.md this release implements.
const PROCEDURE_BUILT: &[&str] = &[
    "## Expert review",
    "## Publicity and objections",
    "## The council and the certificate",
    "## Revocation and published results",
    "## Training plan",
];

/// Rules the project adds where the spec is silent (ARCHITECTURE.md says why): the Chapter 6
/// forms name a base, and a filing for a base that does not exist or was revoked is refused
/// under Art. 22, as appointments are under Art. 14 and changes under Art. 21; PROCEDURE.md's
/// site check has no id of its own (`art11.site_check`).
const PROJECT_RULES: &[&str] = &["art22.base_exists", "art11.site_check"];

fn spec_ids() -> BTreeSet<String> {
    let mut ids = table_ids(RULES_MD, BUILT);
    ids.extend(table_ids(PROCEDURE_MD, PROCEDURE_BUILT));
    ids
}

/// The ids in the first column of the tables under the `built` sections of a spec file.
fn table_ids(spec: &str, built: &[&str]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut in_built = false;
    for line in spec.lines() {
        if line.starts_with("## ") {
            in_built = built.iter().any(|b| line.starts_with(b));
        }
        if in_built && line.starts_with("| `") {
            let id = line.trim_start_matches("| `").split('`').next().unwrap();
            ids.insert(id.to_owned());
        }
    }
    ids
}

#[test]
fn every_spec_rule_is_implemented() {
    let ids = spec_ids();
    assert!(!table_ids(RULES_MD, BUILT).is_empty(), "RULES.md's tables were read");
    assert_eq!(table_ids(PROCEDURE_MD, PROCEDURE_BUILT).len(), 15, "PROCEDURE.md's tables were read");
    let implemented: BTreeSet<String> = all_rules().iter().map(|m| m.id.to_owned()).collect();
    let missing: Vec<_> = ids.difference(&implemented).collect();
    assert!(missing.is_empty(), "rules of RULES.md not implemented: {missing:?}");
    // Every implemented id is either in the spec or a structural `input.*` rule.
    for id in &implemented {
        assert!(
            ids.contains(id) || id.starts_with("input.") || PROJECT_RULES.contains(&id.as_str()),
            "{id} is neither in RULES.md nor structural nor a documented project rule"
        );
    }
}

#[test]
fn the_spec_copy_matches_the_shared_spec() {
    // The project keeps a copy of the spec; when the shared spec sits beside the project, they must agree.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec");
    for file in [
        "RULES.md",
        "FORMS.md",
        "PROCEDURE.md",
        "directions.json",
        "examples/application.valid.json",
        "examples/director_appointment.valid.json",
        "examples/direction_change.valid.json",
    ] {
        let Ok(upstream) = std::fs::read_to_string(format!("{dir}/{file}")) else {
            continue;
        };
        let ours = std::fs::read_to_string(format!(
            "{}/{}/{file}",
            env!("CARGO_MANIFEST_DIR"),
            if file == "directions.json" { "data" } else { "spec" }
        ))
        .unwrap();
        assert_eq!(ours, upstream, "{file} differs from ../shared/spec/{file}");
    }
}

/// The generic ids of RULES.md, which cite no article: `input.*`, `text.*`, `contact.*` and the
/// `id.*` ids (used where no article rule owns the field).
fn generic(id: &str) -> bool {
    ["input.", "text.", "contact.", "id."].iter().any(|p| id.starts_with(p))
}

#[test]
fn ids_are_unique_and_rules_are_complete() {
    let mut seen = BTreeSet::new();
    for m in all_rules() {
        assert!(seen.insert(m.id), "{} repeats", m.id);
        match m.article {
            // RULES.md: the generic ids cite no article.
            None => assert!(generic(m.id), "{} lacks an article", m.id),
            Some(a) => {
                assert!(!generic(m.id), "{} is generic: it cites no article", m.id);
                assert!(a.number.get() <= 27, "{}: no such article", m.id);
            }
        }
        assert!(!m.summary.is_empty(), "{} lacks a summary", m.id);
        assert!(!m.messages.is_empty(), "{} has no message", m.id);
        // Packed as reason/zh/en, each message ended: no text holds a separator.
        let packed = m.messages.text;
        assert!(packed.ends_with('\u{1e}'), "{}", m.id);
        assert_eq!(packed.matches('\u{1f}').count(), 2 * packed.matches('\u{1e}').count(), "{}: a message text holds a separator", m.id);
        assert_eq!(m.messages.len(), packed.matches('\u{1e}').count(), "{}", m.id);
        let mut reasons = BTreeSet::new();
        for msg in m.messages.iter() {
            assert!(reasons.insert(msg.reason), "{}: message reason {:?} repeats", m.id, msg.reason);
            assert!(!msg.zh.trim().is_empty() && !msg.en.trim().is_empty(), "{}: message {:?} lacks a locale", m.id, msg.reason);
            // Both locales use the same placeholders; a param given in both languages (`x_zh`,
            // `x_en`: a catalogue name) is used by each locale in its own.
            let holes = |s: &str, own: &str, other: &str| {
                s.split('{')
                    .skip(1)
                    .map(|p| p.split('}').next().unwrap().to_owned())
                    .inspect(|h| assert!(!h.ends_with(other), "{}: {h} in the other locale's message", m.id))
                    .map(|h| h.strip_suffix(own).map_or(h.clone(), str::to_owned))
                    .collect::<BTreeSet<_>>()
            };
            assert_eq!(holes(msg.zh, "_zh", "_en"), holes(msg.en, "_en", "_zh"), "{}: placeholders differ between locales", m.id);
        }
        // A reason picks its own template; any other the rule's first (its main message).
        let first = m.messages.iter().next().unwrap();
        for locale in [Locale::Zh, Locale::En] {
            for msg in m.messages.iter() {
                assert_eq!(m.messages.template(msg.reason, locale), msg.text(locale), "{} {:?}", m.id, msg.reason);
            }
            assert_eq!(m.messages.template("no such reason", locale), first.text(locale), "{}", m.id);
        }
    }
}

#[test]
fn every_field_a_rule_reads_exists_in_its_form() {
    for kind in FormKind::ALL {
        let leaves = shape::leaf_patterns(kind.shape());
        for m in all_rules() {
            for reads in kind.reads_of(m.id) {
                for pattern in reads {
                    assert!(
                        leaves.iter().any(|l| l == pattern || l.starts_with(&format!("{pattern}/"))),
                        "{}: {} reads {pattern}, which {:?} does not have",
                        m.id,
                        kind.name(),
                        kind
                    );
                }
            }
        }
    }
}

#[test]
fn the_catalogue_serialises_with_both_catalogues() {
    let json = serde_json::to_value(catalog()).unwrap();
    assert_eq!(json["positions"]["version"], "2026.1");
    // As many directions as the data file has (no count kept by hand).
    let data: serde_json::Value = serde_json::from_str(include_str!("../data/directions.json")).unwrap();
    assert_eq!(json["positions"]["directions"].as_array().unwrap().len(), data["directions"].as_array().unwrap().len());
    // One entry per rule of the registry, in its order.
    let ids: Vec<&str> = json["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, all_rules().iter().map(|m| m.id).collect::<Vec<_>>());
    let capacity = json["rules"].as_array().unwrap().iter().find(|r| r["id"] == "art7.3.capacity").unwrap();
    assert_eq!(capacity["article"]["zh"], "第七条（三）");
    assert_eq!(capacity["severity"], "error");
    assert_eq!(capacity["scope"], "local");
    assert_eq!(capacity["forms"][0]["kind"], "application");
    assert_eq!(capacity["forms"][0]["reads"][0], "/facilities/simultaneous_trainees");
    // A generic rule cites no article: `null`, not an empty text.
    for id in ["text.required", "id.uscc", "id.resident", "contact.phone", "input.type"] {
        let rule = json["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(rule["article"], serde_json::Value::Null, "{id}");
    }
}

/// Every rule a form's registry runs is in the catalogue, and every rule of the catalogue but
/// the structural ones (`input.*`, `text.too_long`: decided by the shape for every field) is run by some form: the
/// catalogue is the registries', not a list kept beside them.
#[test]
fn the_catalogue_is_the_registries() {
    for m in all_rules() {
        let used = FormKind::ALL.iter().any(|k| !k.reads_of(m.id).is_empty());
        // The procedure's rules check steps, not forms (PROCEDURE.md): no form's registry has them.
        let procedural = aii_rules::rules::procedure::METAS.iter().any(|p| p.id == m.id);
        assert_eq!(used, !aii_rules::order::is_structural(m.id) && !procedural, "{}", m.id);
    }
}

/// README keeps no count of rule ids by hand (one would go stale with the next rule): any
/// "N rule ids" it says is the registry's.
#[test]
fn the_readme_counts_the_rules_as_the_registry_does() {
    let readme = include_str!("../../README.md").split_whitespace().collect::<Vec<_>>().join(" ");
    for (at, _) in readme.match_indices(" rule ids") {
        let said: String = readme[..at].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        if !said.is_empty() {
            assert_eq!(said.parse::<usize>().unwrap(), all_rules().len(), "README.md counts the rule ids");
        }
    }
}
