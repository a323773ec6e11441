// Working-time arithmetic on the default calendar: the documented examples,
// period boundaries, holidays, negative amounts, coverage and deadlines.
// All civil times are at UTC+08:00.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarOptions;
using jishiban::CoveragePolicy;
using jishiban::DayConvention;
using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban::TargetSpec;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using std::chrono::minutes;
using std::chrono::seconds;

const Calendar& official() {
  static const Calendar calendar;
  return calendar;
}

const Calendar& provisional() {
  static const Calendar calendar(CalendarOptions{CoveragePolicy::provisional, 4});
  return calendar;
}

Instant add(Instant start, minutes amount) { return official().add_working_time(start, amount).value; }

// --- Documented examples -------------------------------------------------

TEST(WorkingTime, MinuteTargetSkipsGoldenWeek) {
  EXPECT_EQ(china_instant(2026, 10, 8, 9, 20), add(china_instant(2026, 9, 30, 16, 50), minutes(60)));
}

TEST(WorkingTime, MinuteTargetReachesMakeUpSaturday) {
  EXPECT_EQ(china_instant(2026, 2, 14, 8, 35), add(china_instant(2026, 2, 13, 16, 55), minutes(10)));
}

TEST(WorkingTime, MinuteTargetSkipsLunch) {
  EXPECT_EQ(china_instant(2026, 6, 18, 13, 5), add(china_instant(2026, 6, 18, 11, 55), minutes(10)));
}

TEST(WorkingTime, NightStartCountsFromMakeUpSaturday) {
  EXPECT_EQ(china_instant(2026, 5, 9, 9, 30), add(china_instant(2026, 5, 8, 23, 10), minutes(60)));
}

TEST(WorkingTime, TargetEndsAtNoonNotOnePm) {
  EXPECT_EQ(china_instant(2026, 3, 5, 12, 0), add(china_instant(2026, 3, 4, 17, 0), minutes(210)));
}

TEST(WorkingTime, ResultsAreNotProvisionalInsideCoveredYears) {
  EXPECT_FALSE(official().add_working_time(china_instant(2026, 9, 30, 16, 50), minutes(60)).provisional);
}

// --- Period boundaries ----------------------------------------------------

TEST(WorkingTime, StartAtMorningOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 31), add(china_instant(2026, 3, 4, 8, 30), minutes(1)));
}

TEST(WorkingTime, StartBeforeMorningOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 31), add(china_instant(2026, 3, 4, 6, 0), minutes(1)));
}

TEST(WorkingTime, StartAtNoonMovesToAfternoon) {
  EXPECT_EQ(china_instant(2026, 3, 4, 13, 1), add(china_instant(2026, 3, 4, 12, 0), minutes(1)));
}

TEST(WorkingTime, StartInsideLunchMovesToAfternoon) {
  EXPECT_EQ(china_instant(2026, 3, 4, 13, 1), add(china_instant(2026, 3, 4, 12, 30), minutes(1)));
}

TEST(WorkingTime, StartAtAfternoonOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 13, 1), add(china_instant(2026, 3, 4, 13, 0), minutes(1)));
}

TEST(WorkingTime, StartAtCloseMovesToNextDay) {
  EXPECT_EQ(china_instant(2026, 3, 5, 8, 31), add(china_instant(2026, 3, 4, 17, 0), minutes(1)));
}

TEST(WorkingTime, TargetEndingAtEveningCloseEndsAtFive) {
  EXPECT_EQ(china_instant(2026, 3, 4, 17, 0), add(china_instant(2026, 3, 4, 16, 0), minutes(60)));
}

TEST(WorkingTime, FullDayFromOpenEndsAtClose) {
  EXPECT_EQ(china_instant(2026, 3, 4, 17, 0), add(china_instant(2026, 3, 4, 8, 30), minutes(450)));
}

TEST(WorkingTime, StartOnRestDayMovesToMonday) {
  EXPECT_EQ(china_instant(2026, 3, 9, 8, 31), add(china_instant(2026, 3, 7, 10, 0), minutes(1)));
}

TEST(WorkingTime, NewYearsEveCrossesYear) {
  // 2026-01-01 to 01-03 are holidays and Sunday 01-04 is a make-up working day.
  EXPECT_EQ(china_instant(2026, 1, 4, 9, 0), add(china_instant(2025, 12, 31, 16, 30), minutes(60)));
}

