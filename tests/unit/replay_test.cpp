// Replay of command streams into a SQLite database: polling as time
// advances, bad lines, --strict, and applying nothing twice when a stream
// is replayed again or after an interruption.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "jishiban/replay/replay.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/command_json.hpp"
#include "jishiban/workflow/delivery.hpp"
#include "temp_dir.hpp"
#include "test_support.hpp"

namespace {

using namespace jishiban;
using jishiban_test::china_instant;
using jishiban_test::TempDir;
using testing::HasSubstr;

const Actor kOfficer{"so1", "服务员甲", Role::service_officer, ""};
const Actor kOfficeLeader{"ol1", "主任", Role::office_leader, ""};
const Actor kUnitLeader{"ul1", "局长", Role::unit_leader, "区建设局"};
const Actor kHandler{"h1", "经办人", Role::handler, "区建设局"};
const Actor kReviewer{"rv1", "审核人", Role::reviewer, ""};

struct StreamLine {
  Instant at;
  std::string text;
};

Command make(EventType type, const Actor& actor) {
  Command command;
  command.type = type;
  command.actor = actor;
  return command;
}

std::string line_json(Instant at, const std::string& key, const std::string& ref, const Command& command) {
  nlohmann::ordered_json line;
  line["at"] = format_instant(at, UtcOffset::china());
  line["key"] = key;
  line["ref"] = ref;
  line["command"] = nlohmann::ordered_json::parse(to_json(command));
  return line.dump();
}

// The lines of one consultation request from registration to archive,
// starting at `start` and `gap_minutes` apart. With `late`, the reply comes
// three days after the claim, past the one-day limit.
std::vector<StreamLine> request_lines(int index, Instant start, int gap_minutes, bool late) {
  const std::string ref = "R" + std::to_string(index);
  std::vector<Command> steps;

  Command registration = make(EventType::register_request, kOfficer);
  registration.payload.channel = Channel::hotline;
  registration.payload.requester = Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号",
                                             "13812345678", "pw123@163.com"};
  registration.payload.content = "企业反映厂区周边道路照明不足。";
  steps.push_back(registration);

  Command draft = make(EventType::draft, kOfficer);
  draft.payload.category = Category::consultation;
  draft.payload.lead_unit = "区建设局";
  steps.push_back(draft);
  steps.push_back(make(EventType::approve_dispatch, kOfficeLeader));
  Command claim = make(EventType::claim, kUnitLeader);
  claim.payload.handler_id = kHandler.id;
  claim.payload.handler_name = kHandler.name;
  steps.push_back(claim);
  steps.push_back(make(EventType::record_first_contact, kHandler));
  Command answer = make(EventType::answer_consultation, kHandler);
  answer.payload.text = "已答复企业：路灯维修已安排。";
  steps.push_back(answer);
  Command report = make(EventType::report_result, kHandler);
  report.payload.result = ResultReport{"照明不足", "维修路灯", "已修复", {}};
  steps.push_back(report);
  steps.push_back(make(EventType::accept_result, kReviewer));
  Command visit = make(EventType::return_visit, kOfficer);
  visit.payload.satisfaction = Satisfaction::satisfied;
  steps.push_back(visit);
  steps.push_back(make(EventType::archive, kOfficer));

  std::vector<StreamLine> lines;
  Instant at = start;
  for (std::size_t step = 0; step < steps.size(); ++step) {
    if (late && steps[step].type == EventType::answer_consultation) {
      at = at + std::chrono::hours(72);
    }
    lines.push_back({at, line_json(at, ref + "-" + std::to_string(step), ref, steps[step])});
    at = at + std::chrono::minutes(gap_minutes);
  }
  return lines;
}

// Ten interleaved requests in time order. Every third one is replied to late.
std::string sample_stream() {
  std::vector<StreamLine> lines;
  for (int index = 0; index < 10; ++index) {
    const Instant start = china_instant(2026, 3, 2, 9, 0, 0) + std::chrono::minutes(7 * index);
    const std::vector<StreamLine> request = request_lines(index, start, 11, index % 3 == 0);
    lines.insert(lines.end(), request.begin(), request.end());
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const StreamLine& a, const StreamLine& b) { return a.at < b.at; });
  std::string text;
  for (const StreamLine& line : lines) {
    text += line.text + "\n";
  }
  return text;
}

