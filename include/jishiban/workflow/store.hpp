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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // Appends `event` to the ticket's history and replaces the current ticket
  // with `after`, both at once or not at all. `after` is the ticket that
  // applying `event` to the stored one gives, as Engine and fold compute it,
  // so a store may keep either. `expected_version` is the
  // ticket's version before the event, 0 for a new ticket. Throws
  // Error{conflict} naming the ticket and both versions when the stored
  // version differs (or, for 0, when the ticket exists). The caller
  // guarantees event.ticket_id == after.id and
  // after.version == expected_version + 1 == event.sequence.
  virtual void append(const Event& event, const Ticket& after, std::uint64_t expected_version) = 0;

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
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_STORE_HPP
