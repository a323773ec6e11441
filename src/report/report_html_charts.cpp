#include "report/report_html_charts.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/text/utf8.hpp"
#include "report/report_labels.hpp"

namespace jishiban::detail {

namespace {

// Colours: dark navy and light steel blue for bars, dark red for the
// on-time line. They stay apart when printed in greyscale.
constexpr std::string_view kBarColour = "#2b4c7e";
constexpr std::string_view kSecondBarColour = "#9fb6d0";
constexpr std::string_view kLineColour = "#a61b1b";
constexpr std::string_view kGridColour = "#d4d8de";
constexpr std::string_view kAxisColour = "#6b7280";

// The charts are drawn in a 720-unit-wide view box, which the page scales
// down to narrower screens. Text is 12 units high.
constexpr double kChartWidth = 720;

// An estimate of the width of one terminal column of 12-unit text in a
// sans-serif font: Latin letters take about 6.5 units and CJK characters,
// which take two columns, about 12.
constexpr double kUnitsPerColumn = 7;

// Length of the UTF-8 sequence that starts with `lead`, for text that is
// known to be well-formed.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) {
    return 4;
  }
  if (lead >= 0xE0) {
    return 3;
  }
  if (lead >= 0xC0) {
    return 2;
  }
  return 1;
}

// A coordinate with at most one decimal, written the same in every locale.
std::string number(double value) {
  char text[32];
  const std::to_chars_result result =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 1);
  std::string written(text, result.ptr);
  if (written.size() > 2 && written.compare(written.size() - 2, 2, ".0") == 0) {
    written.resize(written.size() - 2);
  }
  if (written == "-0") {
    written = "0";
  }
  return written;
}

std::string ratio_text(const ChartBar& bar) {
  return percent_text(bar.ratio) + " (" + std::to_string(bar.numerator) + "/" + std::to_string(bar.denominator) +
         ")";
}

// The smallest of 1, 2 and 5 times a power of ten that is at least `value`.
std::int64_t nice_step(double value) {
  std::int64_t power = 1;
  while (true) {
    for (const std::int64_t factor : {1, 2, 5}) {
      if (static_cast<double>(factor * power) >= value) {
        return factor * power;
      }
    }
    power *= 10;
  }
}

void open_svg(std::string& out, std::string_view id, std::string_view title, double height) {
  out += "<svg class=\"chart\" viewBox=\"0 0 " + number(kChartWidth) + " " + number(height) + "\" width=\"" +
         number(kChartWidth) + "\" height=\"" + number(height) + "\" role=\"img\" aria-labelledby=\"";
  out += escape_html(id);
  out += "\"><title id=\"";
  out += escape_html(id);
  out += "\">";
  out += escape_html(title);
  out += "</title>";
}

void line(std::string& out, double x1, double y1, double x2, double y2, std::string_view colour) {
  out += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) + "\" y2=\"" +
         number(y2) + "\" stroke=\"" + std::string(colour) + "\" stroke-width=\"1\"></line>";
}

void rect(std::string& out, double x, double y, double width, double height, std::string_view colour) {
  out += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(width) + "\" height=\"" +
         number(height) + "\" fill=\"" + std::string(colour) + "\"></rect>";
}

// `anchor` is start, middle or end. `css_class` selects a text style of the
// page's CSS, or none when empty.
void text(std::string& out, double x, double y, std::string_view anchor, std::string_view content,
          std::string_view css_class = {}) {
  out += "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + std::string(anchor) + "\"";
  if (!css_class.empty()) {
    out += " class=\"" + std::string(css_class) + "\"";
  }
  out += ">";
  out += escape_html(content);
  out += "</text>";
}

}  // namespace

