"""The export view: a name box and one button that writes the student's results file."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..citing import displays
from ..progress import ProgressStore
from ..results import export_progress
from .common import feedback_html, guarded

__all__ = ["ExportView", "show_export"]


class ExportView(widgets.VBox):
    """Name or student id (asked once, remembered), an export button, feedback in words."""

    def __init__(self, store: ProgressStore | None = None, folder: Path | str | None = None):
        self.store = store if store is not None else ProgressStore.default()
        self.folder = folder
        known = self.store.data.get("student_name")
        self.name = widgets.Text(
            value=known if isinstance(known, str) else "",
            placeholder="name or student id",
            description="Your name:",
            style={"description_width": "initial"},
        )
        self.button = widgets.Button(
            description="Export my results",
            icon="download",
            tooltip="Write your answers to one file to hand to your instructor",
        )
        self.feedback = widgets.HTML(
            feedback_html("warning", self.store.notice) if self.store.notice else ""
        )
        intro = widgets.HTML(
            "<p>Hand your results to your instructor: type your name or student id (only once; it is remembered), "
            "press the button, then send the file it names. Nothing else about you is saved in it.</p>"
        )
        self.button.on_click(guarded(self.feedback)(self._on_export))
        super().__init__([intro, widgets.HBox([self.name, self.button]), self.feedback])

    def _on_export(self, _button: Any = None) -> None:
        try:
            path = export_progress(self.store, self.name.value, self.folder)
        except OSError as exc:
            self.feedback.value = feedback_html(
                "error",
                f"Your results could not be saved ({exc.strerror or exc}). Ask your instructor where to save them.",
            )
            return
        self.name.value = self.store.data.get("student_name", self.name.value)
        count = len(self.store.answers)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        link = (
            f'<p><a download="{html.escape(path.name)}" href="data:application/json;base64,{payload}">'
            f"Download {html.escape(path.name)}</a> (if you cannot reach the file itself)</p>"
        )
        self.feedback.value = feedback_html(
            "correct" if count else "info",
            f"Saved {count} answer{'s' if count != 1 else ''} to {path}. Send this file to your instructor."
            + ("" if count else " (No quiz answers yet: answer some questions first.)"),
            link,
        )


@displays(lambda store=None, folder=None: ())
def show_export(store: ProgressStore | None = None, folder: Path | str | None = None) -> ExportView:
    """A name box and an "Export my results" button, e.g. at the end of a notebook."""
    return ExportView(store, folder)
