// Transition steps: the ticket fields each transition sets and, when live,
// the SLA clocks it computes on the calendar.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

#include "jishiban/error.hpp"
#include "workflow/machine.hpp"

namespace jishiban::detail {
namespace {

using std::chrono::seconds;

// Records who signed and when, assigning in place so the strings keep their
// buffers. A signature without text clears the earlier text.
void sign(Opinion& opinion, const Event& e, bool with_text) {
  opinion.actor_id = e.actor.id;
  opinion.actor_name = e.actor.name;
  if (with_text) {
    opinion.text = e.payload.text;
  } else {
    opinion.text.clear();
  }
  opinion.at = e.at;
}

Opinion opinion_of(const Event& e) { return Opinion{e.actor.id, e.actor.name, e.payload.text, e.at}; }

// Clock arithmetic on the live calendar. Each result marks the clock
// provisional when the calendar used a year without official data.
class ClockMath {
 public:
  // `now` is the instant of the change, which decides whether a moved
  // deadline is still in the future.
  ClockMath(const LiveInputs& live, Instant now) : calendar_(*live.calendar), policy_(*live.policy), now_(now) {}

  SlaClock make(SlaClockKind kind, Instant start, const TargetSpec& target) const {
    SlaClock clock;
    clock.kind = kind;
    clock.start = start;
    clock.target = target;
    const Deadline deadline = calendar_.deadline(start, target);
    clock.due = deadline.due;
    clock.provisional = deadline.provisional;
    rearm(clock);
    return clock;
  }

  TargetSpec handling_target(Category category) const {
    return TargetSpec::working_days(policy_.handling_days(category), policy_.day_convention);
  }

  TargetSpec decline_target() const {
    return TargetSpec::working_days(policy_.decline_days, policy_.day_convention);
  }

  // Recomputes the warning and escalation instants after `due` or `paused`
  // changed. The warning comes when the warning share of the allowed working
  // time (start to due, less the pauses) is used.
  void rearm(SlaClock& clock) const {
    const auto allowed = calendar_.elapsed_working_time(clock.start, clock.due);
    clock.provisional = clock.provisional || allowed.provisional;
    const seconds budget = std::max(seconds(0), allowed.value - clock.paused);
    const auto share = static_cast<std::int64_t>(std::floor(static_cast<double>(budget.count()) *
                                                            policy_.warning_share));
    const auto warning = calendar_.add_working_time(clock.start, seconds(share) + clock.paused);
    clock.warning_at = warning.value;
    clock.provisional = clock.provisional || warning.provisional;

    if (clock.kind == SlaClockKind::handling) {
      const auto escalation =
          calendar_.add_working_days(clock.due, policy_.escalation_grace_days, DayConvention::working_time);
      clock.escalation_at = escalation.value;
      clock.provisional = clock.provisional || escalation.provisional;
    } else {
      clock.escalation_at = clock.due;
    }
  }

  // Clears the breached and warned flags whose instant moved later than
  // before and is still after `now`, so poll records that event once more.
  // The escalated flag is never cleared.
  void rearm_flags(SlaClock& clock, Instant old_due, Instant old_warning) const {
    if (clock.due > old_due && clock.due > now_) {
      clock.breached = false;
    }
    if (clock.warning_at > old_warning && clock.warning_at > now_) {
      clock.warned = false;
    }
  }

  // Ends a pause at `at` and moves the due instant later by the working time
  // paused. The caller recomputes the warning instant and flags afterwards.
  void end_pause(SlaClock& clock, Instant at) const {
    if (!clock.paused_at) {
      return;
    }
    const auto paused = calendar_.elapsed_working_time(*clock.paused_at, at);
    const seconds amount = std::max(seconds(0), paused.value);
    const auto due = calendar_.add_working_time(clock.due, amount);
    clock.paused += amount;
    clock.due = due.value;
    clock.provisional = clock.provisional || paused.provisional || due.provisional;
    clock.paused_at.reset();
  }

