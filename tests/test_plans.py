"""The management-plan builder: ratings by diagnosis and patient, plan assessment, refused inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneelib.clinical import NsaidInputError
from kneelib.content import ContentError
from kneelib.content.management import load_management
from kneelib.content.references import load_references
from kneelib.plans import (
    PlanInputError,
    assess_plan,
    diagnoses,
    patient_facts,
    plan_options,
    rate_options,
)

DIAGNOSES = [
    "bakers-cyst",
    "osteoarthritis",
    "hamstring-tendinopathy",
    "gastrocnemius-tendinopathy",
    "meniscal-tear",
    "dvt",
]


def _rating(diagnosis, option, **kw):
    return {r.option_id: r for r in rate_options(diagnosis, **kw)}[option]


def test_the_required_diagnoses_are_known_causes_first():
    ids = [d for d, _ in diagnoses()]
    assert sorted(ids) == sorted(DIAGNOSES)
    assert ids[-1] == "dvt"


@pytest.mark.parametrize("diagnosis", DIAGNOSES)
def test_every_option_is_rated_with_resolving_references(diagnosis):
    rated = rate_options(diagnosis)
    known = load_references()
    assert [r.option_id for r in rated] == [o for o, _, _ in plan_options()]
    assert all(
        r.rating in ("first-line", "needs-information", "not-indicated", "harmful") for r in rated
    )
    assert all(r.references and all(ref in known for ref in r.references) for r in rated)


@pytest.mark.parametrize(
    "diagnosis, first_line",
    [
        ("osteoarthritis", {"strengthening", "topical-nsaid", "ice"}),
        ("hamstring-tendinopathy", {"tendon-loading", "relative-rest", "ice"}),
        ("gastrocnemius-tendinopathy", {"tendon-loading", "relative-rest", "ice"}),
        ("meniscal-tear", {"strengthening", "relative-rest", "ice", "elevation"}),
        (
            "bakers-cyst",
            {"relative-rest", "ice", "elevation", "gentle-stretching", "strengthening"},
        ),
        ("dvt", {"urgent-assessment"}),
    ],
)
def test_first_line_options_by_diagnosis(diagnosis, first_line):
    assert {r.option_id for r in rate_options(diagnosis) if r.rating == "first-line"} == first_line


def test_arthroscopy_for_a_meniscal_tear_is_not_indicated_without_locking():
    assert _rating("meniscal-tear", "arthroscopy").rating == "not-indicated"


def test_true_mechanical_locking_makes_arthroscopy_need_more_information():
    r = _rating("meniscal-tear", "arthroscopy", facts=["mechanical-locking"])
    assert r.rating == "needs-information"
    assert r.references == ("nice-cg177", "siemieniuk-2017")


def test_failed_conservative_care_makes_meniscal_surgery_need_more_information():
    assert (
        _rating("meniscal-tear", "arthroscopy", facts=["failed-conservative-care"]).rating
        == "needs-information"
    )


def test_locking_changes_arthroscopy_in_osteoarthritis_too():
    assert _rating("osteoarthritis", "arthroscopy").rating == "not-indicated"
    assert (
        _rating("osteoarthritis", "arthroscopy", facts=["mechanical-locking"]).rating
        == "needs-information"
    )


def test_persistently_painful_cyst_moves_aspiration_to_first_line():
    assert _rating("bakers-cyst", "cyst-aspiration").rating == "needs-information"
    assert (
        _rating("bakers-cyst", "cyst-aspiration", facts=["failed-conservative-care"]).rating
        == "first-line"
    )


def test_persistently_painful_cyst_makes_cyst_surgery_need_more_information():
    assert _rating("bakers-cyst", "cyst-surgery").rating == "not-indicated"
    r = _rating("bakers-cyst", "cyst-surgery", facts=["failed-conservative-care"])
    assert (r.rating, r.references) == ("needs-information", ("zhou-2016",))


def test_anticoagulation_needs_information_until_dvt_is_confirmed():
    assert _rating("dvt", "anticoagulation").rating == "needs-information"
    assert _rating("dvt", "anticoagulation", facts=["dvt-confirmed"]).rating == "first-line"


def test_a_delayed_scan_makes_interim_anticoagulation_first_line():
    r = _rating("dvt", "anticoagulation", facts=["scan-delayed"])
    assert r.rating == "first-line"
    assert "interim" in r.reason


def test_oral_nsaid_is_harmful_in_suspected_dvt():
    assert _rating("dvt", "oral-nsaid").rating == "harmful"


@pytest.mark.parametrize(
    "diagnosis", ["bakers-cyst", "osteoarthritis", "hamstring-tendinopathy", "meniscal-tear"]
)
def test_oral_nsaid_needs_information_without_a_history(diagnosis):
    r = _rating(diagnosis, "oral-nsaid")
    assert (r.rating, r.nsaid) == ("needs-information", None)


@pytest.mark.parametrize(
    "diagnosis", ["bakers-cyst", "osteoarthritis", "hamstring-tendinopathy", "meniscal-tear"]
)
def test_oral_nsaid_is_harmful_when_the_nsaid_check_says_avoid(diagnosis):
    r = _rating(
        diagnosis, "oral-nsaid", nsaid_history={"age": 50, "gi_history": "active-ulcer-or-bleed"}
    )
    assert r.rating == "harmful"
    assert r.nsaid is not None and r.nsaid.verdict == "avoid"


def test_oral_nsaid_with_a_caution_history_still_needs_information():
    r = _rating("osteoarthritis", "oral-nsaid", nsaid_history={"age": 70})
    assert (r.rating, r.nsaid.verdict) == ("needs-information", "caution")


def test_the_two_tendinopathies_share_their_ratings():
    a = [(r.option_id, r.rating) for r in rate_options("hamstring-tendinopathy")]
    b = [(r.option_id, r.rating) for r in rate_options("gastrocnemius-tendinopathy")]
    assert a == b


# ----------------------------------------------------------- assessing plans


def test_complete_osteoarthritis_plan():
    a = assess_plan("osteoarthritis", ["strengthening", "topical-nsaid", "ice"])
    assert a.status == "complete"
    assert a.message == "Every first-line option is in the plan and nothing in it is harmful."
    assert [c.option_id for c in a.choices] == ["ice", "topical-nsaid", "strengthening"]


def test_incomplete_plan_lists_what_is_missing():
    a = assess_plan("osteoarthritis", ["strengthening"])
    assert a.status == "incomplete"
    assert [m.option_id for m in a.missing] == ["ice", "topical-nsaid"]
    assert a.message.startswith("Safe so far, but 2 first-line options are missing: ")


def test_one_missing_option_is_singular():
    assert (
        "1 first-line option is missing"
        in assess_plan("osteoarthritis", ["strengthening", "ice"]).message
    )


def test_dvt_plan_without_same_day_assessment_is_unsafe():
    a = assess_plan("dvt", ["ice", "elevation"])
    assert a.status == "unsafe"
    assert "leaves out what this diagnosis needs first" in a.message


def test_dvt_plan_with_assessment_is_complete():
    assert assess_plan("dvt", ["urgent-assessment"]).status == "complete"


def test_a_harmful_choice_makes_the_plan_unsafe_even_when_complete():
    a = assess_plan("dvt", ["urgent-assessment", "oral-nsaid"])
    assert a.status == "unsafe"
    assert [h.option_id for h in a.harmful] == ["oral-nsaid"]
    assert a.message == (
        "This plan is unsafe: it includes something harmful for this patient: "
        "NSAID tablets such as ibuprofen (oral NSAID)."
    )


def test_a_not_indicated_choice_is_reported_but_does_not_block_completion():
    a = assess_plan(
        "meniscal-tear", ["strengthening", "relative-rest", "ice", "elevation", "arthroscopy"]
    )
    assert a.status == "complete"
    assert {c.option_id: c.rating for c in a.choices}["arthroscopy"] == "not-indicated"


def test_empty_plan():
    assert assess_plan("bakers-cyst", []).status == "empty"


def test_repeated_choices_count_once():
    assert len(assess_plan("bakers-cyst", ["ice", "ice"]).choices) == 1


def test_assessment_references_are_unique():
    refs = assess_plan("osteoarthritis", ["steroid-injection"]).references
    assert len(refs) == len(set(refs)) and "juni-2015" in refs


# ----------------------------------------------------------- refused inputs


def test_unknown_diagnosis_is_refused_with_the_known_list():
    with pytest.raises(PlanInputError) as err:
        rate_options("gout")
    assert str(err.value) == (
        "diagnosis: expected one of bakers-cyst, osteoarthritis, hamstring-tendinopathy, "
        "gastrocnemius-tendinopathy, meniscal-tear, dvt, found 'gout'"
    )


def test_unknown_option_is_refused():
    with pytest.raises(
        PlanInputError, match=r"^chosen: expected only relative-rest, .* found 'massage'$"
    ):
        assess_plan("bakers-cyst", ["ice", "massage"])


def test_plan_as_a_single_text_is_refused():
    with pytest.raises(
        PlanInputError, match="^chosen: expected a list of option ids, found the text 'ice'$"
    ):
        assess_plan("bakers-cyst", "ice")


def test_unknown_fact_is_refused():
    with pytest.raises(
        PlanInputError, match=r"^facts: expected only mechanical-locking, .* found 'fever'$"
    ):
        rate_options("dvt", facts=["fever"])


def test_bad_nsaid_history_is_refused_by_the_nsaid_checker():
    with pytest.raises(NsaidInputError):
        rate_options("osteoarthritis", nsaid_history={"age": 70, "kidney": "bad"})


def test_patient_facts_are_listed():
    assert [f for f, _ in patient_facts()] == [
        "mechanical-locking",
        "failed-conservative-care",
        "dvt-confirmed",
        "scan-delayed",
    ]


# ----------------------------------------------------------- the content file

BASE = """options:
  - {id: a, text: A, group: immediate}
  - {id: b, text: B, group: long-term}
