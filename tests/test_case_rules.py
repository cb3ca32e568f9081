"""The case-design rules (R1-R5): each planted mistake is rejected with its exact message,
and the case report describes a case's shape."""

from __future__ import annotations

from kneelib.cases import best_play, case_report, debrief, debrief_lines, replay, step_role
from kneelib.cli import main
from kneelib.content import validate_paths
from kneelib.content.cases import _term_pattern, load_case_file
from tests.test_content_cases import FIXTURES

F = "tests/fixtures/cases"


def _problems(name: str) -> list[str]:
    return [str(p) for p in validate_paths([FIXTURES / f"{name}.yaml"])]


def test_the_example_passes_every_rule():
    assert _problems("example-swollen-calf") == []


def test_r1_best_ending_with_a_red_flag_open_and_a_required_finding_missing():
    assert _problems("bad-best-with-open-flag") == [
        f"{F}/bad-best-with-open-flag.yaml: treated: outcome: expected 'best' only after every red flag "
        "is excluded and every required finding revealed, found red flag 'lung' and required finding "
        "'no-chest-symptoms' still open on the play to-exam, measure-calves, dx-cellulitis, order-scan "
        "(the shortest of 8 such plays)"
    ]


def test_r2_too_few_decision_steps_and_a_decision_with_two_choices():
    assert _problems("bad-too-few-decisions") == sorted(
        [
            f"{F}/bad-too-few-decisions.yaml: treated: outcome: expected at least 3 decision steps on every "
            "play that reaches it, found 2 (diagnose, plan) on the play ask-chest, to-exam, measure-calves, "
            "to-diagnose, dx-cellulitis, order-scan (the shortest of 36 such plays)",
            f"{F}/bad-too-few-decisions.yaml: plan: choices: expected 3 or 4 choices at a decision step on a "
            "best play, found 2",
        ]
    )


def test_r3_diagnosis_step_skipped_too_few_differentials_two_correct_and_no_management_after_it():
    f = f"{F}/bad-diagnosis-step.yaml"
    assert _problems("bad-diagnosis-step") == sorted(
        [
            f"{f}: treated: outcome: expected 'best' only after every red flag is excluded and every "
            "required finding revealed, found red flags 'clot', 'lung' and required findings "
            "'calf-measured', 'no-chest-symptoms', 'scan-result' still open on the play to-exam, "
            "examine-knee, dx-cyst (the shortest of 5 such plays)",
            f"{f}: treated: outcome: expected at least 3 decision steps on every play that reaches it, "
            "found 2 (diagnose, exam) on the play to-exam, examine-knee, dx-cyst (the shortest of 8 such plays)",
            f"{f}: diagnose: choices: expected 4 or 5 differentials at the diagnosis step, found 3",
            f"{f}: diagnose: choices: expected exactly one choice with correct: true, found 2 (dx-dvt, dx-cyst)",
            f"{f}: treated: outcome: expected every play that reaches it to pass the diagnosis step "
            "'diagnose', found the play ask-chest, to-exam, measure-calves, order-scan (the shortest of 3 "
            "such plays), which does not",
            f"{f}: treated: outcome: expected a management decision after the diagnosis step 'diagnose' as "
            "the last move, found a last move at 'diagnose' on the play to-exam, examine-knee, dx-cyst (the "
            "shortest of 5 such plays)",
        ]
    )


def test_r3_r4_case_without_a_diagnosis():
    assert _problems("bad-no-diagnosis") == [
        f"{F}/bad-no-diagnosis.yaml: bad-no-diagnosis: diagnosis: expected the case's working "
        "diagnosis ({name: ..., synonyms: [...]}), found none"
    ]


def test_r4_diagnosis_named_before_the_diagnosis_step_by_name_or_synonym():
    f = f"{F}/bad-diagnosis-named-early.yaml"
    expected = "expected no name of the diagnosis before the diagnosis step 'diagnose'"
    assert _problems("bad-diagnosis-named-early") == sorted(
        [
            f"{f}: bad-diagnosis-named-early: intro: {expected}, found 'DVT'",
            f"{f}: diagnose: text: {expected}, found 'DVT'",
            f"{f}: exam: choices.measure-calves.feedback: {expected}, found 'deep vein thrombosis'",
            f"{f}: no-chest-symptoms: text: {expected}, found 'deep venous thrombosis'",
        ]
    )


