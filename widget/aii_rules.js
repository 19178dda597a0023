// The rules' WebAssembly for the widget module, loaded without wasm-bindgen's generated glue:
// the bundle has two exports, `checkTape(tape, text)` and `rulesetVersion()`, and this is all
// the glue they need, a third of the generated file's size.
//
// It speaks wasm-bindgen's ABI as the pinned version (=0.2.130, Cargo.toml) builds it: a
// `&[f64]` or `&str` argument is a (pointer, length) pair in memory the callee owns, allocated
// with `__wbindgen_malloc(size, align)`; a returned `String` is a (pointer, length) pair the
// caller frees with `__wbindgen_free(pointer, length, 1)`; `__wbindgen_start` runs once, and
// calls back `__wbindgen_init_externref_table`. scripts/check-wasm-abi.mjs (run by
// scripts/build-rules-wasm.sh) checks that the processed module imports and exports exactly this
// and that wasm-bindgen's generated glue is the one this was compared with; the widget's tests
// run every call through it.

let wasm;
const encoder = new TextEncoder();

const imports = {
  "./aii_rules_bg.js": {
    // wasm-bindgen's reserved table slots (it never hands this bundle a JS value).
    __wbindgen_init_externref_table() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, undefined);
      table.set(1024, undefined);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    },
  },
};

/** The text of a returned string, which is then freed. A decoder per answer: Safari 16–18.4's
 *  throw after ~2 GiB decoded by one decoder (wasm-bindgen #4471) cannot happen. */
function answer([pointer, length]) {
  try {
    return new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, pointer >>> 0, length));
  } finally {
    wasm.__wbindgen_free(pointer, length, 1);
  }
}

/** Loads the WebAssembly once: `{ module_or_path }` is a URL (fetched), a `Response`, bytes or
 *  a compiled `WebAssembly.Module`. */
export default async function init({ module_or_path: source }) {
  if (wasm) return wasm;
  if (typeof source === "string" || source instanceof URL) source = fetch(source);
  source = await source;
  if (source instanceof Response) {
    if (!source.ok) throw new Error(`the rules' WebAssembly: HTTP ${source.status}`);
    source = await source.arrayBuffer();
  }
  const made = await WebAssembly.instantiate(source, imports);
  wasm = (made.instance ?? made).exports;
  wasm.__wbindgen_start();
  return wasm;
}

/** A call on the module's tape: the report (or field report) as JSON text, or `!reason`. */
export function checkTape(tape, text) {
  const numbers = wasm.__wbindgen_malloc(tape.length * 8, 8) >>> 0;
  new Float64Array(wasm.memory.buffer, numbers, tape.length).set(tape);
  const bytes = encoder.encode(text);
  const chars = wasm.__wbindgen_malloc(bytes.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer, chars, bytes.length).set(bytes);
  return answer(wasm.checkTape(numbers, tape.length, chars, bytes.length));
}

/** The rule-set version. */
export function rulesetVersion() {
  return answer(wasm.rulesetVersion());
}
