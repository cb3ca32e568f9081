"""The management-plan builder: rate every option for a diagnosis and patient, then assess a student's plan.

Pure logic over data/management.yaml. Each option is rated first-line,
needs-information, not-indicated or harmful for the diagnosis; a patient fact
(for example true mechanical locking) or the NSAID checker's verdict can change
a rating. A plan is:

- "unsafe" when it contains a harmful option or misses an essential one
  (for a red flag, the same-day assessment);
- "incomplete" when it misses a first-line option;
- "complete" when it has every first-line option and nothing harmful;
- "empty" when nothing was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .clinical.nsaid import NsaidResult, nsaid_check
from .content.management import RATINGS, Diagnosis, ManagementFile, load_management
from .errors import KneelibError

__all__ = [
    "RATINGS",
    "PlanAssessment",
    "PlanInputError",
    "RatedOption",
    "RatingsTable",
    "assess_plan",
    "diagnoses",
    "patient_facts",
    "plan_options",
    "rate_options",
    "ratings_table",
]

PlanStatus = Literal["complete", "incomplete", "unsafe", "empty"]


class PlanInputError(KneelibError):
    """An unknown diagnosis, option or patient fact; the message lists the known ones."""


@dataclass(frozen=True)
class RatedOption:
    """One option's rating for this diagnosis and patient, with the reason and sources."""

    option_id: str
    text: str
    group: str
    rating: str
    reason: str
    references: tuple[str, ...]
    essential: bool = False
    nsaid: NsaidResult | None = None


