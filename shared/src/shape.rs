//! The shape of each form: field names in the form's order, JSON types and length limits, as
//! static data. One walk over a document against its shape finds every structural problem
//! (`input.type`, `input.unknown_field`, `input.date`, `text.too_long`) without stopping at the
//! first; the same shape orders issues by the form's field order and tells which fields exist.

use alloc::string::String;
use alloc::vec::Vec;

use crate::date::Date;
use crate::json::{Value, escape_segment, segments};
use crate::report::{Issue, Params};
use crate::rule::Severity;
use crate::rules::common::{INPUT_DATE, INPUT_TYPE, INPUT_UNKNOWN_FIELD, TEXT_TOO_LONG};

/// Names, titles, short labels.
pub const NAME_MAX: u32 = 100;
/// Free text.
pub const TEXT_MAX: u32 = 5000;
/// Any list.
pub const LIST_MAX: usize = 200;

#[derive(Debug)]
pub enum Ty {
    Text(u32),
    /// Text restricted to these values; the value itself is judged by the field's rule.
    Enum(&'static [&'static str]),
    Int,
    Bool,
    Date,
}

#[derive(Debug)]
pub enum Shape {
    Leaf(Ty),
    Obj(&'static [Field]),
    List(&'static Shape),
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
}

pub const fn f(name: &'static str, shape: Shape) -> Field {
    Field { name, shape }
}
pub const fn text(max: u32) -> Shape {
    Shape::Leaf(Ty::Text(max))
}
pub const NAME: Shape = text(NAME_MAX);
pub const TEXT: Shape = text(TEXT_MAX);
pub const INT: Shape = Shape::Leaf(Ty::Int);
pub const BOOL: Shape = Shape::Leaf(Ty::Bool);
pub const DATE: Shape = Shape::Leaf(Ty::Date);

fn issue(rule: &'static crate::rule::RuleMeta, path: &str, params: Params) -> Issue {
    Issue { rule, severity: Severity::Error, path: path.into(), params }
}

fn type_error(out: &mut Vec<Issue>, path: &str, expected: &'static str, got: &Value) {
    out.push(issue(INPUT_TYPE, path, Params::new().with("expected", expected).with("actual", got.type_name())));
}

/// Walks `value` against `shape`, pushing structural issues. `null` stands for "absent"
/// everywhere: whether a field is required is the business of the rules.
pub fn validate(value: &Value, shape: &Shape, path: &mut String, out: &mut Vec<Issue>) {
    if value.is_null() {
        return;
    }
    match shape {
        Shape::Obj(fields) => {
            let Value::Object(entries) = value else {
                return type_error(out, path, "object", value);
            };
            for (key, v) in entries {
                let len = path.len();
                path.push('/');
                path.push_str(&escape_segment(key));
                match fields.iter().find(|f| f.name == key) {
                    Some(field) => validate(v, &field.shape, path, out),
                    None => {
                        let name: String = key.chars().take(64).collect();
                        out.push(issue(INPUT_UNKNOWN_FIELD, path, Params::new().with("field", name)));
                    }
                }
                path.truncate(len);
            }
        }
        Shape::List(item) => {
            let Value::Array(items) = value else {
                return type_error(out, path, "array", value);
            };
            if items.len() > LIST_MAX {
                out.push(issue(
                    TEXT_TOO_LONG,
                    path,
                    Params::new().with("reason", "items").with("max", LIST_MAX).with("actual", items.len()),
                ));
            }
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                push_index(path, i);
                validate(v, item, path, out);
                path.truncate(len);
            }
        }
        Shape::Leaf(ty) => match (ty, value) {
            (Ty::Text(max), Value::Str(s)) => {
                let n = s.trim().chars().count();
                if n > *max as usize {
                    out.push(issue(TEXT_TOO_LONG, path, Params::new().with("max", i64::from(*max)).with("actual", n)));
                }
            }
            (Ty::Enum(_), Value::Str(_)) | (Ty::Int, Value::Int(_)) | (Ty::Bool, Value::Bool(_)) => {}
            (Ty::Date, Value::Str(s)) => {
                if !s.trim().is_empty() && Date::parse(s.trim()).is_none() {
                    out.push(issue(INPUT_DATE, path, Params::new()));
                }
            }
            (Ty::Text(_) | Ty::Enum(_), v) => type_error(out, path, "string", v),
            (Ty::Int, v) => type_error(out, path, "integer", v),
            (Ty::Bool, v) => type_error(out, path, "boolean", v),
            (Ty::Date, v) => type_error(out, path, "date", v),
        },
    }
}

pub(crate) fn push_index(path: &mut String, i: usize) {
    use core::fmt::Write;
    let _ = write!(path, "{i}");
}

/// The sort key of a path in a form: per segment, the field's position in its object (unknown
/// fields after known ones) or the array index.
pub fn order_key(shape: &Shape, path: &str) -> Vec<u32> {
    let mut key = Vec::new();
    let mut cur = Some(shape);
    for seg in segments(path).unwrap_or_default() {
        let (pos, next) = match cur {
            Some(Shape::Obj(fields)) => match fields.iter().position(|f| f.name == seg) {
                Some(i) => (i as u32, Some(&fields[i].shape)),
                None => (u32::MAX, None),
            },
            Some(Shape::List(item)) => (seg.parse::<u32>().unwrap_or(u32::MAX), Some(*item)),
            _ => (u32::MAX, None),
        };
        key.push(pos);
        cur = next;
    }
    key
}

/// Every leaf pointer of a shape, with `*` for array indices (the catalogue, the widget, docs).
pub fn leaf_patterns(shape: &Shape) -> Vec<String> {
    fn walk(shape: &Shape, path: &mut String, out: &mut Vec<String>) {
        match shape {
            Shape::Leaf(_) => out.push(path.clone()),
            Shape::Obj(fields) => {
                for field in *fields {
                    let len = path.len();
                    path.push('/');
                    path.push_str(field.name);
                    walk(&field.shape, path, out);
                    path.truncate(len);
                }
            }
            Shape::List(item) => {
                let len = path.len();
                path.push_str("/*");
                walk(item, path, out);
                path.truncate(len);
            }
        }
    }
    let mut out = Vec::new();
    walk(shape, &mut String::new(), &mut out);
    out
}
