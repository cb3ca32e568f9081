"""Learning-gain plot: pre-test and post-test score per objective, with the normalised gain written beside."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from ..gain import ALL, CohortGain
from .common import new_figure

__all__ = ["gain_figure", "gain_label"]


def gain_label(row: CohortGain) -> str:
    """The text beside an objective's bars: ``g = 0.5`` or why there is none."""
    if row.students == 0:
        return "no student took both tests"
    if row.gain is None:
        return "g undefined (pre = max)"
    return f"g = {row.gain:.2f}"


def gain_figure(rows: Sequence[CohortGain], title: str = "Learning gain by objective") -> Figure:
    """Mean pre-test and post-test score (% of the maximum) per objective, the whole test last.

    Pre-test bars are hatched and post-test bars solid, so the two read apart
    without colour; each objective is labelled with its normalised gain.
    """
    rows = list(rows)
    fig = new_figure(8.0, 0.55 * len(rows) + 1.6)
    ax = fig.add_subplot()
    height = 0.38
    for n, row in enumerate(rows):
        y = len(rows) - 1 - n
        pre = 100 * row.mean_pre / row.maximum if row.mean_pre is not None else 0.0
        post = 100 * row.mean_post / row.maximum if row.mean_post is not None else 0.0
        ax.barh(
            y + height / 2,
            pre,
            height,
            color="#d9d9d9",
            edgecolor="#555555",
            hatch="//",
            label="pre-test" if n == 0 else None,
        )
        ax.barh(
            y - height / 2,
            post,
            height,
            color="#1f4e8c",
            label="post-test" if n == 0 else None,
        )
        ax.annotate(
            gain_label(row),
            (max(pre, post), y),
            textcoords="offset points",
            xytext=(6, -3),
            fontsize=8,
            fontweight="bold" if row.objective == ALL else "normal",
        )
    ax.set_yticks(
        range(len(rows)),
        [
            ("whole test" if r.objective == ALL else r.objective) + f" (n={r.students})"
            for r in reversed(rows)
        ],
        fontsize=8,
    )
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Mean score, % of the maximum (students who took both tests)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(True, axis="x", alpha=0.3)
    return fig
