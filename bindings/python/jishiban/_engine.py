"""The workflow engine on an SQLite database."""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from . import _core
from ._calendar import Calendar
from ._commands import command_text, json_text
from ._errors import InvalidArgumentError
from ._language import _NAMES, get_language
from ._ticket import Ticket

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
Actor = Mapping[str, Any]
Instant = Union[_dt.datetime, str]

_REPORT_FORMATS = ("dict", "json", "text", "csv", "html")


@dataclass(frozen=True)
class BadLine:
    """A line of a replayed stream that was not applied, and why."""

    #: The line number, from 1.
    line: int
    #: The error code, as :attr:`jishiban.Error.code`.
    code: int
    #: The error code's name, such as ``"invalid_transition"``.
    code_name: str
    #: The reason, starting with ``"<file>:<line>"``.
    message_en: str
    message_zh: str

    @property
    def message(self) -> str:
        """The reason in the current language."""
        return self.message_zh if get_language() == "zh" else self.message_en


@dataclass(frozen=True)
class ReplayResult:
    """The counts of one :meth:`Engine.replay` run."""

    #: Lines read, blank ones included.
    lines: int
    #: Commands the engine accepted.
    applied: int
    #: Commands whose idempotency key was used before: applied by an earlier replay.
    repeated: int
    #: Lines not applied; :attr:`bad_lines` lists the first of them.
    bad: int
    #: New tickets.
    registered: int
    #: SLA warnings, breaches and escalations recorded by polling.
    sla_events: int
    #: Whether ``strict=True`` stopped the replay at a bad line.
    stopped: bool
    #: The instant of the last line, or None for an empty stream.
    last_at: Optional[_dt.datetime]
    #: The first ``max_bad_lines`` bad lines, in order.
    bad_lines: Tuple[BadLine, ...]


def _language_name(language: Optional[str], field: str) -> Optional[str]:
    if language is None:
        return None
    name = _NAMES.get(language) if isinstance(language, str) else None
    if name is None:
        quoted = repr(language)[:60]
        raise InvalidArgumentError(
            f'{field} must be "en" or "zh", not {quoted}',
            f'{field} 必须是 "en" 或 "zh"，而不是 {quoted}',
        )
    return name


