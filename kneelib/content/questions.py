"""Questions: data/questions/NN-slug.yaml, one quiz per notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictFloat, model_validator

from .base import (
    ContentError,
    Id,
    Model,
    NonEmptyRefIds,
    Problem,
    RefIds,
    Text,
    data_dir,
    display_name,
    duplicate_id_problems,
    duplicate_ids,
    load_cached,
    load_model,
    register_cross_check,
    register_kind,
)

__all__ = [
    "TEST_FORMS",
    "Choice",
    "Level",
    "MatchItem",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Objective",
    "Option",
    "OrderItem",
    "Ordering",
    "Question",
    "QuizFile",
    "SingleChoice",
    "load_question_bank",
    "load_quiz",
    "load_test_forms",
    "quiz_path",
]

#: A number (whole or decimal); text such as "3" is refused.
Number = StrictFloat


class Objective(Model):
    """A learning objective of the notebook, written as a verb phrase."""

    id: Id
    text: Text


class Option(Model):
    """One option of a choice question, with the explanation shown after answering."""

    id: Id
    text: Text
    correct: StrictBool = False
    explanation: Text
    references: RefIds = ()


#: How deep an item goes: remembering a fact, applying it to a patient, or weighing findings.
Level = Literal["recall", "application", "analysis"]


class _Base(Model):
    id: Id
    objective: Id
    level: Level
    prompt: Text
    references: NonEmptyRefIds
    #: Optional labels by which a view picks questions, e.g. ``sorting``.
    tags: tuple[Id, ...] = ()


def _unique(items: tuple, what: str) -> None:
    again = duplicate_ids(item.id for item in items)
    if again:
        raise ValueError(f"{what}: expected {what} with unique ids, found '{again[0]}' twice")


class SingleChoice(_Base):
    """Exactly one option is correct."""

    type: Literal["single"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        _unique(self.options, "options")
        correct = [o.id for o in self.options if o.correct]
        if len(correct) != 1:
            found = "none" if not correct else f"{len(correct)} ({', '.join(correct)})"
            raise ValueError(
                f"options: expected exactly one option with correct: true, found {found}"
            )
        return self


class MultipleChoice(_Base):
    """Select all that apply: one or more options are correct."""

    type: Literal["multiple"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        _unique(self.options, "options")
        if not any(o.correct for o in self.options):
            raise ValueError("options: expected at least one option with correct: true, found none")
        return self


class Numeric(_Base):
    """A number, accepted within an absolute tolerance (edges included)."""

    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, Field(ge=0)] = 0
    unit: Text | None = None
    explanation: Text
    too_low: Text
    too_high: Text


class Choice(Model):
    """A target that matching items are matched to."""

    id: Id
    text: Text


class MatchItem(Model):
    """An item to match to one choice."""

    id: Id
    text: Text
    match: Id
    explanation: Text
    references: RefIds = ()


class Matching(_Base):
    """Match each item to one of several choices."""

    type: Literal["matching"]
    choices: Annotated[tuple[Choice, ...], Field(min_length=2)]
    items: Annotated[tuple[MatchItem, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _matches_exist(self) -> Matching:
        _unique(self.choices, "choices")
        _unique(self.items, "items")
        known = [c.id for c in self.choices]
        for item in self.items:
            if item.match not in known:
                raise ValueError(
                    f"items.{item.id}.match: expected one of the choice ids ({', '.join(known)}), found '{item.match}'"
                )
        return self


class OrderItem(Model):
    """An item to put in order."""

    id: Id
    text: Text
    explanation: Text
    references: RefIds = ()


class Ordering(_Base):
    """Put the items in order; the file lists them in the correct order."""

    type: Literal["ordering"]
    order_label: Text
    items: Annotated[tuple[OrderItem, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _unique_items(self) -> Ordering:
        _unique(self.items, "items")
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | Numeric | Matching | Ordering, Field(discriminator="type")
]


class QuizFile(Model):
    """One notebook's quiz: its objectives and questions."""

    topic: Id
    title: Text
    objectives: Annotated[tuple[Objective, ...], Field(min_length=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]


def _load(path: Path) -> QuizFile:
    path = Path(path)
    name = display_name(path)
    quiz = load_model(path, QuizFile)
    problems: list[Problem] = []
    if quiz.topic != path.stem:
        problems.append(
            Problem(
                name,
                "-",
                "topic",
                f"the file name without .yaml ('{path.stem}')",
                f"'{quiz.topic}'",
            )
        )
    problems += duplicate_id_problems(quiz.objectives, name, "objectives")
    problems += duplicate_id_problems(quiz.questions, name, "questions")
    objectives = [o.id for o in quiz.objectives]
    for q in quiz.questions:
        if q.objective not in objectives:
            problems.append(
                Problem(
                    name,
                    q.id,
                    "objective",
                    f"one of this file's objectives ({', '.join(objectives)})",
                    f"'{q.objective}'",
                )
            )
    if problems:
        raise ContentError(problems)
    return quiz


def quiz_path(topic: str) -> Path:
    """The question file of a topic, e.g. data/questions/02-bakers-cyst.yaml."""
    return data_dir() / "questions" / f"{topic}.yaml"


def _investigations_quiz(path: Path) -> QuizFile:
    from .investigations import _load as load_investigations
    from .investigations import as_quiz

    return as_quiz(load_investigations(path))


def _investigations_path() -> Path:
    from .investigations import FIRST_INVESTIGATION_FILE

    return data_dir() / FIRST_INVESTIGATION_FILE


def load_quiz(topic: str) -> QuizFile:
    """Load one topic's quiz; raises ContentError naming what is wrong, or a ValueError listing known topics.

    ``first-investigation`` is the quiz of data/first_investigation.yaml's vignettes.
    """
    from .investigations import FIRST_INVESTIGATION_TOPIC

    fi = _investigations_path()
    if topic == FIRST_INVESTIGATION_TOPIC and fi.exists():
        return load_cached(_investigations_quiz, fi)
    path = quiz_path(topic)
    if not path.exists():
        known = sorted(p.stem for p in path.parent.glob("*.yaml"))
        if fi.exists():
            known.append(FIRST_INVESTIGATION_TOPIC)
        raise ValueError(f"no quiz named '{topic}': expected one of {', '.join(known) or 'none'}")
    return load_cached(_load, path)


#: The pre-test and post-test forms: question files that belong to no notebook. They stay out
#: of the teaching bank (the capstone's draw, the reviews, the exports) so that a student meets
#: their items only in the test itself.
TEST_FORMS: tuple[str, ...] = ("pre-test", "post-test")


def load_question_bank(include_tests: bool = False) -> dict[str, QuizFile]:
    """Every notebook's quiz in data/questions, by topic, in file-name order, then the first-investigation vignettes.

    The pre-test and post-test forms are left out unless ``include_tests``.
    """
    from .investigations import FIRST_INVESTIGATION_TOPIC

    folder = data_dir() / "questions"
    bank = {
        p.stem: load_quiz(p.stem)
        for p in sorted(folder.glob("*.yaml"))
        if include_tests or p.stem not in TEST_FORMS
    }
    if _investigations_path().exists():
        bank[FIRST_INVESTIGATION_TOPIC] = load_quiz(FIRST_INVESTIGATION_TOPIC)
    return bank


def load_test_forms() -> dict[str, QuizFile]:
    """The pre-test and post-test forms that exist in data/questions, by topic."""
    return {t: load_quiz(t) for t in TEST_FORMS if quiz_path(t).exists()}


def _unique_across_files(loaded: dict) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    graded = [(name, quiz.questions) for name, quiz in loaded.get("questions", [])]
    graded += [(name, fi.vignettes) for name, fi in loaded.get("first-investigation", [])]
    for name, items in graded:
        for q in items:
            if q.id in seen and seen[q.id] != name:
                problems.append(
                    Problem(
                        name,
                        q.id,
                        "id",
                        "a question id unique across the question bank",
                        f"'{q.id}' also in {seen[q.id]}",
                    )
                )
            seen.setdefault(q.id, name)
    return problems


register_kind("questions", "questions/*.yaml", _load, QuizFile)
register_cross_check(_unique_across_files)
