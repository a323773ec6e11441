// The SQLite store on its own: what it keeps across reopening, what it
// rejects, the files it refuses to open (left byte for byte unchanged), the
// idempotency keys, the outbox, the integrity check, the history export and
// the online backup. Tickets come from the real engine on the built-in
// calendar, in a scratch folder per test.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "history_samples.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::CallbackNotifier;
using jishiban::Category;
using jishiban::Channel;
using jishiban::Command;
using jishiban::Engine;
using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::Instant;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::Requester;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::SqliteOptions;
using jishiban::SqliteStore;
using jishiban::Synchronous;
using jishiban::Ticket;
using jishiban::TicketState;
using jishiban_test::read_bytes;
using jishiban_test::TempDir;
using jishiban_test::write_bytes;

const Actor kOfficer{"so1", "服务员甲", Role::service_officer, ""};
const Actor kOfficeLeader{"ol1", "主任", Role::office_leader, ""};
const Actor kUnitLeader{"ul1", "局长", Role::unit_leader, "区建设局"};
const Actor kHandler{"h1", "经办人", Role::handler, "区建设局"};
const Actor kReviewer{"rv1", "审核人", Role::reviewer, ""};

Command command(EventType type, const Actor& actor, std::string ticket_id = {}) {
  Command c;
  c.type = type;
  c.actor = actor;
  c.ticket_id = std::move(ticket_id);
  return c;
}

Command register_command(std::string key = {}) {
  Command c = command(EventType::register_request, kOfficer);
  c.payload.channel = Channel::email;
  c.payload.requester = Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号", "13812345678",
                                  "pw123@163.com"};
  c.payload.content = "企业反映厂区周边道路照明不足。";
  c.idempotency_key = std::move(key);
  return c;
}

SqliteOptions fast_options() {
  SqliteOptions options;
  options.synchronous = Synchronous::normal;
  return options;
}

// An engine on a SqliteStore in a scratch folder, at 2026-03-02 09:00.
class SqliteWorld {
 public:
  explicit SqliteWorld(const std::string& path)
      : clock_(jishiban_test::china_instant(2026, 3, 2, 9, 0)),
        notifier_([this](const Notification& n) { delivered_.push_back(n); }),
        store_(std::make_unique<SqliteStore>(path, fast_options())),
        engine_(std::make_unique<Engine>(calendar_, *store_, notifier_, clock_)) {}

  Engine& engine() { return *engine_; }
  SqliteStore& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  const std::vector<Notification>& delivered() const { return delivered_; }

  Ticket run(Command c) {
    clock_.advance(std::chrono::minutes(5));
    return engine_->execute(std::move(c));
  }

  // Registers, drafts and dispatches a consultation ticket; returns its id.
  std::string dispatched_ticket() {
    const std::string id = run(register_command()).id;
    Command draft = command(EventType::draft, kOfficer, id);
    draft.payload.category = Category::consultation;
    draft.payload.lead_unit = "区建设局";
    run(std::move(draft));
    run(command(EventType::approve_dispatch, kOfficeLeader, id));
    return id;
  }

  // Takes a dispatched ticket through to archive.
  void archive(const std::string& id) {
    Command claim = command(EventType::claim, kUnitLeader, id);
    claim.payload.handler_id = "h1";
    claim.payload.handler_name = "经办人";
    run(std::move(claim));
    run(command(EventType::record_first_contact, kHandler, id));
    Command answer = command(EventType::answer_consultation, kHandler, id);
    answer.payload.text = "已答复企业：路灯维修已安排。";
    run(std::move(answer));
    Command report = command(EventType::report_result, kHandler, id);
    report.payload.result = jishiban::ResultReport{"照明不足", "维修路灯", "已修复", {}};
    run(std::move(report));
    run(command(EventType::accept_result, kReviewer, id));
    Command visit = command(EventType::return_visit, kOfficer, id);
    visit.payload.satisfaction = Satisfaction::satisfied;
    run(std::move(visit));
    run(command(EventType::archive, kOfficer, id));
  }

