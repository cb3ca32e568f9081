"""Views for review: today's spaced review (00 and 10), each notebook's warm-up, calibration, and the capstone.

The logic is pure: the schedule in ``kneelib.schedule`` (FSRS cards from the
attempt records), today's order and the capstone session in ``kneelib.review``,
certainty-based marks in ``kneelib.certainty``; the quiz itself is the shared
``QuizView``. Capstone answers are saved under a session that starts with
``capstone-`` so attempts can be told apart.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import ipywidgets as widgets

from ..certainty import calibration, calibration_sentence
from ..citing import displays, refs_in
from ..content.lookalikes import load_lookalikes
from ..content.questions import QuizFile, load_question_bank
from ..figures.common import to_png
from ..figures.review import calibration_figure, score_by_topic_figure
from ..progress import ProgressStore
from ..review import (
    CAPSTONE_PREFIX,
    Attempt,
    CapstoneSession,
    DrawnQuestion,
    DueQuestion,
    ReviewError,
    TopicScore,
    due_questions,
    scores_by_attempt,
    spaced_review,
)
from ..schedule import load_schedule
from .common import FigureImage, feedback_html, guarded
from .quiz import QuizView

__all__ = [
    "CalibrationView",
    "CapstoneView",
    "ProgressChartView",
    "ReviewView",
    "attempts_html",
    "show_calibration",
    "show_capstone",
    "show_progress_chart",
    "show_spaced_review",
    "show_today",
    "show_warmup",
    "topic_table_html",
]

_REASON_WORDS = {
    "missed": "you missed it last time",
    "never-seen": "you have not answered it yet",
    "not-seen-recently": "you last answered it a while ago",
    "seen-recently": "you answered it recently",
}


def topic_table_html(scores: tuple[TopicScore, ...]) -> str:
    """A table of points by topic with a percentage and a word for each row."""
    rows = []
    for t in scores:
        word = (
            "✔ strong" if t.percent >= 80 else ("◐ revise" if t.percent >= 50 else "✘ revise first")
        )
        rows.append(
            f"<tr><td>{html.escape(t.topic)}</td><td>{t.points:g} of {t.total}</td>"
            f"<td>{t.percent:.0f}%</td><td>{word}</td></tr>"
        )
    return (
        '<table class="kneelib-topic-table"><thead><tr><th>Topic</th><th>Points</th><th>%</th><th>Next step</th>'
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def attempts_html(attempts: tuple[Attempt, ...]) -> str:
    """The chart's data as text (for screen readers and for anyone who prefers a table)."""
    if not attempts:
        return "<p>No capstone attempt saved yet.</p>"
    topics = sorted({t.topic for a in attempts for t in a.by_topic})
    head = "".join(f"<th>{html.escape(t)}</th>" for t in topics)
    rows = []
    for n, a in enumerate(attempts, start=1):
        by = {t.topic: t for t in a.by_topic}
        cells = "".join(
            f"<td>{by[t].percent:.0f}%</td>" if t in by else "<td>–</td>" for t in topics
        )
        rows.append(f"<tr><td>{n}</td>{cells}</tr>")
    return f'<table class="kneelib-attempts"><thead><tr><th>Attempt</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class ProgressChartView(widgets.VBox):
    """The chart of capstone scores by topic over attempts, with the same data as a table."""

    def __init__(self, store: ProgressStore | None = None):
        self.store = store if store is not None else ProgressStore.default()
        self.image = FigureImage()
        self.table = widgets.HTML("")
        self.feedback = widgets.HTML("")
        self.refresh = widgets.Button(
            description="Refresh chart", tooltip="Read the saved progress again"
        )
        self.refresh.on_click(guarded(self.feedback)(self._on_refresh))
        super().__init__([self.refresh, self.image, self.table, self.feedback])
        self.update()

    def update(self) -> None:
        """Redraw from the saved answers."""
        attempts = scores_by_attempt(self.store.answers, CAPSTONE_PREFIX)
        self.image.show(
            to_png(score_by_topic_figure(attempts)),
            f"Chart of your score by topic over {len(attempts)} capstone attempt(s); the same numbers are in the table below.",
        )
        self.table.value = attempts_html(attempts)

    def _on_refresh(self, _button: Any = None) -> None:
        self.store.reload()
        self.update()
        self.feedback.value = ""


