// Calendar data: the official holidays and make-up working days, the years
// they cover, and optionally working hours and the zone.
//
// The official data of the State Council holiday notices for 2004-2026 is
// built into the library (official_calendar_data()). Further years and local
// overrides come from JSON files of this form:
//
//   {
//     "years": [2027],
//     "holidays": { "2027-01-01": {"en": "New Year's Day", "zh": "元旦"} },
//     "workdays": { "2027-02-20": "make-up working day for Spring Festival" },
//     "working_hours": {
//       "default": ["08:30-12:00", "13:00-17:00"],
//       "weekdays": { "friday": ["08:30-12:00", "13:00-16:30"] },
//       "seasons": [ { "name": "summer", "from": "06-01", "to": "09-30",
//                      "default": ["08:30-12:00", "13:30-17:30"] } ]
//     },
//     "utc_offset": "+08:00"
//   }
//
// "years" lists the years whose every holiday and make-up day the file gives:
// those years become covered. An entry for a date outside the listed years
// still applies, as a local override, but does not cover its year. A name is
// a string or an {"en", "zh"} object. All keys but "years" are optional. The
// free-text keys "source" and "note" describe the file. Any other key is
// rejected, so a typo cannot drop data silently.
#ifndef JISHIBAN_CALENDAR_CALENDAR_DATA_HPP
#define JISHIBAN_CALENDAR_CALENDAR_DATA_HPP

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "jishiban/calendar/working_hours.hpp"
#include "jishiban/time/civil_time.hpp"

namespace jishiban {

// The name of a holiday or make-up working day in both languages.
struct DayName {
  std::string en;
  std::string zh;
};

struct CalendarData {
  // Origin of the data (a file path or "built-in"), for messages.
  std::string source;

  // Years for which the holidays and make-up working days are complete.
  std::set<int> years;

  // Days off that would otherwise be working days (weekends may be listed too).
  std::map<Date, DayName> holidays;

  // Weekend days that are working days (调休上班).
  std::map<Date, DayName> workdays;

  // Set only when the data gives working hours or a zone.
  std::optional<WorkingHours> working_hours;
  std::optional<UtcOffset> utc_offset;

  // Applies `overlay` on top of this data. Its entries replace the entries
  // for the same dates, so a date it makes a holiday stops being a make-up
  // working day, and the reverse. Its years are added. Its working hours and
  // zone, when set, replace these.
  void merge(const CalendarData& overlay);
};

// Parses calendar JSON. `source` names the text in error messages (a path).
// Throws Error{invalid_data} naming the source, the entry and the problem:
// malformed JSON, invalid UTF-8, a duplicate key, an unknown key, a bad date
// or time, a date that is both a holiday and a workday, overlapping periods,
// an empty or reversed season.
CalendarData parse_calendar_data(std::string_view json_text, std::string_view source);

// Reads and parses a calendar file. Throws Error{io_error} when it cannot be
// read, otherwise as parse_calendar_data.
CalendarData load_calendar_data(const std::string& path);

// The built-in official data for 2004-2026 (working hours and zone unset).
const CalendarData& official_calendar_data();

}  // namespace jishiban

#endif  // JISHIBAN_CALENDAR_CALENDAR_DATA_HPP
