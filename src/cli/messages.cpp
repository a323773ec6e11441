#include "cli/messages.hpp"

#include "jishiban/text/utf8.hpp"

#include <array>
#include <cstddef>

namespace jishiban::cli {

namespace {

struct Entry {
  Message id;
  std::string_view en;
  std::string_view zh;
};

constexpr std::string_view kTopLevelHelpEn = R"(Usage: jishiban calendar [options] <command> [arguments]
       jishiban backup --db PATH --to FILE [--overwrite] [--json]
       jishiban integrity --db PATH [--json]
       jishiban export --db PATH --ticket ID [--out FILE] [--json]
       jishiban replay FILE --db PATH [--strict] [--until T] [--json]
       jishiban notify --db PATH --to-jsonl FILE [--now T] [--json]
       jishiban report --db PATH [--from DATE] [--to DATE] [--as-of T] [--format FORMAT] [--out FILE]
       jishiban --version | --help

Commands:
  calendar      working-time arithmetic on the official Chinese calendar
                (holidays, make-up working days, working hours); run
                "jishiban calendar --help" for its commands and options
  backup        copy a jishiban database to FILE while other processes keep
                using it
  integrity     check a jishiban database: SQLite's own check of the file,
                each ticket against its events, and the ticket numbers
  export        write one ticket and its event history as JSON
  replay        apply a stream of timestamped commands (JSON lines) to a
                database, recording SLA events as time advances
  notify        deliver the waiting notifications to a JSON-lines file
  report        the supervision report: on-time rates by unit, channel and
                category, the overdue tickets and a weekly trend

Run "jishiban COMMAND --help" for the options of a command.

Options:
  --lang LANG   language of output and messages: zh or en; the default is zh
                when the LANG environment variable starts with "zh", else en
  --version     show the version and the years of the built-in calendar data
  -h, --help    show this help
)";

constexpr std::string_view kTopLevelHelpZh = R"(用法：jishiban calendar [选项] <命令> [参数]
      jishiban backup --db PATH --to FILE [--overwrite] [--json]
      jishiban integrity --db PATH [--json]
      jishiban export --db PATH --ticket ID [--out FILE] [--json]
      jishiban replay FILE --db PATH [--strict] [--until T] [--json]
      jishiban notify --db PATH --to-jsonl FILE [--now T] [--json]
      jishiban report --db PATH [--from DATE] [--to DATE] [--as-of T] [--format FORMAT] [--out FILE]
      jishiban --version | --help

命令：
  calendar      按中国官方日历计算工作时间（节假日、调休上班日、工作时段）；
                运行 "jishiban calendar --help" 查看它的命令和选项
  backup        在其他进程继续使用数据库的同时，把即时办数据库复制到 FILE
  integrity     检查即时办数据库：SQLite 对文件本身的检查、每张工单与其事件
                是否一致，以及来件编号
  export        以 JSON 写出一张工单及其事件历史
  replay        把带时间戳的命令流（JSON lines）回放到数据库，并随时间推移
                记录时限事件
  notify        把待发的通知发送到 JSON 行文件
  report        督办报表：按承办单位、渠道和类别的按时办结率、超期工单和
                周趋势

运行 "jishiban 命令 --help" 查看该命令的选项。

选项：
  --lang LANG   输出和提示信息的语言：zh 或 en；默认在环境变量 LANG 以 "zh"
                开头时为 zh，否则为 en
  --version     显示版本号和内置日历数据的年份
  -h, --help    显示本帮助
)";

constexpr std::string_view kCalendarHelpEn = R"(Usage: jishiban calendar [options] <command> [arguments]

Working-time arithmetic on the official Chinese calendar: statutory holidays,
make-up working days (调休上班) and the working hours 08:30-12:00 and
13:00-17:00 at UTC+08:00, 450 working minutes a day.

Commands:
  is-workday DATE              whether DATE is a working day, and its kind
  periods DATE                 the working periods of DATE
  next --from T                the next working instant at or after T
  add --from T --minutes N     add N working minutes; N may be negative
  add --from T --days N [--convention legal_period|working_time]
                               add N working days. legal_period (the default)
                               does not count the start date and falls due at
                               the close of working hours on the Nth working
                               day after it. working_time adds N times the
                               standard working-day length as working time.
  elapsed --from T --to T      working minutes in [from, to), negative when
                               to is before from
  days-between --from DATE --to DATE
                               working days in [from, to)
  month YYYY-MM                the month, weeks starting on Monday, with
                               holidays and make-up working days marked, then
                               a list of those days

