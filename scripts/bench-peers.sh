#!/usr/bin/env bash
# Issue 7: performance against the peers, in one script. Builds what it needs, then runs
#   1. native: criterion, our check vs jsonschema-rs on the same corpus (bench/benches/peers.rs);
#      and "instructions": the same passes counted by callgrind (bench/examples/peer_instructions.rs),
#      whose ratios are the same in every run (criterion's times for jsonschema-rs are not);
#   2. JS in Node: the widget's validate vs ajv (bench/js/node.mjs);
#   3. JS in headless Chromium: the same, and the per-keystroke re-check (bench/js/browser.mjs);
#   4. page: navigation to an interactive form, cold cache, against the release server
#      (bench/js/pageload.mjs);
#   5. forms: our app against react-jsonschema-form (bench/peer-rjsf/), application and
#      evaluation, cold load and keystroke → message at CPU ×1 and ×4, from the release server
#      (bench/js/forms.mjs; issue 26);
#   6. server: validate against the echo route and the submissions with wrk (scripts/bench-server.sh,
#      its own environment variables apply), then a request's instructions by callgrind
#      (scripts/bench/server-instructions.sh);
# and prints one Markdown block (also in $OUT/report.md) with the machine, the load before each
# part, and every figure as a ratio or a distribution from this run.
#
# Environment: OUT (default target/bench-peers), LOADS (page loads, default 12), CHANGES
# (keystroke changes, default 12000), SKIP_BUILD=1 to reuse dist/, dist/rules/ and the release
# server as they are, ONLY="native instructions node browser page forms server" to run a subset.
# The part forms: FORM_LOADS (cold loads per app, form and rate; 10), ROUNDS (rounds of edits;
# 12), RATES ("1 4"), PROFILE=1 to trace our app at the highest rate as well (with a build of the
# app whose WASM keeps its function names; traces in $OUT/forms-profile/).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-target/bench-peers}
only=${ONLY:-native instructions node browser page forms server}
mkdir -p "$out/js/widget" "$out/js/keystroke"
rm -f "$out"/{node,browser,pageload,forms,instructions}.json "$out/server.md"
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }
has() { [[ " $only " == *" $1 "* ]]; }

echo "== build" >&2
cargo build --release -p aii-bench --bin bench-corpus >&2
target/release/bench-corpus "$out/corpus" >/dev/null
if [ "${SKIP_BUILD:-}" != 1 ]; then
  if has node || has browser; then scripts/build-rules-wasm.sh >&2; fi
  if has page || has forms; then
    cargo build --release -p aii-server >&2
    scripts/build-app.sh >&2
  fi
