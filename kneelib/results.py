"""Results without a server: a student's export file, the gradebook and the item analysis.

Pure logic: no widgets, no printing.

**Export.** One JSON file per student (``kneelib-results-<name>.json``) with the
name or student id the student typed (asked once, kept in the progress file as
``student_name``), the random id of their progress file, and their attempt
records (``kneelib.records``: answers, case choices and endings). No other
personal data. Version-1 exports (``answers`` and ``cases``) are still read.

**Gradebook.** Many export files merge into one row per student. A student is
identified by the name typed, compared without regard to letter case or spaces; files from one
progress file exported under two names count once, under the first name.
The same answer found in several files (the same export handed in twice, or an
early and a later export of one progress file) counts once: records are the
same when their content-derived ids are. Files with the
same name but from different progress files (two devices, or two people who
typed the same name) are combined and reported as a conflict. For every
question the **first attempt** counts (later attempts in tutor mode come after
the explanation was shown). A file that is not a kneelib export is reported by
name and skipped.

**Item analysis.** For every question: difficulty = share of students whose
first attempt was fully correct (the p-value of classical test theory); mean
score (partial credit); discrimination D = p(upper) - p(lower), the upper and
lower groups being the 27% of students with the highest and lowest score on
the *other* questions they answered (Kelley's upper/lower 27%; the rest score
keeps an item from correlating with itself). D is given only when at least
``MIN_FOR_DISCRIMINATION`` students answered. How often each wrong option
(or, for numbers, too low / too high; for matching, item -> wrong choice; for
ordering, item out of place) was chosen.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .content.questions import Question, QuizFile
from .errors import KneelibError
from .files import write_json, write_text
from .progress import upgrade_v1
from .qtypes.registry import handler_for
from .records import AttemptRecord, RecordError, from_v1_answer, from_v1_case, parse_record
from .records import first_attempts as _first_attempts

__all__ = [
    "COUNTED",
    "EXPORT_DIR_ENV",
    "FORMAT",
    "GROUP_SHARE",
    "MIN_FOR_DISCRIMINATION",
    "ExportError",
    "ItemStats",
    "MalformedExport",
    "Merge",
    "StudentResults",
    "calibration_table",
    "clean_student_name",
    "default_export_dir",
    "export_data",
    "export_filename",
    "export_progress",
    "gain_table",
    "gradebook_table",
    "item_analysis",
    "item_table",
    "merge_exports",
    "read_export",
    "write_csv",
]

FORMAT = "kneelib-results"
VERSION = 2
EXPORT_DIR_ENV = "KNEELIB_EXPORT_DIR"
#: Kelley's upper and lower groups: 27% of the students each.
GROUP_SHARE = 0.27
#: Fewer students than this: no discrimination index (groups of one or two say little).
MIN_FOR_DISCRIMINATION = 4
#: Flags for the instructor (rules of thumb of classical item analysis).
LOW_DISCRIMINATION = 0.2
VERY_HARD, VERY_EASY = 0.3, 0.9
MAX_NAME = 80


class ExportError(KneelibError):
    """The export cannot be written (the message is shown to the student)."""


class MalformedExport(KneelibError):
    """A file handed to the gradebook is not a usable kneelib export."""


# ---------------------------------------------------------------- export
def clean_student_name(text: Any) -> str:
    """The name or student id as it will be stored; ExportError with a short message if unusable."""
    if not isinstance(text, str) or not text.strip():
        raise ExportError("Type your name or student id first.")
    name = " ".join(text.split())
    if len(name) > MAX_NAME:
        raise ExportError(f"Keep the name or id under {MAX_NAME} characters (found {len(name)}).")
    if "@" in name:
        raise ExportError("Type a name or a student id, not an e-mail address.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ExportError("Use letters, digits, spaces, hyphens or dots only.")
    return name


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def export_filename(name: str) -> str:
    """``kneelib-results-<name>.json`` with only safe characters in the name part."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower() or "student"
    return f"kneelib-results-{slug[:60]}.json"


def default_export_dir() -> Path:
    """$KNEELIB_EXPORT_DIR if set, else the home folder (on a hub: the student's own files)."""
    env = os.environ.get(EXPORT_DIR_ENV)
    return Path(env).expanduser() if env else Path.home()


