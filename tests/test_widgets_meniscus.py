"""The meniscal test accuracy view: choose a group, read the plot and the table."""

from __future__ import annotations

import pytest

from kneelib.widgets.meniscus import MeniscalAccuracyView, accuracy_table_html, show_test_accuracy

PNG = b"\x89PNG\r\n\x1a\n"


def test_view_starts_with_every_examination_test():
    view = show_test_accuracy()
    assert isinstance(view, MeniscalAccuracyView)
    assert "16 published estimates: examination tests, every study." in view.feedback.value


def test_view_draws_a_png_forest_plot():
    assert bytes(show_test_accuracy().image.png).startswith(PNG)


def test_choosing_mri_changes_plot_table_and_message():
    view = show_test_accuracy()
    before = bytes(view.image.png)
    view.choice.value = "mri"
    assert "2 published estimates: mri, medial and lateral tears." in view.feedback.value
    assert '<td style="padding:2px 6px">Lateral meniscal tear</td>' in view.table.value
    assert bytes(view.image.png) != before


def test_table_gives_likelihood_ratios_and_the_study():
    text = accuracy_table_html("mri")
    assert (
        '<td style="padding:2px 6px;text-align:right">7.42</td>'
        '<td style="padding:2px 6px;text-align:right">0.12</td>'
        '<td style="padding:2px 6px">Phelan et al. 2016</td>'
    ) in text


def test_large_likelihood_ratio_is_shown_with_one_decimal():
    assert '<td style="padding:2px 6px;text-align:right">29.7</td>' in accuracy_table_html("medial")


def test_table_explains_how_likelihood_ratios_were_calculated():
    assert "LR+ = sensitivity / (1 - specificity)" in accuracy_table_html("tests")


def test_unknown_selection_is_refused_with_the_choices():
    with pytest.raises(
        ValueError,
        match=r"^show_test_accuracy: selection: expected one of 'tests', 'medial', 'lateral', 'any-tear', 'mri', found 'x'$",
    ):
        show_test_accuracy("x")
