"""The batch methods agree with the single-value methods for numpy arrays and sequences."""

from __future__ import annotations

import datetime as dt
import random

import pytest

import jishiban
from conftest import CHINA, china

numpy = pytest.importorskip("numpy")

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# Random starts stay inside the covered years, far enough from 2027 that
# adding a few working days never needs it.
FIRST = china(2004, 3, 1).timestamp()
LAST = china(2026, 11, 30).timestamp()


def random_instants(count: int, seed: int) -> list:
    generator = random.Random(seed)
    return [EPOCH + dt.timedelta(seconds=generator.randrange(int(FIRST), int(LAST))) for _ in range(count)]


def wall_clock(instant: dt.datetime) -> dt.datetime:
    """The naive wall-clock time at UTC+08:00 of an aware instant."""
    return instant.astimezone(CHINA).replace(tzinfo=None)


@pytest.mark.parametrize("minutes", [0, 1, 60, 450, 2000, -1, -450, -5000])
def test_datetime64_batch_matches_single_calls(calendar, minutes):
    starts = random_instants(2000, seed=minutes + 7)
    values = numpy.array([wall_clock(start) for start in starts], dtype="datetime64[s]")

    results = calendar.add_working_minutes_batch(values, minutes)

    assert results.dtype == numpy.dtype("datetime64[s]")
    expected = [wall_clock(calendar.add_working_minutes(start, minutes)) for start in starts]
    assert results.tolist() == expected


@pytest.mark.parametrize("unit", ["ns", "us", "ms", "s", "m"])
def test_datetime64_units_agree(calendar, unit):
    starts = random_instants(500, seed=11)
    values = numpy.array([wall_clock(start).replace(second=0) for start in starts], dtype=f"datetime64[{unit}]")

    results = calendar.add_working_minutes_batch(values, 90)

    expected = [wall_clock(calendar.add_working_minutes(start.replace(second=0), 90)) for start in starts]
    assert results.tolist() == expected


def test_datetime64_days_and_multiples(calendar):
    days = numpy.array(["2026-09-30", "2026-10-03"], dtype="datetime64[D]")
    half_days = numpy.array(["2025-09-30T12"], dtype="datetime64[12h]")

    assert calendar.add_working_minutes_batch(days, 1).tolist() == [
        dt.datetime(2026, 9, 30, 8, 31),
        dt.datetime(2026, 10, 8, 8, 31),
    ]
    assert calendar.add_working_minutes_batch(half_days, 61).tolist() == [dt.datetime(2025, 9, 30, 14, 1)]


def test_datetime64_years_and_months(calendar):
    years = numpy.array(["2026"], dtype="datetime64[Y]")
    months = numpy.array(["2026-10"], dtype="datetime64[M]")

    assert calendar.add_working_minutes_batch(years, 60).tolist() == [dt.datetime(2026, 1, 4, 9, 30)]
    assert calendar.add_working_minutes_batch(months, 60).tolist() == [dt.datetime(2026, 10, 8, 9, 30)]


def test_datetime64_fraction_rounds_toward_past(calendar):
    values = numpy.array(["2026-03-04T10:00:00.999999999"], dtype="datetime64[ns]")

    assert calendar.add_working_minutes_batch(values, 0).tolist() == [dt.datetime(2026, 3, 4, 10, 0, 0)]


def test_datetime64_keeps_shape(calendar):
    values = numpy.array(
        [["2026-09-30T16:50", "2026-02-13T16:55"], ["2026-06-18T11:55", "2026-03-04T17:00"]], dtype="datetime64[m]"
    )

    results = calendar.add_working_minutes_batch(values, 10)

    assert results.shape == (2, 2)
    assert results[0, 1] == numpy.datetime64("2026-02-14T08:35:00")
    assert results[1, 0] == numpy.datetime64("2026-06-18T13:05:00")


def test_datetime64_non_contiguous_and_big_endian(calendar):
    values = numpy.array(["2026-09-30T16:50", "2000-01-01", "2026-02-13T16:55"], dtype=">M8[s]")[::2]

    assert calendar.add_working_minutes_batch(values, 60).tolist() == [
        dt.datetime(2026, 10, 8, 9, 20),
        dt.datetime(2026, 2, 14, 9, 25),
    ]


def test_nat_names_its_index(calendar):
    values = numpy.array(["2026-03-04T10:00", "2026-03-05T10:00", "NaT"], dtype="datetime64[s]")

    with pytest.raises(jishiban.InvalidArgumentError) as caught:
        calendar.add_working_minutes_batch(values, 10)

    assert "values[2]" in caught.value.message_en
    assert "NaT" in caught.value.message_en


def test_nat_in_years_names_its_index(calendar):
    values = numpy.array(["2026", "NaT"], dtype="datetime64[Y]")

    with pytest.raises(jishiban.InvalidArgumentError, match=r"values\[1\]"):
        calendar.add_working_minutes_batch(values, 10)


def test_epoch_seconds_batch_matches_single_calls(calendar):
    starts = random_instants(2000, seed=3)
    values = numpy.array([int((start - EPOCH).total_seconds()) for start in starts], dtype=numpy.int64)

    results = calendar.add_working_minutes_batch(values, 60)

    assert results.dtype == numpy.int64
    expected = [int((calendar.add_working_minutes(start, 60) - EPOCH).total_seconds()) for start in starts]
    assert results.tolist() == expected


