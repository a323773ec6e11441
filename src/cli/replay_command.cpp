#include "cli/replay_command.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cli/calendar_command.hpp"
#include "cli/database_files.hpp"
#include "cli/messages.hpp"
#include "cli/parsing.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/policy.hpp"

namespace jishiban::cli {

namespace {

// --- Texts -------------------------------------------------------------------

constexpr const char* kHelpEn = R"(Usage: jishiban replay FILE --db PATH [options]

Applies a stream of timestamped commands (JSON lines, see docs/reports.md) to
the database at PATH, creating it when it does not exist. Before each line
the engine polls at the line's instant, so SLA warnings, breaches and
escalations are recorded when they fell due. Notifications wait in the
database's outbox; `jishiban notify` delivers them.

Lines with a "key" are applied once: running the same stream again, or after
an interruption, applies only what is missing. A bad line is reported with
its number and reason, and the rest goes on unless --strict is given.

FILE is a path, or - for standard input.

Options:
  --db PATH         the database (required)
  --strict          stop at the first bad line
  --until INSTANT   poll once more at this instant after the last line
                    (default: the last line's instant)
  --batch N         lines per transaction, 1 to 100000 (default 512)
  --calendar FILE   merge a calendar file over the official data; repeatable
  --coverage MODE   provisional (default): deadlines in years without
                    official data use the weekly pattern; strict: such lines
                    are rejected
  --policy FILE     the policy file (default: the standard 123 policy)
  --log FILE        append the engine's log lines to FILE
  --json            print the summary as JSON
  --lang zh|en      language of messages (default: from LANG)

Exit status: 0 when every line was applied or had been applied before, 2
when some lines were bad or the arguments are wrong, 1 for an internal error.
)";

constexpr const char* kHelpZh = R"(用法：jishiban replay 文件 --db 路径 [选项]

将带时间戳的命令流（JSON lines，见 docs/reports.zh-CN.md）回放到“路径”所指的
数据库中，数据库不存在时自动创建。每行执行前，引擎先按该行时刻检查时限，
因此预警、超期和移交纪检事件都记录在其实际发生的时刻。通知保存在数据库的
待发队列中，由 `jishiban notify` 发送。

带 "key" 的行只执行一次：再次回放同一数据流，或中断后重新回放，只补上
尚未执行的部分。错误行会报告行号和原因，其余行继续执行；指定 --strict
时在第一个错误行处停止。

“文件”为路径，或用 - 表示标准输入。

选项：
  --db 路径         数据库（必填）
  --strict          遇到第一个错误行即停止
  --until 时刻      最后一行之后，再按此时刻检查一次时限
                    （默认：最后一行的时刻）
  --batch N         每个事务包含的行数，1 至 100000（默认 512）
  --calendar 文件   在官方数据之上合并日历文件；可多次给出
  --coverage 方式   provisional（默认）：无官方数据年份的期限按每周工作日
                    暂定计算；strict：此类行被拒绝
  --policy 文件     时限规则文件（默认：标准 123 规则）
  --log 文件        将引擎日志追加写入该文件
  --json            以 JSON 输出汇总
  --lang zh|en      消息语言（默认取自 LANG）

退出状态：所有行均已执行（含此前已执行）时为 0；有错误行或参数错误时为 2；
内部错误为 1。
)";

std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int position = static_cast<int>(digits.size()) - 3; position > 0; position -= 3) {
    digits.insert(static_cast<std::size_t>(position), ",");
  }
  return digits;
}

std::string seconds_text(double seconds) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.2f", seconds);
  return buffer.data();
}

