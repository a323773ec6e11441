// Instant: an absolute point in time, in whole seconds since the Unix epoch
// (1970-01-01T00:00:00Z).
//
// Tickets, events and deadlines store instants. Civil (wall-clock) dates and
// times appear only at the edges, converted through a UtcOffset (see
// civil_time.hpp). Lengths of time are std::chrono::seconds: an Instant plus a
// duration is an Instant, an Instant minus an Instant is a duration, and the
// sum of two Instants does not compile.
#ifndef JISHIBAN_TIME_INSTANT_HPP
#define JISHIBAN_TIME_INSTANT_HPP

#include <chrono>
#include <cstdint>

namespace jishiban {

class Instant {
 public:
  // The Unix epoch.
  constexpr Instant() noexcept = default;

  static constexpr Instant from_unix_seconds(std::int64_t seconds) noexcept {
    return Instant(seconds);
  }

  // Converts a std::chrono::system_clock time point, rounding toward negative
  // infinity to whole seconds. system_clock counts from the Unix epoch on
  // every platform this library supports (and by definition since C++20).
  template <class Duration>
  static constexpr Instant from_time_point(
      std::chrono::time_point<std::chrono::system_clock, Duration> time_point) noexcept {
    return Instant(std::chrono::floor<std::chrono::seconds>(time_point.time_since_epoch()).count());
  }

  constexpr std::int64_t unix_seconds() const noexcept { return seconds_; }

  constexpr std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>
  to_time_point() const noexcept {
    return std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>(
        std::chrono::seconds(seconds_));
  }

  constexpr Instant& operator+=(std::chrono::seconds duration) noexcept {
    seconds_ += duration.count();
    return *this;
  }
  constexpr Instant& operator-=(std::chrono::seconds duration) noexcept {
    seconds_ -= duration.count();
    return *this;
  }

  friend constexpr Instant operator+(Instant instant, std::chrono::seconds duration) noexcept {
    return Instant(instant.seconds_ + duration.count());
  }
  friend constexpr Instant operator+(std::chrono::seconds duration, Instant instant) noexcept {
    return instant + duration;
  }
  friend constexpr Instant operator-(Instant instant, std::chrono::seconds duration) noexcept {
    return Instant(instant.seconds_ - duration.count());
  }
  friend constexpr std::chrono::seconds operator-(Instant later, Instant earlier) noexcept {
    return std::chrono::seconds(later.seconds_ - earlier.seconds_);
  }

  friend constexpr bool operator==(Instant a, Instant b) noexcept { return a.seconds_ == b.seconds_; }
  friend constexpr bool operator!=(Instant a, Instant b) noexcept { return a.seconds_ != b.seconds_; }
  friend constexpr bool operator<(Instant a, Instant b) noexcept { return a.seconds_ < b.seconds_; }
  friend constexpr bool operator<=(Instant a, Instant b) noexcept { return a.seconds_ <= b.seconds_; }
  friend constexpr bool operator>(Instant a, Instant b) noexcept { return a.seconds_ > b.seconds_; }
  friend constexpr bool operator>=(Instant a, Instant b) noexcept { return a.seconds_ >= b.seconds_; }

 private:
  constexpr explicit Instant(std::int64_t seconds) noexcept : seconds_(seconds) {}

  std::int64_t seconds_ = 0;
};

}  // namespace jishiban

#endif  // JISHIBAN_TIME_INSTANT_HPP
