//! The committed fuzz corpus (`fuzz/corpus/`, minimised: the fewest inputs that keep every
//! coverage edge the fuzzers reached) replayed on every test run, without libFuzzer: each form
//! input is read alike by the widget's reader and serde_json (or refused by both), checked
//! without panicking, and its report written alike by both writers; each identifier input goes
//! through every parser.
#![cfg(not(target_arch = "wasm32"))]

use aii_rules::json::{self, ParseError};
use aii_rules::{Date, FormKind, Locale, Options, ResidentId, Uscc, Value, check};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/../fuzz/corpus/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_form_corpora_read_check_and_write_alike() {
    let opts = Options { locale: Locale::En, today: Date::parse("2027-03-01").unwrap() };
    let mut checked = 0;
    for kind in FormKind::ALL {
        let corpus = inputs(kind.name());
        assert!(!corpus.is_empty(), "fuzz/corpus/{} is empty", kind.name());
        for (name, bytes) in corpus {
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let ours = json::parse(text, 32);
            let theirs = serde_json::from_str::<Value>(text);
            let doc = match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{}/{name}", kind.name());
                    a
                }
                (Err(ParseError::TooDeep), Ok(b)) => {
                    assert!(b.depth() > 32, "{}/{name}", kind.name());
                    continue;
                }
                (Err(_), Err(_)) => continue,
                (a, b) => panic!("{}/{name}: ours {a:?}, serde_json {b:?}", kind.name()),
            };
            let report = check(kind, &doc, &opts, None);
            assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap(), "{}/{name}", kind.name());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} documents in the corpora");
}

#[test]
fn the_identifier_corpus_parses_without_panicking() {
    let today = Date::parse("2027-03-01").unwrap();
    for (_, bytes) in inputs("ids") {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(u) = Uscc::parse(&text) {
            assert_eq!(Uscc::parse(u.as_str()), Ok(u.clone()));
        }
        if let Ok(id) = ResidentId::parse(&text, today) {
            assert!(id.birth_date() <= today);
        }
        let _ = (aii_rules::ids::phone_ok(&text), aii_rules::ids::email_ok(&text), aii_rules::ids::postal_code_ok(&text));
        let _ = (aii_rules::mask(&text), Locale::parse(&text), Date::parse(&text));
    }
}
