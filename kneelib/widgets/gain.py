"""The pre-test (notebook 00) and the post-test (notebook 10), and the student's gain per objective.

Both tests are quizzes in exam mode with certainty: each answer is saved once,
with how sure the student was, and the feedback, the certainty marks and the
score come when they press Finish. After the post-test the student sees their
gain per objective (``kneelib.gain``); without a pre-test, a kind line says so
and the post-test score per objective is shown instead.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..certainty import calibration, calibration_sentence
from ..citing import displays, refs_in
from ..content.questions import TEST_FORMS, QuizFile, load_quiz
from ..errors import KneelibError
from ..gain import ALL, ObjectiveGain, gain_sentence, student_gain
from ..progress import ProgressStore
from .common import feedback_html, guarded
from .quiz import QuestionView, QuizView

__all__ = ["TestView", "gain_table_html", "show_gain", "show_test"]

_WHERE = {"pre-test": "00-start-here", "post-test": "10-capstone-review"}


def _points(x: float | None) -> str:
    return "–" if x is None else f"{round(x, 2):g}"


def _gain_cell(row: ObjectiveGain) -> str:
    if row.gain is not None:
        return f"{row.gain:.2f}"
    if row.pre is not None and row.post is not None:
        return "– (full marks before)"
    return "–"


def gain_table_html(rows: tuple[ObjectiveGain, ...], form: QuizFile) -> str:
    """The gain per objective as an HTML table (objective, before, after, g), the whole test last."""
    names = {o.id: o.text for o in form.objectives}
    body = "".join(
        f"<tr><td>{'<strong>Whole test</strong>' if r.objective == ALL else html.escape(names.get(r.objective, r.objective))}</td>"
        f'<td style="text-align:right">{_points(r.pre)} / {r.maximum}</td>'
        f'<td style="text-align:right">{_points(r.post)} / {r.maximum}</td>'
        f'<td style="text-align:right">{_gain_cell(r)}</td></tr>'
        for r in rows
    )
    return (
        '<table class="kneelib-gain-table"><caption>Your score per objective before (pre-test) '
        "and after (post-test) the series; g is the share of the possible gain you made</caption>"
        '<thead><tr><th scope="col">Objective</th><th scope="col">Pre-test</th>'
        '<th scope="col">Post-test</th><th scope="col">g</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _forms() -> tuple[QuizFile, QuizFile]:
    return load_quiz("pre-test"), load_quiz("post-test")


def gain_html(store: ProgressStore) -> str:
    """The student's gain: a sentence and the table, or a kind line when a test is missing."""
    pre, post = _forms()
    rows = student_gain(store.attempts, pre, post)
    whole = rows[-1]
    if whole.pre is None and whole.post is not None:
        kind = feedback_html(
            "info",
            "You did not take the pre-test in notebook 00, so there is no starting point to "
            "measure a gain from. Your post-test score per objective is below; start with the "
            "objectives you scored lowest on.",
        )
    else:
        kind = feedback_html("info", gain_sentence(whole))
    if whole.post is None:
        return kind
    return kind + gain_table_html(rows, post)


class TestView(widgets.VBox):
    """The pre-test or the post-test: one saved answer per item, with certainty; the gain after the post-test."""

    __test__ = False  # not a pytest test class

    def __init__(self, form: str, store: ProgressStore | None = None):
        if form not in TEST_FORMS:
            raise KneelibError(f"form: expected one of {', '.join(TEST_FORMS)}, found {form!r}")
        self.form = form
        self.store = store if store is not None else ProgressStore.default()
        quiz = load_quiz(form)
        taken = any(a.mode == form for a in self.store.attempts)
        self.quiz = QuizView(
            quiz.questions,
            form,
            mode="exam",
            store=self.store,
            title=quiz.title,
            certainty=True,
            record_mode=form,
            notebook=_WHERE[form],
        )
        for view in self.quiz.views:
            view.check.on_click(guarded(view.feedback)(self._lock(view)))
        self.notice = widgets.HTML(
            feedback_html(
                "info",
                f"You have taken the {form} before: your first answers are the ones that count, "
                "so a new try here is practice only.",
            )
            if taken
            else feedback_html(
                "info",
                "Answer each question once, as on a paper test, and say how sure you are. "
                "Your answers, your certainty marks and your score appear when you press Finish.",
            )
        )
        self.result = widgets.HTML("")
        self.result.add_class("kneelib-gain")
        self.quiz.finish.on_click(guarded(self.result)(self._after_finish))
        super().__init__([self.notice, self.quiz, self.result])
        self.add_class("kneelib-test")

    @staticmethod
    def _lock(view: QuestionView) -> Any:
        def lock(_button: Any = None) -> None:
            if view.grade is not None:
                view.disable()
                view.feedback.value = feedback_html(
                    "info",
                    "Answer saved (one answer per question). Feedback comes when you finish.",
                )

        return lock

    def _after_finish(self, _button: Any = None) -> None:
        answered = [v for v in self.quiz.views if v.grade is not None]
        for view in answered:
            if view.certainty is not None:
                view.certainty.show_mark(view.grade.correct)
        self.store.reload()
        mine = [a for a in self.store.attempts if a.session == self.quiz.session]
        sentence = f"<p>{html.escape(calibration_sentence(calibration(mine)))}</p>" if mine else ""
        if self.form == "pre-test":
            self.result.value = sentence + feedback_html(
                "info",
                "Your pre-test is saved. Take the post-test at the end of the series (notebook 10) "
                "to see how much you gained on each objective.",
            )
        else:
            self.result.value = sentence + gain_html(self.store)


@displays(lambda form, store=None: refs_in(load_quiz(form)))
def show_test(form: str, store: ProgressStore | None = None) -> TestView:
    """The pre-test (``show_test("pre-test")`` in 00) or the post-test (``show_test("post-test")`` in 10)."""
    return TestView(form, store)


@displays(lambda store=None: ())
def show_gain(store: ProgressStore | None = None) -> widgets.HTML:
    """Your gain per objective from the pre-test to the post-test, from your saved answers."""
    store = store if store is not None else ProgressStore.default()
    return widgets.HTML(gain_html(store))
