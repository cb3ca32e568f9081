"""Single choice: radio buttons in the student's stable shuffled order."""

from __future__ import annotations

import ipywidgets as widgets

from ...content.questions import SingleChoice
from ...qtypes.base import shuffled
from .common import InputView


def single_input(question: SingleChoice, student_key: str) -> InputView:
    """Radio buttons, one per option; reads the chosen option id."""
    order = shuffled([o.id for o in question.options], student_key, question.id)
    texts = {o.id: o.text for o in question.options}
    choice = widgets.RadioButtons(
        options=[(texts[i], i) for i in order], value=None, layout=widgets.Layout(width="auto")
    )
    return InputView(choice, lambda: choice.value, {"choice": choice})
