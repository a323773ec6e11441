"""Exceptions: classes and codes, languages, and bad input of every kind."""

from __future__ import annotations

import pickle

import pytest

import jishiban
from jishiban import _core
from conftest import OFFICER, OFFICE_LEADER, HANDLER, china, register_command

ERROR_CLASSES = [
    (jishiban.InvalidArgumentError, 1, "invalid_argument"),
    (jishiban.InvalidDataError, 2, "invalid_data"),
    (jishiban.CalendarNotCoveredError, 3, "calendar_not_covered"),
    (jishiban.OutOfRangeError, 4, "out_of_range"),
    (jishiban.StorageIOError, 5, "io_error"),
    (jishiban.NotFoundError, 6, "not_found"),
    (jishiban.ConflictError, 7, "conflict"),
    (jishiban.ForbiddenError, 8, "forbidden"),
    (jishiban.InvalidTransitionError, 9, "invalid_transition"),
    (jishiban.BusyError, 10, "busy"),
]

GBK_TITLE = "来件：营业执照变更"
GBK_BYTES = GBK_TITLE.encode("gbk")
SURROGATE_TEXT = GBK_BYTES.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("cls, code, name", ERROR_CLASSES, ids=[name for _, _, name in ERROR_CLASSES])
def test_error_classes_carry_codes(cls, code, name):
    error = cls("english", "中文")

    assert isinstance(error, jishiban.Error)
    assert error.code == code
    assert error.code_name == name
    assert _core.error_code_name(code) == name
    assert not issubclass(cls, (OSError, ValueError, LookupError))


def test_error_message_follows_language():
    error = jishiban.NotFoundError("no ticket", "没有工单")

    assert str(error) == "no ticket"
    jishiban.set_language("zh")
    assert str(error) == "没有工单"
    assert error.message == "没有工单"
    jishiban.set_language("en")
    assert error.message == "no ticket"


def test_native_error_message_in_chinese(calendar):
    jishiban.set_language("zh")

    with pytest.raises(jishiban.CalendarNotCoveredError) as caught:
        calendar.is_working_day("2027-01-04")

    assert str(caught.value) == caught.value.message_zh
    assert "2027" in str(caught.value)
    assert str(caught.value) != caught.value.message_en


@pytest.mark.parametrize("language", ["fr", "", None, 1])
def test_set_language_rejects_unknown(language):
    with pytest.raises(jishiban.InvalidArgumentError):
        jishiban.set_language(language)


@pytest.mark.parametrize("language, expected", [("zh_CN", "zh"), ("zh-CN", "zh"), ("en", "en")])
def test_set_language_aliases(language, expected):
    jishiban.set_language(language)

    assert jishiban.get_language() == expected


def test_error_pickles():
    error = jishiban.ConflictError("stale", "过期")

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is jishiban.ConflictError
    assert (copy.message_en, copy.message_zh, copy.code) == ("stale", "过期", 7)


def test_unknown_ticket_is_not_found(engine):
    with pytest.raises(jishiban.NotFoundError) as caught:
        engine.execute({"type": "draft", "ticket": "PW2026999999", "actor": OFFICER, "payload": {"category": "general", "lead_unit": "x"}})

    assert caught.value.code == 6
    assert "PW2026999999" in caught.value.message_en


def test_view_unknown_ticket_is_not_found(engine):
    with pytest.raises(jishiban.NotFoundError):
        engine.view("PW2026999999", OFFICER)


def test_wrong_state_is_invalid_transition(engine):
    ticket = engine.execute(register_command())

    with pytest.raises(jishiban.InvalidTransitionError) as caught:
        engine.execute({"type": "archive", "ticket": ticket.id, "actor": OFFICER})

    assert caught.value.code == 9
    assert engine.view(ticket.id, OFFICER).state == "registered"


def test_forbidden_actor(engine):
    ticket = engine.execute(register_command())

    with pytest.raises(jishiban.ForbiddenError) as caught:
        engine.execute({"type": "draft", "ticket": ticket.id, "actor": HANDLER, "payload": {"category": "general", "lead_unit": "x"}})

    assert caught.value.code == 8
    assert engine.view(ticket.id, OFFICER).version == 1


def test_stale_version_is_conflict(engine):
    ticket = engine.execute(register_command())
    draft = {"type": "draft", "ticket": ticket.id, "actor": OFFICER, "payload": {"category": "general", "lead_unit": "x"}}
    engine.execute(dict(draft, expected_version=1))

    with pytest.raises(jishiban.ConflictError) as caught:
        engine.execute({"type": "send_back", "ticket": ticket.id, "actor": OFFICE_LEADER, "payload": {"text": "again"}, "expected_version": 1})

    assert caught.value.code == 7


@pytest.mark.parametrize(
    "command",
    [
        {"tpye": "register_request", "actor": OFFICER},
        {"type": "register_request", "actor": OFFICER, "payload": {"channel": 7}},
        {"type": "fly", "actor": OFFICER},
        {"type": "register_request", "actor": {"id": "s01", "role": "janitor"}},
        '{"type": "register_request", "actor": ',
        '{"type": "register_request", "type": "draft", "actor": {"id": "s01", "role": "service_officer"}}',
    ],
    ids=["misspelt-key", "wrong-type", "unknown-command", "unknown-role", "truncated-json", "duplicate-key"],
)
def test_malformed_command_is_invalid_data(engine, command):
    with pytest.raises(jishiban.InvalidDataError) as caught:
        engine.execute(command)

    assert caught.value.code == 2
    assert engine.open_tickets() == []


@pytest.mark.parametrize(
    "command",
    [["register_request"], 17, None, {"type": "register_request", "actor": OFFICER, "payload": {"content": object()}}],
    ids=["list", "int", "none", "object-value"],
)
def test_command_of_wrong_python_type(engine, command):
    with pytest.raises(jishiban.InvalidArgumentError) as caught:
        engine.execute(command)

    assert caught.value.code == 1


