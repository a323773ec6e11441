"""Compute the dispatch and answer deadlines of the requests in a CSV file.

Each row gives when a request was received (wall-clock time at UTC+08:00),
its channel and its category. The dispatch deadline is the channel's limit
in working minutes from receipt. The answer deadline is the category's limit
in working days, counted under the legal_period convention from the
dispatch deadline, as the engine does when a request is dispatched at the
last moment. The calendar uses provisional coverage, so a deadline in 2027,
a year without official holiday data yet, is computed on the weekly pattern
and marked.

Usage: deadlines_csv.py [CSV] [--out FILE] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import pathlib
import sys

import jishiban

# The standard policy of docs/workflow.md: working minutes to dispatch by
# channel, working days to answer by category.
DISPATCH_MINUTES = {"hotline": 10, "email": 60, "wechat": 60}
ANSWER_DAYS = {"consultation": 1, "general": 2, "difficult": 3}

CHANNEL_NAMES = {"hotline": "热线", "email": "邮件", "wechat": "微信"}
CATEGORY_NAMES = {"consultation": "咨询类", "general": "一般类", "difficult": "疑难类"}

TEXTS = {
    "en": {
        "line": "{received} {channel} {category}: dispatch by {dispatch}, answer by {answer}{mark}",
        "provisional": " (provisional: 2027 has no official data yet)",
        "written": "wrote {count} rows to {path}",
        "bad_value": "{path}, row {row}: unknown {column} {value!r}; expected one of {allowed}",
        "bad_time": "{path}, row {row}: received_at {value!r} is not a date and time such as 2026-09-30 16:50",
        "missing_column": "{path}: the header lacks the column {column!r}",
    },
    "zh": {
        "line": "{received} {channel} {category}：分拨时限 {dispatch}，答复时限 {answer}{mark}",
        "provisional": "（暂定：2027 年尚无官方数据）",
        "written": "已将 {count} 行写入 {path}",
        "bad_value": "{path} 第 {row} 行：未知的 {column} {value!r}；应为 {allowed} 之一",
        "bad_time": "{path} 第 {row} 行：received_at {value!r} 不是日期时间，例如 2026-09-30 16:50",
        "missing_column": "{path}：表头缺少列 {column!r}",
    },
}


HELP = {
    "en": {
        "description": "Print the dispatch and answer deadlines of the requests in a CSV file.",
        "csv": "the requests: columns received_at, channel, category and an optional subject "
               "(default: requests.csv next to this script)",
        "out": "also write the rows with their deadlines to this CSV file",
        "lang": "language of the output, zh or en (default: zh when LANG starts with zh)",
    },
    "zh": {
        "description": "输出 CSV 文件中各诉求的分拨时限和答复时限。",
        "csv": "诉求文件：列 received_at、channel、category，可选 subject（默认：本脚本旁的 requests.csv）",
        "out": "同时把各行及其时限写入此 CSV 文件",
        "lang": "输出语言，zh 或 en（默认：LANG 以 zh 开头时为 zh）",
    },
}


class InputError(Exception):
    """A row of the CSV file that cannot be read."""


def requested_language(arguments: list) -> str:
    """Return the --lang value of the command line if it is zh or en, else zh when LANG starts with zh."""
    for index, argument in enumerate(arguments):
        value = arguments[index + 1] if argument == "--lang" and index + 1 < len(arguments) else None
        if argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        if value in ("zh", "en"):
            return value
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def parse_arguments() -> argparse.Namespace:
    language = requested_language(sys.argv[1:])
    help_texts = HELP[language]
    parser = argparse.ArgumentParser(description=help_texts["description"])
    parser.add_argument("csv", nargs="?", type=pathlib.Path, default=pathlib.Path(__file__).with_name("requests.csv"),
                        help=help_texts["csv"])
    parser.add_argument("--out", type=pathlib.Path, help=help_texts["out"])
    parser.add_argument("--lang", choices=["zh", "en"], default=language, help=help_texts["lang"])
    return parser.parse_args()


def read_requests(path: pathlib.Path, texts: dict) -> list:
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        for column in ("received_at", "channel", "category"):
            if column not in (reader.fieldnames or []):
                raise InputError(texts["missing_column"].format(path=path, column=column))
        rows = []
        for row_number, row in enumerate(reader, start=2):
            for column, allowed in (("channel", DISPATCH_MINUTES), ("category", ANSWER_DAYS)):
                if row[column] not in allowed:
                    raise InputError(texts["bad_value"].format(path=path, row=row_number, column=column,
                                                               value=row[column], allowed=", ".join(allowed)))
            try:
                row["received"] = dt.datetime.fromisoformat(row["received_at"])
            except ValueError:
                raise InputError(texts["bad_time"].format(path=path, row=row_number, value=row["received_at"])) from None
            rows.append(row)
        return rows


def main() -> int:
    arguments = parse_arguments()
    jishiban.set_language(arguments.lang)
    texts = TEXTS[arguments.lang]
    calendar = jishiban.Calendar(coverage="provisional")

    try:
        rows = read_requests(arguments.csv, texts)
    except (InputError, OSError, UnicodeDecodeError) as error:
        print(f"deadlines_csv.py: {error}", file=sys.stderr)
        return 2

    for row in rows:
        # A naive received time is wall-clock time in the calendar's zone.
        dispatch = calendar.deadline(row["received"], minutes=DISPATCH_MINUTES[row["channel"]])
        answer = calendar.deadline(dispatch.due, days=ANSWER_DAYS[row["category"]])
        row["dispatch_due"] = dispatch.due.isoformat()
        row["answer_due"] = answer.due.isoformat()
        row["provisional"] = dispatch.provisional or answer.provisional
        chinese = arguments.lang == "zh"
        print(texts["line"].format(
            received=row["received"].strftime("%Y-%m-%dT%H:%M"),
            channel=CHANNEL_NAMES[row["channel"]] if chinese else row["channel"],
            category=CATEGORY_NAMES[row["category"]] if chinese else row["category"],
            dispatch=row["dispatch_due"],
            answer=row["answer_due"],
            mark=texts["provisional"] if row["provisional"] else "",
        ))

    if arguments.out is not None:
        columns = ["received_at", "channel", "category", "subject", "dispatch_due", "answer_due", "provisional"]
        with arguments.out.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        print(texts["written"].format(count=len(rows), path=arguments.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
