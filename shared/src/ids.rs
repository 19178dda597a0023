//! Identifiers as typed values ("parse, don't validate"): a [`Uscc`] or a [`ResidentId`] exists
//! only once its check character is right, and later rules take the typed value.
//! Plain byte loops, no `regex` (it would cost ~90 kB gzipped in the WASM builds).

use alloc::string::String;
use alloc::vec::Vec;

use crate::date::Date;

/// Why an identifier was refused; rendered through the rule's message as `reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdError {
    /// Wrong number of characters.
    Length,
    /// A character outside the identifier's alphabet.
    Charset,
    /// The check character does not match.
    CheckChar,
    /// USCC: the embedded GB 11714 organisation code's own check character is wrong.
    OrgCode,
    /// Resident ID: positions 7–14 are not a real date, or a date in the future.
    BirthDate,
    /// Resident ID: positions 1–2 are not a province-level code of GB/T 2260 (nor 71, 81–83,
    /// 91).
    Province,
}

impl IdError {
    pub fn code(self) -> &'static str {
        match self {
            IdError::Length => "length",
            IdError::Charset => "charset",
            IdError::CheckChar => "check_char",
            IdError::OrgCode => "org_code",
            IdError::BirthDate => "birth_date",
            IdError::Province => "province",
        }
    }
}

/// GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z.
pub(crate) const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A 统一社会信用代码 whose check character and embedded organisation code are right.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

/// Each ASCII character's value in the GB 32100 alphabet (its position; lower case read as
/// upper case), `u8::MAX` for one outside it: a form's USCCs are checked character by
/// character, and a look-up is ~3× faster than the search.
static USCC_VALUES: [u8; 128] = {
    let mut table = [u8::MAX; 128];
    let mut i = 0;
    while i < USCC_ALPHABET.len() {
        let c = USCC_ALPHABET[i];
        table[c as usize] = i as u8;
        table[c.to_ascii_lowercase() as usize] = i as u8;
        i += 1;
    }
    table
};

/// The value of `c` in the alphabet; the widget's build searches it
/// ([`crate::compact::position_in`]) and ships no table.
pub(crate) fn uscc_value(c: u8) -> Option<u32> {
    if cfg!(widget) {
        return crate::compact::position_in(USCC_ALPHABET, c);
    }
    USCC_VALUES.get(usize::from(c)).filter(|&&v| v != u8::MAX).map(|&v| u32::from(v))
}

impl Uscc {
    /// Checks the trimmed text (any case) against GB 32100 (alphabet, check char) and GB 11714
    /// (the organisation code in positions 9–17), as [`Uscc::verify`] does, then keeps it
    /// upper-cased. Any text will do, a `Uscc` included (it parses as itself).
    pub fn parse(input: impl AsRef<str>) -> Result<Uscc, IdError> {
        Uscc::verify(input.as_ref()).map(|text| Uscc(text.to_ascii_uppercase()))
    }

