"""Views for the red-flag calculators: Wells DVT score, Ottawa knee rule, triage, sorting exercise.

Each view is thin: tick boxes in, a call to the pure function in
``kneelib.clinical``, and the score, band, reasons and a "what next" line
written into an HTML widget through ``guarded`` (never a traceback).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..clinical.dvt import WELLS_CRITERIA, WELLS_NEXT_STEPS, WellsResult, wells_dvt
from ..clinical.ottawa import OTTAWA_CRITERIA, OttawaResult, ottawa_knee
from ..clinical.triage import TriageResult, triage
from ..content import load_quiz
from ..content.red_flags import load_red_flags
from ..errors import InputError
from ..quiz import tagged
from ..text import cite, to_html
from .common import feedback_html, guarded

__all__ = [
    "OttawaView",
    "TriageView",
    "WellsView",
    "ottawa_html",
    "parse_age",
    "show_ottawa",
    "show_sorting",
    "show_triage",
    "show_wells",
    "triage_html",
    "wells_html",
]

_LAYOUT = widgets.Layout(border="1px solid #ccc", padding="6px", margin="6px 0")
_WIDE = widgets.Layout(width="auto")


def _sources(refs: Any) -> str:
    return f'<p class="kneelib-source" style="font-size:90%">Sources: {html.escape(cite(refs))}</p>'


def _what_next(text: str) -> str:
    return f'<p class="kneelib-what-next"><strong>What next:</strong> {html.escape(text)}</p>'


# ----------------------------------------------------------------- Wells DVT


def wells_html(result: WellsResult) -> str:
    """Feedback for a Wells result: score, both bands, items that scored, NICE's next steps."""
    items = (
        "".join(f"<li>{html.escape(c.label)} ({c.points:+d})</li>" for c in result.criteria)
        or "<li>No item scored.</li>"
    )
    steps = "".join(f"<li>{html.escape(s.text)}</li>" for s in result.next_steps)
    detail = (
        f"<p>Two-level (NICE): <strong>DVT {result.two_level}</strong> (2 or more = likely). "
        f"Three-level (Wells 1997): <strong>{result.three_level}</strong> probability "
        f"(0 or less low, 1-2 moderate, 3 or more high).</p>"
        f'<p>Items that scored:</p><ul style="margin:2px 0">{items}</ul>'
        + _what_next(result.what_next())
        + f'<details><summary>NICE pathway for "DVT {result.two_level}"</summary><ul>{steps}</ul></details>'
        + _sources(result.references)
    )
    return feedback_html(
        "info", f"Wells score {result.score} points: DVT {result.two_level}.", detail
    )


class WellsView(widgets.VBox):
    """Tick the Wells items, press Score, read the score, bands and next steps."""

    def __init__(self) -> None:
        self.boxes = {
            c.name: widgets.Checkbox(
                value=False, indent=False, layout=_WIDE, description=f"{c.label} ({c.points:+d})"
            )
            for c in WELLS_CRITERIA
        }
        self.button = widgets.Button(description="Score", tooltip="Calculate the Wells DVT score")
        self.feedback = widgets.HTML("")
        self.button.on_click(guarded(self.feedback)(self._on_score))
        title = widgets.HTML(
            "<strong>Wells DVT score</strong> (NICE NG158, table 1): tick what applies."
        )
        super().__init__([title, *self.boxes.values(), self.button, self.feedback], layout=_LAYOUT)

    def _on_score(self, _button: Any = None) -> None:
        result = wells_dvt(**{name: box.value for name, box in self.boxes.items()})
        self.feedback.value = wells_html(result)


@displays(
    lambda: (
        "wells-2003",
        "wells-1997",
        "nice-ng158",
        *refs_in(WELLS_CRITERIA, *WELLS_NEXT_STEPS.values()),
    )
)
def show_wells() -> WellsView:
    """The Wells DVT calculator."""
    return WellsView()


# ---------------------------------------------------------------- Ottawa knee


def parse_age(text: str) -> float:
    """Read an age typed by a student ('62', '62.5', '62,5', '62 years')."""
    cleaned = str(text).strip().lower().replace(",", ".")
    for unit in ("years", "year", "yrs", "y"):
        if cleaned.endswith(unit):
            cleaned = cleaned[: -len(unit)].strip()
            break
    try:
        return float(cleaned)
    except ValueError:
        raise InputError(f"Age: expected a number of years, found '{text}'") from None


