"""What every view shares: feedback in words and a symbol, and callbacks that never show a traceback."""

from __future__ import annotations

import base64
import functools
import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

__all__ = ["STATUSES", "FigureImage", "feedback_html", "guarded"]

log = logging.getLogger("kneelib")

#: status -> (symbol, word, border colour). The word and the symbol carry the
#: meaning; the colour only repeats it. Text stays dark on white for contrast.
STATUSES: dict[str, tuple[str, str, str]] = {
    "correct": ("✔", "Correct", "#1b7a34"),
    "partial": ("◐", "Partly right", "#8a5a00"),
    "incorrect": ("✘", "Not quite", "#b3261e"),
    "info": ("ℹ", "Note", "#1f4e8c"),
    "warning": ("⚠", "Check", "#8a5a00"),
    "alert": ("⛔", "Red flag", "#b3261e"),
    "error": ("⚠", "Cannot check yet", "#b3261e"),
}

F = TypeVar("F", bound=Callable[..., Any])


def feedback_html(status: str, message: str, detail_html: str = "") -> str:
    """A feedback line: symbol + word + escaped message (+ trusted detail HTML)."""
    if status not in STATUSES:
        raise ValueError(f"feedback_html: expected one of {', '.join(STATUSES)}, found '{status}'")
    symbol, word, colour = STATUSES[status]
    return (
        f'<div class="kneelib-feedback kneelib-{status}" role="status" aria-live="polite" '
        f'style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0;color:#1a1a1a;background:#ffffff">'
        f'<strong><span aria-hidden="true">{symbol}</span> {word}:</strong> {html.escape(message)}{detail_html}</div>'
    )


def guarded(feedback: Any) -> Callable[[F], F]:
    """Decorate a widget callback so that errors appear in ``feedback.value``, never as a traceback.

    ValueError/TypeError (a student's entry the logic refused) show their own
    message; anything else shows a short line asking the student to tell the
    instructor, and is logged for the instructor.
    """

    def wrap(callback: F) -> F:
        @functools.wraps(callback)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except (ValueError, TypeError) as exc:
                feedback.value = feedback_html("error", str(exc))
            except Exception as exc:
                log.warning(
                    "widget callback %s failed", getattr(callback, "__name__", "?"), exc_info=True
                )
                feedback.value = feedback_html(
                    "error",
                    f"Something went wrong here ({type(exc).__name__}). Please tell your instructor.",
                )
            return None

        return inner  # type: ignore[return-value]

    return wrap


class FigureImage(widgets.HTML):
    """A figure shown as an ``<img>`` with alternative text (``ipywidgets.Image`` cannot carry any).

    ``show(png, alt)`` sets the picture; ``png`` keeps the bytes for tests and exports.
    """

    def __init__(self, max_width: str = "800px", **kwargs: Any):
        super().__init__(**kwargs)
        self.max_width = max_width
        self.png: bytes = b""
        self.alt: str = ""
        self.add_class("kneelib-figure")

    def show(self, png: bytes, alt: str) -> None:
        """Show ``png`` described by ``alt`` (what a reader who cannot see it needs to know)."""
        if not alt.strip():
            raise ValueError("alt: expected a description of the figure, found nothing")
        self.png, self.alt = png, alt
        data = base64.b64encode(png).decode("ascii")
        self.value = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'style="max-width:{self.max_width};width:100%;height:auto">'
        )

    def clear(self) -> None:
        """Show nothing."""
        self.png, self.alt, self.value = b"", "", ""
