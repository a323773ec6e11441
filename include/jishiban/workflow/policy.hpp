// Service rules of the workflow: the time limits for dispatching, handling
// and declining requests, the SLA warning, escalation of overdue tickets,
// return visits, and the pattern of ticket numbers (来件编号).
//
// Policy::standard() returns the administration's rules. A JSON policy file
// overrides any of them:
//
//   {
//     "dispatch_minutes": {"hotline": 10, "email": 60, "wechat": 60},
//     "handling_days": {"consultation": 1, "general": 2, "difficult": 3},
//     "decline_days": 2,
//     "day_convention": "legal_period",
//     "warning_share": 0.75,
//     "escalation_grace_days": 1,
//     "return_visit_attempts": 3,
//     "ticket_number_pattern": "PW{year}{seq:06}",
//     "note": "free text"
//   }
//
// Every key is optional. A missing key keeps the standard value, and so does
// a channel or category missing from "dispatch_minutes" or "handling_days".
// The free-text key "note" describes the file and is not stored. Any other
// key is rejected, so a typo cannot drop a setting silently.
#ifndef JISHIBAN_WORKFLOW_POLICY_HPP
#define JISHIBAN_WORKFLOW_POLICY_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jishiban/calendar/deadline.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"

namespace jishiban {

struct Policy {
  // The number of Channel and Category values. The arrays below hold one
  // entry per value, in declaration order.
  static constexpr std::size_t channel_count = 3;
  static constexpr std::size_t category_count = 3;

  // Working minutes from receipt to dispatch, by channel: 1 to 100000.
  std::array<std::chrono::minutes, channel_count> dispatch_targets{std::chrono::minutes(10), std::chrono::minutes(60),
                                                                   std::chrono::minutes(60)};

  // Working days to handle a request, by category: 1 to 100.
  std::array<int, category_count> handling_days_by_category{1, 2, 3};

  // Working days within which a declined request gets its explanation: 1 to
  // 100.
  int decline_days = 2;

  // How the day limits above are counted.
  DayConvention day_convention = DayConvention::legal_period;

  // Share of the allowed working time after which the SLA warning fires,
  // strictly between 0 and 1.
  double warning_share = 0.75;

  // Working days from the breach of a limit to the escalation of the overdue
  // ticket to discipline inspection (纪检工作部): 0 to 100, where 0 escalates
  // at the breach.
  int escalation_grace_days = 1;

  // Return-visit (回访) attempts before the ticket closes as unreachable: 1
  // to 20.
  int return_visit_attempts = 3;

  // Pattern of ticket numbers, as accepted by validate_ticket_number_pattern.
  std::string ticket_number_pattern = "PW{year}{seq:06}";

  // The administration's rules, equal to a default-constructed Policy.
  static Policy standard();

  std::chrono::minutes dispatch_target(Channel channel) const noexcept {
    return dispatch_targets[static_cast<std::size_t>(channel)];
  }
  void set_dispatch_target(Channel channel, std::chrono::minutes target) noexcept {
    dispatch_targets[static_cast<std::size_t>(channel)] = target;
  }

  int handling_days(Category category) const noexcept {
    return handling_days_by_category[static_cast<std::size_t>(category)];
  }
  void set_handling_days(Category category, int days) noexcept {
    handling_days_by_category[static_cast<std::size_t>(category)] = days;
  }

  // Checks every setting against the ranges above and the ticket number
  // pattern. Throws Error{invalid_argument} naming the first bad setting.
  void validate() const;

  friend bool operator==(const Policy& a, const Policy& b) noexcept {
    return a.dispatch_targets == b.dispatch_targets && a.handling_days_by_category == b.handling_days_by_category &&
           a.decline_days == b.decline_days && a.day_convention == b.day_convention &&
           a.warning_share == b.warning_share && a.escalation_grace_days == b.escalation_grace_days &&
           a.return_visit_attempts == b.return_visit_attempts && a.ticket_number_pattern == b.ticket_number_pattern;
  }
  friend bool operator!=(const Policy& a, const Policy& b) noexcept { return !(a == b); }
};

// Parses policy JSON on top of Policy::standard(). `source` names the text in
// error messages (a path). Throws Error{invalid_data} naming the source, the
// entry and the problem: malformed JSON, a duplicate or unknown key, a value
// of the wrong type, a fraction where an integer is required, a value out of
// its range, an unknown day convention, or an invalid ticket number pattern.
Policy parse_policy(std::string_view json_text, std::string_view source);

// Reads and parses a policy file. Throws Error{io_error} when it cannot be
// read, otherwise as parse_policy.
Policy load_policy(const std::string& path);

// Serializes every setting of `policy` to the JSON form that parse_policy
// reads, indented by two spaces and ending in a newline. Throws
// Error{invalid_argument} when policy.validate() does.
std::string to_json(const Policy& policy);

// Checks a ticket number pattern. Literal characters are ASCII letters,
// digits, '-' and '_'. The placeholders are {year}, the four-digit year, at
// most once, and exactly one of {seq}, the sequence number, or {seq:0N}, the
// sequence number zero-padded to N digits with N from 1 to 12. Throws
// Error{invalid_argument} naming the pattern and the problem: an empty
// pattern, more than 64 characters, another character or placeholder, an
// unbalanced brace, or a wrong number of placeholders.
void validate_ticket_number_pattern(std::string_view pattern);

// Formats a ticket number: ("PW{year}{seq:06}", 2026, 123) gives
// "PW2026000123". A sequence number wider than the padding is written in
// full. Throws Error{invalid_argument} for an invalid pattern, a year outside
// 1900-2199, or a sequence number below 1.
std::string format_ticket_number(std::string_view pattern, int year, std::int64_t sequence);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_POLICY_HPP
