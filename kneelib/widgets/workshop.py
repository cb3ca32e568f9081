"""Joining a live workshop from notebook 00: a display name, the join code, one button.

Thin: ``kneelib.lrs`` checks the code, keeps it beside the progress file and
sends each new answer to the workshop's learning record store in the background.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..citing import displays
from ..lrs import Workshop, WorkshopError, connect, save_workshop, saved_workshop
from ..progress import ProgressStore
from .common import feedback_html, guarded

__all__ = ["WorkshopView", "show_workshop"]

PRIVACY = (
    "Only the name you type here and your answers are sent; your progress file's random id, "
    "not your login, tells your answers apart. Nothing is sent unless you join."
)


class WorkshopView(widgets.VBox):
    """Join a workshop with the code your instructor gives, or see which workshop you are in."""

    def __init__(self, store: ProgressStore | None = None):
        self.store = store if store is not None else ProgressStore.default()
        self.name = widgets.Text(
            value=str(self.store.data.get("student_name", "")),
            description="Your name:",
            placeholder="as your instructor should see it",
            layout=widgets.Layout(width="auto"),
        )
        self.code = widgets.Password(
            description="Join code:",
            placeholder="kneelib-join:...",
            layout=widgets.Layout(width="auto"),
        )
        self.join = widgets.Button(description="Join the workshop", button_style="primary")
        self.feedback = widgets.HTML("")
        self.join.on_click(guarded(self.feedback)(self._on_join))
        super().__init__(
            [
                widgets.HTML(f"<p style='font-size:90%'>{html.escape(PRIVACY)}</p>"),
                self.name,
                self.code,
                self.join,
                self.feedback,
            ]
        )
        self._show_current()

    def _show_current(self) -> None:
        try:
            current = Workshop.from_env()
        except WorkshopError as exc:
            self.feedback.value = feedback_html("warning", str(exc))
            return
        if current is not None:
            connect(self.store, current)
            self.code.disabled = self.join.disabled = True
            self.feedback.value = feedback_html(
                "info",
                f"Your instructor has set this kernel up for the workshop at {current.url}: "
                "your answers are sent there as you go.",
            )
            return
        saved = saved_workshop(self.store.path)
        if saved is not None:
            connect(self.store, saved)
            self.feedback.value = feedback_html(
                "info",
                f"You are in the workshop at {saved.url}; paste a new code to change workshop.",
            )

    def _on_join(self, _button: Any = None) -> None:
        name = " ".join(self.name.value.split())
        if not name:
            self.feedback.value = feedback_html(
                "error", "Type the name your instructor should see first."
            )
            return
        workshop = Workshop.from_join_code(
            self.code.value
        )  # a WorkshopError is shown beside the button
        self.store.update("student_name", name)
        save_workshop(self.store.path, workshop)
        conn = connect(self.store, workshop)
        conn.display_name = name
        self.code.value = ""
        self.feedback.value = feedback_html(
            "correct",
            f"Joined the workshop at {workshop.url} as {name}. Your answers from now on are sent "
            "there as you go; if it cannot be reached they wait here and go later.",
        )


@displays(lambda store=None: ())
def show_workshop(store: ProgressStore | None = None) -> WorkshopView:
    """The workshop join box for notebook 00 (optional: nothing is sent unless a student joins)."""
    return WorkshopView(store)
