// Engine tables: every command in every ticket state against the transition
// table of src/workflow/machine.cpp, every role and unit against the
// authorization matrix of src/workflow/authorization.cpp, and which actors
// see the requester's contact data.
//
// Each case runs on a fresh store and Engine on the built-in calendar, and
// every test that drives the engine runs once on the in-memory store and
// once on a SQLite database. The ticket is brought to its state through the
// engine by authorized actors, so it is a ticket the engine could really
// hold. Every log line, notification and error message of every case is
// checked for the requester's contact data, which only notifications to
// office roles and to the lead unit's leader may carry.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/authorization.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/history.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/ticket.hpp"
#include "jishiban/workflow/ticket_state.hpp"
#include "engine_stores.hpp"
#include "test_support.hpp"

namespace {

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
using jishiban::Instant;
using jishiban::Language;
using jishiban::ManualClock;
using jishiban::Notification;
using jishiban::Payload;
using jishiban::Requester;
using jishiban::ResultReport;
using jishiban::Role;
using jishiban::Satisfaction;
using jishiban::Ticket;
using jishiban::TicketStore;
using jishiban_test::StoreKind;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using ET = jishiban::EventType;
using TS = jishiban::TicketState;

// --- Units, people and the requester ------------------------------------------

const std::string kLeadUnit = "区税务局";
// Gives its opinion right after dispatch in every fixture.
const std::string kAssistingUnitA = "区市场监管局";
// Has not given its opinion in most fixtures, so it can still submit one.
const std::string kAssistingUnitB = "自然资源分局";
const std::string kOtherUnit = "区教育局";

const Actor kOfficer{"so-1", "企业服务员甲", Role::service_officer, ""};
const Actor kOfficeLeader{"ol-1", "办公室主任", Role::office_leader, ""};
const Actor kSupervisor{"sv-1", "督办员", Role::office_supervisor, ""};
const Actor kReviewer{"rv-1", "审核员", Role::reviewer, ""};
const Actor kCommitteeLeader{"cl-1", "管委会副主任", Role::committee_leader, ""};
const Actor kDiscipline{"di-1", "纪检干部", Role::discipline_inspection, ""};
const Actor kReportViewer{"rp-1", "报表查看员", Role::report_viewer, ""};
const Actor kLeadLeader{"ul-lead", "税务局局长", Role::unit_leader, kLeadUnit};
const Actor kNamedHandler{"h-lead", "税务局经办人", Role::handler, kLeadUnit};
const Actor kUnnamedHandler{"h-lead-2", "税务局另一经办人", Role::handler, kLeadUnit};
const Actor kAssistingLeaderA{"ul-a", "市场监管局局长", Role::unit_leader, kAssistingUnitA};
const Actor kAssistingLeaderB{"ul-b", "自然资源分局局长", Role::unit_leader, kAssistingUnitB};
const Actor kAssistingHandlerB{"h-b", "自然资源分局经办人", Role::handler, kAssistingUnitB};
const Actor kOtherLeader{"ul-other", "教育局局长", Role::unit_leader, kOtherUnit};
const Actor kOtherHandler{"h-other", "教育局经办人", Role::handler, kOtherUnit};
// Same id as the named handler, but of another unit.
const Actor kOtherHandlerSameId{"h-lead", "教育局同号经办人", Role::handler, kOtherUnit};
const Actor kLeaderWithoutUnit{"ul-none", "无单位领导", Role::unit_leader, ""};
// Same id as the named handler, but with no unit.
const Actor kHandlerWithoutUnit{"h-lead", "无单位经办人", Role::handler, ""};

const Requester kRequester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区金石滩街道黄金路88号",
                           "13812345678", "pw123@163.com"};
const std::vector<std::string> kContactStrings = {kRequester.name, kRequester.company, kRequester.address,
                                                  kRequester.phone, kRequester.email};

// A Monday in a year with official holiday data.
constexpr Instant kStart = china_instant(2026, 3, 2, 9, 0, 0);
// How far the clock moves before each command.
constexpr std::chrono::minutes kStep{5};

const Calendar& official_calendar() {
  static const Calendar calendar;
  return calendar;
}