@dataclass(frozen=True)
class PlanAssessment:
    """A student's plan assessed: each choice, what is missing, and the overall status."""

    diagnosis_id: str
    diagnosis_name: str
    status: PlanStatus
    message: str
    choices: tuple[RatedOption, ...]
    missing: tuple[RatedOption, ...]
    harmful: tuple[RatedOption, ...]

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id behind the choices and the missing options, once each."""
        seen: dict[str, None] = {}
        for r in (*self.choices, *self.missing):
            for ref in r.references:
                seen.setdefault(ref, None)
        return tuple(seen)


def _file(management: ManagementFile | None) -> ManagementFile:
    return management if management is not None else load_management()


def diagnoses(management: ManagementFile | None = None) -> tuple[tuple[str, str], ...]:
    """(id, name) of every diagnosis the builder knows, causes first then red flags."""
    data = _file(management)
    ordered = sorted(data.diagnoses, key=lambda d: d.group == "red-flag")
    return tuple((d.id, d.name) for d in ordered)


def plan_options(management: ManagementFile | None = None) -> tuple[tuple[str, str, str], ...]:
    """(id, text, group) of every option, in file order."""
    return tuple((o.id, o.text, o.group) for o in _file(management).options)


def patient_facts(management: ManagementFile | None = None) -> tuple[tuple[str, str], ...]:
    """(id, text) of every patient fact that can change a rating."""
    return tuple((f.id, f.text) for f in _file(management).patient_facts)


def _diagnosis(data: ManagementFile, diagnosis_id: Any) -> Diagnosis:
    for dx in data.diagnoses:
        if dx.id == diagnosis_id:
            return dx
    known = ", ".join(d.id for d in data.diagnoses)
    raise PlanInputError(f"diagnosis: expected one of {known}, found {diagnosis_id!r}")


def _facts(data: ManagementFile, facts: Iterable[str]) -> frozenset[str]:
    if isinstance(facts, (str, bytes)):
        raise PlanInputError(f"facts: expected a list of fact ids, found the text {facts!r}")
    given = frozenset(facts)
    known = [f.id for f in data.patient_facts]
    unknown = sorted(f for f in given if f not in known)
    if unknown:
        raise PlanInputError(
            f"facts: expected only {', '.join(known)}, found {', '.join(map(repr, unknown))}"
        )
    return given


def rate_options(
    diagnosis: str,
    facts: Iterable[str] = (),
    nsaid_history: Mapping[str, Any] | None = None,
    management: ManagementFile | None = None,
) -> tuple[RatedOption, ...]:
    """Every option rated for ``diagnosis`` and this patient, in file order.

    ``facts``: patient fact ids (see ``patient_facts()``); ``nsaid_history``: the
    keyword answers of ``nsaid_check`` (None when not taken, which leaves NSAID
    ratings as "needs-information"). Raises PlanInputError or NsaidInputError.
    """
    data = _file(management)
    dx = _diagnosis(data, diagnosis)
    present = _facts(data, facts)
    nsaid = nsaid_check(dict(nsaid_history)) if nsaid_history is not None else None
    nsaid_word = nsaid.verdict if nsaid is not None else "unknown"
    by_option: dict[str, RatedOption] = {}
    texts = {o.id: o for o in data.options}
    for rating in dx.ratings:
        chosen = (rating.rating, rating.reason, tuple(rating.references))
        uses_nsaid = False
        for ov in rating.overrides:
            if ov.if_nsaid is not None:
                uses_nsaid = True
            if (ov.if_fact is not None and ov.if_fact in present) or (
                ov.if_nsaid is not None and ov.if_nsaid == nsaid_word
            ):
                chosen = (ov.rating, ov.reason, tuple(ov.references))
                break
        for oid in rating.options:
            opt = texts[oid]
            by_option[oid] = RatedOption(
                oid,
                opt.text,
                opt.group,
                *chosen,
                essential=rating.essential,
                nsaid=nsaid if uses_nsaid else None,
            )
    return tuple(by_option[o.id] for o in data.options)


def assess_plan(
    diagnosis: str,
    chosen: Iterable[str],
    facts: Iterable[str] = (),
    nsaid_history: Mapping[str, Any] | None = None,
    management: ManagementFile | None = None,
) -> PlanAssessment:
    """Assess a student's plan: each chosen option's rating and reason, what is missing, and a status."""
    data = _file(management)
    if isinstance(chosen, (str, bytes)):
        raise PlanInputError(f"chosen: expected a list of option ids, found the text {chosen!r}")
    picks = list(dict.fromkeys(chosen))
    known = [o.id for o in data.options]
    unknown = [c for c in picks if c not in known]
    if unknown:
        raise PlanInputError(
            f"chosen: expected only {', '.join(known)}, found {', '.join(map(repr, unknown))}"
        )
    rated = {r.option_id: r for r in rate_options(diagnosis, facts, nsaid_history, data)}
    dx = _diagnosis(data, diagnosis)
    choices = tuple(rated[c] for c in known if c in picks)
    missing = tuple(
        r for r in rated.values() if r.rating == "first-line" and r.option_id not in picks
    )
    harmful = tuple(r for r in choices if r.rating == "harmful")
    missing_essential = [r for r in missing if r.essential]
    if not picks:
        status: PlanStatus = "empty"
        message = "Choose the options you would put in the plan, then check it."
    elif harmful or missing_essential:
        status = "unsafe"
        parts = []
        if harmful:
            parts.append(
                "it includes something harmful for this patient: "
                + "; ".join(r.text for r in harmful)
            )
        if missing_essential:
            parts.append(
                "it leaves out what this diagnosis needs first: "
                + "; ".join(r.text for r in missing_essential)
            )
        message = "This plan is unsafe: " + ", and ".join(parts) + "."
    elif missing:
        status = "incomplete"
        message = (
            f"Safe so far, but {len(missing)} first-line option{'s are' if len(missing) != 1 else ' is'} missing: "
            + "; ".join(r.text for r in missing)
            + "."
        )
    else:
        status = "complete"
        message = "Every first-line option is in the plan and nothing in it is harmful."
    return PlanAssessment(dx.id, dx.name, status, message, choices, missing, harmful)


@dataclass(frozen=True)
class RatingsTable:
    """Every option's rating for one diagnosis, best first; shows as a table in a notebook."""

    diagnosis_name: str
    rows: tuple[RatedOption, ...]

    def _repr_html_(self) -> str:
        import html

        from .text import cite, to_html

        symbols = {
            "first-line": "✔",
            "needs-information": "?",
            "not-indicated": "–",
            "harmful": "✘",
        }
        body = "".join(
            f"<tr><td>{html.escape(r.text)}</td><td>{symbols[r.rating]} {html.escape(r.rating)}</td>"
            f"<td>{to_html(r.reason)}</td><td>{html.escape(cite(r.references))}</td></tr>"
            for r in self.rows
        )
        return (
            f"<table><caption>{html.escape(self.diagnosis_name)}</caption><thead><tr><th>Option</th><th>Rating</th>"
            f"<th>Why</th><th>Sources</th></tr></thead><tbody>{body}</tbody></table>"
        )

    def __str__(self) -> str:
        return "\n".join(f"{r.rating:<18} {r.text}" for r in self.rows)


def ratings_table(
    diagnosis: str,
    facts: Iterable[str] = (),
    nsaid_history: Mapping[str, Any] | None = None,
    management: ManagementFile | None = None,
) -> RatingsTable:
    """Every option's rating for a diagnosis and patient as a table, best rating first."""
    data = _file(management)
    rated = sorted(
        rate_options(diagnosis, facts, nsaid_history, data), key=lambda r: RATINGS.index(r.rating)
    )
    return RatingsTable(_diagnosis(data, diagnosis).name, tuple(rated))
