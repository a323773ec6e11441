// Scenarios of the workflow engine on the built-in official calendar
// (UTC+08:00, working hours 08:30-12:00 and 13:00-17:00): exact SLA
// deadlines, SLA polling and notifications, replays of random command
// sequences, and atomicity when a command fails.
//
// Every test drives the real Engine and ManualClock, once on the in-memory
// store and once on a SQLite database. Expected instants are worked out by
// hand from the 2026 holiday notice: Spring Festival Feb 15-23 with make-up
// Saturdays Feb 14 and Feb 28, Mid-Autumn Festival Sep 25-27, National Day
// Oct 1-7 with make-up Saturday Oct 10.
// The built-in data has no year after 2026.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "engine_stores.hpp"
#include "history_samples.hpp"
#include "test_support.hpp"

// GoogleTest finds these printers by argument-dependent lookup. Internal
// linkage keeps them from clashing with printers of other test files.
namespace jishiban {

static void PrintTo(TicketState state, std::ostream* out) { *out << to_string(state); }
static void PrintTo(EventType type, std::ostream* out) { *out << to_string(type); }
static void PrintTo(SlaStatus status, std::ostream* out) { *out << to_string(status); }
static void PrintTo(Category category, std::ostream* out) { *out << to_string(category); }
static void PrintTo(Role role, std::ostream* out) { *out << to_string(role); }
static void PrintTo(NotificationKind kind, std::ostream* out) { *out << to_string(kind); }

}  // namespace jishiban

namespace {

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::CalendarOptions;
using jishiban::Category;
using jishiban::Channel;
using jishiban::Command;
using jishiban::CoveragePolicy;
using jishiban::Engine;
using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::EventType;
using jishiban::Instant;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::NotificationKind;
using jishiban::Notifier;
using jishiban::Payload;
using jishiban::Requester;
using jishiban::ResultReport;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::SlaClock;
using jishiban::SlaStatus;
using jishiban::Ticket;
using jishiban::TicketState;
using jishiban::TicketStore;
using jishiban_test::FaultyStore;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// --- Instants in failure messages -------------------------------------------

std::string shown(Instant instant) { return jishiban::format_instant(instant, jishiban::UtcOffset::china()); }

// EXPECT_PRED_FORMAT2 predicate: the instants are equal. A failure shows
// both in ISO 8601 at UTC+08:00 and how far apart they are.
testing::AssertionResult InstantEq(const char* expected_text, const char* actual_text, Instant expected,
                                   Instant actual) {
  if (expected == actual) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure() << actual_text << " is " << shown(actual) << ", expected " << expected_text
                                     << " = " << shown(expected) << " (off by " << (actual - expected).count()
                                     << " s)";
}

std::string describe(const std::vector<Event>& events) {
  std::ostringstream text;
  text << "[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    text << (i == 0 ? "" : ", ") << jishiban::to_string(events[i].type) << " #" << events[i].sequence << " at "
         << shown(events[i].at);
  }
  text << "]";
  return text.str();
}

std::vector<EventType> types_of(const std::vector<Event>& events) {
  std::vector<EventType> types;
  for (const auto& event : events) {
    types.push_back(event.type);
  }
  return types;
}

// --- Actors and requester ----------------------------------------------------

const std::string kTaxUnit = "区税务局";
const std::string kMarketUnit = "区市场监管局";

const Actor kOfficer{"so-01", "周敏", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-01", "陈刚", Role::office_leader, ""};
const Actor kSupervisor{"sv-01", "刘洋", Role::office_supervisor, ""};
const Actor kReviewer{"rv-01", "孙丽", Role::reviewer, ""};
const Actor kCommittee{"cl-01", "赵强", Role::committee_leader, ""};
const Actor kTaxLeader{"ul-tax", "王芳", Role::unit_leader, kTaxUnit};
const Actor kTaxHandler{"hd-tax", "李四", Role::handler, kTaxUnit};

// Contact data that must never appear in a notification.
const Requester kRequester{"张三丰", "大连普湾建设有限公司", "大连市金州区金石滩街道黄金路8号", "13812345678",
                           "zhangsanfeng@example.com"};

Payload text_payload(std::string text) {
  Payload payload;
  payload.text = std::move(text);
  return payload;
}

Payload draft_payload(Category category, std::string lead_unit, std::vector<std::string> assisting = {}) {
  Payload payload;
  payload.category = category;
  payload.lead_unit = std::move(lead_unit);
  payload.assisting_units = std::move(assisting);
  return payload;
}

Payload claim_payload(std::string handler_id, std::string handler_name) {
  Payload payload;
  payload.handler_id = std::move(handler_id);
  payload.handler_name = std::move(handler_name);
  return payload;
}

Payload extension_payload(int days) {
  Payload payload;
  payload.days = days;
  payload.text = "企业需补充材料，申请延期";
  return payload;
}

Payload result_payload() {
  Payload payload;
  payload.result = ResultReport{"办税咨询", "电话答复", "企业已了解办理流程", {}};
  return payload;
}

Payload visit_payload(Satisfaction satisfaction) {
  Payload payload;
  payload.satisfaction = satisfaction;
  return payload;
}

// --- Test doubles --------------------------------------------------------------

// Records every notification, and throws instead while set to fail. Safe to
// call from several threads.
class RecordingNotifier final : public Notifier {
 public:
  void notify(const Notification& notification) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failing_) {
      ++failed_deliveries_;
      throw std::runtime_error("the notification gateway is unavailable");
    }
    delivered_.push_back(notification);
  }

  void set_failing(bool failing) {
    std::lock_guard<std::mutex> lock(mutex_);
    failing_ = failing;
  }

  std::vector<Notification> delivered() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return delivered_;
  }

  int failed_deliveries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_deliveries_;
  }

 private:
  mutable std::mutex mutex_;
  bool failing_ = false;
  int failed_deliveries_ = 0;
  std::vector<Notification> delivered_;
};

// --- Fixture -------------------------------------------------------------------

// An engine on an empty store of the test's kind, the default calendar and
// a manual clock. Each helper sets the clock to the instant it is given and
// then runs the command, so a test reads as a timeline.
class EngineScenario : public testing::TestWithParam<StoreKind> {
 protected:
  EngineScenario() : clock_(china_instant(2026, 1, 5, 9, 0)) {}

  void SetUp() override { start_engine(store_, Calendar()); }

  // Replaces the engine. The store keeps its tickets.
  void start_engine(TicketStore& store, const Calendar& calendar) {
    engine_.reset();
    engine_ = std::make_unique<Engine>(calendar, store, notifier_, clock_);
  }

  Ticket stored(const std::string& id) const {
    const std::optional<Ticket> ticket = store_.load(id);
    if (!ticket) {
      throw std::logic_error("no stored ticket " + id);
    }
    return *ticket;
  }

  // Runs a command at `when` and returns the stored ticket after it.
  Ticket run_at(Instant when, EventType type, const std::string& id, const Actor& actor, Payload payload = {}) {
    clock_.set(when);
    Command command;
    command.type = type;
    command.ticket_id = id;
    command.actor = actor;
    command.payload = std::move(payload);
    return stored(engine_->execute(command).id);
  }

  // Registers a request received at `received`, `delay` before registration.
  std::string register_request(Instant received, Channel channel, seconds delay = seconds(0)) {
    Payload payload;
    payload.received_at = received;
    payload.channel = channel;
    payload.requester = kRequester;
    payload.content = "咨询新办企业税务登记流程";
    return run_at(received + delay, EventType::register_request, "", kOfficer, payload).id;
  }

  // A hotline request registered at `at` minus 3 minutes, drafted for the
  // tax bureau at minus 2 minutes and dispatched at `at`.
  std::string dispatch(Category category, Instant at, std::vector<std::string> assisting = {}) {
    const std::string id = register_request(at - minutes(3), Channel::hotline);
    run_at(at - minutes(2), EventType::draft, id, kOfficer, draft_payload(category, kTaxUnit, std::move(assisting)));
    run_at(at, EventType::approve_dispatch, id, kOfficeLeader, text_payload("同意分拨"));
    return id;
  }

  Ticket claim(const std::string& id, Instant at) {
    return run_at(at, EventType::claim, id, kTaxLeader, claim_payload(kTaxHandler.id, kTaxHandler.name));
  }

  std::vector<Event> poll_at(Instant now) {
    clock_.set(now);
    return engine_->poll(now);
  }

  std::unique_ptr<TicketStore> owned_store_ = jishiban_test::make_store(GetParam());
  TicketStore& store_ = *owned_store_;
  RecordingNotifier notifier_;
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
};

using ScenarioDeadline = EngineScenario;
using SlaPolling = EngineScenario;
using SlaNotification = EngineScenario;

// --- Exact deadlines ------------------------------------------------------------

