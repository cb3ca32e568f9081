"""The wheel works without the checkout: content and notebooks travel inside the package.

One test builds a wheel from a copy of the project, installs it into a fresh
virtual environment and, from a folder outside the checkout, validates the
content, loads every quiz and case, copies the notebooks out of the installed
package and executes one of them. It stays offline and fast: the wheel is built
without build isolation, the fresh environment reuses this environment's
installed dependencies through a .pth file (their .pth files, among them the
editable kneelib's, are not processed there, so the editable kneelib cannot
shadow the wheel: the test checks ``kneelib.__file__``), and the wheel is
installed with ``--no-deps --no-index``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What the build needs from the checkout (the rest, tests and tools, stays out of the wheel).
BUILD_INPUTS = ("kneelib", "data", "notebooks", "setup.py", "pyproject.toml", "README.md")
#: The notebook executed from the installed package (small, and it builds widgets and a quiz).
NOTEBOOK = "00-start-here.ipynb"


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed: (python, venv folder, wheel path, seconds taken)."""
    start = time.perf_counter()
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, source / name)
    wheels = base / "wheels"
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check"]
        + ["--no-deps", "--no-build-isolation", "--wheel-dir", str(wheels), str(source)]
    )
    (wheel,) = wheels.glob("kneelib-*.whl")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    fresh_site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    # This environment's dependencies, appended after the fresh site-packages.
    (fresh_site / "reuse-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)]
    )
    return python, venv, wheel, time.perf_counter() - start


def outside_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEELIB_", "PYTHON"))}
    env.update(
        HOME=str(tmp / "home"),
        KNEELIB_PROGRESS=str(tmp / "home" / "progress.json"),
        MPLBACKEND="Agg",
        JUPYTER_PLATFORM_DIRS="1",
    )
    (tmp / "home").mkdir(exist_ok=True)
    return env


def test_wheel_carries_the_content_and_the_notebooks(installed):
    _, _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = {
        "kneelib/data/" + p.relative_to(ROOT / "data").as_posix()
        for p in (ROOT / "data").rglob("*")
        if p.is_file()
    }
    notebooks = {f"kneelib/notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert data_files - names == set()
    assert notebooks - names == set()
    assert not any(n.startswith(("tests/", "tools/", "data/", "notebooks/")) for n in names)


def test_installed_wheel_validates_loads_and_runs_a_notebook_outside_the_checkout(
    installed, tmp_path
):
    python, venv, _, setup_seconds = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = outside_env(tmp_path)
    start = time.perf_counter()

    validate = run([str(python), "-m", "kneelib", "validate"], cwd=elsewhere, env=env)
    packaged = venv / "lib"
    assert validate.stdout == ""
    assert validate.stderr.startswith(f"All content in {packaged}")
    assert validate.stderr.rstrip().endswith("/site-packages/kneelib/data is valid.")

    script = textwrap.dedent(
        """
        import json, kneelib
        from kneelib.content import load_question_bank
        from kneelib.content.cases import case_ids, load_case
        bank = load_question_bank(include_tests=True)
        cases = [load_case(c).id for c in case_ids()]
        print(json.dumps({"file": kneelib.__file__, "quizzes": sorted(bank),
                          "questions": sum(len(q.questions) for q in bank.values()),
                          "cases": cases}))
        """
    )
    loaded = json.loads(run([str(python), "-c", script], cwd=elsewhere, env=env).stdout)
    assert loaded["file"].startswith(str(venv)), "the editable kneelib shadowed the wheel"
    # the question files, and the first-investigation vignettes, which join the graded bank
    assert loaded["quizzes"] == sorted(
        [*(p.stem for p in (ROOT / "data" / "questions").glob("*.yaml")), "first-investigation"]
    )
    assert loaded["cases"] == sorted(p.stem for p in (ROOT / "data" / "cases").glob("*.yaml"))
    assert loaded["questions"] > 0

    copied = run([str(python), "-m", "kneelib", "copy-notebooks", "course"], cwd=elsewhere, env=env)
    assert copied.stdout.startswith("11 notebooks copied from ")
    assert sorted(p.name for p in (elsewhere / "course").iterdir()) == sorted(
        p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")
    )
    execute = textwrap.dedent(
        f"""
        import nbformat
        from nbclient import NotebookClient
        nb = nbformat.read("course/{NOTEBOOK}", as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                       resources={{"metadata": {{"path": "course"}}}}).execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        print(len([c for c in nb.cells if c.cell_type == "code"]), len(errors))
        """
    )
    code_cells, errors = run([str(python), "-c", execute], cwd=elsewhere, env=env).stdout.split()
    assert int(code_cells) > 0
    assert errors == "0"
    print(
        f"wheel test: build + fresh venv + install {setup_seconds:.1f} s; "
        f"validate, load, copy and one notebook {time.perf_counter() - start:.1f} s"
    )
