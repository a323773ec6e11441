#include "jishiban/store/sqlite_store.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/history.hpp"
#include "store/sqlite_connection.hpp"
#include "workflow/event_codec.hpp"
#include "workflow/store_rules.hpp"

namespace jishiban {

namespace {

namespace sql = detail::sqlite;

// PRAGMA application_id of a jishiban database: "JSB1" in ASCII.
constexpr std::int64_t kApplicationId = 0x4A534231;

// Version 1 of the schema. Instants are Unix seconds. Ties in every
// listing break by ticket number: year, sequence, then id.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE tickets (
  id          TEXT PRIMARY KEY NOT NULL,
  year        INTEGER NOT NULL,
  sequence    INTEGER NOT NULL,
  state       TEXT NOT NULL,
  lead_unit   TEXT NOT NULL,
  is_open     INTEGER NOT NULL,
  due_at      INTEGER,
  version     INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  snapshot    BLOB NOT NULL,
  UNIQUE (year, sequence)
);
CREATE INDEX tickets_by_state ON tickets (state, year, sequence, id);
CREATE INDEX tickets_by_unit ON tickets (lead_unit, state, year, sequence, id);
CREATE INDEX tickets_open_by_due ON tickets (due_at, year, sequence, id) WHERE due_at IS NOT NULL;
CREATE INDEX tickets_open ON tickets (year, sequence, id) WHERE is_open = 1;

CREATE TABLE events (
  ticket_id  TEXT NOT NULL,
  sequence   INTEGER NOT NULL,
  type       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  payload    TEXT NOT NULL,
  PRIMARY KEY (ticket_id, sequence)
);
-- payload: the event as JSON, without ticket_id, sequence, type and at, and without
-- any member equal to that of an empty event, so an urge takes a few dozen
-- bytes instead of a kilobyte.

CREATE TABLE ticket_numbers (
  year          INTEGER PRIMARY KEY NOT NULL,
  last_sequence INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
  key        TEXT PRIMARY KEY NOT NULL,
  ticket_id  TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE outbox (
  position        INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  ticket_id       TEXT NOT NULL,
  sequence        INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  at              INTEGER NOT NULL,
  recipient_role  TEXT NOT NULL,
  recipient_unit  TEXT NOT NULL,
  message_en      TEXT NOT NULL,
  message_zh      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  delivered_at    INTEGER
);
CREATE INDEX outbox_undelivered ON outbox (position) WHERE delivered_at IS NULL;

CREATE TRIGGER events_never_change BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_never_go BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER tickets_never_go BEFORE DELETE ON tickets
BEGIN SELECT RAISE(ABORT, 'tickets are never deleted'); END;
CREATE TRIGGER archived_ticket_is_read_only BEFORE UPDATE ON tickets WHEN OLD.state = 'archived'
BEGIN SELECT RAISE(ABORT, 'an archived ticket is read-only'); END;
CREATE TRIGGER archived_ticket_takes_no_events BEFORE INSERT ON events
WHEN (SELECT state FROM tickets WHERE id = NEW.ticket_id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'an archived ticket is read-only'); END;
)sql";

// Version 2 numbers the writes of tickets. revision is one more than the
// highest in the table at each write, so the rows written since a revision
// are those above it. Existing rows are numbered in the order they were
// created.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE tickets ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET revision = rowid;
CREATE UNIQUE INDEX tickets_by_revision ON tickets (revision);

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers
-- unless recursive_triggers is on, so these refuse the insert itself.
CREATE TRIGGER events_never_replaced BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE ticket_id = NEW.ticket_id AND sequence = NEW.sequence)
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER archived_ticket_never_replaced BEFORE INSERT ON tickets
WHEN (SELECT state FROM tickets WHERE id = NEW.id) = 'archived'
BEGIN SELECT RAISE(ABORT, 'an archived ticket is read-only'); END;
)sql";

// Version 3 keeps the sequence number of the event whose write used each
// idempotency key, so a registration can tell its own key from a later
// command's. Keys stored before it are all registrations' (sequence 1),
// because only registrations could carry one; NULL stands for that.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE idempotency_keys ADD COLUMN sequence INTEGER;
)sql";

// Migrations by the version they start from: kMigrations[v] brings a
// database from version v to v + 1. Version 0 is an empty database.
constexpr std::array<const char*, kSqliteSchemaVersion> kMigrations = {kSchemaV1, kSchemaV2, kSchemaV3};

// The 100-byte header at the start of every SQLite database file.
constexpr std::size_t kHeaderSize = 100;
constexpr char kMagic[] = "SQLite format 3";

std::string quote_path(const std::string& path) { return quote_for_message(path); }

[[noreturn]] void reject_file(const std::string& path, const std::string& problem_en, const std::string& problem_zh) {
  throw Error(ErrorCode::invalid_data,
              "cannot open " + quote_path(path) + " as a jishiban database: " + problem_en +
                  "; the file was left unchanged",
              "无法把 " + quote_path(path) + " 作为即时办数据库打开：" + problem_zh + "；文件未作任何改动");
}

