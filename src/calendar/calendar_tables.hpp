// Precomputed tables behind jishiban::Calendar. Private to the library.
#ifndef JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP
#define JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP

#include <cstdint>
#include <vector>

#include "jishiban/calendar/calendar.hpp"

namespace jishiban {

// One day's working periods in seconds since local midnight, with the working
// seconds before each period, so a position inside the day maps to working
// time in a few comparisons.
struct CompactSchedule {
  std::int32_t count = 0;
  std::int32_t total = 0;
  std::int32_t start[DaySchedule::kMaxPeriods] = {};
  std::int32_t end[DaySchedule::kMaxPeriods] = {};
  std::int32_t before[DaySchedule::kMaxPeriods] = {};
};

// One table row per day; the row after the last day contains the totals.
struct DayRow {
  std::int64_t working_seconds_before;  // since the first day of the tables
  std::int32_t working_days_before;
  std::int32_t uncovered_days_before;  // days of years without official data
  std::int32_t name_index;             // into Tables::names, -1 for none
  std::uint16_t schedule;              // into Tables::schedules; 0 is the empty one
  DayKind kind;
  std::uint8_t working;
};

struct Calendar::Tables {
  UtcOffset offset;
  std::int64_t offset_seconds = 0;
  CoveragePolicy coverage = CoveragePolicy::strict;
  WorkingHours hours;
  std::int64_t standard_day_seconds = 0;

  std::int64_t first_day = 0;  // days since 1970-01-01 of the first row
  std::int64_t day_count = 0;  // rows excluding the totals row
  int first_year = 0;
  int last_year = 0;
  std::vector<std::uint8_t> year_covered;  // indexed by year - first_year

  std::vector<CompactSchedule> schedules;
  std::vector<DayRow> days;  // day_count + 1 rows
  std::vector<DayName> names;

  // Working days only: the row index of the k-th working day and the working
  // seconds at its close.
  std::vector<std::int32_t> working_day_row;
  std::vector<std::int64_t> working_seconds_at_close;

  // bucket_first[j] = first k with working_seconds_at_close[k] >= j * bucket_seconds.
  // With bucket_seconds no larger than the shortest working day, a lookup
  // moves at most one working day past the bucket's first entry.
  std::int64_t bucket_seconds = 1;
  std::vector<std::int32_t> bucket_first;
};

}  // namespace jishiban

#endif  // JISHIBAN_SRC_CALENDAR_CALENDAR_TABLES_HPP
