// Events and tickets built by hand for the history tests, without the
// engine: one with every field set, and random ones from a seeded generator.
#ifndef JISHIBAN_TEST_HISTORY_SAMPLES_HPP
#define JISHIBAN_TEST_HISTORY_SAMPLES_HPP

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/history.hpp"
#include "jishiban/workflow/ticket.hpp"
#include "test_support.hpp"

namespace jishiban_test {

// A clock with every field set to a value other than its default.
inline jishiban::SlaClock full_clock(jishiban::SlaClockKind kind) {
  using std::chrono::seconds;
  jishiban::SlaClock clock;
  clock.kind = kind;
  clock.target = jishiban::TargetSpec::working_days(3, jishiban::DayConvention::working_time);
  clock.start = china_instant(2026, 10, 8, 9, 20, 0);
  clock.due = china_instant(2026, 10, 13, 17, 30, 0);
  clock.warning_at = china_instant(2026, 10, 12, 15, 45, 30);
  clock.escalation_at = china_instant(2026, 10, 14, 17, 30, 0);
  clock.provisional = true;
  clock.paused_at = china_instant(2026, 10, 9, 10, 0, 0);
  clock.paused = seconds(5400);
  clock.stopped_at = china_instant(2026, 10, 13, 11, 5, 7);
  clock.extensions = 2;
  clock.extension_days = 5;
  clock.warned = true;
  clock.breached = true;
  clock.escalated = true;
  return clock;
}

// An event of `type` with every field set, text in Chinese and English, and
// characters JSON must escape.
inline jishiban::Event full_event(jishiban::EventType type) {
  using namespace jishiban;
  Event event;
  event.ticket_id = "PW2026000123";
  event.sequence = 7;
  event.type = type;
  event.at = china_instant(2026, 10, 8, 9, 20, 0);
  event.actor = Actor{"u-017", "王芳", Role::unit_leader, "区税务局"};

  Payload& payload = event.payload;
  payload.received_at = china_instant(2026, 10, 8, 8, 55, 12);
  payload.channel = Channel::wechat;
  payload.requester = Requester{"张三", "大连某某科技有限公司", "普湾新区 1 号", "13812345678", "zs@example.com"};
  payload.content = "申请办理\"环评\"手续\n第二行\t制表符 \\ 反斜杠";
  payload.category = Category::difficult;
  payload.lead_unit = "区税务局";
  payload.assisting_units = {"区市场监管局", "", "自然资源分局"};
  payload.proposed_handling = "请税务局牵头办理";
  payload.handler_id = "u-042";
  payload.handler_name = "李四";
  payload.text = "opinion text";
  payload.rule = "第七条";
  payload.days = 3;
  payload.result = ResultReport{"问题", "处理过程", "结果", {"file-1", "https://example.com/a.pdf"}};
  payload.satisfaction = Satisfaction::basically_satisfied;
  payload.duplicate_of = "PW2026000100";

  event.computed.dispatch_clock = full_clock(SlaClockKind::dispatch);
  event.computed.handling_clock = full_clock(SlaClockKind::handling);
  event.computed.lost_working_time = std::chrono::seconds(5400);
  event.computed.year = 2026;
  event.computed.sequence = 123;
  event.computed.final_attempt = true;
  event.comment = "备注 with \x01 control";
  return event;
}

// Random events. With `json_safe`, strings are valid UTF-8 and instants lie
// in years 1900-2100, which the JSON form can carry. Without it, strings are
// arbitrary bytes and instants any 64-bit value, which only the binary
// encoding carries.
class RandomEvents {
 public:
  RandomEvents(std::uint64_t seed, bool json_safe) : random_(seed), json_safe_(json_safe) {}

  jishiban::Event event() {
    using namespace jishiban;
    Event event;
    event.ticket_id = chance(8) ? text() : "PW2026000001";
    event.sequence = chance(4) ? integer<std::uint64_t>() : next_sequence_++;
    event.type = static_cast<EventType>(below(event_type_count));
    event.at = instant();
    event.actor = Actor{text(), text(), static_cast<Role>(below(9)), text()};

    Payload& payload = event.payload;
    payload.received_at = maybe_instant();
    if (chance(2)) {
      payload.channel = static_cast<Channel>(below(3));
    }
    if (chance(3)) {
      payload.requester = Requester{text(), text(), text(), text(), text()};
    }
    payload.content = text();
    if (chance(2)) {
      payload.category = static_cast<Category>(below(3));
    }
    payload.lead_unit = text();
    payload.assisting_units = texts();
    payload.proposed_handling = text();
    payload.handler_id = text();
    payload.handler_name = text();
    payload.text = text();
    payload.rule = text();
    payload.days = chance(2) ? 0 : integer<int>();
    if (chance(3)) {
      payload.result = ResultReport{text(), text(), text(), texts()};
    }
    if (chance(2)) {
      payload.satisfaction = static_cast<Satisfaction>(below(4));
    }
    payload.duplicate_of = text();

    event.computed.dispatch_clock = maybe_clock(event.at);
    event.computed.handling_clock = maybe_clock(event.at);
    event.computed.lost_working_time = std::chrono::seconds(chance(2) ? 0 : integer<std::int64_t>());
    event.computed.year = chance(2) ? 0 : integer<int>();
    event.computed.sequence = chance(2) ? 0 : integer<std::int64_t>();
    event.computed.final_attempt = chance(2);
    event.comment = text();

    // Drawn last, so the fields above get the same values as before.
    if (chance(2)) {
      payload.source_id = integer<std::int64_t>();
    }
    return event;
  }

