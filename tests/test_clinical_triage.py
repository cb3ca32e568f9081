"""Red-flag triage: levels from data/red_flags.yaml, combinations, never silence, bad input, file validation."""

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneelib.clinical import TriageResult, UnknownFindingError, known_findings, triage
from kneelib.content import ContentError, data_dir, load_references, validate_paths
from kneelib.content.red_flags import LEVELS, load_red_flags

DATA = load_red_flags()
LEVEL_OF = {f.id: f.level for f in DATA.findings}
ISSUE_NAMES = [
    "fever",
    "calf_swelling",
    "calf_warmth",
    "calf_redness",
    "unable_to_bear_weight",
    "sudden_severe_pain",
    "rapid_swelling",
    "pulsatile_mass",
    "hot_swollen_joint",
]


def test_the_names_the_issue_lists_are_all_known():
    assert set(ISSUE_NAMES) <= set(known_findings())


def test_levels_are_the_four_in_order():
    assert (
        tuple(level.id for level in DATA.levels)
        == LEVELS
        == ("emergency", "urgent", "routine", "self-care")
    )


def test_every_level_occurs_among_the_findings():
    assert set(LEVEL_OF.values()) == set(LEVELS)


@pytest.mark.parametrize("name", sorted(LEVEL_OF))
def test_each_finding_alone_gets_its_level(name):
    result = triage({name})
    assert result.level == LEVEL_OF[name]
    assert name in {f for r in result.reasons for f in r.findings}


def test_hot_swollen_joint_is_an_emergency():
    assert triage(["hot_swollen_joint"]).level == "emergency"


def test_fever_alone_is_urgent_but_with_a_hot_swollen_joint_an_emergency():
    assert triage(["fever"]).level == "urgent"
    result = triage(["fever", "hot_swollen_joint"])
    assert result.level == "emergency"
    assert result.reasons[0].source == "combination"
    assert result.reasons[0].findings == ("fever", "hot_swollen_joint")


def test_pulsatile_mass_with_cold_foot_is_an_emergency_combination():
    result = triage(["pulsatile_mass", "cold_pale_foot"])
    assert result.level == "emergency"
    assert "pulsatile-mass-and-cold-foot" not in result.findings
    assert any(
        r.source == "combination" and r.findings == ("pulsatile_mass", "cold_pale_foot")
        for r in result.reasons
    )


def test_swollen_warm_red_calf_is_urgent_with_the_dvt_combination():
    result = triage(["calf_swelling", "calf_warmth", "calf_redness"])
    assert result.level == "urgent"
    assert result.reasons[0].source == "combination"


def test_a_partial_combination_adds_no_combination_reason():
    result = triage(["calf_swelling", "calf_warmth"])
    assert all(r.source == "finding" for r in result.reasons)


def test_the_most_urgent_finding_wins():
    assert (
        triage(["ache_after_more_walking", "calf_swelling", "cold_pale_foot"]).level == "emergency"
    )


def test_reasons_are_sorted_most_urgent_first():
    result = triage(["ache_after_more_walking", "calf_swelling", "cold_pale_foot"])
    ranks = [LEVELS.index(r.level) for r in result.reasons]
    assert ranks == sorted(ranks)


def test_no_findings_is_self_care_with_a_reason_never_silence():
    result = triage([])
    assert result.level == "self-care"
    assert result.reasons[0].source == "no-red-flag"
    assert result.reasons[0].references


def test_a_routine_finding_without_red_flags_is_routine_with_the_no_red_flag_reason():
    result = triage({"soft_swelling_behind_knee"})
    assert result.level == "routine"
    assert [r.source for r in result.reasons] == ["no-red-flag", "finding"]
    assert result.red_flag is False


def test_self_care_findings_give_self_care():
    assert triage(["ache_after_more_walking", "minor_twist_walking_normally"]).level == "self-care"


def test_red_flag_property_is_true_for_urgent():
    assert triage(["calf_swelling"]).red_flag is True


