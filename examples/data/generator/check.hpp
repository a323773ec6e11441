// Runs the lines of a stream through a real engine, as the replay does, to
// prove that every command is accepted at its instant.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_CHECK_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_CHECK_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace stream_generator {

// SLA events the engine recorded while polling, by clock.
struct SlaCounts {
  std::int64_t dispatch_warnings = 0;
  std::int64_t dispatch_breaches = 0;
  std::int64_t handling_warnings = 0;
  std::int64_t handling_breaches = 0;
  std::int64_t handling_escalations = 0;
};

// The number of values of jishiban::Closure.
inline constexpr std::size_t kClosureCount = 8;

class StreamCheck {
 public:
  // An engine with the standard policy on `calendar`, an InMemoryStore and
  // a ManualClock starting at `start`. Notifications are dropped.
  StreamCheck(const jishiban::Calendar& calendar, jishiban::Instant start);

  // Parses one stream line (without its newline) as the replay reads it,
  // polls the engine at the line's instant and executes the command with
  // the ticket of the line's ref and the line's key as idempotency key.
  // Throws std::runtime_error naming the line number, the key and the reason
  // when the line is malformed, goes back in time, repeats a key, names an
  // unknown ref, or the engine rejects the command.
  void apply(std::uint64_t line_number, const std::string& line);

  // Polls once more at `until`, the end of the stream's year.
  void finish(jishiban::Instant until);

  const SlaCounts& sla() const noexcept { return sla_; }

  // The number of tickets in each state.
  std::array<std::int64_t, jishiban::ticket_state_count> states() const;

  // The number of closed and archived tickets by Closure, indexed by its
  // value (none to merged).
  std::array<std::int64_t, kClosureCount> closures() const;

 private:
  void poll(jishiban::Instant at);

  jishiban::InMemoryStore store_;
  jishiban::CallbackNotifier notifier_;
  jishiban::ManualClock clock_;
  jishiban::Engine engine_;
  jishiban::UtcOffset zone_;

  std::map<std::string, std::string> tickets_;  // ref -> ticket number
  std::set<std::string> keys_;
  std::optional<jishiban::Instant> last_at_;
  SlaCounts sla_;
};

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_CHECK_HPP
