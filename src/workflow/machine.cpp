// The 123 workflow as a Boost.MSM state machine.
//
// The ticket's data lives in the Ticket, not in the machine. For each event
// the caller builds a fresh machine, positions it at the ticket's state and
// processes the one event. The transition's action applies the event to a
// draft ticket, so the machine only decides whether the event is allowed and
// which state follows, and nothing it does can outlive a failed event.
//
// Handling inside the unit (in_progress, suspended, plan_under_review) is a
// submachine. Events that leave handling (the replies, a return, a
// withdrawal) are rows of the outer machine whose source is the submachine,
// guarded on the substate.
//
// Boost 1.74's MSM needs three precautions here. It catches an exception of
// an action, calls exception_caught and still reports the event handled, so
// exception_caught rethrows. It runs the source state's exit before the
// action, which is harmless because the states hold no data. An event the
// submachine does not handle reaches only the outer no_transition, so both
// record the rejection in the context and the caller also checks the result.
#include "workflow/machine.hpp"

#include <array>
#include <cstddef>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

// Boost 1.74's MSM includes Boost headers that announce their own
// deprecation with #pragma message on every build. These two macros
// acknowledge the deprecation and silence the messages.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/mpl/back_inserter.hpp>
#include <boost/mpl/copy.hpp>
#include <boost/mpl/size.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "jishiban/error.hpp"

namespace jishiban::detail {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

// Everything an event carries into the machine.
struct Context {
  Ticket* ticket = nullptr;
  Event* event = nullptr;
  const LiveInputs* live = nullptr;
  Rejection rejection;
  bool unhandled = false;
  // A dry run only checks whether the event is allowed, so the step changes
  // nothing.
  bool dry_run = false;
};

// One event type of the machine per EventType.
template <EventType Type>
struct Msg {
  Context* context;
};

// One state type per TicketState.
template <TicketState State>
struct St : msm::front::state<> {
  static constexpr TicketState value = State;
};

using Registered = St<TicketState::registered>;
using AwaitingApproval = St<TicketState::awaiting_office_approval>;
using Declined = St<TicketState::declined>;
using Dispatched = St<TicketState::dispatched>;
using InProgress = St<TicketState::in_progress>;
using Suspended = St<TicketState::suspended>;
using PlanUnderReview = St<TicketState::plan_under_review>;
using Replied = St<TicketState::replied>;
using ResultReported = St<TicketState::result_reported>;
using AwaitingVisit = St<TicketState::awaiting_return_visit>;
using Closed = St<TicketState::closed>;
using Archived = St<TicketState::archived>;

struct HandlingDef;

// The ticket state that a machine state represents. Entering the handling
// submachine enters its initial state, in_progress.
template <class State>
struct StateOf {
  static constexpr TicketState value = State::value;
};
template <>
struct StateOf<msm::back::state_machine<HandlingDef>> {
  static constexpr TicketState value = TicketState::in_progress;
};

// The action of every row. A row whose source and target are the same type
// is an internal transition and keeps the ticket's state, which for the
// handling submachine is its current substate.
struct Step {
  template <class Evt, class Fsm, class Source, class Target>
  void operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    Context& c = *evt.context;
    if (c.dry_run) {
      return;
    }
    TicketState target = c.ticket->state;
    if constexpr (!std::is_same_v<Source, Target>) {
      target = StateOf<Target>::value;
    }
    apply_step(*c.ticket, *c.event, target, c.live);
  }
};

// Guards. Each records why it rejected the event.
template <TicketState Sub>
struct In {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    Context& c = *evt.context;
    if (c.ticket->state == Sub) {
      return true;
    }
    c.rejection.en = "it is allowed only in state " + std::string(to_string(Sub));
    c.rejection.zh = "该操作要求工单处于" + std::string(chinese_name(Sub)) + "状态";
    return false;
  }
};

template <TicketState Sub>
struct NotIn {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    Context& c = *evt.context;
    if (c.ticket->state != Sub) {
      return true;
    }
    c.rejection.en = "not while in state " + std::string(to_string(Sub));
    c.rejection.zh = "工单处于" + std::string(chinese_name(Sub)) + "状态时不允许该操作";
    return false;
  }
};

template <Category Expected>
struct CategoryIs {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_category(*evt.context->ticket, Expected, evt.context->rejection);
  }
};

struct AssistingDone {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_assisting_done(*evt.context->ticket, evt.context->rejection);
  }
};

