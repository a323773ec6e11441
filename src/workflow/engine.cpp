// The engine: commands, SLA polling and notifications around the machine.
#include "jishiban/workflow/engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <limits>
#include <unordered_map>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/authorization.hpp"
#include "jishiban/workflow/masking.hpp"
#include "notify/notifications.hpp"
#include "workflow/machine.hpp"
#include "workflow/payload_rules.hpp"
#include "workflow/store_rules.hpp"

namespace jishiban {
namespace {

using ET = EventType;

// Maximum number of attempts at a store append that loses a race: a
// registration whose ticket number another one took first, or an SLA event
// on a ticket that a command changed meanwhile.
constexpr int kAppendAttempts = 64;

// Notifications read from the store's outbox at a time.
constexpr std::size_t kDeliveryBatch = 64;

// An SLA event due at an instant. The index contains one entry per pending
// event, and an entry whose clock changed since is dropped when it comes up.
struct Trigger {
  std::int64_t at;
  SlaClockKind kind;
  EventType type;  // sla_warning, sla_breach or sla_escalation
  std::string ticket_id;

  // Triggers due at the same second fire in ticket, clock and event order,
  // not in the order they were scheduled. So the rows a poll writes do not
  // depend on how the engine learned of its tickets: a restart schedules
  // them in store order.
  friend bool operator>(const Trigger& a, const Trigger& b) noexcept {
    if (a.at != b.at) {
      return a.at > b.at;
    }
    if (a.ticket_id != b.ticket_id) {
      return a.ticket_id > b.ticket_id;
    }
    if (a.kind != b.kind) {
      return a.kind > b.kind;
    }
    return a.type > b.type;
  }
};

using TriggerQueue = std::priority_queue<Trigger, std::vector<Trigger>, std::greater<>>;

// The due instants of a ticket's six possible SLA events (two clocks, three
// events each), as Unix seconds, and the ticket version they were computed
// from. kNone marks an event with nothing to fire.
struct Pending {
  std::array<std::int64_t, 6> slots;
  std::uint64_t version = 0;

  Pending() { slots.fill(std::numeric_limits<std::int64_t>::min()); }
};
constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

std::size_t slot_of(SlaClockKind kind, EventType type) noexcept {
  std::size_t event = 2;
  if (type == EventType::sla_warning) {
    event = 0;
  } else if (type == EventType::sla_breach) {
    event = 1;
  }
  return static_cast<std::size_t>(kind) * 3 + event;
}

const std::optional<SlaClock>& clock_of(const Ticket& ticket, SlaClockKind kind) {
  return kind == SlaClockKind::dispatch ? ticket.dispatch_clock : ticket.handling_clock;
}

// Returns the instant a clock fires `type`, or std::nullopt when the clock has
// no such event left to record.
std::optional<Instant> fire_time(const SlaClock& clock, EventType type) {
  if (!clock.running() || clock.paused_at) {
    return std::nullopt;
  }
  switch (type) {
    case ET::sla_warning:
      return clock.warned ? std::nullopt : std::optional<Instant>(clock.warning_at);
    case ET::sla_breach:
      return clock.breached ? std::nullopt : std::optional<Instant>(clock.due);
    case ET::sla_escalation:
      // An approved extension excuses the delay: no escalation.
      if (clock.kind != SlaClockKind::handling || clock.escalated || clock.extensions > 0) {
        return std::nullopt;
      }
      return clock.escalation_at;
    default:
      return std::nullopt;
  }
}

constexpr EventType kSlaTypes[] = {ET::sla_warning, ET::sla_breach, ET::sla_escalation};

// A ticket's clocks before a change, to schedule only what changed.
struct Clocks {
  std::optional<SlaClock> dispatch;
  std::optional<SlaClock> handling;

  explicit Clocks(const Ticket& ticket) : dispatch(ticket.dispatch_clock), handling(ticket.handling_clock) {}

