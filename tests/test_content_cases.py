"""Case files: every file in data/cases/ is valid, and each kind of mistake is caught with an exact message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kneelib.content import validate_paths
from kneelib.content.base import ContentError, data_dir
from kneelib.content.cases import case_ids, load_case, load_case_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cases"
ROOT = Path(__file__).resolve().parent.parent

#: Every case id other notebooks call show_case() with; each must exist.
REQUIRED_CASES = (
    "bakers-cyst",
    "tendinopathy",
    "meniscal-tear",
    "osteoarthritis",
    "dvt",
    "septic-arthritis",
    "ruptured-bakers-cyst",
    "ligament-injury",
    "popliteal-aneurysm",
    "lumbar-referred",
    "integrated",
)


def _problems(name: str) -> list[str]:
    return [str(p) for p in validate_paths([FIXTURES / f"{name}.yaml"])]


def test_every_required_case_exists():
    assert set(REQUIRED_CASES) <= set(case_ids())


@pytest.mark.parametrize(
    "path", sorted((data_dir() / "cases").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_case_file_is_valid(path):
    assert validate_paths([path]) == []


@pytest.mark.parametrize("case_id", REQUIRED_CASES)
def test_every_case_has_three_or_more_decision_points_with_three_or_four_choices(case_id):
    case = load_case(case_id)
    decisions = [s for s in case.steps if len(s.choices) >= 3]
    assert len(decisions) >= 3


@pytest.mark.parametrize("case_id", REQUIRED_CASES)
def test_every_case_has_a_best_and_a_harmful_or_poor_ending(case_id):
    outcomes = {e.outcome for e in load_case(case_id).endings}
    assert "best" in outcomes and outcomes & {"poor", "harmful"}


def test_good_fixture_is_valid():
    assert _problems("example-swollen-calf") == []


def test_unknown_target_is_reported_with_step_and_field():
    f = "tests/fixtures/cases/bad-unknown-target.yaml"
    assert _problems("bad-unknown-target") == [
        f"{f}: plan: choices.order-scan.next: expected a step or ending id of this case, found 'treatd' (did you mean 'treated'?)",
        f"{f}: treated: id: expected an ending that some choice leads to from 'assess', found no way to reach it",
    ]


def test_unreachable_step_is_reported():
    assert _problems("bad-unreachable-step") == [
        "tests/fixtures/cases/bad-unreachable-step.yaml: orphan: id: expected a step that some choice leads to from 'assess', found no way to reach it"
    ]


def test_step_whose_choices_all_return_to_it_has_no_way_out():
    assert _problems("bad-no-way-out") == [
        "tests/fixtures/cases/bad-no-way-out.yaml: waiting: choices: expected at least one choice leading to another step or an ending, found every choice returns to 'waiting'"
    ]


def test_step_without_choices_has_no_way_out():
    assert _problems("bad-no-choices") == [
        "tests/fixtures/cases/bad-no-choices.yaml: limbo: choices: expected at least one choice leading on, found no choices"
    ]


def test_situation_where_every_choice_is_hidden_is_a_dead_end():
    assert _problems("bad-dead-end") == [
        "tests/fixtures/cases/bad-dead-end.yaml: plan: choices: expected a choice left in every situation, found none left after choosing move-on"
    ]


def test_ending_without_debrief_is_reported():
    assert _problems("bad-ending-no-debrief") == [
        "tests/fixtures/cases/bad-ending-no-debrief.yaml: sent-home: debrief: expected a value for 'debrief', found nothing (the field is missing)"
    ]


def test_finding_without_references_is_reported():
    assert _problems("bad-finding-no-references") == [
        "tests/fixtures/cases/bad-finding-no-references.yaml: calf-swollen: references: expected a value for 'references', found nothing (the field is missing)"
    ]


def test_debrief_with_empty_references_is_reported():
    assert _problems("bad-debrief-no-references") == [
        "tests/fixtures/cases/bad-debrief-no-references.yaml: treated: debrief.references: expected at least 1 entries, found 0"
    ]


def test_counters_used_but_never_defined_are_reported():
    f = "tests/fixtures/cases/bad-undefined-counter.yaml"
    assert _problems("bad-undefined-counter") == [
        f"{f}: assess: choices.examine-legs.effects.minutes: expected a counter defined under 'counters', found 'minutes'",
        f"{f}: plan: choices.order-scan.branches.#1.when.counter: expected a counter defined under 'counters', found 'cost'",
    ]


def test_unknown_findings_and_choices_in_conditions_are_reported():
    f = "tests/fixtures/cases/bad-unknown-names.yaml"
    assert _problems("bad-unknown-names") == [
        f"{f}: dvt: excluded_when: expected a choice id of this case, found 'order-scann' (did you mean 'order-scan'?)",
        f"{f}: plan: choices.order-scan.reveals: expected a finding id from 'findings', found 'scan-clott' (did you mean 'scan-clot'?)",
    ]


def test_file_name_must_match_case_id(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    target = folder / "renamed.yaml"
    target.write_text(
        (FIXTURES / "example-swollen-calf.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        load_case_file(target)
    assert [p.field + ": " + p.expected + " / " + p.found for p in info.value.problems] == [
        "id: 'renamed' (the file name without .yaml) / 'example-swollen-calf'"
    ]


def test_counter_bound_without_counter_is_refused(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (FIXTURES / "example-swollen-calf.yaml").read_text(encoding="utf-8")
    text = text.replace("when: {not_revealed: [calf-measured]}", "when: {at_least: 2}")
    (folder / "example-swollen-calf.yaml").write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate_paths([folder / "example-swollen-calf.yaml"])]
    assert len(problems) == 1
    assert problems[0].endswith(
        "plan: choices.order-scan.branches.#1.when: expected 'counter' next to 'at_least' or 'below', found no counter"
    )


def test_loading_an_unknown_case_names_the_known_ones():
    with pytest.raises(ContentError) as info:
        load_case("bakers-cist")
    problem = info.value.problems[0]
    assert problem.item == "bakers-cist"
    assert problem.found == "no such case (did you mean 'bakers-cyst'?)"


def test_authoring_guide_example_is_a_valid_case(tmp_path):
    guide = (ROOT / "docs" / "authoring-cases.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- example-case -->\s*```yaml\n(.*?)```", guide, re.S)
    assert match is not None
    folder = tmp_path / "cases"
    folder.mkdir()
    path = folder / "example-swollen-calf.yaml"
    path.write_text(match.group(1), encoding="utf-8")
    assert validate_paths([path]) == []


def test_authoring_guide_example_matches_the_fixture():
    guide = (ROOT / "docs" / "authoring-cases.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- example-case -->\s*```yaml\n(.*?)```", guide, re.S)
    assert match.group(1) == (FIXTURES / "example-swollen-calf.yaml").read_text(encoding="utf-8")


def test_new_fields_load():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    assert (case.diagnosis.name, case.diagnosis.synonyms) == (
        "Deep vein thrombosis",
        ("DVT", "deep venous thrombosis"),
    )
    assert [s.id for s in case.steps if s.kind == "diagnosis"] == ["diagnose"]
    assert [c.id for s in case.steps for c in s.choices if c.correct] == ["dx-dvt"]
    assert [f.id for f in case.findings if f.required] == [
        "calf-measured",
        "no-chest-symptoms",
        "scan-result",
    ]


def test_new_fields_have_defaults_so_older_files_load():
    case = load_case_file(FIXTURES.parent / "engine" / "example-swollen-calf.yaml")
    assert case.diagnosis is None
    assert {s.kind for s in case.steps} == {None}
    assert not any(c.correct for s in case.steps for c in s.choices)
    assert not any(f.required for f in case.findings)


def test_correct_choice_outside_a_diagnosis_step_is_reported(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (FIXTURES / "example-swollen-calf.yaml").read_text(encoding="utf-8")
    text = text.replace("      - id: to-exam\n", "      - id: to-exam\n        correct: true\n")
    (folder / "example-swollen-calf.yaml").write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate_paths([folder / "example-swollen-calf.yaml"])]
    assert [p.split(": ", 1)[1] for p in problems] == [
        "history: choices.to-exam.correct: expected 'correct' only in a step with kind: diagnosis, found correct: true in a step without kind: diagnosis"
    ]