std::uint32_t big_endian(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

// Checks an existing file before SQLite opens it, because SQLite opens a
// truncated database without complaint and reports the damage only when a
// query reaches a missing page. Returns false when there is no file yet.
bool check_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    reject_file(path, "it is not a regular file", "它不是普通文件");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size == 0) {
    return true;  // an empty file is a new database
  }
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, kHeaderSize> header{};
  in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  const auto read = static_cast<std::size_t>(in.gcount());
  if (read < sizeof kMagic || std::memcmp(header.data(), kMagic, sizeof kMagic) != 0) {
    reject_file(path, "it is not a SQLite database", "它不是 SQLite 数据库");
  }
  if (read < kHeaderSize) {
    reject_file(path, "it is truncated (" + std::to_string(size) + " bytes, shorter than the 100-byte header)",
                "文件被截断（" + std::to_string(size) + " 字节，短于 100 字节的文件头）");
  }

  // Page size: bytes 16-17, big-endian, where 1 means 65536.
  const unsigned raw_page = (unsigned{header[16]} << 8) | unsigned{header[17]};
  const std::uint64_t page_size = raw_page == 1 ? 65536 : raw_page;
  const bool power_of_two = page_size >= 512 && page_size <= 65536 && (page_size & (page_size - 1)) == 0;
  if (!power_of_two) {
    reject_file(path, "its header names an invalid page size " + std::to_string(page_size),
                "文件头中的页大小 " + std::to_string(page_size) + " 无效");
  }
  const std::string sizes_en = std::to_string(size) + " bytes with pages of " + std::to_string(page_size);
  const std::string sizes_zh = std::to_string(size) + " 字节，页大小为 " + std::to_string(page_size);
  if (size % page_size != 0) {
    reject_file(path, "it is truncated (" + sizes_en + " bytes is not a whole number of pages)",
                "文件被截断（" + sizes_zh + "，不是整数个页）");
  }
  // The page count at bytes 28-31 is valid when the change counter (24-27)
  // equals the version-valid-for number (92-95). A write-ahead log left by a
  // crash may hold pages a checkpoint had begun to copy, page 1 first, so
  // the file may then be shorter than the count until SQLite recovers it.
  // A rollback journal left by a crash during a first open, before the
  // switch to WAL, is recovered in the same way.
  const auto pending = [&path](const char* suffix) {
    struct stat side {};
    return ::stat((path + suffix).c_str(), &side) == 0 && side.st_size > 0;
  };
  const bool wal_pending = pending("-wal") || pending("-journal");
  const std::uint32_t pages = big_endian(&header[28]);
  const bool count_valid = pages != 0 && big_endian(&header[24]) == big_endian(&header[92]);
  if (count_valid && !wal_pending && size < pages * page_size) {
    reject_file(path,
                "it is truncated (" + sizes_en + ", but the header counts " + std::to_string(pages) + " pages)",
                "文件被截断（" + sizes_zh + "，但文件头记录了 " + std::to_string(pages) + " 页）");
  }
  return true;
}

const char* synchronous_pragma(Synchronous synchronous) {
  switch (synchronous) {
    case Synchronous::full:
      return "PRAGMA synchronous = FULL";
    case Synchronous::normal:
      return "PRAGMA synchronous = NORMAL";
    case Synchronous::off:
      return "PRAGMA synchronous = OFF";
  }
  return "PRAGMA synchronous = FULL";
}

std::optional<NotificationKind> parse_kind(std::string_view text) {
  for (std::size_t i = 0; i < notification_kind_count; ++i) {
    const auto kind = static_cast<NotificationKind>(i);
    if (to_string(kind) == text) {
      return kind;
    }
  }
  return std::nullopt;
}

// --- Events as sparse JSON ------------------------------------------------

using ordered_json = nlohmann::ordered_json;

// The members kept in their own columns.
constexpr const char* kColumnMembers[] = {"ticket_id", "sequence", "type", "at"};

// The JSON of an empty event, which stored events are written against.
const ordered_json& empty_event() {
  static const ordered_json empty = ordered_json::parse(to_json(Event{}));
  return empty;
}

// The members of `value` that differ from those of `base`, recursing into
// objects both have.
ordered_json sparse(const ordered_json& value, const ordered_json& base) {
  ordered_json differs = ordered_json::object();
  for (auto member = value.begin(); member != value.end(); ++member) {
    const auto in_base = base.find(member.key());
    if (in_base != base.end() && *in_base == *member) {
      continue;
    }
    const bool both_objects = in_base != base.end() && in_base->is_object() && member->is_object();
    differs[member.key()] = both_objects ? sparse(*member, *in_base) : *member;
  }
  return differs;
}

// `base` with the members of `differs` put back, the inverse of sparse().
ordered_json restore(const ordered_json& differs, const ordered_json& base) {
  ordered_json value = base;
  for (auto member = differs.begin(); member != differs.end(); ++member) {
    auto in_value = value.find(member.key());
    if (in_value != value.end() && in_value->is_object() && member->is_object()) {
      *in_value = restore(*member, *in_value);
    } else {
      value[member.key()] = *member;
    }
  }
  return value;
}

// The payload column of `event`.
std::string event_payload(const Event& event) {
  ordered_json full = ordered_json::parse(to_json(event));
  for (const char* member : kColumnMembers) {
    full.erase(member);
  }
  return sparse(full, empty_event()).dump();
}

// Rebuilds an event from its columns: ticket id, sequence, type, at (Unix
// seconds) and payload.
// Returns whether JSON text nests arrays and objects deeper than `limit`,
// counting brackets outside strings. Parsing and copying a value recurse
// once per level, so a hand-edited row must not reach them.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) {
        return true;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// An event nests four levels at most (event, computed, clock, and so on).
constexpr int kMaxPayloadDepth = 16;

Event event_from_columns(const detail::sqlite::Statement& row, const std::string& source) {
  if (nests_deeper_than(row.text(4), kMaxPayloadDepth)) {
    throw Error(ErrorCode::invalid_data,
                source + ": the stored payload nests deeper than 16 levels; restore the database from a backup",
                source + "：存储的载荷嵌套超过 16 层；请从备份恢复数据库");
  }

  ordered_json differs;
  try {
    differs = ordered_json::parse(row.text(4));
  } catch (const ordered_json::exception&) {
    throw Error(ErrorCode::invalid_data, source + ": the stored payload is not JSON; restore the database from a backup",
                source + "：存储的载荷不是 JSON；请从备份恢复数据库");
  }
  if (!differs.is_object()) {
    throw Error(ErrorCode::invalid_data,
                source + ": the stored payload is not a JSON object; restore the database from a backup",
                source + "：存储的载荷不是 JSON 对象；请从备份恢复数据库");
  }

  ordered_json full = restore(differs, empty_event());
  full["ticket_id"] = row.text(0);
  full["sequence"] = row.integer(1);
  full["type"] = row.text(2);
  const Instant at = Instant::from_unix_seconds(row.integer(3));
  if (!is_formattable(at)) {
    const std::string seconds = std::to_string(row.integer(3));
    throw Error(ErrorCode::invalid_data,
                source + ": the stored instant " + seconds + " is outside the years 1400-9999; restore the database from a backup",
                source + "：存储的时刻 " + seconds + " 超出 1400 至 9999 年；请从备份恢复数据库");
  }
  full["at"] = format_instant(at, UtcOffset::china());
  // event_from_json raises out_of_range for an integer outside its field,
  // but in a stored row that is damage like any other unreadable value.
  try {
    return event_from_json(full.dump(), source);
  } catch (const Error& error) {
    if (error.code() != ErrorCode::out_of_range) {
      throw;
    }
    throw Error(ErrorCode::invalid_data, error.message(Language::en), error.message(Language::zh_CN));
  }
}

