// Reading and writing actors as JSON (see actor_json.hpp).
#include "jishiban/workflow/actor_json.hpp"

#include <nlohmann/json.hpp>

#include "detail/strict_json.hpp"
#include "workflow/json_reader.hpp"

namespace jishiban {

Actor actor_from_json(std::string_view json_text, std::string_view source) {
  const nlohmann::json document = detail::parse_strict_json(json_text, source);
  const json_reader::ObjectReader reader(document, "", {"id", "name", "role", "unit"}, source,
                                         json_reader::Keys::optional);
  if (!reader.has("role")) {
    detail::data_error(source, reader.entry("role"), "missing; the actor needs a role, such as \"service_officer\"",
                       "缺少此键；提交人需要角色，例如 \"service_officer\"");
  }
  return json_reader::read_actor(reader);
}

std::string to_json(const Actor& actor) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  if (!actor.id.empty()) {
    object["id"] = actor.id;
  }
  if (!actor.name.empty()) {
    object["name"] = actor.name;
  }
  object["role"] = std::string(to_string(actor.role));
  if (!actor.unit.empty()) {
    object["unit"] = actor.unit;
  }
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace jishiban
