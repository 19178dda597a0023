//! The applicant pages' JSON, without serde: documents are the rules crate's own `Value`,
//! read with its serde-free reader and written here; the server's answers (reports, receipts,
//! the status view, a returned document) are read field by field into `aii-api`'s wire types. Keeping serde's generic
//! (de)serialisers out of the applicant's bundle keeps it small (BENCHMARKS.md); the review
//! desk's bundle may use serde.

use std::borrow::Cow;

use aii_api::registry::{BaseStatus, PublicBase};
use aii_api::{BaseRef, HistoryItem, Status, SubmissionStatus};
use aii_rules::json::{write_int, write_str};
use aii_rules::report::{Param, Params};
use aii_rules::{FormKind, Report, ReportIssue, Severity, Value};
use wasm_bindgen::JsValue;

/// Nesting the app reads: far deeper than any form.
const MAX_DEPTH: usize = 64;

/// JSON text of a value.
pub fn to_json(v: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, v);
    out
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => write_int(out, *n),
        // The browser writes numbers the app never makes itself (core's float formatting
        // would cost the bundle kilobytes).
        Value::Float(f) => {
            out.push_str(&js_sys::JSON::stringify(&JsValue::from_f64(*f)).ok().and_then(|s| s.as_string()).unwrap_or("null".into()))
        }
        Value::Str(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(pairs) => {
            out.push('{');
            for (i, (k, item)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// A value from JSON text; `None` when it is not JSON. In the browser a non-integer number is
/// read by `Number.parseFloat` (exact on JSON's grammar), not `f64::from_str`, whose tables
/// would cost the bundle 11 kB gzip (`aii_rules::json::parse_with`).
pub fn from_json(text: &str) -> Option<Value> {
    #[cfg(target_arch = "wasm32")]
    let read = aii_rules::json::parse_with(text, MAX_DEPTH, |_, _, _, written| js_sys::Number::parse_float(written));
    #[cfg(not(target_arch = "wasm32"))]
    let read = aii_rules::json::parse(text, MAX_DEPTH);
    read.ok()
}

/// The text at `key`: `None` when absent, `null` or not text (a required field's `None`
/// refuses the answer, an optional one's is its `null`).
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_owned)
}

pub fn report(v: &Value) -> Option<Report> {
    let issues = v.get("issues")?.as_array()?.iter().map(issue).collect::<Option<Vec<_>>>()?;
    let valid = matches!(v.get("valid"), Some(Value::Bool(true)));
    let kind = match v.get("kind")?.as_str()? {
        "" => None,
        name => Some(FormKind::parse(name)?),
    };
    Some(Report { kind, valid, issues })
}

fn issue(v: &Value) -> Option<ReportIssue> {
    let severity = match v.get("severity")?.as_str()? {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        _ => return None,
    };
    let mut params = Params::new();
    if let Some(Value::Object(pairs)) = v.get("params") {
        for (k, p) in pairs {
            let param = match p {
                Value::Int(n) => Param::Int(*n),
                Value::Str(s) => Param::Text(Cow::Owned(s.clone())),
                Value::Array(items) => Param::List(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect()),
                _ => continue,
            };
            params.insert(Cow::Owned(k.clone()), param);
        }
    }
    Some(ReportIssue {
        rule: text(v, "rule")?.into(),
        severity,
        path: text(v, "path")?,
        // `null` for a generic rule (`text.*`, `id.*`, …), which cites no article.
        article: text(v, "article").map(Into::into),
        message: text(v, "message")?.into(),
        params,
    })
}

/// The 201 answer: the submission's id, status and receipt.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    pub id: String,
    pub status: String,
    pub receipt: String,
}

/// The 201 answer of a submission.
pub fn receipt(v: &Value) -> Option<Receipt> {
    Some(Receipt { id: text(v, "id")?, status: text(v, "status")?, receipt: text(v, "receipt")? })
}

fn status_at(v: &Value, key: &str) -> Option<Status> {
    Status::parse(v.get(key)?.as_str()?)
}

/// The applicant's status view (`aii_api::SubmissionStatus`).
pub fn status(v: &Value) -> Option<SubmissionStatus> {
    let history = v
        .get("history")?
        .as_array()?
        .iter()
        .map(|h| Some(HistoryItem { status: status_at(h, "status")?, at: text(h, "at")?, note: text(h, "note") }))
        .collect::<Option<Vec<_>>>()?;
    Some(SubmissionStatus {
        id: text(v, "id")?,
        kind: FormKind::parse(v.get("kind")?.as_str()?)?,
        status: status_at(v, "status")?,
        submitted_at: text(v, "submitted_at")?,
        updated_at: text(v, "updated_at")?,
        ruleset_version: text(v, "ruleset_version")?,
        content_hash: text(v, "content_hash")?,
        base: v.get("base").filter(|b| !b.is_null()).and_then(|b| Some(BaseRef { id: text(b, "id")?, full_name: text(b, "full_name")? })),
        history,
        certificate: text(v, "certificate"),
        attachments: attachments(v),
    })
}

