// Property tests: the library against the naive minute-by-minute reference
// over random cases with fixed seeds. Starts lie on the minute grid between
// 2004-03-01 and 2026-12-31, half of them within three days of a listed
// holiday or make-up working day and half of them within two minutes of a
// period boundary. Amounts are mostly 0 to 3 working days (1350 minutes),
// some up to 20 days and some negative.
//
// The calendar uses the provisional policy so that results running into 2027
// follow the weekly pattern, as the reference does, and carry the flag.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/calendar/working_hours.hpp"
#include "naive_calendar.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarOptions;
using jishiban::CoveragePolicy;
using jishiban::Instant;
using jishiban_test::china_instant;
using jishiban_test::days_from_civil;
using jishiban_test::format_china;
using jishiban_test::NaiveCalendar;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kCaseCount = 100000;
constexpr std::int64_t kFirstStartDay = days_from_civil(2004, 3, 1);
constexpr std::int64_t kLastStartDay = days_from_civil(2026, 12, 31);
constexpr std::int64_t kFirstUncoveredSecond = china_instant(2027, 1, 1).unix_seconds();
// The first working period of an uncovered day starts at 08:30.
constexpr std::int64_t kFirstUncoveredWorkingSecond = china_instant(2027, 1, 1, 8, 30).unix_seconds();

const Calendar& calendar() {
  static const Calendar instance(CalendarOptions{CoveragePolicy::provisional, 4});
  return instance;
}

const NaiveCalendar& naive() {
  static const NaiveCalendar instance(jishiban_test::official_data_path());
  return instance;
}

struct Case {
  std::int64_t start = 0;    // Unix seconds on the minute grid
  std::int64_t minutes = 0;  // working minutes to add
};

class CaseGenerator {
 public:
  explicit CaseGenerator(std::uint64_t seed) : random_(seed) {
    for (const std::int64_t day : naive().listed_days()) {
      if (day >= kFirstStartDay + 3 && day <= kLastStartDay - 3) {
        listed_days_.push_back(day);
      }
    }
  }

  Case next() {
    Case generated;
    generated.start = next_start();
    generated.minutes = next_amount();
    return generated;
  }

  std::int64_t next_start() {
    std::int64_t day = 0;
    if (coin()) {
      day = uniform(kFirstStartDay, kLastStartDay);
    } else {
      day = listed_days_[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(listed_days_.size()) - 1))] +
            uniform(-3, 3);
    }

    static constexpr std::int64_t kBoundaries[] = {8 * 60 + 30, 12 * 60, 13 * 60, 17 * 60};
    std::int64_t minute_of_day = 0;
    if (coin()) {
      minute_of_day = uniform(0, 24 * 60 - 1);
    } else {
      minute_of_day = kBoundaries[uniform(0, 3)] + uniform(-2, 2);
    }
    return (day * 1440 + minute_of_day) * 60 - jishiban_test::kChinaOffsetSeconds;
  }

  std::int64_t next_amount() {
    const std::int64_t kind = uniform(0, 9);
    if (kind < 8) {
      return uniform(0, 3 * 450);
    }
    if (kind == 8) {
      return uniform(3 * 450 + 1, 20 * 450);
    }
    return uniform(-3 * 450, -1);
  }

  std::int64_t uniform(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  }

  bool coin() { return uniform(0, 1) == 1; }

 private:
  std::mt19937_64 random_;
  std::vector<std::int64_t> listed_days_;
};

std::string describe(std::int64_t start, std::int64_t amount) {
  return "start " + format_china(start) + ", " + std::to_string(amount) + " minutes";
}

std::string format_day(std::int64_t days) {
  return boost::gregorian::to_iso_extended_string(jishiban_test::date_from_day_index(days));
}

Instant instant(std::int64_t unix_seconds) { return Instant::from_unix_seconds(unix_seconds); }