TEST(WorkingTime, SpringFestivalFillsMakeUpSaturdayFirst) {
  EXPECT_EQ(china_instant(2026, 2, 14, 17, 0), add(china_instant(2026, 2, 13, 16, 0), minutes(510)));
}

TEST(WorkingTime, SpringFestivalSkipsToFirstDayAfterHoliday) {
  EXPECT_EQ(china_instant(2026, 2, 24, 8, 31), add(china_instant(2026, 2, 13, 16, 0), minutes(511)));
}

TEST(WorkingTime, NationalDayCloseMovesToOctoberEighth) {
  EXPECT_EQ(china_instant(2026, 10, 8, 8, 31), add(china_instant(2026, 9, 30, 17, 0), minutes(1)));
}

TEST(WorkingTime, SecondsResolutionIsExact) {
  const Instant start = china_instant(2026, 3, 4, 11, 59, 30);

  const Instant due = official().add_working_time(start, seconds(45)).value;

  EXPECT_EQ(china_instant(2026, 3, 4, 13, 0, 15), due);
}

// --- Zero and negative amounts -------------------------------------------

TEST(WorkingTime, ZeroAmountReturnsStartInWorkingTime) {
  EXPECT_EQ(china_instant(2026, 3, 4, 10, 0), add(china_instant(2026, 3, 4, 10, 0), minutes(0)));
}

TEST(WorkingTime, ZeroAmountReturnsStartOnRestDay) {
  EXPECT_EQ(china_instant(2026, 3, 7, 10, 0), add(china_instant(2026, 3, 7, 10, 0), minutes(0)));
}

TEST(WorkingTime, ZeroAmountReturnsStartInLunch) {
  EXPECT_EQ(china_instant(2026, 3, 4, 12, 30), add(china_instant(2026, 3, 4, 12, 30), minutes(0)));
}

TEST(WorkingTime, NegativeAmountStopsAtMorningOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 30), add(china_instant(2026, 3, 4, 10, 0), minutes(-90)));
}

TEST(WorkingTime, NegativeAmountStopsAtAfternoonOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 13, 0), add(china_instant(2026, 3, 4, 13, 30), minutes(-30)));
}

TEST(WorkingTime, NegativeAmountFromAfternoonOpenCrossesLunch) {
  EXPECT_EQ(china_instant(2026, 3, 4, 11, 0), add(china_instant(2026, 3, 4, 13, 0), minutes(-60)));
}

TEST(WorkingTime, NegativeAmountFromLunch) {
  EXPECT_EQ(china_instant(2026, 3, 4, 11, 59), add(china_instant(2026, 3, 4, 12, 30), minutes(-1)));
}

TEST(WorkingTime, NegativeAmountFromOpenGoesToPreviousDay) {
  EXPECT_EQ(china_instant(2026, 3, 3, 16, 59), add(china_instant(2026, 3, 4, 8, 30), minutes(-1)));
}

TEST(WorkingTime, NegativeAmountCrossesNationalDay) {
  EXPECT_EQ(china_instant(2026, 9, 30, 16, 59), add(china_instant(2026, 10, 8, 8, 30), minutes(-1)));
}

TEST(WorkingTime, NegativeAmountFromHolidayCountsFromLastClose) {
  EXPECT_EQ(china_instant(2026, 9, 30, 16, 0), add(china_instant(2026, 10, 4, 10, 0), minutes(-60)));
}

// --- Elapsed working time ------------------------------------------------

TEST(ElapsedWorkingTime, CountsAcrossGoldenWeek) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 9, 30, 16, 50), china_instant(2026, 10, 8, 9, 20));

  EXPECT_EQ(3600, elapsed.value.count());
  EXPECT_FALSE(elapsed.provisional);
}

TEST(ElapsedWorkingTime, ReversedIsNegative) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 10, 8, 9, 20), china_instant(2026, 9, 30, 16, 50));

  EXPECT_EQ(-3600, elapsed.value.count());
}

TEST(ElapsedWorkingTime, EqualInstantsGiveZero) {
  const Instant instant = china_instant(2026, 3, 4, 10, 0);

  EXPECT_EQ(0, official().elapsed_working_time(instant, instant).value.count());
}

