// Hostile input against the SQLite store, its idempotency keys and outbox,
// the engine's idempotent intake and the backup, integrity and export
// commands: malformed keys, writes whose parts disagree, enum values cast
// from out-of-range integers, files that are not databases, rows edited by
// hand, batches cut short and many threads at once.
//
// The comment above a test gives the input and the promised behaviour.
// Tests that could crash the whole program run their body in a child
// process (a death test), so a crash fails that test alone.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"
#include "workflow/event_codec.hpp"

namespace {

namespace fs = std::filesystem;

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::CallbackNotifier;
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
using jishiban::NotificationKind;
using jishiban::Requester;
using jishiban::Role;
using jishiban::SqliteOptions;
using jishiban::SqliteStore;
using jishiban::StoreWrite;
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

// Contact data that must never appear in an error message or a log line.
const Requester kRequester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号", "13812345678",
                           "pw123@163.com"};

const std::vector<std::string> kContactParts = {"欧阳明辉", "大连普湾建设发展有限公司", "黄金路88号", "13812345678",
                                                "pw123@163.com", "pw123"};

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
  c.payload.requester = kRequester;
  c.payload.content = "企业反映厂区周边道路照明不足。";
  c.idempotency_key = std::move(key);
  return c;
}

SqliteOptions fast_options() {
  SqliteOptions options;
  options.synchronous = Synchronous::normal;
  return options;
}

// The error `action` throws, or std::nullopt when it returns.
std::optional<Error> error_of(const std::function<void()>& action) { return jishiban_test::capture_error(action); }

std::string message_of(const std::optional<Error>& error) {
  return error ? error->message() + " | " + error->message(jishiban::Language::zh_CN) : std::string();
}

// Runs SQL on the file through a connection of its own and returns SQLite's
// result code.
int run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  return rc;
}

// Sets one BLOB column of one row through a connection of its own.
int set_blob(const std::string& path, const std::string& sql, const std::string& bytes) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* statement = nullptr;
  if (rc == SQLITE_OK) {
    rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  }
  if (rc == SQLITE_OK) {
    sqlite3_bind_blob(statement, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    rc = sqlite3_step(statement) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rc;
}

// An engine on a SqliteStore at `path`, at 2026-03-02 09:00, that keeps its
// log lines.
class World {
 public:
  explicit World(const std::string& path, SqliteOptions options = fast_options())
      : clock_(jishiban_test::china_instant(2026, 3, 2, 9, 0)),
        notifier_([this](const Notification& n) { delivered_.push_back(n.id); }),
        store_(std::make_unique<SqliteStore>(path, options)),
        engine_(std::make_unique<Engine>(calendar_, *store_, notifier_, clock_, logging_options())) {}

  Engine& engine() { return *engine_; }
  SqliteStore& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  std::vector<std::string> log() const {
    const std::lock_guard<std::mutex> lock(log_mutex_);
    return log_;
  }
  const std::vector<std::string>& delivered() const { return delivered_; }

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
    visit.payload.satisfaction = jishiban::Satisfaction::satisfied;
    run(std::move(visit));
    run(command(EventType::archive, kOfficer, id));
  }

 private:
  EngineOptions logging_options() {
    EngineOptions options;
    // The engine logs from every thread that runs a command.
    options.log = [this](std::string_view line) {
      const std::lock_guard<std::mutex> lock(log_mutex_);
      log_.emplace_back(line);
    };
    return options;
  }

  Calendar calendar_;
  ManualClock clock_;
  std::vector<std::string> delivered_;
  mutable std::mutex log_mutex_;
  std::vector<std::string> log_;
  CallbackNotifier notifier_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Engine> engine_;
};

// Builds a database with one dispatched ticket, PW2026000001 with 3 events,
// and closes it.
std::string make_database(const TempDir& dir, const std::string& name = "tickets.db") {
  const std::string path = dir.file(name);
  World world(path);
  world.dispatched_ticket();
  return path;
}

// The register_request event and ticket of a new ticket number `sequence`
// of 2026, written without the engine.
struct NewTicket {
  Event event;
  Ticket ticket;
};

NewTicket new_ticket(std::int64_t sequence) {
  std::string digits = std::to_string(sequence);
  digits.insert(0, 6 - digits.size(), '0');
  NewTicket fresh;
  fresh.ticket.id = "PW2026" + digits;
  fresh.ticket.year = 2026;
  fresh.ticket.sequence = sequence;
  fresh.ticket.version = 1;
  fresh.ticket.received_at = jishiban_test::china_instant(2026, 3, 2, 9, 0);
  fresh.ticket.registered_at = fresh.ticket.received_at;
  fresh.ticket.updated_at = fresh.ticket.received_at;
  fresh.event.ticket_id = fresh.ticket.id;
  fresh.event.sequence = 1;
  fresh.event.type = EventType::register_request;
  fresh.event.at = fresh.ticket.received_at;
  fresh.event.actor = kOfficer;
  return fresh;
}

Notification notification_for(const NewTicket& fresh, const std::string& id) {
  Notification n;
  n.id = id;
  n.kind = NotificationKind::dispatched;
  n.ticket_id = fresh.ticket.id;
  n.sequence = 1;
  n.at = fresh.event.at;
  n.recipient_role = Role::unit_leader;
  n.recipient_unit = "区建设局";
  n.message_en = "Ticket dispatched.";
  n.message_zh = "工单已分拨。";
  return n;
}

// Checks that nothing of a rejected first ticket was stored.
void expect_empty(const SqliteStore& store) {
  EXPECT_EQ(0U, store.size());
  EXPECT_EQ(1, store.next_sequence(2026));
  EXPECT_EQ(0U, store.undelivered_notifications());
  EXPECT_TRUE(store.history("PW2026000001").empty());
}

bool mentions_contact_data(const std::string& text) {
  for (const std::string& part : kContactParts) {
    if (text.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Runs `body` in a child process, which exits 0 only when `body` throws a
// jishiban::Error with `code`. A crash, a sanitizer report or another
// outcome fails the test without stopping the program.
void expect_error_in_child(const std::function<void()>& body, ErrorCode code) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        int status = 3;
        try {
          body();
          status = 4;
        } catch (const Error& error) {
          status = error.code() == code ? 0 : 5;
        } catch (...) {
          status = 6;
        }
        std::_Exit(status);
      },
      testing::ExitedWithCode(0), "");
}

// --- Idempotency keys -----------------------------------------------------------

TEST(SqliteHostileKey, EmptyKeyMeansNoKey) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const Ticket first = world.run(register_command(""));
  const Ticket second = world.run(register_command(""));

  EXPECT_NE(first.id, second.id);
  EXPECT_EQ(2U, world.store().size());
  EXPECT_FALSE(world.store().find_by_idempotency_key("").has_value());
}

TEST(SqliteHostileKey, KeyOf256BytesIsAccepted) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const std::string key(256, 'k');
  const Ticket first = world.run(register_command(key));
  const Ticket again = world.run(register_command(key));

  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(first.id, world.store().find_by_idempotency_key(key));
  EXPECT_EQ(1U, world.store().size());
}

