// Calendar JSON: parsing, rejecting bad files with messages that name the
// source, the entry and the problem, loading files, and merging extra years
// onto the built-in data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Calendar;
using jishiban::CalendarData;
using jishiban::ErrorCode;
using jishiban_test::capture_error;
using jishiban_test::china_instant;
using jishiban_test::date;
using testing::HasSubstr;

constexpr const char* kSource = "extra-years.json";

// --- Accepted data -------------------------------------------------------

TEST(ParseCalendarData, ReadsYearsHolidaysAndWorkdays) {
  const CalendarData data = jishiban::parse_calendar_data(R"({
    "years": [2027],
    "holidays": { "2027-01-01": {"en": "New Year's Day", "zh": "元旦"} },
    "workdays": { "2027-02-20": "make-up working day for Spring Festival" }
  })",
                                                          kSource);

  EXPECT_EQ(kSource, data.source);
  EXPECT_EQ(std::set<int>{2027}, data.years);
  ASSERT_EQ(1u, data.holidays.size());
  EXPECT_EQ("New Year's Day", data.holidays.at(date(2027, 1, 1)).en);
  EXPECT_EQ("元旦", data.holidays.at(date(2027, 1, 1)).zh);
  ASSERT_EQ(1u, data.workdays.size());
  EXPECT_EQ("make-up working day for Spring Festival", data.workdays.at(date(2027, 2, 20)).en);
  EXPECT_FALSE(data.working_hours.has_value());
  EXPECT_FALSE(data.utc_offset.has_value());
}

TEST(ParseCalendarData, ReadsWorkingHoursAndZone) {
  const CalendarData data = jishiban::parse_calendar_data(R"({
    "years": [],
    "working_hours": {
      "default": ["08:30-12:00", "13:00-17:00"],
      "weekdays": { "friday": ["08:30-12:00", "13:00-16:30"] },
      "seasons": [ { "name": "summer", "from": "06-01", "to": "09-30",
                     "default": ["08:30-12:00", "13:30-17:30"] } ]
    },
    "utc_offset": "+09:00"
  })",
                                                          kSource);

  ASSERT_TRUE(data.working_hours.has_value());
  EXPECT_EQ(jishiban::WorkingHours::standard().regular.all_days, data.working_hours->regular.all_days);
  ASSERT_TRUE(data.working_hours->regular.by_weekday[5].has_value());
  EXPECT_EQ(jishiban::TimeOfDay(16, 30), (*data.working_hours->regular.by_weekday[5])[1].end);
  EXPECT_FALSE(data.working_hours->regular.by_weekday[4].has_value());
  ASSERT_EQ(1u, data.working_hours->seasons.size());
  const jishiban::Season& summer = data.working_hours->seasons[0];
  EXPECT_EQ("summer", summer.name);
  EXPECT_TRUE(summer.is_annual());
  EXPECT_EQ(6, summer.first_month);
  EXPECT_EQ(1, summer.first_day);
  EXPECT_EQ(9, summer.last_month);
  EXPECT_EQ(30, summer.last_day);
  EXPECT_EQ(jishiban::TimeOfDay(13, 30), summer.hours.all_days[1].start);
  ASSERT_TRUE(data.utc_offset.has_value());
  EXPECT_EQ(jishiban::UtcOffset(std::chrono::minutes(540)), *data.utc_offset);
}

TEST(ParseCalendarData, ReadsFixedSeason) {
  const CalendarData data = jishiban::parse_calendar_data(R"({
    "years": [],
    "working_hours": { "seasons": [ { "name": "expo", "from": "2026-06-01", "to": "2026-06-30",
                                      "default": ["09:00-12:00"] } ] }
  })",
                                                          kSource);

  ASSERT_TRUE(data.working_hours.has_value());
  ASSERT_EQ(1u, data.working_hours->seasons.size());
  const jishiban::Season& expo = data.working_hours->seasons[0];
  EXPECT_FALSE(expo.is_annual());
  EXPECT_EQ(date(2026, 6, 1), expo.first_date);
  EXPECT_EQ(date(2026, 6, 30), expo.last_date);
}

TEST(ParseCalendarData, AcceptsEndOfDayPeriodEnd) {
  const CalendarData data = jishiban::parse_calendar_data(
      R"({"years": [], "working_hours": {"default": ["20:00-24:00"]}})", kSource);

  ASSERT_TRUE(data.working_hours.has_value());
  EXPECT_EQ(std::chrono::hours(4), data.working_hours->regular.all_days.total());
}

TEST(LoadCalendarData, DataFileEqualsBuiltInData) {
  const CalendarData loaded = jishiban::load_calendar_data(jishiban_test::official_data_path());
  const CalendarData& built_in = jishiban::official_calendar_data();

  EXPECT_EQ(built_in.years, loaded.years);
  EXPECT_EQ(built_in.holidays.size(), loaded.holidays.size());
  EXPECT_EQ(built_in.workdays.size(), loaded.workdays.size());
  EXPECT_EQ(jishiban_test::official_data_path(), loaded.source);
}

