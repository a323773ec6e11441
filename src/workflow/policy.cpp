#include "jishiban/workflow/policy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "detail/strict_json.hpp"
#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban {
namespace {

using json = nlohmann::json;
using detail::data_error;
using detail::quote_text;
using detail::reject_unknown_keys;
using detail::require_type;

constexpr std::array<Channel, Policy::channel_count> kChannels{Channel::hotline, Channel::email, Channel::wechat};
constexpr std::array<Category, Policy::category_count> kCategories{Category::consultation, Category::general,
                                                                   Category::difficult};

// --- Allowed ranges --------------------------------------------------------

struct IntegerRange {
  std::int64_t min;
  std::int64_t max;
  const char* unit_en;
  const char* unit_zh;
};

constexpr IntegerRange kDispatchMinutes{1, 100000, "working minutes", "个工作分钟"};
constexpr IntegerRange kDayLimit{1, 100, "working days", "个工作日"};
constexpr IntegerRange kGraceDays{0, 100, "working days", "个工作日"};
constexpr IntegerRange kReturnVisitAttempts{1, 20, "attempts", "次"};

std::string range_en(const IntegerRange& range) {
  return std::to_string(range.min) + " to " + std::to_string(range.max) + " " + range.unit_en;
}

std::string range_zh(const IntegerRange& range) {
  return std::to_string(range.min) + " 至 " + std::to_string(range.max) + " " + range.unit_zh;
}

bool in_range(std::int64_t value, const IntegerRange& range) { return value >= range.min && value <= range.max; }

// --- Ticket number patterns ------------------------------------------------

constexpr std::size_t kMaxPatternLength = 64;
constexpr int kMaxSequenceWidth = 12;
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;

const char* const kPlaceholderHelp = "use {year}, {seq} or {seq:0N} with N from 1 to 12";
const char* const kPlaceholderHelpZh = "应为 {year}、{seq} 或 {seq:0N}（N 为 1 至 12）";

struct PatternPart {
  enum class Kind { literal, year, sequence };
  Kind kind = Kind::literal;
  std::string literal;
  // Zero-padded width of the sequence number, or 0 for no padding.
  int width = 0;
};

[[noreturn]] void pattern_error(std::string_view pattern, const std::string& problem_en,
                                const std::string& problem_zh) {
  const std::string quoted = quote_for_message(pattern);
  throw Error(ErrorCode::invalid_argument, "invalid ticket number pattern " + quoted + ": " + problem_en,
              "无效的来件编号格式 " + quoted + "：" + problem_zh);
}

bool is_literal_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A byte of the pattern for a message: the character itself in quotes when
// it is printable ASCII, else its hexadecimal value after `byte_word`.
std::string describe_byte(char c, const char* byte_word) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) {
    return std::string("'") + c + "'";
  }
  const char* const digits = "0123456789ABCDEF";
  return std::string(byte_word) + " 0x" + digits[byte >> 4] + digits[byte & 0x0F];
}

// Parses the text between the braces of a placeholder.
PatternPart parse_placeholder(std::string_view pattern, std::string_view name) {
  const std::string placeholder = "{" + std::string(name) + "}";
  if (name == "year") {
    return PatternPart{PatternPart::Kind::year, "", 0};
  }
  if (name == "seq") {
    return PatternPart{PatternPart::Kind::sequence, "", 0};
  }
  constexpr std::string_view kPaddedPrefix = "seq:0";
  if (name.substr(0, 4) != "seq:") {
    pattern_error(pattern, "unknown placeholder " + placeholder + "; " + kPlaceholderHelp,
                  "未知的占位符 " + placeholder + "，" + kPlaceholderHelpZh);
  }
  const std::string_view digits = name.substr(std::min(name.size(), kPaddedPrefix.size()));
  const bool well_formed = name.substr(0, kPaddedPrefix.size()) == kPaddedPrefix && !digits.empty() &&
                           digits.size() <= 2 && digits[0] >= '1' && digits[0] <= '9' &&
                           (digits.size() == 1 || (digits[1] >= '0' && digits[1] <= '9'));
  const int width = well_formed ? std::stoi(std::string(digits)) : 0;
  if (!well_formed || width > kMaxSequenceWidth) {
    pattern_error(pattern, "invalid padding in " + placeholder + "; use {seq:0N} with N from 1 to 12, as in {seq:06}",
                  placeholder + " 中的补零位数无效，应为 {seq:0N}（N 为 1 至 12），例如 {seq:06}");
  }
  return PatternPart{PatternPart::Kind::sequence, "", width};
}

