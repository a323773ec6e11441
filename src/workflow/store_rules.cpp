#include "workflow/store_rules.hpp"

#include <string>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::detail {

void check_idempotency_key(const StoreWrite& write) {
  const std::string_view key = write.idempotency_key;
  if (key.empty()) {
    return;
  }
  validate_idempotency_key(key);
}

[[noreturn]] void raise_key_conflict(const std::string& owner) {
  throw Error(ErrorCode::conflict,
              "the idempotency key was already used for ticket " + quote_for_message(owner) +
                  "; the command it names was already applied",
              "该幂等键已用于工单 " + quote_for_message(owner) + "，它所标识的命令已经执行过");
}

std::optional<Instant> earliest_due(const Ticket& ticket) {
  if (!is_open(ticket.state)) {
    return std::nullopt;
  }
  std::optional<Instant> earliest;
  for (const std::optional<SlaClock>* clock : {&ticket.dispatch_clock, &ticket.handling_clock}) {
    const bool counting = clock->has_value() && (*clock)->running() && !(*clock)->paused_at.has_value();
    if (counting && (!earliest || (*clock)->due < *earliest)) {
      earliest = (*clock)->due;
    }
  }
  return earliest;
}

namespace {

[[noreturn]] void reject_value(const std::string& ticket_id, const char* field_en, const char* field_zh,
                               long long value) {
  const std::string id = quote_for_message(ticket_id);
  const std::string number = std::to_string(value);
  throw Error(ErrorCode::invalid_argument,
              "cannot append to ticket " + id + ": " + field_en + " is " + number +
                  ", which is not a value of its enumeration; a store could not read it back",
              "无法追加到工单 " + id + "：" + field_zh + "的取值 " + number + " 不属于其枚举，存储后无法读回");
}

template <class Enum>
void check_enum(const std::string& ticket_id, const char* field_en, const char* field_zh, Enum value, Enum last) {
  const auto number = static_cast<long long>(value);
  if (number < 0 || number > static_cast<long long>(last)) {
    reject_value(ticket_id, field_en, field_zh, number);
  }
}

}  // namespace

void check_write(const StoreWrite& write) {
  check_append_arguments(write.event, write.after, write.expected_version);
  check_idempotency_key(write);
  const std::string& id = write.after.id;
  check_enum(id, "the event type", "事件类型", write.event.type, static_cast<EventType>(event_type_count - 1));
  check_enum(id, "the actor's role", "操作人角色", write.event.actor.role, Role::report_viewer);
  check_enum(id, "the ticket state", "工单状态", write.after.state, static_cast<TicketState>(ticket_state_count - 1));
  if (write.notifications == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < write.notifications->size(); ++i) {
    const Notification& n = (*write.notifications)[i];
    check_enum(id, "a notification's kind", "通知类型", n.kind,
               static_cast<NotificationKind>(notification_kind_count - 1));
    check_enum(id, "a notification's recipient role", "通知接收角色", n.recipient_role, Role::report_viewer);
    for (std::size_t j = 0; j < i; ++j) {
      if ((*write.notifications)[j].id == n.id) {
        const std::string quoted = quote_for_message(n.id);
        throw Error(ErrorCode::invalid_argument,
                    "cannot append to ticket " + quote_for_message(id) + ": notification id " + quoted +
                        " appears twice; give each notification its own id",
                    "无法追加到工单 " + quote_for_message(id) + "：通知编号 " + quoted + " 出现了两次；每条通知须有自己的编号");
      }
    }
  }
}

void check_append_arguments(const Event& event, const Ticket& after, std::uint64_t expected_version) {
  if (event.ticket_id != after.id) {
    const std::string id = quote_for_message(after.id);
    const std::string event_id = quote_for_message(event.ticket_id);
    throw Error(ErrorCode::invalid_argument,
                "cannot append to ticket " + id + ": the event names ticket " + event_id,
                "无法追加到工单 " + id + "：事件属于工单 " + event_id);
  }
  if (after.version != expected_version + 1 || event.sequence != after.version) {
    const std::string id = quote_for_message(after.id);
    const std::string expected = std::to_string(expected_version);
    const std::string version = std::to_string(after.version);
    const std::string sequence = std::to_string(event.sequence);
    throw Error(ErrorCode::invalid_argument,
                "cannot append to ticket " + id + ": the expected version is " + expected +
                    ", so the new version and the event's sequence number must both be one more, but they are " +
                    version + " and " + sequence,
                "无法追加到工单 " + id + "：预期版本为 " + expected + "，新版本和事件序号都应比它大 1，实际为 " + version +
                    " 和 " + sequence);
  }
}

[[noreturn]] void raise_conflict(const std::string& ticket_id, bool exists, std::uint64_t stored_version,
                                 std::uint64_t expected_version) {
  const std::string id = quote_for_message(ticket_id);
  const std::string stored = std::to_string(stored_version);
  const std::string expected = std::to_string(expected_version);
  if (expected_version == 0) {
    throw Error(ErrorCode::conflict,
                "ticket " + id + " already exists at version " + stored +
                    ", but version 0 (a new ticket) was expected; register the request under a new ticket number",
                "工单 " + id + " 已存在，当前版本为 " + stored + "，但预期版本为 0（新工单）；请使用新的来件编号登记");
  }
  if (!exists) {
    throw Error(ErrorCode::conflict,
                "ticket " + id + " does not exist (version 0), but version " + expected + " was expected",
                "工单 " + id + " 不存在（版本 0），但预期版本为 " + expected);
  }
  throw Error(ErrorCode::conflict,
              "ticket " + id + " is at version " + stored + ", but version " + expected +
                  " was expected; it changed since it was loaded, so reload it and retry",
              "工单 " + id + " 当前版本为 " + stored + "，但预期版本为 " + expected + "；工单在读取后已被修改，请重新读取后重试");
}

}  // namespace jishiban::detail