def test_findings_are_reported_in_file_order_without_duplicates():
    result = triage(["fever", "hot_swollen_joint", "fever"])
    assert result.findings == ("hot_swollen_joint", "fever")


def test_what_next_names_the_level_and_where_to_go():
    result = triage(["hot_swollen_joint"])
    assert result.what_next() == f"Emergency: {DATA.levels[0].where}"


def test_unknown_finding_error_lists_the_known_names():
    with pytest.raises(UnknownFindingError) as info:
        triage(["fever", "sore_knee"])
    assert str(info.value) == (
        "triage: findings: expected names from data/red_flags.yaml ("
        + ", ".join(known_findings())
        + "), found unknown 'sore_knee'"
    )


def test_unknown_finding_error_is_a_value_error():
    assert issubclass(UnknownFindingError, ValueError)


def test_a_single_string_is_refused_with_a_clear_message():
    with pytest.raises(TypeError) as info:
        triage("fever")
    assert (
        str(info.value)
        == "triage: findings: expected a set or list of finding names, found 'fever' (str)"
    )


def test_a_non_text_finding_is_refused():
    with pytest.raises(
        TypeError, match=r"^triage: findings: expected finding names as text, found 3 \(int\)$"
    ):
        triage(["fever", 3])


def test_every_reason_and_level_reference_resolves():
    known = set(load_references())
    for f in DATA.findings:
        assert set(f.references) <= known, f.id
    for c in DATA.combinations:
        assert set(c.references) <= known, c.id
    for level in DATA.levels:
        assert set(level.references) <= known, level.id
    assert set(DATA.no_red_flag.references) <= known


def test_the_red_flags_file_passes_the_validator():
    assert validate_paths([data_dir() / "red_flags.yaml"]) == []


@given(st.sets(st.sampled_from(sorted(LEVEL_OF))))
def test_any_set_of_findings_gets_a_level_and_at_least_one_referenced_reason(findings):
    result = triage(findings)
    assert isinstance(result, TriageResult)
    assert result.level in LEVELS
    assert result.reasons and all(r.references for r in result.reasons)
    worst = min((LEVELS.index(LEVEL_OF[f]) for f in findings), default=LEVELS.index("self-care"))
    if LEVELS[worst] in ("emergency", "urgent"):
        assert LEVELS.index(result.level) <= worst
    else:
        assert result.level == LEVELS[worst]


# ------------------------------------------------------------ bad data files

GOOD_HEAD = """\
levels:
  - {id: emergency, label: E, where: now}
  - {id: urgent, label: U, where: today}
  - {id: routine, label: R, where: later}
  - {id: self-care, label: S, where: home}
"""
GOOD_TAIL = """\
no_red_flag: {reason: none, references: [nice-ng158]}
"""


def _write(tmp_path, body):
    path = tmp_path / "red_flags.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_levels_out_of_order_are_reported(tmp_path):
    path = _write(
        tmp_path,
        GOOD_HEAD.replace("emergency, label: E", "urgent2, label: E")
        + "findings: []\n"
        + GOOD_TAIL,
    )
    with pytest.raises(ContentError):
        load_red_flags(path)


def test_levels_swapped_are_reported_with_the_expected_order(tmp_path):
    head = (
        GOOD_HEAD.replace("{id: routine, label: R, where: later}", "{id: X}")
        .replace("{id: self-care, label: S, where: home}", "{id: routine, label: R, where: later}")
        .replace("{id: X}", "{id: self-care, label: S, where: home}")
    )
    path = _write(tmp_path, head + "findings: []\n" + GOOD_TAIL)
    with pytest.raises(ContentError) as info:
        load_red_flags(path)
    assert (
        "levels: expected the levels emergency, urgent, routine, self-care in that order, found emergency, urgent, self-care, routine"
        in str(info.value)
    )


