// Google Benchmark programs for the workflow engine: one machine transition,
// a ticket's whole life through the engine, polling many open tickets, and
// the memory a ticket takes in the in-memory store.
//
// Every benchmark runs on the built-in calendar at 2026 instants, with the
// standard policy and a ManualClock the loop moves forward.

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "workflow/machine.hpp"

namespace {

using namespace jishiban;
using std::chrono::minutes;
using std::chrono::seconds;

Instant at(unsigned short month, unsigned short day, int hour, int minute) {
  return to_instant(Date(2026, month, day), TimeOfDay(hour, minute), UtcOffset::china());
}

Actor officer() { return Actor{"so1", "服务员甲", Role::service_officer, ""}; }
Actor office_leader() { return Actor{"ol1", "主任", Role::office_leader, ""}; }
Actor unit_leader() { return Actor{"ul1", "局长", Role::unit_leader, "区建设局"}; }
Actor handler() { return Actor{"h1", "经办人", Role::handler, "区建设局"}; }
Actor reviewer() { return Actor{"rv1", "审核人", Role::reviewer, ""}; }

// Free text of a realistic length: about 60 bytes of Chinese.
const std::string kText = "企业反映厂区周边道路照明不足，夜间通行存在安全隐患。";

Command command(EventType type, const Actor& actor, std::string ticket_id = {}) {
  Command c;
  c.type = type;
  c.actor = actor;
  c.ticket_id = std::move(ticket_id);
  return c;
}

Command register_command(Channel channel) {
  Command c = command(EventType::register_request, officer());
  c.payload.channel = channel;
  c.payload.requester = Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区金石滩街道黄金路88号",
                                  "13812345678", "pw123@163.com"};
  c.payload.content = kText;
  return c;
}

// The ten commands of a consultation ticket, from registration to archive.
// The first registers the ticket, and the others get its number once it is
// known. Each is handed over with std::move, so the events take their
// payloads without a copy.
struct Lifecycle {
  std::vector<Command> commands;
};

Lifecycle make_lifecycle() {
  Lifecycle life;
  life.commands.reserve(10);
  life.commands.push_back(register_command(Channel::hotline));
  Command draft = command(EventType::draft, officer());
  draft.payload.category = Category::consultation;
  draft.payload.lead_unit = "区建设局";
  life.commands.push_back(std::move(draft));
  life.commands.push_back(command(EventType::approve_dispatch, office_leader()));
  Command claim = command(EventType::claim, unit_leader());
  claim.payload.handler_id = "h1";
  claim.payload.handler_name = "经办人";
  life.commands.push_back(std::move(claim));
  life.commands.push_back(command(EventType::record_first_contact, handler()));
  Command answer = command(EventType::answer_consultation, handler());
  answer.payload.text = kText;
  life.commands.push_back(std::move(answer));
  Command report = command(EventType::report_result, handler());
  report.payload.result = ResultReport{kText, kText, kText, {}};
  life.commands.push_back(std::move(report));
  life.commands.push_back(command(EventType::accept_result, reviewer()));
  Command visit = command(EventType::return_visit, officer());
  visit.payload.satisfaction = Satisfaction::satisfied;
  life.commands.push_back(std::move(visit));
  life.commands.push_back(command(EventType::archive, officer()));
  return life;
}

// Executes the commands, advancing the clock by ten minutes before each
// after the first.
void run_lifecycle(Engine& engine, ManualClock& clock, Lifecycle& life) {
  const std::string id = engine.execute(std::move(life.commands.front())).id;
  for (std::size_t i = 1; i < life.commands.size(); ++i) {
    clock.advance(minutes(10));
    Command& next = life.commands[i];
    next.ticket_id = id;
    engine.execute(std::move(next));
  }
}

