// The batch forms of add_working_time and elapsed_working_time return what
// the single-call forms return, element by element.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarOptions;
using jishiban::CoveragePolicy;
using jishiban::Instant;
using jishiban_test::china_instant;
using std::chrono::seconds;

// Random instants between `first` and `last`, half of them on the minute grid.
std::vector<Instant> random_instants(std::size_t count, Instant first, Instant last, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::int64_t> offset(0, (last - first).count());
  std::vector<Instant> instants;
  instants.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::int64_t seconds_after_first = offset(random);
    if (i % 2 == 0) {
      seconds_after_first -= seconds_after_first % 60;
    }
    instants.push_back(first + seconds(seconds_after_first));
  }
  return instants;
}

TEST(BatchAdd, EqualsSingleCalls) {
  const Calendar calendar;
  const std::vector<Instant> starts =
      random_instants(5000, china_instant(2004, 3, 1), china_instant(2026, 11, 30), 1);

  for (const std::int64_t amount : {0, 1, 59, 450 * 60, 3 * 450 * 60 + 17, -1, -90 * 60, -10 * 450 * 60}) {
    std::vector<Instant> out(starts.size());
    const bool any_provisional = calendar.add_working_time(starts.data(), starts.size(), seconds(amount), out.data());
    EXPECT_FALSE(any_provisional) << "amount " << amount;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      ASSERT_EQ(calendar.add_working_time(starts[i], seconds(amount)).value, out[i])
          << "element " << i << ", amount " << amount;
    }
  }
}

TEST(BatchAdd, OutputMayAliasInput) {
  const Calendar calendar;
  const std::vector<Instant> starts =
      random_instants(1000, china_instant(2004, 3, 1), china_instant(2026, 11, 30), 2);
  std::vector<Instant> in_place = starts;

  calendar.add_working_time(in_place.data(), in_place.size(), seconds(600), in_place.data());

  for (std::size_t i = 0; i < starts.size(); ++i) {
    ASSERT_EQ(calendar.add_working_time(starts[i], seconds(600)).value, in_place[i]) << "element " << i;
  }
}

TEST(BatchAdd, ReportsProvisionalElement) {
  const Calendar calendar(CalendarOptions{CoveragePolicy::provisional, 4});
  std::vector<Instant> starts = {china_instant(2026, 3, 4, 10, 0), china_instant(2026, 12, 31, 16, 0)};
  std::vector<Instant> out(starts.size());

  const bool any_provisional = calendar.add_working_time(starts.data(), starts.size(), seconds(7200), out.data());

  EXPECT_TRUE(any_provisional);
  EXPECT_EQ(china_instant(2026, 3, 4, 12, 0), out[0]);
  EXPECT_EQ(china_instant(2027, 1, 1, 9, 30), out[1]);
}

TEST(BatchAdd, StrictThrowsForUncoveredElement) {
  const Calendar calendar;
  std::vector<Instant> starts = {china_instant(2026, 3, 4, 10, 0), china_instant(2026, 12, 31, 16, 0)};
  std::vector<Instant> out(starts.size());

  const auto error = jishiban_test::capture_error(
      [&] { calendar.add_working_time(starts.data(), starts.size(), seconds(7200), out.data()); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(jishiban::ErrorCode::calendar_not_covered, error->code());
}

TEST(BatchAdd, EmptyBatchReturnsFalse) {
  const Calendar calendar;

  EXPECT_FALSE(calendar.add_working_time(nullptr, 0, seconds(60), nullptr));
}

TEST(BatchElapsed, EqualsSingleCalls) {
  const Calendar calendar;
  const std::vector<Instant> from = random_instants(20000, china_instant(2004, 1, 1), china_instant(2026, 12, 31), 3);
  const std::vector<Instant> to = random_instants(20000, china_instant(2004, 1, 1), china_instant(2026, 12, 31), 4);
  std::vector<seconds> out(from.size());

  const bool any_provisional = calendar.elapsed_working_time(from.data(), to.data(), from.size(), out.data());

  EXPECT_FALSE(any_provisional);
  for (std::size_t i = 0; i < from.size(); ++i) {
    ASSERT_EQ(calendar.elapsed_working_time(from[i], to[i]).value.count(), out[i].count()) << "element " << i;
  }
}

TEST(BatchElapsed, ReportsProvisionalElement) {
  const Calendar calendar(CalendarOptions{CoveragePolicy::provisional, 4});
  const std::vector<Instant> from = {china_instant(2026, 3, 4, 10, 0), china_instant(2026, 12, 31, 16, 0)};
  const std::vector<Instant> to = {china_instant(2026, 3, 4, 11, 0), china_instant(2027, 1, 4, 9, 0)};
  std::vector<seconds> out(from.size());

  const bool any_provisional = calendar.elapsed_working_time(from.data(), to.data(), from.size(), out.data());

  EXPECT_TRUE(any_provisional);
  EXPECT_EQ(3600, out[0].count());
  EXPECT_EQ(540 * 60, out[1].count());
}

}  // namespace