SqliteOptions fast() {
  SqliteOptions options;
  options.synchronous = Synchronous::off;
  return options;
}

struct Replay {
  ReplayResult result;
  std::vector<BadLine> bad;
};

// Replays `stream` into the database at `path` with a fresh engine, as a
// new run of `jishiban replay` would.
Replay replay(const std::string& path, const std::string& stream, ReplayOptions options = {}) {
  CallbackNotifier notifier([](const Notification&) {});
  ManualClock clock(Instant::from_unix_seconds(0));
  EngineOptions engine_options;
  engine_options.deliver_notifications = false;
  CalendarOptions calendar_options;
  calendar_options.coverage = CoveragePolicy::provisional;
  const auto engine = open_engine(path, Calendar(calendar_options), notifier, clock, engine_options, fast());

  Replay run;
  options.bad_line = [&run](const BadLine& bad) { run.bad.push_back(bad); };
  std::istringstream input(stream);
  run.result = replay_stream(input, "stream.jsonl", *engine, clock, options);
  return run;
}

// Every row of the tables a replay writes, in a fixed order, as text.
std::string database_content(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(SQLITE_OK, sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr));
  std::string content;
  for (const char* query :
       {"SELECT * FROM events ORDER BY ticket_id, sequence", "SELECT * FROM tickets ORDER BY id",
        "SELECT * FROM ticket_numbers ORDER BY year", "SELECT * FROM idempotency_keys ORDER BY key",
        "SELECT * FROM outbox ORDER BY id"}) {
    content += std::string(query) + "\n";
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(SQLITE_OK, sqlite3_prepare_v2(db, query, -1, &statement, nullptr)) << sqlite3_errmsg(db);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int column = 0; column < sqlite3_column_count(statement); ++column) {
        const void* bytes = sqlite3_column_blob(statement, column);
        const int size = sqlite3_column_bytes(statement, column);
        content += std::to_string(sqlite3_column_type(statement, column)) + ":";
        content += bytes != nullptr ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size)) : "";
        content += "|";
      }
      content += "\n";
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return content;
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// The stream with `line` (1-based) replaced.
std::string with_line(const std::string& stream, std::size_t line, const std::string& replacement) {
  std::istringstream input(stream);
  std::string text;
  std::string result;
  for (std::size_t number = 1; std::getline(input, text); ++number) {
    result += (number == line ? replacement : text) + "\n";
  }
  return result;
}

// --- Applying ------------------------------------------------------------------

TEST(Replay, RecordsSlaEventsWhenDue) {
  TempDir dir;
  const std::string stream = sample_stream();
  const Replay run = replay(dir.file("t.db"), stream);

  EXPECT_TRUE(run.bad.empty()) << (run.bad.empty() ? "" : run.bad.front().message_en);
  EXPECT_EQ(count_lines(stream), run.result.lines);
  EXPECT_EQ(100U, run.result.applied);
  EXPECT_EQ(10U, run.result.registered);
  EXPECT_GT(run.result.sla_events, 0U);

  SqliteStore store(dir.file("t.db"), fast());
  const std::vector<Event> late = store.history("PW2026000001");
  const auto breach = std::find_if(late.begin(), late.end(), [](const Event& e) {
    return e.type == EventType::sla_breach && e.computed.handling_clock.has_value();
  });
  ASSERT_NE(late.end(), breach);
  // Claimed on Monday 2026-03-02 morning: one working day, due Tuesday 17:00.
  EXPECT_EQ(china_instant(2026, 3, 3, 17, 0, 0), breach->at);
  EXPECT_EQ(EventType::archive, late.back().type);
  EXPECT_EQ(TicketState::archived, store.load("PW2026000002")->state);
}