// One transition of the state machine with its step, on a ticket already in
// memory, replaying a recorded event (no clock computation). Each loop puts
// the ticket back in the source state. The cases:
//   0 urge, an internal transition of dispatched;
//   1 claim, dispatched into the handling submachine;
//   2 resume, suspended to in_progress inside the submachine;
//   3 accept_result, result_reported to awaiting_return_visit.
void BM_MachineTransition(benchmark::State& state) {
  struct Case {
    TicketState source;
    EventType type;
    Actor actor;
    const char* label;
  };
  const Case cases[] = {
      {TicketState::dispatched, EventType::urge, officer(), "urge: dispatched, internal"},
      {TicketState::dispatched, EventType::claim, unit_leader(), "claim: dispatched -> in_progress"},
      {TicketState::suspended, EventType::resume, handler(), "resume: suspended -> in_progress"},
      {TicketState::result_reported, EventType::accept_result, reviewer(), "accept_result: -> awaiting_return_visit"},
  };
  const Case& c = cases[state.range(0)];

  Ticket ticket;
  ticket.id = "PW2026000001";
  ticket.category = Category::general;
  ticket.lead_unit = "区建设局";
  ticket.handler_id = "h1";

  Event event;
  event.ticket_id = ticket.id;
  event.type = c.type;
  event.at = at(3, 2, 10, 0);
  event.actor = c.actor;
  if (c.type == EventType::claim) {
    event.payload.handler_id = "h1";
  }

  for (auto _ : state) {
    ticket.state = c.source;
    event.sequence = ticket.version + 1;
    detail::run_machine(ticket, event, nullptr);
    benchmark::DoNotOptimize(ticket.state);
  }
  state.SetLabel(c.label);
}
BENCHMARK(BM_MachineTransition)->DenseRange(0, 3);

// The machine alone, without the step's data: positioning a fresh machine at
// the ticket's state and processing the event, guards included, as
// Engine::available_commands runs it. The same four cases.
void BM_MachineDecision(benchmark::State& state) {
  struct Case {
    TicketState source;
    EventType type;
  };
  const Case cases[] = {
      {TicketState::dispatched, EventType::urge},
      {TicketState::dispatched, EventType::claim},
      {TicketState::suspended, EventType::resume},
      {TicketState::result_reported, EventType::accept_result},
  };
  const Case& c = cases[state.range(0)];

  Ticket ticket;
  ticket.id = "PW2026000001";
  ticket.category = Category::general;
  ticket.state = c.source;
  Event event;
  event.type = c.type;

  for (auto _ : state) {
    benchmark::DoNotOptimize(detail::machine_allows(ticket, event));
  }
}
BENCHMARK(BM_MachineDecision)->DenseRange(0, 3);

// Ten commands through the engine and the in-memory store, from
// register_request to archive. The store is replaced every 1024 tickets,
// outside the timing, so memory stays flat.
//
// With `range(0)` = 0 the commands of 64 tickets at a time are built while
// the timing is paused, as a host would have decoded them from its own
// input. The time is then the engine's and the store's alone. With 1 the
// loop also builds each command, with its strings, inside the timing.
void BM_TicketLifecycle(benchmark::State& state) {
  constexpr std::size_t kStoreTickets = 1024;
  constexpr std::size_t kBatch = 64;
  const bool build_inside = state.range(0) == 1;
  const Calendar calendar;
  ManualClock clock(at(3, 2, 9, 0));
  // The host's handling of notifications is not timed: they are dropped.
  CallbackNotifier notifier([](const Notification&) {});
  std::unique_ptr<InMemoryStore> store;
  std::unique_ptr<Engine> engine;
  std::vector<Lifecycle> prepared;
  std::size_t done = kStoreTickets;
  std::size_t next = kBatch;

  for (auto _ : state) {
    if (next == kBatch) {
      state.PauseTiming();
      if (done == kStoreTickets) {
        engine.reset();
        store = std::make_unique<InMemoryStore>();
        engine = std::make_unique<Engine>(calendar, *store, notifier, clock);
        clock.set(at(3, 2, 9, 0));
        done = 0;
      }
      prepared.clear();
      if (!build_inside) {
        for (std::size_t i = 0; i < kBatch; ++i) {
          prepared.push_back(make_lifecycle());
        }
      }
      next = 0;
      state.ResumeTiming();
    }
    if (build_inside) {
      Lifecycle life = make_lifecycle();
      run_lifecycle(*engine, clock, life);
    } else {
      run_lifecycle(*engine, clock, prepared[next]);
    }
    ++next;
    ++done;
  }
  state.SetLabel(build_inside ? "commands built in the loop" : "commands built beforehand");
  state.counters["commands"] = benchmark::Counter(10.0 * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_TicketLifecycle)->Arg(0)->Arg(1);

// Registers `count` tickets received over the first days of March 2026 and
// dispatches each, so every ticket has a running handling clock.
void open_tickets(Engine& engine, ManualClock& clock, std::int64_t count) {
  for (std::int64_t i = 0; i < count; ++i) {
    const std::string id = engine.execute(register_command(Channel::email)).id;
    Command draft = command(EventType::draft, officer(), id);
    draft.payload.category = Category::difficult;
    draft.payload.lead_unit = "区建设局";
    engine.execute(std::move(draft));
    engine.execute(command(EventType::approve_dispatch, office_leader(), id));
    clock.advance(seconds(1));
  }
}

// poll() with `range(0)` open tickets when nothing is due.
void BM_PollNothingDue(benchmark::State& state) {
  const Calendar calendar;
  ManualClock clock(at(3, 2, 9, 0));
  CallbackNotifier notifier([](const Notification&) {});
  InMemoryStore store;
  Engine engine(calendar, store, notifier, clock);
  open_tickets(engine, clock, state.range(0));
  // The first dispatch clocks were stopped at dispatch; the earliest
  // pending event is a handling warning, days later.
  const Instant now = clock.now();
  if (!engine.poll(now).empty()) {
    state.SkipWithError("something was due");
  }

  for (auto _ : state) {
    auto events = engine.poll(now);
    benchmark::DoNotOptimize(events);
  }
  state.counters["open_tickets"] = static_cast<double>(store.size());
}
BENCHMARK(BM_PollNothingDue)->Arg(1000)->Arg(100000)->Unit(benchmark::kNanosecond);

// poll() at the next wakeup, among `range(0)` open tickets: the cost per
// SLA event recorded, which includes loading the ticket and appending the
// event to the store. Tickets dispatched a second apart reach their warning
// share about four to a second, so a poll records about four warnings.
// Breaches and escalations of tickets due at the same close of day come
// together. The items/s rate gives events per second.
void BM_PollDueEvents(benchmark::State& state) {
  const Calendar calendar;
  ManualClock clock(at(3, 2, 9, 0));
  CallbackNotifier notifier([](const Notification&) {});
  InMemoryStore store;
  Engine engine(calendar, store, notifier, clock);
  open_tickets(engine, clock, state.range(0));
  // Drop the triggers of the dispatch clocks, which stopped at dispatch.
  benchmark::DoNotOptimize(engine.next_wakeup());

  std::int64_t recorded = 0;
  for (auto _ : state) {
    const auto wake = engine.next_wakeup();
    if (!wake) {
      state.SkipWithError("ran out of due events");
      break;
    }
    recorded += static_cast<std::int64_t>(engine.poll(*wake).size());
  }
  state.SetItemsProcessed(recorded);
  state.counters["events_per_poll"] =
      static_cast<double>(recorded) / static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations()));
}
BENCHMARK(BM_PollDueEvents)->Arg(1000)->Arg(100000)->Iterations(200);