void check_placeholder_counts(std::string_view pattern, const std::vector<PatternPart>& parts) {
  int years = 0;
  int sequences = 0;
  for (const PatternPart& part : parts) {
    years += part.kind == PatternPart::Kind::year ? 1 : 0;
    sequences += part.kind == PatternPart::Kind::sequence ? 1 : 0;
  }
  if (sequences != 1) {
    const std::string count = std::to_string(sequences);
    pattern_error(
        pattern,
        "the sequence number placeholder {seq} or {seq:0N} appears " + count + " times; it must appear exactly once",
        "序号占位符 {seq} 或 {seq:0N} 出现了 " + count + " 次，必须恰好出现一次");
  }
  if (years > 1) {
    const std::string count = std::to_string(years);
    pattern_error(pattern, "{year} appears " + count + " times; it may appear at most once",
                  "{year} 出现了 " + count + " 次，最多只能出现一次");
  }
}

std::vector<PatternPart> parse_pattern(std::string_view pattern) {
  if (pattern.empty()) {
    pattern_error(pattern, "the pattern is empty; give one such as PW{year}{seq:06}",
                  "格式为空，请给出格式，例如 PW{year}{seq:06}");
  }
  if (pattern.size() > kMaxPatternLength) {
    const std::string length = std::to_string(pattern.size());
    pattern_error(pattern, "the pattern has " + length + " characters; at most 64 are allowed",
                  "格式长度为 " + length + " 个字符，最多允许 64 个");
  }

  std::vector<PatternPart> parts;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    // Formatted only for a message: every ticket number parses the pattern.
    const auto offset = [i]() { return std::to_string(i); };
    if (c == '{') {
      const std::size_t close = pattern.find_first_of("{}", i + 1);
      if (close == std::string_view::npos || pattern[close] == '{') {
        pattern_error(pattern, "unbalanced brace: the '{' at offset " + offset() + " has no matching '}'",
                      "括号不配对：偏移 " + offset() + " 处的 '{' 没有对应的 '}'");
      }
      parts.push_back(parse_placeholder(pattern, pattern.substr(i + 1, close - i - 1)));
      i = close;
    } else if (c == '}') {
      pattern_error(pattern, "unbalanced brace: the '}' at offset " + offset() + " has no matching '{'",
                    "括号不配对：偏移 " + offset() + " 处的 '}' 没有对应的 '{'");
    } else if (is_literal_character(c)) {
      if (parts.empty() || parts.back().kind != PatternPart::Kind::literal) {
        parts.push_back(PatternPart{});
      }
      parts.back().literal += c;
    } else {
      pattern_error(pattern,
                    describe_byte(c, "byte") + " at offset " + offset() +
                        " is not allowed; literal characters are ASCII letters, digits, '-' and '_'",
                    "偏移 " + offset() + " 处的 " + describe_byte(c, "字节") +
                        " 不允许使用，固定字符只能是 ASCII 字母、数字、'-' 和 '_'");
    }
  }
  check_placeholder_counts(pattern, parts);
  return parts;
}

// --- Reading policy JSON ---------------------------------------------------

// The text of every floating-point number as written in the file, by entry.
// nlohmann/json stores such a number as a double, so 2.0 or an integer too
// large for 64 bits would otherwise be reported in a rewritten form.
using NumberTexts = std::map<std::string, std::string>;

