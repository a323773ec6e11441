// Google Benchmark programs for the SQLite store: commands per second through
// the engine with PRAGMA synchronous FULL and NORMAL, and opening the store,
// loading a ticket, listing the nearest deadlines, building the supervision
// report and the file size on a database of many tickets.
//
// Environment variables:
//   JISHIBAN_BENCH_TICKETS  tickets in the large database, a whole number
//                           from 1000 to 10000000; 1000000 when unset
//   JISHIBAN_BENCH_DB       path of the large database; when unset,
//                           sqlite-bench-<tickets>.db in the build folder
//                           of this program
//   TMPDIR                  folder of the scratch databases of the command
//                           benchmarks; /tmp when unset
//
// The large database is built on first use and kept. A later run reuses it
// when its schema version and ticket counts are the expected ones. Building
// 1,000,000 tickets takes minutes, and the program prints how long it took.

#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/report/report.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/policy.hpp"
#include "temp_dir.hpp"

namespace {

using namespace jishiban;
using jishiban_test::TempDir;
using std::chrono::minutes;
using std::chrono::seconds;

Instant at(unsigned short month, unsigned short day, int hour, int minute) {
  return to_instant(Date(2026, month, day), TimeOfDay(hour, minute), UtcOffset::china());
}

// --- Commands ------------------------------------------------------------------
// Copies of the actors and commands in workflow_benchmarks.cpp.

Actor officer() { return Actor{"so1", "服务员甲", Role::service_officer, ""}; }
Actor office_leader() { return Actor{"ol1", "主任", Role::office_leader, ""}; }
Actor unit_leader() { return Actor{"ul1", "局长", Role::unit_leader, "区建设局"}; }
Actor handler() { return Actor{"h1", "经办人", Role::handler, "区建设局"}; }
Actor reviewer() { return Actor{"rv1", "审核人", Role::reviewer, ""}; }

// Free text of a realistic length: about 60 bytes of Chinese.
const std::string kText = "企业反映厂区周边道路照明不足，夜间通行存在安全隐患。";

Command command(EventType type, const Actor& actor, std::string ticket_id = {}) {
  Command c;
  c.type = type;
  c.actor = actor;
  c.ticket_id = std::move(ticket_id);
  return c;
}

Command register_command(Channel channel, std::string idempotency_key = {}) {
  Command c = command(EventType::register_request, officer());
  c.payload.channel = channel;
  c.payload.requester = Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区金石滩街道黄金路88号",
                                  "13812345678", "pw123@163.com"};
  c.payload.content = kText;
  c.idempotency_key = std::move(idempotency_key);
  return c;
}

// The commands of a consultation ticket, from register_request (step 0) to
// archive (step 9).
constexpr std::size_t kLifecycleCommands = 10;

// Command `step`, from 1 to 9, of the consultation lifecycle on `ticket_id`.
Command follow_up_command(std::size_t step, std::string ticket_id) {
  switch (step) {
    case 1: {
      Command draft = command(EventType::draft, officer(), std::move(ticket_id));
      draft.payload.category = Category::consultation;
      draft.payload.lead_unit = "区建设局";
      return draft;
    }
    case 2:
      return command(EventType::approve_dispatch, office_leader(), std::move(ticket_id));
    case 3: {
      Command claim = command(EventType::claim, unit_leader(), std::move(ticket_id));
      claim.payload.handler_id = "h1";
      claim.payload.handler_name = "经办人";
      return claim;
    }
    case 4:
      return command(EventType::record_first_contact, handler(), std::move(ticket_id));
    case 5: {
      Command answer = command(EventType::answer_consultation, handler(), std::move(ticket_id));
      answer.payload.text = kText;
      return answer;
    }
    case 6: {
      Command report = command(EventType::report_result, handler(), std::move(ticket_id));
      report.payload.result = ResultReport{kText, kText, kText, {}};
      return report;
    }
    case 7:
      return command(EventType::accept_result, reviewer(), std::move(ticket_id));
    case 8: {
      Command visit = command(EventType::return_visit, officer(), std::move(ticket_id));
      visit.payload.satisfaction = Satisfaction::satisfied;
      return visit;
    }
    case 9:
      return command(EventType::archive, officer(), std::move(ticket_id));
    default:
      throw std::out_of_range("lifecycle step " + std::to_string(step) + " does not exist; steps run from 1 to 9");
  }
}

// The ten commands of one consultation ticket, built before they run. The
// follow-up commands get the ticket number once the registration returns it.
std::vector<Command> make_lifecycle() {
  std::vector<Command> commands;
  commands.reserve(kLifecycleCommands);
  commands.push_back(register_command(Channel::hotline));
  for (std::size_t step = 1; step < kLifecycleCommands; ++step) {
    commands.push_back(follow_up_command(step, {}));
  }
  return commands;
}

