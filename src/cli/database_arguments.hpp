// Command-line parsing of `jishiban backup`, `jishiban integrity`,
// `jishiban export` and `jishiban notify`, the commands that work on a
// database file.
#ifndef JISHIBAN_CLI_DATABASE_ARGUMENTS_HPP
#define JISHIBAN_CLI_DATABASE_ARGUMENTS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/parsing.hpp"

namespace jishiban::cli {

// Returns the command a top-level argument names, or std::nullopt when it
// names none of backup, integrity, export and notify.
std::optional<DatabaseCommand> find_database_command(std::string_view name) noexcept;

HelpTopic database_help_topic(DatabaseCommand command) noexcept;

// Parses tokens[first] onwards, the arguments after the command's name.
// Throws UsageError.
CommandLine parse_database_command(Language language, DatabaseCommand command,
                                   const std::vector<std::string>& tokens, std::size_t first);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_DATABASE_ARGUMENTS_HPP
