"""Today's review, the warm-ups, the certainty buttons and the calibration view, driven like a student."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kneelib.content.questions import load_question_bank
from kneelib.progress import ProgressStore
from kneelib.widgets.quiz import show_quiz
from kneelib.widgets.review import show_calibration, show_today, show_warmup

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
LATER = T0 + timedelta(days=30)


def answer(store, qid, topic, score, minutes=0, certainty=None):
    store.record(
        item=qid,
        kind="question",
        topic=topic,
        answer="a",
        score=score,
        certainty=certainty,
        time=T0 + timedelta(minutes=minutes),
    )


def right_option(view):
    return next(o.id for o in view.question.options if o.correct)


def test_today_shows_due_questions_most_overdue_first_with_topics_mixed(store):
    answer(store, "oa-01", "05-osteoarthritis", 0.0, minutes=0)
    answer(store, "oa-02", "05-osteoarthritis", 0.0, minutes=1)
    answer(store, "td-01", "03-tendinopathy", 0.0, minutes=2)
    answer(store, "an-01", "01-popliteal-fossa-and-gait", 1.0, certainty="high", minutes=3)
    view = show_today(store=store, now=T0 + timedelta(hours=1))
    assert [v.question.id for v in view.quiz.views] == ["oa-01", "td-01", "oa-02"]
    assert "the most overdue first, topics mixed" in view.intro.value


def test_today_places_look_alikes_side_by_side(store):
    answer(store, "bc-01", "02-bakers-cyst", 0.0, minutes=0)
    answer(store, "oa-01", "05-osteoarthritis", 0.0, minutes=1)
    answer(store, "rf-01", "06-red-flags", 0.0, minutes=2)
    answer(store, "bc-10", "02-bakers-cyst", 0.0, minutes=3)
    view = show_today(store=store, now=LATER)
    assert [v.question.id for v in view.quiz.views] == ["bc-01", "rf-01", "bc-10", "oa-01"]
    assert "look-alike: Ruptured Baker&#x27;s cyst" in view.intro.value


def test_a_review_answer_needs_a_certainty_first(store):
    answer(store, "bc-08", "02-bakers-cyst", 0.0)
    view = show_today("00-start-here", store=store, now=LATER)
    q = view.quiz.views[0]
    q.choice.value = right_option(q)
    q.check.click()
    assert "Choose how sure you are first (not sure, fairly sure or sure)." in q.feedback.value
    assert len(ProgressStore(store.path).attempts) == 1


def test_a_sure_right_review_answer_is_marked_3_and_saved_with_its_certainty(store):
    answer(store, "bc-08", "02-bakers-cyst", 0.0)
    view = show_today("00-start-here", store=store, now=LATER)
    q = view.quiz.views[0]
    assert "Right: 1, 2 or 3 marks; wrong: 0, −2 or −6." in q.certainty.explanation.value
    q.certainty.buttons.value = "high"
    q.choice.value = right_option(q)
    q.check.click()
    assert "Certainty mark: +3 (sure, right)." in q.certainty.mark.value
    last = ProgressStore(store.path).attempts[-1]
    assert (last.item, last.certainty, last.mode, last.notebook, last.score) == (
        "bc-08",
        "high",
        "review",
        "00-start-here",
        1.0,
    )


def test_a_sure_wrong_answer_costs_6(store):
    answer(store, "bc-08", "02-bakers-cyst", 0.0)
    q = show_today(store=store, now=LATER).quiz.views[0]
    q.certainty.buttons.value = "high"
    q.choice.value = next(o.id for o in q.question.options if not o.correct)
    q.check.click()
    assert "Certainty mark: -6 (sure, not fully right)." in q.certainty.mark.value


def test_an_answer_in_the_review_moves_the_question_out_of_todays_queue(store):
    answer(store, "bc-08", "02-bakers-cyst", 0.0)
    q = show_today(store=store).quiz.views[0]
    q.certainty.buttons.value = "medium"
    q.choice.value = right_option(q)
    q.check.click()
    assert show_today(store=store).quiz is None


def test_nothing_answered_yet_says_so_kindly(store):
    view = show_today(store=store)
    assert view.quiz is None
    assert "Nothing to review yet: the questions you answer in the notebooks come back here" in (
        view.intro.value
    )


def test_nothing_due_names_the_next_time(store):
    answer(store, "bc-08", "02-bakers-cyst", 1.0, certainty="high")
    view = show_today(store=store, now=T0 + timedelta(days=1))
    assert "Nothing is due for review right now. The next one is due on 10 March 2026." in (
        view.intro.value
    )


def test_a_warm_up_takes_due_questions_from_earlier_notebooks_only(store):
    for n, (qid, topic) in enumerate(
        [
            ("td-01", "03-tendinopathy"),
            ("bc-01", "02-bakers-cyst"),
            ("an-01", "01-popliteal-fossa-and-gait"),
            ("oa-01", "05-osteoarthritis"),
            ("bc-02", "02-bakers-cyst"),
            ("bc-03", "02-bakers-cyst"),
            ("bc-04", "02-bakers-cyst"),
            ("bc-05", "02-bakers-cyst"),
        ]
    ):
        answer(store, qid, topic, 0.0, minutes=n)
    view = show_warmup("03-tendinopathy", store=store, now=LATER)
    ids = [v.question.id for v in view.quiz.views]
    assert len(ids) == 5
    assert {i[:2] for i in ids} <= {"bc", "an"}
    assert view.quiz.header.value.startswith("<h3>Warm-up</h3>")
    q = view.quiz.views[0]
    q.certainty.buttons.value = "low"
    q.choice.value = right_option(q)
    q.check.click()
    last = ProgressStore(store.path).attempts[-1]
    assert (last.mode, last.notebook) == ("warm-up", "03-tendinopathy")


def test_an_empty_warm_up_says_so_kindly(store):
    answer(store, "td-01", "03-tendinopathy", 0.0)
    view = show_warmup("03-tendinopathy", store=store, now=LATER)
    assert view.quiz is None
    assert (
        "Nothing from the earlier notebooks is due for review right now: well done, carry on."
        in (view.intro.value)
    )


def test_a_warm_up_of_the_wrong_size_is_refused():
    with pytest.raises(ValueError) as err:
        show_warmup("03-tendinopathy", n=8)
    assert str(err.value) == "show_warmup: n: expected a whole number from 3 to 5, found 8"


def test_a_damaged_schedule_shows_one_line_and_keeps_the_answers(store):
    answer(store, "bc-08", "02-bakers-cyst", 0.0)
    (store.path.parent / "progress.json.schedule").write_text("{oops")
    view = show_today(store=store, now=LATER)
    assert (
        "Your review schedule could not be used (it is damaged); it was rebuilt from your 1 saved answer."
        in view.notice.value
    )
    assert [v.question.id for v in view.quiz.views] == ["bc-08"]


def test_the_quiz_view_can_ask_for_certainty_elsewhere(store):
    quiz = show_quiz("02-bakers-cyst", store=store, certainty=True)
    q = quiz.views[0]
    q.choice.value = right_option(q)
    q.check.click()
    assert "Choose how sure you are first" in q.feedback.value
    q.certainty.buttons.value = "medium"
    q.check.click()
    assert "Certainty mark: +2 (fairly sure, right)." in q.certainty.mark.value
    last = ProgressStore(store.path).attempts[-1]
    assert (last.certainty, last.mode, last.notebook) == ("medium", "tutor", "02-bakers-cyst")


def test_without_certainty_the_quiz_view_is_unchanged(store):
    quiz = show_quiz("02-bakers-cyst", store=store)
    assert all(v.certainty is None for v in quiz.views)


def test_calibration_shows_a_plot_and_the_sentence(store):
    for score in (1.0, 1.0, 0.0, 1.0):
        answer(store, "bc-01", "02-bakers-cyst", score, certainty="high")
    answer(store, "bc-02", "02-bakers-cyst", 0.0, certainty="low")
    view = show_calibration(store=store)
    text = "When you were sure, you were right 75% of the time (3 of 4); when you were not sure, you were right 0% of the time (0 of 1)."
    assert view.sentence.value == f"<p>{text}</p>"
    assert view.image.alt == f"Bar chart of your calibration. {text}"
    assert view.image.png.startswith(b"\x89PNG")


def test_every_look_alike_question_is_in_the_bank():
    from kneelib.content.lookalikes import load_lookalikes

    bank = {q.id for quiz in load_question_bank().values() for q in quiz.questions}
    assert set(load_lookalikes().member_of()) <= bank


def test_in_exam_mode_the_certainty_mark_waits_for_finish(store):
    from kneelib.widgets.quiz import QuizView

    bank = load_question_bank()
    q0 = bank["02-bakers-cyst"].questions[0]
    quiz = QuizView([q0], "02-bakers-cyst", mode="exam", store=store, certainty=True)
    v = quiz.views[0]
    v.certainty.buttons.value = "high"
    v.choice.value = next(o.id for o in q0.options if not o.correct)
    v.check.click()
    assert v.certainty.mark.value == ""
    quiz.finish.click()
    assert "Certainty mark: -6 (sure, not fully right)." in v.certainty.mark.value
    assert v.certainty.buttons.disabled
