// Working hours: which times of a working day count as working time.
//
// A day's hours are a DaySchedule of half-open periods [start, end), by
// default [08:30, 12:00) and [13:00, 17:00), 450 minutes in all. Hours can
// differ per weekday and per season. A season is either a fixed date range
// (2026-06-01 to 2026-09-30) or an annual one (06-01 to 09-30, every year).
// When a day falls in a fixed season and an annual one, the fixed one wins.
// The hours apply only to days the calendar makes working days: a make-up
// Saturday uses the Saturday hours, which default to the default hours.
#ifndef JISHIBAN_CALENDAR_WORKING_HOURS_HPP
#define JISHIBAN_CALENDAR_WORKING_HOURS_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/time/civil_time.hpp"

namespace jishiban {

// A half-open working period [start, end) of one day.
struct WorkingPeriod {
  TimeOfDay start;
  TimeOfDay end;

  std::chrono::seconds length() const noexcept {
    return std::chrono::seconds(end.seconds_since_midnight() - start.seconds_since_midnight());
  }

  friend bool operator==(const WorkingPeriod& a, const WorkingPeriod& b) noexcept {
    return a.start == b.start && a.end == b.end;
  }
  friend bool operator!=(const WorkingPeriod& a, const WorkingPeriod& b) noexcept { return !(a == b); }
};

// The working periods of one day: at most kMaxPeriods, sorted, not
// overlapping, each at least one second long. Stored inline, so copying one
// never allocates.
class DaySchedule {
 public:
  static constexpr std::size_t kMaxPeriods = 8;

  DaySchedule() noexcept = default;

  // Throws Error{invalid_argument} when the periods are empty, unsorted,
  // overlapping, of zero length, or more than kMaxPeriods.
  DaySchedule(std::initializer_list<WorkingPeriod> periods);

  // Appends a period that starts at or after the end of the last one.
  // Throws Error{invalid_argument} naming both periods otherwise.
  void append(WorkingPeriod period);

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const WorkingPeriod& operator[](std::size_t index) const noexcept { return periods_[index]; }
  const WorkingPeriod* begin() const noexcept { return periods_.data(); }
  const WorkingPeriod* end() const noexcept { return periods_.data() + size_; }

  // Sum of the period lengths.
  std::chrono::seconds total() const noexcept;

  friend bool operator==(const DaySchedule& a, const DaySchedule& b) noexcept;
  friend bool operator!=(const DaySchedule& a, const DaySchedule& b) noexcept { return !(a == b); }

 private:
  std::array<WorkingPeriod, kMaxPeriods> periods_{};
  std::size_t size_ = 0;
};

// Hours for each day of the week: one default schedule and optional
// per-weekday replacements, indexed 0 = Sunday ... 6 = Saturday as in
// boost::gregorian::greg_weekday.
struct WeeklyHours {
  DaySchedule all_days;
  std::array<std::optional<DaySchedule>, 7> by_weekday;

  const DaySchedule& for_weekday(int weekday) const noexcept {
    const auto& specific = by_weekday[static_cast<std::size_t>(weekday)];
    return specific ? *specific : all_days;
  }
};

// A date range with its own weekly hours.
struct Season {
  std::string name;

  // Fixed range: both dates set, inclusive. Annual range: both empty, and
  // the month-day fields are used instead. An annual range whose first day
  // comes after its last day wraps over the new year (11-01 to 03-31).
  std::optional<Date> first_date;
  std::optional<Date> last_date;
  int first_month = 0;
  int first_day = 0;
  int last_month = 0;
  int last_day = 0;

  WeeklyHours hours;

  bool is_annual() const noexcept { return !first_date.has_value(); }
  bool contains(const Date& date) const;
};

// The complete working-hours configuration of a calendar.
struct WorkingHours {
  WeeklyHours regular;
  std::vector<Season> seasons;

  // 08:30-12:00 and 13:00-17:00 on every day, no seasons.
  static WorkingHours standard();

  // The schedule that applies on `date` if it is a working day.
  const DaySchedule& schedule_for(const Date& date) const;

  // Length of the regular default schedule: the length of one working day
  // under the working_time day convention (450 minutes by default).
  std::chrono::seconds standard_day_length() const noexcept { return regular.all_days.total(); }

  // Throws Error{invalid_data} when two fixed seasons or two annual seasons
  // overlap, naming both and a shared date, or a season is invalid.
  void validate() const;
};

}  // namespace jishiban

#endif  // JISHIBAN_CALENDAR_WORKING_HOURS_HPP
