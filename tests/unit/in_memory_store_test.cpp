// InMemoryStore: versions and conflicts, the indexes by state, unit and due
// instant, ticket numbers per year, and concurrent appends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "history_samples.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "test_support.hpp"

namespace {

using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::InMemoryStore;
using jishiban::Instant;
using jishiban::Notification;
using jishiban::OutboxEntry;
using jishiban::StoreWrite;
using jishiban::SlaClock;
using jishiban::SlaClockKind;
using jishiban::Ticket;
using jishiban::TicketState;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;

using Ids = std::vector<std::string>;

const Instant kStart = china_instant(2026, 10, 8, 9, 0, 0);

SlaClock running_clock(SlaClockKind kind, Instant due) {
  SlaClock clock;
  clock.kind = kind;
  clock.start = kStart;
  clock.due = due;
  clock.warning_at = due - std::chrono::minutes(30);
  clock.escalation_at = due;
  return clock;
}

// Builds tickets and their events by hand, one version at a time.
class TicketBuilder {
 public:
  TicketBuilder(std::string id, int year, std::int64_t sequence) {
    ticket_.id = std::move(id);
    ticket_.year = year;
    ticket_.sequence = sequence;
    ticket_.received_at = kStart;
    ticket_.registered_at = kStart;
  }

  Ticket& ticket() { return ticket_; }

  // Appends the next event of `type` with the current ticket as its result.
  void append(InMemoryStore& store, EventType type = EventType::urge) {
    const std::uint64_t expected = ticket_.version;
    const Event event = next_event(type);
    store.append(event, ticket_, expected);
  }

  // Advances the ticket's version and returns the matching event, without
  // storing it.
  Event next_event(EventType type) {
    ticket_.version += 1;
    ticket_.updated_at = kStart + std::chrono::minutes(ticket_.version);
    Event event;
    event.ticket_id = ticket_.id;
    event.sequence = ticket_.version;
    event.type = ticket_.version == 1 ? EventType::register_request : type;
    event.at = ticket_.updated_at;
    event.actor = jishiban::Actor{"u-001", "周敏", jishiban::Role::service_officer, ""};
    event.computed.dispatch_clock = ticket_.dispatch_clock;
    event.computed.handling_clock = ticket_.handling_clock;
    return event;
  }

 private:
  Ticket ticket_;
};

// --- Appending and reading -------------------------------------------------

TEST(InMemoryStore, StoresTicketAndHistory) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.ticket().dispatch_clock = running_clock(SlaClockKind::dispatch, kStart + std::chrono::minutes(10));
  std::vector<Event> events;

  for (int i = 0; i < 5; ++i) {
    const std::uint64_t expected = builder.ticket().version;
    events.push_back(builder.next_event(EventType::urge));
    events.back().comment = "催办 " + std::to_string(i);
    store.append(events.back(), builder.ticket(), expected);
  }

  EXPECT_EQ(builder.ticket(), store.load("PW2026000001"));
  EXPECT_EQ(events, store.history("PW2026000001"));
  EXPECT_EQ(1u, store.size());
}

TEST(InMemoryStore, StoresEventsWithEveryField) {
  InMemoryStore store;
  Event event = jishiban_test::full_event(EventType::register_request);
  event.sequence = 1;
  Ticket ticket;
  ticket.id = event.ticket_id;
  ticket.version = 1;

  store.append(event, ticket, 0);

  EXPECT_EQ(std::vector<Event>{event}, store.history(event.ticket_id));
}