std::string name_of(TS state) { return std::string(jishiban::to_string(state)); }
std::string name_of(ET type) { return std::string(jishiban::to_string(type)); }
std::string name_of(Role role) { return std::string(jishiban::to_string(role)); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect_no_contact_data(const std::string& text, const std::string& where) {
  for (const auto& contact : kContactStrings) {
    EXPECT_FALSE(contains(text, contact)) << where << " contains \"" << contact << "\": " << text;
  }
}

void expect_all_contact_data(const std::string& text, const std::string& where) {
  for (const auto& contact : kContactStrings) {
    EXPECT_TRUE(contains(text, contact)) << where << " lacks \"" << contact << "\": " << text;
  }
}

// --- Commands -------------------------------------------------------------------

// What a fixture ticket looks like besides its state, so the guards of the
// command under test pass wherever the state allows it.
struct FixtureSetup {
  Category category = Category::general;
  // Whether a service officer overrides the missing opinion of unit B right
  // after the claim. Without an override, unit B gives its opinion before a
  // reply instead.
  bool override_assisting = true;
  // A suspension request, or a 2-day extension request, waiting for the
  // office at the end of handling.
  bool suspension_requested = false;
  bool extension_requested = false;
  // The return visit found the requester dissatisfied.
  bool last_visit_dissatisfied = false;
};

Category other_category(Category category) {
  return category == Category::general ? Category::consultation : Category::general;
}

// A valid payload for `type`: every required field and nothing else that
// the type does not read.
Payload payload_for(ET type, const FixtureSetup& setup, const std::string& duplicate_of) {
  Payload p;
  switch (type) {
    case ET::register_request:
      p.channel = Channel::hotline;
      p.requester = kRequester;
      p.content = "申请办理企业登记地址变更";
      break;
    case ET::draft:
      p.category = setup.category;
      p.lead_unit = kLeadUnit;
      p.assisting_units = {kAssistingUnitA, kAssistingUnitB};
      p.proposed_handling = "请税务局牵头办理";
      break;
    case ET::approve_dispatch:
      p.text = "同意分拨";
      break;
    case ET::send_back:
      p.text = "请补充拟办意见";
      break;
    case ET::decline_at_intake:
    case ET::decline_after_dispatch:
      p.text = "该诉求不属于受理范围";
      p.rule = "受理办法第七条";
      break;
    case ET::explain_decline:
      p.text = "已向企业说明不予受理的理由";
      break;
    case ET::claim:
      p.handler_id = kNamedHandler.id;
      p.handler_name = kNamedHandler.name;
      p.text = "请经办人办理";
      break;
    case ET::return_to_office:
      p.text = "不属于本单位职责";
      break;
    case ET::record_first_contact:
      p.text = "已电话联系企业";
      break;
    case ET::answer_consultation:
      p.text = "咨询答复内容";
      break;
    case ET::propose_general:
      p.text = "一般类拟办意见";
      break;
    case ET::sign_general_reply:
      p.text = "同意答复";
      break;
    case ET::submit_special_report:
      p.text = "专题报告及工作方案";
      break;
    case ET::approve_plan:
      p.text = "同意方案";
      break;
    case ET::revise_plan:
      p.text = "请修改方案";
      break;
    case ET::submit_assisting_opinion:
      p.text = "协办意见";
      break;
    case ET::override_assisting:
      p.text = "协办单位逾期未反馈，决定先行答复";
      break;
    case ET::request_extension:
      p.days = 2;
      p.text = "需要现场核查";
      break;
    case ET::approve_extension:
    case ET::reject_extension:
    case ET::approve_suspension:
    case ET::reject_suspension:
    case ET::resume:
    case ET::urge:
    case ET::accept_result:
      p.text = "意见";
      break;
    case ET::request_suspension:
      p.text = "等待企业补充材料";
      break;
    case ET::reclassify:
      p.category = other_category(setup.category);
      p.text = "调整类别";
      break;
    case ET::report_result:
      p.result = ResultReport{"地址变更", "现场核查后办理", "已办结", {}};
      break;
    case ET::request_rework:
      p.text = "结果不完整，请重办";
      break;
    case ET::return_visit:
      p.satisfaction = Satisfaction::satisfied;
      p.text = "企业表示满意";
      break;
    case ET::reopen:
      p.text = "企业不满意，重新办理";
      break;
    case ET::close_with_note:
      p.text = "已说明政策依据，予以办结";
      break;
    case ET::withdraw:
      p.text = "企业撤回诉求";
      break;
    case ET::merge_duplicate:
      p.duplicate_of = duplicate_of;
      p.text = "重复件";
      break;
    case ET::archive:
    case ET::sla_warning:
    case ET::sla_breach:
    case ET::sla_escalation:
    case ET::deadline_recomputed:
      break;
  }
  return p;
}

// An actor whose role and unit allow the command on the fixture tickets.
const Actor& authorized_actor(ET type) {
  switch (type) {
    case ET::register_request:
    case ET::draft:
    case ET::explain_decline:
    case ET::override_assisting:
    case ET::approve_suspension:
    case ET::reject_suspension:
    case ET::resume:
    case ET::urge:
    case ET::return_visit:
    case ET::reopen:
    case ET::close_with_note:
    case ET::withdraw:
    case ET::merge_duplicate:
    case ET::archive:
      return kOfficer;
    case ET::approve_dispatch:
    case ET::send_back:
    case ET::decline_at_intake:
    case ET::approve_extension:
    case ET::reject_extension:
    case ET::reclassify:
      return kOfficeLeader;
    case ET::claim:
    case ET::return_to_office:
    case ET::sign_general_reply:
    case ET::submit_special_report:
    case ET::decline_after_dispatch:
    case ET::request_extension:
    case ET::request_suspension:
    case ET::report_result:
      return kLeadLeader;
    case ET::record_first_contact:
    case ET::answer_consultation:
    case ET::propose_general:
      return kNamedHandler;
    case ET::approve_plan:
    case ET::revise_plan:
      return kCommitteeLeader;
    case ET::submit_assisting_opinion:
      return kAssistingLeaderB;
    case ET::accept_result:
    case ET::request_rework:
      return kReviewer;
    case ET::sla_warning:
    case ET::sla_breach:
    case ET::sla_escalation:
    case ET::deadline_recomputed:
      return kSupervisor;
  }
  return kOfficer;
}

Command make_command(ET type, const std::string& ticket_id, const Actor& actor, Payload payload) {
  Command command;
  command.type = type;
  command.ticket_id = ticket_id;
  command.actor = actor;
  command.payload = std::move(payload);
  return command;
}

// --- The world a case runs in ---------------------------------------------------

// One store of the given kind and an engine on the built-in calendar. The
// manual clock moves kStep before each command. Log lines, notifications
// and the messages of rejected commands are kept for the contact-data
// checks.
class World {
 public:
  explicit World(StoreKind store_kind)
      : owned_store_(jishiban_test::make_store(store_kind)),
        notifier_([this](const Notification& n) { notifications_.push_back(n); }),
        engine_(official_calendar(), store_, notifier_, clock_, options()) {
    merge_target_ = register_request();
  }

  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Engine& engine() { return engine_; }
  const TicketStore& store() const { return store_; }

  // A registered ticket that merge_duplicate commands name.
  const std::string& merge_target() const { return merge_target_; }

  Ticket execute(const Command& command) {
    clock_.advance(kStep);
    try {
      return engine_.execute(command);
    } catch (const Error& error) {
      errors_.push_back(error.message(Language::en));
      errors_.push_back(error.message(Language::zh_CN));
      errors_.push_back(error.what());
      throw;
    }
  }

  std::optional<Error> attempt(const Command& command) {
    return capture_error([&] { execute(command); });
  }

  // Runs `type` by its authorized actor with the payload for `setup`.
  Ticket issue(ET type, const std::string& ticket_id, const FixtureSetup& setup) {
    return execute(make_command(type, ticket_id, authorized_actor(type), payload_for(type, setup, merge_target_)));
  }

  Ticket issue_as(const Actor& actor, ET type, const std::string& ticket_id, const FixtureSetup& setup) {
    return execute(make_command(type, ticket_id, actor, payload_for(type, setup, merge_target_)));
  }

  std::string register_request() {
    return execute(make_command(ET::register_request, "", kOfficer, payload_for(ET::register_request, {}, "")))
        .id;
  }

  Ticket stored(const std::string& ticket_id) const { return store_.load(ticket_id).value(); }
  std::vector<Event> events(const std::string& ticket_id) const { return store_.history(ticket_id); }

  // Checks that no log line, error message or notification so far contains
  // the requester's contact data, except notifications to office roles and
  // to the leader of the ticket's lead unit, who may see it.
  void expect_no_contact_data_leak() const {
    for (const auto& line : log_) {
      expect_no_contact_data(line, "log line");
    }
    for (const auto& message : errors_) {
      expect_no_contact_data(message, "error message");
    }
    for (const auto& n : notifications_) {
      const bool lead_unit = n.recipient_role == Role::unit_leader &&
                             n.recipient_unit == store_.load(n.ticket_id).value().lead_unit;
      if (jishiban::is_office_role(n.recipient_role) || lead_unit) {
        continue;
      }
      expect_no_contact_data(n.message_en, "notification " + n.id);
      expect_no_contact_data(n.message_zh, "notification " + n.id);
    }
  }

  std::size_t log_line_count() const { return log_.size(); }
  std::size_t error_message_count() const { return errors_.size(); }

 private:
  EngineOptions options() {
    EngineOptions options;
    options.log = [this](std::string_view line) { log_.emplace_back(line); };
    return options;
  }

  ManualClock clock_{kStart};
  std::unique_ptr<TicketStore> owned_store_;
  TicketStore& store_ = *owned_store_;
  std::vector<std::string> log_;
  std::vector<std::string> errors_;
  std::vector<Notification> notifications_;
  CallbackNotifier notifier_;
  Engine engine_;
  std::string merge_target_;
};

bool is_handling(TS state) {
  return state == TS::in_progress || state == TS::suspended || state == TS::plan_under_review;
}

// Brings a new ticket to `state` through the engine, along the usual path:
// draft with assisting units A and B, dispatch, unit A's opinion, claim
// naming kNamedHandler, first contact, then the reply of the category.
// Registered is reached by sending a draft back, so the ticket has a lead
// unit and assisting units. Returns the ticket number.
std::string build_ticket(World& world, TS state, const FixtureSetup& setup) {
  const std::string id = world.register_request();
  world.issue(ET::draft, id, setup);
  if (state == TS::registered) {
    world.issue(ET::send_back, id, setup);
    return id;
  }
  if (state == TS::awaiting_office_approval) {
    return id;
  }
  if (state == TS::declined) {
    world.issue(ET::decline_at_intake, id, setup);
    return id;
  }

  world.issue(ET::approve_dispatch, id, setup);
  world.issue_as(kAssistingLeaderA, ET::submit_assisting_opinion, id, setup);
  if (state == TS::dispatched) {
    return id;
  }

  world.issue(ET::claim, id, setup);
  world.issue(ET::record_first_contact, id, setup);
  if (setup.override_assisting) {
    world.issue(ET::override_assisting, id, setup);
  }
  if (setup.category == Category::general) {
    world.issue(ET::propose_general, id, setup);
  }
  if (state == TS::suspended) {
    world.issue(ET::request_suspension, id, setup);
    world.issue(ET::approve_suspension, id, setup);
  } else if (setup.suspension_requested) {
    world.issue(ET::request_suspension, id, setup);
  }
  if (setup.category == Category::difficult && state != TS::in_progress && state != TS::suspended) {
    world.issue(ET::submit_special_report, id, setup);
  }
  if (setup.extension_requested) {
    world.issue(ET::request_extension, id, setup);
  }
  if (is_handling(state)) {
    return id;
  }

  if (!setup.override_assisting) {
    world.issue_as(kAssistingLeaderB, ET::submit_assisting_opinion, id, setup);
  }
  switch (setup.category) {
    case Category::consultation:
      world.issue(ET::answer_consultation, id, setup);
      break;
    case Category::general:
      world.issue(ET::sign_general_reply, id, setup);
      break;
    case Category::difficult:
      world.issue(ET::approve_plan, id, setup);
      break;
  }
  if (state == TS::replied) {
    return id;
  }
  world.issue(ET::report_result, id, setup);
  if (state == TS::result_reported) {
    return id;
  }
  world.issue(ET::accept_result, id, setup);
  if (setup.last_visit_dissatisfied) {
    Command visit = make_command(ET::return_visit, id, kOfficer, payload_for(ET::return_visit, setup, ""));
    visit.payload.satisfaction = Satisfaction::dissatisfied;
    visit.payload.text = "企业不满意";
    world.execute(visit);
  }
  if (state == TS::awaiting_return_visit) {
    return id;
  }
  world.issue(setup.last_visit_dissatisfied ? ET::close_with_note : ET::return_visit, id, setup);
  if (state == TS::closed) {
    return id;
  }
  world.issue(ET::archive, id, setup);
  return id;
}

// The fixture for `command` in `state`: the ticket data its guards need,
// applied in every state, so a rejection comes from the state alone.
FixtureSetup setup_for(TS state, ET command) {
  FixtureSetup setup;
  switch (command) {
    case ET::answer_consultation:
      setup.category = Category::consultation;
      break;
    case ET::submit_special_report:
    case ET::approve_plan:
    case ET::revise_plan:
      setup.category = Category::difficult;
      break;
    case ET::approve_suspension:
    case ET::reject_suspension:
      setup.suspension_requested = true;
      break;
    case ET::approve_extension:
    case ET::reject_extension:
      setup.extension_requested = true;
      break;
    case ET::override_assisting:
      setup.override_assisting = false;
      break;
    case ET::reopen:
    case ET::close_with_note:
      setup.last_visit_dissatisfied = true;
      break;
    default:
      break;
  }
  // A special report is only possible on a difficult request.
  if (state == TS::plan_under_review) {
    setup.category = Category::difficult;
  }
  return setup;
}

// --- The expected transition table ------------------------------------------------

// The commands each state accepts and the state that follows, from the rows
// of src/workflow/machine.cpp. Every command not listed for a state is
// rejected with invalid_transition, except the handler-only commands listed
// by forbidden_without_handler.
const std::map<TS, std::map<ET, TS>>& allowed_transitions() {
  static const std::map<TS, std::map<ET, TS>> table = {
      {TS::registered,
       {
           {ET::draft, TS::awaiting_office_approval},
           {ET::withdraw, TS::archived},
           {ET::merge_duplicate, TS::archived},
       }},
      {TS::awaiting_office_approval,
       {
           {ET::approve_dispatch, TS::dispatched},
           {ET::send_back, TS::registered},
           {ET::decline_at_intake, TS::declined},
           {ET::withdraw, TS::archived},
           {ET::merge_duplicate, TS::archived},
       }},
      {TS::declined,
       {
           {ET::explain_decline, TS::closed},
           {ET::withdraw, TS::archived},
       }},
      {TS::dispatched,
       {
           {ET::claim, TS::in_progress},
           {ET::return_to_office, TS::registered},
           {ET::decline_after_dispatch, TS::replied},
           {ET::submit_assisting_opinion, TS::dispatched},
           {ET::reclassify, TS::dispatched},
           {ET::urge, TS::dispatched},
           {ET::withdraw, TS::archived},
           {ET::merge_duplicate, TS::archived},
       }},
      {TS::in_progress,
       {
           {ET::record_first_contact, TS::in_progress},
           {ET::propose_general, TS::in_progress},
           {ET::submit_special_report, TS::plan_under_review},
           {ET::request_suspension, TS::in_progress},
           {ET::approve_suspension, TS::suspended},
           {ET::reject_suspension, TS::in_progress},
           {ET::return_to_office, TS::registered},
           {ET::answer_consultation, TS::replied},
           {ET::sign_general_reply, TS::replied},
           {ET::decline_after_dispatch, TS::replied},
           {ET::submit_assisting_opinion, TS::in_progress},
           {ET::override_assisting, TS::in_progress},
           {ET::request_extension, TS::in_progress},
           {ET::approve_extension, TS::in_progress},
           {ET::reject_extension, TS::in_progress},
           {ET::reclassify, TS::in_progress},
           {ET::urge, TS::in_progress},
           {ET::withdraw, TS::archived},
       }},
      {TS::suspended,
       {
           {ET::resume, TS::in_progress},
           {ET::submit_assisting_opinion, TS::suspended},
           {ET::override_assisting, TS::suspended},
           {ET::request_extension, TS::suspended},
           {ET::approve_extension, TS::suspended},
           {ET::reject_extension, TS::suspended},
           {ET::reclassify, TS::suspended},
           {ET::urge, TS::suspended},
           {ET::withdraw, TS::archived},
       }},
      {TS::plan_under_review,
       {
           {ET::revise_plan, TS::in_progress},
           {ET::approve_plan, TS::replied},
           {ET::submit_assisting_opinion, TS::plan_under_review},
           {ET::override_assisting, TS::plan_under_review},
           {ET::request_extension, TS::plan_under_review},
           {ET::approve_extension, TS::plan_under_review},
           {ET::reject_extension, TS::plan_under_review},
           {ET::urge, TS::plan_under_review},
           {ET::withdraw, TS::archived},
       }},
      {TS::replied,
       {
           {ET::report_result, TS::result_reported},
           {ET::urge, TS::replied},
       }},
      {TS::result_reported,
       {
           {ET::accept_result, TS::awaiting_return_visit},
           {ET::request_rework, TS::in_progress},
       }},
      {TS::awaiting_return_visit,
       {
           {ET::return_visit, TS::closed},
           {ET::reopen, TS::in_progress},
           {ET::close_with_note, TS::closed},
       }},
      {TS::closed,
       {
           {ET::archive, TS::archived},
       }},
      {TS::archived, {}},
  };
  return table;
}

std::optional<TS> expected_target(TS state, ET command) {
  const auto& row = allowed_transitions().at(state);
  const auto found = row.find(command);
  if (found == row.end()) {
    return std::nullopt;
  }
  return found->second;
}

// Whether a fixture ticket in `state` has a named handler: from the claim
// on. A return to the office would clear it, but no fixture returns.
bool handler_named(TS state) {
  return state != TS::registered && state != TS::awaiting_office_approval && state != TS::declined &&
         state != TS::dispatched;
}

// No handler is named before the claim, so a handler-only command is
// rejected by the named-handler check (forbidden) before the state is looked
// at. None of these pairs has a row in the machine.
bool forbidden_without_handler(TS state, ET command) {
  const bool handler_only =
      command == ET::record_first_contact || command == ET::answer_consultation || command == ET::propose_general;
  return !handler_named(state) && handler_only;
}

std::vector<TS> all_states() {
  std::vector<TS> states;
  for (std::size_t i = 0; i < jishiban::ticket_state_count; ++i) {
    states.push_back(static_cast<TS>(i));
  }
  return states;
}

// Every command except register_request, which creates a ticket.
std::vector<ET> commands_on_tickets() {
  std::vector<ET> commands;
  for (int i = static_cast<int>(ET::draft); i <= static_cast<int>(ET::archive); ++i) {
    commands.push_back(static_cast<ET>(i));
  }
  return commands;
}

std::vector<ET> all_event_types() {
  std::vector<ET> types;
  for (std::size_t i = 0; i < jishiban::event_type_count; ++i) {
    types.push_back(static_cast<ET>(i));
  }
  return types;
}

// The stored ticket and its history, to check that a rejected command changed
// nothing.
struct Snapshot {
  Ticket ticket;
  std::vector<Event> events;
};

Snapshot snapshot(const World& world, const std::string& id) { return Snapshot{world.stored(id), world.events(id)}; }

void expect_unchanged(const World& world, const Snapshot& before) {
  const Ticket after = world.stored(before.ticket.id);
  EXPECT_TRUE(after == before.ticket) << "before: " << jishiban::to_json(before.ticket)
                                      << "\nafter:  " << jishiban::to_json(after);
  EXPECT_EQ(after.version, before.ticket.version);
  const std::vector<Event> events = world.events(before.ticket.id);
  EXPECT_EQ(events.size(), before.events.size());
  EXPECT_TRUE(events == before.events);
}

// Checks a command that should succeed: the state it reaches and exactly one
// new event.
void expect_transition(World& world, const Snapshot& before, const Command& command, TS target) {
  Ticket returned;
  try {
    returned = world.execute(command);
  } catch (const Error& error) {
    FAIL() << "rejected: " << error.what();
  }
  const Ticket after = world.stored(before.ticket.id);
  EXPECT_EQ(name_of(after.state), name_of(target));
  EXPECT_EQ(name_of(returned.state), name_of(target));
  EXPECT_EQ(after.version, before.ticket.version + 1);
  EXPECT_EQ(returned.version, after.version);

  const std::vector<Event> events = world.events(before.ticket.id);
  ASSERT_EQ(events.size(), before.events.size() + 1);
  EXPECT_TRUE(std::equal(before.events.begin(), before.events.end(), events.begin()));
  EXPECT_EQ(name_of(events.back().type), name_of(command.type));
  EXPECT_EQ(events.back().sequence, after.version);
  EXPECT_TRUE(jishiban::fold(events) == after) << "the history folds to another ticket than the stored one";
}

// --- 1. Every command in every state ------------------------------------------------

using EngineTransitionTable = testing::TestWithParam<StoreKind>;

TEST_P(EngineTransitionTable, FixturesReachEveryState) {
  for (const TS state : all_states()) {
    SCOPED_TRACE(name_of(state));
    World world(GetParam());
    const std::string id = build_ticket(world, state, setup_for(state, ET::urge));
    EXPECT_EQ(name_of(world.stored(id).state), name_of(state));
  }
}

// Gives the command by its authorized actor to a fresh fixture ticket in
// `state` on a store of `store_kind` and checks the outcome against the
// expected table.
void check_command_in_state(StoreKind store_kind, TS state, ET type) {
  World world(store_kind);
  const FixtureSetup setup = setup_for(state, type);
  const std::string id = build_ticket(world, state, setup);
  ASSERT_EQ(name_of(world.stored(id).state), name_of(state));
  const Snapshot before = snapshot(world, id);
  const Command command =
      make_command(type, id, authorized_actor(type), payload_for(type, setup, world.merge_target()));

  if (const auto target = expected_target(state, type)) {
    expect_transition(world, before, command, *target);
  } else {
    const auto error = world.attempt(command);
    ASSERT_TRUE(error.has_value()) << "accepted, now " << name_of(world.stored(id).state);
    if (forbidden_without_handler(state, type)) {
      EXPECT_EQ(error->code(), ErrorCode::forbidden) << error->what();
    } else {
      const std::string& en = error->message(Language::en);
      const std::string& zh = error->message(Language::zh_CN);
      EXPECT_EQ(error->code(), ErrorCode::invalid_transition) << error->what();
      EXPECT_TRUE(contains(en, name_of(state))) << en;
      EXPECT_TRUE(contains(en, name_of(type))) << en;
      EXPECT_TRUE(contains(zh, std::string(jishiban::chinese_name(state)))) << zh;
      EXPECT_TRUE(contains(zh, name_of(type))) << zh;
    }
    expect_unchanged(world, before);
  }
  world.expect_no_contact_data_leak();
}

// Checks only the expected table, so it needs no store.
TEST(ExpectedTransitionTable, ListsEveryState) {
  EXPECT_EQ(allowed_transitions().size(), jishiban::ticket_state_count);
  EXPECT_EQ(commands_on_tickets().size(), 35u);
}

TEST_P(EngineTransitionTable, EveryCommandInEveryState) {
  for (const TS state : all_states()) {
    for (const ET type : commands_on_tickets()) {
      SCOPED_TRACE(name_of(type) + " in " + name_of(state));
      check_command_in_state(GetParam(), state, type);
    }
  }
}

TEST_P(EngineTransitionTable, RegisterWithTicketIdIsInvalid) {
  World world(GetParam());
  const std::string id = world.register_request();
  const Snapshot before = snapshot(world, id);
  const std::size_t tickets = world.store().size();

  Command command = make_command(ET::register_request, id, kOfficer, payload_for(ET::register_request, {}, ""));
  const auto error = world.attempt(command);

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), ErrorCode::invalid_argument) << error->what();
  EXPECT_TRUE(contains(error->message(), id)) << error->message();
  expect_unchanged(world, before);
  EXPECT_EQ(world.store().size(), tickets);
  world.expect_no_contact_data_leak();
}

