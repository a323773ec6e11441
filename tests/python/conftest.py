"""Fixtures of the Python package tests: calendars, actors and engines on temporary databases."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

import jishiban

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_STREAM = REPOSITORY / "examples" / "data" / "requests-2026.jsonl"

CHINA = dt.timezone(dt.timedelta(hours=8))

OFFICER = {"id": "s01", "name": "Wang", "role": "service_officer", "unit": ""}
OFFICE_LEADER = {"id": "l01", "name": "Li", "role": "office_leader", "unit": ""}
UNIT_LEADER = {"id": "u01", "name": "Zhao", "role": "unit_leader", "unit": "commerce-bureau"}
HANDLER = {"id": "h01", "name": "Sun", "role": "handler", "unit": "commerce-bureau"}
REVIEWER = {"id": "r01", "name": "Qian", "role": "reviewer", "unit": ""}
VIEWER = {"id": "v01", "name": "Zhou", "role": "report_viewer", "unit": ""}


def china(*fields: int) -> dt.datetime:
    """Return an aware datetime at UTC+08:00."""
    return dt.datetime(*fields, tzinfo=CHINA)


def register_command(content: str = "Which documents does a change of address need?", **payload: object) -> dict:
    """Return a register_request command for a hotline call."""
    body = {
        "channel": "hotline",
        "requester": {"name": "张三丰", "company": "大连普湾建设有限公司", "phone": "13812345678"},
        "content": content,
    }
    body.update(payload)
    return {"type": "register_request", "actor": OFFICER, "payload": body}


@pytest.fixture(scope="session")
def calendar() -> jishiban.Calendar:
    return jishiban.Calendar()


@pytest.fixture(scope="session")
def provisional_calendar() -> jishiban.Calendar:
    return jishiban.Calendar(coverage="provisional")


@pytest.fixture
def database(tmp_path: pathlib.Path) -> pathlib.Path:
    return tmp_path / "tickets.db"


@pytest.fixture
def engine(database: pathlib.Path):
    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off") as opened:
        yield opened


@pytest.fixture(autouse=True)
def english_messages():
    """Run each test with English messages and restore the language after it."""
    saved = jishiban.get_language()
    jishiban.set_language("en")
    yield
    jishiban.set_language(saved)