// More tickets than the store keeps decoded, so the first ones are read back
// from their compact snapshots and then changed again.
TEST(InMemoryStore, KeepsTicketsBeyondTheDecodedCache) {
  InMemoryStore store;
  std::vector<TicketBuilder> builders;
  for (int i = 1; i <= 600; ++i) {
    builders.emplace_back("PW2026" + std::to_string(100000 + i), 2026, i);
    builders.back().ticket().content = "诉求 " + std::to_string(i);
    builders.back().append(store);
  }

  for (auto& builder : builders) {
    EXPECT_EQ(builder.ticket(), store.load(builder.ticket().id));
  }

  builders.front().ticket().state = TicketState::dispatched;
  builders.front().append(store);
  EXPECT_EQ(builders.front().ticket(), store.load(builders.front().ticket().id));
  EXPECT_EQ(2u, store.history(builders.front().ticket().id).size());
}

// A ticket that leaves the decoded cache lends its storage to the next new
// ticket. The copy into that storage must keep none of the old values.
TEST(InMemoryStore, ReusedCacheStorageKeepsNoOldValues) {
  InMemoryStore store;
  std::vector<TicketBuilder> builders;
  for (int i = 1; i <= 520; ++i) {
    builders.emplace_back("PW2026" + std::to_string(200000 + i), 2026, i);
    Ticket& t = builders.back().ticket();
    if (i <= 256) {
      // The first cache-full of tickets carries long texts and lists.
      t.content = std::string(300, 'x') + std::to_string(i);
      t.requester = jishiban::Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区金石滩街道黄金路88号",
                              "13812345678", "pw123@163.com"};
      t.assisting_units = {"区财政局", "区市场监管局"};
      t.handler_name = "经办人" + std::to_string(i);
    }
    builders.back().append(store);
  }

  for (auto& builder : builders) {
    EXPECT_EQ(builder.ticket(), store.load(builder.ticket().id));
  }
}

TEST(InMemoryStore, ReturnsNothingForUnknownTicket) {
  const InMemoryStore store;

  EXPECT_EQ(std::nullopt, store.load("PW2026000001"));
  EXPECT_THAT(store.history("PW2026000001"), IsEmpty());
  EXPECT_EQ(0u, store.size());
}

// --- Conflicts -------------------------------------------------------------

