#include "report/report_labels.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace jishiban::detail {

namespace {

struct Words {
  ReportLabel id;
  std::string_view en;
  std::string_view zh;
};

// One row per ReportLabel, in declaration order.
constexpr std::array<Words, 52> kWords{{
    {ReportLabel::title, "123 即时办 supervision report", "123 即时办督办报表"},
    {ReportLabel::period, "Period", "统计期间"},
    {ReportLabel::as_of, "As of", "统计时点"},
    {ReportLabel::period_line, "{0} to {1} (excluding {1})", "{0} 至 {1}（不含 {1}）"},
    {ReportLabel::section_summary, "Summary", "总体情况"},
    {ReportLabel::section_unit, "By lead unit: handling", "按承办单位：办理情况"},
    {ReportLabel::section_unit_process, "By lead unit: returns, extensions and return visits",
     "按承办单位：退回、延期与回访"},
    {ReportLabel::section_channel, "By channel: dispatch", "按来件渠道：分拨情况"},
    {ReportLabel::section_category, "By category", "按诉求类别"},
    {ReportLabel::section_overdue, "Overdue tickets", "超期工单"},
    {ReportLabel::section_week, "Weekly trend", "周趋势"},
    {ReportLabel::no_overdue, "No ticket is overdue.", "没有超期工单。"},
    {ReportLabel::no_weeks, "No ticket was received in the period.", "统计期间内没有来件。"},
    {ReportLabel::all, "All", "合计"},
    {ReportLabel::unassigned, "(unassigned)", "（未分配）"},
    {ReportLabel::uncategorized, "(uncategorized)", "（未分类）"},

    {ReportLabel::column_section, "Section", "部分"},
    {ReportLabel::column_name, "Name", "名称"},
    {ReportLabel::column_unit, "Lead unit", "承办单位"},
    {ReportLabel::column_channel, "Channel", "来件渠道"},
    {ReportLabel::column_category, "Category", "类别"},
    {ReportLabel::column_week, "Week", "周"},
    {ReportLabel::column_received, "Received", "来件"},
    {ReportLabel::column_closed, "Closed", "办结"},
    {ReportLabel::column_closed_on_time, "On time", "按时办结"},
    {ReportLabel::column_closed_late, "Late", "超时办结"},
    {ReportLabel::column_cancelled, "Withdrawn or merged", "撤回或合并"},
    {ReportLabel::column_overdue_now, "Overdue now", "当前超期"},
    {ReportLabel::column_on_time_rate, "On-time rate", "按时办结率"},
    {ReportLabel::column_median_hours, "Median hours to reply", "答复用时中位数（工作小时）"},
    {ReportLabel::column_p90_hours, "90th percentile hours to reply", "答复用时第90百分位（工作小时）"},
    {ReportLabel::column_returns, "Returns", "退回次数"},
    {ReportLabel::column_extensions, "Extensions", "延期次数"},
    {ReportLabel::column_suspended, "Suspended", "挂起件数"},
    {ReportLabel::column_declined, "Declined", "不予受理"},
    {ReportLabel::column_visits_reached, "Visits reached", "回访接通"},
    {ReportLabel::column_visits_satisfied, "Satisfied", "满意（含基本满意）"},
    {ReportLabel::column_satisfaction_rate, "Satisfaction rate", "满意率"},
    {ReportLabel::column_dispatched, "Dispatched", "已分拨"},
    {ReportLabel::column_dispatched_on_time, "Dispatched on time", "按时分拨"},
    {ReportLabel::column_dispatch_on_time_rate, "Dispatch on-time rate", "按时分拨率"},
    {ReportLabel::column_median_dispatch_minutes, "Median minutes to dispatch", "分拨用时中位数（工作分钟）"},
    {ReportLabel::column_ticket, "Ticket", "来件编号"},
    {ReportLabel::column_state, "State", "状态"},
    {ReportLabel::column_clock, "Time limit", "超期时限"},
    {ReportLabel::column_due, "Due", "到期时间"},
    {ReportLabel::column_overdue_minutes, "Working minutes overdue", "超期工作分钟"},
    {ReportLabel::column_overdue_days, "Working days overdue", "超期工作日"},
    {ReportLabel::column_begin, "Begin", "开始"},
    {ReportLabel::column_end, "End", "结束"},
    {ReportLabel::column_as_of, "As of", "统计时点"},
    {ReportLabel::column_overdue_at_end, "Overdue at week end", "本周结束时超期"},
}};

constexpr bool in_declaration_order() {
  for (std::size_t i = 0; i < kWords.size(); ++i) {
    if (static_cast<std::size_t>(kWords[i].id) != i) {
      return false;
    }
  }
  return true;
}
static_assert(in_declaration_order(), "kWords needs one row per ReportLabel, in declaration order");

constexpr std::array<std::array<std::string_view, 2>, 3> kChannels{{
    {"Hotline", "热线电话"},
    {"E-mail", "服务邮箱"},
    {"WeChat", "微信公众号"},
}};

constexpr std::array<std::array<std::string_view, 2>, 3> kCategories{{
    {"Consultation", "咨询类"},
    {"General", "一般类"},
    {"Difficult", "疑难类"},
}};

constexpr std::array<std::string_view, ticket_state_count> kStatesEn{{
    "Registered",
    "Awaiting office approval",
    "Declined",
    "Dispatched",
    "In progress",
    "Suspended",
    "Plan under review",
    "Replied",
    "Result reported",
    "Awaiting return visit",
    "Closed",
    "Archived",
}};

std::size_t language_index(Language language) { return language == Language::zh_CN ? 1 : 0; }

// Whether the code point takes two columns: the East Asian Wide and
// Fullwidth ranges of Unicode's EastAsianWidth.txt that hold letters and
// symbols in common use.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Combining marks, which take no column of their own.
bool is_combining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D;
}

}  // namespace

