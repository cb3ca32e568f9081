"""The item checker: each planted flaw is named exactly, clean items pass, exit codes and --strict."""

from pathlib import Path

import pytest

from kneelib.cli import main
from kneelib.items import CHECKS, is_vignette, lint_paths, option_kind

FIXTURES = Path(__file__).parent / "fixtures" / "items"
BAD = "tests/fixtures/items/bad/questions/00-flaws.yaml"
BAD_FI = "tests/fixtures/items/bad/first_investigation.yaml"

EXPECTED_BAD = [
    f"{BAD}: f-longest: options.a.text: key is the longest option (66 characters; the others 18-21) [warning key-longest]",
    f"{BAD}: f-absolute: options.c.text: absolute word 'never' in a distractor, none in the key [warning absolute-words]",
    f"{BAD}: f-echo: options.a.text: stem word 'ankle' repeated in the key only [warning stem-echo]",
    f"{BAD}: f-negative: prompt: negative lead-in ('NOT'): ask for the best answer instead [error negative-lead-in]",
    f"{BAD}: f-above: options.d.text: option says 'none of the above' [error all-none-above]",
    f"{BAD}: f-above: options.d.text: absolute word 'none' in a distractor, none in the key [warning absolute-words]",
    f"{BAD}: f-few: options: a single-choice item needs at least 4 options, found 2 [error few-options]",
    f"{BAD}: f-mixed: options: options of mixed kind (a, b, d diagnoses; c next steps (tests or actions)) [warning mixed-options]",
    f"{BAD}: f-reason: options.a.explanation: explanation gives no reason (1 word; say why the option is tempting and why it is right or wrong for this patient) [warning no-reason]",
    f"{BAD}: f-recall: answer: zero-tolerance numeric item with nothing to calculate from (the prompt gives 0 numbers): it recalls a figure [warning numeric-recall]",
    f"{BAD}: f-study: prompt: the answer is a study's detail (a year: 'In which year'); keep it in the prose and ask what it means for a patient [warning study-detail]",
    f"{BAD}: f-order: items: the order can be read off the figures printed in the items (0.83, 0.61, 0.6) [error answer-in-options]",
    f"{BAD}: f-patient: level: marked application but the prompt describes no patient (an age written 'NN-year-old' and man, woman, boy or girl) [error level-no-patient]",
    f"{BAD}: f-match: items.gs.text: the matching choice 'Bursa' is printed in the item [error answer-in-options]",
    f"{BAD}: f-why-not: prompt: negative lead-in ('Why should a swelling behind the knee not'): ask for the best answer instead [error negative-lead-in]",
    f"{BAD_FI}: fi-no-sex: level: marked application but the prompt describes no patient (an age written 'NN-year-old' and man, woman, boy or girl) [error level-no-patient]",
]


@pytest.fixture
def in_project(monkeypatch):
    """Messages name files relative to the project, as the validator does."""
    monkeypatch.chdir(Path(__file__).parent.parent)


def test_each_planted_flaw_is_named_exactly(in_project):
    report = lint_paths([FIXTURES / "bad"])
    assert [str(f) for f in report.flaws] == EXPECTED_BAD
    assert report.problems == []


def test_every_check_is_planted_in_the_bad_bank(in_project):
    planted = {f.check for f in lint_paths([FIXTURES / "bad"]).flaws}
    assert planted == set(CHECKS) - {"missing-level"}


def test_each_check_has_an_id_and_a_severity():
    assert {c.severity for c in CHECKS.values()} == {"error", "warning"}
    assert all(c.id == key for key, c in CHECKS.items())


def test_clean_items_pass(in_project):
    report = lint_paths([FIXTURES / "good"])
    assert report.flaws == []
    assert report.problems == []