TEST(SqliteHostileKey, KeyOf257BytesIsInvalidAndUnquoted) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  std::string key = "<pw123@163.com>";
  key += std::string(257 - key.size(), 'x');
  ASSERT_EQ(257U, key.size());

  const std::optional<Error> error = error_of([&] { world.run(register_command(key)); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_NE(std::string::npos, error->message().find("257")) << message_of(error);
  EXPECT_FALSE(mentions_contact_data(message_of(error))) << message_of(error);
  expect_empty(world.store());
}

TEST(SqliteHostileKey, MalformedKeysAreInvalidAndUnquoted) {
  const std::vector<std::string> keys = {
      std::string("<pw123@163.com>\xff", 16),              // invalid UTF-8
      std::string("<pw123@163.com>\xe5\x8a", 17),          // cut-off character
      std::string("<pw123@163.com>\0tail", 20),            // NUL
      "<pw123@163.com>\t",                                 // tab
      "<pw123@163.com>\x1b[31m",                           // terminal escape
      "<pw123@163.com>\x7f",                               // DEL
      std::string("<pw123@163.com>\xc0\xae", 17),          // overlong form
      std::string("<pw123@163.com>\xed\xa0\x80", 18),      // surrogate
  };
  TempDir dir;
  World world(dir.file("tickets.db"));
  for (const std::string& key : keys) {
    const std::optional<Error> error = error_of([&] { world.run(register_command(key)); });
    ASSERT_TRUE(error.has_value()) << key.size();
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << key.size();
    EXPECT_FALSE(mentions_contact_data(message_of(error))) << message_of(error);
  }
  expect_empty(world.store());
  for (const std::string& line : world.log()) {
    EXPECT_FALSE(mentions_contact_data(line)) << line;
  }
}

// Input: an idempotency key containing U+0085 (NEXT LINE, "\xC2\x85"), a C1
// control character. The documented rule is "UTF-8 without control
// characters". Expected: Error{invalid_argument}.
TEST(SqliteHostileKey, C1ControlCharacterInKeyIsInvalid) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const std::string key = "call-\xc2\x85-7";

  const std::optional<Error> error = error_of([&] { world.run(register_command(key)); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  expect_empty(world.store());
}

TEST(SqliteHostileKey, KeyInStoreWriteIsValidatedToo) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  for (const std::string& key : {std::string(257, 'k'), std::string("a\nb"), std::string("\xff")}) {
    const std::optional<Error> error =
        error_of([&] { store.append(StoreWrite{fresh.event, fresh.ticket, 0, key, nullptr}); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  }
  expect_empty(store);
}

TEST(SqliteHostileKey, LaterEventKeyUsedOnce) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  store.append(fresh.event, fresh.ticket, 0);

  Event urge = fresh.event;
  urge.sequence = 2;
  urge.type = EventType::urge;
  Ticket after = fresh.ticket;
  after.version = 2;
  store.append(StoreWrite{urge, after, 1, "call-7", nullptr});
  EXPECT_EQ(fresh.ticket.id, store.find_by_idempotency_key("call-7"));

  urge.sequence = 3;
  after.version = 3;
  const std::optional<Error> error =
      error_of([&] { store.append(StoreWrite{urge, after, 2, "call-7", nullptr}); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_EQ(2U, store.history(fresh.ticket.id).size());
}

TEST(SqliteHostileKey, KeyOfAnotherTicketIsConflictAndUnquoted) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  const std::string key = "<20260930165012.4711@pw123@163.com>";
  NewTicket first = new_ticket(1);
  store.append(StoreWrite{first.event, first.ticket, 0, key, nullptr});

  NewTicket second = new_ticket(2);
  std::vector<Notification> notifications{notification_for(second, "PW2026000002#1/0")};
  const std::optional<Error> error =
      error_of([&] { store.append(StoreWrite{second.event, second.ticket, 0, key, &notifications}); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_NE(std::string::npos, error->message().find("PW2026000001")) << message_of(error);
  EXPECT_FALSE(mentions_contact_data(message_of(error))) << message_of(error);

  EXPECT_EQ(1U, store.size());
  EXPECT_EQ(2, store.next_sequence(2026));
  EXPECT_EQ(0U, store.undelivered_notifications());
  EXPECT_FALSE(store.load("PW2026000002").has_value());
}

TEST(SqliteHostileKey, ChineseKeyWithSpacesSurvivesReopening) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  const std::string key = "微信 消息 wxid_张三 2026-03-02 09:00";
  std::string id;
  {
    World world(path);
    id = world.run(register_command(key)).id;
  }
  World reopened(path);
  EXPECT_EQ(id, reopened.run(register_command(key)).id);
  EXPECT_EQ(1U, reopened.store().size());
  EXPECT_FALSE(reopened.store().find_by_idempotency_key("微信 消息 wxid_张三 2026-03-02 09:0").has_value());
}

TEST(SqliteHostileKey, LogNeverShowsKeyOrContactData) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const std::string key = "<CA+pw123@163.com>";
  world.run(register_command(key));
  world.run(register_command(key));
  EXPECT_TRUE(error_of([&] { world.run(register_command(key + "\n")); }).has_value());
  // The register command's key on a later command of the same ticket names
  // a command already applied: nothing is written.
  Command later = command(EventType::urge, kOfficer, "PW2026000001");
  later.idempotency_key = key;
  EXPECT_EQ(0, world.run(later).urges);
  EXPECT_EQ(1U, world.store().history("PW2026000001").size());

  ASSERT_FALSE(world.log().empty());
  for (const std::string& line : world.log()) {
    EXPECT_FALSE(mentions_contact_data(line)) << line;
    EXPECT_EQ(std::string::npos, line.find("CA+")) << line;
  }
}

TEST(SqliteHostileKey, RolledBackBatchFreesItsKey) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  {
    SqliteStore::Batch batch(world.store());
    world.run(register_command("call-1"));
    EXPECT_TRUE(world.store().find_by_idempotency_key("call-1").has_value());
  }
  EXPECT_FALSE(world.store().find_by_idempotency_key("call-1").has_value());
  const Ticket ticket = world.run(register_command("call-1"));
  EXPECT_EQ("PW2026000001", ticket.id);
  EXPECT_EQ(1U, world.store().size());
}

TEST(SqliteHostileKey, SameKeyRaceMakesOneTicket) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  World first(path);
  World second(path);
  const std::string key = "<race@mail.example.com>";

  std::vector<std::future<std::string>> ids;
  for (int i = 0; i < 8; ++i) {
    World& world = i % 2 == 0 ? first : second;
    ids.push_back(std::async(std::launch::async, [&world, &key] {
      return world.engine().execute(register_command(key)).id;
    }));
  }
  std::set<std::string> distinct;
  for (auto& id : ids) {
    distinct.insert(id.get());
  }
  EXPECT_EQ(std::set<std::string>{"PW2026000001"}, distinct);
  EXPECT_EQ(1U, first.store().size());
  EXPECT_EQ(1U, first.store().history("PW2026000001").size());
  EXPECT_TRUE(first.store().check_integrity().ok());
}

// --- Writes whose parts disagree ------------------------------------------------

TEST(SqliteHostileWrite, EventOfAnotherTicketIsInvalid) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  fresh.event.ticket_id = "PW2026000002";

  const std::optional<Error> error = error_of([&] { store.append(fresh.event, fresh.ticket, 0); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  expect_empty(store);
  EXPECT_TRUE(store.history("PW2026000002").empty());
}

TEST(SqliteHostileWrite, SkippedOrWrappedVersionsAreRejected) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);

  NewTicket skipped = fresh;
  skipped.ticket.version = 2;
  skipped.event.sequence = 2;
  const std::optional<Error> skip = error_of([&] { store.append(skipped.event, skipped.ticket, 0); });
  ASSERT_TRUE(skip.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, skip->code());

  NewTicket mismatched = fresh;
  mismatched.event.sequence = 3;
  const std::optional<Error> mismatch = error_of([&] { store.append(mismatched.event, mismatched.ticket, 0); });
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, mismatch->code());

  // expected_version + 1 wraps to 0.
  NewTicket wrapped = fresh;
  wrapped.ticket.version = 0;
  wrapped.event.sequence = 0;
  const std::optional<Error> wrap = error_of([&] { store.append(wrapped.event, wrapped.ticket, UINT64_MAX); });
  ASSERT_TRUE(wrap.has_value());
  EXPECT_NE(ErrorCode::io_error, wrap->code());
  expect_empty(store);
}

TEST(SqliteHostileWrite, NumberOutOfTurnIsConflict) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  for (const std::int64_t sequence : {std::int64_t{0}, std::int64_t{2}, std::int64_t{-1}, INT64_MAX}) {
    NewTicket fresh = new_ticket(1);
    fresh.ticket.sequence = sequence;
    const std::optional<Error> error = error_of([&] { store.append(fresh.event, fresh.ticket, 0); });
    ASSERT_TRUE(error.has_value()) << sequence;
    EXPECT_EQ(ErrorCode::conflict, error->code()) << sequence;
  }
  expect_empty(store);
}

TEST(SqliteHostileWrite, SecondTicketWithSameIdIsConflict) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket first = new_ticket(1);
  store.append(first.event, first.ticket, 0);
  NewTicket again = new_ticket(2);
  again.ticket.id = first.ticket.id;
  again.event.ticket_id = first.ticket.id;

  const std::optional<Error> error = error_of([&] { store.append(again.event, again.ticket, 0); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_EQ(1U, store.size());
  EXPECT_EQ(2, store.next_sequence(2026));
}

TEST(SqliteHostileWrite, NullAndEmptyNotificationsStoreNone) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket first = new_ticket(1);
  store.append(StoreWrite{first.event, first.ticket, 0, {}, nullptr});
  NewTicket second = new_ticket(2);
  std::vector<Notification> none;
  store.append(StoreWrite{second.event, second.ticket, 0, {}, &none});

  EXPECT_EQ(2U, store.size());
  EXPECT_EQ(0U, store.undelivered_notifications());
  EXPECT_TRUE(store.pending_notifications(Instant::from_unix_seconds(INT64_MAX), SIZE_MAX).empty());
}

TEST(SqliteHostileWrite, DuplicateNotificationIdsWriteNothing) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  std::vector<Notification> twice{notification_for(fresh, "PW2026000001#1/0"),
                                  notification_for(fresh, "PW2026000001#1/0")};

  EXPECT_TRUE(error_of([&] { store.append(StoreWrite{fresh.event, fresh.ticket, 0, {}, &twice}); }).has_value());
  expect_empty(store);

  // The same id as a notification already in the outbox.
  std::vector<Notification> once{notification_for(fresh, "PW2026000001#1/0")};
  store.append(StoreWrite{fresh.event, fresh.ticket, 0, {}, &once});
  NewTicket second = new_ticket(2);
  std::vector<Notification> reused{notification_for(second, "PW2026000001#1/0")};
  EXPECT_TRUE(error_of([&] { store.append(StoreWrite{second.event, second.ticket, 0, {}, &reused}); }).has_value());
  EXPECT_EQ(1U, store.size());
  EXPECT_EQ(1U, store.undelivered_notifications());
}

