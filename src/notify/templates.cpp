// The built-in notification texts, a host's texts in their place, and the
// rendering of both.
#include "notify/templates.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detail/strict_json.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban {
namespace detail {
namespace {

constexpr std::array<std::string_view, kPlaceholderCount> kPlaceholderNames{
    "ticket",   "category", "unit",    "state",     "channel",        "due",
    "days",     "reason",   "reply",   "rule",      "result",         "attempt",
    "attempts", "requester", "requester_name", "requester_company", "requester_address", "requester_phone",
    "requester_email",
};

constexpr std::uint32_t bit(Placeholder placeholder) { return std::uint32_t{1} << static_cast<std::size_t>(placeholder); }

// Every template accepts these.
constexpr std::uint32_t kCommon = bit(Placeholder::ticket) | bit(Placeholder::category) | bit(Placeholder::unit) |
                                  bit(Placeholder::state) | bit(Placeholder::channel);

constexpr std::uint32_t kContact = bit(Placeholder::requester) | bit(Placeholder::requester_name) |
                                   bit(Placeholder::requester_company) | bit(Placeholder::requester_address) |
                                   bit(Placeholder::requester_phone) | bit(Placeholder::requester_email);

constexpr std::uint32_t kDue = bit(Placeholder::due);
constexpr std::uint32_t kReason = bit(Placeholder::reason);

struct TemplateSpec {
  std::string_view name;
  // The placeholders it accepts besides kCommon. kContact is included
  // only when every recipient may see the requester's contact data.
  std::uint32_t placeholders;
  std::string_view english;
  std::string_view chinese;
};

// One entry per template, grouped by NotificationKind in its order.
// docs/workflow.md lists the same templates with their placeholders.
constexpr TemplateSpec kTemplates[] = {
    // To the lead unit's leader.
    {"dispatched", kDue | kContact,
     "Ticket {ticket} ({category}) was dispatched to {unit} as the lead unit. Claim it and name a handler; the reply "
     "is due by {due}. Requester: {requester}.",
     "工单 {ticket}（{category}）已分拨至{unit}主办，请及时认领并指定经办人，于 {due} 前答复企业。企业联系人：{requester}。"},
    // To each assisting unit's leader, so never with contact data.
    {"dispatched.assisting", kDue,
     "Ticket {ticket} ({category}) was dispatched to {unit} as the lead unit, with your unit assisting. Give your "
     "unit's opinion before the reply is due at {due}.",
     "工单 {ticket}（{category}）已分拨至{unit}主办，贵单位为协办单位，请于答复期限 {due} 前提交协办意见。"},
    // To the service officers. {due} is the new dispatch deadline.
    {"returned", kDue | kReason | kContact,
     "Ticket {ticket} was returned to the office by {unit} and needs a new dispatch by {due}. Reason: {reason}",
     "工单 {ticket} 被{unit}退回办公室，请于 {due} 前重新分拨。退回理由：{reason}"},
    // To the lead unit's leader.
    {"urged", kContact, "Ticket {ticket} is being urged by the office (state: {state}).",
     "办公室催办工单 {ticket}（当前状态：{state}）。"},
    // To the office leader.
    {"extension_requested", kDue | bit(Placeholder::days) | kReason | kContact,
     "{unit} asks to extend ticket {ticket} by {days} working days (due {due}). Reason: {reason}",
     "{unit}申请将工单 {ticket} 延期 {days} 个工作日（原办理时限 {due}）。延期理由：{reason}"},
    {"suspension_requested", kReason | kContact,
     "{unit} asks to suspend ticket {ticket} while waiting for the enterprise. Reason: {reason}",
     "{unit}申请挂起工单 {ticket}，等待企业补充材料。挂起理由：{reason}"},
    // To the office supervisor.
    {"sla_warning.dispatch", kDue | kContact, "Ticket {ticket} has used most of its dispatch time; it is due by {due}.",
     "工单 {ticket} 的分拨时限即将届满，到期时间 {due}。"},
    {"sla_warning.handling", kDue | kContact, "Ticket {ticket} has used most of its handling time; it is due by {due}.",
     "工单 {ticket} 的办理时限即将届满，到期时间 {due}。"},
    // To the office supervisor, and for the handling clock also to the lead
    // unit's leader.
    {"sla_breach.dispatch", kDue | kContact, "Ticket {ticket} is overdue: its dispatch time ran out at {due}.",
     "工单 {ticket} 已超期：分拨时限已于 {due} 届满。"},
    {"sla_breach.handling", kDue | kContact, "Ticket {ticket} is overdue: its handling time ran out at {due}.",
     "工单 {ticket} 已超期：办理时限已于 {due} 届满。"},
    // To discipline inspection, so never with contact data.
    {"sla_escalation", kDue,
     "Ticket {ticket} of {unit} is still overdue without an approved extension (due {due}) and is escalated.",
     "工单 {ticket}（承办单位：{unit}）超期且未获批准延期（办理时限 {due}），已移交纪检工作部。"},
    // To the lead unit's leader. The _claim variants are for a ticket back
    // in `dispatched`, which has no named handler.
    {"reopened.rework", kDue | kReason | kContact,
     "Ticket {ticket} needs a new round of handling because the reviewer asked for rework. The reply is due by {due}. "
     "Reason: {reason}",
     "审核人要求重新办理工单 {ticket}，请于 {due} 前重新答复。重办理由：{reason}"},
    {"reopened.rework_claim", kDue | kReason | kContact,
     "Ticket {ticket} needs a new round of handling because the reviewer asked for rework. Claim it and name a "
     "handler; the reply is due by {due}. Reason: {reason}",
     "审核人要求重新办理工单 {ticket}，请重新认领并指定经办人，于 {due} 前重新答复。重办理由：{reason}"},
    {"reopened.reopen", kDue | kReason | kContact,
     "Ticket {ticket} needs a new round of handling because the office reopened it after a dissatisfied return "
     "visit. The reply is due by {due}. Reason: {reason}",
     "企业回访不满意，办公室决定重办工单 {ticket}，请于 {due} 前重新答复。重办理由：{reason}"},
    {"reopened.reopen_claim", kDue | kReason | kContact,
     "Ticket {ticket} needs a new round of handling because the office reopened it after a dissatisfied return "
     "visit. Claim it and name a handler; the reply is due by {due}. Reason: {reason}",
     "企业回访不满意，办公室决定重办工单 {ticket}，请重新认领并指定经办人，于 {due} 前重新答复。重办理由：{reason}"},
    // To the lead unit's leader.
    {"claim_reminder", kDue | kContact,
     "Ticket {ticket} ({category}) is still waiting for {unit} to claim it. Claim it and name a handler; the reply is "
     "due by {due}.",
     "工单 {ticket}（{category}）已分拨至{unit}，至今尚未认领。请尽快认领并指定经办人，答复期限为 {due}。"},
    // To the service officers, who send the reply through the request's
    // channel.
    {"reply_to_requester", bit(Placeholder::reply) | kContact,
     "Ticket {ticket} has its reply. Send it to the requester by {channel}: {requester}. Reply: {reply}",
     "工单 {ticket} 已形成答复意见，请通过{channel}答复企业联系人：{requester}。答复内容：{reply}"},
    {"reply_to_requester.declined", bit(Placeholder::reply) | bit(Placeholder::rule) | kContact,
     "Ticket {ticket} cannot be handled under {rule}. Send the explanation to the requester by {channel}: "
     "{requester}. Explanation: {reply}",
     "工单 {ticket} 依据{rule}不予办理，请通过{channel}向企业联系人说明：{requester}。说明内容：{reply}"},
    // To the service officers.
    {"return_visit_due", bit(Placeholder::result) | kContact,
     "The reviewer accepted the result of ticket {ticket}. Call the requester for the return visit: {requester}. "
     "Result: {result}",
     "工单 {ticket} 的办理结果已审核通过，请回访企业联系人：{requester}。办理结果：{result}"},
    {"return_visit_due.retry",
     bit(Placeholder::result) | bit(Placeholder::attempt) | bit(Placeholder::attempts) | kContact,
     "The requester of ticket {ticket} could not be reached on return visit {attempt} of {attempts}. Call again: "
     "{requester}. Result: {result}",
     "工单 {ticket} 第 {attempt} 次回访未能联系上企业（最多回访 {attempts} 次），请再次回访：{requester}。办理结果：{result}"},
};

const TemplateSpec* find_spec(std::string_view name) noexcept {
  // Looked up for each rendered text, so by hash rather than by scanning
  // the table.
  static const std::unordered_map<std::string_view, const TemplateSpec*> kByName = [] {
    std::unordered_map<std::string_view, const TemplateSpec*> by_name;
    for (const TemplateSpec& spec : kTemplates) {
      by_name.emplace(spec.name, &spec);
    }
    return by_name;
  }();
  const auto found = kByName.find(name);
  return found == kByName.end() ? nullptr : found->second;
}

std::string joined_names() {
  std::string names;
  for (const TemplateSpec& spec : kTemplates) {
    names += (names.empty() ? "" : ", ") + std::string(spec.name);
  }
  return names;
}

const TemplateSpec& require_spec(std::string_view name) {
  const TemplateSpec* spec = find_spec(name);
  if (spec == nullptr) {
    const std::string quoted = quote_for_message(name);
    const std::string names = joined_names();
    throw Error(ErrorCode::invalid_argument,
                "unknown notification template " + quoted + "; the templates are " + names,
                "未知的通知模板 " + quoted + "；可用的模板为 " + names);
  }
  return *spec;
}

std::optional<Placeholder> find_placeholder(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kPlaceholderCount; ++i) {
    if (kPlaceholderNames[i] == name) {
      return static_cast<Placeholder>(i);
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> placeholder_names(const TemplateSpec& spec) {
  std::vector<std::string_view> names;
  const std::uint32_t accepted = kCommon | spec.placeholders;
  for (std::size_t i = 0; i < kPlaceholderCount; ++i) {
    if ((accepted & bit(static_cast<Placeholder>(i))) != 0) {
      names.push_back(kPlaceholderNames[i]);
    }
  }
  return names;
}

// Calls `literal` with each run of literal text and `placeholder` with each
// placeholder name, in order. "{{" and "}}" are literal braces. Returns an
// empty string when the text is well formed, else a description of the
// first problem in English.
template <class Literal, class Found>
std::string scan(std::string_view text, Literal literal, Found placeholder) {
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '{' && c != '}') {
      ++i;
      continue;
    }
    literal(text.substr(start, i - start));
    if (i + 1 < text.size() && text[i + 1] == c) {
      literal(text.substr(i, 1));
      i += 2;
      start = i;
      continue;
    }
    if (c == '}') {
      return "has a '}' without its '{' at byte " + std::to_string(i) + "; write }} for a literal brace";
    }
    const std::size_t close = text.find('}', i + 1);
    const std::size_t nested = text.find('{', i + 1);
    if (close == std::string_view::npos || (nested != std::string_view::npos && nested < close)) {
      return "has a '{' without its '}' at byte " + std::to_string(i) + "; write {{ for a literal brace";
    }
    placeholder(text.substr(i + 1, close - i - 1));
    i = close + 1;
    start = i;
  }
  literal(text.substr(start));
  return std::string();
}

[[noreturn]] void reject_text(std::string_view name, Language language, const std::string& problem_en,
                              const std::string& problem_zh) {
  const std::string template_name = quote_for_message(name);
  const char* language_name = language == Language::zh_CN ? "zh" : "en";
  throw Error(ErrorCode::invalid_argument,
              "the " + std::string(language_name) + " text of notification template " + template_name + " " +
                  problem_en,
              "通知模板 " + template_name + " 的 " + language_name + " 文本" + problem_zh);
}

void validate_text(const TemplateSpec& spec, Language language, std::string_view text) {
  if (text.empty()) {
    reject_text(spec.name, language, "is empty; give the message text", "为空；请填写通知内容");
  }
  if (text.size() > notification_template_max_bytes) {
    const std::string limit = std::to_string(notification_template_max_bytes);
    const std::string size = std::to_string(text.size());
    reject_text(spec.name, language, "is longer than " + limit + " bytes (" + size + ")",
                "超过 " + limit + " 字节（" + size + "）");
  }
  if (!is_valid_utf8(text)) {
    reject_text(spec.name, language, "is not valid UTF-8", "不是有效的 UTF-8 文本");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // C1 controls (U+0080 to U+009F) are 0xC2 0x80 to 0xC2 0x9F in UTF-8.
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c1) {
      reject_text(spec.name, language, "contains a control character other than a line break or a tab",
                  "包含换行符和制表符以外的控制字符");
    }
  }

