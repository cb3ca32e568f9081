"""Red-flag views: set values, click, read the feedback widget (no browser)."""

import pytest

from kneelib.widgets.redflags import (
    OttawaView,
    TriageView,
    WellsView,
    parse_age,
    show_ottawa,
    show_sorting,
    show_triage,
    show_wells,
)

# --------------------------------------------------------------------- Wells


def test_wells_view_has_one_box_per_criterion():
    assert len(show_wells().boxes) == 10


def test_wells_view_scores_the_ticked_items():
    view = show_wells()
    view.boxes["active_cancer"].value = True
    view.boxes["pitting_edema"].value = True
    view.button.click()
    assert "Wells score 2 points: DVT likely." in view.feedback.value
    assert "<strong>moderate</strong>" in view.feedback.value


def test_wells_view_gives_the_what_next_line():
    view = show_wells()
    view.boxes["entire_leg_swollen"].value = True
    view.boxes["previous_dvt"].value = True
    view.button.click()
    assert (
        "<strong>What next:</strong> Offer a proximal leg vein ultrasound scan"
        in view.feedback.value
    )


def test_wells_view_with_nothing_ticked_is_unlikely_and_says_so():
    view = show_wells()
    view.button.click()
    assert "Wells score 0 points: DVT unlikely." in view.feedback.value
    assert "No item scored." in view.feedback.value
    assert "D-dimer" in view.feedback.value


def test_wells_view_shows_the_negative_item_with_its_sign():
    view = show_wells()
    view.boxes["alternative_diagnosis_as_likely"].value = True
    view.button.click()
    assert "Wells score -2 points" in view.feedback.value
    assert "(-2)" in view.feedback.value


def test_wells_feedback_uses_a_symbol_and_a_word():
    view = show_wells()
    view.button.click()
    assert "ℹ" in view.feedback.value and "Note:" in view.feedback.value


def test_wells_feedback_cites_its_sources():
    view = show_wells()
    view.button.click()
    assert "Sources: " in view.feedback.value and "NICE 2020" in view.feedback.value


# -------------------------------------------------------------------- Ottawa


def test_ottawa_view_age_60_indicates_x_ray():
    view = show_ottawa()
    view.age.value = "60"
    view.button.click()
    assert "Ottawa knee rule: X-ray indicated." in view.feedback.value
    assert "Age 55 years or older" in view.feedback.value


def test_ottawa_view_young_adult_without_findings_is_not_indicated():
    view = show_ottawa()
    view.age.value = "30"
    view.button.click()
    assert "X-ray not indicated by the rule." in view.feedback.value
    assert "None of the five findings is present." in view.feedback.value


def test_ottawa_view_fibular_tenderness_indicates_x_ray():
    view = show_ottawa()
    view.age.value = "25"
    view.boxes["fibular_head_tenderness"].value = True
    view.button.click()
    assert "Tenderness at the head of the fibula" in view.feedback.value
    assert "X-ray indicated." in view.feedback.value


def test_ottawa_view_always_states_acute_injury_only():
    view = show_ottawa()
    view.age.value = "30"
    view.button.click()
    assert "acute knee injuries only" in view.feedback.value


def test_ottawa_view_shows_the_child_note_for_a_child():
    view = show_ottawa()
    view.age.value = "9"
    view.button.click()
    assert "derived and validated in adults" in view.feedback.value


@pytest.mark.parametrize(
    "entry, message",
    [
        ("-3", "ottawa_knee: age: expected a number of years from 0 to 120, found -3.0"),
        ("300", "ottawa_knee: age: expected a number of years from 0 to 120, found 300.0"),
        ("old", "Age: expected a number of years, found &#x27;old&#x27;"),
        ("", "Age: expected a number of years, found &#x27;&#x27;"),
    ],
)
def test_ottawa_view_bad_age_shows_a_message_not_a_traceback(entry, message):
    view = show_ottawa()
    view.age.value = entry
    view.button.click()
    assert "Cannot check yet:" in view.feedback.value
    assert message in view.feedback.value


@pytest.mark.parametrize(
    "text, age", [("62", 62.0), ("62,5", 62.5), ("70 years", 70.0), (" 18 ", 18.0)]
)
def test_parse_age_reads_common_entries(text, age):
    assert parse_age(text) == age


# -------------------------------------------------------------------- triage


def test_triage_view_with_nothing_ticked_is_self_care_never_blank():
    view = show_triage()
    view.button.click()
    assert "Level: Self-care." in view.feedback.value
    assert "No red flag" in view.feedback.value


def test_triage_view_fever_and_hot_joint_is_an_emergency():
    view = show_triage()
    view.boxes["fever"].value = True
    view.boxes["hot_swollen_joint"].value = True
    view.button.click()
    assert "Level: Emergency." in view.feedback.value
    assert "Septic arthritis" in view.feedback.value
    assert "⛔</span> Red flag:</strong> Level: Emergency." in view.feedback.value


def test_triage_view_swollen_calf_is_same_day_with_a_what_next_line():
    view = show_triage()
    view.boxes["calf_swelling"].value = True
    view.button.click()
    assert "Level: Same-day (urgent)." in view.feedback.value
    assert "<strong>What next:</strong> Same-day (urgent): Today" in view.feedback.value


def test_triage_view_reasons_carry_sources():
    view = show_triage()
    view.boxes["pulsatile_mass"].value = True
    view.button.click()
    assert "(Source: " in view.feedback.value


def test_triage_view_shows_the_pulmonary_embolism_and_cauda_equina_boxes():
    view = show_triage()
    assert view.boxes["breathless_chest_pain_or_haemoptysis"].description.startswith(
        "New breathlessness"
    )
    assert "numbness around the anus" in view.boxes["bladder_bowel_or_saddle_symptoms"].description


def test_triage_view_swollen_calf_and_breathlessness_is_an_emergency():
    view = show_triage()
    view.boxes["calf_swelling"].value = True
    view.boxes["breathless_chest_pain_or_haemoptysis"].value = True
    view.button.click()
    assert "Level: Emergency." in view.feedback.value
    assert "Deep vein thrombosis with pulmonary embolism" in view.feedback.value


def test_triage_view_saddle_numbness_is_an_emergency_for_cauda_equina():
    view = show_triage()
    view.boxes["bladder_bowel_or_saddle_symptoms"].value = True
    view.button.click()
    assert "Level: Emergency." in view.feedback.value
    assert "Cauda equina syndrome" in view.feedback.value


def test_triage_view_soft_swelling_is_routine():
    view = show_triage()
    view.boxes["soft_swelling_behind_knee"].value = True
    view.button.click()
    assert "Level: Routine." in view.feedback.value


# ------------------------------------------------------------------- sorting


def test_sorting_exercise_shows_the_two_urgency_questions():
    view = show_sorting()
    assert [child.question.id for child in view.children[1:]] == ["rf-13", "rf-14"]


def test_sorting_exercise_grades_a_full_correct_sort():
    view = show_sorting()
    matching = view.children[1]
    for item in matching.question.items:
        matching.matches[item.id].value = item.match
    matching.check.click()
    assert "Correct:" in matching.feedback.value


def test_sorting_exercise_grades_a_wrong_sort_as_partly_right():
    view = show_sorting()
    matching = view.children[1]
    for item in matching.question.items:
        matching.matches[item.id].value = item.match
    matching.matches["septic"].value = "self-care"
    matching.check.click()
    assert "Partly right:" in matching.feedback.value


def test_views_are_the_classes_named():
    assert isinstance(show_wells(), WellsView)
    assert isinstance(show_ottawa(), OttawaView)
    assert isinstance(show_triage(), TriageView)
