// Supervision reports built from tickets that the real Engine wrote, on the
// built-in official calendar (UTC+08:00, working hours 08:30-12:00 and
// 13:00-17:00). March 2026 has no holiday, so every weekday is a working day
// of 450 minutes. Expected figures are worked out by hand in the comments of
// ReportScenario::build_march.
//
// The scenario tests run on the in-memory store and on a SQLite database.
// One test recomputes per-unit figures by SQL over the SQLite events table,
// independently of the tickets' snapshots.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/masking.hpp"
#include "engine_stores.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Actor;
using jishiban::Calendar;
using jishiban::Category;
using jishiban::CategoryReport;
using jishiban::Channel;
using jishiban::ChannelReport;
using jishiban::Command;
using jishiban::Engine;
using jishiban::ErrorCode;
using jishiban::EventType;
using jishiban::HandlingStats;
using jishiban::Instant;
using jishiban::Language;
using jishiban::ManualClock;
using jishiban::OverdueTicket;
using jishiban::Payload;
using jishiban::Report;
using jishiban::ReportOptions;
using jishiban::Requester;
using jishiban::ResultReport;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::SlaClockKind;
using jishiban::Ticket;
using jishiban::TicketState;
using jishiban::TicketStore;
using jishiban::UnitReport;
using jishiban::WeekReport;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using std::chrono::minutes;

const std::string kTax = "区税务局";
const std::string kMarket = "区市场监管局";

