"""View of the published accuracy of meniscal tear tests: forest plot and likelihood ratios.

Thin: ``kneelib.meniscus`` picks and summarises the rows, the shared figure
``kneelib.figures.accuracy.forest_plot`` draws them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..figures.accuracy import forest_plot
from ..figures.common import to_png
from ..meniscus import SELECTIONS, meniscal_rows, summarise_rows
from ..text import cite, format_lr
from .common import FigureImage, feedback_html, guarded

__all__ = ["MeniscalAccuracyView", "accuracy_table_html", "show_test_accuracy"]


def accuracy_table_html(selection: str) -> str:
    """A table of sensitivity, specificity and likelihood ratios for one selection of rows."""
    rows = meniscal_rows(selection)
    body = "".join(
        "<tr>"
        f'<td style="padding:2px 6px">{html.escape(s.test)}</td>'
        f'<td style="padding:2px 6px">{html.escape(s.target_condition)}</td>'
        f'<td style="padding:2px 6px;text-align:right">{s.sensitivity:.2f}</td>'
        f'<td style="padding:2px 6px;text-align:right">{s.specificity:.2f}</td>'
        f'<td style="padding:2px 6px;text-align:right">{format_lr(s.lr_positive)}</td>'
        f'<td style="padding:2px 6px;text-align:right">{format_lr(s.lr_negative)}</td>'
        f'<td style="padding:2px 6px">{html.escape(cite(s.references))}</td>'
        "</tr>"
        for s in summarise_rows(rows)
    )
    head = "".join(
        f'<th style="text-align:left;padding:2px 6px">{h}</th>'
        for h in ("Test", "Tear", "Sensitivity", "Specificity", "LR+", "LR-", "Study")
    )
    return (
        f'<table style="border-collapse:collapse;font-size:90%"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
        '<p style="font-size:90%">Likelihood ratios are calculated here from each study\'s point estimates '
        "(LR+ = sensitivity / (1 - specificity), LR- = (1 - sensitivity) / specificity).</p>"
    )


class MeniscalAccuracyView(widgets.VBox):
    """Choose a group of studies; see their forest plot and their likelihood ratios."""

    def __init__(self, selection: str = "tests"):
        if selection not in SELECTIONS:
            raise ValueError(
                f"show_test_accuracy: selection: expected one of {', '.join(repr(s) for s in SELECTIONS)}, found {selection!r}"
            )
        self.choice = widgets.Dropdown(
            options=[(label, key) for key, label in SELECTIONS.items()],
            value=selection,
            description="Show:",
            layout=widgets.Layout(width="auto"),
        )
        self.feedback = widgets.HTML("")
        self.image = FigureImage(max_width="900px")
        self.table = widgets.HTML("")
        self.choice.observe(guarded(self.feedback)(self._on_choice), names="value")
        self._render(selection)
        super().__init__([self.choice, self.feedback, self.image, self.table])

    def _render(self, selection: str) -> None:
        rows = meniscal_rows(selection)
        self.image.show(
            to_png(forest_plot(rows), dpi=80),
            f"Forest plot of sensitivity and specificity with 95% confidence intervals for {len(rows)} meniscal test estimate(s); the same numbers are in the table below.",
        )
        self.table.value = accuracy_table_html(selection)
        self.feedback.value = feedback_html(
            "info", f"{len(rows)} published estimates: {SELECTIONS[selection].lower()}."
        )

    def _on_choice(self, change: dict) -> None:
        self._render(change["new"])


@displays(lambda selection="tests": refs_in(meniscal_rows(selection)))
def show_test_accuracy(selection: str = "tests") -> MeniscalAccuracyView:
    """Forest plot and likelihood ratios of meniscal tear tests ('tests', 'medial', 'lateral', 'any-tear', 'mri')."""
    return MeniscalAccuracyView(selection)
