// Command-line parsing of the jishiban program.
//
// Parsing checks the shape of the command line only: which command, which
// options, and that the integers are integers. Dates and instants are parsed
// later by the library, because an instant without an offset takes the zone
// of the calendar, which the --calendar files may set.
#ifndef JISHIBAN_CLI_ARGUMENTS_HPP
#define JISHIBAN_CLI_ARGUMENTS_HPP

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "jishiban/error.hpp"
#include "cli/replay_command.hpp"
#include "cli/report_command.hpp"

namespace jishiban::cli {

// A malformed command line. what() is one line in the output language that
// names the problem and ends with a hint to run --help. The program prints it
// and exits with status 2.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& line) : std::runtime_error(line) {}
};

enum class CalendarCommand { is_workday, periods, next, add, elapsed, days_between, month };

// The command name as typed, for example "days-between".
std::string_view command_name(CalendarCommand command) noexcept;

// The arguments of `jishiban calendar`, checked against the command.
struct CalendarArguments {
  CalendarCommand command = CalendarCommand::is_workday;

  // Calendar files to merge over the built-in data, in the order given.
  std::vector<std::string> calendar_files;
  CoveragePolicy coverage = CoveragePolicy::strict;
  int provisional_years = CalendarOptions().provisional_years;
  bool json = false;

  // DATE of is-workday and periods, YYYY-MM of month; empty otherwise.
  std::string operand;

  // --from and --to as typed: an instant or, for days-between, a date.
  std::string from;
  std::string to;

  // add: exactly one of these is set.
  std::optional<std::int64_t> minutes;
  std::optional<int> days;
  DayConvention convention = DayConvention::legal_period;
};

// The commands that work on a jishiban database file.
enum class DatabaseCommand { backup, integrity, export_history, notify };

// The command name as typed, for example "export".
std::string_view command_name(DatabaseCommand command) noexcept;

// The arguments of `jishiban backup`, `jishiban integrity` and
// `jishiban export`, checked against the command.
struct DatabaseArguments {
  DatabaseCommand command = DatabaseCommand::integrity;
  std::string database;  // --db
  bool json = false;

  // backup: --to and --overwrite.
  std::string backup_target;
  bool overwrite = false;

  // export: --ticket, and --out or empty for stdout.
  std::string ticket_id;
  std::string export_target;

  // notify: --to-jsonl, and --now as typed (empty for the current time).
  std::string jsonl_target;
  std::string now;
};

enum class Action {
  show_top_level_help,
  show_version,
  show_calendar_help,
  run_calendar,
  show_database_help,
  run_database,
  show_replay_help,
  run_replay,
  show_report_help,
  run_report,
};

struct CommandLine {
  Language language = Language::en;
  Action action = Action::show_top_level_help;
  CalendarArguments calendar;  // set when action is run_calendar
  DatabaseArguments database;  // set when action is show_database_help or run_database
  ReplayArguments replay;      // set when action is run_replay
  ReportArguments report;      // set when action is run_report
};

// Returns the language given by --lang anywhere on the command line, else
// language_from_environment(). Throws UsageError, worded in the environment's
// language, when the --lang value is neither zh nor en.
Language select_language(const std::vector<std::string>& arguments);

// Parses the arguments after the program name. Throws UsageError.
CommandLine parse_command_line(const std::vector<std::string>& arguments);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_ARGUMENTS_HPP