TEST(LoadCalendarData, MissingFileThrowsIoErrorNamingPath) {
  const std::string path = "/nonexistent-directory/calendar-2027.json";

  const auto error = capture_error([&] { jishiban::load_calendar_data(path); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_THAT(error->what(), HasSubstr(path));
}

// --- Rejected data -------------------------------------------------------

struct BadDataCase {
  const char* description;
  std::string json;
  std::vector<std::string> expected_in_message;
};

const std::vector<BadDataCase>& bad_data_cases() {
  static const std::vector<BadDataCase> cases = {
      {"duplicate holiday date",
       R"({"years": [2027], "holidays": {"2027-01-01": "New Year's Day", "2027-01-01": "New Year's Day"}})",
       {"2027-01-01", "duplicate"}},
      {"duplicate years key", R"({"years": [2027], "years": [2028]})", {"years", "duplicate"}},
      {"year listed twice", R"({"years": [2027, 2027]})", {"2027"}},
      {"date both holiday and workday",
       R"({"years": [2027], "holidays": {"2027-01-02": "a"}, "workdays": {"2027-01-02": "b"}})",
       {"2027-01-02"}},
      {"impossible date key", R"({"years": [2027], "holidays": {"2027-02-30": "a"}})", {"2027-02-30"}},
      {"malformed date key", R"({"years": [2027], "holidays": {"2027-1-1": "a"}})", {"2027-1-1"}},
      {"overlapping periods", R"({"years": [], "working_hours": {"default": ["08:30-12:00", "11:00-17:00"]}})",
       {"11:00"}},
      {"unsorted periods", R"({"years": [], "working_hours": {"default": ["13:00-17:00", "08:30-12:00"]}})",
       {"08:30"}},
      {"reversed period", R"({"years": [], "working_hours": {"default": ["12:00-08:30"]}})", {"12:00-08:30"}},
      {"hour 25 in period", R"({"years": [], "working_hours": {"default": ["08:30-25:00"]}})", {"25:00"}},
      {"empty default hours", R"({"years": [], "working_hours": {"default": []}})", {"default"}},
      {"season without periods",
       R"({"years": [], "working_hours": {"seasons": [{"name": "summer", "from": "06-01", "to": "09-30",
                                                       "default": []}]}})",
       {"seasons"}},
      {"season without hours",
       R"({"years": [], "working_hours": {"seasons": [{"name": "summer", "from": "06-01", "to": "09-30"}]}})",
       {"seasons"}},
      {"fixed season from after to",
       R"({"years": [], "working_hours": {"seasons": [{"name": "summer", "from": "2027-09-30",
                                                       "to": "2027-06-01", "default": ["09:00-12:00"]}]}})",
       {"summer"}},
      {"overlapping annual seasons",
       R"({"years": [], "working_hours": {"seasons": [
            {"name": "summer", "from": "06-01", "to": "09-30", "default": ["09:00-12:00"]},
            {"name": "autumn", "from": "09-01", "to": "11-30", "default": ["09:00-12:00"]}]}})",
       {"summer", "autumn"}},
      {"unknown weekday", R"({"years": [], "working_hours": {"weekdays": {"fryday": ["09:00-12:00"]}}})",
       {"fryday"}},
      {"unknown top-level key", R"({"years": [2027], "holiday": {"2027-01-01": "a"}})", {"holiday"}},
      {"unknown working-hours key", R"({"years": [], "working_hours": {"weekday": {}}})", {"weekday"}},
      {"unknown name key", R"({"years": [2027], "holidays": {"2027-01-01": {"en": "a", "fr": "b"}}})", {"fr"}},
      {"non-UTF-8 name", "{\"years\": [2027], \"holidays\": {\"2027-01-01\": \"\xC4\xE3\"}}", {"UTF-8"}},
      {"non-UTF-8 key", "{\"years\": [2027], \"holidays\": {\"\xC4\xE3\": \"a\"}}", {}},
      {"missing years", R"({"holidays": {"2027-01-01": "a"}})", {"years"}},
      {"years not an array", R"({"years": 2027})", {"years"}},
      {"year not an integer", R"({"years": ["2027"]})", {"years"}},
      {"name not a string", R"({"years": [2027], "holidays": {"2027-01-01": 5}})", {"2027-01-01"}},
      {"holidays not an object", R"({"years": [2027], "holidays": ["2027-01-01"]})", {"holidays"}},
      {"bad zone", R"({"years": [], "utc_offset": "+25:00"})", {"+25:00"}},
      {"malformed JSON", R"({"years": [2027],)", {}},
      {"top level not an object", R"([2027])", {}},
      {"empty text", "", {}},
      {"trailing garbage", R"({"years": [2027]} x)", {}},
  };
  return cases;
}

