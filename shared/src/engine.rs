//! Running the rules: a whole form, or only the rules that read one field.

use alloc::string::String;
use alloc::vec::Vec;

use crate::context::Context;
use crate::date::Date;
use crate::forms::{
    APPLICATION_SHAPE, Application, DIRECTION_CHANGE_SHAPE, DIRECTOR_APPOINTMENT_SHAPE, DirectionChange, DirectorAppointment,
};
use crate::json::Value;
use crate::report::{FieldReport, Issue, Params, Report, render};
use crate::rule::{Locale, Scope, Severity};
use crate::rules::common::INPUT_TYPE;
use crate::rules::{Env, FormType, Rule, Sink};
use crate::shape::{self, Shape};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKind {
    Application,
    DirectorAppointment,
    DirectionChange,
}

impl FormKind {
    pub const ALL: [FormKind; 3] = [FormKind::Application, FormKind::DirectorAppointment, FormKind::DirectionChange];

    /// The name in reports and JSON: `application`, `director_appointment`, `direction_change`.
    pub fn name(self) -> &'static str {
        match self {
            FormKind::Application => "application",
            FormKind::DirectorAppointment => "director_appointment",
            FormKind::DirectionChange => "direction_change",
        }
    }

    /// The name in URLs: `application`, `director-appointment`, `direction-change`.
    pub fn slug(self) -> &'static str {
        match self {
            FormKind::Application => "application",
            FormKind::DirectorAppointment => "director-appointment",
            FormKind::DirectionChange => "direction-change",
        }
    }

    /// Accepts either spelling.
    pub fn parse(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.name() == s || k.slug() == s)
    }

    pub fn shape(self) -> &'static Shape {
        match self {
            FormKind::Application => &APPLICATION_SHAPE,
            FormKind::DirectorAppointment => &DIRECTOR_APPOINTMENT_SHAPE,
            FormKind::DirectionChange => &DIRECTION_CHANGE_SHAPE,
        }
    }

    /// The field patterns a rule reads in this form (one entry per registry line using it).
    pub fn reads_of(self, rule_id: &str) -> Vec<&'static [&'static str]> {
        fn of<K: FormType>(rules: &'static [Rule<K>], id: &str) -> Vec<&'static [&'static str]> {
            rules.iter().filter(|r| r.meta.id == id).map(|r| r.reads).collect()
        }
        match self {
            FormKind::Application => of(crate::rules::application::RULES, rule_id),
            FormKind::DirectorAppointment => of(crate::rules::director::RULES, rule_id),
            FormKind::DirectionChange => of(crate::rules::direction_change::RULES, rule_id),
        }
    }
}

/// How to check: the locale of the messages and today's date (ID numbers, ages, windows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub locale: Locale,
    pub today: Date,
}

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
    FieldReport {
        kind: kind.name().into(),
        pointer: pointer.into(),
        rules: rules.into_iter().map(String::from).collect(),
        issues: report.issues,
    }
}

fn run(kind: FormKind, doc: &Value, opts: &Options, context: Option<&Context>, select: Select) -> (Vec<Issue>, Vec<&'static str>) {
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
    let mut path = String::new();
    shape::validate(doc, kind.shape(), &mut path, &mut issues);
    if let Select::Field(p) = select {
        issues.retain(|i| path_under(&i.path, p));
    }
    let env = Env { today: opts.today, context };
    match kind {
        FormKind::Application => run_rules(crate::rules::application::RULES, &Application::read(doc), &env, select, &mut issues, &mut ran),
        FormKind::DirectorAppointment => {
            run_rules(crate::rules::director::RULES, &DirectorAppointment::read(doc), &env, select, &mut issues, &mut ran)
        }
        FormKind::DirectionChange => {
            run_rules(crate::rules::direction_change::RULES, &DirectionChange::read(doc), &env, select, &mut issues, &mut ran)
        }
    }
    (issues, ran)
}

fn run_rules<'a, K: FormType>(
    rules: &'static [Rule<K>],
    form: &K::Form<'a>,
    env: &Env,
    select: Select,
    out: &mut Vec<Issue>,
    ran: &mut Vec<&'static str>,
) {
    for rule in rules {
        if rule.meta.scope == Scope::Context && env.context.is_none() {
            continue;
        }
        if let Select::Field(p) = select {
            if !rule.reads.iter().any(|pattern| pattern_meets(pattern, p)) {
                continue;
            }
            if !ran.contains(&rule.meta.id) {
                ran.push(rule.meta.id);
            }
        }
        (rule.run)(form, env, &mut Sink { meta: rule.meta, out });
    }
}

fn finish(kind: FormKind, issues: Vec<Issue>, locale: Locale) -> Report {
    let mut issues: Vec<_> = issues.iter().map(|i| render(i, locale)).collect();
    sort_issues(kind, &mut issues);
    Report { kind: kind.name().into(), valid: !issues.iter().any(|i| i.severity == Severity::Error), issues }
}

/// Orders issues as reports give them: by the form's field order, then rule id (stable, so
/// issues of one rule at one path keep the order the rule emitted them in).
pub fn sort_issues(kind: FormKind, issues: &mut [crate::report::ReportIssue]) {
    let shape = kind.shape();
    // The path breaks ties between unknown fields, which all sort after the known ones.
    issues.sort_by_cached_key(|i| (shape::order_key(shape, &i.path), i.path.clone(), i.rule.clone()));
}

/// Whether a change at `pointer` can change what only the server decides (a context rule
/// reads it): the browser asks the server's validate endpoint only then.
pub fn needs_context(kind: FormKind, pointer: &str) -> bool {
    fn of<K: FormType>(rules: &'static [Rule<K>], pointer: &str) -> bool {
        rules.iter().any(|r| r.meta.scope == Scope::Context && r.reads.iter().any(|p| pattern_meets(p, pointer)))
    }
    match kind {
        FormKind::Application => of(crate::rules::application::RULES, pointer),
        FormKind::DirectorAppointment => of(crate::rules::director::RULES, pointer),
        FormKind::DirectionChange => of(crate::rules::direction_change::RULES, pointer),
    }
}

/// Whether `path` is `pointer` or lies under it.
pub fn path_under(path: &str, pointer: &str) -> bool {
    pointer.is_empty() || path == pointer || (path.starts_with(pointer) && path.as_bytes().get(pointer.len()) == Some(&b'/'))
}

/// Whether a read pattern (`*` = any index) and a changed pointer meet: one is a prefix of the
/// other, segment by segment. A change to `/instructors` (an item added or removed) meets
/// `/instructors/*/field`; a change to `/instructors/2/field` meets `/instructors/*`.
pub fn pattern_meets(pattern: &str, pointer: &str) -> bool {
    if pointer.is_empty() {
        return true;
    }
    // Patterns name fields without `~` or `/`, so raw segments compare without unescaping.
    let (Some(pat), Some(ptr)) = (pattern.strip_prefix('/'), pointer.strip_prefix('/')) else { return false };
    pat.split('/').zip(ptr.split('/')).all(|(a, b)| a == b || (a == "*" && !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit())))
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

    #[test]
    fn paths_under() {
        assert!(path_under("/unit/name", "/unit"));
        assert!(!path_under("/unitx", "/unit"));
        assert!(path_under("/unit", "/unit"));
        assert!(path_under("/a", ""));
    }
}
