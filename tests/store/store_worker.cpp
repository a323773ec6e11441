// jishiban_store_worker: one process of the multi-process store tests. Each
// run opens its own SqliteStore and Engine on the database DB and does one
// job, chosen by the first argument:
//
//   lifecycle DB FD ROUND
//       Takes tickets from registration to archive, three at a time, with
//       Synchronous::full, until the process is killed. Open tickets found
//       in DB are continued first. After each Engine::execute returns, it
//       writes "ID VERSION EVENT_TYPE\n" to file descriptor FD in a single
//       write(2). ROUND makes the idempotency keys of this run unique.
//   claim DB LEADER_ID
//       Prints "ready". Then for each stdin line "ID VERSION" it claims the
//       ticket as unit leader LEADER_ID with expected_version VERSION and
//       prints "ok VERSION" or "error CODE MESSAGE".
//   register DB COUNT
//       Prints "ready", waits for one stdin line, registers COUNT requests
//       and prints each new ticket's id on its own line.
//   register-key DB
//       Prints "ready". Then for each stdin line KEY it registers a request
//       with idempotency key KEY and prints "ID" or "error CODE MESSAGE".
//
// claim and register-key use Synchronous::full as well: the fsync keeps each
// commit open long enough that the other worker's command of the same round
// has loaded the ticket or looked up the key before it ends. register uses
// Synchronous::normal, because with full one worker's back-to-back commits
// keep the other waiting for the write lock (SQLite's lock is not fair), so
// the two would mostly take turns in long runs instead of interleaving.
//
// Exit status: 0 when stdin ends or the job is done, 1 after an unexpected
// error (described on stderr), 2 for invalid arguments.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "workflow_commands.hpp"

namespace {

using jishiban::Engine;
using jishiban::Error;
using jishiban::SqliteOptions;
using jishiban::SqliteStore;
using jishiban::Synchronous;
using jishiban::Ticket;
using jishiban::TicketState;
using namespace jishiban_store_test;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The max number of tickets the lifecycle job keeps between registration
// and archive.
constexpr std::size_t kTicketsInFlight = 3;

// A store and an engine on DB with a manual clock that starts at
// kStartUnixSeconds. The notifier accepts every notification.
class Workspace {
 public:
  Workspace(const std::string& path, Synchronous synchronous)
      : clock_(jishiban::Instant::from_unix_seconds(kStartUnixSeconds)),
        notifier_([](const jishiban::Notification&) {}),
        store_(path, options(synchronous)),
        engine_(calendar_, store_, notifier_, clock_) {}

  SqliteStore& store() { return store_; }

  // Runs the command one minute after the previous one.
  Ticket run(const jishiban::Command& command) {
    clock_.advance(std::chrono::minutes(1));
    return engine_.execute(command);
  }

 private:
  static SqliteOptions options(Synchronous synchronous) {
    SqliteOptions result;
    result.synchronous = synchronous;
    return result;
  }

