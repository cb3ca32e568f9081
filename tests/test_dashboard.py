"""The instructor dashboard over a real Ralph LRS on loopback: the same figures as the file gradebook."""

from __future__ import annotations

import csv
import importlib.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kneelib.content import load_question_bank
from kneelib.dashboard import (
    READ_AUTH_ENV,
    DashboardError,
    answer_distribution,
    cohort_from_statements,
    export_csvs,
    gain_rows,
    instructor_reader,
    read_cohort,
)
from kneelib.lrs import Workshop, connect, post_statements
from kneelib.lrs_server import RalphServer, free_port
from kneelib.progress import ProgressStore
from kneelib.quiz import grade
from kneelib.records import parse_record
from kneelib.results import (
    export_progress,
    gradebook_table,
    item_analysis,
    item_table,
    merge_exports,
)
from kneelib.widgets.dashboard import NOT_SET, DashboardView
from kneelib.xapi import statement_for

ROOT = Path(__file__).resolve().parent.parent
#: The gradebook's learning gain and calibration, where this kneelib has them.
HAS_GAIN = importlib.util.find_spec("kneelib.gain") is not None
GAIN_FILES = ["calibration.csv", "learning-gain.csv"] if HAS_GAIN else []
WRITER = ("workshop", "write-only-pw-3141")
READER = ("instructor", "instructor-pw-2718")
REG = "5b0c3f4e-9a2d-4c1b-8e7f-6a5d4c3b2a19"
OTHER_REG = "0f1e2d3c-4b5a-4968-8776-655443322110"
TOPIC = "02-workshop"
#: A small question bank of the tests' own, so that content edits never move these figures.
FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "dashboard"
with pytest.MonkeyPatch.context() as _mp:
    _mp.setenv("KNEELIB_DATA", str(FIXTURE_DATA))
    BANK = load_question_bank()
QUESTIONS = {q.id: q for q in BANK[TOPIC].questions}

#: Each student's answers, in the order given; Dee answers ws-01 twice (wrong, then right).
ANSWERS = {
    "Ann": [
        ("ws-01", "a"),
        ("ws-02", "a"),
        ("ws-03", ["effusion", "meniscus", "oa"]),
        ("ws-05", "a"),
    ],
    "Ben": [("ws-01", "a"), ("ws-02", "b"), ("ws-03", ["effusion", "acl"]), ("ws-05", "a")],
    "Cal": [
        ("ws-01", "c"),
        ("ws-02", "a"),
        ("ws-03", ["effusion", "meniscus", "oa"]),
        ("ws-05", "b"),
    ],
    "Dee": [("ws-01", "b"), ("ws-02", "c"), ("ws-03", ["mcl"]), ("ws-05", "a"), ("ws-01", "a")],
    "Eve": [("ws-01", "c"), ("ws-02", "b"), ("ws-03", ["effusion", "meniscus"]), ("ws-05", "c")],
}


def _workshop(server, account):
    return Workshop.make(server.url, ":".join(account), REG)


def _answer(store, qid, answer):
    return store.record_answer(
        qid, TOPIC, answer, grade(QUESTIONS[qid], answer).score, session="workshop"
    )


def _wait_sent(conn, timeout=30.0):
    deadline = time.monotonic() + timeout
    while conn.outbox.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not conn.outbox.pending()


def _foreign_statement():
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:someone@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
        "object": {"objectType": "Activity", "id": "https://other-tool.example.org/quiz/1"},
        "context": {"registration": REG},
        "timestamp": datetime.now(timezone.utc).isoformat(),
    }


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    server = RalphServer(tmp_path_factory.mktemp("ralph"))
    server.add_accounts([(*WRITER, ["statements/write"]), (*READER, ["all"])])
    with server:
        yield server


