// Workflow policy: the standard rules, reading and writing policy JSON,
// rejecting bad files with messages that name the source and the entry, and
// ticket number patterns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "jishiban/workflow/policy.hpp"
#include "test_support.hpp"

namespace {

using jishiban::Category;
using jishiban::Channel;
using jishiban::DayConvention;
using jishiban::ErrorCode;
using jishiban::Policy;
using jishiban_test::capture_error;
using std::chrono::minutes;
using testing::HasSubstr;

constexpr const char* kSource = "policy.json";

// A file in GoogleTest's temporary directory, removed when it goes out of
// scope. `name` must differ between tests, which may run in parallel.
class TemporaryFile {
 public:
  TemporaryFile(const std::string& name, const std::string& contents) : path_(testing::TempDir() + name) {
    std::ofstream file(path_, std::ios::binary);
    file << contents;
  }
  ~TemporaryFile() { std::remove(path_.c_str()); }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- Standard rules --------------------------------------------------------

TEST(PolicyStandard, MatchesAdministrationRules) {
  const Policy policy = Policy::standard();

  EXPECT_EQ(minutes(10), policy.dispatch_target(Channel::hotline));
  EXPECT_EQ(minutes(60), policy.dispatch_target(Channel::email));
  EXPECT_EQ(minutes(60), policy.dispatch_target(Channel::wechat));
  EXPECT_EQ(1, policy.handling_days(Category::consultation));
  EXPECT_EQ(2, policy.handling_days(Category::general));
  EXPECT_EQ(3, policy.handling_days(Category::difficult));
  EXPECT_EQ(2, policy.decline_days);
  EXPECT_EQ(DayConvention::legal_period, policy.day_convention);
  EXPECT_EQ(0.75, policy.warning_share);
  EXPECT_EQ(1, policy.escalation_grace_days);
  EXPECT_EQ(3, policy.return_visit_attempts);
  EXPECT_EQ("PW{year}{seq:06}", policy.ticket_number_pattern);
}

TEST(PolicyStandard, EqualsDefaultConstructed) {
  EXPECT_EQ(Policy{}, Policy::standard());
  EXPECT_NO_THROW(Policy::standard().validate());
}

TEST(PolicySetters, ChangeOnlyTheirEntry) {
  Policy policy;

  policy.set_dispatch_target(Channel::email, minutes(30));
  policy.set_handling_days(Category::difficult, 5);

  EXPECT_EQ(minutes(10), policy.dispatch_target(Channel::hotline));
  EXPECT_EQ(minutes(30), policy.dispatch_target(Channel::email));
  EXPECT_EQ(minutes(60), policy.dispatch_target(Channel::wechat));
  EXPECT_EQ(1, policy.handling_days(Category::consultation));
  EXPECT_EQ(2, policy.handling_days(Category::general));
  EXPECT_EQ(5, policy.handling_days(Category::difficult));
}

// --- Accepted files --------------------------------------------------------

TEST(ParsePolicy, EmptyObjectGivesStandardPolicy) {
  EXPECT_EQ(Policy::standard(), jishiban::parse_policy("{}", kSource));
}

TEST(ParsePolicy, ReadsEverySetting) {
  const Policy policy = jishiban::parse_policy(R"({
    "dispatch_minutes": {"hotline": 15, "email": 90, "wechat": 120},
    "handling_days": {"consultation": 2, "general": 4, "difficult": 6},
    "decline_days": 3,
    "day_convention": "working_time",
    "warning_share": 0.5,
    "escalation_grace_days": 0,
    "return_visit_attempts": 5,
    "ticket_number_pattern": "JSB-{year}-{seq:08}",
    "note": "trial rules for 2027"
  })",
                                               kSource);

  EXPECT_EQ(minutes(15), policy.dispatch_target(Channel::hotline));
  EXPECT_EQ(minutes(90), policy.dispatch_target(Channel::email));
  EXPECT_EQ(minutes(120), policy.dispatch_target(Channel::wechat));
  EXPECT_EQ(2, policy.handling_days(Category::consultation));
  EXPECT_EQ(4, policy.handling_days(Category::general));
  EXPECT_EQ(6, policy.handling_days(Category::difficult));
  EXPECT_EQ(3, policy.decline_days);
  EXPECT_EQ(DayConvention::working_time, policy.day_convention);
  EXPECT_EQ(0.5, policy.warning_share);
  EXPECT_EQ(0, policy.escalation_grace_days);
  EXPECT_EQ(5, policy.return_visit_attempts);
  EXPECT_EQ("JSB-{year}-{seq:08}", policy.ticket_number_pattern);
}

