"""Fixtures for the real-browser tests: one JupyterLab server and one Chromium for the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from .lab import ROOT, chromium, lab_server

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
BROKEN = sorted((ROOT / "tests" / "fixtures" / "browser").glob("broken-*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def server():
    with lab_server(NOTEBOOKS + BROKEN) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
