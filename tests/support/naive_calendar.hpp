// A deliberately naive reference calendar for tests.
//
// It reads the calendar JSON file with nlohmann/json directly, not through the
// library, and answers working-time questions by walking minute by minute (or
// second by second) over a per-day table of working days. It shares no code
// with the library, so agreement between the two is evidence that both are
// right.
//
// Conventions match include/jishiban/calendar/calendar.hpp: working time is
// the union of the periods [08:30, 12:00) and [13:00, 17:00) at UTC+08:00 on
// working days. A working day is Monday to Friday, minus the listed holidays,
// plus the listed make-up working days. Days of years that the file does not
// list under "years" follow the weekly pattern only.
#ifndef JISHIBAN_TEST_NAIVE_CALENDAR_HPP
#define JISHIBAN_TEST_NAIVE_CALENDAR_HPP

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jishiban_test {

inline constexpr std::int64_t kSecondsPerDay = 86400;
inline constexpr std::int64_t kChinaOffsetSeconds = 8 * 3600;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil algorithm).
constexpr std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t month_index = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * month_index + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// A proleptic Gregorian date.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
};

// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days
// algorithm).
constexpr CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;
  const std::int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const std::int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

// Day of the week, 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday.
constexpr int weekday_from_days(std::int64_t days) {
  const std::int64_t weekday = (days + 4) % 7;
  return static_cast<int>(weekday < 0 ? weekday + 7 : weekday);
}

// Unix seconds of a civil date and time at UTC+08:00.
constexpr std::int64_t china_unix_seconds(int year, int month, int day, int hour = 0, int minute = 0,
                                          int second = 0) {
  return days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second -
         kChinaOffsetSeconds;
}

// Floor division for possibly negative numerators.
constexpr std::int64_t floor_divide(std::int64_t numerator, std::int64_t denominator) {
  std::int64_t quotient = numerator / denominator;
  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0))) {
    quotient -= 1;
  }
  return quotient;
}

// The China local day (days since 1970-01-01) that contains `unix_seconds`.
constexpr std::int64_t china_day_of(std::int64_t unix_seconds) {
  return floor_divide(unix_seconds + kChinaOffsetSeconds, kSecondsPerDay);
}

class NaiveCalendar {
 public:
  // A working period [start, end) in minutes since local midnight.
  using MinutePeriod = std::pair<int, int>;

  // Reads the calendar JSON at `json_path`. Throws std::runtime_error when the
  // file cannot be read and nlohmann::json::exception when it is malformed.
  // `periods` are the working periods of every working day.
  explicit NaiveCalendar(const std::string& json_path,
                         std::vector<MinutePeriod> periods = {{8 * 60 + 30, 12 * 60}, {13 * 60, 17 * 60}})
      : periods_(std::move(periods)) {
    std::ifstream file(json_path, std::ios::binary);
    if (!file) {
      throw std::runtime_error("cannot open calendar file " + json_path);
    }
    std::ostringstream text;
    text << file.rdbuf();
    const nlohmann::json document = nlohmann::json::parse(text.str());

    for (const auto& year : document.at("years")) {
      years_.insert(year.get<int>());
    }

    // Start from the weekly pattern, then apply the file's entries.
    table_.resize(static_cast<std::size_t>(kTableLastDay - kTableFirstDay + 1));
    for (std::int64_t days = kTableFirstDay; days <= kTableLastDay; ++days) {
      table_[static_cast<std::size_t>(days - kTableFirstDay)] = is_weekday(days);
    }
    apply_entries(document, "holidays", false);
    apply_entries(document, "workdays", true);
  }

  // Replaces the periods of one weekday (0 = Sunday ... 6 = Saturday).
  void set_weekday_periods(int weekday, std::vector<MinutePeriod> periods) {
    weekday_periods_[weekday] = std::move(periods);
  }

  bool is_working_day(int year, int month, int day) const {
    return is_working_day_index(days_from_civil(year, month, day));
  }

  // Whether the day `days` days after 1970-01-01 (China local date) is a
  // working day.
  bool is_working_day_index(std::int64_t days) const {
    if (days < kTableFirstDay || days > kTableLastDay) {
      return is_weekday(days);
    }
    return table_[static_cast<std::size_t>(days - kTableFirstDay)];
  }

  // The days (since 1970-01-01) listed as holidays or make-up working days
  // in the covered years, sorted.
  const std::vector<std::int64_t>& listed_days() const { return listed_days_; }

