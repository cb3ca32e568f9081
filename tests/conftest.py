"""Shared fixtures. Every test (and every notebook kernel nbval starts) writes
progress into a temporary folder, never into the user's home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Set before any kernel starts so that notebooks under nbval inherit it.
_session_dir = tempfile.mkdtemp(prefix="kneelib-test-")
os.environ.setdefault("KNEELIB_PROGRESS", str(Path(_session_dir) / "progress.json"))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def store(tmp_path):
    """A progress store in a fresh temporary folder."""
    from kneelib.progress import ProgressStore

    return ProgressStore(tmp_path / "progress.json")


@pytest.fixture
def fixture_data(monkeypatch):
    """Point kneelib at the small good fixture data folder."""
    folder = FIXTURES / "content" / "good"
    monkeypatch.setenv("KNEELIB_DATA", str(folder))
    return folder
