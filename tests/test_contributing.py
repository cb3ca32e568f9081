"""Every path named in CONTRIBUTING.md exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

#: A path: in backticks or a markdown link, with a folder part or a known file ending.
_CODE = re.compile(r"`([^`\s]+)`|\]\(([^)\s]+)\)")
_ENDINGS = (".py", ".md", ".yaml", ".yml", ".csv", ".json", ".ipynb", ".toml")
_PLACEHOLDER = re.compile(r"<[^>]+>|\bNN\b|NN-|\*")


def named_paths(text: str) -> list[str]:
    found = []
    for match in _CODE.finditer(text):
        token = (match.group(1) or match.group(2)).rstrip(".,;:")
        if token.startswith(("http", ".venv", "-")) or "=" in token:
            continue
        if "/" in token or token.endswith(_ENDINGS):
            found.append(token)
    return found


def existing_part(path: str) -> Path:
    """The path itself, or for a pattern such as tests/test_clinical_<name>.py its folder."""
    parts = Path(path).parts
    for i, part in enumerate(parts):
        if _PLACEHOLDER.search(part):
            return ROOT.joinpath(*parts[:i])
    return ROOT / path


def test_contributing_names_the_files_of_each_recipe():
    paths = named_paths(TEXT)
    for expected in (
        "kneelib/content/questions.py",
        "kneelib/clinical/ottawa.py",
        "tools/make_nav.py",
        "kneelib/content/cases.py",
        "tests/test_widgets_case.py",
    ):
        assert expected in paths
    assert len(paths) >= 40


def test_every_path_in_contributing_exists():
    missing = sorted({p for p in named_paths(TEXT) if not existing_part(p).exists()})
    assert missing == []


def test_the_check_catches_a_missing_path():
    text = "Edit `kneelib/nothing_here.py` and `tests/test_clinical_<name>.py`."
    assert named_paths(text) == ["kneelib/nothing_here.py", "tests/test_clinical_<name>.py"]
    assert not existing_part("kneelib/nothing_here.py").exists()
    assert existing_part("tests/test_clinical_<name>.py") == ROOT / "tests"
