#include "engine_core.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conversions.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/report/report_format.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "jishiban/workflow/history.hpp"
#include "jishiban/workflow/policy.hpp"

namespace jishiban::python {
namespace {

// The guards of the calls running on this thread, so close() can tell a
// call from inside a callback of its own engine.
thread_local std::vector<const CallGuard*> guards_in_use;


Actor actor_from_python(py::handle value) {
  if (!PyDict_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument,
         "actor must be a dict with the keys \"id\", \"name\", \"role\" and \"unit\", not " + type_name(value),
         "actor 必须是含 \"id\"、\"name\"、\"role\"、\"unit\" 键的 dict，而不是 " + type_name(value));
  }
  Actor actor;
  bool has_id = false;
  bool has_role = false;
  for (const auto& [key_handle, item] : py::reinterpret_borrow<py::dict>(value)) {
    const std::string key = PyUnicode_Check(key_handle.ptr()) ? utf8_from_python(key_handle, "actor key") : "";
    if (item.is_none() && key != "id" && key != "role") {
      continue;
    }
    if (key == "id") {
      actor.id = utf8_from_python(item, "actor.id");
      has_id = true;
    } else if (key == "name") {
      actor.name = utf8_from_python(item, "actor.name");
    } else if (key == "unit") {
      actor.unit = utf8_from_python(item, "actor.unit");
    } else if (key == "role") {
      const std::string role = utf8_from_python(item, "actor.role");
      const std::optional<Role> parsed = parse_role(role);
      if (!parsed) {
        const std::string quoted = quote_for_message(role, 60);
        fail(ErrorCode::invalid_argument,
             "actor.role " + quoted + " is not a role; expected service_officer, office_leader, "
                 "office_supervisor, reviewer, committee_leader, unit_leader, handler, discipline_inspection "
                 "or report_viewer",
             "actor.role " + quoted + " 不是有效角色；应为 service_officer、office_leader、office_supervisor、"
                 "reviewer、committee_leader、unit_leader、handler、discipline_inspection 或 report_viewer");
      }
      actor.role = *parsed;
      has_role = true;
    } else {
      const std::string quoted = PyUnicode_Check(key_handle.ptr()) ? quote_for_message(key, 60)
                                                                  : type_name(key_handle);
      fail(ErrorCode::invalid_argument,
           "actor has the unknown key " + quoted + "; its keys are \"id\", \"name\", \"role\" and \"unit\"",
           "actor 含有未知的键 " + quoted + "；其键为 \"id\"、\"name\"、\"role\"、\"unit\"");
    }
  }
  if (!has_id || !has_role) {
    const std::string missing = has_id ? "\"role\"" : "\"id\"";
    fail(ErrorCode::invalid_argument, "actor lacks the required key " + missing,
         "actor 缺少必需的键 " + missing);
  }
  return actor;
}

TicketState state_from_python(py::handle value) {
  const std::string text = utf8_from_python(value, "state");
  if (const std::optional<TicketState> state = parse_ticket_state(text)) {
    return *state;
  }
  const std::string quoted = quote_for_message(text, 60);
  fail(ErrorCode::invalid_argument,
       "state " + quoted + " is not a ticket state; expected one of registered, awaiting_office_approval, "
           "declined, dispatched, in_progress, suspended, plan_under_review, replied, result_reported, "
           "awaiting_return_visit, closed, archived",
       "state " + quoted + " 不是工单状态；应为 registered、awaiting_office_approval、declined、dispatched、"
           "in_progress、suspended、plan_under_review、replied、result_reported、awaiting_return_visit、closed、"
           "archived 之一");
}

Synchronous synchronous_from_python(py::handle value) {
  const std::string text = utf8_from_python(value, "synchronous");
  if (text == "full") {
    return Synchronous::full;
  }
  if (text == "normal") {
    return Synchronous::normal;
  }
  if (text == "off") {
    return Synchronous::off;
  }
  const std::string quoted = quote_for_message(text, 40);
  fail(ErrorCode::invalid_argument, "synchronous must be \"full\", \"normal\" or \"off\", not " + quoted,
       "synchronous 必须是 \"full\"、\"normal\" 或 \"off\"，而不是 " + quoted);
}

py::list text_list(const std::vector<std::string>& texts) {
  py::list result;
  for (const std::string& text : texts) {
    result.append(text_to_python(text));
  }
  return result;
}

[[noreturn]] void fail_system_clock(const char* what_en, const char* what_zh) {
  fail(ErrorCode::invalid_argument,
       std::string(what_en) + " needs a manual clock, and this engine reads the system clock; open the engine "
           "with clock=<datetime>",
       std::string(what_zh) + "需要手动时钟，而此引擎读取系统时钟；请以 clock=<datetime> 打开引擎");
}

}  // namespace

