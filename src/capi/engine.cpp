// The engine functions of the C ABI (jishiban.h).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "capi/handles.hpp"
#include "capi/options.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/actor_json.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "jishiban/workflow/history.hpp"
#include "jishiban/workflow/notification_json.hpp"
#include "jishiban/workflow/policy.hpp"

using jishiban::Error;
using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban::capi::CallScope;
using jishiban::capi::duplicate;
using jishiban::capi::guarded;
using jishiban::capi::kEngineMagic;
using jishiban::capi::require;
using jishiban::capi::reset_output;
using jishiban::capi::require_utf8;

void OutboxOnlyNotifier::notify(const jishiban::Notification& notification) {
  // EngineOptions::deliver_notifications is false for every C engine.
  throw Error(ErrorCode::invalid_argument,
              "notification " + notification.id + " was offered outside jsb_engine_deliver",
              "通知 " + notification.id + " 未经 jsb_engine_deliver 而被投递");
}

jsb_engine::jsb_engine() : HandleBase(jishiban::capi::kEngineMagic) {}

// The engine goes first: it refers to the clock and the notifier.
jsb_engine::~jsb_engine() { engine.reset(); }

namespace {

// Copies a finished result out. Each result is built as text first, so a
// failure before this leaves *out NULL.
void hand_out(char** out, std::string_view text) { *out = duplicate(text); }

std::string events_json(const std::vector<jishiban::Event>& events) {
  std::string text = "[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    text += i == 0 ? "" : ",";
    text += jishiban::to_json(events[i]);
  }
  text += "]";
  return text;
}

std::string strings_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

jishiban::Actor read_actor(const char* actor_json) {
  require(actor_json, "actor_json");
  return jishiban::actor_from_json(actor_json, "actor_json");
}

std::string read_ticket_id(const char* ticket_id) {
  require_utf8(ticket_id, "ticket_id");
  return ticket_id;
}

// Calls into the host's callback: 0 delivered, anything else failed.
class CallbackNotifier final : public jishiban::Notifier {
 public:
  CallbackNotifier(jsb_notify_fn callback, void* user_data) : callback_(callback), user_data_(user_data) {}

  void notify(const jishiban::Notification& notification) override {
    const std::string text = jishiban::to_json(notification);
    if (callback_(user_data_, text.c_str()) != 0) {
      // deliver_pending records any exception as a failed attempt and
      // schedules the next one.
      throw Error(ErrorCode::io_error, "the delivery callback rejected notification " + notification.id,
                  "投递回调拒收通知 " + notification.id);
    }
  }

 private:
  jsb_notify_fn callback_;
  void* user_data_;
};

}  // namespace

extern "C" {

int jsb_engine_open(const char* path, const jsb_calendar* calendar, const char* options_json,
                    jsb_engine** out_engine) {
  return guarded(nullptr, [&] {
    reset_output(out_engine);
    require(out_engine, "out_engine");
    require(path, "path");
    if (*path == '\0') {
      throw Error(ErrorCode::invalid_argument, "the database path is empty; pass the path of an SQLite file",
                  "数据库路径为空；请传入 SQLite 文件的路径");
    }

    jishiban::capi::EngineOpenOptions options;
    if (options_json != nullptr) {
      options = jishiban::capi::parse_engine_options(options_json);
    }

    auto handle = std::make_unique<jsb_engine>();
    if (calendar != nullptr) {
      const CallScope scope(calendar, jishiban::capi::kCalendarMagic, "calendar");
      handle->calendar = calendar->calendar;
    }
    if (options.manual_clock) {
      handle->manual_clock = std::make_unique<jishiban::ManualClock>(options.now.value_or(Instant()));
      handle->clock = handle->manual_clock.get();
    } else {
      handle->clock = &handle->system_clock;
    }
    handle->engine = jishiban::open_engine(path, handle->calendar, handle->notifier, *handle->clock,
                                           std::move(options.engine), options.sqlite);
    if (options.language) {
      handle->language.store(*options.language, std::memory_order_relaxed);
    }
    *out_engine = handle.release();
  });
}

int jsb_engine_close(jsb_engine* engine) { return jishiban::capi::close_handle(engine, kEngineMagic, "engine"); }

const char* jsb_engine_errmsg(const jsb_engine* engine) { return jishiban::capi::failure_message(engine); }

int jsb_engine_set_language(jsb_engine* engine, int language) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    engine->language.store(jishiban::capi::checked_language(language), std::memory_order_relaxed);
  });
}

