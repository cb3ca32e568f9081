"""Multiple choice (select all that apply): one or more options are correct."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..content.questions import MultipleChoice
from .base import AnswerError, Detail, Grade, QuestionType, shuffled, status_of
from .formats import gift_escape, gift_feedback, moodle_answer, t2q, weight

__all__ = ["MultipleChoiceType"]


class MultipleChoiceType(QuestionType):
    """(right ticks - wrong ticks) / right options, never below 0; 'correct' only for exactly the right set."""

    name = "multiple"
    model = MultipleChoice
    rule = "Select all that apply. Score = (right ticks - wrong ticks) / number of right options, never below 0."
    view = "kneelib.widgets.qtypes.multiple:multiple_input"

    def grade(self, question: MultipleChoice, answer: Any) -> Grade:
        """Answer: the ticked option ids."""
        q = question
        if answer is None or isinstance(answer, str):
            raise AnswerError("Tick the options that apply (at least one).")
        chosen = set(answer)
        if not chosen:
            raise AnswerError("Tick the options that apply (at least one).")
        unknown = chosen - {o.id for o in q.options}
        if unknown:
            raise AnswerError(f"Unknown option(s): {', '.join(sorted(unknown))}.")
        right = {o.id for o in q.options if o.correct}
        hits, wrong = len(chosen & right), len(chosen - right)
        score = max(0.0, (hits - wrong) / len(right))
        if chosen == right:
            score, message = 1.0, "You ticked every right option and no wrong one."
        else:
            message = f"{hits} of {len(right)} right options ticked, {wrong} wrong option{'s' if wrong != 1 else ''} ticked."
        details = tuple(
            Detail(
                o.text,
                ("chosen-correct" if o.correct else "chosen-wrong")
                if o.id in chosen
                else ("missed" if o.correct else "not-chosen"),
                o.explanation,
                o.references,
            )
            for o in q.options
        )
        return Grade(
            q.id, round(score, 4), status_of(score), message, details, q.references, sorted(chosen)
        )

    def key(self, question: MultipleChoice) -> list[str]:
        """The right options' ids."""
        return [o.id for o in question.options if o.correct]

    def wrong_choices(self, question: MultipleChoice, answer: Any, score: float) -> list[str]:
        """The ids of the wrong options ticked."""
        right = {o.id for o in question.options if o.correct}
        chosen = set(answer) if isinstance(answer, (list, tuple)) else set()
        return sorted(str(a) for a in chosen - right)

    def feedback_parts(self, question: MultipleChoice) -> list[str]:
        """None: every option carries its own explanation."""
        return []

    def _ordered(self, question: MultipleChoice, seed: str) -> list:
        by_id = {o.id: o for o in question.options}
        return [by_id[i] for i in shuffled(list(by_id), seed, question.id)]

    def _fraction(self, question: MultipleChoice, correct: bool) -> str:
        w = weight(sum(o.correct for o in question.options))
        return w if correct else f"-{w}"

    def gift(self, question: MultipleChoice, seed: str) -> tuple[str, list[str]]:
        """``~%w%`` weights: each right option +100/n %, each wrong one -100/n % (kneelib's rule)."""
        return question.prompt, [
            f"~%{self._fraction(question, o.correct)}%{gift_escape(o.text)}{gift_feedback(o.explanation)}"
            for o in self._ordered(question, seed)
        ]

    def qti(self, question: MultipleChoice, seed: str) -> list[str]:
        """A text2qti multiple-answers block: ``[*]`` marks each right option."""
        lines = []
        for o in self._ordered(question, seed):
            mark = f"[{'*' if o.correct else ' '}]  "
            lines += [f"{mark}{t2q(o.text, len(mark))}", f"...   {t2q(o.explanation, 6)}"]
        return lines

    def moodle(self, question: MultipleChoice, seed: str) -> ET.Element:
        """Moodle ``multichoice`` with ``single`` false and the same +-100/n % weights."""
        q = self.moodle_question(question, "multichoice")
        for tag, text in (
            ("single", "false"),
            ("shuffleanswers", "true"),
            ("answernumbering", "abc"),
        ):
            ET.SubElement(q, tag).text = text
        for o in self._ordered(question, seed):
            moodle_answer(q, self._fraction(question, o.correct), o.text, o.explanation)
        return q