class CapstoneView(widgets.VBox):
    """A mixed quiz in exam mode drawn from every bank; "New attempt" draws again; scores by topic at the end.

    The attempt itself (draw, session id, scores, what finishing saves) is a ``CapstoneSession``.
    """

    def __init__(
        self,
        n: int = 20,
        seed: int | None = None,
        store: ProgressStore | None = None,
        bank: Mapping[str, QuizFile] | None = None,
        chart: ProgressChartView | None = None,
    ):
        self.n = n
        self.store = store if store is not None else ProgressStore.default()
        self.bank = dict(bank) if bank is not None else load_question_bank()
        self.chart = chart
        self.session: CapstoneSession | None = None
        self.quiz: QuizView | None = None
        self.info = widgets.HTML("")
        self.quiz_box = widgets.VBox([])
        self.topic_summary = widgets.HTML("")
        self.new_attempt = widgets.Button(
            description="New attempt", tooltip="Draw a new mixed quiz"
        )
        self.new_attempt.on_click(guarded(self.info)(self._on_new))
        super().__init__([self.new_attempt, self.info, self.quiz_box, self.topic_summary])
        guarded(self.info)(self.draw)(seed)

    @property
    def drawn(self) -> tuple[DrawnQuestion, ...]:
        """The questions of the current attempt."""
        return self.session.drawn if self.session is not None else ()

    @property
    def seed(self) -> int | None:
        """The draw number of the current attempt."""
        return self.session.seed if self.session is not None else None

    def draw(self, seed: int | None = None) -> None:
        """Draw a quiz (a fresh random seed when none is given) and show it in exam mode."""
        if self.session is None:
            self.session = CapstoneSession(self.bank, self.n, seed)
        else:
            self.session.n = self.n
            self.session.new(seed)
        session = self.session
        quiz = QuizView(
            [d.question for d in session.drawn],
            session.topics,
            mode="exam",
            store=self.store,
            title=f"Capstone quiz ({len(session.drawn)} questions from {len(set(session.topics.values()))} topics)",
            notebook="10-capstone-review",
        )
        quiz.session = session.session
        for v in quiz.views:
            v._on_answer = self._answered(quiz, v._on_answer)
        quiz.finish.on_click(guarded(self.topic_summary)(self._on_finish))
        self.quiz = quiz
        self.quiz_box.children = (quiz,)
        self.topic_summary.value = ""
        self.info.value = feedback_html(
            "info",
            f"Draw number {session.seed}: the same number gives the same questions "
            "(show_capstone(seed=...)).",
        )

    def _answered(self, quiz: QuizView, save: Any) -> Any:
        def on_answer(view: Any) -> None:
            if self.session is not None and quiz is self.quiz:
                self.session.answer(view.question.id, view.grade.score)
            save(view)

        return on_answer

    def topic_scores(self) -> tuple[TopicScore, ...]:
        """Points by topic for the current attempt (unanswered questions count 0)."""
        return self.session.topic_scores() if self.session is not None else ()

    def _on_finish(self, _button: Any = None) -> None:
        self._record_unanswered()
        self.topic_summary.value = feedback_html(
            "info", "Your score by topic for this attempt:", topic_table_html(self.topic_scores())
        )
        if self.chart is not None:
            self.chart.update()

    def _record_unanswered(self) -> None:
        """Save every question left unanswered as 0 points, so the attempt and the spaced review count it."""
        if self.session is None:
            return
        try:
            for d in self.session.finish():
                self.store.record_answer(
                    d.question.id,
                    d.topic,
                    None,
                    0.0,
                    session=self.session.session,
                    mode="exam",
                    notebook="10-capstone-review",
                )
        except OSError as exc:
            self.info.value = feedback_html(
                "warning", f"Your unanswered questions could not be saved ({exc.strerror or exc})."
            )

    def _on_new(self, _button: Any = None) -> None:
        self.draw()


