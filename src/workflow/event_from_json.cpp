// Reading events from the JSON that to_json(const Event&) writes.
//
// The reader is strict, so a history read back is exactly the one written.
// Every key must be present, with null for an absent value, except
// payload.source_id, which to_json leaves out when absent. Unknown keys,
// duplicate keys and wrong types are rejected. Instants must be RFC 3339
// text with seconds and an offset. Errors name the source and the key path,
// such as "payload.requester.phone". They are Error{out_of_range} for an
// integer outside its field's range and Error{invalid_data} otherwise.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/strict_json.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/history.hpp"
#include "workflow/json_reader.hpp"

namespace jishiban {
namespace {

using namespace json_reader;

// --- Event parts -----------------------------------------------------------

std::optional<TargetUnit> parse_target_unit(std::string_view text) {
  if (text == "working_minutes") {
    return TargetUnit::working_minutes;
  }
  if (text == "working_days") {
    return TargetUnit::working_days;
  }
  return std::nullopt;
}

std::optional<SlaClockKind> parse_clock_kind(std::string_view text) {
  for (const SlaClockKind kind : {SlaClockKind::dispatch, SlaClockKind::handling}) {
    if (text == to_string(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

TargetSpec read_target(const ObjectReader& reader) {
  TargetSpec target;
  target.amount = reader.integer<std::int64_t>("amount");
  target.unit = reader.name("unit", parse_target_unit, "target unit", "时限单位", "working_minutes, working_days");
  target.convention = reader.name("convention", parse_day_convention, "day convention", "工作日计算方式",
                                  list_names(DayConvention::working_time));
  return target;
}

std::optional<SlaClock> read_clock(const ObjectReader& parent, const char* key) {
  if (parent.is_null(key)) {
    return std::nullopt;
  }
  const ObjectReader reader = parent.object(
      key, {"kind", "target", "start", "due", "warning_at", "escalation_at", "provisional", "paused_at",
            "paused_seconds", "stopped_at", "extensions", "extension_days", "warned", "breached", "escalated"});

  SlaClock clock;
  clock.kind = reader.name("kind", parse_clock_kind, "clock kind", "时限类型", list_names(SlaClockKind::handling));
  clock.target = read_target(reader.object("target", {"amount", "unit", "convention"}));
  clock.start = reader.instant("start");
  clock.due = reader.instant("due");
  clock.warning_at = reader.instant("warning_at");
  clock.escalation_at = reader.instant("escalation_at");
  clock.provisional = reader.boolean("provisional");
  clock.paused_at = reader.optional_instant("paused_at");
  clock.paused = reader.seconds("paused_seconds");
  clock.stopped_at = reader.optional_instant("stopped_at");
  clock.extensions = reader.integer<int>("extensions");
  clock.extension_days = reader.integer<int>("extension_days");
  clock.warned = reader.boolean("warned");
  clock.breached = reader.boolean("breached");
  clock.escalated = reader.boolean("escalated");
  return clock;
}

Computed read_computed(const ObjectReader& reader) {
  Computed computed;
  computed.year = reader.integer<int>("year");
  computed.sequence = reader.integer<std::int64_t>("sequence");
  computed.dispatch_clock = read_clock(reader, "dispatch_clock");
  computed.handling_clock = read_clock(reader, "handling_clock");
  computed.lost_working_time = reader.seconds("lost_working_seconds");
  computed.final_attempt = reader.boolean("final_attempt");
  return computed;
}

}  // namespace

namespace json_reader {

Actor read_actor(const ObjectReader& reader) {
  Actor actor;
  actor.id = reader.string("id");
  actor.name = reader.string("name");
  actor.role = reader.name("role", parse_role, "role", "角色", list_names(Role::report_viewer));
  actor.unit = reader.string("unit");
  return actor;
}

std::optional<Requester> read_requester(const ObjectReader& parent) {
  if (parent.is_null("requester")) {
    return std::nullopt;
  }
  const ObjectReader reader = parent.object("requester", {"name", "company", "address", "phone", "email"});
  Requester requester;
  requester.name = reader.string("name");
  requester.company = reader.string("company");
  requester.address = reader.string("address");
  requester.phone = reader.string("phone");
  requester.email = reader.string("email");
  return requester;
}

std::optional<ResultReport> read_result(const ObjectReader& parent) {
  if (parent.is_null("result")) {
    return std::nullopt;
  }
  const ObjectReader reader = parent.object("result", {"problem", "handling", "result", "attachments"});
  ResultReport result;
  result.problem = reader.string("problem");
  result.handling = reader.string("handling");
  result.result = reader.string("result");
  result.attachments = reader.strings("attachments");
  return result;
}

Payload read_payload(const ObjectReader& reader) {
  Payload payload;
  payload.received_at = reader.optional_instant("received_at");
  payload.channel = reader.optional_name("channel", parse_channel, "channel", "渠道", list_names(Channel::wechat));
  payload.requester = read_requester(reader);
  payload.content = reader.string("content");
  payload.source_id = reader.optional_integer<std::int64_t>("source_id");
  payload.category =
      reader.optional_name("category", parse_category, "category", "类别", list_names(Category::difficult));
  payload.lead_unit = reader.string("lead_unit");
  payload.assisting_units = reader.strings("assisting_units");
  payload.proposed_handling = reader.string("proposed_handling");
  payload.handler_id = reader.string("handler_id");
  payload.handler_name = reader.string("handler_name");
  payload.text = reader.string("text");
  payload.rule = reader.string("rule");
  payload.days = reader.integer<int>("days");
  payload.result = read_result(reader);
  payload.satisfaction = reader.optional_name("satisfaction", parse_satisfaction, "satisfaction", "满意度",
                                              list_names(Satisfaction::unreachable));
  payload.duplicate_of = reader.string("duplicate_of");
  return payload;
}

}  // namespace json_reader

Event event_from_json(std::string_view json_text, std::string_view source) {
  const json document = detail::parse_strict_json(json_text, source);
  const ObjectReader reader(document, "",
                            {"ticket_id", "sequence", "type", "at", "actor", "payload", "computed", "comment"}, {},
                            source, Keys::all_required, json_text);

  Event event;
  event.ticket_id = reader.string("ticket_id");
  event.sequence = reader.integer<std::uint64_t>("sequence");
  event.type =
      reader.name("type", parse_event_type, "event type", "事件类型", list_names(EventType::deadline_recomputed));
  event.at = reader.instant("at");
  event.actor = read_actor(reader.object("actor", {"id", "name", "role", "unit"}));
  event.payload = read_payload(reader.object(
      "payload",
      {"received_at", "channel", "requester", "content", "category", "lead_unit", "assisting_units",
       "proposed_handling", "handler_id", "handler_name", "text", "rule", "days", "result", "satisfaction",
       "duplicate_of"},
      {"source_id"}));
  event.computed = read_computed(reader.object("computed", {"year", "sequence", "dispatch_clock", "handling_clock", "lost_working_seconds", "final_attempt"}));
  event.comment = reader.string("comment");
  return event;
}

}  // namespace jishiban