/// The `attachments` of an answer (`aii_api::attachments::Attachment`); none when absent.
pub fn attachments(v: &Value) -> Vec<aii_api::attachments::Attachment> {
    let Some(list) = v.get("attachments").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|a| {
            Some(aii_api::attachments::Attachment {
                id: text(a, "id")?,
                name: text(a, "name")?,
                media_type: text(a, "media_type")?,
                size: match a.get("size")? {
                    Value::Int(n) => *n,
                    _ => return None,
                },
                sha256: text(a, "sha256")?,
                uploaded_at: text(a, "uploaded_at").unwrap_or_default(),
            })
        })
        .collect()
}

/// `GET /api/v1/registry` → `{ "bases": [ { id, full_name, responsible_name, directions,
/// status, certified_on } ] }`: the one place that reads it.
pub fn registry(v: &Value) -> Option<Vec<PublicBase>> {
    v.get("bases")?
        .as_array()?
        .iter()
        .map(|b| {
            Some(PublicBase {
                id: text(b, "id")?,
                full_name: text(b, "full_name")?,
                responsible_name: text(b, "responsible_name").unwrap_or_default(),
                directions: b
                    .get("directions")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
                status: BaseStatus::parse(b.get("status")?.as_str()?)?,
                certified_on: text(b, "certified_on"),
                certificate: text(b, "certificate"),
                results: b.get("results").and_then(results).unwrap_or_default(),
            })
        })
        .collect()
}

/// Published results (`aii_api::registry::PublishedResult`): `GET /api/v1/results`'s
/// `results`, a registry entry's `results`.
pub fn results(v: &Value) -> Option<Vec<aii_api::registry::PublishedResult>> {
    let int = |r: &Value, k: &str| match r.get(k) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    v.as_array()?
        .iter()
        .map(|r| {
            Some(aii_api::registry::PublishedResult {
                base_id: text(r, "base_id")?,
                base_name: text(r, "base_name")?,
                from_year: int(r, "from_year"),
                to_year: int(r, "to_year"),
                result: text(r, "result")?,
                decided_on: text(r, "decided_on")?,
                grounds: r
                    .get("grounds")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|g| if let Value::Int(n) = g { Some(*n) } else { None }).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_text() {
        let text = r#"{"a":[1,-2,"x\"y\n中"],"b":{"c":null,"d":true,"e":false},"f":""}"#;
        let v = from_json(text).unwrap();
        assert_eq!(to_json(&v), text);
    }

    #[test]
    fn a_report_reads_as_the_rules_crate_wrote_it() {
        let doc = Value::Object(vec![("cycle".into(), Value::Str("x".into()))]);
        let opts = aii_rules::Options { locale: aii_rules::Locale::En, today: aii_rules::Date::parse("2027-03-01").unwrap() };
        let original = aii_rules::check(aii_rules::FormKind::Application, &doc, &opts, None);
        assert!(!original.issues.is_empty());
        let text = serde_json::to_string(&original).unwrap();
        assert_eq!(report(&from_json(&text).unwrap()), Some(original));
    }

    #[test]
    fn answers_read_field_by_field() {
        let v = from_json(r#"{"id":"s1","status":"submitted","receipt":"r","issues":[]}"#).unwrap();
        assert_eq!(receipt(&v).map(|r| r.receipt), Some("r".into()));
        let v = from_json(
            r#"{"id":"s1","kind":"application","status":"returned","submitted_at":"t0","updated_at":"t1","ruleset_version":"v",
                "content_hash":"h","history":[{"status":"submitted","at":"t0","note":null},{"status":"returned","at":"t1","note":"fix"}]}"#,
        )
        .unwrap();
        let s = status(&v).unwrap();
        assert_eq!((s.history.len(), s.history[1].note.as_deref()), (2, Some("fix")));
        assert!(status(&from_json(r#"{"id":"s1"}"#).unwrap()).is_none());
    }

    #[test]
    fn the_public_registry_reads_as_the_contract_gives_it() {
        let v = from_json(
            r#"{"bases":[{"id":"b1","full_name":"工业互联网产业联盟长三角智造实训基地（示例大学）","responsible_name":"示例大学",
                "directions":["network.implementation"],"status":"certified","certified_on":"2027-03-01"},
                {"id":"b2","full_name":"N","responsible_name":"U","directions":[],"status":"revoked","certified_on":null}]}"#,
        )
        .unwrap();
        let bases = registry(&v).unwrap();
        assert_eq!(bases.len(), 2);
        assert_eq!(bases[0].directions, vec!["network.implementation".to_owned()]);
        assert_eq!(bases[0].certified_on.as_deref(), Some("2027-03-01"));
        assert_eq!((bases[1].status.as_str(), bases[1].certified_on.as_deref()), ("revoked", None));
        assert!(registry(&from_json(r#"{"items":[]}"#).unwrap()).is_none());
    }
}
