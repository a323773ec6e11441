// Notifications: messages the engine sends to people when a ticket needs
// them (a dispatch, a return, an urge, a reply to send, a return visit to
// make, an SLA warning, breach or escalation).
//
// Every message carries the ticket number. The requester's contact data
// (name, company, address, phone, e-mail) goes only to office roles
// (service_officer, office_leader, office_supervisor, reviewer) and to the
// lead unit's leader:
//   - the built-in texts of dispatched to the lead unit's leader, and of
//     reply_to_requester and return_visit_due to the service officers,
//     give the name, company, phone and e-mail, because these recipients
//     have to reach the requester. No other built-in text gives any;
//   - a host's texts (notification_templates.hpp) may add contact data
//     only to templates whose every recipient is one of those;
//   - messages to assisting units, discipline inspection, the committee
//     leader or report viewers never carry it, masked or not.
#ifndef JISHIBAN_WORKFLOW_NOTIFIER_HPP
#define JISHIBAN_WORKFLOW_NOTIFIER_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/actor.hpp"

namespace jishiban {

enum class NotificationKind {
  dispatched,            // to the lead unit's leader, and each assisting unit's leader
  returned,              // to the service officers: a unit returned a ticket
  urged,                 // to the lead unit's leader (催办)
  extension_requested,   // to the office leader
  suspension_requested,  // to the office leader
  sla_warning,           // to the office supervisor
  sla_breach,            // to the office supervisor, and for the handling clock the unit leader (督办)
  sla_escalation,        // to discipline inspection (纪检工作部)
  reopened,              // to the lead unit's leader: rework or reopen starts a new round of handling
  claim_reminder,        // to the lead unit's leader: the handling warning came while the ticket is unclaimed
  reply_to_requester,    // to the service officers: a reply or explanation to send to the requester (答复)
  return_visit_due,      // to the service officers: the requester is to be called back (回访)
};

// The number of NotificationKind values. Values only grow, so stored
// notifications keep their meaning.
inline constexpr std::size_t notification_kind_count = 12;

// Returns the stable name, for example "sla_breach".
std::string_view to_string(NotificationKind kind) noexcept;

struct Notification {
  // Stable and unique: "<ticket>#<event sequence>/<recipient index>", so a
  // receiver can drop a notification delivered twice.
  std::string id;
  NotificationKind kind = NotificationKind::dispatched;
  std::string ticket_id;
  std::uint64_t sequence = 0;
  Instant at;

  // Who should read it: a role, and the unit for unit roles.
  Role recipient_role = Role::service_officer;
  std::string recipient_unit;

  std::string message_en;
  std::string message_zh;
};

class Notifier {
 public:
  virtual ~Notifier() = default;

  // Delivers one notification. May throw: the notification stays in the
  // store's outbox, written with its event, and is offered again on the
  // next command or poll. With a durable store it survives a restart. A
  // notification may arrive twice (after a crash between delivery and its
  // record), so receivers drop repeats by id.
  virtual void notify(const Notification& notification) = 0;
};

// Passes every notification to a function.
class CallbackNotifier final : public Notifier {
 public:
  explicit CallbackNotifier(std::function<void(const Notification&)> callback) : callback_(std::move(callback)) {}

  void notify(const Notification& notification) override { callback_(notification); }

 private:
  std::function<void(const Notification&)> callback_;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_NOTIFIER_HPP