const Actor kOfficer{"so-01", "周敏", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-01", "陈刚", Role::office_leader, ""};
const Actor kReviewer{"rv-01", "孙丽", Role::reviewer, ""};
const Actor kTaxLeader{"ul-tax", "王芳", Role::unit_leader, kTax};
const Actor kTaxHandler{"hd-tax", "李四", Role::handler, kTax};
const Actor kMarketLeader{"ul-mkt", "赵敏", Role::unit_leader, kMarket};
const Actor kMarketHandler{"hd-mkt", "钱七", Role::handler, kMarket};

// Contact data that no report may contain, in any form.
const Requester kRequester{"欧阳清风", "大连星海湾精密仪器制造有限公司", "大连市甘井子区凌水街道软件园路88号",
                           "13987654321", "ouyang.qingfeng@precision.example.cn"};

// The period of the scenario: ISO weeks 10 and 11 of 2026.
const Instant kFrom = china_instant(2026, 3, 2);
const Instant kTo = china_instant(2026, 3, 16);
const Instant kAsOf = china_instant(2026, 3, 13, 17, 0);

Payload text_payload(std::string text) {
  Payload payload;
  payload.text = std::move(text);
  return payload;
}

Payload draft_payload(Category category, const std::string& unit) {
  Payload payload;
  payload.category = category;
  payload.lead_unit = unit;
  return payload;
}

// An engine on an empty store of the test's kind with a manual clock. Each
// helper sets the clock and runs one command, so a scenario reads as a
// timeline.
class ReportFixture {
 public:
  explicit ReportFixture(TicketStore& store) : store_(store), clock_(china_instant(2026, 3, 1)) {
    engine_ = std::make_unique<Engine>(calendar_, store_, notifier_, clock_);
  }

  Ticket run_at(Instant when, EventType type, const std::string& id, const Actor& actor, Payload payload = {}) {
    clock_.set(when);
    Command command;
    command.type = type;
    command.ticket_id = id;
    command.actor = actor;
    command.payload = std::move(payload);
    const std::string ticket_id = engine_->execute(command).id;
    return *store_.load(ticket_id);
  }

  std::string receive(Instant received, Channel channel, const Requester& requester = kRequester) {
    Payload payload;
    payload.received_at = received;
    payload.channel = channel;
    payload.requester = requester;
    payload.content = "咨询企业开办相关事项";
    return run_at(received, EventType::register_request, "", kOfficer, payload).id;
  }

  void draft_and_dispatch(const std::string& id, Category category, const std::string& unit, Instant drafted,
                          Instant dispatched) {
    run_at(drafted, EventType::draft, id, kOfficer, draft_payload(category, unit));
    run_at(dispatched, EventType::approve_dispatch, id, kOfficeLeader, text_payload("同意分拨"));
  }

  void claim(const std::string& id, const Actor& leader, const Actor& handler, Instant at) {
    Payload payload;
    payload.handler_id = handler.id;
    payload.handler_name = handler.name;
    run_at(at, EventType::claim, id, leader, payload);
  }

  // Reports the result, has it accepted and records a return visit.
  void finish(const std::string& id, const Actor& handler, Instant at, Satisfaction satisfaction) {
    Payload result;
    result.result = ResultReport{"", "", "已答复企业", {}};
    run_at(at, EventType::report_result, id, handler, result);
    run_at(at + minutes(30), EventType::accept_result, id, kReviewer);
    Payload visit;
    visit.satisfaction = satisfaction;
    run_at(at + minutes(60), EventType::return_visit, id, kOfficer, visit);
  }

  // The scenario of March 2026, ticket by ticket.
  void build_march() {
    // T0, Sunday 23:59:59: before the period.
    receive(china_instant(2026, 3, 1, 23, 59, 59), Channel::hotline);

    // T1, hotline at the period's first instant. Dispatched 08:35, 5
    // working minutes after 08:30 (due 08:40, on time). A consultation due
    // Tue 17:00, answered Mon 14:00 (on time): 4.5 working hours after
    // receipt. Return visit: satisfied.
    const std::string t1 = receive(kFrom, Channel::hotline);
    draft_and_dispatch(t1, Category::consultation, kTax, china_instant(2026, 3, 2, 8, 33),
                       china_instant(2026, 3, 2, 8, 35));
    claim(t1, kTaxLeader, kTaxHandler, china_instant(2026, 3, 2, 9, 0));
    run_at(china_instant(2026, 3, 2, 14, 0), EventType::answer_consultation, t1, kTaxHandler,
           text_payload("已电话答复"));
    finish(t1, kTaxHandler, china_instant(2026, 3, 2, 14, 30), Satisfaction::satisfied);

    // T2, e-mail Mon 10:00, dispatched 11:30: 90 working minutes against 60
    // (late). General, due Wed 17:00, replied Thu 10:00 (late): 22.5
    // working hours. Return visit: dissatisfied, which reached the
    // requester.
    const std::string t2 = receive(china_instant(2026, 3, 2, 10, 0), Channel::email);
    draft_and_dispatch(t2, Category::general, kTax, china_instant(2026, 3, 2, 10, 30),
                       china_instant(2026, 3, 2, 11, 30));
    claim(t2, kTaxLeader, kTaxHandler, china_instant(2026, 3, 2, 13, 0));
    run_at(china_instant(2026, 3, 5, 9, 0), EventType::propose_general, t2, kTaxHandler, text_payload("拟同意"));
    run_at(china_instant(2026, 3, 5, 10, 0), EventType::sign_general_reply, t2, kTaxLeader);
    finish(t2, kTaxHandler, china_instant(2026, 3, 5, 10, 30), Satisfaction::dissatisfied);

    // T3, WeChat Tue 09:00, dispatched 09:30 (30 minutes, on time).
    // Difficult, due Fri 03-06 17:00, never replied: overdue by 5 working
    // days, 2250 minutes, at Fri 03-13 17:00.
    const std::string t3 = receive(china_instant(2026, 3, 3, 9, 0), Channel::wechat);
    draft_and_dispatch(t3, Category::difficult, kMarket, china_instant(2026, 3, 3, 9, 10),
                       china_instant(2026, 3, 3, 9, 30));
    claim(t3, kMarketLeader, kMarketHandler, china_instant(2026, 3, 3, 10, 0));

    // T4, hotline Wed 09:00, never drafted: no unit, no category. Its
    // dispatch clock is due 09:10 and overdue by 410 + 450 + 450 + 5 * 450 =
    // 3560 working minutes on 8 working days.
    receive(china_instant(2026, 3, 4, 9, 0), Channel::hotline);

    // T5, hotline Thu 09:00, withdrawn 09:05 before dispatch: closed as
    // cancelled, not judged, not dispatched.
    const std::string t5 = receive(china_instant(2026, 3, 5, 9, 0), Channel::hotline);
    run_at(china_instant(2026, 3, 5, 9, 2), EventType::draft, t5, kOfficer, draft_payload(Category::consultation, kTax));
    run_at(china_instant(2026, 3, 5, 9, 5), EventType::withdraw, t5, kOfficer, text_payload("企业撤回"));

    // T6, e-mail Mon 03-09 09:00, dispatched 09:20 (20 minutes, on time),
    // declined by the unit 10:00: a reply on time, 1 working hour.
    const std::string t6 = receive(china_instant(2026, 3, 9, 9, 0), Channel::email);
    draft_and_dispatch(t6, Category::consultation, kMarket, china_instant(2026, 3, 9, 9, 10),
                       china_instant(2026, 3, 9, 9, 20));
    Payload decline = text_payload("不属于本单位职责");
    decline.rule = "职责清单第3条";
    run_at(china_instant(2026, 3, 9, 10, 0), EventType::decline_after_dispatch, t6, kMarketLeader, decline);

    // T7, hotline Mon 03-09 10:00, dispatched 10:05 (on time). General, due
    // Wed 17:00; an approved extension of 2 days makes it Fri 17:00, and a
    // suspension from Tue 09:00 pauses it before that: not overdue.
    const std::string t7 = receive(china_instant(2026, 3, 9, 10, 0), Channel::hotline);
    draft_and_dispatch(t7, Category::general, kTax, china_instant(2026, 3, 9, 10, 2), china_instant(2026, 3, 9, 10, 5));
    claim(t7, kTaxLeader, kTaxHandler, china_instant(2026, 3, 9, 10, 30));
    Payload extension = text_payload("需要补充材料");
    extension.days = 2;
    run_at(china_instant(2026, 3, 9, 11, 0), EventType::request_extension, t7, kTaxLeader, extension);
    run_at(china_instant(2026, 3, 9, 11, 30), EventType::approve_extension, t7, kOfficeLeader);
    run_at(china_instant(2026, 3, 10, 8, 45), EventType::request_suspension, t7, kTaxLeader,
           text_payload("等待企业补充材料"));
    run_at(china_instant(2026, 3, 10, 9, 0), EventType::approve_suspension, t7, kOfficer);

    // T9, hotline Tue 03-10 09:00, dispatched 09:05 and returned to the
    // office 10:00. Its new dispatch clock is due 10:10 and overdue by
    // 350 + 3 * 450 = 1700 minutes on 4 working days.
    const std::string t9 = receive(china_instant(2026, 3, 10, 9, 0), Channel::hotline);
    draft_and_dispatch(t9, Category::general, kTax, china_instant(2026, 3, 10, 9, 2), china_instant(2026, 3, 10, 9, 5));
    run_at(china_instant(2026, 3, 10, 10, 0), EventType::return_to_office, t9, kTaxLeader, text_payload("非本单位职责"));

    // T8, received exactly at the period's end: in the next period.
    receive(kTo, Channel::hotline);
  }

  const Calendar& calendar() const { return calendar_; }

 private:
  TicketStore& store_;
  Calendar calendar_;
  jishiban::CallbackNotifier notifier_{[](const jishiban::Notification&) {}};
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
};

class ReportScenario : public testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override { fixture_.build_march(); }

  Report build(Instant from = kFrom, Instant to = kTo, std::optional<Instant> as_of = kAsOf) const {
    ReportOptions options;
    options.from = from;
    options.to = to;
    options.as_of = as_of;
    return jishiban::build_report(store_, fixture_.calendar(), options);
  }

  std::unique_ptr<TicketStore> owned_store_ = jishiban_test::make_store(GetParam());
  TicketStore& store_ = *owned_store_;
  ReportFixture fixture_{store_};
};

const UnitReport& unit_row(const Report& report, const std::string& unit) {
  for (const UnitReport& row : report.units) {
    if (row.unit == unit) {
      return row;
    }
  }
  throw std::logic_error("no unit row for \"" + unit + "\"");
}

const ChannelReport& channel_row(const Report& report, Channel channel) {
  for (const ChannelReport& row : report.channels) {
    if (row.channel == channel) {
      return row;
    }
  }
  throw std::logic_error("no channel row");
}

const CategoryReport& category_row(const Report& report, std::optional<Category> category) {
  for (const CategoryReport& row : report.categories) {
    if (row.category == category) {
      return row;
    }
  }
  throw std::logic_error("no category row");
}

