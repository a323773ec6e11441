// Convenience header: the whole public C++ API of the library.
#ifndef JISHIBAN_JISHIBAN_HPP
#define JISHIBAN_JISHIBAN_HPP

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/calendar/calendar_data.hpp"
#include "jishiban/calendar/deadline.hpp"
#include "jishiban/calendar/working_hours.hpp"
#include "jishiban/error.hpp"
#include "jishiban/store/sqlite_store.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/time/civil_time.hpp"
#include "jishiban/time/instant.hpp"
#include "jishiban/time/iso8601.hpp"
#include "jishiban/version.hpp"
#include "jishiban/workflow/actor.hpp"
#include "jishiban/workflow/authorization.hpp"
#include "jishiban/workflow/category.hpp"
#include "jishiban/workflow/channel.hpp"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/event_type.hpp"
#include "jishiban/workflow/history.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/masking.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/policy.hpp"
#include "jishiban/workflow/sla.hpp"
#include "jishiban/workflow/store.hpp"
#include "jishiban/workflow/ticket.hpp"
#include "jishiban/workflow/ticket_state.hpp"

#endif  // JISHIBAN_JISHIBAN_HPP
