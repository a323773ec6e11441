#include "jishiban/time/iso8601.hpp"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban {
namespace {

constexpr int kMinYear = 1400;  // boost::gregorian::date's range
constexpr int kMaxYear = 9999;

constexpr const char* kInstantFormsEn =
    "expected ISO 8601 such as 2026-09-30T16:50:00+08:00 (seconds and offset optional), "
    "a date YYYY-MM-DD, or epoch seconds such as @1790758200";
constexpr const char* kInstantFormsZh =
    "应为 ISO 8601 格式，例如 2026-09-30T16:50:00+08:00（秒和时区偏移可省略）、"
    "日期 YYYY-MM-DD，或纪元秒数，例如 @1790758200";

// Raises invalid_argument for `text`, with a reason in both languages.
[[noreturn]] void reject(const char* what_en, const char* what_zh, std::string_view text,
                         const std::string& reason_en, const std::string& reason_zh) {
  const std::string quoted = quote_for_message(text);
  throw Error(ErrorCode::invalid_argument,
              std::string("invalid ") + what_en + " " + quoted + ": " + reason_en,
              std::string("无效的") + what_zh + " " + quoted + "：" + reason_zh);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `pos`; returns -1 if they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Checks year, month and day; `what_*` and `text` name the whole input.
Date make_date(int year, int month, int day, const char* what_en, const char* what_zh,
               std::string_view text) {
  if (year < kMinYear || year > kMaxYear) {
    reject(what_en, what_zh, text, "year " + std::to_string(year) + " is outside 1400-9999",
           "年份 " + std::to_string(year) + " 超出 1400-9999 的范围");
  }
  if (month < 1 || month > 12) {
    reject(what_en, what_zh, text, "month " + std::to_string(month) + " is outside 01-12",
           "月份 " + std::to_string(month) + " 超出 01-12 的范围");
  }
  const int last_day = days_in_month(year, month);
  if (day < 1 || day > last_day) {
    reject(what_en, what_zh, text,
           "day " + std::to_string(day) + " does not exist: " + std::to_string(year) + "-" +
               (month < 10 ? "0" : "") + std::to_string(month) + " has " + std::to_string(last_day) +
               " days",
           "日期 " + std::to_string(day) + " 不存在：" + std::to_string(year) + " 年 " +
               std::to_string(month) + " 月只有 " + std::to_string(last_day) + " 天");
  }
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

// Parses YYYY-MM-DD at the start of `text`; `what_*` name the whole input.
Date parse_date_prefix(std::string_view text, const char* what_en, const char* what_zh,
                       const char* forms_en, const char* forms_zh) {
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') {
    reject(what_en, what_zh, text, forms_en, forms_zh);
  }
  return make_date(year, month, day, what_en, what_zh, text);
}

// Parses HH:MM or HH:MM:SS at `pos`, advancing it. Returns seconds since midnight.
std::int32_t parse_clock(std::string_view text, std::size_t& pos, bool allow_end_of_day,
                         const char* what_en, const char* what_zh, const char* forms_en,
                         const char* forms_zh) {
  const int hour = read_digits(text, pos, 2);
  const int minute = read_digits(text, pos + 3, 2);
  if (hour < 0 || minute < 0 || pos + 2 >= text.size() || text[pos + 2] != ':') {
    reject(what_en, what_zh, text, forms_en, forms_zh);
  }
  pos += 5;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    second = read_digits(text, pos + 1, 2);
    if (second < 0) {
      reject(what_en, what_zh, text, forms_en, forms_zh);
    }
    pos += 3;
  }
  if (hour == 24 && minute == 0 && second == 0) {
    if (!allow_end_of_day) {
      reject(what_en, what_zh, text, "24:00 is not a time of day here; write 00:00 of the next day",
             "此处不接受 24:00，请写作次日 00:00");
    }
    return 24 * 3600;
  }
  if (hour > 23) {
    reject(what_en, what_zh, text, "hour " + std::to_string(hour) + " is outside 00-23",
           "小时 " + std::to_string(hour) + " 超出 00-23 的范围");
  }
  if (minute > 59) {
    reject(what_en, what_zh, text, "minute " + std::to_string(minute) + " is outside 00-59",
           "分钟 " + std::to_string(minute) + " 超出 00-59 的范围");
  }
  if (second > 59) {
    reject(what_en, what_zh, text,
           "second " + std::to_string(second) + " is outside 00-59 (leap seconds are not supported)",
           "秒 " + std::to_string(second) + " 超出 00-59 的范围（不支持闰秒）");
  }
  return hour * 3600 + minute * 60 + second;
}

// Parses Z, +HH:MM, +HHMM or +HH at `pos` to the end of `text`.
UtcOffset parse_offset_suffix(std::string_view text, std::size_t pos, const char* what_en,
                              const char* what_zh, const char* forms_en, const char* forms_zh) {
  const std::string_view suffix = text.substr(pos);
  if (suffix == "Z" || suffix == "z") {
    return UtcOffset();
  }
  if (suffix.empty() || (suffix[0] != '+' && suffix[0] != '-')) {
    reject(what_en, what_zh, text, forms_en, forms_zh);
  }
  const int sign = suffix[0] == '-' ? -1 : 1;
  const int hours = read_digits(suffix, 1, 2);
  int minutes = 0;
  bool valid = hours >= 0;
  if (valid && suffix.size() == 6 && suffix[3] == ':') {
    minutes = read_digits(suffix, 4, 2);
  } else if (valid && suffix.size() == 5) {
    minutes = read_digits(suffix, 3, 2);
  } else if (suffix.size() != 3) {
    valid = false;
  }
  if (!valid || minutes < 0) {
    reject(what_en, what_zh, text, forms_en, forms_zh);
  }
  if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
    reject(what_en, what_zh, text, "UTC offset beyond ±18:00", "UTC 偏移超出 ±18:00");
  }
  return UtcOffset(std::chrono::minutes(sign * (hours * 60 + minutes)));
}

