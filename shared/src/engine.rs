//! Running the rules: a whole form, or only the rules that read one field.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::context::Context;
use crate::date::Date;
use crate::forms::FormType;
use crate::index::ReadIndex;
use crate::json::Value;
pub use crate::json::path_under;
pub use crate::kind::FormKind;
use crate::kind::PerForm;
use crate::report::{FieldReport, Issue, Params, Report, render};
use crate::rule::{Locale, RuleMeta, Scope, Severity};
use crate::rules::common::INPUT_TYPE;
use crate::rules::{Env, Rule, Sink};
use crate::shape;

/// How to check: the locale of the messages and today's date (ID numbers, ages, windows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub locale: Locale,
    pub today: Date,
}

/// Whether a field re-check takes the partial path: the structural walk only under the pointer
/// (`shape::validate_under`), the read index narrowing the rules whose patterns are matched,
/// and the form read only in the fields the selected rules read. The widget's build does not:
/// it walks the whole document, matches every rule's patterns and reads the whole form, then
/// keeps what lies under the pointer. The report is the same (tests hold each partial step equal
/// to its whole one), and the partial machinery stays out of the widget's bundle (−1.0 kB
/// gzipped); the app and the server, which re-check per keystroke, take the partial path.
const PARTIAL_RECHECK: bool = cfg!(not(widget));

/// Which rules to run.
#[derive(Clone, Copy)]
enum Select<'p> {
    All,
    /// Only those reading this pointer.
    Field(&'p str),
}

/// Checks a whole form: every structural check, every local rule, and the context rules when
/// a context is given (the server). Issues come in the form's field order, then rule id.
pub fn check(kind: FormKind, doc: &Value, opts: &Options, context: Option<&Context>) -> Report {
    let (issues, _) = run(kind, doc, opts, context, Select::All);
    finish(kind, issues, opts.locale)
}

/// Re-checks one field: the rules that read `pointer` (or anything under it, or a list it is
/// in) and the structural issues at or under it. Merge the result into a full report with
/// [`FieldReport::merge_into`].
pub fn check_field(kind: FormKind, doc: &Value, pointer: &str, opts: &Options, context: Option<&Context>) -> FieldReport {
    let (issues, rules) = run(kind, doc, opts, context, Select::Field(pointer));
    let report = finish(kind, issues, opts.locale);
    FieldReport { kind, pointer: pointer.into(), rules, issues: report.issues }
}

fn run(kind: FormKind, doc: &Value, opts: &Options, context: Option<&Context>, select: Select) -> (Vec<Issue>, Vec<Cow<'static, str>>) {
    let mut issues = Vec::new();
    let mut ran = Vec::new();
    if !matches!(doc, Value::Object(_)) {
        // Not a form at all: one issue at the root says so.
        issues.push(Issue {
            rule: INPUT_TYPE,
            severity: Severity::Error,
            path: String::new(),
            params: Params::new().with("expected", "object").with("actual", doc.type_name()),
        });
        // A field re-check speaks only for its field: the root's issue is the root's.
        if let Select::Field(p) = select {
            issues.retain(|i| path_under(&i.path, p));
        }
        return (issues, ran);
    }
    match select {
        Select::All => shape::validate(doc, kind.shape(), &mut String::new(), &mut issues),
        // Only the ancestors on the way to the pointer and the subtree under it.
        Select::Field(p) if PARTIAL_RECHECK => shape::validate_under(doc, kind.shape(), p, &mut issues),
        // The whole walk, kept at or under the pointer: what `validate_under` finds (a property
        // test holds the two equal).
        Select::Field(p) => {
            shape::validate(doc, kind.shape(), &mut String::new(), &mut issues);
            issues.retain(|i| path_under(&i.path, p));
        }
    }
    let env = Env { today: opts.today, context };
    kind.with_rules(RunRules { doc, env: &env, select, out: &mut issues, ran: &mut ran });
    (issues, ran)
}