TEST(InMemoryStoreConflict, StaleVersionLeavesStoreUnchanged) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.append(store);
  builder.append(store);
  const Ticket stored = builder.ticket();
  const std::vector<Event> history = store.history(stored.id);

  // A writer that loaded version 1 tries to write version 2 again.
  Ticket stale = stored;
  stale.version = 2;
  stale.state = TicketState::archived;
  stale.lead_unit = "tax";
  Event event = history.back();
  event.type = EventType::archive;
  const auto error = capture_error([&] { store.append(event, stale, 1); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_THAT(error->message(), HasSubstr("PW2026000001"));
  EXPECT_THAT(error->message(), HasSubstr("version 2"));
  EXPECT_THAT(error->message(), HasSubstr("version 1"));
  EXPECT_THAT(error->message(jishiban::Language::zh_CN), HasSubstr("PW2026000001"));
  EXPECT_EQ(stored, store.load(stored.id));
  EXPECT_EQ(history, store.history(stored.id));
  EXPECT_THAT(store.find_by_state(TicketState::registered), ElementsAre("PW2026000001"));
  EXPECT_THAT(store.find_by_state(TicketState::archived), IsEmpty());
  EXPECT_THAT(store.find_by_unit("tax"), IsEmpty());
}

TEST(InMemoryStoreConflict, RecreatingTicketLeavesStoreUnchanged) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.append(store);
  builder.append(store);
  const Ticket stored = builder.ticket();
  const std::vector<Event> history = store.history(stored.id);

  TicketBuilder again("PW2026000001", 2026, 1);
  again.ticket().content = "another request";
  const auto error = capture_error([&] { again.append(store); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_THAT(error->message(), HasSubstr("PW2026000001"));
  EXPECT_THAT(error->message(), HasSubstr("already exists at version 2"));
  EXPECT_EQ(stored, store.load(stored.id));
  EXPECT_EQ(history, store.history(stored.id));
  EXPECT_EQ(1u, store.size());
  EXPECT_EQ(2, store.next_sequence(2026));
}

TEST(InMemoryStoreConflict, MissingTicketWithVersionConflicts) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.ticket().version = 4;
  const Event event = builder.next_event(EventType::urge);

  const auto error = capture_error([&] { store.append(event, builder.ticket(), 4); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_THAT(error->message(), HasSubstr("does not exist (version 0)"));
  EXPECT_THAT(error->message(), HasSubstr("version 4"));
  EXPECT_EQ(0u, store.size());
  EXPECT_EQ(1, store.next_sequence(2026));
}

TEST(InMemoryStoreConflict, RejectsMismatchedArguments) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  Event event = builder.next_event(EventType::register_request);

  Event other_ticket = event;
  other_ticket.ticket_id = "PW2026000002";
  Event wrong_sequence = event;
  wrong_sequence.sequence = 2;
  Ticket wrong_version = builder.ticket();
  wrong_version.version = 3;

  for (const auto& attempt : {std::make_pair(other_ticket, builder.ticket()),
                              std::make_pair(wrong_sequence, builder.ticket()), std::make_pair(event, wrong_version)}) {
    const auto error = capture_error([&] { store.append(attempt.first, attempt.second, 0); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  }
  EXPECT_EQ(0u, store.size());
}

// --- Indexes ---------------------------------------------------------------

TEST(InMemoryStoreIndex, FindByStateFollowsStateChanges) {
  InMemoryStore store;
  TicketBuilder first("PW2026000001", 2026, 1);
  TicketBuilder second("PW2026000002", 2026, 2);
  first.append(store);
  second.append(store);

  EXPECT_THAT(store.find_by_state(TicketState::registered), ElementsAre("PW2026000001", "PW2026000002"));

  first.ticket().state = TicketState::dispatched;
  first.append(store, EventType::approve_dispatch);

  EXPECT_THAT(store.find_by_state(TicketState::registered), ElementsAre("PW2026000002"));
  EXPECT_THAT(store.find_by_state(TicketState::dispatched), ElementsAre("PW2026000001"));
  EXPECT_THAT(store.find_by_state(TicketState::in_progress), IsEmpty());
}

TEST(InMemoryStoreIndex, FindByUnitFollowsLeadUnitChanges) {
  InMemoryStore store;
  TicketBuilder first("PW2026000001", 2026, 1);
  TicketBuilder second("PW2026000002", 2026, 2);
  first.ticket().lead_unit = "tax";
  second.ticket().lead_unit = "tax";
  first.append(store);
  second.append(store);

  EXPECT_THAT(store.find_by_unit("tax"), ElementsAre("PW2026000001", "PW2026000002"));

  second.ticket().lead_unit = "market";
  second.append(store, EventType::draft);

  EXPECT_THAT(store.find_by_unit("tax"), ElementsAre("PW2026000001"));
  EXPECT_THAT(store.find_by_unit("market"), ElementsAre("PW2026000002"));
  EXPECT_THAT(store.find_by_unit("ta"), IsEmpty());
  EXPECT_THAT(store.find_by_unit(""), IsEmpty());
}

TEST(InMemoryStoreIndex, ListsInTicketNumberOrder) {
  InMemoryStore store;
  // Unpadded numbers, appended out of order: text order would put T10 first.
  TicketBuilder ten("T10", 2026, 10);
  TicketBuilder nine("T9", 2026, 9);
  TicketBuilder last_year("T11", 2025, 11);
  for (TicketBuilder* builder : {&ten, &nine, &last_year}) {
    builder->ticket().lead_unit = "tax";
    builder->append(store);
  }

  EXPECT_THAT(store.find_by_state(TicketState::registered), ElementsAre("T11", "T9", "T10"));
  EXPECT_THAT(store.find_by_unit("tax"), ElementsAre("T11", "T9", "T10"));
  EXPECT_THAT(store.open_tickets(), ElementsAre("T11", "T9", "T10"));
}

TEST(InMemoryStoreIndex, OpenTicketsSkipClosedAndArchived) {
  InMemoryStore store;
  TicketBuilder open("PW2026000001", 2026, 1);
  TicketBuilder closed("PW2026000002", 2026, 2);
  TicketBuilder archived("PW2026000003", 2026, 3);
  TicketBuilder replied("PW2026000004", 2026, 4);
  closed.ticket().state = TicketState::closed;
  archived.ticket().state = TicketState::archived;
  replied.ticket().state = TicketState::replied;
  for (TicketBuilder* builder : {&open, &closed, &archived, &replied}) {
    builder->append(store);
  }

  EXPECT_THAT(store.open_tickets(), ElementsAre("PW2026000001", "PW2026000004"));
  EXPECT_EQ(4u, store.size());
}

TEST(InMemoryStoreIndex, FindDueBeforeListsEarliestFirst) {
  InMemoryStore store;
  TicketBuilder late("PW2026000001", 2026, 1);
  TicketBuilder early("PW2026000002", 2026, 2);
  TicketBuilder both("PW2026000003", 2026, 3);
  late.ticket().handling_clock = running_clock(SlaClockKind::handling, kStart + std::chrono::hours(48));
  early.ticket().dispatch_clock = running_clock(SlaClockKind::dispatch, kStart + std::chrono::minutes(10));
  // Listed once, at its earlier clock.
  both.ticket().dispatch_clock = running_clock(SlaClockKind::dispatch, kStart + std::chrono::minutes(60));
  both.ticket().handling_clock = running_clock(SlaClockKind::handling, kStart + std::chrono::hours(24));
  for (TicketBuilder* builder : {&late, &early, &both}) {
    builder->append(store);
  }

  EXPECT_THAT(store.find_due_before(kStart + std::chrono::hours(100)),
              ElementsAre("PW2026000002", "PW2026000003", "PW2026000001"));
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::minutes(60)),
              ElementsAre("PW2026000002", "PW2026000003"));
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::minutes(59)), ElementsAre("PW2026000002"));
  EXPECT_THAT(store.find_due_before(kStart), IsEmpty());
}

