// Google Benchmark program for the cost of the C ABI (libjishiban.so) over
// the C++ API: the same working-time additions, once through
// jishiban::Calendar and once through jsb_calendar_add_working_seconds and
// its batch form.
//
// Inputs: kPoolSize start instants on the second grid at any time of any
// day of 2004-2026, drawn once with a fixed seed so that the branch
// predictor cannot learn one input. Each iteration takes the next. The amount is 60
// working minutes, a dispatch deadline. The difference between the C and
// C++ per-call figures is what one call across the C boundary costs: the
// handle check, the exception guard, the call through the PLT and the
// out-pointer writes.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/jishiban.h"

namespace {

using jishiban::Instant;

constexpr std::size_t kPoolSize = 4096;  // a power of two: the index wraps with a mask
constexpr std::uint64_t kSeed = 20261205;
constexpr std::int64_t k60MinutesInSeconds = 60 * 60;

// 2004-01-01T00:00:00+08:00 to 2026-12-31T00:00:00+08:00 in Unix seconds.
constexpr std::int64_t kFirstStart = 1072886400;
constexpr std::int64_t kLastStart = 1798646400;

const std::vector<std::int64_t>& starts() {
  static const std::vector<std::int64_t> pool = [] {
    std::mt19937_64 generator(kSeed);
    std::uniform_int_distribution<std::int64_t> draw(kFirstStart, kLastStart);
    std::vector<std::int64_t> values(kPoolSize);
    for (std::int64_t& value : values) {
      value = draw(generator);
    }
    return values;
  }();
  return pool;
}

// One C calendar handle for the whole program.
jsb_calendar* c_calendar() {
  static jsb_calendar* handle = [] {
    jsb_calendar* opened = nullptr;
    if (jsb_calendar_open(nullptr, &opened) != JSB_OK) {
      throw std::runtime_error(std::string("jsb_calendar_open failed: ") + jsb_last_errmsg());
    }
    return opened;
  }();
  return handle;
}

void BM_CxxAddWorkingTime(benchmark::State& state) {
  const jishiban::Calendar calendar;
  const std::vector<std::int64_t>& pool = starts();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto result = calendar.add_working_time(Instant::from_unix_seconds(pool[i++ & (kPoolSize - 1)]),
                                                  std::chrono::seconds(k60MinutesInSeconds));
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CAddWorkingSeconds(benchmark::State& state) {
  jsb_calendar* calendar = c_calendar();
  const std::vector<std::int64_t>& pool = starts();
  std::size_t i = 0;
  for (auto _ : state) {
    std::int64_t due = 0;
    int provisional = 0;
    const int code =
        jsb_calendar_add_working_seconds(calendar, pool[i++ & (kPoolSize - 1)], k60MinutesInSeconds, &due, &provisional);
    if (code != JSB_OK) {
      state.SkipWithError(jsb_calendar_errmsg(calendar));
      break;
    }
    benchmark::DoNotOptimize(due);
  }
  state.SetItemsProcessed(state.iterations());
}

// Per-element time of the batch forms over the whole pool.
void BM_CxxAddWorkingTimeBatch(benchmark::State& state) {
  const jishiban::Calendar calendar;
  std::vector<Instant> in;
  for (const std::int64_t value : starts()) {
    in.push_back(Instant::from_unix_seconds(value));
  }
  std::vector<Instant> out(in.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        calendar.add_working_time(in.data(), in.size(), std::chrono::seconds(k60MinutesInSeconds), out.data()));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}

void BM_CAddWorkingSecondsBatch(benchmark::State& state) {
  jsb_calendar* calendar = c_calendar();
  const std::vector<std::int64_t>& in = starts();
  std::vector<std::int64_t> out(in.size());
  for (auto _ : state) {
    int provisional = 0;
    if (jsb_calendar_add_working_seconds_batch(calendar, in.data(), in.size(), k60MinutesInSeconds, out.data(),
                                               &provisional) != JSB_OK) {
      state.SkipWithError(jsb_calendar_errmsg(calendar));
      break;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}

// The C and C++ results must agree, or the timings compare different work.
void BM_CAgreesWithCxx(benchmark::State& state) {
  const jishiban::Calendar calendar;
  for (auto _ : state) {
    for (const std::int64_t start : starts()) {
      std::int64_t due = 0;
      const auto expected =
          calendar.add_working_time(Instant::from_unix_seconds(start), std::chrono::seconds(k60MinutesInSeconds));
      if (jsb_calendar_add_working_seconds(c_calendar(), start, k60MinutesInSeconds, &due, nullptr) != JSB_OK ||
          due != expected.value.unix_seconds()) {
        state.SkipWithError(("the C ABI disagrees for start " + std::to_string(start)).c_str());
        return;
      }
    }
  }
}

}  // namespace

BENCHMARK(BM_CxxAddWorkingTime);
BENCHMARK(BM_CAddWorkingSeconds);
BENCHMARK(BM_CxxAddWorkingTimeBatch);
BENCHMARK(BM_CAddWorkingSecondsBatch);
BENCHMARK(BM_CAgreesWithCxx)->Iterations(1);
