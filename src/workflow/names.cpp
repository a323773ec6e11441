// Names of the workflow's enumerations: stable English names for data and
// logs, Chinese names for people.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/ticket.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace jishiban {
namespace {

// One row per enumerator, in declaration order, so the value is the index.
struct Names {
  std::string_view name;
  std::string_view chinese;
};

template <class Enum, std::size_t N>
std::string_view name_at(const std::array<Names, N>& table, Enum value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? table[index].name : std::string_view("unknown");
}

template <class Enum, std::size_t N>
std::string_view chinese_at(const std::array<Names, N>& table, Enum value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? table[index].chinese : std::string_view("未知");
}

template <class Enum, std::size_t N>
std::optional<Enum> find(const std::array<Names, N>& table, std::string_view text) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i].name == text) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

constexpr std::array<Names, ticket_state_count> kStates{{
    {"registered", "已登记"},
    {"awaiting_office_approval", "待办公室审批"},
    {"declined", "不予受理"},
    {"dispatched", "已分拨"},
    {"in_progress", "办理中"},
    {"suspended", "已挂起"},
    {"plan_under_review", "方案审议中"},
    {"replied", "已答复"},
    {"result_reported", "已反馈"},
    {"awaiting_return_visit", "待回访"},
    {"closed", "已办结"},
    {"archived", "已归档"},
}};

constexpr std::array<Names, event_type_count> kEvents{{
    {"register_request", "登记诉求"},
    {"draft", "拟办"},
    {"approve_dispatch", "签批分拨"},
    {"send_back", "退回重拟"},
    {"decline_at_intake", "签批不予受理"},
    {"explain_decline", "说明不予受理理由"},
    {"claim", "认领并指定经办人"},
    {"return_to_office", "退回办公室"},
    {"record_first_contact", "首次联系企业"},
    {"answer_consultation", "咨询类答复"},
    {"propose_general", "一般类拟办意见"},
    {"sign_general_reply", "签批一般类答复"},
    {"submit_special_report", "报送专题报告"},
    {"approve_plan", "审定工作方案"},
    {"revise_plan", "退回修改方案"},
    {"decline_after_dispatch", "签批暂时无法办理说明"},
    {"submit_assisting_opinion", "协办单位意见"},
    {"override_assisting", "协办意见未齐时决定答复"},
    {"request_extension", "申请延期"},
    {"approve_extension", "批准延期"},
    {"reject_extension", "驳回延期"},
    {"request_suspension", "申请挂起"},
    {"approve_suspension", "批准挂起"},
    {"reject_suspension", "驳回挂起"},
    {"resume", "恢复办理"},
    {"reclassify", "调整类别"},
    {"urge", "催办"},
    {"report_result", "反馈办理结果"},
    {"accept_result", "审核通过"},
    {"request_rework", "审核退回重办"},
    {"return_visit", "回访"},
    {"reopen", "重办"},
    {"close_with_note", "说明后办结"},
    {"withdraw", "撤回"},
    {"merge_duplicate", "合并重复件"},
    {"archive", "归档"},
    {"sla_warning", "时限预警"},
    {"sla_breach", "超期督办"},
    {"sla_escalation", "无故超期移交纪检"},
    {"deadline_recomputed", "重算暂定期限"},
}};

constexpr std::array<Names, 2> kClockKinds{{
    {"dispatch", "分拨时限"},
    {"handling", "办理时限"},
}};

constexpr std::array<Names, 5> kSlaStatuses{{
    {"on_track", "正常"},
    {"warning", "预警"},
    {"breached", "已超期"},
    {"met", "按时完成"},
    {"missed", "超期完成"},
}};

constexpr std::array<Names, 4> kSatisfactions{{
    {"satisfied", "满意"},
    {"basically_satisfied", "基本满意"},
    {"dissatisfied", "不满意"},
    {"unreachable", "无法联系"},
}};

constexpr std::array<Names, 8> kClosures{{
    {"none", "未办结"},
    {"satisfied", "满意"},
    {"basically_satisfied", "基本满意"},
    {"closed_with_note", "说明后办结"},
    {"unreachable", "无法联系"},
    {"declined", "不予受理"},
    {"withdrawn", "已撤回"},
    {"merged", "已合并"},
}};

constexpr std::array<Names, notification_kind_count> kNotificationKinds{{
    {"dispatched", "分拨"},
    {"returned", "退回"},
    {"urged", "催办"},
    {"extension_requested", "延期申请"},
    {"suspension_requested", "挂起申请"},
    {"sla_warning", "时限预警"},
    {"sla_breach", "超期督办"},
    {"sla_escalation", "无故超期"},
    {"reopened", "重新办理"},
    {"claim_reminder", "认领提醒"},
    {"reply_to_requester", "答复企业"},
    {"return_visit_due", "待回访"},
}};

}  // namespace

std::string_view to_string(TicketState state) noexcept { return name_at(kStates, state); }
std::optional<TicketState> parse_ticket_state(std::string_view text) noexcept {
  return find<TicketState>(kStates, text);
}
std::string_view chinese_name(TicketState state) noexcept { return chinese_at(kStates, state); }

std::string_view to_string(EventType type) noexcept { return name_at(kEvents, type); }
std::optional<EventType> parse_event_type(std::string_view text) noexcept { return find<EventType>(kEvents, text); }
std::string_view chinese_name(EventType type) noexcept { return chinese_at(kEvents, type); }

std::string_view to_string(SlaClockKind kind) noexcept { return name_at(kClockKinds, kind); }
std::string_view to_string(SlaStatus status) noexcept { return name_at(kSlaStatuses, status); }
std::string_view chinese_name(SlaStatus status) noexcept { return chinese_at(kSlaStatuses, status); }

std::string_view to_string(Satisfaction satisfaction) noexcept { return name_at(kSatisfactions, satisfaction); }
std::optional<Satisfaction> parse_satisfaction(std::string_view text) noexcept {
  return find<Satisfaction>(kSatisfactions, text);
}

std::string_view to_string(Closure closure) noexcept { return name_at(kClosures, closure); }
std::optional<Closure> parse_closure(std::string_view text) noexcept { return find<Closure>(kClosures, text); }

std::string_view to_string(NotificationKind kind) noexcept { return name_at(kNotificationKinds, kind); }

}  // namespace jishiban
