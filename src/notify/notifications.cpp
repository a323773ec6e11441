#include "notify/notifications.hpp"

#include <array>
#include <string>
#include <utility>

#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/ticket_state.hpp"
#include "notify/templates.hpp"

namespace jishiban::detail {
namespace {

using ET = EventType;

// One notification to write: its kind, the template of its texts and its
// recipient.
struct Recipient {
  NotificationKind kind;
  std::string_view template_name;
  Role role;
  std::string unit;
};

constexpr std::array<Language, 2> kLanguages{Language::en, Language::zh_CN};

std::string category_text(const Ticket& t, Language language) {
  if (!t.category) {
    return language == Language::zh_CN ? "未分类" : "uncategorised";
  }
  static constexpr const char* kChinese[] = {"咨询类", "一般类", "疑难类"};
  return language == Language::zh_CN ? kChinese[static_cast<int>(*t.category)]
                                     : std::string(to_string(*t.category));
}

// The way the office replies: the channel the request came by.
std::string channel_text(Channel channel, Language language) {
  switch (channel) {
    case Channel::hotline:
      return language == Language::zh_CN ? "电话" : "phone";
    case Channel::email:
      return language == Language::zh_CN ? "电子邮件" : "e-mail";
    case Channel::wechat:
      return language == Language::zh_CN ? "微信公众号" : "WeChat";
  }
  return std::string(to_string(channel));
}

// Name, company, phone and e-mail in one phrase, such as
// "张三丰, 大连普湾建设有限公司, phone 13812345678" or
// "张三丰（大连普湾建设有限公司），电话 13812345678". Empty fields are left
// out. The address is not part of it: the office replies and calls back
// by phone, e-mail or WeChat.
std::string requester_text(const Requester& r, Language language) {
  const bool chinese = language == Language::zh_CN;
  const std::string separator = chinese ? "，" : ", ";
  std::string text;
  const auto add = [&](const std::string& part) {
    if (!part.empty()) {
      text += (text.empty() ? "" : separator) + part;
    }
  };
  if (chinese && !r.name.empty() && !r.company.empty()) {
    add(r.name + "（" + r.company + "）");
  } else {
    add(r.name);
    add(r.company);
  }
  if (!r.phone.empty()) {
    add((chinese ? "电话 " : "phone ") + r.phone);
  }
  if (!r.email.empty()) {
    add((chinese ? "邮箱 " : "e-mail ") + r.email);
  }
  return text;
}

std::string when(Instant instant, UtcOffset zone) {
  return is_formattable(instant) ? format_instant(instant, zone) : std::to_string(instant.unix_seconds());
}

// The clock an SLA event was recorded for.
const SlaClock* clock_of_event(const Event& e) {
  if (e.computed.dispatch_clock) {
    return &*e.computed.dispatch_clock;
  }
  return e.computed.handling_clock ? &*e.computed.handling_clock : nullptr;
}

// The deadline {due} names: the clock of an SLA event, the new dispatch
// clock after a return to the office, and the handling clock otherwise.
std::optional<Instant> due_of(const Ticket& t, const Event& e) {
  if (e.type == ET::sla_warning || e.type == ET::sla_breach || e.type == ET::sla_escalation) {
    const SlaClock* clock = clock_of_event(e);
    return clock != nullptr ? std::optional<Instant>(clock->due) : std::nullopt;
  }
  if (e.type == ET::return_to_office) {
    return t.dispatch_clock ? std::optional<Instant>(t.dispatch_clock->due) : std::nullopt;
  }
  return t.handling_clock ? std::optional<Instant>(t.handling_clock->due) : std::nullopt;
}

// The values every recipient shares: everything but the contact data.
TemplateValues shared_values(const Ticket& t, const Event& e, Language language, const NotificationContext& context) {
  TemplateValues values;
  values.set(Placeholder::ticket, t.id);
  values.set(Placeholder::category, category_text(t, language));
  values.set(Placeholder::unit, t.lead_unit);
  values.set(Placeholder::state,
             std::string(language == Language::zh_CN ? chinese_name(t.state) : to_string(t.state)));
  values.set(Placeholder::channel, channel_text(t.channel, language));
  if (const std::optional<Instant> due = due_of(t, e)) {
    values.set(Placeholder::due, when(*due, context.zone));
  }
  values.set(Placeholder::days, std::to_string(t.requested_extension_days));
  values.set(Placeholder::reason, e.payload.text);
  values.set(Placeholder::reply, t.reply);
  values.set(Placeholder::rule, t.decline_rule);
  values.set(Placeholder::result, t.result.result);
  values.set(Placeholder::attempt, std::to_string(t.return_visit_attempts));
  values.set(Placeholder::attempts, std::to_string(context.return_visit_attempts));
  return values;
}

void add_contact_values(TemplateValues& values, const Requester& r, Language language) {
  values.set(Placeholder::requester, requester_text(r, language));
  values.set(Placeholder::requester_name, r.name);
  values.set(Placeholder::requester_company, r.company);
  values.set(Placeholder::requester_address, r.address);
  values.set(Placeholder::requester_phone, r.phone);
  values.set(Placeholder::requester_email, r.email);
}

void add_sla_recipients(const Ticket& t, const Event& e, const NotificationContext& context,
                        std::vector<Recipient>& to) {
  const bool dispatch = e.computed.dispatch_clock.has_value();
  if (e.type == ET::sla_warning) {
    to.push_back({NotificationKind::sla_warning, dispatch ? "sla_warning.dispatch" : "sla_warning.handling",
                  Role::office_supervisor, std::string()});
    // The handling clock runs from the dispatch, so a warning that finds
    // the ticket still unclaimed reminds the lead unit too. It does so once
    // per dispatch round, because a reclassification can re-arm the warning.
    const bool unclaimed = !dispatch && t.state == TicketState::dispatched && !t.lead_unit.empty();
    if (unclaimed && !(context.claim_reminded && context.claim_reminded(t, e))) {
      to.push_back({NotificationKind::claim_reminder, "claim_reminder", Role::unit_leader, t.lead_unit});
    }
  } else if (e.type == ET::sla_breach) {
    to.push_back({NotificationKind::sla_breach, dispatch ? "sla_breach.dispatch" : "sla_breach.handling",
                  Role::office_supervisor, std::string()});
    if (!dispatch && !t.lead_unit.empty()) {
      to.push_back({NotificationKind::sla_breach, "sla_breach.handling", Role::unit_leader, t.lead_unit});
    }
  } else {
    to.push_back({NotificationKind::sla_escalation, "sla_escalation", Role::discipline_inspection, std::string()});
  }
}

std::vector<Recipient> recipients_of(const Ticket& t, const Event& e, const NotificationContext& context) {
  std::vector<Recipient> to;
  switch (e.type) {
    case ET::approve_dispatch:
      to.push_back({NotificationKind::dispatched, "dispatched", Role::unit_leader, t.lead_unit});
      for (const auto& unit : t.assisting_units) {
        to.push_back({NotificationKind::dispatched, "dispatched.assisting", Role::unit_leader, unit});
      }
      break;
    case ET::return_to_office:
      to.push_back({NotificationKind::returned, "returned", Role::service_officer, std::string()});
      break;
    case ET::request_rework:
    case ET::reopen: {
      // Back in `dispatched` when the ticket has no named handler.
      const bool claim = t.state == TicketState::dispatched;
      const std::string_view name = e.type == ET::request_rework ? (claim ? "reopened.rework_claim" : "reopened.rework")
                                                                 : (claim ? "reopened.reopen_claim" : "reopened.reopen");
      to.push_back({NotificationKind::reopened, name, Role::unit_leader, t.lead_unit});
      break;
    }
    case ET::urge:
      // The machine accepts urge only once a unit is assigned.
      to.push_back({NotificationKind::urged, "urged", Role::unit_leader, t.lead_unit});
      break;
    case ET::request_extension:
      to.push_back({NotificationKind::extension_requested, "extension_requested", Role::office_leader, std::string()});
      break;
    case ET::request_suspension:
      to.push_back(
          {NotificationKind::suspension_requested, "suspension_requested", Role::office_leader, std::string()});
      break;
    case ET::sla_warning:
    case ET::sla_breach:
    case ET::sla_escalation:
      add_sla_recipients(t, e, context, to);
      break;
    // Every event that sets the reply: the office sends it through the
    // request's channel.
    case ET::answer_consultation:
    case ET::sign_general_reply:
    case ET::approve_plan:
    case ET::decline_after_dispatch:
    case ET::explain_decline:
      to.push_back({NotificationKind::reply_to_requester,
                    t.declined ? "reply_to_requester.declined" : "reply_to_requester", Role::service_officer,
                    std::string()});
      break;
    case ET::accept_result:
      to.push_back({NotificationKind::return_visit_due, "return_visit_due", Role::service_officer, std::string()});
      break;
    case ET::return_visit:
      // An unreachable requester with attempts left keeps the ticket
      // waiting for another call. The last attempt closes it.
      if (e.payload.satisfaction == Satisfaction::unreachable && t.state == TicketState::awaiting_return_visit) {
        to.push_back(
            {NotificationKind::return_visit_due, "return_visit_due.retry", Role::service_officer, std::string()});
      }
      break;
    default:
      break;
  }
  return to;
}

}  // namespace

bool may_receive_contact_data(Role role, std::string_view unit, const Ticket& ticket) noexcept {
  if (is_office_role(role)) {
    return true;
  }
  return role == Role::unit_leader && !unit.empty() && unit == ticket.lead_unit;
}

std::vector<Notification> notifications_for(const Ticket& t, const Event& e, const NotificationContext& context) {
  const std::vector<Recipient> to = recipients_of(t, e, context);
  if (to.empty()) {
    return {};
  }
  static const NotificationTemplates kBuiltIn;
  const NotificationTemplates& texts = context.templates != nullptr ? *context.templates : kBuiltIn;

  std::array<TemplateValues, 2> shared;
  for (std::size_t l = 0; l < kLanguages.size(); ++l) {
    shared[l] = shared_values(t, e, kLanguages[l], context);
  }

  std::vector<Notification> notifications;
  notifications.reserve(to.size());
  for (std::size_t i = 0; i < to.size(); ++i) {
    const Recipient& recipient = to[i];
    // Both conditions must hold: a template that accepts contact data may
    // still go to a recipient who may not see it.
    const bool contact = template_accepts_contact_data(recipient.template_name) &&
                         may_receive_contact_data(recipient.role, recipient.unit, t);
    std::array<std::string, 2> texts_by_language;
    for (std::size_t l = 0; l < kLanguages.size(); ++l) {
      if (contact) {
        TemplateValues values = shared[l];
        add_contact_values(values, t.requester, kLanguages[l]);
        texts_by_language[l] = render_template(texts, recipient.template_name, kLanguages[l], values);
      } else {
        texts_by_language[l] = render_template(texts, recipient.template_name, kLanguages[l], shared[l]);
      }
    }

    Notification n;
    n.id = t.id + "#" + std::to_string(e.sequence) + "/" + std::to_string(i);
    n.kind = recipient.kind;
    n.ticket_id = t.id;
    n.sequence = e.sequence;
    n.at = e.at;
    n.recipient_role = recipient.role;
    n.recipient_unit = recipient.unit;
    n.message_en = std::move(texts_by_language[0]);
    n.message_zh = std::move(texts_by_language[1]);
    notifications.push_back(std::move(n));
  }
  return notifications;
}

}  // namespace jishiban::detail