TEST(Replay, ReplayingTwiceGivesTheSameDatabaseAsOnce) {
  TempDir dir;
  const std::string stream = sample_stream();
  replay(dir.file("once.db"), stream);
  replay(dir.file("twice.db"), stream);
  const Replay second = replay(dir.file("twice.db"), stream);

  EXPECT_EQ(0U, second.result.applied);
  EXPECT_EQ(100U, second.result.repeated);
  EXPECT_EQ(0U, second.result.sla_events);
  EXPECT_TRUE(database_content(dir.file("once.db")) == database_content(dir.file("twice.db")));
}

TEST(Replay, ResumingAfterAnInterruptionGivesTheSameDatabase) {
  TempDir dir;
  const std::string stream = sample_stream();
  replay(dir.file("once.db"), stream);

  // The first 37 lines, then the whole stream, as after a crash.
  std::istringstream input(stream);
  std::string head;
  std::string text;
  for (int line = 0; line < 37 && std::getline(input, text); ++line) {
    head += text + "\n";
  }
  replay(dir.file("resumed.db"), head);
  const Replay rest = replay(dir.file("resumed.db"), stream);

  EXPECT_EQ(37U, rest.result.repeated);
  EXPECT_TRUE(database_content(dir.file("once.db")) == database_content(dir.file("resumed.db")));
}

TEST(Replay, BatchSizeDoesNotChangeTheResult) {
  TempDir dir;
  const std::string stream = sample_stream();
  ReplayOptions single;
  single.batch_lines = 1;
  ReplayOptions large;
  large.batch_lines = 100000;
  replay(dir.file("single.db"), stream, single);
  replay(dir.file("large.db"), stream, large);
  EXPECT_TRUE(database_content(dir.file("single.db")) == database_content(dir.file("large.db")));
}

TEST(Replay, PollsUntilTheInstantGiven) {
  TempDir dir;
  // One request registered and never drafted: its 60-minute dispatch clock
  // breaches on the day.
  const std::string stream = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false).front().text + "\n";
  ReplayOptions options;
  options.until = china_instant(2026, 3, 6, 17, 0, 0);
  const Replay run = replay(dir.file("t.db"), stream, options);

  EXPECT_EQ(2U, run.result.sla_events);  // warning and breach
  SqliteStore store(dir.file("t.db"), fast());
  EXPECT_EQ(EventType::sla_breach, store.history("PW2026000001").back().type);
}

// --- Bad lines ---------------------------------------------------------------

TEST(Replay, ReportsBadLinesAndContinues) {
  TempDir dir;
  std::string stream = sample_stream();
  stream = with_line(stream, 3, "not json");
  stream = with_line(stream, 5, R"({"at":"2026-03-02T09:30:00+08:00","command":{"type":"urge"}})");
  const Replay run = replay(dir.file("t.db"), stream);

  ASSERT_GE(run.bad.size(), 2U);
  EXPECT_EQ(3U, run.bad[0].line);
  EXPECT_THAT(run.bad[0].message_en, HasSubstr("stream.jsonl:3"));
  EXPECT_EQ(ErrorCode::invalid_data, run.bad[0].code);
  EXPECT_EQ(5U, run.bad[1].line);
  EXPECT_THAT(run.bad[1].message_en, HasSubstr("actor"));
  EXPECT_THAT(run.bad[1].message_zh, HasSubstr("stream.jsonl:5："));
  EXPECT_EQ(run.bad.size(), run.result.bad);
  EXPECT_GT(run.result.applied, 80U);
}

TEST(Replay, StrictStopsAtFirstBadLine) {
  TempDir dir;
  const std::string stream = with_line(sample_stream(), 12, "{}");
  ReplayOptions options;
  options.strict = true;
  const Replay run = replay(dir.file("t.db"), stream, options);

  EXPECT_TRUE(run.result.stopped);
  EXPECT_EQ(12U, run.result.lines);
  EXPECT_EQ(11U, run.result.applied);
  ASSERT_EQ(1U, run.bad.size());
  EXPECT_THAT(run.bad[0].message_en, HasSubstr("\"at\""));

  SqliteStore store(dir.file("t.db"), fast());
  std::size_t commands = 0;
  for (const std::string& id : store.open_tickets()) {
    for (const Event& event : store.history(id)) {
      commands += is_command(event.type) ? 1 : 0;
    }
  }
  EXPECT_EQ(11U, commands);
}

