"""The progress store: atomic saves, corrupt files kept aside, default location."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kneelib.progress import ProgressStore, default_progress_path


def test_default_path_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("KNEELIB_PROGRESS", str(tmp_path / "p.json"))
    assert default_progress_path() == tmp_path / "p.json"


def test_default_path_is_under_home_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("KNEELIB_PROGRESS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_progress_path() == tmp_path / ".kneelib" / "progress.json"


def test_recorded_answer_is_saved_and_read_back(store):
    store.record_answer("q1", "00-x", "b", 0.0, False, session="s1")
    again = ProgressStore(store.path)
    (rec,) = again.answers
    assert {
        k: rec[k] for k in ("question_id", "topic", "answer", "score", "correct", "session")
    } == {
        "question_id": "q1",
        "topic": "00-x",
        "answer": "b",
        "score": 0.0,
        "correct": False,
        "session": "s1",
    }
    assert again.student_id == store.student_id


def test_two_stores_on_one_file_do_not_overwrite_each_other(store):
    other = ProgressStore(store.path)
    store.record_answer("q1", "t", "a", 1.0, True)
    other.record_answer("q2", "t", "a", 1.0, True)
    assert [a["question_id"] for a in ProgressStore(store.path).answers] == ["q1", "q2"]


def test_case_is_recorded(store):
    store.record_case("dvt", "good-ending", {"score": 5, "safety": 2})
    assert ProgressStore(store.path).cases[0]["counters"] == {"score": 5, "safety": 2}


def test_crash_during_save_keeps_the_previous_file(store, monkeypatch):
    store.record_answer("q1", "t", "a", 1.0, True)
    before = store.path.read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.record_answer("q2", "t", "a", 1.0, True)
    assert store.path.read_text() == before
    assert [p.name for p in store.path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_crash_while_writing_json_keeps_the_previous_file(store, monkeypatch):
    store.record_answer("q1", "t", "a", 1.0, True)
    before = store.path.read_text()

    def interrupted(fd):
        raise KeyboardInterrupt  # after the temporary file was written, before it is synced

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.record_answer("q2", "t", "a", 1.0, True)
    assert store.path.read_text() == before
    assert [p.name for p in store.path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_unsaveable_answer_is_refused_before_touching_the_file(store):
    store.record_answer("q1", "t", "a", 1.0, True)
    before = store.path.read_text()
    with pytest.raises(TypeError):
        store.record_answer("q2", "t", object(), 1.0, True)
    assert store.path.read_text() == before


@pytest.mark.parametrize(
    "content", ['{"answers": [', "[]", '{"student_id": 3, "answers": []}', "\xff\xfe"]
)
def test_corrupt_file_is_moved_aside_and_a_fresh_one_started(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_bytes(content.encode("latin-1"))
    store = ProgressStore(path)
    (aside,) = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == content.encode("latin-1")
    assert store.answers == ()
    assert (
        store.notice
        == f"Your progress file was damaged; it was kept as {aside.name} and a fresh one was started."
    )
    store.record_answer("q1", "t", "a", 1.0, True)
    assert len(ProgressStore(path).answers) == 1


def test_unwritable_path_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ProgressStore(blocker / "progress.json")
    with pytest.raises(OSError):
        store.record_answer("q1", "t", "a", 1.0, True)


def test_update_sets_a_top_level_entry_and_refuses_reserved_keys(store):
    store.update("student_name", "A. Student")
    assert ProgressStore(store.path).data["student_name"] == "A. Student"
    with pytest.raises(ValueError, match="reserved"):
        store.update("answers", [])


def test_new_store_saves_its_student_id_at_once(tmp_path):
    first = ProgressStore(tmp_path / "p.json")
    assert ProgressStore(tmp_path / "p.json").student_id == first.student_id


def test_new_store_in_an_unwritable_place_still_opens(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = ProgressStore(blocker / "p.json")
    assert store.answers == ()
    assert store.notice.endswith("progress is kept for this session only.")


# ---------------------------------------------------------------- version 2 and the upgrade
V1_FIXTURE = Path(__file__).parent / "fixtures" / "progress" / "v1-progress.json"


@pytest.fixture
def v1_file(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copyfile(V1_FIXTURE, path)
    return path


def test_a_real_version_1_file_is_upgraded_and_keeps_every_answer_and_case(v1_file):
    old = json.loads(V1_FIXTURE.read_text())
    store = ProgressStore(v1_file)
    saved = json.loads(v1_file.read_text())
    assert (saved["version"], saved["student_id"], saved["student_name"]) == (
        2,
        old["student_id"],
        "Test Student",
    )
    answers = [a for a in store.attempts if a.kind == "question"]
    assert [(a.item, a.topic, a.answer, a.score, a.session) for a in answers] == [
        (a["question_id"], a["topic"], a["answer"], a["score"], a["session"])
        for a in old["answers"]
    ]
    assert [a.correct for a in answers] == [a["correct"] for a in old["answers"]]
    (case,) = [a for a in store.attempts if a.kind == "case-ending"]
    assert (case.item, case.answer, case.counters) == (
        "dvt",
        "treated",
        {"score": 9, "safety": 5, "time": 190, "cost": 3},
    )
    assert {a.student for a in store.attempts} == {old["student_id"]}


def test_the_upgrade_keeps_the_version_1_bytes_beside_the_file(v1_file):
    ProgressStore(v1_file)
    assert (v1_file.parent / "progress.json.v1-backup").read_bytes() == V1_FIXTURE.read_bytes()
    assert sorted(p.name for p in v1_file.parent.iterdir()) == [
        "progress.json",
        "progress.json.lock",
        "progress.json.v1-backup",
    ]


def test_upgraded_version_1_modes_follow_the_capstone_sessions(v1_file):
    store = ProgressStore(v1_file)
    modes = {(a.session or "").startswith("capstone-"): a.mode for a in store.attempts}
    assert modes == {True: "exam", False: "tutor"}


def test_reading_the_upgraded_file_again_changes_nothing(v1_file):
    first = ProgressStore(v1_file)
    text = v1_file.read_text()
    again = ProgressStore(v1_file)
    assert v1_file.read_text() == text
    assert [a.id for a in again.attempts] == [a.id for a in first.attempts]


def test_a_version_1_entry_that_is_no_record_is_kept_and_reported(tmp_path):
    path = tmp_path / "progress.json"
    good = {
        "question_id": "q1",
        "topic": "t",
        "answer": "a",
        "score": 1.0,
        "time": "2026-01-02T10:00:00+00:00",
    }
    bad = {"question_id": "q2", "topic": "t", "answer": "a", "score": 1.0, "time": "yesterday"}
    path.write_text(json.dumps({"version": 1, "student_id": "s", "answers": [good, bad]}))
    store = ProgressStore(path)
    assert [a.item for a in store.attempts] == ["q1"]
    assert json.loads(path.read_text())["unreadable"] == [
        {
            "from": "answers",
            "entry": bad,
            "problem": "answers[1]: time: expected an ISO date and time, found 'yesterday'",
        }
    ]
    assert store.notice == (
        "1 saved entry of your progress could not be read and was kept aside in the file "
        "(first: answers[1]: time: expected an ISO date and time, found 'yesterday')."
    )


def test_without_a_backup_the_version_1_file_is_not_overwritten(v1_file):
    (v1_file.parent / "progress.json.v1-backup").mkdir()  # the backup cannot be written there
    store = ProgressStore(v1_file)
    assert len(store.attempts) == len(json.loads(V1_FIXTURE.read_text())["answers"]) + 1
    assert v1_file.read_bytes() == V1_FIXTURE.read_bytes()
    with pytest.raises(OSError):
        store.record_answer("q1", "t", "a", 1.0)
    assert v1_file.read_bytes() == V1_FIXTURE.read_bytes()


def test_an_answer_is_saved_with_its_certainty_mode_and_notebook(store):
    rec = store.record_answer(
        "bc-01",
        "02-bakers-cyst",
        "a",
        1.0,
        certainty="high",
        mode="review",
        notebook="00-start-here",
    )
    (again,) = ProgressStore(store.path).attempts
    assert again == rec
    assert (again.certainty, again.mode, again.notebook, again.kind) == (
        "high",
        "review",
        "00-start-here",
        "question",
    )


def test_a_record_that_does_not_fit_is_refused_before_touching_the_file(store):
    before = store.path.read_text()
    with pytest.raises(ValueError) as err:
        store.record_answer("q1", "t", "a", 1.0, certainty="very")
    assert str(err.value) == (
        "new record: certainty: input should be 'low', 'medium' or 'high', found 'very'"
    )
    assert store.path.read_text() == before


def test_a_case_choice_is_recorded(store):
    store.record_case_choice("dvt", "examine-legs", topic="06-red-flags", session="s")
    (rec,) = ProgressStore(store.path).attempts
    assert (rec.kind, rec.item, rec.answer, rec.topic, rec.score) == (
        "case-choice",
        "dvt",
        "examine-legs",
        "06-red-flags",
        None,
    )


def test_a_version_2_entry_that_is_no_record_is_kept_aside_and_the_rest_still_work(store):
    store.record_answer("q1", "t", "a", 1.0)
    data = json.loads(store.path.read_text())
    odd = {"item": "q2", "kind": "essay"}
    data["attempts"].append(odd)
    store.path.write_text(json.dumps(data))
    again = ProgressStore(store.path)
    assert [a.item for a in again.attempts] == ["q1"]
    assert again.notice == (
        "1 saved entry of your progress could not be read and was kept aside in the file "
        "(first: attempts[1]: student: field required, found nothing (the field is missing))."
    )
    again.record_answer("q3", "t", "a", 0.0)
    saved = json.loads(store.path.read_text())
    assert ([a["item"] for a in saved["attempts"]], saved["unreadable"][0]["entry"]) == (
        ["q1", "q3"],
        odd,
    )