@pytest.fixture(scope="module")
def cohort_run(ralph, tmp_path_factory):
    """Five students answer through their progress stores, sent live; each also exports a file."""
    tmp = tmp_path_factory.mktemp("cohort")
    stores, conns = {}, []
    for name in ANSWERS:
        store = ProgressStore(tmp / name / "progress.json")
        store.update("student_name", name)
        conns.append(connect(store, _workshop(ralph, WRITER)))
        stores[name] = store
    for n in range(max(len(a) for a in ANSWERS.values())):
        for name, answers in ANSWERS.items():
            if n < len(answers):
                _answer(stores[name], *answers[n])
    assert all(_wait_sent(c) for c in conns)
    other = _statement("zed-progress", "ws-01", "d", 0.0, 0, "Zed")  # another workshop in the store
    other["context"]["registration"] = OTHER_REG
    writer = _workshop(ralph, WRITER)
    assert post_statements(writer, [_foreign_statement(), other]).status == "ok"
    files = [export_progress(stores[name], name, tmp / "exports") for name in ANSWERS]
    yield {"stores": stores, "files": files, "conns": conns, "tmp": tmp}
    for c in conns:
        c.sender.stop()


def _cohort(ralph, registration=REG):
    return cohort_from_statements(read_cohort(_workshop(ralph, READER), registration))


# ---------------------------------------------------------------- the same figures as the file gradebook
@pytest.mark.lrs
def test_item_analysis_from_the_lrs_equals_the_file_gradebooks(ralph, cohort_run):
    from_files = item_analysis(merge_exports(cohort_run["files"]), BANK)
    from_lrs = item_analysis(_cohort(ralph).merge, BANK)
    assert from_lrs == from_files
    assert [s.question_id for s in from_lrs] == ["ws-01", "ws-02", "ws-03", "ws-05"]
    assert all(s.discrimination is not None for s in from_lrs)  # five students: D is computed
    assert item_table(from_lrs) == item_table(from_files)


@pytest.mark.lrs
def test_gradebook_rows_from_the_lrs_equal_the_file_gradebooks_but_for_the_files_column(
    ralph, cohort_run
):
    fh, frows, fnotes = gradebook_table(merge_exports(cohort_run["files"]), BANK)
    lh, lrows, lnotes = gradebook_table(_cohort(ralph).merge, BANK)
    drop = fh.index("files")
    assert (lh, lnotes) == (fh, fnotes)
    assert [r[:drop] + r[drop + 1 :] for r in lrows] == [r[:drop] + r[drop + 1 :] for r in frows]
    assert [r[drop] for r in lrows] == ["0"] * 5  # no files: read from the record store


@pytest.mark.lrs
def test_who_joined_lists_names_progress_ids_and_answers(ralph, cohort_run):
    cohort = _cohort(ralph)
    stores = cohort_run["stores"]
    assert [(p.name, p.progress_id, p.answers, p.cases) for p in cohort.participants] == [
        (name, stores[name].student_id, len(ANSWERS[name]), 0) for name in ANSWERS
    ]
    dee = next(p for p in cohort.participants if p.name == "Dee")
    assert dee.last_seen == stores["Dee"].attempts[-1].time


@pytest.mark.lrs
def test_the_answer_distribution_counts_each_students_latest_answer(ralph, cohort_run):
    cohort = _cohort(ralph)
    single = answer_distribution(cohort, QUESTIONS["ws-01"])
    assert (single.counts, single.right, single.students) == (
        (("a", 3), ("b", 0), ("c", 2), ("d", 0)),
        frozenset({"a"}),
        5,
    )
    multiple = answer_distribution(cohort, QUESTIONS["ws-03"])
    assert multiple.counts == (("effusion", 4), ("meniscus", 3), ("oa", 2), ("acl", 1), ("mcl", 1))


@pytest.mark.lrs
def test_statements_of_other_tools_are_counted_and_reported_not_fatal(ralph, cohort_run):
    cohort = _cohort(ralph)
    assert (cohort.statements, cohort.foreign) == (sum(len(a) for a in ANSWERS.values()) + 1, 1)
    assert cohort.report().splitlines()[0] == (
        "22 statements read, 5 students joined, 1 statement not from kneelib left out."
    )
    assert cohort.report().splitlines()[1].startswith("left out: statement ")


@pytest.mark.lrs
def test_one_workshop_is_read_when_its_registration_is_given_else_every_one(ralph, cohort_run):
    names = lambda cohort: [p.name for p in cohort.participants]
    assert names(_cohort(ralph)) == list(ANSWERS)
    assert names(_cohort(ralph, None)) == [*ANSWERS, "Zed"]
    env = {"KNEELIB_LRS_URL": ralph.url, READ_AUTH_ENV: ":".join(READER)}
    every = DashboardView(environ=env, interval=None)
    one = DashboardView(environ={**env, "KNEELIB_LRS_REGISTRATION": REG}, interval=None)
    assert (
        "6 students joined" in every.feedback.value,
        "5 students joined" in one.feedback.value,
    ) == (
        True,
        True,
    )
    assert "every workshop (set KNEELIB_LRS_REGISTRATION for one)" in every.children[0].value


