#include "check.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string_view>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "jishiban/workflow/event.hpp"

namespace stream_generator {
namespace {

using jishiban::EventType;

[[noreturn]] void fail(std::uint64_t line_number, const std::string& key, const std::string& reason) {
  std::string where = "line " + std::to_string(line_number);
  if (!key.empty()) {
    where += " (key " + key + ")";
  }
  throw std::runtime_error(where + ": " + reason);
}

// The string member `name` of `object`, or an empty string when it is
// missing and not `required`.
std::string text_member(const nlohmann::json& object, const char* name, bool required, std::uint64_t line_number) {
  const auto found = object.find(name);
  if (found == object.end()) {
    if (required) {
      fail(line_number, "", std::string("the \"") + name + "\" field is missing");
    }
    return {};
  }
  if (!found->is_string()) {
    fail(line_number, "", std::string("the \"") + name + "\" field is not a string");
  }
  return found->get<std::string>();
}

}  // namespace

StreamCheck::StreamCheck(const jishiban::Calendar& calendar, jishiban::Instant start)
    : notifier_([](const jishiban::Notification&) {}),
      clock_(start),
      engine_(calendar, store_, notifier_, clock_),
      zone_(calendar.utc_offset()) {}

void StreamCheck::poll(jishiban::Instant at) {
  for (const jishiban::Event& event : engine_.poll(at)) {
    const bool dispatch = event.computed.dispatch_clock.has_value();
    switch (event.type) {
      case EventType::sla_warning:
        ++(dispatch ? sla_.dispatch_warnings : sla_.handling_warnings);
        break;
      case EventType::sla_breach:
        ++(dispatch ? sla_.dispatch_breaches : sla_.handling_breaches);
        break;
      case EventType::sla_escalation:
        ++sla_.handling_escalations;
        break;
      default:
        break;
    }
  }
}

void StreamCheck::apply(std::uint64_t line_number, const std::string& line) {
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& error) {
    fail(line_number, "", std::string("not valid JSON: ") + error.what());
  }
  if (!object.is_object()) {
    fail(line_number, "", "not a JSON object");
  }
  const std::string key = text_member(object, "key", true, line_number);
  const std::string ref = text_member(object, "ref", true, line_number);
  const std::string duplicate_of_ref = text_member(object, "duplicate_of_ref", false, line_number);
  jishiban::Instant at;
  try {
    at = jishiban::parse_instant(text_member(object, "at", true, line_number), zone_);
  } catch (const jishiban::Error& error) {
    fail(line_number, key, error.what());
  }
  if (!keys_.insert(key).second) {
    fail(line_number, key, "the key was used by an earlier line");
  }
  if (last_at_ && at < *last_at_) {
    fail(line_number, key, "the instant is earlier than the line before");
  }
  last_at_ = at;

  const auto command_json = object.find("command");
  if (command_json == object.end() || !command_json->is_object()) {
    fail(line_number, key, "the \"command\" field is missing or not an object");
  }
  jishiban::Command command;
  try {
    command = jishiban::command_from_json(command_json->dump(), "line " + std::to_string(line_number));
  } catch (const jishiban::Error& error) {
    fail(line_number, key, error.what());
  }
  if (!command.ticket_id.empty() || !command.idempotency_key.empty() || !command.payload.duplicate_of.empty()) {
    fail(line_number, key, "the command names a ticket, a key or a duplicate itself instead of through the line");
  }

  const bool registration = command.type == EventType::register_request;
  if (!registration) {
    const auto ticket = tickets_.find(ref);
    if (ticket == tickets_.end()) {
      fail(line_number, key, "no earlier line registered ref " + ref);
    }
    command.ticket_id = ticket->second;
  }
  if (!duplicate_of_ref.empty()) {
    const auto original = tickets_.find(duplicate_of_ref);
    if (original == tickets_.end()) {
      fail(line_number, key, "no earlier line registered duplicate_of_ref " + duplicate_of_ref);
    }
    command.payload.duplicate_of = original->second;
  }
  command.idempotency_key = key;

  poll(at);
  clock_.set(at);
  try {
    const jishiban::Ticket ticket = engine_.execute(std::move(command));
    if (registration) {
      if (!tickets_.emplace(ref, ticket.id).second) {
        fail(line_number, key, "ref " + ref + " was registered by an earlier line");
      }
    }
  } catch (const jishiban::Error& error) {
    fail(line_number, key, "the engine rejected the command: " + std::string(error.what()));
  }
}

void StreamCheck::finish(jishiban::Instant until) {
  poll(until);
}

std::array<std::int64_t, jishiban::ticket_state_count> StreamCheck::states() const {
  std::array<std::int64_t, jishiban::ticket_state_count> counts{};
  for (std::size_t state = 0; state < jishiban::ticket_state_count; ++state) {
    counts[state] = static_cast<std::int64_t>(store_.find_by_state(static_cast<jishiban::TicketState>(state)).size());
  }
  return counts;
}

std::array<std::int64_t, kClosureCount> StreamCheck::closures() const {
  std::array<std::int64_t, kClosureCount> counts{};
  for (const jishiban::TicketState state : {jishiban::TicketState::closed, jishiban::TicketState::archived}) {
    for (const std::string& id : store_.find_by_state(state)) {
      if (const std::optional<jishiban::Ticket> ticket = store_.load(id)) {
        ++counts.at(static_cast<std::size_t>(ticket->closure));
      }
    }
  }
  return counts;
}

}  // namespace stream_generator