 private:
  Calendar calendar_;
  ManualClock clock_;
  std::vector<Notification> delivered_;
  CallbackNotifier notifier_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Engine> engine_;
};

ErrorCode code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.code();
  }
  ADD_FAILURE() << "no jishiban::Error was thrown";
  return ErrorCode::invalid_argument;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.message();
  }
  return {};
}

// --- Keeping tickets ----------------------------------------------------------

TEST(SqliteStore, KeepsTicketsAcrossReopening) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  std::string id;
  Ticket before;
  std::vector<Event> history;
  {
    SqliteWorld world(path);
    id = world.dispatched_ticket();
    before = *world.store().load(id);
    history = world.store().history(id);
  }

  SqliteStore reopened(path, fast_options());
  EXPECT_EQ(before, reopened.load(id));
  EXPECT_EQ(jishiban::to_json(before), jishiban::to_json(jishiban::fold(reopened.history(id))));
  ASSERT_EQ(history.size(), reopened.history(id).size());
  EXPECT_EQ(history, reopened.history(id));
  EXPECT_EQ(2, reopened.next_sequence(2026));
  EXPECT_EQ(std::vector<std::string>{id}, reopened.find_by_state(TicketState::dispatched));
  EXPECT_EQ(std::vector<std::string>{id}, reopened.find_by_unit("区建设局"));
  EXPECT_EQ(std::vector<std::string>{id}, reopened.open_tickets());
  EXPECT_EQ(1U, reopened.size());
}

// A registration from WeChat as a host sends it, with `source_id` as the
// number's JSON text.
std::string registration_json(const std::string& source_id) {
  return R"({"type":"register_request","actor":{"id":"so1","role":"service_officer"},)"
         R"("payload":{"channel":"wechat","requester":{"name":"张三","phone":"13812345678"},)"
         R"("content":"咨询环评审批时限","source_id":)" +
         source_id + "}}";
}

TEST(SqliteSourceId, KeepsCommandJsonValueExactlyEndToEnd) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  // 2^53 + 1, which a double cannot hold.
  const std::int64_t expected = 9007199254740993;
  std::string id;
  {
    SqliteWorld world(path);
    const Ticket ticket = world.run(jishiban::command_from_json(registration_json("9007199254740993"), "host"));
    id = ticket.id;

    EXPECT_EQ(std::optional<std::int64_t>(expected), ticket.source_id);
    EXPECT_NE(std::string::npos, jishiban::to_json(ticket).find(R"("source_id":9007199254740993,)"))
        << jishiban::to_json(ticket);
  }

  SqliteStore reopened(path, fast_options());
  const std::optional<Ticket> loaded = reopened.load(id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(std::optional<std::int64_t>(expected), loaded->source_id);
  EXPECT_NE(std::string::npos, jishiban::to_json(*loaded).find(R"("source_id":9007199254740993,)"));
  const std::vector<Event> history = reopened.history(id);
  ASSERT_EQ(1U, history.size());
  EXPECT_EQ(std::optional<std::int64_t>(expected), history[0].payload.source_id);
  EXPECT_EQ(*loaded, jishiban::fold(history));
  EXPECT_NE(std::string::npos, reopened.export_history(id).find(R"("source_id":9007199254740993,)"));
  EXPECT_TRUE(reopened.check_integrity().ok());
}

TEST(SqliteSourceId, KeepsInt64EndsAcrossReopening) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  const std::int64_t values[] = {INT64_MAX, INT64_MIN, 9007199254740993, 0};
  std::vector<std::string> ids;
  {
    SqliteWorld world(path);
    for (const std::int64_t value : values) {
      Command registration = register_command();
      registration.payload.source_id = value;
      ids.push_back(world.run(std::move(registration)).id);
    }
    // A ticket without one keeps none.
    ids.push_back(world.run(register_command()).id);
  }

  SqliteStore reopened(path, fast_options());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::optional<std::int64_t> expected =
        i < std::size(values) ? std::optional<std::int64_t>(values[i]) : std::nullopt;
    SCOPED_TRACE(ids[i]);

    const std::optional<Ticket> loaded = reopened.load(ids[i]);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(expected, loaded->source_id);
    EXPECT_EQ(expected, reopened.history(ids[i]).at(0).payload.source_id);
  }
  EXPECT_TRUE(reopened.check_integrity().ok());
}

