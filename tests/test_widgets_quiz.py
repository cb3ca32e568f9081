"""The quiz view, driven like a student: set values, click, read the feedback."""

from __future__ import annotations

import pytest

from kneelib.progress import ProgressStore
from kneelib.widgets.quiz import QuizView, show_quiz, show_review


@pytest.fixture
def view(fixture_data, store):
    return show_quiz("00-good", store=store)


def by_id(view, qid):
    return next(v for v in view.views if v.question.id == qid)


def test_right_answer_shows_correct_with_symbol_and_explanations(view):
    q = by_id(view, "g-single")
    q.choice.value = "a"
    q.check.click()
    assert "✔</span> Correct:</strong> You chose the right option." in q.feedback.value
    assert "This is wrong too." in q.feedback.value  # every option explained
    assert "Sources: Doe et al. 2020" in q.feedback.value


def test_wrong_answer_shows_not_quite_and_the_reason(view):
    q = by_id(view, "g-single")
    q.choice.value = "b"
    q.check.click()
    assert "✘</span> Not quite:</strong> The right answer is &#x27;Right&#x27;." in q.feedback.value
    assert (
        '(your choice, wrong)</em>: This is wrong. <span class="kneelib-source">(Source: NICE 2022)'
        in q.feedback.value
    )


def test_check_without_a_choice_gives_a_message_not_a_traceback(view):
    q = by_id(view, "g-single")
    q.check.click()
    assert "Cannot check yet:</strong> Choose an option first." in q.feedback.value


def test_numeric_entry_that_is_not_a_number_is_explained_beside_the_box(view):
    q = by_id(view, "g-numeric")
    q.number.value = "about ten"
    q.check.click()
    assert "&#x27;about ten&#x27; is not a number" in q.feedback.value
    q.number.value = "0,2 min"
    q.check.click()
    assert "Correct:</strong> Within the accepted range (0.3 ± 0.1 min)." in q.feedback.value


def test_multiple_partial_credit_is_shown(view):
    q = by_id(view, "g-multiple")
    q.boxes["a"].value = True
    q.boxes["c"].value = True
    q.check.click()
    assert (
        "Not quite:</strong> 1 of 2 right options ticked, 1 wrong option ticked."
        in q.feedback.value
    )
    q.boxes["c"].value = False
    q.check.click()
    assert (
        "Partly right:</strong> 1 of 2 right options ticked, 0 wrong options ticked."
        in q.feedback.value
    )


def test_matching_by_dropdowns(view):
    q = by_id(view, "g-matching")
    q.matches["i1"].value = "x"
    q.check.click()
    assert "Match every item first (1 of 3 matched)." in q.feedback.value
    q.matches["i2"].value = "y"
    q.matches["i3"].value = "y"
    q.check.click()
    assert "Correct:</strong> Every item matched." in q.feedback.value


def test_ordering_with_a_shared_position_is_refused(view):
    q = by_id(view, "g-ordering")
    for item in ("s", "m", "l", "xl"):
        q.positions[item].value = 1
    q.check.click()
    assert "Use each position once" in q.feedback.value
    for n, item in enumerate(("s", "m", "l", "xl"), start=1):
        q.positions[item].value = n
    q.check.click()
    assert "Correct:</strong> All in order (smallest first)." in q.feedback.value


def test_answers_are_recorded_in_progress(view, store):
    q = by_id(view, "g-single")
    q.choice.value = "b"
    q.check.click()
    q.choice.value = "a"
    q.check.click()
    recs = ProgressStore(store.path).answers
    assert [(r["question_id"], r["answer"], r["correct"], r["topic"]) for r in recs] == [
        ("g-single", "b", False, "00-good"),
        ("g-single", "a", True, "00-good"),
    ]


def test_score_summary(view):
    by_id(view, "g-single").choice.value = "a"
    by_id(view, "g-single").check.click()
    view.finish.click()
    assert "Score: 1 of 5 (20%), 1 of 5 answered." in view.summary.value


def test_exam_mode_hides_feedback_until_finish(fixture_data, store):
    exam = show_quiz("00-good", mode="exam", store=store)
    q = by_id(exam, "g-single")
    q.choice.value = "b"
    q.check.click()
    assert "Feedback comes when you finish" in q.feedback.value
    assert "Not quite" not in q.feedback.value
    exam.finish.click()
    assert "Not quite:</strong> The right answer is" in q.feedback.value
    assert "Not answered." in by_id(exam, "g-numeric").feedback.value
    assert q.check.disabled and q.choice.disabled
    assert "Score: 0 of 5 (0%), 1 of 5 answered." in exam.summary.value


def test_option_order_is_stable_for_a_student_and_differs_between_students(fixture_data, tmp_path):
    a1 = show_quiz("00-good", store=ProgressStore(tmp_path / "a.json"))
    a2 = show_quiz("00-good", store=ProgressStore(tmp_path / "a.json"))
    orders = {
        tuple(
            by_id(
                show_quiz("00-good", store=ProgressStore(tmp_path / f"s{i}.json")), "g-multiple"
            ).boxes
        )
        for i in range(6)
    }
    assert list(by_id(a1, "g-multiple").boxes) == list(by_id(a2, "g-multiple").boxes)
    assert len(orders) > 1


def test_saving_failure_is_reported_in_one_line_and_grading_still_works(fixture_data, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    v = show_quiz("00-good", store=ProgressStore(blocker / "progress.json"))
    q = by_id(v, "g-single")
    q.choice.value = "a"
    q.check.click()
    assert "Correct:" in q.feedback.value
    assert "could not be saved" in v.status.value


def test_corrupt_progress_notice_is_shown_above_the_quiz(fixture_data, tmp_path):
    (tmp_path / "progress.json").write_text("{broken")
    v = show_quiz("00-good", store=ProgressStore(tmp_path / "progress.json"))
    assert "Your progress file was damaged" in v.status.value


def test_content_text_is_escaped(fixture_data, store):
    from kneelib.content.questions import SingleChoice

    evil = SingleChoice.model_validate(
        {
            "id": "x",
            "type": "single",
            "objective": "know",
            "level": "recall",
            "prompt": "<script>alert(1)</script> **bold**",
            "references": ["ref-one"],
            "options": [
                {
                    "id": "a",
                    "text": "<b>A</b>",
                    "correct": True,
                    "explanation": "<img src=x onerror=alert(1)>",
                },
                {"id": "b", "text": "B", "explanation": "e"},
            ],
        }
    )
    v = QuizView([evil], "t", store=store)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong>" in v.views[0].prompt.value
    v.views[0].choice.value = "a"
    v.views[0].check.click()
    assert "&lt;img src=x onerror=alert(1)&gt;" in v.views[0].feedback.value
    assert "<img" not in v.views[0].feedback.value


def test_review_offers_the_missed_questions(fixture_data, store):
    v = show_quiz("00-good", store=store)
    q = by_id(v, "g-single")
    q.choice.value = "b"
    q.check.click()
    review = show_review(store=store)
    assert [x.question.id for x in review.views] == ["g-single"]


def test_review_with_nothing_missed_says_so(fixture_data, store):
    assert "Nothing to review" in show_review(store=store).value


def test_unknown_mode_is_refused(fixture_data, store):
    with pytest.raises(ValueError, match="mode: expected 'tutor' or 'exam', found 'quiz'"):
        show_quiz("00-good", mode="quiz", store=store)
