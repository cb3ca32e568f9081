"""The fossa explorer, the gait slider and the causes list, driven like a student."""

from __future__ import annotations

import pytest

from kneelib import anatomy
from kneelib.errors import InputError
from kneelib.widgets.anatomy import (
    CausesView,
    FossaExplorer,
    GaitExplorer,
    show_causes,
    show_fossa,
    show_gait,
)

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ fossa explorer


@pytest.fixture(scope="module")
def fossa():
    return show_fossa()


def test_show_fossa_returns_the_explorer(fossa):
    assert isinstance(fossa, FossaExplorer)


def test_schematic_is_drawn_before_any_interaction(fossa):
    assert bytes(fossa.image.png).startswith(PNG)


def test_every_layer_starts_visible(fossa):
    assert fossa.visible_layers() == ("floor", "joint", "bursa", "content", "boundary", "roof")


def test_info_invites_a_choice_before_one_is_made():
    view = show_fossa()
    assert (
        "Choose a structure in the Highlight list to see what it is and why it matters."
        in view.info.value
    )


def test_highlighting_a_structure_shows_its_card_with_sources():
    view = show_fossa()
    view.highlight.value = "Tibial nerve"
    assert "<strong>Tibial nerve</strong>: layer <em>content</em>" in view.info.value
    assert "(Source: Gray et al. 1918)" in view.info.value


def test_highlighting_changes_the_picture():
    view = show_fossa()
    before = bytes(view.image.png)
    view.highlight.value = "Popliteal artery"
    assert bytes(view.image.png) != before


def test_highlight_on_a_hidden_layer_says_it_is_drawn_anyway():
    view = show_fossa()
    view.layer_boxes["bursa"].value = False
    view.highlight.value = "Gastrocnemius-semimembranosus bursa"
    assert (
        "Its layer (bursa) is hidden; it is drawn anyway because it is highlighted."
        in view.info.value
    )


def test_hiding_every_layer_warns_in_words():
    view = show_fossa()
    for box in view.layer_boxes.values():
        box.value = False
    assert (
        "⚠</span> Check:</strong> All layers are hidden: tick at least one layer to see the fossa."
        in view.feedback.value
    )


def test_ticking_a_layer_again_clears_the_warning():
    view = show_fossa()
    for box in view.layer_boxes.values():
        box.value = False
    view.layer_boxes["content"].value = True
    assert view.feedback.value == ""


def test_back_to_none_shows_the_prompt_again():
    view = show_fossa()
    view.highlight.value = "Plantaris"
    view.highlight.value = "(none)"
    assert "Choose a structure in the Highlight list" in view.info.value


# ------------------------------------------------------------------ gait slider


@pytest.fixture
def gait():
    return show_gait()


def test_show_gait_returns_the_explorer(gait):
    assert isinstance(gait, GaitExplorer)


def test_slider_bounds_and_step_come_from_the_data(gait):
    assert (gait.slider.min, gait.slider.max, gait.slider.step) == (0.0, 100.0, 2.0)


def test_plot_is_drawn_before_any_interaction(gait):
    assert bytes(gait.image.png).startswith(PNG)


def test_start_shows_initial_contact(gait):
    assert (
        "<strong>0% of the gait cycle</strong>: mean knee flexion <strong>5.5537°</strong> (SD 5.6551°), a published data point."
        in gait.info.value
    )


def test_moving_the_slider_shows_angle_phase_and_period(gait):
    gait.slider.value = 40
    assert (
        "<strong>40% of the gait cycle</strong>: mean knee flexion <strong>6.2398°</strong>"
        in gait.info.value
    )
    assert (
        "<strong>Phase:</strong> Terminal stance (31–50% of the cycle), <strong>STANCE</strong>."
        in gait.info.value
    )


def test_moving_the_slider_lists_the_loaded_structures_with_sources(gait):
    gait.slider.value = 40
    assert (
        "Gastrocnemius, medial head</strong> <em>(working (muscle active))</em>" in gait.info.value
    )
    assert "(Source: Wheeless 2012)" in gait.info.value


def test_swing_peak_is_shown_as_swing(gait):
    gait.slider.value = 72
    assert "mean knee flexion <strong>59.1317°</strong>" in gait.info.value
    assert "<strong>SWING</strong>" in gait.info.value


