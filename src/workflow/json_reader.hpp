// Strict readers of JSON values and objects for the event and command
// parsers. Private to the library.
//
// Errors name the source and the key path, such as "payload.requester.phone".
// They are Error{out_of_range} for an integer outside its field's range and
// Error{invalid_data} for every other problem.
#ifndef JISHIBAN_SRC_WORKFLOW_JSON_READER_HPP
#define JISHIBAN_SRC_WORKFLOW_JSON_READER_HPP

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/strict_json.hpp"
#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/event.hpp"

namespace jishiban::json_reader {

using json = nlohmann::json;
using detail::data_error;
using detail::quote_text;

// --- Values ----------------------------------------------------------------

// A JSON value for a message: strings quoted, numbers as written, other
// values by their type.
inline std::string describe(const json& value) {
  if (value.is_string()) {
    return quote_text(value.get<std::string>());
  }
  if (value.is_number()) {
    return value.dump();
  }
  return value.type_name();
}

inline std::string read_string(const json& value, std::string_view source, const std::string& entry) {
  return detail::require_type(value, json::value_t::string, "a string", source, entry).get<std::string>();
}

// Whether `text` is written as a JSON integer: digits after an optional
// minus sign, without a fraction or an exponent.
inline bool is_integer_text(std::string_view text) {
  const std::size_t first_digit = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == first_digit) {
    return false;
  }
  for (std::size_t i = first_digit; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  return true;
}

// The number `value` as written at `entry` of `document_text`, the JSON text
// it was parsed from. nlohmann/json keeps integers exactly but other numbers
// only as doubles, so without the document text such a number is written
// from its double, such as 1e+30 for 1e30.
inline std::string number_text(const json& value, std::string_view document_text, const std::string& entry) {
  if (value.is_number_float() && !document_text.empty()) {
    // The document was parsed already, so no number in it overflows and
    // the source is never named.
    const std::map<std::string, std::string> texts = detail::scan_float_texts(document_text, "");
    const auto found = texts.find(entry);
    if (found != texts.end()) {
      return found->second;
    }
  }
  return value.dump();
}

// Reads an integer that must fit in `Integer`. Raises out_of_range for a
// number outside that range, naming the number as written, and
// invalid_data for any other value, including a number in the range written
// with a fraction or an exponent, such as 1.0 or 1e3. `document_text` is the
// JSON text `value` was parsed from, in which `entry` names it, or empty.
template <class Integer>
Integer read_integer(const json& value, std::string_view source, const std::string& entry,
                     std::string_view document_text = {}) {
  constexpr Integer kMin = std::numeric_limits<Integer>::min();
  constexpr Integer kMax = std::numeric_limits<Integer>::max();
  const std::string range = std::to_string(kMin) + " to " + std::to_string(kMax);
  const std::string range_zh = std::to_string(kMin) + " 至 " + std::to_string(kMax);

  if (!value.is_number()) {
    data_error(source, entry, "expected an integer from " + range + ", found " + describe(value),
               "应为 " + range_zh + " 之间的整数，实际为 " + describe(value));
  }

  bool fits = false;
  if (value.is_number_unsigned()) {
    fits = value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax);
  } else if (value.is_number_integer()) {
    const std::int64_t number = value.get<std::int64_t>();
    if constexpr (std::is_signed_v<Integer>) {
      fits = number >= static_cast<std::int64_t>(kMin) && number <= static_cast<std::int64_t>(kMax);
    } else {
      fits = number >= 0 && static_cast<std::uint64_t>(number) <= static_cast<std::uint64_t>(kMax);
    }
  }
  if (fits) {
    return value.get<Integer>();
  }

