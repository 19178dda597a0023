//! Turns the position catalog (`data/directions.json`, the project's copy of the spec's
//! `directions.json`) into static Rust data, so neither build parses JSON at run time.

use std::{env, fs, path::Path};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    version: String,
    source: String,
    categories: Vec<Category>,
    directions: Vec<Direction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    code: String,
    name_zh: String,
    name_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Direction {
    code: String,
    category: String,
    name_zh: String,
    name_en: String,
}

fn main() {
    // The widget's size build, named once: `cfg(widget)` is feature `widget` alone (not `wasm`)
    // on wasm32. Every size-motivated alternative is behind it (src/compact.rs).
    println!("cargo::rustc-check-cfg=cfg(widget)");
    let wasm32 = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm32 && env::var_os("CARGO_FEATURE_WIDGET").is_some() && env::var_os("CARGO_FEATURE_WASM").is_none() {
        println!("cargo::rustc-cfg=widget");
    }
    let src = "data/directions.json";
    println!("cargo::rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("read data/directions.json");
    let catalog: Catalog = serde_json::from_str(&text).expect("data/directions.json is not a valid catalog");
    for d in &catalog.directions {
        assert!(catalog.categories.iter().any(|c| c.code == d.category), "direction {} has unknown category {}", d.code, d.category);
        assert_eq!(catalog.directions.iter().filter(|o| o.code == d.code).count(), 1, "direction {} repeats", d.code);
    }
    let mut out = String::new();
    out.push_str(&format!("pub const CATALOG_VERSION: &str = {:?};\n", catalog.version));
    let pkg = env::var("CARGO_PKG_VERSION").unwrap();
    out.push_str(&format!("pub const RULESET_VERSION: &str = \"{pkg}+directions.{}\";\n", catalog.version));
    out.push_str(&format!("pub const CATALOG_SOURCE: &str = {:?};\n", catalog.source));
    out.push_str("pub const CATEGORIES: &[Category] = &[\n");
    for c in &catalog.categories {
        out.push_str(&format!("    Category {{ code: {:?}, name_zh: {:?}, name_en: {:?} }},\n", c.code, c.name_zh, c.name_en));
    }
    out.push_str("];\npub const DIRECTIONS: &[Direction] = &[\n");
    for d in &catalog.directions {
        out.push_str(&format!(
            "    Direction {{ code: {:?}, category: {:?}, name_zh: {:?}, name_en: {:?} }},\n",
            d.code, d.category, d.name_zh, d.name_en
        ));
    }
    out.push_str("];\n");
    // The codes alone: all the widget's build needs (the names label a context rule's params).
    out.push_str("pub const DIRECTION_CODES: &[&str] = &[\n");
    for d in &catalog.directions {
        out.push_str(&format!("    {:?},\n", d.code));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("directions.rs");
    fs::write(dest, out).unwrap();
}
