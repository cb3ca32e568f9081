"""Anatomy and gait content: data/anatomy/*.

Three files, three content kinds:

- ``anatomy/structures.yaml``: the structures of the popliteal fossa, each with
  a layer, a drawing on the posterior-knee schematic, a description, its
  relevance to posterior knee pain and references.
- ``anatomy/gait_knee_flexion.csv``: a published normative knee flexion curve
  (percent of the gait cycle, mean and SD in degrees).
- ``anatomy/gait_phase_loads.yaml``: the gait phases (contiguous, 0-100%), the
  posterior structures each phase loads, and why each seed cause is aggravated
  by walking. Structure ids must exist in structures.yaml next to it.

Every mistake becomes one ``Problem`` line (file, item, field, expected, found).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import (
    ContentError,
    Id,
    Model,
    NonEmptyRefIds,
    Problem,
    Text,
    cached_loader,
    display_name,
    duplicate_id_problems,
    load_csv_rows,
    load_model,
    model_from_raw,
    register_kind,
)

__all__ = [
    "CURVE_COLUMNS",
    "EFFECTS",
    "LAYERS",
    "Cause",
    "CurveInfo",
    "CurvePoint",
    "Drawing",
    "GaitCurve",
    "GaitPhase",
    "GaitPhaseFile",
    "Load",
    "Structure",
    "StructureFile",
    "load_gait_curve",
    "load_gait_phases",
    "load_structures",
]

ANATOMY_DIR = "anatomy"
STRUCTURES_FILE = f"{ANATOMY_DIR}/structures.yaml"
CURVE_FILE = f"{ANATOMY_DIR}/gait_knee_flexion.csv"
PHASES_FILE = f"{ANATOMY_DIR}/gait_phase_loads.yaml"

#: Layers of the schematic, from the deepest to the most superficial drawing order.
LAYERS: tuple[str, ...] = ("floor", "joint", "bursa", "content", "boundary", "roof")
#: What a phase does to a structure.
EFFECTS: tuple[str, ...] = ("compressed", "active", "tensioned", "opened", "unloaded")
#: Columns of the gait curve CSV, in order.
CURVE_COLUMNS: tuple[str, ...] = (
    "percent_cycle",
    "flexion_mean_deg",
    "flexion_sd_deg",
    "mean_minus_1sd_deg",
    "mean_plus_1sd_deg",
)
#: Schematic coordinates must lie inside this square.
COORD_LIMIT = 2.0

Coordinate = Annotated[float, Field(ge=-COORD_LIMIT, le=COORD_LIMIT, strict=False)]
Point = tuple[Coordinate, Coordinate]


# ------------------------------------------------------------------ structures


class Drawing(Model):
    """How a structure is drawn: a line, a filled polygon or a set of small circles."""

    kind: Literal["line", "polygon", "circles"]
    points: tuple[Point, ...]
    width: Annotated[float, Field(gt=0, le=20)] = 2.0
    radius: Annotated[float, Field(gt=0, le=0.5)] = 0.05

    @model_validator(mode="after")
    def _enough_points(self) -> Drawing:
        needed = {"line": 2, "polygon": 3, "circles": 1}[self.kind]
        if len(self.points) < needed:
            raise ValueError(
                f"points: expected at least {needed} points for a {self.kind}, found {len(self.points)}"
            )
        return self


class Structure(Model):
    """One structure of the posterior knee."""

    id: Id
    name: Text
    layer: Literal["boundary", "roof", "floor", "content", "joint", "bursa"]
    region: Text | None = None
    depth: Annotated[int, Field(ge=1, le=9)] | None = None
    draw: Drawing
    label: Point
    description: Text
    relevance: Text
    references: NonEmptyRefIds

    def anchor(self) -> tuple[float, float]:
        """The point a label's leader line ends at: the middle point of the drawing."""
        pts = self.draw.points
        if self.draw.kind == "polygon":
            return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        return pts[len(pts) // 2]


class StructureFile(Model):
    """The whole structures file."""

    title: Text
    structures: tuple[Structure, ...] = Field(min_length=1)


def _structure_problems(record: StructureFile, name: str) -> list[Problem]:
    problems = duplicate_id_problems(record.structures, name, "structures")
    seen: dict[str, str] = {}
    for s in record.structures:
        key = s.name.casefold()
        if key in seen:
            problems.append(
                Problem(
                    name,
                    s.id,
                    "name",
                    "a name unique within structures",
                    f"'{s.name}' also used by '{seen[key]}'",
                )
            )
        seen.setdefault(key, s.id)
        if s.depth is not None and s.layer != "content":
            problems.append(
                Problem(
                    name,
                    s.id,
                    "depth",
                    "no depth (depth is for contents of the fossa)",
                    f"depth {s.depth} on a {s.layer}",
                )
            )
    depths = [s.depth for s in record.structures if s.depth is not None]
    for d in sorted(set(depths)):
        if depths.count(d) > 1:
            problems.append(
                Problem(
                    name,
                    "-",
                    "depth",
                    "each depth used once",
                    f"depth {d} used {depths.count(d)} times",
                )
            )
    return problems


def _load_structures(path: Path) -> StructureFile:
    path = Path(path)
    record = load_model(path, StructureFile)
    problems = _structure_problems(record, display_name(path))
    if problems:
        raise ContentError(problems)
    return record


# ------------------------------------------------------------------ gait curve


class CurvePoint(Model):
    """One row of the gait curve: percent of the cycle, mean and SD of knee flexion."""

    percent_cycle: Annotated[float, Field(ge=0, le=100)]
    flexion_mean_deg: Annotated[float, Field(ge=-30, le=120)]
    flexion_sd_deg: Annotated[float, Field(ge=0, le=60)]
    mean_minus_1sd_deg: float
    mean_plus_1sd_deg: float

    @model_validator(mode="after")
    def _bounds_agree(self) -> CurvePoint:
        lo = self.flexion_mean_deg - self.flexion_sd_deg
        hi = self.flexion_mean_deg + self.flexion_sd_deg
        if abs(lo - self.mean_minus_1sd_deg) > 1e-3 or abs(hi - self.mean_plus_1sd_deg) > 1e-3:
            raise ValueError(
                f"expected mean_minus_1sd_deg and mean_plus_1sd_deg equal to mean -/+ SD ({lo:.4f}, {hi:.4f}), "
                f"found {self.mean_minus_1sd_deg}, {self.mean_plus_1sd_deg}"
            )
        return self


class GaitCurve(Model):
    """A knee flexion curve over the whole gait cycle, 0 to 100%, percent strictly increasing."""

    points: tuple[CurvePoint, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _covers_cycle(self) -> GaitCurve:
        pcts = [p.percent_cycle for p in self.points]
        for before, after in zip(pcts, pcts[1:]):
            if after <= before:
                raise ValueError(
                    f"percent_cycle: expected strictly increasing values, found {after:g} after {before:g}"
                )
        if pcts[0] != 0 or pcts[-1] != 100:
            raise ValueError(
                f"percent_cycle: expected the curve to run from 0 to 100, found {pcts[0]:g} to {pcts[-1]:g}"
            )
        return self

    @property
    def percents(self) -> tuple[float, ...]:
        """The percent-of-cycle values, in order."""
        return tuple(p.percent_cycle for p in self.points)

    @property
    def means(self) -> tuple[float, ...]:
        """The mean flexion angles in degrees, in order."""
        return tuple(p.flexion_mean_deg for p in self.points)

    @property
    def sds(self) -> tuple[float, ...]:
        """The standard deviations in degrees, in order."""
        return tuple(p.flexion_sd_deg for p in self.points)


def _load_curve(path: Path) -> GaitCurve:
    import csv

    path = Path(path)
    name = display_name(path)
    rows = load_csv_rows(path)
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), None) or []
    if tuple(header) != CURVE_COLUMNS:
        raise ContentError(
            [
                Problem(
                    name,
                    "-",
                    "header",
                    "the columns " + ",".join(CURVE_COLUMNS),
                    ",".join(header) or "an empty line",
                )
            ]
        )
    problems: list[Problem] = []
    points = []
    for line, row in enumerate(rows, start=2):
        item = f"line {line}"
        if None in row:
            problems.append(
                Problem(
                    name,
                    item,
                    "-",
                    f"{len(CURVE_COLUMNS)} cells",
                    f"{len(CURVE_COLUMNS) + len(row[None])} cells",
                )
            )
            continue
        values = {}
        for column in CURVE_COLUMNS:
            text = (row.get(column) or "").strip()
            try:
                number = float(text)
            except ValueError:
                problems.append(
                    Problem(name, item, column, "a number", repr(text) if text else "an empty cell")
                )
                continue
            if not math.isfinite(number):
                problems.append(Problem(name, item, column, "a finite number", text))
                continue
            values[column] = number
        if len(values) == len(CURVE_COLUMNS):
            points.append(values)
    if problems:
        raise ContentError(problems)
    return model_from_raw({"points": points}, GaitCurve, name)


