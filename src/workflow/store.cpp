#include "jishiban/workflow/store.hpp"

#include <string>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban {

namespace {

// Keys are ids such as a Message-ID or a call id, so this bound only keeps a
// mistaken payload out of the key table.
constexpr std::size_t kMaxKeyBytes = 256;

[[noreturn]] void reject_key(const std::string& problem_en, const std::string& problem_zh) {
  throw Error(ErrorCode::invalid_argument, "the idempotency key " + problem_en + "; give the request's own id",
              "幂等键" + problem_zh + "；请使用该请求自身的标识");
}

}  // namespace

void validate_idempotency_key(std::string_view key) {
  if (key.empty()) {
    reject_key("is empty", "为空");
  }
  if (key.size() > kMaxKeyBytes) {
    const std::string size = std::to_string(key.size());
    reject_key("has " + size + " bytes, more than 256", "长度为 " + size + " 字节，超过 256 字节");
  }
  if (!is_valid_utf8(key)) {
    reject_key("is not valid UTF-8", "不是有效的 UTF-8 文本");
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto byte = static_cast<unsigned char>(key[i]);
    // C0 controls, DEL, and the C1 controls U+0080-U+009F (C2 80-C2 9F).
    const bool c1 = byte == 0xC2 && i + 1 < key.size() && static_cast<unsigned char>(key[i + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7f || c1) {
      reject_key("contains a control character", "包含控制字符");
    }
  }
}

}  // namespace jishiban
