#!/usr/bin/env python3
"""Generate the navigation lines, the contents page and each notebook's reference list.

Safe to re-run: generated cells are found by their tag and replaced.

    python tools/make_nav.py          # rewrite what is out of date
    python tools/make_nav.py --check  # exit 1 and list notebooks that are out of date

Generated cells (by tag):
- ``nav-top`` / ``nav-bottom``: previous | contents | next, first and last cell;
- ``contents``: the table of notebooks in 00-start-here (title, time);
- ``references``: every ``[@id]`` cited in the notebook's markdown, plus the
  references of its quiz file and of the cases it shows, resolved in
  data/references.yaml. An unknown id is an error.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kneelib.content.base import ContentError, data_dir, iter_refs, kinds  # noqa: E402
from kneelib.content.references import load_references  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
GENERATED = ("nav-top", "nav-bottom", "contents", "references")
CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")
CASE_CALL = re.compile(r"show_case\(\s*[\"']([a-z0-9-]+)[\"']")
QUIZ_CALL = re.compile(r"show_quiz\(\s*[\"']([a-z0-9-]+)[\"']")
TIME = re.compile(r"\*\*Estimated time:\*\*\s*(\d+)\s*min", re.I)
START = "00-start-here.ipynb"


@dataclass
class Entry:
    path: Path
    title: str
    minutes: int | None


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _generated(cell) -> str | None:
    return next((t for t in _tags(cell) if t in GENERATED), None)


def _title(nb, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not _generated(cell):
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if first.startswith("# "):
                return first[2:].strip()
    raise SystemExit(f"{path.relative_to(ROOT)}: expected a '# Title' markdown cell, found none")


def _minutes(nb) -> int | None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = TIME.search(cell.source)
            if m:
                return int(m.group(1))
    return None


def _cell(tag: str, source: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = tag
    cell["metadata"] = {"tags": [tag], "editable": False, "deletable": False}
    return cell


def nav_line(entries: list[Entry], index: int) -> str:
    parts = []
    if index > 0:
        prev = entries[index - 1]
        parts.append(f"[← Previous: {prev.title}]({prev.path.name})")
    if entries[index].path.name != START:
        parts.append(f"[Contents]({START}#Contents)")
    if index + 1 < len(entries):
        nxt = entries[index + 1]
        parts.append(f"[Next: {nxt.title} →]({nxt.path.name})")
    return " | ".join(parts)


def contents(entries: list[Entry]) -> str:
    rows = ["## Contents", "", "| # | Notebook | Time |", "|---|---|---|"]
    for e in entries:
        num = e.path.name[:2]
        time = f"{e.minutes} min" if e.minutes else "–"
        rows.append(f"| {num} | [{e.title}]({e.path.name}) | {time} |")
    total = sum(e.minutes or 0 for e in entries)
    rows += ["", f"Total: about {total // 60} h {total % 60} min."]
    return "\n".join(rows)


def cited_ids(nb, path: Path) -> list[str]:
    """Reference ids in order of first use: markdown citations, then the quiz, then the cases."""
    ids: list[str] = []
    text_md = "\n".join(
        c.source for c in nb.cells if c.cell_type == "markdown" and not _generated(c)
    )
    text_code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    ids += CITATION.findall(text_md)
    registered = kinds()
    for topic in QUIZ_CALL.findall(text_code):
        ids += [
            r
            for _, _, r in iter_refs(
                registered["questions"].load(data_dir() / "questions" / f"{topic}.yaml")
            )
        ]
    for case_id in CASE_CALL.findall(text_code):
        case_file = data_dir() / "cases" / f"{case_id}.yaml"
        if "cases" in registered and case_file.exists():
            ids += [r for _, _, r in iter_refs(registered["cases"].load(case_file))]
    return list(dict.fromkeys(ids))


def references_cell(nb, path: Path) -> str:
    refs = load_references()
    ids = cited_ids(nb, path)
    unknown = [i for i in ids if i not in refs]
    if unknown:
        raise SystemExit(
            f"{path.relative_to(ROOT)}: expected reference ids from data/references.yaml, found unknown: {', '.join(unknown)}"
        )
    lines = ["## References", ""]
    lines += [f'- <a id="ref-{i}"></a>**{i}**: {refs[i].citation()}' for i in ids]
    if not ids:
        lines.append("No references are cited in this notebook.")
    return "\n".join(lines)


def render(path: Path, entries: list[Entry], index: int):
    """The notebook with its generated cells brought up to date."""
    nb = nbformat.read(path, as_version=4)
    body = [c for c in nb.cells if _generated(c) not in ("nav-top", "nav-bottom")]
    nav = nav_line(entries, index)
    new_cells = [_cell("nav-top", nav)]
    for cell in body:
        tag = _generated(cell)
        if tag == "contents":
            new_cells.append(_cell("contents", contents(entries)))
        elif tag == "references":
            new_cells.append(_cell("references", references_cell(nb, path)))
        else:
            new_cells.append(cell)
    if not any(_generated(c) == "references" for c in new_cells):
        new_cells.append(_cell("references", references_cell(nb, path)))
    new_cells.append(_cell("nav-bottom", nav))
    nb.cells = new_cells
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only report notebooks that are out of date"
    )
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    entries = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        entries.append(Entry(p, _title(nb, p), _minutes(nb)))
    stale = []
    try:
        for i, p in enumerate(paths):
            new = nbformat.writes(render(p, entries, i)) + "\n"
            if new != p.read_text(encoding="utf-8"):
                stale.append(p)
                if not args.check:
                    p.write_text(new, encoding="utf-8")
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    for p in stale:
        print(f"{p.relative_to(ROOT)}: {'out of date' if args.check else 'updated'}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
