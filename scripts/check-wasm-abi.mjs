// node scripts/check-wasm-abi.mjs <wasm> <generated glue>: fails unless the rules' processed
// WebAssembly and wasm-bindgen's generated glue for it are what widget/aii_rules.js (the glue the
// widget ships instead) was written for: the processed module's one import and its exports (what
// wasm-opt left), and the generated glue itself, by its hash (how arguments are passed and
// answers freed). Run by scripts/build-rules-wasm.sh.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";

// The generated glue this was last compared with, its doc comments left out (they repeat the
// Rust's): any other glue, even one that only adds a step, is reviewed against
// widget/aii_rules.js before this hash is updated.
const GLUE_SHA256 = "b626cc7375f8b1f70d9541fbe5c2fe086778cea57ec394c55466e9b42448665f";

const [wasmPath, gluePath] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(wasmPath));
const problems = [];
const imports = WebAssembly.Module.imports(module).map((i) => `${i.module} ${i.name} ${i.kind}`);
const wantImports = ["./aii_rules_bg.js __wbindgen_init_externref_table function"];
if (JSON.stringify(imports) !== JSON.stringify(wantImports)) problems.push(`imports ${JSON.stringify(imports)}, expected ${JSON.stringify(wantImports)}`);
const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
for (const [name, kind] of [
  ["memory", "memory"],
  ["checkTape", "function"],
  ["rulesetVersion", "function"],
  ["__wbindgen_externrefs", "table"],
  ["__wbindgen_malloc", "function"],
  ["__wbindgen_free", "function"],
  ["__wbindgen_start", "function"],
]) {
  if (exports.get(name) !== kind) problems.push(`export ${name}: ${exports.get(name)}, expected ${kind}`);
}
// The generated glue, which widget/aii_rules.js stands in for: the one it was compared with.
const glue = readFileSync(gluePath, "utf8");
const hash = createHash("sha256").update(glue.replace(/\/\*\*[\s\S]*?\*\//g, "")).digest("hex");
if (hash !== GLUE_SHA256) problems.push(`the generated glue is not the one widget/aii_rules.js was compared with (sha256 ${hash}): compare them, then update GLUE_SHA256`);
if (problems.length) {
  console.error("wasm-bindgen's ABI changed; update widget/aii_rules.js:\n  " + problems.join("\n  "));
  process.exit(1);
}