@pytest.mark.lrs
def test_the_write_only_account_cannot_read(ralph):
    with pytest.raises(DashboardError) as err:
        read_cohort(_workshop(ralph, WRITER), REG)
    assert str(err.value) == (
        f"{ralph.url}: the record store refused account 'workshop' for reading (HTTP 401): expected "
        "the instructor account in KNEELIB_LRS_READ_AUTH; the students' account can only write"
    )


def test_a_store_that_is_down_gives_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(DashboardError) as err:
        read_cohort(Workshop.make(url, "instructor:pw", REG))
    assert str(err.value) == (
        f"{url}: the record store cannot be reached just now (is it running? make lrs starts it)"
    )


@pytest.mark.lrs
def test_the_csv_export_writes_the_gradebooks_files(ralph, cohort_run, tmp_path):
    cohort = _cohort(ralph)
    written = export_csvs(cohort, BANK, tmp_path / "out", ROOT / "notebooks")
    assert [p.name for p in written] == [
        "gradebook.csv",
        "item-analysis.csv",
        *GAIN_FILES,
        "participants.csv",
    ]
    with open(written[1], encoding="utf-8-sig", newline="") as f:
        assert (
            list(csv.reader(f))
            == [*map(list, [item_table(item_analysis(cohort.merge, BANK))[0]])]
            + (item_table(item_analysis(cohort.merge, BANK))[1])
        )


def test_the_csv_export_refuses_the_course_folder(tmp_path):
    cohort = cohort_from_statements([])
    folder = ROOT / "notebooks" / "exports"
    with pytest.raises(DashboardError) as err:
        export_csvs(cohort, BANK, folder, ROOT / "notebooks")
    assert str(err.value) == (
        f"{folder}: expected a folder outside the course folder {ROOT / 'notebooks'} "
        "(it is shared and often read-only), found one inside it"
    )
    assert not folder.exists()


# ---------------------------------------------------------------- pure: statements to a cohort
def _statement(student, item, answer, score, minutes, name=None):
    record = parse_record(
        {
            "student": student,
            "item": item,
            "kind": "question",
            "topic": TOPIC,
            "answer": answer,
            "score": score,
            "mode": "tutor",
            "time": (datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=minutes)),
        },
        "test",
    )
    return statement_for(record, homepage="http://lrs", registration=REG, display_name=name)


def test_one_name_from_two_progress_files_stays_two_students_with_a_note():
    cohort = cohort_from_statements(
        [
            _statement("p1", "ws-01", "a", 1.0, 1, "Ann"),
            _statement("p2", "ws-01", "b", 0.0, 2, "ann"),
        ]
    )
    assert [(p.name, p.progress_id) for p in cohort.participants] == [("Ann", "p1"), ("ann", "p2")]
    assert cohort.merge.notes == [
        "'Ann' joined from 2 progress files (two devices, or two people with one name): "
        "shown as separate students"
    ]


def test_the_latest_display_name_names_the_student_and_none_gives_a_placeholder():
    cohort = cohort_from_statements(
        [
            _statement("p1", "ws-02", "a", 1.0, 5, "Ann Smith"),
            _statement("p1", "ws-01", "a", 1.0, 1, "Ann"),
            _statement("0123456789abcdef", "ws-01", "c", 0.0, 2),
        ]
    )
    assert [p.name for p in cohort.participants] == ["(no name yet) 01234567", "Ann Smith"]


