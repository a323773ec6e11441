// JSON form of commands: exact round trips, keys that may be left out, and
// strict rejection of misspelt keys, wrong types, out-of-range numbers and
// engine-only event types, with messages naming the source and key path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "history_samples.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Command;
using jishiban::command_from_json;
using jishiban::ErrorCode;
using jishiban::EventType;
using jishiban::Language;
using jishiban::Role;
using jishiban::to_json;
using jishiban_test::capture_error;
using jishiban_test::full_event;
using testing::HasSubstr;

constexpr const char* kSource = "stream.jsonl line 12";

// A command with every field set, from the sample event of that type.
Command full_command(EventType type) {
  const jishiban::Event event = full_event(type);
  Command command;
  command.type = type;
  command.ticket_id = event.ticket_id;
  command.actor = event.actor;
  command.payload = event.payload;
  command.comment = "备注";
  command.expected_version = 9007199254740993ULL;
  command.idempotency_key = "<20261008.4711@mail.example.com>";
  return command;
}

bool same(const Command& a, const Command& b) {
  return a.type == b.type && a.ticket_id == b.ticket_id && a.actor.id == b.actor.id &&
         a.actor.name == b.actor.name && a.actor.role == b.actor.role && a.actor.unit == b.actor.unit && a.payload == b.payload &&
         a.comment == b.comment && a.expected_version == b.expected_version &&
         a.idempotency_key == b.idempotency_key;
}

// The error command_from_json raises for `text`, which must be one.
jishiban::Error parse_error(const std::string& text) {
  const auto error = capture_error([&] { command_from_json(text, kSource); });
  EXPECT_TRUE(error.has_value()) << text;
  return error.value_or(jishiban::Error(ErrorCode::invalid_argument, "none", "none"));
}

constexpr const char* kActor = R"("actor":{"id":"u1","role":"service_officer"})";

// --- Round trips -----------------------------------------------------------

TEST(CommandJson, RoundTripsEveryFieldOfEveryCommandType) {
  for (int index = 0; index <= static_cast<int>(EventType::archive); ++index) {
    const Command command = full_command(static_cast<EventType>(index));
    const std::string text = to_json(command);

    const Command parsed = command_from_json(text, kSource);

    EXPECT_TRUE(same(command, parsed)) << text;
    EXPECT_EQ(text, to_json(parsed));
  }
}

TEST(CommandJson, LeavesOutKeysWithoutValue) {
  Command command;
  command.type = EventType::urge;
  command.ticket_id = "PW2026000001";
  command.actor = jishiban::Actor{"o1", "", Role::service_officer, ""};

  EXPECT_EQ(R"({"type":"urge","ticket":"PW2026000001","actor":{"id":"o1","role":"service_officer"}})",
            to_json(command));
}

TEST(CommandJson, KeepsChineseTextByteForByte) {
  const std::string text =
      R"({"type":"register_request",)" + std::string(kActor) +
      R"(,"payload":{"channel":"hotline","content":"咨询环评审批时限，材料是否齐全？𠮷"}})";

  const Command command = command_from_json(text, kSource);

  EXPECT_EQ("咨询环评审批时限，材料是否齐全？𠮷", command.payload.content);
  EXPECT_NE(std::string::npos, to_json(command).find("咨询环评审批时限，材料是否齐全？𠮷"));
}

TEST(CommandJson, ReadsNullAsNoValue) {
  const Command command = command_from_json(
      R"({"type":"urge","ticket":"PW1","actor":{"id":"o1","name":null,"role":"service_officer","unit":null},)"
      R"("payload":{"category":null,"days":null,"requester":null},"comment":null,"expected_version":null})",
      kSource);

  EXPECT_FALSE(command.payload.category.has_value());
  EXPECT_EQ(0, command.payload.days);
  EXPECT_FALSE(command.payload.requester.has_value());
  EXPECT_FALSE(command.expected_version.has_value());
  EXPECT_EQ("", command.actor.unit);
}

// --- Rejections ------------------------------------------------------------