struct AssistingMissing {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_assisting_missing(*evt.context->ticket, evt.context->rejection);
  }
};

struct FirstOpinion {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_first_opinion(*evt.context->ticket, evt.context->event->actor.unit, evt.context->rejection);
  }
};

struct HasProposal {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_has_proposal(*evt.context->ticket, evt.context->rejection);
  }
};

template <bool Expected>
struct ExtensionPending {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_extension_pending(*evt.context->ticket, Expected, evt.context->rejection);
  }
};

template <bool Expected>
struct SuspensionPending {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_suspension_pending(*evt.context->ticket, Expected, evt.context->rejection);
  }
};

// A new round of handling goes back to the named handler, or, when the unit
// replied without claiming (a decline after dispatch), to the unit to claim.
template <bool Expected>
struct HasHandler {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return evt.context->ticket->handler_id.empty() != Expected;
  }
};

struct LastVisitDissatisfied {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    return guard_last_visit_dissatisfied(*evt.context->ticket, evt.context->rejection);
  }
};

// A return visit's outcome decides between its rows: satisfied and basically
// satisfied close the ticket, dissatisfied waits for reopen or a closing
// note, unreachable tries again until the last allowed attempt.
enum class VisitRow { closes, dissatisfied, retry, last_attempt };

template <VisitRow Which>
struct Visit {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm&, Source&, Target&) const {
    const Event& e = *evt.context->event;
    if (!e.payload.satisfaction) {
      return false;
    }
    const Satisfaction s = *e.payload.satisfaction;
    switch (Which) {
      case VisitRow::closes:
        return s == Satisfaction::satisfied || s == Satisfaction::basically_satisfied;
      case VisitRow::dissatisfied:
        return s == Satisfaction::dissatisfied;
      case VisitRow::retry:
        return s == Satisfaction::unreachable && !e.computed.final_attempt;
      case VisitRow::last_attempt:
        return s == Satisfaction::unreachable && e.computed.final_attempt;
    }
    return false;
  }
};

template <class A, class B>
struct Both {
  template <class Evt, class Fsm, class Source, class Target>
  bool operator()(const Evt& evt, Fsm& fsm, Source& source, Target& target) const {
    return A{}(evt, fsm, source, target) && B{}(evt, fsm, source, target);
  }
};

// Handling of unmatched events and exceptions, shared by both machines.
template <class Derived>
struct Base : msm::front::state_machine_def<Derived> {
  // The caller processes events one at a time. Without a queue, a machine
  // reused for a replay processes each event it gets.
  using no_message_queue = int;

  template <class Fsm, class Evt>
  void no_transition(const Evt& evt, Fsm&, int) {
    evt.context->unhandled = true;
  }

  template <class Fsm, class Evt>
  void exception_caught(const Evt&, Fsm&, std::exception&) {
    throw;
  }
};

template <EventType T>
using E = Msg<T>;
using ET = EventType;

// Handling inside the unit.
struct HandlingDef : Base<HandlingDef> {
  using initial_state = InProgress;

  // clang-format off
  struct transition_table : mpl::vector<
      //  source           event                            target           action  guard
      Row<InProgress,      E<ET::record_first_contact>,     none,            Step,   none>,
      Row<InProgress,      E<ET::propose_general>,          none,            Step,   CategoryIs<Category::general>>,
      Row<InProgress,      E<ET::submit_special_report>,    PlanUnderReview, Step,   CategoryIs<Category::difficult>>,
      Row<InProgress,      E<ET::request_suspension>,       none,            Step,   SuspensionPending<false>>,
      Row<InProgress,      E<ET::approve_suspension>,       Suspended,       Step,   SuspensionPending<true>>,
      Row<InProgress,      E<ET::reject_suspension>,        none,            Step,   SuspensionPending<true>>,
      Row<Suspended,       E<ET::resume>,                   InProgress,      Step,   none>,
      Row<PlanUnderReview, E<ET::revise_plan>,              InProgress,      Step,   none>
  > {};
  // clang-format on
};

using Handling = msm::back::state_machine<HandlingDef>;

// The whole life of a ticket.
struct TicketDef : Base<TicketDef> {
  using initial_state = Registered;

