#!/usr/bin/env bash
# Builds the applicant app into dist/: the Leptos client compiled to WASM (size profile),
# wasm-bindgen --target web, wasm-opt -Oz (npm binaryen@132), plus index.html and the CSS.
# The server serves dist/ at /. Prints raw and gzip sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
cargo build -p aii-app --lib --target wasm32-unknown-unknown --profile wasm-release
mkdir -p "$out/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$out/pkg" --out-name app target/wasm32-unknown-unknown/wasm-release/aii_app.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types "$out/pkg/app_bg.wasm" -o "$out/pkg/app_bg.wasm"
cp app/index.html app/main.js "$out/"
cp style/*.css "$out/"
for f in "$out/pkg/app_bg.wasm" "$out/pkg/app.js"; do
  printf '%-16s %8d bytes raw %8d bytes gzip -9\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
