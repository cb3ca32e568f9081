"""The export view: name box, one button, feedback in words, never a traceback."""

from __future__ import annotations

import json

from kneelib.progress import ProgressStore
from kneelib.widgets.export import show_export


def test_export_writes_the_file_and_says_where(store, tmp_path):
    store.record_answer("sh-01", "00-start-here", "a", 1.0, True)
    view = show_export(store, tmp_path)
    view.name.value = "S-1234"
    view.button.click()
    path = tmp_path / "kneelib-results-s-1234.json"
    assert f"Saved 1 answer to {path}. Send this file to your instructor." in view.feedback.value
    assert json.loads(path.read_text())["student"] == "S-1234"


def test_feedback_carries_a_word_and_a_symbol(store, tmp_path):
    store.record_answer("sh-01", "00-start-here", "a", 1.0, True)
    view = show_export(store, tmp_path)
    view.name.value = "Ana"
    view.button.click()
    assert "✔" in view.feedback.value and "Correct:" in view.feedback.value


def test_feedback_offers_a_download_link_named_like_the_file(store, tmp_path):
    view = show_export(store, tmp_path)
    view.name.value = "Ana"
    view.button.click()
    assert (
        'download="kneelib-results-ana.json" href="data:application/json;base64,'
        in view.feedback.value
    )


def test_export_without_answers_says_so(store, tmp_path):
    view = show_export(store, tmp_path)
    view.name.value = "Ana"
    view.button.click()
    assert "(No quiz answers yet: answer some questions first.)" in view.feedback.value


def test_missing_name_is_asked_for_without_writing(store, tmp_path):
    view = show_export(store, tmp_path)
    view.button.click()
    assert (
        "Type your name or student id first." in view.feedback.value,
        list(tmp_path.glob("kneelib-results-*")),
    ) == (True, [])


def test_an_email_address_is_refused_in_words(store, tmp_path):
    view = show_export(store, tmp_path)
    view.name.value = "ana@example.org"
    view.button.click()
    assert "not an e-mail address" in view.feedback.value and "Traceback" not in view.feedback.value


def test_the_name_is_asked_once_and_shown_next_time(store, tmp_path):
    view = show_export(store, tmp_path)
    view.name.value = "Ana"
    view.button.click()
    assert show_export(ProgressStore(store.path), tmp_path).name.value == "Ana"


def test_an_unwritable_folder_is_reported_in_words(store, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    view = show_export(store, blocker)
    view.name.value = "Ana"
    view.button.click()
    assert (
        "Your results could not be saved" in view.feedback.value
        and "Traceback" not in view.feedback.value
    )
