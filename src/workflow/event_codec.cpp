#include "workflow/event_codec.hpp"

#include <limits>
#include <optional>
#include <utility>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"

namespace jishiban::detail {
namespace {

// Field tags of a record. Zero ends a record or a nested object. The numbers
// are part of the encoding, so a new field gets a new number.
enum EventTag : std::uint8_t {
  kEnd = 0,
  kTicketId = 1,       // string, when it differs from the history's ticket id
  kSequence = 2,       // varint, when it is not the previous sequence + 1
  kAt = 3,             // zigzag seconds after the previous record's `at`
  kActorId = 4,        // string
  kActorName = 5,      // string
  kActorRole = 6,      // varint, when it is not Role::report_viewer
  kActorUnit = 7,      // string
  kComment = 8,        // string
  kReceivedAt = 10,    // zigzag seconds after the event's `at`
  kChannel = 11,       // varint
  kRequester = 12,     // nested, RequesterTag
  kContent = 13,       // string
  kCategory = 14,      // varint
  kLeadUnit = 15,      // string
  kAssistingUnits = 16,  // varint count, then strings
  kProposedHandling = 17,
  kHandlerId = 18,
  kHandlerName = 19,
  kText = 20,
  kRule = 21,
  kDays = 22,          // zigzag
  kResult = 23,        // nested, ResultTag
  kSatisfaction = 24,  // varint
  kDuplicateOf = 25,   // string
  kDispatchClock = 30,  // nested, ClockTag
  kHandlingClock = 31,  // nested, ClockTag
  kLostWorkingTime = 32,  // zigzag seconds
  kYear = 33,             // zigzag
  kNumberSequence = 34,   // zigzag
  kFinalAttempt = 35,     // flag
  kSourceId = 36,         // zigzag payload.source_id, after the computed fields because tags increase
};

// Field tags of a ticket snapshot. Instants are zigzag seconds after
// registered_at, which is itself absolute.
enum TicketTag : std::uint8_t {
  kTicketRegisteredAt = 1,
  kTicketIdField = 2,
  kTicketYear = 3,
  kTicketSequence = 4,
  kTicketReceivedAt = 5,
  kTicketChannel = 6,
  kTicketRequester = 7,  // nested, RequesterTag
  kTicketContent = 8,
  kTicketCategory = 9,
  kTicketLeadUnit = 10,
  kTicketAssistingUnits = 11,
  kTicketProposedHandling = 12,
  kTicketOfficeLeaderOpinion = 13,  // nested, OpinionTag
  kTicketUnitLeaderOpinion = 14,
  kTicketCommitteeOpinion = 15,
  kTicketHandlerId = 16,
  kTicketHandlerName = 17,
  kTicketReviewerId = 18,
  kTicketReviewerName = 19,
  kTicketFirstContactAt = 20,
  kTicketProposal = 21,
  kTicketSpecialReport = 22,
  kTicketAssistingOpinions = 23,  // varint count, then unit string and nested opinion
  kTicketAssistingOverride = 24,
  kTicketReply = 25,
  kTicketRepliedAt = 26,
  kTicketDeclined = 27,
  kTicketDeclineRule = 28,
  kTicketResult = 29,  // nested, ResultTag
  kTicketResultReportedAt = 30,
  kTicketSatisfaction = 31,
  kTicketVisitAttempts = 32,
  kTicketExtensionDays = 33,
  kTicketSuspensionRequested = 34,
  kTicketUrges = 35,
  kTicketReturns = 36,
  kTicketReworks = 37,
  kTicketReopenings = 38,
  kTicketLostWorkingTime = 39,
  kTicketClosure = 40,
  kTicketClosingNote = 41,
  kTicketDuplicateOf = 42,
  kTicketState = 43,
  kTicketDispatchClock = 44,  // nested, ClockTag
  kTicketHandlingClock = 45,
  kTicketVersion = 46,
  kTicketUpdatedAt = 47,
  kTicketSourceId = 48,  // zigzag
};

// Tags inside each entry of a ticket's assisting opinions, after the unit.
enum AssistingTag : std::uint8_t {
  kAssistingMarker = 1,   // always present, so an empty opinion stays decodable
  kAssistingOpinion = 2,  // nested, OpinionTag
};

enum OpinionTag : std::uint8_t {
  kOpinionActorId = 1,
  kOpinionActorName = 2,
  kOpinionText = 3,
  kOpinionAt = 4,  // zigzag seconds after the ticket's registered_at
};

enum RequesterTag : std::uint8_t {
  kRequesterName = 1,
  kRequesterCompany = 2,
  kRequesterAddress = 3,
  kRequesterPhone = 4,
  kRequesterEmail = 5,
};

enum ResultTag : std::uint8_t {
  kResultProblem = 1,
  kResultHandling = 2,
  kResultText = 3,
  kResultAttachments = 4,  // varint count, then strings
};

// A clock's instants are zigzag deltas in seconds: `start` from the event's
// `at`, `escalation_at` from `due`, the others from `start`. A flag tag alone
// means true.
enum ClockTag : std::uint8_t {
  kClockKind = 1,  // varint, when it is not the kind of the clock's slot
  kTargetAmount = 2,
  kTargetUnit = 3,        // varint, when it is not working_minutes
  kTargetConvention = 4,  // varint, when it is not legal_period
  kClockStart = 5,
  kClockDue = 6,
  kClockWarningAt = 7,
  kClockEscalationAt = 8,
  kClockProvisional = 9,
  kClockPausedAt = 10,
  kClockPaused = 11,  // zigzag seconds
  kClockStoppedAt = 12,
  kClockExtensions = 13,
  kClockExtensionDays = 14,
  kClockWarned = 15,
  kClockBreached = 16,
  kClockEscalated = 17,
};

// The last value of each enumeration, which bounds what a record may contain.
constexpr auto kLastRole = Role::report_viewer;
constexpr auto kLastChannel = Channel::wechat;
constexpr auto kLastCategory = Category::difficult;
constexpr auto kLastSatisfaction = Satisfaction::unreachable;
constexpr auto kLastClockKind = SlaClockKind::handling;
constexpr auto kLastTargetUnit = TargetUnit::working_days;
constexpr auto kLastConvention = DayConvention::working_time;
constexpr std::uint64_t kLastEventType = event_type_count - 1;
constexpr auto kLastState = TicketState::archived;
constexpr auto kLastClosure = Closure::merged;

// Instants and their differences wrap around modulo 2^64, so every pair of
// instants has a delta and decoding restores the exact value.
std::int64_t seconds_between(Instant later, Instant earlier) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(later.unix_seconds()) -
                                   static_cast<std::uint64_t>(earlier.unix_seconds()));
}

