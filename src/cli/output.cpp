#include "cli/output.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

#include "cli/arguments.hpp"
#include "cli/messages.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban::cli {

namespace {

using nlohmann::ordered_json;

void write_json(const OutputContext& context, const ordered_json& object) {
  context.out << object.dump(2) << '\n';
}

std::string_view json_weekday(int weekday) {
  static constexpr std::array<std::string_view, 7> kNames{
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  return kNames.at(static_cast<std::size_t>(weekday));
}

// Formats an instant as "2026-10-08T09:20:00+08:00 (Thursday)" in the
// calendar's zone.
std::string instant_text(const OutputContext& context, Instant instant) {
  const Date date = to_civil(instant, context.utc_offset).date;
  return translate(context.language, Message::instant_with_weekday,
                   {format_instant(instant, context.utc_offset), weekday_name(context.language, weekday_of(date))});
}

// Formats "540 working minutes", plus the exact seconds when the amount is
// not a whole number of minutes. duration_cast rounds toward zero, which keeps the
// sign of negative amounts symmetric.
std::string working_time_text(Language language, std::chrono::seconds amount) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(amount);
  std::string text = working_minutes_phrase(language, minutes.count());
  if (minutes != amount) {
    text += translate(language, Message::exact_seconds, {std::to_string(amount.count())});
  }
  return text;
}

// Formats ", holiday (National Day)" for a day that is not an ordinary
// working day, and "" for one that is.
std::string day_kind_text(Language language, const DayInfo& day) {
  if (day.kind == DayKind::working_day) {
    return {};
  }
  std::string text = translate(language, Message::day_kind_suffix, {day_kind_label(language, day.kind)});
  const std::string_view name = day_name(language, day);
  if (!name.empty()) {
    text += translate(language, Message::parenthesized, {name});
  }
  return text;
}

std::string target_text(Language language, const TargetSpec& target) {
  if (target.unit == TargetUnit::working_minutes) {
    return working_minutes_phrase(language, target.amount);
  }
  const Message convention = target.convention == DayConvention::legal_period ? Message::convention_legal_period
                                                                               : Message::convention_working_time;
  return working_days_phrase(language, target.amount) +
         translate(language, Message::parenthesized, {translate(language, convention)});
}

std::string period_text(const WorkingPeriod& period) {
  return format_time_of_day(period.start) + "-" + format_time_of_day(period.end);
}

ordered_json command_json(CalendarCommand command) {
  ordered_json object;
  object["command"] = std::string(command_name(command));
  return object;
}

}  // namespace

int weekday_of(const Date& date) { return date.day_of_week().as_number(); }

std::string provisional_note(Language language, const Provisional& provisional) {
  if (!provisional.provisional) {
    return {};
  }
  if (provisional.uncovered_years.empty()) {
    return translate(language, Message::provisional_note_without_year);
  }
  std::vector<std::string> years;
  for (const int year : provisional.uncovered_years) {
    years.push_back(std::to_string(year));
  }
  return translate(language, Message::provisional_note, {join_list(language, years)});
}

void add_provisional_fields(ordered_json& object, const Provisional& provisional) {
  object["provisional"] = provisional.provisional;
  object["uncovered_years"] = provisional.uncovered_years;
}

ordered_json day_to_json(const DayInfo& day) {
  ordered_json object;
  object["date"] = format_date(day.date);
  object["weekday"] = std::string(json_weekday(weekday_of(day.date)));
  object["kind"] = std::string(to_string(day.kind));
  object["working"] = day.working;
  if (day.name_en.empty() && day.name_zh.empty()) {
    object["name"] = nullptr;
  } else {
    object["name"] = {{"en", std::string(day.name_en)}, {"zh", std::string(day.name_zh)}};
  }
  object["provisional"] = day.provisional;
  return object;
}

void write_report(const OutputContext& context, const IsWorkdayReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::is_workday);
    object.update(day_to_json(report.day));
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  const Language language = context.language;
  const Message verdict = report.day.working ? Message::working_day_verdict : Message::not_working_day_verdict;
  context.out << translate(language, Message::day_summary,
                           {format_date(report.day.date), weekday_name(language, weekday_of(report.day.date)),
                            translate(language, verdict)})
              << day_kind_text(language, report.day) << provisional_note(language, report.provisional) << '\n';
}

