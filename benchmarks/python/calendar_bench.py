"""Time the calendar from Python: single calls, the numpy batch, and numpy.busday_offset.

Prints a table of the time per call or per element:

* add_working_minutes called once per instant from Python (naive datetimes);
* add_working_minutes_batch on a datetime64[s] array of N instants, and on
  an int64 array of epoch seconds;
* numpy.busday_offset(dates, 1, roll="forward", holidays=<official
  holidays>) on the same N instants as datetime64[D]: the common tool for
  business days in numpy, for scale.

busday_offset counts whole days only and takes a week mask plus holidays,
so it cannot mark a weekend day as a working day: every make-up working day
(调休上班日) is wrong there. The script counts on how many dates of
2004-2026 its next business day differs from the official calendar's.

Usage: calendar_bench.py [--size N] [--calls N] [--repeat N]
Times are the best of --repeat runs, from time.perf_counter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import sys
import time

import numpy

import jishiban

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
OFFICIAL_DATA = REPOSITORY / "data" / "cn-official-calendar.json"
# Instants are drawn from these years, inside the official data, and far
# enough from 2027 that 60 working minutes never need it.
FIRST = dt.datetime(2005, 1, 1)
LAST = dt.datetime(2026, 11, 30)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the jishiban calendar from Python.")
    parser.add_argument("--size", type=int, default=1_000_000, help="instants in the batch runs (default 1,000,000)")
    parser.add_argument("--calls", type=int, default=200_000, help="single calls timed (default 200,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the random instants")
    return parser.parse_args()


def best_time(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def random_wall_clock(count: int, seed: int) -> numpy.ndarray:
    generator = numpy.random.default_rng(seed)
    first = numpy.datetime64(FIRST, "s").astype(numpy.int64)
    last = numpy.datetime64(LAST, "s").astype(numpy.int64)
    return generator.integers(first, last, size=count).astype("datetime64[s]")


def official_holidays() -> numpy.ndarray:
    data = json.loads(OFFICIAL_DATA.read_text(encoding="utf-8"))
    return numpy.array(sorted(data["holidays"]), dtype="datetime64[D]")


def busday_disagreements(calendar: jishiban.Calendar, holidays: numpy.ndarray) -> tuple:
    """Count the dates of 2004-2026 whose next business day differs between busday_offset and the calendar."""
    days = numpy.arange("2004-01-01", "2026-12-01", dtype="datetime64[D]")
    numpy_next = numpy.busday_offset(days, 1, roll="forward", holidays=holidays)
    official_next = numpy.array(
        [calendar.add_working_days(day, 1) for day in days.astype(dt.date)], dtype="datetime64[D]"
    )
    # On a day off, roll="forward" and the offset of 1 move to the second
    # business day after it. So only dates that are working days under both
    # rules are compared, where both functions mean "the next working day".
    working = numpy.is_busday(days, holidays=holidays) & numpy.array(
        [calendar.is_working_day(day) for day in days.astype(dt.date)]
    )
    return int(numpy.count_nonzero(numpy_next[working] != official_next[working])), int(numpy.count_nonzero(working))


def main() -> int:
    arguments = parse_arguments()
    calendar = jishiban.Calendar()
    values = random_wall_clock(arguments.size, arguments.seed)
    epoch_seconds = (values - numpy.timedelta64(8, "h")).astype(numpy.int64)
    singles = [value.item() for value in values[: arguments.calls]]
    holidays = official_holidays()
    days = values.astype("datetime64[D]")

    rows = []
    seconds = best_time(lambda: [calendar.add_working_minutes(value, 60) for value in singles], arguments.repeat)
    rows.append(("add_working_minutes, one call per instant", len(singles), seconds))
    seconds = best_time(lambda: calendar.add_working_minutes_batch(values, 60), arguments.repeat)
    rows.append(("add_working_minutes_batch, datetime64[s]", len(values), seconds))
    seconds = best_time(lambda: calendar.add_working_minutes_batch(epoch_seconds, 60), arguments.repeat)
    rows.append(("add_working_minutes_batch, int64 epoch s", len(values), seconds))
    seconds = best_time(lambda: numpy.busday_offset(days, 1, roll="forward", holidays=holidays), arguments.repeat)
    rows.append(("numpy.busday_offset, whole days", len(days), seconds))

    # The batch and the single calls give the same instants.
    batch = calendar.add_working_minutes_batch(values[: len(singles)], 60)
    single = numpy.array([calendar.add_working_minutes(value, 60).replace(tzinfo=None) for value in singles],
                         dtype="datetime64[s]")
    if not numpy.array_equal(batch, single):
        print("error: the batch and the single calls disagree", file=sys.stderr)
        return 1

    print(f"jishiban {jishiban.__version__}, numpy {numpy.__version__}, Python {sys.version.split()[0]}; "
          f"best of {arguments.repeat} runs")
    print(f"{'method':<44}{'elements':>12}{'total ms':>12}{'ns/element':>12}")
    for name, count, total in rows:
        per_element = total / count * 1e9 if count else float("nan")
        print(f"{name:<44}{count:>12,}{total * 1e3:>12.2f}{per_element:>12.1f}")

    wrong, compared = busday_disagreements(calendar, holidays)
    print()
    print("numpy.busday_offset takes a week mask and holidays only, so it cannot mark a weekend day as a")
    print("working day: every make-up working day (调休上班日) is wrong there, and it counts whole days,")
    print(f"not working minutes. Its next business day differs from the official calendar's on {wrong} of")
    print(f"{compared:,} working days of 2004-2026 (the days before a make-up working day).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
