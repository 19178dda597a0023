#!/usr/bin/env bash
# Builds and runs the product: the applicant app (WASM) and the server that serves it, on an
# embedded SQLite file in ./data/ with no configuration. Sets up what a fresh machine lacks.
# Extra arguments go to the server (see `--help`); environment variables work too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
cargo build --release -p aii-server
exec target/release/aii-server "$@"
