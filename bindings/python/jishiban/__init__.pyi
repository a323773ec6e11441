"""Type stubs of the jishiban package. docs/python.md describes the API."""

import datetime as _dt
import os
from dataclasses import dataclass

from ._core import Calendar as _CoreCalendar
from ._core import DayInfo as DayInfo
from ._core import Deadline as Deadline
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

__version__: str

_Path = Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]
# An aware or naive datetime, or ISO 8601 text.
_Instant = Union[_dt.datetime, str]
# A date, or text YYYY-MM-DD.
_Actor = Mapping[str, Any]
_Notification = Dict[str, Any]
# "en" or "zh" ("zh_CN" and "zh-CN" also mean Chinese), checked at run time.
_Language = str

# --- Language ------------------------------------------------------------------

def set_language(language: str) -> None:
    """Set the language of error messages, reports and log lines: "en" or "zh"."""

def get_language() -> Literal["en", "zh"]:
    """Return the current language, "en" or "zh"."""

# --- Errors --------------------------------------------------------------------

class Error(Exception):
    """An error of the library, with a stable code and messages in two languages."""

    code: int
    code_name: str
    message_en: str
    message_zh: str
    def __init__(self, message_en: str, message_zh: Optional[str] = ...) -> None: ...
    @property
    def message(self) -> str:
        """The message in the current language."""

class InvalidArgumentError(Error):
    """A value given by the caller is malformed or outside its domain (code 1)."""

class InvalidDataError(Error):
    """A file, JSON text or string is malformed or not valid UTF-8 (code 2)."""

class CalendarNotCoveredError(Error):
    """Under strict coverage, a computation needs a year without official data (code 3)."""

class OutOfRangeError(Error):
    """A value lies outside the range the library can represent or has tables for (code 4)."""

class StorageIOError(Error):
    """A file could not be read or written (code 5, io_error)."""

class NotFoundError(Error):
    """The ticket, actor or unit named does not exist (code 6)."""

class ConflictError(Error):
    """The ticket changed since the caller read it, or a key is in use (code 7)."""

class ForbiddenError(Error):
    """The actor's role or unit does not allow the action on this ticket (code 8)."""

class InvalidTransitionError(Error):
    """The command is not allowed in the ticket's current state (code 9)."""

class BusyError(Error):
    """Another process held the database's write lock too long; nothing was written (code 10)."""

# --- Calendar ------------------------------------------------------------------

class Calendar(_CoreCalendar):
    """Working-time arithmetic on the official Chinese calendar, with batch methods."""

    @overload
    def add_working_minutes_batch(self, values: Sequence[_Instant], minutes: int) -> List[_dt.datetime]: ...
    @overload
    def add_working_minutes_batch(self, values: Any, minutes: int) -> Any: ...
    @overload
    def add_working_time_batch(self, values: Sequence[_Instant], amount: _dt.timedelta) -> List[_dt.datetime]: ...
    @overload
    def add_working_time_batch(self, values: Any, amount: _dt.timedelta) -> Any: ...
    @overload
    def elapsed_working_time_batch(self, begins: Sequence[_Instant], ends: Sequence[_Instant]) -> List[_dt.timedelta]: ...
    @overload
    def elapsed_working_time_batch(self, begins: Any, ends: Any) -> Any: ...

# --- Tickets -------------------------------------------------------------------

@dataclass(frozen=True)
class Requester:
    """The requester's contact data, masked unless the viewer may see it."""

    name: str
    company: str
    address: str
    phone: str
    email: str
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Requester: ...

@dataclass(frozen=True)
class Opinion:
    """A signed opinion on the work order."""

    actor_id: str
    actor_name: str
    text: str
    at: _dt.datetime
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo], key: str) -> Optional[Opinion]: ...

@dataclass(frozen=True)
class AssistingOpinion:
    """An assisting unit's opinion."""

    unit: str
    opinion: Opinion

@dataclass(frozen=True)
class ResultReport:
    """The result the unit reported to the office."""

    problem: str
    handling: str
    result: str
    attachments: Tuple[str, ...]

@dataclass(frozen=True)
class ClockTarget:
    """The limit of an SLA clock."""

    amount: int
    unit: str
    convention: str

@dataclass(frozen=True)
class SlaClock:
    """An SLA clock of a ticket: the dispatch clock or the handling clock."""

    kind: str
    target: ClockTarget
    start: _dt.datetime
    due: _dt.datetime
    warning_at: _dt.datetime
    escalation_at: _dt.datetime
    provisional: bool
    paused_at: Optional[_dt.datetime]
    paused: _dt.timedelta
    stopped_at: Optional[_dt.datetime]
    extensions: int
    extension_days: int
    warned: bool
    breached: bool
    escalated: bool
    @classmethod
    def from_dict(cls, data: Optional[Mapping[str, Any]], tzinfo: Optional[_dt.tzinfo], key: str) -> Optional[SlaClock]: ...
    @property
    def running(self) -> bool: ...
    def status(self, now: _dt.datetime) -> Literal["on_track", "warning", "breached", "met", "missed"]: ...

