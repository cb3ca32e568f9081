"""The Ottawa knee rule: is a knee X-ray indicated after an acute knee injury?

Stiell et al. derived the rule in 1,047 adults (1995) and validated it in
1,096 adults (1996) with acute knee injuries: a radiograph is indicated when
one or more of five findings is present. The rule is for acute injury only;
it says nothing about knee pain without injury (a hot swollen joint, a calf
swelling, a pulsatile mass), which needs the red-flag questions instead.

Teaching material, not a diagnostic tool.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from ..errors import InputError

__all__ = [
    "ADULT_AGE",
    "MAX_AGE",
    "MIN_AGE",
    "OTTAWA_AGE_THRESHOLD",
    "OTTAWA_CRITERIA",
    "OttawaCriterion",
    "OttawaResult",
    "ottawa_knee",
]

#: Age in years from which age alone indicates an X-ray (Stiell 1995, 1996).
OTTAWA_AGE_THRESHOLD: int = 55
#: The rule was derived and validated in adults.
ADULT_AGE: int = 18
#: Ages accepted by ``ottawa_knee`` (years, inclusive).
MIN_AGE: int = 0
MAX_AGE: int = 120


@dataclass(frozen=True)
class OttawaCriterion:
    """One finding of the rule: its name, wording and sources."""

    name: str
    label: str
    references: tuple[str, ...]


_STIELL = ("stiell-1995", "stiell-1996")

#: The five findings, in the order of the derivation paper's abstract.
OTTAWA_CRITERIA: tuple[OttawaCriterion, ...] = (
    OttawaCriterion("age_55_or_older", "Age 55 years or older", _STIELL),
    OttawaCriterion("fibular_head_tenderness", "Tenderness at the head of the fibula", _STIELL),
    OttawaCriterion(
        "isolated_patellar_tenderness",
        "Isolated tenderness of the patella (no other bony tenderness of the knee)",
        _STIELL,
    ),
    OttawaCriterion("unable_to_flex_90", "Unable to flex the knee to 90 degrees", _STIELL),
    OttawaCriterion(
        "unable_to_bear_weight_4_steps",
        "Unable to bear weight both immediately after the injury and in the emergency department (four steps; limping counts as bearing weight)",
        _STIELL,
    ),
)

#: Always shown: the rule's scope.
SCOPE_NOTE = (
    "The Ottawa knee rule applies to acute knee injuries only. It does not assess knee pain without an injury, "
    "and a negative rule does not rule out a red flag such as infection or a clot."
)
CHILD_NOTE = (
    "The rule was derived and validated in adults. In children the evidence disagrees: a multicentre study of 750 "
    "children aged 2-16 found it 100% sensitive for fractures (95% CI 94.9-100%), while a smaller study of 234 "
    "children missed 1 of 13 fractures (sensitivity 92%, 95% CI 64-99%). Use clinical judgement in children."
)


@dataclass(frozen=True)
class OttawaResult:
    """The outcome of ``ottawa_knee``: X-ray indicated or not, why, and the rule's limits."""

    x_ray_indicated: bool
    reasons: tuple[OttawaCriterion, ...]
    notes: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def reason_names(self) -> tuple[str, ...]:
        """Names of the findings that made the X-ray indicated."""
        return tuple(r.name for r in self.reasons)

    def what_next(self) -> str:
        """One line of advice for the result."""
        if self.x_ray_indicated:
            return "Knee X-ray indicated by the Ottawa knee rule (same-day imaging)."
        return "No finding of the Ottawa knee rule: a knee X-ray is not indicated by the rule; re-assess if walking or pain does not improve."


def _check_bool(name: str, value: object) -> bool:
    if type(value) is not bool:
        raise TypeError(
            f"ottawa_knee: {name}: expected True or False, found {value!r} ({type(value).__name__})"
        )
    return value


def _check_age(age: object) -> float:
    if isinstance(age, bool) or not isinstance(age, Real):
        raise TypeError(
            f"ottawa_knee: age: expected a number of years, found {age!r} ({type(age).__name__})"
        )
    value = float(age)
    if not math.isfinite(value) or not MIN_AGE <= value <= MAX_AGE:
        raise InputError(
            f"ottawa_knee: age: expected a number of years from {MIN_AGE} to {MAX_AGE}, found {age!r}"
        )
    return value


def ottawa_knee(
    age: float,
    isolated_patellar_tenderness: bool = False,
    fibular_head_tenderness: bool = False,
    unable_to_flex_90: bool = False,
    unable_to_bear_weight_4_steps: bool = False,
) -> OttawaResult:
    """Apply the Ottawa knee rule (Stiell 1995, 1996) after an acute knee injury."""
    years = _check_age(age)
    present = {
        "age_55_or_older": years >= OTTAWA_AGE_THRESHOLD,
        "isolated_patellar_tenderness": _check_bool(
            "isolated_patellar_tenderness", isolated_patellar_tenderness
        ),
        "fibular_head_tenderness": _check_bool("fibular_head_tenderness", fibular_head_tenderness),
        "unable_to_flex_90": _check_bool("unable_to_flex_90", unable_to_flex_90),
        "unable_to_bear_weight_4_steps": _check_bool(
            "unable_to_bear_weight_4_steps", unable_to_bear_weight_4_steps
        ),
    }
    reasons = tuple(c for c in OTTAWA_CRITERIA if present[c.name])
    notes = [SCOPE_NOTE]
    refs = list(_STIELL)
    if years < ADULT_AGE:
        notes.append(CHILD_NOTE)
        refs += ["bulloch-2003", "khine-2001"]
    return OttawaResult(
        x_ray_indicated=bool(reasons), reasons=reasons, notes=tuple(notes), references=tuple(refs)
    )