// --- CallGuard ---------------------------------------------------------------

CallGuard::Use::Use(CallGuard& guard) : guard_(guard) {
  {
    const std::lock_guard<std::mutex> lock(guard_.mutex_);
    if (guard_.closed_) {
      fail(ErrorCode::invalid_argument, "the engine is closed; open a new jishiban.Engine",
           "引擎已关闭；请重新打开 jishiban.Engine");
    }
    ++guard_.active_;
  }
  guards_in_use.push_back(&guard_);
}

CallGuard::Use::~Use() {
  guards_in_use.pop_back();
  const std::lock_guard<std::mutex> lock(guard_.mutex_);
  if (--guard_.active_ == 0) {
    guard_.idle_.notify_all();
  }
}

bool CallGuard::close() {
  if (std::find(guards_in_use.begin(), guards_in_use.end(), this) != guards_in_use.end()) {
    fail(ErrorCode::invalid_argument,
         "close() was called from a callback of the same engine, which would wait for itself; close the engine "
         "after the call returns",
         "在同一引擎的回调中调用了 close()，它会等待自身；请在调用返回后再关闭引擎");
  }
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_) {
    return false;
  }
  closed_ = true;
  idle_.wait(lock, [this] { return active_ == 0; });
  return true;
}

bool CallGuard::closed() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

// --- EngineCore --------------------------------------------------------------

EngineCore::EngineCore(py::handle path, const CalendarHandle& calendar, py::handle policy_text,
                       py::handle policy_path, py::handle clock_start, bool deliver_notifications,
                       py::handle notifier, py::handle synchronous)
    : calendar_(calendar.calendar),
      zone_(calendar.zone),
      tzinfo_(calendar.tzinfo),
      notifier_callback_(py::reinterpret_borrow<py::object>(notifier)),
      notifier_(notifier_callback_, zone_, tzinfo_) {
  const std::string database = path_from_python(path, "path");
  SqliteOptions sqlite_options;
  sqlite_options.synchronous = synchronous_from_python(synchronous);

  EngineOptions options;
  options.deliver_notifications = deliver_notifications;
  if (deliver_notifications && (notifier.is_none() || !PyCallable_Check(notifier.ptr()))) {
    fail(ErrorCode::invalid_argument, "deliver_notifications=True needs a callable notifier",
         "deliver_notifications=True 需要可调用的 notifier");
  }
  std::optional<std::string> policy_json;
  std::optional<std::string> policy_file;
  if (!policy_text.is_none()) {
    policy_json = utf8_from_python(policy_text, "policy");
  } else if (!policy_path.is_none()) {
    policy_file = path_from_python(policy_path, "policy");
  }
  if (!clock_start.is_none()) {
    manual_clock_ = std::make_unique<ManualClock>(instant_arg(clock_start, "clock"));
  }

  const Clock& clock = manual_clock_ ? static_cast<const Clock&>(*manual_clock_) : system_clock_;
  CallbackScope callbacks;
  {
    const py::gil_scoped_release release;
    if (policy_json) {
      options.policy = parse_policy(*policy_json, "policy");
    } else if (policy_file) {
      options.policy = load_policy(*policy_file);
    }
    engine_ = open_engine(database, calendar_, notifier_, clock, std::move(options), sqlite_options);
  }
  callbacks.rethrow_interrupt();
}

EngineCore::~EngineCore() {
  // Python keeps a reference to the object during every call, so none is running here.
  engine_.reset();
}

Engine& EngineCore::engine() { return *engine_; }

Instant EngineCore::instant_arg(py::handle value, const char* field) const {
  return instant_from_python(value, zone_, field);
}

