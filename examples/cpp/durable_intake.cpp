// Keeps requests in a SQLite database. The example registers an e-mail
// request with its Message-ID as the idempotency key, and registers it again
// as a retrying mail client would. It then opens the database anew, as a
// restarted process would, checks its integrity and takes an online backup.
//
// Usage: jishiban_example_durable_intake [FOLDER]
// Writes requests.db and requests-backup.db into FOLDER (default: the
// current folder), replacing them.
#include <jishiban/jishiban.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

jishiban::Command email_request(const std::string& message_id) {
  jishiban::Command c;
  c.type = jishiban::EventType::register_request;
  c.actor = jishiban::Actor{"so1", "服务员甲", jishiban::Role::service_officer, ""};
  c.payload.channel = jishiban::Channel::email;
  c.payload.requester =
      jishiban::Requester{"王丽", "大连普湾新材料有限公司", "大连市金州区石河街道88号", "13912345678", "wl@example.com"};
  c.payload.content = "咨询新建厂房规划许可所需材料和办理时限。";
  c.idempotency_key = message_id;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string folder = argc > 1 ? argv[1] : ".";
  const std::string path = folder + "/requests.db";
  const std::string backup_path = folder + "/requests-backup.db";
  for (const std::string& old : {path, path + "-wal", path + "-shm", backup_path}) {
    std::remove(old.c_str());
  }

  const jishiban::Calendar calendar;
  const jishiban::UtcOffset zone = calendar.utc_offset();
  jishiban::ManualClock clock(jishiban::parse_instant("2026-09-30T16:50", zone));
  jishiban::CallbackNotifier notifier([](const jishiban::Notification& n) {
    std::cout << "  notify " << jishiban::to_string(n.recipient_role) << ": " << n.message_en << "\n";
  });

  try {
    std::string first_id;
    {
      // Naming only a database path gives an engine on its own SQLite store.
      const auto engine = jishiban::open_engine(path, calendar, notifier, clock);
      const jishiban::Ticket first = engine->execute(email_request("<20260930165012.4711@mail.example.com>"));
      first_id = first.id;
      std::cout << "registered " << first.id << ", dispatch due "
                << jishiban::format_instant(first.dispatch_clock->due, zone) << "\n";

      // The mail client delivers the same message again.
      clock.advance(std::chrono::minutes(1));
      const jishiban::Ticket again = engine->execute(email_request("<20260930165012.4711@mail.example.com>"));
      std::cout << "same Message-ID again: " << again.id << (again.id == first.id ? " (no new ticket)" : " (a second ticket)")
                << "\n";
    }

    // A new process would do the same: open the file and carry on.
    jishiban::SqliteStore store(path);
    std::cout << "after reopening: " << store.size() << " ticket, next number "
              << jishiban::format_ticket_number(jishiban::Policy::standard().ticket_number_pattern, 2026,
                                                store.next_sequence(2026))
              << "\n";
    const jishiban::IntegrityReport report = store.check_integrity();
    std::cout << "integrity: " << (report.ok() ? "ok" : "PROBLEMS") << " (" << report.tickets_checked
              << " tickets, " << report.events_checked << " events)\n";

    store.backup(backup_path);
    const jishiban::SqliteStore copy(backup_path);
    std::cout << "backup holds " << first_id << ": " << (copy.load(first_id) ? "yes" : "no") << "\n";
  } catch (const jishiban::Error& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return 0;
}