Options (before or after the command):
  --calendar FILE     load extra calendar data (JSON) over the built-in
                      official data; repeatable, applied in the order given
  --coverage POLICY   strict (the default) fails when the computation needs a
                      year without official data; provisional counts such a
                      year Monday to Friday and marks the result provisional
  --provisional-years N
                      how many years past the last year with official data
                      the calendar's range reaches, 0 to 50 (default 4);
                      only the provisional policy computes in those years,
                      and later dates are out of range
  --json              write machine-readable JSON to stdout
  --lang LANG         zh or en; the default is zh when the LANG environment
                      variable starts with "zh", else en
  -h, --help          show this help

DATE is YYYY-MM-DD. T is an ISO 8601 date and time such as
2026-09-30T16:50+08:00 or "2026-09-30 16:50" (without an offset it is in the
calendar's zone, UTC+08:00 unless a --calendar file sets another), a date alone
(meaning 00:00), or seconds since the Unix epoch (@1790758200 or 1790758200).

Exit status: 0 on success, 2 for invalid input or a needed year without
official data, 1 for an internal error.

Examples:
  jishiban calendar add --from 2026-09-30T16:50+08:00 --minutes 60
  jishiban calendar add --from 2026-04-03T15:00 --days 1
  jishiban calendar month 2026-10 --lang zh
)";

constexpr std::string_view kCalendarHelpZh = R"(用法：jishiban calendar [选项] <命令> [参数]

按中国官方日历计算工作时间：法定节假日、调休上班日，以及 UTC+08:00 的工作时段
08:30-12:00 和 13:00-17:00，每个工作日 450 工作分钟。

命令：
  is-workday DATE              DATE 是否为工作日，以及它的日期类型
  periods DATE                 DATE 的工作时段
  next --from T                T 及之后的第一个工作时刻
  add --from T --minutes N     加上 N 工作分钟；N 可以为负数
  add --from T --days N [--convention legal_period|working_time]
                               加上 N 个工作日。legal_period（默认）不计起始日，
                               在其后第 N 个工作日下班时到期。working_time 把
                               N 个标准工作日的时长作为工作时间加上。
  elapsed --from T --to T      [from, to) 内的工作分钟数，to 早于 from 时为负数
  days-between --from DATE --to DATE
                               [from, to) 内的工作日数
  month YYYY-MM                月历（每周从星期一开始），标出节假日和
                               调休上班日，并在其后列出这些日期

选项（可放在命令之前或之后）：
  --calendar FILE     在内置官方数据之上加载额外的日历数据（JSON）；可重复，
                      按给出的顺序应用
  --coverage POLICY   strict（默认）：计算需要缺少官方数据的年份时报错；
                      provisional：这样的年份按周一至周五计算，结果标为暂定
  --provisional-years N
                      日历范围在最后一个有官方数据的年份之后再延伸的年数，
                      0 到 50（默认 4）；只有 provisional 策略会在这些年份中
                      计算，更晚的日期超出范围
  --json              在标准输出写出机器可读的 JSON
  --lang LANG         zh 或 en；默认在环境变量 LANG 以 "zh" 开头时为 zh，
                      否则为 en
  -h, --help          显示本帮助

DATE 的格式为 YYYY-MM-DD。T 为 ISO 8601 日期时间，例如 2026-09-30T16:50+08:00
或 "2026-09-30 16:50"（不带时区偏移时按日历时区，除非 --calendar 文件另行设定，
否则为 UTC+08:00）；也可以只给日期（表示当天 00:00），或给出 Unix 纪元以来的
秒数（@1790758200 或 1790758200）。

退出状态：成功为 0；输入无效或所需年份缺少官方数据为 2；内部错误为 1。

示例：
  jishiban calendar add --from 2026-09-30T16:50+08:00 --minutes 60
  jishiban calendar add --from 2026-04-03T15:00 --days 1
  jishiban calendar month 2026-10 --lang zh
)";

constexpr std::string_view kBackupHelpEn = R"(Usage: jishiban backup --db PATH --to FILE [--overwrite] [--json] [--lang LANG]

