// The month command's output: a grid like cal(1) with weeks starting on
// Monday, holidays and make-up working days marked, then the list of those
// days with their names.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "cli/arguments.hpp"
#include "cli/messages.hpp"
#include "cli/output.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban::cli {

namespace {

using nlohmann::ordered_json;

// A cell is the day number right-aligned in two columns, a marker and a space.
constexpr std::size_t kCellWidth = 4;

// The last cell of a row has no trailing space.
constexpr std::size_t kGridWidth = 7 * kCellWidth - 1;

// Returns the Monday-first column of a weekday numbered 0 = Sunday.
int column_of(int weekday) { return (weekday + 6) % 7; }

// Returns the terminal columns taken by UTF-8 text, counting every non-ASCII
// character as two. That holds for the CJK characters of the program's own
// Chinese texts, which are the only texts measured: holiday names come last
// on their line and are never padded.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char byte : text) {
    const auto value = static_cast<unsigned char>(byte);
    if (value < 0x80) {
      width += 1;
    } else if ((value & 0xC0) != 0x80) {  // the first byte of a multi-byte character
      width += 2;
    }
  }
  return width;
}

std::string pad_to_width(std::string_view text, std::size_t width) {
  std::string padded(text);
  const std::size_t used = display_width(text);
  if (used < width) {
    padded.append(width - used, ' ');
  }
  return padded;
}

void trim_trailing_spaces(std::string& line) {
  const std::size_t end = line.find_last_not_of(' ');
  line.erase(end == std::string::npos ? 0 : end + 1);
}

char marker_of(DayKind kind) {
  switch (kind) {
    case DayKind::holiday:
      return '*';
    case DayKind::make_up_working_day:
      return '+';
    case DayKind::working_day:
    case DayKind::rest_day:
      break;
  }
  return ' ';
}

bool is_named_day(const DayInfo& day) {
  return day.kind == DayKind::holiday || day.kind == DayKind::make_up_working_day;
}

int count_working_days(const MonthReport& report) {
  return static_cast<int>(std::count_if(report.days.begin(), report.days.end(),
                                        [](const DayInfo& day) { return day.working; }));
}

// "2026-10".
std::string year_month_text(int year, int month) {
  std::string text = std::to_string(year) + "-";
  if (month < 10) {
    text += '0';
  }
  return text + std::to_string(month);
}

void write_grid(const OutputContext& context, const MonthReport& report) {
  const Language language = context.language;

  const std::string title = translate(language, Message::month_title,
                                      {english_month_name(report.month), std::to_string(report.year),
                                       std::to_string(report.month)});
  const std::size_t title_width = display_width(title);
  const std::size_t indent = title_width < kGridWidth ? (kGridWidth - title_width) / 2 : 0;
  context.out << std::string(indent, ' ') << title << '\n';

  std::string header;
  for (int column = 0; column < 7; ++column) {
    header += pad_to_width(weekday_abbreviation(language, (column + 1) % 7), kCellWidth);
  }
  trim_trailing_spaces(header);
  context.out << header << '\n';

  std::string row;
  for (const DayInfo& day : report.days) {
    const int column = column_of(weekday_of(day.date));
    if (row.empty()) {
      row.append(static_cast<std::size_t>(column) * kCellWidth, ' ');
    }
    const int day_of_month = day.date.day();
    if (day_of_month < 10) {
      row += ' ';
    }
    row += std::to_string(day_of_month);
    row += marker_of(day.kind);
    row += ' ';
    if (column == 6) {
      trim_trailing_spaces(row);
      context.out << row << '\n';
      row.clear();
    }
  }
  trim_trailing_spaces(row);
  if (!row.empty()) {
    context.out << row << '\n';
  }
}

void write_named_days(const OutputContext& context, const MonthReport& report) {
  const Language language = context.language;

  std::size_t weekday_width = 0;
  std::size_t kind_width = 0;
  for (const DayInfo& day : report.days) {
    if (is_named_day(day)) {
      weekday_width = std::max(weekday_width, display_width(weekday_name(language, weekday_of(day.date))));
      kind_width = std::max(kind_width, display_width(day_kind_label(language, day.kind)));
    }
  }
  if (kind_width == 0) {
    context.out << translate(language, Message::month_no_named_days) << '\n';
    return;
  }

  context.out << translate(language, Message::month_named_days_header) << '\n';
  for (const DayInfo& day : report.days) {
    if (!is_named_day(day)) {
      continue;
    }
    std::string line = "  " + format_date(day.date) + "  " +
                       pad_to_width(weekday_name(language, weekday_of(day.date)), weekday_width) + "  " +
                       pad_to_width(day_kind_label(language, day.kind), kind_width) + "  ";
    line += day_name(language, day);
    trim_trailing_spaces(line);
    context.out << line << '\n';
  }
}

}  // namespace

void write_report(const OutputContext& context, const MonthReport& report) {
  if (context.json) {
    ordered_json object;
    object["command"] = std::string(command_name(CalendarCommand::month));
    object["month"] = year_month_text(report.year, report.month);
    object["working_days"] = count_working_days(report);
    ordered_json days = ordered_json::array();
    for (const DayInfo& day : report.days) {
      days.push_back(day_to_json(day));
    }
    object["days"] = std::move(days);
    add_provisional_fields(object, report.provisional);
    context.out << object.dump(2) << '\n';
    return;
  }

  const Language language = context.language;
  write_grid(context, report);
  context.out << '\n'
              << translate(language, Message::month_legend) << '\n'
              << translate(language, Message::month_working_days, {std::to_string(count_working_days(report))})
              << provisional_note(language, report.provisional) << '\n'
              << '\n';
  write_named_days(context, report);
}

}  // namespace jishiban::cli
