#include "cli/database_command.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/database_files.hpp"
#include "cli/messages.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/delivery.hpp"

namespace jishiban::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Context {
  std::ostream& out;
  Language language;
  bool json;
};

[[noreturn]] void throw_error(ErrorCode code, Message message, std::initializer_list<std::string_view> arguments) {
  throw Error(code, translate(Language::en, message, arguments), translate(Language::zh_CN, message, arguments));
}

// SqliteStore options for a database that must exist already, so that a
// mistyped path is reported instead of creating an empty database.
SqliteOptions existing_database() {
  SqliteOptions options;
  options.create = false;
  return options;
}

// Paths are bytes and may not be UTF-8, which JSON cannot carry: such bytes
// become U+FFFD instead of failing after the work is done.
void write_json(const Context& context, const ordered_json& object) {
  context.out << object.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_line(const Context& context, Message message, std::initializer_list<std::string_view> arguments) {
  context.out << translate(context.language, message, arguments) << '\n';
}

// --- output files -----------------------------------------------------

// Returns the permissions for a backup or export of `database`. Group and
// others get at most their bits on the database, because both outputs
// contain unmasked contact data. The owner gets read and write, which
// writing and then checking the copy need.
mode_t output_mode(const std::string& database) {
  struct stat info {};
  if (::stat(database.c_str(), &info) != 0) {
    return S_IRUSR | S_IWUSR;
  }
  return (info.st_mode & 0666) | S_IRUSR | S_IWUSR;
}

// Closes a POSIX file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (descriptor_ >= 0) {
      ::close(descriptor_);
    }
  }

  int get() const noexcept { return descriptor_; }

  // Closes the descriptor and returns close()'s result.
  int close() noexcept {
    const int result = ::close(descriptor_);
    descriptor_ = -1;
    return result;
  }

 private:
  int descriptor_;
};

// Clears the permission bits that `mode` does not contain from the file
// open as `descriptor`, when it is a regular file, and returns its status.
// Other kinds of file, such as /dev/stdout, keep their permissions. `path`
// names the file in errors.
struct stat restrict_permissions(int descriptor, const std::string& path, mode_t mode) {
  struct stat info {};
  if (::fstat(descriptor, &info) != 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
  }
  const mode_t permissions = info.st_mode & 07777;
  if (S_ISREG(info.st_mode) && (permissions & ~mode) != 0 && ::fchmod(descriptor, permissions & mode) != 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
  }
  return info;
}

// Writes `text` to `path`. A new file is created with `mode` less the
// umask, and an existing file first loses the permissions that `mode` does
// not contain, so the text is never readable by more users than `mode`
// allows.
void write_file(const std::string& path, const std::string& text, mode_t mode) {
  FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, mode));
  if (file.get() < 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
  }
  // Truncating only after the permissions are restricted leaves an existing
  // file unchanged when they cannot be. A terminal or a pipe has nothing to
  // truncate.
  const struct stat info = restrict_permissions(file.get(), path, mode);
  if (S_ISREG(info.st_mode) && ::ftruncate(file.get(), 0) != 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
  }

  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(file.get(), text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
    }
    written += static_cast<std::size_t>(count);
  }
  if (file.close() != 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {path, std::strerror(errno)});
  }
}

// --- backup -------------------------------------------------------------

// Throws `error` as the reason why the backup to `target` failed.
[[noreturn]] void throw_backup_failed(const std::string& target, const Error& error) {
  throw Error(error.code(), translate(Language::en, Message::backup_failed, {target, error.message(Language::en)}),
              translate(Language::zh_CN, Message::backup_failed, {target, error.message(Language::zh_CN)}));
}

// A new folder beside the backup target that only the owner may enter
// (mkdtemp makes it 0700). No other user can read the copy inside before
// its permissions are restricted, and the copy and its journal meet no file
// that this command did not create. The destructor deletes the folder.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& target) {
    std::string name = target + ".partial-XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) {
      const char* reason = std::strerror(errno);
      throw_backup_failed(target, Error(ErrorCode::io_error,
                                        translate(Language::en, Message::write_file_failed, {name, reason}),
                                        translate(Language::zh_CN, Message::write_file_failed, {name, reason})));
    }
    path_ = name;
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }

  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

// The target's -wal and -shm files, which SQLite would replay into a new
// copy under the target's name when they are left from an earlier FILE.
std::vector<std::string> old_side_files(const std::string& target) { return {target + "-wal", target + "-shm"}; }

// Rejects a target whose -wal or -shm file is the database or its -wal or
// -shm file, because the backup deletes those files.
void reject_database_side_files(const std::string& database, const std::string& target) {
  for (const std::string& side_file : old_side_files(target)) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (same_file(side_file, database + suffix)) {
        throw_error(ErrorCode::invalid_argument, Message::backup_removes_database_file, {target, side_file, database});
      }
    }
  }
}

