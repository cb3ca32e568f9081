"""The quiz view: one widget per question, tutor or exam mode, a score summary.

The view only wires widgets to ``kneelib.quiz``; grading, shuffling and
summaries are pure functions there.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import ipywidgets as widgets

from ..citing import displays, refs_in
from ..content.questions import Question, load_question_bank, load_quiz
from ..progress import ProgressStore
from ..qtypes.registry import handler_for
from ..quiz import GRADING_RULES, Grade, grade, missed_questions, summarise
from ..text import cite, to_html
from .certainty import CertaintyPicker
from .common import feedback_html, guarded

__all__ = ["QuestionView", "QuizView", "grade_html", "show_quiz", "show_review"]

Mode = Literal["tutor", "exam"]

_DETAIL_WORDS = {
    "chosen-correct": ("✔", "your choice, right"),
    "chosen-wrong": ("✘", "your choice, wrong"),
    "missed": ("✱", "right, not chosen"),
    "not-chosen": ("–", "not chosen"),
    "placed-correct": ("✔", "right"),
    "placed-wrong": ("✘", "wrong"),
}


def grade_html(g: Grade) -> str:
    """The feedback for a graded answer: verdict, every option's explanation, sources."""
    rows = []
    for d in g.details:
        symbol, words = _DETAIL_WORDS[d.status]
        source = (
            f' <span class="kneelib-source">(Source: {html.escape(cite(d.references))})</span>'
            if d.references
            else ""
        )
        rows.append(
            f'<li><strong><span aria-hidden="true">{symbol}</span> {to_html(d.label)}</strong> '
            f"<em>({words})</em>: {to_html(d.explanation)}{source}</li>"
        )
    sources = f'<p class="kneelib-source">Sources: {html.escape(cite(g.references))}</p>'
    return feedback_html(
        g.status, g.message, f'<ul style="margin:4px 0">{"".join(rows)}</ul>{sources}'
    )


class QuestionView(widgets.VBox):
    """One question: prompt, an input for its type, a check button and feedback."""

    def __init__(
        self,
        question: Question,
        number: int,
        student_key: str,
        mode: Mode = "tutor",
        on_answer: Any = None,
        certainty: bool = False,
    ):
        self.question = question
        self.mode = mode
        self.grade: Grade | None = None
        self._on_answer = on_answer
        q = question
        self.prompt = widgets.HTML(
            f"<p><strong>Question {number}.</strong> {to_html(q.prompt)}</p>"
            f'<p style="font-size:90%;color:#333">{html.escape(GRADING_RULES[q.type])}</p>'
        )
        self.feedback = widgets.HTML("")
        self.check = widgets.Button(
            description="Check answer" if mode == "tutor" else "Save answer",
            tooltip="Check this answer and see the explanations"
            if mode == "tutor"
            else "Save this answer; feedback comes when you finish",
        )
        self.inputs = self._build_inputs(student_key)
        self.certainty = CertaintyPicker() if certainty else None
        self.check.on_click(guarded(self.feedback)(self._on_check))
        super().__init__(
            [self.prompt, self.inputs, *([self.certainty] if self.certainty else []), self.check]
            + [self.feedback],
            layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="6px 0"),
        )
        # Stable hooks for the browser tests and for instructors' custom CSS.
        self.add_class("kneelib-question")
        self.add_class(f"kneelib-q-{q.id}")
        self.feedback.add_class("kneelib-feedback-box")

    # ------------------------------------------------------------- inputs
    def _build_inputs(self, key: str) -> widgets.Widget:
        """The type's own input view; its named controls (``choice``, ``boxes``...) become attributes."""
        self.input_view = handler_for(self.question).input_view(self.question, key)
        for name, control in self.input_view.controls.items():
            setattr(self, name, control)
        return self.input_view.widget

    def answer(self) -> Any:
        """The current entry in the form ``kneelib.quiz.grade`` expects."""
        return self.input_view.read()

    # ------------------------------------------------------------- actions
    def _on_check(self, _button: Any = None) -> None:
        if self.certainty is not None:
            self.certainty.require()
        self.grade = grade(self.question, self.answer())
        if self.mode == "tutor":
            self.reveal()
        else:
            self.feedback.value = feedback_html(
                "info", "Answer saved. Feedback comes when you finish the quiz."
            )
        if self._on_answer is not None:
            self._on_answer(self)

    def reveal(self) -> None:
        """Show the feedback for the graded answer (or say it was not answered)."""
        if self.grade is None:
            self.feedback.value = feedback_html("incorrect", "Not answered.")
        else:
            self.feedback.value = grade_html(self.grade)
            if self.certainty is not None:
                self.certainty.show_mark(self.grade.correct)

    def disable(self) -> None:
        """Freeze the inputs (exam mode, after finishing)."""
        self.check.disabled = True
        if self.certainty is not None:
            self.certainty.disable()
        for child in _descendants(self.inputs):
            if hasattr(child, "disabled"):
                child.disabled = True


