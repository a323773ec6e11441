// Hostile input to the workflow engine, the history JSON reader and fold().
// The cases are enumeration values cast from integers outside their
// enumeration, actor strings the history could not carry, instants outside
// the calendar, oversized lists and ids, malformed JSON around contact data,
// and histories the engine never writes. Each must end in a jishiban::Error
// with the right code, never a crash, a foreign exception or a changed
// ticket. The tests that drive an engine run on the in-memory store and on
// a SQLite database.
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "engine_stores.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::Category;
using jishiban::Channel;
using jishiban::Command;
using jishiban::Engine;
using jishiban::EngineOptions;
using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::Instant;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::Notifier;
using jishiban::Requester;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::SlaClockKind;
using jishiban::Ticket;
using jishiban::TicketStore;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;

const Actor kOfficer{"so-01", "周敏", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-01", "陈刚", Role::office_leader, ""};
const Requester kRequester{"张三丰", "大连普湾建设有限公司", "大连市金州区金石滩街道黄金路8号", "13812345678",
                           "zhangsanfeng@example.com"};

class NullNotifier final : public Notifier {
 public:
  void notify(const Notification&) override {}
};

// An engine on an empty store with the built-in calendar, at Monday
// 2026-01-05 09:00 in China.
class HostileCommand : public testing::TestWithParam<StoreKind> {
 protected:
  HostileCommand() : clock_(china_instant(2026, 1, 5, 9, 0)), engine_(Calendar(), store_, notifier_, clock_) {}

  static Command registration() {
    Command command;
    command.type = EventType::register_request;
    command.actor = kOfficer;
    command.payload.channel = Channel::hotline;
    command.payload.requester = kRequester;
    command.payload.content = "咨询新办企业税务登记流程";
    return command;
  }

  std::string registered() { return engine_.execute(registration()).id; }

  static Command draft(const std::string& id) {
    Command command;
    command.type = EventType::draft;
    command.ticket_id = id;
    command.actor = kOfficer;
    command.payload.category = Category::general;
    command.payload.lead_unit = "区税务局";
    return command;
  }

  // Runs a command that must fail, and returns its error.
  Error rejected(const Command& command) {
    const std::optional<Error> error = capture_error([&] { engine_.execute(command); });
    if (!error) {
      throw std::logic_error("the command was accepted");
    }
    return *error;
  }

  std::unique_ptr<TicketStore> owned_store_ = jishiban_test::make_store(GetParam());
  TicketStore& store_ = *owned_store_;
  NullNotifier notifier_;
  ManualClock clock_;
  Engine engine_;
};

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// --- Enumeration values outside their enumeration ----------------------------

TEST_P(HostileCommand, ChannelOutOfRangeRejected) {
  for (const int value : {3, 7, -1, INT_MAX}) {
    Command command = registration();
    command.payload.channel = static_cast<Channel>(value);
    const Error error = rejected(command);
    EXPECT_EQ(error.code(), ErrorCode::invalid_argument) << value;
    EXPECT_TRUE(contains(error.what(), "\"channel\" is " + std::to_string(value))) << error.what();
  }
  EXPECT_EQ(store_.size(), 0u);
}

TEST_P(HostileCommand, CategoryOutOfRangeLeavesTicketReadable) {
  const std::string id = registered();
  Command command = draft(id);
  command.payload.category = static_cast<Category>(5);
  const Error error = rejected(command);
  EXPECT_EQ(error.code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(contains(error.what(), "\"category\" is 5")) << error.what();

  EXPECT_EQ(store_.load(id)->version, 1u);
  EXPECT_EQ(engine_.history(kOfficer, id).size(), 1u);
}

TEST_P(HostileCommand, ReclassifyCategoryOutOfRangeRejected) {
  const std::string id = registered();
  engine_.execute(draft(id));
  Command approve;
  approve.type = EventType::approve_dispatch;
  approve.ticket_id = id;
  approve.actor = kOfficeLeader;
  engine_.execute(approve);

  Command command;
  command.type = EventType::reclassify;
  command.ticket_id = id;
  command.actor = kOfficeLeader;
  command.payload.category = static_cast<Category>(-2);
  command.payload.text = "调整类别";
  EXPECT_EQ(rejected(command).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(store_.load(id)->version, 3u);
}

TEST_P(HostileCommand, SatisfactionOutOfRangeRejected) {
  Command command;
  command.type = EventType::return_visit;
  command.ticket_id = registered();
  command.actor = kOfficer;
  command.payload.satisfaction = static_cast<Satisfaction>(9);
  const Error error = rejected(command);
  EXPECT_EQ(error.code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(contains(error.what(), "\"satisfaction\" is 9")) << error.what();
}

TEST_P(HostileCommand, RoleOutOfRangeRejected) {
  Command command = registration();
  command.actor.role = static_cast<Role>(42);
  const Error error = rejected(command);
  EXPECT_EQ(error.code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(contains(error.what(), "\"actor.role\" is 42")) << error.what();
}

TEST_P(HostileCommand, CommandTypeOutOfRangeRejected) {
  const std::string id = registered();
  for (const int value : {-1, 40, 99, INT_MIN}) {
    Command command;
    command.type = static_cast<EventType>(value);
    command.ticket_id = id;
    command.actor = kOfficer;
    const Error error = rejected(command);
    EXPECT_EQ(error.code(), ErrorCode::invalid_argument) << value;
    EXPECT_TRUE(contains(error.what(), "command type " + std::to_string(value))) << error.what();
  }
  EXPECT_EQ(store_.load(id)->version, 1u);
}

// --- Actor strings, instants, sizes -------------------------------------------

TEST_P(HostileCommand, MalformedActorStringsRejected) {
  struct Case {
    const char* field;
    std::string Actor::*member;
    std::string value;
  };
  const Case cases[] = {
      {"actor.id", &Actor::id, "so\xff"},
      {"actor.id", &Actor::id, std::string(300, 'i')},
      {"actor.name", &Actor::name, std::string(1 << 20, 'n')},
      {"actor.name", &Actor::name, std::string("a\0b", 3)},
      {"actor.name", &Actor::name, "\x1b[31m红"},
      {"actor.unit", &Actor::unit, "\xc0\x80"},
  };
  for (const Case& c : cases) {
    Command command = registration();
    command.actor.*c.member = c.value;
    const Error error = rejected(command);
    EXPECT_EQ(error.code(), ErrorCode::invalid_argument) << c.field;
    EXPECT_TRUE(contains(error.what(), std::string("\"") + c.field + "\"")) << error.what();
  }
  EXPECT_EQ(store_.size(), 0u);
}

TEST_P(HostileCommand, ReceivedBeforeYear1400IsOutOfRange) {
  for (const std::int64_t seconds : {INT64_MIN, std::int64_t{-21000000000}}) {
    Command command = registration();
    command.payload.received_at = Instant::from_unix_seconds(seconds);
    // A foreign exception, such as Boost's bad_year, fails the test here.
    EXPECT_EQ(rejected(command).code(), ErrorCode::out_of_range) << seconds;
  }
  EXPECT_EQ(store_.size(), 0u);
}

TEST_P(HostileCommand, HugeRegisterTicketIdMessageIsShort) {
  Command command = registration();
  command.ticket_id = std::string(1 << 20, 'x');
  const Error error = rejected(command);
  EXPECT_EQ(error.code(), ErrorCode::invalid_argument);
  EXPECT_LT(error.message().size(), 1000u);
}

TEST_P(HostileCommand, ManyAssistingUnitsRejectedQuickly) {
  Command command = draft(registered());
  for (int i = 0; i < 100000; ++i) {
    command.payload.assisting_units.push_back("unit " + std::to_string(i));
  }
  const auto start = std::chrono::steady_clock::now();
  const Error error = rejected(command);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error.code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(contains(error.what(), "more than 32 units")) << error.what();
  // The duplicate search is quadratic. While it ran before the size check,
  // 20000 units took about 4 s under AddressSanitizer.
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

INSTANTIATE_TEST_SUITE_P(Stores, HostileCommand, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- A log callback that throws ----------------------------------------------------

using HostileLog = testing::TestWithParam<StoreKind>;

TEST_P(HostileLog, ThrowingLogKeepsOutcomes) {
  const std::unique_ptr<TicketStore> owned_store = jishiban_test::make_store(GetParam());
  TicketStore& store = *owned_store;
  NullNotifier notifier;
  ManualClock clock(china_instant(2026, 1, 5, 9, 0));
  EngineOptions options;
  options.log = [](std::string_view) { throw std::runtime_error("the log disk is full"); };
  Engine engine(Calendar(), store, notifier, clock, options);

  Command command;
  command.type = EventType::register_request;
  command.actor = kOfficer;
  command.payload.channel = Channel::hotline;
  command.payload.requester = kRequester;
  command.payload.content = "咨询";
  // A registration that looked failed would be retried as a second ticket.
  const Ticket ticket = engine.execute(command);
  EXPECT_EQ(store.size(), 1u);

  Command missing_channel = command;
  missing_channel.payload.channel.reset();
  const auto error = capture_error([&] { engine.execute(missing_channel); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), ErrorCode::invalid_argument);

  clock.set(china_instant(2026, 1, 5, 12, 0));
  const std::vector<Event> recorded = engine.poll();
  EXPECT_EQ(recorded.size(), 2u);
  EXPECT_EQ(store.history(ticket.id).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Stores, HostileLog, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- The history JSON reader ------------------------------------------------------

// The JSON line of a registration event with kRequester's contact data, as
// a store of `kind` returns it.
std::string registration_json(StoreKind kind) {
  const std::unique_ptr<TicketStore> store = jishiban_test::make_store(kind);
  NullNotifier notifier;
  ManualClock clock(china_instant(2026, 1, 5, 9, 0));
  Engine engine(Calendar(), *store, notifier, clock);
  Command command;
  command.type = EventType::register_request;
  command.actor = kOfficer;
  command.payload.channel = Channel::hotline;
  command.payload.requester = kRequester;
  command.payload.content = "咨询";
  const Ticket ticket = engine.execute(command);
  return jishiban::to_json(store->history(ticket.id).front());
}

using HostileEventJson = testing::TestWithParam<StoreKind>;

TEST_P(HostileEventJson, SyntaxErrorsDoNotQuoteContactData) {
  const std::string good = registration_json(GetParam());
  const std::size_t phone = good.find(kRequester.phone);
  ASSERT_NE(phone, std::string::npos);

  std::vector<std::string> broken;
  broken.push_back(good.substr(0, phone + 7));  // cut inside the phone number
  for (const std::string& insert : {std::string("\x01"), std::string("\\q"), std::string("\\ud800x")}) {
    std::string text = good;
    text.insert(phone + 7, insert);
    broken.push_back(text);
  }
  std::string bare = good;
  bare.replace(phone - 1, kRequester.phone.size() + 2, kRequester.phone + "x");
  broken.push_back(bare);  // an unquoted literal

  for (const std::string& text : broken) {
    const auto error = capture_error([&] { jishiban::event_from_json(text, "events.jsonl:3"); });
    ASSERT_TRUE(error.has_value()) << text;
    EXPECT_EQ(error->code(), ErrorCode::invalid_data);
    for (const auto language : {jishiban::Language::en, jishiban::Language::zh_CN}) {
      const std::string& message = error->message(language);
      EXPECT_TRUE(contains(message, "events.jsonl:3")) << message;
      EXPECT_FALSE(contains(message, kRequester.phone.substr(0, 7))) << message;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, HostileEventJson, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- fold() ------------------------------------------------------------------------

// A registration event and an SLA event after it, which tests then break.
class HostileFold : public testing::TestWithParam<StoreKind> {
 protected:
  HostileFold() {
    const std::unique_ptr<TicketStore> store = jishiban_test::make_store(GetParam());
    NullNotifier notifier;
    ManualClock clock(china_instant(2026, 1, 5, 9, 0));
    Engine engine(Calendar(), *store, notifier, clock);
    Command command;
    command.type = EventType::register_request;
    command.actor = kOfficer;
    command.payload.channel = Channel::hotline;
    command.payload.requester = kRequester;
    command.payload.content = "咨询";
    const Ticket ticket = engine.execute(command);
    clock.set(china_instant(2026, 1, 5, 9, 30));
    engine.poll();
    history_ = store->history(ticket.id);
  }

  Event& sla_event() { return history_.at(1); }

  void expect_invalid_data(const std::string& what) {
    const auto error = capture_error([&] { jishiban::fold(history_); });
    ASSERT_TRUE(error.has_value()) << what << " was accepted";
    EXPECT_EQ(error->code(), ErrorCode::invalid_data) << what;
  }

  std::vector<Event> history_;
};

TEST_P(HostileFold, EngineHistoryFolds) {
  ASSERT_EQ(history_.size(), 3u);
  EXPECT_EQ(history_[1].type, EventType::sla_warning);
  EXPECT_EQ(history_[2].type, EventType::sla_breach);
  EXPECT_NO_THROW(jishiban::fold(history_));
}

TEST_P(HostileFold, EventTypeOutOfRangeRejected) {
  // -1 used to index the machine's table of event handlers out of bounds.
  for (const int value : {-1, 40, 77, INT_MIN}) {
    sla_event().type = static_cast<EventType>(value);
    expect_invalid_data("type " + std::to_string(value));
  }
}

TEST_P(HostileFold, IncompleteRegistrationRejected) {
  const Event registration = history_.at(0);

  history_.at(0).payload.channel.reset();
  expect_invalid_data("registration without a channel");
  history_.at(0) = registration;

  history_.at(0).payload.requester.reset();
  expect_invalid_data("registration without a requester");
  history_.at(0) = registration;

  history_.at(0).computed.dispatch_clock.reset();
  expect_invalid_data("registration without a dispatch clock");
}

TEST_P(HostileFold, SlaEventWithoutClockRejected) {
  sla_event().computed.dispatch_clock.reset();
  expect_invalid_data("sla_warning without a clock");
  sla_event().type = EventType::deadline_recomputed;
  expect_invalid_data("deadline_recomputed without a clock");
}

TEST_P(HostileFold, SlaEventWithTwoClocksRejected) {
  sla_event().computed.handling_clock = sla_event().computed.dispatch_clock;
  sla_event().computed.handling_clock->kind = SlaClockKind::handling;
  expect_invalid_data("sla_warning with two clocks");
}

TEST_P(HostileFold, EscalationOfDispatchClockRejected) {
  sla_event().type = EventType::sla_escalation;
  expect_invalid_data("sla_escalation of the dispatch clock");
}

TEST_P(HostileFold, ClockOfWrongKindRejected) {
  sla_event().computed.dispatch_clock->kind = SlaClockKind::handling;
  expect_invalid_data("a handling clock in dispatch_clock");
}

TEST_P(HostileFold, ClockTheTicketLacksRejected) {
  sla_event().computed.handling_clock = sla_event().computed.dispatch_clock;
  sla_event().computed.handling_clock->kind = SlaClockKind::handling;
  sla_event().computed.dispatch_clock.reset();
  expect_invalid_data("a handling clock before dispatch");
}

TEST_P(HostileFold, EventBackInTimeRejected) {
  sla_event().at = history_[0].at - std::chrono::seconds(1);
  expect_invalid_data("an event before the registration");
}

TEST_P(HostileFold, PayloadEnumerationOutOfRangeRejected) {
  history_.resize(1);
  history_[0].payload.channel = static_cast<Channel>(9);
  expect_invalid_data("channel 9");
}

INSTANTIATE_TEST_SUITE_P(Stores, HostileFold, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

}  // namespace
