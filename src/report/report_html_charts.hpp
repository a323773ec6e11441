// Building blocks of report_to_html: HTML escaping and the inline SVG
// charts, drawn in C++ so that the page needs no script.
#ifndef JISHIBAN_SRC_REPORT_REPORT_HTML_CHARTS_HPP
#define JISHIBAN_SRC_REPORT_REPORT_HTML_CHARTS_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/report/report.hpp"

namespace jishiban::detail {

// Escapes `text` for HTML element content and quoted attribute values:
// & < > " ' become character references. Bytes that are not well-formed
// UTF-8, and control characters other than tab and line feed, become
// U+FFFD, so the page stays valid UTF-8 whatever the report holds.
std::string escape_html(std::string_view text);

// Cuts `text` at a character boundary so that it takes at most `columns`
// terminal columns (display_width), ending it with "…" when it was cut.
std::string truncate_to_columns(std::string_view text, std::size_t columns);

// One row of a ratio bar chart. Text is plain and escaped when drawn.
struct ChartBar {
  std::string label;
  // From 0 to 1; std::nullopt rows are left out of the chart.
  std::optional<double> ratio;
  // The counts behind the ratio, written next to the bar as "(3/4)".
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

// Horizontal bars of a ratio from 0 to 100 %, one per row with a ratio, in
// the order given. `id` must be unique in the page: it names the chart's
// title element for aria-labelledby. Returns an <svg> element, or an empty
// string when no row has a ratio.
std::string ratio_bar_chart(std::string_view id, std::string_view title, const std::vector<ChartBar>& bars);

// The words of the weekly trend chart in the page's language.
struct TrendWords {
  std::string_view title;
  std::string_view received;
  std::string_view closed;
  std::string_view on_time_rate;
};

// Bars of received and closed tickets per week on the left axis, and the
// on-time rate as a line on the right axis (0 to 100 %). A week without an
// on-time rate breaks the line instead of drawing 0. Returns an <svg>
// element, or an empty string for no weeks.
std::string weekly_trend_chart(std::string_view id, const TrendWords& words, const std::vector<WeekReport>& weeks);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_REPORT_REPORT_HTML_CHARTS_HPP
