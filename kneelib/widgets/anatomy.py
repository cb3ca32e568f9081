"""Views for notebook 01: the popliteal fossa explorer, the gait slider, the causes list.

Thin views: they build ipywidgets, call ``kneelib.anatomy`` and the figure
functions, and write results into ``HTML``/``Image`` widget values. Every
callback is wrapped with ``guarded`` so a student never sees a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from .. import anatomy
from ..citing import displays, refs_in
from ..content.anatomy import (
    GaitCurve,
    GaitPhaseFile,
    Structure,
    load_gait_curve,
    load_gait_phases,
    load_structures,
)
from ..figures.anatomy import LAYER_STYLES, gait_curve_figure, posterior_knee_figure
from ..figures.common import to_png
from ..identify import start_identify
from ..text import cite, to_html
from .common import FigureImage, feedback_html, guarded


def _fossa_alt(layers: Sequence[str], chosen: Structure | None) -> str:
    """Alternative text for the schematic of the posterior knee."""
    shown = ", ".join(layers) if layers else "no layers"
    focus = f", with the {chosen.name} highlighted" if chosen is not None else ""
    return f"Labelled schematic of the back of the right knee showing {shown}{focus}."


__all__ = [
    "CausesView",
    "FossaExplorer",
    "GaitExplorer",
    "IdentifyExercise",
    "show_causes",
    "show_fossa",
    "show_gait",
    "show_identify",
]

NO_HIGHLIGHT = "(none)"
EFFECT_WORDS: dict[str, tuple[str, str]] = {
    "compressed": ("⬇", "compressed"),
    "active": ("⚡", "working (muscle active)"),
    "tensioned": ("↔", "under tension"),
    "opened": ("◌", "opened"),
    "unloaded": ("○", "unloaded"),
}


def _source(refs: Sequence[str]) -> str:
    return (
        f'<span class="kneelib-source" style="font-size:90%">(Source: {html.escape(cite(refs))})</span>'
        if refs
        else ""
    )


def structure_html(s: Structure) -> str:
    """The description card of one structure: name, layer, description, relevance, sources."""
    where = f" ({html.escape(s.region)})" if s.region else ""
    depth = f"; depth {s.depth} of the central bundle (1 = most superficial)" if s.depth else ""
    return (
        f'<div class="kneelib-structure" style="border:1px solid #ccc;padding:6px 10px;margin:4px 0">'
        f"<p><strong>{html.escape(s.name)}</strong>: layer <em>{html.escape(s.layer)}</em>{where}{html.escape(depth)}</p>"
        f"<p>{to_html(s.description)}</p>"
        f"<p><strong>Why it matters for pain behind the knee:</strong> {to_html(s.relevance)}</p>"
        f"<p>{_source(s.references)}</p></div>"
    )


class FossaExplorer(widgets.VBox):
    """Show or hide layers of the posterior-knee schematic and highlight one structure."""

    def __init__(self, structures: Sequence[Structure] | None = None):
        self.structures = tuple(structures) if structures is not None else load_structures()
        self.feedback = widgets.HTML("")
        self.layer_boxes = {
            layer: widgets.Checkbox(
                value=True,
                description=style["title"],
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            for layer, style in LAYER_STYLES.items()
        }
        self.highlight = widgets.Dropdown(
            options=[NO_HIGHLIGHT] + [s.name for s in self.structures],
            value=NO_HIGHLIGHT,
            description="Highlight:",
            layout=widgets.Layout(width="28em"),
        )
        self.image = FigureImage(max_width="820px")
        self.info = widgets.HTML("")
        self._cache: dict[tuple[tuple[str, ...], str | None], bytes] = {}
        refresh = guarded(self.feedback)(self._refresh)
        for box in self.layer_boxes.values():
            box.observe(refresh, names="value")
        self.highlight.observe(refresh, names="value")
        controls = widgets.HBox(
            [widgets.HTML("<strong>Layers:</strong>")] + list(self.layer_boxes.values()),
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        super().__init__([controls, self.highlight, self.image, self.info, self.feedback])
        refresh()

    def visible_layers(self) -> tuple[str, ...]:
        """The layers whose box is ticked, in drawing order."""
        return tuple(layer for layer, box in self.layer_boxes.items() if box.value)

    def _refresh(self, _change: Any = None) -> None:
        self.feedback.value = ""
        chosen = (
            None
            if self.highlight.value in (None, NO_HIGHLIGHT)
            else anatomy.get_structure(self.highlight.value, self.structures)
        )
        key = (self.visible_layers(), chosen.id if chosen else None)
        if key not in self._cache:
            fig = posterior_knee_figure(self.structures, visible_layers=key[0], highlight=key[1])
            self._cache[key] = to_png(fig, dpi=90)
        self.image.show(self._cache[key], _fossa_alt(key[0], chosen))
        if chosen is None:
            self.info.value = feedback_html(
                "info",
                "Choose a structure in the Highlight list to see what it is and why it matters.",
            )
        else:
            hidden = (
                ""
                if chosen.layer in key[0]
                else (
                    f"<p><em>Its layer ({html.escape(chosen.layer)}) is hidden; it is drawn anyway because it is highlighted.</em></p>"
                )
            )
            self.info.value = structure_html(chosen) + hidden
        if not key[0]:
            self.feedback.value = feedback_html(
                "warning", "All layers are hidden: tick at least one layer to see the fossa."
            )


class IdentifyExercise(widgets.VBox):
    """Identify the structure: one structure is highlighted and unlabelled; choose its name.

    The exercise's state (structure, attempt, score) is ``kneelib.identify.IdentifyState``.
    """

    def __init__(self, structures: Sequence[Structure] | None = None, key: str = "notebook-01"):
        self.structures = tuple(structures) if structures is not None else load_structures()
        self.state = start_identify(key, self.structures)
        self.feedback = widgets.HTML("")
        self.progress = widgets.HTML("")
        self.image = FigureImage(max_width="760px")
        self.answer = widgets.Dropdown(
            options=sorted(s.name for s in self.structures),
            value=None,
            description="It is the:",
            layout=widgets.Layout(width="30em"),
        )
        self.check = widgets.Button(description="Check", tooltip="Check your answer")
        self.next = widgets.Button(
            description="Next structure", tooltip="Move on to another structure"
        )
        self.check.on_click(guarded(self.feedback)(self._on_check))
        self.next.on_click(guarded(self.feedback)(self._on_next))
        super().__init__(
            [
                self.progress,
                self.image,
                widgets.HBox([self.answer, self.check, self.next]),
                self.feedback,
            ]
        )
        self._show()

    @property
    def target_id(self) -> str:
        """The id of the structure highlighted now."""
        return self.state.target_id

    @property
    def score(self) -> int:
        """Structures named right at the first attempt."""
        return self.state.score

    def _progress(self) -> str:
        s = self.state
        return (
            f"<p><strong>Structure {s.number} of {s.total}</strong>: which structure is outlined "
            f"in black and marked '?'. Right first time so far: {s.score}.</p>"
        )

    def _show(self) -> None:
        fig = posterior_knee_figure(
            self.structures, highlight=self.target_id, show_labels=False, width=7.0, height=4.9
        )
        self.image.show(
            to_png(fig, dpi=80),
            "Unlabelled diagram of the back of the knee with one structure highlighted: which is it?",
        )
        self.answer.value = None
        self.progress.value = self._progress()

    def _on_check(self, _button: Any = None) -> None:
        target = anatomy.get_structure(self.target_id, self.structures)
        self.state, result = self.state.check(self.answer.value, self.structures)
        status = "correct" if result.correct else "incorrect"
        sources = f"<p>{_source(target.references)}</p>" if result.revealed else ""
        self.feedback.value = feedback_html(status, result.message, sources)
        self.progress.value = self._progress()

    def _on_next(self, _button: Any = None) -> None:
        self.state = self.state.next()
        self.feedback.value = ""
        self._show()


def state_html(state: anatomy.GaitState) -> str:
    """The text beside the gait slider: angle, phase, stance/swing and the loaded structures."""
    kind = (
        "a published data point"
        if state.exact
        else "interpolated between the two nearest published points"
    )
    rows = []
    for load in state.loads:
        symbol, word = EFFECT_WORDS[load.effect]
        rows.append(
            f'<li><strong><span aria-hidden="true">{symbol}</span> {html.escape(load.name)}</strong> '
            f"<em>({word})</em>: {to_html(load.text)} {_source(load.references)}</li>"
        )
    loads = "".join(rows) or "<li>No posterior structure is listed as loaded in this phase.</li>"
    return (
        f'<div class="kneelib-gait" style="padding:4px 8px">'
        f"<p><strong>{state.percent:g}% of the gait cycle</strong>: mean knee flexion "
        f"<strong>{state.angle_deg:g}°</strong> (SD {state.sd_deg:g}°), {kind}.</p>"
        f"<p><strong>Phase:</strong> {html.escape(state.phase_name)} ({state.phase_start:g}–{state.phase_end:g}% of the cycle), "
        f"<strong>{html.escape(state.period.upper())}</strong>. {to_html(state.summary)}</p>"
        f"<p><strong>Posterior structures loaded now:</strong></p><ul>{loads}</ul>"
        f"<p>{_source(state.references)}</p></div>"
    )


class GaitExplorer(widgets.VBox):
    """A slider over the gait cycle: the knee angle, the phase and which posterior structures are loaded."""

    def __init__(
        self,
        curve: GaitCurve | None = None,
        phases: GaitPhaseFile | None = None,
        structures: Sequence[Structure] | None = None,
        start: float = 0,
    ):
        self.curve = curve or load_gait_curve()
        self.phases = phases or load_gait_phases()
        self.structures = tuple(structures) if structures is not None else load_structures()
        pcts = self.curve.percents
        step = min(b - a for a, b in zip(pcts, pcts[1:]))
        self.feedback = widgets.HTML("")
        # The slider's bounds come from the data, so it cannot reach outside the curve.
        self.slider = widgets.FloatSlider(
            value=anatomy.clamp_percent(start, self.curve),
            min=pcts[0],
            max=pcts[-1],
            step=step,
            description="% of cycle",
            continuous_update=False,
            readout_format=".0f",
            layout=widgets.Layout(width="34em"),
        )
        # ipywidgets' slider handle has no accessible name, so a labelled number box
        # (bounded by the same data) mirrors it for keyboard and screen-reader users.
        self.percent_box = widgets.BoundedFloatText(
            value=self.slider.value,
            min=pcts[0],
            max=pcts[-1],
            step=step,
            description="Percent of gait cycle:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="16em"),
        )
        widgets.link((self.slider, "value"), (self.percent_box, "value"))
        self.image = FigureImage(max_width="640px")
        self.info = widgets.HTML("")
        self.slider.observe(guarded(self.feedback)(self._on_change), names="value")
        super().__init__(
            [widgets.HBox([self.slider, self.percent_box]), self.image, self.info, self.feedback]
        )
        self.show(self.slider.value)

    def _on_change(self, change: Any) -> None:
        self.show(change["new"])

    def show(self, percent: float) -> anatomy.GaitState:
        """Show the state at ``percent`` (moved inside the data first); returns it."""
        value = anatomy.clamp_percent(percent, self.curve)
        state = anatomy.gait_state(value, self.curve, self.phases, self.structures)
        fig = gait_curve_figure(self.curve, self.phases, percent=value, width=6.4, height=3.2)
        self.image.show(
            to_png(fig, dpi=72),
            f"Knee flexion angle across the gait cycle, marked at {state.percent:g}% of the cycle: {state.angle_deg:.1f} degrees, {state.phase_name}.",
        )
        self.info.value = state_html(state)
        self.feedback.value = ""
        return state


class CausesView(widgets.HTML):
    """Why each seed cause of posterior knee pain is aggravated by walking, with sources."""

    def __init__(
        self, phases: GaitPhaseFile | None = None, structures: Sequence[Structure] | None = None
    ):
        phases = phases or load_gait_phases()
        rows = structures if structures is not None else load_structures()
        names = {s.id: s.name for s in rows}
        items = []
        for cause in anatomy.causes(phases):
            where = ", ".join(html.escape(names.get(sid, sid)) for sid in cause.structures)
            items.append(
                f"<li><strong>{html.escape(cause.name)}</strong> <em>(structures: {where})</em>: "
                f"{to_html(cause.text)} {_source(cause.references)}</li>"
            )
        super().__init__(f'<ul class="kneelib-causes">{"".join(items)}</ul>')


@displays(lambda: refs_in(load_structures()))
def show_fossa() -> FossaExplorer:
    """The posterior-knee schematic with layer switches and a structure highlighter."""
    return FossaExplorer()


@displays(lambda: refs_in(load_structures()))
def show_identify() -> IdentifyExercise:
    """The 'identify the structure' exercise on the unlabelled schematic."""
    return IdentifyExercise()


@displays(lambda start=0: refs_in(load_gait_curve(), load_gait_phases(), load_structures()))
def show_gait(start: float = 0) -> GaitExplorer:
    """The gait-cycle slider with the knee angle, phase and loaded posterior structures."""
    return GaitExplorer(start=start)


@displays(lambda: refs_in(load_gait_phases(), load_structures()))
def show_causes() -> CausesView:
    """Why each seed cause of posterior knee pain worsens with walking."""
    return CausesView()
