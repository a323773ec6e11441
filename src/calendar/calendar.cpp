// Queries of jishiban::Calendar. Every query maps instants to (row, second of
// day), reads prefix sums, and uses the bucket index to map working time back
// to a day, so its cost does not depend on the span.
#include "jishiban/calendar/calendar.hpp"

#include <string>

#include "calendar/calendar_tables.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban {
namespace detail {
std::shared_ptr<const Calendar::Tables> build_calendar_tables(const CalendarData& data,
                                                              const CalendarOptions& options);
}  // namespace detail

namespace {

using Tables = Calendar::Tables;

constexpr std::int64_t kSecondsPerDay = TimeOfDay::kSecondsPerDay;

// A position in the tables: a row and the local second of that day.
struct Position {
  std::int64_t row;
  std::int32_t second;
};

// The span of rows a computation read, inclusive; empty when first > last.
struct Touched {
  std::int64_t first;
  std::int64_t last;
};

std::string table_range(const Tables& tables) {
  return format_date(date_from_days_since_epoch(tables.first_day)) + " to " +
         format_date(date_from_days_since_epoch(tables.first_day + tables.day_count - 1));
}

std::string table_range_zh(const Tables& tables) {
  return format_date(date_from_days_since_epoch(tables.first_day)) + " 至 " +
         format_date(date_from_days_since_epoch(tables.first_day + tables.day_count - 1));
}

[[noreturn]] void throw_out_of_range(const Tables& tables, const std::string& what_en, const std::string& what_zh) {
  throw Error(ErrorCode::out_of_range,
              what_en + " is outside the calendar's range " + table_range(tables) +
                  "; load the data of further years or raise provisional_years",
              what_zh + " 超出日历范围 " + table_range_zh(tables) + "，请加载更多年份的数据或增大 provisional_years");
}

[[noreturn]] void throw_instant_out_of_range(const Tables& tables, Instant instant) {
  const std::string text = format_instant(instant, tables.offset);
  throw_out_of_range(tables, text, text);
}

[[noreturn]] void throw_result_out_of_range(const Tables& tables) {
  throw_out_of_range(tables, "the result", "计算结果");
}

[[noreturn]] void throw_date_out_of_range(const Tables& tables, std::int64_t day) {
  const std::string text = format_date(date_from_days_since_epoch(day));
  throw_out_of_range(tables, text, text);
}

// Raises calendar_not_covered naming the first uncovered year in `touched`.
[[noreturn]] void throw_not_covered(const Tables& tables, Touched touched) {
  const Date first = date_from_days_since_epoch(tables.first_day + touched.first);
  int year = first.year();
  while (tables.year_covered[static_cast<std::size_t>(year - tables.first_year)] != 0) {
    ++year;
  }
  const std::string text = std::to_string(year);
  throw Error(ErrorCode::calendar_not_covered,
              "no calendar data for " + text +
                  ": load that year's State Council holiday notice, or use the provisional coverage policy",
              "缺少 " + text + " 年的日历数据：请加载该年国务院节假日安排，或改用 provisional（暂定）覆盖策略");
}

inline Position locate(const Tables& tables, Instant instant) {
  const std::int64_t local = instant.unix_seconds() + tables.offset_seconds;
  std::int64_t day = local / kSecondsPerDay;
  std::int64_t second = local % kSecondsPerDay;
  if (second < 0) {
    second += kSecondsPerDay;
    day -= 1;
  }
  const std::int64_t row = day - tables.first_day;
  if (row < 0 || row >= tables.day_count) {
    throw_instant_out_of_range(tables, instant);
  }
  return Position{row, static_cast<std::int32_t>(second)};
}

inline std::int64_t row_of(const Tables& tables, const Date& date) {
  const std::int64_t day = days_since_epoch(date);
  const std::int64_t row = day - tables.first_day;
  if (row < 0 || row >= tables.day_count) {
    throw_date_out_of_range(tables, day);
  }
  return row;
}

inline Instant instant_at(const Tables& tables, std::int64_t row, std::int32_t second) {
  return Instant::from_unix_seconds((tables.first_day + row) * kSecondsPerDay + second - tables.offset_seconds);
}

// Working seconds of a day's schedule in [00:00, second).
inline std::int64_t working_seconds_until(const CompactSchedule& schedule, std::int32_t second) {
  std::int64_t sum = 0;
  for (std::int32_t i = 0; i < schedule.count; ++i) {
    if (second <= schedule.start[i]) {
      break;
    }
    sum += (second < schedule.end[i] ? second : schedule.end[i]) - schedule.start[i];
  }
  return sum;
}

// Working seconds from the start of the tables to `position`.
inline std::int64_t working_clock(const Tables& tables, Position position) {
  const DayRow& day = tables.days[static_cast<std::size_t>(position.row)];
  return day.working_seconds_before + working_seconds_until(tables.schedules[day.schedule], position.second);
}

// Returns whether the result is provisional; throws under the strict policy.
inline bool check_coverage(const Tables& tables, Touched touched) {
  if (touched.first > touched.last) {
    return false;
  }
  const std::int32_t uncovered = tables.days[static_cast<std::size_t>(touched.last + 1)].uncovered_days_before -
                                 tables.days[static_cast<std::size_t>(touched.first)].uncovered_days_before;
  if (uncovered == 0) {
    return false;
  }
  if (tables.coverage == CoveragePolicy::strict) {
    throw_not_covered(tables, touched);
  }
  return true;
}

// The earliest instant whose working clock equals `target` (at_least) or the
// latest one (!at_least). Precondition: 0 < target <= total for at_least,
// 0 <= target < total otherwise.
inline Instant instant_at_working_clock(const Tables& tables, std::int64_t target, bool at_least) {
  const auto& close = tables.working_seconds_at_close;
  std::size_t k = static_cast<std::size_t>(tables.bucket_first[static_cast<std::size_t>(target / tables.bucket_seconds)]);
  if (at_least) {
    while (close[k] < target) {
      ++k;
    }
  } else {
    while (close[k] <= target) {
      ++k;
    }
  }
  const std::int64_t row = tables.working_day_row[k];
  const DayRow& day = tables.days[static_cast<std::size_t>(row)];
  const CompactSchedule& schedule = tables.schedules[day.schedule];
  const std::int64_t into_day = target - day.working_seconds_before;

  std::int32_t i = 0;
  if (at_least) {
    while (schedule.before[i] + (schedule.end[i] - schedule.start[i]) < into_day) {
      ++i;
    }
  } else {
    while (schedule.before[i] + (schedule.end[i] - schedule.start[i]) <= into_day) {
      ++i;
    }
  }
  return instant_at(tables, row, static_cast<std::int32_t>(schedule.start[i] + (into_day - schedule.before[i])));
}

inline CalendarResult<Instant> add_seconds(const Tables& tables, Instant start, std::int64_t amount) {
  if (amount == 0) {
    locate(tables, start);
    return CalendarResult<Instant>{start, false};
  }
  const Position from = locate(tables, start);
  const std::int64_t clock = working_clock(tables, from);
  const std::int64_t total = tables.days.back().working_seconds_before;

  if (amount > 0) {
    if (amount > total - clock) {
      throw_result_out_of_range(tables);
    }
    const Instant due = instant_at_working_clock(tables, clock + amount, true);
    // [start, due) touches the rows up to the one holding due - 1 second.
    const Position last = locate(tables, due - std::chrono::seconds(1));
    return CalendarResult<Instant>{due, check_coverage(tables, Touched{from.row, last.row})};
  }
  if (-amount > clock) {
    throw_result_out_of_range(tables);
  }
  const Instant due = instant_at_working_clock(tables, clock + amount, false);
  const Position first = locate(tables, due);
  const Position last = locate(tables, start - std::chrono::seconds(1));
  return CalendarResult<Instant>{due, check_coverage(tables, Touched{first.row, last.row})};
}

inline CalendarResult<std::chrono::seconds> elapsed_seconds(const Tables& tables, Instant from, Instant to) {
  const bool reversed = to < from;
  const Instant early = reversed ? to : from;
  const Instant late = reversed ? from : to;
  const Position a = locate(tables, early);
  const Position b = locate(tables, late);
  const std::int64_t worked = working_clock(tables, b) - working_clock(tables, a);

  bool provisional = false;
  if (early < late) {
    const Position last = locate(tables, late - std::chrono::seconds(1));
    provisional = check_coverage(tables, Touched{a.row, last.row});
  }
  return CalendarResult<std::chrono::seconds>{std::chrono::seconds(reversed ? -worked : worked), provisional};
}

// The row of the `days`-th working day after row `row` (before it for days < 0).
inline std::int64_t add_working_day_rows(const Tables& tables, std::int64_t row, std::int64_t days) {
  std::int64_t k = 0;
  if (days > 0) {
    k = tables.days[static_cast<std::size_t>(row + 1)].working_days_before + days - 1;
  } else {
    k = tables.days[static_cast<std::size_t>(row)].working_days_before + days;
  }
  if (k < 0 || k >= static_cast<std::int64_t>(tables.working_day_row.size())) {
    throw_result_out_of_range(tables);
  }
  return tables.working_day_row[static_cast<std::size_t>(k)];
}

}  // namespace

