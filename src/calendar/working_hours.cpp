#include "jishiban/calendar/working_hours.hpp"

#include "calendar/annual_seasons.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban {
namespace {

std::string describe(const WorkingPeriod& period) {
  return format_time_of_day(period.start) + "-" + format_time_of_day(period.end);
}

// Month-day as a sortable number: March 5 -> 305.
int month_day_key(int month, int day) { return month * 100 + day; }

bool annual_contains(const Season& season, int month, int day) {
  const int key = month_day_key(month, day);
  const int first = month_day_key(season.first_month, season.first_day);
  const int last = month_day_key(season.last_month, season.last_day);
  return first <= last ? (first <= key && key <= last) : (key >= first || key <= last);
}

}  // namespace

DaySchedule::DaySchedule(std::initializer_list<WorkingPeriod> periods) {
  if (periods.size() == 0) {
    throw Error(ErrorCode::invalid_argument, "a day schedule needs at least one working period",
                "工作时段表至少需要一个时段");
  }
  for (const WorkingPeriod& period : periods) {
    append(period);
  }
}

void DaySchedule::append(WorkingPeriod period) {
  if (period.end <= period.start) {
    throw Error(ErrorCode::invalid_argument,
                "invalid working period " + describe(period) + ": the end must come after the start",
                "无效的工作时段 " + describe(period) + "：结束时刻必须晚于开始时刻");
  }
  if (period.start.seconds_since_midnight() < 0) {
    throw Error(ErrorCode::invalid_argument,
                "invalid working period " + describe(period) + ": it starts before 00:00",
                "无效的工作时段 " + describe(period) + "：开始时刻早于 00:00");
  }
  if (period.end.seconds_since_midnight() > TimeOfDay::kSecondsPerDay) {
    throw Error(ErrorCode::invalid_argument,
                "invalid working period " + describe(period) + ": it ends after 24:00",
                "无效的工作时段 " + describe(period) + "：结束时刻晚于 24:00");
  }
  if (size_ > 0 && period.start < periods_[size_ - 1].end) {
    throw Error(ErrorCode::invalid_argument,
                "working period " + describe(period) + " overlaps or precedes " +
                    describe(periods_[size_ - 1]) + "; list periods in order without overlap",
                "工作时段 " + describe(period) + " 与 " + describe(periods_[size_ - 1]) +
                    " 重叠或顺序颠倒，请按时间顺序列出且不要重叠");
  }
  if (size_ == kMaxPeriods) {
    throw Error(ErrorCode::invalid_argument,
                "a day has more than " + std::to_string(kMaxPeriods) + " working periods",
                "一天的工作时段超过 " + std::to_string(kMaxPeriods) + " 个");
  }
  periods_[size_++] = period;
}

std::chrono::seconds DaySchedule::total() const noexcept {
  std::chrono::seconds sum(0);
  for (const WorkingPeriod& period : *this) {
    sum += period.length();
  }
  return sum;
}

bool operator==(const DaySchedule& a, const DaySchedule& b) noexcept {
  if (a.size_ != b.size_) {
    return false;
  }
  for (std::size_t i = 0; i < a.size_; ++i) {
    if (a.periods_[i] != b.periods_[i]) {
      return false;
    }
  }
  return true;
}

bool Season::contains(const Date& date) const {
  if (!is_annual()) {
    return *first_date <= date && date <= *last_date;
  }
  const auto ymd = date.year_month_day();
  return annual_contains(*this, ymd.month, ymd.day);
}

WorkingHours WorkingHours::standard() {
  WorkingHours hours;
  hours.regular.all_days =
      DaySchedule{{TimeOfDay(8, 30), TimeOfDay(12, 0)}, {TimeOfDay(13, 0), TimeOfDay(17, 0)}};
  return hours;
}