  // Whether the second starting at `unix_seconds` is working time.
  bool is_working_second(std::int64_t unix_seconds) const {
    const std::int64_t local = unix_seconds + kChinaOffsetSeconds;
    const std::int64_t days = china_day_of(unix_seconds);
    const std::int64_t minute_of_day = (local - days * kSecondsPerDay) / 60;
    if (!is_working_day_index(days)) {
      return false;
    }
    // 1970-01-01 was a Thursday, weekday 4 when Sunday is 0.
    const auto weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
    const auto specific = weekday_periods_.find(weekday);
    const std::vector<MinutePeriod>& periods = specific != weekday_periods_.end() ? specific->second : periods_;
    for (const MinutePeriod& period : periods) {
      if (minute_of_day >= period.first && minute_of_day < period.second) {
        return true;
      }
    }
    return false;
  }

  // Whether the minute starting at `unix_seconds` is working time. The
  // periods start and end on whole minutes, so the minute's first second
  // decides.
  bool is_working_minute(std::int64_t unix_seconds) const { return is_working_second(unix_seconds); }

  // Working minutes in [from, to), negative when to < from. Both instants
  // must lie on the minute grid.
  std::int64_t elapsed_minutes(std::int64_t from_unix, std::int64_t to_unix) const {
    require_minute_grid(from_unix);
    require_minute_grid(to_unix);
    if (to_unix < from_unix) {
      return -elapsed_minutes(to_unix, from_unix);
    }
    std::int64_t count = 0;
    for (std::int64_t t = from_unix; t < to_unix; t += 60) {
      if (is_working_minute(t)) {
        ++count;
      }
    }
    return count;
  }

  // For minutes > 0 the earliest T >= from with elapsed(from, T) = minutes;
  // for minutes < 0 the latest T <= from with elapsed(T, from) = -minutes;
  // `from` for 0. `from` must lie on the minute grid.
  std::int64_t add_minutes(std::int64_t from_unix, std::int64_t minutes) const {
    require_minute_grid(from_unix);
    return add_in_steps(from_unix, minutes, 60);
  }

  // Working seconds in [from, to), negative when to < from, walking second
  // by second. Meant for short spans.
  std::int64_t elapsed_seconds(std::int64_t from_unix, std::int64_t to_unix) const {
    if (to_unix < from_unix) {
      return -elapsed_seconds(to_unix, from_unix);
    }
    std::int64_t count = 0;
    for (std::int64_t t = from_unix; t < to_unix; ++t) {
      if (is_working_second(t)) {
        ++count;
      }
    }
    return count;
  }

  // add_minutes for seconds and any start instant, walking second by second.
  std::int64_t add_seconds(std::int64_t from_unix, std::int64_t seconds) const {
    return add_in_steps(from_unix, seconds, 1);
  }

 private:
  // The table spans 1990-01-01 to 2060-12-31; other days use the weekly
  // pattern.
  static constexpr std::int64_t kTableFirstDay = days_from_civil(1990, 1, 1);
  static constexpr std::int64_t kTableLastDay = days_from_civil(2060, 12, 31);

  static bool is_weekday(std::int64_t days) {
    const int weekday = weekday_from_days(days);
    return weekday != 0 && weekday != 6;
  }

  static void require_minute_grid(std::int64_t unix_seconds) {
    if (floor_divide(unix_seconds, 60) * 60 != unix_seconds) {
      throw std::invalid_argument("instant " + std::to_string(unix_seconds) + " is not on the minute grid");
    }
  }

  void apply_entries(const nlohmann::json& document, const char* key, bool working) {
    if (!document.contains(key)) {
      return;
    }
    for (const auto& entry : document.at(key).items()) {
      const std::string& date = entry.key();
      int year = 0;
      int month = 0;
      int day = 0;
      if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) {
        throw std::runtime_error("bad date key " + date);
      }
      if (years_.count(year) == 0) {
        continue;
      }
      const std::int64_t days = days_from_civil(year, month, day);
      listed_days_.insert(std::upper_bound(listed_days_.begin(), listed_days_.end(), days), days);
      if (days >= kTableFirstDay && days <= kTableLastDay) {
        table_[static_cast<std::size_t>(days - kTableFirstDay)] = working;
      }
    }
  }

  // Walks from `from_unix` in steps of `step` seconds and counts working
  // steps until |amount| of them are found.
  std::int64_t add_in_steps(std::int64_t from_unix, std::int64_t amount, std::int64_t step) const {
    std::int64_t t = from_unix;
    if (amount > 0) {
      std::int64_t count = 0;
      while (count < amount) {
        if (is_working_second(t)) {
          ++count;
        }
        t += step;
      }
    } else if (amount < 0) {
      std::int64_t count = 0;
      while (count < -amount) {
        t -= step;
        if (is_working_second(t)) {
          ++count;
        }
      }
    }
    return t;
  }

  std::vector<MinutePeriod> periods_;
  std::map<int, std::vector<MinutePeriod>> weekday_periods_;
  std::set<int> years_;
  std::vector<bool> table_;
  std::vector<std::int64_t> listed_days_;
};

}  // namespace jishiban_test

#endif  // JISHIBAN_TEST_NAIVE_CALENDAR_HPP
