#include "cli/calendar_command.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "cli/messages.hpp"
#include "cli/output.hpp"
#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban::cli {

namespace {

struct YearMonth {
  int year = 0;
  int month = 0;
};

bool is_digit(char character) { return character >= '0' && character <= '9'; }

// Parses YYYY-MM with the year range of the ISO 8601 parser, 1400-9999.
YearMonth parse_year_month(std::string_view text) {
  bool well_formed = text.size() == 7 && text[4] == '-';
  for (std::size_t index = 0; well_formed && index < text.size(); ++index) {
    well_formed = index == 4 || is_digit(text[index]);
  }

  YearMonth parsed;
  if (well_formed) {
    parsed.year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    parsed.month = (text[5] - '0') * 10 + (text[6] - '0');
  }
  if (!well_formed || parsed.year < 1400 || parsed.month < 1 || parsed.month > 12) {
    throw Error(ErrorCode::invalid_argument, translate(Language::en, Message::invalid_month, {text}),
                translate(Language::zh_CN, Message::invalid_month, {text}));
  }
  return parsed;
}

Calendar build_calendar(const CalendarArguments& arguments) {
  CalendarOptions options;
  options.coverage = arguments.coverage;
  options.provisional_years = arguments.provisional_years;
  return merged_calendar(arguments.calendar_files, options);
}

// Returns the provisional flag of a result that spans the dates from `first`
// to `last` (in either order), with the years of that span that lack official
// data.
Provisional provisional_status(const Calendar& calendar, bool provisional, const Date& first, const Date& last) {
  Provisional status;
  status.provisional = provisional;
  if (!provisional) {
    return status;
  }
  const int first_year = std::min(first.year(), last.year());
  const int last_year = std::max(first.year(), last.year());
  for (int year = first_year; year <= last_year; ++year) {
    if (!calendar.covers_year(year)) {
      status.uncovered_years.push_back(year);
    }
  }
  return status;
}

Date local_date(const Calendar& calendar, Instant instant) { return to_civil(instant, calendar.utc_offset()).date; }

// The provisional status of a result over the half-open span between two
// instants, in either order: the span's last second decides its last day, so
// a span ending at midnight does not count the day that starts there.
Provisional instant_span_status(const Calendar& calendar, bool provisional, Instant a, Instant b) {
  const Instant early = std::min(a, b);
  const Instant late = std::max(a, b);
  const Instant last = late > early ? late - std::chrono::seconds(1) : late;
  return provisional_status(calendar, provisional, local_date(calendar, early), local_date(calendar, last));
}

Instant parse_calendar_instant(const Calendar& calendar, const std::string& text) {
  return parse_instant(text, calendar.utc_offset());
}

void run_is_workday(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Date date = parse_date(arguments.operand);

  // day_info() ignores the coverage policy but is_working_day() applies it, so
  // under the strict policy this throws calendar_not_covered for a year
  // without data.
  calendar.is_working_day(date);
  const DayInfo day = calendar.day_info(date);
  write_report(context, IsWorkdayReport{day, provisional_status(calendar, day.provisional, date, date)});
}

void run_periods(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Date date = parse_date(arguments.operand);
  const CalendarResult<DaySchedule> periods = calendar.working_periods(date);
  const DayInfo day = calendar.day_info(date);
  write_report(context, PeriodsReport{day, periods.value, provisional_status(calendar, periods.provisional, date, date)});
}

void run_next(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Instant from = parse_calendar_instant(calendar, arguments.from);
  const CalendarResult<Instant> next = calendar.next_working_instant(from);
  write_report(context, NextReport{from, next.value,
                                   provisional_status(calendar, next.provisional, local_date(calendar, from),
                                                      local_date(calendar, next.value))});
}

void run_add(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Instant start = parse_calendar_instant(calendar, arguments.from);

  TargetSpec target;
  CalendarResult<Instant> result;
  if (arguments.minutes) {
    target = TargetSpec::working_minutes(*arguments.minutes);
    result = calendar.add_working_time(start, std::chrono::minutes(*arguments.minutes));
  } else {
    target = TargetSpec::working_days(*arguments.days, arguments.convention);
    result = calendar.add_working_days(start, *arguments.days, arguments.convention);
  }
  write_report(context, AddReport{start, target, result.value,
                                  instant_span_status(calendar, result.provisional, start, result.value)});
}

void run_elapsed(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Instant from = parse_calendar_instant(calendar, arguments.from);
  const Instant to = parse_calendar_instant(calendar, arguments.to);
  const CalendarResult<std::chrono::seconds> elapsed = calendar.elapsed_working_time(from, to);
  write_report(context,
               ElapsedReport{from, to, elapsed.value, instant_span_status(calendar, elapsed.provisional, from, to)});
}

void run_days_between(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const Date from = parse_date(arguments.from);
  const Date to = parse_date(arguments.to);
  const CalendarResult<int> days = calendar.working_days_between(from, to);
  // The count covers [from, to), or (to, from] when reversed.
  const boost::gregorian::date_duration one_day(1);
  const Date first = from <= to ? from : to + one_day;
  const Date last = from < to ? to - one_day : from;
  write_report(context,
               DaysBetweenReport{from, to, days.value, provisional_status(calendar, days.provisional, first, last)});
}

void run_month(const Calendar& calendar, const CalendarArguments& arguments, const OutputContext& context) {
  const YearMonth year_month = parse_year_month(arguments.operand);
  const Date first(static_cast<unsigned short>(year_month.year), static_cast<unsigned short>(year_month.month), 1);
  const Date last = first.end_of_month();

  MonthReport report;
  report.year = year_month.year;
  report.month = year_month.month;
  for (Date date = first; date <= last; date += boost::gregorian::days(1)) {
    DayInfo day = calendar.day_info(date);
    if (day.provisional) {
      // Under the strict policy this throws calendar_not_covered naming the year.
      calendar.is_working_day(date);
      report.provisional.provisional = true;
    }
    report.days.push_back(day);
  }
  report.provisional = provisional_status(calendar, report.provisional.provisional, first, last);
  write_report(context, report);
}

}  // namespace

Calendar merged_calendar(const std::vector<std::string>& files, CalendarOptions options) {
  if (files.empty()) {
    return Calendar(options);
  }

  CalendarData data = official_calendar_data();
  for (const std::string& path : files) {
    data.merge(load_calendar_data(path));
  }
  return Calendar(data, options);
}

void run_calendar_command(const CalendarArguments& arguments, Language language, std::ostream& out) {
  const Calendar calendar = build_calendar(arguments);
  const OutputContext context{out, language, arguments.json, calendar.utc_offset()};

  switch (arguments.command) {
    case CalendarCommand::is_workday:
      run_is_workday(calendar, arguments, context);
      return;
    case CalendarCommand::periods:
      run_periods(calendar, arguments, context);
      return;
    case CalendarCommand::next:
      run_next(calendar, arguments, context);
      return;
    case CalendarCommand::add:
      run_add(calendar, arguments, context);
      return;
    case CalendarCommand::elapsed:
      run_elapsed(calendar, arguments, context);
      return;
    case CalendarCommand::days_between:
      run_days_between(calendar, arguments, context);
      return;
    case CalendarCommand::month:
      run_month(calendar, arguments, context);
      return;
  }
}

}  // namespace jishiban::cli