// --- Figures --------------------------------------------------------------------

TEST_P(ReportScenario, TotalsCount) {
  const Report report = build();
  const HandlingStats& totals = report.totals;

  EXPECT_EQ(8, totals.received);  // T1-T7 and T9
  EXPECT_EQ(4, totals.closed);    // T1, T2, T6 replied, T5 withdrawn
  EXPECT_EQ(2, totals.closed_on_time);
  EXPECT_EQ(1, totals.closed_late);
  EXPECT_EQ(1, totals.cancelled);
  EXPECT_EQ(3, totals.overdue_now);  // T3, T4, T9
  ASSERT_TRUE(totals.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(2.0 / 3.0, *totals.on_time_rate);
  // Hours to reply 1.0, 4.5 and 22.5.
  ASSERT_TRUE(totals.median_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(4.5, *totals.median_hours_to_reply);
  ASSERT_TRUE(totals.p90_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(4.5 + 0.8 * 18.0, *totals.p90_hours_to_reply);
  EXPECT_EQ(1, totals.returns);
  EXPECT_EQ(1, totals.extensions);
  EXPECT_EQ(1, totals.suspended);
  EXPECT_EQ(1, totals.declined);
  EXPECT_EQ(2, totals.visits_reached);
  EXPECT_EQ(1, totals.visits_satisfied);
  ASSERT_TRUE(totals.satisfaction_rate.has_value());
  EXPECT_DOUBLE_EQ(0.5, *totals.satisfaction_rate);
}

TEST_P(ReportScenario, UnitRows) {
  const Report report = build();
  ASSERT_EQ(3u, report.units.size());
  EXPECT_EQ("", report.units[0].unit);
  EXPECT_EQ(kMarket, report.units[1].unit);  // 市 (U+5E02) sorts before 税 (U+7A0E)
  EXPECT_EQ(kTax, report.units[2].unit);

  const HandlingStats& unassigned = unit_row(report, "").stats;
  EXPECT_EQ(1, unassigned.received);
  EXPECT_EQ(0, unassigned.closed);
  EXPECT_EQ(1, unassigned.overdue_now);
  EXPECT_FALSE(unassigned.on_time_rate.has_value());
  EXPECT_FALSE(unassigned.median_hours_to_reply.has_value());
  EXPECT_FALSE(unassigned.satisfaction_rate.has_value());

  const HandlingStats& market = unit_row(report, kMarket).stats;
  EXPECT_EQ(2, market.received);
  EXPECT_EQ(1, market.closed);
  EXPECT_EQ(1, market.closed_on_time);
  EXPECT_EQ(0, market.closed_late);
  EXPECT_EQ(1, market.overdue_now);
  EXPECT_EQ(1, market.declined);
  ASSERT_TRUE(market.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(1.0, *market.on_time_rate);
  ASSERT_TRUE(market.median_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(1.0, *market.median_hours_to_reply);
  EXPECT_EQ(0, market.visits_reached);
  EXPECT_FALSE(market.satisfaction_rate.has_value());

  const HandlingStats& tax = unit_row(report, kTax).stats;
  EXPECT_EQ(5, tax.received);
  EXPECT_EQ(3, tax.closed);
  EXPECT_EQ(1, tax.closed_on_time);
  EXPECT_EQ(1, tax.closed_late);
  EXPECT_EQ(1, tax.cancelled);
  EXPECT_EQ(1, tax.overdue_now);
  ASSERT_TRUE(tax.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(0.5, *tax.on_time_rate);
  ASSERT_TRUE(tax.median_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(13.5, *tax.median_hours_to_reply);
  ASSERT_TRUE(tax.p90_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(4.5 + 0.9 * 18.0, *tax.p90_hours_to_reply);
  EXPECT_EQ(1, tax.returns);
  EXPECT_EQ(1, tax.extensions);
  EXPECT_EQ(1, tax.suspended);
  EXPECT_EQ(0, tax.declined);
  EXPECT_EQ(2, tax.visits_reached);
  EXPECT_EQ(1, tax.visits_satisfied);
  ASSERT_TRUE(tax.satisfaction_rate.has_value());
  EXPECT_DOUBLE_EQ(0.5, *tax.satisfaction_rate);
}

TEST_P(ReportScenario, ChannelRows) {
  const Report report = build();
  ASSERT_EQ(3u, report.channels.size());

  // T9 was returned and waits for a new dispatch; T5 was withdrawn.
  const ChannelReport& hotline = channel_row(report, Channel::hotline);
  EXPECT_EQ(5, hotline.received);
  EXPECT_EQ(2, hotline.dispatched);
  EXPECT_EQ(2, hotline.dispatched_on_time);
  ASSERT_TRUE(hotline.dispatch_on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(1.0, *hotline.dispatch_on_time_rate);
  ASSERT_TRUE(hotline.median_minutes_to_dispatch.has_value());
  EXPECT_DOUBLE_EQ(5.0, *hotline.median_minutes_to_dispatch);

  const ChannelReport& email = channel_row(report, Channel::email);
  EXPECT_EQ(2, email.received);
  EXPECT_EQ(2, email.dispatched);
  EXPECT_EQ(1, email.dispatched_on_time);
  ASSERT_TRUE(email.dispatch_on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(0.5, *email.dispatch_on_time_rate);
  ASSERT_TRUE(email.median_minutes_to_dispatch.has_value());
  EXPECT_DOUBLE_EQ(55.0, *email.median_minutes_to_dispatch);  // 20 and 90

  const ChannelReport& wechat = channel_row(report, Channel::wechat);
  EXPECT_EQ(1, wechat.received);
  EXPECT_EQ(1, wechat.dispatched);
  EXPECT_EQ(1, wechat.dispatched_on_time);
  ASSERT_TRUE(wechat.median_minutes_to_dispatch.has_value());
  EXPECT_DOUBLE_EQ(30.0, *wechat.median_minutes_to_dispatch);
}

TEST_P(ReportScenario, CategoryRows) {
  const Report report = build();
  ASSERT_EQ(4u, report.categories.size());
  EXPECT_EQ(Category::consultation, report.categories[0].category);
  EXPECT_EQ(Category::general, report.categories[1].category);
  EXPECT_EQ(Category::difficult, report.categories[2].category);
  EXPECT_FALSE(report.categories[3].category.has_value());

  const HandlingStats& consultation = category_row(report, Category::consultation).stats;
  EXPECT_EQ(3, consultation.received);  // T1, T5, T6
  EXPECT_EQ(3, consultation.closed);
  EXPECT_EQ(2, consultation.closed_on_time);
  EXPECT_EQ(1, consultation.cancelled);
  ASSERT_TRUE(consultation.median_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(2.75, *consultation.median_hours_to_reply);
  ASSERT_TRUE(consultation.p90_hours_to_reply.has_value());
  EXPECT_DOUBLE_EQ(1.0 + 0.9 * 3.5, *consultation.p90_hours_to_reply);

  const HandlingStats& general = category_row(report, Category::general).stats;
  EXPECT_EQ(3, general.received);  // T2, T7, T9
  EXPECT_EQ(1, general.closed);
  EXPECT_EQ(1, general.closed_late);
  EXPECT_EQ(1, general.overdue_now);
  ASSERT_TRUE(general.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(0.0, *general.on_time_rate);

  const HandlingStats& difficult = category_row(report, Category::difficult).stats;
  EXPECT_EQ(1, difficult.received);
  EXPECT_EQ(1, difficult.overdue_now);
  EXPECT_FALSE(difficult.on_time_rate.has_value());

  const HandlingStats& uncategorized = category_row(report, std::nullopt).stats;
  EXPECT_EQ(1, uncategorized.received);
  EXPECT_EQ(1, uncategorized.overdue_now);
}

TEST_P(ReportScenario, OverdueList) {
  const Report report = build();
  ASSERT_EQ(3u, report.overdue.size());

  const OverdueTicket& t4 = report.overdue[0];
  EXPECT_EQ("PW2026000005", t4.ticket_id);
  EXPECT_EQ("", t4.unit);
  EXPECT_FALSE(t4.category.has_value());
  EXPECT_EQ(TicketState::registered, t4.state);
  EXPECT_EQ(SlaClockKind::dispatch, t4.clock);
  EXPECT_EQ(china_instant(2026, 3, 4, 9, 10), t4.due);
  EXPECT_EQ(3560, t4.overdue_working_minutes);
  EXPECT_EQ(8, t4.overdue_working_days);

  const OverdueTicket& t3 = report.overdue[1];
  EXPECT_EQ("PW2026000004", t3.ticket_id);
  EXPECT_EQ(kMarket, t3.unit);
  EXPECT_EQ(Category::difficult, t3.category);
  EXPECT_EQ(TicketState::in_progress, t3.state);
  EXPECT_EQ(SlaClockKind::handling, t3.clock);
  EXPECT_EQ(china_instant(2026, 3, 6, 17, 0), t3.due);
  EXPECT_EQ(2250, t3.overdue_working_minutes);
  EXPECT_EQ(5, t3.overdue_working_days);

  const OverdueTicket& t9 = report.overdue[2];
  EXPECT_EQ("PW2026000009", t9.ticket_id);
  EXPECT_EQ(kTax, t9.unit);
  EXPECT_EQ(Category::general, t9.category);
  EXPECT_EQ(TicketState::registered, t9.state);
  EXPECT_EQ(SlaClockKind::dispatch, t9.clock);
  EXPECT_EQ(china_instant(2026, 3, 10, 10, 10), t9.due);
  EXPECT_EQ(1700, t9.overdue_working_minutes);
  EXPECT_EQ(4, t9.overdue_working_days);
}

TEST_P(ReportScenario, WeeklyBuckets) {
  const Report report = build();
  ASSERT_EQ(2u, report.weeks.size());

  const WeekReport& first = report.weeks[0];
  EXPECT_EQ(2026, first.iso_year);
  EXPECT_EQ(10, first.iso_week);
  EXPECT_EQ(china_instant(2026, 3, 2), first.begin);
  EXPECT_EQ(china_instant(2026, 3, 9), first.end);
  EXPECT_EQ(5, first.received);  // T1-T5
  EXPECT_EQ(3, first.closed);    // T1, T2, T5
  EXPECT_EQ(1, first.closed_on_time);
  EXPECT_EQ(1, first.closed_late);
  ASSERT_TRUE(first.on_time_rate.has_value());
  EXPECT_DOUBLE_EQ(0.5, *first.on_time_rate);
  EXPECT_EQ(2, first.overdue_at_end);  // T3 and T4 at Mon 03-09 00:00

  const WeekReport& second = report.weeks[1];
  EXPECT_EQ(11, second.iso_week);
  EXPECT_EQ(3, second.received);  // T6, T7, T9
  EXPECT_EQ(1, second.closed);    // T6
  EXPECT_EQ(1, second.closed_on_time);
  EXPECT_EQ(3, second.overdue_at_end);  // at as_of: T3, T4, T9
}

TEST_P(ReportScenario, TicketAtEndExcluded) {
  // The period's first instant is in (T1) and its end is out (T8).
  const Report report = build();
  EXPECT_EQ(8, report.totals.received);

  // One second more takes T8 in.
  const Report longer = build(kFrom, kTo + std::chrono::seconds(1), kTo);
  EXPECT_EQ(9, longer.totals.received);

  // One second less at the start leaves T1 out and takes T0 in.
  const Report earlier = build(kFrom - std::chrono::seconds(1), kTo, kAsOf);
  EXPECT_EQ(9, earlier.totals.received);
  const Report later = build(kFrom + std::chrono::seconds(1), kTo, kAsOf);
  EXPECT_EQ(7, later.totals.received);
}

TEST_P(ReportScenario, EarlierAsOfRewinds) {
  // Mon 11:15: T1 and T2 are received; T2's dispatch clock, due 11:00 and
  // stopped only at 11:30, counts as running and breached. T1 is not
  // replied yet.
  const Report report = build(kFrom, kTo, china_instant(2026, 3, 2, 11, 15));
  EXPECT_EQ(2, report.totals.received);
  EXPECT_EQ(0, report.totals.closed);
  EXPECT_EQ(1, report.totals.overdue_now);
  ASSERT_EQ(1u, report.overdue.size());
  EXPECT_EQ("PW2026000003", report.overdue[0].ticket_id);
  EXPECT_EQ(SlaClockKind::dispatch, report.overdue[0].clock);
  EXPECT_EQ(15, report.overdue[0].overdue_working_minutes);
  EXPECT_EQ(1, report.overdue[0].overdue_working_days);
  EXPECT_EQ(1, channel_row(report, Channel::hotline).dispatched);
  EXPECT_EQ(0, channel_row(report, Channel::email).dispatched);
  ASSERT_EQ(1u, report.weeks.size());
  EXPECT_EQ(1, report.weeks[0].overdue_at_end);
}

TEST_P(ReportScenario, DefaultAsOfIsEnd) {
  const Report report = build(kFrom, kTo, std::nullopt);
  EXPECT_EQ(kTo, report.as_of);
  EXPECT_EQ(8, report.totals.received);
}

TEST_P(ReportScenario, InvalidOptionsRejected) {
  const auto empty = capture_error([&] { build(kTo, kTo, std::nullopt); });
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, empty->code());
  EXPECT_NE(std::string::npos, empty->message().find("2026-03-16T00:00:00+08:00")) << empty->message();

  const auto early = capture_error([&] { build(kFrom, kTo, kFrom - std::chrono::seconds(1)); });
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, early->code());
  EXPECT_NE(std::string::npos, early->message(Language::zh_CN).find("2026-03-01T23:59:59+08:00"));
}

// --- Renderers ------------------------------------------------------------------

// Every requester string of the scenario, as given and masked.
std::vector<std::string> contact_strings() {
  return {kRequester.name,
          kRequester.company,
          kRequester.address,
          kRequester.phone,
          kRequester.email,
          jishiban::mask_person_name(kRequester.name),
          jishiban::mask_company(kRequester.company),
          jishiban::mask_address(kRequester.address),
          jishiban::mask_phone(kRequester.phone),
          jishiban::mask_email(kRequester.email),
          "欧阳",
          "ouyang",
          "4321",
          "precision.example"};
}

TEST_P(ReportScenario, NoContactDataInAnyFormat) {
  const Report report = build();
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"json", jishiban::report_to_json(report)},
      {"csv en", jishiban::report_to_csv(report, Language::en)},
      {"csv zh", jishiban::report_to_csv(report, Language::zh_CN)},
      {"text en", jishiban::report_to_text(report, Language::en)},
      {"text zh", jishiban::report_to_text(report, Language::zh_CN)},
  };
  for (const auto& output : outputs) {
    ASSERT_FALSE(output.second.empty()) << output.first;
    for (const std::string& contact : contact_strings()) {
      EXPECT_EQ(std::string::npos, output.second.find(contact)) << output.first << " contains " << contact;
    }
  }
}

TEST_P(ReportScenario, JsonFields) {
  const Report report = build();
  const nlohmann::json json = nlohmann::json::parse(jishiban::report_to_json(report));

  EXPECT_EQ("2026-03-02T00:00:00+08:00", json.at("from"));
  EXPECT_EQ("2026-03-16T00:00:00+08:00", json.at("to"));
  EXPECT_EQ("2026-03-13T17:00:00+08:00", json.at("as_of"));
  EXPECT_EQ(8, json.at("totals").at("received"));
  EXPECT_DOUBLE_EQ(2.0 / 3.0, json.at("totals").at("on_time_rate").get<double>());

  const nlohmann::json& unassigned = json.at("units").at(0);
  EXPECT_EQ("", unassigned.at("unit"));
  EXPECT_TRUE(unassigned.at("stats").at("on_time_rate").is_null());
  EXPECT_TRUE(unassigned.at("stats").at("median_hours_to_reply").is_null());
  EXPECT_TRUE(unassigned.at("stats").at("satisfaction_rate").is_null());

  EXPECT_TRUE(json.at("categories").at(3).at("category").is_null());
  EXPECT_EQ("PW2026000005", json.at("overdue").at(0).at("ticket_id"));
  EXPECT_EQ("dispatch", json.at("overdue").at(0).at("clock"));
  EXPECT_EQ("registered", json.at("overdue").at(0).at("state"));
  EXPECT_EQ("2026-W10", json.at("weeks").at(0).at("week"));
  EXPECT_EQ(2, json.at("weeks").at(0).at("overdue_at_end"));
}

// Splits RFC 4180 text into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::string& field = rows.back().back();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      field += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) {
    rows.pop_back();
  }
  return rows;
}

TEST_P(ReportScenario, CsvSections) {
  const Report report = build();
  const std::string text = jishiban::report_to_csv(report, Language::en);
  EXPECT_NE(0, text.compare(0, 3, "\xEF\xBB\xBF")) << "no byte-order mark";
  const auto rows = parse_csv(text);

  // Heading, summary, 3 units, 3 channels, 4 categories, 3 overdue, 2 weeks.
  ASSERT_EQ(1u + 1 + 3 + 3 + 4 + 3 + 2, rows.size());
  for (const auto& row : rows) {
    EXPECT_EQ(rows[0].size(), row.size());
  }
  EXPECT_EQ("Section", rows[0][0]);
  EXPECT_EQ("Summary", rows[1][0]);
  EXPECT_EQ("All", rows[1][1]);
  EXPECT_EQ("8", rows[1][2]);
  EXPECT_EQ("Lead unit", rows[2][0]);
  EXPECT_EQ("(unassigned)", rows[2][1]);
  EXPECT_EQ("Overdue tickets", rows[12][0]);
  EXPECT_EQ("PW2026000005", rows[12][1]);
  EXPECT_EQ("Week", rows[15][0]);
  EXPECT_EQ("2026-W10", rows[15][1]);

  // A ratio without data is an empty field, never 0.
  const auto column = [&](const std::string& heading) {
    for (std::size_t i = 0; i < rows[0].size(); ++i) {
      if (rows[0][i] == heading) {
        return i;
      }
    }
    throw std::logic_error("no column " + heading);
  };
  EXPECT_EQ("", rows[2][column("On-time rate")]);
  EXPECT_EQ("0.5", rows[4][column("On-time rate")]);
  EXPECT_EQ("13.5", rows[4][column("Median hours to reply")]);
}

TEST_P(ReportScenario, TextNoDataDash) {
  const Report report = build();
  const std::string text = jishiban::report_to_text(report, Language::en);
  // The unassigned row: 1 received, 0 closed, no rate, no durations.
  std::istringstream lines(text);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("(unassigned)", 0) == 0 && line.find("—") != std::string::npos) {
      found = true;
      EXPECT_EQ(std::string::npos, line.find("0.0%")) << line;
      EXPECT_EQ(std::string::npos, line.find("nan")) << line;
    }
  }
  EXPECT_TRUE(found) << text;
}

INSTANTIATE_TEST_SUITE_P(Stores, ReportScenario, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// Display columns of `text` in a terminal: 2 for the CJK ranges the reports
// use (CJK punctuation, ideographs, fullwidth forms), 1 for other
// characters.
std::size_t columns(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else if (lead >= 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xC0) {
      length = 2;
      code = lead & 0x1F;
    }
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += (code >= 0x3000 && code <= 0x9FFF) || (code >= 0xFF00 && code <= 0xFF60) ? 2 : 1;
    i += length;
  }
  return width;
}

TEST(ReportText, ChineseColumnsAlign) {
  jishiban::InMemoryStore store;
  ReportFixture fixture(store);
  fixture.build_march();
  ReportOptions options;
  options.from = kFrom;
  options.to = kTo;
  options.as_of = kAsOf;
  const std::string text = jishiban::report_to_text(jishiban::build_report(store, fixture.calendar(), options),
                                                    Language::zh_CN);

  // In every table whose last column is right-aligned, each line is as wide
  // as the rule of dashes under the headings.
  std::istringstream lines(text);
  std::vector<std::string> table;
  std::size_t tables = 0;
  std::string line;
  const auto check = [&] {
    if (table.size() >= 3 && table[1].find_first_not_of('-') == std::string::npos) {
      ++tables;
      for (const std::string& row : table) {
        EXPECT_EQ(table[1].size(), columns(row)) << row;
      }
    }
    table.clear();
  };
  while (std::getline(lines, line)) {
    if (line.empty()) {
      check();
    } else {
      table.push_back(line);
    }
  }
  check();
  EXPECT_EQ(6u, tables) << text;
  EXPECT_NE(std::string::npos, text.find("区市场监管局")) << text;
  EXPECT_NE(std::string::npos, text.find("（未分配）")) << text;
}

TEST(ReportCsv, QuotesSpecialFields) {
  jishiban::InMemoryStore store;
  ReportFixture fixture(store);
  const std::string unit = "Unit \"A\", east";
  const std::string id = fixture.receive(china_instant(2026, 3, 2, 9, 0), Channel::hotline);
  fixture.draft_and_dispatch(id, Category::general, unit, china_instant(2026, 3, 2, 9, 2),
                             china_instant(2026, 3, 2, 9, 5));
  ReportOptions options;
  options.from = kFrom;
  options.to = kTo;
  const std::string text = jishiban::report_to_csv(jishiban::build_report(store, fixture.calendar(), options),
                                                   Language::en);
  EXPECT_NE(std::string::npos, text.find("\"Unit \"\"A\"\", east\"")) << text;
  const auto rows = parse_csv(text);
  bool found = false;
  for (const auto& row : rows) {
    EXPECT_EQ(rows[0].size(), row.size());
    found = found || row[1] == unit;
  }
  EXPECT_TRUE(found);
}

TEST(ReportCsv, UnitNamedLikeFormulaIsText) {
  for (const std::string unit : {"=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3"}) {
    jishiban::InMemoryStore store;
    ReportFixture fixture(store);
    const std::string id = fixture.receive(china_instant(2026, 3, 2, 9, 0), Channel::hotline);
    fixture.draft_and_dispatch(id, Category::general, unit, china_instant(2026, 3, 2, 9, 2),
                               china_instant(2026, 3, 2, 9, 5));
    ReportOptions options;
    options.from = kFrom;
    options.to = kTo;
    const std::string text =
        jishiban::report_to_csv(jishiban::build_report(store, fixture.calendar(), options), Language::en);

    bool found = false;
    for (const auto& row : parse_csv(text)) {
      found = found || row[1] == "'" + unit;
      EXPECT_NE(unit, row[1]);
    }
    EXPECT_TRUE(found) << unit;
  }
}

TEST(ReportEmpty, RatiosAreNoData) {
  jishiban::InMemoryStore store;
  const Calendar calendar;
  ReportOptions options;
  options.from = kFrom;
  options.to = kTo;
  const Report report = jishiban::build_report(store, calendar, options);

  EXPECT_EQ(0, report.totals.received);
  EXPECT_FALSE(report.totals.on_time_rate.has_value());
  EXPECT_FALSE(report.totals.satisfaction_rate.has_value());
  EXPECT_FALSE(report.totals.median_hours_to_reply.has_value());
  EXPECT_TRUE(report.units.empty());
  EXPECT_EQ(3u, report.channels.size());
  EXPECT_EQ(3u, report.categories.size());
  EXPECT_TRUE(report.weeks.empty());

  const nlohmann::json json = nlohmann::json::parse(jishiban::report_to_json(report));
  EXPECT_TRUE(json.at("totals").at("on_time_rate").is_null());
  EXPECT_TRUE(json.at("channels").at(0).at("dispatch_on_time_rate").is_null());
  const std::string text = jishiban::report_to_text(report, Language::zh_CN);
  EXPECT_NE(std::string::npos, text.find("—")) << text;
  EXPECT_NE(std::string::npos, text.find("没有超期工单")) << text;
  EXPECT_EQ(std::string::npos, text.find("nan")) << text;
  EXPECT_EQ(std::string::npos, text.find("0.0%")) << text;
}

// --- for_each_ticket --------------------------------------------------------------

// A store whose scan is the TicketStore default, over find_by_state and
// load.
class DefaultScanStore final : public jishiban_test::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  void for_each_ticket(const std::function<void(const Ticket&)>& visit) const override {
    TicketStore::for_each_ticket(visit);
  }
};

class TicketScan : public testing::TestWithParam<StoreKind> {};

TEST_P(TicketScan, VisitsEachTicketOnce) {
  const std::unique_ptr<TicketStore> store = jishiban_test::make_store(GetParam());
  ReportFixture fixture(*store);
  fixture.build_march();
  const DefaultScanStore default_scan(*store);

  for (const TicketStore* scanned : {static_cast<const TicketStore*>(store.get()),
                                     static_cast<const TicketStore*>(&default_scan)}) {
    // The visitor must not call the store, so the tickets are compared
    // after the scan.
    std::vector<Ticket> seen;
    scanned->for_each_ticket([&](const Ticket& ticket) { seen.push_back(ticket); });
    EXPECT_EQ(store->size(), seen.size());
    std::set<std::string> ids;
    for (const Ticket& ticket : seen) {
      EXPECT_TRUE(ids.insert(ticket.id).second) << ticket.id << " visited twice";
      EXPECT_EQ(*store->load(ticket.id), ticket) << ticket.id;
    }
  }
}

TEST_P(TicketScan, ExceptionEndsScan) {
  const std::unique_ptr<TicketStore> store = jishiban_test::make_store(GetParam());
  ReportFixture fixture(*store);
  fixture.build_march();

  int visits = 0;
  EXPECT_THROW(store->for_each_ticket([&](const Ticket&) {
    ++visits;
    throw std::runtime_error("stop");
  }),
               std::runtime_error);
  EXPECT_EQ(1, visits);

  // The store still works: the scan's transaction or lock was released.
  std::size_t count = 0;
  store->for_each_ticket([&](const Ticket&) { ++count; });
  EXPECT_EQ(store->size(), count);
}

INSTANTIATE_TEST_SUITE_P(Stores, TicketScan, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- Cross-check against the SQLite event log -------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

// Per-unit figures recomputed from the events table alone. The receipt
// comes from the register_request payload and the lead unit from the last
// draft. The reply is the last reply event after the last event that clears
// a round, and each clock is the one the last event computed.
struct SqlFigures {
  std::int64_t received = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t overdue = 0;
};

// Per-ticket facts by SQL. Instants in the payload are RFC 3339 text at
// +08:00, which strftime('%s', ...) turns into Unix seconds.
constexpr const char* kPerTicketSql = R"sql(
WITH
received AS (
  SELECT ticket_id,
         coalesce(CAST(strftime('%s', json_extract(payload, '$.payload.received_at')) AS INTEGER), at) AS received_at
  FROM events WHERE type = 'register_request'),
unit AS (
  SELECT ticket_id, json_extract(payload, '$.payload.lead_unit') AS lead_unit
  FROM events e WHERE type = 'draft'
    AND sequence = (SELECT max(sequence) FROM events d WHERE d.ticket_id = e.ticket_id AND d.type = 'draft')),
round_start AS (
  SELECT ticket_id, max(sequence) AS sequence FROM events
  WHERE type IN ('return_to_office', 'request_rework', 'reopen') GROUP BY ticket_id),
reply AS (
  SELECT e.ticket_id, max(e.at) AS replied_at FROM events e
  LEFT JOIN round_start r ON r.ticket_id = e.ticket_id
  WHERE e.type IN ('answer_consultation', 'sign_general_reply', 'approve_plan', 'decline_after_dispatch',
                   'explain_decline')
    AND e.sequence > coalesce(r.sequence, 0)
  GROUP BY e.ticket_id),
handling AS (
  SELECT ticket_id, json_extract(payload, '$.computed.handling_clock') AS clock FROM events e
  WHERE sequence = (SELECT max(sequence) FROM events h
                    WHERE h.ticket_id = e.ticket_id AND json_extract(h.payload, '$.computed.handling_clock') IS NOT NULL)),
dispatch AS (
  SELECT ticket_id, json_extract(payload, '$.computed.dispatch_clock') AS clock FROM events e
  WHERE sequence = (SELECT max(sequence) FROM events d
                    WHERE d.ticket_id = e.ticket_id AND json_extract(d.payload, '$.computed.dispatch_clock') IS NOT NULL))
SELECT r.ticket_id, r.received_at, coalesce(u.lead_unit, ''), p.replied_at,
       CAST(strftime('%s', json_extract(h.clock, '$.start')) AS INTEGER),
       CAST(strftime('%s', json_extract(h.clock, '$.due')) AS INTEGER),
       CAST(strftime('%s', json_extract(h.clock, '$.stopped_at')) AS INTEGER),
       CAST(strftime('%s', json_extract(h.clock, '$.paused_at')) AS INTEGER),
       CAST(strftime('%s', json_extract(d.clock, '$.start')) AS INTEGER),
       CAST(strftime('%s', json_extract(d.clock, '$.due')) AS INTEGER),
       CAST(strftime('%s', json_extract(d.clock, '$.stopped_at')) AS INTEGER),
       CAST(strftime('%s', json_extract(d.clock, '$.paused_at')) AS INTEGER)
FROM received r
LEFT JOIN unit u ON u.ticket_id = r.ticket_id
LEFT JOIN reply p ON p.ticket_id = r.ticket_id
LEFT JOIN handling h ON h.ticket_id = r.ticket_id
LEFT JOIN dispatch d ON d.ticket_id = r.ticket_id
)sql";

std::optional<std::int64_t> column_integer(sqlite3_stmt* statement, int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) {
    return std::nullopt;
  }
  return sqlite3_column_int64(statement, column);
}

// Whether a clock read by SQL is running and breached at `at`, by the rule
// SlaClock::status states: stopped clocks are not, a paused clock is judged
// at its pause.
bool sql_breached(const std::optional<std::int64_t>& start, const std::optional<std::int64_t>& due,
                  const std::optional<std::int64_t>& stopped, const std::optional<std::int64_t>& paused,
                  std::int64_t at) {
  if (!start || !due || *start > at || (stopped && *stopped <= at)) {
    return false;
  }
  const std::int64_t judged = paused && *paused < at ? *paused : at;
  return judged >= *due;
}

std::map<std::string, SqlFigures> figures_by_sql(const std::string& path, Instant from, Instant to, Instant as_of) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path);
  }
  const std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), kPerTicketSql, -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot prepare the query: ") + sqlite3_errmsg(db.get()));
  }
  std::map<std::string, SqlFigures> figures;
  int code = SQLITE_OK;
  while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
    const std::int64_t received_at = sqlite3_column_int64(statement, 1);
    if (received_at < from.unix_seconds() || received_at >= to.unix_seconds() ||
        received_at > as_of.unix_seconds()) {
      continue;
    }
    const std::string unit(reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)));
    SqlFigures& row = figures[unit];
    row.received += 1;

    const std::optional<std::int64_t> replied_at = column_integer(statement, 3);
    const std::optional<std::int64_t> handling_due = column_integer(statement, 5);
    const std::optional<std::int64_t> handling_stopped = column_integer(statement, 6);
    if (replied_at && *replied_at <= as_of.unix_seconds() && handling_stopped) {
      (*handling_stopped < *handling_due ? row.on_time : row.late) += 1;
    }
    const bool handling_breached = sql_breached(column_integer(statement, 4), handling_due, handling_stopped,
                                                column_integer(statement, 7), as_of.unix_seconds());
    const bool dispatch_breached =
        sql_breached(column_integer(statement, 8), column_integer(statement, 9), column_integer(statement, 10),
                     column_integer(statement, 11), as_of.unix_seconds());
    if (handling_breached || dispatch_breached) {
      row.overdue += 1;
    }
  }
  const std::string error = sqlite3_errmsg(db.get());
  sqlite3_finalize(statement);
  if (code != SQLITE_DONE) {
    throw std::runtime_error("the query failed: " + error);
  }
  return figures;
}

