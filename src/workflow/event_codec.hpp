// A compact binary encoding of events, used by InMemoryStore to keep
// histories small. Private to the library, and not a storage format: the
// bytes may change between releases.
//
// A history is a sequence of records, one per event. A record is the event
// type as a varint, then one tag byte per field that differs from its default,
// each followed by the field's value, in increasing tag order, then a zero
// byte. Empty strings, std::nullopt, zero and false cost nothing. Integers are
// LEB128 varints, zigzag-encoded when signed. Instants are deltas: the event's
// `at` from the previous record's, and a clock's instants from the event's
// `at` or from one another. The ticket id is stored once by the caller and
// written into a record only when the event names another ticket.
#ifndef JISHIBAN_SRC_WORKFLOW_EVENT_CODEC_HPP
#define JISHIBAN_SRC_WORKFLOW_EVENT_CODEC_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/event.hpp"

namespace jishiban::detail {

// The sequence number and instant of the last record of a history, which the
// next record is encoded against. Both are zero before the first record.
struct HistoryPosition {
  std::uint64_t sequence = 0;
  Instant at;
};

// Appends the record of `event` to `out`. `ticket_id` is the id the decoder
// will be given, and `previous` the position after the history's last record.
// On an exception `out` may contain a partial record, so callers encode
// into a scratch string first.
void encode_event(const Event& event, std::string_view ticket_id, const HistoryPosition& previous,
                  std::string& out);

// Reads the records of one history in order. Throws Error{invalid_data}
// naming the byte offset for truncated or malformed bytes, and never reads
// outside `bytes`. `bytes` must outlive the reader.
class EventReader {
 public:
  EventReader(std::string_view bytes, std::string_view ticket_id) noexcept;

  bool at_end() const noexcept { return offset_ == bytes_.size(); }

  // Decodes the next record. Precondition: !at_end().
  Event next();

  // The position after the last record read.
  const HistoryPosition& position() const noexcept { return position_; }

 private:
  std::string_view bytes_;
  std::string_view ticket_id_;
  std::size_t offset_ = 0;
  HistoryPosition position_;
};

// Decodes every record of a history.
// The snapshot of a ticket in the same style: one tag per field that differs
// from its default. decode_ticket throws Error{invalid_data} naming the byte
// offset for truncated or malformed bytes.
void encode_ticket(const Ticket& ticket, std::string& out);
Ticket decode_ticket(std::string_view bytes);

std::vector<Event> decode_events(std::string_view bytes, std::string_view ticket_id);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_WORKFLOW_EVENT_CODEC_HPP
