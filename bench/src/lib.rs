//! Issue 7's harness: the same work for us and for the peers.
//!
//! - [`schema`]: the JSON Schema of each form, generated from the rules crate's shapes.
//! - [`corpus`]: a deterministic corpus of valid and invalid documents per form.
//!
//! The benchmarks are `benches/peers.rs` (native, against jsonschema-rs) and `js/` (Node and
//! headless Chromium, against ajv); `scripts/bench-peers.sh` runs them all. This crate uses only
//! the rules crate's public API, so it measures whatever the rules are when it runs.

pub mod corpus;
pub mod schema;
