// Writes a year of "123 即时办" requests as a JSON-lines stream of
// timestamped commands, the input of jishiban's replay. Each line is
//
//   {"at":"2026-01-05T09:12:37+08:00","key":"2026-R000123-01","ref":"R000123","command":{...}}
//
// with "duplicate_of_ref" after "ref" on merge_duplicate lines. The command
// is the JSON of command_json.hpp without a ticket number. Lines are sorted
// by instant, and lines with the same instant keep the order of their
// requests and steps.
//
// The same options give the same bytes: every random number comes from
// xoshiro256** streams keyed by the seed and the day or request (see
// generator/random.hpp), and nothing reads the system time.
//
// By default every line is executed, in stream order, by a jishiban::Engine
// on an InMemoryStore whose ManualClock is set to the line's instant, after
// polling at that instant as the replay does. The program stops with exit
// status 1 at the first line the engine rejects. --no-check skips the
// engine, whose store would keep every ticket of the year in memory.
//
// A request's lines are written once no later request can come before
// them. Only the plans of the requests still open stay in memory, so memory
// grows with the requests per day and not with the length of the stream.
#include <jishiban/jishiban.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "generator/arrivals.hpp"
#include "generator/check.hpp"
#include "generator/commands.hpp"
#include "generator/directory.hpp"
#include "generator/plan.hpp"
#include "generator/summary.hpp"

namespace {

using namespace stream_generator;

constexpr std::uint64_t kDefaultSeed = 1232026;
constexpr std::int64_t kMaxRequests = 100'000'000;

// Earlier requests a duplicate may repeat.
constexpr std::size_t kRecentRequests = 64;

const char* const kUsage =
    "Usage: jishiban_generate_stream [options]\n"
    "\n"
    "Writes one calendar year of \"123 即时办\" enterprise requests as JSON lines of\n"
    "timestamped workflow commands, sorted by instant, for jishiban's replay.\n"
    "\n"
    "Options:\n"
    "  --requests N  requests that arrive in the year, 1 to 100000000 (default 3000)\n"
    "  --year Y      calendar year of the stream (default 2026). Years without\n"
    "                official holiday data are counted Monday to Friday\n"
    "  --seed S      seed of every random choice, decimal or 0x-prefixed\n"
    "                hexadecimal (default 1232026)\n"
    "  --out FILE    write the stream to FILE (default: standard output). The file\n"
    "                is written as FILE.partial and renamed when complete\n"
    "  --no-check    do not execute the lines through an engine; for large streams,\n"
    "                whose tickets would not fit in memory\n"
    "  --summary     print counts of requests, commands and hard cases to\n"
    "                standard error\n"
    "  --help        print this help and exit\n";

struct Options {
  std::int64_t requests = 3000;
  int year = 2026;
  std::uint64_t seed = kDefaultSeed;
  std::string out;
  bool check = true;
  bool summary = false;
  bool help = false;
};

// An invalid command line; main prints it with the usage hint.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <class Integer>
bool parse_integer(std::string_view text, Integer& value, int base = 10) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value, base);
  return !text.empty() && error == std::errc() && stop == end;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (name == "--help") {
      options.help = true;
      continue;
    }
    if (name == "--no-check") {
      options.check = false;
      continue;
    }
    if (name == "--summary") {
      options.summary = true;
      continue;
    }
    if (name != "--requests" && name != "--year" && name != "--seed" && name != "--out") {
      throw UsageError("unknown option \"" + std::string(name) + "\"");
    }
    if (i + 1 >= argc) {
      throw UsageError("option " + std::string(name) + " needs a value");
    }
    const std::string_view value = argv[++i];
    if (name == "--requests") {
      if (!parse_integer(value, options.requests) || options.requests < 1 || options.requests > kMaxRequests) {
        throw UsageError("--requests must be a whole number from 1 to " + std::to_string(kMaxRequests) + ", not \"" +
                         std::string(value) + "\"");
      }
    } else if (name == "--year") {
      if (!parse_integer(value, options.year)) {
        throw UsageError("--year must be a year such as 2026, not \"" + std::string(value) + "\"");
      }
    } else if (name == "--seed") {
      const bool hex = value.size() > 2 && (value.substr(0, 2) == "0x" || value.substr(0, 2) == "0X");
      if (!parse_integer(hex ? value.substr(2) : value, options.seed, hex ? 16 : 10)) {
        throw UsageError("--seed must be an unsigned 64-bit number, decimal or 0x-prefixed hexadecimal, not \"" +
                         std::string(value) + "\"");
      }
    } else {
      if (value.empty()) {
        throw UsageError("--out needs a file name");
      }
      options.out = std::string(value);
    }
  }
  return options;
}

