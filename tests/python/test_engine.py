"""The workflow engine: a ticket's whole life, persistence, masking, queries, delivery and close."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time

import pytest

import jishiban
from conftest import HANDLER, OFFICE_LEADER, OFFICER, REVIEWER, UNIT_LEADER, VIEWER, china, register_command

# Chinese text with characters outside the Basic Multilingual Plane, a
# combining mark and a line break.
CHINESE_CONTENT = "来电反映：𠮷野家分店的营业执照地址变更，需要哪些材料？\n附：é（组合字符 e\u0301）"


def run_lifecycle(engine: jishiban.Engine) -> list:
    """Run the consultation of examples/cpp/workflow_lifecycle.cpp; return (time, command, ticket) steps."""
    steps = []

    def run(time: dt.datetime, command: dict) -> jishiban.Ticket:
        engine.now = time
        ticket = engine.execute(command)
        steps.append((time, command["type"], ticket))
        return ticket

    registered = run(china(2026, 3, 2, 9, 55), register_command(content=CHINESE_CONTENT))
    ticket_id = registered.id
    run(china(2026, 3, 2, 9, 58), {"type": "draft", "ticket": ticket_id, "actor": OFFICER,
                                   "payload": {"category": "consultation", "lead_unit": "commerce-bureau"}})
    run(china(2026, 3, 2, 10, 0), {"type": "approve_dispatch", "ticket": ticket_id, "actor": OFFICE_LEADER})
    run(china(2026, 3, 2, 10, 20), {"type": "claim", "ticket": ticket_id, "actor": UNIT_LEADER,
                                    "payload": {"handler_id": "h01", "handler_name": "Sun"}})
    run(china(2026, 3, 2, 10, 40), {"type": "record_first_contact", "ticket": ticket_id, "actor": HANDLER})
    run(china(2026, 3, 2, 14, 30), {"type": "answer_consultation", "ticket": ticket_id, "actor": HANDLER,
                                    "payload": {"text": "请携带新的租赁合同到 12 号窗口办理。"}})
    run(china(2026, 3, 2, 15, 0), {"type": "report_result", "ticket": ticket_id, "actor": HANDLER,
                                   "payload": {"result": {"result": "已电话及书面答复。", "attachments": ["file-17"]}}})
    run(china(2026, 3, 2, 16, 0), {"type": "accept_result", "ticket": ticket_id, "actor": REVIEWER})
    run(china(2026, 3, 3, 10, 0), {"type": "return_visit", "ticket": ticket_id, "actor": OFFICER,
                                   "payload": {"satisfaction": "satisfied"}})
    run(china(2026, 3, 3, 10, 5), {"type": "archive", "ticket": ticket_id, "actor": OFFICER})
    return steps


def test_lifecycle_from_register_to_archive(database):
    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off") as engine:
        steps = run_lifecycle(engine)

    states = [(command, ticket.state) for _, command, ticket in steps]
    assert states == [
        ("register_request", "registered"),
        ("draft", "awaiting_office_approval"),
        ("approve_dispatch", "dispatched"),
        ("claim", "in_progress"),
        ("record_first_contact", "in_progress"),
        ("answer_consultation", "replied"),
        ("report_result", "result_reported"),
        ("accept_result", "awaiting_return_visit"),
        ("return_visit", "closed"),
        ("archive", "archived"),
    ]
    registered = steps[0][2]
    dispatched = steps[2][2]
    replied = steps[5][2]
    archived = steps[-1][2]
    assert registered.id == "PW2026000001"
    assert registered.dispatch_clock.due == china(2026, 3, 2, 10, 5)
    assert dispatched.dispatch_clock.status(china(2026, 3, 2, 10, 0)) == "met"
    assert dispatched.handling_clock.due == china(2026, 3, 3, 17, 0)
    assert replied.handling_clock.status(replied.updated_at) == "met"
    assert replied.replied_at == china(2026, 3, 2, 14, 30)
    assert archived.closure == "satisfied"
    assert archived.version == 10
    assert archived.is_open is False
    assert archived.result.attachments == ("file-17",)
    assert archived.office_leader_opinion.actor_id == "l01"
    assert archived.committee_opinion is None


def test_lifecycle_persists_after_reopening(database):
    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="full") as engine:
        archived = run_lifecycle(engine)[-1][2]
        history = engine.history(archived.id, OFFICER)

    with jishiban.Engine(database) as reopened:
        again = reopened.view(archived.id, OFFICER)
        assert again == archived
        assert again.to_dict() == archived.to_dict()
        assert reopened.history(archived.id, OFFICER) == history
        assert reopened.find_by_state("archived") == [archived.id]
        assert reopened.open_tickets() == []


def test_history_lists_every_event(engine):
    ticket = engine.execute(register_command())
    engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER,
                    "payload": {"category": "general", "lead_unit": "commerce-bureau"}})

    events = engine.history(ticket.id, OFFICER)

    assert [event["type"] for event in events] == ["register_request", "draft"]
    assert [event["sequence"] for event in events] == [1, 2]
    assert events[0]["payload"]["requester"]["phone"] == "13812345678"


def test_contact_data_masked_for_viewer(engine):
    ticket = engine.execute(register_command())

    officer_view = engine.view(ticket.id, OFFICER)
    viewer_view = engine.view(ticket.id, VIEWER)
    viewer_history = engine.history(ticket.id, VIEWER)

    assert officer_view.requester.phone == "13812345678"
    assert officer_view.requester.name == "张三丰"
    assert viewer_view.requester.phone == "138****5678"
    assert viewer_view.requester.name == "张**"
    assert viewer_view.requester.company == "大连****有限公司"
    assert viewer_history[0]["payload"]["requester"]["phone"] == "138****5678"


def test_execute_returns_actor_view(engine):
    ticket = engine.execute(register_command())
    engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER,
                    "payload": {"category": "general", "lead_unit": "commerce-bureau", "assisting_units": ["tax-bureau"]}})
    engine.execute({"type": "approve_dispatch", "ticket": ticket.id, "actor": OFFICE_LEADER})
    assisting = {"id": "u02", "name": "Ma", "role": "unit_leader", "unit": "tax-bureau"}

    after = engine.execute({"type": "submit_assisting_opinion", "ticket": ticket.id, "actor": assisting,
                            "payload": {"text": "无意见"}})

    assert after.requester.phone == "138****5678"
    assert after.assisting_opinions[0].unit == "tax-bureau"
    assert after.assisting_opinions[0].opinion.text == "无意见"


def test_chinese_text_round_trips_byte_for_byte(database):
    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off") as engine:
        ticket = engine.execute(register_command(content=CHINESE_CONTENT))
        assert ticket.content == CHINESE_CONTENT
        assert ticket.to_dict()["content"].encode("utf-8") == CHINESE_CONTENT.encode("utf-8")

    with jishiban.Engine(database) as reopened:
        stored = reopened.view(ticket.id, OFFICER)
        assert stored.content.encode("utf-8") == CHINESE_CONTENT.encode("utf-8")
        assert stored.requester.company == "大连普湾建设有限公司"
        assert reopened.history(ticket.id, OFFICER)[0]["payload"]["content"] == CHINESE_CONTENT


def test_available_commands_for_named_handler(engine):
    ticket = engine.execute(register_command())
    engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER,
                    "payload": {"category": "consultation", "lead_unit": "commerce-bureau"}})
    engine.execute({"type": "approve_dispatch", "ticket": ticket.id, "actor": OFFICE_LEADER})
    engine.execute({"type": "claim", "ticket": ticket.id, "actor": UNIT_LEADER, "payload": {"handler_id": "h01"}})

    assert engine.available_commands(ticket.id, HANDLER) == ["record_first_contact", "answer_consultation", "request_suspension"]
    assert engine.available_commands(ticket.id, VIEWER) == []


def test_queries(engine):
    first = engine.execute(register_command())
    second = engine.execute(register_command(content="第二件"))
    engine.execute({"type": "draft", "ticket": second.id, "actor": OFFICER,
                    "payload": {"category": "general", "lead_unit": "commerce-bureau"}})

    assert engine.open_tickets() == [first.id, second.id]
    assert engine.find_by_state("registered") == [first.id]
    assert engine.find_by_state("awaiting_office_approval") == [second.id]
    assert engine.find_by_unit("commerce-bureau") == [second.id]
    assert engine.find_due_before(china(2026, 3, 2, 10, 5)) == [first.id, second.id]
    assert engine.find_due_before(china(2026, 3, 2, 10, 4)) == []
    with pytest.raises(jishiban.InvalidArgumentError, match="closed_forever"):
        engine.find_by_state("closed_forever")


def test_idempotency_key_applies_once(engine):
    command = dict(register_command(), idempotency_key="call-8812")

    first = engine.execute(command)
    again = engine.execute(command)

    assert again.id == first.id
    assert engine.open_tickets() == [first.id]


def test_datetime_in_command(engine):
    received = dt.datetime(2026, 3, 2, 9, 50)

    ticket = engine.execute(register_command(received_at=received))

    assert ticket.received_at == china(2026, 3, 2, 9, 50)
    assert ticket.dispatch_clock.due == china(2026, 3, 2, 10, 0)


def test_poll_records_breach_and_next_wakeup(engine):
    ticket = engine.execute(register_command())

    assert engine.next_wakeup() == ticket.dispatch_clock.warning_at
    events = engine.poll(china(2026, 3, 2, 10, 30))

    assert [event["type"] for event in events] == ["sla_warning", "sla_breach"]
    assert engine.view(ticket.id, OFFICER).dispatch_clock.breached is True
    assert engine.poll(china(2026, 3, 2, 10, 30)) == []


def test_manual_clock_now(engine):
    engine.now = "2026-03-05T10:00"

    assert engine.now == china(2026, 3, 5, 10, 0)
    assert engine.now.tzinfo is engine.calendar.tzinfo
    engine.set_now(dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.timezone.utc))
    assert engine.now == china(2026, 3, 5, 10, 0)
    assert engine.manual_clock is True


def test_system_clock_engine(database):
    with jishiban.Engine(database, synchronous="off") as engine:
        before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        now = engine.now
        after = dt.datetime.now(dt.timezone.utc)

        assert engine.manual_clock is False
        assert before <= now <= after
        with pytest.raises(jishiban.InvalidArgumentError, match="manual clock"):
            engine.now = china(2026, 3, 2, 9, 0)
        with pytest.raises(jishiban.InvalidArgumentError, match="manual clock"):
            engine.replay("/nonexistent.jsonl")


def test_policy_dict_and_file(database, tmp_path):
    policy = {"dispatch_minutes": {"hotline": 30}, "note": "local rules"}
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy), encoding="utf-8")

    for given in (policy, path):
        with jishiban.Engine(database, policy=given, clock=china(2026, 3, 2, 9, 55), synchronous="off") as engine:
            assert engine.policy["dispatch_minutes"]["hotline"] == 30
            assert engine.policy["dispatch_minutes"]["email"] == 60


def test_bad_policy_is_invalid_data(database):
    with pytest.raises(jishiban.InvalidDataError, match="dispatch_minutes"):
        jishiban.Engine(database, policy={"dispatch_minutes": {"hotline": 0}})


def test_engine_rejects_bad_arguments(database, tmp_path):
    with pytest.raises(jishiban.InvalidArgumentError):
        jishiban.Engine(database, calendar="official")
    with pytest.raises(jishiban.InvalidArgumentError):
        jishiban.Engine(database, synchronous="sometimes")
    with pytest.raises(jishiban.InvalidArgumentError):
        jishiban.Engine(database, deliver_notifications=True)
    with pytest.raises(jishiban.InvalidArgumentError):
        jishiban.Engine(database, language="fr")
    with pytest.raises(jishiban.StorageIOError):
        jishiban.Engine(tmp_path / "missing-folder" / "tickets.db")


def test_not_a_database_is_invalid_data(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100, encoding="utf-8")

    with pytest.raises(jishiban.InvalidDataError):
        jishiban.Engine(path)
    assert path.read_text(encoding="utf-8") == "not a database " * 100


def dispatch(engine: jishiban.Engine) -> jishiban.Ticket:
    ticket = engine.execute(register_command())
    engine.execute({"type": "draft", "ticket": ticket.id, "actor": OFFICER,
                    "payload": {"category": "general", "lead_unit": "commerce-bureau"}})
    return engine.execute({"type": "approve_dispatch", "ticket": ticket.id, "actor": OFFICE_LEADER})


def test_deliver_passes_notifications(engine):
    ticket = dispatch(engine)
    received = []

    delivered, failed = engine.deliver(received.append)

    assert (delivered, failed) == (len(received), 0)
    assert delivered >= 1
    first = received[0]
    assert first["ticket_id"] == ticket.id
    assert first["kind"] == "dispatched"
    assert first["recipient_role"] == "unit_leader"
    assert first["recipient_unit"] == "commerce-bureau"
    assert first["at"] == china(2026, 3, 2, 9, 55)
    assert ticket.id in first["message_en"]
    assert ticket.id in first["message_zh"]
    assert engine.undelivered_notifications() == 0
    assert engine.deliver(received.append) == (0, 0)


def test_deliver_failures_stay_in_outbox(engine, caplog):
    dispatch(engine)
    pending = engine.undelivered_notifications()

    def broken(notification):
        raise RuntimeError("receiver down")

    with caplog.at_level(logging.WARNING, logger="jishiban"):
        assert engine.deliver(broken) == (0, pending)
    assert engine.deliver(lambda notification: False) == (0, 0)  # waiting for the retry pause
    assert engine.undelivered_notifications() == pending
    assert "receiver down" in caplog.text

    later = engine.now + dt.timedelta(minutes=5)
    assert engine.deliver(lambda notification: False, now=later) == (0, pending)
    assert engine.deliver(lambda notification: None, now=later + dt.timedelta(hours=2)) == (pending, 0)
    assert engine.undelivered_notifications() == 0


def test_deliver_interrupt_is_raised(engine):
    dispatch(engine)
    calls = []

    def interrupt(notification):
        calls.append(notification["id"])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.deliver(interrupt)
    assert len(calls) == 1
    assert engine.undelivered_notifications() >= 1


def test_engine_delivers_when_asked(database):
    received = []
    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off",
                         deliver_notifications=True, notifier=received.append) as engine:
        ticket = dispatch(engine)

        assert [item["kind"] for item in received] == ["dispatched"]
        assert received[0]["ticket_id"] == ticket.id
        assert engine.undelivered_notifications() == 0


def test_closed_engine_raises(database):
    engine = jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off")
    engine.close()
    engine.close()

    assert engine.closed is True
    with pytest.raises(jishiban.InvalidArgumentError, match="closed"):
        engine.execute(register_command())
    with pytest.raises(jishiban.InvalidArgumentError, match="closed"):
        engine.report("2026-01-01", "2027-01-01")


def test_close_from_callback_is_rejected(database):
    errors = []

    def close_inside(notification):
        try:
            engine.close()
        except jishiban.InvalidArgumentError as error:
            errors.append(error)

    with jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off") as engine:
        dispatch(engine)
        engine.deliver(close_inside)

        assert engine.closed is False
        assert errors and "callback" in errors[0].message_en


def test_deliver_threads_offer_once(engine):
    for _ in range(20):
        dispatch(engine)
    pending = engine.undelivered_notifications()
    offered = []
    results = []

    def receive(notification):
        offered.append(notification["id"])
        time.sleep(0.001)

    def deliver():
        results.append(engine.deliver(receive))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(offered) == pending
    assert len(set(offered)) == pending
    assert sum(delivered for delivered, _ in results) == pending
    assert engine.undelivered_notifications() == 0


def test_deliver_from_own_callback(engine):
    dispatch(engine)
    errors = []

    def deliver_again(notification):
        try:
            engine.deliver(lambda inner: None)
        except jishiban.InvalidArgumentError as error:
            errors.append(error)

    assert engine.deliver(deliver_again) == (1, 0)
    assert len(errors) == 1
    assert "deliver()" in errors[0].message_en
    assert engine.undelivered_notifications() == 0


def test_clock_after_close(database):
    engine = jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off")
    engine.close()

    with pytest.raises(jishiban.InvalidArgumentError, match="closed"):
        engine.now
    with pytest.raises(jishiban.InvalidArgumentError, match="closed"):
        engine.now = china(2026, 3, 3, 9, 0)
    assert "closed" in repr(engine)


def test_threads_share_one_engine(engine):
    ids = []
    failures = []

    def register(index: int) -> None:
        try:
            for _ in range(10):
                ids.append(engine.execute(register_command(content=f"线程 {index}")).id)
        except jishiban.Error as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=register, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(ids) == [f"PW2026{sequence:06d}" for sequence in range(1, 41)]


def test_close_waits_for_running_calls(database):
    engine = jishiban.Engine(database, clock=china(2026, 3, 2, 9, 55), synchronous="off")
    dispatch(engine)
    inside = threading.Event()
    release = threading.Event()
    outcome = []

    def slow(notification):
        inside.set()
        release.wait(10)

    def deliver():
        outcome.append(engine.deliver(slow))

    worker = threading.Thread(target=deliver)
    worker.start()
    assert inside.wait(10)
    closer = threading.Thread(target=engine.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waits for the delivery in progress

    release.set()
    worker.join(10)
    closer.join(10)
    assert outcome == [(1, 0)]
    assert engine.closed


def test_repr(engine):
    assert "manual clock" in repr(engine)
    ticket = engine.execute(register_command())
    assert repr(ticket).startswith("Ticket(id='PW2026000001', state='registered'")


def test_ticket_equality_and_hash(engine):
    ticket = engine.execute(register_command())
    same = engine.view(ticket.id, OFFICER)
    masked = engine.view(ticket.id, VIEWER)

    assert ticket == same
    assert hash(ticket) == hash(same)
    assert ticket != masked
    with pytest.raises(AttributeError):
        ticket.state = "closed"


def test_ticket_from_dict_rejects_broken_json(engine):
    data = engine.execute(register_command()).to_dict()
    del data["state"]

    with pytest.raises(jishiban.InvalidDataError, match="state"):
        jishiban.Ticket.from_dict(data)


def test_ticket_from_dict_huge_duration(engine):
    data = engine.execute(register_command()).to_dict()
    data["lost_working_seconds"] = 2**70

    with pytest.raises(jishiban.InvalidDataError):
        jishiban.Ticket.from_dict(data)


def test_to_dict_returns_a_copy(engine):
    ticket = engine.execute(register_command())
    data = ticket.to_dict()
    data["content"] = "changed"

    assert ticket.to_dict()["content"] != "changed"
