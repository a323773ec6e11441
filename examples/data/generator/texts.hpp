// Chinese texts of the example stream: the kinds of request each unit gets,
// the out-of-scope requests that the office declines at intake, and the
// free text of each workflow step. Templates hold placeholders such as
// {project} or {subject}, which fill_template replaces.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_TEXTS_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_TEXTS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/event_type.hpp"

namespace stream_generator {

// A kind of request that one unit handles.
struct Topic {
  std::size_t unit;  // index into Directory::units
  jishiban::Category category;
  const char* subject;  // a short name of the matter, quoted in replies
  const char* text;     // the request, a template
};

// A request outside the scope of the service, and the rule cited when the
// office leader declines it.
struct OutOfScopeTopic {
  const char* subject;
  const char* text;
  const char* rule;
};

// Every topic, grouped by unit in the order of Directory::units.
const std::vector<Topic>& topics();

const std::vector<OutOfScopeTopic>& out_of_scope_topics();

// Rules a unit cites when it declines a request after dispatch.
const std::vector<const char*>& after_dispatch_rules();

// Documents a requester still has to supply, cited by suspension requests.
const std::vector<const char*>& missing_materials();

// Roads of the economic zone, for addresses and request texts.
const std::vector<const char*>& road_names();

// Replaces each {key} of `text` with its value. Throws std::logic_error for a
// placeholder without a value, which is a mistake in the templates.
std::string fill_template(std::string_view text,
                          const std::vector<std::pair<std::string_view, std::string>>& values);

// The content of a request: a prefix for the channel, then `text` with its
// placeholders filled from `seed`, so the same seed gives the same content
// (a repeated request quotes the first one). `received` is the request's
// arrival date, before which every date in the text lies. With `repeated`,
// the prefix marks the request as a matter raised again.
std::string request_content(const char* text, jishiban::Channel channel, std::uint64_t seed,
                            const jishiban::Date& received, bool repeated);

// The number of text variants of a step type, at least 1. A variant may be
// empty for steps whose text is optional.
std::size_t step_text_count(jishiban::EventType type);

// Variant `variant` (taken modulo the count) of the step's text template;
// for a draft, its proposed handling. Placeholders: {subject}, {unit} (the
// lead unit of a draft, else the unit the step names), {handler}, {days} and
// {material}.
const char* step_text(jishiban::EventType type, std::size_t variant);

// The free text of a return visit with the given result (0 satisfied,
// 1 basically satisfied, 2 dissatisfied, 3 unreachable).
const char* visit_text(int satisfaction, std::size_t variant);

// A reason for reclassifying a request into `category`.
const char* reclassify_text(jishiban::Category category, std::size_t variant);

// The parts of a result report: how the unit handled the matter and what
// came of it.
const char* result_handling_text(std::size_t variant);
const char* result_outcome_text(std::size_t variant);

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_TEXTS_HPP
