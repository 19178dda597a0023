//! JSON text read and written without serde. The browser builds carry neither serde_json nor
//! `core::fmt` (each costs kilobytes of WASM), and reading a document the same way everywhere
//! keeps native and WASM reports byte-identical (the fuzz targets hold this reader equal to
//! serde_json, and the writers equal to its output).

use alloc::string::String;
use alloc::vec::Vec;

use super::value::{MAX_SAFE, Value, dedupe_keep_last};

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
    parse_with(text, max_depth, approx)
}

/// How a reader gives a non-integer number its double: from the number's `text` as written, or
/// from its sign and decimal `digits` (from the first non-zero one; the value is
/// 0.DIGITS × 10^`point`). [`parse`] takes `f64::from_str` (an approximation in the widget's
/// build: [`crate::compact::approx_f64`]).
pub type FloatOf = fn(neg: bool, digits: &[u8], point: i64, text: &str) -> f64;

/// [`parse`] with the doubles of non-integer numbers given by `float`: a browser build passes
/// the browser's own number parser, which spares its bundle `f64::from_str` and its tables
/// (11 kB gzip of the applicant app), since only `parse` refers to them.
pub fn parse_with(text: &str, max_depth: usize, float: FloatOf) -> Result<Value, ParseError> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: 0, depth: 0, max_depth, float };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        return Err(ParseError::Syntax(p.i));
    }
    Ok(v)
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
    float: FloatOf,
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
        number_text(&self.s[start..self.i], self.float).ok_or(ParseError::Syntax(start))
    }
}

/// The value of a JSON number's text (already checked against the grammar) exactly as
/// `text.parse::<f64>()` followed by [`number`] would give it — an [`Value::Int`] when the
/// correctly rounded double is an integer within ±2^53, a [`Value::Float`] otherwise, `None`
/// when it overflows — but decided on the decimal digits, without `f64::from_str` (whose tables
/// would be a third of the widget's build). Tests compare it with serde_json on edge cases.
fn number_text(written: &str, float: FloatOf) -> Option<Value> {
    let text = written.as_bytes();
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
    let float = || Some(Value::Float(float(neg, digits, point, written)));
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
fn approx(neg: bool, digits: &[u8], point: i64, text: &str) -> f64 {
    if cfg!(widget) {
        return crate::compact::approx_f64(neg, digits, point);
    }
    text.parse().unwrap_or(0.0)
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

#[cfg(test)]
mod tests {
    use super::{Value, parse, plain_run_end, write_int};

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