@displays(lambda n=20, seed=None, store=None: refs_in(tuple(load_question_bank().values())))
def show_capstone(
    n: int = 20, seed: int | None = None, store: ProgressStore | None = None
) -> widgets.Widget:
    """The capstone quiz (exam mode) followed by the chart of your scores by topic over attempts."""
    store = store if store is not None else ProgressStore.default()
    chart = ProgressChartView(store)
    view = CapstoneView(n=n, seed=seed, store=store, chart=chart)
    return widgets.VBox([view, widgets.HTML("<h3>Your scores by topic over attempts</h3>"), chart])


@displays(lambda n=10, store=None: refs_in(tuple(load_question_bank().values())))
def show_spaced_review(n: int = 10, store: ProgressStore | None = None) -> widgets.Widget:
    """A tutor-mode quiz of the questions due for review: missed first, then unseen, then not seen recently."""
    store = store if store is not None else ProgressStore.default()
    bank = load_question_bank()
    items = spaced_review(bank, store.answers, n=n)
    topics = {i.question.id: i.topic for i in items}
    why = "".join(
        f"<li>Question {k}: {html.escape(i.topic)} — {_REASON_WORDS[i.reason]}.</li>"
        for k, i in enumerate(items, start=1)
    )
    note = widgets.HTML(
        feedback_html(
            "info",
            "Why these questions: missed ones come first, then ones you have not answered, then ones you "
            "answered correctly 7 or more days ago, then the rest, oldest first.",
            f"<ul>{why}</ul>",
        )
    )
    quiz = QuizView(
        [i.question for i in items], topics, mode="tutor", store=store, title="Spaced review"
    )
    return widgets.VBox([note, quiz])


@displays(lambda store=None: ())
def show_progress_chart(store: ProgressStore | None = None) -> ProgressChartView:
    """The chart of capstone scores by topic over attempts."""
    return ProgressChartView(store)


# ---------------------------------------------------------------- today's review and warm-ups
def _lookalike_groups() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    found = load_lookalikes()
    names = {f"{g.id}/{m.id}": m.name for g in found.groups for m in g.members}
    return found.member_of(), names


