// Notification templates: the wording of every notification the engine
// writes, in English and Chinese, and a host's own wording in their place.
//
// Each template has a name: the NotificationKind's name, followed by a
// variant after a dot where one kind has several wordings, such as
// "dispatched.assisting" or "sla_breach.handling". docs/workflow.md lists
// every template with its placeholders, and default_notification_template
// returns its built-in text.
//
// A text names its values with placeholders in braces, such as {ticket} or
// {due}, and "{{" and "}}" stand for literal braces. Rendering substitutes
// each placeholder once, so a value that contains braces, such as a reply,
// is never expanded again.
//
// The requester's contact placeholders ({requester}, {requester_name},
// {requester_company}, {requester_address}, {requester_phone} and
// {requester_email}) are accepted only by templates whose every recipient
// may see contact data (notifier.hpp lists them). A text that uses them in
// another template is rejected when it is set, so no host wording can send
// contact data to an assisting unit or to discipline inspection.
#ifndef JISHIBAN_WORKFLOW_NOTIFICATION_TEMPLATES_HPP
#define JISHIBAN_WORKFLOW_NOTIFICATION_TEMPLATES_HPP

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/error.hpp"

namespace jishiban {

// The maximum length of one template text, in bytes.
inline constexpr std::size_t notification_template_max_bytes = 4096;

// A host's texts for some templates. The engine renders the built-in text
// of every template and language without one. An empty set, the default,
// keeps every built-in text.
class NotificationTemplates {
 public:
  // Sets the text of template `name` in `language`. Throws
  // Error{invalid_argument} naming the template when the name is unknown,
  // or when the text is empty, longer than notification_template_max_bytes,
  // not valid UTF-8, contains a control character other than a line break
  // or a tab, has a brace without its pair, or uses a placeholder the
  // template does not accept.
  void set(std::string_view name, Language language, std::string_view text);

  // The text set for `name` in `language`, or nullptr when the built-in
  // text applies.
  const std::string* find(std::string_view name, Language language) const noexcept;

  bool empty() const noexcept { return english_.empty() && chinese_.empty(); }

  friend bool operator==(const NotificationTemplates& a, const NotificationTemplates& b) noexcept {
    return a.english_ == b.english_ && a.chinese_ == b.chinese_;
  }
  friend bool operator!=(const NotificationTemplates& a, const NotificationTemplates& b) noexcept {
    return !(a == b);
  }

 private:
  std::map<std::string, std::string, std::less<>> english_;
  std::map<std::string, std::string, std::less<>> chinese_;
};

// The names of every template, grouped by NotificationKind in its order.
std::vector<std::string_view> notification_template_names();

// The placeholders template `name` accepts, without braces. Throws
// Error{invalid_argument} for an unknown name.
std::vector<std::string_view> notification_template_placeholders(std::string_view name);

// The built-in text of template `name` in `language`. Throws
// Error{invalid_argument} for an unknown name.
std::string_view default_notification_template(std::string_view name, Language language);

// Parses template texts from JSON: an object whose keys are template names
// and whose values are objects with an "en" text, a "zh" text or both:
//   {"claim_reminder": {"zh": "请尽快认领工单 {ticket}。"}}
// `source` names the text in error messages (a path). Throws
// Error{invalid_data} naming the source, the entry and the problem:
// malformed JSON, a duplicate or unknown key, a value of the wrong type, or
// a text that NotificationTemplates::set rejects.
NotificationTemplates parse_notification_templates(std::string_view json_text, std::string_view source);

// Reads and parses a template file. Throws Error{io_error} when it cannot be
// read, otherwise as parse_notification_templates.
NotificationTemplates load_notification_templates(const std::string& path);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_NOTIFICATION_TEMPLATES_HPP
