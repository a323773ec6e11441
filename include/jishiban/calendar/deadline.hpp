// Targets and deadlines: "60 working minutes" or "3 working days" from a
// start instant, and the instant such a target falls due.
#ifndef JISHIBAN_CALENDAR_DEADLINE_HPP
#define JISHIBAN_CALENDAR_DEADLINE_HPP

#include <cstdint>
#include <optional>
#include <string_view>

#include "jishiban/time/instant.hpp"

namespace jishiban {

// The ways of counting a target of N working days.
enum class DayConvention {
  // After the Civil Code's period rule (articles 201 and 203): the start day
  // is not counted, and the target falls due at the close of working hours on
  // the Nth working day after it. The default.
  legal_period,

  // N times the standard working-day length, counted as working time from the
  // start instant.
  working_time,
};

enum class TargetUnit { working_minutes, working_days };

// A time limit: an amount of a unit, and for days the convention.
struct TargetSpec {
  std::int64_t amount = 0;
  TargetUnit unit = TargetUnit::working_minutes;
  DayConvention convention = DayConvention::legal_period;

  static constexpr TargetSpec working_minutes(std::int64_t minutes) noexcept {
    return TargetSpec{minutes, TargetUnit::working_minutes, DayConvention::legal_period};
  }
  static constexpr TargetSpec working_days(std::int64_t days,
                                           DayConvention convention = DayConvention::legal_period) noexcept {
    return TargetSpec{days, TargetUnit::working_days, convention};
  }
};

// When a target falls due. `provisional` is true when the computation used a
// day of a year without official data, counted on the weekly pattern. Such a
// deadline may move once that year's holiday notice is loaded.
struct Deadline {
  Instant start;
  Instant due;
  TargetSpec target;
  bool provisional = false;
};

// "legal_period" or "working_time".
std::string_view to_string(DayConvention convention) noexcept;

// Parses "legal_period" or "working_time"; std::nullopt for anything else.
std::optional<DayConvention> parse_day_convention(std::string_view text) noexcept;

}  // namespace jishiban

#endif  // JISHIBAN_CALENDAR_DEADLINE_HPP
