// build_report: one pass over the store's tickets, then the percentiles,
// the week rows and the sorting.
#include "jishiban/report/report.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jishiban/time/iso8601.hpp"
#include "report/report_weeks.hpp"

namespace jishiban {

namespace {

constexpr std::size_t kChannels = 3;    // Channel::hotline, email, wechat
constexpr std::size_t kCategories = 3;  // Category::consultation, general, difficult

// The linear interpolation between the nearest ranks (numpy.percentile's
// default) at `fraction` of the sorted order, or std::nullopt for no values.
// Reorders `values`.
std::optional<double> percentile(std::vector<double>& values, double fraction) {
  if (values.empty()) {
    return std::nullopt;
  }
  const double rank = fraction * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(rank);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lower), values.end());
  const double low = values[lower];
  if (lower + 1 >= values.size()) {
    return low;
  }
  // After nth_element every value past `lower` is at least `low`, so the
  // next rank is the smallest of them.
  const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lower) + 1, values.end());
  return low + (rank - static_cast<double>(lower)) * (high - low);
}

std::optional<double> ratio(std::int64_t part, std::int64_t whole) {
  if (whole == 0) {
    return std::nullopt;
  }
  return static_cast<double>(part) / static_cast<double>(whole);
}

// Whether `clock` is running and breached at `at`, as SlaClock::status
// judges it, with a clock that started after `at` counted as not running
// and one that stopped after `at` as still running.
bool breached_at(const SlaClock& clock, Instant at) {
  if (clock.start > at || (clock.stopped_at && *clock.stopped_at <= at)) {
    return false;
  }
  const Instant judged = clock.paused_at && *clock.paused_at < at ? *clock.paused_at : at;
  return judged >= clock.due;
}

// The instants [first, second) at which breached_at(clock, instant) holds,
// with an empty second while the clock runs. A clock paused before its due
// instant is never breached, and one paused after it stays breached until
// it stops.
using BreachSpan = std::pair<Instant, std::optional<Instant>>;

std::optional<BreachSpan> breach_span(const SlaClock& clock) {
  if (clock.paused_at && *clock.paused_at < clock.due) {
    return std::nullopt;
  }
  const Instant begin = std::max(clock.due, clock.start);
  if (clock.stopped_at && *clock.stopped_at <= begin) {
    return std::nullopt;
  }
  return BreachSpan{begin, clock.stopped_at};
}

// The figures of one ticket, decided once and added to every group it
// belongs to.
struct TicketFacts {
  bool replied = false;    // a reply or explanation at or before as_of
  bool cancelled = false;  // withdrawn or merged at or before as_of
  Instant closed_at;       // when `replied` or `cancelled`
  bool judged = false;     // replied, with a stopped handling clock
  bool on_time = false;    // judged and stopped before due
  std::optional<double> hours_to_reply;
  bool overdue = false;
  bool visit_reached = false;
  bool visit_satisfied = false;
};

// A HandlingStats being filled, with the durations its percentiles need.
struct StatsBuilder {
  HandlingStats stats;
  std::vector<double> hours_to_reply;

  void add(const Ticket& ticket, const TicketFacts& facts) {
    stats.received += 1;
    if (facts.replied || facts.cancelled) {
      stats.closed += 1;
    }
    if (facts.cancelled) {
      stats.cancelled += 1;
    }
    if (facts.judged) {
      (facts.on_time ? stats.closed_on_time : stats.closed_late) += 1;
    }
    if (facts.overdue) {
      stats.overdue_now += 1;
    }
    if (facts.hours_to_reply) {
      hours_to_reply.push_back(*facts.hours_to_reply);
    }
    stats.returns += ticket.returns;
    if (ticket.handling_clock) {
      stats.extensions += ticket.handling_clock->extensions;
      if (ticket.handling_clock->paused.count() > 0 || ticket.handling_clock->paused_at) {
        stats.suspended += 1;
      }
    }
    if (ticket.declined) {
      stats.declined += 1;
    }
    if (facts.visit_reached) {
      stats.visits_reached += 1;
    }
    if (facts.visit_satisfied) {
      stats.visits_satisfied += 1;
    }
  }

  HandlingStats finish() {
    stats.on_time_rate = ratio(stats.closed_on_time, stats.closed_on_time + stats.closed_late);
    stats.satisfaction_rate = ratio(stats.visits_satisfied, stats.visits_reached);
    stats.median_hours_to_reply = percentile(hours_to_reply, 0.5);
    stats.p90_hours_to_reply = percentile(hours_to_reply, 0.9);
    hours_to_reply = std::vector<double>();
    return stats;
  }
};

struct ChannelBuilder {
  ChannelReport row;
  std::vector<double> minutes_to_dispatch;
};

// An overdue ticket with its ticket number's parts, for sorting.
struct OverdueEntry {
  int year = 0;
  std::int64_t sequence = 0;
  OverdueTicket row;
};

