// InMemoryStore: a TicketStore that keeps everything in memory.
//
// For tests, benchmarks, replays and hosts that keep their own durable copy:
// everything, the outbox included, is lost with the process.
// Each ticket and its history are kept in a compact binary form (about 40
// bytes per event plus its text) and decoded on request. The 256 most
// recently changed tickets are also kept decoded. A mutex makes every call
// safe from several threads.
#ifndef JISHIBAN_WORKFLOW_IN_MEMORY_STORE_HPP
#define JISHIBAN_WORKFLOW_IN_MEMORY_STORE_HPP

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "jishiban/workflow/store.hpp"

namespace jishiban {

class InMemoryStore final : public TicketStore {
 public:
  InMemoryStore();
  ~InMemoryStore() override;

  InMemoryStore(const InMemoryStore&) = delete;
  InMemoryStore& operator=(const InMemoryStore&) = delete;

  using TicketStore::append;
  void append(const StoreWrite& write) override;
  std::optional<std::string> find_by_idempotency_key(std::string_view key) const override;
  std::uint64_t idempotency_key_sequence(std::string_view key) const override;
  std::vector<OutboxEntry> pending_notifications(Instant now, std::size_t limit) const override;
  void mark_delivered(std::string_view notification_id, Instant at) override;
  void record_failed_delivery(std::string_view notification_id, Instant at, Instant retry_at) override;
  std::size_t undelivered_notifications() const override;
  std::uint64_t revision() const override;
  std::vector<TicketChange> changed_since(std::uint64_t& since) const override;
  std::optional<Ticket> load(std::string_view ticket_id) const override;
  bool load_into(std::string_view ticket_id, Ticket& out) const override;
  std::vector<Event> history(std::string_view ticket_id) const override;
  std::int64_t next_sequence(int year) const override;
  std::vector<std::string> find_by_state(TicketState state) const override;
  std::vector<std::string> find_by_unit(std::string_view unit) const override;
  std::vector<std::string> find_due_before(Instant until) const override;
  std::vector<std::string> open_tickets() const override;
  std::size_t size() const override;
  void for_each_ticket(const std::function<void(const Ticket&)>& visit) const override;

  // One ticket's stored data; opaque outside the library.
  struct Record;

 private:

  // Orders of the secondary indexes, which hold pointers to records. Ties
  // break by ticket number: year, then sequence, then id, so "T9" comes
  // before "T10" under a pattern without zero padding.
  struct ByState {
    using is_transparent = void;
    bool operator()(const Record* a, const Record* b) const noexcept;
    bool operator()(const Record* a, TicketState b) const noexcept;
    bool operator()(TicketState a, const Record* b) const noexcept;
  };
  struct ByUnit {
    using is_transparent = void;
    bool operator()(const Record* a, const Record* b) const noexcept;
    bool operator()(const Record* a, std::string_view b) const noexcept;
    bool operator()(std::string_view a, const Record* b) const noexcept;
  };
  struct ByDue {
    using is_transparent = void;
    bool operator()(const Record* a, const Record* b) const noexcept;
    bool operator()(const Record* a, Instant b) const noexcept;
    bool operator()(Instant a, const Record* b) const noexcept;
  };

  // Maximum number of records that keep their current ticket decoded.
  static constexpr std::size_t kCachedTickets = 256;

  void link_newest(Record* record) noexcept;
  void unlink(Record* record) noexcept;
  void update_cached(Record& record, const Event& event, const Ticket& after) noexcept;
  std::list<OutboxEntry>::iterator find_in_outbox(std::string_view notification_id);
  // Gives the record the next revision and moves it to the end of the
  // revision list.
  void mark_written(Record* record) noexcept;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Record>> records_;
  // The records that contain a decoded ticket, from most to least recently
  // changed.
  Record* newest_ = nullptr;
  Record* oldest_ = nullptr;
  std::size_t cached_ = 0;
  // The highest ticket sequence number appended, by year.
  std::map<int, std::int64_t> last_sequence_;
  // Secondary indexes, kept in step with records_ by append(). by_due_
  // contains the open tickets that have a running, unpaused clock, ordered by
  // the earliest due instant among those clocks.
  std::set<Record*, ByState> by_state_;
  std::set<Record*, ByUnit> by_unit_;
  std::set<Record*, ByDue> by_due_;

  // Ticket ids by idempotency key.
  // Each key's ticket and the sequence number of the event that used it.
  std::map<std::string, std::pair<std::string, std::uint64_t>, std::less<>> keys_;
  // The latest revision, and the record written last, the end of the
  // records' list in revision order.
  std::uint64_t revision_ = 0;
  Record* last_written_ = nullptr;

  // Undelivered notifications in the order they were stored. Delivered ones
  // are removed.
  std::list<OutboxEntry> outbox_;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_IN_MEMORY_STORE_HPP
