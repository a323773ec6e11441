#include "commands.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jishiban/time/civil_time.hpp"
#include "texts.hpp"

namespace stream_generator {
namespace {

using jishiban::EventType;

const char* subject_of(const Request& request) {
  return request.out_of_scope ? out_of_scope_topics()[request.topic].subject : topics()[request.topic].subject;
}

std::string content_of(const World& world, const Request& request) {
  const char* text =
      request.out_of_scope ? out_of_scope_topics()[request.topic].text : topics()[request.topic].text;
  const jishiban::Date received =
      jishiban::to_civil(request.content_received_at, world.calendar.utc_offset()).date;
  return request_content(text, request.channel, content_seed(world, request.content_index), received,
                         request.duplicate_of >= 0);
}

const std::string& unit_name(const World& world, int unit) {
  return world.directory.units().at(static_cast<std::size_t>(unit)).name;
}

// The step's text with its placeholders filled. Only the placeholders the
// step type uses get a value.
std::string step_free_text(const World& world, const Request& request, const Step& step, std::string unit) {
  std::vector<std::pair<std::string_view, std::string>> values = {{"subject", subject_of(request)},
                                                                  {"unit", std::move(unit)}};
  switch (step.type) {
    case EventType::claim:
      values.emplace_back("handler", world.directory.actor(static_cast<std::size_t>(step.value)).name);
      break;
    case EventType::request_extension:
      values.emplace_back("days", std::to_string(step.value));
      break;
    case EventType::request_suspension:
    case EventType::resume:
      values.emplace_back("material", missing_materials().at(static_cast<std::size_t>(step.value)));
      break;
    default:
      break;
  }
  return fill_template(step_text(step.type, step.variant), values);
}

}  // namespace

jishiban::Command make_command(const World& world, const Request& request, const Step& step) {
  jishiban::Command command;
  command.type = step.type;
  command.actor = world.directory.actor(step.actor);
  jishiban::Payload& payload = command.payload;

  switch (step.type) {
    case EventType::register_request:
      payload.received_at = request.received_at;
      payload.channel = request.channel;
      payload.requester = world.directory.requester(request.company, request.contact, request.fields);
      payload.content = content_of(world, request);
      break;

    case EventType::draft: {
      const Draft& order = request.drafts.at(static_cast<std::size_t>(step.value));
      payload.category = order.category;
      payload.lead_unit = unit_name(world, order.unit);
      for (const std::int8_t assisting : order.assisting) {
        if (assisting >= 0) {
          payload.assisting_units.push_back(unit_name(world, assisting));
        }
      }
      payload.proposed_handling = step_free_text(world, request, step, payload.lead_unit);
      break;
    }

    case EventType::claim: {
      const jishiban::Actor& handler = world.directory.actor(static_cast<std::size_t>(step.value));
      payload.handler_id = handler.id;
      payload.handler_name = handler.name;
      payload.text = step_free_text(world, request, step, "");
      break;
    }

    case EventType::request_extension:
      payload.days = step.value;
      payload.text = step_free_text(world, request, step, "");
      break;

    case EventType::reclassify: {
      const auto category = static_cast<jishiban::Category>(step.value);
      payload.category = category;
      payload.text = reclassify_text(category, step.variant);
      break;
    }

    case EventType::return_visit:
      payload.satisfaction = static_cast<jishiban::Satisfaction>(step.value);
      payload.text = visit_text(step.value, step.variant);
      break;

    case EventType::report_result: {
      jishiban::ResultReport result;
      result.problem = subject_of(request);
      result.handling = result_handling_text(step.variant);
      result.result = result_outcome_text(step.variant / 3u);
      if (step.value == 1) {
        result.attachments.push_back("attachments/" + request_ref(request.index) + "/reply-letter.pdf");
      }
      payload.result = std::move(result);
      break;
    }

    case EventType::decline_at_intake:
      payload.text = step_free_text(world, request, step, "");
      payload.rule = out_of_scope_topics()[request.topic].rule;
      break;

    case EventType::decline_after_dispatch:
      payload.text = step_free_text(world, request, step, "");
      payload.rule = after_dispatch_rules().at(static_cast<std::size_t>(step.value));
      break;

    case EventType::return_to_office:
    case EventType::override_assisting:
      payload.text = step_free_text(world, request, step, unit_name(world, step.value));
      break;

    case EventType::archive:
      break;

    default:
      payload.text = step_free_text(world, request, step, "");
      break;
  }
  return command;
}

}  // namespace stream_generator
