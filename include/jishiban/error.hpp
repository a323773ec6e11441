// Errors raised by the library.
//
// Every failure is a jishiban::Error carrying a stable ErrorCode and the same
// message in English and in Simplified Chinese. Callers branch on code(); the
// message wording is for people and may change between releases.
#ifndef JISHIBAN_ERROR_HPP
#define JISHIBAN_ERROR_HPP

#include <stdexcept>
#include <string>
#include <string_view>

namespace jishiban {

// Language of messages meant for people.
enum class Language { en, zh_CN };

// Returns zh_CN when the LANG environment variable starts with "zh", else en.
Language language_from_environment() noexcept;

// Stable error codes. The numbers never change and are reused by the C ABI,
// so new codes are only appended.
enum class ErrorCode : int {
  // A value supplied by the caller is malformed or out of its allowed domain:
  // a bad ISO 8601 string, 24:00 as an instant, February 30, a day count of 0
  // for a legal-period deadline.
  invalid_argument = 1,

  // A calendar file or string is malformed or contradictory: not JSON, a
  // duplicate key, a date that is both a holiday and a make-up working day,
  // overlapping working periods.
  invalid_data = 2,

  // Under the strict coverage policy, the computation needs a day of a year
  // for which no official holiday data is loaded. Load that year's data or
  // use the provisional policy.
  calendar_not_covered = 3,

  // The computation needs a day outside the range the calendar has
  // precomputed tables for (its covered years plus the provisional horizon),
  // or a number is outside the range of its type, such as a JSON integer
  // beyond signed 64 bits.
  out_of_range = 4,

  // A file could not be read.
  io_error = 5,

  // The ticket, actor or unit named by the caller does not exist.
  not_found = 6,

  // The caller's view is stale: the ticket changed since it was loaded (the
  // expected version did not match). Reload and retry.
  conflict = 7,

  // The actor's role or unit does not allow the action on this ticket.
  forbidden = 8,

  // The event is not allowed in the ticket's current state.
  invalid_transition = 9,

  // Another process held the database's write lock for longer than the
  // busy timeout and the retries allowed. Nothing was written: retry later.
  busy = 10,
};

// Returns the code's stable name, for example "invalid_argument".
std::string_view error_code_name(ErrorCode code) noexcept;

// The exception type of the library. what() returns
// "[jishiban.<code name>] <English message>". Messages are always valid
// UTF-8: the constructor replaces invalid bytes with U+FFFD.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message_en, std::string message_zh);

  ErrorCode code() const noexcept { return code_; }

  // The message without the code tag, in the requested language.
  const std::string& message(Language language = Language::en) const noexcept {
    return language == Language::zh_CN ? message_zh_ : message_en_;
  }

 private:
  ErrorCode code_;
  std::string message_en_;
  std::string message_zh_;
};

}  // namespace jishiban

#endif  // JISHIBAN_ERROR_HPP
