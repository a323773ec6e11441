// JSON form of events and tickets: exact round trips of events, the fixed
// layout of the text, and strict rejection of anything to_json would not
// write, with messages that name the source and the key path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "history_samples.hpp"
#include "jishiban/workflow/history.hpp"
#include "test_support.hpp"

namespace {

using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::event_from_json;
using jishiban::Language;
using jishiban::Ticket;
using jishiban::to_json;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using jishiban_test::full_event;
using testing::HasSubstr;
using testing::Not;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kSource = "history.jsonl line 3";

// The keys of a JSON object, in the order of the text.
std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) {
    keys.push_back(item.key());
  }
  return keys;
}

// The event JSON of a registration with `"source_id":` and `number` as the
// first payload member, written as text because nlohmann/json would rewrite
// numbers such as 1e30.
std::string registration_with_source_id(const std::string& number) {
  const std::string valid = to_json(full_event(EventType::register_request));
  const std::string payload = "\"payload\":{";
  std::string text = valid;
  text.insert(text.find(payload) + payload.size(), "\"source_id\":" + number + ",");
  return text;
}

// --- Round trips -----------------------------------------------------------

TEST(EventJson, RoundTripsEveryFieldForEveryType) {
  for (std::size_t index = 0; index < jishiban::event_type_count; ++index) {
    const Event event = full_event(static_cast<EventType>(index));
    const std::string text = to_json(event);

    const Event parsed = event_from_json(text, kSource);

    EXPECT_EQ(event, parsed) << text;
    EXPECT_EQ(text, to_json(parsed));
  }
}

TEST(EventJson, RoundTripsDefaultEvent) {
  const Event event;
  const std::string text = to_json(event);

  EXPECT_EQ(event, event_from_json(text, kSource)) << text;
}

TEST(EventJson, RoundTripsRandomEvents) {
  jishiban_test::RandomEvents random(20261008, /*json_safe=*/true);
  for (int i = 0; i < 2000; ++i) {
    const Event event = random.event();
    const std::string text = to_json(event);

    const Event parsed = event_from_json(text, kSource);

    ASSERT_EQ(event, parsed) << "event " << i << ": " << text;
  }
}

TEST(EventJson, AcceptsUtcAndOtherOffsets) {
  const Event event = full_event(EventType::claim);
  ordered_json document = ordered_json::parse(to_json(event));
  document["at"] = "2026-10-08T01:20:00Z";
  document["payload"]["received_at"] = "2026-10-08T00:55:12-00:00";
  document["computed"]["dispatch_clock"]["start"] = "2026-10-08T10:20:00+09:00";

  const Event parsed = event_from_json(document.dump(), kSource);

  EXPECT_EQ(event, parsed);
}

// --- Layout ----------------------------------------------------------------

TEST(EventJson, WritesOneLineInKeyOrder) {
  const std::string text = to_json(full_event(EventType::approve_dispatch));
  const ordered_json document = ordered_json::parse(text);

  EXPECT_EQ(std::string::npos, text.find('\n'));
  EXPECT_EQ((std::vector<std::string>{"ticket_id", "sequence", "type", "at", "actor", "payload", "computed",
                                      "comment"}),
            keys_of(document));
  EXPECT_EQ((std::vector<std::string>{"id", "name", "role", "unit"}), keys_of(document["actor"]));
  EXPECT_EQ((std::vector<std::string>{"received_at", "channel", "requester", "content", "category", "lead_unit",
                                      "assisting_units", "proposed_handling", "handler_id", "handler_name", "text",
                                      "rule", "days", "result", "satisfaction", "duplicate_of"}),
            keys_of(document["payload"]));
  EXPECT_EQ((std::vector<std::string>{"year", "sequence", "dispatch_clock", "handling_clock", "lost_working_seconds",
                                      "final_attempt"}),
            keys_of(document["computed"]));
  EXPECT_EQ((std::vector<std::string>{"kind", "target", "start", "due", "warning_at", "escalation_at", "provisional",
                                      "paused_at", "paused_seconds", "stopped_at", "extensions", "extension_days",
                                      "warned", "breached", "escalated"}),
            keys_of(document["computed"]["handling_clock"]));
}

