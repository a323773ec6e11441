// Masking of requester contact data. The header lists the rules with examples.
//
// Only the requester's fields are masked. A ticket's source_id, the
// request's id in the channel's own system (a call record number, a WeChat
// MsgId), is not contact data: masked() and view_for() in authorization.cpp
// copy it unchanged, so it stays visible to every role.
#include "jishiban/workflow/masking.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "jishiban/text/utf8.hpp"

namespace jishiban {
namespace {

// A value after sanitize_utf8, split into code points. The views in
// `characters` point into `text`, so the type can be neither copied nor
// moved.
struct SanitizedValue {
  explicit SanitizedValue(std::string_view raw);
  SanitizedValue(const SanitizedValue&) = delete;
  SanitizedValue& operator=(const SanitizedValue&) = delete;

  std::string text;
  std::vector<std::string_view> characters;
};

SanitizedValue::SanitizedValue(std::string_view raw) : text(sanitize_utf8(raw)) {
  // The text is well-formed now, so the lead byte alone gives each length.
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<std::uint8_t>(text[pos]);
    std::size_t length = 1;
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    characters.push_back(std::string_view(text).substr(pos, length));
    pos += length;
  }
}

// Counts the code points of well-formed UTF-8 text.
std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<std::uint8_t>(byte) & 0xC0) != 0x80;
  }));
}

void append_characters(std::string& out, const std::vector<std::string_view>& characters, std::size_t begin,
                       std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    out.append(characters[i]);
  }
}

// Returns `masked` unless it still contains the whole value, as it does when
// the value already looked masked ("张*", "--"). Then it returns one '*' per
// character, or one fewer when the value is two or more '*' alone.
std::string conceal_if_revealing(std::string_view raw, const SanitizedValue& value, std::string masked) {
  const std::size_t count = value.characters.size();

  // Both forms are checked, because the raw value with invalid bytes can
  // occur inside the U+FFFD sequences that replaced them.
  const auto reveals = [&](const std::string& candidate) {
    return candidate.find(raw) != std::string::npos || candidate.find(value.text) != std::string::npos;
  };
  if (count == 0 || !reveals(masked)) {
    return masked;
  }

  // The value "*" stays "*", so that a non-empty value never masks to "".
  std::string stars(count, '*');
  if (count >= 2 && reveals(stars)) {
    stars.pop_back();
  }
  return stars;
}

// --- Phone numbers ----------------------------------------------------------

// Returns the value of an ASCII digit or a full-width digit (U+FF10 to
// U+FF19, encoded as EF BC 90 to EF BC 99), or std::nullopt.
std::optional<int> digit_value(std::string_view character) {
  if (character.size() == 1 && character[0] >= '0' && character[0] <= '9') {
    return character[0] - '0';
  }
  if (character.size() == 3 && static_cast<std::uint8_t>(character[0]) == 0xEF &&
      static_cast<std::uint8_t>(character[1]) == 0xBC) {
    const auto last = static_cast<std::uint8_t>(character[2]);
    if (last >= 0x90 && last <= 0x99) {
      return last - 0x90;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 14> kPhoneSeparators{
    " ", "-", ".", "/", "(", ")", "+", "\u3000", "－", "．", "／", "（", "）", "＋",
};

bool is_phone_separator(std::string_view character) {
  return std::find(kPhoneSeparators.begin(), kPhoneSeparators.end(), character) != kPhoneSeparators.end();
}

bool is_plus_sign(std::string_view character) { return character == "+" || character == "＋"; }

bool starts_with_digits(const std::vector<int>& digits, std::initializer_list<int> prefix) {
  return digits.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), digits.begin());
}

// Returns how many leading digits are the country code of China: 2 for "+86"
// and for "86" before an 11-digit mobile number, 4 for "0086", else 0.
std::size_t count_country_code_digits(const std::vector<std::string_view>& characters,
                                      const std::vector<int>& digits) {
  bool plus_before_first_digit = false;
  for (const std::string_view character : characters) {
    if (digit_value(character)) {
      break;
    }
    if (is_plus_sign(character)) {
      plus_before_first_digit = true;
    }
  }

  if (plus_before_first_digit && starts_with_digits(digits, {8, 6})) {
    return 2;
  }
  if (starts_with_digits(digits, {0, 0, 8, 6})) {
    return 4;
  }
  if (digits.size() == 13 && starts_with_digits(digits, {8, 6, 1})) {
    return 2;
  }
  return 0;
}

// --- Person names -----------------------------------------------------------

bool is_name_space(std::string_view character) { return character == " " || character == "\u3000"; }

// --- Company names ----------------------------------------------------------

// Legal-form suffixes, longest first, so the first match is the longest.
constexpr std::array<std::string_view, 11> kLegalFormSuffixes{
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "合作社", "事务所",
    "集团",         "公司",         "中心",         "厂",       "店",
};

constexpr std::size_t kCompanyKeptPrefix = 2;

// Returns the longest legal-form suffix of `company` that leaves at least one
// character between itself and the kept prefix, or an empty view.
std::string_view find_legal_form_suffix(const SanitizedValue& company) {
  const std::string_view text = company.text;
  for (const std::string_view suffix : kLegalFormSuffixes) {
    const bool matches = text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
    if (matches && company.characters.size() > kCompanyKeptPrefix + count_code_points(suffix)) {
      return suffix;
    }
  }
  return {};
}

}  // namespace

std::string mask_phone(std::string_view phone) {
  const SanitizedValue value(phone);

  std::vector<int> digits;
  for (const std::string_view character : value.characters) {
    if (const std::optional<int> digit = digit_value(character)) {
      digits.push_back(*digit);
    }
  }

  // Digits after the country code are numbered from 0. Those in
  // [kept_head, masked_digits_end) are masked.
  const std::size_t country_code_digits = count_country_code_digits(value.characters, digits);
  const std::size_t national_digits = digits.size() - country_code_digits;
  std::size_t kept_head = 0;
  std::size_t kept_tail = 0;
  if (national_digits >= 7) {
    // Up to 3 leading digits, but never fewer than 4 masked ones unless the
    // number is as short as 7 digits.
    kept_tail = 4;
    kept_head = national_digits >= 8 ? std::min<std::size_t>(3, national_digits - 8) : 0;
  } else if (national_digits >= 3) {
    kept_tail = 2;
  }
  const std::size_t masked_digits_end = national_digits - kept_tail;

  std::string masked;
  std::size_t digit_index = 0;
  for (const std::string_view character : value.characters) {
    if (digit_value(character)) {
      bool keep_digit = true;
      if (digit_index >= country_code_digits) {
        const std::size_t national_index = digit_index - country_code_digits;
        keep_digit = national_index < kept_head || national_index >= masked_digits_end;
      }
      if (keep_digit) {
        masked.append(character);
      } else {
        masked += '*';
      }
      ++digit_index;
    } else if (is_phone_separator(character)) {
      masked.append(character);
    } else {
      masked += '*';
    }
  }

  return conceal_if_revealing(phone, value, std::move(masked));
}

std::string mask_person_name(std::string_view name) {
  const SanitizedValue value(name);

  const auto letters = static_cast<std::size_t>(
      std::count_if(value.characters.begin(), value.characters.end(),
                    [](std::string_view character) { return !is_name_space(character); }));
  bool keep_next_letter = letters >= 2;

  std::string masked;
  for (const std::string_view character : value.characters) {
    if (is_name_space(character)) {
      masked.append(character);
    } else if (keep_next_letter) {
      masked.append(character);
      keep_next_letter = false;
    } else {
      masked += '*';
    }
  }

  return conceal_if_revealing(name, value, std::move(masked));
}

std::string mask_company(std::string_view company) {
  const SanitizedValue value(company);
  const std::size_t count = value.characters.size();
  if (count == 0) {
    return {};
  }

  std::string masked;
  if (count == 1) {
    masked = "***";
  } else if (count <= 4) {
    masked.append(value.characters.front());
    masked += "***";
  } else {
    append_characters(masked, value.characters, 0, kCompanyKeptPrefix);
    masked += "****";
    masked.append(find_legal_form_suffix(value));
  }

  return conceal_if_revealing(company, value, std::move(masked));
}

std::string mask_address(std::string_view address) {
  const SanitizedValue value(address);
  const std::size_t count = value.characters.size();
  if (count == 0) {
    return {};
  }

  // Long addresses keep 6 characters, short ones 2, and no address keeps
  // all of its characters.
  const std::size_t kept_characters = count > 6 ? 6 : std::min<std::size_t>(2, count - 1);
  std::string masked;
  append_characters(masked, value.characters, 0, kept_characters);
  masked += "****";

  return conceal_if_revealing(address, value, std::move(masked));
}

std::string mask_email(std::string_view email) {
  const SanitizedValue value(email);
  if (value.characters.empty()) {
    return {};
  }

  // Without '@' the whole text is treated as a local part without a domain.
  const std::size_t at = value.text.rfind('@');
  const std::string_view text = value.text;
  const std::string_view local_part = at == std::string_view::npos ? text : text.substr(0, at);

  std::string masked;
  if (local_part.empty()) {
    // The domain is all there is, so showing it would reveal the whole value.
    masked = "***@***";
  } else {
    if (count_code_points(local_part) >= 2) {
      masked.append(value.characters.front());
    }
    masked += "***";
    if (at != std::string_view::npos) {
      masked.append(text.substr(at));
    }
  }

  return conceal_if_revealing(email, value, std::move(masked));
}

}  // namespace jishiban