std::string summary_text(Language language, const ReplayArguments& arguments, const ReplayResult& result,
                         std::size_t waiting, double seconds) {
  const std::string stream = arguments.stream == "-" ? std::string("-") : arguments.stream;
  if (language == Language::zh_CN) {
    std::string text = "已将 " + stream + " 回放至 " + arguments.database + "：共 " + grouped(result.lines) +
                       " 行，执行命令 " + grouped(result.applied) + " 条，此前已执行 " + grouped(result.repeated) +
                       " 条，错误行 " + grouped(result.bad) + " 行；新登记工单 " + grouped(result.registered) +
                       " 件；记录时限事件 " + grouped(result.sla_events) + " 条；待发通知 " + grouped(waiting) +
                       " 条（用 jishiban notify 发送）。用时 " + seconds_text(seconds) + " 秒。";
    if (result.stopped) {
      text += "\n因 --strict 在第 " + grouped(result.lines) + " 行停止，之后的行未执行。";
    }
    return text;
  }
  std::string text = "Replayed " + stream + " into " + arguments.database + ": " + grouped(result.lines) +
                     " lines; commands applied " + grouped(result.applied) + ", applied before " +
                     grouped(result.repeated) + ", bad lines " + grouped(result.bad) + "; tickets registered " +
                     grouped(result.registered) + "; SLA events recorded " + grouped(result.sla_events) +
                     "; notifications waiting in the outbox " + grouped(waiting) +
                     " (deliver them with jishiban notify); " + seconds_text(seconds) + " s.";
  if (result.stopped) {
    text += "\nStopped at line " + grouped(result.lines) + " because of --strict; later lines were not applied.";
  }
  return text;
}

// Bad lines listed in the JSON summary, so a stream of garbage does not fill
// memory with messages.
constexpr std::size_t kMaxListedBadLines = 1000;

// --- Progress ----------------------------------------------------------------

// A bar on standard error, redrawn at most ten times a second, when standard
// error is a terminal.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::uint64_t total_bytes, Language language)
      : enabled_(enabled), total_(total_bytes), language_(language) {}

  void update(const ReplayResult& result) {
    if (!enabled_) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) {
      return;
    }
    last_ = now;
    drawn_ = true;
    constexpr int kWidth = 30;
    std::string line = "\r[";
    if (total_ > 0) {
      const double share = std::min(1.0, static_cast<double>(result.bytes) / static_cast<double>(total_));
      const int filled = static_cast<int>(share * kWidth);
      line += std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kWidth - filled), '-');
      std::array<char, 16> percent{};
      std::snprintf(percent.data(), percent.size(), "] %3d%% ", static_cast<int>(share * 100));
      line += percent.data();
    } else {
      line += std::string(kWidth, '?') + "] ";
    }
    line += language_ == Language::zh_CN ? "已读 " + grouped(result.lines) + " 行" : grouped(result.lines) + " lines";
    std::cerr << line << std::flush;
  }

  // Clears the bar, so messages start on a clean line.
  void clear() {
    if (enabled_ && drawn_) {
      std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
      drawn_ = false;
    }
  }

 private:
  bool enabled_;
  std::uint64_t total_;
  Language language_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

// --- Log -----------------------------------------------------------------------

// Appends lines to a file created 0600: engine log lines name tickets and
// people, which only the office should read.
class LogFile {
 public:
  explicit LogFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      const std::string reason = std::strerror(errno);
      throw Error(ErrorCode::io_error, "cannot open the log file " + quote_for_message(path) + ": " + reason,
                  "无法打开日志文件 " + quote_for_message(path) + "：" + reason);
    }
  }
  ~LogFile() { ::close(fd_); }
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  void write(std::string_view line) {
    std::string text(line);
    text += '\n';
    // One write per line on an O_APPEND file keeps lines whole; a failed
    // log write must not fail a stored command, so it is ignored.
    [[maybe_unused]] const ssize_t written = ::write(fd_, text.data(), text.size());
  }

 private:
  int fd_ = -1;
};

// A notifier the engine never calls: replay leaves notifications in the
// outbox (EngineOptions::deliver_notifications is false).
class OutboxOnly final : public Notifier {
 public:
  void notify(const Notification&) override {}
};

std::uint64_t file_size(const std::string& path) {
  std::error_code error;
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  const auto end = probe.tellg();
  return end > 0 ? static_cast<std::uint64_t>(end) : 0;
}

Calendar build_calendar(const ReplayArguments& arguments) {
  CalendarOptions options;
  options.coverage = arguments.strict_coverage ? CoveragePolicy::strict : CoveragePolicy::provisional;
  return merged_calendar(arguments.calendar_files, options);
}

}  // namespace

