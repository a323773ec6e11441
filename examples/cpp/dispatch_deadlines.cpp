// Computes the dispatch and handling deadlines of a few requests received
// around the 2026 National Day holiday, the way a hotline console would.
#include <jishiban/jishiban.hpp>

#include <iostream>

int main() {
  using jishiban::TargetSpec;

  const jishiban::Calendar calendar;  // official data, strict coverage, UTC+08:00
  const jishiban::UtcOffset zone = calendar.utc_offset();

  struct Request {
    const char* received;
    const char* channel;
    int dispatch_minutes;  // hotline 10, e-mail and WeChat 60
    int handling_days;     // consultation 1, general 2, difficult 3
  };
  const Request requests[] = {
      {"2026-09-30T16:50", "email", 60, 2},
      {"2026-09-30T16:55", "hotline", 10, 1},
      {"2026-10-03T10:00", "wechat", 60, 3},
  };

  for (const Request& request : requests) {
    const jishiban::Instant received = jishiban::parse_instant(request.received, zone);
    const jishiban::Deadline dispatch =
        calendar.deadline(received, TargetSpec::working_minutes(request.dispatch_minutes));
    const jishiban::Deadline handling =
        calendar.deadline(dispatch.due, TargetSpec::working_days(request.handling_days));

    std::cout << request.received << " " << request.channel << ": dispatch by "
              << jishiban::format_instant(dispatch.due, zone) << ", answer by "
              << jishiban::format_instant(handling.due, zone) << "\n";
  }
  return 0;
}
