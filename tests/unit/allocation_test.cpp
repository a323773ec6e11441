// Queries never allocate: this program replaces the global allocation
// functions with counting versions, builds the calendars first, and then
// checks that many queries of every kind leave the count unchanged. It also
// records the largest single allocation, to check that replaying an
// overlong line does not hold the whole line in memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <istream>
#include <new>
#include <streambuf>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "test_support.hpp"

namespace {

std::atomic<long long> allocation_count{0};
std::atomic<std::size_t> largest_allocation{0};

void record_size(std::size_t size) {
  std::size_t largest = largest_allocation.load(std::memory_order_relaxed);
  while (size > largest && !largest_allocation.compare_exchange_weak(largest, size, std::memory_order_relaxed)) {
  }
}

void* counted_allocate(std::size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  record_size(size);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc();
}

void* counted_allocate_aligned(std::size_t size, std::align_val_t alignment) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  record_size(size);
  const auto align = static_cast<std::size_t>(alignment);
  const std::size_t rounded = (size + align - 1) / align * align;
  if (void* memory = std::aligned_alloc(align, rounded == 0 ? align : rounded)) {
    return memory;
  }
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return counted_allocate(size); }
void* operator new[](std::size_t size) { return counted_allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return counted_allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return counted_allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new(std::size_t size, std::align_val_t alignment) { return counted_allocate_aligned(size, alignment); }
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return counted_allocate_aligned(size, alignment);
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }

namespace {

using jishiban::Calendar;
using jishiban::Instant;
using jishiban_test::china_instant;
using jishiban_test::date;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kRounds = 20000;

// Runs every kind of query `kRounds` times over starts spread through
// 2004-2026 and returns a checksum so the calls cannot be optimized away.
long long run_queries(const Calendar& calendar, const std::vector<Instant>& starts, std::vector<Instant>& batch_out,
                      std::vector<seconds>& elapsed_out) {
  long long checksum = 0;
  for (int round = 0; round < kRounds; ++round) {
    const Instant start = starts[static_cast<std::size_t>(round) % starts.size()];
    const Instant other = starts[static_cast<std::size_t>(round * 7 + 3) % starts.size()];
    const jishiban::Date day = jishiban::to_civil(start, calendar.utc_offset()).date;
    const int amount = round % 2000 - 500;

    checksum += calendar.add_working_time(start, minutes(amount)).value.unix_seconds();
    checksum += calendar.elapsed_working_time(start, other).value.count();
    checksum += calendar.next_working_instant(start).value.unix_seconds();
    checksum += calendar.add_working_days(day, round % 40 - 20).value.day();
    checksum += calendar.working_days_between(day, jishiban::to_civil(other, calendar.utc_offset()).date).value;
    checksum += calendar.add_working_days(start, round % 20 + 1, jishiban::DayConvention::legal_period)
                    .value.unix_seconds();
    checksum += calendar.add_working_days(start, round % 20 - 10, jishiban::DayConvention::working_time)
                    .value.unix_seconds();
    checksum += calendar.deadline(start, jishiban::TargetSpec::working_minutes(round % 2000)).due.unix_seconds();
    checksum += calendar.deadline(start, jishiban::TargetSpec::working_days(round % 10 + 1)).due.unix_seconds();
    checksum += static_cast<long long>(calendar.working_periods(day).value.size());
    checksum += calendar.is_working_day(day) ? 1 : 0;
    checksum += static_cast<long long>(calendar.day_info(day).name_en.size());
  }

  checksum += calendar.add_working_time(starts.data(), starts.size(), minutes(90), batch_out.data()) ? 1 : 0;
  checksum += calendar.elapsed_working_time(starts.data(), batch_out.data(), starts.size(), elapsed_out.data()) ? 1 : 0;
  checksum += batch_out.back().unix_seconds() + elapsed_out.back().count();
  return checksum;
}

std::vector<Instant> spread_starts() {
  std::vector<Instant> starts;
  for (std::int64_t unix_seconds = china_instant(2004, 3, 1, 0, 7).unix_seconds();
       unix_seconds < china_instant(2026, 11, 1).unix_seconds(); unix_seconds += 86400 * 3 + 3600 + 61) {
    starts.push_back(Instant::from_unix_seconds(unix_seconds));
  }
  return starts;
}

TEST(Allocation, OfficialCalendarQueriesDoNotAllocate) {
  const Calendar calendar;
  const std::vector<Instant> starts = spread_starts();
  std::vector<Instant> batch_out(starts.size());
  std::vector<seconds> elapsed_out(starts.size());

  const long long before = allocation_count.load();
  const long long checksum = run_queries(calendar, starts, batch_out, elapsed_out);
  const long long after = allocation_count.load();

  EXPECT_EQ(before, after);
  EXPECT_NE(0, checksum);
}

TEST(Allocation, ProvisionalQueriesDoNotAllocate) {
  const Calendar calendar(jishiban::CalendarOptions{jishiban::CoveragePolicy::provisional, 4});
  std::vector<Instant> starts = spread_starts();
  for (int day = 0; day < 300; ++day) {
    starts.push_back(china_instant(2026, 10, 1, 9, 0) + seconds(86400LL * day + 37));
  }
  std::vector<Instant> batch_out(starts.size());
  std::vector<seconds> elapsed_out(starts.size());

  const long long before = allocation_count.load();
  const long long checksum = run_queries(calendar, starts, batch_out, elapsed_out);
  const long long after = allocation_count.load();

  EXPECT_EQ(before, after);
  EXPECT_NE(0, checksum);
}

TEST(Allocation, SeasonalHoursQueriesDoNotAllocate) {
  jishiban::CalendarData data = jishiban::official_calendar_data();
  data.merge(jishiban::parse_calendar_data(R"({
    "years": [],
    "working_hours": {
      "weekdays": { "friday": ["08:30-12:00", "13:00-16:00"] },
      "seasons": [ { "name": "summer", "from": "06-01", "to": "09-30",
                     "default": ["08:30-12:00", "13:30-17:30"] } ]
    }
  })",
                                           "hours.json"));
  const Calendar calendar(data);
  const std::vector<Instant> starts = spread_starts();
  std::vector<Instant> batch_out(starts.size());
  std::vector<seconds> elapsed_out(starts.size());

  const long long before = allocation_count.load();
  const long long checksum = run_queries(calendar, starts, batch_out, elapsed_out);
  const long long after = allocation_count.load();

  EXPECT_EQ(before, after);
  EXPECT_NE(0, checksum);
}