Instant add_seconds(Instant base, std::int64_t delta) noexcept {
  return Instant::from_unix_seconds(
      static_cast<std::int64_t>(static_cast<std::uint64_t>(base.unix_seconds()) + static_cast<std::uint64_t>(delta)));
}

std::uint64_t zigzag(std::int64_t value) noexcept {
  const auto bits = static_cast<std::uint64_t>(value);
  return value < 0 ? ~(bits << 1) : bits << 1;
}

std::int64_t unzigzag(std::uint64_t value) noexcept {
  const std::uint64_t bits = (value & 1) != 0 ? ~(value >> 1) : value >> 1;
  return static_cast<std::int64_t>(bits);
}

// --- Encoding --------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::string& out) noexcept : out_(out) {}

  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }

  void tag(std::uint8_t tag) { out_.push_back(static_cast<char>(tag)); }

  void end() { tag(kEnd); }

  void raw_string(const std::string& text) {
    varint(text.size());
    out_.append(text);
  }

  void raw_strings(const std::vector<std::string>& texts) {
    varint(texts.size());
    for (const std::string& text : texts) {
      raw_string(text);
    }
  }

  // The field methods write nothing for the default value.
  void string(std::uint8_t tag_value, const std::string& text) {
    if (!text.empty()) {
      tag(tag_value);
      raw_string(text);
    }
  }

  void strings(std::uint8_t tag_value, const std::vector<std::string>& texts) {
    if (!texts.empty()) {
      tag(tag_value);
      raw_strings(texts);
    }
  }

  void unsigned_value(std::uint8_t tag_value, std::uint64_t value, std::uint64_t default_value) {
    if (value != default_value) {
      tag(tag_value);
      varint(value);
    }
  }

  void signed_value(std::uint8_t tag_value, std::int64_t value) {
    if (value != 0) {
      tag(tag_value);
      varint(zigzag(value));
    }
  }

  // Writes a present value even when it is 0, which differs from std::nullopt.
  void optional_signed(std::uint8_t tag_value, const std::optional<std::int64_t>& value) {
    if (value) {
      tag(tag_value);
      varint(zigzag(*value));
    }
  }

  void flag(std::uint8_t tag_value, bool value) {
    if (value) {
      tag(tag_value);
    }
  }

  template <class Enum>
  void enumeration(std::uint8_t tag_value, Enum value, Enum default_value) {
    unsigned_value(tag_value, static_cast<std::uint64_t>(value), static_cast<std::uint64_t>(default_value));
  }

  template <class Enum>
  void optional_enumeration(std::uint8_t tag_value, const std::optional<Enum>& value) {
    if (value) {
      tag(tag_value);
      varint(static_cast<std::uint64_t>(*value));
    }
  }

 private:
  std::string& out_;
};

