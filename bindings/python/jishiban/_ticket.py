"""Tickets as read-only Python objects, built from the ticket JSON of the engine.

The JSON is the one ``jishiban::to_json(const Ticket&)`` writes
(src/workflow/history_json.cpp): every field, instants as RFC 3339 text,
durations in whole seconds. :meth:`Ticket.from_dict` turns instants into
aware datetimes in the calendar's zone and durations into timedeltas, and
keeps the dict, which :meth:`Ticket.to_dict` returns.
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

from ._errors import InvalidDataError


def _instant(text: Any, tzinfo: Optional[_dt.tzinfo], key: str) -> _dt.datetime:
    if not isinstance(text, str):
        raise InvalidDataError(
            f"ticket JSON: {key} must be an RFC 3339 string, not {type(text).__name__}",
            f"工单 JSON：{key} 必须是 RFC 3339 字符串，而不是 {type(text).__name__}",
        )
    try:
        value = _dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.utcoffset() is None:
        raise InvalidDataError(
            f"ticket JSON: {key} {text[:60]!r} is not an RFC 3339 instant with an offset",
            f"工单 JSON：{key} {text[:60]!r} 不是带偏移量的 RFC 3339 时刻",
        )
    return value.astimezone(tzinfo) if tzinfo is not None else value


def _optional_instant(text: Any, tzinfo: Optional[_dt.tzinfo], key: str) -> Optional[_dt.datetime]:
    return None if text is None else _instant(text, tzinfo, key)


def _seconds(value: Any, key: str) -> _dt.timedelta:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidDataError(
            f"ticket JSON: {key} must be an integer number of seconds, not {value!r}",
            f"工单 JSON：{key} 必须是整数秒，而不是 {value!r}",
        )
    return _dt.timedelta(seconds=value)


@dataclass(frozen=True)
class Requester:
    """The requester's contact data, masked unless the viewer may see it."""

    name: str
    company: str
    address: str
    phone: str
    email: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Requester":
        """Build from the ``requester`` object of the ticket JSON."""
        return cls(data["name"], data["company"], data["address"], data["phone"], data["email"])


@dataclass(frozen=True)
class Opinion:
    """A signed opinion on the work order: who signed, when, and the text."""

    actor_id: str
    actor_name: str
    text: str
    at: _dt.datetime

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo], key: str) -> Optional["Opinion"]:
        """Build from an opinion object; None for an opinion not given yet (empty actor id)."""
        if not data["actor_id"]:
            return None
        return cls(data["actor_id"], data["actor_name"], data["text"], _instant(data["at"], tzinfo, key + ".at"))


@dataclass(frozen=True)
class AssistingOpinion:
    """An assisting unit's (协办单位) opinion."""

    unit: str
    opinion: Opinion


@dataclass(frozen=True)
class ResultReport:
    """The result the unit reported to the office (办理结果反馈)."""

    problem: str
    handling: str
    result: str
    #: References to attachments kept by the host, such as file ids or URLs.
    attachments: Tuple[str, ...]


@dataclass(frozen=True)
class ClockTarget:
    """The limit of an SLA clock: an amount of working minutes or working days."""

    amount: int
    #: ``"working_minutes"`` or ``"working_days"``.
    unit: str
    #: ``"legal_period"`` or ``"working_time"``; used for working days only.
    convention: str