TEST_P(EngineTransitionTable, HandlingRejectsUnhandledEvents) {
  // accept_result has no row in handling at all; resume and revise_plan have
  // rows only in another substate.
  const std::vector<std::pair<TS, ET>> cases = {
      {TS::suspended, ET::accept_result},       {TS::in_progress, ET::accept_result},
      {TS::plan_under_review, ET::accept_result}, {TS::in_progress, ET::resume},
      {TS::suspended, ET::revise_plan},         {TS::suspended, ET::record_first_contact},
      {TS::plan_under_review, ET::resume},      {TS::suspended, ET::return_to_office},
  };
  for (const auto& [state, type] : cases) {
    SCOPED_TRACE(name_of(type) + " in " + name_of(state));
    World world(GetParam());
    const FixtureSetup setup = setup_for(state, type);
    const std::string id = build_ticket(world, state, setup);
    const Snapshot before = snapshot(world, id);

    const auto error =
        world.attempt(make_command(type, id, authorized_actor(type), payload_for(type, setup, world.merge_target())));

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::invalid_transition) << error->what();
    EXPECT_TRUE(contains(error->message(), name_of(state))) << error->message();
    EXPECT_TRUE(contains(error->message(), name_of(type))) << error->message();
    expect_unchanged(world, before);
  }
}

