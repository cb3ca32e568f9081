"""One handler per question type: grading, input view, GIFT, QTI, Moodle XML and wrong-choice analysis.

Pure logic: the input views live in ``kneelib.widgets.qtypes`` and are imported
only when a view is built.
"""

from __future__ import annotations

from .base import AnswerError, Detail, Grade, QuestionType, shuffled
from .registry import HANDLERS, handler_for

__all__ = [
    "HANDLERS",
    "AnswerError",
    "Detail",
    "Grade",
    "QuestionType",
    "handler_for",
    "shuffled",
]