 private:
  // True with probability 1 / `one_in`.
  bool chance(std::uint64_t one_in) { return below(one_in) == 0; }

  std::uint64_t below(std::uint64_t limit) { return std::uniform_int_distribution<std::uint64_t>(0, limit - 1)(random_); }

  template <class Integer>
  Integer integer() {
    if (json_safe_ && chance(2)) {
      return std::uniform_int_distribution<Integer>(0, 100)(random_);
    }
    return std::uniform_int_distribution<Integer>(std::numeric_limits<Integer>::min(),
                                                  std::numeric_limits<Integer>::max())(random_);
  }

  jishiban::Instant instant() {
    if (json_safe_) {
      const std::int64_t first = china_unix_seconds(1900, 1, 1);
      const std::int64_t last = china_unix_seconds(2100, 12, 31);
      return jishiban::Instant::from_unix_seconds(std::uniform_int_distribution<std::int64_t>(first, last)(random_));
    }
    if (chance(4)) {
      return jishiban::Instant::from_unix_seconds(integer<std::int64_t>());
    }
    // Mostly close to the previous instant, as in a real history.
    last_instant_ += std::chrono::seconds(std::uniform_int_distribution<std::int64_t>(-100000, 100000)(random_));
    return last_instant_;
  }

  std::optional<jishiban::Instant> maybe_instant() {
    return chance(2) ? std::optional<jishiban::Instant>(instant()) : std::nullopt;
  }

  std::optional<jishiban::SlaClock> maybe_clock(jishiban::Instant at) {
    using namespace jishiban;
    if (chance(2)) {
      return std::nullopt;
    }
    SlaClock clock;
    clock.kind = static_cast<SlaClockKind>(below(2));
    clock.target = TargetSpec{chance(2) ? std::int64_t{10} : integer<std::int64_t>(),
                              static_cast<TargetUnit>(below(2)), static_cast<DayConvention>(below(2))};
    clock.start = chance(2) ? at : instant();
    clock.due = instant();
    clock.warning_at = instant();
    clock.escalation_at = chance(2) ? clock.due : instant();
    clock.provisional = chance(2);
    clock.paused_at = maybe_instant();
    clock.paused = std::chrono::seconds(chance(2) ? 0 : integer<std::int64_t>());
    clock.stopped_at = maybe_instant();
    clock.extensions = chance(2) ? 0 : integer<int>();
    clock.extension_days = chance(2) ? 0 : integer<int>();
    clock.warned = chance(2);
    clock.breached = chance(2);
    clock.escalated = chance(2);
    return clock;
  }

  std::string text() {
    static const std::vector<std::string> kFragments = {"a", "Z", "0", " ", "\"", "\\", "\n", "\x01", "/",
                                                        "王", "芳", "税务局", "€", "𝄞", "{}"};
    std::string out;
    const std::uint64_t length = chance(3) ? 0 : below(8);
    for (std::uint64_t i = 0; i < length; ++i) {
      if (json_safe_) {
        out += kFragments[below(kFragments.size())];
      } else {
        out.push_back(static_cast<char>(below(256)));
      }
    }
    return out;
  }

  std::vector<std::string> texts() {
    std::vector<std::string> out(chance(2) ? 0 : below(4));
    for (std::string& item : out) {
      item = text();
    }
    return out;
  }

  std::mt19937_64 random_;
  bool json_safe_;
  std::uint64_t next_sequence_ = 1;
  jishiban::Instant last_instant_ = china_instant(2026, 10, 8, 9, 0, 0);
};

}  // namespace jishiban_test

namespace jishiban {

// Prints events and tickets in failure messages as their JSON form, or by
// id when the JSON form cannot carry them.
inline void PrintTo(const Event& event, std::ostream* out) {
  try {
    *out << to_json(event);
  } catch (const Error&) {
    *out << "event " << event.sequence << " of ticket " << quote_for_message(event.ticket_id);
  }
}

inline void PrintTo(const Ticket& ticket, std::ostream* out) {
  try {
    *out << to_json(ticket);
  } catch (const Error&) {
    *out << "ticket " << quote_for_message(ticket.id);
  }
}

}  // namespace jishiban

#endif  // JISHIBAN_TEST_HISTORY_SAMPLES_HPP
