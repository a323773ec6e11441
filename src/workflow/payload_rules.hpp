// Payload rules: the fields each command reads and requires, and their checks.
#ifndef JISHIBAN_SRC_WORKFLOW_PAYLOAD_RULES_HPP
#define JISHIBAN_SRC_WORKFLOW_PAYLOAD_RULES_HPP

#include <optional>

#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban::detail {

// Throws Error{invalid_argument} naming the command and the field when a
// required field is missing or empty, a field the command does not read is
// set, or a value is malformed: invalid UTF-8, a control character in a
// short field, a text over its length limit, an assisting unit repeated or
// equal to the lead unit, extension days outside 1-100, a reclassification
// to the same category, or a channel, category or satisfaction cast from an
// integer outside its enumeration. Messages name fields, never the
// requester's contact data. `ticket` is the ticket before the command (empty
// for a new one).
void validate_payload(const Command& command, const Ticket& ticket);

// Throws Error{invalid_argument} naming the field when the actor's role is
// not a Role value, or its id, name or unit is invalid UTF-8, contains a
// control character or is longer than 256 bytes. The history and the log
// keep these strings. An empty id is left to authorize(), which forbids it.
void validate_actor(const Command& command);

// merge_duplicate: the ticket named by duplicate_of must exist, differ from
// this one, and not be merged itself. Throws Error{not_found} or
// Error{invalid_argument}.
void validate_duplicate_target(const Command& command, const Ticket& ticket, const std::optional<Ticket>& target);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_WORKFLOW_PAYLOAD_RULES_HPP
