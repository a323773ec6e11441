// Calling Python functions with the notifications of the engine.
//
// The engine calls its Notifier from whichever thread runs a command, a
// poll or deliver_pending, and the bindings release the GIL around those
// calls, so PythonNotifier takes the GIL for each notification.
#ifndef JISHIBAN_PYTHON_NOTIFIER_BRIDGE_HPP
#define JISHIBAN_PYTHON_NOTIFIER_BRIDGE_HPP

#include <pybind11/pybind11.h>

#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/notifier.hpp"

namespace jishiban::python {

namespace py = pybind11;

// The callbacks of one call into the engine on the current thread. A
// callback may raise a BaseException that is not an Exception, such as
// KeyboardInterrupt or SystemExit. Then the remaining callbacks of the call
// are skipped, and rethrow_interrupt() raises it once the engine has
// returned. Scopes nest when a callback calls the engine again. Construct
// and destroy with the GIL held.
class CallbackScope {
 public:
  CallbackScope() noexcept;
  ~CallbackScope();

  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

  // The innermost scope of this thread, or nullptr.
  static CallbackScope* current() noexcept;

  // Keeps the exception being handled (the GIL is held).
  void keep_interrupt(const py::error_already_set& error);
  bool interrupted() const noexcept { return static_cast<bool>(interrupt_); }

  // Throws the kept exception, if any, as py::error_already_set; needs the
  // GIL.
  void rethrow_interrupt();

 private:
  CallbackScope* outer_;
  py::object interrupt_;
  py::object interrupt_value_;
  py::object interrupt_trace_;
};

// Passes each notification to a Python callable as a dict (see
// notification_dict). The notification counts as delivered unless the
// callable raises or returns False; a raised Exception is logged as a
// warning on the "jishiban" logger. With no callable (None) every
// notification fails. An engine built with deliver_notifications = false
// never calls its notifier, so it uses one without a callable.
class PythonNotifier final : public Notifier {
 public:
  // `callback` and `tzinfo` are referenced, not copied: the caller keeps
  // them alive, and they are destroyed with the GIL held.
  PythonNotifier(py::handle callback, UtcOffset zone, py::handle tzinfo) noexcept
      : callback_(callback), zone_(zone), tzinfo_(tzinfo) {}

  void notify(const Notification& notification) override;

 private:
  py::handle callback_;
  UtcOffset zone_;
  py::handle tzinfo_;
};

// The notification as a dict: id, kind, ticket_id, sequence, at (an aware
// datetime at `zone`), recipient_role, recipient_unit, message_en and
// message_zh.
py::dict notification_dict(const Notification& notification, UtcOffset zone, py::handle tzinfo);

}  // namespace jishiban::python

#endif  // JISHIBAN_PYTHON_NOTIFIER_BRIDGE_HPP