Copies the jishiban database PATH to FILE with SQLite's online backup API.
Other processes may keep reading and writing PATH meanwhile, and FILE is one
consistent snapshot of it. Do not copy a database with cp while it is in use:
the copy can mix pages from before and after a commit, and it misses the
commits still in the write-ahead log PATH-wal.

Options:
  --db PATH      the database to back up; it must exist
  --to FILE      where to write the copy; not PATH itself or its -wal or -shm
                 file
  --overwrite    replace FILE when it exists; without this option an existing
                 FILE is an error
  --json         write the result as JSON to stdout
  --lang LANG    zh or en; the default is zh when the LANG environment
                 variable starts with "zh", else en
  -h, --help     show this help

The output names FILE and the number of tickets in the copy.

Exit status: 0 on success; 2 for invalid input, a database that cannot be
opened, or a copy that cannot be written; 1 for an internal error.

Example:
  jishiban backup --db requests.db --to /srv/backup/requests-2026-10-08.db
)";

constexpr std::string_view kBackupHelpZh = R"(用法：jishiban backup --db PATH --to FILE [--overwrite] [--json] [--lang LANG]

用 SQLite 的在线备份接口把即时办数据库 PATH 复制到 FILE。其间其他进程可以继续
读写 PATH，FILE 是它某一时刻的一致快照。数据库正在使用时不要用 cp 复制：副本
可能混有某次提交前后的页，也会缺少仍在预写日志 PATH-wal 中的提交。

选项：
  --db PATH      要备份的数据库，必须已存在
  --to FILE      副本写到哪里；不能是 PATH 本身或其 -wal、-shm 文件
  --overwrite    FILE 已存在时替换它；不加此选项时 FILE 已存在即报错
  --json         在标准输出写出 JSON 格式的结果
  --lang LANG    zh 或 en；默认在环境变量 LANG 以 "zh" 开头时为 zh，否则为 en
  -h, --help     显示本帮助

输出写明 FILE 和副本中的工单数。

退出状态：成功为 0；输入无效、数据库无法打开或副本无法写入为 2；内部错误为 1。

示例：
  jishiban backup --db requests.db --to /srv/backup/requests-2026-10-08.db
)";

constexpr std::string_view kIntegrityHelpEn = R"(Usage: jishiban integrity --db PATH [--json] [--lang LANG]

Checks the jishiban database PATH and lists every problem found:
  - SQLite's PRAGMA integrity_check: the file's pages, records and indexes;
  - each ticket: its stored state against the replay of its events, the
    indexed columns of its row, and event sequence numbers 1, 2, 3 and on;
  - each year's ticket-number counter against the numbers in use, and events
    that belong to no ticket.
Other processes may keep using the database while it is checked. SQLite's
own problem lines are in English, as SQLite reports them.

Options:
  --db PATH      the database to check; it must exist
  --json         write the result as JSON to stdout
  --lang LANG    zh or en; the default is zh when the LANG environment
                 variable starts with "zh", else en
  -h, --help     show this help

Exit status: 0 when no problem was found; 1 when problems were found (the
report is on stdout) or for an internal error; 2 for invalid input or a
database that cannot be opened.

Example:
  jishiban integrity --db /var/lib/jishiban/requests.db
)";

constexpr std::string_view kIntegrityHelpZh = R"(用法：jishiban integrity --db PATH [--json] [--lang LANG]

检查即时办数据库 PATH，并列出发现的每个问题：
  - SQLite 的 PRAGMA integrity_check：文件的页、记录和索引；
  - 每张工单：保存的状态与其事件重放的结果是否一致，所在行的索引列，以及事件
    序号是否为 1、2、3……；
  - 每年的来件编号计数器与已用编号是否一致，以及不属于任何工单的事件。
检查期间其他进程可以继续使用数据库。SQLite 自身的问题说明为英文，即 SQLite 给出的原文。

选项：
  --db PATH      要检查的数据库，必须已存在
  --json         在标准输出写出 JSON 格式的结果
  --lang LANG    zh 或 en；默认在环境变量 LANG 以 "zh" 开头时为 zh，否则为 en
  -h, --help     显示本帮助

退出状态：未发现问题为 0；发现问题（报告写在标准输出）或内部错误为 1；输入无效
或数据库无法打开为 2。

