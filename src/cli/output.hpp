// Results of the calendar commands and how they are written: as text for
// people, in the chosen language, or as JSON with English keys and values
// whatever the language.
#ifndef JISHIBAN_CLI_OUTPUT_HPP
#define JISHIBAN_CLI_OUTPUT_HPP

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "jishiban/error.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban::cli {

// Provisional status of a result: whether it rests on days of years without
// official data, and the years of its span that lack that data.
struct Provisional {
  bool provisional = false;
  std::vector<int> uncovered_years;
};

// Destination and format of the results.
struct OutputContext {
  std::ostream& out;
  Language language = Language::en;
  bool json = false;
  UtcOffset utc_offset = UtcOffset::china();  // the calendar's zone, for instants
};

struct IsWorkdayReport {
  DayInfo day;
  Provisional provisional;
};

struct PeriodsReport {
  DayInfo day;
  DaySchedule periods;
  Provisional provisional;
};

struct NextReport {
  Instant from;
  Instant next;
  Provisional provisional;
};

struct AddReport {
  Instant start;
  TargetSpec target;
  Instant due;
  Provisional provisional;
};

struct ElapsedReport {
  Instant from;
  Instant to;
  std::chrono::seconds working_time{0};
  Provisional provisional;
};

struct DaysBetweenReport {
  Date from;
  Date to;
  int working_days = 0;
  Provisional provisional;
};

struct MonthReport {
  int year = 0;
  int month = 0;
  std::vector<DayInfo> days;  // every day of the month, in order
  Provisional provisional;
};

void write_report(const OutputContext& context, const IsWorkdayReport& report);
void write_report(const OutputContext& context, const PeriodsReport& report);
void write_report(const OutputContext& context, const NextReport& report);
void write_report(const OutputContext& context, const AddReport& report);
void write_report(const OutputContext& context, const ElapsedReport& report);
void write_report(const OutputContext& context, const DaysBetweenReport& report);
void write_report(const OutputContext& context, const MonthReport& report);  // in month_view.cpp

// Helpers shared with the month view.

// Returns the note to append to the line of a provisional result, or "" for
// a result that is not provisional. The English note starts with a space.
std::string provisional_note(Language language, const Provisional& provisional);

// Adds "provisional" and "uncovered_years" to a JSON result.
void add_provisional_fields(nlohmann::ordered_json& object, const Provisional& provisional);

// Converts a day to a JSON object with date, weekday, kind, working, name and
// provisional.
nlohmann::ordered_json day_to_json(const DayInfo& day);

// Returns the weekday of a date, 0 = Sunday ... 6 = Saturday.
int weekday_of(const Date& date);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_OUTPUT_HPP
