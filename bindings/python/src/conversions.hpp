// Conversions between Python values and the library's types.
//
// Every function raises jishiban::Error (translated to the Python exception
// classes of jishiban._errors) naming `field` when the value has the wrong
// type or lies outside the range the library accepts, so no bad value is
// silently wrapped, rounded or replaced.
//
// DATETIMES
//
// An aware datetime is converted with its own utcoffset(). A naive datetime
// is wall-clock time in the calendar's zone. Microseconds are dropped by
// rounding the instant toward the past, to the whole second at or before it,
// for instants before 1970 too. Results are aware datetimes whose tzinfo is
// the calendar's fixed-offset datetime.timezone. The conversions use integer
// arithmetic on the datetime fields and never read the host's time zone.
#ifndef JISHIBAN_PYTHON_CONVERSIONS_HPP
#define JISHIBAN_PYTHON_CONVERSIONS_HPP

#include <pybind11/pybind11.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "jishiban/error.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"

namespace jishiban::python {

namespace py = pybind11;

// Loads CPython's datetime C API. Called once from the module's init.
void import_datetime_api();

// Throws Error{code} with the two messages. A shorthand for the bindings.
[[noreturn]] void fail(ErrorCode code, const std::string& message_en, const std::string& message_zh);

// The Python type name of `value`, for messages.
std::string type_name(py::handle value);

// A datetime (aware or naive, see above) or an ISO 8601 string (parsed by
// parse_instant, with `zone` for text without an offset).
Instant instant_from_python(py::handle value, UtcOffset zone, const std::string& field);

// Whether `value` is a datetime.datetime (or a subclass).
bool is_datetime(py::handle value);

// Whether `value` is a datetime.date but not a datetime.datetime.
bool is_plain_date(py::handle value);

// An aware datetime at `zone` with `tzinfo`, the timezone object for
// `zone`. Throws Error{out_of_range} when the civil year leaves 1-9999,
// which Python's datetime cannot represent.
py::object datetime_from_instant(Instant instant, UtcOffset zone, py::handle tzinfo);

// A datetime.date (not a datetime) or a string YYYY-MM-DD. Throws
// Error{out_of_range} for years before 1400, which the library's dates do
// not hold.
Date date_from_python(py::handle value, const std::string& field);

py::object date_to_python(const Date& date);

// datetime.timezone for a fixed offset.
py::object timezone_for(UtcOffset zone);

// datetime.timedelta of whole seconds.
py::object timedelta_from_seconds(std::int64_t seconds);

// A datetime.timedelta of whole seconds. A fraction of a second is
// rejected with Error{invalid_argument}, because working time is exact to
// the second.
std::chrono::seconds seconds_from_timedelta(py::handle value, const std::string& field);

// Whether `value` is a numpy.bool_, which has __index__ but is not an integer.
bool is_numpy_bool(py::handle value);

// An int, or an object with __index__ such as numpy.int64, but not a bool
// or numpy.bool_.
// Throws Error{out_of_range} outside the signed 64-bit range.
std::int64_t int64_from_python(py::handle value, const std::string& field);

// The same, further limited to [minimum, maximum].
std::int64_t int64_in_range(py::handle value, const std::string& field, std::int64_t minimum, std::int64_t maximum);

// A str, or bytes containing UTF-8, as UTF-8 bytes. A str with lone surrogates
// (such as bytes decoded with errors="surrogateescape") and bytes that are
// not UTF-8 raise Error{invalid_data} naming the field.
std::string utf8_from_python(py::handle value, const std::string& field);

// A file system path (str, bytes or os.PathLike) as the bytes os.fsencode
// gives, so a path that is not valid UTF-8 still names its file.
std::string path_from_python(py::handle value, const std::string& field);

// A Python str from text the library wrote, which is always UTF-8.
py::str text_to_python(const std::string& text);

// "en" or "zh" (also "zh_CN", "zh-CN") to a Language; None gives
// `fallback`.
Language language_from_python(py::handle value, Language fallback, const std::string& field);

// The module-wide language that jishiban.set_language sets.
Language current_language();

}  // namespace jishiban::python

#endif  // JISHIBAN_PYTHON_CONVERSIONS_HPP
