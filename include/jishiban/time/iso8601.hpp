// Reading and writing dates, times and instants as ISO 8601 text.
//
// Accepted instant forms (the extended format only):
//   2026-09-30T16:50:00+08:00   offset as Z, +HH:MM, +HHMM or +HH
//   2026-09-30T16:50+08:00      seconds optional
//   2026-09-30 16:50            a space in place of T; no offset means the
//                               default offset passed by the caller
//   2026-09-30T16:50:37.000     a fraction is accepted only when it is zero,
//                               because instants carry whole seconds
//   2026-09-30                  a date alone means 00:00 at the default offset
//   @1790758200 or 1790758200   seconds since the Unix epoch
// Hours run 00-23 (24:00 is rejected), seconds 00-59 (no leap second), years
// 1400-9999. Every function throws Error{ErrorCode::invalid_argument} naming
// the text and the expected form.
#ifndef JISHIBAN_TIME_ISO8601_HPP
#define JISHIBAN_TIME_ISO8601_HPP

#include <string>
#include <string_view>

#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban {

// Parses an instant in one of the forms above.
Instant parse_instant(std::string_view text, UtcOffset default_offset);

// Parses a calendar date, YYYY-MM-DD.
Date parse_date(std::string_view text);

// Parses a time of day, HH:MM or HH:MM:SS. With allow_end_of_day, "24:00" is
// accepted and means the end of the day (used for working-period ends).
TimeOfDay parse_time_of_day(std::string_view text, bool allow_end_of_day = false);

// Parses a UTC offset: Z, +HH:MM, -HH:MM, +HHMM or +HH, at most 18 hours.
UtcOffset parse_utc_offset(std::string_view text);

// Returns whether format_instant can write `instant`: its civil year at any
// offset up to ±18:00 lies in 1400-9999.
bool is_formattable(Instant instant) noexcept;

// Formats as 2026-10-08T09:20:00+08:00 (RFC 3339; "Z" for a zero offset).
// Throws Error{invalid_argument} when the civil time at `offset` lies
// outside years 1400-9999 or the offset exceeds ±18:00, so every instant
// parse_instant accepts at an offset can be written at that offset.
std::string format_instant(Instant instant, UtcOffset offset);

// Formats as 2026-10-08.
std::string format_date(const Date& date);

// Formats as 09:20, or 09:20:37 when the seconds are not zero.
std::string format_time_of_day(TimeOfDay time);

// Formats as +08:00.
std::string format_utc_offset(UtcOffset offset);

}  // namespace jishiban

#endif  // JISHIBAN_TIME_ISO8601_HPP
