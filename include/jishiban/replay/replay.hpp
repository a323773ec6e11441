// Replay: applying a stream of timestamped commands to an engine, as a host
// would have given them, with SLA polling as time advances.
//
// A stream is JSON lines, one object per line, in time order:
//
//   {"at": "2026-01-05T09:12:37+08:00",
//    "key": "2026-R000123-01",
//    "ref": "R000123",
//    "command": {"type": "register_request", "actor": {...}, "payload": {...}}}
//
//   at                the instant the command is given (RFC 3339 with seconds
//                     and an offset); not earlier than the line before
//   key               optional: the command's idempotency key, unique in the
//                     stream. With keys, replaying a stream again, or after
//                     an interruption, applies nothing twice.
//   ref               optional: the stream's name of a request. A
//                     register_request line with a ref gives the name to the
//                     ticket it creates. Later lines with the same ref act
//                     on that ticket, so their command has no "ticket".
//                     Without a ref, a command names its ticket itself.
//   duplicate_of_ref  optional, merge_duplicate only: the ref of the ticket
//                     this one duplicates, put into payload.duplicate_of.
//   command           the command, in the form of command_json.hpp
//
// Blank lines are skipped. Before each line the engine polls at the line's
// instant, so warnings, breaches and escalations are recorded when they
// fell due; after the last line it polls at `until` or the last instant.
#ifndef JISHIBAN_REPLAY_REPLAY_HPP
#define JISHIBAN_REPLAY_REPLAY_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "jishiban/error.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"

namespace jishiban {

// A line that was not applied, and why. The messages start with the line's
// place, "<source>:<line>".
struct BadLine {
  std::uint64_t line = 0;  // 1-based
  ErrorCode code = ErrorCode::invalid_data;
  std::string message_en;
  std::string message_zh;

  const std::string& message(Language language) const noexcept {
    return language == Language::zh_CN ? message_zh : message_en;
  }
};

// Counts so far, passed to ReplayOptions::progress and returned at the end.
struct ReplayResult {
  std::uint64_t lines = 0;      // lines read, blank ones included
  std::uint64_t applied = 0;    // commands the engine accepted
  std::uint64_t repeated = 0;   // commands whose key was already used: applied before
  std::uint64_t bad = 0;        // lines reported through ReplayOptions::bad_line
  std::uint64_t registered = 0; // new tickets
  std::uint64_t sla_events = 0; // events recorded by polling
  std::uint64_t bytes = 0;      // bytes of input read
  std::optional<Instant> last_at;

  // Set when ReplayOptions::strict stopped the replay at a bad line.
  bool stopped = false;
};

struct ReplayOptions {
  // Stop at the first bad line. What was applied before it stays stored.
  bool strict = false;

  // Poll once more at this instant after the last line, for example the end
  // of the stream's year. Default: the instant of the last line.
  std::optional<Instant> until;

  // Lines written in one transaction when the engine's store is a
  // SqliteStore: fewer disk flushes, so a year replays in seconds. A
  // rejected command inside a batch undoes only itself. 1 writes each
  // command on its own.
  std::size_t batch_lines = 512;

  // Called for each bad line, in order. May be empty.
  std::function<void(const BadLine&)> bad_line;

  // Called every `progress_every` lines and once at the end. May be empty.
  std::function<void(const ReplayResult&)> progress;
  std::size_t progress_every = 256;
};

// Reads the stream from `input` and applies it. `source` names the stream in
// messages ("requests-2026.jsonl"). `clock` must be the clock `engine` reads:
// replay sets it to each line's instant. Commands run as their line's actor
// under the engine's rules, and masking applies as usual.
//
// A line that is not valid JSON, lacks a field, names an unknown ref, goes
// back in time or is rejected by the engine is a bad line: reported with
// its number and reason, and skipped. Throws what the store throws when it
// cannot write (Error{io_error}, Error{busy}); lines applied before are
// stored, except those of an unfinished batch, which a later replay of the
// same stream applies again through their keys.
ReplayResult replay_stream(std::istream& input, std::string_view source, Engine& engine, ManualClock& clock,
                           const ReplayOptions& options = {});

// Checks that `path` can be replayed to its end before it is opened: a
// regular file or a pipe. Throws Error{io_error} for a directory and
// Error{invalid_argument} for a device or socket, such as /dev/zero, whose
// stream may never end. A missing file passes, for the open that follows to
// name the reason.
void check_replay_source(const std::string& path);

}  // namespace jishiban

#endif  // JISHIBAN_REPLAY_REPLAY_HPP
