// Words of the report renderers in English and Simplified Chinese: section
// titles, column headings and the names of enum values, with the number
// formats the text and CSV forms share.
#ifndef JISHIBAN_SRC_REPORT_REPORT_LABELS_HPP
#define JISHIBAN_SRC_REPORT_REPORT_LABELS_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jishiban/error.hpp"
#include "jishiban/report/report.hpp"

namespace jishiban::detail {

enum class ReportLabel {
  // Titles and section names.
  title,
  period,
  as_of,
  period_line,  // "{0} to {1} (excluding {1})"
  section_summary,
  section_unit,
  section_unit_process,
  section_channel,
  section_category,
  section_overdue,
  section_week,
  no_overdue,
  no_weeks,
  all,
  unassigned,
  uncategorized,

  // Columns.
  column_section,
  column_name,
  column_unit,
  column_channel,
  column_category,
  column_week,
  column_received,
  column_closed,
  column_closed_on_time,
  column_closed_late,
  column_cancelled,
  column_overdue_now,
  column_on_time_rate,
  column_median_hours,
  column_p90_hours,
  column_returns,
  column_extensions,
  column_suspended,
  column_declined,
  column_visits_reached,
  column_visits_satisfied,
  column_satisfaction_rate,
  column_dispatched,
  column_dispatched_on_time,
  column_dispatch_on_time_rate,
  column_median_dispatch_minutes,
  column_ticket,
  column_state,
  column_clock,
  column_due,
  column_overdue_minutes,
  column_overdue_days,
  column_begin,
  column_end,
  column_as_of,
  column_overdue_at_end,
};

std::string_view label(Language language, ReportLabel label) noexcept;

std::string_view channel_label(Language language, Channel channel) noexcept;

// The category's name, or "uncategorized" for std::nullopt.
std::string_view category_label(Language language, const std::optional<Category>& category) noexcept;

std::string_view state_label(Language language, TicketState state) noexcept;

// "dispatch" or "handling" as the name of a time limit.
std::string_view clock_label(Language language, SlaClockKind kind) noexcept;

// The unit's name, or "unassigned" for the empty name.
std::string unit_label(Language language, const std::string& unit);

// "2026-W10".
std::string week_label(const WeekReport& week);

// "66.7%", or "—" for no data.
std::string percent_text(const std::optional<double>& ratio);

// The value with one decimal, "12.5", or "—" for no data.
std::string decimal_text(const std::optional<double>& value);

// The shortest decimal text that reads back as the same double, "0.6666666666666666".
std::string exact_decimal(double value);

// Columns a terminal uses to show `text`: 2 for each East Asian wide or
// fullwidth character (CJK ideographs, kana, hangul, fullwidth forms), 0
// for combining marks, 1 for the others.
std::size_t display_width(std::string_view text);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_REPORT_REPORT_LABELS_HPP
