"""Calendar arithmetic through the Python package, with the expected values of the C++ unit tests.

Every civil time below is at UTC+08:00, the zone of the official calendar.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import jishiban
from conftest import CHINA, REPOSITORY, china

# Working days per year in the State Council notices.
WORKING_DAYS_PER_YEAR = {
    2004: 252, 2005: 251, 2006: 251, 2007: 249, 2008: 251, 2009: 250, 2010: 250, 2011: 250,
    2012: 249, 2013: 250, 2014: 250, 2015: 249, 2016: 250, 2017: 249, 2018: 250, 2019: 250,
    2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248,
}  # fmt: skip

# (start, working minutes, expected), as in tests/unit/working_time_test.cpp.
ADD_MINUTES_CASES = [
    pytest.param(china(2026, 9, 30, 16, 50), 60, china(2026, 10, 8, 9, 20), id="national-day-holiday"),
    pytest.param(china(2026, 2, 13, 16, 55), 10, china(2026, 2, 14, 8, 35), id="make-up-saturday-feb-14"),
    pytest.param(china(2026, 2, 27, 16, 55), 10, china(2026, 2, 28, 8, 35), id="make-up-saturday-feb-28"),
    pytest.param(china(2026, 6, 18, 11, 55), 10, china(2026, 6, 18, 13, 5), id="lunch-break"),
    pytest.param(china(2026, 5, 8, 23, 10), 60, china(2026, 5, 9, 9, 30), id="night-to-make-up-saturday"),
    pytest.param(china(2026, 3, 4, 17, 0), 210, china(2026, 3, 5, 12, 0), id="ends-at-noon-not-one-pm"),
    pytest.param(china(2026, 3, 4, 8, 30), 1, china(2026, 3, 4, 8, 31), id="start-at-morning-open"),
    pytest.param(china(2026, 3, 4, 6, 0), 1, china(2026, 3, 4, 8, 31), id="start-before-open"),
    pytest.param(china(2026, 3, 4, 12, 0), 1, china(2026, 3, 4, 13, 1), id="start-at-noon"),
    pytest.param(china(2026, 3, 4, 12, 30), 1, china(2026, 3, 4, 13, 1), id="start-inside-lunch"),
    pytest.param(china(2026, 3, 4, 13, 0), 1, china(2026, 3, 4, 13, 1), id="start-at-afternoon-open"),
    pytest.param(china(2026, 3, 4, 17, 0), 1, china(2026, 3, 5, 8, 31), id="start-at-close"),
    pytest.param(china(2026, 3, 4, 16, 0), 60, china(2026, 3, 4, 17, 0), id="ends-at-close"),
    pytest.param(china(2026, 3, 4, 8, 30), 450, china(2026, 3, 4, 17, 0), id="whole-day"),
    pytest.param(china(2026, 3, 7, 10, 0), 1, china(2026, 3, 9, 8, 31), id="rest-day-to-monday"),
    pytest.param(china(2025, 12, 31, 16, 30), 60, china(2026, 1, 4, 9, 0), id="new-year-to-make-up-sunday"),
    pytest.param(china(2026, 2, 13, 16, 0), 510, china(2026, 2, 14, 17, 0), id="spring-festival-fills-saturday"),
    pytest.param(china(2026, 2, 13, 16, 0), 511, china(2026, 2, 24, 8, 31), id="spring-festival-skips-holiday"),
    pytest.param(china(2026, 9, 30, 17, 0), 1, china(2026, 10, 8, 8, 31), id="national-day-from-close"),
    pytest.param(china(2026, 3, 4, 10, 0), 0, china(2026, 3, 4, 10, 0), id="zero-in-working-time"),
    pytest.param(china(2026, 3, 7, 10, 0), 0, china(2026, 3, 7, 10, 0), id="zero-on-rest-day"),
    pytest.param(china(2026, 3, 4, 12, 30), 0, china(2026, 3, 4, 12, 30), id="zero-in-lunch"),
    pytest.param(china(2026, 3, 4, 10, 0), -90, china(2026, 3, 4, 8, 30), id="negative-stops-at-open"),
    pytest.param(china(2026, 3, 4, 13, 30), -30, china(2026, 3, 4, 13, 0), id="negative-stops-at-afternoon-open"),
    pytest.param(china(2026, 3, 4, 13, 0), -60, china(2026, 3, 4, 11, 0), id="negative-crosses-lunch"),
    pytest.param(china(2026, 3, 4, 12, 30), -1, china(2026, 3, 4, 11, 59), id="negative-from-lunch"),
    pytest.param(china(2026, 3, 4, 8, 30), -1, china(2026, 3, 3, 16, 59), id="negative-to-previous-day"),
    pytest.param(china(2026, 10, 8, 8, 30), -1, china(2026, 9, 30, 16, 59), id="negative-across-national-day"),
    pytest.param(china(2026, 10, 4, 10, 0), -60, china(2026, 9, 30, 16, 0), id="negative-from-holiday"),
]


@pytest.mark.parametrize("start, minutes, expected", ADD_MINUTES_CASES)
def test_add_working_minutes(calendar, start, minutes, expected):
    result = calendar.add_working_minutes(start, minutes)

    assert result == expected
    assert result.tzinfo is calendar.tzinfo


@pytest.mark.parametrize("start, minutes, expected", ADD_MINUTES_CASES)
def test_add_working_time_matches_minutes(calendar, start, minutes, expected):
    assert calendar.add_working_time(start, dt.timedelta(minutes=minutes)) == expected


def test_add_working_time_exact_to_second(calendar):
    result = calendar.add_working_time(china(2026, 3, 4, 11, 59, 30), dt.timedelta(seconds=45))

    assert result == china(2026, 3, 4, 13, 0, 15)


ELAPSED_CASES = [
    pytest.param(china(2026, 9, 30, 16, 50), china(2026, 10, 8, 9, 20), 3600, id="across-national-day"),
    pytest.param(china(2026, 10, 8, 9, 20), china(2026, 9, 30, 16, 50), -3600, id="reversed-is-negative"),
    pytest.param(china(2026, 3, 4, 10, 0), china(2026, 3, 4, 10, 0), 0, id="equal-instants"),
    pytest.param(china(2026, 3, 4, 12, 0), china(2026, 3, 4, 13, 0), 0, id="lunch-counts-nothing"),
    pytest.param(china(2026, 3, 4, 0, 0), china(2026, 3, 5, 0, 0), 450 * 60, id="whole-day"),
    pytest.param(china(2026, 10, 1, 0, 0), china(2026, 10, 8, 0, 0), 0, id="holiday-counts-nothing"),
    pytest.param(china(2026, 3, 4, 11, 59, 30), china(2026, 3, 4, 13, 0, 20), 50, id="partial-seconds"),
]


@pytest.mark.parametrize("begin, end, seconds", ELAPSED_CASES)
def test_elapsed_working_time(calendar, begin, end, seconds):
    assert calendar.elapsed_working_time(begin, end) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("begin, end, seconds", ELAPSED_CASES)
def test_working_minutes_between_rounds_toward_zero(calendar, begin, end, seconds):
    assert calendar.working_minutes_between(begin, end) == int(seconds / 60)


def test_strict_elapsed_rejects_2027(calendar):
    with pytest.raises(jishiban.CalendarNotCoveredError) as caught:
        calendar.elapsed_working_time(china(2026, 12, 31, 16, 0), china(2027, 1, 4, 9, 0))

    assert caught.value.code == 3
    assert caught.value.code_name == "calendar_not_covered"
    assert "2027" in caught.value.message_en
    assert "2027" in caught.value.message_zh


def test_provisional_elapsed_into_2027(provisional_calendar):
    elapsed = provisional_calendar.elapsed_working_time(china(2026, 12, 31, 16, 0), china(2027, 1, 4, 9, 0))

    assert elapsed == dt.timedelta(minutes=540)


def test_provisional_add_into_2027(provisional_calendar):
    assert provisional_calendar.add_working_minutes(china(2026, 12, 31, 16, 0), 120) == china(2027, 1, 1, 9, 30)


def test_strict_add_rejects_2027(calendar):
    with pytest.raises(jishiban.CalendarNotCoveredError, match="2027"):
        calendar.add_working_minutes(china(2026, 12, 31, 16, 0), 120)


def test_beyond_provisional_horizon_is_out_of_range(provisional_calendar):
    with pytest.raises(jishiban.OutOfRangeError) as caught:
        provisional_calendar.elapsed_working_time(china(2026, 12, 31, 16, 0), china(2040, 1, 4, 9, 0))

    assert caught.value.code == 4


NEXT_INSTANT_CASES = [
    (china(2026, 3, 4, 7, 0), china(2026, 3, 4, 8, 30)),
    (china(2026, 3, 4, 8, 30), china(2026, 3, 4, 8, 30)),
    (china(2026, 3, 4, 11, 59, 59), china(2026, 3, 4, 11, 59, 59)),
    (china(2026, 3, 4, 12, 0), china(2026, 3, 4, 13, 0)),
    (china(2026, 3, 4, 17, 0), china(2026, 3, 5, 8, 30)),
    (china(2026, 3, 6, 17, 0), china(2026, 3, 9, 8, 30)),
    (china(2026, 2, 13, 17, 0), china(2026, 2, 14, 8, 30)),
    (china(2026, 10, 1, 10, 0), china(2026, 10, 8, 8, 30)),
]


@pytest.mark.parametrize("instant, expected", NEXT_INSTANT_CASES)
def test_next_working_instant(calendar, instant, expected):
    assert calendar.next_working_instant(instant) == expected


def test_working_periods_of_working_day(calendar):
    periods = calendar.working_periods(dt.date(2026, 3, 4))

    assert periods == [
        (china(2026, 3, 4, 8, 30), china(2026, 3, 4, 12, 0)),
        (china(2026, 3, 4, 13, 0), china(2026, 3, 4, 17, 0)),
    ]


def test_working_periods_of_make_up_saturday(calendar):
    periods = calendar.working_periods(dt.date(2026, 2, 28))

    assert [(start.time(), end.time()) for start, end in periods] == [
        (dt.time(8, 30), dt.time(12, 0)),
        (dt.time(13, 0), dt.time(17, 0)),
    ]
    assert sum((end - start for start, end in periods), dt.timedelta()) == dt.timedelta(minutes=450)


@pytest.mark.parametrize("day", [dt.date(2026, 10, 1), dt.date(2026, 3, 7)], ids=["holiday", "rest-day"])
def test_working_periods_empty_on_day_off(calendar, day):
    assert calendar.working_periods(day) == []


DAY_TARGET_CASES = [
    pytest.param(china(2026, 4, 3, 15, 0), 1, "legal_period", china(2026, 4, 7, 17, 0), id="qingming"),
    pytest.param(china(2026, 2, 12, 10, 0), 3, "legal_period", china(2026, 2, 24, 17, 0), id="spring-festival"),
    pytest.param(china(2026, 10, 3, 10, 0), 2, "legal_period", china(2026, 10, 9, 17, 0), id="from-holiday"),
    pytest.param(china(2026, 3, 4, 23, 59), 1, "legal_period", china(2026, 3, 5, 17, 0), id="ignores-time-of-day"),
    pytest.param(china(2026, 3, 2, 10, 0), 1, "working_time", china(2026, 3, 3, 10, 0), id="working-time-day"),
    pytest.param(china(2026, 3, 3, 10, 0), -1, "working_time", china(2026, 3, 2, 10, 0), id="working-time-back"),
    pytest.param(china(2026, 3, 7, 10, 0), 0, "working_time", china(2026, 3, 7, 10, 0), id="working-time-zero"),
]


@pytest.mark.parametrize("start, days, convention, expected", DAY_TARGET_CASES)
def test_add_working_days_to_datetime(calendar, start, days, convention, expected):
    assert calendar.add_working_days(start, days, convention=convention) == expected


@pytest.mark.parametrize("start, days, convention, expected", DAY_TARGET_CASES)
def test_deadline_in_days(calendar, start, days, convention, expected):
    if convention == "legal_period" and days < 1:
        pytest.skip("legal_period needs at least one day")
    deadline = calendar.deadline(start, days=days, convention=convention)

    assert deadline.due == expected
    assert deadline.start == start
    assert deadline.amount == days
    assert deadline.unit == "working_days"
    assert deadline.convention == convention
    assert deadline.provisional is False


def test_legal_period_is_default_convention(calendar):
    deadline = calendar.deadline(china(2026, 4, 3, 15, 0), days=1)

    assert deadline.convention == "legal_period"
    assert deadline.due == china(2026, 4, 7, 17, 0)


def test_deadline_in_minutes(calendar):
    deadline = calendar.deadline(china(2026, 9, 30, 16, 50), minutes=60)

    assert deadline.due == china(2026, 10, 8, 9, 20)
    assert deadline.unit == "working_minutes"
    assert deadline.amount == 60


def test_provisional_deadline_is_flagged(provisional_calendar):
    deadline = provisional_calendar.deadline(china(2026, 12, 31, 10, 0), days=1)

    assert deadline.due == china(2027, 1, 1, 17, 0)
    assert deadline.provisional is True


def test_legal_period_rejects_zero_days(calendar):
    with pytest.raises(jishiban.InvalidArgumentError) as caught:
        calendar.add_working_days(china(2026, 3, 4, 10, 0), 0, convention="legal_period")

    assert caught.value.code == 1


@pytest.mark.parametrize(
    "arguments",
    [{}, {"minutes": 10, "days": 1}, {"minutes": 10, "convention": "legal_period"}, {"days": 1, "convention": "weekly"}],
    ids=["neither", "both", "convention-with-minutes", "unknown-convention"],
)
def test_deadline_rejects_bad_target(calendar, arguments):
    with pytest.raises(jishiban.InvalidArgumentError):
        calendar.deadline(china(2026, 3, 4, 10, 0), **arguments)


WORKING_DAY_DATE_CASES = [
    pytest.param(dt.date(2026, 9, 30), 1, dt.date(2026, 10, 8), id="skips-national-day"),
    pytest.param(dt.date(2026, 10, 3), 1, dt.date(2026, 10, 8), id="from-holiday"),
    pytest.param(dt.date(2026, 10, 8), 2, dt.date(2026, 10, 10), id="reaches-make-up-saturday"),
    pytest.param(dt.date(2026, 10, 3), 0, dt.date(2026, 10, 3), id="zero-on-holiday"),
    pytest.param(dt.date(2026, 10, 8), -1, dt.date(2026, 9, 30), id="back-over-national-day"),
    pytest.param(dt.date(2026, 10, 3), -1, dt.date(2026, 9, 30), id="back-from-holiday"),
    pytest.param(dt.date(2026, 2, 12), 3, dt.date(2026, 2, 24), id="spring-festival"),
    pytest.param(dt.date(2025, 12, 31), 1, dt.date(2026, 1, 4), id="new-year"),
]


@pytest.mark.parametrize("start, days, expected", WORKING_DAY_DATE_CASES)
def test_add_working_days_to_date(calendar, start, days, expected):
    result = calendar.add_working_days(start, days)

    assert result == expected
    assert type(result) is dt.date


def test_add_working_days_reads_date_text_as_date(calendar):
    assert calendar.add_working_days("2026-09-30", 1) == dt.date(2026, 10, 8)


def test_add_working_days_rejects_convention_for_date(calendar):
    with pytest.raises(jishiban.InvalidArgumentError, match="convention"):
        calendar.add_working_days(dt.date(2026, 9, 30), 1, convention="working_time")


BETWEEN_CASES = [
    pytest.param(dt.date(2026, 3, 4), dt.date(2026, 3, 4), 0, id="equal"),
    pytest.param(dt.date(2026, 3, 2), dt.date(2026, 3, 9), 5, id="plain-week"),
    pytest.param(dt.date(2026, 3, 9), dt.date(2026, 3, 2), -5, id="reversed-week"),
    pytest.param(dt.date(2026, 3, 4), dt.date(2026, 3, 5), 1, id="end-not-counted"),
    pytest.param(dt.date(2026, 3, 9), dt.date(2026, 3, 6), -1, id="reversed-counts-begin"),
    pytest.param(dt.date(2026, 3, 7), dt.date(2026, 3, 6), 0, id="reversed-from-rest-day"),
    pytest.param(dt.date(2026, 10, 1), dt.date(2026, 10, 8), 0, id="golden-week"),
    pytest.param(dt.date(2026, 9, 30), dt.date(2026, 10, 9), 2, id="across-golden-week"),
    pytest.param(dt.date(2026, 10, 9), dt.date(2026, 9, 30), -2, id="reversed-across-golden-week"),
    pytest.param(dt.date(2026, 2, 13), dt.date(2026, 2, 24), 2, id="counts-make-up-saturday"),
]


@pytest.mark.parametrize("begin, end, expected", BETWEEN_CASES)
def test_working_days_between(calendar, begin, end, expected):
    assert calendar.working_days_between(begin, end) == expected


def test_working_days_between_agrees_with_add(calendar):
    start = dt.date(2026, 9, 28)
    one_day = dt.timedelta(days=1)
    for days in range(1, 41):
        end = calendar.add_working_days(start, days)
        assert calendar.working_days_between(start + one_day, end + one_day) == days, f"after {days} working days"


@pytest.mark.parametrize("year, expected", sorted(WORKING_DAYS_PER_YEAR.items()))
def test_working_days_per_year(calendar, year, expected):
    assert calendar.working_days_between(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)) == expected


def test_every_date_matches_data_file(calendar):
    data = json.loads((REPOSITORY / "data" / "cn-official-calendar.json").read_text(encoding="utf-8"))
    holidays = {dt.date.fromisoformat(day) for day in data["holidays"]}
    workdays = {dt.date.fromisoformat(day) for day in data["workdays"]}
    day = dt.date(2004, 1, 1)
    while day <= dt.date(2026, 12, 31):
        expected = day in workdays or (day.weekday() < 5 and day not in holidays)
        assert calendar.is_working_day(day) is expected, f"on {day}"
        day += dt.timedelta(days=1)


def test_day_info_names_national_day(calendar):
    info = calendar.day_info(dt.date(2026, 10, 1))

    assert info.kind == "holiday"
    assert info.working is False
    assert info.provisional is False
    assert info.name_en == "National Day"
    assert info.name_zh == "国庆节"
    assert info.date == dt.date(2026, 10, 1)


@pytest.mark.parametrize("day", [dt.date(2026, 2, 14), dt.date(2026, 2, 28)])
def test_day_info_marks_make_up_saturdays(calendar, day):
    info = calendar.day_info(day)

    assert day.weekday() == 5
    assert info.kind == "make_up_working_day"
    assert info.working is True
    assert info.name_zh == "春节调休上班"


def test_day_info_marks_plain_days(calendar):
    saturday = calendar.day_info(dt.date(2026, 3, 7))
    monday = calendar.day_info(dt.date(2026, 3, 2))

    assert (saturday.kind, saturday.working, saturday.name_en) == ("rest_day", False, None)
    assert (monday.kind, monday.working, monday.name_en) == ("working_day", True, None)


def test_day_info_flags_provisional_year(calendar):
    info = calendar.day_info(dt.date(2027, 1, 4))

    assert info.provisional is True
    assert info.working is True


def test_day_info_equality_and_hash(calendar):
    first = calendar.day_info(dt.date(2026, 10, 1))
    second = calendar.day_info("2026-10-01")

    assert first == second
    assert hash(first) == hash(second)
    assert first != calendar.day_info(dt.date(2026, 10, 2))
    assert "National Day" in repr(first)


def test_day_info_outside_tables_is_out_of_range(calendar):
    with pytest.raises(jishiban.OutOfRangeError):
        calendar.day_info(dt.date(1990, 1, 1))


def test_strict_is_working_day_rejects_2027(calendar):
    with pytest.raises(jishiban.CalendarNotCoveredError, match="2027"):
        calendar.is_working_day(dt.date(2027, 1, 4))


def test_provisional_is_working_day_uses_weekly_pattern(provisional_calendar):
    assert provisional_calendar.is_working_day(dt.date(2027, 1, 1)) is True
    assert provisional_calendar.is_working_day(dt.date(2027, 1, 2)) is False


def test_calendar_properties(calendar):
    assert calendar.utc_offset == dt.timedelta(hours=8)
    assert calendar.tzinfo == CHINA
    assert calendar.first_date == dt.date(2004, 1, 1)
    assert calendar.last_date == dt.date(2030, 12, 31)
    assert calendar.coverage == "strict"
    assert calendar.standard_day_length == dt.timedelta(minutes=450)
    assert calendar.covers_year(2026) is True
    assert calendar.covers_year(2027) is False


def test_extra_file_covers_2027(tmp_path):
    extra = tmp_path / "cn-2027.json"
    extra.write_text(
        json.dumps(
            {
                "years": [2027],
                "holidays": {"2027-01-01": {"en": "New Year's Day", "zh": "元旦"}},
                "workdays": {"2027-01-09": {"en": "make-up working day", "zh": "调休上班"}},
            }
        ),
        encoding="utf-8",
    )

    calendar = jishiban.Calendar(extra)

    assert calendar.covers_year(2027)
    assert calendar.is_working_day(dt.date(2027, 1, 1)) is False
    assert calendar.is_working_day(dt.date(2027, 1, 9)) is True
    assert calendar.add_working_minutes(china(2026, 12, 31, 16, 30), 60) == china(2027, 1, 4, 9, 0)


def test_extra_files_apply_in_order(tmp_path):
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    first.write_text(json.dumps({"years": [2027], "holidays": {"2027-03-01": "local holiday"}}), encoding="utf-8")
    second.write_text(json.dumps({"years": [], "workdays": {"2027-03-01": "moved back"}}), encoding="utf-8")

    calendar = jishiban.Calendar([first, second])

    # The later file's workday entry replaces the earlier file's holiday.
    assert calendar.is_working_day(dt.date(2027, 3, 1)) is True
    assert calendar.day_info(dt.date(2027, 3, 1)).name_en == "moved back"
    assert jishiban.Calendar([first]).day_info(dt.date(2027, 3, 1)).kind == "holiday"


def test_malformed_extra_file_names_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"years": [2027], "holidays": {"2027-02-30": "no such day"}}', encoding="utf-8")

    with pytest.raises(jishiban.InvalidDataError) as caught:
        jishiban.Calendar([bad])

    assert caught.value.code == 2
    assert "bad.json" in caught.value.message_en


def test_missing_extra_file_is_io_error(tmp_path):
    with pytest.raises(jishiban.StorageIOError) as caught:
        jishiban.Calendar(tmp_path / "missing.json")

    assert caught.value.code == 5


@pytest.mark.parametrize(
    "arguments, error",
    [
        ({"coverage": "lenient"}, jishiban.InvalidArgumentError),
        ({"provisional_years": 51}, jishiban.OutOfRangeError),
        ({"extra_files": 7}, jishiban.InvalidArgumentError),
    ],
    ids=["coverage", "provisional-years", "extra-files-type"],
)
def test_calendar_rejects_bad_options(arguments, error):
    with pytest.raises(error):
        jishiban.Calendar(**arguments)