  // Boost.MPL vectors contain at most 20 types without reconfiguring the
  // library, so the table is built from parts of at most 20 rows.
  // clang-format off
  using Intake = mpl::vector<
      Row<Registered,       E<ET::draft>,                    AwaitingApproval, Step, none>,
      Row<Registered,       E<ET::withdraw>,                 Archived,         Step, none>,
      Row<Registered,       E<ET::merge_duplicate>,          Archived,         Step, none>,
      Row<AwaitingApproval, E<ET::approve_dispatch>,         Dispatched,       Step, none>,
      Row<AwaitingApproval, E<ET::send_back>,                Registered,       Step, none>,
      Row<AwaitingApproval, E<ET::decline_at_intake>,        Declined,         Step, none>,
      Row<AwaitingApproval, E<ET::withdraw>,                 Archived,         Step, none>,
      Row<AwaitingApproval, E<ET::merge_duplicate>,          Archived,         Step, none>,
      Row<Declined,         E<ET::explain_decline>,          Closed,           Step, none>,
      Row<Declined,         E<ET::withdraw>,                 Archived,         Step, none>,
      Row<Dispatched,       E<ET::claim>,                    Handling,         Step, none>,
      Row<Dispatched,       E<ET::return_to_office>,         Registered,       Step, none>,
      Row<Dispatched,       E<ET::decline_after_dispatch>,   Replied,          Step, none>,
      Row<Dispatched,       E<ET::submit_assisting_opinion>, none,             Step, FirstOpinion>,
      Row<Dispatched,       E<ET::reclassify>,               none,             Step, none>,
      Row<Dispatched,       E<ET::urge>,                     none,             Step, none>,
      Row<Dispatched,       E<ET::withdraw>,                 Archived,         Step, none>,
      Row<Dispatched,       E<ET::merge_duplicate>,          Archived,         Step, none>
  >;

  using InUnit = mpl::vector<
      Row<Handling, E<ET::return_to_office>,         Registered, Step, In<TicketState::in_progress>>,
      Row<Handling, E<ET::answer_consultation>,      Replied,    Step,
          Both<In<TicketState::in_progress>, Both<CategoryIs<Category::consultation>, AssistingDone>>>,
      Row<Handling, E<ET::sign_general_reply>,       Replied,    Step,
          Both<In<TicketState::in_progress>, Both<CategoryIs<Category::general>,
                                                  Both<HasProposal, AssistingDone>>>>,
      Row<Handling, E<ET::approve_plan>,             Replied,    Step,
          Both<In<TicketState::plan_under_review>, AssistingDone>>,
      Row<Handling, E<ET::decline_after_dispatch>,   Replied,    Step, In<TicketState::in_progress>>,
      Row<Handling, E<ET::submit_assisting_opinion>, none,       Step, FirstOpinion>,
      Row<Handling, E<ET::override_assisting>,       none,       Step, AssistingMissing>,
      Row<Handling, E<ET::request_extension>,        none,       Step, ExtensionPending<false>>,
      Row<Handling, E<ET::approve_extension>,        none,       Step, ExtensionPending<true>>,
      Row<Handling, E<ET::reject_extension>,         none,       Step, ExtensionPending<true>>,
      Row<Handling, E<ET::reclassify>,               none,       Step, NotIn<TicketState::plan_under_review>>,
      Row<Handling, E<ET::urge>,                     none,       Step, none>,
      Row<Handling, E<ET::withdraw>,                 Archived,   Step, none>
  >;

  using Closing = mpl::vector<
      Row<Replied,        E<ET::report_result>,   ResultReported, Step, none>,
      Row<Replied,        E<ET::urge>,            none,           Step, none>,
      Row<ResultReported, E<ET::accept_result>,   AwaitingVisit,  Step, none>,
      Row<ResultReported, E<ET::request_rework>,  Handling,       Step, HasHandler<true>>,
      Row<ResultReported, E<ET::request_rework>,  Dispatched,     Step, HasHandler<false>>,
      Row<AwaitingVisit,  E<ET::return_visit>,    Closed,         Step, Visit<VisitRow::closes>>,
      Row<AwaitingVisit,  E<ET::return_visit>,    none,           Step, Visit<VisitRow::dissatisfied>>,
      Row<AwaitingVisit,  E<ET::return_visit>,    none,           Step, Visit<VisitRow::retry>>,
      Row<AwaitingVisit,  E<ET::return_visit>,    Closed,         Step, Visit<VisitRow::last_attempt>>,
      Row<AwaitingVisit,  E<ET::reopen>,          Handling,       Step, Both<LastVisitDissatisfied, HasHandler<true>>>,
      Row<AwaitingVisit,  E<ET::reopen>,          Dispatched,     Step, Both<LastVisitDissatisfied, HasHandler<false>>>,
      Row<AwaitingVisit,  E<ET::close_with_note>, Closed,         Step, LastVisitDissatisfied>,
      Row<Closed,         E<ET::archive>,         Archived,       Step, none>
  >;
  // clang-format on