TEST(CommandJson, RejectsMissingTypeActorOrRole) {
  EXPECT_THAT(parse_error(std::string("{") + kActor + "}").message(), HasSubstr("type"));
  EXPECT_THAT(parse_error(R"({"type":"urge"})").message(), HasSubstr("actor"));
  EXPECT_THAT(parse_error(R"({"type":"urge","actor":{"id":"o1"}})").message(), HasSubstr("actor.role"));
}

TEST(CommandJson, RejectsUnknownKeysWithTheirPath) {
  const jishiban::Error top = parse_error(R"({"type":"urge","tikcet":"PW1",)" + std::string(kActor) + "}");
  EXPECT_EQ(ErrorCode::invalid_data, top.code());
  EXPECT_THAT(top.message(), HasSubstr("tikcet"));
  EXPECT_THAT(top.message(), HasSubstr(kSource));

  const jishiban::Error nested =
      parse_error(R"({"type":"claim",)" + std::string(kActor) + R"(,"payload":{"handler":"h1"}})");
  EXPECT_THAT(nested.message(), HasSubstr("handler"));
}

TEST(CommandJson, RejectsEngineOnlyEventTypesAndUnknownNames) {
  const jishiban::Error sla = parse_error(R"({"type":"sla_breach",)" + std::string(kActor) + "}");
  EXPECT_THAT(sla.message(), HasSubstr("sla_breach"));
  EXPECT_THAT(sla.message(Language::zh_CN), HasSubstr("由引擎自行记录"));

  EXPECT_THAT(parse_error(R"({"type":"approve",)" + std::string(kActor) + "}").message(), HasSubstr("approve"));
  EXPECT_THAT(parse_error(R"({"type":"urge","actor":{"id":"o1","role":"boss"}})").message(), HasSubstr("boss"));
  EXPECT_THAT(
      parse_error(R"({"type":"draft",)" + std::string(kActor) + R"(,"payload":{"category":"urgent"}})").message(),
      HasSubstr("urgent"));
}

TEST(CommandJson, RejectsWrongTypesAndOutOfRangeNumbers) {
  const std::string head = R"({"type":"request_extension","ticket":"PW1",)" + std::string(kActor);
  EXPECT_THAT(parse_error(head + R"(,"payload":{"days":"3"}})").message(), HasSubstr("payload.days"));
  EXPECT_THAT(parse_error(head + R"(,"payload":{"days":2.5}})").message(), HasSubstr("payload.days"));
  EXPECT_THAT(parse_error(head + R"(,"payload":{"days":4294967296}})").message(), HasSubstr("4294967296"));
  EXPECT_THAT(parse_error(head + R"(,"expected_version":-1})").message(), HasSubstr("expected_version"));
  EXPECT_THAT(parse_error(head + R"(,"expected_version":18446744073709551616})").message(),
              HasSubstr("expected_version"));
  EXPECT_THAT(parse_error(head + R"(,"ticket":7})").message(), HasSubstr("ticket"));
}

TEST(CommandJson, KeepsLargestExpectedVersionExactly) {
  const Command command = command_from_json(
      R"({"type":"urge","ticket":"PW1",)" + std::string(kActor) + R"(,"expected_version":18446744073709551615})",
      kSource);
  EXPECT_EQ(UINT64_MAX, command.expected_version);
}

TEST(CommandJson, OutOfRangeIntegersAreOutOfRange) {
  const std::string head = R"({"type":"request_extension","ticket":"PW1",)" + std::string(kActor);
  const struct {
    const char* member;
    const char* number;
  } cases[] = {
      {"payload.days", "2147483648"},
      {"payload.days", "-2147483649"},
      {"payload.days", "1e30"},
      {"expected_version", "-1"},
      {"expected_version", "18446744073709551616"},
  };
  for (const auto& c : cases) {
    const std::string member = c.member;
    const std::string text = member == "payload.days" ? head + R"(,"payload":{"days":)" + c.number + "}}"
                                                      : head + R"(,"expected_version":)" + c.number + "}";

    const jishiban::Error error = parse_error(text);

    EXPECT_EQ(ErrorCode::out_of_range, error.code()) << text;
    EXPECT_THAT(error.message(), HasSubstr(member + ": the value " + c.number + " is out of range")) << text;
    EXPECT_THAT(error.message(Language::zh_CN), HasSubstr(c.number)) << text;
  }
}

