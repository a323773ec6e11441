// Precomputed tables behind jishiban::Calendar. Private to the library.
#ifndef JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP
#define JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP

#include <cstdint>
#include <vector>

#include "jishiban/calendar/calendar.hpp"

namespace jishiban {

// One day's working periods in seconds since local midnight. Every schedule
// of a calendar has the same number of slots, Tables::period_slots, so the
// queries run fixed-length loops without data-dependent branches: unused
// slots are empty periods at 24:00, and the empty schedule of a day off has
// only such slots.
struct CompactSchedule {
  // 64-bit fields spare the hot loops sign extensions when mixing them with
  // 64-bit working-time counts.
  std::int64_t total = 0;
  std::int64_t start[DaySchedule::kMaxPeriods] = {};
  std::int64_t end[DaySchedule::kMaxPeriods] = {};
  std::int64_t length[DaySchedule::kMaxPeriods] = {};
  std::int64_t before[DaySchedule::kMaxPeriods] = {};   // working seconds before the period
  std::int64_t through[DaySchedule::kMaxPeriods] = {};  // working seconds at the period's end
};

// One table row per day; the row after the last day contains the totals.
// Kept at 24 bytes because every query reads one or two rows.
struct DayRow {
  std::int64_t working_seconds_before;  // since the first day of the tables
  std::int32_t working_days_before;
  // Last row of the run of covered days this row belongs to, or -1 when the
  // row's year has no official data: a span [a, b] is covered exactly when
  // days[a].covered_through >= b.
  std::int32_t covered_through;
  std::int32_t name_index;  // into Tables::names, -1 for none
  std::uint16_t schedule;   // into Tables::schedules; 0 is the empty one
  DayKind kind;
  std::uint8_t working;
};
static_assert(sizeof(DayRow) == 24, "DayRow grew: check the cache footprint of the tables");

// One entry per working day, in order.
struct WorkingDayEntry {
  std::int64_t working_seconds_at_close;  // since the first day of the tables
  std::int32_t row;
  std::int32_t schedule;
};

struct Calendar::Tables {
  UtcOffset offset;
  std::int64_t offset_seconds = 0;
  CoveragePolicy coverage = CoveragePolicy::strict;
  WorkingHours hours;
  std::int64_t standard_day_seconds = 0;

  std::int64_t first_day = 0;  // days since 1970-01-01 of the first row
  std::int64_t first_local_second = 0;  // first_day * 86400
  std::int64_t day_count = 0;  // rows excluding the totals row
  int first_year = 0;
  int last_year = 0;
  std::vector<std::uint8_t> year_covered;  // indexed by year - first_year

  std::vector<CompactSchedule> schedules;
  std::int32_t period_slots = 0;  // the largest period count of any schedule
  std::vector<DayRow> days;  // day_count + 1 rows
  std::vector<DayName> names;

  std::int64_t total_working_seconds = 0;

  std::vector<WorkingDayEntry> working_day_entries;

  // bucket_first[j] = first k with working_seconds_at_close >= j << bucket_shift.
  // A bucket is no wider than the shortest working day, so a lookup moves at
  // most one working day past the bucket's first entry. A power of two keeps
  // the lookup a shift instead of a division.
  int bucket_shift = 0;
  std::vector<std::int32_t> bucket_first;
};

}  // namespace jishiban

#endif  // JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP
