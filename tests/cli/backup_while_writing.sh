#!/bin/sh
# Backs up a database with `jishiban backup` while another process keeps
# registering tickets in it, then checks that every copy passes
# `jishiban integrity` and contains between 1 and all of the tickets, and that
# the live database ends with all of them.
#
# Usage: backup_while_writing.sh JISHIBAN MAKE_SAMPLE_DB FOLDER
# FOLDER is deleted and created again. Runs at most 50 backups, so it ends
# whether or not the writer is still running.
set -u

if [ $# -ne 3 ]; then
  echo "usage: backup_while_writing.sh JISHIBAN MAKE_SAMPLE_DB FOLDER" >&2
  exit 1
fi
jishiban=$1
make_sample_db=$2
folder=$3
registrations=300
total=$((registrations + 1))

rm -rf "$folder"
mkdir -p "$folder" || exit 1
database="$folder/live.db"
"$make_sample_db" --register "$database" 1 || exit 1

"$make_sample_db" --register "$database" "$registrations" &
writer=$!

failures=0
backups=0
while :; do
  backups=$((backups + 1))
  copy="$folder/copy-$backups.db"
  if ! "$jishiban" backup --db "$database" --to "$copy" >"$copy.out" 2>&1; then
    echo "FAILED: backup $backups:"
    cat "$copy.out"
    failures=$((failures + 1))
  fi
  if ! kill -0 "$writer" 2>/dev/null || [ "$backups" -ge 50 ]; then
    break
  fi
done

if ! wait "$writer"; then
  echo "FAILED: the writer process exited with an error"
  failures=$((failures + 1))
fi

index=0
while [ "$index" -lt "$backups" ]; do
  index=$((index + 1))
  copy="$folder/copy-$index.db"
  [ -f "$copy" ] || continue
  if ! "$jishiban" integrity --lang en --db "$copy" >"$copy.check" 2>&1; then
    echo "FAILED: copy $index is not sound:"
    cat "$copy.check"
    failures=$((failures + 1))
    continue
  fi
  tickets=$(sed -n 's/^Tickets checked: //p' "$copy.check")
  if [ -z "$tickets" ] || [ "$tickets" -lt 1 ] || [ "$tickets" -gt "$total" ]; then
    echo "FAILED: copy $index holds \"$tickets\" tickets, expected 1 to $total"
    failures=$((failures + 1))
  fi
done

if ! "$jishiban" integrity --lang en --db "$database" >"$folder/live.check" 2>&1 ||
  ! grep -q -x "Tickets checked: $total" "$folder/live.check"; then
  echo "FAILED: the live database is not sound with $total tickets:"
  cat "$folder/live.check"
  failures=$((failures + 1))
fi

echo "$backups backups taken while $registrations tickets were registered"
[ "$failures" -eq 0 ]
