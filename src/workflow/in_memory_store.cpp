#include "jishiban/workflow/in_memory_store.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <type_traits>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/history.hpp"
#include "workflow/event_codec.hpp"
#include "workflow/machine.hpp"
#include "workflow/store_rules.hpp"

namespace jishiban {

struct InMemoryStore::Record {
  // The current ticket, encoded by detail::encode_ticket: a few hundred
  // bytes instead of the Ticket struct's 1.5 KiB plus its strings. Stale
  // while `cached` contains a newer ticket.
  std::string snapshot;

  // The decoded ticket of a recently changed record, which saves decoding
  // and encoding while a ticket is being worked on. At most
  // kCachedTickets records have one, linked from most to least recently
  // used. The least recently used is encoded into `snapshot` when another
  // record needs the room.
  std::unique_ptr<Ticket> cached;
  Record* newer = nullptr;
  Record* older = nullptr;

  // Set when neither `snapshot` nor `cached` contains the current ticket,
  // after an allocation failure while updating the cache. The history is
  // complete, so load() folds it.
  bool stale = false;

  // The events, encoded by detail::encode_event against the ticket's id.
  std::string history;

  // The sequence number and instant of the last event, which the next one is
  // encoded against.
  detail::HistoryPosition last;

  // The ticket number's parts and what the indexes order by, so an append
  // finds and moves index entries without decoding the snapshot.
  int year = 0;
  std::int64_t sequence = 0;
  std::string id;
  TicketState state = TicketState::registered;
  std::string lead_unit;
  std::optional<Instant> due;
  std::uint64_t version = 0;

