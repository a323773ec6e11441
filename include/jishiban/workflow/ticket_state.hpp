// States of a ticket (工单) in the 123 workflow.
#ifndef JISHIBAN_WORKFLOW_TICKET_STATE_HPP
#define JISHIBAN_WORKFLOW_TICKET_STATE_HPP

#include <cstddef>
#include <optional>
#include <string_view>

namespace jishiban {

// In the order of a normal life. in_progress, suspended and plan_under_review
// are the three steps of handling inside the unit.
enum class TicketState {
  registered,                // 已登记: recorded by a service officer; dispatch clock runs
  awaiting_office_approval,  // 待办公室审批: work order drafted, waiting for the office leader
  declined,                  // 不予受理: declined at intake; the explanation is due
  dispatched,                // 已分拨: the lead unit received it; handling clock runs
  in_progress,               // 办理中: claimed, a handler is assigned
  suspended,                 // 已挂起: waiting for the enterprise; handling clock paused
  plan_under_review,         // 方案审议中: special report with a work plan before the committee
  replied,                   // 已答复: the reply went out; handling clock stopped
  result_reported,           // 已反馈: the unit reported the result to the office
  awaiting_return_visit,     // 待回访: the reviewer accepted; the office calls the requester
  closed,                    // 已办结: finished, waiting to be archived
  archived,                  // 已归档: terminal and immutable
};

inline constexpr std::size_t ticket_state_count = 12;

// Returns the stable name, for example "in_progress".
std::string_view to_string(TicketState state) noexcept;

// Parses a name that to_string returns, or returns std::nullopt for any other
// text.
std::optional<TicketState> parse_ticket_state(std::string_view text) noexcept;

// Returns the Chinese name shown to users, for example "办理中".
std::string_view chinese_name(TicketState state) noexcept;

// Returns whether the request still needs work, which is true for every state
// except closed and archived.
constexpr bool is_open(TicketState state) noexcept {
  return state != TicketState::closed && state != TicketState::archived;
}

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_TICKET_STATE_HPP
