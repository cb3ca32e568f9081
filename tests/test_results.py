"""Results without a server: export files, gradebook merge, item analysis and its plot."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from kneelib.content.questions import QuizFile
from kneelib.figures.items import item_analysis_figure
from kneelib.progress import ProgressStore
from kneelib.results import (
    FORMAT,
    ExportError,
    MalformedExport,
    clean_student_name,
    export_filename,
    export_progress,
    gradebook_table,
    item_analysis,
    item_table,
    merge_exports,
    read_export,
)

ROOT = Path(__file__).resolve().parent.parent


def _quiz(topic: str, questions: list[dict]) -> QuizFile:
    for q in questions:
        q.setdefault("objective", "o")
        q.setdefault("level", "recall")
        q.setdefault("references", ["r"])
        q.setdefault("prompt", "?")
    return QuizFile.model_validate(
        {
            "topic": topic,
            "title": topic,
            "objectives": [{"id": "o", "text": "o"}],
            "questions": questions,
        }
    )


def _opts(correct: set[str], ids: str = "abc") -> list[dict]:
    return [{"id": i, "text": i.upper(), "correct": i in correct, "explanation": "x"} for i in ids]


BANK = {
    "t1": _quiz(
        "t1",
        [
            {"id": "q1", "type": "single", "options": _opts({"a"})},
            {"id": "q2", "type": "multiple", "options": _opts({"a", "b"})},
            {
                "id": "q3",
                "type": "numeric",
                "answer": 10.0,
                "tolerance": 1.0,
                "explanation": "x",
                "too_low": "l",
                "too_high": "h",
            },
        ],
    ),
    "t2": _quiz(
        "t2",
        [
            {
                "id": "q4",
                "type": "matching",
                "choices": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}],
                "items": [
                    {"id": "i1", "text": "I1", "match": "x", "explanation": "e"},
                    {"id": "i2", "text": "I2", "match": "y", "explanation": "e"},
                ],
            },
            {
                "id": "q5",
                "type": "ordering",
                "order_label": "first first",
                "items": [
                    {"id": "p", "text": "P", "explanation": "e"},
                    {"id": "s", "text": "S", "explanation": "e"},
                    {"id": "t", "text": "T", "explanation": "e"},
                ],
            },
        ],
    ),
}


def _answer(
    qid: str, answer, score: float, time: str = "2026-01-01T10:00:00+00:00", session: str = "s1"
) -> dict:
    return {
        "question_id": qid,
        "topic": "?",
        "answer": answer,
        "score": score,
        "correct": score == 1,
        "time": time,
        "session": session,
    }


def _write(
    folder: Path, name: str, student: str, answers: list[dict], progress_id: str = "p"
) -> Path:
    path = folder / name
    path.write_text(
        json.dumps(
            {
                "format": FORMAT,
                "version": 1,
                "student": student,
                "progress_id": progress_id,
                "exported": "2026-01-02T00:00:00+00:00",
                "answers": answers,
                "cases": [],
            }
        )
    )
    return path


# ---------------------------------------------------------------- export
def test_student_name_is_trimmed_and_spaces_collapsed():
    assert clean_student_name("  Ana   López ") == "Ana López"


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "Type your name or student id first."),
        ("ana@example.org", "Type a name or a student id, not an e-mail address."),
        ("x" * 81, "Keep the name or id under 80 characters (found 81)."),
        ("a\x00b", "Use letters, digits, spaces, hyphens or dots only."),
    ],
)
def test_unusable_student_name_is_refused_with_a_short_message(text, message):
    with pytest.raises(ExportError) as err:
        clean_student_name(text)
    assert str(err.value) == message


def test_export_file_name_is_safe_ascii():
    assert (export_filename("Ana María López"), export_filename("李小龙")) == (
        "kneelib-results-ana-maria-lopez.json",
        "kneelib-results-student.json",
    )


def test_export_writes_one_file_with_the_name_and_answers_only(store, tmp_path):
    store.record_answer("q1", "t1", "a", 1.0, True)
    path = export_progress(store, "S-1234", tmp_path / "out")
    data = json.loads(path.read_text())
    assert (path.name, sorted(data), data["student"], data["version"], len(data["attempts"])) == (
        "kneelib-results-s-1234.json",
        ["attempts", "exported", "format", "progress_id", "student", "version"],
        "S-1234",
        2,
        1,
    )


def test_an_export_is_read_back_as_the_same_records(store, tmp_path):
    store.record_answer("q1", "t1", "a", 1.0, certainty="high", mode="review")
    store.record_case("dvt", "treated", {"score": 3}, topic="06-red-flags")
    export = read_export(export_progress(store, "S-1234", tmp_path))
    assert export.attempts == store.attempts


def test_a_version_1_and_a_version_2_export_of_one_progress_file_count_each_answer_once(tmp_path):
    v1 = json.loads(
        (Path(__file__).parent / "fixtures" / "progress" / "v1-progress.json").read_text()
    )
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "kneelib-results",
                "version": 1,
                "student": "Ana",
                "progress_id": v1["student_id"],
            }
            | {"answers": v1["answers"], "cases": v1["cases"]}
        )
    )
    progress = tmp_path / "p.json"
    progress.write_text(json.dumps(v1))
    new = export_progress(ProgressStore(progress), "Ana", tmp_path / "new")
    merge = merge_exports([old, new])
    assert len(merge.students["ana"].answers) == len(v1["answers"])
    assert merge.notes == [f"{new.name}: duplicate of old.json (Ana); counted once"]


def test_a_damaged_record_in_a_version_2_export_is_named(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps(
            {
                "format": "kneelib-results",
                "version": 2,
                "student": "Ana",
                "attempts": [{"item": "q"}],
            }
        )
    )
    with pytest.raises(MalformedExport) as err:
        read_export(path)
    assert (
        str(err.value)
        == f"{path}: attempts[0]: student: field required, found nothing (the field is missing)"
    )


def test_export_stores_the_name_once_in_the_progress_file(store, tmp_path):
    export_progress(store, "S-1234", tmp_path)
    assert ProgressStore(store.path).data["student_name"] == "S-1234"


def test_exporting_again_replaces_the_same_file(store, tmp_path):
    export_progress(store, "S-1234", tmp_path)
    store.record_answer("q1", "t1", "a", 1.0, True)
    export_progress(store, "S-1234", tmp_path)
    assert [p.name for p in tmp_path.glob("kneelib-results-*")] == ["kneelib-results-s-1234.json"]


def test_export_uses_the_folder_named_by_the_environment(store, tmp_path, monkeypatch):
    monkeypatch.setenv("KNEELIB_EXPORT_DIR", str(tmp_path / "hub-home"))
    assert export_progress(store, "Ana").parent == tmp_path / "hub-home"


# ---------------------------------------------------------------- reading
@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "expected a kneelib results file (JSON), found text that is not JSON"),
        (
            '{"format": "other"}',
            'expected a kneelib results file ("format": "kneelib-results"), found something else',
        ),
        (
            '{"format": "kneelib-results", "student": " ", "answers": []}',
            "student: expected a name or student id, found none",
        ),
        (
            '{"format": "kneelib-results", "student": "A", "answers": {}}',
            "answers: expected a list, found dict",
        ),
        (
            '{"format": "kneelib-results", "student": "A", "answers": [{"question_id": "q1", "score": 2}]}',
            "answers[0].score: expected a number from 0 to 1, found 2",
        ),
        (
            '{"format": "kneelib-results", "student": "A", "answers": [7]}',
            "answers[0]: expected a record with a question_id, found 7",
        ),
    ],
)
def test_malformed_export_is_named_with_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(MalformedExport) as err:
        read_export(path)
    assert str(err.value) == f"{path}: {message}"


# ---------------------------------------------------------------- merging
def test_malformed_file_is_skipped_and_the_rest_processed(tmp_path):
    good = _write(tmp_path, "a.json", "Ana", [_answer("q1", "a", 1.0)])
    bad = tmp_path / "b.json"
    bad.write_text("{")
    merge = merge_exports([good, bad])
    assert (list(merge.students), merge.files_read, merge.skipped) == (
        ["ana"],
        1,
        [f"{bad}: expected a kneelib results file (JSON), found text that is not JSON"],
    )


def test_the_same_file_twice_counts_once_and_is_reported(tmp_path):
    a = _write(tmp_path, "a.json", "Ana", [_answer("q1", "a", 1.0)])
    copy = _write(tmp_path, "a-copy.json", "ana ", [_answer("q1", "a", 1.0)])
    merge = merge_exports([a, copy])
    assert (len(merge.students["ana"].answers), merge.notes) == (
        1,
        ["a-copy.json: duplicate of a.json (ana); counted once"],
    )


def test_a_later_export_of_the_same_progress_adds_only_new_answers(tmp_path):
    first = [_answer("q1", "a", 1.0)]
    a = _write(tmp_path, "early.json", "Ana", first, progress_id="p1")
    b = _write(
        tmp_path,
        "late.json",
        "Ana",
        first + [_answer("q2", ["a"], 0.5, time="2026-01-01T11:00:00+00:00")],
        progress_id="p1",
    )
    merge = merge_exports([a, b])
    assert (len(merge.students["ana"].answers), merge.notes) == (
        2,
        [
            "late.json: later export of the same progress as early.json (Ana); 1 new answer added, the rest counted once"
        ],
    )


def test_same_name_from_another_progress_file_is_reported_as_a_conflict(tmp_path):
    a = _write(
        tmp_path,
        "laptop.json",
        "Ana",
        [_answer("q1", "b", 0.0, time="2026-01-01T09:00:00+00:00")],
        "p1",
    )
    b = _write(
        tmp_path,
        "phone.json",
        "Ana",
        [_answer("q1", "a", 1.0, time="2026-01-01T12:00:00+00:00")],
        "p2",
    )
    merge = merge_exports([a, b])
    assert merge.notes == [
        "phone.json: conflict: same name as laptop.json (Ana) but a different progress file "
        "(two devices, or two people with one name); answers combined, first attempt per "
        "question counts - check with the student"
    ]


def test_first_attempt_counts_even_when_a_later_one_is_right(tmp_path):
    a = _write(
        tmp_path,
        "a.json",
        "Ana",
        [
            _answer("q1", "a", 1.0, time="2026-01-01T12:00:00+00:00", session="s2"),
            _answer("q1", "b", 0.0, time="2026-01-01T09:00:00+00:00"),
        ],
    )
    header, rows, _ = gradebook_table(merge_exports([a]), BANK)
    assert dict(zip(header, rows[0]))["q1"] == "0"


# ---------------------------------------------------------------- gradebook
def test_gradebook_has_a_column_per_topic_and_per_question():
    header, _, _ = gradebook_table(merge_exports([]), BANK)
    assert header == [
        "student",
        "files",
        "answered",
        "points",
        "topic:t1",
        "topic:t2",
        "q1",
        "q2",
        "q3",
        "q4",
        "q5",
    ]


def test_gradebook_row_sums_topics_and_leaves_unanswered_blank(tmp_path):
    a = _write(
        tmp_path,
        "a.json",
        "Ana",
        [
            _answer("q1", "a", 1.0),
            _answer("q2", ["a"], 0.5),
            _answer("q4", {"i1": "x", "i2": "x"}, 0.5),
        ],
    )
    _, rows, _ = gradebook_table(merge_exports([a]), BANK)
    assert rows == [["Ana", "1", "3", "2", "1.5", "0.5", "1", "0.5", "", "0.5", ""]]


def test_gradebook_has_one_row_per_student_sorted_by_name(tmp_path):
    files = [
        _write(tmp_path, f"{n}.json", n, [_answer("q1", "a", 1.0)], progress_id=n)
        for n in ("Zoe", "ana", "Ben")
    ]
    _, rows, _ = gradebook_table(merge_exports(files), BANK)
    assert [r[0] for r in rows] == ["ana", "Ben", "Zoe"]


def test_answers_to_unknown_questions_are_reported_not_counted(tmp_path):
    a = _write(tmp_path, "a.json", "Ana", [_answer("old-9", "a", 1.0), _answer("q1", "a", 1.0)])
    _, rows, notes = gradebook_table(merge_exports([a]), BANK)
    assert (rows[0][2:4], notes) == (
        ["1", "1"],
        ["question 'old-9' is not in the question bank; 1 answer left out"],
    )


# ---------------------------------------------------------------- item analysis
@pytest.fixture
def class_of_eight(tmp_path):
    """Eight students; rest score from q2 ranks them; q1 right for the strong ones (and one weak one)."""
    q2_scores = [1.0, 1.0, 1.0, 0.5, 0.5, 0.0, 0.0, 0.0]
    q1_answers = ["a", "a", "b", "a", "c", "b", "b", "a"]
    files = []
    for n, (s2, a1) in enumerate(zip(q2_scores, q1_answers)):
        answers = [
            _answer("q1", a1, 1.0 if a1 == "a" else 0.0),
            _answer("q2", ["a", "b"] if s2 == 1 else ["a"], s2),
        ]
        files.append(_write(tmp_path, f"s{n}.json", f"Student {n}", answers, progress_id=f"p{n}"))
    return item_analysis(merge_exports(files), BANK)


def test_difficulty_is_the_share_fully_correct(class_of_eight):
    q1 = class_of_eight[0]
    assert (q1.question_id, q1.n, q1.difficulty) == ("q1", 8, 0.5)


def test_discrimination_compares_upper_and_lower_27_percent_on_the_rest_score(class_of_eight):
    # 27% of 8 = 2.16 -> groups of 2: upper = students 0, 1 (both right), lower = 6, 7 (one right).
    q1 = class_of_eight[0]
    assert (q1.group_size, q1.discrimination) == (2, 0.5)


def test_wrong_options_are_counted(class_of_eight):
    assert class_of_eight[0].wrong_choices == (("b", 3), ("c", 1))


def test_mean_score_counts_partial_credit(class_of_eight):
    q2 = class_of_eight[1]
    assert (q2.question_id, q2.difficulty, q2.mean_score) == ("q2", 0.375, 0.5)


def test_items_nobody_answered_are_left_out(class_of_eight):
    assert [s.question_id for s in class_of_eight] == ["q1", "q2"]


def test_too_few_students_give_no_discrimination(tmp_path):
    files = [
        _write(tmp_path, f"{n}.json", f"S{n}", [_answer("q1", "a", 1.0)], f"p{n}") for n in range(3)
    ]
    stats = item_analysis(merge_exports(files), BANK)
    assert (stats[0].discrimination, stats[0].flags) == (None, ("very easy (p > 0.9)",))


def test_negative_discrimination_and_a_popular_wrong_option_are_flagged(tmp_path):
    files = []
    for n in range(6):
        strong = n < 3
        answers = [
            _answer("q1", "b" if strong else "a", 0.0 if strong else 1.0),
            _answer("q3", "10" if strong else "2", 1.0 if strong else 0.0),
        ]
        files.append(_write(tmp_path, f"{n}.json", f"S{n}", answers, f"p{n}"))
    q1 = item_analysis(merge_exports(files), BANK)[0]
    assert q1.flags == ("negative discrimination: check the key",)


def test_a_wrong_option_chosen_more_often_than_the_key_is_flagged_for_one_best_answer_items(
    tmp_path,
):
    files = [
        _write(
            tmp_path,
            f"{n}.json",
            f"S{n}",
            [_answer("q1", "a" if n == 0 else "b", 1.0 if n == 0 else 0.0)]
            + [_answer("q2", ["a", "c"], 0.0)],
            f"p{n}",
        )
        for n in range(3)
    ]
    stats = {s.question_id: s for s in item_analysis(merge_exports(files), BANK)}
    ambiguous = "a wrong option was chosen more often than the right one: ambiguous?"
    assert (ambiguous in stats["q1"].flags, ambiguous in stats["q2"].flags) == (True, False)


def test_numeric_matching_and_ordering_wrong_answers_are_labelled(tmp_path):
    a = _write(
        tmp_path,
        "a.json",
        "Ana",
        [
            _answer("q3", "12.5", 0.0),
            _answer("q4", {"i1": "y", "i2": "y"}, 0.5),
            _answer("q5", ["s", "p", "t"], 1 / 3),
        ],
    )
    b = _write(tmp_path, "b.json", "Ben", [_answer("q3", "3", 0.0)], "p2")
    stats = {s.question_id: s.wrong_choices for s in item_analysis(merge_exports([a, b]), BANK)}
    assert stats == {
        "q3": (("too high", 1), ("too low", 1)),
        "q4": (("i1->y", 1),),
        "q5": (("p out of place", 1), ("s out of place", 1)),
    }


def test_item_table_states_the_discrimination_definition_in_its_header(class_of_eight):
    header, rows = item_table(class_of_eight)
    assert (header[6], rows[0][:9]) == (
        "discrimination_D_27pct",
        ["q1", "t1", "single", "8", "0.5", "0.5", "0.5", "2", "b: 3; c: 1"],
    )


# ---------------------------------------------------------------- figure
def test_item_plot_labels_every_item_with_a_discrimination(class_of_eight):
    fig = item_analysis_figure(class_of_eight)
    ax = fig.axes[0]
    assert (isinstance(fig, Figure), sorted(t.get_text() for t in ax.texts)) == (True, ["q1", "q2"])


def test_item_plot_title_counts_items_without_discrimination(tmp_path):
    files = [
        _write(tmp_path, f"{n}.json", f"S{n}", [_answer("q1", "a", 1.0)], f"p{n}") for n in range(2)
    ]
    fig = item_analysis_figure(item_analysis(merge_exports(files), BANK))
    assert fig.axes[0].get_title() == "Item analysis: 0 questions; 1 without D (fewer students)"


# ---------------------------------------------------------------- command line
def test_gradebook_command_writes_its_files_and_names_the_skipped_one(tmp_path):
    student = _write(tmp_path, "a.json", "Ana", [_answer("sh-01", "a", 1.0)])
    bad = tmp_path / "broken.json"
    bad.write_text("[]")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "gradebook", str(student), str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:2] == [
        "1 file read, 1 student, 1 file skipped.",
        f'skipped: {bad}: expected a kneelib results file ("format": "kneelib-results"), found something else',
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
    with open(out / "gradebook.csv", encoding="utf-8-sig") as handle:
        row = next(r for r in csv.DictReader(handle))
    assert (row["student"], row["sh-01"], row["topic:00-start-here"]) == ("Ana", "1", "1")


def test_gradebook_command_with_no_usable_file_fails_without_traceback(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("nope")
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "gradebook", str(bad), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (run.returncode, run.stderr.strip(), "Traceback" in run.stdout + run.stderr) == (
        1,
        "No usable export file: nothing written.",
        False,
    )


def test_item_plot_gives_items_at_the_same_point_one_label(tmp_path):
    files = [
        _write(
            tmp_path,
            f"{n}.json",
            f"S{n}",
            [_answer("q1", "a", 1.0), _answer("q3", "10", 1.0)],
            f"p{n}",
        )
        for n in range(4)
    ]
    fig = item_analysis_figure(item_analysis(merge_exports(files), BANK))
    assert [t.get_text() for t in fig.axes[0].texts] == ["q1, q3"]


def test_one_progress_file_exported_under_two_names_counts_once(tmp_path):
    a = _write(tmp_path, "ana.json", "Ana", [_answer("q1", "a", 1.0)], progress_id="p1")
    b = _write(
        tmp_path,
        "s123.json",
        "S-123",
        [_answer("q1", "a", 1.0), _answer("q2", ["a"], 0.5)],
        progress_id="p1",
    )
    merge = merge_exports([a, b])
    assert (list(merge.students), len(merge.students["ana"].answers), merge.notes) == (
        ["ana"],
        2,
        [
            "s123.json: same progress file as ana.json but named 'S-123' instead of 'Ana'; counted once, under 'Ana'"
        ],
    )
