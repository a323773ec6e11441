#include "plan.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>

#include "jishiban/calendar/deadline.hpp"
#include "random.hpp"
#include "texts.hpp"

namespace stream_generator {
namespace {

using jishiban::Category;
using jishiban::Channel;
using jishiban::EventType;
using jishiban::Instant;
using std::chrono::seconds;

// Domains of Random::stream.
constexpr std::uint64_t kPlanDomain = 2;
constexpr std::uint64_t kContentDomain = 3;

// The outcome of a request, drawn once when its plan starts.
enum class Fate {
  normal,                  // handled and, in most cases, archived
  duplicate,               // merged into an earlier request
  out_of_scope,            // declined at intake with a rule cited
  withdrawn,               // withdrawn by the enterprise at `withdraw_stage`
  declined_after_dispatch  // declined by the unit with a rule cited
};

// The stage at which a withdrawn request is withdrawn.
enum class Stage { registered, awaiting_approval, dispatched, handling };

// The end of a round of handling.
enum class RoundEnd { replied, returned, withdrawn };

class PlanBuilder {
 public:
  PlanBuilder(const World& world, Request& request)
      : world_(world),
        directory_(world.directory),
        request_(request),
        random_(Random::stream(world.seed, kPlanDomain, static_cast<std::uint64_t>(request.index))) {}

  void build(const std::deque<RecentRequest>& recent);

 private:
  // --- Time -------------------------------------------------------------

  // `from` plus low_minutes to high_minutes of working time and 0 to 59
  // seconds more. Later than `from` by at least a minute.
  Instant work(Instant from, int low_minutes, int high_minutes) {
    const std::int64_t minutes = random_.between(low_minutes, high_minutes);
    const std::int64_t extra_seconds = random_.between(0, 59);
    return world_.calendar.add_working_time(from, seconds(minutes * 60 + extra_seconds)).value;
  }

  // An instant low_permille to high_permille of the way through the working
  // time from `from` to `to`.
  Instant within(Instant from, Instant to, int low_permille, int high_permille) {
    const std::int64_t total = world_.calendar.elapsed_working_time(from, to).value.count();
    if (total <= 0) {
      return from;
    }
    const std::int64_t share = total * random_.between(low_permille, high_permille) / 1000;
    return world_.calendar.add_working_time(from, seconds(share)).value;
  }

  // `at`, or a minute or two after `previous` when `at` is not at least a
  // minute later, so the steps of a ticket keep their order.
  Instant later_than(Instant at, Instant previous) {
    if (at - previous >= seconds(60)) {
      return at;
    }
    return previous + seconds(60 + random_.between(0, 90));
  }

  // The handling deadline of the current round, as the engine computes it
  // for the standard policy: the category's limit from the round's start,
  // then the approved extension days, then the working time paused.
  Instant handling_due() const {
    const jishiban::Calendar& calendar = world_.calendar;
    const int days = world_.policy.handling_days(category_);
    Instant due = calendar.deadline(round_start_, jishiban::TargetSpec::working_days(days)).due;
    if (extension_days_ > 0) {
      due = calendar.add_working_days(due, extension_days_, jishiban::DayConvention::legal_period).value;
    }
    if (paused_ > seconds(0)) {
      due = calendar.add_working_time(due, paused_).value;
    }
    return due;
  }

  // --- Actors -----------------------------------------------------------

  // An office role whose person is drawn when the step is added.
  //
  // C++ leaves the order in which function arguments are evaluated
  // unspecified, so a call with two arguments that draw random numbers
  // (such as work() and a drawn actor) would give different streams with
  // different compilers. Each call of add() and advance() therefore draws in
  // at most one argument, and an OfficeRole argument is drawn in the body.
  enum class OfficeRole { officer, office_leader, reviewer };

  std::size_t person(OfficeRole role) {
    switch (role) {
      case OfficeRole::officer:
        return pick(directory_.service_officers());
      case OfficeRole::office_leader:
        return pick(directory_.office_leaders());
      case OfficeRole::reviewer:
        return pick(directory_.reviewers());
    }
    return pick(directory_.service_officers());
  }
  std::size_t unit_leader() const { return directory_.units()[unit_].leader; }
  std::size_t pick(const std::vector<std::size_t>& people) { return people[random_.index(people.size())]; }