// Executes the commands, advancing the clock by ten minutes before each
// after the first.
void run_lifecycle(Engine& engine, ManualClock& clock, std::vector<Command>& commands) {
  const std::string id = engine.execute(std::move(commands.front())).id;
  for (std::size_t i = 1; i < commands.size(); ++i) {
    clock.advance(minutes(10));
    commands[i].ticket_id = id;
    engine.execute(std::move(commands[i]));
  }
}

// --- Counting the store's writes and syncs -------------------------------------
// While a command benchmark runs, a VFS shim is SQLite's default VFS. It
// forwards every call to the VFS that was the default before, and it counts
// the bytes written to each file and the xSync calls (fsync or fdatasync in
// the Unix VFS).

struct IoCounts {
  std::uint64_t syncs = 0;
  // Bytes appended to the write-ahead log.
  std::uint64_t wal_bytes = 0;
  // Bytes written to the database file itself, which in WAL mode are the
  // checkpoints.
  std::uint64_t database_bytes = 0;
};

IoCounts operator-(const IoCounts& a, const IoCounts& b) {
  return IoCounts{a.syncs - b.syncs, a.wal_bytes - b.wal_bytes, a.database_bytes - b.database_bytes};
}

IoCounts& operator+=(IoCounts& a, const IoCounts& b) {
  a.syncs += b.syncs;
  a.wal_bytes += b.wal_bytes;
  a.database_bytes += b.database_bytes;
  return a;
}

// Everything written through the shim since the program started. The
// benchmarks run on one thread.
IoCounts g_io;
sqlite3_vfs* g_wrapped_vfs = nullptr;

enum class FileKind { database, wal, other };

// The shim's file: SQLite allocates szOsFile bytes, and the wrapped VFS's
// file follows this struct in that allocation.
struct CountingFile {
  sqlite3_file base;  // first member, so SQLite's sqlite3_file* points here
  sqlite3_file* wrapped;
  FileKind kind;
};

sqlite3_file* wrapped(sqlite3_file* file) { return reinterpret_cast<CountingFile*>(file)->wrapped; }
const sqlite3_io_methods& methods(sqlite3_file* file) { return *wrapped(file)->pMethods; }

int count_close(sqlite3_file* file) { return methods(file).xClose(wrapped(file)); }

int count_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return methods(file).xRead(wrapped(file), buffer, amount, offset);
}

int count_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  const auto* counting = reinterpret_cast<CountingFile*>(file);
  if (counting->kind == FileKind::wal) {
    g_io.wal_bytes += static_cast<std::uint64_t>(amount);
  } else if (counting->kind == FileKind::database) {
    g_io.database_bytes += static_cast<std::uint64_t>(amount);
  }
  return methods(file).xWrite(wrapped(file), buffer, amount, offset);
}

int count_truncate(sqlite3_file* file, sqlite3_int64 size) { return methods(file).xTruncate(wrapped(file), size); }

int count_sync(sqlite3_file* file, int flags) {
  ++g_io.syncs;
  return methods(file).xSync(wrapped(file), flags);
}

int count_file_size(sqlite3_file* file, sqlite3_int64* size) { return methods(file).xFileSize(wrapped(file), size); }
int count_lock(sqlite3_file* file, int level) { return methods(file).xLock(wrapped(file), level); }
int count_unlock(sqlite3_file* file, int level) { return methods(file).xUnlock(wrapped(file), level); }

int count_check_reserved_lock(sqlite3_file* file, int* reserved) {
  return methods(file).xCheckReservedLock(wrapped(file), reserved);
}

int count_file_control(sqlite3_file* file, int operation, void* argument) {
  return methods(file).xFileControl(wrapped(file), operation, argument);
}

int count_sector_size(sqlite3_file* file) { return methods(file).xSectorSize(wrapped(file)); }
int count_device_characteristics(sqlite3_file* file) { return methods(file).xDeviceCharacteristics(wrapped(file)); }

// The shared-memory methods exist from version 2 of sqlite3_io_methods, and
// the memory-mapping ones from version 3.
int count_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** address) {
  if (methods(file).iVersion < 2) {
    return SQLITE_IOERR;
  }
  return methods(file).xShmMap(wrapped(file), page, page_size, extend, address);
}

int count_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  if (methods(file).iVersion < 2) {
    return SQLITE_IOERR;
  }
  return methods(file).xShmLock(wrapped(file), offset, n, flags);
}

