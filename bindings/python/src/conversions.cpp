// The datetime C API keeps its table in a static variable of each
// translation unit that includes datetime.h, so every use of it lives here.
#include "conversions.hpp"

#include <datetime.h>

#include <limits>
#include <string_view>

#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"

namespace jishiban::python {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kMicrosPerSecond = 1000000;

// Days since 1970-01-01 of a proleptic Gregorian date, exact for every year
// Python's datetime holds (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

// The inverse of days_from_civil.
CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, static_cast<int>(month), static_cast<int>(day)};
}

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  std::int64_t quotient = value / divisor;
  if (value % divisor != 0 && (value < 0) != (divisor < 0)) {
    quotient -= 1;
  }
  return quotient;
}

// Whole seconds of a timedelta, microseconds ignored. The result is exact
// because a timedelta is at most 999999999 days, below 8.7e13 seconds.
std::int64_t timedelta_seconds(PyObject* delta) {
  const std::int64_t days = PyDateTime_DELTA_GET_DAYS(delta);
  return days * kSecondsPerDay + PyDateTime_DELTA_GET_SECONDS(delta);
}

// The datetime's utcoffset() in microseconds, or false when it is naive.
bool utc_offset_micros(py::handle value, std::int64_t& micros) {
  if (PyDateTime_DATE_GET_TZINFO(value.ptr()) == Py_None) {
    return false;
  }
  PyObject* result = PyObject_CallMethod(value.ptr(), "utcoffset", nullptr);
  if (result == nullptr) {
    throw py::error_already_set();
  }
  const py::object offset = py::reinterpret_steal<py::object>(result);
  if (offset.is_none()) {
    return false;
  }

  if (!PyDelta_Check(offset.ptr())) {
    fail(ErrorCode::invalid_argument, "utcoffset() of a datetime returned " + type_name(offset) + ", not a timedelta",
         "datetime 的 utcoffset() 返回了 " + type_name(offset) + "，而不是 timedelta");
  }

  // datetime.utcoffset() keeps the offset strictly inside one day, but a
  // subclass may override it and return any timedelta, whose microseconds
  // would overflow int64 and give a wrong instant.
  const std::int64_t seconds = timedelta_seconds(offset.ptr());
  const std::int64_t offset_micros = PyDateTime_DELTA_GET_MICROSECONDS(offset.ptr());
  // The seconds are checked first, so the product cannot overflow.
  const bool within_day = seconds >= -kSecondsPerDay && seconds < kSecondsPerDay &&
                          seconds * kMicrosPerSecond + offset_micros > -kSecondsPerDay * kMicrosPerSecond;
  if (!within_day) {
    // Built from the fields, because a subclass's repr() may raise.
    const std::string text = "timedelta(days=" + std::to_string(PyDateTime_DELTA_GET_DAYS(offset.ptr())) +
                             ", seconds=" + std::to_string(PyDateTime_DELTA_GET_SECONDS(offset.ptr())) +
                             ", microseconds=" + std::to_string(offset_micros) + ")";
    fail(ErrorCode::invalid_argument,
         "utcoffset() of a datetime returned " + text + ", not strictly between -24 and 24 hours",
         "datetime 的 utcoffset() 返回了 " + text + "，不在 -24 小时与 24 小时之间");
  }

  micros = seconds * kMicrosPerSecond + offset_micros;
  return true;
}

Instant instant_from_datetime(py::handle value, UtcOffset zone) {
  PyObject* object = value.ptr();
  const std::int64_t days = days_from_civil(PyDateTime_GET_YEAR(object),
                                            static_cast<unsigned>(PyDateTime_GET_MONTH(object)),
                                            static_cast<unsigned>(PyDateTime_GET_DAY(object)));
  const std::int64_t second_of_day = std::int64_t{PyDateTime_DATE_GET_HOUR(object)} * 3600 +
                                     std::int64_t{PyDateTime_DATE_GET_MINUTE(object)} * 60 +
                                     PyDateTime_DATE_GET_SECOND(object);
  // |local| < 3.2e17 microseconds for years 1-9999, far inside int64.
  const std::int64_t local =
      (days * kSecondsPerDay + second_of_day) * kMicrosPerSecond + PyDateTime_DATE_GET_MICROSECOND(object);

  std::int64_t offset = zone.seconds().count() * kMicrosPerSecond;
  utc_offset_micros(value, offset);
  return Instant::from_unix_seconds(floor_div(local - offset, kMicrosPerSecond));
}

}  // namespace

void import_datetime_api() {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) {
    throw py::error_already_set();
  }
}

void fail(ErrorCode code, const std::string& message_en, const std::string& message_zh) {
  throw Error(code, message_en, message_zh);
}

std::string type_name(py::handle value) { return Py_TYPE(value.ptr())->tp_name; }

bool is_numpy_bool(py::handle value) {
  // numpy 1.x names the type numpy.bool_, numpy 2 numpy.bool.
  const std::string_view name = Py_TYPE(value.ptr())->tp_name;
  return name == "numpy.bool_" || name == "numpy.bool";
}

bool is_datetime(py::handle value) { return PyDateTime_Check(value.ptr()) != 0; }

