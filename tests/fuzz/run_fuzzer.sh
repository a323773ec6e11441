#!/usr/bin/env bash
# Runs a libFuzzer target for a fixed time on a fresh copy of its seed
# corpus, so new inputs it finds never land in the source tree.
#
#   run_fuzzer.sh FUZZER SEED_CORPUS WORK_DIR SECONDS
#
# Exits with the fuzzer's status: 0 when it ran out its time without a
# crash, a leak, a timeout or a sanitizer report. A crashing input is kept
# as WORK_DIR/crash-* (or leak-*, timeout-*) for reproducing.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 FUZZER SEED_CORPUS WORK_DIR SECONDS" >&2
  exit 2
fi
fuzzer="$1"
seeds="$2"
work_dir="$3"
seconds="$4"

rm -rf "$work_dir/corpus"
mkdir -p "$work_dir/corpus"
cp "$seeds"/* "$work_dir/corpus/"
echo "fuzzing for $seconds s from $(ls "$work_dir/corpus" | wc -l) seed inputs"

# -timeout: an input that takes longer than 30 s is reported as a hang.
# -rss_limit_mb: the engine's database grows by the commands it accepts.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
exec "$fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$work_dir/" "$work_dir/corpus"
