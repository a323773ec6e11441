// Creates the databases the command-line tests of backup, integrity and
// export read, through the engine and SqliteStore as a host would.
//
// Usage:
//   jishiban_cli_make_sample_db FOLDER
//     Deletes FOLDER, creates it again and writes into it:
//       sample.db            three tickets of 2026: PW2026000001 archived
//                            (10 events), PW2026000002 dispatched (3 events),
//                            PW2026000003 registered with an idempotency key
//       damaged-row.db       sample.db with the state row of PW2026000002
//                            naming another lead unit than its events
//       damaged-page.db      sample.db with the page of the index
//                            tickets_by_unit overwritten
//       truncated.db         the first 5000 bytes of sample.db
//       not-a-database.db    a text file
//       empty.db             an empty file
//       old-backup.db        a text file for a backup to replace
//   jishiban_cli_make_sample_db --register DATABASE COUNT
//     Registers COUNT tickets in DATABASE, creating it when missing, one
//     command and so one transaction each.
//
// Exits 0 on success and 1 with a message on stderr otherwise.
#include <sqlite3.h>

#include <jishiban/jishiban.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using jishiban::Actor;
using jishiban::Command;
using jishiban::EventType;
using jishiban::Role;

const std::string kLeadUnit = "区建设局";
const Actor kOfficer{"so1", "服务员甲", Role::service_officer, ""};
const Actor kOfficeLeader{"ol1", "主任", Role::office_leader, ""};
const Actor kUnitLeader{"ul1", "局长", Role::unit_leader, kLeadUnit};
const Actor kHandler{"h1", "经办人", Role::handler, kLeadUnit};
const Actor kReviewer{"rv1", "审核人", Role::reviewer, ""};

Command make_command(EventType type, const Actor& actor, const std::string& ticket_id) {
  Command command;
  command.type = type;
  command.actor = actor;
  command.ticket_id = ticket_id;
  return command;
}

Command register_command(const std::string& idempotency_key) {
  Command command = make_command(EventType::register_request, kOfficer, "");
  command.payload.channel = jishiban::Channel::email;
  command.payload.requester =
      jishiban::Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号", "13812345678", "pw123@163.com"};
  command.payload.content = "企业反映厂区周边道路照明不足。";
  command.idempotency_key = idempotency_key;
  return command;
}

// Runs `steps` commands of a consultation ticket after its registration,
// from draft up to archive (9 steps).
void advance(jishiban::Engine& engine, jishiban::ManualClock& clock, const std::string& id, int steps) {
  std::vector<Command> commands;

  Command draft = make_command(EventType::draft, kOfficer, id);
  draft.payload.category = jishiban::Category::consultation;
  draft.payload.lead_unit = kLeadUnit;
  commands.push_back(draft);

  commands.push_back(make_command(EventType::approve_dispatch, kOfficeLeader, id));

  Command claim = make_command(EventType::claim, kUnitLeader, id);
  claim.payload.handler_id = kHandler.id;
  claim.payload.handler_name = kHandler.name;
  commands.push_back(claim);

  commands.push_back(make_command(EventType::record_first_contact, kHandler, id));

  Command answer = make_command(EventType::answer_consultation, kHandler, id);
  answer.payload.text = "已答复企业：路灯维修已安排。";
  commands.push_back(answer);

  Command report = make_command(EventType::report_result, kHandler, id);
  report.payload.result = jishiban::ResultReport{"照明不足", "维修路灯", "已修复", {}};
  commands.push_back(report);

  commands.push_back(make_command(EventType::accept_result, kReviewer, id));

  Command visit = make_command(EventType::return_visit, kOfficer, id);
  visit.payload.satisfaction = jishiban::Satisfaction::satisfied;
  commands.push_back(visit);

  commands.push_back(make_command(EventType::archive, kOfficer, id));

  for (int step = 0; step < steps; ++step) {
    clock.advance(std::chrono::minutes(10));
    engine.execute(commands.at(static_cast<std::size_t>(step)));
  }
}

// A connection for changing a copy behind the library's back, as damage
// from outside would.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw std::runtime_error("cannot open " + path + ": " + message);
    }
  }
  ~RawDatabase() { sqlite3_close_v2(db_); }

  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw std::runtime_error("\"" + sql + "\" failed: " + message);
    }
  }

  std::int64_t integer(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK ||
        sqlite3_step(statement) != SQLITE_ROW) {
      const std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(statement);
      throw std::runtime_error("\"" + sql + "\" failed: " + message);
    }
    const std::int64_t value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

