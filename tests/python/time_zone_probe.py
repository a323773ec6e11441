"""Print instants computed through the package, for compare_time_zones.py.

The output must not depend on the TZ environment variable: every datetime
the package reads or writes is converted with explicit offsets.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import zoneinfo

import jishiban

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def main() -> None:
    calendar = jishiban.Calendar()
    starts = [
        dt.datetime(2026, 9, 30, 16, 50),
        dt.datetime(2026, 2, 13, 16, 55),
        dt.datetime(2026, 3, 8, 1, 59, tzinfo=NEW_YORK),
        dt.datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1),
        dt.datetime(2026, 6, 18, 3, 55, tzinfo=dt.timezone.utc),
        "2026-05-08T23:10",
    ]
    for start in starts:
        for minutes in (10, 60, -60):
            print("add", start, minutes, calendar.add_working_minutes(start, minutes).isoformat())
        print("next", start, calendar.next_working_instant(start).isoformat())
        print("days", start, calendar.add_working_days(start, 2).isoformat())
    print("batch", [value.isoformat() for value in calendar.add_working_minutes_batch(starts, 30)])
    try:
        import numpy
    except ImportError:
        numpy = None
    if numpy is not None:
        values = numpy.array(["2026-09-30T16:50", "2026-02-13T16:55"], dtype="datetime64[s]")
        print("datetime64", calendar.add_working_minutes_batch(values, 60).tolist())
        print("epoch", calendar.add_working_minutes_batch(numpy.array([1790758200]), 60).tolist())

    with tempfile.TemporaryDirectory() as folder:
        with jishiban.Engine(folder + "/probe.db", clock=dt.datetime(2026, 3, 2, 9, 55), synchronous="off") as engine:
            ticket = engine.execute(
                {
                    "type": "register_request",
                    "actor": {"id": "s01", "role": "service_officer"},
                    "payload": {
                        "channel": "email",
                        "received_at": dt.datetime(2026, 3, 1, 20, 0, tzinfo=NEW_YORK),
                        "requester": {"name": "张三"},
                        "content": "时区",
                    },
                }
            )
            print("ticket", ticket.received_at.isoformat(), ticket.dispatch_clock.due.isoformat())
            print("now", engine.now.isoformat(), engine.next_wakeup().isoformat())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
