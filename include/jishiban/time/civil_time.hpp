// Civil (wall-clock) time: dates, times of day and the fixed UTC offset that
// maps them to instants.
//
// Civil dates are boost::gregorian::date. The calendar's zone is a fixed
// offset because China has used UTC+08:00 all year since 1991, so there are no
// gaps or overlaps to resolve.
#ifndef JISHIBAN_TIME_CIVIL_TIME_HPP
#define JISHIBAN_TIME_CIVIL_TIME_HPP

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <chrono>
#include <cstdint>

#include "jishiban/time/instant.hpp"

namespace jishiban {

using Date = boost::gregorian::date;

// A fixed offset from UTC, in whole minutes east of Greenwich.
class UtcOffset {
 public:
  constexpr UtcOffset() noexcept = default;
  constexpr explicit UtcOffset(std::chrono::minutes east_of_utc) noexcept
      : minutes_(static_cast<std::int32_t>(east_of_utc.count())) {}

  // UTC+08:00, the zone of Asia/Shanghai.
  static constexpr UtcOffset china() noexcept { return UtcOffset(std::chrono::minutes(8 * 60)); }

  constexpr std::chrono::minutes minutes() const noexcept { return std::chrono::minutes(minutes_); }
  constexpr std::chrono::seconds seconds() const noexcept {
    return std::chrono::seconds(std::int64_t{minutes_} * 60);
  }

  friend constexpr bool operator==(UtcOffset a, UtcOffset b) noexcept { return a.minutes_ == b.minutes_; }
  friend constexpr bool operator!=(UtcOffset a, UtcOffset b) noexcept { return a.minutes_ != b.minutes_; }

 private:
  std::int32_t minutes_ = 0;
};

// A time of day as seconds since midnight, from 00:00:00 to 24:00:00
// inclusive. 24:00 exists only as the end of a working period; instants never
// carry it.
class TimeOfDay {
 public:
  static constexpr std::int32_t kSecondsPerDay = 86400;

  constexpr TimeOfDay() noexcept = default;

  // Precondition: 0 <= hours*3600 + minutes*60 + seconds <= 86400.
  constexpr TimeOfDay(int hours, int minutes, int seconds = 0) noexcept
      : seconds_(hours * 3600 + minutes * 60 + seconds) {}

  static constexpr TimeOfDay from_seconds(std::int32_t seconds_since_midnight) noexcept {
    TimeOfDay time;
    time.seconds_ = seconds_since_midnight;
    return time;
  }

  constexpr std::int32_t seconds_since_midnight() const noexcept { return seconds_; }
  constexpr int hours() const noexcept { return seconds_ / 3600; }
  constexpr int minutes() const noexcept { return seconds_ / 60 % 60; }
  constexpr int seconds() const noexcept { return seconds_ % 60; }

  friend constexpr bool operator==(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ == b.seconds_; }
  friend constexpr bool operator!=(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ != b.seconds_; }
  friend constexpr bool operator<(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ < b.seconds_; }
  friend constexpr bool operator<=(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ <= b.seconds_; }
  friend constexpr bool operator>(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ > b.seconds_; }
  friend constexpr bool operator>=(TimeOfDay a, TimeOfDay b) noexcept { return a.seconds_ >= b.seconds_; }

 private:
  std::int32_t seconds_ = 0;
};

// A civil date and time of day in some zone, as read from or written to text.
struct CivilTime {
  Date date;
  TimeOfDay time;
};

// Julian day number of 1970-01-01, the Unix epoch.
inline constexpr std::int64_t kUnixEpochJulianDay = 2440588;

// Days since 1970-01-01 of a civil date (negative before it).
// Precondition: date is a real date, not a Boost special value.
inline std::int64_t days_since_epoch(const Date& date) {
  return static_cast<std::int64_t>(date.day_number()) - kUnixEpochJulianDay;
}

// The civil date that is `days` days after 1970-01-01.
inline Date date_from_days_since_epoch(std::int64_t days) {
  return Date(1970, 1, 1) + boost::gregorian::date_duration(static_cast<long>(days));
}

// Converts an instant to the civil date and time of day at the given offset.
inline CivilTime to_civil(Instant instant, UtcOffset offset) {
  const std::int64_t local = instant.unix_seconds() + offset.seconds().count();
  std::int64_t days = local / TimeOfDay::kSecondsPerDay;
  std::int64_t second_of_day = local % TimeOfDay::kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += TimeOfDay::kSecondsPerDay;
    days -= 1;
  }
  return CivilTime{date_from_days_since_epoch(days),
                   TimeOfDay::from_seconds(static_cast<std::int32_t>(second_of_day))};
}

// Converts a civil date and time of day at the given offset to an instant.
inline Instant to_instant(const Date& date, TimeOfDay time, UtcOffset offset) {
  return Instant::from_unix_seconds(days_since_epoch(date) * TimeOfDay::kSecondsPerDay +
                                    time.seconds_since_midnight() - offset.seconds().count());
}

}  // namespace jishiban

#endif  // JISHIBAN_TIME_CIVIL_TIME_HPP