  const std::string text = number_text(value, document_text, entry);
  const std::string quoted = quote_for_message(text, 64);
  const std::string message_number = quoted.substr(1, quoted.size() - 2);
  // nlohmann/json 3.11 parses an integer as a double only when it fits
  // neither int64 nor uint64, such as -9223372036854775809, whose double
  // rounds to INT64_MIN. Other doubles are compared with the range, whose
  // bound kMax + 1 is a power of two and so exact as a double.
  bool beyond_range = value.is_number_integer() || is_integer_text(text);
  if (value.is_number_float()) {
    const double number = value.get<double>();
    beyond_range = beyond_range ||
                   !(number >= static_cast<double>(kMin) && number < static_cast<double>(kMax) + 1.0);
  }
  if (beyond_range) {
    detail::entry_error(ErrorCode::out_of_range, source, entry,
                        "the value " + message_number + " is out of range; expected an integer from " + range,
                        "数值 " + message_number + " 超出范围，应为 " + range_zh + " 之间的整数");
  }
  data_error(source, entry,
             "expected an integer from " + range + ", found " + message_number +
                 "; write a whole number without a decimal point or exponent",
             "应为 " + range_zh + " 之间的整数，实际为 " + message_number + "；整数不能带小数点或指数");
}

// Whether `text` has the shape YYYY-MM-DDTHH:MM:SS followed by Z or an
// offset ±HH:MM. parse_instant checks the numbers.
inline bool is_rfc3339_shape(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size()) {
    return false;
  }
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) {
      return false;
    }
  }
  const std::string_view offset = text.substr(kShape.size());
  if (offset == "Z") {
    return true;
  }
  return offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && offset[3] == ':';
}

inline Instant read_instant(const json& value, std::string_view source, const std::string& entry) {
  const std::string text = read_string(value, source, entry);
  if (!is_rfc3339_shape(text)) {
    data_error(source, entry,
               "expected an instant such as 2026-10-08T09:20:00+08:00, with seconds and an offset, found " +
                   quote_text(text),
               "应为带秒和时区偏移的时刻，例如 2026-10-08T09:20:00+08:00，实际为 " + quote_text(text));
  }
  try {
    return parse_instant(text, UtcOffset::china());
  } catch (const Error& error) {
    data_error(source, entry, error.message(Language::en), error.message(Language::zh_CN));
  }
}

// Reads a name parsed by `parse`, such as a channel. `expected` lists the
// names for the message.
template <class Parse>
auto read_name(const json& value, std::string_view source, const std::string& entry, Parse parse,
               const char* what_en, const char* what_zh, const std::string& expected) {
  const std::string text = read_string(value, source, entry);
  const auto parsed = parse(text);
  if (!parsed) {
    data_error(source, entry,
               std::string("unknown ") + what_en + " " + quote_text(text) + "; expected one of: " + expected,
               std::string("未知的") + what_zh + " " + quote_text(text) + "，应为以下之一：" + expected);
  }
  return *parsed;
}

// The names of the values from 0 to `last`, for messages.
template <class Enum>
std::string list_names(Enum last) {
  std::string names;
  for (int value = 0; value <= static_cast<int>(last); ++value) {
    names += names.empty() ? "" : ", ";
    names += to_string(static_cast<Enum>(value));
  }
  return names;
}

// --- Objects ---------------------------------------------------------------

// Whether an ObjectReader needs every key it allows.
enum class Keys {
  all_required,  // the history form: every key present, null for no value
  optional,      // the command form: a missing key means no value
};