def test_invalid_payload_is_invalid_argument(engine):
    command = register_command()
    del command["payload"]["channel"]

    with pytest.raises(jishiban.InvalidArgumentError) as caught:
        engine.execute(command)

    assert caught.value.code == 1
    assert "channel" in caught.value.message_en


def test_uncovered_deadline_leaves_nothing_stored(database):
    with jishiban.Engine(database, clock=china(2026, 12, 31, 16, 55), synchronous="off") as engine:
        with pytest.raises(jishiban.CalendarNotCoveredError) as caught:
            engine.execute(register_command())

        assert caught.value.code == 3
        assert engine.open_tickets() == []


@pytest.mark.parametrize("content", [GBK_BYTES, SURROGATE_TEXT], ids=["gbk-bytes", "surrogateescape-str"])
def test_non_utf8_content_is_invalid_data(engine, content):
    with pytest.raises(jishiban.InvalidDataError) as caught:
        engine.execute(register_command(content=content))

    assert "command.payload.content" in caught.value.message_en
    assert "UTF-8" in caught.value.message_en or "surrogate" in caught.value.message_en
    assert engine.open_tickets() == []


def test_utf8_bytes_are_accepted(engine):
    ticket = engine.execute(register_command(content=GBK_TITLE.encode("utf-8")))

    assert ticket.content == GBK_TITLE


def test_non_utf8_key_is_invalid_data(engine):
    command = register_command()
    command["payload"][SURROGATE_TEXT] = "x"

    with pytest.raises(jishiban.InvalidDataError):
        engine.execute(command)


def test_non_utf8_json_text_is_invalid_data(engine):
    text = '{"type": "register_request", "actor": {"id": "' + SURROGATE_TEXT + '", "role": "service_officer"}}'

    with pytest.raises(jishiban.InvalidDataError, match="command"):
        engine.execute(text)


@pytest.mark.parametrize(
    "actor, field",
    [
        ({"id": "s01", "name": SURROGATE_TEXT, "role": "service_officer"}, "actor.name"),
        ({"id": GBK_BYTES, "role": "service_officer"}, "actor.id"),
    ],
    ids=["surrogate-name", "gbk-id"],
)
def test_non_utf8_actor_is_invalid_data(engine, actor, field):
    ticket = engine.execute(register_command())

    with pytest.raises(jishiban.InvalidDataError) as caught:
        engine.view(ticket.id, actor)

    assert field in caught.value.message_en


def test_non_utf8_ticket_id_is_invalid_data(engine):
    with pytest.raises(jishiban.InvalidDataError, match="ticket_id"):
        engine.view(SURROGATE_TEXT, OFFICER)


def test_non_utf8_date_text_is_invalid_data(calendar):
    with pytest.raises(jishiban.InvalidDataError):
        calendar.is_working_day(SURROGATE_TEXT)


@pytest.mark.parametrize(
    "actor, message",
    [
        ({"id": "s01"}, "role"),
        ({"role": "service_officer"}, "id"),
        ({"id": "s01", "role": "service_officer", "team": "x"}, "team"),
        ({"id": "s01", "role": "janitor"}, "janitor"),
        ("s01", "dict"),
    ],
    ids=["no-role", "no-id", "unknown-key", "unknown-role", "not-a-dict"],
)
def test_bad_actor_is_invalid_argument(engine, actor, message):
    with pytest.raises(jishiban.InvalidArgumentError, match=message):
        engine.available_commands("PW2026000001", actor)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1], ids=["2**63", "-2**63-1"])
def test_command_integer_outside_int64(engine, value):
    ticket = engine.execute(register_command())

    with pytest.raises(jishiban.OutOfRangeError) as caught:
        engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER, "expected_version": value,
                        "payload": {"category": "general", "lead_unit": "x"}})

    assert caught.value.code == 4
    assert "command.expected_version" in caught.value.message_en
    assert engine.view(ticket.id, OFFICER).version == 1


def test_nan_in_command_is_invalid_argument(engine):
    with pytest.raises(jishiban.InvalidArgumentError, match="nan"):
        engine.execute(register_command(content=float("nan")))


def nested(levels: int) -> dict:
    """Return a dict of ``levels`` dicts nested under the key "a", the outermost counted."""
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_deep_command_is_invalid_data(engine):
    with pytest.raises(jishiban.InvalidDataError, match="deeper than 16") as caught:
        engine.execute(nested(100000))

    assert caught.value.code == 2
    assert engine.open_tickets() == []


def test_self_containing_command(engine):
    command = register_command()
    command["payload"]["requester"]["self"] = command

    with pytest.raises(jishiban.InvalidDataError, match="contains itself"):
        engine.execute(command)
    assert engine.open_tickets() == []


def test_nesting_limit_matches_native(engine):
    # 16 levels pass the Python check and reach the C++ reader, which names
    # the unknown key; 17 levels stop in Python.
    with pytest.raises(jishiban.InvalidDataError, match='unknown key "a"'):
        engine.execute(nested(16))
    with pytest.raises(jishiban.InvalidDataError, match="deeper than 16"):
        engine.execute(nested(17))


def test_deep_policy_is_invalid_data(database):
    with pytest.raises(jishiban.InvalidDataError, match="policy"):
        jishiban.Engine(database, policy=nested(100000))


def test_numpy_bool_in_command(engine):
    numpy = pytest.importorskip("numpy")

    # numpy.bool_ travels as a JSON boolean, not as the integer 1.
    with pytest.raises(jishiban.InvalidDataError, match="found boolean"):
        engine.execute(register_command(content=numpy.bool_(True)))
