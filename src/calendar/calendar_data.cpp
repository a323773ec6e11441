#include "jishiban/calendar/calendar_data.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "detail/strict_json.hpp"
#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban {
namespace detail {
std::string_view official_calendar_json() noexcept;  // generated from data/cn-official-calendar.json
}  // namespace detail

namespace {

using json = nlohmann::json;
using detail::data_error;
using detail::parse_strict_json;
using detail::quote_text;
using detail::reject_unknown_keys;
using detail::require_type;

// Holiday data is supported for these years; anything else is a typo.
constexpr int kFirstDataYear = 1900;
constexpr int kLastDataYear = 2199;

Date parse_data_date(const std::string& text, std::string_view source, const std::string& entry) {
  try {
    const Date date = parse_date(text);
    const int year = date.year();
    if (year < kFirstDataYear || year > kLastDataYear) {
      data_error(source, entry, "year " + std::to_string(year) + " is outside 1900-2199",
                 "年份 " + std::to_string(year) + " 超出 1900-2199 的范围");
    }
    return date;
  } catch (const Error& error) {
    if (error.code() == ErrorCode::invalid_data) {
      throw;
    }
    data_error(source, entry, error.message(Language::en), error.message(Language::zh_CN));
  }
}

// Names end up in terminals and reports, so control characters (which
// include terminal escape sequences) are rejected.
void require_plain_text(const std::string& text, std::string_view source, const std::string& entry) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      data_error(source, entry, "the name contains a control character; names are plain text",
                 "名称中含有控制字符，名称应为纯文本");
    }
  }
}

DayName parse_day_name(const json& value, std::string_view source, const std::string& entry) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    return parse_day_name(json{{"en", text}, {"zh", text}}, source, entry);
  }
  if (!value.is_object()) {
    data_error(source, entry,
               std::string("expected a name string or an {\"en\", \"zh\"} object, found ") + value.type_name(),
               std::string("应为名称字符串或 {\"en\", \"zh\"} 对象，实际为 ") + value.type_name());
  }
  reject_unknown_keys(value, {"en", "zh"}, source, entry);
  DayName name;
  if (value.contains("en")) {
    name.en = require_type(value["en"], json::value_t::string, "a string", source, entry + ".en").get<std::string>();
  }
  if (value.contains("zh")) {
    name.zh = require_type(value["zh"], json::value_t::string, "a string", source, entry + ".zh").get<std::string>();
  }
  require_plain_text(name.en, source, entry);
  require_plain_text(name.zh, source, entry);
  if (name.en.empty()) {
    name.en = name.zh;
  }
  if (name.zh.empty()) {
    name.zh = name.en;
  }
  return name;
}

std::map<Date, DayName> parse_day_list(const json& root, const char* key, std::string_view source) {
  std::map<Date, DayName> days;
  if (!root.contains(key)) {
    return days;
  }
  const json& list = require_type(root[key], json::value_t::object, "an object of dates", source, key);
  for (const auto& item : list.items()) {
    const std::string entry = std::string(key) + "." + item.key();
    const Date date = parse_data_date(item.key(), source, entry);
    days.emplace(date, parse_day_name(item.value(), source, entry));
  }
  return days;
}

DaySchedule parse_schedule(const json& value, std::string_view source, const std::string& entry) {
  require_type(value, json::value_t::array, "an array of periods such as \"08:30-12:00\"", source, entry);
  if (value.empty()) {
    data_error(source, entry, "no working period; give at least one, such as \"08:30-12:00\"",
               "没有任何工作时段，至少给出一个，例如 \"08:30-12:00\"");
  }
  DaySchedule schedule;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string period_entry = entry + "[" + std::to_string(i) + "]";
    const std::string text =
        require_type(value[i], json::value_t::string, "a period string such as \"08:30-12:00\"", source,
                     period_entry)
            .get<std::string>();
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos) {
      data_error(source, period_entry, "invalid period " + quote_text(text) + ": expected HH:MM-HH:MM",
                 "无效的时段 " + quote_text(text) + "：应为 HH:MM-HH:MM");
    }
    try {
      const WorkingPeriod period{parse_time_of_day(std::string_view(text).substr(0, dash)),
                                 parse_time_of_day(std::string_view(text).substr(dash + 1), true)};
      schedule.append(period);
    } catch (const Error& error) {
      data_error(source, period_entry, error.message(Language::en), error.message(Language::zh_CN));
    }
  }
  return schedule;
}