double to_hours(std::chrono::seconds working_time) { return static_cast<double>(working_time.count()) / 3600.0; }

// Whether the ticket was declined at intake (by the office) rather than
// after dispatch (by the unit). Only the explanation of an intake decline
// sets Closure::declined, and only a decline after dispatch is a reply
// recorded together with `declined`.
bool declined_at_intake(const Ticket& ticket) {
  return ticket.declined && (!ticket.replied_at || ticket.closure == Closure::declined);
}

class ReportBuilder {
 public:
  ReportBuilder(const Calendar& calendar, Instant from, Instant to, Instant as_of)
      : calendar_(calendar), from_(from), to_(to), as_of_(as_of), weeks_(calendar.utc_offset(), to, as_of) {
    for (std::size_t i = 0; i < kChannels; ++i) {
      channels_[i].row.channel = static_cast<Channel>(i);
    }
  }

  void add(const Ticket& ticket) {
    if (ticket.received_at < from_ || ticket.received_at >= to_ || ticket.received_at > as_of_) {
      return;
    }
    const TicketFacts facts = facts_of(ticket);
    totals_.add(ticket, facts);
    units_[ticket.lead_unit].add(ticket, facts);
    if (ticket.category) {
      categories_[static_cast<std::size_t>(*ticket.category)].add(ticket, facts);
    } else {
      uncategorized_.add(ticket, facts);
    }
    add_dispatch(ticket);
    if (facts.overdue) {
      add_overdue(ticket);
    }
    add_to_weeks(ticket, facts);
  }

  Report finish() {
    Report report;
    report.from = from_;
    report.to = to_;
    report.as_of = as_of_;
    report.zone = calendar_.utc_offset();
    report.totals = totals_.finish();

    std::vector<std::string> names;
    names.reserve(units_.size());
    for (const auto& unit : units_) {
      names.push_back(unit.first);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      report.units.push_back(UnitReport{name, units_[name].finish()});
    }

    for (ChannelBuilder& channel : channels_) {
      channel.row.dispatch_on_time_rate = ratio(channel.row.dispatched_on_time, channel.row.dispatched);
      channel.row.median_minutes_to_dispatch = percentile(channel.minutes_to_dispatch, 0.5);
      report.channels.push_back(channel.row);
    }

    for (std::size_t i = 0; i < kCategories; ++i) {
      report.categories.push_back(CategoryReport{static_cast<Category>(i), categories_[i].finish()});
    }
    if (uncategorized_.stats.received > 0) {
      report.categories.push_back(CategoryReport{std::nullopt, uncategorized_.finish()});
    }

    std::sort(overdue_.begin(), overdue_.end(), [](const OverdueEntry& a, const OverdueEntry& b) {
      return std::make_tuple(-a.row.overdue_working_minutes, a.year, a.sequence, std::string_view(a.row.ticket_id)) <
             std::make_tuple(-b.row.overdue_working_minutes, b.year, b.sequence, std::string_view(b.row.ticket_id));
    });
    for (OverdueEntry& entry : overdue_) {
      report.overdue.push_back(std::move(entry.row));
    }

    report.weeks = weeks_.finish();
    return report;
  }

 private:
  TicketFacts facts_of(const Ticket& ticket) const {
    TicketFacts facts;
    facts.replied = ticket.replied_at && *ticket.replied_at <= as_of_;
    facts.cancelled = (ticket.closure == Closure::withdrawn || ticket.closure == Closure::merged) &&
                      ticket.updated_at <= as_of_;
    if (facts.replied) {
      facts.closed_at = *ticket.replied_at;
      facts.hours_to_reply =
          to_hours(calendar_.elapsed_working_time(ticket.received_at, *ticket.replied_at).value);
      const std::optional<SlaClock>& handling = ticket.handling_clock;
      if (handling && handling->stopped_at) {
        facts.judged = true;
        facts.on_time = *handling->stopped_at < handling->due;
      }
    } else if (facts.cancelled) {
      // A withdrawn or merged ticket is archived at once and takes no
      // further event, so its last event is the withdrawal or the merge.
      facts.closed_at = ticket.updated_at;
    }
    facts.overdue = (ticket.dispatch_clock && breached_at(*ticket.dispatch_clock, as_of_)) ||
                    (ticket.handling_clock && breached_at(*ticket.handling_clock, as_of_));
    if (ticket.satisfaction && *ticket.satisfaction != Satisfaction::unreachable) {
      facts.visit_reached = true;
      facts.visit_satisfied = *ticket.satisfaction == Satisfaction::satisfied ||
                              *ticket.satisfaction == Satisfaction::basically_satisfied;
    }
    return facts;
  }