std::string ticket_words(std::string_view id) { return "ticket " + quote_for_message(id); }
std::string ticket_words_zh(std::string_view id) { return "工单 " + quote_for_message(id); }

}  // namespace

struct SqliteStore::Impl {
  Impl(std::string p, SqliteOptions o) : path(std::move(p)), options(o) {}

  std::string path;
  SqliteOptions options;
  // One connection, used by one thread at a time.
  mutable std::mutex mutex;
  std::unique_ptr<sql::Connection> db;
  mutable std::minstd_rand jitter{std::random_device{}()};
  // Set while a Batch has the write transaction open.
  bool in_batch = false;
  // Set when an error made SQLite roll the batch's transaction back.
  mutable bool batch_lost = false;

  [[noreturn]] static void raise_batch_lost() {
    throw Error(ErrorCode::io_error,
                "an earlier error rolled back the open batch, so none of its commands were stored; end the batch "
                "and give its commands again in a new one",
                "之前的错误使当前批次整体回滚，批次中的命令都未保存；请结束该批次，在新批次中重新提交这些命令");
  }
  // The last outbox position committed when the batch began. Notifications
  // after it belong to the batch and are not offered for delivery, because
  // the batch may still roll back.
  std::int64_t batch_outbox_floor = 0;

  void open();
  void migrate(std::int64_t from);

  // Runs `body` in a write transaction started with BEGIN IMMEDIATE, so the
  // write lock is taken before the first read and a commit by another
  // connection can never invalidate the transaction's snapshot. A lock
  // still taken after the busy timeout is retried, and after the last retry
  // the call throws Error{busy} having written nothing. Requires `mutex`.
  template <class Body>
  void write(const std::string& doing_en, const std::string& doing_zh, Body&& body) const;

  // BEGIN IMMEDIATE with the busy retries of write().
  void begin_immediate(const std::string& doing_en, const std::string& doing_zh) const;

  // Runs `body` in one read transaction, or in the open batch's.
  template <class Body>
  void read(const std::string& doing_en, const std::string& doing_zh, Body&& body) const {
    if (in_batch) {
      body();
      return;
    }
    db->exec("BEGIN", doing_en, doing_zh);
    try {
      body();
    } catch (...) {
      db->exec_code("ROLLBACK");
      throw;
    }
    db->exec_code("ROLLBACK");
  }

  // Throws Error{busy} or the mapped SQLite error of a failed step.
  [[noreturn]] void fail(int rc, const std::string& doing_en, const std::string& doing_zh) const {
    sql::raise(db->get(), rc, doing_en, doing_zh);
  }

  std::vector<std::string> ids(std::string_view query, const std::function<void(sql::Statement&)>& bind) const;
  void append_locked(const StoreWrite& write);
  std::optional<Ticket> load_locked(std::string_view ticket_id) const;
  std::vector<Event> history_locked(std::string_view ticket_id) const;
};

template <class Body>
void SqliteStore::Impl::write(const std::string& doing_en, const std::string& doing_zh, Body&& body) const {
  if (in_batch) {
    if (batch_lost) {
      raise_batch_lost();
    }
    // Inside a batch's transaction a savepoint makes the write all or
    // nothing on its own.
    db->exec("SAVEPOINT command", doing_en, doing_zh);
    try {
      body();
    } catch (...) {
      // Some errors (a full disk, an I/O error) make SQLite roll back the
      // whole transaction. A savepoint would then start a new one, which
      // RELEASE commits, so the batch is marked lost instead.
      if (sqlite3_get_autocommit(db->get()) != 0) {
        batch_lost = true;
      } else {
        db->exec_code("ROLLBACK TO command");
        db->exec_code("RELEASE command");
      }
      throw;
    }
    db->exec("RELEASE command", doing_en, doing_zh);
    return;
  }
  begin_immediate(doing_en, doing_zh);
  try {
    body();
    db->exec("COMMIT", doing_en, doing_zh);
  } catch (...) {
    // A failed COMMIT may have rolled back already; a second ROLLBACK
    // then reports "no transaction is active", which is harmless.
    db->exec_code("ROLLBACK");
    throw;
  }
}

void SqliteStore::Impl::begin_immediate(const std::string& doing_en, const std::string& doing_zh) const {
  for (int attempt = 0;; ++attempt) {
    const int rc = db->exec_code("BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) {
      const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
      if (busy && attempt < options.busy_retries) {
        std::uniform_int_distribution<int> pause(1, 50 * (attempt + 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause(jitter)));
        continue;
      }
      fail(rc, doing_en, doing_zh);
    }
    return;
  }
}

