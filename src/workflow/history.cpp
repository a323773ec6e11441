// Folding a history into a ticket, through the same machine and steps as
// the engine, without the calendar: clocks come from the events.
#include <optional>
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

template <class Enum>
void check_enumerator(const Event& event, const char* field, const std::optional<Enum>& value, Enum last) {
  const auto number = value ? static_cast<long long>(*value) : 0;
  if (number < 0 || number > static_cast<long long>(last)) {
    bad_history(event, std::string(field) + " is " + std::to_string(number) + ", which is not a value of its enumeration",
                std::string(field) + " 的取值 " + std::to_string(number) + " 无效");
  }
}

// Rejects values cast from integers outside their enumeration, which the
// engine never writes: a ticket holding one could be neither stored nor
// written as JSON.
void check_enumerators(const Event& event) {
  check_enumerator(event, "type", std::optional<EventType>(event.type), EventType::deadline_recomputed);
  check_enumerator(event, "payload.channel", event.payload.channel, Channel::wechat);
  check_enumerator(event, "payload.category", event.payload.category, Category::difficult);
  check_enumerator(event, "payload.satisfaction", event.payload.satisfaction, Satisfaction::unreachable);
}

// Checks an SLA event or deadline_recomputed against what the engine
// records. The ticket is open, an SLA event carries exactly one clock and a
// recomputation at least one, and escalations concern the handling clock
// only. Each clock sits in the field of its kind and replaces a clock the
// ticket has.
void check_clock_event(const Ticket& ticket, const Event& event) {
  if (!is_open(ticket.state)) {
    bad_history(event, "the ticket is " + std::string(to_string(ticket.state)) + " and has no running clock",
                "工单处于" + std::string(chinese_name(ticket.state)) + "状态，没有计时中的时限");
  }
  const Computed& computed = event.computed;
  const int clocks = (computed.dispatch_clock ? 1 : 0) + (computed.handling_clock ? 1 : 0);
  if (event.type == EventType::deadline_recomputed && clocks == 0) {
    bad_history(event, "it carries no clock", "该事件没有携带时限");
  }
  if (event.type != EventType::deadline_recomputed && clocks != 1) {
    bad_history(event, "it must carry exactly one clock, not " + std::to_string(clocks),
                "该事件应恰好携带一个时限，实际为 " + std::to_string(clocks) + " 个");
  }
  if (event.type == EventType::sla_escalation && !computed.handling_clock) {
    bad_history(event, "an escalation concerns the handling clock only", "移交纪检只针对办理时限");
  }
  for (const SlaClockKind kind : {SlaClockKind::dispatch, SlaClockKind::handling}) {
    const bool dispatch = kind == SlaClockKind::dispatch;
    const std::optional<SlaClock>& clock = dispatch ? computed.dispatch_clock : computed.handling_clock;
    const std::optional<SlaClock>& current = dispatch ? ticket.dispatch_clock : ticket.handling_clock;
    const std::string name(to_string(kind));
    if (!clock) {
      continue;
    }
    if (clock->kind != kind) {
      bad_history(event, "its " + name + " clock is of kind " + std::string(to_string(clock->kind)),
                  "其 " + name + " 时限的类型为 " + std::string(to_string(clock->kind)));
    }
    if (!current) {
      bad_history(event, "the ticket has no " + name + " clock to update", "工单没有可更新的 " + name + " 时限");
    }
  }
}

}  // namespace

void apply(Ticket& ticket, const Event& event) {
  check_enumerators(event);
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

  // The engine dates each event at the later of the clock's instant and
  // the ticket's last event, so a history never goes back in time.
  if (event.at < ticket.updated_at) {
    bad_history(event, "it is dated before the ticket's previous event", "该事件的时间早于工单的上一个事件");
  }
  if (!is_command(event.type)) {
    check_clock_event(ticket, event);
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
  check_enumerators(first);
  if (first.type != EventType::register_request || first.sequence != 1) {
    bad_history(first, "a history starts with register_request as event 1", "事件历史必须以序号为 1 的登记事件开始");
  }
  // The engine's registration always carries these three.
  if (!first.payload.channel || !first.payload.requester || !first.computed.dispatch_clock) {
    bad_history(first, "a registration needs a channel, a requester and a dispatch clock",
                "登记事件必须包含受理渠道、诉求人和分拨时限");
  }
  Ticket ticket = detail::start_ticket(first);
  for (std::size_t i = 1; i < events.size(); ++i) {
    apply(ticket, events[i]);
  }
  return ticket;
}

}  // namespace jishiban
