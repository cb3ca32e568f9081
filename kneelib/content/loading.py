"""Tendon loading: data/loading.yaml, the pain-monitoring rule, the stages and a sample programme."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt

from .base import (
    Id,
    Model,
    NonEmptyRefIds,
    Problem,
    Text,
    cached_loader,
    duplicate_id_problems,
    load_checked,
    register_kind,
)

__all__ = [
    "LOADING_FILE",
    "MORNING_RESPONSES",
    "Criterion",
    "EvidenceNote",
    "LoadingFile",
    "PainMonitoring",
    "SampleProgramme",
    "SampleWeek",
    "Stage",
    "load_loading",
]

LOADING_FILE = "loading.yaml"

#: The next-morning responses a session can have.
MORNING_RESPONSES: tuple[str, ...] = ("settled", "not settled", "not yet known")

#: A pain score: a whole or decimal number from 0 to 10 (text such as "3" is refused).
PainScore = Annotated[StrictInt | StrictFloat, Field(ge=0, le=10)]


class Criterion(Model):
    """One criterion of the pain-monitoring model, in words, with its source."""

    id: Id
    text: Text
    references: NonEmptyRefIds


class PainMonitoring(Model):
    """The pain-monitoring model: the limits a session's pain must respect."""

    name: Text
    scale: Text
    max_pain_during: PainScore
    max_pain_after: PainScore
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]
    references: NonEmptyRefIds


class EvidenceNote(Model):
    """A short cited statement (here: the limits of the evidence)."""

    text: Text
    references: NonEmptyRefIds


class Stage(Model):
    """A loading stage and the band of teaching levels it covers."""

    id: Id
    name: Text
    aim: Text
    examples: Text
    first_level: Annotated[StrictInt, Field(ge=1)]
    last_level: Annotated[StrictInt, Field(ge=1)]
    references: NonEmptyRefIds


class SampleWeek(Model):
    """One week of an invented patient's pain responses."""

    week: Annotated[StrictInt, Field(ge=1)]
    pain_during: PainScore
    pain_after: PainScore
    morning: Literal["settled", "not settled", "not yet known"]
    worse_than_last_week: StrictBool


class SampleProgramme(Model):
    """A sample programme: weekly responses that the rule turns into decisions."""

    title: Text
    note: Text
    start_level: Annotated[StrictInt, Field(ge=1)]
    weeks: Annotated[tuple[SampleWeek, ...], Field(min_length=1)]


class LoadingFile(Model):
    """The whole loading file."""

    pain_monitoring: PainMonitoring
    evidence_limits: EvidenceNote
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)]
    sample_programme: SampleProgramme


def _checks(record: LoadingFile, name: str) -> list[Problem]:
    """Problems a schema cannot see: duplicate ids, gaps in levels and weeks."""
    problems = duplicate_id_problems(record.stages, name, "stages")
    problems += duplicate_id_problems(record.pain_monitoring.criteria, name, "criteria")
    expected = 1
    for stage in record.stages:
        if stage.last_level < stage.first_level:
            problems.append(
                Problem(
                    name,
                    stage.id,
                    "last_level",
                    f"a level not below first_level ({stage.first_level})",
                    str(stage.last_level),
                )
            )
        if stage.first_level != expected:
            problems.append(
                Problem(
                    name,
                    stage.id,
                    "first_level",
                    f"{expected} (levels follow on from the previous stage)",
                    str(stage.first_level),
                )
            )
        expected = max(stage.last_level, stage.first_level) + 1
    top = record.stages[-1].last_level
    programme = record.sample_programme
    if programme.start_level > top:
        problems.append(
            Problem(
                name,
                "sample_programme",
                "start_level",
                f"a level from 1 to {top}",
                str(programme.start_level),
            )
        )
    for position, week in enumerate(programme.weeks, start=1):
        if week.week != position:
            problems.append(
                Problem(
                    name,
                    "sample_programme",
                    f"weeks.#{position}.week",
                    f"{position} (weeks numbered 1, 2, 3, ... in order)",
                    str(week.week),
                )
            )
    return problems


def _load(path: Path) -> LoadingFile:
    return load_checked(path, LoadingFile, _checks)


#: The loading model, stages and sample programme (data/loading.yaml by default).
load_loading = cached_loader(_load, LOADING_FILE, "an existing loading file")


register_kind("loading", LOADING_FILE, _load, LoadingFile)