std::string replay_help(Language language) { return language == Language::zh_CN ? kHelpZh : kHelpEn; }

bool parse_replay_arguments(Language language, const std::vector<std::string>& tokens, std::size_t first,
                            ReplayArguments& arguments) {
  for (std::size_t index = first; index < tokens.size() && tokens[index] != "--"; ++index) {
    if (is_help_option(tokens[index])) {
      return false;
    }
  }

  bool options_ended = false;
  bool seen_until = false;
  bool seen_batch = false;
  bool seen_coverage = false;
  for (std::size_t index = first; index < tokens.size(); ++index) {
    const std::string& token = tokens[index];
    if (!options_ended && token == "--") {
      options_ended = true;
      continue;
    }
    if (options_ended || !looks_like_option(token)) {
      if (!arguments.stream.empty()) {
        fail(language, HelpTopic::replay, Message::unexpected_argument, {token, "replay"});
      }
      arguments.stream = token;
      continue;
    }

    const std::size_t equals = token.find('=');
    const std::string name = token.substr(0, equals);
    const bool flag = name == "--strict" || name == "--json";
    const bool valued = name == "--db" || name == "--until" || name == "--batch" || name == "--calendar" ||
                        name == "--coverage" || name == "--policy" || name == "--log" || name == "--lang";
    if (!flag && !valued) {
      fail(language, HelpTopic::replay, Message::unknown_option, {name});
    }
    if (flag) {
      if (equals != std::string::npos) {
        fail(language, HelpTopic::replay, Message::option_takes_no_value,
             {name, std::string_view(token).substr(equals + 1)});
      }
      bool& target = name == "--strict" ? arguments.strict : arguments.json;
      if (target) {
        fail(language, HelpTopic::replay, Message::option_given_twice, {name});
      }
      target = true;
      continue;
    }

    std::string value;
    if (equals != std::string::npos) {
      value = token.substr(equals + 1);
    } else if (index + 1 < tokens.size()) {
      value = tokens[++index];
    } else {
      fail(language, HelpTopic::replay, Message::missing_option_value, {name});
    }
    if (value.empty()) {
      fail(language, HelpTopic::replay, Message::empty_option_value, {name});
    }

    const auto once = [&](bool& seen) {
      if (seen) {
        fail(language, HelpTopic::replay, Message::option_given_twice, {name});
      }
      seen = true;
    };
    if (name == "--lang") {
      continue;  // select_language has checked it
    }
    if (name == "--calendar") {
      arguments.calendar_files.push_back(value);
    } else if (name == "--db" || name == "--policy" || name == "--log") {
      std::string& target = name == "--db" ? arguments.database
                            : name == "--policy" ? arguments.policy_file
                                                 : arguments.log_file;
      if (!target.empty()) {
        fail(language, HelpTopic::replay, Message::option_given_twice, {name});
      }
      target = value;
    } else if (name == "--until") {
      once(seen_until);
      arguments.until = value;
    } else if (name == "--coverage") {
      once(seen_coverage);
      if (value != "strict" && value != "provisional") {
        fail(language, HelpTopic::replay, Message::invalid_coverage, {value});
      }
      arguments.strict_coverage = value == "strict";
    } else {
      once(seen_batch);
      const bool digits = value.size() <= 6 && value.find_first_not_of("0123456789") == std::string::npos;
      const long batch = digits ? std::stol(value) : 0;
      if (!digits || batch < 1 || batch > 100000) {
        fail(language, HelpTopic::replay, Message::integer_out_of_range, {value, name, "1", "100000"});
      }
      arguments.batch = static_cast<std::size_t>(batch);
    }
  }

  if (arguments.stream.empty()) {
    fail(language, HelpTopic::replay, Message::missing_argument, {"FILE", "replay"});
  }
  if (arguments.database.empty()) {
    fail(language, HelpTopic::replay, Message::missing_option, {"replay", "--db"});
  }
  return true;
}

