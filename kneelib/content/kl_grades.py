"""Kellgren-Lawrence grades: data/kellgren_lawrence.yaml, the radiographic grades of osteoarthritis.

Each grade has its published wording (cited) and four categorical drawing hints
(osteophytes, joint space, sclerosis, deformity) that
``kneelib.figures.oa.kl_grades_figure`` turns into a schematic. The hints are
words read off the definitions, not measurements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import (
    Model,
    NonEmptyRefIds,
    Text,
    cached_loader,
    load_model,
    register_kind,
)

__all__ = ["KL_FILE", "KlGrade", "KlScale", "load_kl_grades"]

KL_FILE = "kellgren_lawrence.yaml"

Osteophytes = Literal["none", "possible", "definite", "multiple", "large"]
JointSpace = Literal[
    "normal", "doubtful-narrowing", "possible-narrowing", "definite-narrowing", "marked-narrowing"
]
Sclerosis = Literal["none", "some", "severe"]
Deformity = Literal["none", "possible", "definite"]


class KlGrade(Model):
    """One grade: number, name, the published definition and the drawing hints."""

    grade: Annotated[int, Field(strict=True, ge=0, le=4)]
    name: Text
    definition: Text
    osteophytes: Osteophytes
    joint_space: JointSpace
    sclerosis: Sclerosis
    deformity: Deformity


class KlScale(Model):
    """The whole scale: grades 0 to 4 in order, with the references for the wording."""

    title: Text
    references: NonEmptyRefIds
    note: Text | None = None
    grades: tuple[KlGrade, ...]

    @model_validator(mode="after")
    def _grades_0_to_4(self) -> KlScale:
        found = [g.grade for g in self.grades]
        if found != [0, 1, 2, 3, 4]:
            raise ValueError(
                f"grades: expected grades 0, 1, 2, 3, 4 once each in order, found {found}"
            )
        return self


def _load(path: Path) -> KlScale:
    return load_model(path, KlScale)


def load_kl_grades(path: Path | None = None) -> KlScale:
    """The Kellgren-Lawrence scale from data/kellgren_lawrence.yaml."""
    return _load_cached(path)


_load_cached = cached_loader(_load, KL_FILE, "the Kellgren-Lawrence grades file")


register_kind("kl_grades", KL_FILE, _load, KlScale)
