// jishiban._core.EngineCore. These methods are private to the package:
// jishiban.Engine (jishiban/_engine.py) documents the public API.
#include "bindings.hpp"
#include "engine_core.hpp"

namespace jishiban::python {

void register_engine(py::module_& module) {
  py::class_<EngineCore>(module, "EngineCore", "The native workflow engine on an SQLite database; see jishiban.Engine.")
      .def(py::init<py::handle, const CalendarHandle&, py::handle, py::handle, py::handle, bool, py::handle,
                    py::handle>(),
           py::arg("path"), py::arg("calendar"), py::arg("policy_text"), py::arg("policy_path"),
           py::arg("clock_start"), py::arg("deliver_notifications"), py::arg("notifier"), py::arg("synchronous"),
           "Open the engine on the database at path.")
      .def("execute", &EngineCore::execute, py::arg("command_json"),
           "Run a command given as JSON text; return the ticket's JSON as the actor may view it.")
      .def("view", &EngineCore::view, py::arg("actor"), py::arg("ticket_id"), "Return the ticket's JSON.")
      .def("history", &EngineCore::history, py::arg("actor"), py::arg("ticket_id"),
           "Return the ticket's events as JSON texts.")
      .def("available_commands", &EngineCore::available_commands, py::arg("actor"), py::arg("ticket_id"),
           "Return the names of the commands the actor may give now.")
      .def("poll", &EngineCore::poll, py::arg("now"), "Record the SLA events due; return them as JSON texts.")
      .def("next_wakeup", &EngineCore::next_wakeup, "Return the instant poll() next has work, or None.")
      .def("find_by_state", &EngineCore::find_by_state, py::arg("state"))
      .def("find_by_unit", &EngineCore::find_by_unit, py::arg("unit"))
      .def("find_due_before", &EngineCore::find_due_before, py::arg("until"))
      .def("open_tickets", &EngineCore::open_tickets)
      .def("undelivered_notifications", &EngineCore::undelivered_notifications)
      .def("report", &EngineCore::report, py::arg("start"), py::arg("end"), py::arg("as_of"), py::arg("format"),
           py::arg("language"), "Build the report and render it as json, text, csv or html.")
      .def("replay", &EngineCore::replay, py::arg("path"), py::arg("strict"), py::arg("until"),
           py::arg("batch_lines"), py::arg("max_bad_lines"), "Replay a command stream file.")
      .def("deliver", &EngineCore::deliver, py::arg("callback"), py::arg("now"),
           "Offer the outbox to callback; return (delivered, failed).")
      .def_property_readonly("now", &EngineCore::now)
      .def("set_now", &EngineCore::set_now, py::arg("instant"))
      .def_property_readonly("manual_clock", &EngineCore::manual_clock)
      .def("policy_json", &EngineCore::policy_json)
      .def("close", &EngineCore::close)
      .def_property_readonly("closed", &EngineCore::closed);
}

}  // namespace jishiban::python
