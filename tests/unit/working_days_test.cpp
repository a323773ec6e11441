// Whole working days: add_working_days on dates and working_days_between,
// whose reversed form follows numpy.busday_count (minus the count in
// (end, begin]).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jishiban/calendar/calendar.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::Date;
using jishiban_test::date;

const Calendar& official() {
  static const Calendar calendar;
  return calendar;
}

Date add_days(const Date& start, int days) { return official().add_working_days(start, days).value; }

int between(const Date& begin, const Date& end) { return official().working_days_between(begin, end).value; }

TEST(AddWorkingDays, OneDaySkipsGoldenWeek) { EXPECT_EQ(date(2026, 10, 8), add_days(date(2026, 9, 30), 1)); }

TEST(AddWorkingDays, FromHoliday) {
  // The first working day after the holiday is day 1.
  EXPECT_EQ(date(2026, 10, 8), add_days(date(2026, 10, 3), 1));
}

TEST(AddWorkingDays, ReachesMakeUpSaturday) {
  EXPECT_EQ(date(2026, 10, 10), add_days(date(2026, 10, 8), 2));
}

TEST(AddWorkingDays, ZeroReturnsDateEvenOnHoliday) { EXPECT_EQ(date(2026, 10, 3), add_days(date(2026, 10, 3), 0)); }

TEST(AddWorkingDays, NegativeGoesBackOverGoldenWeek) {
  EXPECT_EQ(date(2026, 9, 30), add_days(date(2026, 10, 8), -1));
}

TEST(AddWorkingDays, NegativeFromHoliday) {
  // The last working day before the holiday is day -1.
  EXPECT_EQ(date(2026, 9, 30), add_days(date(2026, 10, 3), -1));
}

TEST(AddWorkingDays, CrossesSpringFestival) {
  // Feb 13 (Fri), Feb 14 (make-up Sat), then Feb 24 after the holiday.
  EXPECT_EQ(date(2026, 2, 24), add_days(date(2026, 2, 12), 3));
}

TEST(AddWorkingDays, CrossesNewYear) {
  // 2026-01-01 to 01-03 are holidays and Sunday 01-04 is a make-up working day.
  EXPECT_EQ(date(2026, 1, 4), add_days(date(2025, 12, 31), 1));
}

TEST(AddWorkingDays, StrictRejectsUncoveredYear) {
  const auto error = jishiban_test::capture_error([] { official().add_working_days(date(2026, 12, 31), 1); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(jishiban::ErrorCode::calendar_not_covered, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("2027"));
}

TEST(WorkingDaysBetween, EqualDatesGiveZero) { EXPECT_EQ(0, between(date(2026, 3, 4), date(2026, 3, 4))); }

TEST(WorkingDaysBetween, PlainWeekHasFive) { EXPECT_EQ(5, between(date(2026, 3, 2), date(2026, 3, 9))); }

TEST(WorkingDaysBetween, ReversedWeekIsNegative) {
  // (03-02, 03-09] contains Mar 3, 4, 5, 6 and 9.
  EXPECT_EQ(-5, between(date(2026, 3, 9), date(2026, 3, 2)));
}

TEST(WorkingDaysBetween, EndDateIsNotCounted) { EXPECT_EQ(1, between(date(2026, 3, 4), date(2026, 3, 5))); }

TEST(WorkingDaysBetween, ReversedCountsBeginNotEnd) {
  // (Fri 03-06, Mon 03-09] contains only Monday.
  EXPECT_EQ(-1, between(date(2026, 3, 9), date(2026, 3, 6)));
}

TEST(WorkingDaysBetween, ReversedFromRestDayToWorkingDay) {
  // (Fri 03-06, Sat 03-07] contains no working day.
  EXPECT_EQ(0, between(date(2026, 3, 7), date(2026, 3, 6)));
}

TEST(WorkingDaysBetween, GoldenWeekHasNone) { EXPECT_EQ(0, between(date(2026, 10, 1), date(2026, 10, 8))); }

TEST(WorkingDaysBetween, AcrossGoldenWeek) {
  // Sep 30 and Oct 8.
  EXPECT_EQ(2, between(date(2026, 9, 30), date(2026, 10, 9)));
}

TEST(WorkingDaysBetween, ReversedAcrossGoldenWeek) {
  // (09-30, 10-09] contains Oct 8 and Oct 9.
  EXPECT_EQ(-2, between(date(2026, 10, 9), date(2026, 9, 30)));
}

TEST(WorkingDaysBetween, CountsMakeUpSaturday) {
  // Feb 13 (Fri) and Feb 14 (make-up Sat); Feb 15-23 is the holiday.
  EXPECT_EQ(2, between(date(2026, 2, 13), date(2026, 2, 24)));
}

TEST(WorkingDaysBetween, ConsistentWithAddWorkingDays) {
  const Date start = date(2026, 9, 28);
  for (int days = 1; days <= 40; ++days) {
    const Date end = add_days(start, days);
    EXPECT_EQ(days, between(start + boost::gregorian::date_duration(1), end + boost::gregorian::date_duration(1)))
        << "after " << days << " working days";
  }
}

}  // namespace