bool is_plain_date(py::handle value) { return PyDate_Check(value.ptr()) != 0 && PyDateTime_Check(value.ptr()) == 0; }

Instant instant_from_python(py::handle value, UtcOffset zone, const std::string& field) {
  if (PyDateTime_Check(value.ptr())) {
    return instant_from_datetime(value, zone);
  }
  if (PyUnicode_Check(value.ptr())) {
    return parse_instant(utf8_from_python(value, field), zone);
  }
  if (PyDate_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument,
         field + " must be a datetime, not a date: give a time of day, for example "
             "datetime.combine(day, time(8, 30))",
         field + " 必须是 datetime 而不是 date：请给出时刻，例如 datetime.combine(day, time(8, 30))");
  }
  fail(ErrorCode::invalid_argument,
       field + " must be a datetime or an ISO 8601 string, not " + type_name(value),
       field + " 必须是 datetime 或 ISO 8601 字符串，而不是 " + type_name(value));
}

py::object datetime_from_instant(Instant instant, UtcOffset zone, py::handle tzinfo) {
  std::int64_t local = 0;
  if (__builtin_add_overflow(instant.unix_seconds(), zone.seconds().count(), &local)) {
    local = std::numeric_limits<std::int64_t>::max();
  }
  const std::int64_t days = floor_div(local, kSecondsPerDay);
  const std::int64_t second_of_day = local - days * kSecondsPerDay;
  // Years 1-9999 span fewer than 3.7 million days on either side of 1970.
  // The bound keeps civil_from_days inside its exact range.
  constexpr std::int64_t kDayBound = 4000000;
  const CivilDate date = days > -kDayBound && days < kDayBound ? civil_from_days(days) : CivilDate{0, 1, 1};
  if (date.year < 1 || date.year > 9999) {
    const std::string seconds = std::to_string(instant.unix_seconds());
    fail(ErrorCode::out_of_range,
         "the instant " + seconds + " s after the Unix epoch lies outside the years 1-9999 of Python's datetime",
         "时刻（Unix 纪元后 " + seconds + " 秒）超出 Python datetime 的 1-9999 年范围");
  }
  const auto hour = static_cast<int>(second_of_day / 3600);
  const auto minute = static_cast<int>(second_of_day / 60 % 60);
  const auto second = static_cast<int>(second_of_day % 60);
  PyObject* result = PyDateTimeAPI->DateTime_FromDateAndTime(static_cast<int>(date.year), date.month, date.day, hour,
                                                             minute, second, 0, tzinfo.ptr(),
                                                             PyDateTimeAPI->DateTimeType);
  if (result == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(result);
}

Date date_from_python(py::handle value, const std::string& field) {
  if (PyDateTime_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument,
         field + " must be a date, not a datetime: pass value.date() for the date it shows",
         field + " 必须是 date 而不是 datetime：请传入 value.date()，即它所显示的日期");
  }
  if (PyUnicode_Check(value.ptr())) {
    return parse_date(utf8_from_python(value, field));
  }
  if (!PyDate_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument,
         field + " must be a date or a string YYYY-MM-DD, not " + type_name(value),
         field + " 必须是 date 或 YYYY-MM-DD 字符串，而不是 " + type_name(value));
  }
  const int year = PyDateTime_GET_YEAR(value.ptr());
  if (year < 1400) {
    const std::string text = std::to_string(year);
    fail(ErrorCode::out_of_range, field + " lies in the year " + text + ", before 1400",
         field + " 位于 " + text + " 年，早于 1400 年");
  }
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(PyDateTime_GET_MONTH(value.ptr())),
              static_cast<unsigned short>(PyDateTime_GET_DAY(value.ptr())));
}

