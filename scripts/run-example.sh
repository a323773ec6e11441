#!/usr/bin/env bash
# The main job on the shipped example data. It builds the jishiban program in
# build/ (Release) and replays the 2026 example year of requests into a new
# SQLite database. Then it delivers the notifications the year left waiting
# to a JSON-lines file, writes the supervision report as HTML, CSV and JSON,
# and prints it as text.
#
# Everything is written under build/example/. The one option is the
# language of the output, --lang zh or --lang en; the default follows LANG:
#   bash scripts/run-example.sh --lang zh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

lang=en
[[ "${LANG:-}" == zh* ]] && lang=zh
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lang)
      lang="${2:-}"
      shift 2 || shift
      ;;
    --lang=*)
      lang="${1#--lang=}"
      shift
      ;;
    *)
      echo "run-example.sh: unknown argument \"$1\"; the one option is --lang zh or --lang en" >&2
      exit 2
      ;;
  esac
done
if [[ "$lang" != zh && "$lang" != en ]]; then
  echo "run-example.sh: --lang takes zh or en, not \"$lang\"" >&2
  exit 2
fi

bash scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
  -DJISHIBAN_BUILD_TESTS=OFF -DJISHIBAN_BUILD_BENCHMARKS=OFF \
  -DJISHIBAN_BUILD_EXAMPLES=OFF -DJISHIBAN_BUILD_CLI=ON
cmake --build build -j2

cli=build/src/cli/jishiban
stream=examples/data/requests-2026.jsonl
out=build/example
database="$out/tickets.db"

# The year ends at midnight: deadlines that passed by then are recorded.
year_end=2027-01-01T00:00:00+08:00

# Prints a header line in the chosen language and the command, then runs
# the command. The first two arguments are the English and Chinese headers.
step() {
  local title_en="$1" title_zh="$2"
  shift 2
  echo
  if [[ "$lang" == zh ]]; then
    echo "== ${title_zh}"
  else
    echo "== ${title_en}"
  fi
  echo "\$ jishiban $* --lang $lang"
  "$cli" "$@" --lang "$lang"
}

# A new database every time, so every run prints the same figures.
mkdir -p "$out"
rm -f "$database" "$database-wal" "$database-shm" "$out/notifications.jsonl" "$out/engine.log" \
  "$out"/report.html "$out"/report.csv "$out"/report.json

step "Replay the 2026 example year: about 3,000 requests, 33,000 commands" \
  "回放 2026 年示例数据：约 3,000 件诉求、33,000 条命令" \
  replay "$stream" --db "$database" --until "$year_end" --log "$out/engine.log"
step "Deliver the year's notifications to a JSON-lines file" \
  "把这一年的通知发送到 JSON 行文件" \
  notify --db "$database" --to-jsonl "$out/notifications.jsonl" --now "$year_end"
for format in html csv json; do
  step "Write the supervision report as ${format}" "把督办报表写成 ${format}" \
    report --db "$database" --from 2026-01-01 --to 2026-12-31 --as-of "$year_end" \
    --format "$format" --out "$out/report.$format"
done
step "The supervision report of 2026" "2026 年督办报表" \
  report --db "$database" --from 2026-01-01 --to 2026-12-31 --as-of "$year_end"
