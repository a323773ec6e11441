#include "cli/report_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "cli/arguments.hpp"
#include "cli/calendar_command.hpp"
#include "cli/database_files.hpp"
#include "cli/messages.hpp"
#include "cli/parsing.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/report/report_format.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/clock.hpp"

namespace jishiban::cli {

namespace {

namespace fs = std::filesystem;

// --- Texts -------------------------------------------------------------------

constexpr const char* kHelpEn = R"(Usage: jishiban report --db PATH [options]

Writes the supervision report of the jishiban database PATH: per lead unit,
channel and category the requests received, closed, closed on time and
overdue, working hours to the reply, returns, extensions, suspensions,
declines and return-visit satisfaction; the list of overdue tickets; and a
trend by ISO week. The report contains no requester contact data, masked or
not, so it may be published.

A ticket belongs to the report when it was received in the period [FROM, TO)
and not after AS-OF. Replies, withdrawals and running time limits are judged
at AS-OF. Working time is counted on the official calendar.

Options:
  --db PATH          the database; it must exist
  --from DATE|T      start of the period: a date (its 00:00) or an instant.
                     Default: the first day of the calendar's tables
                     (2004-01-01 with the built-in data), that is all tickets
  --to DATE|T        end of the period. A date includes that whole day; an
                     instant is the first moment not included. Default:
                     AS-OF
  --as-of T          the instant at which time limits are judged. Default:
                     the current time, or TO when that is earlier
  --format FORMAT    text (default, aligned tables), json, csv (one table,
                     RFC 4180, UTF-8 without byte-order mark) or html (one
                     self-contained page with charts, for printing and
                     publication; it loads nothing from elsewhere)
  --out FILE         write the report to FILE (replaced as a whole, mode
                     0644 less the umask) instead of standard output
  --calendar FILE    merge a calendar file over the official data; repeatable
  --coverage MODE    provisional (default): working time in years without
                     official data counts Monday to Friday; strict: such a
                     year is an error
  --lang zh|en       language of the report and messages (default: zh when
                     LANG starts with "zh", else en)
  -h, --help         show this help

T is an ISO 8601 date and time such as 2026-03-31T17:00 or
2026-03-31T17:00+08:00; without an offset it is in the calendar's zone.

Exit status: 0 on success; 2 for invalid input, an empty period or a database
that cannot be opened; 1 for an internal error.

Examples:
  jishiban report --db requests.db --from 2026-03-01 --to 2026-03-31
  jishiban report --db requests.db --format csv --out 2026-q1.csv --lang zh \
      --from 2026-01-01 --to 2026-03-31 --as-of 2026-04-01T09:00
  jishiban report --db requests.db --format html --out 2026-03.html \
      --from 2026-03-01 --to 2026-03-31
)";

constexpr const char* kHelpZh = R"(用法：jishiban report --db 路径 [选项]

输出即时办数据库的督办报表：按承办单位、来件渠道和诉求类别统计来件、办结、
按时办结和超期件数，答复所用工作小时，退回、延期、挂起、不予受理次数和回访
满意率；超期工单清单；以及按 ISO 周的趋势。报表不含诉求人的任何联系信息
（包括脱敏后的形式），可以公开。

来件时间在统计期间 [FROM, TO) 内且不晚于 AS-OF 的工单计入报表。答复、撤回和
正在计时的时限都按 AS-OF 时点判断。工作时间按官方日历计算。

选项：
  --db 路径          数据库；必须已存在
  --from 日期|时刻   统计期间的开始：日期（当天 00:00）或时刻。默认：日历表的
                     第一天（内置数据为 2004-01-01），即全部工单
  --to 日期|时刻     统计期间的结束。给日期时包含当天全天；给时刻时该时刻本身
                     不计入。默认：AS-OF
  --as-of 时刻       判断时限的时点。默认：当前时间；TO 早于当前时间时为 TO
  --format 格式      text（默认，对齐的表格）、json、csv（单个表格，
                     RFC 4180，UTF-8，不带字节顺序标记）或 html（带图表的
                     单个独立网页，可打印、可公开发布，不引用任何外部资源）
  --out 文件         把报表写入该文件（整体替换，权限 0644 减去 umask），
                     而不是标准输出
  --calendar 文件    在官方数据之上合并日历文件；可多次给出
  --coverage 方式    provisional（默认）：无官方数据年份的工作时间按周一至
                     周五计算；strict：遇到此类年份时报错
  --lang zh|en       报表和提示信息的语言（默认在 LANG 以 "zh" 开头时为 zh，
                     否则为 en）
  -h, --help         显示本帮助

时刻为 ISO 8601 日期时间，例如 2026-03-31T17:00 或 2026-03-31T17:00+08:00；
不带时区偏移时按日历时区。

退出状态：成功为 0；输入无效、统计期间为空或数据库无法打开为 2；内部错误为 1。

示例：
  jishiban report --db requests.db --from 2026-03-01 --to 2026-03-31
  jishiban report --db requests.db --format csv --out 2026-q1.csv --lang zh \
      --from 2026-01-01 --to 2026-03-31 --as-of 2026-04-01T09:00
  jishiban report --db requests.db --format html --out 2026-03.html --lang zh \
      --from 2026-03-01 --to 2026-03-31
)";

