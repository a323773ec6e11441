// Rules of the workflow engine beyond the transition table. The tests cover
// where reclassify is allowed and where rework and reopen lead without a
// named handler. They check the canonical order of extensions and pauses in
// a due instant, SLA events that re-arm, and requests that a reply makes
// moot. They compare available_commands with real execution, and cover
// actors without an id, polls that fail in the store, and the log.
//
// Every test drives the real Engine, once on the in-memory store and once
// on a SQLite database, on the built-in official calendar (UTC+08:00,
// working hours 08:30-12:00 and 13:00-17:00, so 450 working minutes a day)
// with a manual clock. The dates are in March 2026, which has no public
// holiday: Monday 2026-03-02 is the first day.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "engine_stores.hpp"
#include "test_support.hpp"

// GoogleTest finds these printers by argument-dependent lookup. Internal
// linkage keeps them from clashing with printers of other test files.
namespace jishiban {

static void PrintTo(TicketState state, std::ostream* out) { *out << to_string(state); }
static void PrintTo(EventType type, std::ostream* out) { *out << to_string(type); }
static void PrintTo(Category category, std::ostream* out) { *out << to_string(category); }

}  // namespace jishiban

namespace {

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::Category;
using jishiban::Channel;
using jishiban::Command;
using jishiban::DayConvention;
using jishiban::Engine;
using jishiban::EngineOptions;
using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Event;
using jishiban::Instant;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::Notifier;
using jishiban::Payload;
using jishiban::Requester;
using jishiban::ResultReport;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::SlaClock;
using jishiban::TargetSpec;
using jishiban::Ticket;
using jishiban::TicketStore;
using jishiban_test::FaultyStore;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using std::chrono::minutes;
using std::chrono::seconds;
using ET = jishiban::EventType;
using TS = jishiban::TicketState;

// --- Units, people and the requester ------------------------------------------

const std::string kTaxUnit = "区税务局";
const std::string kMarketUnit = "区市场监管局";
const std::string kLandUnit = "自然资源分局";

const Actor kOfficer{"so-01", "周敏", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-01", "陈刚", Role::office_leader, ""};
const Actor kReviewer{"rv-01", "孙丽", Role::reviewer, ""};
const Actor kCommittee{"cl-01", "赵强", Role::committee_leader, ""};
const Actor kReportViewer{"rp-01", "吴杰", Role::report_viewer, ""};
const Actor kTaxLeader{"ul-tax", "王芳", Role::unit_leader, kTaxUnit};
const Actor kTaxHandler{"hd-tax", "李四", Role::handler, kTaxUnit};
const Actor kMarketLeader{"ul-market", "钱进", Role::unit_leader, kMarketUnit};
const Actor kLandLeader{"ul-land", "郑华", Role::unit_leader, kLandUnit};

// Contact data that must never appear in a log line or a masked view.
const Requester kRequester{"张三丰", "大连普湾建设有限公司", "大连市金州区金石滩街道黄金路8号", "13812345678",
                           "zhangsanfeng@example.com"};
const std::vector<std::string> kContactStrings = {kRequester.name, kRequester.company, kRequester.address,
                                                  kRequester.phone, kRequester.email};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string name_of(ET type) { return std::string(jishiban::to_string(type)); }
std::string name_of(TS state) { return std::string(jishiban::to_string(state)); }
std::string name_of(Role role) { return std::string(jishiban::to_string(role)); }

std::vector<std::string> names_of(const std::vector<ET>& types) {
  std::vector<std::string> names;
  for (const ET type : types) {
    names.push_back(name_of(type));
  }
  return names;
}

std::vector<ET> types_of(const std::vector<Event>& events) {
  std::vector<ET> types;
  for (const Event& event : events) {
    types.push_back(event.type);
  }
  return types;
}

std::vector<Event> of_type(const std::vector<Event>& events, ET type) {
  std::vector<Event> found;
  for (const Event& event : events) {
    if (event.type == type) {
      found.push_back(event);
    }
  }
  return found;
}

// --- Payloads -------------------------------------------------------------------

Payload text_payload(std::string text) {
  Payload payload;
  payload.text = std::move(text);
  return payload;
}

Payload draft_payload(Category category, std::vector<std::string> assisting = {}) {
  Payload payload;
  payload.category = category;
  payload.lead_unit = kTaxUnit;
  payload.assisting_units = std::move(assisting);
  return payload;
}

Payload claim_payload() {
  Payload payload;
  payload.handler_id = kTaxHandler.id;
  payload.handler_name = kTaxHandler.name;
  return payload;
}

Payload extension_payload(int days) {
  Payload payload;
  payload.days = days;
  payload.text = "需要现场核查，申请延期";
  return payload;
}

Payload decline_payload() {
  Payload payload;
  payload.text = "该诉求暂时无法办理";
  payload.rule = "受理办法第七条";
  return payload;
}

Payload reclassify_payload(Category category) {
  Payload payload;
  payload.category = category;
  payload.text = "调整类别";
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
  payload.text = "回访记录";
  return payload;
}

Payload register_payload() {
  Payload payload;
  payload.channel = Channel::hotline;
  payload.requester = kRequester;
  payload.content = "咨询新办企业税务登记流程";
  return payload;
}

Command make_command(ET type, const std::string& ticket_id, const Actor& actor, Payload payload = {}) {
  Command command;
  command.type = type;
  command.ticket_id = ticket_id;
  command.actor = actor;
  command.payload = std::move(payload);
  return command;
}

// --- Test doubles ---------------------------------------------------------------

// Records every notification, and throws instead while set to fail.
class RecordingNotifier final : public Notifier {
 public:
  void notify(const Notification& notification) override {
    if (failing_) {
      ++failed_deliveries_;
      throw std::runtime_error("the notification gateway is unavailable");
    }
    delivered_.push_back(notification);
  }

  void set_failing(bool failing) { failing_ = failing; }
  int failed_deliveries() const { return failed_deliveries_; }
  const std::vector<Notification>& delivered() const { return delivered_; }

 private:
  bool failing_ = false;
  int failed_deliveries_ = 0;
  std::vector<Notification> delivered_;
};

// --- The world a test runs in -----------------------------------------------------

// One engine on a FaultyStore in front of a store of the test's kind, the
// built-in calendar and a manual clock, keeping every log line. run_at sets
// the clock before the command, so a test reads as a timeline. run advances
// the clock by five minutes instead.
class World {
 public:
  explicit World(StoreKind store_kind)
      : owned_store_(jishiban_test::make_store(store_kind)),
        engine_(Calendar(), faulty_, notifier_, clock_, options()) {}

  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Engine& engine() { return engine_; }
  FaultyStore& faulty() { return faulty_; }
  RecordingNotifier& notifier() { return notifier_; }
  const std::vector<std::string>& log() const { return log_; }

  Ticket stored(const std::string& id) const { return store_.load(id).value(); }
  std::vector<Event> history(const std::string& id) const { return store_.history(id); }
  std::size_t size() const { return store_.size(); }

  // Runs a command at `when` and returns the stored ticket after it.
  Ticket run_at(Instant when, ET type, const std::string& id, const Actor& actor, Payload payload = {}) {
    clock_.set(when);
    return stored(engine_.execute(make_command(type, id, actor, std::move(payload))).id);
  }

  Ticket run(ET type, const std::string& id, const Actor& actor, Payload payload = {}) {
    return run_at(clock_.now() + kStep, type, id, actor, std::move(payload));
  }

  // Runs a command five minutes after the clock's current instant and
  // returns the error it raised, or std::nullopt when it succeeded.
  std::optional<Error> attempt(const Command& command) {
    clock_.advance(kStep);
    return capture_error([&] { engine_.execute(command); });
  }

  std::optional<Error> attempt_at(Instant when, ET type, const std::string& id, const Actor& actor,
                                  Payload payload = {}) {
    clock_.set(when);
    return capture_error([&] { engine_.execute(make_command(type, id, actor, std::move(payload))); });
  }

  std::vector<Event> poll_at(Instant now) {
    clock_.set(now);
    return engine_.poll(now);
  }

  std::string register_request(Instant at) {
    return run_at(at, ET::register_request, "", kOfficer, register_payload()).id;
  }

  // A hotline request for the tax bureau, registered 3 minutes before `at`,
  // drafted 2 minutes before it and dispatched at `at`.
  std::string dispatch(Category category, Instant at, std::vector<std::string> assisting = {}) {
    const std::string id = register_request(at - minutes(3));
    run_at(at - minutes(2), ET::draft, id, kOfficer, draft_payload(category, std::move(assisting)));
    run_at(at, ET::approve_dispatch, id, kOfficeLeader, text_payload("同意分拨"));
    return id;
  }

  Ticket claim(const std::string& id, Instant at) { return run_at(at, ET::claim, id, kTaxLeader, claim_payload()); }

  // Checks that folding the stored history gives the stored ticket.
  void expect_history_folds(const std::string& id) const {
    EXPECT_EQ(stored(id), jishiban::fold(history(id))) << "ticket " << id;
  }

 private:
  static constexpr minutes kStep{5};

  EngineOptions options() {
    EngineOptions options;
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    return options;
  }

  std::unique_ptr<TicketStore> owned_store_;
  TicketStore& store_ = *owned_store_;
  FaultyStore faulty_{store_};
  RecordingNotifier notifier_;
  ManualClock clock_{china_instant(2026, 3, 2, 8, 0)};
  std::vector<std::string> log_;
  Engine engine_;
};

// Computes the due instant of a handling clock on the calendar, without the
// engine, in the canonical order. The limit counts from the start. Then n
// extension days move it to the close of the nth working day after, and the
// working time paused comes last.
Instant canonical_due(Instant start, int days, int extension_days, seconds paused) {
  const Calendar calendar;
  Instant due = calendar.deadline(start, TargetSpec::working_days(days, DayConvention::legal_period)).due;
  if (extension_days > 0) {
    due = calendar.add_working_days(due, extension_days, DayConvention::legal_period).value;
  }
  return calendar.add_working_time(due, paused).value;
}

seconds working_time(Instant from, Instant to) { return Calendar().elapsed_working_time(from, to).value; }

// Checks a handling clock that a rework or a reopen started at `start`.
void expect_fresh_handling_clock(const Ticket& ticket, Instant start, int days, Instant hand_computed_due) {
  ASSERT_TRUE(ticket.handling_clock.has_value());
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_EQ(start, clock.start);
  EXPECT_EQ(days, clock.target.amount);
  EXPECT_EQ(jishiban::TargetUnit::working_days, clock.target.unit);
  EXPECT_EQ(canonical_due(start, days, 0, seconds(0)), clock.due);
  EXPECT_EQ(hand_computed_due, clock.due);
  EXPECT_TRUE(clock.running());
  EXPECT_FALSE(clock.paused_at.has_value());
  EXPECT_EQ(seconds(0), clock.paused);
  EXPECT_EQ(0, clock.extensions);
  EXPECT_FALSE(clock.warned);
  EXPECT_FALSE(clock.breached);
  EXPECT_FALSE(clock.escalated);
}

// --- 1. Where reclassify is allowed ------------------------------------------------

using ReclassifyRule = testing::TestWithParam<StoreKind>;

TEST_P(ReclassifyRule, RejectedWhilePlanUnderReview) {
  World world(GetParam());
  const std::string id = world.dispatch(Category::difficult, china_instant(2026, 3, 2, 10, 0));
  world.claim(id, china_instant(2026, 3, 2, 10, 30));
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::submit_special_report, id, kTaxLeader,
               text_payload("专题报告及工作方案"));
  const Ticket before = world.stored(id);
  ASSERT_EQ(TS::plan_under_review, before.state);
  const std::vector<Event> history_before = world.history(id);

  const auto error = world.attempt_at(china_instant(2026, 3, 2, 15, 0), ET::reclassify, id, kOfficeLeader,
                                      reclassify_payload(Category::general));

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_transition, error->code()) << error->what();
  EXPECT_TRUE(contains(error->message(), "plan_under_review")) << error->message();
  EXPECT_EQ(before, world.stored(id));
  EXPECT_EQ(history_before, world.history(id));