def _descendants(widget: widgets.Widget) -> list[widgets.Widget]:
    out = [widget]
    for child in getattr(widget, "children", ()):
        out.extend(_descendants(child))
    return out


class QuizView(widgets.VBox):
    """A quiz: its questions, a status line and a score summary."""

    def __init__(
        self,
        questions: Sequence[Question],
        topic: str | Mapping[str, str],
        mode: Mode = "tutor",
        store: ProgressStore | None = None,
        title: str = "Quiz",
        certainty: bool = False,
        record_mode: str | None = None,
        notebook: str | None = None,
    ):
        if mode not in ("tutor", "exam"):
            raise ValueError(f"mode: expected 'tutor' or 'exam', found {mode!r}")
        self.mode = mode
        #: Saved with each answer: how the quiz was met (tutor, exam, review, warm-up ...) and where.
        self.record_mode = record_mode or mode
        self.notebook = notebook
        self.store = store if store is not None else ProgressStore.default()
        self.session = uuid.uuid4().hex
        self._showing_sync_notice = False
        self._topics = topic if isinstance(topic, Mapping) else {q.id: topic for q in questions}
        self.questions = list(questions)
        self.status = widgets.HTML(
            feedback_html("warning", self.store.notice) if self.store.notice else ""
        )
        how = (
            "Tutor mode: each answer is checked at once, with an explanation for every option."
            if mode == "tutor"
            else "Exam mode: answers are saved; the feedback and your score come when you press Finish."
        )
        self.header = widgets.HTML(f"<h3>{html.escape(title)}</h3><p>{html.escape(how)}</p>")
        self.views = [
            QuestionView(q, n, self.store.student_id, mode, self._record, certainty)
            for n, q in enumerate(self.questions, start=1)
        ]
        self.summary = widgets.HTML("")
        self.finish = widgets.Button(
            description="Show my score" if mode == "tutor" else "Finish quiz",
            tooltip="Add up the score of this quiz",
        )
        self.finish.on_click(guarded(self.summary)(self._on_finish))
        super().__init__([self.header, self.status, *self.views, self.finish, self.summary])
        self.add_class("kneelib-quiz")

    def _record(self, view: QuestionView) -> None:
        g = view.grade
        if g is None:  # pragma: no cover - only called after grading
            return
        try:
            self.store.record_answer(
                g.question_id,
                self._topics.get(g.question_id, "?"),
                g.answer,
                g.score,
                g.correct,
                session=self.session,
                certainty=view.certainty.value if view.certainty is not None else None,
                mode=self.record_mode,
                notebook=self.notebook,
            )
        except OSError as exc:
            self.status.value = feedback_html(
                "warning",
                f"Your answer was checked but could not be saved to {self.store.path} ({exc.strerror or exc}).",
            )
            return
        # A workshop's record store that is away: say once, beside the quiz, that answers go later.
        notice = self.store.sync_notice
        if notice:
            self.status.value = feedback_html("info", notice)
        elif self._showing_sync_notice:
            self.status.value = ""
        self._showing_sync_notice = bool(notice)

    def grades(self) -> dict[str, Grade]:
        """The latest grade of every answered question."""
        return {v.question.id: v.grade for v in self.views if v.grade is not None}

    def _on_finish(self, _button: Any = None) -> None:
        result = summarise(self.questions, self.grades())
        if self.mode == "exam":
            for v in self.views:
                v.reveal()
                v.disable()
            self.finish.disabled = True
        self.summary.value = feedback_html("info", result.text())


@displays(lambda topic, mode="tutor", store=None, certainty=False: refs_in(load_quiz(topic)))
def show_quiz(
    topic: str, mode: Mode = "tutor", store: ProgressStore | None = None, certainty: bool = False
) -> QuizView:
    """The quiz of one notebook, e.g. ``show_quiz("02-bakers-cyst")``; ``certainty=True`` asks how sure you are."""
    quiz = load_quiz(topic)
    return QuizView(
        quiz.questions,
        topic,
        mode=mode,
        store=store,
        title=quiz.title,
        certainty=certainty,
        notebook=topic,
    )


@displays(lambda store=None, mode="tutor": refs_in(tuple(load_question_bank().values())))
def show_review(store: ProgressStore | None = None, mode: Mode = "tutor") -> widgets.Widget:
    """A quiz of the questions you last answered wrongly, most recent first."""
    store = store if store is not None else ProgressStore.default()
    bank = load_question_bank()
    topics = {q.id: t for t, quiz in bank.items() for q in quiz.questions}
    questions = missed_questions(
        [q for quiz in bank.values() for q in quiz.questions], store.answers
    )
    if not questions:
        return widgets.HTML(
            feedback_html("info", "Nothing to review: no question is waiting for another try.")
        )
    return QuizView(questions, topics, mode=mode, store=store, title="Review what I missed")
