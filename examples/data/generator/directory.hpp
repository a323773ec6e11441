// The people of the example stream: the administration office, the nine
// units of the economic zone with their leaders and handlers, and the
// enterprises that submit requests. All names, companies, phone numbers and
// e-mail addresses are made up.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_DIRECTORY_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_DIRECTORY_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace stream_generator {

// A unit (承办单位) of the administration.
struct Unit {
  std::string name;  // the value of lead_unit and Actor::unit, such as 规划建设局
  std::string code;  // the prefix of its staff ids, such as GHJS

  // Relative share of the requests the unit leads.
  int request_weight = 0;

  // Per-mille chance that the unit replies after the handling deadline in a
  // first round of handling.
  int late_permille = 0;

  std::size_t leader = 0;             // index into Directory::actors
  std::vector<std::size_t> handlers;  // indexes into Directory::actors
};

// One contact person of an enterprise.
struct Contact {
  std::string name;
  std::string phone;
  std::string email;
};

// An enterprise that submits requests.
struct Company {
  std::string name;
  std::string address;
  std::vector<Contact> contacts;
};

// Bits of a request's requester fields: which of them it carries.
inline constexpr unsigned kName = 1u << 0;
inline constexpr unsigned kCompany = 1u << 1;
inline constexpr unsigned kAddress = 1u << 2;
inline constexpr unsigned kPhone = 1u << 3;
inline constexpr unsigned kEmail = 1u << 4;

class Directory {
 public:
  // Builds the staff, which is fixed, and the companies, which come from a
  // fixed internal seed, so every stream uses the same people.
  Directory();

  const std::vector<jishiban::Actor>& actors() const noexcept { return actors_; }
  const jishiban::Actor& actor(std::size_t index) const { return actors_.at(index); }
  const std::vector<Unit>& units() const noexcept { return units_; }
  const std::vector<Company>& companies() const noexcept { return companies_; }

  // Office staff, as indexes into actors().
  const std::vector<std::size_t>& service_officers() const noexcept { return service_officers_; }
  const std::vector<std::size_t>& office_leaders() const noexcept { return office_leaders_; }
  std::size_t supervisor() const noexcept { return supervisor_; }
  const std::vector<std::size_t>& reviewers() const noexcept { return reviewers_; }
  std::size_t committee_leader() const noexcept { return committee_leader_; }

  // The requester data of a request: the listed `fields` (bits kName to kEmail) of contact
  // `contact` of company `company`.
  jishiban::Requester requester(std::size_t company, std::size_t contact, std::uint8_t fields) const;

 private:
  std::size_t add_actor(std::string id, std::string name, jishiban::Role role, std::string unit);
  void add_units();
  void add_companies();

  std::vector<jishiban::Actor> actors_;
  std::vector<Unit> units_;
  std::vector<Company> companies_;
  std::vector<std::size_t> service_officers_;
  std::vector<std::size_t> office_leaders_;
  std::size_t supervisor_ = 0;
  std::vector<std::size_t> reviewers_;
  std::size_t committee_leader_ = 0;
};

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_DIRECTORY_HPP