def export_data(progress: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The content of an export file, from a progress file's content."""
    if "attempts" not in progress and "answers" in progress:
        progress, _ = upgrade_v1(progress)
    return {
        "format": FORMAT,
        "version": VERSION,
        "student": clean_student_name(name),
        "progress_id": str(progress.get("student_id", "")),
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "attempts": [dict(a) for a in progress.get("attempts", [])],
    }


def export_progress(store: Any, name: str, folder: Path | str | None = None) -> Path:
    """Save ``name`` in the progress file once, write the export file, return its path.

    Raises ExportError for an unusable name and OSError when the folder cannot be written.
    """
    name = clean_student_name(name)
    if store.data.get("student_name") != name:
        store.update("student_name", name)
    folder = Path(folder) if folder is not None else default_export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / export_filename(name)
    data = export_data(store.data, name)
    return write_json(path, data, indent=1, private=True)


# ---------------------------------------------------------------- reading
@dataclass(frozen=True)
class Export:
    """One export file, checked."""

    path: Path
    student: str
    progress_id: str
    attempts: tuple[AttemptRecord, ...]

    @property
    def answers(self) -> tuple[Mapping[str, Any], ...]:
        """The answers to questions as mappings (``question_id``, ``score``, ``answer``, ``time`` ...)."""
        return tuple(a.as_answer() for a in self.attempts if a.kind == "question")


def _v1_records(path: Path, data: Mapping[str, Any], progress_id: str) -> list[AttemptRecord]:
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise MalformedExport(f"{path}: answers: expected a list, found {type(answers).__name__}")
    out = []
    for n, a in enumerate(answers):
        if not isinstance(a, dict) or not isinstance(a.get("question_id"), str):
            raise MalformedExport(
                f"{path}: answers[{n}]: expected a record with a question_id, found {a!r:.60}"
            )
        score = a.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
            raise MalformedExport(
                f"{path}: answers[{n}].score: expected a number from 0 to 1, found {score!r:.40}"
            )
        try:
            out.append(from_v1_answer(progress_id or "unknown", a, f"{path}: answers[{n}]"))
        except RecordError as exc:
            raise MalformedExport(str(exc)) from None
    cases = data.get("cases", [])
    if not isinstance(cases, list):
        raise MalformedExport(f"{path}: cases: expected a list, found {type(cases).__name__}")
    try:
        out += [
            from_v1_case(progress_id or "unknown", c, f"{path}: cases[{n}]")
            for n, c in enumerate(cases)
        ]
    except RecordError as exc:
        raise MalformedExport(str(exc)) from None
    return out


def _v2_records(path: Path, data: Mapping[str, Any]) -> list[AttemptRecord]:
    attempts = data.get("attempts")
    if not isinstance(attempts, list):
        raise MalformedExport(f"{path}: attempts: expected a list, found {type(attempts).__name__}")
    try:
        return [parse_record(a, f"{path}: attempts[{n}]") for n, a in enumerate(attempts)]
    except RecordError as exc:
        raise MalformedExport(str(exc)) from None


def read_export(path: Path | str) -> Export:
    """Read and check one export file; raises MalformedExport saying what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise MalformedExport(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MalformedExport(
            f"{path}: expected a kneelib results file (JSON), found text that is not JSON"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MalformedExport(
            f'{path}: expected a kneelib results file ("format": "{FORMAT}"), found something else'
        )
    student = data.get("student")
    if not isinstance(student, str) or not student.strip():
        raise MalformedExport(f"{path}: student: expected a name or student id, found none")
    progress_id = str(data.get("progress_id", ""))
    version = data.get("version", 1)
    if version == 1:
        records = _v1_records(path, data, progress_id)
    elif version == VERSION:
        records = _v2_records(path, data)
    else:
        raise MalformedExport(
            f"{path}: version: expected 1 or {VERSION}, found {version!r:.20} (a newer kneelib?)"
        )
    return Export(path, " ".join(student.split()), progress_id, tuple(records))


# ---------------------------------------------------------------- merging
@dataclass
class StudentResults:
    """Every distinct answer of one student, from one or more files."""

    name: str
    files: list[Path] = field(default_factory=list)
    progress_ids: list[str] = field(default_factory=list)
    attempts: list[AttemptRecord] = field(default_factory=list)

    @property
    def answers(self) -> list[Mapping[str, Any]]:
        """The answers to questions as mappings, in the order they were read."""
        return [a.as_answer() for a in self.attempts if a.kind == "question"]

    def first_attempts(self) -> dict[str, Mapping[str, Any]]:
        """The first answer to each question (earliest time; file order breaks ties), as a mapping."""
        return {q: a.as_answer() for q, a in _first_attempts(self.attempts).items()}


@dataclass
class Merge:
    """The students found, the files skipped and what was noticed on the way."""

    students: dict[str, StudentResults]
    skipped: list[str]
    notes: list[str]
    files_read: int

    def report(self) -> str:
        """Lines for the instructor."""
        lines = [
            f"{self.files_read} file{'s' if self.files_read != 1 else ''} read, "
            f"{len(self.students)} student{'s' if len(self.students) != 1 else ''}, "
            f"{len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} skipped."
        ]
        lines += [f"skipped: {s}" for s in self.skipped]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def merge_exports(paths: Iterable[Path | str]) -> Merge:
    """Merge export files by student; duplicates counted once and reported, malformed files skipped."""
    students: dict[str, StudentResults] = {}
    seen: dict[str, set[str]] = {}
    skipped: list[str] = []
    notes: list[str] = []
    read = 0
    for path in paths:
        path = Path(path)
        try:
            export = read_export(path)
        except MalformedExport as exc:
            skipped.append(str(exc))
            continue
        read += 1
        key = _key(export.student)
        owner = next(
            (
                k
                for k, s in students.items()
                if export.progress_id and export.progress_id in s.progress_ids
            ),
            None,
        )
        if owner is not None and owner != key:
            first = students[owner]
            notes.append(
                f"{path.name}: same progress file as {', '.join(p.name for p in first.files)} but named "
                f"'{export.student}' instead of '{first.name}'; counted once, under '{first.name}'"
            )
            key = owner
        student = students.get(key)
        if student is None:
            student = students[key] = StudentResults(export.student)
            seen[key] = set()
        else:
            same_store = export.progress_id and export.progress_id in student.progress_ids
            new = [a for a in export.attempts if a.id not in seen[key]]
            earlier = ", ".join(p.name for p in student.files)
            if owner is not None and _key(export.student) != key:
                pass  # already reported as a renamed export of the same progress
            elif not new:
                notes.append(
                    f"{path.name}: duplicate of {earlier} ({export.student}); counted once"
                )
            elif same_store:
                notes.append(
                    f"{path.name}: later export of the same progress as {earlier} ({export.student}); "
                    f"{len(new)} new answer{'s' if len(new) != 1 else ''} added, the rest counted once"
                )
            else:
                notes.append(
                    f"{path.name}: conflict: same name as {earlier} ({export.student}) but a different progress "
                    f"file (two devices, or two people with one name); answers combined, first attempt per "
                    f"question counts - check with the student"
                )
        student.files.append(path)
        if export.progress_id and export.progress_id not in student.progress_ids:
            student.progress_ids.append(export.progress_id)
        for a in export.attempts:
            if a.id not in seen[key]:
                seen[key].add(a.id)
                student.attempts.append(a)
    return Merge(students, skipped, notes, read)


# ---------------------------------------------------------------- gradebook
def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{round(x, 4):g}"


def gradebook_table(
    merge: Merge, bank: Mapping[str, QuizFile]
) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, one row per student, and notes (answers to unknown questions).

    Columns: student, files, answered, points, then ``topic:<topic>`` (points on
    that topic's questions), then one column per question (first-attempt score,
    empty when not answered).
    """
    topics = {q.id: t for t, quiz in bank.items() for q in quiz.questions}
    qids = list(topics)
    header = ["student", "files", "answered", "points"] + [f"topic:{t}" for t in bank] + qids
    rows, notes = [], []
    unknown: dict[str, int] = {}
    for key in sorted(merge.students):
        s = merge.students[key]
        first = s.first_attempts()
        for qid in first:
            if qid not in topics:
                unknown[qid] = unknown.get(qid, 0) + 1
        known = {q: float(a["score"]) for q, a in first.items() if q in topics}
        by_topic = {t: 0.0 for t in bank}
        answered_topic = {t: 0 for t in bank}
        for q, score in known.items():
            by_topic[topics[q]] += score
            answered_topic[topics[q]] += 1
        row = [s.name, str(len(s.files)), str(len(known)), _fmt(sum(known.values()))]
        row += [_fmt(by_topic[t]) if answered_topic[t] else "" for t in bank]
        row += [_fmt(known.get(q)) for q in qids]
        rows.append(row)
    for qid, n in sorted(unknown.items()):
        notes.append(
            f"question '{qid}' is not in the question bank; {n} answer{'s' if n != 1 else ''} left out"
        )
    return header, rows, notes


def write_csv(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """Write a UTF-8 CSV (with a byte-order mark so spreadsheet programs read accents)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return write_text(path, buffer.getvalue(), encoding="utf-8-sig")


# ---------------------------------------------------------------- item analysis
@dataclass(frozen=True)
class ItemStats:
    """Classical item statistics of one question."""

    question_id: str
    topic: str
    type: str
    n: int
    difficulty: float | None
    mean_score: float | None
    discrimination: float | None
    group_size: int
    wrong_choices: tuple[tuple[str, int], ...]
    flags: tuple[str, ...]


def _wrong_choices(q: Question, answer: Any, score: float) -> list[str]:
    """Labels of the wrong options in one answer, as the question's type handler names them."""
    return handler_for(q).wrong_choices(q, answer, score)


def _share(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def item_analysis(merge: Merge, bank: Mapping[str, QuizFile]) -> list[ItemStats]:
    """Difficulty, discrimination (upper vs lower 27% on the rest score) and wrong choices of every answered question."""
    questions = {q.id: (t, q) for t, quiz in bank.items() for q in quiz.questions}
    first = {
        key: {q: a for q, a in s.first_attempts().items() if q in questions}
        for key, s in merge.students.items()
    }
    stats = []
    for qid, (topic, q) in questions.items():
        takers = sorted(k for k in first if qid in first[k])
        if not takers:
            continue
        correct = {k: 1.0 if float(first[k][qid]["score"]) >= 1 else 0.0 for k in takers}
        scores = [float(first[k][qid]["score"]) for k in takers]
        wrong: dict[str, int] = {}
        for k in takers:
            for label in _wrong_choices(
                q, first[k][qid].get("answer"), float(first[k][qid]["score"])
            ):
                wrong[label] = wrong.get(label, 0) + 1
        d, group = None, 0
        if len(takers) >= MIN_FOR_DISCRIMINATION:

            def rest(k: str, qid: str = qid) -> float:
                others = [float(a["score"]) for q2, a in first[k].items() if q2 != qid]
                return sum(others) / len(others) if others else 0.0

            ranked = sorted(takers, key=lambda k: (-rest(k), k))
            group = max(1, math.floor(GROUP_SHARE * len(takers) + 0.5))
            d = _share([correct[k] for k in ranked[:group]]) - _share(
                [correct[k] for k in ranked[-group:]]
            )
        p = _share(list(correct.values()))
        flags = []
        if d is not None and d < 0:
            flags.append("negative discrimination: check the key")
        elif d is not None and d < LOW_DISCRIMINATION:
            flags.append(f"low discrimination (D < {LOW_DISCRIMINATION:g})")
        if p < VERY_HARD:
            flags.append(f"very hard (p < {VERY_HARD:g})")
        elif p > VERY_EASY:
            flags.append(f"very easy (p > {VERY_EASY:g})")
        top_wrong = max(wrong.values(), default=0)
        if handler_for(q).one_best_answer and top_wrong > sum(correct.values()):
            flags.append("a wrong option was chosen more often than the right one: ambiguous?")
        stats.append(
            ItemStats(
                qid,
                topic,
                q.type,
                len(takers),
                round(p, 4),
                round(_share(scores), 4),
                None if d is None else round(d, 4),
                group,
                tuple(sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))),
                tuple(flags),
            )
        )
    return stats


def item_table(stats: Sequence[ItemStats]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the item-analysis CSV."""
    header = [
        "question",
        "topic",
        "type",
        "students",
        "difficulty_p",
        "mean_score",
        "discrimination_D_27pct",
        "group_size",
        "wrong_choices",
        "flags",
    ]
    rows = [
        [
            s.question_id,
            s.topic,
            s.type,
            str(s.n),
            _fmt(s.difficulty),
            _fmt(s.mean_score),
            _fmt(s.discrimination),
            str(s.group_size) if s.discrimination is not None else "",
            "; ".join(f"{label}: {n}" for label, n in s.wrong_choices),
            "; ".join(s.flags),
        ]
        for s in stats
    ]
    return header, rows


# ---------------------------------------------------------------- learning gain and calibration
#: Which attempts each report counts (printed by the gradebook and written beside the CSVs).
COUNTED: dict[str, str] = {
    "gradebook.csv": "the first attempt at each question (later tries come after its explanation)",
    "item-analysis.csv": "the first attempt at each question, as in gradebook.csv",
    "learning-gain.csv": (
        "the first pre-test attempt at each pre-test item and the first post-test attempt at each "
        "post-test item; an item left unanswered in a form the student took counts 0"
    ),
    "retention.csv": (
        "every review, warm-up and post-test attempt, each try counted (material met again after "
        "it was taught)"
    ),
    "calibration.csv": (
        "every answer given with a certainty (review, warm-ups, pre-test, post-test), "
        "each attempt counted"
    ),
}


def _gain_cell(row: Any) -> str:
    """The g column: the gain, or in words why there is none (never a division by zero)."""
    if row.gain is not None:
        return _fmt(row.gain)
    if row.pre is None and row.post is None:
        return "no pre-test, no post-test"
    if row.pre is None:
        return "no pre-test"
    if row.post is None:
        return "no post-test"
    return "undefined (pre = max)"


def gain_table(
    merge: Merge, pre_form: QuizFile, post_form: QuizFile
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of learning-gain.csv: one row per student and objective, then ``all``.

    ``g`` is the normalised gain (post - pre) / (max - pre), or in words why
    there is none (``undefined (pre = max)``, ``no pre-test``, ``no post-test``);
    ``note`` adds items left unanswered.
    """
    from .gain import student_gain

    header = ["student", "objective", "max", "pre", "post", "g", "note"]
    rows = []
    for key in sorted(merge.students):
        s = merge.students[key]
        for row in student_gain(s.attempts, pre_form, post_form):
            rows.append(
                [
                    s.name,
                    row.objective,
                    str(row.maximum),
                    _fmt(row.pre),
                    _fmt(row.post),
                    _gain_cell(row),
                    row.note,
                ]
            )
    return header, rows


def calibration_table(merge: Merge) -> tuple[list[str], list[list[str]]]:
    """Header and rows of calibration.csv: per student and certainty, answers, share right, CBM total."""
    from .gain import student_calibration

    header = ["student", "certainty", "answers", "right", "share_right", "cbm_total"]
    rows = []
    for key in sorted(merge.students):
        s = merge.students[key]
        for c in student_calibration(s.attempts):
            rows.append(
                [
                    s.name,
                    c.certainty,
                    str(c.answered),
                    str(c.right),
                    _fmt(c.share),
                    str(c.cbm_total),
                ]
            )
    return header, rows


def retention_table(merge: Merge) -> tuple[list[str], list[list[str]]]:
    """Header and rows of retention.csv: per student and mode (review, warm-up, post-test), every attempt."""
    from .gain import retention

    header = ["student", "mode", "attempts", "right", "share_right", "mean_score"]
    rows = []
    for key in sorted(merge.students):
        s = merge.students[key]
        for t in retention(s.attempts):
            rows.append(
                [s.name, t.mode, str(t.attempts), str(t.right), _fmt(t.share), _fmt(t.mean_score)]
            )
    return header, rows
