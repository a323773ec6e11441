#include "cli/arguments.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <map>
#include <system_error>

#include "cli/database_arguments.hpp"
#include "cli/messages.hpp"
#include "cli/parsing.hpp"

namespace jishiban::cli {

namespace {

// --minutes is converted to std::chrono::seconds, so it must stay well inside
// the int64 range after multiplying by 60. Amounts this large already lie far
// outside the calendar's tables, which the library reports as out_of_range.
constexpr std::int64_t kMaxMinutes = 1'000'000'000'000;

enum class OptionKind { flag, single_value, repeatable_value };

struct OptionSpec {
  std::string_view name;
  OptionKind kind;
};

constexpr std::array<OptionSpec, 11> kCalendarOptions{{
    {"--calendar", OptionKind::repeatable_value},
    {"--coverage", OptionKind::single_value},
    {"--provisional-years", OptionKind::single_value},
    {"--json", OptionKind::flag},
    {"--lang", OptionKind::single_value},
    {"--help", OptionKind::flag},
    {"--from", OptionKind::single_value},
    {"--to", OptionKind::single_value},
    {"--minutes", OptionKind::single_value},
    {"--days", OptionKind::single_value},
    {"--convention", OptionKind::single_value},
}};

// The options each command accepts besides the global ones (--calendar,
// --coverage, --provisional-years, --json, --lang).
struct CommandSpec {
  std::string_view name;
  CalendarCommand command;
  std::string_view operand;  // the positional argument's placeholder, or empty for none
  bool takes_from;           // --from, required when taken
  bool takes_to;             // --to, required when taken
  bool takes_amount;         // --minutes, --days, --convention
};

constexpr std::array<CommandSpec, 7> kCommands{{
    {"is-workday", CalendarCommand::is_workday, "DATE", false, false, false},
    {"periods", CalendarCommand::periods, "DATE", false, false, false},
    {"next", CalendarCommand::next, "", true, false, false},
    {"add", CalendarCommand::add, "", true, false, true},
    {"elapsed", CalendarCommand::elapsed, "", true, true, false},
    {"days-between", CalendarCommand::days_between, "", true, true, false},
    {"month", CalendarCommand::month, "YYYY-MM", false, false, false},
}};

// Options and positional arguments of `jishiban calendar` before they are
// checked against the command.
struct RawCalendarArguments {
  std::vector<std::string> positionals;
  std::map<std::string, std::string, std::less<>> values;  // single-value options by name
  std::vector<std::string> calendar_files;
  bool json = false;
};

const OptionSpec* find_option(std::string_view name) {
  const auto found = std::find_if(kCalendarOptions.begin(), kCalendarOptions.end(),
                                  [name](const OptionSpec& spec) { return spec.name == name; });
  return found == kCalendarOptions.end() ? nullptr : &*found;
}

const CommandSpec* find_command(std::string_view name) {
  const auto found = std::find_if(kCommands.begin(), kCommands.end(),
                                  [name](const CommandSpec& spec) { return spec.name == name; });
  return found == kCommands.end() ? nullptr : &*found;
}

std::string command_list(Language language) {
  std::vector<std::string> names;
  for (const CommandSpec& spec : kCommands) {
    names.emplace_back(spec.name);
  }
  return join_list(language, names);
}

bool option_applies(const CommandSpec& command, std::string_view option) {
  if (option == "--coverage" || option == "--provisional-years" || option == "--lang") {
    return true;
  }
  if (option == "--from") {
    return command.takes_from;
  }
  if (option == "--to") {
    return command.takes_to;
  }
  return command.takes_amount;  // --minutes, --days, --convention
}

// Parses a decimal integer with an optional sign. std::from_chars alone
// rejects a leading "+", so it is dropped first.
std::int64_t parse_integer(Language language, std::string_view option, std::string_view text,
                           std::int64_t minimum, std::int64_t maximum) {
  std::string_view digits = text;
  if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-') {
    digits.remove_prefix(1);
  }

