// Reading the C ABI's JSON option objects (see options.hpp).
#include "capi/options.hpp"

#include <chrono>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "detail/strict_json.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/jishiban.h"
#include "jishiban/workflow/notification_templates.hpp"
#include "jishiban/workflow/policy.hpp"
#include "workflow/json_reader.hpp"

namespace jishiban::capi {
namespace {

using json_reader::data_error;
using json_reader::Keys;
using json_reader::ObjectReader;
using json_reader::quote_text;

int read_language(const ObjectReader& reader, const char* key) {
  const std::string text = reader.string(key);
  if (text == "zh" || text == "zh-CN") {
    return JSB_LANG_ZH;
  }
  if (text == "en") {
    return JSB_LANG_EN;
  }
  data_error(reader.source(), reader.entry(key), "unknown language " + quote_text(text) + "; expected \"zh\" or \"en\"",
             "未知的语言 " + quote_text(text) + "，应为 \"zh\" 或 \"en\"");
}

// One of `names`, returned as its index.
std::size_t read_choice(const ObjectReader& reader, const char* key, std::initializer_list<const char*> names) {
  const std::string text = reader.string(key);
  std::string expected;
  std::size_t index = 0;
  for (const char* name : names) {
    if (text == name) {
      return index;
    }
    expected += (index == 0 ? "\"" : ", \"") + std::string(name) + "\"";
    ++index;
  }
  data_error(reader.source(), reader.entry(key), "unknown value " + quote_text(text) + "; expected one of " + expected,
             "未知的取值 " + quote_text(text) + "，应为以下之一：" + expected);
}

}  // namespace

int checked_language(int language) {
  if (language != JSB_LANG_EN && language != JSB_LANG_ZH) {
    throw Error(ErrorCode::invalid_argument,
                "language " + std::to_string(language) + " is not JSB_LANG_EN (0) or JSB_LANG_ZH (1)",
                "语言 " + std::to_string(language) + " 不是 JSB_LANG_EN（0）或 JSB_LANG_ZH（1）");
  }
  return language;
}

CalendarOpenOptions parse_calendar_options(const char* json_text) {
  constexpr std::string_view kSource = "calendar options";
  const nlohmann::json document = detail::parse_strict_json(json_text, kSource);
  const ObjectReader reader(document, "", {"base", "files", "data", "coverage", "provisional_years", "language"},
                            kSource, Keys::optional);

  CalendarOpenOptions options;
  if (reader.has("base")) {
    options.official_base = read_choice(reader, "base", {"official", "none"}) == 0;
  }
  if (reader.has("files")) {
    options.files = reader.strings("files");
  }
  if (reader.has("data")) {
    const nlohmann::json& list = detail::require_type(reader.value("data"), nlohmann::json::value_t::array,
                                                      "an array of calendar objects", kSource, "data");
    for (std::size_t i = 0; i < list.size(); ++i) {
      detail::require_type(list[i], nlohmann::json::value_t::object, "a calendar object", kSource,
                           "data[" + std::to_string(i) + "]");
      options.data.push_back(list[i].dump());
    }
  }
  if (reader.has("coverage")) {
    options.calendar.coverage =
        read_choice(reader, "coverage", {"strict", "provisional"}) == 0 ? CoveragePolicy::strict
                                                                         : CoveragePolicy::provisional;
  }
  if (reader.has("provisional_years")) {
    options.calendar.provisional_years = reader.integer<int>("provisional_years");
  }
  if (reader.has("language")) {
    options.language = read_language(reader, "language");
  }
  return options;
}

Calendar build_calendar(const CalendarOpenOptions& options) {
  if (options.official_base && options.files.empty() && options.data.empty()) {
    return Calendar(options.calendar);
  }

  CalendarData data;
  data.source = "calendar options";
  if (options.official_base) {
    data = official_calendar_data();
  }
  for (const std::string& file : options.files) {
    data.merge(load_calendar_data(file));
  }
  for (std::size_t i = 0; i < options.data.size(); ++i) {
    data.merge(parse_calendar_data(options.data[i], "calendar options data[" + std::to_string(i) + "]"));
  }
  return Calendar(data, options.calendar);
}

EngineOpenOptions parse_engine_options(const char* json_text) {
  constexpr std::string_view kSource = "engine options";
  const nlohmann::json document = detail::parse_strict_json(json_text, kSource);
  const ObjectReader reader(document, "",
                            {"policy", "policy_file", "notification_templates", "clock", "now", "synchronous",
                             "busy_timeout_ms", "create", "language"},
                            kSource, Keys::optional);

  EngineOpenOptions options;
  // The C engine leaves notifications in the outbox for jsb_engine_deliver.
  options.engine.deliver_notifications = false;

  if (reader.has("policy") && reader.has("policy_file")) {
    data_error(kSource, "policy", "give \"policy\" or \"policy_file\", not both",
               "\"policy\" 与 \"policy_file\" 只能给出其一");
  }
  if (reader.has("policy")) {
    detail::require_type(reader.value("policy"), nlohmann::json::value_t::object, "an object", kSource, "policy");
    options.engine.policy = parse_policy(reader.value("policy").dump(), "engine options policy");
  }
  if (reader.has("policy_file")) {
    options.engine.policy = load_policy(reader.string("policy_file"));
  }
  if (reader.has("notification_templates")) {
    detail::require_type(reader.value("notification_templates"), nlohmann::json::value_t::object, "an object",
                         kSource, "notification_templates");
    options.engine.notification_templates = parse_notification_templates(
        reader.value("notification_templates").dump(), "engine options notification_templates");
  }

  if (reader.has("clock")) {
    options.manual_clock = read_choice(reader, "clock", {"system", "manual"}) == 1;
  }
  if (reader.has("now")) {
    if (!options.manual_clock) {
      data_error(kSource, "now", "only a manual clock takes a start; add \"clock\": \"manual\"",
                 "只有手动时钟才能设定起始时刻；请加上 \"clock\": \"manual\"");
    }
    options.now = reader.instant("now");
  }

  if (reader.has("synchronous")) {
    constexpr Synchronous kModes[] = {Synchronous::full, Synchronous::normal, Synchronous::off};
    options.sqlite.synchronous = kModes[read_choice(reader, "synchronous", {"full", "normal", "off"})];
  }
  if (reader.has("busy_timeout_ms")) {
    const auto milliseconds = reader.integer<std::int32_t>("busy_timeout_ms");
    if (milliseconds < 0) {
      data_error(kSource, "busy_timeout_ms", "must not be negative, found " + std::to_string(milliseconds),
                 "不能为负数，实际为 " + std::to_string(milliseconds));
    }
    options.sqlite.busy_timeout = std::chrono::milliseconds(milliseconds);
  }
  if (reader.has("create")) {
    options.sqlite.create = reader.boolean("create");
  }
  if (reader.has("language")) {
    options.language = read_language(reader, "language");
  }
  return options;
}

TicketQuery parse_query(const char* json_text) {
  constexpr std::string_view kSource = "query";
  const nlohmann::json document = detail::parse_strict_json(json_text, kSource);
  const ObjectReader reader(document, "", {"state", "unit", "due_before", "open", "limit"}, kSource, Keys::optional);

  TicketQuery query;
  if (reader.has("state")) {
    query.state = reader.name("state", parse_ticket_state, "ticket state", "工单状态",
                              json_reader::list_names(TicketState::archived));
  }
  if (reader.has("unit")) {
    query.unit = reader.string("unit");
  }
  if (reader.has("due_before")) {
    query.due_before = reader.instant("due_before");
  }
  if (reader.has("open")) {
    query.open_only = reader.boolean("open");
    if (!query.open_only) {
      data_error(kSource, "open", "only true is meaningful; leave the member out otherwise",
                 "只有 true 有意义；否则请省略此键");
    }
  }
  if (reader.has("limit")) {
    query.limit = reader.integer<std::size_t>("limit");
  }
  if (!query.state && !query.unit && !query.due_before && !query.open_only) {
    data_error(kSource, "", "needs at least one of \"state\", \"unit\", \"due_before\" and \"open\"",
               "至少需要 \"state\"、\"unit\"、\"due_before\"、\"open\" 之一");
  }
  return query;
}

ReportRequest parse_report_request(const char* json_text) {
  constexpr std::string_view kSource = "report options";
  const nlohmann::json document = detail::parse_strict_json(json_text, kSource);
  const ObjectReader reader(document, "", {"from", "to", "as_of", "format", "language"}, kSource, Keys::optional);

  ReportRequest request;
  if (!reader.has("from") || !reader.has("to")) {
    data_error(kSource, reader.has("from") ? "to" : "from",
               "missing; a report needs \"from\" and \"to\", such as \"2026-01-01T00:00:00+08:00\"",
               "缺少此键；报表需要 \"from\" 和 \"to\"，例如 \"2026-01-01T00:00:00+08:00\"");
  }
  request.range.from = reader.instant("from");
  request.range.to = reader.instant("to");
  if (!(request.range.from < request.range.to)) {
    data_error(kSource, "to", "must be later than \"from\"", "必须晚于 \"from\"");
  }
  if (reader.has("as_of")) {
    request.range.as_of = reader.instant("as_of");
  }
  if (reader.has("format")) {
    // read_choice names the allowed values when the text is none of them.
    read_choice(reader, "format", {"json", "text", "csv", "html"});
    request.format = *parse_report_format(reader.string("format"));
  }
  if (reader.has("language")) {
    request.language = read_language(reader, "language");
  }
  return request;
}

ReplayOptions parse_replay_options(const char* json_text) {
  ReplayOptions options;
  if (json_text == nullptr) {
    return options;
  }
  constexpr std::string_view kSource = "replay options";
  const nlohmann::json document = detail::parse_strict_json(json_text, kSource);
  const ObjectReader reader(document, "", {"strict", "until"}, kSource, Keys::optional);
  if (reader.has("strict")) {
    options.strict = reader.boolean("strict");
  }
  if (reader.has("until")) {
    options.until = reader.instant("until");
  }
  return options;
}

}  // namespace jishiban::capi
