"""Attempt records: one typed, immutable record for every answer, case choice and case ending.

Pure logic: no widgets, no files. The progress file stores these records
(``kneelib.progress``); the review schedule, the capstone, the exports and the
gradebook are all derived from them through the readers here.

**Identity.** Each record has a stable ``id``: a UUID version 5 computed from
its content (every field, in canonical JSON), so the same answer read from a
progress file, an export or a second export gives the same id, and a later
statement made from a record (for example an xAPI statement) can derive its
own id from it. Two records with identical content are the same record.

**One order of missed items** (``missed``): an item is missed when its latest
attempt was not fully right; missed items come longest-waiting first (the
oldest latest attempt first), ties in the order the records were made. Every
view that lists missed questions uses this order.

**Reading older data** (``from_v1_answer``, ``from_v1_case``): the version-1
progress file and export kept answers and finished cases as loose
dictionaries; they are turned into records here, keeping every field.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    field_validator,
)

from .errors import KneelibError

__all__ = [
    "CERTAINTIES",
    "MODES",
    "NAMESPACE",
    "AttemptRecord",
    "Certainty",
    "Kind",
    "Mode",
    "RecordError",
    "as_records",
    "first_attempts",
    "from_v1_answer",
    "from_v1_case",
    "latest_by_item",
    "missed",
    "parse_record",
    "questions_only",
]

Kind = Literal["question", "case-choice", "case-ending"]
Certainty = Literal["low", "medium", "high"]
#: How the item was met: its notebook quiz (tutor), a quiz marked at the end
#: (exam, the capstone), the spaced review, a notebook's warm-up, the pre-test
#: and the post-test.
Mode = Literal["tutor", "exam", "review", "warm-up", "pre-test", "post-test"]
CERTAINTIES: tuple[str, ...] = ("low", "medium", "high")
MODES: tuple[str, ...] = ("tutor", "exam", "review", "warm-up", "pre-test", "post-test")

#: The namespace of record ids (a fixed, random UUID: never change it, or every id changes).
NAMESPACE = uuid.UUID("6f1f2a4e-4b7c-5d2e-9a51-3c0de8b7a1f4")
#: The capstone's sessions start with this (kept here so that old files can be read).
CAPSTONE_PREFIX = "capstone-"


class RecordError(KneelibError):
    """A stored record cannot be read as an attempt record; the message says where and what."""


class AttemptRecord(BaseModel):
    """One answer to a question, one choice in a case, or one case ending."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The progress file's random id (never a name).
    student: str = Field(min_length=1)
    #: The question id, or the case id.
    item: str = Field(min_length=1)
    kind: Kind
    #: The question file (``02-bakers-cyst``) or the case's topic.
    topic: str
    #: The answer as graded (option id, list, number text, mapping), the case choice id or the ending id.
    answer: JsonValue = None
    #: 0 to 1 for a question (partial credit allowed); None for a case choice or ending.
    score: float | None = Field(default=None, ge=0, le=1)
    certainty: Certainty | None = None
    mode: Mode = "tutor"
    #: The notebook the student was in (``03-tendinopathy`` for a warm-up item from 02); None when unknown.
    notebook: str | None = None
    session: str | None = None
    time: AwareDatetime
    #: A case ending's counters (score, safety, time, cost ...).
    counters: dict[str, float] | None = None

    @field_validator("time")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(timezone.utc)

    @cached_property
    def id(self) -> str:
        """A UUID5 derived from the record's content: the same record always has the same id."""
        return str(uuid.uuid5(NAMESPACE, self.canonical()))

    def canonical(self) -> str:
        """The record's content as canonical JSON (sorted keys, UTC time): the input of ``id``."""
        return json.dumps(self.stored(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def stored(self) -> dict[str, Any]:
        """The record as it is saved in a progress or export file (plain JSON types)."""
        data = self.model_dump(mode="json")
        data["time"] = self.time.isoformat(timespec="microseconds")
        return data

    @property
    def correct(self) -> bool:
        """True only for full marks on a question."""
        return self.kind == "question" and self.score is not None and self.score >= 1

    def as_answer(self) -> dict[str, Any]:
        """The record in the shape of a version-1 answer (for code that reads answers as mappings)."""
        return {
            "question_id": self.item,
            "topic": self.topic,
            "answer": self.answer,
            "score": self.score,
            "correct": self.correct,
            "time": self.time.isoformat(timespec="microseconds"),
            "session": self.session,
            "certainty": self.certainty,
            "mode": self.mode,
            "notebook": self.notebook,
        }

    def as_case(self) -> dict[str, Any]:
        """A case ending in the shape of a version-1 case record."""
        return {
            "case_id": self.item,
            "ending": self.answer,
            "counters": dict(self.counters or {}),
            "time": self.time.isoformat(timespec="microseconds"),
        }


def _problem(where: str, exc: ValidationError) -> RecordError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "-"
    found = err.get("input")
    shown = "nothing (the field is missing)" if err["type"] == "missing" else f"{found!r:.60}"
    return RecordError(f"{where}: {field}: {err['msg'].lower()}, found {shown}")


def parse_record(data: Any, where: str = "record") -> AttemptRecord:
    """A stored record (a mapping) as an AttemptRecord; RecordError naming the field otherwise."""
    if not isinstance(data, Mapping):
        raise RecordError(f"{where}: expected a record (a mapping), found {type(data).__name__}")
    try:
        return AttemptRecord.model_validate(dict(data))
    except ValidationError as exc:
        raise _problem(where, exc) from None


def _v1_time(raw: Any, where: str) -> datetime:
    if not isinstance(raw, str):
        raise RecordError(f"{where}: time: expected an ISO date and time, found {raw!r:.40}")
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise RecordError(
            f"{where}: time: expected an ISO date and time, found {raw!r:.40}"
        ) from None
    # Version 1 wrote UTC times with an offset; a bare time is read as UTC.
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def from_v1_answer(student: str, answer: Mapping[str, Any], where: str = "answer") -> AttemptRecord:
    """A version-1 answer (question_id, topic, answer, score, correct, time, session) as a record.

    Version 1 kept no mode: capstone sessions were marked at the end (exam),
    everything else was checked at once (tutor). It kept no notebook either.
    """
    if not isinstance(answer, Mapping):
        raise RecordError(f"{where}: expected a record (a mapping), found {type(answer).__name__}")
    session = answer.get("session")
    mode = "exam" if isinstance(session, str) and session.startswith(CAPSTONE_PREFIX) else "tutor"
    score = answer.get("score")
    if score is None and isinstance(answer.get("correct"), bool):
        score = 1.0 if answer["correct"] else 0.0
    return parse_record(
        {
            "student": student,
            "item": answer.get("question_id"),
            "kind": "question",
            "topic": answer.get("topic", ""),
            "answer": answer.get("answer"),
            "score": score,
            "mode": answer.get("mode") or mode,
            "certainty": answer.get("certainty"),
            "notebook": answer.get("notebook"),
            "session": session,
            "time": _v1_time(answer.get("time"), where),
        },
        where,
    )


def from_v1_case(student: str, case: Mapping[str, Any], where: str = "case") -> AttemptRecord:
    """A version-1 finished case (case_id, ending, counters, time) as a case-ending record."""
    if not isinstance(case, Mapping):
        raise RecordError(f"{where}: expected a record (a mapping), found {type(case).__name__}")
    return parse_record(
        {
            "student": student,
            "item": case.get("case_id"),
            "kind": "case-ending",
            "topic": case.get("topic", ""),
            "answer": case.get("ending"),
            "counters": case.get("counters") or {},
            "time": _v1_time(case.get("time"), where),
        },
        where,
    )


# ---------------------------------------------------------------- readers
def as_records(items: Iterable[AttemptRecord | Mapping[str, Any]]) -> list[AttemptRecord]:
    """Records as they are, and answers given as mappings (a record's fields, or a version-1 answer) as records.

    A mapping that cannot be read (no question id, no time) is left out: a view
    of the answers never fails on one odd entry.
    """
    out = []
    for n, item in enumerate(items):
        if isinstance(item, AttemptRecord):
            out.append(item)
            continue
        try:
            if isinstance(item, Mapping) and "kind" in item:
                out.append(parse_record(item, f"answers[{n}]"))
            else:
                out.append(from_v1_answer("unknown", item, f"answers[{n}]"))
        except RecordError:
            continue
    return out


def questions_only(records: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    """The answers to questions, in record order."""
    return [r for r in records if r.kind == "question"]


def latest_by_item(records: Iterable[AttemptRecord]) -> dict[str, AttemptRecord]:
    """The latest answer to each question (latest time; a later record wins a tie)."""
    last: dict[str, AttemptRecord] = {}
    for r in questions_only(records):
        if r.item not in last or r.time >= last[r.item].time:
            last[r.item] = r
    return last


def first_attempts(records: Iterable[AttemptRecord]) -> dict[str, AttemptRecord]:
    """The first answer to each question (earliest time; an earlier record wins a tie)."""
    first: dict[str, AttemptRecord] = {}
    for r in questions_only(records):
        if r.item not in first or r.time < first[r.item].time:
            first[r.item] = r
    return first


def missed(records: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    """The latest attempt of every question not fully right at its latest attempt, longest-waiting first."""
    records = list(records)
    position = {id(r): n for n, r in enumerate(records)}
    latest = [r for r in latest_by_item(records).values() if not r.correct]
    return sorted(latest, key=lambda r: (r.time, position[id(r)]))
