"""The instructor's view of a live workshop, computed from the learning record store. Pure: no widgets.

The statements are read with the **instructor account** (``KNEELIB_LRS_URL`` and
``KNEELIB_LRS_READ_AUTH``, never the students' write-only account) and turned
back into attempt records with ``kneelib.xapi.record_from_statement``. They
become the same ``kneelib.results.Merge`` the file gradebook builds from export
files, so the item analysis (and the learning gain, where the gradebook has
it) runs on them by the same code path and gives the same figures.

**Students** are told apart by the random id of their progress file (the
statement's account name) and named by the display name they typed (the
latest one sent). Two progress files under one display name (two devices, or
two people with one name) stay two students, and a note says so; the file
gradebook, which keys students by name, would combine them. The merge's key is
the name as the file gradebook compares it, then the progress id
(``ann\\x1f<id>``): unique per progress file, and in the same order as the file
gradebook's keys, so its rows and its tie-breaks come out alike.

**Statements that are not kneelib's** (another tool writing to the same
store, or a damaged statement) are counted and reported, never fatal.

**Live answers**: for one question, the latest answer of each student who
answered it, counted per option (a multiple-choice answer counts once for
every option chosen).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .content.questions import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    QuizFile,
    SingleChoice,
    load_question_bank,
)
from .errors import KneelibError
from .lrs import LRS_AUTH_ENV, LRS_REGISTRATION_ENV, LRS_URL_ENV, Workshop, read_statements
from .lrs import WorkshopError as _WorkshopError
from .records import AttemptRecord, RecordError
from .results import (
    Merge,
    StudentResults,
    gradebook_table,
    item_analysis,
    item_table,
    write_csv,
)
from .results import _key as _name_key
from .xapi import record_from_statement

__all__ = [
    "READ_AUTH_ENV",
    "Cohort",
    "DashboardError",
    "Distribution",
    "Participant",
    "Reader",
    "answer_distribution",
    "answered_questions",
    "check_export_folder",
    "cohort_from_statements",
    "export_csvs",
    "gain_rows",
    "gradebook_bank",
    "instructor_reader",
    "item_rows",
    "latest_question",
    "participants_table",
    "read_cohort",
]

READ_AUTH_ENV = "KNEELIB_LRS_READ_AUTH"
#: Separates the name from the progress id in a student's key (sorts before any printable character).
KEY_SEPARATOR = "\x1f"
#: Reasons kept for the report when statements are not kneelib's.
FOREIGN_EXAMPLES = 3


class DashboardError(KneelibError):
    """The record store cannot be read as asked; the message says why and what to do."""


# ---------------------------------------------------------------- the account
@dataclass(frozen=True)
class Reader:
    """The instructor's account on the store, and the one workshop (registration) to show, or None for all."""

    workshop: Workshop
    registration: str | None


def instructor_reader(environ: Mapping[str, str] | None = None) -> Reader | None:
    """The account and workshop to read, from the environment; None when no reading account is set.

    ``KNEELIB_LRS_URL`` and ``KNEELIB_LRS_READ_AUTH`` name the store and the
    instructor account; ``KNEELIB_LRS_REGISTRATION``, when set, keeps to one
    workshop (else every statement in the store is read). DashboardError when
    the reading account is set without the address, or is the students'
    write-only account (``KNEELIB_LRS_AUTH``).
    """
    env = os.environ if environ is None else environ
    url, auth = env.get(LRS_URL_ENV, ""), env.get(READ_AUTH_ENV, "")
    registration = env.get(LRS_REGISTRATION_ENV) or None
    if not auth:
        return None
    if not url:
        raise DashboardError(
            f"{LRS_URL_ENV}: expected the record store's address beside {READ_AUTH_ENV}, found it unset"
        )
    if auth == env.get(LRS_AUTH_ENV):
        raise DashboardError(
            f"{READ_AUTH_ENV}: expected the instructor account, found the students' write-only "
            f"account (the same as {LRS_AUTH_ENV})"
        )
    try:
        workshop = Workshop.make(url, auth, registration)
    except _WorkshopError as exc:
        raise DashboardError(str(exc).replace("workshop account", READ_AUTH_ENV)) from None
    return Reader(workshop, workshop.registration if registration else None)


def read_cohort(workshop: Workshop, registration: str | None = None) -> list[dict]:
    """Every statement (of one registration, when given); DashboardError with one clear line otherwise."""
    try:
        return read_statements(workshop, {"registration": registration} if registration else {})
    except _WorkshopError as exc:
        found = re.search(r"found HTTP (\d+)", str(exc))
        code = int(found.group(1)) if found else None
    if code in (401, 403):
        raise DashboardError(
            f"{workshop.url}: the record store refused account '{workshop.username}' for reading "
            f"(HTTP {code}): expected the instructor account in {READ_AUTH_ENV}; the students' "
            "account can only write"
        )
    if code is not None:
        raise DashboardError(
            f"{workshop.url}: reading the statements: expected them, found HTTP {code}; "
            "see the record store's log"
        )
    raise DashboardError(
        f"{workshop.url}: the record store cannot be reached just now (is it running? make lrs starts it)"
    )


