//! A small JSON value type of our own.
//!
//! Why not `serde_json::Value`: the WASM builds must not carry serde_json, and both sides must
//! read a document the same way. `Value` implements `Deserialize` (so the server reads it with
//! serde_json and the browser with serde-wasm-bindgen straight from a JS object) and `Serialize`.
//!
//! Numbers: a number with no fractional part within ±2^53 is an [`Value::Int`] whatever its
//! spelling (`40`, `40.0`, `4e1`), exactly as JavaScript sees it, so native and WASM agree.
//! Objects keep their key order; a repeated key keeps the last value, as `JSON.parse` does.

use alloc::borrow::{Cow, ToOwned};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Largest integer a JavaScript number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

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

fn number(v: f64) -> Value {
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
fn dedupe_keep_last(entries: &mut Vec<(String, Value)>) {
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

/// Why a JSON text could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON (with the byte offset where reading stopped).
    Syntax(usize),
    /// Nested deeper than the limit given.
    TooDeep,
}

/// Reads a JSON text (RFC 8259) into a [`Value`] without serde: the small WASM builds use it
/// on the text `JSON.stringify` gives them. It reads exactly what serde_json and `JSON.parse`
/// accept and builds the same value (numbers as [`Value`] describes, repeated keys keep the
/// last value). `max_depth` bounds nesting.
pub fn parse(text: &str, max_depth: usize) -> Result<Value, ParseError> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: 0, depth: 0, max_depth };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        return Err(ParseError::Syntax(p.i));
    }
    Ok(v)
}

/// Reads a document from the widget's tape: how its module (`widget/aii-validator.js`,
/// `toTape`) hands a JS value over without JSON text, so that the widget's build carries no JSON
/// reader. `tape` holds, in document order, a tag per value with what follows it:
/// `0` null, `1` false, `2` true, `3` a number (then the number), `4` a string (then its
/// length in UTF-16 units), `5` an array (then its length, then the items), `6` an object
/// (then its entry count, then per entry the key's length and the value), `7` a container
/// nested deeper than the module's limit. `text` is every string and key, in order, joined.
///
/// The module writes what `JSON.stringify` would (`toJSON`, skipped `undefined`, non-finite
/// numbers as null), so the value read is the one `parse` reads from that text; numbers are
/// [`Value::Int`] or [`Value::Float`] as for any other source, and keys come as the JS object
/// has them (never repeated). A value with a string that is not Unicode text (a lone UTF-16
/// surrogate, which `JSON.stringify` escapes and no JSON reader of ours or serde_json's takes)
/// is the tape `[8]`: [`TapeError::NotUnicode`]. A tape that runs short, has anything left
/// over, or a tag or count that is not a whole number in range is [`TapeError::Malformed`]; no
/// tape makes it panic or loop beyond the tape's length.
pub fn from_tape(tape: &[f64], text: &str, max_depth: usize) -> Result<Value, TapeError> {
    let mut r = Tape::new(tape, text, max_depth);
    let v = r.value()?;
    r.finish()?;
    Ok(v)
}

/// A tape of several values one after the other (the widget's call: its head, then the
/// document), read value by value.
pub struct Tape<'a>(TapeReader<'a>);

impl<'a> Tape<'a> {
    pub fn new(tape: &'a [f64], text: &'a str, max_depth: usize) -> Tape<'a> {
        Tape(TapeReader { tape: tape.iter(), text, depth: max_depth })
    }

    /// The next value, as [`from_tape`] reads one.
    pub fn value(&mut self) -> Result<Value, TapeError> {
        self.0.value()
    }

    /// Nothing may be left over.
    pub fn finish(mut self) -> Result<(), TapeError> {
        if self.0.tape.next().is_some() || !self.0.text.is_empty() { Err(TapeError::Malformed) } else { Ok(()) }
    }
}

/// Why a tape could not be read ([`from_tape`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeError {
    /// Not a tape the widget's module writes.
    Malformed,
    /// Nested deeper than the limit given (or than the module's, tag 7).
    TooDeep,
    /// A string of the value is not Unicode text (tag 8).
    NotUnicode,
}

struct TapeReader<'a> {
    tape: core::slice::Iter<'a, f64>,
    /// The strings not yet read.
    text: &'a str,
    /// How many more containers may open.
    depth: usize,
}