// 120 tickets with random paths through the workflow: dispatched on time
// or late, replied on time or late or not at all, returned, withdrawn,
// suspended or left waiting. They go to two units or stay undrafted, and
// arrive over 24 working days from Mon 2026-03-02.
void build_random_tickets(ReportFixture& fixture, std::uint32_t seed) {
  std::mt19937 random(seed);
  const auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  const std::vector<std::pair<Actor, Actor>> units = {{kTaxLeader, kTaxHandler}, {kMarketLeader, kMarketHandler}};
  const Calendar& calendar = fixture.calendar();

  for (int i = 0; i < 120; ++i) {
    // A working instant in the 24 working days from Mon 2026-03-02.
    const auto offset = std::chrono::minutes(random() % (24 * 450));
    Instant at = calendar.add_working_time(china_instant(2026, 3, 2, 8, 30), offset).value;
    const auto step = [&](int working_minutes) {
      at = calendar.add_working_time(at, std::chrono::minutes(working_minutes)).value;
      return at;
    };
    const Channel channel = static_cast<Channel>(random() % 3);
    const std::string id = fixture.receive(at, channel);
    if (chance(10)) {
      continue;  // never drafted
    }
    const auto& unit = units[random() % units.size()];
    const Category category = static_cast<Category>(random() % 2);  // consultation or general
    fixture.draft_and_dispatch(id, category, unit.first.unit, step(1), step(chance(70) ? 3 : 80));
    if (chance(10)) {
      fixture.run_at(step(30), EventType::return_to_office, id, unit.first, text_payload("非本单位职责"));
      continue;
    }
    if (chance(5)) {
      fixture.run_at(step(30), EventType::withdraw, id, kOfficer, text_payload("企业撤回"));
      continue;
    }
    fixture.claim(id, unit.first, unit.second, step(10));
    if (chance(10)) {
      fixture.run_at(step(20), EventType::request_suspension, id, unit.first, text_payload("等待材料"));
      fixture.run_at(step(20), EventType::approve_suspension, id, kOfficer);
      continue;
    }
    if (chance(30)) {
      continue;  // still in progress
    }
    const int handling_minutes = chance(60) ? 200 : 1500;
    if (category == Category::consultation) {
      fixture.run_at(step(handling_minutes), EventType::answer_consultation, id, unit.second, text_payload("已答复"));
    } else {
      fixture.run_at(step(handling_minutes / 2), EventType::propose_general, id, unit.second, text_payload("拟答复"));
      fixture.run_at(step(handling_minutes / 2), EventType::sign_general_reply, id, unit.first);
    }
    if (chance(50)) {
      fixture.finish(id, unit.second, step(30), chance(80) ? Satisfaction::satisfied : Satisfaction::dissatisfied);
    }
  }
}