  const std::uint32_t accepted = kCommon | spec.placeholders;
  std::string unknown;
  const std::string problem = scan(
      text, [](std::string_view) {},
      [&](std::string_view placeholder) {
        const std::optional<Placeholder> found = find_placeholder(placeholder);
        if (unknown.empty() && (!found || (accepted & bit(*found)) == 0)) {
          unknown = std::string(placeholder);
        }
      });
  if (!problem.empty()) {
    reject_text(spec.name, language, problem, "的花括号不成对；字面花括号请写作 {{ 或 }}");
  }
  if (!unknown.empty()) {
    std::string names;
    for (const std::string_view name : placeholder_names(spec)) {
      names += (names.empty() ? "{" : ", {") + std::string(name) + "}";
    }
    const std::string quoted = quote_for_message("{" + unknown + "}");
    const std::optional<Placeholder> known = find_placeholder(unknown);
    const bool contact = known && (kContact & bit(*known)) != 0;
    const std::string why_en =
        contact ? " because some of its recipients may not see the requester's contact data" : std::string();
    const std::string why_zh = contact ? "，因为部分接收者无权查看企业联系人信息" : std::string();
    reject_text(spec.name, language,
                "uses the placeholder " + quoted + ", which this template does not accept" + why_en +
                    "; it accepts " + names,
                "使用了本模板不接受的占位符 " + quoted + why_zh + "；可用的占位符为 " + names);
  }
}

}  // namespace

