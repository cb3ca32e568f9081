"""The 'identify the structure' exercise of notebook 01 as a pure state: which structure, which attempt, the score.

``IdentifyState`` is never changed in place: ``check`` and ``next`` return a new
one. A point is scored only for a structure named right at the first attempt,
once; after two misses the answer is revealed and the structure counts as done.
The verdict itself is ``kneelib.anatomy.check_identification``. No widgets here:
``kneelib.widgets.anatomy.IdentifyExercise`` is the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .anatomy import Identification, check_identification, identification_order
from .content.anatomy import Structure

__all__ = ["IdentifyState", "start_identify"]


@dataclass(frozen=True)
class IdentifyState:
    """The shuffled structure ids, the one on screen, its attempt number, the score and the structures done."""

    order: tuple[str, ...]
    index: int = 0
    attempt: int = 1
    score: int = 0
    done: frozenset[str] = frozenset()

    @property
    def target_id(self) -> str:
        """The id of the structure highlighted now."""
        return self.order[self.index]

    @property
    def number(self) -> int:
        """The structure's number on screen, from 1."""
        return self.index + 1

    @property
    def total(self) -> int:
        """How many structures there are to identify."""
        return len(self.order)

    def check(
        self, answer: str | None, structures: Sequence[Structure] | None = None
    ) -> tuple[IdentifyState, Identification]:
        """Judge ``answer`` for the structure on screen; the next state and the verdict (ValueError if none chosen)."""
        result = check_identification(self.target_id, answer, self.attempt, structures)
        first_time = result.correct and self.attempt == 1 and self.target_id not in self.done
        after = replace(
            self,
            attempt=self.attempt + 1,
            score=self.score + (1 if first_time else 0),
            done=(self.done | {self.target_id}) if result.revealed else self.done,
        )
        return after, result

    def next(self) -> IdentifyState:
        """Move on to the next structure (after the last, back to the first), at its first attempt."""
        return replace(self, index=(self.index + 1) % len(self.order), attempt=1)


def start_identify(key: str, structures: Sequence[Structure] | None = None) -> IdentifyState:
    """A fresh exercise: the structures in the order fixed by ``key``, nothing scored."""
    return IdentifyState(identification_order(key, structures))
