// The weekly trend of a report: counts by ISO 8601 week in the calendar's
// zone, collected ticket by ticket and written out as WeekReport rows.
#ifndef JISHIBAN_SRC_REPORT_REPORT_WEEKS_HPP
#define JISHIBAN_SRC_REPORT_REPORT_WEEKS_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "jishiban/report/report.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban::detail {

// Weeks are numbered from the week of 1970-01-01 (week 0, which starts on
// Monday 1969-12-29 in the zone). The first week shown contains the
// earliest receipt. The last week shown contains the last second before
// the earlier of `to` and as_of.
class WeekTrend {
 public:
  WeekTrend(UtcOffset zone, Instant to, Instant as_of);

  // The instant at which the last week's overdue tickets are counted: the
  // week's end, or as_of when that comes first.
  Instant last_instant() const noexcept { return last_instant_; }

  void add_received(Instant received_at);

  // A ticket closed at `closed_at` (at or before as_of), judged on time or
  // late when `judged`.
  void add_closed(Instant closed_at, bool judged, bool on_time);

  // A ticket breached during each span [begin, end), where an empty end
  // means still running. `overdue_at_last` is true when the ticket is
  // breached at last_instant(), which the caller judges with the clocks.
  void add_overdue(const std::vector<std::pair<Instant, std::optional<Instant>>>& spans, bool overdue_at_last);

  std::vector<WeekReport> finish() const;

  // The week that contains `instant`, and the instant its Monday 00:00 is.
  std::int64_t week_of(Instant instant) const noexcept;
  Instant week_start(std::int64_t week) const noexcept;

 private:
  struct Counts {
    std::int64_t received = 0;
    std::int64_t closed = 0;
    std::int64_t closed_on_time = 0;
    std::int64_t closed_late = 0;
    // The change in tickets overdue at the week's end against the previous
    // week, summed into a running count by finish().
    std::int64_t overdue_change = 0;
  };

  UtcOffset zone_;
  std::int64_t last_week_ = 0;
  Instant last_instant_;
  std::optional<std::int64_t> first_week_;
  std::int64_t overdue_at_last_ = 0;
  std::map<std::int64_t, Counts> counts_;
};

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_REPORT_REPORT_WEEKS_HPP
