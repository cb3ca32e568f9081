"""Delivery: Binder (postBuild), JupyterHub (read-only course folder), JupyterLite (build and Pyodide limits), Voila.

The JupyterLite build takes longer than the rest and is marked ``delivery``:
``make test-delivery`` runs it. The Voila test (a few seconds) runs by default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
DATA_FILES = sorted(
    p.relative_to(ROOT / "data")
    for p in (ROOT / "data").rglob("*")
    if p.is_file() and "__pycache__" not in p.parts
)
RUNNER = ROOT / "tests" / "restricted_run.py"
sys.path.insert(0, str(ROOT / "tools"))

import build_lite  # noqa: E402

from .servers import voila_page  # noqa: E402


def _restricted(
    tmp: Path,
    cwd: Path,
    notebooks: list[Path],
    allow: list[Path],
    deny: list[Path] = (),
    export: str | None = None,
) -> dict:
    """Run notebooks' code under the restrictions of tests/restricted_run.py with a fresh HOME and TMPDIR."""
    home, tmpdir = tmp / "home", tmp / "tmp"
    home.mkdir(exist_ok=True)
    tmpdir.mkdir(exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KNEELIB_PROGRESS", "KNEELIB_EXPORT_DIR", "KNEELIB_DATA")
    }
    env.update(HOME=str(home), TMPDIR=str(tmpdir), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    cmd = [
        sys.executable,
        str(RUNNER),
        "--cwd",
        str(cwd),
        "--allow",
        str(home),
        "--allow",
        str(tmpdir),
    ]
    cmd += [x for a in allow for x in ("--allow", str(a))] + [
        x for d in deny for x in ("--deny", str(d))
    ]
    cmd += (["--export", export] if export else []) + [str(n) for n in notebooks]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------- Binder
def _fake_python(folder: Path, exit_code: int) -> Path:
    folder.mkdir()
    fake = folder / "python"
    fake.write_text(f'#!/bin/sh\necho "python $*" >> "{folder}/calls"\nexit {exit_code}\n')
    fake.chmod(0o755)
    return folder


def test_postbuild_is_executable_and_stops_at_the_first_error():
    text = (ROOT / "postBuild").read_text()
    assert (
        os.access(ROOT / "postBuild", os.X_OK),
        text.startswith("#!/bin/bash\n"),
        "set -euo pipefail" in text,
    ) == (True, True, True)


def test_postbuild_installs_kneelib_and_validates_the_content(tmp_path):
    fake = _fake_python(tmp_path / "bin", 0)
    run = subprocess.run(
        ["bash", str(ROOT / "postBuild")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATH": f"{fake}:/usr/bin:/bin"},
    )
    assert (run.returncode, (fake / "calls").read_text().splitlines()) == (
        0,
        ["python -m pip install --no-deps -e .", "python -m kneelib validate"],
    )


def test_postbuild_fails_loudly_when_a_step_fails(tmp_path):
    fake = _fake_python(tmp_path / "bin", 3)
    run = subprocess.run(
        ["bash", str(ROOT / "postBuild")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATH": f"{fake}:/usr/bin:/bin"},
    )
    assert (run.returncode, run.stderr.strip().splitlines()[-1]) == (
        3,
        "postBuild failed (exit 3) at: python -m pip install --no-deps -e .",
    )


def test_readme_binder_badge_opens_the_start_page():
    readme = (ROOT / "README.md").read_text()
    assert "https://mybinder.org/badge_logo.svg" in readme
    assert "HEAD?urlpath=lab/tree/notebooks/00-start-here.ipynb" in readme


# ---------------------------------------------------------------- JupyterHub: read-only, shared course folder
@pytest.fixture(scope="module")
def hub_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hub")
    # The whole project stands for the read-only course folder (nbgitpuller's copy) and the shared environment.
    return tmp, _restricted(
        tmp, ROOT / "notebooks", NOTEBOOKS, allow=[], deny=[ROOT], export="hub-student-7"
    )


def test_hub_every_notebook_runs_from_a_read_only_course_folder(hub_run):
    _, result = hub_run
    assert (result["errors"], result["cells"] > len(NOTEBOOKS)) == ([], True)


def test_hub_nothing_is_written_into_the_course_folder(hub_run):
    _, result = hub_run
    assert result["blocked"] == []


def test_hub_progress_goes_to_the_users_home(hub_run):
    tmp, _ = hub_run
    assert (tmp / "home" / ".kneelib" / "progress.json").is_file()


def test_hub_export_goes_to_the_users_home(hub_run):
    tmp, result = hub_run
    path = tmp / "home" / "kneelib-results-hub-student-7.json"
    assert (path.is_file(), f"to {path}." in result["export_feedback"]) == (True, True)


# ---------------------------------------------------------------- the restriction harness itself
def test_harness_blocks_and_records_a_write_outside_the_allowed_folders(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    nb = _notebook(tmp_path / "w.ipynb", f"open({str(outside / 'x.txt')!r}, 'w').write('x')")
    result = _restricted(tmp_path, tmp_path / "home", [nb], allow=[], deny=[outside])
    assert (result["blocked"], [e[2] for e in result["errors"]]) == (
        [str(outside / "x.txt")],
        ["PermissionError"],
    )


def test_harness_refuses_threads_as_pyodide_does(tmp_path):
    nb = _notebook(tmp_path / "t.ipynb", "import threading\nthreading.Thread(target=print).start()")
    result = _restricted(tmp_path, tmp_path / "home", [nb], allow=[])
    assert [e[2:4] for e in result["errors"]] == [
        ["RuntimeError", "can't start new thread (threads are not available in Pyodide)"]
    ]


def test_harness_refuses_network_connections(tmp_path):
    nb = _notebook(
        tmp_path / "n.ipynb", "import socket\nsocket.create_connection(('127.0.0.1', 9))"
    )
    result = _restricted(tmp_path, tmp_path / "home", [nb], allow=[])
    assert [e[2:4] for e in result["errors"]] == [
        ["OSError", "network connections are not available in Pyodide"]
    ]


# ---------------------------------------------------------------- JupyterLite
@pytest.fixture(scope="module")
def lite_content(tmp_path_factory):
    content = tmp_path_factory.mktemp("lite") / "lite-content"
    build_lite.stage(content)
    return content


def test_lite_contents_have_every_notebook(lite_content):
    assert sorted(p.name for p in lite_content.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


def test_lite_contents_have_every_data_file(lite_content):
    assert (
        sorted(
            p.relative_to(lite_content / "data")
            for p in (lite_content / "data").rglob("*")
            if p.is_file()
        )
        == DATA_FILES
    )


def test_lite_contents_have_the_kneelib_package(lite_content):
    expected = sorted(p.relative_to(ROOT) for p in (ROOT / "kneelib").rglob("*.py"))
    assert (
        sorted(p.relative_to(lite_content) for p in (lite_content / "kneelib").rglob("*.py"))
        == expected
    )


def test_lite_notebooks_start_with_the_package_set_up_cell_and_lack_instructor_cells(lite_content):
    for path in lite_content.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        setup = [c for c in nb.cells if "lite-setup" in c.metadata.get("tags", [])]
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert (len(setup), nb.cells.index(setup[0]), "instructor" in tags) == (1, 1, False), (
            path.name
        )
        assert (
            "%pip install -q ipywidgets pyyaml pydantic matplotlib pandas filelock fsrs"
            in setup[0].source
        )


@pytest.fixture(scope="module")
def lite_run(lite_content, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pyodide")
    # Pyodide's writable places: the home folder (/home/pyodide), /tmp and the browser's file list (/drive).
    return _restricted(
        tmp,
        lite_content,
        sorted(lite_content.glob("*.ipynb")),
        allow=[lite_content],
        export="lite student",
    )


def test_lite_notebooks_run_without_threads_subprocesses_network_or_stray_writes(lite_run):
    assert (lite_run["errors"], lite_run["blocked"]) == ([], [])


def test_lite_notebooks_use_the_kneelib_copy_inside_the_site(lite_run, lite_content):
    assert lite_run["kneelib"] == str(lite_content / "kneelib" / "__init__.py")


def test_lite_export_lands_in_the_browser_file_list(lite_run, lite_content):
    assert (lite_content / "kneelib-results-lite-student.json").is_file()


@pytest.mark.delivery
def test_lite_build_contains_every_notebook_and_data_file(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lite.py"), "--build-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    files = tmp_path / "lite" / "files"
    assert sorted(p.name for p in files.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    assert (
        sorted(p.relative_to(files / "data") for p in (files / "data").rglob("*") if p.is_file())
        == DATA_FILES
    )
    config = json.loads((tmp_path / "lite" / "jupyter-lite.json").read_text())
    names = {e["name"] for e in config["jupyter-config-data"]["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= names


# ---------------------------------------------------------------- Voila
def test_voila_serves_the_start_page_with_widgets_and_without_code(tmp_path):
    with voila_page(ROOT / "notebooks" / "00-start-here.ipynb", tmp_path) as (page, _log):
        assert "Pain behind the knee on walking: start here" in page
        assert page.count("application/vnd.jupyter.widget-view+json") >= 2
        assert [s for s in ("from kneelib import", "show_quiz(", "Traceback") if s in page] == []


def test_makefile_has_the_delivery_targets():
    run = subprocess.run(
        ["make", "-n", "app", "lite", "student-edition", "test-delivery"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert (
        "voila" in run.stdout,
        "tools/build_lite.py" in run.stdout,
        "student-edition" in run.stdout,
        "-m delivery" in run.stdout,
    ) == (True, True, True, True)


# ---------------------------------------------------------------- facilitator guide
def test_facilitator_guide_covers_every_quiz_and_cites_known_references():
    import re

    from kneelib.content import load_question_bank, load_references

    guide = (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    prefixes = {quiz.questions[0].id.split("-")[0] for quiz in load_question_bank().values()}
    missing_quizzes = sorted(p for p in prefixes if f"(`{p}-`)" not in guide)
    refs = load_references()
    known = set(refs) if isinstance(refs, dict) else {r.id for r in refs}
    unknown = sorted(set(re.findall(r"\[@([a-z0-9-]+)\]", guide)) - known)
    assert (missing_quizzes, unknown) == ([], [])


def test_facilitator_guide_plans_add_up():
    guide = (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    half = guide.split("## Half-day workshop")[1].split("##")[0]
    full = guide.split("## Full-day workshop")[1].split("##")[0]
    minutes = lambda table: sum(
        int(row.rsplit("|", 2)[1])
        for row in table.splitlines()
        if row.startswith("|") and row.rsplit("|", 2)[1].strip().isdigit()
    )
    assert (minutes(half), minutes(full)) == (210, 500)
