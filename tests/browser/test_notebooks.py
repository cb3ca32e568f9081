"""Every notebook in a real browser: runs, renders its widgets, answers clicks and keys.

Run with `make test-browser` (needs Debian's chromium; see README).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kneelib.content.questions import load_quiz

from .checks import check_accessibility, check_quiz_feedback, check_rendered, first_single_choice
from .conftest import NOTEBOOKS
from .lab import open_and_run_all

QUIZ_CALL = re.compile(r"show_quiz\(\s*[\"']([a-z0-9-]+)[\"']")


def quiz_topics(path) -> list[str]:
    return QUIZ_CALL.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_renders_and_answers_clicks(path, server, page, screenshots):
    open_and_run_all(page, server, path.name)
    try:
        widgets = check_rendered(page, path.name)
        for topic in quiz_topics(path):
            rendered = page.locator(".kneelib-quiz .kneelib-question").count()
            assert rendered >= len(load_quiz(topic).questions), (
                f"{topic}: only {rendered} questions rendered"
            )
            check_quiz_feedback(page, topic)
        assert widgets > 0 or "show_" not in path.read_text(encoding="utf-8")
        check_accessibility(page, path.name)
    finally:
        page.screenshot(path=str(screenshots / f"{path.stem}.png"), full_page=True)


def _active(page) -> str:
    return page.evaluate(
        "(document.activeElement.closest('label') || document.activeElement).textContent"
    ).strip()


def _tab_to(page, text: str, limit: int = 12, back: bool = False) -> None:
    for _ in range(limit):
        if _active(page) == text:
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {text!r}; focus is on {_active(page)!r}")


def test_quiz_answered_with_the_keyboard_alone_gives_the_same_feedback(server, page):
    """Tab moves between options (each is its own stop), Space chooses, Enter presses Check.

    In JupyterLab the arrow keys belong to the notebook (they move between cells),
    so the quiz never depends on them.
    """
    open_and_run_all(page, server, "00-start-here.ipynb")
    q = first_single_choice("00-start-here")
    right = next(o.text for o in q.options if o.correct)
    wrong = next(o.text for o in q.options if not o.correct)
    block = page.locator(f".kneelib-q-{q.id}").first
    block.scroll_into_view_if_needed()
    block.locator("input[type=radio]").first.focus()
    _tab_to(page, right)
    page.keyboard.press("Space")
    assert block.locator("label:has(input:checked)").inner_text().strip() == right
    _tab_to(page, "Check answer")
    page.keyboard.press("Enter")
    feedback = block.locator(".kneelib-feedback-box .kneelib-feedback").first
    feedback.wait_for(timeout=15_000)
    assert feedback.inner_text().startswith("✔ Correct:")
    _tab_to(page, wrong, back=True)
    page.keyboard.press("Space")
    _tab_to(page, "Check answer")
    page.keyboard.press("Space")
    page.wait_for_function(
        "sel => document.querySelector(sel)?.innerText.startsWith('✘ Not quite:')",
        arg=f".kneelib-q-{q.id} .kneelib-feedback-box .kneelib-feedback",
        timeout=15_000,
    )


def test_a_case_is_played_to_its_debrief_with_real_clicks(server, page):
    open_and_run_all(page, server, "09-patient-cases.ipynb")
    case = page.locator(".kneelib-case").first
    case.scroll_into_view_if_needed()
    debrief = case.locator(".kneelib-case-debrief")
    for _ in range(30):
        if debrief.count():
            break
        case.locator("label:has(input[type=radio])").first.click()
        case.get_by_role("button", name="Choose").click()
        page.wait_for_timeout(400)
    assert debrief.count() == 1, "the case never reached a debrief"
    text = debrief.inner_text()
    assert text.startswith("Debrief:")
    assert "Teaching points" in text and "Sources:" in text
    assert "Your result has been saved to your progress." in case.inner_text()


def test_a_due_review_item_is_answered_with_a_certainty_and_marked(server, page):
    """Today's review, a day later: a missed item comes back; Sure + a wrong choice scores -6.

    The review is shown by a small notebook that asks for it a day ahead (``now=``), since a
    wrong answer given in this browser session is due ten minutes later, not at once.
    """
    import json
    from datetime import datetime, timezone

    from kneelib.progress import ProgressStore

    q = next(x for x in load_quiz("02-bakers-cyst").questions if x.type == "single")
    wrong = next(o for o in q.options if not o.correct)
    ProgressStore(server.root.parent / "progress.json").record(
        item=q.id,
        kind="question",
        topic="02-bakers-cyst",
        answer=wrong.id,
        score=0.0,
        mode="tutor",
        notebook="02-bakers-cyst",
        time=datetime.now(timezone.utc),
    )
    code = (
        "from datetime import datetime, timedelta, timezone\n"
        "from kneelib import show_today\n\n"
        "show_today(n=40, now=datetime.now(timezone.utc) + timedelta(days=1))"
    )
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "today",
                "metadata": {},
                "outputs": [],
                "source": code,
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (server.root / "review-tomorrow.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    open_and_run_all(page, server, "review-tomorrow.ipynb")
    block = page.locator(f".kneelib-review .kneelib-q-{q.id}").first
    block.scroll_into_view_if_needed()
    # JupyterLab draws an output's widgets when its cell scrolls into view: wait for them.
    expect(block).to_contain_text("Right: 1, 2 or 3 marks; wrong: 0, −2 or −6", timeout=15_000)
    block.locator("label", has_text=wrong.text).first.click()
    block.get_by_role("button", name="Sure", exact=True).click()
    block.get_by_role("button", name="Check answer").click()
    mark = block.locator(".kneelib-certainty .kneelib-feedback").first
    mark.wait_for(timeout=15_000)
    assert mark.inner_text().endswith("Certainty mark: -6 (sure, not fully right).")
    assert (
        block.locator(".kneelib-feedback-box .kneelib-feedback")
        .first.inner_text()
        .startswith("✘ Not quite:")
    )
