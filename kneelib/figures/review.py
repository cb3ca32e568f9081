"""The capstone chart: score by topic over attempts (a Figure from attempt records; no files, no state)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from ..certainty import LABELS, Calibration
from ..review import Attempt
from .common import new_figure

__all__ = ["calibration_figure", "score_by_topic_figure"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">")
_STYLES = ("-", "--", "-.", ":")


def score_by_topic_figure(attempts: Sequence[Attempt]) -> Figure:
    """Percent score per topic (one line each, with its own marker and line style) against attempt number."""
    fig = new_figure(7.5, 4.2)
    ax = fig.add_subplot()
    ax.set_xlabel("Capstone attempt")
    ax.set_ylabel("Score in the topic (%)")
    ax.set_ylim(-5, 105)
    if not attempts:
        ax.set_xlim(0.5, 1.5)
        ax.set_xticks([])
        ax.text(
            0.5,
            0.5,
            "No capstone attempt saved yet:\nfinish a capstone quiz to see your scores here.",
            transform=ax.transAxes,
            ha="center",
            va="center",
        )
        ax.set_title("Score by topic over attempts")
        return fig
    topics = sorted({t.topic for a in attempts for t in a.by_topic})
    xs_all = list(range(1, len(attempts) + 1))
    for i, topic in enumerate(topics):
        xs, ys = [], []
        for x, attempt in zip(xs_all, attempts):
            score = next((t for t in attempt.by_topic if t.topic == topic), None)
            if score is not None:
                xs.append(x)
                ys.append(score.percent)
        ax.plot(
            xs,
            ys,
            marker=_MARKERS[i % len(_MARKERS)],
            linestyle=_STYLES[(i // len(_MARKERS)) % len(_STYLES)],
            label=topic,
        )
    ax.set_xticks(xs_all)
    ax.set_xlim(0.5, len(attempts) + 0.5)
    ax.grid(True, alpha=0.3)
    ax.set_title("Score by topic over attempts")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def calibration_figure(levels: Sequence[Calibration]) -> Figure:
    """Share right at each certainty level (bars labelled with "right of answered"); empty levels say so."""
    fig = new_figure(4.8, 3.0)
    ax = fig.add_subplot()
    names = [LABELS[c.certainty] for c in levels]
    shares = [100 * c.share if c.share is not None else 0.0 for c in levels]
    bars = ax.bar(names, shares, color="#4c72b0", edgecolor="#1a1a1a", hatch="//")
    for bar, c in zip(bars, levels):
        text = f"{c.right} of {c.answered}" if c.answered else "none yet"
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    ax.set_ylim(0, 110)
    ax.set_ylabel("Right (%)")
    ax.set_xlabel("How sure you said you were")
    ax.set_title("How often you were right at each certainty")
    ax.grid(True, axis="y", alpha=0.3)
    return fig
