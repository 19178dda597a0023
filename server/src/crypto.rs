//! Hashes and tokens: the content hash of a document, receipt tokens and their hashes.

use aii_rules::{FormKind, Value};
use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `n` random bytes from the operating system, hex-encoded.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    hex::encode(buf)
}

/// A new submission's id: 32 lower-case hex digits, like `random_hex(16)`, of which the first
/// 12 are the milliseconds since the Unix epoch and the other 20 are random (80 bits). Ids
/// made later sort later, so a new submission's entries in the indexes on its id (its row's
/// key, its history lines, its idempotency row) land at the indexes' right edges, next to
/// the previous submission's, instead of at a random page of each: a batch of submissions
/// then dirties a few pages of each index rather than a page per submission (BENCHMARKS.md,
/// "the SQLite tail"). The id is not a secret (the receipt token is what grants access).
pub fn submission_id(now_ms: i64) -> String {
    let mut buf = [0u8; 16];
    buf[..6].copy_from_slice(&(now_ms.clamp(0, (1 << 48) - 1) as u64).to_be_bytes()[2..]);
    getrandom::fill(&mut buf[6..]).expect("the operating system's random source is available");
    hex::encode(buf)
}

/// The canonical text of a document: compact JSON with every object's keys sorted (by their
/// UTF-8 bytes). Two documents that differ only in key order or spacing have the same text.
pub fn canonical_json(doc: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            Value::Object(entries) => {
                let mut entries: Vec<(String, Value)> = entries.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(entries)
            }
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(doc)).expect("a Value always serialises")
}

/// The content hash stored with a submission: SHA-256 of the canonical document.
pub fn content_hash(doc: &Value) -> String {
    sha256_hex(canonical_json(doc).as_bytes())
}

/// What identifies a request for `Idempotency-Key` purposes: the form kind and its content.
pub fn request_hash(kind: FormKind, doc: &Value) -> String {
    let mut text = String::from(kind.name());
    text.push('\n');
    text.push_str(&canonical_json(doc));
    sha256_hex(text.as_bytes())
}

/// A new receipt token (256 random bits).
pub fn new_receipt() -> String {
    random_hex(32)
}

/// The receipt of a submission made with an `Idempotency-Key`: derived from the key and a
/// random salt, so a retry gets the same receipt while neither the key nor the receipt is
/// stored in clear.
pub fn derived_receipt(salt: &str, key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"aii-receipt\0");
    h.update(salt.as_bytes());
    h.update(b"\0");
    h.update(key.as_bytes());
    hex::encode(h.finalize())
}

/// How a receipt is stored and looked up.
pub fn receipt_hash(receipt: &str) -> String {
    sha256_hex(receipt.as_bytes())
}

/// How an idempotency key is stored.
pub fn key_hash(key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"aii-idempotency-key\0");
    h.update(key.as_bytes());
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn submission_ids_are_time_ordered_and_random() {
        let t = 1_795_000_000_000; // 2026-11-17
        let (a, b, later) = (submission_id(t), submission_id(t), submission_id(t + 1));
        for id in [&a, &b, &later] {
            assert_eq!(id.len(), 32);
            assert!(id.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)), "{id}");
        }
        assert_eq!(&a[..12], &format!("{t:012x}"), "the milliseconds first");
        assert_eq!(a[..12], b[..12]);
        assert_ne!(a[12..], b[12..], "80 random bits after them");
        assert!(later > a && later > b, "a later id sorts later");
        assert_eq!(&submission_id(-5)[..12], "000000000000", "a clock before 1970 is clamped");
    }

    #[test]
    fn canonical_ignores_key_order_and_spacing() {
        let a = parse(r#"{"b": 1, "a": {"y": [1, 2], "x": "z"}}"#);
        let b = parse(r#"{"a":{"x":"z","y":[1,2]},"b":1}"#);
        assert_eq!(canonical_json(&a), r#"{"a":{"x":"z","y":[1,2]},"b":1}"#);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&parse(r#"{"a":{"x":"z","y":[2,1]},"b":1}"#)));
    }

    #[test]
    fn request_hash_depends_on_kind() {
        let d = parse("{}");
        assert_ne!(request_hash(FormKind::Application, &d), request_hash(FormKind::DirectionChange, &d));
    }

    #[test]
    fn receipts() {
        let r = new_receipt();
        assert_eq!(r.len(), 64);
        assert_ne!(r, new_receipt());
        assert_eq!(derived_receipt("s", "k"), derived_receipt("s", "k"));
        assert_ne!(derived_receipt("s", "k"), derived_receipt("t", "k"));
        assert_ne!(receipt_hash(&r), r);
    }
}
