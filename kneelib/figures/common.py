"""Helpers shared by every figure."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

__all__ = ["new_figure", "to_png"]


def new_figure(width: float = 6.4, height: float = 4.0) -> Figure:
    """A Figure that belongs to no pyplot state (nothing to close, nothing leaks)."""
    return Figure(figsize=(width, height), layout="constrained")


def to_png(fig: Figure, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes, for an ipywidgets.Image."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
