// jishiban._core.Calendar: the single-value methods of jishiban::Calendar
// with Python dates, datetimes and timedeltas. The batch methods are in
// batch_binding.cpp, and jishiban/_calendar.py adds the numpy front end.
#include <pybind11/stl.h>

#include <climits>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "conversions.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::python {
namespace {

// One date as the calendar describes it: DayInfo of calendar.hpp with
// Python values, and None for a missing name.
struct PyDayInfo {
  py::object date;
  std::string kind;
  bool working = false;
  bool provisional = false;
  py::object name_en;
  py::object name_zh;
};

// When a target falls due, with Python values (Deadline of deadline.hpp).
struct PyDeadline {
  py::object start;
  py::object due;
  std::int64_t amount = 0;
  std::string unit;
  std::string convention;
  bool provisional = false;
};

CoveragePolicy coverage_from_python(py::handle value) {
  const std::string text = utf8_from_python(value, "coverage");
  if (text == "strict") {
    return CoveragePolicy::strict;
  }
  if (text == "provisional") {
    return CoveragePolicy::provisional;
  }
  const std::string quoted = quote_for_message(text, 40);
  fail(ErrorCode::invalid_argument, "coverage must be \"strict\" or \"provisional\", not " + quoted,
       "coverage 必须是 \"strict\" 或 \"provisional\"，而不是 " + quoted);
}

DayConvention convention_from_python(py::handle value) {
  const std::string text = utf8_from_python(value, "convention");
  if (const std::optional<DayConvention> convention = parse_day_convention(text)) {
    return *convention;
  }
  const std::string quoted = quote_for_message(text, 40);
  fail(ErrorCode::invalid_argument, "convention must be \"legal_period\" or \"working_time\", not " + quoted,
       "convention 必须是 \"legal_period\" 或 \"working_time\"，而不是 " + quoted);
}

// The paths of `extra_files`: one path, or an iterable of paths.
std::vector<std::string> calendar_paths(py::handle extra_files) {
  std::vector<std::string> paths;
  if (extra_files.is_none()) {
    return paths;
  }
  if (PyUnicode_Check(extra_files.ptr()) || PyBytes_Check(extra_files.ptr()) ||
      py::hasattr(extra_files, "__fspath__")) {
    paths.push_back(path_from_python(extra_files, "extra_files"));
    return paths;
  }
  if (!py::isinstance<py::iterable>(extra_files)) {
    fail(ErrorCode::invalid_argument,
         "extra_files must be a path or an iterable of paths, not " + type_name(extra_files),
         "extra_files 必须是路径或路径的可迭代对象，而不是 " + type_name(extra_files));
  }
  std::size_t index = 0;
  for (const py::handle item : extra_files) {
    paths.push_back(path_from_python(item, "extra_files[" + std::to_string(index) + "]"));
    ++index;
  }
  return paths;
}

std::unique_ptr<CalendarHandle> make_calendar(py::handle extra_files, py::handle coverage,
                                              py::handle provisional_years) {
  CalendarOptions options;
  options.coverage = coverage_from_python(coverage);
  options.provisional_years = static_cast<int>(int64_in_range(provisional_years, "provisional_years", 0, 50));
  const std::vector<std::string> paths = calendar_paths(extra_files);
  if (paths.empty()) {
    return std::make_unique<CalendarHandle>(Calendar(options));
  }
  CalendarData data = official_calendar_data();
  for (const std::string& path : paths) {
    data.merge(load_calendar_data(path));
  }
  return std::make_unique<CalendarHandle>(Calendar(data, options));
}

py::object optional_name(std::string_view name) {
  if (name.empty()) {
    return py::none();
  }
  return text_to_python(std::string(name));
}

// Whether `value` is text of the form YYYY-MM-DD, which add_working_days
// reads as a date.
bool is_date_text(py::handle value) {
  if (!PyUnicode_Check(value.ptr()) || PyUnicode_GetLength(value.ptr()) != 10) {
    return false;
  }
  const std::string text = utf8_from_python(value, "start");
  return text.size() == 10 && text[4] == '-' && text[7] == '-';
}

Instant instant_arg(const CalendarHandle& self, py::handle value, const char* field) {
  return instant_from_python(value, self.zone, field);
}

py::object datetime_result(const CalendarHandle& self, Instant instant) {
  return datetime_from_instant(instant, self.zone, self.tzinfo);
}

std::int64_t minutes_to_seconds(py::handle minutes) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 60;
  return int64_in_range(minutes, "minutes", -kLimit, kLimit) * 60;
}

int day_count(py::handle days) {
  return static_cast<int>(int64_in_range(days, "days", INT_MIN, INT_MAX));
}

