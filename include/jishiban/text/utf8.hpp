// UTF-8 checks for text that crosses the library's edges.
//
// Every string the library stores or prints is UTF-8. Input from files and
// command lines may not be, so parsers check it, and messages quote offending
// values through quote_for_message so an error never carries invalid bytes,
// terminal control sequences or megabytes of input.
#ifndef JISHIBAN_TEXT_UTF8_HPP
#define JISHIBAN_TEXT_UTF8_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace jishiban {

// Returns whether `text` is well-formed UTF-8: no stray continuation bytes,
// overlong forms, surrogates, or code points past U+10FFFF.
bool is_valid_utf8(std::string_view text) noexcept;

// Returns `text` with every byte that is not part of a well-formed UTF-8
// sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

// Returns `text` in double quotes for an error message: invalid bytes become
// U+FFFD, control characters become \xNN escapes, and text longer than
// `max_bytes` is cut at a character boundary and ends with "...".
std::string quote_for_message(std::string_view text, std::size_t max_bytes = 200);

}  // namespace jishiban

#endif  // JISHIBAN_TEXT_UTF8_HPP
