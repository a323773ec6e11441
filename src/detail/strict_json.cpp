#include "detail/strict_json.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::detail {

using json = nlohmann::json;

namespace {

// A Chinese description of a file error, with the system's English text
// kept for searching.
std::string describe_errno_zh(int error_number) {
  const std::string system_text = std::strerror(error_number);
  switch (error_number) {
    case ENOENT:
      return "文件不存在（" + system_text + "）";
    case EACCES:
      return "没有读取权限（" + system_text + "）";
    case EISDIR:
      return "这是一个目录，不是文件（" + system_text + "）";
    default:
      return system_text;
  }
}

// Returns `text` made safe for a message like quote_for_message, without the
// quotes: file paths and JSON keys may hold any bytes and any length.
std::string plain_for_message(std::string_view text) {
  const std::string quoted = quote_for_message(text);
  return quoted.substr(1, quoted.size() - 2);
}

const char* type_name(const json& value) { return value.type_name(); }

// Returns nlohmann/json's parse error text without its "; last read: '...'"
// part, which quotes the input before the error and so may contain a
// requester's phone number or name. Everything from that part to the end is
// dropped, the "; expected ..." hint included, but the line and column stay.
std::string parse_error_detail(const json::parse_error& error) {
  std::string detail = sanitize_utf8(error.what());
  const std::size_t quoted = detail.find("; last read:");
  if (quoted != std::string::npos) {
    detail.erase(quoted);
  }
  return detail;
}

}  // namespace

[[noreturn]] void data_error(std::string_view source, const std::string& entry, const std::string& problem_en,
                             const std::string& problem_zh) {
  entry_error(ErrorCode::invalid_data, source, entry, problem_en, problem_zh);
}

[[noreturn]] void entry_error(ErrorCode code, std::string_view source, const std::string& entry,
                              const std::string& problem_en, const std::string& problem_zh) {
  const std::string source_text = plain_for_message(source);
  const std::string entry_text = plain_for_message(entry);
  const std::string where = source_text + (entry.empty() ? "" : ": " + entry_text);
  const std::string where_zh = source_text + (entry.empty() ? "" : "：" + entry_text);
  throw Error(code, where + ": " + problem_en, where_zh + "：" + problem_zh);
}

std::string quote_text(std::string_view text) { return quote_for_message(text); }

json parse_strict_json(std::string_view text, std::string_view source) {
  // nlohmann/json stops at a NUL byte, so anything after one would be
  // ignored silently.
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    const std::string offset = std::to_string(nul);
    data_error(source, "", "NUL byte at offset " + offset + "; the file must be UTF-8 JSON text",
               "偏移 " + offset + " 处有 NUL 字节；文件应为 UTF-8 编码的 JSON 文本");
  }

  // One level per open object or array, named for messages by the key or
  // array element it belongs to.
  struct Level {
    bool is_object;
    std::set<std::string> keys;
    std::string name;
  };
  std::vector<Level> levels;
  std::string last_key;

  // The name of a value about to open: its key inside an object, or its
  // array's name with [] inside an array.
  const auto child_name = [&]() -> std::string {
    if (levels.empty()) {
      return "";
    }
    return levels.back().is_object ? last_key : levels.back().name + "[]";
  };

  const json::parser_callback_t check_keys = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > kMaxJsonDepth) {
      const std::string limit = std::to_string(kMaxJsonDepth);
      data_error(source, "", "JSON nested deeper than " + limit + " levels",
                 "JSON 嵌套超过 " + limit + " 层");
    }
    switch (event) {
      case json::parse_event_t::object_start:
        levels.push_back(Level{true, {}, child_name()});
        break;
      case json::parse_event_t::array_start:
        levels.push_back(Level{false, {}, child_name()});
        break;
      case json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        if (!levels.back().keys.insert(key).second) {
          const std::string where = levels.back().name.empty() ? "the top-level object" : quote_text(levels.back().name);
          const std::string where_zh = levels.back().name.empty() ? "顶层对象" : quote_text(levels.back().name);
          data_error(source, "", "duplicate key " + quote_text(key) + " in " + where + "; each key may appear once",
                     where_zh + " 中的键 " + quote_text(key) + " 重复，每个键只能出现一次");
        }
        last_key = key;
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        levels.pop_back();
        break;
      case json::parse_event_t::value:
        break;
    }
    return true;
  };

  try {
    return json::parse(text.begin(), text.end(), check_keys);
  } catch (const json::parse_error& error) {
    // Report line and column of the failing byte; nlohmann counts bytes from 1.
    const std::size_t byte = error.byte == 0 ? 0 : error.byte - 1;
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    const std::string position = "line " + std::to_string(line) + ", column " + std::to_string(column);
    const std::string position_zh = "第 " + std::to_string(line) + " 行第 " + std::to_string(column) + " 列";
    const std::string detail = parse_error_detail(error);
    if (detail.find("ill-formed UTF-8") != std::string::npos) {
      data_error(source, "", "invalid UTF-8 at " + position + "; save the file as UTF-8",
                 "位于" + position_zh + "的字节不是有效的 UTF-8，请以 UTF-8 编码保存文件");
    }
    data_error(source, "", "malformed JSON at " + position + " (" + detail + ")",
               "JSON 格式错误，位于" + position_zh + "（" + detail + "）");
  } catch (const json::exception& error) {
    // For example a number too large for a double.
    const std::string detail = sanitize_utf8(error.what());
    data_error(source, "", "invalid JSON value (" + detail + ")", "无效的 JSON 值（" + detail + "）");
  }
}

