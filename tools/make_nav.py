#!/usr/bin/env python3
"""Generate the navigation lines, the contents page and each notebook's reference list.

Safe to re-run: generated cells are found by their tag and replaced.

    python tools/make_nav.py          # rewrite what is out of date
    python tools/make_nav.py --check  # exit 1 and list notebooks that are out of date

Generated text inside authors' cells:
- citations: authors write ``[@id]`` or ``[@id1; @id2]`` in markdown; each is
  rendered as short links to the notebook's reference list,
  ``([Handy 2001](#ref-handy-2001))``, and a rendered citation is read back as
  its ids on the next run, so authors may keep writing ids anywhere;
- the estimated time in the frame (``**Estimated time:** N minutes``), from the
  model in tools/reading_time.py.

Generated cells (by tag):
- ``nav-top`` / ``nav-bottom``: previous | contents | next, first and last cell;
- ``contents``: the table of notebooks in 00-start-here (title, time);
- ``references``: every id cited in the notebook's markdown, plus the sources
  that its ``show_*`` views declare they display (``kneelib.citing``), resolved
  in data/references.yaml. An unknown id is an error.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from reading_time import Estimate, count_words  # noqa: E402

from kneelib.content.base import ContentError, data_dir, kinds  # noqa: E402
from kneelib.content.references import load_references  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
GENERATED = ("nav-top", "nav-bottom", "contents", "references")
_ID = r"[a-z0-9][a-z0-9-]*"
#: An author's citation: [@id] or [@id1; @id2].
RAW_CITATION = re.compile(rf"\[@{_ID}(?:;\s*@{_ID})*\]")
#: A rendered citation: ([Handy 2001](#ref-handy-2001); [Ward et al. 2001](#ref-ward-2001)).
_LINK = rf"\[[^\[\]]+\]\(#ref-{_ID}\)"
RENDERED_CITATION = re.compile(rf"\({_LINK}(?:; {_LINK})*\)")
CITATION = re.compile(rf"{RAW_CITATION.pattern}|{RENDERED_CITATION.pattern}")
CITED_ID = re.compile(rf"@({_ID})|#ref-({_ID})")
TIME = re.compile(r"(\*\*Estimated time:\*\*\s*)(\d+)(\s*min)", re.I)
WIDGET_CALL = re.compile(r"\b(show_[a-z_]+)\(")
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
        parts.append(f"[Glossary]({START}#Glossary)")
    else:
        parts.append("[Glossary](#Glossary)")
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


def citation_ids(text: str) -> list[str]:
    """The reference ids of one citation, raw or rendered, in order."""
    return [a or b for a, b in CITED_ID.findall(text)]


def render_citations(markdown: str, refs: dict) -> str:
    """Every citation in a markdown text as short links to the reference list."""

    def one(match: re.Match) -> str:
        ids = citation_ids(match.group(0))
        links = [f"[{refs[i].short() if i in refs else i}](#ref-{i})" for i in ids]
        return "(" + "; ".join(links) + ")"

    return CITATION.sub(one, markdown)


def _calls(code: str) -> list[tuple[str, list, dict]]:
    """The ``show_*`` calls in a code cell: name, literal positional and keyword arguments."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return [(name, [], {}) for name in WIDGET_CALL.findall(code)]
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.startswith("show_"):
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                kwargs = {
                    k.arg: k.value.value
                    for k in node.keywords
                    if k.arg and isinstance(k.value, ast.Constant)
                }
                calls.append((name, args, kwargs))
    return calls


def estimate(nb) -> Estimate:
    """The estimated-time model's inputs for one notebook (tools/reading_time.py).

    ``show_quiz`` counts its file's items and ``show_case`` its case's steps; any other
    ``show_*`` call with a literal ``n=`` presents that many quiz items; every other
    ``show_*`` call counts as one widget.
    """
    words = sum(
        count_words(CITATION.sub(" ", c.source))
        for c in nb.cells
        if c.cell_type == "markdown" and not _generated(c)
    )
    registered = kinds()
    items = steps = cases = widgets = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for name, args, kwargs in _calls(cell.source):
            if name == "show_quiz" and args:
                file = data_dir() / "questions" / f"{args[0]}.yaml"
                items += len(registered["questions"].load(file).questions)
            elif name == "show_case" and args:
                steps += len(
                    registered["cases"].load(data_dir() / "cases" / f"{args[0]}.yaml").steps
                )
                cases += 1
            elif isinstance(kwargs.get("n"), int):
                items += kwargs["n"]
            else:
                widgets += 1
    return Estimate(words, items, steps, cases, widgets)


def with_time(markdown: str, minutes: int) -> str:
    """The frame's estimated-time line set to the model's figure."""
    return TIME.sub(lambda m: f"{m.group(1)}{minutes}{m.group(3)}", markdown)


def cited_ids(nb, path: Path) -> list[str]:
    """Reference ids in order of first use: markdown citations, then what the views declare.

    Every ``show_*`` call in a code cell is looked up in kneelib's public API and asked,
    with the call's literal arguments, which sources it displays (``kneelib.citing``).
    """
    import kneelib
    from kneelib.citing import declared_references

    ids: list[str] = []
    text_md = "\n".join(
        c.source for c in nb.cells if c.cell_type == "markdown" and not _generated(c)
    )
    for match in CITATION.finditer(text_md):
        ids += citation_ids(match.group(0))
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for name, args, kwargs in _calls(cell.source):
            if name not in kneelib.__all__:
                raise SystemExit(
                    f"{path.relative_to(ROOT)}: {name}: expected a show_* function of kneelib's "
                    "public API (kneelib.__all__), found none by that name"
                )
            ids += declared_references(getattr(kneelib, name), *args, **kwargs)
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
    refs = load_references()
    minutes = estimate(nb).rounded
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not _generated(cell):
            cell.source = with_time(render_citations(cell.source, refs), minutes)
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
        entries.append(Entry(p, _title(nb, p), estimate(nb).rounded))
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
