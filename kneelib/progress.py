"""A student's saved progress: one JSON file outside the course folder.

Where: ``$KNEELIB_PROGRESS`` if set, else ``~/.kneelib/progress.json``. Every
change re-reads the file under a lock, adds the new record and writes a
temporary file in the same folder that then replaces the old one, so a crash
mid-save leaves the previous file whole and two open notebooks do not
overwrite each other's records. A file that cannot be read as progress is
moved aside (``progress.json.corrupt-<time>``), reported in one line, and a
fresh one is started.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, SoftFileLock

from .files import write_json

__all__ = ["PROGRESS_ENV", "ProgressStore", "default_progress_path"]

PROGRESS_ENV = "KNEELIB_PROGRESS"
VERSION = 1
#: Seconds to wait for another notebook's save before giving up with an OSError.
LOCK_TIMEOUT = 10.0
_LOCK = SoftFileLock if sys.platform == "emscripten" else FileLock


def default_progress_path() -> Path:
    """$KNEELIB_PROGRESS, else ~/.kneelib/progress.json."""
    env = os.environ.get(PROGRESS_ENV)
    return Path(env).expanduser() if env else Path.home() / ".kneelib" / "progress.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fresh() -> dict[str, Any]:
    return {"version": VERSION, "student_id": uuid.uuid4().hex, "answers": [], "cases": []}


def _valid(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("student_id"), str)
        and isinstance(data.get("answers"), list)
        and isinstance(data.get("cases", []), list)
        and all(isinstance(a, dict) for a in data["answers"])
    )


class ProgressStore:
    """Read and append to one student's progress file."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_progress_path()
        #: One line for the student when something happened to the file (else None).
        self.notice: str | None = None
        self._data = self._read()
        if not self.path.exists():
            # Save the new student id at once, so the option order stays the same
            # across sessions even before the first answer. Failing here is not an
            # error yet: recording an answer will report it.
            with contextlib.suppress(OSError), self._locked():
                if not self.path.exists():
                    self._write(self._data)
                else:
                    self._data = self._read()

    @classmethod
    def default(cls) -> ProgressStore:
        """The store at the default location."""
        return cls(default_progress_path())

    # ------------------------------------------------------------ reading
    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            return _fresh()
        except OSError as exc:
            self.notice = f"Progress file {self.path} cannot be read ({exc.strerror}); progress is kept for this session only."
            return _fresh()
        try:
            data = json.loads(text.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if _valid(data):
            data.setdefault("cases", [])
            return data
        return self._set_aside()

    def _set_aside(self) -> dict[str, Any]:
        aside = self.path.with_name(
            f"{self.path.name}.corrupt-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}"
        )
        try:
            os.replace(self.path, aside)
            self.notice = f"Your progress file was damaged; it was kept as {aside.name} and a fresh one was started."
        except OSError as exc:
            self.notice = f"Your progress file was damaged and could not be moved aside ({exc.strerror}); a fresh one was started."
        return _fresh()

    def reload(self) -> None:
        """Read the file again (another notebook may have written to it)."""
        self._data = self._read()

    @property
    def student_id(self) -> str:
        """A random id made once per progress file; it seeds the per-student option order."""
        return self._data["student_id"]

    @property
    def answers(self) -> tuple[Mapping[str, Any], ...]:
        """Every recorded answer, oldest first."""
        return tuple(self._data["answers"])

    @property
    def cases(self) -> tuple[Mapping[str, Any], ...]:
        """Every finished case, oldest first."""
        return tuple(self._data["cases"])

    @property
    def data(self) -> Mapping[str, Any]:
        """A copy of the whole file's content."""
        return json.loads(json.dumps(self._data))

    # ------------------------------------------------------------ writing
    def record_answer(
        self,
        question_id: str,
        topic: str,
        answer: Any,
        score: float,
        correct: bool,
        session: str | None = None,
    ) -> None:
        """Append one answered question and save; raises OSError if the file cannot be written."""
        self._append(
            "answers",
            {
                "question_id": question_id,
                "topic": topic,
                "answer": answer,
                "score": score,
                "correct": bool(correct),
                "time": _now(),
                "session": session,
            },
        )

    def record_case(self, case_id: str, ending_id: str, counters: Mapping[str, float]) -> None:
        """Append one finished case and save; raises OSError if the file cannot be written."""
        self._append(
            "cases",
            {"case_id": case_id, "ending": ending_id, "counters": dict(counters), "time": _now()},
        )

    def update(self, key: str, value: Any) -> None:
        """Set a top-level entry (for example the student's display name) and save."""
        if key in ("version", "student_id", "answers", "cases"):
            raise ValueError(f"update: expected a key other than '{key}', found a reserved key")
        with self._locked():
            self._data = self._read_for_write()
            self._data[key] = value
            self._write(self._data)

    def _append(self, key: str, record: dict[str, Any]) -> None:
        json.dumps(record)  # refuse what cannot be saved before touching the file
        with self._locked():
            self._data = self._read_for_write()
            self._data[key].append(record)
            self._write(self._data)

    def _read_for_write(self) -> dict[str, Any]:
        """The file's current content; this session's copy if there is no usable file."""
        if not self.path.exists():
            return self._data
        data = self._read()
        return data if self.path.exists() else self._data  # a damaged file was just set aside

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold ``progress.json.lock`` (filelock: fcntl on POSIX, msvcrt on Windows, a lock
        file in Pyodide, whose in-memory file system has no flock).

        Waiting longer than ``LOCK_TIMEOUT`` seconds raises ``filelock.Timeout``, an
        OSError, like any other failure to save.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT):
            yield

    def _write(self, data: Mapping[str, Any]) -> None:
        """Replace the file atomically and durably (``kneelib.files.write_json``), readable by the student only."""
        write_json(self.path, data, indent=1, private=True)