def ottawa_html(result: OttawaResult) -> str:
    """Feedback for an Ottawa result: indicated or not, the findings, the rule's limits."""
    reasons = "".join(f"<li>{html.escape(r.label)}</li>" for r in result.reasons)
    found = (
        f'<p>Findings present:</p><ul style="margin:2px 0">{reasons}</ul>'
        if reasons
        else "<p>None of the five findings is present.</p>"
    )
    notes = "".join(f"<p><em>{html.escape(n)}</em></p>" for n in result.notes)
    message = "X-ray indicated." if result.x_ray_indicated else "X-ray not indicated by the rule."
    return feedback_html(
        "info",
        f"Ottawa knee rule: {message}",
        found + _what_next(result.what_next()) + notes + _sources(result.references),
    )


class OttawaView(widgets.VBox):
    """Age and four tick boxes in; X-ray indicated or not, with reasons, out."""

    def __init__(self) -> None:
        self.age = widgets.Text(value="", placeholder="age in years", description="Age:")
        self.boxes = {
            c.name: widgets.Checkbox(value=False, indent=False, layout=_WIDE, description=c.label)
            for c in OTTAWA_CRITERIA
            if c.name != "age_55_or_older"
        }
        self.button = widgets.Button(description="Apply rule", tooltip="Apply the Ottawa knee rule")
        self.feedback = widgets.HTML("")
        self.button.on_click(guarded(self.feedback)(self._on_apply))
        title = widgets.HTML(
            "<strong>Ottawa knee rule</strong> (acute knee injury only): enter the age and tick what applies."
        )
        super().__init__(
            [title, self.age, *self.boxes.values(), self.button, self.feedback], layout=_LAYOUT
        )

    def _on_apply(self, _button: Any = None) -> None:
        result = ottawa_knee(
            parse_age(self.age.value), **{name: box.value for name, box in self.boxes.items()}
        )
        self.feedback.value = ottawa_html(result)


@displays(
    lambda: ("stiell-1995", "stiell-1996", "bulloch-2003", "khine-2001", *refs_in(OTTAWA_CRITERIA))
)
def show_ottawa() -> OttawaView:
    """The Ottawa knee rule calculator."""
    return OttawaView()


# -------------------------------------------------------------------- triage


def triage_html(result: TriageResult) -> str:
    """Feedback for a triage result: level, where to go, every reason with its source."""
    rows = []
    for reason in result.reasons:
        rows.append(
            f"<li><strong>{html.escape(reason.suspect)}</strong> ({html.escape(reason.level)}): "
            f'{to_html(reason.text)} <span class="kneelib-source">(Source: {html.escape(cite(reason.references))})</span></li>'
        )
    status = "alert" if result.red_flag else "info"
    detail = f'<ul style="margin:4px 0">{"".join(rows)}</ul>' + _what_next(result.what_next())
    return feedback_html(status, f"Level: {result.label}.", detail)


class TriageView(widgets.VBox):
    """Tick the findings, press Triage, read the level and the referenced reasons."""

    def __init__(self) -> None:
        data = load_red_flags()
        self.boxes = {
            f.id: widgets.Checkbox(value=False, indent=False, layout=_WIDE, description=f.label)
            for f in data.findings
        }
        self.button = widgets.Button(
            description="Triage", tooltip="Decide how urgently this patient needs care"
        )
        self.feedback = widgets.HTML("")
        self.button.on_click(guarded(self.feedback)(self._on_triage))
        title = widgets.HTML(
            "<strong>Red-flag triage</strong>: tick every finding the patient has (none is allowed)."
        )
        super().__init__([title, *self.boxes.values(), self.button, self.feedback], layout=_LAYOUT)

    def _on_triage(self, _button: Any = None) -> None:
        result = triage({name for name, box in self.boxes.items() if box.value})
        self.feedback.value = triage_html(result)


@displays(lambda: refs_in(load_red_flags()))
def show_triage() -> TriageView:
    """The red-flag triage tool."""
    return TriageView()


# ---------------------------------------------------------- sorting exercise

#: The tag that puts a question of notebook 06's quiz into the sorting exercise.
SORTING_TAG = "sorting"


@displays(lambda: refs_in(load_quiz("06-red-flags")))
def show_sorting() -> widgets.VBox:
    """The sorting exercise: the questions of notebook 06's quiz tagged ``sorting``, shown on their own."""
    from .quiz import QuestionView

    chosen = tagged(load_quiz("06-red-flags"), SORTING_TAG)
    views = [QuestionView(q, n, student_key="sorting") for n, q in enumerate(chosen, start=1)]
    intro = widgets.HTML(
        "<strong>Sorting exercise</strong>: decide how urgently each patient needs care."
    )
    return widgets.VBox([intro, *views])
