//! The widget's size build, in one place. `cfg(widget)` (set by build.rs: feature `widget`
//! alone, on wasm32) selects, at the few sites that call them, these smaller alternatives of
//! ordinary functions: the embeddable widget must stay within 40 kB served, and tables,
//! `memchr` or `f64::from_str` cost it more than a plain loop does.
//!
//! Every function here is compiled in every build and tested natively against the ordinary
//! code it stands in for (`tests` below), so `cargo test` runs what the widget runs. The module
//! imports nothing from the crate: callers pass the data. What the widget's build leaves out
//! altogether (the server's rules, the catalogue, summaries) is left out where each registry or
//! table is declared, by `cfg(widget)` too.

/// Where the ASCII byte `b` first is in `s`, by a byte loop (no `CharSearcher`, no `memchr`).
pub fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|c| c == b)
}

/// The number of characters (Unicode scalar values) of `s`: its bytes that start one.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// `str::trim` alone, without the ordinary build's shortcut on the first and last bytes.
pub fn trim(s: &str) -> &str {
    s.trim()
}

/// The position of `c` (lower case read as upper case) in `alphabet`, by searching it: no
/// 128-entry table.
pub fn position_in(alphabet: &[u8], c: u8) -> Option<u32> {
    alphabet.iter().position(|&a| a == c.to_ascii_uppercase()).map(|p| p as u32)
}

/// `v`'s decimal digits from the most significant: the largest power of ten not above the
/// value, then down. No buffer to index, so no bounds check is built.
pub fn write_digits(out: &mut alloc::string::String, v: u64) {
    let mut unit = 1u64;
    while unit <= v / 10 {
        unit *= 10;
    }
    while let Some(digit) = v.checked_div(unit) {
        out.push(char::from(b'0' + (digit % 10) as u8));
        unit /= 10;
    }
}

/// The double a JSON number's digits approximate (`digits` from the first non-zero one, the
/// decimal point `point` digits in): nothing in the widget reads a float's value (reports give
/// only its JSON type), and `f64::from_str` is large.
pub fn approx_f64(neg: bool, digits: &[u8], point: i64) -> f64 {
    // `digits` starts with a non-zero digit, so the loops below end within a few hundred steps.
    let mut m = 0.0;
    for &d in digits.iter().take(19) {
        m = m * 10.0 + f64::from(d);
    }
    let mut p = point - digits.len().min(19) as i64;
    while p > 0 && m.is_finite() {
        m *= 10.0;
        p -= 1;
    }
    while p < 0 && m != 0.0 {
        m /= 10.0;
        p += 1;
    }
    if neg { -m } else { m }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;

    use super::*;

    const TEXTS: [&str; 9] = ["", "a", "实训a", "é\u{10000}x", "  中 文  ", "{a}b{", "\u{1e}x\u{1f}", "a\u{3000}", "\u{85}a"];

    #[test]
    fn find_byte_is_str_find() {
        for s in TEXTS {
            for b in [b'a', b'{', b'}', 0x1e, 0x1f, b' ', b'x'] {
                assert_eq!(find_byte(s, b), s.find(char::from(b)), "{s:?} {b}");
                assert_eq!(find_byte(s, b), crate::util::find_byte(s, b), "{s:?} {b}");
            }
        }
    }

    #[test]
    fn char_count_is_chars_count() {
        for s in TEXTS {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
            assert_eq!(char_count(s), crate::util::char_count(s), "{s:?}");
        }
    }

    /// The ordinary trim's shortcut gives `str::trim`'s answer for every character at either end.
    #[test]
    fn trim_is_the_ordinary_trim() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [format!("{c}"), format!("{c}a{c}"), format!("a{c}"), format!("{c}a"), format!("{c}{c}中")] {
                assert_eq!(crate::util::trim(&s), trim(&s), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(crate::util::trim(""), trim(""));
    }

    #[test]
    fn position_in_is_the_uscc_table() {
        for c in 0..=255u8 {
            assert_eq!(position_in(crate::ids::USCC_ALPHABET, c), crate::ids::uscc_value(c), "{c}");
        }
    }

    #[test]
    fn write_digits_is_the_ordinary_writer() {
        let mut n = 1u64;
        let mut values = alloc::vec![0, 9, 10, 99, 100, 101, u64::MAX, u64::MAX / 10, i64::MAX as u64];
        while let Some(m) = n.checked_mul(10) {
            values.extend([n - 1, n, n + 1, 3 * n]);
            n = m;
        }
        for v in values {
            let mut ours = String::new();
            write_digits(&mut ours, v);
            assert_eq!(ours, format!("{v}"), "{v}");
        }
    }

    /// The approximation is the exact parse for numbers of up to 15 significant digits and
    /// modest exponents, the ones forms hold.
    #[test]
    fn approx_f64_is_the_parse_for_plain_numbers() {
        for (text, neg, digits, point) in [
            ("1.5", false, &[1, 5][..], 1),
            ("-0.25", true, &[2, 5][..], 0),
            ("0.001", false, &[1][..], -2),
            ("12345.678", false, &[1, 2, 3, 4, 5, 6, 7, 8][..], 5),
            ("2e3", false, &[2][..], 4),
        ] {
            let exact: f64 = text.parse().unwrap();
            assert!((approx_f64(neg, digits, point) - exact).abs() <= exact.abs() * 1e-15, "{text}");
        }
    }
}