fi
if has forms; then
  # One static folder for the server: the app as built (dist/) and the peer's pages beside it,
  # precompressed as the app's files are.
  [ -d bench/peer-rjsf/node_modules ] || (cd bench/peer-rjsf && npm ci --no-audit --no-fund >&2)
  rm -rf "$out/forms-static"
  cp -a dist "$out/forms-static"
  node bench/peer-rjsf/build.mjs "$out/corpus" "$out/forms-static" >&2
  node scripts/precompress.mjs "$out/forms-static"/peer-rjsf/*.js "$out/forms-static"/peer-rjsf/*.html >&2
  if [ "${PROFILE:-}" = 1 ]; then
    # The same bundles with the WASM's function names kept (wasm-bindgen keeps the name
    # section; wasm-opt -g keeps it through -Oz), so a profile names Rust functions. Served
    # uncompressed: only the profile loads them.
    names="$out/forms-static-names"
    rm -rf "$names"
    cp -a "$out/forms-static" "$names"
    for bundle in "pkg --no-default-features" "pkg-ch6 --no-default-features --features chapter6"; do
      read -r dir flags <<<"$bundle"
      # shellcheck disable=SC2086
      cargo build -p aii-app --lib --target wasm32-unknown-unknown --profile wasm-release $flags >&2
      rm -f "$names/$dir"/*.gz "$names/$dir"/*.br
      wasm-bindgen --target web --no-typescript --out-dir "$names/$dir" --out-name app target/wasm32-unknown-unknown/wasm-release/aii_app.wasm
      node_modules/.bin/wasm-opt -Oz -g --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types "$names/$dir/app_bg.wasm" -o "$names/$dir/app_bg.wasm"
    done
  fi
fi
if has node || has browser; then
  cp widget/aii-validator.js widget/aii_rules.js dist/embed/aii_rules_bg.wasm "$out/js/widget/"
  echo '{ "type": "module" }' >"$out/js/package.json"
fi
if has browser; then
  # The app's per-keystroke path as WASM, with the app's profile and wasm-opt pass.
  cargo build -p aii-bench-keystroke --lib --target wasm32-unknown-unknown --profile wasm-release >&2
  wasm-bindgen --target web --no-typescript --out-dir "$out/js/keystroke" --out-name keystroke \
    target/wasm32-unknown-unknown/wasm-release/aii_bench_keystroke.wasm
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out/js/keystroke/keystroke_bg.wasm" -o "$out/js/keystroke/keystroke_bg.wasm"
fi

declare -A loads
if has native; then
  echo "== native (criterion)" >&2
  loads[native]=$(load)
  cargo bench -p aii-bench --bench peers >&2
fi
if has instructions; then
  echo "== native, instructions (callgrind)" >&2
  if ! command -v valgrind >/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y valgrind >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y valgrind >/dev/null; }
  fi
  cargo build --release -p aii-bench --example peer_instructions >&2
  forms=$(python3 -c 'import json,sys; print(" ".join(f["kind"] for f in json.load(open(sys.argv[1]))["forms"]))' "$out/corpus/manifest.json")
  {
    echo "{"
    sep=""
    for form in $forms; do
      for contender in aii_check jsonschema_all_errors aii_parse_check jsonschema_parse_all_errors aii_structural_only; do
        # Only measured_pass is counted (the corpus, the schema and a first pass are not).
        ir=$(valgrind --tool=callgrind --toggle-collect='*measured_pass*' --callgrind-out-file=/dev/null \
          target/release/examples/peer_instructions "$form" "$contender" 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
        [ -n "$ir" ] || { echo "bench-peers: no count for $form $contender" >&2; exit 1; }
        printf '%s"%s/%s": %s' "$sep" "$form" "$contender" "$ir"
        sep=$',\n'
      done
    done
    echo
    echo "}"
  } >"$out/instructions.json"
fi
if has node; then
  echo "== Node" >&2
  loads[node]=$(load)
  node bench/js/node.mjs "$out/js" "$out/corpus" >"$out/node.json"
fi
if has browser; then
  echo "== Chromium: throughput and keystrokes" >&2
  loads[browser]=$(load)
  node bench/js/browser.mjs "$out/js" "$out/corpus" "${CHANGES:-12000}" >"$out/browser.json"
fi
if has page; then
  echo "== Chromium: page load" >&2
  loads[page]=$(load)
  node bench/js/pageload.mjs target/release/aii-server dist "${LOADS:-12}" >"$out/pageload.json"
fi

if has forms; then
  echo "== Chromium: our app against RJSF" >&2
  loads[forms]=$(load)
  profile=()
  [ "${PROFILE:-}" = 1 ] && profile=(PROFILE_DIR="$out/forms-profile" PROFILE_STATIC="$out/forms-static-names")
  env "${profile[@]}" LOADS="${FORM_LOADS:-10}" node bench/js/forms.mjs target/release/aii-server "$out/forms-static" >"$out/forms.json"
fi

if has server; then
  echo "== server (wrk, then callgrind)" >&2
  loads[server]=$(load)
  { scripts/bench-server.sh; echo; scripts/bench/server-instructions.sh; } >"$out/server.md"
fi

dirty=false
git diff --quiet HEAD -- . 2>/dev/null || dirty=true
cat >"$out/machine.json" <<EOF
{ "date": "$(date -u +%Y-%m-%dT%H:%MZ)", "nproc": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')",
  "commit": "$(git rev-parse --short HEAD)", "dirty": $dirty,
  "load": { "native": "${loads[native]:-}", "node": "${loads[node]:-}", "browser": "${loads[browser]:-}", "page": "${loads[page]:-}", "forms": "${loads[forms]:-}", "server": "${loads[server]:-}" } }
EOF
node bench/js/report.mjs "$out" target/criterion | tee "$out/report.md"