// Writes the requester as a nested object under `tag_value`.
void write_requester(Writer& writer, std::uint8_t tag_value, const Requester& requester) {
  writer.tag(tag_value);
  writer.string(kRequesterName, requester.name);
  writer.string(kRequesterCompany, requester.company);
  writer.string(kRequesterAddress, requester.address);
  writer.string(kRequesterPhone, requester.phone);
  writer.string(kRequesterEmail, requester.email);
  writer.end();
}

// Writes the result report as a nested object under `tag_value`.
void write_result(Writer& writer, std::uint8_t tag_value, const ResultReport& result) {
  writer.tag(tag_value);
  writer.string(kResultProblem, result.problem);
  writer.string(kResultHandling, result.handling);
  writer.string(kResultText, result.result);
  writer.strings(kResultAttachments, result.attachments);
  writer.end();
}

void write_clock(Writer& writer, std::uint8_t tag_value, SlaClockKind slot_kind, const SlaClock& clock,
                 Instant event_at) {
  writer.tag(tag_value);
  writer.enumeration(kClockKind, clock.kind, slot_kind);
  writer.signed_value(kTargetAmount, clock.target.amount);
  writer.enumeration(kTargetUnit, clock.target.unit, TargetUnit::working_minutes);
  writer.enumeration(kTargetConvention, clock.target.convention, DayConvention::legal_period);
  writer.signed_value(kClockStart, seconds_between(clock.start, event_at));
  writer.signed_value(kClockDue, seconds_between(clock.due, clock.start));
  writer.signed_value(kClockWarningAt, seconds_between(clock.warning_at, clock.start));
  writer.signed_value(kClockEscalationAt, seconds_between(clock.escalation_at, clock.due));
  writer.flag(kClockProvisional, clock.provisional);
  if (clock.paused_at) {
    writer.tag(kClockPausedAt);
    writer.varint(zigzag(seconds_between(*clock.paused_at, clock.start)));
  }
  writer.signed_value(kClockPaused, clock.paused.count());
  if (clock.stopped_at) {
    writer.tag(kClockStoppedAt);
    writer.varint(zigzag(seconds_between(*clock.stopped_at, clock.start)));
  }
  writer.signed_value(kClockExtensions, clock.extensions);
  writer.signed_value(kClockExtensionDays, clock.extension_days);
  writer.flag(kClockWarned, clock.warned);
  writer.flag(kClockBreached, clock.breached);
  writer.flag(kClockEscalated, clock.escalated);
  writer.end();
}

void write_payload(Writer& writer, const Payload& payload, Instant event_at) {
  if (payload.received_at) {
    writer.tag(kReceivedAt);
    writer.varint(zigzag(seconds_between(*payload.received_at, event_at)));
  }
  writer.optional_enumeration(kChannel, payload.channel);
  if (payload.requester) {
    write_requester(writer, kRequester, *payload.requester);
  }
  writer.string(kContent, payload.content);
  writer.optional_enumeration(kCategory, payload.category);
  writer.string(kLeadUnit, payload.lead_unit);
  writer.strings(kAssistingUnits, payload.assisting_units);
  writer.string(kProposedHandling, payload.proposed_handling);
  writer.string(kHandlerId, payload.handler_id);
  writer.string(kHandlerName, payload.handler_name);
  writer.string(kText, payload.text);
  writer.string(kRule, payload.rule);
  writer.signed_value(kDays, payload.days);
  if (payload.result) {
    write_result(writer, kResult, *payload.result);
  }
  writer.optional_enumeration(kSatisfaction, payload.satisfaction);
  writer.string(kDuplicateOf, payload.duplicate_of);
}

// --- Decoding --------------------------------------------------------------

// Reads values from `bytes`, starting at and advancing `offset`. Every read
// checks the remaining length first.
class Parser {
 public:
  Parser(std::string_view bytes, std::size_t& offset, std::string_view ticket_id) noexcept
      : bytes_(bytes), offset_(offset), ticket_id_(ticket_id) {}

  [[noreturn]] void fail(std::size_t at, const std::string& problem_en, const std::string& problem_zh) const {
    const std::string ticket = quote_for_message(ticket_id_);
    const std::string byte = std::to_string(at);
    throw Error(ErrorCode::invalid_data,
                "invalid event record of ticket " + ticket + " at byte " + byte + ": " + problem_en,
                "工单 " + ticket + " 的事件记录在第 " + byte + " 字节处无效：" + problem_zh);
  }