// Input: a StoreWrite whose notifications contain the id "PW2026000001#1/0"
// twice. Expected: Error{invalid_argument} naming the repeated id, as for
// any other malformed write.
TEST(SqliteHostileWrite, DuplicateNotificationIdIsInvalidArgument) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  std::vector<Notification> twice{notification_for(fresh, "PW2026000001#1/0"),
                                  notification_for(fresh, "PW2026000001#1/0")};

  const std::optional<Error> error =
      error_of([&] { store.append(StoreWrite{fresh.event, fresh.ticket, 0, {}, &twice}); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << message_of(error);
  EXPECT_EQ(std::string::npos, error->message().find("check the disk")) << message_of(error);
}

TEST(SqliteHostileWrite, UnformattableInstantIsInvalidAndWritesNothing) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  for (const std::int64_t seconds : {INT64_MAX, INT64_MIN, std::int64_t{-80000000000}}) {
    NewTicket fresh = new_ticket(1);
    fresh.event.at = Instant::from_unix_seconds(seconds);
    const std::optional<Error> error = error_of([&] { store.append(fresh.event, fresh.ticket, 0); });
    ASSERT_TRUE(error.has_value()) << seconds;
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << seconds;
  }
  expect_empty(store);
}

TEST(SqliteHostileWrite, InvalidUtf8InEventWritesNothing) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  fresh.event.payload.requester = kRequester;
  fresh.event.payload.requester->phone = "138\xff" "12345678";
  const std::optional<Error> error = error_of([&] { store.append(fresh.event, fresh.ticket, 0); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_FALSE(mentions_contact_data(message_of(error))) << message_of(error);
  EXPECT_EQ(std::string::npos, error->message().find("12345678")) << message_of(error);
  expect_empty(store);
}

// Writes `fresh` after `change` and returns the error of the write, or of
// reading the ticket back when the write was accepted.
std::optional<Error> write_then_read(SqliteStore& store, NewTicket fresh,
                                     const std::function<void(NewTicket&, std::vector<Notification>&)>& change) {
  std::vector<Notification> notifications{notification_for(fresh, fresh.ticket.id + "#1/0")};
  change(fresh, notifications);
  std::optional<Error> error =
      error_of([&] { store.append(StoreWrite{fresh.event, fresh.ticket, 0, {}, &notifications}); });
  if (error) {
    return error;
  }
  return error_of([&] {
    store.load(fresh.ticket.id);
    store.history(fresh.ticket.id);
    store.pending_notifications(Instant::from_unix_seconds(INT64_MAX), 100);
  });
}

// Input: StoreWrites whose enum fields hold values cast from out-of-range
// integers: event.type = EventType(200), ticket.state = TicketState(99),
// event.actor.role = Role(77) and a notification kind NotificationKind(50).
// Expected: each append throws Error{invalid_argument} and writes nothing.
TEST(SqliteHostileWrite, OutOfRangeEnumsAreInvalid) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  const std::vector<std::pair<const char*, std::function<void(NewTicket&, std::vector<Notification>&)>>> cases = {
      {"event type", [](NewTicket& t, std::vector<Notification>&) { t.event.type = static_cast<EventType>(200); }},
      {"ticket state", [](NewTicket& t, std::vector<Notification>&) { t.ticket.state = static_cast<TicketState>(99); }},
      {"actor role", [](NewTicket& t, std::vector<Notification>&) { t.event.actor.role = static_cast<Role>(77); }},
      {"notification kind",
       [](NewTicket&, std::vector<Notification>& n) { n[0].kind = static_cast<NotificationKind>(50); }},
      {"recipient role",
       [](NewTicket&, std::vector<Notification>& n) { n[0].recipient_role = static_cast<Role>(-3); }},
  };
  for (const auto& [what, change] : cases) {
    const std::int64_t next = store.next_sequence(2026);
    const std::optional<Error> error = write_then_read(store, new_ticket(next), change);
    ASSERT_TRUE(error.has_value()) << what;
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << what << ": " << message_of(error);
    EXPECT_EQ(next, store.next_sequence(2026)) << what << " was stored";
  }
}

TEST(SqliteHostileWrite, TicketNotTheFoldIsReported) {
  TempDir dir;
  SqliteStore store(dir.file("tickets.db"), fast_options());
  NewTicket fresh = new_ticket(1);
  fresh.ticket.state = TicketState::closed;  // the event only registers it
  store.append(fresh.event, fresh.ticket, 0);

  const jishiban::IntegrityReport report = store.check_integrity();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(1U, report.tickets_checked);
}

// --- Options --------------------------------------------------------------------

TEST(SqliteHostileOptions, OutOfRangeSynchronousIsInvalid) {
  TempDir dir;
  for (const int value : {-1, 3, 255, INT_MIN, INT_MAX}) {
    SqliteOptions options;
    options.synchronous = static_cast<Synchronous>(value);
    const std::optional<Error> error = error_of([&] { SqliteStore store(dir.file("tickets.db"), options); });
    ASSERT_TRUE(error.has_value()) << value;
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << value;
  }
  EXPECT_FALSE(fs::exists(dir.file("tickets.db")));
}

TEST(SqliteHostileOptions, NegativeTimeoutOrRetriesAreInvalid) {
  TempDir dir;
  SqliteOptions timeout;
  timeout.busy_timeout = std::chrono::milliseconds(-1);
  SqliteOptions retries;
  retries.busy_retries = INT_MIN;
  for (const SqliteOptions& options : {timeout, retries}) {
    const std::optional<Error> error = error_of([&] { SqliteStore store(dir.file("tickets.db"), options); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  }
  EXPECT_FALSE(fs::exists(dir.file("tickets.db")));
}

// Input: SqliteOptions::busy_timeout = 1000 hours (3.6e9 ms, above INT_MAX
// ms) and busy_retries = 0, while another connection has the write lock
// for 300 ms. Expected: the append waits for the lock and succeeds (or the
// constructor rejects the timeout as out of range).
TEST(SqliteHostileOptions, TimeoutAboveIntMaxStillWaits) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  SqliteOptions options = fast_options();
  options.busy_timeout = std::chrono::hours(1000);
  options.busy_retries = 0;
  std::unique_ptr<SqliteStore> store;
  const std::optional<Error> rejected = error_of([&] { store = std::make_unique<SqliteStore>(path, options); });
  if (rejected) {
    EXPECT_EQ(ErrorCode::invalid_argument, rejected->code());
    return;
  }

  sqlite3* holder = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &holder));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr));
  std::thread release([holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr);
  });
  NewTicket fresh = new_ticket(1);
  const auto start = std::chrono::steady_clock::now();
  const std::optional<Error> error = error_of([&] { store->append(fresh.event, fresh.ticket, 0); });
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  release.join();
  sqlite3_close(holder);
  EXPECT_FALSE(error.has_value()) << "after " << waited.count() << " ms: " << message_of(error);
  EXPECT_EQ(1U, store->size());
}

