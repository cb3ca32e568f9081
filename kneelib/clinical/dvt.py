"""The Wells score for deep vein thrombosis (DVT), with NICE's next steps per band.

Points follow the modified score of Wells et al. 2003 (NEJM), which added
"previously documented DVT" (+1) to the original nine items of Wells et al.
1997 (Lancet); NICE NG158 (table 1) uses the 2003 version. Bands:

* two-level (NICE NG158, Wells 2003): 2 points or more "likely", 1 or less "unlikely";
* three-level (Wells 1997): 0 or less "low", 1-2 "moderate", 3 or more "high".
  Wells 1997 derived these bands for the score *without* the previous-DVT item;
  applying them to the modified score is a common convention, not the original rule.

Teaching material, not a diagnostic tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "WELLS_CRITERIA",
    "WELLS_MAX",
    "WELLS_MIN",
    "WELLS_NEXT_STEPS",
    "NextStep",
    "WellsCriterion",
    "WellsResult",
    "wells_dvt",
]


@dataclass(frozen=True)
class WellsCriterion:
    """One item of the Wells DVT score: keyword name, wording, points and sources."""

    name: str
    label: str
    points: int
    references: tuple[str, ...]


_BOTH = ("wells-2003", "nice-ng158")

#: The ten items in NICE NG158's order; wording follows NICE table 1.
WELLS_CRITERIA: tuple[WellsCriterion, ...] = (
    WellsCriterion(
        "active_cancer",
        "Active cancer (treatment ongoing, within 6 months, or palliative)",
        1,
        _BOTH,
    ),
    WellsCriterion(
        "paralysis_or_recent_cast",
        "Paralysis, paresis or recent plaster immobilisation of the lower extremities",
        1,
        _BOTH,
    ),
    WellsCriterion(
        "bedridden_or_recent_surgery",
        "Recently bedridden for 3 days or more, or major surgery within 12 weeks requiring general or regional anaesthesia",
        1,
        _BOTH,
    ),
    WellsCriterion(
        "localized_deep_vein_tenderness",
        "Localised tenderness along the distribution of the deep venous system",
        1,
        _BOTH,
    ),
    WellsCriterion("entire_leg_swollen", "Entire leg swollen", 1, _BOTH),
    WellsCriterion(
        "calf_swelling_3cm",
        # NICE's table gives no measuring point; Wells' original table measures 10 cm below the tibial tuberosity.
        "Calf swelling at least 3 cm larger than the asymptomatic side (measured 10 cm below the tibial tuberosity)",
        1,
        (*_BOTH, "wells-1997"),
    ),
    WellsCriterion("pitting_edema", "Pitting oedema confined to the symptomatic leg", 1, _BOTH),
    WellsCriterion(
        "collateral_superficial_veins", "Collateral superficial veins (non-varicose)", 1, _BOTH
    ),
    WellsCriterion("previous_dvt", "Previously documented DVT", 1, _BOTH),
    WellsCriterion(
        "alternative_diagnosis_as_likely",
        "An alternative diagnosis is at least as likely as DVT",
        -2,
        _BOTH,
    ),
)

#: The lowest and highest possible scores.
WELLS_MIN: int = sum(c.points for c in WELLS_CRITERIA if c.points < 0)
WELLS_MAX: int = sum(c.points for c in WELLS_CRITERIA if c.points > 0)

TwoLevel = Literal["likely", "unlikely"]
ThreeLevel = Literal["low", "moderate", "high"]


@dataclass(frozen=True)
class NextStep:
    """One recommended step for a band, with the sources that say so."""

    text: str
    references: tuple[str, ...]


#: NICE NG158 recommendations 1.1.3-1.1.8, summarised in our own words.
WELLS_NEXT_STEPS: dict[str, tuple[NextStep, ...]] = {
    "likely": (
        NextStep(
            "Offer a proximal leg vein ultrasound scan, with the result available within 4 hours if possible.",
            ("nice-ng158", "nice-qs201"),
        ),
        NextStep("If the scan is positive, diagnose DVT and treat it.", ("nice-ng158",)),
        NextStep("If the scan is negative, do a D-dimer test.", ("nice-ng158",)),
        NextStep(
            "If the scan result cannot be had within 4 hours: take a D-dimer test, offer interim therapeutic "
            "anticoagulation and get the scan result within 24 hours.",
            ("nice-ng158",),
        ),
        NextStep(
            "Scan negative but D-dimer positive: stop interim anticoagulation and repeat the proximal leg vein "
            "ultrasound 6 to 8 days later.",
            ("nice-ng158",),
        ),
        NextStep(
            "Scan and D-dimer both negative (or the repeat scan negative): DVT is unlikely; look for another "
            "diagnosis and tell the person which symptoms should bring them back.",
            ("nice-ng158",),
        ),
    ),
    "unlikely": (
        NextStep(
            "Offer a D-dimer test with the result available within 4 hours if possible; if it cannot be had "
            "within 4 hours, offer interim therapeutic anticoagulation while waiting.",
            ("nice-ng158",),
        ),
        NextStep(
            "D-dimer negative: DVT is unlikely; look for another diagnosis and tell the person which symptoms "
            "should bring them back.",
            ("nice-ng158",),
        ),
        NextStep(
            "D-dimer positive: offer a proximal leg vein ultrasound scan with the result within 4 hours if "
            "possible (otherwise interim therapeutic anticoagulation and a scan result within 24 hours).",
            ("nice-ng158",),
        ),
    ),
}


@dataclass(frozen=True)
class WellsResult:
    """The outcome of ``wells_dvt``: score, both bandings and the items that scored."""

    score: int
    two_level: TwoLevel
    three_level: ThreeLevel
    criteria: tuple[WellsCriterion, ...]

    @property
    def criteria_names(self) -> tuple[str, ...]:
        """Keyword names of the items that scored, in table order."""
        return tuple(c.name for c in self.criteria)

    @property
    def next_steps(self) -> tuple[NextStep, ...]:
        """NICE NG158's next steps for this two-level band."""
        return WELLS_NEXT_STEPS[self.two_level]

    @property
    def references(self) -> tuple[str, ...]:
        """Reference ids behind the score, the bands and the next steps."""
        refs = ["wells-2003", "wells-1997", "nice-ng158"]
        for step in self.next_steps:
            refs.extend(r for r in step.references if r not in refs)
        return tuple(refs)

    def what_next(self) -> str:
        """One line: the first NICE step for this band."""
        return self.next_steps[0].text


def two_level_band(score: int) -> TwoLevel:
    """NICE NG158 / Wells 2003: 2 points or more 'likely', 1 point or less 'unlikely'."""
    return "likely" if score >= 2 else "unlikely"


def three_level_band(score: int) -> ThreeLevel:
    """Wells 1997: 0 or less 'low', 1-2 'moderate', 3 or more 'high'."""
    if score <= 0:
        return "low"
    if score <= 2:
        return "moderate"
    return "high"


def _check_bool(function: str, name: str, value: object) -> bool:
    if type(value) is not bool:
        raise TypeError(
            f"{function}: {name}: expected True or False, found {value!r} ({type(value).__name__})"
        )
    return value


def wells_dvt(
    *,
    active_cancer: bool = False,
    paralysis_or_recent_cast: bool = False,
    bedridden_or_recent_surgery: bool = False,
    localized_deep_vein_tenderness: bool = False,
    entire_leg_swollen: bool = False,
    calf_swelling_3cm: bool = False,
    pitting_edema: bool = False,
    collateral_superficial_veins: bool = False,
    previous_dvt: bool = False,
    alternative_diagnosis_as_likely: bool = False,
) -> WellsResult:
    """Score the Wells DVT rule (Wells 2003, as in NICE NG158) and band it two ways."""
    given = dict(locals())
    scored = tuple(c for c in WELLS_CRITERIA if _check_bool("wells_dvt", c.name, given[c.name]))
    score = sum(c.points for c in scored)
    return WellsResult(
        score=score,
        two_level=two_level_band(score),
        three_level=three_level_band(score),
        criteria=scored,
    )
