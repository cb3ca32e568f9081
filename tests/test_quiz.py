"""Grading every question type, stable shuffles, summaries and the review order."""

from __future__ import annotations

import pytest

from kneelib.content import load_quiz
from kneelib.quiz import AnswerError, grade, missed_questions, parse_number, shuffled, summarise


@pytest.fixture
def q(fixture_data):
    quiz = load_quiz("00-good")
    return {question.id: question for question in quiz.questions}


# ----------------------------------------------------------------- single
def test_single_right_option_scores_one(q):
    g = grade(q["g-single"], "a")
    assert (g.score, g.status, g.correct) == (1.0, "correct", True)


def test_single_wrong_option_scores_zero_and_names_the_right_one(q):
    g = grade(q["g-single"], "b")
    assert (g.score, g.status) == (0.0, "incorrect")
    assert g.message == "The right answer is 'Right'."


def test_single_feedback_explains_every_option(q):
    g = grade(q["g-single"], "b")
    assert [(d.label, d.status, d.explanation) for d in g.details] == [
        ("Right", "missed", "This is right."),
        ("Wrong", "chosen-wrong", "This is wrong."),
        ("Also wrong", "not-chosen", "This is wrong too."),
    ]
    assert g.details[1].references == ("ref-two",)


@pytest.mark.parametrize(
    "answer, message", [(None, "Choose an option first."), ("z", "Unknown option 'z'.")]
)
def test_single_without_a_valid_choice_is_refused(q, answer, message):
    with pytest.raises(AnswerError, match=f"^{message}$"):
        grade(q["g-single"], answer)


# --------------------------------------------------------------- multiple
@pytest.mark.parametrize(
    "ticked, score, status",
    [
        (["a", "b"], 1.0, "correct"),
        (["a"], 0.5, "partial"),
        (["a", "b", "c"], 0.5, "partial"),
        (["a", "c"], 0.0, "incorrect"),
        (["a", "c", "d"], 0.0, "incorrect"),  # never below zero
        (["c", "d"], 0.0, "incorrect"),
    ],
)
def test_multiple_partial_credit_rule(q, ticked, score, status):
    g = grade(q["g-multiple"], ticked)
    assert (g.score, g.status) == (score, status)


def test_multiple_message_counts_right_and_wrong_ticks(q):
    assert (
        grade(q["g-multiple"], ["a", "c"]).message
        == "1 of 2 right options ticked, 1 wrong option ticked."
    )


def test_multiple_with_nothing_ticked_is_refused(q):
    with pytest.raises(AnswerError, match="at least one"):
        grade(q["g-multiple"], [])


# ---------------------------------------------------------------- numeric
@pytest.mark.parametrize(
    "entry, score",
    [
        ("0.3", 1.0),
        ("0.2", 1.0),
        ("0.4", 1.0),
        ("0,4", 1.0),
        ("0.4 min", 1.0),
        (" .25 ", 1.0),
        ("0.19", 0.0),
        ("0.41", 0.0),
        ("0.4000001", 0.0),
        (0.4, 1.0),
        (1, 0.0),
    ],
)
def test_numeric_tolerance_edges_are_included_exactly(q, entry, score):
    assert grade(q["g-numeric"], entry).score == score


def test_numeric_too_low_and_too_high_explanations(q):
    low, high = grade(q["g-numeric"], "0.1"), grade(q["g-numeric"], "1")
    assert low.message == "Too low: the accepted answer is 0.3 ± 0.1 min."
    assert low.details[0].explanation == "Too little."
    assert high.details[0].explanation == "Too much."


@pytest.mark.parametrize("entry", ["", "abc", "1/2", "nan", "inf", "1e3", "--1", True])
def test_numeric_entry_that_is_not_a_number_is_refused(q, entry):
    with pytest.raises(AnswerError):
        grade(q["g-numeric"], entry)


def test_parse_number_message_names_the_entry():
    with pytest.raises(
        AnswerError, match=r"^'twelve' is not a number; enter digits only \(for example 12.5 cm\).$"
    ):
        parse_number("twelve", "cm")


