// Runs one consultation request through the whole 123 workflow, from the
// hotline call to the archive, and prints each state, the SLA deadlines, the
// notifications and the commands the handler may give. A ManualClock sets
// the time of each step.
#include <jishiban/jishiban.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

using jishiban::Actor;
using jishiban::Command;
using jishiban::EventType;
using jishiban::Role;

Command command(EventType type, const std::string& ticket_id, const Actor& actor) {
  Command c;
  c.type = type;
  c.ticket_id = ticket_id;
  c.actor = actor;
  return c;
}

}  // namespace

int main() {
  const jishiban::Calendar calendar;  // official data, strict coverage, UTC+08:00
  const jishiban::UtcOffset zone = calendar.utc_offset();
  const auto at = [&](const char* text) { return jishiban::parse_instant(text, zone); };
  const auto when = [&](jishiban::Instant instant) { return jishiban::format_instant(instant, zone); };

  jishiban::InMemoryStore store;
  jishiban::CallbackNotifier notifier([](const jishiban::Notification& n) {
    const std::string unit = n.recipient_unit.empty() ? "" : " " + n.recipient_unit;
    std::cout << "  notify " << jishiban::to_string(n.recipient_role) << unit << ": " << n.message_en << "\n";
  });
  jishiban::ManualClock clock(at("2026-03-02T09:55"));
  jishiban::Engine engine(calendar, store, notifier, clock);

  const Actor officer{"s01", "Wang", Role::service_officer, ""};
  const Actor office_leader{"l01", "Li", Role::office_leader, ""};
  const Actor unit_leader{"u01", "Zhao", Role::unit_leader, "commerce-bureau"};
  const Actor handler{"h01", "Sun", Role::handler, "commerce-bureau"};
  const Actor reviewer{"r01", "Qian", Role::reviewer, ""};

  // Runs a command at `time` and prints the state it reached.
  const auto run = [&](const char* time, const Command& c) {
    clock.set(at(time));
    const jishiban::Ticket ticket = engine.execute(c);
    std::cout << time << " " << jishiban::to_string(c.type) << " -> " << jishiban::to_string(ticket.state) << "\n";
    return ticket;
  };

  // A hotline call: the dispatch clock starts at once.
  Command request = command(EventType::register_request, "", officer);
  request.payload.channel = jishiban::Channel::hotline;
  request.payload.requester = jishiban::Requester{"张三丰", "大连普湾建设有限公司", "", "13812345678", ""};
  request.payload.content = "Which documents does a change of the registered address need?";
  const jishiban::Ticket registered = run("2026-03-02T09:55", request);
  const std::string id = registered.id;
  std::cout << "  ticket " << id << ", dispatch due " << when(registered.dispatch_clock->due) << "\n";

  Command draft = command(EventType::draft, id, officer);
  draft.payload.category = jishiban::Category::consultation;
  draft.payload.lead_unit = "commerce-bureau";
  run("2026-03-02T09:58", draft);

  // Dispatch stops the dispatch clock and starts the handling clock.
  const jishiban::Ticket dispatched = run("2026-03-02T10:00", command(EventType::approve_dispatch, id, office_leader));
  std::cout << "  dispatch clock " << jishiban::to_string(dispatched.dispatch_clock->status(clock.now()))
            << ", reply due " << when(dispatched.handling_clock->due) << "\n";

  Command claim = command(EventType::claim, id, unit_leader);
  claim.payload.handler_id = "h01";
  claim.payload.handler_name = "Sun";
  run("2026-03-02T10:20", claim);

  // The commands a host would offer the handler now.
  std::cout << "  handler may:";
  for (const EventType type : engine.available_commands(handler, id)) {
    std::cout << " " << jishiban::to_string(type);
  }
  std::cout << "\n";

  run("2026-03-02T10:40", command(EventType::record_first_contact, id, handler));

  Command answer = command(EventType::answer_consultation, id, handler);
  answer.payload.text = "Bring the new lease and the amended articles to window 12.";
  const jishiban::Ticket replied = run("2026-03-02T14:30", answer);
  std::cout << "  handling clock " << jishiban::to_string(replied.handling_clock->status(clock.now())) << "\n";

  Command report = command(EventType::report_result, id, handler);
  report.payload.result = jishiban::ResultReport{"", "", "Answered by phone and in writing.", {}};
  run("2026-03-02T15:00", report);

  run("2026-03-02T16:00", command(EventType::accept_result, id, reviewer));

  Command visit = command(EventType::return_visit, id, officer);
  visit.payload.satisfaction = jishiban::Satisfaction::satisfied;
  const jishiban::Ticket closed = run("2026-03-03T10:00", visit);
  std::cout << "  closure " << jishiban::to_string(closed.closure) << "\n";

  run("2026-03-03T10:05", command(EventType::archive, id, officer));

  // The history alone rebuilds the stored ticket, without the calendar.
  const std::vector<jishiban::Event> events = store.history(id);
  const bool same = jishiban::fold(events) == *store.load(id);
  std::cout << events.size() << " events; replay gives the stored ticket: " << (same ? "yes" : "no") << "\n";
  return same ? 0 : 1;
}