int run_replay_command(const ReplayArguments& arguments, Language language, std::ostream& out) {
  const Calendar calendar = build_calendar(arguments);
  ReplayOptions options;
  options.strict = arguments.strict;
  options.batch_lines = arguments.batch;
  if (!arguments.until.empty()) {
    options.until = parse_instant(arguments.until, calendar.utc_offset());
  }

  std::ifstream file;
  std::istream* input = &std::cin;
  std::uint64_t total_bytes = 0;
  if (arguments.stream != "-") {
    check_replay_source(arguments.stream);
    file.open(arguments.stream, std::ios::binary);
    if (!file) {
      const std::string reason = std::strerror(errno);
      throw Error(ErrorCode::io_error,
                  "cannot read the stream " + quote_for_message(arguments.stream) + ": " + reason,
                  "无法读取数据流 " + quote_for_message(arguments.stream) + "：" + reason);
    }
    input = &file;
    total_bytes = file_size(arguments.stream);
  }

  if (!arguments.log_file.empty()) {
    reject_database_file(arguments.database, "--log", arguments.log_file);
  }
  std::unique_ptr<LogFile> log;
  EngineOptions engine_options;
  if (!arguments.policy_file.empty()) {
    engine_options.policy = load_policy(arguments.policy_file);
  }
  if (!arguments.log_file.empty()) {
    log = std::make_unique<LogFile>(arguments.log_file);
    engine_options.log = [&log](std::string_view line) { log->write(line); };
  }
  engine_options.deliver_notifications = false;

  OutboxOnly notifier;
  ManualClock clock(Instant::from_unix_seconds(0));
  const std::unique_ptr<Engine> engine =
      open_engine(arguments.database, calendar, notifier, clock, std::move(engine_options));

  ProgressBar bar(!arguments.json && ::isatty(STDERR_FILENO) == 1, total_bytes, language);
  std::vector<BadLine> bad_lines;
  options.bad_line = [&](const BadLine& bad) {
    bar.clear();
    std::cerr << "jishiban: " << bad.message(language) << '\n';
    // The JSON summary lists the first bad lines; "bad" counts them all.
    if (arguments.json && bad_lines.size() < kMaxListedBadLines) {
      bad_lines.push_back(bad);
    }
  };
  options.progress = [&](const ReplayResult& result) { bar.update(result); };

  const auto started = std::chrono::steady_clock::now();
  const std::string source = arguments.stream == "-" ? std::string("<stdin>") : arguments.stream;
  const ReplayResult result = replay_stream(*input, source, *engine, clock, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  bar.clear();
  const std::size_t waiting = engine->undelivered_notifications();
  if (options.until && result.last_at && *options.until < *result.last_at) {
    const std::string until = format_instant(*options.until, calendar.utc_offset());
    const std::string last = format_instant(*result.last_at, calendar.utc_offset());
    std::cerr << "jishiban: "
              << (language == Language::zh_CN
                      ? "--until " + until + " 早于最后一行的时刻 " + last + "，因此按最后一行的时刻检查时限"
                      : "--until " + until + " is earlier than the last line's instant " + last +
                            ", so time limits were checked at the last line's instant")
              << '\n';
  }

  if (arguments.json) {
    nlohmann::ordered_json object;
    object["database"] = arguments.database;
    object["lines"] = result.lines;
    object["applied"] = result.applied;
    object["applied_before"] = result.repeated;
    object["bad"] = result.bad;
    object["registered"] = result.registered;
    object["sla_events"] = result.sla_events;
    object["notifications_waiting"] = waiting;
    object["stopped"] = result.stopped;
    object["last_at"] = result.last_at ? nlohmann::ordered_json(format_instant(*result.last_at, calendar.utc_offset()))
                                       : nlohmann::ordered_json(nullptr);
    object["seconds"] = seconds;
    nlohmann::ordered_json bad = nlohmann::ordered_json::array();
    for (const BadLine& line : bad_lines) {
      bad.push_back({{"line", line.line}, {"code", std::string(error_code_name(line.code))},
                     {"message", line.message(language)}});
    }
    object["bad_lines"] = std::move(bad);
    out << object.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    out << summary_text(language, arguments, result, waiting, seconds) << '\n';
  }
  return result.bad == 0 ? 0 : 2;
}

}  // namespace jishiban::cli
