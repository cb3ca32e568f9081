"""Wells DVT score: published points (Wells 2003 / NICE NG158), both bandings, every boundary, bad input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneelib.clinical import WELLS_CRITERIA, WellsResult, wells_dvt
from kneelib.clinical.dvt import (
    WELLS_MAX,
    WELLS_MIN,
    WELLS_NEXT_STEPS,
    three_level_band,
    two_level_band,
)
from kneelib.content import load_references

#: Published points: NICE NG158 table 1 (adapted from Wells et al. 2003).
PUBLISHED = {
    "active_cancer": 1,
    "paralysis_or_recent_cast": 1,
    "bedridden_or_recent_surgery": 1,
    "localized_deep_vein_tenderness": 1,
    "entire_leg_swollen": 1,
    "calf_swelling_3cm": 1,
    "pitting_edema": 1,
    "collateral_superficial_veins": 1,
    "previous_dvt": 1,
    "alternative_diagnosis_as_likely": -2,
}
POSITIVE = [name for name, pts in PUBLISHED.items() if pts > 0]


def test_the_table_has_exactly_the_published_items_and_points():
    assert {c.name: c.points for c in WELLS_CRITERIA} == PUBLISHED


def test_the_table_is_in_nice_order():
    assert [c.name for c in WELLS_CRITERIA] == list(PUBLISHED)


def test_possible_range_is_minus_two_to_nine():
    assert (WELLS_MIN, WELLS_MAX) == (-2, 9)


def test_no_criteria_scores_zero_unlikely_low():
    result = wells_dvt()
    assert (result.score, result.two_level, result.three_level, result.criteria) == (
        0,
        "unlikely",
        "low",
        (),
    )


@pytest.mark.parametrize("name", POSITIVE)
def test_each_positive_criterion_alone_scores_one_unlikely_moderate(name):
    result = wells_dvt(**{name: True})
    assert (result.score, result.two_level, result.three_level, result.criteria_names) == (
        1,
        "unlikely",
        "moderate",
        (name,),
    )


def test_alternative_diagnosis_alone_scores_minus_two_unlikely_low():
    result = wells_dvt(alternative_diagnosis_as_likely=True)
    assert (result.score, result.two_level, result.three_level) == (-2, "unlikely", "low")


def test_previous_dvt_counts_one_point_as_in_the_2003_score():
    assert wells_dvt(previous_dvt=True).score == 1


def test_all_positive_criteria_score_nine_likely_high():
    result = wells_dvt(**{name: True for name in POSITIVE})
    assert (result.score, result.two_level, result.three_level) == (9, "likely", "high")


def test_all_ten_criteria_score_seven():
    result = wells_dvt(**{name: True for name in PUBLISHED})
    assert (result.score, result.two_level, result.three_level) == (7, "likely", "high")
    assert result.criteria_names == tuple(PUBLISHED)


@pytest.mark.parametrize(
    "score, two, three",
    [
        (-2, "unlikely", "low"),
        (-1, "unlikely", "low"),
        (0, "unlikely", "low"),
        (1, "unlikely", "moderate"),
        (2, "likely", "moderate"),
        (3, "likely", "high"),
        (9, "likely", "high"),
    ],
)
def test_band_functions_at_every_cut_off(score, two, three):
    assert (two_level_band(score), three_level_band(score)) == (two, three)


def test_score_one_is_the_top_of_unlikely():
    assert wells_dvt(active_cancer=True).two_level == "unlikely"


def test_score_two_is_the_bottom_of_likely_and_still_moderate():
    result = wells_dvt(active_cancer=True, pitting_edema=True)
    assert (result.score, result.two_level, result.three_level) == (2, "likely", "moderate")


def test_score_three_is_the_bottom_of_high():
    result = wells_dvt(active_cancer=True, pitting_edema=True, entire_leg_swollen=True)
    assert (result.score, result.three_level) == (3, "high")


def test_score_minus_one_with_alternative_and_one_sign():
    result = wells_dvt(calf_swelling_3cm=True, alternative_diagnosis_as_likely=True)
    assert (result.score, result.two_level, result.three_level) == (-1, "unlikely", "low")


def test_alternative_diagnosis_pulls_three_signs_down_to_one():
    result = wells_dvt(
        calf_swelling_3cm=True,
        pitting_edema=True,
        localized_deep_vein_tenderness=True,
        alternative_diagnosis_as_likely=True,
    )
    assert (result.score, result.two_level) == (1, "unlikely")


def test_criteria_are_reported_in_table_order_whatever_the_call_order():
    result = wells_dvt(previous_dvt=True, active_cancer=True)
    assert result.criteria_names == ("active_cancer", "previous_dvt")


def test_result_is_immutable():
    result = wells_dvt()
    with pytest.raises(AttributeError):
        result.score = 5  # type: ignore[misc]


@pytest.mark.parametrize("bad", [1, 0, "yes", None, 1.0])
def test_non_boolean_is_a_type_error_with_exact_message(bad):
    with pytest.raises(TypeError) as info:
        wells_dvt(active_cancer=bad)
    assert (
        str(info.value)
        == f"wells_dvt: active_cancer: expected True or False, found {bad!r} ({type(bad).__name__})"
    )


def test_a_non_boolean_in_a_later_criterion_is_named():
    with pytest.raises(
        TypeError, match=r"^wells_dvt: previous_dvt: expected True or False, found 'no' \(str\)$"
    ):
        wells_dvt(active_cancer=True, previous_dvt="no")


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'fever'"):
        wells_dvt(fever=True)


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        wells_dvt(True)  # type: ignore[misc]


def test_likely_next_step_is_ultrasound_within_four_hours():
    assert wells_dvt(entire_leg_swollen=True, pitting_edema=True).what_next() == (
        "Offer a proximal leg vein ultrasound scan, with the result available within 4 hours if possible."
    )


def test_unlikely_next_step_is_d_dimer():
    assert (
        wells_dvt()
        .what_next()
        .startswith("Offer a D-dimer test with the result available within 4 hours")
    )


def test_likely_pathway_includes_repeat_scan_after_six_to_eight_days():
    assert any("6 to 8 days" in step.text for step in WELLS_NEXT_STEPS["likely"])


def test_every_next_step_reference_resolves():
    known = load_references()
    for steps in WELLS_NEXT_STEPS.values():
        for step in steps:
            assert step.references and set(step.references) <= set(known)


def test_every_criterion_reference_resolves():
    known = load_references()
    assert all(set(c.references) <= set(known) for c in WELLS_CRITERIA)


def test_result_references_resolve():
    assert set(wells_dvt().references) <= set(load_references())


@given(st.fixed_dictionaries({name: st.booleans() for name in PUBLISHED}))
def test_any_combination_scores_within_the_possible_range(kwargs):
    result = wells_dvt(**kwargs)
    assert isinstance(result, WellsResult)
    assert -2 <= result.score <= 9
    assert result.score == sum(PUBLISHED[n] for n, on in kwargs.items() if on)


@given(st.fixed_dictionaries({name: st.booleans() for name in PUBLISHED}))
def test_any_combination_bands_agree_with_the_score(kwargs):
    result = wells_dvt(**kwargs)
    assert result.two_level == ("likely" if result.score >= 2 else "unlikely")
    assert result.three_level == (
        "low" if result.score <= 0 else "moderate" if result.score <= 2 else "high"
    )
    assert result.criteria_names == tuple(n for n in PUBLISHED if kwargs[n])