def test_learning_gain_is_the_file_gradebooks_table_where_kneelib_has_one(tmp_path):
    """Pre- and post-test answers sent as statements give the gradebook's learning-gain rows."""
    if not HAS_GAIN:
        assert (
            gain_rows(cohort_from_statements([_statement("p1", "ws-01", "a", 1.0, 1, "Ann")]))
            is None
        )
        return
    from kneelib.content.questions import load_test_forms
    from kneelib.results import gain_table

    forms = load_test_forms()
    statements, files = [], []
    for s, name in enumerate(["Ann", "Ben", "Cal"]):
        store = ProgressStore(tmp_path / name / "progress.json")
        for mode in ("pre-test", "post-test"):
            form = forms[mode]
            for k, q in enumerate(form.questions):
                if not hasattr(q, "options"):
                    continue
                answer = q.options[(s + k) % len(q.options)].id
                answer = [answer] if q.type == "multiple" else answer
                record = store.record_answer(
                    q.id, form.topic, answer, grade(q, answer).score, mode=mode, certainty="high"
                )
                statements.append(
                    statement_for(
                        record, homepage="http://lrs", registration=REG, display_name=name
                    )
                )
        files.append(export_progress(store, name, tmp_path / "exports"))
    from_files = gain_table(merge_exports(files), forms["pre-test"], forms["post-test"])
    assert gain_rows(cohort_from_statements(statements)) == from_files
    assert len(from_files[1]) > 3


def test_numbers_matchings_and_orderings_are_counted_by_the_answer_given():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(
            "KNEELIB_DATA", str(Path(__file__).resolve().parent / "fixtures" / "content" / "good")
        )
        good = {q.id: q for q in load_question_bank()["00-good"].questions}
    answers = {
        "g-numeric": ["0.3", "0.5", "0.3"],
        "g-matching": [{"i1": "x", "i2": "y", "i3": "y"}, {"i1": "y", "i2": "y", "i3": "x"}],
        "g-ordering": [["s", "m", "l", "xl"], ["m", "s", "l", "xl"], ["m", "s", "l", "xl"]],
    }
    statements = []
    for qid, given in answers.items():
        for n, answer in enumerate(given):
            score = grade(good[qid], answer).score
            statements.append(_statement(f"p{n}", qid, answer, score, n, f"S{n}"))
    cohort = cohort_from_statements(statements)
    numeric = answer_distribution(cohort, good["g-numeric"])
    assert (numeric.counts, numeric.right) == ((("0.3", 2), ("0.5", 1)), frozenset({"0.3"}))
    matching = answer_distribution(cohort, good["g-matching"])
    assert matching.counts == (("i2->y", 2), ("i1->x", 1), ("i1->y", 1), ("i3->x", 1), ("i3->y", 1))
    assert matching.right == frozenset({"i1->x", "i2->y", "i3->y"})
    ordering = answer_distribution(cohort, good["g-ordering"])
    assert ordering.counts == (("m > s > l > xl", 2), ("s > m > l > xl", 1))
    assert ordering.right == frozenset({"s > m > l > xl"})


def test_a_statement_read_twice_counts_once():
    s = _statement("p1", "ws-01", "a", 1.0, 1, "Ann")
    cohort = cohort_from_statements([s, dict(s)])
    assert [p.answers for p in cohort.participants] == [1]


def test_the_reading_account_comes_from_its_own_variable_never_the_write_account():
    env = {"KNEELIB_LRS_URL": "http://127.0.0.1:8100", "KNEELIB_LRS_AUTH": "workshop:w"}
    assert instructor_reader(env) is None
    reader = instructor_reader({**env, READ_AUTH_ENV: "instructor:r"})
    assert (reader.workshop.username, reader.registration) == ("instructor", None)
    one = instructor_reader({**env, READ_AUTH_ENV: "instructor:r", "KNEELIB_LRS_REGISTRATION": REG})
    assert one.registration == REG
    with pytest.raises(DashboardError) as err:
        instructor_reader({**env, READ_AUTH_ENV: "workshop:w"})
    assert str(err.value) == (
        "KNEELIB_LRS_READ_AUTH: expected the instructor account, found the students' write-only "
        "account (the same as KNEELIB_LRS_AUTH)"
    )
    with pytest.raises(
        DashboardError, match="^KNEELIB_LRS_URL: expected the record store's address"
    ):
        instructor_reader({READ_AUTH_ENV: "instructor:r"})


# ---------------------------------------------------------------- the view, driven like an instructor
def _values(widget):
    """Every string value in the widget tree (what the page can show)."""
    out = [getattr(widget, "value", None), getattr(widget, "description", None)]
    out += [str(o) for o in getattr(widget, "options", ())]
    for child in getattr(widget, "children", ()):
        out += _values(child)
    return [v for v in out if isinstance(v, str)]


