// Names of the workflow's enumerations.
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"

#include <array>
#include <utility>

namespace jishiban {
namespace {

// Looks `text` up in a table of (value, name) pairs.
template <class Enum, std::size_t N>
std::optional<Enum> find_by_name(const std::array<std::pair<Enum, std::string_view>, N>& names,
                                 std::string_view text) noexcept {
  for (const auto& [value, name] : names) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) noexcept {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

constexpr std::array<std::pair<Channel, std::string_view>, 3> kChannels{{
    {Channel::hotline, "hotline"},
    {Channel::email, "email"},
    {Channel::wechat, "wechat"},
}};

constexpr std::array<std::pair<Category, std::string_view>, 3> kCategories{{
    {Category::consultation, "consultation"},
    {Category::general, "general"},
    {Category::difficult, "difficult"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 9> kRoles{{
    {Role::service_officer, "service_officer"},
    {Role::office_leader, "office_leader"},
    {Role::office_supervisor, "office_supervisor"},
    {Role::reviewer, "reviewer"},
    {Role::committee_leader, "committee_leader"},
    {Role::unit_leader, "unit_leader"},
    {Role::handler, "handler"},
    {Role::discipline_inspection, "discipline_inspection"},
    {Role::report_viewer, "report_viewer"},
}};

}  // namespace

std::string_view to_string(Channel channel) noexcept { return name_of(kChannels, channel); }
std::optional<Channel> parse_channel(std::string_view text) noexcept { return find_by_name(kChannels, text); }

std::string_view to_string(Category category) noexcept { return name_of(kCategories, category); }
std::optional<Category> parse_category(std::string_view text) noexcept { return find_by_name(kCategories, text); }

std::string_view to_string(Role role) noexcept { return name_of(kRoles, role); }
std::optional<Role> parse_role(std::string_view text) noexcept { return find_by_name(kRoles, text); }

bool is_office_role(Role role) noexcept {
  return role == Role::service_officer || role == Role::office_leader || role == Role::office_supervisor ||
         role == Role::reviewer;
}

}  // namespace jishiban