TEST_P(ScenarioDeadline, HotlineDueOnMakeUpSaturday) {
  // Friday 16:55 leaves 5 working minutes that day, and Saturday Feb 14 is
  // a make-up working day.
  const std::string id = register_request(china_instant(2026, 2, 13, 16, 55), Channel::hotline);

  const Ticket ticket = stored(id);
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  const SlaClock& clock = *ticket.dispatch_clock;
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 2, 13, 16, 55), clock.start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 2, 14, 8, 35), clock.due);
  // 75% of 10 minutes is 7.5 minutes: 5 on Friday, 2.5 on Saturday.
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 2, 14, 8, 32, 30), clock.warning_at);
  EXPECT_FALSE(clock.provisional);
  EXPECT_FALSE(ticket.handling_clock.has_value());
}

TEST_P(ScenarioDeadline, EmailDueAfterNationalDay) {
  // Registered half an hour after receipt, but the clock starts at receipt.
  // 10 minutes remain on Sep 30, and Oct 1-7 is the holiday.
  const std::string id = register_request(china_instant(2026, 9, 30, 16, 50), Channel::email, minutes(30));

  const Ticket ticket = stored(id);
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 30, 16, 50), ticket.received_at);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 30, 17, 20), ticket.registered_at);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 30, 16, 50), ticket.dispatch_clock->start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 10, 8, 9, 20), ticket.dispatch_clock->due);
}

TEST_P(ScenarioDeadline, SuspensionMovesGeneralDeadline) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));

  Ticket ticket = stored(id);
  ASSERT_TRUE(ticket.handling_clock.has_value());
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 2, 10, 0), ticket.handling_clock->start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 4, 17, 0), ticket.handling_clock->due);
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  EXPECT_EQ(std::optional<Instant>(china_instant(2026, 3, 2, 10, 0)), ticket.dispatch_clock->stopped_at);

  claim(id, china_instant(2026, 3, 2, 10, 30));
  run_at(china_instant(2026, 3, 3, 14, 0), EventType::request_suspension, id, kTaxHandler,
         text_payload("等待企业补充营业执照副本"));
  ticket = run_at(china_instant(2026, 3, 3, 14, 0), EventType::approve_suspension, id, kOfficeLeader);
  EXPECT_EQ(TicketState::suspended, ticket.state);
  EXPECT_EQ(std::optional<Instant>(china_instant(2026, 3, 3, 14, 0)), ticket.handling_clock->paused_at);

  ticket = run_at(china_instant(2026, 3, 4, 9, 0), EventType::resume, id, kTaxHandler);

  // Paused 14:00-17:00 on Mar 3 and 08:30-09:00 on Mar 4: 210 working
  // minutes, which move 17:00 on Mar 4 to 12:00 on Mar 5.
  EXPECT_EQ(TicketState::in_progress, ticket.state);
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_FALSE(clock.paused_at.has_value());
  EXPECT_EQ(minutes(210), clock.paused);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 5, 12, 0), clock.due);
  // The warning comes after 75% of the 1260 unpaused working minutes, and
  // the escalation one working day (450 minutes) after the due instant.
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 4, 15, 15), clock.warning_at);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 6, 12, 0), clock.escalation_at);
}

TEST_P(ScenarioDeadline, DifficultSpansSpringFestival) {
  // Day 1 is Friday Feb 13, day 2 the make-up Saturday Feb 14, day 3 the
  // first working day after the holiday.
  const std::string id = dispatch(Category::difficult, china_instant(2026, 2, 12, 10, 0));

  const Ticket ticket = stored(id);
  ASSERT_TRUE(ticket.handling_clock.has_value());
  EXPECT_EQ(3, ticket.handling_clock->target.amount);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 2, 24, 17, 0), ticket.handling_clock->due);
}

TEST_P(ScenarioDeadline, ExtensionSkipsMidAutumnFestival) {
  const std::string id = dispatch(Category::general, china_instant(2026, 9, 22, 10, 0));
  ASSERT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 24, 17, 0), stored(id).handling_clock->due);
  claim(id, china_instant(2026, 9, 22, 11, 0));

  Ticket ticket =
      run_at(china_instant(2026, 9, 23, 9, 0), EventType::request_extension, id, kTaxLeader, extension_payload(2));
  EXPECT_EQ(2, ticket.requested_extension_days);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 24, 17, 0), ticket.handling_clock->due);

  ticket = run_at(china_instant(2026, 9, 23, 10, 0), EventType::approve_extension, id, kOfficeLeader);

  // Sep 25-27 is the holiday, so the 2 days are Monday Sep 28 and Tuesday
  // Sep 29.
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 9, 29, 17, 0), clock.due);
  EXPECT_EQ(1, clock.extensions);
  EXPECT_EQ(2, clock.extension_days);
  EXPECT_EQ(0, ticket.requested_extension_days);
}

TEST_P(ScenarioDeadline, ReclassifyKeepsStartAndPauses) {
  const Instant start = china_instant(2026, 3, 2, 10, 0);
  const std::string id = dispatch(Category::general, start);
  claim(id, china_instant(2026, 3, 2, 10, 30));
  run_at(china_instant(2026, 3, 3, 14, 0), EventType::request_suspension, id, kTaxLeader, text_payload("等待材料"));
  run_at(china_instant(2026, 3, 3, 14, 0), EventType::approve_suspension, id, kOfficer);
  run_at(china_instant(2026, 3, 4, 9, 0), EventType::resume, id, kOfficer);
  ASSERT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 5, 12, 0), stored(id).handling_clock->due);

  Payload reclassify;
  reclassify.category = Category::difficult;
  reclassify.text = "涉及多个部门，调整为疑难类";
  const Ticket ticket = run_at(china_instant(2026, 3, 4, 10, 0), EventType::reclassify, id, kOfficeLeader, reclassify);

  // 3 working days from Monday 10:00 end Thursday Mar 5 17:00, and the 210
  // paused minutes move that to Friday Mar 6 12:00.
  EXPECT_EQ(std::optional<Category>(Category::difficult), ticket.category);
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_PRED_FORMAT2(InstantEq, start, clock.start);
  EXPECT_EQ(3, clock.target.amount);
  EXPECT_EQ(minutes(210), clock.paused);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 6, 12, 0), clock.due);
  EXPECT_TRUE(clock.running());
}

TEST_P(ScenarioDeadline, RedispatchStartsNewHandlingClock) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
  claim(id, china_instant(2026, 3, 2, 10, 30));

  Ticket ticket = run_at(china_instant(2026, 3, 3, 10, 0), EventType::return_to_office, id, kTaxLeader,
                         text_payload("不属于本单位职责"));

  // Lost: 10:00-17:00 on Mar 2 (360 minutes) and 08:30-10:00 on Mar 3 (90).
  EXPECT_EQ(TicketState::registered, ticket.state);
  EXPECT_EQ(minutes(450), ticket.lost_working_time);
  EXPECT_EQ(1, ticket.returns);
  EXPECT_TRUE(ticket.handler_id.empty());
  ASSERT_TRUE(ticket.handling_clock.has_value());
  EXPECT_EQ(std::optional<Instant>(china_instant(2026, 3, 3, 10, 0)), ticket.handling_clock->stopped_at);
  // A new dispatch clock runs from the return: 10 hotline minutes.
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 3, 10, 0), ticket.dispatch_clock->start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 3, 10, 10), ticket.dispatch_clock->due);
  EXPECT_TRUE(ticket.dispatch_clock->running());

  run_at(china_instant(2026, 3, 3, 10, 5), EventType::draft, id, kOfficer, draft_payload(Category::general, kMarketUnit));
  ticket = run_at(china_instant(2026, 3, 3, 11, 0), EventType::approve_dispatch, id, kOfficeLeader);

  EXPECT_EQ(TicketState::dispatched, ticket.state);
  EXPECT_EQ(kMarketUnit, ticket.lead_unit);
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 3, 11, 0), clock.start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 5, 17, 0), clock.due);
  EXPECT_TRUE(clock.running());
  EXPECT_EQ(minutes(0), clock.paused);
  EXPECT_EQ(minutes(450), ticket.lost_working_time);
  // The second dispatch clock stopped at the re-dispatch, after its due.
  EXPECT_EQ(SlaStatus::missed, ticket.dispatch_clock->status(clock_.now()));

  // A second return adds to the lost time: 11:00-17:00 on Mar 3 (300
  // minutes) and 08:30-09:00 on Mar 4 (30).
  const Actor market_leader{"ul-market", "钱进", Role::unit_leader, kMarketUnit};
  ticket = run_at(china_instant(2026, 3, 4, 9, 0), EventType::return_to_office, id, market_leader,
                  text_payload("应由税务部门办理"));
  EXPECT_EQ(minutes(450 + 330), ticket.lost_working_time);
  EXPECT_EQ(2, ticket.returns);
}

