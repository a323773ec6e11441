// Strict JSON reading shared by the parsers of calendar and policy files.
// Private to the library.
#ifndef JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP
#define JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace jishiban::detail {

// Files the library reads are small (the official 2004-2026 calendar is about
// 50 KiB); these limits stop a wrong file from exhausting memory.
inline constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;
inline constexpr int kMaxJsonDepth = 16;

// Raises Error{invalid_data} naming the source, the entry and the problem.
[[noreturn]] void data_error(std::string_view source, const std::string& entry, const std::string& problem_en,
                             const std::string& problem_zh);

// `text` in quotes, made safe for a message by quote_for_message.
std::string quote_text(std::string_view text);

// Parses JSON and raises invalid_data for a syntax error, invalid UTF-8, a
// NUL byte, nesting deeper than kMaxJsonDepth, or a duplicate key:
// nlohmann/json keeps the last value of a repeated key silently, which could
// drop data.
nlohmann::json parse_strict_json(std::string_view text, std::string_view source);

// Raises invalid_data when `object` has a key outside `allowed`.
void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         std::string_view source, const std::string& entry);

// Returns `value`, or raises invalid_data when it is not of `type`.
const nlohmann::json& require_type(const nlohmann::json& value, nlohmann::json::value_t type, const char* type_label,
                                   std::string_view source, const std::string& entry);

// Reads a whole file of at most kMaxFileBytes. `what_en` and `what_zh` name
// the kind of file in messages ("calendar file", "日历文件"). Raises io_error
// when it cannot be read and invalid_data when it is too large.
std::string read_small_file(const std::string& path, const char* what_en, const char* what_zh);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP
