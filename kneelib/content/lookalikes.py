"""Look-alike groups: data/lookalikes.yaml, the diagnoses the spaced review shows side by side.

Each group lists conditions that students confuse (a Baker's cyst, its
rupture and a deep vein thrombosis, for example) and, for each, the questions
about it. The review places due questions of one group next to each other
(``kneelib.schedule.interleave``). Every question id must exist in the bank and
belong to one member only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from .base import (
    Id,
    Model,
    Problem,
    Text,
    data_dir,
    load_model,
    register_cross_check,
    register_kind,
)

__all__ = ["LOOKALIKES_FILE", "LookalikeGroup", "LookalikeMember", "Lookalikes", "load_lookalikes"]

LOOKALIKES_FILE = "lookalikes.yaml"


class LookalikeMember(Model):
    """One condition of a group and the questions about it."""

    id: Id
    name: Text
    questions: tuple[Id, ...] = ()


class LookalikeGroup(Model):
    """Conditions students confuse, to be practised side by side."""

    id: Id
    title: Text
    members: Annotated[tuple[LookalikeMember, ...], Field(min_length=2)]


class Lookalikes(Model):
    """Every look-alike group."""

    groups: tuple[LookalikeGroup, ...]

    @model_validator(mode="after")
    def _each_question_once(self) -> Lookalikes:
        seen: dict[str, str] = {}
        for g in self.groups:
            for m in g.members:
                for q in m.questions:
                    if q in seen:
                        raise ValueError(
                            f"groups: expected each question in one member only, found '{q}' in "
                            f"{seen[q]} and {g.id}/{m.id}"
                        )
                    seen[q] = f"{g.id}/{m.id}"
        return self

    def member_of(self) -> dict[str, tuple[str, str]]:
        """Question id -> (group id, member id)."""
        return {q: (g.id, m.id) for g in self.groups for m in g.members for q in m.questions}


def _load(path: Path) -> Lookalikes:
    return load_model(path, Lookalikes)


def load_lookalikes(path: Path | None = None) -> Lookalikes:
    """The look-alike groups from data/lookalikes.yaml (no groups when the file is absent)."""
    path = Path(path) if path else data_dir() / LOOKALIKES_FILE
    if not path.exists():
        return Lookalikes(groups=())
    return _load(path)


def _questions_exist(loaded: dict) -> list[Problem]:
    known = {q.id for _, quiz in loaded.get("questions", []) for q in quiz.questions}
    if not known:
        return []
    problems = []
    for name, record in loaded.get("lookalikes", []):
        for g in record.groups:
            for m in g.members:
                for q in m.questions:
                    if q not in known:
                        problems.append(
                            Problem(
                                name,
                                f"{g.id}/{m.id}",
                                "questions",
                                "question ids from the question bank",
                                f"'{q}'",
                            )
                        )
    return problems


register_kind("lookalikes", LOOKALIKES_FILE, _load, Lookalikes)
register_cross_check(_questions_exist)