  // The store's revision after this record's last write, and the records
  // written just before and after it: a list in revision order, so a write
  // moves its record to the end without allocating.
  std::uint64_t revision = 0;
  Record* written_before = nullptr;
  Record* written_after = nullptr;
};

namespace {

using detail::earliest_due;
using detail::raise_conflict;
using detail::raise_key_conflict;
using Record = InMemoryStore::Record;

auto number_of(const Record* r) noexcept { return std::tie(r->year, r->sequence, r->id); }

// Bytes reserved after a new ticket's first event: a few events without
// free text take about 40 bytes each.
constexpr std::size_t kFirstEventsRoom = 160;

// Encodes `event` into a buffer that every append of the thread reuses, so
// the encoding allocates nothing once the buffer has grown. The view is
// valid until the thread's next call.
std::string_view encode_into_scratch(const Event& event, std::string_view ticket_id,
                                     const detail::HistoryPosition& previous) {
  thread_local std::string scratch;
  scratch.clear();
  detail::encode_event(event, ticket_id, previous, scratch);
  return scratch;
}

// A detached set node holding `record`, made before the store changes so
// that inserting it later neither allocates nor throws.
template <class Index>
typename Index::node_type make_node(Record* record) {
  Index scratch;
  scratch.insert(record);
  return scratch.extract(scratch.begin());
}

}  // namespace

bool InMemoryStore::ByState::operator()(const Record* a, const Record* b) const noexcept {
  return a->state != b->state ? a->state < b->state : number_of(a) < number_of(b);
}
bool InMemoryStore::ByState::operator()(const Record* a, TicketState b) const noexcept { return a->state < b; }
bool InMemoryStore::ByState::operator()(TicketState a, const Record* b) const noexcept { return a < b->state; }

bool InMemoryStore::ByUnit::operator()(const Record* a, const Record* b) const noexcept {
  return a->lead_unit != b->lead_unit ? a->lead_unit < b->lead_unit : number_of(a) < number_of(b);
}
bool InMemoryStore::ByUnit::operator()(const Record* a, std::string_view b) const noexcept {
  return std::string_view(a->lead_unit) < b;
}
bool InMemoryStore::ByUnit::operator()(std::string_view a, const Record* b) const noexcept {
  return a < std::string_view(b->lead_unit);
}

// Only records with a due instant are in by_due_.
bool InMemoryStore::ByDue::operator()(const Record* a, const Record* b) const noexcept {
  return *a->due != *b->due ? *a->due < *b->due : number_of(a) < number_of(b);
}
bool InMemoryStore::ByDue::operator()(const Record* a, Instant b) const noexcept { return *a->due < b; }
bool InMemoryStore::ByDue::operator()(Instant a, const Record* b) const noexcept { return a < *b->due; }

InMemoryStore::InMemoryStore() = default;
InMemoryStore::~InMemoryStore() = default;

void InMemoryStore::link_newest(Record* record) noexcept {
  record->older = newest_;
  record->newer = nullptr;
  if (newest_ != nullptr) {
    newest_->newer = record;
  }
  newest_ = record;
  if (oldest_ == nullptr) {
    oldest_ = record;
  }
}

void InMemoryStore::unlink(Record* record) noexcept {
  (record->newer != nullptr ? record->newer->older : newest_) = record->older;
  (record->older != nullptr ? record->older->newer : oldest_) = record->newer;
  record->newer = nullptr;
  record->older = nullptr;
}

void InMemoryStore::append(const StoreWrite& write) {
  const Event& event = write.event;
  const Ticket& after = write.after;
  const std::uint64_t expected_version = write.expected_version;
  detail::check_write(write);

  const std::lock_guard<std::mutex> lock(mutex_);

  const auto found = records_.find(after.id);
  Record* const record = found == records_.end() ? nullptr : found->second.get();
  const std::uint64_t stored_version = record != nullptr ? record->version : 0;
  const bool matches = record == nullptr ? expected_version == 0 : stored_version == expected_version;
  if (!matches) {
    raise_conflict(after.id, record != nullptr, stored_version, expected_version);
  }

  // The outbox entries and the idempotency key, in detached nodes that the
  // commit below splices in without allocating.
  std::list<OutboxEntry> new_entries;
  if (write.notifications != nullptr) {
    for (Notification& notification : *write.notifications) {
      const Instant due = notification.at;
      new_entries.push_back(OutboxEntry{std::make_shared<const Notification>(std::move(notification)), 0, due});
    }
  }
  decltype(keys_)::node_type key_node;
  if (!write.idempotency_key.empty()) {
    if (const auto used = keys_.find(write.idempotency_key); used != keys_.end()) {
      raise_key_conflict(used->second.first);
    }
    decltype(keys_) key_scratch;
    key_scratch.emplace(std::string(write.idempotency_key), std::make_pair(after.id, event.sequence));
    key_node = key_scratch.extract(key_scratch.begin());
  }
  const auto commit_additions = [&]() noexcept {
    outbox_.splice(outbox_.end(), new_entries);
    if (key_node) {
      keys_.insert(std::move(key_node));
    }
  };

  // Every step that allocates or may throw runs before anything changes, so
  // a failed append leaves the store as it was. These steps copy the ticket
  // for the cache, encode the event and make room for it in the history.
  const std::optional<Instant> due = earliest_due(after);
  // A record whose ticket is cached applies the event to it in place, as
  // the fold does, instead of copying `after`: the event carries everything
  // the step needs. Any other record gets a copy of `after`, swapped in on
  // commit.
  const bool cached = record != nullptr && record->cached != nullptr;
  std::unique_ptr<Ticket> fresh;
  if (!cached && cached_ >= kCachedTickets) {
    // Room is made first, by encoding the least recently used ticket as a
    // snapshot. The eviction changes only which tickets are decoded, which
    // no caller can see, so it is kept even if the append fails below. The
    // evicted ticket's storage, strings included, takes the copy of
    // `after`, which then rarely allocates.
    Record* const victim = oldest_;
    thread_local std::string scratch;
    scratch.clear();
    detail::encode_ticket(*victim->cached, scratch);
    std::string snapshot(scratch);
    victim->snapshot = std::move(snapshot);
    fresh = std::move(victim->cached);
    unlink(victim);
    --cached_;
  }
  if (!cached) {
    if (fresh != nullptr) {
      *fresh = after;
    } else {
      fresh = std::make_unique<Ticket>(after);
    }
  }
  const auto commit_cache = [&](Record* target) noexcept {
    if (cached) {
      unlink(target);
    } else {
      ++cached_;
      target->cached.swap(fresh);
      target->stale = false;
    }
    link_newest(target);
  };

  if (record == nullptr) {
    auto created = std::make_unique<Record>();
    // Room for a few more events without free text, which most tickets
    // get next.
    const std::string_view encoded = encode_into_scratch(event, after.id, detail::HistoryPosition{});
    created->history.reserve(encoded.size() + kFirstEventsRoom);
    created->history.assign(encoded);
    created->last = detail::HistoryPosition{event.sequence, event.at};
    created->year = after.year;
    created->sequence = after.sequence;
    created->id = after.id;
    created->state = after.state;
    created->lead_unit = after.lead_unit;
    created->due = due;
    created->version = after.version;
    Record* const raw = created.get();

    auto state_node = make_node<decltype(by_state_)>(raw);
    auto unit_node = make_node<decltype(by_unit_)>(raw);
    decltype(by_due_)::node_type due_node;
    if (due) {
      due_node = make_node<decltype(by_due_)>(raw);
    }
    std::map<int, std::int64_t>::node_type year_node;
    if (last_sequence_.find(after.year) == last_sequence_.end()) {
      std::map<int, std::int64_t> year_scratch{{after.year, 0}};
      year_node = year_scratch.extract(year_scratch.begin());
    }
    // Growing by doubling keeps rehashing rare. The insertion comes last:
    // when it throws, nothing has changed yet.
    if (static_cast<float>(records_.size() + 1) >
        static_cast<float>(records_.bucket_count()) * records_.max_load_factor()) {
      records_.reserve(2 * records_.size() + 16);
    }
    records_.emplace(after.id, std::move(created));

    // Commit: nothing below allocates or throws.
    if (year_node) {
      last_sequence_.insert(std::move(year_node));
    }
    auto& last = last_sequence_.find(after.year)->second;
    last = std::max(last, after.sequence);
    by_state_.insert(std::move(state_node));
    by_unit_.insert(std::move(unit_node));
    if (due_node) {
      by_due_.insert(std::move(due_node));
    }
    mark_written(raw);
    commit_cache(raw);
    commit_additions();
    return;
  }

  const bool state_moves = record->state != after.state;
  const bool unit_moves = record->lead_unit != after.lead_unit;
  const bool due_moves = record->due != due;
  std::string lead_unit = unit_moves ? after.lead_unit : std::string();
  decltype(by_due_)::node_type new_due_node;
  if (due && !record->due) {
    new_due_node = make_node<decltype(by_due_)>(record);
  }
  // Grow by half at least, so a long history is not copied on every event.
  const std::string_view encoded = encode_into_scratch(event, after.id, record->last);
  std::string& history = record->history;
  const std::size_t needed = history.size() + encoded.size();
  if (needed > history.capacity()) {
    history.reserve(std::max(needed, history.capacity() + history.capacity() / 2));
  }

  // Commit: take the record out of the indexes whose keys change, change
  // it, and put the same nodes back. Nothing below allocates or throws.
  auto state_node = state_moves ? by_state_.extract(record) : decltype(by_state_)::node_type();
  auto unit_node = unit_moves ? by_unit_.extract(record) : decltype(by_unit_)::node_type();
  auto due_node = due_moves && record->due ? by_due_.extract(record) : decltype(by_due_)::node_type();
  history.append(encoded);
  record->last = detail::HistoryPosition{event.sequence, event.at};
  record->state = after.state;
  if (unit_moves) {
    record->lead_unit = std::move(lead_unit);
  }
  record->due = due;
  record->version = after.version;
  mark_written(record);
  if (state_node) {
    by_state_.insert(std::move(state_node));
  }
  if (unit_node) {
    by_unit_.insert(std::move(unit_node));
  }
  if (due_moves && due) {
    by_due_.insert(due_node ? std::move(due_node) : std::move(new_due_node));
  }
  commit_cache(record);
  commit_additions();
  if (cached) {
    update_cached(*record, event, after);
  }
}

void InMemoryStore::update_cached(Record& record, const Event& event, const Ticket& after) noexcept {
  // The event is already in the history, so the append has succeeded
  // whatever happens here. A failure only costs the decoded copy.
  // Applying the event in place reuses the cached ticket's strings. The
  // store's contract says `after` is the event applied to the stored ticket,
  // and this checks the fields a replay could compute differently: when the
  // replay throws, or its version, state, updated_at or clocks differ from
  // `after`, the cache takes a copy of `after` instead.
  try {
    try {
      detail::apply_in_place(*record.cached, event);
    } catch (const Error&) {
      *record.cached = after;
      return;
    }
    const Ticket& mine = *record.cached;
    if (mine.version != after.version || mine.state != after.state || mine.updated_at != after.updated_at ||
        mine.dispatch_clock != after.dispatch_clock || mine.handling_clock != after.handling_clock) {
      *record.cached = after;
    }
    return;
  } catch (...) {
  }
  unlink(&record);
  record.cached.reset();
  --cached_;
  record.stale = true;
}

std::optional<std::string> InMemoryStore::find_by_idempotency_key(std::string_view key) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = keys_.find(key);
  if (found == keys_.end()) {
    return std::nullopt;
  }
  return found->second.first;
}

