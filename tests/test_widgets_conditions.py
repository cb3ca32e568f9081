"""The conditions comparison view: select conditions, read the table."""

from __future__ import annotations

import pytest

from kneelib.conditions import UnknownConditionError
from kneelib.widgets.conditions import show_conditions


def test_preselected_ids_are_selected():
    view = show_conditions(["osteoarthritis", "bakers-cyst"])
    assert set(view.select.value) == {"bakers-cyst", "osteoarthritis"}


def test_table_shows_both_names():
    view = show_conditions(["bakers-cyst", "osteoarthritis"])
    assert (
        "Baker&#x27;s (popliteal) cyst" in view.table.value
        and "Knee osteoarthritis" in view.table.value
    )


def test_changing_the_selection_redraws_the_table():
    view = show_conditions(["bakers-cyst", "osteoarthritis"])
    view.select.value = ("osteoarthritis",)
    assert "Knee osteoarthritis" in view.table.value and "popliteal) cyst" not in view.table.value


def test_empty_selection_asks_for_a_condition():
    view = show_conditions(["bakers-cyst"])
    view.select.value = ()
    assert (
        view.table.value,
        "Select at least one condition to see the comparison." in view.feedback.value,
    ) == ("", True)


def test_default_selects_every_condition():
    view = show_conditions()
    assert len(view.select.value) == len(view.select.options)


def test_table_rows_carry_citations():
    view = show_conditions(["osteoarthritis"])
    assert "[NICE 2022]" in view.table.value


def test_unknown_id_is_refused_with_the_known_ids():
    with pytest.raises(UnknownConditionError) as exc:
        show_conditions(["bakers-cyst", "gout"])
    assert "found 'gout'" in str(exc.value)
