// Categories of requests, which set the handling time limit.
#ifndef JISHIBAN_WORKFLOW_CATEGORY_HPP
#define JISHIBAN_WORKFLOW_CATEGORY_HPP

#include <optional>
#include <string_view>

namespace jishiban {

enum class Category {
  consultation,  // 咨询类: handled within 1 working day by default
  general,       // 一般类: 2 working days
  difficult,     // 疑难类: 3 working days, with a special report and work plan
};

// "consultation", "general" or "difficult".
std::string_view to_string(Category category) noexcept;

// Parses the names of to_string; std::nullopt for anything else.
std::optional<Category> parse_category(std::string_view text) noexcept;

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_CATEGORY_HPP
