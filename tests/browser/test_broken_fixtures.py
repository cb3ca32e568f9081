"""The browser checks fail on deliberately broken notebooks, so a passing run means something."""

from __future__ import annotations

import pytest

from .checks import check_quiz_feedback, check_rendered
from .lab import open_and_run_all


def test_a_callback_that_raises_fails_the_checks(server, page):
    open_and_run_all(page, server, "broken-callback.ipynb")
    check_rendered(page, "broken-callback")  # it renders...
    with pytest.raises(
        AssertionError, match=r"right answer gave '⚠ Not your mistake: Something went wrong here"
    ):
        check_quiz_feedback(page, "00-start-here")  # ...but answering fails


def test_feedback_that_never_appears_fails_the_checks(server, page):
    open_and_run_all(page, server, "broken-silent.ipynb")
    with pytest.raises(AssertionError, match="no new feedback appeared within 15 s"):
        check_quiz_feedback(page, "00-start-here")


def test_a_cell_error_fails_the_checks(server, page):
    open_and_run_all(page, server, "broken-cell.ipynb")
    with pytest.raises(AssertionError, match="cells raised errors"):
        check_rendered(page, "broken-cell")