impl TapeReader<'_> {
    fn next(&mut self) -> Result<f64, TapeError> {
        self.tape.next().copied().ok_or(TapeError::Malformed)
    }

    /// A count or length: a whole number no larger than what is left to read (so a wrong tape
    /// cannot make a loop run long).
    fn count(&mut self, limit: usize) -> Result<usize, TapeError> {
        let n = self.next()?;
        if n >= 0.0 && n <= limit as f64 && n as usize as f64 == n { Ok(n as usize) } else { Err(TapeError::Malformed) }
    }

    /// A container opens: one level less may open inside it; its length or entry count.
    fn open(&mut self) -> Result<usize, TapeError> {
        self.depth = self.depth.checked_sub(1).ok_or(TapeError::TooDeep)?;
        self.count(self.tape.len())
    }

    /// The next string: as many characters as make its length in UTF-16 units.
    fn string(&mut self) -> Result<String, TapeError> {
        let mut units = self.count(2 * self.text.len())?;
        let mut end = 0;
        let mut chars = self.text.chars();
        while units > 0 {
            let c = chars.next().ok_or(TapeError::Malformed)?;
            units = units.checked_sub(c.len_utf16()).ok_or(TapeError::Malformed)?;
            end += c.len_utf8();
        }
        let (s, rest) = (self.text.get(..end), self.text.get(end..));
        self.text = rest.unwrap_or_default();
        Ok(s.unwrap_or_default().into())
    }

    fn value(&mut self) -> Result<Value, TapeError> {
        let tag = self.count(8)?;
        Ok(match tag {
            0 => Value::Null,
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => number(self.next()?),
            4 => Value::Str(self.string()?),
            5 => {
                let n = self.open()?;
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(self.value()?);
                }
                self.depth += 1;
                Value::Array(items)
            }
            6 => {
                let n = self.open()?;
                let mut entries = Vec::new();
                for _ in 0..n {
                    let key = self.string()?;
                    entries.push((key, self.value()?));
                }
                self.depth += 1;
                Value::Object(entries)
            }
            7 => return Err(TapeError::TooDeep),
            _ => return Err(TapeError::NotUnicode),
        })
    }
}

/// Where the run of plain string bytes from `i` ends: the first quote, backslash or control
/// byte at or after `i` (or the end). Eight bytes at a time while it can (a string's text is
/// most of a form's bytes), then byte by byte.
fn plain_run_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A high bit per byte that is zero (the classic test; exact when `x`'s bytes are < 0x80
    // or the test is only used to tell "none" from "some", as here).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // The browser builds go byte by byte: smaller (their size is counted), and the texts they
    // read are one form's.
    while let Some(chunk) = b.get(i..i + 8).filter(|_| !cfg!(target_arch = "wasm32")) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Control bytes (< 0x20): x & 0xE0.. is zero for them.
        let control = zero(x & 0xE0E0_E0E0_E0E0_E0E0);
        if zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\'))) | control != 0 {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20) {
        i += 1;
    }
    i
}

struct Parser<'a> {
    /// The text, and `b` its bytes.
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn err<T>(&self) -> Result<T, ParseError> {
        Err(ParseError::Syntax(self.i))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Result<(), ParseError> {
        if self.b[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            self.err()
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.b.get(self.i) {
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b't') => self.eat(b"true").map(|_| Value::Bool(true)),
            Some(b'f') => self.eat(b"false").map(|_| Value::Bool(false)),
            Some(b'n') => self.eat(b"null").map(|_| Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.err(),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, ParseError>) -> Result<Value, ParseError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(ParseError::TooDeep);
        }
        let v = f(self)?;
        self.depth -= 1;
        Ok(v)
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.i += 1;
        let mut entries = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return self.err();
            }
            let k = self.string()?;
            self.ws();
            self.eat(b":")?;
            self.ws();
            let v = self.value()?;
            entries.push((k, v));
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    dedupe_keep_last(&mut entries);
                    return Ok(Value::Object(entries));
                }
                _ => return self.err(),
            }
        }
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.err(),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.b.get(self.i) {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return self.err(),
            };
            n = n * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        loop {
            match self.b.get(self.i) {
                None => return self.err(),
                Some(b'"') => {
                    out.push_str(self.slice(start)?);
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.slice(start)?);
                    self.i += 1;
                    let c = match self.b.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair; a lone surrogate cannot be a Rust string.
                                if !self.b[self.i..].starts_with(b"\\u") {
                                    return self.err();
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return self.err();
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            self.i -= 1;
                            match char::from_u32(code) {
                                Some(c) => c,
                                None => return self.err(),
                            }
                        }
                        _ => return self.err(),
                    };
                    out.push(c);
                    self.i += 1;
                    start = self.i;
                }
                Some(0..=0x1f) => return self.err(),
                Some(_) => self.i = plain_run_end(self.b, self.i + 1),
            }
        }
    }

    /// The text from `start` to here: both ends are at ASCII bytes (quotes, backslashes), so
    /// char boundaries of text already known to be UTF-8 — no validation needed.
    fn slice(&self, start: usize) -> Result<&str, ParseError> {
        self.s.get(start..self.i).ok_or(ParseError::Syntax(start))
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return self.err(),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return self.err();
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return self.err();
            }
        }
        number_text(&self.b[start..self.i]).ok_or(ParseError::Syntax(start))
    }
}

