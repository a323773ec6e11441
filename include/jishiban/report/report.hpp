// Supervision reports (督办报表): counts, on-time rates and the published
// overdue list over the tickets of a store.
//
// PERIOD SEMANTICS
//
// A report covers the half-open period [from, to) and judges time limits at
// the instant as_of ("now", by default `to`):
//   - A ticket belongs to the period when its received_at lies in
//     [from, to) and is not after as_of. A ticket received exactly at `to`
//     belongs to the next period. Every count below is over the tickets of
//     the period.
//   - "Closed" (办结): a reply, or the explanation of a decline at intake,
//     went out at or before as_of (Ticket::replied_at), or the ticket was
//     withdrawn or merged at or before as_of. Withdrawn and merged tickets
//     are also counted on their own as `cancelled`.
//   - "On time" (按时办结): a closed ticket with a reply whose handling
//     clock (or explanation clock) stopped before its due instant
//     (SlaStatus::met). Withdrawn and merged tickets are never judged.
//   - "Overdue now" (当前超期): at as_of the dispatch or the handling clock
//     is running and breached, as SlaClock::status(as_of) judges it. A
//     clock that stopped after as_of counts as running at as_of.
//   - Working time is counted on the calendar passed to build_report,
//     which should be the calendar the engine ran on.
//
// A report reads each ticket as it is stored now, not its event history.
// So for an as_of earlier than the latest changes it is an approximation.
// The instants a ticket records (replied_at, clock starts and stops) are
// compared with as_of. But a later rework, reopen, return to the office or
// extension has already replaced the earlier reply or clock. Figures
// without an instant of their own (returns, extensions, suspensions,
// declines, return visits) are counted as stored.
//
// NO CONTACT DATA
//
// A report contains no requester data, not even masked: units, categories,
// channels, ticket numbers, states and numbers only. It may be published.
#ifndef JISHIBAN_REPORT_REPORT_HPP
#define JISHIBAN_REPORT_REPORT_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/store.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace jishiban {

struct ReportOptions {
  // The period [from, to) of receipt. build_report throws
  // Error{invalid_argument} unless from < to.
  Instant from;
  Instant to;

  // The instant at which running clocks are judged and closures counted.
  // std::nullopt means `to`. build_report throws Error{invalid_argument}
  // when it is before `from`.
  std::optional<Instant> as_of;
};

// Figures of a group of tickets: all of them, one lead unit or one category.
// A ratio or a duration without any ticket to compute it from is
// std::nullopt ("no data"), never 0 or NaN.
struct HandlingStats {
  // Tickets received in the period.
  std::int64_t received = 0;

  // Closed at or before as_of (see PERIOD SEMANTICS), cancelled included.
  std::int64_t closed = 0;

  // Closed with a reply and judged on their handling clock: on time
  // (stopped before due) or late (stopped at or after due).
  std::int64_t closed_on_time = 0;
  std::int64_t closed_late = 0;

  // Withdrawn or merged at or before as_of.
  std::int64_t cancelled = 0;

  // Tickets with a running, breached dispatch or handling clock at as_of.
  std::int64_t overdue_now = 0;

  // closed_on_time / (closed_on_time + closed_late).
  std::optional<double> on_time_rate;

  // Working hours from receipt to the reply (received_at to replied_at, on
  // the calendar) of the tickets replied at or before as_of: the median and
  // the 90th percentile, interpolated linearly between the nearest ranks
  // (the default method of numpy.percentile).
  std::optional<double> median_hours_to_reply;
  std::optional<double> p90_hours_to_reply;

  // Returns to the office by the lead unit (Ticket::returns, every return
  // counted).
  std::int64_t returns = 0;

  // Approved extensions of the current handling clock.
  std::int64_t extensions = 0;

  // Tickets whose current handling clock was paused by a suspension, for any
  // working time, or is paused now.
  std::int64_t suspended = 0;

  // Tickets declined at intake or after dispatch (Ticket::declined).
  std::int64_t declined = 0;

  // Return visits: tickets whose latest return visit reached the requester
  // (satisfied, basically satisfied or dissatisfied), and of those the
  // satisfied or basically satisfied ones. Unreachable visits count in
  // neither.
  std::int64_t visits_reached = 0;
  std::int64_t visits_satisfied = 0;

  // visits_satisfied / visits_reached.
  std::optional<double> satisfaction_rate;
};

// One lead unit's row. `unit` is empty for tickets not drafted yet, which
// have no lead unit; renderers show it as "unassigned" (未分配).
struct UnitReport {
  std::string unit;
  HandlingStats stats;
};

// One category's row; std::nullopt for tickets not drafted yet.
struct CategoryReport {
  std::optional<Category> category;
  HandlingStats stats;
};

// Dispatch (分拨) figures of one channel.
struct ChannelReport {
  Channel channel = Channel::hotline;

  // Tickets received in the period.
  std::int64_t received = 0;

