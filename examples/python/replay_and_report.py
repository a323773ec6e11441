"""Replay the example year of requests into a new database and print the report's key figures.

The stream (examples/data/requests-2026.jsonl) contains about 33,000
timestamped commands for about 3,000 requests. The engine runs on a manual
clock that the replay moves to each command's instant, so SLA warnings,
breaches and escalations are recorded as they fell due. The calendar uses
provisional coverage, as `jishiban replay` does by default, because the
last requests of the year have deadlines in 2027.

Usage: replay_and_report.py [--stream FILE] [--db FILE] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
import tempfile
import time

import jishiban

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2027, 1, 1)

TEXTS = {
    "en": {
        "replayed": "replayed {lines} lines in {seconds:.1f} s: {applied} applied, {bad} rejected, "
                    "{registered} requests registered, {sla} SLA events recorded",
        "rejected": "  rejected line {line}: {message}",
        "totals": "2026: received {received}, closed {closed}, on time {on_time}, late {late}, on-time rate {rate}, "
                  "overdue now {overdue}, satisfaction {satisfaction}",
        "channel": "  dispatch on time by {channel}: {rate} of {dispatched}",
        "overdue": "  most overdue: {ticket} ({unit}), {minutes} working minutes past due",
        "waiting": "notifications waiting in the outbox: {count}",
        "none": "no data",
    },
    "zh": {
        "replayed": "回放 {lines} 行，用时 {seconds:.1f} 秒：接受 {applied} 条，拒绝 {bad} 条，"
                    "登记诉求 {registered} 件，记录时限事件 {sla} 个",
        "rejected": "  第 {line} 行被拒绝：{message}",
        "totals": "2026 年：来件 {received}，办结 {closed}，按时 {on_time}，超时 {late}，按时办结率 {rate}，"
                  "当前超期 {overdue}，满意率 {satisfaction}",
        "channel": "  {channel}按时分拨：{dispatched} 件中 {rate}",
        "overdue": "  超期最久：{ticket}（{unit}），超过时限 {minutes} 个工作分钟",
        "waiting": "发件箱中待投递的通知：{count} 条",
        "none": "无数据",
    },
}
HELP = {
    "en": {
        "description": "Replay the example year into a database and print the supervision report's figures.",
        "stream": "the command stream, JSON lines (default: examples/data/requests-2026.jsonl)",
        "db": "the SQLite database to create (default: a temporary file removed at the end)",
        "lang": "language of the output, zh or en (default: zh when LANG starts with zh)",
    },
    "zh": {
        "description": "把示例年份回放到数据库中，并输出督办报表的主要数字。",
        "stream": "命令流，JSON 行格式（默认：examples/data/requests-2026.jsonl）",
        "db": "要创建的 SQLite 数据库（默认：结束时删除的临时文件）",
        "lang": "输出语言，zh 或 en（默认：LANG 以 zh 开头时为 zh）",
    },
}
CHANNEL_NAMES = {"en": {"hotline": "hotline", "email": "e-mail", "wechat": "WeChat"},
                 "zh": {"hotline": "热线", "email": "邮件", "wechat": "微信"}}


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
    parser.add_argument("--stream", type=pathlib.Path, default=REPOSITORY / "examples" / "data" / "requests-2026.jsonl",
                        help=help_texts["stream"])
    parser.add_argument("--db", type=pathlib.Path, help=help_texts["db"])
    parser.add_argument("--lang", choices=["zh", "en"], default=language, help=help_texts["lang"])
    return parser.parse_args()


def percent(value: float | None, texts: dict) -> str:
    return texts["none"] if value is None else f"{value:.1%}"


def run(database: pathlib.Path, stream: pathlib.Path, language: str) -> None:
    texts = TEXTS[language]
    calendar = jishiban.Calendar(coverage="provisional")
    with jishiban.Engine(database, calendar=calendar, clock=dt.datetime(2026, 1, 1), language=language,
                         synchronous="normal") as engine:
        started = time.perf_counter()
        result = engine.replay(stream, until=dt.datetime(2027, 1, 1))
        print(texts["replayed"].format(lines=result.lines, seconds=time.perf_counter() - started,
                                       applied=result.applied, bad=result.bad, registered=result.registered,
                                       sla=result.sla_events))
        for bad in result.bad_lines[:5]:
            print(texts["rejected"].format(line=bad.line, message=bad.message))

        report = engine.report(YEAR_START, YEAR_END, as_of=dt.datetime(2027, 1, 1))
        totals = report["totals"]
        print(texts["totals"].format(received=totals["received"], closed=totals["closed"],
                                     on_time=totals["closed_on_time"], late=totals["closed_late"],
                                     rate=percent(totals["on_time_rate"], texts), overdue=totals["overdue_now"],
                                     satisfaction=percent(totals["satisfaction_rate"], texts)))
        for channel in report["channels"]:
            print(texts["channel"].format(channel=CHANNEL_NAMES[language][channel["channel"]],
                                          rate=percent(channel["dispatch_on_time_rate"], texts),
                                          dispatched=channel["dispatched"]))
        for row in report["overdue"][:3]:
            print(texts["overdue"].format(ticket=row["ticket_id"], unit=row["unit"], minutes=row["overdue_working_minutes"]))
        print(texts["waiting"].format(count=engine.undelivered_notifications()))


def main() -> int:
    arguments = parse_arguments()
    jishiban.set_language(arguments.lang)
    try:
        if arguments.db is not None:
            run(arguments.db, arguments.stream, arguments.lang)
        else:
            with tempfile.TemporaryDirectory() as folder:
                run(pathlib.Path(folder) / "tickets.db", arguments.stream, arguments.lang)
    except jishiban.Error as error:
        print(f"replay_and_report.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
