// `jishiban report --db PATH`: the supervision report of a database
// (jishiban/report/report.hpp) as text, JSON, CSV or an HTML page.
#ifndef JISHIBAN_CLI_REPORT_COMMAND_HPP
#define JISHIBAN_CLI_REPORT_COMMAND_HPP

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/report/report_format.hpp"

namespace jishiban::cli {

struct ReportArguments {
  std::string database;  // --db
  // --from, --to and --as-of as typed; empty when not given.
  std::string from;
  std::string to;
  std::string as_of;
  ReportFormat format = ReportFormat::text;
  std::string out;  // --out; empty for standard output
  std::vector<std::string> calendar_files;
  bool strict_coverage = false;  // --coverage strict
};

// Parses tokens[first] onwards. Returns false when --help was requested.
// Throws UsageError.
bool parse_report_arguments(Language language, const std::vector<std::string>& tokens, std::size_t first,
                            ReportArguments& arguments);

// The help text of `jishiban report`.
std::string report_help(Language language);

// Builds the report and writes it to `out`, or to the --out file with a
// line naming it on `out`. Returns the exit status, 0. Throws
// jishiban::Error for a database that is missing or cannot be opened, a
// value that is not a date or an instant, an empty period, and an --out file
// that is rejected or cannot be written.
int run_report_command(const ReportArguments& arguments, Language language, std::ostream& out);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_REPORT_COMMAND_HPP
