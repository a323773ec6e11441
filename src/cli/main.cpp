// The jishiban program. Exit status: 0 on success, 2 for a usage error or
// input the library rejects, 1 for an internal failure or for problems that
// `jishiban integrity` found.
#include <cstdio>
#include <exception>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/calendar_command.hpp"
#include "cli/database_command.hpp"
#include "cli/messages.hpp"
#include "cli/replay_command.hpp"
#include "cli/report_command.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/error.hpp"
#include "jishiban/version.hpp"

namespace {

using jishiban::Language;
using jishiban::cli::Message;

constexpr int kExitSuccess = 0;
constexpr int kExitInternalError = 1;
constexpr int kExitInvalidInput = 2;

void print_error(std::string_view message) { std::cerr << "jishiban: " << message << '\n'; }

Message database_help(jishiban::cli::DatabaseCommand command) {
  switch (command) {
    case jishiban::cli::DatabaseCommand::backup:
      return Message::backup_help;
    case jishiban::cli::DatabaseCommand::integrity:
      return Message::integrity_help;
    case jishiban::cli::DatabaseCommand::export_history:
      return Message::export_help;
    case jishiban::cli::DatabaseCommand::notify:
      return Message::notify_help;
  }
  return Message::top_level_help;
}

void print_version(Language language) {
  std::cout << "jishiban " << JISHIBAN_VERSION_MAJOR << '.' << JISHIBAN_VERSION_MINOR << '.'
            << JISHIBAN_VERSION_PATCH << '\n';
  const std::set<int>& years = jishiban::official_calendar_data().years;
  if (!years.empty()) {
    std::cout << jishiban::cli::translate(language, Message::version_data_years,
                                          {std::to_string(*years.begin()), std::to_string(*years.rbegin())})
              << '\n';
  }
}

int run(const std::vector<std::string>& arguments) {
  // Messages before the command line is parsed use the environment's language.
  Language language = jishiban::language_from_environment();
  // Hints name options, and only `calendar` takes --provisional-years.
  bool calendar_command = true;
  try {
    const jishiban::cli::CommandLine command_line = jishiban::cli::parse_command_line(arguments);
    language = command_line.language;
    calendar_command = command_line.action == jishiban::cli::Action::run_calendar;

    int status = kExitSuccess;
    switch (command_line.action) {
      case jishiban::cli::Action::show_top_level_help:
        std::cout << jishiban::cli::translate(language, Message::top_level_help);
        break;
      case jishiban::cli::Action::show_calendar_help:
        std::cout << jishiban::cli::translate(language, Message::calendar_help);
        break;
      case jishiban::cli::Action::show_version:
        print_version(language);
        break;
      case jishiban::cli::Action::run_calendar:
        jishiban::cli::run_calendar_command(command_line.calendar, language, std::cout);
        break;
      case jishiban::cli::Action::show_database_help:
        std::cout << jishiban::cli::translate(language, database_help(command_line.database.command));
        break;
      case jishiban::cli::Action::run_database:
        status = jishiban::cli::run_database_command(command_line.database, language, std::cout);
        break;
      case jishiban::cli::Action::show_replay_help:
        std::cout << jishiban::cli::replay_help(language);
        break;
      case jishiban::cli::Action::run_replay:
        status = jishiban::cli::run_replay_command(command_line.replay, language, std::cout);
        break;
      case jishiban::cli::Action::show_report_help:
        std::cout << jishiban::cli::report_help(language);
        break;
      case jishiban::cli::Action::run_report:
        status = jishiban::cli::run_report_command(command_line.report, language, std::cout);
        break;
    }

    std::cout.flush();
    if (!std::cout) {
      print_error(jishiban::cli::translate(language, Message::output_failed));
      return kExitInternalError;
    }
    return status;
  } catch (const jishiban::cli::UsageError& error) {
    print_error(error.what());
    return kExitInvalidInput;
  } catch (const jishiban::Error& error) {
    // Every library error is about the input: a malformed value or calendar
    // file, an unreadable file, a day the calendar does not cover, a
    // database that cannot be opened or written, or an unknown ticket.
    std::string message = error.message(language);
    if (error.code() == jishiban::ErrorCode::calendar_not_covered) {
      message += jishiban::cli::translate(language, Message::hint_not_covered);
    } else if (error.code() == jishiban::ErrorCode::out_of_range) {
      message += jishiban::cli::translate(
          language, calendar_command ? Message::hint_out_of_range : Message::hint_out_of_range_calendar_file);
    }
    print_error(message);
    return kExitInvalidInput;
  } catch (const std::exception& error) {
    print_error(jishiban::cli::translate(language, Message::internal_error, {error.what()}));
    return kExitInternalError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (...) {
    // Reached when an exception is not a std::exception, or when reporting
    // an error throws again, for example std::bad_alloc.
    std::fputs("jishiban: internal error\n", stderr);
    return kExitInternalError;
  }
}
