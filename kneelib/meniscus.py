"""Meniscal tear tests: pick the published accuracy rows and summarise them (pure, no widgets).

The rows live in data/diagnostic_accuracy.csv with ids starting ``men-``; each
row is one study's estimate, so a test can appear several times when studies
disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .content.accuracy import AccuracyRow, load_accuracy

__all__ = ["ROW_PREFIX", "SELECTIONS", "AccuracySummary", "meniscal_rows", "summarise_rows"]

ROW_PREFIX = "men-"

#: selection name -> (label, test filter, condition filter)
SELECTIONS: dict[str, str] = {
    "tests": "Examination tests, every study",
    "medial": "Examination tests, medial tears",
    "lateral": "Examination tests, lateral tears",
    "any-tear": "Examination tests, any tear (pooled or mixed studies)",
    "mri": "MRI, medial and lateral tears",
}


def meniscal_rows(
    selection: str = "tests", rows: Sequence[AccuracyRow] | None = None
) -> tuple[AccuracyRow, ...]:
    """The meniscal accuracy rows for a selection: 'tests', 'medial', 'lateral', 'any-tear' or 'mri'."""
    if selection not in SELECTIONS:
        raise ValueError(
            f"meniscal_rows: selection: expected one of {', '.join(repr(s) for s in SELECTIONS)}, found {selection!r}"
        )
    source = load_accuracy() if rows is None else rows
    mine = [r for r in source if r.id.startswith(ROW_PREFIX)]
    if selection == "mri":
        chosen = [r for r in mine if r.test == "MRI"]
    else:
        chosen = [r for r in mine if r.test != "MRI"]
        if selection == "medial":
            chosen = [r for r in chosen if r.target_condition.startswith("Medial")]
        elif selection == "lateral":
            chosen = [r for r in chosen if r.target_condition.startswith("Lateral")]
        elif selection == "any-tear":
            chosen = [r for r in chosen if not r.target_condition.startswith(("Medial", "Lateral"))]
    if not chosen:
        raise ValueError(
            f"meniscal_rows: no rows with ids starting '{ROW_PREFIX}' match the selection {selection!r}"
        )
    return tuple(chosen)


@dataclass(frozen=True)
class AccuracySummary:
    """One row in words and numbers: test, condition, sensitivity, specificity and likelihood ratios."""

    row_id: str
    test: str
    target_condition: str
    sensitivity: float
    specificity: float
    lr_positive: float
    lr_negative: float
    references: tuple[str, ...]


def summarise_rows(rows: Sequence[AccuracyRow]) -> tuple[AccuracySummary, ...]:
    """Likelihood ratios (from the point estimates) for each row, in the given order."""
    out = []
    for row in rows:
        lr_pos, lr_neg = row.likelihood_ratios()
        out.append(
            AccuracySummary(
                row.id,
                row.test,
                row.target_condition,
                row.sensitivity,
                row.specificity,
                lr_pos,
                lr_neg,
                tuple(row.references),
            )
        )
    return tuple(out)