TEST(ElapsedWorkingTime, LunchCountsNothing) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 3, 4, 12, 0), china_instant(2026, 3, 4, 13, 0));

  EXPECT_EQ(0, elapsed.value.count());
}

TEST(ElapsedWorkingTime, WholeWorkingDayIs450Minutes) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 3, 4, 0, 0), china_instant(2026, 3, 5, 0, 0));

  EXPECT_EQ(450 * 60, elapsed.value.count());
}

TEST(ElapsedWorkingTime, HolidayCountsNothing) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 10, 1, 0, 0), china_instant(2026, 10, 8, 0, 0));

  EXPECT_EQ(0, elapsed.value.count());
}

TEST(ElapsedWorkingTime, CountsPartialSeconds) {
  const auto elapsed =
      official().elapsed_working_time(china_instant(2026, 3, 4, 11, 59, 30), china_instant(2026, 3, 4, 13, 0, 20));

  EXPECT_EQ(50, elapsed.value.count());
}

TEST(ElapsedWorkingTime, StrictRejectsUncoveredYear) {
  const auto error = capture_error([] {
    official().elapsed_working_time(china_instant(2026, 12, 31, 16, 0), china_instant(2027, 1, 4, 9, 0));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("2027"));
  EXPECT_THAT(error->message(), testing::HasSubstr("2027"));
  EXPECT_THAT(error->message(jishiban::Language::zh_CN), testing::HasSubstr("2027"));
}

TEST(ElapsedWorkingTime, ProvisionalUsesWeeklyPatternForUncoveredYear) {
  const auto elapsed =
      provisional().elapsed_working_time(china_instant(2026, 12, 31, 16, 0), china_instant(2027, 1, 4, 9, 0));

  EXPECT_EQ(540, std::chrono::duration_cast<minutes>(elapsed.value).count());
  EXPECT_TRUE(elapsed.provisional);
}

TEST(ElapsedWorkingTime, ProvisionalInsideCoveredYearsIsNotFlagged) {
  const auto elapsed =
      provisional().elapsed_working_time(china_instant(2026, 12, 30, 16, 0), china_instant(2026, 12, 31, 9, 0));

  EXPECT_EQ(90 * 60, elapsed.value.count());
  EXPECT_FALSE(elapsed.provisional);
}

TEST(ElapsedWorkingTime, BeyondProvisionalHorizonThrowsOutOfRange) {
  const auto error = capture_error([] {
    provisional().elapsed_working_time(china_instant(2026, 12, 31, 16, 0), china_instant(2040, 1, 4, 9, 0));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

TEST(WorkingTime, StrictAddRejectsUncoveredYear) {
  const auto error = capture_error([] { add(china_instant(2026, 12, 31, 16, 0), minutes(120)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("2027"));
}

TEST(WorkingTime, ProvisionalAddIntoUncoveredYearIsFlagged) {
  const auto due = provisional().add_working_time(china_instant(2026, 12, 31, 16, 0), minutes(120));

  EXPECT_EQ(china_instant(2027, 1, 1, 9, 30), due.value);
  EXPECT_TRUE(due.provisional);
}

// --- Next working instant ------------------------------------------------

Instant next(Instant instant) { return official().next_working_instant(instant).value; }

TEST(NextWorkingInstant, BeforeOpenMovesToOpen) {
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 30), next(china_instant(2026, 3, 4, 7, 0)));
}

TEST(NextWorkingInstant, AtOpenStays) {
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 30), next(china_instant(2026, 3, 4, 8, 30)));
}

TEST(NextWorkingInstant, LastSecondOfMorningStays) {
  EXPECT_EQ(china_instant(2026, 3, 4, 11, 59, 59), next(china_instant(2026, 3, 4, 11, 59, 59)));
}

TEST(NextWorkingInstant, NoonMovesToAfternoon) {
  EXPECT_EQ(china_instant(2026, 3, 4, 13, 0), next(china_instant(2026, 3, 4, 12, 0)));
}

TEST(NextWorkingInstant, CloseMovesToNextDay) {
  EXPECT_EQ(china_instant(2026, 3, 5, 8, 30), next(china_instant(2026, 3, 4, 17, 0)));
}

TEST(NextWorkingInstant, FridayCloseMovesToMonday) {
  EXPECT_EQ(china_instant(2026, 3, 9, 8, 30), next(china_instant(2026, 3, 6, 17, 0)));
}

TEST(NextWorkingInstant, FridayCloseMovesToMakeUpSaturday) {
  EXPECT_EQ(china_instant(2026, 2, 14, 8, 30), next(china_instant(2026, 2, 13, 17, 0)));
}

TEST(NextWorkingInstant, HolidayMovesPastGoldenWeek) {
  EXPECT_EQ(china_instant(2026, 10, 8, 8, 30), next(china_instant(2026, 10, 1, 10, 0)));
}

// --- Working periods -----------------------------------------------------

TEST(WorkingPeriods, WorkingDayHasStandardPeriods) {
  const auto periods = official().working_periods(jishiban_test::date(2026, 3, 4));

  ASSERT_EQ(2u, periods.value.size());
  EXPECT_EQ(jishiban::TimeOfDay(8, 30), periods.value[0].start);
  EXPECT_EQ(jishiban::TimeOfDay(12, 0), periods.value[0].end);
  EXPECT_EQ(jishiban::TimeOfDay(13, 0), periods.value[1].start);
  EXPECT_EQ(jishiban::TimeOfDay(17, 0), periods.value[1].end);
  EXPECT_FALSE(periods.provisional);
}

TEST(WorkingPeriods, HolidayHasNone) {
  const auto periods = official().working_periods(jishiban_test::date(2026, 10, 1));

  EXPECT_TRUE(periods.value.empty());
}

TEST(WorkingPeriods, RestDayHasNone) {
  const auto periods = official().working_periods(jishiban_test::date(2026, 3, 7));

  EXPECT_TRUE(periods.value.empty());
}

TEST(WorkingPeriods, MakeUpSaturdayHasStandardPeriods) {
  const auto periods = official().working_periods(jishiban_test::date(2026, 2, 14));

  EXPECT_EQ(jishiban::WorkingHours::standard().regular.all_days, periods.value);
  EXPECT_EQ(std::chrono::minutes(450), periods.value.total());
}

// --- Day targets and deadlines ------------------------------------------

Instant add_days(Instant start, int days, DayConvention convention) {
  return official().add_working_days(start, days, convention).value;
}

TEST(DayTarget, LegalPeriodSkipsQingming) {
  EXPECT_EQ(china_instant(2026, 4, 7, 17, 0),
            add_days(china_instant(2026, 4, 3, 15, 0), 1, DayConvention::legal_period));
}

TEST(DayTarget, LegalPeriodSkipsSpringFestival) {
  EXPECT_EQ(china_instant(2026, 2, 24, 17, 0),
            add_days(china_instant(2026, 2, 12, 10, 0), 3, DayConvention::legal_period));
}

TEST(DayTarget, LegalPeriodFromHoliday) {
  // Oct 8 is day 1 and Oct 9 day 2.
  EXPECT_EQ(china_instant(2026, 10, 9, 17, 0),
            add_days(china_instant(2026, 10, 3, 10, 0), 2, DayConvention::legal_period));
}

TEST(DayTarget, LegalPeriodIgnoresTimeOfDay) {
  EXPECT_EQ(china_instant(2026, 3, 5, 17, 0),
            add_days(china_instant(2026, 3, 4, 23, 59), 1, DayConvention::legal_period));
}

TEST(DayTarget, LegalPeriodRejectsZeroDays) {
  const auto error = capture_error([] {
    official().add_working_days(china_instant(2026, 3, 4, 10, 0), 0, DayConvention::legal_period);
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(DayTarget, WorkingTimeDayIsStandardDayLength) {
  EXPECT_EQ(china_instant(2026, 3, 3, 10, 0),
            add_days(china_instant(2026, 3, 2, 10, 0), 1, DayConvention::working_time));
}

TEST(DayTarget, WorkingTimeNegativeDayGoesBack) {
  EXPECT_EQ(china_instant(2026, 3, 2, 10, 0),
            add_days(china_instant(2026, 3, 3, 10, 0), -1, DayConvention::working_time));
}

TEST(DayTarget, WorkingTimeZeroDaysReturnsStart) {
  EXPECT_EQ(china_instant(2026, 3, 7, 10, 0),
            add_days(china_instant(2026, 3, 7, 10, 0), 0, DayConvention::working_time));
}

TEST(Deadline, MinuteTargetCarriesStartAndTarget) {
  const Instant start = china_instant(2026, 9, 30, 16, 50);

  const jishiban::Deadline deadline = official().deadline(start, TargetSpec::working_minutes(60));

  EXPECT_EQ(start, deadline.start);
  EXPECT_EQ(china_instant(2026, 10, 8, 9, 20), deadline.due);
  EXPECT_EQ(60, deadline.target.amount);
  EXPECT_EQ(jishiban::TargetUnit::working_minutes, deadline.target.unit);
  EXPECT_FALSE(deadline.provisional);
}

TEST(Deadline, LegalPeriodIsTheDefaultDayConvention) {
  const jishiban::Deadline deadline =
      official().deadline(china_instant(2026, 4, 3, 15, 0), TargetSpec::working_days(1));

  EXPECT_EQ(china_instant(2026, 4, 7, 17, 0), deadline.due);
  EXPECT_EQ(DayConvention::legal_period, deadline.target.convention);
}

TEST(Deadline, LegalPeriodAcrossSpringFestival) {
  const jishiban::Deadline deadline =
      official().deadline(china_instant(2026, 2, 12, 10, 0), TargetSpec::working_days(3));

  EXPECT_EQ(china_instant(2026, 2, 24, 17, 0), deadline.due);
}

TEST(Deadline, LegalPeriodFromHoliday) {
  const jishiban::Deadline deadline =
      official().deadline(china_instant(2026, 10, 3, 10, 0), TargetSpec::working_days(2));

  EXPECT_EQ(china_instant(2026, 10, 9, 17, 0), deadline.due);
}

TEST(Deadline, WorkingTimeDayTarget) {
  const jishiban::Deadline deadline = official().deadline(
      china_instant(2026, 3, 2, 10, 0), TargetSpec::working_days(1, DayConvention::working_time));

  EXPECT_EQ(china_instant(2026, 3, 3, 10, 0), deadline.due);
  EXPECT_EQ(DayConvention::working_time, deadline.target.convention);
}

TEST(Deadline, MinuteTargetEndingAtNoon) {
  const jishiban::Deadline deadline =
      official().deadline(china_instant(2026, 3, 4, 17, 0), TargetSpec::working_minutes(210));

  EXPECT_EQ(china_instant(2026, 3, 5, 12, 0), deadline.due);
}

TEST(Deadline, ProvisionalDeadlineIsFlagged) {
  const jishiban::Deadline deadline =
      provisional().deadline(china_instant(2026, 12, 31, 10, 0), TargetSpec::working_days(1));

  EXPECT_EQ(china_instant(2027, 1, 1, 17, 0), deadline.due);
  EXPECT_TRUE(deadline.provisional);
}

TEST(Deadline, StrictDeadlineIntoUncoveredYearThrows) {
  const auto error = capture_error([] {
    official().deadline(china_instant(2026, 12, 31, 10, 0), TargetSpec::working_days(1));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("2027"));
}

TEST(Deadline, DayConventionNamesRoundTrip) {
  EXPECT_EQ("legal_period", jishiban::to_string(DayConvention::legal_period));
  EXPECT_EQ("working_time", jishiban::to_string(DayConvention::working_time));
  EXPECT_EQ(DayConvention::legal_period, jishiban::parse_day_convention("legal_period"));
  EXPECT_EQ(DayConvention::working_time, jishiban::parse_day_convention("working_time"));
  EXPECT_FALSE(jishiban::parse_day_convention("legal-period").has_value());
}

}  // namespace

// --- Extreme amounts -----------------------------------------------------

namespace {

TEST(WorkingTimeLimits, MostNegativeAmountIsOutOfRange) {
  const auto error = capture_error([] {
    official().add_working_time(china_instant(2026, 3, 4, 10, 0), seconds(std::numeric_limits<std::int64_t>::min()));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

TEST(WorkingTimeLimits, MostPositiveAmountIsOutOfRange) {
  const auto error = capture_error([] {
    official().add_working_time(china_instant(2026, 3, 4, 10, 0), seconds(std::numeric_limits<std::int64_t>::max()));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

TEST(WorkingTimeLimits, HugeMinuteTargetIsOutOfRange) {
  const auto error = capture_error([] {
    official().deadline(china_instant(2026, 3, 4, 10, 0),
                        TargetSpec::working_minutes(std::numeric_limits<std::int64_t>::max()));
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

}  // namespace