TEST(SqliteSourceId, VisibleInMaskedViewsAndHistories) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  Command registration = register_command();
  registration.payload.source_id = INT64_MIN;
  const std::string id = world.run(std::move(registration)).id;
  const Actor viewer{"rv9", "", Role::report_viewer, ""};

  const Ticket seen = world.engine().view(viewer, id);

  EXPECT_NE("13812345678", seen.requester.phone);
  EXPECT_EQ(std::optional<std::int64_t>(INT64_MIN), seen.source_id);
  EXPECT_EQ(std::optional<std::int64_t>(INT64_MIN), world.engine().history(viewer, id).at(0).payload.source_id);
}

TEST(SqliteSourceId, OnOtherCommandIsRejectedAndWritesNothing) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  const Ticket before = *world.store().load(id);
  const std::vector<Event> history = world.store().history(id);

  Command urge = command(EventType::urge, kOfficer, id);
  urge.payload.source_id = 42;
  const std::string message = message_of([&] { world.run(urge); });

  EXPECT_EQ(ErrorCode::invalid_argument, code_of([&] { world.run(urge); }));
  EXPECT_NE(std::string::npos, message.find("\"source_id\" is not read by this command")) << message;
  EXPECT_EQ(before, world.store().load(id));
  EXPECT_EQ(history, world.store().history(id));
}

TEST(SqliteSourceId, RejectedCommandJsonWritesNothing) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  SqliteWorld world(path);
  world.run(register_command());
  const struct {
    const char* number;
    ErrorCode code;
  } cases[] = {
      {"9223372036854775808", ErrorCode::out_of_range},  {"18446744073709551615", ErrorCode::out_of_range},
      {"18446744073709551616", ErrorCode::out_of_range}, {"-9223372036854775809", ErrorCode::out_of_range},
      {"1e30", ErrorCode::out_of_range},                 {"1.0", ErrorCode::invalid_data},
      {"1e3", ErrorCode::invalid_data},                  {R"("123")", ErrorCode::invalid_data},
      {"true", ErrorCode::invalid_data},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.number);

    // A host parses and runs the command in one step.
    const auto run_text = [&] { world.run(jishiban::command_from_json(registration_json(c.number), "host")); };

    EXPECT_EQ(c.code, code_of(run_text));
    EXPECT_NE(std::string::npos, message_of(run_text).find("payload.source_id"));
  }
  EXPECT_EQ(1U, world.store().size());
  EXPECT_EQ(2, world.store().next_sequence(2026));
}

// Appends `events` to one hand-built ticket, renumbered 1, 2, ..., without
// the engine, and returns them as stored.
std::vector<Event> append_all(SqliteStore& store, std::vector<Event> events) {
  Ticket ticket;
  ticket.id = "PW2026000123";
  ticket.year = 2026;
  ticket.sequence = 1;
  for (Event& event : events) {
    event.ticket_id = ticket.id;
    event.sequence = ticket.version + 1;
    const std::uint64_t expected = ticket.version;
    ticket.version += 1;
    store.append(event, ticket, expected);
  }
  return events;
}

TEST(SqliteStore, KeepsEveryFieldOfEveryEventType) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  std::vector<Event> events;
  for (std::size_t i = 0; i < jishiban::event_type_count; ++i) {
    events.push_back(jishiban_test::full_event(static_cast<EventType>(i)));
  }
  events.push_back(Event{});  // every field at its default

  const std::vector<Event> stored = append_all(store, events);
  EXPECT_EQ(stored, store.history("PW2026000123"));
}

TEST(SqliteStore, KeepsRandomEvents) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  jishiban_test::RandomEvents random(20261205, true);
  std::vector<Event> events;
  for (int i = 0; i < 300; ++i) {
    events.push_back(random.event());
  }

  const std::vector<Event> stored = append_all(store, events);
  EXPECT_EQ(stored, store.history("PW2026000123"));
}

