// The batch methods of the calendar over int64 buffers (numpy arrays of
// epoch seconds or of datetime64 values, viewed as int64) and over Python
// sequences of datetimes. Both run the library's batch overloads with the
// GIL released.
//
// The buffer methods take no numpy types, only the buffer protocol, so the
// module imports without numpy; jishiban/_calendar.py prepares the arrays.
#include <pybind11/stl.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "conversions.hpp"

namespace jishiban::python {
namespace {

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();

// The mapping from the int64 values of a buffer to instants. Each value
// counts `numerator / denominator` seconds. Wall-clock values are civil
// times in the calendar's zone (as datetime64 values are here), not Unix
// time.
struct Encoding {
  std::int64_t numerator = 1;
  std::int64_t denominator = 1;
  bool wall_clock = false;
  bool nat_is_missing = false;
};

[[noreturn]] void fail_at(ErrorCode code, const std::string& field, std::size_t index, const std::string& reason_en,
                          const std::string& reason_zh) {
  const std::string place = field + "[" + std::to_string(index) + "]";
  fail(code, place + " " + reason_en, place + " " + reason_zh);
}

// A one-dimensional, contiguous int64 buffer. The Python side passes
// numpy.ascontiguousarray(...).reshape(-1), so anything else is a misuse.
py::buffer_info int64_buffer(py::buffer buffer, bool writable, const std::string& field) {
  py::buffer_info info = buffer.request(writable);
  const bool int64 = py::detail::compare_buffer_info<std::int64_t>::compare(info);
  if (!int64 || info.ndim != 1 || (info.shape[0] > 1 && info.strides[0] != 8)) {
    fail(ErrorCode::invalid_argument, field + " must be a contiguous one-dimensional int64 buffer",
         field + " 必须是连续的一维 int64 缓冲区");
  }
  return info;
}

Instant decode(std::int64_t value, const Encoding& encoding, UtcOffset zone, const std::string& field,
               std::size_t index) {
  if (encoding.nat_is_missing && value == kNaT) {
    fail_at(ErrorCode::invalid_argument, field, index, "is NaT (not a time); drop or fill the missing values first",
            "是 NaT（非时间值）；请先删除或填补缺失值");
  }
  // The common units (seconds, and numpy's default nanoseconds) skip the
  // multiplication or the division.
  std::int64_t scaled = value;
  if (encoding.numerator != 1 && __builtin_mul_overflow(value, encoding.numerator, &scaled)) {
    fail_at(ErrorCode::out_of_range, field, index, "lies outside the range of 64-bit seconds",
            "超出 64 位秒数的范围");
  }
  // Floor division: a value before 1970 with a fraction of a second goes
  // to the second before it, as the datetime conversion does.
  std::int64_t seconds = scaled;
  if (encoding.denominator != 1) {
    seconds = scaled / encoding.denominator;
    if (scaled % encoding.denominator != 0 && scaled < 0) {
      seconds -= 1;
    }
  }
  if (encoding.wall_clock && __builtin_sub_overflow(seconds, zone.seconds().count(), &seconds)) {
    fail_at(ErrorCode::out_of_range, field, index, "lies outside the range of 64-bit seconds",
            "超出 64 位秒数的范围");
  }
  return Instant::from_unix_seconds(seconds);
}

std::int64_t encode(Instant instant, const Encoding& encoding, UtcOffset zone, std::size_t index) {
  std::int64_t seconds = instant.unix_seconds();
  if (encoding.wall_clock && __builtin_add_overflow(seconds, zone.seconds().count(), &seconds)) {
    fail_at(ErrorCode::out_of_range, "result", index, "lies outside the range of 64-bit seconds",
            "超出 64 位秒数的范围");
  }
  return seconds;
}

Encoding encoding_from(py::handle numerator, py::handle denominator, bool wall_clock, bool nat_is_missing) {
  Encoding encoding;
  encoding.numerator = int64_in_range(numerator, "numerator", 1, std::numeric_limits<std::int64_t>::max());
  encoding.denominator = int64_in_range(denominator, "denominator", 1, std::numeric_limits<std::int64_t>::max());
  encoding.wall_clock = wall_clock;
  encoding.nat_is_missing = nat_is_missing;
  return encoding;
}

void add_seconds_buffer(const CalendarHandle& self, py::buffer values, py::handle amount_seconds, py::buffer out,
                        py::handle numerator, py::handle denominator, bool wall_clock, bool nat_is_missing) {
  const std::chrono::seconds amount(int64_from_python(amount_seconds, "amount"));
  const Encoding encoding = encoding_from(numerator, denominator, wall_clock, nat_is_missing);
  const py::buffer_info input = int64_buffer(values, false, "values");
  const py::buffer_info output = int64_buffer(out, true, "out");
  if (input.shape[0] != output.shape[0]) {
    fail(ErrorCode::invalid_argument, "out must have as many elements as values", "out 的元素个数必须与 values 相同");
  }

  const auto count = static_cast<std::size_t>(input.shape[0]);
  const auto* source = static_cast<const std::int64_t*>(input.ptr);
  auto* target = static_cast<std::int64_t*>(output.ptr);
  const py::gil_scoped_release release;
  std::vector<Instant> instants(count);
  for (std::size_t i = 0; i < count; ++i) {
    instants[i] = decode(source[i], encoding, self.zone, "values", i);
  }
  self.calendar.add_working_time(instants.data(), count, amount, instants.data());
  for (std::size_t i = 0; i < count; ++i) {
    target[i] = encode(instants[i], encoding, self.zone, i);
  }
}

void elapsed_buffer(const CalendarHandle& self, py::buffer begins, py::buffer ends, py::buffer out) {
  const py::buffer_info first = int64_buffer(begins, false, "begins");
  const py::buffer_info last = int64_buffer(ends, false, "ends");
  const py::buffer_info output = int64_buffer(out, true, "out");
  if (first.shape[0] != last.shape[0] || first.shape[0] != output.shape[0]) {
    fail(ErrorCode::invalid_argument, "begins, ends and out must have the same number of elements",
         "begins、ends 与 out 的元素个数必须相同");
  }

  const auto count = static_cast<std::size_t>(first.shape[0]);
  const auto* from_values = static_cast<const std::int64_t*>(first.ptr);
  const auto* to_values = static_cast<const std::int64_t*>(last.ptr);
  auto* target = static_cast<std::int64_t*>(output.ptr);
  const py::gil_scoped_release release;
  std::vector<Instant> from(count);
  std::vector<Instant> to(count);
  for (std::size_t i = 0; i < count; ++i) {
    from[i] = Instant::from_unix_seconds(from_values[i]);
    to[i] = Instant::from_unix_seconds(to_values[i]);
  }
  std::vector<std::chrono::seconds> elapsed(count);
  self.calendar.elapsed_working_time(from.data(), to.data(), count, elapsed.data());
  for (std::size_t i = 0; i < count; ++i) {
    target[i] = elapsed[i].count();
  }
}

void decode_buffer(const CalendarHandle& self, py::buffer values, py::buffer out, py::handle numerator,
                   py::handle denominator, bool wall_clock, bool nat_is_missing, const std::string& field) {
  const Encoding encoding = encoding_from(numerator, denominator, wall_clock, nat_is_missing);
  const py::buffer_info input = int64_buffer(values, false, field);
  const py::buffer_info output = int64_buffer(out, true, "out");
  if (input.shape[0] != output.shape[0]) {
    fail(ErrorCode::invalid_argument, "out must have as many elements as " + field,
         "out 的元素个数必须与 " + field + " 相同");
  }

  const auto count = static_cast<std::size_t>(input.shape[0]);
  const auto* source = static_cast<const std::int64_t*>(input.ptr);
  auto* target = static_cast<std::int64_t*>(output.ptr);
  const py::gil_scoped_release release;
  for (std::size_t i = 0; i < count; ++i) {
    target[i] = decode(source[i], encoding, self.zone, field, i).unix_seconds();
  }
}

std::vector<Instant> instants_from_iterable(const CalendarHandle& self, py::handle values, const std::string& field) {
  if (!py::isinstance<py::iterable>(values) || PyUnicode_Check(values.ptr()) || PyBytes_Check(values.ptr())) {
    fail(ErrorCode::invalid_argument,
         field + " must be a numpy array or a sequence of datetimes, not " + type_name(values),
         field + " 必须是 numpy 数组或 datetime 序列，而不是 " + type_name(values));
  }
  std::vector<Instant> instants;
  if (const Py_ssize_t hint = PyObject_LengthHint(values.ptr(), 0); hint > 0) {
    instants.reserve(static_cast<std::size_t>(hint));
  } else if (hint < 0) {
    throw py::error_already_set();
  }
  for (const py::handle value : values) {
    instants.push_back(instant_from_python(value, self.zone, field + "[" + std::to_string(instants.size()) + "]"));
  }
  return instants;
}

py::list add_seconds_list(const CalendarHandle& self, py::handle values, py::handle amount_seconds) {
  const std::chrono::seconds amount(int64_from_python(amount_seconds, "amount"));
  std::vector<Instant> instants = instants_from_iterable(self, values, "values");
  {
    const py::gil_scoped_release release;
    self.calendar.add_working_time(instants.data(), instants.size(), amount, instants.data());
  }
  py::list result(instants.size());
  for (std::size_t i = 0; i < instants.size(); ++i) {
    result[i] = datetime_from_instant(instants[i], self.zone, self.tzinfo);
  }
  return result;
}

py::list elapsed_list(const CalendarHandle& self, py::handle begins, py::handle ends) {
  const std::vector<Instant> from = instants_from_iterable(self, begins, "begins");
  const std::vector<Instant> to = instants_from_iterable(self, ends, "ends");
  if (from.size() != to.size()) {
    const std::string sizes = std::to_string(from.size()) + " and " + std::to_string(to.size());
    const std::string sizes_zh = std::to_string(from.size()) + " 与 " + std::to_string(to.size());
    fail(ErrorCode::invalid_argument, "begins and ends must have the same length, not " + sizes,
         "begins 与 ends 的长度必须相同，而不是 " + sizes_zh);
  }
  std::vector<std::chrono::seconds> elapsed(from.size());
  {
    const py::gil_scoped_release release;
    self.calendar.elapsed_working_time(from.data(), to.data(), from.size(), elapsed.data());
  }
  py::list result(elapsed.size());
  for (std::size_t i = 0; i < elapsed.size(); ++i) {
    result[i] = timedelta_from_seconds(elapsed[i].count());
  }
  return result;
}

}  // namespace

void register_batch(py::class_<CalendarHandle>& cls) {
  cls.def("_add_seconds_buffer", &add_seconds_buffer, py::arg("values"), py::arg("amount_seconds"), py::arg("out"),
          py::arg("numerator"), py::arg("denominator"), py::arg("wall_clock"), py::arg("nat_is_missing"),
          "Add working seconds to each int64 of values, writing out; each value counts numerator/denominator\n"
          "seconds. Runs without the GIL.")
      .def("_decode_buffer", &decode_buffer, py::arg("values"), py::arg("out"), py::arg("numerator"),
           py::arg("denominator"), py::arg("wall_clock"), py::arg("nat_is_missing"), py::arg("field"),
           "Write the Unix seconds of each int64 of values to out, with the checks of _add_seconds_buffer.")
      .def("_elapsed_buffer", &elapsed_buffer, py::arg("begins"), py::arg("ends"), py::arg("out"),
           "Write the working seconds between the Unix seconds begins[i] and ends[i] to out[i]. Runs\n"
           "without the GIL.")
      .def("_add_seconds_list", &add_seconds_list, py::arg("values"), py::arg("amount_seconds"),
           "Add working seconds to each datetime of an iterable; returns a list of aware datetimes.")
      .def("_elapsed_list", &elapsed_list, py::arg("begins"), py::arg("ends"),
           "Return the working time between begins[i] and ends[i] as a list of timedeltas.");
}

}  // namespace jishiban::python
