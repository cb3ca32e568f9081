"""ACR 1986 knee OA criteria and NICE NG226 clinical diagnosis, checked against the published rules."""

from __future__ import annotations

import itertools

import pytest

from kneelib.clinical.oa import ACR_CRITERIA, ACR_SETS, acr_knee_oa, nice_oa_clinical

CLINICAL = (
    "age-over-50",
    "stiffness-under-30",
    "crepitus",
    "bony-tenderness",
    "bony-enlargement",
    "no-palpable-warmth",
)


def inputs(met: set[str] = frozenset(), **extra):
    """Keyword arguments that meet exactly the criteria in ``met`` (values just outside otherwise)."""
    kwargs = dict(
        knee_pain=True,
        age=51 if "age-over-50" in met else 50,
        morning_stiffness_minutes=29 if "stiffness-under-30" in met else 30,
        crepitus="crepitus" in met,
        bony_tenderness="bony-tenderness" in met,
        bony_enlargement="bony-enlargement" in met,
        palpable_warmth="no-palpable-warmth" not in met,
    )
    if extra.get("criteria_set") == "clinical-laboratory":
        kwargs.update(
            esr_mm_h=39 if "esr-under-40" in met else 40,
            rf_titre=20 if "rf-under-1-40" in met else 40,
            synovial_fluid_oa="synovial-fluid-oa" in met,
        )
    kwargs.update(extra)
    return kwargs


# ------------------------------------------------------------ published sets


def test_clinical_set_needs_3_of_6_with_95_69():
    s = ACR_SETS["clinical"]
    assert (s.counted, s.needed, s.needs_osteophytes, s.sensitivity, s.specificity) == (
        CLINICAL,
        3,
        False,
        95,
        69,
    )


def test_clinical_radiographic_set_needs_osteophytes_and_1_of_3_with_91_86():
    s = ACR_SETS["clinical-radiographic"]
    assert (s.counted, s.needed, s.needs_osteophytes, s.sensitivity, s.specificity) == (
        ("age-over-50", "stiffness-under-30", "crepitus"),
        1,
        True,
        91,
        86,
    )


def test_clinical_laboratory_set_needs_5_of_9_with_92_75():
    s = ACR_SETS["clinical-laboratory"]
    assert (s.counted, s.needed, s.needs_osteophytes, s.sensitivity, s.specificity) == (
        CLINICAL + ("esr-under-40", "rf-under-1-40", "synovial-fluid-oa"),
        5,
        False,
        92,
        75,
    )


def test_result_carries_the_altman_reference():
    assert acr_knee_oa(**inputs()).references == ("altman-1986",)


# ------------------------------------------------------- each criterion alone


@pytest.mark.parametrize("criterion", CLINICAL)
def test_each_clinical_criterion_alone_is_met_and_does_not_classify(criterion):
    result = acr_knee_oa(**inputs({criterion}))
    assert (result.met, result.count, result.classified) == ((criterion,), 1, False)


@pytest.mark.parametrize("criterion", ("esr-under-40", "rf-under-1-40", "synovial-fluid-oa"))
def test_each_laboratory_criterion_alone_is_met(criterion):
    result = acr_knee_oa(**inputs({criterion}, criteria_set="clinical-laboratory"))
    assert (result.met, result.classified) == ((criterion,), False)


def test_nothing_met_lists_all_six_as_not_met():
    result = acr_knee_oa(**inputs())
    assert (result.met, result.not_met) == ((), CLINICAL)


# ---------------------------------------------------------------- boundaries


def test_age_exactly_50_is_not_over_50():
    assert "age-over-50" not in acr_knee_oa(**inputs(age=50)).met


def test_age_50_and_a_half_is_over_50():
    assert "age-over-50" in acr_knee_oa(**inputs(age=50.5)).met


def test_stiffness_exactly_30_minutes_is_not_under_30():
    assert "stiffness-under-30" not in acr_knee_oa(**inputs(morning_stiffness_minutes=30)).met


def test_no_morning_stiffness_counts_as_under_30():
    assert "stiffness-under-30" in acr_knee_oa(**inputs(morning_stiffness_minutes=0)).met


