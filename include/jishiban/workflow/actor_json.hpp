// Actors as JSON, for hosts and bindings that pass who is asking as text.
//
// The form is the "actor" member of a command (command_json.hpp):
//
//   {"id": "u-17", "name": "王芳", "role": "handler", "unit": "投资促进局"}
//
// "role" is required and takes the names of to_string(Role); the other keys
// are optional. Unknown keys, wrong types and invalid UTF-8 are errors.
#ifndef JISHIBAN_WORKFLOW_ACTOR_JSON_HPP
#define JISHIBAN_WORKFLOW_ACTOR_JSON_HPP

#include <string>
#include <string_view>

#include "jishiban/workflow/actor.hpp"

namespace jishiban {

// Reads an actor. Throws Error{invalid_data} naming `source`, the key and
// the value when the text is not such an object.
Actor actor_from_json(std::string_view json_text, std::string_view source);

// Writes an actor in the same form, leaving out empty members.
std::string to_json(const Actor& actor);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_ACTOR_JSON_HPP
