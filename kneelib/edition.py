"""The student edition: a copy of the series without instructor material.

``python -m kneelib student-edition OUT_DIR`` copies every notebook of the
series into ``OUT_DIR`` and, in each copy:

- drops every cell tagged ``instructor`` (model answers, facilitator notes);
- clears outputs and execution counts;
- keeps only the cell metadata a student's Jupyter needs (``tags`` without
  ``instructor``, ``deletable``, ``editable``, ``jupyter``, ``collapsed``,
  ``scrolled``, ``slideshow``) and only the notebook metadata ``kernelspec`` and
  ``language_info``; anything else (grading metadata such as ``nbgrader``,
  instructor keys, widget state) is instructor-only by default and removed.

Other files in the series folder (images a notebook shows) are copied as they
are. Pure logic: no widgets, no printing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from .errors import KneelibError
from .files import atomic_write, write_text

__all__ = [
    "CELL_METADATA_KEPT",
    "INSTRUCTOR_TAG",
    "NOTEBOOK_METADATA_KEPT",
    "EditionError",
    "EditionReport",
    "build_student_edition",
    "edition_problems",
    "is_instructor_cell",
    "student_notebook",
    "tagged_cells",
]

INSTRUCTOR_TAG = "instructor"
CELL_METADATA_KEPT = (
    "tags",
    "deletable",
    "editable",
    "jupyter",
    "collapsed",
    "scrolled",
    "slideshow",
)
NOTEBOOK_METADATA_KEPT = ("kernelspec", "language_info")


class EditionError(KneelibError):
    """The student edition cannot be built (bad folder, unreadable notebook)."""


@dataclass(frozen=True)
class EditionReport:
    """What was written: per notebook, how many instructor cells were removed."""

    out_dir: Path
    removed: tuple[tuple[str, int], ...]
    copied_files: tuple[str, ...]

    @property
    def notebooks(self) -> tuple[str, ...]:
        """The notebook file names written."""
        return tuple(name for name, _ in self.removed)

    def text(self) -> str:
        """A few lines for the instructor."""
        total = sum(n for _, n in self.removed)
        lines = [
            f"{name}: {n} instructor cell{'s' if n != 1 else ''} removed"
            for name, n in self.removed
        ]
        lines.append(
            f"Student edition of {len(self.removed)} notebook{'s' if len(self.removed) != 1 else ''} "
            f"written to {self.out_dir} ({total} instructor cell{'s' if total != 1 else ''} removed)."
        )
        return "\n".join(lines)


def _tags(cell: Any) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def is_instructor_cell(cell: Any) -> bool:
    """True when the cell carries the ``instructor`` tag (any letter case)."""
    return any(t.strip().lower() == INSTRUCTOR_TAG for t in _tags(cell))


def _student_cell(cell: Any) -> Any:
    cell = nbformat.from_dict(dict(cell))
    meta = {k: v for k, v in cell.get("metadata", {}).items() if k in CELL_METADATA_KEPT}
    if "tags" in meta:
        tags = [t for t in _tags(cell) if t.strip().lower() != INSTRUCTOR_TAG]
        if tags:
            meta["tags"] = tags
        else:
            del meta["tags"]
    cell["metadata"] = nbformat.from_dict(meta)
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    return cell


def student_notebook(nb: Any) -> tuple[Any, int]:
    """A student copy of one notebook and the number of instructor cells removed."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise EditionError(
            f"student_notebook: expected a notebook with a list of cells, found {type(nb).__name__}"
        )
    kept = [_student_cell(c) for c in nb["cells"] if not is_instructor_cell(c)]
    copy = nbformat.from_dict({k: v for k, v in nb.items() if k not in ("cells", "metadata")})
    copy["metadata"] = nbformat.from_dict(
        {k: v for k, v in nb.get("metadata", {}).items() if k in NOTEBOOK_METADATA_KEPT}
    )
    copy["cells"] = kept
    return copy, len(nb["cells"]) - len(kept)


def _series(src: Path) -> list[Path]:
    return sorted(p for p in src.glob("*.ipynb") if not p.name.startswith("."))


def build_student_edition(src: Path | str, out_dir: Path | str) -> EditionReport:
    """Write the student edition of the notebooks in ``src`` into ``out_dir``; raises EditionError."""
    src, out = Path(src), Path(out_dir)
    if not src.is_dir():
        raise EditionError(
            f"student edition: expected a folder of notebooks, found no folder at {src}"
        )
    notebooks = _series(src)
    if not notebooks:
        raise EditionError(f"student edition: expected notebooks (*.ipynb) in {src}, found none")
    if out.resolve() == src.resolve():
        raise EditionError(
            f"student edition: expected an output folder other than the series itself, found {out}"
        )
    if out.exists() and not out.is_dir():
        raise EditionError(f"student edition: expected {out} to be a folder, found a file")
    out.mkdir(parents=True, exist_ok=True)
    removed = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several kinds; name the file
            raise EditionError(
                f"{path}: expected a Jupyter notebook, found unreadable content ({exc})"
            ) from None
        copy, n = student_notebook(nb)
        text = nbformat.writes(copy)
        write_text(out / path.name, text if text.endswith("\n") else text + "\n")
        removed.append((path.name, n))
    copied = []
    for path in sorted(src.iterdir()):
        if path.is_file() and path.suffix != ".ipynb" and not path.name.startswith("."):
            atomic_write(out / path.name, path.read_bytes())
            copied.append(path.name)
    return EditionReport(out, tuple(removed), tuple(copied))


def edition_problems(folder: Path | str) -> list[str]:
    """Everything in a student edition that should not be there (empty list when clean)."""
    problems = []
    for path in _series(Path(folder)):
        nb = nbformat.read(path, as_version=4)
        extra = sorted(set(nb.metadata) - set(NOTEBOOK_METADATA_KEPT))
        if extra:
            problems.append(
                f"{path.name}: notebook metadata: expected only {', '.join(NOTEBOOK_METADATA_KEPT)}, found {', '.join(extra)}"
            )
        for n, cell in enumerate(nb.cells, start=1):
            where = f"{path.name}: cell {n}"
            if is_instructor_cell(cell):
                problems.append(f"{where}: expected no '{INSTRUCTOR_TAG}' tag, found one")
            extra = sorted(set(cell.get("metadata", {})) - set(CELL_METADATA_KEPT))
            if extra:
                problems.append(
                    f"{where}: metadata: expected only {', '.join(CELL_METADATA_KEPT)}, found {', '.join(extra)}"
                )
            if cell.cell_type == "code" and (
                cell.get("outputs") or cell.get("execution_count") is not None
            ):
                problems.append(
                    f"{where}: expected no outputs, found outputs or an execution count"
                )
    return problems


def tagged_cells(paths: Iterable[Path]) -> dict[str, int]:
    """Number of instructor cells in each notebook (for reports and tests)."""
    return {
        Path(p).name: sum(is_instructor_cell(c) for c in nbformat.read(p, as_version=4).cells)
        for p in paths
    }
