// report_to_text: the report as aligned tables for a terminal.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/report/report.hpp"
#include "jishiban/time/iso8601.hpp"
#include "report/report_labels.hpp"

namespace jishiban {

namespace {

using detail::label;
using detail::ReportLabel;

enum class Align { left, right };

// A table whose columns are padded to the widest cell by display width,
// so that CJK text lines up in a terminal.
class Table {
 public:
  Table(Language language, std::vector<std::pair<ReportLabel, Align>> columns) {
    for (const auto& column : columns) {
      headings_.emplace_back(label(language, column.first));
      aligns_.push_back(column.second);
    }
  }

  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void write(std::string& out) const {
    std::vector<std::size_t> widths(headings_.size(), 0);
    for (std::size_t i = 0; i < headings_.size(); ++i) {
      widths[i] = detail::display_width(headings_[i]);
    }
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        widths[i] = std::max(widths[i], detail::display_width(row[i]));
      }
    }

    write_line(out, headings_, widths);
    std::size_t total = 0;
    for (const std::size_t width : widths) {
      total += width;
    }
    out += std::string(total + kGap * (widths.size() - 1), '-') + "\n";
    for (const auto& row : rows_) {
      write_line(out, row, widths);
    }
  }

 private:
  static constexpr std::size_t kGap = 2;

  void write_line(std::string& out, const std::vector<std::string>& cells,
                  const std::vector<std::size_t>& widths) const {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string padding(widths[i] - detail::display_width(cells[i]), ' ');
      if (i > 0) {
        line += std::string(kGap, ' ');
      }
      line += aligns_[i] == Align::right ? padding + cells[i] : cells[i] + padding;
    }
    // A left-aligned last column would leave trailing spaces.
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }

  std::vector<std::string> headings_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

void write_heading(std::string& out, Language language, ReportLabel heading) {
  out += "\n";
  out += label(language, heading);
  out += "\n\n";
}

Table handling_table(Language language, ReportLabel name_column) {
  return Table(language, {{name_column, Align::left},
                          {ReportLabel::column_received, Align::right},
                          {ReportLabel::column_closed, Align::right},
                          {ReportLabel::column_closed_on_time, Align::right},
                          {ReportLabel::column_closed_late, Align::right},
                          {ReportLabel::column_cancelled, Align::right},
                          {ReportLabel::column_overdue_now, Align::right},
                          {ReportLabel::column_on_time_rate, Align::right},
                          {ReportLabel::column_median_hours, Align::right},
                          {ReportLabel::column_p90_hours, Align::right}});
}

std::vector<std::string> handling_row(std::string name, const HandlingStats& stats) {
  return {std::move(name),
          std::to_string(stats.received),
          std::to_string(stats.closed),
          std::to_string(stats.closed_on_time),
          std::to_string(stats.closed_late),
          std::to_string(stats.cancelled),
          std::to_string(stats.overdue_now),
          detail::percent_text(stats.on_time_rate),
          detail::decimal_text(stats.median_hours_to_reply),
          detail::decimal_text(stats.p90_hours_to_reply)};
}

std::vector<std::string> process_row(std::string name, const HandlingStats& stats) {
  return {std::move(name),
          std::to_string(stats.returns),
          std::to_string(stats.extensions),
          std::to_string(stats.suspended),
          std::to_string(stats.declined),
          std::to_string(stats.visits_reached),
          std::to_string(stats.visits_satisfied),
          detail::percent_text(stats.satisfaction_rate)};
}

void write_units(std::string& out, const Report& report, Language language) {
  const std::string all(label(language, ReportLabel::all));

  write_heading(out, language, ReportLabel::section_unit);
  Table handling = handling_table(language, ReportLabel::column_unit);
  for (const UnitReport& unit : report.units) {
    handling.add(handling_row(detail::unit_label(language, unit.unit), unit.stats));
  }
  handling.add(handling_row(all, report.totals));
  handling.write(out);

  write_heading(out, language, ReportLabel::section_unit_process);
  Table process(language, {{ReportLabel::column_unit, Align::left},
                           {ReportLabel::column_returns, Align::right},
                           {ReportLabel::column_extensions, Align::right},
                           {ReportLabel::column_suspended, Align::right},
                           {ReportLabel::column_declined, Align::right},
                           {ReportLabel::column_visits_reached, Align::right},
                           {ReportLabel::column_visits_satisfied, Align::right},
                           {ReportLabel::column_satisfaction_rate, Align::right}});
  for (const UnitReport& unit : report.units) {
    process.add(process_row(detail::unit_label(language, unit.unit), unit.stats));
  }
  process.add(process_row(all, report.totals));
  process.write(out);
}