  // Once the committee sends the plan back, the ticket may be reclassified.
  world.run_at(china_instant(2026, 3, 2, 15, 30), ET::revise_plan, id, kCommittee, text_payload("请修改方案"));
  const Ticket after = world.run_at(china_instant(2026, 3, 2, 16, 0), ET::reclassify, id, kOfficeLeader,
                                    reclassify_payload(Category::general));
  EXPECT_EQ(TS::in_progress, after.state);
  EXPECT_EQ(std::optional<Category>(Category::general), after.category);
}

TEST_P(ReclassifyRule, AllowedWhileDispatchedInProgressOrSuspended) {
  World world(GetParam());
  const Instant start = china_instant(2026, 3, 2, 10, 0);
  const std::string id = world.dispatch(Category::general, start);

  Ticket ticket = world.run_at(china_instant(2026, 3, 2, 10, 10), ET::reclassify, id, kOfficeLeader,
                               reclassify_payload(Category::difficult));
  EXPECT_EQ(TS::dispatched, ticket.state);
  EXPECT_EQ(std::optional<Category>(Category::difficult), ticket.category);
  EXPECT_EQ(canonical_due(start, 3, 0, seconds(0)), ticket.handling_clock->due);

  world.claim(id, china_instant(2026, 3, 2, 10, 30));
  ticket = world.run_at(china_instant(2026, 3, 2, 11, 0), ET::reclassify, id, kOfficeLeader,
                        reclassify_payload(Category::consultation));
  EXPECT_EQ(TS::in_progress, ticket.state);
  EXPECT_EQ(std::optional<Category>(Category::consultation), ticket.category);
  EXPECT_EQ(canonical_due(start, 1, 0, seconds(0)), ticket.handling_clock->due);

  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::request_suspension, id, kTaxHandler, text_payload("等待材料"));
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::approve_suspension, id, kOfficer);
  ticket = world.run_at(china_instant(2026, 3, 2, 15, 0), ET::reclassify, id, kOfficeLeader,
                        reclassify_payload(Category::general));
  EXPECT_EQ(TS::suspended, ticket.state);
  EXPECT_EQ(std::optional<Category>(Category::general), ticket.category);
  EXPECT_EQ(canonical_due(start, 2, 0, seconds(0)), ticket.handling_clock->due);
  EXPECT_TRUE(ticket.handling_clock->paused_at.has_value());
  world.expect_history_folds(id);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReclassifyRule, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 2. Where rework and reopen lead ------------------------------------------------

