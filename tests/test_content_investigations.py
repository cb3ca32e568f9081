"""The first-investigation vignettes: the real file validates, each kind of mistake is caught."""

from pathlib import Path

import pytest

from kneelib.content import ContentError, validate_paths
from kneelib.content.investigations import check_choice, load_first_investigation

FIXTURES = Path(__file__).parent / "fixtures" / "first_investigation"


def fixture(name: str) -> Path:
    return FIXTURES / name / "first_investigation.yaml"


def only_problem(name: str) -> str:
    problems = validate_paths([fixture(name)])
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def prefix(name: str) -> str:
    return f"tests/fixtures/first_investigation/{name}/first_investigation.yaml: v-1: "


def test_the_project_file_is_valid():
    assert (
        validate_paths([Path(__file__).parent.parent / "data" / "first_investigation.yaml"]) == []
    )


def test_every_project_option_is_explained_and_referenced():
    for vignette in load_first_investigation().vignettes:
        for option in vignette.options:
            assert option.explanation and option.references, (vignette.id, option.id)


def test_good_fixture_loads():
    exercise = load_first_investigation(fixture("good"))
    assert [v.id for v in exercise.vignettes] == ["v-1"]
    assert exercise.vignettes[0].answer.id == "us"


def test_right_choice_is_graded_correct():
    vignette = load_first_investigation(fixture("good")).vignettes[0]
    result = check_choice(vignette, "us")
    assert (result.correct, result.chosen.id, result.answer.id) == (True, "us", "us")


def test_wrong_choice_carries_the_answer():
    vignette = load_first_investigation(fixture("good")).vignettes[0]
    result = check_choice(vignette, "xray")
    assert (result.correct, result.chosen.id, result.answer.id) == (False, "xray", "us")


def test_a_number_is_not_an_option_id():
    vignette = load_first_investigation(fixture("good")).vignettes[0]
    with pytest.raises(TypeError) as info:
        check_choice(vignette, 1)
    assert str(info.value) == "v-1: expected an option id, found 1 (int)"


def test_two_correct_options():
    assert only_problem("two-correct") == prefix("two-correct") + (
        "options: expected exactly one option with 'correct: true', found us, xray"
    )


def test_no_correct_option():
    assert only_problem("none-correct") == prefix("none-correct") + (
        "options: expected exactly one option with 'correct: true', found none"
    )


def test_duplicate_option_id():
    assert only_problem("duplicate-option") == prefix("duplicate-option") + (
        "options: expected option ids unique within the vignette, found 'us' more than once"
    )


def test_option_without_reference():
    assert only_problem("no-reference") == prefix("no-reference") + (
        "options.xray.references: expected at least 1 entries, found 0"
    )


def test_reference_that_does_not_resolve():
    assert only_problem("unknown-reference") == prefix("unknown-reference") + (
        "options.xray.references: expected a reference id from data/references.yaml, found 'kellgren-1975' "
        "(did you mean 'kellgren-1957'?)"
    )


def test_loader_raises_content_error():
    with pytest.raises(ContentError):
        load_first_investigation(fixture("none-correct"))


def test_vignette_objective_must_be_one_of_the_files():
    assert only_problem("unknown-objective") == prefix("unknown-objective") + (
        "objective: expected one of this file's objectives (choose-first-test), found 'choose-frist-test'"
    )


def test_vignettes_become_a_graded_single_choice_quiz():
    from kneelib.content.investigations import as_quiz
    from kneelib.quiz import grade

    quiz = as_quiz(load_first_investigation(fixture("good")))
    question = quiz.questions[0]
    assert (quiz.topic, question.id, question.type, question.level) == (
        "first-investigation",
        "v-1",
        "single",
        "application",
    )
    assert question.references == ("ward-2001", "kellgren-1957")
    assert (grade(question, "us").score, grade(question, "xray").score) == (1.0, 0.0)


def test_the_question_bank_holds_the_project_vignettes():
    from kneelib.content import load_question_bank, load_quiz

    bank = load_question_bank()
    assert list(bank)[-1] == "first-investigation"
    ids = [q.id for q in bank["first-investigation"].questions]
    assert ids == [v.id for v in load_first_investigation().vignettes]
    assert load_quiz("first-investigation") == bank["first-investigation"]


def test_a_vignette_id_may_not_repeat_a_question_id(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "data"

    data = Path(__file__).parent.parent / "data"
    shutil.copytree(data / "questions", copy / "questions")
    shutil.copy(data / "references.yaml", copy / "references.yaml")
    text = (data / "first_investigation.yaml").read_text(encoding="utf-8")
    first_question = load_first_investigation().vignettes[0].id
    (copy / "first_investigation.yaml").write_text(
        text.replace(f"id: {first_question}", "id: sh-01", 1), encoding="utf-8"
    )
    monkeypatch.setenv("KNEELIB_DATA", str(copy))
    problems = [str(p) for p in validate_paths([copy]) if p.field == "id"]
    assert problems == [
        "data/first_investigation.yaml: sh-01: id: expected a question id unique across the question bank, "
        "found 'sh-01' also in data/questions/00-start-here.yaml"
    ]
