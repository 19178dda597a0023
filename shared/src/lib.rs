//! # aii-rules
//!
//! Every rule of the 《工业互联网产业联盟实训基地管理办法（试行）》 (the AII Training Base
//! Management Measures) as code, one source of truth for the server (native) and the browser
//! (WASM). Pure Rust: no I/O, no async, no clock (today's date is an input), no HTTP, database
//! or DOM types.
//!
//! ```
//! use aii_rules::{check, Date, FormKind, Locale, Options, Value};
//! let doc: Value = serde_json::from_str(r#"{"facilities": {"simultaneous_trainees": 12}}"#).unwrap();
//! let opts = Options { locale: Locale::Zh, today: Date::parse("2027-03-01").unwrap() };
//! let report = check(FormKind::Application, &doc, &opts, None);
//! let capacity = report.issues.iter().find(|i| i.rule == "art7.3.capacity").unwrap();
//! assert_eq!(capacity.message, "实训环境须满足20位以上学员同时动手操作（当前：12）");
//! ```

// The widget's build (`cfg(widget)`, set by build.rs: feature `widget` alone, on wasm32) goes
// without std: no panic messages or `core::fmt` machinery behind them, and a small allocator
// (see `wasm::small`). Every other build (the server, the app's feature `wasm`, the tests)
// keeps std. Its smaller alternatives of ordinary functions are in `compact`.
#![cfg_attr(widget, no_std)]

extern crate alloc;
// The rules' table tests (`rules::table`) share the integration tests' fixtures, which name the
// crate.
#[cfg(test)]
extern crate self as aii_rules;

pub mod catalog;
mod compact;
pub mod context;
pub mod date;
mod declare;
pub mod engine;
pub mod forms;
pub mod ids;
mod index;
pub mod json;
pub mod kind;
mod labels;
pub mod order;
pub mod report;
pub mod rule;
pub mod rules;
pub mod shape;
mod util;
#[cfg(feature = "widget")]
pub mod wasm;

pub use catalog::{RULESET_VERSION, catalog};
pub use context::{
    BaseLookup, BaseRecord, Context, CycleTaken, EvaluationContext, OfficerTerm, SelectionWindow, UnitCycle, evaluation_cycle,
};
pub use date::Date;
pub use engine::{FormKind, Options, check, check_field};
pub use forms::Val;
pub use ids::{ResidentId, Uscc, mask};
pub use json::Value;
pub use report::{FieldReport, Issue, Params, Report, ReportIssue, message, render};
pub use rule::{Locale, RuleMeta, Scope, Severity};
pub use rules::application::full_base_name;

/// Renders one issue of a rule by id (the server uses it for what only it decides, such as
/// `art8.one_per_cycle` from a uniqueness constraint, or `input.*` for unreadable bodies).
pub fn issue(rule_id: &str, path: &str, params: Params, locale: Locale) -> Option<ReportIssue> {
    let meta = rules::all::meta(rule_id)?;
    Some(render(Issue { rule: meta, severity: meta.severity, path: path.into(), params }, locale))
}