void SqliteStore::Impl::open() {
  const bool existed = check_file(path);
  if (!existed && !options.create) {
    throw Error(ErrorCode::not_found, "the database " + quote_path(path) + " does not exist; check the path",
                "数据库 " + quote_path(path) + " 不存在；请检查路径");
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create) {
    flags |= SQLITE_OPEN_CREATE;
  }
  db = std::make_unique<sql::Connection>(path, flags);
  // Until the checks below pass, closing must not copy a write-ahead log
  // into the file: the log may belong to another database, and a refused
  // file stays as it was.
  sqlite3_db_config(db->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (sqlite3_db_readonly(db->get(), "main") == 1) {
    db.reset();
    throw Error(ErrorCode::io_error,
                "the database " + quote_path(path) +
                    " can only be opened read-only; give the process write access to the file and its folder",
                "数据库 " + quote_path(path) + " 只能以只读方式打开；请为进程授予该文件及其所在目录的写权限");
  }
  const auto timeout = std::min<std::chrono::milliseconds::rep>(options.busy_timeout.count(), INT_MAX);
  sqlite3_busy_timeout(db->get(), static_cast<int>(timeout));

  const std::string doing_en = "opening the database " + quote_path(path);
  const std::string doing_zh = "打开数据库 " + quote_path(path);
  // Reading the schema is the first access to the file's pages, so a file
  // damaged beyond the header fails here, before anything is written.
  const std::int64_t version = db->query_integer("PRAGMA user_version", doing_en, doing_zh);
  const std::int64_t application = db->query_integer("PRAGMA application_id", doing_en, doing_zh);
  const std::int64_t objects = db->query_integer("SELECT count(*) FROM sqlite_schema", doing_en, doing_zh);
  if (version < 0) {
    const std::string found = std::to_string(version);
    db.reset();
    reject_file(path, "its schema version " + found + " is not one any jishiban writes",
                "其结构版本 " + found + " 不是即时办会写入的版本");
  }
  if (version > kSqliteSchemaVersion) {
    const std::string found = std::to_string(version);
    const std::string known = std::to_string(kSqliteSchemaVersion);
    db.reset();
    reject_file(path,
                "its schema version " + found + " is newer than this library's " + known +
                    "; open it with the newer jishiban that wrote it",
                "其结构版本 " + found + " 高于本库支持的 " + known + "；请使用写入它的较新版本即时办打开");
  }
  if (objects > 0 && application != kApplicationId) {
    db.reset();
    reject_file(path, "it is another program's SQLite database", "它是其他程序的 SQLite 数据库");
  }
  if ((version == 0) != (objects == 0)) {
    const std::string found = std::to_string(version);
    db.reset();
    reject_file(path,
                version == 0 ? "it has tables but no schema version" : "it claims schema version " + found + " but has no tables",
                version == 0 ? "它有数据表但没有结构版本" : "其结构版本为 " + found + "，却没有任何数据表");
  }
  // WAL is a property of the file, set once the checks above have passed,
  // and before the schema is created, so that creating it waits for no more
  // syncs than `synchronous` requests.
  db->exec(synchronous_pragma(options.synchronous), doing_en, doing_zh);
  db->exec("PRAGMA journal_mode = WAL", doing_en, doing_zh);
  if (version < kSqliteSchemaVersion) {
    migrate(version);
  }
  sqlite3_db_config(db->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
}

void SqliteStore::Impl::migrate(std::int64_t from) {
  const std::string doing_en = "creating or upgrading the schema of " + quote_path(path);
  const std::string doing_zh = "创建或升级 " + quote_path(path) + " 的数据库结构";
  write(doing_en, doing_zh, [&] {
    // Another process may have migrated while this one waited for the lock.
    std::int64_t version = db->query_integer("PRAGMA user_version", doing_en, doing_zh);
    if (version < from) {
      version = from;
    }
    for (; version < kSqliteSchemaVersion; ++version) {
      db->exec(kMigrations[static_cast<std::size_t>(version)], doing_en, doing_zh);
    }
    const std::string set_version = "PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion);
    db->exec(set_version.c_str(), doing_en, doing_zh);
    const std::string set_application = "PRAGMA application_id = " + std::to_string(kApplicationId);
    db->exec(set_application.c_str(), doing_en, doing_zh);
  });
}

std::vector<std::string> SqliteStore::Impl::ids(std::string_view query,
                                                const std::function<void(sql::Statement&)>& bind) const {
  sql::Use statement(db->cached(query));
  bind(*statement);
  std::vector<std::string> found;
  while (statement->step("listing tickets", "列出工单")) {
    found.emplace_back(statement->text(0));
  }
  return found;
}

std::optional<Ticket> SqliteStore::Impl::load_locked(std::string_view ticket_id) const {
  sql::Use statement(db->cached("SELECT snapshot FROM tickets WHERE id = ?1"));
  statement->bind(1, ticket_id);
  if (!statement->step("reading " + ticket_words(ticket_id), "读取" + ticket_words_zh(ticket_id))) {
    return std::nullopt;
  }
  return detail::decode_ticket(statement->blob(0));
}

std::vector<Event> SqliteStore::Impl::history_locked(std::string_view ticket_id) const {
  sql::Use statement(db->cached(
      "SELECT ticket_id, sequence, type, at, payload FROM events WHERE ticket_id = ?1 ORDER BY sequence"));
  statement->bind(1, ticket_id);
  std::vector<Event> events;
  const std::string doing_en = "reading the history of " + ticket_words(ticket_id);
  const std::string doing_zh = "读取" + ticket_words_zh(ticket_id) + "的历史";
  while (statement->step(doing_en, doing_zh)) {
    const std::string source = ticket_words(ticket_id) + " event " + std::to_string(events.size() + 1);
    events.push_back(event_from_columns(*statement, source));
  }
  return events;
}

void SqliteStore::Impl::append_locked(const StoreWrite& write) {
  const Event& event = write.event;
  const Ticket& after = write.after;
  const std::string doing_en = "storing " + std::string(to_string(event.type)) + " on " + ticket_words(after.id);
  const std::string doing_zh = "保存" + ticket_words_zh(after.id) + "的 " + std::string(to_string(event.type));

  // Everything that can fail without the database runs first.
  std::string snapshot;
  detail::encode_ticket(after, snapshot);
  const std::string payload = event_payload(event);
  const std::optional<Instant> due = detail::earliest_due(after);

  this->write(doing_en, doing_zh, [&] {
    std::optional<std::uint64_t> stored_version;
    bool archived = false;
    {
      sql::Use read(db->cached("SELECT version, state FROM tickets WHERE id = ?1"));
      read->bind(1, after.id);
      if (read->step(doing_en, doing_zh)) {
        stored_version = static_cast<std::uint64_t>(read->integer(0));
        archived = read->text(1) == to_string(TicketState::archived);
      }
    }
    if (stored_version.value_or(0) != write.expected_version || (write.expected_version == 0 && stored_version)) {
      detail::raise_conflict(after.id, stored_version.has_value(), stored_version.value_or(0),
                             write.expected_version);
    }
    if (archived) {
      const std::string id = quote_for_message(after.id);
      throw Error(ErrorCode::invalid_transition,
                  "ticket " + id + " is archived, and an archived ticket's records are read-only",
                  "工单 " + id + " 已归档，归档工单的记录不可更改");
    }

    const bool creates = write.expected_version == 0;
    if (creates) {
      // Numbers are gap-free: a new ticket takes exactly the next number of
      // its year, and a writer that lost the race gets conflict and retries.
      std::int64_t last = 0;
      {
        sql::Use counter(db->cached("SELECT last_sequence FROM ticket_numbers WHERE year = ?1"));
        counter->bind(1, static_cast<std::int64_t>(after.year));
        if (counter->step(doing_en, doing_zh)) {
          last = counter->integer(0);
        }
      }
      if (after.sequence != last + 1) {
        const std::string id = quote_for_message(after.id);
        const std::string next = std::to_string(last + 1);
        throw Error(ErrorCode::conflict,
                    "ticket " + id + " has sequence number " + std::to_string(after.sequence) + ", but the next free number of " +
                        std::to_string(after.year) + " is " + next + "; take the next number and retry",
                    "工单 " + id + " 的序号为 " + std::to_string(after.sequence) + "，但 " + std::to_string(after.year) +
                        " 年的下一个可用序号为 " + next + "；请取下一个序号后重试");
      }
    }
    if (!write.idempotency_key.empty()) {
      sql::Use key(db->cached("SELECT ticket_id FROM idempotency_keys WHERE key = ?1"));
      key->bind(1, write.idempotency_key);
      if (key->step(doing_en, doing_zh)) {
        detail::raise_key_conflict(std::string(key->text(0)));
      }
    }

    {
      sql::Use insert(db->cached(
          "INSERT INTO events (ticket_id, sequence, type, at, actor_id, actor_role, actor_unit, payload) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
      insert->bind(1, after.id)
          .bind(2, static_cast<std::int64_t>(event.sequence))
          .bind(3, to_string(event.type))
          .bind(4, event.at.unix_seconds())
          .bind(5, event.actor.id)
          .bind(6, to_string(event.actor.role))
          .bind(7, event.actor.unit)
          .bind(8, payload);
      insert->step(doing_en, doing_zh);
    }
    std::int64_t revision = 0;
    {
      sql::Use latest(db->cached("SELECT coalesce(max(revision), 0) + 1 FROM tickets"));
      latest->step(doing_en, doing_zh);
      revision = latest->integer(0);
    }
    {
      sql::Use upsert(db->cached(
          "INSERT INTO tickets (id, year, sequence, state, lead_unit, is_open, due_at, version, received_at, "
          "updated_at, snapshot, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
          "ON CONFLICT (id) DO UPDATE SET state = excluded.state, lead_unit = excluded.lead_unit, "
          "is_open = excluded.is_open, due_at = excluded.due_at, version = excluded.version, "
          "updated_at = excluded.updated_at, snapshot = excluded.snapshot, revision = excluded.revision"));
      upsert->bind(1, after.id)
          .bind(2, static_cast<std::int64_t>(after.year))
          .bind(3, after.sequence)
          .bind(4, to_string(after.state))
          .bind(5, after.lead_unit)
          .bind(6, std::int64_t{is_open(after.state) ? 1 : 0})
          .bind(7, due ? std::optional<std::int64_t>(due->unix_seconds()) : std::nullopt)
          .bind(8, static_cast<std::int64_t>(after.version))
          .bind(9, after.received_at.unix_seconds())
          .bind(10, after.updated_at.unix_seconds())
          .bind_blob(11, snapshot)
          .bind(12, revision);
      upsert->step(doing_en, doing_zh);
    }
    if (creates) {
      sql::Use counter(db->cached(
          "INSERT INTO ticket_numbers (year, last_sequence) VALUES (?1, ?2) "
          "ON CONFLICT (year) DO UPDATE SET last_sequence = excluded.last_sequence"));
      counter->bind(1, static_cast<std::int64_t>(after.year)).bind(2, after.sequence);
      counter->step(doing_en, doing_zh);
    }
    if (!write.idempotency_key.empty()) {
      sql::Use key(db->cached(
          "INSERT INTO idempotency_keys (key, ticket_id, created_at, sequence) VALUES (?1, ?2, ?3, ?4)"));
      key->bind(1, write.idempotency_key)
          .bind(2, after.id)
          .bind(3, event.at.unix_seconds())
          .bind(4, static_cast<std::int64_t>(event.sequence));
      key->step(doing_en, doing_zh);
    }
    if (write.notifications != nullptr) {
      for (const Notification& n : *write.notifications) {
        sql::Use insert(db->cached(
            "INSERT INTO outbox (id, ticket_id, sequence, kind, at, recipient_role, recipient_unit, message_en, "
            "message_zh, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?5)"));
        insert->bind(1, n.id)
            .bind(2, n.ticket_id)
            .bind(3, static_cast<std::int64_t>(n.sequence))
            .bind(4, to_string(n.kind))
            .bind(5, n.at.unix_seconds())
            .bind(6, to_string(n.recipient_role))
            .bind(7, n.recipient_unit)
            .bind(8, n.message_en)
            .bind(9, n.message_zh);
        insert->step(doing_en, doing_zh);
      }
    }
  });
}

SqliteStore::SqliteStore(const std::string& path, SqliteOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {
  // SQLite opens a private temporary database for an empty path, and would
  // stop at a NUL byte, so both would lose every command.
  if (path.empty() || path.find('\0') != std::string::npos) {
    throw Error(ErrorCode::invalid_argument,
                path.empty() ? std::string("the database path is empty; name a file")
                             : "the database path " + quote_path(path) + " contains a NUL byte; name a file",
                path.empty() ? std::string("数据库路径为空；请指定一个文件")
                             : "数据库路径 " + quote_path(path) + " 包含 NUL 字节；请指定一个文件");
  }
  if (static_cast<int>(options.synchronous) < 0 || options.synchronous > Synchronous::off) {
    const std::string value = std::to_string(static_cast<int>(options.synchronous));
    throw Error(ErrorCode::invalid_argument,
                "synchronous is " + value + ", not a Synchronous value; use full, normal or off",
                "synchronous 的取值 " + value + " 无效；请使用 full、normal 或 off");
  }
  if (options.busy_timeout.count() < 0 || options.busy_retries < 0) {
    throw Error(ErrorCode::invalid_argument,
                "the busy timeout and the busy retries must not be negative, but they are " +
                    std::to_string(options.busy_timeout.count()) + " ms and " + std::to_string(options.busy_retries),
                "忙等待超时和重试次数不能为负数，实际为 " + std::to_string(options.busy_timeout.count()) + " 毫秒和 " +
                    std::to_string(options.busy_retries) + " 次");
  }
  impl_->open();
}

SqliteStore::~SqliteStore() = default;

const std::string& SqliteStore::path() const noexcept { return impl_->path; }

void SqliteStore::append(const StoreWrite& write) {
  detail::check_write(write);
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->append_locked(write);
}

std::optional<Ticket> SqliteStore::load(std::string_view ticket_id) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->load_locked(ticket_id);
}

std::vector<Event> SqliteStore::history(std::string_view ticket_id) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->history_locked(ticket_id);
}

std::int64_t SqliteStore::next_sequence(int year) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Use statement(impl_->db->cached("SELECT last_sequence FROM ticket_numbers WHERE year = ?1"));
  statement->bind(1, static_cast<std::int64_t>(year));
  if (!statement->step("reading the ticket-number counter", "读取来件编号计数器")) {
    return 1;
  }
  return statement->integer(0) + 1;
}

std::vector<std::string> SqliteStore::find_by_state(TicketState state) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->ids("SELECT id FROM tickets WHERE state = ?1 ORDER BY year, sequence, id",
                    [&](sql::Statement& s) { s.bind(1, to_string(state)); });
}

std::vector<std::string> SqliteStore::find_by_unit(std::string_view unit) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->ids("SELECT id FROM tickets WHERE lead_unit = ?1 ORDER BY year, sequence, id",
                    [&](sql::Statement& s) { s.bind(1, unit); });
}

