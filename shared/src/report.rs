//! Issues and reports: what every check returns, in the browser and on the server alike.
//!
//! An [`Issue`] is what a rule emits: the rule, a severity, a JSON Pointer and typed params.
//! It is rendered into a [`ReportIssue`] (with article and message in one locale) by
//! [`render`], the one function both sides use, so the texts cannot drift.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::kind::FormKind;
use crate::rule::{Locale, RuleMeta, Severity};

/// A form kind at the JSON edge: its name; either spelling when read.
impl Serialize for FormKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for FormKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FormKind, D::Error> {
        kind_named(&<Cow<'de, str>>::deserialize(d)?)
    }
}

/// A report's kind, `""` for none (the refusal of a URL that names no form).
mod kind_or_empty {
    use super::{Cow, Deserialize, FormKind};

    pub fn serialize<S: serde::Serializer>(kind: &Option<FormKind>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.map_or("", FormKind::name))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<FormKind>, D::Error> {
        let name = <Cow<'de, str>>::deserialize(d)?;
        if name.is_empty() { Ok(None) } else { super::kind_named(&name).map(Some) }
    }
}

/// The kind of either spelling of a name, or a serde error.
fn kind_named<E: serde::de::Error>(name: &str) -> Result<FormKind, E> {
    FormKind::parse(name).ok_or_else(|| E::custom("unknown form kind"))
}

/// One param value. Never the raw text of the input: counts, limits, codes, pointers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Param {
    Int(i64),
    Text(Cow<'static, str>),
    List(Vec<String>),
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}
impl From<usize> for Param {
    fn from(v: usize) -> Self {
        Param::Int(v as i64)
    }
}
impl From<i32> for Param {
    fn from(v: i32) -> Self {
        Param::Int(i64::from(v))
    }
}
impl From<&'static str> for Param {
    fn from(v: &'static str) -> Self {
        Param::Text(Cow::Borrowed(v))
    }
}
impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(Cow::Owned(v))
    }
}
impl From<Vec<String>> for Param {
    fn from(v: Vec<String>) -> Self {
        Param::List(v)
    }
}

/// Params in key order (serialised as an object with sorted keys: deterministic everywhere).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(Cow<'static, str>, Param)>);

impl Params {
    pub fn new() -> Self {
        Params(Vec::new())
    }

    /// Adds or replaces `key`, keeping keys sorted.
    pub fn with(self, key: &'static str, value: impl Into<Param>) -> Self {
        self.with_param(key, value.into())
    }

    /// [`Params::with`] past the conversion: in the widget's build one instance for every type
    /// of value (it pays for each instance of the insertion).
    #[cfg_attr(widget, inline(never))]
    fn with_param(mut self, key: &'static str, value: Param) -> Self {
        self.insert(Cow::Borrowed(key), value);
        self
    }

    pub fn insert(&mut self, key: Cow<'static, str>, value: Param) {
        match self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key.as_ref())) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Param> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Param::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Param)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_ref(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs: alloc::collections::BTreeMap<String, Param> = Deserialize::deserialize(d)?;
        Ok(Params(pairs.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect()))
    }
}

/// What a rule emits.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub path: String,
    pub params: Params,
}

/// One rendered issue, as FORMS.md shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportIssue {
    /// The rule id: borrowed from the rule's declaration when a check made the issue (no
    /// allocation per issue), owned when read back from JSON.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub path: String,
    /// Borrowed from `ARTICLE_TEXTS` (outside the widget's build) or a fixed text; owned when
    /// rendered or read from JSON. `None` (`null` in JSON) for the generic rules (`input.*`,
    /// `text.*`, `contact.*`, `id.*`), which cite no article.
    pub article: Option<Cow<'static, str>>,
    /// Borrowed from the rule's templates when the message has nothing to fill in (no
    /// allocation), owned otherwise and when read from JSON.
    pub message: Cow<'static, str>,
    pub params: Params,
}

/// The result of checking a whole form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The form checked; `None` (`""` in JSON) only in the refusal of a URL naming no form.
    #[serde(with = "kind_or_empty")]
    pub kind: Option<FormKind>,
    pub valid: bool,
    pub issues: Vec<ReportIssue>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &ReportIssue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
}

/// The result of re-checking one field: the issues of the rules that read it, plus the
/// structural (`input.*`, `text.too_long`) issues at or under it. `rules` lists the rule ids
/// that ran, so a caller replaces exactly those (see [`FieldReport::merge_into`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldReport {
    pub kind: FormKind,
    pub pointer: String,
    pub rules: Vec<Cow<'static, str>>,
    pub issues: Vec<ReportIssue>,
}

