// One notification as JSON (see notification_json.hpp).
#include "jishiban/workflow/notification_json.hpp"

#include <nlohmann/json.hpp>

#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/actor.hpp"

namespace jishiban {

std::string to_json(const Notification& n) {
  nlohmann::ordered_json line;
  line["id"] = n.id;
  line["kind"] = to_string(n.kind);
  line["ticket_id"] = n.ticket_id;
  line["sequence"] = n.sequence;
  line["at"] = is_formattable(n.at) ? format_instant(n.at, UtcOffset::china()) : std::to_string(n.at.unix_seconds());
  line["recipient_role"] = to_string(n.recipient_role);
  line["recipient_unit"] = n.recipient_unit;
  line["message_en"] = n.message_en;
  line["message_zh"] = n.message_zh;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace jishiban
