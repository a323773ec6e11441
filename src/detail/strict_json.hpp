// Strict JSON reading shared by the parsers of calendar and policy files.
// Private to the library.
#ifndef JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP
#define JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "jishiban/error.hpp"

namespace jishiban::detail {

// Files the library reads are small (the official 2004-2026 calendar is about
// 50 KiB); these limits stop a wrong file from exhausting memory.
inline constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;
inline constexpr int kMaxJsonDepth = 16;

// Raises Error{invalid_data} naming the source, the entry and the problem.
[[noreturn]] void data_error(std::string_view source, const std::string& entry, const std::string& problem_en,
                             const std::string& problem_zh);

// Raises Error{code} in the form of data_error, for problems of another
// kind, such as an integer outside its field's range (out_of_range).
[[noreturn]] void entry_error(ErrorCode code, std::string_view source, const std::string& entry,
                              const std::string& problem_en, const std::string& problem_zh);

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

// The same for two lists of allowed keys, such as the required and the
// optional keys of an object.
void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         std::initializer_list<const char*> also_allowed, std::string_view source,
                         const std::string& entry);

// Returns the text of each number in `json_text` that nlohmann/json 3.11
// stores as a double, by entry ("payload.days", "items[2]"): numbers with a
// fraction or an exponent, and integers outside both the int64 and the
// uint64 range. Their doubles print 1e30 as 1e+30 and -9223372036854775809
// as -9.223372036854776e+18. Raises invalid_data naming `source` and the
// entry for a number too large for a double, which parse_strict_json
// reports without the entry. Other problems end the scan silently and are
// left to parse_strict_json.
std::map<std::string, std::string> scan_float_texts(std::string_view json_text, std::string_view source);

// Returns `value`, or raises invalid_data when it is not of `type`.
const nlohmann::json& require_type(const nlohmann::json& value, nlohmann::json::value_t type, const char* type_label,
                                   std::string_view source, const std::string& entry);

// Reads a whole file of at most kMaxFileBytes. `what_en` and `what_zh` name
// the kind of file in messages ("calendar file", "日历文件"). Raises io_error
// when it cannot be read and invalid_data when it is too large.
std::string read_small_file(const std::string& path, const char* what_en, const char* what_zh);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_DETAIL_STRICT_JSON_HPP
