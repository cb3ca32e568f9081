"""The diagnosis chain of notebook 07 as a pure state: a pre-test probability and the test results applied to it.

``ChainState`` is never changed in place: ``apply``, ``with_pretest`` and
``reset`` return a new one. It knows the likelihood ratio of each result, the
probability after each, and what the student should be told about the chain.
No widgets here: ``kneelib.widgets.diagnosis`` is the view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from .clinical.bayes import apply_tests
from .content.accuracy import AccuracyRow
from .text import format_lr

__all__ = ["CHAINING_CAVEAT", "REPEAT_WARNING", "ChainState", "Result", "format_percent"]

Result = Literal["positive", "negative"]

CHAINING_CAVEAT = (
    "Chaining results multiplies their likelihood ratios as if each test were independent of the "
    "others once you know whether the condition is present. Tests that examine the same structure "
    "(two meniscal tests, or two scans of the same vein) tend to be positive or negative together, "
    "so the chained probability is probably more extreme than the truth."
)

REPEAT_WARNING = (
    "You applied the same test more than once: repeating a test, or reading two studies "
    "of it, does not add new evidence about the patient."
)


def format_percent(p: float) -> str:
    """A probability as a percentage for students: '20.0%', '<0.1%', '>99.9%', '0%', '100%'."""
    if p == 0.0:
        return "0%"
    if p == 1.0:
        return "100%"
    if p < 0.001:
        return "<0.1%"
    if p > 0.999:
        return ">99.9%"
    return f"{100 * p:.1f}%"


@dataclass(frozen=True)
class ChainState:
    """A pre-test probability (0-1) and the (accuracy row, result) pairs applied to it, in order."""

    pretest: float
    steps: tuple[tuple[AccuracyRow, Result], ...] = ()

    def apply(self, row: AccuracyRow, result: Result) -> ChainState:
        """The chain with one more result; ValueError (and no change) when the chain would have no meaning."""
        if result not in ("positive", "negative"):
            raise ValueError(f"Result: expected 'positive' or 'negative', found {result!r}")
        after = replace(self, steps=(*self.steps, (row, result)))
        after.probabilities()  # raises for a chain such as infinity x 0
        return after

    def with_pretest(self, pretest: float) -> ChainState:
        """The same results applied to another pre-test probability."""
        return replace(self, pretest=pretest)

    def reset(self) -> ChainState:
        """No result applied."""
        return replace(self, steps=())

    def lrs(self) -> list[float]:
        """The likelihood ratio of each applied result, in order."""
        out = []
        for row, result in self.steps:
            lr_pos, lr_neg = row.likelihood_ratios()
            out.append(lr_pos if result == "positive" else lr_neg)
        return out

    def probabilities(self) -> tuple[float, ...]:
        """The pre-test probability followed by the probability after each applied result."""
        return (self.pretest,) + apply_tests(self.pretest, self.lrs())

    def last_line(self) -> str:
        """What the last result did, e.g. 'Test A, positive: 20.0% becomes 50.0% (LR 4.00).'"""
        if not self.steps:
            return (
                f"Pre-test probability {format_percent(self.pretest)}. Choose a test and its result, "
                "then press 'Apply this result'."
            )
        probs, lr = self.probabilities(), self.lrs()[-1]
        row, result = self.steps[-1]
        return (
            f"{row.test}, {result}: {format_percent(probs[-2])} becomes {format_percent(probs[-1])} "
            f"(LR {format_lr(lr)})."
        )

    def notes(self) -> list[str]:
        """Notes on the last result: a 'perfect' row explained, and the row's own note."""
        if not self.steps:
            return []
        row, result = self.steps[-1]
        lr = self.lrs()[-1]
        notes = []
        if math.isinf(lr) or lr == 0:
            measure = "specificity" if result == "positive" else "sensitivity"
            notes.append(
                f"This row reports a {measure} of exactly 1, so the LR is {format_lr(lr)} and the result looks "
                "certain. No real test is perfect: a small study cannot prove it. Read the row's note and look for "
                "other studies of the same test."
            )
        if row.note:
            notes.append(f"Note on this row: {row.note}")
        return notes

    def warnings(self) -> list[str]:
        """Cautions about the chain as a whole: independence, and a test applied twice."""
        out = []
        if len(self.steps) > 1:
            out.append(CHAINING_CAVEAT)
        ids = [r.id for r, _ in self.steps]
        tests = [r.test for r, _ in self.steps]
        if len(set(ids)) < len(ids) or len(set(tests)) < len(tests):
            out.append(REPEAT_WARNING)
        return out
