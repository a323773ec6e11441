// Who may do what: the role × action matrix, unit scoping, and who sees the
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

// Whether the role may give the command at all, ignoring units. False for
// every event type that is not a command.
bool role_may(Role role, EventType type) noexcept;

// Throws Error{forbidden} naming the actor's id, role and unit, the command
// and the ticket number when the actor may not give the command on the
// ticket. The message never contains requester contact data.
void authorize(const Actor& actor, EventType type, const Ticket& ticket);

// Whether the actor sees the requester's contact data on the ticket: office
// roles, the lead unit's leader and the named handler. An actor without an
// id sees nothing.
bool sees_contact_data(const Actor& actor, const Ticket& ticket) noexcept;

// The ticket as the actor may see it: a copy whose requester name, company,
// address, phone and e-mail are masked unless sees_contact_data holds.
Ticket view_for(const Actor& actor, const Ticket& ticket);

// The ticket with its contact data masked, for reports and published lists.
Ticket masked(const Ticket& ticket);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_AUTHORIZATION_HPP
