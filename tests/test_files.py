"""One way to do each small job: the atomic writer, the progress lock, the cache, the duplicate check."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import tomllib
import yaml
from filelock import Timeout

from kneelib import files, progress
from kneelib.content.base import (
    ContentError,
    duplicate_id_problems,
    duplicate_ids,
    load_cached,
    load_yaml,
)
from kneelib.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ writer


def test_write_json_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    files.write_json(target, {"a": "é"}, indent=2)
    assert target.read_text(encoding="utf-8") == '{\n  "a": "é"\n}\n'
    assert leftovers(tmp_path) == []


def test_new_files_get_the_usual_permissions_and_private_ones_only_the_owner(tmp_path):
    shared = files.write_text(tmp_path / "bank.gift", "x")
    private = files.write_text(tmp_path / "progress.json", "{}", private=True)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~umask()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_unserialisable_data_leaves_the_old_file_untouched(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        files.write_json(target, {"a": object()})
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_failed_replace_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        files.write_text(target, "new")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    files.write_text(tmp_path / "a.txt", "x")
    assert synced == [False, True]  # the file, then its folder


#: A save that stops where the test says: before the temporary file is complete
#: ("write"), between the finished temporary file and the replace ("replace"), or
#: just after the replace ("after"). It prints READY there and waits to be killed.
CRASHING_SAVE = textwrap.dedent(
    """
    import os, sys, time
    from kneelib import files
    from kneelib.progress import ProgressStore
    where = sys.argv[2]
    def stop():
        print("READY", flush=True)
        time.sleep(60)
    if where == "write":
        real_fsync = os.fsync
        def fsync(fd):
            stop()
        os.fsync = fsync
    elif where == "replace":
        real_replace = os.replace
        def replace(src, dst):
            stop()
        os.replace = replace
    else:
        real_fold = files._fsync_folder
        def fold(folder):
            real_fold(folder)
            stop()
        files._fsync_folder = fold
    ProgressStore(sys.argv[1]).record_answer("q-new", "t", "b", 1.0, True)
    """
)


@pytest.mark.parametrize(
    ("where", "answers", "stray"),
    [("write", ["q-old"], 1), ("replace", ["q-old"], 1), ("after", ["q-old", "q-new"], 0)],
)
def test_a_save_killed_midway_leaves_a_whole_progress_file(tmp_path, where, answers, stray):
    """Kill a real process (SIGKILL) at each step of a save, then open the file again."""
    path = tmp_path / "progress.json"
    ProgressStore(path).record_answer("q-old", "t", "a", 0.0, False)
    before = path.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SAVE, str(path), where],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout.readline() == "READY\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    strays = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(strays) == stray
    if where != "after":
        assert path.read_bytes() == before
    store = ProgressStore(path)
    assert store.notice is None
    assert [a["question_id"] for a in store.answers] == answers
    if strays:
        # The stray file is the new content, whole, that never replaced the old one.
        assert [a["item"] for a in json.loads(strays[0].read_text())["attempts"]] == [
            "q-old",
            "q-new",
        ]
    # The next save works and leaves the stray file alone.
    store.record_answer("q-next", "t", "a", 1.0, True)
    assert [a["question_id"] for a in ProgressStore(path).answers] == answers + ["q-next"]


# -------------------------------------------------------------------- lock


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from filelock import FileLock
    with FileLock(sys.argv[1]):
        print("HELD", flush=True)
        time.sleep(60)
    """
)


def test_progress_waits_for_another_process_holding_the_lock(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "progress.json.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline() == "HELD\n"
        monkeypatch.setattr(progress, "LOCK_TIMEOUT", 0.3)
        start = time.perf_counter()
        with pytest.raises(Timeout) as info:
            store.record_answer("q1", "t", "a", 1.0, True)
        assert time.perf_counter() - start >= 0.3
        assert isinstance(info.value, OSError)  # reported like any failed save
    finally:
        proc.kill()
        proc.wait(timeout=10)
    store.record_answer("q1", "t", "a", 1.0, True)
    assert [a["question_id"] for a in ProgressStore(path).answers] == ["q1"]


def test_progress_lock_is_filelock_not_fcntl():
    source = (ROOT / "kneelib" / "progress.py").read_text()
    assert "import fcntl" not in source
    assert progress._LOCK.__module__.startswith("filelock")


def test_filelock_is_a_runtime_dependency_in_pyproject_and_environment_yml():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    assert [d for d in project if d.startswith("filelock")] == ["filelock>=3.12"]
    assert [d for d in env if isinstance(d, str) and d.startswith("filelock")] == ["filelock>=3.12"]


# ------------------------------------------------------- cache and duplicates


def test_load_cached_reads_again_only_when_the_file_changes(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\n")
    first = load_cached(load_yaml, path)
    assert load_cached(load_yaml, path) is first
    path.write_text("x: 22\n")
    assert load_cached(load_yaml, path) == {"x": 22}


def test_load_cached_does_not_remember_a_failure(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("x: [\n")
    with pytest.raises(ContentError):
        load_cached(load_yaml, path)
    path.write_text("x: 1\n")
    assert load_cached(load_yaml, path) == {"x": 1}


def test_duplicate_ids_reports_each_repeat_in_order():
    assert duplicate_ids(["a", "b", "a", "c", "b", "a"]) == ["a", "b", "a"]


def test_duplicate_id_problems_reads_ids_with_a_key():
    rows = [{"id": "r1"}, {"id": "r2"}, {"id": "r1"}]
    (problem,) = duplicate_id_problems(rows, "t.csv", "the table", id_of=lambda r: r["id"])
    assert (
        str(problem)
        == "t.csv: r1: id: expected an id unique within the table, found 'r1' more than once"
    )


def test_the_package_writes_files_only_through_the_atomic_writer():
    """No module but kneelib/files.py opens a file for writing or replaces one itself."""
    offenders = []
    for path in sorted((ROOT / "kneelib").rglob("*.py")):
        if path.name == "files.py" and path.parent.name == "kneelib":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (
            "json.dump(",
            ".write_text(",
            ".write_bytes(",
            "tempfile",
            "os.replace(",
            "shutil.copy",
            "nbformat.write(",
            '"w")',
            '"wb")',
        ):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    # progress.py and lrs.py move a damaged file aside with os.replace; that is a rename, not a write.
    assert offenders == ["kneelib/lrs.py: os.replace(", "kneelib/progress.py: os.replace("]
