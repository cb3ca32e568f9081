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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .content.questions import Question, QuizFile
from .qtypes.base import AnswerError, Detail, Grade, shuffled
from .qtypes.numeric import parse_number
from .qtypes.registry import HANDLERS, handler_for

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
    "tagged",
]

#: The grading rule of every question type, shown to students above each question.
GRADING_RULES = {name: handler.rule for name, handler in HANDLERS.items()}


def grade(question: Question, answer: Any) -> Grade:
    """Grade ``answer`` to ``question``; raises AnswerError for an entry that cannot be graded.

    Answers: single -> option id; multiple -> iterable of option ids; numeric ->
    text or number; matching -> {item id: choice id}; ordering -> item ids in the
    student's order. The question's type handler (``kneelib.qtypes``) does the work.
    """
    try:
        handler = handler_for(question)
    except TypeError:
        raise TypeError(
            f"grade: expected a question record, found {type(question).__name__}"
        ) from None
    return handler.grade(question, answer)


def tagged(quiz: QuizFile, tag: str) -> list[Question]:
    """The questions of ``quiz`` tagged ``tag``, in file order; ValueError naming the quiz when there are none."""
    found = [q for q in quiz.questions if tag in q.tags]
    if not found:
        raise ValueError(
            f"{quiz.topic}: tags: expected at least one question tagged '{tag}', found none"
        )
    return found


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