/// Runs a form's rules ([`run_rules`]).
struct RunRules<'r, 'd, 'p> {
    doc: &'d Value,
    env: &'r Env<'r>,
    select: Select<'p>,
    out: &'r mut Vec<Issue>,
    ran: &'r mut Vec<Cow<'static, str>>,
}

impl PerForm for RunRules<'_, '_, '_> {
    type Out = ();
    #[inline(always)]
    fn with<K: FormType>(self, rules: &'static [Rule<K>], index: &'static ReadIndex<'static>) {
        run_rules(rules, index, self.doc, self.env, self.select, self.out, self.ran);
    }
}

/// The rules to run, one bit per registry position (`rules` gives each one's meta and reads):
/// context rules only with a context, and for a field re-check only those a pattern of which
/// meets the pointer.
fn selected(
    index: &ReadIndex<'_>,
    has_context: bool,
    select: Select,
    rules: &mut dyn Iterator<Item = (&'static RuleMeta, &'static [&'static str])>,
) -> u64 {
    // The index only narrows the rules whose patterns are matched (a test holds the result
    // equal to matching every rule's).
    let mut mask = match select {
        Select::Field(p) if PARTIAL_RECHECK => index.candidates(p),
        _ if PARTIAL_RECHECK => index.all,
        // Every bit: those past the registry's end are never asked. The widget's build then
        // does not refer to the read index at all, and carries none of its tables.
        _ => u64::MAX,
    };
    let mut past = 1u64;
    for (i, (meta, reads)) in rules.enumerate() {
        let bit = 1u64 << i;
        past = bit << 1;
        if mask & bit == 0 {
            continue;
        }
        let meets = match select {
            Select::All => true,
            Select::Field(p) => reads.iter().any(|pattern| pattern_meets(pattern, p)),
        };
        if !meets || !(meta.scope == Scope::Local || has_context) {
            mask &= !bit;
        }
    }
    // Only the registry's bits (`past` is the first bit after them; 0 for a registry of 64).
    mask & past.wrapping_sub(1)
}

/// Runs the selected rules on the form read from `doc`. For a field re-check the form is read
/// only as far as those rules read it (the top-level fields their `reads` name): each rule
/// reads only what it declares (the property tests prove it), so the rest may stay unread.
#[inline(always)]
fn run_rules<K: FormType>(
    rules: &'static [Rule<K>],
    index: &ReadIndex<'_>,
    doc: &Value,
    env: &Env,
    select: Select,
    out: &mut Vec<Issue>,
    ran: &mut Vec<Cow<'static, str>>,
) {
    let mask = selected(index, env.context.is_some(), select, &mut rules.iter().map(|r| (r.meta, r.reads)));
    if mask == 0 {
        return;
    }
    // A field re-check reads only the top-level fields the selected rules read (a form has
    // ~25: reading the rest would cost more than the rules themselves). The same issues either
    // way: each rule reads only what it declares.
    let read_by_selected;
    let want: &dyn Fn(&str) -> bool = if PARTIAL_RECHECK && matches!(select, Select::Field(_)) {
        let tops = index.tops_read_by(mask);
        read_by_selected = move |key: &str| index.reads(tops, key);
        &read_by_selected
    } else {
        &|_| true
    };
    let form = K::read_some(doc, want);
    for (i, rule) in rules.iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        if let Select::Field(_) = select
            && !ran.iter().any(|r| *r == rule.meta.id)
        {
            ran.push(Cow::Borrowed(rule.meta.id));
        }
        (rule.run)(&form, env, &mut Sink { meta: rule.meta, out });
    }
}

fn finish(kind: FormKind, issues: Vec<Issue>, locale: Locale) -> Report {
    let mut issues: Vec<_> = issues.into_iter().map(|i| render(i, locale)).collect();
    crate::order::sort_issues(kind, &mut issues);
    Report { kind: Some(kind), valid: !issues.iter().any(|i| i.severity == Severity::Error), issues }
}

/// Whether a change at `pointer` can change what only the server decides (a context rule
/// reads it): the browser asks the server's validate endpoint only then.
pub fn needs_context(kind: FormKind, pointer: &str) -> bool {
    struct NeedsContext<'p>(&'p str);
    impl PerForm for NeedsContext<'_> {
        type Out = bool;
        fn with<K: FormType>(self, rules: &'static [Rule<K>], _: &'static ReadIndex<'static>) -> bool {
            rules.iter().any(|r| r.meta.scope == Scope::Context && r.reads.iter().any(|p| pattern_meets(p, self.0)))
        }
    }
    kind.with_rules(NeedsContext(pointer))
}