def test_palpable_warmth_fails_the_no_warmth_criterion():
    assert "no-palpable-warmth" in acr_knee_oa(**inputs(palpable_warmth=True)).not_met


def test_esr_exactly_40_is_not_under_40():
    assert (
        "esr-under-40"
        not in acr_knee_oa(**inputs(criteria_set="clinical-laboratory", esr_mm_h=40)).met
    )


def test_rf_titre_1_in_40_is_not_under_1_in_40():
    assert (
        "rf-under-1-40"
        not in acr_knee_oa(**inputs(criteria_set="clinical-laboratory", rf_titre=40)).met
    )


def test_rf_titre_1_in_20_is_under_1_in_40():
    assert (
        "rf-under-1-40"
        in acr_knee_oa(**inputs(criteria_set="clinical-laboratory", rf_titre=20)).met
    )


# ---------------------------------------------------------- every combination


@pytest.mark.parametrize(
    "combo", [c for n in range(7) for c in itertools.combinations(CLINICAL, n)]
)
def test_clinical_set_classifies_exactly_when_3_or_more_of_6(combo):
    result = acr_knee_oa(**inputs(set(combo)))
    assert (result.count, result.classified) == (len(combo), len(combo) >= 3)


@pytest.mark.parametrize(
    "combo", [c for n in range(4) for c in itertools.combinations(CLINICAL[:3], n)]
)
@pytest.mark.parametrize("osteophytes", [True, False])
def test_clinical_radiographic_set_classifies_with_osteophytes_and_1_or_more_of_3(
    combo, osteophytes
):
    result = acr_knee_oa(
        **inputs(set(combo), criteria_set="clinical-radiographic", osteophytes=osteophytes)
    )
    assert (result.count, result.classified) == (len(combo), osteophytes and len(combo) >= 1)


LAB9 = CLINICAL + ("esr-under-40", "rf-under-1-40", "synovial-fluid-oa")


@pytest.mark.parametrize("count", range(10))
def test_clinical_laboratory_set_classifies_exactly_when_5_or_more_of_9(count):
    # every subset of each size: the verdict depends only on the count
    verdicts = {
        acr_knee_oa(**inputs(set(c), criteria_set="clinical-laboratory")).classified
        for c in itertools.combinations(LAB9, count)
    }
    assert verdicts == {count >= 5}


def test_radiographic_set_ignores_bony_signs():
    kwargs = inputs(
        {"bony-tenderness", "bony-enlargement", "no-palpable-warmth"},
        criteria_set="clinical-radiographic",
        osteophytes=True,
    )
    assert acr_knee_oa(**kwargs).classified is False


# ------------------------------------------------------------------ knee pain


@pytest.mark.parametrize("criteria_set", sorted(ACR_SETS))
def test_no_knee_pain_never_classifies_even_with_every_criterion(criteria_set):
    kwargs = inputs(set(ACR_CRITERIA), criteria_set=criteria_set, osteophytes=True, knee_pain=False)
    assert acr_knee_oa(**kwargs).classified is False


def test_summary_names_the_set_count_and_accuracy():
    result = acr_knee_oa(**inputs({"age-over-50", "crepitus", "bony-enlargement"}))
    assert result.summary() == (
        "Classified as knee osteoarthritis by the ACR clinical criteria: 3 of 6 criteria met, at least 3 needed. "
        "Published sensitivity 95%, specificity 69%."
    )


def test_summary_explains_missing_knee_pain():
    result = acr_knee_oa(**inputs(set(CLINICAL), knee_pain=False))
    assert result.summary() == (
        "Not classified as knee osteoarthritis by the ACR clinical criteria: knee pain is required and is absent. "
        "Published sensitivity 95%, specificity 69%."
    )


def test_summary_explains_missing_osteophytes():
    result = acr_knee_oa(
        **inputs(set(CLINICAL), criteria_set="clinical-radiographic", osteophytes=False)
    )
    assert result.summary() == (
        "Not classified as knee osteoarthritis by the ACR clinical and radiographic criteria: "
        "osteophytes on the radiograph are required and are absent. Published sensitivity 91%, specificity 86%."
    )


