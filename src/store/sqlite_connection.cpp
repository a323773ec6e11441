#include "store/sqlite_connection.hpp"

#include <string>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::detail::sqlite {

namespace {

ErrorCode code_for(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return ErrorCode::invalid_data;
    default:
      return ErrorCode::io_error;
  }
}

std::string advice_en(ErrorCode code) {
  switch (code) {
    case ErrorCode::busy:
      return "another process holds the database; retry later";
    case ErrorCode::invalid_data:
      return "the file is damaged or not a jishiban database; restore it from a backup";
    default:
      return "check the disk, the file's permissions and free space";
  }
}

std::string advice_zh(ErrorCode code) {
  switch (code) {
    case ErrorCode::busy:
      return "另一进程正在占用数据库，请稍后重试";
    case ErrorCode::invalid_data:
      return "文件已损坏或不是即时办数据库，请从备份恢复";
    default:
      return "请检查磁盘、文件权限和剩余空间";
  }
}

}  // namespace

void raise(sqlite3* db, int rc, const std::string& doing_en, const std::string& doing_zh) {
  // SQLite's own text names the problem (such as "database is locked" or a
  // constraint), never a stored value.
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const ErrorCode code = code_for(rc);
  const std::string number = std::to_string(rc);
  throw Error(code, doing_en + " failed: SQLite error " + number + " (" + detail + "); " + advice_en(code),
              doing_zh + "失败：SQLite 错误 " + number + "（" + detail + "）；" + advice_zh(code));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement_, nullptr);
  if (rc != SQLITE_OK) {
    // The library's statements are fixed, so a failure to prepare one means
    // the file's tables are not the ones this library wrote.
    const std::string detail = sqlite3_errmsg(db);
    throw Error(ErrorCode::invalid_data,
                "the database's tables do not match this library's schema (" + detail +
                    "); open it with the jishiban version that wrote it, or restore a backup",
                "数据库的表结构与本库不符（" + detail + "）；请使用写入它的即时办版本打开，或从备份恢复");
  }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, static_cast<sqlite3_int64>(value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's string may go.
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Statement::step(const std::string& doing_en, const std::string& doing_zh) {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  raise(db_, rc, doing_en, doing_zh);
}

int Statement::step_code() noexcept { return sqlite3_step(statement_); }

std::int64_t Statement::integer(int column) const noexcept { return sqlite3_column_int64(statement_, column); }

std::optional<std::int64_t> Statement::optional_integer(int column) const noexcept {
  if (is_null(column)) {
    return std::nullopt;
  }
  return integer(column);
}

std::string_view Statement::text(int column) const noexcept {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  const int size = sqlite3_column_bytes(statement_, column);
  return data == nullptr ? std::string_view() : std::string_view(data, static_cast<std::size_t>(size));
}

std::string_view Statement::blob(int column) const noexcept {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  const int size = sqlite3_column_bytes(statement_, column);
  return data == nullptr ? std::string_view() : std::string_view(data, static_cast<std::size_t>(size));
}

bool Statement::is_null(int column) const noexcept { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

void Statement::reset() noexcept {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

Connection::Connection(const std::string& path, int flags) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    const std::string quoted = quote_for_message(path);
    throw Error(ErrorCode::io_error,
                "cannot open the database " + quoted + ": " + detail + "; check the path and its permissions",
                "无法打开数据库 " + quoted + "：" + detail + "；请检查路径和权限");
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  // Statements first: sqlite3_close_v2 would otherwise keep the connection
  // open until they are finalized.
  statements_.clear();
  sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql, const std::string& doing_en, const std::string& doing_zh) {
  const int rc = exec_code(sql);
  if (rc != SQLITE_OK) {
    raise(db_, rc, doing_en, doing_zh);
  }
}

int Connection::exec_code(const char* sql) noexcept { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

Statement& Connection::cached(std::string_view sql) {
  const std::string key(sql);
  auto found = statements_.find(key);
  if (found == statements_.end()) {
    auto statement = std::make_unique<Statement>(db_, sql);
    found = statements_.emplace(key, std::move(statement)).first;
  }
  return *found->second;
}

std::int64_t Connection::query_integer(std::string_view sql, const std::string& doing_en,
                                       const std::string& doing_zh) {
  Statement statement(db_, sql);
  if (!statement.step(doing_en, doing_zh)) {
    return 0;
  }
  return statement.integer(0);
}

}  // namespace jishiban::detail::sqlite
