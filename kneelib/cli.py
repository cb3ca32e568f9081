"""The command line for content authors and instructors: ``python -m kneelib ...``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import content
from .content.base import data_dir, kinds

__all__ = ["main", "write_schemas", "COMMANDS"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Check content files or data folders; print every problem, one a line."""
    paths = [Path(p) for p in args.paths] or None
    problems = content.validate_paths(paths)
    for problem in problems:
        print(problem)
    where = ", ".join(args.paths) if args.paths else str(data_dir())
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {where}", file=sys.stderr)
        return 1
    print(f"All content in {where} is valid.", file=sys.stderr)
    return 0


def schema_documents() -> dict[str, dict]:
    """JSON Schema of every registered content kind that has a model, by file name."""
    docs = {}
    for kind in kinds().values():
        if kind.model is None:
            continue
        schema = kind.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"kneelib {kind.name} ({kind.pattern})"
        docs[f"{kind.name}.schema.json"] = schema
    return docs


def write_schemas(folder: Path) -> list[Path]:
    """Write the JSON Schemas into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(schema_documents().items()):
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate data/schema/*.schema.json from the content models."""
    for path in write_schemas(Path(args.out) if args.out else data_dir() / "schema"):
        print(path)
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None]]] = {
    "validate": (cmd_validate, lambda p: p.add_argument("paths", nargs="*", help="files or data folders (default: the project's data/)")),
    "schema": (cmd_schema, lambda p: p.add_argument("--out", help="folder (default: data/schema)")),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kneelib", description="Tools for the posterior knee pain series.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (func, configure) in COMMANDS.items():
        p = sub.add_parser(name, help=(func.__doc__ or "").strip().splitlines()[0])
        configure(p)
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    return args.func(args)
