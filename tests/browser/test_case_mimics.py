"""The two walking mimics in notebook 07, played to their best debriefs with real clicks.

Run with `make test-browser` (needs Debian's chromium; see README).
"""

from __future__ import annotations

import re

import pytest

from kneelib.content.cases import load_case

from ..test_widgets_case_mimics import CLAUDICATION_BEST, ENTRAPMENT_BEST
from .lab import open_and_run_all

MIMICS = [
    ("vascular-claudication", CLAUDICATION_BEST, "claudication-managed"),
    ("popliteal-entrapment", ENTRAPMENT_BEST, "entrapment-treated"),
]


@pytest.mark.parametrize(("case_id", "plays", "ending_id"), MIMICS, ids=[m[0] for m in MIMICS])
def test_a_mimic_case_is_played_to_its_best_debrief_with_real_clicks(
    case_id, plays, ending_id, server, page
):
    case = load_case(case_id)
    open_and_run_all(page, server, "07-examination-and-diagnosis.ipynb")
    widget = page.locator(".kneelib-case", has_text=case.title).first
    widget.scroll_into_view_if_needed()
    for choice_id in plays:
        text = case.choice(choice_id).text
        label = widget.locator("label").filter(has_text=re.compile(f"^\\s*{re.escape(text)}\\s*$"))
        label.first.click()
        widget.get_by_role("button", name="Choose").click()
        page.wait_for_timeout(400)
    debrief = widget.locator(".kneelib-case-debrief")
    debrief.wait_for(timeout=15_000)
    text = debrief.inner_text()
    assert text.startswith(f"Debrief: {case.ending(ending_id).title}")
    assert "Best outcome." in text
    assert "Teaching points" in text and "Sources:" in text
    assert "✗ Not excluded" not in text
    assert "Your result has been saved to your progress." in widget.inner_text()
