"""Matching: match each item to one of several choices (some choices may be unused)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from ..content.questions import Matching
from .base import AnswerError, Detail, Grade, QuestionType, shuffled, status_of
from .formats import arrowless, gift_escape, moodle_text, qti_matching_item

__all__ = ["MatchingType"]


class MatchingType(QuestionType):
    """The share of items matched correctly; 'correct' only when all are."""

    name = "matching"
    model = Matching
    rule = "Match every item. Score = share of items matched correctly."
    view = "kneelib.widgets.qtypes.matching:matching_input"

    def grade(self, question: Matching, answer: Any) -> Grade:
        """Answer: {item id: choice id}."""
        q = question
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
        answered = {i.id: given[i.id] for i in q.items}
        return Grade(
            q.id, round(score, 4), status_of(score), message, details, q.references, answered
        )

    def key(self, question: Matching) -> dict[str, str]:
        """Every item matched to its choice."""
        return {i.id: i.match for i in question.items}

    def wrong_choices(self, question: Matching, answer: Any, score: float) -> list[str]:
        """'item->choice' for every item matched to the wrong choice."""
        given = answer if isinstance(answer, Mapping) else {}
        return [
            f"{i.id}->{given.get(i.id)}"
            for i in question.items
            if i.id in given and given.get(i.id) != i.match
        ]

    def feedback_parts(self, question: Matching) -> list[str]:
        """One line per item: its right choice and why."""
        choices = {c.id: c.text for c in question.choices}
        return [f"{i.text} → {choices[i.match]}: {i.explanation}" for i in question.items]

    def _pairs(self, question: Matching) -> tuple[list[tuple[str, str]], list[str]]:
        choices = {c.id: c.text for c in question.choices}
        used = {i.match for i in question.items}
        pairs = [(i.text, choices[i.match]) for i in question.items]
        return pairs, [c.text for c in question.choices if c.id not in used]

    def gift(self, question: Matching, seed: str) -> tuple[str, list[str]]:
        """``=item -> choice`` pairs; unused choices as ``= -> choice`` distractors (Moodle shuffles the choices)."""
        pairs, distractors = self._pairs(question)
        lines = [f"={gift_escape(arrowless(a))} -> {gift_escape(arrowless(b))}" for a, b in pairs]
        return question.prompt, lines + [f"= -> {gift_escape(arrowless(d))}" for d in distractors]

    def qti(self, question: Matching, seed: str) -> ET.Element:
        """A matching_question item; the choices in each drop-down in the seeded order."""
        pairs, distractors = self._pairs(question)
        targets = list(dict.fromkeys([b for _, b in pairs] + distractors))
        order = shuffled(targets, seed, question.id)
        return qti_matching_item(
            question, question.prompt, pairs, order, self.general_feedback(question)
        )

    def moodle(self, question: Matching, seed: str) -> ET.Element:
        """Moodle ``matching``: one subquestion per item, unused choices as subquestions without text."""
        q = self.moodle_question(question, "matching")
        ET.SubElement(q, "shuffleanswers").text = "true"
        pairs, distractors = self._pairs(question)
        for text, choice in pairs + [("", d) for d in distractors]:
            sub = moodle_text(q, "subquestion", text)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = choice
        return q
