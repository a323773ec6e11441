#include "report/report_weeks.hpp"

#include <algorithm>
#include <chrono>

namespace jishiban::detail {

namespace {

constexpr std::int64_t kSecondsPerWeek = 7 * 86400;

// 1970-01-01 was a Thursday, so its week began 3 days earlier.
constexpr std::int64_t kEpochWeekdayOffset = 3 * 86400;

std::int64_t floor_divide(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return value % divisor < 0 ? quotient - 1 : quotient;
}

}  // namespace

WeekTrend::WeekTrend(UtcOffset zone, Instant to, Instant as_of) : zone_(zone) {
  const Instant end = std::min(to, as_of);
  last_week_ = week_of(end - std::chrono::seconds(1));
  last_instant_ = std::min(week_start(last_week_ + 1), as_of);
}

std::int64_t WeekTrend::week_of(Instant instant) const noexcept {
  return floor_divide(instant.unix_seconds() + zone_.seconds().count() + kEpochWeekdayOffset, kSecondsPerWeek);
}

Instant WeekTrend::week_start(std::int64_t week) const noexcept {
  return Instant::from_unix_seconds(week * kSecondsPerWeek - kEpochWeekdayOffset - zone_.seconds().count());
}

void WeekTrend::add_received(Instant received_at) {
  const std::int64_t week = week_of(received_at);
  first_week_ = first_week_ ? std::min(*first_week_, week) : week;
  if (week <= last_week_) {
    counts_[week].received += 1;
  }
}

void WeekTrend::add_closed(Instant closed_at, bool judged, bool on_time) {
  const std::int64_t week = week_of(closed_at);
  if (week > last_week_) {
    return;
  }
  Counts& counts = counts_[week];
  counts.closed += 1;
  if (judged) {
    (on_time ? counts.closed_on_time : counts.closed_late) += 1;
  }
}

void WeekTrend::add_overdue(const std::vector<std::pair<Instant, std::optional<Instant>>>& spans,
                            bool overdue_at_last) {
  if (overdue_at_last) {
    overdue_at_last_ += 1;
  }

  // Week k (before the last) counts at its end, the start of week k + 1. That
  // instant lies in [begin, end) exactly for the weeks from
  // week_of(begin - 1s) up to, not including, week_of(end - 1s).
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  for (const auto& span : spans) {
    const std::int64_t first = week_of(span.first - std::chrono::seconds(1));
    std::int64_t stop = span.second ? week_of(*span.second - std::chrono::seconds(1)) : last_week_;
    stop = std::min(stop, last_week_);
    if (first < stop) {
      ranges.emplace_back(first, stop);
    }
  }

  // Overlapping spans of one ticket count it once.
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::int64_t, std::int64_t>> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  for (const auto& range : merged) {
    counts_[range.first].overdue_change += 1;
    counts_[range.second].overdue_change -= 1;
  }
}

std::vector<WeekReport> WeekTrend::finish() const {
  std::vector<WeekReport> weeks;
  if (!first_week_ || *first_week_ > last_week_) {
    return weeks;
  }

  std::int64_t overdue = 0;
  auto next = counts_.begin();
  for (; next != counts_.end() && next->first < *first_week_; ++next) {
    overdue += next->second.overdue_change;
  }

  for (std::int64_t week = *first_week_; week <= last_week_; ++week) {
    WeekReport row;
    row.begin = week_start(week);
    row.end = week_start(week + 1);
    // The ISO year and week number are those of the week's Thursday.
    const Date thursday = to_civil(row.begin + std::chrono::seconds(kEpochWeekdayOffset), zone_).date;
    row.iso_year = thursday.year();
    row.iso_week = (thursday.day_of_year() - 1) / 7 + 1;

    if (next != counts_.end() && next->first == week) {
      const Counts& counts = next->second;
      row.received = counts.received;
      row.closed = counts.closed;
      row.closed_on_time = counts.closed_on_time;
      row.closed_late = counts.closed_late;
      overdue += counts.overdue_change;
      ++next;
    }
    const std::int64_t judged = row.closed_on_time + row.closed_late;
    if (judged > 0) {
      row.on_time_rate = static_cast<double>(row.closed_on_time) / static_cast<double>(judged);
    }
    row.overdue_at_end = week == last_week_ ? overdue_at_last_ : overdue;
    weeks.push_back(row);
  }
  return weeks;
}

}  // namespace jishiban::detail