// With `deliver` false the notifier rejects everything, so the
// notifications stay in the database's outbox for `jishiban notify`.
void create_sample(const std::string& path, bool deliver = true) {
  const jishiban::Calendar calendar;
  // 2026-03-02T09:00+08:00, a Monday morning covered by the built-in calendar.
  jishiban::ManualClock clock(jishiban::parse_instant("2026-03-02T09:00", calendar.utc_offset()));
  jishiban::CallbackNotifier notifier([deliver](const jishiban::Notification&) {
    if (!deliver) {
      throw std::runtime_error("the receiver is down");
    }
  });
  const auto engine = jishiban::open_engine(path, calendar, notifier, clock);

  const std::string archived = engine->execute(register_command("")).id;
  advance(*engine, clock, archived, 9);
  const std::string dispatched = engine->execute(register_command("")).id;
  advance(*engine, clock, dispatched, 2);
  engine->execute(register_command("<20260302.4711@mail.example.com>"));
}

// Sets the lead unit of PW2026000002's state row to a unit its events never
// named. The row's snapshot still contains the old unit.
void damage_state_row(const std::string& path) {
  RawDatabase db(path);
  db.exec("UPDATE tickets SET lead_unit = '区交通局' WHERE id = 'PW2026000002'");
}

// Overwrites the root page of the index tickets_by_unit with 0xFF bytes,
// which no valid b-tree page starts with. The library reads tickets without
// that index, so only SQLite's own check finds the damage.
void damage_index_page(const std::string& path) {
  std::int64_t page = 0;
  std::int64_t page_size = 0;
  {
    RawDatabase db(path);
    page = db.integer("SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_by_unit'");
    page_size = db.integer("PRAGMA page_size");
  }  // closing the only connection checkpoints the log into the file

  std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
  file.seekp((page - 1) * page_size);
  file << std::string(static_cast<std::size_t>(page_size), '\xFF');
  if (!file) {
    throw std::runtime_error("cannot overwrite page " + std::to_string(page) + " of " + path);
  }
}

void truncate_copy(const fs::path& source, const fs::path& target, std::size_t bytes) {
  std::ifstream in(source, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(bytes));
  if (static_cast<std::size_t>(in.gcount()) != bytes) {
    throw std::runtime_error(source.string() + " is shorter than " + std::to_string(bytes) + " bytes");
  }
  write_text(target, head);
}

void make_samples(const fs::path& folder) {
  fs::remove_all(folder);
  fs::create_directories(folder);

  const std::string sample = (folder / "sample.db").string();
  create_sample(sample);
  create_sample((folder / "undelivered.db").string(), false);

  // Copies through the online backup, so each is a complete database file
  // without a write-ahead log beside it.
  {
    const jishiban::SqliteStore store(sample);
    store.backup((folder / "damaged-row.db").string());
    store.backup((folder / "damaged-page.db").string());
  }
  damage_state_row((folder / "damaged-row.db").string());
  damage_index_page((folder / "damaged-page.db").string());

  truncate_copy(sample, folder / "truncated.db", 5000);
  write_text(folder / "not-a-database.db", "ticket,state\nPW2026000001,archived\n");
  write_text(folder / "empty.db", "");
  write_text(folder / "old-backup.db", "an earlier backup that the next one replaces\n");
}

void register_tickets(const std::string& path, int count) {
  const jishiban::Calendar calendar;
  jishiban::ManualClock clock(jishiban::parse_instant("2026-03-02T09:00", calendar.utc_offset()));
  jishiban::CallbackNotifier notifier([](const jishiban::Notification&) {});
  const auto engine = jishiban::open_engine(path, calendar, notifier, clock);
  for (int i = 0; i < count; ++i) {
    clock.advance(std::chrono::seconds(1));
    engine->execute(register_command(""));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  try {
    if (arguments.size() == 1) {
      make_samples(arguments[0]);
      return 0;
    }
    if (arguments.size() == 3 && arguments[0] == "--register") {
      register_tickets(arguments[1], std::stoi(arguments[2]));
      return 0;
    }
    std::cerr << "usage: jishiban_cli_make_sample_db FOLDER\n"
                 "       jishiban_cli_make_sample_db --register DATABASE COUNT\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "jishiban_cli_make_sample_db: " << error.what() << '\n';
    return 1;
  }
}
