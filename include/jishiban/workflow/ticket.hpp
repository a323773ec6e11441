// Ticket: one enterprise request (诉求) and its work order (工单).
//
// A Ticket is the fold of its events: Engine builds it by applying each event
// of the history in order, so the same history always gives the same ticket.
// Hosts read tickets; they change them only through Engine commands.
#ifndef JISHIBAN_WORKFLOW_TICKET_HPP
#define JISHIBAN_WORKFLOW_TICKET_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace jishiban {

// The requester's contact data. Only office roles and the assigned unit's
// leader and handler see it unmasked (see masking.hpp).
struct Requester {
  std::string name;     // contact person
  std::string company;  // enterprise
  std::string address;
  std::string phone;
  std::string email;

  friend bool operator==(const Requester& a, const Requester& b) noexcept {
    return a.name == b.name && a.company == b.company && a.address == b.address && a.phone == b.phone &&
           a.email == b.email;
  }
  friend bool operator!=(const Requester& a, const Requester& b) noexcept { return !(a == b); }
};

// Results of a return visit (回访).
enum class Satisfaction {
  satisfied,            // 满意
  basically_satisfied,  // 基本满意
  dissatisfied,         // 不满意
  unreachable,          // 无法联系
};

// Returns "satisfied", "basically_satisfied", "dissatisfied" or "unreachable".
std::string_view to_string(Satisfaction satisfaction) noexcept;
std::optional<Satisfaction> parse_satisfaction(std::string_view text) noexcept;

// Reason a ticket was closed or archived.
enum class Closure {
  none,                 // still open
  satisfied,            // return visit: satisfied
  basically_satisfied,  // return visit: basically satisfied
  closed_with_note,     // dissatisfied, closed by the office with a note
  unreachable,          // every return-visit attempt failed
  declined,             // declined at intake, explanation given
  withdrawn,            // the requester withdrew the request
  merged,               // a duplicate, merged into another ticket
};

std::string_view to_string(Closure closure) noexcept;
std::optional<Closure> parse_closure(std::string_view text) noexcept;

// Signed opinion on a work order: the signer, the instant and the text.
struct Opinion {
  std::string actor_id;
  std::string actor_name;
  std::string text;
  Instant at;

  bool empty() const noexcept { return actor_id.empty(); }

  friend bool operator==(const Opinion& a, const Opinion& b) noexcept {
    return a.actor_id == b.actor_id && a.actor_name == b.actor_name && a.text == b.text && a.at == b.at;
  }
  friend bool operator!=(const Opinion& a, const Opinion& b) noexcept { return !(a == b); }
};

// An assisting unit's (协办单位) opinion.
struct AssistingOpinion {
  std::string unit;
  Opinion opinion;

  friend bool operator==(const AssistingOpinion& a, const AssistingOpinion& b) noexcept {
    return a.unit == b.unit && a.opinion == b.opinion;
  }
  friend bool operator!=(const AssistingOpinion& a, const AssistingOpinion& b) noexcept { return !(a == b); }
};

// The result the unit reports to the office (办理结果反馈).
struct ResultReport {
  std::string problem;
  std::string handling;
  std::string result;
  // References to attachments kept by the host, such as file ids or URLs.
  std::vector<std::string> attachments;

  friend bool operator==(const ResultReport& a, const ResultReport& b) noexcept {
    return a.problem == b.problem && a.handling == b.handling && a.result == b.result &&
           a.attachments == b.attachments;
  }
  friend bool operator!=(const ResultReport& a, const ResultReport& b) noexcept { return !(a == b); }
};

struct Ticket {
  // The ticket number (来件编号), which is also its id: unique, sequential
  // per year of receipt, formatted by the policy's pattern.
  std::string id;
  int year = 0;
  std::int64_t sequence = 0;

  // Intake.
  Instant received_at;
  Instant registered_at;
  Channel channel = Channel::hotline;
  Requester requester;
  std::string content;
  // Optional: the request's id in the channel's own system, such as the
  // hotline's call record number or a WeChat MsgId, copied exactly from
  // register_request. It is not contact data, so it is never masked.
  std::optional<std::int64_t> source_id;

  // The work order drafted by the service officer.
  std::optional<Category> category;
  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string proposed_handling;

  // Signatures and opinions on the work order.
  Opinion office_leader_opinion;  // 办公室领导意见
  Opinion unit_leader_opinion;    // 承办部门领导意见
  Opinion committee_opinion;      // 管委会领导意见 on a work plan
  std::string handler_id;         // 经办人
  std::string handler_name;
  std::string reviewer_id;  // 审核人
  std::string reviewer_name;

  // Handling.
  std::optional<Instant> first_contact_at;
  std::string proposal;        // a general request's proposal, before sign-off
  std::string special_report;  // a difficult request's report and work plan
  std::vector<AssistingOpinion> assisting_opinions;
  std::string assisting_override;  // why the reply went out without every opinion

  // The reply to the requester. `declined` marks an explanation of why the
  // request cannot be handled, citing `decline_rule`.
  std::string reply;
  std::optional<Instant> replied_at;
  bool declined = false;
  std::string decline_rule;

  ResultReport result;
  std::optional<Instant> result_reported_at;

  // Return visits.
  std::optional<Satisfaction> satisfaction;
  int return_visit_attempts = 0;

  // Requests waiting for the office: working days of a requested extension
  // (0 for none) and whether a suspension was requested.
  int requested_extension_days = 0;
  bool suspension_requested = false;

  // Counters for supervision reports.
  int urges = 0;
  int returns = 0;
  int reworks = 0;
  int reopenings = 0;

  // Working time of handling clocks lost to returns by units before a
  // re-dispatch.
  std::chrono::seconds lost_working_time{0};

  Closure closure = Closure::none;
  std::string closing_note;
  std::string duplicate_of;  // the ticket this one duplicates

  TicketState state = TicketState::registered;
  std::optional<SlaClock> dispatch_clock;
  std::optional<SlaClock> handling_clock;

  // The number of events in the history, and the instant of the last one.
  std::uint64_t version = 0;
  Instant updated_at;

  friend bool operator==(const Ticket& a, const Ticket& b) noexcept;
  friend bool operator!=(const Ticket& a, const Ticket& b) noexcept { return !(a == b); }
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_TICKET_HPP
