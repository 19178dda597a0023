#!/usr/bin/env bash
# Builds the rules crate alone to WASM (feature `widget`: the call in as a tape, reports out as
# JSON text, no serde at run time; size profile), runs wasm-bindgen (--target web) and wasm-opt -Oz (npm
# binaryen@132), into dist/rules/, and prints the sizes. The embeddable widget is built on it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist/rules
# No stale precompressed copy may outlive a failed build: the server would send it for new bytes.
rm -f dist/embed/*.gz dist/embed/*.br
cargo build -p aii-rules --lib --features widget --target wasm32-unknown-unknown --profile wasm-release
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name aii_rules target/wasm32-unknown-unknown/wasm-release/aii_rules.wasm
# --low-memory-unused: rustc lays the 1 MiB stack out first, so the low 1 KiB of memory is the
# stack's far end, which the rules (nesting capped at 32) never reach; binaryen may then fold
# address arithmetic into load and store offsets: 185 B less as served.
node_modules/.bin/wasm-opt -Oz --low-memory-unused --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/aii_rules_bg.wasm" -o "$out/aii_rules_bg.wasm"
for f in "$out/aii_rules_bg.wasm" "$out/aii_rules.js"; do
  printf '%-32s %8d bytes raw %8d bytes gzip -9\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done

# The embeddable widget as the server serves it under /embed/ (server/src/embed.rs): the
# module, its types, the rules' glue and WASM, and the demo page of a third-party site. The glue
# is widget/aii_rules.js, written for this bundle's two exports in place of wasm-bindgen's
# generated file (kept in dist/rules/), whose ABI it must match: checked here.
node scripts/check-wasm-abi.mjs "$out/aii_rules_bg.wasm" "$out/aii_rules.js"
mkdir -p dist/embed/demo
cp widget/aii-validator.d.ts "$out/aii_rules_bg.wasm" dist/embed/
# The scripts minified (terser: names mangled, no semantics changed): the two modules, and the
# classic script pages include for <aii-form-check>.
for f in widget/aii-validator.js widget/aii_rules.js; do
  node_modules/.bin/terser "$f" --module --ecma 2020 --compress --mangle -o "dist/embed/$(basename "$f")"
done
node_modules/.bin/terser widget/aii-form-check.js --ecma 2020 --compress --mangle -o dist/embed/aii-form-check.js
cp widget/demo/index.html widget/demo/demo.css dist/embed/demo/
# Precompressed copies of the bundle (.gz by zopfli, .br by brotli): the server sends them to
# browsers that accept them. Prints the sizes; the first four are what a page with the element
# downloads (besides the one-line loader), ≤ 40,000 B as .gz (BENCHMARKS.md).
page=(dist/embed/aii_rules_bg.wasm dist/embed/aii_rules.js dist/embed/aii-validator.js dist/embed/aii-form-check.js)
node scripts/precompress.mjs "${page[@]}" dist/embed/aii-validator.d.ts
total=0
for f in "${page[@]}"; do total=$((total + $(wc -c <"$f.gz"))); done
printf '%-28s %8d B .gz (the goal: at most 40000)\n' "a page with the element" "$total"
