"""The content pipeline: good files load, each kind of mistake gives its exact message."""

from __future__ import annotations

import shutil

import pytest

from kneelib.content import ContentError, load_quiz, validate_paths
from kneelib.content.base import Problem, load_yaml
from kneelib.content.questions import MultipleChoice, Numeric, SingleChoice

from .conftest import FIXTURES

BAD = FIXTURES / "content" / "bad"


def test_good_fixture_folder_has_no_problems(fixture_data):
    assert validate_paths([fixture_data]) == []


def test_good_quiz_loads_typed_records(fixture_data):
    quiz = load_quiz("00-good")
    kinds = [type(q) for q in quiz.questions][:3]
    assert kinds == [SingleChoice, MultipleChoice, Numeric]
    assert quiz.questions[2].answer == 0.3


def test_records_are_immutable(fixture_data):
    quiz = load_quiz("00-good")
    with pytest.raises(Exception, match="frozen"):
        quiz.questions[0].prompt = "changed"  # type: ignore[misc]


EXPECTED = {
    "yaml-syntax": [
        "bad/questions/yaml-syntax.yaml: -: yaml: expected valid YAML, found did not find expected ',' or ']' at line 10 column 1"
    ],
    "missing-field": [
        "bad/questions/missing-field.yaml: b-1: options.b.explanation: expected a value for 'explanation', found nothing (the field is missing)"
    ],
    "unknown-field": [
        "bad/questions/unknown-field.yaml: b-1: options.b.explaination: expected one of the known fields (id, text, correct, explanation, references), found unknown field 'explaination' (did you mean 'explanation'?)",
        "bad/questions/unknown-field.yaml: b-1: options.b.explanation: expected a value for 'explanation', found nothing (the field is missing)",
    ],
    "wrong-type": [
        "bad/questions/wrong-type.yaml: b-1: options.a.correct: expected true or false, found 'true' (str)"
    ],
    "duplicate-id": [
        "bad/questions/duplicate-id.yaml: b-1: id: expected an id unique within questions, found 'b-1' more than once"
    ],
    "dangling-reference": [
        "bad/questions/dangling-reference.yaml: b-1: references: expected a reference id from bad/references.yaml, found 'ref-tow' (did you mean 'ref-two'?)"
    ],
    "no-correct": [
        "bad/questions/no-correct.yaml: b-1: options: expected exactly one option with correct: true, found none"
    ],
    "two-correct": [
        "bad/questions/two-correct.yaml: b-1: options: expected exactly one option with correct: true, found 2 (a, b)"
    ],
    "empty-options": [
        "bad/questions/empty-options.yaml: b-1: options: expected at least 2 entries, found 0"
    ],
    "unknown-objective": [
        "bad/questions/unknown-objective.yaml: b-1: objective: expected one of this file's objectives (know), found 'knwo'"
    ],
    "unknown-type": [
        "bad/questions/unknown-type.yaml: b-1: type: expected one of 'single', 'multiple', 'numeric', 'matching', 'ordering', found 'singel'"
    ],
    "numeric-text": [
        "bad/questions/numeric-text.yaml: b-1: answer: expected a number, found '15' (str)"
    ],
    "missing-level": [
        "bad/questions/missing-level.yaml: b-1: level: expected a value for 'level', found nothing (the field is missing)"
    ],
    "bad-level": [
        "bad/questions/bad-level.yaml: b-1: level: expected one of 'recall', 'application' or 'analysis', found 'remember' (str)"
    ],
    "bad-match": [
        "bad/questions/bad-match.yaml: b-1: items.i1.match: expected one of the choice ids (x, y), found 'z'"
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_exact_problem(name, monkeypatch):
    monkeypatch.setenv("KNEELIB_DATA", str(BAD))
    problems = [str(p) for p in validate_paths([BAD / "questions" / f"{name}.yaml"])]
    assert problems == EXPECTED[name]


def test_every_bad_fixture_has_an_expectation():
    assert sorted(p.stem for p in (BAD / "questions").glob("*.yaml")) == sorted(EXPECTED)


def test_validating_the_bad_folder_reports_every_file(monkeypatch):
    monkeypatch.setenv("KNEELIB_DATA", str(BAD))
    problems = validate_paths([BAD])
    assert {p.file.split("/")[-1][:-5] for p in problems} == set(EXPECTED)


def test_load_quiz_raises_content_error_listing_problems(monkeypatch):
    monkeypatch.setenv("KNEELIB_DATA", str(BAD))
    with pytest.raises(ContentError) as info:
        load_quiz("two-correct")
    assert [str(p) for p in info.value.problems] == EXPECTED["two-correct"]


def test_unknown_quiz_names_the_known_ones(fixture_data):
    with pytest.raises(ValueError, match=r"^no quiz named 'nope': expected one of 00-good$"):
        load_quiz("nope")


def test_topic_must_match_file_name(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "content" / "good", tmp_path / "d")
    (tmp_path / "d" / "questions" / "00-good.yaml").rename(
        tmp_path / "d" / "questions" / "01-renamed.yaml"
    )
    monkeypatch.setenv("KNEELIB_DATA", str(tmp_path / "d"))
    assert [str(p) for p in validate_paths()] == [
        "d/questions/01-renamed.yaml: -: topic: expected the file name without .yaml ('01-renamed'), found '00-good'"
    ]


def test_question_ids_unique_across_files(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "content" / "good", tmp_path / "d")
    src = (tmp_path / "d" / "questions" / "00-good.yaml").read_text()
    (tmp_path / "d" / "questions" / "01-copy.yaml").write_text(
        src.replace("topic: 00-good", "topic: 01-copy")
    )
    monkeypatch.setenv("KNEELIB_DATA", str(tmp_path / "d"))
    problems = [str(p) for p in validate_paths()]
    assert (
        "d/questions/01-copy.yaml: g-single: id: expected a question id unique across the question bank, found 'g-single' also in d/questions/00-good.yaml"
        in problems
    )
    assert len(problems) == 5


def test_duplicate_yaml_key_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "references.yaml"
    path.write_text("references: []\nreferences: []\n")
    with pytest.raises(ContentError, match="duplicate key 'references' at line 2 column 1"):
        load_yaml(path)


def test_reference_needs_url_or_doi(tmp_path, monkeypatch):
    (tmp_path / "references.yaml").write_text(
        "references:\n  - {id: r, authors: A B, year: 2001, title: T, source: S}\n"
    )
    monkeypatch.setenv("KNEELIB_DATA", str(tmp_path))
    assert [str(p) for p in validate_paths()] == [
        f"{tmp_path.name}/references.yaml: r: url: expected a url or a doi, found neither"
    ]


def test_unmatched_file_is_reported(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    (problem,) = validate_paths([stray])
    assert problem.found == "a file that matches no content kind"


def test_missing_file_is_reported(tmp_path):
    (problem,) = validate_paths([tmp_path / "questions" / "gone.yaml"])
    assert problem.found == "no such file"


def test_problem_prints_as_one_line():
    assert (
        str(Problem("f.yaml", "q1", "options", "two", "one"))
        == "f.yaml: q1: options: expected two, found one"
    )


def test_short_citation_label_drops_initials_and_suffixes(tmp_path, monkeypatch):
    (tmp_path / "references.yaml").write_text(
        "references:\n"
        "  - {id: a, authors: 'Scholten RJPM, Opstelten W', year: 2003, title: T, source: S, doi: x}\n"
        "  - {id: b, authors: 'Rubinstein RA Jr, Shelbourne KD', year: 1994, title: T, source: S, doi: x}\n"
        "  - {id: c, authors: National Institute for Health and Care Excellence, year: 2020, title: T, source: S, doi: x}\n"
        "  - {id: d, authors: Kraag G, year: 1976, title: T, source: S, doi: x}\n"
    )
    from kneelib.content.references import load_references_file

    refs = load_references_file(tmp_path / "references.yaml")
    assert [refs[i].short() for i in "abcd"] == [
        "Scholten et al. 2003",
        "Rubinstein et al. 1994",
        "NICE 2020",
        "Kraag 1976",
    ]


def test_every_content_kind_module_is_listed_for_validation():
    from pathlib import Path

    from kneelib.content.base import KIND_MODULES

    folder = Path(__file__).resolve().parent.parent / "kneelib" / "content"
    modules = {
        f"kneelib.content.{p.stem}"
        for p in folder.glob("*.py")
        if p.stem not in ("__init__", "base")
    }
    assert set(KIND_MODULES) == modules