  jishiban::Calendar calendar_;
  jishiban::ManualClock clock_;
  jishiban::CallbackNotifier notifier_;
  SqliteStore store_;
  Engine engine_;
};

void print_line(const std::string& line) { std::cout << line << std::endl; }

std::string describe(const Error& error) {
  return "error " + std::string(jishiban::error_code_name(error.code())) + " " + error.message();
}

// Writes the line with one write(2), which a pipe delivers whole because
// it is shorter than PIPE_BUF, so a reader never sees part of a line even
// when the process is killed.
void acknowledge(int fd, const Ticket& ticket, jishiban::EventType type) {
  const std::string line =
      ticket.id + " " + std::to_string(ticket.version) + " " + std::string(jishiban::to_string(type)) + "\n";
  ssize_t written = -1;
  do {
    written = ::write(fd, line.data(), line.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error("writing the acknowledgement of " + ticket.id + " to file descriptor " +
                             std::to_string(fd) + " failed: " + std::strerror(errno));
  }
}

int run_lifecycle(const std::string& path, int fd, const std::string& round) {
  Workspace workspace(path, Synchronous::full);
  std::vector<std::string> in_flight = workspace.store().open_tickets();
  for (const std::string& id : workspace.store().find_by_state(TicketState::closed)) {
    in_flight.push_back(id);
  }

  for (std::size_t registered = 0;; ++registered) {
    if (in_flight.size() < kTicketsInFlight) {
      const std::string key = "round-" + round + "-" + std::to_string(registered);
      const Ticket ticket = workspace.run(register_command(key));
      acknowledge(fd, ticket, jishiban::EventType::register_request);
      in_flight.push_back(ticket.id);
    }
    std::vector<std::string> still_open;
    for (const std::string& id : in_flight) {
      const std::optional<Ticket> stored = workspace.store().load(id);
      const std::optional<jishiban::Command> step = stored ? next_step(*stored) : std::nullopt;
      if (!step) {
        throw std::runtime_error("ticket " + id + " is missing or in a state off the consultation path");
      }
      const Ticket after = workspace.run(*step);
      acknowledge(fd, after, step->type);
      if (after.state != TicketState::archived) {
        still_open.push_back(id);
      }
    }
    in_flight = std::move(still_open);
  }
}

int run_claims(const std::string& path, const std::string& leader_id) {
  Workspace workspace(path, Synchronous::full);
  const jishiban::Actor leader = unit_leader(leader_id);
  print_line("ready");
  std::string id;
  std::uint64_t version = 0;
  while (std::cin >> id >> version) {
    jishiban::Command claim = claim_command(id, leader);
    claim.expected_version = version;
    try {
      const Ticket after = workspace.run(claim);
      print_line("ok " + std::to_string(after.version));
    } catch (const Error& error) {
      print_line(describe(error));
    }
  }
  return 0;
}

int run_registrations(const std::string& path, long count) {
  Workspace workspace(path, Synchronous::normal);
  print_line("ready");
  std::string start;
  if (!std::getline(std::cin, start)) {
    return 0;
  }
  for (long i = 0; i < count; ++i) {
    print_line(workspace.run(register_command()).id);
  }
  return 0;
}

int run_keyed_registrations(const std::string& path) {
  Workspace workspace(path, Synchronous::full);
  print_line("ready");
  std::string key;
  while (std::getline(std::cin, key)) {
    try {
      print_line(workspace.run(register_command(key)).id);
    } catch (const Error& error) {
      print_line(describe(error));
    }
  }
  return 0;
}

// Delivers the outbox of `path` to the JSON-lines file `target` until it is
// empty, through a notifier that fails at random three times in ten (seeded
// by `seed`). Each round of delivery happens an hour after the previous
// one, so every failed notification is due again, and prints "done" at the
// end.
int run_deliveries(const std::string& path, const std::string& target, long seed) {
  SqliteOptions options;
  options.synchronous = Synchronous::full;
  SqliteStore store(path, options);
  jishiban::JsonLinesNotifier file(target);
  std::mt19937 random(static_cast<std::mt19937::result_type>(seed));
  std::bernoulli_distribution fails(0.3);
  jishiban::CallbackNotifier flaky([&](const jishiban::Notification& n) {
    if (fails(random)) {
      throw std::runtime_error("the receiver did not answer");
    }
    file.notify(n);
  });
  jishiban::Instant now = jishiban::Instant::from_unix_seconds(kStartUnixSeconds);
  while (store.undelivered_notifications() > 0) {
    now = now + std::chrono::hours(2);
    jishiban::deliver_pending(store, flaky, now);
  }
  print_line("done");
  return 0;
}

int usage(const std::string& problem) {
  std::cerr << "jishiban_store_worker: " << problem << "\n"
            << "usage: jishiban_store_worker lifecycle DB FD ROUND\n"
            << "       jishiban_store_worker claim DB LEADER_ID\n"
            << "       jishiban_store_worker register DB COUNT\n"
            << "       jishiban_store_worker register-key DB\n"
            << "       jishiban_store_worker deliver DB FILE SEED\n";
  return kExitUsage;
}

// The value of a decimal argument, or std::nullopt when it is not one.
std::optional<long> parse_number(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < 0) {
    return std::nullopt;
  }
  return value;
}

int dispatch(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    return usage("missing job and database path");
  }
  const std::string& job = args[0];
  const std::string& path = args[1];
  if (job == "lifecycle" && args.size() == 4) {
    const std::optional<long> fd = parse_number(args[2]);
    if (!fd) {
      return usage("invalid file descriptor \"" + args[2] + "\"");
    }
    return run_lifecycle(path, static_cast<int>(*fd), args[3]);
  }
  if (job == "claim" && args.size() == 3) {
    return run_claims(path, args[2]);
  }
  if (job == "register" && args.size() == 3) {
    const std::optional<long> count = parse_number(args[2]);
    if (!count) {
      return usage("invalid count \"" + args[2] + "\"");
    }
    return run_registrations(path, *count);
  }
  if (job == "register-key" && args.size() == 2) {
    return run_keyed_registrations(path);
  }
  if (job == "deliver" && args.size() == 4) {
    const std::optional<long> seed = parse_number(args[3]);
    if (!seed) {
      return usage("invalid seed \"" + args[3] + "\"");
    }
    return run_deliveries(path, args[2], *seed);
  }
  return usage("unknown job \"" + job + "\" or invalid number of arguments for it");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return dispatch(args);
  } catch (const std::exception& error) {
    std::cerr << "jishiban_store_worker " << (args.empty() ? "" : args[0]) << " failed: " << error.what()
              << std::endl;
    return kExitFailure;
  }
}