TEST(ParsePolicy, PartialMapsKeepOtherEntries) {
  const Policy policy =
      jishiban::parse_policy(R"({"dispatch_minutes": {"hotline": 5}, "handling_days": {"difficult": 10}})", kSource);

  EXPECT_EQ(minutes(5), policy.dispatch_target(Channel::hotline));
  EXPECT_EQ(minutes(60), policy.dispatch_target(Channel::email));
  EXPECT_EQ(minutes(60), policy.dispatch_target(Channel::wechat));
  EXPECT_EQ(1, policy.handling_days(Category::consultation));
  EXPECT_EQ(2, policy.handling_days(Category::general));
  EXPECT_EQ(10, policy.handling_days(Category::difficult));
  EXPECT_EQ(2, policy.decline_days);
}

TEST(ParsePolicy, MissingKeysKeepStandardValues) {
  const Policy policy = jishiban::parse_policy(R"({"warning_share": 0.9})", kSource);

  Policy expected = Policy::standard();
  expected.warning_share = 0.9;
  EXPECT_EQ(expected, policy);
}

TEST(ParsePolicy, AcceptsRangeLimits) {
  const Policy low = jishiban::parse_policy(R"({
    "dispatch_minutes": {"hotline": 1}, "handling_days": {"general": 1}, "decline_days": 1,
    "escalation_grace_days": 0, "return_visit_attempts": 1, "warning_share": 0.001
  })",
                                            kSource);
  const Policy high = jishiban::parse_policy(R"({
    "dispatch_minutes": {"hotline": 100000}, "handling_days": {"general": 100}, "decline_days": 100,
    "escalation_grace_days": 100, "return_visit_attempts": 20, "warning_share": 0.999
  })",
                                             kSource);

  EXPECT_EQ(minutes(1), low.dispatch_target(Channel::hotline));
  EXPECT_EQ(1, low.handling_days(Category::general));
  EXPECT_EQ(1, low.decline_days);
  EXPECT_EQ(0, low.escalation_grace_days);
  EXPECT_EQ(1, low.return_visit_attempts);
  EXPECT_EQ(minutes(100000), high.dispatch_target(Channel::hotline));
  EXPECT_EQ(100, high.handling_days(Category::general));
  EXPECT_EQ(100, high.decline_days);
  EXPECT_EQ(100, high.escalation_grace_days);
  EXPECT_EQ(20, high.return_visit_attempts);
}

// --- Writing JSON ----------------------------------------------------------

TEST(PolicyToJson, StandardPolicyRoundTrips) {
  const std::string text = jishiban::to_json(Policy::standard());

  EXPECT_EQ(Policy::standard(), jishiban::parse_policy(text, kSource));
  EXPECT_THAT(text, HasSubstr("\"hotline\": 10"));
  EXPECT_THAT(text, HasSubstr("\"ticket_number_pattern\": \"PW{year}{seq:06}\""));
  EXPECT_EQ('\n', text.back());
}

TEST(PolicyToJson, CustomPolicyRoundTrips) {
  Policy policy;
  policy.set_dispatch_target(Channel::hotline, minutes(7));
  policy.set_dispatch_target(Channel::wechat, minutes(100000));
  policy.set_handling_days(Category::consultation, 100);
  policy.decline_days = 9;
  policy.day_convention = DayConvention::working_time;
  policy.warning_share = 0.1 + 0.2;  // 0.30000000000000004, which needs 17 significant digits
  policy.escalation_grace_days = 0;
  policy.return_visit_attempts = 20;
  policy.ticket_number_pattern = "T_{seq}";

  const Policy parsed = jishiban::parse_policy(jishiban::to_json(policy), kSource);

  EXPECT_EQ(policy, parsed);
}

TEST(PolicyToJson, WritesKeysInDocumentedOrder) {
  const std::string text = jishiban::to_json(Policy::standard());

  std::size_t previous = 0;
  for (const char* key : {"dispatch_minutes", "handling_days", "decline_days", "day_convention", "warning_share",
                          "escalation_grace_days", "return_visit_attempts", "ticket_number_pattern"}) {
    const std::size_t position = text.find(std::string("\"") + key + "\"");
    ASSERT_NE(std::string::npos, position) << key;
    EXPECT_LT(previous, position) << key;
    previous = position;
  }
}

