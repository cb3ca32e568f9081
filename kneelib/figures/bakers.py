"""The joint-bursa communication of a Baker's cyst in flexion and extension: a labelled qualitative schematic.

Drawn after Rauschning (1980): a transverse slit under the medial gastrocnemius
tendon opens when the knee bends and is pressed shut by the overlying tendons
when it straightens. The figure carries no pressure values: we have no cited
measurements of joint and cyst pressure across the flexion-extension cycle to
plot, so arrows and words stand for "more" and "less".
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

__all__ = ["PHASES", "valve_mechanism_figure"]

#: phase -> (title, communication state, what happens to the fluid)
PHASES: dict[str, tuple[str, str, str]] = {
    "flexion": (
        "Knee bent (flexion)",
        "Slit OPEN: the tendons relax and the pull of semimembranosus widens the gap",
        "Fluid can pass from the joint into the bursa, most when joint pressure is high (effusion, muscle contraction)",
    ),
    "extension": (
        "Knee straight (extension)",
        "Slit CLOSED: pressed shut by the overlying gastrocnemius and semimembranosus tendons",
        "Fluid already in the bursa is held there: the cyst feels tense and full",
    ),
}

_FLUID = "#9ecae1"
_JOINT = "#f0f0f0"


def _tendon(ax: Any, start: tuple[float, float], end: tuple[float, float], label: str) -> None:
    """A tendon as a thick line from ``start`` (near the capsule) to ``end``, labelled at its far end."""
    ax.plot(
        [start[0], end[0]], [start[1], end[1]], color="#8c510a", linewidth=5, solid_capstyle="round"
    )
    ax.text(end[0] + 0.1, end[1], label, fontsize=7, va="center", color="#5a3406")


def _draw_phase(ax: Any, phase: str) -> None:
    title, slit_text, fluid_text = PHASES[phase]
    is_open = phase == "flexion"
    # Joint cavity (left) with synovial fluid
    ax.add_patch(
        FancyBboxPatch(
            (0.2, 1.0), 3.6, 4.0, boxstyle="round,pad=0.1", facecolor=_JOINT, edgecolor="black"
        )
    )
    ax.add_patch(Ellipse((2.0, 3.0), 3.0, 3.0, facecolor=_FLUID, edgecolor="#3182bd", alpha=0.9))
    ax.text(2.0, 3.0, "knee joint\n(synovial fluid)", ha="center", va="center", fontsize=8)
    # Posterior capsule with the slit
    gap = 0.7 if is_open else 0.05
    ax.plot([4.0, 4.0], [1.0, 3.0 - gap / 2], color="black", linewidth=3)
    ax.plot([4.0, 4.0], [3.0 + gap / 2, 5.0], color="black", linewidth=3)
    ax.text(3.9, 5.25, "posterior capsule", ha="center", fontsize=7)
    # Bursa / cyst (right): fuller in extension because fluid is held there
    size = 2.0 if is_open else 2.5
    ax.add_patch(
        Ellipse(
            (5.7, 3.0),
            size,
            size * 1.1,
            facecolor=_FLUID,
            edgecolor="#3182bd",
            linestyle="--" if is_open else "-",
            linewidth=1.5,
            zorder=3,
        )
    )
    ax.text(5.7, 3.0 - size * 0.55 - 0.15, "bursa (cyst)", ha="center", va="top", fontsize=7)
    # Tendons: lifted off the slit in flexion, pressed onto it in extension
    if is_open:
        _tendon(ax, (4.6, 4.3), (7.4, 5.0), "medial head of\ngastrocnemius")
        _tendon(ax, (4.6, 1.7), (7.4, 1.0), "semimembranosus")
    else:
        _tendon(ax, (4.15, 3.15), (7.4, 5.0), "medial head of\ngastrocnemius")
        _tendon(ax, (4.15, 2.85), (7.4, 1.0), "semimembranosus")
    # Fluid movement
    if is_open:
        ax.add_patch(
            FancyArrowPatch(
                (3.2, 3.0),
                (5.2, 3.0),
                arrowstyle="-|>",
                mutation_scale=18,
                color="#08519c",
                linewidth=2,
                zorder=4,
            )
        )
        ax.text(4.6, 3.25, "fluid in", ha="center", fontsize=7.5, color="#08519c")
    else:
        ax.plot([3.6, 3.9], [3.45, 3.75], color="#b3261e", linewidth=2)
        ax.plot([3.6, 3.9], [3.75, 3.45], color="#b3261e", linewidth=2)
        ax.text(3.75, 3.85, "closed", ha="center", fontsize=7.5, color="#b3261e")
    ax.set_title(title, fontsize=10, fontweight="bold")
    ax.text(0.1, 0.6, "\n".join(textwrap.wrap(slit_text, 62)), fontsize=7.5, va="top")
    ax.text(0.1, -0.3, "\n".join(textwrap.wrap(fluid_text, 62)), fontsize=7.5, va="top")
    ax.set_xlim(0, 9.0)
    ax.set_ylim(-1.2, 5.6)
    ax.set_aspect("equal")
    ax.axis("off")


def valve_mechanism_figure(phases: Sequence[str] = ("flexion", "extension")) -> Figure:
    """Draw the joint-bursa communication in each phase given ("flexion", "extension"), side by side.

    Qualitative: arrows and labels, no pressure values.
    """
    if isinstance(phases, str):
        phases = (phases,)
    phases = list(phases)
    if not phases:
        raise ValueError(
            "valve_mechanism_figure: phases: expected at least one of 'flexion', 'extension', found none"
        )
    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        raise ValueError(
            f"valve_mechanism_figure: phases: expected 'flexion' or 'extension', found {unknown}"
        )
    # Fixed margins: the panels are schematic (no tick labels), and the constrained
    # layout solver would double the time each redraw takes.
    fig = Figure(figsize=(5.2 * len(phases), 3.9))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.1, wspace=0.08)
    axes = fig.subplots(1, len(phases), squeeze=False)[0]
    for ax, phase in zip(axes, phases):
        _draw_phase(ax, phase)
    fig.supxlabel(
        "Qualitative schematic seen from the side, after Rauschning 1980 (rauschning-1980); no pressure values are drawn.",
        fontsize=7,
    )
    return fig