void count_shm_barrier(sqlite3_file* file) {
  if (methods(file).iVersion >= 2) {
    methods(file).xShmBarrier(wrapped(file));
  }
}

int count_shm_unmap(sqlite3_file* file, int delete_flag) {
  if (methods(file).iVersion < 2) {
    return SQLITE_OK;
  }
  return methods(file).xShmUnmap(wrapped(file), delete_flag);
}

int count_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** pointer) {
  if (methods(file).iVersion < 3) {
    *pointer = nullptr;  // no mapping: SQLite reads with xRead instead
    return SQLITE_OK;
  }
  return methods(file).xFetch(wrapped(file), offset, amount, pointer);
}

int count_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* pointer) {
  if (methods(file).iVersion < 3) {
    return SQLITE_OK;
  }
  return methods(file).xUnfetch(wrapped(file), offset, pointer);
}

sqlite3_io_methods make_counting_methods() {
  sqlite3_io_methods m{};
  m.iVersion = 3;
  m.xClose = count_close;
  m.xRead = count_read;
  m.xWrite = count_write;
  m.xTruncate = count_truncate;
  m.xSync = count_sync;
  m.xFileSize = count_file_size;
  m.xLock = count_lock;
  m.xUnlock = count_unlock;
  m.xCheckReservedLock = count_check_reserved_lock;
  m.xFileControl = count_file_control;
  m.xSectorSize = count_sector_size;
  m.xDeviceCharacteristics = count_device_characteristics;
  m.xShmMap = count_shm_map;
  m.xShmLock = count_shm_lock;
  m.xShmBarrier = count_shm_barrier;
  m.xShmUnmap = count_shm_unmap;
  m.xFetch = count_fetch;
  m.xUnfetch = count_unfetch;
  return m;
}

const sqlite3_io_methods kCountingMethods = make_counting_methods();

int count_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* counting = reinterpret_cast<CountingFile*>(file);
  counting->wrapped = reinterpret_cast<sqlite3_file*>(counting + 1);
  counting->kind = (flags & SQLITE_OPEN_WAL) != 0       ? FileKind::wal
                   : (flags & SQLITE_OPEN_MAIN_DB) != 0 ? FileKind::database
                                                        : FileKind::other;
  const int rc = g_wrapped_vfs->xOpen(g_wrapped_vfs, name, counting->wrapped, flags, out_flags);
  // SQLite calls xClose exactly when pMethods is set, even after a failed
  // open, so the shim's file mirrors the wrapped one.
  counting->base.pMethods = counting->wrapped->pMethods != nullptr ? &kCountingMethods : nullptr;
  return rc;
}

sqlite3_vfs make_counting_vfs(sqlite3_vfs* base) {
  sqlite3_vfs vfs{};
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(sizeof(CountingFile)) + base->szOsFile;
  vfs.mxPathname = base->mxPathname;
  vfs.zName = "jishiban-counting";
  vfs.xOpen = count_open;

  // The other methods call the wrapped VFS, passing it as the first argument.
  vfs.xDelete = [](sqlite3_vfs*, const char* name, int sync_folder) {
    return g_wrapped_vfs->xDelete(g_wrapped_vfs, name, sync_folder);
  };
  vfs.xAccess = [](sqlite3_vfs*, const char* name, int flags, int* result) {
    return g_wrapped_vfs->xAccess(g_wrapped_vfs, name, flags, result);
  };
  vfs.xFullPathname = [](sqlite3_vfs*, const char* name, int size, char* out) {
    return g_wrapped_vfs->xFullPathname(g_wrapped_vfs, name, size, out);
  };

  vfs.xDlOpen = [](sqlite3_vfs*, const char* name) { return g_wrapped_vfs->xDlOpen(g_wrapped_vfs, name); };
  vfs.xDlError = [](sqlite3_vfs*, int size, char* message) {
    g_wrapped_vfs->xDlError(g_wrapped_vfs, size, message);
  };
  vfs.xDlSym = [](sqlite3_vfs*, void* library, const char* symbol) {
    return g_wrapped_vfs->xDlSym(g_wrapped_vfs, library, symbol);
  };
  vfs.xDlClose = [](sqlite3_vfs*, void* library) { g_wrapped_vfs->xDlClose(g_wrapped_vfs, library); };

  vfs.xRandomness = [](sqlite3_vfs*, int size, char* out) {
    return g_wrapped_vfs->xRandomness(g_wrapped_vfs, size, out);
  };
  vfs.xSleep = [](sqlite3_vfs*, int microseconds) { return g_wrapped_vfs->xSleep(g_wrapped_vfs, microseconds); };
  vfs.xCurrentTime = [](sqlite3_vfs*, double* now) { return g_wrapped_vfs->xCurrentTime(g_wrapped_vfs, now); };
  vfs.xGetLastError = [](sqlite3_vfs*, int size, char* message) {
    return g_wrapped_vfs->xGetLastError(g_wrapped_vfs, size, message);
  };

  // Version 2 of sqlite3_vfs, which the Unix VFS has too.
  vfs.xCurrentTimeInt64 = [](sqlite3_vfs*, sqlite3_int64* now) {
    return g_wrapped_vfs->xCurrentTimeInt64(g_wrapped_vfs, now);
  };
  return vfs;
}

