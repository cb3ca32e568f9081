"""A student's saved progress: one JSON file outside the course folder.

Where: ``$KNEELIB_PROGRESS`` if set, else ``~/.kneelib/progress.json``. Every
change re-reads the file under a lock, adds the new record and writes a
temporary file in the same folder that then replaces the old one, so a crash
mid-save leaves the previous file whole and two open notebooks do not
overwrite each other's records. A file that cannot be read as progress is
moved aside (``progress.json.corrupt-<time>``), reported in one line, and a
fresh one is started.

**Version 2** (this one) keeps one list, ``attempts``: every answer, case
choice and case ending as a typed ``kneelib.records.AttemptRecord``. A
**version-1** file (``answers`` and ``cases`` as loose dictionaries) is read
and upgraded: before the first version-2 write, its exact bytes are copied
beside it (``progress.json.v1-backup``, written atomically), and every answer
and case becomes a record. A version-1 entry that cannot be read as a record
is kept, unchanged, under ``unreadable`` (never dropped) and reported in one
line. Other top-level entries (the student's display name) are kept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, SoftFileLock

from .errors import KneelibError
from .files import atomic_write, write_json
from .records import (
    AttemptRecord,
    RecordError,
    from_v1_answer,
    from_v1_case,
    parse_record,
)

__all__ = [
    "PROGRESS_ENV",
    "VERSION",
    "ProgressStore",
    "default_progress_path",
    "read_progress",
    "upgrade_v1",
]

log = logging.getLogger(__name__)

PROGRESS_ENV = "KNEELIB_PROGRESS"
VERSION = 2
_RESERVED = ("version", "student_id", "attempts", "unreadable", "answers", "cases")
#: Seconds to wait for another notebook's save before giving up with an OSError.
LOCK_TIMEOUT = 10.0
_LOCK = SoftFileLock if sys.platform == "emscripten" else FileLock


def default_progress_path() -> Path:
    """$KNEELIB_PROGRESS, else ~/.kneelib/progress.json."""
    env = os.environ.get(PROGRESS_ENV)
    return Path(env).expanduser() if env else Path.home() / ".kneelib" / "progress.json"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _fresh() -> dict[str, Any]:
    return {"version": VERSION, "student_id": uuid.uuid4().hex, "attempts": []}


def _valid_v1(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("version", 1) == 1
        and isinstance(data.get("student_id"), str)
        and isinstance(data.get("answers"), list)
        and isinstance(data.get("cases", []), list)
        and all(isinstance(a, dict) for a in data["answers"])
    )


def _valid_v2(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("version") == VERSION
        and isinstance(data.get("student_id"), str)
        and bool(data["student_id"])
        and isinstance(data.get("attempts"), list)
        and isinstance(data.get("unreadable", []), list)
    )


def upgrade_v1(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A version-1 file's content as version 2, and one problem line per entry kept as unreadable."""
    student = data["student_id"]
    out: dict[str, Any] = {
        k: v for k, v in data.items() if k not in ("version", "answers", "cases")
    }
    out["version"] = VERSION
    attempts: list[dict[str, Any]] = []
    unreadable: list[Any] = list(data.get("unreadable", []))
    problems: list[str] = []
    for key, convert in (("answers", from_v1_answer), ("cases", from_v1_case)):
        for n, entry in enumerate(data.get(key, [])):
            try:
                attempts.append(convert(student, entry, f"{key}[{n}]").stored())
            except RecordError as exc:
                unreadable.append({"from": key, "entry": entry, "problem": str(exc)})
                problems.append(str(exc))
    # Answers and cases were two lists; one list in time order (answers first on a tie).
    attempts.sort(key=lambda a: a["time"])
    out["attempts"] = attempts
    if unreadable:
        out["unreadable"] = unreadable
    return out, problems