int jsb_engine_now(const jsb_engine* engine, int64_t* out_instant) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_instant, "out_instant");
    *out_instant = engine->clock->now().unix_seconds();
  });
}

int jsb_engine_set_now(jsb_engine* engine, int64_t instant) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    if (!engine->manual_clock) {
      throw Error(ErrorCode::invalid_argument,
                  "this engine runs on the system clock, which cannot be set; open it with \"clock\": \"manual\"",
                  "此引擎使用系统时钟，不能设定；请以 \"clock\": \"manual\" 打开");
    }
    engine->manual_clock->set(Instant::from_unix_seconds(instant));
  });
}

int jsb_engine_policy(const jsb_engine* engine, char** out_json) {
  return guarded(engine, [&] {
    reset_output(out_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_json, "out_json");
    hand_out(out_json, jishiban::to_json(engine->engine->policy()));
  });
}

int jsb_engine_execute(jsb_engine* engine, const char* command_json, char** out_ticket_json) {
  return guarded(engine, [&] {
    reset_output(out_ticket_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_ticket_json, "out_ticket_json");
    require(command_json, "command_json");
    jishiban::Command command = jishiban::command_from_json(command_json, "command_json");
    const jishiban::Ticket ticket = engine->engine->execute(std::move(command));
    hand_out(out_ticket_json, jishiban::to_json(ticket));
  });
}

int jsb_engine_view(const jsb_engine* engine, const char* ticket_id, const char* actor_json,
                    char** out_ticket_json) {
  return guarded(engine, [&] {
    reset_output(out_ticket_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_ticket_json, "out_ticket_json");
    const std::string id = read_ticket_id(ticket_id);
    const jishiban::Actor actor = read_actor(actor_json);
    hand_out(out_ticket_json, jishiban::to_json(engine->engine->view(actor, id)));
  });
}

int jsb_engine_history(const jsb_engine* engine, const char* ticket_id, const char* actor_json,
                       char** out_events_json) {
  return guarded(engine, [&] {
    reset_output(out_events_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_events_json, "out_events_json");
    const std::string id = read_ticket_id(ticket_id);
    const jishiban::Actor actor = read_actor(actor_json);
    hand_out(out_events_json, events_json(engine->engine->history(actor, id)));
  });
}

int jsb_engine_available_commands(const jsb_engine* engine, const char* ticket_id, const char* actor_json,
                                  char** out_json) {
  return guarded(engine, [&] {
    reset_output(out_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_json, "out_json");
    const std::string id = read_ticket_id(ticket_id);
    const jishiban::Actor actor = read_actor(actor_json);
    std::vector<std::string> names;
    for (const jishiban::EventType type : engine->engine->available_commands(actor, id)) {
      names.emplace_back(jishiban::to_string(type));
    }
    hand_out(out_json, strings_json(names));
  });
}

int jsb_engine_poll(jsb_engine* engine, char** out_events_json) {
  return guarded(engine, [&] {
    reset_output(out_events_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_events_json, "out_events_json");
    hand_out(out_events_json, events_json(engine->engine->poll(engine->clock->now())));
  });
}

int jsb_engine_next_wakeup(const jsb_engine* engine, int64_t* out_instant, int* out_has) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_instant, "out_instant");
    require(out_has, "out_has");
    const std::optional<Instant> next = engine->engine->next_wakeup();
    *out_has = next ? 1 : 0;
    *out_instant = next ? next->unix_seconds() : 0;
  });
}

int jsb_engine_query(const jsb_engine* engine, const char* query_json, char** out_json) {
  return guarded(engine, [&] {
    reset_output(out_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_json, "out_json");
    require(query_json, "query_json");
    const jishiban::capi::TicketQuery query = jishiban::capi::parse_query(query_json);
    const jishiban::TicketStore& store = engine->engine->store();

    // Each member gives a set of numbers; the result is their intersection,
    // in ticket-number order.
    std::vector<std::vector<std::string>> sets;
    if (query.state) {
      sets.push_back(store.find_by_state(*query.state));
    }
    if (query.unit) {
      sets.push_back(store.find_by_unit(*query.unit));
    }
    if (query.due_before) {
      sets.push_back(store.find_due_before(*query.due_before));
    }
    if (query.open_only) {
      sets.push_back(store.open_tickets());
    }
    for (std::vector<std::string>& set : sets) {
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
    }
    std::vector<std::string> result = std::move(sets.front());
    for (std::size_t i = 1; i < sets.size(); ++i) {
      std::vector<std::string> both;
      std::set_intersection(result.begin(), result.end(), sets[i].begin(), sets[i].end(),
                            std::back_inserter(both));
      result = std::move(both);
    }
    if (query.limit && result.size() > *query.limit) {
      result.resize(*query.limit);
    }
    hand_out(out_json, strings_json(result));
  });
}