TEST_P(EngineTransitionTable, SlaEventTypesAreNotCommands) {
  World world(GetParam());
  const std::string id = build_ticket(world, TS::in_progress, FixtureSetup{});
  const Snapshot before = snapshot(world, id);
  const std::size_t tickets = world.store().size();

  for (const ET type : {ET::sla_warning, ET::sla_breach, ET::sla_escalation, ET::deadline_recomputed}) {
    SCOPED_TRACE(name_of(type));
    for (const Actor& actor : {kSupervisor, kOfficer}) {
      const auto on_ticket = world.attempt(make_command(type, id, actor, Payload{}));
      ASSERT_TRUE(on_ticket.has_value());
      EXPECT_EQ(on_ticket->code(), ErrorCode::invalid_argument) << on_ticket->what();
      EXPECT_TRUE(contains(on_ticket->message(), name_of(type))) << on_ticket->message();

      const auto without_ticket = world.attempt(make_command(type, "", actor, Payload{}));
      ASSERT_TRUE(without_ticket.has_value());
      EXPECT_EQ(without_ticket->code(), ErrorCode::invalid_argument) << without_ticket->what();
    }
  }
  expect_unchanged(world, before);
  EXPECT_EQ(world.store().size(), tickets);
}

TEST_P(EngineTransitionTable, GuardsRejectWithReason) {
  struct Case {
    TS state;
    FixtureSetup setup;
    ET type;
    std::string reason;  // part of the English message
  };
  FixtureSetup general;
  FixtureSetup no_override;
  no_override.override_assisting = false;
  FixtureSetup consultation;
  consultation.category = Category::consultation;
  FixtureSetup difficult;
  difficult.category = Category::difficult;
  FixtureSetup difficult_no_override = difficult;
  difficult_no_override.override_assisting = false;
  FixtureSetup suspension_requested;
  suspension_requested.suspension_requested = true;
  FixtureSetup extension_requested;
  extension_requested.extension_requested = true;

  const std::vector<Case> cases = {
      {TS::in_progress, general, ET::answer_consultation, "the category is general, not consultation"},
      {TS::in_progress, consultation, ET::propose_general, "the category is consultation, not general"},
      {TS::in_progress, consultation, ET::sign_general_reply, "the category is consultation, not general"},
      {TS::in_progress, general, ET::submit_special_report, "the category is general, not difficult"},
      {TS::in_progress, no_override, ET::sign_general_reply, kAssistingUnitB},
      {TS::plan_under_review, difficult_no_override, ET::approve_plan, kAssistingUnitB},
      {TS::in_progress, general, ET::override_assisting, "an override was already recorded"},
      {TS::in_progress, general, ET::approve_suspension, "no suspension was requested"},
      {TS::in_progress, suspension_requested, ET::request_suspension, "already waiting"},
      {TS::in_progress, general, ET::approve_extension, "no extension was requested"},
      {TS::suspended, extension_requested, ET::request_extension, "already waiting"},
      {TS::awaiting_return_visit, general, ET::reopen, "did not record dissatisfied"},
      {TS::awaiting_return_visit, general, ET::close_with_note, "did not record dissatisfied"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(name_of(c.type) + " in " + name_of(c.state));
    World world(GetParam());
    const std::string id = build_ticket(world, c.state, c.setup);
    const Snapshot before = snapshot(world, id);

    const auto error = world.attempt(
        make_command(c.type, id, authorized_actor(c.type), payload_for(c.type, c.setup, world.merge_target())));

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::invalid_transition) << error->what();
    EXPECT_TRUE(contains(error->message(), c.reason)) << error->message();
    expect_unchanged(world, before);
  }

  // sign_general_reply also needs the handler's proposal. A consultation
  // reclassified as general has none.
  World world(GetParam());
  const std::string id = build_ticket(world, TS::in_progress, consultation);
  world.issue(ET::reclassify, id, consultation);
  const Snapshot before = snapshot(world, id);
  const auto error = world.attempt(
      make_command(ET::sign_general_reply, id, kLeadLeader, payload_for(ET::sign_general_reply, general, "")));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), ErrorCode::invalid_transition) << error->what();
  EXPECT_TRUE(contains(error->message(), "propose_general")) << error->message();
  expect_unchanged(world, before);
}