std::string_view to_string(CoveragePolicy policy) noexcept {
  switch (policy) {
    case CoveragePolicy::strict:
      return "strict";
    case CoveragePolicy::provisional:
      return "provisional";
  }
  return "unknown";
}

std::string_view to_string(DayKind kind) noexcept {
  switch (kind) {
    case DayKind::working_day:
      return "working_day";
    case DayKind::rest_day:
      return "rest_day";
    case DayKind::holiday:
      return "holiday";
    case DayKind::make_up_working_day:
      return "make_up_working_day";
  }
  return "unknown";
}

Calendar::Calendar(CalendarOptions options) : Calendar(official_calendar_data(), options) {}

Calendar::Calendar(const CalendarData& data, CalendarOptions options)
    : tables_(detail::build_calendar_tables(data, options)) {}

UtcOffset Calendar::utc_offset() const noexcept { return tables_->offset; }

CoveragePolicy Calendar::coverage() const noexcept { return tables_->coverage; }

const WorkingHours& Calendar::working_hours() const noexcept { return tables_->hours; }

Date Calendar::first_date() const noexcept { return date_from_days_since_epoch(tables_->first_day); }

Date Calendar::last_date() const noexcept {
  return date_from_days_since_epoch(tables_->first_day + tables_->day_count - 1);
}

