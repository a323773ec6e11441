// The `jishiban calendar` commands: build the calendar, compute, write.
#ifndef JISHIBAN_CLI_CALENDAR_COMMAND_HPP
#define JISHIBAN_CLI_CALENDAR_COMMAND_HPP

#include <ostream>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "jishiban/error.hpp"

namespace jishiban::cli {

// Returns the calendar of the built-in official data with each of `files`
// merged over it in turn. Throws what load_calendar_data throws.
Calendar merged_calendar(const std::vector<std::string>& files, CalendarOptions options);

// Runs one calendar command and writes its result to `out`. Throws
// jishiban::Error for input the library or the month parser rejects, for
// unreadable or malformed calendar files and for days the calendar does not
// cover.
void run_calendar_command(const CalendarArguments& arguments, Language language, std::ostream& out);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_CALENDAR_COMMAND_HPP