INSTANTIATE_TEST_SUITE_P(Stores, EngineTransitionTable, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 2. Roles, units and commands ----------------------------------------------------

// The commands each role may give, whatever the unit, from
// src/workflow/authorization.cpp.
const std::map<Role, std::set<ET>>& permitted_commands() {
  static const std::map<Role, std::set<ET>> matrix = {
      {Role::service_officer,
       {ET::register_request, ET::draft, ET::explain_decline, ET::override_assisting, ET::approve_suspension,
        ET::reject_suspension, ET::resume, ET::urge, ET::return_visit, ET::reopen, ET::close_with_note, ET::withdraw,
        ET::merge_duplicate, ET::archive}},
      {Role::office_leader,
       {ET::approve_dispatch, ET::send_back, ET::decline_at_intake, ET::approve_extension, ET::reject_extension,
        ET::approve_suspension, ET::reject_suspension, ET::reclassify, ET::urge, ET::reopen, ET::close_with_note}},
      {Role::office_supervisor, {ET::urge}},
      {Role::reviewer, {ET::accept_result, ET::request_rework}},
      {Role::committee_leader, {ET::approve_plan, ET::revise_plan}},
      {Role::unit_leader,
       {ET::claim, ET::return_to_office, ET::sign_general_reply, ET::submit_special_report, ET::decline_after_dispatch,
        ET::submit_assisting_opinion, ET::request_extension, ET::request_suspension, ET::resume, ET::report_result}},
      {Role::handler,
       {ET::record_first_contact, ET::answer_consultation, ET::propose_general, ET::submit_assisting_opinion,
        ET::request_suspension, ET::resume, ET::report_result}},
      {Role::discipline_inspection, {}},
      {Role::report_viewer, {}},
  };
  return matrix;
}

bool expected_role_may(Role role, ET type) { return permitted_commands().at(role).count(type) > 0; }

TEST(RoleMatrix, MatchesExpectedMatrix) {
  ASSERT_EQ(permitted_commands().size(), 9u);
  for (const auto& [role, permitted] : permitted_commands()) {
    for (const ET type : all_event_types()) {
      EXPECT_EQ(jishiban::role_may(role, type), expected_role_may(role, type))
          << name_of(role) << " × " << name_of(type);
    }
  }
}

TEST(RoleMatrix, OnlyCommandsHaveRoles) {
  for (const ET type : all_event_types()) {
    bool someone = false;
    for (const auto& [role, permitted] : permitted_commands()) {
      someone = someone || jishiban::role_may(role, type);
    }
    EXPECT_EQ(someone, jishiban::is_command(type)) << name_of(type);
  }
}

// The relation of an actor to the fixture tickets, whose lead unit is kLeadUnit,
// whose assisting units are A and B, and whose named handler (after the
// claim) is kNamedHandler.
enum class Relation {
  unscoped,              // office, committee, discipline and report roles
  lead_leader,
  named_handler,
  unnamed_handler,       // a handler of the lead unit who is not named
  assisting,             // leader or handler of assisting unit B
  other_unit,            // leader or handler of an unrelated unit
  without_unit,          // a unit role with an empty unit
};

struct RosterEntry {
  Actor actor;
  Relation relation;
};

const std::vector<RosterEntry>& roster() {
  static const std::vector<RosterEntry> entries = {
      {kOfficer, Relation::unscoped},
      {kOfficeLeader, Relation::unscoped},
      {kSupervisor, Relation::unscoped},
      {kReviewer, Relation::unscoped},
      {kCommitteeLeader, Relation::unscoped},
      {kDiscipline, Relation::unscoped},
      {kReportViewer, Relation::unscoped},
      {kLeadLeader, Relation::lead_leader},
      {kNamedHandler, Relation::named_handler},
      {kUnnamedHandler, Relation::unnamed_handler},
      {kAssistingLeaderB, Relation::assisting},
      {kAssistingHandlerB, Relation::assisting},
      {kOtherLeader, Relation::other_unit},
      {kOtherHandler, Relation::other_unit},
      {kOtherHandlerSameId, Relation::other_unit},
      {kLeaderWithoutUnit, Relation::without_unit},
      {kHandlerWithoutUnit, Relation::without_unit},
  };
  return entries;
}

// Whether the actor may give the command on a fixture ticket: the role must
// allow it, assisting units only submit their opinion, and every other unit
// command belongs to the lead unit's leader and the named handler.
bool expected_authorized(const RosterEntry& entry, ET type) {
  if (!expected_role_may(entry.actor.role, type)) {
    return false;
  }
  switch (entry.relation) {
    case Relation::unscoped:
      return true;
    case Relation::lead_leader:
    case Relation::named_handler:
      return type != ET::submit_assisting_opinion;
    case Relation::assisting:
      return type == ET::submit_assisting_opinion;
    case Relation::unnamed_handler:
    case Relation::other_unit:
    case Relation::without_unit:
      return false;
  }
  return false;
}

// The first state, in enum order, that accepts the command.
TS first_state_accepting(ET type) {
  for (const TS state : all_states()) {
    if (expected_target(state, type)) {
      return state;
    }
  }
  ADD_FAILURE() << "no state accepts " << name_of(type);
  return TS::archived;
}

std::string describe(const Actor& actor) {
  return "\"" + actor.id + "\" (" + name_of(actor.role) + ", unit \"" + actor.unit + "\")";
}

// Gives the command by `entry.actor` to a ticket in the first state that
// accepts the command. An authorized actor must reach the expected state on a
// fresh ticket on a store of `store_kind`. Anyone else must get forbidden
// on `shared`, a ticket in the same state, and change nothing.
void check_actor_command(StoreKind store_kind, const RosterEntry& entry, ET type, World& shared,
                         const std::string& shared_id) {
  const TS state = first_state_accepting(type);
  const FixtureSetup setup = setup_for(state, type);

  if (expected_authorized(entry, type)) {
    World world(store_kind);
    const std::string id = build_ticket(world, state, setup);
    const Command command = make_command(type, id, entry.actor, payload_for(type, setup, world.merge_target()));
    expect_transition(world, snapshot(world, id), command, *expected_target(state, type));
    world.expect_no_contact_data_leak();
    return;
  }

  const Snapshot before = snapshot(shared, shared_id);
  const auto error =
      shared.attempt(make_command(type, shared_id, entry.actor, payload_for(type, setup, shared.merge_target())));
  ASSERT_TRUE(error.has_value()) << "accepted";
  EXPECT_EQ(error->code(), ErrorCode::forbidden) << error->what();
  EXPECT_TRUE(contains(error->message(), name_of(type))) << error->message();
  EXPECT_TRUE(contains(error->message(), entry.actor.id)) << error->message();
  expect_unchanged(shared, before);
}

using EngineAuthorization = testing::TestWithParam<StoreKind>;

TEST_P(EngineAuthorization, EveryActorForEveryCommand) {
  for (const ET type : commands_on_tickets()) {
    const TS state = first_state_accepting(type);
    SCOPED_TRACE(name_of(type) + " in " + name_of(state));

    // Rejected commands change nothing, so they share one ticket.
    World shared(GetParam());
    const std::string shared_id = build_ticket(shared, state, setup_for(state, type));

    int authorized = 0;
    for (const auto& entry : roster()) {
      SCOPED_TRACE("by " + describe(entry.actor));
      check_actor_command(GetParam(), entry, type, shared, shared_id);
      authorized += expected_authorized(entry, type) ? 1 : 0;
    }
    EXPECT_GT(authorized, 0) << "no actor in the roster may give the command";
    shared.expect_no_contact_data_leak();
  }
}

TEST_P(EngineAuthorization, OnlyServiceOfficersRegisterRequests) {
  World world(GetParam());
  for (const auto& entry : roster()) {
    SCOPED_TRACE("by " + describe(entry.actor));
    const std::size_t tickets = world.store().size();
    const Command command =
        make_command(ET::register_request, "", entry.actor, payload_for(ET::register_request, {}, ""));
    if (entry.actor.role == Role::service_officer) {
      const Ticket ticket = world.execute(command);
      EXPECT_EQ(name_of(ticket.state), name_of(TS::registered));
      EXPECT_EQ(world.store().size(), tickets + 1);
    } else {
      const auto error = world.attempt(command);
      ASSERT_TRUE(error.has_value());
      EXPECT_EQ(error->code(), ErrorCode::forbidden) << error->what();
      EXPECT_EQ(world.store().size(), tickets);
    }
  }
  world.expect_no_contact_data_leak();
}

TEST_P(EngineAuthorization, AssistingUnitGivesOneOpinion) {
  World world(GetParam());
  const std::string id = build_ticket(world, TS::dispatched, FixtureSetup{});
  world.issue(ET::submit_assisting_opinion, id, FixtureSetup{});
  const Snapshot before = snapshot(world, id);

  // The handler of unit B speaks for the same unit as its leader did.
  const auto again = world.attempt(make_command(ET::submit_assisting_opinion, id, kAssistingHandlerB,
                                                payload_for(ET::submit_assisting_opinion, FixtureSetup{}, "")));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->code(), ErrorCode::invalid_transition) << again->what();
  EXPECT_TRUE(contains(again->message(), kAssistingUnitB)) << again->message();
  expect_unchanged(world, before);
}