TEST(SqliteStore, ListsNearestDeadlinesFirst) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string first = world.dispatched_ticket();
  const std::string second = world.dispatched_ticket();

  EXPECT_EQ((std::vector<std::string>{first, second}), world.store().nearest_due(10));
  EXPECT_EQ(std::vector<std::string>{first}, world.store().nearest_due(1));
  // Both reply deadlines fall at the close of the next working day.
  const Instant due = world.store().load(first)->handling_clock->due;
  EXPECT_EQ((std::vector<std::string>{first, second}), world.store().find_due_before(due));
  EXPECT_TRUE(world.store().find_due_before(due - std::chrono::seconds(1)).empty());
}

TEST(SqliteStore, StaleVersionIsConflictAndWritesNothing) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  const Ticket ticket = *world.store().load(id);
  const std::vector<Event> history = world.store().history(id);

  Event event = history.back();
  event.sequence = ticket.version;  // one behind
  Ticket after = ticket;
  EXPECT_EQ(ErrorCode::conflict, code_of([&] { world.store().append(event, after, ticket.version - 1); }));

  EXPECT_EQ(ticket, world.store().load(id));
  EXPECT_EQ(history, world.store().history(id));
}

TEST(SqliteStore, ArchivedTicketIsReadOnly) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  world.archive(id);
  const Ticket archived = *world.store().load(id);
  ASSERT_EQ(TicketState::archived, archived.state);

  // The store itself refuses, whatever the engine would allow.
  Event event;
  event.ticket_id = id;
  event.sequence = archived.version + 1;
  event.type = EventType::urge;
  event.at = archived.updated_at;
  event.actor = kOfficer;
  Ticket after = archived;
  after.version += 1;
  EXPECT_EQ(ErrorCode::invalid_transition, code_of([&] { world.store().append(event, after, archived.version); }));
  EXPECT_EQ(archived, world.store().load(id));

  // So does the schema, for a program that writes SQL directly.
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(world.store().path().c_str(), &db));
  EXPECT_NE(SQLITE_OK, sqlite3_exec(db, "UPDATE tickets SET lead_unit = 'x'", nullptr, nullptr, nullptr));
  EXPECT_NE(SQLITE_OK, sqlite3_exec(db, "DELETE FROM events", nullptr, nullptr, nullptr));
  EXPECT_NE(SQLITE_OK, sqlite3_exec(db, "UPDATE events SET type = 'urge'", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  EXPECT_TRUE(world.store().check_integrity().ok());
}

TEST(SqliteBatch, CommitStoresEveryCommand) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  {
    SqliteStore::Batch batch(world.store());
    for (int i = 0; i < 3; ++i) {
      world.run(register_command());
    }
    // A rejected command inside the batch leaves the others alone.
    EXPECT_EQ(ErrorCode::not_found,
              code_of([&] { world.run(command(EventType::urge, kOfficer, "PW2026999999")); }));
    batch.commit();
  }
  EXPECT_EQ(3U, world.store().size());
  EXPECT_TRUE(world.store().check_integrity().ok());
}

TEST(SqliteBatch, NotificationsWaitForCommit) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  {
    SqliteStore::Batch batch(world.store());
    world.dispatched_ticket();  // approve_dispatch notifies the unit leader
    EXPECT_TRUE(world.delivered().empty());
    batch.commit();
  }
  world.engine().poll();
  ASSERT_EQ(1U, world.delivered().size());
  EXPECT_EQ(0U, world.store().undelivered_notifications());
}

TEST(SqliteBatch, RolledBackBatchNotifiesNobody) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  {
    SqliteStore::Batch batch(world.store());
    world.dispatched_ticket();
  }
  world.engine().poll();
  EXPECT_TRUE(world.delivered().empty());
  EXPECT_EQ(0U, world.store().size());
  EXPECT_EQ(0U, world.store().undelivered_notifications());
}

