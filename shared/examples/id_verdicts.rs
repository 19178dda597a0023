//! Our verdicts on identifiers, one input per line, for outside oracles
//! (`scripts/oracle_stdnum.py` compares them with python-stdnum; RELIABILITY.md).
//!
//! Input lines: `U<TAB>text` (a USCC, GB 32100) or `R<TAB>text` (a resident ID number,
//! GB 11643); the first argument is today's date (YYYY-MM-DD) for birth dates.
//! Output, one line each: `verdict<TAB>check`, where `verdict` is `ok` or the refusal's reason
//! (`length`, `charset`, `check_char`, `org_code`, `birth_date`, `province`) and `check` is the check
//! character our parser demands for the first 17 characters — found by trying every candidate
//! in position 18, so it is the parser's own judgement, not a second implementation — or `-`
//! when the first 17 characters cannot carry one.

use std::io::{BufRead, BufWriter, Write};

use aii_rules::ids::IdError;
use aii_rules::{Date, ResidentId, Uscc};

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const RESIDENT_CHARS: &str = "0123456789X";

/// The one candidate for position 18 that `parse` does not refuse for its check character.
fn demanded(text: &str, candidates: &str, parse: impl Fn(&str) -> Result<(), IdError>) -> String {
    let norm = text.trim().to_ascii_uppercase();
    if norm.chars().count() != 18 || !norm.is_ascii() {
        return "-".into();
    }
    let body = &norm[..17];
    let verdicts: Vec<(char, Result<(), IdError>)> = candidates.chars().map(|c| (c, parse(&format!("{body}{c}")))).collect();
    // The body itself is refused before any check character (a character outside the alphabet).
    if verdicts.iter().any(|(_, v)| matches!(v, Err(IdError::Length | IdError::Charset))) {
        return "-".into();
    }
    // Anything but `check_char` (accepted, or refused for a later reason) means the check
    // character was right.
    let found: Vec<char> = verdicts.iter().filter(|(_, v)| *v != Err(IdError::CheckChar)).map(|(c, _)| *c).collect();
    match found.as_slice() {
        [c] => c.to_string(),
        other => panic!("{body}: {} check characters are accepted: {other:?}", other.len()),
    }
}

fn main() {
    let today = std::env::args().nth(1).and_then(|d| Date::parse(&d)).expect("usage: id_verdicts YYYY-MM-DD < lines");
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("UTF-8 lines");
        let (tag, text) = line.split_once('\t').expect("TAG<TAB>text");
        let (verdict, check) = match tag {
            "U" => {
                let parse = |s: &str| Uscc::parse(s).map(|_| ());
                (parse(text), demanded(text, USCC_CHARS, parse))
            }
            "R" => {
                let parse = |s: &str| ResidentId::parse(s, today).map(|_| ());
                (parse(text), demanded(text, RESIDENT_CHARS, parse))
            }
            other => panic!("unknown tag {other}"),
        };
        let verdict = verdict.map_or_else(|e| e.code(), |()| "ok");
        writeln!(out, "{verdict}\t{check}").expect("stdout");
    }
}
