"""Branching patient cases: data/cases/<id>.yaml.

A case is a graph of steps. Each step offers choices; a choice reveals
findings, changes counters (score, time, cost, safety, ...) and leads to
another step or to an ending, possibly by a branch that depends on earlier
choices, revealed findings or counter values. Every ending carries a debrief.

Loading a case checks the file's shape (pydantic) and then its graph: unknown
targets, unreachable steps and endings, steps with no way out, counters used but
never defined, unknown findings and choices in conditions. Every mistake is one
``Problem`` line naming the file, the step (or ending, finding, red flag) and
the field.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

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
    load_cached,
    load_model,
    register_kind,
)

__all__ = [
    "OUTCOMES",
    "Branch",
    "Case",
    "CaseCondition",
    "Choice",
    "Counter",
    "Debrief",
    "Diagnosis",
    "Ending",
    "Finding",
    "RedFlag",
    "Step",
    "TeachingPoint",
    "case_ids",
    "case_problems",
    "load_case",
    "load_case_file",
    "rule_problems",
    "walk_problems",
]

#: Ending outcomes from best to worst.
OUTCOMES: tuple[str, ...] = ("best", "acceptable", "poor", "harmful")

#: The most situations the graph check explores before giving up.
MAX_STATES = 200_000


class CaseCondition(Model):
    """A test on the play so far; every field given must hold (they are joined by AND)."""

    chosen: tuple[Id, ...] = ()
    not_chosen: tuple[Id, ...] = ()
    revealed: tuple[Id, ...] = ()
    not_revealed: tuple[Id, ...] = ()
    counter: Id | None = None
    at_least: int | None = None
    below: int | None = None

    @model_validator(mode="after")
    def _counter_bounds(self) -> CaseCondition:
        if (self.at_least is not None or self.below is not None) and self.counter is None:
            raise ValueError("expected 'counter' next to 'at_least' or 'below', found no counter")
        if self.counter is not None and self.at_least is None and self.below is None:
            raise ValueError("expected 'at_least' or 'below' next to 'counter', found neither")
        return self


class Branch(Model):
    """A conditional way on from a choice: taken when ``when`` holds (first match wins)."""

    when: CaseCondition
    goto: Id
    note: Text | None = None


class Choice(Model):
    """One thing the student can do at a step (once per play)."""

    id: Id
    text: Text
    feedback: Text
    reveals: tuple[Id, ...] = ()
    effects: dict[Id, int] = Field(default_factory=dict)
    next: Id
    branches: tuple[Branch, ...] = ()
    show_if: CaseCondition | None = None
    references: RefIds = ()
    #: Only in a ``kind: diagnosis`` step: this choice names the case's diagnosis.
    correct: bool = False


class Step(Model):
    """A point in the story with the choices open there.

    ``kind: diagnosis`` marks the step where the student commits to a working
    diagnosis; its choices are the differentials, one of them ``correct``.
    """

    id: Id
    title: Text
    text: Text
    prompt: Text = "What do you do next?"
    kind: Literal["diagnosis"] | None = None
    choices: tuple[Choice, ...] = ()


class Finding(Model):
    """A fact about the patient that a choice reveals.

    ``key`` findings should be found (the debrief lists them as missed);
    ``required`` findings must be revealed before any ``best`` ending.
    """

    id: Id
    text: Text
    key: bool = False
    required: bool = False
    references: NonEmptyRefIds


class Diagnosis(Model):
    """The working diagnosis a case is about, with the other names it goes by."""

    name: Text
    synonyms: tuple[Text, ...] = ()


class Counter(Model):
    """A number the play keeps: ``goal`` says whether higher or lower is better."""

    id: Id
    label: Text
    start: int = 0
    unit: Text | None = None
    goal: Literal["higher", "lower"] = "higher"


class RedFlag(Model):
    """A dangerous diagnosis the student should exclude; excluded when ``excluded_when`` holds."""

    id: Id
    text: Text
    excluded_when: CaseCondition
    references: NonEmptyRefIds


class TeachingPoint(Model):
    """One lesson of the debrief, with its sources."""

    text: Text
    references: NonEmptyRefIds


class Debrief(Model):
    """What the student is told at an ending."""

    summary: Text
    teaching_points: tuple[TeachingPoint, ...] = Field(min_length=1)
    references: NonEmptyRefIds


class Ending(Model):
    """A way the case ends."""

    id: Id
    title: Text
    outcome: Literal["best", "acceptable", "poor", "harmful"]
    text: Text
    debrief: Debrief


class Case(Model):
    """A whole virtual patient."""

    id: Id
    title: Text
    patient: Text
    intro: Text
    topic: Id | None = None
    #: The diagnosis the student should reach; the case rules require it.
    diagnosis: Diagnosis | None = None
    references: NonEmptyRefIds
    counters: tuple[Counter, ...] = ()
    findings: tuple[Finding, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    start: Id
    steps: tuple[Step, ...] = Field(min_length=1)
    endings: tuple[Ending, ...] = Field(min_length=1)

    @functools.cached_property
    def derived(self) -> dict[Any, Any]:
        """What the engine works out from this loaded case (its walk, its best play), kept and dropped with it."""
        return {}

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Case:
        """A copy of the case that starts without the results worked out from this one."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("derived", None)
        return copy

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending(self, ending_id: str) -> Ending:
        """The ending with this id (KeyError if there is none)."""
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise KeyError(ending_id)

    def choice(self, choice_id: str) -> Choice:
        """The choice with this id, wherever it is offered (KeyError if none)."""
        for step in self.steps:
            for choice in step.choices:
                if choice.id == choice_id:
                    return choice
        raise KeyError(choice_id)

    def finding(self, finding_id: str) -> Finding:
        """The finding with this id (KeyError if none)."""
        for finding in self.findings:
            if finding.id == finding_id:
                return finding
        raise KeyError(finding_id)

    def is_ending(self, target: str) -> bool:
        """True when ``target`` names an ending rather than a step."""
        return any(e.id == target for e in self.endings)


