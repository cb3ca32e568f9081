"""Numeric: a text box (so a wrong entry can be explained) and the unit beside it."""

from __future__ import annotations

import ipywidgets as widgets

from ...content.questions import Numeric
from .common import InputView


def numeric_input(question: Numeric, student_key: str) -> InputView:
    """A labelled text box; reads the text typed."""
    number = widgets.Text(placeholder="type a number", description="Answer:")
    return InputView(
        widgets.HBox([number, widgets.Label(question.unit or "")]),
        lambda: number.value,
        {"number": number},
    )
