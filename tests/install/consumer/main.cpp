// Computes one deadline with the installed library and checks it: 60 working
// minutes from Wednesday 2026-09-30 16:50 skip the National Day holiday
// (October 1-7) and fall due on 2026-10-08 at 09:20. Exits with 1 on a
// mismatch.
#include <jishiban/calendar/calendar.hpp>
#include <jishiban/time/iso8601.hpp>
#include <jishiban/version.hpp>

#include <exception>
#include <iostream>
#include <string>

int main() {
  try {
    if (jishiban::library_version() != JISHIBAN_VERSION) {
      std::cerr << "library version " << jishiban::library_version() << " does not match header version "
                << JISHIBAN_VERSION << "\n";
      return 1;
    }

    const jishiban::Calendar calendar;
    const jishiban::Instant start = jishiban::parse_instant("2026-09-30T16:50:00+08:00", calendar.utc_offset());
    const jishiban::Deadline deadline = calendar.deadline(start, jishiban::TargetSpec::working_minutes(60));
    const std::string due = jishiban::format_instant(deadline.due, calendar.utc_offset());

    const std::string expected = "2026-10-08T09:20:00+08:00";
    if (due != expected || deadline.provisional) {
      std::cerr << "deadline mismatch: expected " << expected << ", got " << due
                << (deadline.provisional ? " (provisional)" : "") << "\n";
      return 1;
    }
    std::cout << "deadline " << due << " (C++ " << __cplusplus << ")\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "unexpected exception: " << error.what() << "\n";
    return 1;
  }
}