std::uint64_t InMemoryStore::idempotency_key_sequence(std::string_view key) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = keys_.find(key);
  return found == keys_.end() ? 0 : found->second.second;
}

std::vector<OutboxEntry> InMemoryStore::pending_notifications(Instant now, std::size_t limit) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<OutboxEntry> due;
  for (auto entry = outbox_.begin(); entry != outbox_.end() && due.size() < limit; ++entry) {
    if (entry->next_attempt_at <= now) {
      due.push_back(*entry);
    }
  }
  return due;
}

// Deliveries go in outbox order, so the notification is almost always the
// first, and a search from the front is short.
std::list<OutboxEntry>::iterator InMemoryStore::find_in_outbox(std::string_view notification_id) {
  return std::find_if(outbox_.begin(), outbox_.end(),
                      [&](const OutboxEntry& entry) { return entry.notification->id == notification_id; });
}

void InMemoryStore::mark_delivered(std::string_view notification_id, Instant /*at*/) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = find_in_outbox(notification_id);
  if (found != outbox_.end()) {
    outbox_.erase(found);
  }
}

void InMemoryStore::record_failed_delivery(std::string_view notification_id, Instant /*at*/, Instant retry_at) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = find_in_outbox(notification_id);
  if (found != outbox_.end()) {
    found->attempts += 1;
    found->next_attempt_at = retry_at;
  }
}