PyDeadline deadline_result(const CalendarHandle& self, const Deadline& deadline) {
  PyDeadline result;
  result.start = datetime_result(self, deadline.start);
  result.due = datetime_result(self, deadline.due);
  result.amount = deadline.target.amount;
  result.unit = deadline.target.unit == TargetUnit::working_days ? "working_days" : "working_minutes";
  result.convention = std::string(to_string(deadline.target.convention));
  result.provisional = deadline.provisional;
  return result;
}

PyDeadline compute_deadline(const CalendarHandle& self, py::handle start, py::handle minutes, py::handle days,
                            py::handle convention) {
  const Instant instant = instant_arg(self, start, "start");
  if (minutes.is_none() == days.is_none()) {
    fail(ErrorCode::invalid_argument, "deadline() needs exactly one of minutes= and days=",
         "deadline() 需要且只需要 minutes= 与 days= 之一");
  }
  if (!minutes.is_none()) {
    if (!convention.is_none()) {
      fail(ErrorCode::invalid_argument, "convention= applies to days= only, not to minutes=",
           "convention= 只用于 days=，不用于 minutes=");
    }
    return deadline_result(self, self.calendar.deadline(
                                     instant, TargetSpec::working_minutes(int64_from_python(minutes, "minutes"))));
  }
  const DayConvention rule = convention.is_none() ? DayConvention::legal_period : convention_from_python(convention);
  return deadline_result(self,
                         self.calendar.deadline(instant, TargetSpec::working_days(int64_from_python(days, "days"), rule)));
}

py::object add_working_days(const CalendarHandle& self, py::handle start, py::handle days, py::handle convention) {
  const int count = day_count(days);
  if (is_plain_date(start) || is_date_text(start)) {
    if (!convention.is_none()) {
      fail(ErrorCode::invalid_argument,
           "convention= applies to a datetime start only; a date moves by whole working days",
           "convention= 只适用于 datetime 起点；date 按整工作日移动");
    }
    return date_to_python(self.calendar.add_working_days(date_from_python(start, "start"), count).value);
  }
  const DayConvention rule = convention.is_none() ? DayConvention::legal_period : convention_from_python(convention);
  return datetime_result(self, self.calendar.add_working_days(instant_arg(self, start, "start"), count, rule).value);
}

py::list working_periods(const CalendarHandle& self, py::handle day) {
  const Date date = date_from_python(day, "day");
  const CalendarResult<DaySchedule> schedule = self.calendar.working_periods(date);
  py::list periods;
  for (const WorkingPeriod& period : schedule.value) {
    const py::object start = datetime_result(self, to_instant(date, period.start, self.zone));
    const py::object end = datetime_result(self, to_instant(date, period.end, self.zone));
    periods.append(py::make_tuple(start, end));
  }
  return periods;
}

std::string calendar_repr(const CalendarHandle& self) {
  return "jishiban.Calendar(coverage='" + std::string(to_string(self.calendar.coverage())) + "', first_date=" +
         format_date(self.calendar.first_date()) + ", last_date=" + format_date(self.calendar.last_date()) +
         ", utc_offset=" + format_utc_offset(self.zone) + ")";
}

std::string repr_text(py::handle value) { return py::repr(value).cast<std::string>(); }

std::string day_info_repr(const PyDayInfo& info) {
  return "DayInfo(date=" + repr_text(info.date) + ", kind='" + info.kind + "', working=" +
         (info.working ? "True" : "False") + ", provisional=" + (info.provisional ? "True" : "False") +
         ", name_en=" + repr_text(info.name_en) + ", name_zh=" + repr_text(info.name_zh) + ")";
}

std::string deadline_repr(const PyDeadline& deadline) {
  return "Deadline(start=" + repr_text(deadline.start) + ", due=" + repr_text(deadline.due) +
         ", amount=" + std::to_string(deadline.amount) + ", unit='" + deadline.unit + "', convention='" +
         deadline.convention + "', provisional=" + (deadline.provisional ? "True" : "False") + ")";
}

py::tuple day_info_key(const PyDayInfo& info) {
  return py::make_tuple(info.date, info.kind, info.working, info.provisional, info.name_en, info.name_zh);
}

py::tuple deadline_key(const PyDeadline& deadline) {
  return py::make_tuple(deadline.start, deadline.due, deadline.amount, deadline.unit, deadline.convention,
                        deadline.provisional);
}