示例：
  jishiban integrity --db /var/lib/jishiban/requests.db
)";

constexpr std::string_view kExportHelpEn = R"(Usage: jishiban export --db PATH --ticket ID [--out FILE] [--json] [--lang LANG]

Writes the ticket ID and its whole event history from the jishiban database
PATH as one JSON object, read in one transaction:
  {"ticket": {...}, "events": [{...}, ...]}
ID is the ticket number, such as PW2026000001. The export contains the
requester's contact data unmasked: keep it as confidential as the database.

Options:
  --db PATH      the database to read; it must exist
  --ticket ID    the ticket number
  --out FILE     write the JSON to FILE, replacing it, instead of stdout;
                 FILE must not be PATH or its -wal or -shm file
  --json         with --out, write the result as JSON to stdout
  --lang LANG    zh or en; the default is zh when the LANG environment
                 variable starts with "zh", else en
  -h, --help     show this help

Exit status: 0 on success; 2 for invalid input, a ticket the database does
not contain, a database that cannot be opened, or a FILE that cannot be
written; 1 for an internal error.

Example:
  jishiban export --db requests.db --ticket PW2026000001 --out PW2026000001.json
)";

constexpr std::string_view kExportHelpZh = R"(用法：jishiban export --db PATH --ticket ID [--out FILE] [--json] [--lang LANG]

从即时办数据库 PATH 中读出工单 ID 及其全部事件历史（在同一个事务中读取），
写成一个 JSON 对象：
  {"ticket": {...}, "events": [{...}, ...]}
ID 为来件编号，例如 PW2026000001。导出内容包含未脱敏的企业联系人信息，须与
数据库同等保密。

选项：
  --db PATH      要读取的数据库，必须已存在
  --ticket ID    来件编号
  --out FILE     把 JSON 写入 FILE（替换已有文件），而不是标准输出；FILE 不能是
                 PATH 本身或其 -wal、-shm 文件
  --json         与 --out 一起使用时，在标准输出写出 JSON 格式的结果
  --lang LANG    zh 或 en；默认在环境变量 LANG 以 "zh" 开头时为 zh，否则为 en
  -h, --help     显示本帮助

退出状态：成功为 0；输入无效、数据库中没有该工单、数据库无法打开或 FILE 无法
写入为 2；内部错误为 1。

示例：
  jishiban export --db requests.db --ticket PW2026000001 --out PW2026000001.json
)";

constexpr std::string_view kNotifyHelpEn = R"(Usage: jishiban notify --db PATH --to-jsonl FILE [--now T] [--json] [--lang LANG]

Delivers the notifications waiting in the outbox of the jishiban database
PATH by appending each as one line of JSON to FILE, and waits for each line
to reach the disk before it records the delivery. A notification whose
line cannot be written waits before it is tried again: 30 s after the
first failure, doubling up to an hour. Run it again, or from a timer, to
deliver what the engine queued since. A receiver that reads FILE drops
lines whose "id" it has seen: after a crash a line may appear twice.

Options:
  --db PATH        the database; it must exist
  --to-jsonl FILE  the file to append to, created readable by its owner only;
                   it must not be PATH or its -wal or -shm file
  --now T          deliver what is due at the instant T instead of the
                   current time, for example after replaying a past year;
                   without an offset T is at UTC+08:00
  --json           write the result as JSON
  --lang LANG      zh or en; the default is zh when the LANG environment
                   variable starts with "zh", else en
  -h, --help       show this help

Exit status: 0 when every due notification was delivered; 1 when some
failed and wait for a retry, or for an internal error; 2 for invalid input,
a database that cannot be opened or a FILE that cannot be opened.

Example:
  jishiban notify --db requests.db --to-jsonl notifications.jsonl
)";

constexpr std::string_view kNotifyHelpZh = R"(用法：jishiban notify --db PATH --to-jsonl FILE [--now T] [--json] [--lang LANG]

发送即时办数据库 PATH 的 outbox 中待发的通知：每条通知以一行 JSON 追加到
FILE，待该行写入磁盘后才记为已送达。写不进去的通知稍后重试：第一次失败后等
30 秒，此后每次加倍，最长一小时。再次运行本命令（或由定时任务运行）即可发送
引擎此后排入的通知。读取 FILE 的接收方应丢弃 "id" 已见过的行：崩溃后同一行
可能出现两次。