void reject_unknown_keys(const json& object, std::initializer_list<const char*> allowed, std::string_view source,
                         const std::string& entry) {
  reject_unknown_keys(object, allowed, {}, source, entry);
}

void reject_unknown_keys(const json& object, std::initializer_list<const char*> allowed,
                         std::initializer_list<const char*> also_allowed, std::string_view source,
                         const std::string& entry) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const std::initializer_list<const char*>& names : {allowed, also_allowed}) {
      for (const char* name : names) {
        known = known || item.key() == name;
      }
    }
    if (!known) {
      std::string expected;
      for (const std::initializer_list<const char*>& names : {allowed, also_allowed}) {
        for (const char* name : names) {
          expected += expected.empty() ? "" : ", ";
          expected += name;
        }
      }
      data_error(source, entry, "unknown key " + quote_text(item.key()) + "; expected one of: " + expected,
                 "未知的键 " + quote_text(item.key()) + "，允许的键为：" + expected);
    }
  }
}

const json& require_type(const json& value, json::value_t type, const char* type_label, std::string_view source,
                         const std::string& entry) {
  if (value.type() != type) {
    data_error(source, entry, std::string("expected ") + type_label + ", found " + type_name(value),
               std::string("应为 ") + type_label + "，实际为 " + type_name(value));
  }
  return value;
}

namespace {

// Records the text of each number that nlohmann/json's SAX interface
// reports as a double, by the entry that messages use. It raises
// invalid_data naming the entry for a number too large for a double,
// because parse_strict_json reports that without the entry, and stops
// silently at any other problem, leaving it to parse_strict_json.
class FloatTextScanner final : public json::json_sax_t {
 public:
  explicit FloatTextScanner(std::string_view source) : source_(source) {}

  std::map<std::string, std::string> take_texts() { return std::move(texts_); }

  bool null() override { return value_done(); }
  bool boolean(bool /*value*/) override { return value_done(); }
  bool number_integer(number_integer_t /*value*/) override { return value_done(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return value_done(); }
  bool number_float(number_float_t /*value*/, const string_t& text) override {
    texts_[value_entry()] = text;
    return value_done();
  }
  bool string(string_t& /*value*/) override { return value_done(); }
  bool binary(binary_t& /*value*/) override { return value_done(); }

  bool start_object(std::size_t /*elements*/) override { return open(true); }
  bool key(string_t& name) override {
    levels_.back().key = name;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t /*elements*/) override { return open(false); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t /*position*/, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    // nlohmann/json 3.11 reports a number that overflows a double as
    // out_of_range error 406.
    constexpr int kNumberOverflow = 406;
    if (error.id == kNumberOverflow) {
      const std::string quoted = quote_for_message(last_token, 64);
      const std::string number = quoted.substr(1, quoted.size() - 2);
      data_error(source_, value_entry(),
                 "the number " + number + " is too large to read; give a value in the allowed range",
                 "数值 " + number + " 过大，无法读取，请给出允许范围内的值");
    }
    return false;
  }

 private:
  struct Level {
    bool is_object = true;
    std::string entry;
    std::string key;
    std::size_t index = 0;
  };

  // The entry of the value being read, as "payload.days" or "items[2]".
  std::string value_entry() const {
    if (levels_.empty()) {
      return "";
    }
    const Level& level = levels_.back();
    if (!level.is_object) {
      return level.entry + "[" + std::to_string(level.index) + "]";
    }
    return level.entry.empty() ? level.key : level.entry + "." + level.key;
  }

  bool value_done() {
    if (!levels_.empty() && !levels_.back().is_object) {
      ++levels_.back().index;
    }
    return true;
  }

  bool open(bool is_object) {
    if (levels_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      return false;
    }
    levels_.push_back(Level{is_object, value_entry(), "", 0});
    return true;
  }

  bool close() {
    levels_.pop_back();
    return value_done();
  }

  std::string_view source_;
  std::vector<Level> levels_;
  std::map<std::string, std::string> texts_;
};

}  // namespace

std::map<std::string, std::string> scan_float_texts(std::string_view json_text, std::string_view source) {
  FloatTextScanner scanner(source);
  json::sax_parse(json_text.begin(), json_text.end(), &scanner);
  return scanner.take_texts();
}

std::string read_small_file(const std::string& path, const char* what_en, const char* what_zh) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int open_errno = errno;
    throw Error(ErrorCode::io_error,
                std::string("cannot open ") + what_en + " " + quote_text(path) + ": " + std::strerror(open_errno),
                std::string("无法打开") + what_zh + " " + quote_text(path) + "：" + describe_errno_zh(open_errno));
  }
  std::string contents;
  char buffer[65536];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    contents.append(buffer, count);
    if (contents.size() > kMaxFileBytes) {
      std::fclose(file);
      const std::string limit = std::to_string(kMaxFileBytes / (1024 * 1024));
      throw Error(ErrorCode::invalid_data,
                  quote_text(path) + " is larger than " + limit + " MiB; a " + what_en + " is far smaller",
                  quote_text(path) + " 超过 " + limit + " MiB，" + what_zh + "不应这么大");
    }
  }
  const bool failed = std::ferror(file) != 0;
  const int read_errno = errno;
  std::fclose(file);
  if (failed) {
    throw Error(ErrorCode::io_error,
                std::string("cannot read ") + what_en + " " + quote_text(path) + ": " + std::strerror(read_errno),
                std::string("无法读取") + what_zh + " " + quote_text(path) + "：" + describe_errno_zh(read_errno));
  }
  return contents;
}

}  // namespace jishiban::detail
