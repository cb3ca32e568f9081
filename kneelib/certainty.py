"""Certainty-based marking (Gardner-Medwin) and calibration. Pure logic, no widgets.

Before checking an answer the student says how sure they are: low, medium or
high (certainty 1, 2 or 3). The mark then depends on both:

=========  =====  ======
certainty  right  wrong
=========  =====  ======
low         1      0
medium      2     -2
high        3     -6
=========  =====  ======

so a guess costs nothing, and confidence pays only when it is deserved. Here
"right" means full marks on the question; a partly right answer is marked as
wrong (the scheme is defined for right or wrong answers).

**Calibration** is the share of answers that were right at each certainty
level: well-calibrated students are right more often when they are sure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import InputError
from .records import CERTAINTIES, AttemptRecord

__all__ = [
    "CBM_EXPLANATION",
    "LABELS",
    "MARKS",
    "Calibration",
    "CertaintyError",
    "calibration",
    "calibration_sentence",
    "cbm_mark",
    "check_certainty",
]

#: certainty -> (mark when right, mark when wrong)
MARKS: dict[str, tuple[int, int]] = {"low": (1, 0), "medium": (2, -2), "high": (3, -6)}
#: What the student reads on each button.
LABELS: dict[str, str] = {"low": "Not sure", "medium": "Fairly sure", "high": "Sure"}
#: The one line shown beside the buttons.
CBM_EXPLANATION = (
    "How sure are you? Right: 1, 2 or 3 marks; wrong: 0, −2 or −6. "
    "Say “sure” only when you would bet on it."
)


class CertaintyError(InputError):
    """No certainty, or an unknown one, where one is needed; the message is shown beside the widget."""


def check_certainty(value: object) -> str:
    """The certainty if it is low, medium or high; CertaintyError with a short message otherwise."""
    if value is None or value == "":
        raise CertaintyError("Choose how sure you are first (not sure, fairly sure or sure).")
    if value not in CERTAINTIES:
        raise CertaintyError(f"Unknown certainty '{value}': choose low, medium or high.")
    return str(value)


def cbm_mark(certainty: str, correct: bool) -> int:
    """The certainty-based mark: 1, 2 or 3 when right; 0, -2 or -6 when wrong."""
    right, wrong = MARKS[check_certainty(certainty)]
    return right if correct else wrong


@dataclass(frozen=True)
class Calibration:
    """Answers and right answers at one certainty level."""

    certainty: str
    answered: int
    right: int

    @property
    def share(self) -> float | None:
        """Share right (0 to 1), None when nothing was answered at this level."""
        return self.right / self.answered if self.answered else None

    @property
    def mean_mark(self) -> float | None:
        """Average certainty-based mark at this level, None when nothing was answered."""
        if not self.answered:
            return None
        right, wrong = MARKS[self.certainty]
        return (self.right * right + (self.answered - self.right) * wrong) / self.answered


def calibration(records: Iterable[AttemptRecord]) -> tuple[Calibration, ...]:
    """Answered and right at each certainty level (low, medium, high), from question records with a certainty."""
    answered = dict.fromkeys(CERTAINTIES, 0)
    right = dict.fromkeys(CERTAINTIES, 0)
    for r in records:
        if r.kind == "question" and r.certainty is not None:
            answered[r.certainty] += 1
            right[r.certainty] += r.correct
    return tuple(Calibration(c, answered[c], right[c]) for c in CERTAINTIES)


_WHEN = {"low": "not sure", "medium": "fairly sure", "high": "sure"}


def calibration_sentence(levels: Iterable[Calibration]) -> str:
    """One sentence for the student, e.g. "When you were sure, you were right 55% of the time (11 of 20)."."""
    levels = [c for c in levels if c.answered]
    if not levels:
        return "No answer with a certainty yet: answer a review question to see your calibration."
    parts = [
        f"when you were {_WHEN[c.certainty]}, you were right {round(100 * c.right / c.answered)}% "
        f"of the time ({c.right} of {c.answered})"
        for c in reversed(levels)
    ]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
