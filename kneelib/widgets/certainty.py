"""The certainty picker: three buttons (not sure, fairly sure, sure) attached to a question view.

The marks are pure logic in ``kneelib.certainty``; this view only holds the
student's choice, says what the marks are in one line beside the buttons, and
shows the certainty-based mark once the answer is checked.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..certainty import CBM_EXPLANATION, LABELS, MARKS, cbm_mark, check_certainty
from ..records import CERTAINTIES
from .common import feedback_html

__all__ = ["CertaintyPicker"]


class CertaintyPicker(widgets.VBox):
    """Low / medium / high certainty, chosen before checking; the mark appears after."""

    def __init__(self, required: bool = True):
        self.required = required
        self.buttons = widgets.ToggleButtons(
            options=[(LABELS[c], c) for c in CERTAINTIES],
            value=None,
            description="Certainty:",
            tooltips=[
                f"{LABELS[c]}: {MARKS[c][0]:+d} if right, {MARKS[c][1]:+d} if wrong".replace(
                    "+0", "0"
                )
                for c in CERTAINTIES
            ],
            style={"button_width": "auto"},
        )
        self.explanation = widgets.HTML(
            f'<span class="kneelib-cbm-rule" style="font-size:90%">{CBM_EXPLANATION}</span>'
        )
        self.mark = widgets.HTML("")
        super().__init__([widgets.HBox([self.buttons, self.explanation]), self.mark])
        self.add_class("kneelib-certainty")

    @property
    def value(self) -> str | None:
        """The chosen certainty, or None."""
        return self.buttons.value

    def require(self) -> str | None:
        """The chosen certainty; CertaintyError (shown beside the widget) when one is required and missing."""
        if self.buttons.value is None and not self.required:
            return None
        return check_certainty(self.buttons.value)

    def show_mark(self, correct: bool) -> None:
        """Show the certainty-based mark of a checked answer."""
        if self.buttons.value is None:
            self.mark.value = ""
            return
        points = cbm_mark(self.buttons.value, correct)
        word = "right" if correct else "not fully right"
        self.mark.value = feedback_html(
            "correct" if points > 0 else ("info" if points == 0 else "incorrect"),
            f"Certainty mark: {points:+d} ({LABELS[self.buttons.value].lower()}, {word}).".replace(
                "+0", "0"
            ),
        )

    def disable(self) -> None:
        """Freeze the choice."""
        self.buttons.disabled = True