# --------------------------------------------------------------- matching
def test_matching_all_right(q):
    g = grade(q["g-matching"], {"i1": "x", "i2": "y", "i3": "y"})
    assert (g.score, g.message) == (1.0, "Every item matched.")


def test_matching_share_of_items_right(q):
    g = grade(q["g-matching"], {"i1": "y", "i2": "y", "i3": "y"})
    assert (g.score, g.status, g.message) == (0.6667, "partial", "2 of 3 matched correctly.")
    assert g.details[0].explanation == "You chose 'Why'. One goes to Ex."


def test_matching_incomplete_is_refused_with_a_count(q):
    with pytest.raises(AnswerError, match=r"^Match every item first \(1 of 3 matched\).$"):
        grade(q["g-matching"], {"i1": "x", "i2": None})


# --------------------------------------------------------------- ordering
def test_ordering_right(q):
    assert grade(q["g-ordering"], ["s", "m", "l", "xl"]).score == 1.0


def test_ordering_share_in_position(q):
    g = grade(q["g-ordering"], ["s", "l", "m", "xl"])
    assert (g.score, g.message) == (0.5, "2 of 4 in the right position (smallest first).")


def test_ordering_reversed_scores_zero(q):
    assert grade(q["g-ordering"], ["xl", "l", "m", "s"]).score == 0.0


@pytest.mark.parametrize(
    "answer", [["s", "s", "m", "l"], ["s", "m"], [None, None, None, None], "smlx"]
)
def test_ordering_not_a_full_permutation_is_refused(q, answer):
    with pytest.raises(AnswerError):
        grade(q["g-ordering"], answer)


# ---------------------------------------------------------------- shuffle
def test_shuffle_is_stable_for_one_student():
    ids = [str(i) for i in range(10)]
    assert shuffled(ids, "student-a", "q1") == shuffled(ids, "student-a", "q1")


def test_shuffle_differs_between_students_and_keeps_every_id():
    ids = [str(i) for i in range(10)]
    a, b = shuffled(ids, "student-a", "q1"), shuffled(ids, "student-b", "q1")
    assert a != b
    assert sorted(a) == sorted(b) == sorted(ids)


# ---------------------------------------------------------------- summary
def test_summary_counts_unanswered_as_zero(q):
    questions = list(q.values())
    grades = {"g-single": grade(q["g-single"], "a"), "g-multiple": grade(q["g-multiple"], ["a"])}
    s = summarise(questions, grades)
    assert (s.points, s.answered, s.total, s.percent) == (1.5, 2, 5, 30.0)
    assert s.text() == "Score: 1.5 of 5 (30%), 2 of 5 answered."
    assert s.by_objective == {"know": (1.5, 5)}


def test_missed_questions_last_answer_wins_longest_waiting_first(q):
    answers = [
        {"question_id": "g-single", "correct": False, "time": "2026-01-01T10:00:00"},
        {"question_id": "g-single", "correct": True, "time": "2026-01-02T10:00:00"},
        {"question_id": "g-numeric", "correct": False, "time": "2026-01-03T10:00:00"},
        {"question_id": "g-ordering", "correct": False, "time": "2026-01-04T10:00:00"},
        {"question_id": "unknown-id", "correct": False, "time": "2026-01-05T10:00:00"},
    ]
    assert [x.id for x in missed_questions(q.values(), answers)] == ["g-numeric", "g-ordering"]


# ---------------------------------------------------------------- tags
def test_tagged_picks_the_questions_with_the_tag_in_file_order():
    from kneelib.content import load_quiz
    from kneelib.quiz import tagged

    assert [q.id for q in tagged(load_quiz("06-red-flags"), "sorting")] == ["rf-13", "rf-14"]


def test_tagged_names_the_quiz_when_no_question_has_the_tag():
    from kneelib.content import load_quiz
    from kneelib.quiz import tagged

    with pytest.raises(ValueError) as info:
        tagged(load_quiz("06-red-flags"), "no-such-tag")
    assert str(info.value) == (
        "06-red-flags: tags: expected at least one question tagged 'no-such-tag', found none"
    )


def test_questions_without_tags_have_none():
    from kneelib.content import load_quiz

    assert load_quiz("06-red-flags").questions[0].tags == ()
