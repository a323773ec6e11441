// Replay of a stream of timestamped commands (see replay.hpp).
#include "jishiban/replay/replay.hpp"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <istream>
#include <optional>
#include <string>
#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>
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
    std::uint64_t length = 0;
    while (!result_.stopped && read_line(input, text, length)) {
      ++result_.lines;
      result_.bytes += length + 1;
      if (length > kMaxLineBytes) {
        report(ErrorCode::invalid_data,
               "the line has " + std::to_string(length) + " bytes, more than the " + std::to_string(kMaxLineBytes) +
                   " a line may have",
               "该行有 " + std::to_string(length) + " 字节，超过每行上限 " + std::to_string(kMaxLineBytes) + " 字节");
      } else {
        if (!text.empty() && text.back() == '\r') {
          text.pop_back();
        }
        if (text.find_first_not_of(" \t") != std::string::npos) {
          take(text);
        }
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

    const std::optional<Instant> final_poll =
        options_.until && (!result_.last_at || *options_.until >= *result_.last_at) ? options_.until : result_.last_at;
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
  // Reads one line into `text` and its length, without the newline, into
  // `length`. A line longer than kMaxLineBytes is skipped to its end
  // without being kept, so endless input without a newline takes no more
  // memory than one allowed line. Returns false at the end of the input.
  bool read_line(std::istream& input, std::string& text, std::uint64_t& length) {
    buffer_.resize(kMaxLineBytes + 2);
    input.getline(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    const auto kept = static_cast<std::uint64_t>(input.gcount());
    if (input.fail() && !input.bad() && kept == buffer_.size() - 1) {
      // The buffer filled before a newline: count and drop the rest.
      input.clear();
      length = kept;
      while (true) {
        input.ignore(static_cast<std::streamsize>(buffer_.size()), '\n');
        const auto ignored = static_cast<std::uint64_t>(input.gcount());
        if (ignored < buffer_.size() || input.eof()) {
          length += ignored;
          // ignore() counts the newline it extracted.
          if (ignored > 0 && !input.eof()) {
            length -= 1;
          }
          break;
        }
        length += ignored;
      }
      input.clear(input.rdstate() & ~std::ios::failbit);
      text.clear();
      return true;
    }
    if (kept == 0 && input.eof()) {
      return false;
    }
    if (input.fail() && !input.eof()) {
      return false;  // an empty read that is not a line: the stream failed
    }
    // gcount counts the newline that getline extracted.
    length = input.eof() ? kept : kept - 1;
    text.assign(buffer_.data(), static_cast<std::size_t>(length));
    input.clear(input.rdstate() & ~std::ios::failbit);
    return true;
  }

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
    line.command = read_command(reader.value("command"), source, "command", text);
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
      if (!line.command.payload.duplicate_of.empty()) {
        data_error(source, "duplicate_of_ref", "given together with command.payload.duplicate_of; name the ticket one way",
                   "与 command.payload.duplicate_of 同时给出；请只用一种方式指明工单");
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
    return found->second.ticket;
  }

  void apply(Line line) {
    begin();
    const bool registers = line.command.type == EventType::register_request;
    if (registers && !line.ref.empty() && tickets_.count(line.ref) != 0) {
      const std::string quoted = quote_for_message(line.ref);
      report(ErrorCode::invalid_data, "ref " + quoted + " is already registered by an earlier line",
             "ref " + quoted + " 已由前面的行登记");
      return;
    }

    // A key already used means the command was applied before, by an
    // earlier replay of this stream: skip it, and learn the ticket. A key
    // that an earlier line of this run used is a mistake in the stream.
    const std::string key = line.command.idempotency_key;
    std::string ticket_id;
    bool repeated = false;
    if (!key.empty()) {
      if (run_keys_.count(key) != 0) {
        const std::string quoted = quote_for_message(key);
        report(ErrorCode::conflict, "key " + quoted + " is used by an earlier line of the stream; give each line its own key",
               "幂等键 " + quoted + " 已被数据流中前面的行使用；每行应有自己的键");
        return;
      }
      if (auto owner = engine_.store().find_by_idempotency_key(key)) {
        const bool other_ticket =
            registers ? owners_.count(*owner) != 0 || engine_.store().idempotency_key_sequence(key) > 1
                      : *owner != line.command.ticket_id;
        if (other_ticket) {
          const std::string quoted = quote_for_message(key);
          report(ErrorCode::conflict, "key " + quoted + " was already used for ticket " + *owner + " of another request",
                 "幂等键 " + quoted + " 已用于另一件诉求的工单 " + *owner);
          return;
        }
        ticket_id = std::move(*owner);
        repeated = true;
      }
    }

    if (!repeated && !execute(line, ticket_id)) {
      return;
    }

    result_.last_at = line.at;
    (repeated ? result_.repeated : result_.applied) += 1;
    if (!key.empty()) {
      run_keys_.insert(key);
    }
    if (registers) {
      result_.registered += repeated ? 0 : 1;
      if (!line.ref.empty()) {
        owners_.insert(ticket_id);
        tickets_.emplace(std::move(line.ref), Request{std::move(ticket_id), {}});
      }
    }
    if (!line.ref.empty()) {
      const auto request = tickets_.find(line.ref);
      if (request != tickets_.end() && !key.empty()) {
        request->second.keys.push_back(key);
      }
      if (request != tickets_.end() && line.command.type == EventType::archive) {
        // Archived tickets take no more commands, so only open requests
        // stay in memory, which does not grow with the stream.
        for (const std::string& used : request->second.keys) {
          run_keys_.erase(used);
        }
        owners_.erase(request->second.ticket);
        tickets_.erase(request);
      }
    }
    if (++lines_in_batch_ >= options_.batch_lines) {
      commit();
    }
  }

  // Polls up to the line's instant and runs its command. Returns false for
  // a line reported as bad, which leaves nothing behind.
  bool execute(Line& line, std::string& ticket_id) {
    bool takes_command = true;
    if (line.command.type != EventType::register_request) {
      // A ticket changed after the line's instant is ahead of the stream:
      // an earlier replay rejected this line, and running it now would
      // apply it to a later state.
      if (const std::optional<Ticket> ticket = engine_.store().load(line.command.ticket_id)) {
        if (ticket->updated_at > line.at) {
          report(ErrorCode::invalid_transition,
                 "ticket " + ticket->id + " was changed at " + when(ticket->updated_at) +
                     ", after this line's instant " + when(line.at) + "; the line was rejected before",
                 "工单 " + ticket->id + " 已于 " + when(ticket->updated_at) + " 变更，晚于该行的时刻 " +
                     when(line.at) + "；该行此前已被拒绝");
          return false;
        }
      }
      // A command the ticket does not take now fails without polling, so a
      // line with a mistyped instant records no SLA event early.
      try {
        const std::vector<EventType> available =
            engine_.available_commands(line.command.actor, line.command.ticket_id);
        takes_command = std::find(available.begin(), available.end(), line.command.type) != available.end();
      } catch (const Error& error) {
        if (is_fatal(error.code())) {
          throw;
        }
        takes_command = false;
      }
    }

    if (takes_command) {
      poll(line.at);
    }
    clock_.set(line.at);
    try {
      ticket_id = engine_.execute(std::move(line.command)).id;
    } catch (const Error& error) {
      if (is_fatal(error.code())) {
        throw;
      }
      report(error.code(), error.message(Language::en), error.message(Language::zh_CN));
      return false;
    }
    return true;
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
  // The open requests of the stream by ref: their ticket and the keys their
  // lines used in this run.
  struct Request {
    std::string ticket;
    std::vector<std::string> keys;
  };
  std::unordered_map<std::string, Request> tickets_;
  std::unordered_set<std::string> owners_;    // the tickets in tickets_
  std::unordered_set<std::string> run_keys_;  // keys used in this run, of open requests and of lines without a ref
  std::vector<char> buffer_;
  ReplayResult result_;
};

}  // namespace

ReplayResult replay_stream(std::istream& input, std::string_view source, Engine& engine, ManualClock& clock,
                           const ReplayOptions& options) {
  Replayer replayer(source, engine, clock, options);
  return replayer.run(input);
}

void check_replay_source(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    return;
  }
  const std::string quoted = quote_for_message(path);
  if (S_ISDIR(status.st_mode)) {
    throw Error(ErrorCode::io_error, "cannot read the stream " + quoted + ": it is a directory; give a JSON lines file",
                "无法读取数据流 " + quoted + "：这是一个目录；请给出 JSON lines 文件");
  }
  if (!S_ISREG(status.st_mode) && !S_ISFIFO(status.st_mode)) {
    throw Error(ErrorCode::invalid_argument,
                "cannot replay " + quoted + ": it is a device, not a file or a pipe, and may never end; give a JSON "
                "lines file",
                "无法重放 " + quoted + "：它是设备而不是文件或管道，可能永不结束；请给出 JSON lines 文件");
  }
}

}  // namespace jishiban