// Makes the counting shim SQLite's default VFS for the scope's lifetime, so
// every SqliteStore opened meanwhile is counted. Files opened in the scope
// stay counted after it ends.
class CountingVfsScope {
 public:
  CountingVfsScope() {
    static sqlite3_vfs counting = [] {
      g_wrapped_vfs = sqlite3_vfs_find(nullptr);
      if (g_wrapped_vfs == nullptr || g_wrapped_vfs->iVersion < 2) {
        throw std::runtime_error("SQLite has no default VFS of version 2 or later to count the writes of");
      }
      return make_counting_vfs(g_wrapped_vfs);
    }();
    if (sqlite3_vfs_register(&counting, 1) != SQLITE_OK) {
      throw std::runtime_error("registering the counting VFS with SQLite failed");
    }
  }
  ~CountingVfsScope() { sqlite3_vfs_register(g_wrapped_vfs, 1); }

  CountingVfsScope(const CountingVfsScope&) = delete;
  CountingVfsScope& operator=(const CountingVfsScope&) = delete;
};

// Adds up the writes and syncs of the timed parts of a benchmark. Call
// pause() before state.PauseTiming() and resume() after
// state.ResumeTiming().
class TimedIo {
 public:
  TimedIo() : started_(g_io) {}

  void pause() { total_ += g_io - started_; }
  void resume() { started_ = g_io; }
  const IoCounts& total() const { return total_; }

 private:
  IoCounts started_;
  IoCounts total_;
};

// Sets the throughput counter `commands` (per second of wall time) and the
// writes and syncs per command.
void report_commands(benchmark::State& state, double commands, const IoCounts& io) {
  state.counters["commands"] = benchmark::Counter(commands, benchmark::Counter::kIsRate);
  if (commands == 0) {
    return;
  }
  state.counters["syncs_per_command"] = static_cast<double>(io.syncs) / commands;
  state.counters["wal_bytes_per_command"] = static_cast<double>(io.wal_bytes) / commands;
  state.counters["db_bytes_per_command"] = static_cast<double>(io.database_bytes) / commands;
}

SqliteOptions options_with(Synchronous synchronous) {
  SqliteOptions options;
  options.synchronous = synchronous;
  return options;
}

const char* label_of(Synchronous synchronous) {
  return synchronous == Synchronous::full ? "synchronous=FULL" : "synchronous=NORMAL";
}

// An engine on a new SqliteStore in its own scratch folder. Members are
// destroyed in reverse order: the engine, the store, then the folder.
struct ScratchEngine {
  ScratchEngine(const Calendar& calendar, Notifier& notifier, const Clock& clock, Synchronous synchronous)
      : store(folder.file("tickets.db"), options_with(synchronous)), engine(calendar, store, notifier, clock) {}

  TempDir folder;
  SqliteStore store;
  Engine engine;
};

// --- Commands per second ---------------------------------------------------------