# ---------------------------------------------------------------- the cohort
@dataclass(frozen=True)
class Participant:
    """One student who has joined: what they typed, their progress id, answers so far, last seen."""

    name: str
    progress_id: str
    answers: int
    cases: int
    last_seen: datetime


@dataclass(frozen=True)
class Cohort:
    """The workshop's students as a gradebook merge, who has joined, and what was left out."""

    merge: Merge
    participants: tuple[Participant, ...]
    statements: int
    foreign: int
    foreign_examples: tuple[str, ...]

    def report(self) -> str:
        """Lines for the instructor: counts, statements left out, notes."""
        n, s = len(self.participants), self.statements
        lines = [
            f"{s} statement{'s' if s != 1 else ''} read, "
            f"{n} student{'s' if n != 1 else ''} joined, "
            f"{self.foreign} statement{'s' if self.foreign != 1 else ''} not from kneelib left out."
        ]
        lines += [f"left out: {r}" for r in self.foreign_examples]
        lines += [f"note: {note}" for note in self.merge.notes]
        return "\n".join(lines)


def _unnamed(progress_id: str) -> str:
    return f"(no name yet) {progress_id[:8]}"


def cohort_from_statements(statements: Iterable[Mapping[str, Any]]) -> Cohort:
    """The gradebook merge and the list of who joined, from statements read with the instructor account."""
    read = 0
    foreign: list[str] = []
    records: dict[str, dict[str, AttemptRecord]] = {}
    names: dict[str, tuple[datetime, str]] = {}
    # A store lists the newest first; reversed, equal times keep the order the answers were given.
    for statement in reversed(list(statements)):
        read += 1
        try:
            record = record_from_statement(statement)
        except RecordError as exc:
            foreign.append(str(exc))
            continue
        mine = records.setdefault(record.student, {})
        mine.setdefault(record.id, record)
        actor = statement.get("actor")
        name = actor.get("name") if isinstance(actor, Mapping) else None
        if isinstance(name, str) and name.strip():
            known = names.get(record.student)
            if known is None or record.time >= known[0]:
                names[record.student] = (record.time, " ".join(name.split()))
    students: dict[str, StudentResults] = {}
    participants = []
    for progress_id, mine in records.items():
        name = names[progress_id][1] if progress_id in names else _unnamed(progress_id)
        attempts = sorted(mine.values(), key=lambda r: r.time)
        key = _name_key(name) + KEY_SEPARATOR + progress_id
        students[key] = StudentResults(name, [], [progress_id], attempts)
        participants.append(
            Participant(
                name,
                progress_id,
                sum(1 for r in attempts if r.kind == "question"),
                sum(1 for r in attempts if r.kind == "case-ending"),
                max(r.time for r in attempts),
            )
        )
    participants.sort(key=lambda p: (_name_key(p.name), p.progress_id))
    by_name: dict[str, list[str]] = {}
    for p in participants:
        by_name.setdefault(_name_key(p.name), []).append(p.name)
    notes = [
        f"'{same[0]}' joined from {len(same)} progress files (two devices, or two people with one name): "
        "shown as separate students"
        for same in by_name.values()
        if len(same) > 1
    ]
    merge = Merge(dict(sorted(students.items())), [], notes, 0)
    return Cohort(merge, tuple(participants), read, len(foreign), tuple(foreign[:FOREIGN_EXAMPLES]))


def participants_table(cohort: Cohort) -> tuple[list[str], list[list[str]]]:
    """Header and rows of who has joined (the participants CSV and the dashboard's table)."""
    header = ["student", "progress_id", "answers", "cases_finished", "last_seen"]
    rows = [
        [
            p.name,
            p.progress_id,
            str(p.answers),
            str(p.cases),
            p.last_seen.isoformat(timespec="seconds"),
        ]
        for p in cohort.participants
    ]
    return header, rows


# ---------------------------------------------------------------- live answers
@dataclass(frozen=True)
class Distribution:
    """The latest answers to one question: label -> count, which labels are right, how many answered."""

    question_id: str
    counts: tuple[tuple[str, int], ...]
    right: frozenset[str]
    students: int
    #: option id -> option text, for choice questions (to label the bars).
    texts: tuple[tuple[str, str], ...] = ()


def _latest(cohort: Cohort, question_id: str) -> list[AttemptRecord]:
    out = []
    for student in cohort.merge.students.values():
        mine = [a for a in student.attempts if a.kind == "question" and a.item == question_id]
        if mine:
            out.append(max(mine, key=lambda a: a.time))
    return out


def _labels(question: Question, answer: Any) -> list[str]:
    if isinstance(question, MultipleChoice):
        return [str(a) for a in answer] if isinstance(answer, (list, tuple)) else [str(answer)]
    if isinstance(question, Matching) and isinstance(answer, Mapping):
        return [f"{item}->{choice}" for item, choice in answer.items()]
    if isinstance(question, Ordering) and isinstance(answer, (list, tuple)):
        return [" > ".join(str(a) for a in answer)]
    return [str(answer)]