// Copies the database into a scratch folder beside the target and renames
// the copy over the target, so a failed backup leaves an earlier FILE as it
// was and never a partial copy under the target's name.
void back_up_to(const SqliteStore& store, const std::string& target, mode_t mode) {
  const ScratchFolder scratch(target);
  const std::string copy = (scratch.path() / "copy.db").string();
  try {
    store.backup(copy);
  } catch (const Error& error) {
    throw_backup_failed(target, error);
  }

  FileDescriptor file(::open(copy.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {target, std::strerror(errno)});
  }
  restrict_permissions(file.get(), target, mode);
  file.close();

  // Checked again because a hard link to the database may have appeared
  // under one of these names during the copy.
  reject_database_side_files(store.path(), target);
  for (const std::string& side_file : old_side_files(target)) {
    std::error_code ignored;
    fs::remove(side_file, ignored);
  }
  std::error_code error;
  fs::rename(copy, target, error);
  if (error) {
    throw_error(ErrorCode::io_error, Message::write_file_failed, {target, error.message()});
  }
}

int run_backup(const DatabaseArguments& arguments, const Context& context) {
  const std::string& target = arguments.backup_target;
  reject_database_file(arguments.database, "--to", target);
  reject_database_side_files(arguments.database, target);
  std::error_code error;
  if (!arguments.overwrite && fs::exists(fs::symlink_status(target, error))) {
    throw_error(ErrorCode::invalid_argument, Message::backup_target_exists, {target});
  }

  reject_empty_file(arguments.database);
  const SqliteStore store(arguments.database, existing_database());
  back_up_to(store, target, output_mode(arguments.database));
  // Counting in the copy also proves that it opens as a jishiban database.
  const std::size_t tickets = SqliteStore(target, existing_database()).size();

  if (context.json) {
    ordered_json object;
    object["command"] = "backup";
    object["database"] = arguments.database;
    object["backup"] = target;
    object["tickets"] = tickets;
    write_json(context, object);
    return 0;
  }
  write_line(context, Message::label_database, {arguments.database});
  write_line(context, Message::label_backup_written, {target});
  write_line(context, Message::label_backup_tickets, {std::to_string(tickets)});
  return 0;
}

// --- integrity ----------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};

// Adds the lines of one row of PRAGMA integrity_check to `problems`. A row
// may contain several lines. Headings such as "*** in database main ***"
// name no problem, and a sound database returns the single row "ok".
void add_problem_lines(std::string_view row, std::vector<std::string>& problems) {
  while (!row.empty()) {
    const std::size_t end = row.find('\n');
    const std::string_view line = row.substr(0, end);
    row = end == std::string_view::npos ? std::string_view() : row.substr(end + 1);
    if (!line.empty() && line != "ok" && line.substr(0, 16) != "*** in database ") {
      problems.emplace_back(line);
    }
  }
}

// Runs PRAGMA integrity_check on a read-only connection of its own and
// returns its problem lines, or none when SQLite reports "ok". Damage that
// stops the check (SQLITE_CORRUPT, SQLITE_NOTADB) is returned as a problem.
std::vector<std::string> sqlite_integrity_problems(const std::string& path) {
  sqlite3* raw_db = nullptr;
  const int open_code = sqlite3_open_v2(path.c_str(), &raw_db, SQLITE_OPEN_READONLY, nullptr);
  const std::unique_ptr<sqlite3, SqliteCloser> db(raw_db);
  if (open_code != SQLITE_OK) {
    throw_error(ErrorCode::io_error, Message::sqlite_check_failed,
          {path, db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(open_code)});
  }
  sqlite3_busy_timeout(db.get(), static_cast<int>(SqliteOptions().busy_timeout.count()));

  sqlite3_stmt* raw_statement = nullptr;
  const int prepare_code = sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &raw_statement, nullptr);
  const std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement(raw_statement);
  std::vector<std::string> problems;
  int code = prepare_code;
  if (code == SQLITE_OK) {
    while ((code = sqlite3_step(statement.get())) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), 0));
      add_problem_lines(text == nullptr ? std::string_view() : std::string_view(text), problems);
    }
  }
  if (code == SQLITE_DONE) {
    return problems;
  }
  const int primary = code & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    problems.emplace_back(sqlite3_errmsg(db.get()));
    return problems;
  }
  throw_error(ErrorCode::io_error, Message::sqlite_check_failed, {path, sqlite3_errmsg(db.get())});
}

