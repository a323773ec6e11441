"""The datetime rule: aware values by their own offset, naive values on the calendar's wall clock."""

from __future__ import annotations

import datetime as dt
import os
import time
import zoneinfo

import pytest

import jishiban
from conftest import CHINA, china, register_command

UTC = dt.timezone.utc
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
KOLKATA = dt.timezone(dt.timedelta(hours=5, minutes=30))


class NaiveZone(dt.tzinfo):
    """A tzinfo whose utcoffset() is None, which makes a datetime naive."""

    def utcoffset(self, value):
        return None

    def dst(self, value):
        return None

    def tzname(self, value):
        return None


def test_naive_is_calendar_wall_clock(calendar):
    naive = calendar.add_working_minutes(dt.datetime(2026, 9, 30, 16, 50), 60)
    aware = calendar.add_working_minutes(china(2026, 9, 30, 16, 50), 60)

    assert naive == aware == china(2026, 10, 8, 9, 20)
    assert naive.tzinfo is calendar.tzinfo


@pytest.mark.parametrize("zone", [UTC, NEW_YORK, KOLKATA], ids=["utc", "new-york", "kolkata"])
def test_aware_uses_own_offset(calendar, zone):
    start = china(2026, 9, 30, 16, 50).astimezone(zone)

    result = calendar.add_working_minutes(start, 60)

    assert result == china(2026, 10, 8, 9, 20)
    assert result.utcoffset() == dt.timedelta(hours=8)
    assert result.isoformat() == "2026-10-08T09:20:00+08:00"


def test_same_wall_clock_in_other_zone_is_another_instant(calendar):
    # 16:50 in New York is 04:50 the next day in China, during the holiday.
    result = calendar.add_working_minutes(dt.datetime(2026, 9, 30, 16, 50, tzinfo=NEW_YORK), 60)

    assert result == china(2026, 10, 8, 9, 30)


def test_new_york_daylight_saving_offsets(calendar):
    # 2026-03-08 02:00 is the spring change in New York: -05:00 before it, -04:00 after.
    before = dt.datetime(2026, 3, 6, 20, 0, tzinfo=NEW_YORK)
    after = dt.datetime(2026, 3, 9, 21, 0, tzinfo=NEW_YORK)

    assert calendar.next_working_instant(before) == china(2026, 3, 9, 8, 30)
    assert calendar.next_working_instant(after) == china(2026, 3, 10, 9, 0)


def test_iso_text_with_and_without_offset(calendar):
    expected = china(2026, 10, 8, 9, 20)

    assert calendar.add_working_minutes("2026-09-30T16:50:00+08:00", 60) == expected
    assert calendar.add_working_minutes("2026-09-30T16:50", 60) == expected
    assert calendar.add_working_minutes("2026-09-30T08:50:00Z", 60) == expected
    assert calendar.add_working_minutes("@1790758200", 60) == expected


def test_elapsed_same_whatever_the_form(calendar):
    forms = [
        (china(2026, 12, 30, 16, 0), china(2026, 12, 31, 9, 0)),
        (dt.datetime(2026, 12, 30, 16, 0), dt.datetime(2026, 12, 31, 9, 0)),
        (china(2026, 12, 30, 16, 0).astimezone(NEW_YORK), china(2026, 12, 31, 9, 0).astimezone(UTC)),
        ("2026-12-30T16:00", "2026-12-31T09:00+08:00"),
    ]
    for begin, end in forms:
        assert calendar.elapsed_working_time(begin, end) == dt.timedelta(minutes=90), (begin, end)


def test_tzinfo_returning_none_counts_as_naive(calendar):
    start = dt.datetime(2026, 9, 30, 16, 50, tzinfo=NaiveZone())

    assert calendar.add_working_minutes(start, 60) == china(2026, 10, 8, 9, 20)


def test_microseconds_round_toward_past(calendar):
    start = dt.datetime(2026, 3, 4, 10, 0, 0, 999999)

    assert calendar.add_working_minutes(start, 0) == china(2026, 3, 4, 10, 0, 0)
    assert calendar.add_working_time(start, dt.timedelta(seconds=1)) == china(2026, 3, 4, 10, 0, 1)


def test_sub_second_offset_rounds_toward_past(calendar):
    # 10:00:00 at +08:00:00.000001 is one microsecond before 10:00:00+08:00.
    zone = dt.timezone(dt.timedelta(hours=8, microseconds=1))

    assert calendar.add_working_minutes(dt.datetime(2026, 3, 4, 10, 0, tzinfo=zone), 0) == china(2026, 3, 4, 9, 59, 59)


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC), "1970-01-01T07:59:59+08:00"),
        (dt.datetime(1900, 1, 1, 0, 0, 0, 1), "1900-01-01T00:00:00+08:00"),
        (dt.datetime(1, 1, 1, 8, 0, 0), "0001-01-01T08:00:00+08:00"),
        (dt.datetime(9999, 12, 31, 23, 59, 59, 999999), "9999-12-31T23:59:59+08:00"),
    ],
    ids=["just-before-epoch", "1900", "year-1", "year-9999"],
)
def test_instants_outside_tables_convert_exactly(database, value, expected):
    with jishiban.Engine(database, clock=value, synchronous="off") as engine:
        assert engine.now.isoformat() == expected
        engine.now = engine.now
        assert engine.now.isoformat() == expected