py::object EngineCore::datetime_result(Instant instant) const {
  return datetime_from_instant(instant, zone_, tzinfo_);
}

Instant EngineCore::bound_arg(py::handle value, const char* field) const {
  if (is_plain_date(value)) {
    return to_instant(date_from_python(value, field), TimeOfDay(0, 0), zone_);
  }
  return instant_arg(value, field);
}

py::str EngineCore::execute(py::handle command_json) {
  const std::string text = utf8_from_python(command_json, "command");
  std::string result;
  CallbackScope callbacks;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    result = to_json(engine().execute(command_from_json(text, "command")));
  }
  callbacks.rethrow_interrupt();
  return text_to_python(result);
}

py::str EngineCore::view(py::handle actor, py::handle ticket_id) {
  const Actor viewer = actor_from_python(actor);
  const std::string id = utf8_from_python(ticket_id, "ticket_id");
  std::string result;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    result = to_json(engine().view(viewer, id));
  }
  return text_to_python(result);
}

py::list EngineCore::history(py::handle actor, py::handle ticket_id) {
  const Actor viewer = actor_from_python(actor);
  const std::string id = utf8_from_python(ticket_id, "ticket_id");
  std::vector<std::string> events;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    for (const Event& event : engine().history(viewer, id)) {
      events.push_back(to_json(event));
    }
  }
  return text_list(events);
}

py::list EngineCore::available_commands(py::handle actor, py::handle ticket_id) {
  const Actor viewer = actor_from_python(actor);
  const std::string id = utf8_from_python(ticket_id, "ticket_id");
  std::vector<std::string> names;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    for (const EventType type : engine().available_commands(viewer, id)) {
      names.emplace_back(to_string(type));
    }
  }
  return text_list(names);
}

py::list EngineCore::poll(py::handle now) {
  const std::optional<Instant> at = now.is_none() ? std::nullopt : std::optional<Instant>(instant_arg(now, "now"));
  std::vector<std::string> events;
  CallbackScope callbacks;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    for (const Event& event : at ? engine().poll(*at) : engine().poll()) {
      events.push_back(to_json(event));
    }
  }
  callbacks.rethrow_interrupt();
  return text_list(events);
}

py::object EngineCore::next_wakeup() {
  std::optional<Instant> wakeup;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    wakeup = engine().next_wakeup();
  }
  return wakeup ? datetime_result(*wakeup) : py::none();
}

py::list EngineCore::find_by_state(py::handle state) {
  const TicketState target_state = state_from_python(state);
  std::vector<std::string> ids;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    ids = engine().store().find_by_state(target_state);
  }
  return text_list(ids);
}

py::list EngineCore::find_by_unit(py::handle unit) {
  const std::string name = utf8_from_python(unit, "unit");
  std::vector<std::string> ids;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    ids = engine().store().find_by_unit(name);
  }
  return text_list(ids);
}

py::list EngineCore::find_due_before(py::handle until) {
  const Instant instant = instant_arg(until, "until");
  std::vector<std::string> ids;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    ids = engine().store().find_due_before(instant);
  }
  return text_list(ids);
}

py::list EngineCore::open_tickets() {
  std::vector<std::string> ids;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    ids = engine().store().open_tickets();
  }
  return text_list(ids);
}

std::size_t EngineCore::undelivered_notifications() {
  const py::gil_scoped_release release;
  const CallGuard::Use use(guard_);
  return engine().undelivered_notifications();
}

py::str EngineCore::report(py::handle start, py::handle end, py::handle as_of, py::handle format,
                           py::handle language) {
  ReportOptions options;
  options.from = bound_arg(start, "start");
  options.to = bound_arg(end, "end");
  if (!as_of.is_none()) {
    options.as_of = instant_arg(as_of, "as_of");
  }
  const std::string kind = utf8_from_python(format, "format");
  const std::optional<ReportFormat> report_format = parse_report_format(kind);
  if (!report_format) {
    const std::string quoted = quote_for_message(kind, 40);
    fail(ErrorCode::invalid_argument, "format must be \"dict\", \"json\", \"text\", \"csv\" or \"html\", not " + quoted,
         "format 必须是 \"dict\"、\"json\"、\"text\"、\"csv\" 或 \"html\"，而不是 " + quoted);
  }
  const Language words = language_from_python(language, current_language(), "language");
  std::string result;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    result = render_report(build_report(engine().store(), calendar_, options), *report_format, words);
  }
  return text_to_python(result);
}