// The stream's destination: standard output, or a file written under a
// temporary name and renamed when complete, so a failed run never leaves a
// file that looks finished.
class Output {
 public:
  explicit Output(std::string path) : path_(std::move(path)) {
    if (path_.empty()) {
      file_ = stdout;
      return;
    }
    partial_ = path_ + ".partial";
    file_ = std::fopen(partial_.c_str(), "wb");
    if (file_ == nullptr) {
      throw std::runtime_error("failed to open " + partial_ + ", the temporary file for " + path_ +
                               ", for writing: " + std::strerror(errno));
    }
  }

  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  ~Output() {
    if (!partial_.empty() && file_ != nullptr) {
      std::fclose(file_);
      std::remove(partial_.c_str());
    }
  }

  void write(const std::string& line) {
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fputc('\n', file_) == EOF) {
      throw std::runtime_error("failed to write " + name() + ": " + std::strerror(errno));
    }
  }

  // Flushes, and renames the temporary file to its final name.
  void commit() {
    if (partial_.empty()) {
      if (std::fflush(file_) != 0) {
        throw std::runtime_error("failed to write standard output: " + std::string(std::strerror(errno)));
      }
      return;
    }
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) {
      std::remove(partial_.c_str());
      throw std::runtime_error("failed to write " + partial_ + ": " + std::strerror(errno));
    }
    if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      std::remove(partial_.c_str());
      throw std::runtime_error("failed to rename " + partial_ + " to " + path_ + ": " + reason);
    }
  }

 private:
  std::string name() const { return partial_.empty() ? std::string("standard output") : partial_; }

  std::string path_;
  std::string partial_;
  std::FILE* file_ = nullptr;
};

// A request whose next line is not written yet.
struct Pending {
  std::unique_ptr<Request> request;
  std::size_t next = 0;

  jishiban::Instant at() const { return request->steps[next].at; }
};

// Orders the heap so that the earliest line comes first, and of lines at
// the same instant the one of the earlier request.
bool comes_later(const Pending& a, const Pending& b) {
  if (a.at() != b.at()) {
    return a.at() > b.at();
  }
  return a.request->index > b.request->index;
}

class StreamWriter {
 public:
  StreamWriter(const World& world, int year, Output& output, StreamCheck* check)
      : world_(world), year_(std::to_string(year)), output_(output), check_(check) {}

  void add(std::unique_ptr<Request> request) {
    heap_.push_back(Pending{std::move(request), 0});
    std::push_heap(heap_.begin(), heap_.end(), comes_later);
  }

  // Writes every pending line earlier than `limit`.
  void write_before(jishiban::Instant limit) {
    while (!heap_.empty() && heap_.front().at() < limit) {
      std::pop_heap(heap_.begin(), heap_.end(), comes_later);
      Pending pending = std::move(heap_.back());
      heap_.pop_back();
      write(*pending.request, pending.next);
      if (++pending.next < pending.request->steps.size()) {
        heap_.push_back(std::move(pending));
        std::push_heap(heap_.begin(), heap_.end(), comes_later);
      }
    }
  }

  std::uint64_t lines() const noexcept { return lines_; }

 private:
  void write(const Request& request, std::size_t index) {
    const Step& step = request.steps[index];
    // The key's step number has two digits. Plans stay far below 100 steps,
    // so a longer one is a bug in the plan builder.
    if (index >= 99) {
      throw std::logic_error("request " + request_ref(request.index) + " has more than 99 steps");
    }
    const std::string ref = request_ref(request.index);
    const std::string number = std::to_string(index + 1);

    line_.clear();
    line_ += "{\"at\":\"";
    line_ += jishiban::format_instant(step.at, world_.calendar.utc_offset());
    line_ += "\",\"key\":\"";
    line_ += year_;
    line_ += '-';
    line_ += ref;
    line_ += index < 9 ? "-0" : "-";
    line_ += number;
    line_ += "\",\"ref\":\"";
    line_ += ref;
    line_ += '"';
    if (step.type == jishiban::EventType::merge_duplicate) {
      line_ += ",\"duplicate_of_ref\":\"";
      line_ += request_ref(request.duplicate_of);
      line_ += '"';
    }
    line_ += ",\"command\":";
    line_ += jishiban::to_json(make_command(world_, request, step));
    line_ += '}';

    ++lines_;
    if (check_ != nullptr) {
      check_->apply(lines_, line_);
    }
    output_.write(line_);
  }

