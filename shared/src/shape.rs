//! The shape of each form: field names in the form's order, JSON types and length limits, as
//! static data. One walk over a document against its shape finds every structural problem
//! (`input.type`, `input.unknown_field`, `input.date`, `text.too_long`) without stopping at the
//! first; the same shape orders issues by the form's field order and tells which fields exist.

use alloc::string::String;
use alloc::vec::Vec;

use crate::date::Date;
use crate::json::Value;
use crate::report::{Issue, Params};
use crate::rule::Severity;
use crate::rules::common::{INPUT_DATE, INPUT_TYPE, INPUT_UNKNOWN_FIELD, TEXT_TOO_LONG};

/// Names, titles, short labels.
pub const NAME_MAX: u32 = 100;
/// Free text.
pub const TEXT_MAX: u32 = 5000;
/// Any list.
pub const LIST_MAX: usize = 200;

#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Text(u32),
    /// Text restricted to these values; the value itself is judged by the field's rule.
    Enum(&'static [&'static str]),
    Int,
    Bool,
    Date,
}

#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Leaf(Ty),
    Obj(&'static [Field]),
    List(&'static Shape),
}

#[derive(Clone, Copy, Debug)]
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

/// The first `n` characters of `text` (all of it when shorter), cut at a character boundary.
fn first_chars(text: &str, n: usize) -> String {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    text.get(..end).unwrap_or(text).into()
}

fn issue(rule: &'static crate::rule::RuleMeta, path: &str, params: Params) -> Issue {
    Issue { rule, severity: Severity::Error, path: path.into(), params }
}

fn type_error(out: &mut Vec<Issue>, path: &str, expected: &'static str, got: &Value) {
    out.push(issue(INPUT_TYPE, path, Params::new().with("expected", expected).with("actual", got.type_name())));
}

/// Walks `value` against `shape`, pushing structural issues. `null` stands for "absent"
/// everywhere: whether a field is required is the business of the rules. `path` is the
/// pointer of `value` (issues' paths start with it); it is left as it was given.
pub fn validate(value: &Value, shape: &Shape, path: &mut String, out: &mut Vec<Issue>) {
    walk(value, shape, &mut Path { prefix: path, segs: Vec::new() }, out);
}

/// The path of the value being walked, kept as segments and written out only for an issue
/// (most fields have none, and writing every field's path was most of the walk's work).
struct Path<'p, 'v> {
    prefix: &'p str,
    segs: Vec<Seg<'v>>,
}

#[derive(Clone, Copy)]
enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

impl Path<'_, '_> {
    fn text(&self) -> String {
        let mut path = String::with_capacity(self.prefix.len() + 16 * self.segs.len());
        path.push_str(self.prefix);
        for seg in &self.segs {
            path.push('/');
            match *seg {
                Seg::Key(key) => push_escaped(&mut path, key),
                Seg::Index(i) => push_index(&mut path, i),
            }
        }
        path
    }
}

fn walk<'v>(value: &'v Value, shape: &Shape, path: &mut Path<'_, 'v>, out: &mut Vec<Issue>) {
    if value.is_null() {
        return;
    }
    match shape {
        Shape::Obj(fields) => {
            let Value::Object(entries) = value else {
                return type_error(out, &path.text(), "object", value);
            };
            for (key, v) in entries {
                path.segs.push(Seg::Key(key));
                match fields.iter().find(|f| f.name == key) {
                    Some(field) => walk(v, &field.shape, path, out),
                    None => {
                        let name = first_chars(key, 64);
                        out.push(issue(INPUT_UNKNOWN_FIELD, &path.text(), Params::new().with("field", name)));
                    }
                }
                path.segs.pop();
            }
        }
        Shape::List(item) => {
            let Value::Array(items) = value else {
                return type_error(out, &path.text(), "array", value);
            };
            if items.len() > LIST_MAX {
                out.push(issue(
                    TEXT_TOO_LONG,
                    &path.text(),
                    Params::new().with("reason", "items").with("max", LIST_MAX).with("actual", items.len()),
                ));
            }
            for (i, v) in items.iter().enumerate() {
                path.segs.push(Seg::Index(i));
                walk(v, item, path, out);
                path.segs.pop();
            }
        }
        Shape::Leaf(ty) => match (ty, value) {
            // No text holds U+0000 (PostgreSQL cannot store it; no form needs it): the field's
            // own rule stays silent (`forms::text_of`).
            (_, Value::Str(s)) if s.bytes().any(|b| b == 0) => {
                out.push(issue(INPUT_TYPE, &path.text(), Params::new().with("reason", "nul")));
            }
            // Text no longer in bytes than the limit is within it in characters: counted only
            // when it might not be.
            (Ty::Text(max), Value::Str(s)) if s.len() > *max as usize => {
                let n = crate::util::char_count(crate::util::trim(s));
                if n > *max as usize {
                    out.push(issue(TEXT_TOO_LONG, &path.text(), Params::new().with("max", i64::from(*max)).with("actual", n)));
                }
            }
            (Ty::Text(_) | Ty::Enum(_), Value::Str(_)) | (Ty::Int, Value::Int(_)) | (Ty::Bool, Value::Bool(_)) => {}
            (Ty::Date, Value::Str(s)) => {
                let s = crate::util::trim(s);
                if !s.is_empty() && Date::parse(s).is_none() {
                    out.push(issue(INPUT_DATE, &path.text(), Params::new()));
                }
            }
            (Ty::Text(_) | Ty::Enum(_), v) => type_error(out, &path.text(), "string", v),
            (Ty::Int, v) => type_error(out, &path.text(), "integer", v),
            (Ty::Bool, v) => type_error(out, &path.text(), "boolean", v),
            (Ty::Date, v) => type_error(out, &path.text(), "date", v),
        },
    }
}

