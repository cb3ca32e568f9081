"""What every view shares: feedback in words and a symbol, and callbacks that never show a traceback."""

from __future__ import annotations

import base64
import functools
import html
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

from ..errors import KneelibError

__all__ = ["FAILURE_MESSAGE", "STATUSES", "FigureImage", "feedback_html", "guarded"]

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
    "failure": ("⚠", "Not your mistake", "#b3261e"),
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


#: What a student sees when a callback fails with anything but a KneelibError (a bug, not their entry).
FAILURE_MESSAGE = "Something went wrong here; your answers are saved."


class _KernelLogHandler(logging.Handler):
    """Write records to the kernel process's own stderr: the Jupyter server's log, not the notebook.

    Inside ipykernel, ``sys.stderr`` (and even file descriptor 2) is forwarded to the
    browser; ipykernel keeps a copy of the original descriptor, which is used here.
    Outside a kernel this is the ordinary standard error.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = (self.format(record) + "\n").encode("utf-8", "replace")
            fd = getattr(sys.stderr, "_original_stdstream_copy", None)
            if isinstance(fd, int):
                os.write(fd, text)
            else:
                stream = sys.__stderr__
                if stream is not None:
                    stream.write(text.decode("utf-8"))
                    stream.flush()
        except Exception:
            self.handleError(record)


def _kernel_log() -> logging.Logger:
    """The logger of failed callbacks, with the kernel-log handler attached once."""
    logger = logging.getLogger("kneelib.widgets")
    if not any(isinstance(h, _KernelLogHandler) for h in logger.handlers):
        handler = _KernelLogHandler()
        handler.setFormatter(logging.Formatter("[kneelib] %(levelname)s %(message)s"))
        logger.addHandler(handler)
    return logger


def guarded(feedback: Any) -> Callable[[F], F]:
    """Decorate a widget callback so that errors appear in ``feedback.value``, never as a traceback.

    A KneelibError (a student's entry the logic refused, unusable content) shows
    its own message. Anything else is a bug: the student sees one generic line
    (``FAILURE_MESSAGE``), and the error goes, with its traceback, to the logger
    ``kneelib.widgets``, which writes to the kernel's log (the Jupyter server's
    terminal), not into the notebook.
    """

    def wrap(callback: F) -> F:
        @functools.wraps(callback)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except KneelibError as exc:
                feedback.value = feedback_html("error", str(exc))
            except Exception:
                _kernel_log().error(
                    "widget callback %s failed",
                    getattr(callback, "__qualname__", getattr(callback, "__name__", "?")),
                    exc_info=True,
                )
                feedback.value = feedback_html("failure", FAILURE_MESSAGE)
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