/// The value of a JSON number's text (already checked against the grammar) exactly as
/// `text.parse::<f64>()` followed by [`number`] would give it — an [`Value::Int`] when the
/// correctly rounded double is an integer within ±2^53, a [`Value::Float`] otherwise, `None`
/// when it overflows — but decided on the decimal digits, without `f64::from_str` (whose tables
/// would be a third of the widget's build). Tests compare it with serde_json on edge cases.
fn number_text(text: &[u8]) -> Option<Value> {
    let neg = text.first() == Some(&b'-');
    let body = if neg { &text[1..] } else { text };
    let (mantissa, exp) = match body.iter().position(|&c| c == b'e' || c == b'E') {
        Some(at) => (&body[..at], body.get(at + 1..).unwrap_or_default()),
        None => (body, &[][..]),
    };
    let int_len = mantissa.iter().position(|&c| c == b'.').unwrap_or(mantissa.len());
    // Every digit of the mantissa, the point dropped: the value is 0.DIGITS × 10^point.
    let all: Vec<u8> = mantissa.iter().filter(|c| c.is_ascii_digit()).map(|c| c - b'0').collect();
    let lead = all.iter().take_while(|&&d| d == 0).count();
    let Some(last) = all.iter().rposition(|&d| d != 0) else {
        return Some(Value::Int(0)); // zero, whatever its sign or spelling
    };
    let digits = &all[lead..=last];
    // Exponents far beyond any digit count decide alike, so they saturate.
    let (eneg, edigits) = match exp.first() {
        Some(b'-') => (true, &exp[1..]),
        Some(b'+') => (false, &exp[1..]),
        _ => (false, exp),
    };
    let e = edigits.iter().fold(0i64, |e, &c| (e * 10 + i64::from(c - b'0')).min(1 << 40));
    let point = int_len as i64 - lead as i64 + if eneg { -e } else { e };
    // The value v lies in [10^(point-1), 10^point).
    if point > 309 || point == 309 && cmp_digits(0, digits, OVERFLOW) != core::cmp::Ordering::Less {
        return None; // rounds to infinity: at or above 2^1024 − 2^970
    }
    let float = || Some(Value::Float(approx(neg, digits, point, text)));
    if point > 16 {
        return float(); // v ≥ 10^16 > 2^53
    }
    // v = whole + 0.FRACTION
    let split = point.max(0) as usize;
    let whole = digits.iter().take(split).fold(0u64, |n, &d| n * 10 + u64::from(d)) * 10u64.pow(split.saturating_sub(digits.len()) as u32);
    let (zeros, fraction) = if point < 0 { ((-point) as usize, digits) } else { (0, digits.get(split..).unwrap_or_default()) };
    let n = if fraction.is_empty() {
        Some(whole)
    } else if whole == 0 {
        // (0, 1): rounds to 0 at or below 2^-1075 (half the smallest subnormal, ties to even),
        // to 1 at or above 1 − 2^-54 (half the spacing below 1); anything between is a float.
        if point < -323 || point == -323 && cmp_digits(zeros, fraction, &half_pow(1075)) != core::cmp::Ordering::Greater {
            Some(0)
        } else if cmp_digits(zeros, fraction, &one_minus_half_pow(54)) != core::cmp::Ordering::Less {
            Some(1)
        } else {
            None
        }
    } else {
        // Doubles in [2^k, 2^(k+1)) are 2^(k-52) apart: v rounds to `whole` when its fraction is
        // within half of that (2^(k-53)), to `whole + 1` when 1 − fraction is; ties go to the
        // even significand, which for k < 52 is the integer either way.
        let k = 63 - whole.leading_zeros() as usize;
        if k >= 53 {
            None
        } else if k == 52 {
            match cmp_digits(zeros, fraction, &[5]) {
                core::cmp::Ordering::Less => Some(whole),
                core::cmp::Ordering::Greater => Some(whole + 1),
                core::cmp::Ordering::Equal => Some(if whole.is_multiple_of(2) { whole } else { whole + 1 }),
            }
        } else if cmp_digits(zeros, fraction, &half_pow(53 - k)) != core::cmp::Ordering::Greater {
            Some(whole)
        } else if cmp_digits(zeros, fraction, &one_minus_half_pow(53 - k)) != core::cmp::Ordering::Less {
            Some(whole + 1)
        } else {
            None
        }
    };
    match n {
        Some(n) if n <= MAX_SAFE as u64 => Some(Value::Int(if neg { -(n as i64) } else { n as i64 })),
        _ => float(),
    }
}

