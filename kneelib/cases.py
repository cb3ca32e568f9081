"""The virtual-patient engine: pure functions that step a branching case.

A play is an immutable ``CaseState``: where the student is, which choices they
made (each choice can be made once per play), which findings they revealed and
the counters. ``next_step`` applies one choice and returns the new state;
``replay`` re-applies a list of choices; ``debrief`` turns a finished play into
what was found and missed, which red flags were excluded, the counters against
what the best play needed, and the ending's teaching points.

No widgets here: ``kneelib.widgets.case`` is the view.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .content.cases import (
    MAX_STATES,
    OUTCOMES,
    Case,
    CaseCondition,
    Choice,
    Counter,
    Ending,
    Finding,
    Step,
    TeachingPoint,
    load_case,
)
from .errors import KneelibError

__all__ = [
    "CaseMoveError",
    "CaseState",
    "CounterResult",
    "DebriefReport",
    "DiagnosisResult",
    "Event",
    "Exploration",
    "Move",
    "PlaySummary",
    "RedFlagResult",
    "available_choices",
    "best_play",
    "case_report",
    "compare_lines",
    "complete_plays",
    "condition_holds",
    "counter_targets",
    "debrief",
    "debrief_lines",
    "explore",
    "grade_diagnosis",
    "load_case",
    "move",
    "next_step",
    "open_choices",
    "replay",
    "start_case",
    "summarise_play",
]


class CaseMoveError(KneelibError):
    """A choice that cannot be made now (unknown, already made, or the case has ended)."""


@dataclass(frozen=True)
class Event:
    """One move of a play: the step it was made at, the choice, and what the student was told."""

    step_id: str
    choice_id: str
    choice_text: str
    feedback: str
    revealed: tuple[str, ...]
    effects: tuple[tuple[str, int], ...]
    note: str | None = None


@dataclass(frozen=True)
class CaseState:
    """Where a play stands; never changed in place (``next_step`` returns a new one)."""

    case_id: str
    step_id: str | None
    ending_id: str | None
    chosen: tuple[str, ...]
    revealed: tuple[str, ...]
    counters: tuple[tuple[str, int], ...]
    events: tuple[Event, ...] = field(default=())

    @property
    def finished(self) -> bool:
        """True once an ending has been reached."""
        return self.ending_id is not None

    def counter(self, counter_id: str) -> int:
        """The current value of a counter (KeyError if the case has no such counter)."""
        return dict(self.counters)[counter_id]

    @property
    def counter_values(self) -> dict[str, int]:
        """The counters as a plain dictionary."""
        return dict(self.counters)


def start_case(case: Case) -> CaseState:
    """A fresh play of ``case``: at the start step, nothing chosen, counters at their start values."""
    return CaseState(
        case_id=case.id,
        step_id=case.start,
        ending_id=None,
        chosen=(),
        revealed=(),
        counters=tuple((c.id, c.start) for c in case.counters),
    )


def condition_holds(
    cond: CaseCondition, chosen: Iterable[str], revealed: Iterable[str], counters: Mapping[str, int]
) -> bool:
    """True when every part of ``cond`` holds for these choices, findings and counters."""
    if not isinstance(chosen, (set, frozenset)):
        chosen = set(chosen)
    if not isinstance(revealed, (set, frozenset)):
        revealed = set(revealed)
    if cond.chosen and not chosen.issuperset(cond.chosen):
        return False
    if cond.not_chosen and not chosen.isdisjoint(cond.not_chosen):
        return False
    if cond.revealed and not revealed.issuperset(cond.revealed):
        return False
    if cond.not_revealed and not revealed.isdisjoint(cond.not_revealed):
        return False
    if cond.counter is not None:
        value = counters[cond.counter]
        if cond.at_least is not None and value < cond.at_least:
            return False
        if cond.below is not None and value >= cond.below:
            return False
    return True


def _holds(cond: CaseCondition | None, state: CaseState) -> bool:
    return cond is None or condition_holds(cond, state.chosen, state.revealed, dict(state.counters))


def open_choices(
    case: Case,
    step_id: str,
    chosen: frozenset[str],
    revealed: frozenset[str],
    counters: Mapping[str, int],
) -> tuple[Choice, ...]:
    """The choices open at ``step_id`` in this situation: not yet made, and whose ``show_if`` holds."""
    return tuple(
        [
            c
            for c in _steps(case)[step_id].choices
            if c.id not in chosen
            and (c.show_if is None or condition_holds(c.show_if, chosen, revealed, counters))
        ]
    )


def available_choices(case: Case, state: CaseState) -> tuple[Choice, ...]:
    """The choices open now: at the current step, not yet made, and whose ``show_if`` holds."""
    if state.finished or state.step_id is None:
        return ()
    return open_choices(
        case,
        state.step_id,
        frozenset(state.chosen),
        frozenset(state.revealed),
        dict(state.counters),
    )


class Move(NamedTuple):
    """What one choice does to a situation: where it leads and the situation after it.

    ``move`` returns a plain tuple in this order (cheaper to build in the walk);
    ``Move(*move(...))`` names its parts.
    """

    target: str
    note: str | None
    chosen: frozenset[str]
    revealed: frozenset[str]
    counters: dict[str, int]


def move(
    choice: Choice, chosen: frozenset[str], revealed: frozenset[str], counters: Mapping[str, int]
) -> tuple[str, str | None, frozenset[str], frozenset[str], dict[str, int]]:
    """Make ``choice`` in a situation: add it and its findings, add its effects, then follow the
    first branch whose condition holds for the situation after it (else ``next``).

    The one rule of a move, used by ``next_step`` and by the walk (``explore``).
    """
    chosen = chosen.union((choice.id,))
    if choice.reveals:
        revealed = revealed.union(choice.reveals)
    effects = choice.effects
    if effects:
        new = dict(counters)
        for name in effects:
            new[name] += effects[name]
    else:
        new = counters if type(counters) is dict else dict(counters)
    if choice.branches:
        for branch in choice.branches:
            if condition_holds(branch.when, chosen, revealed, new):
                return branch.goto, branch.note, chosen, revealed, new
    return choice.next, None, chosen, revealed, new


def next_step(case: Case, state: CaseState, choice_id: str) -> CaseState:
    """Make one choice and return the new state (raises CaseMoveError if it is not open now)."""
    if state.case_id != case.id:
        raise CaseMoveError(
            f"case '{case.id}': expected a play of this case, found a play of '{state.case_id}'"
        )
    if state.finished:
        raise CaseMoveError(
            f"case '{case.id}': expected a play still in progress, found one that reached ending '{state.ending_id}'"
        )
    open_now = available_choices(case, state)
    choice = next((c for c in open_now if c.id == choice_id), None)
    if choice is None:
        ids = ", ".join(c.id for c in open_now) or "none"
        raise CaseMoveError(
            f"case '{case.id}': step '{state.step_id}': expected one of the choices open now ({ids}), found '{choice_id}'"
        )
    result = Move(
        *move(choice, frozenset(state.chosen), frozenset(state.revealed), dict(state.counters))
    )
    new_findings = tuple(f for f in dict.fromkeys(choice.reveals) if f not in state.revealed)
    event = Event(
        step_id=state.step_id or "",
        choice_id=choice.id,
        choice_text=choice.text,
        feedback=choice.feedback,
        revealed=new_findings,
        effects=tuple(choice.effects.items()),
        note=result.note,
    )
    ending = result.target if result.target in _endings(case) else None
    return CaseState(
        case_id=case.id,
        step_id=None if ending else result.target,
        ending_id=ending,
        chosen=state.chosen + (choice.id,),
        revealed=state.revealed + new_findings,
        counters=tuple((c.id, result.counters[c.id]) for c in case.counters),
        events=state.events + (event,),
    )


def replay(case: Case, choice_ids: Iterable[str]) -> CaseState:
    """Play ``choice_ids`` in order from the start and return the final state."""
    state = start_case(case)
    for choice_id in choice_ids:
        state = next_step(case, state, choice_id)
    return state


# ----------------------------------------------------------------- walking


def _derived(case: Case, key: Any, make: Any) -> Any:
    """A result worked out once per loaded case and kept with it (``Case.derived``)."""
    store = case.derived
    if key not in store:
        store[key] = make()
    return store[key]


def _steps(case: Case) -> dict[str, Step]:
    return _derived(case, "steps", lambda: {s.id: s for s in case.steps})


def _endings(case: Case) -> dict[str, Ending]:
    return _derived(case, "endings", lambda: {e.id: e for e in case.endings})


#: A situation of the walk: a place (step or ending) and the set of choices made.
Situation = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class Exploration:
    """Every situation reachable in a case (a situation is a place plus the set of choices made).

    Choices are made at most once and counters only add up, so the findings, the
    counters and what can happen next all follow from the situation; every play
    reaching a situation has made the same number of moves (one per choice).
    """

    case_id: str
    states: int
    endings: dict[str, int]
    dead_ends: list[tuple[str, tuple[str, ...]]]
    truncated: bool
    #: situation -> [findings revealed, counters, plays reaching it, situation before, choice
    #: made there] for every situation reached (the last two on one play that reaches it).
    nodes: dict[Situation, list[Any]] = field(default_factory=dict, repr=False)
    #: finished situation -> the steps whose last move led into its ending.
    last_steps: dict[Situation, frozenset[str]] = field(default_factory=dict, repr=False)
    #: situation -> (the situation before it, the choice made) on one play that reaches it.
    #: How many distinct plays (orders of choices from the start to an ending) there are.
    plays: int = 0

    @property
    def finished_situations(self) -> list[Situation]:
        """Every finished situation: (ending, choices made)."""
        return list(self.last_steps)

    @functools.cached_property
    def finished(self) -> list[CaseState]:
        """Every finished play as a CaseState (choices and findings sorted, no event log); built on first use."""
        out = []
        for situation in self.last_steps:
            end, chosen = situation
            revealed, counters = self.nodes[situation][:2]
            out.append(
                CaseState(
                    self.case_id,
                    None,
                    end,
                    tuple(sorted(chosen)),
                    tuple(sorted(revealed)),
                    tuple(counters.items()),
                )
            )
        return out

    def path(self, situation: Situation) -> tuple[str, ...]:
        """The choices, in order, of one play that reaches ``situation``."""
        out: list[str] = []
        node = self.nodes[situation]
        while node[3] is not None:
            out.append(node[4])
            node = self.nodes[node[3]]
        return tuple(reversed(out))


def explore(case: Case, limit: int = 200_000) -> Exploration:
    """Walk every distinct situation of ``case``; report endings reached, dead ends and finished plays.

    What can happen next depends only on the place and the set of choices made,
    so the walk visits each such situation once and therefore covers every play.
    Each move is made by ``move``, the rule ``next_step`` uses. The result is
    kept with the loaded case.
    """
    return _derived(case, ("explore", limit), lambda: _walk(case, limit))


def _walk(case: Case, limit: int) -> Exploration:
    # Breadth first: every play reaching a situation has made one move per choice, so the
    # situations come in layers and all ways into a situation are counted before it is left.
    endings_by_id = _endings(case)
    start: Situation = (case.start, frozenset())
    nodes: dict[Situation, list[Any]] = {
        start: [frozenset(), {c.id: c.start for c in case.counters}, 1, None, None]
    }
    last_steps: dict[Situation, set[str]] = {}
    layer = [start]
    endings: dict[str, int] = {}
    dead: list[tuple[str, tuple[str, ...]]] = []
    truncated = False
    while layer and not truncated:
        following: list[Situation] = []
        for situation in layer:
            place, chosen = situation
            revealed, counters, here = nodes[situation][:3]
            moved = False
            for choice in open_choices(case, place, chosen, revealed, counters):
                moved = True
                target, _note, new_chosen, new_revealed, new_counters = move(
                    choice, chosen, revealed, counters
                )
                nxt = (target, new_chosen)
                node = nodes.get(nxt)
                if node is not None:
                    node[2] += here
                else:
                    nodes[nxt] = [new_revealed, new_counters, here, situation, choice.id]
                    if target in endings_by_id:
                        endings[target] = endings.get(target, 0) + 1
                    else:
                        following.append(nxt)
                if target in endings_by_id:
                    last_steps.setdefault(nxt, set()).add(place)
            if not moved:
                dead.append((place, tuple(sorted(chosen))))
            if len(nodes) > limit:
                truncated = True
                break
        layer = following
    return Exploration(
        case.id,
        len(nodes),
        endings,
        dead,
        truncated,
        nodes,
        {s: frozenset(v) for s, v in last_steps.items()},
        sum(nodes[s][2] for s in last_steps),
    )


# ----------------------------------------------------------------- debrief


@dataclass(frozen=True)
class CounterResult:
    """A counter at the end of a play, next to what the best play needed (lower goals) or reached (higher goals)."""

    id: str
    label: str
    unit: str | None
    goal: str
    value: int
    target: int | None

    @property
    def met(self) -> bool | None:
        """Whether the value is at least as good as the target (None when there is no target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.goal == "lower" else self.value >= self.target


@dataclass(frozen=True)
class RedFlagResult:
    """A red flag of the case and whether this play excluded it."""

    id: str
    text: str
    excluded: bool
    references: tuple[str, ...]


@dataclass(frozen=True)
class DebriefReport:
    """Everything the debrief shows for one finished play."""

    case_id: str
    ending: Ending
    found: tuple[Finding, ...]
    missed: tuple[Finding, ...]
    red_flags: tuple[RedFlagResult, ...]
    counters: tuple[CounterResult, ...]
    teaching_points: tuple[TeachingPoint, ...]
    references: tuple[str, ...]
    choices: tuple[str, ...]
    #: the student's working diagnosis against the case's (None when the case has no diagnosis step)
    diagnosis: DiagnosisResult | None = None
    #: the student's play, and the best play beside it (None when no play reaches an ending)
    path: PlaySummary | None = None
    best_path: PlaySummary | None = None


@dataclass(frozen=True)
class DiagnosisResult:
    """The working diagnosis the student committed to, graded against the case's."""

    chosen: str | None
    diagnosis: str
    correct: bool

    def line(self) -> str:
        """One graded sentence: what the student chose and what the diagnosis was."""
        if self.chosen is None:
            return (
                f"✗ You did not commit to a working diagnosis; the diagnosis was {self.diagnosis}."
            )
        mark = "✓" if self.correct else "✗"
        return f"{mark} Your working diagnosis: {self.chosen}; the diagnosis was {self.diagnosis}."


@dataclass(frozen=True)
class PlaySummary:
    """One play in brief, for setting the student's path beside the best play."""

    choices: tuple[str, ...]
    counters: tuple[tuple[str, int, str | None], ...]
    excluded: tuple[str, ...]
    not_excluded: tuple[str, ...]
    ending: str
    outcome: str


def summarise_play(case: Case, state: CaseState) -> PlaySummary:
    """A finished play in brief: the choices made in order (their texts), the counters, the red
    flags excluded and not, and the ending."""
    counters = dict(state.counters)
    flags = [
        (r.text, condition_holds(r.excluded_when, state.chosen, state.revealed, counters))
        for r in case.red_flags
    ]
    ending = case.ending(state.ending_id or "")
    return PlaySummary(
        tuple(case.choice(c).text for c in state.chosen),
        tuple((c.label, counters[c.id], c.unit) for c in case.counters),
        tuple(t for t, ok in flags if ok),
        tuple(t for t, ok in flags if not ok),
        ending.title,
        ending.outcome,
    )


def grade_diagnosis(case: Case, state: CaseState) -> DiagnosisResult | None:
    """The student's working diagnosis against the case's (None when the case has no diagnosis step)."""
    dx = diagnosis_step(case)
    if dx is None:
        return None
    correct = next((c for c in dx.choices if c.correct), None)
    name = case.diagnosis.name if case.diagnosis else (correct.text if correct else "not given")
    made = next((c for c in dx.choices if c.id in state.chosen), None)
    return DiagnosisResult(made.text if made else None, name, made is not None and made is correct)


def complete_plays(case: Case) -> list[CaseState]:
    """Finished plays with the case's best outcome that found every key finding and excluded every red flag.

    If no play manages all of that, every play with the best outcome is returned.
    """
    result = explore(case, limit=MAX_STATES)
    return (
        [
            CaseState(
                case.id,
                None,
                f.ending.id,
                tuple(sorted(f.chosen)),
                tuple(sorted(f.revealed)),
                tuple(f.counters.items()),
            )
            for f in _complete_facts(case)
        ]
        if result.last_steps
        else []
    )


def _complete_facts(case: Case) -> list[PlayFacts]:
    facts = finished_facts(case)
    present = [o for o in OUTCOMES if any(f.ending.outcome == o for f in facts)]
    if not present:
        return []
    best = [f for f in facts if f.ending.outcome == present[0]]
    keys = frozenset(f.id for f in case.findings if f.key)
    return [f for f in best if not f.open_flags and keys <= f.revealed] or best


def counter_targets(case: Case) -> dict[str, int]:
    """For each counter, what the best play needed (lower goals) or could reach (higher goals).

    "Needed" is the least time or cost among plays with the best outcome that
    found every key finding and excluded every red flag; "possible" is the
    highest score or safety among plays with the best outcome.
    """
    return _derived(case, "counter targets", lambda: _counter_targets(case))


def _counter_targets(case: Case) -> dict[str, int]:
    facts = finished_facts(case)
    present = [o for o in OUTCOMES if any(f.ending.outcome == o for f in facts)]
    targets: dict[str, int] = {}
    if present:
        best = [f for f in facts if f.ending.outcome == present[0]]
        complete = _complete_facts(case)
        for counter in case.counters:
            if counter.goal == "lower":
                targets[counter.id] = min(f.counters[counter.id] for f in complete)
            else:
                targets[counter.id] = max(f.counters[counter.id] for f in best)
    return targets


def debrief(case: Case, state: CaseState) -> DebriefReport:
    """The debrief of a finished play (raises CaseMoveError if the play has not ended)."""
    if not state.finished:
        raise CaseMoveError(
            f"case '{case.id}': expected a finished play for the debrief, found one still at step '{state.step_id}'"
        )
    ending = case.ending(state.ending_id or "")
    revealed = set(state.revealed)
    found = tuple(f for f in case.findings if f.id in revealed)
    missed = tuple(f for f in case.findings if f.key and f.id not in revealed)
    counters = dict(state.counters)
    flags = tuple(
        RedFlagResult(
            r.id,
            r.text,
            condition_holds(r.excluded_when, state.chosen, state.revealed, counters),
            tuple(r.references),
        )
        for r in case.red_flags
    )
    targets = counter_targets(case)
    results = tuple(_counter_result(c, counters[c.id], targets.get(c.id)) for c in case.counters)
    refs: list[str] = []
    for ref in tuple(ending.debrief.references) + tuple(
        r for tp in ending.debrief.teaching_points for r in tp.references
    ):
        if ref not in refs:
            refs.append(ref)
    return DebriefReport(
        case_id=case.id,
        ending=ending,
        found=found,
        missed=missed,
        red_flags=flags,
        counters=results,
        teaching_points=tuple(ending.debrief.teaching_points),
        references=tuple(refs),
        choices=state.chosen,
        diagnosis=grade_diagnosis(case, state),
        path=summarise_play(case, state),
        best_path=None if (best := best_play(case)) is None else summarise_play(case, best),
    )


def _counter_result(counter: Counter, value: int, target: int | None) -> CounterResult:
    return CounterResult(counter.id, counter.label, counter.unit, counter.goal, value, target)


def _with_unit(value: int, unit: str | None) -> str:
    return f"{value} {unit}" if unit else str(value)


def debrief_lines(report: DebriefReport) -> dict[str, list[str]]:
    """The debrief as plain sentences by section (symbols and words, never colour alone)."""
    sections: dict[str, list[str]] = {}
    sections["Outcome"] = [
        f"{report.ending.title} ({report.ending.outcome} outcome).",
        report.ending.debrief.summary,
    ]
    found = [f"✓ Found: {f.text}" for f in report.found]
    missed = [f"✗ Missed: {f.text}" for f in report.missed]
    sections["Findings"] = found + missed or ["No findings were revealed."]
    sections["Red flags"] = [
        (f"✓ Excluded or confirmed: {r.text}" if r.excluded else f"✗ Not excluded: {r.text}")
        for r in report.red_flags
    ] or ["This case has no red flag to exclude."]
    lines = []
    for c in report.counters:
        if c.target is None:
            lines.append(f"{c.label}: {_with_unit(c.value, c.unit)}.")
            continue
        if c.goal == "lower":
            verdict = "✓ no more than needed" if c.met else "✗ more than needed"
            lines.append(
                f"{c.label}: {_with_unit(c.value, c.unit)}; the best play needed {_with_unit(c.target, c.unit)} ({verdict})."
            )
        else:
            verdict = "✓ as good as the best play" if c.met else "✗ below the best play"
            lines.append(
                f"{c.label}: {_with_unit(c.value, c.unit)} of a possible {_with_unit(c.target, c.unit)} ({verdict})."
            )
    sections["Counters"] = lines
    if report.diagnosis is not None:
        sections["Working diagnosis"] = [report.diagnosis.line()]
    if report.path is not None and report.best_path is not None:
        sections["Your play beside the best play"] = compare_lines(report.path, report.best_path)
    sections["Teaching points"] = [tp.text for tp in report.teaching_points]
    return sections


def compare_lines(yours: PlaySummary, best: PlaySummary) -> list[str]:
    """The student's play beside the best play, one aspect a line."""
    lines = [
        f"Your choices ({len(yours.choices)}): {' → '.join(yours.choices)}.",
        f"Best play ({len(best.choices)}): {' → '.join(best.choices)}.",
    ]
    for (label, value, unit), (_, target, _) in zip(yours.counters, best.counters, strict=True):
        lines.append(
            f"{label}: yours {_with_unit(value, unit)}, the best play {_with_unit(target, unit)}."
        )
    total = len(yours.excluded) + len(yours.not_excluded)
    if total:
        missed = f" (not excluded: {', '.join(yours.not_excluded)})" if yours.not_excluded else ""
        lines.append(
            f"Red flags excluded: yours {len(yours.excluded)} of {total}{missed}, "
            f"the best play {len(best.excluded)} of {total}."
        )
    lines.append(
        f"Ending: yours {yours.ending} ({yours.outcome}), the best play {best.ending} ({best.outcome})."
    )
    return lines


# ---------------------------------------------------------------- analysis


def step_of_choice(case: Case) -> dict[str, str]:
    """choice id -> the id of the step that offers it."""
    return _derived(
        case, "step of choice", lambda: {c.id: s.id for s in case.steps for c in s.choices}
    )


def step_role(step: Step) -> str:
    """'menu', 'decision' or 'passage': how a step asks the student to choose.

    A step where two or more choices return to it is a menu (ask or examine as
    much as you need); a step with two or more choices, at most one of them
    returning to it, is a decision; a step with one choice is a passage.
    """
    returning = sum(1 for c in step.choices if step.id in _places(c))
    if returning >= 2:
        return "menu"
    return "decision" if len(step.choices) >= 2 else "passage"


def _places(choice: Choice) -> set[str]:
    return {choice.next} | {b.goto for b in choice.branches}


def decision_steps(case: Case) -> tuple[str, ...]:
    """The ids of the case's decision steps (the diagnosis step is one), in file order."""
    return tuple(s.id for s in case.steps if step_role(s) == "decision")


def diagnosis_step(case: Case) -> Step | None:
    """The case's ``kind: diagnosis`` step (the first, if there are several), or None."""
    return next((s for s in case.steps if s.kind == "diagnosis"), None)


class PlayFacts(NamedTuple):
    """A finished situation of the walk, with what the rules and the report need to know."""

    situation: Situation
    ending: Ending
    chosen: frozenset[str]
    revealed: frozenset[str]
    counters: dict[str, int]
    #: how many plays (orders of choices) end in this situation
    plays: int
    #: the steps from which the last move led into the ending
    last_steps: frozenset[str]
    #: red flags of the case not excluded, and required findings not revealed, by id
    open_flags: tuple[str, ...]
    missing_required: tuple[str, ...]
    #: decision steps at which a choice was made
    decisions: frozenset[str]

    @property
    def thorough(self) -> bool:
        """True when every red flag is excluded and every required finding revealed."""
        return not self.open_flags and not self.missing_required


def finished_facts(case: Case) -> tuple[PlayFacts, ...]:
    """Every finished situation with the best outcome any play reaches (usually ``best``), with its
    ending, open red flags, missing required findings and decisions. Other endings are left out:
    the rules, the best play and the debrief's targets look only at these."""
    return _derived(case, "finished facts", lambda: _finished_facts(case))


def _finished_facts(case: Case) -> tuple[PlayFacts, ...]:
    result = explore(case, limit=MAX_STATES)
    endings = _endings(case)
    reached = {end for end, _ in result.last_steps}
    top = next((o for o in OUTCOMES if any(endings[e].outcome == o for e in reached)), None)
    decisions = set(decision_steps(case))
    at_decision = {c: s for c, s in step_of_choice(case).items() if s in decisions}
    required = frozenset(f.id for f in case.findings if f.required)
    flags = [(r.id, r.excluded_when) for r in case.red_flags]
    out = []
    for situation, last in result.last_steps.items():
        end, chosen = situation
        if endings[end].outcome != top:
            continue
        revealed, counters, plays = result.nodes[situation][:3]
        out.append(
            PlayFacts(
                situation,
                endings[end],
                chosen,
                revealed,
                counters,
                plays,
                last,
                tuple([i for i, c in flags if not condition_holds(c, chosen, revealed, counters)]),
                tuple(sorted(required - revealed)),
                frozenset([at_decision[c] for c in chosen if c in at_decision]),
            )
        )
    return tuple(out)


def _ranking(case: Case) -> Callable[[PlayFacts], tuple]:
    """Sort key of a play: best outcome, thorough, correct diagnosis, the counters (higher goals
    first), then fewer choices."""
    higher = [c.id for c in case.counters if c.goal == "higher"]
    lower = [c.id for c in case.counters if c.goal == "lower"]
    dx = diagnosis_step(case)
    correct = frozenset(c.id for c in dx.choices if c.correct) if dx is not None else None

    def key(facts: PlayFacts) -> tuple:
        wrong = correct is not None and correct.isdisjoint(facts.chosen)
        counters = facts.counters
        return (
            (OUTCOMES.index(facts.ending.outcome), not facts.thorough, wrong)
            + tuple(-counters[c] for c in higher)
            + tuple(counters[c] for c in lower)
            + (len(facts.chosen), tuple(sorted(facts.chosen)))
        )

    return key


def best_play(case: Case) -> CaseState | None:
    """The expert play the debrief compares with, replayed in order (None if no ending is reached).

    Among plays with the case's best outcome, it prefers those that exclude
    every red flag and reveal every required finding, then those that name the
    correct diagnosis, then the highest score
    (and other counters whose goal is higher), then the least time and cost,
    then the fewest choices.
    """
    return _derived(case, "best play", lambda: _best_play(case))


def _best_play(case: Case) -> CaseState | None:
    facts = finished_facts(case)
    if not facts:
        return None
    top = min(facts, key=_ranking(case))
    return replay(case, explore(case, limit=MAX_STATES).path(top.situation))


def shortest_play(case: Case, situations: Iterable[PlayFacts]) -> tuple[str, ...] | None:
    """The choices, in order, of the shortest play among these finished situations."""
    situations = list(situations)
    if not situations:
        return None
    top = min(situations, key=lambda f: (len(f.chosen), tuple(sorted(f.chosen))))
    return explore(case, limit=MAX_STATES).path(top.situation)


def best_choices(case: Case) -> dict[str, str]:
    """step id -> the best choice there, for every decision step on the best play.

    At the diagnosis step the best choice is the one marked ``correct``.
    """
    play = best_play(case)
    if play is None:
        return {}
    where = step_of_choice(case)
    decisions = set(decision_steps(case))
    out = {where[c]: c for c in play.chosen if where[c] in decisions}
    dx = diagnosis_step(case)
    if dx is not None:
        correct = [c.id for c in dx.choices if c.correct]
        if len(correct) == 1:
            out[dx.id] = correct[0]
    return out


def longest_best_choices(case: Case) -> list[tuple[str, bool, float]]:
    """For each decision step with a best choice: (step id, best choice is the longest, its length
    as a multiple of the mean length of the other choices)."""
    out = []
    steps = _steps(case)
    for step_id, choice_id in best_choices(case).items():
        step = steps[step_id]
        best = next(c for c in step.choices if c.id == choice_id)
        others = [len(c.text) for c in step.choices if c.id != choice_id]
        if not others:
            continue
        mean = sum(others) / len(others)
        out.append((step_id, len(best.text) > max(others), len(best.text) / mean))
    return out


def case_report(case: Case) -> list[str]:
    """A case's shape in plain lines: plays and endings, the shortest best play, open red flags,
    how often the best option is the longest, and whether the best play asks everything."""
    result = explore(case, limit=MAX_STATES)
    facts = finished_facts(case)
    per_ending: dict[str, int] = {}
    for end, chosen in result.last_steps:
        per_ending[end] = per_ending.get(end, 0) + result.nodes[(end, chosen)][2]
    reached = ", ".join(
        f"{e.id} ({e.outcome}, {per_ending[e.id]})" for e in case.endings if e.id in per_ending
    )
    lines = [
        f"{case.id}: {result.plays} plays over {result.states} situations"
        + (" (walk cut short)" if result.truncated else ""),
        f"  endings reached (outcome, plays): {reached or 'none'}",
    ]
    best = [f for f in facts if f.ending.outcome == "best"]
    if not best:
        lines.append("  no play reaches a best ending")
        return lines
    shortest = min(best, key=lambda f: (len(f.chosen), tuple(sorted(f.chosen))))
    where = step_of_choice(case)
    path = result.path(shortest.situation)
    on_path = [s for s in dict.fromkeys(where[c] for c in path) if s in shortest.decisions]
    lines.append(
        f"  shortest best play: {len(path)} choices, {len(on_path)} decisions"
        f" ({', '.join(on_path) or 'none'}): {', '.join(path)}"
    )
    open_plays = [f for f in best if f.open_flags]
    if open_plays:
        flags = sorted({r for f in open_plays for r in f.open_flags})
        lines.append(
            f"  a best play leaves a red flag open: yes, {sum(f.plays for f in open_plays)} of "
            f"{sum(f.plays for f in best)} best plays ({', '.join(flags)})"
        )
    else:
        lines.append("  a best play leaves a red flag open: no")
    longest = longest_best_choices(case)
    lines.append(
        f"  best option is the longest: {sum(1 for _, is_longest, _ in longest if is_longest)} "
        f"of {len(longest)} decisions"
    )
    play = best_play(case)
    if play is not None:
        menu_items = {
            c.id
            for s in case.steps
            if step_role(s) == "menu" and any(where[x] == s.id for x in play.chosen)
            for c in s.choices
            if s.id in _places(c)
        }
        counters = ", ".join(
            f"{c.label.lower()} {_with_unit(play.counter(c.id), c.unit)}" for c in case.counters
        )
        everything = "yes" if menu_items and menu_items <= set(play.chosen) else "no"
        lines.append(
            f"  best-scoring play: {len(play.chosen)} choices ({counters}); "
            f"asks and examines everything on offer: {everything}"
        )
    return lines


def report_totals(cases: Iterable[Case]) -> list[str]:
    """The case report's closing lines over several cases."""
    cases = list(cases)
    longest = [x for case in cases for x in longest_best_choices(case)]
    n_longest = sum(1 for _, is_longest, _ in longest if is_longest)
    share = f" ({100 * n_longest / len(longest):.0f}%)" if longest else ""
    open_cases = [
        c.id
        for c in cases
        if any(f.open_flags for f in finished_facts(c) if f.ending.outcome == "best")
    ]
    return [
        f"{len(cases)} cases: the best option is the longest in {n_longest} of {len(longest)} decisions{share}",
        f"a best play leaves a red flag open in {len(open_cases)} of {len(cases)} cases"
        + (f" ({', '.join(open_cases)})" if open_cases else ""),
    ]