// Parses optional-sign decimal seconds; false when `text` is not a plain integer.
bool parse_epoch_seconds(std::string_view text, std::int64_t& seconds) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  if (pos == text.size()) {
    return false;
  }
  std::uint64_t magnitude = 0;
  for (; pos < text.size(); ++pos) {
    if (!is_digit(text[pos])) {
      return false;
    }
    if (magnitude > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
      magnitude = std::numeric_limits<std::uint64_t>::max();  // saturate; rejected below
      continue;
    }
    magnitude = magnitude * 10 + static_cast<std::uint64_t>(text[pos] - '0');
  }
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 40;  // far beyond year 9999
  if (magnitude > kLimit) {
    magnitude = kLimit;
  }
  seconds = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

}  // namespace

Instant parse_instant(std::string_view text, UtcOffset default_offset) {
  constexpr const char* kWhatEn = "instant";
  constexpr const char* kWhatZh = "时间";

  if (text.empty()) {
    reject(kWhatEn, kWhatZh, text, kInstantFormsEn, kInstantFormsZh);
  }

  // Epoch seconds: "@N" or a plain integer. Dates always contain '-' after
  // four digits, so the two forms cannot be confused.
  const bool at_form = text[0] == '@';
  std::int64_t epoch = 0;
  if (parse_epoch_seconds(at_form ? text.substr(1) : text, epoch)) {
    // 1400-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    constexpr std::int64_t kMinEpoch = -17987443200;
    constexpr std::int64_t kMaxEpoch = 253402300799;
    if (epoch < kMinEpoch || epoch > kMaxEpoch) {
      reject(kWhatEn, kWhatZh, text, "epoch seconds outside years 1400-9999",
             "纪元秒数超出 1400-9999 年的范围");
    }
    return Instant::from_unix_seconds(epoch);
  }
  if (at_form || text.size() < 10) {
    reject(kWhatEn, kWhatZh, text, kInstantFormsEn, kInstantFormsZh);
  }

  const Date date = parse_date_prefix(text, kWhatEn, kWhatZh, kInstantFormsEn, kInstantFormsZh);
  if (text.size() == 10) {
    return to_instant(date, TimeOfDay(), default_offset);
  }
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
    reject(kWhatEn, kWhatZh, text, kInstantFormsEn, kInstantFormsZh);
  }

  std::size_t pos = 11;
  const std::int32_t second_of_day =
      parse_clock(text, pos, false, kWhatEn, kWhatZh, kInstantFormsEn, kInstantFormsZh);

  // A fraction of a second is accepted only when it is zero, because
  // instants carry whole seconds and rounding would move a deadline silently.
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    std::size_t end = pos + 1;
    bool zero = true;
    while (end < text.size() && is_digit(text[end])) {
      zero = zero && text[end] == '0';
      ++end;
    }
    if (end == pos + 1) {
      reject(kWhatEn, kWhatZh, text, kInstantFormsEn, kInstantFormsZh);
    }
    if (!zero) {
      reject(kWhatEn, kWhatZh, text, "fractions of a second are not supported; instants carry whole seconds",
             "不支持小数秒，时间精确到整秒");
    }
    pos = end;
  }

  const UtcOffset offset =
      pos == text.size()
          ? default_offset
          : parse_offset_suffix(text, pos, kWhatEn, kWhatZh, kInstantFormsEn, kInstantFormsZh);
  return to_instant(date, TimeOfDay::from_seconds(second_of_day), offset);
}

Date parse_date(std::string_view text) {
  constexpr const char* kFormEn = "expected YYYY-MM-DD, a real calendar date such as 2026-10-08";
  constexpr const char* kFormZh = "应为 YYYY-MM-DD 格式的真实日期，例如 2026-10-08";
  if (text.size() != 10) {
    reject("date", "日期", text, kFormEn, kFormZh);
  }
  return parse_date_prefix(text, "date", "日期", kFormEn, kFormZh);
}

