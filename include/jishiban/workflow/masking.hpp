// Masked forms of a requester's contact data.
//
// A request's requester name, company, address, phone number and e-mail
// address are visible only to office roles and to the leader and handler of
// the assigned unit. Everyone else (assisting units, reports, published lists)
// gets the masked forms built here, and notifications to them carry no contact
// data at all (notifier.hpp). The caller decides who gets which form, and
// these functions only build it.
//
// Every function works on Unicode code points: it first replaces invalid
// UTF-8 bytes with U+FFFD (as sanitize_utf8 does), never splits a sequence
// and always returns valid UTF-8. Masked characters become '*'. An empty
// input gives an empty output. The result depends only on the input.
//
// The result never contains the input, either as given or after
// sanitize_utf8, as a substring. The only exception is the one-character
// input "*", whose result is "*". Some inputs would come out unchanged under
// the rules below, such as "张*", "--" or "大连****有限公司", which already
// look masked. Such an input is replaced by one '*' per character instead,
// or one '*' fewer when it is made of '*' alone.
#ifndef JISHIBAN_WORKFLOW_MASKING_HPP
#define JISHIBAN_WORKFLOW_MASKING_HPP

#include <string>
#include <string_view>

namespace jishiban {

// Masks the digits of a phone number in place. Spaces, '-', '.', '/', '(',
// ')', '+' and their full-width forms are kept, so the format stays
// readable. Any other character that is not a digit becomes '*'. ASCII and
// full-width digits both count as digits.
//
// A country code written as "+86", "0086", or "86" before an 11-digit mobile
// number is kept and not counted. Of the remaining digits:
//   - 7 or more: the last 4 digits and up to the first 3 are kept, with at
//     least 4 digits masked where the length allows it:
//     13812345678 → 138****5678, 0411-85779600 → 041*-****9600,
//     +86 138 1234 5678 → +86 138 **** 5678, 85779600 → ****9600.
//   - 3 to 6: only the last 2 digits are kept: 12345 → ***45.
//   - 1 or 2: all digits are masked.
std::string mask_phone(std::string_view phone);

// Keeps the first character of a person's name and masks the others, one '*'
// each: 张三 → 张*, 张三丰 → 张**, 欧阳修 → 欧**, John Smith → J*** *****.
// Spaces (U+0020 and the ideographic space U+3000) are kept, and the
// character kept is the first one that is not a space. A name with only one
// such character is masked fully: 张 → *.
std::string mask_person_name(std::string_view name);

// Keeps the first 2 characters of a company name, then "****", then the
// longest recognised legal-form suffix: 股份有限公司, 有限责任公司,
// 集团有限公司, 有限公司, 集团, 公司, 合作社, 事务所, 中心, 厂 or 店.
// 大连普湾建设有限公司 → 大连****有限公司. A suffix counts only if at least
// one character is left between it and the first 2, so 大连有限公司 →
// 大连****公司. Without a suffix the result is the first 2 characters and
// "****". A name of 2 to 4 characters keeps its first character followed by
// "***", and a one-character name becomes "***".
std::string mask_company(std::string_view company);

// Keeps the first 6 characters of an address, which usually name the city
// and district, and replaces the rest with "****":
// 大连市金州区金石滩街道黄金路8号 → 大连市金州区****. An address of 6
// characters or fewer keeps its first 2 characters but never all of them, so
// 大连 → 大****, and 大 → ****.
std::string mask_address(std::string_view address);

// Keeps the first character of an e-mail address's local part, then "***",
// then '@' and the domain: pw123@163.com → p***@163.com. The local part ends
// at the last '@'. A local part of one character becomes "***". When the
// local part is empty, as in "@163.com", the domain is masked too and the
// result is "***@***". Text without '@' becomes its first character and
// "***", or "***" when it has one character.
std::string mask_email(std::string_view email);

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_MASKING_HPP
