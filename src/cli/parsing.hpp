// Helpers shared by the parsers of the jishiban commands: usage errors that
// point to the right help text, and the shape of option tokens.
#ifndef JISHIBAN_CLI_PARSING_HPP
#define JISHIBAN_CLI_PARSING_HPP

#include <initializer_list>
#include <string_view>

#include "cli/messages.hpp"
#include "jishiban/error.hpp"

namespace jishiban::cli {

// The help text a usage error points to: the program's or one command's.
enum class HelpTopic { top_level, calendar, backup, integrity, export_history, notify, replay, report };

// The command whose help a topic is, for example "export"; empty for the
// top level.
std::string_view help_command(HelpTopic topic) noexcept;

// Throws UsageError with `message` and the hint to run the topic's --help.
[[noreturn]] void fail(Language language, HelpTopic topic, Message message,
                       std::initializer_list<std::string_view> arguments = {});

bool starts_with(std::string_view text, std::string_view prefix);

// A token that starts with "-" is an option, except "-" alone.
bool looks_like_option(std::string_view token);

bool is_help_option(std::string_view token);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_PARSING_HPP
