#include "jishiban/error.hpp"

#include <cstdlib>
#include <cstring>

#include "jishiban/text/utf8.hpp"
#include "jishiban/version.hpp"

namespace jishiban {

int library_version() noexcept { return JISHIBAN_VERSION; }

Language language_from_environment() noexcept {
  const char* lang = std::getenv("LANG");
  if (lang != nullptr && std::strncmp(lang, "zh", 2) == 0) {
    return Language::zh_CN;
  }
  return Language::en;
}

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::invalid_data:
      return "invalid_data";
    case ErrorCode::calendar_not_covered:
      return "calendar_not_covered";
    case ErrorCode::out_of_range:
      return "out_of_range";
    case ErrorCode::io_error:
      return "io_error";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::invalid_transition:
      return "invalid_transition";
    case ErrorCode::busy:
      return "busy";
  }
  return "unknown";
}

namespace {

std::string tagged(ErrorCode code, const std::string& message) {
  std::string text = "[jishiban.";
  text += error_code_name(code);
  text += "] ";
  text += message;
  return text;
}

}  // namespace

// Messages quote input, so they are made valid UTF-8 here once for every
// error, whatever the caller quoted.
Error::Error(ErrorCode code, std::string message_en, std::string message_zh)
    : std::runtime_error(tagged(code, sanitize_utf8(message_en))),
      code_(code),
      message_en_(sanitize_utf8(message_en)),
      message_zh_(sanitize_utf8(message_zh)) {}

}  // namespace jishiban
