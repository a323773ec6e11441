// Notifications of the engine. The tests cover the claim reminder, the reply
// to send to the requester and the return visit due, with their recipients
// and texts in both languages. They also cover who may receive the
// requester's contact data, and the host's own template texts.
//
// Tests that drive the engine run once on the in-memory store and once on
// a SQLite database, on the built-in calendar at UTC+08:00. Deadlines are
// read from the stored clocks and written with format_china, which does not
// use the library, so a wrong zone or format shows as a text mismatch.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/notification_templates.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "engine_stores.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

// GoogleTest finds these printers by argument-dependent lookup. Internal
// linkage keeps them from clashing with printers of other test files.
namespace jishiban {

static void PrintTo(Role role, std::ostream* out) { *out << to_string(role); }
static void PrintTo(TicketState state, std::ostream* out) { *out << to_string(state); }

}  // namespace jishiban

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
using jishiban::Language;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::NotificationKind;
using jishiban::NotificationTemplates;
using jishiban::Payload;
using jishiban::Requester;
using jishiban::ResultReport;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::Ticket;
using jishiban::TicketState;
using jishiban::TicketStore;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using jishiban_test::format_china;
using std::chrono::minutes;

const std::string kTaxUnit = "区税务局";
const std::string kMarketUnit = "区市场监管局";