选项：
  --db PATH        数据库，必须已存在
  --to-jsonl FILE  要追加的文件，新建时只有所有者可读；不能是 PATH 本身或其
                   -wal、-shm 文件
  --now T          按时刻 T（而非当前时间）发送到期的通知，例如回放过去
                   一年的数据之后；T 不带时区偏移时按 UTC+08:00
  --json           以 JSON 写出结果
  --lang LANG      zh 或 en；默认在环境变量 LANG 以 "zh" 开头时为 zh，否则为 en
  -h, --help       显示本帮助

退出状态：到期的通知全部送达为 0；有通知发送失败、等待重试，或内部错误为 1；
输入无效、数据库无法打开或 FILE 无法打开为 2。

示例：
  jishiban notify --db requests.db --to-jsonl notifications.jsonl
)";

// Entries are in the order of the Message enumerators; kTableIsOrdered checks
// this at compile time.
constexpr std::array kEntries{
    Entry{Message::missing_top_level_command, "missing command: expected one of {0}", "缺少命令：应为 {0} 之一"},
    Entry{Message::unknown_top_level_command, R"(unknown command "{0}": expected one of {1})",
          R"(未知命令 "{0}"：应为 {1} 之一)"},
    Entry{Message::missing_command, "missing command: expected one of {0}", "缺少命令：应为 {0} 之一"},
    Entry{Message::unknown_command, R"(unknown command "{0}": expected one of {1})",
          R"(未知命令 "{0}"：应为 {1} 之一)"},
    Entry{Message::unknown_option, R"(unknown option "{0}")", R"(未知选项 "{0}")"},
    Entry{Message::missing_option_value, "missing value for option {0}", "选项 {0} 缺少取值"},
    Entry{Message::option_takes_no_value, R"(option {0} takes no value, but "{1}" was given)",
          R"(选项 {0} 不接受取值，但给出了 "{1}")"},
    Entry{Message::option_given_twice, "option {0} is given more than once", "选项 {0} 重复给出"},
    Entry{Message::empty_option_value, "option {0} needs a non-empty value", "选项 {0} 的取值不能为空"},
    Entry{Message::option_not_for_command, "option {0} does not apply to the {1} command",
          "选项 {0} 不适用于 {1} 命令"},
    Entry{Message::missing_argument, "missing {0} for the {1} command", "{1} 命令缺少参数 {0}"},
    Entry{Message::missing_option, "the {0} command requires option {1}", "{0} 命令需要选项 {1}"},
    Entry{Message::unexpected_argument, R"(unexpected argument "{0}" for the {1} command)",
          R"({1} 命令不接受多余的参数 "{0}")"},
    Entry{Message::invalid_integer, R"(invalid value "{0}" for {1}: expected an integer)",
          R"({1} 的取值 "{0}" 无效：应为整数)"},
    Entry{Message::integer_out_of_range,
          R"(value "{0}" for {1} is out of range: expected an integer from {2} to {3})",
          R"({1} 的取值 "{0}" 超出范围：应为 {2} 至 {3} 之间的整数)"},
    Entry{Message::minutes_and_days, "options --minutes and --days cannot be used together: give one of them",
          "选项 --minutes 与 --days 不能同时使用：请只给出其中一个"},
    Entry{Message::add_needs_amount, "the add command requires --minutes N or --days N",
          "add 命令需要 --minutes N 或 --days N"},
    Entry{Message::convention_needs_days, "option --convention applies only together with --days",
          "选项 --convention 只能与 --days 一起使用"},
    Entry{Message::invalid_convention,
          R"(invalid value "{0}" for --convention: expected legal_period or working_time)",
          R"(--convention 的取值 "{0}" 无效：应为 legal_period 或 working_time)"},
    Entry{Message::invalid_coverage, R"(invalid value "{0}" for --coverage: expected strict or provisional)",
          R"(--coverage 的取值 "{0}" 无效：应为 strict 或 provisional)"},
    Entry{Message::invalid_language, R"(invalid value "{0}" for --lang: expected zh or en)",
          R"(--lang 的取值 "{0}" 无效：应为 zh 或 en)"},
    Entry{Message::invalid_month, R"(invalid month "{0}": expected YYYY-MM with a year from 1400 to 9999)",
          R"(月份 "{0}" 无效：应为 YYYY-MM，年份在 1400 至 9999 之间)"},
    Entry{Message::usage_error_line, "{0}. {1}", "{0}。{1}"},
    Entry{Message::top_level_help_hint, R"(Run "jishiban --help" for usage.)",
          R"(运行 "jishiban --help" 查看用法。)"},
    Entry{Message::command_help_hint, R"(Run "jishiban {0} --help" for usage.)",
          R"(运行 "jishiban {0} --help" 查看用法。)"},

    Entry{Message::internal_error, "internal error: {0}", "内部错误：{0}"},
    Entry{Message::output_failed, "failed to write the output to stdout", "写入标准输出失败"},

    Entry{Message::database_file_empty, R"(the database "{0}" is an empty file, not a jishiban database; check the path)",
          R"(数据库 "{0}" 是空文件，不是即时办数据库；请检查路径)"},
    Entry{Message::target_is_database_file,
          R"(the file "{1}" given to {0} is the database "{2}" or its -wal or -shm file; name another file)",
          R"({0} 指定的文件 "{1}" 是数据库 "{2}" 本身或其 -wal、-shm 文件；请指定另一个文件)"},
    Entry{Message::backup_target_exists,
          R"(the backup target "{0}" already exists; give --overwrite to replace it, or name another file)",
          R"(备份目标 "{0}" 已存在；如需替换请加 --overwrite，或指定另一个文件)"},
    Entry{Message::backup_removes_database_file,
          R"(the backup to "{0}" must delete the target's old "{1}", but that file is the database "{2}" or its )"
          R"(-wal or -shm file; name another target)",
          R"(备份到 "{0}" 须删除目标旧有的 "{1}"，但该文件是数据库 "{2}" 本身或其 -wal、-shm 文件；请指定另一个备份目标)"},
    Entry{Message::backup_failed, R"(the backup to "{0}" failed: {1})", R"(备份到 "{0}" 失败：{1})"},
    Entry{Message::write_file_failed, R"(failed to write "{0}": {1}; check the path, its permissions and free space)",
          R"(写入 "{0}" 失败：{1}；请检查路径、权限和剩余空间)"},
    Entry{Message::sqlite_check_failed, R"(SQLite's integrity check of "{0}" failed: {1})",
          R"(对 "{0}" 的 SQLite 完整性检查失败：{1})"},

    Entry{Message::hint_not_covered, " (on the command line: --calendar FILE or --coverage provisional)",
          "（命令行中可使用 --calendar FILE 或 --coverage provisional）"},
    Entry{Message::hint_out_of_range, " (on the command line: --calendar FILE or --provisional-years N)",
          "（命令行中可使用 --calendar FILE 或 --provisional-years N）"},
    Entry{Message::hint_out_of_range_calendar_file, " (on the command line: --calendar FILE with that year's data)",
          "（命令行中可用 --calendar FILE 加载该年份的数据）"},

    Entry{Message::working_day_verdict, "working day", "工作日"},
    Entry{Message::not_working_day_verdict, "not a working day", "非工作日"},
    Entry{Message::day_summary, "{0} {1}: {2}", "{0} {1}：{2}"},
    Entry{Message::day_kind_suffix, ", {0}", "，{0}"},
    Entry{Message::parenthesized, " ({0})", "（{0}）"},
    Entry{Message::provisional_note, " (provisional: no official data for {0})", "（暂定：缺少 {0} 年的官方数据）"},
    Entry{Message::provisional_note_without_year,
          " (provisional: a year without official data was counted Monday to Friday)",
          "（暂定：缺少官方数据的年份按周一至周五计算）"},
    Entry{Message::label_start, "Start: {0}", "起始时间：{0}"},
    Entry{Message::label_from, "From: {0}", "开始时间：{0}"},
    Entry{Message::label_to, "To: {0}", "结束时间：{0}"},
    Entry{Message::label_time_limit, "Time limit: {0}", "办理时限：{0}"},
    Entry{Message::label_subtracted, "Subtracted: {0}", "减去：{0}"},
    Entry{Message::label_deadline, "Deadline: {0}", "截止时间：{0}"},
    Entry{Message::label_result, "Result: {0}", "结果：{0}"},
    Entry{Message::label_next_working_instant, "Next working instant: {0}", "下一个工作时刻：{0}"},
    Entry{Message::label_working_time, "Working time: {0}", "工作时间：{0}"},
    Entry{Message::instant_with_weekday, "{0} ({1})", "{0}（{1}）"},
    Entry{Message::working_minutes_one, "{0} working minute", "{0} 工作分钟"},
    Entry{Message::working_minutes_other, "{0} working minutes", "{0} 工作分钟"},
    Entry{Message::working_days_one, "{0} working day", "{0} 个工作日"},
    Entry{Message::working_days_other, "{0} working days", "{0} 个工作日"},
    Entry{Message::exact_seconds, " (exactly {0} seconds)", "（精确值 {0} 秒）"},
    Entry{Message::convention_legal_period, "legal period rule", "法定期间规则"},
    Entry{Message::convention_working_time, "counted as working time", "按工作时长折算"},
    Entry{Message::no_working_periods, "no working periods", "无工作时段"},
    Entry{Message::periods_total, ", {0} in total", "，共 {0}"},
    Entry{Message::days_between_result, "Working days from {0} to {1}, the end date not counted: {2}",
          "{0} 至 {1}（不含结束日）的工作日数：{2}"},
    Entry{Message::month_title, "{0} {1}", "{1}年{2}月"},
    Entry{Message::month_legend, "* holiday   + make-up working day", "* 节假日   + 调休上班日"},
    Entry{Message::month_working_days, "Working days: {0}", "工作日：{0} 天"},
    Entry{Message::month_named_days_header, "Holidays and make-up working days:", "节假日与调休上班日："},
    Entry{Message::month_no_named_days, "No holidays or make-up working days.", "本月没有节假日或调休上班日。"},
    Entry{Message::version_data_years, "Built-in official calendar data: {0} to {1}",
          "内置官方日历数据：{0} 年至 {1} 年"},

    Entry{Message::label_database, "Database: {0}", "数据库：{0}"},
    Entry{Message::label_backup_written, "Backup written to: {0}", "备份已写入：{0}"},
    Entry{Message::label_backup_tickets, "Tickets in the backup: {0}", "备份中的工单：{0} 件"},
    Entry{Message::label_tickets_checked, "Tickets checked: {0}", "已检查工单：{0} 件"},
    Entry{Message::label_events_checked, "Events checked: {0}", "已检查事件：{0} 个"},
    Entry{Message::sqlite_check_ok, "SQLite integrity check: ok", "SQLite 完整性检查：正常"},
    Entry{Message::sqlite_check_problems, "SQLite integrity check: problems found", "SQLite 完整性检查：发现问题"},
    Entry{Message::integrity_sound, "Result: no problems found", "结果：未发现问题"},
    Entry{Message::integrity_problem_count, "Problems found: {0}", "发现问题：{0} 个"},
    Entry{Message::problem_item, "  - {0}", "  - {0}"},
    Entry{Message::problem_from_sqlite, "SQLite: {0}", "SQLite: {0}"},
    Entry{Message::label_ticket_number, "Ticket: {0}", "来件编号：{0}"},
    Entry{Message::label_events_exported, "Events: {0}", "事件：{0} 个"},
    Entry{Message::label_written_to, "Written to: {0}", "已写入：{0}"},
    Entry{Message::label_notifications_delivered, "Notifications delivered: {0}", "已送达通知：{0} 条"},
    Entry{Message::label_notifications_failed, "Notifications failed, to retry later: {0}", "发送失败、稍后重试的通知：{0} 条"},
    Entry{Message::label_notifications_waiting, "Notifications still undelivered: {0}", "仍未送达的通知：{0} 条"},
    Entry{Message::notify_not_due_hint,
          "They are not due at {0}: run notify again later, or give --now with a later instant.",
          "这些通知在 {0} 尚未到期：请稍后再次运行 notify，或用 --now 指定更晚的时刻。"},

    Entry{Message::top_level_help, kTopLevelHelpEn, kTopLevelHelpZh},
    Entry{Message::calendar_help, kCalendarHelpEn, kCalendarHelpZh},
    Entry{Message::backup_help, kBackupHelpEn, kBackupHelpZh},
    Entry{Message::integrity_help, kIntegrityHelpEn, kIntegrityHelpZh},
    Entry{Message::export_help, kExportHelpEn, kExportHelpZh},
    Entry{Message::notify_help, kNotifyHelpEn, kNotifyHelpZh},
};

