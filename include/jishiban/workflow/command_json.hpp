// The JSON form of a Command: how hosts, the C ABI and replay streams give
// commands as text.
//
//   {"type": "claim",
//    "ticket": "PW2026000001",
//    "actor": {"id": "u17", "name": "王建国", "role": "unit_leader", "unit": "规划建设局"},
//    "payload": {"handler_id": "h3", "handler_name": "李敏"},
//    "comment": "", "expected_version": 4, "idempotency_key": "call-8812"}
//
// "type" and "actor" (with "id" and "role") are required. Every other key may
// be left out or given as null, which means no value. Payload keys have the
// names of the event JSON (see history.hpp); instants are RFC 3339 text with
// seconds and an offset. Unknown keys, duplicate keys and wrong types are
// rejected, so a misspelt field never goes unnoticed.
#ifndef JISHIBAN_WORKFLOW_COMMAND_JSON_HPP
#define JISHIBAN_WORKFLOW_COMMAND_JSON_HPP

#include <string>
#include <string_view>

#include "jishiban/workflow/event.hpp"

namespace jishiban {

// One line of JSON with the keys that hold a value, in a fixed order. Equal
// commands give equal text, and command_from_json reads it back equal.
std::string to_json(const Command& command);

// Parses a command. Throws Error{invalid_data} naming `source` and the key
// path of the problem, such as "payload.requester.phone". Parsing checks
// the form only: the engine checks that the payload suits the command.
Command command_from_json(std::string_view json_text, std::string_view source);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_COMMAND_JSON_HPP
