// Histories: folding events into a ticket, and their JSON form.
#ifndef JISHIBAN_WORKFLOW_HISTORY_HPP
#define JISHIBAN_WORKFLOW_HISTORY_HPP

#include <string>
#include <string_view>
#include <vector>

#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

// Applies the events in order, through the same state machine as the engine,
// and returns the ticket they describe. Throws Error{invalid_data} naming the
// event when the history is not one the engine can write: the first event is
// not register_request, a sequence number is out of order, an event is
// dated before the one it follows, a ticket id differs, an event is not
// allowed in the state it meets, an SLA event lacks its clock or names a
// clock the ticket does not have, or an enumeration holds a value cast from
// an integer outside it.
Ticket fold(const std::vector<Event>& events);

// Applies one more event to `ticket`, with the same checks as fold. On error
// `ticket` is unchanged.
void apply(Ticket& ticket, const Event& event);

// JSON objects with every field, in a fixed order, instants in ISO 8601 at
// UTC+08:00, on one line. Equal values give equal text. The one exception
// is "source_id", which is left out when the ticket or payload has none.
std::string to_json(const Ticket& ticket);
std::string to_json(const Event& event);

// Parses the form written by to_json(const Event&). Throws
// Error{invalid_data} naming `source` and the bad entry.
Event event_from_json(std::string_view json_text, std::string_view source);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_HISTORY_HPP
