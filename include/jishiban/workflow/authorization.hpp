// Authorization: the role × action matrix, unit scoping, and access to the
// requester's contact data.
//
// Office roles act on every ticket, each within its own actions. A unit
// leader acts only on tickets whose lead unit is their unit. A handler acts
// only on tickets whose lead unit is their unit and on which they are the
// named handler. Leaders and handlers of an assisting unit (协办单位) only
// submit that unit's opinion. Discipline inspection and report viewers read
// and never act.
#ifndef JISHIBAN_WORKFLOW_AUTHORIZATION_HPP
#define JISHIBAN_WORKFLOW_AUTHORIZATION_HPP

#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

// Returns whether the role may give the command at all, ignoring units. False for
// every event type that is not a command.
bool role_may(Role role, EventType type) noexcept;

// Throws Error{forbidden} naming the actor's id, role and unit, the command
// and the ticket number when the actor may not give the command on the
// ticket. The message never contains requester contact data.
void authorize(const Actor& actor, EventType type, const Ticket& ticket);

// Returns whether authorize would accept the command, without building an
// error.
bool may_act(const Actor& actor, EventType type, const Ticket& ticket) noexcept;

// Returns whether the actor may view the requester's contact data on the
// ticket. Office roles, the lead unit's leader and the named handler may, and
// an actor without an id never may.
bool sees_contact_data(const Actor& actor, const Ticket& ticket) noexcept;

// Returns a copy of the ticket as the actor may view it, with the requester's
// name, company, address, phone and e-mail masked unless sees_contact_data
// returns true.
Ticket view_for(const Actor& actor, const Ticket& ticket);

// Returns a copy of the ticket with its contact data masked, for reports and
// published lists.
Ticket masked(const Ticket& ticket);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_AUTHORIZATION_HPP