@dataclass(frozen=True)
class SlaClock:
    """An SLA clock of a ticket: the dispatch clock or the handling clock."""

    #: ``"dispatch"`` or ``"handling"``.
    kind: str
    target: ClockTarget
    start: _dt.datetime
    #: When the limit is used up; the clock is breached from this instant on.
    due: _dt.datetime
    warning_at: _dt.datetime
    #: When an overdue handling clock is escalated; equal to ``due`` on a dispatch clock.
    escalation_at: _dt.datetime
    #: Whether the due instant used a year without official holiday data.
    provisional: bool
    #: Set while a suspension pauses the clock.
    paused_at: Optional[_dt.datetime]
    #: Working time spent paused over every finished pause.
    paused: _dt.timedelta
    #: When the clock stopped, or None while it runs.
    stopped_at: Optional[_dt.datetime]
    extensions: int
    extension_days: int
    warned: bool
    breached: bool
    escalated: bool

    @classmethod
    def from_dict(cls, data: Optional[Mapping[str, Any]], tzinfo: Optional[_dt.tzinfo], key: str) -> Optional["SlaClock"]:
        """Build from a clock object of the ticket JSON; None for null."""
        if data is None:
            return None
        target = data["target"]
        return cls(
            kind=data["kind"],
            target=ClockTarget(target["amount"], target["unit"], target["convention"]),
            start=_instant(data["start"], tzinfo, key + ".start"),
            due=_instant(data["due"], tzinfo, key + ".due"),
            warning_at=_instant(data["warning_at"], tzinfo, key + ".warning_at"),
            escalation_at=_instant(data["escalation_at"], tzinfo, key + ".escalation_at"),
            provisional=data["provisional"],
            paused_at=_optional_instant(data["paused_at"], tzinfo, key + ".paused_at"),
            paused=_seconds(data["paused_seconds"], key + ".paused_seconds"),
            stopped_at=_optional_instant(data["stopped_at"], tzinfo, key + ".stopped_at"),
            extensions=data["extensions"],
            extension_days=data["extension_days"],
            warned=data["warned"],
            breached=data["breached"],
            escalated=data["escalated"],
        )

    @property
    def running(self) -> bool:
        """Whether the clock has not stopped."""
        return self.stopped_at is None

    def status(self, now: _dt.datetime) -> str:
        """Return the status at ``now``, as ``SlaClock::status`` computes it.

        One of ``"on_track"``, ``"warning"``, ``"breached"`` (running) or
        ``"met"``, ``"missed"`` (stopped). A paused clock keeps the status it
        had when the pause began. A naive ``now`` is wall-clock time in the
        clock's zone.
        """
        if now.utcoffset() is None:
            now = now.replace(tzinfo=self.due.tzinfo)
        if self.stopped_at is not None:
            return "met" if self.stopped_at < self.due else "missed"
        at = self.paused_at if self.paused_at is not None and self.paused_at < now else now
        if at >= self.due:
            return "breached"
        return "warning" if at >= self.warning_at else "on_track"