/// Whether a read pattern (`*` = any index) and a changed pointer meet: one is a prefix of the
/// other, segment by segment. A change to `/instructors` (an item added or removed) meets
/// `/instructors/*/field`; a change to `/instructors/2/field` meets `/instructors/*`.
pub fn pattern_meets(pattern: &str, pointer: &str) -> bool {
    if pointer.is_empty() {
        return true;
    }
    // Patterns name fields without `~` or `/`, so raw segments compare without unescaping.
    // One pass over the bytes (a re-check tries every pattern of the form: most differ in
    // their first segment's first bytes).
    let (p, q) = (pattern.as_bytes(), pointer.as_bytes());
    if p.first() != Some(&b'/') || q.first() != Some(&b'/') {
        return false;
    }
    let (mut i, mut j) = (1, 1);
    loop {
        let star = p.get(i) == Some(&b'*') && p.get(i + 1).is_none_or(|&c| c == b'/');
        if star && q.get(j) == Some(&b'*') && q.get(j + 1).is_none_or(|&c| c == b'/') {
            // `*` against `*`: equal segments.
            i += 1;
            j += 1;
        } else if star {
            // `*`: a non-empty run of digits.
            let start = j;
            while q.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if j == start || q.get(j).is_some_and(|&c| c != b'/') {
                return false;
            }
            i += 1;
        } else {
            while let Some(&c) = p.get(i).filter(|&&c| c != b'/') {
                if q.get(j) != Some(&c) {
                    return false;
                }
                i += 1;
                j += 1;
            }
            if q.get(j).is_some_and(|&c| c != b'/') {
                return false;
            }
        }
        // Both at the end of a segment: done when either runs out.
        if i >= p.len() || j >= q.len() {
            return true;
        }
        i += 1;
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(pattern_meets("/instructors/*/field", "/instructors"));
        assert!(pattern_meets("/instructors/*/field", "/instructors/3/field"));
        assert!(pattern_meets("/instructors/*", "/instructors/3/field"));
        assert!(!pattern_meets("/instructors/*/field", "/instructors/3/name"));
        assert!(!pattern_meets("/unit/name", "/unit/uscc"));
        assert!(pattern_meets("/unit/name", "/unit"));
        assert!(pattern_meets("/unit/name", ""));
        assert!(!pattern_meets("/unit/name", "/"));
        assert!(!pattern_meets("/unit/name", "/uni"));
        assert!(!pattern_meets("/unit/name", "/units"));
        assert!(pattern_meets("/unit", "/unit/"));
        assert!(!pattern_meets("/instructors/*/name", "/instructors/x/name"));
        assert!(!pattern_meets("/instructors/*/name", "/instructors//name"));
        assert!(pattern_meets("/instructors/*/name", "/instructors/12"));
        assert!(!pattern_meets("/instructors/*/name", "/instructors/1a"));
        assert!(!pattern_meets("unit", "unit"));
    }

    /// The meaning of `pattern_meets`, plainly: one is a prefix of the other, segment by segment.
    fn meets_by_segments(pattern: &str, pointer: &str) -> bool {
        if pointer.is_empty() {
            return true;
        }
        let (Some(pat), Some(ptr)) = (pattern.strip_prefix('/'), pointer.strip_prefix('/')) else { return false };
        pat.split('/').zip(ptr.split('/')).all(|(a, b)| a == b || (a == "*" && !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit())))
    }

    #[test]
    fn patterns_meet_as_segment_prefixes() {
        let segs = ["", "unit", "uni", "units", "name", "*", "0", "12", "01", "1a", "instructors", "x"];
        let mut paths = vec![String::new(), "unit".into()];
        for a in segs {
            paths.push(format!("/{a}"));
            for b in segs {
                paths.push(format!("/{a}/{b}"));
                for c in ["name", "*", "3", ""] {
                    paths.push(format!("/{a}/{b}/{c}"));
                }
            }
        }
        for pattern in &paths {
            for pointer in &paths {
                assert_eq!(pattern_meets(pattern, pointer), meets_by_segments(pattern, pointer), "{pattern:?} {pointer:?}");
            }
        }
    }

    /// The selection through the read index is the plain one: every rule a pattern of which
    /// meets the pointer, over pointers at, above, below and beside every pattern of every form.
    #[test]
    fn the_read_index_selects_what_the_patterns_do() {
        fn check<K: FormType>(rules: &[Rule<K>], index: &ReadIndex<'_>) {
            let mut pointers: Vec<String> = vec![String::new(), "/".into(), "/nope".into(), "x".into(), "/unit~1name".into()];
            for rule in rules {
                for pattern in rule.reads {
                    for index_text in ["0", "12", "*"] {
                        let concrete = pattern.replace('*', index_text);
                        let segments: Vec<&str> = concrete.split('/').collect();
                        for n in 2..=segments.len() {
                            let prefix = segments[..n].join("/");
                            pointers.push(format!("{prefix}/deeper"));
                            pointers.push(format!("{prefix}x"));
                            pointers.push(prefix);
                        }
                    }
                }
            }
            for pointer in &pointers {
                for has_context in [false, true] {
                    let plain: u64 = rules
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.meta.scope == Scope::Local || has_context)
                        .filter(|(_, r)| r.reads.iter().any(|p| pattern_meets(p, pointer)))
                        .map(|(i, _)| 1u64 << i)
                        .sum();
                    let mut metas = rules.iter().map(|r| (r.meta, r.reads));
                    let mask = selected(index, has_context, Select::Field(pointer), &mut metas);
                    assert_eq!(mask, plain, "{pointer:?}");
                    // The partial read asks for exactly the top-level fields those rules read.
                    let tops = index.tops_read_by(mask);
                    let read: Vec<&str> = rules
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .flat_map(|(_, r)| r.reads.iter().map(|p| p[1..].split('/').next().unwrap()))
                        .collect();
                    for top in index.tops.iter().map(|t| &t[1..]) {
                        assert_eq!(index.reads(tops, top), read.contains(&top), "{pointer:?} {top}");
                    }
                    for top in &read {
                        assert!(index.reads(tops, top), "{pointer:?} {top}");
                    }
                    assert!(!index.reads(tops, "no such field"));
                }
            }
            assert_eq!(index.all.count_ones() as usize, rules.len());
        }
        struct Check;
        impl PerForm for Check {
            type Out = ();
            fn with<K: FormType>(self, rules: &'static [Rule<K>], index: &'static ReadIndex<'static>) {
                check(rules, index);
            }
        }
        for kind in FormKind::ALL {
            kind.with_rules(Check);
        }
    }

    #[test]
    fn only_context_fields_need_the_server() {
        assert!(needs_context(FormKind::Application, "/unit/uscc"));
        assert!(needs_context(FormKind::Application, "/cycle"));
        assert!(!needs_context(FormKind::Application, "/facilities/simultaneous_trainees"));
        assert!(needs_context(FormKind::DirectorAppointment, "/recommenders/1/uscc"));
        assert!(!needs_context(FormKind::DirectorAppointment, "/appointee/teaching_level"));
        assert!(needs_context(FormKind::DirectionChange, "/current_directions/0"));
    }
}
