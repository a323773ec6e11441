// Shared helpers of the unit tests: building instants and dates, locating
// the data file, capturing jishiban::Error, and printing library types in
// failure messages.
#ifndef JISHIBAN_TEST_TEST_SUPPORT_HPP
#define JISHIBAN_TEST_TEST_SUPPORT_HPP

#include <boost/date_time/gregorian/formatters.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"
#include "naive_calendar.hpp"

#ifndef JISHIBAN_TEST_DATA_DIR
#error "JISHIBAN_TEST_DATA_DIR must name the project's data directory"
#endif

namespace jishiban_test {

// Path of the official calendar data file in the source tree.
inline std::string official_data_path() {
  return std::string(JISHIBAN_TEST_DATA_DIR) + "/cn-official-calendar.json";
}

// An instant given as a civil date and time at UTC+08:00. Computed without
// the library so that tests do not depend on its conversions.
constexpr jishiban::Instant china_instant(int year, int month, int day, int hour = 0, int minute = 0,
                                          int second = 0) {
  return jishiban::Instant::from_unix_seconds(china_unix_seconds(year, month, day, hour, minute, second));
}

inline jishiban::Date date(int year, int month, int day) {
  return jishiban::Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                        static_cast<unsigned short>(day));
}

// The date of the day `days` days after 1970-01-01.
inline jishiban::Date date_from_day_index(std::int64_t days) {
  const CivilDate civil = civil_from_days(days);
  return date(civil.year, civil.month, civil.day);
}

// Formats an instant as YYYY-MM-DDTHH:MM:SS+08:00 without the library.
inline std::string format_china(std::int64_t unix_seconds) {
  const std::int64_t days = china_day_of(unix_seconds);
  const std::int64_t second_of_day = unix_seconds + kChinaOffsetSeconds - days * kSecondsPerDay;
  const CivilDate civil = civil_from_days(days);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", civil.year, civil.month, civil.day,
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60));
  return text;
}

// Runs `action` and returns the jishiban::Error it throws, or std::nullopt
// when it returns normally. Other exception types propagate, so GoogleTest
// reports them with their type.
template <class Action>
std::optional<jishiban::Error> capture_error(Action&& action) {
  try {
    action();
  } catch (const jishiban::Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace jishiban_test

// GoogleTest finds these printers by argument-dependent lookup.
namespace jishiban {

inline void PrintTo(Instant instant, std::ostream* out) {
  *out << jishiban_test::format_china(instant.unix_seconds()) << " (@" << instant.unix_seconds() << ")";
}

inline void PrintTo(TimeOfDay time, std::ostream* out) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", time.hours(), time.minutes(), time.seconds());
  *out << text;
}

inline void PrintTo(const WorkingPeriod& period, std::ostream* out) {
  PrintTo(period.start, out);
  *out << "-";
  PrintTo(period.end, out);
}

inline void PrintTo(const DaySchedule& schedule, std::ostream* out) {
  *out << "[";
  for (std::size_t index = 0; index < schedule.size(); ++index) {
    if (index > 0) {
      *out << ", ";
    }
    PrintTo(schedule[index], out);
  }
  *out << "]";
}

inline void PrintTo(ErrorCode code, std::ostream* out) { *out << error_code_name(code); }

inline void PrintTo(DayKind kind, std::ostream* out) { *out << to_string(kind); }

}  // namespace jishiban

namespace boost::gregorian {

inline void PrintTo(const date& value, std::ostream* out) { *out << to_iso_extended_string(value); }

}  // namespace boost::gregorian

#endif  // JISHIBAN_TEST_TEST_SUPPORT_HPP