@dataclass(frozen=True, repr=False)
class Ticket:
    """One enterprise request (诉求) and its work order (工单), as an actor may view it.

    Instants are aware datetimes in the calendar's zone. The requester's
    contact data is masked when the viewer may not see it. An opinion not
    given yet is None. Two tickets are equal when every attribute is.
    """

    id: str
    year: int
    sequence: int
    received_at: _dt.datetime
    registered_at: _dt.datetime
    #: ``"hotline"``, ``"email"`` or ``"wechat"``.
    channel: str
    requester: Requester
    content: str
    #: ``"consultation"``, ``"general"`` or ``"difficult"``; None before the draft.
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
    #: Working time of handling clocks lost to returns before a re-dispatch.
    lost_working_time: _dt.timedelta
    #: ``"none"`` while open, else the reason it closed, such as ``"satisfied"``.
    closure: str
    closing_note: str
    duplicate_of: str
    #: The state name, such as ``"in_progress"``.
    state: str
    dispatch_clock: Optional[SlaClock]
    handling_clock: Optional[SlaClock]
    #: The number of events in the history.
    version: int
    updated_at: _dt.datetime
    #: The host's integer id of the request, when the ticket JSON carries one.
    source_id: Optional[int] = None
    _data: Dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo] = None) -> "Ticket":
        """Build a ticket from its JSON object.

        Instants are converted to ``tzinfo`` (a calendar's ``tzinfo``), or keep
        the offset of the text when it is None. Raises
        :class:`~jishiban.InvalidDataError` when a member is missing or of the
        wrong form.
        """
        try:
            return cls._build(data, tzinfo)
        except (KeyError, TypeError, OverflowError) as error:
            raise InvalidDataError(
                f"ticket JSON lacks a member or has one of the wrong type: {error!r}",
                f"工单 JSON 缺少成员或成员类型错误：{error!r}",
            ) from error

    @classmethod
    def _build(cls, data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo]) -> "Ticket":
        result = data["result"]
        source_id = data.get("source_id")
        if source_id is not None and (not isinstance(source_id, int) or isinstance(source_id, bool)):
            raise InvalidDataError(
                f"ticket JSON: source_id must be an integer or null, not {source_id!r}",
                f"工单 JSON：source_id 必须是整数或 null，而不是 {source_id!r}",
            )
        return cls(
            id=data["id"],
            year=data["year"],
            sequence=data["sequence"],
            received_at=_instant(data["received_at"], tzinfo, "received_at"),
            registered_at=_instant(data["registered_at"], tzinfo, "registered_at"),
            channel=data["channel"],
            requester=Requester.from_dict(data["requester"]),
            content=data["content"],
            category=data["category"],
            lead_unit=data["lead_unit"],
            assisting_units=tuple(data["assisting_units"]),
            proposed_handling=data["proposed_handling"],
            office_leader_opinion=Opinion.from_dict(data["office_leader_opinion"], tzinfo, "office_leader_opinion"),
            unit_leader_opinion=Opinion.from_dict(data["unit_leader_opinion"], tzinfo, "unit_leader_opinion"),
            committee_opinion=Opinion.from_dict(data["committee_opinion"], tzinfo, "committee_opinion"),
            handler_id=data["handler_id"],
            handler_name=data["handler_name"],
            reviewer_id=data["reviewer_id"],
            reviewer_name=data["reviewer_name"],
            first_contact_at=_optional_instant(data["first_contact_at"], tzinfo, "first_contact_at"),
            proposal=data["proposal"],
            special_report=data["special_report"],
            assisting_opinions=tuple(
                AssistingOpinion(item["unit"], _assisting_opinion(item["opinion"], tzinfo))
                for item in data["assisting_opinions"]
            ),
            assisting_override=data["assisting_override"],
            reply=data["reply"],
            replied_at=_optional_instant(data["replied_at"], tzinfo, "replied_at"),
            declined=data["declined"],
            decline_rule=data["decline_rule"],
            result=ResultReport(result["problem"], result["handling"], result["result"], tuple(result["attachments"])),
            result_reported_at=_optional_instant(data["result_reported_at"], tzinfo, "result_reported_at"),
            satisfaction=data["satisfaction"],
            return_visit_attempts=data["return_visit_attempts"],
            requested_extension_days=data["requested_extension_days"],
            suspension_requested=data["suspension_requested"],
            urges=data["urges"],
            returns=data["returns"],
            reworks=data["reworks"],
            reopenings=data["reopenings"],
            lost_working_time=_seconds(data["lost_working_seconds"], "lost_working_seconds"),
            closure=data["closure"],
            closing_note=data["closing_note"],
            duplicate_of=data["duplicate_of"],
            state=data["state"],
            dispatch_clock=SlaClock.from_dict(data["dispatch_clock"], tzinfo, "dispatch_clock"),
            handling_clock=SlaClock.from_dict(data["handling_clock"], tzinfo, "handling_clock"),
            version=data["version"],
            updated_at=_instant(data["updated_at"], tzinfo, "updated_at"),
            source_id=source_id,
            _data=copy.deepcopy(dict(data)),
        )

    def to_dict(self) -> Dict[str, Any]:
        """Return the ticket JSON object this ticket was built from (a copy)."""
        return copy.deepcopy(self._data)

    @property
    def is_open(self) -> bool:
        """Whether the request still needs work: every state but closed and archived."""
        return self.state not in ("closed", "archived")

    def __repr__(self) -> str:
        return (
            f"Ticket(id={self.id!r}, state={self.state!r}, channel={self.channel!r}, "
            f"category={self.category!r}, lead_unit={self.lead_unit!r}, version={self.version})"
        )


def _assisting_opinion(data: Mapping[str, Any], tzinfo: Optional[_dt.tzinfo]) -> Opinion:
    opinion = Opinion.from_dict(data, tzinfo, "assisting_opinions.opinion")
    if opinion is None:
        raise InvalidDataError(
            "ticket JSON: an assisting opinion has no actor id",
            "工单 JSON：某条协办意见没有 actor id",
        )
    return opinion