  // --- Steps ------------------------------------------------------------

  void add(Instant at, EventType type, OfficeRole role, int value = 0) {
    const std::size_t actor = person(role);
    add(at, type, actor, value);
  }

  void add(Instant at, EventType type, std::size_t actor, int value = 0) {
    Step step;
    step.at = at;
    step.type = type;
    step.variant = static_cast<std::uint8_t>(random_.below(16));
    step.actor = static_cast<std::uint16_t>(actor);
    step.value = static_cast<std::int16_t>(value);
    request_.steps.push_back(step);
  }

  // Adds a main step, one that moves the ticket on, at `at`, or just after
  // the previous main step when `at` is not at least a minute later.
  void advance(Instant at, EventType type, std::size_t actor, int value = 0) {
    at = later_than(at, now_);
    add(at, type, actor, value);
    now_ = at;
  }

  void advance(Instant at, EventType type, OfficeRole role, int value = 0) {
    const std::size_t actor = person(role);
    advance(at, type, actor, value);
  }

  // --- Phases -----------------------------------------------------------

  void choose_requester(bool working_time);
  void choose_matter();
  bool choose_duplicate(const std::deque<RecentRequest>& recent);
  void plan_duplicate();
  void plan_intake();
  void plan_declined_at_intake();
  Instant approve_dispatch(Instant drafted_at);
  void plan_dispatched(Instant dispatched_at);
  RoundEnd plan_round(Instant start, bool first_round, bool may_return);
  void plan_reply(Instant reply_at, bool first_round);
  void plan_assisting(Instant dispatched_at, Instant claimed_at, Instant reply_at);
  void plan_urges(Instant start, Instant due, Instant reply_at);
  void plan_closing();
  void plan_return_visits();
  void plan_archive();

  int draft(const Draft& order) {
    request_.drafts.push_back(order);
    return static_cast<int>(request_.drafts.size() - 1);
  }
  Draft final_draft();
  std::uint8_t other_unit(std::size_t excluded);

  const World& world_;
  const Directory& directory_;
  Request& request_;
  Random random_;

  Fate fate_ = Fate::normal;
  Stage withdraw_stage_ = Stage::registered;
  RecentRequest original_;

  // The unit the matter belongs to, and the ticket's current lead unit.
  std::size_t topic_unit_ = 0;
  std::size_t unit_ = 0;
  Category category_ = Category::consultation;

  // The named handler, as an index into Directory::actors, or -1.
  int handler_ = -1;

  // The instant of the last main step.
  Instant now_;

  // The handling clock of the current round.
  Instant round_start_;
  int extension_days_ = 0;
  seconds paused_{0};

  // Plans for the first round of handling.
  bool return_planned_ = false;
  bool return_before_claim_ = false;
  bool decline_before_claim_ = false;

  // Whether the opinions of the assisting units of the current work order
  // are planned.
  bool assisting_planned_ = false;

