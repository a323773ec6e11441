// Embeds the engine in a host with its own notifier: an SMS sender that
// picks each recipient's language, cuts messages to the length of one SMS
// (70 characters in Chinese, 160 in English), and whose gateway fails now and
// then. The engine keeps
// notifications in the SQLite outbox (deliver_notifications = false), and
// the host delivers them with deliver_pending: a failed send stays in the
// outbox and is offered again after the retry delay, so nothing is lost.
//
// Usage: jishiban_example_custom_notifier [DIRECTORY] [--lang zh|en]
// The database is written to DIRECTORY (default: the current directory).
#include <jishiban/jishiban.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using jishiban::Actor;
using jishiban::Command;
using jishiban::EventType;
using jishiban::Language;
using jishiban::Role;

// The first `limit` code points of UTF-8 `text`, with "…" when cut.
std::string first_characters(std::string_view text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_character && characters++ == limit) {
      return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

// Sends each notification as an SMS to the phone of its recipient. Office
// roles read English in this host, units Chinese. The gateway refuses every
// third message, as a busy gateway might; the notifier throws, and
// deliver_pending records the failure for a later retry.
class SmsNotifier final : public jishiban::Notifier {
 public:
  explicit SmsNotifier(std::map<std::string, std::string> phones) : phones_(std::move(phones)) {}

  void notify(const jishiban::Notification& n) override {
    const bool unit_role = n.recipient_role == Role::unit_leader || n.recipient_role == Role::handler;
    const std::string key = std::string(jishiban::to_string(n.recipient_role)) + "/" + n.recipient_unit;
    const auto phone = phones_.find(key);
    if (phone == phones_.end()) {
      throw jishiban::Error(jishiban::ErrorCode::not_found, "no phone number for " + key,
                            "没有 " + key + " 的电话号码");
    }
    if (++attempts_ % 3 == 0) {
      throw jishiban::Error(jishiban::ErrorCode::busy, "the SMS gateway is busy", "短信网关繁忙");
    }
    sent.push_back(phone->second + "  " +
                   (unit_role ? first_characters(n.message_zh, 70) : first_characters(n.message_en, 160)));
  }

  std::vector<std::string> sent;

 private:
  std::map<std::string, std::string> phones_;
  int attempts_ = 0;
};

Command command(EventType type, const std::string& ticket_id, const Actor& actor) {
  Command c;
  c.type = type;
  c.ticket_id = ticket_id;
  c.actor = actor;
  return c;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string directory = ".";
  Language language = jishiban::language_from_environment();
  const auto usage = [&] {
    return language == Language::zh_CN
               ? "用法：jishiban_example_custom_notifier [目录] [--lang zh|en]\n"
                 "在目录（默认为当前目录）中写入 custom_notifier.db。\n"
               : "usage: jishiban_example_custom_notifier [DIRECTORY] [--lang zh|en]\n"
                 "Writes custom_notifier.db into DIRECTORY (default: the current directory).\n";
  };
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::cout << usage();
      return 0;
    }
    if (argument == "--lang") {
      const std::string value = i + 1 < argc ? argv[++i] : "";
      if (value != "zh" && value != "en") {
        std::cerr << (language == Language::zh_CN ? "--lang 只接受 zh 或 en，而不是 \"" : "--lang takes zh or en, not \"")
                  << value << "\"\n"
                  << usage();
        return 2;
      }
      language = value == "zh" ? Language::zh_CN : Language::en;
    } else if (argument.rfind("-", 0) == 0) {
      std::cerr << (language == Language::zh_CN ? "未知的选项 \"" : "unknown option \"") << argument << "\"\n"
                << usage();
      return 2;
    } else {
      directory = argument;
    }
  }
  const bool zh = language == Language::zh_CN;

  const std::string path = directory + "/custom_notifier.db";
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());

  const jishiban::Calendar calendar;
  const auto at = [&](const char* text) { return jishiban::parse_instant(text, calendar.utc_offset()); };
  jishiban::ManualClock clock(at("2026-04-30T16:40"));
  SmsNotifier sms({{"unit_leader/投资促进局", "139-0411-0001"},
                   {"service_officer/", "139-0411-0002"},
                   {"office_supervisor/", "139-0411-0003"},
                   {"office_leader/", "139-0411-0004"}});

  // The engine only writes notifications to the outbox; the host delivers.
  jishiban::EngineOptions options;
  options.deliver_notifications = false;
  jishiban::SqliteStore store(path);
  jishiban::Engine engine(calendar, store, sms, clock, options);

  const Actor officer{"s01", "王芳", Role::service_officer, ""};
  const Actor office_leader{"l01", "李强", Role::office_leader, ""};

  Command request = command(EventType::register_request, "", officer);
  request.payload.channel = jishiban::Channel::hotline;
  request.payload.requester = jishiban::Requester{"张三丰", "大连普湾建设有限公司", "", "13812345678", ""};
  request.payload.content = "厂房消防验收需要哪些材料？";
  const std::string id = engine.execute(request).id;

  Command draft = command(EventType::draft, id, officer);
  draft.payload.category = jishiban::Category::consultation;
  draft.payload.lead_unit = "投资促进局";
  engine.execute(draft);

  // Dispatched at 16:45 on the eve of the May Day holiday (May 1-5): the
  // one-day consultation reply falls due after it.
  clock.set(at("2026-04-30T16:45"));
  const jishiban::Ticket dispatched = engine.execute(command(EventType::approve_dispatch, id, office_leader));
  std::cout << (zh ? "工单 " : "ticket ") << id << (zh ? "，答复时限 " : ", reply due ")
            << jishiban::format_instant(dispatched.handling_clock->due, calendar.utc_offset()) << "\n";

  // Polling past the warning point records an SLA warning (to the
  // supervisor) and a claim reminder (to the unit leader).
  clock.set(dispatched.handling_clock->warning_at);
  engine.poll();

  const auto deliver = [&](const char* label_en, const char* label_zh) {
    const jishiban::DeliveryResult result = jishiban::deliver_pending(store, sms, clock.now());
    std::cout << (zh ? label_zh : label_en) << (zh ? "：送达 " : ": delivered ") << result.delivered
              << (zh ? "，失败 " : ", failed ") << result.failed << (zh ? "，待投递 " : ", waiting ")
              << store.undelivered_notifications() << "\n";
  };
  deliver("first round", "第一轮");

  // Nothing is due again until the retry delay has passed.
  deliver("at once", "立即重试");
  clock.advance(jishiban::retry_delay(1));
  deliver("after the retry delay", "重试间隔之后");

  for (const std::string& line : sms.sent) {
    std::cout << "  SMS " << line << "\n";
  }
  return store.undelivered_notifications() == 0 ? 0 : 1;
} catch (const jishiban::Error& error) {
  std::cerr << "custom_notifier: " << error.message(jishiban::language_from_environment()) << "\n";
  return 1;
} catch (const std::exception& error) {
  std::cerr << "custom_notifier: " << error.what() << "\n";
  return 1;
}
