"""The main job on the shipped example year, checked end to end.

Usage: main_job_test.py JISHIBAN STREAM WORK_FOLDER

Runs `jishiban replay`, `notify` and `report` as the README's main command
does, then checks:
  1. replaying the stream twice into one database gives the same rows as
     replaying it once;
  2. the report's received, on-time, late and overdue counts per unit equal
     counts computed here by SQL over the stored events alone;
  3. no requester phone, e-mail, name or company from the stream appears in
     the report files, the overdue list, the engine log or the program's
     output;
  4. notifications carry a ticket's contact data only to office roles and to
     the leader of a unit that led the ticket.
Exits 1 with the failed checks listed.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

YEAR_END = "2027-01-01T00:00:00+08:00"
PERIOD = ["--from", "2026-01-01", "--to", "2026-12-31", "--as-of", YEAR_END]
OFFICE_ROLES = {"service_officer", "office_leader", "office_supervisor", "reviewer"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(cli, *arguments, language="en"):
    """Runs the program and returns its stdout and stderr."""
    result = subprocess.run([cli, *arguments, "--lang", language], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"jishiban {' '.join(arguments)} exited with {result.returncode}:\n{result.stderr}")
    return result.stdout + result.stderr


def table_rows(database):
    """Every row of the tables a replay writes, in a fixed order."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = {}
    for table, order in [("events", "ticket_id, sequence"), ("tickets", "id"), ("ticket_numbers", "year"),
                         ("idempotency_keys", "key"), ("outbox", "id")]:
        rows[table] = connection.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    connection.close()
    return rows


def contact_data(stream):
    """The requester strings of the stream: by ref, and all of them."""
    by_ref = {}
    for line in stream.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        requester = entry["command"].get("payload", {}).get("requester")
        if requester:
            values = {value for key, value in requester.items() if key != "address" and len(value) >= 2}
            values |= {requester["address"]} if len(requester.get("address", "")) >= 6 else set()
            by_ref[entry["ref"]] = values
    return by_ref


def staff_names(stream):
    """Names of the staff who act in the stream, which may equal a requester's name."""
    names = set()
    for line in stream.read_text(encoding="utf-8").splitlines():
        command = json.loads(line)["command"]
        names.add(command["actor"].get("name", ""))
        names.add(command.get("payload", {}).get("handler_name", ""))
    return names