using NewRound = testing::TestWithParam<StoreKind>;

TEST_P(NewRound, ReworkWithoutHandlerReturnsToDispatched) {
  World world(GetParam());
  const std::string id = world.dispatch(Category::difficult, china_instant(2026, 3, 2, 10, 0));
  // The unit leader declines without claiming, so no handler is named.
  world.run_at(china_instant(2026, 3, 2, 11, 0), ET::decline_after_dispatch, id, kTaxLeader, decline_payload());
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::report_result, id, kTaxLeader, result_payload());

  const Instant rework_at = china_instant(2026, 3, 3, 10, 0);
  Ticket ticket = world.run_at(rework_at, ET::request_rework, id, kReviewer, text_payload("请重新办理"));

  EXPECT_EQ(TS::dispatched, ticket.state);
  EXPECT_TRUE(ticket.handler_id.empty());
  EXPECT_EQ(1, ticket.reworks);
  EXPECT_FALSE(ticket.declined);
  EXPECT_TRUE(ticket.reply.empty());
  // 3 working days from Tuesday 10:00: Wednesday, Thursday, Friday.
  expect_fresh_handling_clock(ticket, rework_at, 3, china_instant(2026, 3, 6, 17, 0));

  ticket = world.claim(id, china_instant(2026, 3, 3, 11, 0));
  EXPECT_EQ(TS::in_progress, ticket.state);
  EXPECT_EQ(kTaxHandler.id, ticket.handler_id);
  EXPECT_EQ(kTaxHandler.name, ticket.handler_name);
  EXPECT_EQ(rework_at, ticket.handling_clock->start);
  world.expect_history_folds(id);
}

TEST_P(NewRound, ReopenWithoutHandlerReturnsToDispatched) {
  World world(GetParam());
  const std::string id = world.dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  world.run_at(china_instant(2026, 3, 2, 11, 0), ET::decline_after_dispatch, id, kTaxLeader, decline_payload());
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::report_result, id, kTaxLeader, result_payload());
  world.run_at(china_instant(2026, 3, 2, 15, 0), ET::accept_result, id, kReviewer);
  world.run_at(china_instant(2026, 3, 3, 10, 0), ET::return_visit, id, kOfficer,
               visit_payload(Satisfaction::dissatisfied));

  const Instant reopen_at = china_instant(2026, 3, 4, 10, 0);
  Ticket ticket = world.run_at(reopen_at, ET::reopen, id, kOfficer, text_payload("企业不满意，重新办理"));

  EXPECT_EQ(TS::dispatched, ticket.state);
  EXPECT_TRUE(ticket.handler_id.empty());
  EXPECT_EQ(1, ticket.reopenings);
  // 1 working day from Wednesday 10:00 ends Thursday at 17:00.
  expect_fresh_handling_clock(ticket, reopen_at, 1, china_instant(2026, 3, 5, 17, 0));

  ticket = world.claim(id, china_instant(2026, 3, 4, 11, 0));
  EXPECT_EQ(TS::in_progress, ticket.state);
  EXPECT_EQ(kTaxHandler.id, ticket.handler_id);
  world.expect_history_folds(id);
}

TEST_P(NewRound, ReworkWithHandlerReturnsToInProgress) {
  World world(GetParam());
  const std::string id = world.dispatch(Category::consultation, china_instant(2026, 3, 2, 10, 0));
  world.claim(id, china_instant(2026, 3, 2, 10, 10));
  world.run_at(china_instant(2026, 3, 2, 11, 0), ET::answer_consultation, id, kTaxHandler, text_payload("已答复"));
  world.run_at(china_instant(2026, 3, 2, 11, 30), ET::report_result, id, kTaxHandler, result_payload());

  const Instant rework_at = china_instant(2026, 3, 3, 9, 0);
  const Ticket ticket = world.run_at(rework_at, ET::request_rework, id, kReviewer, text_payload("请补充办理依据"));

  EXPECT_EQ(TS::in_progress, ticket.state);
  EXPECT_EQ(kTaxHandler.id, ticket.handler_id);
  EXPECT_EQ(1, ticket.reworks);
  expect_fresh_handling_clock(ticket, rework_at, 1, china_instant(2026, 3, 4, 17, 0));
  world.expect_history_folds(id);
}

TEST_P(NewRound, ReopenWithHandlerReturnsToInProgress) {
  World world(GetParam());
  const std::string id = world.dispatch(Category::difficult, china_instant(2026, 3, 2, 10, 0));
  world.claim(id, china_instant(2026, 3, 2, 10, 10));
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::submit_special_report, id, kTaxLeader, text_payload("专题报告"));
  world.run_at(china_instant(2026, 3, 2, 15, 0), ET::approve_plan, id, kCommittee);
  world.run_at(china_instant(2026, 3, 2, 16, 0), ET::report_result, id, kTaxLeader, result_payload());
  world.run_at(china_instant(2026, 3, 3, 9, 0), ET::accept_result, id, kReviewer);
  world.run_at(china_instant(2026, 3, 3, 10, 0), ET::return_visit, id, kOfficer,
               visit_payload(Satisfaction::dissatisfied));

  const Instant reopen_at = china_instant(2026, 3, 3, 11, 0);
  const Ticket ticket = world.run_at(reopen_at, ET::reopen, id, kOfficer, text_payload("企业不满意，重新办理"));

  EXPECT_EQ(TS::in_progress, ticket.state);
  EXPECT_EQ(kTaxHandler.id, ticket.handler_id);
  EXPECT_EQ(1, ticket.reopenings);
  expect_fresh_handling_clock(ticket, reopen_at, 3, china_instant(2026, 3, 6, 17, 0));
  world.expect_history_folds(id);
}