TEST(WorkingTimeProperty, AddMatchesNaiveReference) {
  CaseGenerator generator(0x6a69736869626131);

  for (int i = 0; i < kCaseCount; ++i) {
    const Case test_case = generator.next();
    const std::int64_t expected = naive().add_minutes(test_case.start, test_case.minutes);

    const auto due = calendar().add_working_time(instant(test_case.start), minutes(test_case.minutes));

    ASSERT_EQ(instant(expected), due.value) << describe(test_case.start, test_case.minutes);
    if (std::max(test_case.start, expected) < kFirstUncoveredSecond) {
      ASSERT_FALSE(due.provisional) << describe(test_case.start, test_case.minutes);
    }
    if (std::max(test_case.start, expected) > kFirstUncoveredWorkingSecond) {
      ASSERT_TRUE(due.provisional) << describe(test_case.start, test_case.minutes);
    }
  }
}

TEST(WorkingTimeProperty, ElapsedMatchesNaiveReference) {
  CaseGenerator generator(0x6a69736869626132);

  for (int i = 0; i < kCaseCount; ++i) {
    const std::int64_t from = generator.next_start();
    const std::int64_t to = from + 60 * generator.uniform(-10 * 1440, 10 * 1440);
    const std::int64_t expected = naive().elapsed_minutes(from, to);

    const auto elapsed = calendar().elapsed_working_time(instant(from), instant(to));

    ASSERT_EQ(expected * 60, elapsed.value.count()) << "from " << format_china(from) << " to " << format_china(to);
    if (std::max(from, to) < kFirstUncoveredSecond) {
      ASSERT_FALSE(elapsed.provisional) << "from " << format_china(from) << " to " << format_china(to);
    }
    if (std::max(from, to) > kFirstUncoveredWorkingSecond) {
      ASSERT_TRUE(elapsed.provisional) << "from " << format_china(from) << " to " << format_china(to);
    }
  }
}

TEST(WorkingTimeProperty, ElapsedInvertsAdd) {
  CaseGenerator generator(0x6a69736869626133);

  for (int i = 0; i < kCaseCount; ++i) {
    const Case test_case = generator.next();

    const Instant due = calendar().add_working_time(instant(test_case.start), minutes(test_case.minutes)).value;
    const auto elapsed = calendar().elapsed_working_time(instant(test_case.start), due);

    ASSERT_EQ(test_case.minutes * 60, elapsed.value.count()) << describe(test_case.start, test_case.minutes);
  }
}

// add(t, elapsed(t, u)) returns u when u is reachable: for u after t the
// minute before u is working time (else add stops at the earlier close), and
// for u before t the minute starting at u is working time.
TEST(WorkingTimeProperty, AddInvertsElapsedAtReachableInstants) {
  CaseGenerator generator(0x6a69736869626134);
  int checked = 0;

  for (int i = 0; i < kCaseCount; ++i) {
    const std::int64_t from = generator.next_start();
    const std::int64_t to = from + 60 * generator.uniform(-5 * 1440, 5 * 1440);
    const bool reachable = (to > from && naive().is_working_minute(to - 60)) ||
                           (to < from && naive().is_working_minute(to)) || to == from;
    if (!reachable) {
      continue;
    }
    ++checked;

    const seconds elapsed = calendar().elapsed_working_time(instant(from), instant(to)).value;
    const Instant back = calendar().add_working_time(instant(from), elapsed).value;

    ASSERT_EQ(instant(to), back) << "from " << format_china(from) << " to " << format_china(to);
  }
  EXPECT_LT(kCaseCount / 10, checked);
}

TEST(WorkingTimeProperty, AddIsMonotonicInAmount) {
  CaseGenerator generator(0x6a69736869626135);

  for (int i = 0; i < kCaseCount; ++i) {
    const Case test_case = generator.next();
    const std::int64_t larger = test_case.minutes + generator.uniform(1, 100);

    const Instant due = calendar().add_working_time(instant(test_case.start), minutes(test_case.minutes)).value;
    const Instant later_due = calendar().add_working_time(instant(test_case.start), minutes(larger)).value;

    ASSERT_LT(due, later_due) << describe(test_case.start, test_case.minutes) << " and " << larger;
    if (test_case.minutes >= 0) {
      ASSERT_LE(instant(test_case.start), due) << describe(test_case.start, test_case.minutes);
    } else {
      ASSERT_GT(instant(test_case.start), due) << describe(test_case.start, test_case.minutes);
    }
  }
}

