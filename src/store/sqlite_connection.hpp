// A thin RAII layer over the SQLite C API: a connection, prepared statements
// and errors mapped to jishiban::Error. Private to the library.
#ifndef JISHIBAN_SRC_STORE_SQLITE_CONNECTION_HPP
#define JISHIBAN_SRC_STORE_SQLITE_CONNECTION_HPP

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace jishiban::detail::sqlite {

// Throws the jishiban::Error for a SQLite result code: busy for
// SQLITE_BUSY and SQLITE_LOCKED, invalid_data for a corrupt or foreign
// file, io_error for everything else. `doing` names the failed step, for
// example "reading ticket \"PW2026000001\"".
[[noreturn]] void raise(sqlite3* db, int rc, const std::string& doing_en, const std::string& doing_zh);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();

  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::int64_t>& value);

  // Steps once. Returns true when a row is ready and false when the
  // statement is done. Throws through raise() on an error, naming `doing`.
  bool step(const std::string& doing_en, const std::string& doing_zh);

  // The raw result code of one step, for callers that handle SQLITE_BUSY
  // themselves.
  int step_code() noexcept;

  // Columns are numbered from 0.
  std::int64_t integer(int column) const noexcept;
  std::optional<std::int64_t> optional_integer(int column) const noexcept;
  std::string_view text(int column) const noexcept;
  std::string_view blob(int column) const noexcept;
  bool is_null(int column) const noexcept;

  // Resets the statement and clears its parameters, ready for reuse.
  void reset() noexcept;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

// Resets a cached statement when the scope that uses it ends, so a thrown
// error never leaves it holding a read lock.
class Use {
 public:
  explicit Use(Statement& statement) noexcept : statement_(statement) {}
  ~Use() { statement_.reset(); }

  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

  Statement& operator*() const noexcept { return statement_; }
  Statement* operator->() const noexcept { return &statement_; }

 private:
  Statement& statement_;
};

class Connection {
 public:
  // Opens `path` with sqlite3_open_v2 `flags`, extended result codes on.
  // Throws Error{io_error} naming the path when SQLite cannot open it.
  Connection(const std::string& path, int flags);
  ~Connection();

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const noexcept { return db_; }

  // Runs SQL without results. Throws through raise().
  void exec(const char* sql, const std::string& doing_en, const std::string& doing_zh);

  // Runs SQL without results and returns SQLite's result code.
  int exec_code(const char* sql) noexcept;

  // The statement for `sql`, prepared on first use and kept for the life of
  // the connection. Wrap it in Use while stepping.
  Statement& cached(std::string_view sql);

  // The single integer a pragma or query returns.
  std::int64_t query_integer(std::string_view sql, const std::string& doing_en, const std::string& doing_zh);

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace jishiban::detail::sqlite

#endif  // JISHIBAN_SRC_STORE_SQLITE_CONNECTION_HPP
