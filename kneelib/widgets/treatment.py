"""Views for notebook 08: the NSAID checker and the management-plan builder.

Thin views: inputs in, a call to ``kneelib.clinical.nsaid_check`` or
``kneelib.plans.assess_plan``, and the verdict, every reason and its sources
written into an HTML widget through ``guarded`` (never a traceback). Verdicts
and ratings are shown as a word and a symbol; colour only repeats them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..clinical.nsaid import NsaidResult, nsaid_check, nsaid_fields
from ..content.management import load_management
from ..content.nsaid import load_nsaid_rules
from ..plans import (
    PlanAssessment,
    RatedOption,
    assess_plan,
    diagnoses,
    patient_facts,
    plan_options,
    rate_options,
)
from ..text import cite, to_html
from .common import feedback_html, guarded

__all__ = [
    "RATING_WORDS",
    "VERDICT_WORDS",
    "NsaidCheckerView",
    "PlanBuilderView",
    "nsaid_html",
    "plan_html",
    "ratings_html",
    "show_nsaid_checker",
    "show_plan_builder",
]

_BOX = widgets.Layout(border="1px solid #ccc", padding="6px", margin="6px 0")
_WIDE = widgets.Layout(width="auto")
_LABEL = {"description_width": "initial"}

#: verdict -> (symbol, words, border colour)
VERDICT_WORDS: dict[str, tuple[str, str, str]] = {
    "reasonable": ("✔", "Reasonable", "#1b7a34"),
    "caution": ("⚠", "Caution", "#8a5a00"),
    "avoid": ("✘", "Avoid", "#b3261e"),
}
#: rating -> (symbol, words)
RATING_WORDS: dict[str, tuple[str, str]] = {
    "first-line": ("✔", "First-line"),
    "needs-information": ("?", "Needs more information"),
    "not-indicated": ("–", "Not indicated"),
    "harmful": ("✘", "Harmful"),
}
_PLAN_STATUS = {
    "complete": "correct",
    "incomplete": "partial",
    "unsafe": "incorrect",
    "empty": "info",
}


def _sources(refs: Any) -> str:
    refs = tuple(refs)
    return (
        f' <span class="kneelib-source">(Source: {html.escape(cite(refs))})</span>' if refs else ""
    )


# ------------------------------------------------------------------ NSAID checker


def nsaid_html(result: NsaidResult) -> str:
    """The checker's answer: the verdict in words and a symbol, every reason with its source, the dose advice."""
    symbol, word, colour = VERDICT_WORDS[result.verdict]
    reasons = "".join(
        f'<li><strong><span aria-hidden="true">{VERDICT_WORDS[f.verdict][0]}</span> {VERDICT_WORDS[f.verdict][1]}:</strong> '
        f"{to_html(f.reason)}{_sources(f.references)}</li>"
        for f in result.findings
    )
    body = (
        f'<ul style="margin:4px 0">{reasons}</ul>'
        if reasons
        else f"<p>{to_html(result.summary)}{_sources(result.summary_references)}</p>"
    )
    summary = f"<p>{html.escape(result.summary)}</p>" if result.findings else ""
    return (
        f'<div class="kneelib-feedback kneelib-nsaid-{result.verdict}" role="status" aria-live="polite" '
        f'style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0;color:#1a1a1a;background:#ffffff">'
        f'<strong><span aria-hidden="true">{symbol}</span> {word}:</strong> an oral NSAID for this patient'
        f"{summary}{body}<p><em>Always:</em> {to_html(result.advice)}{_sources(result.advice_references)}</p></div>"
    )