def _when(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    clock = moment.strftime("%H:%M UTC")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"on {moment.strftime('%d %B %Y')}"


class ReviewView(widgets.VBox):
    """Questions that are due, most overdue first, topics mixed, look-alikes side by side, with certainty."""

    def __init__(
        self,
        n: int,
        notebook: str | None = None,
        store: ProgressStore | None = None,
        now: datetime | None = None,
        before: str | None = None,
        mode: str = "review",
        bank: Mapping[str, QuizFile] | None = None,
    ):
        self.store = store if store is not None else ProgressStore.default()
        self.now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        bank = dict(bank) if bank is not None else load_question_bank()
        groups, names = _lookalike_groups()
        self.schedule, schedule_notice = load_schedule(
            self.store.attempts, self.store.student_id, self.store.path
        )
        self.items: tuple[DueQuestion, ...] = due_questions(
            bank, self.schedule, self.now, groups, n=n, before=before
        )
        notices = [m for m in (self.store.notice, schedule_notice) if m]
        self.notice = widgets.HTML("".join(feedback_html("warning", m) for m in notices))
        self.intro = widgets.HTML(self._intro_html(mode, names, before))
        children: list[widgets.Widget] = [self.notice, self.intro]
        self.quiz: QuizView | None = None
        if self.items:
            self.quiz = QuizView(
                [i.question for i in self.items],
                {i.question.id: i.topic for i in self.items},
                mode="tutor",
                store=self.store,
                title="Warm-up" if mode == "warm-up" else "Today's review",
                certainty=True,
                record_mode=mode,
                notebook=notebook,
            )
            children.append(self.quiz)
        super().__init__(children)
        self.add_class("kneelib-review")

    def _intro_html(self, mode: str, names: Mapping[str, str], before: str | None) -> str:
        if not self.items:
            if not self.schedule.cards:
                message = (
                    "Nothing to review yet: the questions you answer in the notebooks come back here "
                    "when they are due."
                )
            else:
                nxt = None if before else self.schedule.next_due(self.now)
                later = f" The next one is due {_when(nxt, self.now)}." if nxt else ""
                where = " from the earlier notebooks" if before else ""
                message = (
                    f"Nothing{where} is due for review right now: well done, carry on.{later}"
                    if mode == "warm-up"
                    else f"Nothing is due for review right now.{later}"
                )
            return feedback_html("info", message)
        rows = []
        for k, i in enumerate(self.items, start=1):
            pair = f"{i.group}/{i.member}" if i.group else None
            tag = f" — look-alike: {html.escape(names[pair])}" if pair in names else ""
            rows.append(f"<li>Question {k}: {html.escape(i.topic)}{tag}</li>")
        what = (
            "A short warm-up from the earlier notebooks"
            if mode == "warm-up"
            else "The questions due for review"
        )
        return feedback_html(
            "info",
            f"{what}: the most overdue first, topics mixed, and diagnoses that look alike side by "
            "side. Say how sure you are before checking; your answers set when each question comes back.",
            f"<ol>{''.join(rows)}</ol>",
        )


def _bank_refs(before: str | None = None) -> tuple[str, ...]:
    return refs_in(
        tuple(q for t, q in load_question_bank().items() if before is None or t < before)
    )


@displays(lambda notebook=None, n=10, store=None, now=None: _bank_refs())
def show_today(
    notebook: str | None = None,
    n: int = 10,
    store: ProgressStore | None = None,
    now: datetime | None = None,
) -> ReviewView:
    """Today's spaced review: up to ``n`` due questions, most overdue first, topics mixed, look-alikes side by side."""
    return ReviewView(n, notebook=notebook, store=store, now=now)


@displays(lambda notebook, n=5, store=None, now=None: _bank_refs(before=notebook))
def show_warmup(
    notebook: str, n: int = 5, store: ProgressStore | None = None, now: datetime | None = None
) -> ReviewView:
    """A notebook's warm-up: up to ``n`` (3 to 5) due questions from the notebooks before it, e.g. ``show_warmup("03-tendinopathy")``."""
    if isinstance(n, bool) or not isinstance(n, int) or not 3 <= n <= 5:
        raise ReviewError(f"show_warmup: n: expected a whole number from 3 to 5, found {n!r}")
    return ReviewView(n, notebook=notebook, store=store, now=now, before=notebook, mode="warm-up")


class CalibrationView(widgets.VBox):
    """The share right at each certainty level, as a small plot and one sentence; Refresh reads again."""

    def __init__(self, store: ProgressStore | None = None):
        self.store = store if store is not None else ProgressStore.default()
        self.image = FigureImage(max_width="480px")
        self.sentence = widgets.HTML("")
        self.feedback = widgets.HTML("")
        self.refresh = widgets.Button(
            description="Refresh", tooltip="Read your saved answers again"
        )
        self.refresh.on_click(guarded(self.feedback)(self._on_refresh))
        super().__init__([self.refresh, self.image, self.sentence, self.feedback])
        self.update()

    def update(self) -> None:
        """Redraw from the saved answers."""
        levels = calibration(self.store.attempts)
        text = calibration_sentence(levels)
        self.image.show(
            to_png(calibration_figure(levels)), f"Bar chart of your calibration. {text}"
        )
        self.sentence.value = f"<p>{html.escape(text)}</p>"

    def _on_refresh(self, _button: Any = None) -> None:
        self.store.reload()
        self.update()


@displays(lambda store=None: ())
def show_calibration(store: ProgressStore | None = None) -> CalibrationView:
    """Your calibration: how often you were right when not sure, fairly sure and sure."""
    return CalibrationView(store)