[[noreturn]] void throw_error(ErrorCode code, Message message, std::initializer_list<std::string_view> arguments) {
  throw Error(code, translate(Language::en, message, arguments), translate(Language::zh_CN, message, arguments));
}

// Throws a usage error whose text is not in the shared catalogue, with the
// hint to run `jishiban report --help`.
[[noreturn]] void fail_with(Language language, const std::string& en, const std::string& zh) {
  const std::string hint = translate(language, Message::command_help_hint, {"report"});
  throw UsageError(
      translate(language, Message::usage_error_line, {language == Language::zh_CN ? zh : en, hint}));
}

// --- The period ----------------------------------------------------------------

// Whether `text` is a date alone, YYYY-MM-DD.
bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  return true;
}

// Parses the value of --from, --to or --as-of. A date is its 00:00 in the
// calendar's zone, or the next day's 00:00 when `whole_day` is set, so that
// --to 2026-03-31 includes March 31.
Instant parse_bound(const Calendar& calendar, std::string_view option, const std::string& text, bool allow_date,
                    bool whole_day) {
  try {
    if (allow_date && is_date(text)) {
      const Date date = parse_date(text);
      const Date day = whole_day ? date + boost::gregorian::days(1) : date;
      return to_instant(day, TimeOfDay(0, 0), calendar.utc_offset());
    }
    return parse_instant(text, calendar.utc_offset());
  } catch (const Error& error) {
    const std::string value = quote_for_message(text);
    const std::string kind_en = allow_date ? "a date YYYY-MM-DD or an ISO 8601 instant" : "an ISO 8601 instant";
    const std::string kind_zh = allow_date ? "日期 YYYY-MM-DD 或 ISO 8601 时刻" : "ISO 8601 时刻";
    throw Error(ErrorCode::invalid_argument,
                "invalid value " + value + " for " + std::string(option) + ": " + error.message() + "; give " +
                    kind_en,
                std::string(option) + " 的值 " + value + " 无效：" + error.message(Language::zh_CN) + "；请给出" +
                    kind_zh);
  }
}

ReportOptions resolve_period(const Calendar& calendar, const ReportArguments& arguments) {
  std::optional<Instant> to;
  std::optional<Instant> as_of;
  if (!arguments.to.empty()) {
    to = parse_bound(calendar, "--to", arguments.to, true, true);
  }
  if (!arguments.as_of.empty()) {
    as_of = parse_bound(calendar, "--as-of", arguments.as_of, false, false);
  }
  if (!as_of) {
    const Instant now = SystemClock().now();
    as_of = to && *to < now ? *to : now;
  }

  ReportOptions options;
  options.from = arguments.from.empty()
                     ? to_instant(calendar.first_date(), TimeOfDay(0, 0), calendar.utc_offset())
                     : parse_bound(calendar, "--from", arguments.from, true, false);
  options.to = to ? *to : *as_of;
  options.as_of = as_of;
  return options;
}

Calendar build_calendar(const ReportArguments& arguments) {
  CalendarOptions options;
  options.coverage = arguments.strict_coverage ? CoveragePolicy::strict : CoveragePolicy::provisional;
  return merged_calendar(arguments.calendar_files, options);
}

// --- The database and the output file ------------------------------------------

[[noreturn]] void throw_write_failed(const std::string& path, int error_number) {
  throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(error_number)});
}

// Writes `text` to `path` atomically: into a new file beside it, which is
// flushed to disk and then renamed over `path`, so a reader sees the old
// file or the whole new one. The file gets mode 0644 less the umask, because
// a report contains no contact data.
void write_file_atomically(const std::string& requested, const std::string& text) {
  // A link is followed, so the file it names gets the report and the link
  // stays. A pipe or a device such as /dev/stdout is written in place:
  // renaming over it would replace it with a regular file.
  std::error_code error;
  std::string path = requested;
  if (fs::is_symlink(fs::symlink_status(requested, error))) {
    const fs::path resolved = fs::weakly_canonical(fs::absolute(requested, error), error);
    if (!error) {
      path = resolved.string();
    }
  }
  const fs::file_status status = fs::status(path, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    const int descriptor = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (descriptor < 0) {
      throw_write_failed(requested, errno);
    }
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t count = ::write(descriptor, text.data() + written, text.size() - written);
      if (count < 0 && errno == EINTR) {
        continue;
      }
      if (count < 0) {
        const int error_number = errno;
        ::close(descriptor);
        throw_write_failed(requested, error_number);
      }
      written += static_cast<std::size_t>(count);
    }
    ::close(descriptor);
    return;
  }

  std::string temporary = path + ".partial-XXXXXX";
  const int descriptor = ::mkstemp(temporary.data());
  if (descriptor < 0) {
    throw_write_failed(path, errno);
  }
  const auto abandon = [&](int error_number) {
    ::close(descriptor);
    ::unlink(temporary.c_str());
    throw_write_failed(path, error_number);
  };

  // mkstemp creates the file 0600; umask() is read by setting it, and the
  // program runs no other thread that could create a file meanwhile.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(descriptor, 0644 & ~mask) != 0) {
    abandon(errno);
  }
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(descriptor, text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      abandon(errno);
    }
    written += static_cast<std::size_t>(count);
  }
  if (::fsync(descriptor) != 0) {
    abandon(errno);
  }
  if (::close(descriptor) != 0) {
    const int error_number = errno;
    ::unlink(temporary.c_str());
    throw_write_failed(path, error_number);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(temporary.c_str());
    throw_write_failed(path, error_number);
  }
}

}  // namespace