void register_day_info(py::module_& module) {
  py::class_<PyDayInfo>(module, "DayInfo", "A date as the calendar describes it.")
      .def_readonly("date", &PyDayInfo::date, "The date described.")
      .def_readonly("kind", &PyDayInfo::kind,
                    "\"working_day\", \"rest_day\", \"holiday\" or \"make_up_working_day\".")
      .def_readonly("working", &PyDayInfo::working, "Whether the date is a working day.")
      .def_readonly("provisional", &PyDayInfo::provisional,
                    "Whether the date's year has no official data, so the weekly pattern was used.")
      .def_readonly("name_en", &PyDayInfo::name_en, "English name of the holiday or make-up day, or None.")
      .def_readonly("name_zh", &PyDayInfo::name_zh, "Chinese name of the holiday or make-up day, or None.")
      .def("__repr__", &day_info_repr)
      .def("__eq__",
           [](const PyDayInfo& self, py::handle other) -> py::object {
             if (!py::isinstance<PyDayInfo>(other)) {
               return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             }
             return py::bool_(day_info_key(self).equal(day_info_key(other.cast<const PyDayInfo&>())));
           },
           py::arg("other"))
      .def("__hash__", [](const PyDayInfo& self) { return py::hash(day_info_key(self)); });
}

void register_deadline(py::module_& module) {
  py::class_<PyDeadline>(module, "Deadline", "When a target of working minutes or working days falls due.")
      .def_readonly("start", &PyDeadline::start, "The start, an aware datetime in the calendar's zone.")
      .def_readonly("due", &PyDeadline::due, "The instant the target falls due, in the calendar's zone.")
      .def_readonly("amount", &PyDeadline::amount, "The number of working minutes or working days.")
      .def_readonly("unit", &PyDeadline::unit, "\"working_minutes\" or \"working_days\".")
      .def_readonly("convention", &PyDeadline::convention,
                    "\"legal_period\" or \"working_time\"; used only for working days.")
      .def_readonly("provisional", &PyDeadline::provisional,
                    "Whether the computation used a year without official data.")
      .def("__repr__", &deadline_repr)
      .def("__eq__",
           [](const PyDeadline& self, py::handle other) -> py::object {
             if (!py::isinstance<PyDeadline>(other)) {
               return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             }
             return py::bool_(deadline_key(self).equal(deadline_key(other.cast<const PyDeadline&>())));
           },
           py::arg("other"))
      .def("__hash__", [](const PyDeadline& self) { return py::hash(deadline_key(self)); });
}

void register_queries(py::class_<CalendarHandle>& cls) {
  cls.def(
         "day_info",
         [](const CalendarHandle& self, py::handle day) {
           const DayInfo info = self.calendar.day_info(date_from_python(day, "day"));
           return PyDayInfo{date_to_python(info.date), std::string(to_string(info.kind)), info.working,
                            info.provisional, optional_name(info.name_en), optional_name(info.name_zh)};
         },
         py::arg("day"),
         "Describe a date: its kind, whether it is a working day, and the holiday's name.\n\n"
         "Never raises CalendarNotCoveredError: a year without official data is described on the weekly\n"
         "pattern with provisional=True. Raises OutOfRangeError outside the calendar's tables.")
      .def(
          "is_working_day",
          [](const CalendarHandle& self, py::handle day) {
            return self.calendar.is_working_day(date_from_python(day, "day"));
          },
          py::arg("day"),
          "Return whether a date is a working day. Raises CalendarNotCoveredError for a year without\n"
          "official data under strict coverage.")
      .def("working_periods", &working_periods, py::arg("day"),
           "Return the working periods of a date as (start, end) pairs of aware datetimes; empty on a day off.")
      .def(
          "next_working_instant",
          [](const CalendarHandle& self, py::handle instant) {
            return datetime_result(self, self.calendar.next_working_instant(instant_arg(self, instant, "instant")).value);
          },
          py::arg("instant"), "Return the instant itself if it lies in working time, else the start of the next period.")
      .def(
          "_format_instant",
          [](const CalendarHandle& self, py::handle instant) {
            return format_instant(instant_arg(self, instant, "instant"), self.zone);
          },
          py::arg("instant"), "Return the instant as RFC 3339 text in the calendar's zone.")
      .def(
          "covers_year",
          [](const CalendarHandle& self, py::handle year) {
            return self.calendar.covers_year(static_cast<int>(int64_in_range(year, "year", INT_MIN, INT_MAX)));
          },
          py::arg("year"), "Return whether official holiday data for the year is loaded.");
}

