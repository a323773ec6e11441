// Lookup of annual seasons by month-day, shared by the validation of working
// hours and the building of the calendar tables. Private to the library.
#ifndef JISHIBAN_SRC_CALENDAR_ANNUAL_SEASONS_HPP
#define JISHIBAN_SRC_CALENDAR_ANNUAL_SEASONS_HPP

#include <array>
#include <cstddef>
#include <vector>

#include "jishiban/calendar/working_hours.hpp"

namespace jishiban::detail {

inline constexpr std::size_t kLeapYearDays = 366;

// Index of a month-day within a leap year: 01-01 is 0, 02-29 is 59, 12-31 is 365.
std::size_t leap_year_day_index(int month, int day);

// The annual season covering each month-day of a leap year, or nullptr where
// none does; fixed seasons are skipped. Throws Error{invalid_data} naming both
// seasons and the month-day when two annual seasons overlap.
std::array<const Season*, kLeapYearDays> annual_seasons_by_leap_day(const std::vector<Season>& seasons);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_CALENDAR_ANNUAL_SEASONS_HPP
