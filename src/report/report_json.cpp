// report_to_json: the report's structs as JSON, with their field names.
#include <nlohmann/json.hpp>

#include <string>

#include "jishiban/report/report.hpp"
#include "jishiban/time/iso8601.hpp"
#include "report/report_labels.hpp"

namespace jishiban {

namespace {

using nlohmann::ordered_json;

ordered_json optional_number(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json optional_category(const std::optional<Category>& category) {
  return category ? ordered_json(std::string(to_string(*category))) : ordered_json(nullptr);
}

ordered_json stats_json(const HandlingStats& stats) {
  ordered_json object;
  object["received"] = stats.received;
  object["closed"] = stats.closed;
  object["closed_on_time"] = stats.closed_on_time;
  object["closed_late"] = stats.closed_late;
  object["cancelled"] = stats.cancelled;
  object["overdue_now"] = stats.overdue_now;
  object["on_time_rate"] = optional_number(stats.on_time_rate);
  object["median_hours_to_reply"] = optional_number(stats.median_hours_to_reply);
  object["p90_hours_to_reply"] = optional_number(stats.p90_hours_to_reply);
  object["returns"] = stats.returns;
  object["extensions"] = stats.extensions;
  object["suspended"] = stats.suspended;
  object["declined"] = stats.declined;
  object["visits_reached"] = stats.visits_reached;
  object["visits_satisfied"] = stats.visits_satisfied;
  object["satisfaction_rate"] = optional_number(stats.satisfaction_rate);
  return object;
}

}  // namespace

std::string report_to_json(const Report& report) {
  const UtcOffset zone = report.zone;
  ordered_json object;
  object["from"] = format_instant(report.from, zone);
  object["to"] = format_instant(report.to, zone);
  object["as_of"] = format_instant(report.as_of, zone);
  object["utc_offset"] = format_utc_offset(zone);
  object["totals"] = stats_json(report.totals);

  ordered_json units = ordered_json::array();
  for (const UnitReport& unit : report.units) {
    units.push_back({{"unit", unit.unit}, {"stats", stats_json(unit.stats)}});
  }
  object["units"] = std::move(units);

  ordered_json channels = ordered_json::array();
  for (const ChannelReport& channel : report.channels) {
    ordered_json row;
    row["channel"] = std::string(to_string(channel.channel));
    row["received"] = channel.received;
    row["dispatched"] = channel.dispatched;
    row["dispatched_on_time"] = channel.dispatched_on_time;
    row["dispatch_on_time_rate"] = optional_number(channel.dispatch_on_time_rate);
    row["median_minutes_to_dispatch"] = optional_number(channel.median_minutes_to_dispatch);
    channels.push_back(std::move(row));
  }
  object["channels"] = std::move(channels);

  ordered_json categories = ordered_json::array();
  for (const CategoryReport& category : report.categories) {
    categories.push_back({{"category", optional_category(category.category)}, {"stats", stats_json(category.stats)}});
  }
  object["categories"] = std::move(categories);

  ordered_json overdue = ordered_json::array();
  for (const OverdueTicket& ticket : report.overdue) {
    ordered_json row;
    row["ticket_id"] = ticket.ticket_id;
    row["unit"] = ticket.unit;
    row["category"] = optional_category(ticket.category);
    row["state"] = std::string(to_string(ticket.state));
    row["clock"] = std::string(to_string(ticket.clock));
    row["due"] = format_instant(ticket.due, zone);
    row["overdue_working_minutes"] = ticket.overdue_working_minutes;
    row["overdue_working_days"] = ticket.overdue_working_days;
    overdue.push_back(std::move(row));
  }
  object["overdue"] = std::move(overdue);

  ordered_json weeks = ordered_json::array();
  for (const WeekReport& week : report.weeks) {
    ordered_json row;
    row["week"] = detail::week_label(week);
    row["iso_year"] = week.iso_year;
    row["iso_week"] = week.iso_week;
    row["begin"] = format_instant(week.begin, zone);
    row["end"] = format_instant(week.end, zone);
    row["received"] = week.received;
    row["closed"] = week.closed;
    row["closed_on_time"] = week.closed_on_time;
    row["closed_late"] = week.closed_late;
    row["on_time_rate"] = optional_number(week.on_time_rate);
    row["overdue_at_end"] = week.overdue_at_end;
    weeks.push_back(std::move(row));
  }
  object["weeks"] = std::move(weeks);

  // Invalid UTF-8 cannot reach a ticket through the engine; replacing it
  // keeps a damaged unit name from failing the whole report.
  return object.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace jishiban