TEST(Replay, RejectsLinesOutOfTimeOrder) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const std::string earlier = line_json(china_instant(2026, 3, 1, 9, 0, 0), "x", "R0", make(EventType::urge, kOfficer));
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + earlier + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(2U, run.bad[0].line);
  EXPECT_THAT(run.bad[0].message_en, HasSubstr("time order"));
}

TEST(Replay, EngineRejectionIsABadLineThatWritesNothing) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  // archive on a registered ticket: the state does not allow it.
  const std::string archive = line_json(china_instant(2026, 3, 2, 9, 30, 0), "a", "R0", make(EventType::archive, kOfficer));
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + archive + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(ErrorCode::invalid_transition, run.bad[0].code);
  SqliteStore store(dir.file("t.db"), fast());
  EXPECT_EQ(TicketState::registered, store.load("PW2026000001")->state);
  EXPECT_NE(EventType::archive, store.history("PW2026000001").back().type);
  EXPECT_FALSE(store.find_by_idempotency_key("a").has_value());
}

TEST(Replay, RejectsUnknownAndRepeatedRefs) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  std::string again = lines[0].text;
  again.replace(again.find("\"R0-0\""), 6, "\"R0-9\"");
  const std::string unknown = line_json(china_instant(2026, 3, 2, 9, 40, 0), "u", "R77", make(EventType::urge, kOfficer));
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + again + "\n" + unknown + "\n");

  ASSERT_EQ(2U, run.bad.size());
  EXPECT_THAT(run.bad[0].message_en, HasSubstr("already registered"));
  EXPECT_THAT(run.bad[1].message_en, HasSubstr("R77"));
  EXPECT_EQ(1U, run.result.registered);
}

TEST(Replay, KeyOfAnotherTicketIsAConflict) {
  TempDir dir;
  const std::vector<StreamLine> first = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const std::vector<StreamLine> second = request_lines(1, china_instant(2026, 3, 2, 9, 1, 0), 5, false);
  // R1's draft reuses R0's registration key.
  std::string draft = second[1].text;
  draft.replace(draft.find("\"R1-1\""), 6, "\"R0-0\"");
  const Replay run = replay(dir.file("t.db"), first[0].text + "\n" + second[0].text + "\n" + draft + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(ErrorCode::conflict, run.bad[0].code);
}

TEST(Replay, SkipsBlankLinesAndAcceptsCarriageReturns) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const Replay run = replay(dir.file("t.db"), "\n  \n" + lines[0].text + "\r\n" + lines[1].text + "\r\n\n");
  EXPECT_TRUE(run.bad.empty());
  EXPECT_EQ(2U, run.result.applied);
  EXPECT_EQ(5U, run.result.lines);
}

TEST(Replay, RefusesOverlongLinesWithoutParsingThem) {
  TempDir dir;
  const Replay run = replay(dir.file("t.db"), std::string(2 * 1024 * 1024, '{') + "\n");
  ASSERT_EQ(1U, run.bad.size());
  EXPECT_THAT(run.bad[0].message_en, HasSubstr("2097152 bytes"));
}

TEST(Replay, DuplicateOfRefNamesTheEarlierTicket) {
  TempDir dir;
  const std::vector<StreamLine> first = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const std::vector<StreamLine> second = request_lines(1, china_instant(2026, 3, 2, 9, 1, 0), 5, false);
  Command merge = make(EventType::merge_duplicate, kOfficer);
  nlohmann::ordered_json line = nlohmann::ordered_json::parse(
      line_json(china_instant(2026, 3, 2, 9, 10, 0), "m", "R1", merge));
  line["duplicate_of_ref"] = "R0";
  const Replay run = replay(dir.file("t.db"), first[0].text + "\n" + second[0].text + "\n" + line.dump() + "\n");

  EXPECT_TRUE(run.bad.empty()) << (run.bad.empty() ? "" : run.bad.front().message_en);
  SqliteStore store(dir.file("t.db"), fast());
  EXPECT_EQ("PW2026000001", store.load("PW2026000002")->duplicate_of);
}