TimeOfDay parse_time_of_day(std::string_view text, bool allow_end_of_day) {
  constexpr const char* kFormEn = "expected HH:MM or HH:MM:SS, such as 08:30";
  constexpr const char* kFormZh = "应为 HH:MM 或 HH:MM:SS 格式，例如 08:30";
  std::size_t pos = 0;
  const std::int32_t seconds =
      parse_clock(text, pos, allow_end_of_day, "time of day", "时刻", kFormEn, kFormZh);
  if (pos != text.size()) {
    reject("time of day", "时刻", text, kFormEn, kFormZh);
  }
  return TimeOfDay::from_seconds(seconds);
}

UtcOffset parse_utc_offset(std::string_view text) {
  return parse_offset_suffix(text, 0, "UTC offset", "UTC 偏移", "expected Z, +HH:MM, +HHMM or +HH",
                             "应为 Z、+HH:MM、+HHMM 或 +HH");
}

std::string format_date(const Date& date) {
  const auto ymd = date.year_month_day();
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(ymd.year),
                static_cast<int>(ymd.month), static_cast<int>(ymd.day));
  return buffer;
}

std::string format_time_of_day(TimeOfDay time) {
  char buffer[32];
  if (time.seconds() != 0) {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", time.hours(), time.minutes(), time.seconds());
  } else {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", time.hours(), time.minutes());
  }
  return buffer;
}

std::string format_utc_offset(UtcOffset offset) {
  const long long minutes = offset.minutes().count();
  const long long magnitude = minutes < 0 ? -minutes : minutes;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%c%02lld:%02lld", minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buffer;
}

// 1400-01-01T18:00:00Z and 9999-12-31T05:59:59Z: every instant in between
// has a civil year in 1400-9999 at any offset up to ±18:00.
constexpr std::int64_t kFirstFormattable = -17987443200 + 18 * 3600;
constexpr std::int64_t kLastFormattable = 253402300799 - 18 * 3600;

bool is_formattable(Instant instant) noexcept {
  return instant.unix_seconds() >= kFirstFormattable && instant.unix_seconds() <= kLastFormattable;
}

std::string format_instant(Instant instant, UtcOffset offset) {
  // The civil time at `offset` must lie in years 1400-9999. is_formattable
  // checks for every offset at once, so it is narrower by 18 hours at each end.
  // The offset and the instant are bounded first, so the sum cannot
  // overflow.
  const std::int64_t offset_minutes = offset.minutes().count();
  const std::int64_t seconds = instant.unix_seconds();
  const bool in_range = offset_minutes <= 18 * 60 && offset_minutes >= -18 * 60 &&
                        seconds >= kFirstFormattable - 36 * 3600 && seconds <= kLastFormattable + 36 * 3600 &&
                        seconds + offset_minutes * 60 >= kFirstFormattable - 18 * 3600 &&
                        seconds + offset_minutes * 60 <= kLastFormattable + 18 * 3600;
  if (!in_range) {
    const std::string value = "@" + std::to_string(instant.unix_seconds()) + " " + format_utc_offset(offset);
    throw Error(ErrorCode::invalid_argument,
                "cannot format instant " + value + ": only years 1400-9999 and offsets up to ±18:00 have a civil form",
                "无法格式化时间 " + value + "：只有 1400-9999 年且偏移不超过 ±18:00 的时间才有民用时间表示");
  }
  // Written digit by digit: instants are formatted for every notification
  // and JSON event, and snprintf dominated that cost in profiles.
  const CivilTime civil = to_civil(instant, offset);
  const auto ymd = civil.date.year_month_day();
  char buffer[32];
  char* out = buffer;
  const auto digits = [&out](int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    out += width;
  };
  digits(static_cast<int>(ymd.year), 4);
  *out++ = '-';
  digits(static_cast<int>(ymd.month), 2);
  *out++ = '-';
  digits(static_cast<int>(ymd.day), 2);
  *out++ = 'T';
  digits(civil.time.hours(), 2);
  *out++ = ':';
  digits(civil.time.minutes(), 2);
  *out++ = ':';
  digits(civil.time.seconds(), 2);
  const long long minutes = offset.minutes().count();
  if (minutes == 0) {
    *out++ = 'Z';
  } else {
    const long long magnitude = minutes < 0 ? -minutes : minutes;
    *out++ = minutes < 0 ? '-' : '+';
    digits(static_cast<int>(magnitude / 60), 2);
    *out++ = ':';
    digits(static_cast<int>(magnitude % 60), 2);
  }
  return std::string(buffer, static_cast<std::size_t>(out - buffer));
}

}  // namespace jishiban
