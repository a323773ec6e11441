// Queries of jishiban::Calendar. Every query maps instants to (row, second of
// day), reads prefix sums, and uses the bucket index to map working time back
// to a day, so its cost does not depend on the span.
#include "jishiban/calendar/calendar.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>

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

// The batch loops call the hot helpers once per element; GCC otherwise keeps
// the larger ones out of line, which costs a call and a return per element.
#if defined(__GNUC__)
#define JISHIBAN_HOT_INLINE inline __attribute__((always_inline))
#else
#define JISHIBAN_HOT_INLINE inline
#endif

constexpr std::uint64_t kSecondsPerDay = TimeOfDay::kSecondsPerDay;

// A position in the tables: a row and the local second of that day.
struct Position {
  std::int64_t row;
  std::int64_t second;
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
                  "; load calendar data for the years needed, or extend the provisional range",
              what_zh + " 超出日历范围 " + table_range_zh(tables) + "，请加载所需年份的日历数据，或扩大暂定范围");
}

[[noreturn]] void throw_instant_out_of_range(const Tables& tables, Instant instant) {
  // Instants beyond years 1400-9999 have no civil form, so they are named by
  // their Unix seconds.
  const std::string text = is_formattable(instant) ? format_instant(instant, tables.offset)
                                                   : "@" + std::to_string(instant.unix_seconds());
  throw_out_of_range(tables, text, text);
}

[[noreturn]] void throw_result_out_of_range(const Tables& tables) {
  throw_out_of_range(tables, "the result", "计算结果");
}