int weekday_number(const std::string& name) {
  static const char* const kNames[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (int i = 0; i < 7; ++i) {
    if (name == kNames[i]) {
      return i;
    }
  }
  return -1;
}

void parse_weekdays(const json& value, WeeklyHours& hours, std::string_view source, const std::string& entry) {
  require_type(value, json::value_t::object, "an object keyed by weekday name", source, entry);
  for (const auto& item : value.items()) {
    const int weekday = weekday_number(item.key());
    if (weekday < 0) {
      data_error(source, entry, "unknown weekday " + quote_text(item.key()) + "; expected monday ... sunday in lower case",
                 "未知的星期 " + quote_text(item.key()) + "，应为小写的 monday 至 sunday");
    }
    hours.by_weekday[static_cast<std::size_t>(weekday)] = parse_schedule(item.value(), source, entry + "." + item.key());
  }
}

// Parses "MM-DD" (annual) or "YYYY-MM-DD" (fixed) for a season bound.
void parse_season_bound(const std::string& text, bool is_first, Season& season, std::string_view source,
                        const std::string& entry) {
  if (text.size() == 10) {
    const Date date = parse_data_date(text, source, entry);
    (is_first ? season.first_date : season.last_date) = date;
    return;
  }
  // Validate the month-day against a leap year so 02-29 is allowed.
  if (text.size() != 5) {
    data_error(source, entry, "invalid season date " + quote_text(text) + ": expected MM-DD or YYYY-MM-DD",
               "无效的季节日期 " + quote_text(text) + "：应为 MM-DD 或 YYYY-MM-DD");
  }
  // Checked against leap year 2024 so 02-29 is allowed; the message names
  // the month-day as written.
  Date date;
  try {
    date = parse_date("2024-" + text);
  } catch (const Error&) {
    data_error(source, entry, "invalid season date " + quote_text(text) + ": expected a real month and day, MM-DD",
               "无效的季节日期 " + quote_text(text) + "：应为真实存在的月日，格式 MM-DD");
  }
  const auto ymd = date.year_month_day();
  (is_first ? season.first_month : season.last_month) = ymd.month;
  (is_first ? season.first_day : season.last_day) = ymd.day;
}

WorkingHours parse_working_hours(const json& value, std::string_view source) {
  const std::string entry = "working_hours";
  require_type(value, json::value_t::object, "an object", source, entry);
  reject_unknown_keys(value, {"default", "weekdays", "seasons"}, source, entry);

  WorkingHours hours = WorkingHours::standard();
  if (value.contains("default")) {
    hours.regular.all_days = parse_schedule(value["default"], source, entry + ".default");
  }
  if (value.contains("weekdays")) {
    parse_weekdays(value["weekdays"], hours.regular, source, entry + ".weekdays");
  }
  if (value.contains("seasons")) {
    const json& seasons = require_type(value["seasons"], json::value_t::array, "an array of seasons", source,
                                       entry + ".seasons");
    for (std::size_t i = 0; i < seasons.size(); ++i) {
      const std::string season_entry = entry + ".seasons[" + std::to_string(i) + "]";
      const json& item = require_type(seasons[i], json::value_t::object, "an object", source, season_entry);
      reject_unknown_keys(item, {"name", "from", "to", "default", "weekdays"}, source, season_entry);
      for (const char* required : {"from", "to"}) {
        if (!item.contains(required)) {
          data_error(source, season_entry, std::string("missing \"") + required + "\"",
                     std::string("缺少 \"") + required + "\"");
        }
      }
      if (!item.contains("default") && !item.contains("weekdays")) {
        data_error(source, season_entry, "the season sets no working hours; give \"default\" or \"weekdays\"",
                   "该季节没有设置工作时间，请给出 \"default\" 或 \"weekdays\"");
      }

      Season season;
      season.name = item.contains("name")
                        ? require_type(item["name"], json::value_t::string, "a string", source, season_entry + ".name")
                              .get<std::string>()
                        : "#" + std::to_string(i);
      require_plain_text(season.name, source, season_entry + ".name");
      parse_season_bound(
          require_type(item["from"], json::value_t::string, "a date string", source, season_entry + ".from")
              .get<std::string>(),
          true, season, source, season_entry + ".from");
      parse_season_bound(
          require_type(item["to"], json::value_t::string, "a date string", source, season_entry + ".to")
              .get<std::string>(),
          false, season, source, season_entry + ".to");
      if (season.first_date.has_value() != season.last_date.has_value()) {
        data_error(source, season_entry, "\"from\" and \"to\" must both be MM-DD or both be YYYY-MM-DD",
                   "\"from\" 与 \"to\" 必须同为 MM-DD 或同为 YYYY-MM-DD");
      }
      season.hours.all_days = item.contains("default")
                                  ? parse_schedule(item["default"], source, season_entry + ".default")
                                  : hours.regular.all_days;
      if (item.contains("weekdays")) {
        parse_weekdays(item["weekdays"], season.hours, source, season_entry + ".weekdays");
      }
      hours.seasons.push_back(std::move(season));
    }
  }

  try {
    hours.validate();
  } catch (const Error& error) {
    data_error(source, entry, error.message(Language::en), error.message(Language::zh_CN));
  }
  return hours;
}

}  // namespace