patient_facts:
  - {id: f, text: F}
diagnoses:
  - id: x
    name: X
    group: cause
    summary: s
    references: [nice-ng226]
    ratings:
"""


def _write(tmp_path: Path, ratings: str) -> Path:
    path = tmp_path / "management.yaml"
    path.write_text(BASE + ratings, encoding="utf-8")
    return path


def test_an_option_without_a_rating_is_refused(tmp_path):
    path = _write(
        tmp_path, "      - {options: [a], rating: first-line, reason: r, references: [x]}\n"
    )
    with pytest.raises(ContentError) as err:
        load_management(path)
    assert "x: ratings: expected a rating for every option, found no rating for b" in str(err.value)


def test_an_option_rated_twice_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "      - {options: [a, b], rating: first-line, reason: r, references: [x]}\n"
        "      - {options: [a], rating: harmful, reason: r, references: [x]}\n",
    )
    with pytest.raises(
        ContentError, match="expected each option rated once, found a rated more than once"
    ):
        load_management(path)


def test_an_unknown_fact_in_an_override_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "      - options: [a, b]\n        rating: first-line\n        reason: r\n        references: [x]\n"
        "        overrides:\n          - {if_fact: g, rating: harmful, reason: r, references: [x]}\n",
    )
    with pytest.raises(
        ContentError, match=r"expected one of the patient_facts ids \(f\), found 'g'"
    ):
        load_management(path)


def test_an_override_with_two_conditions_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "      - options: [a, b]\n        rating: first-line\n        reason: r\n        references: [x]\n"
        "        overrides:\n          - {if_fact: f, if_nsaid: avoid, rating: harmful, reason: r, references: [x]}\n",
    )
    with pytest.raises(
        ContentError, match="expected exactly one of 'if_fact' or 'if_nsaid', found 2"
    ):
        load_management(path)


def test_a_file_from_elsewhere_can_be_used(tmp_path):
    path = _write(
        tmp_path, "      - {options: [a, b], rating: harmful, reason: bad idea, references: [x]}\n"
    )
    a = assess_plan("x", ["a"], management=load_management(path))
    assert a.status == "unsafe"


def test_ratings_table_lists_every_option_best_first():
    from kneelib.plans import ratings_table

    table = ratings_table("dvt")
    assert table.diagnosis_name == "Suspected deep vein thrombosis"
    assert len(table.rows) == len(plan_options())
    assert (table.rows[0].rating, table.rows[-1].rating) == ("first-line", "harmful")


def test_ratings_table_shows_as_html_with_words_and_symbols():
    from kneelib.plans import ratings_table

    html_text = ratings_table("dvt")._repr_html_()
    assert "<caption>Suspected deep vein thrombosis</caption>" in html_text
    assert "<td>✘ harmful</td>" in html_text
    assert str(ratings_table("dvt")).splitlines()[0].startswith("first-line")
