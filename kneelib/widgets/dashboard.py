"""The instructor's dashboard: who joined, the live answers to one question, the item analysis, a CSV export.

A thin view over ``kneelib.dashboard``. The account comes from the environment
(``KNEELIB_LRS_URL``, ``KNEELIB_LRS_READ_AUTH``) or from the caller, and is
never shown: no widget value holds the password.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..citing import displays
from ..content.questions import QuizFile
from ..dashboard import (
    READ_AUTH_ENV,
    Cohort,
    DashboardError,
    answer_distribution,
    answered_questions,
    cohort_from_statements,
    export_csvs,
    gain_rows,
    gradebook_bank,
    instructor_reader,
    item_rows,
    latest_question,
    participants_table,
    read_cohort,
)
from ..figures.common import to_png
from ..figures.dashboard import answer_alt_text, answer_figure
from ..lrs import LRS_REGISTRATION_ENV, LRS_URL_ENV, Workshop
from ..resources import notebooks_dir
from ..results import default_export_dir
from .common import FigureImage, feedback_html, guarded

__all__ = ["DEFAULT_INTERVAL", "DashboardView", "show_dashboard"]

#: Seconds between automatic refreshes.
DEFAULT_INTERVAL = 10.0

NOT_SET = (
    "No record store is set for the dashboard. Start one with make lrs (it prints the address and "
    f"the instructor account), set {LRS_URL_ENV} and {READ_AUTH_ENV} in the environment of the "
    "Jupyter server or Voila, and open this notebook again."
)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    head = "".join(
        f'<th style="text-align:left;padding:2px 8px">{html.escape(h)}</th>' for h in header
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td style="padding:2px 8px">{html.escape(str(c))}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="kneelib-table" style="border-collapse:collapse;color:#1a1a1a;background:#ffffff">'
        f'<caption style="text-align:left;font-weight:bold">{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


class DashboardView(widgets.VBox):
    """Refresh button (and a refresh every ``interval`` seconds), joined students, live answers, items, export."""

    def __init__(
        self,
        workshop: Workshop | None = None,
        *,
        bank: Mapping[str, QuizFile] | None = None,
        interval: float | None = DEFAULT_INTERVAL,
        folder: Path | str | None = None,
        environ: Mapping[str, str] | None = None,
    ):
        self.feedback = widgets.HTML()
        self.cohort: Cohort | None = None
        self.refreshes = 0
        self._read_at = ""
        self._stop = threading.Event()
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self.workshop, self.registration = workshop, workshop.registration if workshop else None
        if workshop is None:
            try:
                reader = instructor_reader(environ)
            except DashboardError as exc:
                reader = None
                self.feedback.value = feedback_html("error", str(exc))
            if reader is not None:
                self.workshop, self.registration = reader.workshop, reader.registration
        if self.workshop is None:
            if not self.feedback.value:
                self.feedback.value = feedback_html("info", NOT_SET)
            super().__init__([self.feedback])
            return
        self.bank = bank if bank is not None else gradebook_bank()
        self._questions = {q.id: q for quiz in self.bank.values() for q in quiz.questions}
        self.course = notebooks_dir()
        self.refresh_button = widgets.Button(
            description="Refresh", icon="refresh", tooltip="Read the record store again now"
        )
        self.joined = widgets.HTML()
        self.picker = widgets.Dropdown(
            options=[], description="Question:", style={"description_width": "initial"}
        )
        self.prompt = widgets.HTML()
        self.chart = FigureImage(max_width="800px")
        self.items = widgets.HTML()
        self.gain = widgets.HTML()
        self.report = widgets.HTML()
        default = default_export_dir() / "kneelib-dashboard" if folder is None else Path(folder)
        self.folder = widgets.Text(
            value=str(default),
            description="Export to:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="60%"),
        )
        self.export_button = widgets.Button(
            description="Export CSV", icon="download", tooltip="Write the gradebook's CSV files"
        )
        self.export_feedback = widgets.HTML()
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.picker.observe(guarded(self.feedback)(self._on_pick), "value")
        self.export_button.on_click(guarded(self.export_feedback)(self._on_export))
        which = (
            f"the workshop {self.registration}"
            if self.registration
            else f"every workshop (set {LRS_REGISTRATION_ENV} for one)"
        )
        intro = widgets.HTML(
            f"<p>Reading {html.escape(which)} at {html.escape(self.workshop.url)} with the instructor account"
            + (f"; refreshed every {interval:g} s" if interval else "")
            + ".</p>"
        )
        super().__init__(
            [
                intro,
                widgets.HBox([self.refresh_button, self.feedback]),
                self.joined,
                widgets.HTML("<h3>Live answers</h3>"),
                self.picker,
                self.prompt,
                self.chart,
                widgets.HTML("<h3>Item analysis (first attempts, as in the gradebook)</h3>"),
                self.items,
                self.gain,
                self.report,
                widgets.HBox([self.folder, self.export_button]),
                self.export_feedback,
            ]
        )
        self.refresh()
        if interval:
            self.interval = float(interval)
            self._thread = threading.Thread(
                target=self._loop, name="kneelib-dashboard-refresh", daemon=True
            )
            self._thread.start()

    # ------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Read the record store now and redraw everything (the button and the timer call this)."""
        guarded(self.feedback)(self._refresh)()

    def _refresh(self) -> None:
        # The read can take seconds: it runs outside the lock, so the picker stays usable meanwhile.
        try:
            statements = read_cohort(self.workshop, self.registration)
        except DashboardError as exc:
            before = (
                f"; showing what was read at {self._read_at}" if self.cohort is not None else ""
            )
            self.feedback.value = feedback_html("error", str(exc) + before)
            return
        cohort = cohort_from_statements(statements)
        with self._lock:
            self.cohort = cohort
            self.refreshes += 1
            self._read_at = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
            self._redraw()

    def _redraw(self) -> None:
        cohort = self.cohort
        n = len(cohort.participants)
        answers = sum(p.answers for p in cohort.participants)
        self.feedback.value = feedback_html(
            "info",
            f"{n} student{'s' if n != 1 else ''} joined, {answers} answer{'s' if answers != 1 else ''}; "
            f"read at {self._read_at}.",
        )
        header, rows = participants_table(cohort)
        self.joined.value = _table(header, rows, "Who has joined") if rows else "<p>Nobody yet.</p>"
        answered = answered_questions(cohort, self.bank)
        options = [(f"{qid} ({topic}, {k} answered)", qid) for topic, qid, k in answered]
        keep = self.picker.value
        self._updating = True
        try:
            self.picker.options = options
            ids = [qid for _, qid in options]
            if keep in ids:
                self.picker.value = keep
            elif ids:
                self.picker.value = latest_question(cohort, self.bank) or ids[0]
        finally:
            self._updating = False
        self._draw_chart()
        ih, irows = item_rows(cohort, self.bank)
        self.items.value = _table(ih, irows, "Per question") if irows else "<p>No answers yet.</p>"
        gain = gain_rows(cohort)
        self.gain.value = _table(*gain, "Learning gain (pre-test to post-test)") if gain else ""
        lines = cohort.report().splitlines()
        self.report.value = "<br>".join(html.escape(line) for line in lines)

    def _draw_chart(self) -> None:
        qid = self.picker.value
        if self.cohort is None or qid is None or qid not in self._questions:
            self.chart.clear()
            self.prompt.value = ""
            return
        question = self._questions[qid]
        self.prompt.value = (
            f"<p><strong>{html.escape(qid)}</strong>: {html.escape(question.prompt)}</p>"
        )
        distribution = answer_distribution(self.cohort, question)
        self.distribution = distribution
        self.chart.show(to_png(answer_figure(distribution)), answer_alt_text(distribution))

    def _on_pick(self, _change: Any = None) -> None:
        if not getattr(self, "_updating", False):
            with self._lock:
                self._draw_chart()

    # ------------------------------------------------------------ export
    def _on_export(self, _button: Any = None) -> None:
        if self.cohort is None:
            raise DashboardError("Nothing read from the record store yet: press Refresh first.")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        target = Path(self.folder.value.strip() or ".").expanduser() / f"workshop-{stamp}"
        try:
            written = export_csvs(self.cohort, self.bank, target, self.course)
        except OSError as exc:
            self.export_feedback.value = feedback_html(
                "error", f"{target}: could not be written ({exc.strerror or exc})."
            )
            return
        self.written = written
        self.export_feedback.value = feedback_html(
            "correct",
            f"Written to {target}: " + ", ".join(p.name for p in written) + ".",
        )

    # ------------------------------------------------------------ the timer
    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.refresh()

    @property
    def auto_refreshing(self) -> bool:
        """Whether the timer thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        """Stop the timer, then close the widgets."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=15)
        super().close()


_shown: list[DashboardView] = []


@displays(lambda workshop=None, interval=DEFAULT_INTERVAL: ())
def show_dashboard(
    workshop: Workshop | None = None, interval: float | None = DEFAULT_INTERVAL
) -> DashboardView:
    """The live workshop dashboard (the account from the environment unless a workshop is given).

    Showing it again (a cell run twice) closes the one shown before, so only one timer reads the store.
    """
    while _shown:
        _shown.pop().close()
    view = DashboardView(workshop, interval=interval)
    _shown.append(view)
    return view
