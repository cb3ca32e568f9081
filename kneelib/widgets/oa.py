"""Views for knee osteoarthritis: the ACR criteria checker, NICE's clinical diagnosis and the KL grades.

Thin: the logic is in ``kneelib.clinical.oa`` and ``kneelib.figures.oa``;
these views only read widget values, call it, and write the answer into an
HTML widget's value.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..clinical.oa import (
    ACR_CRITERIA,
    ACR_REFERENCES,
    ACR_SETS,
    NICE_CRITERIA,
    NICE_REFERENCES,
    AcrResult,
    NiceOaResult,
    acr_knee_oa,
    nice_oa_clinical,
)
from ..content.kl_grades import load_kl_grades
from ..figures.common import to_png
from ..figures.oa import kl_grades_figure
from ..text import cite, to_html
from .common import FigureImage, feedback_html, guarded

__all__ = [
    "AcrCheckerView",
    "KlGradesView",
    "NiceCheckerView",
    "acr_result_html",
    "nice_result_html",
    "show_acr_checker",
    "show_kl_grades",
    "show_nice_checker",
]

_WIDE = {"description_width": "initial"}


def _criteria_list(rows: list[tuple[bool, str]]) -> str:
    items = []
    for ok, label in rows:
        symbol, word = ("✔", "met") if ok else ("✘", "not met")
        items.append(
            f'<li><span aria-hidden="true">{symbol}</span> {html.escape(label)}: <strong>{word}</strong></li>'
        )
    return f'<ul style="margin:4px 0;list-style:none;padding-left:8px">{"".join(items)}</ul>'


def acr_result_html(result: AcrResult) -> str:
    """The checker's answer: summary sentence, each criterion met or not, and the source."""
    chosen = ACR_SETS[result.criteria_set]
    rows = [(result.knee_pain, "Knee pain (required)")]
    if chosen.needs_osteophytes:
        rows.append((bool(result.osteophytes), "Osteophytes on the radiograph (required)"))
    rows += [(c in result.met, ACR_CRITERIA[c].label) for c in chosen.counted]
    detail = (
        f"<p style='margin:4px 0'>Counted criteria met: <strong>{result.count} of {len(chosen.counted)}</strong> "
        f"(at least {result.needed} needed).</p>"
        + _criteria_list(rows)
        + "<p style='margin:4px 0;font-size:90%'>Classification criteria describe groups of patients for research; "
        "they do not diagnose an individual. "
        f"Source: {html.escape(cite(result.references))}.</p>"
    )
    return feedback_html("info", result.summary(), detail)


def nice_result_html(result: NiceOaResult) -> str:
    """NICE's answer: summary sentence, each of the three features present or not, and the source."""
    rows = [(c in result.met, NICE_CRITERIA[c]) for c in NICE_CRITERIA]
    detail = (
        _criteria_list(rows)
        + f"<p style='margin:4px 0;font-size:90%'>Source: {html.escape(cite(result.references))}.</p>"
    )
    return feedback_html("info", result.summary(), detail)