// The ten commands of BM_TicketLifecycle through the engine and a SqliteStore,
// each command its own transaction. approve_dispatch also stores a
// notification, and delivering it is one more transaction. The commands of 64
// tickets at a time are built while the timing is paused. The database is
// replaced by a new one every 1024 tickets, outside the timing.
void BM_SqliteLifecycle(benchmark::State& state, Synchronous synchronous) {
  constexpr std::size_t kStoreTickets = 1024;
  constexpr std::size_t kPrepared = 64;
  try {
    const CountingVfsScope counting;
    const Calendar calendar;
    ManualClock clock(at(3, 2, 9, 0));
    CallbackNotifier notifier([](const Notification&) {});
    std::unique_ptr<ScratchEngine> scratch;
    std::vector<std::vector<Command>> prepared;
    std::size_t done = kStoreTickets;
    std::size_t next = kPrepared;
    TimedIo io;

    for (auto _ : state) {
      if (next == kPrepared) {
        io.pause();
        state.PauseTiming();
        if (done == kStoreTickets) {
          scratch.reset();
          clock.set(at(3, 2, 9, 0));
          scratch = std::make_unique<ScratchEngine>(calendar, notifier, clock, synchronous);
          done = 0;
        }
        prepared.clear();
        for (std::size_t i = 0; i < kPrepared; ++i) {
          prepared.push_back(make_lifecycle());
        }
        next = 0;
        state.ResumeTiming();
        io.resume();
      }
      run_lifecycle(scratch->engine, clock, prepared[next]);
      ++next;
      ++done;
    }
    io.pause();
    report_commands(state, static_cast<double>(kLifecycleCommands) * static_cast<double>(state.iterations()),
                    io.total());
    state.SetLabel(label_of(synchronous));
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK_CAPTURE(BM_SqliteLifecycle, full, Synchronous::full)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SqliteLifecycle, normal, Synchronous::normal)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Intake of e-mail requests: one iteration registers 100 tickets, each with
// the e-mail's Message-ID as its idempotency key, in one SqliteStore::Batch,
// with the clock advancing 30 seconds before each. The commands are built
// while the timing is paused. The database is replaced by a new one every
// 100 batches, outside the timing.
void BM_SqliteBatchedIntake(benchmark::State& state, Synchronous synchronous) {
  constexpr std::size_t kBatchSize = 100;
  constexpr std::size_t kStoreBatches = 100;
  try {
    const CountingVfsScope counting;
    const Calendar calendar;
    ManualClock clock(at(3, 2, 9, 0));
    CallbackNotifier notifier([](const Notification&) {});
    std::unique_ptr<ScratchEngine> scratch;
    std::vector<Command> commands;
    std::size_t batches = kStoreBatches;
    std::uint64_t message_number = 0;
    TimedIo io;

    for (auto _ : state) {
      io.pause();
      state.PauseTiming();
      if (batches == kStoreBatches) {
        scratch.reset();
        clock.set(at(3, 2, 9, 0));
        scratch = std::make_unique<ScratchEngine>(calendar, notifier, clock, synchronous);
        batches = 0;
      }
      commands.clear();
      for (std::size_t i = 0; i < kBatchSize; ++i) {
        ++message_number;
        commands.push_back(
            register_command(Channel::email, "<intake." + std::to_string(message_number) + "@mail.example.com>"));
      }
      state.ResumeTiming();
      io.resume();

      SqliteStore::Batch batch(scratch->store);
      for (Command& registration : commands) {
        clock.advance(seconds(30));
        scratch->engine.execute(std::move(registration));
      }
      batch.commit();
      ++batches;
    }
    io.pause();
    report_commands(state, static_cast<double>(kBatchSize) * static_cast<double>(state.iterations()), io.total());
    state.SetLabel(label_of(synchronous));
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK_CAPTURE(BM_SqliteBatchedIntake, full, Synchronous::full)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SqliteBatchedIntake, normal, Synchronous::normal)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// --- The large database ------------------------------------------------------------
// Tickets are registered at even intervals from January 5 to December 18,
// 2026, day and night, over the hotline, e-mail (with the Message-ID as the
// idempotency key) and WeChat in turn. Each ticket's next commands follow at
// fixed delays after its registration, so the commands of consecutive
// tickets interleave. Every tenth ticket stops
// early and stays open with a running clock: registered, dispatched, or in
// progress, in turn. The others go through the ten commands of the
// consultation lifecycle to archive. The engine polls before every command,
// so the tickets left open get their SLA warnings, breaches and escalations.
// Everything is written in batches of 1000 commands with
// Synchronous::normal.

constexpr std::int64_t kDefaultTickets = 1000000;
constexpr std::int64_t kMinTickets = 1000;
constexpr std::int64_t kMaxTickets = 10000000;
constexpr std::int64_t kOpenEvery = 10;
constexpr std::size_t kBuildBatchCommands = 1000;

// Delay of each lifecycle step after the registration. approve_dispatch
// comes within the hotline's 10 working minutes and answer_consultation
// within the consultation's one working day, so the archived tickets record
// no SLA event.
constexpr std::array<minutes, kLifecycleCommands> kStepDelays = {
    minutes(0),   minutes(2),   minutes(5),   minutes(30),  minutes(60),
    minutes(120), minutes(180), minutes(240), minutes(300), minutes(360)};

// The last step that the open tickets run, in turn: register_request,
// approve_dispatch and record_first_contact.
constexpr std::array<std::size_t, 3> kOpenLastSteps = {0, 2, 4};

std::int64_t open_ticket_count(std::int64_t tickets) { return tickets / kOpenEvery; }

// The last lifecycle step of ticket `index`, counted from 0.
std::size_t last_step_of(std::int64_t index) {
  if (index % kOpenEvery != kOpenEvery - 1) {
    return kLifecycleCommands - 1;
  }
  return kOpenLastSteps[static_cast<std::size_t>(index / kOpenEvery) % kOpenLastSteps.size()];
}

struct LargeDatabase {
  std::string path;
  std::int64_t tickets = 0;
  std::int64_t archived = 0;
  // The reason the database is unusable, or empty when it is ready.
  std::string error;
};

// Reads JISHIBAN_BENCH_TICKETS, or returns the default when it is unset.
// Throws std::invalid_argument naming the value.
std::int64_t ticket_count_setting() {
  const char* text = std::getenv("JISHIBAN_BENCH_TICKETS");
  if (text == nullptr || *text == '\0') {
    return kDefaultTickets;
  }
  std::int64_t value = 0;
  const char* end = text + std::strlen(text);
  const auto [last, error] = std::from_chars(text, end, value);
  if (error != std::errc() || last != end || value < kMinTickets || value > kMaxTickets) {
    throw std::invalid_argument("JISHIBAN_BENCH_TICKETS is \"" + std::string(text) + "\"; set it to a whole number from " +
                                std::to_string(kMinTickets) + " to " + std::to_string(kMaxTickets));
  }
  return value;
}

// Compares the schema version and the ticket counts of the database at `path`
// with the expected ones. Reads them with SQLite directly, so that an older
// schema is not migrated. Returns an empty string when they match, or else
// what differs.
std::string describe_mismatch(const std::string& path, std::int64_t tickets) {
  sqlite3* db = nullptr;
  std::string mismatch;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    mismatch = std::string("SQLite cannot open it: ") + sqlite3_errmsg(db);
    sqlite3_close(db);
    return mismatch;
  }
  const auto query = [&](const char* sql) -> std::optional<std::int64_t> {
    sqlite3_stmt* statement = nullptr;
    std::optional<std::int64_t> value;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
    return value;
  };
  const auto version = query("PRAGMA user_version");
  const auto stored = query("SELECT count(*) FROM tickets");
  const auto archived = query("SELECT count(*) FROM tickets WHERE state = 'archived'");
  sqlite3_close(db);

  const std::int64_t expected_archived = tickets - open_ticket_count(tickets);
  if (version != kSqliteSchemaVersion) {
    return "its schema version is " + (version ? std::to_string(*version) : std::string("unreadable")) +
           ", expected " + std::to_string(kSqliteSchemaVersion);
  }
  if (stored != tickets || archived != expected_archived) {
    return "it holds " + (stored ? std::to_string(*stored) : std::string("an unreadable number of")) +
           " tickets with " + (archived ? std::to_string(*archived) : std::string("an unreadable number")) +
           " archived, expected " + std::to_string(tickets) + " with " + std::to_string(expected_archived) +
           " archived";
  }
  return {};
}

void remove_database_files(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
}

// Copies every page of the write-ahead log into the database file and
// empties the log, with SQLite directly. Throws std::runtime_error.
void checkpoint(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  }
  const std::string message = rc == SQLITE_OK ? std::string() : sqlite3_errmsg(db);
  sqlite3_close(db);
  if (!message.empty()) {
    throw std::runtime_error("checkpointing " + path + " failed: " + message);
  }
}