INSTANTIATE_TEST_SUITE_P(Stores, NewRound, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 3. Canonical order of extensions and pauses ------------------------------------

// A general ticket dispatched Monday 2026-03-02 10:00 and claimed: due
// Wednesday 17:00. Every case below adds 2 extension days and a 210-minute
// pause, which end at 12:00 on Monday Mar 9 in either order.
const Instant kGeneralStart = china_instant(2026, 3, 2, 10, 0);
const Instant kExtendedAndPausedDue = china_instant(2026, 3, 9, 12, 0);

std::string claimed_general(World& world) {
  const std::string id = world.dispatch(Category::general, kGeneralStart);
  world.claim(id, china_instant(2026, 3, 2, 10, 30));
  return id;
}

Ticket extend(World& world, const std::string& id, int days, Instant requested, Instant approved) {
  world.run_at(requested, ET::request_extension, id, kTaxLeader, extension_payload(days));
  return world.run_at(approved, ET::approve_extension, id, kOfficeLeader);
}

Ticket pause(World& world, const std::string& id, Instant from, Instant to) {
  world.run_at(from, ET::request_suspension, id, kTaxHandler, text_payload("等待企业补充材料"));
  world.run_at(from, ET::approve_suspension, id, kOfficer);
  return world.run_at(to, ET::resume, id, kTaxHandler);
}

using CanonicalDue = testing::TestWithParam<StoreKind>;

TEST_P(CanonicalDue, ExtensionThenPause) {
  World world(GetParam());
  const std::string id = claimed_general(world);

  Ticket ticket = extend(world, id, 2, china_instant(2026, 3, 3, 9, 0), china_instant(2026, 3, 3, 9, 30));
  EXPECT_EQ(canonical_due(kGeneralStart, 2, 2, seconds(0)), ticket.handling_clock->due);

  const Instant paused_from = china_instant(2026, 3, 4, 14, 0);
  const Instant paused_to = china_instant(2026, 3, 5, 9, 0);
  ticket = pause(world, id, paused_from, paused_to);

  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_EQ(working_time(paused_from, paused_to), clock.paused);
  EXPECT_EQ(minutes(210), clock.paused);
  EXPECT_EQ(2, clock.extension_days);
  EXPECT_EQ(canonical_due(kGeneralStart, 2, 2, clock.paused), clock.due);
  EXPECT_EQ(kExtendedAndPausedDue, clock.due);
  world.expect_history_folds(id);
}

TEST_P(CanonicalDue, PauseThenExtension) {
  World world(GetParam());
  const std::string id = claimed_general(world);

  const Instant paused_from = china_instant(2026, 3, 3, 14, 0);
  const Instant paused_to = china_instant(2026, 3, 4, 9, 0);
  Ticket ticket = pause(world, id, paused_from, paused_to);
  EXPECT_EQ(canonical_due(kGeneralStart, 2, 0, minutes(210)), ticket.handling_clock->due);

  ticket = extend(world, id, 2, china_instant(2026, 3, 4, 9, 30), china_instant(2026, 3, 4, 10, 0));

  // The days count first and the pause after them. Adding the days to the
  // paused due instant (Thursday 12:00) would give Monday 17:00 instead.
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_EQ(working_time(paused_from, paused_to), clock.paused);
  EXPECT_EQ(minutes(210), clock.paused);
  EXPECT_EQ(canonical_due(kGeneralStart, 2, 2, clock.paused), clock.due);
  EXPECT_EQ(kExtendedAndPausedDue, clock.due);
  world.expect_history_folds(id);
}

TEST_P(CanonicalDue, ReclassifyAwayAndBackRestoresDue) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  pause(world, id, china_instant(2026, 3, 3, 14, 0), china_instant(2026, 3, 4, 9, 0));
  const Ticket extended = extend(world, id, 2, china_instant(2026, 3, 4, 9, 30), china_instant(2026, 3, 4, 10, 0));
  const SlaClock original = *extended.handling_clock;
  ASSERT_EQ(kExtendedAndPausedDue, original.due);

  Ticket ticket = world.run_at(china_instant(2026, 3, 4, 10, 30), ET::reclassify, id, kOfficeLeader,
                               reclassify_payload(Category::difficult));
  EXPECT_EQ(kGeneralStart, ticket.handling_clock->start);
  EXPECT_EQ(canonical_due(kGeneralStart, 3, 2, minutes(210)), ticket.handling_clock->due);
  EXPECT_EQ(china_instant(2026, 3, 10, 12, 0), ticket.handling_clock->due);

  ticket = world.run_at(china_instant(2026, 3, 4, 11, 0), ET::reclassify, id, kOfficeLeader,
                        reclassify_payload(Category::consultation));
  EXPECT_EQ(canonical_due(kGeneralStart, 1, 2, minutes(210)), ticket.handling_clock->due);
  EXPECT_EQ(china_instant(2026, 3, 6, 12, 0), ticket.handling_clock->due);

  ticket = world.run_at(china_instant(2026, 3, 4, 11, 30), ET::reclassify, id, kOfficeLeader,
                        reclassify_payload(Category::general));
  EXPECT_EQ(original.due, ticket.handling_clock->due);
  EXPECT_EQ(original.warning_at, ticket.handling_clock->warning_at);
  EXPECT_EQ(original.escalation_at, ticket.handling_clock->escalation_at);
  EXPECT_EQ(original, *ticket.handling_clock);
  world.expect_history_folds(id);
}

TEST_P(CanonicalDue, ReclassifyWhileSuspendedCountsPauseAtResume) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  extend(world, id, 1, china_instant(2026, 3, 3, 9, 0), china_instant(2026, 3, 3, 9, 30));
  const Instant paused_from = china_instant(2026, 3, 3, 14, 0);
  world.run_at(paused_from, ET::request_suspension, id, kTaxHandler, text_payload("等待企业补充材料"));
  world.run_at(paused_from, ET::approve_suspension, id, kOfficer);

  // The pause still running does not count yet.
  Ticket ticket = world.run_at(china_instant(2026, 3, 4, 9, 0), ET::reclassify, id, kOfficeLeader,
                               reclassify_payload(Category::difficult));
  EXPECT_EQ(TS::suspended, ticket.state);
  EXPECT_EQ(canonical_due(kGeneralStart, 3, 1, seconds(0)), ticket.handling_clock->due);

  const Instant paused_to = china_instant(2026, 3, 4, 11, 0);
  ticket = world.run_at(paused_to, ET::resume, id, kTaxHandler);

  // The pause covered 14:00-17:00 on Tuesday and 08:30-11:00 on Wednesday,
  // so 330 working minutes are added to Friday 17:00, which gives Monday
  // Mar 9 at 15:00.
  const SlaClock& clock = *ticket.handling_clock;
  EXPECT_EQ(working_time(paused_from, paused_to), clock.paused);
  EXPECT_EQ(minutes(330), clock.paused);
  EXPECT_EQ(canonical_due(kGeneralStart, 3, 1, clock.paused), clock.due);
  EXPECT_EQ(china_instant(2026, 3, 9, 15, 0), clock.due);
  world.expect_history_folds(id);
}

INSTANTIATE_TEST_SUITE_P(Stores, CanonicalDue, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 4. SLA events that re-arm ------------------------------------------------------

// Due Wednesday 2026-03-04 17:00. The warning comes after 75% of the 1260
// allowed working minutes, on Wednesday at 10:45.
const Instant kGeneralWarning = china_instant(2026, 3, 4, 10, 45);
const Instant kGeneralDue = china_instant(2026, 3, 4, 17, 0);

// The warning instant the policy's 75% share gives for a clock.
Instant expected_warning(const SlaClock& clock) {
  const Calendar calendar;
  const seconds budget = calendar.elapsed_working_time(clock.start, clock.due).value - clock.paused;
  const auto share = seconds(static_cast<std::int64_t>(std::floor(static_cast<double>(budget.count()) * 0.75)));
  return calendar.add_working_time(clock.start, share + clock.paused).value;
}

using SlaRearm = testing::TestWithParam<StoreKind>;

TEST_P(SlaRearm, ExtensionAfterBreachBreachesOnceAtNewDue) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ((std::vector<ET>{ET::sla_warning, ET::sla_breach}), types_of(world.poll_at(kGeneralDue)));
  ASSERT_TRUE(world.stored(id).handling_clock->breached);

  const Ticket ticket = extend(world, id, 1, kGeneralDue + minutes(30), china_instant(2026, 3, 5, 9, 0));

  // One day more ends Thursday 17:00, the instant the escalation was due.
  const SlaClock& clock = *ticket.handling_clock;
  const Instant new_due = china_instant(2026, 3, 5, 17, 0);
  EXPECT_EQ(new_due, clock.due);
  EXPECT_FALSE(clock.breached);
  EXPECT_EQ(1, clock.extensions);

  const std::vector<Event> at_new_due = world.poll_at(new_due);
  const std::vector<Event> breaches = of_type(at_new_due, ET::sla_breach);
  ASSERT_EQ(1U, breaches.size()) << testing::PrintToString(names_of(types_of(at_new_due)));
  EXPECT_EQ(new_due, breaches[0].at);
  ASSERT_TRUE(breaches[0].computed.handling_clock.has_value());
  EXPECT_EQ(new_due, breaches[0].computed.handling_clock->due);
  EXPECT_TRUE(of_type(at_new_due, ET::sla_escalation).empty());
  EXPECT_TRUE(world.stored(id).handling_clock->breached);

  EXPECT_TRUE(world.poll_at(new_due).empty());
  EXPECT_TRUE(world.poll_at(china_instant(2026, 6, 1, 9, 0)).empty());
  EXPECT_TRUE(of_type(world.history(id), ET::sla_escalation).empty());
  EXPECT_FALSE(world.stored(id).handling_clock->escalated);
  EXPECT_EQ(std::nullopt, world.engine().next_wakeup());
}