TEST(EventJson, WritesNamesInstantsAndSeconds) {
  const ordered_json document = ordered_json::parse(to_json(full_event(EventType::approve_dispatch)));

  EXPECT_EQ("approve_dispatch", document["type"]);
  EXPECT_EQ("2026-10-08T09:20:00+08:00", document["at"]);
  EXPECT_EQ("unit_leader", document["actor"]["role"]);
  EXPECT_EQ("wechat", document["payload"]["channel"]);
  EXPECT_EQ("basically_satisfied", document["payload"]["satisfaction"]);
  EXPECT_EQ(5400, document["computed"]["lost_working_seconds"]);

  const ordered_json& clock = document["computed"]["handling_clock"];
  EXPECT_EQ("handling", clock["kind"]);
  EXPECT_EQ(ordered_json::parse(R"({"amount":3,"unit":"working_days","convention":"working_time"})"),
            clock["target"]);
  EXPECT_EQ("2026-10-12T15:45:30+08:00", clock["warning_at"]);
  EXPECT_EQ(5400, clock["paused_seconds"]);
}

TEST(EventJson, WritesNullForAbsentValues) {
  const ordered_json document = ordered_json::parse(to_json(Event{}));

  EXPECT_TRUE(document["payload"]["received_at"].is_null());
  EXPECT_TRUE(document["payload"]["channel"].is_null());
  EXPECT_TRUE(document["payload"]["requester"].is_null());
  EXPECT_TRUE(document["payload"]["category"].is_null());
  EXPECT_TRUE(document["payload"]["result"].is_null());
  EXPECT_TRUE(document["payload"]["satisfaction"].is_null());
  EXPECT_TRUE(document["computed"]["dispatch_clock"].is_null());
  EXPECT_TRUE(document["computed"]["handling_clock"].is_null());
  EXPECT_EQ(ordered_json::array(), document["payload"]["assisting_units"]);
}

TEST(EventJson, RoundTripsSourceIdExactly) {
  const std::int64_t values[] = {9007199254740993, INT64_MIN, INT64_MAX, 0, -1};
  for (const std::int64_t value : values) {
    Event event = full_event(EventType::register_request);
    event.payload.source_id = value;

    const std::string text = to_json(event);

    EXPECT_THAT(text, HasSubstr("\"source_id\":" + std::to_string(value) + ",\"category\":")) << value;
    EXPECT_EQ(event, event_from_json(text, kSource)) << text;
  }
}

TEST(EventJson, LeavesOutAbsentSourceId) {
  const std::string text = to_json(full_event(EventType::register_request));

  EXPECT_THAT(text, Not(HasSubstr("source_id")));
  EXPECT_FALSE(event_from_json(text, kSource).payload.source_id.has_value());
}

TEST(EventJson, ReadsNullSourceIdAsNoValue) {
  const Event event = event_from_json(registration_with_source_id("null"), kSource);

  EXPECT_FALSE(event.payload.source_id.has_value());
}

TEST(EventJson, KeepsChineseTextAsUtf8) {
  const std::string text = to_json(full_event(EventType::claim));

  EXPECT_THAT(text, HasSubstr("\"name\":\"王芳\""));
}

