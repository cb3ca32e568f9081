"""The command line for content authors and instructors: ``python -m kneelib ...``."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import content, resources
from .content.base import data_dir, kinds
from .errors import KneelibError
from .files import atomic_write, write_json

__all__ = ["COMMANDS", "main", "write_schemas"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Check content files or data folders; print every problem, one a line."""
    paths = [Path(p) for p in args.paths] or None
    problems = content.validate_paths(paths)
    for problem in problems:
        print(problem)
    where = ", ".join(args.paths) if args.paths else str(resources.data_dir())
    if problems:
        print(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {where}",
            file=sys.stderr,
        )
        return 1
    print(f"All content in {where} is valid.", file=sys.stderr)
    return 0


def cmd_lint_items(args: argparse.Namespace) -> int:
    """Check question items for flaws that let a test-wise student guess; print a summary per file."""
    from .items import lint_paths

    report = lint_paths([Path(p) for p in args.paths] or None)
    for problem in report.problems:
        print(problem)
    for flaw in report.flaws:
        print(flaw)
    if report.summaries:
        print("Summary:")
        for summary in report.summaries:
            print(f"  {summary.line()}")
        if len(report.summaries) > 1:
            print(f"  {report.total().line()}")
    failing = report.errors(strict=args.strict)
    warnings = len(report.flaws) - len(report.errors())
    counts = (
        f"{len(report.errors())} error{'s' if len(report.errors()) != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    where = ", ".join(args.paths) if args.paths else str(data_dir())
    if report.problems:
        print(
            f"{len(report.problems)} content problem{'s' if len(report.problems) != 1 else ''} "
            f"in {where}: run validate",
            file=sys.stderr,
        )
        return 1
    if failing:
        mode = " (--strict: warnings count as errors)" if args.strict else ""
        print(f"Items in {where}: {counts}{mode}.", file=sys.stderr)
        return 1
    print(f"Items in {where}: {counts}.", file=sys.stderr)
    return 0


def _args_lint_items(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        help="question files, first_investigation.yaml or data folders (default: the project's data/)",
    )
    p.add_argument("--strict", action="store_true", help="count every warning as an error")


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
        write_json(path, schema, indent=2)
        written.append(path)
    return written


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate data/schema/*.schema.json from the content models."""
    for path in write_schemas(Path(args.out) if args.out else data_dir() / "schema"):
        print(path)
    return 0


def cmd_case_report(args: argparse.Namespace) -> int:
    """Print each case's shape: plays, endings, the shortest best play, open red flags, longest best options."""
    from .cases import case_report, report_totals
    from .content.base import ContentError
    from .content.cases import case_ids, load_case

    loaded = []
    status = 0
    for case_id in args.cases or case_ids():
        try:
            case = load_case(case_id)
        except ContentError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        loaded.append(case)
        print("\n".join(case_report(case)))
    if loaded:
        print("\n".join(report_totals(loaded)))
    return status


# ---------------------------------------------------------------- instructors
def _series_folder() -> Path:
    return resources.notebooks_dir()


def cmd_copy_notebooks(args: argparse.Namespace) -> int:
    """Copy the series (notebooks 00-10) into a folder, e.g. for a JupyterHub image."""
    source = resources.notebooks_dir()
    notebooks = sorted(source.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        print(
            f"copy-notebooks: expected the notebooks in {resources.missing_folder_message('notebooks')}, found none",
            file=sys.stderr,
        )
        return 1
    out = Path(args.dir)
    if out.exists() and not out.is_dir():
        print(f"copy-notebooks: {out}: expected a folder, found a file", file=sys.stderr)
        return 1
    if out.is_dir() and any(out.iterdir()) and not args.force:
        print(
            f"copy-notebooks: {out}: expected an empty or new folder, found one that is not empty "
            "(add --force to overwrite the notebooks in it)",
            file=sys.stderr,
        )
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        atomic_write(out / path.name, path.read_bytes())
    print(f"{len(notebooks)} notebooks copied from {source} to {out}.")
    return 0


def cmd_student_edition(args: argparse.Namespace) -> int:
    """Write the student edition: the notebooks without instructor cells, outputs cleared."""
    from .edition import EditionError, build_student_edition, edition_problems

    try:
        report = build_student_edition(
            Path(args.source) if args.source else _series_folder(), Path(args.out_dir)
        )
    except EditionError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = edition_problems(report.out_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(report.text())
    return 1 if problems else 0


def cmd_gradebook(args: argparse.Namespace) -> int:
    """Merge students' export files into the gradebook, item analysis, learning gain and calibration."""
    from .content import load_question_bank
    from .content.questions import load_test_forms
    from .figures.gain import gain_figure
    from .figures.items import item_analysis_figure
    from .files import write_text
    from .gain import cohort_gain, student_gain
    from .results import (
        COUNTED,
        calibration_table,
        gain_table,
        gradebook_table,
        item_analysis,
        item_table,
        merge_exports,
        retention_table,
        write_csv,
    )

    files: list[Path] = []
    for name in args.files:
        path = Path(name)
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    merge = merge_exports(files)
    print(merge.report())
    if not merge.students:
        print("No usable export file: nothing written.", file=sys.stderr)
        return 1
    bank = load_question_bank(include_tests=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    header, rows, notes = gradebook_table(merge, bank)
    for note in notes:
        print(f"note: {note}")
    stats = item_analysis(merge, bank)
    written = [
        write_csv(out / "gradebook.csv", header, rows),
        write_csv(out / "item-analysis.csv", *item_table(stats)),
    ]
    png = io.BytesIO()
    item_analysis_figure(stats).savefig(png, format="png", dpi=120)
    atomic_write(out / "item-analysis.png", png.getvalue())
    written.append(out / "item-analysis.png")
    flagged = [s for s in stats if s.flags]
    print(f"{len(stats)} questions analysed, {len(flagged)} flagged for review.")
    forms = load_test_forms()
    if "pre-test" in forms and "post-test" in forms:
        pre, post = forms["pre-test"], forms["post-test"]
        written.append(write_csv(out / "learning-gain.csv", *gain_table(merge, pre, post)))
        cohort = cohort_gain(student_gain(s.attempts, pre, post) for s in merge.students.values())
        whole = cohort[-1]
        line = f"learning gain: {whole.students} student{'s' if whole.students != 1 else ''} took both tests"
        if whole.students:
            g = "g undefined (pre = max)" if whole.gain is None else f"g = {whole.gain:.2f}"
            line += f"; whole test {whole.mean_pre:.1f} -> {whole.mean_post:.1f} of {whole.maximum}, {g}"
        print(line)
        gain_figure(cohort).savefig(out / "learning-gain.png", dpi=120)
        written.append(out / "learning-gain.png")
    else:
        print("learning gain: no pre-test and post-test forms in data/questions; not written.")
    written.append(write_csv(out / "calibration.csv", *calibration_table(merge)))
    written.append(write_csv(out / "retention.csv", *retention_table(merge)))
    counted = out / "gradebook-README.txt"
    write_text(
        counted,
        "Which attempts each file counts:\n"
        + "".join(f"- {name}: {what}.\n" for name, what in COUNTED.items()),
    )
    written.append(counted)
    print("Attempts counted:")
    for name, what in COUNTED.items():
        print(f"  {name}: {what}")
    for path in written:
        print(f"written: {path}")
    return 0


def _export_bank(out: str, render: Callable[[dict], str | bytes], what: str) -> int:
    """Render the whole bank, write it atomically to ``out`` and say how many questions went where."""
    from .content import load_question_bank

    bank = load_question_bank()
    data = render(bank)
    atomic_write(out, data.encode("utf-8") if isinstance(data, str) else data)
    print(f"{sum(len(q.questions) for q in bank.values())} questions written to {out} ({what}).")
    return 0


def cmd_export_gift(args: argparse.Namespace) -> int:
    """Export the whole question bank to Moodle GIFT."""
    from .lms import to_gift

    return _export_bank(args.out, to_gift, "Moodle GIFT")


def cmd_export_qti(args: argparse.Namespace) -> int:
    """Export the whole question bank to a QTI 1.2 package (Canvas and other platforms)."""
    from .lms import LmsError, to_qti_zip

    try:
        return _export_bank(args.out, to_qti_zip, "QTI 1.2 package for Canvas and other platforms")
    except LmsError as exc:
        print(exc, file=sys.stderr)
        return 1


def cmd_due(args: argparse.Namespace) -> int:
    """Print the question ids due for review, one a line, most overdue first."""
    from datetime import datetime, timezone

    from .progress import default_progress_path, read_progress
    from .schedule import build_schedule

    path = Path(args.progress) if args.progress else default_progress_path()
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            print(
                f"--at: expected an ISO date and time such as 2026-03-02T09:00:00+00:00, found '{args.at}'",
                file=sys.stderr,
            )
            return 2
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    else:
        at = datetime.now(timezone.utc)
    try:
        _student, records = read_progress(path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    from .content import load_question_bank

    # Only questions of the teaching bank come back for review: not the pre- and post-test
    # forms, nor questions since removed from the bank (as show_today).
    bank = {q.id for quiz in load_question_bank().values() for q in quiz.questions}
    for card in build_schedule(records).due(at):
        if card.item in bank:
            print(card.item)
    return 0


def _args_due(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress",
        help="a progress file (default: $KNEELIB_PROGRESS or ~/.kneelib/progress.json)",
    )
    p.add_argument(
        "--at", help="the moment to ask about, ISO 8601 (default: now; no offset means UTC)"
    )


def cmd_export_moodle(args: argparse.Namespace) -> int:
    """Export the whole question bank to Moodle XML (every type, ordering questions included)."""
    from .lms import to_moodle_xml

    return _export_bank(args.out, to_moodle_xml, "Moodle XML")


def cmd_export_anki(args: argparse.Namespace) -> int:
    """Export the whole question bank as an Anki deck (.apkg), one note per question."""
    try:
        from .anki import write_anki_package
    except ImportError:
        print("export-anki needs the genanki package: pip install 'kneelib[lms]'", file=sys.stderr)
        return 1
    from .content import load_question_bank

    count = write_anki_package(load_question_bank(), args.out)
    print(f"{count} notes written to {args.out} (Anki deck; import it with File > Import).")
    return 0


def _args_student_edition(p: argparse.ArgumentParser) -> None:
    p.add_argument("out_dir", help="folder to write the student notebooks into")
    p.add_argument("--source", help="folder of the series (default: the project's notebooks/)")


def _args_copy_notebooks(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", help="folder to copy the notebooks into (new or empty)")
    p.add_argument(
        "--force", action="store_true", help="overwrite notebooks in a folder that is not empty"
    )


def _args_gradebook(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", help="students' kneelib-results-*.json files, or folders holding them"
    )
    p.add_argument(
        "--out",
        default=".",
        help="folder for gradebook.csv, item-analysis.csv/.png, learning-gain.csv/.png, calibration.csv, retention.csv (default: here)",
    )


def cmd_sync(args: argparse.Namespace) -> int:
    """Send every answer still waiting for the workshop's learning record store."""
    from .lrs import Outbox, Workshop, flush, saved_workshop
    from .progress import default_progress_path

    progress = Path(args.progress) if args.progress else default_progress_path()
    workshop = Workshop.from_env() or saved_workshop(progress)
    outbox = Outbox(progress)
    if workshop is None:
        waiting = len(outbox.pending())
        print(
            f"No workshop is set (KNEELIB_LRS_URL and KNEELIB_LRS_AUTH, or a join code); "
            f"{waiting} statement{'s' if waiting != 1 else ''} waiting in {outbox.path}.",
            file=sys.stderr,
        )
        return 1
    report = flush(workshop, outbox)
    print(
        f"{report.sent} sent, {report.rejected} set aside as refused by the store, "
        f"{report.waiting} still waiting ({outbox.path})."
    )
    if report.notice:
        print(report.notice, file=sys.stderr)
    return 0 if report.waiting == 0 else 1


COMMANDS: dict[
    str, tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None]]
] = {
    "validate": (
        cmd_validate,
        lambda p: p.add_argument(
            "paths", nargs="*", help="files or data folders (default: the project's data/)"
        ),
    ),
    "lint-items": (cmd_lint_items, _args_lint_items),
    "schema": (cmd_schema, lambda p: p.add_argument("--out", help="folder (default: data/schema)")),
    "case-report": (
        cmd_case_report,
        lambda p: p.add_argument("cases", nargs="*", help="case ids (default: every case)"),
    ),
    "student-edition": (cmd_student_edition, _args_student_edition),
    "copy-notebooks": (cmd_copy_notebooks, _args_copy_notebooks),
    "gradebook": (cmd_gradebook, _args_gradebook),
    "due": (cmd_due, _args_due),
    "export-gift": (
        cmd_export_gift,
        lambda p: p.add_argument("out", help="file to write, e.g. kneelib.gift"),
    ),
    "export-moodle": (
        cmd_export_moodle,
        lambda p: p.add_argument("out", help="file to write, e.g. bank.xml"),
    ),
    "export-qti": (
        cmd_export_qti,
        lambda p: p.add_argument("out", help="file to write, e.g. kneelib-qti.zip"),
    ),
    "sync": (
        cmd_sync,
        lambda p: p.add_argument(
            "--progress",
            help="progress file (default: $KNEELIB_PROGRESS or ~/.kneelib/progress.json)",
        ),
    ),
    "export-anki": (
        cmd_export_anki,
        lambda p: p.add_argument("out", help="file to write, e.g. kneelib.apkg"),
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (1 with the message on stderr for a KneelibError)."""
    parser = argparse.ArgumentParser(
        prog="python -m kneelib", description="Tools for the posterior knee pain series."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (func, configure) in COMMANDS.items():
        p = sub.add_parser(name, help=(func.__doc__ or "").strip().splitlines()[0])
        configure(p)
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KneelibError as exc:
        # A message written for the reader (content problem, unusable file): no traceback.
        print(exc, file=sys.stderr)
        return 1