bool template_accepts_contact_data(std::string_view name) noexcept {
  const TemplateSpec* spec = find_spec(name);
  return spec != nullptr && (spec->placeholders & kContact) == kContact;
}

namespace {

// A template's text split into literal runs and placeholders, so rendering
// a built-in text neither scans it nor looks placeholder names up.
struct Segment {
  std::string_view literal;
  std::optional<Placeholder> placeholder;
};

struct CompiledTemplate {
  const TemplateSpec* spec;
  std::vector<Segment> english;
  std::vector<Segment> chinese;
};

std::vector<Segment> compile(std::string_view text) {
  std::vector<Segment> segments;
  scan(
      text,
      [&](std::string_view literal) {
        if (!literal.empty()) {
          segments.push_back({literal, std::nullopt});
        }
      },
      [&](std::string_view placeholder) { segments.push_back({{}, find_placeholder(placeholder)}); });
  return segments;
}

// The built-in templates, compiled on first use.
const std::vector<CompiledTemplate>& built_in() {
  static const std::vector<CompiledTemplate> compiled = [] {
    std::vector<CompiledTemplate> table;
    for (const TemplateSpec& spec : kTemplates) {
      table.push_back({&spec, compile(spec.english), compile(spec.chinese)});
    }
    return table;
  }();
  return compiled;
}

}  // namespace