TEST(EventJson, RejectsInvalidUtf8OnWrite) {
  Event event = full_event(EventType::claim);
  event.comment = "bad \xFF byte";

  const auto error = capture_error([&] { to_json(event); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_THAT(error->message(), HasSubstr("PW2026000123"));
  EXPECT_THAT(error->message(), HasSubstr("UTF-8"));
}

TEST(TicketJson, WritesEveryFieldInStructOrder) {
  Ticket ticket;
  ticket.id = "PW2026000123";
  ticket.dispatch_clock = jishiban_test::full_clock(jishiban::SlaClockKind::dispatch);
  ticket.assisting_opinions = {{"区市场监管局", {"u-5", "赵六", "同意", china_instant(2026, 10, 9, 10, 0, 0)}}};

  const ordered_json document = ordered_json::parse(to_json(ticket));

  EXPECT_EQ((std::vector<std::string>{
                "id", "year", "sequence", "received_at", "registered_at", "channel", "requester", "content",
                "category", "lead_unit", "assisting_units", "proposed_handling", "office_leader_opinion",
                "unit_leader_opinion", "committee_opinion", "handler_id", "handler_name", "reviewer_id",
                "reviewer_name", "first_contact_at", "proposal", "special_report", "assisting_opinions",
                "assisting_override", "reply", "replied_at", "declined", "decline_rule", "result",
                "result_reported_at", "satisfaction", "return_visit_attempts", "requested_extension_days",
                "suspension_requested", "urges", "returns", "reworks", "reopenings", "lost_working_seconds",
                "closure", "closing_note", "duplicate_of", "state", "dispatch_clock", "handling_clock", "version",
                "updated_at"}),
            keys_of(document));
  EXPECT_EQ("registered", document["state"]);
  EXPECT_EQ("none", document["closure"]);
  EXPECT_EQ("dispatch", document["dispatch_clock"]["kind"]);
  EXPECT_TRUE(document["handling_clock"].is_null());
  EXPECT_EQ((std::vector<std::string>{"actor_id", "actor_name", "text", "at"}),
            keys_of(document["office_leader_opinion"]));
  EXPECT_EQ("2026-10-09T10:00:00+08:00", document["assisting_opinions"][0]["opinion"]["at"]);
}

TEST(TicketJson, WritesSourceIdAfterContentAsInteger) {
  Ticket ticket;
  ticket.id = "PW2026000123";
  ticket.content = "咨询";
  EXPECT_THAT(to_json(ticket), Not(HasSubstr("source_id")));

  ticket.source_id = 9007199254740993;
  EXPECT_THAT(to_json(ticket), HasSubstr(R"("content":"咨询","source_id":9007199254740993,"category":null)"));
  ticket.source_id = INT64_MIN;
  EXPECT_THAT(to_json(ticket), HasSubstr(R"("source_id":-9223372036854775808,)"));
  ticket.source_id = INT64_MAX;
  EXPECT_THAT(to_json(ticket), HasSubstr(R"("source_id":9223372036854775807,)"));
}

TEST(TicketJson, EqualTicketsGiveEqualText) {
  Ticket first;
  first.id = "PW2026000123";
  first.reply = "已答复";
  Ticket second = first;

  EXPECT_EQ(to_json(first), to_json(second));

  second.urges = 1;
  EXPECT_NE(to_json(first), to_json(second));
}

// --- Strict reading --------------------------------------------------------

struct Rejection {
  const char* name;
  std::function<void(ordered_json&)> change;
  // The key path the message must name, and a word of the problem.
  const char* path;
  const char* problem;
  ErrorCode code = ErrorCode::invalid_data;
};

std::vector<Rejection> rejections() {
  return {
      {"unknown top-level key", [](ordered_json& d) { d["extra"] = 1; }, "extra", "unknown key"},
      {"unknown nested key", [](ordered_json& d) { d["payload"]["requester"]["fax"] = ""; }, "payload.requester",
       "unknown key \"fax\""},
      {"missing top-level key", [](ordered_json& d) { d.erase("comment"); }, "comment", "missing"},
      {"missing clock key", [](ordered_json& d) { d["computed"]["handling_clock"].erase("due"); },
       "computed.handling_clock.due", "missing"},
      {"missing target key", [](ordered_json& d) { d["computed"]["dispatch_clock"]["target"].erase("unit"); },
       "computed.dispatch_clock.target.unit", "missing"},
      {"sequence as string", [](ordered_json& d) { d["sequence"] = "7"; }, "sequence", "expected an integer"},
      {"negative sequence", [](ordered_json& d) { d["sequence"] = -1; }, "sequence", "-1", ErrorCode::out_of_range},
      {"fractional sequence", [](ordered_json& d) { d["sequence"] = 1.5; }, "sequence", "expected an integer"},
      {"days beyond int", [](ordered_json& d) { d["payload"]["days"] = 2147483648LL; }, "payload.days",
       "2147483648", ErrorCode::out_of_range},
      {"extensions beyond int", [](ordered_json& d) { d["computed"]["dispatch_clock"]["extensions"] = -2147483649LL; },
       "computed.dispatch_clock.extensions", "-2147483649", ErrorCode::out_of_range},
      {"source_id beyond int64", [](ordered_json& d) { d["payload"]["source_id"] = 9223372036854775808ULL; },
       "payload.source_id", "9223372036854775808", ErrorCode::out_of_range},
      {"source_id as string", [](ordered_json& d) { d["payload"]["source_id"] = "123"; }, "payload.source_id",
       "expected an integer"},
      {"source_id as float", [](ordered_json& d) { d["payload"]["source_id"] = 1.5; }, "payload.source_id",
       "expected an integer"},
      {"seconds as float", [](ordered_json& d) { d["computed"]["lost_working_seconds"] = 1e3; },
       "computed.lost_working_seconds", "expected an integer"},
      {"unknown event type", [](ordered_json& d) { d["type"] = "approve"; }, "type", "unknown event type"},
      {"unknown role", [](ordered_json& d) { d["actor"]["role"] = "admin"; }, "actor.role", "unknown role"},
      {"unknown channel", [](ordered_json& d) { d["payload"]["channel"] = "fax"; }, "payload.channel", "hotline"},
      {"unknown category", [](ordered_json& d) { d["payload"]["category"] = "easy"; }, "payload.category",
       "consultation"},
      {"unknown satisfaction", [](ordered_json& d) { d["payload"]["satisfaction"] = "happy"; },
       "payload.satisfaction", "unknown satisfaction"},
      {"unknown clock kind", [](ordered_json& d) { d["computed"]["dispatch_clock"]["kind"] = "reply"; },
       "computed.dispatch_clock.kind", "handling"},
      {"unknown target unit",
       [](ordered_json& d) { d["computed"]["dispatch_clock"]["target"]["unit"] = "working_hours"; },
       "computed.dispatch_clock.target.unit", "working_minutes"},
      {"unknown convention",
       [](ordered_json& d) { d["computed"]["handling_clock"]["target"]["convention"] = "calendar"; },
       "computed.handling_clock.target.convention", "legal_period"},
      {"instant without offset", [](ordered_json& d) { d["at"] = "2026-10-08T09:20:00"; }, "at", "offset"},
      {"instant without seconds", [](ordered_json& d) { d["at"] = "2026-10-08T09:20+08:00"; }, "at", "seconds"},
      {"instant as epoch seconds", [](ordered_json& d) { d["at"] = "@1790758200"; }, "at", "2026-10-08T09:20:00"},
      {"instant on a missing date", [](ordered_json& d) { d["payload"]["received_at"] = "2026-02-30T09:20:00+08:00"; },
       "payload.received_at", "2026-02-30"},
      {"instant as number", [](ordered_json& d) { d["at"] = 1790758200; }, "at", "expected a string"},
      {"clock instant empty", [](ordered_json& d) { d["computed"]["handling_clock"]["stopped_at"] = ""; },
       "computed.handling_clock.stopped_at", "offset"},
      {"flag as number", [](ordered_json& d) { d["computed"]["dispatch_clock"]["warned"] = 1; },
       "computed.dispatch_clock.warned", "true or false"},
      {"list item as number", [](ordered_json& d) { d["payload"]["assisting_units"][1] = 5; },
       "payload.assisting_units[1]", "expected a string"},
      {"attachments as string", [](ordered_json& d) { d["payload"]["result"]["attachments"] = "file-1"; },
       "payload.result.attachments", "array"},
      {"requester as string", [](ordered_json& d) { d["payload"]["requester"] = "张三"; }, "payload.requester",
       "expected an object"},
      {"null text", [](ordered_json& d) { d["payload"]["content"] = nullptr; }, "payload.content",
       "expected a string"},
      {"null clock target", [](ordered_json& d) { d["computed"]["dispatch_clock"]["target"] = nullptr; },
       "computed.dispatch_clock.target", "expected an object"},
  };
}

TEST(EventJsonStrict, RejectsChangedDocuments) {
  const std::string valid = to_json(full_event(EventType::report_result));
  for (const Rejection& rejection : rejections()) {
    SCOPED_TRACE(rejection.name);
    ordered_json document = ordered_json::parse(valid);
    rejection.change(document);

    const auto error = capture_error([&] { event_from_json(document.dump(), kSource); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(rejection.code, error->code());
    EXPECT_THAT(error->message(), HasSubstr(kSource));
    EXPECT_THAT(error->message(), HasSubstr(rejection.path));
    EXPECT_THAT(error->message(), HasSubstr(rejection.problem));
    EXPECT_THAT(error->message(Language::zh_CN), HasSubstr(rejection.path));
  }
}

TEST(EventJsonStrict, RejectsMalformedText) {
  const std::string valid = to_json(full_event(EventType::claim));
  const std::vector<std::string> texts = {
      "",
      "not json",
      "[]",
      "null",
      valid.substr(0, valid.size() - 1),
      valid + " {}",
      R"({"ticket_id":"a","ticket_id":"b"})",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);

    const auto error = capture_error([&] { event_from_json(text, kSource); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_THAT(error->message(), HasSubstr(kSource));
  }
}

TEST(EventJsonStrict, NamesDuplicateKey) {
  const auto error = capture_error([] { event_from_json(R"({"ticket_id":"a","ticket_id":"b"})", kSource); });

  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message(), HasSubstr("duplicate key \"ticket_id\""));
}

TEST(EventJsonStrict, SourceIdBeyondInt64IsOutOfRange) {
  const char* const numbers[] = {"9223372036854775808", "18446744073709551615", "18446744073709551616",
                                 "-9223372036854775809", "1e30"};
  for (const std::string number : numbers) {
    const auto error = capture_error([&] { event_from_json(registration_with_source_id(number), kSource); });

    ASSERT_TRUE(error.has_value()) << number;
    EXPECT_EQ(ErrorCode::out_of_range, error->code()) << number;
    EXPECT_THAT(error->message(), HasSubstr("payload.source_id: the value " + number + " is out of range"));
    EXPECT_THAT(error->message(Language::zh_CN), HasSubstr("数值 " + number + " 超出范围")) << number;
  }
}

TEST(EventJsonStrict, SourceIdNotAnIntegerIsInvalidData) {
  const char* const values[] = {"1.0", "1e3", "\"123\"", "true"};
  for (const std::string value : values) {
    const auto error = capture_error([&] { event_from_json(registration_with_source_id(value), kSource); });

    ASSERT_TRUE(error.has_value()) << value;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << value;
    EXPECT_THAT(error->message(), HasSubstr("payload.source_id: expected an integer")) << value;
  }
}

TEST(EventJsonStrict, AcceptsUnchangedText) {
  const std::string valid = to_json(full_event(EventType::report_result));

  EXPECT_NO_THROW(event_from_json(valid, kSource));
  EXPECT_THAT(valid, Not(HasSubstr("\n")));
}

}  // namespace