  std::uint64_t varint() {
    const std::size_t start = offset_;
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (offset_ == bytes_.size()) {
        fail(start, "the varint is cut off by the end of the data", "变长整数被数据末尾截断");
      }
      const auto byte = static_cast<std::uint8_t>(bytes_[offset_++]);
      // The tenth byte carries only bit 63.
      if (shift == 63 && byte > 1) {
        fail(start, "the varint exceeds 64 bits", "变长整数超过 64 位");
      }
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        return value;
      }
    }
    fail(start, "the varint exceeds 64 bits", "变长整数超过 64 位");
  }

  std::int64_t signed_varint() { return unzigzag(varint()); }

  // A signed varint that must fit in an int, such as a day count.
  int small_integer() {
    const std::size_t start = offset_;
    const std::int64_t value = signed_varint();
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      const std::string text = std::to_string(value);
      fail(start, "the value " + text + " does not fit in an int", "数值 " + text + " 超出 int 范围");
    }
    return static_cast<int>(value);
  }

  std::string string() {
    const std::size_t start = offset_;
    const std::uint64_t length = varint();
    if (length > bytes_.size() - offset_) {
      const std::string text = std::to_string(length);
      fail(start, "a string of " + text + " bytes runs past the end of the data",
           "长度为 " + text + " 字节的字符串超出数据末尾");
    }
    std::string text(bytes_.substr(offset_, static_cast<std::size_t>(length)));
    offset_ += static_cast<std::size_t>(length);
    return text;
  }

  std::vector<std::string> strings() {
    const std::size_t start = offset_;
    const std::uint64_t count = varint();
    // Each string takes at least its length byte, so a larger count is
    // corrupt. Checking it first keeps a bad count from reserving memory.
    if (count > bytes_.size() - offset_) {
      const std::string text = std::to_string(count);
      fail(start, "a list of " + text + " strings runs past the end of the data",
           "包含 " + text + " 个字符串的列表超出数据末尾");
    }
    std::vector<std::string> texts;
    texts.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
      texts.push_back(string());
    }
    return texts;
  }

  template <class Enum>
  Enum enumeration(Enum last, const char* what_en, const char* what_zh) {
    const std::size_t start = offset_;
    const std::uint64_t value = varint();
    if (value > static_cast<std::uint64_t>(last)) {
      const std::string text = std::to_string(value);
      fail(start, std::string("invalid ") + what_en + " value " + text,
           std::string("无效的") + what_zh + "取值 " + text);
    }
    return static_cast<Enum>(value);
  }

  // Reads the next tag of an object: kEnd, or a tag above `previous`.
  std::uint8_t tag(std::uint8_t previous) {
    const std::size_t start = offset_;
    if (offset_ == bytes_.size()) {
      fail(start, "the record is cut off by the end of the data", "记录被数据末尾截断");
    }
    const auto tag_value = static_cast<std::uint8_t>(bytes_[offset_++]);
    if (tag_value != kEnd && tag_value <= previous) {
      const std::string text = std::to_string(tag_value);
      fail(start, "field tag " + text + " is repeated or out of order", "字段标记 " + text + " 重复或顺序错误");
    }
    return tag_value;
  }

  [[noreturn]] void unknown_tag(std::uint8_t tag_value) const {
    const std::string text = std::to_string(tag_value);
    fail(offset_ - 1, "unknown field tag " + text, "未知的字段标记 " + text);
  }

 private:
  std::string_view bytes_;
  std::size_t& offset_;
  std::string_view ticket_id_;
};

Requester read_requester(Parser& parser) {
  Requester requester;
  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kRequesterName:
        requester.name = parser.string();
        break;
      case kRequesterCompany:
        requester.company = parser.string();
        break;
      case kRequesterAddress:
        requester.address = parser.string();
        break;
      case kRequesterPhone:
        requester.phone = parser.string();
        break;
      case kRequesterEmail:
        requester.email = parser.string();
        break;
      default:
        parser.unknown_tag(tag);
    }
  }
  return requester;
}

ResultReport read_result(Parser& parser) {
  ResultReport result;
  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kResultProblem:
        result.problem = parser.string();
        break;
      case kResultHandling:
        result.handling = parser.string();
        break;
      case kResultText:
        result.result = parser.string();
        break;
      case kResultAttachments:
        result.attachments = parser.strings();
        break;
      default:
        parser.unknown_tag(tag);
    }
  }
  return result;
}

