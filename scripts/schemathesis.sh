#!/usr/bin/env bash
# API fuzzing: schemathesis against the server's own /api/v1/openapi.json (RELIABILITY.md).
# Starts the server (debug build) on a fresh SQLite database with a registered base, one
# accepted application and a secretariat account, then runs schemathesis with every check
# (no 5xx; status codes, content types, headers and bodies as documented; 405 for undeclared
# methods; …) twice: without a session (the public API, and the review desk refusing), and with a
# logged-in session (the review desk; logout left out so the session lasts).
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]      (default 100 per operation and phase)
#
# Needs: pip install schemathesis (4.32.5 was used). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-100}
command -v schemathesis >/dev/null || pip install 'schemathesis==4.32.5'
cargo build -q -p aii-server
bin=$PWD/target/debug/aii-server
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
settings=(--database-url "sqlite://$work/aii.db" --static-dir /nonexistent/aii-static --cycle 2027
  --window-opens 2027-01-01 --window-closes 2027-12-31 --today 2027-03-01)

base_id=$("$bin" "${settings[@]}" register-base --file server/examples/base.json)
export AII_BASE_ID=$base_id
printf 'schemathesis secretary\n' | "$bin" "${settings[@]}" user add --username fuzz.secretary --password-stdin >/dev/null
RUST_LOG=warn "$bin" "${settings[@]}" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "$url/api/v1/healthz" >/dev/null && break; sleep 0.1; done

# One accepted application (its id and receipt feed the operations that take them), and a
# session of the review desk.
created=$(curl -fs -H 'Content-Type: application/json' --data @shared/spec/examples/application.valid.json \
  "$url/api/v1/forms/application/submissions")
export AII_SUBMISSION_ID AII_RECEIPT
AII_SUBMISSION_ID=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<<"$created")
AII_RECEIPT=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["receipt"])' <<<"$created")
login=$(curl -fs -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"username": "fuzz.secretary", "password": "schemathesis secretary"}' "$url/api/v1/admin/login")
csrf=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$login")
cookie=$(awk '$6 == "aii_admin" { print $6 "=" $7 }' "$work/cookies")
echo "server on $url, base $base_id, submission $AII_SUBMISSION_ID"

st=(schemathesis --config-file scripts/schemathesis.toml run "$url/api/v1/openapi.json" --checks all
  --max-examples "$examples" --seed 2027 --workers 1 --no-color --suppress-health-check all --generation-database none)
status=0
echo "== without a session: every operation"
"${st[@]}" --exclude-checks ignored_auth || status=1
echo "== with a session: the review desk (logout left out)"
"${st[@]}" --include-path-regex '/admin/' --exclude-path /api/v1/admin/logout \
  -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" || status=1
if grep -E 'panicked|ERROR' "$work/server.log"; then
  echo "the server logged errors (above)"
  status=1
fi
exit $status