constexpr bool table_is_ordered() {
  for (std::size_t index = 0; index < kEntries.size(); ++index) {
    if (static_cast<std::size_t>(kEntries[index].id) != index) {
      return false;
    }
  }
  return kEntries.size() == static_cast<std::size_t>(Message::notify_help) + 1;
}

constexpr bool kTableIsOrdered = table_is_ordered();
static_assert(kTableIsOrdered, "kEntries must list every Message once, in enumerator order");

bool is_chinese(Language language) { return language == Language::zh_CN; }

}  // namespace

std::string translate(Language language, Message message, std::initializer_list<std::string_view> arguments) {
  const Entry& entry = kEntries[static_cast<std::size_t>(message)];
  const std::string_view pattern = is_chinese(language) ? entry.zh : entry.en;

  // Replace each "{N}" with argument N. Any other brace is copied as is.
  std::string text;
  text.reserve(pattern.size() + 32);
  for (std::size_t position = 0; position < pattern.size(); ++position) {
    const char current = pattern[position];
    const bool is_placeholder = current == '{' && position + 2 < pattern.size() &&
                                pattern[position + 1] >= '0' && pattern[position + 1] <= '9' &&
                                pattern[position + 2] == '}';
    if (!is_placeholder) {
      text += current;
      continue;
    }
    // Arguments can come from the command line or a calendar file, so invalid
    // UTF-8, control characters and very long values are neutralized here.
    const auto index = static_cast<std::size_t>(pattern[position + 1] - '0');
    if (index < arguments.size()) {
      const std::string quoted = quote_for_message(*(arguments.begin() + index), 400);
      text.append(quoted, 1, quoted.size() - 2);
    }
    position += 2;
  }
  return text;
}