TEST_P(SlaRearm, ResumeAfterBreachBreachesAtNewDue) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ((std::vector<ET>{ET::sla_warning, ET::sla_breach}), types_of(world.poll_at(kGeneralDue)));
  extend(world, id, 1, kGeneralDue + minutes(30), china_instant(2026, 3, 5, 9, 0));

  // The pause covers Thursday 10:00-12:00 and 13:00-14:00, so its 180
  // working minutes move the extended due instant from Thursday 17:00 to
  // Friday 11:30.
  const Ticket ticket = pause(world, id, china_instant(2026, 3, 5, 10, 0), china_instant(2026, 3, 5, 14, 0));
  const Instant new_due = china_instant(2026, 3, 6, 11, 30);
  ASSERT_EQ(new_due, ticket.handling_clock->due);
  EXPECT_FALSE(ticket.handling_clock->breached);

  EXPECT_TRUE(of_type(world.poll_at(new_due - seconds(1)), ET::sla_breach).empty());
  const std::vector<Event> recorded = world.poll_at(new_due);

  const std::vector<Event> breaches = of_type(recorded, ET::sla_breach);
  ASSERT_EQ(1U, breaches.size()) << testing::PrintToString(names_of(types_of(recorded)));
  EXPECT_EQ(new_due, breaches[0].at);
  ASSERT_TRUE(breaches[0].computed.handling_clock.has_value());
  EXPECT_EQ(new_due, breaches[0].computed.handling_clock->due);
  EXPECT_TRUE(world.poll_at(new_due).empty());
  EXPECT_TRUE(world.poll_at(china_instant(2026, 6, 1, 9, 0)).empty());
  EXPECT_EQ(2U, of_type(world.history(id), ET::sla_breach).size());
  EXPECT_TRUE(of_type(world.history(id), ET::sla_escalation).empty());
}

TEST_P(SlaRearm, ResumeWhileOverdueKeepsBreach) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ((std::vector<ET>{ET::sla_warning, ET::sla_breach}), types_of(world.poll_at(kGeneralDue)));

  // The clock is paused Thursday 09:00-11:00 while already overdue. The 120
  // paused minutes move the due instant from Wednesday 17:00 to Thursday
  // 10:30, which is still before the resume, so the ticket stays overdue
  // and its breach stays recorded.
  const Instant resumed = china_instant(2026, 3, 5, 11, 0);
  const Ticket ticket = pause(world, id, china_instant(2026, 3, 5, 9, 0), resumed);
  const Instant new_due = china_instant(2026, 3, 5, 10, 30);
  ASSERT_EQ(new_due, ticket.handling_clock->due);
  EXPECT_TRUE(ticket.handling_clock->breached);
  EXPECT_TRUE(ticket.handling_clock->warned);
  EXPECT_TRUE(world.poll_at(resumed).empty());

  // Without an approved extension the escalation still comes, one working
  // day after the new due instant.
  const Instant escalation_at = china_instant(2026, 3, 6, 10, 30);
  EXPECT_EQ(escalation_at, world.stored(id).handling_clock->escalation_at);
  EXPECT_TRUE(world.poll_at(escalation_at - seconds(1)).empty());
  EXPECT_EQ(std::vector<ET>{ET::sla_escalation}, types_of(world.poll_at(escalation_at)));
  EXPECT_EQ(1U, of_type(world.history(id), ET::sla_breach).size());
}

TEST_P(SlaRearm, ExtensionEndingInPastKeepsBreach) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ((std::vector<ET>{ET::sla_warning, ET::sla_breach}), types_of(world.poll_at(kGeneralDue)));

  // Approved on Friday, one more day ends Thursday 17:00, already past.
  const Ticket ticket = extend(world, id, 1, kGeneralDue + minutes(30), china_instant(2026, 3, 6, 9, 0));
  EXPECT_EQ(china_instant(2026, 3, 5, 17, 0), ticket.handling_clock->due);
  EXPECT_TRUE(ticket.handling_clock->breached);

  EXPECT_TRUE(world.poll_at(china_instant(2026, 6, 1, 9, 0)).empty());
  EXPECT_EQ(1U, of_type(world.history(id), ET::sla_breach).size());
}

TEST_P(SlaRearm, WarningRearmsWhenWarningMovesLater) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ(std::vector<ET>{ET::sla_warning}, types_of(world.poll_at(kGeneralWarning)));

  const Ticket ticket = extend(world, id, 1, kGeneralWarning + minutes(15), kGeneralWarning + minutes(45));

  // 75% of the 1710 working minutes to Thursday 17:00 end Thursday 08:52:30.
  const SlaClock& clock = *ticket.handling_clock;
  const Instant new_warning = china_instant(2026, 3, 5, 8, 52, 30);
  EXPECT_EQ(expected_warning(clock), clock.warning_at);
  EXPECT_EQ(new_warning, clock.warning_at);
  EXPECT_FALSE(clock.warned);
  EXPECT_EQ(std::optional<Instant>(new_warning), world.engine().next_wakeup());

  EXPECT_TRUE(world.poll_at(new_warning - seconds(1)).empty());
  const std::vector<Event> recorded = world.poll_at(new_warning);
  ASSERT_EQ(std::vector<ET>{ET::sla_warning}, types_of(recorded));
  EXPECT_EQ(new_warning, recorded[0].at);
  EXPECT_TRUE(world.poll_at(new_warning).empty());
}

TEST_P(SlaRearm, WarningStaysWhenWarningMovesEarlier) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  ASSERT_EQ(std::vector<ET>{ET::sla_warning}, types_of(world.poll_at(kGeneralWarning)));

  // A consultation is due Tuesday 17:00, so the warning instant moves
  // earlier and the warning already recorded remains the only one.
  const Instant reclassified = kGeneralWarning + minutes(15);
  const Ticket ticket = world.run_at(reclassified, ET::reclassify, id, kOfficeLeader,
                                     reclassify_payload(Category::consultation));
  EXPECT_LT(ticket.handling_clock->warning_at, kGeneralWarning);
  EXPECT_TRUE(ticket.handling_clock->warned);

  EXPECT_EQ(std::vector<ET>{ET::sla_breach}, types_of(world.poll_at(reclassified)));
}

