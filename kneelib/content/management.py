"""Management options by diagnosis: data/management.yaml, read by ``kneelib.plans``.

Each diagnosis rates every option once: first-line, needs-information,
not-indicated or harmful, with a reason and references. A rating may change
for a particular patient (a fact such as true mechanical locking, or the NSAID
checker's verdict); the first override that applies wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator

from .base import (
    Id,
    Model,
    NonEmptyRefIds,
    Problem,
    Text,
    cached_loader,
    data_dir,
    duplicate_id_problems,
    load_checked,
    register_kind,
)

__all__ = [
    "RATINGS",
    "Diagnosis",
    "ManagementFile",
    "OptionRating",
    "Override",
    "PatientFact",
    "PlanOption",
    "load_management",
    "management_path",
]

RatingWord = Literal["first-line", "needs-information", "not-indicated", "harmful"]
#: The four ratings, best first.
RATINGS: tuple[str, ...] = ("first-line", "needs-information", "not-indicated", "harmful")


class PlanOption(Model):
    """A management option a student can put in a plan."""

    id: Id
    text: Text
    group: Literal["immediate", "long-term", "urgent"]


class PatientFact(Model):
    """A fact about the patient that can change a rating (for example true mechanical locking)."""

    id: Id
    text: Text


class Override(Model):
    """A patient-specific change of rating: when a fact is present, or for an NSAID verdict."""

    if_fact: Id | None = None
    if_nsaid: Literal["reasonable", "caution", "avoid", "unknown"] | None = None
    rating: RatingWord
    reason: Text
    references: NonEmptyRefIds

    @model_validator(mode="after")
    def _one_condition(self) -> Override:
        given = [n for n in ("if_fact", "if_nsaid") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(f"expected exactly one of 'if_fact' or 'if_nsaid', found {len(given)}")
        return self


class OptionRating(Model):
    """The rating of one or more options for one diagnosis."""

    options: Annotated[tuple[Id, ...], Field(min_length=1)]
    rating: RatingWord
    reason: Text
    references: NonEmptyRefIds
    essential: StrictBool = False
    overrides: tuple[Override, ...] = ()


class Diagnosis(Model):
    """A diagnosis with a rating for every option."""

    id: Id
    name: Text
    group: Literal["cause", "red-flag"]
    summary: Text
    references: NonEmptyRefIds
    ratings: Annotated[tuple[OptionRating, ...], Field(min_length=1)]


class ManagementFile(Model):
    """The whole management file."""

    options: Annotated[tuple[PlanOption, ...], Field(min_length=2)]
    patient_facts: tuple[PatientFact, ...] = ()
    diagnoses: Annotated[tuple[Diagnosis, ...], Field(min_length=1)]


def _problems(record: ManagementFile, name: str) -> list[Problem]:
    problems = duplicate_id_problems(record.options, name, "options")
    problems += duplicate_id_problems(record.patient_facts, name, "patient_facts")
    problems += duplicate_id_problems(record.diagnoses, name, "diagnoses")
    options = [o.id for o in record.options]
    facts = [f.id for f in record.patient_facts]
    for dx in record.diagnoses:
        seen: dict[str, int] = {}
        for rating in dx.ratings:
            for oid in rating.options:
                if oid not in options:
                    problems.append(
                        Problem(
                            name,
                            dx.id,
                            "ratings.options",
                            f"one of the option ids ({', '.join(options)})",
                            f"'{oid}'",
                        )
                    )
                seen[oid] = seen.get(oid, 0) + 1
            for ov in rating.overrides:
                if ov.if_fact is not None and ov.if_fact not in facts:
                    problems.append(
                        Problem(
                            name,
                            dx.id,
                            "ratings.overrides.if_fact",
                            f"one of the patient_facts ids ({', '.join(facts) or 'none'})",
                            f"'{ov.if_fact}'",
                        )
                    )
        twice = sorted(o for o, n in seen.items() if n > 1)
        if twice:
            problems.append(
                Problem(
                    name,
                    dx.id,
                    "ratings",
                    "each option rated once",
                    f"{', '.join(twice)} rated more than once",
                )
            )
        missing = [o for o in options if o not in seen]
        if missing:
            problems.append(
                Problem(
                    name,
                    dx.id,
                    "ratings",
                    "a rating for every option",
                    f"no rating for {', '.join(missing)}",
                )
            )
    return problems


def _load(path: Path) -> ManagementFile:
    return load_checked(path, ManagementFile, _problems)


def management_path() -> Path:
    """data/management.yaml."""
    return data_dir() / "management.yaml"


#: Load and validate the management options (data/management.yaml by default); raises ContentError.
load_management = cached_loader(_load, "management.yaml", "the management file")


register_kind("management", "management.yaml", _load, ManagementFile)
