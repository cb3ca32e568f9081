"""The project as a whole: set-up files agree, content is valid, notebooks are kept tidy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

from kneelib.cli import schema_documents
from kneelib.content import validate_paths

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].strip().lower()


def _spec(spec: str) -> str:
    return spec.replace(" ", "").lower()


def test_environment_yml_carries_the_same_runtime_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [
        d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in ("python", "pip")
    ]
    assert {_name(d): _spec(d) for d in conda} == {
        _name(d): _spec(d) for d in project["dependencies"]
    }


def test_environment_yml_python_matches_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in env["dependencies"]


def test_all_project_content_is_valid():
    assert [str(p) for p in validate_paths()] == []


def test_json_schemas_are_current():
    folder = ROOT / "data" / "schema"
    expected = {
        name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        for name, doc in schema_documents().items()
    }
    found = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    stale = sorted(n for n in expected if found.get(n) != expected[n]) + sorted(
        set(found) - set(expected)
    )
    assert stale == [], "run 'make schema' to regenerate " + ", ".join(stale)


def test_validate_command_exits_zero_on_project_data():
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "validate"], capture_output=True, text=True, cwd=ROOT
    )
    assert (run.returncode, run.stdout) == (0, "")


def test_validate_command_prints_problems_one_a_line_without_traceback():
    bad = ROOT / "tests" / "fixtures" / "content" / "bad"
    run = subprocess.run(
        [sys.executable, "-m", "kneelib", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, "KNEELIB_DATA": str(bad)},
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert len(run.stdout.splitlines()) == 16
    assert run.stderr.strip() == f"16 problems found in {bad}"


def test_navigation_contents_and_reference_lists_are_current():
    run = subprocess.run(
        [sys.executable, "tools/make_nav.py", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_or_widget_state(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert [
        c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs")
    ] == []
    assert [
        c.get("execution_count")
        for c in nb["cells"]
        if c["cell_type"] == "code" and c.get("execution_count")
    ] == []
    assert "widgets" not in nb["metadata"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_says_it_is_teaching_material_not_a_diagnostic_tool(path):
    text = path.read_text(encoding="utf-8")
    assert "Teaching material, not a diagnostic tool." in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_the_house_frame(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    ).lower()
    for part in (
        "questions this",
        "learning objectives",
        "**estimated time:**",
        "key points",
        "## references",
    ):
        assert part in md, f"{path.name} lacks '{part}'"
    assert nb["cells"][0]["metadata"]["tags"] == ["nav-top"]
    assert nb["cells"][-1]["metadata"]["tags"] == ["nav-bottom"]


def test_the_series_has_a_start_page():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_number_of_questions_a_notebook_announces_is_its_quizs_length(path):
    import re

    from kneelib.content import load_quiz

    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    quiz = re.search(r'show_quiz\("([a-z0-9-]+)"', code)
    if quiz is None:
        return
    length = len(load_quiz(quiz.group(1)).questions)
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    announced = [
        _NUMBER_WORDS.index(w.lower())
        for w in re.findall(r"\b([A-Za-z]+) questions\b", text)
        if w.lower() in _NUMBER_WORDS
    ]
    assert announced and set(announced) == {length}, (announced, length)
