"""Figures for diagnostic accuracy: a forest plot of rows and a Fagan nomogram.

Both take values (records, numbers) and return a ``matplotlib.figure.Figure``;
neither reads files nor touches pyplot's global state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ..clinical.bayes import post_test_probability
from ..text import format_lr

__all__ = ["fagan_nomogram", "forest_plot"]

_MEASURES = {
    "both": ("sensitivity", "specificity"),
    "sensitivity": ("sensitivity",),
    "specificity": ("specificity",),
}


def _label(row: Any) -> str:
    refs = ", ".join(row.references)
    return f"{row.test}: {row.target_condition} [{refs}]"


def forest_plot(rows: Sequence[Any], measure: str = "both") -> Figure:
    """Plot sensitivity and/or specificity with their 95% CIs, one line per accuracy row.

    ``rows`` are records with the fields of ``kneelib.content.accuracy.AccuracyRow``;
    ``measure`` is "both", "sensitivity" or "specificity". A row without an
    interval is drawn as a hollow marker and labelled "no CI reported".
    """
    if measure not in _MEASURES:
        raise ValueError(
            f"forest_plot: measure: expected one of 'both', 'sensitivity', 'specificity', found {measure!r}"
        )
    if isinstance(rows, (str, bytes)):
        raise TypeError(
            f"forest_plot: rows: expected a list of accuracy rows, found {rows!r} (str)"
        )
    rows = list(rows)
    if not rows:
        raise ValueError("forest_plot: rows: expected at least one accuracy row, found none")
    for position, row in enumerate(rows, start=1):
        for name in ("test", "target_condition", "references", "sensitivity", "specificity"):
            if not hasattr(row, name):
                raise TypeError(
                    f"forest_plot: row {position}: expected an accuracy row with a '{name}' field, "
                    f"found {type(row).__name__}"
                )
    measures = _MEASURES[measure]
    labels = [_label(row) for row in rows]
    # Fixed layout (inches), computed rather than solved: much faster than a
    # constrained layout, which matters for a widget that redraws.
    label_in = 0.3 + 0.058 * max(len(text) for text in labels)
    panel_in, annot_in = 3.4, 1.45
    width = label_in + len(measures) * (panel_in + annot_in)
    height = 1.25 + 0.33 * len(rows)
    fig = Figure(figsize=(width, height))
    bottom, top = 0.75 / height, 1 - 0.35 / height
    axes = []
    for index in range(len(measures)):
        left = (label_in + index * (panel_in + annot_in)) / width
        axes.append(
            fig.add_axes(
                (left, bottom, panel_in / width, top - bottom), sharey=axes[0] if axes else None
            )
        )
    positions = list(range(len(rows)))[::-1]  # first row at the top
    for ax, name in zip(axes, measures):
        for y, row in zip(positions, rows):
            estimate = getattr(row, name)
            low = getattr(row, f"{name}_ci_low", None)
            high = getattr(row, f"{name}_ci_high", None)
            if low is not None and high is not None:
                ax.plot([low, high], [y, y], color="black", linewidth=1.5)
                ax.plot([estimate], [y], marker="s", markersize=7, color="black", linestyle="none")
                text = f"{estimate:.2f} ({low:.2f}-{high:.2f})"
            else:
                ax.plot(
                    [estimate],
                    [y],
                    marker="o",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor="black",
                    linestyle="none",
                )
                text = f"{estimate:.2f} (no CI reported)"
            ax.annotate(
                text, xy=(1.02, y), xycoords=("axes fraction", "data"), va="center", fontsize=8
            )
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel(f"{name.capitalize()} (95% CI)")
        ax.set_title(name.capitalize())
        ax.grid(axis="x", color="0.85")
    axes[0].set_yticks(positions)
    axes[0].set_yticklabels(labels, fontsize=8)
    for ax in axes[1:]:
        ax.tick_params(labelleft=False)
    fig.text(
        0.01,
        0.0,
        "Square with line: estimate and 95% CI.  Hollow circle: no interval reported.",
        fontsize=7,
        va="bottom",
    )
    return fig


# ---------------------------------------------------------------- Fagan nomogram

_P_TICKS = (
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.3,
    0.4,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    0.95,
    0.98,
    0.99,
    0.995,
    0.998,
    0.999,
)
_LR_TICKS = (
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    1000,
)
_P_MIN, _P_MAX = 0.001, 0.999
_LOGIT_MAX = math.log(_P_MAX / (1 - _P_MAX))


def _logit(p: float) -> float:
    p = min(max(p, _P_MIN), _P_MAX)
    return math.log(p / (1 - p))


def _percent(p: float) -> str:
    value = 100 * p
    if value == 0 or value == 100:
        return f"{value:.0f}%"
    if value < 1 or value > 99:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


def fagan_nomogram(pretest: float, lr: float) -> Figure:
    """Draw a Fagan nomogram: the straight line from pre-test probability through the LR to the post-test probability.

    Values beyond the printed scales (probabilities below 0.1% or above 99.9%,
    LRs below 0.001 or above 1000, including 0 and infinity) are drawn at the
    end of the scale and the title says the exact result.
    """
    post = post_test_probability(pretest, lr)  # validates both numbers
    fig = Figure(figsize=(4.6, 6.0))
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.93))
    # Left axis: -logit(pre) (low probabilities at the top); middle: ln(LR)/2;
    # right: logit(post). Then the three points lie on one straight line.
    segments = [[(x, -_LOGIT_MAX), (x, _LOGIT_MAX)] for x in (0.0, 1.0, 2.0)]
    for p in _P_TICKS:
        segments.append([(-0.04, -_logit(p)), (0.0, -_logit(p))])
        segments.append([(2.0, _logit(p)), (2.04, _logit(p))])
        ax.text(-0.07, -_logit(p), _percent(p), ha="right", va="center", fontsize=7)
        ax.text(2.07, _logit(p), _percent(p), ha="left", va="center", fontsize=7)
    for tick in _LR_TICKS:
        y = math.log(tick) / 2
        segments.append([(0.97, y), (1.03, y)])
        ax.text(1.06, y, f"{tick:g}", ha="left", va="center", fontsize=7)
    ax.add_collection(LineCollection(segments, colors="black", linewidths=0.8))
    y_left = -_logit(pretest)
    y_right = _logit(post)
    ax.plot([0.0, 2.0], [y_left, y_right], color="black", linewidth=2, linestyle="--", marker="o")
    ax.text(0.0, _LOGIT_MAX + 0.6, "Pre-test\nprobability", ha="center", va="bottom", fontsize=9)
    ax.text(1.0, _LOGIT_MAX + 0.6, "Likelihood\nratio", ha="center", va="bottom", fontsize=9)
    ax.text(2.0, _LOGIT_MAX + 0.6, "Post-test\nprobability", ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(-_LOGIT_MAX - 0.4, _LOGIT_MAX + 2.2)
    ax.axis("off")
    off_scale = (
        not _P_MIN <= pretest <= _P_MAX or not _P_MIN <= post <= _P_MAX or not 0.001 <= lr <= 1000
    )
    title = f"Pre-test {_percent(pretest)}, LR {format_lr(lr)}: post-test {_percent(post)}"
    if off_scale:
        title += "\n(beyond the printed scale: drawn at its end)"
    ax.set_title(title, fontsize=9)
    return fig
