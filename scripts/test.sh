#!/usr/bin/env bash
# Every test: sets up what is missing, then the native tests of the whole workspace, the
# parity tests of the rules in headless Chromium (WASM), the size build of the rules bundle, and
# the end-to-end tests of the app against the real server in headless Chromium.
# The PostgreSQL tests run against TEST_DATABASE_URL; when it is unset and a PostgreSQL answers
# on 127.0.0.1:5432, postgres://postgres@127.0.0.1:5432/test is used (each run creates and drops
# a fresh database of its own there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser

if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -h 127.0.0.1 -p 5432 -q; then
  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
fi
echo "PostgreSQL tests: ${TEST_DATABASE_URL:-off (TEST_DATABASE_URL unset)}"

echo "== formatting"
cargo fmt --all --check

echo "== module imports run one way (no two modules import each other)"
python3 scripts/module-cycles.py shared/src server/src app/src api/src

echo "== native tests (workspace)"
cargo test --workspace --all-targets

echo "== doc tests"
cargo test --workspace --doc

echo "== rules in the browser: WASM parity with native, headless Chromium"
cargo test -p aii-rules --target wasm32-unknown-unknown --features wasm --test wasm_parity

echo "== rules WASM bundle (size build)"
scripts/build-rules-wasm.sh

echo "== end to end: the app and the server in headless Chromium"
scripts/build-app.sh
# `cargo test` above built the server binary for its integration tests (test profile).
[ -x target/debug/aii-server ] || cargo build -p aii-server
AII_SERVER_BIN=target/debug/aii-server node --test tests/e2e/
