"""What every question type provides, and the records its grading returns. Pure logic, no widgets.

A question type is one class deriving from ``QuestionType``, in its own module
of this package, with one instance listed in ``registry.py``. The content model
of the type (its YAML fields) stays in ``kneelib.content.questions``.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from ..errors import KneelibError

if TYPE_CHECKING:  # pragma: no cover - types only
    from ..widgets.qtypes.common import InputView

__all__ = [
    "AnswerError",
    "Detail",
    "Grade",
    "QuestionType",
    "Status",
    "shuffled",
    "status_of",
]

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


def status_of(score: float) -> Status:
    """'correct' for full marks, 'incorrect' for none, 'partial' in between."""
    return "correct" if score == 1 else ("incorrect" if score == 0 else "partial")


def shuffled(ids: Sequence[str], key: str, question_id: str) -> list[str]:
    """A shuffle of ``ids`` that is the same every time for one key (a student, an export seed) and question."""
    order = list(ids)
    random.Random(f"{key}|{question_id}").shuffle(order)
    return order


class QuestionType(ABC):
    """One question type: grading, the student's input view, three exports and wrong-choice analysis.

    ``seed`` in the export methods fixes the order in which options are written
    (a stable shuffle per question, so exports are reproducible and the key is
    not always first).
    """

    #: The YAML ``type`` value (the discriminator of the ``Question`` union).
    name: ClassVar[str]
    #: The content model this type handles.
    model: ClassVar[type]
    #: The grading rule, shown to students above the question.
    rule: ClassVar[str]
    #: The module and function of the input view, imported only when a view is built.
    view: ClassVar[str]
    #: True for one-best-answer types: the item analysis then flags a wrong option chosen more often than the key.
    one_best_answer: ClassVar[bool] = False

    @abstractmethod
    def grade(self, question: Any, answer: Any) -> Grade:
        """Grade ``answer``; raise AnswerError for an entry that cannot be graded."""

    @abstractmethod
    def key(self, question: Any) -> Any:
        """The answer that earns full marks, in the form ``grade`` expects."""

    @abstractmethod
    def wrong_choices(self, question: Any, answer: Any, score: float) -> list[str]:
        """Labels of what was wrong in one recorded answer (for the item analysis)."""

    @abstractmethod
    def feedback_parts(self, question: Any) -> list[str]:
        """Lines of the general feedback that exports carry besides per-option feedback (sources excluded)."""

    @abstractmethod
    def gift(self, question: Any, seed: str) -> tuple[str, list[str]]:
        """The GIFT prompt and answer lines (without the general feedback line), escaped."""

    @abstractmethod
    def qti(self, question: Any, seed: str) -> list[str] | ET.Element:
        """text2qti answer lines (after the prompt and general feedback), or a finished QTI 1.2 ``item``."""

    @abstractmethod
    def moodle(self, question: Any, seed: str) -> ET.Element:
        """A Moodle XML ``question`` element; ``moodle_question`` builds its common head."""

    def general_feedback(self, question: Any) -> str:
        """The general feedback every export carries: the type's lines, then the sources."""
        from .formats import sources

        parts = [*self.feedback_parts(question), sources(question.references)]
        return "\n".join(p for p in parts if p)

    def moodle_question(
        self, question: Any, moodle_type: str, prompt: str | None = None
    ) -> ET.Element:
        """A Moodle XML ``question`` of ``moodle_type`` with name, text, general feedback and references."""
        from .formats import moodle_question

        return moodle_question(
            question, moodle_type, prompt or question.prompt, self.feedback_parts(question)
        )

    def input_view(self, question: Any, student_key: str) -> InputView:
        """The student's input for this question, built by the view module named in ``view``."""
        import importlib

        module, _, cls = self.view.partition(":")
        return getattr(importlib.import_module(module), cls)(question, student_key)
