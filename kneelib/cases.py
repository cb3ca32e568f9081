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

from .content.cases import (
    MAX_STATES,
    OUTCOMES,
    Case,
    CaseCondition,
    Choice,
    Counter,
    Ending,
    Finding,
    TeachingPoint,
    load_case,
)
from .errors import KneelibError

__all__ = [
    "CaseMoveError",
    "CaseState",
    "CounterResult",
    "DebriefReport",
    "Event",
    "Exploration",
    "RedFlagResult",
    "available_choices",
    "complete_plays",
    "condition_holds",
    "counter_targets",
    "debrief",
    "debrief_lines",
    "explore",
    "load_case",
    "next_step",
    "replay",
    "start_case",
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


def available_choices(case: Case, state: CaseState) -> tuple[Choice, ...]:
    """The choices open now: at the current step, not yet made, and whose ``show_if`` holds."""
    if state.finished or state.step_id is None:
        return ()
    step = case.step(state.step_id)
    return tuple(c for c in step.choices if c.id not in state.chosen and _holds(c.show_if, state))


def _add_effects(choice: Choice, counters: Mapping[str, int]) -> dict[str, int]:
    """The counters after ``choice`` (a new dictionary)."""
    out = dict(counters)
    for name, delta in choice.effects.items():
        out[name] = out[name] + delta
    return out


def _target(
    choice: Choice, chosen: Iterable[str], revealed: Iterable[str], counters: Mapping[str, int]
) -> tuple[str, str | None]:
    """Where ``choice`` leads, given the play after it: the first branch that holds, else ``next``."""
    for branch in choice.branches:
        if condition_holds(branch.when, chosen, revealed, counters):
            return branch.goto, branch.note
    return choice.next, None


def _apply(
    choice: Choice, chosen: tuple[str, ...], revealed: tuple[str, ...], counters: dict[str, int]
) -> tuple[str, str | None, tuple[str, ...], tuple[str, ...], dict[str, int]]:
    """The effect of one choice: (target, branch note, chosen, revealed, counters), all new values."""
    counters = _add_effects(choice, counters)
    revealed = revealed + tuple(f for f in choice.reveals if f not in revealed)
    chosen = chosen + (choice.id,)
    target, note = _target(choice, chosen, revealed, counters)
    return target, note, chosen, revealed, counters


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
    target, note, chosen, revealed, counters = _apply(
        choice, state.chosen, state.revealed, dict(state.counters)
    )
    event = Event(
        step_id=state.step_id or "",
        choice_id=choice.id,
        choice_text=choice.text,
        feedback=choice.feedback,
        revealed=tuple(f for f in choice.reveals if f not in state.revealed),
        effects=tuple(choice.effects.items()),
        note=note,
    )
    ending = target if case.is_ending(target) else None
    return CaseState(
        case_id=case.id,
        step_id=None if ending else target,
        ending_id=ending,
        chosen=chosen,
        revealed=revealed,
        counters=tuple(counters.items()),
        events=state.events + (event,),
    )


def replay(case: Case, choice_ids: Iterable[str]) -> CaseState:
    """Play ``choice_ids`` in order from the start and return the final state."""
    state = start_case(case)
    for choice_id in choice_ids:
        state = next_step(case, state, choice_id)
    return state


# ----------------------------------------------------------------- walking


class _Bits:
    """Names (choice or finding ids) as bits of an int, so the walk stores and compares small ints."""

    def __init__(self, names: Iterable[str]):
        self.bit: dict[str, int] = {}
        for name in names:
            self.bit.setdefault(name, 1 << len(self.bit))
        self._names = tuple(self.bit.items())

    def mask(self, names: Iterable[str]) -> int:
        out = 0
        for name in names:
            out |= self.bit[name]
        return out

    def names(self, mask: int) -> frozenset[str]:
        return frozenset(name for name, bit in self._names if mask & bit)


@dataclass(frozen=True)
class Exploration:
    """Every situation reachable in a case (a situation is a place plus the set of choices made)."""

    case_id: str
    states: int
    endings: dict[str, int]
    dead_ends: list[tuple[str, tuple[str, ...]]]
    truncated: bool
    #: (ending, choices made, findings revealed, counters) of every finished situation, sets as bit masks.
    raw_finished: tuple[tuple[str, int, int, tuple[tuple[str, int], ...]], ...] = ()
    choice_bits: _Bits | None = None
    finding_bits: _Bits | None = None

    @functools.cached_property
    def finished(self) -> list[CaseState]:
        """Every finished play as a CaseState (choices and findings sorted, no event log); built on first use."""
        choices, findings = self.choice_bits, self.finding_bits
        return [
            CaseState(
                self.case_id,
                None,
                end,
                tuple(sorted(choices.names(chosen))),
                tuple(sorted(findings.names(revealed))),
                counters,
            )
            for end, chosen, revealed, counters in self.raw_finished
        ]


_EXPLORED: dict[int, tuple[Case, int, Exploration]] = {}
_CACHE_SIZE = 32


def _remember(cache: dict, key: int, value: tuple) -> None:
    """Store in a small cache that forgets its oldest entry (each entry keeps its case alive)."""
    cache[key] = value
    while len(cache) > _CACHE_SIZE:
        cache.pop(next(iter(cache)))


def explore(case: Case, limit: int = 200_000) -> Exploration:
    """Walk every distinct situation of ``case``; report endings reached, dead ends and finished plays.

    Choices are made at most once and counters only add up, so what can happen
    next depends only on the place and the set of choices made; the walk visits
    each such situation once and therefore covers every path.
    """
    cached = _EXPLORED.get(id(case))
    if cached is not None and cached[0] is case and cached[1] == limit:
        return cached[2]
    # A light walk over (place, choices made, findings, counters), the two sets held as
    # bit masks; they become sets of ids only where a condition must be read. Full
    # CaseStates (choices and findings sorted, no event log) are built only for finished
    # plays, on demand. The rules of a move are the ones next_step uses.
    choices = _Bits(c.id for step in case.steps for c in step.choices)
    findings = _Bits(f for step in case.steps for c in step.choices for f in c.reveals)
    moves = {
        step.id: [(c, choices.bit[c.id], findings.mask(c.reveals)) for c in step.choices]
        for step in case.steps
    }
    ending_ids = {ending.id for ending in case.endings}
    seen: set[tuple[str, int]] = set()
    endings: dict[str, int] = {}
    dead: list[tuple[str, tuple[str, ...]]] = []
    finished: list[tuple[str, int, int, tuple[tuple[str, int], ...]]] = []
    todo: list[tuple[str, int, int, dict[str, int]]] = [
        (case.start, 0, 0, {c.id: c.start for c in case.counters})
    ]
    truncated = False
    while todo:
        place, chosen, revealed, counters = todo.pop()
        if (place, chosen) in seen:
            continue
        seen.add((place, chosen))
        if len(seen) > limit:
            truncated = True
            break
        if place in ending_ids:
            endings[place] = endings.get(place, 0) + 1
            finished.append((place, chosen, revealed, tuple(counters.items())))
            continue
        moved = False
        for choice, bit, reveals in moves[place]:
            if chosen & bit or (
                choice.show_if is not None
                and not condition_holds(
                    choice.show_if, choices.names(chosen), findings.names(revealed), counters
                )
            ):
                continue
            moved = True
            new_chosen, new_revealed = chosen | bit, revealed | reveals
            new_counters = _add_effects(choice, counters) if choice.effects else counters
            target = choice.next
            if choice.branches:
                target, _note = _target(
                    choice, choices.names(new_chosen), findings.names(new_revealed), new_counters
                )
            if (target, new_chosen) not in seen:
                todo.append((target, new_chosen, new_revealed, new_counters))
        if not moved:
            dead.append((place, tuple(sorted(choices.names(chosen)))))
    result = Exploration(
        case.id, len(seen), endings, dead, truncated, tuple(finished), choices, findings
    )
    _remember(_EXPLORED, id(case), (case, limit, result))
    return result


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


_TARGETS: dict[int, tuple[Case, dict[str, int]]] = {}


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
    cached = _TARGETS.get(id(case))
    if cached is not None and cached[0] is case:
        return cached[1]
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
    _remember(_TARGETS, id(case), (case, targets))
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