void write_report(const OutputContext& context, const PeriodsReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::periods);
    object.update(day_to_json(report.day));
    ordered_json periods = ordered_json::array();
    for (const WorkingPeriod& period : report.periods) {
      periods.push_back({{"start", format_time_of_day(period.start)}, {"end", format_time_of_day(period.end)}});
    }
    object["periods"] = std::move(periods);
    const std::chrono::seconds total = report.periods.total();
    object["minutes"] = std::chrono::duration_cast<std::chrono::minutes>(total).count();
    object["seconds"] = total.count();
    object["utc_offset"] = format_utc_offset(context.utc_offset);
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  const Language language = context.language;
  std::string body;
  if (report.periods.empty()) {
    body = translate(language, Message::no_working_periods);
  } else {
    std::vector<std::string> periods;
    for (const WorkingPeriod& period : report.periods) {
      periods.push_back(period_text(period));
    }
    body = join_list(language, periods) +
           translate(language, Message::periods_total, {working_time_text(language, report.periods.total())});
  }
  context.out << translate(language, Message::day_summary,
                           {format_date(report.day.date), weekday_name(language, weekday_of(report.day.date)), body})
              << day_kind_text(language, report.day) << provisional_note(language, report.provisional) << '\n';
}

void write_report(const OutputContext& context, const NextReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::next);
    object["from"] = format_instant(report.from, context.utc_offset);
    object["next"] = format_instant(report.next, context.utc_offset);
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  const Language language = context.language;
  context.out << translate(language, Message::label_from, {instant_text(context, report.from)}) << '\n'
              << translate(language, Message::label_next_working_instant, {instant_text(context, report.next)})
              << provisional_note(language, report.provisional) << '\n';
}

void write_report(const OutputContext& context, const AddReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::add);
    object["start"] = format_instant(report.start, context.utc_offset);
    if (report.target.unit == TargetUnit::working_minutes) {
      object["minutes"] = report.target.amount;
    } else {
      object["days"] = report.target.amount;
      object["convention"] = std::string(to_string(report.target.convention));
    }
    object["result"] = format_instant(report.due, context.utc_offset);
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  // Counting backwards gives an earlier instant, which is no deadline, and
  // the amount is shown as what was subtracted rather than a time limit.
  const Language language = context.language;
  const bool backwards = report.target.amount < 0;
  const Message result_label = backwards ? Message::label_result : Message::label_deadline;
  TargetSpec magnitude = report.target;
  magnitude.amount = backwards ? -magnitude.amount : magnitude.amount;
  context.out << translate(language, Message::label_start, {instant_text(context, report.start)}) << '\n'
              << translate(language, backwards ? Message::label_subtracted : Message::label_time_limit,
                           {target_text(language, magnitude)})
              << '\n'
              << translate(language, result_label, {instant_text(context, report.due)})
              << provisional_note(language, report.provisional) << '\n';
}

void write_report(const OutputContext& context, const ElapsedReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::elapsed);
    object["from"] = format_instant(report.from, context.utc_offset);
    object["to"] = format_instant(report.to, context.utc_offset);
    object["minutes"] = std::chrono::duration_cast<std::chrono::minutes>(report.working_time).count();
    object["seconds"] = report.working_time.count();
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  const Language language = context.language;
  context.out << translate(language, Message::label_from, {instant_text(context, report.from)}) << '\n'
              << translate(language, Message::label_to, {instant_text(context, report.to)}) << '\n'
              << translate(language, Message::label_working_time, {working_time_text(language, report.working_time)})
              << provisional_note(language, report.provisional) << '\n';
}

void write_report(const OutputContext& context, const DaysBetweenReport& report) {
  if (context.json) {
    ordered_json object = command_json(CalendarCommand::days_between);
    object["from"] = format_date(report.from);
    object["to"] = format_date(report.to);
    object["working_days"] = report.working_days;
    add_provisional_fields(object, report.provisional);
    write_json(context, object);
    return;
  }

  const Language language = context.language;
  context.out << translate(language, Message::days_between_result,
                           {format_date(report.from), format_date(report.to), std::to_string(report.working_days)})
              << provisional_note(language, report.provisional) << '\n';
}

}  // namespace jishiban::cli