// Heap bytes per open ticket in the in-memory store, dispatched and claimed
// (six events), measured with glibc's mallinfo2 over 10,000 tickets. The
// counter bytes_without_free_text subtracts the bytes of the free-text
// fields (content, texts and opinions) stored in the ticket and its events.
void BM_StoreMemoryPerTicket(benchmark::State& state) {
  constexpr std::int64_t kTickets = 10000;
  double per_ticket = 0;
  double free_text = 0;
  for (auto _ : state) {
    const Calendar calendar;
    ManualClock clock(at(3, 2, 9, 0));
    CallbackNotifier notifier([](const Notification&) {});
    auto store = std::make_unique<InMemoryStore>();
    const auto before = mallinfo2().uordblks;
    {
      Engine engine(calendar, *store, notifier, clock);
      for (std::int64_t i = 0; i < kTickets; ++i) {
        const std::string id = engine.execute(register_command(Channel::hotline)).id;
        Command draft = command(EventType::draft, officer(), id);
        draft.payload.category = Category::general;
        draft.payload.lead_unit = "区建设局";
        draft.payload.proposed_handling = kText;
        engine.execute(std::move(draft));
        Command approve = command(EventType::approve_dispatch, office_leader(), id);
        approve.payload.text = kText;
        engine.execute(approve);
        Command claim = command(EventType::claim, unit_leader(), id);
        claim.payload.handler_id = "h1";
        claim.payload.handler_name = "经办人";
        engine.execute(std::move(claim));
        engine.execute(command(EventType::record_first_contact, handler(), id));
        Command propose = command(EventType::propose_general, handler(), id);
        propose.payload.text = kText;
        engine.execute(propose);
      }
    }
    const auto after = mallinfo2().uordblks;
    per_ticket = static_cast<double>(after - before) / kTickets;
    // Each ticket contains content, proposed handling, the office leader's
    // opinion and the proposal, and its events contain each of them once more.
    free_text = 2.0 * 4.0 * static_cast<double>(kText.size());
    benchmark::DoNotOptimize(store);
  }
  state.counters["bytes_per_ticket"] = per_ticket;
  state.counters["bytes_without_free_text"] = per_ticket - free_text;
}
BENCHMARK(BM_StoreMemoryPerTicket)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