py::dict EngineCore::replay(py::handle path, bool strict, py::handle until, py::handle batch_lines,
                            py::handle max_bad_lines) {
  if (!manual_clock_) {
    fail_system_clock("replay()", "replay() ");
  }
  const std::string file = path_from_python(path, "path");
  ReplayOptions options;
  options.strict = strict;
  if (!until.is_none()) {
    options.until = instant_arg(until, "until");
  }
  options.batch_lines = static_cast<std::size_t>(int64_in_range(batch_lines, "batch_lines", 1, 100000));
  const auto keep = static_cast<std::size_t>(
      int64_in_range(max_bad_lines, "max_bad_lines", 0, std::numeric_limits<std::int64_t>::max()));
  std::vector<BadLine> bad_lines;
  options.bad_line = [&bad_lines, keep](const BadLine& bad) {
    if (bad_lines.size() < keep) {
      bad_lines.push_back(bad);
    }
  };

  ReplayResult result;
  CallbackScope callbacks;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    check_replay_source(file);
    std::ifstream input(file, std::ios::binary);
    if (!input) {
      const std::string reason = std::strerror(errno);
      const std::string quoted = quote_for_message(file);
      fail(ErrorCode::io_error, "cannot read the stream " + quoted + ": " + reason,
           "无法读取数据流 " + quoted + "：" + reason);
    }
    result = replay_stream(input, sanitize_utf8(file), engine(), *manual_clock_, options);
  }
  callbacks.rethrow_interrupt();

  py::list bad;
  for (const BadLine& line : bad_lines) {
    bad.append(py::make_tuple(line.line, static_cast<int>(line.code), text_to_python(line.message_en),
                              text_to_python(line.message_zh)));
  }
  py::dict counts;
  counts["lines"] = result.lines;
  counts["applied"] = result.applied;
  counts["repeated"] = result.repeated;
  counts["bad"] = result.bad;
  counts["registered"] = result.registered;
  counts["sla_events"] = result.sla_events;
  counts["bytes"] = result.bytes;
  counts["stopped"] = result.stopped;
  counts["last_at"] = result.last_at ? datetime_result(*result.last_at) : py::none();
  counts["bad_lines"] = bad;
  return counts;
}

py::tuple EngineCore::deliver(py::handle callback, py::handle now) {
  if (!PyCallable_Check(callback.ptr())) {
    fail(ErrorCode::invalid_argument, "deliver() needs a callable, not " + type_name(callback),
         "deliver() 需要可调用对象，而不是 " + type_name(callback));
  }
  const std::optional<Instant> at = now.is_none() ? std::nullopt : std::optional<Instant>(instant_arg(now, "now"));
  PythonNotifier notifier(callback, zone_, tzinfo_);
  DeliveryResult result;
  CallbackScope callbacks;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    const Instant instant = at ? *at : (manual_clock_ ? manual_clock_->now() : system_clock_.now());
    result = engine().deliver(notifier, instant);
  }
  callbacks.rethrow_interrupt();
  return py::make_tuple(result.delivered, result.failed);
}

py::object EngineCore::now() {
  Instant instant;
  {
    const CallGuard::Use use(guard_);
    instant = manual_clock_ ? manual_clock_->now() : system_clock_.now();
  }
  return datetime_result(instant);
}

void EngineCore::set_now(py::handle instant) {
  if (!manual_clock_) {
    fail_system_clock("Setting now", "设置 now ");
  }
  const Instant value = instant_arg(instant, "now");
  const CallGuard::Use use(guard_);
  manual_clock_->set(value);
}

py::str EngineCore::policy_json() {
  std::string text;
  {
    const py::gil_scoped_release release;
    const CallGuard::Use use(guard_);
    text = to_json(engine().policy());
  }
  return text_to_python(text);
}

void EngineCore::close() {
  const py::gil_scoped_release release;
  if (guard_.close()) {
    engine_.reset();
  }
}

}  // namespace jishiban::python
