"""Widgets for knee osteoarthritis: driven by setting values and clicking, read from the HTML feedback."""

from __future__ import annotations

import pytest

from kneelib.widgets.bakers import show_valve_mechanism
from kneelib.widgets.oa import show_acr_checker, show_kl_grades, show_nice_checker


def tick(view, *names):
    for name in names:
        getattr(view, name).value = True


# ------------------------------------------------------------------- ACR


def test_acr_checker_starts_with_no_result():
    assert show_acr_checker().result.value == ""


def test_acr_three_clinical_criteria_classify():
    view = show_acr_checker()
    view.age.value = 51
    view.stiffness.value = 45
    view.palpable_warmth.value = True
    tick(view, "crepitus", "bony_enlargement")
    view.check.click()
    assert (
        "Classified as knee osteoarthritis by the ACR clinical criteria: 3 of 6 criteria met"
        in view.result.value
    )


def test_acr_result_shows_published_accuracy():
    view = show_acr_checker()
    view.check.click()
    assert "Published sensitivity 95%, specificity 69%." in view.result.value


def test_acr_age_exactly_50_is_shown_not_met():
    view = show_acr_checker()
    view.age.value = 50
    view.check.click()
    assert "Age over 50 years: <strong>not met</strong>" in view.result.value


def test_acr_warmth_ticked_shows_no_warmth_not_met():
    view = show_acr_checker()
    view.palpable_warmth.value = True
    view.check.click()
    assert "No palpable warmth: <strong>not met</strong>" in view.result.value


def test_acr_result_says_met_in_words_and_symbol():
    view = show_acr_checker()
    view.crepitus.value = True
    view.check.click()
    assert (
        '<span aria-hidden="true">✔</span> Crepitus on active motion: <strong>met</strong>'
        in view.result.value
    )


def test_acr_no_knee_pain_is_explained():
    view = show_acr_checker()
    view.knee_pain.value = False
    view.check.click()
    assert "knee pain is required and is absent" in view.result.value


def test_acr_negative_age_shows_the_message_not_a_traceback():
    view = show_acr_checker()
    view.age.value = -3
    view.check.click()
    assert "acr_knee_oa: age: expected years between 0 and 130, found -3" in view.result.value
    assert "Cannot check yet" in view.result.value


def test_acr_radiographic_set_uses_osteophytes():
    view = show_acr_checker("clinical-radiographic")
    view.osteophytes.value = True
    view.crepitus.value = True
    view.check.click()
    assert (
        "Classified as knee osteoarthritis by the ACR clinical and radiographic criteria"
        in view.result.value
    )


def test_acr_switching_set_shows_the_laboratory_box_and_clears_the_result():
    view = show_acr_checker()
    view.check.click()
    view.criteria_set.value = "clinical-laboratory"
    assert (
        view.laboratory_box.layout.display,
        view.radiographic_box.layout.display,
        view.result.value,
    ) == (None, "none", "")


def test_acr_laboratory_set_counts_esr_and_rf():
    view = show_acr_checker("clinical-laboratory")
    view.age.value = 60
    view.esr.value = 12
    view.rf_titre.value = 20
    tick(view, "crepitus", "bony_tenderness")
    view.check.click()
    assert "7 of 9 criteria met, at least 5 needed" in view.result.value


def test_acr_unknown_set_is_refused():
    with pytest.raises(ValueError) as exc:
        show_acr_checker("hip")
    assert str(exc.value) == (
        "show_acr_checker: criteria_set: expected one of ['clinical', 'clinical-laboratory', 'clinical-radiographic'], found 'hip'"
    )


# ------------------------------------------------------------------ NICE


def test_nice_checker_defaults_meet_the_diagnosis():
    view = show_nice_checker()
    view.check.click()
    assert "Meets NICE&#x27;s clinical diagnosis of osteoarthritis" in view.result.value


def test_nice_checker_stiffness_45_minutes_is_missing():
    view = show_nice_checker()
    view.stiffness.value = 45
    view.check.click()
    assert (
        "missing no morning joint-related stiffness, or stiffness lasting no longer than 30 minutes"
        in view.result.value
    )


# -------------------------------------------------------------------- KL


def test_kl_slider_shows_the_chosen_definition():
    view = show_kl_grades()
    view.slider.value = 3
    assert "<strong>Grade 3 (Moderate):</strong> Multiple osteophytes" in view.definition.value


def test_kl_slider_redraws_the_image():
    view = show_kl_grades()
    before = view.image.png
    view.slider.value = 4
    assert view.image.png != before and bytes(view.image.png).startswith(b"\x89PNG")


def test_kl_grade_out_of_range_is_refused():
    with pytest.raises(ValueError) as exc:
        show_kl_grades(7)
    assert str(exc.value) == "show_kl_grades: grade: expected a whole number from 0 to 4, found 7"


# -------------------------------------------------------------- Baker's


def test_valve_view_explains_the_closed_slit_in_extension():
    view = show_valve_mechanism()
    view.position.value = "extension"
    assert "Slit CLOSED" in view.caption.value and "Slit OPEN" not in view.caption.value


def test_valve_view_redraws_the_image():
    view = show_valve_mechanism("flexion")
    before = view.image.png
    view.position.value = "both"
    assert view.image.png != before


def test_valve_view_unknown_position_is_refused():
    with pytest.raises(ValueError) as exc:
        show_valve_mechanism("squat")
    assert (
        str(exc.value)
        == "show_valve_mechanism: position: expected one of ['both', 'extension', 'flexion'], found 'squat'"
    )
