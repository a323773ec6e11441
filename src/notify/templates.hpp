// The built-in notification templates and their rendering. Private to the
// library: the engine builds each notification's values and renders the
// host's text or the built-in one (jishiban/workflow/notification_templates.hpp).
#ifndef JISHIBAN_SRC_NOTIFY_TEMPLATES_HPP
#define JISHIBAN_SRC_NOTIFY_TEMPLATES_HPP

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "jishiban/error.hpp"
#include "jishiban/workflow/notification_templates.hpp"

namespace jishiban::detail {

// The placeholders of every template. The contact placeholders come last,
// from `requester` on.
enum class Placeholder : std::size_t {
  ticket,     // the ticket number
  category,   // the category's name, or "uncategorised"
  unit,       // the lead unit
  state,      // the ticket's state after the event
  channel,    // how the request arrived, as the way to reply ("phone", "电话")
  due,        // a deadline in the calendar's zone, such as 2026-03-04T17:00:00+08:00
  days,       // working days of a requested extension
  reason,     // the free text the command gave as its reason
  reply,      // the reply or explanation to send to the requester
  rule,       // the rule a decline cites
  result,     // the result the unit reported
  attempt,    // return visits made so far
  attempts,   // return visits the policy allows
  requester,  // name, company, phone and e-mail in one phrase, the empty ones left out
  requester_name,
  requester_company,
  requester_address,
  requester_phone,
  requester_email,
};

inline constexpr std::size_t kPlaceholderCount = static_cast<std::size_t>(Placeholder::requester_email) + 1;

// The values of one notification's placeholders, computed only for the
// placeholders its template names: the engine renders notifications inside
// each command, so it builds no text a template does not use.
class TemplateValues {
 public:
  virtual ~TemplateValues() = default;

  // Appends the value of `placeholder` to `out`, or nothing when it has no
  // value.
  virtual void append(Placeholder placeholder, std::string& out) const = 0;
};

// Returns whether template `name` accepts the contact placeholders: every
// recipient of its notifications may see the requester's contact data.
// False for an unknown name.
bool template_accepts_contact_data(std::string_view name) noexcept;

// Renders template `name` in `language`: the text `texts` holds, or the
// built-in one. Each placeholder is replaced by its value once, and the
// values are not scanned again. Throws Error{invalid_argument} for an
// unknown name.
std::string render_template(const NotificationTemplates& texts, std::string_view name, Language language,
                            const TemplateValues& values);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_NOTIFY_TEMPLATES_HPP
