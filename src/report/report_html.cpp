// report_to_html: the report as one self-contained HTML5 page.
#include "jishiban/report/report_html.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/time/iso8601.hpp"
#include "jishiban/version.hpp"
#include "report/report_html_charts.hpp"
#include "report/report_labels.hpp"

namespace jishiban {

namespace {

using detail::escape_html;
using detail::label;
using detail::ReportLabel;

// Sober print-first styling: black text, thin grey rules, one dark red
// rule under the title, tables that repeat their heading row on each
// printed page. Fonts are local names only, and the browser falls back to
// any installed CJK font.
constexpr std::string_view kStyle = R"(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 32px 40px; color: #1a1a1a; background: #fff;
  font: 14px/1.5 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Helvetica Neue", Arial, sans-serif; }
header { text-align: center; border-bottom: 3px double #a61b1b; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 26px; font-weight: 700; letter-spacing: 0.04em; margin: 8px 0 12px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #bfc5cc; }
.meta { display: flex; flex-wrap: wrap; justify-content: center; gap: 4px 28px; margin: 0; }
.meta div { display: flex; gap: 6px; }
.meta dt { color: #4b5563; }
.meta dt::after { content: ":"; }
:lang(zh-CN) .meta dt::after { content: "："; }
.meta dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 0 0 12px; }
.figures div { border: 1px solid #c9ced6; border-top: 3px solid #2b4c7e; padding: 8px 12px; }
.figures dt { color: #4b5563; font-size: 13px; }
.figures dd { margin: 0; }
.figures .value { display: block; font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.figures .detail { display: block; color: #4b5563; font-size: 12px; }
.figures .alert .value { color: #a61b1b; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #c9ced6; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; font-weight: 600; }
thead { display: table-header-group; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; min-width: 4.5em; }
/* The name column fits 10 CJK characters, such as most unit names, on one line. */
th:first-child, td:first-child { min-width: 11.5em; }
tbody tr:nth-child(even) td { background: #f9fafb; }
tr.total td { font-weight: 700; border-top: 2px solid #6b7280; background: #fff; }
td.none { color: #6b7280; }
figure { margin: 8px 0 16px; }
figcaption { font-size: 13px; color: #4b5563; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: #1a1a1a; }
svg.chart text.axis { fill: #4b5563; font-size: 10px; }
svg.chart text.value { font-variant-numeric: tabular-nums; }
.note { color: #4b5563; font-size: 13px; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid #bfc5cc; color: #4b5563; font-size: 12px; }
@media (max-width: 760px) { .figures { grid-template-columns: repeat(2, minmax(0, 1fr)); } body { padding: 12px; } }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .figures { grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
  .figures .value { font-size: 16pt; }
  table { font-size: 9pt; }
  h2 { break-after: avoid; }
  tr, figure, .figures div { break-inside: avoid; }
  tbody tr:nth-child(even) td { background: none; }
}
)";

// Text used only by this page, beside the shared words of report_labels.
std::string_view pick(Language language, std::string_view en, std::string_view zh) {
  return language == Language::zh_CN ? zh : en;
}

std::string display_instant(Instant instant, UtcOffset zone) {
  const CivilTime civil = to_civil(instant, zone);
  return format_date(civil.date) + " " + format_time_of_day(civil.time);
}

// A <time> element: the instant as the reader sees it, with its RFC 3339
// form for machines.
std::string time_element(Instant instant, UtcOffset zone) {
  return "<time datetime=\"" + escape_html(format_instant(instant, zone)) + "\">" +
         escape_html(display_instant(instant, zone)) + "</time>";
}

// Replaces "{0}" and "{1}" in a label with markup, escaping the rest.
std::string fill_markup(std::string_view pattern, const std::string& first, const std::string& second) {
  std::string html;
  std::size_t literal_start = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        (pattern[i + 1] == '0' || pattern[i + 1] == '1')) {
      html += escape_html(pattern.substr(literal_start, i - literal_start));
      html += pattern[i + 1] == '0' ? first : second;
      i += 2;
      literal_start = i + 1;
    }
  }
  html += escape_html(pattern.substr(literal_start));
  return html;
}

std::string list_text(Language language, const std::vector<std::string>& items) {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      joined += pick(language, ", ", "、");
    }
    joined += items[i];
  }
  return joined;
}

std::string count_text(std::int64_t value) { return std::to_string(value); }

// --- Tables ------------------------------------------------------------------

struct Column {
  ReportLabel heading;
  bool numeric;
};

// A table whose cells are plain text, escaped when written. Numeric columns
// are right-aligned, and "—" cells greyed.
class HtmlTable {
 public:
  HtmlTable(Language language, std::vector<Column> columns) : language_(language), columns_(std::move(columns)) {}

  void add(std::vector<std::string> cells) { rows_.push_back({std::move(cells), false}); }
  void add_total(std::vector<std::string> cells) { rows_.push_back({std::move(cells), true}); }

  void write(std::string& out) const {
    out += "<table><thead><tr>";
    for (const Column& column : columns_) {
      out += column.numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">";
      out += escape_html(label(language_, column.heading));
      out += "</th>";
    }
    out += "</tr></thead><tbody>";
    for (const Row& row : rows_) {
      out += row.total ? "<tr class=\"total\">" : "<tr>";
      for (std::size_t i = 0; i < row.cells.size() && i < columns_.size(); ++i) {
        std::string classes = columns_[i].numeric ? "num" : "";
        if (row.cells[i] == "—") {
          classes += classes.empty() ? "none" : " none";
        }
        out += classes.empty() ? "<td>" : "<td class=\"" + classes + "\">";
        out += escape_html(row.cells[i]);
        out += "</td>";
      }
      out += "</tr>";
    }
    out += "</tbody></table>";
  }

 private:
  struct Row {
    std::vector<std::string> cells;
    bool total;
  };

  Language language_;
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

HtmlTable handling_table(Language language, ReportLabel name_column) {
  return HtmlTable(language, {{name_column, false},
                              {ReportLabel::column_received, true},
                              {ReportLabel::column_closed, true},
                              {ReportLabel::column_closed_on_time, true},
                              {ReportLabel::column_closed_late, true},
                              {ReportLabel::column_cancelled, true},
                              {ReportLabel::column_overdue_now, true},
                              {ReportLabel::column_on_time_rate, true},
                              {ReportLabel::column_median_hours, true},
                              {ReportLabel::column_p90_hours, true}});
}

std::vector<std::string> handling_cells(std::string name, const HandlingStats& stats) {
  return {std::move(name),
          count_text(stats.received),
          count_text(stats.closed),
          count_text(stats.closed_on_time),
          count_text(stats.closed_late),
          count_text(stats.cancelled),
          count_text(stats.overdue_now),
          detail::percent_text(stats.on_time_rate),
          detail::decimal_text(stats.median_hours_to_reply),
          detail::decimal_text(stats.p90_hours_to_reply)};
}

std::vector<std::string> process_cells(std::string name, const HandlingStats& stats) {
  return {std::move(name),
          count_text(stats.returns),
          count_text(stats.extensions),
          count_text(stats.suspended),
          count_text(stats.declined),
          count_text(stats.visits_reached),
          count_text(stats.visits_satisfied),
          detail::percent_text(stats.satisfaction_rate)};
}

// --- Sections ----------------------------------------------------------------

// Section headings are numbered as Chinese official documents number them
// (一、二、…) or as "1." in English.
void write_heading(std::string& out, Language language, int number, std::string_view id, std::string_view title) {
  static constexpr std::string_view kChineseNumbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string prefix = language == Language::zh_CN ? std::string(kChineseNumbers[number - 1]) + "、"
                                                    : std::to_string(number) + ". ";
  out += "<h2 id=\"" + std::string(id) + "\">";
  out += escape_html(prefix + std::string(title));
  out += "</h2>";
}

// A chart with its caption, or a note when it has nothing to draw. Rows
// left out for lack of data are named under the chart.
void write_ratio_chart(std::string& out, Language language, std::string_view id, std::string_view title,
                       const std::vector<detail::ChartBar>& bars) {
  const std::string svg = detail::ratio_bar_chart(id, title, bars);
  if (svg.empty()) {
    out += "<p class=\"note\">";
    out += escape_html(title);
    out += escape_html(pick(language, ": no data to draw.", "：无数据，未绘图。"));
    out += "</p>";
    return;
  }
  out += "<figure><figcaption>";
  out += escape_html(title);
  out += "</figcaption>";
  out += svg;
  std::vector<std::string> left_out;
  for (const detail::ChartBar& bar : bars) {
    if (!bar.ratio) {
      left_out.push_back(bar.label);
    }
  }
  if (!left_out.empty()) {
    out += "<p class=\"note\">";
    out += escape_html(pick(language, "Left out of the chart for lack of data: ", "无数据、未列入图中："));
    out += escape_html(list_text(language, left_out));
    out += escape_html(pick(language, ".", "。"));
    out += "</p>";
  }
  out += "</figure>";
}

void write_header(std::string& out, const Report& report, Language language) {
  out += "<header><h1>";
  out += escape_html(label(language, ReportLabel::title));
  out += "</h1><dl class=\"meta\"><div><dt>";
  out += escape_html(label(language, ReportLabel::period));
  out += "</dt><dd>";
  out += fill_markup(label(language, ReportLabel::period_line), time_element(report.from, report.zone),
                     time_element(report.to, report.zone));
  out += "</dd></div><div><dt>";
  out += escape_html(label(language, ReportLabel::as_of));
  out += "</dt><dd>";
  out += time_element(report.as_of, report.zone);
  out += "</dd></div><div><dt>";
  out += escape_html(pick(language, "Time zone", "时区"));
  out += "</dt><dd>UTC";
  out += escape_html(format_utc_offset(report.zone));
  out += "</dd></div></dl></header>";
}

struct KeyFigure {
  std::string_view name;
  std::string value;
  std::string detail;  // empty for none
  bool alert = false;
};

void write_summary(std::string& out, const Report& report, Language language) {
  const HandlingStats& totals = report.totals;
  std::int64_t dispatched = 0;
  std::int64_t dispatched_on_time = 0;
  for (const ChannelReport& channel : report.channels) {
    dispatched += channel.dispatched;
    dispatched_on_time += channel.dispatched_on_time;
  }
  std::optional<double> dispatch_rate;
  if (dispatched > 0) {
    dispatch_rate = static_cast<double>(dispatched_on_time) / static_cast<double>(dispatched);
  }
  const std::int64_t judged = totals.closed_on_time + totals.closed_late;
  const bool zh = language == Language::zh_CN;

  const std::vector<KeyFigure> figures = {
      {label(language, ReportLabel::column_received), count_text(totals.received), {}},
      {label(language, ReportLabel::column_closed), count_text(totals.closed),
       zh ? "含撤回或合并 " + count_text(totals.cancelled) + " 件"
          : "withdrawn or merged: " + count_text(totals.cancelled)},
      {label(language, ReportLabel::column_on_time_rate), detail::percent_text(totals.on_time_rate),
       zh ? "已判定 " + count_text(judged) + " 件，按时 " + count_text(totals.closed_on_time) + " 件"
          : "on time: " + count_text(totals.closed_on_time) + " of " + count_text(judged) + " judged"},
      {label(language, ReportLabel::column_overdue_now), count_text(totals.overdue_now), {}, totals.overdue_now > 0},
      {label(language, ReportLabel::column_dispatch_on_time_rate), detail::percent_text(dispatch_rate),
       zh ? "已分拨 " + count_text(dispatched) + " 件，按时 " + count_text(dispatched_on_time) + " 件"
          : "on time: " + count_text(dispatched_on_time) + " of " + count_text(dispatched) + " dispatched"},
      {label(language, ReportLabel::column_median_hours), detail::decimal_text(totals.median_hours_to_reply),
       std::string(label(language, ReportLabel::column_p90_hours)) + (zh ? "：" : ": ") +
           detail::decimal_text(totals.p90_hours_to_reply)},
      {label(language, ReportLabel::column_satisfaction_rate), detail::percent_text(totals.satisfaction_rate),
       zh ? "回访接通 " + count_text(totals.visits_reached) + " 件，满意 " + count_text(totals.visits_satisfied) + " 件"
          : "satisfied: " + count_text(totals.visits_satisfied) + " of " + count_text(totals.visits_reached) +
                " visits reached"},
      {label(language, ReportLabel::column_returns), count_text(totals.returns),
       zh ? "延期 " + count_text(totals.extensions) + " 次，挂起 " + count_text(totals.suspended) + " 件"
          : "extensions: " + count_text(totals.extensions) + ", suspended: " + count_text(totals.suspended)},
  };

  write_heading(out, language, 1, "summary", label(language, ReportLabel::section_summary));
  out += "<dl class=\"figures\">";
  for (const KeyFigure& figure : figures) {
    out += figure.alert ? "<div class=\"alert\"><dt>" : "<div><dt>";
    out += escape_html(figure.name);
    out += "</dt><dd><span class=\"value\">";
    out += escape_html(figure.value);
    out += "</span>";
    if (!figure.detail.empty()) {
      out += "<span class=\"detail\">";
      out += escape_html(figure.detail);
      out += "</span>";
    }
    out += "</dd></div>";
  }
  out += "</dl><p class=\"note\">";
  out += escape_html(pick(language,
                          "Counts cover the tickets received in the period. Closures, on-time closures and "
                          "overdue tickets are judged at the as-of instant, in working time on the official "
                          "calendar. \"—\" means no data: no ticket to compute the figure from.",
                          "统计范围为统计期间内收到的来件。办结、按时办结和超期情况按统计时点判定，"
                          "工作时间按法定工作日历计算。“—”表示无数据，即没有可据以计算的工单。"));
  out += "</p>";
}

void write_units(std::string& out, const Report& report, Language language) {
  const std::string all(label(language, ReportLabel::all));

  write_heading(out, language, 2, "units", label(language, ReportLabel::section_unit));
  HtmlTable handling = handling_table(language, ReportLabel::column_unit);
  std::vector<detail::ChartBar> bars;
  for (const UnitReport& unit : report.units) {
    const std::string name = detail::unit_label(language, unit.unit);
    handling.add(handling_cells(name, unit.stats));
    bars.push_back({name, unit.stats.on_time_rate, unit.stats.closed_on_time,
                    unit.stats.closed_on_time + unit.stats.closed_late});
  }
  handling.add_total(handling_cells(all, report.totals));
  handling.write(out);
  write_ratio_chart(out, language, "chart-units",
                    pick(language, "On-time rate by lead unit (on time / closed with a reply and judged)",
                         "各承办单位按时办结率（按时办结件数/已判定办结件数）"),
                    bars);

  write_heading(out, language, 3, "unit-process", label(language, ReportLabel::section_unit_process));
  HtmlTable process(language, {{ReportLabel::column_unit, false},
                               {ReportLabel::column_returns, true},
                               {ReportLabel::column_extensions, true},
                               {ReportLabel::column_suspended, true},
                               {ReportLabel::column_declined, true},
                               {ReportLabel::column_visits_reached, true},
                               {ReportLabel::column_visits_satisfied, true},
                               {ReportLabel::column_satisfaction_rate, true}});
  for (const UnitReport& unit : report.units) {
    process.add(process_cells(detail::unit_label(language, unit.unit), unit.stats));
  }
  process.add_total(process_cells(all, report.totals));
  process.write(out);
}

void write_channels(std::string& out, const Report& report, Language language) {
  write_heading(out, language, 4, "channels", label(language, ReportLabel::section_channel));
  HtmlTable table(language, {{ReportLabel::column_channel, false},
                             {ReportLabel::column_received, true},
                             {ReportLabel::column_dispatched, true},
                             {ReportLabel::column_dispatched_on_time, true},
                             {ReportLabel::column_dispatch_on_time_rate, true},
                             {ReportLabel::column_median_dispatch_minutes, true}});
  std::vector<detail::ChartBar> bars;
  for (const ChannelReport& channel : report.channels) {
    const std::string name(detail::channel_label(language, channel.channel));
    table.add({name, count_text(channel.received), count_text(channel.dispatched),
               count_text(channel.dispatched_on_time), detail::percent_text(channel.dispatch_on_time_rate),
               detail::decimal_text(channel.median_minutes_to_dispatch)});
    bars.push_back({name, channel.dispatch_on_time_rate, channel.dispatched_on_time, channel.dispatched});
  }
  table.write(out);
  write_ratio_chart(out, language, "chart-channels",
                    pick(language, "Dispatch on-time rate by channel (dispatched on time / dispatched)",
                         "各来件渠道按时分拨率（按时分拨件数/已分拨件数）"),
                    bars);
}

void write_categories(std::string& out, const Report& report, Language language) {
  write_heading(out, language, 5, "categories", label(language, ReportLabel::section_category));
  HtmlTable table = handling_table(language, ReportLabel::column_category);
  for (const CategoryReport& category : report.categories) {
    table.add(handling_cells(std::string(detail::category_label(language, category.category)), category.stats));
  }
  table.add_total(handling_cells(std::string(label(language, ReportLabel::all)), report.totals));
  table.write(out);
}

void write_overdue(std::string& out, const Report& report, Language language) {
  write_heading(out, language, 6, "overdue", pick(language, "Overdue tickets for publication", "超期工单公示"));
  if (report.overdue.empty()) {
    out += "<p>";
    out += escape_html(label(language, ReportLabel::no_overdue));
    out += "</p>";
    return;
  }
  out += "<p class=\"note\">";
  out += escape_html(pick(language,
                          "Tickets overdue at the as-of instant, longest overdue first. Working days overdue "
                          "counts the working days on which the overdue working time lies.",
                          "统计时点仍超期的工单，按超期时长从长到短排列。超期工作日为超期工作时间所在的工作日数。"));
  out += "</p>";
  HtmlTable table(language, {{ReportLabel::column_ticket, false},
                             {ReportLabel::column_unit, false},
                             {ReportLabel::column_category, false},
                             {ReportLabel::column_state, false},
                             {ReportLabel::column_clock, false},
                             {ReportLabel::column_due, false},
                             {ReportLabel::column_overdue_days, true},
                             {ReportLabel::column_overdue_minutes, true}});
  for (const OverdueTicket& ticket : report.overdue) {
    table.add({ticket.ticket_id, detail::unit_label(language, ticket.unit),
               std::string(detail::category_label(language, ticket.category)),
               std::string(detail::state_label(language, ticket.state)),
               std::string(detail::clock_label(language, ticket.clock)), display_instant(ticket.due, report.zone),
               count_text(ticket.overdue_working_days), count_text(ticket.overdue_working_minutes)});
  }
  table.write(out);
}

void write_weeks(std::string& out, const Report& report, Language language) {
  write_heading(out, language, 7, "weeks", label(language, ReportLabel::section_week));
  if (report.weeks.empty()) {
    out += "<p>";
    out += escape_html(label(language, ReportLabel::no_weeks));
    out += "</p>";
    return;
  }
  const std::string_view title =
      pick(language, "Tickets received and closed per ISO week, and the on-time rate of those closed",
           "按 ISO 周统计的来件数、办结数及办结件的按时办结率");
  detail::TrendWords words{title, label(language, ReportLabel::column_received),
                           label(language, ReportLabel::column_closed),
                           label(language, ReportLabel::column_on_time_rate)};
  out += "<figure><figcaption>";
  out += escape_html(title);
  out += "</figcaption>";
  out += detail::weekly_trend_chart("chart-weeks", words, report.weeks);
  out += "</figure>";

  HtmlTable table(language, {{ReportLabel::column_week, false},
                             {ReportLabel::column_begin, false},
                             {ReportLabel::column_received, true},
                             {ReportLabel::column_closed, true},
                             {ReportLabel::column_closed_on_time, true},
                             {ReportLabel::column_closed_late, true},
                             {ReportLabel::column_on_time_rate, true},
                             {ReportLabel::column_overdue_at_end, true}});
  for (const WeekReport& week : report.weeks) {
    table.add({detail::week_label(week), format_date(to_civil(week.begin, report.zone).date), count_text(week.received),
               count_text(week.closed), count_text(week.closed_on_time), count_text(week.closed_late),
               detail::percent_text(week.on_time_rate), count_text(week.overdue_at_end)});
  }
  table.write(out);
}

void write_footer(std::string& out, Language language) {
  out += "<footer><p>";
  out += escape_html(pick(language, "This report contains no requester data and may be published.",
                          "本报表不含诉求企业及联系人信息，可以公开发布。"));
  out += " ";
  out += escape_html(pick(language, "Generated by jishiban ", "由 jishiban "));
  out += std::to_string(JISHIBAN_VERSION_MAJOR) + "." + std::to_string(JISHIBAN_VERSION_MINOR) + "." +
         std::to_string(JISHIBAN_VERSION_PATCH);
  out += escape_html(pick(language, ".", " 生成。"));
  out += "</p></footer>";
}

}  // namespace

std::string report_to_html(const Report& report, Language language) {
  std::string out;
  out.reserve(64 * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += language == Language::zh_CN ? "zh-CN" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may load: inline CSS is the only resource the page has.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<title>";
  out += escape_html(std::string(label(language, ReportLabel::title)) + " " +
                     display_instant(report.from, report.zone) + " – " + display_instant(report.to, report.zone));
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";

  write_header(out, report, language);
  out += "\n<main>\n";
  write_summary(out, report, language);
  out += "\n";
  write_units(out, report, language);
  out += "\n";
  write_channels(out, report, language);
  out += "\n";
  write_categories(out, report, language);
  out += "\n";
  write_overdue(out, report, language);
  out += "\n";
  write_weeks(out, report, language);
  out += "\n</main>\n";
  write_footer(out, language);
  out += "\n</body>\n</html>\n";
  return out;
}

}  // namespace jishiban