py::object date_to_python(const Date& date) {
  const auto ymd = date.year_month_day();
  PyObject* result = PyDate_FromDate(ymd.year, ymd.month, ymd.day);
  if (result == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(result);
}

py::object timezone_for(UtcOffset zone) {
  const py::object delta = timedelta_from_seconds(zone.seconds().count());
  PyObject* result = PyTimeZone_FromOffset(delta.ptr());
  if (result == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(result);
}

py::object timedelta_from_seconds(std::int64_t seconds) {
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  // A timedelta stores at most 999999999 days.
  if (days > 999999999 || days < -999999999) {
    const std::string text = std::to_string(seconds);
    fail(ErrorCode::out_of_range, text + " seconds do not fit in a datetime.timedelta",
         text + " 秒超出 datetime.timedelta 的范围");
  }
  PyObject* result = PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(seconds - days * kSecondsPerDay), 0);
  if (result == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(result);
}

std::chrono::seconds seconds_from_timedelta(py::handle value, const std::string& field) {
  if (!PyDelta_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument, field + " must be a datetime.timedelta, not " + type_name(value),
         field + " 必须是 datetime.timedelta，而不是 " + type_name(value));
  }
  if (PyDateTime_DELTA_GET_MICROSECONDS(value.ptr()) != 0) {
    fail(ErrorCode::invalid_argument,
         field + " has a fraction of a second; working time is counted in whole seconds",
         field + " 含有不足一秒的部分；工作时间以整秒计算");
  }
  return std::chrono::seconds(timedelta_seconds(value.ptr()));
}

std::int64_t int64_from_python(py::handle value, const std::string& field) {
  if (PyBool_Check(value.ptr()) || is_numpy_bool(value) || PyFloat_Check(value.ptr()) ||
      !PyIndex_Check(value.ptr())) {
    fail(ErrorCode::invalid_argument, field + " must be an int, not " + type_name(value),
         field + " 必须是 int，而不是 " + type_name(value));
  }
  const py::object number = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
  if (!number) {
    throw py::error_already_set();
  }
  int overflow = 0;
  const long long result = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
  if (result == -1 && PyErr_Occurred() != nullptr) {
    throw py::error_already_set();
  }
  if (overflow != 0) {
    std::string text = "(more than 4300 digits)";
    try {
      text = quote_for_message(py::str(number).cast<std::string>(), 60);
    } catch (const py::error_already_set&) {
      // str() rejects ints past sys.get_int_max_str_digits(), so the placeholder stays.
    }
    fail(ErrorCode::out_of_range,
         field + " " + text + " lies outside the signed 64-bit range -2**63 to 2**63-1",
         field + " " + text + " 超出有符号 64 位整数范围（-2**63 至 2**63-1）");
  }
  return static_cast<std::int64_t>(result);
}

std::int64_t int64_in_range(py::handle value, const std::string& field, std::int64_t minimum,
                            std::int64_t maximum) {
  const std::int64_t result = int64_from_python(value, field);
  if (result < minimum || result > maximum) {
    const std::string text = std::to_string(result);
    const std::string low = std::to_string(minimum);
    const std::string high = std::to_string(maximum);
    fail(ErrorCode::out_of_range, field + " " + text + " lies outside " + low + " to " + high,
         field + " " + text + " 超出范围 " + low + " 至 " + high);
  }
  return result;
}

std::string utf8_from_python(py::handle value, const std::string& field) {
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (data == nullptr) {
      // Only lone surrogates make a str unencodable as UTF-8.
      PyErr_Clear();
      fail(ErrorCode::invalid_data,
           field + " is not valid Unicode text: it contains a lone surrogate, such as a byte "
               "that is not UTF-8 decoded with errors=\"surrogateescape\"; decode the bytes with their real "
               "encoding first",
           field + " 不是有效的 Unicode 文本：含有孤立代理项，例如以 errors=\"surrogateescape\" 解码的非 UTF-8 "
               "字节；请先用原来的编码解码");
    }
    return std::string(data, static_cast<std::size_t>(size));
  }
  if (PyBytes_Check(value.ptr())) {
    std::string text(PyBytes_AS_STRING(value.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(value.ptr())));
    if (!is_valid_utf8(text)) {
      fail(ErrorCode::invalid_data,
           field + " is bytes that are not valid UTF-8, such as GBK text; decode them with their "
               "encoding and pass a str",
           field + " 是无效 UTF-8 的字节串（例如 GBK 文本）；请按其编码解码后传入 str");
    }
    return text;
  }
  fail(ErrorCode::invalid_argument, field + " must be a str, not " + type_name(value),
       field + " 必须是 str，而不是 " + type_name(value));
}

std::string path_from_python(py::handle value, const std::string& field) {
  if (!PyUnicode_Check(value.ptr()) && !PyBytes_Check(value.ptr()) &&
      !py::hasattr(value, "__fspath__")) {
    fail(ErrorCode::invalid_argument,
         field + " must be a path (str, bytes or os.PathLike), not " + type_name(value),
         field + " 必须是路径（str、bytes 或 os.PathLike），而不是 " + type_name(value));
  }
  const py::bytes encoded = py::module_::import("os").attr("fsencode")(value);
  std::string path = encoded;
  if (path.find('\0') != std::string::npos) {
    fail(ErrorCode::invalid_argument, field + " contains a NUL character",
         field + " 含有 NUL 字符");
  }
  return path;
}

py::str text_to_python(const std::string& text) {
  PyObject* result = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (result == nullptr) {
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::str>(result);
}

Language language_from_python(py::handle value, Language fallback, const std::string& field) {
  if (value.is_none()) {
    return fallback;
  }
  if (PyUnicode_Check(value.ptr())) {
    const std::string text = utf8_from_python(value, field);
    if (text == "en") {
      return Language::en;
    }
    if (text == "zh" || text == "zh_CN" || text == "zh-CN") {
      return Language::zh_CN;
    }
  }
  const std::string quoted = PyUnicode_Check(value.ptr()) ? quote_for_message(py::str(value).cast<std::string>(), 40)
                                                          : type_name(value);
  fail(ErrorCode::invalid_argument, field + " must be \"en\" or \"zh\", not " + quoted,
       field + " 必须是 \"en\" 或 \"zh\"，而不是 " + quoted);
}

Language current_language() {
  const py::object language = py::module_::import("jishiban._language").attr("get_language")();
  return language.cast<std::string>() == "zh" ? Language::zh_CN : Language::en;
}

}  // namespace jishiban::python