INSTANTIATE_TEST_SUITE_P(Stores, SlaRearm, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 5. Requests that a reply makes moot --------------------------------------------

// Brings a claimed ticket with a waiting 2-day extension request and a
// waiting suspension request.
std::string with_waiting_requests(World& world, Category category) {
  const std::string id = world.dispatch(category, china_instant(2026, 3, 2, 10, 0));
  world.claim(id, china_instant(2026, 3, 2, 10, 30));
  world.run_at(china_instant(2026, 3, 2, 11, 0), ET::request_extension, id, kTaxLeader, extension_payload(2));
  const Ticket ticket =
      world.run_at(china_instant(2026, 3, 2, 11, 30), ET::request_suspension, id, kTaxHandler, text_payload("等待材料"));
  EXPECT_EQ(2, ticket.requested_extension_days);
  EXPECT_TRUE(ticket.suspension_requested);
  return id;
}

void expect_requests_cleared(const Ticket& ticket) {
  EXPECT_EQ(TS::replied, ticket.state);
  EXPECT_EQ(0, ticket.requested_extension_days);
  EXPECT_FALSE(ticket.suspension_requested);
}

using ReplyClearsRequests = testing::TestWithParam<StoreKind>;

TEST_P(ReplyClearsRequests, AnswerConsultation) {
  World world(GetParam());
  const std::string id = with_waiting_requests(world, Category::consultation);

  const Ticket ticket =
      world.run_at(china_instant(2026, 3, 2, 14, 0), ET::answer_consultation, id, kTaxHandler, text_payload("已答复"));

  expect_requests_cleared(ticket);
  world.expect_history_folds(id);
}

TEST_P(ReplyClearsRequests, SignGeneralReply) {
  World world(GetParam());
  const std::string id = with_waiting_requests(world, Category::general);
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::propose_general, id, kTaxHandler, text_payload("拟同意办理"));

  const Ticket ticket = world.run_at(china_instant(2026, 3, 2, 15, 0), ET::sign_general_reply, id, kTaxLeader);

  expect_requests_cleared(ticket);
  world.expect_history_folds(id);
}

TEST_P(ReplyClearsRequests, DeclineAfterDispatch) {
  World world(GetParam());
  const std::string id = with_waiting_requests(world, Category::general);

  const Ticket ticket =
      world.run_at(china_instant(2026, 3, 2, 14, 0), ET::decline_after_dispatch, id, kTaxLeader, decline_payload());

  expect_requests_cleared(ticket);
  world.expect_history_folds(id);
}

TEST_P(ReplyClearsRequests, ApprovePlan) {
  World world(GetParam());
  const std::string id = with_waiting_requests(world, Category::difficult);
  world.run_at(china_instant(2026, 3, 2, 14, 0), ET::submit_special_report, id, kTaxLeader, text_payload("专题报告"));

  const Ticket ticket = world.run_at(china_instant(2026, 3, 2, 15, 0), ET::approve_plan, id, kCommittee);

  expect_requests_cleared(ticket);
  world.expect_history_folds(id);
}

TEST_P(ReplyClearsRequests, SpecialReportClearsOnlySuspension) {
  World world(GetParam());
  const std::string id = with_waiting_requests(world, Category::difficult);

  Ticket ticket = world.run_at(china_instant(2026, 3, 2, 14, 0), ET::submit_special_report, id, kTaxLeader,
                               text_payload("专题报告"));

  // A plan under review cannot be suspended, but the clock still runs, so
  // the extension request still waits for the office leader.
  EXPECT_EQ(TS::plan_under_review, ticket.state);
  EXPECT_FALSE(ticket.suspension_requested);
  EXPECT_EQ(2, ticket.requested_extension_days);
  const auto error = world.attempt_at(china_instant(2026, 3, 2, 14, 30), ET::approve_suspension, id, kOfficer);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_transition, error->code()) << error->what();
  ticket = world.run_at(china_instant(2026, 3, 2, 15, 0), ET::approve_extension, id, kOfficeLeader);
  EXPECT_EQ(2, ticket.handling_clock->extension_days);
  world.expect_history_folds(id);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReplyClearsRequests, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 6. available_commands against real execution ------------------------------------

// A ticket the probes start from, built through the engine. Assisting unit
// A (market) gives its opinion right after the dispatch, unit B (land)
// never does.
struct Situation {
  std::string name;
  std::function<std::string(World&)> build;
};

std::string build_dispatched(World& world, Category category) {
  const std::string id = world.run(ET::register_request, "", kOfficer, register_payload()).id;
  world.run(ET::draft, id, kOfficer, draft_payload(category, {kMarketUnit, kLandUnit}));
  world.run(ET::approve_dispatch, id, kOfficeLeader);
  world.run(ET::submit_assisting_opinion, id, kMarketLeader, text_payload("协办意见"));
  return id;
}

std::string build_in_progress(World& world, Category category) {
  const std::string id = build_dispatched(world, category);
  world.run(ET::claim, id, kTaxLeader, claim_payload());
  return id;
}

const std::vector<Situation>& situations() {
  static const std::vector<Situation> list = {
      {"registered",
       [](World& world) { return world.run(ET::register_request, "", kOfficer, register_payload()).id; }},
      {"dispatched", [](World& world) { return build_dispatched(world, Category::general); }},
      {"in_progress with a proposal",
       [](World& world) {
         const std::string id = build_in_progress(world, Category::general);
         world.run(ET::propose_general, id, kTaxHandler, text_payload("拟同意办理"));
         return id;
       }},
      {"in_progress with an override and a waiting extension",
       [](World& world) {
         const std::string id = build_in_progress(world, Category::consultation);
         world.run(ET::override_assisting, id, kOfficer, text_payload("协办单位逾期未反馈"));
         world.run(ET::request_extension, id, kTaxLeader, extension_payload(2));
         return id;
       }},
      {"suspended",
       [](World& world) {
         const std::string id = build_in_progress(world, Category::general);
         world.run(ET::request_suspension, id, kTaxHandler, text_payload("等待材料"));
         world.run(ET::approve_suspension, id, kOfficer);
         return id;
       }},
      {"plan_under_review",
       [](World& world) {
         const std::string id = build_in_progress(world, Category::difficult);
         world.run(ET::submit_special_report, id, kTaxLeader, text_payload("专题报告"));
         return id;
       }},
      {"result_reported without a handler",
       [](World& world) {
         const std::string id = build_dispatched(world, Category::general);
         world.run(ET::decline_after_dispatch, id, kTaxLeader, decline_payload());
         world.run(ET::report_result, id, kTaxLeader, result_payload());
         return id;
       }},
      {"awaiting_return_visit after a dissatisfied visit",
       [](World& world) {
         const std::string id = build_in_progress(world, Category::consultation);
         world.run(ET::override_assisting, id, kOfficer, text_payload("协办单位逾期未反馈"));
         world.run(ET::answer_consultation, id, kTaxHandler, text_payload("已答复"));
         world.run(ET::report_result, id, kTaxHandler, result_payload());
         world.run(ET::accept_result, id, kReviewer);
         world.run(ET::return_visit, id, kOfficer, visit_payload(Satisfaction::dissatisfied));
         return id;
       }},
  };
  return list;
}

const Actor kServiceOfficerWithoutId{"", "无标识服务员", Role::service_officer, ""};
const Actor kUnitLeaderWithoutId{"", "无标识领导", Role::unit_leader, kTaxUnit};

