"""The quiz engine: grading, stable shuffling, summaries and review. Pure logic, no widgets.

Grading rules (also shown to students by the quiz view):

- single: 1 point for the correct option, else 0.
- multiple: (correct options ticked - wrong options ticked) / number of correct
  options, never below 0; "correct" only for exactly the right set.
- numeric: 1 point when |entry - answer| <= tolerance (edges included, compared
  in exact decimal arithmetic), else 0.
- matching, ordering: the share of items placed correctly; "correct" only when
  all are.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from .content.questions import Matching, MultipleChoice, Numeric, Ordering, Question, SingleChoice
from .errors import KneelibError

__all__ = [
    "GRADING_RULES",
    "AnswerError",
    "Detail",
    "Grade",
    "Summary",
    "grade",
    "missed_questions",
    "parse_number",
    "shuffled",
    "summarise",
]

GRADING_RULES = {
    "single": "One option is correct: 1 point.",
    "multiple": "Select all that apply. Score = (right ticks - wrong ticks) / number of right options, never below 0.",
    "numeric": "Type a number; it counts if it lies within the stated tolerance (edges included).",
    "matching": "Match every item. Score = share of items matched correctly.",
    "ordering": "Give every item a position. Score = share of items in the right position.",
}

Status = Literal["correct", "partial", "incorrect"]


class AnswerError(KneelibError):
    """The student's entry cannot be graded yet; the message is shown beside the widget."""


@dataclass(frozen=True)
class Detail:
    """Feedback on one option or item after answering."""

    label: str
    status: Literal[
        "chosen-correct", "chosen-wrong", "missed", "not-chosen", "placed-correct", "placed-wrong"
    ]
    explanation: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    question_id: str
    score: float
    status: Status
    message: str
    details: tuple[Detail, ...]
    references: tuple[str, ...]
    answer: Any

    @property
    def correct(self) -> bool:
        """True only for full marks."""
        return self.status == "correct"


def _status(score: float) -> Status:
    return "correct" if score == 1 else ("incorrect" if score == 0 else "partial")


def grade(question: Question, answer: Any) -> Grade:
    """Grade ``answer`` to ``question``; raises AnswerError for an entry that cannot be graded.

    Answers: single -> option id; multiple -> iterable of option ids; numeric ->
    text or number; matching -> {item id: choice id}; ordering -> item ids in the
    student's order.
    """
    if isinstance(question, SingleChoice):
        return _grade_single(question, answer)
    if isinstance(question, MultipleChoice):
        return _grade_multiple(question, answer)
    if isinstance(question, Numeric):
        return _grade_numeric(question, answer)
    if isinstance(question, Matching):
        return _grade_matching(question, answer)
    if isinstance(question, Ordering):
        return _grade_ordering(question, answer)
    raise TypeError(f"grade: expected a question record, found {type(question).__name__}")


def _grade_single(q: SingleChoice, answer: Any) -> Grade:
    ids = [o.id for o in q.options]
    if answer is None or answer == "":
        raise AnswerError("Choose an option first.")
    if answer not in ids:
        raise AnswerError(f"Unknown option '{answer}'.")
    chosen = next(o for o in q.options if o.id == answer)
    score = 1.0 if chosen.correct else 0.0
    details = tuple(
        Detail(
            o.text,
            ("chosen-correct" if o.correct else "chosen-wrong")
            if o.id == answer
            else ("missed" if o.correct else "not-chosen"),
            o.explanation,
            o.references,
        )
        for o in q.options
    )
    message = (
        "You chose the right option."
        if score
        else "The right answer is " + next(f"'{o.text}'" for o in q.options if o.correct) + "."
    )
    return Grade(q.id, score, _status(score), message, details, q.references, answer)


def _grade_multiple(q: MultipleChoice, answer: Any) -> Grade:
    if answer is None or isinstance(answer, str):
        raise AnswerError("Tick the options that apply (at least one).")
    chosen = set(answer)
    if not chosen:
        raise AnswerError("Tick the options that apply (at least one).")
    ids = {o.id for o in q.options}
    unknown = chosen - ids
    if unknown:
        raise AnswerError(f"Unknown option(s): {', '.join(sorted(unknown))}.")
    right = {o.id for o in q.options if o.correct}
    hits, wrong = len(chosen & right), len(chosen - right)
    score = max(0.0, (hits - wrong) / len(right))
    if chosen == right:
        score, message = 1.0, "You ticked every right option and no wrong one."
    else:
        message = f"{hits} of {len(right)} right options ticked, {wrong} wrong option{'s' if wrong != 1 else ''} ticked."
    details = tuple(
        Detail(
            o.text,
            ("chosen-correct" if o.correct else "chosen-wrong")
            if o.id in chosen
            else ("missed" if o.correct else "not-chosen"),
            o.explanation,
            o.references,
        )
        for o in q.options
    )
    return Grade(
        q.id, round(score, 4), _status(score), message, details, q.references, sorted(chosen)
    )


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text: Any, unit: str | None = None) -> Decimal:
    """Read a student's number: decimal point or comma, optional trailing unit; else AnswerError."""
    if isinstance(text, bool):
        raise AnswerError("Enter a number.")
    if isinstance(text, (int, float)):
        text = repr(text)
    if not isinstance(text, str) or not text.strip():
        raise AnswerError("Enter a number first.")
    raw = text.strip()
    if unit and raw.lower().endswith(unit.lower()):
        raw = raw[: -len(unit)].strip()
    raw = raw.replace(" ", "")
    if not _NUMBER.match(raw):
        example = f" (for example 12.5{' ' + unit if unit else ''})"
        raise AnswerError(f"'{text.strip()}' is not a number; enter digits only{example}.")
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise AnswerError(f"'{text.strip()}' is not a number.") from None