TEST(InMemoryStoreIndex, FindDueBeforeFollowsClockChanges) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.ticket().dispatch_clock = running_clock(SlaClockKind::dispatch, kStart + std::chrono::minutes(10));
  builder.append(store);
  const Instant far = kStart + std::chrono::hours(1000);

  // Dispatched: the dispatch clock stops and the handling clock runs.
  builder.ticket().dispatch_clock->stopped_at = kStart + std::chrono::minutes(5);
  builder.ticket().handling_clock = running_clock(SlaClockKind::handling, kStart + std::chrono::hours(30));
  builder.ticket().state = TicketState::dispatched;
  builder.append(store, EventType::approve_dispatch);
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::hours(29)), IsEmpty());
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::hours(30)), ElementsAre("PW2026000001"));

  // Suspended: a paused clock is not due.
  builder.ticket().handling_clock->paused_at = kStart + std::chrono::hours(2);
  builder.ticket().state = TicketState::suspended;
  builder.append(store, EventType::approve_suspension);
  EXPECT_THAT(store.find_due_before(far), IsEmpty());

  // Resumed with the due instant moved later.
  builder.ticket().handling_clock->paused_at.reset();
  builder.ticket().handling_clock->due = kStart + std::chrono::hours(40);
  builder.ticket().state = TicketState::in_progress;
  builder.append(store, EventType::resume);
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::hours(39)), IsEmpty());
  EXPECT_THAT(store.find_due_before(kStart + std::chrono::hours(40)), ElementsAre("PW2026000001"));

  // Closed: a closed ticket is never due, even with a clock still running.
  builder.ticket().state = TicketState::closed;
  builder.append(store, EventType::close_with_note);
  EXPECT_THAT(store.find_due_before(far), IsEmpty());
}

