"""Figures: the Baker's cyst valve schematic and the Kellgren-Lawrence grade schematics."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from kneelib.content.kl_grades import load_kl_grades
from kneelib.figures.bakers import valve_mechanism_figure
from kneelib.figures.common import to_png
from kneelib.figures.oa import kl_grades_figure


def all_text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text")))


# ----------------------------------------------------------------- Baker's


def test_valve_figure_draws_flexion_then_extension():
    fig = valve_mechanism_figure()
    assert [ax.get_title() for ax in fig.axes] == [
        "Knee bent (flexion)",
        "Knee straight (extension)",
    ]


def test_valve_figure_can_draw_one_phase():
    assert [ax.get_title() for ax in valve_mechanism_figure("extension").axes] == [
        "Knee straight (extension)"
    ]


def test_valve_figure_labels_open_and_closed_slit():
    text = all_text(valve_mechanism_figure())
    assert "Slit OPEN" in text and "Slit CLOSED" in text


def test_valve_figure_labels_the_structures():
    text = all_text(valve_mechanism_figure("flexion"))
    for label in (
        "posterior capsule",
        "bursa (cyst)",
        "semimembranosus",
        "medial head of\ngastrocnemius",
        "knee joint",
    ):
        assert label in text


def test_valve_figure_says_it_is_qualitative_and_cites_its_source():
    text = all_text(valve_mechanism_figure())
    assert "no pressure values are drawn" in text and "rauschning-1980" in text


def test_valve_figure_shows_no_pressure_units():
    assert "mmHg" not in all_text(valve_mechanism_figure())


def test_valve_figure_rejects_an_unknown_phase():
    with pytest.raises(ValueError) as exc:
        valve_mechanism_figure(["flexion", "squat"])
    assert (
        str(exc.value)
        == "valve_mechanism_figure: phases: expected 'flexion' or 'extension', found ['squat']"
    )


def test_valve_figure_rejects_no_phase():
    with pytest.raises(ValueError) as exc:
        valve_mechanism_figure([])
    assert (
        str(exc.value)
        == "valve_mechanism_figure: phases: expected at least one of 'flexion', 'extension', found none"
    )


def test_valve_figure_renders_to_png():
    assert to_png(valve_mechanism_figure()).startswith(b"\x89PNG")


# ------------------------------------------------------- Kellgren-Lawrence


def test_kl_figure_draws_grades_0_to_4_by_default():
    fig = kl_grades_figure(load_kl_grades())
    assert [ax.get_title() for ax in fig.axes] == [
        "Grade 0: None",
        "Grade 1: Doubtful",
        "Grade 2: Mild",
        "Grade 3: Moderate",
        "Grade 4: Severe",
    ]


def test_kl_figure_draws_the_grades_asked_in_that_order():
    fig = kl_grades_figure(load_kl_grades(), [4, 2])
    assert [ax.get_title() for ax in fig.axes] == ["Grade 4: Severe", "Grade 2: Mild"]


def test_kl_figure_prints_each_definition():
    text = all_text(kl_grades_figure(load_kl_grades(), [2]))
    assert "Definite osteophytes and\npossible narrowing of the\njoint space." in text


def test_kl_figure_cites_its_sources():
    assert "kellgren-1957, schiphof-2008" in all_text(kl_grades_figure(load_kl_grades(), [0]))


def test_kl_grade_4_draws_more_shapes_than_grade_0():
    grade0 = len(kl_grades_figure(load_kl_grades(), [0]).axes[0].patches)
    grade4 = len(kl_grades_figure(load_kl_grades(), [4]).axes[0].patches)
    assert grade4 > grade0


def test_kl_figure_rejects_grade_5():
    with pytest.raises(ValueError) as exc:
        kl_grades_figure(load_kl_grades(), [1, 5])
    assert str(exc.value) == "kl_grades_figure: grades: expected grades from 0 to 4, found [5]"


def test_kl_figure_rejects_text_grades():
    with pytest.raises(TypeError) as exc:
        kl_grades_figure(load_kl_grades(), ["2"])
    assert (
        str(exc.value)
        == "kl_grades_figure: grades: expected a list of whole numbers 0-4, found ['2']"
    )


def test_kl_figure_rejects_something_that_is_not_a_scale():
    with pytest.raises(TypeError) as exc:
        kl_grades_figure({"grades": []})
    assert (
        str(exc.value)
        == "kl_grades_figure: scale: expected a Kellgren-Lawrence scale record, found dict"
    )


def test_kl_scale_file_has_grades_0_to_4_with_original_wording():
    scale = load_kl_grades()
    assert scale.grades[4].definition == (
        "Large osteophytes, marked narrowing of the joint space, severe sclerosis and definite deformity of the bone ends."
    )