def sql_counts(database, period_from, period_to, as_of):
    """Per lead unit: received, closed on time, closed late and overdue at as_of, from the events table."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    query = """
    WITH registered AS (
      SELECT ticket_id, json_extract(payload, '$.payload.received_at') AS received_at
      FROM events WHERE type = 'register_request'),
    received AS (
      SELECT ticket_id FROM registered WHERE received_at >= :from AND received_at < :to),
    unit AS (
      SELECT r.ticket_id,
             COALESCE((SELECT json_extract(e.payload, '$.payload.lead_unit') FROM events e
                       WHERE e.ticket_id = r.ticket_id AND e.type = 'draft'
                       ORDER BY e.sequence DESC LIMIT 1), '') AS unit
      FROM received r),
    handling AS (
      SELECT r.ticket_id,
             (SELECT json_extract(e.payload, '$.computed.handling_clock') FROM events e
              WHERE e.ticket_id = r.ticket_id
                AND json_extract(e.payload, '$.computed.handling_clock') IS NOT NULL
              ORDER BY e.sequence DESC LIMIT 1) AS clock
      FROM received r),
    dispatch AS (
      SELECT r.ticket_id,
             (SELECT json_extract(e.payload, '$.computed.dispatch_clock') FROM events e
              WHERE e.ticket_id = r.ticket_id
                AND json_extract(e.payload, '$.computed.dispatch_clock') IS NOT NULL
              ORDER BY e.sequence DESC LIMIT 1) AS clock
      FROM received r),
    cancelled AS (
      SELECT DISTINCT ticket_id FROM events WHERE type IN ('withdraw', 'merge_duplicate')),
    judged AS (
      SELECT u.unit, u.ticket_id,
             json_extract(h.clock, '$.stopped_at') AS h_stopped, json_extract(h.clock, '$.due') AS h_due,
             json_extract(h.clock, '$.paused_at') AS h_paused,
             json_extract(d.clock, '$.stopped_at') AS d_stopped, json_extract(d.clock, '$.due') AS d_due,
             json_extract(d.clock, '$.paused_at') AS d_paused,
             u.ticket_id IN (SELECT ticket_id FROM cancelled) AS is_cancelled
      FROM unit u JOIN handling h USING (ticket_id) JOIN dispatch d USING (ticket_id))
    SELECT unit,
           COUNT(*),
           SUM(NOT is_cancelled AND h_stopped IS NOT NULL AND h_stopped <= :as_of AND h_stopped < h_due),
           SUM(NOT is_cancelled AND h_stopped IS NOT NULL AND h_stopped <= :as_of AND h_stopped >= h_due),
           SUM((h_due IS NOT NULL AND (h_stopped IS NULL OR h_stopped > :as_of)
                AND COALESCE(MIN(h_paused, :as_of), :as_of) >= h_due)
               OR (d_due IS NOT NULL AND (d_stopped IS NULL OR d_stopped > :as_of)
                   AND COALESCE(MIN(d_paused, :as_of), :as_of) >= d_due))
    FROM judged GROUP BY unit ORDER BY unit
    """
    rows = connection.execute(query, {"from": period_from, "to": period_to, "as_of": as_of}).fetchall()
    connection.close()
    return {unit: tuple(int(value or 0) for value in counts) for unit, *counts in rows}


def main():
    cli, stream, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    outputs = []

    # 1. Replaying twice gives the same database as once.
    once, twice = work / "once.db", work / "twice.db"
    outputs.append(run(cli, "replay", str(stream), "--db", str(once), "--until", YEAR_END,
                       "--log", str(work / "engine.log")))
    run(cli, "replay", str(stream), "--db", str(twice), "--until", YEAR_END)
    again = run(cli, "replay", str(stream), "--db", str(twice), "--until", YEAR_END)
    check("commands applied 0," in again, f"the second replay applied commands: {again}")
    check(table_rows(once) == table_rows(twice), "replaying twice gave other rows than replaying once")

    # 2. The report's counts equal counts computed by SQL over the events.
    report_json = work / "report.json"
    outputs.append(run(cli, "report", "--db", str(once), *PERIOD, "--format", "json", "--out", str(report_json)))
    report = json.loads(report_json.read_text(encoding="utf-8"))
    expected = sql_counts(once, "2026-01-01T00:00:00+08:00", YEAR_END, YEAR_END)
    actual = {row["unit"]: (row["stats"]["received"], row["stats"]["closed_on_time"], row["stats"]["closed_late"],
                            row["stats"]["overdue_now"]) for row in report["units"]}
    check(expected == actual, f"report counts per unit differ from SQL:\n  sql    {expected}\n  report {actual}")
    check(sum(counts[0] for counts in expected.values()) == report["totals"]["received"], "total received differs")
    check(len(expected) >= 9, f"only {len(expected)} units in the report")

    # The same for the second quarter, judged at its end while later
    # requests are still open.
    quarter = work / "quarter.json"
    run(cli, "report", "--db", str(once), "--from", "2026-04-01", "--to", "2026-06-30", "--as-of",
        "2026-07-01T00:00:00+08:00", "--format", "json", "--out", str(quarter))
    report = json.loads(quarter.read_text(encoding="utf-8"))
    expected = sql_counts(once, "2026-04-01T00:00:00+08:00", "2026-07-01T00:00:00+08:00",
                          "2026-07-01T00:00:00+08:00")
    actual = {row["unit"]: (row["stats"]["received"], row["stats"]["closed_on_time"], row["stats"]["closed_late"],
                            row["stats"]["overdue_now"]) for row in report["units"]}
    check(expected == actual, f"second-quarter counts differ from SQL:\n  sql    {expected}\n  report {actual}")

    # 3. No contact data where it must not be.
    for form in ["text", "csv", "html"]:
        target = work / f"report.{form}"
        outputs.append(run(cli, "report", "--db", str(once), *PERIOD, "--format", form, "--out", str(target)))
    outputs.append(run(cli, "report", "--db", str(once), *PERIOD, language="zh"))
    notifications = work / "notifications.jsonl"
    outputs.append(run(cli, "notify", "--db", str(once), "--to-jsonl", str(notifications), "--now", YEAR_END))

    by_ref = contact_data(stream)
    staff = staff_names(stream)
    contact = set().union(*by_ref.values())
    distinctive = {value for value in contact if value not in staff}
    check(len(distinctive) > 1000, f"only {len(distinctive)} contact strings were found in the stream")
    for path in [work / "report.json", work / "report.text", work / "report.csv", work / "report.html",
                 work / "engine.log"]:
        text = path.read_text(encoding="utf-8")
        leaked = sorted(value for value in distinctive if value in text)
        check(not leaked, f"{path.name} contains contact data: {leaked[:5]}")
    output = "\n".join(outputs)
    leaked = sorted(value for value in distinctive if value in output)
    check(not leaked, f"the program's output contains contact data: {leaked[:5]}")

    # Each ticket's contact data, and the units that led it, from the database.
    connection = sqlite3.connect(f"file:{once}?mode=ro", uri=True)
    ticket_of_key = dict(connection.execute("SELECT key, ticket_id FROM idempotency_keys"))
    lead_units = defaultdict(set)
    for ticket, unit in connection.execute(
            "SELECT ticket_id, json_extract(payload, '$.payload.lead_unit') FROM events WHERE type = 'draft'"):
        lead_units[ticket].add(unit)
    connection.close()
    contact_of_ticket = defaultdict(set)
    for line in stream.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["command"]["type"] == "register_request" and entry["key"] in ticket_of_key:
            contact_of_ticket[ticket_of_key[entry["key"]]] = by_ref[entry["ref"]] - staff

    permitted_with_contact = 0
    third_party = 0
    for line in notifications.read_text(encoding="utf-8").splitlines():
        note = json.loads(line)
        text = note["message_en"] + note["message_zh"]
        permitted = note["recipient_role"] in OFFICE_ROLES or (
            note["recipient_role"] == "unit_leader" and note["recipient_unit"] in lead_units[note["ticket_id"]])
        if permitted:
            permitted_with_contact += any(value in text for value in contact_of_ticket[note["ticket_id"]])
            continue
        third_party += 1
        leaked = sorted(value for value in distinctive if value in text)
        check(not leaked, f"notification {note['id']} to {note['recipient_role']} {note['recipient_unit']} "
                          f"contains contact data: {leaked[:3]}")
    check(third_party > 100, f"only {third_party} notifications went to third parties")
    check(permitted_with_contact > 1000,
          f"only {permitted_with_contact} notifications to the office or the lead unit carry contact data")

    if failures:
        print("\n".join(f"FAILED: {failure}" for failure in failures[:40]))
        sys.exit(1)
    print(f"checked {sum(map(len, table_rows(once).values()))} rows, {len(expected)} units, "
          f"{third_party} notifications to third parties and {permitted_with_contact} with contact data")


if __name__ == "__main__":
    main()