void write_channels(std::string& out, const Report& report, Language language) {
  write_heading(out, language, ReportLabel::section_channel);
  Table table(language, {{ReportLabel::column_channel, Align::left},
                         {ReportLabel::column_received, Align::right},
                         {ReportLabel::column_dispatched, Align::right},
                         {ReportLabel::column_dispatched_on_time, Align::right},
                         {ReportLabel::column_dispatch_on_time_rate, Align::right},
                         {ReportLabel::column_median_dispatch_minutes, Align::right}});
  for (const ChannelReport& channel : report.channels) {
    table.add({std::string(detail::channel_label(language, channel.channel)), std::to_string(channel.received),
               std::to_string(channel.dispatched), std::to_string(channel.dispatched_on_time),
               detail::percent_text(channel.dispatch_on_time_rate),
               detail::decimal_text(channel.median_minutes_to_dispatch)});
  }
  table.write(out);
}

void write_categories(std::string& out, const Report& report, Language language) {
  write_heading(out, language, ReportLabel::section_category);
  Table table = handling_table(language, ReportLabel::column_category);
  for (const CategoryReport& category : report.categories) {
    table.add(handling_row(std::string(detail::category_label(language, category.category)), category.stats));
  }
  table.add(handling_row(std::string(label(language, ReportLabel::all)), report.totals));
  table.write(out);
}

void write_overdue(std::string& out, const Report& report, Language language) {
  write_heading(out, language, ReportLabel::section_overdue);
  if (report.overdue.empty()) {
    out += label(language, ReportLabel::no_overdue);
    out += "\n";
    return;
  }
  Table table(language, {{ReportLabel::column_ticket, Align::left},
                         {ReportLabel::column_unit, Align::left},
                         {ReportLabel::column_category, Align::left},
                         {ReportLabel::column_state, Align::left},
                         {ReportLabel::column_clock, Align::left},
                         {ReportLabel::column_due, Align::left},
                         {ReportLabel::column_overdue_days, Align::right},
                         {ReportLabel::column_overdue_minutes, Align::right}});
  for (const OverdueTicket& ticket : report.overdue) {
    table.add({ticket.ticket_id, detail::unit_label(language, ticket.unit),
               std::string(detail::category_label(language, ticket.category)),
               std::string(detail::state_label(language, ticket.state)),
               std::string(detail::clock_label(language, ticket.clock)), format_instant(ticket.due, report.zone),
               std::to_string(ticket.overdue_working_days), std::to_string(ticket.overdue_working_minutes)});
  }
  table.write(out);
}

void write_weeks(std::string& out, const Report& report, Language language) {
  write_heading(out, language, ReportLabel::section_week);
  if (report.weeks.empty()) {
    out += label(language, ReportLabel::no_weeks);
    out += "\n";
    return;
  }
  Table table(language, {{ReportLabel::column_week, Align::left},
                         {ReportLabel::column_begin, Align::left},
                         {ReportLabel::column_received, Align::right},
                         {ReportLabel::column_closed, Align::right},
                         {ReportLabel::column_closed_on_time, Align::right},
                         {ReportLabel::column_closed_late, Align::right},
                         {ReportLabel::column_on_time_rate, Align::right},
                         {ReportLabel::column_overdue_at_end, Align::right}});
  for (const WeekReport& week : report.weeks) {
    table.add({detail::week_label(week), format_date(to_civil(week.begin, report.zone).date),
               std::to_string(week.received), std::to_string(week.closed), std::to_string(week.closed_on_time),
               std::to_string(week.closed_late), detail::percent_text(week.on_time_rate),
               std::to_string(week.overdue_at_end)});
  }
  table.write(out);
}

// Replaces "{0}" and "{1}" in `pattern`.
std::string fill(std::string_view pattern, const std::string& first, const std::string& second) {
  std::string text;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
      text += pattern[i + 1] == '0' ? first : second;
      i += 2;
    } else {
      text += pattern[i];
    }
  }
  return text;
}

}  // namespace

std::string report_to_text(const Report& report, Language language) {
  const std::string separator = language == Language::zh_CN ? "：" : ": ";
  std::string out;
  out += label(language, ReportLabel::title);
  out += "\n";
  out += std::string(label(language, ReportLabel::period)) + separator +
         fill(label(language, ReportLabel::period_line), format_instant(report.from, report.zone),
              format_instant(report.to, report.zone)) +
         "\n";
  out += std::string(label(language, ReportLabel::as_of)) + separator + format_instant(report.as_of, report.zone) +
         "\n";

  write_units(out, report, language);
  write_channels(out, report, language);
  write_categories(out, report, language);
  write_overdue(out, report, language);
  write_weeks(out, report, language);
  return out;
}

}  // namespace jishiban