  using transition_table = mpl::copy<
      Closing, mpl::back_inserter<mpl::copy<InUnit, mpl::back_inserter<Intake>>::type>>::type;
};

using Machine = msm::back::state_machine<TicketDef>;

// Returns the id that Boost.MSM gives a state in a machine's table.
template <class Fsm, class State>
constexpr int id_of() {
  return msm::back::get_state_id<typename Fsm::stt, State>::value;
}

// Sets the current state of a machine through its public serialization
// hook: the machine writes its state array through `operator&`, and this
// archive fills the array instead of reading it. Everything else is left as
// constructed.
struct Positioner {
  int id;

  template <std::size_t N>
  Positioner& operator&(int (&states)[N]) {
    static_assert(N == 1, "the workflow machines have one region");
    states[0] = id;
    return *this;
  }

  template <class T>
  Positioner& operator&(T&) {
    return *this;
  }
};

// The machine state ids of a ticket state: the outer state and, inside
// handling, the substate.
struct Position {
  int outer;
  int inner;
};

// The positions of the ticket states, indexed by TicketState.
constexpr std::array<Position, ticket_state_count> kPositions{{
    {id_of<Machine, Registered>(), 0},
    {id_of<Machine, AwaitingApproval>(), 0},
    {id_of<Machine, Declined>(), 0},
    {id_of<Machine, Dispatched>(), 0},
    {id_of<Machine, Handling>(), id_of<Handling, InProgress>()},
    {id_of<Machine, Handling>(), id_of<Handling, Suspended>()},
    {id_of<Machine, Handling>(), id_of<Handling, PlanUnderReview>()},
    {id_of<Machine, Replied>(), 0},
    {id_of<Machine, ResultReported>(), 0},
    {id_of<Machine, AwaitingVisit>(), 0},
    {id_of<Machine, Closed>(), 0},
    {id_of<Machine, Archived>(), 0},
}};

// The machine states, outer and inner, and the ticket state of each.
constexpr int kOuterStates = 10;
constexpr int kInnerStates = 3;
static_assert(mpl::size<msm::back::generate_state_set<Machine::stt>::type>::value == kOuterStates);
static_assert(mpl::size<msm::back::generate_state_set<Handling::stt>::type>::value == kInnerStates);

constexpr std::array<TicketState, kOuterStates> outer_to_state() {
  std::array<TicketState, kOuterStates> states{};
  for (std::size_t i = 0; i < ticket_state_count; ++i) {
    states[static_cast<std::size_t>(kPositions[i].outer)] = static_cast<TicketState>(i);
  }
  // Entering handling enters in_progress.
  states[static_cast<std::size_t>(id_of<Machine, Handling>())] = TicketState::in_progress;
  return states;
}

constexpr std::array<TicketState, kInnerStates> inner_to_state() {
  std::array<TicketState, kInnerStates> states{};
  states[static_cast<std::size_t>(id_of<Handling, InProgress>())] = TicketState::in_progress;
  states[static_cast<std::size_t>(id_of<Handling, Suspended>())] = TicketState::suspended;
  states[static_cast<std::size_t>(id_of<Handling, PlanUnderReview>())] = TicketState::plan_under_review;
  return states;
}

constexpr auto kOuterToState = outer_to_state();
constexpr auto kInnerToState = inner_to_state();

Position position_of(TicketState state) {
  const auto index = static_cast<std::size_t>(state);
  if (index >= ticket_state_count) {
    throw Error(ErrorCode::invalid_data, "unknown ticket state " + std::to_string(index),
                "未知的工单状态 " + std::to_string(index));
  }
  return kPositions[index];
}

// Returns the ticket state the machine is in.
TicketState state_of(Machine& machine) {
  const int outer = machine.current_state()[0];
  if (outer == id_of<Machine, Handling>()) {
    return kInnerToState[static_cast<std::size_t>(machine.get_state<Handling&>().current_state()[0])];
  }
  return kOuterToState[static_cast<std::size_t>(outer)];
}

