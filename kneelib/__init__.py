"""kneelib: the tested helper package behind the posterior knee pain teaching series.

Notebooks call one function per interactive part; the logic below the views is
pure and lives in the submodules listed here.
"""
from __future__ import annotations

from .content import load_question_bank, load_quiz, load_references, validate_paths
from .progress import ProgressStore
from .quiz import grade, missed_questions, summarise
from .widgets.quiz import show_quiz, show_review

__all__ = [
    "ProgressStore",
    "grade",
    "load_question_bank",
    "load_quiz",
    "load_references",
    "missed_questions",
    "show_quiz",
    "show_review",
    "summarise",
    "validate_paths",
]

__version__ = "0.1.0"
