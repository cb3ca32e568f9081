"""Capstone logic: the stratified draw, spaced-review order and scores over attempts (fixed seeds, synthetic progress)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone

import pytest

from kneelib.content.questions import QuizFile
from kneelib.progress import ProgressStore
from kneelib.review import (
    DrawnQuestion,
    ReviewError,
    draw_quiz,
    review_order,
    score_by_topic,
    scores_by_attempt,
    spaced_review,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def quiz(topic: str, n: int, prefix: str | None = None) -> QuizFile:
    prefix = prefix or topic[:2]
    return QuizFile.model_validate(
        {
            "topic": topic,
            "title": topic,
            "objectives": [{"id": "o", "text": "Do"}],
            "questions": [
                {
                    "id": f"{prefix}-{i:02d}",
                    "type": "single",
                    "objective": "o",
                    "level": "recall",
                    "prompt": "Q?",
                    "references": ["r"],
                    "options": [
                        {"id": "a", "text": "A", "correct": True, "explanation": "E"},
                        {"id": "b", "text": "B", "explanation": "E"},
                    ],
                }
                for i in range(1, n + 1)
            ],
        }
    )


def bank(**sizes: int) -> dict[str, QuizFile]:
    return {t: quiz(t, n) for t, n in sizes.items()}


def counts(drawn) -> Counter:
    return Counter(d.topic for d in drawn)


# ----------------------------------------------------------------- the draw


def test_draw_gives_n_distinct_questions():
    drawn = draw_quiz(bank(aa=10, bb=10, cc=10), n=20, seed=1)
    assert len(drawn) == 20
    assert len({d.question.id for d in drawn}) == 20


def test_draw_is_even_across_topics_when_n_divides():
    assert counts(draw_quiz(bank(aa=10, bb=10, cc=10, dd=10), n=20, seed=7)) == {
        "aa": 5,
        "bb": 5,
        "cc": 5,
        "dd": 5,
    }


def test_remainder_places_differ_by_at_most_one():
    c = counts(draw_quiz(bank(aa=10, bb=10, cc=10), n=7, seed=3))
    assert sorted(c.values()) == [2, 2, 3]


def test_a_small_topic_gives_its_unused_places_to_the_others():
    assert counts(draw_quiz(bank(aa=2, bb=10, cc=10), n=12, seed=5)) == {"aa": 2, "bb": 5, "cc": 5}


def test_fewer_places_than_topics_gives_one_question_per_chosen_topic():
    c = counts(draw_quiz(bank(aa=3, bb=3, cc=3, dd=3), n=2, seed=11))
    assert sorted(c.values()) == [1, 1]


def test_same_seed_gives_the_same_quiz():
    b = bank(aa=10, bb=10, cc=10)
    first = [d.question.id for d in draw_quiz(b, n=20, seed=42)]
    assert first == [d.question.id for d in draw_quiz(b, n=20, seed=42)]


def test_different_seeds_give_different_quizzes():
    b = bank(aa=10, bb=10, cc=10)
    assert [d.question.id for d in draw_quiz(b, 20, seed=1)] != [
        d.question.id for d in draw_quiz(b, 20, seed=2)
    ]


def test_a_known_seed_gives_a_known_quiz():
    # Pins the algorithm: changing the draw would change students' reproducible quizzes.
    drawn = draw_quiz(bank(aa=4, bb=4), n=4, seed=0)
    assert [d.question.id for d in drawn] == ["aa-01", "bb-02", "aa-02", "bb-04"]


def test_too_many_questions_asked_is_refused():
    with pytest.raises(
        ReviewError,
        match=r"^draw_quiz: n: expected at most 6 \(the questions in the bank\), found 7$",
    ):
        draw_quiz(bank(aa=3, bb=3), n=7, seed=1)


@pytest.mark.parametrize("n", [0, -1, 2.5, True, "20"])
def test_a_bad_n_is_refused(n):
    with pytest.raises(ReviewError, match="^draw_quiz: n: expected a whole number of at least 1"):
        draw_quiz(bank(aa=3), n=n, seed=1)


def test_an_empty_bank_is_refused():
    with pytest.raises(
        ReviewError, match="expected at least one question bank with questions, found none"
    ):
        draw_quiz({}, n=1, seed=1)


def test_the_real_bank_supports_a_20_question_draw_from_every_topic():
    from kneelib.content import load_question_bank

    real = load_question_bank()
    drawn = draw_quiz(real, n=20, seed=2026)
    assert len(drawn) == 20
    if len(real) <= 20:
        assert set(counts(drawn)) == set(real)


# ------------------------------------------------------------ scoring


def test_score_by_topic_counts_unanswered_as_zero():
    b = bank(aa=2, bb=1)
    drawn = [
        DrawnQuestion("aa", b["aa"].questions[0]),
        DrawnQuestion("aa", b["aa"].questions[1]),
        DrawnQuestion("bb", b["bb"].questions[0]),
    ]
    result = score_by_topic(drawn, {"aa-01": 1.0, "bb-01": 0.5})
    assert [(t.topic, t.points, t.total) for t in result] == [("aa", 1.0, 2), ("bb", 0.5, 1)]
    assert result[0].percent == 50.0


# ------------------------------------------------------------ spaced review (synthetic progress files)


def write_progress(tmp_path, answers) -> ProgressStore:
    path = tmp_path / "progress.json"
    path.write_text(
        json.dumps({"version": 1, "student_id": "s1", "answers": answers, "cases": []}),
        encoding="utf-8",
    )
    return ProgressStore(path)


def ans(qid, topic, correct, time, session="s", score=None):
    return {
        "question_id": qid,
        "topic": topic,
        "answer": "a",
        "score": (1.0 if correct else 0.0) if score is None else score,
        "correct": correct,
        "time": time,
        "session": session,
    }


def test_review_order_missed_then_never_seen_then_stale_then_recent(tmp_path):
    b = bank(aa=3, bb=3)
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", True, "2026-11-19T10:00:00+00:00"),  # seen recently, correct
            ans("aa-02", "aa", False, "2026-11-18T10:00:00+00:00"),  # missed (later)
            ans("bb-01", "bb", False, "2026-11-10T10:00:00+00:00"),  # missed (earlier)
            ans("bb-02", "bb", True, "2026-11-01T10:00:00+00:00"),  # correct, 19 days ago: stale
            ans("aa-03", "aa", True, "2026-11-12T10:00:00+00:00"),  # correct, 8 days ago: stale
        ],
    )
    order = review_order(b, store.answers, now=NOW)
    assert [(i.question.id, i.reason) for i in order] == [
        ("bb-01", "missed"),
        ("aa-02", "missed"),
        ("bb-03", "never-seen"),
        ("bb-02", "not-seen-recently"),
        ("aa-03", "not-seen-recently"),
        ("aa-01", "seen-recently"),
    ]


def test_a_later_correct_answer_clears_a_miss(tmp_path):
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", False, "2026-11-19T09:00:00+00:00"),
            ans("aa-01", "aa", True, "2026-11-19T10:00:00+00:00"),
        ],
    )
    item = review_order(bank(aa=1), store.answers, now=NOW)[0]
    assert (item.reason, item.last_seen) == (
        "seen-recently",
        datetime(2026, 11, 19, 10, tzinfo=timezone.utc),
    )


def test_a_later_wrong_answer_makes_a_question_missed_again(tmp_path):
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", True, "2026-11-19T09:00:00+00:00"),
            ans("aa-01", "aa", False, "2026-11-19T10:00:00+00:00"),
        ],
    )
    assert review_order(bank(aa=1), store.answers, now=NOW)[0].reason == "missed"


def test_exactly_stale_days_counts_as_not_seen_recently(tmp_path):
    store = write_progress(tmp_path, [ans("aa-01", "aa", True, "2026-11-13T12:00:00+00:00")])
    assert review_order(bank(aa=1), store.answers, now=NOW)[0].reason == "not-seen-recently"


def test_stale_days_can_be_changed(tmp_path):
    store = write_progress(tmp_path, [ans("aa-01", "aa", True, "2026-11-18T12:00:00+00:00")])
    assert (
        review_order(bank(aa=1), store.answers, now=NOW, stale_days=1)[0].reason
        == "not-seen-recently"
    )


def test_answers_without_a_readable_time_are_ignored(tmp_path):
    store = write_progress(
        tmp_path, [{"question_id": "aa-01", "correct": False, "time": "yesterday"}]
    )
    assert review_order(bank(aa=1), store.answers, now=NOW)[0].reason == "never-seen"


def test_an_empty_progress_file_reviews_in_bank_order(tmp_path):
    store = write_progress(tmp_path, [])
    assert [i.question.id for i in review_order(bank(aa=2, bb=1), store.answers, now=NOW)] == [
        "aa-01",
        "aa-02",
        "bb-01",
    ]


def test_spaced_review_takes_the_first_n(tmp_path):
    store = write_progress(tmp_path, [ans("bb-01", "bb", False, "2026-11-19T10:00:00+00:00")])
    assert [
        i.question.id for i in spaced_review(bank(aa=2, bb=1), store.answers, n=2, now=NOW)
    ] == ["bb-01", "aa-01"]


def test_spaced_review_refuses_a_bad_n():
    with pytest.raises(
        ReviewError, match="^spaced_review: n: expected a whole number of at least 1, found 0$"
    ):
        spaced_review(bank(aa=1), [], n=0, now=NOW)


# ------------------------------------------------------------ attempts


def test_scores_by_attempt_groups_capstone_sessions_oldest_first(tmp_path):
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", True, "2026-11-19T10:00:00+00:00", session="capstone-2"),
            ans("aa-01", "aa", False, "2026-11-18T10:00:00+00:00", session="capstone-1"),
            ans("bb-01", "bb", True, "2026-11-18T10:01:00+00:00", session="capstone-1"),
            ans("bb-01", "bb", True, "2026-11-17T10:00:00+00:00", session="tutor-abc"),
        ],
    )
    attempts = scores_by_attempt(store.answers)
    assert [a.session for a in attempts] == ["capstone-1", "capstone-2"]
    assert [(t.topic, t.points, t.total) for t in attempts[0].by_topic] == [
        ("aa", 0.0, 1),
        ("bb", 1.0, 1),
    ]
    assert (attempts[1].points, attempts[1].total) == (1.0, 1)


def test_only_the_latest_answer_in_an_attempt_counts(tmp_path):
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", False, "2026-11-18T10:00:00+00:00", session="capstone-1"),
            ans("aa-01", "aa", True, "2026-11-18T10:05:00+00:00", session="capstone-1"),
        ],
    )
    assert scores_by_attempt(store.answers)[0].by_topic[0].points == 1.0


def test_partial_scores_are_summed(tmp_path):
    store = write_progress(
        tmp_path,
        [
            ans("aa-01", "aa", False, "2026-11-18T10:00:00+00:00", session="capstone-1", score=0.5),
            ans("aa-02", "aa", True, "2026-11-18T10:01:00+00:00", session="capstone-1"),
        ],
    )
    t = scores_by_attempt(store.answers)[0].by_topic[0]
    assert (t.points, t.total, t.percent) == (1.5, 2, 75.0)


def test_no_capstone_attempts_gives_an_empty_history(tmp_path):
    store = write_progress(
        tmp_path, [ans("aa-01", "aa", True, "2026-11-18T10:00:00+00:00", session="x")]
    )
    assert scores_by_attempt(store.answers) == ()


def test_missed_questions_are_in_one_order_in_the_review_the_quiz_engine_and_the_records(
    store, monkeypatch
):
    from kneelib.quiz import missed_questions
    from kneelib.records import missed
    from kneelib.widgets import quiz as quiz_views

    b = bank(aa=3, bb=2)
    # Same second for two misses: the record order decides, not the bank order.
    for qid, score in [
        ("bb-02", 0.0),
        ("aa-03", 0.0),
        ("aa-01", 0.0),
        ("bb-01", 0.5),
        ("aa-01", 1.0),
    ]:
        store.record_answer(qid, qid[:2], "a", score)
    want = [r.item for r in missed(store.attempts)]
    assert len(want) == 3
    assert [
        q.id for q in missed_questions([q for f in b.values() for q in f.questions], store.answers)
    ] == want
    assert [
        i.question.id for i in review_order(b, store.answers, now=NOW) if i.reason == "missed"
    ] == want
    monkeypatch.setattr(quiz_views, "load_question_bank", lambda: b)
    view = quiz_views.show_review(store=store)
    assert [v.question.id for v in view.views] == want


# ----------------------------------------------------------------- the capstone session
def test_a_capstone_session_draws_with_its_seed_and_a_capstone_session_id():
    from kneelib.review import CapstoneSession

    a, b = (
        CapstoneSession(bank(aa=4, bb=4), n=4, seed=5),
        CapstoneSession(bank(aa=4, bb=4), n=4, seed=5),
    )
    assert [d.question.id for d in a.drawn] == [d.question.id for d in b.drawn]
    assert a.session.startswith("capstone-5-") and a.session != b.session


def test_a_capstone_session_scores_by_topic_and_finishing_lists_the_unanswered_once():
    from kneelib.review import CapstoneSession

    s = CapstoneSession(bank(aa=2, bb=2), n=4, seed=1)
    for d in s.drawn:
        if d.topic == "aa":
            s.answer(d.question.id, 1.0)
    assert [(t.topic, t.points, t.total) for t in s.topic_scores()] == [
        ("aa", 2.0, 2),
        ("bb", 0.0, 2),
    ]
    assert sorted(d.question.id for d in s.finish()) == ["bb-01", "bb-02"]
    assert s.finish() == ()


def test_a_finished_capstone_session_refuses_answers_until_a_new_attempt():
    from kneelib.review import CapstoneSession

    s = CapstoneSession(bank(aa=2), n=2, seed=1)
    s.finish()
    with pytest.raises(ReviewError) as err:
        s.answer("aa-01", 1.0)
    assert str(err.value) == "This attempt is finished: press New attempt to try again."
    first = s.session
    s.new(2)
    s.answer("aa-01", 1.0)
    assert (s.finished, s.scores, s.session != first) == (False, {"aa-01": 1.0}, True)


def test_a_capstone_session_refuses_a_question_it_did_not_draw():
    from kneelib.review import CapstoneSession

    s = CapstoneSession(bank(aa=3), n=2, seed=1)
    other = next(q.id for q in bank(aa=3)["aa"].questions if q.id not in s.topics)
    with pytest.raises(ReviewError) as err:
        s.answer(other, 1.0)
    assert str(err.value) == f"answer: expected a question of this draw, found '{other}'"


def test_a_refused_new_draw_leaves_the_session_as_it_was():
    from kneelib.review import CapstoneSession

    s = CapstoneSession(bank(aa=3), n=2, seed=1)
    before = (s.seed, s.drawn, s.session)
    s.n = 9
    with pytest.raises(ReviewError):
        s.new(3)
    assert (s.seed, s.drawn, s.session) == before