std::vector<std::string> SqliteStore::find_due_before(Instant until) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->ids(
      "SELECT id FROM tickets WHERE due_at IS NOT NULL AND due_at <= ?1 ORDER BY due_at, year, sequence, id",
      [&](sql::Statement& s) { s.bind(1, until.unix_seconds()); });
}

std::vector<std::string> SqliteStore::nearest_due(std::size_t limit) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->ids(
      "SELECT id FROM tickets WHERE due_at IS NOT NULL ORDER BY due_at, year, sequence, id LIMIT ?1",
      [&](sql::Statement& s) {
        s.bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
      });
}

std::vector<std::string> SqliteStore::open_tickets() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->ids("SELECT id FROM tickets WHERE is_open = 1 ORDER BY year, sequence, id",
                    [](sql::Statement&) {});
}

std::size_t SqliteStore::size() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return static_cast<std::size_t>(
      impl_->db->query_integer("SELECT count(*) FROM tickets", "counting tickets", "统计工单数量"));
}

void SqliteStore::for_each_ticket(const std::function<void(const Ticket&)>& visit) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->read("reading every ticket", "读取全部工单", [&] {
    sql::Statement rows(impl_->db->get(), "SELECT id, snapshot FROM tickets");
    while (rows.step("reading every ticket", "读取全部工单")) {
      Ticket ticket;
      try {
        ticket = detail::decode_ticket(rows.blob(1));
      } catch (const Error& error) {
        throw Error(error.code(), ticket_words(rows.text(0)) + ": " + error.message(),
                    ticket_words_zh(rows.text(0)) + "：" + error.message(Language::zh_CN));
      }
      visit(ticket);
    }
  });
}

