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
// Every query reads one or two rows, so the row is 32 bytes, two to a cache
// line. It carries the first two working periods inline, so for the usual day
// of at most two periods the queries need no schedule lookup.
struct DayRow {
  std::int64_t working_seconds_before;  // since the first day of the tables
  std::int32_t working_days_before;
  // Last row of the run of covered days this row belongs to, or -1 when the
  // row's year has no official data: a span [a, b] is covered exactly when
  // days[a].covered_through >= b.
  std::int32_t covered_through;
  // The first two periods in seconds since midnight; lengths are 0 for a day
  // off and for a missing second period.
  std::int32_t first_start;
  std::int32_t first_length;
  std::int32_t second_start;
  std::int32_t second_length;
};
static_assert(sizeof(DayRow) == 32, "DayRow changed size: check the cache footprint of the tables");

// Facts about a day that the queries rarely need, kept in a separate array so
// they take no room in the hot rows.
struct DayDetail {
  std::int32_t name_index;  // into Tables::names, -1 for none
  std::uint16_t schedule;   // into Tables::schedules; 0 is the empty one
  DayKind kind;
  std::uint8_t working;
};

// One entry per working day, in order. For a day of at most two periods it
// maps a working-clock value straight to Unix seconds: a target in the first
// period falls due at target + first_period_base.
struct WorkingDayEntry {
  std::int64_t working_seconds_at_close;  // since the first day of the tables
  std::int64_t first_period_base;
  // Working clock at the end of the first period minus working_seconds_at_close
  // (0 for a one-period day, negative otherwise).
  std::int32_t first_period_end_offset;
  // Offset added to first_period_base for a target in the second period: the
  // lunch break in seconds.
  std::int32_t second_period_shift;
  std::int32_t row;
  std::int32_t schedule;
};
static_assert(sizeof(WorkingDayEntry) == 32, "WorkingDayEntry changed size");

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
  // Last row of the covered run that starts at row 0, or -1 when the first
  // year is not covered.
  std::int64_t covered_prefix_end = -1;

  std::vector<CompactSchedule> schedules;
  std::vector<DaySchedule> day_schedules;  // the same schedules, as the public type
  std::int32_t period_slots = 0;  // the largest period count of any schedule
  std::vector<DayRow> days;  // day_count + 1 rows
  std::vector<DayDetail> day_details;  // day_count rows
  std::vector<DayName> names;

  std::int64_t total_working_seconds = 0;

  std::vector<WorkingDayEntry> working_day_entries;

  // bucket_first[j] = first k with working_seconds_at_close >= j << bucket_shift.
  // A bucket is no wider than the shortest working day, so a lookup moves at
  // most one working day past the bucket's first entry. A power of two keeps
  // the lookup a shift instead of a division.
  int bucket_shift = 0;
  bool one_step_buckets = true;  // false when the cap made buckets wider than the shortest day
  std::vector<std::int32_t> bucket_first;
};

}  // namespace jishiban

#endif  // JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP
