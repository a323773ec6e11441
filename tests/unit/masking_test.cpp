// Masking of requester contact data: the documented examples, edge cases,
// and properties over generated values with fixed seeds. The property tests
// check that a masked value is valid UTF-8, is the same on every call, and
// never contains the value it came from unless that value is "*".
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/authorization.hpp"
#include "jishiban/workflow/masking.hpp"

namespace {

using jishiban::is_valid_utf8;
using jishiban::mask_address;
using jishiban::mask_company;
using jishiban::mask_email;
using jishiban::mask_person_name;
using jishiban::mask_phone;

constexpr int kGeneratedValueCount = 1000;

// U+FFFD, which replaces each invalid byte.
const std::string kReplacement = "\xEF\xBF\xBD";

// Counts the characters of `text` after invalid bytes are replaced.
std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (const char byte : jishiban::sanitize_utf8(text)) {
    if ((static_cast<std::uint8_t>(byte) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out.append(text);
  }
  return out;
}

// --- Tickets -----------------------------------------------------------------

// source_id is the request's id in the channel's own system, not contact data.
TEST(MaskedTicket, KeepsSourceId) {
  jishiban::Ticket ticket;
  ticket.requester = jishiban::Requester{"张三丰", "大连普湾建设有限公司", "", "13812345678", ""};
  ticket.source_id = 9007199254740993;
  const jishiban::Actor viewer{"rv1", "", jishiban::Role::report_viewer, ""};

  EXPECT_EQ("138****5678", jishiban::masked(ticket).requester.phone);
  EXPECT_EQ(ticket.source_id, jishiban::masked(ticket).source_id);
  EXPECT_EQ(ticket.source_id, jishiban::view_for(viewer, ticket).source_id);
}

// --- Phone numbers ------------------------------------------------------------

TEST(MaskPhone, KeepsFirstThreeAndLastFour) { EXPECT_EQ("138****5678", mask_phone("13812345678")); }

TEST(MaskPhone, KeepsSeparatorsInPlace) {
  EXPECT_EQ("138-****-5678", mask_phone("138-1234-5678"));
  EXPECT_EQ("138 **** 5678", mask_phone("138 1234 5678"));
  EXPECT_EQ("138.****.5678", mask_phone("138.1234.5678"));
}

TEST(MaskPhone, KeepsPlus86CountryCode) {
  EXPECT_EQ("+86 138 **** 5678", mask_phone("+86 138 1234 5678"));
  EXPECT_EQ("+86138****5678", mask_phone("+8613812345678"));
  EXPECT_EQ("+86-138-****-5678", mask_phone("+86-138-1234-5678"));
  EXPECT_EQ("(+86) 138****5678", mask_phone("(+86) 13812345678"));
}

TEST(MaskPhone, Keeps0086And86CountryCodes) {
  EXPECT_EQ("0086138****5678", mask_phone("008613812345678"));
  EXPECT_EQ("0086 138 **** 5678", mask_phone("0086 138 1234 5678"));
  EXPECT_EQ("86138****5678", mask_phone("8613812345678"));
}

TEST(MaskPhone, LandlineKeepsFirstThreeAndLastFourDigits) {
  EXPECT_EQ("041*-****9600", mask_phone("0411-85779600"));
  EXPECT_EQ("(041*) ****9600", mask_phone("(0411) 85779600"));
  EXPECT_EQ("010-****5678", mask_phone("010-12345678"));
}

TEST(MaskPhone, LandlineAfterPlus86) { EXPECT_EQ("+86 411 **** 9600", mask_phone("+86 411 8577 9600")); }

TEST(MaskPhone, MasksAtLeastFourDigitsOfShorterNumbers) {
  EXPECT_EQ("****9600", mask_phone("85779600"));
  EXPECT_EQ("***9600", mask_phone("5779600"));
  EXPECT_EQ("1****9600", mask_phone("185779600"));
  EXPECT_EQ("12****9600", mask_phone("1285779600"));
}

TEST(MaskPhone, ShortNumberKeepsLastTwoDigits) {
  EXPECT_EQ("*10", mask_phone("110"));
  EXPECT_EQ("***88", mask_phone("95588"));
  EXPECT_EQ("****56", mask_phone("123456"));
}

TEST(MaskPhone, OneOrTwoDigitsFullyMasked) {
  EXPECT_EQ("**", mask_phone("12"));
  EXPECT_EQ("*", mask_phone("1"));
}

TEST(MaskPhone, FullWidthDigitsCountAsDigits) {
  EXPECT_EQ("１３８****５６７８", mask_phone("１３８１２３４５６７８"));
  EXPECT_EQ("１３８－****－５６７８", mask_phone("１３８－１２３４－５６７８"));
}

TEST(MaskPhone, MasksTextThatIsNotDigitsOrSeparators) {
  EXPECT_EQ("***", mask_phone("abc"));
  EXPECT_EQ("**", mask_phone("张三"));
  EXPECT_EQ("(**)138****5678", mask_phone("(手机)13812345678"));
}

TEST(MaskPhone, EmptyGivesEmpty) { EXPECT_EQ("", mask_phone("")); }

TEST(MaskPhone, SeparatorsOnlyAreMasked) {
  EXPECT_EQ("*", mask_phone("-"));
  EXPECT_EQ("**", mask_phone("--"));
  EXPECT_EQ("***", mask_phone("+86"));
}

TEST(MaskPhone, AlreadyMaskedValueIsMaskedAgain) {
  EXPECT_EQ("*******5678", mask_phone("138****5678"));
  EXPECT_EQ("*", mask_phone("**"));
}

TEST(MaskPhone, InvalidBytesBecomeMaskedCharacters) {
  const std::string masked = mask_phone("1381234\xFF" "5678");

  EXPECT_EQ("138*****5678", masked);
  EXPECT_TRUE(is_valid_utf8(masked));
}

TEST(MaskPhone, VeryLongNumberKeepsSevenDigits) {
  const std::string digits = repeat("7", 100000);

  const std::string masked = mask_phone(digits);

  EXPECT_EQ("777" + std::string(99993, '*') + "7777", masked);
}

// --- Person names -------------------------------------------------------------

TEST(MaskPersonName, TwoCharacterNameKeepsSurname) { EXPECT_EQ("张*", mask_person_name("张三")); }

TEST(MaskPersonName, ThreeCharacterNameKeepsSurname) { EXPECT_EQ("张**", mask_person_name("张三丰")); }

TEST(MaskPersonName, CompoundSurnameKeepsFirstCharacter) { EXPECT_EQ("欧**", mask_person_name("欧阳修")); }

TEST(MaskPersonName, OneCharacterFullyMasked) {
  EXPECT_EQ("*", mask_person_name("张"));
  EXPECT_EQ("*", mask_person_name("J"));
}

TEST(MaskPersonName, LatinNameKeepsFirstLetterAndSpaces) {
  EXPECT_EQ("J*** *****", mask_person_name("John Smith"));
  EXPECT_EQ("M*** ****** ******", mask_person_name("Mary Louise O'Hara"));
}

TEST(MaskPersonName, MixedChineseAndLatin) {
  EXPECT_EQ("王****", mask_person_name("王Tony"));
  EXPECT_EQ("T*** *", mask_person_name("Tony 王"));
}

TEST(MaskPersonName, LeadingAndIdeographicSpacesKept) {
  EXPECT_EQ(" 张*", mask_person_name(" 张三"));
  EXPECT_EQ("张\u3000*", mask_person_name("张\u3000三"));
  EXPECT_EQ(" *", mask_person_name(" 张"));
}

TEST(MaskPersonName, FourByteCharactersStayWhole) { EXPECT_EQ("𠀀*", mask_person_name("𠀀三")); }

TEST(MaskPersonName, EmptyGivesEmpty) { EXPECT_EQ("", mask_person_name("")); }

TEST(MaskPersonName, SpacesOnlyAreMasked) { EXPECT_EQ("**", mask_person_name("  ")); }

TEST(MaskPersonName, AlreadyMaskedValueIsMaskedAgain) {
  EXPECT_EQ("**", mask_person_name("张*"));
  EXPECT_EQ("**", mask_person_name("***"));
  EXPECT_EQ("*", mask_person_name("*"));
}

TEST(MaskPersonName, InvalidBytesBecomeReplacementCharacter) {
  EXPECT_EQ("张*", mask_person_name("张\xFF"));
  EXPECT_EQ(kReplacement + "*", mask_person_name("\xFF三"));
  EXPECT_EQ("张**", mask_person_name("张\xE4\xB8"));
}

TEST(MaskPersonName, TruncatedSequenceNeverRevealed) {
  // "\xBF\xBD" is the tail of U+FFFD, the replacement of each of its bytes.
  const std::string masked = mask_person_name("\xBF\xBD");

  EXPECT_EQ("**", masked);
}

TEST(MaskPersonName, VeryLongNameKeepsFirstCharacter) {
  const std::string masked = mask_person_name(repeat("李", 10000));

  EXPECT_EQ("李" + std::string(9999, '*'), masked);
}

// --- Company names ------------------------------------------------------------

TEST(MaskCompany, KeepsFirstTwoAndSuffix) {
  EXPECT_EQ("大连****有限公司", mask_company("大连普湾建设有限公司"));
}

TEST(MaskCompany, PrefersLongestSuffix) {
  EXPECT_EQ("大连****股份有限公司", mask_company("大连万达商业股份有限公司"));
  EXPECT_EQ("大连****有限责任公司", mask_company("大连华信计算机有限责任公司"));
  EXPECT_EQ("大连****集团有限公司", mask_company("大连万达集团有限公司"));
}

TEST(MaskCompany, RecognisesEveryLegalForm) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"大连****股份有限公司", "大连港湾物流股份有限公司"},
      {"大连****有限责任公司", "大连港湾物流有限责任公司"},
      {"大连****集团有限公司", "大连港湾物流集团有限公司"},
      {"大连****有限公司", "大连港湾物流有限公司"},
      {"大连****集团", "大连港口集团"},
      {"大连****公司", "大连市燃气公司"},
      {"金州****合作社", "金州区农民专业合作社"},
      {"大连****事务所", "大连明正律师事务所"},
      {"大连****中心", "大连国际会展中心"},
      {"大连****厂", "大连第二机床厂"},
      {"大连****店", "大连老字号饭店"},
  };

  for (const auto& [expected, company] : cases) {
    EXPECT_EQ(expected, mask_company(company)) << company;
  }
}

TEST(MaskCompany, WithoutSuffixKeepsFirstTwo) {
  EXPECT_EQ("大连****", mask_company("大连普湾新区建设指挥部"));
  EXPECT_EQ("Ac****", mask_company("Acme Trading Co., Ltd."));
}

TEST(MaskCompany, SuffixMustLeaveCharacterToMask) {
  EXPECT_EQ("大连****公司", mask_company("大连有限公司"));
  EXPECT_EQ("大连****公司", mask_company("大连一公司"));
  EXPECT_EQ("股份****公司", mask_company("股份有限公司"));
}

TEST(MaskCompany, ShortNameKeepsFirstCharacter) {
  EXPECT_EQ("普***", mask_company("普湾建设"));
  EXPECT_EQ("普***", mask_company("普湾"));
  EXPECT_EQ("大***", mask_company("大连公司"));
}

TEST(MaskCompany, OneCharacterFullyMasked) { EXPECT_EQ("***", mask_company("厂")); }

TEST(MaskCompany, EmptyGivesEmpty) { EXPECT_EQ("", mask_company("")); }

TEST(MaskCompany, AlreadyMaskedValueIsMaskedAgain) {
  EXPECT_EQ("**********", mask_company("大连****有限公司"));
  EXPECT_EQ("****", mask_company("普***"));
}

TEST(MaskCompany, InvalidBytesBecomeReplacementCharacter) {
  const std::string masked = mask_company("\xFF\xFE普湾建设有限公司");

  EXPECT_EQ(kReplacement + kReplacement + "****有限公司", masked);
  EXPECT_TRUE(is_valid_utf8(masked));
}

TEST(MaskCompany, VeryLongNameKeepsPrefixAndSuffix) {
  const std::string company = "大连" + repeat("建", 100000) + "有限公司";

  EXPECT_EQ("大连****有限公司", mask_company(company));
}

// --- Addresses ----------------------------------------------------------------

TEST(MaskAddress, KeepsFirstSixCharacters) {
  EXPECT_EQ("大连市金州区****", mask_address("大连市金州区金石滩街道黄金路8号"));
}

TEST(MaskAddress, SixCharactersOrFewerKeepFirstTwo) {
  EXPECT_EQ("大连****", mask_address("大连市金州区"));
  EXPECT_EQ("大连****", mask_address("大连市"));
}

TEST(MaskAddress, ShortestAddressesNeverKeptWhole) {
  EXPECT_EQ("大****", mask_address("大连"));
  EXPECT_EQ("****", mask_address("大"));
}

TEST(MaskAddress, SevenCharactersKeepSix) { EXPECT_EQ("大连市金州区****", mask_address("大连市金州区1")); }

TEST(MaskAddress, MixedChineseAndLatin) {
  EXPECT_EQ("No.8 H****", mask_address("No.8 Huangjin Road, Dalian"));
  EXPECT_EQ("大连市A座1****", mask_address("大连市A座15层"));
}

TEST(MaskAddress, EmptyGivesEmpty) { EXPECT_EQ("", mask_address("")); }

TEST(MaskAddress, AlreadyMaskedValueIsMaskedAgain) {
  EXPECT_EQ("**********", mask_address("大连市金州区****"));
}

TEST(MaskAddress, InvalidBytesBecomeReplacementCharacter) {
  const std::string masked = mask_address("大连市\xE9\x87金州区金石滩");

  EXPECT_EQ("大连市" + kReplacement + kReplacement + "金****", masked);
  EXPECT_TRUE(is_valid_utf8(masked));
}

TEST(MaskAddress, VeryLongAddressKeepsSix) {
  EXPECT_EQ("大连市金州区****", mask_address("大连市金州区" + repeat("路", 100000)));
}

// --- E-mail addresses ---------------------------------------------------------

TEST(MaskEmail, KeepsFirstCharacterAndDomain) { EXPECT_EQ("p***@163.com", mask_email("pw123@163.com")); }

TEST(MaskEmail, WithoutAtSignKeepsFirstCharacter) {
  EXPECT_EQ("p***", mask_email("pw123"));
  EXPECT_EQ("张***", mask_email("张三"));
}

TEST(MaskEmail, EmptyLocalPartMasksDomain) {
  EXPECT_EQ("***@***", mask_email("@163.com"));
  EXPECT_EQ("***@***", mask_email("@1"));
}

TEST(MaskEmail, AtSignAloneIsMasked) { EXPECT_EQ("*", mask_email("@")); }

TEST(MaskEmail, OneCharacterLocalPartFullyMasked) { EXPECT_EQ("***@163.com", mask_email("p@163.com")); }

TEST(MaskEmail, OneCharacterFullyMasked) { EXPECT_EQ("***", mask_email("p")); }

TEST(MaskEmail, EmptyDomainKept) { EXPECT_EQ("p***@", mask_email("pw123@")); }

TEST(MaskEmail, LastAtSignStartsDomain) { EXPECT_EQ("\"***@163.com", mask_email("\"a@b\"@163.com")); }

TEST(MaskEmail, ChineseLocalPart) { EXPECT_EQ("张***@163.com", mask_email("张三@163.com")); }

TEST(MaskEmail, EmptyGivesEmpty) { EXPECT_EQ("", mask_email("")); }

TEST(MaskEmail, AlreadyMaskedValueIsMaskedAgain) { EXPECT_EQ("************", mask_email("p***@163.com")); }

TEST(MaskEmail, InvalidBytesBecomeReplacementCharacter) {
  const std::string masked = mask_email("\xC0pw@163.com");

  EXPECT_EQ(kReplacement + "***@163.com", masked);
  EXPECT_TRUE(is_valid_utf8(masked));
}

TEST(MaskEmail, VeryLongLocalPart) { EXPECT_EQ("a***@163.com", mask_email(repeat("a", 100000) + "@163.com")); }

// --- Properties over generated values -------------------------------------------

template <std::size_t N>
std::string_view pick(std::mt19937& random, const std::array<std::string_view, N>& choices) {
  std::uniform_int_distribution<std::size_t> index(0, N - 1);
  return choices[index(random)];
}

std::string random_digits(std::mt19937& random, std::size_t count) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += static_cast<char>('0' + digit(random));
  }
  return out;
}

int random_between(std::mt19937& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

std::string generate_mobile(std::mt19937& random) {
  constexpr std::array<std::string_view, 6> kSecondDigits{"3", "5", "7", "8", "9", "4"};
  return "1" + std::string(pick(random, kSecondDigits)) + random_digits(random, 9);
}

std::string generate_phone(std::mt19937& random) {
  constexpr std::array<std::string_view, 5> kAreaCodes{"010", "021", "024", "0411", "0755"};
  const std::string mobile = generate_mobile(random);
  switch (random_between(random, 0, 7)) {
    case 0:
      return mobile;
    case 1:
      return "+86 " + mobile.substr(0, 3) + " " + mobile.substr(3, 4) + " " + mobile.substr(7);
    case 2:
      return mobile.substr(0, 3) + "-" + mobile.substr(3, 4) + "-" + mobile.substr(7);
    case 3:
      return "+86" + mobile;
    case 4:
      return (random_between(random, 0, 1) == 0 ? "0086" : "86") + mobile;
    case 5: {
      const std::string area_code(pick(random, kAreaCodes));
      const int local_length = random_between(random, 7, 8);
      return area_code + "-" + random_digits(random, local_length);
    }
    case 6: {
      const std::string area_code(pick(random, kAreaCodes));
      return "(" + area_code + ") " + random_digits(random, 8);
    }
    default:
      return random_digits(random, random_between(random, 3, 6));
  }
}

std::string generate_person_name(std::mt19937& random) {
  constexpr std::array<std::string_view, 12> kSurnames{"张", "王", "李", "赵", "刘", "陈",
                                                       "欧阳", "司马", "诸葛", "上官", "慕容", "𠀀"};
  constexpr std::array<std::string_view, 12> kGivenCharacters{"三", "丰", "伟", "芳", "娜", "敏",
                                                              "静", "磊", "洋", "勇", "艳", "杰"};
  constexpr std::array<std::string_view, 5> kLatinGivenNames{"John", "Mary", "Wei", "Li", "Anna"};
  constexpr std::array<std::string_view, 5> kLatinFamilyNames{"Smith", "Zhang", "O'Brien", "Müller", "Li"};

  if (random_between(random, 0, 4) == 0) {
    const std::string given_name(pick(random, kLatinGivenNames));
    const std::string family_name(pick(random, kLatinFamilyNames));
    return given_name + " " + family_name;
  }
  std::string name(pick(random, kSurnames));
  const int given_length = random_between(random, 1, 2);
  for (int i = 0; i < given_length; ++i) {
    name.append(pick(random, kGivenCharacters));
  }
  return name;
}

std::string generate_company(std::mt19937& random) {
  constexpr std::array<std::string_view, 6> kRegions{"大连", "金州", "普湾", "沈阳", "辽宁", "北京"};
  constexpr std::array<std::string_view, 8> kTradeNames{"普湾建设", "华信", "万达商业", "港湾物流",
                                                        "新能源科技", "海洋渔业", "明正律师", "建"};
  constexpr std::array<std::string_view, 12> kSuffixes{"股份有限公司", "有限责任公司", "集团有限公司",
                                                       "有限公司", "集团", "公司", "合作社", "事务所",
                                                       "中心", "厂", "店", ""};
  if (random_between(random, 0, 9) == 0) {
    return "Acme " + random_digits(random, 2) + " Trading Co., Ltd.";
  }
  std::string company(pick(random, kRegions));
  company.append(pick(random, kTradeNames));
  company.append(pick(random, kSuffixes));
  return company;
}

std::string generate_address(std::mt19937& random) {
  constexpr std::array<std::string_view, 5> kCities{"辽宁省大连市", "大连市金州区", "大连市普湾新区",
                                                    "Dalian ", "大连"};
  constexpr std::array<std::string_view, 5> kStreets{"金石滩街道", "炮台街道", "黄金路", "滨海路", ""};
  std::string address(pick(random, kCities));
  address.append(pick(random, kStreets));
  if (random_between(random, 0, 1) == 0) {
    const int number_length = random_between(random, 1, 3);
    address += random_digits(random, number_length) + "号";
  }
  if (random_between(random, 0, 3) == 0) {
    address += random_digits(random, 3) + "室";
  }
  return address;
}

std::string generate_email(std::mt19937& random) {
  constexpr std::string_view kLocalCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._";
  constexpr std::array<std::string_view, 6> kDomains{"163.com",  "qq.com",    "126.com",
                                                     "sina.com", "gmail.com", "dlpw.gov.cn"};
  std::uniform_int_distribution<std::size_t> character(0, kLocalCharacters.size() - 1);
  std::string local_part;
  const int length = random_between(random, 1, 12);
  for (int i = 0; i < length; ++i) {
    local_part += kLocalCharacters[character(random)];
  }
  if (random_between(random, 0, 9) == 0) {
    local_part = "张" + local_part;
  }
  return local_part + "@" + std::string(pick(random, kDomains));
}

struct MaskingCase {
  std::string_view kind;
  std::function<std::string(std::string_view)> mask;
  std::function<std::string(std::mt19937&)> generate;
};

const std::vector<MaskingCase>& masking_cases() {
  static const std::vector<MaskingCase> cases = {
      {"phone", mask_phone, generate_phone},
      {"person name", mask_person_name, generate_person_name},
      {"company", mask_company, generate_company},
      {"address", mask_address, generate_address},
      {"e-mail", mask_email, generate_email},
  };
  return cases;
}

TEST(MaskingProperty, GeneratedValuesNeverRevealed) {
  for (const MaskingCase& masking : masking_cases()) {
    std::mt19937 random(20240601);
    for (int i = 0; i < kGeneratedValueCount; ++i) {
      const std::string original = masking.generate(random);

      const std::string masked = masking.mask(original);

      ASSERT_GE(count_characters(original), 2u) << masking.kind << ": " << original;
      EXPECT_EQ(std::string::npos, masked.find(original)) << masking.kind << ": " << original << " -> " << masked;
      EXPECT_TRUE(is_valid_utf8(masked)) << masking.kind << ": " << original;
      EXPECT_EQ(masked, masking.mask(original)) << masking.kind << ": " << original;
    }
  }
}

// Byte strings built from fragments that the rules treat specially: '*', '@',
// digits, separators, suffixes, and broken or stray UTF-8 bytes.
std::string generate_hostile_value(std::mt19937& random) {
  constexpr std::array<std::string_view, 16> kFragments{
      "*", "*", "@", "1", "8", "6", "+", "-", " ", "张", "有限公司", "\xE5", "\xBF", "\xBD", "\xFF", "a"};
  std::string value;
  const int length = random_between(random, 0, 12);
  for (int i = 0; i < length; ++i) {
    value.append(pick(random, kFragments));
  }
  return value;
}

TEST(MaskingProperty, ArbitraryBytesNeverRevealed) {
  for (const MaskingCase& masking : masking_cases()) {
    std::mt19937 random(7);
    for (int i = 0; i < kGeneratedValueCount; ++i) {
      const std::string original = generate_hostile_value(random);

      const std::string masked = masking.mask(original);

      EXPECT_TRUE(is_valid_utf8(masked)) << masking.kind << ": " << original;
      EXPECT_EQ(original.empty(), masked.empty()) << masking.kind << ": " << original;
      EXPECT_EQ(masked, masking.mask(original)) << masking.kind << ": " << original;

      // "*" is the one value whose result contains it.
      const std::string sanitized = jishiban::sanitize_utf8(original);
      if (!original.empty() && sanitized != "*") {
        EXPECT_EQ(std::string::npos, masked.find(original)) << masking.kind << ": " << original << " -> " << masked;
        EXPECT_EQ(std::string::npos, masked.find(sanitized)) << masking.kind << ": " << original << " -> " << masked;
      }
    }
  }
}

}  // namespace
