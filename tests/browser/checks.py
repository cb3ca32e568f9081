"""The checks each notebook must pass in a real browser (shared with the broken-fixture test)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from kneelib.content.questions import SingleChoice, load_quiz

from .lab import CALLBACK_FAILURE, cell_errors, widget_failures

WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"


def check_rendered(page, name: str) -> int:
    """No cell error; every widget output rendered a widget. Returns the number of widget outputs."""
    errors = cell_errors(page)
    assert errors == [], f"{name}: cells raised errors:\n" + "\n---\n".join(
        e[-1500:] for e in errors
    )
    failures = widget_failures(page)
    assert failures == [], f"{name}: widgets failed to render: {failures}"
    outputs = page.locator(WIDGET_OUTPUT)
    # text_content, not inner_text: cells scrolled out of view are not laid out.
    empty = [
        i
        for i in range(outputs.count())
        if not (outputs.nth(i).text_content() or "").strip()
        and outputs.nth(i).locator("img, canvas, svg").count() == 0
    ]
    assert empty == [], f"{name}: widget outputs {empty} rendered nothing visible"
    return outputs.count()


def first_single_choice(topic: str) -> SingleChoice:
    return next(q for q in load_quiz(topic).questions if isinstance(q, SingleChoice))


def click_answer(page, question: SingleChoice, option_id: str) -> str:
    """Choose an option with the mouse, press Check, return the new text of the feedback box."""
    block = page.locator(f".kneelib-q-{question.id}").first
    block.scroll_into_view_if_needed()
    box = f".kneelib-q-{question.id} .kneelib-feedback-box"
    before = page.evaluate("sel => document.querySelector(sel)?.textContent ?? ''", box)
    text = next(o.text for o in question.options if o.id == option_id)
    block.locator("label", has_text=text).first.click()
    block.get_by_role("button", name="Check answer").click()
    try:
        page.wait_for_function(
            "([sel, before]) => { const t = document.querySelector(sel)?.textContent ?? ''; return t !== '' && t !== before; }",
            arg=[box, before],
            timeout=15_000,
        )
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"{question.id}: no new feedback appeared within 15 s of pressing Check answer"
        ) from None
    return block.locator(".kneelib-feedback-box .kneelib-feedback").first.inner_text()


def check_quiz_feedback(page, topic: str) -> None:
    """A real click on the right and on a wrong option shows the matching feedback words."""
    q = first_single_choice(topic)
    right = next(o.id for o in q.options if o.correct)
    wrong = next(o.id for o in q.options if not o.correct)
    text = click_answer(page, q, right)
    assert text.startswith("✔ Correct:"), f"{topic}/{q.id}: right answer gave {text[:120]!r}"
    text = click_answer(page, q, wrong)
    assert text.startswith("✘ Not quite:"), f"{topic}/{q.id}: wrong answer gave {text[:120]!r}"
    assert CALLBACK_FAILURE not in page.content(), f"{topic}: a callback failed"


#: Left out of the audit, each for a reason outside our code:
#: - ".noUi-handle": ipywidgets' slider handle (noUiSlider) has no accessible name and
#:   ipywidgets offers no way to give it one; every slider in the series has a labelled
#:   number box beside it that does the same job (see kneelib/widgets/anatomy.py).
#: - "table.dataframe": pandas' own HTML for a DataFrame, whose index corner is an empty <th>.
AXE_EXCLUDE = [[".noUi-handle"], ["table.dataframe"]]


def check_accessibility(page, name: str) -> None:
    """axe-core finds no violation inside the notebook's outputs (our widgets and figures)."""
    result = Axe().run(
        page, context={"include": [[".jp-OutputArea-output"]], "exclude": AXE_EXCLUDE}
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} e.g. {v['nodes'][0]['html'][:120]}"
        for v in result.response["violations"]
    ]
    assert found == [], f"{name}: accessibility violations:\n" + "\n".join(found)
