#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing, skipping what is there:
# the wasm32 target, wasm-bindgen-cli 0.2.130 (must equal the wasm-bindgen crate), the npm
# build tools (binaryen@132's wasm-opt), and — with `--browser` — Chromium and ChromeDriver.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  echo "setup: installing wasm-bindgen-cli 0.2.130 (about 3 minutes)"
  cargo install wasm-bindgen-cli --version 0.2.130
fi

if [ ! -x node_modules/.bin/wasm-opt ]; then
  echo "setup: installing npm build tools"
  npm install --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  echo "setup: installing Chromium and ChromeDriver"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi
