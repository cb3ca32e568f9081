"""The programme plot shows the levels, the stages and each decision by shape."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from kneelib.content.loading import load_loading
from kneelib.figures.common import to_png
from kneelib.figures.loading import DECISION_MARKERS, programme_plot
from kneelib.loading import sample_plan

CONTENT = load_loading()
PLAN = sample_plan(CONTENT)
STAGES = CONTENT.stages


def markers(fig, shape):
    ax = fig.axes[0]
    return [tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() == shape]


def test_returns_a_figure():
    assert isinstance(programme_plot(PLAN, STAGES), Figure)


def test_one_marker_per_week():
    fig = programme_plot(PLAN, STAGES)
    shapes = [m for m, _ in DECISION_MARKERS.values()]
    assert sum(len(markers(fig, s)) for s in shapes) == len(PLAN)


def test_step_back_weeks_are_downward_triangles():
    fig = programme_plot(PLAN, STAGES)
    assert markers(fig, "v") == [(4.0, 4.0), (11.0, 8.0)]


def test_hold_week_is_a_circle():
    assert markers(programme_plot(PLAN, STAGES), "o") == [(5.0, 3.0)]


def test_legend_names_each_decision_once():
    fig = programme_plot(PLAN, STAGES)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["progress (up one level)", "step back (down one level)", "hold (same level)"]


def test_stage_names_are_written_beside_their_bands():
    texts = [t.get_text() for t in programme_plot(PLAN, STAGES).axes[0].texts]
    assert texts == [s.name for s in STAGES]


def test_axis_says_the_level_is_not_a_dose():
    assert (
        programme_plot(PLAN, STAGES).axes[0].get_ylabel()
        == "Load level (teaching scale, not a dose)"
    )


def test_next_level_is_drawn_as_a_square_after_the_last_week():
    fig = programme_plot(PLAN, STAGES, next_level=8)
    assert markers(fig, "s") == [(13.0, 8.0)]


def test_without_next_level_there_is_no_square():
    assert markers(programme_plot(PLAN, STAGES), "s") == []


def test_title_defaults_to_a_description():
    assert programme_plot(PLAN, STAGES).axes[0].get_title() == "Pain-monitored loading programme"


def test_renders_to_png():
    assert to_png(programme_plot(PLAN, STAGES)).startswith(b"\x89PNG")


def test_empty_programme_is_refused():
    with pytest.raises(
        ValueError, match=r"^programme_plot: weeks: expected at least one planned week, found none$"
    ):
        programme_plot((), STAGES)


def test_text_instead_of_weeks_is_refused():
    with pytest.raises(
        TypeError, match=r"^programme_plot: weeks: expected a list of planned weeks, found str$"
    ):
        programme_plot("weeks", STAGES)


def test_week_without_fields_is_refused():
    with pytest.raises(
        TypeError,
        match=r"^programme_plot: week 1: expected a planned week with a 'week' field, found int$",
    ):
        programme_plot([3], STAGES)


def test_missing_stages_are_refused():
    with pytest.raises(
        ValueError, match=r"^programme_plot: stages: expected a list of loading stages, found \(\)$"
    ):
        programme_plot(PLAN, ())
