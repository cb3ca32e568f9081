"""Single choice: exactly one option is correct."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..content.questions import SingleChoice
from .base import AnswerError, Detail, Grade, QuestionType, shuffled, status_of
from .formats import gift_escape, gift_feedback, moodle_answer, t2q

__all__ = ["SingleChoiceType"]


class SingleChoiceType(QuestionType):
    """One option is correct: 1 point for it, else 0."""

    name = "single"
    model = SingleChoice
    rule = "One option is correct: 1 point."
    view = "kneelib.widgets.qtypes.single:single_input"
    one_best_answer = True

    def grade(self, question: SingleChoice, answer: Any) -> Grade:
        """Answer: the chosen option's id."""
        q = question
        if answer is None or answer == "":
            raise AnswerError("Choose an option first.")
        if answer not in [o.id for o in q.options]:
            raise AnswerError(f"Unknown option '{answer}'.")
        chosen = next(o for o in q.options if o.id == answer)
        score = 1.0 if chosen.correct else 0.0
        details = tuple(
            Detail(
                o.text,
                ("chosen-correct" if o.correct else "chosen-wrong")
                if o.id == answer
                else ("missed" if o.correct else "not-chosen"),
                o.explanation,
                o.references,
            )
            for o in q.options
        )
        message = (
            "You chose the right option."
            if score
            else "The right answer is " + next(f"'{o.text}'" for o in q.options if o.correct) + "."
        )
        return Grade(q.id, score, status_of(score), message, details, q.references, answer)

    def key(self, question: SingleChoice) -> str:
        """The right option's id."""
        return next(o.id for o in question.options if o.correct)

    def wrong_choices(self, question: SingleChoice, answer: Any, score: float) -> list[str]:
        """The chosen option's id when it is not the right one."""
        right = next(o.id for o in question.options if o.correct)
        return [str(answer)] if answer != right else []

    def feedback_parts(self, question: SingleChoice) -> list[str]:
        """None: every option carries its own explanation."""
        return []

    def _ordered(self, question: SingleChoice, seed: str) -> list:
        by_id = {o.id: o for o in question.options}
        return [by_id[i] for i in shuffled(list(by_id), seed, question.id)]

    def gift(self, question: SingleChoice, seed: str) -> tuple[str, list[str]]:
        """``=right#why`` and ``~wrong#why`` lines, in the seeded order."""
        return question.prompt, [
            f"{'=' if o.correct else '~'}{gift_escape(o.text)}{gift_feedback(o.explanation)}"
            for o in self._ordered(question, seed)
        ]

    def qti(self, question: SingleChoice, seed: str) -> list[str]:
        """A text2qti multiple-choice block: ``*a)`` marks the right option."""
        lines = []
        for k, o in enumerate(self._ordered(question, seed)):
            mark = f"{'*' if o.correct else ''}{chr(ord('a') + k)})  "
            lines += [f"{mark}{t2q(o.text, len(mark))}", f"...   {t2q(o.explanation, 6)}"]
        return lines

    def moodle(self, question: SingleChoice, seed: str) -> ET.Element:
        """Moodle ``multichoice`` with ``single`` true; each option's explanation is its feedback."""
        q = self.moodle_question(question, "multichoice")
        for tag, text in (
            ("single", "true"),
            ("shuffleanswers", "true"),
            ("answernumbering", "abc"),
        ):
            ET.SubElement(q, tag).text = text
        for o in self._ordered(question, seed):
            moodle_answer(q, "100" if o.correct else "0", o.text, o.explanation)
        return q