class Engine:
    """The 123 workflow engine on an SQLite database file.

    Args:
        path: the database file; created when missing. Several engines and
            processes may open the same file.
        calendar: the working-time calendar of the SLA clocks; the built-in
            official calendar when None.
        policy: None for the standard service rules, a dict of the policy
            JSON (see docs/workflow.md), or the path of a policy JSON file.
        clock: None for the system clock; a datetime (or ISO 8601 string)
            for a manual clock that starts there and moves only when
            :attr:`now` is set or :meth:`replay` runs.
        deliver_notifications: whether the engine passes new notifications
            to ``notifier`` after each command and poll. When False (the
            default) they stay in the outbox until :meth:`deliver`.
        notifier: a callable taking a notification dict, needed when
            ``deliver_notifications`` is True; see :meth:`deliver`.
        language: ``"en"`` or ``"zh"`` for this engine's reports; None
            follows :func:`jishiban.set_language`.
        synchronous: SQLite's durability: ``"full"`` (the default: a command
            that returned survives a power failure), ``"normal"`` (survives a
            crash of the process) or ``"off"`` (for tests and scratch copies).

    Actors are dicts ``{"id", "name", "role", "unit"}``; ``role`` is one of
    the role names of docs/workflow.md and ``unit`` is empty for office roles.

    The methods that touch the database release the GIL, and one Engine may
    be used from several threads. :meth:`close` waits for calls in progress;
    any call after it raises :class:`InvalidArgumentError`.
    """

    def __init__(
        self,
        path: PathLike,
        calendar: Optional[Calendar] = None,
        policy: Union[None, Mapping[str, Any], PathLike] = None,
        clock: Optional[Instant] = None,
        *,
        deliver_notifications: bool = False,
        notifier: Optional[Callable[[Dict[str, Any]], Any]] = None,
        language: Optional[str] = None,
        synchronous: str = "full",
    ) -> None:
        if calendar is None:
            calendar = Calendar()
        elif not isinstance(calendar, _core.Calendar):
            raise InvalidArgumentError(
                f"calendar must be a jishiban.Calendar, not {type(calendar).__name__}",
                f"calendar 必须是 jishiban.Calendar，而不是 {type(calendar).__name__}",
            )
        if not isinstance(deliver_notifications, bool):
            raise InvalidArgumentError(
                f"deliver_notifications must be a bool, not {type(deliver_notifications).__name__}",
                f"deliver_notifications 必须是 bool，而不是 {type(deliver_notifications).__name__}",
            )
        self._calendar = calendar
        self._language = _language_name(language, "language")
        policy_text = None
        policy_path = None
        if isinstance(policy, Mapping):
            policy_text = json_text(policy, "policy", calendar._format_instant)
        elif policy is not None:
            policy_path = policy
        self._core = _core.EngineCore(
            path,
            calendar,
            policy_text,
            policy_path,
            clock,
            deliver_notifications,
            notifier,
            synchronous,
        )
        self._path = path

    # --- Commands and tickets ----------------------------------------------

    def execute(self, command: Union[Mapping[str, Any], str]) -> Ticket:
        """Run one command at the clock's current instant; return the ticket after it.

        ``command`` is a dict of the command JSON form (docs/workflow.md and
        ``jishiban/workflow/command_json.hpp``), for example::

            {"type": "claim", "ticket": "PW2026000001",
             "actor": {"id": "u01", "role": "unit_leader", "unit": "commerce-bureau"},
             "payload": {"handler_id": "h01", "handler_name": "Sun"}}

        or the same as JSON text. Datetime values are written as RFC 3339
        text under the calendar's rule for naive values. The returned ticket
        is the one the command's actor may view. Raises NotFoundError,
        ForbiddenError, InvalidArgumentError (payload), InvalidTransitionError,
        ConflictError, InvalidDataError (malformed command), or
        OutOfRangeError (an integer outside signed 64 bits); the stored
        ticket is unchanged then.
        """
        text = command_text(command, self._calendar._format_instant)
        return self._ticket(self._core.execute(text))

    def view(self, ticket_id: str, actor: Actor) -> Ticket:
        """Return the ticket as ``actor`` may view it (contact data masked unless allowed)."""
        return self._ticket(self._core.view(actor, ticket_id))

    def history(self, ticket_id: str, actor: Actor) -> List[Dict[str, Any]]:
        """Return the ticket's events as dicts of the event JSON, oldest first.

        Instants stay RFC 3339 strings at UTC+08:00. Requester contact data in
        the registration is masked unless ``actor`` may view it.
        """
        return [json.loads(text) for text in self._core.history(actor, ticket_id)]

    def available_commands(self, ticket_id: str, actor: Actor) -> List[str]:
        """Return the command names ``actor`` may give on the ticket now."""
        return list(self._core.available_commands(actor, ticket_id))

    # --- Time ---------------------------------------------------------------

    def poll(self, now: Optional[Instant] = None) -> List[Dict[str, Any]]:
        """Record every SLA warning, breach and escalation due at ``now``; return those events.

        ``now`` defaults to the clock's instant.
        """
        return [json.loads(text) for text in self._core.poll(now)]

    def next_wakeup(self) -> Optional[_dt.datetime]:
        """Return the earliest instant at which :meth:`poll` has work, or None."""
        return self._core.next_wakeup()

    @property
    def now(self) -> _dt.datetime:
        """The clock's current instant. Settable only with a manual clock."""
        return self._core.now

    @now.setter
    def now(self, value: Instant) -> None:
        self._core.set_now(value)

    def set_now(self, value: Instant) -> None:
        """Set the manual clock. Raises InvalidArgumentError on a system-clock engine."""
        self._core.set_now(value)

    @property
    def manual_clock(self) -> bool:
        """Whether the engine reads a manual clock rather than the system clock."""
        return self._core.manual_clock

    # --- Queries ------------------------------------------------------------

    def find_by_state(self, state: str) -> List[str]:
        """Return the ids of the tickets in ``state``, in ticket-number order."""
        return list(self._core.find_by_state(state))

    def find_by_unit(self, unit: str) -> List[str]:
        """Return the ids of the tickets whose lead unit is ``unit``, in ticket-number order."""
        return list(self._core.find_by_unit(unit))

    def find_due_before(self, until: Instant) -> List[str]:
        """Return the ids of open tickets with a running clock due at or before ``until``, earliest first."""
        return list(self._core.find_due_before(until))

    def open_tickets(self) -> List[str]:
        """Return the ids of every open ticket, in ticket-number order."""
        return list(self._core.open_tickets())

    def undelivered_notifications(self) -> int:
        """Return the number of notifications in the outbox that no callback has accepted yet."""
        return self._core.undelivered_notifications()

    # --- Reports, replay and delivery ---------------------------------------

    def report(
        self,
        start: Union[_dt.date, Instant],
        end: Union[_dt.date, Instant],
        as_of: Optional[Instant] = None,
        format: str = "dict",
        language: Optional[str] = None,
    ) -> Union[Dict[str, Any], str]:
        """Build the supervision report of the tickets received in [start, end).

        ``start`` and ``end`` are datetimes, ISO 8601 strings, or dates (a date
        means its 00:00 in the calendar's zone, so ``end=date(2027, 1, 1)``
        ends with 2026). ``as_of`` is the instant at which clocks are judged,
        ``end`` by default. ``format`` is ``"dict"`` (the parsed JSON),
        ``"json"``, ``"text"``, ``"csv"`` or ``"html"``; ``language`` ("en" or
        "zh") words the text, CSV and HTML forms. The report contains no
        requester data. See docs/reports.md.
        """
        if format not in _REPORT_FORMATS:
            quoted = repr(format)[:40]
            raise InvalidArgumentError(
                f'format must be "dict", "json", "text", "csv" or "html", not {quoted}',
                f'format 必须是 "dict"、"json"、"text"、"csv" 或 "html"，而不是 {quoted}',
            )
        words = _language_name(language, "language") or self._language or get_language()
        native = "json" if format == "dict" else format
        text = self._core.report(start, end, as_of, native, words)
        return json.loads(text) if format == "dict" else text

    def replay(
        self,
        path: PathLike,
        strict: bool = False,
        until: Optional[Instant] = None,
        *,
        batch_lines: int = 512,
        max_bad_lines: int = 1000,
    ) -> ReplayResult:
        """Apply a stream of timestamped commands (JSON lines, see docs/workflow.md) from a file.

        The engine's manual clock is set to each line's instant and SLA
        events are recorded as time passes. After the last line the engine
        polls once more at ``until`` (default: the last line's instant); the
        clock stays at the last line's instant. A line that is malformed or
        rejected is reported in the result and skipped, or stops the replay
        when ``strict`` is True.
        ``batch_lines`` lines share one transaction. Raises
        InvalidArgumentError on a system-clock engine, because replay sets
        the clock, or when ``path`` is a device such as ``/dev/zero``, whose
        end may never come (files and pipes are read). Raises StorageIOError
        when the file cannot be read or is a directory.
        """
        if not isinstance(strict, bool):
            raise InvalidArgumentError(
                f"strict must be a bool, not {type(strict).__name__}",
                f"strict 必须是 bool，而不是 {type(strict).__name__}",
            )
        counts = self._core.replay(path, strict, until, batch_lines, max_bad_lines)
        bad_lines = tuple(
            BadLine(line, code, _core.error_code_name(code), en, zh) for line, code, en, zh in counts["bad_lines"]
        )
        return ReplayResult(
            lines=counts["lines"],
            applied=counts["applied"],
            repeated=counts["repeated"],
            bad=counts["bad"],
            registered=counts["registered"],
            sla_events=counts["sla_events"],
            stopped=counts["stopped"],
            last_at=counts["last_at"],
            bad_lines=bad_lines,
        )

    def deliver(self, callback: Callable[[Dict[str, Any]], Any], now: Optional[Instant] = None) -> Tuple[int, int]:
        """Offer each pending notification of the outbox to ``callback``; return (delivered, failed).

        ``callback`` receives a dict with ``id``, ``kind``, ``ticket_id``,
        ``sequence``, ``at`` (an aware datetime), ``recipient_role``,
        ``recipient_unit``, ``message_en`` and ``message_zh``. A notification
        counts as delivered unless the callback raises an Exception or
        returns False. A failed one stays in the outbox and is offered again
        after a pause of 30 s that doubles with each failure, up to an hour.
        The exception is logged as a warning on the ``"jishiban"`` logger. A
        KeyboardInterrupt or other BaseException stops the delivery and is
        raised. Delivery is at least once: receivers drop repeats by ``id``.
        ``now`` defaults to the clock's instant.

        Deliveries of one engine run one at a time: a second thread's call
        waits for the first. A callback that calls ``deliver()`` on its own
        engine gets InvalidArgumentError, because that call would offer the
        same notifications again.
        """
        delivered, failed = self._core.deliver(callback, now)
        return delivered, failed

    # --- Settings and life cycle ---------------------------------------------

    @property
    def calendar(self) -> Calendar:
        """The calendar the engine computes SLA clocks on."""
        return self._calendar

    @property
    def policy(self) -> Dict[str, Any]:
        """Every setting of the engine's policy, as the policy JSON dict."""
        settings: Dict[str, Any] = json.loads(self._core.policy_json())
        return settings

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._core.closed

    def close(self) -> None:
        """Close the database after the calls in progress have returned. Calling it again does nothing."""
        self._core.close()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        clock = "manual clock" if self.manual_clock else "system clock"
        return f"<jishiban.Engine {os.fsdecode(self._path)!r} ({state}, {clock})>"

    def _ticket(self, text: str) -> Ticket:
        return Ticket.from_dict(json.loads(text), self._calendar.tzinfo)
