// Reading events from the JSON that to_json(const Event&) writes.
//
// The reader is strict, so a history read back is exactly the one written.
// Every key must be present, with null for an absent value. Unknown keys,
// duplicate keys and wrong types are rejected, and integers must fit their
// field. Instants must be RFC 3339 text with seconds and an offset. Errors
// are Error{invalid_data} naming the source and the key path, such as
// "payload.requester.phone".
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

namespace jishiban {
namespace {

using json = nlohmann::json;
using detail::data_error;
using detail::quote_text;

// --- Values ----------------------------------------------------------------

// A JSON value for a message: strings quoted, numbers as written, other
// values by their type.
std::string describe(const json& value) {
  if (value.is_string()) {
    return quote_text(value.get<std::string>());
  }
  if (value.is_number()) {
    return value.dump();
  }
  return value.type_name();
}

std::string read_string(const json& value, std::string_view source, const std::string& entry) {
  return detail::require_type(value, json::value_t::string, "a string", source, entry).get<std::string>();
}

template <class Integer>
Integer read_integer(const json& value, std::string_view source, const std::string& entry) {
  constexpr Integer kMin = std::numeric_limits<Integer>::min();
  constexpr Integer kMax = std::numeric_limits<Integer>::max();

  bool fits = false;
  if (value.is_number_unsigned()) {
    fits = value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax);
  } else if (value.is_number_integer()) {
    const std::int64_t number = value.get<std::int64_t>();
    if constexpr (std::is_signed_v<Integer>) {
      fits = number >= static_cast<std::int64_t>(kMin) && number <= static_cast<std::int64_t>(kMax);
    } else {
      fits = number >= 0 && static_cast<std::uint64_t>(number) <= static_cast<std::uint64_t>(kMax);
    }
  }

  if (!fits) {
    const std::string range = std::to_string(kMin) + " to " + std::to_string(kMax);
    const std::string range_zh = std::to_string(kMin) + " 至 " + std::to_string(kMax);
    data_error(source, entry, "expected an integer from " + range + ", found " + describe(value),
               "应为 " + range_zh + " 之间的整数，实际为 " + describe(value));
  }
  return value.get<Integer>();
}

// Whether `text` has the shape YYYY-MM-DDTHH:MM:SS followed by Z or an
// offset ±HH:MM. parse_instant checks the numbers.
bool is_rfc3339_shape(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) {
      return false;
    }
  }
  const std::string_view offset = text.substr(kShape.size());
  if (offset == "Z") {
    return true;
  }
  return offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && offset[3] == ':';
}

Instant read_instant(const json& value, std::string_view source, const std::string& entry) {
  const std::string text = read_string(value, source, entry);
  if (!is_rfc3339_shape(text)) {
    data_error(source, entry,
               "expected an instant such as 2026-10-08T09:20:00+08:00, with seconds and an offset, found " +
                   quote_text(text),
               "应为带秒和时区偏移的时刻，例如 2026-10-08T09:20:00+08:00，实际为 " + quote_text(text));
  }
  try {
    return parse_instant(text, UtcOffset::china());
  } catch (const Error& error) {
    data_error(source, entry, error.message(Language::en), error.message(Language::zh_CN));
  }
}

// Reads a name parsed by `parse`, such as a channel. `expected` lists the
// names for the message.
template <class Parse>
auto read_name(const json& value, std::string_view source, const std::string& entry, Parse parse,
               const char* what_en, const char* what_zh, const std::string& expected) {
  const std::string text = read_string(value, source, entry);
  const auto parsed = parse(text);
  if (!parsed) {
    data_error(source, entry,
               std::string("unknown ") + what_en + " " + quote_text(text) + "; expected one of: " + expected,
               std::string("未知的") + what_zh + " " + quote_text(text) + "，应为以下之一：" + expected);
  }
  return *parsed;
}

// The names of the values from 0 to `last`, for messages.
template <class Enum>
std::string list_names(Enum last) {
  std::string names;
  for (int value = 0; value <= static_cast<int>(last); ++value) {
    names += names.empty() ? "" : ", ";
    names += to_string(static_cast<Enum>(value));
  }
  return names;
}