TEST(WorkingTimeProperty, NextWorkingInstantMatchesNaiveReference) {
  CaseGenerator generator(0x6a69736869626136);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const std::int64_t start = generator.next_start();
    std::int64_t expected = start;
    while (!naive().is_working_minute(expected)) {
      expected += 60;
    }

    ASSERT_EQ(instant(expected), calendar().next_working_instant(instant(start)).value)
        << "start " << format_china(start);
  }
}

// Instants off the minute grid, compared with a second-by-second walk over
// spans of at most a few hours of working time.
TEST(WorkingTimeProperty, SecondsMatchNaiveReference) {
  CaseGenerator generator(0x6a69736869626137);

  for (int i = 0; i < 3000; ++i) {
    const std::int64_t start = generator.uniform(kFirstStartDay, kLastStartDay) * jishiban_test::kSecondsPerDay -
                               jishiban_test::kChinaOffsetSeconds + generator.uniform(0, 86399);
    const std::int64_t amount = generator.uniform(-4 * 3600, 4 * 3600);
    const std::int64_t to = start + generator.uniform(-86400, 86400);

    const Instant due = calendar().add_working_time(instant(start), seconds(amount)).value;
    const seconds elapsed = calendar().elapsed_working_time(instant(start), instant(to)).value;
    const seconds reversed = calendar().elapsed_working_time(instant(to), instant(start)).value;

    ASSERT_EQ(instant(naive().add_seconds(start, amount)), due)
        << "start " << format_china(start) << ", " << amount << " seconds";
    ASSERT_EQ(naive().elapsed_seconds(start, to), elapsed.count())
        << "from " << format_china(start) << " to " << format_china(to);
    ASSERT_EQ(-elapsed.count(), reversed.count()) << "from " << format_china(start) << " to " << format_china(to);
    ASSERT_EQ(amount, calendar().elapsed_working_time(instant(start), due).value.count())
        << "start " << format_china(start) << ", " << amount << " seconds";
  }
}

TEST(WorkingDaysProperty, LegalPeriodMatchesNaiveReference) {
  CaseGenerator generator(0x6a69736869626138);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const std::int64_t start = generator.next_start();
    const int days = static_cast<int>(generator.uniform(1, 30));
    std::int64_t day = jishiban_test::china_day_of(start);
    for (int found = 0; found < days;) {
      ++day;
      if (naive().is_working_day_index(day)) {
        ++found;
      }
    }
    const std::int64_t expected = day * jishiban_test::kSecondsPerDay + 17 * 3600 - jishiban_test::kChinaOffsetSeconds;

    const auto due = calendar().add_working_days(instant(start), days, jishiban::DayConvention::legal_period);

    ASSERT_EQ(instant(expected), due.value) << "start " << format_china(start) << ", " << days << " days";
  }
}

TEST(WorkingDaysProperty, WorkingTimeDaysEqualMinutes) {
  CaseGenerator generator(0x6a69736869626139);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const std::int64_t start = generator.next_start();
    const int days = static_cast<int>(generator.uniform(-3, 10));

    const auto due = calendar().add_working_days(instant(start), days, jishiban::DayConvention::working_time);

    ASSERT_EQ(instant(naive().add_minutes(start, days * 450)), due.value)
        << "start " << format_china(start) << ", " << days << " days";
  }
}

TEST(WorkingDaysProperty, AddWorkingDaysMatchesNaiveReference) {
  CaseGenerator generator(0x6a6973686962613a);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const std::int64_t start_day = jishiban_test::china_day_of(generator.next_start());
    const int days = static_cast<int>(generator.uniform(-40, 40));
    std::int64_t expected = start_day;
    const int step = days < 0 ? -1 : 1;
    for (int found = 0; found != days;) {
      expected += step;
      if (naive().is_working_day_index(expected)) {
        found += step;
      }
    }

    const auto result = calendar().add_working_days(jishiban_test::date_from_day_index(start_day), days);

    ASSERT_EQ(jishiban_test::date_from_day_index(expected), result.value)
        << "start " << format_day(start_day) << ", " << days << " days";
  }
}

