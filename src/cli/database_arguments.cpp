#include "cli/database_arguments.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "cli/messages.hpp"

namespace jishiban::cli {

namespace {

struct OptionSpec {
  std::string_view name;
  bool takes_value;
  // The commands that accept the option.
  bool for_backup;
  bool for_integrity;
  bool for_export;
  bool for_notify;
};

constexpr std::array<OptionSpec, 9> kOptions{{
    {"--db", true, true, true, true, true},
    {"--json", false, true, true, true, true},
    {"--lang", true, true, true, true, true},
    {"--to", true, true, false, false, false},
    {"--overwrite", false, true, false, false, false},
    {"--ticket", true, false, false, true, false},
    {"--out", true, false, false, true, false},
    {"--to-jsonl", true, false, false, false, true},
    {"--now", true, false, false, false, true},
}};

struct CommandSpec {
  std::string_view name;
  DatabaseCommand command;
  HelpTopic help;
};

constexpr std::array<CommandSpec, 4> kCommands{{
    {"backup", DatabaseCommand::backup, HelpTopic::backup},
    {"integrity", DatabaseCommand::integrity, HelpTopic::integrity},
    {"export", DatabaseCommand::export_history, HelpTopic::export_history},
    {"notify", DatabaseCommand::notify, HelpTopic::notify},
}};

const CommandSpec& spec_of(DatabaseCommand command) {
  return *std::find_if(kCommands.begin(), kCommands.end(),
                       [command](const CommandSpec& spec) { return spec.command == command; });
}

const OptionSpec* find_option(std::string_view name) {
  const auto found =
      std::find_if(kOptions.begin(), kOptions.end(), [name](const OptionSpec& spec) { return spec.name == name; });
  return found == kOptions.end() ? nullptr : &*found;
}

bool option_applies(const OptionSpec& option, DatabaseCommand command) {
  switch (command) {
    case DatabaseCommand::backup:
      return option.for_backup;
    case DatabaseCommand::integrity:
      return option.for_integrity;
    case DatabaseCommand::export_history:
      return option.for_export;
    case DatabaseCommand::notify:
      return option.for_notify;
  }
  return false;
}

// Single-value options by name, and the flags.
struct RawOptions {
  std::map<std::string, std::string, std::less<>> values;
  bool json = false;
  bool overwrite = false;
};

RawOptions read_tokens(Language language, const CommandSpec& command, const std::vector<std::string>& tokens,
                       std::size_t first) {
  RawOptions raw;
  bool options_ended = false;

  for (std::size_t index = first; index < tokens.size(); ++index) {
    const std::string& token = tokens[index];
    if (!options_ended && token == "--") {
      options_ended = true;
      continue;
    }
    // These commands take no positional arguments.
    if (options_ended || !looks_like_option(token)) {
      fail(language, command.help, Message::unexpected_argument, {token, command.name});
    }

    // "--name=value" carries its value inline.
    const std::size_t equals = token.find('=');
    const std::string_view name = std::string_view(token).substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr) {
      fail(language, command.help, Message::unknown_option, {name});
    }
    if (!option_applies(*spec, command.command)) {
      fail(language, command.help, Message::option_not_for_command, {name, command.name});
    }

    if (!spec->takes_value) {
      if (equals != std::string::npos) {
        fail(language, command.help, Message::option_takes_no_value,
             {name, std::string_view(token).substr(equals + 1)});
      }
      raw.json = raw.json || name == "--json";
      raw.overwrite = raw.overwrite || name == "--overwrite";
      continue;
    }

    std::string value;
    if (equals != std::string::npos) {
      value = token.substr(equals + 1);
    } else if (index + 1 < tokens.size()) {
      value = tokens[++index];
    } else {
      fail(language, command.help, Message::missing_option_value, {name});
    }
    if (value.empty()) {
      fail(language, command.help, Message::empty_option_value, {name});
    }
    if (!raw.values.emplace(std::string(name), std::move(value)).second) {
      fail(language, command.help, Message::option_given_twice, {name});
    }
  }
  return raw;
}

// Returns the value of an option the command requires.
std::string required_value(Language language, const CommandSpec& command, const RawOptions& raw,
                           std::string_view name) {
  const auto found = raw.values.find(name);
  if (found == raw.values.end()) {
    fail(language, command.help, Message::missing_option, {command.name, name});
  }
  return found->second;
}

}  // namespace

std::string_view command_name(DatabaseCommand command) noexcept { return spec_of(command).name; }

std::optional<DatabaseCommand> find_database_command(std::string_view name) noexcept {
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == name) {
      return spec.command;
    }
  }
  return std::nullopt;
}

HelpTopic database_help_topic(DatabaseCommand command) noexcept { return spec_of(command).help; }

CommandLine parse_database_command(Language language, DatabaseCommand command,
                                   const std::vector<std::string>& tokens, std::size_t first) {
  const CommandSpec& spec = spec_of(command);
  CommandLine line;
  line.language = language;
  line.database.command = command;

  // --help wins over every other mistake on the line.
  for (std::size_t index = first; index < tokens.size() && tokens[index] != "--"; ++index) {
    if (is_help_option(tokens[index])) {
      line.action = Action::show_database_help;
      return line;
    }
  }

  const RawOptions raw = read_tokens(language, spec, tokens, first);
  DatabaseArguments& arguments = line.database;
  arguments.database = required_value(language, spec, raw, "--db");
  arguments.json = raw.json;
  switch (command) {
    case DatabaseCommand::backup:
      arguments.backup_target = required_value(language, spec, raw, "--to");
      arguments.overwrite = raw.overwrite;
      break;
    case DatabaseCommand::integrity:
      break;
    case DatabaseCommand::export_history:
      arguments.ticket_id = required_value(language, spec, raw, "--ticket");
      if (const auto out = raw.values.find("--out"); out != raw.values.end()) {
        arguments.export_target = out->second;
      }
      break;
    case DatabaseCommand::notify:
      arguments.jsonl_target = required_value(language, spec, raw, "--to-jsonl");
      if (const auto now = raw.values.find("--now"); now != raw.values.end()) {
        arguments.now = now->second;
      }
      break;
  }

  line.action = Action::run_database;
  return line;
}

}  // namespace jishiban::cli
