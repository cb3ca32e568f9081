"""The estimated-time model for a notebook, stated once and used by tools/make_nav.py.

A notebook's time is its reading time plus the time its activities take:

- prose: the words of its markdown cells (generated cells excluded) at
  ``WORDS_PER_MINUTE``, the slow end of the 130-200 words a minute that
  readers manage with dense technical text, because students stop to look at
  tables and figures;
- each quiz item: ``MINUTES_PER_ITEM`` (read a vignette, choose, read the
  explanations);
- each case: ``MINUTES_PER_CASE_STEP`` for every step of the case, plus
  ``MINUTES_PER_DEBRIEF`` to read the debrief;
- every other interactive call (a calculator, a plot, an exercise):
  ``MINUTES_PER_WIDGET``.

The total is rounded to the nearest 5 minutes. The stated time in a notebook's
frame must lie within ``TOLERANCE`` of the model; make_nav writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 150
MINUTES_PER_ITEM = 1.5
MINUTES_PER_CASE_STEP = 2.0
MINUTES_PER_DEBRIEF = 3.0
MINUTES_PER_WIDGET = 3.0
TOLERANCE = 0.20

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|[#*_`|>]")


@dataclass(frozen=True)
class Estimate:
    """The parts of a notebook's estimated time, in minutes."""

    words: int
    items: int
    case_steps: int
    cases: int
    widgets: int

    @property
    def minutes(self) -> float:
        """The unrounded total."""
        return (
            self.words / WORDS_PER_MINUTE
            + self.items * MINUTES_PER_ITEM
            + self.case_steps * MINUTES_PER_CASE_STEP
            + self.cases * MINUTES_PER_DEBRIEF
            + self.widgets * MINUTES_PER_WIDGET
        )

    @property
    def rounded(self) -> int:
        """The total rounded to the nearest 5 minutes (at least 5)."""
        return max(5, int(5 * round(self.minutes / 5)))


def count_words(markdown: str) -> int:
    """Words a student reads in a markdown text (link targets and markup left out)."""
    return len(WORD.findall(MARKUP.sub(" ", markdown)))


def within_tolerance(stated: int, model: float) -> bool:
    """Whether a stated time lies within TOLERANCE of the model's."""
    return abs(stated - model) <= TOLERANCE * model