def test_r4_matches_whole_words_in_any_case_and_either_apostrophe():
    dvt, cyst = _term_pattern("DVT"), _term_pattern("Baker's cyst")
    assert [bool(dvt.search(t)) for t in ("a DVT.", "(dvt)", "DVTs", "aDVT")] == [
        True,
        True,
        False,
        False,
    ]
    assert bool(cyst.search("a baker’s cyst")) and not cyst.search("Baker's cysts")


def test_r4_allows_the_name_after_the_diagnosis_step():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    assert "DVT" in case.ending("treated").text
    assert _problems("example-swollen-calf") == []


def test_r5_best_choice_markedly_the_longest():
    assert _problems("bad-best-choice-longest") == [
        f"{F}/bad-best-choice-longest.yaml: plan: choices.order-scan.text: expected the best choice not "
        "the longest by more than 1.25 x the mean length of the others (50.6 characters), found 111 "
        "characters, the longest of 3"
    ]


def test_steps_are_menus_decisions_or_passages():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    assert {s.id: step_role(s) for s in case.steps} == {
        "history": "menu",
        "exam": "decision",
        "diagnose": "decision",
        "plan": "decision",
    }


def test_best_play_scores_highest_without_the_low_yield_question():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    play = best_play(case)
    assert play.chosen == ("ask-chest", "to-exam", "measure-calves", "dx-dvt", "order-scan")
    assert play.counter_values == {"score": 5, "time": 67, "cost": 2}


def test_case_report_of_the_example():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    assert case_report(case) == [
        "example-swollen-calf: 125 plays over 148 situations",
        "  endings reached (outcome, plays): treated (best, 12), treated-late (acceptable, 60), "
        "chest-missed (poor, 8), sent-home (harmful, 45)",
        "  shortest best play: 5 choices, 3 decisions (exam, diagnose, plan): ask-chest, to-exam, "
        "measure-calves, dx-cellulitis, order-scan",
        "  a best play leaves a red flag open: no",
        "  best option is the longest: 1 of 3 decisions",
        "  best-scoring play: 5 choices (score 5, time used 67 minutes, cost 2 cost units); "
        "asks and examines everything on offer: no",
    ]


def test_case_report_names_open_red_flags():
    case = load_case_file(FIXTURES / "bad-best-with-open-flag.yaml")
    assert "  a best play leaves a red flag open: yes, 8 of 20 best plays (lung)" in case_report(
        case
    )


def test_case_report_command_prints_each_case_and_the_totals(capsys):
    assert main(["case-report", "dvt"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("dvt: ")
    assert out[-2].startswith("1 cases: the best option is the longest in ")
    assert out[-1].startswith("a best play leaves a red flag open in ")


def test_case_report_command_refuses_an_unknown_case(capsys):
    assert main(["case-report", "dvtt"]) == 1
    assert "no such case (did you mean 'dvt'?)" in capsys.readouterr().err


def test_debrief_lines_grade_the_diagnosis_and_compare_with_the_best_play():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    state = replay(case, ["to-exam", "measure-calves", "dx-strain", "order-scan"])
    lines = debrief_lines(debrief(case, state))
    assert lines["Working diagnosis"] == [
        "✗ Your working diagnosis: Calf muscle strain; the diagnosis was Deep vein thrombosis."
    ]
    assert lines["Your play beside the best play"] == [
        "Your choices (4): Move on to the examination → Measure both calves and feel along the veins"
        " → Calf muscle strain → Work out the Wells score and request a scan.",
        "Best play (5): Ask about breathlessness and chest pain → Move on to the examination → "
        "Measure both calves and feel along the veins → Deep vein thrombosis → Work out the Wells "
        "score and request a scan.",
        "Score: yours 4, the best play 5.",
        "Time used: yours 65 minutes, the best play 67 minutes.",
        "Cost: yours 2 cost units, the best play 2 cost units.",
        "Red flags excluded: yours 1 of 2 (not excluded: A clot that has reached the lungs), "
        "the best play 2 of 2.",
        "Ending: yours Clot treated, chest never asked about (poor), the best play Clot found the "
        "same day (best).",
    ]
