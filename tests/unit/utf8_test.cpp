// Tests of the UTF-8 validator against a plain reference decoder.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "jishiban/text/utf8.hpp"

namespace {

// Decodes code point by code point, following RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF.
bool reference_valid(const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<std::uint8_t>(text[pos]);
    int length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      length = 1;
      code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07u;
    } else {
      return false;
    }
    if (pos + static_cast<std::size_t>(length) > text.size()) {
      return false;
    }
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<std::uint8_t>(text[pos + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code = (code << 6) | (next & 0x3Fu);
    }
    const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < minimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    pos += static_cast<std::size_t>(length);
  }
  return true;
}

TEST(Utf8Validation, AgreesOnEveryThreeByteString) {
  std::string text(3, '\0');
  for (std::uint32_t value = 0; value < (1u << 24); ++value) {
    text[0] = static_cast<char>(value >> 16);
    text[1] = static_cast<char>(value >> 8);
    text[2] = static_cast<char>(value);
    ASSERT_EQ(reference_valid(text), jishiban::is_valid_utf8(text)) << "bytes " << std::hex << value;
  }
}

TEST(Utf8Validation, AgreesOnRandomMixedText) {
  // Pieces that exercise the eight-byte ASCII path, the three-byte path and
  // the general decoder, joined at random and sometimes damaged.
  const std::string pieces[] = {"abcdefgh", "a", "企业", "诉求", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\xA0\x80",
                                "\xE0\x80\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD", "\x80", "\xE4\xBD"};
  std::mt19937_64 random(20261204);
  for (int round = 0; round < 200000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 12);
    for (int i = 0; i < count; ++i) {
      text += pieces[random() % (sizeof pieces / sizeof pieces[0])];
    }
    if (!text.empty() && random() % 4 == 0) {
      text[random() % text.size()] = static_cast<char>(random());
    }
    ASSERT_EQ(reference_valid(text), jishiban::is_valid_utf8(text)) << "round " << round;
  }
}

TEST(Utf8Validation, ChecksBytesAfterAsciiRuns) {
  EXPECT_TRUE(jishiban::is_valid_utf8("0123456789abcdef企业"));
  EXPECT_FALSE(jishiban::is_valid_utf8("0123456789abcdef\xE4\xBD"));
  EXPECT_FALSE(jishiban::is_valid_utf8("01234567\x80"));
  EXPECT_FALSE(jishiban::is_valid_utf8(std::string("0123456\xFF", 8)));
}

}  // namespace