TEST_P(ScenarioDeadline, ReopenStartsNewHandlingClock) {
  const std::string id = dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  claim(id, china_instant(2026, 3, 2, 10, 10));
  run_at(china_instant(2026, 3, 2, 11, 0), EventType::answer_consultation, id, kTaxHandler,
         text_payload("已电话告知办理流程"));
  run_at(china_instant(2026, 3, 2, 11, 30), EventType::report_result, id, kTaxHandler, result_payload());
  run_at(china_instant(2026, 3, 2, 14, 0), EventType::accept_result, id, kReviewer);
  Ticket ticket = run_at(china_instant(2026, 3, 4, 9, 0), EventType::return_visit, id, kOfficer,
                         visit_payload(Satisfaction::dissatisfied));
  ASSERT_EQ(TicketState::awaiting_return_visit, ticket.state);
  const SlaClock first = *ticket.handling_clock;
  EXPECT_EQ(SlaStatus::met, first.status(clock_.now()));

  ticket = run_at(china_instant(2026, 3, 4, 10, 0), EventType::reopen, id, kOfficer, text_payload("企业不满意，重新办理"));

  EXPECT_EQ(TicketState::in_progress, ticket.state);
  EXPECT_EQ(1, ticket.reopenings);
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 4, 10, 0), clock.start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 5, 17, 0), clock.due);
  EXPECT_TRUE(clock.running());
  EXPECT_FALSE(clock.warned);
  EXPECT_FALSE(clock.breached);
  EXPECT_EQ(0, clock.extensions);
}

TEST_P(ScenarioDeadline, DeclineAtIntakeStartsTwoDayClock) {
  const std::string id = register_request(china_instant(2026, 3, 2, 9, 55), Channel::hotline);
  run_at(china_instant(2026, 3, 2, 9, 58), EventType::draft, id, kOfficer, draft_payload(Category::general, kTaxUnit));
  Payload decline = text_payload("诉求属于司法程序，不予受理");
  decline.rule = "第七条第二款";

  Ticket ticket = run_at(china_instant(2026, 3, 2, 10, 0), EventType::decline_at_intake, id, kOfficeLeader, decline);

  EXPECT_EQ(TicketState::declined, ticket.state);
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  EXPECT_EQ(SlaStatus::met, ticket.dispatch_clock->status(clock_.now()));
  ASSERT_TRUE(ticket.handling_clock.has_value());
  EXPECT_EQ(2, ticket.handling_clock->target.amount);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 2, 10, 0), ticket.handling_clock->start);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 4, 17, 0), ticket.handling_clock->due);

  ticket = run_at(china_instant(2026, 3, 3, 9, 0), EventType::explain_decline, id, kOfficer,
                  text_payload("已向企业说明不予受理的理由"));
  EXPECT_EQ(TicketState::closed, ticket.state);
  EXPECT_EQ(SlaStatus::met, ticket.handling_clock->status(clock_.now()));
}

TEST_P(ScenarioDeadline, ReplyAtDueInstantMisses) {
  const Instant due = china_instant(2026, 3, 3, 17, 0);
  const std::string early = dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  const std::string late = dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  claim(early, china_instant(2026, 3, 2, 10, 10));
  claim(late, china_instant(2026, 3, 2, 10, 10));
  ASSERT_PRED_FORMAT2(InstantEq, due, stored(early).handling_clock->due);
  ASSERT_PRED_FORMAT2(InstantEq, due, stored(late).handling_clock->due);

  const Ticket met = run_at(due - seconds(1), EventType::answer_consultation, early, kTaxHandler, text_payload("已答复"));
  const Ticket missed = run_at(due, EventType::answer_consultation, late, kTaxHandler, text_payload("已答复"));

  EXPECT_EQ(SlaStatus::met, met.handling_clock->status(due + hours(100)));
  EXPECT_EQ(SlaStatus::missed, missed.handling_clock->status(due + hours(100)));
  EXPECT_EQ(std::optional<Instant>(due), missed.handling_clock->stopped_at);
}

TEST_P(ScenarioDeadline, ProvisionalCalendarFlagsUncoveredYear) {
  start_engine(store_, Calendar(CalendarOptions{CoveragePolicy::provisional, 4}));

  const std::string id = dispatch(Category::difficult, china_instant(2026, 12, 30, 10, 0));

  // Day 1 is Dec 31. 2027 has no official data, so Friday Jan 1 counts as
  // a working day on the weekly pattern and day 3 is Monday Jan 4.
  const Ticket ticket = stored(id);
  ASSERT_TRUE(ticket.handling_clock.has_value());
  EXPECT_TRUE(ticket.handling_clock->provisional);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2027, 1, 4, 17, 0), ticket.handling_clock->due);
  ASSERT_TRUE(ticket.dispatch_clock.has_value());
  EXPECT_FALSE(ticket.dispatch_clock->provisional);
}

TEST_P(ScenarioDeadline, StrictCalendarRejectsUncoveredExtension) {
  const std::string id = dispatch(Category::general, china_instant(2026, 12, 21, 10, 0));
  claim(id, china_instant(2026, 12, 21, 10, 30));
  run_at(china_instant(2026, 12, 22, 9, 0), EventType::request_extension, id, kTaxLeader, extension_payload(10));
  const Ticket before = stored(id);
  const std::vector<Event> history_before = store_.history(id);

  const auto error = capture_error(
      [&] { run_at(china_instant(2026, 12, 22, 10, 0), EventType::approve_extension, id, kOfficeLeader); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, error->code()) << error->what();
  EXPECT_NE(std::string::npos, error->message().find("2027")) << error->message();
  EXPECT_EQ(before, stored(id));
  EXPECT_EQ(history_before, store_.history(id));
  EXPECT_EQ(10, stored(id).requested_extension_days);
}

INSTANTIATE_TEST_SUITE_P(Stores, ScenarioDeadline, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- SLA polling ------------------------------------------------------------------

// A general ticket dispatched Monday 2026-03-02 10:00 and claimed: warning
// Wednesday 10:45, due Wednesday 17:00, escalation Thursday 17:00.
class SlaGeneralTicket : public EngineScenario {
 protected:
  void SetUp() override {
    EngineScenario::SetUp();
    id_ = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
    claim(id_, china_instant(2026, 3, 2, 10, 30));
  }

  std::string id_;
  const Instant warning_at_ = china_instant(2026, 3, 4, 10, 45);
  const Instant due_ = china_instant(2026, 3, 4, 17, 0);
  const Instant escalation_at_ = china_instant(2026, 3, 5, 17, 0);
};

using SlaPollingGeneral = SlaGeneralTicket;
using SlaNotificationGeneral = SlaGeneralTicket;

TEST_P(SlaPollingGeneral, ClockInstantsFollowPolicy) {
  const SlaClock clock = *stored(id_).handling_clock;

  // Of the 1260 allowed working minutes, the first 945 end Wednesday 10:45.
  EXPECT_PRED_FORMAT2(InstantEq, warning_at_, clock.warning_at);
  EXPECT_PRED_FORMAT2(InstantEq, due_, clock.due);
  EXPECT_PRED_FORMAT2(InstantEq, escalation_at_, clock.escalation_at);
}

TEST_P(SlaPollingGeneral, BreachRecordsWarningFirstAndOnce) {
  const std::vector<Event> recorded = poll_at(due_);

  ASSERT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, warning_at_, recorded[0].at);
  EXPECT_PRED_FORMAT2(InstantEq, due_, recorded[1].at);
  EXPECT_EQ("system", recorded[1].actor.id);
  ASSERT_TRUE(recorded[1].computed.handling_clock.has_value());
  EXPECT_TRUE(recorded[1].computed.handling_clock->breached);

  const Ticket ticket = stored(id_);
  EXPECT_TRUE(ticket.handling_clock->warned);
  EXPECT_TRUE(ticket.handling_clock->breached);
  EXPECT_FALSE(ticket.handling_clock->escalated);
  EXPECT_EQ(SlaStatus::breached, ticket.handling_clock->status(due_));
  EXPECT_EQ(recorded.back().sequence, ticket.version);

  EXPECT_TRUE(poll_at(due_).empty());
  EXPECT_TRUE(poll_at(escalation_at_ - seconds(1)).empty());
  EXPECT_EQ(ticket.version, stored(id_).version);
}

TEST_P(SlaPollingGeneral, WarningAtThreeQuartersOfBudget) {
  EXPECT_TRUE(poll_at(warning_at_ - seconds(1)).empty());

  const std::vector<Event> recorded = poll_at(warning_at_);

  ASSERT_EQ(std::vector<EventType>{EventType::sla_warning}, types_of(recorded)) << describe(recorded);
  EXPECT_EQ(SlaStatus::warning, stored(id_).handling_clock->status(warning_at_));
  const std::vector<Event> at_due = poll_at(due_);
  EXPECT_EQ(std::vector<EventType>{EventType::sla_breach}, types_of(at_due)) << describe(at_due);
}

TEST_P(SlaPollingGeneral, EscalationOneWorkingDayAfterBreach) {
  ASSERT_EQ(2U, poll_at(due_).size());

  EXPECT_TRUE(poll_at(escalation_at_ - seconds(1)).empty());
  const std::vector<Event> recorded = poll_at(escalation_at_);

  ASSERT_EQ(std::vector<EventType>{EventType::sla_escalation}, types_of(recorded)) << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, escalation_at_, recorded[0].at);
  EXPECT_TRUE(stored(id_).handling_clock->escalated);
  EXPECT_TRUE(poll_at(china_instant(2026, 6, 1, 9, 0)).empty());
}

