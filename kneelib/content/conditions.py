"""Conditions: data/conditions.yaml, the features a clinician compares."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .base import (
    ContentError,
    Id,
    Model,
    NonEmptyRefIds,
    Text,
    cached_loader,
    display_name,
    duplicate_id_problems,
    load_model,
    register_kind,
)

__all__ = ["FEATURES", "Condition", "ConditionFile", "Feature", "Features", "load_conditions"]


class Feature(Model):
    """One cell of the comparison table: text backed by references."""

    text: Text
    references: NonEmptyRefIds


class Features(Model):
    """The nine features compared across conditions."""

    typical_age: Feature
    onset: Feature
    location: Feature
    swelling: Feature
    mechanical_symptoms: Feature
    aggravating_factors: Feature
    key_examination: Feature
    first_test: Feature
    first_line_treatment: Feature


#: Feature names in display order.
FEATURES: tuple[str, ...] = tuple(Features.model_fields)


class Condition(Model):
    """A cause, red flag or mimic of posterior knee pain."""

    id: Id
    name: Text
    group: Literal["cause", "red-flag", "mimic"]
    features: Features


class ConditionFile(Model):
    """The whole conditions file."""

    conditions: tuple[Condition, ...]


def _load(path: Path) -> ConditionFile:
    record = load_model(path, ConditionFile)
    problems = duplicate_id_problems(record.conditions, display_name(path), "conditions")
    if problems:
        raise ContentError(problems)
    return record


def load_conditions(path: Path | None = None) -> tuple[Condition, ...]:
    """Every condition in data/conditions.yaml, in file order."""
    return _load_cached(path).conditions


_load_cached = cached_loader(_load, "conditions.yaml", "the conditions file")


register_kind("conditions", "conditions.yaml", _load, ConditionFile)
