#!/usr/bin/env bash
# The long reliability runs whose figures are in RELIABILITY.md (the fast parts — the parity
# sample, the bad-input and limits suites, the crash test — run in scripts/test.sh):
#
#   1. parity at scale: PARITY_FORMS (default 12,000) generated forms, native against the
#      widget's WASM build, byte for byte;
#   2. the outside oracle: ORACLE_COUNT (default 100,000) USCCs and as many ID numbers against
#      python-stdnum;
#   3. API fuzzing: schemathesis against /api/v1/openapi.json (SCHEMATHESIS_EXAMPLES, default 100);
#   4. fuzzing: each libFuzzer target for FUZZ_SECONDS (default 1,200) — the longest part;
#   5. under attack: issue 22's attacks against the release server on loopback, SQLite and
#      PostgreSQL (scripts/attack.sh; bounded, about three minutes a backend).
#
#   scripts/reliability.sh [parity|oracle|schemathesis|fuzz|attack]...   (default: all five, in order)
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(parity oracle schemathesis fuzz attack)

for part in "${parts[@]}"; do
  case "$part" in
    parity)
      echo "== parity at scale: ${PARITY_FORMS:-12000} generated forms, native and WASM"
      PARITY_FORMS=${PARITY_FORMS:-12000} cargo test -p aii-rules --test generated_parity -- --nocapture 2>&1 | grep -E 'generated forms|test result'
      scripts/build-rules-wasm.sh
      [ -d node_modules ] || npm ci --no-audit --no-fund
      node --test tests/e2e/widget-generated.test.mjs
      ;;
    oracle)
      echo "== outside oracle: python-stdnum"
      python3 -c 'import stdnum' 2>/dev/null || pip install 'python-stdnum==2.2'
      scripts/oracle_stdnum.py "${ORACLE_COUNT:-100000}"
      ;;
    schemathesis)
      echo "== API fuzzing: schemathesis"
      scripts/schemathesis.sh "${SCHEMATHESIS_EXAMPLES:-100}"
      ;;
    fuzz)
      echo "== fuzzing: ${FUZZ_SECONDS:-1200} s a target"
      scripts/fuzz.sh "${FUZZ_SECONDS:-1200}"
      ;;
    attack)
      echo "== under attack: scripts/attack.sh"
      scripts/attack.sh
      ;;
    *)
      echo "unknown part: $part (parity, oracle, schemathesis, fuzz, attack)" >&2
      exit 2
      ;;
  esac
done
