// The notifications an event calls for: their kinds, recipients and
// rendered texts. Private to the library: the engine writes them to the
// store's outbox with the event.
#ifndef JISHIBAN_SRC_NOTIFY_NOTIFICATIONS_HPP
#define JISHIBAN_SRC_NOTIFY_NOTIFICATIONS_HPP

#include <functional>
#include <string_view>
#include <vector>

#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/notification_templates.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban::detail {

struct NotificationContext {
  // The host's texts. The built-in ones fill the gaps.
  const NotificationTemplates* templates = nullptr;

  // The calendar's zone, in which {due} is written.
  UtcOffset zone = UtcOffset::china();

  // Return-visit attempts the policy allows, for {attempts}.
  int return_visit_attempts = 3;

  // Returns whether the ticket's current dispatch round already had a
  // warning of its handling clock, and so a claim reminder. Called only for
  // a handling-clock warning on a ticket in `dispatched`. An empty function
  // counts as no earlier warning.
  std::function<bool(const Ticket&, const Event&)> claim_reminded;
};

// Returns whether events of `type` may call for notifications, so the
// engine skips building a context for the others.
bool may_notify(EventType type) noexcept;

// Returns whether a notification to `role` (and `unit` for unit roles) may
// carry the ticket's requester contact data: office roles, and the leader
// of the ticket's lead unit.
bool may_receive_contact_data(Role role, std::string_view unit, const Ticket& ticket) noexcept;

// Returns the notifications `event` calls for, `ticket` being the ticket
// after it, with ids "<ticket>#<event sequence>/<recipient index>".
// Requester contact data goes only into texts of templates that accept it,
// and only to recipients that may_receive_contact_data accepts.
std::vector<Notification> notifications_for(const Ticket& ticket, const Event& event,
                                            const NotificationContext& context);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_NOTIFY_NOTIFICATIONS_HPP
