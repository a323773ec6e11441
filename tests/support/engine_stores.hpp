// The ticket stores the engine tests run on: a factory that gives each test
// an empty store of either implementation, GoogleTest names for the two
// kinds, and a store decorator that makes append() fail on request.
//
// A parameterised suite runs on both stores with
//   INSTANTIATE_TEST_SUITE_P(Stores, Suite,
//                            testing::Values(StoreKind::in_memory, StoreKind::sqlite),
//                            store_kind_name);
#ifndef JISHIBAN_TESTS_SUPPORT_ENGINE_STORES_HPP
#define JISHIBAN_TESTS_SUPPORT_ENGINE_STORES_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/store.hpp"
#include "temp_dir.hpp"

namespace jishiban_test {

enum class StoreKind { in_memory, sqlite };

// Prints the kind as "InMemory" or "Sqlite" in failure messages.
// GoogleTest finds it by argument-dependent lookup.
inline void PrintTo(StoreKind kind, std::ostream* out) {
  *out << (kind == StoreKind::in_memory ? "InMemory" : "Sqlite");
}

// Names each instance of a test after its store for INSTANTIATE_TEST_SUITE_P,
// so --gtest_filter='*Sqlite*' selects the SQLite half.
inline std::string store_kind_name(const testing::TestParamInfo<StoreKind>& info) {
  return testing::PrintToString(info.param);
}

// A TicketStore that forwards every call to another store.
class ForwardingStore : public jishiban::TicketStore {
 public:
  explicit ForwardingStore(jishiban::TicketStore& inner) : inner_(inner) {}

  using jishiban::TicketStore::append;
  void append(const jishiban::StoreWrite& write) override { inner_.append(write); }
  std::uint64_t idempotency_key_sequence(std::string_view key) const override {
    return inner_.idempotency_key_sequence(key);
  }
  std::optional<std::string> find_by_idempotency_key(std::string_view key) const override {
    return inner_.find_by_idempotency_key(key);
  }
  std::vector<jishiban::OutboxEntry> pending_notifications(jishiban::Instant now, std::size_t limit) const override {
    return inner_.pending_notifications(now, limit);
  }
  void mark_delivered(std::string_view id, jishiban::Instant at) override { inner_.mark_delivered(id, at); }
  void record_failed_delivery(std::string_view id, jishiban::Instant at, jishiban::Instant retry_at) override {
    inner_.record_failed_delivery(id, at, retry_at);
  }
  std::size_t undelivered_notifications() const override { return inner_.undelivered_notifications(); }
  std::uint64_t revision() const override { return inner_.revision(); }
  std::vector<jishiban::TicketChange> changed_since(std::uint64_t& since) const override {
    return inner_.changed_since(since);
  }
  std::optional<jishiban::Ticket> load(std::string_view ticket_id) const override { return inner_.load(ticket_id); }
  bool load_into(std::string_view ticket_id, jishiban::Ticket& out) const override {
    return inner_.load_into(ticket_id, out);
  }
  std::vector<jishiban::Event> history(std::string_view ticket_id) const override {
    return inner_.history(ticket_id);
  }
  std::int64_t next_sequence(int year) const override { return inner_.next_sequence(year); }
  std::vector<std::string> find_by_state(jishiban::TicketState state) const override {
    return inner_.find_by_state(state);
  }
  std::vector<std::string> find_by_unit(std::string_view unit) const override { return inner_.find_by_unit(unit); }
  std::vector<std::string> find_due_before(jishiban::Instant until) const override {
    return inner_.find_due_before(until);
  }
  std::vector<std::string> open_tickets() const override { return inner_.open_tickets(); }
  std::size_t size() const override { return inner_.size(); }
  void for_each_ticket(const std::function<void(const jishiban::Ticket&)>& visit) const override {
    inner_.for_each_ticket(visit);
  }

 private:
  jishiban::TicketStore& inner_;
};

// A SqliteStore on a new database file in a scratch folder of its own. The
// folder and the file in it are removed when the store is destroyed.
class ScratchSqliteStore final : public ForwardingStore {
 public:
  ScratchSqliteStore() : ScratchSqliteStore(std::make_unique<Files>()) {}

 private:
  struct Files {
    // Declared before the store, so the database is closed before the
    // folder is removed.
    TempDir folder;
    jishiban::SqliteStore store{folder.file("tickets.db"), options()};

    // With Synchronous::off nothing waits for fsync, not even creating the
    // schema or the checkpoint at close. These tests check the workflow on
    // the store, and need no durability against power loss; the crash tests
    // under tests/store use Synchronous::full.
    static jishiban::SqliteOptions options() {
      jishiban::SqliteOptions options;
      options.synchronous = jishiban::Synchronous::off;
      return options;
    }
  };

  explicit ScratchSqliteStore(std::unique_ptr<Files> files) : ForwardingStore(files->store), files_(std::move(files)) {}

  std::unique_ptr<Files> files_;
};

// A new, empty store of `kind`.
inline std::unique_ptr<jishiban::TicketStore> make_store(StoreKind kind) {
  if (kind == StoreKind::in_memory) {
    return std::make_unique<jishiban::InMemoryStore>();
  }
  return std::make_unique<ScratchSqliteStore>();
}

// A store that forwards every call to another one, except that append()
// throws the configured fault once `appends_before_fault` more appends
// have gone through. Safe to call from several threads.
class FaultyStore final : public ForwardingStore {
 public:
  enum class Fault { none, library_error, runtime_error };

  static constexpr const char* kLibraryMessage = "the ticket database rejected the write";
  static constexpr const char* kRuntimeMessage = "the ticket database connection was reset";

  explicit FaultyStore(jishiban::TicketStore& inner) : ForwardingStore(inner) {}

  // Sets the fault that append() throws after `appends_before_fault` more
  // appends. Fault::library_error throws Error{io_error} with
  // kLibraryMessage, and Fault::runtime_error throws std::runtime_error
  // with `runtime_message`.
  void fail_appends(Fault fault, int appends_before_fault = 0, std::string runtime_message = kRuntimeMessage) {
    const std::lock_guard<std::mutex> lock(mutex_);
    fault_ = fault;
    appends_before_fault_ = appends_before_fault;
    runtime_message_ = std::move(runtime_message);
  }

  using ForwardingStore::append;
  void append(const jishiban::StoreWrite& write) override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (fault_ != Fault::none && appends_before_fault_ == 0) {
        if (fault_ == Fault::library_error) {
          throw jishiban::Error(jishiban::ErrorCode::io_error, kLibraryMessage, "工单数据库拒绝写入");
        }
        throw std::runtime_error(runtime_message_);
      }
      if (appends_before_fault_ > 0) {
        --appends_before_fault_;
      }
    }
    ForwardingStore::append(write);
  }

 private:
  std::mutex mutex_;
  Fault fault_ = Fault::none;
  int appends_before_fault_ = 0;
  std::string runtime_message_ = kRuntimeMessage;
};

}  // namespace jishiban_test

#endif  // JISHIBAN_TESTS_SUPPORT_ENGINE_STORES_HPP
