"""Selecting and summarising the meniscal tear accuracy rows (kneelib.meniscus)."""

from __future__ import annotations

import pytest

from kneelib.content.accuracy import load_accuracy
from kneelib.meniscus import SELECTIONS, meniscal_rows, summarise_rows


def test_every_selection_has_rows():
    assert all(meniscal_rows(s) for s in SELECTIONS)


def test_tests_selection_excludes_mri():
    assert all(r.test != "MRI" for r in meniscal_rows("tests"))


def test_mri_selection_has_the_medial_and_lateral_pooled_estimates():
    assert [(r.target_condition, r.sensitivity, r.specificity) for r in meniscal_rows("mri")] == [
        ("Medial meniscal tear", 0.89, 0.88),
        ("Lateral meniscal tear", 0.78, 0.95),
    ]


def test_medial_selection_holds_only_medial_rows():
    assert {r.target_condition for r in meniscal_rows("medial")} == {"Medial meniscal tear"}


def test_lateral_selection_holds_only_lateral_rows():
    assert {r.target_condition for r in meniscal_rows("lateral")} == {"Lateral meniscal tear"}


def test_any_tear_selection_has_no_side_specific_rows():
    assert {r.target_condition for r in meniscal_rows("any-tear")} == {"Meniscal tear (any)"}


def test_thessaly_studies_disagree():
    thessaly = {
        r.id: r.specificity for r in meniscal_rows("tests") if r.test.startswith("Thessaly")
    }
    assert thessaly == {
        "men-thessaly20-med-karachalios-2005": 0.97,
        "men-thessaly20-lat-karachalios-2005": 0.96,
        "men-thessaly20-goossens-2015": 0.53,
        "men-thessaly-blyth-2015": 0.39,
    }


def test_only_rows_with_the_meniscal_prefix_are_used():
    assert all(r.id.startswith("men-") for r in meniscal_rows("tests"))


def test_unknown_selection_is_refused():
    with pytest.raises(
        ValueError,
        match=r"^meniscal_rows: selection: expected one of 'tests', 'medial', 'lateral', 'any-tear', 'mri', found 'knee'$",
    ):
        meniscal_rows("knee")


def test_selection_with_no_matching_rows_is_refused():
    others = [r for r in load_accuracy() if not r.id.startswith("men-")]
    with pytest.raises(
        ValueError,
        match=r"^meniscal_rows: no rows with ids starting 'men-' match the selection 'mri'$",
    ):
        meniscal_rows("mri", others)


def test_likelihood_ratios_of_the_original_thessaly_study():
    (row,) = [r for r in meniscal_rows("medial") if r.test.startswith("Thessaly")]
    (summary,) = summarise_rows([row])
    assert summary.lr_positive == pytest.approx(0.89 / 0.03)
    assert summary.lr_negative == pytest.approx(0.11 / 0.97)


def test_summaries_keep_order_and_references():
    rows = meniscal_rows("mri")
    assert [(s.row_id, s.references) for s in summarise_rows(rows)] == [
        ("men-mri-med-phelan-2016", ("phelan-2016",)),
        ("men-mri-lat-phelan-2016", ("phelan-2016",)),
    ]
