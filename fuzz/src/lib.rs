//! What every fuzz target checks, as plain functions (the targets are one line each).
//!
//! A form target takes any bytes as the text a browser or a client could send and asserts:
//! - the serde-free reader (`json::parse`, the widget's) and serde_json (the server's) read the
//!   same text to the same `Value`, or both refuse it (depth aside: ours stops at 32 levels);
//! - `check` never panics, with and without a (blank) server context, and its report is
//!   consistent (`valid` iff no error) and written byte-identically by the hand-written writer
//!   and by serde_json;
//! - re-checking one field (picked by the input) and merging it into the report equals the
//!   full check.
//!
//! The identifier target asserts that the parsers (identifiers, phone, e-mail, postal code,
//! dates, locale tags) never panic and that what they accept is normalised and accepted again.

use aii_rules::json::{self, ParseError};
use aii_rules::{Context, Date, FormKind, Locale, Options, ResidentId, Severity, Uscc, Value, check, check_field};

/// The depth limit of the widget and the server.
const MAX_DEPTH: usize = 32;

fn today() -> Date {
    Date::parse("2027-03-01").expect("a date")
}

/// Every JSON Pointer of a document (objects, arrays, leaves), escaped.
fn pointers(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(entries) => {
            for (k, x) in entries {
                let p = format!("{path}/{}", json::escape_segment(k));
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let p = format!("{path}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

pub fn form(kind: FormKind, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = json::parse(text, MAX_DEPTH);
    let theirs = serde_json::from_str::<Value>(text);
    let doc = match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "json::parse and serde_json read the same text differently");
            a
        }
        (Ok(a), Err(e)) => panic!("json::parse accepted what serde_json refuses ({e}): {a:?}"),
        (Err(ParseError::Syntax(at)), Ok(b)) => panic!("json::parse refused at {at} what serde_json reads: {b:?}"),
        (Err(ParseError::TooDeep), Ok(b)) => {
            assert!(b.depth() > MAX_DEPTH, "refused as too deep at depth {}", b.depth());
            return;
        }
        (Err(_), Err(_)) => return,
    };
    let locale = if data.len() % 2 == 0 { Locale::Zh } else { Locale::En };
    let opts = Options { locale, today: today() };
    let report = check(kind, &doc, &opts, None);
    assert_eq!(report.valid, !report.issues.iter().any(|i| i.severity == Severity::Error));
    assert_eq!(report.to_json(), serde_json::to_string(&report).expect("a report serialises"));
    // The server's path: context rules with what a fresh database knows.
    let served = check(kind, &doc, &opts, Some(&Context::default()));
    assert_eq!(served.valid, !served.issues.iter().any(|i| i.severity == Severity::Error));
    assert!(served.issues.len() >= report.issues.len(), "a context can only add issues");

    // A field re-check merged into the report of the document with that field blank equals
    // the full check (the browser's path as someone types).
    let mut ptrs = Vec::new();
    pointers(&doc, "", &mut ptrs);
    if ptrs.is_empty() {
        return;
    }
    let h = data.iter().fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
    let pointer = &ptrs[h % ptrs.len()];
    let mut before = doc.clone();
    assert!(before.set_pointer(pointer, Value::Null));
    let mut merged = check(kind, &before, &opts, None);
    let field = check_field(kind, &doc, pointer, &opts, None);
    assert_eq!(field.to_json(), serde_json::to_string(&field).expect("a field report serialises"));
    field.merge_into(&mut merged);
    assert_eq!(
        serde_json::to_string(&merged).expect("serialises"),
        serde_json::to_string(&report).expect("serialises"),
        "re-checking {pointer} and merging differs from a full check"
    );
}

pub fn ids(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = today();
    if let Ok(u) = Uscc::parse(text) {
        let s = u.as_str();
        assert!(s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()), "{s}");
        assert_eq!(s, text.trim().to_ascii_uppercase());
        assert_eq!(Uscc::parse(s).as_ref(), Ok(&u));
        assert_eq!(u.is_legal_person(), u.category() != "92");
    }
    if let Ok(id) = ResidentId::parse(text, today) {
        let s = id.as_str();
        assert!(s.len() == 18 && s[..17].bytes().all(|b| b.is_ascii_digit()), "{s}");
        assert!(id.birth_date() <= today && id.birth_date().year() >= 1900);
        assert_eq!(ResidentId::parse(s, today).as_ref(), Ok(&id));
    }
    if aii_rules::ids::postal_code_ok(text) {
        assert_eq!(text.trim().len(), 6);
    }
    if aii_rules::ids::phone_ok(text) {
        assert!(text.trim().bytes().all(|b| b.is_ascii_digit() || b == b'-'));
    }
    let _ = aii_rules::ids::email_ok(text);
    let masked = aii_rules::mask(text);
    assert_eq!(masked.chars().count(), text.trim().chars().count());
    // Locale tags come from queries, headers and the widget's callers.
    let _ = Locale::parse(text);
    if let Some(d) = Date::parse(text) {
        assert_eq!(d.to_string(), text);
    }
}
