"""The live answers to one question, as a bar chart for the instructor's dashboard."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..dashboard import Distribution
from .common import new_figure

__all__ = ["answer_alt_text", "answer_figure"]

RIGHT, WRONG = "#1b7a34", "#8c8c8c"
#: Characters of an option's text shown beside its id.
LABEL_CHARS = 40


def _label(label: str, text: str | None, right: bool) -> str:
    shown = label
    if text:
        short = " ".join(text.split())
        shown += ": " + (short if len(short) <= LABEL_CHARS else short[: LABEL_CHARS - 1] + "…")
    return shown + (" (right)" if right else "")


def answer_figure(distribution: Distribution) -> Figure:
    """One horizontal bar per option (or answer given), right ones green and marked "(right)"."""
    labels = [label for label, _ in distribution.counts]
    counts = [n for _, n in distribution.counts]
    height = 1.2 + 0.45 * max(1, len(labels))
    fig = new_figure(8.0, min(height, 9.0))
    ax = fig.add_subplot()
    texts = dict(distribution.texts)
    shown = [_label(label, texts.get(label), label in distribution.right) for label in labels]
    colours = [RIGHT if label in distribution.right else WRONG for label in labels]
    ax.barh(range(len(labels)), counts, color=colours)
    ax.set_yticks(range(len(labels)), shown)
    ax.invert_yaxis()
    for y, n in enumerate(counts):
        ax.annotate(str(n), (n, y), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, max(counts, default=0) + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("students (latest answer of each)")
    n = distribution.students
    ax.set_title(f"{distribution.question_id}: {n} student{'s' if n != 1 else ''} answered")
    return fig


def answer_alt_text(distribution: Distribution) -> str:
    """What the chart says, for a reader who cannot see it."""
    n = distribution.students
    parts = [
        f"{label} {count}{' (right)' if label in distribution.right else ''}"
        for label, count in distribution.counts
    ]
    return (
        f"Bar chart of the latest answers to {distribution.question_id} from {n} "
        f"student{'s' if n != 1 else ''}: "
        + (", ".join(parts) if parts else "no answers yet")
        + "."
    )
