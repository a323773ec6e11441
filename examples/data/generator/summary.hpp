// Counts of what a generated stream holds: requests by unit, channel and
// category, arrivals on special days, and commands by type.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_SUMMARY_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_SUMMARY_HPP

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "check.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "plan.hpp"

namespace stream_generator {

// A span of dates around a holiday, both ends included.
struct DateWindow {
  std::string name;
  jishiban::Date first;
  jishiban::Date last;
};

class Summary {
 public:
  // Finds the Spring Festival and National Day holidays of `year` in the
  // calendar and counts arrivals from seven days before each to seven days
  // after it.
  Summary(const World& world, int year);

  // Counts a request that has at least one line in the stream, and its
  // lines.
  void add(const Request& request);

  // Prints the counts, and the engine's when the stream was checked.
  void print(std::ostream& out, const StreamCheck* check) const;

 private:
  const World& world_;
  std::vector<DateWindow> windows_;

  std::int64_t requests_ = 0;
  std::int64_t lines_ = 0;
  std::vector<std::int64_t> by_unit_;
  std::array<std::int64_t, 3> by_channel_{};
  std::array<std::int64_t, 3> by_category_{};
  std::int64_t out_of_scope_ = 0;
  std::int64_t after_hours_ = 0;
  std::int64_t rest_days_ = 0;
  std::int64_t make_up_days_ = 0;
  std::vector<std::int64_t> in_window_;
  std::array<std::int64_t, jishiban::event_type_count> commands_{};
  std::array<std::int64_t, 4> visits_{};
};

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_SUMMARY_HPP
