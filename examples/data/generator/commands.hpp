// Turns a plan step into the Command its stream line carries.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_COMMANDS_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_COMMANDS_HPP

#include "jishiban/workflow/event.hpp"
#include "plan.hpp"

namespace stream_generator {

// Renders `step` of `request` with its actor, payload and texts. The command
// has no ticket number, because the replay maps the request's ref to the
// ticket its registration created, no duplicate_of, which the replay fills
// from the line's duplicate_of_ref, and no idempotency key, which is the
// line's key.
jishiban::Command make_command(const World& world, const Request& request, const Step& step);

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_COMMANDS_HPP
