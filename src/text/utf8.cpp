#include "jishiban/text/utf8.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace jishiban {
namespace {

// Length of the well-formed UTF-8 sequence at `pos`, or 0 when the bytes
// there do not form one.
std::size_t sequence_length(std::string_view text, std::size_t pos) noexcept {
  const auto lead = static_cast<std::uint8_t>(text[pos]);
  std::size_t length = 0;
  std::uint32_t min_code = 0;
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    min_code = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    min_code = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min_code = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) {
    return 0;
  }
  std::uint32_t code = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<std::uint8_t>(text[pos + k]);
    if ((next & 0xC0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (next & 0x3Fu);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are invalid.
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  // Every text of a command passes through here, so the common cases take
  // short paths: eight ASCII bytes at a time, and three-byte sequences (the
  // CJK characters) checked without the general decoder. Both accept
  // exactly what sequence_length accepts.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    if (pos + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + pos, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    const unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      pos += 1;
      continue;
    }
    if (lead >= 0xE1 && lead <= 0xEC && pos + 3 <= size) {
      // E1-EC lead bytes have no overlong or surrogate cases: any two
      // continuation bytes complete a valid sequence.
      if ((bytes[pos + 1] & 0xC0) == 0x80 && (bytes[pos + 2] & 0xC0) == 0x80) {
        pos += 3;
        continue;
      }
      return false;
    }
    const std::size_t length = sequence_length(text, pos);
    if (length == 0) {
      return false;
    }
    pos += length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = sequence_length(text, pos);
    if (length == 0) {
      out += kReplacement;
      pos += 1;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

std::string quote_for_message(std::string_view text, std::size_t max_bytes) {
  std::string out = "\"";
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (pos >= max_bytes) {
      out += "...";
      break;
    }
    const std::size_t length = sequence_length(text, pos);
    const auto byte = static_cast<std::uint8_t>(text[pos]);
    if (length == 0) {
      out += kReplacement;
      pos += 1;
    } else if (length == 1 && (byte < 0x20 || byte == 0x7F)) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(byte));
      out += escape;
      pos += 1;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  out += "\"";
  return out;
}

}  // namespace jishiban