def read_progress(path: Path | str) -> tuple[str, tuple[AttemptRecord, ...]]:
    """A progress file's random id and records, read without writing anything (a version-1 file is upgraded in memory).

    Raises KneelibError naming the file when it is missing or is not a progress file.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise KneelibError(f"{path}: expected a progress file, found no such file") from None
    except OSError as exc:
        raise KneelibError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise KneelibError(
            f"{path}: expected a progress file (JSON), found text that is not JSON"
        ) from None
    if _valid_v1(data):
        data, _ = upgrade_v1(data)
    if not _valid_v2(data):
        raise KneelibError(f"{path}: expected a kneelib progress file, found something else")
    records = tuple(
        parse_record(a, f"{path}: attempts[{n}]") for n, a in enumerate(data["attempts"])
    )
    return data["student_id"], records


class ProgressStore:
    """Read and append to one student's progress file."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_progress_path()
        #: One line for the student when something happened to the file (else None).
        self.notice: str | None = None
        #: The exact bytes of a version-1 file read from disk, until the upgrade is saved.
        self._v1_bytes: bytes | None = None
        #: Called with (store, record) after each record is saved (e.g. kneelib.lrs's sender).
        self._listeners: list[Callable[[ProgressStore, AttemptRecord], None]] = []
        self._data = self._read()
        if not self.path.exists() or self._v1_bytes is not None:
            # Save the new student id at once, so the option order stays the same
            # across sessions even before the first answer; save an upgraded
            # version-1 file at once too. Failing here is not an error yet:
            # recording an answer will report it.
            with contextlib.suppress(OSError), self._locked():
                if not self.path.exists():
                    self._write(self._data)
                else:
                    self._data = self._read()
                    if self._backup_v1():
                        self._write(self._data)

    @classmethod
    def default(cls) -> ProgressStore:
        """The store at the default location, sending to the workshop's record store if one is set."""
        store = cls(default_progress_path())
        from .lrs import WorkshopError, connect

        try:
            connect(store)
        except WorkshopError as exc:
            store.notice = str(exc)
        return store

    def add_listener(self, listener: Callable[[ProgressStore, AttemptRecord], None]) -> None:
        """Call ``listener(store, record)`` after each record is saved (once, however often added)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    @property
    def sync_notice(self) -> str | None:
        """One line from a listener that could not pass a record on (e.g. the LRS is away), else None."""
        return next((n for n in (getattr(x, "notice", None) for x in self._listeners) if n), None)

    # ------------------------------------------------------------ reading
    def _read(self) -> dict[str, Any]:
        self._v1_bytes = None
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
        if _valid_v2(data):
            return self._keep_aside_unreadable(data)
        if _valid_v1(data):
            upgraded, problems = upgrade_v1(data)
            self._v1_bytes = text
            if problems:
                self.notice = (
                    f"{len(problems)} saved entr{'ies' if len(problems) != 1 else 'y'} of your progress "
                    f"could not be read and {'were' if len(problems) != 1 else 'was'} kept aside in the "
                    f"file (first: {problems[0]})."
                )
            return upgraded
        return self._set_aside()

    def _keep_aside_unreadable(self, data: dict[str, Any]) -> dict[str, Any]:
        """Move attempt entries that are not records (a hand edit, a newer kneelib) to ``unreadable``, unchanged."""
        good, bad, problems = [], [], []
        for n, entry in enumerate(data["attempts"]):
            try:
                parse_record(entry, f"attempts[{n}]")
            except RecordError as exc:
                bad.append({"from": "attempts", "entry": entry, "problem": str(exc)})
                problems.append(str(exc))
            else:
                good.append(entry)
        if bad:
            data["attempts"] = good
            data["unreadable"] = list(data.get("unreadable", [])) + bad
            self.notice = (
                f"{len(bad)} saved entr{'ies' if len(bad) != 1 else 'y'} of your progress could not be "
                f"read and {'were' if len(bad) != 1 else 'was'} kept aside in the file (first: {problems[0]})."
            )
        return data

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

    @property
    def backup_path(self) -> Path:
        """Where the version-1 file is copied before it is upgraded."""
        return self.path.with_name(self.path.name + ".v1-backup")

    def _backup_v1(self) -> bool:
        """Under the lock, before a version-2 write: copy a version-1 file's bytes beside it.

        Returns True when the file on disk was version 1 (the caller then writes version 2).
        An older backup with other content is kept: the new one gets the time in its name.
        """
        if self._v1_bytes is None:
            return False
        target = self.backup_path
        if target.exists() and target.read_bytes() != self._v1_bytes:
            target = self.path.with_name(
                f"{self.backup_path.name}-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}"
            )
        if not (target.exists() and target.read_bytes() == self._v1_bytes):
            atomic_write(target, self._v1_bytes, private=True)
        self._v1_bytes = None
        return True

    def reload(self) -> None:
        """Read the file again (another notebook may have written to it)."""
        self._data = self._read()

    @property
    def student_id(self) -> str:
        """A random id made once per progress file; it seeds the per-student option order."""
        return self._data["student_id"]

    @property
    def attempts(self) -> tuple[AttemptRecord, ...]:
        """Every attempt record (answers, case choices, case endings), in the order they were made."""
        return tuple(
            parse_record(a, f"{self.path}: attempts[{n}]")
            for n, a in enumerate(self._data["attempts"])
        )

    @property
    def answers(self) -> tuple[Mapping[str, Any], ...]:
        """Every answer to a question, oldest first, as a mapping (``question_id``, ``score``, ...)."""
        return tuple(a.as_answer() for a in self.attempts if a.kind == "question")

    @property
    def cases(self) -> tuple[Mapping[str, Any], ...]:
        """Every finished case, oldest first, as a mapping (``case_id``, ``ending``, ``counters``, ``time``)."""
        return tuple(a.as_case() for a in self.attempts if a.kind == "case-ending")

    @property
    def data(self) -> Mapping[str, Any]:
        """A copy of the whole file's content."""
        return json.loads(json.dumps(self._data))

    # ------------------------------------------------------------ writing
    def record(self, **fields: Any) -> AttemptRecord:
        """Make an attempt record of this student (``time`` defaults to now), append it and save it.

        Raises RecordError for fields that do not make a record and OSError if the file cannot be written.
        """
        fields.setdefault("time", _now())
        rec = parse_record({"student": self.student_id, **fields}, "new record")
        self._append("attempts", rec.stored())
        for listener in self._listeners:
            try:
                listener(self, rec)
            except Exception:  # a listener's bug never costs the student an answer
                log.exception("progress listener %r failed", listener)
        return rec

    def record_answer(
        self,
        question_id: str,
        topic: str,
        answer: Any,
        score: float,
        correct: bool | None = None,
        session: str | None = None,
        *,
        certainty: str | None = None,
        mode: str = "tutor",
        notebook: str | None = None,
    ) -> AttemptRecord:
        """Append one answered question and save; raises OSError if the file cannot be written.

        ``correct`` is accepted for older callers and ignored: a record is right when its score is 1.
        """
        json.dumps(answer)  # refuse what cannot be saved before touching the file
        return self.record(
            item=question_id,
            kind="question",
            topic=topic,
            answer=answer,
            score=score,
            certainty=certainty,
            mode=mode,
            notebook=notebook,
            session=session,
        )

    def record_case(
        self,
        case_id: str,
        ending_id: str,
        counters: Mapping[str, float],
        *,
        topic: str = "",
        notebook: str | None = None,
        session: str | None = None,
    ) -> AttemptRecord:
        """Append one finished case and save; raises OSError if the file cannot be written."""
        return self.record(
            item=case_id,
            kind="case-ending",
            topic=topic,
            answer=ending_id,
            counters=dict(counters),
            notebook=notebook,
            session=session,
        )

    def record_case_choice(
        self,
        case_id: str,
        choice_id: str,
        *,
        topic: str = "",
        notebook: str | None = None,
        session: str | None = None,
    ) -> AttemptRecord:
        """Append one choice made in a case and save; raises OSError if the file cannot be written."""
        return self.record(
            item=case_id,
            kind="case-choice",
            topic=topic,
            answer=choice_id,
            notebook=notebook,
            session=session,
        )

    def update(self, key: str, value: Any) -> None:
        """Set a top-level entry (for example the student's display name) and save."""
        if key in _RESERVED:
            raise ValueError(f"update: expected a key other than '{key}', found a reserved key")
        with self._locked():
            self._data = self._read_for_write()
            self._data[key] = value
            self._backup_v1()
            self._write(self._data)

    def _append(self, key: str, record: dict[str, Any]) -> None:
        json.dumps(record)  # refuse what cannot be saved before touching the file
        with self._locked():
            self._data = self._read_for_write()
            self._backup_v1()
            self._data[key].append(record)
            self._write(self._data)

    def _read_for_write(self) -> dict[str, Any]:
        """The file's current content; this session's copy if there is no usable file."""
        if not self.path.exists():
            self._v1_bytes = None
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