std::string_view weekday_name(Language language, int weekday) {
  static constexpr std::array<std::string_view, 7> kEnglish{
      "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static constexpr std::array<std::string_view, 7> kChinese{
      "星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
  const auto index = static_cast<std::size_t>(weekday);
  return is_chinese(language) ? kChinese.at(index) : kEnglish.at(index);
}

std::string_view weekday_abbreviation(Language language, int weekday) {
  static constexpr std::array<std::string_view, 7> kEnglish{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"};
  static constexpr std::array<std::string_view, 7> kChinese{"日", "一", "二", "三", "四", "五", "六"};
  const auto index = static_cast<std::size_t>(weekday);
  return is_chinese(language) ? kChinese.at(index) : kEnglish.at(index);
}

std::string_view english_month_name(int month) {
  static constexpr std::array<std::string_view, 12> kNames{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return kNames.at(static_cast<std::size_t>(month - 1));
}

std::string_view day_kind_label(Language language, DayKind kind) {
  const bool chinese = is_chinese(language);
  switch (kind) {
    case DayKind::working_day:
      return chinese ? "工作日" : "working day";
    case DayKind::rest_day:
      return chinese ? "休息日" : "rest day";
    case DayKind::holiday:
      return chinese ? "节假日" : "holiday";
    case DayKind::make_up_working_day:
      return chinese ? "调休上班日" : "make-up working day";
  }
  return {};
}

std::string_view day_name(Language language, const DayInfo& info) {
  const std::string_view preferred = is_chinese(language) ? info.name_zh : info.name_en;
  const std::string_view fallback = is_chinese(language) ? info.name_en : info.name_zh;
  return preferred.empty() ? fallback : preferred;
}

std::string working_minutes_phrase(Language language, std::int64_t minutes) {
  const Message message = minutes == 1 || minutes == -1 ? Message::working_minutes_one
                                                        : Message::working_minutes_other;
  return translate(language, message, {std::to_string(minutes)});
}

std::string working_days_phrase(Language language, std::int64_t days) {
  const Message message = days == 1 || days == -1 ? Message::working_days_one : Message::working_days_other;
  return translate(language, message, {std::to_string(days)});
}

std::string join_list(Language language, const std::vector<std::string>& items) {
  const std::string_view separator = is_chinese(language) ? "、" : ", ";
  std::string text;
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (index > 0) {
      text += separator;
    }
    text += items[index];
  }
  return text;
}

}  // namespace jishiban::cli