std::optional<std::string> SqliteStore::find_by_idempotency_key(std::string_view key) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Use statement(impl_->db->cached("SELECT ticket_id FROM idempotency_keys WHERE key = ?1"));
  statement->bind(1, key);
  if (!statement->step("looking up an idempotency key", "查找幂等键")) {
    return std::nullopt;
  }
  return std::string(statement->text(0));
}

std::uint64_t SqliteStore::idempotency_key_sequence(std::string_view key) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Use statement(impl_->db->cached("SELECT COALESCE(sequence, 1) FROM idempotency_keys WHERE key = ?1"));
  statement->bind(1, key);
  if (!statement->step("looking up an idempotency key", "查找幂等键")) {
    return 0;
  }
  const std::int64_t sequence = statement->integer(0);
  return sequence > 0 ? static_cast<std::uint64_t>(sequence) : 0;
}

std::vector<OutboxEntry> SqliteStore::pending_notifications(Instant now, std::size_t limit) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Use statement(impl_->db->cached(
      "SELECT id, ticket_id, sequence, kind, at, recipient_role, recipient_unit, message_en, message_zh, "
      "attempts, next_attempt_at FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?1 "
      "AND position <= ?3 ORDER BY position LIMIT ?2"));
  statement->bind(1, now.unix_seconds())
      .bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)))
      .bind(3, impl_->in_batch ? impl_->batch_outbox_floor : INT64_MAX);
  std::vector<OutboxEntry> due;
  while (statement->step("reading the outbox", "读取待发通知")) {
    auto notification = std::make_shared<Notification>();
    Notification& n = *notification;
    n.id = std::string(statement->text(0));
    n.ticket_id = std::string(statement->text(1));
    n.sequence = static_cast<std::uint64_t>(statement->integer(2));
    const auto kind = parse_kind(statement->text(3));
    const auto role = parse_role(statement->text(5));
    if (!kind || !role) {
      const std::string id = quote_for_message(n.id);
      throw Error(ErrorCode::invalid_data,
                  "notification " + id + " in the outbox has an unknown kind or recipient role; run the integrity check",
                  "待发通知 " + id + " 的类型或接收角色无法识别；请运行完整性检查");
    }
    n.kind = *kind;
    n.at = Instant::from_unix_seconds(statement->integer(4));
    n.recipient_role = *role;
    n.recipient_unit = std::string(statement->text(6));
    n.message_en = std::string(statement->text(7));
    n.message_zh = std::string(statement->text(8));
    OutboxEntry entry;
    entry.notification = std::move(notification);
    entry.attempts = static_cast<int>(statement->integer(9));
    entry.next_attempt_at = Instant::from_unix_seconds(statement->integer(10));
    due.push_back(std::move(entry));
  }
  return due;
}

void SqliteStore::mark_delivered(std::string_view notification_id, Instant at) {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->write("recording a delivered notification", "记录通知已送达", [&] {
    sql::Use statement(
        impl_->db->cached("UPDATE outbox SET delivered_at = ?2 WHERE id = ?1 AND delivered_at IS NULL"));
    statement->bind(1, notification_id).bind(2, at.unix_seconds());
    statement->step("recording a delivered notification", "记录通知已送达");
  });
}

