"""Ordering: put the items in order; the file lists them in the correct order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from ..content.questions import Ordering
from .base import AnswerError, Detail, Grade, QuestionType, shuffled, status_of
from .formats import arrowless, gift_escape, moodle_answer, qti_matching_item

__all__ = ["OrderingType", "order_from_positions"]


def order_from_positions(positions: Mapping[str, int | None]) -> list[str | None]:
    """Item ids sorted by the position given to each; ``None`` for each item while any is unplaced."""
    if any(v is None for v in positions.values()):
        return [None] * len(positions)
    if len(set(positions.values())) != len(positions):
        raise AnswerError("Use each position once: two items share a position.")
    return [i for i, _ in sorted(positions.items(), key=lambda kv: kv[1])]


class OrderingType(QuestionType):
    """The share of items in the right position; 'correct' only when all are."""

    name = "ordering"
    model = Ordering
    rule = "Give every item a position. Score = share of items in the right position."
    view = "kneelib.widgets.qtypes.ordering:ordering_input"

    def grade(self, question: Ordering, answer: Any) -> Grade:
        """Answer: the item ids in the student's order."""
        q = question
        if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
            raise AnswerError("Give every item a position first.")
        order = list(answer)
        ids = [i.id for i in q.items]
        if any(a in (None, "") for a in order) or len(order) != len(ids):
            placed = sum(a not in (None, "") for a in order)
            raise AnswerError(f"Give every item a position first ({placed} of {len(ids)} placed).")
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
        return Grade(q.id, round(score, 4), status_of(score), message, details, q.references, order)

    def key(self, question: Ordering) -> list[str]:
        """The item ids in the file's (right) order."""
        return [i.id for i in question.items]

    def wrong_choices(self, question: Ordering, answer: Any, score: float) -> list[str]:
        """'item out of place' for every item not in its position."""
        order = list(answer) if isinstance(answer, (list, tuple)) else []
        ids = [i.id for i in question.items]
        return [
            f"{item} out of place"
            for n, item in enumerate(order)
            if n < len(ids) and item != ids[n]
        ]

    def feedback_parts(self, question: Ordering) -> list[str]:
        """The right order, one line per item with its explanation."""
        return [f"{n}. {i.text}: {i.explanation}" for n, i in enumerate(question.items, start=1)]

    def _matching_prompt(self, question: Ordering) -> str:
        return f"{question.prompt}\nMatch each item to its position ({question.order_label})."

    def _position_pairs(self, question: Ordering, seed: str) -> list[tuple[str, str]]:
        """(item, 'Position N') pairs with the items in the seeded order, so the list does not give the order away."""
        position = {i.id: (i.text, f"Position {n}") for n, i in enumerate(question.items, start=1)}
        return [position[i] for i in shuffled(list(position), seed, question.id)]

    def gift(self, question: Ordering, seed: str) -> tuple[str, list[str]]:
        """GIFT has no ordering type: a matching of each item to ``Position N``."""
        pairs = self._position_pairs(question, seed)
        return self._matching_prompt(question), [
            f"={gift_escape(arrowless(a))} -> {gift_escape(arrowless(b))}" for a, b in pairs
        ]

    def qti(self, question: Ordering, seed: str) -> ET.Element:
        """A matching_question item: each item to ``Position N``, the positions in number order."""
        positions = [f"Position {n}" for n in range(1, len(question.items) + 1)]
        return qti_matching_item(
            question,
            self._matching_prompt(question),
            self._position_pairs(question, seed),
            positions,
            self.general_feedback(question),
        )

    def moodle(self, question: Ordering, seed: str) -> ET.Element:
        """Moodle's own ``ordering`` type: answers in the right order, shown shuffled, graded by absolute position."""
        q = self.moodle_question(question, "ordering")
        for tag, text in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", str(len(question.items))),
            ("gradingtype", "ABSOLUTE_POSITION"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            ET.SubElement(q, tag).text = text
        for n, item in enumerate(question.items, start=1):
            moodle_answer(q, f"{n}.0000000", item.text, item.explanation)
        return q
