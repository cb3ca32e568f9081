"""Capstone views: the exam-mode mixed quiz, scores by topic, spaced review and the chart (synthetic progress)."""

from __future__ import annotations

import json

import pytest
from matplotlib.figure import Figure

from kneelib.content.questions import QuizFile
from kneelib.figures.review import score_by_topic_figure
from kneelib.progress import ProgressStore
from kneelib.review import scores_by_attempt
from kneelib.widgets.review import (
    CapstoneView,
    ProgressChartView,
    show_capstone,
    show_spaced_review,
)


def quiz(topic: str, n: int) -> QuizFile:
    return QuizFile.model_validate(
        {
            "topic": topic,
            "title": topic,
            "objectives": [{"id": "o", "text": "Do"}],
            "questions": [
                {
                    "id": f"{topic}-{i}",
                    "type": "single",
                    "objective": "o",
                    "level": "recall",
                    "prompt": "Q?",
                    "references": ["r"],
                    "options": [
                        {"id": "a", "text": "Right", "correct": True, "explanation": "E"},
                        {"id": "b", "text": "Wrong", "explanation": "E"},
                    ],
                }
                for i in range(1, n + 1)
            ],
        }
    )


@pytest.fixture
def bank():
    return {"aa": quiz("aa", 3), "bb": quiz("bb", 3)}


def answer_all(view: CapstoneView, right_topics: set[str]) -> None:
    for v in view.quiz.views:
        topic = v.question.id.split("-")[0]
        v.choice.value = "a" if topic in right_topics else "b"
        v.check.click()


def test_capstone_is_in_exam_mode_with_the_drawn_number_of_questions(bank, store):
    view = CapstoneView(n=4, seed=1, store=store, bank=bank)
    assert view.quiz.mode == "exam"
    assert len(view.quiz.views) == 4
    assert "Draw number 1: the same number gives the same questions" in view.info.value


def test_same_seed_same_questions(bank, store):
    a = CapstoneView(n=4, seed=9, store=store, bank=bank)
    b = CapstoneView(n=4, seed=9, store=store, bank=bank)
    assert [v.question.id for v in a.quiz.views] == [v.question.id for v in b.quiz.views]


def test_finish_shows_score_by_topic_in_words(bank, store):
    view = CapstoneView(n=6, seed=3, store=store, bank=bank)
    answer_all(view, {"aa"})
    view.quiz.finish.click()
    text = view.topic_summary.value
    assert "Your score by topic for this attempt:" in text
    assert "<tr><td>aa</td><td>3 of 3</td><td>100%</td><td>✔ strong</td></tr>" in text
    assert "<tr><td>bb</td><td>0 of 3</td><td>0%</td><td>✘ revise first</td></tr>" in text


def test_answers_are_saved_under_a_capstone_session(bank, store):
    view = CapstoneView(n=2, seed=4, store=store, bank=bank)
    answer_all(view, {"aa", "bb"})
    sessions = {a["session"] for a in ProgressStore(store.path).answers}
    assert len(sessions) == 1 and sessions.pop().startswith("capstone-4-")


def test_new_attempt_draws_a_new_session(bank, store):
    view = CapstoneView(n=2, seed=4, store=store, bank=bank)
    first = view.quiz.session
    view.new_attempt.click()
    assert view.quiz.session != first
    assert view.topic_summary.value == ""


def test_too_large_a_draw_shows_a_message_on_new_attempt(bank, store):
    view = CapstoneView(n=2, seed=4, store=store, bank=bank)
    view.n = 50
    view.new_attempt.click()
    assert "Cannot check yet:</strong> draw_quiz: n: expected at most 6" in view.info.value


def test_finishing_updates_the_chart(bank, store):
    chart = ProgressChartView(store)
    assert "No capstone attempt saved yet." in chart.table.value
    view = CapstoneView(n=2, seed=5, store=store, bank=bank, chart=chart)
    answer_all(view, {"aa", "bb"})
    view.quiz.finish.click()
    assert "<tr><td>1</td>" in chart.table.value
    assert chart.image.png[:8] == b"\x89PNG\r\n\x1a\n"


def test_show_capstone_uses_the_real_bank(store):
    box = show_capstone(n=20, seed=2026, store=store)
    assert len(box.children[0].quiz.views) == 20


# ------------------------------------------------------------ spaced review and chart from a synthetic file


def write_progress(tmp_path, answers):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps({"version": 1, "student_id": "s", "answers": answers, "cases": []}),
        encoding="utf-8",
    )
    return ProgressStore(path)


def test_spaced_review_puts_a_missed_question_first_and_says_why(tmp_path):
    store = write_progress(
        tmp_path,
        [
            {
                "question_id": "tx-04",
                "topic": "08-treatment",
                "answer": ["a"],
                "score": 0.0,
                "correct": False,
                "time": "2026-11-01T10:00:00+00:00",
                "session": "s",
            }
        ],
    )
    box = show_spaced_review(n=3, store=store)
    note, quiz_view = box.children
    assert quiz_view.views[0].question.id == "tx-04"
    assert "Question 1: 08-treatment — you missed it last time." in note.value
    assert quiz_view.mode == "tutor"


def test_chart_reads_attempts_from_a_progress_file(tmp_path):
    rec = lambda q, t, c, time, s: {
        "question_id": q,
        "topic": t,
        "answer": "a",
        "score": 1.0 if c else 0.0,
        "correct": c,
        "time": time,
        "session": s,
    }
    store = write_progress(
        tmp_path,
        [
            rec("aa-1", "aa", False, "2026-11-01T10:00:00+00:00", "capstone-1"),
            rec("aa-1", "aa", True, "2026-11-02T10:00:00+00:00", "capstone-2"),
        ],
    )
    chart = ProgressChartView(store)
    assert "<tr><td>1</td><td>0%</td></tr><tr><td>2</td><td>100%</td></tr>" in chart.table.value


def test_chart_figure_has_one_line_per_topic(tmp_path):
    rec = lambda q, t, time, s: {
        "question_id": q,
        "topic": t,
        "answer": "a",
        "score": 1.0,
        "correct": True,
        "time": time,
        "session": s,
    }
    store = write_progress(
        tmp_path,
        [
            rec("aa-1", "aa", "2026-11-01T10:00:00+00:00", "capstone-1"),
            rec("bb-1", "bb", "2026-11-01T10:01:00+00:00", "capstone-1"),
        ],
    )
    fig = score_by_topic_figure(scores_by_attempt(store.answers))
    assert isinstance(fig, Figure)
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["aa", "bb"]


def test_chart_figure_without_attempts_says_so():
    fig = score_by_topic_figure(())
    assert "No capstone attempt saved yet" in fig.axes[0].texts[0].get_text()


def test_unanswered_questions_are_saved_as_zero_at_finish(bank, store):
    view = CapstoneView(n=4, seed=6, store=store, bank=bank)
    first = view.quiz.views[0]
    first.choice.value = "a"
    first.check.click()
    view.quiz.finish.click()
    saved = ProgressStore(store.path).answers
    assert len(saved) == 4
    assert sorted(a["score"] for a in saved) == [0.0, 0.0, 0.0, 1.0]
    assert scores_by_attempt(saved)[0].total == 4


def test_a_bank_too_small_for_the_draw_shows_a_message_not_a_traceback(bank, store):
    view = CapstoneView(n=50, seed=1, store=store, bank=bank)
    assert "Cannot check yet:</strong> draw_quiz: n: expected at most 6" in view.info.value
    assert view.quiz is None
