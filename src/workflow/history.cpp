// Folding a history into a ticket, through the same machine and steps as
// the engine, without the calendar: clocks come from the events.
#include <string>

#include "jishiban/error.hpp"
#include "jishiban/workflow/history.hpp"
#include "workflow/machine.hpp"

namespace jishiban {
namespace {

[[noreturn]] void bad_history(const Event& event, const std::string& en, const std::string& zh) {
  const std::string where = "event " + std::to_string(event.sequence) + " (" + std::string(to_string(event.type)) +
                            ") of ticket " + event.ticket_id;
  const std::string where_zh = "工单 " + event.ticket_id + " 的第 " + std::to_string(event.sequence) + " 个事件（" +
                               std::string(to_string(event.type)) + "）";
  throw Error(ErrorCode::invalid_data, where + ": " + en, where_zh + "：" + zh);
}

}  // namespace

void apply(Ticket& ticket, const Event& event) {
  if (event.type == EventType::register_request) {
    bad_history(event, "a ticket is registered only once, by its first event", "登记事件只能是工单的第一个事件");
  }
  if (event.ticket_id != ticket.id) {
    bad_history(event, "it belongs to another ticket than " + ticket.id, "该事件不属于工单 " + ticket.id);
  }
  if (event.sequence != ticket.version + 1) {
    bad_history(event, "expected sequence number " + std::to_string(ticket.version + 1),
                "序号应为 " + std::to_string(ticket.version + 1));
  }

  Ticket draft = ticket;
  try {
    detail::apply_in_place(draft, event);
  } catch (const Error& error) {
    bad_history(event, error.message(Language::en), error.message(Language::zh_CN));
  }
  ticket = std::move(draft);
}

Ticket fold(const std::vector<Event>& events) {
  if (events.empty()) {
    throw Error(ErrorCode::invalid_data, "an empty history describes no ticket", "空的事件历史不对应任何工单");
  }
  const Event& first = events.front();
  if (first.type != EventType::register_request || first.sequence != 1) {
    bad_history(first, "a history starts with register_request as event 1", "事件历史必须以序号为 1 的登记事件开始");
  }
  Ticket ticket = detail::start_ticket(first);
  for (std::size_t i = 1; i < events.size(); ++i) {
    apply(ticket, events[i]);
  }
  return ticket;
}

}  // namespace jishiban
