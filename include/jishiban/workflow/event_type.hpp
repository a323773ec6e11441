// Kinds of events in a ticket's history: the commands people give, and the
// SLA events the engine records itself when it polls.
#ifndef JISHIBAN_WORKFLOW_EVENT_TYPE_HPP
#define JISHIBAN_WORKFLOW_EVENT_TYPE_HPP

#include <cstddef>
#include <optional>
#include <string_view>

namespace jishiban {

// The values up to and including `archive` are commands: Engine::execute
// accepts them. The values after it come only from Engine::poll and
// Engine::replace_calendar.
enum class EventType {
  register_request,        // 登记: record a new request
  draft,                   // 拟办: category, lead and assisting units, proposed handling
  approve_dispatch,        // 办公室领导签批分拨
  send_back,               // 办公室领导退回重拟
  decline_at_intake,       // 办公室领导签批不予受理
  explain_decline,         // 向企业说明不予受理的理由
  claim,                   // 承办单位领导认领并指定经办人
  return_to_office,        // 退回办公室 (非本单位职责)
  record_first_contact,    // 经办人首次联系企业
  answer_consultation,     // 咨询类答复
  propose_general,         // 一般类拟办意见
  sign_general_reply,      // 承办单位领导签批一般类答复
  submit_special_report,   // 疑难类专题报告及工作方案
  approve_plan,            // 管委会领导审定工作方案
  revise_plan,             // 管委会领导退回修改方案
  decline_after_dispatch,  // 承办单位领导签批暂时无法办理的说明
  submit_assisting_opinion,  // 协办单位意见
  override_assisting,      // 企业服务员在协办意见未齐时决定答复
  request_extension,       // 申请延期
  approve_extension,       // 办公室领导批准延期
  reject_extension,        // 办公室领导驳回延期
  request_suspension,      // 申请挂起
  approve_suspension,      // 批准挂起
  reject_suspension,       // 驳回挂起
  resume,                  // 恢复办理
  reclassify,              // 调整类别
  urge,                    // 催办
  report_result,           // 办理结果反馈
  accept_result,           // 审核通过
  request_rework,          // 审核退回重办
  return_visit,            // 回访并记录满意度
  reopen,                  // 不满意重办
  close_with_note,         // 不满意但说明后办结
  withdraw,                // 企业撤回诉求
  merge_duplicate,         // 合并重复件
  archive,                 // 归档
  sla_warning,             // SLA 预警
  sla_breach,              // SLA 超期 (督办)
  sla_escalation,          // 无故超期移交纪检
  deadline_recomputed,     // 新的节假日数据发布后重算暂定期限
};

inline constexpr std::size_t event_type_count = 40;

// Returns whether Engine::execute accepts the type. False for a value cast from an
// integer outside the enumeration.
constexpr bool is_command(EventType type) noexcept {
  return type >= EventType::register_request && type <= EventType::archive;
}

// Returns the stable name, for example "approve_dispatch".
std::string_view to_string(EventType type) noexcept;

// Parses a name that to_string returns, or returns std::nullopt for any other
// text.
std::optional<EventType> parse_event_type(std::string_view text) noexcept;

// Returns the Chinese name shown to users, for example "签批分拨".
std::string_view chinese_name(EventType type) noexcept;

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_EVENT_TYPE_HPP