def test_a_combination_naming_an_unknown_finding_is_reported(tmp_path):
    body = (
        GOOD_HEAD
        + textwrap.dedent("""\
        findings:
          - {id: fever, label: F, level: urgent, suspect: S, reason: R, references: [coakley-2006]}
        combinations:
          - {id: combo, all_of: [fever, chills], level: emergency, suspect: S, reason: R, references: [coakley-2006]}
        """)
        + GOOD_TAIL
    )
    with pytest.raises(ContentError) as info:
        load_red_flags(_write(tmp_path, body))
    assert "combo: all_of: expected a finding id from this file, found 'chills'" in str(info.value)


def test_a_finding_without_references_is_reported(tmp_path):
    body = (
        GOOD_HEAD
        + "findings:\n  - {id: fever, label: F, level: urgent, suspect: S, reason: R, references: []}\n"
        + GOOD_TAIL
    )
    with pytest.raises(ContentError) as info:
        load_red_flags(_write(tmp_path, body))
    assert "fever: references: expected at least 1 entries, found 0" in str(info.value)


def test_a_finding_with_an_unknown_level_is_reported(tmp_path):
    body = (
        GOOD_HEAD
        + "findings:\n  - {id: fever, label: F, level: soon, suspect: S, reason: R, references: [coakley-2006]}\n"
        + GOOD_TAIL
    )
    with pytest.raises(ContentError) as info:
        load_red_flags(_write(tmp_path, body))
    assert "fever: level:" in str(info.value)


def test_triage_reads_another_file_when_given_a_path(tmp_path):
    body = (
        GOOD_HEAD
        + "findings:\n  - {id: fever, label: F, level: emergency, suspect: S, reason: R, references: [coakley-2006]}\n"
        + GOOD_TAIL
    )
    assert triage(["fever"], path=_write(tmp_path, body)).level == "emergency"


# ------------------------------------------- pulmonary embolism and cauda equina


def test_chest_symptoms_alone_are_an_emergency_for_possible_pulmonary_embolism():
    result = triage(["breathless_chest_pain_or_haemoptysis"])
    assert result.level == "emergency"
    assert result.reasons[0].suspect.startswith("Pulmonary embolism")


def test_swollen_calf_alone_stays_same_day():
    assert triage(["calf_swelling"]).level == "urgent"


def test_swollen_calf_with_chest_symptoms_is_an_emergency_combination():
    result = triage(["calf_swelling", "breathless_chest_pain_or_haemoptysis"])
    assert result.level == "emergency"
    assert result.reasons[0].source == "combination"
    assert result.reasons[0].findings == ("calf_swelling", "breathless_chest_pain_or_haemoptysis")
    assert result.reasons[0].suspect == "Deep vein thrombosis with pulmonary embolism"


def test_swollen_warm_red_calf_with_chest_symptoms_is_an_emergency_not_the_dvt_pathway():
    result = triage(
        ["calf_swelling", "calf_warmth", "calf_redness", "breathless_chest_pain_or_haemoptysis"]
    )
    assert result.level == "emergency"
    assert result.what_next().startswith("Emergency: Now")


def test_bladder_bowel_or_saddle_symptoms_are_an_emergency_for_cauda_equina():
    result = triage(["bladder_bowel_or_saddle_symptoms"])
    assert result.level == "emergency"
    assert result.reasons[0].suspect.startswith("Cauda equina syndrome")
    assert result.references == ("bmj-bp-cauda-equina",)


def test_sciatica_alone_is_routine_and_asks_about_the_bladder():
    result = triage(["back_pain_spreading_down_leg"])
    assert result.level == "routine"
    assert "bladder" in result.reasons[1].text


def test_sciatica_with_bladder_or_saddle_symptoms_is_the_cauda_equina_combination():
    result = triage(["back_pain_spreading_down_leg", "bladder_bowel_or_saddle_symptoms"])
    assert result.level == "emergency"
    assert result.reasons[0].source == "combination"
    assert result.reasons[0].suspect == "Cauda equina syndrome"


def test_the_no_red_flag_advice_names_the_new_emergencies():
    text = triage([]).reasons[0].text
    assert "coughing blood" in text and "saddle numbness" in text