TEST(CommandJson, FractionOrExponentInRangeIsInvalidData) {
  const std::string head = R"({"type":"request_extension","ticket":"PW1",)" + std::string(kActor);

  const jishiban::Error days = parse_error(head + R"(,"payload":{"days":1e1}})");
  EXPECT_EQ(ErrorCode::invalid_data, days.code());
  EXPECT_THAT(days.message(), HasSubstr("payload.days"));
  EXPECT_THAT(days.message(), HasSubstr("found 1e1;"));

  const jishiban::Error version = parse_error(head + R"(,"expected_version":4.0})");
  EXPECT_EQ(ErrorCode::invalid_data, version.code());
  EXPECT_THAT(version.message(), HasSubstr("found 4.0;"));
}

// --- source_id ---------------------------------------------------------------

// A registration whose payload ends with `"source_id":` and `number`.
std::string registration_with_source_id(const std::string& number) {
  return R"({"type":"register_request",)" + std::string(kActor) +
         R"(,"payload":{"channel":"wechat","requester":{"name":"张三"},"content":"咨询","source_id":)" + number +
         "}}";
}

TEST(CommandJsonSourceId, KeepsIntegersBeyondDoublePrecision) {
  // 2^53 + 1, the first integer that a double cannot hold.
  const Command command = command_from_json(registration_with_source_id("9007199254740993"), kSource);

  EXPECT_EQ(std::optional<std::int64_t>(9007199254740993), command.payload.source_id);
  EXPECT_THAT(to_json(command), HasSubstr(R"("source_id":9007199254740993)"));
}

TEST(CommandJsonSourceId, KeepsBothEndsOfInt64) {
  const std::int64_t values[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX};
  for (const std::int64_t value : values) {
    const std::string number = std::to_string(value);

    const Command command = command_from_json(registration_with_source_id(number), kSource);

    EXPECT_EQ(std::optional<std::int64_t>(value), command.payload.source_id) << number;
    const std::string text = to_json(command);
    EXPECT_THAT(text, HasSubstr("\"source_id\":" + number)) << number;
    EXPECT_EQ(command.payload, command_from_json(text, kSource).payload) << text;
  }
}

TEST(CommandJsonSourceId, WritesItOnlyWhenPresent) {
  Command command = full_command(EventType::register_request);
  EXPECT_THAT(to_json(command), testing::Not(HasSubstr("source_id")));

  command.payload.source_id = 0;
  EXPECT_THAT(to_json(command), HasSubstr(R"("source_id":0,"category":)"));
  EXPECT_EQ(std::optional<std::int64_t>(0), command_from_json(to_json(command), kSource).payload.source_id);
}

TEST(CommandJsonSourceId, ReadsNullAsNoValue) {
  const Command command = command_from_json(registration_with_source_id("null"), kSource);

  EXPECT_FALSE(command.payload.source_id.has_value());
}

TEST(CommandJsonSourceId, OutOfRangeNamesMemberAndText) {
  const char* const numbers[] = {
      "9223372036854775808",   // INT64_MAX + 1, which nlohmann/json reads as unsigned
      "18446744073709551615",  // UINT64_MAX
      "18446744073709551616",  // UINT64_MAX + 1, which nlohmann/json reads as a double
      "-9223372036854775809",  // INT64_MIN - 1, whose double equals INT64_MIN
      "1e30",
      "-1.5e19",
  };
  for (const std::string number : numbers) {
    const jishiban::Error error = parse_error(registration_with_source_id(number));

    EXPECT_EQ(ErrorCode::out_of_range, error.code()) << number;
    EXPECT_THAT(error.message(), HasSubstr(kSource)) << number;
    EXPECT_THAT(error.message(), HasSubstr("payload.source_id: the value " + number + " is out of range"));
    EXPECT_THAT(error.message(), HasSubstr("-9223372036854775808 to 9223372036854775807")) << number;
    EXPECT_THAT(error.message(Language::zh_CN), HasSubstr("payload.source_id")) << number;
    EXPECT_THAT(error.message(Language::zh_CN), HasSubstr("数值 " + number + " 超出范围")) << number;
  }
}

