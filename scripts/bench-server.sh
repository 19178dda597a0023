#!/usr/bin/env bash
# Load figures of the server (issue 3, BENCHMARKS.md "Server load (wrk)"), measured with wrk:
#   (a) POST /api/v1/forms/application/validate against the bare JSON echo route
#       POST /api/v1/_echo (feature `bench-echo`) with the same body: throughput ratio, and the
#       server's CPU time per request; the same for /api/v1/_uncached/…/validate (the feature's
#       validate that reads every context look-up from the database, as CONTEXT_CACHE_MS=0);
#   (b) accepted deputy-director submissions per second, p50/p99, on SQLite and PostgreSQL.
# Builds the release server with the feature, installs wrk from apt when missing, starts the
# server on a free port with a fresh SQLite file (then a fresh PostgreSQL database, dropped
# afterwards), registers a base, runs wrk (scripts/bench/post.lua checks every answer), checks
# the row counts, and prints a Markdown table. Fails loudly on any unexpected answer.
#
# Environment (defaults in brackets):
#   DURATION [15]      seconds per measured run        WARMUP [3]  seconds of warm-up per route
#   CONNECTIONS [32]   wrk connections                 THREADS [1] wrk threads
#   ROUNDS [2]         echo/validate alternations (their figures are pooled)
#   MANY [500]         different units of the rounds' "many" runs, at most 500 (0: none)
#   SERVER_LOG [info]  the server's RUST_LOG (its default is info: one line per request)
#   PG_URL [postgres://postgres@127.0.0.1:5432/postgres]  admin URL; SKIP_PG=1 skips PostgreSQL
#   CARGO_TARGET_DIR   where cargo builds (default: the workspace's target/)
#   BIN                a server binary to measure instead of building one (built with the
#                      feature `bench-echo`), e.g. an earlier commit's for a before/after
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-2}
SERVER_LOG=${SERVER_LOG:-info}
MANY=${MANY:-500}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
SKIP_PG=${SKIP_PG:-0}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${BIN:-}
LUA=$ROOT/scripts/bench/post.lua
# The examples' dates: the deputy director's term starts 2027-09-01, the application is for 2027.
DATES=(--today 2027-09-01 --cycle 2027 --window-opens 2027-01-01 --window-closes 2027-12-31)

log() { echo "bench-server: $*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

# --- build and tools -------------------------------------------------------------------------
if [ -z "$BIN" ]; then
  log "building the release server with --features bench-echo (target: $TARGET_DIR)"
  cargo build --release --quiet -p aii-server --features bench-echo
  BIN=$TARGET_DIR/release/aii-server
fi
[ -x "$BIN" ] || die "no server binary at $BIN"
if ! command -v wrk >/dev/null; then
  log "installing wrk from apt"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y wrk >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; }
fi
for tool in wrk curl sqlite3 python3; do command -v $tool >/dev/null || die "$tool is missing"; done
[ "$SKIP_PG" = 1 ] || for tool in psql createdb dropdb; do command -v $tool >/dev/null || die "$tool is missing (or SKIP_PG=1)"; done