// Reads the value of one entry, with the number texts and the source for
// messages.
class EntryReader {
 public:
  EntryReader(std::string_view source, NumberTexts number_texts)
      : source_(source), number_texts_(std::move(number_texts)) {}

  std::int64_t integer(const json& value, const std::string& entry, const IntegerRange& range) const {
    const std::string expected_en = "an integer from " + range_en(range);
    const std::string expected_zh = "应为整数（" + range_zh(range) + "）";
    if (!value.is_number()) {
      data_error(source_, entry, "expected " + expected_en + ", found " + value.type_name(),
                 expected_zh + "，实际为 " + value.type_name());
    }

    const std::string text = number_text(value, entry);
    if (value.is_number_float() && !is_integer_text(text)) {
      data_error(
          source_, entry,
          "expected " + expected_en + ", found " + text + "; write a whole number without a decimal point or exponent",
          expected_zh + "，实际为 " + text + "；整数不能带小数点或指数");
    }
    // An integer past the 64-bit range arrives as a double, and one past
    // INT64_MAX but within UINT64_MAX as unsigned, which would wrap if read
    // as signed.
    const bool representable =
        value.is_number_integer() &&
        (!value.is_number_unsigned() ||
         value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!representable || !in_range(value.get<std::int64_t>(), range)) {
      data_error(source_, entry, "the value " + text + " is out of range; expected " + range_en(range),
                 "数值 " + text + " 超出范围，应为 " + range_zh(range));
    }
    return value.get<std::int64_t>();
  }

  double share(const json& value, const std::string& entry) const {
    if (!value.is_number()) {
      data_error(source_, entry, std::string("expected a number between 0 and 1, found ") + value.type_name(),
                 std::string("应为 0 与 1 之间的数，实际为 ") + value.type_name());
    }
    const double fraction = value.get<double>();
    if (!(fraction > 0.0 && fraction < 1.0)) {
      const std::string text = number_text(value, entry);
      data_error(source_, entry,
                 "the value " + text + " is out of range; expected a share strictly between 0 and 1, such as 0.75",
                 "数值 " + text + " 超出范围，应为大于 0 且小于 1 的比例，例如 0.75");
    }
    return fraction;
  }

  std::string string(const json& value, const std::string& entry) const {
    return require_type(value, json::value_t::string, "a string", source_, entry).get<std::string>();
  }

  const json& object(const json& value, const std::string& entry) const {
    return require_type(value, json::value_t::object, "an object", source_, entry);
  }

  std::string_view source() const { return source_; }

 private:
  // The number as written: the recorded text of a floating-point number,
  // else the integer, which dump() writes exactly.
  std::string number_text(const json& value, const std::string& entry) const {
    const auto found = number_texts_.find(entry);
    const std::string text = value.is_number_float() && found != number_texts_.end() ? found->second : value.dump();
    const std::string quoted = quote_for_message(text, 64);
    return quoted.substr(1, quoted.size() - 2);
  }

  static bool is_integer_text(const std::string& text) {
    const std::size_t first_digit = !text.empty() && text[0] == '-' ? 1 : 0;
    return text.size() > first_digit && text.find_first_not_of("0123456789", first_digit) == std::string::npos;
  }

  std::string_view source_;
  NumberTexts number_texts_;
};

int read_day_count(const EntryReader& reader, const json& value, const std::string& entry, const IntegerRange& range) {
  return static_cast<int>(reader.integer(value, entry, range));
}

void read_dispatch_minutes(const EntryReader& reader, const json& value, Policy& policy) {
  const std::string entry = "dispatch_minutes";
  reader.object(value, entry);
  reject_unknown_keys(value, {"hotline", "email", "wechat"}, reader.source(), entry);
  for (const Channel channel : kChannels) {
    const std::string name(to_string(channel));
    if (value.contains(name)) {
      const std::int64_t minutes = reader.integer(value[name], entry + "." + name, kDispatchMinutes);
      policy.set_dispatch_target(channel, std::chrono::minutes(minutes));
    }
  }
}

