"""Views for the capstone (notebook 10): a mixed exam-mode quiz, spaced review, and a chart of scores by topic.

The logic (draw, order, scores) is in ``kneelib.review``; the quiz itself is the
shared ``QuizView``. Capstone answers are saved under a session that starts with
``capstone-`` so attempts can be told apart.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..content.questions import QuizFile, load_question_bank
from ..figures.common import to_png
from ..figures.review import score_by_topic_figure
from ..progress import ProgressStore
from ..review import (
    CAPSTONE_PREFIX,
    Attempt,
    DrawnQuestion,
    TopicScore,
    draw_quiz,
    new_seed,
    score_by_topic,
    scores_by_attempt,
    spaced_review,
)
from .common import FigureImage, feedback_html, guarded
from .quiz import QuizView

__all__ = [
    "CapstoneView",
    "ProgressChartView",
    "attempts_html",
    "show_capstone",
    "show_progress_chart",
    "show_spaced_review",
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
    """A mixed quiz in exam mode drawn from every bank; "New attempt" draws again; scores by topic at the end."""

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
        self.drawn: tuple[DrawnQuestion, ...] = ()
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

    def draw(self, seed: int | None = None) -> None:
        """Draw a quiz (a fresh random seed when none is given) and show it in exam mode."""
        seed = seed if seed is not None else new_seed()
        self.seed = seed
        self.drawn = draw_quiz(self.bank, self.n, seed)
        topics = {d.question.id: d.topic for d in self.drawn}
        quiz = QuizView(
            [d.question for d in self.drawn],
            topics,
            mode="exam",
            store=self.store,
            title=f"Capstone quiz ({len(self.drawn)} questions from {len(set(topics.values()))} topics)",
        )
        quiz.session = f"{CAPSTONE_PREFIX}{seed}-{uuid.uuid4().hex[:8]}"
        quiz.finish.on_click(guarded(self.topic_summary)(self._on_finish))
        self.quiz = quiz
        self.quiz_box.children = (quiz,)
        self.topic_summary.value = ""
        self.info.value = feedback_html(
            "info",
            f"Draw number {seed}: the same number gives the same questions "
            "(show_capstone(seed=...)).",
        )

    def topic_scores(self) -> tuple[TopicScore, ...]:
        """Points by topic for the current attempt (unanswered questions count 0)."""
        grades = self.quiz.grades() if self.quiz is not None else {}
        return score_by_topic(self.drawn, {qid: g.score for qid, g in grades.items()})

    def _on_finish(self, _button: Any = None) -> None:
        self._record_unanswered()
        scores = self.topic_scores()
        self.topic_summary.value = feedback_html(
            "info", "Your score by topic for this attempt:", topic_table_html(scores)
        )
        if self.chart is not None:
            self.chart.update()

    def _record_unanswered(self) -> None:
        """Save every question left unanswered as 0 points, so the attempt and the spaced review count it."""
        if self.quiz is None:
            return
        answered = self.quiz.grades()
        try:
            for d in self.drawn:
                if d.question.id not in answered:
                    self.store.record_answer(
                        d.question.id, d.topic, None, 0.0, False, session=self.quiz.session
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
