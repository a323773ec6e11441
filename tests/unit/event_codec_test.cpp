// The compact binary encoding of events that InMemoryStore keeps: exact round
// trips, the size of typical records, and rejection of truncated or corrupt
// bytes without reading outside them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "history_samples.hpp"
#include "test_support.hpp"
#include "workflow/event_codec.hpp"

namespace {

using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::Instant;
using jishiban::Role;
using jishiban::SlaClock;
using jishiban::SlaClockKind;
using jishiban::TargetSpec;
using jishiban::detail::decode_events;
using jishiban::detail::encode_event;
using jishiban::detail::EventReader;
using jishiban::detail::HistoryPosition;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using jishiban_test::full_event;
using testing::HasSubstr;

constexpr const char* kTicketId = "PW2026000123";

// Encodes `events` as one history of ticket `ticket_id`.
std::string encode_history(const std::vector<Event>& events, const std::string& ticket_id = kTicketId) {
  std::string bytes;
  HistoryPosition position;
  for (const Event& event : events) {
    encode_event(event, ticket_id, position, bytes);
    position = HistoryPosition{event.sequence, event.at};
  }
  return bytes;
}

std::string encode_one(const Event& event) { return encode_history({event}); }

// A typical event of a running ticket: short ids, no free text.
Event claim_event() {
  Event event;
  event.ticket_id = kTicketId;
  event.sequence = 4;
  event.type = EventType::claim;
  event.at = china_instant(2026, 10, 8, 10, 5, 0);
  event.actor = jishiban::Actor{"u-023", "张伟", Role::unit_leader, "tax"};
  event.payload.handler_id = "u-042";
  event.payload.handler_name = "李娜";
  return event;
}

// A typical event that starts the handling clock: approval of dispatch.
Event dispatch_event() {
  Event event;
  event.ticket_id = kTicketId;
  event.sequence = 3;
  event.type = EventType::approve_dispatch;
  event.at = china_instant(2026, 10, 8, 9, 40, 0);
  event.actor = jishiban::Actor{"u-002", "刘洋", Role::office_leader, ""};

  SlaClock dispatch;
  dispatch.kind = SlaClockKind::dispatch;
  dispatch.target = TargetSpec::working_minutes(10);
  dispatch.start = china_instant(2026, 10, 8, 9, 20, 0);
  dispatch.due = china_instant(2026, 10, 8, 9, 30, 0);
  dispatch.warning_at = china_instant(2026, 10, 8, 9, 27, 30);
  dispatch.escalation_at = dispatch.due;
  dispatch.stopped_at = event.at;
  event.computed.dispatch_clock = dispatch;

  SlaClock handling;
  handling.kind = SlaClockKind::handling;
  handling.target = TargetSpec::working_days(2);
  handling.start = event.at;
  handling.due = china_instant(2026, 10, 12, 17, 30, 0);
  handling.warning_at = china_instant(2026, 10, 12, 9, 52, 30);
  handling.escalation_at = china_instant(2026, 10, 13, 17, 30, 0);
  event.computed.handling_clock = handling;
  return event;
}

// --- Round trips -----------------------------------------------------------

TEST(EventCodec, RoundTripsEveryFieldForEveryType) {
  std::vector<Event> events;
  for (std::size_t index = 0; index < jishiban::event_type_count; ++index) {
    Event event = full_event(static_cast<EventType>(index));
    event.sequence = index + 1;
    event.at += std::chrono::minutes(index);
    events.push_back(event);
  }

  EXPECT_EQ(events, decode_events(encode_history(events), kTicketId));
}

TEST(EventCodec, RoundTripsRandomHistories) {
  jishiban_test::RandomEvents random(20261008, /*json_safe=*/false);
  std::mt19937_64 lengths(7);
  for (int history = 0; history < 500; ++history) {
    std::vector<Event> events(std::uniform_int_distribution<std::size_t>(1, 12)(lengths));
    for (Event& event : events) {
      event = random.event();
    }

    const std::vector<Event> decoded = decode_events(encode_history(events, "PW2026000001"), "PW2026000001");

    ASSERT_EQ(events, decoded) << "history " << history;
  }
}

TEST(EventCodec, RoundTripsExtremeValues) {
  Event event = full_event(EventType::sla_breach);
  event.sequence = std::numeric_limits<std::uint64_t>::max();
  event.at = Instant::from_unix_seconds(std::numeric_limits<std::int64_t>::min());
  event.payload.received_at = Instant::from_unix_seconds(std::numeric_limits<std::int64_t>::max());
  event.payload.days = std::numeric_limits<int>::min();
  event.payload.source_id = std::numeric_limits<std::int64_t>::min();
  event.computed.lost_working_time = std::chrono::seconds(std::numeric_limits<std::int64_t>::min());
  SlaClock& clock = *event.computed.handling_clock;
  clock.target.amount = std::numeric_limits<std::int64_t>::max();
  clock.start = Instant::from_unix_seconds(std::numeric_limits<std::int64_t>::max());
  clock.due = Instant::from_unix_seconds(std::numeric_limits<std::int64_t>::min());
  clock.extensions = std::numeric_limits<int>::max();
  clock.kind = SlaClockKind::dispatch;

  EXPECT_EQ(std::vector<Event>{event}, decode_events(encode_one(event), kTicketId));
}

TEST(EventCodec, RoundTripsSourceIdOverInt64) {
  const std::int64_t values[] = {std::numeric_limits<std::int64_t>::min(), -1, 0, 1, 9007199254740993,
                                 std::numeric_limits<std::int64_t>::max()};
  for (const std::int64_t value : values) {
    Event event = full_event(EventType::register_request);
    event.payload.source_id = value;

    EXPECT_EQ(std::vector<Event>{event}, decode_events(encode_one(event), kTicketId)) << value;
  }
}

// The tag numbers are part of the encoding: a new field never takes the
// number of another, so bytes written before it existed still decode.
TEST(EventCodec, SourceIdTagIs36) {
  Event event;
  event.ticket_id = kTicketId;
  event.sequence = 1;
  event.payload.source_id = -1;

  // register_request, tag 36 with zigzag(-1) = 1, end.
  EXPECT_EQ(std::string("\x00\x24\x01\x00", 4), encode_one(event));
}

TEST(EventCodec, RecordWithoutSourceIdDecodes) {
  // register_request and end, as written before source_id existed.
  const std::vector<Event> events = decode_events(std::string("\x00\x00", 2), kTicketId);

  ASSERT_EQ(1u, events.size());
  EXPECT_FALSE(events[0].payload.source_id.has_value());
}

TEST(EventCodec, KeepsForeignTicketId) {
  Event event = claim_event();
  event.ticket_id = "PW2026000999";

  const std::vector<Event> decoded = decode_events(encode_one(event), kTicketId);

  ASSERT_EQ(1u, decoded.size());
  EXPECT_EQ("PW2026000999", decoded[0].ticket_id);
}

TEST(EventCodec, ReaderTracksPosition) {
  const Event first = dispatch_event();
  Event second = claim_event();
  const std::string bytes = encode_history({first, second});

  EventReader reader(bytes, kTicketId);
  EXPECT_EQ(first, reader.next());
  EXPECT_EQ(first.sequence, reader.position().sequence);
  EXPECT_EQ(second, reader.next());
  EXPECT_EQ(second.at, reader.position().at);
  EXPECT_TRUE(reader.at_end());
}

TEST(EventCodec, DecodesEmptyHistory) { EXPECT_TRUE(decode_events("", kTicketId).empty()); }

// --- Size ------------------------------------------------------------------

TEST(EventCodecSize, DefaultsCostNothing) {
  Event event;
  event.ticket_id = kTicketId;
  event.sequence = 1;

  // The event type and the end byte.
  EXPECT_EQ(2u, encode_one(event).size());
}

TEST(EventCodecSize, TypicalEventsStaySmall) {
  Event registration;
  registration.ticket_id = kTicketId;
  registration.sequence = 2;
  registration.type = EventType::draft;
  registration.at = china_instant(2026, 10, 8, 9, 25, 0);
  const Event dispatch = dispatch_event();
  const Event claim = claim_event();
  const HistoryPosition before_dispatch{registration.sequence, registration.at};
  const HistoryPosition before_claim{dispatch.sequence, dispatch.at};

  std::string dispatch_bytes;
  encode_event(dispatch, kTicketId, before_dispatch, dispatch_bytes);
  std::string claim_bytes;
  encode_event(claim, kTicketId, before_claim, claim_bytes);

  RecordProperty("approve_dispatch_bytes", static_cast<int>(dispatch_bytes.size()));
  RecordProperty("claim_bytes", static_cast<int>(claim_bytes.size()));
  // The claim contains 25 bytes of ids and names, and the dispatch approval 11
  // bytes and two clocks. The bounds fail if the encoding grows.
  EXPECT_LE(claim_bytes.size(), 45u);
  EXPECT_LE(dispatch_bytes.size(), 60u);
}

// --- Malformed bytes -------------------------------------------------------

TEST(EventCodecMalformed, RejectsEveryTruncation) {
  const std::string bytes = encode_one(full_event(EventType::report_result));
  for (std::size_t length = 1; length < bytes.size(); ++length) {
    SCOPED_TRACE(length);

    const auto error = capture_error([&] { decode_events(std::string_view(bytes).substr(0, length), kTicketId); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
  }
}

struct Corruption {
  const char* name;
  std::string bytes;
  const char* problem;
};

TEST(EventCodecMalformed, RejectsCorruptRecords) {
  using std::string;
  const std::vector<Corruption> corruptions = {
      {"event type past the last", string("\x28\x00", 2), "invalid event type value 40"},
      {"unknown tag", string("\x00\x09\x00", 3), "unknown field tag 9"},
      {"repeated tag", string("\x00\x04\x01x\x04\x01y\x00", 8), "field tag 4 is repeated or out of order"},
      {"tags out of order", string("\x00\x05\x01x\x04\x01y\x00", 8), "field tag 4 is repeated or out of order"},
      {"varint past 64 bits", string("\x00\x02\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01\x00", 14), "exceeds 64 bits"},
      {"varint cut off", string("\x00\x02\xFF", 3), "cut off"},
      {"string past the end", string("\x00\x04\x05xy\x00", 6), "string of 5 bytes"},
      {"list count past the end", string("\x00\x10\x09\x00", 4), "list of 9 strings"},
      {"days beyond int", string("\x00\x16\x80\x80\x80\x80\x10\x00", 8), "does not fit in an int"},
      {"source_id past 64 bits", string("\x00\x24\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x02\x00", 13),
       "exceeds 64 bits"},
      {"unknown role", string("\x00\x06\x09\x00", 4), "invalid role value 9"},
      {"unknown clock kind", string("\x00\x1E\x01\x02\x00\x00", 6), "invalid clock kind value 2"},
      {"unknown clock tag", string("\x00\x1E\x12\x00\x00", 5), "unknown field tag 18"},
      {"unknown requester tag", string("\x00\x0C\x06\x00\x00", 5), "unknown field tag 6"},
      {"missing end byte", string("\x00\x04\x01x", 4), "cut off"},
  };
  for (const Corruption& corruption : corruptions) {
    SCOPED_TRACE(corruption.name);

    const auto error = capture_error([&] { decode_events(corruption.bytes, kTicketId); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_THAT(error->message(), HasSubstr(corruption.problem));
    EXPECT_THAT(error->message(), HasSubstr(kTicketId));
    EXPECT_THAT(error->message(jishiban::Language::zh_CN), HasSubstr(kTicketId));
  }
}

TEST(EventCodecMalformed, NamesTheByteOffset) {
  const std::string bytes = encode_one(claim_event()) + std::string("\x00\x09\x00", 3);
  const std::size_t bad_tag = encode_one(claim_event()).size() + 1;

  const auto error = capture_error([&] { decode_events(bytes, kTicketId); });

  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message(), HasSubstr("at byte " + std::to_string(bad_tag)));
}

// Random byte changes either decode to some events or raise invalid_data;
// nothing else escapes. Under AddressSanitizer this also checks that no read
// leaves the buffer.
TEST(EventCodecMalformed, RandomCorruptionRaisesOnlyInvalidData) {
  const std::string valid = encode_history({dispatch_event(), full_event(EventType::report_result)});
  std::mt19937_64 random(42);
  int rejected = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string bytes = valid;
    const int changes = std::uniform_int_distribution<int>(1, 4)(random);
    for (int change = 0; change < changes; ++change) {
      const std::size_t at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(random);
      bytes[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
    }
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, bytes.size())(random);
    // A copy of exactly `length` bytes, so a read past it is a heap overflow.
    const std::string cut = bytes.substr(0, length);

    const auto error = capture_error([&] { decode_events(cut, kTicketId); });

    if (error) {
      ASSERT_EQ(ErrorCode::invalid_data, error->code()) << error->what();
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace

namespace {

// A ticket with every field set to a value other than its default.
jishiban::Ticket full_ticket() {
  using namespace jishiban;
  const Instant at = Instant::from_unix_seconds(1772416800);
  Ticket t;
  t.id = "PW2026000123";
  t.year = 2026;
  t.sequence = 123;
  t.received_at = at - std::chrono::seconds(600);
  t.registered_at = at;
  t.channel = Channel::wechat;
  t.requester = Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号", "13812345678", "pw123@163.com"};
  t.content = "企业反映道路照明不足";
  t.source_id = 9007199254740993;
  t.category = Category::difficult;
  t.lead_unit = "区建设局";
  t.assisting_units = {"区交通局", "区财政局"};
  t.proposed_handling = "现场核查";
  t.office_leader_opinion = Opinion{"ol1", "主任", "同意", at + std::chrono::seconds(60)};
  t.unit_leader_opinion = Opinion{"ul1", "局长", "", at + std::chrono::seconds(120)};
  t.committee_opinion = Opinion{"cl1", "主任委员", "方案可行", at + std::chrono::seconds(180)};
  t.handler_id = "h1";
  t.handler_name = "经办人";
  t.reviewer_id = "rv1";
  t.reviewer_name = "审核人";
  t.first_contact_at = at + std::chrono::seconds(240);
  t.proposal = "拟增设路灯";
  t.special_report = "专题报告";
  t.assisting_opinions = {AssistingOpinion{"区交通局", Opinion{"a1", "科长", "同意", at + std::chrono::seconds(300)}},
                          AssistingOpinion{"区财政局", Opinion{}}};
  t.assisting_override = "财政局意见未到，先行答复";
  t.reply = "已安排增设路灯";
  t.replied_at = at + std::chrono::seconds(360);
  t.declined = true;
  t.decline_rule = "第七条";
  t.result = ResultReport{"照明不足", "增设路灯", "已完成", {"file-1", "https://example.com/a.pdf"}};
  t.result_reported_at = at + std::chrono::seconds(420);
  t.satisfaction = Satisfaction::dissatisfied;
  t.return_visit_attempts = 2;
  t.requested_extension_days = 3;
  t.suspension_requested = true;
  t.urges = 4;
  t.returns = 1;
  t.reworks = 2;
  t.reopenings = 1;
  t.lost_working_time = std::chrono::seconds(5400);
  t.closure = Closure::closed_with_note;
  t.closing_note = "说明后办结";
  t.duplicate_of = "PW2026000001";
  t.state = TicketState::awaiting_return_visit;
  t.dispatch_clock = jishiban_test::full_clock(SlaClockKind::dispatch);
  t.handling_clock = jishiban_test::full_clock(SlaClockKind::handling);
  t.version = 17;
  t.updated_at = at + std::chrono::seconds(480);
  return t;
}

TEST(TicketCodec, RoundTripsEveryField) {
  const jishiban::Ticket ticket = full_ticket();
  std::string bytes;
  jishiban::detail::encode_ticket(ticket, bytes);
  EXPECT_EQ(ticket, jishiban::detail::decode_ticket(bytes));
}

TEST(TicketCodec, RoundTripsSourceIdOverInt64) {
  const std::int64_t values[] = {std::numeric_limits<std::int64_t>::min(), 0, 9007199254740993,
                                 std::numeric_limits<std::int64_t>::max()};
  for (const std::int64_t value : values) {
    jishiban::Ticket ticket = full_ticket();
    ticket.source_id = value;
    std::string bytes;

    jishiban::detail::encode_ticket(ticket, bytes);

    EXPECT_EQ(ticket, jishiban::detail::decode_ticket(bytes)) << value;
  }
}

TEST(TicketCodec, SourceIdTagIs48) {
  jishiban::Ticket ticket;
  ticket.source_id = 1;
  std::string bytes;

  jishiban::detail::encode_ticket(ticket, bytes);

  // registered_at, received_at and updated_at at 0, then tag 48 with
  // zigzag(1) = 2, end.
  EXPECT_EQ(std::string("\x01\x00\x05\x00\x2F\x00\x30\x02\x00", 9), bytes);
}

TEST(TicketCodec, SnapshotWithoutSourceIdDecodes) {
  // A default ticket as written before source_id existed.
  const std::string old_bytes("\x01\x00\x05\x00\x2F\x00\x00", 7);
  std::string bytes;
  jishiban::detail::encode_ticket(jishiban::Ticket{}, bytes);

  EXPECT_EQ(old_bytes, bytes);
  EXPECT_EQ(jishiban::Ticket{}, jishiban::detail::decode_ticket(old_bytes));
}

TEST(TicketCodec, RoundTripsDefaultTicket) {
  const jishiban::Ticket ticket;
  std::string bytes;
  jishiban::detail::encode_ticket(ticket, bytes);
  EXPECT_EQ(ticket, jishiban::detail::decode_ticket(bytes));
}

TEST(TicketCodec, RejectsEveryTruncation) {
  std::string bytes;
  jishiban::detail::encode_ticket(full_ticket(), bytes);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    const auto error = capture_error([&] { jishiban::detail::decode_ticket(std::string_view(bytes).substr(0, size)); });
    ASSERT_TRUE(error.has_value()) << "prefix of " << size << " bytes decoded";
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << "prefix of " << size << " bytes";
  }
}

}  // namespace
