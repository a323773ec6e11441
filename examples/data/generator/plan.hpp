// The plan of one request: every command given on its ticket, each with the
// instant it is given, from registration to archive or to the end of the
// year.
//
// A plan is built from the request's own random stream, so it does not
// depend on the plans built before it. Steps are kept compact, and their
// texts are rendered only when a line is written, because a million-request
// stream keeps the plans of every request still open at the instant being
// written.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_PLAN_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_PLAN_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "directory.hpp"
#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/policy.hpp"

namespace stream_generator {

// The inputs of plan building. The references must outlive every plan.
struct World {
  const jishiban::Calendar& calendar;
  const Directory& directory;
  const jishiban::Policy& policy;

  // The first instant after the year: steps at or after it are dropped.
  jishiban::Instant end;

  std::uint64_t seed;

  // Topic indexes by unit and category: topics_by[unit][category].
  std::vector<std::array<std::vector<std::size_t>, 3>> topics_by;
};

// Fills World::topics_by from topics().
void index_topics(World& world);

// One command of a plan.
struct Step {
  jishiban::Instant at;
  jishiban::EventType type = jishiban::EventType::register_request;

  // The variant of the step's text (texts.hpp), taken modulo the pool size.
  std::uint8_t variant = 0;

  // The actor, as an index into Directory::actors.
  std::uint16_t actor = 0;

  // A value whose meaning depends on the type:
  //   draft                     index into Request::drafts
  //   claim                     the handler named, an index into Directory::actors
  //   request_extension         working days
  //   reclassify                the new Category
  //   return_visit              satisfaction: 0 satisfied, 1 basically, 2 dissatisfied, 3 unreachable
  //   return_to_office          the unit suggested instead, an index into Directory::units
  //   override_assisting        the unit whose opinion is missing
  //   decline_after_dispatch    index into after_dispatch_rules()
  //   request_suspension, resume index into missing_materials()
  //   report_result             1 when the report has an attachment
  std::int16_t value = 0;
};

// A work order drafted by a service officer.
struct Draft {
  std::uint8_t unit = 0;  // index into Directory::units
  jishiban::Category category = jishiban::Category::consultation;
  std::array<std::int8_t, 2> assisting{{-1, -1}};  // unit indexes, -1 for none
};

struct Request {
  // Position in arrival order, from 0. The stream calls the request
  // "R" followed by index + 1, zero-padded to six digits.
  std::int64_t index = 0;
  jishiban::Instant received_at;
  jishiban::Channel channel = jishiban::Channel::hotline;

  // The requester: a company of the directory, one of its contacts, and the
  // requester field bits (kName to kEmail) the request carries.
  std::uint32_t company = 0;
  std::uint8_t contact = 0;
  std::uint8_t fields = 0;

  // The unit the matter belongs to, an index into Directory::units, and the
  // category of the first work order.
  std::uint8_t unit = 0;
  jishiban::Category category = jishiban::Category::consultation;

  // The matter: an index into topics(), or into out_of_scope_topics() when
  // out_of_scope is set.
  bool out_of_scope = false;
  std::uint16_t topic = 0;

  // The request whose content this one repeats: its own index and arrival,
  // or the first request's for a duplicate.
  std::int64_t content_index = 0;
  jishiban::Instant content_received_at;

  // The request this one duplicates, or -1.
  std::int64_t duplicate_of = -1;

  std::vector<Draft> drafts;

  // Sorted by instant. Steps at or after World::end are already dropped.
  std::vector<Step> steps;
};

// A recent request that a later duplicate may repeat.
struct RecentRequest {
  std::int64_t index = 0;
  jishiban::Instant received_at;
  jishiban::Instant registered_at;
  std::uint32_t company = 0;
  std::uint8_t contact = 0;
  std::uint8_t fields = 0;
  std::uint16_t topic = 0;
  std::uint8_t unit = 0;
  jishiban::Category category = jishiban::Category::consultation;
};

// The stream's name of request `index`: "R" and index + 1, zero-padded to
// six digits ("R000123"), wider past 999999.
std::string request_ref(std::int64_t index);

// The seed of the content of request `index`, so a duplicate can render the
// content of the request it repeats.
std::uint64_t content_seed(const World& world, std::int64_t index);

// Builds the plan of request `index`, received at `received_at`.
// `recent` contains earlier requests, oldest first, that a duplicate may
// repeat.
Request build_request(const World& world, std::int64_t index, jishiban::Instant received_at,
                      const std::deque<RecentRequest>& recent);

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_PLAN_HPP