def test_without_a_store_the_view_says_how_to_start():
    view = DashboardView(environ={}, interval=5)
    assert view.feedback.value.endswith(f"{NOT_SET}</div>")
    assert (view.children, view.auto_refreshing) == ((view.feedback,), False)


def test_a_store_that_is_down_gives_a_line_beside_the_widget_not_a_traceback():
    url = f"http://127.0.0.1:{free_port()}"
    view = DashboardView(Workshop.make(url, "instructor:secret-pw", REG), interval=None)
    assert "cannot be reached just now" in view.feedback.value
    assert "Traceback" not in view.feedback.value
    assert view.cohort is None


@pytest.mark.lrs
def test_the_view_driven_like_an_instructor(ralph, cohort_run, tmp_path):
    view = DashboardView(
        _workshop(ralph, READER), bank=BANK, interval=None, folder=tmp_path / "exports"
    )
    try:
        assert "5 students joined, 21 answers" in view.feedback.value
        assert all(f'<td style="padding:2px 8px">{n}</td>' in view.joined.value for n in ANSWERS)
        assert view.picker.value == "ws-01"  # the question answered last (Dee's second try)
        view.picker.value = "ws-02"
        assert view.chart.alt == (
            "Bar chart of the latest answers to ws-02 from 5 students: a 2 (right), b 2, c 1, d 0."
        )
        assert view.chart.png.startswith(b"\x89PNG")
        assert view.prompt.value.startswith("<p><strong>ws-02</strong>: ")
        assert "ws-05" in view.items.value
        late = ProgressStore(tmp_path / "Fay" / "progress.json")
        late.update("student_name", "Fay <script>")
        conn = connect(late, _workshop(ralph, WRITER))
        _answer(late, "ws-02", "d")
        assert _wait_sent(conn)
        conn.sender.stop()
        view.refresh_button.click()
        assert view.picker.value == "ws-02"  # the choice survives a refresh
        assert view.chart.alt.endswith("a 2 (right), b 2, c 1, d 1.")
        assert "Fay &lt;script&gt;" in view.joined.value and "<script>" not in view.joined.value
        assert "6 students joined" in view.feedback.value
        view.export_button.click()
        assert [p.name for p in view.written] == [
            "gradebook.csv",
            "item-analysis.csv",
            *GAIN_FILES,
            "participants.csv",
        ]
        assert view.written[0].parent.parent == tmp_path / "exports"
        assert "Written to" in view.export_feedback.value
        view.folder.value = str(ROOT / "notebooks")
        view.export_button.click()
        assert "expected a folder outside the course folder" in view.export_feedback.value
        assert [v for v in _values(view) if READER[1] in v or WRITER[1] in v] == []
    finally:
        view.close()


@pytest.mark.lrs
def test_the_view_refreshes_by_itself_and_stops_when_closed(ralph, cohort_run):
    view = DashboardView(_workshop(ralph, READER), bank=BANK, interval=0.3)
    deadline = time.monotonic() + 20
    while view.refreshes < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (view.refreshes >= 3, view.auto_refreshing) == (True, True)
    view.close()
    assert view.auto_refreshing is False
    count = view.refreshes
    time.sleep(0.8)
    assert view.refreshes == count


