#!/usr/bin/env bash
# Builds and runs the product: the applicant app (WASM), the embeddable widget, and the server
# that serves them, on an embedded SQLite file in ./data/ with no configuration. Sets up what a fresh machine lacks.
# Extra arguments go to the server (see `--help`); environment variables work too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
scripts/build-rules-wasm.sh
cargo build --release -p aii-server
exec target/release/aii-server "$@"