const Actor kOfficer{"so-01", "周敏", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-01", "陈刚", Role::office_leader, ""};
const Actor kReviewer{"rv-01", "孙丽", Role::reviewer, ""};
const Actor kCommittee{"cl-01", "赵强", Role::committee_leader, ""};
const Actor kTaxLeader{"ul-tax", "王芳", Role::unit_leader, kTaxUnit};
const Actor kTaxHandler{"hd-tax", "李四", Role::handler, kTaxUnit};

const Requester kRequester{"张三丰", "大连普湾建设有限公司", "大连市金州区金石滩街道黄金路8号", "13812345678",
                           "zhangsanfeng@example.com"};

// The phrase {requester} gives for kRequester, which leaves out the address.
const std::string kRequesterEn = "张三丰, 大连普湾建设有限公司, phone 13812345678, e-mail zhangsanfeng@example.com";
const std::string kRequesterZh = "张三丰（大连普湾建设有限公司），电话 13812345678，邮箱 zhangsanfeng@example.com";

// A Monday in a year with official holiday data.
constexpr Instant kDispatchAt = china_instant(2026, 3, 2, 10, 0);

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Checks both texts for each contact field of kRequester: all present when
// `expected`, none present otherwise. The address is never expected, since
// no built-in text uses it.
void expect_contact_data(const Notification& n, bool expected) {
  for (const std::string* text : {&n.message_en, &n.message_zh}) {
    for (const std::string* field : {&kRequester.name, &kRequester.company, &kRequester.phone, &kRequester.email}) {
      EXPECT_EQ(expected, contains(*text, *field)) << n.id << ": " << *text;
    }
    EXPECT_FALSE(contains(*text, kRequester.address)) << n.id << ": " << *text;
  }
}

Payload text_payload(std::string text) {
  Payload payload;
  payload.text = std::move(text);
  return payload;
}

// --- Fixture ---------------------------------------------------------------------

// An engine on an empty store of the test's kind, the built-in calendar and
// a manual clock. Each helper sets the clock to the instant it is given and
// then runs the command, so a test reads as a timeline.
class NotificationScenario : public testing::TestWithParam<StoreKind> {
 protected:
  NotificationScenario() : clock_(china_instant(2026, 1, 5, 9, 0)) {}

  void SetUp() override { start_engine(EngineOptions{}); }

  void start_engine(EngineOptions options) {
    engine_.reset();
    engine_ = std::make_unique<Engine>(Calendar(), store_, notifier_, clock_, std::move(options));
  }

  Ticket stored(const std::string& id) const {
    const std::optional<Ticket> ticket = store_.load(id);
    if (!ticket) {
      throw std::logic_error("no stored ticket " + id);
    }
    return *ticket;
  }

  Ticket run_at(Instant when, EventType type, const std::string& id, const Actor& actor, Payload payload = {}) {
    clock_.set(when);
    Command command;
    command.type = type;
    command.ticket_id = id;
    command.actor = actor;
    command.payload = std::move(payload);
    return stored(engine_->execute(command).id);
  }

  std::string register_request(Instant at) {
    Payload payload;
    payload.channel = Channel::hotline;
    payload.requester = kRequester;
    payload.content = "咨询新办企业税务登记流程";
    return run_at(at, EventType::register_request, "", kOfficer, payload).id;
  }

  void draft(const std::string& id, Instant at, Category category, std::vector<std::string> assisting = {}) {
    Payload payload;
    payload.category = category;
    payload.lead_unit = kTaxUnit;
    payload.assisting_units = std::move(assisting);
    run_at(at, EventType::draft, id, kOfficer, payload);
  }

  // A hotline request registered 3 minutes before `at`, drafted for the tax
  // bureau 2 minutes before and dispatched at `at`.
  std::string dispatch(Category category, Instant at, std::vector<std::string> assisting = {}) {
    const std::string id = register_request(at - minutes(3));
    draft(id, at - minutes(2), category, std::move(assisting));
    run_at(at, EventType::approve_dispatch, id, kOfficeLeader, text_payload("同意分拨"));
    return id;
  }

  void claim(const std::string& id, Instant at) {
    Payload payload;
    payload.handler_id = kTaxHandler.id;
    payload.handler_name = kTaxHandler.name;
    run_at(at, EventType::claim, id, kTaxLeader, payload);
  }

  // A consultation dispatched at kDispatchAt, claimed, answered, reported and
  // accepted by the reviewer, so it waits for the return visit.
  std::string accepted_consultation() {
    const std::string id = dispatch(Category::consultation, kDispatchAt);
    claim(id, kDispatchAt + minutes(10));
    run_at(kDispatchAt + minutes(20), EventType::answer_consultation, id, kTaxHandler,
           text_payload("请携带营业执照到12号窗口办理。"));
    Payload report;
    report.result = ResultReport{"税务登记咨询", "电话答复", "企业已了解办理流程", {}};
    run_at(kDispatchAt + minutes(30), EventType::report_result, id, kTaxHandler, report);
    run_at(kDispatchAt + minutes(40), EventType::accept_result, id, kReviewer);
    return id;
  }

  Ticket return_visit(const std::string& id, Instant at, Satisfaction satisfaction) {
    Payload payload;
    payload.satisfaction = satisfaction;
    return run_at(at, EventType::return_visit, id, kOfficer, payload);
  }

  std::vector<Event> poll_at(Instant now) {
    clock_.set(now);
    return engine_->poll(now);
  }

  std::vector<Notification> of_kind(NotificationKind kind) const {
    std::vector<Notification> matching;
    for (const auto& n : delivered_) {
      if (n.kind == kind) {
        matching.push_back(n);
      }
    }
    return matching;
  }

  std::string due_text(const std::string& id) const { return format_china(stored(id).handling_clock->due.unix_seconds()); }

  std::unique_ptr<TicketStore> owned_store_ = jishiban_test::make_store(GetParam());
  TicketStore& store_ = *owned_store_;
  std::vector<Notification> delivered_;
  jishiban::CallbackNotifier notifier_{[this](const Notification& n) { delivered_.push_back(n); }};
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
};

using ClaimReminder = NotificationScenario;
using ReplyToRequester = NotificationScenario;
using ReturnVisitDue = NotificationScenario;
using DispatchNotice = NotificationScenario;
using HostTemplates = NotificationScenario;

// --- Claim reminder --------------------------------------------------------------------

TEST_P(ClaimReminder, SentWithHandlingWarningWhileUnclaimed) {
  const std::string id = dispatch(Category::general, kDispatchAt);
  const Ticket dispatched = stored(id);
  const std::string due = format_china(dispatched.handling_clock->due.unix_seconds());
  ASSERT_EQ("2026-03-04T17:00:00+08:00", due);

  const std::vector<Event> recorded = poll_at(dispatched.handling_clock->warning_at);

  ASSERT_EQ(1U, recorded.size());
  ASSERT_EQ(EventType::sla_warning, recorded[0].type);
  const std::string prefix = id + "#" + std::to_string(recorded[0].sequence) + "/";
  const std::vector<Notification> warnings = of_kind(NotificationKind::sla_warning);
  ASSERT_EQ(1U, warnings.size());
  EXPECT_EQ(prefix + "0", warnings[0].id);
  EXPECT_EQ(Role::office_supervisor, warnings[0].recipient_role);

  const std::vector<Notification> reminders = of_kind(NotificationKind::claim_reminder);
  ASSERT_EQ(1U, reminders.size());
  const Notification& reminder = reminders[0];
  EXPECT_EQ(prefix + "1", reminder.id);
  EXPECT_EQ(Role::unit_leader, reminder.recipient_role);
  EXPECT_EQ(kTaxUnit, reminder.recipient_unit);
  EXPECT_EQ(recorded[0].sequence, reminder.sequence);
  EXPECT_EQ("Ticket " + id + " (general) is still waiting for " + kTaxUnit +
                " to claim it. Claim it and name a handler; the reply is due by " + due + ".",
            reminder.message_en);
  EXPECT_EQ("工单 " + id + "（一般类）已分拨至" + kTaxUnit + "，至今尚未认领。请尽快认领并指定经办人，答复期限为 " +
                due + "。",
            reminder.message_zh);
  expect_contact_data(reminder, false);
}

TEST_P(ClaimReminder, NotSentOnceClaimed) {
  const std::string id = dispatch(Category::general, kDispatchAt);
  claim(id, kDispatchAt + minutes(5));

  poll_at(stored(id).handling_clock->warning_at);

  EXPECT_EQ(1U, of_kind(NotificationKind::sla_warning).size());
  EXPECT_TRUE(of_kind(NotificationKind::claim_reminder).empty());
}

TEST_P(ClaimReminder, NotSentWithBreach) {
  const std::string id = dispatch(Category::general, kDispatchAt);

  const std::vector<Event> recorded = poll_at(stored(id).handling_clock->due);

  ASSERT_EQ(2U, recorded.size());
  EXPECT_EQ(1U, of_kind(NotificationKind::claim_reminder).size());
  EXPECT_EQ(2U, of_kind(NotificationKind::sla_breach).size());
}

TEST_P(ClaimReminder, NotRepeatedInOneDispatchRound) {
  const std::string id = dispatch(Category::consultation, kDispatchAt);
  const Instant first_warning = stored(id).handling_clock->warning_at;
  ASSERT_EQ(1U, poll_at(first_warning).size());
  EXPECT_TRUE(poll_at(first_warning + minutes(1)).empty());

  // A longer limit moves the warning later and re-arms it, so the
  // supervisor is warned again, but the unit was reminded already.
  Payload reclassify = text_payload("需多部门核实");
  reclassify.category = Category::general;
  run_at(first_warning + minutes(5), EventType::reclassify, id, kOfficeLeader, reclassify);
  const Instant second_warning = stored(id).handling_clock->warning_at;
  ASSERT_GT(second_warning, first_warning + minutes(5));
  const std::vector<Event> recorded = poll_at(second_warning);

  ASSERT_EQ(1U, recorded.size());
  EXPECT_EQ(EventType::sla_warning, recorded[0].type);
  EXPECT_EQ(2U, of_kind(NotificationKind::sla_warning).size());
  EXPECT_EQ(1U, of_kind(NotificationKind::claim_reminder).size());
}

TEST_P(ClaimReminder, SentAgainAfterNewDispatch) {
  const std::string id = dispatch(Category::consultation, kDispatchAt);
  const Instant warning = stored(id).handling_clock->warning_at;
  poll_at(warning);
  ASSERT_EQ(1U, of_kind(NotificationKind::claim_reminder).size());

  run_at(warning + minutes(5), EventType::return_to_office, id, kTaxLeader, text_payload("不属于本单位职责"));
  draft(id, warning + minutes(10), Category::consultation);
  run_at(warning + minutes(15), EventType::approve_dispatch, id, kOfficeLeader);
  poll_at(stored(id).handling_clock->warning_at);

  EXPECT_EQ(2U, of_kind(NotificationKind::claim_reminder).size());
}

TEST_P(ClaimReminder, SentInRoundAfterRework) {
  // Declined after dispatch without a claim, so rework sends the ticket
  // back to `dispatched` and a new round starts.
  const std::string id = dispatch(Category::consultation, kDispatchAt);
  poll_at(stored(id).handling_clock->warning_at);
  ASSERT_EQ(1U, of_kind(NotificationKind::claim_reminder).size());
  Payload decline = text_payload("依据规定暂时无法办理");
  decline.rule = "第九条";
  const Instant later = stored(id).updated_at + minutes(5);
  run_at(later, EventType::decline_after_dispatch, id, kTaxLeader, decline);
  Payload report;
  report.result = ResultReport{"", "", "已说明", {}};
  run_at(later + minutes(5), EventType::report_result, id, kTaxLeader, report);
  ASSERT_EQ(TicketState::dispatched,
            run_at(later + minutes(10), EventType::request_rework, id, kReviewer, text_payload("请重新研究")).state);

  poll_at(stored(id).handling_clock->warning_at);

  EXPECT_EQ(2U, of_kind(NotificationKind::claim_reminder).size());
}

// --- Reply to the requester --------------------------------------------------------------

TEST_P(ReplyToRequester, ConsultationAnswerGoesToServiceOfficers) {
  const std::string id = dispatch(Category::consultation, kDispatchAt);
  claim(id, kDispatchAt + minutes(10));
  const std::string reply = "请携带营业执照到12号窗口办理。";

  const Ticket replied =
      run_at(kDispatchAt + minutes(20), EventType::answer_consultation, id, kTaxHandler, text_payload(reply));

  const std::vector<Notification> sent = of_kind(NotificationKind::reply_to_requester);
  ASSERT_EQ(1U, sent.size());
  const Notification& n = sent[0];
  EXPECT_EQ(id + "#" + std::to_string(replied.version) + "/0", n.id);
  EXPECT_EQ(Role::service_officer, n.recipient_role);
  EXPECT_TRUE(n.recipient_unit.empty());
  EXPECT_EQ("Ticket " + id + " has its reply. Send it to the requester by phone: " + kRequesterEn +
                ". Reply: " + reply,
            n.message_en);
  EXPECT_EQ("工单 " + id + " 已形成答复意见，请通过电话答复企业联系人：" + kRequesterZh + "。答复内容：" + reply,
            n.message_zh);
  expect_contact_data(n, true);
}

// Every command that sets Ticket::reply sends one notification with it.
TEST_P(ReplyToRequester, EveryReplyPathSendsOne) {
  struct Path {
    const char* name;
    Category category;
    EventType last;
  };
  const Path paths[] = {
      {"general sign-off", Category::general, EventType::sign_general_reply},
      {"difficult plan approval", Category::difficult, EventType::approve_plan},
      {"decline after dispatch", Category::general, EventType::decline_after_dispatch},
      {"explanation of a decline at intake", Category::general, EventType::explain_decline},
  };
  Instant at = kDispatchAt;
  for (const Path& path : paths) {
    SCOPED_TRACE(path.name);
    const std::size_t before = of_kind(NotificationKind::reply_to_requester).size();
    std::string id;
    if (path.last == EventType::explain_decline) {
      id = register_request(at);
      draft(id, at + minutes(1), path.category);
      Payload decline = text_payload("不属于受理范围");
      decline.rule = "第七条";
      run_at(at + minutes(2), EventType::decline_at_intake, id, kOfficeLeader, decline);
      run_at(at + minutes(3), EventType::explain_decline, id, kOfficer, text_payload("该事项请向市级部门反映。"));
    } else {
      id = dispatch(path.category, at);
      claim(id, at + minutes(1));
      if (path.last == EventType::sign_general_reply) {
        run_at(at + minutes(2), EventType::propose_general, id, kTaxHandler, text_payload("拟同意企业申请。"));
        run_at(at + minutes(3), EventType::sign_general_reply, id, kTaxLeader);
      } else if (path.last == EventType::approve_plan) {
        run_at(at + minutes(2), EventType::submit_special_report, id, kTaxLeader, text_payload("专题报告及工作方案"));
        run_at(at + minutes(3), EventType::approve_plan, id, kCommittee);
      } else {
        Payload decline = text_payload("该事项暂时无法办理，原因如下。");
        decline.rule = "第九条";
        run_at(at + minutes(3), EventType::decline_after_dispatch, id, kTaxLeader, decline);
      }
    }
    at += std::chrono::hours(1);

    const Ticket ticket = stored(id);
    const std::vector<Notification> sent = of_kind(NotificationKind::reply_to_requester);
    ASSERT_EQ(before + 1, sent.size());
    const Notification& n = sent.back();
    EXPECT_EQ(id, n.ticket_id);
    EXPECT_EQ(ticket.version, n.sequence);
    EXPECT_EQ(Role::service_officer, n.recipient_role);
    ASSERT_FALSE(ticket.reply.empty());
    EXPECT_TRUE(contains(n.message_en, ticket.reply)) << n.message_en;
    EXPECT_TRUE(contains(n.message_zh, ticket.reply)) << n.message_zh;
    expect_contact_data(n, true);
    if (ticket.declined) {
      EXPECT_TRUE(contains(n.message_en, "cannot be handled under " + ticket.decline_rule)) << n.message_en;
      EXPECT_TRUE(contains(n.message_zh, "依据" + ticket.decline_rule + "不予办理")) << n.message_zh;
    }
  }
}

TEST_P(ReplyToRequester, BracesInReplyStayLiteral) {
  const std::string id = dispatch(Category::consultation, kDispatchAt);
  claim(id, kDispatchAt + minutes(10));

  run_at(kDispatchAt + minutes(20), EventType::answer_consultation, id, kTaxHandler,
         text_payload("模板写法 {ticket} 与 {{ 原样保留"));

  const std::vector<Notification> sent = of_kind(NotificationKind::reply_to_requester);
  ASSERT_EQ(1U, sent.size());
  EXPECT_TRUE(contains(sent[0].message_zh, "答复内容：模板写法 {ticket} 与 {{ 原样保留")) << sent[0].message_zh;
}

// --- Return visit due ----------------------------------------------------------------------

TEST_P(ReturnVisitDue, SentWhenReviewerAccepts) {
  const std::string id = accepted_consultation();

  const std::vector<Notification> sent = of_kind(NotificationKind::return_visit_due);
  ASSERT_EQ(1U, sent.size());
  const Notification& n = sent[0];
  EXPECT_EQ(id + "#" + std::to_string(stored(id).version) + "/0", n.id);
  EXPECT_EQ(Role::service_officer, n.recipient_role);
  EXPECT_EQ("The reviewer accepted the result of ticket " + id + ". Call the requester for the return visit: " +
                kRequesterEn + ". Result: 企业已了解办理流程",
            n.message_en);
  EXPECT_EQ("工单 " + id + " 的办理结果已审核通过，请回访企业联系人：" + kRequesterZh + "。办理结果：企业已了解办理流程",
            n.message_zh);
  expect_contact_data(n, true);
}

TEST_P(ReturnVisitDue, SentAgainWhileAttemptsRemain) {
  const std::string id = accepted_consultation();
  const Instant next_day = china_instant(2026, 3, 3, 10, 0);

  return_visit(id, next_day, Satisfaction::unreachable);
  const Ticket after_second = return_visit(id, next_day + minutes(60), Satisfaction::unreachable);
  ASSERT_EQ(TicketState::awaiting_return_visit, after_second.state);
  const Ticket after_last = return_visit(id, next_day + minutes(120), Satisfaction::unreachable);
  ASSERT_EQ(TicketState::closed, after_last.state);

  // The acceptance sends one, and each of the first two attempts another.
  // The last attempt closes the ticket.
  const std::vector<Notification> sent = of_kind(NotificationKind::return_visit_due);
  ASSERT_EQ(3U, sent.size());
  EXPECT_EQ("The requester of ticket " + id + " could not be reached on return visit 1 of 3. Call again: " +
                kRequesterEn + ". Result: 企业已了解办理流程",
            sent[1].message_en);
  EXPECT_EQ("工单 " + id + " 第 1 次回访未能联系上企业（最多回访 3 次），请再次回访：" + kRequesterZh +
                "。办理结果：企业已了解办理流程",
            sent[1].message_zh);
  EXPECT_TRUE(contains(sent[2].message_en, "return visit 2 of 3")) << sent[2].message_en;
  EXPECT_TRUE(contains(sent[2].message_zh, "第 2 次回访")) << sent[2].message_zh;
  for (const auto& n : sent) {
    EXPECT_EQ(Role::service_officer, n.recipient_role);
    expect_contact_data(n, true);
  }
}

TEST_P(ReturnVisitDue, NotSentWhenDissatisfied) {
  const std::string id = accepted_consultation();

  return_visit(id, china_instant(2026, 3, 3, 10, 0), Satisfaction::dissatisfied);

  EXPECT_EQ(1U, of_kind(NotificationKind::return_visit_due).size());
}

// --- Dispatch notice and contact data ---------------------------------------------------------

TEST_P(DispatchNotice, ContactDataOnlyForLeadUnit) {
  const std::string id = dispatch(Category::general, kDispatchAt, {kMarketUnit});
  const std::string due = due_text(id);

  const std::vector<Notification> sent = of_kind(NotificationKind::dispatched);

  ASSERT_EQ(2U, sent.size());
  EXPECT_EQ(kTaxUnit, sent[0].recipient_unit);
  EXPECT_EQ("Ticket " + id + " (general) was dispatched to " + kTaxUnit +
                " as the lead unit. Claim it and name a handler; the reply is due by " + due +
                ". Requester: " + kRequesterEn + ".",
            sent[0].message_en);
  EXPECT_EQ("工单 " + id + "（一般类）已分拨至" + kTaxUnit + "主办，请及时认领并指定经办人，于 " + due +
                " 前答复企业。企业联系人：" + kRequesterZh + "。",
            sent[0].message_zh);
  expect_contact_data(sent[0], true);

  EXPECT_EQ(kMarketUnit, sent[1].recipient_unit);
  EXPECT_EQ("工单 " + id + "（一般类）已分拨至" + kTaxUnit + "主办，贵单位为协办单位，请于答复期限 " + due +
                " 前提交协办意见。",
            sent[1].message_zh);
  expect_contact_data(sent[1], false);
}

TEST_P(DispatchNotice, EscalationCarriesNoContactData) {
  const std::string id = dispatch(Category::general, kDispatchAt);

  poll_at(stored(id).handling_clock->escalation_at);

  const std::vector<Notification> escalations = of_kind(NotificationKind::sla_escalation);
  ASSERT_EQ(1U, escalations.size());
  EXPECT_EQ(Role::discipline_inspection, escalations[0].recipient_role);
  EXPECT_EQ("工单 " + id + "（承办单位：" + kTaxUnit + "）超期且未获批准延期（办理时限 " + due_text(id) +
                "），已移交纪检工作部。",
            escalations[0].message_zh);
  expect_contact_data(escalations[0], false);
}

// --- Host templates through the engine --------------------------------------------------------

TEST_P(HostTemplates, OverrideReplacesOneLanguage) {
  EngineOptions options;
  options.notification_templates.set("claim_reminder", Language::zh_CN,
                                     "【认领提醒】{unit}：工单 {ticket} 尚未认领，{due} 前须答复。");
  start_engine(std::move(options));
  const std::string id = dispatch(Category::general, kDispatchAt);

  poll_at(stored(id).handling_clock->warning_at);

  const std::vector<Notification> reminders = of_kind(NotificationKind::claim_reminder);
  ASSERT_EQ(1U, reminders.size());
  EXPECT_EQ("【认领提醒】" + kTaxUnit + "：工单 " + id + " 尚未认领，" + due_text(id) + " 前须答复。",
            reminders[0].message_zh);
  EXPECT_TRUE(contains(reminders[0].message_en, "is still waiting for")) << reminders[0].message_en;
}

TEST_P(HostTemplates, ContactPlaceholdersRenderForPermittedRecipient) {
  EngineOptions options;
  options.notification_templates.set("urged", Language::en, "Urge on {ticket}; call {requester_phone}.");
  start_engine(std::move(options));
  const std::string id = dispatch(Category::general, kDispatchAt);

  run_at(kDispatchAt + minutes(30), EventType::urge, id, kOfficeLeader);

  const std::vector<Notification> urges = of_kind(NotificationKind::urged);
  ASSERT_EQ(1U, urges.size());
  EXPECT_EQ("Urge on " + id + "; call 13812345678.", urges[0].message_en);
}

INSTANTIATE_TEST_SUITE_P(Stores, ClaimReminder, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, ReplyToRequester, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, ReturnVisitDue, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, DispatchNotice, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);
INSTANTIATE_TEST_SUITE_P(Stores, HostTemplates, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- Kinds and templates without an engine ----------------------------------------------------

TEST(NotificationKindNames, NewKindsHaveStableNames) {
  EXPECT_EQ("claim_reminder", jishiban::to_string(NotificationKind::claim_reminder));
  EXPECT_EQ("reply_to_requester", jishiban::to_string(NotificationKind::reply_to_requester));
  EXPECT_EQ("return_visit_due", jishiban::to_string(NotificationKind::return_visit_due));
  EXPECT_EQ("unknown", jishiban::to_string(static_cast<NotificationKind>(jishiban::notification_kind_count)));
}

TEST(NotificationKindNames, EveryKindHasTemplate) {
  const std::vector<std::string_view> names = jishiban::notification_template_names();
  std::set<std::string> names_seen;
  for (std::size_t i = 0; i < jishiban::notification_kind_count; ++i) {
    const std::string kind(jishiban::to_string(static_cast<NotificationKind>(i)));
    bool found = false;
    for (const std::string_view name : names) {
      found = found || name == kind || name.substr(0, kind.size() + 1) == kind + ".";
    }
    EXPECT_TRUE(found) << kind << " has no template";
  }
  for (const std::string_view name : names) {
    EXPECT_TRUE(names_seen.insert(std::string(name)).second) << name << " is listed twice";
  }
}

TEST(BuiltInTemplates, PassValidation) {
  for (const std::string_view name : jishiban::notification_template_names()) {
    for (const Language language : {Language::en, Language::zh_CN}) {
      SCOPED_TRACE(std::string(name));
      NotificationTemplates texts;
      const std::optional<Error> error = capture_error(
          [&] { texts.set(name, language, jishiban::default_notification_template(name, language)); });
      EXPECT_FALSE(error.has_value()) << error->what();
    }
  }
}

TEST(BuiltInTemplates, ContactPlaceholdersOnlyWherePermitted) {
  // The templates whose recipients include someone who may not see the
  // requester's contact data.
  const std::set<std::string> restricted = {"dispatched.assisting", "sla_escalation"};
  for (const std::string_view name : jishiban::notification_template_names()) {
    bool accepts_contact = false;
    for (const std::string_view placeholder : jishiban::notification_template_placeholders(name)) {
      accepts_contact = accepts_contact || placeholder.substr(0, 9) == "requester";
    }
    EXPECT_EQ(restricted.count(std::string(name)) == 0, accepts_contact) << name;
  }
}

TEST(TemplateOverride, RejectsContactPlaceholderForAssistingUnits) {
  NotificationTemplates texts;
  for (const char* placeholder : {"{requester}", "{requester_phone}", "{requester_name}", "{requester_address}"}) {
    SCOPED_TRACE(placeholder);
    const std::optional<Error> error =
        capture_error([&] { texts.set("dispatched.assisting", Language::zh_CN, std::string("请联系 ") + placeholder); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_TRUE(contains(error->message(), placeholder)) << error->message();
    EXPECT_TRUE(contains(error->message(), "may not see the requester's contact data")) << error->message();
  }
  const std::optional<Error> escalation =
      capture_error([&] { texts.set("sla_escalation", Language::en, "Escalated: {requester_email}"); });
  ASSERT_TRUE(escalation.has_value());
  EXPECT_TRUE(texts.empty());
}

TEST(TemplateOverride, RejectsMalformedTexts) {
  struct Case {
    const char* name;
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"no_such_template", "x", "unknown notification template"},
      {"urged", "", "is empty"},
      {"urged", "Urge {ticket", "without its '}'"},
      {"urged", "Urge } now", "without its '{'"},
      {"urged", "Urge {due}", "{due}"},
      {"urged", "Urge {tickets}", "{tickets}"},
      {"urged", "Urge\x01 now", "control character"},
      {"urged", "Urge \xff now", "UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    NotificationTemplates texts;
    const std::optional<Error> error = capture_error([&] { texts.set(c.name, Language::en, c.text); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_TRUE(contains(error->message(), c.expected)) << error->message();
  }
  NotificationTemplates texts;
  const std::optional<Error> too_long = capture_error([&] {
    texts.set("urged", Language::en, std::string(jishiban::notification_template_max_bytes + 1, 'a'));
  });
  ASSERT_TRUE(too_long.has_value());
  EXPECT_TRUE(contains(too_long->message(), "longer than")) << too_long->message();
}

// U+0085 (NEL) and U+009B (CSI) are control characters too: a terminal
// may act on them, and escape_html and idempotency keys reject them.
TEST(TemplateOverride, RejectsC1ControlCharacters) {
  for (const char* text : {"Urge \xC2\x85 {ticket}", "Urge \xC2\x9B" "31m {ticket}"}) {
    SCOPED_TRACE(text);
    NotificationTemplates texts;
    const std::optional<Error> error = capture_error([&] { texts.set("urged", Language::en, text); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_TRUE(contains(error->message(), "control character")) << error->message();
  }
}

TEST(TemplateOverride, AcceptsLiteralBraces) {
  NotificationTemplates texts;
  texts.set("urged", Language::en, "{{urgent}} {ticket}");
  ASSERT_NE(nullptr, texts.find("urged", Language::en));
  EXPECT_EQ(nullptr, texts.find("urged", Language::zh_CN));
}

TEST(TemplateFile, ParsesBothLanguages) {
  const NotificationTemplates texts = jishiban::parse_notification_templates(
      R"({"note": "wording of 2026", "urged": {"en": "Urge {ticket}.", "zh": "催办 {ticket}。"},
          "claim_reminder": {"zh": "请认领 {ticket}。"}})",
      "templates.json");

  ASSERT_NE(nullptr, texts.find("urged", Language::en));
  EXPECT_EQ("Urge {ticket}.", *texts.find("urged", Language::en));
  EXPECT_EQ("催办 {ticket}。", *texts.find("urged", Language::zh_CN));
  EXPECT_EQ("请认领 {ticket}。", *texts.find("claim_reminder", Language::zh_CN));
  EXPECT_EQ(nullptr, texts.find("claim_reminder", Language::en));
}

TEST(TemplateFile, RejectsBadEntries) {
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {R"([])", "a JSON object"},
      {R"({"nope": {"en": "x"}})", "unknown notification template"},
      {R"({"urged": "x"})", "an object"},
      {R"({"urged": {"fr": "x"}})", "unknown key"},
      {R"({"urged": {"en": 1}})", "a string"},
      {R"({"dispatched.assisting": {"zh": "{requester}"}})", "{requester}"},
      {R"({"urged": {"en": "a", "en": "b"}})", "duplicate key"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    const std::optional<Error> error =
        capture_error([&] { jishiban::parse_notification_templates(c.json, "templates.json"); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_TRUE(contains(error->message(), "templates.json")) << error->message();
    EXPECT_TRUE(contains(error->message(), c.expected)) << error->message();
  }
}

TEST(TemplateFile, LoadsFromDisk) {
  jishiban_test::TempDir dir;
  const std::string path = dir.file("templates.json");
  {
    std::ofstream out(path);
    out << R"({"returned": {"en": "Returned: {ticket} by {unit}."}})";
  }

  const NotificationTemplates texts = jishiban::load_notification_templates(path);

  ASSERT_NE(nullptr, texts.find("returned", Language::en));
  const std::optional<Error> missing =
      capture_error([&] { jishiban::load_notification_templates(dir.file("missing.json")); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(ErrorCode::io_error, missing->code());
}

}  // namespace
