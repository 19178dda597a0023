#!/usr/bin/env bash
# Issue 7, the server: instructions per request of `POST /api/v1/_echo`, of
# `POST /api/v1/forms/application/validate` and of its `_uncached` twin (every context look-up
# read from the database) with the same body (the valid application example),
# counted by callgrind in the release server (feature `bench-echo`), SQLite, one connection,
# requests one after another. Unlike wrk's requests per second, the counts repeat from run to
# run; they count the server's user-space work only (not the kernel's, and not time: a cache
# miss costs no more instructions than a hit). Prints a Markdown table: per request, the whole
# process (minus a run that served no request) and the parts only one of the two routes has
# (both read the body the same way, `read_document`).
#
# Environment: N [1000] requests per route; BIN a server binary built with `bench-echo`
# (default: builds it, in CARGO_TARGET_DIR or target/). The server logs at info (one line per
# request, as by default) and keeps validate's look-ups for the whole run.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000}
BIN=${BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet -p aii-server --features bench-echo
  BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/aii-server
fi
for tool in valgrind callgrind_annotate python3 curl; do command -v $tool >/dev/null || { echo "server-instructions: $tool is missing" >&2; exit 1; }; done
WORK=$(mktemp -d /tmp/aii-server-ir.XXXXXX)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
DATES=(--today 2027-09-01 --cycle 2027 --window-opens 2027-01-01 --window-closes 2027-12-31)
BODY=shared/spec/examples/application.valid.json

# count NAME ROUTE REQUESTS: the server under callgrind serves REQUESTS posts of BODY to ROUTE,
# then stops (SIGINT: a graceful shutdown, so callgrind writes its totals).
count() {
  local name=$1 route=$2 n=$3 db=$WORK/$1.db port
  RUST_LOG=warn "$BIN" --database-url "sqlite://$db" "${DATES[@]}" register-base --file server/examples/base.json >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  # The kept look-ups live longer than the run (requests under callgrind are slow): every
  # request after the first is a hit, in every run.
  RUST_LOG=info valgrind --tool=callgrind --callgrind-out-file="$WORK/$name.cg" \
    "$BIN" --listen "127.0.0.1:$port" --database-url "sqlite://$db" --context-cache-ms 600000 "${DATES[@]}" \
    >"$WORK/$name.log" 2>"$WORK/$name.vg" &
  PID=$!
  # Ready once it logs that it listens (no request before the counted ones).
  for _ in $(seq 600); do
    grep -q 'listening' "$WORK/$name.log" 2>/dev/null && break
    kill -0 $PID 2>/dev/null || { echo "server-instructions: the server exited: $(tail -3 "$WORK/$name.vg")" >&2; exit 1; }
    sleep 0.2
  done
  python3 - "$port" "$route" "$BODY" "$n" <<'EOF'
import http.client, sys
port, route, body_file, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
body = open(body_file, "rb").read()
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
for _ in range(n):
    conn.request("POST", route, body=body, headers={"Content-Type": "application/json"})
    res = conn.getresponse()
    data = res.read()
    if res.status != 200:
        sys.exit(f"server-instructions: {route} answered {res.status}: {data[:300]!r}")
EOF
  kill -INT $PID
  wait $PID || true
  PID=""
  # Every function's count, inclusive, read once for the parts below.
  callgrind_annotate --inclusive=yes --threshold=100 "$WORK/$name.cg" >"$WORK/$name.txt" 2>/dev/null
  sed -n 's/.*Collected : //p' "$WORK/$name.vg"
}

base=$(count idle /api/v1/healthz 0)
[ -n "$base" ] || { echo "server-instructions: no count" >&2; exit 1; }
echo_ir=$(count echo /api/v1/_echo "$N")
validate_ir=$(count validate /api/v1/forms/application/validate "$N")
uncached_ir=$(count uncached /api/v1/_uncached/forms/application/validate "$N")
# A function's inclusive count per request (0 when it does not appear).
part() {
  awk -v pat="$2" -v n="$N" 'index($0, pat) { gsub(",", "", $1); if ($1 + 0 > best) best = $1 + 0 } END { printf "%.0f", best / n }' "$WORK/$1.txt" |
    python3 -c 'import sys; print(f"{int(sys.stdin.read() or 0):,}")'
}
per() { python3 -c "print(f'{($1 - $base) / $N:,.0f}')"; }
echo "Instructions per request (callgrind, user space; $N requests after start-up, one connection; the valid application example, $(wc -c <"$BODY") B; server RUST_LOG=info, --context-cache-ms 600000):"
echo
echo "| route | whole process, per request | the rules (\`engine::run\`) | the context look-up (Art. 8's \`unit_applied_in_cycle\`) | the answer's JSON (\`error::json\`) |"
echo "|---|---|---|---|---|"
echo "| \`POST /_echo\` | $(per "$echo_ir") | — | — | $(part echo 'aii_server::error::json') |"
echo "| \`POST …/application/validate\` | $(per "$validate_ir") | $(part validate 'aii_rules::engine::run') | $(part validate 'Repository>::unit_applied_in_cycle') | $(part validate 'aii_server::error::json') |"
echo "| \`POST /_uncached/…/application/validate\` (every look-up read) | $(per "$uncached_ir") | $(part uncached 'aii_rules::engine::run') | $(part uncached 'Repository>::unit_applied_in_cycle') | $(part uncached 'aii_server::error::json') |"
echo
python3 -c "print(f'validate ÷ echo as rates by instructions (echo\'s count per request over validate\'s; above 1×, validate does less work): {($echo_ir - $base) / ($validate_ir - $base):.2f}×, every look-up read: {($echo_ir - $base) / ($uncached_ir - $base):.2f}×')"
