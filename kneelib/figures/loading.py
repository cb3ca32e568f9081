"""Figure of a pain-monitored loading programme: load level by week, stage bands, decisions.

Takes planned weeks (``kneelib.loading.PlannedWeek``) and stages and returns a
``matplotlib.figure.Figure``; reads no files and touches no pyplot state.
Decisions are shown by marker shape and a text label, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

__all__ = ["DECISION_MARKERS", "programme_plot"]

#: decision -> (marker, legend label). Shapes carry the meaning.
DECISION_MARKERS: dict[str, tuple[str, str]] = {
    "progress": ("^", "progress (up one level)"),
    "hold": ("o", "hold (same level)"),
    "step back": ("v", "step back (down one level)"),
}

_BAND_SHADES = ("#f2f2f2", "#dedede")


def _check(weeks: Sequence[Any], stages: Sequence[Any]) -> None:
    if isinstance(weeks, (str, bytes)) or not isinstance(weeks, Sequence):
        raise TypeError(
            f"programme_plot: weeks: expected a list of planned weeks, found {type(weeks).__name__}"
        )
    if not weeks:
        raise ValueError("programme_plot: weeks: expected at least one planned week, found none")
    if isinstance(stages, (str, bytes)) or not isinstance(stages, Sequence) or not stages:
        raise ValueError(
            f"programme_plot: stages: expected a list of loading stages, found {stages!r}"
        )
    for position, week in enumerate(weeks, start=1):
        for name in ("week", "level", "decision"):
            if not hasattr(week, name):
                raise TypeError(
                    f"programme_plot: week {position}: expected a planned week with a '{name}' field, found {type(week).__name__}"
                )
        if week.decision.decision not in DECISION_MARKERS:
            raise ValueError(
                f"programme_plot: week {position}: decision: expected one of {', '.join(DECISION_MARKERS)}, found {week.decision.decision!r}"
            )


def programme_plot(
    weeks: Sequence[Any], stages: Sequence[Any], title: str = "", next_level: int | None = None
) -> Figure:
    """Draw the trained load level week by week, stage bands behind, each week's decision as a marker.

    ``next_level``, if given, is drawn as a dashed step to the week after the
    last one (the level the last decision leads to).
    """
    _check(weeks, stages)
    fig = Figure(figsize=(8.0, 4.2), layout="constrained")
    ax = fig.subplots()
    numbers = [w.week for w in weeks]
    levels = [w.level for w in weeks]
    last_week = numbers[-1] + (1 if next_level is not None else 0)
    for index, stage in enumerate(stages):
        ax.axhspan(
            stage.first_level - 0.5, stage.last_level + 0.5, color=_BAND_SHADES[index % 2], zorder=0
        )
        ax.text(
            last_week + 0.6,
            (stage.first_level + stage.last_level) / 2,
            stage.name,
            va="center",
            ha="left",
            fontsize=8,
        )
    ax.step(numbers, levels, where="mid", color="black", linewidth=1.5, zorder=2)
    seen: set[str] = set()
    for week in weeks:
        decision = week.decision.decision
        marker, label = DECISION_MARKERS[decision]
        ax.plot(
            [week.week],
            [week.level],
            marker=marker,
            markersize=9,
            markerfacecolor="white",
            markeredgecolor="black",
            linestyle="none",
            zorder=3,
            label=label if decision not in seen else None,
        )
        seen.add(decision)
    if next_level is not None:
        ax.plot(
            [numbers[-1], numbers[-1] + 1],
            [levels[-1], next_level],
            color="black",
            linestyle="--",
            zorder=2,
        )
        ax.plot(
            [numbers[-1] + 1],
            [next_level],
            marker="s",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor="black",
            linestyle="none",
            zorder=3,
            label="next week (from your decision)",
        )
        ax.annotate(
            "next week",
            xy=(numbers[-1] + 1, next_level),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    top = stages[-1].last_level
    ax.set_xlim(0.5, last_week + 0.5)
    ax.set_ylim(stages[0].first_level - 0.5, top + 0.5)
    ax.set_xticks(range(1, last_week + 1))
    ax.set_yticks(range(stages[0].first_level, top + 1))
    ax.set_xlabel("Week")
    ax.set_ylabel("Load level (teaching scale, not a dose)")
    ax.set_title(title or "Pain-monitored loading programme", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    return fig