// A line that names the target twice, as with "ref" and command.ticket,
// is ambiguous and must not pick one of the two silently.
TEST(Replay, TwoMergeTargetsIsBadLine) {
  TempDir dir;
  const std::vector<StreamLine> first = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const std::vector<StreamLine> second = request_lines(1, china_instant(2026, 3, 2, 9, 1, 0), 5, false);
  const std::vector<StreamLine> third = request_lines(2, china_instant(2026, 3, 2, 9, 2, 0), 5, false);
  Command merge = make(EventType::merge_duplicate, kOfficer);
  merge.payload.duplicate_of = "PW2026000002";
  nlohmann::ordered_json line = nlohmann::ordered_json::parse(
      line_json(china_instant(2026, 3, 2, 9, 10, 0), "m", "R2", merge));
  line["duplicate_of_ref"] = "R0";
  const Replay run = replay(dir.file("t.db"), first[0].text + "\n" + second[0].text + "\n" + third[0].text + "\n" +
                                                  line.dump() + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(4U, run.bad[0].line);
  EXPECT_EQ(ErrorCode::invalid_data, run.bad[0].code);
  SqliteStore store(dir.file("t.db"), fast());
  EXPECT_EQ("", store.load("PW2026000003")->duplicate_of);
}

// --- Keys and reruns ----------------------------------------------------------

TEST(Replay, KeyReusedByAnotherRefConflicts) {
  TempDir dir;
  const std::vector<StreamLine> first = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  const std::vector<StreamLine> second = request_lines(1, china_instant(2026, 3, 2, 9, 1, 0), 5, false);
  // R1 is another request, but its registration reuses R0's key. R1's
  // draft follows.
  std::string registration = second[0].text;
  registration.replace(registration.find("\"R1-0\""), 6, "\"R0-0\"");
  const Replay run = replay(dir.file("t.db"), first[0].text + "\n" + registration + "\n" + second[1].text + "\n");

  ASSERT_FALSE(run.bad.empty());
  EXPECT_EQ(2U, run.bad[0].line);
  EXPECT_EQ(ErrorCode::conflict, run.bad[0].code);
  EXPECT_EQ(0U, run.result.repeated);
  // R1's draft must not reach R0's ticket.
  SqliteStore store(dir.file("t.db"), fast());
  EXPECT_EQ(TicketState::registered, store.load("PW2026000001")->state);
}

TEST(Replay, KeyReusedOnSameTicketIsBadLine) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  // The draft reuses the registration's key: a mistake in the stream, not
  // a command applied before.
  std::string draft = lines[1].text;
  draft.replace(draft.find("\"R0-1\""), 6, "\"R0-0\"");
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + draft + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(2U, run.bad[0].line);
  EXPECT_EQ(0U, run.result.repeated);
}

TEST(Replay, RerunDoesNotApplyLinesRejectedBefore) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  // approve_dispatch before the draft: the registered ticket rejects it.
  // On a rerun the ticket is drafted, so executing the line again would
  // dispatch it.
  const std::string early =
      line_json(china_instant(2026, 3, 2, 9, 2, 0), "early", "R0", make(EventType::approve_dispatch, kOfficeLeader));
  const std::string stream = lines[0].text + "\n" + early + "\n" + lines[1].text + "\n";
  replay(dir.file("once.db"), stream);
  replay(dir.file("twice.db"), stream);
  const Replay second = replay(dir.file("twice.db"), stream);

  EXPECT_EQ(0U, second.result.applied);
  EXPECT_EQ(1U, second.result.bad);
  SqliteStore store(dir.file("twice.db"), fast());
  EXPECT_EQ(TicketState::awaiting_office_approval, store.load("PW2026000001")->state);
  EXPECT_TRUE(database_content(dir.file("once.db")) == database_content(dir.file("twice.db")));
}

