"""Matching: one drop-down per item, the choices in the student's stable shuffled order."""

from __future__ import annotations

import ipywidgets as widgets

from ...content.questions import Matching
from ...qtypes.base import shuffled
from .common import InputView


def matching_input(question: Matching, student_key: str) -> InputView:
    """A drop-down per item, labelled with the item's text; reads {item id: choice id}."""
    order = shuffled([c.id for c in question.choices], student_key, question.id)
    texts = {c.id: c.text for c in question.choices}
    options = [("— choose —", None)] + [(texts[i], i) for i in order]
    # The item text is the dropdown's own label, so screen readers announce it.
    matches = {
        i.id: widgets.Dropdown(
            options=options,
            value=None,
            description=i.text,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        for i in question.items
    }
    return InputView(
        widgets.VBox(list(matches.values())),
        lambda: {i: d.value for i, d in matches.items()},
        {"matches": matches},
    )