    /// What [`Uscc::parse`] decides, without keeping the code (no allocation: rules check
    /// every USCC of a form): the trimmed text, in the case it was written in.
    pub fn verify(input: &str) -> Result<&str, IdError> {
        let s = crate::util::trim(input);
        let b = s.as_bytes();
        // More than 72 bytes are more than 18 characters: not counted.
        if (b.len() != 18 || !b.is_ascii()) && (b.len() > 18 * 4 || crate::util::char_count(s) != 18) {
            return Err(IdError::Length);
        }
        // 18 characters that are not 18 bytes hold one outside the (ASCII) alphabet, met before
        // the 19th byte.
        let (mut sum, mut last) = (0, 0);
        for (i, &c) in b.iter().enumerate() {
            let v = uscc_value(c).ok_or(IdError::Charset)?;
            match USCC_WEIGHTS.get(i) {
                Some(w) => sum += w * v,
                None => last = v,
            }
        }
        if last != (31 - sum % 31) % 31 {
            return Err(IdError::CheckChar);
        }
        if !b.get(8..17).is_some_and(org_code_ok) {
            return Err(IdError::OrgCode);
        }
        Ok(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Positions 1–2: registration authority and category (`91` enterprise, `12` public
    /// institution, `52` private non-enterprise unit, `92` individual business, …).
    pub fn category(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// `92…` (个体工商户) is not an independent legal person.
    pub fn is_legal_person(&self) -> bool {
        !self.0.starts_with("92")
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// GB 11714-1997: 8 body characters (digits or capitals, A=10 … Z=35) and a check character
/// `11 − Σ(wᵢ·cᵢ) mod 11`, where 10 is written `X` and 11 is written `0`. Lower case is read as
/// upper case.
fn org_code_ok(code: &[u8]) -> bool {
    let mut sum = 0u32;
    for (w, &c) in ORG_WEIGHTS.iter().zip(code) {
        let v = match c.to_ascii_uppercase() {
            c @ b'0'..=b'9' => u32::from(c - b'0'),
            c @ b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        sum += w * v;
    }
    let expected = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    };
    code.get(8).map(u8::to_ascii_uppercase) == Some(expected)
}

const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK: &[u8; 11] = b"10X98765432";

/// A 居民身份证号码 (GB 11643-1999) with a right check character and a real birth date, borrowed
/// from the text it was read from (trimmed, as written). Whether it is valid on a day — born by
/// then, a province-level code — is [`ResidentId::valid_on`]: the reader of a form has no
/// today, and the birth date is judged before the province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResidentId<'a> {
    number: &'a str,
    birth: Date,
}

/// Whether positions 1–2 of a resident ID number are a province-level code (RULES.md
/// `id.resident`): those of GB/T 2260 — 11–15 (华北), 21–23 (东北), 31–37 (华东), 41–46
/// (中南), 50–54 (西南), 61–65 (西北) — and 71 (台湾), 81 (香港), 82 (澳门), 83 (the
/// residence permits of Hong Kong, Macao and Taiwan residents), 91 (国外).
pub fn province_ok(code: u8) -> bool {
    // By tens, the ones digits allowed (bit n: ones digit n): a small table, not a chain of
    // comparisons (the widget's build pays for code).
    const ONES: [u16; 10] = [0, 0b11_1110, 0b1110, 0b1111_1110, 0b111_1110, 0b1_1111, 0b11_1110, 0b10, 0b1110, 0b10];
    ONES.get(usize::from(code / 10)).is_some_and(|ones| ones >> (code % 10) & 1 == 1)
}

impl<'a> ResidentId<'a> {
    /// Trims, then checks what the number alone decides: 18 characters, 17 digits and a digit
    /// or `X` (any case), the ISO 7064 MOD 11-2 check character, and that positions 7–14 are a
    /// real date from 1900.
    pub fn read(input: &'a str) -> Result<ResidentId<'a>, IdError> {
        let s = crate::util::trim(input);
        if crate::util::char_count(s) != 18 {
            return Err(IdError::Length);
        }
        // Eighteen characters that are not eighteen bytes are not all ASCII digits.
        let Ok(b) = <&[u8; 18]>::try_from(s.as_bytes()) else {
            return Err(IdError::Charset);
        };
        let last = b[17].to_ascii_uppercase();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(last.is_ascii_digit() || last == b'X') {
            return Err(IdError::Charset);
        }
        let sum: u32 = RESIDENT_WEIGHTS.iter().zip(b).map(|(w, &c)| w * u32::from(c - b'0')).sum();
        if last != RESIDENT_CHECK[(sum % 11) as usize] {
            return Err(IdError::CheckChar);
        }
        let birth = Date::parse_compact(&b[6..14]).filter(|d| d.year() >= 1900).ok_or(IdError::BirthDate)?;
        Ok(ResidentId { number: s, birth })
    }

    /// Whether the number is valid on `today`: a birth date not after it, then positions 1–2 a
    /// province-level code ([`province_ok`]).
    pub fn valid_on(&self, today: Date) -> Result<(), IdError> {
        if self.birth > today {
            return Err(IdError::BirthDate);
        }
        let b = self.number.as_bytes();
        if !province_ok((b[0] - b'0') * 10 + (b[1] - b'0')) {
            return Err(IdError::Province);
        }
        Ok(())
    }

    /// [`ResidentId::read`], then [`ResidentId::valid_on`] `today`.
    pub fn parse(input: &'a str, today: Date) -> Result<ResidentId<'a>, IdError> {
        let id = ResidentId::read(input)?;
        id.valid_on(today).map(|()| id)
    }

    pub fn birth_date(&self) -> Date {
        self.birth
    }

    /// The number, trimmed, as written (a final `x` in the case it was typed).
    pub fn as_str(&self) -> &'a str {
        self.number
    }
}

impl AsRef<str> for ResidentId<'_> {
    fn as_ref(&self) -> &str {
        self.number
    }
}

/// Masks a personal identifier for lists and logs: an ID number keeps its first four and last
/// four characters (`1101**********002X`), a phone its first three and last four
/// (`138****5678`); anything shorter than 8 characters is masked whole. Any text will do, an
/// identifier included.
pub fn mask(value: impl AsRef<str>) -> String {
    let chars: Vec<char> = crate::util::trim(value.as_ref()).chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 15 {
        (4, 4)
    } else if n >= 8 {
        (3, 4)
    } else {
        (0, 0)
    };
    chars.iter().enumerate().map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' }).collect()
}

/// Mainland mobile `1[3-9]` + 9 digits, or a landline `0` + 2–3 digit area code + 7–8 digit
/// number, the parts optionally joined by `-`, with an optional `-` extension of 1–6 digits.
/// Spaces are dropped first, wherever a typist puts them (`021 6400 1234`, `138 1234 5678`).
pub fn phone_ok(input: &str) -> bool {
    // The digits of each part between dashes (area code, number, extension: at most three),
    // and the first two digits.
    let mut parts = [0usize; 3];
    let mut n = 0;
    let mut head = [0u8; 2];
    let mut digits = 0;
    for c in crate::util::trim(input).bytes() {
        match c {
            b' ' => {}
            b'-' => n += 1,
            b'0'..=b'9' => {
                let (Some(part), head) = (parts.get_mut(n), head.get_mut(digits)) else { return false };
                *part += 1;
                if let Some(h) = head {
                    *h = c;
                }
                digits += 1;
            }
            _ => return false,
        }
    }
    let Some(parts) = parts.get(..=n).filter(|p| p.iter().all(|&len| len > 0)) else { return false };
    let number_ok = |n: usize| (7..=8).contains(&n);
    let area_ok = |a: usize| (3..=4).contains(&a);
    match (head, parts) {
        ([b'1', b'3'..=b'9'], [11]) => true,
        ([b'0', _], [all]) => (3..=4).any(|a| *all > a && number_ok(all - a)),
        ([b'0', _], [area, number]) => area_ok(*area) && number_ok(*number),
        ([b'0', _], [area, number, ext]) => area_ok(*area) && number_ok(*number) && (1..=6).contains(ext),
        _ => false,
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part, a domain with an inner dot,
/// no spaces or control characters, at most 254 characters.
pub fn email_ok(input: &str) -> bool {
    let s = crate::util::trim(input);
    if crate::util::char_count(s) > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    // One `@` (ASCII: the cut is at character boundaries).
    let Some(at) = crate::util::find_byte(s, b'@') else { return false };
    let (local, domain) = (s.get(..at).unwrap_or_default(), s.get(at + 1..).unwrap_or_default());
    !local.is_empty()
        && crate::util::find_byte(domain, b'@').is_none()
        && crate::util::find_byte(domain, b'.').is_some()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !crate::util::contains(domain, "..")
}

/// Six digits.
pub fn postal_code_ok(input: &str) -> bool {
    let b = crate::util::trim(input).as_bytes();
    b.len() == 6 && b.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-29").unwrap()
    }

    #[test]
    fn uscc_examples_of_the_spec_are_valid() {
        for s in ["12310104729436482D", "913101153756893422", "12330106858137286E", "91350100M000100Y43"] {
            assert!(Uscc::parse(s).is_ok(), "{s}: {:?}", Uscc::parse(s));
        }
    }

    #[test]
    fn uscc_values_are_the_alphabets_positions() {
        for c in 0..=255u8 {
            let expected = USCC_ALPHABET.iter().position(|&a| a == c.to_ascii_uppercase()).map(|p| p as u32);
            assert_eq!(uscc_value(c), expected, "byte {c}");
        }
    }

    #[test]
    fn uscc_length_is_counted_in_characters_before_the_alphabet_is_checked() {
        // 18 bytes, 17 characters: a length error even after a character outside the alphabet.
        assert_eq!(Uscc::parse("9I350100M000100Y\u{e9}"), Err(IdError::Length));
        // 18 characters, 19 bytes.
        assert_eq!(Uscc::parse("91350100M000100Y4\u{e9}"), Err(IdError::Charset));
        assert_eq!(Uscc::parse("91350100M000100Y43\u{3000}"), Uscc::parse("91350100M000100Y43"));
        // Lower case throughout, the organisation code's check character included.
        assert_eq!(Uscc::verify(" 91350100m000100y43"), Ok("91350100m000100y43"));
    }

    #[test]
    fn uscc_is_normalised() {
        let u = Uscc::parse("  91350100m000100y43 ").unwrap();
        assert_eq!(u.as_str(), "91350100M000100Y43");
        assert_eq!(u.category(), "91");
    }

    #[test]
    fn uscc_failures_are_named() {
        assert_eq!(Uscc::parse("9135010"), Err(IdError::Length));
        assert_eq!(Uscc::parse("91350100M000100Y4I"), Err(IdError::Charset));
        assert_eq!(Uscc::parse("91350100M000100Y44"), Err(IdError::CheckChar));
        assert_eq!(Uscc::parse("９１350100M000100Y43"), Err(IdError::Charset));
    }

    #[test]
    fn resident_id_checks() {
        // GB 11643 example number.
        let id = ResidentId::parse(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002x");
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(ResidentId::parse("110105194912310021", today()), Err(IdError::CheckChar));
        assert_eq!(ResidentId::parse("11010519491231002", today()), Err(IdError::Length));
        assert_eq!(ResidentId::parse("1101051949123100AX", today()), Err(IdError::Charset));
    }

    #[test]
    fn resident_id_birth_date_must_be_real_and_past() {
        // A right check char over an impossible date (1949-13-31).
        let body = "11010519491331002";
        let n = complete_resident(body);
        assert_eq!(ResidentId::parse(&n, today()), Err(IdError::BirthDate));
        let future = complete_resident("11010520300101002");
        assert_eq!(ResidentId::parse(&future, today()), Err(IdError::BirthDate));
    }

    #[test]
    fn resident_id_province_is_a_province_level_code() {
        let with = |province: &str| ResidentId::parse(&complete_resident(&format!("{province}010519721201001")), today()).map(|_| ());
        for ok in ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82", "83", "91"] {
            assert!(with(ok).is_ok(), "{ok}");
        }
        for bad in ["00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "84", "90", "92", "99"]
        {
            assert_eq!(with(bad), Err(IdError::Province), "{bad}");
        }
        // The check character and the birth date are judged first.
        let right = complete_resident("16010519721201001");
        let wrong_check = format!("{}{}", &right[..17], if right.ends_with('1') { '2' } else { '1' });
        assert_eq!(ResidentId::parse(&wrong_check, today()), Err(IdError::CheckChar));
        assert_eq!(ResidentId::parse(&complete_resident("16010520300101001"), today()), Err(IdError::BirthDate));
    }

    pub(crate) fn complete_resident(body17: &str) -> String {
        let sum: u32 = RESIDENT_WEIGHTS.iter().zip(body17.bytes()).map(|(w, c)| w * u32::from(c - b'0')).sum();
        format!("{body17}{}", RESIDENT_CHECK[(sum % 11) as usize] as char)
    }

    /// `phone_ok` as it was before spaces were dropped (issue 21): the reference for text
    /// without spaces.
    fn phone_ok_before_spaces(input: &str) -> bool {
        // The longest valid phone is 20 characters (4 + 1 + 8 + 1 + 6); a longer one, spaces
        // dropped, is not one.
        let mut buf = [0u8; 20];
        let mut len = 0;
        for c in crate::util::trim(input).bytes().filter(|&c| c != b' ') {
            let Some(slot) = buf.get_mut(len) else { return false };
            *slot = c;
            len += 1;
        }
        let b = buf.get(..len).unwrap_or_default();
        let all_digits = |b: &[u8]| !b.is_empty() && b.iter().all(u8::is_ascii_digit);
        if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && all_digits(b) {
            return true;
        }
        if b.first() != Some(&b'0') {
            return false;
        }
        // The parts between dashes: at most three (area code, number, extension).
        let mut parts: [&[u8]; 3] = [&[]; 3];
        let mut n = 0;
        for part in b.split(|&c| c == b'-') {
            let Some(slot) = parts.get_mut(n) else { return false };
            if !all_digits(part) {
                return false;
            }
            *slot = part;
            n += 1;
        }
        let number_ok = |n: usize| (7..=8).contains(&n);
        let area_ok = |a: &[u8]| (3..=4).contains(&a.len());
        let ext_ok = |e: &[u8]| (1..=6).contains(&e.len());
        match parts.get(..n).unwrap_or_default() {
            // Written without separators: accept when some area-code length leaves a 7–8 digit number.
            [all] => (3..=4).any(|a| all.len() > a && number_ok(all.len() - a)),
            [area, number] => area_ok(area) && number_ok(number.len()),
            [area, number, ext] => area_ok(area) && number_ok(number.len()) && ext_ok(ext),
            _ => false,
        }
    }

    /// Without spaces, every text of a phone's characters (and a few others) up to 13 long is
    /// judged as before; with spaces anywhere, as the same text without them.
    #[test]
    fn phones_are_judged_as_before_once_spaces_are_dropped() {
        let alphabet = ['0', '1', '3', '9', '-', ' ', 'x'];
        let mut texts = vec![String::new()];
        for _ in 0..7 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            for t in &texts {
                for pad in ["", "021", "1381234", "0755-123"] {
                    let s = format!("{pad}{t}");
                    assert_eq!(phone_ok(&s), phone_ok_before_spaces(&s.replace(' ', "")), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn phones() {
        for ok in ["13812345678", "19912345678", "021-64001234", "02164001234", "0755-1234567", "010-12345678-123", " 13812345678 "] {
            assert!(phone_ok(ok), "{ok}");
        }
        // Spaces as a typist writes them (issue 21).
        for ok in ["021 64001234", "021 6400 1234", "138 1234 5678", "0755 123 4567", "010-1234 5678-123", "021 - 64001234"] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "21-64001234",
            "021-641234",
            "021-64001234-1234567",
            "021\u{3000}64001234",
            "138 1234 56789",
            "12345678901234567890 1",
            "０21-64001234",
            "",
        ] {
            assert!(!phone_ok(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(email_ok("base@example.edu.cn"));
        for bad in ["base@", "@example.cn", "base@example", "a@b@c.cn", "a b@c.cn", "a@.cn", "a@c.cn.", "a@c..cn"] {
            assert!(!email_ok(bad), "{bad}");
        }
        assert!(!email_ok(&format!("{}@example.cn", "a".repeat(250))));
    }

    #[test]
    fn postal_codes() {
        assert!(postal_code_ok("200030"));
        assert!(!postal_code_ok("20003"));
        assert!(!postal_code_ok("2000301"));
        assert!(!postal_code_ok("20003a"));
    }

    #[test]
    fn masking() {
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("12345"), "*****");
    }
}