@dataclass(frozen=True)
class Ticket:
    """One enterprise request and its work order, as an actor may view it."""

    id: str
    year: int
    sequence: int
    received_at: _dt.datetime
    registered_at: _dt.datetime
    channel: str
    requester: Requester
    content: str
    category: Optional[str]
    lead_unit: str
    assisting_units: Tuple[str, ...]
    proposed_handling: str
    office_leader_opinion: Optional[Opinion]
    unit_leader_opinion: Optional[Opinion]
    committee_opinion: Optional[Opinion]
    handler_id: str
    handler_name: str
    reviewer_id: str
    reviewer_name: str
    first_contact_at: Optional[_dt.datetime]
    proposal: str
    special_report: str
    assisting_opinions: Tuple[AssistingOpinion, ...]
    assisting_override: str
    reply: str
    replied_at: Optional[_dt.datetime]
    declined: bool
    decline_rule: str
    result: ResultReport
    result_reported_at: Optional[_dt.datetime]
    satisfaction: Optional[str]
    return_visit_attempts: int
    requested_extension_days: int
    suspension_requested: bool
    urges: int
    returns: int
    reworks: int
    reopenings: int
    lost_working_time: _dt.timedelta
    closure: str
    closing_note: str
    duplicate_of: str
    state: str
    dispatch_clock: Optional[SlaClock]
    handling_clock: Optional[SlaClock]
    version: int
    updated_at: _dt.datetime
    source_id: Optional[int] = ...
    _data: Dict[str, Any] = ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo] = ...) -> Ticket: ...
    def to_dict(self) -> Dict[str, Any]: ...
    @property
    def is_open(self) -> bool: ...

# --- Engine --------------------------------------------------------------------

@dataclass(frozen=True)
class BadLine:
    """A line of a replayed stream that was not applied, and why."""

    line: int
    code: int
    code_name: str
    message_en: str
    message_zh: str
    @property
    def message(self) -> str: ...

@dataclass(frozen=True)
class ReplayResult:
    """The counts of one Engine.replay run."""

    lines: int
    applied: int
    repeated: int
    bad: int
    registered: int
    sla_events: int
    stopped: bool
    last_at: Optional[_dt.datetime]
    bad_lines: Tuple[BadLine, ...]

class Engine:
    """The 123 workflow engine on an SQLite database file."""

    def __init__(
        self,
        path: _Path,
        calendar: Optional[Calendar] = ...,
        policy: Union[None, Mapping[str, Any], _Path] = ...,
        clock: Optional[_Instant] = ...,
        *,
        deliver_notifications: bool = ...,
        notifier: Optional[Callable[[_Notification], Any]] = ...,
        language: Optional[_Language] = ...,
        synchronous: Literal["full", "normal", "off"] = ...,
    ) -> None: ...
    def execute(self, command: Union[Mapping[str, Any], str]) -> Ticket: ...
    def view(self, ticket_id: str, actor: _Actor) -> Ticket: ...
    def history(self, ticket_id: str, actor: _Actor) -> List[Dict[str, Any]]: ...
    def available_commands(self, ticket_id: str, actor: _Actor) -> List[str]: ...
    def poll(self, now: Optional[_Instant] = ...) -> List[Dict[str, Any]]: ...
    def next_wakeup(self) -> Optional[_dt.datetime]: ...
    @property
    def now(self) -> _dt.datetime: ...
    @now.setter
    def now(self, value: _Instant) -> None: ...
    def set_now(self, value: _Instant) -> None: ...
    @property
    def manual_clock(self) -> bool: ...
    def find_by_state(self, state: str) -> List[str]: ...
    def find_by_unit(self, unit: str) -> List[str]: ...
    def find_due_before(self, until: _Instant) -> List[str]: ...
    def open_tickets(self) -> List[str]: ...
    def undelivered_notifications(self) -> int: ...
    @overload
    def report(
        self,
        start: Union[_dt.date, _Instant],
        end: Union[_dt.date, _Instant],
        as_of: Optional[_Instant] = ...,
        format: Literal["dict"] = ...,
        language: Optional[_Language] = ...,
    ) -> Dict[str, Any]: ...
    @overload
    def report(
        self,
        start: Union[_dt.date, _Instant],
        end: Union[_dt.date, _Instant],
        as_of: Optional[_Instant],
        format: Literal["json", "text", "csv", "html"],
        language: Optional[_Language] = ...,
    ) -> str: ...
    @overload
    def report(
        self,
        start: Union[_dt.date, _Instant],
        end: Union[_dt.date, _Instant],
        as_of: Optional[_Instant] = ...,
        *,
        format: Literal["json", "text", "csv", "html"],
        language: Optional[_Language] = ...,
    ) -> str: ...
    def replay(
        self,
        path: _Path,
        strict: bool = ...,
        until: Optional[_Instant] = ...,
        *,
        batch_lines: int = ...,
        max_bad_lines: int = ...,
    ) -> ReplayResult: ...
    def deliver(self, callback: Callable[[_Notification], Any], now: Optional[_Instant] = ...) -> Tuple[int, int]: ...
    @property
    def calendar(self) -> Calendar: ...
    @property
    def policy(self) -> Dict[str, Any]: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Engine: ...
    def __exit__(self, *exc_info: Any) -> None: ...