int run_integrity(const DatabaseArguments& arguments, const Context& context) {
  reject_empty_file(arguments.database);
  const SqliteStore store(arguments.database, existing_database());

  const std::vector<std::string> sqlite_problems = sqlite_integrity_problems(arguments.database);
  IntegrityReport report;
  try {
    report = store.check_integrity();
  } catch (const Error& error) {
    // Pages the ticket check cannot read end it early, and its counts stay
    // 0. The SQLite check above names the damage.
    if (error.code() != ErrorCode::invalid_data) {
      throw;
    }
    report.problems.push_back("the ticket check stopped: " + error.message());
    report.problems_zh.push_back("工单检查中止：" + error.message(Language::zh_CN));
  }
  const bool sound = sqlite_problems.empty() && report.ok();

  if (context.json) {
    ordered_json object;
    object["command"] = "integrity";
    object["database"] = arguments.database;
    object["tickets_checked"] = report.tickets_checked;
    object["events_checked"] = report.events_checked;
    object["sqlite_problems"] = sqlite_problems;
    object["ticket_problems"] = context.language == Language::zh_CN ? report.problems_zh : report.problems;
    object["ok"] = sound;
    write_json(context, object);
    return sound ? 0 : kExitProblemsFound;
  }

  write_line(context, Message::label_database, {arguments.database});
  write_line(context, Message::label_tickets_checked, {std::to_string(report.tickets_checked)});
  write_line(context, Message::label_events_checked, {std::to_string(report.events_checked)});
  write_line(context, sqlite_problems.empty() ? Message::sqlite_check_ok : Message::sqlite_check_problems, {});
  if (sound) {
    write_line(context, Message::integrity_sound, {});
    return 0;
  }
  // NOTE: SQLite's own problem lines are English in both languages, because
  // PRAGMA integrity_check writes English only.
  write_line(context, Message::integrity_problem_count,
             {std::to_string(sqlite_problems.size() + report.problems.size())});
  for (const std::string& problem : sqlite_problems) {
    write_line(context, Message::problem_item, {translate(context.language, Message::problem_from_sqlite, {problem})});
  }
  const auto& ticket_problems = context.language == Language::zh_CN ? report.problems_zh : report.problems;
  for (const std::string& problem : ticket_problems) {
    write_line(context, Message::problem_item, {problem});
  }
  return kExitProblemsFound;
}

// --- export -------------------------------------------------------------

int run_export(const DatabaseArguments& arguments, const Context& context) {
  const std::string& target = arguments.export_target;
  if (!target.empty()) {
    reject_database_file(arguments.database, "--out", target);
  }
  reject_empty_file(arguments.database);
  const SqliteStore store(arguments.database, existing_database());
  const std::string history = store.export_history(arguments.ticket_id);

  if (target.empty()) {
    context.out << history << '\n';
    return 0;
  }
  write_file(target, history + "\n", output_mode(arguments.database));
  const std::size_t events = ordered_json::parse(history).at("events").size();

  if (context.json) {
    ordered_json object;
    object["command"] = "export";
    object["database"] = arguments.database;
    object["ticket"] = arguments.ticket_id;
    object["events"] = events;
    object["out"] = target;
    write_json(context, object);
    return 0;
  }
  write_line(context, Message::label_ticket_number, {arguments.ticket_id});
  write_line(context, Message::label_events_exported, {std::to_string(events)});
  write_line(context, Message::label_written_to, {target});
  return 0;
}

// --- notify -------------------------------------------------------------

int run_notify(const DatabaseArguments& arguments, const Context& context) {
  const std::string& target = arguments.jsonl_target;
  reject_database_file(arguments.database, "--to-jsonl", target);
  reject_empty_file(arguments.database);
  SqliteStore store(arguments.database, existing_database());
  // A replayed year has notifications dated after today; --now delivers
  // them as of the stream's end.
  const Instant now = arguments.now.empty() ? SystemClock().now() : parse_instant(arguments.now, UtcOffset::china());
  JsonLinesNotifier notifier(target);
  const DeliveryResult result = deliver_pending(store, notifier, now);
  const std::size_t waiting = store.undelivered_notifications();
  const int status = result.failed == 0 ? 0 : kExitProblemsFound;

  if (context.json) {
    ordered_json object;
    object["command"] = "notify";
    object["database"] = arguments.database;
    object["to_jsonl"] = target;
    object["delivered"] = result.delivered;
    object["failed"] = result.failed;
    object["undelivered"] = waiting;
    write_json(context, object);
    return status;
  }
  write_line(context, Message::label_database, {arguments.database});
  write_line(context, Message::label_written_to, {target});
  write_line(context, Message::label_notifications_delivered, {std::to_string(result.delivered)});
  if (result.failed != 0) {
    write_line(context, Message::label_notifications_failed, {std::to_string(result.failed)});
  }
  write_line(context, Message::label_notifications_waiting, {std::to_string(waiting)});
  if (waiting != 0 && result.failed == 0) {
    write_line(context, Message::notify_not_due_hint, {format_instant(now, UtcOffset::china())});
  }
  return status;
}

}  // namespace

int run_database_command(const DatabaseArguments& arguments, Language language, std::ostream& out) {
  const Context context{out, language, arguments.json};
  switch (arguments.command) {
    case DatabaseCommand::backup:
      return run_backup(arguments, context);
    case DatabaseCommand::integrity:
      return run_integrity(arguments, context);
    case DatabaseCommand::export_history:
      return run_export(arguments, context);
    case DatabaseCommand::notify:
      return run_notify(arguments, context);
  }
  return 0;
}

}  // namespace jishiban::cli