bool Calendar::covers_year(int year) const noexcept {
  if (year < tables_->first_year || year > tables_->last_year) {
    return false;
  }
  return tables_->year_covered[static_cast<std::size_t>(year - tables_->first_year)] != 0;
}

std::size_t Calendar::memory_bytes() const noexcept {
  const Tables& t = *tables_;
  std::size_t bytes = sizeof(Tables);
  bytes += t.year_covered.capacity() * sizeof(std::uint8_t);
  bytes += t.schedules.capacity() * sizeof(CompactSchedule);
  bytes += t.days.capacity() * sizeof(DayRow);
  bytes += t.names.capacity() * sizeof(DayName);
  for (const DayName& name : t.names) {
    // Short names live inside the string object; count only heap buffers.
    bytes += name.en.capacity() > 15 ? name.en.capacity() + 1 : 0;
    bytes += name.zh.capacity() > 15 ? name.zh.capacity() + 1 : 0;
  }
  bytes += t.working_day_row.capacity() * sizeof(std::int32_t);
  bytes += t.working_seconds_at_close.capacity() * sizeof(std::int64_t);
  bytes += t.bucket_first.capacity() * sizeof(std::int32_t);
  bytes += t.hours.seasons.capacity() * sizeof(Season);
  return bytes;
}

DayInfo Calendar::day_info(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  const DayRow& day = t.days[static_cast<std::size_t>(row)];
  DayInfo info;
  info.date = date;
  info.kind = day.kind;
  info.working = day.working != 0;
  info.provisional = t.days[static_cast<std::size_t>(row + 1)].uncovered_days_before != day.uncovered_days_before;
  if (day.name_index >= 0) {
    const DayName& name = t.names[static_cast<std::size_t>(day.name_index)];
    info.name_en = name.en;
    info.name_zh = name.zh;
  }
  return info;
}

bool Calendar::is_working_day(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  check_coverage(t, Touched{row, row});
  return t.days[static_cast<std::size_t>(row)].working != 0;
}

CalendarResult<DaySchedule> Calendar::working_periods(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  const bool provisional = check_coverage(t, Touched{row, row});
  CalendarResult<DaySchedule> result;
  result.provisional = provisional;
  if (t.days[static_cast<std::size_t>(row)].working != 0) {
    result.value = t.hours.schedule_for(date);
  }
  return result;
}

CalendarResult<Instant> Calendar::next_working_instant(Instant instant) const {
  const Tables& t = *tables_;
  const Position at = locate(t, instant);
  const CompactSchedule& today = t.schedules[t.days[static_cast<std::size_t>(at.row)].schedule];
  for (std::int32_t i = 0; i < today.count; ++i) {
    if (at.second < today.end[i]) {
      const bool provisional = check_coverage(t, Touched{at.row, at.row});
      const Instant next = at.second >= today.start[i] ? instant : instant_at(t, at.row, today.start[i]);
      return CalendarResult<Instant>{next, provisional};
    }
  }
  const std::int64_t row = add_working_day_rows(t, at.row, 1);
  const bool provisional = check_coverage(t, Touched{at.row, row});
  return CalendarResult<Instant>{
      instant_at(t, row, t.schedules[t.days[static_cast<std::size_t>(row)].schedule].start[0]), provisional};
}

