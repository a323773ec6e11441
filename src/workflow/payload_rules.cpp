// Payload rules per command.
#include "workflow/payload_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::detail {
namespace {

using ET = EventType;

// Payload fields, as bits.
enum Field : std::uint32_t {
  kReceivedAt = 1u << 0,
  kChannel = 1u << 1,
  kRequester = 1u << 2,
  kContent = 1u << 3,
  kCategory = 1u << 4,
  kLeadUnit = 1u << 5,
  kAssisting = 1u << 6,
  kProposed = 1u << 7,
  kHandler = 1u << 8,
  kText = 1u << 9,
  kRule = 1u << 10,
  kDays = 1u << 11,
  kResult = 1u << 12,
  kSatisfaction = 1u << 13,
  kDuplicate = 1u << 14,
  kSourceId = 1u << 15,
};

struct Rule {
  std::uint32_t reads;
  std::uint32_t requires_;
};

Rule rule_of(EventType type) {
  switch (type) {
    case ET::register_request:
      return {kReceivedAt | kChannel | kRequester | kContent | kSourceId, kChannel | kRequester | kContent};
    case ET::draft:
      return {kCategory | kLeadUnit | kAssisting | kProposed, kCategory | kLeadUnit};
    case ET::approve_dispatch:
    case ET::approve_plan:
    case ET::sign_general_reply:
    case ET::record_first_contact:
    case ET::approve_extension:
    case ET::reject_extension:
    case ET::approve_suspension:
    case ET::reject_suspension:
    case ET::resume:
    case ET::urge:
    case ET::accept_result:
      return {kText, 0};
    case ET::send_back:
    case ET::explain_decline:
    case ET::return_to_office:
    case ET::answer_consultation:
    case ET::propose_general:
    case ET::submit_special_report:
    case ET::revise_plan:
    case ET::submit_assisting_opinion:
    case ET::override_assisting:
    case ET::request_suspension:
    case ET::request_rework:
    case ET::reopen:
    case ET::close_with_note:
    case ET::withdraw:
      return {kText, kText};
    case ET::decline_at_intake:
    case ET::decline_after_dispatch:
      return {kText | kRule, kText | kRule};
    case ET::claim:
      return {kHandler | kText, kHandler};
    case ET::request_extension:
      return {kDays | kText, kDays | kText};
    case ET::reclassify:
      return {kCategory | kText, kCategory | kText};
    case ET::report_result:
      return {kResult, kResult};
    case ET::return_visit:
      return {kSatisfaction | kText, kSatisfaction};
    case ET::merge_duplicate:
      return {kDuplicate | kText, kDuplicate};
    case ET::archive:
      return {0, 0};
    default:
      return {0, 0};
  }
}

// Limits in bytes: short fields are names and ids, texts are free text.
constexpr std::size_t kShortLimit = 256;
constexpr std::size_t kTextLimit = 64 * 1024;

// Whether `value` is one of the enumerators from 0 to `last`.
template <class Enum>
bool is_enumerator(Enum value, Enum last) noexcept {
  return static_cast<long long>(value) >= 0 && static_cast<long long>(value) <= static_cast<long long>(last);
}

class Checker {
 public:
  explicit Checker(const Command& command) : command_(command) {}

  [[noreturn]] void fail(std::string_view field, const std::string& en, const std::string& zh) const {
    const std::string type(to_string(command_.type));
    throw Error(ErrorCode::invalid_argument, type + ": field \"" + std::string(field) + "\" " + en,
                type + "：字段“" + std::string(field) + "”" + zh);
  }

  // A short field: valid UTF-8, no control characters, at most 256 bytes.
  void short_text(std::string_view field, const std::string& value, bool required) const {
    if (value.empty()) {
      if (required) {
        fail(field, "is required", "为必填项");
      }
      return;
    }
    text_common(field, value, kShortLimit);
    for (unsigned char c : value) {
      if (c < 0x20 || c == 0x7f) {
        fail(field, "contains a control character", "包含控制字符");
      }
    }
  }

  // Free text: valid UTF-8 and at most 64 KiB; line breaks are allowed.
  void long_text(std::string_view field, const std::string& value, bool required) const {
    if (value.empty()) {
      if (required) {
        fail(field, "is required", "为必填项");
      }
      return;
    }
    text_common(field, value, kTextLimit);
  }