  void stop(SlaClock& clock, Instant at) const {
    if (!clock.running()) {
      return;
    }
    end_pause(clock, at);
    clock.stopped_at = at;
  }

  // Applies a new limit counted from the clock's original start, keeping
  // approved extensions and finished pauses.
  void retarget(SlaClock& clock, const TargetSpec& target) const {
    const Instant old_due = clock.due;
    const Instant old_warning = clock.warning_at;
    const Deadline base = calendar_.deadline(clock.start, target);
    Instant due = base.due;
    bool provisional = base.provisional;
    if (clock.extension_days > 0) {
      const auto extended = calendar_.add_working_days(due, clock.extension_days, DayConvention::legal_period);
      due = extended.value;
      provisional = provisional || extended.provisional;
    }
    const auto paused = calendar_.add_working_time(due, clock.paused);
    clock.target = target;
    clock.due = paused.value;
    clock.provisional = provisional || paused.provisional;
    rearm(clock);
    rearm_flags(clock, old_due, old_warning);
  }

  // Approved extensions add working days to the limit itself; retarget
  // then applies the pauses, as for every other change of the limit.
  void extend(SlaClock& clock, int days) const {
    clock.extensions += 1;
    clock.extension_days += days;
    retarget(clock, clock.target);
  }

  seconds working_time(Instant from, Instant to) const { return calendar_.elapsed_working_time(from, to).value; }

  std::chrono::minutes dispatch_target(Channel channel) const { return policy_.dispatch_target(channel); }