// A ticket's next lifecycle step, due at `due`.
struct PendingStep {
  Instant due;
  Instant registered;
  std::int64_t index = 0;
  std::size_t step = 0;
  std::string ticket_id;

  // Earliest first, then by ticket, for std::priority_queue.
  friend bool operator>(const PendingStep& a, const PendingStep& b) {
    if (a.due != b.due) {
      return a.due > b.due;
    }
    return a.index > b.index;
  }
};

// Writes `tickets` tickets into a new database at `path`, as described at
// the top of this section.
void build_database(const std::string& path, std::int64_t tickets) {
  const Calendar calendar;
  const Instant first = at(1, 5, 0, 0);
  const std::int64_t span = (at(12, 18, 0, 0) - first).count();
  ManualClock clock(first);
  CallbackNotifier notifier([](const Notification&) {});
  SqliteStore store(path, options_with(Synchronous::normal));
  Engine engine(calendar, store, notifier, clock);

  std::priority_queue<PendingStep, std::vector<PendingStep>, std::greater<>> pending;
  std::optional<SqliteStore::Batch> batch;
  batch.emplace(store);
  std::size_t commands_in_batch = 0;
  std::int64_t registered = 0;
  const std::int64_t progress_every = std::max<std::int64_t>(1, tickets / 10);
  const Channel channels[] = {Channel::hotline, Channel::email, Channel::wechat};

  while (registered < tickets || !pending.empty()) {
    const Instant next_registration = first + seconds(registered * span / tickets);
    const bool registers = registered < tickets && (pending.empty() || next_registration <= pending.top().due);
    const Instant due = registers ? next_registration : pending.top().due;
    if (clock.now() < due) {
      clock.set(due);
      engine.poll();
    }

    if (registers) {
      const Channel channel = channels[registered % 3];
      std::string key;
      if (channel == Channel::email) {
        key = "<request." + std::to_string(registered) + "@mail.example.com>";
      }
      std::string id = engine.execute(register_command(channel, std::move(key))).id;
      if (last_step_of(registered) > 0) {
        pending.push(PendingStep{due + kStepDelays[1], due, registered, 1, std::move(id)});
      }
      ++registered;
      if (registered % progress_every == 0) {
        std::fprintf(stderr, "  registered %lld of %lld tickets\n", static_cast<long long>(registered),
                     static_cast<long long>(tickets));
      }
    } else {
      PendingStep step = pending.top();
      pending.pop();
      engine.execute(follow_up_command(step.step, step.ticket_id));
      if (step.step < last_step_of(step.index)) {
        ++step.step;
        step.due = step.registered + kStepDelays[step.step];
        pending.push(std::move(step));
      }
    }

    if (++commands_in_batch == kBuildBatchCommands) {
      batch->commit();
      batch.emplace(store);
      commands_in_batch = 0;
    }
  }
  batch->commit();
}

