//! The rules, one module per family, each declaring its [`RuleMeta`] next to its check and its
//! table tests. A form's registry lists its rules with the fields each reads (JSON Pointer
//! patterns, `*` for any index): the incremental re-check runs only those that read a field.

use alloc::string::String;
use alloc::vec::Vec;

use crate::context::Context;
use crate::date::Date;
use crate::forms::{FormType, Val};
use crate::report::{Issue, Params};
use crate::rule::{RuleMeta, Severity};

pub mod all;
pub mod annual;
pub mod application;
#[cfg(test)]
mod case;
pub mod common;
pub mod cycle;
pub mod direction_change;
pub mod director;
pub mod evaluation;
pub mod plan;
pub mod procedure;
#[cfg(test)]
mod table;

/// What a rule may consult besides the form: today's date (ID numbers, ages) and, on the
/// server only, the context.
pub struct Env<'c> {
    pub today: Date,
    pub context: Option<&'c Context>,
}

/// One rule as a form uses it.
pub struct Rule<K: FormType> {
    pub meta: &'static RuleMeta,
    /// The fields the rule reads, as JSON Pointer patterns (`*` = any index).
    pub reads: &'static [&'static str],
    pub run: for<'a, 'b> fn(&'b K::Form<'a>, &Env, &mut Sink),
}

impl<K: FormType> Clone for Rule<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: FormType> Copy for Rule<K> {}

/// A form's registry as this build has it, `N` rules: the family's local rules, then the
/// server's (`Scope::Context`, which need what only the server knows). The widget's build has no
/// context, so it leaves the server's rules out here, in one place: none of their checks, reads
/// or messages ship to browsers. `kind.rs` gives each form its registry.
pub(crate) const fn registry_len<K: FormType>(local: &[Rule<K>], server: &[Rule<K>]) -> usize {
    if cfg!(widget) { local.len() } else { local.len() + server.len() }
}

/// The registry of [`registry_len`]'s length: `local`, then `server` outside the widget's build.
pub(crate) const fn registry<K: FormType, const N: usize>(local: &[Rule<K>], server: &[Rule<K>]) -> [Rule<K>; N] {
    assert!(N == registry_len(local, server), "N is the registry's length");
    let mut out = [local[0]; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < local.len() { local[i] } else { server[i - local.len()] };
        i += 1;
    }
    out
}

/// Where a rule writes its issues.
pub struct Sink<'o> {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) out: &'o mut Vec<Issue>,
}

impl Sink<'_> {
    fn push(&mut self, severity: Severity, path: String, params: Params) {
        self.out.push(Issue { rule: self.meta, severity, path, params });
    }

    pub fn error(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Error, path.into(), params);
    }

    /// An error whose only param is the `reason` that picks its message.
    pub fn error_for(&mut self, path: impl Into<String>, reason: &'static str) {
        self.error(path, Params::new().with("reason", reason));
    }

    /// A warning that stays one whatever the form says (`art24.overdue`: the reviewer decides).
    pub fn warning(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Warning, path.into(), params);
    }

    pub fn info(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Info, path.into(), params);
    }

    /// A 一般 rule: a warning when the justification at `note_ptr` is written, otherwise an
    /// error with the same rule id (its message then asks for the justification).
    pub fn warn(&mut self, path: impl Into<String>, params: Params, note: &Val<&str>, note_ptr: &'static str) {
        let severity = if matches!(note, Val::Ok(_)) { Severity::Warning } else { Severity::Error };
        self.push(severity, path.into(), params.with("note", note_ptr));
    }
}

/// A field's pointer, written out only when an issue is reported there: rules pass one for
/// every item of a list, and most items have no issue. It is `head`, then `/<index>` when
/// there is one, then `/field` when `field` is not empty.
#[derive(Clone, Copy)]
pub(crate) struct Ptr<'a> {
    head: &'a str,
    index: Option<usize>,
    field: &'a str,
}

impl<'a> Ptr<'a> {
    /// `/list/<i>/field` (`/list/<i>` for `""`), as [`at`] writes it.
    pub(crate) fn at(list: &'a str, i: usize, field: &'a str) -> Ptr<'a> {
        Ptr { head: list, index: Some(i), field }
    }

    /// `/object/field`.
    pub(crate) fn child(object: &'a str, field: &'a str) -> Ptr<'a> {
        Ptr { head: object, index: None, field }
    }
}

impl From<Ptr<'_>> for String {
    fn from(p: Ptr<'_>) -> String {
        let mut out = String::with_capacity(p.head.len() + p.field.len() + 6);
        out.push_str(p.head);
        if let Some(i) = p.index {
            out.push('/');
            crate::shape::push_index(&mut out, i);
        }
        if !p.field.is_empty() {
            out.push('/');
            out.push_str(p.field);
        }
        out
    }
}

impl<'a> From<&'a str> for Ptr<'a> {
    fn from(head: &'a str) -> Ptr<'a> {
        Ptr { head, index: None, field: "" }
    }
}

/// `/list/<i>/field` without allocation churn at call sites.
pub(crate) fn at(list: &str, i: usize, field: &str) -> String {
    String::from(Ptr::at(list, i, field))
}
