#!/usr/bin/env python3
"""Benchmark: `make bench`. Prints figures for this machine; asserts nothing.

(a) executing every notebook in a fresh kernel, against the same number of
    bare notebooks that only import ipywidgets, pandas and matplotlib
    (target: ratio <= 1.3);
(b) `import kneelib` in a fresh interpreter, against importing its
    dependencies (target: ratio <= 1.1); and, stricter, (b') kneelib with every
    public name resolved (every submodule: content models, widgets, figures);
(c) validating all content in data/, in-process after imports (target < 0.5 s).

Each figure is the median of several runs; notebooks are run alternately with
their bare counterparts so that load on the machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_SOURCE = "import ipywidgets, pandas, matplotlib.pyplot\n%matplotlib inline"
DEPENDENCIES = "import ipywidgets, pandas, matplotlib.figure, yaml, pydantic"


def run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=False,
    ).execute()
    return time.perf_counter() - start


def bench_notebooks(repeat: int) -> tuple[float, float, int]:
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BARE_SOURCE)])
    series, baseline = [], []
    for _ in range(repeat):
        total_nb = total_bare = 0.0
        for path in paths:
            total_nb += run_notebook(nbformat.read(path, as_version=4), path.parent)
            total_bare += run_notebook(
                nbformat.v4.new_notebook(cells=list(bare.cells)), path.parent
            )
        series.append(total_nb)
        baseline.append(total_bare)
    return statistics.median(series), statistics.median(baseline), len(paths)


def time_command(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_validation(repeat: int) -> tuple[float, int]:
    from kneelib.content import validate_paths
    from kneelib.content.base import data_dir, kinds

    validate_paths()  # warm: imports and lazily built validators
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        problems = validate_paths()
        times.append(time.perf_counter() - start)
    files = sum(len(list(data_dir().glob(k.pattern))) for k in kinds().values())
    if problems:
        print(f"  note: validation found {len(problems)} problem(s)")
    return statistics.median(times), files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of the notebook benchmark (default 1)"
    )
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault(
        "KNEELIB_PROGRESS", str(Path(tempfile.mkdtemp(prefix="kneelib-bench-")) / "progress.json")
    )
    os.environ.setdefault("MPLBACKEND", "Agg")

    print(f"kneelib benchmark on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    if not args.skip_notebooks:
        nb, bare, n = bench_notebooks(args.repeat)
        print(
            f"(a) {n} notebooks: {nb:.1f} s; {n} bare notebooks: {bare:.1f} s; ratio {nb / bare:.2f} (target <= 1.3)"
        )
    deps = time_command(DEPENDENCIES, 7)
    kl = time_command("import kneelib", 7)
    full = time_command("import kneelib; [getattr(kneelib, n) for n in kneelib.__all__]", 7)
    print(
        f"(b) import kneelib: {kl * 1000:.0f} ms; import its dependencies: {deps * 1000:.0f} ms; ratio {kl / deps:.2f} (target <= 1.1)"
    )
    print(
        f"(b') kneelib with all {len(__import__('kneelib').__all__)} public names: {full * 1000:.0f} ms; ratio {full / deps:.2f} to the dependencies"
    )
    val, files = bench_validation(7)
    print(f"(c) validate all content ({files} files): {val * 1000:.0f} ms (target < 500 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