SlaClock read_clock(Parser& parser, SlaClockKind slot_kind, Instant event_at) {
  SlaClock clock;
  clock.kind = slot_kind;

  // Deltas are resolved after the object, because each is relative to
  // another field.
  std::int64_t start = 0;
  std::int64_t due = 0;
  std::int64_t warning_at = 0;
  std::int64_t escalation_at = 0;
  std::optional<std::int64_t> paused_at;
  std::optional<std::int64_t> stopped_at;

  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kClockKind:
        clock.kind = parser.enumeration(kLastClockKind, "clock kind", "时限类型");
        break;
      case kTargetAmount:
        clock.target.amount = parser.signed_varint();
        break;
      case kTargetUnit:
        clock.target.unit = parser.enumeration(kLastTargetUnit, "target unit", "时限单位");
        break;
      case kTargetConvention:
        clock.target.convention = parser.enumeration(kLastConvention, "day convention", "工作日计算方式");
        break;
      case kClockStart:
        start = parser.signed_varint();
        break;
      case kClockDue:
        due = parser.signed_varint();
        break;
      case kClockWarningAt:
        warning_at = parser.signed_varint();
        break;
      case kClockEscalationAt:
        escalation_at = parser.signed_varint();
        break;
      case kClockProvisional:
        clock.provisional = true;
        break;
      case kClockPausedAt:
        paused_at = parser.signed_varint();
        break;
      case kClockPaused:
        clock.paused = std::chrono::seconds(parser.signed_varint());
        break;
      case kClockStoppedAt:
        stopped_at = parser.signed_varint();
        break;
      case kClockExtensions:
        clock.extensions = parser.small_integer();
        break;
      case kClockExtensionDays:
        clock.extension_days = parser.small_integer();
        break;
      case kClockWarned:
        clock.warned = true;
        break;
      case kClockBreached:
        clock.breached = true;
        break;
      case kClockEscalated:
        clock.escalated = true;
        break;
      default:
        parser.unknown_tag(tag);
    }
  }

  clock.start = add_seconds(event_at, start);
  clock.due = add_seconds(clock.start, due);
  clock.warning_at = add_seconds(clock.start, warning_at);
  clock.escalation_at = add_seconds(clock.due, escalation_at);
  if (paused_at) {
    clock.paused_at = add_seconds(clock.start, *paused_at);
  }
  if (stopped_at) {
    clock.stopped_at = add_seconds(clock.start, *stopped_at);
  }
  return clock;
}

// Reads one payload or computed field. Returns false for a tag that is not
// one of them.
bool read_payload_field(Parser& parser, std::uint8_t tag, Event& event) {
  Payload& payload = event.payload;
  switch (tag) {
    case kReceivedAt:
      payload.received_at = add_seconds(event.at, parser.signed_varint());
      return true;
    case kChannel:
      payload.channel = parser.enumeration(kLastChannel, "channel", "渠道");
      return true;
    case kRequester:
      payload.requester = read_requester(parser);
      return true;
    case kContent:
      payload.content = parser.string();
      return true;
    case kCategory:
      payload.category = parser.enumeration(kLastCategory, "category", "类别");
      return true;
    case kLeadUnit:
      payload.lead_unit = parser.string();
      return true;
    case kAssistingUnits:
      payload.assisting_units = parser.strings();
      return true;
    case kProposedHandling:
      payload.proposed_handling = parser.string();
      return true;
    case kHandlerId:
      payload.handler_id = parser.string();
      return true;
    case kHandlerName:
      payload.handler_name = parser.string();
      return true;
    case kText:
      payload.text = parser.string();
      return true;
    case kRule:
      payload.rule = parser.string();
      return true;
    case kDays:
      payload.days = parser.small_integer();
      return true;
    case kResult:
      payload.result = read_result(parser);
      return true;
    case kSatisfaction:
      payload.satisfaction = parser.enumeration(kLastSatisfaction, "satisfaction", "满意度");
      return true;
    case kDuplicateOf:
      payload.duplicate_of = parser.string();
      return true;
    case kDispatchClock:
      event.computed.dispatch_clock = read_clock(parser, SlaClockKind::dispatch, event.at);
      return true;
    case kHandlingClock:
      event.computed.handling_clock = read_clock(parser, SlaClockKind::handling, event.at);
      return true;
    case kLostWorkingTime:
      event.computed.lost_working_time = std::chrono::seconds(parser.signed_varint());
      return true;
    case kYear:
      event.computed.year = parser.small_integer();
      return true;
    case kNumberSequence:
      event.computed.sequence = parser.signed_varint();
      return true;
    case kFinalAttempt:
      event.computed.final_attempt = true;
      return true;
    case kSourceId:
      payload.source_id = parser.signed_varint();
      return true;
    default:
      return false;
  }
}

}  // namespace

