// `jishiban replay FILE --db PATH`: applies a stream of timestamped commands
// (jishiban/replay/replay.hpp) to a database.
#ifndef JISHIBAN_CLI_REPLAY_COMMAND_HPP
#define JISHIBAN_CLI_REPLAY_COMMAND_HPP

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "jishiban/error.hpp"

namespace jishiban::cli {

struct ReplayArguments {
  std::string stream;    // the FILE operand; "-" for standard input
  std::string database;  // --db
  bool strict = false;
  bool json = false;
  std::string until;     // --until, as typed; empty for the last line's instant
  std::size_t batch = 512;
  std::vector<std::string> calendar_files;
  bool strict_coverage = false;  // --coverage strict
  std::string policy_file;       // --policy
  std::string log_file;          // --log
};

// Parses tokens[first] onwards. Returns false when --help was requested.
// Throws UsageError.
bool parse_replay_arguments(Language language, const std::vector<std::string>& tokens, std::size_t first,
                            ReplayArguments& arguments);

// The help text of `jishiban replay`.
std::string replay_help(Language language);

// Runs the replay and prints the summary to `out`, bad lines and the
// progress bar (on a terminal) to standard error. Returns the exit status:
// 0, or 2 when some lines were bad.
int run_replay_command(const ReplayArguments& arguments, Language language, std::ostream& out);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_REPLAY_COMMAND_HPP