TEST(Allocation, CountingAllocatorSeesAllocations) {
  // A direct call, because the compiler may elide a new-expression.
  const long long before = allocation_count.load();
  void* memory = ::operator new(16);
  const long long after = allocation_count.load();
  ::operator delete(memory);

  EXPECT_EQ(before + 1, after);
}

// `length` bytes of 'x' without a line break, as a stream with its
// newlines missing or a device such as /dev/zero gives them.
class LineWithoutEnd final : public std::streambuf {
 public:
  explicit LineWithoutEnd(std::size_t length) : remaining_(length), chunk_(64 * 1024, 'x') {}

 protected:
  int_type underflow() override {
    if (remaining_ == 0) {
      return traits_type::eof();
    }
    const std::size_t size = std::min(remaining_, chunk_.size());
    remaining_ -= size;
    setg(chunk_.data(), chunk_.data(), chunk_.data() + size);
    return traits_type::to_int_type(chunk_.front());
  }

 private:
  std::size_t remaining_;
  std::string chunk_;
};

TEST(Allocation, ReplayOfOverlongLineAllocatesLittle) {
  jishiban::InMemoryStore store;
  jishiban::CallbackNotifier notifier([](const jishiban::Notification&) {});
  jishiban::ManualClock clock(china_instant(2026, 3, 2, 9, 0));
  jishiban::Engine engine(Calendar(), store, notifier, clock);
  std::vector<jishiban::BadLine> bad;
  bad.reserve(4);
  jishiban::ReplayOptions options;
  options.bad_line = [&bad](const jishiban::BadLine& line) { bad.push_back(line); };

  // 64 MiB in one line: a replay that reads the whole line before it
  // checks the 1 MiB limit allocates at least that much at once.
  constexpr std::size_t kLineBytes = std::size_t{64} * 1024 * 1024;
  LineWithoutEnd source(kLineBytes);
  std::istream input(&source);
  largest_allocation.store(0);
  const jishiban::ReplayResult result = jishiban::replay_stream(input, "endless.jsonl", engine, clock, options);
  const std::size_t largest = largest_allocation.load();

  EXPECT_LT(largest, std::size_t{8} * 1024 * 1024);
  EXPECT_EQ(1U, result.lines);
  EXPECT_EQ(1U, result.bad);
  ASSERT_EQ(1U, bad.size());
  EXPECT_EQ(jishiban::ErrorCode::invalid_data, bad[0].code);
}

TEST(Allocation, CopyingCalendarSharesTables) {
  const Calendar calendar;

  const long long before = allocation_count.load();
  const Calendar copy = calendar;
  const long long after = allocation_count.load();

  EXPECT_EQ(before, after);
  EXPECT_EQ(calendar.first_date(), copy.first_date());
}

}  // namespace
