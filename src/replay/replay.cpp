// Replay of a stream of timestamped commands (see replay.hpp).
#include "jishiban/replay/replay.hpp"

#include <nlohmann/json.hpp>

#include <istream>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "detail/strict_json.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/iso8601.hpp"
#include "workflow/json_reader.hpp"

namespace jishiban {
namespace {

using json = nlohmann::json;

// A longer line is rejected before parsing, because a stream with a missing
// newline should not fill memory. Real commands are far shorter.
constexpr std::size_t kMaxLineBytes = 1024 * 1024;

// Errors that mean the store cannot write, so the replay stops. Every other
// error concerns the line.
bool is_fatal(ErrorCode code) { return code == ErrorCode::io_error || code == ErrorCode::busy; }

std::string when(Instant instant) { return format_instant(instant, UtcOffset::china()); }

// One parsed line: the command with its ticket resolved, or the ref that
// register_request names.
struct Line {
  Instant at;
  std::string ref;
  Command command;
};

class Replayer {
 public:
  Replayer(std::string_view source, Engine& engine, ManualClock& clock, const ReplayOptions& options)
      : source_(source), engine_(engine), clock_(clock), options_(options),
        sqlite_(dynamic_cast<SqliteStore*>(&engine.store())) {}

  ReplayResult run(std::istream& input) {
    std::string text;
    while (!result_.stopped && std::getline(input, text)) {
      ++result_.lines;
      result_.bytes += text.size() + 1;
      if (!text.empty() && text.back() == '\r') {
        text.pop_back();
      }
      if (text.find_first_not_of(" \t") != std::string::npos) {
        take(text);
      }
      if (options_.progress && options_.progress_every > 0 && result_.lines % options_.progress_every == 0) {
        options_.progress(result_);
      }
    }
    if (input.bad()) {
      throw Error(ErrorCode::io_error, "reading " + std::string(source_) + " failed after line " +
                                           std::to_string(result_.lines),
                  "读取 " + std::string(source_) + " 时在第 " + std::to_string(result_.lines) + " 行之后失败");
    }

    const std::optional<Instant> final_poll = options_.until ? options_.until : result_.last_at;
    if (final_poll && !result_.stopped) {
      poll(*final_poll);
    }
    commit();
    if (options_.progress) {
      options_.progress(result_);
    }
    return result_;
  }

 private:
  // "<source>:<line>", as compilers name places: the same in both
  // languages.
  std::string line_source() const { return std::string(source_) + ":" + std::to_string(result_.lines); }

  // Reports the current line. Messages that do not start with the line's
  // place get it in front.
  void report(ErrorCode code, std::string en, std::string zh) {
    ++result_.bad;
    const std::string place = line_source();
    if (en.compare(0, place.size(), place) != 0) {
      en = place + ": " + en;
      zh = place + "：" + zh;
    }
    if (options_.bad_line) {
      options_.bad_line(BadLine{result_.lines, code, std::move(en), std::move(zh)});
    }
    if (options_.strict) {
      result_.stopped = true;
    }
  }

  void take(const std::string& text) {
    if (text.size() > kMaxLineBytes) {
      report(ErrorCode::invalid_data,
             "the line has " + std::to_string(text.size()) + " bytes, more than the " +
                 std::to_string(kMaxLineBytes) + " a line may have",
             "该行有 " + std::to_string(text.size()) + " 字节，超过每行上限 " + std::to_string(kMaxLineBytes) +
                 " 字节");
      return;
    }
    std::optional<Line> line;
    try {
      line = parse(text);
    } catch (const Error& error) {
      report(error.code(), error.message(Language::en), error.message(Language::zh_CN));
      return;
    }
    if (line) {
      apply(std::move(*line));
    }
  }

  // Reads the line's fields and resolves its refs. Returns std::nullopt for
  // a line already reported.
  std::optional<Line> parse(const std::string& text) {
    using namespace json_reader;
    const std::string source = line_source();
    const json document = detail::parse_strict_json(text, source);
    const ObjectReader reader(document, "", {"at", "key", "ref", "duplicate_of_ref", "command"}, source,
                              Keys::optional);
    if (!reader.has("at") || !reader.has("command")) {
      const char* missing = reader.has("at") ? "command" : "at";
      data_error(source, missing, "missing; every line needs \"at\" and \"command\"",
                 "缺少此键；每行都需要 \"at\" 和 \"command\"");
    }

    Line line;
    line.at = reader.instant("at");
    line.command = read_command(reader.value("command"), source, "command");
    line.ref = reader.string("ref");
    const std::string key = reader.string("key");
    const std::string duplicate_of = reader.string("duplicate_of_ref");

    if (!key.empty()) {
      if (!line.command.idempotency_key.empty() && line.command.idempotency_key != key) {
        data_error(source, "key", "differs from command.idempotency_key; give the key once",
                   "与 command.idempotency_key 不同；幂等键只需给出一次");
      }
      line.command.idempotency_key = key;
    }

    if (result_.last_at && line.at < *result_.last_at) {
      report(ErrorCode::invalid_data,
             "at " + when(line.at) + " is earlier than the line before (" + when(*result_.last_at) +
                 "); a stream must be in time order",
             "at " + when(line.at) + " 早于上一行（" + when(*result_.last_at) + "）；数据流必须按时间排序");
      return std::nullopt;
    }

    const bool registers = line.command.type == EventType::register_request;
    if (!line.ref.empty() && !registers) {
      if (!line.command.ticket_id.empty()) {
        data_error(source, "ref", "given together with command.ticket; name the ticket one way",
                   "与 command.ticket 同时给出；请只用一种方式指明工单");
      }
      line.command.ticket_id = ticket_of(line.ref, source, "ref");
    }
    if (!duplicate_of.empty()) {
      if (line.command.type != EventType::merge_duplicate) {
        data_error(source, "duplicate_of_ref", "belongs only to merge_duplicate", "只能用于 merge_duplicate");
      }
      line.command.payload.duplicate_of = ticket_of(duplicate_of, source, "duplicate_of_ref");
    }
    return line;
  }

