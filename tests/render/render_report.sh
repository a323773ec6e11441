#!/bin/sh
# Renders the HTML report in headless Chromium with the network disabled.
#
# Usage: render_report.sh JISHIBAN STREAM WORK_DIR
#
# Replays STREAM into a new database in WORK_DIR (an absolute path, deleted
# first), writes the report of March 2026 as HTML in English and Chinese
# with `jishiban report --format html`, and opens each page twice in
# Chromium: once for a screenshot, once for the DOM. Checks that
#   - Chromium exits 0 both times,
#   - the screenshot is a 1280 x 2400 PNG of more than 20 000 bytes (a blank
#     page of that size compresses to a few kilobytes),
#   - Chromium logs no console message: a blocked load, which the page's
#     Content-Security-Policy reports there, or a script error,
#   - the DOM has the 6 tables and 3 charts of the report and no script
#     element, and shows the unit named with markup as text.
#
# Exits 0 when every check passes, 77 when no chromium program is installed
# (CTest counts that as skipped), and 1 otherwise, after naming the failed
# checks. The pages, screenshots and logs stay in WORK_DIR.
set -u

if [ $# -ne 3 ]; then
  echo "usage: render_report.sh JISHIBAN STREAM WORK_DIR" >&2
  exit 1
fi
jishiban=$1
stream=$2
work=$3
case $work in
  /*) ;;
  *)
    echo "render_report.sh: WORK_DIR must be an absolute path, not \"$work\"" >&2
    exit 1
    ;;
esac

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "render_report.sh: skipped: no chromium program (Debian package chromium) on PATH"
  exit 77
fi

rm -rf "$work" && mkdir -p "$work/home" || exit 1
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if ! "$jishiban" replay "$stream" --db "$work/march.db" --until 2026-04-01T09:00:00+08:00 \
  >"$work/replay.out" 2>&1; then
  cat "$work/replay.out"
  echo "FAIL: jishiban replay $stream"
  exit 1
fi

# Runs Chromium on a profile of its own. The proxy on the discard port and
# the resolver rule make every network request fail, and the background
# services that would make some are off. The tests run as root, which
# Chromium's sandbox does not allow.
run_chromium() {
  profile=$1
  shift
  HOME="$work/home" timeout 60 "$chromium" --headless --no-sandbox --disable-gpu \
    --user-data-dir="$work/$profile" --no-first-run --no-default-browser-check \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 "$@"
}

# Names the console messages in Chromium's log FILE as failures.
check_console() {
  if grep -E ':CONSOLE|Uncaught' "$1" >"$1.console"; then
    fail "console messages in $1:"
    cat "$1.console"
  fi
}

# Prints the width and height stored in a PNG's IHDR chunk (bytes 16 to 23,
# big-endian), or nothing when the file does not start with the PNG
# signature.
png_size() {
  signature=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
  if [ "$signature" != "89504e470d0a1a0a" ]; then
    return
  fi
  od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

for lang in en zh; do
  page="$work/report-$lang.html"
  if ! "$jishiban" report --db "$work/march.db" --from 2026-03-01 --to 2026-03-31 \
    --as-of 2026-04-01T09:00 --format html --lang "$lang" --out "$page" >"$work/report-$lang.out" 2>&1; then
    cat "$work/report-$lang.out"
    fail "jishiban report --lang $lang"
    continue
  fi

  screenshot="$work/report-$lang.png"
  run_chromium "profile-$lang-screenshot" --window-size=1280,2400 --screenshot="$screenshot" \
    "file://$page" >"$work/screenshot-$lang.out" 2>"$work/screenshot-$lang.log"
  status=$?
  [ "$status" -eq 0 ] || fail "chromium --screenshot exited with status $status for $page"
  check_console "$work/screenshot-$lang.log"
  if [ ! -f "$screenshot" ]; then
    fail "no screenshot $screenshot"
  else
    bytes=$(wc -c <"$screenshot")
    [ "$bytes" -gt 20000 ] || fail "$screenshot has only $bytes bytes"
    size=$(png_size "$screenshot")
    [ "$size" = "1280 2400" ] || fail "$screenshot is not a 1280 x 2400 PNG: \"$size\""
  fi

  dom="$work/dom-$lang.html"
  run_chromium "profile-$lang-dom" --dump-dom "file://$page" >"$dom" 2>"$work/dom-$lang.log"
  status=$?
  [ "$status" -eq 0 ] || fail "chromium --dump-dom exited with status $status for $page"
  check_console "$work/dom-$lang.log"
  tables=$(grep -o '<table' "$dom" | wc -l)
  [ "$tables" -eq 6 ] || fail "the DOM of $page has $tables tables, expected 6"
  charts=$(grep -o '<svg class="chart"' "$dom" | wc -l)
  [ "$charts" -eq 3 ] || fail "the DOM of $page has $charts charts, expected 3"
  if grep -q '<script' "$dom"; then
    fail "the DOM of $page has a script element"
  fi
  grep -qF "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'Co'" "$dom" ||
    fail "the DOM of $page does not show the unit named with markup as text"
done

if [ "$failures" -gt 0 ]; then
  echo "render_report.sh: $failures checks failed; pages, screenshots and logs are in $work"
  exit 1
fi
echo "render_report.sh: both pages rendered; screenshots in $work"
