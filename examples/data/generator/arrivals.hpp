// When the requests of a year arrive: how many on each day, and at what
// instants.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_ARRIVALS_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_ARRIVALS_HPP

#include <cstdint>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace stream_generator {

// Spreads `requests` arrivals over the days of `year`: working days get the
// most, Mondays more than Fridays, make-up working days a little fewer, and
// rest days and holidays a few, mostly e-mail and WeChat messages. Each day's
// count is the difference of the rounded running totals, so the counts add
// up to `requests` exactly.
class ArrivalSchedule {
 public:
  ArrivalSchedule(const jishiban::Calendar& calendar, int year, std::int64_t requests, std::uint64_t seed);

  // The number of days of the year.
  int days() const noexcept { return static_cast<int>(weights_.size()); }

  jishiban::Date date(int day) const;

  // The arrivals of day `day` (0 is January 1), sorted. On a working day
  // 86% fall in working hours and the rest between 07:00 and 22:30. On
  // other days they fall between 08:00 and 22:00.
  std::vector<jishiban::Instant> arrivals(int day) const;

 private:
  const jishiban::Calendar& calendar_;
  int year_;
  std::int64_t requests_;
  std::uint64_t seed_;
  std::vector<std::int64_t> weights_;
  std::vector<std::int64_t> running_totals_;  // sum of the weights of days 0 to d
};

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_ARRIVALS_HPP