# ------------------------------------------------------------------ phases


class Load(Model):
    """What one phase does to one structure, and why (with sources)."""

    structure: Id
    effect: Literal["compressed", "active", "tensioned", "opened", "unloaded"]
    text: Text
    references: NonEmptyRefIds


class GaitPhase(Model):
    """One phase of the gait cycle, from ``start`` to ``end`` percent."""

    id: Id
    name: Text
    period: Literal["stance", "swing"]
    start: Annotated[float, Field(ge=0, le=100)]
    end: Annotated[float, Field(ge=0, le=100)]
    summary: Text
    references: NonEmptyRefIds
    loads: tuple[Load, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> GaitPhase:
        if self.end <= self.start:
            raise ValueError(
                f"end: expected a value above start ({self.start:g}), found {self.end:g}"
            )
        return self


class CurveInfo(Model):
    """Which curve file the phases go with, whose gait it is, and its source."""

    file: Text
    population: Text
    speed: Text
    label: Text
    references: NonEmptyRefIds


class Cause(Model):
    """A seed cause of posterior knee pain and why walking aggravates it."""

    id: Id
    name: Text
    structures: tuple[Id, ...] = Field(min_length=1)
    text: Text
    references: NonEmptyRefIds


class GaitPhaseFile(Model):
    """The whole gait phase loads file."""

    title: Text
    curve: CurveInfo
    phases: tuple[GaitPhase, ...] = Field(min_length=1)
    causes: tuple[Cause, ...] = ()


def _phase_problems(
    record: GaitPhaseFile, name: str, structure_ids: set[str] | None
) -> list[Problem]:
    problems = duplicate_id_problems(record.phases, name, "phases") + duplicate_id_problems(
        record.causes, name, "causes"
    )
    phases = record.phases
    if phases[0].start != 0:
        problems.append(
            Problem(
                name, phases[0].id, "start", "the first phase to start at 0", f"{phases[0].start:g}"
            )
        )
    if phases[-1].end != 100:
        problems.append(
            Problem(
                name, phases[-1].id, "end", "the last phase to end at 100", f"{phases[-1].end:g}"
            )
        )
    for before, after in zip(phases, phases[1:]):
        if after.start != before.end:
            kind = "a gap" if after.start > before.end else "an overlap"
            problems.append(
                Problem(
                    name,
                    after.id,
                    "start",
                    f"{before.end:g} (where '{before.id}' ends)",
                    f"{after.start:g} ({kind})",
                )
            )
    periods = [p.period for p in phases]
    if "swing" in periods and "stance" in periods[periods.index("swing") :]:
        first_swing = phases[periods.index("swing")]
        problems.append(
            Problem(
                name,
                first_swing.id,
                "period",
                "every stance phase before every swing phase",
                "a stance phase after a swing phase",
            )
        )
    if structure_ids is not None:
        for phase in phases:
            for position, load in enumerate(phase.loads, start=1):
                if load.structure not in structure_ids:
                    problems.append(
                        Problem(
                            name,
                            phase.id,
                            f"loads.#{position}.structure",
                            f"a structure id from {STRUCTURES_FILE}",
                            f"'{load.structure}'",
                        )
                    )
        for cause in record.causes:
            for sid in cause.structures:
                if sid not in structure_ids:
                    problems.append(
                        Problem(
                            name,
                            cause.id,
                            "structures",
                            f"a structure id from {STRUCTURES_FILE}",
                            f"'{sid}'",
                        )
                    )
    return problems


def _load_phases(path: Path) -> GaitPhaseFile:
    path = Path(path)
    record = load_model(path, GaitPhaseFile)
    sibling = path.parent / "structures.yaml"
    structure_ids: set[str] | None = None
    if sibling.exists():
        try:
            structure_ids = {s.id for s in _load_structures(sibling).structures}
        except ContentError:
            structure_ids = None  # reported when structures.yaml itself is validated
    problems = _phase_problems(record, display_name(path), structure_ids)
    if not (path.parent / record.curve.file).exists():
        problems.append(
            Problem(
                display_name(path),
                "curve",
                "file",
                f"a CSV file next to {path.name}",
                f"'{record.curve.file}' (no such file)",
            )
        )
    if problems:
        raise ContentError(problems)
    return record


# ------------------------------------------------------------------ loaders


_structures = cached_loader(_load_structures, STRUCTURES_FILE, "an existing file")
_curve = cached_loader(_load_curve, CURVE_FILE, "an existing file")
_phases = cached_loader(_load_phases, PHASES_FILE, "an existing file")


def load_structures(path: Path | str | None = None) -> tuple[Structure, ...]:
    """Every structure in data/anatomy/structures.yaml (or ``path``), validated, in file order."""
    return _structures(path).structures


def load_gait_curve(path: Path | str | None = None) -> GaitCurve:
    """The normative knee flexion curve of data/anatomy/gait_knee_flexion.csv (or ``path``)."""
    return _curve(path)


def load_gait_phases(path: Path | str | None = None) -> GaitPhaseFile:
    """The phases, loads and causes of data/anatomy/gait_phase_loads.yaml (or ``path``)."""
    return _phases(path)


register_kind("anatomy-structures", STRUCTURES_FILE, _load_structures, StructureFile)
register_kind("anatomy-gait-curve", CURVE_FILE, _load_curve, GaitCurve)
register_kind("anatomy-gait-phases", PHASES_FILE, _load_phases, GaitPhaseFile)
