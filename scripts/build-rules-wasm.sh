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
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
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
# The two scripts minified (terser: names mangled, no semantics changed).
for f in widget/aii-validator.js widget/aii_rules.js; do
  node_modules/.bin/terser "$f" --module --ecma 2020 --compress --mangle -o "dist/embed/$(basename "$f")"
done
cp widget/demo/index.html widget/demo/demo.css dist/embed/demo/
# Precompressed copies of the bundle (.gz by zopfli, .br by brotli): the server sends them to
# browsers that accept them. Prints the sizes; the first three are what a page downloads.
node scripts/precompress.mjs dist/embed/aii_rules_bg.wasm dist/embed/aii_rules.js dist/embed/aii-validator.js dist/embed/aii-validator.d.ts