def answer_distribution(cohort: Cohort, question: Question) -> Distribution:
    """Counts of the latest answer of each student to ``question``; options in the bank's order, zeros kept."""
    latest = _latest(cohort, question.id)
    counts: dict[str, int] = {}
    right: set[str] = set()
    if isinstance(question, (SingleChoice, MultipleChoice)):
        counts = {o.id: 0 for o in question.options}
        right = {o.id for o in question.options if o.correct}
    elif isinstance(question, Matching):
        right = {f"{i.id}->{i.match}" for i in question.items}
    elif isinstance(question, Ordering):
        right = {" > ".join(i.id for i in question.items)}
    for record in latest:
        for label in _labels(question, record.answer):
            counts[label] = counts.get(label, 0) + 1
        if isinstance(question, Numeric) and record.score is not None and record.score >= 1:
            right.add(str(record.answer))
    if not isinstance(question, (SingleChoice, MultipleChoice)):
        counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    texts = (
        tuple((o.id, o.text) for o in question.options)
        if isinstance(question, (SingleChoice, MultipleChoice))
        else ()
    )
    return Distribution(question.id, tuple(counts.items()), frozenset(right), len(latest), texts)


def answered_questions(cohort: Cohort, bank: Mapping[str, QuizFile]) -> list[tuple[str, str, int]]:
    """(topic, question id, students who answered) for every bank question answered, in the bank's order."""
    takers: dict[str, set[str]] = {}
    for key, student in cohort.merge.students.items():
        for a in student.attempts:
            if a.kind == "question":
                takers.setdefault(a.item, set()).add(key)
    return [
        (topic, q.id, len(takers[q.id]))
        for topic, quiz in bank.items()
        for q in quiz.questions
        if q.id in takers
    ]


def latest_question(cohort: Cohort, bank: Mapping[str, QuizFile]) -> str | None:
    """The bank question answered most recently (what the room is on now), or None."""
    known = {q.id for quiz in bank.values() for q in quiz.questions}
    answers = [
        a
        for s in cohort.merge.students.values()
        for a in s.attempts
        if a.kind == "question" and a.item in known
    ]
    return max(answers, key=lambda a: a.time).item if answers else None


def gradebook_bank() -> dict[str, QuizFile]:
    """The question bank the file gradebook reads: every notebook's quiz, and the test forms where kneelib has them."""
    if "include_tests" in inspect.signature(load_question_bank).parameters:
        return load_question_bank(include_tests=True)
    return load_question_bank()


# ---------------------------------------------------------------- CSV export
def _gain_tables(merge: Merge) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The gradebook's learning-gain and calibration tables, where this kneelib has them."""
    try:
        from .content.questions import load_test_forms  # type: ignore[attr-defined]
        from .results import calibration_table, gain_table  # type: ignore[attr-defined]
    except ImportError:
        return {}
    out = {"calibration.csv": calibration_table(merge)}
    forms = load_test_forms()
    if "pre-test" in forms and "post-test" in forms:
        out["learning-gain.csv"] = gain_table(merge, forms["pre-test"], forms["post-test"])
    return out


def check_export_folder(folder: Path | str, course: Path | str) -> Path:
    """``folder`` resolved; DashboardError when it lies inside the course folder (often read-only, shared)."""
    folder, course = Path(folder).expanduser().resolve(), Path(course).resolve()
    if folder == course or course in folder.parents:
        raise DashboardError(
            f"{folder}: expected a folder outside the course folder {course} "
            "(it is shared and often read-only), found one inside it"
        )
    return folder


def export_csvs(
    cohort: Cohort, bank: Mapping[str, QuizFile], folder: Path | str, course: Path | str
) -> list[Path]:
    """Write the gradebook's CSVs (and who joined) into ``folder``; the paths written, in order."""
    out = check_export_folder(folder, course)
    out.mkdir(parents=True, exist_ok=True)
    header, rows, _ = gradebook_table(cohort.merge, bank)
    written = [write_csv(out / "gradebook.csv", header, rows)]
    written.append(
        write_csv(out / "item-analysis.csv", *item_table(item_analysis(cohort.merge, bank)))
    )
    for name, table in _gain_tables(cohort.merge).items():
        written.append(write_csv(out / name, *table))
    written.append(write_csv(out / "participants.csv", *participants_table(cohort)))
    return written


def item_rows(cohort: Cohort, bank: Mapping[str, QuizFile]) -> tuple[list[str], list[list[str]]]:
    """The item-analysis table, by the file gradebook's own functions."""
    return item_table(item_analysis(cohort.merge, bank))


def gain_rows(cohort: Cohort) -> tuple[list[str], list[list[str]]] | None:
    """The learning-gain table when this kneelib computes one and the forms exist, else None."""
    return _gain_tables(cohort.merge).get("learning-gain.csv")