[[noreturn]] void throw_date_out_of_range(const Tables& tables, const Date& date) {
  const std::string text = format_date(date);
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

// The fields the hot functions read, copied into locals. Without the copy,
// every store through an output pointer could alias a field of Tables, so the
// compiler reloads each one per element.
struct TableView {
  TableView(const Tables& source)  // NOLINT: converts implicitly on purpose
      : tables(&source),
        days(source.days.data()),
        details(source.day_details.data()),
        schedules(source.schedules.data()),
        entries(source.working_day_entries.data()),
        bucket_first(source.bucket_first.data()),
        local_shift(source.offset_seconds - source.first_local_second),
        day_count(static_cast<std::uint64_t>(source.day_count)),
        total_working_seconds(source.total_working_seconds),
        bucket_shift(source.bucket_shift),
        one_step_buckets(source.one_step_buckets),
        covered_prefix_end(source.covered_prefix_end),
        period_slots(source.period_slots),
        coverage(source.coverage) {}

  const Tables* tables;
  const DayRow* days;
  const DayDetail* details;
  const CompactSchedule* schedules;
  const WorkingDayEntry* entries;
  const std::int32_t* bucket_first;
  std::int64_t local_shift;  // add to Unix seconds to get seconds since the first row's midnight
  std::uint64_t day_count;
  std::int64_t total_working_seconds;
  int bucket_shift;
  bool one_step_buckets;
  std::int64_t covered_prefix_end;
  std::int32_t period_slots;
  CoveragePolicy coverage;
};

JISHIBAN_HOT_INLINE Position locate(const TableView& view, Instant instant) {
  // Seconds since the first row's local midnight; unsigned division by a
  // constant compiles to a multiplication.
  // Unsigned arithmetic wraps instead of overflowing for instants near the
  // int64 limits, and a negative distance wraps to a huge row, so one
  // comparison checks both ends.
  const std::uint64_t unsigned_since_start =
      static_cast<std::uint64_t>(instant.unix_seconds()) + static_cast<std::uint64_t>(view.local_shift);
  const std::uint64_t row = unsigned_since_start / kSecondsPerDay;
  if (row >= view.day_count) {
    throw_instant_out_of_range(*view.tables, instant);
  }
  return Position{static_cast<std::int64_t>(row), static_cast<std::int64_t>(unsigned_since_start - row * kSecondsPerDay)};
}

inline std::int64_t row_of(const Tables& tables, const Date& date) {
  if (date.is_special()) {
    throw Error(ErrorCode::invalid_argument, "invalid date: a Boost special value (" + boost::gregorian::to_simple_string(date) +
                                                 ") is not a calendar date",
                "无效的日期：Boost 特殊值（" + boost::gregorian::to_simple_string(date) + "）不是日历日期");
  }
  const std::int64_t row = days_since_epoch(date) - tables.first_day;
  if (row < 0 || row >= tables.day_count) {
    throw_date_out_of_range(tables, date);
  }
  return row;
}

JISHIBAN_HOT_INLINE Instant instant_at(const TableView& view, std::int64_t row, std::int64_t second) {
  return Instant::from_unix_seconds(row * TimeOfDay::kSecondsPerDay + second - view.local_shift);
}

// The hot functions below take the number of period slots as a template
// argument. With 1 or 2, the case of every calendar whose days have at most
// two working periods, they read the periods stored inline in DayRow and
// WorkingDayEntry. With 0 they read the schedule table, for any number.
template <int kSlots>
inline constexpr bool kInlinePeriods = kSlots == 1 || kSlots == 2;

// Working seconds of a day's schedule in [00:00, second): each period adds
// min(max(second - start, 0), length). GCC compiles std::min and std::max on
// integers to conditional moves, so random inputs cause no mispredictions.
JISHIBAN_HOT_INLINE std::int64_t working_seconds_in_period(std::int64_t second, std::int64_t start,
                                                          std::int64_t length) {
  return std::min(std::max(second - start, std::int64_t{0}), length);
}

// Working seconds from the start of the tables to `position`.
template <int kSlots>
JISHIBAN_HOT_INLINE std::int64_t working_clock(const TableView& tables, Position position) {
  const DayRow& day = tables.days[static_cast<std::size_t>(position.row)];
  std::int64_t clock = day.working_seconds_before;
  if constexpr (kInlinePeriods<kSlots>) {
    clock += working_seconds_in_period(position.second, day.first_start, day.first_length);
    clock += working_seconds_in_period(position.second, day.second_start, day.second_length);
  } else {
    const CompactSchedule& schedule =
        tables.schedules[tables.details[static_cast<std::size_t>(position.row)].schedule];
    for (std::int32_t i = 0; i < tables.period_slots; ++i) {
      clock += working_seconds_in_period(position.second, schedule.start[i], schedule.length[i]);
    }
  }
  return clock;
}

// Returns whether the result is provisional; throws under the strict policy.
JISHIBAN_HOT_INLINE bool check_coverage(const TableView& tables, Touched touched) {
  // Rows up to covered_prefix_end are all covered, which settles most spans
  // without reading a row.
  if (touched.last <= tables.covered_prefix_end || touched.first > touched.last ||
      tables.days[static_cast<std::size_t>(touched.first)].covered_through >= touched.last) {
    return false;
  }
  if (tables.coverage == CoveragePolicy::strict) {
    throw_not_covered(*tables.tables, touched);
  }
  return true;
}

// An instant with the table row of its local day.
struct Located {
  std::int64_t row;
  Instant instant;
};

// The earliest instant whose working clock equals `target` (at_least) or the
// latest one (!at_least), with its row. Precondition: 0 < target <= total for
// at_least, 0 <= target < total otherwise.
template <int kSlots>
JISHIBAN_HOT_INLINE Located instant_at_working_clock(const TableView& tables, std::int64_t target, bool at_least) {
  const WorkingDayEntry* entry =
      tables.entries + tables.bucket_first[static_cast<std::size_t>(target >> tables.bucket_shift)];
  // One step suffices when buckets are no wider than the shortest day, which
  // with_slots guarantees for the inline-period instantiations. The loops
  // cover calendars with pathologically short days.
  if (at_least) {
    entry += entry->working_seconds_at_close < target;
    if constexpr (!kInlinePeriods<kSlots>) {
      while (entry->working_seconds_at_close < target) {
        ++entry;
      }
    }
  } else {
    entry += entry->working_seconds_at_close <= target;
    if constexpr (!kInlinePeriods<kSlots>) {
      while (entry->working_seconds_at_close <= target) {
        ++entry;
      }
    }
  }

  if constexpr (kInlinePeriods<kSlots>) {
    // For a one-period day the first period ends at the close, so the second
    // period's shift is never added.
    const std::int64_t first_period_end = entry->working_seconds_at_close + entry->first_period_end_offset;
    const bool in_first = at_least ? target <= first_period_end : target < first_period_end;
    const std::int64_t base = entry->first_period_base + (in_first ? 0 : entry->second_period_shift);
    return Located{entry->row, Instant::from_unix_seconds(target + base)};
  } else {
    // The period holding the target is the number of periods that end before
    // it (at_least) or at or before it (!at_least), counted without branches.
    const CompactSchedule& schedule = tables.schedules[static_cast<std::size_t>(entry->schedule)];
    const std::int64_t into_day = target - (entry->working_seconds_at_close - schedule.total);
    std::int32_t i = 0;
    for (std::int32_t slot = 0; slot < tables.period_slots; ++slot) {
      i += at_least ? schedule.through[slot] < into_day : schedule.through[slot] <= into_day;
    }
    return Located{entry->row, instant_at(tables, entry->row, schedule.start[i] + (into_day - schedule.before[i]))};
  }
}

template <int kSlots>
JISHIBAN_HOT_INLINE CalendarResult<Instant> add_seconds(const TableView& tables, Instant start, std::int64_t amount) {
  const Position from = locate(tables, start);
  if (amount == 0) {
    return CalendarResult<Instant>{start, false};
  }
  const std::int64_t clock = working_clock<kSlots>(tables, from);

  if (amount > 0) {
    if (amount > tables.total_working_seconds - clock) {
      throw_result_out_of_range(*tables.tables);
    }
    // The due instant is never at second 0 of its day, because it ends a
    // positive stretch of a period, so [start, due) ends in the due row.
    const Located due = instant_at_working_clock<kSlots>(tables, clock + amount, true);
    return CalendarResult<Instant>{due.instant, check_coverage(tables, Touched{from.row, due.row})};
  }
  // Compared as amount < -clock because -amount overflows for INT64_MIN.
  if (amount < -clock) {
    throw_result_out_of_range(*tables.tables);
  }
  const Located due = instant_at_working_clock<kSlots>(tables, clock + amount, false);
  // [due, start) ends in the row before the start's when start is at midnight.
  const std::int64_t last_row = from.second == 0 ? from.row - 1 : from.row;
  return CalendarResult<Instant>{due.instant, check_coverage(tables, Touched{due.row, last_row})};
}

// Adds a positive `amount` to each start. Elements go through in blocks, one
// step for the whole block at a time, so the processor overlaps the chains of
// dependent table reads of different elements instead of waiting on each.
template <int kSlots>
bool add_positive_seconds_batch(const TableView& tables, const Instant* starts, std::size_t count, std::int64_t amount,
                                Instant* out) {
  // With amount <= total, clock + amount cannot overflow; a larger amount
  // runs past the tables from any start.
  if (count > 0 && amount > tables.total_working_seconds) {
    throw_result_out_of_range(*tables.tables);
  }
  constexpr std::size_t kBlock = 8;
  bool provisional = false;
  std::size_t i = 0;
  for (; i + kBlock <= count; i += kBlock) {
    Position from[kBlock];
    std::int64_t target[kBlock];
    bool beyond_end = false;
#pragma GCC unroll 8
    for (std::size_t j = 0; j < kBlock; ++j) {
      from[j] = locate(tables, starts[i + j]);
      target[j] = working_clock<kSlots>(tables, from[j]) + amount;
      beyond_end |= target[j] > tables.total_working_seconds;
    }
    if (beyond_end) {
      throw_result_out_of_range(*tables.tables);
    }
#pragma GCC unroll 8
    for (std::size_t j = 0; j < kBlock; ++j) {
      const Located due = instant_at_working_clock<kSlots>(tables, target[j], true);
      out[i + j] = due.instant;
      // from[j].row <= due.row, so the span is never empty.
      provisional |= due.row > tables.covered_prefix_end &&
                     tables.days[static_cast<std::size_t>(from[j].row)].covered_through < due.row;
    }
    if (provisional && tables.coverage == CoveragePolicy::strict) {
    for (std::size_t j = 0; j < kBlock; ++j) {
        check_coverage(tables, Touched{from[j].row, locate(tables, out[i + j] - std::chrono::seconds(1)).row});
      }
    }
  }
  for (; i < count; ++i) {
    const CalendarResult<Instant> result = add_seconds<kSlots>(tables, starts[i], amount);
    out[i] = result.value;
    provisional |= result.provisional;
  }
  return provisional;
}

template <int kSlots>
JISHIBAN_HOT_INLINE CalendarResult<std::chrono::seconds> elapsed_seconds(const TableView& tables, Instant from, Instant to) {
  const bool reversed = to < from;
  const Instant early = reversed ? to : from;
  const Instant late = reversed ? from : to;
  const Position a = locate(tables, early);
  const Position b = locate(tables, late);
  const std::int64_t worked = working_clock<kSlots>(tables, b) - working_clock<kSlots>(tables, a);

  // [early, late) ends in the row before late's when late is at midnight.
  // Spans inside the covered prefix skip that work.
  const bool provisional =
      b.row > tables.covered_prefix_end &&
      check_coverage(tables, Touched{a.row, b.second == 0 ? b.row - 1 : b.row});
  return CalendarResult<std::chrono::seconds>{std::chrono::seconds(reversed ? -worked : worked), provisional};
}

// Calls `body` with the slot count as a compile-time constant when the
// periods are stored inline and a bucket lookup needs at most one step, else
// with 0.
template <class Body>
inline decltype(auto) with_slots(const TableView& tables, Body&& body) {
  if (!tables.one_step_buckets) {
    return body(std::integral_constant<int, 0>());
  }
  switch (tables.period_slots) {
    case 1:
      return body(std::integral_constant<int, 1>());
    case 2:
      return body(std::integral_constant<int, 2>());
    default:
      return body(std::integral_constant<int, 0>());
  }
}

// The row of the `days`-th working day after row `row` (before it for days < 0).
inline std::int64_t add_working_day_rows(const Tables& tables, std::int64_t row, std::int64_t days) {
  std::int64_t k = 0;
  if (days > 0) {
    k = tables.days[static_cast<std::size_t>(row + 1)].working_days_before + days - 1;
  } else {
    k = tables.days[static_cast<std::size_t>(row)].working_days_before + days;
  }
  if (k < 0 || k >= static_cast<std::int64_t>(tables.working_day_entries.size())) {
    throw_result_out_of_range(tables);
  }
  return tables.working_day_entries[static_cast<std::size_t>(k)].row;
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
  bytes += t.day_schedules.capacity() * sizeof(DaySchedule);
  bytes += t.days.capacity() * sizeof(DayRow);
  bytes += t.day_details.capacity() * sizeof(DayDetail);
  bytes += t.names.capacity() * sizeof(DayName);
  for (const DayName& name : t.names) {
    // Short names live inside the string object; count only heap buffers.
    bytes += name.en.capacity() > 15 ? name.en.capacity() + 1 : 0;
    bytes += name.zh.capacity() > 15 ? name.zh.capacity() + 1 : 0;
  }
  bytes += t.working_day_entries.capacity() * sizeof(WorkingDayEntry);
  bytes += t.bucket_first.capacity() * sizeof(std::int32_t);
  bytes += t.hours.seasons.capacity() * sizeof(Season);
  return bytes;
}

DayInfo Calendar::day_info(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  const DayDetail& detail = t.day_details[static_cast<std::size_t>(row)];
  DayInfo info;
  info.date = date;
  info.kind = detail.kind;
  info.working = detail.working != 0;
  info.provisional = t.days[static_cast<std::size_t>(row)].covered_through < 0;
  if (detail.name_index >= 0) {
    const DayName& name = t.names[static_cast<std::size_t>(detail.name_index)];
    info.name_en = name.en;
    info.name_zh = name.zh;
  }
  return info;
}

bool Calendar::is_working_day(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  check_coverage(t, Touched{row, row});
  return t.day_details[static_cast<std::size_t>(row)].working != 0;
}

CalendarResult<DaySchedule> Calendar::working_periods(const Date& date) const {
  const Tables& t = *tables_;
  const std::int64_t row = row_of(t, date);
  const bool provisional = check_coverage(t, Touched{row, row});
  // A day off has schedule 0, the empty one.
  CalendarResult<DaySchedule> result;
  result.provisional = provisional;
  result.value = t.day_schedules[t.day_details[static_cast<std::size_t>(row)].schedule];
  return result;
}

CalendarResult<Instant> Calendar::next_working_instant(Instant instant) const {
  const Tables& t = *tables_;
  const Position at = locate(t, instant);
  const CompactSchedule& today = t.schedules[t.day_details[static_cast<std::size_t>(at.row)].schedule];
  for (std::int32_t i = 0; i < t.period_slots; ++i) {
    // Unused slots are empty periods at 24:00 and never match.
    if (at.second < today.end[i] && today.start[i] < today.end[i]) {
      const bool provisional = check_coverage(t, Touched{at.row, at.row});
      const Instant next = at.second >= today.start[i] ? instant : instant_at(t, at.row, today.start[i]);
      return CalendarResult<Instant>{next, provisional};
    }
  }
  const std::int64_t row = add_working_day_rows(t, at.row, 1);
  const bool provisional = check_coverage(t, Touched{at.row, row});
  return CalendarResult<Instant>{
      instant_at(t, row, t.schedules[t.day_details[static_cast<std::size_t>(row)].schedule].start[0]), provisional};
}

CalendarResult<Instant> Calendar::add_working_time(Instant start, std::chrono::seconds amount) const {
  const Tables& t = *tables_;
  return with_slots(t, [&](auto slots) { return add_seconds<decltype(slots)::value>(t, start, amount.count()); });
}

CalendarResult<std::chrono::seconds> Calendar::elapsed_working_time(Instant from, Instant to) const {
  const Tables& t = *tables_;
  return with_slots(t, [&](auto slots) { return elapsed_seconds<decltype(slots)::value>(t, from, to); });
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
    return add_working_time(start, std::chrono::seconds(std::int64_t{days} * t.standard_day_seconds));
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
  const CompactSchedule& schedule = t.schedules[t.day_details[static_cast<std::size_t>(row)].schedule];
  // The close of the day is the end of its last real period; later slots are
  // empty periods at 24:00.
  std::int64_t close = 0;
  for (std::int32_t i = 0; i < t.period_slots; ++i) {
    close = schedule.end[i] > schedule.start[i] ? schedule.end[i] : close;
  }
  return CalendarResult<Instant>{instant_at(t, row, close), provisional};
}

Deadline Calendar::deadline(Instant start, const TargetSpec& target) const {
  if (target.unit == TargetUnit::working_minutes) {
    if (target.amount < 0) {
      const std::string value = std::to_string(target.amount);
      throw Error(ErrorCode::invalid_argument,
                  "invalid target of " + value + " working minutes: expected 0 or more",
                  "时限 " + value + " 个工作分钟无效：不能为负数");
    }
    // Minutes beyond this overflow when converted to seconds; they lie far
    // outside any calendar's tables anyway.
    constexpr std::int64_t kMaxMinutes = std::numeric_limits<std::int64_t>::max() / 60;
    if (target.amount > kMaxMinutes) {
      throw_result_out_of_range(*tables_);
    }
    const auto due = add_working_time(start, std::chrono::minutes(target.amount));
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
  const TableView t(*tables_);
  return with_slots(t, [&](auto slots) {
    constexpr int kSlots = decltype(slots)::value;
    if (amount.count() > 0) {
      return add_positive_seconds_batch<kSlots>(t, starts, count, amount.count(), out);
    }
    bool provisional = false;
    for (std::size_t i = 0; i < count; ++i) {
      const CalendarResult<Instant> result = add_seconds<kSlots>(t, starts[i], amount.count());
      out[i] = result.value;
      provisional = provisional || result.provisional;
    }
    return provisional;
  });
}

bool Calendar::elapsed_working_time(const Instant* from, const Instant* to, std::size_t count,
                                    std::chrono::seconds* out) const {
  const TableView t(*tables_);
  return with_slots(t, [&](auto slots) {
    bool provisional = false;
    for (std::size_t i = 0; i < count; ++i) {
      const CalendarResult<std::chrono::seconds> result = elapsed_seconds<decltype(slots)::value>(t, from[i], to[i]);
      out[i] = result.value;
      provisional |= result.provisional;
    }
    return provisional;
  });
}

}  // namespace jishiban
