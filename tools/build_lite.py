#!/usr/bin/env python3
"""Build the JupyterLite site of the series (``make lite``): a static folder any web server can serve.

    python tools/build_lite.py              # -> build/lite (serve with: python -m http.server -d build/lite)
    python tools/build_lite.py --stage-only # only write build/lite-content (what the site will contain)

Contents of the site (flat, so that ``import kneelib`` works from the notebooks'
folder in the browser and ``kneelib`` finds ``data/`` next to itself):

    00-start-here.ipynb ...   the student edition (no instructor cells), each with
                              one extra first cell, tagged ``lite-setup``, that
                              installs the packages kneelib needs in Pyodide and
                              points the results export at the browser's file list
    kneelib/                  the package's Python files
    data/                     every content file

The build itself needs no internet. Running the site does: the Pyodide runtime
and its packages (pydantic, PyYAML, matplotlib, pandas, ipywidgets, filelock, and fsrs
from PyPI) are fetched by the browser on first use.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kneelib.edition import build_student_edition  # noqa: E402

#: Packages a notebook's kernel needs in Pyodide (all in the Pyodide distribution or pure Python).
LITE_PACKAGES = ("ipywidgets", "pyyaml", "pydantic", "matplotlib", "pandas", "filelock", "fsrs")
SETUP_TAG = "lite-setup"
SETUP_SOURCE = (
    "# Browser version (JupyterLite): run this cell first. It needs the internet once, to fetch the packages.\n"
    f"%pip install -q {' '.join(LITE_PACKAGES)}\n"
    "import os\n"
    'os.environ.setdefault("KNEELIB_EXPORT_DIR", os.getcwd())  # exported results appear in the file list'
)


def _setup_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(SETUP_SOURCE)
    cell.metadata["tags"] = [SETUP_TAG]
    return cell


def stage(content: Path) -> list[Path]:
    """Write the site's contents into ``content`` (emptied first); return the notebooks written."""
    if content.exists():
        shutil.rmtree(content)
    report = build_student_edition(ROOT / "notebooks", content)
    notebooks = []
    for name in report.notebooks:
        path = content / name
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(
            1 if nb.cells and "nav-top" in nb.cells[0].metadata.get("tags", []) else 0,
            _setup_cell(),
        )
        nbformat.write(nb, path)
        notebooks.append(path)
    shutil.copytree(
        ROOT / "kneelib", content / "kneelib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    shutil.copytree(ROOT / "data", content / "data", ignore=shutil.ignore_patterns("__pycache__"))
    return notebooks


def build(content: Path, output: Path) -> None:
    """Run ``jupyter lite build`` on the staged contents; raises CalledProcessError with its output."""
    lite_dir = content.parent / "lite-src"
    lite_dir.mkdir(parents=True, exist_ok=True)
    jupyter = Path(sys.executable).with_name("jupyter")
    # --no-sourcemaps: the debugging maps are two thirds of the site and no student needs them.
    subprocess.run(
        [
            str(jupyter),
            "lite",
            "build",
            "--lite-dir",
            str(lite_dir),
            "--contents",
            str(content),
            "--output-dir",
            str(output),
            "--no-sourcemaps",
        ],
        check=True,
        cwd=lite_dir,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build-dir",
        default=str(ROOT / "build"),
        help="where lite-content/ and lite/ go (default: build/)",
    )
    parser.add_argument(
        "--stage-only", action="store_true", help="write the contents folder only, no site"
    )
    args = parser.parse_args(argv)
    build_dir = Path(args.build_dir)
    content, output = build_dir / "lite-content", build_dir / "lite"
    started = time.monotonic()
    notebooks = stage(content)
    print(f"{len(notebooks)} notebooks, kneelib/ and data/ staged in {content}")
    if args.stage_only:
        return 0
    if output.exists():
        shutil.rmtree(output)
    try:
        build(content, output)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(
            f"JupyterLite build failed: {exc}. Install the tools with: pip install -e '.[delivery]'",
            file=sys.stderr,
        )
        return 1
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(
        f"JupyterLite site written to {output} ({size / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s."
    )
    print(f"Serve it with: python -m http.server --directory {output} 8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
