"""The case view: play a branching virtual patient inside a notebook.

Thin on purpose: every decision is made by the pure engine in
``kneelib.cases``; this module only builds widgets, passes the student's choice
to ``next_step`` and writes what happened into HTML widgets. Keyboard
operable: the choices are a RadioButtons group (arrow keys) confirmed with a
button (Tab, Enter).
"""

from __future__ import annotations

import html
import uuid
from typing import Any

import ipywidgets as widgets

from ..cases import (
    CaseState,
    PlaySummary,
    available_choices,
    debrief,
    debrief_lines,
    next_step,
    start_case,
)
from ..citing import displays, refs_in
from ..content.base import ContentError
from ..content.cases import Case, load_case
from ..progress import ProgressStore
from ..text import cite, to_html
from .common import feedback_html, guarded

__all__ = ["OUTCOME_LABELS", "CaseView", "show_case"]

#: outcome -> (symbol, words). Meaning is carried by the words, never by colour.
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "best": ("✔", "Best outcome"),
    "acceptable": ("◐", "Acceptable outcome"),
    "poor": ("✘", "Poor outcome"),
    "harmful": ("⚠", "Harmful outcome"),
}


def _cite(refs: Any) -> str:
    refs = tuple(refs)
    if not refs:
        return ""
    try:
        label = cite(refs)
    except ContentError:
        label = "; ".join(refs)
    return f' <span class="kneelib-cite">({html.escape(label)})</span>'