  bool rework_used_ = false;
  bool reopen_used_ = false;
};

void PlanBuilder::build(const std::deque<RecentRequest>& recent) {
  const Instant received = request_.received_at;
  const bool working_time = world_.calendar.next_working_instant(received).value == received;

  // Calls come mostly in working hours, while e-mail and WeChat messages
  // come at any hour. Over the arrival pattern of the stream the weights
  // give about 50% hotline, 30% WeChat and 20% e-mail.
  const std::size_t channel = working_time ? random_.weighted({56, 28, 16}) : random_.weighted({18, 42, 40});
  constexpr Channel kChannels[] = {Channel::hotline, Channel::wechat, Channel::email};
  request_.channel = kChannels[channel];

  // Per mille, in the order of Fate. A duplicate without a recent request
  // to repeat becomes a normal request.
  const std::size_t fate = random_.weighted({870, 25, 40, 25, 15});
  fate_ = static_cast<Fate>(fate);
  if (fate_ == Fate::duplicate && !choose_duplicate(recent)) {
    fate_ = Fate::normal;
  }
  if (fate_ == Fate::withdrawn) {
    withdraw_stage_ = static_cast<Stage>(random_.weighted({20, 15, 25, 40}));
  }

  if (fate_ == Fate::duplicate) {
    request_.company = original_.company;
    request_.contact = original_.contact;
    request_.fields = original_.fields;
    request_.topic = original_.topic;
    request_.content_index = original_.index;
    request_.content_received_at = original_.received_at;
    request_.duplicate_of = original_.index;
    topic_unit_ = unit_ = original_.unit;
    category_ = original_.category;
  } else {
    choose_requester(working_time);
    choose_matter();
    request_.content_index = request_.index;
    request_.content_received_at = received;
  }

  request_.unit = static_cast<std::uint8_t>(topic_unit_);
  request_.category = category_;

  // A call is registered while the caller is on the line, also by the
  // officer on duty out of hours. Messages wait for working time.
  Instant registered;
  if (request_.channel == Channel::hotline) {
    registered = received + seconds(random_.between(45, 150));
  } else {
    registered = work(received, 3, 25);
  }
  now_ = registered;
  add(registered, EventType::register_request, OfficeRole::officer);

  if (fate_ == Fate::duplicate) {
    plan_duplicate();
  } else {
    plan_intake();
  }

  // Steps were added in workflow order, and side steps such as opinions and
  // urges fall between them.
  std::stable_sort(request_.steps.begin(), request_.steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  const auto cut = std::find_if(request_.steps.begin(), request_.steps.end(),
                                [this](const Step& step) { return step.at >= world_.end; });
  request_.steps.erase(cut, request_.steps.end());
}

void PlanBuilder::choose_requester(bool working_time) {
  // A third of the requests come from the 100 most active companies.
  const std::size_t companies = directory_.companies().size();
  const std::size_t company = random_.chance(330) ? random_.index(std::min<std::size_t>(100, companies))
                                                  : random_.index(companies);
  request_.company = static_cast<std::uint32_t>(company);
  request_.contact = static_cast<std::uint8_t>(random_.below(3));

  unsigned fields = kName;
  switch (request_.channel) {
    case Channel::hotline:
      fields |= kPhone;
      fields |= random_.chance(700) ? kCompany : 0u;
      break;
    case Channel::wechat:
      fields |= random_.chance(600) ? kPhone : 0u;
      fields |= random_.chance(500) ? kCompany : 0u;
      break;
    case Channel::email:
      fields |= kEmail | kCompany;
      fields |= random_.chance(500) ? kPhone : 0u;
      break;
  }
  fields |= random_.chance(working_time ? 300 : 200) ? kAddress : 0u;
  request_.fields = static_cast<std::uint8_t>(fields);
}

void PlanBuilder::choose_matter() {
  std::vector<int> weights;
  for (const Unit& unit : directory_.units()) {
    weights.push_back(unit.request_weight);
  }
  topic_unit_ = unit_ = random_.weighted(weights.data(), weights.size());

  if (fate_ == Fate::out_of_scope) {
    request_.out_of_scope = true;
    request_.topic = static_cast<std::uint16_t>(random_.index(out_of_scope_topics().size()));
    category_ = random_.chance(500) ? Category::consultation : Category::general;
    return;
  }

  category_ = static_cast<Category>(random_.weighted({45, 40, 15}));
  const std::vector<std::size_t>& candidates = world_.topics_by[topic_unit_][static_cast<std::size_t>(category_)];
  request_.topic = static_cast<std::uint16_t>(candidates[random_.index(candidates.size())]);

  if (fate_ == Fate::normal) {
    return_planned_ = random_.chance(45);
    return_before_claim_ = random_.chance(650);
  }
  if (fate_ == Fate::declined_after_dispatch) {
    decline_before_claim_ = random_.chance(500);
  }
}

// Picks a recent request that this one repeats: registered before this one
// arrived and received at most five days earlier.
bool PlanBuilder::choose_duplicate(const std::deque<RecentRequest>& recent) {
  std::vector<const RecentRequest*> candidates;
  for (const RecentRequest& earlier : recent) {
    if (earlier.registered_at + seconds(60) < request_.received_at &&
        request_.received_at - earlier.received_at <= seconds(5 * 86400)) {
      candidates.push_back(&earlier);
    }
  }
  if (candidates.empty()) {
    return false;
  }
  original_ = *candidates[random_.index(candidates.size())];
  return true;
}

void PlanBuilder::plan_duplicate() {
  // Most repeats are spotted at once. Some are drafted first and merged
  // while the office leader has not yet signed.
  if (random_.chance(300)) {
    const int order = draft(Draft{static_cast<std::uint8_t>(unit_), category_, {{-1, -1}}});
    advance(work(now_, 2, 12), EventType::draft, OfficeRole::officer, order);
  }
  advance(work(now_, 3, 25), EventType::merge_duplicate, OfficeRole::officer);
}

Draft PlanBuilder::final_draft() {
  Draft order{static_cast<std::uint8_t>(topic_unit_), category_, {{-1, -1}}};
  // Per-mille chance of assisting units, by category.
  constexpr int kAssistingPermille[] = {50, 250, 700};
  const int permille = kAssistingPermille[static_cast<std::size_t>(category_)];
  if (!request_.out_of_scope && random_.chance(permille)) {
    order.assisting[0] = static_cast<std::int8_t>(other_unit(topic_unit_));
    if (random_.chance(300)) {
      std::uint8_t second = other_unit(topic_unit_);
      while (second == static_cast<std::uint8_t>(order.assisting[0])) {
        second = other_unit(topic_unit_);
      }
      order.assisting[1] = static_cast<std::int8_t>(second);
    }
  }
  return order;
}

std::uint8_t PlanBuilder::other_unit(std::size_t excluded) {
  const std::size_t count = directory_.units().size();
  const std::size_t offset = 1 + random_.index(count - 1);
  return static_cast<std::uint8_t>((excluded + offset) % count);
}

void PlanBuilder::plan_intake() {
  const bool hotline = request_.channel == Channel::hotline;

  if (fate_ == Fate::withdrawn && withdraw_stage_ == Stage::registered) {
    advance(work(now_, 1, 10), EventType::withdraw, OfficeRole::officer);
    return;
  }

  // A send-back either corrects the lead unit or requests a fuller record.
  const bool send_back = random_.chance(30);
  const std::size_t send_back_variant = random_.index(2);
  return_planned_ = return_planned_ && !send_back;
  Draft order = final_draft();
  const Draft correct = order;
  if (return_planned_ || (send_back && send_back_variant == 0)) {
    // The first work order names the wrong unit.
    order = Draft{other_unit(topic_unit_), category_, {{-1, -1}}};
  }

  advance(hotline ? work(now_, 1, 2) : work(now_, 2, 10), EventType::draft, OfficeRole::officer, draft(order));
  if (send_back) {
    advance(work(now_, 2, 25), EventType::send_back, OfficeRole::office_leader);
    request_.steps.back().variant = static_cast<std::uint8_t>(send_back_variant);
    order = correct;
    advance(work(now_, 2, 15), EventType::draft, OfficeRole::officer, draft(order));
  }
  unit_ = order.unit;

  if (fate_ == Fate::withdrawn && withdraw_stage_ == Stage::awaiting_approval) {
    advance(work(now_, 2, 30), EventType::withdraw, OfficeRole::officer);
    return;
  }
  if (fate_ == Fate::out_of_scope) {
    plan_declined_at_intake();
    return;
  }
  plan_dispatched(approve_dispatch(now_));
}

Instant PlanBuilder::approve_dispatch(Instant drafted_at) {
  // The office leader signs within minutes, and now and then only after a
  // meeting, which breaks the 10-minute dispatch limit of hotline calls.
  Instant at;
  if (request_.channel == Channel::hotline) {
    at = random_.chance(80) ? work(drafted_at, 6, 45) : work(drafted_at, 1, 3);
  } else {
    at = random_.chance(60) ? work(drafted_at, 40, 180) : work(drafted_at, 3, 20);
  }
  advance(at, EventType::approve_dispatch, OfficeRole::office_leader);
  return now_;
}

void PlanBuilder::plan_declined_at_intake() {
  advance(work(now_, 3, 60), EventType::decline_at_intake, OfficeRole::office_leader);
  // One in ten explanations comes after its 2-working-day limit, so the
  // explanation clock breaches and escalates.
  const Instant explained = random_.chance(100) ? work(now_, 1000, 2200) : work(now_, 30, 700);
  advance(explained, EventType::explain_decline, OfficeRole::officer);
  plan_archive();
}

void PlanBuilder::plan_dispatched(Instant dispatched_at) {
  if (fate_ == Fate::withdrawn && withdraw_stage_ == Stage::dispatched) {
    advance(work(now_, 10, 400), EventType::withdraw, OfficeRole::officer);
    return;
  }
  RoundEnd end = plan_round(dispatched_at, true, return_planned_);
  if (end == RoundEnd::returned) {
    // The office re-drafts the work order for the unit the returning unit
    // named, and the new lead unit starts a fresh first round.
    const Draft order = final_draft();
    advance(work(now_, 3, 20), EventType::draft, OfficeRole::officer, draft(order));
    unit_ = order.unit;
    assisting_planned_ = false;
    end = plan_round(approve_dispatch(now_), true, false);
  }
  if (end == RoundEnd::replied) {
    plan_closing();
  }
}

RoundEnd PlanBuilder::plan_round(Instant start, bool first_round, bool may_return) {
  round_start_ = start;
  extension_days_ = 0;
  paused_ = seconds(0);
  const Unit& unit = directory_.units()[unit_];
  const bool late = random_.chance(first_round ? unit.late_permille : 40);

  if (first_round && random_.chance(35)) {
    // The office leader corrects the category before the unit starts.
    Category corrected = category_;
    switch (category_) {
      case Category::consultation:
        corrected = random_.chance(700) ? Category::general : Category::difficult;
        break;
      case Category::general:
        corrected = random_.chance(600) ? Category::difficult : Category::consultation;
        break;
      case Category::difficult:
        corrected = Category::general;
        break;
    }
    advance(work(now_, 10, 120), EventType::reclassify, OfficeRole::office_leader, static_cast<int>(corrected));
    category_ = corrected;
  }

  if (handler_ < 0) {
    if (first_round && fate_ == Fate::declined_after_dispatch && decline_before_claim_) {
      const int rule = static_cast<int>(random_.index(after_dispatch_rules().size()));
      advance(work(now_, 20, 400), EventType::decline_after_dispatch, unit_leader(), rule);
      return RoundEnd::replied;
    }
    if (may_return && return_before_claim_) {
      advance(work(now_, 10, 240), EventType::return_to_office, unit_leader(), static_cast<int>(topic_unit_));
      return RoundEnd::returned;
    }
    const std::vector<std::size_t>& handlers = unit.handlers;
    handler_ = static_cast<int>(handlers[random_.index(handlers.size())]);
    advance(late ? work(now_, 60, 600) : work(now_, 5, 90), EventType::claim, unit_leader(), handler_);
  }
  const Instant claimed_at = now_;

  if (may_return && !return_before_claim_) {
    advance(work(now_, 20, 300), EventType::return_to_office, unit_leader(), static_cast<int>(topic_unit_));
    handler_ = -1;
    return RoundEnd::returned;
  }
  if (first_round && fate_ == Fate::withdrawn && withdraw_stage_ == Stage::handling) {
    advance(work(now_, 30, 900), EventType::withdraw, OfficeRole::officer);
    return RoundEnd::withdrawn;
  }

  const auto handler = static_cast<std::size_t>(handler_);
  if (random_.chance(first_round ? 850 : 500)) {
    advance(work(now_, 10, 240), EventType::record_first_contact, handler);
  }
  if (first_round && fate_ == Fate::declined_after_dispatch) {
    const int rule = static_cast<int>(random_.index(after_dispatch_rules().size()));
    advance(work(now_, 30, 600), EventType::decline_after_dispatch, unit_leader(), rule);
    return RoundEnd::replied;
  }

  if (first_round && random_.chance(40)) {
    // The enterprise owes a document: the clock pauses from the approval
    // to the resumption.
    const int material = static_cast<int>(random_.index(missing_materials().size()));
    const std::size_t requester = random_.chance(600) ? handler : unit_leader();
    advance(work(now_, 30, 300), EventType::request_suspension, requester, material);

    const OfficeRole decider = random_.chance(500) ? OfficeRole::officer : OfficeRole::office_leader;
    if (random_.chance(800)) {
      advance(work(now_, 10, 120), EventType::approve_suspension, decider);
      const Instant paused_at = now_;
      std::size_t resumer = handler;
      if (random_.chance(500)) {
        resumer = random_.chance(600) ? person(OfficeRole::officer) : unit_leader();
      }
      advance(work(now_, 450, 2250), EventType::resume, resumer, material);
      paused_ += world_.calendar.elapsed_working_time(paused_at, now_).value;
    } else {
      advance(work(now_, 10, 120), EventType::reject_suspension, decider);
    }
  }

  Instant due = handling_due();
  const int extension_permille = category_ == Category::consultation ? 30 : 100;
  if (first_round && random_.chance(extension_permille)) {
    // Requested before the deadline when there is time left. The office
    // leader approves seven in ten.
    const Instant requested_at = due - now_ > seconds(1800) ? within(now_, due, 300, 800) : work(now_, 5, 60);
    const int days = random_.between_int(1, 5);
    advance(requested_at, EventType::request_extension, unit_leader(), days);
    const bool approved = random_.chance(700);
    advance(work(now_, 20, 240), approved ? EventType::approve_extension : EventType::reject_extension,
            OfficeRole::office_leader);
    if (approved) {
      extension_days_ += days;
      due = handling_due();
    }
  }

  Instant reply_at;
  if (late) {
    reply_at = work(due, 30, 1800);
  } else if (world_.calendar.elapsed_working_time(now_, due).value > seconds(1800)) {
    reply_at = within(now_, due, 300, 950);
  } else {
    reply_at = work(now_, 20, 90);
  }
  reply_at = later_than(reply_at, now_ + seconds(600));

  // Opinions are requested once per work order. A first round that ended
  // in a decline leaves them to the round after a rework or reopen.
  if (!assisting_planned_) {
    assisting_planned_ = true;
    plan_assisting(start, claimed_at, reply_at);
  }
  plan_urges(start, due, reply_at);
  plan_reply(reply_at, first_round);
  return RoundEnd::replied;
}

void PlanBuilder::plan_reply(Instant reply_at, bool first_round) {
  const auto handler = static_cast<std::size_t>(handler_);
  switch (category_) {
    case Category::consultation:
      advance(reply_at, EventType::answer_consultation, handler);
      break;
    case Category::general:
      advance(within(now_, reply_at, 300, 800), EventType::propose_general, handler);
      advance(reply_at, EventType::sign_general_reply, unit_leader());
      break;
    case Category::difficult:
      // The committee leader sends three in ten first-round plans back for
      // revision.
      if (first_round && random_.chance(300)) {
        advance(within(now_, reply_at, 150, 300), EventType::submit_special_report, unit_leader());
        advance(within(now_, reply_at, 250, 450), EventType::revise_plan, directory_.committee_leader());
        advance(within(now_, reply_at, 300, 700), EventType::submit_special_report, unit_leader());
      } else {
        advance(within(now_, reply_at, 300, 800), EventType::submit_special_report, unit_leader());
      }
      advance(reply_at, EventType::approve_plan, directory_.committee_leader());
      break;
  }
}

void PlanBuilder::plan_assisting(Instant dispatched_at, Instant claimed_at, Instant reply_at) {
  const Draft& order = request_.drafts.back();
  int missing = -1;
  for (const std::int8_t assisting : order.assisting) {
    if (assisting < 0) {
      continue;
    }
    const Unit& unit = directory_.units()[static_cast<std::size_t>(assisting)];
    const Instant at = within(dispatched_at, reply_at, 100, 900);
    // One assisting unit in eight misses the reply, and the service officer
    // lets the reply go out without its opinion.
    if (random_.chance(125) || at - dispatched_at < seconds(60) || reply_at - at < seconds(60)) {
      missing = missing < 0 ? assisting : missing;
      continue;
    }
    const std::size_t author = random_.chance(700) ? unit.leader : unit.handlers[random_.index(unit.handlers.size())];
    add(at, EventType::submit_assisting_opinion, author);
  }
  if (missing >= 0) {
    Instant at = within(claimed_at, reply_at, 700, 950);
    if (at - claimed_at < seconds(60)) {
      at = claimed_at + seconds(60);
    }
    // The override must come before the reply, which needs it.
    if (reply_at - at < seconds(60)) {
      at = reply_at - seconds(60);
    }
    add(at, EventType::override_assisting, OfficeRole::officer, missing);
  }
}

void PlanBuilder::plan_urges(Instant start, Instant due, Instant reply_at) {
  if (reply_at > due && random_.chance(750)) {
    const Instant first = work(due, 30, 400);
    if (reply_at - first > seconds(60)) {
      add(first, EventType::urge, directory_.supervisor());
      request_.steps.back().variant = 0;
      const Instant second = work(first, 200, 900);
      if (random_.chance(300) && reply_at - second > seconds(60)) {
        add(second, EventType::urge, OfficeRole::officer);
        request_.steps.back().variant = 1;
      }
    }
  }
  if (random_.chance(30)) {
    const Instant at = within(start, reply_at, 300, 700);
    if (at - start > seconds(60) && reply_at - at > seconds(60)) {
      add(at, EventType::urge, OfficeRole::officer);
      request_.steps.back().variant = 1;
    }
  }
}

void PlanBuilder::plan_closing() {
  const bool by_handler = handler_ >= 0 && random_.chance(800);
  const std::size_t reporter = by_handler ? static_cast<std::size_t>(handler_) : unit_leader();
  const int attachment = random_.chance(400) ? 1 : 0;
  advance(work(now_, 20, 900), EventType::report_result, reporter, attachment);

  // The reviewer sends some results back. A decline after dispatch is sent
  // back more often, so the stream contains reworks of unclaimed tickets.
  const int rework_permille = fate_ == Fate::declined_after_dispatch ? 250 : 30;
  if (!rework_used_ && random_.chance(rework_permille)) {
    rework_used_ = true;
    advance(work(now_, 30, 900), EventType::request_rework, OfficeRole::reviewer);
    plan_round(now_, false, false);
    plan_closing();
    return;
  }
  advance(work(now_, 30, 900), EventType::accept_result, OfficeRole::reviewer);
  plan_return_visits();
}

void PlanBuilder::plan_return_visits() {
  Instant visit_at = work(now_, 60, 1350);
  bool unreachable = false;
  for (int attempt = 1;; ++attempt) {
    // Per mille: satisfied, basically satisfied, dissatisfied, unreachable.
    // A requester not reached once is often not reached again, so some
    // tickets use every attempt.
    std::size_t result = 0;
    if (unreachable) {
      result = random_.weighted({300, 150, 100, 450});
    } else if (reopen_used_) {
      result = random_.weighted({760, 180, 40, 20});
    } else {
      result = random_.weighted({720, 160, 70, 50});
    }
    const int satisfaction = static_cast<int>(result);
    unreachable = satisfaction == 3;
    advance(visit_at, EventType::return_visit, OfficeRole::officer, satisfaction);
    if (satisfaction <= 1) {
      break;
    }
    if (satisfaction == 3) {
      if (attempt >= world_.policy.return_visit_attempts) {
        break;  // the last attempt closes the ticket as unreachable
      }
      visit_at = work(now_, 240, 900);
      continue;
    }
    // Dissatisfied: reopened once, otherwise closed with a note.
    const OfficeRole actor = random_.chance(600) ? OfficeRole::officer : OfficeRole::office_leader;
    if (!reopen_used_ && random_.chance(550)) {
      reopen_used_ = true;
      advance(work(now_, 30, 600), EventType::reopen, actor);
      plan_round(now_, false, false);
      plan_closing();
      return;
    }
    advance(work(now_, 30, 600), EventType::close_with_note, actor);
    break;
  }
  plan_archive();
}

void PlanBuilder::plan_archive() { advance(work(now_, 30, 2250), EventType::archive, OfficeRole::officer); }

}  // namespace

std::string request_ref(std::int64_t index) {
  std::string digits = std::to_string(index + 1);
  if (digits.size() < 6) {
    digits.insert(0, 6 - digits.size(), '0');
  }
  return "R" + digits;
}

std::uint64_t content_seed(const World& world, std::int64_t index) {
  return Random::stream(world.seed, kContentDomain, static_cast<std::uint64_t>(index)).next();
}

void index_topics(World& world) {
  world.topics_by.assign(world.directory.units().size(), {});
  const std::vector<Topic>& all = topics();
  for (std::size_t i = 0; i < all.size(); ++i) {
    world.topics_by.at(all[i].unit)[static_cast<std::size_t>(all[i].category)].push_back(i);
  }
}

Request build_request(const World& world, std::int64_t index, Instant received_at,
                      const std::deque<RecentRequest>& recent) {
  Request request;
  request.index = index;
  request.received_at = received_at;
  PlanBuilder(world, request).build(recent);
  return request;
}

}  // namespace stream_generator