void encode_event(const Event& event, std::string_view ticket_id, const HistoryPosition& previous,
                  std::string& out) {
  // One allocation for the record: the texts plus room for the tags,
  // lengths, numbers and clocks.
  const Payload& p = event.payload;
  std::size_t texts = event.actor.id.size() + event.actor.name.size() + event.actor.unit.size() +
                      event.comment.size() + p.content.size() + p.lead_unit.size() + p.proposed_handling.size() +
                      p.handler_id.size() + p.handler_name.size() + p.text.size() + p.rule.size() +
                      p.duplicate_of.size();
  if (p.requester) {
    texts += p.requester->name.size() + p.requester->company.size() + p.requester->address.size() +
             p.requester->phone.size() + p.requester->email.size();
  }
  if (p.result) {
    texts += p.result->problem.size() + p.result->handling.size() + p.result->result.size();
  }
  out.reserve(out.size() + texts + 192);

  Writer writer(out);
  writer.varint(static_cast<std::uint64_t>(event.type));

  if (event.ticket_id != ticket_id) {
    writer.tag(kTicketId);
    writer.raw_string(event.ticket_id);
  }
  writer.unsigned_value(kSequence, event.sequence, previous.sequence + 1);
  writer.signed_value(kAt, seconds_between(event.at, previous.at));
  writer.string(kActorId, event.actor.id);
  writer.string(kActorName, event.actor.name);
  writer.enumeration(kActorRole, event.actor.role, Role::report_viewer);
  writer.string(kActorUnit, event.actor.unit);
  writer.string(kComment, event.comment);

  write_payload(writer, event.payload, event.at);

  const Computed& computed = event.computed;
  if (computed.dispatch_clock) {
    write_clock(writer, kDispatchClock, SlaClockKind::dispatch, *computed.dispatch_clock, event.at);
  }
  if (computed.handling_clock) {
    write_clock(writer, kHandlingClock, SlaClockKind::handling, *computed.handling_clock, event.at);
  }
  writer.signed_value(kLostWorkingTime, computed.lost_working_time.count());
  writer.signed_value(kYear, computed.year);
  writer.signed_value(kNumberSequence, computed.sequence);
  writer.flag(kFinalAttempt, computed.final_attempt);
  writer.optional_signed(kSourceId, event.payload.source_id);

  writer.end();
}

EventReader::EventReader(std::string_view bytes, std::string_view ticket_id) noexcept
    : bytes_(bytes), ticket_id_(ticket_id) {}

Event EventReader::next() {
  Parser parser(bytes_, offset_, ticket_id_);

  Event event;
  event.type = static_cast<EventType>(parser.enumeration(kLastEventType, "event type", "事件类型"));
  event.ticket_id = std::string(ticket_id_);
  event.sequence = position_.sequence + 1;
  event.at = position_.at;

  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kTicketId:
        event.ticket_id = parser.string();
        break;
      case kSequence:
        event.sequence = parser.varint();
        break;
      case kAt:
        event.at = add_seconds(position_.at, parser.signed_varint());
        break;
      case kActorId:
        event.actor.id = parser.string();
        break;
      case kActorName:
        event.actor.name = parser.string();
        break;
      case kActorRole:
        event.actor.role = parser.enumeration(kLastRole, "role", "角色");
        break;
      case kActorUnit:
        event.actor.unit = parser.string();
        break;
      case kComment:
        event.comment = parser.string();
        break;
      default:
        if (!read_payload_field(parser, tag, event)) {
          parser.unknown_tag(tag);
        }
    }
  }

  position_ = HistoryPosition{event.sequence, event.at};
  return event;
}

std::vector<Event> decode_events(std::string_view bytes, std::string_view ticket_id) {
  EventReader reader(bytes, ticket_id);
  std::vector<Event> events;
  while (!reader.at_end()) {
    events.push_back(reader.next());
  }
  return events;
}

namespace {

void write_instant(Writer& writer, std::uint8_t tag_value, Instant instant, Instant base) {
  writer.tag(tag_value);
  writer.varint(zigzag(seconds_between(instant, base)));
}

void write_optional_instant(Writer& writer, std::uint8_t tag_value, const std::optional<Instant>& instant,
                            Instant base) {
  if (instant) {
    write_instant(writer, tag_value, *instant, base);
  }
}

void write_opinion(Writer& writer, std::uint8_t tag_value, const Opinion& opinion, Instant base) {
  if (opinion.actor_id.empty() && opinion.actor_name.empty() && opinion.text.empty() && opinion.at == Instant()) {
    return;
  }
  writer.tag(tag_value);
  writer.string(kOpinionActorId, opinion.actor_id);
  writer.string(kOpinionActorName, opinion.actor_name);
  writer.string(kOpinionText, opinion.text);
  writer.tag(kOpinionAt);
  writer.varint(zigzag(seconds_between(opinion.at, base)));
  writer.end();
}

Opinion read_opinion(Parser& parser, Instant base) {
  Opinion opinion;
  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kOpinionActorId:
        opinion.actor_id = parser.string();
        break;
      case kOpinionActorName:
        opinion.actor_name = parser.string();
        break;
      case kOpinionText:
        opinion.text = parser.string();
        break;
      case kOpinionAt:
        opinion.at = add_seconds(base, parser.signed_varint());
        break;
      default:
        parser.unknown_tag(tag);
    }
  }
  return opinion;
}

}  // namespace