  // An optional enumeration value, which must be one of the values up to
  // `last`: a value cast from another integer would index the policy's
  // tables out of bounds and could not be stored.
  template <class Enum>
  void enumeration(std::string_view field, const std::optional<Enum>& value, Enum last) const {
    if (value && !is_enumerator(*value, last)) {
      const std::string number = std::to_string(static_cast<long long>(*value));
      std::string names;
      for (int i = 0; i <= static_cast<int>(last); ++i) {
        names += (i == 0 ? "" : ", ") + std::string(to_string(static_cast<Enum>(i)));
      }
      fail(field, "is " + number + ", not one of the values " + names,
           "的取值 " + number + " 无效，应为以下之一：" + names);
    }
  }

 private:
  void text_common(std::string_view field, const std::string& value, std::size_t limit) const {
    if (!is_valid_utf8(value)) {
      fail(field, "is not valid UTF-8", "不是有效的 UTF-8 文本");
    }
    if (value.find('\0') != std::string::npos) {
      fail(field, "contains a NUL character", "包含 NUL 字符");
    }
    if (value.size() > limit) {
      fail(field, "is longer than " + std::to_string(limit) + " bytes (" + std::to_string(value.size()) + ")",
           "超过 " + std::to_string(limit) + " 字节（" + std::to_string(value.size()) + "）");
    }
  }

  const Command& command_;
};

// The fields that are set, as bits.
std::uint32_t present(const Payload& p) {
  std::uint32_t bits = 0;
  bits |= p.received_at ? kReceivedAt : 0u;
  bits |= p.channel ? kChannel : 0u;
  bits |= p.requester ? kRequester : 0u;
  bits |= !p.content.empty() ? kContent : 0u;
  bits |= p.category ? kCategory : 0u;
  bits |= !p.lead_unit.empty() ? kLeadUnit : 0u;
  bits |= !p.assisting_units.empty() ? kAssisting : 0u;
  bits |= !p.proposed_handling.empty() ? kProposed : 0u;
  bits |= (!p.handler_id.empty() || !p.handler_name.empty()) ? kHandler : 0u;
  bits |= !p.text.empty() ? kText : 0u;
  bits |= !p.rule.empty() ? kRule : 0u;
  bits |= p.days != 0 ? kDays : 0u;
  bits |= p.result ? kResult : 0u;
  bits |= p.satisfaction ? kSatisfaction : 0u;
  bits |= !p.duplicate_of.empty() ? kDuplicate : 0u;
  bits |= p.source_id ? kSourceId : 0u;
  return bits;
}

constexpr std::pair<Field, std::string_view> kFieldNames[] = {
    {kReceivedAt, "received_at"}, {kChannel, "channel"},
    {kRequester, "requester"},    {kContent, "content"},
    {kCategory, "category"},      {kLeadUnit, "lead_unit"},
    {kAssisting, "assisting_units"}, {kProposed, "proposed_handling"},
    {kHandler, "handler_id"},     {kText, "text"},
    {kRule, "rule"},              {kDays, "days"},
    {kResult, "result"},          {kSatisfaction, "satisfaction"},
    {kDuplicate, "duplicate_of"},  {kSourceId, "source_id"},
};

}  // namespace

void validate_actor(const Command& command) {
  const Checker check(command);
  check.enumeration("actor.role", std::optional<Role>(command.actor.role), Role::report_viewer);
  check.short_text("actor.id", command.actor.id, false);
  check.short_text("actor.name", command.actor.name, false);
  check.short_text("actor.unit", command.actor.unit, false);
}

