"""The posterior-knee schematic and the gait curve figure, checked through their artists."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from kneelib.anatomy import structures_table
from kneelib.content.anatomy import load_gait_curve, load_gait_phases, load_structures
from kneelib.figures.anatomy import gait_curve_figure, posterior_knee_figure
from kneelib.figures.common import to_png

PNG = b"\x89PNG\r\n\x1a\n"


def _labels(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts if isinstance(t, Annotation)]


# ------------------------------------------------------------------ schematic


def test_schematic_is_a_figure():
    assert isinstance(posterior_knee_figure(load_structures()), Figure)


def test_every_structure_the_schematic_draws_exists_in_the_table():
    drawn = _labels(posterior_knee_figure(load_structures()))
    assert set(drawn) <= set(structures_table()["name"])


def test_the_full_schematic_labels_every_structure_once():
    drawn = _labels(posterior_knee_figure(load_structures()))
    assert sorted(drawn) == sorted(structures_table()["name"])


def test_hiding_layers_leaves_only_the_chosen_layers():
    drawn = _labels(posterior_knee_figure(load_structures(), visible_layers=["content"]))
    assert sorted(drawn) == sorted(structures_table().query("layer == 'content'")["name"])


def test_a_highlighted_structure_is_drawn_even_when_its_layer_is_hidden():
    drawn = _labels(
        posterior_knee_figure(
            load_structures(),
            visible_layers=["content"],
            highlight="gastrocnemius-semimembranosus-bursa",
        )
    )
    assert "Gastrocnemius-semimembranosus bursa" in drawn


def test_the_highlighted_label_is_bold_and_boxed():
    fig = posterior_knee_figure(load_structures(), highlight="tibial-nerve")
    label = next(
        t for t in fig.axes[0].texts if isinstance(t, Annotation) and t.get_text() == "Tibial nerve"
    )
    assert (label.get_fontweight(), label.get_bbox_patch() is not None) == ("bold", True)


def test_other_labels_are_not_boxed_when_one_is_highlighted():
    fig = posterior_knee_figure(load_structures(), highlight="tibial-nerve")
    boxed = [
        t.get_text()
        for t in fig.axes[0].texts
        if isinstance(t, Annotation) and t.get_bbox_patch() is not None
    ]
    assert boxed == ["Tibial nerve"]


def test_legend_lists_only_the_visible_layers():
    fig = posterior_knee_figure(load_structures(), visible_layers=["roof", "bursa"])
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["bursa", "roof"]


def test_unknown_highlight_is_refused_with_the_valid_ids():
    with pytest.raises(
        ValueError,
        match=r"^posterior_knee_figure: highlight: expected a structure id \(biceps-femoris, ",
    ):
        posterior_knee_figure(load_structures(), highlight="knee-cap")


def test_unknown_layer_is_refused():
    with pytest.raises(
        ValueError,
        match=r"^posterior_knee_figure: visible_layers: expected some of floor, joint, bursa, content, boundary, roof, found skin$",
    ):
        posterior_knee_figure(load_structures(), visible_layers=["skin"])


def test_no_structures_is_refused():
    with pytest.raises(
        ValueError,
        match=r"^posterior_knee_figure: structures: expected at least one structure, found none$",
    ):
        posterior_knee_figure([])


def test_text_instead_of_structures_is_refused():
    with pytest.raises(
        TypeError,
        match=r"^posterior_knee_figure: structures: expected a list of structure records, found str$",
    ):
        posterior_knee_figure("tibial nerve")


def test_schematic_renders_to_png():
    assert to_png(posterior_knee_figure(load_structures()), dpi=40).startswith(PNG)


# ------------------------------------------------------------------ gait curve


@pytest.fixture(scope="module")
def gait_fig():
    return gait_curve_figure(load_gait_curve(), load_gait_phases(), percent=40)


def _mean_line(fig):
    return next(line for line in fig.axes[0].lines if line.get_label() == "mean")


def test_gait_curve_plots_every_published_point(gait_fig):
    curve = load_gait_curve()
    line = _mean_line(gait_fig)
    assert (tuple(line.get_xdata()), tuple(line.get_ydata())) == (curve.percents, curve.means)


def test_gait_curve_x_axis_spans_the_whole_cycle(gait_fig):
    assert gait_fig.axes[0].get_xlim() == (0.0, 100.0)


def test_gait_curve_labels_the_seven_phases(gait_fig):
    texts = [t.get_text() for t in gait_fig.axes[0].texts]
    assert [t for t in texts if t in {"LR", "MSt", "TSt", "PSw", "ISw", "MSw", "TSw"}] == [
        "LR",
        "MSt",
        "TSt",
        "PSw",
        "ISw",
        "MSw",
        "TSw",
    ]


def test_gait_curve_marks_toe_off_where_the_phases_put_it(gait_fig):
    assert "toe-off 62%" in [t.get_text() for t in gait_fig.axes[0].texts]


def test_gait_curve_shades_stance_and_swing_and_names_them(gait_fig):
    texts = [t.get_text() for t in gait_fig.axes[0].texts]
    assert "STANCE" in texts and "SWING (hatched)" in texts


def test_gait_curve_marker_shows_the_published_angle(gait_fig):
    assert "40%: 6.24°" in [t.get_text() for t in gait_fig.axes[0].texts]


def test_gait_curve_title_says_whose_gait_and_the_source(gait_fig):
    assert gait_fig.axes[0].get_title() == (
        "Knee flexion in walking\ntypically developing children, self-selected walking speed [schwartz-2008]"
    )


def test_gait_curve_refuses_a_marker_outside_the_cycle():
    with pytest.raises(
        ValueError, match=r"^gait_curve_figure: percent: expected a value from 0 to 100, found 101$"
    ):
        gait_curve_figure(load_gait_curve(), load_gait_phases(), percent=101)


def test_gait_curve_refuses_something_that_is_not_a_curve():
    with pytest.raises(
        TypeError,
        match=r"^gait_curve_figure: curve: expected a gait curve record with 'percents', found list$",
    ):
        gait_curve_figure([1, 2, 3], load_gait_phases())


def test_without_labels_only_the_highlighted_structure_is_marked():
    fig = posterior_knee_figure(load_structures(), highlight="popliteus", show_labels=False)
    assert _labels(fig) == ["?"]


def test_without_labels_and_no_highlight_nothing_is_named():
    assert _labels(posterior_knee_figure(load_structures(), show_labels=False)) == []