void SqliteStore::record_failed_delivery(std::string_view notification_id, Instant at, Instant retry_at) {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->write("recording a failed delivery", "记录通知发送失败", [&] {
    sql::Use statement(impl_->db->cached(
        "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?2, next_attempt_at = ?3 "
        "WHERE id = ?1 AND delivered_at IS NULL"));
    statement->bind(1, notification_id).bind(2, at.unix_seconds()).bind(3, retry_at.unix_seconds());
    statement->step("recording a failed delivery", "记录通知发送失败");
  });
}

std::size_t SqliteStore::undelivered_notifications() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return static_cast<std::size_t>(impl_->db->query_integer(
      "SELECT count(*) FROM outbox WHERE delivered_at IS NULL", "counting undelivered notifications", "统计未送达通知"));
}

std::uint64_t SqliteStore::revision() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  return static_cast<std::uint64_t>(impl_->db->query_integer("SELECT coalesce(max(revision), 0) FROM tickets",
                                                             "reading the store's revision", "读取存储的修订号"));
}

std::vector<TicketChange> SqliteStore::changed_since(std::uint64_t& since) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Use statement(
      impl_->db->cached("SELECT id, version, revision FROM tickets WHERE revision > ?1 ORDER BY revision"));
  statement->bind(1, static_cast<std::int64_t>(std::min<std::uint64_t>(since, INT64_MAX)));
  std::vector<TicketChange> changes;
  while (statement->step("listing changed tickets", "列出有变化的工单")) {
    changes.push_back(TicketChange{std::string(statement->text(0)), static_cast<std::uint64_t>(statement->integer(1))});
    since = static_cast<std::uint64_t>(statement->integer(2));
  }
  return changes;
}

std::string SqliteStore::export_history(std::string_view ticket_id) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  // One read transaction, so the ticket and its events are one snapshot.
  std::optional<Ticket> ticket;
  std::vector<Event> events;
  impl_->read("exporting a history", "导出工单历史", [&] {
    ticket = impl_->load_locked(ticket_id);
    events = impl_->history_locked(ticket_id);
  });
  if (!ticket) {
    const std::string id = quote_for_message(ticket_id);
    throw Error(ErrorCode::not_found, "no ticket " + id + "; check the ticket number",
                "没有编号为 " + id + " 的工单；请核对来件编号");
  }
  std::string text = "{\"ticket\":" + to_json(*ticket) + ",\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    text += (i == 0 ? "" : ",") + to_json(events[i]);
  }
  text += "]}";
  return text;
}

IntegrityReport SqliteStore::check_integrity() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  sql::Connection& db = *impl_->db;
  IntegrityReport report;
  const auto add = [&report](std::string en, std::string zh) {
    report.problems.push_back(std::move(en));
    report.problems_zh.push_back(std::move(zh));
  };
  impl_->read("checking integrity", "检查完整性", [&] {
    sql::Statement rows(db.get(),
                        "SELECT id, year, sequence, state, lead_unit, is_open, due_at, version, snapshot "
                        "FROM tickets ORDER BY year, sequence, id");
    while (rows.step("checking integrity", "检查完整性")) {
      const std::string id(rows.text(0));
      const std::string label = ticket_words(id);
      const std::string label_zh = ticket_words_zh(id);
      ++report.tickets_checked;
      std::vector<Event> events;
      Ticket stored;
      try {
        events = impl_->history_locked(id);
        stored = detail::decode_ticket(rows.blob(8));
      } catch (const Error& error) {
        add(label + ": " + error.message(), label_zh + "：" + error.message(Language::zh_CN));
        continue;
      }
      report.events_checked += events.size();
      for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].sequence != i + 1) {
          const std::string position = std::to_string(i + 1);
          const std::string sequence = std::to_string(events[i].sequence);
          add(label + ": event " + position + " has sequence number " + sequence,
              label_zh + "：第 " + position + " 个事件的序号为 " + sequence);
        }
      }
      Ticket folded;
      try {
        folded = fold(events);
      } catch (const Error& error) {
        add(label + ": its events do not fold: " + error.message(),
            label_zh + "：其事件无法重放：" + error.message(Language::zh_CN));
        continue;
      }
      bool same = false;
      try {
        same = to_json(folded) == to_json(stored);
      } catch (const Error& error) {
        add(label + ": the stored ticket cannot be written as JSON: " + error.message(),
            label_zh + "：保存的工单无法写成 JSON：" + error.message(Language::zh_CN));
        continue;
      }
      if (!same) {
        const std::string count = std::to_string(events.size());
        add(label + ": the stored ticket differs from the fold of its " + count + " events",
            label_zh + "：保存的工单与其 " + count + " 个事件重放的结果不同");
      }
      const std::optional<Instant> due = detail::earliest_due(folded);
      const bool columns_match =
          rows.integer(1) == folded.year && rows.integer(2) == folded.sequence &&
          rows.text(3) == to_string(folded.state) && rows.text(4) == folded.lead_unit &&
          rows.integer(5) == (is_open(folded.state) ? 1 : 0) &&
          rows.optional_integer(6) == (due ? std::optional<std::int64_t>(due->unix_seconds()) : std::nullopt) &&
          static_cast<std::uint64_t>(rows.integer(7)) == folded.version;
      if (!columns_match) {
        add(label + ": the state row's columns do not match the ticket", label_zh + "：状态行的列与工单不一致");
      }
    }
    sql::Statement counters(db.get(),
                            "SELECT n.year, n.last_sequence, (SELECT max(sequence) FROM tickets t WHERE t.year = "
                            "n.year), (SELECT count(*) FROM tickets t WHERE t.year = n.year) FROM ticket_numbers n");
    while (counters.step("checking integrity", "检查完整性")) {
      const std::int64_t year = counters.integer(0);
      const std::int64_t last = counters.integer(1);
      const std::int64_t highest = counters.integer(2);
      const std::int64_t count = counters.integer(3);
      if (last != highest || count != last) {
        const std::string y = std::to_string(year);
        const std::string l = std::to_string(last);
        const std::string h = std::to_string(highest);
        const std::string c = std::to_string(count);
        add("ticket numbers of " + y + ": the counter is at " + l + ", the highest number is " + h + ", and " + c +
                " tickets exist, so numbers have gaps",
            y + " 年的来件编号：计数器为 " + l + "，最大编号为 " + h + "，共有 " + c + " 件工单，编号不连续");
      }
    }
    sql::Statement outbox(db.get(), "SELECT id, kind, recipient_role FROM outbox ORDER BY position");
    while (outbox.step("checking integrity", "检查完整性")) {
      if (!parse_kind(outbox.text(1)) || !parse_role(outbox.text(2))) {
        const std::string id = quote_for_message(outbox.text(0));
        add("notification " + id + " in the outbox has an unknown kind or recipient role",
            "待发通知 " + id + " 的类型或接收角色无法识别");
      }
    }
    sql::Statement orphans(db.get(),
                           "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = "
                           "e.ticket_id)");
    if (orphans.step("checking integrity", "检查完整性") && orphans.integer(0) != 0) {
      const std::string orphan_count = std::to_string(orphans.integer(0));
      add(orphan_count + " events belong to no ticket", orphan_count + " 个事件不属于任何工单");
    }
  });
  return report;
}