template <EventType Type>
msm::back::HandledEnum process(Machine& machine, Context& context) {
  return machine.process_event(Msg<Type>{&context});
}

using Processor = msm::back::HandledEnum (*)(Machine&, Context&);

// A process function per command type, indexed by the EventType value.
template <std::size_t... I>
constexpr std::array<Processor, sizeof...(I)> make_processors(std::index_sequence<I...>) {
  return {{&process<static_cast<EventType>(I)>...}};
}

constexpr std::size_t kCommandCount = static_cast<std::size_t>(EventType::archive) + 1;
constexpr auto kProcessors = make_processors(std::make_index_sequence<kCommandCount>{});

[[noreturn]] void reject(const Ticket& ticket, const Event& event, const Rejection& rejection) {
  std::string en = std::string(to_string(event.type)) + " is not allowed on ticket " + ticket.id + " in state " +
                   std::string(to_string(ticket.state));
  std::string zh = "工单 " + ticket.id + " 处于" + std::string(chinese_name(ticket.state)) + "状态，不允许" +
                   std::string(chinese_name(event.type)) + "（" + std::string(to_string(event.type)) + "）";
  if (!rejection.en.empty()) {
    en += ": " + rejection.en;
    zh += "：" + rejection.zh;
  }
  throw Error(ErrorCode::invalid_transition, std::move(en), std::move(zh));
}

}  // namespace

namespace {

// Builds a machine at the ticket's state and processes the event. Returns
// whether the machine accepted it.
bool process_on(Ticket& ticket, Event& event, Context& context) {
  Machine machine;
  const Position position = position_of(ticket.state);
  Positioner outer{position.outer};
  machine.serialize(outer, 0);
  if (position.outer == id_of<Machine, Handling>()) {
    Positioner inner{position.inner};
    machine.get_state<Handling&>().serialize(inner, 0);
  }

  context.ticket = &ticket;
  context.event = &event;
  const auto handled = kProcessors[static_cast<std::size_t>(event.type)](machine, context);
  if (handled != msm::back::HANDLED_TRUE || context.unhandled) {
    return false;
  }

  // The step moved the ticket to the row's target; the machine must agree.
  const TicketState reached = state_of(machine);
  if (!context.dry_run && reached != ticket.state) {
    throw Error(ErrorCode::invalid_data,
                "the state machine reached " + std::string(to_string(reached)) + " but the step set " +
                    std::string(to_string(ticket.state)),
                "状态机到达" + std::string(chinese_name(reached)) + "，但处理步骤设置为" +
                    std::string(chinese_name(ticket.state)));
  }
  return true;
}

void reject_non_command(const Ticket& ticket, const Event& event) {
  if (!is_command(event.type) || event.type == EventType::register_request) {
    const bool registration = event.type == EventType::register_request;
    reject(ticket, event,
           registration ? Rejection{"a ticket is registered once, when it is created", "工单只在创建时登记一次"}
                        : Rejection{"only the engine records it", "该事件只能由引擎自动记录"});
  }
}

}  // namespace

void run_machine(Ticket& ticket, Event& event, const LiveInputs* live) {
  reject_non_command(ticket, event);
  Context context;
  context.live = live;
  const TicketState before = ticket.state;
  if (!process_on(ticket, event, context)) {
    ticket.state = before;
    reject(ticket, event, context.rejection);
  }
}

void replay_machine(Ticket& ticket, const Event& event) {
  // Without live inputs the step only reads the event, so the cast is safe.
  run_machine(ticket, const_cast<Event&>(event), nullptr);
}

void apply_in_place(Ticket& ticket, const Event& event) {
  if (is_command(event.type)) {
    replay_machine(ticket, event);
  } else {
    apply_clock_event(ticket, event);
  }
}

bool machine_allows(const Ticket& ticket, const Event& event, Rejection* why) {
  if (!is_command(event.type) || event.type == EventType::register_request) {
    return false;
  }
  // The dry run changes nothing, but the machine's interface takes mutable
  // pointers.
  Ticket& target = const_cast<Ticket&>(ticket);
  Event& probe = const_cast<Event&>(event);
  Context context;
  context.dry_run = true;
  const bool allowed = process_on(target, probe, context);
  if (!allowed && why != nullptr) {
    *why = context.rejection;
  }
  return allowed;
}

}  // namespace jishiban::detail