TEST(SqliteBatch, BackupWaitsForCommit) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  SqliteStore::Batch batch(world.store());
  world.run(register_command());
  EXPECT_EQ(ErrorCode::invalid_argument, code_of([&] { world.store().backup(dir.file("copy.db")); }));
  batch.commit();
  world.store().backup(dir.file("copy.db"));
  EXPECT_EQ(1U, SqliteStore(dir.file("copy.db"), fast_options()).size());
}

TEST(SqliteBatch, UncommittedBatchStoresNothing) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  world.run(register_command());
  {
    SqliteStore::Batch batch(world.store());
    world.run(register_command());
    EXPECT_EQ(ErrorCode::invalid_argument, code_of([&] { SqliteStore::Batch second(world.store()); }));
  }
  EXPECT_EQ(1U, world.store().size());
  EXPECT_EQ(2, world.store().next_sequence(2026));
}

// --- Engines sharing a store ----------------------------------------------------

// Engine `first` exists before engine `second` dispatches a ticket, so only
// the store can tell `first` about the new clock.
void check_second_engines_clock_is_polled(jishiban::TicketStore& first_store, jishiban::TicketStore& second_store) {
  const Calendar calendar;
  ManualClock clock(jishiban_test::china_instant(2026, 3, 2, 9, 0));
  std::vector<Notification> sent;
  CallbackNotifier notifier([&](const Notification& n) { sent.push_back(n); });
  Engine first(calendar, first_store, notifier, clock);
  Engine second(calendar, second_store, notifier, clock);

  const std::string id = second.execute(register_command()).id;
  Command draft = command(EventType::draft, kOfficer, id);
  draft.payload.category = Category::consultation;
  draft.payload.lead_unit = "区建设局";
  second.execute(std::move(draft));
  const Ticket dispatched = second.execute(command(EventType::approve_dispatch, kOfficeLeader, id));
  const Instant due = dispatched.handling_clock->due;

  EXPECT_EQ(dispatched.handling_clock->warning_at, first.next_wakeup());
  const std::vector<Event> recorded = first.poll(due);
  ASSERT_EQ(2U, recorded.size());
  EXPECT_EQ(EventType::sla_warning, recorded[0].type);
  EXPECT_EQ(EventType::sla_breach, recorded[1].type);

  // Each SLA event is recorded once, whichever engine polls.
  EXPECT_TRUE(second.poll(due).empty());
  EXPECT_EQ(5U, first_store.history(id).size());
}

TEST(SharedStore, InMemoryEngineRecordsOtherEnginesClocks) {
  jishiban::InMemoryStore store;
  check_second_engines_clock_is_polled(store, store);
}

TEST(SharedStore, SqliteEngineRecordsOtherProcessesClocks) {
  TempDir dir;
  SqliteStore first(dir.file("tickets.db"), fast_options());
  SqliteStore second(dir.file("tickets.db"), fast_options());
  check_second_engines_clock_is_polled(first, second);
}

TEST(SharedStore, RevisionListsEachChangedTicketOnce) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  std::uint64_t since = world.store().revision();
  const std::string first = world.dispatched_ticket();
  const std::string second = world.dispatched_ticket();

  const std::vector<jishiban::TicketChange> changes = world.store().changed_since(since);
  ASSERT_EQ(2U, changes.size());
  EXPECT_EQ(first, changes[0].ticket_id);
  EXPECT_EQ(3U, changes[0].version);
  EXPECT_EQ(second, changes[1].ticket_id);
  EXPECT_EQ(world.store().revision(), since);
  EXPECT_TRUE(world.store().changed_since(since).empty());
}

// --- Idempotent intake --------------------------------------------------------

TEST(SqliteIdempotency, SameKeyReturnsFirstTicket) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const Ticket first = world.run(register_command("<CA+abc@mail.example.com>"));
  const Ticket again = world.run(register_command("<CA+abc@mail.example.com>"));

  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(1U, world.store().size());
  EXPECT_EQ(1U, world.store().history(first.id).size());
  EXPECT_EQ(first.id, world.store().find_by_idempotency_key("<CA+abc@mail.example.com>"));
}