std::string report_help(Language language) { return language == Language::zh_CN ? kHelpZh : kHelpEn; }

bool parse_report_arguments(Language language, const std::vector<std::string>& tokens, std::size_t first,
                            ReportArguments& arguments) {
  // --help wins over every other mistake on the line.
  for (std::size_t index = first; index < tokens.size() && tokens[index] != "--"; ++index) {
    if (is_help_option(tokens[index])) {
      return false;
    }
  }

  bool seen_format = false;
  bool seen_coverage = false;
  bool options_ended = false;
  for (std::size_t index = first; index < tokens.size(); ++index) {
    const std::string& token = tokens[index];
    if (!options_ended && token == "--") {
      options_ended = true;
      continue;
    }
    // The command takes no positional arguments.
    if (options_ended || !looks_like_option(token)) {
      fail(language, HelpTopic::report, Message::unexpected_argument, {token, "report"});
    }

    const std::size_t equals = token.find('=');
    const std::string name = token.substr(0, equals);
    const bool known = name == "--db" || name == "--from" || name == "--to" || name == "--as-of" ||
                       name == "--format" || name == "--out" || name == "--calendar" || name == "--coverage" ||
                       name == "--lang";
    if (!known) {
      fail(language, HelpTopic::report, Message::unknown_option, {name});
    }
    std::string value;
    if (equals != std::string::npos) {
      value = token.substr(equals + 1);
    } else if (index + 1 < tokens.size()) {
      value = tokens[++index];
    } else {
      fail(language, HelpTopic::report, Message::missing_option_value, {name});
    }
    if (value.empty()) {
      fail(language, HelpTopic::report, Message::empty_option_value, {name});
    }

    if (name == "--lang") {
      continue;  // select_language has checked it
    }
    if (name == "--calendar") {
      arguments.calendar_files.push_back(value);
      continue;
    }
    if (name == "--format" || name == "--coverage") {
      bool& seen = name == "--format" ? seen_format : seen_coverage;
      if (seen) {
        fail(language, HelpTopic::report, Message::option_given_twice, {name});
      }
      seen = true;
      if (name == "--coverage") {
        if (value != "strict" && value != "provisional") {
          fail(language, HelpTopic::report, Message::invalid_coverage, {value});
        }
        arguments.strict_coverage = value == "strict";
      } else if (const std::optional<ReportFormat> format = parse_report_format(value)) {
        arguments.format = *format;
      } else {
        const std::string quoted = quote_for_message(value);
        fail_with(language, "invalid report format " + quoted + "; use text, json, csv or html",
                  "报表格式 " + quoted + " 无效；请使用 text、json、csv 或 html");
      }
      continue;
    }
    std::string& target = name == "--db"     ? arguments.database
                          : name == "--from" ? arguments.from
                          : name == "--to"   ? arguments.to
                          : name == "--as-of" ? arguments.as_of
                                              : arguments.out;
    if (!target.empty()) {
      fail(language, HelpTopic::report, Message::option_given_twice, {name});
    }
    target = value;
  }

  if (arguments.database.empty()) {
    fail(language, HelpTopic::report, Message::missing_option, {"report", "--db"});
  }
  return true;
}

int run_report_command(const ReportArguments& arguments, Language language, std::ostream& out) {
  if (!arguments.out.empty()) {
    reject_database_file(arguments.database, "--out", arguments.out);
  }
  const Calendar calendar = build_calendar(arguments);
  const ReportOptions options = resolve_period(calendar, arguments);

  reject_empty_file(arguments.database);
  SqliteOptions existing;
  existing.create = false;
  const SqliteStore store(arguments.database, existing);
  const std::string text = render_report(build_report(store, calendar, options), arguments.format, language);

  if (arguments.out.empty()) {
    out << text;
    return 0;
  }
  write_file_atomically(arguments.out, text);
  out << translate(language, Message::label_written_to, {arguments.out}) << '\n';
  return 0;
}

}  // namespace jishiban::cli