  std::int64_t value = 0;
  const char* const last = digits.data() + digits.size();
  const auto [end, error] = std::from_chars(digits.data(), last, value);
  if (digits.empty() || error == std::errc::invalid_argument || end != last) {
    fail(language, HelpTopic::calendar, Message::invalid_integer, {text, option});
  }
  if (error == std::errc::result_out_of_range || value < minimum || value > maximum) {
    fail(language, HelpTopic::calendar, Message::integer_out_of_range,
         {text, option, std::to_string(minimum), std::to_string(maximum)});
  }
  return value;
}

RawCalendarArguments read_calendar_tokens(Language language, const std::vector<std::string>& tokens,
                                          std::size_t first) {
  RawCalendarArguments raw;
  bool options_ended = false;

  for (std::size_t index = first; index < tokens.size(); ++index) {
    const std::string& token = tokens[index];
    if (options_ended || !looks_like_option(token)) {
      raw.positionals.push_back(token);
      continue;
    }
    if (token == "--") {
      options_ended = true;
      continue;
    }

    // "--name=value" carries its value inline.
    const std::size_t equals = token.find('=');
    const std::string_view name = std::string_view(token).substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr) {
      fail(language, HelpTopic::calendar, Message::unknown_option, {name});
    }

    if (spec->kind == OptionKind::flag) {
      if (equals != std::string::npos) {
        fail(language, HelpTopic::calendar, Message::option_takes_no_value,
             {name, std::string_view(token).substr(equals + 1)});
      }
      raw.json = raw.json || name == "--json";
      continue;
    }

    // The next token is the value even when it starts with "-", so that
    // "--minutes -30" works.
    std::string value;
    if (equals != std::string::npos) {
      value = token.substr(equals + 1);
    } else if (index + 1 < tokens.size()) {
      value = tokens[++index];
    } else {
      fail(language, HelpTopic::calendar, Message::missing_option_value, {name});
    }

    if (spec->kind == OptionKind::repeatable_value) {
      raw.calendar_files.push_back(std::move(value));
    } else if (!raw.values.emplace(std::string(name), std::move(value)).second) {
      fail(language, HelpTopic::calendar, Message::option_given_twice, {name});
    }
  }
  return raw;
}

std::optional<std::string> take_value(const RawCalendarArguments& raw, std::string_view name) {
  const auto found = raw.values.find(name);
  if (found == raw.values.end()) {
    return std::nullopt;
  }
  return found->second;
}

CoveragePolicy parse_coverage(Language language, std::string_view text) {
  if (text == "strict") {
    return CoveragePolicy::strict;
  }
  if (text == "provisional") {
    return CoveragePolicy::provisional;
  }
  fail(language, HelpTopic::calendar, Message::invalid_coverage, {text});
}

void check_operands(Language language, const CommandSpec& spec, const std::vector<std::string>& positionals,
                    CalendarArguments& arguments) {
  const std::size_t expected = spec.operand.empty() ? 1 : 2;
  if (positionals.size() < expected) {
    fail(language, HelpTopic::calendar, Message::missing_argument, {spec.operand, spec.name});
  }
  if (positionals.size() > expected) {
    fail(language, HelpTopic::calendar, Message::unexpected_argument, {positionals[expected], spec.name});
  }
  if (!spec.operand.empty()) {
    arguments.operand = positionals[1];
  }
}

void read_amount(Language language, RawCalendarArguments& raw, CalendarArguments& arguments) {
  const std::optional<std::string> minutes = take_value(raw, "--minutes");
  const std::optional<std::string> days = take_value(raw, "--days");
  const std::optional<std::string> convention = take_value(raw, "--convention");

  if (minutes && days) {
    fail(language, HelpTopic::calendar, Message::minutes_and_days);
  }
  if (!minutes && !days) {
    fail(language, HelpTopic::calendar, Message::add_needs_amount);
  }
  if (convention && !days) {
    fail(language, HelpTopic::calendar, Message::convention_needs_days);
  }

  if (minutes) {
    arguments.minutes = parse_integer(language, "--minutes", *minutes, -kMaxMinutes, kMaxMinutes);
    return;
  }
  arguments.days = static_cast<int>(parse_integer(language, "--days", *days, INT_MIN, INT_MAX));
  if (convention) {
    const std::optional<DayConvention> parsed = parse_day_convention(*convention);
    if (!parsed) {
      fail(language, HelpTopic::calendar, Message::invalid_convention, {*convention});
    }
    arguments.convention = *parsed;
  }
}

// Parses tokens[first] onwards, the arguments after "calendar".
CommandLine parse_calendar(Language language, const std::vector<std::string>& tokens, std::size_t first) {
  CommandLine line;
  line.language = language;

  // --help wins over every other mistake on the line.
  for (std::size_t index = first; index < tokens.size() && tokens[index] != "--"; ++index) {
    if (is_help_option(tokens[index])) {
      line.action = Action::show_calendar_help;
      return line;
    }
  }

  RawCalendarArguments raw = read_calendar_tokens(language, tokens, first);
  if (raw.positionals.empty()) {
    fail(language, HelpTopic::calendar, Message::missing_command, {command_list(language)});
  }
  const CommandSpec* spec = find_command(raw.positionals.front());
  if (spec == nullptr) {
    fail(language, HelpTopic::calendar, Message::unknown_command, {raw.positionals.front(), command_list(language)});
  }

  CalendarArguments& arguments = line.calendar;
  arguments.command = spec->command;
  arguments.calendar_files = std::move(raw.calendar_files);
  arguments.json = raw.json;

  for (const auto& [name, value] : raw.values) {
    if (!option_applies(*spec, name)) {
      fail(language, HelpTopic::calendar, Message::option_not_for_command, {name, spec->name});
    }
  }
  check_operands(language, *spec, raw.positionals, arguments);

  if (const std::optional<std::string> coverage = take_value(raw, "--coverage")) {
    arguments.coverage = parse_coverage(language, *coverage);
  }
  if (const std::optional<std::string> years = take_value(raw, "--provisional-years")) {
    arguments.provisional_years = static_cast<int>(parse_integer(language, "--provisional-years", *years, 0, 50));
  }
  if (spec->takes_from) {
    std::optional<std::string> from = take_value(raw, "--from");
    if (!from) {
      fail(language, HelpTopic::calendar, Message::missing_option, {spec->name, "--from"});
    }
    arguments.from = std::move(*from);
  }
  if (spec->takes_to) {
    std::optional<std::string> to = take_value(raw, "--to");
    if (!to) {
      fail(language, HelpTopic::calendar, Message::missing_option, {spec->name, "--to"});
    }
    arguments.to = std::move(*to);
  }
  if (spec->takes_amount) {
    read_amount(language, raw, arguments);
  }

  line.action = Action::run_calendar;
  return line;
}