TEST(ReportSqlCheck, UnitFiguresMatchEventLog) {
  jishiban_test::TempDir folder;
  const std::string path = folder.file("report.db");
  jishiban::SqliteOptions options;
  options.synchronous = jishiban::Synchronous::off;
  jishiban::SqliteStore store(path, options);
  ReportFixture fixture(store);
  fixture.build_march();
  build_random_tickets(fixture, 20260302);

  // The whole span, the scenario's period with its as_of, and a mid-period
  // instant that rewinds replies and clocks.
  const std::vector<std::pair<Instant, Instant>> periods = {
      {kFrom, china_instant(2026, 4, 20)}, {kFrom, kTo}, {china_instant(2026, 3, 9), china_instant(2026, 4, 6)}};
  const std::vector<Instant> as_ofs = {kAsOf, china_instant(2026, 3, 20, 11, 0), china_instant(2026, 4, 20)};
  for (const auto& period : periods) {
    for (const Instant as_of : as_ofs) {
      if (as_of < period.first) {
        continue;
      }
      ReportOptions report_options;
      report_options.from = period.first;
      report_options.to = period.second;
      report_options.as_of = as_of;
      const Report report = jishiban::build_report(store, fixture.calendar(), report_options);
      const std::map<std::string, SqlFigures> expected = figures_by_sql(path, period.first, period.second, as_of);

      const std::string where = "period " + jishiban::format_instant(period.first, report.zone) + " to " +
                                jishiban::format_instant(period.second, report.zone) + ", as of " +
                                jishiban::format_instant(as_of, report.zone);
      ASSERT_EQ(expected.size(), report.units.size()) << where;
      std::int64_t overdue = 0;
      for (const UnitReport& row : report.units) {
        const auto found = expected.find(row.unit);
        ASSERT_NE(expected.end(), found) << where << ": unit " << row.unit;
        EXPECT_EQ(found->second.received, row.stats.received) << where << ": unit " << row.unit;
        EXPECT_EQ(found->second.on_time, row.stats.closed_on_time) << where << ": unit " << row.unit;
        EXPECT_EQ(found->second.late, row.stats.closed_late) << where << ": unit " << row.unit;
        EXPECT_EQ(found->second.overdue, row.stats.overdue_now) << where << ": unit " << row.unit;
        overdue += found->second.overdue;
      }
      EXPECT_EQ(overdue, static_cast<std::int64_t>(report.overdue.size())) << where;
    }
  }
}

}  // namespace
