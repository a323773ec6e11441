#include "notifier_bridge.hpp"

#include <stdexcept>
#include <string>

#include "conversions.hpp"
#include "jishiban/workflow/actor.hpp"

namespace jishiban::python {
namespace {

thread_local CallbackScope* innermost_scope = nullptr;

// Logs a callback's exception with its traceback on the "jishiban" logger,
// because the engine keeps the notification for a retry and does not raise.
void log_failed_callback(const Notification& notification, const py::error_already_set& error) {
  const bool chinese = current_language() == Language::zh_CN;
  const char* format = chinese ? "通知 %s 未送达：回调函数引发了 %r；它留在发件箱中等待重试"
                               : "notification %s was not delivered: the callback raised %r; it stays in the "
                                 "outbox for a retry";
  const py::object logger = py::module_::import("logging").attr("getLogger")("jishiban");
  logger.attr("warning")(format, text_to_python(notification.id), error.value(),
                         py::arg("exc_info") = py::make_tuple(error.type(), error.value(), error.trace()));
}

}  // namespace

CallbackScope::CallbackScope() noexcept : outer_(innermost_scope) { innermost_scope = this; }

CallbackScope::~CallbackScope() { innermost_scope = outer_; }

CallbackScope* CallbackScope::current() noexcept { return innermost_scope; }

void CallbackScope::keep_interrupt(const py::error_already_set& error) {
  if (interrupt_) {
    return;
  }
  interrupt_ = error.type();
  interrupt_value_ = error.value();
  interrupt_trace_ = error.trace();
}

void CallbackScope::rethrow_interrupt() {
  if (!interrupt_) {
    return;
  }
  PyErr_Restore(interrupt_.release().ptr(), interrupt_value_.release().ptr(), interrupt_trace_.release().ptr());
  throw py::error_already_set();
}

py::dict notification_dict(const Notification& notification, UtcOffset zone, py::handle tzinfo) {
  py::dict result;
  result["id"] = text_to_python(notification.id);
  result["kind"] = text_to_python(std::string(to_string(notification.kind)));
  result["ticket_id"] = text_to_python(notification.ticket_id);
  result["sequence"] = notification.sequence;
  result["at"] = datetime_from_instant(notification.at, zone, tzinfo);
  result["recipient_role"] = text_to_python(std::string(to_string(notification.recipient_role)));
  result["recipient_unit"] = text_to_python(notification.recipient_unit);
  result["message_en"] = text_to_python(notification.message_en);
  result["message_zh"] = text_to_python(notification.message_zh);
  return result;
}

void PythonNotifier::notify(const Notification& notification) {
  const py::gil_scoped_acquire acquire;
  CallbackScope* scope = CallbackScope::current();
  if (callback_.is_none()) {
    throw std::runtime_error("no notification callback is set");
  }
  if (scope != nullptr && scope->interrupted()) {
    throw std::runtime_error("an earlier callback of this call was interrupted");
  }

  try {
    const py::object accepted = callback_(notification_dict(notification, zone_, tzinfo_));
    if (accepted.ptr() == Py_False) {
      throw std::runtime_error("the notification callback returned False");
    }
  } catch (py::error_already_set& error) {
    if (error.matches(PyExc_Exception)) {
      try {
        log_failed_callback(notification, error);
      } catch (py::error_already_set& logging_error) {
        logging_error.discard_as_unraisable("jishiban: logging a failed notification callback");
      }
    } else if (scope != nullptr) {
      scope->keep_interrupt(error);
    } else {
      // No call of the bindings is running on this thread. The engine's
      // synchronous delivery never gets here, so report the exception as
      // Python reports those it cannot raise.
      error.discard_as_unraisable("jishiban notification callback");
    }
    throw std::runtime_error("the notification callback raised an exception");
  }
}

}  // namespace jishiban::python