/// 2^1024 − 2^970: the least value that rounds to infinity, as decimal digits.
const OVERFLOW: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Compares two digit strings after a decimal point (the first with `zeros` zeros before
/// `a`); `b`'s digits may be ASCII or values.
fn cmp_digits(zeros: usize, a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    let b_at = |i: usize| b.get(i).map_or(0, |&d| d % 48);
    for i in 0..(zeros + a.len()).max(b.len()) {
        if i >= zeros + a.len() && i >= b.len() {
            break;
        }
        let x = if i < zeros { 0 } else { a.get(i - zeros).copied().unwrap_or(0) };
        match x.cmp(&b_at(i)) {
            core::cmp::Ordering::Equal => {}
            other => return other,
        }
    }
    core::cmp::Ordering::Equal
}

/// The digits of 2^-j after the point (exactly j of them).
fn half_pow(j: usize) -> Vec<u8> {
    let mut d = Vec::with_capacity(j);
    d.push(5);
    for _ in 1..j {
        let mut carry = 0;
        for x in d.iter_mut() {
            let v = carry * 10 + *x;
            *x = v / 2;
            carry = v % 2;
        }
        d.push(carry * 5);
    }
    d
}

/// The digits of 1 − 2^-j after the point.
fn one_minus_half_pow(j: usize) -> Vec<u8> {
    let mut d = half_pow(j);
    // 10^j − 5^j·… : nines' complement plus one at the last (non-zero) digit.
    for x in d.iter_mut() {
        *x = 9 - *x;
    }
    if let Some(last) = d.last_mut() {
        *last += 1;
    }
    d
}

/// The double for a number that is not an integer: exact (`f64::from_str`); the widget's
/// build takes [`crate::compact::approx_f64`], since nothing there reads a float's value.
fn approx(neg: bool, digits: &[u8], point: i64, text: &[u8]) -> f64 {
    if cfg!(widget) {
        return crate::compact::approx_f64(neg, digits, point);
    }
    core::str::from_utf8(text).ok().and_then(|t| t.parse().ok()).unwrap_or(0.0)
}

/// A JSON array of texts, as serde_json writes it.
pub fn write_strs<'s>(out: &mut String, items: impl Iterator<Item = &'s str>) {
    out.push('[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, s);
    }
    out.push(']');
}