def test_summary_per_file(in_project):
    report = lint_paths([FIXTURES / "good", FIXTURES / "bad"])
    assert [s.line() for s in report.summaries] == [
        "tests/fixtures/items/good/questions/00-clean.yaml: 3 items (1 multiple, 1 numeric, 1 single); "
        "vignettes 100%; recall 0%, application 67%, analysis 33%; key longest 0% of 1 single-choice; "
        "absolute words in keys 0%, in distractors 0%",
        f"{BAD}: 14 items (1 matching, 1 numeric, 1 ordering, 11 single); vignettes 0%; "
        "recall 93%, application 7%, analysis 0%; key longest 18% of 11 single-choice; "
        "absolute words in keys 0%, in distractors 6%",
        f"{BAD_FI}: 1 items (1 single); vignettes 0%; recall 0%, application 100%, analysis 0%; "
        "key longest 0% of 1 single-choice; absolute words in keys 0%, in distractors 0%",
    ]
    total = report.total()
    assert (total.items, total.vignettes, total.single, total.key_longest) == (18, 3, 13, 2)


def test_vignette_needs_an_age_and_a_sex_word():
    assert is_vignette("A 61-year-old woman has a swelling behind the knee.")
    assert is_vignette("A 9-year-old boy limps.")
    assert not is_vignette("A 61-year-old has a swelling behind the knee.")
    assert not is_vignette("A woman in her sixties has a swelling behind the knee.")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Popliteal cyst", "diagnosis"),
        ("Medial collateral ligament injury", "diagnosis"),
        ("Ultrasound of the popliteal fossa", "next step"),
        ("Refer to vascular surgery the same day", "next step"),
        ("The medial head of gastrocnemius", "structure"),
        ("16%", "number"),
        ("The tear may be an incidental finding", None),
    ],
)
def test_option_kinds(text, kind):
    assert option_kind(text) == kind


def test_unloadable_file_is_reported_not_linted(in_project, tmp_path):
    bad = tmp_path / "01-broken.yaml"
    bad.write_text("topic: 01-broken\ntitle: x\n", encoding="utf-8")
    report = lint_paths([bad])
    assert report.flaws == []
    assert [p.field for p in report.problems] == ["objectives", "questions"]


def test_missing_path_is_a_problem(in_project):
    report = lint_paths([Path("tests/fixtures/items/nowhere.yaml")])
    assert [str(p) for p in report.problems] == [
        "tests/fixtures/items/nowhere.yaml: -: file: expected a question file (NN-slug.yaml), "
        "first_investigation.yaml or a data folder, found no such file"
    ]


def test_cli_exits_1_on_errors_and_prints_each_flaw(in_project, capsys):
    assert main(["lint-items", "tests/fixtures/items/bad"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[: len(EXPECTED_BAD)] == EXPECTED_BAD
    assert "Summary:" in out
    assert err == "Items in tests/fixtures/items/bad: 8 errors, 8 warnings.\n"


def test_cli_exits_0_on_clean_items(in_project, capsys):
    assert main(["lint-items", "tests/fixtures/items/good"]) == 0
    assert capsys.readouterr().err == "Items in tests/fixtures/items/good: 0 errors, 0 warnings.\n"


def test_cli_warnings_pass_unless_strict(in_project, tmp_path, capsys):
    folder = tmp_path / "questions"
    folder.mkdir()
    text = (FIXTURES / "good" / "questions" / "00-clean.yaml").read_text(encoding="utf-8")
    warned = folder / "00-clean.yaml"
    warned.write_text(
        text.replace(
            "text: Popliteal cyst",
            "text: Popliteal cyst of the gastrocnemius-semimembranosus bursa",
        ),
        encoding="utf-8",
    )
    assert main(["lint-items", str(warned)]) == 0
    capsys.readouterr()
    assert main(["lint-items", "--strict", str(warned)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (
        f"{warned}: c-single: options.a.text: key is the longest option "
        "(57 characters; the others 13-25) [warning key-longest]"
    )
    assert err == f"Items in {warned}: 0 errors, 1 warning (--strict: warnings count as errors).\n"