std::string_view label(Language language, ReportLabel id) noexcept {
  const Words& words = kWords[static_cast<std::size_t>(id)];
  return language == Language::zh_CN ? words.zh : words.en;
}

std::string_view channel_label(Language language, Channel channel) noexcept {
  return kChannels[static_cast<std::size_t>(channel)][language_index(language)];
}

std::string_view category_label(Language language, const std::optional<Category>& category) noexcept {
  if (!category) {
    return label(language, ReportLabel::uncategorized);
  }
  return kCategories[static_cast<std::size_t>(*category)][language_index(language)];
}

std::string_view state_label(Language language, TicketState state) noexcept {
  return language == Language::zh_CN ? chinese_name(state) : kStatesEn[static_cast<std::size_t>(state)];
}

std::string_view clock_label(Language language, SlaClockKind kind) noexcept {
  if (kind == SlaClockKind::dispatch) {
    return language == Language::zh_CN ? "分拨时限" : "Dispatch";
  }
  return language == Language::zh_CN ? "办理时限" : "Handling";
}

std::string unit_label(Language language, const std::string& unit) {
  return unit.empty() ? std::string(label(language, ReportLabel::unassigned)) : unit;
}

std::string week_label(const WeekReport& week) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-W%02d", week.iso_year, week.iso_week);
  return text;
}

std::string percent_text(const std::optional<double>& ratio) {
  if (!ratio) {
    return "—";
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", *ratio * 100.0);
  return text;
}

std::string decimal_text(const std::optional<double>& value) {
  if (!value) {
    return "—";
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", *value);
  return text;
}

std::string exact_decimal(double value) {
  char text[32];
  const std::to_chars_result result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF8) {
      // Not a lead byte of UTF-8; counted as one column.
    } else if (lead >= 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else if (lead >= 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xC0) {
      length = 2;
      code = lead & 0x1F;
    }
    if (i + length > text.size()) {
      length = 1;
      code = lead;
    }
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    if (is_combining(code)) {
      continue;
    }
    width += is_wide(code) ? 2 : 1;
  }
  return width;
}

}  // namespace jishiban::detail
