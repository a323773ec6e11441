// Writing tickets and events as JSON. event_from_json.cpp reads events back.
//
// Every field is written, in the order of the structs, so equal values give
// equal text. Instants are RFC 3339 text at UTC+08:00 with seconds, absent
// optional values are null, durations are whole seconds in keys ending in
// "_seconds", and enumerations are their to_string names. The one exception
// is source_id, an integer left out when absent, so the text of tickets and
// events without it stays as it was before the field existed.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/history.hpp"

namespace jishiban {
namespace {

using ordered_json = nlohmann::ordered_json;

std::string target_unit_name(TargetUnit unit) {
  return unit == TargetUnit::working_days ? "working_days" : "working_minutes";
}

// Throws Error{invalid_argument} when the instant's year at UTC+08:00 lies
// outside 1400-9999, which ISO 8601 text here cannot carry.
ordered_json instant_json(Instant instant) { return format_instant(instant, UtcOffset::china()); }

ordered_json optional_instant_json(const std::optional<Instant>& instant) {
  return instant ? instant_json(*instant) : ordered_json(nullptr);
}

template <class Enum>
ordered_json name_json(Enum value) {
  return std::string(to_string(value));
}

template <class Enum>
ordered_json optional_name_json(const std::optional<Enum>& value) {
  return value ? name_json(*value) : ordered_json(nullptr);
}

ordered_json requester_json(const Requester& requester) {
  ordered_json object;
  object["name"] = requester.name;
  object["company"] = requester.company;
  object["address"] = requester.address;
  object["phone"] = requester.phone;
  object["email"] = requester.email;
  return object;
}

ordered_json result_json(const ResultReport& result) {
  ordered_json object;
  object["problem"] = result.problem;
  object["handling"] = result.handling;
  object["result"] = result.result;
  object["attachments"] = result.attachments;
  return object;
}

ordered_json opinion_json(const Opinion& opinion) {
  ordered_json object;
  object["actor_id"] = opinion.actor_id;
  object["actor_name"] = opinion.actor_name;
  object["text"] = opinion.text;
  object["at"] = instant_json(opinion.at);
  return object;
}

ordered_json clock_json(const SlaClock& clock) {
  ordered_json target;
  target["amount"] = clock.target.amount;
  target["unit"] = target_unit_name(clock.target.unit);
  target["convention"] = name_json(clock.target.convention);

  ordered_json object;
  object["kind"] = name_json(clock.kind);
  object["target"] = std::move(target);
  object["start"] = instant_json(clock.start);
  object["due"] = instant_json(clock.due);
  object["warning_at"] = instant_json(clock.warning_at);
  object["escalation_at"] = instant_json(clock.escalation_at);
  object["provisional"] = clock.provisional;
  object["paused_at"] = optional_instant_json(clock.paused_at);
  object["paused_seconds"] = clock.paused.count();
  object["stopped_at"] = optional_instant_json(clock.stopped_at);
  object["extensions"] = clock.extensions;
  object["extension_days"] = clock.extension_days;
  object["warned"] = clock.warned;
  object["breached"] = clock.breached;
  object["escalated"] = clock.escalated;
  return object;
}

ordered_json optional_clock_json(const std::optional<SlaClock>& clock) {
  return clock ? clock_json(*clock) : ordered_json(nullptr);
}

ordered_json actor_json(const Actor& actor) {
  ordered_json object;
  object["id"] = actor.id;
  object["name"] = actor.name;
  object["role"] = name_json(actor.role);
  object["unit"] = actor.unit;
  return object;
}

ordered_json payload_json(const Payload& payload) {
  ordered_json object;
  object["received_at"] = optional_instant_json(payload.received_at);
  object["channel"] = optional_name_json(payload.channel);
  object["requester"] = payload.requester ? requester_json(*payload.requester) : ordered_json(nullptr);
  object["content"] = payload.content;
  if (payload.source_id) {
    object["source_id"] = *payload.source_id;
  }
  object["category"] = optional_name_json(payload.category);
  object["lead_unit"] = payload.lead_unit;
  object["assisting_units"] = payload.assisting_units;
  object["proposed_handling"] = payload.proposed_handling;
  object["handler_id"] = payload.handler_id;
  object["handler_name"] = payload.handler_name;
  object["text"] = payload.text;
  object["rule"] = payload.rule;
  object["days"] = payload.days;
  object["result"] = payload.result ? result_json(*payload.result) : ordered_json(nullptr);
  object["satisfaction"] = optional_name_json(payload.satisfaction);
  object["duplicate_of"] = payload.duplicate_of;
  return object;
}

ordered_json computed_json(const Computed& computed) {
  ordered_json object;
  object["year"] = computed.year;
  object["sequence"] = computed.sequence;
  object["dispatch_clock"] = optional_clock_json(computed.dispatch_clock);
  object["handling_clock"] = optional_clock_json(computed.handling_clock);
  object["lost_working_seconds"] = computed.lost_working_time.count();
  object["final_attempt"] = computed.final_attempt;
  return object;
}

ordered_json assisting_opinions_json(const std::vector<AssistingOpinion>& opinions) {
  ordered_json array = ordered_json::array();
  for (const AssistingOpinion& opinion : opinions) {
    ordered_json object;
    object["unit"] = opinion.unit;
    object["opinion"] = opinion_json(opinion.opinion);
    array.push_back(std::move(object));
  }
  return array;
}

// Serializes on one line, keeping non-ASCII text as UTF-8. `what_en` and
// `what_zh` name the value in the error for text that is not valid UTF-8,
// which JSON cannot carry.
std::string dump_line(const ordered_json& value, const std::string& what_en, const std::string& what_zh) {
  try {
    return value.dump();
  } catch (const nlohmann::json::type_error& error) {
    const std::string detail = sanitize_utf8(error.what());
    throw Error(ErrorCode::invalid_argument,
                "cannot write " + what_en + " as JSON: a text field is not valid UTF-8 (" + detail + ")",
                "无法将" + what_zh + "写成 JSON：有文本字段不是有效的 UTF-8（" + detail + "）");
  }
}

// The intake and work-order fields of a ticket, in struct order.
void add_intake(ordered_json& object, const Ticket& ticket) {
  object["id"] = ticket.id;
  object["year"] = ticket.year;
  object["sequence"] = ticket.sequence;
  object["received_at"] = instant_json(ticket.received_at);
  object["registered_at"] = instant_json(ticket.registered_at);
  object["channel"] = name_json(ticket.channel);
  object["requester"] = requester_json(ticket.requester);
  object["content"] = ticket.content;
  if (ticket.source_id) {
    object["source_id"] = *ticket.source_id;
  }
  object["category"] = optional_name_json(ticket.category);
  object["lead_unit"] = ticket.lead_unit;
  object["assisting_units"] = ticket.assisting_units;
  object["proposed_handling"] = ticket.proposed_handling;
  object["office_leader_opinion"] = opinion_json(ticket.office_leader_opinion);
  object["unit_leader_opinion"] = opinion_json(ticket.unit_leader_opinion);
  object["committee_opinion"] = opinion_json(ticket.committee_opinion);
  object["handler_id"] = ticket.handler_id;
  object["handler_name"] = ticket.handler_name;
  object["reviewer_id"] = ticket.reviewer_id;
  object["reviewer_name"] = ticket.reviewer_name;
}

// The handling, reply, return-visit and bookkeeping fields, in struct order.
void add_progress(ordered_json& object, const Ticket& ticket) {
  object["first_contact_at"] = optional_instant_json(ticket.first_contact_at);
  object["proposal"] = ticket.proposal;
  object["special_report"] = ticket.special_report;
  object["assisting_opinions"] = assisting_opinions_json(ticket.assisting_opinions);
  object["assisting_override"] = ticket.assisting_override;
  object["reply"] = ticket.reply;
  object["replied_at"] = optional_instant_json(ticket.replied_at);
  object["declined"] = ticket.declined;
  object["decline_rule"] = ticket.decline_rule;
  object["result"] = result_json(ticket.result);
  object["result_reported_at"] = optional_instant_json(ticket.result_reported_at);
  object["satisfaction"] = optional_name_json(ticket.satisfaction);
  object["return_visit_attempts"] = ticket.return_visit_attempts;
  object["requested_extension_days"] = ticket.requested_extension_days;
  object["suspension_requested"] = ticket.suspension_requested;
  object["urges"] = ticket.urges;
  object["returns"] = ticket.returns;
  object["reworks"] = ticket.reworks;
  object["reopenings"] = ticket.reopenings;
  object["lost_working_seconds"] = ticket.lost_working_time.count();
  object["closure"] = name_json(ticket.closure);
  object["closing_note"] = ticket.closing_note;
  object["duplicate_of"] = ticket.duplicate_of;
  object["state"] = name_json(ticket.state);
  object["dispatch_clock"] = optional_clock_json(ticket.dispatch_clock);
  object["handling_clock"] = optional_clock_json(ticket.handling_clock);
  object["version"] = ticket.version;
  object["updated_at"] = instant_json(ticket.updated_at);
}

}  // namespace

std::string to_json(const Ticket& ticket) {
  ordered_json object;
  add_intake(object, ticket);
  add_progress(object, ticket);
  const std::string id = quote_for_message(ticket.id);
  return dump_line(object, "ticket " + id, "工单 " + id + " ");
}

std::string to_json(const Event& event) {
  ordered_json object;
  object["ticket_id"] = event.ticket_id;
  object["sequence"] = event.sequence;
  object["type"] = name_json(event.type);
  object["at"] = instant_json(event.at);
  object["actor"] = actor_json(event.actor);
  object["payload"] = payload_json(event.payload);
  object["computed"] = computed_json(event.computed);
  object["comment"] = event.comment;
  const std::string id = quote_for_message(event.ticket_id);
  const std::string sequence = std::to_string(event.sequence);
  return dump_line(object, "event " + sequence + " of ticket " + id, "工单 " + id + " 的第 " + sequence + " 个事件");
}

}  // namespace jishiban