// --- Ticket numbers --------------------------------------------------------

TEST(InMemoryStoreSequence, NextSequenceIsGapFreePerYear) {
  InMemoryStore store;

  EXPECT_EQ(1, store.next_sequence(2026));
  for (int i = 0; i < 5; ++i) {
    const std::int64_t sequence = store.next_sequence(2026);
    TicketBuilder builder("PW2026" + std::to_string(sequence), 2026, sequence);
    builder.append(store);
    builder.append(store);
  }
  TicketBuilder next_year("PW2027000001", 2027, store.next_sequence(2027));
  next_year.append(store);

  EXPECT_EQ(6, store.next_sequence(2026));
  EXPECT_EQ(2, store.next_sequence(2027));
  EXPECT_EQ(1, store.next_sequence(2025));
}

// --- Threads ---------------------------------------------------------------

TEST(InMemoryStoreThreads, OneOfConcurrentAppendsWins) {
  constexpr int kThreads = 8;
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.append(store);

  std::atomic<bool> go{false};
  std::atomic<int> successes{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    TicketBuilder writer = builder;
    writer.ticket().handler_name = "writer " + std::to_string(t);
    threads.emplace_back([&store, &go, &successes, &conflicts, writer]() mutable {
      while (!go.load()) {
        std::this_thread::yield();
      }
      try {
        writer.append(store, EventType::claim);
        ++successes;
      } catch (const jishiban::Error& error) {
        if (error.code() == ErrorCode::conflict) {
          ++conflicts;
        }
      }
    });
  }
  go.store(true);
  for (std::thread& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(1, successes.load());
  EXPECT_EQ(kThreads - 1, conflicts.load());
  EXPECT_EQ(2u, store.load("PW2026000001")->version);
  EXPECT_EQ(2u, store.history("PW2026000001").size());
}

TEST(InMemoryStoreThreads, ConcurrentWritersOfDifferentTickets) {
  constexpr int kThreads = 8;
  constexpr int kTicketsPerThread = 50;
  InMemoryStore store;

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kTicketsPerThread; ++i) {
        const int sequence = t * kTicketsPerThread + i + 1;
        TicketBuilder builder("T" + std::to_string(sequence), 2026, sequence);
        builder.append(store);
        builder.ticket().state = TicketState::dispatched;
        builder.append(store, EventType::approve_dispatch);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(static_cast<std::size_t>(kThreads * kTicketsPerThread), store.size());
  EXPECT_EQ(kThreads * kTicketsPerThread + 1, store.next_sequence(2026));
  EXPECT_EQ(static_cast<std::size_t>(kThreads * kTicketsPerThread),
            store.find_by_state(TicketState::dispatched).size());
  EXPECT_THAT(store.find_by_state(TicketState::registered), IsEmpty());
}

// --- Idempotency keys and the outbox ---------------------------------------

// A notification about `ticket_id` at `at`, numbered `index`.
Notification notification(const std::string& ticket_id, int index, Instant at) {
  Notification n;
  n.id = ticket_id + "#1/" + std::to_string(index);
  n.ticket_id = ticket_id;
  n.sequence = 1;
  n.at = at;
  n.message_en = "Ticket " + ticket_id + " was dispatched.";
  n.message_zh = "工单 " + ticket_id + " 已分拨。";
  return n;
}

TEST(InMemoryStoreKeys, KeyFindsItsTicket) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  const Event event = builder.next_event(EventType::register_request);
  store.append(StoreWrite{event, builder.ticket(), 0, "call-20260302-0001", nullptr});

  EXPECT_EQ(std::optional<std::string>("PW2026000001"), store.find_by_idempotency_key("call-20260302-0001"));
  EXPECT_EQ(std::nullopt, store.find_by_idempotency_key("call-20260302-0002"));
}

