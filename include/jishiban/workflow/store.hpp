// TicketStore: where the engine keeps tickets and their histories.
//
// The engine talks to storage only through this interface. A store keeps, for
// each ticket, the append-only list of events and the current ticket (the
// fold of those events), and runs the queries the engine and reports need.
// Implementations must be safe to call from several threads at once.
#ifndef JISHIBAN_WORKFLOW_STORE_HPP
#define JISHIBAN_WORKFLOW_STORE_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

// Everything one accepted command or SLA event writes. A store writes all of
// it in one transaction, or nothing.
struct StoreWrite {
  const Event& event;

  // The ticket that applying `event` to the stored one gives, as Engine and
  // fold compute it, so a store may keep either.
  const Ticket& after;

  // The ticket's version before the event, 0 for a new ticket.
  std::uint64_t expected_version = 0;

  // The host's key for the command, such as an e-mail's Message-ID or a
  // call id for a new ticket. Empty for none. A store keeps it with the
  // ticket and rejects a second write with the same key (conflict).
  std::string_view idempotency_key;

  // Notifications to keep in the outbox until they are delivered. May be
  // nullptr for none. The store may move from them.
  std::vector<Notification>* notifications = nullptr;
};

// A notification waiting in a store's outbox, with its delivery record.
struct OutboxEntry {
  // Shared and never changed, so handing an entry out copies no text.
  std::shared_ptr<const Notification> notification;

  // Failed deliveries so far.
  int attempts = 0;

  // The earliest instant to offer it again.
  Instant next_attempt_at;
};

// Throws Error{invalid_argument} unless `key` is a valid idempotency key:
// 1 to 256 bytes of UTF-8 without control characters (C0, DEL or C1). The message does not
// quote the key.
void validate_idempotency_key(std::string_view key);

// A ticket written since a revision, as TicketStore::changed_since lists it.
struct TicketChange {
  std::string ticket_id;

  // The ticket's version after the write.
  std::uint64_t version = 0;
};

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // Stores `write` in one step: appends the event to the ticket's history,
  // replaces the current ticket with `after`, and keeps the idempotency key
  // and the notifications. Throws Error{conflict} naming the ticket and both
  // versions when the stored version differs from expected_version (or,
  // for 0, when the ticket exists), and Error{conflict} when the
  // idempotency key belongs to another ticket. Either way nothing is
  // written. The caller guarantees event.ticket_id == after.id and
  // after.version == expected_version + 1 == event.sequence.
  virtual void append(const StoreWrite& write) = 0;

  // The same, without idempotency key or notifications.
  void append(const Event& event, const Ticket& after, std::uint64_t expected_version) {
    append(StoreWrite{event, after, expected_version, {}, nullptr});
  }

  // The id of the ticket whose write used `key`, or std::nullopt.
  virtual std::optional<std::string> find_by_idempotency_key(std::string_view key) const = 0;

  // The sequence number of the event whose write used `key`, 1 for a
  // registration. Returns 0 when no write used it or when the store does
  // not record it. The engine then treats the key as the registration's.
  virtual std::uint64_t idempotency_key_sequence(std::string_view key) const {
    static_cast<void>(key);
    return 0;
  }

  // Undelivered notifications due for an attempt at `now`, oldest first, at
  // most `limit`.
  virtual std::vector<OutboxEntry> pending_notifications(Instant now, std::size_t limit) const = 0;

  // Records that the notifier accepted the notification. Unknown ids and
  // notifications already delivered are ignored, because two engines may
  // deliver the same notification.
  virtual void mark_delivered(std::string_view notification_id, Instant at) = 0;

  // Records a failed delivery and the instant to try again.
  virtual void record_failed_delivery(std::string_view notification_id, Instant at, Instant retry_at) = 0;

  // The number of notifications not delivered yet.
  virtual std::size_t undelivered_notifications() const = 0;

  // The store's revision: a number that grows with every write, by any
  // writer, including other processes sharing a database.
  virtual std::uint64_t revision() const = 0;

  // The tickets written after `since`, a value revision() returned, each
  // once with its latest version, oldest write first. Sets `since` to the
  // revision of the last one listed. An engine learns this way of clocks
  // that another engine changed.
  virtual std::vector<TicketChange> changed_since(std::uint64_t& since) const = 0;

  // The current ticket, or std::nullopt when there is none with that id.
  virtual std::optional<Ticket> load(std::string_view ticket_id) const = 0;

  // The current ticket copied into `out`, which saves a move on hot paths.
  // Returns false, leaving `out` unchanged, when there is none with that id.
  virtual bool load_into(std::string_view ticket_id, Ticket& out) const {
    std::optional<Ticket> ticket = load(ticket_id);
    if (!ticket) {
      return false;
    }
    out = std::move(*ticket);
    return true;
  }

  // The ticket's events in order; empty when there is no such ticket.
  virtual std::vector<Event> history(std::string_view ticket_id) const = 0;

  // The next free sequence number of the year: one more than the highest
  // appended so far, so numbers have no gaps.
  virtual std::int64_t next_sequence(int year) const = 0;

  // Ids of tickets in `state`, in ticket-number order.
  virtual std::vector<std::string> find_by_state(TicketState state) const = 0;

  // Ids of tickets whose lead unit is `unit`, in ticket-number order.
  virtual std::vector<std::string> find_by_unit(std::string_view unit) const = 0;

  // Ids of open tickets with a running SLA clock that falls due at or before
  // `until`, earliest due first.
  virtual std::vector<std::string> find_due_before(Instant until) const = 0;

  // Ids of every open ticket, in ticket-number order.
  virtual std::vector<std::string> open_tickets() const = 0;

  // The number of tickets.
  virtual std::size_t size() const = 0;

  // Calls `visit` with each current ticket, in no particular order. The
  // ticket passed is valid only during the call. Exceptions from `visit`
  // end the scan and propagate. Stores may hold their lock during the scan,
  // so `visit` must not call the store. InMemoryStore and SqliteStore scan
  // one consistent snapshot, visit each ticket exactly once and decode one
  // ticket at a time. This default loads the tickets of each state through
  // find_by_state and load, so a ticket whose state changes meanwhile may be
  // visited twice or not at all.
  virtual void for_each_ticket(const std::function<void(const Ticket&)>& visit) const {
    for (std::size_t state = 0; state < ticket_state_count; ++state) {
      for (const std::string& id : find_by_state(static_cast<TicketState>(state))) {
        if (const std::optional<Ticket> ticket = load(id)) {
          visit(*ticket);
        }
      }
    }
  }
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_STORE_HPP
