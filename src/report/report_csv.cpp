// report_to_csv: every section of the report as rows of one RFC 4180 table.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/report/report.hpp"
#include "jishiban/time/iso8601.hpp"
#include "report/report_labels.hpp"

namespace jishiban {

namespace {

using detail::ReportLabel;

// The columns in order. Each row fills the columns of its section and
// leaves the others empty.
enum Column : std::size_t {
  section,
  name,
  received,
  closed,
  closed_on_time,
  closed_late,
  cancelled,
  overdue_now,
  on_time_rate,
  median_hours,
  p90_hours,
  returns,
  extensions,
  suspended,
  declined,
  visits_reached,
  visits_satisfied,
  satisfaction_rate,
  dispatched,
  dispatched_on_time,
  dispatch_on_time_rate,
  median_dispatch_minutes,
  unit,
  category,
  state,
  clock,
  due,
  overdue_minutes,
  overdue_days,
  begin,
  end,
  as_of,
  overdue_at_end,
  column_count,
};

constexpr ReportLabel kHeadings[column_count] = {
    ReportLabel::column_section,
    ReportLabel::column_name,
    ReportLabel::column_received,
    ReportLabel::column_closed,
    ReportLabel::column_closed_on_time,
    ReportLabel::column_closed_late,
    ReportLabel::column_cancelled,
    ReportLabel::column_overdue_now,
    ReportLabel::column_on_time_rate,
    ReportLabel::column_median_hours,
    ReportLabel::column_p90_hours,
    ReportLabel::column_returns,
    ReportLabel::column_extensions,
    ReportLabel::column_suspended,
    ReportLabel::column_declined,
    ReportLabel::column_visits_reached,
    ReportLabel::column_visits_satisfied,
    ReportLabel::column_satisfaction_rate,
    ReportLabel::column_dispatched,
    ReportLabel::column_dispatched_on_time,
    ReportLabel::column_dispatch_on_time_rate,
    ReportLabel::column_median_dispatch_minutes,
    ReportLabel::column_unit,
    ReportLabel::column_category,
    ReportLabel::column_state,
    ReportLabel::column_clock,
    ReportLabel::column_due,
    ReportLabel::column_overdue_minutes,
    ReportLabel::column_overdue_days,
    ReportLabel::column_begin,
    ReportLabel::column_end,
    ReportLabel::column_as_of,
    ReportLabel::column_overdue_at_end,
};

using Row = std::vector<std::string>;

// Whether a spreadsheet program would read the field as a formula: text
// from users (a unit's name) must not run as one when the published file is
// opened. Negative numbers are not formulas, and the report has none.
bool looks_like_formula(std::string_view field) {
  if (field.empty()) {
    return false;
  }
  const char first = field.front();
  if (first == '=' || first == '+' || first == '@' || first == '\t' || first == '\r') {
    return true;
  }
  return first == '-' && field.find_first_not_of("0123456789.", 1) != std::string_view::npos;
}

// Quotes a field that contains a comma, a quote or a line break, and
// doubles its quotes (RFC 4180, section 2). A field that looks like a
// formula gets a leading apostrophe, which spreadsheet programs show as
// text, and is quoted.
std::string quoted(std::string_view field) {
  const bool formula = looks_like_formula(field);
  if (!formula && field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string text = formula ? "\"'" : "\"";
  for (const char c : field) {
    text += c;
    if (c == '"') {
      text += '"';
    }
  }
  text += '"';
  return text;
}

void write_row(std::string& out, const Row& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += quoted(row[i]);
  }
  out += "\r\n";
}

std::string optional_decimal(const std::optional<double>& value) {
  return value ? detail::exact_decimal(*value) : std::string();
}

Row new_row(Language language, ReportLabel section_label, std::string row_name) {
  Row row(column_count);
  row[section] = std::string(detail::label(language, section_label));
  row[name] = std::move(row_name);
  return row;
}

void fill_stats(Row& row, const HandlingStats& stats) {
  row[received] = std::to_string(stats.received);
  row[closed] = std::to_string(stats.closed);
  row[closed_on_time] = std::to_string(stats.closed_on_time);
  row[closed_late] = std::to_string(stats.closed_late);
  row[cancelled] = std::to_string(stats.cancelled);
  row[overdue_now] = std::to_string(stats.overdue_now);
  row[on_time_rate] = optional_decimal(stats.on_time_rate);
  row[median_hours] = optional_decimal(stats.median_hours_to_reply);
  row[p90_hours] = optional_decimal(stats.p90_hours_to_reply);
  row[returns] = std::to_string(stats.returns);
  row[extensions] = std::to_string(stats.extensions);
  row[suspended] = std::to_string(stats.suspended);
  row[declined] = std::to_string(stats.declined);
  row[visits_reached] = std::to_string(stats.visits_reached);
  row[visits_satisfied] = std::to_string(stats.visits_satisfied);
  row[satisfaction_rate] = optional_decimal(stats.satisfaction_rate);
}

}  // namespace

std::string report_to_csv(const Report& report, Language language) {
  const UtcOffset zone = report.zone;
  std::string out;

  Row headings(column_count);
  for (std::size_t i = 0; i < column_count; ++i) {
    headings[i] = std::string(detail::label(language, kHeadings[i]));
  }
  write_row(out, headings);

  Row summary = new_row(language, ReportLabel::section_summary, std::string(detail::label(language, ReportLabel::all)));
  fill_stats(summary, report.totals);
  summary[begin] = format_instant(report.from, zone);
  summary[end] = format_instant(report.to, zone);
  summary[as_of] = format_instant(report.as_of, zone);
  write_row(out, summary);

  for (const UnitReport& unit_report : report.units) {
    Row row = new_row(language, ReportLabel::column_unit, detail::unit_label(language, unit_report.unit));
    fill_stats(row, unit_report.stats);
    write_row(out, row);
  }

  for (const ChannelReport& channel : report.channels) {
    Row row = new_row(language, ReportLabel::column_channel,
                      std::string(detail::channel_label(language, channel.channel)));
    row[received] = std::to_string(channel.received);
    row[dispatched] = std::to_string(channel.dispatched);
    row[dispatched_on_time] = std::to_string(channel.dispatched_on_time);
    row[dispatch_on_time_rate] = optional_decimal(channel.dispatch_on_time_rate);
    row[median_dispatch_minutes] = optional_decimal(channel.median_minutes_to_dispatch);
    write_row(out, row);
  }

  for (const CategoryReport& category_report : report.categories) {
    Row row = new_row(language, ReportLabel::column_category,
                      std::string(detail::category_label(language, category_report.category)));
    fill_stats(row, category_report.stats);
    write_row(out, row);
  }

  for (const OverdueTicket& ticket : report.overdue) {
    Row row = new_row(language, ReportLabel::section_overdue, ticket.ticket_id);
    row[unit] = detail::unit_label(language, ticket.unit);
    row[category] = std::string(detail::category_label(language, ticket.category));
    row[state] = std::string(detail::state_label(language, ticket.state));
    row[clock] = std::string(detail::clock_label(language, ticket.clock));
    row[due] = format_instant(ticket.due, zone);
    row[overdue_minutes] = std::to_string(ticket.overdue_working_minutes);
    row[overdue_days] = std::to_string(ticket.overdue_working_days);
    write_row(out, row);
  }

  for (const WeekReport& week : report.weeks) {
    Row row = new_row(language, ReportLabel::column_week, detail::week_label(week));
    row[received] = std::to_string(week.received);
    row[closed] = std::to_string(week.closed);
    row[closed_on_time] = std::to_string(week.closed_on_time);
    row[closed_late] = std::to_string(week.closed_late);
    row[on_time_rate] = optional_decimal(week.on_time_rate);
    row[begin] = format_instant(week.begin, zone);
    row[end] = format_instant(week.end, zone);
    row[overdue_at_end] = std::to_string(week.overdue_at_end);
    write_row(out, row);
  }
  return out;
}

}  // namespace jishiban