const DaySchedule& WorkingHours::schedule_for(const Date& date) const {
  const int weekday = date.day_of_week().as_number();
  const Season* annual_match = nullptr;
  for (const Season& season : seasons) {
    if (!season.contains(date)) {
      continue;
    }
    if (!season.is_annual()) {
      return season.hours.for_weekday(weekday);
    }
    annual_match = &season;
  }
  return annual_match != nullptr ? annual_match->hours.for_weekday(weekday) : regular.for_weekday(weekday);
}

void WorkingHours::validate() const {
  if (regular.all_days.empty()) {
    throw Error(ErrorCode::invalid_data, "the default working hours have no period",
                "默认工作时间没有任何时段");
  }

  const auto overlap = [](const Season& first, const Season& second, const std::string& day) {
    throw Error(ErrorCode::invalid_data,
                "seasons \"" + first.name + "\" and \"" + second.name + "\" overlap on " + day,
                "季节 \"" + first.name + "\" 与 \"" + second.name + "\" 在 " + day + " 重叠");
  };

  std::vector<const Season*> fixed;
  for (const Season& season : seasons) {
    if (season.hours.all_days.empty()) {
      throw Error(ErrorCode::invalid_data, "season \"" + season.name + "\" has no working period",
                  "季节 \"" + season.name + "\" 没有任何工作时段");
    }
    if (!season.is_annual()) {
      if (*season.last_date < *season.first_date) {
        throw Error(ErrorCode::invalid_data,
                    "season \"" + season.name + "\" is empty: it ends (" + format_date(*season.last_date) +
                        ") before it starts (" + format_date(*season.first_date) + ")",
                    "季节 \"" + season.name + "\" 为空：结束日期 " + format_date(*season.last_date) +
                        " 早于开始日期 " + format_date(*season.first_date));
      }
      fixed.push_back(&season);
    }
  }

  // Annual seasons: the lookup raises on the first shared month-day.
  detail::annual_seasons_by_leap_day(seasons);

  // Fixed seasons (a fixed season overrides an annual one by design): after
  // sorting by first day, a season overlaps an earlier one exactly when it
  // starts on or before the latest end seen so far.
  std::sort(fixed.begin(), fixed.end(),
            [](const Season* a, const Season* b) { return *a->first_date < *b->first_date; });
  const Season* latest_end = nullptr;
  for (const Season* season : fixed) {
    if (latest_end != nullptr && *season->first_date <= *latest_end->last_date) {
      overlap(*latest_end, *season, format_date(*season->first_date));
    }
    if (latest_end == nullptr || *latest_end->last_date < *season->last_date) {
      latest_end = season;
    }
  }
}

namespace detail {

std::size_t leap_year_day_index(int month, int day) {
  static const Date kLeapStart(2024, 1, 1);
  const Date same_day(2024, static_cast<unsigned short>(month), static_cast<unsigned short>(day));
  return static_cast<std::size_t>((same_day - kLeapStart).days());
}

std::array<const Season*, kLeapYearDays> annual_seasons_by_leap_day(const std::vector<Season>& seasons) {
  // One pass over the month-days of each season finds overlaps without
  // comparing every pair of seasons.
  std::array<const Season*, kLeapYearDays> owner{};
  const Date leap_start(2024, 1, 1);
  for (const Season& season : seasons) {
    if (!season.is_annual()) {
      continue;
    }
    for (std::size_t offset = 0; offset < owner.size(); ++offset) {
      const Date day = leap_start + boost::gregorian::date_duration(static_cast<long>(offset));
      const auto ymd = day.year_month_day();
      if (!annual_contains(season, ymd.month, ymd.day)) {
        continue;
      }
      if (owner[offset] != nullptr) {
        const std::string month_day = format_date(day).substr(5);
        throw Error(ErrorCode::invalid_data,
                    "seasons \"" + owner[offset]->name + "\" and \"" + season.name + "\" overlap on " + month_day,
                    "季节 \"" + owner[offset]->name + "\" 与 \"" + season.name + "\" 在 " + month_day + " 重叠");
      }
      owner[offset] = &season;
    }
  }
  return owner;
}

}  // namespace detail
}  // namespace jishiban
