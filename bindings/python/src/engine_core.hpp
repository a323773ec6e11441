// EngineCore: a workflow engine on an SQLite database, with its clock and
// notifier, as jishiban.Engine uses it. Commands, tickets, events and
// reports cross as JSON text; jishiban/_engine.py turns them into Python
// objects.
//
// THREADS
//
// Every method that works on the database releases the GIL, so other
// Python threads run meanwhile, and several threads may call one EngineCore
// at once (jishiban::Engine is thread-safe). close() waits, without the
// GIL, until the calls in progress have returned, and later calls raise
// InvalidArgumentError. A notification callback that calls close() on its
// own engine is rejected, because close() would wait for that callback.
// deliver() goes through Engine::deliver, which runs one delivery of an
// engine at a time, because two at once would offer the same notifications
// twice, and rejects a deliver() callback that calls deliver() on its own
// engine. NOTE: two
// engines whose deliver() callbacks call deliver() on each other, on two
// threads at once, wait for each other forever.
#ifndef JISHIBAN_PYTHON_ENGINE_CORE_HPP
#define JISHIBAN_PYTHON_ENGINE_CORE_HPP

#include <pybind11/pybind11.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "jishiban/calendar/calendar.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "notifier_bridge.hpp"

namespace jishiban::python {

// Counts the calls in progress so close() can wait for them.
class CallGuard {
 public:
  // Registers one call on this thread. Throws Error{invalid_argument} once
  // the engine is closed.
  class Use {
   public:
    explicit Use(CallGuard& guard);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    CallGuard& guard_;
  };

  // Marks the guard closed and waits until no call is in progress. Returns
  // false when it was closed before. Throws Error{invalid_argument} when
  // the current thread is inside a call of this guard.
  bool close();

  bool closed() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t active_ = 0;
  bool closed_ = false;
};

class EngineCore {
 public:
  // Opens the database at `path` with the GIL released. `policy_text` is
  // policy JSON or None, `policy_path` a policy file or None (at most one
  // is set). `clock_start` None selects the system clock, a datetime or
  // ISO 8601 string a manual clock that starts there. `notifier` receives
  // the notifications when `deliver_notifications` is set.
  EngineCore(py::handle path, const CalendarHandle& calendar, py::handle policy_text, py::handle policy_path,
             py::handle clock_start, bool deliver_notifications, py::handle notifier, py::handle synchronous);
  ~EngineCore();

  EngineCore(const EngineCore&) = delete;
  EngineCore& operator=(const EngineCore&) = delete;

  // Runs a command given as JSON text; returns the ticket's JSON.
  py::str execute(py::handle command_json);

  py::str view(py::handle actor, py::handle ticket_id);
  py::list history(py::handle actor, py::handle ticket_id);
  py::list available_commands(py::handle actor, py::handle ticket_id);

  // The events recorded, as JSON texts. `now` None uses the clock.
  py::list poll(py::handle now);
  py::object next_wakeup();

  py::list find_by_state(py::handle state);
  py::list find_by_unit(py::handle unit);
  py::list find_due_before(py::handle until);
  py::list open_tickets();
  std::size_t undelivered_notifications();

  // The report in `format`: "json", "text", "csv" or "html".
  py::str report(py::handle start, py::handle end, py::handle as_of, py::handle format, py::handle language);

  // Replays a command stream from a file; returns the counts as a dict.
  py::dict replay(py::handle path, bool strict, py::handle until, py::handle batch_lines, py::handle max_bad_lines);

  // Offers the outbox to `callback`; returns (delivered, failed).
  py::tuple deliver(py::handle callback, py::handle now);

  py::object now();
  void set_now(py::handle instant);
  bool manual_clock() const noexcept { return manual_clock_ != nullptr; }

  // The policy as the JSON text of policy.hpp.
  py::str policy_json();

  void close();
  bool closed() const { return guard_.closed(); }

 private:
  Instant instant_arg(py::handle value, const char* field) const;
  py::object datetime_result(Instant instant) const;
  // A report bound: a date is its 00:00 in the calendar's zone.
  Instant bound_arg(py::handle value, const char* field) const;
  Engine& engine();

  Calendar calendar_;
  UtcOffset zone_;
  py::object tzinfo_;
  py::object notifier_callback_;
  std::unique_ptr<ManualClock> manual_clock_;
  SystemClock system_clock_;
  PythonNotifier notifier_;
  std::unique_ptr<Engine> engine_;
  CallGuard guard_;
};

}  // namespace jishiban::python

#endif  // JISHIBAN_PYTHON_ENGINE_CORE_HPP