// Builds the large database, or checks and reuses the one at its path.
LargeDatabase prepare_large_database() {
  LargeDatabase database;
  try {
    database.tickets = ticket_count_setting();
    database.archived = database.tickets - open_ticket_count(database.tickets);
    const char* configured = std::getenv("JISHIBAN_BENCH_DB");
    const bool default_path = configured == nullptr || *configured == '\0';
    database.path = default_path ? std::string(JISHIBAN_BENCH_DB_FOLDER) + "/sqlite-bench-" +
                                       std::to_string(database.tickets) + ".db"
                                 : std::string(configured);

    if (std::filesystem::exists(database.path)) {
      const std::string mismatch = describe_mismatch(database.path, database.tickets);
      if (mismatch.empty()) {
        std::fprintf(stderr, "Using the database %s with %lld tickets.\n", database.path.c_str(),
                     static_cast<long long>(database.tickets));
        return database;
      }
      if (!default_path) {
        database.error = "JISHIBAN_BENCH_DB names " + database.path + ", but " + mismatch +
                         "; delete the file or name another path, and it is built anew";
        return database;
      }
      std::fprintf(stderr, "Replacing the database %s: %s.\n", database.path.c_str(), mismatch.c_str());
      remove_database_files(database.path);
    }

    // Built under another name and renamed when complete, so an interrupted
    // build never leaves a file at the path.
    const std::string partial = database.path + ".partial";
    remove_database_files(partial);
    std::fprintf(stderr, "Building the database %s with %lld tickets...\n", database.path.c_str(),
                 static_cast<long long>(database.tickets));
    const auto started = std::chrono::steady_clock::now();
    build_database(partial, database.tickets);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    checkpoint(partial);
    if (std::filesystem::exists(partial + "-wal")) {
      throw std::runtime_error("the write-ahead log " + partial +
                               "-wal still exists after the checkpoint; close any other program that has the "
                               "database open and run again");
    }
    std::filesystem::rename(partial, database.path);
    std::fprintf(stderr, "Built the database %s with %lld tickets in %.1f s.\n", database.path.c_str(),
                 static_cast<long long>(database.tickets), took.count());
  } catch (const std::exception& error) {
    database.error = std::string("preparing the large database failed: ") + error.what();
  }
  return database;
}

// The large database, prepared once per run of the program.
const LargeDatabase& large_database() {
  static const LargeDatabase database = prepare_large_database();
  return database;
}

// Returns the large database, or nullptr after reporting why it is unusable.
const LargeDatabase* large_database_or_skip(benchmark::State& state) {
  const LargeDatabase& database = large_database();
  if (!database.error.empty()) {
    state.SkipWithError(database.error.c_str());
    return nullptr;
  }
  state.counters["tickets"] = static_cast<double>(database.tickets);
  return &database;
}

SqliteOptions existing_file_options() {
  SqliteOptions options;
  options.create = false;
  return options;
}

// --- Reads of the large database ------------------------------------------------
// Each read benchmark repeats the same reads, so after the first iterations
// it runs on a warm operating-system page cache.

