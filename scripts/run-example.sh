#!/usr/bin/env bash
# The main job on the shipped example data. It builds the jishiban program in
# build/ (Release) and replays the 2026 example year of requests into a new
# SQLite database. Then it delivers the notifications the year left waiting
# to a JSON-lines file, writes the supervision report as HTML, CSV and JSON,
# and prints it as text.
#
# Everything is written under build/example/. Arguments are passed to every
# call as global options, for example
#   bash scripts/run-example.sh --lang zh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
  -DJISHIBAN_BUILD_TESTS=OFF -DJISHIBAN_BUILD_BENCHMARKS=OFF \
  -DJISHIBAN_BUILD_EXAMPLES=OFF -DJISHIBAN_BUILD_CLI=ON -DJISHIBAN_INSTALL=OFF
cmake --build build -j2

cli=build/src/cli/jishiban
stream=examples/data/requests-2026.jsonl
out=build/example
database="$out/tickets.db"

# The year ends at midnight: deadlines that passed by then are recorded.
year_end=2027-01-01T00:00:00+08:00

# Prints a header line and the command, then runs it.
step() {
  local title="$1"
  shift
  echo
  echo "== ${title}"
  echo "\$ jishiban $*"
  "$cli" "$@"
}

# A new database every time, so every run prints the same figures.
mkdir -p "$out"
rm -f "$database" "$database-wal" "$database-shm" "$out/notifications.jsonl" "$out/engine.log"

step "Replay the 2026 example year: about 3,000 requests, 33,000 commands" \
  replay "$stream" --db "$database" --until "$year_end" --log "$out/engine.log" "$@"
step "Deliver the waiting notifications to a JSON-lines file" \
  notify --db "$database" --to-jsonl "$out/notifications.jsonl" --now "$year_end" "$@"
for format in html csv json; do
  step "Write the supervision report as ${format}" \
    report --db "$database" --from 2026-01-01 --to 2026-12-31 --as-of "$year_end" \
    --format "$format" --out "$out/report.$format" "$@"
done
step "The supervision report of 2026" \
  report --db "$database" --from 2026-01-01 --to 2026-12-31 --as-of "$year_end" "$@"