def test_epoch_seconds_of_other_integer_types(calendar):
    value = int(china(2026, 9, 30, 16, 50).timestamp())
    expected = int(china(2026, 10, 8, 9, 20).timestamp())

    for dtype in (numpy.int64, numpy.uint64, numpy.uint32, ">i8"):
        assert calendar.add_working_minutes_batch(numpy.array([value], dtype=dtype), 60).tolist() == [expected]


def test_epoch_seconds_beyond_int64(calendar):
    values = numpy.array([0, 2**63], dtype=numpy.uint64)

    with pytest.raises(jishiban.OutOfRangeError, match=r"values\[1\]"):
        calendar.add_working_minutes_batch(values, 1)


def test_sequence_batch_matches_single_calls(calendar):
    starts = random_instants(1000, seed=5)
    # Every third value is aware at UTC+08:00, naive, or aware at UTC.
    mixed = []
    for index, start in enumerate(starts):
        if index % 3 == 0:
            mixed.append(start.astimezone(CHINA))
        elif index % 3 == 1:
            mixed.append(wall_clock(start))
        else:
            mixed.append(start)

    results = calendar.add_working_minutes_batch(mixed, 75)

    assert isinstance(results, list)
    assert results == [calendar.add_working_minutes(start, 75) for start in starts]
    assert all(result.tzinfo is calendar.tzinfo for result in results)


def test_sequence_of_iso_text_and_generators(calendar):
    # A target ending at the close of a period ends there: Sep 30 17:00.
    assert calendar.add_working_minutes_batch(iter(["2026-09-30T16:50", "2026-02-13T16:55"]), 10) == [
        china(2026, 9, 30, 17, 0),
        china(2026, 2, 14, 8, 35),
    ]


def test_object_array_batch(calendar):
    values = numpy.array([dt.datetime(2026, 9, 30, 16, 50)], dtype=object)

    assert calendar.add_working_minutes_batch(values, 60) == [china(2026, 10, 8, 9, 20)]


def test_sequence_bad_element_names_its_index(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match=r"values\[1\]"):
        calendar.add_working_minutes_batch([china(2026, 3, 4, 10, 0), 17], 10)


def test_add_working_time_batch(calendar):
    values = numpy.array(["2026-03-04T11:59:30"], dtype="datetime64[s]")

    assert calendar.add_working_time_batch(values, dt.timedelta(seconds=45)).tolist() == [dt.datetime(2026, 3, 4, 13, 0, 15)]


def test_batch_raises_coverage_error(calendar):
    values = numpy.array(["2026-03-04T10:00", "2026-12-31T16:00"], dtype="datetime64[s]")

    with pytest.raises(jishiban.CalendarNotCoveredError, match="2027"):
        calendar.add_working_minutes_batch(values, 120)


def test_batch_rejects_float_array(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="float64"):
        calendar.add_working_minutes_batch(numpy.array([1.5]), 10)


def test_batch_rejects_bad_minutes(calendar):
    values = numpy.array(["2026-03-04T10:00"], dtype="datetime64[s]")

    with pytest.raises(jishiban.OutOfRangeError):
        calendar.add_working_minutes_batch(values, 2**62)
    with pytest.raises(jishiban.InvalidArgumentError):
        calendar.add_working_minutes_batch(values, "10")


def test_empty_batches(calendar):
    assert calendar.add_working_minutes_batch(numpy.array([], dtype="datetime64[s]"), 10).shape == (0,)
    assert calendar.add_working_minutes_batch([], 10) == []


def test_elapsed_batch_matches_single_calls(calendar):
    begins = random_instants(1000, seed=21)
    ends = random_instants(1000, seed=22)
    expected = [calendar.elapsed_working_time(begin, end) for begin, end in zip(begins, ends)]

    as_list = calendar.elapsed_working_time_batch(begins, ends)
    as_datetime64 = calendar.elapsed_working_time_batch(
        numpy.array([wall_clock(begin) for begin in begins], dtype="datetime64[s]"),
        numpy.array([wall_clock(end) for end in ends], dtype="datetime64[ms]"),
    )
    as_epoch = calendar.elapsed_working_time_batch(
        numpy.array([int((begin - EPOCH).total_seconds()) for begin in begins]),
        numpy.array([int((end - EPOCH).total_seconds()) for end in ends]),
    )

    assert as_list == expected
    assert as_datetime64.dtype == numpy.dtype("timedelta64[s]")
    assert as_datetime64.tolist() == expected
    assert as_epoch.tolist() == [int(value.total_seconds()) for value in expected]


def test_elapsed_batch_rejects_mismatched_inputs(calendar):
    values = numpy.array(["2026-03-04T10:00"], dtype="datetime64[s]")

    with pytest.raises(jishiban.InvalidArgumentError, match="shape"):
        calendar.elapsed_working_time_batch(values, numpy.concatenate([values, values]))
    with pytest.raises(jishiban.InvalidArgumentError, match="both"):
        calendar.elapsed_working_time_batch(values, numpy.array([0]))
    with pytest.raises(jishiban.InvalidArgumentError, match="length"):
        calendar.elapsed_working_time_batch([china(2026, 3, 4, 10, 0)], [])
    with pytest.raises(jishiban.InvalidArgumentError, match=r"ends\[0\]"):
        calendar.elapsed_working_time_batch(values, numpy.array(["NaT"], dtype="datetime64[s]"))