def test_moving_the_slider_redraws_the_plot(gait):
    before = bytes(gait.image.png)
    gait.slider.value = 72
    assert bytes(gait.image.png) != before


def test_slider_cannot_go_past_the_end_of_the_data(gait):
    gait.slider.value = 150
    assert gait.slider.value == 100.0
    assert (
        "<strong>100% of the gait cycle</strong>: mean knee flexion <strong>5.3718°</strong>"
        in gait.info.value
    )


def test_slider_cannot_go_below_the_start_of_the_data(gait):
    gait.slider.value = 40
    gait.slider.value = -20
    assert gait.slider.value == 0.0


def test_show_outside_the_data_is_moved_inside(gait):
    state = gait.show(250)
    assert (state.percent, state.angle_deg) == (100.0, 5.3718)


def test_a_refused_value_appears_beside_the_slider_not_as_a_traceback(gait, monkeypatch):
    def refuse(*args, **kwargs):
        raise InputError(
            "gait_state: expected a percentage of the gait cycle from 0 to 100, found 40"
        )

    monkeypatch.setattr(anatomy, "gait_state", refuse)
    gait.slider.value = 40
    assert (
        "Cannot check yet:</strong> gait_state: expected a percentage of the gait cycle from 0 to 100, found 40"
        in gait.feedback.value
    )


def test_an_unexpected_error_shows_a_short_line(gait, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(anatomy, "gait_state", broken)
    gait.slider.value = 20
    assert "Something went wrong here; your answers are saved." in gait.feedback.value


# ------------------------------------------------------------------ causes


def test_causes_view_lists_the_five_seed_causes():
    view = show_causes()
    assert isinstance(view, CausesView)
    assert view.value.count("<li>") == 5


def test_causes_view_names_the_structures_and_sources():
    value = show_causes().value
    assert (
        "<strong>Tear of a posterior meniscal horn</strong> <em>(structures: Posterior horn of the medial meniscus, Posterior horn of the lateral meniscus)</em>"
        in value
    )
    assert "Allaire et al. 2008" in value


# ------------------------------------------------------------------ identify the structure

from kneelib.widgets.anatomy import IdentifyExercise, show_identify  # noqa: E402


@pytest.fixture
def identify():
    return show_identify()


def test_identify_starts_with_an_unlabelled_picture_and_no_answer(identify):
    assert isinstance(identify, IdentifyExercise)
    assert bytes(identify.image.png).startswith(PNG)
    assert identify.answer.value is None


def test_identify_progress_names_the_structure_number(identify):
    assert "<strong>Structure 1 of 19</strong>" in identify.progress.value


def test_identify_check_without_a_choice_asks_for_one(identify):
    identify.check.click()
    assert (
        "Cannot check yet:</strong> Choose a structure from the list first."
        in identify.feedback.value
    )


def test_identify_right_first_time_scores_a_point(identify):
    identify.answer.value = "Small saphenous vein"
    identify.check.click()
    assert (
        "✔</span> Correct:</strong> It is the Small saphenous vein (layer: content)."
        in identify.feedback.value
    )
    assert "Right first time so far: 1." in identify.progress.value


def test_identify_wrong_answer_gives_a_hint_in_words(identify):
    identify.answer.value = "Tibial nerve"
    identify.check.click()
    assert (
        "✘</span> Not quite:</strong> It is not the Tibial nerve. Hint: the highlighted structure belongs to the content layer. Try again."
        in identify.feedback.value
    )


def test_identify_second_miss_reveals_with_sources_and_no_point(identify):
    identify.answer.value = "Tibial nerve"
    identify.check.click()
    identify.check.click()
    assert "it is the Small saphenous vein (layer: content)." in identify.feedback.value
    assert "(Source: Gray et al. 1918)" in identify.feedback.value
    assert "Right first time so far: 0." in identify.progress.value


def test_identify_next_moves_on_and_clears_the_answer(identify):
    identify.answer.value = "Tibial nerve"
    identify.next.click()
    assert (identify.target_id, identify.answer.value, identify.feedback.value) == (
        "popliteus",
        None,
        "",
    )
    assert "<strong>Structure 2 of 19</strong>" in identify.progress.value