std::string escape_html(std::string_view raw) {
  const std::string text = sanitize_utf8(raw);
  std::string escaped;
  escaped.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '&':
        escaped += "&amp;";
        continue;
      case '<':
        escaped += "&lt;";
        continue;
      case '>':
        escaped += "&gt;";
        continue;
      case '"':
        escaped += "&quot;";
        continue;
      case '\'':
        escaped += "&#39;";
        continue;
      default:
        break;
    }
    const bool c0_control = byte < 0x20 && byte != '\t' && byte != '\n';
    // U+0080 to U+009F, the C1 controls, are encoded C2 80 to C2 9F.
    const bool c1_control = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c0_control || byte == 0x7F) {
      escaped += "\xEF\xBF\xBD";
    } else if (c1_control) {
      escaped += "\xEF\xBF\xBD";
      ++i;
    } else {
      escaped += text[i];
    }
  }
  return escaped;
}

std::string truncate_to_columns(std::string_view raw, std::size_t columns) {
  const std::string text = sanitize_utf8(raw);
  if (display_width(text) <= columns) {
    return text;
  }
  // One column is kept for the ellipsis.
  std::string cut;
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    const std::string_view character(text.data() + i, length);
    const std::size_t character_width = display_width(character);
    if (width + character_width + 1 > columns) {
      break;
    }
    cut += character;
    width += character_width;
    i += length;
  }
  return cut + "…";
}

std::string ratio_bar_chart(std::string_view id, std::string_view title, const std::vector<ChartBar>& bars) {
  std::vector<const ChartBar*> drawn;
  std::size_t label_columns = 0;
  for (const ChartBar& bar : bars) {
    if (bar.ratio) {
      drawn.push_back(&bar);
      label_columns = std::max(label_columns, display_width(bar.label));
    }
  }
  if (drawn.empty()) {
    return {};
  }

  // Labels longer than 36 columns (18 CJK characters) are cut, and the
  // row's tooltip gives them whole.
  constexpr std::size_t kMaxLabelColumns = 36;
  label_columns = std::min(label_columns, kMaxLabelColumns);
  const double label_width = std::max(60.0, static_cast<double>(label_columns) * kUnitsPerColumn + 12);
  const double value_width = 150;  // room for "100.0% (9999/9999)"
  const double plot_left = label_width;
  const double plot_width = kChartWidth - label_width - value_width;

  constexpr double kTop = 24;
  constexpr double kRowHeight = 24;
  constexpr double kBarHeight = 14;
  const double height = kTop + kRowHeight * static_cast<double>(drawn.size()) + 8;

  std::string out;
  open_svg(out, id, title, height);

  for (int percent = 0; percent <= 100; percent += 25) {
    const double x = plot_left + plot_width * percent / 100.0;
    line(out, x, kTop - 4, x, height - 4, kGridColour);
    text(out, x, 14, "middle", std::to_string(percent) + "%", "axis");
  }

  double row_top = kTop;
  for (const ChartBar* bar : drawn) {
    const double ratio = std::clamp(*bar->ratio, 0.0, 1.0);
    const double bar_width = plot_width * ratio;
    const double baseline = row_top + kRowHeight / 2 + 4;
    out += "<g><title>";
    out += escape_html(bar->label + ": " + ratio_text(*bar));
    out += "</title>";
    text(out, plot_left - 8, baseline, "end", truncate_to_columns(bar->label, kMaxLabelColumns));
    rect(out, plot_left, row_top + (kRowHeight - kBarHeight) / 2, bar_width, kBarHeight, kBarColour);
    text(out, plot_left + bar_width + 6, baseline, "start", ratio_text(*bar), "value");
    out += "</g>";
    row_top += kRowHeight;
  }
  line(out, plot_left, kTop - 4, plot_left, height - 4, kAxisColour);
  out += "</svg>";
  return out;
}

