"""kneelib.conditions: the conditions table in pandas and the side-by-side comparison."""

from __future__ import annotations

import pytest

from kneelib.conditions import (
    FEATURE_LABELS,
    UnknownConditionError,
    compare_conditions,
    comparison_html,
    conditions_table,
    get_conditions,
)
from kneelib.content.conditions import FEATURES, Condition


def make(cid: str, name: str, ref: str = "nice-ng226") -> Condition:
    """A condition whose feature texts are '<id> <feature>'."""
    return Condition.model_validate(
        {
            "id": cid,
            "name": name,
            "group": "cause",
            "features": {f: {"text": f"{cid} {f}", "references": [ref]} for f in FEATURES},
        }
    )


RECORDS = (make("alpha", "Alpha <b>itis</b>"), make("beta", "Beta", ref="altman-1986"))


def test_table_has_one_row_per_condition_indexed_by_id():
    table = conditions_table(RECORDS)
    assert list(table.index) == ["alpha", "beta"]


def test_table_columns_are_name_group_and_the_nine_features():
    assert list(conditions_table(RECORDS).columns) == ["name", "group", *FEATURES]


def test_table_cell_holds_the_feature_text():
    assert conditions_table(RECORDS).loc["beta", "first_test"] == "beta first_test"


def test_compare_has_one_column_per_condition_in_the_order_asked():
    frame = compare_conditions(["beta", "alpha"], RECORDS)
    assert list(frame.columns) == ["Beta", "Alpha <b>itis</b>"]


def test_compare_rows_are_the_feature_labels_in_order():
    frame = compare_conditions(["alpha"], RECORDS)
    assert list(frame.index) == [FEATURE_LABELS[f] for f in FEATURES]


def test_compare_cell_holds_the_feature_text():
    frame = compare_conditions(["alpha", "beta"], RECORDS)
    assert frame.loc["Location behind the knee", "Beta"] == "beta location"


def test_compare_drops_repeated_ids():
    assert list(compare_conditions(["alpha", "alpha"], RECORDS).columns) == ["Alpha <b>itis</b>"]


def test_unknown_id_names_the_known_ids_and_the_wrong_one():
    with pytest.raises(UnknownConditionError) as exc:
        compare_conditions(["alpha", "gamma"], RECORDS)
    assert str(exc.value) == (
        "get_conditions: ids: expected condition ids from data/conditions.yaml (alpha, beta), found 'gamma'"
    )


def test_empty_selection_is_rejected():
    with pytest.raises(UnknownConditionError) as exc:
        get_conditions([], RECORDS)
    assert str(exc.value) == "get_conditions: ids: expected at least one condition id, found none"


def test_a_bare_string_is_a_type_error():
    with pytest.raises(TypeError) as exc:
        get_conditions("alpha", RECORDS)
    assert (
        str(exc.value)
        == "get_conditions: ids: expected a list of condition ids, found the text 'alpha'"
    )


def test_html_escapes_condition_names():
    html = comparison_html(["alpha"], RECORDS)
    assert "Alpha &lt;b&gt;itis&lt;/b&gt;" in html and "<b>itis" not in html


def test_html_cell_ends_with_its_short_citation():
    html = comparison_html(["beta"], RECORDS)
    assert "beta first_test<br><small>[Altman et al. 1986]</small>" in html


def test_html_has_a_row_header_per_feature():
    html = comparison_html(["alpha", "beta"], RECORDS)
    assert html.count("<th scope='row'") == 9


def test_project_file_has_bakers_cyst_and_osteoarthritis():
    ids = list(conditions_table().index)
    assert {"bakers-cyst", "osteoarthritis"} <= set(ids)


def test_project_osteoarthritis_first_test_is_clinical_diagnosis():
    frame = compare_conditions(["osteoarthritis"])
    assert frame.loc["First test", "Knee osteoarthritis"].startswith(
        "No test: diagnose clinically."
    )
