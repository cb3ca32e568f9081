"""The FSRS review schedule: ratings, due order, interleaving, a backward clock, the cache, the due command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from kneelib.progress import ProgressStore
from kneelib.records import AttemptRecord
from kneelib.schedule import (
    DueCard,
    build_schedule,
    cache_path,
    interleave,
    load_schedule,
    rating_for,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def rec(item, score, certainty=None, minutes=0, topic="02-bakers-cyst", kind="question"):
    return AttemptRecord(
        student="s1",
        item=item,
        kind=kind,
        topic=topic,
        answer="a",
        score=score if kind == "question" else None,
        certainty=certainty,
        time=T0 + timedelta(minutes=minutes),
    )


def due_at(records, item):
    return build_schedule(records).cards[item].due


@pytest.mark.parametrize(
    ("score", "certainty", "rating"),
    [
        (0.0, "high", Rating.Again),
        (0.5, None, Rating.Again),
        (1.0, "low", Rating.Hard),
        (1.0, "medium", Rating.Good),
        (1.0, None, Rating.Good),
        (1.0, "high", Rating.Easy),
    ],
)
def test_grade_and_certainty_map_to_a_rating(score, certainty, rating):
    assert rating_for(rec("q", score, certainty)) == rating


def test_a_wrong_answer_comes_due_sooner_than_a_right_one():
    assert due_at([rec("q", 0.0)], "q") < due_at([rec("q", 1.0)], "q")


def test_a_sure_right_answer_comes_due_later_than_an_unsure_one():
    low, medium, high = (due_at([rec("q", 1.0, c)], "q") for c in ("low", "medium", "high"))
    assert low < medium < high


def test_the_intervals_of_the_series_settings():
    got = {
        c: due_at([rec("q", s, c)], "q") - T0
        for s, c in [(0.0, None), (1.0, "low"), (1.0, "medium"), (1.0, "high")]
    }
    assert got == {
        None: timedelta(minutes=10),
        "low": timedelta(minutes=15),
        "medium": timedelta(days=2),
        "high": timedelta(days=8),
    }


def test_due_cards_come_most_overdue_first_and_not_yet_due_ones_wait():
    records = [
        rec("a", 1.0, minutes=0),
        rec("b", 0.0, minutes=1),
        rec("c", 0.0, minutes=2),
        rec("d", 1.0, "high"),
    ]
    due = build_schedule(records).due(T0 + timedelta(days=3))
    assert [d.item for d in due] == ["b", "c", "a"]


def test_the_schedule_is_the_same_when_rebuilt():
    records = [rec("a", 1.0), rec("a", 0.0, minutes=60), rec("b", 1.0, "low", minutes=61)]
    assert build_schedule(records).due(T0 + timedelta(days=1)) == build_schedule(records).due(
        T0 + timedelta(days=1)
    )


def test_case_records_make_no_card():
    records = [rec("dvt", None, kind="case-ending"), rec("q", 1.0)]
    assert list(build_schedule(records).cards) == ["q"]


def test_a_clock_that_goes_backwards_does_not_move_a_card_back():
    records = [rec("q", 1.0, "high", minutes=0), rec("q", 0.0, minutes=-3 * 24 * 60)]
    schedule = build_schedule(records)  # no error
    # The wrong answer counts at the time of the one before it: due 10 minutes after T0.
    assert schedule.cards["q"].due == T0 + timedelta(minutes=10)
    assert schedule.due(T0 - timedelta(days=5)) == []


def d(item, topic, minutes):
    return DueCard(item, topic, T0 + timedelta(minutes=minutes), 1, T0)


def test_interleaving_mixes_topics_keeping_the_most_overdue_first():
    due = [d("a1", "A", 0), d("a2", "A", 1), d("a3", "A", 2), d("b1", "B", 3), d("c1", "C", 4)]
    assert [x.item for x in interleave(due)] == ["a1", "b1", "a2", "c1", "a3"]


def test_look_alikes_are_placed_side_by_side_alternating_conditions():
    groups = {
        "bc": ("calf", "bakers-cyst"),
        "bc2": ("calf", "bakers-cyst"),
        "dvt": ("calf", "dvt"),
        "rup": ("calf", "ruptured"),
    }
    due = [
        d("bc", "02", 0),
        d("bc2", "02", 1),
        d("x", "05", 2),
        d("dvt", "06", 3),
        d("rup", "02", 4),
    ]
    # One round of the three conditions side by side; the second Baker's cyst question
    # has no look-alike left to pair with, so it takes its own place, after a change of topic.
    assert [x.item for x in interleave(due, groups)] == ["bc", "dvt", "rup", "x", "bc2"]


def test_a_look_alike_group_with_one_condition_due_is_not_kept_together():
    groups = {"rf1": ("calf", "dvt"), "rf2": ("calf", "dvt"), "bc": ("calf", "bakers-cyst")}
    due = [d("bc", "02", 0), d("rf1", "06", 1), d("rf2", "06", 2), d("y", "05", 3)]
    assert [x.item for x in interleave(due, groups)] == ["bc", "rf1", "y", "rf2"]


def test_the_look_alike_file_groups_the_six_diagnoses():
    from kneelib.content.lookalikes import load_lookalikes

    members = {m.id for g in load_lookalikes().groups for m in g.members}
    assert members == {
        "bakers-cyst",
        "dvt",
        "ruptured-bakers-cyst",
        "popliteus-tendinopathy",
        "posterior-horn-tear",
        "claudication",
    }


def test_an_unknown_question_in_the_look_alike_file_is_named(tmp_path):
    from kneelib.content import validate_paths

    data = tmp_path / "data"
    (data / "questions").mkdir(parents=True)
    src = __import__("pathlib").Path(__file__).parent.parent / "data"
    for name in ("references.yaml",):
        (data / name).write_text((src / name).read_text())
    (data / "questions" / "02-bakers-cyst.yaml").write_text(
        (src / "questions" / "02-bakers-cyst.yaml").read_text()
    )
    (data / "lookalikes.yaml").write_text(
        "groups:\n  - id: g\n    title: T\n    members:\n"
        "      - {id: a, name: A, questions: [bc-01]}\n      - {id: b, name: B, questions: [zz-99]}\n"
    )
    assert [str(p) for p in validate_paths([data])] == [
        f"{data / 'lookalikes.yaml'}: g/b: questions: expected question ids from the question bank, "
        "found 'zz-99'"
    ]


# ---------------------------------------------------------------- the cache
@pytest.fixture
def answered(store):
    store.record_answer("bc-01", "02-bakers-cyst", "a", 0.0)
    store.record_answer("bc-02", "02-bakers-cyst", "a", 1.0, certainty="high")
    return store


def test_the_cache_is_written_beside_the_progress_file_and_reused(answered):
    first, notice = load_schedule(answered.attempts, answered.student_id, answered.path)
    path = cache_path(answered.path)
    assert (path.parent, notice, json.loads(path.read_text())["consumed"]) == (
        answered.path.parent,
        None,
        2,
    )
    answered.record_answer("bc-03", "02-bakers-cyst", ["x"], 1.0)
    again, notice = load_schedule(answered.attempts, answered.student_id, answered.path)
    assert (notice, sorted(again.cards), again.consumed) == (None, ["bc-01", "bc-02", "bc-03"], 3)
    assert again.cards["bc-01"].due == first.cards["bc-01"].due


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "it is damaged"),
        (b"\xff\xfe", "it is damaged"),
        (json.dumps({"format": "something-else"}).encode(), "it is not a kneelib schedule"),
        (
            json.dumps({"format": "kneelib-schedule", "version": 99}).encode(),
            "it was made by another version or settings",
        ),
    ],
)
def test_a_damaged_or_unknown_cache_is_rebuilt_from_the_answers_and_says_so(
    answered, content, reason
):
    want = build_schedule(answered.attempts).due(T0 + timedelta(days=400))
    cache_path(answered.path).write_bytes(content)
    schedule, notice = load_schedule(answered.attempts, answered.student_id, answered.path)
    assert (
        notice
        == f"Your review schedule could not be used ({reason}); it was rebuilt from your 2 saved answers."
    )
    assert schedule.due(T0 + timedelta(days=400)) == want
    assert len(ProgressStore(answered.path).attempts) == 2
    assert json.loads(cache_path(answered.path).read_text())["format"] == "kneelib-schedule"


def test_a_cache_of_other_records_is_rebuilt_quietly(answered):
    load_schedule(answered.attempts, answered.student_id, answered.path)
    data = json.loads(cache_path(answered.path).read_text())
    data["last_id"] = "not-the-last-record"
    cache_path(answered.path).write_text(json.dumps(data))
    schedule, notice = load_schedule(answered.attempts, answered.student_id, answered.path)
    assert (notice, schedule.consumed) == (None, 2)


def test_a_cache_that_cannot_be_written_is_no_error(answered):
    cache_path(answered.path).mkdir()
    schedule, notice = load_schedule(answered.attempts, answered.student_id, answered.path)
    assert (sorted(schedule.cards), notice) == (
        ["bc-01", "bc-02"],
        "Your review schedule could not be used (cannot be read (Is a directory)); it was rebuilt from your 2 saved answers.",
    )


# ---------------------------------------------------------------- the due command
def run_due(*args):
    return subprocess.run(
        [sys.executable, "-m", "kneelib", "due", *args], capture_output=True, text=True, check=False
    )


def test_due_prints_the_due_ids_most_overdue_first(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.record(item="bc-02", kind="question", topic="02", answer="a", score=1.0, time=T0)
    store.record(
        item="bc-01",
        kind="question",
        topic="02",
        answer="a",
        score=0.0,
        time=T0 + timedelta(hours=1),
    )
    store.record(
        item="bc-03", kind="question", topic="02", answer="a", score=1.0, certainty="high", time=T0
    )
    out = run_due("--progress", str(store.path), "--at", "2026-03-05T09:00:00+00:00")
    assert (out.returncode, out.stdout, out.stderr) == (0, "bc-01\nbc-02\n", "")
    early = run_due("--progress", str(store.path), "--at", "2026-03-02T10:05:00")
    assert early.stdout == ""


def test_due_reads_a_version_1_file_without_changing_it(tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "progress" / "v1-progress.json"
    copy = tmp_path / "progress.json"
    copy.write_bytes(fixture.read_bytes())
    out = run_due("--progress", str(copy), "--at", "2027-01-01T00:00:00+00:00")
    assert out.returncode == 0
    assert sorted(out.stdout.split()) == sorted(
        {a["question_id"] for a in json.loads(fixture.read_text())["answers"]}
    )
    assert copy.read_bytes() == fixture.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def test_due_with_a_bad_time_or_file_says_what_is_wrong(tmp_path):
    bad = run_due("--progress", str(tmp_path / "none.json"), "--at", "soon")
    assert (bad.returncode, bad.stderr) == (
        2,
        "--at: expected an ISO date and time such as 2026-03-02T09:00:00+00:00, found 'soon'\n",
    )
    missing = run_due("--progress", str(tmp_path / "none.json"))
    assert (missing.returncode, missing.stderr) == (
        1,
        f"{tmp_path / 'none.json'}: expected a progress file, found no such file\n",
    )


def test_the_learning_record_modules_import_no_widgets_or_plots():
    code = (
        "import sys, kneelib.records, kneelib.schedule, kneelib.certainty, kneelib.review, "
        "kneelib.progress, kneelib.results; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_due_leaves_out_pre_and_post_test_items_and_removed_questions(tmp_path):
    from kneelib.content.questions import load_quiz

    store = ProgressStore(tmp_path / "p.json")
    pre = load_quiz("pre-test").questions[0].id
    for item in ("bc-01", pre, "no-longer-in-the-bank"):
        store.record(item=item, kind="question", topic="x", answer="a", score=0.0, time=T0)
    out = run_due("--progress", str(store.path), "--at", "2026-03-05T09:00:00+00:00")
    assert (out.returncode, out.stdout) == (0, "bc-01\n")
