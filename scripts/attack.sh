#!/usr/bin/env bash
# Issue 22's attacks replayed against the release server on loopback, on SQLite and (when it
# answers on 127.0.0.1:5432) PostgreSQL: one line per attack with its requests, 5xx answers,
# the server's peak RSS, the slowest health check while it ran, and whether the finding holds
# (scripts/attack.py; RELIABILITY.md has the table). Bounded: every attack has a fixed count and
# deadline (about three minutes a backend); the server is stopped at the end.
#
#   scripts/attack.sh [sqlite|postgres]...     (default: both)
#   ONLY=nul,login-race scripts/attack.sh      (some attacks only)
#
# Needs: python3 (standard library), psql for PostgreSQL; ulimit -n of 4,096 or more.
set -euo pipefail
cd "$(dirname "$0")/.."
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgres)
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cargo build -q --release -p aii-server
bin=$PWD/target/release/aii-server
work=$(mktemp -d)
server=
pgdb=
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  [ -z "$pgdb" ] || psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
password='the attacked secretary password'
status=0
printf '%-16s %-9s %6s %4s %8s %8s %-6s %s\n' attack backend count 5xx peak-MiB health-ms result outcome
for backend in "${backends[@]}"; do
  case "$backend" in
    sqlite) url="sqlite://$work/aii.db" ;;
    postgres)
      if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        echo "postgres: nothing answers on 127.0.0.1:5432, skipped"
        continue
      fi
      pgdb=aii_attack_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
      psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pgdb" >/dev/null
      url="postgres://postgres@127.0.0.1:5432/$pgdb"
      ;;
    *) echo "unknown backend: $backend (sqlite, postgres)" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # The defaults of every limit; 127.0.0.1 a trusted proxy (the X-Forwarded-For attack, the probe).
  settings=(--database-url "$url" --static-dir /nonexistent/aii-static --cycle 2027 --window-opens 2027-01-01
    --window-closes 2027-12-31 --today 2027-03-01 --trusted-proxies 127.0.0.1)
  base_id=$("$bin" "${settings[@]}" register-base --file server/examples/base.json)
  printf '%s\n' "$password" | "$bin" "${settings[@]}" user add --username secretary.attack --password-stdin >/dev/null
  RUST_LOG=warn "$bin" "${settings[@]}" --listen "127.0.0.1:$port" >"$work/server-$backend.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/v1/healthz')" 2>/dev/null && break; sleep 0.1; done
  settings_json=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "${settings[@]}")
  timeout 600 python3 scripts/attack.py --url "http://127.0.0.1:$port" --pid "$server" --backend "$backend" --bin "$bin" \
    --settings "$settings_json" --base-id "$base_id" --user secretary.attack --password "$password" --only "${ONLY:-}" \
    --json "${ATTACK_JSON:-/dev/null}" || status=1
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  if grep -q "panicked" "$work/server-$backend.log"; then
    echo "$backend: the server panicked (see its log)"
    status=1
  fi
  if [ -n "$pgdb" ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null
    pgdb=
  fi
done
exit "$status"
