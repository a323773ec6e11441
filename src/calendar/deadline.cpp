#include "jishiban/calendar/deadline.hpp"

namespace jishiban {

std::string_view to_string(DayConvention convention) noexcept {
  switch (convention) {
    case DayConvention::legal_period:
      return "legal_period";
    case DayConvention::working_time:
      return "working_time";
  }
  return "unknown";
}

std::optional<DayConvention> parse_day_convention(std::string_view text) noexcept {
  if (text == "legal_period") {
    return DayConvention::legal_period;
  }
  if (text == "working_time") {
    return DayConvention::working_time;
  }
  return std::nullopt;
}

}  // namespace jishiban