// Returns the list of top-level commands, "calendar, replay, report, ...", in `language`.
std::string top_level_command_list(Language language) {
  return join_list(language, {"calendar", "replay", "report", "backup", "integrity", "export", "notify"});
}

// The help topic of the first argument that names a command, for usage
// errors found before the command is parsed.
HelpTopic help_topic_of(const std::vector<std::string>& arguments) {
  for (const std::string& argument : arguments) {
    if (argument == "--") {
      break;
    }
    if (argument == "calendar") {
      return HelpTopic::calendar;
    }
    if (argument == "replay") {
      return HelpTopic::replay;
    }
    if (argument == "report") {
      return HelpTopic::report;
    }
    if (const std::optional<DatabaseCommand> command = find_database_command(argument)) {
      return database_help_topic(*command);
    }
  }
  return HelpTopic::top_level;
}

}  // namespace

std::string_view command_name(CalendarCommand command) noexcept {
  for (const CommandSpec& spec : kCommands) {
    if (spec.command == command) {
      return spec.name;
    }
  }
  return {};
}

Language select_language(const std::vector<std::string>& arguments) {
  const Language environment_language = language_from_environment();
  const HelpTopic topic = help_topic_of(arguments);

  // Every --lang is checked, so a second one is an error rather than ignored.
  std::optional<Language> chosen;
  for (std::size_t index = 0; index < arguments.size() && arguments[index] != "--"; ++index) {
    const std::string_view token = arguments[index];
    std::optional<std::string_view> value;
    if (token == "--lang" && index + 1 < arguments.size()) {
      value = arguments[index + 1];
    } else if (starts_with(token, "--lang=")) {
      value = token.substr(7);
    }
    if (!value) {
      continue;
    }
    const Language message_language = chosen.value_or(environment_language);
    if (*value != "zh" && *value != "en") {
      fail(message_language, topic, Message::invalid_language, {*value});
    }
    if (chosen) {
      fail(message_language, topic, Message::option_given_twice, {"--lang"});
    }
    chosen = *value == "zh" ? Language::zh_CN : Language::en;
  }
  return chosen.value_or(environment_language);
}

CommandLine parse_command_line(const std::vector<std::string>& arguments) {
  const Language language = select_language(arguments);

  // Options before the command: --help, --version and --lang.
  for (std::size_t index = 0; index < arguments.size(); ++index) {
    const std::string& token = arguments[index];
    if (is_help_option(token)) {
      return CommandLine{language, Action::show_top_level_help, {}, {}, {}, {}};
    }
    if (token == "--version") {
      return CommandLine{language, Action::show_version, {}, {}, {}, {}};
    }
    if (token == "--lang") {
      if (index + 1 == arguments.size()) {
        fail(language, HelpTopic::top_level, Message::missing_option_value, {token});
      }
      ++index;  // select_language has checked the value
      continue;
    }
    if (starts_with(token, "--lang=")) {
      continue;
    }
    if (token == "calendar") {
      return parse_calendar(language, arguments, index + 1);
    }
    if (token == "replay") {
      CommandLine line;
      line.language = language;
      line.action = parse_replay_arguments(language, arguments, index + 1, line.replay) ? Action::run_replay
                                                                                         : Action::show_replay_help;
      return line;
    }
    if (token == "report") {
      CommandLine line;
      line.language = language;
      line.action = parse_report_arguments(language, arguments, index + 1, line.report) ? Action::run_report
                                                                                         : Action::show_report_help;
      return line;
    }
    if (const std::optional<DatabaseCommand> command = find_database_command(token)) {
      return parse_database_command(language, *command, arguments, index + 1);
    }
    if (looks_like_option(token)) {
      fail(language, HelpTopic::top_level, Message::unknown_option, {token});
    }
    fail(language, HelpTopic::top_level, Message::unknown_top_level_command, {token, top_level_command_list(language)});
  }
  fail(language, HelpTopic::top_level, Message::missing_top_level_command, {top_level_command_list(language)});
}

}  // namespace jishiban::cli