INSTANTIATE_TEST_SUITE_P(Stores, EngineAuthorization, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

// --- 3. Who may view the requester's contact data ------------------------------------

void expect_masked_view(World& world, const Actor& viewer, const std::string& id) {
  const Ticket view = world.engine().view(viewer, id);
  expect_no_contact_data(jishiban::to_json(view), "view");
  EXPECT_EQ(view.requester.phone, "138****5678");
  for (const Event& event : world.engine().history(viewer, id)) {
    expect_no_contact_data(jishiban::to_json(event), "event " + name_of(event.type));
  }
}

void expect_unmasked_view(World& world, const Actor& viewer, const std::string& id) {
  const Ticket view = world.engine().view(viewer, id);
  EXPECT_TRUE(view.requester == kRequester);
  expect_all_contact_data(jishiban::to_json(view), "view");
  const std::vector<Event> events = world.engine().history(viewer, id);
  ASSERT_FALSE(events.empty());
  expect_all_contact_data(jishiban::to_json(events.front()), "register event");
}

using EngineMasking = testing::TestWithParam<StoreKind>;

TEST_P(EngineMasking, ViewsHideContactDataFromOthers) {
  const std::vector<Actor> masked_viewers = {
      kAssistingLeaderA, kAssistingLeaderB, kAssistingHandlerB,  kReportViewer,      kCommitteeLeader,
      kDiscipline,       kOtherLeader,      kOtherHandler,       kOtherHandlerSameId, kUnnamedHandler,
      kLeaderWithoutUnit, kHandlerWithoutUnit,
  };
  const std::vector<Actor> unmasked_viewers = {
      kOfficer, kOfficeLeader, kSupervisor, kReviewer, kLeadLeader,
  };

  for (const TS state : all_states()) {
    SCOPED_TRACE(name_of(state));
    World world(GetParam());
    FixtureSetup difficult;
    difficult.category = Category::difficult;
    const std::string id = build_ticket(world, state, difficult);

    for (const Actor& viewer : masked_viewers) {
      SCOPED_TRACE("viewer " + describe(viewer));
      expect_masked_view(world, viewer, id);
    }
    for (const Actor& viewer : unmasked_viewers) {
      SCOPED_TRACE("viewer " + describe(viewer));
      expect_unmasked_view(world, viewer, id);
    }
    // The handler may view the contact data only once the claim names them.
    SCOPED_TRACE("viewer " + describe(kNamedHandler));
    if (handler_named(state)) {
      expect_unmasked_view(world, kNamedHandler, id);
    } else {
      expect_masked_view(world, kNamedHandler, id);
    }
    world.expect_no_contact_data_leak();
  }
}

TEST_P(EngineMasking, ExecuteReturnsActorsView) {
  World world(GetParam());
  FixtureSetup difficult;
  difficult.category = Category::difficult;
  const std::string id = world.register_request();

  auto expect_unmasked = [](const Ticket& ticket, const std::string& step) {
    expect_all_contact_data(jishiban::to_json(ticket), step);
  };
  auto expect_masked = [](const Ticket& ticket, const std::string& step) {
    expect_no_contact_data(jishiban::to_json(ticket), step);
  };

  expect_unmasked(world.issue(ET::draft, id, difficult), "draft by the service officer");
  expect_unmasked(world.issue(ET::approve_dispatch, id, difficult), "dispatch by the office leader");
  expect_masked(world.issue_as(kAssistingLeaderA, ET::submit_assisting_opinion, id, difficult),
                "opinion of assisting unit A's leader");
  expect_unmasked(world.issue(ET::claim, id, difficult), "claim by the lead unit's leader");
  expect_unmasked(world.issue(ET::record_first_contact, id, difficult), "first contact by the named handler");
  expect_masked(world.issue_as(kAssistingHandlerB, ET::submit_assisting_opinion, id, difficult),
                "opinion of assisting unit B's handler");
  expect_unmasked(world.issue(ET::urge, id, difficult), "urge by the service officer");
  expect_unmasked(world.issue_as(kSupervisor, ET::urge, id, difficult), "urge by the supervisor");
  expect_unmasked(world.issue(ET::submit_special_report, id, difficult), "special report by the lead unit's leader");
  expect_masked(world.issue(ET::revise_plan, id, difficult), "revision by the committee leader");
  expect_unmasked(world.issue(ET::submit_special_report, id, difficult), "second special report");
  expect_masked(world.issue(ET::approve_plan, id, difficult), "approval by the committee leader");
  expect_unmasked(world.issue(ET::report_result, id, difficult), "result by the lead unit's leader");
  expect_unmasked(world.issue(ET::accept_result, id, difficult), "acceptance by the reviewer");
  world.expect_no_contact_data_leak();
}

TEST_P(EngineMasking, MessagesOmitContactData) {
  World world(GetParam());
  const std::string id = build_ticket(world, TS::in_progress, FixtureSetup{});
  const std::size_t messages_before = world.error_message_count();

  // Forbidden: wrong role, other unit, unnamed handler, no unit.
  for (const Actor& actor : {kReportViewer, kDiscipline, kOtherLeader, kUnnamedHandler, kHandlerWithoutUnit}) {
    const auto error = world.attempt(
        make_command(ET::report_result, id, actor, payload_for(ET::report_result, FixtureSetup{}, "")));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), ErrorCode::forbidden);
  }
  // Invalid transition.
  EXPECT_TRUE(world.attempt(make_command(ET::archive, id, kOfficer, Payload{})).has_value());
  // Invalid payloads, including contact data that is itself malformed.
  Command bad_phone =
      make_command(ET::register_request, "", kOfficer, payload_for(ET::register_request, FixtureSetup{}, ""));
  bad_phone.payload.requester->phone = kRequester.phone + "\x01";
  EXPECT_TRUE(world.attempt(bad_phone).has_value());
  Command bad_name = bad_phone;
  bad_name.payload.requester = kRequester;
  bad_name.payload.requester->name = kRequester.name + "\xff";
  EXPECT_TRUE(world.attempt(bad_name).has_value());
  Command long_address = bad_phone;
  long_address.payload.requester = kRequester;
  long_address.payload.requester->address = std::string(70000, 'x') + kRequester.address;
  EXPECT_TRUE(world.attempt(long_address).has_value());
  Command misplaced = make_command(ET::urge, id, kOfficer, Payload{});
  misplaced.payload.requester = kRequester;
  EXPECT_TRUE(world.attempt(misplaced).has_value());
  // Not found.
  EXPECT_TRUE(world.attempt(make_command(ET::urge, "PW2026999999", kOfficer, Payload{})).has_value());

  // Eleven rejected commands, each kept as its English and Chinese message and what().
  EXPECT_EQ(world.error_message_count() - messages_before, 3u * 11u);
  EXPECT_GT(world.log_line_count(), 0u);
  world.expect_no_contact_data_leak();
}

INSTANTIATE_TEST_SUITE_P(Stores, EngineMasking, testing::Values(StoreKind::in_memory, StoreKind::sqlite),
                         jishiban_test::store_kind_name);

}  // namespace