class AcrCheckerView(widgets.VBox):
    """Tick boxes and numbers for the ACR 1986 knee OA criteria; the result appears below the button."""

    def __init__(self, criteria_set: str = "clinical"):
        if criteria_set not in ACR_SETS:
            raise ValueError(
                f"show_acr_checker: criteria_set: expected one of {sorted(ACR_SETS)}, found {criteria_set!r}"
            )
        self.criteria_set = widgets.Dropdown(
            options=[
                (f"{s.name} (sensitivity {s.sensitivity}%, specificity {s.specificity}%)", s.id)
                for s in ACR_SETS.values()
            ],
            value=criteria_set,
            description="Criteria set:",
            style=_WIDE,
            layout=widgets.Layout(width="auto"),
        )
        self.knee_pain = widgets.Checkbox(value=True, description="Knee pain", indent=False)
        self.age = widgets.IntText(value=55, description="Age (years):", style=_WIDE)
        self.stiffness = widgets.IntText(
            value=10, description="Morning stiffness (minutes, 0 if none):", style=_WIDE
        )
        self.crepitus = widgets.Checkbox(
            value=False, description="Crepitus on active motion", indent=False
        )
        self.bony_tenderness = widgets.Checkbox(
            value=False, description="Bony tenderness", indent=False
        )
        self.bony_enlargement = widgets.Checkbox(
            value=False, description="Bony enlargement", indent=False
        )
        self.palpable_warmth = widgets.Checkbox(
            value=False, description="Warmth felt over the knee", indent=False
        )
        self.osteophytes = widgets.Checkbox(
            value=False, description="Osteophytes on the radiograph", indent=False
        )
        self.esr = widgets.FloatText(value=10.0, description="ESR (mm/h):", style=_WIDE)
        self.rf_titre = widgets.IntText(
            value=20, description="Rheumatoid factor titre 1:", style=_WIDE
        )
        self.synovial_fluid = widgets.Checkbox(
            value=False,
            description="Synovial fluid: clear, viscous or white cells under 2000/mm3",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.check = widgets.Button(
            description="Check criteria", tooltip="Apply the chosen ACR criteria set"
        )
        self.result = widgets.HTML("")
        self.radiographic_box = widgets.VBox(
            [widgets.HTML("<em>Radiograph</em>"), self.osteophytes]
        )
        self.laboratory_box = widgets.VBox(
            [widgets.HTML("<em>Laboratory</em>"), self.esr, self.rf_titre, self.synovial_fluid]
        )
        self.check.on_click(guarded(self.result)(self._on_check))
        self.criteria_set.observe(guarded(self.result)(self._on_set), names="value")
        self._show_boxes()
        super().__init__(
            [
                self.criteria_set,
                widgets.HTML("<em>History and examination</em>"),
                self.knee_pain,
                self.age,
                self.stiffness,
                self.crepitus,
                self.bony_tenderness,
                self.bony_enlargement,
                self.palpable_warmth,
                self.radiographic_box,
                self.laboratory_box,
                self.check,
                self.result,
            ],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px"),
        )

    def _show_boxes(self) -> None:
        chosen = self.criteria_set.value
        self.radiographic_box.layout.display = None if chosen == "clinical-radiographic" else "none"
        self.laboratory_box.layout.display = None if chosen == "clinical-laboratory" else "none"

    def _on_set(self, change: dict) -> None:
        self._show_boxes()
        self.result.value = ""

    def evaluate(self) -> AcrResult:
        """Apply the chosen set to the current entries."""
        chosen = self.criteria_set.value
        lab = chosen == "clinical-laboratory"
        return acr_knee_oa(
            knee_pain=self.knee_pain.value,
            age=self.age.value,
            morning_stiffness_minutes=self.stiffness.value,
            crepitus=self.crepitus.value,
            bony_tenderness=self.bony_tenderness.value,
            bony_enlargement=self.bony_enlargement.value,
            palpable_warmth=self.palpable_warmth.value,
            criteria_set=chosen,
            osteophytes=self.osteophytes.value if chosen == "clinical-radiographic" else None,
            esr_mm_h=self.esr.value if lab else None,
            rf_titre=self.rf_titre.value if lab else None,
            synovial_fluid_oa=self.synovial_fluid.value if lab else None,
        )

    def _on_check(self, _button: object = None) -> None:
        self.result.value = acr_result_html(self.evaluate())


@displays(lambda criteria_set="clinical": ACR_REFERENCES)
def show_acr_checker(criteria_set: str = "clinical") -> AcrCheckerView:
    """The interactive ACR 1986 knee OA criteria checker (clinical, clinical-radiographic or clinical-laboratory)."""
    return AcrCheckerView(criteria_set)


class NiceCheckerView(widgets.VBox):
    """NICE NG226's clinical diagnosis of osteoarthritis: three entries and a check button."""

    def __init__(self):
        self.age = widgets.IntText(value=50, description="Age (years):", style=_WIDE)
        self.activity_pain = widgets.Checkbox(
            value=True, description="Joint pain related to activity", indent=False
        )
        self.stiffness = widgets.IntText(
            value=10, description="Morning stiffness (minutes, 0 if none):", style=_WIDE
        )
        self.check = widgets.Button(description="Check NICE criteria")
        self.result = widgets.HTML("")
        self.check.on_click(guarded(self.result)(self._on_check))
        super().__init__(
            [self.age, self.activity_pain, self.stiffness, self.check, self.result],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px"),
        )

    def _on_check(self, _button: object = None) -> None:
        result = nice_oa_clinical(
            age=self.age.value,
            activity_related_joint_pain=self.activity_pain.value,
            morning_stiffness_minutes=self.stiffness.value,
        )
        self.result.value = nice_result_html(result)


@displays(lambda: NICE_REFERENCES)
def show_nice_checker() -> NiceCheckerView:
    """NICE NG226 clinical diagnosis of osteoarthritis as a small form."""
    return NiceCheckerView()


class KlGradesView(widgets.VBox):
    """A slider over Kellgren-Lawrence grades 0-4: the schematic and the definition of the chosen grade."""

    def __init__(self, grade: int = 0):
        self.scale = load_kl_grades()
        # Buttons rather than a slider: each grade is a labelled, keyboard-reachable control.
        self.slider = widgets.ToggleButtons(
            options=[(str(g), g) for g in range(5)],
            value=grade,
            description="KL grade:",
            style=_WIDE,
            tooltips=[f"Kellgren-Lawrence grade {g}" for g in range(5)],
        )
        self.image = FigureImage(max_width="420px")
        self.definition = widgets.HTML("")
        self.slider.observe(guarded(self.definition)(self._on_grade), names="value")
        self._draw(grade)
        super().__init__([self.slider, self.image, self.definition])

    def _draw(self, grade: int) -> None:
        record = next(g for g in self.scale.grades if g.grade == grade)
        self.image.show(
            to_png(kl_grades_figure(self.scale, [grade])),
            f"Schematic knee X-ray for Kellgren-Lawrence grade {grade}; the definition is in the text below.",
        )
        self.definition.value = (
            f"<p><strong>Grade {record.grade} ({html.escape(record.name)}):</strong> {to_html(record.definition)} "
            f"<span style='font-size:90%'>(Source: {html.escape(cite(self.scale.references))})</span></p>"
        )

    def _on_grade(self, change: dict) -> None:
        self._draw(change["new"])


@displays(lambda grade=0: refs_in(load_kl_grades()))
def show_kl_grades(grade: int = 0) -> KlGradesView:
    """Step through the Kellgren-Lawrence grades with a slider."""
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 4:
        raise ValueError(
            f"show_kl_grades: grade: expected a whole number from 0 to 4, found {grade!r}"
        )
    return KlGradesView(grade)