void validate_payload(const Command& command, const Ticket& ticket) {
  const Checker check(command);
  const Payload& p = command.payload;
  const Rule rule = rule_of(command.type);
  const std::uint32_t set = present(p);

  for (const auto& [bit, name] : kFieldNames) {
    if ((set & bit) && !(rule.reads & bit)) {
      check.fail(name, "is not read by this command; leave it empty", "不适用于该操作，应留空");
    }
    if (!(set & bit) && (rule.requires_ & bit)) {
      check.fail(name, "is required", "为必填项");
    }
  }

  check.enumeration("channel", p.channel, Channel::wechat);
  check.enumeration("category", p.category, Category::difficult);
  check.enumeration("satisfaction", p.satisfaction, Satisfaction::unreachable);

  check.long_text("comment", command.comment, false);
  check.long_text("text", p.text, false);
  check.long_text("content", p.content, false);
  check.long_text("proposed_handling", p.proposed_handling, false);
  check.short_text("rule", p.rule, false);
  check.short_text("handler_id", p.handler_id, (rule.requires_ & kHandler) != 0);
  check.short_text("handler_name", p.handler_name, false);
  check.short_text("duplicate_of", p.duplicate_of, false);

  if (p.requester) {
    // Contact data never appears in messages: the checks name the field only.
    const Requester& r = *p.requester;
    check.short_text("requester.name", r.name, false);
    check.short_text("requester.company", r.company, false);
    check.long_text("requester.address", r.address, false);
    check.short_text("requester.phone", r.phone, false);
    check.short_text("requester.email", r.email, false);
    if (r.name.empty() && r.company.empty() && r.phone.empty() && r.email.empty()) {
      check.fail("requester", "needs at least a name, a company, a phone number or an e-mail address",
                 "至少需要联系人、企业名称、电话或电子邮箱之一");
    }
  }

  if (rule.reads & kLeadUnit) {
    check.short_text("lead_unit", p.lead_unit, true);
    // Checked before the loop, whose duplicate search is quadratic.
    if (p.assisting_units.size() > 32) {
      check.fail("assisting_units", "has more than 32 units", "超过 32 个单位");
    }
    for (std::size_t i = 0; i < p.assisting_units.size(); ++i) {
      const std::string& unit = p.assisting_units[i];
      check.short_text("assisting_units", unit, true);
      if (unit == p.lead_unit) {
        check.fail("assisting_units", "names the lead unit \"" + unit + "\" again", "重复列出了主办单位“" + unit + "”");
      }
      if (std::find(p.assisting_units.begin(), p.assisting_units.begin() + static_cast<std::ptrdiff_t>(i), unit) !=
          p.assisting_units.begin() + static_cast<std::ptrdiff_t>(i)) {
        check.fail("assisting_units", "names \"" + unit + "\" twice", "重复列出了“" + unit + "”");
      }
    }
  }

  if ((rule.reads & kDays) && (p.days < 1 || p.days > 100)) {
    check.fail("days", "must be 1 to 100 working days, not " + std::to_string(p.days),
               "应为 1 至 100 个工作日，而不是 " + std::to_string(p.days));
  }

  if (p.result) {
    check.long_text("result.problem", p.result->problem, false);
    check.long_text("result.handling", p.result->handling, false);
    check.long_text("result.result", p.result->result, true);
    if (p.result->attachments.size() > 64) {
      check.fail("result.attachments", "has more than 64 references", "超过 64 个附件引用");
    }
    for (const auto& reference : p.result->attachments) {
      check.long_text("result.attachments", reference, true);
      if (reference.size() > 2048) {
        check.fail("result.attachments", "has a reference longer than 2048 bytes", "包含超过 2048 字节的附件引用");
      }
    }
  }

  if (command.type == ET::reclassify && ticket.category == p.category) {
    check.fail("category", "is already " + std::string(to_string(*p.category)) + "; give a different category",
               "已经是 " + std::string(to_string(*p.category)) + "，请选择不同的类别");
  }

}

void validate_duplicate_target(const Command& command, const Ticket& ticket, const std::optional<Ticket>& target) {
  const std::string id = quote_for_message(command.payload.duplicate_of);
  if (!target) {
    throw Error(ErrorCode::not_found, "merge_duplicate: no ticket " + id + " to merge into; check duplicate_of",
                "merge_duplicate：没有可合并到的工单 " + id + "；请核对 duplicate_of");
  }
  if (target->id == ticket.id) {
    throw Error(ErrorCode::invalid_argument, "merge_duplicate: ticket " + ticket.id + " cannot duplicate itself",
                "merge_duplicate：工单 " + ticket.id + " 不能与自身合并");
  }
  if (target->closure == Closure::merged) {
    throw Error(ErrorCode::invalid_argument,
                "merge_duplicate: ticket " + target->id + " was itself merged into " + target->duplicate_of +
                    "; merge into that one",
                "merge_duplicate：工单 " + target->id + " 本身已合并到 " + target->duplicate_of + "；请合并到该工单");
  }
}

}  // namespace jishiban::detail
