// The built-in official calendar against the data file, read independently
// by the naive reference, and against the published working-day totals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "jishiban/calendar/calendar.hpp"
#include "naive_calendar.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban_test::date;
using jishiban_test::date_from_day_index;
using jishiban_test::days_from_civil;
using jishiban_test::NaiveCalendar;

// Working days per year under the State Council notices.
const std::map<int, int> kWorkingDaysPerYear = {
    {2004, 252}, {2005, 251}, {2006, 251}, {2007, 249}, {2008, 251}, {2009, 250}, {2010, 250}, {2011, 250},
    {2012, 249}, {2013, 250}, {2014, 250}, {2015, 249}, {2016, 250}, {2017, 249}, {2018, 250}, {2019, 250},
    {2020, 249}, {2021, 250}, {2022, 249}, {2023, 249}, {2024, 251}, {2025, 248}, {2026, 248},
};

TEST(OfficialCalendar, EveryDateMatchesDataFile) {
  const Calendar calendar;
  const NaiveCalendar naive(jishiban_test::official_data_path());

  for (std::int64_t days = days_from_civil(2004, 1, 1); days <= days_from_civil(2026, 12, 31); ++days) {
    const jishiban::Date day = date_from_day_index(days);
    ASSERT_EQ(naive.is_working_day_index(days), calendar.is_working_day(day))
        << "on " << boost::gregorian::to_iso_extended_string(day);
  }
}

TEST(OfficialCalendar, DayInfoMatchesDataFile) {
  const Calendar calendar;
  const NaiveCalendar naive(jishiban_test::official_data_path());

  for (std::int64_t days = days_from_civil(2004, 1, 1); days <= days_from_civil(2026, 12, 31); ++days) {
    const jishiban::Date day = date_from_day_index(days);
    const jishiban::DayInfo info = calendar.day_info(day);
    ASSERT_EQ(naive.is_working_day_index(days), info.working)
        << "on " << boost::gregorian::to_iso_extended_string(day);
    ASSERT_FALSE(info.provisional) << "on " << boost::gregorian::to_iso_extended_string(day);
  }
}

TEST(OfficialCalendar, WorkingDaysPerYearMatchNotices) {
  const Calendar calendar;

  for (const auto& [year, expected] : kWorkingDaysPerYear) {
    int count = 0;
    for (std::int64_t days = days_from_civil(year, 1, 1); days < days_from_civil(year + 1, 1, 1); ++days) {
      if (calendar.is_working_day(date_from_day_index(days))) {
        ++count;
      }
    }
    EXPECT_EQ(expected, count) << "in " << year;
  }
}

TEST(OfficialCalendar, WorkingDaysBetweenMatchesYearTotals) {
  const Calendar calendar;

  for (const auto& [year, expected] : kWorkingDaysPerYear) {
    const jishiban::CalendarResult<int> count = calendar.working_days_between(date(year, 1, 1), date(year + 1, 1, 1));
    EXPECT_EQ(expected, count.value) << "in " << year;
    EXPECT_FALSE(count.provisional) << "in " << year;
  }
}

TEST(OfficialCalendar, DataFileYearTotalsMatchNotices) {
  const NaiveCalendar naive(jishiban_test::official_data_path());

  for (const auto& [year, expected] : kWorkingDaysPerYear) {
    int count = 0;
    for (std::int64_t days = days_from_civil(year, 1, 1); days < days_from_civil(year + 1, 1, 1); ++days) {
      if (naive.is_working_day_index(days)) {
        ++count;
      }
    }
    EXPECT_EQ(expected, count) << "in " << year;
  }
}

TEST(OfficialCalendar, CoversExactly2004To2026) {
  const Calendar calendar;

  EXPECT_FALSE(calendar.covers_year(2003));
  EXPECT_TRUE(calendar.covers_year(2004));
  EXPECT_TRUE(calendar.covers_year(2026));
  EXPECT_FALSE(calendar.covers_year(2027));
}

TEST(OfficialCalendar, BuiltInDataListsOfficialYears) {
  const jishiban::CalendarData& data = jishiban::official_calendar_data();

  EXPECT_EQ(23u, data.years.size());
  EXPECT_EQ(2004, *data.years.begin());
  EXPECT_EQ(2026, *data.years.rbegin());
  EXPECT_FALSE(data.working_hours.has_value());
  EXPECT_FALSE(data.utc_offset.has_value());
}

TEST(OfficialCalendar, DefaultsToChinaOffsetAndStrictPolicy) {
  const Calendar calendar;

  EXPECT_EQ(jishiban::UtcOffset::china(), calendar.utc_offset());
  EXPECT_EQ(jishiban::CoveragePolicy::strict, calendar.coverage());
  EXPECT_EQ(450 * 60, calendar.working_hours().standard_day_length().count());
}

TEST(OfficialCalendar, DayInfoNamesNationalDay) {
  const Calendar calendar;

  const jishiban::DayInfo info = calendar.day_info(date(2026, 10, 1));

  EXPECT_EQ(jishiban::DayKind::holiday, info.kind);
  EXPECT_FALSE(info.working);
  EXPECT_EQ("National Day", info.name_en);
  EXPECT_EQ("国庆节", info.name_zh);
}

TEST(OfficialCalendar, DayInfoMarksMakeUpSaturday) {
  const Calendar calendar;

  const jishiban::DayInfo info = calendar.day_info(date(2026, 2, 14));

  EXPECT_EQ(jishiban::DayKind::make_up_working_day, info.kind);
  EXPECT_TRUE(info.working);
  EXPECT_FALSE(info.name_en.empty());
}

TEST(OfficialCalendar, DayInfoMarksPlainDays) {
  const Calendar calendar;

  const jishiban::DayInfo saturday = calendar.day_info(date(2026, 3, 7));
  const jishiban::DayInfo monday = calendar.day_info(date(2026, 3, 2));

  EXPECT_EQ(jishiban::DayKind::rest_day, saturday.kind);
  EXPECT_FALSE(saturday.working);
  EXPECT_TRUE(saturday.name_en.empty());
  EXPECT_EQ(jishiban::DayKind::working_day, monday.kind);
  EXPECT_TRUE(monday.working);
  EXPECT_TRUE(monday.name_en.empty());
}

TEST(OfficialCalendar, DayInfoFlagsProvisionalYear) {
  const Calendar calendar;

  const jishiban::DayInfo info = calendar.day_info(date(2027, 1, 4));

  EXPECT_TRUE(info.provisional);
  EXPECT_TRUE(info.working);
}

TEST(OfficialCalendar, DayInfoOutsideTablesThrowsOutOfRange) {
  const Calendar calendar;

  const auto error = jishiban_test::capture_error([&] { calendar.day_info(date(1990, 1, 1)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(jishiban::ErrorCode::out_of_range, error->code());
}

TEST(OfficialCalendar, StrictIsWorkingDayRejectsUncoveredYear) {
  const Calendar calendar;

  const auto error = jishiban_test::capture_error([&] { calendar.is_working_day(date(2027, 1, 4)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(jishiban::ErrorCode::calendar_not_covered, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("2027"));
}

TEST(OfficialCalendar, ProvisionalIsWorkingDayUsesWeeklyPattern) {
  const Calendar calendar(jishiban::CalendarOptions{jishiban::CoveragePolicy::provisional, 4});

  EXPECT_TRUE(calendar.is_working_day(date(2027, 1, 1)));
  EXPECT_FALSE(calendar.is_working_day(date(2027, 1, 2)));
}

}  // namespace
