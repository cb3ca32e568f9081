"""The case view, driven like a student: select a choice, click, read the widgets."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from kneelib.content.cases import load_case_file
from kneelib.progress import ProgressStore
from kneelib.widgets.case import CaseView, show_case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine" / "example-swollen-calf.yaml"


@pytest.fixture
def view(store):
    return CaseView(load_case_file(FIXTURE), store=store)


def _play(view, *choice_ids):
    for cid in choice_ids:
        view.choices.value = cid
        view.choose_button.click()


def test_view_opens_at_the_first_step_with_its_choices(view):
    assert view.choices.options == (
        ("Examine and measure both legs", "examine-legs"),
        ("Decide what to do next", "move-on"),
    )


def test_header_shows_the_patient(view):
    assert (
        "<strong>Patient:</strong> A 45-year-old man with an aching, swollen left calf"
        in view.header.value
    )


def test_choose_without_a_selection_asks_for_one(view):
    view.choose_button.click()
    assert "Select one of the choices first, then press Choose." in view.feedback.value


def test_a_choice_adds_to_the_story(view):
    _play(view, "examine-legs")
    assert (
        "<strong>You:</strong> Examine and measure both legs<br>The left calf is swollen and tender"
        in view.story.value
    )


def test_a_choice_shows_its_findings_with_sources(view):
    _play(view, "examine-legs")
    assert (
        "The left calf is 4 cm larger than the right and tender along the deep veins."
        in view.findings.value
    )
    assert "(NICE 2020)" in view.findings.value


def test_counters_show_current_values_with_units(view):
    _play(view, "examine-legs")
    assert view.counters.value == (
        '<div class="kneelib-case-counters">Score: <strong>2</strong> · '
        "Safety (red flags addressed): <strong>0</strong> · "
        "Time used: <strong>10</strong> minutes</div>"
    )


def test_a_made_choice_is_no_longer_offered(view):
    _play(view, "examine-legs")
    assert [v for _, v in view.choices.options] == ["move-on"]


def test_branch_note_appears_in_the_story(view):
    _play(view, "move-on", "order-scan")
    assert (
        "<em>Without an examination the request is queried and the scan waits until tomorrow.</em>"
        in view.story.value
    )


def test_ending_shows_the_debrief_in_words(view):
    _play(view, "examine-legs", "move-on", "order-scan")
    assert (
        "Best outcome.</strong> The scan confirms a clot and treatment starts today."
        in view.debrief.value
    )
    assert "✓ Excluded or confirmed: Deep vein thrombosis" in view.debrief.value


def test_harmful_ending_names_the_missed_red_flag(view):
    _play(view, "move-on", "send-home")
    assert "Harmful outcome." in view.debrief.value
    assert "✗ Not excluded: Deep vein thrombosis" in view.debrief.value


def test_ending_disables_the_choices(view):
    _play(view, "move-on", "send-home")
    assert (view.choices.options, view.choices.disabled, view.choose_button.disabled) == (
        (),
        True,
        True,
    )


def test_finished_case_is_recorded_in_progress(view, store):
    _play(view, "examine-legs", "move-on", "order-scan")
    record = store.cases[-1]
    assert (record["case_id"], record["ending"], record["counters"]) == (
        "example-swollen-calf",
        "treated",
        {"score": 4, "safety": 2, "time": 190},
    )


def test_saved_result_is_confirmed(view):
    _play(view, "move-on", "send-home")
    assert "Your result has been saved to your progress." in view.status.value


def test_restart_returns_to_the_start(view):
    _play(view, "move-on", "send-home")
    view.restart_button.click()
    assert (view.state.chosen, view.debrief.value, [v for _, v in view.choices.options]) == (
        (),
        "",
        ["examine-legs", "move-on"],
    )
    assert "The case has started again from the beginning." in view.feedback.value


def test_replay_after_restart_can_reach_another_ending(view, store):
    _play(view, "move-on", "send-home")
    view.restart_button.click()
    _play(view, "examine-legs", "move-on", "order-scan")
    assert [c["ending"] for c in store.cases] == ["sent-home", "treated"]


def test_failed_save_shows_one_line_and_no_traceback(tmp_path):
    folder = tmp_path / "progress-is-a-folder"
    folder.mkdir()
    view = CaseView(load_case_file(FIXTURE), store=ProgressStore(folder))
    _play(view, "move-on", "send-home")
    assert "Your result is shown but could not be saved" in view.status.value
    assert "Traceback" not in view.status.value
    assert "Harmful outcome." in view.debrief.value


def test_choice_controls_are_keyboard_operable(view):
    assert isinstance(view.choices, widgets.RadioButtons) and isinstance(
        view.choose_button, widgets.Button
    )


def test_show_case_plays_a_real_case_to_its_best_ending(store):
    view = show_case("dvt", store=store)
    _play(
        view,
        "ask-surgery",
        "ask-chest",
        "to-exam",
        "exam-legs",
        "dx-dvt",
        "wells-then-scan",
        "scan-4h",
        "anticoagulate",
    )
    assert view.state.ending_id == "treated"
    assert "Best outcome." in view.debrief.value
    assert (
        "✓ Your working diagnosis: Deep vein thrombosis; the diagnosis was Deep vein thrombosis."
        in view.debrief.value
    )


def test_show_case_with_an_unknown_id_shows_a_message(store):
    shown = show_case("no-such-case", store=store)
    assert isinstance(shown, widgets.HTML)
    assert "This case cannot be shown:" in shown.value and "no such case" in shown.value


def test_story_cites_the_references_of_a_choice(store):
    view = show_case("dvt", store=store)
    _play(view, "to-exam", "exam-legs", "dx-dvt", "wells-then-scan", "scan-4h")
    assert (
        'The scan is done the same afternoon. <span class="kneelib-cite">(NICE 2020; NICE 2021)</span>'
        in view.story.value
    )


def test_every_choice_and_the_ending_are_saved_as_records_of_one_play(view, store):
    _play(view, "examine-legs", "move-on", "order-scan")
    records = ProgressStore(store.path).attempts
    assert [(r.kind, r.answer) for r in records] == [
        ("case-choice", "examine-legs"),
        ("case-choice", "move-on"),
        ("case-choice", "order-scan"),
        ("case-ending", "treated"),
    ]
    assert len({r.session for r in records}) == 1
    assert {r.item for r in records} == {"example-swollen-calf"}


# ------------------------------------------------ diagnosis step and debrief

RULED = Path(__file__).resolve().parent / "fixtures" / "cases" / "example-swollen-calf.yaml"


@pytest.fixture
def ruled(store):
    return CaseView(load_case_file(RULED), store=store)


def test_the_diagnosis_step_asks_the_student_to_commit(ruled):
    _play(ruled, "ask-chest", "to-exam", "measure-calves")
    assert "Commit to one working diagnosis; the debrief grades it." in ruled.step.value
    assert [value for _, value in ruled.choices.options] == [
        "dx-dvt",
        "dx-cyst",
        "dx-strain",
        "dx-cellulitis",
    ]


def test_other_steps_do_not_ask_for_a_diagnosis(ruled):
    assert "working diagnosis" not in ruled.step.value


def test_debrief_grades_a_correct_working_diagnosis(ruled):
    _play(ruled, "ask-chest", "to-exam", "measure-calves", "dx-dvt", "order-scan")
    assert (
        "✓ Your working diagnosis: Deep vein thrombosis; the diagnosis was Deep vein thrombosis."
        in ruled.debrief.value
    )


def test_debrief_grades_a_wrong_working_diagnosis(ruled):
    _play(ruled, "ask-chest", "to-exam", "measure-calves", "dx-strain", "order-scan")
    assert (
        "✗ Your working diagnosis: Calf muscle strain; the diagnosis was Deep vein thrombosis."
        in ruled.debrief.value
    )


def test_debrief_says_when_no_diagnosis_was_made(ruled):
    _play(ruled, "to-exam", "skip-exam")
    assert (
        "✗ You did not commit to a working diagnosis; the diagnosis was Deep vein thrombosis."
        in ruled.debrief.value
    )


def test_debrief_sets_the_students_path_beside_the_best_play(ruled):
    _play(ruled, "ask-work", "to-exam", "examine-knee", "dx-cyst", "order-scan")
    table = ruled.debrief.value.split('<table class="kneelib-case-compare">')[1]
    assert "<caption>Your play beside the best play</caption>" in table
    assert '<tr><th scope="row">Time used</th><td>68 minutes</td><td>67 minutes</td></tr>' in table
    assert '<tr><th scope="row">Cost</th><td>2 cost units</td><td>2 cost units</td></tr>' in table
    assert "<li>Ask about his work and hobbies</li>" in table
    assert "<li>Ask about breathlessness and chest pain</li>" in table
    assert "✗ not excluded: A clot that has reached the lungs" in table
    assert (
        '<tr><th scope="row">Ending</th><td>Clot found a day late (acceptable)</td>'
        "<td>Clot found the same day (best)</td></tr>"
    ) in table