CalendarResult<Instant> Calendar::add_working_time(Instant start, std::chrono::seconds amount) const {
  return add_seconds(*tables_, start, amount.count());
}

CalendarResult<std::chrono::seconds> Calendar::elapsed_working_time(Instant from, Instant to) const {
  return elapsed_seconds(*tables_, from, to);
}

CalendarResult<Date> Calendar::add_working_days(const Date& date, int days) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  if (days == 0) {
    return CalendarResult<Date>{date, false};
  }
  const std::int64_t target = add_working_day_rows(t, row, days);
  const Touched touched = days > 0 ? Touched{row + 1, target} : Touched{target, row - 1};
  const bool provisional = check_coverage(t, touched);
  return CalendarResult<Date>{date_from_days_since_epoch(t.first_day + target), provisional};
}

CalendarResult<int> Calendar::working_days_between(const Date& begin, const Date& end) const {
  const Tables& t = *tables_;
  const std::int64_t b = row_of(t, begin);
  const std::int64_t e = row_of(t, end);
  if (b <= e) {
    const bool provisional = check_coverage(t, Touched{b, e - 1});
    return CalendarResult<int>{t.days[static_cast<std::size_t>(e)].working_days_before -
                                   t.days[static_cast<std::size_t>(b)].working_days_before,
                               provisional};
  }
  const bool provisional = check_coverage(t, Touched{e + 1, b});
  return CalendarResult<int>{-(t.days[static_cast<std::size_t>(b + 1)].working_days_before -
                               t.days[static_cast<std::size_t>(e + 1)].working_days_before),
                             provisional};
}

CalendarResult<Instant> Calendar::add_working_days(Instant start, int days, DayConvention convention) const {
  const Tables& t = *tables_;
  if (convention == DayConvention::working_time) {
    return add_seconds(t, start, std::int64_t{days} * t.standard_day_seconds);
  }
  if (days < 1) {
    const std::string value = std::to_string(days);
    throw Error(ErrorCode::invalid_argument,
                "invalid day count " + value + " for a legal_period target: expected 1 or more",
                "legal_period 时限的天数 " + value + " 无效：应至少为 1");
  }
  const Position from = locate(t, start);
  const std::int64_t row = add_working_day_rows(t, from.row, days);
  const bool provisional = check_coverage(t, Touched{from.row + 1, row});
  const CompactSchedule& schedule = t.schedules[t.days[static_cast<std::size_t>(row)].schedule];
  return CalendarResult<Instant>{instant_at(t, row, schedule.end[schedule.count - 1]), provisional};
}

Deadline Calendar::deadline(Instant start, const TargetSpec& target) const {
  if (target.unit == TargetUnit::working_minutes) {
    if (target.amount < 0) {
      const std::string value = std::to_string(target.amount);
      throw Error(ErrorCode::invalid_argument,
                  "invalid target of " + value + " working minutes: expected 0 or more",
                  "时限 " + value + " 个工作分钟无效：不能为负数");
    }
    const auto due = add_seconds(*tables_, start, target.amount * 60);
    return Deadline{start, due.value, target, due.provisional};
  }
  if (target.amount > 100000 || target.amount < -100000) {
    const std::string value = std::to_string(target.amount);
    throw Error(ErrorCode::invalid_argument,
                "invalid target of " + value + " working days: expected at most 100000",
                "时限 " + value + " 个工作日无效：绝对值不能超过 100000");
  }
  const auto due = add_working_days(start, static_cast<int>(target.amount), target.convention);
  return Deadline{start, due.value, target, due.provisional};
}

bool Calendar::add_working_time(const Instant* starts, std::size_t count, std::chrono::seconds amount,
                                Instant* out) const {
  const Tables& t = *tables_;
  bool provisional = false;
  for (std::size_t i = 0; i < count; ++i) {
    const CalendarResult<Instant> result = add_seconds(t, starts[i], amount.count());
    out[i] = result.value;
    provisional = provisional || result.provisional;
  }
  return provisional;
}

bool Calendar::elapsed_working_time(const Instant* from, const Instant* to, std::size_t count,
                                    std::chrono::seconds* out) const {
  const Tables& t = *tables_;
  bool provisional = false;
  for (std::size_t i = 0; i < count; ++i) {
    const CalendarResult<std::chrono::seconds> result = elapsed_seconds(t, from[i], to[i]);
    out[i] = result.value;
    provisional = provisional || result.provisional;
  }
  return provisional;
}

}  // namespace jishiban
