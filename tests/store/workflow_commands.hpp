// Actors and commands shared by the store worker and the process tests: a
// consultation request for 区建设局 and the command that takes such a ticket
// one step further towards archive. Uses only the public API.
#ifndef JISHIBAN_TESTS_STORE_WORKFLOW_COMMANDS_HPP
#define JISHIBAN_TESTS_STORE_WORKFLOW_COMMANDS_HPP

#include <optional>
#include <string>
#include <utility>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban_store_test {

// 2026-03-02T09:00:00+08:00, a Monday morning covered by the built-in
// calendar. Every engine of these tests starts its ManualClock here, so all
// tickets are numbered in 2026.
inline constexpr std::int64_t kStartUnixSeconds = 1772413200;
inline constexpr int kYear = 2026;

inline const std::string kLeadUnit = "区建设局";

inline const jishiban::Actor kOfficer{"so1", "服务员甲", jishiban::Role::service_officer, ""};
inline const jishiban::Actor kOfficeLeader{"ol1", "主任", jishiban::Role::office_leader, ""};
inline const jishiban::Actor kHandler{"h1", "经办人", jishiban::Role::handler, kLeadUnit};
inline const jishiban::Actor kReviewer{"rv1", "审核人", jishiban::Role::reviewer, ""};

// A leader of the lead unit, the role that claims a dispatched ticket.
inline jishiban::Actor unit_leader(std::string id) {
  return jishiban::Actor{std::move(id), "局长", jishiban::Role::unit_leader, kLeadUnit};
}

inline jishiban::Command make_command(jishiban::EventType type, const jishiban::Actor& actor,
                                      std::string ticket_id = {}) {
  jishiban::Command command;
  command.type = type;
  command.actor = actor;
  command.ticket_id = std::move(ticket_id);
  return command;
}

inline jishiban::Command register_command(std::string idempotency_key = {}) {
  jishiban::Command command = make_command(jishiban::EventType::register_request, kOfficer);
  command.payload.channel = jishiban::Channel::email;
  command.payload.requester = jishiban::Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号",
                                                  "13812345678", "pw123@163.com"};
  command.payload.content = "企业反映厂区周边道路照明不足。";
  command.idempotency_key = std::move(idempotency_key);
  return command;
}

inline jishiban::Command claim_command(const std::string& ticket_id, const jishiban::Actor& leader) {
  jishiban::Command command = make_command(jishiban::EventType::claim, leader, ticket_id);
  command.payload.handler_id = kHandler.id;
  command.payload.handler_name = kHandler.name;
  return command;
}

// The command that moves a consultation ticket of kLeadUnit one step on the
// way from registered to archived, or std::nullopt for an archived ticket
// and for states off that path.
inline std::optional<jishiban::Command> next_step(const jishiban::Ticket& ticket) {
  using jishiban::EventType;
  using jishiban::TicketState;
  const std::string& id = ticket.id;
  switch (ticket.state) {
    case TicketState::registered: {
      jishiban::Command draft = make_command(EventType::draft, kOfficer, id);
      draft.payload.category = jishiban::Category::consultation;
      draft.payload.lead_unit = kLeadUnit;
      return draft;
    }
    case TicketState::awaiting_office_approval:
      return make_command(EventType::approve_dispatch, kOfficeLeader, id);
    case TicketState::dispatched:
      return claim_command(id, unit_leader("ul1"));
    case TicketState::in_progress: {
      if (!ticket.first_contact_at) {
        return make_command(EventType::record_first_contact, kHandler, id);
      }
      jishiban::Command answer = make_command(EventType::answer_consultation, kHandler, id);
      answer.payload.text = "已答复企业：路灯维修已安排。";
      return answer;
    }
    case TicketState::replied: {
      jishiban::Command report = make_command(EventType::report_result, kHandler, id);
      report.payload.result = jishiban::ResultReport{"照明不足", "维修路灯", "已修复", {}};
      return report;
    }
    case TicketState::result_reported:
      return make_command(EventType::accept_result, kReviewer, id);
    case TicketState::awaiting_return_visit: {
      jishiban::Command visit = make_command(EventType::return_visit, kOfficer, id);
      visit.payload.satisfaction = jishiban::Satisfaction::satisfied;
      return visit;
    }
    case TicketState::closed:
      return make_command(EventType::archive, kOfficer, id);
    default:
      return std::nullopt;
  }
}

}  // namespace jishiban_store_test

#endif  // JISHIBAN_TESTS_STORE_WORKFLOW_COMMANDS_HPP
