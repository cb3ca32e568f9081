"""Multiple choice: tick boxes in the student's stable shuffled order."""

from __future__ import annotations

import ipywidgets as widgets

from ...content.questions import MultipleChoice
from ...qtypes.base import shuffled
from .common import InputView


def multiple_input(question: MultipleChoice, student_key: str) -> InputView:
    """One tick box per option; reads the ticked option ids."""
    order = shuffled([o.id for o in question.options], student_key, question.id)
    texts = {o.id: o.text for o in question.options}
    boxes = {
        i: widgets.Checkbox(
            description=texts[i], value=False, indent=False, layout=widgets.Layout(width="auto")
        )
        for i in order
    }
    return InputView(
        widgets.VBox(list(boxes.values())),
        lambda: [i for i, box in boxes.items() if box.value],
        {"boxes": boxes},
    )