// Input: the path "" (empty). Expected: Error{invalid_argument} naming the
// missing path.
TEST(SqliteHostileOptions, EmptyPathIsInvalid) {
  const std::optional<Error> error = error_of([&] { SqliteStore store(""); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

// Input: the path "tickets.db\0.bak" (a NUL byte inside the std::string).
// Expected: Error{invalid_argument}, because no file has that name.
TEST(SqliteHostileOptions, PathWithNulIsInvalid) {
  TempDir dir;
  const std::string path = dir.file("tickets.db") + std::string("\0.bak", 5);
  const std::optional<Error> error = error_of([&] { SqliteStore store(path); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_FALSE(fs::exists(dir.file("tickets.db")));
}

// --- Files that are not databases ---------------------------------------------

TEST(SqliteHostileFile, DirectoryIsRejected) {
  TempDir dir;
  fs::create_directory(dir.file("tickets.db"));
  const std::optional<Error> error = error_of([&] { SqliteStore store(dir.file("tickets.db")); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_TRUE(fs::is_empty(dir.file("tickets.db")));
  EXPECT_FALSE(fs::exists(dir.file("tickets.db-wal")));
}

TEST(SqliteHostileFile, FifoIsRejectedWithoutBlocking) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  ASSERT_EQ(0, ::mkfifo(path.c_str(), 0600));
  auto opening = std::async(std::launch::async, [&] { return error_of([&] { SqliteStore store(path); }); });
  ASSERT_EQ(std::future_status::ready, opening.wait_for(std::chrono::seconds(10)));
  const std::optional<Error> error = opening.get();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
}

TEST(SqliteHostileFile, SymlinkToDatabaseOpens) {
  TempDir dir;
  const std::string path = make_database(dir);
  fs::create_symlink(path, dir.file("link.db"));
  SqliteStore store(dir.file("link.db"), fast_options());
  EXPECT_EQ(1U, store.size());
  EXPECT_TRUE(store.check_integrity().ok());
}

TEST(SqliteHostileFile, SymlinkToDirectoryIsRejected) {
  TempDir dir;
  fs::create_directory(dir.file("folder"));
  fs::create_directory_symlink(dir.file("folder"), dir.file("link.db"));
  const std::optional<Error> error = error_of([&] { SqliteStore store(dir.file("link.db")); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_TRUE(fs::is_empty(dir.file("folder")));
}

TEST(SqliteHostileFile, EmptyFileBecomesDatabase) {
  TempDir dir;
  write_bytes(dir.file("tickets.db"), "");
  SqliteStore store(dir.file("tickets.db"), fast_options());
  EXPECT_EQ(0U, store.size());
  EXPECT_TRUE(store.check_integrity().ok());
}

TEST(SqliteHostileFile, PathWithChineseAndSpacesWorks) {
  TempDir dir;
  fs::create_directory(dir.file("来件 数据库"));
  const std::string path = dir.file("来件 数据库/普湾 requests '2026'.db");
  {
    World world(path);
    world.dispatched_ticket();
    world.store().backup(dir.file("来件 数据库/备份 copy.db"));
  }
  SqliteStore store(path, fast_options());
  EXPECT_EQ(1U, store.size());
  SqliteStore copy(dir.file("来件 数据库/备份 copy.db"), fast_options());
  EXPECT_EQ(1U, copy.size());
}

TEST(SqliteHostileFile, PathLongerThanPathMaxIsAnError) {
  TempDir dir;
  std::string path = dir.path().string();
  while (path.size() <= PATH_MAX + 10) {
    path += "/" + std::string(200, 'd');
  }
  path += "/tickets.db";
  const std::optional<Error> error = error_of([&] { SqliteStore store(path); });
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->code() == ErrorCode::io_error || error->code() == ErrorCode::not_found) << message_of(error);
  EXPECT_LT(error->message().size(), 2000U) << "the path is quoted without a length limit";
}

TEST(SqliteHostileFile, HeaderDamageIsInvalidDataAndUnchanged) {
  TempDir dir;
  const std::string whole = read_bytes(make_database(dir));
  std::string bad_page_size = whole;
  bad_page_size[16] = '\x03';
  bad_page_size[17] = '\x00';  // 768, not a power of two
  const std::vector<std::pair<const char*, std::string>> files = {
      {"zeros", std::string(4096, '\0')},
      {"magic only", std::string("SQLite format 3\0", 16)},
      {"bad page size", bad_page_size},
      {"text", "SQLite format 3 is what this file is not\n"},
  };
  for (const auto& [what, bytes] : files) {
    const std::string path = dir.file("damaged.db");
    write_bytes(path, bytes);
    const std::optional<Error> error = error_of([&] { SqliteStore store(path); });
    ASSERT_TRUE(error.has_value()) << what;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << what << ": " << message_of(error);
    EXPECT_TRUE(bytes == read_bytes(path)) << what;
    EXPECT_FALSE(fs::exists(path + "-wal")) << what;
  }
}

TEST(SqliteHostileFile, TruncatedDatabaseWithJunkLogIsRejectedUnchanged) {
  TempDir dir;
  const std::string path = make_database(dir);
  const std::string whole = read_bytes(path);
  write_bytes(path, whole.substr(0, whole.size() - 4096));
  write_bytes(path + "-wal", "x");
  const std::string before = read_bytes(path);

  const std::optional<Error> error = error_of([&] {
    SqliteStore store(path);
    store.check_integrity();
    store.open_tickets();
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code()) << message_of(error);
  EXPECT_TRUE(before == read_bytes(path));
}

// Copies a database and its write-ahead log while a connection still has
// committed pages only in the log, as a crash leaves them. Returns the path
// of the copy; `sql` runs first on a new database.
std::string crashed_copy(const TempDir& dir, const std::string& source, const std::string& sql,
                         const std::string& copy_name) {
  sqlite3* db = nullptr;
  EXPECT_EQ(SQLITE_OK, sqlite3_open(source.c_str(), &db));
  EXPECT_EQ(SQLITE_OK, sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0", nullptr,
                                    nullptr, nullptr));
  EXPECT_EQ(SQLITE_OK, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr));
  const std::string copy = dir.file(copy_name);
  fs::copy_file(source, copy, fs::copy_options::overwrite_existing);
  fs::copy_file(source + "-wal", copy + "-wal", fs::copy_options::overwrite_existing);
  sqlite3_close(db);
  return copy;
}

// Input: another program's SQLite database in WAL mode whose last commits
// are still in its -wal file, as a crash of that program leaves it.
// Expected: Error{invalid_data} ("another program's SQLite database"), with
// the file and its -wal left byte for byte unchanged, as the message states.
TEST(SqliteHostileFile, ForeignDatabaseWithLogIsLeftUnchanged) {
  TempDir dir;
  const std::string copy = crashed_copy(
      dir, dir.file("contacts.db"),
      "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a'), ('b'), ('c');", "crashed.db");
  const std::string file_before = read_bytes(copy);
  const std::string log_before = read_bytes(copy + "-wal");
  ASSERT_FALSE(log_before.empty());

  const std::optional<Error> error = error_of([&] { SqliteStore store(copy); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_TRUE(file_before == read_bytes(copy)) << "the database file changed";
  EXPECT_TRUE(log_before == read_bytes(copy + "-wal")) << "the -wal file changed or was deleted";
}

// Input: a jishiban database with one ticket, and beside it a -wal file
// that belongs to another SQLite database with the same page size (a log
// left over from a file that was replaced, or copied with the wrong name).
// Expected: Error{invalid_data}, with the jishiban database left byte for
// byte unchanged.
TEST(SqliteHostileFile, ForeignLogNeverOverwritesDatabase) {
  TempDir dir;
  const std::string path = make_database(dir);
  const std::string copy = crashed_copy(
      dir, dir.file("contacts.db"),
      "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a'), ('b'), ('c');", "scratch.db");
  fs::copy_file(copy + "-wal", path + "-wal", fs::copy_options::overwrite_existing);
  const std::string before = read_bytes(path);

  const std::optional<Error> error = error_of([&] { SqliteStore store(path); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_TRUE(before == read_bytes(path)) << "the jishiban database was overwritten";
  fs::remove(path + "-wal");
  const std::optional<Error> reopened = error_of([&] { EXPECT_EQ(1U, SqliteStore(path).size()); });
  EXPECT_FALSE(reopened.has_value()) << message_of(reopened);
}

// Input: a SQLite file with no tables and PRAGMA user_version = 1, as
// another program may leave it. Expected: Error{invalid_data} from the
// constructor (not a jishiban database), with the file unchanged.
TEST(SqliteHostileFile, VersionOneWithoutSchemaIsRejected) {
  TempDir dir;
  const std::string path = dir.file("blank.db");
  ASSERT_EQ(SQLITE_OK, [&] {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    const int rc = sqlite3_exec(db, "PRAGMA user_version = 1", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
  }());
  const std::string before = read_bytes(path);

  std::optional<Error> error = error_of([&] {
    SqliteStore store(path);
    store.size();
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code()) << message_of(error);
  EXPECT_TRUE(before == read_bytes(path));
}

// Input: a jishiban database, or an empty SQLite file, whose PRAGMA
// user_version was set to -1 or -3. Expected: Error{invalid_data}, file
// unchanged.
TEST(SqliteHostileFile, NegativeSchemaVersionIsInvalidData) {
  TempDir dir;
  const std::string jishiban_path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(jishiban_path, "PRAGMA user_version = -1"));
  expect_error_in_child([&] { SqliteStore store(jishiban_path); }, ErrorCode::invalid_data);

  const std::string blank_path = dir.file("blank.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(blank_path.c_str(), &db));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, "PRAGMA user_version = -3", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  expect_error_in_child([&] { SqliteStore store(blank_path); }, ErrorCode::invalid_data);
}

// Input: a jishiban database whose PRAGMA user_version was reset to 0 by
// hand (its tables and application_id are intact). Expected:
// Error{invalid_data}, because version 0 means an empty database.
TEST(SqliteHostileFile, VersionZeroWithSchemaIsInvalidData) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path, "PRAGMA user_version = 0"));
  const std::string before = read_bytes(path);

  const std::optional<Error> error = error_of([&] { SqliteStore store(path); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code()) << message_of(error);
  EXPECT_TRUE(before == read_bytes(path));
}

// A database of schema version 1, before tickets had a revision column and
// before the triggers against INSERT OR REPLACE, is migrated when opened:
// its tickets keep working and are listed by changed_since.
TEST(SqliteHostileFile, VersionOneDatabaseIsMigrated) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path,
                               "DROP TRIGGER events_never_replaced; DROP TRIGGER archived_ticket_never_replaced; "
                               "DROP INDEX tickets_by_revision; ALTER TABLE tickets DROP COLUMN revision; "
                               "ALTER TABLE idempotency_keys DROP COLUMN sequence; PRAGMA user_version = 1"));

  const std::optional<Error> error = error_of([&] {
    World world(path);
    world.run(register_command());
    EXPECT_EQ(2U, world.store().size());
    std::uint64_t since = 0;
    EXPECT_EQ(2U, world.store().changed_since(since).size());
    EXPECT_TRUE(world.store().check_integrity().ok());
  });
  EXPECT_FALSE(error.has_value()) << message_of(error);

  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db));
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr));
  ASSERT_EQ(SQLITE_ROW, sqlite3_step(statement));
  EXPECT_EQ(jishiban::kSqliteSchemaVersion, sqlite3_column_int(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

// A database of schema version 2 kept no event sequence with its keys, and
// every key then was a registration's. After the migration a repeated
// registration still returns its ticket, because its key reads as sequence 1.
TEST(SqliteHostileFile, VersionTwoKeysStayRegistrations) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  std::string id;
  {
    World world(path);
    id = world.run(register_command("call-1")).id;
  }
  ASSERT_EQ(SQLITE_OK,
            run_sql(path, "ALTER TABLE idempotency_keys DROP COLUMN sequence; PRAGMA user_version = 2"));

  World world(path);
  EXPECT_EQ(id, world.run(register_command("call-1")).id);
  EXPECT_EQ(1U, world.store().idempotency_key_sequence("call-1"));
  EXPECT_EQ(1U, world.store().size());
  EXPECT_TRUE(world.store().check_integrity().ok());
}

// --- Rows edited by hand ------------------------------------------------------

const char* const kTicket = "PW2026000001";

// Appends a hand-written event row 4 to PW2026000001.
int insert_event(const std::string& path, const std::string& type, const std::string& at, const std::string& payload,
                 const std::string& sequence = "4") {
  return run_sql(path, "INSERT INTO events VALUES ('PW2026000001', " + sequence + ", '" + type + "', " + at +
                           ", 'so1', 'service_officer', '', '" + payload + "')");
}

TEST(SqliteHostileRow, GarbageSnapshotIsInvalidData) {
  TempDir dir;
  const std::string path = make_database(dir);
  for (const std::string& bytes : {std::string(), std::string("\xff\xff\xff\xff", 4), std::string(1, '\x01'),
                                   std::string("\x02\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 11)}) {
    ASSERT_EQ(SQLITE_OK, run_sql(path, "DROP TRIGGER IF EXISTS archived_ticket_is_read_only"));
    ASSERT_EQ(SQLITE_OK, set_blob(path, "UPDATE tickets SET snapshot = ?1", bytes));
    SqliteStore store(path, fast_options());
    const std::optional<Error> error = error_of([&] { store.load(kTicket); });
    ASSERT_TRUE(error.has_value()) << bytes.size();
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_EQ(3U, store.history(kTicket).size());

    jishiban::IntegrityReport report;
    EXPECT_FALSE(error_of([&] { report = store.check_integrity(); }).has_value());
    EXPECT_FALSE(report.ok());
  }
}

TEST(SqliteHostileRow, MalformedPayloadsAreInvalidData) {
  const std::vector<std::string> payloads = {
      "not json",
      "[]",
      "42",
      "null",
      "{\"actor\": 5}",
      "{\"payload\": {\"channel\": \"pigeon\"}}",
      "{\"payload\": {\"requester\": \"13812345678\"}}",
      "{\"unknown_member\": true}",
      "{\"computed\": {\"year\": 1e400}}",
      "{\"computed\": {\"year\": 2147483648}}",
      "{\"payload\": {\"source_id\": 9223372036854775808}}",
      "{\"comment\": \"\\ud800\"}",
      "{\"actor\": {\"role\": \"emperor\"}}",
  };
  for (const std::string& payload : payloads) {
    TempDir dir;
    const std::string path = make_database(dir);
    ASSERT_EQ(SQLITE_OK, insert_event(path, "urge", "1772413200", payload)) << payload;
    SqliteStore store(path, fast_options());

    const std::optional<Error> error = error_of([&] { store.history(kTicket); });
    ASSERT_TRUE(error.has_value()) << payload;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << payload << ": " << message_of(error);
    EXPECT_FALSE(mentions_contact_data(message_of(error))) << message_of(error);

    jishiban::IntegrityReport report;
    EXPECT_FALSE(error_of([&] { report = store.check_integrity(); }).has_value()) << payload;
    EXPECT_FALSE(report.ok()) << payload;
    EXPECT_TRUE(store.load(kTicket).has_value());
  }
}

TEST(SqliteHostileRow, UnknownTypeOrNegativeSequenceIsReported) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, insert_event(path, "bribe", "1772413200", "{}"));
  ASSERT_EQ(SQLITE_OK, insert_event(path, "urge", "1772413200", "{}", "-1"));
  SqliteStore store(path, fast_options());

  const std::optional<Error> error = error_of([&] { store.history(kTicket); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code()) << message_of(error);
  jishiban::IntegrityReport report;
  EXPECT_FALSE(error_of([&] { report = store.check_integrity(); }).has_value());
  EXPECT_FALSE(report.ok());
}

TEST(SqliteHostileRow, UnknownStateTextIsReported) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path, "UPDATE tickets SET state = 'vanished', lead_unit = 'x'"));
  SqliteStore store(path, fast_options());

  EXPECT_TRUE(store.load(kTicket).has_value());
  EXPECT_TRUE(store.find_by_state(TicketState::dispatched).empty());
  const jishiban::IntegrityReport report = store.check_integrity();
  ASSERT_EQ(1U, report.problems.size());
  EXPECT_NE(std::string::npos, report.problems[0].find(kTicket)) << report.problems[0];
}

TEST(SqliteHostileRow, BrokenCounterIsReportedAndRegistrationFailsCleanly) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path, "UPDATE ticket_numbers SET last_sequence = 0"));
  World world(path);

  EXPECT_FALSE(world.store().check_integrity().ok());
  const std::optional<Error> error = error_of([&] { world.run(register_command()); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_EQ(1U, world.store().size());
  EXPECT_EQ(3U, world.store().history(kTicket).size());
}

// Input: an event row whose `at` column contains 10^15 (year ~31,690,000).
// Expected: history() throws Error{invalid_data}, as for every other
// damaged stored value, so callers and `jishiban integrity` know the file is
// at fault.
TEST(SqliteHostileRow, InstantOutOfRangeIsInvalidData) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, insert_event(path, "urge", "1000000000000000", "{}"));
  SqliteStore store(path, fast_options());

  const std::optional<Error> error = error_of([&] { store.history(kTicket); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code()) << message_of(error);
}

// Input: a payload column holding a JSON array nested 1,000,000 levels
// deep, {"comment":[[[[...]]]]} (2 MB). Expected: history() and
// check_integrity() report Error{invalid_data} (the strict reader allows 16
// levels).
TEST(SqliteHostileRow, DeeplyNestedPayloadIsInvalidData) {
  TempDir dir;
  const std::string path = make_database(dir);
  const std::size_t depth = 1000000;
  const std::string payload = "{\"comment\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  ASSERT_EQ(SQLITE_OK, insert_event(path, "urge", "1772413200", payload));

  expect_error_in_child(
      [&] {
        SqliteStore store(path, fast_options());
        store.history(kTicket);
      },
      ErrorCode::invalid_data);
  expect_error_in_child(
      [&] {
        SqliteStore store(path, fast_options());
        if (!store.check_integrity().ok()) {
          throw Error(ErrorCode::invalid_data, "reported", "已报告");
        }
      },
      ErrorCode::invalid_data);
}

// Input: a state row whose snapshot decodes but names registered_at
// 400000000000 (year ~14645, which ISO 8601 text here cannot carry).
// Expected: check_integrity() returns a report with a problem for the
// ticket, and `jishiban integrity` lists it and exits 1.
TEST(SqliteHostileRow, UnformattableSnapshotIsReportedNotThrown) {
  TempDir dir;
  const std::string path = make_database(dir);
  Ticket ticket;
  {
    SqliteStore store(path, fast_options());
    ticket = *store.load(kTicket);
  }
  ticket.registered_at = Instant::from_unix_seconds(400000000000);
  std::string snapshot;
  jishiban::detail::encode_ticket(ticket, snapshot);
  ASSERT_EQ(SQLITE_OK, set_blob(path, "UPDATE tickets SET snapshot = ?1", snapshot));
  SqliteStore store(path, fast_options());
  ASSERT_TRUE(store.load(kTicket).has_value());

  jishiban::IntegrityReport report;
  const std::optional<Error> error = error_of([&] { report = store.check_integrity(); });
  EXPECT_FALSE(error.has_value()) << message_of(error);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(1U, report.tickets_checked);
}

TEST(SqliteHostileRow, BadOutboxRowDoesNotStopCommands) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK,
            run_sql(path, "UPDATE outbox SET kind = 'carrier_pigeon', delivered_at = NULL, next_attempt_at = 0"));
  World world(path);

  const std::optional<Error> pending =
      error_of([&] { world.store().pending_notifications(Instant::from_unix_seconds(INT64_MAX), 10); });
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, pending->code());
  EXPECT_NO_THROW(world.run(register_command()));
  EXPECT_NO_THROW(world.engine().poll());
  EXPECT_EQ(2U, world.store().size());
}

