// Message catalogue of the jishiban program: every text a person reads, in
// English and Simplified Chinese.
//
// A pattern marks argument N with "{N}" (N from 0 to 9), so the English and
// Chinese patterns can place the same arguments in different orders. Chinese
// patterns use full-width punctuation (：，（）、) as Chinese text does.
#ifndef JISHIBAN_CLI_MESSAGES_HPP
#define JISHIBAN_CLI_MESSAGES_HPP

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"

namespace jishiban::cli {

enum class Message {
  // Usage errors.
  missing_top_level_command,
  unknown_top_level_command,
  missing_command,
  unknown_command,
  unknown_option,
  missing_option_value,
  option_takes_no_value,
  option_given_twice,
  empty_option_value,
  option_not_for_command,
  missing_argument,
  missing_option,
  unexpected_argument,
  invalid_integer,
  integer_out_of_range,
  minutes_and_days,
  add_needs_amount,
  convention_needs_days,
  invalid_convention,
  invalid_coverage,
  invalid_language,
  invalid_month,
  usage_error_line,
  top_level_help_hint,
  command_help_hint,

  // Failures that are not the caller's fault.
  internal_error,
  output_failed,

  // Database files the database commands reject.
  database_file_empty,
  target_is_database_file,
  backup_target_exists,
  backup_removes_database_file,
  backup_failed,
  write_file_failed,
  sqlite_check_failed,

  // Command-line hints appended to library errors.
  hint_not_covered,
  hint_out_of_range,
  hint_out_of_range_calendar_file,

  // Labels and phrases of the results.
  working_day_verdict,
  not_working_day_verdict,
  day_summary,
  day_kind_suffix,
  parenthesized,
  provisional_note,
  provisional_note_without_year,
  label_start,
  label_from,
  label_to,
  label_time_limit,
  label_subtracted,
  label_deadline,
  label_result,
  label_next_working_instant,
  label_working_time,
  instant_with_weekday,
  working_minutes_one,
  working_minutes_other,
  working_days_one,
  working_days_other,
  exact_seconds,
  convention_legal_period,
  convention_working_time,
  no_working_periods,
  periods_total,
  days_between_result,
  month_title,
  month_legend,
  month_working_days,
  month_named_days_header,
  month_no_named_days,
  version_data_years,

  // Results of the database commands.
  label_database,
  label_backup_written,
  label_backup_tickets,
  label_tickets_checked,
  label_events_checked,
  sqlite_check_ok,
  sqlite_check_problems,
  integrity_sound,
  integrity_problem_count,
  problem_item,
  problem_from_sqlite,
  label_ticket_number,
  label_events_exported,
  label_written_to,
  label_notifications_delivered,
  label_notifications_failed,
  label_notifications_waiting,
  notify_not_due_hint,

  // Help texts.
  top_level_help,
  calendar_help,
  backup_help,
  integrity_help,
  export_help,
  notify_help,
};

// Formats `message` in `language`, replacing each "{N}" with arguments[N].
std::string translate(Language language, Message message,
                      std::initializer_list<std::string_view> arguments = {});

// Returns "Sunday" ... "Saturday" or "星期日" ... "星期六" for a weekday
// numbered 0 = Sunday as in boost::gregorian::greg_weekday.
std::string_view weekday_name(Language language, int weekday);

// Returns "Su" ... "Sa" or "日" ... "六", the month view's column headers.
std::string_view weekday_abbreviation(Language language, int weekday);

// Returns "January" ... "December". Chinese writes months as numbers (10月).
std::string_view english_month_name(int month);

// Returns 工作日, 休息日, 节假日 or 调休上班日, or the English term.
std::string_view day_kind_label(Language language, DayKind kind);

// Returns the holiday or make-up day's name in `language`, or the other
// language's name when that one is empty. Empty for an ordinary day.
std::string_view day_name(Language language, const DayInfo& info);

// Formats "60 working minutes", "1 working minute" or "60 工作分钟".
std::string working_minutes_phrase(Language language, std::int64_t minutes);

// Formats "3 working days", "1 working day" or "3 个工作日".
std::string working_days_phrase(Language language, std::int64_t days);

// Joins items with ", " in English and "、" in Chinese.
std::string join_list(Language language, const std::vector<std::string>& items);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_MESSAGES_HPP
