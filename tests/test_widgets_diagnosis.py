"""The probability updater and the first-investigation exercise, driven as a student would."""

import math
from pathlib import Path

import pytest

from kneelib.content.accuracy import AccuracyRow, load_accuracy
from kneelib.content.investigations import check_choice, load_first_investigation
from kneelib.text import cite
from kneelib.widgets.diagnosis import (
    CHAINING_CAVEAT,
    ProbabilityUpdater,
    format_lr,
    format_percent,
    show_first_investigation,
    show_probability_updater,
)

GOOD = Path(__file__).parent / "fixtures" / "accuracy" / "good" / "diagnostic_accuracy.csv"


def row(id, sensitivity, specificity, test="Test A", condition="Condition X", note=None):
    return AccuracyRow(
        id=id,
        test=test,
        target_condition=condition,
        population="P",
        reference_standard="R",
        sensitivity=sensitivity,
        specificity=specificity,
        references=("sokal-2022",),
        note=note,
    )


@pytest.fixture
def rows():
    # LR+ = 0.8 / 0.2 = 4, LR- = 0.2 / 0.8 = 0.25; LR+ of the perfect row is infinite.
    return (
        row("a", 0.8, 0.8, test="Test A"),
        row("b", 0.5, 0.75, test="Test B"),
        row("perfect", 0.5, 1.0, test="Perfect test", note="A tiny study"),
        row("other", 0.9, 0.9, test="Other test", condition="Condition Y"),
    )


# --------------------------------------------------------------------- format


def test_format_percent():
    assert [format_percent(p) for p in (0.0, 0.0004, 0.2, 0.9995, 1.0)] == [
        "0%",
        "<0.1%",
        "20.0%",
        ">99.9%",
        "100%",
    ]


def test_format_lr():
    assert [format_lr(x) for x in (math.inf, 0.0, 0.25, 12.34)] == ["infinite", "0", "0.25", "12.3"]


# ---------------------------------------------------------- probability updater


def test_updater_lists_conditions_from_the_rows(rows):
    view = ProbabilityUpdater(rows)
    assert view.condition.options == ("Condition X", "Condition Y")


def test_updater_lists_only_the_tests_for_the_chosen_condition(rows):
    view = ProbabilityUpdater(rows, condition="Condition X")
    assert [value for _, value in view.test.options] == ["a", "b", "perfect"]


def test_updater_starts_with_a_prompt(rows):
    view = ProbabilityUpdater(rows, pretest_percent=20)
    assert "Pre-test probability 20.0%. Choose a test and its result" in view.feedback.value
    assert view.table.value == ""


def test_positive_result_moves_the_probability(rows):
    view = ProbabilityUpdater(rows, pretest_percent=50)
    view.test.value = "a"
    view.result.value = "positive"
    view.apply.click()
    assert "Test A, positive: 50.0% becomes 80.0% (LR 4.00)." in view.feedback.value
    assert "<strong>80.0%</strong>" in view.table.value


def test_negative_result_lowers_the_probability(rows):
    view = ProbabilityUpdater(rows, pretest_percent=50)
    view.test.value = "a"
    view.result.value = "negative"
    view.apply.click()
    assert "Test A, negative: 50.0% becomes 20.0% (LR 0.25)." in view.feedback.value


def test_results_chain_step_by_step(rows):
    view = ProbabilityUpdater(rows, pretest_percent=20)
    view.test.value = "a"
    view.apply.click()
    view.test.value = "b"
    view.result.value = "negative"
    view.apply.click()
    # 20% -> LR 4 -> 50%; then LR- of b = 0.5 / 0.75 = 2/3: odds 1 -> 2/3 -> 40%
    assert view.probabilities() == pytest.approx((0.2, 0.5, 0.4))
    assert "50.0% &rarr; <strong>40.0%</strong>" in view.table.value


def test_chaining_shows_the_independence_caveat(rows):
    view = ProbabilityUpdater(rows)
    view.test.value = "a"
    view.apply.click()
    assert view.caveat.value == ""
    view.test.value = "b"
    view.apply.click()
    assert "Check:" in view.caveat.value
    assert "as if each test were independent" in view.caveat.value
    assert CHAINING_CAVEAT.startswith("Chaining results multiplies")


