//! Regression tests for what the fuzz targets (`fuzz/`, RELIABILITY.md) found, each with the
//! smallest input that showed it.
#![cfg(not(target_arch = "wasm32"))]

use aii_rules::{Value, json};

/// fuzz/application: a 28-digit integer. serde_json's default float parser is off by one ulp
/// there; `JSON.parse` and our reader round correctly. The workspace enables serde_json's
/// `float_roundtrip`, so the server reads the number the browser does.
#[test]
fn long_numbers_read_to_the_nearest_double_on_both_sides() {
    for (text, nearest) in [
        ("2222222222222222222222222222", 2.222_222_222_222_222e27),
        ("[2222222222222222222222222222]", 2.222_222_222_222_222e27),
        ("0.30000000000000004441", 0.300_000_000_000_000_04),
        ("9007199254740993", 9_007_199_254_740_992.0),
    ] {
        let ours = json::parse(text, 32).unwrap();
        let serde: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, serde, "{text}");
        let n = match ours {
            Value::Array(items) => items[0].clone(),
            v => v,
        };
        assert_eq!(n, Value::Float(nearest), "{text}");
    }
}
