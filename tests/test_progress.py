"""The progress store: atomic saves, corrupt files kept aside, default location."""

from __future__ import annotations

import os

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
