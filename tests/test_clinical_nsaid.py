"""The NSAID checker: every rule, every contraindication, and refused inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneelib.clinical import NsaidInputError, nsaid_check, nsaid_fields
from kneelib.content import ContentError
from kneelib.content.nsaid import load_nsaid_rules
from kneelib.content.references import load_references

# One history per rule that triggers that rule and no other (age 40 is below every age rule).
TRIGGERS = {
    "nsaid-hypersensitivity": ({"nsaid_hypersensitivity": True}, "avoid"),
    "aspirin-sensitive-asthma": ({"asthma": "aspirin-sensitive"}, "avoid"),
    "asthma": ({"asthma": "asthma"}, "caution"),
    "active-gi-ulcer-or-bleed": ({"gi_history": "active-ulcer-or-bleed"}, "avoid"),
    "past-gi-ulcer-or-bleed": ({"gi_history": "past-ulcer-or-bleed"}, "avoid"),
    "severe-heart-failure": ({"heart_failure": "severe"}, "avoid"),
    "mild-heart-failure": ({"heart_failure": "mild-or-moderate"}, "caution"),
    "cardiovascular-disease": ({"cardiovascular_disease": True}, "caution"),
    "hypertension": ({"hypertension": True}, "caution"),
    "moderate-or-severe-kidney-impairment": ({"kidney": "moderate-or-severe"}, "avoid"),
    "mild-kidney-impairment": ({"kidney": "mild"}, "caution"),
    "severe-liver-disease": ({"liver": "severe"}, "avoid"),
    "liver-disease": ({"liver": "mild-or-moderate"}, "caution"),
    "age-65-or-over": ({"age": 65}, "caution"),
    "another-nsaid": ({"medicines": ["another-nsaid"]}, "avoid"),
    "low-dose-aspirin": ({"medicines": ["low-dose-aspirin"]}, "avoid"),
    "anticoagulant": ({"medicines": ["anticoagulant"]}, "avoid"),
    "ssri": ({"medicines": ["ssri"]}, "caution"),
    "oral-corticosteroid": ({"medicines": ["oral-corticosteroid"]}, "caution"),
    "ace-inhibitor-or-arb": ({"medicines": ["ace-inhibitor-or-arb"]}, "caution"),
    "diuretic": ({"medicines": ["diuretic"]}, "caution"),
    "pregnancy-before-20-weeks": ({"pregnancy_weeks": 12}, "caution"),
    "pregnancy-20-to-27-weeks": ({"pregnancy_weeks": 24}, "avoid"),
    "pregnancy-third-trimester": ({"pregnancy_weeks": 30}, "avoid"),
}


# Combination rules: the history that completes each one, and every finding it then gives.
COMBINATIONS = {
    "ace-inhibitor-or-arb-and-diuretic": (
        {"medicines": ["ace-inhibitor-or-arb", "diuretic"]},
        ["ace-inhibitor-or-arb-and-diuretic", "ace-inhibitor-or-arb", "diuretic"],
    ),
}


def test_every_rule_in_the_file_has_a_trigger_in_this_test():
    assert sorted(r.id for r in load_nsaid_rules().rules) == sorted([*TRIGGERS, *COMBINATIONS])


def test_triple_whammy_gives_avoid_with_both_single_cautions():
    result = nsaid_check(age=40, medicines=["diuretic", "ace-inhibitor-or-arb"])
    assert result.verdict == "avoid"
    assert [(f.rule_id, f.verdict) for f in result.findings] == [
        ("ace-inhibitor-or-arb-and-diuretic", "avoid"),
        ("ace-inhibitor-or-arb", "caution"),
        ("diuretic", "caution"),
    ]
    assert result.summary == "1 reason to avoid and 2 reasons to take care."
    assert "lapi-2013" in result.findings[0].references


@pytest.mark.parametrize("medicine", ["ace-inhibitor-or-arb", "diuretic"])
def test_either_half_of_the_triple_whammy_alone_is_only_caution(medicine):
    result = nsaid_check(age=40, medicines=[medicine])
    assert result.verdict == "caution"
    assert [f.rule_id for f in result.findings] == [medicine]


def test_triple_whammy_is_found_among_other_medicines():
    result = nsaid_check(age=40, medicines=["ssri", "diuretic", "ace-inhibitor-or-arb"])
    assert result.findings[0].rule_id == "ace-inhibitor-or-arb-and-diuretic"


@pytest.mark.parametrize("rule_id", sorted(COMBINATIONS))
def test_each_combination_gives_exactly_its_findings(rule_id):
    history, findings = COMBINATIONS[rule_id]
    assert [f.rule_id for f in nsaid_check({"age": 40, **history}).findings] == findings


def test_anticoagulant_agrees_with_the_dvt_plan_that_calls_oral_nsaids_harmful():
    from kneelib.plans import rate_options

    ratings = {
        r.option_id: r
        for r in rate_options(
            "osteoarthritis", nsaid_history={"age": 40, "medicines": ["anticoagulant"]}
        )
    }
    assert nsaid_check(age=40, medicines=["anticoagulant"]).verdict == "avoid"
    assert ratings["oral-nsaid"].rating == "harmful"


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_each_rule_alone_gives_its_verdict_and_only_its_finding(rule_id):
    history, verdict = TRIGGERS[rule_id]
    result = nsaid_check({"age": 40, **history})
    assert result.verdict == verdict
    assert [f.rule_id for f in result.findings] == [rule_id]


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_each_finding_carries_references_that_resolve(rule_id):
    history, _ = TRIGGERS[rule_id]
    finding = nsaid_check({"age": 40, **history}).findings[0]
    known = load_references()
    assert finding.references and all(ref in known for ref in finding.references)


def test_no_risk_is_reasonable_with_the_no_rule_summary():
    result = nsaid_check(age=40)
    assert result.verdict == "reasonable"
    assert result.findings == ()
    assert result.summary.startswith("None of the listed risks applies")
    assert result.summary_references == ("nice-ktt13",)


def test_lowest_dose_advice_is_always_given():
    assert "lowest dose" in nsaid_check(age=40).advice
    assert nsaid_check(age=80, kidney="mild").advice_references == ("nice-ktt13",)


def test_age_64_is_below_the_age_rule():
    assert nsaid_check(age=64).verdict == "reasonable"


@pytest.mark.parametrize(
    "weeks, rule_id",
    [
        (19, "pregnancy-before-20-weeks"),
        (20, "pregnancy-20-to-27-weeks"),
        (27, "pregnancy-20-to-27-weeks"),
        (28, "pregnancy-third-trimester"),
    ],
)
def test_pregnancy_boundaries(weeks, rule_id):
    assert [f.rule_id for f in nsaid_check(age=30, pregnancy_weeks=weeks).findings] == [rule_id]


def test_not_pregnant_is_none():
    assert nsaid_check(age=30, pregnancy_weeks=None).verdict == "reasonable"


def test_most_serious_verdict_wins_and_avoid_findings_come_first():
    result = nsaid_check(age=70, hypertension=True, kidney="moderate-or-severe", medicines=["ssri"])
    assert result.verdict == "avoid"
    assert [f.rule_id for f in result.findings] == [
        "moderate-or-severe-kidney-impairment",
        "hypertension",
        "age-65-or-over",
        "ssri",
    ]
    assert result.summary == "1 reason to avoid and 3 reasons to take care."


def test_caution_only_summary():
    assert nsaid_check(age=66).summary == "1 reason to take care."


def test_keywords_override_the_mapping():
    assert nsaid_check({"age": 70}, age=30).verdict == "reasonable"


def test_references_property_lists_each_id_once():
    refs = nsaid_check(age=70, gi_history="past-ulcer-or-bleed").references
    assert len(refs) == len(set(refs))
    assert refs[-1] == "nice-ktt13"


def test_medicines_may_be_any_iterable():
    assert nsaid_check(age=40, medicines=("ssri",)).verdict == "caution"


# ----------------------------------------------------------- refused inputs


def test_unknown_item_is_refused_with_the_known_items():
    with pytest.raises(NsaidInputError) as err:
        nsaid_check(age=40, smoker=True)
    assert str(err.value).startswith("nsaid_check: expected only the items age, gi_history,")
    assert str(err.value).endswith("found unknown item(s) 'smoker'")


def test_missing_age_is_refused():
    with pytest.raises(
        NsaidInputError, match="^nsaid_check: age: expected a whole number of years, found nothing$"
    ):
        nsaid_check(kidney="mild")


def test_unknown_choice_value_is_refused():
    with pytest.raises(NsaidInputError) as err:
        nsaid_check(age=40, kidney="bad")
    assert (
        str(err.value)
        == "nsaid_check: kidney: expected one of none, mild, moderate-or-severe, found 'bad'"
    )


def test_unknown_medicine_is_refused():
    with pytest.raises(NsaidInputError) as err:
        nsaid_check(age=40, medicines=["ssri", "statin"])
    assert str(err.value).endswith("found 'statin'")


def test_a_single_string_for_medicines_is_refused():
    with pytest.raises(NsaidInputError, match="medicines: expected a list of"):
        nsaid_check(age=40, medicines="ssri")


def test_text_age_is_refused():
    with pytest.raises(
        NsaidInputError, match=r"^nsaid_check: age: expected a whole number, found '70'$"
    ):
        nsaid_check(age="70")


def test_boolean_age_is_refused():
    with pytest.raises(NsaidInputError, match="age: expected a whole number, found True"):
        nsaid_check(age=True)


def test_impossible_age_is_refused():
    with pytest.raises(
        NsaidInputError,
        match="^nsaid_check: age: expected a whole number from 16 to 120, found 130$",
    ):
        nsaid_check(age=130)


def test_flag_must_be_true_or_false():
    with pytest.raises(
        NsaidInputError, match="^nsaid_check: hypertension: expected true or false, found 'yes'$"
    ):
        nsaid_check(age=40, hypertension="yes")


def test_negative_pregnancy_weeks_are_refused():
    with pytest.raises(
        NsaidInputError, match="pregnancy_weeks: expected a whole number from 0 to 45, found -1"
    ):
        nsaid_check(age=30, pregnancy_weeks=-1)


def test_input_error_is_a_value_error():
    assert issubclass(NsaidInputError, ValueError)


def test_fields_are_listed_in_form_order():
    assert [f.name for f in nsaid_fields()][:3] == ["age", "gi_history", "kidney"]


# ----------------------------------------------------------- the rules file


def _write(tmp_path: Path, rule: str) -> Path:
    path = tmp_path / "nsaid_rules.yaml"
    path.write_text(
        "scope: s\nalways: {reason: r, references: [nice-ktt13]}\nno_rule: {reason: r, references: [nice-ktt13]}\n"
        f"rules:\n  - {rule}\n",
        encoding="utf-8",
    )
    return path


def test_rules_file_with_unknown_field_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when: {field: smoker, equals: true}, verdict: avoid, reason: r, references: [a]}",
    )
    with pytest.raises(ContentError) as err:
        load_nsaid_rules(path)
    assert "expected one of age, gi_history" in str(err.value)
    assert "found 'smoker'" in str(err.value)


def test_rules_file_with_unknown_choice_value_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when: {field: kidney, equals: huge}, verdict: avoid, reason: r, references: [a]}",
    )
    with pytest.raises(
        ContentError, match="expected one of none, mild, moderate-or-severe, found 'huge'"
    ):
        load_nsaid_rules(path)


def test_rules_file_with_two_tests_in_one_condition_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when: {field: age, equals: 3, at_least: 65}, verdict: caution, reason: r, references: [a]}",
    )
    with pytest.raises(ContentError, match="exactly one of 'equals', 'includes' or a range"):
        load_nsaid_rules(path)


def test_rules_file_with_unknown_verdict_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when: {field: age, at_least: 65}, verdict: maybe, reason: r, references: [a]}",
    )
    with pytest.raises(ContentError, match="verdict"):
        load_nsaid_rules(path)


def test_a_rule_from_another_file_is_applied(tmp_path):
    path = _write(
        tmp_path,
        "{id: old, when: {field: age, at_least: 50}, verdict: avoid, reason: too old, references: [a]}",
    )
    result = nsaid_check(age=55, rules=load_nsaid_rules(path))
    assert (result.verdict, result.findings[0].reason) == ("avoid", "too old")


def test_rules_file_with_a_combination_of_one_condition_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when_all: [{field: age, at_least: 65}], verdict: avoid, reason: r, references: [a]}",
    )
    with pytest.raises(ContentError, match="when_all: expected at least 2 conditions, found 1"):
        load_nsaid_rules(path)


def test_rules_file_with_both_when_and_when_all_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "{id: x, when: {field: age, at_least: 65}, when_all: [{field: hypertension, equals: true},"
        " {field: asthma, equals: asthma}], verdict: avoid, reason: r, references: [a]}",
    )
    with pytest.raises(
        ContentError,
        match=r"expected either 'when' \(one condition\) or 'when_all' \(a combination\), found both",
    ):
        load_nsaid_rules(path)


def test_rules_file_with_no_condition_is_refused(tmp_path):
    path = _write(tmp_path, "{id: x, verdict: avoid, reason: r, references: [a]}")
    with pytest.raises(ContentError, match="found neither"):
        load_nsaid_rules(path)


def test_a_combination_rule_from_another_file_needs_every_part(tmp_path):
    path = _write(
        tmp_path,
        "{id: both, when_all: [{field: age, at_least: 65}, {field: hypertension, equals: true}],"
        " verdict: avoid, reason: r, references: [a]}",
    )
    rules = load_nsaid_rules(path)
    assert nsaid_check(age=70, hypertension=True, rules=rules).verdict == "avoid"
    assert nsaid_check(age=70, rules=rules).verdict == "reasonable"
    assert nsaid_check(age=40, hypertension=True, rules=rules).verdict == "reasonable"
