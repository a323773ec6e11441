// Working hours: the DaySchedule and Season types, and how hours per weekday,
// per season and per zone given in calendar JSON change the results.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/calendar/working_hours.hpp"
#include "naive_calendar.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarData;
using jishiban::DaySchedule;
using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban::TimeOfDay;
using jishiban::WorkingPeriod;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using jishiban_test::date;
using std::chrono::minutes;

constexpr const char* kSource = "hours.json";

// The official calendar with the working hours and zone of `json` on top.
Calendar calendar_with(const std::string& json) {
  CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::parse_calendar_data(json, kSource));
  return Calendar(data);
}

// --- DaySchedule ---------------------------------------------------------

TEST(DaySchedule, StandardHoursTotal450Minutes) {
  const DaySchedule schedule{{TimeOfDay(8, 30), TimeOfDay(12, 0)}, {TimeOfDay(13, 0), TimeOfDay(17, 0)}};

  EXPECT_EQ(minutes(450), schedule.total());
  EXPECT_EQ(2u, schedule.size());
  EXPECT_EQ(jishiban::WorkingHours::standard().regular.all_days, schedule);
}

TEST(DaySchedule, RejectsOverlappingPeriods) {
  const auto error = capture_error([] {
    DaySchedule schedule{{TimeOfDay(8, 30), TimeOfDay(12, 0)}, {TimeOfDay(11, 0), TimeOfDay(17, 0)}};
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(DaySchedule, RejectsUnsortedPeriods) {
  const auto error = capture_error([] {
    DaySchedule schedule{{TimeOfDay(13, 0), TimeOfDay(17, 0)}, {TimeOfDay(8, 30), TimeOfDay(12, 0)}};
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(DaySchedule, RejectsZeroLengthPeriod) {
  const auto error = capture_error([] { DaySchedule schedule{{TimeOfDay(8, 30), TimeOfDay(8, 30)}}; });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(DaySchedule, RejectsEmptyList) {
  const auto error = capture_error([] { DaySchedule schedule(std::initializer_list<WorkingPeriod>{}); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(DaySchedule, RejectsMoreThanMaxPeriods) {
  DaySchedule schedule;
  for (int hour = 0; hour < static_cast<int>(DaySchedule::kMaxPeriods); ++hour) {
    schedule.append({TimeOfDay(hour, 0), TimeOfDay(hour, 30)});
  }

  const auto error = capture_error([&] { schedule.append({TimeOfDay(20, 0), TimeOfDay(21, 0)}); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_EQ(DaySchedule::kMaxPeriods, schedule.size());
}

TEST(DaySchedule, AppendNamesBothPeriodsOnOverlap) {
  DaySchedule schedule;
  schedule.append({TimeOfDay(8, 30), TimeOfDay(12, 0)});

  const auto error = capture_error([&] { schedule.append({TimeOfDay(11, 15), TimeOfDay(17, 0)}); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("12:00"));
  EXPECT_THAT(error->what(), testing::HasSubstr("11:15"));
}

TEST(DaySchedule, AppendAcceptsAdjacentPeriod) {
  DaySchedule schedule;
  schedule.append({TimeOfDay(8, 30), TimeOfDay(12, 0)});
  schedule.append({TimeOfDay(12, 0), TimeOfDay(13, 0)});

  EXPECT_EQ(minutes(270), schedule.total());
}

// --- Season and WorkingHours ----------------------------------------------

jishiban::Season annual_season(int first_month, int first_day, int last_month, int last_day) {
  jishiban::Season season;
  season.name = "season";
  season.first_month = first_month;
  season.first_day = first_day;
  season.last_month = last_month;
  season.last_day = last_day;
  season.hours.all_days = DaySchedule{{TimeOfDay(9, 0), TimeOfDay(12, 0)}};
  return season;
}

TEST(Season, AnnualRangeIncludesBothEnds) {
  const jishiban::Season summer = annual_season(6, 1, 9, 30);

  EXPECT_FALSE(summer.contains(date(2026, 5, 31)));
  EXPECT_TRUE(summer.contains(date(2026, 6, 1)));
  EXPECT_TRUE(summer.contains(date(2031, 9, 30)));
  EXPECT_FALSE(summer.contains(date(2026, 10, 1)));
}

TEST(Season, AnnualRangeWrapsOverNewYear) {
  const jishiban::Season winter = annual_season(11, 1, 3, 31);

  EXPECT_TRUE(winter.contains(date(2026, 11, 1)));
  EXPECT_TRUE(winter.contains(date(2026, 12, 31)));
  EXPECT_TRUE(winter.contains(date(2027, 1, 1)));
  EXPECT_TRUE(winter.contains(date(2027, 3, 31)));
  EXPECT_FALSE(winter.contains(date(2027, 4, 1)));
  EXPECT_FALSE(winter.contains(date(2026, 10, 31)));
}

TEST(Season, FixedRangeAppliesOnlyInItsYear) {
  jishiban::Season expo = annual_season(0, 0, 0, 0);
  expo.first_date = date(2026, 6, 1);
  expo.last_date = date(2026, 6, 30);

  EXPECT_FALSE(expo.is_annual());
  EXPECT_TRUE(expo.contains(date(2026, 6, 15)));
  EXPECT_FALSE(expo.contains(date(2027, 6, 15)));
}

TEST(WorkingHours, FixedSeasonWinsOverAnnual) {
  jishiban::WorkingHours hours = jishiban::WorkingHours::standard();
  jishiban::Season summer = annual_season(6, 1, 9, 30);
  jishiban::Season expo = annual_season(0, 0, 0, 0);
  expo.first_date = date(2026, 7, 1);
  expo.last_date = date(2026, 7, 31);
  expo.hours.all_days = DaySchedule{{TimeOfDay(10, 0), TimeOfDay(11, 0)}};
  hours.seasons = {summer, expo};

  EXPECT_EQ(TimeOfDay(10, 0), hours.schedule_for(date(2026, 7, 15))[0].start);
  EXPECT_EQ(TimeOfDay(9, 0), hours.schedule_for(date(2026, 8, 15))[0].start);
  EXPECT_EQ(TimeOfDay(8, 30), hours.schedule_for(date(2026, 10, 15))[0].start);
}

TEST(WorkingHours, ValidateRejectsOverlappingAnnualSeasons) {
  jishiban::WorkingHours hours = jishiban::WorkingHours::standard();
  jishiban::Season summer = annual_season(6, 1, 9, 30);
  summer.name = "summer";
  jishiban::Season autumn = annual_season(9, 1, 11, 30);
  autumn.name = "autumn";
  hours.seasons = {summer, autumn};

  const auto error = capture_error([&] { hours.validate(); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_THAT(error->what(), testing::HasSubstr("summer"));
  EXPECT_THAT(error->what(), testing::HasSubstr("autumn"));
}

TEST(WorkingHours, StandardHasNoSeasons) {
  const jishiban::WorkingHours hours = jishiban::WorkingHours::standard();

  EXPECT_TRUE(hours.seasons.empty());
  EXPECT_EQ(minutes(450), hours.standard_day_length());
  EXPECT_EQ(hours.regular.all_days, hours.schedule_for(date(2026, 3, 7)));
}

// --- Hours from JSON change results --------------------------------------

constexpr const char* kShortFriday = R"({
  "years": [],
  "working_hours": { "weekdays": { "friday": ["08:30-12:00", "13:00-16:00"] } }
})";

TEST(CustomHours, ShortFridayMovesDeadlineToMonday) {
  const Calendar calendar = calendar_with(kShortFriday);

  // Friday 15:30-16:00 gives 30 minutes, Monday 08:30-09:00 the rest.
  EXPECT_EQ(china_instant(2026, 3, 9, 9, 0),
            calendar.add_working_time(china_instant(2026, 3, 6, 15, 30), minutes(60)).value);
}

TEST(CustomHours, DefaultFridayKeepsDeadlineOnFriday) {
  const Calendar calendar;

  EXPECT_EQ(china_instant(2026, 3, 6, 16, 30),
            calendar.add_working_time(china_instant(2026, 3, 6, 15, 30), minutes(60)).value);
}

TEST(CustomHours, ShortFridayPeriods) {
  const Calendar calendar = calendar_with(kShortFriday);

  const auto periods = calendar.working_periods(date(2026, 3, 6));

  ASSERT_EQ(2u, periods.value.size());
  EXPECT_EQ(TimeOfDay(16, 0), periods.value[1].end);
}

TEST(CustomHours, ShortFridayElapsedOverWeek) {
  const Calendar calendar = calendar_with(kShortFriday);

  const auto elapsed = calendar.elapsed_working_time(china_instant(2026, 3, 2), china_instant(2026, 3, 9));

  EXPECT_EQ((4 * 450 + 390) * 60, elapsed.value.count());
}

TEST(CustomHours, ShortFridayLeavesThursdayAlone) {
  const Calendar calendar = calendar_with(kShortFriday);

  EXPECT_EQ(china_instant(2026, 3, 5, 16, 30),
            calendar.add_working_time(china_instant(2026, 3, 5, 15, 30), minutes(60)).value);
}

TEST(CustomHours, MakeUpSaturdayUsesSaturdayHours) {
  const Calendar calendar = calendar_with(R"({
    "years": [], "working_hours": { "weekdays": { "saturday": ["09:00-12:00"] } }
  })");

  const auto periods = calendar.working_periods(date(2026, 2, 14));

  ASSERT_EQ(1u, periods.value.size());
  EXPECT_EQ(TimeOfDay(9, 0), periods.value[0].start);
  EXPECT_EQ(china_instant(2026, 2, 14, 9, 5),
            calendar.add_working_time(china_instant(2026, 2, 13, 16, 55), minutes(10)).value);
}

TEST(CustomHours, SaturdayHoursDoNotMakeRestDaysWork) {
  const Calendar calendar = calendar_with(R"({
    "years": [], "working_hours": { "weekdays": { "saturday": ["09:00-12:00"] } }
  })");

  EXPECT_TRUE(calendar.working_periods(date(2026, 3, 7)).value.empty());
}

constexpr const char* kSummerSeason = R"({
  "years": [],
  "working_hours": {
    "seasons": [ { "name": "summer", "from": "06-01", "to": "09-30",
                   "default": ["08:30-12:00", "13:30-17:30"] } ]
  }
})";

TEST(CustomHours, SummerSeasonShiftsAfternoon) {
  const Calendar calendar = calendar_with(kSummerSeason);

  EXPECT_EQ(china_instant(2026, 7, 1, 13, 40),
            calendar.add_working_time(china_instant(2026, 7, 1, 13, 0), minutes(10)).value);
}

TEST(CustomHours, OutsideSummerSeasonUsesRegularHours) {
  const Calendar calendar = calendar_with(kSummerSeason);

  EXPECT_EQ(china_instant(2026, 5, 6, 13, 10),
            calendar.add_working_time(china_instant(2026, 5, 6, 13, 0), minutes(10)).value);
}

TEST(CustomHours, SummerSeasonBoundaries) {
  const Calendar calendar = calendar_with(kSummerSeason);

  EXPECT_EQ(TimeOfDay(13, 0), calendar.working_periods(date(2026, 5, 29)).value[1].start);
  EXPECT_EQ(TimeOfDay(13, 30), calendar.working_periods(date(2026, 6, 1)).value[1].start);
  EXPECT_EQ(TimeOfDay(13, 30), calendar.working_periods(date(2026, 9, 30)).value[1].start);
  EXPECT_EQ(TimeOfDay(13, 0), calendar.working_periods(date(2026, 10, 8)).value[1].start);
}

TEST(CustomHours, SummerSeasonCarriesAcrossClose) {
  const Calendar calendar = calendar_with(kSummerSeason);

  // 2026-07-01 17:20 to 17:30 is working time in summer, then Thursday 08:30.
  EXPECT_EQ(china_instant(2026, 7, 2, 8, 40),
            calendar.add_working_time(china_instant(2026, 7, 1, 17, 20), minutes(20)).value);
}

TEST(CustomHours, FixedSeasonWinsOverAnnualInCalendar) {
  const Calendar calendar = calendar_with(R"({
    "years": [],
    "working_hours": {
      "seasons": [
        { "name": "summer", "from": "06-01", "to": "09-30", "default": ["08:30-12:00", "13:30-17:30"] },
        { "name": "audit", "from": "2026-07-01", "to": "2026-07-31", "default": ["09:00-12:00", "13:00-18:00"] }
      ]
    }
  })");

  EXPECT_EQ(TimeOfDay(9, 0), calendar.working_periods(date(2026, 7, 15)).value[0].start);
  EXPECT_EQ(TimeOfDay(13, 30), calendar.working_periods(date(2026, 8, 3)).value[1].start);
}

TEST(CustomHours, LongerDayChangesWorkingTimeDayLength) {
  const Calendar calendar = calendar_with(R"({
    "years": [], "working_hours": { "default": ["08:00-12:00", "13:00-17:00"] }
  })");

  EXPECT_EQ(minutes(480), calendar.working_hours().standard_day_length());
  EXPECT_EQ(china_instant(2026, 3, 3, 10, 0),
            calendar.add_working_days(china_instant(2026, 3, 2, 10, 0), 1, jishiban::DayConvention::working_time)
                .value);
}

TEST(CustomHours, LegalPeriodEndsAtCustomClose) {
  const Calendar calendar = calendar_with(kShortFriday);

  EXPECT_EQ(china_instant(2026, 3, 6, 16, 0),
            calendar.add_working_days(china_instant(2026, 3, 5, 10, 0), 1, jishiban::DayConvention::legal_period)
                .value);
}

TEST(CustomHours, ZoneFromJsonShiftsPeriods) {
  const Calendar calendar = calendar_with(R"({"years": [], "utc_offset": "+09:00"})");

  // 08:30 at +09:00 is 07:30 at +08:00.
  EXPECT_EQ(jishiban::UtcOffset(minutes(540)), calendar.utc_offset());
  EXPECT_EQ(china_instant(2026, 3, 4, 8, 30),
            calendar.add_working_time(china_instant(2026, 3, 4, 7, 30), minutes(60)).value);
}

TEST(CustomHours, EveningPeriodEndingAtMidnight) {
  const Calendar calendar = calendar_with(R"({
    "years": [], "working_hours": { "default": ["08:30-12:00", "20:00-24:00"] }
  })");

  // 23:30-24:00 then the next working day's 08:30.
  EXPECT_EQ(china_instant(2026, 3, 5, 8, 40),
            calendar.add_working_time(china_instant(2026, 3, 4, 23, 30), minutes(40)).value);
  EXPECT_EQ(china_instant(2026, 3, 5, 0, 0),
            calendar.add_working_time(china_instant(2026, 3, 4, 23, 30), minutes(30)).value);
}

// Random cases on an all-week schedule of 08:30-12:00 and 13:00-16:00
// against the naive reference configured the same way.
TEST(CustomHours, ShortAfternoonMatchesNaiveReference) {
  const Calendar calendar = calendar_with(R"({
    "years": [], "working_hours": { "default": ["08:30-12:00", "13:00-16:00"] }
  })");
  const jishiban_test::NaiveCalendar naive(jishiban_test::official_data_path(), {{510, 720}, {780, 960}});
  std::mt19937_64 random(20260930);
  std::uniform_int_distribution<std::int64_t> minute_of_span(0, (china_instant(2026, 11, 1).unix_seconds() -
                                                                 china_instant(2004, 3, 1).unix_seconds()) /
                                                                    60);
  std::uniform_int_distribution<std::int64_t> amount(-1200, 1200);

  for (int i = 0; i < 3000; ++i) {
    const std::int64_t start = china_instant(2004, 3, 1).unix_seconds() + 60 * minute_of_span(random);
    const std::int64_t minutes_to_add = amount(random);
    const Instant due =
        calendar.add_working_time(Instant::from_unix_seconds(start), minutes(minutes_to_add)).value;
    ASSERT_EQ(Instant::from_unix_seconds(naive.add_minutes(start, minutes_to_add)), due)
        << "start " << jishiban_test::format_china(start) << ", " << minutes_to_add << " minutes";
  }
}

}  // namespace
