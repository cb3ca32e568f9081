"""Joining a workshop from notebook 00, driven like a student."""

from __future__ import annotations

import json

import pytest

from kneelib.lrs import Outbox, Workshop, saved_workshop, workshop_file
from kneelib.lrs_server import free_port
from kneelib.progress import ProgressStore
from kneelib.widgets.workshop import show_workshop


@pytest.fixture(autouse=True)
def _no_instructor_settings(monkeypatch):
    for name in ("KNEELIB_LRS_URL", "KNEELIB_LRS_AUTH", "KNEELIB_LRS_REGISTRATION"):
        monkeypatch.delenv(name, raising=False)


def _code(port=None):
    return Workshop.make(f"http://127.0.0.1:{port or free_port()}", "workshop:pw").join_code()


def test_joining_without_a_name_asks_for_one(tmp_path):
    view = show_workshop(ProgressStore(tmp_path / "progress.json"))
    view.code.value = _code()
    view.join.click()
    assert "Type the name your instructor should see first." in view.feedback.value
    assert not workshop_file(tmp_path / "progress.json").exists()


def test_a_mistyped_code_gets_a_short_message_beside_the_button(tmp_path):
    view = show_workshop(ProgressStore(tmp_path / "progress.json"))
    view.name.value = "Ann"
    view.code.value = "kneelib-join:abc"
    view.join.click()
    assert "join code: expected the whole code as your instructor gave it" in view.feedback.value
    assert "Traceback" not in view.feedback.value


def test_joining_keeps_the_code_beside_the_progress_file_and_clears_the_box(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    view = show_workshop(store)
    view.name.value = "  Ann   Lee "
    code = _code()
    view.code.value = code
    view.join.click()
    assert "Joined the workshop at http://127.0.0.1:" in view.feedback.value
    assert "as Ann Lee" in view.feedback.value
    assert view.code.value == ""
    assert saved_workshop(store.path) == Workshop.from_join_code(code)
    assert workshop_file(store.path).stat().st_mode & 0o077 == 0
    assert store.data["student_name"] == "Ann Lee"


def test_answers_after_joining_wait_in_the_outbox_when_the_store_is_away(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    view = show_workshop(store)
    view.name.value = "Ann"
    view.code.value = _code()  # nothing listens on that port
    view.join.click()
    store.record_answer("bc-01", "02-bakers-cyst", "a", 1.0)
    waiting = Outbox(store.path).pending()
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in waiting] == ["bc-01"]
    assert waiting[0]["actor"]["name"] == "Ann"


def test_a_second_notebook_reconnects_to_the_saved_workshop(tmp_path):
    first = show_workshop(ProgressStore(tmp_path / "progress.json"))
    first.name.value = "Ann"
    first.code.value = _code()
    first.join.click()
    again = show_workshop(ProgressStore(tmp_path / "progress.json"))
    assert "You are in the workshop at http://127.0.0.1:" in again.feedback.value


def test_an_instructor_set_kernel_says_so_and_needs_no_code(tmp_path, monkeypatch):
    monkeypatch.setenv("KNEELIB_LRS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("KNEELIB_LRS_AUTH", "workshop:pw")
    view = show_workshop(ProgressStore(tmp_path / "progress.json"))
    assert (
        "Your instructor has set this kernel up for the workshop at http://127.0.0.1:9"
        in view.feedback.value
    )
    assert view.join.disabled and view.code.disabled
    assert "pw" not in json.dumps(view.feedback.value)


def test_a_quiz_says_beside_itself_that_answers_go_later_when_the_store_is_away(tmp_path):
    import time

    from kneelib.content import load_quiz
    from kneelib.widgets.quiz import QuizView

    store = ProgressStore(tmp_path / "progress.json")
    join = show_workshop(store)
    join.name.value = "Ann"
    join.code.value = _code()  # nothing listens there
    join.join.click()
    quiz = load_quiz("02-bakers-cyst")
    view = QuizView(quiz.questions[:2], "02-bakers-cyst", store=store)
    first, second = view.views
    first.choice.value = first.choice.options[0][1]
    first.check.click()
    deadline = time.monotonic() + 10
    while store.sync_notice is None and time.monotonic() < deadline:
        time.sleep(0.05)
    second.choice.value = second.choice.options[0][1]
    second.check.click()
    assert "cannot be reached just now; your answers are saved here" in view.status.value
    assert len(Outbox(store.path).pending()) == 2