TEST(PolicyToJson, InvalidPolicyThrowsInvalidArgument) {
  Policy policy;
  policy.warning_share = 1.0;

  const auto error = capture_error([&] { jishiban::to_json(policy); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_argument, error->code());
  EXPECT_THAT(error->what(), HasSubstr("warning_share"));
}

// --- Validating a policy built in code -------------------------------------

struct BadSettingCase {
  const char* setting;
  void (*change)(Policy&);
};

TEST(PolicyValidate, RejectsEachSettingOutOfRange) {
  const std::vector<BadSettingCase> cases = {
      {"dispatch_minutes.hotline", [](Policy& p) { p.set_dispatch_target(Channel::hotline, minutes(0)); }},
      {"dispatch_minutes.wechat", [](Policy& p) { p.set_dispatch_target(Channel::wechat, minutes(100001)); }},
      {"handling_days.general", [](Policy& p) { p.set_handling_days(Category::general, 0); }},
      {"handling_days.difficult", [](Policy& p) { p.set_handling_days(Category::difficult, 101); }},
      {"decline_days", [](Policy& p) { p.decline_days = 0; }},
      {"day_convention", [](Policy& p) { p.day_convention = static_cast<DayConvention>(7); }},
      {"warning_share", [](Policy& p) { p.warning_share = 0.0; }},
      {"warning_share", [](Policy& p) { p.warning_share = 1.0; }},
      {"warning_share", [](Policy& p) { p.warning_share = std::numeric_limits<double>::quiet_NaN(); }},
      {"escalation_grace_days", [](Policy& p) { p.escalation_grace_days = -1; }},
      {"return_visit_attempts", [](Policy& p) { p.return_visit_attempts = 21; }},
      {"PW{yr}", [](Policy& p) { p.ticket_number_pattern = "PW{yr}"; }},
  };

  for (const BadSettingCase& bad : cases) {
    SCOPED_TRACE(bad.setting);
    Policy policy;
    bad.change(policy);

    const auto error = capture_error([&] { policy.validate(); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_THAT(error->what(), HasSubstr(bad.setting));
  }
}

// --- Rejected files --------------------------------------------------------

struct BadFileCase {
  const char* description;
  std::string json;
  // The entry the message names in both languages, or empty for a problem of
  // the whole text.
  std::string entry;
  // Further text expected in the English message.
  std::vector<std::string> expected_in_message;
};

const std::vector<BadFileCase>& bad_file_cases() {
  static const std::vector<BadFileCase> cases = {
      // Structure
      {"duplicate top-level key", R"({"decline_days": 2, "decline_days": 3})", "decline_days", {"duplicate"}},
      {"duplicate channel", R"({"dispatch_minutes": {"hotline": 10, "hotline": 20}})", "hotline", {"duplicate"}},
      {"unknown top-level key", R"({"decline_day": 2})", "decline_day", {}},
      {"unknown channel", R"({"dispatch_minutes": {"fax": 10}})", "dispatch_minutes", {"fax"}},
      {"unknown category", R"({"handling_days": {"urgent": 1}})", "handling_days", {"urgent"}},
      {"top level not an object", R"([1, 2])", "", {"object"}},
      {"malformed JSON", R"({"decline_days": 2,)", "", {"malformed"}},
      {"empty text", "", "", {"malformed"}},

      // Wrong types
      {"dispatch map not an object", R"({"dispatch_minutes": [10, 60, 60]})", "dispatch_minutes", {"array"}},
      {"handling map not an object", R"({"handling_days": 2})", "handling_days", {"number"}},
      {"minutes as a string", R"({"dispatch_minutes": {"email": "60"}})", "dispatch_minutes.email", {"string"}},
      {"days as a boolean", R"({"decline_days": true})", "decline_days", {"boolean"}},
      {"days as null", R"({"escalation_grace_days": null})", "escalation_grace_days", {"null"}},
      {"share as a string", R"({"warning_share": "75%"})", "warning_share", {"string"}},
      {"convention as a number", R"({"day_convention": 1})", "day_convention", {"number"}},
      {"pattern as a number", R"({"ticket_number_pattern": 2026})", "ticket_number_pattern", {"number"}},
      {"note as an object", R"({"note": {"en": "x"}})", "note", {"object"}},

      // Fractions where integers are required
      {"fractional minutes", R"({"dispatch_minutes": {"wechat": 59.5}})", "dispatch_minutes.wechat", {"59.5"}},
      {"days with decimal point", R"({"handling_days": {"general": 2.0}})", "handling_days.general", {"2.0"}},
      {"days with exponent", R"({"decline_days": 2e0})", "decline_days", {"2e0"}},
      {"attempts as a fraction", R"({"return_visit_attempts": 3.5})", "return_visit_attempts", {"3.5"}},

      // Out of range
      {"zero minutes", R"({"dispatch_minutes": {"hotline": 0}})", "dispatch_minutes.hotline", {"out of range"}},
      {"too many minutes", R"({"dispatch_minutes": {"hotline": 100001}})", "dispatch_minutes.hotline", {"100001"}},
      {"negative minutes", R"({"dispatch_minutes": {"email": -10}})", "dispatch_minutes.email", {"-10"}},
      {"zero handling days", R"({"handling_days": {"consultation": 0}})", "handling_days.consultation", {}},
      {"too many handling days", R"({"handling_days": {"difficult": 101}})", "handling_days.difficult", {"101"}},
      {"zero decline days", R"({"decline_days": 0})", "decline_days", {"out of range"}},
      {"negative grace", R"({"escalation_grace_days": -1})", "escalation_grace_days", {"-1"}},
      {"too much grace", R"({"escalation_grace_days": 101})", "escalation_grace_days", {"101"}},
      {"zero attempts", R"({"return_visit_attempts": 0})", "return_visit_attempts", {"out of range"}},
      {"too many attempts", R"({"return_visit_attempts": 21})", "return_visit_attempts", {"21"}},
      {"share 0", R"({"warning_share": 0})", "warning_share", {"out of range"}},
      {"share 0.0", R"({"warning_share": 0.0})", "warning_share", {"0.0"}},
      {"share 1", R"({"warning_share": 1})", "warning_share", {"out of range"}},
      {"share 1.0", R"({"warning_share": 1.0})", "warning_share", {"1.0"}},
      {"negative share", R"({"warning_share": -0.25})", "warning_share", {"-0.25"}},
      {"share as percent", R"({"warning_share": 75})", "warning_share", {"75"}},

      // Numbers past the 64-bit and double ranges
      {"share overflowing a double", R"({"warning_share": 1e400})", "warning_share", {"1e400"}},
      {"days overflowing a double", R"({"handling_days": {"general": 1e400}})", "handling_days.general", {"1e400"}},
      {"UINT64_MAX days",
       R"({"decline_days": 18446744073709551615})",
       "decline_days",
       {"18446744073709551615", "out of range"}},
      {"INT64_MAX + 1 minutes",
       R"({"dispatch_minutes": {"email": 9223372036854775808}})",
       "dispatch_minutes.email",
       {"9223372036854775808", "out of range"}},
      {"integer past UINT64_MAX",
       R"({"return_visit_attempts": 99999999999999999999})",
       "return_visit_attempts",
       {"99999999999999999999", "out of range"}},
      {"integer below INT64_MIN",
       R"({"escalation_grace_days": -9223372036854775809})",
       "escalation_grace_days",
       {"-9223372036854775809", "out of range"}},
      {"INT64_MAX attempts",
       R"({"return_visit_attempts": 9223372036854775807})",
       "return_visit_attempts",
       {"9223372036854775807"}},

      // Day convention
      {"unknown convention", R"({"day_convention": "calendar_days"})", "day_convention", {"calendar_days"}},
      {"convention in upper case", R"({"day_convention": "LEGAL_PERIOD"})", "day_convention", {"LEGAL_PERIOD"}},

      // Ticket number pattern
      {"unknown placeholder", R"({"ticket_number_pattern": "PW{yr}{seq}"})", "ticket_number_pattern", {"{yr}"}},
      {"unbalanced open brace",
       R"({"ticket_number_pattern": "PW{year{seq}"})",
       "ticket_number_pattern",
       {"unbalanced"}},
      {"unbalanced close brace", R"({"ticket_number_pattern": "PW}{seq}"})", "ticket_number_pattern", {"unbalanced"}},
      {"empty pattern", R"({"ticket_number_pattern": ""})", "ticket_number_pattern", {"empty"}},
      {"pattern without sequence", R"({"ticket_number_pattern": "PW{year}"})", "ticket_number_pattern", {"{seq}"}},
      {"pattern too long",
       "{\"ticket_number_pattern\": \"" + std::string(60, 'P') + "{seq}\"}",
       "ticket_number_pattern",
       {"65"}},
      {"pattern with space", R"({"ticket_number_pattern": "PW {seq}"})", "ticket_number_pattern", {"' '"}},
  };
  return cases;
}

TEST(ParsePolicy, RejectsBadFilesNamingSourceAndEntry) {
  for (const BadFileCase& bad : bad_file_cases()) {
    SCOPED_TRACE(bad.description);

    const auto error = capture_error([&] { jishiban::parse_policy(bad.json, kSource); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_data, error->code());
    EXPECT_THAT(error->what(), HasSubstr(kSource));
    EXPECT_THAT(error->what(), HasSubstr(bad.entry));
    for (const std::string& expected : bad.expected_in_message) {
      EXPECT_THAT(error->what(), HasSubstr(expected));
    }
    const std::string& message_zh = error->message(jishiban::Language::zh_CN);
    EXPECT_THAT(message_zh, HasSubstr(kSource));
    EXPECT_THAT(message_zh, HasSubstr(bad.entry));
  }
}

TEST(ParsePolicy, RejectsNulByte) {
  const std::string json("{\"decline_days\": 2}\0{\"decline_days\": 3}", 39);

  const auto error = capture_error([&] { jishiban::parse_policy(json, kSource); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_THAT(error->what(), HasSubstr("NUL"));
}

TEST(ParsePolicy, RejectsDeepNestingWithoutCrash) {
  const std::string json = "{\"note\": " + std::string(20000, '[') + std::string(20000, ']') + "}";

  const auto error = capture_error([&] { jishiban::parse_policy(json, kSource); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
}

TEST(ParsePolicy, TruncatedPrefixesNeverCrash) {
  const std::string json = R"({"dispatch_minutes": {"hotline": 10}, "warning_share": 0.75,
    "ticket_number_pattern": "PW{year}{seq:06}"})";

  for (std::size_t length = 0; length < json.size(); ++length) {
    const std::string prefix = json.substr(0, length);
    const auto error = capture_error([&] { jishiban::parse_policy(prefix, kSource); });
    ASSERT_TRUE(error.has_value()) << "prefix of length " << length;
    EXPECT_EQ(ErrorCode::invalid_data, error->code()) << "prefix of length " << length;
  }
}

// --- Loading files ---------------------------------------------------------

TEST(LoadPolicy, ReadsFile) {
  const TemporaryFile file("jishiban-policy-reads-file.json", R"({"decline_days": 4, "note": "test file"})");

  const Policy policy = jishiban::load_policy(file.path());

  EXPECT_EQ(4, policy.decline_days);
}

TEST(LoadPolicy, MissingFileThrowsIoErrorNamingPath) {
  const std::string path = "/nonexistent-directory/policy.json";

  const auto error = capture_error([&] { jishiban::load_policy(path); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::io_error, error->code());
  EXPECT_THAT(error->what(), HasSubstr(path));
}

TEST(LoadPolicy, BadFileNamesPathAsSource) {
  const TemporaryFile file("jishiban-policy-bad-file.json", R"({"warning_share": 2})");

  const auto error = capture_error([&] { jishiban::load_policy(file.path()); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(ErrorCode::invalid_data, error->code());
  EXPECT_THAT(error->what(), HasSubstr(file.path()));
  EXPECT_THAT(error->what(), HasSubstr("warning_share"));
}

// --- Ticket number patterns ------------------------------------------------

TEST(ValidateTicketNumberPattern, AcceptsValidPatterns) {
  for (const char* pattern : {"PW{year}{seq:06}", "{seq}", "{seq:01}", "{seq:012}", "{year}{seq}", "{seq}{year}",
                              "JSB-{year}_{seq:08}", "a-b_C-9{seq}z"}) {
    EXPECT_NO_THROW(jishiban::validate_ticket_number_pattern(pattern)) << pattern;
  }
  EXPECT_NO_THROW(jishiban::validate_ticket_number_pattern(std::string(59, 'P') + "{seq}"));
}

struct BadPatternCase {
  std::string pattern;
  const char* problem;
};

TEST(ValidateTicketNumberPattern, RejectsInvalidPatterns) {
  const std::vector<BadPatternCase> cases = {
      {"", "empty"},
      {std::string(60, 'P') + "{seq}", "65 characters"},
      {"PW{yr}{seq}", "unknown placeholder {yr}"},
      {"PW{YEAR}{seq}", "unknown placeholder {YEAR}"},
      {"PW{}{seq}", "unknown placeholder {}"},
      {"PW{ seq}", "unknown placeholder { seq}"},
      {"PW{year", "unbalanced"},
      {"PW{year{seq}", "unbalanced"},
      {"PW{seq}}", "unbalanced"},
      {"PW}{seq}", "unbalanced"},
      {"PW{year}", "exactly once"},
      {"PW", "exactly once"},
      {"{seq}{seq:06}", "exactly once"},
      {"{year}{year}{seq}", "at most once"},
      {"{seq:6}", "padding"},
      {"{seq:0}", "padding"},
      {"{seq:00}", "padding"},
      {"{seq:013}", "padding"},
      {"{seq:006}", "padding"},
      {"{seq:0a}", "padding"},
      {"{seq:}", "padding"},
      {"PW {seq}", "' '"},
      {"PW/{seq}", "'/'"},
      {"PW.{seq}", "'.'"},
      {"来件{seq}", "0xE6"},
      {"PW\t{seq}", "0x09"},
  };

  for (const BadPatternCase& bad : cases) {
    SCOPED_TRACE(bad.pattern);

    const auto error = capture_error([&] { jishiban::validate_ticket_number_pattern(bad.pattern); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_THAT(error->what(), HasSubstr("ticket number pattern"));
    EXPECT_THAT(error->what(), HasSubstr(bad.problem));
    EXPECT_FALSE(error->message(jishiban::Language::zh_CN).empty());
  }
}

TEST(ValidateTicketNumberPattern, MessageQuotesPattern) {
  const auto error = capture_error([] { jishiban::validate_ticket_number_pattern("PW{yr}{seq}"); });

  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->what(), HasSubstr("\"PW{yr}{seq}\""));
  EXPECT_THAT(error->message(jishiban::Language::zh_CN), HasSubstr("\"PW{yr}{seq}\""));
}

TEST(FormatTicketNumber, PadsSequence) {
  EXPECT_EQ("PW2026000123", jishiban::format_ticket_number("PW{year}{seq:06}", 2026, 123));
  EXPECT_EQ("PW2026000001", jishiban::format_ticket_number("PW{year}{seq:06}", 2026, 1));
  EXPECT_EQ("PW2026999999", jishiban::format_ticket_number("PW{year}{seq:06}", 2026, 999999));
  EXPECT_EQ("000000000042", jishiban::format_ticket_number("{seq:012}", 2026, 42));
}

TEST(FormatTicketNumber, WideSequencePrintsInFull) {
  EXPECT_EQ("PW20261000000", jishiban::format_ticket_number("PW{year}{seq:06}", 2026, 1000000));
  EXPECT_EQ("123", jishiban::format_ticket_number("{seq:01}", 2026, 123));
  EXPECT_EQ("PW2026-9223372036854775807",
            jishiban::format_ticket_number("PW{year}-{seq:012}", 2026, std::numeric_limits<std::int64_t>::max()));
}

TEST(FormatTicketNumber, PlacesPartsAsWritten) {
  EXPECT_EQ("7", jishiban::format_ticket_number("{seq}", 2026, 7));
  EXPECT_EQ("T-0007-2027", jishiban::format_ticket_number("T-{seq:04}-{year}", 2027, 7));
  EXPECT_EQ("JSB_1900_5", jishiban::format_ticket_number("JSB_{year}_{seq}", 1900, 5));
  EXPECT_EQ("2199x0005", jishiban::format_ticket_number("{year}x{seq:04}", 2199, 5));
}

TEST(FormatTicketNumber, RejectsInvalidInput) {
  const std::int64_t min_sequence = std::numeric_limits<std::int64_t>::min();
  const struct {
    const char* description;
    std::string pattern;
    int year;
    std::int64_t sequence;
    const char* expected;
  } cases[] = {
      {"sequence 0", "PW{year}{seq:06}", 2026, 0, "sequence"},
      {"negative sequence", "PW{year}{seq:06}", 2026, -5, "-5"},
      {"INT64_MIN sequence", "PW{year}{seq:06}", 2026, min_sequence, "sequence"},
      {"year 1899", "PW{year}{seq:06}", 1899, 1, "1899"},
      {"year 2200", "PW{year}{seq:06}", 2200, 1, "2200"},
      {"year 2200 without {year}", "PW{seq:06}", 2200, 1, "2200"},
      {"invalid pattern", "PW{yr}{seq}", 2026, 1, "{yr}"},
      {"empty pattern", "", 2026, 1, "empty"},
  };

  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.description);

    const auto error = capture_error([&] { jishiban::format_ticket_number(bad.pattern, bad.year, bad.sequence); });

    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(ErrorCode::invalid_argument, error->code());
    EXPECT_THAT(error->what(), HasSubstr(bad.expected));
  }
}

}  // namespace