class NsaidCheckerView(widgets.VBox):
    """A patient history form; "Check" shows whether an NSAID is reasonable, needs caution or should be avoided."""

    def __init__(self) -> None:
        self.inputs: dict[str, widgets.Widget] = {}
        rows: list[widgets.Widget] = []
        for f in nsaid_fields():
            if f.kind == "integer":
                w = widgets.BoundedIntText(
                    value=50, min=f.minimum, max=f.maximum, description=f.label, style=_LABEL
                )
            elif f.kind == "choice":
                w = widgets.Dropdown(
                    options=[(label, value) for value, label in f.values],
                    value=f.default,
                    description=f.label,
                    style=_LABEL,
                    layout=_WIDE,
                )
            elif f.kind == "flag":
                w = widgets.Checkbox(value=False, description=f.label, indent=False, layout=_WIDE)
            elif f.kind == "optional-integer":
                self.pregnant = widgets.Checkbox(value=False, description="Pregnant", indent=False)
                w = widgets.BoundedIntText(
                    value=12,
                    min=f.minimum,
                    max=f.maximum,
                    description="weeks:",
                    style=_LABEL,
                    layout=widgets.Layout(width="10em"),
                )
                rows.append(widgets.HBox([self.pregnant, w]))
                self.inputs[f.name] = w
                continue
            else:  # set
                self.medicines = {
                    value: widgets.Checkbox(
                        value=False, description=label, indent=False, layout=_WIDE
                    )
                    for value, label in f.values
                }
                rows.append(
                    widgets.HTML(
                        f"<strong>{html.escape(f.label)}</strong> (tick all that are taken):"
                    )
                )
                rows.append(widgets.VBox(list(self.medicines.values())))
                continue
            self.inputs[f.name] = w
            rows.append(w)
        self.check = widgets.Button(
            description="Check", tooltip="Check whether an NSAID suits this patient"
        )
        self.feedback = widgets.HTML("")
        self.check.on_click(guarded(self.feedback)(self._on_check))
        header = widgets.HTML(
            "<strong>NSAID checker</strong>: fill in the patient's history, then press Check."
        )
        super().__init__([header, *rows, self.check, self.feedback], layout=_BOX)

    def history(self) -> dict[str, Any]:
        """The form's answers in the form ``nsaid_check`` expects."""
        answers: dict[str, Any] = {}
        for name, w in self.inputs.items():
            if name == "pregnancy_weeks":
                answers[name] = w.value if self.pregnant.value else None
            else:
                answers[name] = w.value
        answers["medicines"] = [m for m, box in self.medicines.items() if box.value]
        return answers

    def result(self) -> NsaidResult:
        """Run the checker on the form's answers."""
        return nsaid_check(self.history())

    def _on_check(self, _button: Any = None) -> None:
        self.feedback.value = nsaid_html(self.result())


@displays(lambda: refs_in(load_nsaid_rules()))
def show_nsaid_checker() -> NsaidCheckerView:
    """The NSAID checker for notebook 08."""
    return NsaidCheckerView()


# ------------------------------------------------------------------ plan builder


def _rated_li(r: RatedOption) -> str:
    symbol, word = RATING_WORDS[r.rating]
    extra = ""
    if r.nsaid is not None and r.nsaid.findings:
        extra = (
            "<ul>"
            + "".join(
                f"<li>NSAID check, {VERDICT_WORDS[f.verdict][1].lower()}: {to_html(f.reason)}{_sources(f.references)}</li>"
                for f in r.nsaid.findings
            )
            + "</ul>"
        )
    return (
        f'<li><strong><span aria-hidden="true">{symbol}</span> {word}:</strong> {html.escape(r.text)}. '
        f"{to_html(r.reason)}{_sources(r.references)}{extra}</li>"
    )


def plan_html(assessment: PlanAssessment) -> str:
    """Feedback on a plan: the status line, each choice's rating and reason, then what is missing."""
    parts = []
    if assessment.choices:
        parts.append(
            "<p><strong>Your choices</strong></p><ul style='margin:4px 0'>"
            + "".join(_rated_li(r) for r in assessment.choices)
            + "</ul>"
        )
    if assessment.missing:
        parts.append(
            "<p><strong>Missing first-line options</strong></p><ul style='margin:4px 0'>"
            + "".join(_rated_li(r) for r in assessment.missing)
            + "</ul>"
        )
    return feedback_html(_PLAN_STATUS[assessment.status], assessment.message, "".join(parts))


def ratings_html(rated: tuple[RatedOption, ...], name: str) -> str:
    """Every option's rating for a diagnosis, best first (the model answer)."""
    order = ("first-line", "needs-information", "not-indicated", "harmful")
    rows = sorted(rated, key=lambda r: order.index(r.rating))
    items = "".join(_rated_li(r) for r in rows)
    return feedback_html(
        "info", f"Every option for {name}, best first.", f"<ul style='margin:4px 0'>{items}</ul>"
    )