def test_host_time_zone_is_not_used(calendar):
    saved = os.environ.get("TZ")
    try:
        results = []
        for zone in ["UTC", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham"]:
            os.environ["TZ"] = zone
            time.tzset()
            results.append(
                (
                    calendar.add_working_minutes(dt.datetime(2026, 9, 30, 16, 50), 60).isoformat(),
                    calendar.next_working_instant(dt.datetime(2026, 3, 8, 2, 30, tzinfo=NEW_YORK)).isoformat(),
                )
            )
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()

    assert results == [("2026-10-08T09:20:00+08:00", "2026-03-09T08:30:00+08:00")] * 4


def test_date_where_datetime_expected(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="datetime, not a date"):
        calendar.add_working_minutes(dt.date(2026, 3, 4), 10)


def test_datetime_where_date_expected(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="date, not a datetime"):
        calendar.is_working_day(dt.datetime(2026, 3, 4, 10, 0))


@pytest.mark.parametrize("value", [1790758200, 3.5, None, b"2026-03-04"], ids=["int", "float", "none", "bytes"])
def test_wrong_instant_type(calendar, value):
    with pytest.raises(jishiban.InvalidArgumentError) as caught:
        calendar.next_working_instant(value)

    assert "instant" in caught.value.message_en
    assert caught.value.code == 1


def test_malformed_iso_text(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="24:00"):
        calendar.next_working_instant("2026-03-04T24:00")


def test_date_before_1400_is_out_of_range(calendar):
    with pytest.raises(jishiban.OutOfRangeError, match="1399"):
        calendar.is_working_day(dt.date(1399, 12, 31))


def test_minutes_must_be_int(calendar):
    with pytest.raises(jishiban.InvalidArgumentError):
        calendar.add_working_minutes(china(2026, 3, 4, 10, 0), 1.0)
    with pytest.raises(jishiban.InvalidArgumentError):
        calendar.add_working_minutes(china(2026, 3, 4, 10, 0), True)


@pytest.mark.parametrize("minutes", [2**63, -(2**63) - 1, 2**62, 10**100], ids=["2**63", "-2**63-1", "2**62", "googol"])
def test_minutes_outside_range(calendar, minutes):
    with pytest.raises(jishiban.OutOfRangeError) as caught:
        calendar.add_working_minutes(china(2026, 3, 4, 10, 0), minutes)

    assert caught.value.code == 4


def test_minutes_accept_index_objects(calendar):
    numpy = pytest.importorskip("numpy")

    assert calendar.add_working_minutes(china(2026, 9, 30, 16, 50), numpy.int64(60)) == china(2026, 10, 8, 9, 20)


def test_fractional_timedelta_rejected(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="whole seconds"):
        calendar.add_working_time(china(2026, 3, 4, 10, 0), dt.timedelta(seconds=1.5))


def test_negative_timedelta(calendar):
    assert calendar.add_working_time(china(2026, 3, 4, 10, 0), dt.timedelta(minutes=-90)) == china(2026, 3, 4, 8, 30)


def test_elapsed_working_time_beyond_a_day(calendar):
    elapsed = calendar.elapsed_working_time(china(2026, 1, 5, 8, 30), china(2026, 1, 10, 8, 30))

    assert elapsed == dt.timedelta(minutes=5 * 450)
    assert elapsed.days == 1


def with_offset(offset: dt.timedelta) -> dt.datetime:
    """Return 2026-03-04 10:00 as a datetime subclass whose utcoffset() returns ``offset`` unchecked."""
    override = type("OffsetOverride", (dt.datetime,), {"utcoffset": lambda self: offset})
    return override(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "offset",
    [dt.timedelta(days=5), dt.timedelta(days=999999999), dt.timedelta(seconds=18446744073710), -dt.timedelta(hours=24)],
    ids=["5-days", "timedelta-max", "wraps-int64-micros", "minus-24h"],
)
def test_utcoffset_outside_day(calendar, offset):
    with pytest.raises(jishiban.InvalidArgumentError, match=r"utcoffset\(\)") as caught:
        calendar.next_working_instant(with_offset(offset))

    assert "24 hours" in caught.value.message_en


def test_utcoffset_outside_day_in_command(engine):
    command = register_command(received_at=with_offset(dt.timedelta(days=5)))

    with pytest.raises(jishiban.InvalidArgumentError, match=r"utcoffset\(\)"):
        engine.execute(command)
    assert engine.open_tickets() == []


def test_utcoffset_just_inside_day(calendar):
    # 02:00 at -23:59:59.999999 is 09:59:59.999999 the next day at +08:00.
    start = dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=-24, microseconds=1)))

    assert calendar.next_working_instant(start) == china(2026, 3, 4, 9, 59, 59)


def test_timedelta_beyond_int64_micros(calendar):
    start = china(2026, 3, 4, 10, 0)

    # 18446744073710 s is more than 2**64 microseconds, so a count in
    # microseconds would wrap to a fraction of a second.
    with pytest.raises(jishiban.OutOfRangeError):
        calendar.add_working_time(start, dt.timedelta(seconds=18446744073710))
    with pytest.raises(jishiban.OutOfRangeError):
        calendar.add_working_time(start, dt.timedelta(days=-999999999))


def test_numpy_bool_not_int(calendar):
    numpy = pytest.importorskip("numpy")
    start = china(2026, 3, 4, 10, 0)

    with pytest.raises(jishiban.InvalidArgumentError, match="bool"):
        calendar.add_working_minutes(start, numpy.bool_(True))
    with pytest.raises(jishiban.InvalidArgumentError, match="bool"):
        calendar.add_working_days(dt.date(2026, 3, 4), numpy.bool_(True))
    with pytest.raises(jishiban.InvalidArgumentError, match="bool"):
        calendar.add_working_minutes_batch([start], numpy.bool_(True))
