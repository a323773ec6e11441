#include "arrivals.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "random.hpp"

namespace stream_generator {
namespace {

// Domain of Random::stream for the arrival times of each day.
constexpr std::uint64_t kArrivalDomain = 1;

constexpr std::int32_t kHour = 3600;

// Relative arrival weight of a day.
std::int64_t day_weight(const jishiban::Calendar& calendar, const jishiban::Date& date) {
  const jishiban::DayInfo info = calendar.day_info(date);
  switch (info.kind) {
    case jishiban::DayKind::working_day:
      switch (date.day_of_week().as_number()) {
        case 1:
          return 118;  // Monday: the weekend's matters
        case 2:
          return 110;
        case 3:
          return 105;
        case 4:
          return 100;
        default:
          return 92;
      }
    case jishiban::DayKind::make_up_working_day:
      return 85;
    case jishiban::DayKind::rest_day:
      return 10;
    case jishiban::DayKind::holiday:
      return 6;
  }
  return 0;
}

// Half-open ranges of seconds since midnight.
using Ranges = std::vector<std::pair<std::int32_t, std::int32_t>>;

// A uniform second of the union of `ranges`. Precondition: not empty.
std::int32_t uniform_second(Random& random, const Ranges& ranges) {
  std::int64_t total = 0;
  for (const auto& [begin, end] : ranges) {
    total += end - begin;
  }
  std::int64_t offset = static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(total)));
  for (const auto& [begin, end] : ranges) {
    if (offset < end - begin) {
      return begin + static_cast<std::int32_t>(offset);
    }
    offset -= end - begin;
  }
  return ranges.back().second - 1;
}

}  // namespace

ArrivalSchedule::ArrivalSchedule(const jishiban::Calendar& calendar, int year, std::int64_t requests,
                                 std::uint64_t seed)
    : calendar_(calendar), year_(year), requests_(requests), seed_(seed) {
  const jishiban::Date first(static_cast<unsigned short>(year), 1, 1);
  const jishiban::Date last(static_cast<unsigned short>(year), 12, 31);
  std::int64_t total = 0;
  for (jishiban::Date date = first; date <= last; date += boost::gregorian::date_duration(1)) {
    const std::int64_t weight = day_weight(calendar, date);
    weights_.push_back(weight);
    total += weight;
    running_totals_.push_back(total);
  }
}

jishiban::Date ArrivalSchedule::date(int day) const {
  return jishiban::Date(static_cast<unsigned short>(year_), 1, 1) + boost::gregorian::date_duration(day);
}

std::vector<jishiban::Instant> ArrivalSchedule::arrivals(int day) const {
  const auto index = static_cast<std::size_t>(day);
  const std::int64_t total = running_totals_.back();
  const std::int64_t before = index == 0 ? 0 : requests_ * running_totals_[index - 1] / total;
  const std::int64_t count = requests_ * running_totals_[index] / total - before;

  const jishiban::Date today = date(day);
  const jishiban::DaySchedule periods = calendar_.working_periods(today).value;
  Ranges working;
  Ranges outside;
  std::int32_t cursor = 7 * kHour;
  for (const jishiban::WorkingPeriod& period : periods) {
    const std::int32_t begin = period.start.seconds_since_midnight();
    const std::int32_t end = period.end.seconds_since_midnight();
    working.emplace_back(begin, end);
    if (begin > cursor) {
      outside.emplace_back(cursor, begin);
    }
    cursor = std::max(cursor, end);
  }
  const std::int32_t evening_end = 22 * kHour + 30 * 60;
  if (cursor < evening_end) {
    outside.emplace_back(cursor, evening_end);
  }
  const Ranges rest_day = {{8 * kHour, 22 * kHour}};

  Random random = Random::stream(seed_, kArrivalDomain, static_cast<std::uint64_t>(day));
  std::vector<std::int32_t> seconds;
  seconds.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    if (working.empty()) {
      seconds.push_back(uniform_second(random, rest_day));
    } else if (random.chance(860) || outside.empty()) {
      seconds.push_back(uniform_second(random, working));
    } else {
      seconds.push_back(uniform_second(random, outside));
    }
  }
  std::sort(seconds.begin(), seconds.end());

  std::vector<jishiban::Instant> instants;
  instants.reserve(seconds.size());
  for (const std::int32_t second : seconds) {
    instants.push_back(
        jishiban::to_instant(today, jishiban::TimeOfDay::from_seconds(second), calendar_.utc_offset()));
  }
  return instants;
}

}  // namespace stream_generator