// The actors whose commands are probed.
const std::vector<Actor>& probed_actors() {
  static const std::vector<Actor> list = {
      kOfficer,     kOfficeLeader, kTaxLeader,    kTaxHandler,           kMarketLeader,
      kLandLeader,  kReviewer,     kReportViewer, kServiceOfficerWithoutId, kUnitLeaderWithoutId,
  };
  return list;
}

// A valid payload for `type` on `ticket`: every required field, and nothing
// the type does not read.
Payload valid_payload(ET type, const Ticket& ticket, const std::string& duplicate_of) {
  switch (type) {
    case ET::draft:
      return draft_payload(Category::general, {kMarketUnit});
    case ET::decline_at_intake:
    case ET::decline_after_dispatch:
      return decline_payload();
    case ET::claim:
      return claim_payload();
    case ET::request_extension:
      return extension_payload(1);
    case ET::reclassify:
      return reclassify_payload(ticket.category == Category::general ? Category::difficult : Category::general);
    case ET::report_result:
      return result_payload();
    case ET::return_visit:
      return visit_payload(Satisfaction::satisfied);
    case ET::merge_duplicate: {
      Payload payload = text_payload("重复件");
      payload.duplicate_of = duplicate_of;
      return payload;
    }
    case ET::archive:
      return Payload{};
    default:
      // Every other command reads the text, and some require it.
      return text_payload("意见");
  }
}

// The commands `actor` gives successfully on a ticket built by `situation`,
// each tried with a valid payload. A refused command changes nothing, so
// the next try reuses the world, and a successful one gets a fresh world on
// a store of `store_kind`.
std::vector<ET> commands_that_succeed(StoreKind store_kind, const Situation& situation, const Actor& actor) {
  std::vector<ET> succeeded;
  auto world = std::make_unique<World>(store_kind);
  std::string anchor = world->register_request(china_instant(2026, 3, 2, 8, 0));
  std::string id = situation.build(*world);
  for (int i = static_cast<int>(ET::draft); i <= static_cast<int>(ET::archive); ++i) {
    const auto type = static_cast<ET>(i);
    const Command command = make_command(type, id, actor, valid_payload(type, world->stored(id), anchor));
    if (world->attempt(command).has_value()) {
      continue;
    }
    succeeded.push_back(type);
    world = std::make_unique<World>(store_kind);
    anchor = world->register_request(china_instant(2026, 3, 2, 8, 0));
    id = situation.build(*world);
  }
  return succeeded;
}

using AvailableCommands = testing::TestWithParam<StoreKind>;

TEST_P(AvailableCommands, MatchCommandsThatSucceed) {
  for (const Situation& situation : situations()) {
    SCOPED_TRACE(situation.name);
    World world(GetParam());
    world.register_request(china_instant(2026, 3, 2, 8, 0));
    const std::string id = situation.build(world);

    for (const Actor& actor : probed_actors()) {
      SCOPED_TRACE("actor \"" + actor.id + "\" (" + name_of(actor.role) + ", unit \"" + actor.unit + "\")");
      const std::vector<ET> available = world.engine().available_commands(actor, id);
      EXPECT_EQ(names_of(commands_that_succeed(GetParam(), situation, actor)), names_of(available));
      if (actor.role == Role::report_viewer || actor.id.empty()) {
        EXPECT_TRUE(available.empty()) << testing::PrintToString(names_of(available));
      }
    }
  }
}

TEST_P(AvailableCommands, ExpectedListsInDispatched) {
  World world(GetParam());
  world.register_request(china_instant(2026, 3, 2, 8, 0));
  const std::string id = build_dispatched(world, Category::general);
  Engine& engine = world.engine();

  EXPECT_EQ(names_of({ET::urge, ET::withdraw, ET::merge_duplicate}), names_of(engine.available_commands(kOfficer, id)));
  EXPECT_EQ(names_of({ET::reclassify, ET::urge}), names_of(engine.available_commands(kOfficeLeader, id)));
  EXPECT_EQ(names_of({ET::claim, ET::return_to_office, ET::decline_after_dispatch}),
            names_of(engine.available_commands(kTaxLeader, id)));
  // No handler is named before the claim.
  EXPECT_TRUE(engine.available_commands(kTaxHandler, id).empty());
  EXPECT_EQ(names_of({ET::submit_assisting_opinion}), names_of(engine.available_commands(kLandLeader, id)));
  EXPECT_TRUE(engine.available_commands(kReportViewer, id).empty());
  EXPECT_TRUE(engine.available_commands(kServiceOfficerWithoutId, id).empty());
}

TEST_P(AvailableCommands, SecondOpinionNotListed) {
  World world(GetParam());
  const std::string id = build_dispatched(world, Category::general);

  const auto error = world.attempt(make_command(ET::submit_assisting_opinion, id, kMarketLeader, text_payload("再次意见")));

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_transition, error->code()) << error->what();
  EXPECT_EQ(std::vector<std::string>{}, names_of(world.engine().available_commands(kMarketLeader, id)));
}

