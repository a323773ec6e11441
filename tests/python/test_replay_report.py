"""Replaying the shipped example year, the supervision report, and the GIL during both."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time

import pytest

import jishiban
from conftest import EXAMPLE_STREAM, china

# The shipped year: 33,241 command lines registering 2,998 requests.
STREAM_LINES = 33241
STREAM_REQUESTS = 2998
YEAR_END = china(2027, 1, 1)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """An engine on a database holding the replayed example year."""
    database = tmp_path_factory.mktemp("year") / "tickets.db"
    calendar = jishiban.Calendar(coverage="provisional")
    engine = jishiban.Engine(database, calendar=calendar, clock=china(2026, 1, 1), synchronous="off")
    result = engine.replay(EXAMPLE_STREAM, until=YEAR_END)
    yield engine, result
    engine.close()


def test_replay_counts(replayed):
    engine, result = replayed

    assert result.lines == STREAM_LINES
    assert result.applied == STREAM_LINES
    assert result.bad == 0
    assert result.bad_lines == ()
    assert result.registered == STREAM_REQUESTS
    assert result.sla_events > 0
    assert result.stopped is False
    assert result.last_at.tzinfo is engine.calendar.tzinfo
    # The clock stays at the last line; the final poll at `until` does not move it.
    assert engine.now == result.last_at


def test_second_replay_applies_nothing(replayed):
    engine, first = replayed

    again = engine.replay(EXAMPLE_STREAM, until=YEAR_END)

    assert again.applied == 0
    assert again.repeated == first.applied
    assert again.registered == 0


def test_report_counts_every_request(replayed):
    engine, _ = replayed

    report = engine.report(dt.date(2026, 1, 1), dt.date(2027, 1, 1), as_of=YEAR_END)

    assert report["totals"]["received"] == STREAM_REQUESTS
    assert sum(unit["stats"]["received"] for unit in report["units"]) == STREAM_REQUESTS
    assert report["from"] == "2026-01-01T00:00:00+08:00"
    assert report["as_of"] == "2027-01-01T00:00:00+08:00"
    assert 0 < report["totals"]["on_time_rate"] < 1


def test_report_formats(replayed):
    engine, _ = replayed
    period = ("2026-01-01T00:00", "2027-01-01T00:00")

    as_json = engine.report(*period, format="json")
    text_en = engine.report(*period, format="text", language="en")
    text_zh = engine.report(*period, format="text", language="zh")
    csv = engine.report(*period, format="csv")
    html = engine.report(*period, format="html", language="zh")

    assert isinstance(as_json, str) and as_json.startswith("{")
    assert "supervision report" in text_en
    assert "督办报表" in text_zh
    assert "\r\n" in csv
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert 'lang="zh-CN"' in html


def test_report_language_follows_engine_then_global(replayed, tmp_path):
    engine, _ = replayed
    jishiban.set_language("zh")

    assert "督办报表" in engine.report("2026-01-01", "2027-01-01", format="text")

    with jishiban.Engine(tmp_path / "empty.db", language="en", synchronous="off") as english:
        assert "supervision report" in english.report("2026-01-01", "2027-01-01", format="text")


def test_report_rejects_bad_arguments(replayed):
    engine, _ = replayed

    with pytest.raises(jishiban.InvalidArgumentError):
        engine.report("2027-01-01", "2026-01-01")
    with pytest.raises(jishiban.InvalidArgumentError, match="pdf"):
        engine.report("2026-01-01", "2027-01-01", format="pdf")
    with pytest.raises(jishiban.InvalidArgumentError):
        engine.report("2026-01-01", "2027-01-01", language="fr")


def test_strict_calendar_reports_bad_lines(tmp_path):
    with jishiban.Engine(tmp_path / "strict.db", clock=china(2026, 1, 1), synchronous="off") as engine:
        result = engine.replay(EXAMPLE_STREAM, max_bad_lines=3)

    assert result.bad > 3
    assert result.applied + result.bad == STREAM_LINES
    assert len(result.bad_lines) == 3
    first = result.bad_lines[0]
    assert first.code == 3
    assert first.code_name == "calendar_not_covered"
    assert f"requests-2026.jsonl:{first.line}" in first.message_en
    assert "2027" in first.message_zh
    jishiban.set_language("zh")
    assert first.message == first.message_zh


def test_strict_replay_stops_at_first_bad_line(tmp_path):
    stream = tmp_path / "stream.jsonl"
    lines = EXAMPLE_STREAM.read_text(encoding="utf-8").splitlines()[:5]
    lines.insert(2, '{"at": "2026-01-04T08:40:00+08:00", "command": {"type": "fly"}}')
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with jishiban.Engine(tmp_path / "stop.db", clock=china(2026, 1, 1), synchronous="off") as engine:
        result = engine.replay(stream, strict=True)

    assert result.stopped is True
    assert result.applied == 2
    assert result.bad == 1
    assert result.bad_lines[0].line == 3
    assert result.bad_lines[0].code == 2


def test_replay_missing_file(engine, tmp_path):
    with pytest.raises(jishiban.StorageIOError, match="missing.jsonl"):
        engine.replay(tmp_path / "missing.jsonl")


def test_replay_directory(engine, tmp_path):
    with pytest.raises(jishiban.StorageIOError, match="it is a directory"):
        engine.replay(tmp_path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_replay_device(engine):
    # /dev/zero has no newline and no end, so reading it would never return.
    with pytest.raises(jishiban.InvalidArgumentError, match="device"):
        engine.replay("/dev/zero")


def test_replay_pipe(engine, tmp_path):
    pipe = tmp_path / "commands.fifo"
    os.mkfifo(pipe)
    lines = EXAMPLE_STREAM.read_bytes().splitlines(keepends=True)[:3]

    def write() -> None:
        with open(pipe, "wb") as stream:
            stream.write(b"".join(lines))

    writer = threading.Thread(target=write)
    writer.start()
    result = engine.replay(pipe)
    writer.join()

    assert result.lines == 3
    assert result.applied == 3


def test_replay_rejects_bad_options(engine):
    with pytest.raises(jishiban.OutOfRangeError):
        engine.replay(EXAMPLE_STREAM, batch_lines=0)
    with pytest.raises(jishiban.InvalidArgumentError):
        engine.replay(EXAMPLE_STREAM, strict="yes")


# --- The GIL -------------------------------------------------------------------


class Counter:
    """A thread that counts while it holds the GIL and hands the GIL back after every count.

    The switch interval is set to minutes, so the main thread never has to
    give up the GIL while it runs Python code, or C code that keeps the GIL.
    The counter therefore advances during a call only where that call
    releases the GIL.
    """

    def __init__(self) -> None:
        self.count = 0
        self.stop = False
        self.thread = threading.Thread(target=self.run)

    def run(self) -> None:
        while not self.stop:
            self.count += 1
            time.sleep(0)  # releases the GIL, so the main thread can take it back at once


def count_during(call, repeats: int):
    """Return (counts, seconds) that the counter advanced and the calls took over `repeats` calls."""
    saved = sys.getswitchinterval()
    sys.setswitchinterval(300.0)
    counter = Counter()
    counter.thread.start()
    counts = 0
    seconds = 0.0
    try:
        time.sleep(0.01)
        for _ in range(repeats):
            before = counter.count
            start = time.perf_counter()
            call()
            seconds += time.perf_counter() - start
            counts += counter.count - before
    finally:
        counter.stop = True
        sys.setswitchinterval(saved)
        counter.thread.join()
    return counts, seconds


def test_counter_stops_while_gil_is_held():
    # The control: sum() over a range runs in C and keeps the GIL.
    counts, seconds = count_during(lambda: sum(range(3 * 10**6)), repeats=3)

    assert seconds > 0.01
    assert counts == 0


def test_counter_runs_while_gil_is_released():
    # The other control: time.sleep releases the GIL.
    counts, _ = count_during(lambda: time.sleep(0.05), repeats=3)

    assert counts > 100


def test_gil_released_during_replay(tmp_path):
    def replay():
        with jishiban.Engine(tmp_path / "gil.db", calendar=jishiban.Calendar(coverage="provisional"),
                             clock=china(2026, 1, 1), synchronous="off") as engine:
            return engine.replay(EXAMPLE_STREAM, until=YEAR_END)

    counts, seconds = count_during(replay, repeats=1)

    assert seconds > 0.5
    assert counts > 1000


def test_gil_released_during_report(replayed):
    engine, _ = replayed

    counts, _ = count_during(lambda: engine.report("2026-01-01", "2027-01-01", format="json"), repeats=20)

    assert counts > 100