# --------------------------------------------------------------------- errors


def test_unknown_criteria_set_is_rejected_with_the_choices():
    with pytest.raises(ValueError) as exc:
        acr_knee_oa(**inputs(criteria_set="radiographic"))
    assert str(exc.value) == (
        "acr_knee_oa: criteria_set: expected one of ['clinical', 'clinical-laboratory', 'clinical-radiographic'], "
        "found 'radiographic'"
    )


def test_negative_age_is_rejected():
    with pytest.raises(ValueError) as exc:
        acr_knee_oa(**inputs(age=-1))
    assert str(exc.value) == "acr_knee_oa: age: expected years between 0 and 130, found -1"


def test_text_age_is_a_type_error():
    with pytest.raises(TypeError) as exc:
        acr_knee_oa(**inputs(age="60"))
    assert str(exc.value) == "acr_knee_oa: age: expected a number of years, found '60' (str)"


def test_non_bool_crepitus_is_a_type_error():
    with pytest.raises(TypeError) as exc:
        acr_knee_oa(**inputs(crepitus="yes"))
    assert str(exc.value) == "acr_knee_oa: crepitus: expected true or false, found 'yes' (str)"


def test_radiographic_set_without_osteophytes_answer_is_rejected():
    with pytest.raises(ValueError) as exc:
        acr_knee_oa(**inputs(criteria_set="clinical-radiographic"))
    assert (
        str(exc.value)
        == "acr_knee_oa: osteophytes: expected a value for the clinical-radiographic set, found nothing"
    )


def test_laboratory_set_without_esr_is_rejected():
    with pytest.raises(ValueError) as exc:
        acr_knee_oa(**inputs(criteria_set="clinical-laboratory", esr_mm_h=None))
    assert (
        str(exc.value)
        == "acr_knee_oa: esr_mm_h: expected a value for the clinical-laboratory set, found nothing"
    )


# ----------------------------------------------------------------------- NICE


def test_nice_all_three_features_make_the_diagnosis():
    result = nice_oa_clinical(age=45, activity_related_joint_pain=True, morning_stiffness_minutes=0)
    assert (result.diagnosis, result.not_met) == (True, ())


def test_nice_age_44_is_too_young():
    result = nice_oa_clinical(
        age=44, activity_related_joint_pain=True, morning_stiffness_minutes=10
    )
    assert (result.diagnosis, result.not_met) == (False, ("age-45-or-over",))


def test_nice_stiffness_exactly_30_minutes_qualifies():
    assert (
        nice_oa_clinical(
            age=60, activity_related_joint_pain=True, morning_stiffness_minutes=30
        ).diagnosis
        is True
    )


def test_nice_stiffness_31_minutes_does_not_qualify():
    result = nice_oa_clinical(
        age=60, activity_related_joint_pain=True, morning_stiffness_minutes=31
    )
    assert result.not_met == ("stiffness-30-or-less",)


def test_nice_needs_activity_related_pain():
    result = nice_oa_clinical(
        age=60, activity_related_joint_pain=False, morning_stiffness_minutes=0
    )
    assert result.not_met == ("activity-related-pain",)


def test_nice_summary_lists_what_is_missing():
    result = nice_oa_clinical(
        age=40, activity_related_joint_pain=False, morning_stiffness_minutes=0
    )
    assert result.summary() == (
        "Does not meet NICE's clinical diagnosis of osteoarthritis: missing aged 45 or over; activity-related joint pain."
    )


def test_nice_result_carries_the_ng226_reference():
    result = nice_oa_clinical(age=60, activity_related_joint_pain=True, morning_stiffness_minutes=0)
    assert result.references == ("nice-ng226",)


def test_nice_rejects_negative_stiffness():
    with pytest.raises(ValueError) as exc:
        nice_oa_clinical(age=60, activity_related_joint_pain=True, morning_stiffness_minutes=-5)
    assert (
        str(exc.value)
        == "nice_oa_clinical: morning_stiffness_minutes: expected minutes between 0 and 1440, found -5"
    )