// Input: an outbox row whose kind was changed to 'carrier_pigeon'.
// pending_notifications() then throws Error{invalid_data} "... has an
// unknown kind or recipient role; run the integrity check". Expected: the
// integrity check it points to reports the row.
TEST(SqliteHostileRow, IntegrityCheckReportsBadOutboxRow) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path, "UPDATE outbox SET kind = 'carrier_pigeon', delivered_at = NULL"));
  SqliteStore store(path, fast_options());

  const std::optional<Error> pending = error_of([&] { store.pending_notifications(Instant::from_unix_seconds(INT64_MAX), 10); });
  ASSERT_TRUE(pending.has_value());
  ASSERT_NE(std::string::npos, pending->message().find("integrity check")) << message_of(pending);
  EXPECT_FALSE(store.check_integrity().ok());
}

TEST(SqliteHostileRow, KeyOfMissingTicketIsError) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, run_sql(path, "INSERT INTO idempotency_keys VALUES ('call-9', 'PW2026000077', 0, 1)"));
  World world(path);

  const std::optional<Error> error = error_of([&] { world.run(register_command("call-9")); });
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(ErrorCode::io_error, error->code());
  EXPECT_EQ(1U, world.store().size());
}

TEST(SqliteHostileRow, TriggersStillGuardEventsAndArchivedTickets) {
  TempDir dir;
  const std::string path = make_database(dir);
  EXPECT_NE(SQLITE_OK, run_sql(path, "UPDATE events SET payload = '{}'"));
  EXPECT_NE(SQLITE_OK, run_sql(path, "DELETE FROM events WHERE sequence = 3"));
  EXPECT_NE(SQLITE_OK, run_sql(path, "DELETE FROM tickets"));
  SqliteStore store(path, fast_options());
  EXPECT_EQ(3U, store.history(kTicket).size());
  EXPECT_TRUE(store.check_integrity().ok());
}