class CaseView(widgets.VBox):
    """One playable case: story so far, choices open now, findings, counters, restart and debrief."""

    def __init__(self, case: Case, store: ProgressStore | None = None):
        self.case = case
        self._store = store
        self.state: CaseState = start_case(case)
        #: One play of the case (a restart starts another); saved with each choice and the ending.
        self.session = uuid.uuid4().hex
        self.header = widgets.HTML(self._header_html())
        self.story = widgets.HTML()
        self.findings = widgets.HTML()
        self.counters = widgets.HTML()
        self.step = widgets.HTML()
        self.choices = widgets.RadioButtons(
            options=[], value=None, layout=widgets.Layout(width="auto")
        )
        self.choices.style = {"description_width": "0px"}
        self.choose_button = widgets.Button(
            description="Choose", button_style="primary", tooltip="Make the selected choice"
        )
        self.restart_button = widgets.Button(
            description="Restart case", tooltip="Start this case again from the beginning"
        )
        self.feedback = widgets.HTML()
        self.debrief = widgets.HTML()
        self.status = widgets.HTML()
        self.choose_button.on_click(guarded(self.feedback)(self._on_choose))
        self.restart_button.on_click(guarded(self.feedback)(self._on_restart))
        super().__init__(
            [
                self.header,
                self.story,
                self.step,
                self.choices,
                widgets.HBox([self.choose_button, self.restart_button]),
                self.feedback,
                self.findings,
                self.counters,
                self.debrief,
                self.status,
            ]
        )
        self.add_class("kneelib-case")
        self._render()

    # ----------------------------------------------------------- actions
    @property
    def store(self) -> ProgressStore:
        """The progress store (opened on first use)."""
        if self._store is None:
            self._store = ProgressStore.default()
            if self._store.notice:
                self.status.value = feedback_html("warning", self._store.notice)
        return self._store

    def choose(self, choice_id: str) -> None:
        """Make a choice by id (what the Choose button does with the selected option)."""
        self.state = next_step(self.case, self.state, choice_id)
        self.feedback.value = ""
        self._record_choice(choice_id)
        if self.state.finished:
            self._record()
        self._render()

    def restart(self) -> None:
        """Start the case again from the beginning."""
        self.state = start_case(self.case)
        self.session = uuid.uuid4().hex
        self.feedback.value = feedback_html(
            "info", "The case has started again from the beginning."
        )
        self.status.value = ""
        self._render()

    def _on_choose(self, _button: Any = None) -> None:
        if self.state.finished:
            self.feedback.value = feedback_html(
                "info",
                "This case has ended. Read the debrief, or press Restart case to play again.",
            )
            return
        if self.choices.value is None:
            self.feedback.value = feedback_html(
                "warning", "Select one of the choices first, then press Choose."
            )
            return
        self.choose(self.choices.value)

    def _on_restart(self, _button: Any = None) -> None:
        self.restart()

    def _record_choice(self, choice_id: str) -> None:
        try:
            self.store.record_case_choice(
                self.case.id, choice_id, topic=self.case.topic or "", session=self.session
            )
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            self.status.value = feedback_html(
                "warning", f"Your choice is shown but could not be saved ({reason})."
            )

    def _record(self) -> None:
        try:
            self.store.record_case(
                self.case.id,
                self.state.ending_id or "",
                self.state.counter_values,
                topic=self.case.topic or "",
                session=self.session,
            )
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            self.status.value = feedback_html(
                "warning", f"Your result is shown but could not be saved ({reason})."
            )
        else:
            self.status.value = feedback_html(
                "info", "Your result has been saved to your progress."
            )

    # ---------------------------------------------------------- rendering
    def _header_html(self) -> str:
        c = self.case
        return (
            f"<h3>{to_html(c.title)}</h3>"
            f"<p><strong>Patient:</strong> {to_html(c.patient)}</p>"
            f"<p>{to_html(c.intro)}</p>"
        )

    def _render(self) -> None:
        self.story.value = self._story_html()
        self.findings.value = self._findings_html()
        self.counters.value = self._counters_html()
        if self.state.finished:
            self.step.value = ""
            self.choices.options = []
            self.choices.value = None
            self.choices.disabled = True
            self.choose_button.disabled = True
            self.debrief.value = self._debrief_html()
        else:
            step = self.case.step(self.state.step_id or "")
            commit = (
                '<p class="kneelib-case-diagnosis">Commit to one working diagnosis; '
                "the debrief grades it.</p>"
                if step.kind == "diagnosis"
                else ""
            )
            self.step.value = (
                f'<div class="kneelib-case-step"><h4>{to_html(step.title)}</h4>'
                f"<p>{to_html(step.text)}</p>{commit}"
                f"<p><strong>{to_html(step.prompt)}</strong></p></div>"
            )
            self.choices.options = [
                (c.text, c.id) for c in available_choices(self.case, self.state)
            ]
            self.choices.value = None
            self.choices.disabled = False
            self.choose_button.disabled = False
            self.debrief.value = ""

    def _story_html(self) -> str:
        if not self.state.events:
            return ""
        items = []
        for event in self.state.events:
            refs = self.case.choice(event.choice_id).references
            text = f"<strong>You:</strong> {to_html(event.choice_text)}<br>{to_html(event.feedback)}{_cite(refs)}"
            if event.note:
                text += f"<br><em>{to_html(event.note)}</em>"
            items.append(f"<li>{text}</li>")
        return (
            '<div class="kneelib-case-story"><h4>Story so far</h4><ol>'
            + "".join(items)
            + "</ol></div>"
        )

    def _findings_html(self) -> str:
        if not self.state.revealed:
            return '<div class="kneelib-case-findings"><h4>Findings</h4><p>None yet.</p></div>'
        items = []
        for fid in self.state.revealed:
            finding = self.case.finding(fid)
            items.append(f"<li>{to_html(finding.text)}{_cite(finding.references)}</li>")
        return (
            '<div class="kneelib-case-findings"><h4>Findings</h4><ul>'
            + "".join(items)
            + "</ul></div>"
        )

    def _counters_html(self) -> str:
        parts = []
        for counter in self.case.counters:
            value = self.state.counter(counter.id)
            unit = f" {html.escape(counter.unit)}" if counter.unit else ""
            parts.append(f"{html.escape(counter.label)}: <strong>{value}</strong>{unit}")
        return '<div class="kneelib-case-counters">' + " · ".join(parts) + "</div>" if parts else ""

    def _debrief_html(self) -> str:
        report = debrief(self.case, self.state)
        symbol, words = OUTCOME_LABELS[report.ending.outcome]
        out = [
            '<div class="kneelib-case-debrief" role="status" aria-live="polite">',
            f"<h4>Debrief: {to_html(report.ending.title)}</h4>",
            f'<p><strong><span aria-hidden="true">{symbol}</span> {words}.</strong> {to_html(report.ending.text)}</p>',
        ]
        sections = debrief_lines(report)
        sections.pop("Outcome")
        out.append(f"<p>{to_html(report.ending.debrief.summary)}</p>")
        compare = sections.pop("Your play beside the best play", None)
        for title, lines in sections.items():
            if title == "Working diagnosis":
                out.append(
                    f'<h5>{html.escape(title)}</h5><p class="kneelib-case-dx-grade">'
                    f"{to_html(lines[0])}</p>"
                )
                continue
            if title == "Teaching points":
                items = [
                    f"<li>{to_html(tp.text)}{_cite(tp.references)}</li>"
                    for tp in report.teaching_points
                ]
            else:
                items = [f"<li>{to_html(line)}</li>" for line in lines]
            out.append(f"<h5>{html.escape(title)}</h5><ul>{''.join(items)}</ul>")
        if compare is not None and report.path is not None and report.best_path is not None:
            out.append(_comparison_html(report.path, report.best_path))
        out.append(
            "<p>Time and cost are teaching units for comparing choices, not real durations or prices.</p>"
        )
        out.append(f"<p><strong>Sources:</strong>{_cite(report.references)}</p>")
        out.append("</div>")
        return "".join(out)


