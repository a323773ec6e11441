// Notifications as one JSON object, the form JsonLinesNotifier writes and
// the bindings hand to a host's delivery callback:
//
//   {"id": "...", "kind": "dispatched", "ticket_id": "PW2026000001",
//    "sequence": 3, "at": "2026-03-02T09:05:00+08:00",
//    "recipient_role": "unit_leader", "recipient_unit": "投资促进局",
//    "message_en": "...", "message_zh": "..."}
//
// "at" is in UTC+08:00, or decimal Unix seconds for an instant outside the
// years ISO 8601 text here can carry.
#ifndef JISHIBAN_WORKFLOW_NOTIFICATION_JSON_HPP
#define JISHIBAN_WORKFLOW_NOTIFICATION_JSON_HPP

#include <string>

#include "jishiban/workflow/notifier.hpp"

namespace jishiban {

// One line of JSON without a trailing newline. Invalid UTF-8 in a text is
// replaced by U+FFFD rather than thrown: the engine's own texts are valid,
// and a notification should still reach its recipient.
std::string to_json(const Notification& notification);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_NOTIFICATION_JSON_HPP
