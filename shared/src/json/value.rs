//! The value type: what a document is once read, its JSON Pointer helpers, and its serde
//! (de)serialisation (the server's and the app's `wasm` build's way in).

use alloc::borrow::{Cow, ToOwned};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Largest integer a JavaScript number holds exactly.
pub(super) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not a safe integer (fractional, or too large).
    Float(f64),
    Str(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The JSON type name, as used in `input.type` params.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value at an RFC 6901 JSON Pointer (`""` is the whole document).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        let mut cur = self;
        for seg in segments(pointer)? {
            cur = match cur {
                Value::Object(entries) => entries.iter().find(|(k, _)| *k == seg).map(|(_, v)| v)?,
                Value::Array(items) => items.get(parse_index(&seg)?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Sets the value at a JSON Pointer, creating what is missing on the way: an array where the
    /// next segment is an index (`0` or `-`), an object otherwise; an array grows by one when
    /// the index equals its length, or with `-`. Returns false when the pointer cannot be
    /// followed (through a scalar, or an index beyond the end). Every caller (the app's fields
    /// and "add" buttons) relies on this to start a list from nothing.
    pub fn set_pointer(&mut self, pointer: &str, value: Value) -> bool {
        let Some(segs) = segments(pointer) else {
            return false;
        };
        let mut cur = self;
        for seg in segs {
            if cur.is_null() {
                *cur = if seg == "-" || parse_index(&seg).is_some() { Value::Array(Vec::new()) } else { Value::Object(Vec::new()) };
            }
            cur = match cur {
                Value::Object(entries) => match entries.iter().position(|(k, _)| *k == seg) {
                    Some(i) => &mut entries[i].1,
                    None => {
                        entries.push((seg.into_owned(), Value::Null));
                        &mut entries.last_mut().expect("just pushed").1
                    }
                },
                Value::Array(items) => {
                    let i = if seg == "-" {
                        items.len()
                    } else {
                        match parse_index(&seg) {
                            Some(i) => i,
                            None => return false,
                        }
                    };
                    if i == items.len() {
                        items.push(Value::Null);
                    }
                    match items.get_mut(i) {
                        Some(v) => v,
                        None => return false,
                    }
                }
                _ => return false,
            };
        }
        *cur = value;
        true
    }

    /// Removes the value at a JSON Pointer (an array element shifts the rest down).
    pub fn remove_pointer(&mut self, pointer: &str) -> Option<Value> {
        let mut segs: Vec<Cow<'_, str>> = segments(pointer)?.collect();
        let last = segs.pop()?;
        let mut cur = self;
        for seg in segs {
            cur = match cur {
                Value::Object(entries) => entries.iter_mut().find(|(k, _)| *k == seg).map(|(_, v)| v)?,
                Value::Array(items) => items.get_mut(parse_index(&seg)?)?,
                _ => return None,
            };
        }
        match cur {
            Value::Object(entries) => {
                let i = entries.iter().position(|(k, _)| *k == last)?;
                Some(entries.remove(i).1)
            }
            Value::Array(items) => {
                let i = parse_index(&last)?;
                (i < items.len()).then(|| items.remove(i))
            }
            _ => None,
        }
    }

    /// Nesting depth (a scalar is 0).
    pub fn depth(&self) -> usize {
        match self {
            Value::Array(items) => 1 + items.iter().map(Value::depth).max().unwrap_or(0),
            Value::Object(entries) => 1 + entries.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }
}

/// Splits a JSON Pointer into unescaped segments (borrowed from the pointer unless they hold
/// an escape); `None` if it does not start with `/`.
pub fn segments(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = if pointer.is_empty() { None } else { Some(pointer.strip_prefix('/')?) };
    Some(
        rest.into_iter()
            .flat_map(crate::util::raw_segments)
            .map(|s| if s.as_bytes().contains(&b'~') { Cow::Owned(unescape_segment(s)) } else { Cow::Borrowed(s) }),
    )
}

/// `~1` → `/`, `~0` → `~` in one pass (what replacing `~1` then `~0` gives).
fn unescape_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.clone().next() {
                Some('1') => {
                    out.push('/');
                    chars.next();
                    continue;
                }
                Some('0') => {
                    out.push('~');
                    chars.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// Escapes one key for use as a JSON Pointer segment.
pub fn escape_segment(key: &str) -> String {
    if key.contains(['~', '/']) { key.replace('~', "~0").replace('/', "~1") } else { key.to_owned() }
}

fn parse_index(seg: &str) -> Option<usize> {
    if seg.is_empty() || (seg.len() > 1 && seg.starts_with('0')) || !seg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    seg.parse().ok()
}

pub(super) fn number(v: f64) -> Value {
    // Within ±2^53 the cast is exact for integers, so this is "no fractional part".
    if v.abs() <= MAX_SAFE && (v as i64) as f64 == v { Value::Int(v as i64) } else { Value::Float(v) }
}

fn int(v: i64) -> Value {
    if (v as f64).abs() <= MAX_SAFE { Value::Int(v) } else { Value::Float(v as f64) }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => int(v),
            Err(_) => Value::Float(v as f64),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Deserialize::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            entries.push((k, v));
        }
        dedupe_keep_last(&mut entries);
        Ok(Value::Object(entries))
    }
}

/// A repeated key keeps its last value at its first position (what `JSON.parse` does).
pub(super) fn dedupe_keep_last(entries: &mut Vec<(String, Value)>) {
    if entries.len() < 2 {
        return;
    }
    // A repeated key is rare: a small object is cleared of it by comparing each key with the
    // ones before it (a key of another length costs one comparison), without the sort's
    // allocation and its calls through `less`.
    if entries.len() <= 32 && !(1..entries.len()).any(|j| entries[..j].iter().any(|(k, _)| *k == entries[j].0)) {
        return;
    }
    // Equal keys are adjacent in the stable order, earliest first.
    let order = crate::util::order_by(entries.len(), &|a, b| entries[a].0 < entries[b].0);
    let mut keep: Vec<bool> = Vec::new();
    let mut run = 0;
    while run < order.len() {
        let mut end = run + 1;
        while end < order.len() && entries[order[end]].0 == entries[order[run]].0 {
            end += 1;
        }
        if end - run > 1 {
            if keep.is_empty() {
                keep.resize(entries.len(), true);
            }
            let (first, last) = (order[run], order[end - 1]);
            entries[first].1 = core::mem::take(&mut entries[last].1);
            for &i in &order[run + 1..end] {
                keep[i] = false;
            }
        }
        run = end;
    }
    if !keep.is_empty() {
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => s.serialize_f64(*f),
            Value::Str(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Builds an object value from pairs (tests, the server's context).
pub fn object<I: IntoIterator<Item = (&'static str, Value)>>(pairs: I) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Str(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Str(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

/// Whether `path` is `pointer` or lies under it.
pub fn path_under(path: &str, pointer: &str) -> bool {
    pointer.is_empty() || path == pointer || (path.starts_with(pointer) && path.as_bytes().get(pointer.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::Value;
    use crate::json::parse;

    #[test]
    fn paths_under() {
        assert!(super::path_under("/unit/name", "/unit"));
        assert!(!super::path_under("/unitx", "/unit"));
        assert!(super::path_under("/unit", "/unit"));
        assert!(super::path_under("/a", ""));
    }

    fn doc(text: &str) -> Value {
        parse(text, 32).unwrap()
    }

    /// Setting under a missing parent: an index (or `-`) makes an array, a name an object, at
    /// every level; existing lists grow by one at their end; nothing else is followed.
    #[test]
    fn set_pointer_creates_what_is_missing() {
        let cases: &[(&str, &str, &str, bool, &str)] = &[
            // The first item of a list nobody has touched yet (the app's "add" buttons).
            ("{}", "/partners/0", "{}", true, r#"{"partners":[{}]}"#),
            ("{}", "/partners/-", "{}", true, r#"{"partners":[{}]}"#),
            ("{}", "/partners/0/name", r#""甲""#, true, r#"{"partners":[{"name":"甲"}]}"#),
            ("{}", "/evidence/0", r#""报告""#, true, r#"{"evidence":["报告"]}"#),
            ("{}", "/a/0/b/0", "1", true, r#"{"a":[{"b":[1]}]}"#),
            (r#"{"partners":null}"#, "/partners/0", "{}", true, r#"{"partners":[{}]}"#),
            // A name makes an object, even under a list item.
            ("{}", "/unit/name", r#""乙""#, true, r#"{"unit":{"name":"乙"}}"#),
            ("{}", "/years/0/year", "2027", true, r#"{"years":[{"year":2027}]}"#),
            // Existing lists: replace, append at the length or with `-`; not beyond.
            (r#"{"l":[1]}"#, "/l/0", "2", true, r#"{"l":[2]}"#),
            (r#"{"l":[1]}"#, "/l/1", "2", true, r#"{"l":[1,2]}"#),
            (r#"{"l":[1]}"#, "/l/-", "2", true, r#"{"l":[1,2]}"#),
            (r#"{"l":[]}"#, "/l/1", "2", false, r#"{"l":[]}"#),
            ("{}", "/l/1", "2", false, r#"{"l":[]}"#),
            // Not an index: a leading zero, a name into a list, a path through a scalar.
            (r#"{"l":[1]}"#, "/l/01", "2", false, r#"{"l":[1]}"#),
            (r#"{"l":[1]}"#, "/l/x", "2", false, r#"{"l":[1]}"#),
            (r#"{"s":"x"}"#, "/s/0", "2", false, r#"{"s":"x"}"#),
            ("{}", "", "[1]", true, "[1]"),
            ("{}", "no-slash", "1", false, "{}"),
        ];
        for (before, pointer, value, ok, after) in cases {
            let mut d = doc(before);
            assert_eq!(d.set_pointer(pointer, doc(value)), *ok, "{before} {pointer}");
            assert_eq!(d, doc(after), "{before} {pointer} {value}");
        }
    }
}