/// What [`validate`] finds at or under `pointer` (a JSON Pointer into `value`, `""` for all of
/// it), walking only the ancestors on the way there and the subtree under it: exactly the
/// issues of the whole walk whose path is `pointer` or lies under it, in the same order.
pub fn validate_under(value: &Value, shape: &Shape, pointer: &str, out: &mut Vec<Issue>) {
    let mut path = String::with_capacity(pointer.len() + 16);
    match pointer.strip_prefix('/') {
        None if pointer.is_empty() => validate(value, shape, &mut path, out),
        None => {} // not a pointer: no path of the walk lies under it
        Some(rest) => descend(value, shape, &mut path, &mut crate::util::raw_segments(rest), out),
    }
}

/// One step of [`validate_under`]: `segs` are the pointer's raw (escaped) segments still to go.
fn descend<'p>(value: &Value, shape: &Shape, path: &mut String, segs: &mut (impl Iterator<Item = &'p str> + Clone), out: &mut Vec<Issue>) {
    let Some(seg) = segs.next() else {
        return validate(value, shape, path, out);
    };
    // Issues of the whole walk at an ancestor (a wrong type, an over-long list, a leaf) are
    // not under the pointer; neither is anything under a null.
    match (shape, value) {
        (Shape::Obj(fields), Value::Object(entries)) => {
            let last = segs.clone().next().is_none();
            // The walk names each key escaped; the pointer's raw segment must equal that name.
            // A segment without `~` is the name of the one key equal to it (a key with `~` or
            // `/` escapes to a name with `~`; a segment never holds `/`).
            let plain = !seg.contains('~');
            for (key, v) in entries.iter().filter(|(key, _)| if plain { key == seg } else { escaped_eq(key, seg) }) {
                let len = path.len();
                path.push('/');
                path.push_str(seg);
                match fields.iter().find(|f| f.name == key) {
                    Some(field) => descend(v, &field.shape, path, &mut segs.clone(), out),
                    None if last => {
                        let name = first_chars(key, 64);
                        out.push(issue(INPUT_UNKNOWN_FIELD, path, Params::new().with("field", name)));
                    }
                    None => {}
                }
                path.truncate(len);
            }
        }
        (Shape::List(item), Value::Array(items)) => {
            // The walk names items by their decimal index: `01` or `-` name none.
            let canonical = !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) && (seg == "0" || !seg.starts_with('0'));
            if let Some(v) = seg.parse::<usize>().ok().filter(|_| canonical).and_then(|i| items.get(i)) {
                let len = path.len();
                path.push('/');
                path.push_str(seg);
                descend(v, item, path, segs, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether `key`, escaped as a JSON Pointer segment, is `seg`.
fn escaped_eq(key: &str, seg: &str) -> bool {
    if !key.contains(['~', '/']) {
        return key == seg;
    }
    let mut escaped = String::with_capacity(key.len() + 4);
    push_escaped(&mut escaped, key);
    escaped == seg
}

/// Appends `key` escaped as a JSON Pointer segment (`~` → `~0`, `/` → `~1`).
fn push_escaped(path: &mut String, key: &str) {
    if !key.bytes().any(|b| b == b'~' || b == b'/') {
        return path.push_str(key);
    }
    for c in key.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

pub(crate) fn push_index(path: &mut String, i: usize) {
    crate::json::write_int(path, i as i64);
}

/// The sort key of a path in a form: per segment, the field's position in its object (unknown
/// fields after known ones) or the array index. Keys compare as those sequences do,
/// lexicographically (a prefix first).
///
/// Held without an allocation: while the walk is inside the shape, positions are kept (at most
/// the shape's depth, [`OrderKey::DEPTH`]; a test holds every form's shape to it); once a
/// segment leaves the shape every later one is `u32::MAX`, so only their count is kept.
#[derive(Clone, Copy, Debug)]
pub struct OrderKey {
    known: [u32; OrderKey::DEPTH],
    /// Entries of `known` in use.
    len: u8,
    /// Segments after the walk left the shape (each `u32::MAX`).
    beyond: u32,
}

impl OrderKey {
    pub const DEPTH: usize = 8;

    fn at(&self, i: usize) -> u32 {
        match self.known.get(i) {
            Some(&k) if i < self.len as usize => k,
            _ => u32::MAX,
        }
    }

    fn total(&self) -> usize {
        self.len as usize + self.beyond as usize
    }
}

impl PartialEq for OrderKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == core::cmp::Ordering::Equal
    }
}
impl Eq for OrderKey {}
impl PartialOrd for OrderKey {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrderKey {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        let n = self.total().min(other.total());
        // Past both `known` parts every entry is `u32::MAX` on both sides.
        for i in 0..n.min(self.len.max(other.len) as usize) {
            match self.at(i).cmp(&other.at(i)) {
                core::cmp::Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        self.total().cmp(&other.total())
    }
}

pub fn order_key(shape: &Shape, path: &str) -> OrderKey {
    let mut key = OrderKey { known: [0; OrderKey::DEPTH], len: 0, beyond: 0 };
    for pos in Positions::of(shape, path) {
        match pos {
            Some(pos) => {
                if let Some(slot) = key.known.get_mut(usize::from(key.len)) {
                    *slot = pos;
                }
                key.len += 1;
            }
            None => key.beyond += 1,
        }
    }
    key
}

/// `order_key(shape, path).cmp(key)`, working out `path`'s positions only until one differs
/// from `key`'s (a binary search over a report mostly decides on the first segment).
pub fn cmp_to_key(shape: &Shape, path: &str, key: &OrderKey) -> core::cmp::Ordering {
    let total = key.total();
    let mut i = 0;
    for pos in Positions::of(shape, path) {
        if i >= total {
            return core::cmp::Ordering::Greater;
        }
        match pos.unwrap_or(u32::MAX).cmp(&key.at(i)) {
            core::cmp::Ordering::Equal => i += 1,
            unequal => return unequal,
        }
    }
    i.cmp(&total)
}

/// A path's order-key entries, one per segment: `Some(position)` while inside the shape (and
/// within [`OrderKey::DEPTH`]), `None` (ordered as `u32::MAX`) once a segment has left it.
struct Positions<'s, 'p> {
    segments: Option<crate::util::RawSegments<'p>>,
    cur: Option<&'s Shape>,
    depth: usize,
}

impl<'s, 'p> Positions<'s, 'p> {
    fn of(shape: &'s Shape, path: &'p str) -> Self {
        // Raw segments, not unescaped ones: field names hold neither `~` nor `/`, so a segment
        // with an escape in it names no known field either way, and no index parses from it.
        Positions { segments: path.strip_prefix('/').map(crate::util::raw_segments), cur: Some(shape), depth: 0 }
    }
}

impl Iterator for Positions<'_, '_> {
    type Item = Option<u32>;
    fn next(&mut self) -> Option<Option<u32>> {
        let seg = self.segments.as_mut()?.next()?;
        let Some(shape) = self.cur else { return Some(None) };
        // Within the shape's depth (a test holds every form to DEPTH); beyond it, as if the
        // segment had left the shape (never reached).
        if self.depth >= OrderKey::DEPTH {
            self.cur = None;
            return Some(None);
        }
        let (pos, next) = match shape {
            Shape::Obj(fields) => match fields.iter().position(|f| f.name == seg) {
                Some(i) => (i as u32, Some(&fields[i].shape)),
                None => (u32::MAX, None),
            },
            Shape::List(item) => (seg.parse::<u32>().unwrap_or(u32::MAX), Some(*item)),
            Shape::Leaf(_) => (u32::MAX, None),
        };
        self.depth += 1;
        self.cur = next;
        Some(Some(pos))
    }
}

/// The depth of a shape: the most segments a path inside it has.
pub fn depth(shape: &Shape) -> usize {
    match shape {
        Shape::Leaf(_) => 0,
        Shape::Obj(fields) => 1 + fields.iter().map(|f| depth(&f.shape)).max().unwrap_or(0),
        Shape::List(item) => 1 + depth(item),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// The sort key as plain sequences (what [`OrderKey`] must order like).
    fn key_as_vec(shape: &Shape, path: &str) -> Vec<u32> {
        let mut key = Vec::new();
        let mut cur = Some(shape);
        for seg in crate::json::segments(path).into_iter().flatten() {
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

    #[test]
    fn every_form_fits_the_order_key() {
        for kind in crate::FormKind::ALL {
            assert!(depth(kind.shape()) < OrderKey::DEPTH, "{kind:?}");
        }
    }

    #[test]
    fn order_keys_order_as_their_sequences() {
        let shape = crate::FormKind::Application.shape();
        let mut paths: Vec<String> = vec![String::new(), "x".into(), "/".into()];
        for p in leaf_patterns(shape) {
            for idx in ["0", "1", "10", "2", "x", "~1", "+1", "252", "253", "254", "4294967294"] {
                paths.push(p.replace('*', idx));
            }
            paths.push(format!("{}/deeper/still/more/and/more/and/more/x", p.replace('*', "3")));
            paths.push(format!("{}/deeper/still/more/and/more/and/more", p.replace('*', "3")));
        }
        for extra in [
            "/unknown",
            "/unknown/a",
            "/unknown/a/b/c/d/e/f/g/h/i",
            "/unknown/b/c",
            "/unit/zz/a/b/c/d/e/f/g",
            "/unit~1name",
            "/unit/name/x",
        ] {
            paths.push(extra.into());
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(order_key(shape, a).cmp(&order_key(shape, b)), key_as_vec(shape, a).cmp(&key_as_vec(shape, b)), "{a:?} {b:?}");
                assert_eq!(cmp_to_key(shape, a, &order_key(shape, b)), key_as_vec(shape, a).cmp(&key_as_vec(shape, b)), "{a:?} {b:?}");
            }
        }
    }
}
