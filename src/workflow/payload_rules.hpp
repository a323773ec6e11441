// Which payload fields each command reads and requires, and their checks.
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
// to the same category. Messages name fields, never the requester's contact
// data. `ticket` is the ticket before the command (empty for a new one).
void validate_payload(const Command& command, const Ticket& ticket);

// merge_duplicate: the ticket named by duplicate_of must exist, differ from
// this one, and not be merged itself. Throws Error{not_found} or
// Error{invalid_argument}.
void validate_duplicate_target(const Command& command, const Ticket& ticket, const std::optional<Ticket>& target);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_WORKFLOW_PAYLOAD_RULES_HPP
