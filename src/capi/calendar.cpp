// The calendar functions of the C ABI (jishiban.h).
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "capi/handles.hpp"
#include "capi/options.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/time/iso8601.hpp"

using jishiban::Calendar;
using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban::capi::CallScope;
using jishiban::capi::guarded;
using jishiban::capi::kCalendarMagic;
using jishiban::capi::require;
using jishiban::capi::reset_output;
using jishiban::capi::require_utf8;

jsb_calendar::jsb_calendar(Calendar value) : HandleBase(jishiban::capi::kCalendarMagic), calendar(std::move(value)) {}

namespace {

jishiban::Date read_date(const char* text, const char* name) {
  require_utf8(text, name);
  return jishiban::parse_date(text);
}

std::chrono::seconds seconds_of(std::int64_t count) { return std::chrono::seconds(count); }

void set_flag(int* out, bool value) {
  if (out != nullptr) {
    *out = value ? 1 : 0;
  }
}

}  // namespace

extern "C" {

int jsb_calendar_open(const char* options_json, jsb_calendar** out_calendar) {
  return guarded(nullptr, [&] {
    reset_output(out_calendar);
    require(out_calendar, "out_calendar");
    jishiban::capi::CalendarOpenOptions options;
    if (options_json != nullptr) {
      options = jishiban::capi::parse_calendar_options(options_json);
    }
    auto handle = std::make_unique<jsb_calendar>(jishiban::capi::build_calendar(options));
    if (options.language) {
      handle->language.store(*options.language, std::memory_order_relaxed);
    }
    *out_calendar = handle.release();
  });
}

int jsb_calendar_close(jsb_calendar* calendar) {
  return jishiban::capi::close_handle(calendar, kCalendarMagic, "calendar");
}

const char* jsb_calendar_errmsg(const jsb_calendar* calendar) {
  return jishiban::capi::failure_message(calendar);
}

int jsb_calendar_set_language(jsb_calendar* calendar, int language) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    calendar->language.store(jishiban::capi::checked_language(language), std::memory_order_relaxed);
  });
}

int jsb_calendar_info(const jsb_calendar* calendar, char** out_json) {
  return guarded(calendar, [&] {
    reset_output(out_json);
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_json, "out_json");
    const Calendar& c = calendar->calendar;
    nlohmann::ordered_json info;
    info["first_date"] = jishiban::format_date(c.first_date());
    info["last_date"] = jishiban::format_date(c.last_date());
    info["utc_offset_minutes"] = c.utc_offset().minutes().count();
    info["coverage"] = std::string(jishiban::to_string(c.coverage()));
    nlohmann::ordered_json years = nlohmann::ordered_json::array();
    for (int year = c.first_date().year(); year <= c.last_date().year(); ++year) {
      if (c.covers_year(year)) {
        years.push_back(year);
      }
    }
    info["years"] = std::move(years);
    *out_json = jishiban::capi::duplicate(info.dump());
  });
}

int jsb_calendar_day_info(const jsb_calendar* calendar, const char* date, char** out_json) {
  return guarded(calendar, [&] {
    reset_output(out_json);
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_json, "out_json");
    const jishiban::DayInfo day = calendar->calendar.day_info(read_date(date, "date"));
    nlohmann::ordered_json info;
    info["date"] = jishiban::format_date(day.date);
    info["kind"] = std::string(jishiban::to_string(day.kind));
    info["working"] = day.working;
    info["provisional"] = day.provisional;
    info["name_en"] = std::string(day.name_en);
    info["name_zh"] = std::string(day.name_zh);
    *out_json = jishiban::capi::duplicate(info.dump());
  });
}

int jsb_calendar_is_working_day(const jsb_calendar* calendar, const char* date, int* out_working) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_working, "out_working");
    *out_working = calendar->calendar.is_working_day(read_date(date, "date")) ? 1 : 0;
  });
}

int jsb_calendar_working_periods(const jsb_calendar* calendar, const char* date, char** out_json) {
  return guarded(calendar, [&] {
    reset_output(out_json);
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_json, "out_json");
    const jishiban::Date day = read_date(date, "date");
    const auto schedule = calendar->calendar.working_periods(day);
    nlohmann::ordered_json info;
    info["date"] = jishiban::format_date(day);
    info["provisional"] = schedule.provisional;
    nlohmann::ordered_json periods = nlohmann::ordered_json::array();
    for (const jishiban::WorkingPeriod& period : schedule.value) {
      periods.push_back({{"start", jishiban::format_time_of_day(period.start)},
                         {"end", jishiban::format_time_of_day(period.end)}});
    }
    info["periods"] = std::move(periods);
    *out_json = jishiban::capi::duplicate(info.dump());
  });
}

int jsb_calendar_next_working_instant(const jsb_calendar* calendar, int64_t instant, int64_t* out_instant,
                                      int* out_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_instant, "out_instant");
    const auto result = calendar->calendar.next_working_instant(Instant::from_unix_seconds(instant));
    *out_instant = result.value.unix_seconds();
    set_flag(out_provisional, result.provisional);
  });
}