  // A ticket counts as dispatched when its latest dispatch clock stopped at
  // or before as_of and a handling clock started at that stop or later.
  // The other ways to stop a dispatch clock (a decline at intake, a
  // withdrawal, a merge) start no handling clock, except the decline's
  // explanation clock, which declined_at_intake excludes.
  void add_dispatch(const Ticket& ticket) {
    ChannelBuilder& channel = channels_[static_cast<std::size_t>(ticket.channel)];
    channel.row.received += 1;
    if (!ticket.dispatch_clock || !ticket.dispatch_clock->stopped_at || !ticket.handling_clock) {
      return;
    }
    const SlaClock& dispatch = *ticket.dispatch_clock;
    const Instant dispatched_at = *dispatch.stopped_at;
    if (dispatched_at > as_of_ || ticket.handling_clock->start < dispatched_at || declined_at_intake(ticket)) {
      return;
    }
    channel.row.dispatched += 1;
    if (dispatched_at < dispatch.due) {
      channel.row.dispatched_on_time += 1;
    }
    const std::chrono::seconds working = calendar_.elapsed_working_time(dispatch.start, dispatched_at).value;
    channel.minutes_to_dispatch.push_back(static_cast<double>(working.count()) / 60.0);
  }

  void add_overdue(const Ticket& ticket) {
    const bool handling = ticket.handling_clock && breached_at(*ticket.handling_clock, as_of_);
    const SlaClock& clock = handling ? *ticket.handling_clock : *ticket.dispatch_clock;
    const Instant until = clock.paused_at && *clock.paused_at < as_of_ ? *clock.paused_at : as_of_;
    const std::chrono::seconds late = calendar_.elapsed_working_time(clock.due, until).value;

    OverdueEntry entry;
    entry.year = ticket.year;
    entry.sequence = ticket.sequence;
    OverdueTicket& row = entry.row;
    row.ticket_id = ticket.id;
    row.unit = ticket.lead_unit;
    row.category = ticket.category;
    row.state = ticket.state;
    row.clock = clock.kind;
    row.due = clock.due;
    row.overdue_working_minutes = std::chrono::duration_cast<std::chrono::minutes>(late).count();
    if (late.count() > 0) {
      // The working days from the first working instant after `due` to the
      // last working second before `until`, both included.
      const Date first = to_civil(calendar_.next_working_instant(clock.due).value, calendar_.utc_offset()).date;
      const Instant last_second = calendar_.add_working_time(clock.due, late - std::chrono::seconds(1)).value;
      const Date last = to_civil(last_second, calendar_.utc_offset()).date;
      row.overdue_working_days = calendar_.working_days_between(first, last).value + 1;
    }
    overdue_.push_back(std::move(entry));
  }

  void add_to_weeks(const Ticket& ticket, const TicketFacts& facts) {
    weeks_.add_received(ticket.received_at);
    if (facts.replied || facts.cancelled) {
      weeks_.add_closed(facts.closed_at, facts.judged, facts.on_time);
    }
    std::vector<BreachSpan> spans;
    for (const std::optional<SlaClock>* clock : {&ticket.dispatch_clock, &ticket.handling_clock}) {
      if (*clock) {
        if (const std::optional<BreachSpan> span = breach_span(**clock)) {
          spans.push_back(*span);
        }
      }
    }
    const Instant last = weeks_.last_instant();
    const bool overdue_at_last = (ticket.dispatch_clock && breached_at(*ticket.dispatch_clock, last)) ||
                                 (ticket.handling_clock && breached_at(*ticket.handling_clock, last));
    weeks_.add_overdue(spans, overdue_at_last);
  }

  const Calendar& calendar_;
  Instant from_;
  Instant to_;
  Instant as_of_;

  StatsBuilder totals_;
  std::unordered_map<std::string, StatsBuilder> units_;
  std::array<StatsBuilder, kCategories> categories_;
  StatsBuilder uncategorized_;
  std::array<ChannelBuilder, kChannels> channels_;
  std::vector<OverdueEntry> overdue_;
  detail::WeekTrend weeks_;
};

}  // namespace

Report build_report(const TicketStore& store, const Calendar& calendar, const ReportOptions& options) {
  const UtcOffset zone = calendar.utc_offset();
  if (!(options.from < options.to)) {
    const std::string from = format_instant(options.from, zone);
    const std::string to = format_instant(options.to, zone);
    throw Error(ErrorCode::invalid_argument,
                "the report period from " + from + " to " + to + " is empty; the end must be later than the start",
                "报表统计期间 " + from + " 至 " + to + " 为空；结束时间必须晚于开始时间");
  }
  const Instant as_of = options.as_of.value_or(options.to);
  if (as_of < options.from) {
    const std::string from = format_instant(options.from, zone);
    const std::string text = format_instant(as_of, zone);
    throw Error(ErrorCode::invalid_argument,
                "the report instant " + text + " is before the period's start " + from +
                    "; give an instant at or after the start",
                "报表统计时点 " + text + " 早于统计期间的开始 " + from + "；请给出不早于开始时间的时点");
  }

  ReportBuilder builder(calendar, options.from, options.to, as_of);
  store.for_each_ticket([&builder](const Ticket& ticket) { builder.add(ticket); });
  return builder.finish();
}

}  // namespace jishiban