/// Writes a string as JSON, escaping as serde_json and `JSON.stringify` both do (`"`, `\`,
/// control characters; nothing else), so the text is byte-identical to theirs.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // `get`, not indexing: no panic path (and its messages) in the widget's build.
        out.push_str(s.get(start..i).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Writes an integer in decimal without `core::fmt`.
pub fn write_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let v = n.unsigned_abs();
    if cfg!(widget) {
        return crate::compact::write_digits(out, v);
    }
    // Natively the digits by division by a constant, least significant first.
    let mut buf = [0u8; 20];
    let (mut i, mut rest) = (buf.len(), v);
    loop {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf[i..].iter().for_each(|&b| out.push(char::from(b)));
}

/// Whether `path` is `pointer` or lies under it.
pub fn path_under(path: &str, pointer: &str) -> bool {
    pointer.is_empty() || path == pointer || (path.starts_with(pointer) && path.as_bytes().get(pointer.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::{TapeError, Value, from_tape, parse, plain_run_end, write_int};

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

    /// Integers as `to_string` writes them: zero, signs, every power of ten and its neighbours,
    /// the extremes.
    #[test]
    fn integers_are_written_as_rust_writes_them() {
        let mut values = vec![0, 1, -1, i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1];
        for p in 0..19 {
            let t = 10i64.pow(p);
            values.extend([t - 1, t, t + 1, -t + 1, -t, -t - 1]);
        }
        for n in values {
            let mut out = String::from("x");
            write_int(&mut out, n);
            assert_eq!(out, format!("x{n}"));
            // The widget build's way.
            let mut out = String::new();
            crate::compact::write_digits(&mut out, n.unsigned_abs());
            assert_eq!(out, n.unsigned_abs().to_string());
        }
    }

    /// A value's tape as the widget's module writes it (`tape` in widget/aii-validator.js),
    /// for a value without repeated keys (a JS object has none).
    fn to_tape(v: &Value, depth: usize, max: usize, t: &mut Vec<f64>, s: &mut String) {
        match v {
            Value::Null => t.push(0.0),
            Value::Bool(b) => t.push(if *b { 2.0 } else { 1.0 }),
            Value::Int(n) => t.extend([3.0, *n as f64]),
            Value::Float(x) => t.extend([3.0, *x]),
            Value::Str(x) => {
                t.extend([4.0, x.encode_utf16().count() as f64]);
                s.push_str(x);
            }
            _ if depth == max => t.push(7.0),
            Value::Array(items) => {
                t.extend([5.0, items.len() as f64]);
                items.iter().for_each(|i| to_tape(i, depth + 1, max, t, s));
            }
            Value::Object(entries) => {
                t.extend([6.0, entries.len() as f64]);
                for (k, v) in entries {
                    t.push(k.encode_utf16().count() as f64);
                    s.push_str(k);
                    to_tape(v, depth + 1, max, t, s);
                }
            }
        }
    }

    fn tape_of(text: &str, max: usize) -> (Vec<f64>, String) {
        let (mut t, mut s) = (Vec::new(), String::new());
        to_tape(&parse(text, 64).unwrap(), 0, max, &mut t, &mut s);
        (t, s)
    }

    /// What the JSON reader reads from a text, the tape reader reads from its tape: strings
    /// with characters outside the BMP (two UTF-16 units), empty ones, numbers of every kind.
    #[test]
    fn a_tape_reads_as_its_json_text() {
        for text in [
            r#"{"a":[1,2.5,-0,1e3,9007199254740993,-9007199254740991,"",null,true,false],"实训":{"𝄞x":"𝄞😀é","":[]},"z":{}}"#,
            r#"[]"#,
            r#""just a text""#,
            r#"{"unit":{"name":"工业互联网 ","uscc":"91350100M000100Y43"},"partners":[{"kind":"university"},null]}"#,
        ] {
            let (t, s) = tape_of(text, 32);
            assert_eq!(from_tape(&t, &s, 32).ok(), parse(text, 32).ok(), "{text}");
            assert!(from_tape(&t, &s, 32).is_ok(), "{text}");
        }
    }

    /// Depth: 32 nested containers read, 33 do not, whether the module marks the 33rd (tag 7)
    /// or a tape nests deeper than the reader's own limit.
    #[test]
    fn a_tape_nested_too_deep_is_refused() {
        let nest = |n: usize| "[".repeat(n) + &"]".repeat(n);
        let (t, s) = tape_of(&nest(32), 32);
        assert_eq!(from_tape(&t, &s, 32).ok(), parse(&nest(32), 32).ok());
        let (t, s) = tape_of(&nest(33), 32);
        assert_eq!(t.last(), Some(&7.0));
        assert_eq!(from_tape(&t, &s, 32), Err(TapeError::TooDeep));
        let (t, s) = tape_of(&nest(33), 64);
        assert_eq!(from_tape(&t, &s, 32), Err(TapeError::TooDeep));
        // The module's mark for a string that is not Unicode text.
        assert_eq!(from_tape(&[8.0], "", 32), Err(TapeError::NotUnicode));
    }

    /// A tape the module would never write is an error, never a panic: cut anywhere, with
    /// something left over, lengths that are not whole, negative or beyond the text, a string
    /// ending inside a character's two UTF-16 units, unknown tags.
    #[test]
    fn a_malformed_tape_is_an_error() {
        let (t, s) = tape_of(r#"{"a":["x𝄞",1,{"b":null}],"c":"d"}"#, 32);
        for cut in 0..t.len() {
            assert_eq!(from_tape(&t[..cut], &s, 32), Err(TapeError::Malformed), "tape cut at {cut}");
        }
        for cut in 0..s.len() {
            if let Some(part) = s.get(..cut) {
                assert!(from_tape(&t, part, 32).is_err(), "text cut at {cut}");
            }
        }
        let bad = Err(TapeError::Malformed);
        assert_eq!(from_tape(&[0.0, 0.0], "", 32), bad);
        assert_eq!(from_tape(&[0.0], "x", 32), bad);
        for n in [-1.0, 0.5, 3.0, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(from_tape(&[4.0, n], "ab", 32), bad, "string length {n}");
            assert_eq!(from_tape(&[5.0, n, 0.0], "", 32), bad, "array length {n}");
        }
        assert_eq!(from_tape(&[4.0, 1.0], "𝄞", 32), bad);
        assert_eq!(from_tape(&[4.0, 2.0], "𝄞", 32), Ok(Value::Str("𝄞".into())));
        for tag in [9.0, 255.0, 1e9, -1.0, 0.5, 3.9, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(from_tape(&[tag, 1.0], "", 32), bad, "tag {tag}");
        }
        // -0 (which JSON text cannot bring to the tape above) is the integer 0, as `-0` reads.
        assert_eq!(from_tape(&[3.0, -0.0], "", 32), Ok(Value::Int(0)));
    }

    use proptest::prelude::*;

    proptest! {
        /// Any tape with any text reads or is refused, never panics: tags and small counts
        /// mixed with any number, text of any characters.
        #[test]
        fn any_tape_is_read_or_refused(
            tape in proptest::collection::vec(prop_oneof![(0u8..9).prop_map(f64::from), proptest::num::f64::ANY], 0..48),
            text in "\\PC{0,12}",
        ) {
            let _ = from_tape(&tape, &text, 4);
        }
    }

    /// A repeated key keeps its last value at its first position, in objects small enough for
    /// the pairwise test and in larger ones (sorted), repeated once or several times.
    #[test]
    fn repeated_keys_keep_the_last_value_at_the_first_place() {
        for n in [2usize, 3, 7, 31, 32, 33, 40] {
            for repeats in [vec![], vec![0], vec![n - 1], vec![1 % n, 1 % n], vec![0, n / 2, n - 1]] {
                let mut text = String::from("{");
                let mut pairs: Vec<(String, i64)> = (0..n).map(|i| (format!("k{i}"), i as i64)).collect();
                for (i, (k, v)) in pairs.iter().enumerate() {
                    text += &format!("{}\"{k}\":{v}", if i > 0 { "," } else { "" });
                }
                for (r, &i) in repeats.iter().enumerate() {
                    let v = 1000 + r as i64;
                    text += &format!(",\"k{i}\":{v}");
                    pairs[i].1 = v;
                }
                text.push('}');
                let want = Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::Int(v))).collect());
                assert_eq!(parse(&text, 8).unwrap(), want, "{text}");
            }
        }
    }

    /// The run's end, byte by byte (what the eight-at-a-time scan must find).
    fn plain_run_end_slowly(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && !(b[i] == b'"' || b[i] == b'\\' || b[i] < 0x20) {
            i += 1;
        }
        i
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        // Every special byte at every offset of a run of plain bytes (ASCII and UTF-8
        // continuation/lead bytes, which have the high bit set), from every start.
        let plain: &[u8] = "ab实训~/ \u{7f}é".as_bytes();
        for special in [b'"', b'\\', 0x00, 0x1f, 0x0a] {
            for len in 0..40 {
                let mut b: Vec<u8> = plain.iter().cycle().take(len).copied().collect();
                b.push(special);
                b.extend_from_slice(plain);
                for start in 0..=b.len() {
                    assert_eq!(plain_run_end(&b, start), plain_run_end_slowly(&b, start), "{b:?} from {start}");
                }
            }
        }
        for len in 0..40 {
            let b: Vec<u8> = plain.iter().cycle().take(len).copied().collect();
            assert_eq!(plain_run_end(&b, 0), len);
        }
        // Bytes just around the special ones.
        for x in 0u8..=255 {
            let b = [b'a', b'a', b'a', x, b'a', b'a', b'a', b'a', b'a', b'a'];
            assert_eq!(plain_run_end(&b, 0), plain_run_end_slowly(&b, 0), "{x:#x}");
        }
    }
}