// --- Lines the engine rejects ------------------------------------------------

TEST(Replay, RejectedLineLeavesNoTrace) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  // Written at UTC by mistake, so 17:02 in China, and archive is not
  // allowed on a registered ticket. Polling at 17:02 would record the
  // dispatch warning (09:07:30) and breach (09:10) before the draft at
  // 09:05, and every later line would be out of time order.
  std::string wrong = line_json(china_instant(2026, 3, 2, 9, 2, 0), "wrong", "R0", make(EventType::archive, kOfficer));
  wrong.replace(wrong.find("2026-03-02T09:02:00+08:00"), 25, "2026-03-02T09:02:00-00:00");
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + wrong + "\n" + lines[1].text + "\n");

  ASSERT_EQ(1U, run.bad.size());
  EXPECT_EQ(2U, run.bad[0].line);
  EXPECT_EQ(ErrorCode::invalid_transition, run.bad[0].code);
  EXPECT_EQ(2U, run.result.applied);
  EXPECT_EQ(0U, run.result.sla_events);
  SqliteStore store(dir.file("t.db"), fast());
  const std::vector<Event> history = store.history("PW2026000001");
  ASSERT_EQ(2U, history.size());
  EXPECT_EQ(EventType::draft, history.back().type);
  EXPECT_EQ(china_instant(2026, 3, 2, 9, 5, 0), history.back().at);
}

TEST(Replay, MessageAfterYear9999LineIsReadable) {
  TempDir dir;
  const std::vector<StreamLine> lines = request_lines(0, china_instant(2026, 3, 2, 9, 0, 0), 5, false);
  // 9999-12-31T23:59:59+08:00 parses, and the calendar does not cover it.
  // The line after it must be reported for what it is, not for an
  // instant that cannot be written in the message.
  std::string last = line_json(china_instant(2026, 3, 2, 9, 2, 0), "last", "R0", make(EventType::urge, kOfficer));
  last.replace(last.find("2026-03-02T09:02:00+08:00"), 25, "9999-12-31T23:59:59+08:00");
  const Replay run = replay(dir.file("t.db"), lines[0].text + "\n" + last + "\n" + lines[1].text + "\n");

  ASSERT_FALSE(run.bad.empty());
  EXPECT_EQ(2U, run.bad[0].line);
  for (const BadLine& bad : run.bad) {
    EXPECT_THAT(bad.message_en, testing::Not(HasSubstr("cannot format instant")));
  }
}

// --- Engine without delivery -------------------------------------------------

TEST(EngineWithoutDelivery, LeavesNotificationsInTheOutboxForAnotherDeliverer) {
  TempDir dir;
  int calls = 0;
  CallbackNotifier notifier([&calls](const Notification&) { ++calls; });
  ManualClock clock(china_instant(2026, 3, 2, 9, 0, 0));
  EngineOptions options;
  options.deliver_notifications = false;
  const auto engine = open_engine(dir.file("t.db"), Calendar(), notifier, clock, options, fast());
  std::istringstream stream(sample_stream());
  replay_stream(stream, "stream.jsonl", *engine, clock);

  EXPECT_EQ(0, calls);
  const std::size_t waiting = engine->undelivered_notifications();
  EXPECT_GT(waiting, 10U);

  std::vector<std::string> delivered;
  CallbackNotifier deliverer([&delivered](const Notification& n) { delivered.push_back(n.id); });
  const DeliveryResult result = deliver_pending(engine->store(), deliverer, china_instant(2026, 3, 31, 9, 0, 0));
  EXPECT_EQ(waiting, result.delivered);
  EXPECT_EQ(waiting, delivered.size());
  EXPECT_EQ(0U, engine->undelivered_notifications());
}

}  // namespace