TEST(InMemoryStoreKeys, UsedKeyIsConflictAndWritesNothing) {
  InMemoryStore store;
  TicketBuilder first("PW2026000001", 2026, 1);
  const Event first_event = first.next_event(EventType::register_request);
  store.append(StoreWrite{first_event, first.ticket(), 0, "<m1@mail.example.com>", nullptr});

  TicketBuilder second("PW2026000002", 2026, 2);
  const Event second_event = second.next_event(EventType::register_request);
  std::vector<Notification> notes{notification("PW2026000002", 0, kStart)};
  const auto error = capture_error(
      [&] { store.append(StoreWrite{second_event, second.ticket(), 0, "<m1@mail.example.com>", &notes}); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_THAT(error->message(), HasSubstr("PW2026000001"));
  EXPECT_THAT(error->message(), testing::Not(HasSubstr("m1@mail")));
  EXPECT_EQ(1U, store.size());
  EXPECT_EQ(std::nullopt, store.load("PW2026000002"));
  EXPECT_EQ(0U, store.undelivered_notifications());
}

TEST(InMemoryStoreKeys, LaterEventKeyUsedOnce) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  builder.append(store);
  const Event urge = builder.next_event(EventType::urge);
  store.append(StoreWrite{urge, builder.ticket(), 1, "call-1", nullptr});
  EXPECT_EQ("PW2026000001", store.find_by_idempotency_key("call-1"));

  Ticket later = builder.ticket();
  Event again = urge;
  again.sequence = 3;
  later.version = 3;
  const auto error = capture_error([&] { store.append(StoreWrite{again, later, 2, "call-1", nullptr}); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code());
  EXPECT_EQ(2U, store.history("PW2026000001").size());
}

TEST(InMemoryStoreOutbox, OffersNotificationsInOrderUntilDelivered) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  const Event event = builder.next_event(EventType::register_request);
  std::vector<Notification> notes{notification("PW2026000001", 0, kStart),
                                        notification("PW2026000001", 1, kStart)};
  store.append(StoreWrite{event, builder.ticket(), 0, {}, &notes});

  std::vector<OutboxEntry> pending = store.pending_notifications(kStart, 10);
  ASSERT_EQ(2U, pending.size());
  EXPECT_EQ("PW2026000001#1/0", pending[0].notification->id);
  EXPECT_EQ("PW2026000001#1/1", pending[1].notification->id);
  EXPECT_EQ(1U, store.pending_notifications(kStart, 1).size());

  store.mark_delivered("PW2026000001#1/0", kStart);
  store.mark_delivered("PW2026000001#1/0", kStart);  // a second delivery is ignored
  store.mark_delivered("unknown", kStart);
  pending = store.pending_notifications(kStart, 10);
  ASSERT_EQ(1U, pending.size());
  EXPECT_EQ("PW2026000001#1/1", pending[0].notification->id);
  EXPECT_EQ(1U, store.undelivered_notifications());
}

TEST(InMemoryStoreOutbox, FailedDeliveryWaitsForItsRetryInstant) {
  InMemoryStore store;
  TicketBuilder builder("PW2026000001", 2026, 1);
  const Event event = builder.next_event(EventType::register_request);
  std::vector<Notification> notes{notification("PW2026000001", 0, kStart)};
  store.append(StoreWrite{event, builder.ticket(), 0, {}, &notes});

  const Instant retry = kStart + std::chrono::minutes(5);
  store.record_failed_delivery("PW2026000001#1/0", kStart, retry);

  EXPECT_THAT(store.pending_notifications(retry - std::chrono::seconds(1), 10), IsEmpty());
  const std::vector<OutboxEntry> pending = store.pending_notifications(retry, 10);
  ASSERT_EQ(1U, pending.size());
  EXPECT_EQ(1, pending[0].attempts);
  EXPECT_EQ(retry, pending[0].next_attempt_at);
}

}  // namespace
