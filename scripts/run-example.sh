#!/usr/bin/env bash
# Builds the jishiban command-line program in build/ (Release) and runs it on
# a worked example around the 2026 National Day and Qingming holidays and the
# 2026-2027 year end.
# Arguments are passed to every call as global options, for example
#   bash scripts/run-example.sh --lang zh
#   bash scripts/run-example.sh --json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
  -DJISHIBAN_BUILD_TESTS=OFF -DJISHIBAN_BUILD_BENCHMARKS=OFF \
  -DJISHIBAN_BUILD_EXAMPLES=OFF -DJISHIBAN_BUILD_CLI=ON -DJISHIBAN_INSTALL=OFF
cmake --build build -j2

cli=build/src/cli/jishiban

# Prints a header line and the command, then runs `jishiban calendar` with
# the script's arguments followed by the given ones.
example() {
  local title="$1"
  shift
  echo
  echo "== ${title}"
  echo "\$ jishiban calendar ${extra_args[*]} $*" | tr -s ' '
  "$cli" calendar "${extra_args[@]}" "$@"
}

extra_args=("$@")

example "October 2026: National Day holiday Oct 1-7, make-up working day Saturday Oct 10" \
  month 2026-10
example "Is Saturday 2026-10-10 a working day? (make-up working day for National Day)" \
  is-workday 2026-10-10
example "60 working minutes from Wednesday 2026-09-30 16:50: 10 minutes that day, the rest after the holiday" \
  add --from 2026-09-30T16:50+08:00 --minutes 60
example "1 working day (legal period) from Friday 2026-04-03 15:00, before the Qingming holiday of Apr 4-6" \
  add --from 2026-04-03T15:00 --days 1
example "Working days in [2026-09-28, 2026-10-12)" \
  days-between --from 2026-09-28 --to 2026-10-12
example "Working time from 2026-12-31 16:00 to 2027-01-04 09:00; 2027 has no official data yet, so the result is provisional" \
  --coverage provisional elapsed --from 2026-12-31T16:00 --to 2027-01-04T09:00