TEST(WorkingDaysProperty, WorkingDaysBetweenMatchesNaiveReference) {
  CaseGenerator generator(0x6a6973686962613b);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const std::int64_t begin = jishiban_test::china_day_of(generator.next_start());
    const std::int64_t end = begin + generator.uniform(-60, 60);
    int expected = 0;
    for (std::int64_t day = begin; day < end; ++day) {
      expected += naive().is_working_day_index(day) ? 1 : 0;
    }
    for (std::int64_t day = end + 1; day <= begin; ++day) {
      expected -= naive().is_working_day_index(day) ? 1 : 0;
    }

    const auto count = calendar().working_days_between(jishiban_test::date_from_day_index(begin),
                                                       jishiban_test::date_from_day_index(end));

    ASSERT_EQ(expected, count.value) << "begin " << format_day(begin) << ", end " << format_day(end);
  }
}

// --- Working hours other than the default --------------------------------
//
// Days of more than two periods, and days much shorter than the others, take
// the library's general path: periods read from the schedule table, and
// bucket lookups that may step over several days.

using jishiban::DaySchedule;
using jishiban::TimeOfDay;
using jishiban::WorkingHours;
using jishiban::WorkingPeriod;

WorkingPeriod period_of(int start_minute, int end_minute) {
  return WorkingPeriod{TimeOfDay(start_minute / 60, start_minute % 60), TimeOfDay(end_minute / 60, end_minute % 60)};
}

DaySchedule schedule_of(const std::vector<NaiveCalendar::MinutePeriod>& periods) {
  DaySchedule schedule;
  for (const auto& [start, end] : periods) {
    schedule.append(period_of(start, end));
  }
  return schedule;
}

// Checks add and elapsed of `custom` against `reference` over random cases.
void expect_custom_hours_match(const Calendar& custom, const NaiveCalendar& reference, std::uint64_t seed) {
  CaseGenerator generator(seed);

  for (int i = 0; i < kCaseCount / 5; ++i) {
    const Case test_case = generator.next();
    const std::int64_t expected = reference.add_minutes(test_case.start, test_case.minutes);

    const auto due = custom.add_working_time(instant(test_case.start), minutes(test_case.minutes));
    ASSERT_EQ(instant(expected), due.value) << describe(test_case.start, test_case.minutes);

    const auto elapsed = custom.elapsed_working_time(instant(test_case.start), due.value);
    ASSERT_EQ(minutes(test_case.minutes), elapsed.value) << describe(test_case.start, test_case.minutes);

    // Within a few days of the start, because the reference walks every minute.
    const std::int64_t other = test_case.start + generator.uniform(-5 * 1440, 5 * 1440) * 60;
    ASSERT_EQ(minutes(reference.elapsed_minutes(test_case.start, other)),
              custom.elapsed_working_time(instant(test_case.start), instant(other)).value)
        << "from " << format_china(test_case.start) << " to " << format_china(other);
  }
}

TEST(CustomHoursProperty, ThreePeriodDayMatchesNaiveReference) {
  const std::vector<NaiveCalendar::MinutePeriod> periods = {{8 * 60, 10 * 60}, {10 * 60 + 30, 12 * 60}, {14 * 60, 17 * 60 + 30}};
  jishiban::CalendarData data = jishiban::official_calendar_data();
  data.working_hours = WorkingHours::standard();
  data.working_hours->regular.all_days = schedule_of(periods);
  const Calendar custom(data, CalendarOptions{CoveragePolicy::provisional, 4});
  const NaiveCalendar reference(jishiban_test::official_data_path(), periods);

  expect_custom_hours_match(custom, reference, 0x6a69736869626140);
}

TEST(CustomHoursProperty, ShortMakeUpSaturdayMatchesNaiveReference) {
  // A one-hour Saturday is far shorter than the average day, so the bucket
  // index cannot guarantee single-step lookups.
  const std::vector<NaiveCalendar::MinutePeriod> saturday = {{8 * 60 + 30, 9 * 60 + 30}};
  jishiban::CalendarData data = jishiban::official_calendar_data();
  data.working_hours = WorkingHours::standard();
  data.working_hours->regular.by_weekday[6] = schedule_of(saturday);
  const Calendar custom(data, CalendarOptions{CoveragePolicy::provisional, 4});
  NaiveCalendar reference(jishiban_test::official_data_path());
  reference.set_weekday_periods(6, saturday);

  expect_custom_hours_match(custom, reference, 0x6a69736869626141);
}

}  // namespace