def _comparison_html(yours: PlaySummary, best: PlaySummary) -> str:
    """The student's play and the best play side by side, as a table with a caption."""

    def choices(summary: PlaySummary) -> str:
        return "<ol>" + "".join(f"<li>{to_html(c)}</li>" for c in summary.choices) + "</ol>"

    def flags(summary: PlaySummary) -> str:
        parts = [f"✓ {to_html(t)}" for t in summary.excluded]
        parts += [f"✗ not excluded: {to_html(t)}" for t in summary.not_excluded]
        return "<br>".join(parts) or "none in this case"

    rows = [("Choices", choices(yours), choices(best))]
    for (label, value, unit), (_, target, _) in zip(yours.counters, best.counters, strict=True):
        suffix = f" {html.escape(unit)}" if unit else ""
        rows.append((html.escape(label), f"{value}{suffix}", f"{target}{suffix}"))
    rows.append(("Red flags", flags(yours), flags(best)))
    rows.append(
        (
            "Ending",
            f"{to_html(yours.ending)} ({yours.outcome})",
            f"{to_html(best.ending)} ({best.outcome})",
        )
    )
    body = "".join(
        f'<tr><th scope="row">{label}</th><td>{mine}</td><td>{theirs}</td></tr>'
        for label, mine, theirs in rows
    )
    return (
        '<table class="kneelib-case-compare"><caption>Your play beside the best play</caption>'
        '<thead><tr><th scope="col"></th><th scope="col">Your play</th>'
        f'<th scope="col">Best play</th></tr></thead><tbody>{body}</tbody></table>'
    )


@displays(lambda case_id, store=None: refs_in(load_case(case_id)))
def show_case(case_id: str, store: ProgressStore | None = None) -> widgets.Widget:
    """Show the case ``data/cases/<case_id>.yaml`` as a playable view (a message instead if it cannot load)."""
    try:
        case = load_case(case_id)
    except (ContentError, TypeError) as exc:
        return widgets.HTML(feedback_html("error", f"This case cannot be shown: {exc}"))
    return CaseView(case, store=store)