// Input: SQL from another program that rewrites rows with REPLACE instead
// of UPDATE or DELETE:
//   CREATE TEMP TABLE e AS SELECT * FROM events WHERE sequence = 1;
//   UPDATE e SET payload = '{"comment":"rewritten"}';
//   INSERT OR REPLACE INTO events SELECT * FROM e;
// and the same for the state row of an archived ticket. Expected: the
// triggers reject both: events are never updated, archived rows are
// read-only, and docs/storage.md states that the triggers "apply to every
// program that writes the file through SQLite".
TEST(SqliteHostileRow, TriggersRejectReplace) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  std::string archived;
  {
    World world(path);
    world.dispatched_ticket();
    archived = world.dispatched_ticket();
    world.archive(archived);
  }

  EXPECT_NE(SQLITE_OK, run_sql(path, "CREATE TEMP TABLE e AS SELECT * FROM events WHERE ticket_id = 'PW2026000001' "
                                     "AND sequence = 1; UPDATE e SET payload = '{\"comment\":\"rewritten\"}'; "
                                     "INSERT OR REPLACE INTO events SELECT * FROM e;"));
  EXPECT_NE(SQLITE_OK, run_sql(path, "CREATE TEMP TABLE t AS SELECT * FROM tickets WHERE id = '" + archived +
                                     "'; UPDATE t SET lead_unit = 'tampered'; "
                                     "INSERT OR REPLACE INTO tickets SELECT * FROM t;"));
  SqliteStore store(path, fast_options());
  EXPECT_TRUE(store.find_by_unit("tampered").empty());
  EXPECT_TRUE(store.check_integrity().ok());
}

// --- Batches --------------------------------------------------------------------

TEST(SqliteHostileBatch, ExceptionUnwindingRollsBack) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  world.run(register_command("call-1"));
  try {
    SqliteStore::Batch batch(world.store());
    world.dispatched_ticket();
    world.run(register_command("call-2"));
    throw std::runtime_error("the import file ended early");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(1U, world.store().size());
  EXPECT_EQ(2, world.store().next_sequence(2026));
  EXPECT_FALSE(world.store().find_by_idempotency_key("call-2").has_value());
  EXPECT_EQ(0U, world.store().undelivered_notifications());
  EXPECT_TRUE(world.store().check_integrity().ok());

  // The store and the engine keep working, with the next number.
  EXPECT_EQ("PW2026000002", world.run(register_command()).id);
  world.clock().advance(std::chrono::hours(24 * 60));
  EXPECT_NO_THROW(world.engine().poll());
}

TEST(SqliteHostileBatch, NestedBatchIsInvalidAndOuterStillCommits) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  {
    SqliteStore::Batch outer(world.store());
    world.run(register_command());
    const std::optional<Error> nested = error_of([&] { SqliteStore::Batch inner(world.store()); });
    ASSERT_TRUE(nested.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, nested->code());
    world.run(register_command());
    outer.commit();
    const std::optional<Error> twice = error_of([&] { outer.commit(); });
    ASSERT_TRUE(twice.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, twice->code());
  }
  EXPECT_EQ(2U, world.store().size());
  SqliteStore::Batch after(world.store());
  world.run(register_command());
  after.commit();
  EXPECT_EQ(3U, world.store().size());
}

TEST(SqliteHostileBatch, OtherStoreGetsBusy) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  World world(path);
  SqliteOptions impatient = fast_options();
  impatient.busy_timeout = std::chrono::milliseconds(20);
  impatient.busy_retries = 1;
  SqliteStore other(path, impatient);
  {
    SqliteStore::Batch batch(world.store());
    world.run(register_command());
    NewTicket fresh = new_ticket(1);
    const std::optional<Error> error = error_of([&] { other.append(fresh.event, fresh.ticket, 0); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::busy, error->code());
    // Readers of the other store see the last commit, not the batch.
    EXPECT_EQ(0U, other.size());
    EXPECT_EQ(1, other.next_sequence(2026));
    batch.commit();
  }
  EXPECT_EQ(1U, other.size());
  NewTicket second = new_ticket(2);
  other.append(second.event, second.ticket, 0);
  EXPECT_EQ(2U, world.store().size());
}

TEST(SqliteHostileBatch, BackupDuringBatchCopiesLastCommit) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  world.run(register_command());
  SqliteStore other(dir.file("tickets.db"), fast_options());
  {
    SqliteStore::Batch batch(world.store());
    world.run(register_command());
    other.backup(dir.file("copy.db"));
  }
  SqliteStore copy(dir.file("copy.db"), fast_options());
  EXPECT_EQ(1U, copy.size());
}

TEST(SqliteHostileBatch, BackupInsideOwnBatchCopiesLastCommit) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  world.run(register_command());
  std::optional<Error> error;
  {
    SqliteStore::Batch batch(world.store());
    world.run(register_command());
    error = error_of([&] { world.store().backup(dir.file("copy.db")); });
  }
  ASSERT_EQ(1U, world.store().size());
  if (error) {
    EXPECT_NE(ErrorCode::io_error, error->code()) << message_of(error);
    return;
  }
  SqliteStore copy(dir.file("copy.db"), fast_options());
  EXPECT_EQ(1U, copy.size()) << "the copy contains the batch's uncommitted ticket";
}

TEST(SqliteHostileBatch, RejectedCommandsInsideBatchLeaveOthers) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  {
    SqliteStore::Batch batch(world.store());
    const std::string id = world.run(register_command("call-1")).id;
    EXPECT_EQ(id, world.run(register_command("call-1")).id);
    EXPECT_TRUE(error_of([&] { world.run(register_command("bad\nkey")); }).has_value());
    NewTicket stale = new_ticket(1);
    EXPECT_TRUE(error_of([&] { world.store().append(stale.event, stale.ticket, 0); }).has_value());
    world.run(register_command("call-2"));
    batch.commit();
  }
  EXPECT_EQ(2U, world.store().size());
  EXPECT_TRUE(world.store().check_integrity().ok());
}

// Drops the SIGXFSZ signal, so a write past RLIMIT_FSIZE fails with EFBIG.
void ignore_file_size_signal() { std::signal(SIGXFSZ, SIG_IGN); }

// Input: a batch in which one command fails because SQLite cannot write
// (here the file-size limit RLIMIT_FSIZE, as a full disk or quota does),
// followed by one more command and the end of the batch without commit().
// The failure, SQLite error 778 (SQLITE_IOERR_WRITE), ends the batch's
// transaction. Expected: the later command fails or joins a batch that
// stores nothing, because it is never committed.
TEST(SqliteHostileBatch, IoErrorEndsBatchSilently) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  {
    World world(path);
    world.run(register_command());
  }
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        ignore_file_size_signal();
        World world(path);
        const std::uintmax_t size = fs::file_size(path) + fs::file_size(path + "-wal");
        rlimit limit{};
        limit.rlim_cur = size + 64 * 1024;
        limit.rlim_max = RLIM_INFINITY;
        setrlimit(RLIMIT_FSIZE, &limit);
        std::optional<Error> failure;
        {
          SqliteStore::Batch batch(world.store());
          // About 3 MB of dirty pages, more than SQLite's 2 MB page cache, so
          // pages spill to the log inside the batch.
          Command big = register_command();
          big.payload.content = std::string(30000, 'x');
          for (int i = 0; i < 200 && !failure; ++i) {
            failure = error_of([&] { world.run(big); });
          }
          limit.rlim_cur = RLIM_INFINITY;
          setrlimit(RLIMIT_FSIZE, &limit);
          error_of([&] { world.run(register_command("after-the-failure")); });
        }
        const bool leaked = SqliteStore(path).find_by_idempotency_key("after-the-failure").has_value();
        if (failure) {
          std::fprintf(stderr, "failure inside the batch: %s\n", failure->message().c_str());
        }
        std::fprintf(stderr, "stored after the batch ended uncommitted: %s\n", leaked ? "yes" : "no");
        std::_Exit(!failure ? 3 : (leaked ? 7 : 0));
      },
      testing::ExitedWithCode(0), "");
}

