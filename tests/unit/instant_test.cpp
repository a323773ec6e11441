// Instant: compile-time contracts of its arithmetic, and conversions to and
// from std::chrono and civil time.
#include <gtest/gtest.h>

#include <chrono>
#include <type_traits>
#include <utility>

#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Instant;

// Detection idiom: the value is true when `A + B` (or `A - B`) compiles.
template <class A, class B, class = void>
struct is_addable : std::false_type {};
template <class A, class B>
struct is_addable<A, B, std::void_t<decltype(std::declval<A>() + std::declval<B>())>> : std::true_type {};

template <class A, class B, class = void>
struct is_subtractable : std::false_type {};
template <class A, class B>
struct is_subtractable<A, B, std::void_t<decltype(std::declval<A>() - std::declval<B>())>> : std::true_type {};

template <class A, class B, class = void>
struct is_comparable : std::false_type {};
template <class A, class B>
struct is_comparable<A, B, std::void_t<decltype(std::declval<A>() < std::declval<B>())>> : std::true_type {};

static_assert(!is_addable<Instant, Instant>::value, "the sum of two instants has no meaning");
static_assert(!is_addable<Instant, int>::value, "a bare number has no unit");
static_assert(!is_addable<int, Instant>::value, "a bare number has no unit");
static_assert(!is_addable<Instant, std::int64_t>::value, "a bare number has no unit");
static_assert(!is_subtractable<Instant, int>::value, "a bare number has no unit");
static_assert(!is_comparable<Instant, std::int64_t>::value, "an instant is not a number");
static_assert(std::is_same_v<decltype(std::declval<Instant>() - std::declval<Instant>()), std::chrono::seconds>,
              "the difference of two instants is a duration in seconds");
static_assert(std::is_same_v<decltype(std::declval<Instant>() + std::chrono::seconds(1)), Instant>,
              "an instant plus a duration is an instant");
static_assert(std::is_same_v<decltype(std::chrono::minutes(1) + std::declval<Instant>()), Instant>,
              "a duration plus an instant is an instant");
static_assert(std::is_same_v<decltype(std::declval<Instant>() - std::chrono::hours(1)), Instant>,
              "an instant minus a duration is an instant");
static_assert(!std::is_convertible_v<std::int64_t, Instant>, "instants are built explicitly");
static_assert(std::is_trivially_copyable_v<Instant>, "instants are passed by value");

// Constant evaluation of the arithmetic.
static_assert((Instant::from_unix_seconds(100) + std::chrono::minutes(1)).unix_seconds() == 160);
static_assert(Instant::from_unix_seconds(100) - Instant::from_unix_seconds(40) == std::chrono::seconds(60));
static_assert(Instant().unix_seconds() == 0);

TEST(Instant, ArithmeticWithDurations) {
  Instant instant = Instant::from_unix_seconds(1000);
  instant += std::chrono::minutes(2);
  instant -= std::chrono::seconds(20);

  EXPECT_EQ(1100, instant.unix_seconds());
  EXPECT_EQ(std::chrono::seconds(100).count(), (instant - Instant::from_unix_seconds(1000)).count());
}

TEST(Instant, FromTimePointFloorsToSeconds) {
  const auto time_point = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(1790740200999)));

  EXPECT_EQ(1790740200, Instant::from_time_point(time_point).unix_seconds());
}

TEST(Instant, FromTimePointFloorsBeforeEpoch) {
  const auto time_point = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(-1)));

  EXPECT_EQ(-1, Instant::from_time_point(time_point).unix_seconds());
}

TEST(Instant, TimePointRoundTrip) {
  const Instant instant = jishiban_test::china_instant(2026, 10, 8, 9, 20);

  EXPECT_EQ(instant, Instant::from_time_point(instant.to_time_point()));
}

TEST(CivilTime, ToCivilAtChinaOffset) {
  const jishiban::CivilTime civil =
      jishiban::to_civil(jishiban_test::china_instant(2026, 10, 8, 9, 20, 37), jishiban::UtcOffset::china());

  EXPECT_EQ(jishiban_test::date(2026, 10, 8), civil.date);
  EXPECT_EQ(jishiban::TimeOfDay(9, 20, 37), civil.time);
}

TEST(CivilTime, ToCivilBeforeEpoch) {
  const jishiban::CivilTime civil =
      jishiban::to_civil(Instant::from_unix_seconds(-1), jishiban::UtcOffset(std::chrono::minutes(0)));

  EXPECT_EQ(jishiban_test::date(1969, 12, 31), civil.date);
  EXPECT_EQ(jishiban::TimeOfDay(23, 59, 59), civil.time);
}

TEST(CivilTime, ToInstantMatchesReference) {
  const Instant instant =
      jishiban::to_instant(jishiban_test::date(2026, 2, 14), jishiban::TimeOfDay(8, 35), jishiban::UtcOffset::china());

  EXPECT_EQ(jishiban_test::china_instant(2026, 2, 14, 8, 35), instant);
}

}  // namespace