void register_arithmetic(py::class_<CalendarHandle>& cls) {
  cls.def(
         "add_working_minutes",
         [](const CalendarHandle& self, py::handle start, py::handle minutes) {
           const Instant instant = instant_arg(self, start, "start");
           const std::chrono::seconds amount(minutes_to_seconds(minutes));
           return datetime_result(self, self.calendar.add_working_time(instant, amount).value);
         },
         py::arg("start"), py::arg("minutes"),
         "Add working minutes (negative to go back) and return the aware datetime reached.\n\n"
         "A target that ends at a period's close ends there (12:00, not 13:00).")
      .def(
          "add_working_time",
          [](const CalendarHandle& self, py::handle start, py::handle amount) {
            const Instant instant = instant_arg(self, start, "start");
            return datetime_result(self,
                                   self.calendar.add_working_time(instant, seconds_from_timedelta(amount, "amount")).value);
          },
          py::arg("start"), py::arg("amount"),
          "Add working time given as a timedelta of whole seconds; see add_working_minutes.")
      .def(
          "elapsed_working_time",
          [](const CalendarHandle& self, py::handle begin, py::handle end) {
            const Instant from = instant_arg(self, begin, "begin");
            const Instant to = instant_arg(self, end, "end");
            return timedelta_from_seconds(self.calendar.elapsed_working_time(from, to).value.count());
          },
          py::arg("begin"), py::arg("end"),
          "Return the working time in [begin, end) as a timedelta, negative when end < begin.")
      .def(
          "working_minutes_between",
          [](const CalendarHandle& self, py::handle begin, py::handle end) {
            const Instant from = instant_arg(self, begin, "begin");
            const Instant to = instant_arg(self, end, "end");
            return self.calendar.elapsed_working_time(from, to).value.count() / 60;
          },
          py::arg("begin"), py::arg("end"),
          "Return the whole working minutes in [begin, end), rounded toward zero, negative when end < begin.")
      .def("add_working_days", &add_working_days, py::arg("start"), py::arg("days"), py::arg("convention") = py::none(),
           "Move by working days.\n\n"
           "With a date (or a string YYYY-MM-DD), return the date that is the nth working day after it\n"
           "(before it for n < 0; the date itself for 0). With a datetime, return the aware datetime of a\n"
           "target of n working days under the convention: \"legal_period\" (the default: the close of\n"
           "working hours on the nth working day after the start's date; n >= 1) or \"working_time\" (n\n"
           "times the standard day length added as working time).")
      .def(
          "working_days_between",
          [](const CalendarHandle& self, py::handle begin, py::handle end) {
            return self.calendar
                .working_days_between(date_from_python(begin, "begin"), date_from_python(end, "end"))
                .value;
          },
          py::arg("begin"), py::arg("end"),
          "Return the working days in [begin, end), or minus those in (end, begin] when end < begin.")
      .def("deadline", &compute_deadline, py::arg("start"), py::kw_only(), py::arg("minutes") = py::none(),
           py::arg("days") = py::none(), py::arg("convention") = py::none(),
           "Return the Deadline of a target of minutes= working minutes or days= working days from start.");
}

}  // namespace

CalendarHandle::CalendarHandle(Calendar value)
    : calendar(std::move(value)), zone(calendar.utc_offset()), tzinfo(timezone_for(zone)) {}

void register_calendar(py::module_& module) {
  register_day_info(module);
  register_deadline(module);

  py::class_<CalendarHandle> cls(module, "Calendar", "The native working-time calendar; see jishiban.Calendar.");
  cls.def(py::init(&make_calendar), py::arg("extra_files") = py::tuple(), py::arg("coverage") = "strict",
          py::arg("provisional_years") = 4,
          "Build the calendar: the built-in official data, with each extra calendar JSON file merged on\n"
          "top in order, under the coverage policy \"strict\" or \"provisional\".")
      .def_property_readonly(
          "utc_offset", [](const CalendarHandle& self) { return timedelta_from_seconds(self.zone.seconds().count()); },
          "The calendar's zone as a timedelta east of UTC.")
      .def_readonly("tzinfo", &CalendarHandle::tzinfo, "The calendar's zone as a datetime.timezone.")
      .def_property_readonly(
          "first_date", [](const CalendarHandle& self) { return date_to_python(self.calendar.first_date()); },
          "The first date of the calendar's tables.")
      .def_property_readonly(
          "last_date", [](const CalendarHandle& self) { return date_to_python(self.calendar.last_date()); },
          "The last date of the calendar's tables.")
      .def_property_readonly(
          "coverage", [](const CalendarHandle& self) { return std::string(to_string(self.calendar.coverage())); },
          "\"strict\" or \"provisional\".")
      .def_property_readonly(
          "standard_day_length",
          [](const CalendarHandle& self) {
            return timedelta_from_seconds(self.calendar.working_hours().standard_day_length().count());
          },
          "The length of one working day under the working_time convention (7.5 hours by default).")
      .def("__repr__", &calendar_repr);
  register_queries(cls);
  register_arithmetic(cls);
  register_batch(cls);
}

}  // namespace jishiban::python