// --- Threads -------------------------------------------------------------------

TEST(SqliteHostileThreads, ManyThreadsShareOneStore) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  constexpr int kWriters = 4;
  constexpr int kEach = 15;
  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (writing.load()) {
        const std::optional<Error> error = error_of([&] {
          world.store().load("PW2026000001");
          world.store().history("PW2026000001");
          world.store().open_tickets();
          world.store().find_by_unit("区建设局");
          world.store().nearest_due(5);
          world.store().pending_notifications(Instant::from_unix_seconds(INT64_MAX), 5);
          world.store().check_integrity();
          world.store().find_by_idempotency_key("k-1-1");
        });
        if (error) {
          failures.fetch_add(1);
        }
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        const std::string key = "k-" + std::to_string(w) + "-" + std::to_string(i);
        if (error_of([&] { world.engine().execute(register_command(key)); })) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& writer : writers) {
    writer.join();
  }
  writing.store(false);
  for (std::thread& reader : readers) {
    reader.join();
  }

  EXPECT_EQ(0, failures.load());
  EXPECT_EQ(static_cast<std::size_t>(kWriters * kEach), world.store().size());
  EXPECT_EQ(kWriters * kEach + 1, world.store().next_sequence(2026));
  EXPECT_TRUE(world.store().check_integrity().ok());
}