TEST(SqliteIdempotency, RepeatedLaterCommandIsAppliedOnce) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  const std::size_t events_before = world.store().history(id).size();
  Command urge = command(EventType::urge, kOfficer, id);
  urge.idempotency_key = "call-7";
  world.run(urge);
  const Ticket again = world.run(urge);

  EXPECT_EQ(1, again.urges);
  EXPECT_EQ(events_before + 1, world.store().history(id).size());
  EXPECT_EQ(id, world.store().find_by_idempotency_key("call-7"));
}

TEST(SqliteIdempotency, OtherTicketsKeyIsConflict) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string first = world.dispatched_ticket();
  const std::string second = world.dispatched_ticket();
  Command urge = command(EventType::urge, kOfficer, first);
  urge.idempotency_key = "call-7";
  world.run(urge);

  urge.ticket_id = second;
  EXPECT_EQ(ErrorCode::conflict, code_of([&] { world.run(urge); }));
  EXPECT_EQ(0, world.store().load(second)->urges);
}

// The key names the urge, so a registration with it is another request, not
// the same request again: execute must not return the urged ticket.
TEST(SqliteIdempotency, RegistrationWithKeyOfLaterCommandIsConflict) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  Command urge = command(EventType::urge, kOfficer, id);
  urge.idempotency_key = "call-7";
  world.run(urge);
  const std::size_t tickets_before = world.store().size();

  EXPECT_EQ(ErrorCode::conflict, code_of([&] { world.run(register_command("call-7")); }));
  EXPECT_EQ(tickets_before, world.store().size());
}

TEST(SqliteIdempotency, MalformedKeyIsInvalidAndUnquoted) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string secret = std::string("pw123@163.com") + '\n';
  const std::string message = message_of([&] { world.run(register_command(secret)); });
  EXPECT_NE(std::string::npos, message.find("control character")) << message;
  EXPECT_EQ(std::string::npos, message.find("pw123")) << message;
  EXPECT_EQ(0U, world.store().size());
}

// --- Outbox --------------------------------------------------------------------

TEST(SqliteOutbox, KeepsUndeliveredNotificationsAcrossReopening) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  {
    jishiban::Calendar calendar;
    ManualClock clock(jishiban_test::china_instant(2026, 3, 2, 9, 0));
    CallbackNotifier failing([](const Notification&) { throw std::runtime_error("mail server down"); });
    SqliteStore store(path, fast_options());
    Engine engine(calendar, store, failing, clock);
    const std::string id = engine.execute(register_command()).id;
    Command draft = command(EventType::draft, kOfficer, id);
    draft.payload.category = Category::general;
    draft.payload.lead_unit = "区建设局";
    engine.execute(std::move(draft));
    engine.execute(command(EventType::approve_dispatch, kOfficeLeader, id));
    EXPECT_EQ(1U, engine.undelivered_notifications());
  }

  SqliteWorld world(path);
  ASSERT_EQ(1U, world.store().undelivered_notifications());
  const std::vector<jishiban::OutboxEntry> pending =
      world.store().pending_notifications(world.clock().now(), 10);
  ASSERT_EQ(1U, pending.size());
  EXPECT_EQ(1, pending[0].attempts);
  world.engine().poll();
  ASSERT_EQ(1U, world.delivered().size());
  EXPECT_EQ(pending[0].notification->id, world.delivered()[0].id);
  EXPECT_EQ(0U, world.store().undelivered_notifications());
}

// --- Integrity, export, backup ------------------------------------------------

TEST(SqliteIntegrity, SoundDatabasePasses) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  world.archive(world.dispatched_ticket());
  world.dispatched_ticket();

  const jishiban::IntegrityReport report = world.store().check_integrity();
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(2U, report.tickets_checked);
  EXPECT_EQ(13U, report.events_checked);
}

