"""Numeric: a number, accepted within an absolute tolerance (edges included)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any

from ..content.questions import Numeric
from .base import AnswerError, Detail, Grade, QuestionType, status_of
from .formats import moodle_answer, number

__all__ = ["NumericType", "parse_number"]

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text: Any, unit: str | None = None) -> Decimal:
    """Read a student's number: decimal point or comma, optional trailing unit; else AnswerError."""
    if isinstance(text, bool):
        raise AnswerError("Enter a number.")
    if isinstance(text, (int, float)):
        text = repr(text)
    if not isinstance(text, str) or not text.strip():
        raise AnswerError("Enter a number first.")
    raw = text.strip()
    if unit and raw.lower().endswith(unit.lower()):
        raw = raw[: -len(unit)].strip()
    raw = raw.replace(" ", "")
    if not _NUMBER.match(raw):
        example = f" (for example 12.5{' ' + unit if unit else ''})"
        raise AnswerError(f"'{text.strip()}' is not a number; enter digits only{example}.")
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise AnswerError(f"'{text.strip()}' is not a number.") from None


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


class NumericType(QuestionType):
    """1 point when |entry - answer| <= tolerance, compared in exact decimal arithmetic, else 0."""

    name = "numeric"
    model = Numeric
    rule = "Type a number; it counts if it lies within the stated tolerance (edges included)."
    view = "kneelib.widgets.qtypes.numeric:numeric_input"

    def grade(self, question: Numeric, answer: Any) -> Grade:
        """Answer: the text typed (or a number)."""
        q = question
        value = parse_number(answer, q.unit)
        target, tolerance = Decimal(repr(q.answer)), Decimal(repr(q.tolerance))
        unit = f" {q.unit}" if q.unit else ""
        shown = _fmt(target) + (f" ± {_fmt(tolerance)}" if tolerance else "") + unit
        if abs(value - target) <= tolerance:
            score, message, extra = 1.0, f"Within the accepted range ({shown}).", ()
        elif value < target:
            score, message = 0.0, f"Too low: the accepted answer is {shown}."
            extra = (Detail("Too low", "chosen-wrong", q.too_low),)
        else:
            score, message = 0.0, f"Too high: the accepted answer is {shown}."
            extra = (Detail("Too high", "chosen-wrong", q.too_high),)
        details = extra + (
            Detail("Explanation", "chosen-correct" if score else "missed", q.explanation),
        )
        return Grade(q.id, score, status_of(score), message, details, q.references, str(value))

    def key(self, question: Numeric) -> str:
        """The accepted answer, as a student would type it."""
        return number(question.answer)

    def wrong_choices(self, question: Numeric, answer: Any, score: float) -> list[str]:
        """'too low', 'too high' or 'unreadable' for a wrong entry."""
        if score >= 1:
            return []
        try:
            value = Decimal(str(answer))
        except (InvalidOperation, ValueError):
            return ["unreadable"]
        return ["too low"] if value < Decimal(repr(question.answer)) else ["too high"]

    def feedback_parts(self, question: Numeric) -> list[str]:
        """The explanation, then what a too-low and a too-high answer usually means."""
        return [
            question.explanation,
            f"Too low: {question.too_low}",
            f"Too high: {question.too_high}",
        ]

    def gift(self, question: Numeric, seed: str) -> tuple[str, list[str]]:
        """``#=answer:tolerance``."""
        return question.prompt, [f"#={number(question.answer)}:{number(question.tolerance)}"]

    def qti(self, question: Numeric, seed: str) -> list[str]:
        """A text2qti numerical answer, answer +- tolerance."""
        return [f"=   {number(question.answer)} +- {number(question.tolerance)}"]

    def moodle(self, question: Numeric, seed: str) -> ET.Element:
        """Moodle ``numerical``: one answer with its tolerance; the unit, if any, optional and not graded."""
        q = self.moodle_question(question, "numerical")
        answer = moodle_answer(q, "100", number(question.answer), question.explanation)
        ET.SubElement(answer, "tolerance").text = number(question.tolerance)
        if question.unit:
            unit = ET.SubElement(ET.SubElement(q, "units"), "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = question.unit
        for tag, text in (
            ("unitgradingtype", "0"),
            ("unitpenalty", "0"),
            ("showunits", "0" if question.unit else "3"),
            ("unitsleft", "0"),
        ):
            ET.SubElement(q, tag).text = text
        return q