// --- Objects ---------------------------------------------------------------

// One JSON object with exactly the keys given, whose members are read by key
// and named in messages by their path.
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string path, std::initializer_list<const char*> keys,
               std::string_view source)
      : object_(value), path_(std::move(path)), source_(source) {
    detail::require_type(value, json::value_t::object, "an object", source_, path_);
    detail::reject_unknown_keys(value, keys, source_, path_);
    for (const char* key : keys) {
      if (!value.contains(key)) {
        data_error(source_, entry(key), "missing; every key must be present, with null for no value",
                   "缺少此键；每个键都必须出现，无值时写 null");
      }
    }
  }

  std::string_view source() const { return source_; }

  std::string entry(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  const json& value(const char* key) const { return object_.at(key); }

  bool is_null(const char* key) const { return value(key).is_null(); }

  ObjectReader object(const char* key, std::initializer_list<const char*> keys) const {
    return ObjectReader(value(key), entry(key), keys, source_);
  }

  std::string string(const char* key) const { return read_string(value(key), source_, entry(key)); }

  bool boolean(const char* key) const {
    return detail::require_type(value(key), json::value_t::boolean, "true or false", source_, entry(key))
        .get<bool>();
  }

  template <class Integer>
  Integer integer(const char* key) const {
    return read_integer<Integer>(value(key), source_, entry(key));
  }

  std::chrono::seconds seconds(const char* key) const { return std::chrono::seconds(integer<std::int64_t>(key)); }

  Instant instant(const char* key) const { return read_instant(value(key), source_, entry(key)); }

  std::optional<Instant> optional_instant(const char* key) const {
    if (is_null(key)) {
      return std::nullopt;
    }
    return instant(key);
  }

  std::vector<std::string> strings(const char* key) const {
    const json& array = detail::require_type(value(key), json::value_t::array, "an array of strings", source_,
                                             entry(key));
    std::vector<std::string> texts;
    texts.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
      texts.push_back(read_string(array[i], source_, entry(key) + "[" + std::to_string(i) + "]"));
    }
    return texts;
  }

  template <class Parse>
  auto name(const char* key, Parse parse, const char* what_en, const char* what_zh,
            const std::string& expected) const {
    return read_name(value(key), source_, entry(key), parse, what_en, what_zh, expected);
  }

  template <class Parse>
  auto optional_name(const char* key, Parse parse, const char* what_en, const char* what_zh,
                     const std::string& expected) const -> decltype(parse(std::string_view())) {
    if (is_null(key)) {
      return std::nullopt;
    }
    return name(key, parse, what_en, what_zh, expected);
  }

 private:
  const json& object_;
  std::string path_;
  std::string_view source_;
};

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

Event event_from_json(std::string_view json_text, std::string_view source) {
  const json document = detail::parse_strict_json(json_text, source);
  const ObjectReader reader(document, "",
                            {"ticket_id", "sequence", "type", "at", "actor", "payload", "computed", "comment"},
                            source);

  Event event;
  event.ticket_id = reader.string("ticket_id");
  event.sequence = reader.integer<std::uint64_t>("sequence");
  event.type =
      reader.name("type", parse_event_type, "event type", "事件类型", list_names(EventType::deadline_recomputed));
  event.at = reader.instant("at");
  event.actor = read_actor(reader.object("actor", {"id", "name", "role", "unit"}));
  event.payload = read_payload(reader.object(
      "payload", {"received_at", "channel", "requester", "content", "category", "lead_unit", "assisting_units",
                  "proposed_handling", "handler_id", "handler_name", "text", "rule", "days", "result",
                  "satisfaction", "duplicate_of"}));
  event.computed = read_computed(reader.object("computed", {"year", "sequence", "dispatch_clock", "handling_clock", "lost_working_seconds", "final_attempt"}));
  event.comment = reader.string("comment");
  return event;
}

}  // namespace jishiban