void read_handling_days(const EntryReader& reader, const json& value, Policy& policy) {
  const std::string entry = "handling_days";
  reader.object(value, entry);
  reject_unknown_keys(value, {"consultation", "general", "difficult"}, reader.source(), entry);
  for (const Category category : kCategories) {
    const std::string name(to_string(category));
    if (value.contains(name)) {
      policy.set_handling_days(category, read_day_count(reader, value[name], entry + "." + name, kDayLimit));
    }
  }
}

DayConvention read_day_convention(const EntryReader& reader, const json& value) {
  const std::string entry = "day_convention";
  const std::string text = reader.string(value, entry);
  const std::optional<DayConvention> convention = parse_day_convention(text);
  if (!convention) {
    data_error(reader.source(), entry,
               "unknown day convention " + quote_text(text) + "; expected \"legal_period\" or \"working_time\"",
               "未知的工作日计算方式 " + quote_text(text) + "，应为 \"legal_period\" 或 \"working_time\"");
  }
  return *convention;
}

std::string read_ticket_number_pattern(const EntryReader& reader, const json& value) {
  const std::string entry = "ticket_number_pattern";
  const std::string pattern = reader.string(value, entry);
  try {
    validate_ticket_number_pattern(pattern);
  } catch (const Error& error) {
    data_error(reader.source(), entry, error.message(Language::en), error.message(Language::zh_CN));
  }
  return pattern;
}

[[noreturn]] void setting_error(const std::string& setting, const std::string& problem_en,
                                const std::string& problem_zh) {
  throw Error(ErrorCode::invalid_argument, "invalid policy setting " + setting + ": " + problem_en,
              "无效的规则设置 " + setting + "：" + problem_zh);
}

void check_setting(const std::string& setting, std::int64_t value, const IntegerRange& range) {
  if (!in_range(value, range)) {
    const std::string text = std::to_string(value);
    setting_error(setting, text + " is out of range; expected " + range_en(range),
                  text + " 超出范围，应为 " + range_zh(range));
  }
}

}  // namespace

// --- Policy ----------------------------------------------------------------

Policy Policy::standard() { return Policy{}; }

void Policy::validate() const {
  for (const Channel channel : kChannels) {
    check_setting("dispatch_minutes." + std::string(to_string(channel)), dispatch_target(channel).count(),
                  kDispatchMinutes);
  }
  for (const Category category : kCategories) {
    check_setting("handling_days." + std::string(to_string(category)), handling_days(category), kDayLimit);
  }
  check_setting("decline_days", decline_days, kDayLimit);
  if (day_convention != DayConvention::legal_period && day_convention != DayConvention::working_time) {
    setting_error("day_convention", "the value is not a DayConvention enumerator", "该值不是 DayConvention 的枚举值");
  }
  if (!(warning_share > 0.0 && warning_share < 1.0)) {
    const std::string text = json(warning_share).dump();
    setting_error("warning_share", text + " is out of range; expected a share strictly between 0 and 1",
                  text + " 超出范围，应为大于 0 且小于 1 的比例");
  }
  check_setting("escalation_grace_days", escalation_grace_days, kGraceDays);
  check_setting("return_visit_attempts", return_visit_attempts, kReturnVisitAttempts);
  validate_ticket_number_pattern(ticket_number_pattern);
}