std::string render_template(const NotificationTemplates& texts, std::string_view name, Language language,
                            const TemplateValues& values) {
  const TemplateSpec& spec = require_spec(name);
  std::string out;

  // A host's text, checked when it was set.
  if (const std::string* own = texts.find(name, language)) {
    out.reserve(own->size() + 64);
    scan(
        *own, [&](std::string_view literal) { out += literal; },
        [&](std::string_view placeholder) {
          if (const std::optional<Placeholder> found = find_placeholder(placeholder)) {
            values.append(*found, out);
          }
        });
    return out;
  }

  const CompiledTemplate& compiled = built_in()[static_cast<std::size_t>(&spec - kTemplates)];
  const std::string_view text = language == Language::zh_CN ? spec.chinese : spec.english;
  out.reserve(text.size() + 128);
  for (const Segment& segment : language == Language::zh_CN ? compiled.chinese : compiled.english) {
    if (segment.placeholder) {
      values.append(*segment.placeholder, out);
    } else {
      out += segment.literal;
    }
  }
  return out;
}

}  // namespace detail

void NotificationTemplates::set(std::string_view name, Language language, std::string_view text) {
  const detail::TemplateSpec& spec = detail::require_spec(name);
  detail::validate_text(spec, language, text);
  auto& texts = language == Language::zh_CN ? chinese_ : english_;
  texts.insert_or_assign(std::string(name), std::string(text));
}