int jsb_engine_report(const jsb_engine* engine, const char* options_json, char** out_report) {
  return guarded(engine, [&] {
    reset_output(out_report);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_report, "out_report");
    require(options_json, "options_json");
    jishiban::capi::ReportRequest request = jishiban::capi::parse_report_request(options_json);
    if (!request.range.as_of) {
      request.range.as_of = engine->clock->now();
    }
    const jishiban::Report report = jishiban::build_report(engine->engine->store(), engine->calendar, request.range);
    const jishiban::Language language = jishiban::capi::to_language(
        request.language.value_or(engine->language.load(std::memory_order_relaxed)));

    hand_out(out_report, jishiban::render_report(report, request.format, language));
  });
}

int jsb_engine_replay(jsb_engine* engine, const char* path, const char* options_json, char** out_result_json) {
  return guarded(engine, [&] {
    reset_output(out_result_json);
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_result_json, "out_result_json");
    require(path, "path");
    if (!engine->manual_clock) {
      throw Error(ErrorCode::invalid_argument,
                  "replay moves the engine's clock, and this engine runs on the system clock; open it with "
                  "\"clock\": \"manual\"",
                  "重放需要移动引擎的时钟，而此引擎使用系统时钟；请以 \"clock\": \"manual\" 打开");
    }
    jishiban::ReplayOptions options = jishiban::capi::parse_replay_options(options_json);

    jishiban::check_replay_source(path);
    std::ifstream input(path, std::ios::binary);
    if (!input) {
      const std::string reason = std::strerror(errno);
      throw Error(ErrorCode::io_error,
                  "cannot open the command stream " + jishiban::quote_for_message(path) + ": " + reason,
                  "无法打开命令流 " + jishiban::quote_for_message(path) + "：" + reason);
    }

    // Keeps the first bad lines for the result; all are counted.
    constexpr std::size_t kListedBadLines = 100;
    nlohmann::ordered_json bad_lines = nlohmann::ordered_json::array();
    const jishiban::Language language =
        jishiban::capi::to_language(engine->language.load(std::memory_order_relaxed));
    options.bad_line = [&](const jishiban::BadLine& bad) {
      if (bad_lines.size() < kListedBadLines) {
        bad_lines.push_back({{"line", bad.line},
                             {"code", static_cast<int>(bad.code)},
                             {"message", bad.message(language)}});
      }
    };

    const jishiban::ReplayResult result =
        jishiban::replay_stream(input, path, *engine->engine, *engine->manual_clock, options);
    nlohmann::ordered_json answer;
    answer["lines"] = result.lines;
    answer["applied"] = result.applied;
    answer["repeated"] = result.repeated;
    answer["bad"] = result.bad;
    answer["registered"] = result.registered;
    answer["sla_events"] = result.sla_events;
    answer["stopped"] = result.stopped;
    answer["bad_lines"] = std::move(bad_lines);
    hand_out(out_result_json, answer.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  });
}

int jsb_engine_deliver(jsb_engine* engine, jsb_notify_fn callback, void* user_data, size_t* out_delivered,
                       size_t* out_failed) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    if (callback == nullptr) {
      throw Error(ErrorCode::invalid_argument, "argument callback is NULL; pass the function that delivers",
                  "参数 callback 为 NULL；请传入负责投递的函数");
    }
    CallbackNotifier notifier(callback, user_data);
    const jishiban::DeliveryResult result = engine->engine->deliver(notifier, engine->clock->now());
    if (out_delivered != nullptr) {
      *out_delivered = result.delivered;
    }
    if (out_failed != nullptr) {
      *out_failed = result.failed;
    }
  });
}

int jsb_engine_undelivered(const jsb_engine* engine, size_t* out_count) {
  return guarded(engine, [&] {
    const CallScope scope(engine, kEngineMagic, "engine");
    require(out_count, "out_count");
    *out_count = engine->engine->undelivered_notifications();
  });
}

}  // extern "C"
