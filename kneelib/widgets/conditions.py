"""Side-by-side comparison of conditions from data/conditions.yaml, with a multi-select.

Thin: ``kneelib.conditions`` builds the table; this view only wires the
selection to it. Later notebooks call ``show_conditions([...])`` with their ids.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..conditions import comparison_html, get_conditions
from ..content.conditions import load_conditions
from .common import feedback_html, guarded

__all__ = ["ConditionsView", "show_conditions"]


class ConditionsView(widgets.VBox):
    """A multi-select of every condition and the comparison table of the selected ones."""

    def __init__(self, ids: Sequence[str] | None = None):
        self.records = load_conditions()
        selected = (
            tuple(c.id for c in self.records)
            if ids is None
            else tuple(c.id for c in get_conditions(ids, self.records))
        )
        self.select = widgets.SelectMultiple(
            options=[(c.name, c.id) for c in self.records],
            value=selected,
            rows=min(max(len(self.records), 2), 10),
            description="Compare:",
            layout=widgets.Layout(width="auto"),
        )
        self.hint = widgets.HTML(
            "<p style='font-size:90%'>Hold Ctrl (Cmd on a Mac) or Shift to select several conditions.</p>"
        )
        self.feedback = widgets.HTML("")
        self.table = widgets.HTML("")
        self.select.observe(guarded(self.feedback)(self._on_select), names="value")
        self._render(selected)
        super().__init__([self.select, self.hint, self.feedback, self.table])

    def _render(self, ids: Sequence[str]) -> None:
        if not ids:
            self.table.value = ""
            self.feedback.value = feedback_html(
                "info", "Select at least one condition to see the comparison."
            )
            return
        # keep the file's order so columns do not jump around as the selection changes
        order = [c.id for c in self.records if c.id in set(ids)]
        self.feedback.value = ""
        self.table.value = comparison_html(order, self.records)

    def _on_select(self, change: dict) -> None:
        self._render(change["new"])


@displays(lambda ids=None: refs_in(load_conditions()))
def show_conditions(ids: Sequence[str] | None = None) -> ConditionsView:
    """Compare conditions side by side; ``ids`` preselects some (default: all of them)."""
    return ConditionsView(ids)