/// Renders an issue in a locale: the article and the message from the rule's templates. The
/// issue's path and params move into the rendered one.
pub fn render(issue: Issue, locale: Locale) -> ReportIssue {
    ReportIssue {
        rule: Cow::Borrowed(issue.rule.id),
        severity: issue.severity,
        article: issue.rule.article.map(|a| a.text(locale)),
        message: message(issue.rule, issue.severity, &issue.params, locale),
        path: issue.path,
        params: issue.params,
    }
}

/// The message for rule + severity + params. The template is chosen by the `reason` param
/// when there is one; `{name}` placeholders are filled from params. A warning reported as an
/// error because its justification is missing gets the rule's request for one appended.
pub fn message(rule: &RuleMeta, severity: Severity, params: &Params, locale: Locale) -> Cow<'static, str> {
    let reason = params.text("reason").unwrap_or("");
    let template = rule.messages.template(reason, locale);
    let asks_justification = rule.severity == Severity::Warning && severity == Severity::Error;
    if !asks_justification && crate::util::find_byte(template, b'{').is_none() {
        return Cow::Borrowed(template);
    }
    let mut out = String::with_capacity(template.len() + 16);
    fill(&mut out, template, params, locale);
    if asks_justification {
        out.push_str(match locale {
            Locale::Zh => "；如确属特殊情况，请填写说明理由",
            Locale::En => "; if this is a justified exception, write the justification",
        });
    }
    Cow::Owned(out)
}

fn fill(out: &mut String, template: &str, params: &Params, locale: Locale) {
    let mut rest = template;
    while let Some(open) = crate::util::find_byte(rest, b'{') {
        // `get`, not indexing: the positions are ASCII braces, and no panic path is built.
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = crate::util::find_byte(after, b'}') else {
            out.push_str(rest.get(open..).unwrap_or_default());
            return;
        };
        let key = after.get(..close).unwrap_or_default();
        match params.get(key) {
            Some(Param::Int(n)) => crate::json::write_int(out, *n),
            Some(Param::Text(t)) => out.push_str(crate::labels::label(key, t, locale)),
            Some(Param::List(items)) => {
                let sep = if locale == Locale::Zh { "、" } else { ", " };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(sep);
                    }
                    out.push_str(crate::labels::label(key, item, locale));
                }
            }
            None => {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
}

// JSON text without serde, byte-identical to serde_json's (tests compare them); the small
// WASM build returns reports this way.
use crate::json::{write_int, write_str};

fn write_params(out: &mut String, params: &Params) {
    out.push('{');
    for (n, (k, v)) in params.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        match v {
            Param::Int(i) => write_int(out, *i),
            Param::Text(t) => write_str(out, t),
            Param::List(items) => crate::json::write_strs(out, items.iter().map(String::as_str)),
        }
    }
    out.push('}');
}

fn write_issues(out: &mut String, issues: &[ReportIssue]) {
    out.push('[');
    for (n, i) in issues.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"rule\":");
        write_str(out, &i.rule);
        out.push_str(",\"severity\":\"");
        out.push_str(i.severity.name());
        out.push_str("\",\"path\":");
        write_str(out, &i.path);
        out.push_str(",\"article\":");
        match &i.article {
            Some(article) => write_str(out, article),
            None => out.push_str("null"),
        }
        out.push_str(",\"message\":");
        write_str(out, &i.message);
        out.push_str(",\"params\":");
        write_params(out, &i.params);
        out.push('}');
    }
    out.push(']');
}

impl Report {
    /// The report as JSON text (what `serde_json::to_string` gives, without serde).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.issues.len() * 160);
        out.push_str("{\"kind\":");
        write_str(&mut out, self.kind.map_or("", FormKind::name));
        out.push_str(if self.valid { ",\"valid\":true,\"issues\":" } else { ",\"valid\":false,\"issues\":" });
        write_issues(&mut out, &self.issues);
        out.push('}');
        out
    }
}

impl FieldReport {
    /// The field report as JSON text (what `serde_json::to_string` gives, without serde).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(96 + self.issues.len() * 160);
        out.push_str("{\"kind\":");
        write_str(&mut out, self.kind.name());
        out.push_str(",\"pointer\":");
        write_str(&mut out, &self.pointer);
        out.push_str(",\"rules\":[");
        for (n, r) in self.rules.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            write_str(&mut out, r);
        }
        out.push_str("],\"issues\":");
        write_issues(&mut out, &self.issues);
        out.push('}');
        out
    }
}
