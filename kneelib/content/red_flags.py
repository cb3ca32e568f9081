"""Red flags: data/red_flags.yaml, the findings that ``kneelib.clinical.triage`` sorts.

The file names four urgency levels (most urgent first), the findings a student
can tick (each with its level, the condition it points to, the reason and the
references), combinations of findings that are more urgent together than
alone, and the advice given when no red flag is present.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator

from .base import (
    Id,
    Model,
    NonEmptyRefIds,
    Problem,
    RefIds,
    Text,
    cached_loader,
    duplicate_id_problems,
    load_checked,
    register_kind,
)

__all__ = [
    "LEVELS",
    "RED_FLAGS_FILE",
    "Combination",
    "Finding",
    "FindingName",
    "Level",
    "NoRedFlag",
    "RedFlagFile",
    "UrgencyLevel",
    "load_red_flags",
]

RED_FLAGS_FILE = "red_flags.yaml"

#: The four levels, most urgent first.
LEVELS: tuple[str, ...] = ("emergency", "urgent", "routine", "self-care")
UrgencyLevel = Literal["emergency", "urgent", "routine", "self-care"]

#: A finding name as used in code: lower case, digits and underscores (``calf_swelling``).
FindingName = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9_]*$")]


class Level(Model):
    """One urgency level: what it is called and where the patient goes."""

    id: UrgencyLevel
    label: Text
    where: Text
    references: RefIds = ()


class Finding(Model):
    """A finding a clinician may record, with the level it calls for and why."""

    id: FindingName
    label: Text
    level: UrgencyLevel
    suspect: Text
    reason: Text
    references: NonEmptyRefIds


class Combination(Model):
    """Findings that together call for a more urgent level than each alone."""

    id: Id
    all_of: tuple[FindingName, ...]
    level: UrgencyLevel
    suspect: Text
    reason: Text
    references: NonEmptyRefIds

    @model_validator(mode="after")
    def _two_or_more(self) -> Combination:
        if len(self.all_of) < 2:
            raise ValueError(f"all_of: expected at least 2 finding names, found {len(self.all_of)}")
        return self


class NoRedFlag(Model):
    """What ``triage`` says when none of the findings is a red flag."""

    reason: Text
    references: NonEmptyRefIds


class RedFlagFile(Model):
    """The whole red-flags file."""

    levels: tuple[Level, ...]
    findings: tuple[Finding, ...]
    combinations: tuple[Combination, ...] = ()
    no_red_flag: NoRedFlag


def _problems(record: RedFlagFile, name: str) -> list[Problem]:
    problems: list[Problem] = []
    order = tuple(level.id for level in record.levels)
    if order != LEVELS:
        problems.append(
            Problem(
                name,
                "-",
                "levels",
                "the levels " + ", ".join(LEVELS) + " in that order",
                ", ".join(order) or "none",
            )
        )
    problems += duplicate_id_problems(record.findings, name, "findings")
    problems += duplicate_id_problems(record.combinations, name, "combinations")
    known = {f.id for f in record.findings}
    for combo in record.combinations:
        for finding in combo.all_of:
            if finding not in known:
                problems.append(
                    Problem(name, combo.id, "all_of", "a finding id from this file", f"'{finding}'")
                )
    return problems


def _load(path: Path) -> RedFlagFile:
    return load_checked(path, RedFlagFile, _problems)


#: The red-flag findings, levels and combinations (data/red_flags.yaml by default).
load_red_flags = cached_loader(_load, RED_FLAGS_FILE, "the red-flag findings file")


register_kind("red_flags", RED_FLAGS_FILE, _load, RedFlagFile)