 private:
  const Calendar& calendar_;
  const Policy& policy_;
  Instant now_;
};

Category category_of(const Ticket& t) {
  if (!t.category) {
    throw Error(ErrorCode::invalid_data, "ticket " + t.id + " has no category", "工单 " + t.id + " 未设置类别");
  }
  return *t.category;
}

// Computes into e.computed the clocks the event changes and the working time
// it loses, from the ticket as it was before the event.
void plan_clocks(const Ticket& t, Event& e, TicketState target, const LiveInputs& live) {
  const ClockMath math(live, e.at);
  Computed& k = e.computed;
  k.dispatch_clock.reset();
  k.handling_clock.reset();
  k.lost_working_time = seconds(0);

  auto running_handling = [&]() -> std::optional<SlaClock> {
    if (t.handling_clock && t.handling_clock->running()) {
      return t.handling_clock;
    }
    return std::nullopt;
  };
  auto stop_dispatch = [&]() {
    if (t.dispatch_clock && t.dispatch_clock->running()) {
      SlaClock clock = *t.dispatch_clock;
      math.stop(clock, e.at);
      k.dispatch_clock = clock;
    }
  };
  auto stop_handling = [&]() {
    if (auto clock = running_handling()) {
      math.stop(*clock, e.at);
      k.handling_clock = clock;
    }
  };

  switch (e.type) {
    case EventType::approve_dispatch:
      stop_dispatch();
      k.handling_clock = math.make(SlaClockKind::handling, e.at, math.handling_target(category_of(t)));
      break;
    case EventType::decline_at_intake:
      stop_dispatch();
      k.handling_clock = math.make(SlaClockKind::handling, e.at, math.decline_target());
      break;
    case EventType::explain_decline:
    case EventType::answer_consultation:
    case EventType::sign_general_reply:
    case EventType::approve_plan:
      stop_handling();
      break;
    case EventType::decline_after_dispatch:
      if (auto clock = running_handling()) {
        math.retarget(*clock, math.decline_target());
        math.stop(*clock, e.at);
        k.handling_clock = clock;
      }
      break;
    case EventType::return_to_office:
      if (auto clock = running_handling()) {
        math.stop(*clock, e.at);
        k.lost_working_time = std::max(seconds(0), math.working_time(clock->start, e.at) - clock->paused);
        k.handling_clock = clock;
      }
      k.dispatch_clock = math.make(SlaClockKind::dispatch, e.at,
                                   TargetSpec::working_minutes(math.dispatch_target(t.channel).count()));
      break;
    case EventType::reclassify:
      if (auto clock = running_handling()) {
        math.retarget(*clock, math.handling_target(*e.payload.category));
        k.handling_clock = clock;
      }
      break;
    case EventType::approve_extension:
      if (auto clock = running_handling()) {
        math.extend(*clock, t.requested_extension_days);
        k.handling_clock = clock;
      }
      break;
    case EventType::approve_suspension:
      if (auto clock = running_handling()) {
        clock->paused_at = e.at;
        k.handling_clock = clock;
      }
      break;
    case EventType::resume:
      if (auto clock = running_handling()) {
        const Instant old_due = clock->due;
        const Instant old_warning = clock->warning_at;
        math.end_pause(*clock, e.at);
        math.rearm(*clock);
        math.rearm_flags(*clock, old_due, old_warning);
        k.handling_clock = clock;
      }
      break;
    case EventType::request_rework:
    case EventType::reopen:
      k.handling_clock = math.make(SlaClockKind::handling, e.at, math.handling_target(category_of(t)));
      break;
    case EventType::withdraw:
    case EventType::merge_duplicate:
      stop_dispatch();
      stop_handling();
      break;
    default:
      break;
  }
  (void)target;
}

// Clears pending extension and suspension requests, which a reply makes moot
// because the handling clock has stopped.
void clear_requests(Ticket& t) {
  t.requested_extension_days = 0;
  t.suspension_requested = false;
}

// Clears what belongs to one round of handling, before a re-dispatch or a
// new round after rework or reopen. The events keep the earlier rounds.
void clear_round(Ticket& t) {
  t.proposal.clear();
  t.special_report.clear();
  t.reply.clear();
  t.replied_at.reset();
  t.declined = false;
  t.decline_rule.clear();
  t.result = ResultReport{};
  t.result_reported_at.reset();
  clear_requests(t);
}

Closure closure_of(Satisfaction s) {
  switch (s) {
    case Satisfaction::satisfied:
      return Closure::satisfied;
    case Satisfaction::basically_satisfied:
      return Closure::basically_satisfied;
    case Satisfaction::dissatisfied:
      return Closure::closed_with_note;
    case Satisfaction::unreachable:
      return Closure::unreachable;
  }
  return Closure::none;
}

void apply_fields(Ticket& t, const Event& e, TicketState target) {
  const Payload& p = e.payload;
  switch (e.type) {
    case EventType::draft:
      t.category = p.category;
      t.lead_unit = p.lead_unit;
      t.assisting_units = p.assisting_units;
      t.proposed_handling = p.proposed_handling;
      t.assisting_opinions.clear();
      t.assisting_override.clear();
      break;
    case EventType::approve_dispatch:
    case EventType::send_back:
      sign(t.office_leader_opinion, e, true);
      break;
    case EventType::decline_at_intake:
      sign(t.office_leader_opinion, e, true);
      t.declined = true;
      t.decline_rule = p.rule;
      break;
    case EventType::explain_decline:
      t.reply = p.text;
      t.replied_at = e.at;
      t.closure = Closure::declined;
      break;
    case EventType::claim:
      sign(t.unit_leader_opinion, e, true);
      t.handler_id = p.handler_id;
      t.handler_name = p.handler_name;
      break;
    case EventType::return_to_office:
      t.returns += 1;
      t.lost_working_time += e.computed.lost_working_time;
      sign(t.unit_leader_opinion, e, true);
      t.handler_id.clear();
      t.handler_name.clear();
      t.first_contact_at.reset();
      clear_round(t);
      break;
    case EventType::record_first_contact:
      if (!t.first_contact_at) {
        t.first_contact_at = e.at;
      }
      break;
    case EventType::answer_consultation:
      t.reply = p.text;
      t.replied_at = e.at;
      clear_requests(t);
      break;
    case EventType::propose_general:
      t.proposal = p.text;
      break;
    case EventType::sign_general_reply:
      sign(t.unit_leader_opinion, e, true);
      t.reply = t.proposal;
      t.replied_at = e.at;
      clear_requests(t);
      break;
    case EventType::submit_special_report:
      t.special_report = p.text;
      sign(t.unit_leader_opinion, e, false);
      t.suspension_requested = false;
      break;
    case EventType::approve_plan:
      sign(t.committee_opinion, e, true);
      t.reply = t.special_report;
      t.replied_at = e.at;
      clear_requests(t);
      break;
    case EventType::revise_plan:
      sign(t.committee_opinion, e, true);
      break;
    case EventType::decline_after_dispatch:
      sign(t.unit_leader_opinion, e, false);
      t.reply = p.text;
      t.replied_at = e.at;
      t.declined = true;
      t.decline_rule = p.rule;
      clear_requests(t);
      break;
    case EventType::submit_assisting_opinion:
      t.assisting_opinions.push_back(AssistingOpinion{e.actor.unit, opinion_of(e)});
      break;
    case EventType::override_assisting:
      t.assisting_override = p.text;
      break;
    case EventType::request_extension:
      t.requested_extension_days = p.days;
      break;
    case EventType::approve_extension:
    case EventType::reject_extension:
      t.requested_extension_days = 0;
      break;
    case EventType::request_suspension:
      t.suspension_requested = true;
      break;
    case EventType::approve_suspension:
    case EventType::reject_suspension:
      t.suspension_requested = false;
      break;
    case EventType::reclassify:
      t.category = p.category;
      break;
    case EventType::urge:
      t.urges += 1;
      break;
    case EventType::report_result:
      t.result = *p.result;
      t.result_reported_at = e.at;
      break;
    case EventType::accept_result:
      t.reviewer_id = e.actor.id;
      t.reviewer_name = e.actor.name;
      break;
    case EventType::request_rework:
      t.reviewer_id = e.actor.id;
      t.reviewer_name = e.actor.name;
      t.reworks += 1;
      clear_round(t);
      break;
    case EventType::return_visit:
      t.satisfaction = p.satisfaction;
      t.return_visit_attempts += 1;
      if (target == TicketState::closed) {
        t.closure = closure_of(*p.satisfaction);
      }
      break;
    case EventType::reopen:
      t.reopenings += 1;
      t.return_visit_attempts = 0;
      t.satisfaction.reset();
      clear_round(t);
      break;
    case EventType::close_with_note:
      t.closing_note = p.text;
      t.closure = Closure::closed_with_note;
      break;
    case EventType::withdraw:
      t.closing_note = p.text;
      t.closure = Closure::withdrawn;
      break;
    case EventType::merge_duplicate:
      t.closing_note = p.text;
      t.duplicate_of = p.duplicate_of;
      t.closure = Closure::merged;
      break;
    default:
      break;
  }
}

void apply_common(Ticket& t, const Event& e) {
  if (e.computed.dispatch_clock) {
    t.dispatch_clock = e.computed.dispatch_clock;
  }
  if (e.computed.handling_clock) {
    t.handling_clock = e.computed.handling_clock;
  }
  t.version = e.sequence;
  t.updated_at = e.at;
}

}  // namespace

void apply_step(Ticket& ticket, Event& event, TicketState target, const LiveInputs* live) {
  if (live) {
    plan_clocks(ticket, event, target, *live);
  }
  apply_fields(ticket, event, target);
  apply_common(ticket, event);
  ticket.state = target;
}

SlaClock make_clock(SlaClockKind kind, Instant start, const TargetSpec& target, const LiveInputs& live) {
  return ClockMath(live, start).make(kind, start, target);
}

SlaClock recompute_clock(const SlaClock& clock, const LiveInputs& live, Instant now) {
  SlaClock copy = clock;
  ClockMath(live, now).retarget(copy, copy.target);
  return copy;
}

Ticket start_ticket(const Event& e) {
  Ticket t;
  t.id = e.ticket_id;
  t.year = e.computed.year;
  t.sequence = e.computed.sequence;
  t.received_at = e.payload.received_at.value_or(e.at);
  t.registered_at = e.at;
  t.channel = e.payload.channel.value_or(Channel::hotline);
  t.requester = e.payload.requester.value_or(Requester{});
  t.content = e.payload.content;
  t.source_id = e.payload.source_id;
  t.state = TicketState::registered;
  apply_common(t, e);
  return t;
}

void apply_clock_event(Ticket& ticket, const Event& event) { apply_common(ticket, event); }

bool guard_category(const Ticket& t, Category category, Rejection& why) {
  if (t.category == category) {
    return true;
  }
  const std::string actual = t.category ? std::string(to_string(*t.category)) : std::string("none");
  why.en = "the category is " + actual + ", not " + std::string(to_string(category));
  why.zh = "工单类别为 " + actual + "，不是 " + std::string(to_string(category));
  return false;
}

namespace {

std::string missing_units(const Ticket& t) {
  std::string missing;
  for (const auto& unit : t.assisting_units) {
    bool found = false;
    for (const auto& opinion : t.assisting_opinions) {
      found = found || opinion.unit == unit;
    }
    if (!found) {
      missing += missing.empty() ? unit : ", " + unit;
    }
  }
  return missing;
}

}  // namespace

bool guard_assisting_done(const Ticket& t, Rejection& why) {
  if (!t.assisting_override.empty()) {
    return true;
  }
  const std::string missing = missing_units(t);
  if (missing.empty()) {
    return true;
  }
  why.en = "waiting for the opinions of assisting units " + missing +
           "; a service officer may override with a reason";
  why.zh = "协办单位 " + missing + " 尚未提交意见；企业服务员可说明理由后决定答复";
  return false;
}

bool guard_assisting_missing(const Ticket& t, Rejection& why) {
  if (!t.assisting_override.empty()) {
    why.en = "an override was already recorded";
    why.zh = "已记录过决定答复的理由";
    return false;
  }
  if (missing_units(t).empty()) {
    why.en = "every assisting unit has given its opinion";
    why.zh = "协办单位意见已全部提交";
    return false;
  }
  return true;
}

bool guard_first_opinion(const Ticket& t, const std::string& unit, Rejection& why) {
  for (const auto& opinion : t.assisting_opinions) {
    if (opinion.unit == unit) {
      why.en = "unit \"" + unit + "\" already gave its opinion";
      why.zh = "单位“" + unit + "”已提交过协办意见，不能重复提交";
      return false;
    }
  }
  return true;
}

bool guard_has_proposal(const Ticket& t, Rejection& why) {
  if (!t.proposal.empty()) {
    return true;
  }
  why.en = "the handler has not proposed a reply yet (propose_general)";
  why.zh = "经办人尚未提出拟办意见（propose_general）";
  return false;
}

bool guard_extension_pending(const Ticket& t, bool expected, Rejection& why) {
  const bool pending = t.requested_extension_days > 0;
  if (pending == expected) {
    return true;
  }
  why.en = expected ? "no extension was requested" : "an extension request is already waiting for the office leader";
  why.zh = expected ? "没有待审批的延期申请" : "已有延期申请等待办公室领导审批";
  return false;
}

bool guard_suspension_pending(const Ticket& t, bool expected, Rejection& why) {
  if (t.suspension_requested == expected) {
    return true;
  }
  why.en = expected ? "no suspension was requested" : "a suspension request is already waiting for the office";
  why.zh = expected ? "没有待审批的挂起申请" : "已有挂起申请等待办公室审批";
  return false;
}

bool guard_last_visit_dissatisfied(const Ticket& t, Rejection& why) {
  if (t.satisfaction == Satisfaction::dissatisfied) {
    return true;
  }
  why.en = "the last return visit did not record dissatisfied";
  why.zh = "最近一次回访结果不是不满意";
  return false;
}

}  // namespace jishiban::detail
