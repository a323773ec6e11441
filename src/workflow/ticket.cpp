// Equality of tickets and events, field by field.
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban {

bool operator==(const Ticket& a, const Ticket& b) noexcept {
  return a.id == b.id && a.year == b.year && a.sequence == b.sequence && a.received_at == b.received_at &&
         a.registered_at == b.registered_at && a.channel == b.channel && a.requester == b.requester &&
         a.content == b.content && a.source_id == b.source_id && a.category == b.category &&
         a.lead_unit == b.lead_unit && a.assisting_units == b.assisting_units &&
         a.proposed_handling == b.proposed_handling &&
         a.office_leader_opinion == b.office_leader_opinion && a.unit_leader_opinion == b.unit_leader_opinion &&
         a.committee_opinion == b.committee_opinion && a.handler_id == b.handler_id &&
         a.handler_name == b.handler_name && a.reviewer_id == b.reviewer_id && a.reviewer_name == b.reviewer_name &&
         a.first_contact_at == b.first_contact_at && a.proposal == b.proposal &&
         a.special_report == b.special_report && a.assisting_opinions == b.assisting_opinions &&
         a.assisting_override == b.assisting_override && a.reply == b.reply && a.replied_at == b.replied_at &&
         a.declined == b.declined && a.decline_rule == b.decline_rule && a.result == b.result &&
         a.result_reported_at == b.result_reported_at && a.satisfaction == b.satisfaction &&
         a.return_visit_attempts == b.return_visit_attempts &&
         a.requested_extension_days == b.requested_extension_days &&
         a.suspension_requested == b.suspension_requested && a.urges == b.urges && a.returns == b.returns &&
         a.reworks == b.reworks && a.reopenings == b.reopenings && a.lost_working_time == b.lost_working_time &&
         a.closure == b.closure && a.closing_note == b.closing_note && a.duplicate_of == b.duplicate_of &&
         a.state == b.state && a.dispatch_clock == b.dispatch_clock && a.handling_clock == b.handling_clock &&
         a.version == b.version && a.updated_at == b.updated_at;
}

bool operator==(const Payload& a, const Payload& b) noexcept {
  return a.received_at == b.received_at && a.channel == b.channel && a.requester == b.requester &&
         a.content == b.content && a.source_id == b.source_id && a.category == b.category &&
         a.lead_unit == b.lead_unit && a.assisting_units == b.assisting_units &&
         a.proposed_handling == b.proposed_handling && a.handler_id == b.handler_id &&
         a.handler_name == b.handler_name && a.text == b.text && a.rule == b.rule &&
         a.days == b.days && a.result == b.result && a.satisfaction == b.satisfaction &&
         a.duplicate_of == b.duplicate_of;
}

bool operator==(const Event& a, const Event& b) noexcept {
  return a.ticket_id == b.ticket_id && a.sequence == b.sequence && a.type == b.type && a.at == b.at &&
         a.actor.id == b.actor.id && a.actor.name == b.actor.name && a.actor.role == b.actor.role &&
         a.actor.unit == b.actor.unit && a.payload == b.payload && a.computed == b.computed &&
         a.comment == b.comment;
}

}  // namespace jishiban
