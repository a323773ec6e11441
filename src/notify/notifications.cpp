#include "notify/notifications.hpp"

#include <array>
#include <charconv>
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

std::string_view category_text(const Ticket& t, Language language) {
  if (!t.category) {
    return language == Language::zh_CN ? "未分类" : "uncategorised";
  }
  static constexpr std::string_view kChinese[] = {"咨询类", "一般类", "疑难类"};
  return language == Language::zh_CN ? kChinese[static_cast<int>(*t.category)] : to_string(*t.category);
}

// The way the office replies: the channel the request came by.
std::string_view channel_text(Channel channel, Language language) {
  switch (channel) {
    case Channel::hotline:
      return language == Language::zh_CN ? "电话" : "phone";
    case Channel::email:
      return language == Language::zh_CN ? "电子邮件" : "e-mail";
    case Channel::wechat:
      return language == Language::zh_CN ? "微信公众号" : "WeChat";
  }
  return to_string(channel);
}

// Name, company, phone and e-mail in one phrase, such as
// "张三丰, 大连普湾建设有限公司, phone 13812345678" or
// "张三丰（大连普湾建设有限公司），电话 13812345678". Empty fields are left
// out. The address is not part of it: the office replies and calls back
// by phone, e-mail or WeChat.
// Appends the phrase to `out`. Notifications are rendered inside each
// command, so the parts go straight into `out` without temporaries.
void append_requester(const Requester& r, Language language, std::string& out) {
  const bool chinese = language == Language::zh_CN;
  const std::string_view separator = chinese ? "，" : ", ";
  bool first = true;
  const auto add = [&](std::string_view label, std::string_view part, std::string_view close = {}) {
    if (part.empty()) {
      return;
    }
    if (!first) {
      out += separator;
    }
    first = false;
    out += label;
    out += part;
    out += close;
  };
  if (chinese && !r.name.empty() && !r.company.empty()) {
    add({}, r.name);
    out += "（";
    out += r.company;
    out += "）";
  } else {
    add({}, r.name);
    add({}, r.company);
  }
  add(chinese ? "电话 " : "phone ", r.phone);
  add(chinese ? "邮箱 " : "e-mail ", r.email);
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

// The placeholders' values of one event's notifications, in one language.
// Contact values are given only when `contact` is set: the recipient may
// see them and the template accepts them.
class EventValues final : public TemplateValues {
 public:
  EventValues(const Ticket& t, const Event& e, Language language, const NotificationContext& context,
              const std::optional<std::string>& due)
      : t_(t), e_(e), language_(language), context_(context), due_(due) {}

  void allow_contact_data(bool contact) noexcept { contact_ = contact; }

  void append(Placeholder placeholder, std::string& out) const override {
    const bool chinese = language_ == Language::zh_CN;
    switch (placeholder) {
      case Placeholder::ticket:
        out += t_.id;
        return;
      case Placeholder::category:
        out += category_text(t_, language_);
        return;
      case Placeholder::unit:
        out += t_.lead_unit;
        return;
      case Placeholder::state:
        out += chinese ? chinese_name(t_.state) : to_string(t_.state);
        return;
      case Placeholder::channel:
        out += channel_text(t_.channel, language_);
        return;
      case Placeholder::due:
        out += due_ ? *due_ : std::string();
        return;
      case Placeholder::days:
        out += std::to_string(t_.requested_extension_days);
        return;
      case Placeholder::reason:
        out += e_.payload.text;
        return;
      case Placeholder::reply:
        out += t_.reply;
        return;
      case Placeholder::rule:
        out += t_.decline_rule;
        return;
      case Placeholder::result:
        out += t_.result.result;
        return;
      case Placeholder::attempt:
        out += std::to_string(t_.return_visit_attempts);
        return;
      case Placeholder::attempts:
        out += std::to_string(context_.return_visit_attempts);
        return;
      default:
        break;
    }
    if (!contact_) {
      return;
    }
    const Requester& r = t_.requester;
    switch (placeholder) {
      case Placeholder::requester:
        append_requester(r, language_, out);
        return;
      case Placeholder::requester_name:
        out += r.name;
        return;
      case Placeholder::requester_company:
        out += r.company;
        return;
      case Placeholder::requester_address:
        out += r.address;
        return;
      case Placeholder::requester_phone:
        out += r.phone;
        return;
      case Placeholder::requester_email:
        out += r.email;
        return;
      default:
        return;
    }
  }

 private:
  const Ticket& t_;
  const Event& e_;
  Language language_;
  const NotificationContext& context_;
  const std::optional<std::string>& due_;
  bool contact_ = false;
};

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

bool may_notify(EventType type) noexcept {
  switch (type) {
    case ET::approve_dispatch:
    case ET::return_to_office:
    case ET::request_rework:
    case ET::reopen:
    case ET::urge:
    case ET::request_extension:
    case ET::request_suspension:
    case ET::sla_warning:
    case ET::sla_breach:
    case ET::sla_escalation:
    case ET::answer_consultation:
    case ET::sign_general_reply:
    case ET::approve_plan:
    case ET::decline_after_dispatch:
    case ET::explain_decline:
    case ET::accept_result:
    case ET::return_visit:
      return true;
    default:
      return false;
  }
}

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

  // The deadline's text is the same in both languages, and formatting it
  // is the dearest value, so it is made once.
  std::optional<std::string> due;
  if (const std::optional<Instant> instant = due_of(t, e)) {
    due = when(*instant, context.zone);
  }
  std::array<EventValues, 2> values{EventValues(t, e, kLanguages[0], context, due),
                                    EventValues(t, e, kLanguages[1], context, due)};

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
      values[l].allow_contact_data(contact);
      texts_by_language[l] = render_template(texts, recipient.template_name, kLanguages[l], values[l]);
    }

    Notification n;
    // One allocation for the id, built in place.
    std::array<char, 24> sequence{};
    std::array<char, 24> index{};
    const auto sequence_end = std::to_chars(sequence.data(), sequence.data() + sequence.size(), e.sequence).ptr;
    const auto index_end = std::to_chars(index.data(), index.data() + index.size(), i).ptr;
    n.id.reserve(t.id.size() + 2 + static_cast<std::size_t>(sequence_end - sequence.data()) +
                 static_cast<std::size_t>(index_end - index.data()));
    n.id += t.id;
    n.id += '#';
    n.id.append(sequence.data(), sequence_end);
    n.id += '/';
    n.id.append(index.data(), index_end);
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
