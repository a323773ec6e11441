// Calendar: working-time arithmetic on the official Chinese calendar.
//
// A working day is Monday to Friday, minus statutory holidays, plus make-up
// working weekends (调休上班), as set each year by the State Council notice.
// Working time is the union of a working day's periods, by default
// [08:30, 12:00) and [13:00, 17:00) at UTC+08:00: 450 minutes a day.
//
// CONVENTIONS
//
// Working time is exact to the second. elapsed_working_time(a, b) counts the
// working seconds in [a, b) and is negative when b < a. For n > 0,
// add_working_time(t, n) is the earliest T >= t with elapsed(t, T) = n, so a
// target that ends at a period's close ends there (12:00, not 13:00); for
// n < 0 it is the latest T <= t with elapsed(T, t) = -n (10:00 minus 90
// minutes is 08:30 the same day, not 17:00 the day before); n = 0 returns t.
//
// add_working_days(date, n) is the nth working day strictly after `date`
// (before it for n < 0), whether or not `date` is a working day.
// working_days_between(b, e) counts the working days in [b, e); for b > e it
// is minus the count in (e, b], so the end date is never counted.
//
// CASE STUDY
//
// Start 2026-09-30 16:50 (Wednesday), 60 working minutes: 10 minutes remain
// on Sep 30, Oct 1-7 is the National Day holiday, so the deadline is
// 2026-10-08 09:20. A 1-working-day legal_period target started Friday
// 2026-04-03 15:00, before the Qingming holiday of Apr 4-6, falls due at the
// close of Tuesday Apr 7, 17:00. The same target started on a rest day counts
// the next working day as day 1.
//
// COVERAGE
//
// The tables span the covered years (those with official data) plus a
// provisional horizon of extra years after the last one. A computation that
// touches a day of an uncovered year either throws
// Error{calendar_not_covered} naming the year (CoveragePolicy::strict, the
// default) or uses the weekly pattern and returns provisional = true
// (CoveragePolicy::provisional). A day outside the tables throws
// Error{out_of_range} under either policy.
//
// COST
//
// Every query is O(1) in the span: per-day prefix sums of working time and of
// working days, and a bucket index over working time, replace any loop over
// days or minutes. Queries never allocate. A Calendar is immutable; copies
// share their tables, and one may be used from several threads at once.
#ifndef JISHIBAN_CALENDAR_CALENDAR_HPP
#define JISHIBAN_CALENDAR_CALENDAR_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "jishiban/calendar/working_hours.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban {

// The policy for computations that need a day of a year without official data.
enum class CoveragePolicy {
  strict,       // throw Error{calendar_not_covered} naming the year
  provisional,  // use Monday-Friday and flag the result provisional
};

// "strict" or "provisional".
std::string_view to_string(CoveragePolicy policy) noexcept;

struct CalendarOptions {
  CoveragePolicy coverage = CoveragePolicy::strict;

  // Years after the last covered year for which tables are built on the
  // weekly pattern. Only the provisional policy computes in them. 0 to 50.
  int provisional_years = 4;
};

enum class DayKind : std::uint8_t {
  working_day,          // Monday to Friday, no holiday
  rest_day,             // Saturday or Sunday, no make-up working day
  holiday,              // statutory holiday
  make_up_working_day,  // weekend day worked in exchange for a holiday (调休上班)
};

// "working_day", "rest_day", "holiday" or "make_up_working_day".
std::string_view to_string(DayKind kind) noexcept;

// The calendar's description of one date.
struct DayInfo {
  Date date;
  DayKind kind = DayKind::working_day;
  bool working = false;
  bool provisional = false;  // the year has no official data
  std::string_view name_en;  // the holiday or make-up day's name, empty otherwise
  std::string_view name_zh;
};

// A computed value, flagged when it rests on days without official data.
template <class T>
struct CalendarResult {
  T value{};
  bool provisional = false;
};