TEST(ParseCalendarData, RejectsBadDataNamingSourceEntryAndProblem) {
  for (const BadDataCase& bad : bad_data_cases()) {
    SCOPED_TRACE(bad.description);
    const auto error = capture_error([&] { jishiban::parse_calendar_data(bad.json, kSource); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_THAT(error->what(), HasSubstr(kSource));
    for (const std::string& expected : bad.expected_in_message) {
      EXPECT_THAT(error->what(), HasSubstr(expected));
    }
    EXPECT_FALSE(error->message(jishiban::Language::zh_CN).empty());
  }
}

TEST(ParseCalendarData, DeeplyNestedJsonIsRejectedWithoutCrash) {
  const std::string json =
      "{\"years\": [], \"holidays\": " + std::string(20000, '[') + std::string(20000, ']') + "}";

  const auto error = capture_error([&] { jishiban::parse_calendar_data(json, kSource); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
}

TEST(ParseCalendarData, TruncatedPrefixesNeverCrash) {
  const std::string json = R"({"years": [2027], "holidays": {"2027-01-01": {"en": "New Year's Day", "zh": "元旦"}},
    "working_hours": {"default": ["08:30-12:00", "13:00-17:00"]}})";

  for (std::size_t length = 0; length < json.size(); ++length) {
    const std::string prefix = json.substr(0, length);
    const auto error = capture_error([&] { jishiban::parse_calendar_data(prefix, kSource); });
    ASSERT_TRUE(error.has_value()) << "prefix of length " << length;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << "prefix of length " << length;
  }
}

TEST(CalendarConstruction, RejectsDataWithoutYears) {
  const CalendarData data = jishiban::parse_calendar_data(R"({"years": []})", kSource);

  const auto error = capture_error([&] { Calendar calendar(data); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
}

TEST(CalendarConstruction, RejectsProvisionalYearsOutOfRange) {
  for (int years : {-1, 51}) {
    const auto error = capture_error([&] {
      Calendar calendar(jishiban::CalendarOptions{jishiban::CoveragePolicy::provisional, years});
    });
    ASSERT_TRUE(error.has_value()) << years << " provisional years";
    EXPECT_EQ(ErrorCode::invalid_argument, error->code()) << years << " provisional years";
  }
}

// --- Merging extra years -------------------------------------------------

CalendarData official_with_2027() {
  CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::parse_calendar_data(R"({
    "years": [2027],
    "holidays": { "2027-01-01": {"en": "New Year's Day", "zh": "元旦"} }
  })",
                                           kSource));
  return data;
}

TEST(MergeCalendarData, ExtraYearBecomesCovered) {
  const Calendar calendar(official_with_2027());

  EXPECT_TRUE(calendar.covers_year(2026));
  EXPECT_TRUE(calendar.covers_year(2027));
  EXPECT_FALSE(calendar.covers_year(2028));
}

TEST(MergeCalendarData, StrictElapsedIntoExtraYearWorks) {
  const Calendar calendar(official_with_2027());

  // Dec 31 16:00-17:00, Jan 1 is a holiday, Jan 4 08:30-09:00.
  const auto elapsed =
      calendar.elapsed_working_time(china_instant(2026, 12, 31, 16, 0), china_instant(2027, 1, 4, 9, 0));

  EXPECT_EQ(90 * 60, elapsed.value.count());
  EXPECT_FALSE(elapsed.provisional);
}

TEST(MergeCalendarData, ExtraHolidayIsNotWorking) {
  const Calendar calendar(official_with_2027());

  EXPECT_FALSE(calendar.is_working_day(date(2027, 1, 1)));
  EXPECT_EQ(jishiban::DayKind::holiday, calendar.day_info(date(2027, 1, 1)).kind);
  EXPECT_EQ("元旦", calendar.day_info(date(2027, 1, 1)).name_zh);
}

TEST(MergeCalendarData, KeepsOfficialYears) {
  const Calendar calendar(official_with_2027());

  EXPECT_EQ(china_instant(2026, 10, 8, 9, 20),
            calendar.add_working_time(china_instant(2026, 9, 30, 16, 50), std::chrono::minutes(60)).value);
}

TEST(MergeCalendarData, OverlayHolidayReplacesMakeUpDay) {
  CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::parse_calendar_data(R"({"years": [], "holidays": {"2026-01-04": "day off"}})", kSource));

  EXPECT_EQ(0u, data.workdays.count(date(2026, 1, 4)));
  EXPECT_EQ(1u, data.holidays.count(date(2026, 1, 4)));
  EXPECT_FALSE(Calendar(data).is_working_day(date(2026, 1, 4)));
}

TEST(MergeCalendarData, OverlayWorkdayReplacesHoliday) {
  CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::parse_calendar_data(R"({"years": [], "workdays": {"2026-10-03": "on call"}})", kSource));

  EXPECT_EQ(0u, data.holidays.count(date(2026, 10, 3)));
  EXPECT_TRUE(Calendar(data).is_working_day(date(2026, 10, 3)));
}

TEST(MergeCalendarData, LoadedFileMergesLikeParsedText) {
  CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::load_calendar_data(jishiban_test::official_data_path()));

  EXPECT_EQ(jishiban::official_calendar_data().holidays.size(), data.holidays.size());
  EXPECT_EQ(jishiban::official_calendar_data().workdays.size(), data.workdays.size());
}

}  // namespace
