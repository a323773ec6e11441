// Clock: where the workflow engine gets the current time.
//
// The engine never reads the system time itself; the host passes a Clock, so
// deadlines, warnings and escalations are reproducible in tests and replays.
#ifndef JISHIBAN_WORKFLOW_CLOCK_HPP
#define JISHIBAN_WORKFLOW_CLOCK_HPP

#include <atomic>
#include <chrono>
#include <cstdint>

#include "jishiban/time/instant.hpp"

namespace jishiban {

class Clock {
 public:
  virtual ~Clock() = default;

  // The current instant. Implementations must be safe to call from several
  // threads at once.
  virtual Instant now() const = 0;
};

// The operating system's real-time clock, truncated to whole seconds.
class SystemClock final : public Clock {
 public:
  Instant now() const override { return Instant::from_time_point(std::chrono::system_clock::now()); }
};

// A clock the host sets explicitly, for replaying recorded streams of
// commands and for tests. Time only moves when set() or advance() is called.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) noexcept : seconds_(start.unix_seconds()) {}

  Instant now() const override { return Instant::from_unix_seconds(seconds_.load(std::memory_order_acquire)); }

  void set(Instant instant) noexcept { seconds_.store(instant.unix_seconds(), std::memory_order_release); }

  void advance(std::chrono::seconds duration) noexcept {
    seconds_.fetch_add(duration.count(), std::memory_order_acq_rel);
  }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_CLOCK_HPP