  const std::optional<SlaClock>& of(SlaClockKind kind) const { return kind == SlaClockKind::dispatch ? dispatch : handling; }
};

const Actor& system_actor() {
  static const Actor actor{"system", "jishiban", Role::office_supervisor, std::string()};
  return actor;
}

}  // namespace

struct Engine::Impl {
  Impl(const Calendar& cal, TicketStore& s, Notifier& n, const Clock& c, EngineOptions o)
      : calendar(cal), zone_minutes(cal.utc_offset().minutes().count()), store(s), notifier(n), clock(c),
        options(std::move(o)) {}

  Calendar calendar;
  // The calendar's zone, read for every notification without copying the
  // calendar under its lock. Set with `calendar`.
  std::atomic<std::int64_t> zone_minutes;
  TicketStore& store;
  // Set when the engine owns `store`.
  std::unique_ptr<TicketStore> owned_store;
  Notifier& notifier;
  const Clock& clock;
  EngineOptions options;

  mutable std::mutex calendar_mutex;
  mutable std::mutex index_mutex;
  mutable TriggerQueue index;
  // For each open ticket, the instant each of its SLA events is due, so that
  // triggers whose clock changed since are dropped without a store read.
  mutable std::unordered_map<std::string, Pending> pending;
  // The store revision up to which other engines' writes were scheduled.
  // Requires index_mutex.
  mutable std::uint64_t revision_seen = 0;
  // Serializes delivery, so two threads do not offer the same notification
  // at once.
  std::mutex deliver_mutex;
  // The thread inside Engine::deliver, so that its notifier calling it again
  // is rejected instead of waiting for deliver_mutex forever.
  std::atomic<std::thread::id> delivering_thread{};
  // Set when the store's outbox may hold something to deliver: at start, when
  // a command stores notifications, and after a failed delivery.
  std::atomic<bool> outbox_dirty{true};

  Calendar current_calendar() const {
    std::lock_guard<std::mutex> lock(calendar_mutex);
    return calendar;
  }

  bool logging() const noexcept { return static_cast<bool>(options.log); }

  // Drops an exception of the host's callback: the command or event the
  // line reports is already stored, and a rethrow would make it look failed
  // or replace the command's own error.
  void log(const std::string& line) const noexcept {
    if (!options.log) {
      return;
    }
    try {
      options.log(line);
    } catch (...) {
    }
  }

  std::string when(Instant instant) const {
    return is_formattable(instant) ? format_instant(instant, current_calendar().utc_offset())
                                   : std::to_string(instant.unix_seconds());
  }

  // Indexes the SLA events the ticket's clocks still have to fire that are
  // not indexed yet, and records in `pending` the instant each one is due.
  // Comparing with `pending` rather than with the ticket before a command
  // also covers changes another engine made.
  void schedule(const Ticket& after) const {
    std::lock_guard<std::mutex> lock(index_mutex);
    if (!is_open(after.state)) {
      pending.erase(after.id);
      return;
    }
    Pending& known = pending[after.id];
    known.version = std::max(known.version, after.version);
    for (SlaClockKind kind : {SlaClockKind::dispatch, SlaClockKind::handling}) {
      const auto& now = clock_of(after, kind);
      for (EventType type : kSlaTypes) {
        const auto fire = now ? fire_time(*now, type) : std::nullopt;
        std::int64_t& slot = known.slots[slot_of(kind, type)];
        const std::int64_t previous = slot;
        slot = fire ? fire->unix_seconds() : kNone;
        if (fire && previous != slot) {
          index.push(Trigger{slot, kind, type, after.id});
        }
      }
    }
  }

  // Schedules the tickets other engines wrote since the last look, so that
  // this engine's poll() records their SLA events too. Tickets whose version
  // this engine already scheduled are skipped without a load.
  void refresh() const {
    std::vector<TicketChange> changes;
    {
      std::lock_guard<std::mutex> lock(index_mutex);
      changes = store.changed_since(revision_seen);
    }
    for (const TicketChange& change : changes) {
      {
        std::lock_guard<std::mutex> lock(index_mutex);
        const auto known = pending.find(change.ticket_id);
        if (known != pending.end() && known->second.version >= change.version) {
          continue;
        }
      }
      if (const auto ticket = store.load(change.ticket_id)) {
        schedule(*ticket);
      }
    }
  }

