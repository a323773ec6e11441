#!/bin/sh
# Replays a sample stream into a database whose file name is GBK bytes, not
# UTF-8, as on a system with a Chinese legacy locale, and checks that
# `jishiban notify --json` writes its JSON result and exits 0.
#
# Usage: non_utf8_database_path.sh JISHIBAN CHECK_OUTPUT STREAM FOLDER
# FOLDER is deleted and created again.
set -u

if [ $# -ne 4 ]; then
  echo "usage: non_utf8_database_path.sh JISHIBAN CHECK_OUTPUT STREAM FOLDER" >&2
  exit 1
fi
jishiban=$1
check_output=$2
stream=$3
folder=$4

rm -rf "$folder"
mkdir -p "$folder" || exit 1
# "国" in GBK.
database="$folder/$(printf 'requests-\271\372.db')"
"$jishiban" replay "$stream" --db "$database" >/dev/null || exit 1

sh "$check_output" --stdout "\"delivered\": " --stdout "\"undelivered\": 0" --stderr-empty \
  -- "$jishiban" notify --db "$database" --to-jsonl "$folder/notifications.jsonl" \
  --now 2026-12-31T00:00:00+08:00 --json
