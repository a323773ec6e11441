// Actors: the people who act on tickets, with their role and unit.
#ifndef JISHIBAN_WORKFLOW_ACTOR_HPP
#define JISHIBAN_WORKFLOW_ACTOR_HPP

#include <optional>
#include <string>
#include <string_view>

namespace jishiban {

enum class Role {
  service_officer,        // 企业服务员: records, dispatches, coordinates (office)
  office_leader,          // 办公室主要领导: signs work orders, approves extensions (office)
  office_supervisor,      // 督办: follows late tickets and receives breaches (office)
  reviewer,               // 审核人: checks reported results (office)
  committee_leader,       // 管委会领导: reviews work plans of difficult requests
  unit_leader,            // 承办单位主要领导: signs claims, replies, declines, special reports
  handler,                // 经办人: handles the request inside the unit
  discipline_inspection,  // 纪检工作部: receives escalations of unexcused overdue tickets
  report_viewer,          // reads reports and published lists only
};

// The stable name, for example "service_officer".
std::string_view to_string(Role role) noexcept;

// Parses the names of to_string; std::nullopt for anything else.
std::optional<Role> parse_role(std::string_view text) noexcept;

// Whether the role belongs to the administration office (管委会办公室), whose
// members see requester contact data on every ticket.
bool is_office_role(Role role) noexcept;

struct Actor {
  std::string id;
  std::string name;
  Role role = Role::report_viewer;
  // The unit the actor belongs to; empty for office and committee roles.
  std::string unit;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_ACTOR_HPP