class Calendar {
 public:
  // The built-in official data with standard hours at UTC+08:00.
  explicit Calendar(CalendarOptions options = {});

  // Builds the tables for `data`; missing working hours and zone default to
  // the standard hours at UTC+08:00. Throws Error{invalid_data} when the data
  // covers no year, Error{invalid_argument} for options out of range.
  explicit Calendar(const CalendarData& data, CalendarOptions options = {});

  // Copies share the immutable tables. A move copies too, so a moved-from
  // Calendar stays usable.
  Calendar(const Calendar& other) noexcept = default;
  Calendar(Calendar&& other) noexcept : tables_(other.tables_) {}
  Calendar& operator=(const Calendar& other) noexcept = default;
  Calendar& operator=(Calendar&& other) noexcept {
    tables_ = other.tables_;
    return *this;
  }
  ~Calendar() = default;

  UtcOffset utc_offset() const noexcept;
  CoveragePolicy coverage() const noexcept;
  const WorkingHours& working_hours() const noexcept;

  // First and last date of the tables.
  Date first_date() const noexcept;
  Date last_date() const noexcept;

  // True when official data for `year` is loaded.
  bool covers_year(int year) const noexcept;

  // Bytes held by the tables and the data behind them.
  std::size_t memory_bytes() const noexcept;

  // Describes `date`. Throws Error{out_of_range} outside
  // the tables; never throws calendar_not_covered (see `provisional`).
  DayInfo day_info(const Date& date) const;

  // Whether `date` is a working day. Throws calendar_not_covered for an
  // uncovered year under the strict policy.
  bool is_working_day(const Date& date) const;

  // The working periods of `date`: empty on a day off.
  CalendarResult<DaySchedule> working_periods(const Date& date) const;

  // `instant` if it lies in a working period, else the start of the next one.
  CalendarResult<Instant> next_working_instant(Instant instant) const;

  // Adds working time; see CONVENTIONS above.
  CalendarResult<Instant> add_working_time(Instant start, std::chrono::seconds amount) const;

  // Working time in [from, to), negative when to < from. Exact to the second:
  // std::chrono::duration_cast<std::chrono::minutes> of the result rounds
  // toward zero, which keeps the sign symmetric.
  CalendarResult<std::chrono::seconds> elapsed_working_time(Instant from, Instant to) const;

  // The nth working day after `date` (before it for n < 0; `date` for n = 0).
  CalendarResult<Date> add_working_days(const Date& date, int days) const;

  // Working days in [begin, end), or minus those in (end, begin].
  CalendarResult<int> working_days_between(const Date& begin, const Date& end) const;

  // A target of `days` working days from `start` under `convention`.
  // legal_period: the close of working hours on the days-th working day after
  // the start's date; needs days >= 1. working_time: days times the standard
  // day length added as working time; any sign.
  CalendarResult<Instant> add_working_days(Instant start, int days, DayConvention convention) const;

  // The instant `target` falls due when started at `start`. Throws
  // Error{invalid_argument} for a negative minute target, a legal_period day
  // target below 1, or a day target beyond ±100000.
  Deadline deadline(Instant start, const TargetSpec& target) const;

  // Batch forms over arrays of `count` elements; `out` may alias the input.
  // Return true when any result is provisional. They throw the single-call
  // errors: when an element is out of range, or uncovered under the strict
  // policy, the call throws for some such element (not necessarily the
  // first) and the contents of `out` are unspecified.
  bool add_working_time(const Instant* starts, std::size_t count, std::chrono::seconds amount,
                        Instant* out) const;
  bool elapsed_working_time(const Instant* from, const Instant* to, std::size_t count,
                            std::chrono::seconds* out) const;

  // The tables; opaque outside the library.
  struct Tables;

 private:
  std::shared_ptr<const Tables> tables_;
};

}  // namespace jishiban

#endif  // JISHIBAN_CALENDAR_CALENDAR_HPP