void SqliteStore::backup(const std::string& target_path) const {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->in_batch) {
    throw Error(ErrorCode::invalid_argument,
                "a batch is open on this store, and a backup would wait for it to end; commit the batch first",
                "该存储有一个未提交的批次，备份会一直等待它结束；请先提交批次");
  }
  // The database and the files SQLite keeps beside it are refused by name
  // and by identity, since SQLite removes an empty log when it closes.
  struct stat source_info {};
  const bool source_found = ::stat(impl_->path.c_str(), &source_info) == 0;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string own = impl_->path + suffix;
    struct stat own_info {};
    struct stat target_info {};
    const bool same_file = ::stat(own.c_str(), &own_info) == 0 && ::stat(target_path.c_str(), &target_info) == 0 &&
                           own_info.st_dev == target_info.st_dev && own_info.st_ino == target_info.st_ino;
    if (target_path == own || same_file) {
      throw Error(ErrorCode::invalid_argument,
                  "the backup target " + quote_path(target_path) +
                      " is the database or one of its own files; name another file",
                  "备份目标 " + quote_path(target_path) + " 是数据库本身或其附属文件；请指定另一个文件");
    }
  }

  // A new copy is readable by no more users than the database, because it
  // contains the requesters' contact data.
  // An existing regular file is restricted before the copy is written into
  // it. Anything else (a FIFO, a device) is left to SQLite, which refuses it.
  const mode_t mode = source_found ? (source_info.st_mode & 0666) : 0600;
  struct stat existing {};
  if (::stat(target_path.c_str(), &existing) != 0) {
    const int created = ::open(target_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK | O_CLOEXEC, mode);
    if (created >= 0) {
      ::fchmod(created, mode);
      ::close(created);
    }
  } else if (S_ISREG(existing.st_mode)) {
    ::chmod(target_path.c_str(), mode);
  }

  const std::string doing_en = "backing up to " + quote_path(target_path);
  const std::string doing_zh = "备份到 " + quote_path(target_path);
  sql::Connection target(target_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", impl_->db->get(), "main");
  if (backup == nullptr) {
    sql::raise(target.get(), sqlite3_errcode(target.get()), doing_en, doing_zh);
  }

  // All pages in one step, because the mutex keeps this store's connection
  // for the copy, which is then one consistent snapshot. Other processes
  // keep reading and writing through WAL meanwhile. A busy target (another
  // program has it open) is retried for about the busy timeout.
  const auto waits = impl_->options.busy_timeout.count() / 20 + 1;
  int rc = SQLITE_OK;
  for (std::int64_t wait = 0;; ++wait) {
    rc = sqlite3_backup_step(backup, -1);
    const bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
    if (rc != SQLITE_OK && !(busy && wait < waits)) {
      break;
    }
    if (busy) {
      sqlite3_sleep(20);
    }
  }
  const int finish = sqlite3_backup_finish(backup);

  if (rc != SQLITE_DONE) {
    sql::raise(target.get(), rc, doing_en, doing_zh);
  }
  if (finish != SQLITE_OK) {
    sql::raise(target.get(), finish, doing_en, doing_zh);
  }
}

SqliteStore::Batch::Batch(SqliteStore& store) : store_(store) {
  Impl& impl = *store_.impl_;
  const std::lock_guard<std::mutex> lock(impl.mutex);
  if (impl.in_batch) {
    throw Error(ErrorCode::invalid_argument, "a batch is already open on this store; commit it first",
                "该存储已有一个未提交的批次；请先提交");
  }
  impl.begin_immediate("starting a batch", "开始批量写入");
  impl.batch_lost = false;
  try {
    impl.batch_outbox_floor =
        impl.db->query_integer("SELECT coalesce(max(position), 0) FROM outbox", "starting a batch", "开始批量写入");
  } catch (...) {
    impl.db->exec_code("ROLLBACK");
    throw;
  }
  impl.in_batch = true;
}

SqliteStore::Batch::~Batch() {
  if (!open_) {
    return;
  }
  Impl& impl = *store_.impl_;
  const std::lock_guard<std::mutex> lock(impl.mutex);
  impl.db->exec_code("ROLLBACK");
  impl.in_batch = false;
}

void SqliteStore::Batch::commit() {
  Impl& impl = *store_.impl_;
  const std::lock_guard<std::mutex> lock(impl.mutex);
  if (!open_) {
    throw Error(ErrorCode::invalid_argument, "the batch was already committed", "该批次已提交");
  }
  if (impl.batch_lost) {
    impl.in_batch = false;
    impl.batch_lost = false;
    open_ = false;
    Impl::raise_batch_lost();
  }
  impl.db->exec("COMMIT", "committing a batch", "提交批量写入");
  open_ = false;
  impl.in_batch = false;
}

std::unique_ptr<Engine> open_engine(const std::string& database_path, const Calendar& calendar, Notifier& notifier,
                                    const Clock& clock, EngineOptions options, SqliteOptions sqlite_options) {
  auto store = std::make_unique<SqliteStore>(database_path, sqlite_options);
  return std::make_unique<Engine>(calendar, std::move(store), notifier, clock, std::move(options));
}

}  // namespace jishiban