  const std::string& ticket_of(const std::string& ref, const std::string& source, const char* entry) const {
    const auto found = tickets_.find(ref);
    if (found == tickets_.end()) {
      const std::string quoted = quote_for_message(ref);
      detail::data_error(source, entry,
                         "no request " + quoted + " is open in the stream: no earlier register_request line "
                         "names it, it was rejected, or its ticket is archived",
                         "数据流中没有未归档的诉求 " + quoted + "：前面没有登记它的 register_request 行、该行被拒绝，"
                         "或其工单已归档");
    }
    return found->second;
  }

  void apply(Line line) {
    result_.last_at = line.at;
    poll(line.at);
    clock_.set(line.at);
    begin();

    const bool registers = line.command.type == EventType::register_request;
    if (registers && !line.ref.empty() && tickets_.count(line.ref) != 0) {
      const std::string quoted = quote_for_message(line.ref);
      report(ErrorCode::invalid_data, "ref " + quoted + " is already registered by an earlier line",
             "ref " + quoted + " 已由前面的行登记");
      return;
    }

    // A key already used means the command was applied before, by this
    // stream or an earlier replay of it: skip it, and learn the ticket.
    std::string ticket_id;
    bool repeated = false;
    if (!line.command.idempotency_key.empty()) {
      if (auto owner = engine_.store().find_by_idempotency_key(line.command.idempotency_key)) {
        if (!registers && *owner != line.command.ticket_id) {
          const std::string quoted = quote_for_message(line.command.idempotency_key);
          report(ErrorCode::conflict,
                 "key " + quoted + " was already used for ticket " + *owner + ", not " + line.command.ticket_id,
                 "幂等键 " + quoted + " 已用于工单 " + *owner + "，而不是 " + line.command.ticket_id);
          return;
        }
        ticket_id = std::move(*owner);
        repeated = true;
      }
    }

    if (!repeated) {
      try {
        ticket_id = engine_.execute(std::move(line.command)).id;
      } catch (const Error& error) {
        if (is_fatal(error.code())) {
          throw;
        }
        report(error.code(), error.message(Language::en), error.message(Language::zh_CN));
        return;
      }
    }

    (repeated ? result_.repeated : result_.applied) += 1;
    if (registers) {
      result_.registered += repeated ? 0 : 1;
      if (!line.ref.empty()) {
        tickets_.emplace(std::move(line.ref), std::move(ticket_id));
      }
    } else if (line.command.type == EventType::archive && !line.ref.empty()) {
      // Archived tickets take no more commands, so the map contains open
      // requests only and memory does not grow with the stream.
      tickets_.erase(line.ref);
    }
    if (++lines_in_batch_ >= options_.batch_lines) {
      commit();
    }
  }

  void poll(Instant now) {
    const std::optional<Instant> wakeup = engine_.next_wakeup();
    if (wakeup && *wakeup <= now) {
      begin();
      clock_.set(now);
      result_.sla_events += engine_.poll(now).size();
    }
  }

  void begin() {
    if (sqlite_ != nullptr && options_.batch_lines > 1 && !batch_) {
      batch_.emplace(*sqlite_);
      lines_in_batch_ = 0;
    }
  }

  void commit() {
    if (batch_) {
      batch_->commit();
      batch_.reset();
    }
    lines_in_batch_ = 0;
  }

  std::string_view source_;
  Engine& engine_;
  ManualClock& clock_;
  const ReplayOptions& options_;
  SqliteStore* sqlite_;
  std::optional<SqliteStore::Batch> batch_;
  std::size_t lines_in_batch_ = 0;
  std::unordered_map<std::string, std::string> tickets_;
  ReplayResult result_;
};

}  // namespace

ReplayResult replay_stream(std::istream& input, std::string_view source, Engine& engine, ManualClock& clock,
                           const ReplayOptions& options) {
  Replayer replayer(source, engine, clock, options);
  return replayer.run(input);
}

}  // namespace jishiban
