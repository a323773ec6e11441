// The workflow's vocabulary: names of channels, categories and roles, which
// roles belong to the office, and the clocks the engine reads time from.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/clock.hpp"

namespace {

using jishiban::Category;
using jishiban::Channel;
using jishiban::Instant;
using jishiban::Role;

TEST(ChannelName, RoundTripsEveryChannel) {
  for (const Channel channel : {Channel::hotline, Channel::email, Channel::wechat}) {
    const auto parsed = jishiban::parse_channel(jishiban::to_string(channel));
    ASSERT_TRUE(parsed.has_value()) << jishiban::to_string(channel);
    EXPECT_EQ(channel, *parsed);
  }
}

TEST(ChannelName, RejectsUnknownAndCaseVariants) {
  EXPECT_FALSE(jishiban::parse_channel("fax").has_value());
  EXPECT_FALSE(jishiban::parse_channel("Hotline").has_value());
  EXPECT_FALSE(jishiban::parse_channel("").has_value());
}

TEST(CategoryName, RoundTripsEveryCategory) {
  for (const Category category : {Category::consultation, Category::general, Category::difficult}) {
    const auto parsed = jishiban::parse_category(jishiban::to_string(category));
    ASSERT_TRUE(parsed.has_value()) << jishiban::to_string(category);
    EXPECT_EQ(category, *parsed);
  }
  EXPECT_FALSE(jishiban::parse_category("urgent").has_value());
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::service_officer,   Role::office_leader, Role::office_supervisor,
                                          Role::reviewer,          Role::committee_leader, Role::unit_leader,
                                          Role::handler,           Role::discipline_inspection,
                                          Role::report_viewer};
  return roles;
}

TEST(RoleName, RoundTripsEveryRole) {
  for (const Role role : all_roles()) {
    const auto parsed = jishiban::parse_role(jishiban::to_string(role));
    ASSERT_TRUE(parsed.has_value()) << jishiban::to_string(role);
    EXPECT_EQ(role, *parsed);
  }
  EXPECT_FALSE(jishiban::parse_role("admin").has_value());
}

TEST(OfficeRole, IncludesOnlyTheOfficeStaff) {
  for (const Role role : all_roles()) {
    const bool expected = role == Role::service_officer || role == Role::office_leader ||
                          role == Role::office_supervisor || role == Role::reviewer;
    EXPECT_EQ(expected, jishiban::is_office_role(role)) << jishiban::to_string(role);
  }
}

TEST(ErrorCodeName, NamesTheWorkflowCodes) {
  EXPECT_EQ("not_found", jishiban::error_code_name(jishiban::ErrorCode::not_found));
  EXPECT_EQ("conflict", jishiban::error_code_name(jishiban::ErrorCode::conflict));
  EXPECT_EQ("forbidden", jishiban::error_code_name(jishiban::ErrorCode::forbidden));
  EXPECT_EQ("invalid_transition", jishiban::error_code_name(jishiban::ErrorCode::invalid_transition));
}

TEST(ManualClock, MovesOnlyWhenTold) {
  jishiban::ManualClock clock(Instant::from_unix_seconds(1790758200));

  EXPECT_EQ(Instant::from_unix_seconds(1790758200), clock.now());

  clock.advance(std::chrono::minutes(10));
  EXPECT_EQ(Instant::from_unix_seconds(1790758800), clock.now());

  clock.set(Instant::from_unix_seconds(100));
  EXPECT_EQ(Instant::from_unix_seconds(100), clock.now());
}

TEST(ManualClock, AdvancesAtomicallyFromThreads) {
  jishiban::ManualClock clock(Instant::from_unix_seconds(0));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock] {
      for (int step = 0; step < 10000; ++step) {
        clock.advance(std::chrono::seconds(1));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(Instant::from_unix_seconds(40000), clock.now());
}

TEST(SystemClock, ReadsTheCurrentTime) {
  const jishiban::SystemClock clock;
  const Instant before = Instant::from_time_point(std::chrono::system_clock::now());

  const Instant now = clock.now();

  EXPECT_LE(before, now);
  EXPECT_LE(now, Instant::from_time_point(std::chrono::system_clock::now()));
}

}  // namespace