TEST_P(SlaPollingGeneral, LatePollRecordsEventsInOrder) {
  // A host that polls only long after the deadlines gets each event once,
  // in order, at the instant it fell due.
  const std::vector<Event> recorded = poll_at(china_instant(2026, 4, 30, 9, 0));

  ASSERT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach, EventType::sla_escalation}),
            types_of(recorded))
      << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, escalation_at_, recorded[2].at);
}

TEST_P(SlaPollingGeneral, ApprovedExtensionPreventsEscalation) {
  run_at(china_instant(2026, 3, 3, 10, 0), EventType::request_extension, id_, kTaxLeader, extension_payload(2));
  const Ticket ticket = run_at(china_instant(2026, 3, 3, 11, 0), EventType::approve_extension, id_, kOfficeLeader);
  const Instant extended_due = china_instant(2026, 3, 6, 17, 0);
  ASSERT_PRED_FORMAT2(InstantEq, extended_due, ticket.handling_clock->due);

  const std::vector<Event> recorded = poll_at(china_instant(2026, 12, 1, 9, 0));

  ASSERT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, extended_due, recorded[1].at);
  EXPECT_FALSE(stored(id_).handling_clock->escalated);
  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
}

TEST_P(SlaPollingGeneral, LateExtensionBreachesAgainWithoutEscalation) {
  ASSERT_EQ(2U, poll_at(due_).size());
  run_at(due_ + minutes(30), EventType::request_extension, id_, kTaxLeader, extension_payload(1));
  const Ticket extended = run_at(due_ + hours(1), EventType::approve_extension, id_, kOfficeLeader);
  const Instant new_due = extended.handling_clock->due;
  ASSERT_GT(new_due, due_);
  EXPECT_FALSE(extended.handling_clock->breached);

  const std::vector<Event> recorded = poll_at(china_instant(2026, 6, 1, 9, 0));

  std::vector<Event> breaches;
  for (const Event& event : recorded) {
    EXPECT_NE(EventType::sla_escalation, event.type) << describe(recorded);
    if (event.type == EventType::sla_breach) {
      breaches.push_back(event);
    }
  }
  ASSERT_EQ(1U, breaches.size()) << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, new_due, breaches[0].at);
  EXPECT_TRUE(stored(id_).handling_clock->breached);
  EXPECT_FALSE(stored(id_).handling_clock->escalated);
  EXPECT_TRUE(poll_at(china_instant(2026, 7, 1, 9, 0)).empty());
}

TEST_P(SlaPollingGeneral, NextWakeupFollowsPendingEvents) {
  ASSERT_TRUE(engine_->next_wakeup().has_value());
  EXPECT_PRED_FORMAT2(InstantEq, warning_at_, *engine_->next_wakeup());

  poll_at(warning_at_);
  ASSERT_TRUE(engine_->next_wakeup().has_value());
  EXPECT_PRED_FORMAT2(InstantEq, due_, *engine_->next_wakeup());

  poll_at(due_);
  ASSERT_TRUE(engine_->next_wakeup().has_value());
  EXPECT_PRED_FORMAT2(InstantEq, escalation_at_, *engine_->next_wakeup());

  poll_at(escalation_at_);
  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
}

TEST_P(SlaPollingGeneral, NextWakeupEmptyOnceReplied) {
  run_at(china_instant(2026, 3, 3, 9, 0), EventType::propose_general, id_, kTaxHandler, text_payload("拟同意办理"));
  run_at(china_instant(2026, 3, 3, 10, 0), EventType::sign_general_reply, id_, kTaxLeader);

  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
  EXPECT_TRUE(poll_at(china_instant(2026, 6, 1, 9, 0)).empty());
}

TEST_P(SlaPollingGeneral, SuspendedClockFiresNothing) {
  run_at(china_instant(2026, 3, 3, 10, 0), EventType::request_suspension, id_, kTaxHandler, text_payload("等待材料"));
  run_at(china_instant(2026, 3, 3, 10, 0), EventType::approve_suspension, id_, kOfficer);

  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
  EXPECT_TRUE(poll_at(china_instant(2026, 3, 30, 17, 0)).empty());
  EXPECT_EQ(SlaStatus::on_track, stored(id_).handling_clock->status(china_instant(2026, 3, 30, 17, 0)));

  // Resumed after exactly 20 working days (Mar 3 10:00 to Mar 31 10:00),
  // which move every instant by 20 working days.
  const Ticket ticket = run_at(china_instant(2026, 3, 31, 10, 0), EventType::resume, id_, kTaxHandler);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 4, 1, 17, 0), ticket.handling_clock->due);
  ASSERT_TRUE(engine_->next_wakeup().has_value());
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 4, 1, 10, 45), *engine_->next_wakeup());
  const std::vector<Event> recorded = poll_at(china_instant(2026, 4, 1, 17, 0));
  EXPECT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
}

TEST_P(SlaPolling, DispatchClockNeverEscalates) {
  const std::string id = register_request(china_instant(2026, 3, 2, 9, 0), Channel::email);
  const Instant due = china_instant(2026, 3, 2, 10, 0);
  ASSERT_PRED_FORMAT2(InstantEq, due, stored(id).dispatch_clock->due);

  const std::vector<Event> recorded = poll_at(due);

  ASSERT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 2, 9, 45), recorded[0].at);
  ASSERT_TRUE(recorded[1].computed.dispatch_clock.has_value());
  EXPECT_FALSE(recorded[1].computed.handling_clock.has_value());
  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
  EXPECT_TRUE(poll_at(china_instant(2026, 9, 1, 9, 0)).empty());
}

TEST_P(SlaPolling, RestartedEngineSchedulesOpenTickets) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
  const std::string closed = dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  claim(closed, china_instant(2026, 3, 2, 10, 5));
  run_at(china_instant(2026, 3, 2, 10, 6), EventType::withdraw, closed, kOfficer, text_payload("企业撤回"));

  start_engine(store_, Calendar());

  ASSERT_TRUE(engine_->next_wakeup().has_value());
  EXPECT_PRED_FORMAT2(InstantEq, china_instant(2026, 3, 4, 10, 45), *engine_->next_wakeup());
  const std::vector<Event> recorded = poll_at(china_instant(2026, 3, 4, 17, 0));
  ASSERT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
  EXPECT_EQ(id, recorded[0].ticket_id);
  EXPECT_EQ(id, recorded[1].ticket_id);
}

INSTANTIATE_TEST_SUITE_P(Stores, SlaPollingGeneral, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, SlaPolling, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- Notifications -------------------------------------------------------------------

void expect_no_contact_data(const Notification& notification) {
  for (const std::string* message : {&notification.message_en, &notification.message_zh}) {
    EXPECT_FALSE(message->empty()) << notification.id;
    for (const std::string* value : {&kRequester.name, &kRequester.company, &kRequester.address,
                                     &kRequester.phone, &kRequester.email}) {
      EXPECT_EQ(std::string::npos, message->find(*value)) << notification.id << ": " << *message;
    }
  }
}

std::vector<Notification> of_kind(const std::vector<Notification>& all, NotificationKind kind) {
  std::vector<Notification> matching;
  for (const auto& notification : all) {
    if (notification.kind == kind) {
      matching.push_back(notification);
    }
  }
  return matching;
}

TEST_P(SlaNotificationGeneral, BreachReachesSupervisorAndUnitLeader) {
  const std::vector<Event> recorded = poll_at(due_);
  ASSERT_EQ(2U, recorded.size());
  const std::uint64_t breach_sequence = recorded[1].sequence;

  const std::vector<Notification> breaches = of_kind(notifier_.delivered(), NotificationKind::sla_breach);

  ASSERT_EQ(2U, breaches.size());
  EXPECT_EQ(id_ + "#" + std::to_string(breach_sequence) + "/0", breaches[0].id);
  EXPECT_EQ(Role::office_supervisor, breaches[0].recipient_role);
  EXPECT_EQ(id_ + "#" + std::to_string(breach_sequence) + "/1", breaches[1].id);
  EXPECT_EQ(Role::unit_leader, breaches[1].recipient_role);
  EXPECT_EQ(kTaxUnit, breaches[1].recipient_unit);
  for (const auto& notification : breaches) {
    EXPECT_EQ(id_, notification.ticket_id);
    EXPECT_EQ(breach_sequence, notification.sequence);
    EXPECT_PRED_FORMAT2(InstantEq, due_, notification.at);
    EXPECT_NE(std::string::npos, notification.message_en.find(id_)) << notification.message_en;
    EXPECT_NE(std::string::npos, notification.message_zh.find(id_)) << notification.message_zh;
    expect_no_contact_data(notification);
  }
  const std::vector<Notification> warnings = of_kind(notifier_.delivered(), NotificationKind::sla_warning);
  ASSERT_EQ(1U, warnings.size());
  EXPECT_EQ(Role::office_supervisor, warnings[0].recipient_role);
  expect_no_contact_data(warnings[0]);
}

TEST_P(SlaNotificationGeneral, EscalationGoesToDisciplineInspection) {
  poll_at(escalation_at_);
  const std::vector<Event> history = store_.history(id_);
  ASSERT_EQ(EventType::sla_escalation, history.back().type);

  const std::vector<Notification> escalations = of_kind(notifier_.delivered(), NotificationKind::sla_escalation);

  ASSERT_EQ(1U, escalations.size());
  EXPECT_EQ(id_ + "#" + std::to_string(history.back().sequence) + "/0", escalations[0].id);
  EXPECT_EQ(Role::discipline_inspection, escalations[0].recipient_role);
  EXPECT_TRUE(escalations[0].recipient_unit.empty());
  EXPECT_NE(std::string::npos, escalations[0].message_en.find(kTaxUnit)) << escalations[0].message_en;
  expect_no_contact_data(escalations[0]);
}

TEST_P(SlaNotification, DispatchReachesEveryUnitLeader) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0), {kMarketUnit});
  const std::uint64_t sequence = stored(id).version;

  const std::vector<Notification> sent = of_kind(notifier_.delivered(), NotificationKind::dispatched);

  ASSERT_EQ(2U, sent.size());
  EXPECT_EQ(id + "#" + std::to_string(sequence) + "/0", sent[0].id);
  EXPECT_EQ(kTaxUnit, sent[0].recipient_unit);
  EXPECT_EQ(id + "#" + std::to_string(sequence) + "/1", sent[1].id);
  EXPECT_EQ(kMarketUnit, sent[1].recipient_unit);
  for (const auto& notification : sent) {
    EXPECT_EQ(Role::unit_leader, notification.recipient_role);
  }
  // The lead unit has to reach the requester, and the assisting unit may
  // not see who it is.
  EXPECT_NE(std::string::npos, sent[0].message_zh.find(kRequester.phone)) << sent[0].message_zh;
  expect_no_contact_data(sent[1]);
}

