// SLA clocks: the time limits that run on a ticket.
//
// A ticket has at most two clocks. The dispatch clock runs from registration
// to dispatch (hotline 10 working minutes, e-mail and WeChat 60 by default).
// The handling clock runs from dispatch to the reply (1, 2 or 3 working days
// by category), or from a decline at intake to its explanation (2 days).
//
// Every instant in a clock was computed by the engine on its calendar when
// the clock changed, and is stored with the events, so reading a clock or
// replaying the history never needs the calendar again.
#ifndef JISHIBAN_WORKFLOW_SLA_HPP
#define JISHIBAN_WORKFLOW_SLA_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "jishiban/calendar/deadline.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban {

enum class SlaClockKind {
  dispatch,  // registration to dispatch
  handling,  // dispatch to reply, or decline at intake to its explanation
};

enum class SlaStatus {
  on_track,  // running, less than the warning share used
  warning,   // running, at least the warning share used
  breached,  // running, the due instant has come
  met,       // stopped before the due instant
  missed,    // stopped at or after the due instant
};

// Returns "dispatch" or "handling".
std::string_view to_string(SlaClockKind kind) noexcept;

// Returns "on_track", "warning", "breached", "met" or "missed".
std::string_view to_string(SlaStatus status) noexcept;

// Returns the Chinese name shown to users, for example "已超期" for breached.
std::string_view chinese_name(SlaStatus status) noexcept;

struct SlaClock {
  SlaClockKind kind = SlaClockKind::dispatch;

  // The limit, and the instant the clock started. A reclassification keeps
  // the start and changes the target.
  TargetSpec target;
  Instant start;

  // When the limit is used up, moved later by pauses and extensions. The
  // clock is breached from this instant on.
  Instant due;

  // When the warning share of the allowed working time is used.
  Instant warning_at;

  // When an overdue handling clock is escalated to discipline inspection:
  // the escalation grace after `due`. Equal to `due` on a dispatch clock,
  // which is never escalated.
  Instant escalation_at;

  // The due instant used a year without official holiday data.
  bool provisional = false;

  // Set while the clock is paused by a suspension.
  std::optional<Instant> paused_at;

  // Working time spent paused, over every finished pause.
  std::chrono::seconds paused{0};

  // Set when the clock stopped: at dispatch for the dispatch clock, at the
  // reply or the explanation for the handling clock.
  std::optional<Instant> stopped_at;

  // Approved extensions, and the working days they added.
  int extensions = 0;
  int extension_days = 0;

  // Which SLA events the engine has recorded for the current deadline. A
  // change that moves the warning or due instant later, past the instant of
  // the change, clears warned or breached so the event can be recorded
  // again. escalated is never cleared.
  bool warned = false;
  bool breached = false;
  bool escalated = false;

  bool running() const noexcept { return !stopped_at.has_value(); }

  // The status at `now`. A paused clock keeps the status it had when it
  // paused.
  SlaStatus status(Instant now) const noexcept {
    if (stopped_at) {
      return *stopped_at < due ? SlaStatus::met : SlaStatus::missed;
    }
    const Instant at = paused_at && *paused_at < now ? *paused_at : now;
    if (at >= due) {
      return SlaStatus::breached;
    }
    return at >= warning_at ? SlaStatus::warning : SlaStatus::on_track;
  }

  friend bool operator==(const SlaClock& a, const SlaClock& b) noexcept {
    return a.kind == b.kind && a.target.amount == b.target.amount && a.target.unit == b.target.unit &&
           a.target.convention == b.target.convention && a.start == b.start && a.due == b.due &&
           a.warning_at == b.warning_at && a.escalation_at == b.escalation_at && a.provisional == b.provisional &&
           a.paused_at == b.paused_at && a.paused == b.paused && a.stopped_at == b.stopped_at &&
           a.extensions == b.extensions && a.extension_days == b.extension_days && a.warned == b.warned &&
           a.breached == b.breached && a.escalated == b.escalated;
  }
  friend bool operator!=(const SlaClock& a, const SlaClock& b) noexcept { return !(a == b); }
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_SLA_HPP
