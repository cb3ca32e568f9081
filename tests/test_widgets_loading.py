"""The loading planner, driven like a student: set values, click, read the feedback and the plot."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from kneelib.widgets.loading import (
    LoadingPlanner,
    loading_model_html,
    show_loading_model,
    show_loading_planner,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def planner():
    return show_loading_planner()


def test_planner_is_a_loading_planner(planner):
    assert isinstance(planner, LoadingPlanner)


def test_planner_starts_the_week_after_the_sample_programme(planner):
    assert (planner.week, planner.level) == (13, 8)


def test_intro_names_the_week_and_its_stage(planner):
    assert (
        "In week 13 the patient trains at level 8 (Energy-storage loading)." in planner.intro.value
    )


def test_plot_is_drawn_before_any_click(planner):
    assert bytes(planner.image.png).startswith(PNG)


def test_feedback_is_empty_before_any_click(planner):
    assert planner.feedback.value == ""


def test_response_within_limits_and_settled_shows_progress(planner):
    planner.pain_during.value = 3.0
    planner.pain_after.value = 2.0
    planner.morning.value = "settled"
    planner.decide_button.click()
    assert "ℹ</span> Note:</strong> ▲ Progress" in planner.feedback.value
    assert "The model allows the same load again or a small step up." in planner.feedback.value


def test_progress_moves_next_week_up_one_level(planner):
    planner.decide_button.click()
    assert planner.next_level == 9
    assert "Next week: level 9 (Return to activity)." in planner.feedback.value


def test_pain_above_five_during_exercise_shows_step_back_and_why(planner):
    planner.pain_during.value = 6.0
    planner.decide_button.click()
    assert "⚠</span> Check:</strong> ▼ Step back" in planner.feedback.value
    assert (
        "<li>Pain during exercise was 6/10, above the limit of 5/10.</li>" in planner.feedback.value
    )


def test_step_back_moves_next_week_down_one_level(planner):
    planner.pain_after.value = 7.5
    planner.decide_button.click()
    assert planner.next_level == 7
    assert "Next week: level 7 (Energy-storage loading)." in planner.feedback.value


def test_pain_exactly_five_is_still_within_the_limit(planner):
    planner.pain_during.value = 5.0
    planner.pain_after.value = 5.0
    planner.decide_button.click()
    assert "▲ Progress" in planner.feedback.value


def test_pain_not_settled_next_morning_steps_back(planner):
    planner.morning.value = "not settled"
    planner.decide_button.click()
    assert "<li>The pain had not settled by the next morning.</li>" in planner.feedback.value


def test_worse_than_last_week_steps_back(planner):
    planner.worse.value = True
    planner.decide_button.click()
    assert "<li>Pain and stiffness are worse than last week.</li>" in planner.feedback.value


def test_unknown_next_morning_holds(planner):
    planner.morning.value = "not yet known"
    planner.decide_button.click()
    assert "ℹ</span> Note:</strong> ● Hold" in planner.feedback.value
    assert planner.next_level == 8


def test_feedback_cites_the_pain_monitoring_model(planner):
    planner.decide_button.click()
    assert "Source: Silbernagel et al. 2007" in planner.feedback.value


def test_deciding_redraws_the_plot(planner):
    before = bytes(planner.image.png)
    planner.decide_button.click()
    assert bytes(planner.image.png).startswith(PNG)
    assert bytes(planner.image.png) != before


def test_out_of_range_entry_shows_the_message_not_a_traceback(planner):
    planner.pain_during = widgets.FloatText(value=11.0)  # a box without the slider's limits
    planner.decide_button.click()
    assert planner.feedback.value.startswith('<div class="kneelib-feedback kneelib-error"')
    assert (
        "Cannot check yet:</strong> pain during exercise: expected a number from 0 to 10, found 11"
        in planner.feedback.value
    )


def test_model_table_lists_the_four_criteria_and_cites_them():
    text = loading_model_html()
    assert text.count("(Source: Silbernagel et al. 2007)") == 4
    assert "Pain and stiffness must not increase from one week to the next." in text


def test_model_table_lists_stages_in_order():
    text = loading_model_html()
    positions = [
        text.index(name)
        for name in (
            "1. Isometric loading",
            "2. Isotonic loading",
            "3. Energy-storage loading",
            "4. Return to activity",
        )
    ]
    assert positions == sorted(positions)


def test_model_table_states_the_limits_of_the_evidence():
    assert (
        "Limits of the evidence:</strong> The pain-monitoring model was tested in a randomised trial of Achilles"
        in loading_model_html()
    )


def test_show_loading_model_returns_an_html_widget():
    assert isinstance(show_loading_model(), widgets.HTML)