TEST_P(SlaNotificationGeneral, FailedDeliveryRetriedOnNextPoll) {
  const std::size_t delivered_before = notifier_.delivered().size();
  notifier_.set_failing(true);

  ASSERT_EQ(2U, poll_at(due_).size());

  // The warning (1 recipient) and the breach (2) wait in the outbox.
  EXPECT_EQ(3U, engine_->undelivered_notifications());
  EXPECT_EQ(delivered_before, notifier_.delivered().size());
  EXPECT_GT(notifier_.failed_deliveries(), 0);

  notifier_.set_failing(false);
  EXPECT_TRUE(poll_at(due_ + seconds(1)).empty());

  EXPECT_EQ(0U, engine_->undelivered_notifications());
  const std::vector<Notification> delivered = notifier_.delivered();
  ASSERT_EQ(delivered_before + 3, delivered.size());
  EXPECT_EQ(NotificationKind::sla_warning, delivered[delivered_before].kind);
  EXPECT_EQ(NotificationKind::sla_breach, delivered[delivered_before + 1].kind);
  EXPECT_EQ(NotificationKind::sla_breach, delivered[delivered_before + 2].kind);
}

// A host may poll at an instant its clock has not reached, for example when
// it replays a log. The notifications of what that poll records go out at
// once.
TEST_P(SlaNotificationGeneral, PollAheadOfClockDeliversAtOnce) {
  const std::size_t delivered_before = notifier_.delivered().size();

  ASSERT_EQ(2U, engine_->poll(due_).size());

  EXPECT_EQ(0U, engine_->undelivered_notifications());
  EXPECT_EQ(delivered_before + 3, notifier_.delivered().size());
}

TEST_P(SlaNotificationGeneral, FailedDeliveryRetriedOnNextCommand) {
  const std::size_t delivered_before = notifier_.delivered().size();
  notifier_.set_failing(true);
  ASSERT_EQ(2U, poll_at(due_).size());
  ASSERT_EQ(3U, engine_->undelivered_notifications());

  notifier_.set_failing(false);
  run_at(due_ + minutes(10), EventType::urge, id_, kSupervisor, text_payload("请尽快答复"));

  EXPECT_EQ(0U, engine_->undelivered_notifications());
  const std::vector<Notification> delivered = notifier_.delivered();
  ASSERT_EQ(delivered_before + 4, delivered.size());
  EXPECT_EQ(NotificationKind::sla_warning, delivered[delivered_before].kind);
  EXPECT_EQ(NotificationKind::urged, delivered.back().kind);
}

