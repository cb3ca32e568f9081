"""Forest plot and Fagan nomogram: the figures show what they claim to show."""

import math
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from kneelib.clinical import BayesError
from kneelib.content.accuracy import load_accuracy
from kneelib.figures.accuracy import fagan_nomogram, forest_plot
from kneelib.figures.common import to_png

GOOD = Path(__file__).parent / "fixtures" / "accuracy" / "good" / "diagnostic_accuracy.csv"


@pytest.fixture
def rows():
    return load_accuracy(GOOD)


def texts(ax):
    return [t.get_text() for t in ax.texts]


# ------------------------------------------------------------------ forest plot


def test_forest_plot_returns_a_figure(rows):
    assert isinstance(forest_plot(rows), Figure)


def test_both_measures_give_two_panels(rows):
    fig = forest_plot(rows)
    assert [ax.get_title() for ax in fig.axes] == ["Sensitivity", "Specificity"]


def test_one_measure_gives_one_panel(rows):
    fig = forest_plot(rows, measure="specificity")
    assert [ax.get_title() for ax in fig.axes] == ["Specificity"]


def test_rows_are_labelled_top_down_with_their_references(rows):
    ax = forest_plot(rows, measure="sensitivity").axes[0]
    labels = {tick: label.get_text() for tick, label in zip(ax.get_yticks(), ax.get_yticklabels())}
    assert labels == {
        1: "Lachman test: ACL tear [sokal-2022, scholten-2003]",
        0: "Posterior drawer test: PCL tear [rubinstein-1994]",
    }


def test_estimates_and_intervals_are_written_beside_each_row(rows):
    ax = forest_plot(rows, measure="sensitivity").axes[0]
    assert texts(ax) == ["0.81 (0.73-0.87)", "0.90 (no CI reported)"]


def test_interval_line_spans_the_confidence_interval(rows):
    ax = forest_plot(rows[:1], measure="specificity").axes[0]
    line = ax.lines[0]
    assert list(line.get_xdata()) == [0.73, 0.92]


def test_row_without_interval_is_a_hollow_marker(rows):
    ax = forest_plot(rows[1:], measure="sensitivity").axes[0]
    assert len(ax.lines) == 1
    assert ax.lines[0].get_markerfacecolor() == "white"


def test_x_axis_is_zero_to_one(rows):
    ax = forest_plot(rows).axes[0]
    assert ax.get_xlim() == (0.0, 1.0)


def test_unknown_measure_is_rejected(rows):
    with pytest.raises(ValueError) as info:
        forest_plot(rows, measure="accuracy")
    assert str(info.value) == (
        "forest_plot: measure: expected one of 'both', 'sensitivity', 'specificity', found 'accuracy'"
    )


def test_no_rows_is_rejected():
    with pytest.raises(ValueError) as info:
        forest_plot([])
    assert str(info.value) == "forest_plot: rows: expected at least one accuracy row, found none"


def test_something_else_than_rows_is_rejected():
    with pytest.raises(TypeError) as info:
        forest_plot([{"test": "Lachman"}])
    assert (
        str(info.value)
        == "forest_plot: row 1: expected an accuracy row with a 'test' field, found dict"
    )


def test_whole_project_table_renders_to_png():
    data = to_png(forest_plot(load_accuracy()), dpi=40)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


# -------------------------------------------------------------- Fagan nomogram


def line_of(fig):
    ax = fig.axes[0]
    return [line for line in ax.lines if line.get_linestyle() == "--"][0]


def test_fagan_title_states_the_result():
    fig = fagan_nomogram(0.5, 4)
    assert fig.axes[0].get_title() == "Pre-test 50%, LR 4.00: post-test 80%"


def test_fagan_line_runs_from_pretest_to_post_test():
    xs, ys = line_of(fagan_nomogram(0.2, 9)).get_data()
    assert list(xs) == [0.0, 2.0]
    # left axis carries -logit(pre), right axis logit(post)
    assert ys[0] == pytest.approx(-math.log(0.2 / 0.8))
    assert ys[1] == pytest.approx(math.log((2.25 / 3.25) / (1 - 2.25 / 3.25)))


def test_fagan_line_crosses_the_middle_axis_at_the_lr():
    _xs, ys = line_of(fagan_nomogram(0.3, 20)).get_data()
    assert (ys[0] + ys[1]) / 2 == pytest.approx(math.log(20) / 2)


def test_fagan_infinite_lr_is_drawn_at_the_end_of_the_scale():
    fig = fagan_nomogram(0.2, math.inf)
    assert fig.axes[0].get_title() == (
        "Pre-test 20%, LR infinite: post-test 100%\n(beyond the printed scale: drawn at its end)"
    )


def test_fagan_zero_lr():
    assert fagan_nomogram(0.6, 0).axes[0].get_title().startswith("Pre-test 60%, LR 0: post-test 0%")


def test_fagan_rejects_the_meaningless_case():
    with pytest.raises(BayesError, match="0 x infinity has no meaning"):
        fagan_nomogram(0.0, math.inf)


def test_fagan_rejects_a_percentage():
    with pytest.raises(ValueError) as info:
        fagan_nomogram(20, 2)
    assert (
        str(info.value)
        == "post_test_probability: pretest: expected a probability from 0 to 1, found 20"
    )


def test_fagan_renders_to_png():
    assert to_png(fagan_nomogram(0.1, 0.2), dpi=40)[:4] == b"\x89PNG"
