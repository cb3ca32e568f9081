"""Kellgren-Lawrence grades drawn as schematics, one panel per grade.

The function takes the grade records (``kneelib.content.kl_grades``) and turns
each record's categorical hints into shapes. The sizes below are drawing units
chosen to make the categories visible; they are not measurements of real knees.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

__all__ = ["kl_grades_figure"]

# Drawing units only (not clinical values): how wide the gap, how big the spurs, how thick the sclerotic band.
_GAP = {
    "normal": 1.0,
    "doubtful-narrowing": 0.85,
    "possible-narrowing": 0.7,
    "definite-narrowing": 0.4,
    "marked-narrowing": 0.12,
}
_SPUR = {"none": 0.0, "possible": 0.25, "definite": 0.5, "multiple": 0.6, "large": 1.0}
_SCLEROSIS = {"none": 0.0, "some": 0.3, "severe": 0.7}
_DEFORM = {"none": 0.0, "possible": 0.25, "definite": 0.6}

_BONE = "#d9d9d9"
_SCLEROTIC = "#6e6e6e"


def _femur_bottom(x: float, gap: float, flatten: float) -> float:
    """Lower edge of the femoral condyles at x (two rounded condyles, notch in the middle)."""
    centre = -1.5 if x < 0 else 1.5
    u = max(-1.0, min(1.0, (x - centre) / 1.45))
    depth = 1.0 - math.sqrt(1.0 - u * u)
    if x < 0:  # the medial condyle flattens with deformity
        depth = depth * (1.0 - flatten) + flatten * 0.15
    return gap + depth


def _tibia_top(x: float, deform: float) -> float:
    """Upper edge of the tibial plateau at x; deformity sinks the medial side."""
    return -deform * 0.5 * max(0.0, -x) / 3.0


def _draw_grade(ax: Any, record: Any) -> None:
    gap = _GAP[record.joint_space]
    spur = _SPUR[record.osteophytes]
    band = _SCLEROSIS[record.sclerosis]
    deform = _DEFORM[record.deformity]
    xs = [-3.0 + 6.0 * i / 120 for i in range(121)]
    # Tibia
    tibia = [(x, _tibia_top(x, deform)) for x in xs] + [(3.0, -4.0), (-3.0, -4.0)]
    ax.add_patch(Polygon(tibia, closed=True, facecolor=_BONE, edgecolor="black", linewidth=1.2))
    # Femur
    femur = [(x, _femur_bottom(x, gap, deform)) for x in xs] + [(3.0, 5.0), (-3.0, 5.0)]
    ax.add_patch(Polygon(femur, closed=True, facecolor=_BONE, edgecolor="black", linewidth=1.2))
    # Subchondral sclerosis: dark hatched bands under both joint surfaces
    if band:
        ax.add_patch(
            Polygon(
                [(x, _tibia_top(x, deform)) for x in xs]
                + [(x, _tibia_top(x, deform) - band) for x in reversed(xs)],
                closed=True,
                facecolor=_SCLEROTIC,
                edgecolor="none",
                hatch="....",
                alpha=0.8,
            )
        )
        ax.add_patch(
            Polygon(
                [(x, _femur_bottom(x, gap, deform)) for x in xs]
                + [(x, _femur_bottom(x, gap, deform) + band) for x in reversed(xs)],
                closed=True,
                facecolor=_SCLEROTIC,
                edgecolor="none",
                hatch="....",
                alpha=0.8,
            )
        )
    # Osteophytes: spurs pointing outwards at the four joint margins
    if spur:
        style = {
            "facecolor": "white" if record.osteophytes == "possible" else "#4d4d4d",
            "edgecolor": "black",
            "linewidth": 1.0,
            "linestyle": "--" if record.osteophytes == "possible" else "-",
        }
        for side in (-1, 1):
            tib_y = _tibia_top(side * 3.0, deform)
            fem_y = _femur_bottom(side * 2.95, gap, deform)
            ax.add_patch(
                Polygon(
                    [
                        (side * 3.0, tib_y),
                        (side * (3.0 + spur), tib_y + 0.15),
                        (side * 3.0, tib_y - 0.6),
                    ],
                    closed=True,
                    **style,
                )
            )
            ax.add_patch(
                Polygon(
                    [
                        (side * 2.95, fem_y),
                        (side * (2.95 + spur), fem_y - 0.1),
                        (side * 2.95, fem_y + 0.7),
                    ],
                    closed=True,
                    **style,
                )
            )
            if record.osteophytes in ("multiple", "large"):
                ax.add_patch(
                    Polygon(
                        [
                            (side * 3.0, tib_y - 0.9),
                            (side * (3.0 + spur * 0.6), tib_y - 1.0),
                            (side * 3.0, tib_y - 1.4),
                        ],
                        closed=True,
                        **style,
                    )
                )
    # Joint space marker under the medial condyle
    low, high = _tibia_top(-1.5, deform), _femur_bottom(-1.5, gap, deform)
    ax.annotate(
        "",
        xy=(-1.5, low),
        xytext=(-1.5, high),
        arrowprops={"arrowstyle": "<->", "color": "#1f4e8c", "lw": 1.0, "shrinkA": 0, "shrinkB": 0},
    )
    ax.set_xlim(-4.3, 4.3)
    ax.set_ylim(-4.2, 5.2)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(-4.2, 4.6, "femur", fontsize=7)
    ax.text(-4.2, -3.9, "tibia", fontsize=7)
    ax.add_patch(Rectangle((-4.3, -4.2), 8.6, 9.4, fill=False, edgecolor="0.7", linewidth=0.8))
    ax.set_title(f"Grade {record.grade}: {record.name}", fontsize=10, fontweight="bold")
    ax.text(
        0,
        -4.6,
        "\n".join(textwrap.wrap(record.definition, 30)),
        ha="center",
        va="top",
        fontsize=7.5,
    )


def kl_grades_figure(scale: Any, grades: Sequence[int] | None = None) -> Figure:
    """Draw each requested Kellgren-Lawrence grade (default 0-4) as a schematic front view of the knee.

    ``scale`` is a ``KlScale`` record (``load_kl_grades()``); ``grades`` picks
    which grades to draw, in the order given.
    """
    records = getattr(scale, "grades", None)
    if records is None:
        raise TypeError(
            f"kl_grades_figure: scale: expected a Kellgren-Lawrence scale record, found {type(scale).__name__}"
        )
    by_grade = {g.grade: g for g in records}
    if grades is None:
        grades = sorted(by_grade)
    if isinstance(grades, (str, bytes)) or not all(
        isinstance(g, int) and not isinstance(g, bool) for g in grades
    ):
        raise TypeError(
            f"kl_grades_figure: grades: expected a list of whole numbers 0-4, found {grades!r}"
        )
    grades = list(grades)
    if not grades:
        raise ValueError("kl_grades_figure: grades: expected at least one grade, found none")
    unknown = [g for g in grades if g not in by_grade]
    if unknown:
        raise ValueError(f"kl_grades_figure: grades: expected grades from 0 to 4, found {unknown}")
    fig = Figure(figsize=(2.4 * len(grades) + 0.8, 4.4), layout="constrained")
    axes = fig.subplots(1, len(grades), squeeze=False)[0]
    for ax, g in zip(axes, grades):
        _draw_grade(ax, by_grade[g])
    refs = ", ".join(getattr(scale, "references", ()))
    width = max(30, 40 * len(grades))
    fig.suptitle(
        "\n".join(
            textwrap.wrap(
                "Kellgren-Lawrence grades: schematic front view of the knee, not to scale", width
            )
        ),
        fontsize=10,
    )
    caption = (
        "Grey: bone. Blue arrow: joint space. Dark dotted band: sclerosis. "
        f"Dark spurs: osteophytes (dashed outline: possible). Sources: {refs}"
    )
    fig.supxlabel("\n".join(textwrap.wrap(caption, width)), fontsize=7)
    return fig
