#include "summary.hpp"

#include <cstddef>
#include <string_view>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/ticket.hpp"
#include "jishiban/workflow/ticket_state.hpp"

namespace stream_generator {
namespace {

// "count (12.3%)" of `total`, computed in integers.
std::string share(std::int64_t count, std::int64_t total) {
  const std::int64_t permille = total == 0 ? 0 : (count * 1000 + total / 2) / total;
  return std::to_string(count) + " (" + std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%)";
}

}  // namespace

Summary::Summary(const World& world, int year) : world_(world), by_unit_(world.directory.units().size(), 0) {
  const jishiban::Date first(static_cast<unsigned short>(year), 1, 1);
  const jishiban::Date last(static_cast<unsigned short>(year), 12, 31);
  for (const char* holiday : {"Spring Festival", "National Day"}) {
    DateWindow window{holiday, last, first};
    bool found = false;
    for (jishiban::Date date = first; date <= last; date += boost::gregorian::date_duration(1)) {
      const jishiban::DayInfo info = world.calendar.day_info(date);
      if (info.kind == jishiban::DayKind::holiday && info.name_en == holiday) {
        window.first = found ? window.first : date;
        window.last = date;
        found = true;
      }
    }
    if (found) {
      window.first -= boost::gregorian::date_duration(7);
      window.last += boost::gregorian::date_duration(7);
      windows_.push_back(window);
    }
  }
  in_window_.assign(windows_.size(), 0);
}

void Summary::add(const Request& request) {
  ++requests_;
  lines_ += static_cast<std::int64_t>(request.steps.size());
  ++by_unit_[request.unit];
  ++by_channel_[static_cast<std::size_t>(request.channel)];
  ++by_category_[static_cast<std::size_t>(request.category)];
  out_of_scope_ += request.out_of_scope ? 1 : 0;

  const jishiban::Calendar& calendar = world_.calendar;
  const jishiban::Date date = jishiban::to_civil(request.received_at, calendar.utc_offset()).date;
  const jishiban::DayInfo day = calendar.day_info(date);
  if (!day.working) {
    ++rest_days_;
  } else if (calendar.next_working_instant(request.received_at).value != request.received_at) {
    ++after_hours_;
  }
  make_up_days_ += day.kind == jishiban::DayKind::make_up_working_day ? 1 : 0;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    in_window_[i] += windows_[i].first <= date && date <= windows_[i].last ? 1 : 0;
  }

  for (const Step& step : request.steps) {
    ++commands_[static_cast<std::size_t>(step.type)];
    if (step.type == jishiban::EventType::return_visit) {
      ++visits_[static_cast<std::size_t>(step.value)];
    }
  }
}

void Summary::print(std::ostream& out, const StreamCheck* check) const {
  out << "requests: " << requests_ << ", lines: " << lines_ << "\n";

  out << "by unit of the matter:\n";
  const std::vector<Unit>& units = world_.directory.units();
  for (std::size_t i = 0; i < units.size(); ++i) {
    out << "  " << units[i].name << " " << share(by_unit_[i], requests_) << "\n";
  }

  out << "by channel:";
  for (std::size_t i = 0; i < by_channel_.size(); ++i) {
    out << " " << jishiban::to_string(static_cast<jishiban::Channel>(i)) << " " << share(by_channel_[i], requests_);
  }
  out << "\nby category of the first work order:";
  for (std::size_t i = 0; i < by_category_.size(); ++i) {
    out << " " << jishiban::to_string(static_cast<jishiban::Category>(i)) << " "
        << share(by_category_[i], requests_);
  }
  out << "\nout of scope: " << out_of_scope_ << "\n";

  out << "arrivals: after hours on working days " << share(after_hours_, requests_)
      << ", on rest days and holidays " << share(rest_days_, requests_) << ", on make-up working days "
      << make_up_days_ << "\n";
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    out << "arrivals " << jishiban::format_date(windows_[i].first) << " to "
        << jishiban::format_date(windows_[i].last) << " (" << windows_[i].name << " +-7 days): " << in_window_[i]
        << "\n";
  }

  out << "commands:\n";
  for (std::size_t i = 0; i < commands_.size(); ++i) {
    if (commands_[i] > 0) {
      out << "  " << jishiban::to_string(static_cast<jishiban::EventType>(i)) << " " << commands_[i] << "\n";
    }
  }
  out << "return visits: satisfied " << visits_[0] << ", basically_satisfied " << visits_[1] << ", dissatisfied "
      << visits_[2] << ", unreachable " << visits_[3] << "\n";

  if (check == nullptr) {
    return;
  }
  const SlaCounts& sla = check->sla();
  out << "engine SLA events: dispatch warnings " << sla.dispatch_warnings << ", dispatch breaches "
      << sla.dispatch_breaches << ", handling warnings " << sla.handling_warnings << ", handling breaches "
      << sla.handling_breaches << ", escalations " << sla.handling_escalations << "\n";
  out << "closed tickets by closure:";
  const auto closures = check->closures();
  for (std::size_t i = 0; i < closures.size(); ++i) {
    if (closures[i] > 0) {
      out << " " << jishiban::to_string(static_cast<jishiban::Closure>(i)) << " " << closures[i];
    }
  }
  out << "\n";
  out << "tickets at the end of the year:";
  const auto states = check->states();
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (states[i] > 0) {
      out << " " << jishiban::to_string(static_cast<jishiban::TicketState>(i)) << " " << states[i];
    }
  }
  out << "\n";
}

}  // namespace stream_generator
