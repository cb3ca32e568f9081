"""Is an NSAID reasonable for this patient? A rule check with every reason and its source.

``nsaid_check(age=70, gi_history="past-ulcer-or-bleed", medicines=["ssri"])``
reads the rules in data/nsaid_rules.yaml. The overall verdict is the most
serious one any rule gives ("avoid" > "caution" > "reasonable"); every rule
that applied is listed, most serious first, in the file's order. Teaching
material, not a prescribing tool.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..content.nsaid import FIELDS, Field, NsaidRuleFile, load_nsaid_rules
from ..errors import KneelibError

__all__ = [
    "NSAID_VERDICTS",
    "NsaidFinding",
    "NsaidInputError",
    "NsaidResult",
    "nsaid_check",
    "nsaid_fields",
]

NsaidVerdict = Literal["reasonable", "caution", "avoid"]
#: Verdicts from least to most serious.
NSAID_VERDICTS: tuple[str, ...] = ("reasonable", "caution", "avoid")


class NsaidInputError(KneelibError):
    """A patient-history entry the checker cannot use; the message says which and why."""


@dataclass(frozen=True)
class NsaidFinding:
    """One rule that applied: its verdict, the reason and the sources."""

    rule_id: str
    verdict: Literal["caution", "avoid"]
    reason: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class NsaidResult:
    """The checker's answer: overall verdict, every finding, and the advice that always applies."""

    verdict: NsaidVerdict
    findings: tuple[NsaidFinding, ...]
    summary: str
    summary_references: tuple[str, ...]
    advice: str
    advice_references: tuple[str, ...]

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id used, in order of first use, without repeats."""
        seen: dict[str, None] = {}
        for ref in (
            *(r for f in self.findings for r in f.references),
            *self.summary_references,
            *self.advice_references,
        ):
            seen.setdefault(ref, None)
        return tuple(seen)


def nsaid_fields() -> tuple[Field, ...]:
    """The questions the checker asks, in form order (name, kind, label, allowed values)."""
    return tuple(FIELDS.values())


def _normalise(field: Field, value: Any) -> Any:
    where = f"nsaid_check: {field.name}"
    if field.kind in ("integer", "optional-integer"):
        if value is None and field.kind == "optional-integer":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            what = "a whole number" + (" or nothing" if field.kind == "optional-integer" else "")
            raise NsaidInputError(f"{where}: expected {what}, found {value!r}")
        if not (field.minimum <= value <= field.maximum):
            raise NsaidInputError(
                f"{where}: expected a whole number from {field.minimum} to {field.maximum}, found {value}"
            )
        return value
    if field.kind == "flag":
        if not isinstance(value, bool):
            raise NsaidInputError(f"{where}: expected true or false, found {value!r}")
        return value
    if field.kind == "choice":
        if value not in field.allowed:
            raise NsaidInputError(
                f"{where}: expected one of {', '.join(field.allowed)}, found {value!r}"
            )
        return value
    # set
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise NsaidInputError(
            f"{where}: expected a list of {', '.join(field.allowed)}, found {value!r}"
        )
    items = list(value)
    unknown = [v for v in items if v not in field.allowed]
    if unknown:
        raise NsaidInputError(
            f"{where}: expected only {', '.join(field.allowed)}, found {', '.join(map(repr, unknown))}"
        )
    return frozenset(items)


def _answers(history: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in history if k not in FIELDS]
    if unknown:
        raise NsaidInputError(
            f"nsaid_check: expected only the items {', '.join(FIELDS)}, found unknown item(s) {', '.join(map(repr, unknown))}"
        )
    if "age" not in history:
        raise NsaidInputError("nsaid_check: age: expected a whole number of years, found nothing")
    return {name: _normalise(f, history.get(name, f.default)) for name, f in FIELDS.items()}


def nsaid_check(
    history: Mapping[str, Any] | None = None, /, rules: NsaidRuleFile | None = None, **answers: Any
) -> NsaidResult:
    """Check a patient history against the NSAID rules; raises NsaidInputError for unknown or invalid entries.

    Give the history as keywords (``age=70, kidney="mild"``) or as one mapping.
    Anything not given counts as absent ("none", false, not pregnant, no medicines).
    """
    merged = {**(dict(history) if history is not None else {}), **answers}
    values = _answers(merged)
    rules = rules if rules is not None else load_nsaid_rules()
    applied = [r for r in rules.rules if r.matches(values)]
    findings = tuple(
        NsaidFinding(r.id, r.verdict, r.reason, tuple(r.references))
        for r in sorted(applied, key=lambda r: -NSAID_VERDICTS.index(r.verdict))
    )
    verdict: NsaidVerdict = max(
        (f.verdict for f in findings), key=NSAID_VERDICTS.index, default="reasonable"
    )
    if not findings:
        summary, summary_refs = rules.no_rule.reason, tuple(rules.no_rule.references)
    else:
        n_avoid = sum(f.verdict == "avoid" for f in findings)
        n_caution = len(findings) - n_avoid
        parts = [
            f"{n} reason{'s' if n != 1 else ''} to {word}"
            for n, word in ((n_avoid, "avoid"), (n_caution, "take care"))
            if n
        ]
        summary = " and ".join(parts).capitalize() + "."
        summary_refs = ()
    return NsaidResult(
        verdict,
        findings,
        summary,
        summary_refs,
        rules.always.reason,
        tuple(rules.always.references),
    )