def test_repeating_a_test_is_flagged(rows):
    view = ProbabilityUpdater(rows)
    view.test.value = "a"
    view.apply.click()
    view.apply.click()
    assert "You applied the same test more than once" in view.caveat.value


def test_perfect_specificity_explains_the_infinite_lr(rows):
    view = ProbabilityUpdater(rows, pretest_percent=10)
    view.test.value = "perfect"
    view.apply.click()
    assert "Perfect test, positive: 10.0% becomes 100% (LR infinite)." in view.feedback.value
    assert "reports a specificity of exactly 1" in view.feedback.value
    assert "Note on this row: A tiny study" in view.feedback.value


def test_meaningless_chain_is_refused_with_a_message(rows):
    sure_negative = row("sens1", 1.0, 0.5, test="Rule-out test")
    view = ProbabilityUpdater(rows + (sure_negative,), pretest_percent=100)
    view.test.value = "sens1"
    view.result.value = "negative"
    view.apply.click()
    assert "Cannot check yet:" in view.feedback.value
    assert "infinity x 0 has no meaning" in view.feedback.value
    assert view.steps == []


def test_changing_the_pretest_recomputes_the_chain(rows):
    view = ProbabilityUpdater(rows, pretest_percent=50)
    view.test.value = "a"
    view.apply.click()
    view.pretest.value = 20
    assert "Test A, positive: 20.0% becomes 50.0% (LR 4.00)." in view.feedback.value


def test_changing_the_condition_clears_the_chain(rows):
    view = ProbabilityUpdater(rows)
    view.test.value = "a"
    view.apply.click()
    view.condition.value = "Condition Y"
    assert view.steps == []
    assert view.test.value == "other"
    assert view.table.value == ""


def test_start_again_clears_the_chain(rows):
    view = ProbabilityUpdater(rows)
    view.test.value = "a"
    view.apply.click()
    view.reset.click()
    assert view.steps == []
    assert view.image.png == b""


def test_nomogram_is_drawn_after_a_result(rows):
    view = ProbabilityUpdater(rows)
    view.test.value = "a"
    view.apply.click()
    assert view.image.png[:4] == b"\x89PNG"


def test_unknown_condition_is_refused(rows):
    with pytest.raises(ValueError) as info:
        ProbabilityUpdater(rows, condition="Gout")
    assert str(info.value) == (
        "ProbabilityUpdater: condition: expected one of Condition X, Condition Y, found 'Gout'"
    )


def test_updater_over_the_project_table_offers_the_pcl_test():
    view = show_probability_updater(condition="PCL tear")
    assert "pcl-posterior-drawer-rubinstein-1994" in [value for _, value in view.test.options]


def test_updater_over_a_fixture_table():
    view = show_probability_updater(load_accuracy(GOOD), condition="ACL tear", pretest_percent=30)
    view.apply.click()
    assert "Lachman test, positive: 30.0%" in view.feedback.value


# ---------------------------------------------------------- first investigation


def test_exercise_shows_the_first_vignette():
    view = show_first_investigation()
    assert view.vignette.value == "fi-bakers-cyst"
    assert "soft swelling" in view.prompt.value
    assert view.choice.value is None


def test_right_choice_is_confirmed_with_every_explanation():
    view = show_first_investigation()
    view.choice.value = "ultrasound"
    view.check.click()
    assert "Correct:" in view.feedback.value
    assert (
        "&#x27;Ultrasound of the popliteal fossa&#x27; is the best first investigation here."
        in view.feedback.value
    )
    assert view.feedback.value.count("<li>") == 4
    assert f"(Source: {cite(['ward-2001', 'bmj-bp-popliteal-cyst'])})" in view.feedback.value


def test_wrong_choice_names_the_best_first_test():
    view = show_first_investigation()
    view.vignette.value = "fi-osteoarthritis"
    view.choice.value = "mri"
    view.check.click()
    assert "Not quite:" in view.feedback.value
    assert (
        "the best first investigation is &#x27;No test; diagnose it clinically&#x27;."
        in view.feedback.value
    )