  const World& world_;
  const std::string year_;
  Output& output_;
  StreamCheck* check_;
  std::vector<Pending> heap_;
  std::string line_;
  std::uint64_t lines_ = 0;
};

RecentRequest recent_of(const Request& request) {
  RecentRequest recent;
  recent.index = request.index;
  recent.received_at = request.received_at;
  recent.registered_at = request.steps.front().at;
  recent.company = request.company;
  recent.contact = request.contact;
  recent.fields = request.fields;
  recent.topic = request.topic;
  recent.unit = request.unit;
  recent.category = request.category;
  return recent;
}

int run(const Options& options) {
  // Tickets still open at the end of the year have deadlines in the next
  // year, which has no official holiday data yet. The provisional policy
  // counts such days Monday to Friday, and a replay needs it too.
  jishiban::CalendarOptions calendar_options;
  calendar_options.coverage = jishiban::CoveragePolicy::provisional;
  const jishiban::Calendar calendar(calendar_options);
  const int first_year = static_cast<int>(calendar.first_date().year());
  const int last_year = static_cast<int>(calendar.last_date().year()) - 1;
  if (options.year < first_year || options.year > last_year) {
    throw UsageError("--year " + std::to_string(options.year) + " is outside the calendar's range; use " +
                     std::to_string(first_year) + " to " + std::to_string(last_year));
  }
  if (!calendar.covers_year(options.year)) {
    std::cerr << "note: the built-in calendar has no official holidays for " << options.year
              << ", so its days are counted Monday to Friday\n";
  }

  const jishiban::UtcOffset zone = calendar.utc_offset();
  const jishiban::Instant start =
      jishiban::to_instant(jishiban::Date(static_cast<unsigned short>(options.year), 1, 1), {}, zone);
  const jishiban::Instant end =
      jishiban::to_instant(jishiban::Date(static_cast<unsigned short>(options.year + 1), 1, 1), {}, zone);

  const jishiban::Policy policy = jishiban::Policy::standard();
  const Directory directory;
  World world{calendar, directory, policy, end, options.seed, {}};
  index_topics(world);

  const ArrivalSchedule schedule(calendar, options.year, options.requests, options.seed);
  Summary summary(world, options.year);
  std::optional<StreamCheck> check;
  if (options.check) {
    check.emplace(calendar, start);
  }

  Output output(options.out);
  StreamWriter writer(world, options.year, output, check ? &*check : nullptr);
  std::deque<RecentRequest> recent;
  std::int64_t index = 0;
  for (int day = 0; day < schedule.days(); ++day) {
    for (const jishiban::Instant arrival : schedule.arrivals(day)) {
      // Every line of this and later requests comes at or after the arrival.
      writer.write_before(arrival);
      auto request = std::make_unique<Request>(build_request(world, index++, arrival, recent));
      if (request->steps.empty()) {
        continue;  // arrived too late in the year to be registered
      }
      summary.add(*request);
      if (request->duplicate_of < 0 && !request->out_of_scope) {
        recent.push_back(recent_of(*request));
        if (recent.size() > kRecentRequests) {
          recent.pop_front();
        }
      }
      writer.add(std::move(request));
    }
  }
  writer.write_before(end);
  if (check) {
    check->finish(end - std::chrono::seconds(1));
  }
  output.commit();

  if (options.summary) {
    summary.print(std::cerr, check ? &*check : nullptr);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
    if (options.help) {
      std::cout << kUsage;
      return 0;
    }
    return run(options);
  } catch (const UsageError& error) {
    std::cerr << "error: " << error.what() << "\nRun jishiban_generate_stream --help for the options.\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
}