std::size_t InMemoryStore::undelivered_notifications() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return outbox_.size();
}

std::uint64_t InMemoryStore::revision() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return revision_;
}

std::vector<TicketChange> InMemoryStore::changed_since(std::uint64_t& since) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<TicketChange> changes;
  for (const Record* r = last_written_; r != nullptr && r->revision > since; r = r->written_before) {
    changes.push_back(TicketChange{r->id, r->version});
  }
  std::reverse(changes.begin(), changes.end());
  since = std::max(since, revision_);
  return changes;
}

void InMemoryStore::mark_written(Record* record) noexcept {
  if (record->revision != 0) {
    (record->written_after != nullptr ? record->written_after->written_before : last_written_) =
        record->written_before;
    if (record->written_before != nullptr) {
      record->written_before->written_after = record->written_after;
    }
  }
  revision_ += 1;
  record->revision = revision_;
  record->written_before = last_written_;
  record->written_after = nullptr;
  if (last_written_ != nullptr) {
    last_written_->written_after = record;
  }
  last_written_ = record;
}

std::optional<Ticket> InMemoryStore::load(std::string_view ticket_id) const {
  std::optional<Ticket> ticket(std::in_place);
  if (!load_into(ticket_id, *ticket)) {
    ticket.reset();
  }
  return ticket;
}

bool InMemoryStore::load_into(std::string_view ticket_id, Ticket& out) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = records_.find(std::string(ticket_id));
  if (found == records_.end()) {
    return false;
  }
  const Record& record = *found->second;
  if (record.cached != nullptr) {
    out = *record.cached;
  } else if (record.stale) {
    out = fold(detail::decode_events(record.history, record.id));
  } else {
    out = detail::decode_ticket(record.snapshot);
  }
  return true;
}

std::vector<Event> InMemoryStore::history(std::string_view ticket_id) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = records_.find(std::string(ticket_id));
  if (found == records_.end()) {
    return {};
  }
  return detail::decode_events(found->second->history, found->first);
}

std::int64_t InMemoryStore::next_sequence(int year) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = last_sequence_.find(year);
  return found == last_sequence_.end() ? 1 : found->second + 1;
}

std::vector<std::string> InMemoryStore::find_by_state(TicketState state) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> ids;
  const auto range = by_state_.equal_range(state);
  for (auto entry = range.first; entry != range.second; ++entry) {
    ids.push_back((*entry)->id);
  }
  return ids;
}

std::vector<std::string> InMemoryStore::find_by_unit(std::string_view unit) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> ids;
  const auto range = by_unit_.equal_range(unit);
  for (auto entry = range.first; entry != range.second; ++entry) {
    ids.push_back((*entry)->id);
  }
  return ids;
}

std::vector<std::string> InMemoryStore::find_due_before(Instant until) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> ids;
  const auto end = by_due_.upper_bound(until);
  for (auto entry = by_due_.begin(); entry != end; ++entry) {
    ids.push_back((*entry)->id);
  }
  return ids;
}

std::vector<std::string> InMemoryStore::open_tickets() const {
  const std::lock_guard<std::mutex> lock(mutex_);

  // by_state_ is ordered by state first, so the open tickets of all states
  // are gathered and then sorted by number.
  std::vector<const Record*> open;
  for (const Record* record : by_state_) {
    if (is_open(record->state)) {
      open.push_back(record);
    }
  }
  std::sort(open.begin(), open.end(),
            [](const Record* a, const Record* b) { return number_of(a) < number_of(b); });

  std::vector<std::string> ids;
  ids.reserve(open.size());
  for (const Record* record : open) {
    ids.push_back(record->id);
  }
  return ids;
}

std::size_t InMemoryStore::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return records_.size();
}

void InMemoryStore::for_each_ticket(const std::function<void(const Ticket&)>& visit) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& entry : records_) {
    const Record& record = *entry.second;
    if (record.cached != nullptr) {
      visit(*record.cached);
    } else if (record.stale) {
      visit(fold(detail::decode_events(record.history, record.id)));
    } else {
      visit(detail::decode_ticket(record.snapshot));
    }
  }
}

}  // namespace jishiban
