"""The diagnostic accuracy table: the real file validates, each kind of mistake is caught."""

import math
from pathlib import Path

import pydantic
import pytest

from kneelib.content import ContentError, validate_paths
from kneelib.content.accuracy import COLUMNS, AccuracyRow, load_accuracy

FIXTURES = Path(__file__).parent / "fixtures" / "accuracy"


def fixture(name: str) -> Path:
    return FIXTURES / name / "diagnostic_accuracy.csv"


def only_problem(name: str) -> str:
    problems = validate_paths([fixture(name)])
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def prefix(name: str) -> str:
    return f"tests/fixtures/accuracy/{name}/diagnostic_accuracy.csv: "


# ------------------------------------------------------------------ real table


def test_the_project_table_is_valid():
    assert validate_paths([Path(__file__).parent.parent / "data" / "diagnostic_accuracy.csv"]) == []


def test_the_project_table_has_rows_for_every_target_taught_in_notebook_07():
    targets = {row.target_condition for row in load_accuracy()}
    assert {"PCL tear", "ACL tear", "Baker's cyst", "Deep vein thrombosis (any)"} <= targets


def test_every_project_row_gives_likelihood_ratios():
    for row in load_accuracy():
        lr_pos, lr_neg = row.likelihood_ratios()
        assert lr_pos >= 0 and lr_neg >= 0


def test_the_project_table_header_is_the_documented_one():
    header = (
        (Path(__file__).parent.parent / "data" / "diagnostic_accuracy.csv")
        .read_text(encoding="utf-8")
        .splitlines()[0]
    )
    assert tuple(header.split(",")) == COLUMNS


# ----------------------------------------------------------------- good fixture


def test_good_fixture_loads_two_rows():
    rows = load_accuracy(fixture("good"))
    assert [row.id for row in rows] == ["lachman-a", "drawer-b"]


def test_references_are_split_on_semicolons():
    assert load_accuracy(fixture("good"))[0].references == ("sokal-2022", "scholten-2003")


def test_quoted_note_keeps_its_comma():
    assert load_accuracy(fixture("good"))[0].note == "A note, with a comma"


def test_empty_interval_cells_are_none():
    row = load_accuracy(fixture("good"))[1]
    assert (row.sensitivity_ci_low, row.sensitivity_ci_high, row.note) == (None, None, None)
    assert row.interval("sensitivity") is None


def test_interval_of_a_row_with_bounds():
    assert load_accuracy(fixture("good"))[0].interval("specificity") == (0.73, 0.92)


def test_interval_rejects_an_unknown_measure():
    row = load_accuracy(fixture("good"))[0]
    with pytest.raises(ValueError) as info:
        row.interval("accuracy")
    assert (
        str(info.value)
        == "interval: measure: expected 'sensitivity' or 'specificity', found 'accuracy'"
    )


def test_row_likelihood_ratios_use_the_point_estimates():
    lr_pos, lr_neg = load_accuracy(fixture("good"))[0].likelihood_ratios()
    assert lr_pos == pytest.approx(0.81 / 0.15)
    assert lr_neg == pytest.approx(0.19 / 0.85)


def test_rows_are_frozen():
    row = load_accuracy(fixture("good"))[0]
    with pytest.raises(pydantic.ValidationError):
        row.sensitivity = 0.5  # type: ignore[misc]


def test_good_fixture_passes_the_validator():
    assert validate_paths([fixture("good")]) == []


# ----------------------------------------------------------------- bad fixtures


def test_percent_instead_of_fraction():
    assert only_problem("bad-percent") == prefix("bad-percent") + (
        "lachman-a: sensitivity: expected a fraction from 0 to 1 (write 0.85, not 85), found 85"
    )


def test_estimate_outside_its_interval():
    assert only_problem("bad-outside-interval") == prefix("bad-outside-interval") + (
        "lachman-a: sensitivity: expected an estimate inside its interval 0.73 to 0.87, found 0.9"
    )


def test_interval_with_one_bound():
    assert only_problem("bad-half-interval") == prefix("bad-half-interval") + (
        "lachman-a: sensitivity_ci_high: expected both bounds of the interval or neither, found only one"
    )


def test_reversed_interval():
    assert only_problem("bad-reversed-interval") == prefix("bad-reversed-interval") + (
        "lachman-a: sensitivity_ci_low: expected a lower bound not above the upper bound 0.73, found 0.87"
    )


def test_row_without_reference():
    assert only_problem("bad-no-reference") == prefix("bad-no-reference") + (
        "lachman-a: references: expected at least one reference id (several separated by ';'), found an empty cell"
    )


def test_reference_that_does_not_resolve():
    assert only_problem("bad-unknown-reference") == prefix("bad-unknown-reference") + (
        "lachman-a: references: expected a reference id from data/references.yaml, found 'sokal-2021' "
        "(did you mean 'sokal-2022'?)"
    )


def test_duplicate_row_id():
    assert only_problem("bad-duplicate-id") == prefix("bad-duplicate-id") + (
        "lachman-a: id: expected an id unique within the accuracy table, found 'lachman-a' more than once"
    )


def test_text_where_a_number_belongs():
    assert only_problem("bad-not-a-number") == prefix("bad-not-a-number") + (
        "lachman-a: sensitivity: expected a number, found 'high' (str)"
    )


def test_missing_specificity():
    assert only_problem("bad-missing-specificity") == prefix("bad-missing-specificity") + (
        "lachman-a: specificity: expected a value for 'specificity', found nothing (the field is missing)"
    )


def test_wrong_header():
    assert only_problem("bad-header") == prefix("bad-header") + (
        "-: header: expected the columns "
        + ",".join(COLUMNS)
        + ", found "
        + ",".join(COLUMNS).replace("target_condition", "target")
    )


def test_unquoted_comma_gives_an_extra_cell():
    assert only_problem("bad-extra-cell") == prefix("bad-extra-cell") + (
        "lachman-a: -: expected 13 cells, found 14 cells (a comma inside a text? quote it)"
    )


def test_badly_formed_id():
    assert only_problem("bad-id") == prefix("bad-id") + (
        "Lachman A: id: expected an id of lower-case letters, digits and hyphens, found 'Lachman A' (str)"
    )


def test_load_accuracy_raises_content_error_with_the_same_message():
    with pytest.raises(ContentError) as info:
        load_accuracy(fixture("bad-percent"))
    assert str(info.value) == prefix("bad-percent") + (
        "lachman-a: sensitivity: expected a fraction from 0 to 1 (write 0.85, not 85), found 85"
    )


def test_content_error_is_a_value_error():
    with pytest.raises(ValueError):
        load_accuracy(fixture("bad-duplicate-id"))


# --------------------------------------------------------------- row model alone


def make_row(**changes):
    fields = dict(
        id="r-1",
        test="T",
        target_condition="C",
        population="P",
        reference_standard="R",
        sensitivity=0.5,
        specificity=0.5,
        references=("sokal-2022",),
    )
    fields.update(changes)
    return AccuracyRow(**fields)


def test_nan_sensitivity_is_rejected():
    with pytest.raises(ValueError, match="expected a fraction from 0 to 1"):
        make_row(sensitivity=math.nan)


def test_estimate_on_the_edge_of_its_interval_is_accepted():
    row = make_row(specificity=1.0, specificity_ci_low=0.83, specificity_ci_high=1.0)
    assert row.interval("specificity") == (0.83, 1.0)