void encode_ticket(const Ticket& t, std::string& out) {
  Writer writer(out);
  const Instant base = t.registered_at;

  writer.tag(kTicketRegisteredAt);
  writer.varint(zigzag(base.unix_seconds()));
  writer.string(kTicketIdField, t.id);
  writer.signed_value(kTicketYear, t.year);
  writer.signed_value(kTicketSequence, t.sequence);
  write_instant(writer, kTicketReceivedAt, t.received_at, base);
  writer.enumeration(kTicketChannel, t.channel, Channel::hotline);
  if (t.requester != Requester{}) {
    write_requester(writer, kTicketRequester, t.requester);
  }
  writer.string(kTicketContent, t.content);

  writer.optional_enumeration(kTicketCategory, t.category);
  writer.string(kTicketLeadUnit, t.lead_unit);
  writer.strings(kTicketAssistingUnits, t.assisting_units);
  writer.string(kTicketProposedHandling, t.proposed_handling);

  write_opinion(writer, kTicketOfficeLeaderOpinion, t.office_leader_opinion, base);
  write_opinion(writer, kTicketUnitLeaderOpinion, t.unit_leader_opinion, base);
  write_opinion(writer, kTicketCommitteeOpinion, t.committee_opinion, base);
  writer.string(kTicketHandlerId, t.handler_id);
  writer.string(kTicketHandlerName, t.handler_name);
  writer.string(kTicketReviewerId, t.reviewer_id);
  writer.string(kTicketReviewerName, t.reviewer_name);

  write_optional_instant(writer, kTicketFirstContactAt, t.first_contact_at, base);
  writer.string(kTicketProposal, t.proposal);
  writer.string(kTicketSpecialReport, t.special_report);
  if (!t.assisting_opinions.empty()) {
    writer.tag(kTicketAssistingOpinions);
    writer.varint(t.assisting_opinions.size());
    for (const auto& opinion : t.assisting_opinions) {
      writer.raw_string(opinion.unit);
      writer.tag(kAssistingMarker);
      write_opinion(writer, kAssistingOpinion, opinion.opinion, base);
      writer.end();
    }
  }
  writer.string(kTicketAssistingOverride, t.assisting_override);
  writer.string(kTicketReply, t.reply);
  write_optional_instant(writer, kTicketRepliedAt, t.replied_at, base);
  writer.flag(kTicketDeclined, t.declined);
  writer.string(kTicketDeclineRule, t.decline_rule);

  if (t.result != ResultReport{}) {
    write_result(writer, kTicketResult, t.result);
  }
  write_optional_instant(writer, kTicketResultReportedAt, t.result_reported_at, base);
  writer.optional_enumeration(kTicketSatisfaction, t.satisfaction);
  writer.signed_value(kTicketVisitAttempts, t.return_visit_attempts);
  writer.signed_value(kTicketExtensionDays, t.requested_extension_days);
  writer.flag(kTicketSuspensionRequested, t.suspension_requested);

  writer.signed_value(kTicketUrges, t.urges);
  writer.signed_value(kTicketReturns, t.returns);
  writer.signed_value(kTicketReworks, t.reworks);
  writer.signed_value(kTicketReopenings, t.reopenings);
  writer.signed_value(kTicketLostWorkingTime, t.lost_working_time.count());
  writer.enumeration(kTicketClosure, t.closure, Closure::none);
  writer.string(kTicketClosingNote, t.closing_note);
  writer.string(kTicketDuplicateOf, t.duplicate_of);

  writer.enumeration(kTicketState, t.state, TicketState::registered);
  if (t.dispatch_clock) {
    write_clock(writer, kTicketDispatchClock, SlaClockKind::dispatch, *t.dispatch_clock, base);
  }
  if (t.handling_clock) {
    write_clock(writer, kTicketHandlingClock, SlaClockKind::handling, *t.handling_clock, base);
  }
  writer.unsigned_value(kTicketVersion, t.version, 0);
  write_instant(writer, kTicketUpdatedAt, t.updated_at, base);
  writer.optional_signed(kTicketSourceId, t.source_id);
  writer.end();
}

