// The extension module jishiban._core. The package jishiban (jishiban/*.py)
// imports it and builds the public API on it.
#include <pybind11/pybind11.h>

#include <exception>
#include <string>

#include "bindings.hpp"
#include "conversions.hpp"
#include "jishiban/error.hpp"
#include "jishiban/version.hpp"

namespace jishiban::python {
namespace {

// Raises the jishiban._errors class for the error's code, built by
// jishiban._errors._from_native so the classes live in one place.
void raise_python_error(const Error& error) {
  try {
    const py::object errors = py::module_::import("jishiban._errors");
    const py::object exception =
        errors.attr("_from_native")(static_cast<int>(error.code()), text_to_python(error.message(Language::en)),
                                    text_to_python(error.message(Language::zh_CN)));
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  } catch (py::error_already_set& failure) {
    // The package itself is broken, so raise that error instead of the lost one.
    failure.restore();
  }
}

}  // namespace

void register_error_translator() {
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) {
        std::rethrow_exception(pointer);
      }
    } catch (const Error& error) {
      raise_python_error(error);
    }
  });
}

}  // namespace jishiban::python

PYBIND11_MODULE(_core, module) {
  namespace python = jishiban::python;
  module.doc() = "Native part of the jishiban package; import jishiban instead.";
  python::import_datetime_api();
  python::register_error_translator();

  module.attr("__version__") = std::to_string(JISHIBAN_VERSION_MAJOR) + "." + std::to_string(JISHIBAN_VERSION_MINOR) +
                               "." + std::to_string(JISHIBAN_VERSION_PATCH);
  module.def(
      "error_code_name",
      [](int code) { return std::string(jishiban::error_code_name(static_cast<jishiban::ErrorCode>(code))); },
      pybind11::arg("code"), "Return the stable name of an error code, such as \"not_found\" for 6.");
  module.def(
      "language_from_environment",
      [] { return jishiban::language_from_environment() == jishiban::Language::zh_CN ? "zh" : "en"; },
      "Return \"zh\" when the LANG environment variable starts with \"zh\", else \"en\".");

  python::register_calendar(module);
  python::register_engine(module);
}
