"""Diagnostic accuracy: data/diagnostic_accuracy.csv, one published estimate per row.

Columns (header line of the file):

    id, test, target_condition, population, reference_standard,
    sensitivity, sensitivity_ci_low, sensitivity_ci_high,
    specificity, specificity_ci_low, specificity_ci_high,
    references, note

* Sensitivity and specificity are fractions from 0 to 1 (0.85, not 85).
* A confidence interval is optional, but its two bounds come together, the
  lower is not above the upper, and the interval contains the estimate.
* ``references`` holds one or more reference ids separated by ``;``.
* ``note`` is optional free text (for example "figures for the whole
  examination, not this test alone").
* Ids are unique. Several rows may describe the same test when studies
  disagree: give each study its own row.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import field_validator, model_validator

from .base import (
    ContentError,
    Id,
    Model,
    Problem,
    RefIds,
    Text,
    cached_loader,
    display_name,
    duplicate_id_problems,
    load_csv_rows,
    model_from_raw,
    register_kind,
)

__all__ = ["ACCURACY_FILE", "COLUMNS", "AccuracyRow", "AccuracyTable", "load_accuracy"]

ACCURACY_FILE = "diagnostic_accuracy.csv"

COLUMNS: tuple[str, ...] = (
    "id",
    "test",
    "target_condition",
    "population",
    "reference_standard",
    "sensitivity",
    "sensitivity_ci_low",
    "sensitivity_ci_high",
    "specificity",
    "specificity_ci_low",
    "specificity_ci_high",
    "references",
    "note",
)

_FRACTIONS = (
    "sensitivity",
    "sensitivity_ci_low",
    "sensitivity_ci_high",
    "specificity",
    "specificity_ci_low",
    "specificity_ci_high",
)


class AccuracyRow(Model):
    """One published estimate of a test's sensitivity and specificity for one condition."""

    id: Id
    test: Text
    target_condition: Text
    population: Text
    reference_standard: Text
    sensitivity: float
    sensitivity_ci_low: float | None = None
    sensitivity_ci_high: float | None = None
    specificity: float
    specificity_ci_low: float | None = None
    specificity_ci_high: float | None = None
    references: RefIds
    note: Text | None = None

    @field_validator(*_FRACTIONS)
    @classmethod
    def _fraction(cls, value: float | None) -> float | None:
        if value is None:
            return value
        if math.isnan(value) or not 0.0 <= value <= 1.0:
            raise ValueError(
                f"expected a fraction from 0 to 1 (write 0.85, not 85), found {value:g}"
            )
        return value

    @field_validator("references")
    @classmethod
    def _referenced(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError(
                "expected at least one reference id (several separated by ';'), found an empty cell"
            )
        return value

    @model_validator(mode="after")
    def _intervals(self) -> AccuracyRow:
        for measure in ("sensitivity", "specificity"):
            estimate = getattr(self, measure)
            low = getattr(self, f"{measure}_ci_low")
            high = getattr(self, f"{measure}_ci_high")
            if (low is None) != (high is None):
                missing = f"{measure}_ci_low" if low is None else f"{measure}_ci_high"
                raise ValueError(
                    f"{missing}: expected both bounds of the interval or neither, found only one"
                )
            if low is None or high is None:
                continue
            if low > high:
                raise ValueError(
                    f"{measure}_ci_low: expected a lower bound not above the upper bound {high:g}, found {low:g}"
                )
            if not low <= estimate <= high:
                raise ValueError(
                    f"{measure}: expected an estimate inside its interval {low:g} to {high:g}, found {estimate:g}"
                )
        return self

    def likelihood_ratios(self) -> tuple[float, float]:
        """(positive LR, negative LR) from this row's point estimates."""
        from ..clinical.bayes import likelihood_ratios

        return likelihood_ratios(self.sensitivity, self.specificity)

    def interval(self, measure: str) -> tuple[float, float] | None:
        """The (low, high) confidence interval of 'sensitivity' or 'specificity', or None."""
        if measure not in ("sensitivity", "specificity"):
            raise ValueError(
                f"interval: measure: expected 'sensitivity' or 'specificity', found {measure!r}"
            )
        low = getattr(self, f"{measure}_ci_low")
        high = getattr(self, f"{measure}_ci_high")
        return None if low is None or high is None else (low, high)


class AccuracyTable(Model):
    """The whole accuracy file."""

    rows: tuple[AccuracyRow, ...]


def _raw_row(row: dict[Any, Any]) -> dict[str, Any]:
    """A CSV row as raw data: empty cells dropped (optional fields), references split on ';'."""
    raw: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            continue
        text = "" if value is None else str(value).strip()
        if key == "references":
            raw[key] = [part.strip() for part in text.split(";") if part.strip()]
        elif text != "":
            raw[key] = text
    return raw


def _load(path: Path) -> AccuracyTable:
    path = Path(path)
    name = display_name(path)
    rows = load_csv_rows(path)
    problems: list[Problem] = []
    header = _header(path)
    if header is not None and tuple(header) != COLUMNS:
        problems.append(
            Problem(
                name,
                "-",
                "header",
                "the columns " + ",".join(COLUMNS),
                ",".join(header) or "an empty line",
            )
        )
        raise ContentError(problems)
    for number, row in enumerate(rows, start=2):
        if None in row:
            ident = str(row.get("id") or f"line {number}")
            problems.append(
                Problem(
                    name,
                    ident,
                    "-",
                    f"{len(COLUMNS)} cells",
                    f"{len(COLUMNS) + len(row[None])} cells (a comma inside a text? quote it)",
                )
            )
    if problems:
        raise ContentError(problems)
    raw = {"rows": [_raw_row(row) for row in rows]}
    problems += duplicate_id_problems(
        [row for row in raw["rows"] if isinstance(row.get("id"), str)],
        name,
        "the accuracy table",
        id_of=lambda row: row["id"],
    )
    try:
        table = model_from_raw(raw, AccuracyTable, name)
    except ContentError as exc:
        raise ContentError(list(exc.problems) + problems) from None
    if problems:
        raise ContentError(problems)
    return table


def _header(path: Path) -> list[str] | None:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), None)


def load_accuracy(path: Path | str | None = None) -> tuple[AccuracyRow, ...]:
    """Every row of data/diagnostic_accuracy.csv (or ``path``), validated, in file order."""
    return _load_table(path).rows


_load_table = cached_loader(_load, ACCURACY_FILE, "the diagnostic accuracy table")


register_kind("accuracy", ACCURACY_FILE, _load, AccuracyTable)