  // Returns whether a trigger still matches an event to record, by the
  // instants in `pending`, without loading the ticket. Requires index_mutex.
  bool scheduled(const Trigger& trigger) const {
    const auto found = pending.find(trigger.ticket_id);
    return found != pending.end() && found->second.slots[slot_of(trigger.kind, trigger.type)] == trigger.at;
  }

  // Returns whether a trigger still matches an event to record on the loaded
  // ticket.
  bool still_due(const Trigger& trigger, const Ticket& ticket) const {
    if (!is_open(ticket.state)) {
      return false;
    }
    const auto& sla = clock_of(ticket, trigger.kind);
    if (!sla) {
      return false;
    }
    const auto fire = fire_time(*sla, trigger.type);
    return fire && fire->unix_seconds() == trigger.at;
  }

  std::vector<Notification> notifications_for(const Ticket& ticket, const Event& event) const;
  // Delivers what the outbox holds for `now`: the clock's instant for a
  // command (std::nullopt, read only when there may be something to
  // deliver), and the later of it and the polled instant for poll().
  void deliver(std::optional<Instant> now) noexcept;
  void deliver_pending(Instant now);
  // Appends with the notifications `event` calls for, and marks the outbox
  // for delivery when there are any.
  void append(const Event& event, const Ticket& after, std::uint64_t expected_version,
              std::string_view idempotency_key = {});
  // `movable`, when set, is the command's own payload, which the event may
  // take instead of copying it once the command is validated.
  Ticket run(const Command& command, Payload* movable);
  Ticket run_existing(const Command& command, Instant now, Payload* movable);
  Ticket run_logged(const Command& command, Payload* movable);
  Ticket execute(const Command& command, Payload* movable);
  Ticket load_existing(std::string_view ticket_id) const;
  std::string describe(const Command& command) const;
  void log_accepted(const Command& command, const Ticket& after) const;
  Ticket register_request(const Command& command, Instant now, Payload* movable);
  // The ticket registered with the command's idempotency key, or an empty
  // Ticket when there is none.
  Ticket registered_with_key(const Command& command) const;
  std::optional<Event> fire(const Trigger& trigger);
};

namespace {

// Returns whether the dispatch round of `event` already recorded a warning
// of its handling clock. A round starts with approve_dispatch,
// request_rework or reopen, and the ticket leaves `dispatched` only by
// claim or by leaving the round, so every such warning found it unclaimed
// and sent a claim reminder.
bool claim_reminded(const TicketStore& store, const Ticket& ticket, const Event& event) {
  const std::vector<Event> events = store.history(ticket.id);
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->sequence >= event.sequence) {
      continue;
    }
    if (it->type == ET::approve_dispatch || it->type == ET::request_rework || it->type == ET::reopen) {
      return false;
    }
    if (it->type == ET::sla_warning && it->computed.handling_clock) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<Notification> Engine::Impl::notifications_for(const Ticket& t, const Event& e) const {
  // Most events call for no notification, so they skip building the
  // context.
  if (!detail::may_notify(e.type)) {
    return {};
  }
  detail::NotificationContext context;
  context.templates = &options.notification_templates;
  context.zone = UtcOffset(std::chrono::minutes(zone_minutes.load(std::memory_order_acquire)));
  context.return_visit_attempts = options.policy.return_visit_attempts;
  context.claim_reminded = [this](const Ticket& ticket, const Event& event) {
    return claim_reminded(store, ticket, event);
  };
  return detail::notifications_for(t, e, context);
}

void Engine::Impl::append(const Event& event, const Ticket& after, std::uint64_t expected_version,
                          std::string_view idempotency_key) {
  std::vector<Notification> notifications = notifications_for(after, event);
  const bool notifies = !notifications.empty();
  store.append(StoreWrite{event, after, expected_version, idempotency_key, notifies ? &notifications : nullptr});
  if (notifies) {
    outbox_dirty.store(true, std::memory_order_release);
  }
}

void Engine::Impl::deliver(std::optional<Instant> now) noexcept {
  // Most calls find nothing to deliver and skip the store: the flag is set
  // when this engine stores a notification or a delivery fails.
  if (!options.deliver_notifications || !outbox_dirty.load(std::memory_order_acquire)) {
    return;
  }
  // The command or event before this call is already stored, so a store
  // failure here is logged, not thrown, and delivery waits for the next call.
  try {
    deliver_pending(now ? *now : clock.now());
  } catch (const std::exception& error) {
    outbox_dirty.store(true, std::memory_order_release);
    if (logging()) {
      const auto* library_error = dynamic_cast<const Error*>(&error);
      log(std::string("notification delivery stopped: ") +
          (library_error != nullptr ? std::string(error.what()) : std::string("the store failed")) +
          "; retried on the next command or poll");
    }
  } catch (...) {
    outbox_dirty.store(true, std::memory_order_release);
  }
}

void Engine::Impl::deliver_pending(Instant now) {
  std::unique_lock<std::mutex> lock(deliver_mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    return;  // another thread is delivering
  }
  outbox_dirty.store(false, std::memory_order_release);
  for (;;) {
    const std::vector<OutboxEntry> batch = store.pending_notifications(now, kDeliveryBatch);
    for (const OutboxEntry& entry : batch) {
      const Notification& next = *entry.notification;
      try {
        notifier.notify(next);
      } catch (...) {
        // Kept in the outbox for the next command or poll. The stable id
        // lets the receiver drop a copy that did arrive.
        outbox_dirty.store(true, std::memory_order_release);
        store.record_failed_delivery(next.id, now, now);
        if (entry.attempts == 0 && logging()) {
          // The notifier's exception text is the host's and may quote the
          // message, so only the id is logged.
          log("notification " + next.id + " not delivered by the notifier; kept for retry");
        }
        return;
      }
      store.mark_delivered(next.id, now);
    }
    if (batch.size() < kDeliveryBatch) {
      // Some may not have been offered yet: waiting for a retry instant,
      // or stored in a transaction the store has not committed. Look again
      // on the next call.
      if (store.undelivered_notifications() > 0) {
        outbox_dirty.store(true, std::memory_order_release);
      }
      return;
    }
  }
}

Ticket Engine::Impl::registered_with_key(const Command& command) const {
  const std::optional<std::string> id = store.find_by_idempotency_key(command.idempotency_key);
  if (!id) {
    return Ticket{};
  }
  // A later command's key is not this registration's: the request is
  // another one, and the key may not name it.
  if (store.idempotency_key_sequence(command.idempotency_key) > 1) {
    detail::raise_key_conflict(*id);
  }
  if (logging()) {
    log("repeated " + describe(command) + ": the idempotency key belongs to " + *id + ", which is returned");
  }
  return load_existing(*id);
}

Ticket Engine::Impl::register_request(const Command& command, Instant now, Payload* movable) {
  authorize(command.actor, command.type, Ticket{});
  detail::validate_payload(command, Ticket{});
  const std::string_view key = command.idempotency_key;
  if (!key.empty()) {
    validate_idempotency_key(key);
    // The same request again: the first ticket, and nothing written.
    Ticket first = registered_with_key(command);
    if (!first.id.empty()) {
      return first;
    }
  }

  const Calendar cal = current_calendar();
  const Instant received = command.payload.received_at.value_or(now);
  if (received > now) {
    throw Error(ErrorCode::invalid_argument,
                "received_at " + when(received) + " is later than the current time " + when(now) +
                    "; give the instant the request arrived",
                "接收时间 received_at " + when(received) + " 晚于当前时间 " + when(now) + "；请填写诉求实际到达的时间");
  }
  const detail::LiveInputs live{&cal, &options.policy};
  const Channel channel = *command.payload.channel;
  // The clock comes first because the calendar rejects an instant outside
  // its range with out_of_range, and to_civil below needs a year in
  // 1400-9999.
  const SlaClock dispatch = detail::make_clock(
      SlaClockKind::dispatch, received,
      TargetSpec::working_minutes(options.policy.dispatch_target(channel).count()), live);
  const int year = static_cast<int>(to_civil(received, cal.utc_offset()).date.year());

  Event event;
  event.sequence = 1;
  event.type = ET::register_request;
  event.at = now;
  event.actor = command.actor;
  // Not a conditional expression: its result would be a temporary Payload,
  // moved twice.
  if (movable != nullptr) {
    event.payload = std::move(*movable);
  } else {
    event.payload = command.payload;
  }
  event.payload.received_at = received;
  event.comment = command.comment;
  event.computed.year = year;
  event.computed.dispatch_clock = dispatch;

  for (int attempt = 0;; ++attempt) {
    const std::int64_t sequence = store.next_sequence(year);
    event.ticket_id = format_ticket_number(options.policy.ticket_number_pattern, year, sequence);
    event.computed.sequence = sequence;
    Ticket ticket = detail::start_ticket(event);
    try {
      append(event, ticket, 0, key);
    } catch (const Error& error) {
      if (error.code() != ErrorCode::conflict) {
        throw;
      }
      // Another writer took the number, or registered the same key first.
      if (!key.empty()) {
        Ticket first = registered_with_key(command);
        if (!first.id.empty()) {
          return first;
        }
      }
      if (attempt + 1 < kAppendAttempts) {
        continue;
      }
      throw;
    }
    schedule(ticket);
    log_accepted(command, ticket);
    return ticket;
  }
}

Ticket Engine::Impl::run(const Command& command, Payload* movable) {
  if (static_cast<std::size_t>(command.type) >= event_type_count) {
    const std::string number = std::to_string(static_cast<long long>(command.type));
    throw Error(ErrorCode::invalid_argument,
                "command type " + number + " is not an EventType value; give a command from register_request to archive",
                "命令类型 " + number + " 不是有效的 EventType 取值；请使用 register_request 至 archive 之间的命令");
  }
  if (!is_command(command.type)) {
    throw Error(ErrorCode::invalid_argument,
                std::string(to_string(command.type)) + " is recorded by the engine itself and is not a command",
                std::string(to_string(command.type)) + " 由引擎自动记录，不能作为命令提交");
  }
  detail::validate_actor(command);
  const Instant now = clock.now();
  if (command.type == ET::register_request) {
    if (!command.ticket_id.empty()) {
      const std::string id = quote_for_message(command.ticket_id);
      throw Error(ErrorCode::invalid_argument,
                  "register_request creates a new ticket; leave ticket_id empty instead of " + id,
                  "register_request 会创建新工单，ticket_id 应为空，而不是 " + id);
    }
    return register_request(command, now, movable);
  }
  if (!command.idempotency_key.empty()) {
    validate_idempotency_key(command.idempotency_key);
    if (const std::optional<std::string> owner = store.find_by_idempotency_key(command.idempotency_key)) {
      if (*owner != command.ticket_id) {
        detail::raise_key_conflict(*owner);
      }
      // The same command again: the ticket as it is now, and nothing
      // written.
      if (logging()) {
        log("repeated " + describe(command) + ": the idempotency key was already used, so nothing is written");
      }
      return load_existing(*owner);
    }
  }
  return run_existing(command, now, movable);
}

Ticket Engine::Impl::load_existing(std::string_view ticket_id) const {
  Ticket ticket;
  if (!store.load_into(ticket_id, ticket)) {
    const std::string id = quote_for_message(ticket_id);
    throw Error(ErrorCode::not_found, "no ticket " + id + "; check the ticket number",
                "没有编号为 " + id + " 的工单；请核对来件编号");
  }
  return ticket;
}

Ticket Engine::Impl::run_existing(const Command& command, Instant now, Payload* movable) {
  Ticket ticket = load_existing(command.ticket_id);
  if (command.expected_version && *command.expected_version != ticket.version) {
    throw Error(ErrorCode::conflict,
                "ticket " + ticket.id + " is at version " + std::to_string(ticket.version) + ", not the expected " +
                    std::to_string(*command.expected_version) + "; reload it and retry",
                "工单 " + ticket.id + " 当前版本为 " + std::to_string(ticket.version) + "，不是预期的 " +
                    std::to_string(*command.expected_version) + "；请重新读取后再试");
  }
  authorize(command.actor, command.type, ticket);
  detail::validate_payload(command, ticket);
  if (command.type == ET::merge_duplicate) {
    detail::validate_duplicate_target(command, ticket, store.load(command.payload.duplicate_of));
  }

  Event event;
  event.ticket_id = ticket.id;
  event.sequence = ticket.version + 1;
  event.type = command.type;
  // Events of a ticket never go back in time, even if the clock does.
  event.at = std::max(now, ticket.updated_at);
  event.actor = command.actor;
  // Not a conditional expression: its result would be a temporary Payload,
  // moved twice.
  if (movable != nullptr) {
    event.payload = std::move(*movable);
  } else {
    event.payload = command.payload;
  }
  event.comment = command.comment;
  if (command.type == ET::return_visit) {
    event.computed.final_attempt = ticket.return_visit_attempts + 1 >= options.policy.return_visit_attempts;
  }

  // The machine works on the loaded copy, which is discarded on failure;
  // the stored ticket changes only through the append below.
  const Calendar cal = current_calendar();
  const detail::LiveInputs live{&cal, &options.policy};
  const Clocks clocks_before(ticket);
  const std::uint64_t version_before = ticket.version;
  detail::run_machine(ticket, event, &live);
  append(event, ticket, version_before, command.idempotency_key);

  // Most commands change no clock, and then the index has nothing to learn.
  const bool clocks_changed =
      clocks_before.dispatch != ticket.dispatch_clock || clocks_before.handling != ticket.handling_clock;
  if (clocks_changed || !is_open(ticket.state)) {
    schedule(ticket);
  }
  log_accepted(command, ticket);
  return ticket;
}

std::optional<Event> Engine::Impl::fire(const Trigger& trigger) {
  for (int attempt = 0; attempt < kAppendAttempts; ++attempt) {
    const std::optional<Ticket> stored = store.load(trigger.ticket_id);
    if (!stored || !still_due(trigger, *stored)) {
      return std::nullopt;
    }
    const Ticket& before = *stored;
    SlaClock sla = *clock_of(before, trigger.kind);
    if (trigger.type == ET::sla_warning) {
      sla.warned = true;
    } else if (trigger.type == ET::sla_breach) {
      sla.breached = true;
    } else {
      sla.escalated = true;
    }

    Event event;
    event.ticket_id = before.id;
    event.sequence = before.version + 1;
    event.type = trigger.type;
    event.at = std::max(Instant::from_unix_seconds(trigger.at), before.updated_at);
    event.actor = system_actor();
    (trigger.kind == SlaClockKind::dispatch ? event.computed.dispatch_clock : event.computed.handling_clock) = sla;
    Ticket after = before;
    detail::apply_clock_event(after, event);
    try {
      append(event, after, before.version);
    } catch (const Error& error) {
      if (error.code() == ErrorCode::conflict) {
        continue;  // a command changed the ticket meanwhile: look again
      }
      throw;
    }
    schedule(after);
    if (logging()) {
      log("recorded " + std::string(to_string(event.type)) + " on " + after.id + " (" +
          std::string(to_string(trigger.kind)) + " clock due " + when(sla.due) + ")");
    }
    return event;
  }
  // Commands kept changing the ticket: report it, and poll keeps the event
  // due.
  throw Error(ErrorCode::conflict,
              "ticket " + trigger.ticket_id + " changed " + std::to_string(kAppendAttempts) +
                  " times while its SLA event was being recorded; poll again",
              "记录工单 " + trigger.ticket_id + " 的时限事件期间，工单被修改了 " + std::to_string(kAppendAttempts) +
                  " 次；请再次检查时限");
}

Engine::Engine(const Calendar& calendar, TicketStore& store, Notifier& notifier, const Clock& clock,
               EngineOptions options)
    : impl_(std::make_unique<Impl>(calendar, store, notifier, clock, std::move(options))) {
  impl_->options.policy.validate();
  // The revision comes first, so a write during the scan is seen again by
  // the first refresh rather than missed.
  impl_->revision_seen = store.revision();
  for (const auto& id : store.open_tickets()) {
    if (const auto ticket = store.load(id)) {
      impl_->schedule(*ticket);
    }
  }
}

namespace {

TicketStore& require_store(const std::unique_ptr<TicketStore>& store) {
  if (store == nullptr) {
    throw Error(ErrorCode::invalid_argument, "the engine needs a store, and the store given is null",
                "引擎需要一个存储，但传入的存储为空");
  }
  return *store;
}

}  // namespace

Engine::Engine(const Calendar& calendar, std::unique_ptr<TicketStore> store, Notifier& notifier, const Clock& clock,
               EngineOptions options)
    : Engine(calendar, require_store(store), notifier, clock, std::move(options)) {
  impl_->owned_store = std::move(store);
}

TicketStore& Engine::store() const noexcept { return impl_->store; }

Engine::~Engine() = default;

std::string Engine::Impl::describe(const Command& command) const {
  return std::string(to_string(command.type)) + " on " +
         (command.ticket_id.empty() ? std::string("a new ticket") : quote_for_message(command.ticket_id)) + " by " +
         quote_for_message(command.actor.id) + " (" + std::string(to_string(command.actor.role)) + ")";
}

void Engine::Impl::log_accepted(const Command& command, const Ticket& after) const {
  if (logging()) {
    log("accepted " + describe(command) + " -> " + std::string(to_string(after.state)) + " (" + after.id + ")");
  }
}

// A function try block, so the ticket is returned without a copy or move.
Ticket Engine::Impl::run_logged(const Command& command, Payload* movable) try {
  return run(command, movable);
} catch (const Error& error) {
  if (logging()) {
    log("rejected " + describe(command) + ": [jishiban." + std::string(error_code_name(error.code())) + "] " +
        error.message());
  }
  throw;
} catch (const std::exception&) {
  // Not the library's own error, so its text is not known to be free of
  // contact data: only the kind of failure is logged.
  if (logging()) {
    log("failed " + describe(command) + ": an exception that is not a jishiban::Error");
  }
  throw;
}

Ticket Engine::Impl::execute(const Command& command, Payload* movable) {
  deliver(std::nullopt);
  Ticket after = run_logged(command, movable);
  deliver(std::nullopt);
  if (!sees_contact_data(command.actor, after)) {
    after = masked(after);
  }
  return after;
}

Ticket Engine::execute(const Command& command) { return impl_->execute(command, nullptr); }

Ticket Engine::execute(Command&& command) { return impl_->execute(command, &command.payload); }

Ticket Engine::view(const Actor& actor, std::string_view ticket_id) const {
  return view_for(actor, impl_->load_existing(ticket_id));
}

std::vector<EventType> Engine::available_commands(const Actor& actor, std::string_view ticket_id) const {
  const Ticket ticket = impl_->load_existing(ticket_id);
  std::vector<EventType> commands;
  Event probe;
  probe.ticket_id = ticket.id;
  probe.sequence = ticket.version + 1;
  probe.actor = actor;
  // A return visit's outcome picks its row; every outcome has one.
  probe.payload.satisfaction = Satisfaction::satisfied;
  for (std::size_t i = 1; i <= static_cast<std::size_t>(EventType::archive); ++i) {
    const auto type = static_cast<EventType>(i);
    if (!may_act(actor, type, ticket)) {
      continue;
    }
    probe.type = type;
    if (detail::machine_allows(ticket, probe)) {
      commands.push_back(type);
    }
  }
  return commands;
}

std::vector<Event> Engine::history(const Actor& actor, std::string_view ticket_id) const {
  const Ticket ticket = impl_->load_existing(ticket_id);
  std::vector<Event> events = impl_->store.history(ticket_id);
  if (!sees_contact_data(actor, ticket)) {
    const Requester shown = masked(ticket).requester;
    for (auto& event : events) {
      if (event.payload.requester) {
        event.payload.requester = shown;
      }
    }
  }
  return events;
}

std::vector<Event> Engine::poll(Instant now) {
  const Instant delivery = std::max(now, impl_->clock.now());
  impl_->deliver(delivery);
  impl_->refresh();
  std::vector<Event> recorded;
  for (;;) {
    Trigger trigger;
    {
      std::lock_guard<std::mutex> lock(impl_->index_mutex);
      if (impl_->index.empty() || impl_->index.top().at > now.unix_seconds()) {
        break;
      }
      trigger = impl_->index.top();
      impl_->index.pop();
      if (!impl_->scheduled(trigger)) {
        continue;
      }
    }
    std::optional<Event> event;
    try {
      event = impl_->fire(trigger);
    } catch (...) {
      // The event was not recorded: keep it due for the next poll.
      std::lock_guard<std::mutex> lock(impl_->index_mutex);
      impl_->index.push(std::move(trigger));
      throw;
    }
    if (event) {
      recorded.push_back(std::move(*event));
    }
  }
  impl_->deliver(delivery);
  return recorded;
}

std::vector<Event> Engine::poll() { return poll(impl_->clock.now()); }

std::optional<Instant> Engine::next_wakeup() const {
  impl_->refresh();
  std::lock_guard<std::mutex> lock(impl_->index_mutex);
  while (!impl_->index.empty()) {
    const Trigger& top = impl_->index.top();
    if (impl_->scheduled(top)) {
      return Instant::from_unix_seconds(top.at);
    }
    impl_->index.pop();
  }
  return std::nullopt;
}

std::vector<Event> Engine::replace_calendar(const Calendar& calendar) {
  {
    std::lock_guard<std::mutex> lock(impl_->calendar_mutex);
    impl_->calendar = calendar;
    impl_->zone_minutes.store(calendar.utc_offset().minutes().count(), std::memory_order_release);
  }
  const detail::LiveInputs live{&calendar, &impl_->options.policy};
  std::vector<Event> recorded;
  for (const auto& id : impl_->store.open_tickets()) {
    for (int attempt = 0; attempt < kAppendAttempts; ++attempt) {
      const auto stored = impl_->store.load(id);
      if (!stored) {
        break;
      }
      const Ticket& before = *stored;
      Event event;
      for (SlaClockKind kind : {SlaClockKind::dispatch, SlaClockKind::handling}) {
        const auto& clock = clock_of(before, kind);
        if (!clock || !clock->running() || !clock->provisional) {
          continue;
        }
        const SlaClock fresh = detail::recompute_clock(*clock, live, impl_->clock.now());
        if (fresh != *clock) {
          (kind == SlaClockKind::dispatch ? event.computed.dispatch_clock : event.computed.handling_clock) = fresh;
        }
      }
      if (!event.computed.dispatch_clock && !event.computed.handling_clock) {
        break;
      }
      event.ticket_id = before.id;
      event.sequence = before.version + 1;
      event.type = ET::deadline_recomputed;
      event.at = std::max(impl_->clock.now(), before.updated_at);
      event.actor = system_actor();
      Ticket after = before;
      detail::apply_clock_event(after, event);
      try {
        impl_->append(event, after, before.version);
      } catch (const Error& error) {
        if (error.code() == ErrorCode::conflict) {
          continue;
        }
        throw;
      }
      impl_->schedule(after);
      impl_->log("recorded deadline_recomputed on " + after.id);
      recorded.push_back(std::move(event));
      break;
    }
  }
  return recorded;
}

std::size_t Engine::undelivered_notifications() const {
  return impl_->store.undelivered_notifications();
}

DeliveryResult Engine::deliver(Notifier& notifier, Instant now, const DeliveryPolicy& policy) {
  if (impl_->delivering_thread.load(std::memory_order_acquire) == std::this_thread::get_id()) {
    throw Error(ErrorCode::invalid_argument,
                "deliver() was called from its own delivery callback, which would offer the same notifications "
                "again; deliver after the call returns",
                "在投递回调中再次调用了 deliver()，这会再次提交同样的通知；请在该调用返回后再投递");
  }

  const std::lock_guard<std::mutex> lock(impl_->deliver_mutex);
  impl_->delivering_thread.store(std::this_thread::get_id(), std::memory_order_release);
  struct ClearOnExit {
    std::atomic<std::thread::id>& thread;
    ~ClearOnExit() { thread.store(std::thread::id(), std::memory_order_release); }
  } clear_on_exit{impl_->delivering_thread};
  return deliver_pending(impl_->store, notifier, now, policy);
}

const Policy& Engine::policy() const noexcept { return impl_->options.policy; }

}  // namespace jishiban
