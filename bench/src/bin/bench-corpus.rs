//! Writes the benchmarks' corpus and schemas for the JS benchmarks:
//! `<dir>/<kind>.jsonl` (one document a line), `<dir>/<kind>.schema.json`, `<dir>/manifest.json`,
//! and `<dir>/application.units.jsonl` (the spec's application for 500 different units, for the
//! server benchmark).
//! Usage: `cargo run --release -p aii-bench --bin bench-corpus -- [dir]` (default `target/bench-corpus`).

use std::fs;
use std::path::PathBuf;

use aii_bench::corpus::{self, Intent};
use aii_bench::schema;
use aii_rules::FormKind;
use serde_json::json;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/bench-corpus".into()));
    fs::create_dir_all(&dir)?;
    let mut forms = Vec::new();
    for kind in FormKind::ALL {
        let cases = corpus::corpus(kind);
        let mut lines = String::new();
        let (mut valid, mut structural, mut bytes) = (0, 0, 0);
        for case in &cases {
            let text = corpus::to_text(&case.doc);
            bytes += text.len();
            lines.push_str(&text);
            lines.push('\n');
            match &case.intent {
                Intent::Valid => valid += 1,
                Intent::Invalid { structural: true, .. } => structural += 1,
                Intent::Invalid { .. } => {}
            }
        }
        fs::write(dir.join(format!("{}.jsonl", kind.name())), lines)?;
        fs::write(dir.join(format!("{}.schema.json", kind.name())), schema::json_schema(kind))?;
        forms.push(json!({ "kind": kind.name(), "docs": cases.len(), "valid": valid, "invalid_structural": structural,
                           "invalid_rules_only": cases.len() - valid - structural, "bytes": bytes }));
    }
    let units: String = corpus::application_units().iter().map(|d| corpus::to_text(d) + "\n").collect();
    fs::write(dir.join("application.units.jsonl"), units)?;
    let manifest = json!({ "seed": format!("{:#x}", corpus::SEED), "today": corpus::TODAY, "forms": forms });
    fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest)?)?;
    println!("{}", serde_json::to_string_pretty(&manifest)?);
    Ok(())
}
