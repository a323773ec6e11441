// Writing and reading commands as JSON (see command_json.hpp).
//
// The writer leaves out every key without a value, so a command written by
// a host by hand and one written here look alike. The reader shares the
// value readers of the event parser, in the mode where keys may be missing.
#include "jishiban/workflow/command_json.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "workflow/json_reader.hpp"

namespace jishiban {
namespace {

using ordered_json = nlohmann::ordered_json;

void put_text(ordered_json& object, const char* key, const std::string& text) {
  if (!text.empty()) {
    object[key] = text;
  }
}

ordered_json requester_json(const Requester& requester) {
  ordered_json object = ordered_json::object();
  put_text(object, "name", requester.name);
  put_text(object, "company", requester.company);
  put_text(object, "address", requester.address);
  put_text(object, "phone", requester.phone);
  put_text(object, "email", requester.email);
  return object;
}

ordered_json result_json(const ResultReport& result) {
  ordered_json object = ordered_json::object();
  put_text(object, "problem", result.problem);
  put_text(object, "handling", result.handling);
  put_text(object, "result", result.result);
  if (!result.attachments.empty()) {
    object["attachments"] = result.attachments;
  }
  return object;
}

// Throws Error{invalid_argument} when the instant's year at UTC+08:00 lies
// outside 1400-9999, which ISO 8601 text here cannot carry.
std::string instant_text(Instant instant) { return format_instant(instant, UtcOffset::china()); }

ordered_json payload_json(const Payload& payload) {
  ordered_json object = ordered_json::object();
  if (payload.received_at) {
    object["received_at"] = instant_text(*payload.received_at);
  }

  if (payload.channel) {
    object["channel"] = std::string(to_string(*payload.channel));
  }
  if (payload.requester) {
    object["requester"] = requester_json(*payload.requester);
  }
  put_text(object, "content", payload.content);
  if (payload.source_id) {
    object["source_id"] = *payload.source_id;
  }

  if (payload.category) {
    object["category"] = std::string(to_string(*payload.category));
  }
  put_text(object, "lead_unit", payload.lead_unit);
  if (!payload.assisting_units.empty()) {
    object["assisting_units"] = payload.assisting_units;
  }
  put_text(object, "proposed_handling", payload.proposed_handling);

  put_text(object, "handler_id", payload.handler_id);
  put_text(object, "handler_name", payload.handler_name);
  put_text(object, "text", payload.text);
  put_text(object, "rule", payload.rule);
  if (payload.days != 0) {
    object["days"] = payload.days;
  }

  if (payload.result) {
    object["result"] = result_json(*payload.result);
  }
  if (payload.satisfaction) {
    object["satisfaction"] = std::string(to_string(*payload.satisfaction));
  }
  put_text(object, "duplicate_of", payload.duplicate_of);
  return object;
}

}  // namespace

std::string to_json(const Command& command) {
  if (!is_command(command.type)) {
    throw Error(ErrorCode::invalid_argument,
                "cannot write command type " + std::to_string(static_cast<int>(command.type)) +
                    " as JSON: it is not a command",
                "无法将命令类型 " + std::to_string(static_cast<int>(command.type)) + " 写成 JSON：它不是命令");
  }
  if (static_cast<int>(command.actor.role) < 0 || command.actor.role > Role::report_viewer) {
    throw Error(ErrorCode::invalid_argument,
                "cannot write role " + std::to_string(static_cast<int>(command.actor.role)) + " as JSON",
                "无法将角色 " + std::to_string(static_cast<int>(command.actor.role)) + " 写成 JSON");
  }

  // A value cast from an integer outside its enumeration has no name, and
  // "unknown" would be text that command_from_json rejects.
  const Payload& given = command.payload;
  const bool unnamed =
      (given.channel && (static_cast<int>(*given.channel) < 0 || *given.channel > Channel::wechat)) ||
      (given.category && (static_cast<int>(*given.category) < 0 || *given.category > Category::difficult)) ||
      (given.satisfaction &&
       (static_cast<int>(*given.satisfaction) < 0 || *given.satisfaction > Satisfaction::unreachable));
  if (unnamed) {
    throw Error(ErrorCode::invalid_argument,
                "cannot write the command as JSON: its channel, category or satisfaction is not a value of its "
                "enumeration",
                "无法将命令写成 JSON：其渠道、类别或满意度不是枚举中的值");
  }

  ordered_json object;
  object["type"] = std::string(to_string(command.type));
  put_text(object, "ticket", command.ticket_id);

  ordered_json actor = ordered_json::object();
  actor["id"] = command.actor.id;
  put_text(actor, "name", command.actor.name);
  actor["role"] = std::string(to_string(command.actor.role));
  put_text(actor, "unit", command.actor.unit);
  object["actor"] = std::move(actor);

  ordered_json payload = payload_json(command.payload);
  if (!payload.empty()) {
    object["payload"] = std::move(payload);
  }
  put_text(object, "comment", command.comment);
  if (command.expected_version) {
    object["expected_version"] = *command.expected_version;
  }
  put_text(object, "idempotency_key", command.idempotency_key);

  try {
    return object.dump();
  } catch (const nlohmann::json::type_error& error) {
    const std::string detail = sanitize_utf8(error.what());
    throw Error(ErrorCode::invalid_argument,
                "cannot write the command as JSON: a text field is not valid UTF-8 (" + detail + ")",
                "无法将命令写成 JSON：有文本字段不是有效的 UTF-8（" + detail + "）");
  }
}

namespace json_reader {

Command read_command(const json& document, std::string_view source, const std::string& path,
                     std::string_view document_text) {
  const ObjectReader reader(document, path,
                            {"type", "ticket", "actor", "payload", "comment", "expected_version", "idempotency_key"},
                            {}, source, Keys::optional, document_text);

  Command command;
  if (!reader.has("type")) {
    data_error(source, reader.entry("type"), "missing; a command needs its type, such as \"claim\"",
               "缺少此键；命令需要类型，例如 \"claim\"");
  }
  const EventType type =
      reader.name("type", parse_event_type, "command type", "命令类型", list_names(EventType::archive));
  if (!is_command(type)) {
    data_error(source, reader.entry("type"),
               quote_text(to_string(type)) + " is recorded by the engine itself and cannot be given as a command",
               quote_text(to_string(type)) + " 由引擎自行记录，不能作为命令提交");
  }
  command.type = type;
  command.ticket_id = reader.string("ticket");

  if (!reader.has("actor")) {
    data_error(source, reader.entry("actor"), "missing; a command needs the actor who gives it",
               "缺少此键；命令需要写明提交人");
  }
  const ObjectReader actor = reader.object("actor", {"id", "name", "role", "unit"});
  if (!actor.has("role")) {
    data_error(source, actor.entry("role"), "missing; the actor needs a role, such as \"service_officer\"",
               "缺少此键；提交人需要角色，例如 \"service_officer\"");
  }
  command.actor = read_actor(actor);

  if (reader.has("payload")) {
    command.payload = read_payload(reader.object(
        "payload", {"received_at", "channel", "requester", "content", "source_id", "category", "lead_unit",
                    "assisting_units", "proposed_handling", "handler_id", "handler_name", "text", "rule", "days",
                    "result", "satisfaction", "duplicate_of"}));
  }
  command.comment = reader.string("comment");
  if (reader.has("expected_version")) {
    command.expected_version = reader.integer<std::uint64_t>("expected_version");
  }
  command.idempotency_key = reader.string("idempotency_key");
  return command;
}

}  // namespace json_reader

Command command_from_json(std::string_view json_text, std::string_view source) {
  return json_reader::read_command(detail::parse_strict_json(json_text, source), source, "", json_text);
}

}  // namespace jishiban
