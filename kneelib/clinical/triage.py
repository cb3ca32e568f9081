"""Red-flag triage: from a set of findings to an urgency level with referenced reasons.

The findings, their levels and reasons live in ``data/red_flags.yaml`` (loaded by
``kneelib.content.red_flags``). The level is the most urgent of the findings
and of any listed combination they complete; when no finding is a red flag
the answer is "routine" (if a routine finding was given) or "self-care",
always with a reason and the advice on what should bring the person back.

Teaching material, not a diagnostic tool.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kneelib.content.red_flags import LEVELS, RedFlagFile, load_red_flags

from ..errors import KneelibError

__all__ = [
    "RED_FLAG_LEVELS",
    "TriageReason",
    "TriageResult",
    "UnknownFindingError",
    "known_findings",
    "triage",
]

#: Levels that count as red flags.
RED_FLAG_LEVELS: tuple[str, ...] = ("emergency", "urgent")


class UnknownFindingError(KneelibError):
    """A finding name that ``data/red_flags.yaml`` does not define."""


@dataclass(frozen=True)
class TriageReason:
    """Why a level was chosen: the finding(s), the suspected condition, the reason and its sources."""

    source: str
    findings: tuple[str, ...]
    level: str
    suspect: str
    text: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class TriageResult:
    """The outcome of ``triage``: level, where to send the patient and every reason."""

    level: str
    label: str
    where: str
    findings: tuple[str, ...]
    reasons: tuple[TriageReason, ...]

    @property
    def red_flag(self) -> bool:
        """True when the level is emergency or urgent."""
        return self.level in RED_FLAG_LEVELS

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id behind the reasons, in first-use order."""
        refs: list[str] = []
        for reason in self.reasons:
            refs.extend(r for r in reason.references if r not in refs)
        return tuple(refs)

    def what_next(self) -> str:
        """One line: the level and where the patient should go."""
        return f"{self.label}: {self.where}"


def known_findings(path: Path | None = None) -> tuple[str, ...]:
    """The finding names triage accepts, in file order."""
    return tuple(f.id for f in load_red_flags(path).findings)


def _names(findings: object, data: RedFlagFile) -> tuple[str, ...]:
    if isinstance(findings, (str, bytes)) or not isinstance(findings, Iterable):
        raise TypeError(
            f"triage: findings: expected a set or list of finding names, found {findings!r} ({type(findings).__name__})"
        )
    names: list[str] = []
    for name in findings:
        if not isinstance(name, str):
            raise TypeError(
                f"triage: findings: expected finding names as text, found {name!r} ({type(name).__name__})"
            )
        if name not in names:
            names.append(name)
    known = [f.id for f in data.findings]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnknownFindingError(
            "triage: findings: expected names from data/red_flags.yaml ("
            + ", ".join(known)
            + "), found unknown "
            + ", ".join(repr(n) for n in unknown)
        )
    # Report in file order so results do not depend on set iteration order.
    return tuple(n for n in known if n in names)


def triage(findings: Iterable[str], path: Path | None = None) -> TriageResult:
    """Sort findings into emergency / urgent / routine / self-care, with referenced reasons."""
    data = load_red_flags(path)
    names = _names(findings, data)
    by_id = {f.id: f for f in data.findings}
    reasons: list[TriageReason] = []
    for combo in data.combinations:
        if all(n in names for n in combo.all_of):
            reasons.append(
                TriageReason(
                    "combination",
                    combo.all_of,
                    combo.level,
                    combo.suspect,
                    combo.reason,
                    combo.references,
                )
            )
    for name in names:
        f = by_id[name]
        reasons.append(TriageReason("finding", (name,), f.level, f.suspect, f.reason, f.references))
    rank = {level: i for i, level in enumerate(LEVELS)}
    reasons.sort(key=lambda r: rank[r.level])  # stable: combinations first within a level
    if reasons and reasons[0].level in RED_FLAG_LEVELS:
        level = reasons[0].level
    else:
        level = "routine" if any(r.level == "routine" for r in reasons) else "self-care"
        none = data.no_red_flag
        reasons.insert(
            0, TriageReason("no-red-flag", (), level, "No red flag", none.reason, none.references)
        )
    info = next(lv for lv in data.levels if lv.id == level)
    return TriageResult(
        level=level, label=info.label, where=info.where, findings=names, reasons=tuple(reasons)
    )
