"""The pre-test, the post-test and the gain per objective, driven like a student."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kneelib.widgets.gain import show_gain, show_test

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def right(view):
    return next(o.id for o in view.question.options if o.correct)


def wrong(view):
    return next(o.id for o in view.question.options if not o.correct)


def answer(view, option, certainty="high"):
    view.choice.value = option
    if certainty is not None:
        view.certainty.buttons.value = certainty
    view.check.click()


def pre_test_taken(store, right_items):
    """A pre-test in the store: the items numbered in ``right_items`` right, the rest wrong."""
    for n in range(1, 11):
        store.record(
            item=f"pre-{n:02d}",
            kind="question",
            topic="pre-test",
            answer="a",
            score=1.0 if n in right_items else 0.0,
            certainty="medium",
            mode="pre-test",
            notebook="00-start-here",
            time=T0 + timedelta(minutes=n),
        )


def test_a_test_answer_needs_a_certainty_first_and_nothing_is_saved(store):
    view = show_test("pre-test", store=store)
    q = view.quiz.views[0]
    answer(q, right(q), certainty=None)
    assert (
        "Choose how sure you are first (not sure, fairly sure or sure)." in q.feedback.value,
        store.attempts,
        q.check.disabled,
    ) == (True, (), False)


def test_a_pre_test_answer_is_saved_once_with_its_certainty_mode_and_notebook(store):
    view = show_test("pre-test", store=store)
    q = view.quiz.views[0]
    answer(q, wrong(q), certainty="low")
    (saved,) = store.attempts
    assert (saved.item, saved.score, saved.certainty, saved.mode, saved.notebook) == (
        q.question.id,
        0.0,
        "low",
        "pre-test",
        "00-start-here",
    )
    assert q.check.disabled and q.choice.disabled and q.certainty.buttons.disabled
    assert "Answer saved (one answer per question)." in q.feedback.value


def test_finishing_the_pre_test_shows_the_certainty_marks_and_points_to_the_post_test(store):
    view = show_test("pre-test", store=store)
    first, second = view.quiz.views[:2]
    answer(first, right(first), "high")
    answer(second, wrong(second), "high")
    view.quiz.finish.click()
    assert "Certainty mark: +3 (sure, right)." in first.certainty.mark.value
    assert "Certainty mark: -6 (sure, not fully right)." in second.certainty.mark.value
    assert "When you were sure, you were right 50% of the time (1 of 2)." in view.result.value
    assert "Take the post-test at the end of the series (notebook 10)" in view.result.value


def test_after_the_post_test_the_student_sees_their_gain_per_objective(store):
    pre_test_taken(store, right_items={1, 2, 3, 4, 5})
    view = show_test("post-test", store=store)
    for q in view.quiz.views:
        answer(q, right(q), "high" if q.question.id != "post-10" else "medium")
    view.quiz.finish.click()
    text = view.result.value
    assert (
        "You scored 5 of 10 before and 10 of 10 after the series: you made 100% of the gain that "
        "was possible (g = 1.00)." in text
    )
    assert (
        "<tr><td>Recognise a red flag behind the knee and choose how urgently to act</td>"
        '<td style="text-align:right">0 / 1</td>'
        '<td style="text-align:right">1 / 1</td><td style="text-align:right">1.00</td></tr>'
    ) in text
    assert (
        "<tr><td>Place a structure or a swelling within the layers and borders of the popliteal "
        'fossa</td><td style="text-align:right">1 / 1</td><td style="text-align:right">1 / 1</td>'
        '<td style="text-align:right">– (full marks before)</td></tr>'
    ) in text
    saved = [a for a in store.attempts if a.mode == "post-test"]
    assert (len(saved), {a.notebook for a in saved}) == (10, {"10-capstone-review"})


def test_without_a_pre_test_the_post_test_says_so_kindly_and_shows_the_scores(store):
    view = show_test("post-test", store=store)
    q = view.quiz.views[0]
    answer(q, right(q))
    view.quiz.finish.click()
    assert "You did not take the pre-test in notebook 00" in view.result.value
    assert '<td style="text-align:right">– / 1</td><td style="text-align:right">1 / 1</td>' in (
        view.result.value
    )


def test_a_second_sitting_says_that_the_first_answers_count(store):
    pre_test_taken(store, right_items=set())
    view = show_test("pre-test", store=store)
    assert "You have taken the pre-test before: your first answers are the ones that count" in (
        view.notice.value
    )


def test_the_gain_view_before_any_post_test_says_what_to_do(store):
    pre_test_taken(store, right_items={1})
    assert "Take the post-test in notebook 10 to see your gain." in show_gain(store=store).value


def test_an_unknown_form_is_refused_by_name():
    with pytest.raises(ValueError) as err:
        show_test("capstone")
    assert str(err.value) == "form: expected one of pre-test, post-test, found 'capstone'"