INSTANTIATE_TEST_SUITE_P(Stores, SlaNotificationGeneral, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, SlaNotification, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- Replays of random command sequences ------------------------------------------

const std::vector<std::string> kWalkUnits = {kTaxUnit, kMarketUnit, "自然资源分局", "区人社局"};

// Texts that JSON has to escape, in Chinese and English.
const std::vector<std::string> kWalkTexts = {
    "已联系企业",
    "Reply with \"quotes\" and a \\ backslash",
    "多行\n文本\t制表符",
    "emoji 😀 and U+2028 \xE2\x80\xA8 separator",
    "a",
};

// What the walks reached, over all of them.
struct WalkCoverage {
  std::set<TicketState> states;
  std::set<EventType> events;
  std::set<NotificationKind> notifications;
  std::size_t commands = 0;
  std::size_t polls = 0;
};

// One random walk: a fresh engine and store, an anchor ticket that a
// merge_duplicate can name, and the ticket the walk drives. At each step
// the walk advances the clock, then polls or runs a command chosen among
// those valid in the ticket's state, given by an actor allowed to give it
// and with a valid payload.
class RandomWalk {
 public:
  static constexpr int kMaxSteps = 40;

  RandomWalk(StoreKind store_kind, const Calendar& calendar, std::mt19937_64& random, Instant start,
             bool check_each_step)
      : random_(random),
        owned_store_(jishiban_test::make_store(store_kind)),
        clock_(start),
        notifier_([this](const Notification& n) { check_notification(n); }),
        engine_(calendar, store_, notifier_, clock_),
        check_each_step_(check_each_step) {}

  // Runs the walk and stops at the first failure, which it reports.
  void run(WalkCoverage& coverage) {
    coverage_ = &coverage;
    anchor_ = execute(register_command(), coverage);
    if (testing::Test::HasFailure()) {
      return;
    }
    advance();
    id_ = execute(register_command(), coverage);
    for (int step = 0; step < kMaxSteps && !testing::Test::HasFailure(); ++step) {
      const Ticket ticket = load(id_);
      if (ticket.state == TicketState::archived) {
        break;
      }
      advance();
      if (below(8) == 0) {
        poll(coverage);
        continue;
      }
      const std::vector<Command> options = valid_commands(ticket);
      if (options.empty()) {
        ADD_FAILURE() << trail_ << "no valid command in state " << jishiban::to_string(ticket.state);
        return;
      }
      Command command = options[below(options.size())];
      if (below(2) == 0) {
        command.expected_version = ticket.version;
      }
      execute(command, coverage);
      if (check_each_step_ && !testing::Test::HasFailure()) {
        check_history(id_);
      }
    }
    if (below(2) == 0 && !testing::Test::HasFailure()) {
      advance();
      poll(coverage);
    }
  }

  // Folds both tickets' stored histories and round-trips their events.
  void check_histories() {
    if (!testing::Test::HasFailure()) {
      check_history(anchor_);
    }
    if (!testing::Test::HasFailure() && !id_.empty()) {
      check_history(id_);
    }
  }

 private:
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(random_() % bound); }

  template <class T>
  const T& pick(const std::vector<T>& values) {
    return values[below(values.size())];
  }

  // Moves the clock by up to 30 days, often by minutes or hours, so the
  // walk crosses nights, weekends and holidays.
  void advance() {
    std::int64_t amount = 0;
    switch (below(20)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        amount = static_cast<std::int64_t>(below(600));
        break;
      case 5:
      case 6:
      case 7:
      case 8:
      case 9:
        amount = static_cast<std::int64_t>(600 + below(8 * 3600));
        break;
      case 10:
      case 11:
      case 12:
      case 13:
      case 14:
        amount = static_cast<std::int64_t>(8 * 3600 + below(3 * 86400));
        break;
      case 15:
      case 16:
      case 17:
      case 18:
        amount = static_cast<std::int64_t>(3 * 86400 + below(12 * 86400));
        break;
      default:
        amount = static_cast<std::int64_t>(15 * 86400 + below(15 * 86400));
        break;
    }
    clock_.advance(seconds(amount));
  }

  std::string text() { return pick(kWalkTexts); }

  Ticket load(const std::string& id) const {
    const std::optional<Ticket> ticket = store_.load(id);
    if (!ticket) {
      throw std::logic_error("no stored ticket " + id);
    }
    return *ticket;
  }

  static Actor leader_of(const std::string& unit) {
    for (std::size_t i = 0; i < kWalkUnits.size(); ++i) {
      if (kWalkUnits[i] == unit) {
        return Actor{"leader-" + std::to_string(i), "领导" + std::to_string(i), Role::unit_leader, unit};
      }
    }
    throw std::logic_error("unknown unit " + unit);
  }

  static Actor handler_of(const Ticket& ticket) {
    return Actor{ticket.handler_id, ticket.handler_name, Role::handler, ticket.lead_unit};
  }

  Command register_command() {
    Command command;
    command.type = EventType::register_request;
    command.actor = kOfficer;
    Payload& payload = command.payload;
    if (below(2) == 0) {
      payload.received_at = clock_.now() - seconds(static_cast<std::int64_t>(below(2 * 3600)));
    }
    payload.channel = static_cast<Channel>(below(3));
    payload.requester = kRequester;
    if (below(2) == 0) {
      payload.requester->address.clear();
    }
    payload.content = text();
    return command;
  }

  // A command with a random comment now and then.
  Command make(const Ticket& ticket, EventType type, const Actor& actor, Payload payload = {}) {
    Command command;
    command.type = type;
    command.ticket_id = ticket.id;
    command.actor = actor;
    command.payload = std::move(payload);
    if (below(4) == 0) {
      command.comment = text();
    }
    return command;
  }

  Payload optional_text() { return below(2) == 0 ? text_payload(text()) : Payload{}; }

  const Actor& office_actor() { return below(2) == 0 ? kOfficer : kOfficeLeader; }

  bool assisting_done(const Ticket& ticket) const {
    return !ticket.assisting_override.empty() || missing_assisting_units(ticket).empty();
  }

  static std::vector<std::string> missing_assisting_units(const Ticket& ticket) {
    std::vector<std::string> missing;
    for (const auto& unit : ticket.assisting_units) {
      bool submitted = false;
      for (const auto& opinion : ticket.assisting_opinions) {
        submitted = submitted || opinion.unit == unit;
      }
      if (!submitted) {
        missing.push_back(unit);
      }
    }
    return missing;
  }

  // The commands the machine accepts in the ticket's state, each with an
  // actor allowed to give it and a valid payload. Commands that move the
  // ticket forward appear twice, so the walks reach the later states more
  // often.
  std::vector<Command> valid_commands(const Ticket& t) {
    std::vector<Command> options;
    const TicketState state = t.state;
    const bool handling = state == TicketState::in_progress || state == TicketState::suspended ||
                          state == TicketState::plan_under_review;
    const bool before_handling = state == TicketState::registered ||
                                 state == TicketState::awaiting_office_approval ||
                                 state == TicketState::dispatched;

    if (state == TicketState::registered) {
      // A Fisher-Yates shuffle on the walk's generator, which unlike
      // std::shuffle gives the same order with every standard library.
      std::vector<std::string> units = kWalkUnits;
      for (std::size_t i = units.size() - 1; i > 0; --i) {
        std::swap(units[i], units[below(i + 1)]);
      }
      Payload draft = draft_payload(static_cast<Category>(below(3)), units[0]);
      const std::size_t assisting = below(3);
      draft.assisting_units.assign(units.begin() + 1, units.begin() + 1 + static_cast<std::ptrdiff_t>(assisting));
      if (below(2) == 0) {
        draft.proposed_handling = text();
      }
      options.push_back(make(t, EventType::draft, kOfficer, draft));
      options.push_back(make(t, EventType::draft, kOfficer, draft));
    }
    if (state == TicketState::awaiting_office_approval) {
      options.push_back(make(t, EventType::approve_dispatch, kOfficeLeader, optional_text()));
      options.push_back(make(t, EventType::approve_dispatch, kOfficeLeader, optional_text()));
      options.push_back(make(t, EventType::send_back, kOfficeLeader, text_payload(text())));
      Payload decline = text_payload(text());
      decline.rule = "第七条";
      options.push_back(make(t, EventType::decline_at_intake, kOfficeLeader, decline));
    }
    if (state == TicketState::declined) {
      options.push_back(make(t, EventType::explain_decline, kOfficer, text_payload(text())));
    }
    // Withdrawals and merges end the walk, so they are offered only on one
    // step in six to let most walks reach the later states.
    const bool offer_ending = below(6) == 0;
    if (offer_ending && (before_handling || handling || state == TicketState::declined)) {
      options.push_back(make(t, EventType::withdraw, kOfficer, text_payload(text())));
    }
    if (offer_ending && before_handling) {
      Payload merge;
      merge.duplicate_of = anchor_;
      if (below(2) == 0) {
        merge.text = text();
      }
      options.push_back(make(t, EventType::merge_duplicate, kOfficer, merge));
    }

    if (state == TicketState::dispatched) {
      const std::size_t handler = below(3);
      Payload claim = claim_payload("hd-" + std::to_string(handler), below(2) == 0 ? "经办人" + std::to_string(handler) : "");
      if (below(2) == 0) {
        claim.text = text();
      }
      options.push_back(make(t, EventType::claim, leader_of(t.lead_unit), claim));
      options.push_back(make(t, EventType::claim, leader_of(t.lead_unit), claim));
      options.push_back(make(t, EventType::claim, leader_of(t.lead_unit), claim));
    }
    if (state == TicketState::dispatched || state == TicketState::in_progress) {
      options.push_back(make(t, EventType::return_to_office, leader_of(t.lead_unit), text_payload(text())));
      Payload decline = text_payload(text());
      decline.rule = "第九条";
      options.push_back(make(t, EventType::decline_after_dispatch, leader_of(t.lead_unit), decline));
    }
    if (state == TicketState::dispatched || handling) {
      for (const auto& unit : missing_assisting_units(t)) {
        Actor actor = leader_of(unit);
        if (below(2) == 0) {
          actor = Actor{"assist-" + actor.id, "协办人", Role::handler, unit};
        }
        options.push_back(make(t, EventType::submit_assisting_opinion, actor, text_payload(text())));
      }
      // A plan under the committee's review keeps its category.
      if (state != TicketState::plan_under_review) {
        Payload reclassify = text_payload(text());
        reclassify.category = static_cast<Category>((static_cast<std::size_t>(*t.category) + 1 + below(2)) % 3);
        options.push_back(make(t, EventType::reclassify, kOfficeLeader, reclassify));
      }
    }
    if (state == TicketState::dispatched || handling || state == TicketState::replied) {
      const Actor& urger = below(3) == 0 ? kSupervisor : office_actor();
      options.push_back(make(t, EventType::urge, urger, optional_text()));
    }

    if (handling) {
      if (t.assisting_override.empty() && !missing_assisting_units(t).empty()) {
        options.push_back(make(t, EventType::override_assisting, kOfficer, text_payload(text())));
      }
      if (t.requested_extension_days == 0) {
        Payload extension = text_payload(text());
        extension.days = below(10) == 0 ? 20 : static_cast<int>(1 + below(5));
        options.push_back(make(t, EventType::request_extension, leader_of(t.lead_unit), extension));
      } else {
        options.push_back(make(t, EventType::approve_extension, kOfficeLeader, optional_text()));
        options.push_back(make(t, EventType::reject_extension, kOfficeLeader, optional_text()));
      }
    }
    // A ticket declined after dispatch and then sent back for rework has no
    // named handler, so the commands only a handler gives are not valid.
    const bool has_handler = !t.handler_id.empty();
    if (state == TicketState::in_progress) {
      const Actor leader = leader_of(t.lead_unit);
      if (has_handler) {
        const Actor handler = handler_of(t);
        options.push_back(make(t, EventType::record_first_contact, handler, optional_text()));
        if (t.category == Category::general) {
          options.push_back(make(t, EventType::propose_general, handler, text_payload(text())));
        }
        if (t.category == Category::consultation && assisting_done(t)) {
          options.push_back(make(t, EventType::answer_consultation, handler, text_payload(text())));
          options.push_back(make(t, EventType::answer_consultation, handler, text_payload(text())));
        }
      }
      if (t.category == Category::general && !t.proposal.empty() && assisting_done(t)) {
        options.push_back(make(t, EventType::sign_general_reply, leader, optional_text()));
        options.push_back(make(t, EventType::sign_general_reply, leader, optional_text()));
      }
      if (t.category == Category::difficult) {
        options.push_back(make(t, EventType::submit_special_report, leader, text_payload(text())));
      }
      if (!t.suspension_requested) {
        const Actor requester = has_handler && below(2) == 0 ? handler_of(t) : leader;
        options.push_back(make(t, EventType::request_suspension, requester, text_payload(text())));
      } else {
        options.push_back(make(t, EventType::approve_suspension, office_actor(), optional_text()));
        options.push_back(make(t, EventType::reject_suspension, office_actor(), optional_text()));
      }
    }
    if (state == TicketState::suspended) {
      Actor actor = kOfficer;
      const std::size_t choice = below(has_handler ? 3 : 2);
      if (choice == 1) {
        actor = leader_of(t.lead_unit);
      } else if (choice == 2) {
        actor = handler_of(t);
      }
      options.push_back(make(t, EventType::resume, actor, optional_text()));
      options.push_back(make(t, EventType::resume, actor, optional_text()));
    }
    if (state == TicketState::plan_under_review) {
      if (assisting_done(t)) {
        options.push_back(make(t, EventType::approve_plan, kCommittee, optional_text()));
        options.push_back(make(t, EventType::approve_plan, kCommittee, optional_text()));
      }
      options.push_back(make(t, EventType::revise_plan, kCommittee, text_payload(text())));
    }

    if (state == TicketState::replied) {
      Payload result = result_payload();
      if (below(2) == 0) {
        result.result->attachments = {"file-" + std::to_string(below(100)), "https://example.com/report.pdf"};
      }
      const bool by_handler = !t.handler_id.empty() && below(2) == 0;
      options.push_back(make(t, EventType::report_result, by_handler ? handler_of(t) : leader_of(t.lead_unit), result));
      options.push_back(make(t, EventType::report_result, leader_of(t.lead_unit), result));
    }
    if (state == TicketState::result_reported) {
      options.push_back(make(t, EventType::accept_result, kReviewer, optional_text()));
      options.push_back(make(t, EventType::accept_result, kReviewer, optional_text()));
      options.push_back(make(t, EventType::request_rework, kReviewer, text_payload(text())));
    }
    if (state == TicketState::awaiting_return_visit) {
      Payload visit = visit_payload(static_cast<Satisfaction>(below(4)));
      if (below(2) == 0) {
        visit.text = text();
      }
      options.push_back(make(t, EventType::return_visit, kOfficer, visit));
      if (t.satisfaction == Satisfaction::dissatisfied) {
        options.push_back(make(t, EventType::reopen, office_actor(), text_payload(text())));
        options.push_back(make(t, EventType::close_with_note, office_actor(), text_payload(text())));
      }
    }
    if (state == TicketState::closed) {
      options.push_back(make(t, EventType::archive, kOfficer));
    }
    return options;
  }

  // Runs a command that the walk expects to succeed and returns the ticket id.
  std::string execute(const Command& command, WalkCoverage& coverage) {
    trail_ += std::string(jishiban::to_string(command.type)) + " at " + shown(clock_.now()) + "\n";
    std::string id;
    try {
      id = engine_.execute(command).id;
    } catch (const std::exception& error) {
      ADD_FAILURE() << trail_ << "refused: " << error.what();
      return id;
    }
    const Ticket ticket = load(id);
    EXPECT_LT(static_cast<std::size_t>(ticket.state), jishiban::ticket_state_count);
    EXPECT_EQ(std::optional<TicketState>(ticket.state), jishiban::parse_ticket_state(jishiban::to_string(ticket.state)));
    coverage.states.insert(ticket.state);
    coverage.events.insert(command.type);
    coverage.commands += 1;
    return id;
  }

  void poll(WalkCoverage& coverage) {
    trail_ += "poll at " + shown(clock_.now()) + "\n";
    std::vector<Event> recorded;
    try {
      recorded = engine_.poll();
    } catch (const std::exception& error) {
      ADD_FAILURE() << trail_ << "poll failed: " << error.what();
      return;
    }
    coverage.polls += 1;
    for (const auto& event : recorded) {
      trail_ += "  recorded " + std::string(jishiban::to_string(event.type)) + " on " + event.ticket_id + "\n";
      coverage.events.insert(event.type);
    }
  }

  // Checks a notification as the engine delivers it. Only office roles and
  // the lead unit's leader may get the requester's contact data, and the
  // notices that exist to reach the requester must carry the name, company,
  // phone and e-mail. Every requester of the walk is kRequester, at times
  // without its address.
  void check_notification(const Notification& n) {
    if (coverage_ != nullptr) {
      coverage_->notifications.insert(n.kind);
    }
    const Ticket ticket = load(n.ticket_id);
    const bool permitted = jishiban::is_office_role(n.recipient_role) ||
                           (n.recipient_role == Role::unit_leader && n.recipient_unit == ticket.lead_unit);
    const bool expected = n.kind == NotificationKind::reply_to_requester ||
                          n.kind == NotificationKind::return_visit_due ||
                          (n.kind == NotificationKind::dispatched && permitted);
    const std::string recipient =
        std::string(jishiban::to_string(n.recipient_role)) + (n.recipient_unit.empty() ? "" : " of " + n.recipient_unit);
    if (expected && !permitted) {
      ADD_FAILURE() << trail_ << "notification " << n.id << " of kind " << jishiban::to_string(n.kind)
                    << " goes to " << recipient << ", who may not see contact data";
    }
    for (const std::string* text : {&n.message_en, &n.message_zh}) {
      for (const std::string* field : {&kRequester.name, &kRequester.company, &kRequester.address, &kRequester.phone,
                                       &kRequester.email}) {
        const bool found = text->find(*field) != std::string::npos;
        if (found && !permitted) {
          ADD_FAILURE() << trail_ << "notification " << n.id << " to " << recipient << " contains \"" << *field
                        << "\": " << *text;
        }
        if (!found && expected && field != &kRequester.address) {
          ADD_FAILURE() << trail_ << "notification " << n.id << " to " << recipient << " lacks \"" << *field
                        << "\": " << *text;
        }
      }
    }
  }

  void check_history(const std::string& id) {
    const Ticket ticket = load(id);
    const std::vector<Event> history = store_.history(id);
    ASSERT_EQ(ticket.version, history.size()) << trail_;

    Ticket folded;
    try {
      folded = jishiban::fold(history);
    } catch (const std::exception& error) {
      FAIL() << trail_ << "fold failed on " << id << ": " << error.what();
    }
    EXPECT_EQ(ticket, folded) << trail_ << "fold differs on " << id;
    EXPECT_EQ(jishiban::to_json(ticket), jishiban::to_json(folded)) << trail_;

    for (const auto& event : history) {
      const std::string json = jishiban::to_json(event);
      Event parsed;
      try {
        parsed = jishiban::event_from_json(json, "random walk");
      } catch (const std::exception& error) {
        FAIL() << trail_ << "event_from_json failed: " << error.what() << "\n" << json;
      }
      EXPECT_EQ(event, parsed) << trail_;
      EXPECT_EQ(json, jishiban::to_json(parsed)) << trail_;
    }
  }

  std::mt19937_64& random_;
  std::unique_ptr<TicketStore> owned_store_;
  TicketStore& store_ = *owned_store_;
  ManualClock clock_;
  jishiban::CallbackNotifier notifier_;
  Engine engine_;
  bool check_each_step_;
  // Where check_notification records the kinds delivered.
  WalkCoverage* coverage_ = nullptr;
  std::string anchor_;
  std::string id_;
  // The commands and polls so far, shown with a failure.
  std::string trail_;
};

