// The workflow's state machine and the steps its transitions run. Private to
// the library: the machine is built with Boost.MSM, which compiles only as
// C++17, so it stays out of the public headers.
#ifndef JISHIBAN_SRC_WORKFLOW_MACHINE_HPP
#define JISHIBAN_SRC_WORKFLOW_MACHINE_HPP

#include <string>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/policy.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban::detail {

// Inputs a live step needs to compute clocks. Replays pass none and read the
// clocks from the event instead.
struct LiveInputs {
  const Calendar* calendar = nullptr;
  const Policy* policy = nullptr;
};

// Reason a guard rejected an event, in English and Chinese.
struct Rejection {
  std::string en;
  std::string zh;
};

// Runs `event` through the state machine on `ticket`. With `live`, the step
// first computes event.computed; without it, it applies event.computed as
// recorded. Throws Error{invalid_transition} naming the state, the event and
// the reason when the machine rejects the event. Any exception of a step
// propagates unchanged. On a throw `ticket` and `event` may be partly
// changed, so callers pass copies and keep them only on success.
void run_machine(Ticket& ticket, Event& event, const LiveInputs* live);

// Replays a recorded event on `ticket`: the machine and step with the clocks
// the event carries. Throws as run_machine, and likewise may leave `ticket`
// partly changed on a throw. The event is not changed.
void replay_machine(Ticket& ticket, const Event& event);

// Applies a recorded event of any type to `ticket` in place: a command
// through replay_machine, an SLA event or deadline_recomputed through
// apply_clock_event. No checks of ticket id or sequence.
void apply_in_place(Ticket& ticket, const Event& event);

// Returns whether the machine accepts `event` on `ticket` now, guards
// included, without changing either. On false, `why` (if given) receives the
// guard's reason, which is empty when no row matches.
bool machine_allows(const Ticket& ticket, const Event& event, Rejection* why = nullptr);

// Runs the step of every transition: computes the clocks when live, then
// applies the event's fields and clocks to the ticket and moves it to `target`.
void apply_step(Ticket& ticket, Event& event, TicketState target, const LiveInputs* live);

// Returns a new clock of `kind` started at `start`, computed on the live calendar.
SlaClock make_clock(SlaClockKind kind, Instant start, const TargetSpec& target, const LiveInputs& live);

// Recomputes the clock's instants on the live calendar from its start,
// target, approved extensions and finished pauses. The breach and warning
// flags re-arm when their instants move later and are still after `now`.
SlaClock recompute_clock(const SlaClock& clock, const LiveInputs& live, Instant now);

// Creates the ticket of a register_request event.
Ticket start_ticket(const Event& event);

// Applies an event the engine records without the machine: the SLA events
// and deadline_recomputed, which change clocks only.
void apply_clock_event(Ticket& ticket, const Event& event);

// Guards: each returns whether the event may go ahead on the ticket and, on
// false, stores the reason in `why`. The machine and the tests share them.
bool guard_category(const Ticket& ticket, Category category, Rejection& why);
bool guard_assisting_done(const Ticket& ticket, Rejection& why);
bool guard_assisting_missing(const Ticket& ticket, Rejection& why);
bool guard_has_proposal(const Ticket& ticket, Rejection& why);
// An assisting unit, named by the event's actor, gives one opinion.
bool guard_first_opinion(const Ticket& ticket, const std::string& unit, Rejection& why);
bool guard_extension_pending(const Ticket& ticket, bool expected, Rejection& why);
bool guard_suspension_pending(const Ticket& ticket, bool expected, Rejection& why);
bool guard_last_visit_dissatisfied(const Ticket& ticket, Rejection& why);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_WORKFLOW_MACHINE_HPP