const std::string* NotificationTemplates::find(std::string_view name, Language language) const noexcept {
  const auto& texts = language == Language::zh_CN ? chinese_ : english_;
  const auto found = texts.find(name);
  return found == texts.end() ? nullptr : &found->second;
}

std::vector<std::string_view> notification_template_names() {
  std::vector<std::string_view> names;
  for (const detail::TemplateSpec& spec : detail::kTemplates) {
    names.push_back(spec.name);
  }
  return names;
}

std::vector<std::string_view> notification_template_placeholders(std::string_view name) {
  return detail::placeholder_names(detail::require_spec(name));
}

std::string_view default_notification_template(std::string_view name, Language language) {
  const detail::TemplateSpec& spec = detail::require_spec(name);
  return language == Language::zh_CN ? spec.chinese : spec.english;
}

NotificationTemplates parse_notification_templates(std::string_view json_text, std::string_view source) {
  using json = nlohmann::json;
  const json root = detail::parse_strict_json(json_text, source);
  detail::require_type(root, json::value_t::object, "a JSON object at the top level", source, "");

  NotificationTemplates templates;
  for (const auto& item : root.items()) {
    const std::string& name = item.key();
    // A free-text note, as in policy files, for the file's own comments.
    if (name == "note") {
      detail::require_type(item.value(), json::value_t::string, "a string", source, name);
      continue;
    }
    if (detail::find_spec(name) == nullptr) {
      const std::string names = detail::joined_names();
      detail::data_error(source, name, "unknown notification template; the templates are " + names,
                         "未知的通知模板；可用的模板为 " + names);
    }
    detail::require_type(item.value(), json::value_t::object, "an object with \"en\" and \"zh\" texts", source, name);
    detail::reject_unknown_keys(item.value(), {"en", "zh"}, source, name);
    for (const auto& text : item.value().items()) {
      const std::string entry = name + "." + text.key();
      const std::string value =
          detail::require_type(text.value(), json::value_t::string, "a string", source, entry).get<std::string>();
      const Language language = text.key() == "zh" ? Language::zh_CN : Language::en;
      try {
        templates.set(name, language, value);
      } catch (const Error& error) {
        detail::data_error(source, entry, error.message(Language::en), error.message(Language::zh_CN));
      }
    }
  }
  return templates;
}

NotificationTemplates load_notification_templates(const std::string& path) {
  return parse_notification_templates(detail::read_small_file(path, "notification template file", "通知模板文件"),
                                      path);
}

}  // namespace jishiban