using ReplayRandomWalk = testing::TestWithParam<StoreKind>;

// Each walk also checks every notification it delivers against the
// contact-data rule (RandomWalk::check_notification), and the walks
// together must deliver every kind.
TEST_P(ReplayRandomWalk, FoldAndJsonMatchStore) {
  constexpr int kWalks = 10000;
  const Calendar calendar;
  std::mt19937_64 generator(20260302);
  // Walks start in 2005-2020. A walk moves the clock by at most 42 * 30
  // days and approves at most 20 extensions of at most 20 working days, so
  // every deadline stays before 2027, the first year without official data.
  const std::int64_t first = china_instant(2005, 1, 1).unix_seconds();
  const std::int64_t last = china_instant(2021, 1, 1).unix_seconds();
  WalkCoverage coverage;

  for (int walk = 0; walk < kWalks && !HasFailure(); ++walk) {
    SCOPED_TRACE("walk " + std::to_string(walk));
    const Instant start =
        Instant::from_unix_seconds(first + static_cast<std::int64_t>(generator() % static_cast<std::uint64_t>(last - first)));
    RandomWalk random_walk(GetParam(), calendar, generator, start, walk % 50 == 0);
    random_walk.run(coverage);
    random_walk.check_histories();
  }

  if (HasFailure()) {
    return;  // the walks stopped early, so their coverage means nothing
  }
  EXPECT_EQ(jishiban::ticket_state_count, coverage.states.size());
  for (std::size_t i = 0; i < jishiban::event_type_count; ++i) {
    const auto type = static_cast<EventType>(i);
    if (type == EventType::deadline_recomputed) {
      continue;  // only Engine::replace_calendar records it
    }
    EXPECT_EQ(1U, coverage.events.count(type)) << jishiban::to_string(type) << " never occurred";
  }
  for (std::size_t i = 0; i < jishiban::notification_kind_count; ++i) {
    const auto kind = static_cast<NotificationKind>(i);
    EXPECT_EQ(1U, coverage.notifications.count(kind)) << "no notification of kind " << jishiban::to_string(kind);
  }
  RecordProperty("commands", std::to_string(coverage.commands));
  RecordProperty("polls", std::to_string(coverage.polls));
}

