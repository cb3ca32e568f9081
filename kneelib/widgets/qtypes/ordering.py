"""Ordering: a position drop-down per item, the items in the student's stable shuffled order."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...content.questions import Ordering
from ...qtypes.base import shuffled
from ...qtypes.ordering import order_from_positions
from .common import InputView


def ordering_input(question: Ordering, student_key: str) -> InputView:
    """A position drop-down per item; reads the item ids in the order the positions give."""
    order = shuffled([i.id for i in question.items], student_key, question.id)
    texts = {i.id: i.text for i in question.items}
    choices = [("— position —", None)] + [(str(n), n) for n in range(1, len(question.items) + 1)]
    positions = {
        i: widgets.Dropdown(
            options=choices,
            value=None,
            description=texts[i],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        for i in order
    }
    box = widgets.VBox(
        [widgets.HTML(f"<em>Order: {html.escape(question.order_label)}</em>")]
        + list(positions.values())
    )
    return InputView(
        box,
        lambda: order_from_positions({i: d.value for i, d in positions.items()}),
        {"positions": positions},
    )
