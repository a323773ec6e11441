// The JSON option objects of the C ABI's open, query, report and replay
// functions (jishiban.h documents each member). Private to libjishiban.so.
//
// All readers are strict: unknown members, wrong types and invalid UTF-8
// are Error{invalid_data} naming the member, so a misspelt option is never
// silently ignored.
#ifndef JISHIBAN_SRC_CAPI_OPTIONS_HPP
#define JISHIBAN_SRC_CAPI_OPTIONS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/report/report_format.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace jishiban::capi {

// Returns `language` when it is JSB_LANG_EN or JSB_LANG_ZH, else throws
// Error{invalid_argument} naming it.
int checked_language(int language);

struct CalendarOpenOptions {
  bool official_base = true;
  std::vector<std::string> files;
  std::vector<std::string> data;  // calendar JSON texts
  CalendarOptions calendar;
  std::optional<int> language;
};

CalendarOpenOptions parse_calendar_options(const char* json_text);

// The official data (or nothing), with the files and texts merged on top.
Calendar build_calendar(const CalendarOpenOptions& options);

struct EngineOpenOptions {
  EngineOptions engine;
  SqliteOptions sqlite;
  bool manual_clock = false;
  std::optional<Instant> now;
  std::optional<int> language;
};

EngineOpenOptions parse_engine_options(const char* json_text);

struct TicketQuery {
  std::optional<TicketState> state;
  std::optional<std::string> unit;
  std::optional<Instant> due_before;
  bool open_only = false;
  std::optional<std::size_t> limit;
};

TicketQuery parse_query(const char* json_text);

struct ReportRequest {
  ReportOptions range;  // as_of unset: the engine clock
  ReportFormat format = ReportFormat::json;
  std::optional<int> language;
};

ReportRequest parse_report_request(const char* json_text);

ReplayOptions parse_replay_options(const char* json_text);

}  // namespace jishiban::capi

#endif  // JISHIBAN_SRC_CAPI_OPTIONS_HPP
