// Google Benchmark program for replaying command streams into a SQLite
// database, as `jishiban replay` does: the shipped example year, and a
// generated stream of many requests for throughput and peak memory.
//
// Environment variables:
//   JISHIBAN_BENCH_REQUESTS  requests in the generated stream, a whole number
//                            from 1000 to 10000000; 1000000 when unset
//   JISHIBAN_BENCH_STREAM    path of the generated stream; when unset,
//                            replay-bench-<requests>.jsonl in the build
//                            folder of this program, made on first use by
//                            the example-data generator (--no-check)
//   TMPDIR                   folder of the scratch databases; /tmp when unset
//
// Each benchmark replays into a new database with PRAGMA synchronous FULL,
// the default, and 512 lines per transaction, the CLI's default. The
// process is single-threaded, so it runs on one core. Peak memory is the
// process's maximum resident set size (getrusage), so run one benchmark per
// process when comparing it between stream sizes:
//   jishiban_replay_benchmarks --benchmark_filter=BM_ReplayGenerated

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/replay/replay.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace {

using namespace jishiban;
using jishiban_test::TempDir;

class NoDelivery final : public Notifier {
 public:
  void notify(const Notification&) override {}
};

double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Replays the file at `path` into a new database and returns the counts.
ReplayResult replay_file(const std::string& path, const TempDir& dir, int run) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    throw std::runtime_error("cannot read " + path);
  }
  CalendarOptions calendar_options;
  calendar_options.coverage = CoveragePolicy::provisional;
  NoDelivery notifier;
  ManualClock clock(Instant::from_unix_seconds(0));
  EngineOptions options;
  options.deliver_notifications = false;
  const auto engine =
      open_engine(dir.file("replay-" + std::to_string(run) + ".db"), Calendar(calendar_options), notifier, clock, options);
  const ReplayResult result = replay_stream(input, path, *engine, clock);
  if (result.bad != 0) {
    throw std::runtime_error(path + " has " + std::to_string(result.bad) + " bad lines");
  }
  return result;
}

void run_replay(benchmark::State& state, const std::string& path, std::uint64_t requests) {
  TempDir dir;
  int run = 0;
  ReplayResult last;
  try {
    for (auto _ : state) {
      last = replay_file(path, dir, run++);
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  state.counters["lines"] = static_cast<double>(last.lines);
  state.counters["lines_per_s"] = benchmark::Counter(static_cast<double>(last.lines) * static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  state.counters["requests_per_s"] =
      benchmark::Counter(static_cast<double>(requests) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_mib"] = peak_resident_mib();
}

void BM_ReplayShippedYear(benchmark::State& state) {
  // 3,000 requests in the shipped stream; the count only names the rate.
  run_replay(state, JISHIBAN_EXAMPLE_STREAM, 3000);
}
BENCHMARK(BM_ReplayShippedYear)->Unit(benchmark::kSecond)->Iterations(3)->UseRealTime();

std::uint64_t generated_requests() {
  const char* text = std::getenv("JISHIBAN_BENCH_REQUESTS");
  if (text == nullptr) {
    return 1000000;
  }
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || value < 1000 || value > 10000000) {
    throw std::runtime_error(std::string("JISHIBAN_BENCH_REQUESTS must be a whole number from 1000 to 10000000, not ") + text);
  }
  return value;
}

// The generated stream, made with the example-data generator on first use.
std::string generated_stream(std::uint64_t requests) {
  if (const char* path = std::getenv("JISHIBAN_BENCH_STREAM")) {
    return path;
  }
  const std::string path =
      std::string(JISHIBAN_BENCH_FOLDER) + "/replay-bench-" + std::to_string(requests) + ".jsonl";
  if (!std::filesystem::exists(path)) {
    const std::string partial = path + ".partial";
    const std::string command = std::string("'") + JISHIBAN_GENERATOR + "' --no-check --requests " +
                                std::to_string(requests) + " --out '" + partial + "'";
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("the generator failed: " + command);
    }
    std::filesystem::rename(partial, path);
  }
  return path;
}

void BM_ReplayGenerated(benchmark::State& state) {
  std::uint64_t requests = 0;
  std::string path;
  try {
    requests = generated_requests();
    path = generated_stream(requests);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  run_replay(state, path, requests);
}
BENCHMARK(BM_ReplayGenerated)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