// One JSON object with the keys given and no others, whose members are read
// by key and named in messages by their path.
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string path, std::initializer_list<const char*> keys,
               std::string_view source, Keys mode = Keys::all_required)
      : ObjectReader(value, std::move(path), keys, {}, source, mode, {}) {}

  // `optional_keys` may be missing even in Keys::all_required mode. When
  // `document_text` is the JSON text the whole document was parsed from, and
  // `path` the entry of `value` in it, messages quote numbers as written.
  ObjectReader(const json& value, std::string path, std::initializer_list<const char*> keys,
               std::initializer_list<const char*> optional_keys, std::string_view source, Keys mode,
               std::string_view document_text)
      : object_(value), path_(std::move(path)), source_(source), mode_(mode), document_text_(document_text) {
    detail::require_type(value, json::value_t::object, "an object", source_, path_);
    detail::reject_unknown_keys(value, keys, optional_keys, source_, path_);
    for (const char* key : keys) {
      if (mode == Keys::optional) {
        break;
      }
      if (!value.contains(key)) {
        data_error(source_, entry(key), "missing; every key must be present, with null for no value",
                   "缺少此键；每个键都必须出现，无值时写 null");
      }
    }
  }

  std::string_view source() const { return source_; }

  std::string entry(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  // The member, or null for a key missing in Keys::optional mode.
  const json& value(const char* key) const {
    static const json kNull;
    const auto found = object_.find(key);
    if (found != object_.end()) {
      return *found;
    }
    if (mode_ == Keys::optional) {
      return kNull;
    }
    data_error(source_, entry(key), "missing", "缺少此键");
  }

  // In Keys::optional mode a missing or null key gives no value: an empty
  // text, zero, or an empty list.
  bool absent(const char* key) const { return mode_ == Keys::optional && is_null(key); }

  bool is_null(const char* key) const { return value(key).is_null(); }

  // Whether the key is present with a value other than null.
  bool has(const char* key) const {
    const auto found = object_.find(key);
    return found != object_.end() && !found->is_null();
  }

  ObjectReader object(const char* key, std::initializer_list<const char*> keys,
                      std::initializer_list<const char*> optional_keys = {}) const {
    return ObjectReader(value(key), entry(key), keys, optional_keys, source_, mode_, document_text_);
  }

  std::string string(const char* key) const {
    if (absent(key)) {
      return std::string();
    }
    return read_string(value(key), source_, entry(key));
  }

  bool boolean(const char* key) const {
    return detail::require_type(value(key), json::value_t::boolean, "true or false", source_, entry(key))
        .get<bool>();
  }

  template <class Integer>
  Integer integer(const char* key) const {
    if (absent(key)) {
      return Integer{0};
    }
    return read_integer<Integer>(value(key), source_, entry(key), document_text_);
  }

  // A missing or null key gives std::nullopt in either mode, so use it only
  // for optional keys in Keys::all_required mode.
  template <class Integer>
  std::optional<Integer> optional_integer(const char* key) const {
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
      return std::nullopt;
    }
    return read_integer<Integer>(*found, source_, entry(key), document_text_);
  }

  std::chrono::seconds seconds(const char* key) const { return std::chrono::seconds(integer<std::int64_t>(key)); }

  Instant instant(const char* key) const { return read_instant(value(key), source_, entry(key)); }

  std::optional<Instant> optional_instant(const char* key) const {
    if (is_null(key)) {
      return std::nullopt;
    }
    return instant(key);
  }

  std::vector<std::string> strings(const char* key) const {
    if (absent(key)) {
      return {};
    }
    const json& array = detail::require_type(value(key), json::value_t::array, "an array of strings", source_,
                                             entry(key));
    std::vector<std::string> texts;
    texts.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
      texts.push_back(read_string(array[i], source_, entry(key) + "[" + std::to_string(i) + "]"));
    }
    return texts;
  }

  template <class Parse>
  auto name(const char* key, Parse parse, const char* what_en, const char* what_zh,
            const std::string& expected) const {
    return read_name(value(key), source_, entry(key), parse, what_en, what_zh, expected);
  }

  template <class Parse>
  auto optional_name(const char* key, Parse parse, const char* what_en, const char* what_zh,
                     const std::string& expected) const -> decltype(parse(std::string_view())) {
    if (is_null(key)) {
      return std::nullopt;
    }
    return name(key, parse, what_en, what_zh, expected);
  }

 private:
  const json& object_;
  std::string path_;
  std::string_view source_;
  Keys mode_;
  std::string_view document_text_;
};

// Readers of the parts that events and commands share, with the mode of
// `reader`. Defined in event_from_json.cpp.
Actor read_actor(const ObjectReader& reader);
std::optional<Requester> read_requester(const ObjectReader& parent);
std::optional<ResultReport> read_result(const ObjectReader& parent);
Payload read_payload(const ObjectReader& reader);

// Reads the JSON form of a command (command_json.hpp) at `path` ("" for the
// whole document). `document_text` is the JSON text of the whole document,
// or empty; see ObjectReader. Defined in command_json.cpp.
Command read_command(const json& document, std::string_view source, const std::string& path,
                     std::string_view document_text = {});

}  // namespace jishiban::json_reader

#endif  // JISHIBAN_SRC_WORKFLOW_JSON_READER_HPP
