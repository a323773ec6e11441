// Builds the precomputed tables of a Calendar from its data.
#include "calendar/calendar_tables.hpp"

#include "calendar/annual_seasons.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "jishiban/error.hpp"

namespace jishiban {
namespace detail {

namespace {

CompactSchedule compact(const DaySchedule& schedule) {
  CompactSchedule out;
  std::int64_t before = 0;
  for (std::size_t i = 0; i < DaySchedule::kMaxPeriods; ++i) {
    if (i < schedule.size()) {
      out.start[i] = schedule[i].start.seconds_since_midnight();
      out.end[i] = schedule[i].end.seconds_since_midnight();
    } else {
      out.start[i] = TimeOfDay::kSecondsPerDay;
      out.end[i] = TimeOfDay::kSecondsPerDay;
    }
    out.length[i] = out.end[i] - out.start[i];
    out.before[i] = before;
    before += out.length[i];
    out.through[i] = before;
  }
  out.total = before;
  return out;
}

bool is_weekend(const Date& date) {
  const int weekday = date.day_of_week().as_number();
  return weekday == 0 || weekday == 6;
}

// The weekly hours in force on each row: a fixed season's, else an annual
// season's, else the regular hours. Built by painting ranges rather than by
// asking every season about every day, so many seasons stay cheap.
std::vector<const WeeklyHours*> weekly_hours_by_row(const WorkingHours& hours, const Date& first_date,
                                                    std::int64_t day_count) {
  const auto annual = annual_seasons_by_leap_day(hours.seasons);

  std::vector<const WeeklyHours*> by_row(static_cast<std::size_t>(day_count), &hours.regular);
  Date date = first_date;
  for (std::size_t row = 0; row < by_row.size(); ++row, date += boost::gregorian::date_duration(1)) {
    const auto ymd = date.year_month_day();
    const Season* seasonal = annual[leap_year_day_index(ymd.month, ymd.day)];
    if (seasonal != nullptr) {
      by_row[row] = &seasonal->hours;
    }
  }

  const std::int64_t first = days_since_epoch(first_date);
  for (const Season& season : hours.seasons) {
    if (season.is_annual()) {
      continue;
    }
    const std::int64_t begin = std::max<std::int64_t>(days_since_epoch(*season.first_date) - first, 0);
    const std::int64_t end = std::min<std::int64_t>(days_since_epoch(*season.last_date) - first + 1, day_count);
    for (std::int64_t row = begin; row < end; ++row) {
      by_row[static_cast<std::size_t>(row)] = &season.hours;
    }
  }
  return by_row;
}

}  // namespace

std::shared_ptr<const Calendar::Tables> build_calendar_tables(const CalendarData& data,
                                                              const CalendarOptions& options) {
  if (options.provisional_years < 0 || options.provisional_years > 50) {
    const std::string value = std::to_string(options.provisional_years);
    throw Error(ErrorCode::invalid_argument,
                "invalid provisional_years " + value + ": expected 0 to 50",
                "无效的 provisional_years " + value + "：应为 0 到 50");
  }
  // CalendarData built in C++ skips the JSON parser's checks, so the values
  // the tables rely on are checked again here.
  for (const int year : data.years) {
    if (year < 1900 || year > 2199) {
      const std::string value = std::to_string(year);
      throw Error(ErrorCode::invalid_data, data.source + ": year " + value + " is outside 1900-2199",
                  data.source + "：年份 " + value + " 超出 1900-2199 的范围");
    }
  }
  if (data.utc_offset && (data.utc_offset->minutes().count() > 18 * 60 || data.utc_offset->minutes().count() < -18 * 60)) {
    const std::string value = std::to_string(data.utc_offset->minutes().count());
    throw Error(ErrorCode::invalid_data, data.source + ": UTC offset of " + value + " minutes is beyond ±18:00",
                data.source + "：UTC 偏移 " + value + " 分钟超出 ±18:00");
  }
  if (data.years.empty()) {
    throw Error(ErrorCode::invalid_data,
                data.source + ": the data covers no year; list at least one year in \"years\"",
                data.source + "：数据未覆盖任何年份，请在 \"years\" 中至少列出一年");
  }

  auto tables = std::make_shared<Calendar::Tables>();
  tables->offset = data.utc_offset.value_or(UtcOffset::china());
  tables->offset_seconds = tables->offset.seconds().count();
  tables->coverage = options.coverage;
  tables->hours = data.working_hours.value_or(WorkingHours::standard());
  tables->hours.validate();
  tables->standard_day_seconds = tables->hours.standard_day_length().count();

  tables->first_year = *data.years.begin();
  tables->last_year = *data.years.rbegin() + options.provisional_years;
  for (int year = tables->first_year; year <= tables->last_year; ++year) {
    tables->year_covered.push_back(data.years.count(year) != 0 ? 1 : 0);
  }

  const Date first_date(static_cast<unsigned short>(tables->first_year), 1, 1);
  const Date last_date(static_cast<unsigned short>(tables->last_year), 12, 31);
  tables->first_day = days_since_epoch(first_date);
  tables->day_count = days_since_epoch(last_date) - tables->first_day + 1;
  tables->first_local_second = tables->first_day * TimeOfDay::kSecondsPerDay;

  // Schedule 0 is the empty schedule of days off; the others are deduplicated.
  tables->schedules.push_back(compact(DaySchedule{}));
  tables->day_schedules.emplace_back();

  tables->days.reserve(static_cast<std::size_t>(tables->day_count) + 1);
  tables->day_details.reserve(static_cast<std::size_t>(tables->day_count));
  std::int64_t working_seconds = 0;
  std::int32_t working_days = 0;
  std::int64_t shortest_day = std::numeric_limits<std::int64_t>::max();

  const std::vector<const WeeklyHours*> hours_by_row = weekly_hours_by_row(tables->hours, first_date, tables->day_count);
  std::map<std::vector<std::int32_t>, std::uint16_t> schedule_index;

  Date date = first_date;
  for (std::int64_t row = 0; row < tables->day_count; ++row, date += boost::gregorian::date_duration(1)) {
    DayRow day{};
    day.working_seconds_before = working_seconds;
    day.working_days_before = working_days;
    DayDetail detail{};
    detail.name_index = -1;

    const auto holiday = data.holidays.find(date);
    const auto workday = data.workdays.find(date);
    if (holiday != data.holidays.end()) {
      detail.kind = DayKind::holiday;
      detail.name_index = static_cast<std::int32_t>(tables->names.size());
      tables->names.push_back(holiday->second);
    } else if (workday != data.workdays.end()) {
      detail.kind = DayKind::make_up_working_day;
      detail.name_index = static_cast<std::int32_t>(tables->names.size());
      tables->names.push_back(workday->second);
    } else {
      detail.kind = is_weekend(date) ? DayKind::rest_day : DayKind::working_day;
    }
    detail.working = detail.kind == DayKind::working_day || detail.kind == DayKind::make_up_working_day;

    if (detail.working) {
      const DaySchedule& schedule =
          hours_by_row[static_cast<std::size_t>(row)]->for_weekday(date.day_of_week().as_number());
      std::vector<std::int32_t> key;
      for (const WorkingPeriod& period : schedule) {
        key.push_back(period.start.seconds_since_midnight());
        key.push_back(period.end.seconds_since_midnight());
      }
      auto found = schedule_index.find(key);
      if (found == schedule_index.end()) {
        if (tables->schedules.size() > std::numeric_limits<std::uint16_t>::max()) {
          throw Error(ErrorCode::invalid_data,
                      data.source + ": more than 65535 different day schedules; merge seasons with equal hours",
                      data.source + "：不同的日工作时段超过 65535 种，请合并工作时间相同的季节");
        }
        found = schedule_index.emplace(key, static_cast<std::uint16_t>(tables->schedules.size())).first;
        tables->schedules.push_back(compact(schedule));
        tables->day_schedules.push_back(schedule);
        tables->period_slots = std::max(tables->period_slots, static_cast<std::int32_t>(schedule.size()));
      }
      detail.schedule = found->second;
      const CompactSchedule& compacted = tables->schedules[detail.schedule];
      day.first_start = static_cast<std::int32_t>(compacted.start[0]);
      day.first_length = static_cast<std::int32_t>(compacted.length[0]);
      day.second_start = static_cast<std::int32_t>(compacted.start[1]);
      day.second_length = static_cast<std::int32_t>(compacted.length[1]);

      const std::int64_t length = compacted.total;
      working_seconds += length;
      working_days += 1;
      shortest_day = std::min(shortest_day, length);

      // A target x working seconds after the day opens lies at second
      // first_start + x of the day in the first period, and at
      // second_start - first_length + x in the second.
      const std::int64_t opening_clock = working_seconds - compacted.total;
      const std::int64_t local_midnight = tables->first_local_second + row * TimeOfDay::kSecondsPerDay;
      WorkingDayEntry entry{};
      entry.working_seconds_at_close = working_seconds;
      entry.first_period_base = local_midnight - tables->offset_seconds + compacted.start[0] - opening_clock;
      entry.first_period_end_offset = static_cast<std::int32_t>(compacted.through[0] - compacted.total);
      entry.second_period_shift =
          static_cast<std::int32_t>(compacted.start[1] - compacted.through[0] - compacted.start[0]);
      entry.row = static_cast<std::int32_t>(row);
      entry.schedule = detail.schedule;
      tables->working_day_entries.push_back(entry);
    }
    day.covered_through =
        tables->year_covered[static_cast<std::size_t>(date.year() - tables->first_year)] != 0 ? 0 : -1;
    tables->days.push_back(day);
    tables->day_details.push_back(detail);
  }

  DayRow totals{};
  totals.working_seconds_before = working_seconds;
  totals.working_days_before = working_days;
  totals.covered_through = -1;
  tables->days.push_back(totals);

  if (working_days == 0) {
    throw Error(ErrorCode::invalid_data, data.source + ": the calendar has no working day",
                data.source + "：日历中没有任何工作日");
  }

  tables->total_working_seconds = working_seconds;

  // Each covered row learns the last row of its covered run, walking back.
  std::int32_t run_end = -1;
  for (std::int64_t row = tables->day_count - 1; row >= 0; --row) {
    DayRow& day = tables->days[static_cast<std::size_t>(row)];
    if (day.covered_through < 0) {
      run_end = -1;
      continue;
    }
    if (run_end < 0) {
      run_end = static_cast<std::int32_t>(row);
    }
    day.covered_through = run_end;
  }
  tables->covered_prefix_end = tables->days.front().covered_through;

  // Buckets no wider than the shortest working day keep a lookup to one
  // extra step. A pathological schedule of seconds-long days would need that
  // many buckets, so their number is capped at about four per working day.
  // With such a schedule a lookup may step over several days.
  const std::int64_t cap = (working_seconds + 4 * std::int64_t{working_days} - 1) / (4 * std::int64_t{working_days});
  const std::int64_t width = std::max<std::int64_t>(shortest_day, cap);
  int shift = 0;
  while ((std::int64_t{2} << shift) <= width) {
    ++shift;
  }
  tables->bucket_shift = shift;
  tables->one_step_buckets = (std::int64_t{1} << shift) <= shortest_day;
  const std::int64_t bucket_count = (working_seconds >> shift) + 1;
  tables->bucket_first.resize(static_cast<std::size_t>(bucket_count));
  std::size_t k = 0;
  const auto& entries = tables->working_day_entries;
  for (std::int64_t j = 0; j < bucket_count; ++j) {
    const std::int64_t threshold = j << shift;
    while (k < entries.size() && entries[k].working_seconds_at_close < threshold) {
      ++k;
    }
    tables->bucket_first[static_cast<std::size_t>(j)] = static_cast<std::int32_t>(k);
  }
  return tables;
}

}  // namespace detail
}  // namespace jishiban