TEST_P(AvailableCommands, UnknownTicketIsNotFound) {
  World world(GetParam());

  const auto error = capture_error([&] { world.engine().available_commands(kOfficer, "PW2026999999"); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::not_found, error->code()) << error->what();
}

INSTANTIATE_TEST_SUITE_P(Stores, AvailableCommands, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 7. Actors without an id ----------------------------------------------------------

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {
      Role::service_officer, Role::office_leader, Role::office_supervisor,     Role::reviewer,
      Role::committee_leader, Role::unit_leader,  Role::handler, Role::discipline_inspection,
      Role::report_viewer,
  };
  return roles;
}

// An actor of `role` without an id. Unit roles belong to the lead unit, so
// the missing id is the only thing wrong.
Actor without_id(Role role) {
  const bool unit_role = role == Role::unit_leader || role == Role::handler;
  return Actor{"", "无标识用户", role, unit_role ? kTaxUnit : std::string()};
}

using ActorWithoutId = testing::TestWithParam<StoreKind>;

TEST_P(ActorWithoutId, ForbiddenForEveryCommand) {
  World world(GetParam());
  const std::string anchor = world.register_request(china_instant(2026, 3, 2, 8, 0));
  // The dispatched ticket has no named handler yet, so an empty actor id
  // would match its empty handler id.
  const std::string dispatched = build_dispatched(world, Category::general);
  const std::string in_progress = build_in_progress(world, Category::general);

  for (const Role role : all_roles()) {
    const Actor actor = without_id(role);
    SCOPED_TRACE(name_of(role));

    const std::size_t tickets = world.size();
    const auto registration = world.attempt(make_command(ET::register_request, "", actor, register_payload()));
    ASSERT_TRUE(registration.has_value());
    EXPECT_EQ(ErrorCode::forbidden, registration->code()) << registration->what();
    EXPECT_EQ(tickets, world.size());

    for (const std::string& id : {dispatched, in_progress}) {
      const Ticket before = world.stored(id);
      for (int i = static_cast<int>(ET::draft); i <= static_cast<int>(ET::archive); ++i) {
        const auto type = static_cast<ET>(i);
        SCOPED_TRACE(name_of(type) + " in " + name_of(before.state));
        const auto error = world.attempt(make_command(type, id, actor, valid_payload(type, before, anchor)));
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(ErrorCode::forbidden, error->code()) << error->what();
      }
      EXPECT_EQ(before, world.stored(id));
    }
  }
}

TEST_P(ActorWithoutId, SeesMaskedContactData) {
  World world(GetParam());
  const std::string dispatched = build_dispatched(world, Category::general);
  const std::string in_progress = build_in_progress(world, Category::general);

  for (const Role role : all_roles()) {
    const Actor actor = without_id(role);
    SCOPED_TRACE(name_of(role));
    for (const std::string& id : {dispatched, in_progress}) {
      const Ticket view = world.engine().view(actor, id);
      EXPECT_EQ("138****5678", view.requester.phone);
      EXPECT_EQ("张**", view.requester.name);
      const std::string json = jishiban::to_json(view);
      for (const std::string& contact : kContactStrings) {
        EXPECT_FALSE(contains(json, contact)) << "view contains \"" << contact << "\"";
      }
      const std::vector<Event> events = world.engine().history(actor, id);
      ASSERT_FALSE(events.empty());
      ASSERT_TRUE(events.front().payload.requester.has_value());
      EXPECT_EQ("138****5678", events.front().payload.requester->phone);
      EXPECT_TRUE(world.engine().available_commands(actor, id).empty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, ActorWithoutId, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 8. Polls that fail in the store ----------------------------------------------------

using PollStoreFailure = testing::TestWithParam<StoreKind>;

TEST_P(PollStoreFailure, RuntimeErrorKeepsEventDue) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  const std::optional<Instant> wakeup = world.engine().next_wakeup();
  ASSERT_EQ(std::optional<Instant>(kGeneralWarning), wakeup);
  const std::vector<Event> history_before = world.history(id);
  world.faulty().fail_appends(FaultyStore::Fault::runtime_error);

  for (int attempt = 0; attempt < 2; ++attempt) {
    SCOPED_TRACE("failed poll " + std::to_string(attempt + 1));
    EXPECT_THROW(world.poll_at(kGeneralDue), std::runtime_error);
    EXPECT_EQ(wakeup, world.engine().next_wakeup());
    EXPECT_EQ(history_before, world.history(id));
  }

  world.faulty().fail_appends(FaultyStore::Fault::none);
  const std::vector<Event> recorded = world.poll_at(kGeneralDue);
  EXPECT_EQ((std::vector<ET>{ET::sla_warning, ET::sla_breach}), types_of(recorded));
  EXPECT_EQ(std::optional<Instant>(china_instant(2026, 3, 5, 17, 0)), world.engine().next_wakeup());
  world.expect_history_folds(id);
}

TEST_P(PollStoreFailure, FailureAfterFirstEventKeepsRestDue) {
  World world(GetParam());
  const std::string id = claimed_general(world);
  world.faulty().fail_appends(FaultyStore::Fault::library_error, 1);

  const auto error = capture_error([&] { world.poll_at(kGeneralDue); });

  // The warning went in before the breach failed.
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_EQ(ET::sla_warning, world.history(id).back().type);
  EXPECT_EQ(std::optional<Instant>(kGeneralDue), world.engine().next_wakeup());

  world.faulty().fail_appends(FaultyStore::Fault::none);
  const std::vector<Event> recorded = world.poll_at(kGeneralDue);
  EXPECT_EQ(std::vector<ET>{ET::sla_breach}, types_of(recorded));
  EXPECT_EQ(1U, of_type(world.history(id), ET::sla_warning).size());
  world.expect_history_folds(id);
}

INSTANTIATE_TEST_SUITE_P(Stores, PollStoreFailure, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 9. The log -----------------------------------------------------------------------

std::vector<std::string> lines_containing(const std::vector<std::string>& lines, const std::string& part) {
  std::vector<std::string> found;
  for (const std::string& line : lines) {
    if (contains(line, part)) {
      found.push_back(line);
    }
  }
  return found;
}

using EngineLog = testing::TestWithParam<StoreKind>;

TEST_P(EngineLog, StoreRuntimeErrorLoggedWithoutItsText) {
  World world(GetParam());
  const std::string id = world.register_request(china_instant(2026, 3, 2, 9, 55));
  world.run_at(china_instant(2026, 3, 2, 9, 58), ET::draft, id, kOfficer, draft_payload(Category::general));
  const std::string store_message =
      "duplicate key: requester phone " + kRequester.phone + ", e-mail " + kRequester.email;
  world.faulty().fail_appends(FaultyStore::Fault::runtime_error, 0, store_message);

  try {
    world.run_at(china_instant(2026, 3, 2, 10, 0), ET::approve_dispatch, id, kOfficeLeader);
    ADD_FAILURE() << "approve_dispatch succeeded although the store failed";
  } catch (const Error& error) {
    ADD_FAILURE() << "the store's std::runtime_error became " << error.what();
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(store_message, error.what());
  }

  const std::vector<std::string> failed = lines_containing(world.log(), "failed ");
  ASSERT_EQ(1U, failed.size()) << testing::PrintToString(world.log());
  EXPECT_EQ(0U, failed[0].find("failed approve_dispatch")) << failed[0];
  EXPECT_TRUE(contains(failed[0], id)) << failed[0];
  EXPECT_TRUE(contains(failed[0], kOfficeLeader.id)) << failed[0];
  EXPECT_FALSE(contains(failed[0], "duplicate key")) << failed[0];
  for (const std::string& line : world.log()) {
    for (const std::string& contact : kContactStrings) {
      EXPECT_FALSE(contains(line, contact)) << "log line contains \"" << contact << "\": " << line;
    }
  }
}

TEST_P(EngineLog, UndeliveredNotificationLoggedOnce) {
  World world(GetParam());
  world.notifier().set_failing(true);
  const std::string id = claimed_general(world);
  world.run_at(china_instant(2026, 3, 2, 11, 0), ET::urge, id, kOfficer);
  world.run_at(china_instant(2026, 3, 2, 11, 5), ET::urge, id, kOfficer);
  world.poll_at(kGeneralDue);
  world.poll_at(kGeneralDue + minutes(5));

  // The dispatch notice was tried again by each command and poll since.
  EXPECT_GE(world.notifier().failed_deliveries(), 8);
  std::vector<std::string> undelivered = lines_containing(world.log(), "not delivered");
  ASSERT_EQ(1U, undelivered.size()) << testing::PrintToString(undelivered);
  EXPECT_TRUE(contains(undelivered[0], id + "#")) << undelivered[0];

  world.notifier().set_failing(false);
  world.poll_at(kGeneralDue + minutes(10));
  EXPECT_EQ(0U, world.engine().undelivered_notifications());
  EXPECT_EQ(1U, lines_containing(world.log(), "not delivered").size());

  // A later notification that fails is logged once more, for itself.
  world.notifier().set_failing(true);
  world.run_at(kGeneralDue + minutes(15), ET::urge, id, kOfficer);
  world.run_at(kGeneralDue + minutes(20), ET::urge, id, kOfficer);
  undelivered = lines_containing(world.log(), "not delivered");
  ASSERT_EQ(2U, undelivered.size()) << testing::PrintToString(undelivered);
  EXPECT_NE(undelivered[0], undelivered[1]);
}

INSTANTIATE_TEST_SUITE_P(Stores, EngineLog, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

}  // namespace