std::string weekly_trend_chart(std::string_view id, const TrendWords& words, const std::vector<WeekReport>& weeks) {
  if (weeks.empty()) {
    return {};
  }

  constexpr double kHeight = 290;
  constexpr double kPlotLeft = 52;
  constexpr double kPlotRight = kChartWidth - 52;
  constexpr double kPlotTop = 40;
  constexpr double kPlotBottom = 246;
  constexpr double kPlotWidth = kPlotRight - kPlotLeft;
  constexpr double kPlotHeight = kPlotBottom - kPlotTop;

  // Four intervals on both axes, so that the count grid lines are the 25 %
  // steps of the rate axis.
  std::int64_t largest = 0;
  for (const WeekReport& week : weeks) {
    largest = std::max({largest, week.received, week.closed});
  }
  const std::int64_t step = nice_step(std::max<double>(1.0, static_cast<double>(largest) / 4.0));
  const double axis_max = static_cast<double>(step * 4);

  std::string out;
  open_svg(out, id, words.title, kHeight);

  // Legend.
  rect(out, kPlotLeft, 8, 12, 12, kBarColour);
  text(out, kPlotLeft + 18, 18, "start", words.received);
  rect(out, kPlotLeft + 140, 8, 12, 12, kSecondBarColour);
  text(out, kPlotLeft + 158, 18, "start", words.closed);
  rect(out, kPlotLeft + 280, 13, 20, 2, kLineColour);
  text(out, kPlotLeft + 306, 18, "start", words.on_time_rate);

  for (int tick = 0; tick <= 4; ++tick) {
    const double y = kPlotBottom - kPlotHeight * tick / 4.0;
    line(out, kPlotLeft, y, kPlotRight, y, tick == 0 ? kAxisColour : kGridColour);
    text(out, kPlotLeft - 6, y + 4, "end", std::to_string(step * tick), "axis");
    text(out, kPlotRight + 6, y + 4, "start", std::to_string(25 * tick) + "%", "axis");
  }

  const double slot = kPlotWidth / static_cast<double>(weeks.size());
  const double bar_width = std::clamp(slot * 0.36, 1.0, 16.0);
  // Labels such as "2026-W10" take about 50 units at 10-unit text.
  const std::size_t label_every = static_cast<std::size_t>(std::ceil(60.0 / slot));
  const auto count_y = [&](std::int64_t count) {
    return kPlotBottom - kPlotHeight * static_cast<double>(count) / axis_max;
  };
  const auto rate_y = [&](double rate) { return kPlotBottom - kPlotHeight * std::clamp(rate, 0.0, 1.0); };

  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const WeekReport& week = weeks[i];
    const double centre = kPlotLeft + slot * (static_cast<double>(i) + 0.5);
    out += "<g><title>";
    out += escape_html(week_label(week) + ": " + std::string(words.received) + " " + std::to_string(week.received) +
                       ", " + std::string(words.closed) + " " + std::to_string(week.closed) + ", " +
                       std::string(words.on_time_rate) + " " + percent_text(week.on_time_rate));
    out += "</title>";
    rect(out, centre - bar_width - 0.5, count_y(week.received), bar_width, kPlotBottom - count_y(week.received),
         kBarColour);
    rect(out, centre + 0.5, count_y(week.closed), bar_width, kPlotBottom - count_y(week.closed), kSecondBarColour);
    out += "</g>";
    if (i % label_every == 0) {
      text(out, centre, kPlotBottom + 16, "middle", week_label(week), "axis");
    }
  }

  // The rate line breaks at weeks without a rate. A dot marks each week
  // with one, so that a week between two gaps still shows.
  std::string points;
  const auto flush = [&]() {
    if (points.find(' ') != std::string::npos) {
      out += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + std::string(kLineColour) +
             "\" stroke-width=\"1.5\"></polyline>";
    }
    points.clear();
  };
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    if (!weeks[i].on_time_rate) {
      flush();
      continue;
    }
    const double x = kPlotLeft + slot * (static_cast<double>(i) + 0.5);
    if (!points.empty()) {
      points += ' ';
    }
    points += number(x) + "," + number(rate_y(*weeks[i].on_time_rate));
  }
  flush();
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    if (weeks[i].on_time_rate) {
      const double x = kPlotLeft + slot * (static_cast<double>(i) + 0.5);
      out += "<circle cx=\"" + number(x) + "\" cy=\"" + number(rate_y(*weeks[i].on_time_rate)) +
             "\" r=\"2.5\" fill=\"" + std::string(kLineColour) + "\"></circle>";
    }
  }

  out += "</svg>";
  return out;
}

}  // namespace jishiban::detail
