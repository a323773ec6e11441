// The classes and functions that the module jishiban._core registers, one
// function per source file.
#ifndef JISHIBAN_PYTHON_BINDINGS_HPP
#define JISHIBAN_PYTHON_BINDINGS_HPP

#include <pybind11/pybind11.h>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/civil_time.hpp"

namespace jishiban::python {

namespace py = pybind11;

// A Calendar with the datetime.timezone of its zone, built once so every
// result shares it. The Python class jishiban.Calendar derives from it.
struct CalendarHandle {
  Calendar calendar;
  UtcOffset zone;
  py::object tzinfo;

  explicit CalendarHandle(Calendar value);
};

// Maps jishiban::Error to the exception classes of jishiban._errors.
void register_error_translator();

// jishiban._core.Calendar, DayInfo and Deadline.
void register_calendar(py::module_& module);

// The private Calendar methods over int64 buffers and sequences that the
// batch methods of jishiban.Calendar call.
void register_batch(py::class_<CalendarHandle>& cls);

// jishiban._core.EngineCore, which jishiban.Engine wraps.
void register_engine(py::module_& module);

}  // namespace jishiban::python

#endif  // JISHIBAN_PYTHON_BINDINGS_HPP