TEST(SqliteHostileThreads, TwoStoresKeepNumbersGapFree) {
  TempDir dir;
  const std::string path = dir.file("tickets.db");
  World first(path);
  World second(path);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    World& world = t % 2 == 0 ? first : second;
    threads.emplace_back([&world, &failures] {
      for (int i = 0; i < 10; ++i) {
        if (error_of([&] { world.engine().execute(register_command()); })) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(0, failures.load());
  EXPECT_EQ(40U, first.store().size());
  EXPECT_EQ(41, second.store().next_sequence(2026));
  EXPECT_TRUE(second.store().check_integrity().ok());
}

// --- Backup ---------------------------------------------------------------------

TEST(SqliteHostileBackup, TargetThatIsTheDatabaseIsInvalid) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  world.dispatched_ticket();
  fs::create_symlink(dir.file("tickets.db"), dir.file("link.db"));
  fs::create_hard_link(dir.file("tickets.db"), dir.file("hard.db"));
  const std::string before = read_bytes(dir.file("tickets.db"));
  const std::string relative =
      fs::relative(dir.file("tickets.db"), fs::current_path()).string();

  for (const std::string& target : {dir.file("link.db"), dir.file("hard.db"), dir.file("./tickets.db"), relative,
                                    dir.file("folder/../tickets.db")}) {
    fs::create_directories(dir.file("folder"));
    const std::optional<Error> error = error_of([&] { world.store().backup(target); });
    ASSERT_TRUE(error.has_value()) << target;
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << target;
  }
  EXPECT_TRUE(before == read_bytes(dir.file("tickets.db")));
  EXPECT_EQ(1U, world.store().size());
  EXPECT_TRUE(world.store().check_integrity().ok());
}

TEST(SqliteHostileBackup, MissingFolderIsIoError) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const std::string target = dir.file("no such folder/copy.db");
  const std::optional<Error> error = error_of([&] { world.store().backup(target); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_NE(std::string::npos, error->message().find("no such folder")) << message_of(error);
}

TEST(SqliteHostileBackup, TargetThatIsATextFileIsLeftUnchanged) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  world.dispatched_ticket();
  const std::string text = "来件登记表\nPW2026000001,区建设局\n" + std::string(5000, '#');
  write_bytes(dir.file("notes.txt"), text);

  const std::optional<Error> error = error_of([&] { world.store().backup(dir.file("notes.txt")); });
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(text == read_bytes(dir.file("notes.txt")));
}

// Input: backup() to the database's own "-wal" file, then to its "-shm"
// file, by a store that has written nothing since it opened a cleanly
// closed database, so the log is still empty. Expected:
// Error{invalid_argument}, as `jishiban backup` gives for these names and
// backup() gives for the database itself.
TEST(SqliteHostileBackup, TargetThatIsTheLogIsInvalid) {
  TempDir dir;
  const std::string path = make_database(dir);
  SqliteStore store(path, fast_options());
  ASSERT_EQ(0U, fs::file_size(path + "-wal"));

  for (const char* suffix : {"-wal", "-shm"}) {
    const std::optional<Error> error = error_of([&] { store.backup(path + suffix); });
    ASSERT_TRUE(error.has_value()) << suffix << ": backup() returned normally";
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << suffix << ": " << message_of(error);
  }
  EXPECT_EQ(1U, store.size());
  EXPECT_TRUE(store.check_integrity().ok());
}

// Input: a database with mode 0600 (requester contact data readable by its
// owner only), backed up by backup() under the common umask 022. Expected:
// the copy, which contains the same contact data, is no more readable than the
// database.
TEST(SqliteHostileBackup, CopyIsNoMoreReadableThanDatabase) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(0, ::chmod(path.c_str(), 0600));
  const mode_t previous = ::umask(022);
  {
    SqliteStore store(path, fast_options());
    store.backup(dir.file("copy.db"));
  }
  ::umask(previous);

  struct stat info {};
  ASSERT_EQ(0, ::stat(dir.file("copy.db").c_str(), &info));
  EXPECT_EQ(0U, info.st_mode & 0077) << std::oct << (info.st_mode & 0777);
}

TEST(SqliteHostileBackup, FifoTargetDoesNotHang) {
  TempDir dir;
  World world(dir.file("tickets.db"));
  const std::string fifo = dir.file("pipe.db");
  ASSERT_EQ(0, ::mkfifo(fifo.c_str(), 0600));

  auto copying = std::async(std::launch::async, [&] { return error_of([&] { world.store().backup(fifo); }); });
  const bool finished = copying.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  if (!finished) {
    // Unblock the reader so the test can end.
    const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    const std::string garbage(4096, 'x');
    if (writer >= 0) {
      [[maybe_unused]] const ssize_t written = ::write(writer, garbage.data(), garbage.size());
      ::close(writer);
    }
  }
  const std::optional<Error> error = copying.get();
  EXPECT_TRUE(finished) << "backup() to a FIFO blocked";
  EXPECT_TRUE(error.has_value());
}

// --- The command-line program ----------------------------------------------------

#ifdef JISHIBAN_CLI_PATH

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs the jishiban program with `arguments` and LANG=`lang` in `dir`.
CliResult run_cli(const TempDir& dir, const std::vector<std::string>& arguments, const std::string& lang = "C.UTF-8") {
  const std::string out_path = dir.file(".cli-stdout");
  const std::string err_path = dir.file(".cli-stderr");
  const pid_t child = ::fork();
  if (child == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (::chdir(dir.path().c_str()) != 0) {
      ::_exit(126);
    }
    ::setenv("LANG", lang.c_str(), 1);
    ::unsetenv("LC_ALL");
    std::vector<char*> argv;
    std::string program = JISHIBAN_CLI_PATH;
    argv.push_back(program.data());
    std::vector<std::string> copies = arguments;
    for (std::string& argument : copies) {
      argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CliResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_bytes(out_path);
  result.err = read_bytes(err_path);
  return result;
}

TEST(SqliteHostileCli, BadOptionsAreUsageErrors) {
  TempDir dir;
  make_database(dir);
  const std::vector<std::vector<std::string>> lines = {
      {"backup", "--db", "tickets.db"},
      {"backup", "--to", "copy.db"},
      {"backup", "--db", "tickets.db", "--db", "tickets.db", "--to", "copy.db"},
      {"backup", "--db", "tickets.db", "--to", "copy.db", "--ticket", "PW2026000001"},
      {"integrity", "--db"},
      {"integrity", "--db="},
      {"integrity", "--db", "tickets.db", "--json=yes"},
      {"integrity", "--db", "tickets.db", "--", "--json"},
      {"integrity", "--db", "tickets.db", "stray"},
      {"export", "--db", "tickets.db"},
      {"export", "--db", "tickets.db", "--ticket", "PW2026000001", "--out", "a.json", "--out", "b.json"},
      {"export", "--db", "tickets.db", "--ticket", "PW2026000001", "--overwrite"},
  };
  for (const std::vector<std::string>& line : lines) {
    const CliResult result = run_cli(dir, line);
    EXPECT_EQ(2, result.status) << line[0] << " " << line.size() << ": " << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
    EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
  }
  EXPECT_FALSE(fs::exists(dir.file("copy.db")));
  EXPECT_FALSE(fs::exists(dir.file("a.json")));
}

TEST(SqliteHostileCli, DatabaseThatIsNotAFileIsRejectedUnchanged) {
  TempDir dir;
  fs::create_directory(dir.file("folder.db"));
  ASSERT_EQ(0, ::mkfifo(dir.file("pipe.db").c_str(), 0600));
  write_bytes(dir.file("empty.db"), "");
  for (const char* database : {"folder.db", "pipe.db", "empty.db", "absent.db"}) {
    for (const char* name : {"integrity", "export", "backup"}) {
      std::vector<std::string> line = {name, "--db", database};
      if (std::string(name) == "export") {
        line.insert(line.end(), {"--ticket", "PW2026000001"});
      } else if (std::string(name) == "backup") {
        line.insert(line.end(), {"--to", "copy.db"});
      }
      const CliResult result = run_cli(dir, line);
      EXPECT_EQ(2, result.status) << name << " " << database << ": " << result.err;
      EXPECT_NE(std::string::npos, result.err.find(database)) << result.err;
    }
  }
  EXPECT_TRUE(fs::is_empty(dir.file("folder.db")));
  EXPECT_EQ(0U, fs::file_size(dir.file("empty.db")));
  EXPECT_FALSE(fs::exists(dir.file("absent.db")));
  EXPECT_FALSE(fs::exists(dir.file("copy.db")));
}

TEST(SqliteHostileCli, TargetThatIsTheDatabaseIsRejected) {
  TempDir dir;
  const std::string path = make_database(dir);
  fs::create_symlink("tickets.db", dir.file("link.db"));
  fs::create_directory(dir.file("sub"));
  const std::string before = read_bytes(path);
  for (const char* target : {"link.db", "./tickets.db", "sub/../tickets.db", "tickets.db-wal", "tickets.db-shm"}) {
    const CliResult backup = run_cli(dir, {"backup", "--db", "tickets.db", "--to", target, "--overwrite"});
    EXPECT_EQ(2, backup.status) << target << ": " << backup.err;
    const CliResult exported =
        run_cli(dir, {"export", "--db", "tickets.db", "--ticket", kTicket, "--out", target});
    EXPECT_EQ(2, exported.status) << target << ": " << exported.err;
  }
  EXPECT_TRUE(before == read_bytes(path));
  EXPECT_EQ(1U, SqliteStore(path).size());
}

TEST(SqliteHostileCli, MissingOutputFolderIsAnError) {
  TempDir dir;
  make_database(dir);
  const CliResult backup = run_cli(dir, {"backup", "--db", "tickets.db", "--to", "nowhere/copy.db"});
  EXPECT_EQ(2, backup.status) << backup.err;
  EXPECT_NE(std::string::npos, backup.err.find("nowhere/copy.db")) << backup.err;
  const CliResult exported = run_cli(dir, {"export", "--db", "tickets.db", "--ticket", kTicket, "--out", "nowhere/t.json"});
  EXPECT_EQ(2, exported.status) << exported.err;
  EXPECT_NE(std::string::npos, exported.err.find("nowhere/t.json")) << exported.err;
}

TEST(SqliteHostileCli, ExportOfOddIdIsOneEscapedLine) {
  TempDir dir;
  make_database(dir);
  for (const std::string& lang : {std::string("C.UTF-8"), std::string("zh_CN.UTF-8")}) {
    const CliResult result =
        run_cli(dir, {"export", "--db", "tickets.db", "--ticket", "PW\"2026\n\x1b[2J000001"}, lang);
    EXPECT_EQ(2, result.status) << result.err;
    EXPECT_EQ(1, std::count(result.err.begin(), result.err.end(), '\n')) << result.err;
    EXPECT_EQ(std::string::npos, result.err.find('\x1b')) << result.err;
    if (lang == "zh_CN.UTF-8") {
      EXPECT_NE(std::string::npos, result.err.find("没有编号为")) << result.err;
    }
  }
}

TEST(SqliteHostileCli, ExportNeverPrintsContactDataInErrors) {
  TempDir dir;
  make_database(dir);
  const CliResult result = run_cli(dir, {"export", "--db", "tickets.db", "--ticket", "pw123@163.com 13812345678"});
  EXPECT_EQ(2, result.status);
  // The id is the user's own input, quoted back; the stored contact data of
  // PW2026000001 must not appear.
  EXPECT_EQ(std::string::npos, result.err.find("欧阳明辉")) << result.err;
  EXPECT_EQ(std::string::npos, result.err.find("黄金路")) << result.err;
}

TEST(SqliteHostileCli, IntegrityListsHandEditedRows) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(SQLITE_OK, insert_event(path, "urge", "1772413200", "{\"actor\": 5}"));
  ASSERT_EQ(SQLITE_OK, run_sql(path, "UPDATE ticket_numbers SET last_sequence = 9"));
  const CliResult english = run_cli(dir, {"integrity", "--db", "tickets.db"});
  EXPECT_EQ(1, english.status) << english.err;
  EXPECT_NE(std::string::npos, english.out.find(kTicket)) << english.out;
  const CliResult chinese = run_cli(dir, {"integrity", "--db", "tickets.db", "--json"}, "zh_CN.UTF-8");
  EXPECT_EQ(1, chinese.status) << chinese.err;
  EXPECT_NE(std::string::npos, chinese.out.find("\"ok\": false")) << chinese.out;
  EXPECT_FALSE(mentions_contact_data(english.out + english.err + chinese.out + chinese.err));
}

// Input: `jishiban backup --db copy-wal --to copy` (a database whose name
// is the target's name plus "-wal"; "copy-shm" acts the same). The backup
// deletes TARGET-wal and TARGET-shm, which SQLite would replay into the new
// copy, so it must reject this target with exit 2, name the database and
// leave it as it was. A database named like a scratch file of the backup,
// "copy.partial-journal", must be backed up and left as it was.
TEST(SqliteHostileCli, BackupNeverDeletesTheDatabase) {
  for (const std::string& database :
       {std::string("copy-wal"), std::string("copy-shm"), std::string("copy.partial-journal")}) {
    TempDir dir;
    const std::string path = make_database(dir, database);
    const std::string before = read_bytes(path);
    const CliResult result = run_cli(dir, {"backup", "--db", database, "--to", "copy", "--overwrite"});
    EXPECT_TRUE(fs::exists(path)) << database << " was deleted; exit " << result.status << ": " << result.out;
    EXPECT_TRUE(before == read_bytes(path)) << database;
    if (database == "copy.partial-journal") {
      EXPECT_EQ(0, result.status) << database << ": " << result.err;
      EXPECT_TRUE(fs::exists(dir.file("copy"))) << database;
    } else {
      EXPECT_EQ(2, result.status) << database << ": " << result.out;
      EXPECT_NE(std::string::npos, result.err.find(database)) << result.err;
      EXPECT_FALSE(fs::exists(dir.file("copy"))) << database;
    }
  }
}

// Input: `jishiban backup` and `jishiban export --out` of a database with
// mode 0600, under umask 022. Expected: the copy and the export, which
// contain the requester contact data unmasked, are no more readable than
// the database. The export help text requires keeping the export "as
// confidential as the database".
TEST(SqliteHostileCli, OutputsAreNoMoreReadableThanDatabase) {
  TempDir dir;
  const std::string path = make_database(dir);
  ASSERT_EQ(0, ::chmod(path.c_str(), 0600));
  const mode_t previous = ::umask(022);
  const CliResult backup = run_cli(dir, {"backup", "--db", "tickets.db", "--to", "copy.db"});
  const CliResult exported = run_cli(dir, {"export", "--db", "tickets.db", "--ticket", kTicket, "--out", "t.json"});
  ::umask(previous);
  ASSERT_EQ(0, backup.status) << backup.err;
  ASSERT_EQ(0, exported.status) << exported.err;

  for (const char* output : {"copy.db", "t.json"}) {
    struct stat info {};
    ASSERT_EQ(0, ::stat(dir.file(output).c_str(), &info));
    EXPECT_EQ(0U, info.st_mode & 0077) << output << ": " << std::oct << (info.st_mode & 0777);
  }
}

// Input: `jishiban integrity --db FILE` where one ticket's snapshot names
// registered_at 400000000000 (see UnformattableSnapshotIsReportedNotThrown).
// Expected: exit 1 and the ticket listed as a problem.
TEST(SqliteHostileCli, IntegrityReportsUnformattableSnapshot) {
  TempDir dir;
  const std::string path = make_database(dir);
  Ticket ticket;
  {
    SqliteStore store(path, fast_options());
    ticket = *store.load(kTicket);
  }
  ticket.registered_at = Instant::from_unix_seconds(400000000000);
  std::string snapshot;
  jishiban::detail::encode_ticket(ticket, snapshot);
  ASSERT_EQ(SQLITE_OK, set_blob(path, "UPDATE tickets SET snapshot = ?1", snapshot));

  const CliResult result = run_cli(dir, {"integrity", "--db", "tickets.db"});
  EXPECT_EQ(1, result.status) << result.err;
  EXPECT_NE(std::string::npos, result.out.find(kTicket)) << result.out;
}

#endif  // JISHIBAN_CLI_PATH

}  // namespace
