"""Sending to a real Ralph LRS on a free loopback port: nothing lost, nothing doubled, nothing leaked."""

from __future__ import annotations

import json
import time

import pytest

from kneelib.lrs import NOTICES, Outbox, Workshop, WorkshopError, connect, flush, read_statements
from kneelib.lrs_server import RalphServer
from kneelib.progress import ProgressStore
from kneelib.xapi import record_from_statement, statement_for

pytestmark = pytest.mark.lrs

WRITER = ("workshop", "write-only-pw")
READER = ("instructor", "instructor-pw")
REG = "7d1f7c0e-0a6b-4f7e-8d1c-2b3a4c5d6e7f"


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    server = RalphServer(tmp_path_factory.mktemp("ralph"))
    server.add_accounts([(*WRITER, ["statements/write"]), (*READER, ["all"])])
    with server:
        yield server


def _workshop(server, account=WRITER):
    return Workshop.make(server.url, ":".join(account), REG)


def _all(server):
    return read_statements(_workshop(server, READER), {"registration": REG})


def _answer(store, n, score=1.0):
    return store.record_answer(
        f"q-{n}", "02-bakers-cyst", "a", score, session="s", certainty="medium"
    )


def _wait_sent(conn, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not conn.outbox.pending():
            return True
        time.sleep(0.05)
    return False


def test_sent_statements_pass_ralphs_validation_and_read_back_as_the_records(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.update("student_name", "Ann")
    conn = connect(store, _workshop(ralph))
    records = [_answer(store, n, score=n % 2) for n in range(3)]
    records.append(store.record_case("dvt", "best", {"score": 5, "time": 20}, topic="06-red-flags"))
    assert _wait_sent(conn)
    stored = [s for s in _all(ralph) if s["actor"]["account"]["name"] == store.student_id]
    assert sorted(record_from_statement(s).id for s in stored) == sorted(r.id for r in records)
    assert {s["actor"].get("name") for s in stored} == {"Ann"}
    assert conn.outbox.rejected() == []


def test_the_students_account_can_write_but_not_read(ralph):
    with pytest.raises(WorkshopError, match="HTTP 401"):
        read_statements(_workshop(ralph, WRITER))


def test_wrong_credentials_give_the_notice_and_keep_the_queue(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    outbox = Outbox(store.path)
    rec = _answer(store, 1)
    outbox.add([statement_for(rec, homepage=ralph.url, registration=REG)])
    report = flush(_workshop(ralph, ("workshop", "wrong")), outbox)
    assert report.problem == "refused"
    assert report.notice == NOTICES["refused"]
    assert [s["id"] for s in outbox.pending()] == [
        statement_for(rec, homepage=ralph.url, registration=REG)["id"]
    ]
    assert flush(_workshop(ralph), outbox).sent == 1
    assert outbox.pending() == []


def test_an_invalid_statement_is_set_aside_with_the_reason_and_the_rest_go(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    outbox = Outbox(store.path)
    good = [
        statement_for(_answer(store, n), homepage=ralph.url, registration=REG) for n in range(3)
    ]
    bad = dict(good[1], id="not-a-uuid")
    outbox.add([good[0], bad, good[2]])
    report = flush(_workshop(ralph), outbox)
    assert (report.sent, report.rejected, report.waiting, report.problem) == (2, 1, 0, None)
    (aside,) = outbox.rejected()
    assert aside["statement"]["id"] == "not-a-uuid"
    assert aside["reason"].startswith("HTTP 422")
    assert flush(_workshop(ralph), outbox).sent == 0


def test_a_resend_never_duplicates(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    statements = [
        statement_for(_answer(store, n), homepage=ralph.url, registration=REG) for n in range(4)
    ]
    for _ in range(2):
        outbox = Outbox(store.path)
        outbox.add(statements)
        assert flush(_workshop(ralph), outbox).problem is None
    ids = [s["id"] for s in _all(ralph)]
    assert all(ids.count(s["id"]) == 1 for s in statements)


def test_stopping_the_lrs_mid_session_loses_nothing_and_doubles_nothing(tmp_path):
    server = RalphServer(tmp_path / "ralph")
    server.add_accounts([(*WRITER, ["statements/write"]), (*READER, ["all"])])
    store = ProgressStore(tmp_path / "progress.json")
    with server:
        conn = connect(store, _workshop(server))
        before = [_answer(store, n) for n in range(5)]
        assert _wait_sent(conn)
        server.stop()
        during = [_answer(store, n) for n in range(5, 10)]
        deadline = time.monotonic() + 10
        while conn.notice is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert conn.notice == NOTICES["unavailable"]
        assert store.sync_notice == NOTICES["unavailable"]
        assert len(conn.outbox.pending()) == 5
        server.start()
        conn.sender.wake()
        assert _wait_sent(conn, timeout=90)
        ids = [s["id"] for s in _all(server)]
        expected = [
            statement_for(r, homepage=server.url, registration=REG)["id"] for r in before + during
        ]
        assert sorted(ids) == sorted(expected)
        assert conn.notice is None


def test_a_damaged_outbox_is_set_aside_and_a_fresh_one_started(tmp_path):
    outbox = Outbox(tmp_path / "progress.json")
    outbox.path.write_text("{not json", encoding="utf-8")
    assert outbox.pending() == []
    assert len(list(tmp_path.glob("progress.outbox.json.damaged-*"))) == 1


def test_the_outbox_lives_beside_the_progress_file_and_is_private(tmp_path):
    outbox = Outbox(tmp_path / "progress.json")
    outbox.add([{"id": "x"}])
    assert outbox.path == tmp_path / "progress.outbox.json"
    assert outbox.path.stat().st_mode & 0o077 == 0
    assert json.loads(outbox.path.read_text())["pending"] == [{"id": "x"}]


def test_the_server_keeps_its_statements_in_its_own_folder(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    outbox = Outbox(store.path)
    outbox.add([statement_for(_answer(store, 1), homepage=ralph.url, registration=REG)])
    assert flush(_workshop(ralph), outbox).sent == 1
    assert (ralph.folder / "statements" / "fs_lrs.jsonl").stat().st_size > 0


def _sync(progress, env):
    import os
    import subprocess
    import sys

    full = {k: v for k, v in os.environ.items() if not k.startswith("KNEELIB_LRS")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kneelib", "sync", "--progress", str(progress)],
        capture_output=True,
        text=True,
        env=full,
    )


def test_sync_sends_whatever_waits_and_says_how_many(ralph, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    outbox = Outbox(store.path)
    outbox.add(
        [statement_for(_answer(store, n), homepage=ralph.url, registration=REG) for n in range(3)]
    )
    env = {
        "KNEELIB_LRS_URL": ralph.url,
        "KNEELIB_LRS_AUTH": ":".join(WRITER),
        "KNEELIB_LRS_REGISTRATION": REG,
    }
    run = _sync(store.path, env)
    assert run.returncode == 0, run.stderr
    assert (
        run.stdout.strip()
        == f"3 sent, 0 set aside as refused by the store, 0 still waiting ({outbox.path})."
    )
    assert outbox.pending() == []


def test_sync_without_a_workshop_says_so_and_keeps_the_queue(tmp_path):
    outbox = Outbox(tmp_path / "progress.json")
    outbox.add([{"id": "x"}])
    run = _sync(tmp_path / "progress.json", {})
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "No workshop is set (KNEELIB_LRS_URL and KNEELIB_LRS_AUTH, or a join code); "
        f"1 statement waiting in {outbox.path}."
    )
    assert len(outbox.pending()) == 1


def test_make_lrs_prints_a_join_code_that_works_and_stops_ralph_with_it(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from kneelib.lrs_server import free_port

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, LRS_DIR=str(tmp_path / "lrs"), LRS_PORT=str(free_port()))
    tool = subprocess.Popen(
        [sys.executable, str(root / "tools" / "lrs.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("kneelib-join:" in x for x in lines):
            lines.append(tool.stdout.readline())
        code = next(x.strip() for x in lines if "kneelib-join:" in x)
        workshop = Workshop.from_join_code(code)
        store = ProgressStore(tmp_path / "progress.json")
        outbox = Outbox(store.path)
        outbox.add(
            [
                statement_for(
                    _answer(store, 1),
                    homepage=workshop.homepage,
                    registration=workshop.registration,
                )
            ]
        )
        assert flush(workshop, outbox).sent == 1
        accounts = json.loads((tmp_path / "lrs" / "accounts.json").read_text())
        reader = Workshop.make(
            workshop.url, f"instructor:{accounts['instructor']}", workshop.registration
        )
        assert len(read_statements(reader)) == 1
        with pytest.raises(WorkshopError, match="HTTP 401"):
            read_statements(workshop)
    finally:
        tool.send_signal(signal.SIGTERM)
        tool.wait(timeout=20)
    ralph_pid_alive = subprocess.run(
        ["pgrep", "-f", f"kneelib.lrs_server --host 127.0.0.1 --port {env['LRS_PORT']}"],
        capture_output=True,
    )
    assert ralph_pid_alive.returncode == 1  # no Ralph left running


def test_a_workshop_of_200_students_with_50_answers_each_loses_nothing(tmp_path, capsys):
    """Load on loopback, bounded: 200 simulated students x 50 answers, 8 senders at a time, 10 minutes at most."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import datetime, timedelta, timezone

    from kneelib.records import parse_record

    students, answers, senders = 200, 50, 8
    server = RalphServer(tmp_path / "ralph")
    server.add_accounts([(*WRITER, ["statements/write"]), (*READER, ["all"])])
    start = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    outboxes = []
    for s in range(students):
        outbox = Outbox(tmp_path / f"student-{s}" / "progress.json")
        outbox.path.parent.mkdir()
        outbox.add(
            statement_for(
                parse_record(
                    {
                        "student": f"student-{s:03d}",
                        "item": f"q-{n:02d}",
                        "kind": "question",
                        "topic": "load",
                        "answer": "a" if (s + n) % 3 else "b",
                        "score": 1.0 if (s + n) % 3 else 0.0,
                        "time": start + timedelta(seconds=n),
                    }
                ),
                homepage="http://127.0.0.1",
                registration=REG,
            )
            for n in range(answers)
        )
        outboxes.append(outbox)
    with server:
        workshop = _workshop(server)
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=senders) as pool:
            reports = list(pool.map(lambda o: flush(workshop, o), outboxes, timeout=600))
        elapsed = time.monotonic() - began
        stored = _all(server)
    total = students * answers
    assert sum(r.sent for r in reports) == total
    assert [r.problem for r in reports if r.problem] == []
    assert len(stored) == len({s["id"] for s in stored}) == total
    with capsys.disabled():
        print(
            f"\nLRS load: {total} statements from {students} students in {elapsed:.1f} s ({total / elapsed:.0f} statements/s)"
        )
