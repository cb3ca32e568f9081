"""The same smoke test against Voila (what `make app` serves): widgets render and answer real clicks."""

from __future__ import annotations

from .checks import check_accessibility, check_quiz_feedback
from .conftest import NOTEBOOKS
from .lab import CALLBACK_FAILURE, voila_server


def test_voila_renders_the_start_page_and_answers_clicks(browser, screenshots):
    start = next(p for p in NOTEBOOKS if p.name == "00-start-here.ipynb")
    with voila_server(start) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        page = context.new_page()
        page.set_default_timeout(120_000)
        try:
            page.goto(url + "/")
            page.locator(".kneelib-question").first.wait_for()
            assert "Traceback" not in page.content()
            assert page.locator(".cm-editor, .jp-InputArea-editor").count() == 0, (
                "Voila should hide the code"
            )
            assert "show_quiz(" not in page.locator("body").inner_text()
            check_quiz_feedback(page, "00-start-here")
            assert CALLBACK_FAILURE not in page.content()
            check_accessibility(page, "voila 00-start-here")
        finally:
            page.screenshot(path=str(screenshots / "voila-00-start-here.png"), full_page=True)
            context.close()
