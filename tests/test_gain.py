"""Learning gain and calibration: the pure functions, the two test forms, and the gradebook's reports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kneelib.content.base import data_dir
from kneelib.content.questions import (
    TEST_FORMS,
    QuizFile,
    load_question_bank,
    load_test_forms,
)
from kneelib.gain import (
    FormError,
    check_parallel,
    cohort_gain,
    normalised_gain,
    retention,
    student_calibration,
    student_gain,
)
from kneelib.records import parse_record
from kneelib.results import FORMAT, calibration_table, gain_table, merge_exports, retention_table

ROOT = Path(__file__).resolve().parents[1]
FORMS = load_test_forms()
PRE, POST = FORMS["pre-test"], FORMS["post-test"]


# ---------------------------------------------------------------- the formula
def test_normalised_gain_is_the_share_of_the_possible_improvement():
    assert (normalised_gain(2, 3, 4), normalised_gain(0, 10, 10), normalised_gain(6, 3, 10)) == (
        0.5,
        1.0,
        -0.75,
    )


def test_normalised_gain_is_undefined_when_the_pre_test_was_full_marks():
    assert normalised_gain(4, 4, 4) is None


def test_normalised_gain_refuses_a_maximum_of_zero():
    with pytest.raises(ValueError) as err:
        normalised_gain(0, 0, 0)
    assert str(err.value) == "normalised_gain: expected a maximum above 0, found 0"


# ---------------------------------------------------------------- the forms
def _form(topic: str, objectives: list[str], items: list[tuple[str, str]]) -> QuizFile:
    return QuizFile.model_validate(
        {
            "topic": topic,
            "title": topic,
            "objectives": [{"id": o, "text": o} for o in objectives],
            "questions": [
                {
                    "id": qid,
                    "type": "single",
                    "objective": objective,
                    "level": "application",
                    "prompt": f"Prompt {qid}?",
                    "references": ["nice-ng158"],
                    "options": [
                        {"id": "a", "text": "A", "correct": True, "explanation": "e"},
                        {"id": "b", "text": "B", "explanation": "e"},
                    ],
                }
                for qid, objective in items
            ],
        }
    )


def test_forms_with_a_different_number_of_items_on_an_objective_are_refused():
    pre = _form("pre-test", ["x", "y"], [("p1", "x"), ("p2", "y")])
    post = _form("post-test", ["x", "y"], [("q1", "x"), ("q2", "x"), ("q3", "y")])
    with pytest.raises(FormError) as err:
        check_parallel(pre, post)
    assert str(err.value) == "post-test: objective 'x': expected 1 item as in pre-test, found 2"


def test_forms_with_different_objectives_are_refused():
    pre = _form("pre-test", ["x", "y"], [("p1", "x"), ("p2", "y")])
    post = _form("post-test", ["x", "z"], [("q1", "x"), ("q2", "z")])
    with pytest.raises(FormError) as err:
        check_parallel(pre, post)
    assert (
        str(err.value)
        == "post-test: objectives: expected the objective 'y' of pre-test, found none"
    )


def test_the_two_forms_are_parallel_with_at_least_ten_items_each():
    counts = check_parallel(PRE, POST)
    assert (len(PRE.questions) >= 10, len(POST.questions) >= 10, len(counts)) == (True, True, 10)


def test_the_two_forms_share_no_item():
    pre = {q.id for q in PRE.questions} | {" ".join(q.prompt.split()) for q in PRE.questions}
    post = {q.id for q in POST.questions} | {" ".join(q.prompt.split()) for q in POST.questions}
    assert pre & post == set()


def test_no_test_item_repeats_an_id_or_a_prompt_of_any_other_question_file():
    others = {}
    for path in sorted((data_dir() / "questions").glob("*.yaml")):
        if path.stem in TEST_FORMS:
            continue
        from kneelib.content.questions import load_quiz

        for q in load_quiz(path.stem).questions:
            others[q.id] = path.name
            others[" ".join(q.prompt.split()).casefold()] = path.name
    repeated = [
        (form.topic, q.id)
        for form in (PRE, POST)
        for q in form.questions
        if q.id in others or " ".join(q.prompt.split()).casefold() in others
    ]
    assert repeated == []


def test_the_test_forms_stay_out_of_the_teaching_bank_unless_asked_for():
    assert (
        sorted(set(TEST_FORMS) & set(load_question_bank())),
        sorted(set(TEST_FORMS) & set(load_question_bank(include_tests=True))),
    ) == ([], ["post-test", "pre-test"])


def test_every_test_item_is_single_best_answer_with_four_options_each_referenced():
    flawed = [
        q.id
        for form in (PRE, POST)
        for q in form.questions
        if q.type != "single" or len(q.options) < 4 or any(not o.references for o in q.options)
    ]
    assert flawed == []


# ---------------------------------------------------------------- a fixture cohort
def _rec(student, item, score, time, mode, certainty=None, topic=None):
    return {
        "student": student,
        "item": item,
        "kind": "question",
        "topic": topic or ("pre-test" if item.startswith("pre-") else "post-test"),
        "answer": "a" if score else "b",
        "score": float(score),
        "certainty": certainty,
        "mode": mode,
        "notebook": None,
        "session": "s",
        "time": time,
    }


def _pre(student, n, score, certainty=None, minute=0):
    return _rec(
        student,
        f"pre-{n:02d}",
        score,
        f"2026-01-01T10:{minute:02d}:00+00:00",
        "pre-test",
        certainty,
    )


def _post(student, n, score, certainty=None, day=10):
    return _rec(
        student,
        f"post-{n:02d}",
        score,
        f"2026-01-{day:02d}T10:{n:02d}:00+00:00",
        "post-test",
        certainty,
    )


ANA_CERTAINTY = {1: "high", 2: "high", 5: "high", 3: "medium", 6: "medium", 7: "low"}


def _cohort() -> dict[str, list[dict]]:
    """Ana: pre 4 of 10, post 9 of 10; Ben: one pre-test item right, one wrong, no post-test;
    Cleo: no pre-test; Dev: pre 6, post 3 (a negative gain)."""
    ana = [_pre("ana", n, n <= 4, ANA_CERTAINTY.get(n), n) for n in range(1, 11)]
    ana += [_post("ana", n, n <= 9) for n in range(1, 11)]
    ana.append(_post("ana", 10, 1, day=11))  # a second try after the feedback: not counted
    ana.append(_rec("ana", "pre-05", 1, "2026-01-05T09:00:00+00:00", "review", "low"))
    ben = [_pre("ben", 1, 1), _pre("ben", 2, 0, minute=2)]
    ben.append(_pre("ben", 2, 1, minute=5))  # later and right: the first attempt counts
    cleo = [_post("cleo", n, 1) for n in range(1, 6)]
    dev = [_pre("dev", n, n >= 5) for n in range(1, 11)]
    dev += [_post("dev", n, n <= 3) for n in range(1, 11)]
    return {"Ana": ana, "Ben": ben, "Cleo": cleo, "Dev": dev}


def _write_cohort(folder: Path) -> list[Path]:
    paths = []
    for name, attempts in _cohort().items():
        path = folder / f"kneelib-results-{name.lower()}.json"
        path.write_text(
            json.dumps(
                {
                    "format": FORMAT,
                    "version": 2,
                    "student": name,
                    "progress_id": attempts[0]["student"],
                    "exported": "2026-01-12T00:00:00+00:00",
                    "attempts": attempts,
                }
            )
        )
        paths.append(path)
    return paths


UNDEFINED = "g undefined: full marks on the pre-test (pre = max)"


def test_one_students_gain_per_objective_counts_first_attempts_of_each_form():
    records = [parse_record(r) for r in _cohort()["Ana"]]
    rows = [
        (r.objective, r.maximum, r.pre, r.post, r.gain, r.note)
        for r in student_gain(records, PRE, POST)
    ]
    assert rows == [
        ("fossa-anatomy", 1, 1.0, 1.0, None, UNDEFINED),
        ("cyst-or-clot", 1, 1.0, 1.0, None, UNDEFINED),
        ("tendinopathy", 1, 1.0, 1.0, None, UNDEFINED),
        ("meniscal-tear", 1, 1.0, 1.0, None, UNDEFINED),
        ("oa-diagnosis", 1, 0.0, 1.0, 1.0, ""),
        ("red-flags", 1, 0.0, 1.0, 1.0, ""),
        ("wells-score", 1, 0.0, 1.0, 1.0, ""),
        ("likelihood-ratio", 1, 0.0, 1.0, 1.0, ""),
        ("first-investigation", 1, 0.0, 1.0, 1.0, ""),
        ("management", 1, 0.0, 0.0, 0.0, ""),
        ("all", 10, 4.0, 9.0, 5 / 6, ""),
    ]


def test_learning_gain_csv_rows_of_a_fixture_cohort(tmp_path):
    header, rows = gain_table(merge_exports(_write_cohort(tmp_path)), PRE, POST)
    by = {(r[0], r[1]): r[2:] for r in rows}
    assert header == ["student", "objective", "max", "pre", "post", "g", "note"]
    assert len(rows) == 4 * 11
    assert [by["Ana", "all"], by["Ana", "fossa-anatomy"], by["Ana", "management"]] == [
        ["10", "4", "9", "0.8333", ""],
        ["1", "1", "1", "undefined (pre = max)", UNDEFINED],
        ["1", "0", "0", "0", ""],
    ]
    assert [by["Ben", "all"], by["Ben", "cyst-or-clot"], by["Ben", "management"]] == [
        ["10", "1", "", "no post-test", "8 pre-test items unanswered (0); no post-test"],
        ["1", "0", "", "no post-test", "no post-test"],
        ["1", "0", "", "no post-test", "1 pre-test item unanswered (0); no post-test"],
    ]
    assert [by["Cleo", "all"], by["Cleo", "fossa-anatomy"]] == [
        ["10", "", "5", "no pre-test", "no pre-test; 5 post-test items unanswered (0)"],
        ["1", "", "1", "no pre-test", "no pre-test"],
    ]
    assert [by["Dev", "all"], by["Dev", "fossa-anatomy"], by["Dev", "oa-diagnosis"]] == [
        ["10", "6", "3", "-0.75", ""],
        ["1", "0", "1", "1", ""],
        ["1", "1", "0", "undefined (pre = max)", UNDEFINED],
    ]


def test_cohort_gain_averages_the_students_who_took_both_tests(tmp_path):
    merge = merge_exports(_write_cohort(tmp_path))
    cohort = cohort_gain(student_gain(s.attempts, PRE, POST) for s in merge.students.values())
    by = {c.objective: (c.students, c.mean_pre, c.mean_post, c.gain) for c in cohort}
    assert [by["all"], by["fossa-anatomy"], by["oa-diagnosis"], by["management"]] == [
        (2, 5.0, 6.0, 0.2),
        (2, 0.5, 1.0, 1.0),
        (2, 0.5, 0.5, 0.0),
        (2, 0.5, 0.0, -1.0),
    ]


def test_calibration_counts_every_answer_with_a_certainty_and_its_cbm_marks():
    records = [parse_record(r) for r in _cohort()["Ana"]]
    assert [
        (c.certainty, c.answered, c.right, c.share, c.cbm_total)
        for c in student_calibration(records)
    ] == [
        ("low", 2, 1, 0.5, 1),
        ("medium", 2, 1, 0.5, 0),
        ("high", 3, 2, 2 / 3, 0),
    ]


def test_calibration_csv_rows_of_a_fixture_cohort(tmp_path):
    header, rows = calibration_table(merge_exports(_write_cohort(tmp_path)))
    assert header == ["student", "certainty", "answers", "right", "share_right", "cbm_total"]
    assert rows[:6] == [
        ["Ana", "low", "2", "1", "0.5", "1"],
        ["Ana", "medium", "2", "1", "0.5", "0"],
        ["Ana", "high", "3", "2", "0.6667", "0"],
        ["Ben", "low", "0", "0", "", "0"],
        ["Ben", "medium", "0", "0", "", "0"],
        ["Ben", "high", "0", "0", "", "0"],
    ]


def test_gradebook_command_writes_gain_calibration_and_plot_and_says_what_it_counted(tmp_path):
    files = _write_cohort(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "gradebook", *map(str, files), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert (
        "learning gain: 2 students took both tests; whole test 5.0 -> 6.0 of 10, g = 0.20" in lines
    )
    start = lines.index("Attempts counted:")
    assert lines[start + 3 : start + 6] == [
        "  learning-gain.csv: the first pre-test attempt at each pre-test item and the first "
        "post-test attempt at each post-test item; an item left unanswered in a form the student "
        "took counts 0",
        "  retention.csv: every review, warm-up and post-test attempt, each try counted (material "
        "met again after it was taught)",
        "  calibration.csv: every answer given with a certainty (review, warm-ups, pre-test, "
        "post-test), each attempt counted",
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "calibration.csv",
        "gradebook-README.txt",
        "gradebook.csv",
        "item-analysis.csv",
        "item-analysis.png",
        "learning-gain.csv",
        "learning-gain.png",
        "retention.csv",
    ]
    with open(out / "learning-gain.csv", encoding="utf-8-sig") as handle:
        dev = [
            r for r in csv.DictReader(handle) if r["student"] == "Dev" and r["objective"] == "all"
        ]
    assert dev == [
        {
            "student": "Dev",
            "objective": "all",
            "max": "10",
            "pre": "6",
            "post": "3",
            "g": "-0.75",
            "note": "",
        }
    ]
    assert (out / "learning-gain.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "calibration.csv: every answer given with a certainty" in (
        out / "gradebook-README.txt"
    ).read_text(encoding="utf-8")


def test_gain_plot_labels_each_objective_with_its_gain_or_why_it_has_none():
    from kneelib.figures.gain import gain_figure
    from kneelib.gain import CohortGain

    rows = [
        CohortGain("wells-score", 3, 1, 0.5, 0.75, 0.5),
        CohortGain("red-flags", 3, 1, 1.0, 1.0, None),
        CohortGain("management", 0, 1, None, None, None),
        CohortGain("all", 3, 2, 1.5, 1.75, 0.5),
    ]
    ax = gain_figure(rows).axes[0]
    assert (
        [t.get_text() for t in ax.get_yticklabels()],
        [t.get_text() for t in ax.texts],
    ) == (
        ["whole test (n=3)", "management (n=0)", "red-flags (n=3)", "wells-score (n=3)"],
        ["g = 0.50", "g undefined (pre = max)", "no student took both tests", "g = 0.50"],
    )


@pytest.mark.parametrize(
    "pre, post, gain, sentence",
    [
        (
            4.0,
            9.0,
            5 / 6,
            "You scored 4 of 10 before and 9 of 10 after the series: you made 83% of the gain that was possible (g = 0.83).",
        ),
        (
            6.0,
            3.0,
            -0.75,
            "You scored 6 of 10 before and 3 of 10 after the series: lower than at the start (g = -0.75); revise the objectives marked below.",
        ),
        (
            10.0,
            10.0,
            None,
            "You scored 10 of 10 before and 10 of 10 after the series: full marks at the start left nothing to gain.",
        ),
        (
            None,
            5.0,
            None,
            "You scored 5 of 10 after the series. There is no pre-test score to compare with, so no gain can be worked out; that is fine, and the table shows where you stand on each objective.",
        ),
        (3.0, None, None, "Take the post-test in notebook 10 to see your gain."),
    ],
)
def test_the_gain_sentence_for_the_student(pre, post, gain, sentence):
    from kneelib.gain import ObjectiveGain, gain_sentence

    assert gain_sentence(ObjectiveGain("all", 10, pre, post, gain)) == sentence


def test_retention_counts_every_review_warm_up_and_post_test_attempt():
    records = [parse_record(r) for r in _cohort()["Ana"]]
    assert [(t.mode, t.attempts, t.right, t.points) for t in retention(records)] == [
        ("review", 1, 1, 1.0),
        ("warm-up", 0, 0, 0.0),
        ("post-test", 11, 10, 10.0),
    ]


def test_retention_csv_rows_of_a_fixture_cohort(tmp_path):
    header, rows = retention_table(merge_exports(_write_cohort(tmp_path)))
    by = {(r[0], r[1]): r[2:] for r in rows}
    assert header == ["student", "mode", "attempts", "right", "share_right", "mean_score"]
    assert [
        by["Ana", "post-test"],
        by["Ana", "warm-up"],
        by["Ben", "review"],
        by["Dev", "post-test"],
    ] == [
        ["11", "10", "0.9091", "0.9091"],
        ["0", "0", "", ""],
        ["0", "0", "", ""],
        ["10", "3", "0.3", "0.3"],
    ]


def test_a_student_without_either_test_gets_words_in_the_g_column(tmp_path):
    path = tmp_path / "kneelib-results-eve.json"
    path.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "version": 2,
                "student": "Eve",
                "progress_id": "eve",
                "exported": "2026-01-12T00:00:00+00:00",
                "attempts": [
                    _rec(
                        "eve",
                        "sh-01",
                        1,
                        "2026-01-03T10:00:00+00:00",
                        "review",
                        "high",
                        "00-start-here",
                    )
                ],
            }
        )
    )
    _, rows = gain_table(merge_exports([path]), PRE, POST)
    assert rows[-1] == [
        "Eve",
        "all",
        "10",
        "",
        "",
        "no pre-test, no post-test",
        "no pre-test; no post-test",
    ]