// Constructing a SqliteStore on the large database: the file checks, the
// schema version, WAL mode and PRAGMA synchronous. Closing the store is not
// timed.
void BM_SqliteOpen(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  try {
    for (auto _ : state) {
      auto store = std::make_unique<SqliteStore>(database->path, existing_file_options());
      benchmark::DoNotOptimize(store.get());
      state.PauseTiming();
      store.reset();
      state.ResumeTiming();
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_SqliteOpen)->UseRealTime()->Unit(benchmark::kMillisecond);

// open_engine on the large database, which a host waits for at start: the
// store opens, and the engine loads every open ticket to schedule its SLA
// events. Closing is not timed.
void BM_SqliteOpenEngine(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  try {
    const Calendar calendar;
    ManualClock clock(at(12, 31, 9, 0));
    CallbackNotifier notifier([](const Notification&) {});
    for (auto _ : state) {
      auto engine = open_engine(database->path, calendar, notifier, clock, {}, existing_file_options());
      benchmark::DoNotOptimize(engine.get());
      state.PauseTiming();
      engine.reset();
      state.ResumeTiming();
    }
    state.counters["open_tickets"] = static_cast<double>(database->tickets - database->archived);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_SqliteOpenEngine)->UseRealTime()->Unit(benchmark::kMillisecond);

// SqliteStore::load of one ticket, cycling through 4096 ticket numbers drawn
// with a fixed seed from all the tickets stored.
void BM_SqliteLoad(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  try {
    const SqliteStore store(database->path, existing_file_options());
    const std::string pattern = Policy::standard().ticket_number_pattern;
    std::mt19937_64 random(20260105);
    std::uniform_int_distribution<std::int64_t> sequence(1, database->tickets);
    std::vector<std::string> ids;
    for (int i = 0; i < 4096; ++i) {
      ids.push_back(format_ticket_number(pattern, 2026, sequence(random)));
    }

    std::size_t next = 0;
    for (auto _ : state) {
      const std::optional<Ticket> ticket = store.load(ids[next]);
      if (!ticket) {
        state.SkipWithError(("ticket " + ids[next] + " is missing from the large database").c_str());
        break;
      }
      benchmark::DoNotOptimize(ticket->state);
      next = (next + 1) % ids.size();
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_SqliteLoad)->UseRealTime()->Unit(benchmark::kMicrosecond);

// SqliteStore::nearest_due(100): the 100 open tickets whose running clocks
// fall due first.
void BM_SqliteNearestDue(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  try {
    const SqliteStore store(database->path, existing_file_options());
    for (auto _ : state) {
      const std::vector<std::string> ids = store.nearest_due(100);
      if (ids.size() != 100) {
        state.SkipWithError(
            ("nearest_due(100) returned " + std::to_string(ids.size()) + " tickets, expected 100").c_str());
        break;
      }
      benchmark::DoNotOptimize(ids.data());
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_SqliteNearestDue)->UseRealTime()->Unit(benchmark::kMicrosecond);

// build_report over every ticket of the large database: one scan of the
// tickets' snapshots, with the working time to each reply and dispatch on
// the calendar, judged at the last working instant of 2026.
void BM_Report(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  try {
    const Calendar calendar;
    const SqliteStore store(database->path, existing_file_options());
    ReportOptions options;
    options.from = at(1, 1, 0, 0);
    options.to = at(12, 31, 17, 0);
    std::size_t overdue = 0;
    for (auto _ : state) {
      const Report report = build_report(store, calendar, options);
      if (report.totals.received != database->tickets) {
        state.SkipWithError(("the report counts " + std::to_string(report.totals.received) +
                             " tickets received, expected " + std::to_string(database->tickets))
                                .c_str());
        break;
      }
      overdue = report.overdue.size();
      benchmark::DoNotOptimize(report.units.data());
    }
    state.counters["overdue"] = static_cast<double>(overdue);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}
BENCHMARK(BM_Report)->UseRealTime()->Unit(benchmark::kMillisecond);

// The database file's size after a full checkpoint, divided by the number of
// archived tickets. The file also contains the open tenth of the tickets and
// the outbox, so bytes_per_ticket divides by every ticket instead.
void BM_SqliteBytesPerArchivedTicket(benchmark::State& state) {
  const LargeDatabase* database = large_database_or_skip(state);
  if (database == nullptr) {
    return;
  }
  std::uintmax_t file_bytes = 0;
  try {
    for (auto _ : state) {
      checkpoint(database->path);
      file_bytes = std::filesystem::file_size(database->path);
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  state.counters["file_bytes"] = static_cast<double>(file_bytes);
  state.counters["bytes_per_archived_ticket"] =
      static_cast<double>(file_bytes) / static_cast<double>(database->archived);
  state.counters["bytes_per_ticket"] = static_cast<double>(file_bytes) / static_cast<double>(database->tickets);
}
BENCHMARK(BM_SqliteBytesPerArchivedTicket)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
