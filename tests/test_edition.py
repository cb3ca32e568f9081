"""The student edition: instructor cells and metadata are gone, outputs cleared, notebooks still run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kneelib.edition import (
    EditionError,
    build_student_edition,
    edition_problems,
    is_instructor_cell,
    student_notebook,
    tagged_cells,
)

ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "tests" / "fixtures" / "edition"
REAL = ROOT / "notebooks"


def _nbval(folder: Path, *names: str) -> subprocess.CompletedProcess:
    targets = [str(folder / n) for n in names] or [str(folder)]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--nbval-lax",
            "--rootdir",
            str(folder),
            *targets,
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


@pytest.fixture
def edition(tmp_path):
    out = tmp_path / "student"
    return build_student_edition(SERIES, out)


def test_fixture_series_has_instructor_cells_to_remove():
    assert tagged_cells(sorted(SERIES.glob("*.ipynb"))) == {
        "00-first.ipynb": 3,
        "01-second.ipynb": 0,
    }


def test_student_notebook_drops_every_cell_tagged_instructor_in_any_case():
    nb = nbformat.read(SERIES / "00-first.ipynb", as_version=4)
    copy, removed = student_notebook(nb)
    assert (removed, len(copy.cells)) == (3, 5)
    assert [is_instructor_cell(c) for c in copy.cells] == [False] * 5


def test_student_notebook_clears_outputs_and_execution_counts():
    copy, _ = student_notebook(nbformat.read(SERIES / "00-first.ipynb", as_version=4))
    code = [c for c in copy.cells if c.cell_type == "code"]
    assert [(c.outputs, c.execution_count) for c in code] == [([], None), ([], None)]


def test_student_notebook_keeps_navigation_tags_and_lock_flags():
    copy, _ = student_notebook(nbformat.read(SERIES / "00-first.ipynb", as_version=4))
    assert dict(copy.cells[0].metadata) == {
        "tags": ["nav-top"],
        "deletable": False,
        "editable": False,
    }


def test_student_notebook_strips_grading_metadata_from_kept_cells():
    copy, _ = student_notebook(nbformat.read(SERIES / "00-first.ipynb", as_version=4))
    assert dict(copy.cells[3].metadata) == {"collapsed": False}


def test_student_notebook_keeps_only_kernel_and_language_metadata():
    copy, _ = student_notebook(nbformat.read(SERIES / "00-first.ipynb", as_version=4))
    assert sorted(copy.metadata) == ["kernelspec", "language_info"]


def test_student_notebook_leaves_the_original_untouched():
    nb = nbformat.read(SERIES / "00-first.ipynb", as_version=4)
    student_notebook(nb)
    assert (len(nb.cells), "kneelib_instructor" in nb.metadata) == (8, True)


def test_student_notebook_refuses_something_that_is_not_a_notebook():
    with pytest.raises(
        EditionError,
        match="^student_notebook: expected a notebook with a list of cells, found list$",
    ):
        student_notebook([])


def test_no_instructor_text_survives_in_the_written_files(edition):
    text = "".join(p.read_text(encoding="utf-8") for p in edition.out_dir.glob("*.ipynb"))
    assert [
        s
        for s in (
            "SECRET_ANSWER",
            "Model answer",
            "Facilitator note",
            "answer_key",
            "nbgrader",
            "widget-state",
        )
        if s in text
    ] == []


def test_written_edition_passes_the_edition_check(edition):
    assert edition_problems(edition.out_dir) == []


def test_edition_check_finds_each_kind_of_leftover_in_the_source():
    assert edition_problems(SERIES) == [
        "00-first.ipynb: notebook metadata: expected only kernelspec, language_info, found kneelib_instructor, widgets",
        "00-first.ipynb: cell 3: expected no outputs, found outputs or an execution count",
        "00-first.ipynb: cell 4: expected no 'instructor' tag, found one",
        "00-first.ipynb: cell 5: expected no 'instructor' tag, found one",
        "00-first.ipynb: cell 5: metadata: expected only tags, deletable, editable, jupyter, collapsed, scrolled, slideshow, found nbgrader",
        "00-first.ipynb: cell 6: expected no 'instructor' tag, found one",
        "00-first.ipynb: cell 7: metadata: expected only tags, deletable, editable, jupyter, collapsed, scrolled, slideshow, found nbgrader",
        "01-second.ipynb: cell 3: expected no outputs, found outputs or an execution count",
    ]


def test_report_counts_removed_cells_per_notebook(edition):
    assert edition.removed == (("00-first.ipynb", 3), ("01-second.ipynb", 0))


def test_other_files_of_the_series_are_copied(edition):
    assert (edition.copied_files, (edition.out_dir / "diagram.txt").exists()) == (
        ("diagram.txt",),
        True,
    )


def test_output_folder_must_differ_from_the_series():
    with pytest.raises(
        EditionError, match="expected an output folder other than the series itself"
    ):
        build_student_edition(SERIES, SERIES)


def test_missing_series_folder_is_named(tmp_path):
    with pytest.raises(EditionError, match=f"found no folder at {tmp_path / 'nope'}$"):
        build_student_edition(tmp_path / "nope", tmp_path / "out")


def test_folder_without_notebooks_is_refused(tmp_path):
    with pytest.raises(EditionError, match=r"expected notebooks \(\*\.ipynb\) in .*, found none$"):
        build_student_edition(tmp_path, tmp_path / "out")


def test_command_line_writes_the_edition_and_reports(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kneelib",
            "student-edition",
            str(tmp_path / "out"),
            "--source",
            str(SERIES),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (run.returncode, run.stdout.splitlines()[-1]) == (
        0,
        f"Student edition of 2 notebooks written to {tmp_path / 'out'} (3 instructor cells removed).",
    )


def test_command_line_reports_a_bad_source_without_traceback(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kneelib",
            "student-edition",
            str(tmp_path / "out"),
            "--source",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (run.returncode, run.stderr.strip()) == (
        1,
        f"student edition: expected a folder of notebooks, found no folder at {tmp_path / 'x'}",
    )


def test_fixture_student_edition_runs_under_nbval(edition):
    run = _nbval(edition.out_dir)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "3 passed" in run.stdout


# ---------------------------------------------------------------- the real series
@pytest.fixture(scope="module")
def real_edition(tmp_path_factory):
    return build_student_edition(REAL, tmp_path_factory.mktemp("real") / "student")


def test_real_series_edition_has_every_notebook(real_edition):
    assert real_edition.notebooks == tuple(p.name for p in sorted(REAL.glob("*.ipynb")))


def test_real_series_edition_passes_the_edition_check(real_edition):
    assert edition_problems(real_edition.out_dir) == []


def test_real_series_edition_keeps_every_student_code_cell_unchanged(real_edition):
    def code(path: Path, student: bool) -> list[str]:
        cells = nbformat.read(path, as_version=4).cells
        return [
            c.source
            for c in cells
            if c.cell_type == "code" and not (student and is_instructor_cell(c))
        ]

    assert {n: code(real_edition.out_dir / n, False) for n in real_edition.notebooks} == {
        n: code(REAL / n, True) for n in real_edition.notebooks
    }


@pytest.mark.delivery  # a kernel per notebook: run by `make test-delivery`
def test_real_series_notebooks_that_lost_cells_still_run_under_nbval(real_edition):
    # Notebooks that lost no cell have the same code cells as the originals (test above),
    # which `make test` already runs under nbval; the ones that changed are run here.
    changed = [name for name, n in real_edition.removed if n] or [real_edition.notebooks[0]]
    run = _nbval(real_edition.out_dir, *changed)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
