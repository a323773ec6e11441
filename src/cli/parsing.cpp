#include "cli/parsing.hpp"

#include "cli/arguments.hpp"

namespace jishiban::cli {

std::string_view help_command(HelpTopic topic) noexcept {
  switch (topic) {
    case HelpTopic::top_level:
      return {};
    case HelpTopic::calendar:
      return "calendar";
    case HelpTopic::backup:
      return "backup";
    case HelpTopic::integrity:
      return "integrity";
    case HelpTopic::export_history:
      return "export";
    case HelpTopic::notify:
      return "notify";
    case HelpTopic::replay:
      return "replay";
    case HelpTopic::report:
      return "report";
  }
  return {};
}

[[noreturn]] void fail(Language language, HelpTopic topic, Message message,
                       std::initializer_list<std::string_view> arguments) {
  const std::string hint = topic == HelpTopic::top_level
                               ? translate(language, Message::top_level_help_hint)
                               : translate(language, Message::command_help_hint, {help_command(topic)});
  throw UsageError(translate(language, Message::usage_error_line, {translate(language, message, arguments), hint}));
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool looks_like_option(std::string_view token) { return token.size() > 1 && token[0] == '-'; }

bool is_help_option(std::string_view token) { return token == "--help" || token == "-h"; }

}  // namespace jishiban::cli
