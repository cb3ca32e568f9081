"""Ottawa knee rule (Stiell 1995, 1996): every finding alone, the age cut-off, children, bad input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneelib.clinical import OTTAWA_CRITERIA, ottawa_knee
from kneelib.clinical.ottawa import CHILD_NOTE, SCOPE_NOTE
from kneelib.content import load_references

FLAGS = [
    "isolated_patellar_tenderness",
    "fibular_head_tenderness",
    "unable_to_flex_90",
    "unable_to_bear_weight_4_steps",
]


def test_the_rule_has_the_five_published_findings():
    assert {c.name for c in OTTAWA_CRITERIA} == {"age_55_or_older", *FLAGS}


def test_adult_under_55_with_no_finding_needs_no_x_ray():
    result = ottawa_knee(30)
    assert (result.x_ray_indicated, result.reasons) == (False, ())


@pytest.mark.parametrize("flag", FLAGS)
def test_each_examination_finding_alone_indicates_x_ray(flag):
    result = ottawa_knee(30, **{flag: True})
    assert (result.x_ray_indicated, result.reason_names) == (True, (flag,))


def test_age_55_alone_indicates_x_ray():
    result = ottawa_knee(55)
    assert (result.x_ray_indicated, result.reason_names) == (True, ("age_55_or_older",))


def test_age_just_under_55_does_not():
    assert ottawa_knee(54.9).x_ray_indicated is False


def test_age_54_does_not():
    assert ottawa_knee(54).x_ray_indicated is False


def test_all_findings_together_are_all_reported():
    result = ottawa_knee(70, True, True, True, True)
    assert result.x_ray_indicated is True
    assert result.reason_names == tuple(c.name for c in OTTAWA_CRITERIA)


def test_positional_and_keyword_calls_agree():
    assert ottawa_knee(40, False, True, False, False) == ottawa_knee(
        40, fibular_head_tenderness=True
    )


def test_scope_note_always_says_acute_injury_only():
    assert ottawa_knee(40).notes[0] == SCOPE_NOTE
    assert "acute knee injuries only" in SCOPE_NOTE


def test_adults_get_no_child_note():
    assert CHILD_NOTE not in ottawa_knee(18).notes


def test_children_get_the_child_note_with_both_studies():
    result = ottawa_knee(12)
    assert CHILD_NOTE in result.notes
    assert {"bulloch-2003", "khine-2001"} <= set(result.references)


def test_child_note_gives_both_published_sensitivities():
    assert "100%" in CHILD_NOTE and "92%" in CHILD_NOTE and "1 of 13" in CHILD_NOTE


def test_references_resolve():
    known = set(load_references())
    assert set(ottawa_knee(10).references) <= known
    assert all(set(c.references) <= known for c in OTTAWA_CRITERIA)


def test_what_next_when_indicated():
    assert (
        ottawa_knee(60).what_next()
        == "Knee X-ray indicated by the Ottawa knee rule (same-day imaging)."
    )


def test_what_next_when_not_indicated():
    assert ottawa_knee(20).what_next().startswith("No finding of the Ottawa knee rule")


@pytest.mark.parametrize("age", [-3, 300, -0.1, 120.5])
def test_age_out_of_range_is_a_value_error_with_exact_message(age):
    with pytest.raises(ValueError) as info:
        ottawa_knee(age)
    assert (
        str(info.value)
        == f"ottawa_knee: age: expected a number of years from 0 to 120, found {age!r}"
    )


@pytest.mark.parametrize("age", [math.nan, math.inf])
def test_non_finite_age_is_a_value_error(age):
    with pytest.raises(
        ValueError, match="^ottawa_knee: age: expected a number of years from 0 to 120"
    ):
        ottawa_knee(age)


@pytest.mark.parametrize("age", ["40", None, True, [40]])
def test_non_number_age_is_a_type_error_with_exact_message(age):
    with pytest.raises(TypeError) as info:
        ottawa_knee(age)
    assert (
        str(info.value)
        == f"ottawa_knee: age: expected a number of years, found {age!r} ({type(age).__name__})"
    )


def test_age_edges_are_accepted():
    assert ottawa_knee(0).x_ray_indicated is False
    assert ottawa_knee(120).x_ray_indicated is True


def test_non_boolean_finding_is_a_type_error_with_exact_message():
    with pytest.raises(TypeError) as info:
        ottawa_knee(30, unable_to_flex_90=1)
    assert (
        str(info.value) == "ottawa_knee: unable_to_flex_90: expected True or False, found 1 (int)"
    )


@given(st.floats(min_value=0, max_value=120), st.lists(st.booleans(), min_size=4, max_size=4))
def test_indicated_exactly_when_any_finding_is_present(age, flags):
    result = ottawa_knee(age, *flags)
    assert result.x_ray_indicated == (age >= 55 or any(flags))
    assert len(result.reasons) == int(age >= 55) + sum(flags)
