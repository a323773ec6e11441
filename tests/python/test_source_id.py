"""Integer ids: payload.source_id crosses Python, JSON and SQLite without rounding or wrapping."""

from __future__ import annotations

import json

import pytest

import jishiban
from conftest import OFFICER, VIEWER, china, register_command

# 2**53 + 1: the first integer a double cannot hold, so any trip through a
# float would change it.
BEYOND_DOUBLE = 9007199254740993


@pytest.fixture
def source_id_engine(engine):
    """The engine, when the library reads payload.source_id; skips the test otherwise."""
    try:
        engine.execute(register_command(source_id=1))
    except jishiban.InvalidDataError as error:
        if "source_id" in error.message_en:
            pytest.skip("this build of the library has no payload.source_id in its command JSON")
        raise
    return engine


@pytest.mark.parametrize("value", [BEYOND_DOUBLE, 2**63 - 1, -(2**63), 0], ids=["2**53+1", "int64-max", "int64-min", "zero"])
def test_source_id_round_trips(source_id_engine, database, value):
    ticket = source_id_engine.execute(register_command(source_id=value))

    assert ticket.source_id == value
    assert type(ticket.source_id) is int
    assert ticket.to_dict()["source_id"] == value
    assert source_id_engine.history(ticket.id, OFFICER)[0]["payload"]["source_id"] == value
    source_id_engine.close()

    with jishiban.Engine(database) as reopened:
        stored = reopened.view(ticket.id, VIEWER)
        assert stored.source_id == value
        assert reopened.history(ticket.id, OFFICER)[0]["payload"]["source_id"] == value


def test_source_id_absent_is_none(source_id_engine):
    ticket = source_id_engine.execute(register_command())

    assert ticket.source_id is None
    assert "source_id" not in ticket.to_dict()


def test_source_id_in_json_text(source_id_engine):
    text = json.dumps(register_command(source_id=BEYOND_DOUBLE), ensure_ascii=False)

    assert source_id_engine.execute(text).source_id == BEYOND_DOUBLE


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30], ids=["2**63", "-2**63-1", "10**30"])
def test_source_id_outside_int64_is_out_of_range(source_id_engine, value):
    before = source_id_engine.open_tickets()

    with pytest.raises(jishiban.OutOfRangeError) as caught:
        source_id_engine.execute(register_command(source_id=value))

    assert caught.value.code == 4
    assert "command.payload.source_id" in caught.value.message_en
    assert source_id_engine.open_tickets() == before


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1], ids=["2**63", "-2**63-1"])
def test_source_id_outside_int64_in_json_text(source_id_engine, value):
    text = json.dumps(register_command(source_id=value))

    with pytest.raises(jishiban.OutOfRangeError):
        source_id_engine.execute(text)


@pytest.mark.parametrize("value", ["17", 1.5, True], ids=["string", "float", "bool"])
def test_source_id_of_wrong_type(source_id_engine, value):
    with pytest.raises(jishiban.InvalidDataError, match="source_id"):
        source_id_engine.execute(register_command(source_id=value))


def test_numpy_integer_source_id(source_id_engine):
    numpy = pytest.importorskip("numpy")

    assert source_id_engine.execute(register_command(source_id=numpy.int64(BEYOND_DOUBLE))).source_id == BEYOND_DOUBLE


def test_source_id_survives_lifecycle_step(source_id_engine):
    ticket = source_id_engine.execute(register_command(source_id=BEYOND_DOUBLE))
    source_id_engine.now = china(2026, 3, 2, 9, 58)

    drafted = source_id_engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER,
                                        "payload": {"category": "general", "lead_unit": "commerce-bureau"}})

    assert drafted.source_id == BEYOND_DOUBLE