TEST(CommandJsonSourceId, NonIntegerIsInvalidData) {
  const struct {
    const char* value;
    const char* found;
  } cases[] = {
      {"1.0", "found 1.0;"},
      {"1e3", "found 1e3;"},
      {"-0.5", "found -0.5;"},
      {R"("123")", R"(found "123")"},
      {"true", "found boolean"},
      {"[1]", "found array"},
  };
  for (const auto& c : cases) {
    const jishiban::Error error = parse_error(registration_with_source_id(c.value));

    EXPECT_EQ(ErrorCode::invalid_data, error.code()) << c.value;
    EXPECT_THAT(error.message(), HasSubstr("payload.source_id: expected an integer")) << c.value;
    EXPECT_THAT(error.message(), HasSubstr(c.found)) << c.value;
  }
}

TEST(CommandJson, RejectsInstantsWithoutSecondsOrOffset) {
  const std::string head = R"({"type":"register_request",)" + std::string(kActor) + R"(,"payload":{"received_at":)";
  EXPECT_THAT(parse_error(head + R"("2026-10-08T09:20+08:00"}})").message(), HasSubstr("payload.received_at"));
  EXPECT_THAT(parse_error(head + R"("2026-10-08T09:20:00"}})").message(), HasSubstr("payload.received_at"));
  EXPECT_THAT(parse_error(head + R"("2026-02-30T09:20:00+08:00"}})").message(), HasSubstr("payload.received_at"));
}

TEST(CommandJson, RejectsMalformedDuplicateKeysAndInvalidUtf8) {
  EXPECT_EQ(ErrorCode::invalid_data, parse_error(R"({"type":"urge",)").code());
  EXPECT_EQ(ErrorCode::invalid_data, parse_error("[]").code());
  EXPECT_THAT(parse_error(R"({"type":"urge","type":"claim",)" + std::string(kActor) + "}").message(),
              HasSubstr("type"));
  const std::string gbk_title = "\xbb\xb7\xc6\xc0";  // "环评" in GBK
  EXPECT_EQ(ErrorCode::invalid_data,
            parse_error(R"({"type":"urge",)" + std::string(kActor) + R"(,"comment":")" + gbk_title + "\"}").code());
}

TEST(CommandJson, RejectsWritingInvalidValues) {
  Command command = full_command(EventType::urge);
  command.comment = "\xbb\xb7\xc6\xc0";
  EXPECT_EQ(ErrorCode::invalid_argument, capture_error([&] { to_json(command); })->code());

  command = full_command(EventType::urge);
  command.type = EventType::sla_breach;
  EXPECT_EQ(ErrorCode::invalid_argument, capture_error([&] { to_json(command); })->code());

  command = full_command(EventType::urge);
  command.actor.role = static_cast<Role>(42);
  EXPECT_EQ(ErrorCode::invalid_argument, capture_error([&] { to_json(command); })->code());
}

// A value outside its enumeration has no name: writing "unknown" would give
// text that command_from_json rejects.
TEST(CommandJson, RejectsWritingUnnamedEnumValues) {
  const auto write_error = [](const Command& command) -> std::optional<ErrorCode> {
    const auto error = capture_error([&] { to_json(command); });
    return error ? std::optional<ErrorCode>(error->code()) : std::nullopt;
  };

  Command registration = full_command(EventType::register_request);
  registration.payload.channel = static_cast<jishiban::Channel>(7);
  EXPECT_EQ(std::optional<ErrorCode>(ErrorCode::invalid_argument), write_error(registration));

  Command draft = full_command(EventType::draft);
  draft.payload.category = static_cast<jishiban::Category>(7);
  EXPECT_EQ(std::optional<ErrorCode>(ErrorCode::invalid_argument), write_error(draft));

  Command visit = full_command(EventType::return_visit);
  visit.payload.satisfaction = static_cast<jishiban::Satisfaction>(7);
  EXPECT_EQ(std::optional<ErrorCode>(ErrorCode::invalid_argument), write_error(visit));
}

}  // namespace
