// The role × action matrix, unit scoping and masked views.
#include "jishiban/workflow/authorization.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "jishiban/error.hpp"
#include "jishiban/workflow/masking.hpp"

namespace jishiban {
namespace {

using ET = EventType;

bool is_unit_role(Role role) noexcept { return role == Role::unit_leader || role == Role::handler; }

std::string describe(const Actor& actor) {
  std::string text = "actor \"" + actor.id + "\" (" + std::string(to_string(actor.role));
  if (!actor.unit.empty()) {
    text += ", unit \"" + actor.unit + "\"";
  }
  return text + ")";
}

std::string describe_zh(const Actor& actor) {
  std::string text = "用户“" + actor.id + "”（" + std::string(to_string(actor.role));
  if (!actor.unit.empty()) {
    text += "，单位“" + actor.unit + "”";
  }
  return text + "）";
}

[[noreturn]] void forbid(const Actor& actor, EventType type, const Ticket& ticket, const std::string& why_en,
                         const std::string& why_zh) {
  const std::string on = ticket.id.empty() ? std::string() : " on ticket " + ticket.id;
  const std::string on_zh = ticket.id.empty() ? std::string() : "工单 " + ticket.id + " 的";
  throw Error(ErrorCode::forbidden,
              describe(actor) + " may not " + std::string(to_string(type)) + on + ": " + why_en,
              describe_zh(actor) + "无权执行" + on_zh + std::string(chinese_name(type)) + "（" +
                  std::string(to_string(type)) + "）：" + why_zh);
}

}  // namespace

bool role_may(Role role, EventType type) noexcept {
  switch (role) {
    case Role::service_officer:
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
          return true;
        default:
          return false;
      }
    case Role::office_leader:
      switch (type) {
        case ET::approve_dispatch:
        case ET::send_back:
        case ET::decline_at_intake:
        case ET::approve_extension:
        case ET::reject_extension:
        case ET::approve_suspension:
        case ET::reject_suspension:
        case ET::reclassify:
        case ET::urge:
        case ET::reopen:
        case ET::close_with_note:
          return true;
        default:
          return false;
      }
    case Role::office_supervisor:
      return type == ET::urge;
    case Role::reviewer:
      return type == ET::accept_result || type == ET::request_rework;
    case Role::committee_leader:
      return type == ET::approve_plan || type == ET::revise_plan;
    case Role::unit_leader:
      switch (type) {
        case ET::claim:
        case ET::return_to_office:
        case ET::sign_general_reply:
        case ET::submit_special_report:
        case ET::decline_after_dispatch:
        case ET::submit_assisting_opinion:
        case ET::request_extension:
        case ET::request_suspension:
        case ET::resume:
        case ET::report_result:
          return true;
        default:
          return false;
      }
    case Role::handler:
      switch (type) {
        case ET::record_first_contact:
        case ET::answer_consultation:
        case ET::propose_general:
        case ET::submit_assisting_opinion:
        case ET::request_suspension:
        case ET::resume:
        case ET::report_result:
          return true;
        default:
          return false;
      }
    case Role::discipline_inspection:
    case Role::report_viewer:
      return false;
  }
  return false;
}

namespace {

// Reason the actor may not give the command, in both languages.
struct Denial {
  const char* en;
  const char* zh;
};

// Returns the reason the actor may not give the command on the ticket, or
// nothing when it may.
std::optional<Denial> denial(const Actor& actor, EventType type, const Ticket& ticket) noexcept {
  // Every signature in the history names someone, and an empty id would
  // match the empty handler of a ticket that no one has claimed yet.
  if (actor.id.empty()) {
    return Denial{"the actor has no id", "该用户没有标识"};
  }
  if (!role_may(actor.role, type)) {
    return Denial{"the role does not allow it", "该角色无此权限"};
  }
  if (!is_unit_role(actor.role)) {
    return std::nullopt;
  }
  if (actor.unit.empty()) {
    return Denial{"the actor belongs to no unit", "该用户未归属任何单位"};
  }

  if (type == ET::submit_assisting_opinion) {
    const auto& units = ticket.assisting_units;
    if (std::find(units.begin(), units.end(), actor.unit) == units.end()) {
      return Denial{"the unit is not an assisting unit of the ticket", "该单位不是本工单的协办单位"};
    }
    return std::nullopt;
  }

  if (actor.unit != ticket.lead_unit) {
    return Denial{"the ticket is assigned to another unit", "工单不属于该单位承办"};
  }
  if (actor.role == Role::handler && actor.id != ticket.handler_id) {
    return Denial{"the actor is not the ticket's named handler", "该用户不是本工单指定的经办人"};
  }
  return std::nullopt;
}

}  // namespace

bool may_act(const Actor& actor, EventType type, const Ticket& ticket) noexcept {
  return !denial(actor, type, ticket).has_value();
}

void authorize(const Actor& actor, EventType type, const Ticket& ticket) {
  if (const auto reason = denial(actor, type, ticket)) {
    forbid(actor, type, ticket, reason->en, reason->zh);
  }
}

bool sees_contact_data(const Actor& actor, const Ticket& ticket) noexcept {
  if (actor.id.empty()) {
    return false;
  }
  if (is_office_role(actor.role)) {
    return true;
  }
  if (actor.unit.empty() || actor.unit != ticket.lead_unit) {
    return false;
  }
  return actor.role == Role::unit_leader || (actor.role == Role::handler && actor.id == ticket.handler_id);
}

Ticket masked(const Ticket& ticket) {
  Ticket copy = ticket;
  Requester& r = copy.requester;
  r.name = mask_person_name(r.name);
  r.company = mask_company(r.company);
  r.address = mask_address(r.address);
  r.phone = mask_phone(r.phone);
  r.email = mask_email(r.email);
  return copy;
}

Ticket view_for(const Actor& actor, const Ticket& ticket) {
  return sees_contact_data(actor, ticket) ? ticket : masked(ticket);
}

}  // namespace jishiban
