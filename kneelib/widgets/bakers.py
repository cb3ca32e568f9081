"""View for the Baker's cyst valve schematic: choose the knee position, see the communication open or closed."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..citing import displays
from ..figures.bakers import PHASES, valve_mechanism_figure
from ..figures.common import to_png
from ..text import cite
from .common import FigureImage, guarded

__all__ = ["ValveView", "show_valve_mechanism"]

_CHOICES = {"flexion": ("flexion",), "extension": ("extension",), "both": ("flexion", "extension")}


class ValveView(widgets.VBox):
    """Toggle between flexion, extension and both; the schematic and a one-line explanation follow."""

    def __init__(self, position: str = "both"):
        if position not in _CHOICES:
            raise ValueError(
                f"show_valve_mechanism: position: expected one of {sorted(_CHOICES)}, found {position!r}"
            )
        self.position = widgets.ToggleButtons(
            options=[("Knee bent", "flexion"), ("Knee straight", "extension"), ("Both", "both")],
            value=position,
            description="Position:",
            tooltips=["Flexion", "Extension", "Side by side"],
        )
        self.image = FigureImage(max_width="900px")
        self.caption = widgets.HTML("")
        self.position.observe(guarded(self.caption)(self._on_position), names="value")
        self._draw(position)
        super().__init__([self.position, self.image, self.caption])

    def _draw(self, position: str) -> None:
        phases = _CHOICES[position]
        self.image.show(
            to_png(valve_mechanism_figure(phases)),
            "Schematic of the slit between the knee joint and the gastrocnemius-semimembranosus bursa with the knee "
            + " and ".join(
                {"flexion": "bent (slit open)", "extension": "straight (slit pressed shut)"}[p]
                for p in phases
            )
            + ".",
        )
        lines = "".join(
            f"<li><strong>{html.escape(PHASES[p][0])}:</strong> {html.escape(PHASES[p][1])}. {html.escape(PHASES[p][2])}.</li>"
            for p in phases
        )
        self.caption.value = (
            f"<ul style='margin:4px 0'>{lines}</ul>"
            f"<p style='font-size:90%'>Qualitative schematic, no pressure values. "
            f"Source: {html.escape(cite(['rauschning-1980']))}.</p>"
        )

    def _on_position(self, change: dict) -> None:
        self._draw(change["new"])


@displays(lambda position="both": ("rauschning-1980",))
def show_valve_mechanism(position: str = "both") -> ValveView:
    """The joint-bursa communication of a Baker's cyst in flexion, extension or both."""
    return ValveView(position)
