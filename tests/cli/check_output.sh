#!/bin/sh
# Runs a command and checks its exit status, stdout and stderr.
#
# Usage: check_output.sh [CHECK...] -- COMMAND [ARGUMENT...]
#
# Checks, each of which may be repeated:
#   --status N              the exit status is N (default 0)
#   --stdout TEXT           stdout contains TEXT (a fixed string)
#   --stderr TEXT           stderr contains TEXT
#   --stdout-regex REGEX    a line of stdout matches the extended regular expression
#   --stderr-regex REGEX    a line of stderr matches it
#   --stdout-lacks TEXT     stdout does not contain TEXT
#   --stderr-lacks TEXT     stderr does not contain TEXT
#   --stdout-empty          stdout is empty
#   --stderr-empty          stderr is empty
#   --stderr-one-line       stderr is exactly one line
#
# Exits 0 when every check passes, else 1 after listing the failed checks and
# the command's output. TEXT and REGEX cannot contain a newline.
set -u

work=$(mktemp -d "${TMPDIR:-/tmp}/jishiban-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
checks="$work/checks"
: >"$checks"
expected_status=0

while [ $# -gt 0 ]; do
  case $1 in
    --)
      shift
      break
      ;;
    --status)
      expected_status=$2
      shift 2
      ;;
    --stdout | --stderr | --stdout-regex | --stderr-regex | --stdout-lacks | --stderr-lacks)
      if [ $# -lt 2 ]; then
        echo "check_output.sh: missing value for $1" >&2
        exit 1
      fi
      printf '%s %s\n' "$1" "$2" >>"$checks"
      shift 2
      ;;
    --stdout-empty | --stderr-empty | --stderr-one-line)
      printf '%s\n' "$1" >>"$checks"
      shift
      ;;
    *)
      echo "check_output.sh: unknown check \"$1\"" >&2
      exit 1
      ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "check_output.sh: missing command after --" >&2
  exit 1
fi

"$@" >"$work/stdout" 2>"$work/stderr"
status=$?

failures=0
report_failure() {
  echo "FAILED CHECK: $*"
  failures=$((failures + 1))
}

if [ "$status" -ne "$expected_status" ]; then
  report_failure "exit status is $status, expected $expected_status"
fi

while IFS= read -r line; do
  check=${line%% *}
  value=${line#* }
  case $check in
    --stdout)
      grep -F -q -e "$value" "$work/stdout" || report_failure "stdout does not contain \"$value\""
      ;;
    --stderr)
      grep -F -q -e "$value" "$work/stderr" || report_failure "stderr does not contain \"$value\""
      ;;
    --stdout-regex)
      grep -E -q -e "$value" "$work/stdout" || report_failure "no line of stdout matches /$value/"
      ;;
    --stderr-regex)
      grep -E -q -e "$value" "$work/stderr" || report_failure "no line of stderr matches /$value/"
      ;;
    --stdout-lacks)
      if grep -F -q -e "$value" "$work/stdout"; then
        report_failure "stdout contains \"$value\""
      fi
      ;;
    --stderr-lacks)
      if grep -F -q -e "$value" "$work/stderr"; then
        report_failure "stderr contains \"$value\""
      fi
      ;;
    --stdout-empty)
      [ ! -s "$work/stdout" ] || report_failure "stdout is not empty"
      ;;
    --stderr-empty)
      [ ! -s "$work/stderr" ] || report_failure "stderr is not empty"
      ;;
    --stderr-one-line)
      lines=$(wc -l <"$work/stderr")
      [ "$lines" -eq 1 ] || report_failure "stderr has $lines lines, expected 1"
      ;;
  esac
done <"$checks"

if [ "$failures" -gt 0 ]; then
  echo "command:"
  printf '  [%s]\n' "$@"
  echo "exit status: $status"
  echo "stdout:"
  cat "$work/stdout"
  echo "stderr:"
  cat "$work/stderr"
  exit 1
fi
exit 0
