"""Figures for the popliteal fossa and the knee in gait.

``posterior_knee_figure`` draws the schematic of the posterior knee from the
structure records (nothing is a copied image); ``gait_curve_figure`` plots the
normative knee flexion curve with stance/swing and the seven phases shaded.
Both take records and return a ``matplotlib.figure.Figure``; neither reads
files nor touches pyplot's global state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon

from .common import new_figure

__all__ = ["LAYER_STYLES", "PHASE_ABBREVIATIONS", "gait_curve_figure", "posterior_knee_figure"]

#: Drawing order (deepest first) and style per layer: colour, line style, fill alpha.
#: Layers differ in line style as well as colour, so colour is never the only cue.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "floor": {"color": "#9e9e9e", "linestyle": "-", "alpha": 0.35, "title": "floor"},
    "joint": {
        "color": "#1f77b4",
        "linestyle": "--",
        "alpha": 0.45,
        "title": "joint (deep to the floor)",
    },
    "bursa": {"color": "#6a3d9a", "linestyle": "-.", "alpha": 0.45, "title": "bursa"},
    "content": {"color": "#333333", "linestyle": "-", "alpha": 1.0, "title": "contents"},
    "boundary": {
        "color": "#b5523b",
        "linestyle": "-",
        "alpha": 0.85,
        "title": "boundaries (muscles)",
    },
    "roof": {"color": "#7f7f7f", "linestyle": ":", "alpha": 0.12, "title": "roof"},
}
#: Colours of individual contents (nerves yellow-brown, veins blue, artery red, nodes green).
CONTENT_COLOURS: dict[str, str] = {
    "tibial-nerve": "#c49a00",
    "common-fibular-nerve": "#c49a00",
    "popliteal-vein": "#2c5aa0",
    "small-saphenous-vein": "#2c5aa0",
    "popliteal-artery": "#c62828",
    "popliteal-lymph-nodes": "#2e7d32",
}
PHASE_ABBREVIATIONS: dict[str, str] = {
    "loading-response": "LR",
    "mid-stance": "MSt",
    "terminal-stance": "TSt",
    "pre-swing": "PSw",
    "initial-swing": "ISw",
    "mid-swing": "MSw",
    "terminal-swing": "TSw",
}
HIGHLIGHT = "#000000"


def _check_structures(structures: Any) -> list[Any]:
    if isinstance(structures, (str, bytes)) or not isinstance(structures, Iterable):
        raise TypeError(
            f"posterior_knee_figure: structures: expected a list of structure records, found {type(structures).__name__}"
        )
    rows = list(structures)
    if not rows:
        raise ValueError(
            "posterior_knee_figure: structures: expected at least one structure, found none"
        )
    return rows


def _order(s: Any) -> tuple[int, int]:
    layer_rank = list(LAYER_STYLES).index(s.layer)
    depth_rank = -(s.depth or 0)  # deeper contents first, so superficial ones are drawn on top
    return layer_rank, depth_rank


def posterior_knee_figure(
    structures: Sequence[Any],
    visible_layers: Iterable[str] | None = None,
    highlight: str | None = None,
    width: float = 8.0,
    height: float = 5.6,
    show_labels: bool = True,
) -> Figure:
    """The labelled posterior-knee schematic drawn from ``structures``.

    ``visible_layers`` (default: all) picks the layers to draw; ``highlight`` is
    a structure id drawn bold and outlined (it is drawn even if its layer is
    hidden). With ``show_labels=False`` no names are written and the
    highlighted structure is labelled "?" (for an identification exercise).
    Returns a Figure.
    """
    rows = _check_structures(structures)
    layers = set(LAYER_STYLES) if visible_layers is None else set(visible_layers)
    unknown = layers - set(LAYER_STYLES)
    if unknown:
        raise ValueError(
            f"posterior_knee_figure: visible_layers: expected some of {', '.join(LAYER_STYLES)}, found {', '.join(sorted(unknown))}"
        )
    ids = {s.id for s in rows}
    if highlight is not None and highlight not in ids:
        raise ValueError(
            f"posterior_knee_figure: highlight: expected a structure id ({', '.join(sorted(ids))}), found {highlight!r}"
        )

    fig = new_figure(width, height)
    fig.set_layout_engine(None)  # fixed margins: the constrained solver doubles the render time
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.95))
    ax.set_xlim(-3.0, 3.0)
    ax.set_ylim(-1.95, 1.95)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.axhline(0, color="#bbbbbb", linewidth=0.8, linestyle=(0, (2, 4)), zorder=0)
    ax.text(
        0.0, 0.02, "joint line", fontsize=6, color="#777777", ha="center", va="bottom", zorder=0
    )
    ax.text(-2.95, 1.9, "MEDIAL", fontsize=8, weight="bold", va="top", ha="left", color="#444444")
    ax.text(2.95, 1.9, "LATERAL", fontsize=8, weight="bold", va="top", ha="right", color="#444444")
    ax.text(0.0, 1.93, "thigh", fontsize=7, ha="center", va="top", color="#666666")
    ax.text(0.0, -1.93, "calf", fontsize=7, ha="center", va="bottom", color="#666666")

    drawn = [s for s in sorted(rows, key=_order) if s.layer in layers or s.id == highlight]
    for zorder, s in enumerate(drawn, start=2):
        _draw_structure(
            ax,
            s,
            zorder,
            highlighted=(s.id == highlight),
            dimmed=highlight is not None and s.id != highlight,
        )
    for s in drawn:
        if show_labels:
            _draw_label(
                ax,
                s,
                highlighted=(s.id == highlight),
                dimmed=highlight is not None and s.id != highlight,
            )
        elif s.id == highlight:
            _draw_label(ax, s, highlighted=True, dimmed=False, text="?")

    handles = [
        Line2D(
            [],
            [],
            color=LAYER_STYLES[name]["color"],
            linestyle=LAYER_STYLES[name]["linestyle"],
            linewidth=2.5,
            label=LAYER_STYLES[name]["title"],
        )
        for name in LAYER_STYLES
        if name in layers
    ]
    if handles:
        ax.legend(
            handles=handles,
            loc="lower left",
            fontsize=6.5,
            frameon=False,
            title="layers shown",
            title_fontsize=7,
        )
    ax.set_title(
        "Popliteal fossa: posterior view of a right knee (schematic, not to scale)", fontsize=9
    )
    return fig


def _draw_structure(ax: Any, s: Any, zorder: int, highlighted: bool, dimmed: bool) -> None:
    style = LAYER_STYLES[s.layer]
    colour = CONTENT_COLOURS.get(s.id, style["color"]) if s.layer == "content" else style["color"]
    fade = 0.35 if dimmed else 1.0
    width = s.draw.width * (1.6 if highlighted else 1.0)
    if s.draw.kind == "line":
        xs = [p[0] for p in s.draw.points]
        ys = [p[1] for p in s.draw.points]
        if highlighted:
            ax.plot(
                xs,
                ys,
                color=HIGHLIGHT,
                linewidth=width + 3,
                solid_capstyle="round",
                zorder=zorder + 100,
            )
        ax.plot(
            xs,
            ys,
            color=colour,
            linewidth=width,
            linestyle=style["linestyle"],
            alpha=style["alpha"] * fade,
            solid_capstyle="round",
            zorder=zorder + (101 if highlighted else 0),
        )
    elif s.draw.kind == "polygon":
        ax.add_patch(
            Polygon(
                s.draw.points,
                closed=True,
                facecolor=colour,
                alpha=style["alpha"] * fade,
                edgecolor="none",
                zorder=zorder + (100 if highlighted else 0),
            )
        )
        ax.add_patch(
            Polygon(
                s.draw.points,
                closed=True,
                fill=False,
                edgecolor=HIGHLIGHT if highlighted else colour,
                linestyle=style["linestyle"],
                linewidth=2.5 if highlighted else s.draw.width,
                alpha=1.0 if highlighted else 0.9 * fade,
                zorder=zorder + (101 if highlighted else 0),
            )
        )
    else:  # circles
        for x, y in s.draw.points:
            ax.add_patch(
                Circle(
                    (x, y),
                    s.draw.radius,
                    facecolor=colour,
                    alpha=0.9 * fade,
                    edgecolor=HIGHLIGHT if highlighted else "white",
                    linewidth=2 if highlighted else 0.5,
                    zorder=zorder + (101 if highlighted else 0),
                )
            )


def _draw_label(ax: Any, s: Any, highlighted: bool, dimmed: bool, text: str | None = None) -> None:
    lx, ly = s.label
    ax_, ay = s.anchor()
    ha = "right" if lx < 0 else "left"
    colour = "#000000" if highlighted else ("#8a8a8a" if dimmed else "#222222")
    ax.annotate(
        s.name if text is None else text,
        xy=(ax_, ay),
        xytext=(lx, ly),
        fontsize=7.5 if highlighted else 6.5,
        ha=ha,
        va="center",
        color=colour,
        weight="bold" if highlighted else "normal",
        zorder=300,
        arrowprops={
            "arrowstyle": "-",
            "color": colour,
            "linewidth": 0.8 if highlighted else 0.4,
            "shrinkA": 1,
            "shrinkB": 1,
        },
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "#fff7cc", "edgecolor": "#000000"}
        if highlighted
        else None,
    )


# ------------------------------------------------------------------ gait curve


def gait_curve_figure(
    curve: Any,
    phases: Any,
    percent: float | None = None,
    width: float = 7.0,
    height: float = 3.6,
    title: str | None = None,
) -> Figure:
    """Knee flexion (mean and +/- 1 SD) across the gait cycle with stance, swing and the phases shaded.

    ``curve`` has ``percents``, ``means`` and ``sds``; ``phases`` has ``phases``
    (id, name, period, start, end) and ``curve`` (population, references).
    ``percent`` adds a marker at that point of the cycle.
    """
    for attr in ("percents", "means", "sds"):
        if not hasattr(curve, attr):
            raise TypeError(
                f"gait_curve_figure: curve: expected a gait curve record with '{attr}', found {type(curve).__name__}"
            )
    if not hasattr(phases, "phases"):
        raise TypeError(
            f"gait_curve_figure: phases: expected a gait phase record with 'phases', found {type(phases).__name__}"
        )
    pcts, means, sds = list(curve.percents), list(curve.means), list(curve.sds)
    if percent is not None and not (pcts[0] <= percent <= pcts[-1]):
        raise ValueError(
            f"gait_curve_figure: percent: expected a value from {pcts[0]:g} to {pcts[-1]:g}, found {percent!r}"
        )

    fig = new_figure(width, height)
    fig.set_layout_engine(None)  # fixed margins: the slider re-renders this figure
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.86)
    ax = fig.add_subplot(1, 1, 1)
    top = max(m + s for m, s in zip(means, sds)) + 18
    bottom = min(min(m - s for m, s in zip(means, sds)) - 2, -5)
    for i, phase in enumerate(phases.phases):
        swing = phase.period == "swing"
        ax.axvspan(
            phase.start,
            phase.end,
            facecolor="#dce9f5" if swing else "#f3e6d3",
            alpha=0.55 if i % 2 else 0.9,
            hatch="//" if swing else None,
            edgecolor="#c8d6e5" if swing else "none",
            linewidth=0,
            zorder=0,
        )
        ax.axvline(phase.start, color="#999999", linewidth=0.6, zorder=1)
        ax.text(
            (phase.start + phase.end) / 2,
            top - 6,
            PHASE_ABBREVIATIONS.get(phase.id, phase.name),
            ha="center",
            va="top",
            fontsize=7,
            color="#333333",
        )
    split = next((p.start for p in phases.phases if p.period == "swing"), None)
    stance_end = split if split is not None else pcts[-1]
    ax.text(
        stance_end / 2,
        top - 0.2,
        "STANCE",
        ha="center",
        va="top",
        fontsize=8,
        weight="bold",
        color="#5a3d1a",
    )
    if split is not None:
        ax.text(
            (split + pcts[-1]) / 2,
            top - 0.2,
            "SWING (hatched)",
            ha="center",
            va="top",
            fontsize=8,
            weight="bold",
            color="#1f4e8c",
        )
        ax.axvline(split, color="#1f4e8c", linewidth=1.4, linestyle="--", zorder=2)
        ax.text(
            split + 0.6, bottom + 1, f"toe-off {split:g}%", fontsize=7, color="#1f4e8c", va="bottom"
        )

    lower = [m - s for m, s in zip(means, sds)]
    upper = [m + s for m, s in zip(means, sds)]
    ax.fill_between(
        pcts, lower, upper, color="#555555", alpha=0.18, linewidth=0, zorder=3, label="mean ± 1 SD"
    )
    ax.plot(
        pcts,
        means,
        color="#111111",
        linewidth=1.8,
        marker="o",
        markersize=2.2,
        zorder=4,
        label="mean",
    )
    if percent is not None:
        from bisect import bisect_left

        j = bisect_left(pcts, percent)
        if j < len(pcts) and pcts[j] == percent:
            angle = means[j]
        else:
            t = (percent - pcts[j - 1]) / (pcts[j] - pcts[j - 1])
            angle = means[j - 1] + t * (means[j] - means[j - 1])
        ax.axvline(percent, color="#b3261e", linewidth=1.2, zorder=5)
        ax.plot(
            [percent],
            [angle],
            marker="D",
            markersize=7,
            color="#b3261e",
            markeredgecolor="white",
            zorder=6,
        )
        ax.annotate(
            f"{percent:g}%: {angle:.2f}°",
            xy=(percent, angle),
            xytext=(8, 10),
            textcoords="offset points",
            fontsize=8,
            color="#b3261e",
            weight="bold",
            zorder=7,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#b3261e"},
        )
    ax.set_xlim(pcts[0], pcts[-1])
    ax.set_ylim(bottom, top)
    ax.set_xlabel(
        "Gait cycle (%), from heel contact to the next heel contact of the same foot", fontsize=8
    )
    ax.set_ylabel("Knee flexion (degrees)", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.legend(loc="center left", fontsize=7, frameon=True, framealpha=0.9)
    refs = ", ".join(getattr(phases.curve, "references", ()))
    ax.set_title(title or f"Knee flexion in walking\n{phases.curve.label} [{refs}]", fontsize=8.5)
    return fig
