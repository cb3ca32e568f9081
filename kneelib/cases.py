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
from collections.abc import Iterable, Mapping
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

__all__ = [
    "CaseMoveError",
    "CaseState",
    "CounterResult",
    "DebriefReport",
    "Event",
    "Exploration",
    "Move",
    "RedFlagResult",
    "available_choices",
    "complete_plays",
    "condition_holds",
    "counter_targets",
    "debrief",
    "debrief_lines",
    "explore",
    "load_case",
    "move",
    "next_step",
    "open_choices",
    "replay",
    "start_case",
]


class CaseMoveError(ValueError):
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
    chosen = chosen if isinstance(chosen, (set, frozenset)) else set(chosen)
    revealed = revealed if isinstance(revealed, (set, frozenset)) else set(revealed)
    if not all(c in chosen for c in cond.chosen):
        return False
    if any(c in chosen for c in cond.not_chosen):
        return False
    if not all(f in revealed for f in cond.revealed):
        return False
    if any(f in revealed for f in cond.not_revealed):
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
    """What one choice does to a situation: where it leads and the situation after it."""

    target: str
    note: str | None
    chosen: frozenset[str]
    revealed: frozenset[str]
    counters: dict[str, int]


def move(
    choice: Choice, chosen: frozenset[str], revealed: frozenset[str], counters: Mapping[str, int]
) -> Move:
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
                return Move(branch.goto, branch.note, chosen, revealed, new)
    return Move(choice.next, None, chosen, revealed, new)


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
    result = move(choice, frozenset(state.chosen), frozenset(state.revealed), dict(state.counters))
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
            if place in endings_by_id:
                endings[place] = endings.get(place, 0) + 1
                continue
            revealed, counters, here = nodes[situation][:3]
            moved = False
            for choice in open_choices(case, place, chosen, revealed, counters):
                moved = True
                result = move(choice, chosen, revealed, counters)
                nxt = (result.target, result.chosen)
                if result.target in endings_by_id:
                    last_steps.setdefault(nxt, set()).add(place)
                node = nodes.get(nxt)
                if node is not None:
                    node[2] += here
                else:
                    nodes[nxt] = [result.revealed, result.counters, here, situation, choice.id]
                    following.append(nxt)
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


def complete_plays(case: Case) -> list[CaseState]:
    """Finished plays with the case's best outcome that found every key finding and excluded every red flag.

    If no play manages all of that, every play with the best outcome is returned.
    """
    result = explore(case, limit=MAX_STATES)
    present = [
        o for o in OUTCOMES if any(case.ending(s.ending_id).outcome == o for s in result.finished)
    ]
    if not present:
        return []
    best = [s for s in result.finished if case.ending(s.ending_id).outcome == present[0]]
    keys = {f.id for f in case.findings if f.key}

    def thorough(state: CaseState) -> bool:
        counters = dict(state.counters)
        return keys <= set(state.revealed) and all(
            condition_holds(r.excluded_when, state.chosen, state.revealed, counters)
            for r in case.red_flags
        )

    return [s for s in best if thorough(s)] or best


def counter_targets(case: Case) -> dict[str, int]:
    """For each counter, what the best play needed (lower goals) or could reach (higher goals).

    "Needed" is the least time or cost among plays with the best outcome that
    found every key finding and excluded every red flag; "possible" is the
    highest score or safety among plays with the best outcome.
    """
    return _derived(case, "counter targets", lambda: _counter_targets(case))


def _counter_targets(case: Case) -> dict[str, int]:
    result = explore(case, limit=MAX_STATES)
    present = [
        o for o in OUTCOMES if any(case.ending(s.ending_id).outcome == o for s in result.finished)
    ]
    targets: dict[str, int] = {}
    if present:
        best = [s for s in result.finished if case.ending(s.ending_id).outcome == present[0]]
        complete = complete_plays(case)
        for counter in case.counters:
            if counter.goal == "lower":
                targets[counter.id] = min(s.counter(counter.id) for s in complete)
            else:
                targets[counter.id] = max(s.counter(counter.id) for s in best)
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
    sections["Teaching points"] = [tp.text for tp in report.teaching_points]
    return sections