def test_checking_without_a_choice_asks_for_one():
    view = show_first_investigation()
    view.check.click()
    assert "Cannot check yet:" in view.feedback.value
    assert (
        "fi-bakers-cyst: expected a chosen investigation, found none (choose one first)"
        in view.feedback.value
    )


def test_changing_vignette_clears_choice_and_feedback():
    view = show_first_investigation()
    view.choice.value = "mri"
    view.check.click()
    view.vignette.value = "fi-dvt"
    assert view.choice.value is None
    assert view.feedback.value == ""
    assert [value for _, value in view.choice.options][0] == "proximal-ultrasound"


def test_every_vignette_has_one_best_answer():
    exercise = load_first_investigation()
    assert {v.id: v.answer.id for v in exercise.vignettes} == {
        "fi-bakers-cyst": "ultrasound",
        "fi-osteoarthritis": "none",
        "fi-dvt": "proximal-ultrasound",
        "fi-degenerative-meniscus": "xray",
        "fi-ligament": "xray",
    }


def test_check_choice_rejects_an_unknown_option():
    vignette = load_first_investigation().vignettes[0]
    with pytest.raises(ValueError) as info:
        check_choice(vignette, "ct")
    assert (
        str(info.value)
        == "fi-bakers-cyst: expected one of ultrasound, mri, xray, aspirate, found 'ct'"
    )


# ------------------------------------------------------------- accuracy explorer


def test_accuracy_explorer_shows_the_rows_of_one_condition(rows):
    from kneelib.widgets.diagnosis import show_accuracy

    view = show_accuracy("Condition X", rows)
    assert [row.id for row in view.selected()] == ["a", "b", "perfect"]
    assert "3 estimate(s) for Condition X from 1 source(s)." in view.feedback.value
    assert view.image.png[:4] == b"\x89PNG"


def test_accuracy_table_gives_cis_and_likelihood_ratios():
    from kneelib.widgets.diagnosis import accuracy_table_html

    table = accuracy_table_html(load_accuracy(GOOD)[:1])
    assert '<td style="padding:2px 6px;text-align:right">0.81 (0.73-0.87)</td>' in table
    assert '<td style="padding:2px 6px;text-align:right">5.40</td>' in table
    assert cite(["sokal-2022", "scholten-2003"]) in table


def test_accuracy_explorer_follows_the_dropdown(rows):
    from kneelib.widgets.diagnosis import show_accuracy

    view = show_accuracy("Condition X", rows)
    view.condition.value = "Condition Y"
    assert "1 estimate(s) for Condition Y" in view.feedback.value
    assert "Other test" in view.table.value


def test_accuracy_explorer_refuses_an_unknown_condition(rows):
    from kneelib.widgets.diagnosis import show_accuracy

    with pytest.raises(ValueError) as info:
        show_accuracy("Gout", rows)
    assert (
        str(info.value)
        == "show_accuracy: condition: expected one of Condition X, Condition Y, found 'Gout'"
    )


def test_show_fagan_is_a_png_image():
    from kneelib.widgets.diagnosis import show_fagan

    image = show_fagan(0.2, 5.4)
    assert image.png[:4] == b"\x89PNG" and 'alt="Fagan nomogram' in image.value


def test_a_checked_choice_is_recorded_like_a_quiz_answer(store):
    view = show_first_investigation(store=store)
    view.vignette.value = "fi-osteoarthritis"
    view.choice.value = "mri"
    view.check.click()
    view.choice.value = "none"
    view.check.click()
    answers = [
        (a["question_id"], a["topic"], a["answer"], a["score"], a["correct"]) for a in store.answers
    ]
    assert answers == [
        ("fi-osteoarthritis", "first-investigation", "mri", 0.0, False),
        ("fi-osteoarthritis", "first-investigation", "none", 1.0, True),
    ]


def test_a_choice_that_cannot_be_saved_is_still_checked(store, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store, "record_answer", refuse)
    view = show_first_investigation(store=store)
    view.choice.value = "ultrasound"
    view.check.click()
    assert "Correct:" in view.feedback.value
    assert f"could not be saved to {store.path} (Permission denied)." in view.feedback.value
