"""jishiban (即时办): working-time deadlines on the official Chinese calendar, and the 123 workflow engine.

The package wraps the C++ library of the same name:

* :class:`Calendar`: working-time arithmetic on the State Council holiday
  data, with make-up working days, lunch breaks and the Civil Code's
  day-counting rule, exact to the second.
* :class:`Engine`: the workflow of enterprise requests on an SQLite
  database, with SLA clocks, role rules, masking, reports and replay.
* :class:`Ticket`: a read-only view of one ticket.
* :class:`Error` and one subclass per error code.

See docs/python.md for the datetime rule and examples.
"""

from ._core import DayInfo, Deadline, __version__
from ._calendar import Calendar
from ._engine import BadLine, Engine, ReplayResult
from ._errors import (
    BusyError,
    CalendarNotCoveredError,
    ConflictError,
    Error,
    ForbiddenError,
    InvalidArgumentError,
    InvalidDataError,
    InvalidTransitionError,
    NotFoundError,
    OutOfRangeError,
    StorageIOError,
)
from ._language import get_language, set_language
from ._ticket import AssistingOpinion, ClockTarget, Opinion, Requester, ResultReport, SlaClock, Ticket

__all__ = [
    "AssistingOpinion",
    "BadLine",
    "BusyError",
    "Calendar",
    "CalendarNotCoveredError",
    "ClockTarget",
    "ConflictError",
    "DayInfo",
    "Deadline",
    "Engine",
    "Error",
    "ForbiddenError",
    "InvalidArgumentError",
    "InvalidDataError",
    "InvalidTransitionError",
    "NotFoundError",
    "Opinion",
    "OutOfRangeError",
    "ReplayResult",
    "Requester",
    "ResultReport",
    "SlaClock",
    "StorageIOError",
    "Ticket",
    "__version__",
    "get_language",
    "set_language",
]