# --- scratch space and clean-up --------------------------------------------------------------
WORK=$(mktemp -d /tmp/aii-bench.XXXXXX)
SERVER_PID=""
PG_DB=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() {
  stop_server
  if [ -n "$PG_DB" ]; then dropdb --force --maintenance-db="$PG_URL" "$PG_DB" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Registers the example base in $1 and starts the server on it; sets PORT and SERVER_PID. The
# base is certified in 2025, before the benchmark's cycle: a base certified within it would
# make the application's unit hold one already (art8.one_per_cycle), and every post a 422.
start_server() {
  local url=$1
  BASE_ID=$(RUST_LOG=warn "$BIN" --database-url "$url" --today 2025-06-01 register-base --file server/examples/base.json)
  [ -n "$BASE_ID" ] || die "register-base printed no id"
  PORT=$(free_port)
  # wrk is one client address: no limit of submissions per address (an environment variable, so
  # an earlier commit's binary, which knows no such flag, starts all the same).
  SUBMISSIONS_PER_MINUTE=0 RUST_LOG=$SERVER_LOG "$BIN" --listen "127.0.0.1:$PORT" --database-url "$url" "${DATES[@]}" \
    >"$WORK/server-$PORT.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$PORT/api/v1/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -5 "$WORK/server-$PORT.log")"
    sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$PORT/api/v1/healthz" >/dev/null || die "the server does not answer"
  sed "s/<id of a certified base>/$BASE_ID/" shared/spec/examples/director_appointment.valid.json >"$WORK/deputy.json"
  grep -q "\"$BASE_ID\"" "$WORK/deputy.json" || die "could not put the base id in the deputy-director example"
  log "server up on port $PORT ($url), base $BASE_ID"
}

cp shared/spec/examples/application.valid.json "$WORK/application.json"
# The same application for MANY different units (bench/src/corpus.rs `application_units`: valid
# USCCs of the example's category, fixed seed), one per line: validate's kept answers then serve
# each unit in turn, as under load from many applicants.
if [ "$MANY" -gt 0 ]; then
  cargo build --release --quiet -p aii-bench --bin bench-corpus
  "$TARGET_DIR/release/bench-corpus" "$WORK/corpus" >/dev/null
  head -n "$MANY" "$WORK/corpus/application.units.jsonl" >"$WORK/applications.jsonl"
  [ "$(wc -l <"$WORK/applications.jsonl")" -eq "$MANY" ] || die "MANY is at most $(wc -l <"$WORK/corpus/application.units.jsonl")"
fi

# run_wrk NAME PATH BODY STATUS BODY_SUBSTRING SECONDS: one wrk run; its figures land in $WORK/NAME.txt.
run_wrk() {
  local name=$1 path=$2 body=$3 status=$4 substring=$5 secs=$6
  local result=$WORK/$name.txt
  BODY_FILE=$body EXPECT_STATUS=$status EXPECT_BODY=$substring RESULT_FILE=$result \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s --latency -s "$LUA" \
    "http://127.0.0.1:$PORT$path" >"$WORK/$name.wrk" 2>&1 || die "wrk failed: $(cat "$WORK/$name.wrk")"
  [ -s "$result" ] || die "wrk wrote no result for $name: $(cat "$WORK/$name.wrk")"
  if grep -q "post.lua: FAILED" "$WORK/$name.wrk"; then die "$name: $(grep 'post.lua: FAILED' "$WORK/$name.wrk")"; fi
  if [ "$(get "$name" ok)" -eq 0 ]; then die "$name: no expected answer at all"; fi
}
get() { sed -n "s/^$2=//p" "$WORK/$1.txt"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

ROWS=()
# row LABEL NAME CHECK: one line of the table.
row() {
  local label=$1 name=$2 check=$3
  ROWS+=("| $label | $(get "$name" ok_rps) | $(get "$name" p50_ms) | $(get "$name" p99_ms) | $(get "$name" max_ms) | $(get "$name" ok) | $(($(get "$name" bad_status) + $(get "$name" bad_body))) | $(cat "$WORK/$name.cpu") | $check | $(cat "$WORK/$name.load") |")
}
# The server's CPU time so far (user + system, all threads), in clock ticks; with PostgreSQL
# (WITH_PG=1), that of every postgres process added (the database's work is the request's too).
cpu_ticks() {
  local own
  own=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  if [ "${WITH_PG:-0}" = 1 ]; then
    # shellcheck disable=SC2016 # awk's fields
    own=$((own + $(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(postgres)" { s += $14 + $15 } END { print s + 0 }')))
  fi
  echo "$own"
}
TICKS_PER_S=$(getconf CLK_TCK)
measure() { # measure NAME PATH BODY STATUS SUBSTRING
  load1 >"$WORK/$1.load"
  local t0 t1
  t0=$(cpu_ticks)
  run_wrk "$@" "$DURATION"
  t1=$(cpu_ticks)
  # The CPU time per answered request (µs) of the server (and PostgreSQL's): what a request
  # costs, apart from wrk's own share of the same cores.
  python3 -c "print(f'{($t1 - $t0) / $TICKS_PER_S / max(1, $(get "$1" ok)) * 1e6:.1f}')" >"$WORK/$1.cpu"
  log "$1: $(get "$1" ok_rps)/s, p50 $(get "$1" p50_ms) ms, p99 $(get "$1" p99_ms) ms, server CPU $(cat "$WORK/$1.cpu") µs/request"
}

# (a) validate vs echo, and (b) submissions, on one backend. $1: sqlite|postgres.
bench_backend() {
  local db=$1 count_sql=$2
  local validate=/api/v1/forms/application/validate submit=/api/v1/forms/director-appointment/submissions
  local uncached=/api/v1/_uncached/forms/application/validate
  run_wrk "$db-warm-echo" /api/v1/_echo "$WORK/application.json" 200 "" "$WARMUP"
  run_wrk "$db-warm-validate" "$validate" "$WORK/application.json" 200 '"valid":true' "$WARMUP"
  run_wrk "$db-warm-uncached" "$uncached" "$WORK/application.json" 200 '"valid":true' "$WARMUP"
  local r
  for r in $(seq "$ROUNDS"); do
    measure "$db-echo-$r" /api/v1/_echo "$WORK/application.json" 200 '"cycle":2027'
    row "$db | \`POST /_echo\` (application body) #$r" "$db-echo-$r" "—"
    measure "$db-validate-$r" "$validate" "$WORK/application.json" 200 '"valid":true'
    row "$db | \`POST …/application/validate\` #$r" "$db-validate-$r" "—"
    measure "$db-uncached-$r" "$uncached" "$WORK/application.json" 200 '"valid":true'
    row "$db | \`POST /_uncached/…/application/validate\` (every look-up read) #$r" "$db-uncached-$r" "—"
    if [ "$MANY" -gt 0 ]; then
      measure "$db-echomany-$r" /api/v1/_echo "$WORK/applications.jsonl" 200 '"cycle":2027'
      row "$db | \`POST /_echo\`, $MANY different applications in turn #$r" "$db-echomany-$r" "—"
      measure "$db-many-$r" "$validate" "$WORK/applications.jsonl" 200 '"valid":true'
      row "$db | \`POST …/application/validate\`, $MANY different applications in turn #$r" "$db-many-$r" "—"
    fi
  done
  run_wrk "$db-warm-submit" "$submit" "$WORK/deputy.json" 201 '"status":"submitted"' "$WARMUP"
  sleep 1
  local before after ok in_flight
  before=$($count_sql)
  measure "$db-submit" "$submit" "$WORK/deputy.json" 201 '"status":"submitted"'
  sleep 1 # the requests in flight when wrk stopped finish on the server
  after=$($count_sql)
  ok=$(get "$db-submit" ok)
  in_flight=$(get "$db-submit" in_flight)
  local added=$((after - before))
  # Every 201 is a row; a request wrk wrote but did not wait for may have been stored too.
  if [ "$added" -lt "$ok" ] || [ "$added" -gt $((ok + in_flight)) ]; then
    die "$db: $added rows added, but wrk counted $ok answers 201 and $in_flight requests in flight"
  fi
  row "$db | \`POST …/director-appointment/submissions\` (deputy, 201)" "$db-submit" "+$added rows = $ok × 201 + $((added - ok)) of $in_flight in flight"
  # (a)'s ratio, pooled over the rounds.
  # pooled NAME: "answers seconds server-CPU-µs" of the route's rounds together.
  pooled() {
    local r
    for r in $(seq "$ROUNDS"); do
      echo "$(get "$db-$1-$r" ok) $(get "$db-$1-$r" duration_s) $(cat "$WORK/$db-$1-$r.cpu")"
    done | awk '{ n += $1; secs += $2; cpu += $3 * $1 } END { print n, secs, cpu }'
  }
  local e v routes=(validate uncached)
  [ "$MANY" -gt 0 ] && routes+=(many)
  for v in "${routes[@]}"; do
    if [ "$v" = many ]; then e=$(pooled echomany); else e=$(pooled echo); fi
    # shellcheck disable=SC2086 # the pooled figures are three words each
    RATIOS+=("$(python3 -c '
import sys
db, route, en, es, ec, vn, vs, vc = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
label = {"validate": "validate", "uncached": "validate, every look-up read (`_uncached`)"}.get(route, "validate, different units in turn (echo of the same bodies)")
print(f"| {db} | {label} | {en / es:.0f} | {vn / vs:.0f} | {(vn / vs) / (en / es):.2f}× | {ec / en:.1f} | {vc / vn:.1f} | {(ec / en) / (vc / vn):.2f}× |")
' "$db" "$v" $e $(pooled "$v"))")
  done
  SUBMITS+=("| $db | $(get "$db-submit" ok_rps) | $(get "$db-submit" p50_ms) | $(get "$db-submit" p99_ms) |")
}
RATIOS=()
SUBMITS=()

# --- SQLite ------------------------------------------------------------------------------------
SQLITE_FILE=$WORK/bench.db
start_server "sqlite://$SQLITE_FILE"
sqlite_count() { sqlite3 "$SQLITE_FILE" "SELECT count(*) FROM submissions WHERE kind = 'director_appointment'"; }
bench_backend sqlite sqlite_count
stop_server

# --- PostgreSQL --------------------------------------------------------------------------------
if [ "$SKIP_PG" != 1 ]; then
  PG_DB=aii_bench_$(date +%s)_$$
  createdb --maintenance-db="$PG_URL" "$PG_DB"
  PG_BENCH_URL=$(python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2])))" "$PG_URL" "$PG_DB")
  start_server "$PG_BENCH_URL"
  pg_count() { psql -d "$PG_BENCH_URL" -Atc "SELECT count(*) FROM submissions WHERE kind = 'director_appointment'"; }
  WITH_PG=1 bench_backend postgres pg_count
  stop_server
fi

# --- report ------------------------------------------------------------------------------------
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo
echo "wrk $THREADS thread(s), $CONNECTIONS connections, ${DURATION} s per run after ${WARMUP} s of warm-up; server RUST_LOG=$SERVER_LOG, default pool and limits;"
echo "$(nproc) cores ($CPU), $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -sr); wrk and the server on the same machine."
echo
echo "| backend | request | 2xx/s | p50 ms | p99 ms | max ms | 2xx | other | CPU µs/request (server; + PostgreSQL's) | rows | load (1 min) before |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "| backend | route | echo/s | validate/s | validate ÷ echo (goal ≥ 0.8×) | echo, CPU µs/request | validate, CPU µs/request | validate ÷ echo as rates by CPU (echo's µs over validate's) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${RATIOS[@]}"
echo
echo "wrk posts one body again and again, with no write between: after the first request each second, validate's context look-up is a kept answer (--context-cache-ms, default 1000); the \`_uncached\` route reads it every time; the \"different units\" runs post $MANY applications of as many units in turn (each unit's answer read once a second, then kept), and compare with echo of the same bodies. CPU on PostgreSQL counts every postgres process too."
echo
echo "| backend | accepted/s (goal ≥ 3,000 on SQLite) | p50 ms | p99 ms (goal ≤ 20 on SQLite) |"
echo "|---|---|---|---|"
printf '%s\n' "${SUBMITS[@]}"
