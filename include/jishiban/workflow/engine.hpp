// Engine: runs the 123 workflow on tickets.
//
// The engine validates each command (authorization, payload, state), computes
// the SLA clocks on its calendar, appends exactly one event to the store and
// returns the ticket as the actor may view it. It reads time only from the
// Clock it is given and starts no threads. The host calls poll() at the
// instant next_wakeup() returns, and poll() records SLA warnings, breaches and escalations as events.
//
// ATOMICITY
//
// A command works on a copy of the stored ticket and appends the event and
// the new ticket in one store call. When anything fails before that call
// returns (a bad payload, a calendar error, a store conflict), the stored
// ticket is exactly as before and the call throws jishiban::Error.
//
// CONCURRENCY
//
// Calls may come from several threads. Two commands on the same ticket race
// through the store's version check: one wins, the other gets
// ErrorCode::conflict and changes nothing. The same holds for engines in
// several processes sharing one SqliteStore database. poll() and
// next_wakeup() first ask the store which tickets changed since they last
// looked, so one engine records the SLA events of clocks another engine
// started or moved. Each SLA event is recorded once, whichever engine polls
// first.
#ifndef JISHIBAN_WORKFLOW_ENGINE_HPP
#define JISHIBAN_WORKFLOW_ENGINE_HPP

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/notification_templates.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/policy.hpp"
#include "jishiban/workflow/store.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

struct EngineOptions {
  Policy policy = Policy::standard();

  // Receives one English line per command and per SLA event:
  //   accepted claim on "PW2026000001" by "u17" (unit_leader) -> in_progress (PW2026000001)
  //   rejected ... : [jishiban.<code>] <message>   (a jishiban::Error)
  //   failed ... : an exception that is not a jishiban::Error
  //   recorded sla_breach on PW2026000001 (handling clock due ...)
  //   notification <id> not delivered by the notifier; kept for retry
  // The last is logged once per notification. Lines never contain requester
  // contact data. Exceptions the callback throws are ignored, so a failing
  // log never makes a stored command look failed or replaces a command's own
  // error. Calls come from whichever thread runs the command or poll, several
  // at once when the engine is used from several threads, so the callback
  // must be thread-safe. Empty for no log.
  std::function<void(std::string_view line)> log;

  // Whether the engine offers the store's outbox to its notifier after each
  // command and poll. False leaves every notification in the outbox for a
  // separate deliverer, such as deliver_pending (delivery.hpp) in another
  // process or `jishiban notify`; the notifier is then never called.
  bool deliver_notifications = true;

  // The host's wording of notifications, such as a file that
  // load_notification_templates read. Templates it leaves out keep their
  // built-in texts, and an empty set keeps all of them. A host's text can
  // add requester contact data only where notifier.hpp allows it.
  NotificationTemplates notification_templates;
};

class Engine {
 public:
  // The calendar is copied (copies share their tables). The store, notifier
  // and clock must outlive the engine. Reads the open tickets of the store
  // to schedule their SLA events. Throws Error{invalid_argument} when the
  // policy is invalid.
  Engine(const Calendar& calendar, TicketStore& store, Notifier& notifier, const Clock& clock,
         EngineOptions options = {});

  // The same with a store the engine owns, such as the SQLite store that
  // open_engine (jishiban/store/sqlite_store.hpp) opens from a path. Throws
  // Error{invalid_argument} when `store` is null.
  Engine(const Calendar& calendar, std::unique_ptr<TicketStore> store, Notifier& notifier, const Clock& clock,
         EngineOptions options = {});
  ~Engine();

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one command at the clock's current instant and returns the ticket
  // after it, as command.actor may see it (see view_for). Throws Error with
  // one of these codes, or whatever the store throws:
  //   not_found            no such ticket
  //   forbidden            the role or unit does not allow the command
  //   invalid_argument     a payload field is missing, misplaced or malformed
  //   invalid_transition   the ticket's state does not allow the command
  //   conflict             expected_version is stale, or a concurrent change won
  //   calendar_not_covered, out_of_range
  //                        the calendar cannot compute a deadline
  Ticket execute(const Command& command);

  // As above, and the event takes the command's payload instead of copying
  // it. On return or throw, command.payload is valid but unspecified.
  Ticket execute(Command&& command);

  // Returns the ticket as `actor` may view it. Throws Error{not_found}.
  Ticket view(const Actor& actor, std::string_view ticket_id) const;

  // Returns the commands `actor` may give on the ticket now: allowed by the role,
  // the unit and the ticket's state, with the state machine's guards. A host
  // shows these as the available actions. A command listed here can still
  // be rejected for its payload. Throws Error{not_found}.
  std::vector<EventType> available_commands(const Actor& actor, std::string_view ticket_id) const;

  // Returns the ticket's events. Requester contact data in the register event
  // is masked unless `actor` may view it. Throws Error{not_found}.
  std::vector<Event> history(const Actor& actor, std::string_view ticket_id) const;

  // Records every SLA event due at or before `now` (warnings, breaches,
  // escalations) and sends their notifications. Each is recorded once per
  // deadline: a change that moves the deadline later re-arms the warning
  // and the breach, and an escalation is recorded at most once per clock.
  // Returns the events appended, in order. When the store fails, poll
  // throws, and the event it was recording stays due for the next poll;
  // events recorded before the failure are stored but not returned.
  // poll() uses the clock's instant.
  std::vector<Event> poll(Instant now);
  std::vector<Event> poll();

  // The earliest instant at which poll() has something to record, or
  // std::nullopt when no running clock has anything left to fire.
  std::optional<Instant> next_wakeup() const;

  // Replaces the calendar, for instance after loading next year's holiday
  // notice, and recomputes every provisional clock of the open tickets on
  // it. Each changed clock is recorded as a deadline_recomputed event.
  // Returns the events appended.
  std::vector<Event> replace_calendar(const Calendar& calendar);

  // Returns the number of notifications in the store's outbox that no
  // notifier has accepted yet. They are offered again on the next command or
  // poll.
  std::size_t undelivered_notifications() const;

  // Offers the notifications of the store's outbox that are due at `now` to
  // `notifier`, as deliver_pending does, for a host that delivers on its own
  // schedule (EngineOptions::deliver_notifications = false). Deliveries of
  // one engine run one at a time, its own included, so two threads never
  // offer the same notification: a call waits for one running on another
  // thread. Throws Error{invalid_argument} when the notifier of a delivery
  // running on this thread calls it again, which would otherwise wait for
  // itself.
  DeliveryResult deliver(Notifier& notifier, Instant now, const DeliveryPolicy& policy = {});

  // The store the engine reads and writes.
  TicketStore& store() const noexcept;

  const Policy& policy() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_ENGINE_HPP