# ------------------------------------------------------------------ checks


def _quoted(name: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(name, known, n=1)
    return f"'{name}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def _targets(choice: Choice) -> Iterator[tuple[str, str]]:
    """(field, target) for every way on from a choice."""
    for i, branch in enumerate(choice.branches, start=1):
        yield f"branches.#{i}.goto", branch.goto
    yield "next", choice.next


def _conditions(case: Case) -> Iterator[tuple[str, str, CaseCondition]]:
    """(item, field, condition) for every condition in the case."""
    for step in case.steps:
        for choice in step.choices:
            if choice.show_if is not None:
                yield step.id, f"choices.{choice.id}.show_if", choice.show_if
            for i, branch in enumerate(choice.branches, start=1):
                yield step.id, f"choices.{choice.id}.branches.#{i}.when", branch.when
    for flag in case.red_flags:
        yield flag.id, "excluded_when", flag.excluded_when


def _duplicates(ids: list[tuple[str, str]], file: str, where: str) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for item, ident in ids:
        if ident in seen:
            out.append(
                Problem(
                    file,
                    item,
                    "id",
                    f"an id used once among the {where}",
                    f"'{ident}' more than once",
                )
            )
        seen.add(ident)
    return out


def case_problems(
    case: Case, file: str, expected_id: str | None = None, walk: bool = True
) -> list[Problem]:
    """Every graph mistake in a loaded case, one Problem each (empty when the case is sound).

    With ``walk`` (the default) every reachable situation is also explored for dead ends.
    """
    problems: list[Problem] = []
    if expected_id is not None and case.id != expected_id:
        problems.append(
            Problem(
                file,
                case.id,
                "id",
                f"'{expected_id}' (the file name without .yaml)",
                f"'{case.id}'",
            )
        )

    step_ids = [s.id for s in case.steps]
    ending_ids = [e.id for e in case.endings]
    places = step_ids + ending_ids
    choice_ids = [c.id for s in case.steps for c in s.choices]
    finding_ids = [f.id for f in case.findings]
    counter_ids = [c.id for c in case.counters]

    problems += _duplicates([(p, p) for p in places], file, "steps and endings")
    problems += _duplicates(
        [(s.id, c.id) for s in case.steps for c in s.choices], file, "choices of this case"
    )
    problems += _duplicates([(f, f) for f in finding_ids], file, "findings")
    problems += _duplicates([(c, c) for c in counter_ids], file, "counters")
    problems += _duplicates([(r.id, r.id) for r in case.red_flags], file, "red flags")

    if case.start not in step_ids:
        problems.append(
            Problem(file, case.id, "start", "a step id of this case", _quoted(case.start, step_ids))
        )

    # Targets, findings, counters used by choices.
    for step in case.steps:
        for choice in step.choices:
            base = f"choices.{choice.id}"
            for fld, target in _targets(choice):
                if target not in places:
                    problems.append(
                        Problem(
                            file,
                            step.id,
                            f"{base}.{fld}",
                            "a step or ending id of this case",
                            _quoted(target, places),
                        )
                    )
            for finding in choice.reveals:
                if finding not in finding_ids:
                    problems.append(
                        Problem(
                            file,
                            step.id,
                            f"{base}.reveals",
                            "a finding id from 'findings'",
                            _quoted(finding, finding_ids),
                        )
                    )
            for counter in choice.effects:
                if counter not in counter_ids:
                    problems.append(
                        Problem(
                            file,
                            step.id,
                            f"{base}.effects.{counter}",
                            "a counter defined under 'counters'",
                            _quoted(counter, counter_ids),
                        )
                    )

    # Only a diagnosis step marks a choice as the correct diagnosis.
    for step in case.steps:
        if step.kind == "diagnosis":
            continue
        for choice in step.choices:
            if choice.correct:
                problems.append(
                    Problem(
                        file,
                        step.id,
                        f"choices.{choice.id}.correct",
                        "'correct' only in a step with kind: diagnosis",
                        "correct: true in a step without kind: diagnosis",
                    )
                )

    # Conditions name real choices, findings and counters.
    for item, fld, cond in _conditions(case):
        for name in cond.chosen + cond.not_chosen:
            if name not in choice_ids:
                problems.append(
                    Problem(file, item, fld, "a choice id of this case", _quoted(name, choice_ids))
                )
        for name in cond.revealed + cond.not_revealed:
            if name not in finding_ids:
                problems.append(
                    Problem(
                        file, item, fld, "a finding id from 'findings'", _quoted(name, finding_ids)
                    )
                )
        if cond.counter is not None and cond.counter not in counter_ids:
            problems.append(
                Problem(
                    file,
                    item,
                    f"{fld}.counter",
                    "a counter defined under 'counters'",
                    _quoted(cond.counter, counter_ids),
                )
            )

    # Steps with no way out (static).
    for step in case.steps:
        if not step.choices:
            problems.append(
                Problem(file, step.id, "choices", "at least one choice leading on", "no choices")
            )
        elif all(t == step.id for c in step.choices for _, t in _targets(c)):
            problems.append(
                Problem(
                    file,
                    step.id,
                    "choices",
                    "at least one choice leading to another step or an ending",
                    f"every choice returns to '{step.id}'",
                )
            )

    # Reachability from the start, following every target.
    if case.start in step_ids:
        reached = {case.start}
        todo = [case.start]
        by_id = {s.id: s for s in case.steps}
        while todo:
            here = by_id.get(todo.pop())
            if here is None:
                continue
            for choice in here.choices:
                for _, target in _targets(choice):
                    if target in places and target not in reached:
                        reached.add(target)
                        todo.append(target)
        for place in places:
            if place not in reached:
                kind = "a step" if place in step_ids else "an ending"
                problems.append(
                    Problem(
                        file,
                        place,
                        "id",
                        f"{kind} that some choice leads to from '{case.start}'",
                        "no way to reach it",
                    )
                )

    if problems or not walk:
        return problems
    return walk_problems(case, file)


def walk_problems(case: Case, file: str) -> list[Problem]:
    """Walk every situation the student can reach; report any with no choice left (dead ends)."""
    from ..cases import explore  # the engine; imported here to avoid a cycle

    problems: list[Problem] = []
    result = explore(case, limit=MAX_STATES)
    if result.truncated:
        problems.append(
            Problem(
                file,
                case.id,
                "steps",
                f"at most {MAX_STATES} distinct situations",
                "more (split the case)",
            )
        )
    for step_id, chosen in result.dead_ends[:5]:
        done = ", ".join(chosen) if chosen else "nothing"
        problems.append(
            Problem(
                file,
                step_id,
                "choices",
                "a choice left in every situation",
                f"none left after choosing {done}",
            )
        )
    return problems


#: R5: a best choice longer than this multiple of the others' mean length, and the longest, is flagged.
LONGEST_RATIO = 1.25


def _play_text(play: tuple[str, ...] | None, count: int) -> str:
    shown = ", ".join(play) if play else "no choice"
    return f"{shown} (the shortest of {count} such play{'s' if count != 1 else ''})"


def rule_problems(case: Case, file: str) -> list[Problem]:
    """The case-design rules (reasoning, not only a sound graph), one Problem each.

    R1 the best ending is earned: every red flag excluded, every required finding revealed;
    R2 at least 3 decision steps on every best play, each with 3 or 4 choices;
    R3 one diagnosis step with 4-5 differentials, one correct, passed before management;
    R4 the diagnosis is not named before the diagnosis step;
    R5 the best choice of a decision step is not markedly the longest.
    """
    from .. import cases as engine  # the engine; imported here to avoid a cycle

    if walk_problems(case, file):
        return []  # a case with dead ends is fixed first; the walk already reports them
    problems: list[Problem] = []
    facts = engine.finished_facts(case)
    best = [f for f in facts if f.ending.outcome == "best"]
    steps = {s.id: s for s in case.steps}

    def by_ending(bad: list, describe) -> None:
        for ending in case.endings:
            mine = [f for f in bad if f.ending.id == ending.id]
            if mine:
                play = engine.shortest_play(case, mine)
                example = min(mine, key=lambda f: (len(f.chosen), tuple(sorted(f.chosen))))
                count = sum(f.plays for f in mine)
                problems.append(
                    Problem(file, ending.id, "outcome", *describe(example, _play_text(play, count)))
                )

    # R1
    def r1(example, play):
        parts = []
        for what, ids in (
            ("red flag", example.open_flags),
            ("required finding", example.missing_required),
        ):
            if ids:
                names = ", ".join(f"'{i}'" for i in ids)
                parts.append(f"{what}{'s' if len(ids) > 1 else ''} {names}")
        return (
            "'best' only after every red flag is excluded and every required finding revealed",
            f"{' and '.join(parts)} still open on the play {play}",
        )

    by_ending([f for f in best if not f.thorough], r1)

    # R2
    def r2(example, play):
        passed = ", ".join(sorted(example.decisions)) or "none"
        return (
            "at least 3 decision steps on every play that reaches it",
            f"{len(example.decisions)} ({passed}) on the play {play}",
        )

    by_ending([f for f in best if len(f.decisions) < 3], r2)
    on_best = set().union(*(f.decisions for f in best)) if best else set()
    for step in case.steps:
        if step.id in on_best and step.kind != "diagnosis" and not 3 <= len(step.choices) <= 4:
            problems.append(
                Problem(
                    file,
                    step.id,
                    "choices",
                    "3 or 4 choices at a decision step on a best play",
                    f"{len(step.choices)}",
                )
            )

    # R3
    diagnosis = [s for s in case.steps if s.kind == "diagnosis"]
    if len(diagnosis) != 1:
        found = (
            "none" if not diagnosis else f"{len(diagnosis)} ({', '.join(s.id for s in diagnosis)})"
        )
        problems.append(
            Problem(file, case.id, "steps", "exactly one step with kind: diagnosis", found)
        )
    if diagnosis:
        dx = diagnosis[0]
        if not 4 <= len(dx.choices) <= 5:
            problems.append(
                Problem(
                    file,
                    dx.id,
                    "choices",
                    "4 or 5 differentials at the diagnosis step",
                    f"{len(dx.choices)}",
                )
            )
        correct = [c.id for c in dx.choices if c.correct]
        if len(correct) != 1:
            problems.append(
                Problem(
                    file,
                    dx.id,
                    "choices",
                    "exactly one choice with correct: true",
                    "none" if not correct else f"{len(correct)} ({', '.join(correct)})",
                )
            )
        dx_choices = {c.id for c in dx.choices}
        by_ending(
            [f for f in best if not f.chosen & dx_choices],
            lambda example, play: (
                f"every play that reaches it to pass the diagnosis step '{dx.id}'",
                f"the play {play}, which does not",
            ),
        )

        def r3_late(example, play):
            last = ", ".join(sorted(example.last_steps))
            return (
                f"a management decision after the diagnosis step '{dx.id}' as the last move",
                f"a last move at '{last}' on the play {play}",
            )

        decisions = set(engine.decision_steps(case)) - {dx.id}
        by_ending(
            [f for f in best if f.chosen & dx_choices and not f.last_steps <= decisions],
            r3_late,
        )

    # R4
    if case.diagnosis is None:
        problems.append(
            Problem(
                file,
                case.id,
                "diagnosis",
                "the case's working diagnosis ({name: ..., synonyms: [...]})",
                "none",
            )
        )
    elif diagnosis:
        problems += _named_too_early(case, file, diagnosis[0], steps)

    # R5
    for step_id, longest, ratio in engine.longest_best_choices(case):
        if longest and ratio > LONGEST_RATIO:
            step = steps[step_id]
            choice_id = engine.best_choices(case)[step_id]
            best_len = len(next(c for c in step.choices if c.id == choice_id).text)
            others = [len(c.text) for c in step.choices if c.id != choice_id]
            limit = LONGEST_RATIO * sum(others) / len(others)
            problems.append(
                Problem(
                    file,
                    step_id,
                    f"choices.{choice_id}.text",
                    f"the best choice not the longest by more than {LONGEST_RATIO} x the mean length "
                    f"of the others ({limit:.1f} characters)",
                    f"{best_len} characters, the longest of {len(step.choices)}",
                )
            )
    return problems


def _term_pattern(term: str) -> re.Pattern[str]:
    words = re.escape(term.replace("\u2019", "'")).replace("'", "['\u2019]")
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _named_too_early(case: Case, file: str, dx: Step, steps: dict[str, Step]) -> list[Problem]:
    """R4: the diagnosis (name or synonym) in any text the student sees before the diagnosis step."""
    if case.diagnosis is None:
        return []
    patterns = [_term_pattern(t) for t in (case.diagnosis.name, *case.diagnosis.synonyms)]
    texts: list[tuple[str, str, str]] = [
        (case.id, "title", case.title),
        (case.id, "patient", case.patient),
        (case.id, "intro", case.intro),
        (dx.id, "title", dx.title),
        (dx.id, "text", dx.text),
        (dx.id, "prompt", dx.prompt),
    ]
    # Steps reachable from the start without passing the diagnosis step.
    before: list[str] = []
    todo = [case.start]
    while todo:
        here = todo.pop()
        if here in before or here == dx.id or here not in steps:
            continue
        before.append(here)
        for choice in steps[here].choices:
            todo.extend(t for _, t in _targets(choice))
    findings: list[str] = []
    for step_id in sorted(before, key=[s.id for s in case.steps].index):
        step = steps[step_id]
        texts += [
            (step.id, "title", step.title),
            (step.id, "text", step.text),
            (step.id, "prompt", step.prompt),
        ]
        for choice in step.choices:
            base = f"choices.{choice.id}"
            texts += [
                (step.id, f"{base}.text", choice.text),
                (step.id, f"{base}.feedback", choice.feedback),
            ]
            texts += [
                (step.id, f"{base}.branches.#{i}.note", b.note)
                for i, b in enumerate(choice.branches, start=1)
                if b.note
            ]
            findings += [f for f in choice.reveals if f not in findings]
    by_id = {f.id: f for f in case.findings}
    texts += [(f, "text", by_id[f].text) for f in findings if f in by_id]
    problems = []
    for item, fld, text in texts:
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                problems.append(
                    Problem(
                        file,
                        item,
                        fld,
                        f"no name of the diagnosis before the diagnosis step '{dx.id}'",
                        f"'{match.group(0)}'",
                    )
                )
                break
    return problems


# ---------------------------------------------------------------- loading

CASES_DIR = "cases"


def load_case_file(path: Path) -> Case:
    """Load and check one case file (shape and graph); every problem found raises together in a ContentError.

    The slower walk for dead ends runs in the validator (``validate_paths``), not here.
    """
    path = Path(path)
    case = load_model(path, Case)
    problems = case_problems(case, display_name(path), expected_id=path.stem, walk=False)
    if problems:
        raise ContentError(problems)
    return case


def case_ids() -> tuple[str, ...]:
    """The ids of every case in data/cases/, sorted."""
    folder = data_dir() / CASES_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def load_case(case_id: str) -> Case:
    """The case ``data/cases/<case_id>.yaml``, loaded and checked."""
    if not isinstance(case_id, str):
        raise TypeError(f"load_case: expected a case id (text), found {type(case_id).__name__}")
    path = data_dir() / CASES_DIR / f"{case_id}.yaml"
    if not path.is_file():
        known = case_ids()
        hint = difflib.get_close_matches(case_id, known, n=1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ContentError(
            [
                Problem(
                    display_name(path),
                    case_id,
                    "file",
                    "one of the cases in data/cases/ (" + ", ".join(known) + ")",
                    f"no such case{extra}",
                )
            ]
        )
    return load_cached(load_case_file, path)


register_kind("cases", "cases/*.yaml", load_case_file, Case, checks=[walk_problems, rule_problems])
