// Replacing the engine's calendar: provisional deadlines computed on the
// weekly pattern are recomputed once the next year's data is loaded. Every
// test runs on the in-memory store and on a SQLite database.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/history.hpp"
#include "engine_stores.hpp"

namespace {

using namespace jishiban;
using jishiban_test::StoreKind;

Instant china(const char* text) { return parse_instant(text, UtcOffset::china()); }

// A notice for 2027 written for this test: New Year's Day on Friday Jan 1
// with Jan 2-3 off. Only its first days matter here.
constexpr const char* kTestNotice2027 = R"({
  "years": [2027],
  "holidays": {
    "2027-01-01": {"en": "New Year's Day", "zh": "元旦"},
    "2027-01-02": {"en": "New Year's Day", "zh": "元旦"},
    "2027-01-03": {"en": "New Year's Day", "zh": "元旦"}
  }
})";

Calendar calendar_with_2027() {
  CalendarData data = official_calendar_data();
  data.merge(parse_calendar_data(kTestNotice2027, "test notice 2027"));
  return Calendar(data, CalendarOptions{CoveragePolicy::provisional, 4});
}

class EngineCalendarReplacement : public ::testing::TestWithParam<StoreKind> {
 protected:
  EngineCalendarReplacement()
      : clock_(china("2026-12-28T09:00")),
        notifier_([](const Notification&) {}),
        engine_(Calendar(CalendarOptions{CoveragePolicy::provisional, 4}), store_, notifier_, clock_) {}

  // Registers a request and dispatches it at `dispatched` as `category`.
  std::string dispatch(Category category, const char* dispatched) {
    Command registration;
    registration.type = EventType::register_request;
    registration.actor = officer_;
    registration.payload.channel = Channel::email;
    registration.payload.requester = Requester{"企业联系人", "", "", "13800000000", ""};
    registration.payload.content = "年底前办理厂房验收";
    const std::string id = engine_.execute(registration).id;

    Command draft;
    draft.type = EventType::draft;
    draft.ticket_id = id;
    draft.actor = officer_;
    draft.payload.category = category;
    draft.payload.lead_unit = "区建设局";
    engine_.execute(draft);

    clock_.set(china(dispatched));
    Command approve;
    approve.type = EventType::approve_dispatch;
    approve.ticket_id = id;
    approve.actor = Actor{"ol1", "主任", Role::office_leader, ""};
    engine_.execute(approve);
    return id;
  }

  ManualClock clock_;
  CallbackNotifier notifier_;
  std::unique_ptr<TicketStore> owned_store_ = jishiban_test::make_store(GetParam());
  TicketStore& store_ = *owned_store_;
  Engine engine_;
  const Actor officer_{"so1", "服务员", Role::service_officer, ""};
};

TEST_P(EngineCalendarReplacement, RecomputesProvisionalDeadline) {
  const std::string id = dispatch(Category::difficult, "2026-12-30T10:00");
  const Ticket before = *store_.load(id);
  ASSERT_TRUE(before.handling_clock->provisional);
  // Weekly pattern: Dec 31, Jan 1 and Jan 4 are the three working days.
  EXPECT_EQ(china("2027-01-04T17:00"), before.handling_clock->due);

  clock_.set(china("2026-12-30T11:00"));
  const std::vector<Event> recorded = engine_.replace_calendar(calendar_with_2027());

  ASSERT_EQ(1U, recorded.size());
  EXPECT_EQ(EventType::deadline_recomputed, recorded[0].type);
  EXPECT_EQ(id, recorded[0].ticket_id);
  const Ticket after = *store_.load(id);
  // With Jan 1 a holiday: Dec 31, Jan 4 and Jan 5.
  EXPECT_EQ(china("2027-01-05T17:00"), after.handling_clock->due);
  EXPECT_FALSE(after.handling_clock->provisional);
  EXPECT_EQ(before.version + 1, after.version);
  EXPECT_EQ(after, fold(store_.history(id)));
}

TEST_P(EngineCalendarReplacement, LeavesCoveredDeadlinesAlone) {
  const std::string id = dispatch(Category::consultation, "2026-12-28T10:00");
  const Ticket before = *store_.load(id);
  ASSERT_FALSE(before.handling_clock->provisional);

  EXPECT_TRUE(engine_.replace_calendar(calendar_with_2027()).empty());
  EXPECT_EQ(before, *store_.load(id));
}

TEST_P(EngineCalendarReplacement, LaterCommandsUseTheNewCalendar) {
  engine_.replace_calendar(calendar_with_2027());
  const std::string id = dispatch(Category::difficult, "2026-12-30T10:00");
  const Ticket ticket = *store_.load(id);
  EXPECT_EQ(china("2027-01-05T17:00"), ticket.handling_clock->due);
  EXPECT_FALSE(ticket.handling_clock->provisional);
}

TEST_P(EngineCalendarReplacement, WakesAtTheRecomputedDeadline) {
  const std::string id = dispatch(Category::difficult, "2026-12-30T10:00");
  engine_.replace_calendar(calendar_with_2027());

  // Warnings come first; polling past them leaves the breach at the new due.
  engine_.poll(china("2027-01-05T16:59:59"));
  ASSERT_TRUE(engine_.next_wakeup().has_value());
  EXPECT_EQ(china("2027-01-05T17:00"), *engine_.next_wakeup());
  const std::vector<Event> breach = engine_.poll(china("2027-01-05T17:00"));
  ASSERT_EQ(1U, breach.size());
  EXPECT_EQ(EventType::sla_breach, breach[0].type);
  EXPECT_EQ(id, breach[0].ticket_id);
}

INSTANTIATE_TEST_SUITE_P(Stores, EngineCalendarReplacement, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

}  // namespace
