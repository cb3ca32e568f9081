#!/usr/bin/env python3
"""Benchmark: `make bench`. What students wait for, and what a hub must hold; asserts nothing.

For every notebook, in a fresh kernel of its own:
  - the set-up cell (the first code cell, the one that imports kneelib): what a
    student waits for after pressing Run, on top of the kernel's own start;
  - Run All (every cell, the set-up cell included);
  - the kernel's memory (resident set size, RSS) after Run All.
The same is measured for a bare notebook whose one cell imports what kneelib's
views are built on (ipywidgets, pandas, matplotlib.pyplot), so that the
figures can be read against a floor kneelib cannot go below.

Then one line for hub administrators: "about N MB per student kernel", taken
from the largest kernel after Run All (rounded up to 10 MB), since a student
may open any notebook. And, in-process, validating all content in data/.

The kernels' own warnings (stderr) go to a log file, not to this output; its
path is printed only if a cell failed.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_SOURCE = "import ipywidgets, pandas, matplotlib.pyplot\n%matplotlib inline"


@dataclass(frozen=True)
class Run:
    """One notebook run in a fresh kernel."""

    name: str
    kernel_start: float
    setup_cell: float
    run_all: float
    rss_mb: float
    errors: int


def setup_index(nb: nbformat.NotebookNode) -> int:
    """The set-up cell: the first code cell that imports kneelib (else the first code cell)."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    return next((i for i in code if "kneelib" in nb.cells[i].source), code[0])


def run_notebook(nb: nbformat.NotebookNode, name: str, cwd: Path, log) -> Run:
    """Execute ``nb`` cell by cell in a fresh kernel; time the set-up cell and read the kernel's RSS."""
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=False,
        allow_errors=True,
    )
    setup = setup_index(nb)
    start = time.perf_counter()
    with client.setup_kernel(stderr=log, stdout=log):
        ready = time.perf_counter()
        setup_time = 0.0
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            t0 = time.perf_counter()
            client.execute_cell(cell, index, execution_count=count)
            if index == setup:
                setup_time = time.perf_counter() - t0
        done = time.perf_counter()
        rss = psutil.Process(client.km.provisioner.process.pid).memory_info().rss
    errors = sum(
        1
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    )
    return Run(name, ready - start, setup_time, done - ready, rss / 2**20, errors)


def bench_notebooks(log) -> tuple[list[Run], list[Run]]:
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    runs, bare = [], []
    for path in paths:
        # Alternate with the bare notebook so that load on the machine affects both alike.
        runs.append(run_notebook(nbformat.read(path, as_version=4), path.stem, path.parent, log))
        blank = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BARE_SOURCE)])
        bare.append(run_notebook(blank, "bare", path.parent, log))
    return runs, bare


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


def hub_line(runs: list[Run]) -> str:
    """The one line for hub administrators (the largest kernel, rounded up to 10 MB)."""
    largest = max(runs, key=lambda r: r.rss_mb)
    about = int(math.ceil(largest.rss_mb / 10) * 10)
    return (
        f"about {about} MB per student kernel (the largest of {len(runs)} notebook kernels after "
        f"Run All, {largest.name}: {largest.rss_mb:.0f} MB; median "
        f"{statistics.median(r.rss_mb for r in runs):.0f} MB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-notebooks", action="store_true", help="only the validation figure")
    args = parser.parse_args()
    os.environ.setdefault(
        "KNEELIB_PROGRESS", str(Path(tempfile.mkdtemp(prefix="kneelib-bench-")) / "progress.json")
    )
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # The debugger's note about frozen modules is a kernel warning, not a figure.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    print(f"kneelib benchmark on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    if not args.skip_notebooks:
        log_path = Path(tempfile.mkdtemp(prefix="kneelib-bench-")) / "kernels.log"
        with open(log_path, "w") as log:
            runs, bare = bench_notebooks(log)
        print(f"{'notebook':36} {'kernel start':>12} {'set-up cell':>12} {'Run All':>9} {'RSS':>8}")
        for r in runs:
            print(
                f"{r.name:36} {r.kernel_start:>10.2f} s {r.setup_cell:>10.2f} s "
                f"{r.run_all:>7.1f} s {r.rss_mb:>5.0f} MB"
                + (f"  ({r.errors} errors)" if r.errors else "")
            )
        bare_setup = statistics.median(b.setup_cell for b in bare)
        bare_rss = statistics.median(b.rss_mb for b in bare)
        print(
            f"{'bare (ipywidgets, pandas, pyplot)':36} "
            f"{statistics.median(b.kernel_start for b in bare):>10.2f} s {bare_setup:>10.2f} s "
            f"{statistics.median(b.run_all for b in bare):>7.1f} s {bare_rss:>5.0f} MB  (median of {len(bare)})"
        )
        slowest = max(runs, key=lambda r: r.setup_cell)
        total = sum(r.kernel_start + r.run_all for r in runs)
        total_bare = sum(b.kernel_start + b.run_all for b in bare)
        print(
            f"(a) set-up cell: median {statistics.median(r.setup_cell for r in runs):.2f} s, slowest "
            f"{slowest.setup_cell:.2f} s ({slowest.name}); the bare import takes {bare_setup:.2f} s"
        )
        print(
            f"(b) whole series: {total:.1f} s with kernel starts; {len(bare)} bare notebooks: "
            f"{total_bare:.1f} s; ratio {total / total_bare:.2f}"
        )
        print(f"(c) for hub administrators: {hub_line(runs)}")
        if any(r.errors for r in runs):
            print(f"  note: some cells failed; the kernels' output is in {log_path}")
    val, files = bench_validation(7)
    print(f"(d) validate all content ({files} files): {val * 1000:.0f} ms (target < 500 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
