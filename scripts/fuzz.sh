#!/usr/bin/env bash
# Fuzzes the rules crate with libFuzzer (cargo fuzz; the targets are in fuzz/), one target at a
# time, each for SECONDS (default 600), and prints each target's executions and findings.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: application director_appointment
#                                              direction_change annual_assessment evaluation
#                                              training_plan ids (default: all seven)
#   FUZZ_MINIMISE=1 scripts/fuzz.sh …          afterwards, merge what was found into the
#                                              committed corpus (fuzz/corpus/TARGET), reduced to
#                                              the fewest inputs that keep every coverage edge
#
# Only stable Rust is needed: RUSTC_BOOTSTRAP=1 lets cargo fuzz pass its unstable flags, and
# `--sanitizer none` (the crate has no unsafe code; panics and assertion failures are what we
# look for) keeps it at full speed. New inputs go to fuzz/target/corpus/TARGET (not committed);
# a crash leaves its input in fuzz/artifacts/TARGET and makes the script fail. Results are
# appended to fuzz/target/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(application director_appointment direction_change annual_assessment evaluation training_plan ids)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
export RUSTC_BOOTSTRAP=1
fuzz=(cargo fuzz run --fuzz-dir fuzz --sanitizer none -O)

mkdir -p fuzz/target
results=fuzz/target/results.tsv
[ -f "$results" ] || printf 'date\ttarget\tseconds\texecutions\texec_per_s\tcorpus_units\tcrashes\n' >"$results"
failed=0
for t in "${targets[@]}"; do
  work=fuzz/target/corpus/$t
  mkdir -p "$work" "fuzz/artifacts/$t"
  log=fuzz/target/$t.log
  echo "== $t: ${seconds}s"
  set +e
  "${fuzz[@]}" "$t" "$work" "fuzz/corpus/$t" -- -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$work" -type f | wc -l)
  crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$units" "$crashes" >>"$results"
  echo "   executions ${execs:-?} (${rate:-?}/s), corpus $units units, crash/timeout/oom inputs: $crashes (exit $rc)"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    grep -m1 -A4 'panicked at' "$log" || tail -20 "$log"
  fi
  if [ -n "${FUZZ_MINIMISE:-}" ]; then
    merged=$(mktemp -d)
    # The smallest set that keeps every coverage edge (hit counts and comparisons aside), so
    # the committed corpus stays small.
    "${fuzz[@]}" "$t" "$merged" "fuzz/corpus/$t" "$work" -- -set_cover_merge=1 -use_counters=0 -use_cmp=0 -use_value_profile=0 \
      >"fuzz/target/$t.merge.log" 2>&1
    rm -rf "fuzz/corpus/$t"
    mv "$merged" "fuzz/corpus/$t"
    echo "   committed corpus: $(find "fuzz/corpus/$t" -type f | wc -l) units, $(du -sk "fuzz/corpus/$t" | cut -f1) KiB"
  fi
done
echo "results: $results"
exit $failed