TEST(SqliteIntegrity, ReportsStateRowThatDiffersFromEvents) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();

  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(world.store().path().c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, "UPDATE tickets SET state = 'claimed'", nullptr, nullptr, nullptr));
  sqlite3_close(db);

  const jishiban::IntegrityReport report = world.store().check_integrity();
  ASSERT_EQ(1U, report.problems.size());
  EXPECT_NE(std::string::npos, report.problems[0].find(id)) << report.problems[0];
  ASSERT_EQ(1U, report.problems_zh.size());
  EXPECT_NE(std::string::npos, report.problems_zh[0].find("工单 \"" + id + "\"")) << report.problems_zh[0];
}

TEST(SqliteExport, HistoryHoldsTicketAndEvents) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();

  const std::string text = world.store().export_history(id);
  EXPECT_EQ(0U, text.find("{\"ticket\":" + jishiban::to_json(*world.store().load(id))));
  for (const Event& event : world.store().history(id)) {
    EXPECT_NE(std::string::npos, text.find(jishiban::to_json(event)));
  }
  EXPECT_EQ(ErrorCode::not_found, code_of([&] { world.store().export_history("PW2026999999"); }));
}

TEST(SqliteBackup, CopyOpensWithSameTickets) {
  TempDir dir;
  SqliteWorld world(dir.file("tickets.db"));
  const std::string id = world.dispatched_ticket();
  world.store().backup(dir.file("copy.db"));

  SqliteStore copy(dir.file("copy.db"), fast_options());
  EXPECT_EQ(world.store().load(id), copy.load(id));
  EXPECT_TRUE(copy.check_integrity().ok());
  EXPECT_EQ(ErrorCode::invalid_argument, code_of([&] { world.store().backup(world.store().path()); }));
}

// --- Files it refuses ---------------------------------------------------------

// Builds a database with one dispatched ticket and closes it.
std::string make_database(const TempDir& dir) {
  const std::string path = dir.file("tickets.db");
  SqliteWorld world(path);
  world.dispatched_ticket();
  return path;
}

TEST(SqliteOpen, RejectsFileThatIsNotSqlite) {
  TempDir dir;
  const std::string path = dir.file("notes.db");
  write_bytes(path, "来件登记表\nPW2026000001,区建设局\n");
  const std::string before = read_bytes(path);

  EXPECT_EQ(ErrorCode::invalid_data, code_of([&] { SqliteStore store(path); }));
  EXPECT_EQ(before, read_bytes(path));
}

TEST(SqliteOpen, RejectsTruncatedDatabase) {
  TempDir dir;
  const std::string path = make_database(dir);
  const std::string whole = read_bytes(path);
  ASSERT_GT(whole.size(), 8192U);

  for (const std::size_t size : {std::size_t{60}, whole.size() / 2, whole.size() - 4096, whole.size() - 1}) {
    write_bytes(path, whole.substr(0, size));
    const std::string before = read_bytes(path);
    const std::string message = message_of([&] { SqliteStore store(path); });
    EXPECT_NE(std::string::npos, message.find("truncated")) << size << ": " << message;
    EXPECT_EQ(before, read_bytes(path)) << size;
  }
}

TEST(SqliteOpen, RejectsNewerSchema) {
  TempDir dir;
  const std::string path = make_database(dir);
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  const std::string before = read_bytes(path);

  const std::string message = message_of([&] { SqliteStore store(path); });
  EXPECT_NE(std::string::npos, message.find("schema version 7")) << message;
  EXPECT_EQ(before, read_bytes(path));
}

TEST(SqliteOpen, RejectsAnotherProgramsDatabase) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, "CREATE TABLE contacts (name TEXT)", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  const std::string before = read_bytes(path);

  EXPECT_EQ(ErrorCode::invalid_data, code_of([&] { SqliteStore store(path); }));
  EXPECT_EQ(before, read_bytes(path));
}

TEST(SqliteOpen, MissingFileWithoutCreateIsNotFound) {
  TempDir dir;
  SqliteOptions options;
  options.create = false;
  EXPECT_EQ(ErrorCode::not_found, code_of([&] { SqliteStore store(dir.file("absent.db"), options); }));
}

}  // namespace