Policy parse_policy(std::string_view json_text, std::string_view source) {
  // The scan runs first so that a number overflowing a double is reported
  // with its entry.
  NumberTexts number_texts = detail::scan_float_texts(json_text, source);
  const json root = detail::parse_strict_json(json_text, source);
  require_type(root, json::value_t::object, "a JSON object at the top level", source, "");
  reject_unknown_keys(root,
                      {"dispatch_minutes", "handling_days", "decline_days", "day_convention", "warning_share",
                       "escalation_grace_days", "return_visit_attempts", "ticket_number_pattern", "note"},
                      source, "");

  const EntryReader reader(source, std::move(number_texts));
  Policy policy = Policy::standard();
  if (root.contains("dispatch_minutes")) {
    read_dispatch_minutes(reader, root["dispatch_minutes"], policy);
  }
  if (root.contains("handling_days")) {
    read_handling_days(reader, root["handling_days"], policy);
  }
  if (root.contains("decline_days")) {
    policy.decline_days = read_day_count(reader, root["decline_days"], "decline_days", kDayLimit);
  }
  if (root.contains("day_convention")) {
    policy.day_convention = read_day_convention(reader, root["day_convention"]);
  }
  if (root.contains("warning_share")) {
    policy.warning_share = reader.share(root["warning_share"], "warning_share");
  }
  if (root.contains("escalation_grace_days")) {
    policy.escalation_grace_days =
        read_day_count(reader, root["escalation_grace_days"], "escalation_grace_days", kGraceDays);
  }
  if (root.contains("return_visit_attempts")) {
    policy.return_visit_attempts =
        static_cast<int>(reader.integer(root["return_visit_attempts"], "return_visit_attempts", kReturnVisitAttempts));
  }
  if (root.contains("ticket_number_pattern")) {
    policy.ticket_number_pattern = read_ticket_number_pattern(reader, root["ticket_number_pattern"]);
  }
  if (root.contains("note")) {
    reader.string(root["note"], "note");
  }
  return policy;
}

Policy load_policy(const std::string& path) {
  return parse_policy(detail::read_small_file(path, "policy file", "规则配置文件"), path);
}

std::string to_json(const Policy& policy) {
  policy.validate();

  nlohmann::ordered_json dispatch = nlohmann::ordered_json::object();
  for (const Channel channel : kChannels) {
    dispatch[std::string(to_string(channel))] = policy.dispatch_target(channel).count();
  }
  nlohmann::ordered_json handling = nlohmann::ordered_json::object();
  for (const Category category : kCategories) {
    handling[std::string(to_string(category))] = policy.handling_days(category);
  }

  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  root["dispatch_minutes"] = std::move(dispatch);
  root["handling_days"] = std::move(handling);
  root["decline_days"] = policy.decline_days;
  root["day_convention"] = std::string(to_string(policy.day_convention));
  root["warning_share"] = policy.warning_share;
  root["escalation_grace_days"] = policy.escalation_grace_days;
  root["return_visit_attempts"] = policy.return_visit_attempts;
  root["ticket_number_pattern"] = policy.ticket_number_pattern;
  return root.dump(2) + "\n";
}

// --- Ticket numbers --------------------------------------------------------

void validate_ticket_number_pattern(std::string_view pattern) { parse_pattern(pattern); }

std::string format_ticket_number(std::string_view pattern, int year, std::int64_t sequence) {
  const std::vector<PatternPart> parts = parse_pattern(pattern);
  if (year < kFirstYear || year > kLastYear) {
    const std::string text = std::to_string(year);
    throw Error(ErrorCode::invalid_argument, "ticket number year " + text + " is outside 1900-2199",
                "来件编号年份 " + text + " 超出 1900-2199 的范围");
  }
  if (sequence < 1) {
    const std::string text = std::to_string(sequence);
    throw Error(ErrorCode::invalid_argument,
                "ticket number sequence " + text + " is invalid; sequence numbers start at 1",
                "来件编号序号 " + text + " 无效，序号从 1 开始");
  }

  std::string number;
  for (const PatternPart& part : parts) {
    switch (part.kind) {
      case PatternPart::Kind::literal:
        number += part.literal;
        break;
      case PatternPart::Kind::year:
        number += std::to_string(year);
        break;
      case PatternPart::Kind::sequence: {
        const std::string digits = std::to_string(sequence);
        if (digits.size() < static_cast<std::size_t>(part.width)) {
          number.append(static_cast<std::size_t>(part.width) - digits.size(), '0');
        }
        number += digits;
        break;
      }
    }
  }
  return number;
}

}  // namespace jishiban
