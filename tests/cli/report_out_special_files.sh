#!/bin/sh
# Writes reports with `jishiban report --out` to a symbolic link and to a
# named pipe, and checks that both stay what they are: the link's target
# gets the report, and the report comes out of the pipe. Replacing them by
# a regular file would, for example, turn /dev/stdout into a file when run
# as root.
#
# Usage: report_out_special_files.sh JISHIBAN DATABASE FOLDER
# FOLDER is deleted and created again.
set -u

if [ $# -ne 3 ]; then
  echo "usage: report_out_special_files.sh JISHIBAN DATABASE FOLDER" >&2
  exit 1
fi
jishiban=$1
database=$2
folder=$3
period="--from 2026-03-02 --to 2026-03-02 --as-of 2026-03-03T09:00 --format csv"

rm -rf "$folder"
mkdir -p "$folder" || exit 1
failures=0

# A symbolic link to a regular file.
: >"$folder/target.csv"
ln -s "$folder/target.csv" "$folder/link.csv" || exit 1
# shellcheck disable=SC2086
"$jishiban" report --db "$database" $period --out "$folder/link.csv" >/dev/null
if [ ! -L "$folder/link.csv" ]; then
  echo "FAILED: $folder/link.csv is no longer a symbolic link"
  failures=$((failures + 1))
fi
if ! grep -q "^Section,Name," "$folder/target.csv"; then
  echo "FAILED: the link's target $folder/target.csv did not get the report"
  failures=$((failures + 1))
fi

# A named pipe, read by another process. The reader gives up after 20 s
# when the report never comes through the pipe.
mkfifo "$folder/pipe.csv" || exit 1
timeout 20 cat "$folder/pipe.csv" >"$folder/from-pipe.csv" &
reader=$!
# shellcheck disable=SC2086
timeout 20 "$jishiban" report --db "$database" $period --out "$folder/pipe.csv" >/dev/null
if [ ! -p "$folder/pipe.csv" ]; then
  echo "FAILED: $folder/pipe.csv is no longer a named pipe"
  failures=$((failures + 1))
fi
# The reader ends at the writer's end of file, after copying everything:
# killing it then could lose what it had not written yet. Only a reader
# that never got a writer, because the pipe was replaced, is stopped here.
if [ -p "$folder/pipe.csv" ]; then
  wait "$reader" 2>/dev/null
else
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null
fi
if ! grep -q "^Section,Name," "$folder/from-pipe.csv"; then
  echo "FAILED: the report did not come out of the named pipe"
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ]
