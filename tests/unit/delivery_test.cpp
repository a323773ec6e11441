// Delivering the outbox on the host's own schedule: retries that back off,
// failures that do not hold up other notifications, and the JSON-lines
// notifier's file.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/calendar/calendar.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

namespace {

using jishiban::CallbackNotifier;
using jishiban::DeliveryPolicy;
using jishiban::DeliveryResult;
using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::InMemoryStore;
using jishiban::Instant;
using jishiban::Notification;
using jishiban::NotificationKind;
using jishiban::Role;
using jishiban::StoreWrite;
using jishiban::Ticket;
using std::chrono::seconds;

const Instant kNow = jishiban_test::china_instant(2026, 3, 2, 10, 0);

Notification notification(int index, Role role) {
  Notification n;
  n.id = "PW2026000001#1/" + std::to_string(index);
  n.kind = NotificationKind::dispatched;
  n.ticket_id = "PW2026000001";
  n.sequence = 1;
  n.at = kNow;
  n.recipient_role = role;
  n.recipient_unit = role == Role::unit_leader ? "区建设局" : "";
  n.message_en = "Ticket PW2026000001 was dispatched.";
  n.message_zh = "工单 PW2026000001 已分拨。";
  return n;
}

// A store with one ticket whose first event queued `count` notifications,
// the first to the office supervisor and the others to unit leaders.
void queue(InMemoryStore& store, int count) {
  Ticket ticket;
  ticket.id = "PW2026000001";
  ticket.year = 2026;
  ticket.sequence = 1;
  ticket.version = 1;
  Event event;
  event.ticket_id = ticket.id;
  event.sequence = 1;
  event.type = EventType::register_request;
  event.at = kNow;
  std::vector<Notification> notifications;
  for (int i = 0; i < count; ++i) {
    notifications.push_back(notification(i, i == 0 ? Role::office_supervisor : Role::unit_leader));
  }
  store.append(StoreWrite{event, ticket, 0, {}, &notifications});
}

TEST(RetryDelay, DoublesUpToTheLongest) {
  EXPECT_EQ(seconds(30), jishiban::retry_delay(1));
  EXPECT_EQ(seconds(60), jishiban::retry_delay(2));
  EXPECT_EQ(seconds(120), jishiban::retry_delay(3));
  EXPECT_EQ(seconds(3600), jishiban::retry_delay(8));
  EXPECT_EQ(seconds(3600), jishiban::retry_delay(1000));
}

TEST(DeliverPending, DeliversEachDueNotificationOnce) {
  InMemoryStore store;
  queue(store, 3);
  std::vector<std::string> received;
  CallbackNotifier notifier([&](const Notification& n) { received.push_back(n.id); });

  const DeliveryResult first = jishiban::deliver_pending(store, notifier, kNow);
  const DeliveryResult second = jishiban::deliver_pending(store, notifier, kNow + seconds(1));

  EXPECT_EQ(3U, first.delivered);
  EXPECT_EQ(0U, first.failed);
  EXPECT_EQ(0U, second.delivered);
  EXPECT_EQ((std::vector<std::string>{"PW2026000001#1/0", "PW2026000001#1/1", "PW2026000001#1/2"}), received);
  EXPECT_EQ(0U, store.undelivered_notifications());
}

TEST(DeliverPending, FailedDeliveryWaitsLongerEachTime) {
  InMemoryStore store;
  queue(store, 1);
  int offered = 0;
  CallbackNotifier down([&](const Notification&) {
    ++offered;
    throw std::runtime_error("mail server down");
  });

  EXPECT_EQ(1U, jishiban::deliver_pending(store, down, kNow).failed);
  EXPECT_EQ(0U, jishiban::deliver_pending(store, down, kNow + seconds(29)).failed);
  EXPECT_EQ(1U, jishiban::deliver_pending(store, down, kNow + seconds(30)).failed);
  EXPECT_EQ(0U, jishiban::deliver_pending(store, down, kNow + seconds(89)).failed);
  EXPECT_EQ(1U, jishiban::deliver_pending(store, down, kNow + seconds(90)).failed);
  EXPECT_EQ(3, offered);

  const auto pending = store.pending_notifications(kNow + seconds(210), 10);
  ASSERT_EQ(1U, pending.size());
  EXPECT_EQ(3, pending[0].attempts);
  EXPECT_EQ(kNow + seconds(210), pending[0].next_attempt_at);
}

TEST(DeliverPending, FailureDoesNotHoldUpOthers) {
  InMemoryStore store;
  queue(store, 3);
  std::vector<std::string> received;
  CallbackNotifier picky([&](const Notification& n) {
    if (n.recipient_role == Role::office_supervisor) {
      throw std::runtime_error("supervisor's inbox is full");
    }
    received.push_back(n.id);
  });

  const DeliveryResult result = jishiban::deliver_pending(store, picky, kNow);

  EXPECT_EQ(2U, result.delivered);
  EXPECT_EQ(1U, result.failed);
  EXPECT_EQ((std::vector<std::string>{"PW2026000001#1/1", "PW2026000001#1/2"}), received);
  EXPECT_EQ(1U, store.undelivered_notifications());
}

TEST(JsonLinesNotifier, AppendsOneLinePerNotification) {
  jishiban_test::TempDir dir;
  const std::string path = dir.file("notifications.jsonl");
  {
    jishiban::JsonLinesNotifier first(path);
    first.notify(notification(0, Role::office_supervisor));
  }
  jishiban::JsonLinesNotifier second(path);
  second.notify(notification(1, Role::unit_leader));

  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(2U, lines.size());
  EXPECT_EQ("PW2026000001#1/0", lines[0]["id"]);
  EXPECT_EQ("office_supervisor", lines[0]["recipient_role"]);
  EXPECT_EQ("2026-03-02T10:00:00+08:00", lines[0]["at"]);
  EXPECT_EQ("PW2026000001#1/1", lines[1]["id"]);
  EXPECT_EQ("区建设局", lines[1]["recipient_unit"]);
  EXPECT_EQ("工单 PW2026000001 已分拨。", lines[1]["message_zh"]);

  struct stat info {};
  ASSERT_EQ(0, ::stat(path.c_str(), &info));
  EXPECT_EQ(0600U, info.st_mode & 0777U);
}

TEST(JsonLinesNotifier, WritesEveryKindByName) {
  jishiban_test::TempDir dir;
  const std::string path = dir.file("notifications.jsonl");
  {
    jishiban::JsonLinesNotifier notifier(path);
    for (std::size_t i = 0; i < jishiban::notification_kind_count; ++i) {
      Notification n = notification(static_cast<int>(i), Role::service_officer);
      n.kind = static_cast<NotificationKind>(i);
      notifier.notify(n);
    }
  }

  std::ifstream in(path);
  std::vector<std::string> kinds;
  for (std::string line; std::getline(in, line);) {
    kinds.push_back(nlohmann::json::parse(line)["kind"].get<std::string>());
  }
  ASSERT_EQ(jishiban::notification_kind_count, kinds.size());
  EXPECT_EQ("dispatched", kinds.front());
  EXPECT_EQ("claim_reminder", kinds[9]);
  EXPECT_EQ("reply_to_requester", kinds[10]);
  EXPECT_EQ("return_visit_due", kinds[11]);
  EXPECT_EQ(0, std::count(kinds.begin(), kinds.end(), "unknown"));
}

TEST(JsonLinesNotifier, FolderPathIsIoError) {
  jishiban_test::TempDir dir;
  const auto error = jishiban_test::capture_error([&] { jishiban::JsonLinesNotifier notifier(dir.path().string()); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_NE(std::string::npos, error->message().find(dir.path().string()));
}

}  // namespace

namespace {

// An engine that leaves delivery to the host, over a store whose outbox
// holds `count` notifications.
struct HostDelivery {
  explicit HostDelivery(int count) {
    queue(store, count);
    jishiban::EngineOptions options;
    options.deliver_notifications = false;
    engine = std::make_unique<jishiban::Engine>(jishiban::Calendar(), store, unused, clock, options);
  }

  InMemoryStore store;
  CallbackNotifier unused{[](const Notification&) { throw std::logic_error("the engine must not deliver"); }};
  jishiban::ManualClock clock{kNow};
  std::unique_ptr<jishiban::Engine> engine;
};

}  // namespace

TEST(EngineDeliver, NestedCallIsRejected) {
  HostDelivery host(1);
  std::vector<ErrorCode> nested_codes;
  CallbackNotifier notifier([&](const Notification&) {
    try {
      host.engine->deliver(host.unused, kNow);
    } catch (const jishiban::Error& error) {
      nested_codes.push_back(error.code());
    }
  });

  const DeliveryResult result = host.engine->deliver(notifier, kNow);

  EXPECT_EQ(1u, result.delivered);
  ASSERT_EQ(1u, nested_codes.size());
  EXPECT_EQ(ErrorCode::invalid_argument, nested_codes[0]);
  EXPECT_EQ(0u, host.store.undelivered_notifications());
}

TEST(EngineDeliver, ThreadsOfferEachOnce) {
  constexpr int kNotifications = 200;
  HostDelivery host(kNotifications);
  std::mutex offered_mutex;
  std::vector<std::string> offered;
  CallbackNotifier notifier([&](const Notification& n) {
    const std::lock_guard<std::mutex> lock(offered_mutex);
    offered.push_back(n.id);
  });

  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { host.engine->deliver(notifier, kNow); });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(static_cast<std::size_t>(kNotifications), offered.size());
  EXPECT_EQ(offered.size(), std::set<std::string>(offered.begin(), offered.end()).size());
  EXPECT_EQ(0u, host.store.undelivered_notifications());
}
