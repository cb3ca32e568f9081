"""Pain-monitored progression of tendon loading: progress, hold or step back, and why.

The rule follows the pain-monitoring model tested in Achilles tendinopathy
(Silbernagel et al. 2007); its thresholds come from data/loading.yaml:

* step back when pain during the session or after it went above the limit
  (5 out of 10), when the pain had not settled by the next morning, or when
  pain and stiffness are worse than last week;
* hold (repeat the same load) when every limit was respected so far but the
  next-morning response is not known yet;
* progress (a small step up) when every limit was respected, the pain had
  settled by the next morning and the week is not worse than the last.

Pure functions only: no widgets, no plotting.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .content.loading import (
    MORNING_RESPONSES,
    LoadingFile,
    PainMonitoring,
    SampleWeek,
    Stage,
    load_loading,
)
from .errors import KneelibError

__all__ = [
    "DECISIONS",
    "LoadingDecision",
    "LoadingInputError",
    "PlannedWeek",
    "decide",
    "next_level",
    "plan_programme",
    "sample_plan",
    "stage_for_level",
]

#: The three possible decisions, from most to least load.
DECISIONS: tuple[str, ...] = ("progress", "hold", "step back")


class LoadingInputError(KneelibError):
    """A pain response the rule cannot use (out of range, wrong type, unknown word)."""


@dataclass(frozen=True)
class LoadingDecision:
    """The rule's answer: the decision, the reasons in words and their sources."""

    decision: str
    reasons: tuple[str, ...]
    references: tuple[str, ...]


def _score(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LoadingInputError(
            f"{what}: expected a number from 0 to 10, found {value!r} ({type(value).__name__})"
        )
    number = float(value)
    if math.isnan(number) or not 0 <= number <= 10:
        raise LoadingInputError(f"{what}: expected a number from 0 to 10, found {value:g}")
    return number


def _show(number: float) -> str:
    return f"{number:g}/10"


def decide(
    pain_during: float,
    pain_after: float,
    morning: str,
    worse_than_last_week: bool = False,
    model: PainMonitoring | None = None,
) -> LoadingDecision:
    """Apply the pain-monitoring rule to one session's response: progress, hold or step back."""
    rules = model if model is not None else load_loading().pain_monitoring
    during = _score(pain_during, "pain during exercise")
    after = _score(pain_after, "pain after exercise")
    if morning not in MORNING_RESPONSES:
        raise LoadingInputError(
            "next-morning response: expected one of "
            + ", ".join(repr(m) for m in MORNING_RESPONSES)
            + f", found {morning!r}"
        )
    if not isinstance(worse_than_last_week, bool):
        raise LoadingInputError(
            f"worse than last week: expected true or false, found {worse_than_last_week!r}"
        )
    limit_during = float(rules.max_pain_during)
    limit_after = float(rules.max_pain_after)
    refs = tuple(rules.references)

    problems: list[str] = []
    if during > limit_during:
        problems.append(
            f"Pain during exercise was {_show(during)}, above the limit of {_show(limit_during)}."
        )
    if after > limit_after:
        problems.append(
            f"Pain after exercise was {_show(after)}, above the limit of {_show(limit_after)}."
        )
    if morning == "not settled":
        problems.append("The pain had not settled by the next morning.")
    if worse_than_last_week:
        problems.append("Pain and stiffness are worse than last week.")
    if problems:
        return LoadingDecision(
            "step back",
            tuple(problems) + ("Reduce the load until the response is back within the limits.",),
            refs,
        )
    within = (
        f"Pain during ({_show(during)}) and after ({_show(after)}) stayed within "
        f"the limits ({_show(limit_during)} during, {_show(limit_after)} after)."
    )
    if morning == "not yet known":
        return LoadingDecision(
            "hold",
            (
                within,
                "The next-morning response is not known yet: repeat the same load and judge it tomorrow morning.",
            ),
            refs,
        )
    return LoadingDecision(
        "progress",
        (
            within,
            "The pain had settled by the next morning and this week is not worse than last week.",
            "The model allows the same load again or a small step up.",
        ),
        refs,
    )


def _check_stages(stages: Sequence[Stage]) -> Sequence[Stage]:
    if isinstance(stages, (str, bytes)) or not stages:
        raise LoadingInputError(f"stages: expected a list of loading stages, found {stages!r}")
    return stages


def stage_for_level(level: int, stages: Sequence[Stage]) -> Stage:
    """The stage whose band of teaching levels contains ``level``."""
    stages = _check_stages(stages)
    if isinstance(level, bool) or not isinstance(level, int):
        raise LoadingInputError(
            f"level: expected a whole number, found {level!r} ({type(level).__name__})"
        )
    for stage in stages:
        if stage.first_level <= level <= stage.last_level:
            return stage
    raise LoadingInputError(
        f"level: expected a level from {stages[0].first_level} to {stages[-1].last_level}, found {level}"
    )


def next_level(level: int, decision: str, stages: Sequence[Stage]) -> int:
    """Next week's teaching level: up one after 'progress', same after 'hold', down one after 'step back'."""
    stage_for_level(level, stages)  # validates level and stages
    if decision not in DECISIONS:
        raise LoadingInputError(
            "decision: expected one of "
            + ", ".join(repr(d) for d in DECISIONS)
            + f", found {decision!r}"
        )
    lowest, highest = stages[0].first_level, stages[-1].last_level
    if decision == "progress":
        return min(level + 1, highest)
    if decision == "step back":
        return max(level - 1, lowest)
    return level


@dataclass(frozen=True)
class PlannedWeek:
    """One week of a programme: the load level trained, its stage and the decision that followed."""

    week: int
    level: int
    stage_id: str
    stage_name: str
    decision: LoadingDecision


def plan_programme(
    weeks: Iterable[SampleWeek],
    stages: Sequence[Stage],
    model: PainMonitoring,
    start_level: int = 1,
) -> tuple[PlannedWeek, ...]:
    """Run the rule week by week: each week's response decides the next week's level."""
    stages = _check_stages(stages)
    level = start_level
    stage_for_level(level, stages)
    planned: list[PlannedWeek] = []
    for number, week in enumerate(weeks, start=1):
        stage = stage_for_level(level, stages)
        decision = decide(
            week.pain_during, week.pain_after, week.morning, week.worse_than_last_week, model
        )
        planned.append(PlannedWeek(number, level, stage.id, stage.name, decision))
        level = next_level(level, decision.decision, stages)
    return tuple(planned)


def sample_plan(content: LoadingFile | None = None) -> tuple[PlannedWeek, ...]:
    """The sample programme of data/loading.yaml, run through the rule."""
    data = content if content is not None else load_loading()
    programme = data.sample_programme
    return plan_programme(programme.weeks, data.stages, data.pain_monitoring, programme.start_level)
