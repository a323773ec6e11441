// UTF-8 helpers shared by the parsers.
#ifndef JISHIBAN_SRC_DETAIL_UTF8_HPP
#define JISHIBAN_SRC_DETAIL_UTF8_HPP

#include <string>
#include <string_view>

namespace jishiban::detail {

// Returns `text` with every byte that is not part of a well-formed UTF-8
// sequence replaced by U+FFFD, so text quoted from bad input stays printable.
std::string sanitize_utf8(std::string_view text);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_DETAIL_UTF8_HPP