Ticket decode_ticket(std::string_view bytes) {
  std::size_t offset = 0;
  Parser parser(bytes, offset, "snapshot");
  Ticket t;
  Instant base;
  for (std::uint8_t tag = parser.tag(0); tag != kEnd; tag = parser.tag(tag)) {
    switch (tag) {
      case kTicketRegisteredAt:
        base = Instant::from_unix_seconds(parser.signed_varint());
        t.registered_at = base;
        break;
      case kTicketIdField:
        t.id = parser.string();
        break;
      case kTicketYear:
        t.year = parser.small_integer();
        break;
      case kTicketSequence:
        t.sequence = parser.signed_varint();
        break;
      case kTicketReceivedAt:
        t.received_at = add_seconds(base, parser.signed_varint());
        break;
      case kTicketChannel:
        t.channel = parser.enumeration(kLastChannel, "channel", "渠道");
        break;
      case kTicketRequester:
        t.requester = read_requester(parser);
        break;
      case kTicketContent:
        t.content = parser.string();
        break;
      case kTicketCategory:
        t.category = parser.enumeration(kLastCategory, "category", "类别");
        break;
      case kTicketLeadUnit:
        t.lead_unit = parser.string();
        break;
      case kTicketAssistingUnits:
        t.assisting_units = parser.strings();
        break;
      case kTicketProposedHandling:
        t.proposed_handling = parser.string();
        break;
      case kTicketOfficeLeaderOpinion:
        t.office_leader_opinion = read_opinion(parser, base);
        break;
      case kTicketUnitLeaderOpinion:
        t.unit_leader_opinion = read_opinion(parser, base);
        break;
      case kTicketCommitteeOpinion:
        t.committee_opinion = read_opinion(parser, base);
        break;
      case kTicketHandlerId:
        t.handler_id = parser.string();
        break;
      case kTicketHandlerName:
        t.handler_name = parser.string();
        break;
      case kTicketReviewerId:
        t.reviewer_id = parser.string();
        break;
      case kTicketReviewerName:
        t.reviewer_name = parser.string();
        break;
      case kTicketFirstContactAt:
        t.first_contact_at = add_seconds(base, parser.signed_varint());
        break;
      case kTicketProposal:
        t.proposal = parser.string();
        break;
      case kTicketSpecialReport:
        t.special_report = parser.string();
        break;
      case kTicketAssistingOpinions: {
        const std::uint64_t count = parser.varint();
        if (count > bytes.size()) {
          parser.fail(offset, "too many assisting opinions", "协办意见数量过多");
        }
        for (std::uint64_t i = 0; i < count; ++i) {
          AssistingOpinion opinion;
          opinion.unit = parser.string();
          for (std::uint8_t inner = parser.tag(0); inner != kEnd; inner = parser.tag(inner)) {
            if (inner == kAssistingOpinion) {
              opinion.opinion = read_opinion(parser, base);
            } else if (inner != kAssistingMarker) {
              parser.unknown_tag(inner);
            }
          }
          t.assisting_opinions.push_back(std::move(opinion));
        }
        break;
      }
      case kTicketAssistingOverride:
        t.assisting_override = parser.string();
        break;
      case kTicketReply:
        t.reply = parser.string();
        break;
      case kTicketRepliedAt:
        t.replied_at = add_seconds(base, parser.signed_varint());
        break;
      case kTicketDeclined:
        t.declined = true;
        break;
      case kTicketDeclineRule:
        t.decline_rule = parser.string();
        break;
      case kTicketResult:
        t.result = read_result(parser);
        break;
      case kTicketResultReportedAt:
        t.result_reported_at = add_seconds(base, parser.signed_varint());
        break;
      case kTicketSatisfaction:
        t.satisfaction = parser.enumeration(kLastSatisfaction, "satisfaction", "满意度");
        break;
      case kTicketVisitAttempts:
        t.return_visit_attempts = parser.small_integer();
        break;
      case kTicketExtensionDays:
        t.requested_extension_days = parser.small_integer();
        break;
      case kTicketSuspensionRequested:
        t.suspension_requested = true;
        break;
      case kTicketUrges:
        t.urges = parser.small_integer();
        break;
      case kTicketReturns:
        t.returns = parser.small_integer();
        break;
      case kTicketReworks:
        t.reworks = parser.small_integer();
        break;
      case kTicketReopenings:
        t.reopenings = parser.small_integer();
        break;
      case kTicketLostWorkingTime:
        t.lost_working_time = std::chrono::seconds(parser.signed_varint());
        break;
      case kTicketClosure:
        t.closure = parser.enumeration(kLastClosure, "closure", "办结方式");
        break;
      case kTicketClosingNote:
        t.closing_note = parser.string();
        break;
      case kTicketDuplicateOf:
        t.duplicate_of = parser.string();
        break;
      case kTicketState:
        t.state = parser.enumeration(kLastState, "state", "状态");
        break;
      case kTicketDispatchClock:
        t.dispatch_clock = read_clock(parser, SlaClockKind::dispatch, base);
        break;
      case kTicketHandlingClock:
        t.handling_clock = read_clock(parser, SlaClockKind::handling, base);
        break;
      case kTicketVersion:
        t.version = parser.varint();
        break;
      case kTicketUpdatedAt:
        t.updated_at = add_seconds(base, parser.signed_varint());
        break;
      case kTicketSourceId:
        t.source_id = parser.signed_varint();
        break;
      default:
        parser.unknown_tag(tag);
    }
  }
  if (offset != bytes.size()) {
    parser.fail(offset, "bytes follow the end of the snapshot", "快照结束后仍有多余字节");
  }
  return t;
}

}  // namespace jishiban::detail
