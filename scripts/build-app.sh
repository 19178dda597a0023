#!/usr/bin/env bash
# Builds the app into dist/: the Leptos client compiled to WASM (size profile), wasm-bindgen
# --target web, wasm-opt -Oz (npm binaryen@132), plus index.html, main.js and the CSS. Three
# bundles: pkg/ for applicants (without the review desk or Chapter 6), pkg-ch6/ (the applicant
# pages plus Chapter 6's forms and registry page, for certified bases) and pkg-admin/ (all of
# it with the review desk); main.js loads each only on its own pages. The server serves dist/ at /. Prints raw, gzip -9 and served (.gz, .br) sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
wasm=target/wasm32-unknown-unknown/wasm-release/aii_app.wasm
# No stale precompressed copy may outlive a failed build: the server would send it for new bytes.
rm -f "$out"/*.gz "$out"/*.br "$out"/pkg*/*.gz "$out"/pkg*/*.br
bundle() { # <pkg dir> <cargo feature flags…>
  local dir=$1
  shift
  cargo build -p aii-app --lib --target wasm32-unknown-unknown --profile wasm-release "$@"
  mkdir -p "$out/$dir"
  wasm-bindgen --target web --no-typescript --out-dir "$out/$dir" --out-name app "$wasm"
  # The glue, minified (terser: names mangled, no semantics changed).
  node_modules/.bin/terser "$out/$dir/app.js" --module --ecma 2020 --compress --mangle -o "$out/$dir/app.js"
  # Similar functions merged first: Leptos monomorphises one render routine per view shape,
  # and many differ only in constants (3 kB gzip less than -Oz alone, the same code otherwise).
  node_modules/.bin/wasm-opt --merge-similar-functions -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types "$out/$dir/app_bg.wasm" -o "$out/$dir/app_bg.wasm"
}
bundle pkg --no-default-features
bundle pkg-ch6 --no-default-features --features chapter6
bundle pkg-admin
cp app/index.html app/main.js "$out/"
cp style/*.css "$out/"
# Precompressed copies (.gz by zopfli, .br by brotli): the server sends them to browsers that
# accept them. Prints the sizes, the applicant bundle (pkg/) first.
node scripts/precompress.mjs "$out"/pkg/app_bg.wasm "$out"/pkg/app.js "$out"/pkg-ch6/app_bg.wasm "$out"/pkg-ch6/app.js \
  "$out"/pkg-admin/app_bg.wasm "$out"/pkg-admin/app.js "$out"/index.html "$out"/main.js "$out"/*.css