  // Tickets dispatched to a lead unit at or before as_of, and of those the
  // ones whose dispatch clock stopped before its due instant (10 working
  // minutes for the hotline, 60 for e-mail and WeChat under the standard
  // policy). A ticket returned to the office is judged on its latest
  // dispatch clock.
  std::int64_t dispatched = 0;
  std::int64_t dispatched_on_time = 0;

  // dispatched_on_time / dispatched.
  std::optional<double> dispatch_on_time_rate;

  // Median working minutes from the dispatch clock's start to the dispatch,
  // interpolated as in HandlingStats.
  std::optional<double> median_minutes_to_dispatch;
};

// One row of the overdue list for publication (超期工单公示). No requester
// data.
struct OverdueTicket {
  std::string ticket_id;
  std::string unit;  // lead unit; empty when not drafted yet
  std::optional<Category> category;
  TicketState state = TicketState::registered;

  // The breached clock; the handling clock when both are.
  SlaClockKind clock = SlaClockKind::handling;
  Instant due;

  // Working time from `due` to as_of, in whole minutes rounded down. A
  // clock paused by a suspension counts only up to the start of the pause.
  std::int64_t overdue_working_minutes = 0;

  // The working days on which some of that working time lies: 1 from the
  // first working minute after `due`, 0 when none has passed yet.
  std::int64_t overdue_working_days = 0;
};

// One ISO 8601 week (Monday to Sunday in the calendar's zone) of the trend.
struct WeekReport {
  int iso_year = 0;  // the year of the week's Thursday
  int iso_week = 0;  // 1 to 53

  // Monday 00:00 of the week and of the next week.
  Instant begin;
  Instant end;

  // Tickets of the period received in the week.
  std::int64_t received = 0;

  // Tickets of the period closed in the week (and at or before as_of), and
  // the on-time rate of those closed with a reply.
  std::int64_t closed = 0;
  std::int64_t closed_on_time = 0;
  std::int64_t closed_late = 0;
  std::optional<double> on_time_rate;

  // Tickets of the period overdue at the week's end (`end`, or as_of when
  // that comes first), judged as "overdue now" is.
  std::int64_t overdue_at_end = 0;
};

struct Report {
  // The period and as_of the report was built for (as_of resolved), and the
  // calendar's zone, in which renderers write instants and dates.
  Instant from;
  Instant to;
  Instant as_of;
  UtcOffset zone;

  HandlingStats totals;

  // Sorted by unit name in byte order, the unassigned row (empty name)
  // first. Only units with tickets in the period appear.
  std::vector<UnitReport> units;

  // Every channel, in the order of the Channel enum, also without tickets.
  std::vector<ChannelReport> channels;

  // Every category in the order of the Category enum, then the row of
  // tickets without a category when there are any.
  std::vector<CategoryReport> categories;

  // Tickets overdue at as_of, longest overdue first, then by ticket number.
  std::vector<OverdueTicket> overdue;

  // Every ISO week, without gaps, from the one that contains the period's
  // first receipt to the one that contains the last second before the
  // earlier of `to` and as_of. Empty when no ticket was received before
  // then.
  std::vector<WeekReport> weeks;
};

// Builds the report by reading every ticket of `store` once
// (TicketStore::for_each_ticket). Throws Error{invalid_argument} for
// invalid options, and whatever the store or the calendar throws (for
// example calendar_not_covered when a working time needs a year the
// calendar has no data for under the strict policy).
Report build_report(const TicketStore& store, const Calendar& calendar, const ReportOptions& options);

// The report as one JSON object with the field names of the structs above,
// plus "utc_offset" and each week's label "week" ("2026-W10"). Instants are
// ISO 8601 strings in the report's zone, ratios are numbers from 0 to 1, and
// a missing ratio, duration or category is null. Enum values are their
// to_string names.
std::string report_to_json(const Report& report);

// The report as one CSV table (RFC 4180: comma-separated, CRLF line ends,
// fields with a comma, quote or line break quoted, quotes doubled). Every
// row has every column. The first column names the row's section (summary,
// lead unit, channel, category, overdue ticket, week) and the second the
// row itself; a row fills the columns of its section and leaves the others
// empty. Headings, section names and enum values are in the language given.
// Ratios are decimals from 0 to 1, and a missing value is an empty field.
// A text field that a spreadsheet would read as a formula (a unit named
// "=SUM(...)" or "@...") is written with a leading apostrophe, so opening
// the file never runs it. The text is UTF-8 without a byte-order mark, so the first heading is
// plain text for programs that read UTF-8. NOTE: a spreadsheet program that
// guesses the encoding may need UTF-8 chosen on import to show Chinese.
std::string report_to_csv(const Report& report, Language language);

// The report as aligned tables for a terminal, in the language given. A
// missing ratio or duration is written "—". Columns are aligned by display
// width, with CJK characters counted as 2 columns.
std::string report_to_text(const Report& report, Language language);

// The HTML form, report_to_html(const Report&, Language), is declared in
// jishiban/report/report_html.hpp.

}  // namespace jishiban

#endif  // JISHIBAN_REPORT_REPORT_HPP
