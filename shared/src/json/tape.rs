//! The widget's call in: a document handed over from JS as a tape of numbers and one text,
//! not as JSON text. Its module (`toTape` in widget/aii-validator.js) writes the tape in a few
//! lines, and the widget's WASM then needs no JSON reader at all, which the 40 kB budget asks.

use alloc::string::String;
use alloc::vec::Vec;

use super::value::{Value, number};

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

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::{TapeError, Value, from_tape};

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
}