INSTANTIATE_TEST_SUITE_P(Stores, ReplayRandomWalk, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- Atomicity ------------------------------------------------------------------------

// The engine works on a FaultyStore in front of the test's store.
class AtomicCommand : public EngineScenario {
 protected:
  void SetUp() override { start_engine(faulty_, Calendar()); }

  // Everything a failed command must leave as it was.
  struct Snapshot {
    Ticket ticket;
    std::vector<Event> history;
    std::optional<Instant> next_wakeup;
    std::size_t notifications = 0;
    std::size_t undelivered = 0;
  };

  Snapshot snapshot(const std::string& id) const {
    return Snapshot{stored(id), store_.history(id), engine_->next_wakeup(), notifier_.delivered().size(),
                    engine_->undelivered_notifications()};
  }

  void expect_unchanged(const Snapshot& before, const std::string& id) const {
    const Snapshot after = snapshot(id);
    EXPECT_EQ(before.ticket, after.ticket);
    EXPECT_EQ(before.ticket.version, after.ticket.version);
    EXPECT_EQ(before.history, after.history) << describe(after.history);
    EXPECT_EQ(before.next_wakeup, after.next_wakeup);
    EXPECT_EQ(before.notifications, after.notifications);
    EXPECT_EQ(before.undelivered, after.undelivered);
  }

  // A general ticket drafted for the tax bureau on Monday 2026-03-02 and
  // waiting for the office leader.
  std::string awaiting_approval() {
    const std::string id = register_request(china_instant(2026, 3, 2, 9, 55), Channel::hotline);
    run_at(china_instant(2026, 3, 2, 9, 58), EventType::draft, id, kOfficer, draft_payload(Category::general, kTaxUnit));
    return id;
  }

  FaultyStore faulty_{store_};
};

TEST_P(AtomicCommand, StoreErrorLeavesTicketUnchanged) {
  const std::string id = awaiting_approval();
  const Snapshot before = snapshot(id);
  faulty_.fail_appends(FaultyStore::Fault::library_error);

  const auto error = capture_error(
      [&] { run_at(china_instant(2026, 3, 2, 10, 0), EventType::approve_dispatch, id, kOfficeLeader); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_EQ(FaultyStore::kLibraryMessage, error->message());
  expect_unchanged(before, id);

  faulty_.fail_appends(FaultyStore::Fault::none);
  const Ticket ticket = run_at(china_instant(2026, 3, 2, 10, 1), EventType::approve_dispatch, id, kOfficeLeader);
  EXPECT_EQ(TicketState::dispatched, ticket.state);
  EXPECT_EQ(before.ticket.version + 1, ticket.version);
}

TEST_P(AtomicCommand, RuntimeErrorLeavesTicketUnchanged) {
  const std::string id = awaiting_approval();
  const Snapshot before = snapshot(id);
  faulty_.fail_appends(FaultyStore::Fault::runtime_error);

  try {
    run_at(china_instant(2026, 3, 2, 10, 0), EventType::approve_dispatch, id, kOfficeLeader);
    ADD_FAILURE() << "approve_dispatch succeeded although the store rejected the append";
  } catch (const Error& error) {
    ADD_FAILURE() << "the store's std::runtime_error became " << error.what();
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(FaultyStore::kRuntimeMessage, error.what());
  }

  expect_unchanged(before, id);
}

TEST_P(AtomicCommand, StoreErrorOnRegisterCreatesNoTicket) {
  faulty_.fail_appends(FaultyStore::Fault::library_error);

  const auto error = capture_error([&] { register_request(china_instant(2026, 3, 2, 9, 0), Channel::email); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_EQ(0U, store_.size());
  EXPECT_EQ(1, store_.next_sequence(2026));
  EXPECT_EQ(std::nullopt, engine_->next_wakeup());
}

TEST_P(AtomicCommand, PollStoreErrorKeepsEventPending) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
  const Snapshot before = snapshot(id);
  ASSERT_EQ(std::optional<Instant>(china_instant(2026, 3, 4, 10, 45)), before.next_wakeup);
  faulty_.fail_appends(FaultyStore::Fault::library_error);

  const auto error = capture_error([&] { poll_at(china_instant(2026, 3, 4, 17, 0)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  expect_unchanged(before, id);

  faulty_.fail_appends(FaultyStore::Fault::none);
  const std::vector<Event> recorded = poll_at(china_instant(2026, 3, 4, 17, 0));
  EXPECT_EQ((std::vector<EventType>{EventType::sla_warning, EventType::sla_breach}), types_of(recorded))
      << describe(recorded);
}

TEST_P(AtomicCommand, UncoveredDeadlineLeavesTicketUnchanged) {
  // The 3-day limit from Wednesday 2026-12-30 needs days of 2027, which the
  // strict calendar has no data for. The transition's action fails after
  // the state machine has left the source state.
  const std::string id = register_request(china_instant(2026, 12, 30, 9, 55), Channel::hotline);
  run_at(china_instant(2026, 12, 30, 9, 57), EventType::draft, id, kOfficer, draft_payload(Category::difficult, kTaxUnit));
  const Snapshot before = snapshot(id);

  const auto error = capture_error(
      [&] { run_at(china_instant(2026, 12, 30, 10, 0), EventType::approve_dispatch, id, kOfficeLeader); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, error->code()) << error->what();
  expect_unchanged(before, id);
  EXPECT_EQ(TicketState::awaiting_office_approval, stored(id).state);

  // The same command fails the same way, and a command without deadlines
  // goes through.
  const auto again = capture_error(
      [&] { run_at(china_instant(2026, 12, 30, 10, 1), EventType::approve_dispatch, id, kOfficeLeader); });
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(ErrorCode::calendar_not_covered, again->code());
  const Ticket ticket = run_at(china_instant(2026, 12, 30, 10, 2), EventType::send_back, id, kOfficeLeader,
                               text_payload("请补充诉求材料后重拟"));
  EXPECT_EQ(TicketState::registered, ticket.state);
  EXPECT_EQ(before.ticket.version + 1, ticket.version);
  EXPECT_EQ(EventType::send_back, store_.history(id).back().type);
}

TEST_P(AtomicCommand, StaleExpectedVersionIsConflict) {
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
  const Snapshot before = snapshot(id);
  clock_.set(china_instant(2026, 3, 2, 10, 30));
  Command command;
  command.type = EventType::claim;
  command.ticket_id = id;
  command.actor = kTaxLeader;
  command.payload = claim_payload(kTaxHandler.id, kTaxHandler.name);
  command.expected_version = before.ticket.version - 1;

  const auto error = capture_error([&] { engine_->execute(command); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::conflict, error->code()) << error->what();
  expect_unchanged(before, id);

  command.expected_version = before.ticket.version;
  EXPECT_EQ(TicketState::in_progress, engine_->execute(command).state);
}

TEST_P(AtomicCommand, ConcurrentClaimsLetExactlyOneWin) {
  constexpr int kThreads = 8;
  const std::string id = dispatch(Category::general, china_instant(2026, 3, 2, 10, 0));
  const std::uint64_t version = stored(id).version;
  clock_.set(china_instant(2026, 3, 2, 10, 30));

  std::atomic<int> ready{0};
  std::vector<std::optional<ErrorCode>> outcomes(kThreads);
  std::vector<int> succeeded(kThreads, 0);
  std::vector<std::string> other_errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Command command;
      command.type = EventType::claim;
      command.ticket_id = id;
      command.actor = kTaxLeader;
      command.payload = claim_payload("hd-" + std::to_string(i), "经办人" + std::to_string(i));
      command.expected_version = version;
      ready.fetch_add(1);
      while (ready.load() < kThreads) {
        std::this_thread::yield();
      }
      try {
        engine_->execute(command);
        succeeded[static_cast<std::size_t>(i)] = 1;
      } catch (const Error& error) {
        outcomes[static_cast<std::size_t>(i)] = error.code();
      } catch (const std::exception& error) {
        other_errors[static_cast<std::size_t>(i)] = error.what();
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }

  int wins = 0;
  for (std::size_t i = 0; i < kThreads; ++i) {
    EXPECT_TRUE(other_errors[i].empty()) << "thread " << i << ": " << other_errors[i];
    if (succeeded[i] != 0) {
      ++wins;
      continue;
    }
    ASSERT_TRUE(outcomes[i].has_value()) << "thread " << i;
    EXPECT_TRUE(*outcomes[i] == ErrorCode::conflict || *outcomes[i] == ErrorCode::invalid_transition)
        << "thread " << i << ": " << jishiban::error_code_name(*outcomes[i]);
  }
  EXPECT_EQ(1, wins);

  const std::vector<Event> history = store_.history(id);
  int claims = 0;
  for (const auto& event : history) {
    claims += event.type == EventType::claim ? 1 : 0;
  }
  EXPECT_EQ(1, claims) << describe(history);
  const Ticket ticket = stored(id);
  EXPECT_EQ(version + 1, ticket.version);
  EXPECT_EQ(TicketState::in_progress, ticket.state);
  EXPECT_EQ(ticket, jishiban::fold(history));
}

INSTANTIATE_TEST_SUITE_P(Stores, AtomicCommand, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

}  // namespace