int jsb_calendar_add_working_seconds(const jsb_calendar* calendar, int64_t start, int64_t seconds,
                                     int64_t* out_instant, int* out_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_instant, "out_instant");
    const auto result = calendar->calendar.add_working_time(Instant::from_unix_seconds(start), seconds_of(seconds));
    *out_instant = result.value.unix_seconds();
    set_flag(out_provisional, result.provisional);
  });
}

int jsb_calendar_working_seconds_between(const jsb_calendar* calendar, int64_t from, int64_t to,
                                         int64_t* out_seconds, int* out_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_seconds, "out_seconds");
    const auto result =
        calendar->calendar.elapsed_working_time(Instant::from_unix_seconds(from), Instant::from_unix_seconds(to));
    *out_seconds = result.value.count();
    set_flag(out_provisional, result.provisional);
  });
}

int jsb_calendar_add_working_days(const jsb_calendar* calendar, const char* date, int days, char** out_date,
                                  int* out_provisional) {
  return guarded(calendar, [&] {
    reset_output(out_date);
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_date, "out_date");
    const auto result = calendar->calendar.add_working_days(read_date(date, "date"), days);
    char* text = jishiban::capi::duplicate(jishiban::format_date(result.value));
    set_flag(out_provisional, result.provisional);
    *out_date = text;
  });
}

int jsb_calendar_working_days_between(const jsb_calendar* calendar, const char* begin, const char* end,
                                      int* out_days, int* out_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_days, "out_days");
    const auto result = calendar->calendar.working_days_between(read_date(begin, "begin"), read_date(end, "end"));
    *out_days = result.value;
    set_flag(out_provisional, result.provisional);
  });
}

int jsb_calendar_add_working_days_at(const jsb_calendar* calendar, int64_t start, int days, int convention,
                                     int64_t* out_instant, int* out_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_instant, "out_instant");
    jishiban::DayConvention day_convention = jishiban::DayConvention::legal_period;
    if (convention == JSB_WORKING_TIME) {
      day_convention = jishiban::DayConvention::working_time;
    } else if (convention != JSB_LEGAL_PERIOD) {
      throw Error(ErrorCode::invalid_argument,
                  "convention " + std::to_string(convention) +
                      " is not JSB_LEGAL_PERIOD (0) or JSB_WORKING_TIME (1)",
                  "计日方式 " + std::to_string(convention) + " 不是 JSB_LEGAL_PERIOD（0）或 JSB_WORKING_TIME（1）");
    }
    const auto result = calendar->calendar.add_working_days(Instant::from_unix_seconds(start), days, day_convention);
    *out_instant = result.value.unix_seconds();
    set_flag(out_provisional, result.provisional);
  });
}

int jsb_calendar_add_working_seconds_batch(const jsb_calendar* calendar, const int64_t* starts, size_t count,
                                           int64_t seconds, int64_t* out_instants, int* out_any_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    if (count == 0) {
      set_flag(out_any_provisional, false);
      return;
    }
    require(starts, "starts");
    require(out_instants, "out_instants");

    // Instant is a standard-layout wrapper of one int64_t, so the caller's
    // arrays are read and written in place.
    static_assert(sizeof(Instant) == sizeof(int64_t) && alignof(Instant) == alignof(int64_t));
    const bool provisional = calendar->calendar.add_working_time(reinterpret_cast<const Instant*>(starts), count,
                                                                 seconds_of(seconds),
                                                                 reinterpret_cast<Instant*>(out_instants));
    set_flag(out_any_provisional, provisional);
  });
}

int jsb_calendar_working_seconds_between_batch(const jsb_calendar* calendar, const int64_t* from, const int64_t* to,
                                               size_t count, int64_t* out_seconds, int* out_any_provisional) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    if (count == 0) {
      set_flag(out_any_provisional, false);
      return;
    }
    require(from, "from");
    require(to, "to");
    require(out_seconds, "out_seconds");
    static_assert(sizeof(std::chrono::seconds) == sizeof(int64_t) &&
                  std::is_same_v<std::chrono::seconds::rep, std::int64_t>);
    const bool provisional = calendar->calendar.elapsed_working_time(
        reinterpret_cast<const Instant*>(from), reinterpret_cast<const Instant*>(to), count,
        reinterpret_cast<std::chrono::seconds*>(out_seconds));
    set_flag(out_any_provisional, provisional);
  });
}

int jsb_calendar_format_instant(const jsb_calendar* calendar, int64_t instant, char** out_text) {
  return guarded(calendar, [&] {
    reset_output(out_text);
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require(out_text, "out_text");
    *out_text = jishiban::capi::duplicate(
        jishiban::format_instant(Instant::from_unix_seconds(instant), calendar->calendar.utc_offset()));
  });
}

int jsb_calendar_parse_instant(const jsb_calendar* calendar, const char* text, int64_t* out_instant) {
  return guarded(calendar, [&] {
    const CallScope scope(calendar, kCalendarMagic, "calendar");
    require_utf8(text, "text");
    require(out_instant, "out_instant");
    *out_instant = jishiban::parse_instant(text, calendar->calendar.utc_offset()).unix_seconds();
  });
}

}  // extern "C"
