// ISO 8601 parsing and formatting, and the rule that the form an instant is
// written in never changes the working time computed from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/iso8601.hpp"
#include "test_support.hpp"

namespace {

using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban::UtcOffset;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using testing::HasSubstr;

const UtcOffset kChina = UtcOffset::china();

// --- Accepted forms ------------------------------------------------------

TEST(ParseInstant, AcceptsEveryDocumentedForm) {
  const Instant expected = china_instant(2026, 9, 30, 16, 50);
  const std::string unix_text = std::to_string(expected.unix_seconds());
  const std::vector<std::string> forms = {
      "2026-09-30T16:50:00+08:00", "2026-09-30T16:50+08:00",  "2026-09-30T08:50:00Z",
      "2026-09-30T16:50:00+0800",  "2026-09-30T16:50:00+08",  "2026-09-30T03:50:00-05:00",
      "2026-09-30 16:50",          "2026-09-30T16:50",        "2026-09-30T16:50:00.000",
      "@" + unix_text,             unix_text,
  };

  for (const std::string& form : forms) {
    EXPECT_EQ(expected, jishiban::parse_instant(form, kChina)) << "form " << form;
  }
}

TEST(ParseInstant, DateAloneIsMidnightAtDefaultOffset) {
  EXPECT_EQ(china_instant(2026, 10, 8, 0, 0), jishiban::parse_instant("2026-10-08", kChina));
}

TEST(ParseInstant, NoOffsetUsesDefaultOffset) {
  const Instant parsed = jishiban::parse_instant("2026-09-30T16:50", UtcOffset(std::chrono::minutes(0)));

  EXPECT_EQ(china_instant(2026, 10, 1, 0, 50), parsed);
}

TEST(ParseInstant, ExplicitOffsetOverridesDefault) {
  const Instant parsed = jishiban::parse_instant("2026-09-30T16:50+08:00", UtcOffset(std::chrono::minutes(0)));

  EXPECT_EQ(china_instant(2026, 9, 30, 16, 50), parsed);
}

TEST(ParseInstant, NegativeEpochSeconds) {
  EXPECT_EQ(-86400, jishiban::parse_instant("@-86400", kChina).unix_seconds());
}

TEST(ParseDate, AcceptsLeapDay) { EXPECT_EQ(jishiban_test::date(2024, 2, 29), jishiban::parse_date("2024-02-29")); }

TEST(ParseTimeOfDay, AcceptsSeconds) {
  EXPECT_EQ(jishiban::TimeOfDay(9, 20, 37), jishiban::parse_time_of_day("09:20:37"));
}

TEST(ParseTimeOfDay, EndOfDayAllowedForPeriodEnds) {
  EXPECT_EQ(86400, jishiban::parse_time_of_day("24:00", true).seconds_since_midnight());
}

TEST(ParseUtcOffset, AcceptsEveryForm) {
  EXPECT_EQ(kChina, jishiban::parse_utc_offset("+08:00"));
  EXPECT_EQ(kChina, jishiban::parse_utc_offset("+0800"));
  EXPECT_EQ(kChina, jishiban::parse_utc_offset("+08"));
  EXPECT_EQ(UtcOffset(std::chrono::minutes(0)), jishiban::parse_utc_offset("Z"));
  EXPECT_EQ(UtcOffset(std::chrono::minutes(-330)), jishiban::parse_utc_offset("-05:30"));
}

// --- Rejected forms ------------------------------------------------------

// Checks that `action` throws invalid_argument naming `text` in what().
template <class Action>
void expect_rejected(const std::string& text, Action&& action) {
  SCOPED_TRACE("input \"" + text + "\"");
  const auto error = capture_error(action);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  if (!text.empty()) {
    EXPECT_THAT(error->what(), HasSubstr(text));
  }
  EXPECT_FALSE(error->message(jishiban::Language::zh_CN).empty());
}

TEST(ParseDate, RejectsMalformedDates) {
  const std::vector<std::string> inputs = {
      "2026-13-01", "2026-00-10", "2026-02-30", "2026-02-29", "2026-04-31", "2026-3-1", "26-03-01",
      "2026/03/01", "2026-03-01x", "2026-03-01T10:00", " 2026-03-01", "1399-12-31", "",
  };

  for (const std::string& input : inputs) {
    expect_rejected(input, [&] { jishiban::parse_date(input); });
  }
}

TEST(ParseInstant, RejectsMalformedInstants) {
  const std::vector<std::string> inputs = {
      "2026-03-01T24:00",       "2026-03-01T24:00:00+08:00", "2026-03-01T25:00",
      "2026-03-01T10:60",       "2026-03-01T10:00:60",       "2026-03-01T10:00:00.5",
      "2026-03-01T10:00:00.001", "2026-02-29T10:00",         "2026-13-01T10:00",
      "2026-3-1T10:00",         "2026-03-01T10:00junk",      "2026-03-01T10:00+08:00junk",
      "2026-03-01T10:00+19:00", "2026-03-01T1:00",           "@",
      "@12x",                   "12x",                       "",
  };

  for (const std::string& input : inputs) {
    expect_rejected(input, [&] { jishiban::parse_instant(input, kChina); });
  }
}

TEST(ParseTimeOfDay, RejectsMalformedTimes) {
  const std::vector<std::string> inputs = {"25:00", "24:00", "23:60", "12:00:60", "9:00", "0900", "12:00x", ""};

  for (const std::string& input : inputs) {
    expect_rejected(input, [&] { jishiban::parse_time_of_day(input); });
  }
}

TEST(ParseTimeOfDay, RejectsPastEndOfDay) {
  expect_rejected("24:01", [] { jishiban::parse_time_of_day("24:01", true); });
  expect_rejected("24:00:01", [] { jishiban::parse_time_of_day("24:00:01", true); });
}

TEST(ParseUtcOffset, RejectsMalformedOffsets) {
  const std::vector<std::string> inputs = {"+19:00", "08:00", "+8", "+08:60", "+08:00x", ""};

  for (const std::string& input : inputs) {
    expect_rejected(input, [&] { jishiban::parse_utc_offset(input); });
  }
}

// --- Formatting ----------------------------------------------------------

// The instant `text` names, or std::nullopt when parse_instant rejects it.
std::optional<Instant> parsed(const char* text) {
  try {
    return jishiban::parse_instant(text, kChina);
  } catch (const jishiban::Error&) {
    return std::nullopt;
  }
}

TEST(FormatInstant, UsesRfc3339WithOffset) {
  EXPECT_EQ("2026-10-08T09:20:00+08:00", jishiban::format_instant(china_instant(2026, 10, 8, 9, 20), kChina));
}

TEST(FormatInstant, UsesZForZeroOffset) {
  EXPECT_EQ("2026-10-08T01:20:00Z",
            jishiban::format_instant(china_instant(2026, 10, 8, 9, 20), UtcOffset(std::chrono::minutes(0))));
}

TEST(FormatInstant, RoundTripsThroughParse) {
  for (std::int64_t seconds = china_instant(2004, 1, 1).unix_seconds(); seconds < china_instant(2027, 1, 1).unix_seconds();
       seconds += 7777777) {
    const Instant instant = Instant::from_unix_seconds(seconds);
    EXPECT_EQ(instant, jishiban::parse_instant(jishiban::format_instant(instant, kChina), kChina));
  }
}

// Replay messages, replay summaries and report headers write back the
// instants they parsed, so an instant parse_instant accepts at an offset
// must be writable at that offset.
TEST(FormatInstant, WritesEveryInstantParseAccepts) {
  struct Case {
    const char* text;
    int offset_minutes;
  };
  for (const Case& item : {Case{"1400-01-01T00:00:00+08:00", 480}, Case{"1400-01-01T00:00:00+18:00", 1080},
                           Case{"9999-12-31T23:59:59+08:00", 480}, Case{"9999-12-31T23:59:59-18:00", -1080},
                           Case{"9999-12-31T23:59:59Z", 0}}) {
    const std::optional<Instant> instant = parsed(item.text);
    if (!instant) {
      continue;  // rejecting the text is fine as well
    }
    std::string written;
    try {
      written = jishiban::format_instant(*instant, UtcOffset(std::chrono::minutes(item.offset_minutes)));
    } catch (const jishiban::Error& error) {
      ADD_FAILURE() << item.text << " parses but cannot be written: " << error.what();
      continue;
    }
    EXPECT_EQ(std::string(item.text).substr(0, 19), written.substr(0, 19)) << item.text;
  }
}

TEST(FormatDate, UsesExtendedFormat) { EXPECT_EQ("2026-10-08", jishiban::format_date(jishiban_test::date(2026, 10, 8))); }

TEST(FormatTimeOfDay, OmitsZeroSeconds) {
  EXPECT_EQ("09:20", jishiban::format_time_of_day(jishiban::TimeOfDay(9, 20)));
  EXPECT_EQ("09:20:37", jishiban::format_time_of_day(jishiban::TimeOfDay(9, 20, 37)));
}

TEST(FormatUtcOffset, UsesSignedHoursAndMinutes) {
  EXPECT_EQ("+08:00", jishiban::format_utc_offset(kChina));
  EXPECT_EQ("-05:30", jishiban::format_utc_offset(UtcOffset(std::chrono::minutes(-330))));
}

// --- Elapsed time is independent of the input form ----------------------

TEST(ElapsedWorkingTime, SameWhateverFormInstantsComeIn) {
  const jishiban::Calendar calendar;
  const Instant start = china_instant(2026, 9, 30, 16, 50);
  const Instant end = china_instant(2026, 10, 8, 9, 20);
  const std::vector<std::string> start_forms = {
      "2026-09-30T16:50:00+08:00", "2026-09-30T16:50", "2026-09-30T08:50:00Z",
      "@" + std::to_string(start.unix_seconds()), std::to_string(start.unix_seconds()),
  };
  const std::vector<std::string> end_forms = {
      "2026-10-08T09:20:00+08:00", "2026-10-08 09:20", "2026-10-08T01:20Z",
      "@" + std::to_string(end.unix_seconds()), std::to_string(end.unix_seconds()),
  };
  const auto from_time_point = Instant::from_time_point(std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(start.unix_seconds()))));

  for (const std::string& start_form : start_forms) {
    for (const std::string& end_form : end_forms) {
      const auto elapsed = calendar.elapsed_working_time(jishiban::parse_instant(start_form, kChina),
                                                         jishiban::parse_instant(end_form, kChina));
      EXPECT_EQ(3600, elapsed.value.count()) << start_form << " to " << end_form;
    }
  }
  EXPECT_EQ(3600, calendar.elapsed_working_time(from_time_point, end).value.count());
}

TEST(ElapsedWorkingTime, DateOnlyEndMeansMidnight) {
  const jishiban::Calendar calendar;

  const auto elapsed = calendar.elapsed_working_time(jishiban::parse_instant("2026-09-30T16:50", kChina),
                                                     jishiban::parse_instant("2026-10-08", kChina));

  EXPECT_EQ(600, elapsed.value.count());
}

}  // namespace
