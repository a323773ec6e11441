// Google Benchmark programs for the calendar's working-time queries.
//
// Every benchmark runs on the built-in calendar under the strict coverage
// policy (covered years 2004-2026, tables to 2030). Each per-call benchmark
// cycles through kPoolSize start instants, drawn once with a fixed seed, so
// the branch predictor cannot learn a single input. Start instants lie on
// the minute grid at any time of day, so that the naive reference, which
// walks whole minutes, can run on the same inputs.
//
// Spans: "1 year" is 250 working days and "10 years" 2500, round figures for
// the 248 to 252 working days of each year from 2004 to 2026 in the official
// calendar. A working day is 450 working minutes.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "naive_calendar.hpp"

namespace {

using jishiban::Calendar;
using jishiban::Date;
using jishiban::DayConvention;
using jishiban::Instant;
using std::chrono::minutes;
using std::chrono::seconds;

// Number of start instants per scenario. A power of two, so the index wraps
// with a mask; also the batch length.
constexpr std::size_t kPoolSize = 4096;
constexpr std::uint64_t kSeed = 20261001;

constexpr int kWorkingMinutesPerDay = 450;
constexpr int kWorkingDaysPerYear = 250;

constexpr minutes working_days_as_time(int days) { return minutes(std::int64_t{days} * kWorkingMinutesPerDay); }

// The set of dates that start instants are drawn from.
enum class Starts {
  any_day,            // every date of the covered years
  national_day_week,  // October 1 to 7, National Day holiday in 21 of the 23 covered years
  make_up_saturday,   // Saturdays worked in exchange for a holiday
};

const char* starts_name(Starts starts) {
  switch (starts) {
    case Starts::any_day:
      return "any day";
    case Starts::national_day_week:
      return "National Day week";
    case Starts::make_up_saturday:
      return "make-up Saturday";
  }
  return "unknown";
}

struct TimeScenario {
  seconds amount;
  Starts starts;
};

struct DayScenario {
  int days;
  Starts starts;
};

const Calendar& default_calendar() {
  static const Calendar calendar;
  return calendar;
}

// The dates of the covered years that match `starts`, in order.
std::vector<Date> candidate_dates(const Calendar& calendar, Starts starts) {
  std::vector<Date> dates;
  for (Date date = calendar.first_date(); date <= calendar.last_date(); date += boost::gregorian::days(1)) {
    if (!calendar.covers_year(date.year())) {
      continue;
    }
    switch (starts) {
      case Starts::any_day:
        dates.push_back(date);
        break;
      case Starts::national_day_week:
        if (date.month() == 10 && date.day() <= 7) {
          dates.push_back(date);
        }
        break;
      case Starts::make_up_saturday:
        if (date.day_of_week() == boost::date_time::Saturday &&
            calendar.day_info(date).kind == jishiban::DayKind::make_up_working_day) {
          dates.push_back(date);
        }
        break;
    }
  }
  return dates;
}

// Draws kPoolSize start instants on the minute grid from the dates matching
// `starts`, keeping only those for which `query` does not throw
// jishiban::Error (a span that would run past the covered years does).
template <class Query>
std::vector<Instant> draw_starts(Starts starts, Query query) {
  const Calendar& calendar = default_calendar();
  const std::vector<Date> dates = candidate_dates(calendar, starts);
  if (dates.empty()) {
    throw std::runtime_error(std::string("no date of the covered years matches the start set ") + starts_name(starts));
  }

  std::mt19937_64 generator(kSeed);
  std::vector<Instant> pool;
  pool.reserve(kPoolSize);
  const std::size_t max_draws = kPoolSize * 100;
  for (std::size_t draw = 0; pool.size() < kPoolSize; ++draw) {
    if (draw == max_draws) {
      throw std::runtime_error(std::string("too few start instants in the start set ") + starts_name(starts) +
                               " end their span inside the covered years. Shorten the span.");
    }
    const Date date = dates[generator() % dates.size()];
    const int minute_of_day = static_cast<int>(generator() % 1440);
    const Instant start =
        jishiban::to_instant(date, jishiban::TimeOfDay(minute_of_day / 60, minute_of_day % 60), calendar.utc_offset());
    try {
      query(start);
    } catch (const jishiban::Error&) {
      continue;
    }
    pool.push_back(start);
  }
  return pool;
}

// Start instants for add_working_time(start, amount), built once per scenario.
const std::vector<Instant>& time_starts(const TimeScenario& scenario) {
  static std::map<std::tuple<std::int64_t, Starts>, std::vector<Instant>> cache;
  const auto key = std::make_tuple(std::int64_t{scenario.amount.count()}, scenario.starts);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const Calendar& calendar = default_calendar();
    found = cache
                .emplace(key, draw_starts(scenario.starts,
                                          [&](Instant start) { calendar.add_working_time(start, scenario.amount); }))
                .first;
  }
  return found->second;
}