void CalendarData::merge(const CalendarData& overlay) {
  for (const auto& [date, name] : overlay.holidays) {
    workdays.erase(date);
    holidays[date] = name;
  }
  for (const auto& [date, name] : overlay.workdays) {
    holidays.erase(date);
    workdays[date] = name;
  }
  years.insert(overlay.years.begin(), overlay.years.end());
  if (overlay.working_hours) {
    working_hours = overlay.working_hours;
  }
  if (overlay.utc_offset) {
    utc_offset = overlay.utc_offset;
  }
  source += source.empty() ? overlay.source : " + " + overlay.source;
}

CalendarData parse_calendar_data(std::string_view json_text, std::string_view source) {
  const json root = parse_strict_json(json_text, source);
  require_type(root, json::value_t::object, "a JSON object at the top level", source, "");
  reject_unknown_keys(root, {"source", "note", "years", "holidays", "workdays", "working_hours", "utc_offset"}, source,
                      "");

  for (const char* text_key : {"source", "note"}) {
    if (root.contains(text_key)) {
      require_type(root[text_key], json::value_t::string, "a string", source, text_key);
    }
  }

  CalendarData data;
  data.source = std::string(source);

  if (!root.contains("years")) {
    data_error(source, "", "missing \"years\": list the years whose holidays the file gives completely, or []",
               "缺少 \"years\"：请列出本文件完整给出节假日安排的年份，或写 []");
  }
  const json& years = require_type(root["years"], json::value_t::array, "an array of years", source, "years");
  for (std::size_t i = 0; i < years.size(); ++i) {
    const std::string entry = "years[" + std::to_string(i) + "]";
    if (!years[i].is_number_integer()) {
      data_error(source, entry, std::string("expected an integer year, found ") + years[i].type_name(),
                 std::string("应为整数年份，实际为 ") + years[i].type_name());
    }
    // An unsigned value past INT64_MAX would wrap if read as signed.
    const std::string text = years[i].dump();
    const bool in_range = years[i].is_number_unsigned()
                              ? years[i].get<std::uint64_t>() <= static_cast<std::uint64_t>(kLastDataYear)
                              : years[i].get<std::int64_t>() <= kLastDataYear;
    const auto year = in_range ? years[i].get<std::int64_t>() : std::int64_t{0};
    if (!in_range || year < kFirstDataYear) {
      data_error(source, entry, "year " + text + " is outside 1900-2199", "年份 " + text + " 超出 1900-2199 的范围");
    }
    if (!data.years.insert(static_cast<int>(year)).second) {
      data_error(source, entry, "year " + std::to_string(year) + " is listed twice",
                 "年份 " + std::to_string(year) + " 重复列出");
    }
  }

  data.holidays = parse_day_list(root, "holidays", source);
  data.workdays = parse_day_list(root, "workdays", source);
  for (const auto& item : data.workdays) {
    if (data.holidays.count(item.first) != 0) {
      const std::string date = format_date(item.first);
      data_error(source, "workdays." + date, date + " is listed both as a holiday and as a workday; keep one",
                 date + " 同时被列为节假日和调休上班日，请只保留一项");
    }
  }

  if (root.contains("working_hours")) {
    data.working_hours = parse_working_hours(root["working_hours"], source);
  }
  if (root.contains("utc_offset")) {
    const std::string text =
        require_type(root["utc_offset"], json::value_t::string, "a string such as \"+08:00\"", source, "utc_offset")
            .get<std::string>();
    try {
      data.utc_offset = parse_utc_offset(text);
    } catch (const Error& error) {
      data_error(source, "utc_offset", error.message(Language::en), error.message(Language::zh_CN));
    }
  }
  return data;
}

CalendarData load_calendar_data(const std::string& path) {
  return parse_calendar_data(detail::read_small_file(path, "calendar file", "日历文件"), path);
}

const CalendarData& official_calendar_data() {
  static const CalendarData data = parse_calendar_data(detail::official_calendar_json(), "built-in official data");
  return data;
}

}  // namespace jishiban
