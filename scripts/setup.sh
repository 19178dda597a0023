#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing, skipping what is there:
# the wasm32 target, wasm-bindgen-cli 0.2.130 (must equal the wasm-bindgen crate), the npm
# build tools (binaryen@132's wasm-opt, terser, @gfx/zopfli for the served .gz copies), aiosmtpd
# (the e-mail tests' SMTP server), and — with
# `--browser` — Chromium and ChromeDriver.
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

# npm records what it installed in node_modules/.package-lock.json: install when that is
# missing or older than the project's lock file (a tool was added).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@gfx/zopfli ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm build tools"
  npm install --no-audit --no-fund
fi

# aiosmtpd (PyPI): the SMTP server the e-mail tests start (tests/smtp/server.py).
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "setup: installing aiosmtpd (PyPI)"
  python3 -m pip install --quiet 'aiosmtpd==1.4.6'
fi

# Chromium, a font with Chinese glyphs (without one, screenshots show boxes), zbarimg and
# Ghostscript (the e2e tests render the printed certificate and read its QR code back), and
# poppler's pdftotext (they read the printed 申请书's text).
if [ "${1:-}" = "--browser" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null && [ -d /usr/share/fonts/truetype/wqy ] && command -v zbarimg >/dev/null && command -v gs >/dev/null && command -v pdftotext >/dev/null; }; then
  echo "setup: installing Chromium, ChromeDriver, a CJK font, zbar-tools, Ghostscript and poppler-utils"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei zbar-tools ghostscript poppler-utils
fi

# moto's S3 server: tests/attachments.rs stores attachments in it (`--object-store-url`).
if ! command -v moto_server >/dev/null; then
  echo "setup: installing moto's S3 server (pip)"
  python3 -m pip install --quiet 'moto[server]' || echo "setup: moto could not be installed; the S3 test will be skipped"
fi