// The ends add_working_time reaches from `starts`, so that
// elapsed_working_time(starts[i], ends[i]) spans the scenario's amount.
std::vector<Instant> time_ends(const std::vector<Instant>& starts, seconds amount) {
  std::vector<Instant> ends;
  ends.reserve(starts.size());
  for (const Instant start : starts) {
    ends.push_back(default_calendar().add_working_time(start, amount).value);
  }
  return ends;
}

// Start instants for add_working_days(start, days, legal_period).
const std::vector<Instant>& day_starts(const DayScenario& scenario) {
  static std::map<std::tuple<int, Starts>, std::vector<Instant>> cache;
  const auto key = std::make_tuple(scenario.days, scenario.starts);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const Calendar& calendar = default_calendar();
    found = cache
                .emplace(key, draw_starts(scenario.starts,
                                          [&](Instant start) {
                                            calendar.add_working_days(start, scenario.days,
                                                                      DayConvention::legal_period);
                                          }))
                .first;
  }
  return found->second;
}

// --- Per-call queries -------------------------------------------------------

void BM_AddWorkingTime(benchmark::State& state, TimeScenario scenario) {
  const Calendar& calendar = default_calendar();
  const std::vector<Instant>& starts = time_starts(scenario);

  std::size_t index = 0;
  for (auto _ : state) {
    auto result = calendar.add_working_time(starts[index], scenario.amount);
    benchmark::DoNotOptimize(result);
    index = (index + 1) & (kPoolSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ElapsedWorkingTime(benchmark::State& state, TimeScenario scenario) {
  const Calendar& calendar = default_calendar();
  const std::vector<Instant>& starts = time_starts(scenario);
  const std::vector<Instant> ends = time_ends(starts, scenario.amount);

  std::size_t index = 0;
  for (auto _ : state) {
    auto result = calendar.elapsed_working_time(starts[index], ends[index]);
    benchmark::DoNotOptimize(result);
    index = (index + 1) & (kPoolSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AddWorkingDays(benchmark::State& state, DayScenario scenario) {
  const Calendar& calendar = default_calendar();
  const std::vector<Instant>& starts = day_starts(scenario);

  std::size_t index = 0;
  for (auto _ : state) {
    auto result = calendar.add_working_days(starts[index], scenario.days, DayConvention::legal_period);
    benchmark::DoNotOptimize(result);
    index = (index + 1) & (kPoolSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

constexpr minutes k10Minutes(10);
constexpr minutes k60Minutes(60);
constexpr minutes k3WorkingDays = working_days_as_time(3);
constexpr minutes k1Year = working_days_as_time(kWorkingDaysPerYear);
constexpr minutes k10Years = working_days_as_time(10 * kWorkingDaysPerYear);

BENCHMARK_CAPTURE(BM_AddWorkingTime, 10_minutes, TimeScenario{k10Minutes, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 60_minutes, TimeScenario{k60Minutes, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 60_minutes_from_national_day_week,
                  TimeScenario{k60Minutes, Starts::national_day_week});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 60_minutes_from_make_up_saturday,
                  TimeScenario{k60Minutes, Starts::make_up_saturday});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 3_working_days, TimeScenario{k3WorkingDays, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 3_working_days_from_national_day_week,
                  TimeScenario{k3WorkingDays, Starts::national_day_week});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 3_working_days_from_make_up_saturday,
                  TimeScenario{k3WorkingDays, Starts::make_up_saturday});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 1_year, TimeScenario{k1Year, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingTime, 10_years, TimeScenario{k10Years, Starts::any_day});

BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 10_minutes, TimeScenario{k10Minutes, Starts::any_day});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 60_minutes, TimeScenario{k60Minutes, Starts::any_day});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 60_minutes_from_national_day_week,
                  TimeScenario{k60Minutes, Starts::national_day_week});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 60_minutes_from_make_up_saturday,
                  TimeScenario{k60Minutes, Starts::make_up_saturday});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 3_working_days, TimeScenario{k3WorkingDays, Starts::any_day});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 3_working_days_from_national_day_week,
                  TimeScenario{k3WorkingDays, Starts::national_day_week});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 3_working_days_from_make_up_saturday,
                  TimeScenario{k3WorkingDays, Starts::make_up_saturday});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 1_year, TimeScenario{k1Year, Starts::any_day});
BENCHMARK_CAPTURE(BM_ElapsedWorkingTime, 10_years, TimeScenario{k10Years, Starts::any_day});

BENCHMARK_CAPTURE(BM_AddWorkingDays, 1_working_day, DayScenario{1, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingDays, 3_working_days, DayScenario{3, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingDays, 3_working_days_from_national_day_week,
                  DayScenario{3, Starts::national_day_week});
BENCHMARK_CAPTURE(BM_AddWorkingDays, 3_working_days_from_make_up_saturday,
                  DayScenario{3, Starts::make_up_saturday});
BENCHMARK_CAPTURE(BM_AddWorkingDays, 1_year, DayScenario{kWorkingDaysPerYear, Starts::any_day});
BENCHMARK_CAPTURE(BM_AddWorkingDays, 10_years, DayScenario{10 * kWorkingDaysPerYear, Starts::any_day});

// --- Batch forms ------------------------------------------------------------

// Adds a per-element time counter: the batch's time divided by its length.
void report_per_element(benchmark::State& state) {
  const auto elements = static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(kPoolSize);
  state.SetItemsProcessed(elements);
  state.counters["time_per_element"] = benchmark::Counter(
      static_cast<double>(kPoolSize), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_AddWorkingTimeBatch(benchmark::State& state, seconds amount) {
  const Calendar& calendar = default_calendar();
  const std::vector<Instant>& starts = time_starts(TimeScenario{amount, Starts::any_day});
  std::vector<Instant> out(kPoolSize);

  for (auto _ : state) {
    const bool provisional = calendar.add_working_time(starts.data(), kPoolSize, amount, out.data());
    benchmark::DoNotOptimize(provisional);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report_per_element(state);
}

void BM_ElapsedWorkingTimeBatch(benchmark::State& state, seconds amount) {
  const Calendar& calendar = default_calendar();
  const std::vector<Instant>& starts = time_starts(TimeScenario{amount, Starts::any_day});
  const std::vector<Instant> ends = time_ends(starts, amount);
  std::vector<seconds> out(kPoolSize);

  for (auto _ : state) {
    const bool provisional = calendar.elapsed_working_time(starts.data(), ends.data(), kPoolSize, out.data());
    benchmark::DoNotOptimize(provisional);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  report_per_element(state);
}

BENCHMARK_CAPTURE(BM_AddWorkingTimeBatch, 60_minutes, seconds(k60Minutes));
BENCHMARK_CAPTURE(BM_AddWorkingTimeBatch, 3_working_days, seconds(k3WorkingDays));
BENCHMARK_CAPTURE(BM_AddWorkingTimeBatch, 10_years, seconds(k10Years));
BENCHMARK_CAPTURE(BM_ElapsedWorkingTimeBatch, 3_working_days, seconds(k3WorkingDays));

// --- Naive reference --------------------------------------------------------

const jishiban_test::NaiveCalendar& naive_calendar() {
  static const jishiban_test::NaiveCalendar calendar(JISHIBAN_TEST_DATA_DIR "/cn-official-calendar.json");
  return calendar;
}

// Checks that the naive reference and the library agree on the first starts,
// so that the comparison times the same computation.
bool naive_agrees(benchmark::State& state, const std::vector<Instant>& starts, seconds amount) {
  const auto amount_minutes = std::chrono::duration_cast<minutes>(amount).count();
  for (std::size_t i = 0; i < 64; ++i) {
    const std::int64_t expected = default_calendar().add_working_time(starts[i], amount).value.unix_seconds();
    const std::int64_t actual = naive_calendar().add_minutes(starts[i].unix_seconds(), amount_minutes);
    if (actual != expected) {
      state.SkipWithError(("naive reference and library disagree from unix time " +
                           std::to_string(starts[i].unix_seconds()) + ": " + std::to_string(actual) +
                           " != " + std::to_string(expected))
                              .c_str());
      return false;
    }
  }
  return true;
}

void BM_NaiveAddWorkingTime(benchmark::State& state, seconds amount) {
  const jishiban_test::NaiveCalendar& naive = naive_calendar();
  const std::vector<Instant>& starts = time_starts(TimeScenario{amount, Starts::any_day});
  if (!naive_agrees(state, starts, amount)) {
    return;
  }
  const auto amount_minutes = std::chrono::duration_cast<minutes>(amount).count();

  std::size_t index = 0;
  for (auto _ : state) {
    auto result = naive.add_minutes(starts[index].unix_seconds(), amount_minutes);
    benchmark::DoNotOptimize(result);
    index = (index + 1) & (kPoolSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_NaiveElapsedWorkingTime(benchmark::State& state, seconds amount) {
  const jishiban_test::NaiveCalendar& naive = naive_calendar();
  const std::vector<Instant>& starts = time_starts(TimeScenario{amount, Starts::any_day});
  const std::vector<Instant> ends = time_ends(starts, amount);
  if (!naive_agrees(state, starts, amount)) {
    return;
  }

  std::size_t index = 0;
  for (auto _ : state) {
    auto result = naive.elapsed_minutes(starts[index].unix_seconds(), ends[index].unix_seconds());
    benchmark::DoNotOptimize(result);
    index = (index + 1) & (kPoolSize - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_NaiveAddWorkingTime, 3_working_days, seconds(k3WorkingDays));
BENCHMARK_CAPTURE(BM_NaiveElapsedWorkingTime, 3_working_days, seconds(k3WorkingDays));

// --- Memory and construction ------------------------------------------------

// Reports the default calendar's table size as counters; the timed loop only
// reads memory_bytes().
void BM_CalendarMemoryBytes(benchmark::State& state) {
  const Calendar& calendar = default_calendar();
  for (auto _ : state) {
    auto bytes = calendar.memory_bytes();
    benchmark::DoNotOptimize(bytes);
  }
  const auto bytes = static_cast<double>(calendar.memory_bytes());
  state.counters["memory_bytes"] = benchmark::Counter(bytes);
  state.counters["memory_KiB"] = benchmark::Counter(bytes / 1024.0);
  state.counters["table_days"] =
      benchmark::Counter(static_cast<double>((calendar.last_date() - calendar.first_date()).days() + 1));
}

// Builds the default calendar from the embedded data: JSON parsing and all
// tables.
void BM_CalendarConstruction(benchmark::State& state) {
  for (auto _ : state) {
    Calendar calendar;
    benchmark::DoNotOptimize(calendar);
  }
}

BENCHMARK(BM_CalendarMemoryBytes);
BENCHMARK(BM_CalendarConstruction)->Unit(benchmark::kMicrosecond);

}  // namespace
