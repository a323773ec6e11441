// Hostile and extreme input: values at the integer and calendar limits,
// oversized or malformed calendar data, and data built in C++ that skips the
// JSON checks. Each must end in a jishiban::Error with the right code and a
// valid UTF-8 message, never a crash, a foreign exception or a wrong result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarData;
using jishiban::ErrorCode;
using jishiban::Instant;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using testing::HasSubstr;

const Calendar& official() {
  static const Calendar calendar;
  return calendar;
}

// --- Instants and dates beyond the tables ---------------------------------

TEST(HostileInstant, FarFutureNamedByEpochSeconds) {
  const auto error = capture_error([] { official().next_working_instant(Instant::from_unix_seconds(600000000000)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
  EXPECT_THAT(error->what(), HasSubstr("@600000000000"));
}

TEST(HostileInstant, Int64LimitsAreOutOfRange) {
  for (const std::int64_t seconds : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    const auto error = capture_error([seconds] {
      official().elapsed_working_time(Instant::from_unix_seconds(seconds), china_instant(2026, 3, 4, 10, 0));
    });

    ASSERT_TRUE(error.has_value()) << seconds;
    EXPECT_EQ(ErrorCode::out_of_range, error->code()) << seconds;
  }
}

TEST(HostileInstant, FormatBeyondYear9999IsInvalidArgument) {
  const auto error = capture_error([] {
    jishiban::format_instant(Instant::from_unix_seconds(253402300799), jishiban::UtcOffset::china());
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(HostileInstant, LatestParsableInstantIsOutOfRange) {
  const Instant instant = jishiban::parse_instant("9999-12-31T23:59:59-18:00", jishiban::UtcOffset::china());
  const auto error = capture_error([instant] { official().next_working_instant(instant); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

TEST(HostileDate, SpecialValueIsInvalidArgument) {
  const auto error = capture_error([] { official().day_info(jishiban::Date(boost::gregorian::not_a_date_time)); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(HostileAmount, BatchWithLargestAmountIsOutOfRange) {
  std::vector<Instant> starts(16, china_instant(2026, 3, 4, 10, 0));
  std::vector<Instant> out(starts.size());
  const auto error = capture_error([&] {
    official().add_working_time(starts.data(), starts.size(), std::chrono::seconds(std::numeric_limits<std::int64_t>::max()),
                                out.data());
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::out_of_range, error->code());
}

// --- Messages ---------------------------------------------------------------

TEST(HostileMessage, InvalidUtf8InputGivesValidUtf8Message) {
  const auto error = capture_error([] { jishiban::parse_instant("2026-09-30T16:50\xff", jishiban::UtcOffset::china()); });

  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(jishiban::is_valid_utf8(error->what()));
  EXPECT_TRUE(jishiban::is_valid_utf8(error->message(jishiban::Language::zh_CN)));
}

TEST(HostileMessage, LongInputIsCutInMessage) {
  const std::string huge(1 << 20, '9');
  const auto error = capture_error([&] { jishiban::parse_date(huge); });

  ASSERT_TRUE(error.has_value());
  EXPECT_LT(std::string(error->what()).size(), 1000u);
}

TEST(QuoteForMessage, EscapesControlCharacters) {
  EXPECT_EQ("\"a\\x1B[31m\"", jishiban::quote_for_message("a\x1b[31m"));
}

// --- Calendar JSON ----------------------------------------------------------

ErrorCode parse_error_code(const std::string& text) {
  const auto error = capture_error([&] { jishiban::parse_calendar_data(text, "hostile.json"); });
  return error.has_value() ? error->code() : ErrorCode{};
}

TEST(HostileCalendarJson, HugeNumberIsInvalidData) {
  EXPECT_EQ(ErrorCode::invalid_data, parse_error_code(R"({"years": [1e400]})"));
}

TEST(HostileCalendarJson, HugeUnsignedYearIsNamedExactly) {
  const auto error =
      capture_error([] { jishiban::parse_calendar_data(R"({"years": [18446744073709551615]})", "hostile.json"); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_THAT(error->what(), HasSubstr("18446744073709551615"));
}

TEST(HostileCalendarJson, NulByteIsInvalidData) {
  static constexpr char kText[] = "{\"years\": []}\0{\"x\": 1}";
  EXPECT_EQ(ErrorCode::invalid_data, parse_error_code(std::string(kText, sizeof kText - 1)));
}

TEST(HostileCalendarJson, DeepNestingIsInvalidData) {
  const std::string deep = R"({"years": [], "note": )" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_EQ(ErrorCode::invalid_data, parse_error_code(deep));
}

TEST(HostileCalendarJson, NonStringNoteIsInvalidData) {
  EXPECT_EQ(ErrorCode::invalid_data, parse_error_code(R"({"years": [], "note": {"a": 1}})"));
}

TEST(HostileCalendarJson, ControlCharacterInNameIsInvalidData) {
  EXPECT_EQ(ErrorCode::invalid_data, parse_error_code(R"({"years": [], "holidays": {"2027-01-01": "\u001b[31mred"}})"));
}

TEST(HostileCalendarJson, ImpossibleSeasonDayIsNamedAsWritten) {
  const auto error = capture_error([] {
    jishiban::parse_calendar_data(
        R"({"years": [], "working_hours": {"seasons": [{"from": "02-30", "to": "03-31", "default": ["08:00-12:00"]}]}})",
        "hostile.json");
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_THAT(error->what(), HasSubstr("\"02-30\""));
  EXPECT_THAT(error->what(), testing::Not(HasSubstr("2024")));
}

TEST(HostileCalendarJson, DuplicateKeyInArrayElementNamesTheArray) {
  const auto error = capture_error([] {
    jishiban::parse_calendar_data(
        R"({"years": [], "working_hours": {"seasons": [{"from": "06-01", "from": "07-01", "to": "08-31", "default": ["08:00-12:00"]}]}})",
        "hostile.json");
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->what(), HasSubstr("seasons[]"));
}

// --- Data built in C++ ------------------------------------------------------

TEST(HostileCalendarData, YearOutsideSupportedRangeIsInvalidData) {
  for (const int year : {1399, 9999, -1, std::numeric_limits<int>::max()}) {
    CalendarData data;
    data.source = "in-memory";
    data.years = {year};
    const auto error = capture_error([&] { Calendar calendar(data); });

    ASSERT_TRUE(error.has_value()) << year;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << year;
  }
}

TEST(HostileCalendarData, HugeUtcOffsetIsInvalidData) {
  CalendarData data = jishiban::official_calendar_data();
  data.utc_offset = jishiban::UtcOffset(std::chrono::minutes(100000));
  const auto error = capture_error([&] { Calendar calendar(data); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
}

TEST(HostileCalendarData, PeriodBeforeMidnightIsInvalidArgument) {
  jishiban::DaySchedule schedule;
  const auto error = capture_error([&] {
    schedule.append(jishiban::WorkingPeriod{jishiban::TimeOfDay::from_seconds(-7200), jishiban::TimeOfDay(8, 0)});
  });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
}

TEST(HostileCalendar, MovedFromCalendarStaysUsable) {
  Calendar source;
  Calendar target(std::move(source));

  // A moved-from object is left in a valid state on purpose.
  EXPECT_TRUE(source.is_working_day(jishiban_test::date(2026, 10, 9)));  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(target.is_working_day(jishiban_test::date(2026, 10, 9)));
}

}  // namespace