def _grade_numeric(q: Numeric, answer: Any) -> Grade:
    value = parse_number(answer, q.unit)
    target, tolerance = Decimal(repr(q.answer)), Decimal(repr(q.tolerance))
    unit = f" {q.unit}" if q.unit else ""
    shown = _fmt(target) + (f" ± {_fmt(tolerance)}" if tolerance else "") + unit
    if abs(value - target) <= tolerance:
        score, message, extra = 1.0, f"Within the accepted range ({shown}).", ()
    elif value < target:
        score, message, extra = (
            0.0,
            f"Too low: the accepted answer is {shown}.",
            (Detail("Too low", "chosen-wrong", q.too_low),),
        )
    else:
        score, message, extra = (
            0.0,
            f"Too high: the accepted answer is {shown}.",
            (Detail("Too high", "chosen-wrong", q.too_high),),
        )
    details = extra + (
        Detail("Explanation", "chosen-correct" if score else "missed", q.explanation),
    )
    return Grade(q.id, score, _status(score), message, details, q.references, str(value))


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _grade_matching(q: Matching, answer: Any) -> Grade:
    if not isinstance(answer, Mapping):
        raise AnswerError("Match every item first.")
    given = {k: v for k, v in answer.items() if v not in (None, "")}
    missing = [i for i in q.items if i.id not in given]
    if missing:
        raise AnswerError(
            f"Match every item first ({len(q.items) - len(missing)} of {len(q.items)} matched)."
        )
    choices = {c.id: c.text for c in q.choices}
    unknown = sorted(set(given.values()) - set(choices))
    if unknown:
        raise AnswerError(f"Unknown choice(s): {', '.join(unknown)}.")
    right = sum(given[i.id] == i.match for i in q.items)
    score = right / len(q.items)
    details = tuple(
        Detail(
            f"{i.text} → {choices[i.match]}",
            "placed-correct" if given[i.id] == i.match else "placed-wrong",
            i.explanation
            if given[i.id] == i.match
            else f"You chose '{choices[given[i.id]]}'. {i.explanation}",
            i.references,
        )
        for i in q.items
    )
    message = (
        "Every item matched."
        if right == len(q.items)
        else f"{right} of {len(q.items)} matched correctly."
    )
    return Grade(
        q.id,
        round(score, 4),
        _status(score),
        message,
        details,
        q.references,
        {i.id: given[i.id] for i in q.items},
    )


def _grade_ordering(q: Ordering, answer: Any) -> Grade:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
        raise AnswerError("Give every item a position first.")
    order = list(answer)
    ids = [i.id for i in q.items]
    if any(a in (None, "") for a in order) or len(order) != len(ids):
        raise AnswerError(
            f"Give every item a position first ({sum(a not in (None, '') for a in order)} of {len(ids)} placed)."
        )
    if sorted(order) != sorted(ids):
        raise AnswerError("Use each position once: two items share a position.")
    right = sum(a == b for a, b in zip(order, ids))
    score = right / len(ids)
    details = tuple(
        Detail(
            f"{n}. {item.text}",
            "placed-correct" if order.index(item.id) == n - 1 else "placed-wrong",
            item.explanation
            if order.index(item.id) == n - 1
            else f"You put this in position {order.index(item.id) + 1}. {item.explanation}",
            item.references,
        )
        for n, item in enumerate(q.items, start=1)
    )
    message = (
        f"All in order ({q.order_label})."
        if right == len(ids)
        else f"{right} of {len(ids)} in the right position ({q.order_label})."
    )
    return Grade(q.id, round(score, 4), _status(score), message, details, q.references, order)


def shuffled(ids: Sequence[str], student_key: str, question_id: str) -> list[str]:
    """A shuffle of ``ids`` that is stable for one student and question, and differs between students."""
    order = list(ids)
    random.Random(f"{student_key}|{question_id}").shuffle(order)
    return order


@dataclass(frozen=True)
class Summary:
    """Score summary of a quiz attempt."""

    points: float
    answered: int
    total: int
    by_objective: Mapping[str, tuple[float, int]]

    @property
    def percent(self) -> float:
        """Points as a percentage of all questions (unanswered count as 0)."""
        return 100.0 * self.points / self.total if self.total else 0.0

    def text(self) -> str:
        """One line for students."""
        return f"Score: {self.points:g} of {self.total} ({self.percent:.0f}%), {self.answered} of {self.total} answered."


def summarise(questions: Sequence[Question], grades: Mapping[str, Grade]) -> Summary:
    """Sum the grades of the answered questions; also per objective (points, questions)."""
    by_obj: dict[str, tuple[float, int]] = {}
    points = 0.0
    for q in questions:
        got = grades[q.id].score if q.id in grades else 0.0
        points += got
        p, n = by_obj.get(q.objective, (0.0, 0))
        by_obj[q.objective] = (p + got, n + 1)
    return Summary(round(points, 4), sum(q.id in grades for q in questions), len(questions), by_obj)


def missed_questions(questions: Iterable[Question], answers: Iterable[Any]) -> list[Question]:
    """Questions whose latest answer was not fully right, longest-waiting first (``kneelib.records.missed``)."""
    from .records import as_records, missed

    by_id = {q.id: q for q in questions}
    return [by_id[r.item] for r in missed(as_records(answers)) if r.item in by_id]
