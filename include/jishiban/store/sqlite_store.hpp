// SqliteStore: the embedded default TicketStore, one SQLite database file.
//
// Every accepted command is one write transaction (BEGIN IMMEDIATE) that
// appends the event, replaces the ticket's state row, advances the year's
// ticket-number counter, keeps the idempotency key and queues the
// notifications in the outbox. The database runs in WAL mode, where readers
// do not wait for the writer, and several processes may open the same file.
//
// DURABILITY
//
// With Synchronous::full (the default) a command that returned is on disk
// and survives a power failure. With Synchronous::normal it survives a
// crash of the process but the last commands before a power failure may be
// lost. Events are never updated or deleted, and an archived ticket's rows
// are read-only. See docs/storage.md.
#ifndef JISHIBAN_STORE_SQLITE_STORE_HPP
#define JISHIBAN_STORE_SQLITE_STORE_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/store.hpp"

namespace jishiban {

// SQLite's PRAGMA synchronous in WAL mode.
enum class Synchronous {
  full,    // every commit waits for fsync of the write-ahead log
  normal,  // commits do not wait for fsync; checkpoints do
  off,     // nothing waits for fsync: for tests and scratch copies only, because
           // an operating-system crash or power failure may corrupt the file
};

struct SqliteOptions {
  Synchronous synchronous = Synchronous::full;

  // How long one attempt waits for another connection's write lock.
  std::chrono::milliseconds busy_timeout{2000};

  // Further attempts after a timed-out one, each after a random pause of up
  // to 50 ms times the attempt number. When all fail the call throws
  // Error{busy} and has written nothing.
  int busy_retries = 4;

  // Create the file when it does not exist.
  bool create = true;
};

// The schema version this library writes, kept in PRAGMA user_version.
inline constexpr int kSqliteSchemaVersion = 3;

// The result of SqliteStore::check_integrity.
struct IntegrityReport {
  std::size_t tickets_checked = 0;
  std::size_t events_checked = 0;

  // One English line per problem, naming the ticket. Empty when sound.
  std::vector<std::string> problems;

  // The same problems in Chinese, in the same order.
  std::vector<std::string> problems_zh;

  bool ok() const noexcept { return problems.empty(); }
};

class SqliteStore final : public TicketStore {
 public:
  // Opens or creates the database at `path` and brings its schema to
  // kSqliteSchemaVersion. Before changing anything it checks the file, and
  // throws, leaving the file unchanged:
  //   invalid_data  not a SQLite database, truncated, another program's
  //                 database, or a schema newer than this library's
  //   io_error      cannot be opened for writing (read-only file or folder)
  //   busy          another process kept the write lock during set-up
  explicit SqliteStore(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  using TicketStore::append;
  // Also throws Error{invalid_transition} for an archived ticket and
  // Error{busy} when the write lock stays taken.
  void append(const StoreWrite& write) override;
  std::optional<Ticket> load(std::string_view ticket_id) const override;
  std::vector<Event> history(std::string_view ticket_id) const override;
  std::int64_t next_sequence(int year) const override;
  std::vector<std::string> find_by_state(TicketState state) const override;
  std::vector<std::string> find_by_unit(std::string_view unit) const override;
  std::vector<std::string> find_due_before(Instant until) const override;
  std::vector<std::string> open_tickets() const override;
  std::size_t size() const override;
  // One read transaction and one SELECT over the tickets' snapshot column,
  // decoding each row as it is read. Other connections keep writing, and
  // their commits after the scan began are not seen.
  void for_each_ticket(const std::function<void(const Ticket&)>& visit) const override;
  std::optional<std::string> find_by_idempotency_key(std::string_view key) const override;
  std::uint64_t idempotency_key_sequence(std::string_view key) const override;
  std::vector<OutboxEntry> pending_notifications(Instant now, std::size_t limit) const override;
  void mark_delivered(std::string_view notification_id, Instant at) override;
  void record_failed_delivery(std::string_view notification_id, Instant at, Instant retry_at) override;
  std::size_t undelivered_notifications() const override;
  std::uint64_t revision() const override;
  std::vector<TicketChange> changed_since(std::uint64_t& since) const override;

  // The ids of the `limit` open tickets whose running clocks fall due
  // first, earliest first.
  std::vector<std::string> nearest_due(std::size_t limit) const;

  // The ticket and its full history as one JSON object:
  // {"ticket": <to_json(Ticket)>, "events": [<to_json(Event)>, ...]}.
  // Throws Error{not_found}.
  std::string export_history(std::string_view ticket_id) const;

  // Checks that each ticket's state row equals the fold of its events, that
  // the row's indexed columns match the ticket, that sequence numbers have
  // no gaps, and that each year's counter equals its highest ticket number.
  IntegrityReport check_integrity() const;

  // Copies the live database to `target_path` with SQLite's online backup
  // API while other connections keep working. The copy is a consistent
  // snapshot. Throws Error{io_error} naming the target, and
  // Error{invalid_argument} when the target is the database or one of its
  // -wal, -shm or -journal files, or when a Batch is open on this store.
  void backup(const std::string& target_path) const;

  // The database file's path as given.
  const std::string& path() const noexcept;

  // Groups many writes, such as a day's intake, into one transaction: one
  // fsync instead of one per command. While a batch is open every write of
  // this store joins it, each in a savepoint, so a failed command still
  // changes nothing. Other processes wait for the write lock until the batch
  // ends, and nothing in it is durable before commit(). Notifications stored
  // in the batch are offered for delivery only after commit().
  class Batch {
   public:
    // Takes the write lock (BEGIN IMMEDIATE). Throws Error{busy} as append
    // does, and Error{invalid_argument} when a batch is already open.
    explicit Batch(SqliteStore& store);
    // Rolls back what commit() did not store.
    ~Batch();

    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // Stores every write of the batch at once.
    void commit();

   private:
    SqliteStore& store_;
    bool open_ = true;
  };

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// An engine on its own SqliteStore at `database_path`: the default for a
// host that names only a database. The store's errors are those of the
// SqliteStore constructor.
std::unique_ptr<Engine> open_engine(const std::string& database_path, const Calendar& calendar, Notifier& notifier,
                                    const Clock& clock, EngineOptions options = {},
                                    SqliteOptions sqlite_options = {});

}  // namespace jishiban

#endif  // JISHIBAN_STORE_SQLITE_STORE_HPP