# ---------------------------------------------------------------- Voila
@pytest.mark.lrs
def test_voila_serves_the_dashboard_reading_the_store(ralph, cohort_run, tmp_path):
    voila = Path(sys.executable).with_name("voila")
    port = free_port()
    env = {
        **os.environ,
        "KNEELIB_LRS_URL": ralph.url,
        READ_AUTH_ENV: ":".join(READER),
        "KNEELIB_LRS_REGISTRATION": REG,
        "KNEELIB_DATA": str(FIXTURE_DATA),
        "HOME": str(tmp_path),
    }
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(
        [
            str(voila),
            str(ROOT / "notebooks" / "instructor" / "dashboard.ipynb"),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    try:
        page, deadline = None, time.monotonic() + 180
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as response:
                    page = response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert page is not None, (tmp_path / "voila.log").read_text()[-2000:]
        assert "Instructor dashboard" in page
        assert page.count("application/vnd.jupyter.widget-view+json") >= 1
        found = [s for s in ("show_dashboard(", "Traceback", READER[1], WRITER[1]) if s in page]
        assert found == []
        assert "[kneelib] ERROR" not in (tmp_path / "voila.log").read_text()  # no failed callback
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_make_dashboard_serves_the_notebook_with_voila():
    run = subprocess.run(["make", "-n", "dashboard"], capture_output=True, text=True, cwd=ROOT)
    served = [line.split()[1:3] for line in run.stdout.splitlines() if "/voila " in line]
    assert (run.returncode, served) == (
        0,
        [["notebooks/instructor/dashboard.ipynb", "--no-browser"]],
    )


# ---------------------------------------------------------------- the guide quotes Ralph's real settings
def _ralph_settings(module: str) -> set[str]:
    """Setting names of Ralph's LRS and data backend settings classes in ``module`` (read from its source:
    the backends' own client libraries are not installed here)."""
    import ast

    import ralph

    base = Path(ralph.__file__).parent / "backends"
    names = set()
    for part in ("lrs", "data"):
        tree = ast.parse((base / part / f"{module}.py").read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            if cls.name.endswith("Settings"):
                names |= {
                    s.target.id
                    for s in cls.body
                    if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                }
    return names


def test_the_workshop_guide_names_only_settings_and_extras_ralph_has():
    import re
    from importlib.metadata import entry_points, metadata

    from ralph.conf import Settings

    text = (ROOT / "docs" / "workshop.md").read_text(encoding="utf-8")
    modules = {"CLICKHOUSE": "clickhouse", "MONGO": "mongo", "ES": "es"}
    quoted, unknown = [], []
    for line in text.splitlines():
        full = re.findall(r"RALPH_BACKENDS__LRS__([A-Z]+)__([A-Z_]+)", line)
        prefix = full[0][0] if full else None
        short = re.findall(r"`\.\.\._([A-Z_]+)`", line)
        for backend, name in full + [(prefix, s) for s in short]:
            quoted.append((backend, name))
            if backend not in modules or name not in _ralph_settings(modules[backend]):
                unknown.append(f"RALPH_BACKENDS__LRS__{backend}__{name}")
    general = set(re.findall(r"RALPH_((?:RUNSERVER|LRS|AUTH)_[A-Z_]+)", text))
    unknown += sorted(f"RALPH_{n}" for n in general if n not in Settings.model_fields)
    backends = {e.name for e in entry_points(group="ralph.backends.lrs")}
    named = set(re.findall(r"RALPH_RUNSERVER_BACKEND=([a-z]+)", text))
    extras = set(metadata("ralph-malph").get_all("Provides-Extra"))
    asked = set(re.findall(r"ralph-malph\[lrs,cli,([a-z-]+)\]", text))
    assert (len(quoted) >= 10, unknown, named - backends, asked - extras) == (
        True,
        [],
        set(),
        set(),
    )
    assert named == {"clickhouse", "mongo", "es"}


@pytest.mark.lrs
def test_showing_the_dashboard_again_stops_the_timer_of_the_one_before(ralph, cohort_run):
    from kneelib.widgets.dashboard import show_dashboard

    first = show_dashboard(_workshop(ralph, READER), interval=30)
    second = show_dashboard(_workshop(ralph, READER), interval=30)
    try:
        assert (first.auto_refreshing, second.auto_refreshing) == (False, True)
    finally:
        second.close()


@pytest.mark.lrs
def test_a_store_gone_away_keeps_the_last_figures_and_says_so_in_one_line(ralph, cohort_run):
    view = DashboardView(_workshop(ralph, READER), bank=BANK, interval=None)
    chart, joined = view.chart.value, view.joined.value
    gone = f"http://127.0.0.1:{free_port()}"
    view.workshop = Workshop.make(gone, ":".join(READER), REG)  # the store stopped answering
    view.refresh_button.click()
    message = view.feedback.value.split("</strong> ", 1)[1].removesuffix("</div>")
    assert message.startswith(
        f"{gone}: the record store cannot be reached just now (is it running? make lrs starts it); "
        "showing what was read at "
    )
    assert (view.chart.value, view.joined.value, view.refreshes) == (chart, joined, 1)