class PlanBuilderView(widgets.VBox):
    """Pick a diagnosis, tick the patient's facts and the plan's options; "Check my plan" rates each choice."""

    def __init__(
        self, nsaid_view: NsaidCheckerView | None = None, diagnosis: str | None = None
    ) -> None:
        self.nsaid_view = nsaid_view
        choices = list(diagnoses())
        self.diagnosis = widgets.Dropdown(
            options=[(name, did) for did, name in choices],
            value=diagnosis if diagnosis is not None else choices[0][0],
            description="Diagnosis:",
            style=_LABEL,
            layout=_WIDE,
        )
        self.facts = {
            fid: widgets.Checkbox(value=False, description=text, indent=False, layout=_WIDE)
            for fid, text in patient_facts()
        }
        self.use_nsaid = widgets.Checkbox(
            value=nsaid_view is not None,
            indent=False,
            layout=_WIDE,
            disabled=nsaid_view is None,
            description="Use the NSAID checker's patient history"
            if nsaid_view is not None
            else "No NSAID checker linked: oral NSAIDs will need more information",
        )
        groups = {
            "immediate": "Immediate relief",
            "long-term": "Long-term care",
            "urgent": "Urgent",
        }
        self.options = {
            oid: widgets.Checkbox(value=False, description=text, indent=False, layout=_WIDE)
            for oid, text, _ in plan_options()
        }
        option_rows: list[widgets.Widget] = []
        for key, title in groups.items():
            option_rows.append(widgets.HTML(f"<strong>{title}</strong>"))
            option_rows.extend(
                self.options[oid] for oid, _, group in plan_options() if group == key
            )
        self.check = widgets.Button(
            description="Check my plan", tooltip="Rate each choice for this diagnosis and patient"
        )
        self.reveal = widgets.Button(
            description="Show every rating", tooltip="Show how every option is rated (model answer)"
        )
        self.feedback = widgets.HTML("")
        self.check.on_click(guarded(self.feedback)(self._on_check))
        self.reveal.on_click(guarded(self.feedback)(self._on_reveal))
        super().__init__(
            [
                widgets.HTML(
                    "<strong>Management-plan builder</strong>: choose the diagnosis, tick what you know about "
                    "the patient and the options you would use, then check the plan."
                ),
                self.diagnosis,
                widgets.HTML("<em>About the patient:</em>"),
                *self.facts.values(),
                self.use_nsaid,
                widgets.HTML("<em>Your plan:</em>"),
                *option_rows,
                widgets.HBox([self.check, self.reveal]),
                self.feedback,
            ],
            layout=_BOX,
        )

    def _patient(self) -> tuple[list[str], Mapping[str, Any] | None]:
        facts = [f for f, box in self.facts.items() if box.value]
        history = (
            self.nsaid_view.history()
            if (self.nsaid_view is not None and self.use_nsaid.value)
            else None
        )
        return facts, history

    def assessment(self) -> PlanAssessment:
        """Assess the ticked plan for the chosen diagnosis and patient."""
        facts, history = self._patient()
        chosen = [o for o, box in self.options.items() if box.value]
        return assess_plan(self.diagnosis.value, chosen, facts, history)

    def _on_check(self, _button: Any = None) -> None:
        self.feedback.value = plan_html(self.assessment())

    def _on_reveal(self, _button: Any = None) -> None:
        facts, history = self._patient()
        name = dict(diagnoses())[self.diagnosis.value]
        self.feedback.value = ratings_html(rate_options(self.diagnosis.value, facts, history), name)


@displays(lambda nsaid_view=None, diagnosis=None: refs_in(load_management(), load_nsaid_rules()))
def show_plan_builder(
    nsaid_view: NsaidCheckerView | None = None, diagnosis: str | None = None
) -> PlanBuilderView:
    """The management-plan builder; pass the NSAID checker to rate oral NSAIDs for its patient."""
    return PlanBuilderView(nsaid_view, diagnosis)
