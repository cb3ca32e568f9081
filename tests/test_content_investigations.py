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
