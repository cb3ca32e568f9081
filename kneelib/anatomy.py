"""The popliteal fossa and the knee in gait: pure functions over data/anatomy/.

- ``structures_table`` gives the structures as a pandas DataFrame;
  ``get_structure`` finds one by id or name and, if it does not exist, raises
  an error that names the valid ones.
- ``gait_state(percent)`` gives, for a moment of the gait cycle, the knee angle
  from the published curve, the phase, stance or swing, and which posterior
  structures that phase loads. ``clamp_percent`` keeps any input inside the
  curve, so a slider can never reach an angle outside the data.

No widgets here: ``kneelib.widgets.anatomy`` is the view.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Real

from .content.anatomy import (
    LAYERS,
    Cause,
    GaitCurve,
    GaitPhase,
    GaitPhaseFile,
    Load,
    Structure,
    load_gait_curve,
    load_gait_phases,
    load_structures,
)
from .errors import InputError, KneelibError

__all__ = [
    "LAYERS",
    "GaitState",
    "Identification",
    "LoadedStructure",
    "UnknownStructureError",
    "angle_at",
    "causes",
    "check_identification",
    "clamp_percent",
    "curve_landmarks",
    "gait_state",
    "get_structure",
    "identification_order",
    "loads_at",
    "matching_pairs",
    "phase_at",
    "stance_swing_split",
    "structures_table",
]

#: The columns of ``structures_table``, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "layer",
    "region",
    "depth",
    "description",
    "relevance",
    "references",
)


class UnknownStructureError(KneelibError):
    """A structure name or id that is not in the structures table."""


@dataclass(frozen=True)
class LoadedStructure:
    """One posterior structure loaded at a moment of gait, with why and the sources."""

    structure_id: str
    name: str
    effect: str
    text: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class GaitState:
    """Everything the gait slider shows for one percent of the cycle."""

    percent: float
    angle_deg: float
    sd_deg: float
    exact: bool
    phase_id: str
    phase_name: str
    period: str
    phase_start: float
    phase_end: float
    summary: str
    loads: tuple[LoadedStructure, ...]
    references: tuple[str, ...]


# ------------------------------------------------------------------ structures


def structures_table(structures: Sequence[Structure] | None = None):
    """The structures as a pandas DataFrame, one row each, in file order (references joined by '; ')."""
    import pandas as pd

    rows = structures if structures is not None else load_structures()
    return pd.DataFrame(
        [
            {
                "id": s.id,
                "name": s.name,
                "layer": s.layer,
                "region": s.region or "",
                "depth": s.depth if s.depth is not None else pd.NA,
                "description": s.description,
                "relevance": s.relevance,
                "references": "; ".join(s.references),
            }
            for s in rows
        ],
        columns=list(TABLE_COLUMNS),
    ).astype({"depth": "Int64"})


def get_structure(name: str, structures: Sequence[Structure] | None = None) -> Structure:
    """The structure whose id or name matches ``name`` (case and spacing ignored)."""
    if not isinstance(name, str):
        raise TypeError(
            f"get_structure: expected a structure name (text), found {type(name).__name__}"
        )
    rows = structures if structures is not None else load_structures()
    wanted = " ".join(name.split()).casefold()
    for s in rows:
        if wanted in (s.id.casefold(), s.name.casefold()):
            return s
    valid = ", ".join(f"'{s.name}'" for s in rows)
    raise UnknownStructureError(f"No structure called '{name}'. Expected one of: {valid}.")


def matching_pairs(structures: Sequence[Structure] | None = None) -> tuple[tuple[str, str], ...]:
    """(structure name, layer) pairs, for an 'identify the structure' exercise."""
    rows = structures if structures is not None else load_structures()
    return tuple((s.name, s.layer) for s in rows)


# ------------------------------------------------------------------ identify the structure


@dataclass(frozen=True)
class Identification:
    """The verdict on one 'identify the structure' answer."""

    correct: bool
    revealed: bool
    target_id: str
    chosen_id: str
    message: str


def identification_order(
    key: str, structures: Sequence[Structure] | None = None
) -> tuple[str, ...]:
    """Structure ids in a shuffled order that is the same every time for the same ``key``."""
    import random

    if not isinstance(key, str):
        raise TypeError(f"identification_order: expected a key (text), found {type(key).__name__}")
    ids = [s.id for s in (structures if structures is not None else load_structures())]
    random.Random(key).shuffle(ids)
    return tuple(ids)


def check_identification(
    target_id: str,
    answer: str | None,
    attempt: int = 1,
    structures: Sequence[Structure] | None = None,
) -> Identification:
    """Judge an answer naming the highlighted structure; a hint first, the answer after two misses."""
    rows = structures if structures is not None else load_structures()
    target = get_structure(target_id, rows)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        raise InputError("Choose a structure from the list first.")
    chosen = get_structure(answer, rows)
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError(
            f"check_identification: attempt: expected a whole number from 1, found {attempt!r}"
        )
    if chosen.id == target.id:
        return Identification(
            True,
            True,
            target.id,
            chosen.id,
            f"It is the {target.name} (layer: {target.layer}). {target.description}",
        )
    where = f", {target.region}" if target.region else ""
    if attempt < 2:
        return Identification(
            False,
            False,
            target.id,
            chosen.id,
            f"It is not the {chosen.name}. Hint: the highlighted structure belongs to the "
            f"{target.layer} layer{where}. Try again.",
        )
    return Identification(
        False,
        True,
        target.id,
        chosen.id,
        f"It is not the {chosen.name}: it is the {target.name} (layer: {target.layer}). {target.description}",
    )


# ------------------------------------------------------------------ gait


def _check_number(percent: object, where: str) -> float:
    if isinstance(percent, bool) or not isinstance(percent, Real):
        raise TypeError(
            f"{where}: expected a percentage of the gait cycle (a number), found {type(percent).__name__}"
        )
    value = float(percent)
    if math.isnan(value):
        raise InputError(f"{where}: expected a percentage of the gait cycle, found NaN")
    return value


def clamp_percent(percent: float, curve: GaitCurve | None = None) -> float:
    """``percent`` moved inside the curve's range (0 to 100): the slider's guard."""
    curve = curve or load_gait_curve()
    value = _check_number(percent, "clamp_percent")
    low, high = curve.percents[0], curve.percents[-1]
    return min(max(value, low), high)


def _inside(percent: float, curve: GaitCurve, where: str) -> float:
    value = _check_number(percent, where)
    low, high = curve.percents[0], curve.percents[-1]
    if not low <= value <= high:
        raise InputError(
            f"{where}: expected a percentage of the gait cycle from {low:g} to {high:g}, found {value:g}"
        )
    return value


def angle_at(percent: float, curve: GaitCurve | None = None) -> tuple[float, float, bool]:
    """(mean angle, SD, exact) at ``percent``: a data point, or linear interpolation between two.

    ``exact`` is True when ``percent`` is one of the published points. The
    result always lies between the two neighbouring published values.
    """
    curve = curve or load_gait_curve()
    value = _inside(percent, curve, "angle_at")
    pcts, means, sds = curve.percents, curve.means, curve.sds
    for i, p in enumerate(pcts):
        if p == value:
            return means[i], sds[i], True
        if p > value:
            p0, p1 = pcts[i - 1], p
            t = (value - p0) / (p1 - p0)
            return (
                means[i - 1] + t * (means[i] - means[i - 1]),
                sds[i - 1] + t * (sds[i] - sds[i - 1]),
                False,
            )
    raise AssertionError("unreachable: percent is inside the curve")  # pragma: no cover


def phase_at(percent: float, phases: GaitPhaseFile | None = None) -> GaitPhase:
    """The phase containing ``percent``; a boundary belongs to the phase that starts there (100 to the last)."""
    phases = phases or load_gait_phases()
    value = _check_number(percent, "phase_at")
    first, last = phases.phases[0], phases.phases[-1]
    if not first.start <= value <= last.end:
        raise InputError(
            f"phase_at: expected a percentage of the gait cycle from {first.start:g} to {last.end:g}, found {value:g}"
        )
    for phase in phases.phases:
        if phase.start <= value < phase.end:
            return phase
    return last


def _structure_names(structures: Iterable[Structure]) -> dict[str, str]:
    return {s.id: s.name for s in structures}


def loads_at(
    percent: float,
    phases: GaitPhaseFile | None = None,
    structures: Sequence[Structure] | None = None,
) -> tuple[LoadedStructure, ...]:
    """The posterior structures loaded at ``percent``, with the effect, why and the sources."""
    phase = phase_at(percent, phases)
    names = _structure_names(structures if structures is not None else load_structures())
    return tuple(_loaded(load, names) for load in phase.loads)


def _loaded(load: Load, names: dict[str, str]) -> LoadedStructure:
    return LoadedStructure(
        load.structure,
        names.get(load.structure, load.structure),
        load.effect,
        load.text,
        load.references,
    )


def gait_state(
    percent: float,
    curve: GaitCurve | None = None,
    phases: GaitPhaseFile | None = None,
    structures: Sequence[Structure] | None = None,
) -> GaitState:
    """Angle, phase, stance/swing and loaded structures at ``percent`` of the gait cycle."""
    curve = curve or load_gait_curve()
    phases = phases or load_gait_phases()
    value = _inside(percent, curve, "gait_state")
    angle, sd, exact = angle_at(value, curve)
    phase = phase_at(value, phases)
    loads = loads_at(value, phases, structures)
    refs = tuple(
        dict.fromkeys(
            phases.curve.references
            + phase.references
            + tuple(r for ld in loads for r in ld.references)
        )
    )
    return GaitState(
        value,
        angle,
        sd,
        exact,
        phase.id,
        phase.name,
        phase.period,
        phase.start,
        phase.end,
        phase.summary,
        loads,
        refs,
    )


def stance_swing_split(phases: GaitPhaseFile | None = None) -> float:
    """The percent of the cycle where stance ends and swing begins (toe-off)."""
    phases = phases or load_gait_phases()
    for phase in phases.phases:
        if phase.period == "swing":
            return phase.start
    raise ValueError("stance_swing_split: expected at least one swing phase, found none")


def curve_landmarks(
    curve: GaitCurve | None = None, phases: GaitPhaseFile | None = None
) -> dict[str, tuple[float, float]]:
    """Landmarks read off the curve: {name: (percent, mean angle)}.

    initial_contact (0%), loading_peak (largest flexion in stance before mid
    stance ends), stance_minimum (smallest flexion in stance after that peak),
    toe_off (first swing percent on the curve), swing_peak (largest flexion in
    swing).
    """
    curve = curve or load_gait_curve()
    phases = phases or load_gait_phases()
    split = stance_swing_split(phases)
    mid_end = next((p.end for p in phases.phases if p.id == "mid-stance"), split)
    pts = list(zip(curve.percents, curve.means))
    early = [pt for pt in pts if pt[0] <= mid_end]
    loading_peak = max(early, key=lambda pt: pt[1])
    later_stance = [pt for pt in pts if loading_peak[0] <= pt[0] < split]
    stance_min = min(later_stance, key=lambda pt: pt[1])
    swing = [pt for pt in pts if pt[0] >= split]
    swing_peak = max(swing, key=lambda pt: pt[1])
    toe_off = min((pt for pt in pts if pt[0] >= split), key=lambda pt: pt[0])
    return {
        "initial_contact": pts[0],
        "loading_peak": loading_peak,
        "stance_minimum": stance_min,
        "toe_off": toe_off,
        "swing_peak": swing_peak,
    }


def causes(phases: GaitPhaseFile | None = None) -> tuple[Cause, ...]:
    """The seed causes and why walking aggravates each."""
    phases = phases or load_gait_phases()
    return phases.causes
