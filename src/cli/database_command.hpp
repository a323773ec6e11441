// The `jishiban backup`, `jishiban integrity` and `jishiban export` commands:
// open an existing database through SqliteStore, run, write the result.
#ifndef JISHIBAN_CLI_DATABASE_COMMAND_HPP
#define JISHIBAN_CLI_DATABASE_COMMAND_HPP

#include <ostream>

#include "cli/arguments.hpp"
#include "jishiban/error.hpp"

namespace jishiban::cli {

// The exit status of `jishiban integrity` when it found problems.
inline constexpr int kExitProblemsFound = 1;

// Runs one database command and writes its result to `out`. Returns the
// exit status: 0, or kExitProblemsFound from an integrity check that found
// problems. Throws jishiban::Error for a database that is missing, empty or
// cannot be opened, for a ticket the database does not contain, and for a
// target file that is rejected or cannot be written.
int run_database_command(const DatabaseArguments& arguments, Language language, std::ostream& out);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_DATABASE_COMMAND_HPP
