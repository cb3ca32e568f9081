"""Item-analysis plot: difficulty against discrimination, one labelled point per question."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from ..results import LOW_DISCRIMINATION, ItemStats
from .common import new_figure

__all__ = ["item_analysis_figure"]


def item_analysis_figure(stats: Sequence[ItemStats]) -> Figure:
    """Difficulty (share correct) on x, discrimination D on y; flagged items drawn as labelled crosses.

    The shaded band below D = 0.2 marks items that separate strong from weak
    students poorly; a point below 0 suggests a wrong key or an ambiguous item.
    Items without D (too few students) are listed in the title count only.
    """
    with_d = [s for s in stats if s.discrimination is not None and s.difficulty is not None]
    fig = new_figure(8.0, 5.5)
    ax = fig.add_subplot()
    ax.axhspan(
        -1.05,
        LOW_DISCRIMINATION,
        color="#f2e6d0",
        zorder=0,
        label=f"D below {LOW_DISCRIMINATION:g}: review",
    )
    ax.axhline(0, color="#555555", linewidth=0.8)
    ok = [s for s in with_d if not s.flags]
    flagged = [s for s in with_d if s.flags]
    ax.scatter(
        [s.difficulty for s in ok],
        [s.discrimination for s in ok],
        marker="o",
        color="#1f4e8c",
        label="no flag",
        zorder=3,
    )
    ax.scatter(
        [s.difficulty for s in flagged],
        [s.discrimination for s in flagged],
        marker="X",
        s=70,
        color="#b3261e",
        label="flagged (see CSV)",
        zorder=3,
    )
    at: dict[tuple[float, float], list[ItemStats]] = {}
    for s in with_d:
        at.setdefault((s.difficulty, s.discrimination), []).append(s)
    for (x, y), items in at.items():  # items at the same point share one label
        flagged_here = any(s.flags for s in items)
        ax.annotate(
            ", ".join(s.question_id for s in items),
            (x, y),
            textcoords="offset points",
            xytext=(5, 3),
            fontsize=8 if flagged_here else 7,
            fontweight="bold" if flagged_here else "normal",
            color="#1a1a1a",
        )
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("Difficulty p: share of students fully correct on the first attempt")
    ax.set_ylabel("Discrimination D: p(upper 27%) - p(lower 27%)")
    missing = len(stats) - len(with_d)
    extra = f"; {missing} without D (fewer students)" if missing else ""
    ax.set_title(f"Item analysis: {len(with_d)} questions{extra}")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(True, alpha=0.3)
    return fig
