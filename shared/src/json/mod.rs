//! A small JSON value type of our own.
//!
//! Why not `serde_json::Value`: the WASM builds must not carry serde_json, and both sides must
//! read a document the same way. `Value` implements `Deserialize` (so the server reads it with
//! serde_json and the browser with serde-wasm-bindgen straight from a JS object) and `Serialize`.
//!
//! Numbers: a number with no fractional part within ±2^53 is an [`Value::Int`] whatever its
//! spelling (`40`, `40.0`, `4e1`), exactly as JavaScript sees it, so native and WASM agree.
//! Objects keep their key order; a repeated key keeps the last value, as `JSON.parse` does.
//!
//! Reading and writing JSON text without serde is `text`; the widget's call in, a tape of
//! numbers, is `tape`.

//! The type and its pointer helpers are `value`.

mod text;
mod value;
pub use text::{FloatOf, ParseError, parse, parse_with, write_int, write_str, write_strs};
pub use value::{Value, escape_segment, object, path_under, segments};
// The widget's call in (its build alone uses it; tested natively).
#[cfg(any(feature = "widget", test))]
mod tape;
#[cfg(any(feature = "widget", test))]
pub use tape::{Tape, TapeError, from_tape};
