// Events: the immutable history (audit trail) of a ticket, and the commands
// that produce them.
//
// Each accepted command becomes exactly one event. The event stores the
// command's payload and the values the engine computed from it (clocks, lost
// working time), so folding the history needs neither the calendar nor the
// policy.
#ifndef JISHIBAN_WORKFLOW_EVENT_HPP
#define JISHIBAN_WORKFLOW_EVENT_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

// Input fields of a command. Each event type reads only some fields and
// requires some of them, as docs/workflow.md lists. A field that a type does
// not read must stay empty, so a misplaced value is rejected, not ignored.
struct Payload {
  // register_request.
  std::optional<Instant> received_at;
  std::optional<Channel> channel;
  std::optional<Requester> requester;
  std::string content;
  // Optional: the request's id in the channel's own system, such as the
  // hotline's call record number or a WeChat MsgId. Kept exactly over the
  // whole signed 64-bit range, also in JSON and in the stores.
  std::optional<std::int64_t> source_id;

  // draft, and reclassify (category only).
  std::optional<Category> category;
  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string proposed_handling;

  // claim: the handler the unit leader names.
  std::string handler_id;
  std::string handler_name;

  // The free text of the step: an opinion, a reply, a proposal, a report, a
  // reason or a note.
  std::string text;

  // decline_at_intake and decline_after_dispatch: the rule cited.
  std::string rule;

  // request_extension: working days asked for.
  int days = 0;

  // report_result.
  std::optional<ResultReport> result;

  // return_visit.
  std::optional<Satisfaction> satisfaction;

  // merge_duplicate: the ticket this one duplicates.
  std::string duplicate_of;

  friend bool operator==(const Payload& a, const Payload& b) noexcept;
  friend bool operator!=(const Payload& a, const Payload& b) noexcept { return !(a == b); }
};

// Values the engine computed while accepting a command or polling.
struct Computed {
  // register_request: the year and the sequence number in the ticket number.
  int year = 0;
  std::int64_t sequence = 0;

  // The new value of each clock the event changed.
  std::optional<SlaClock> dispatch_clock;
  std::optional<SlaClock> handling_clock;

  // return_to_office: working time of the handling clock lost to the return.
  std::chrono::seconds lost_working_time{0};

  // return_visit: this attempt used the last one the policy allows, so an
  // unreachable requester closes the ticket.
  bool final_attempt = false;

  friend bool operator==(const Computed& a, const Computed& b) noexcept {
    return a.year == b.year && a.sequence == b.sequence && a.dispatch_clock == b.dispatch_clock && a.handling_clock == b.handling_clock &&
           a.lost_working_time == b.lost_working_time && a.final_attempt == b.final_attempt;
  }
  friend bool operator!=(const Computed& a, const Computed& b) noexcept { return !(a == b); }
};

struct Event {
  std::string ticket_id;

  // 1 for register_request, then one more per event: the ticket's version
  // after this event.
  std::uint64_t sequence = 0;

  EventType type = EventType::register_request;
  Instant at;

  // Actor of the event. SLA events name the engine as actor "system" with
  // the office_supervisor role.
  Actor actor;

  Payload payload;
  Computed computed;
  std::string comment;

  friend bool operator==(const Event& a, const Event& b) noexcept;
  friend bool operator!=(const Event& a, const Event& b) noexcept { return !(a == b); }
};

// A request to change a ticket, given to Engine::execute.
struct Command {
  EventType type = EventType::register_request;

  // The ticket number; empty for register_request, which creates one.
  std::string ticket_id;

  Actor actor;
  Payload payload;
  std::string comment;

  // When set, the command is rejected with ErrorCode::conflict unless the
  // ticket's version still equals this value: the caller's view is current.
  std::optional<std::uint64_t> expected_version;

  // The host's key for the command, such as an e-mail's Message-ID or a
  // call id for register_request, at most 256 bytes of UTF-8 without
  // control characters, unique over the whole store. A command whose key
  // was already used on the same ticket was applied before: execute
  // returns the ticket as it is now and writes nothing, so a host (or a
  // replayed stream) may send a command again after a timeout or a crash.
  // A key used on another ticket gives ErrorCode::conflict. Empty for none.
  std::string idempotency_key;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_EVENT_HPP
