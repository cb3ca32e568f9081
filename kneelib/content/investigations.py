"""First investigation: data/first_investigation.yaml, short vignettes with one best first test.

The vignettes are also graded items of the question bank: ``as_quiz`` turns
the file into the single-choice quiz ``first-investigation``, which
``load_question_bank`` includes (so answers are recorded, exported and
analysed like every other question).

```yaml
title: Choose the first investigation
objectives:                        # what the vignettes test, as in a question file
  - id: choose-first-test
    text: Choose the first investigation ...
vignettes:
  - id: fi-bakers-cyst
    title: Swelling behind the knee
    objective: choose-first-test   # an objective id from this file
    level: application             # recall, application or analysis
    prompt: A 58-year-old woman ...
    options:                       # at least 2; exactly one correct
      - id: ultrasound
        text: Ultrasound of the popliteal fossa
        correct: true
        explanation: Why, in your own words.
        references: [ward-2001]     # at least one per option
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from ..errors import InputError
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
from .questions import Level, Objective, QuizFile

__all__ = [
    "FIRST_INVESTIGATION_FILE",
    "FIRST_INVESTIGATION_TOPIC",
    "ChoiceResult",
    "FirstInvestigationFile",
    "InvestigationOption",
    "Vignette",
    "as_quiz",
    "check_choice",
    "load_first_investigation",
]

FIRST_INVESTIGATION_FILE = "first_investigation.yaml"
#: The topic under which the vignettes join the question bank.
FIRST_INVESTIGATION_TOPIC = "first-investigation"


class InvestigationOption(Model):
    """One investigation a student may choose first, with the reason it is or is not the best first step."""

    id: Id
    text: Text
    correct: bool = False
    explanation: Text
    references: NonEmptyRefIds


class Vignette(Model):
    """A short clinical story and the investigations to choose from."""

    id: Id
    title: Text
    objective: Id
    level: Level
    prompt: Text
    options: Annotated[tuple[InvestigationOption, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct_unique_ids(self) -> Vignette:
        ids = [option.id for option in self.options]
        for ident in ids:
            if ids.count(ident) > 1:
                raise ValueError(
                    f"options: expected option ids unique within the vignette, found '{ident}' more than once"
                )
        correct = [option.id for option in self.options if option.correct]
        if len(correct) != 1:
            found = "none" if not correct else ", ".join(correct)
            raise ValueError(
                f"options: expected exactly one option with 'correct: true', found {found}"
            )
        return self

    @property
    def answer(self) -> InvestigationOption:
        """The best first investigation."""
        return next(option for option in self.options if option.correct)


class FirstInvestigationFile(Model):
    """The whole exercise file."""

    title: Text
    objectives: Annotated[tuple[Objective, ...], Field(min_length=1)]
    vignettes: Annotated[tuple[Vignette, ...], Field(min_length=1)]


@dataclass(frozen=True)
class ChoiceResult:
    """What a student's choice means: right or not, why, and what the best first test was."""

    correct: bool
    chosen: InvestigationOption
    answer: InvestigationOption


def check_choice(vignette: Vignette, option_id: object) -> ChoiceResult:
    """Grade the option a student chose as the first investigation for ``vignette``."""
    if option_id is None or option_id == "":
        raise InputError(
            f"{vignette.id}: expected a chosen investigation, found none (choose one first)"
        )
    if not isinstance(option_id, str):
        raise TypeError(
            f"{vignette.id}: expected an option id, found {option_id!r} ({type(option_id).__name__})"
        )
    for option in vignette.options:
        if option.id == option_id:
            return ChoiceResult(option.correct, option, vignette.answer)
    known = ", ".join(option.id for option in vignette.options)
    raise ValueError(f"{vignette.id}: expected one of {known}, found '{option_id}'")


def _load(path: Path) -> FirstInvestigationFile:
    return load_checked(path, FirstInvestigationFile, _check)


def _check(record: FirstInvestigationFile, name: str) -> list[Problem]:
    problems = duplicate_id_problems(record.objectives, name, "objectives")
    problems += duplicate_id_problems(record.vignettes, name, "the file")
    objectives = [o.id for o in record.objectives]
    for vignette in record.vignettes:
        if vignette.objective not in objectives:
            problems.append(
                Problem(
                    name,
                    vignette.id,
                    "objective",
                    f"one of this file's objectives ({', '.join(objectives)})",
                    f"'{vignette.objective}'",
                )
            )
    return problems


def as_quiz(record: FirstInvestigationFile) -> QuizFile:
    """The vignettes as the single-choice quiz ``first-investigation`` of the question bank."""
    questions = []
    for v in record.vignettes:
        refs = list(dict.fromkeys(r for o in v.options for r in o.references))
        questions.append(
            {
                "id": v.id,
                "type": "single",
                "objective": v.objective,
                "level": v.level,
                "prompt": v.prompt,
                "references": refs,
                "options": [o.model_dump() for o in v.options],
            }
        )
    return QuizFile.model_validate(
        {
            "topic": FIRST_INVESTIGATION_TOPIC,
            "title": record.title,
            "objectives": [o.model_dump() for o in record.objectives],
            "questions": questions,
        }
    )


def load_first_investigation(path: Path | str | None = None) -> FirstInvestigationFile:
    """The vignettes of data/first_investigation.yaml (or ``path``), validated."""
    return _load_cached(path)


_load_cached = cached_loader(_load, FIRST_INVESTIGATION_FILE, "the first-investigation file")


register_kind("first-investigation", FIRST_INVESTIGATION_FILE, _load, FirstInvestigationFile)
