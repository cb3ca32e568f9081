"""Knee osteoarthritis: the ACR 1986 classification criteria and NICE's clinical diagnosis.

Pure functions, no widgets. Both are teaching aids for classification, not a
diagnostic device.

ACR (Altman et al. 1986, traditional format), three sets:

* ``clinical``: knee pain + at least 3 of 6 (age > 50 years, morning stiffness
  < 30 minutes, crepitus, bony tenderness, bony enlargement, no palpable warmth);
  sensitivity 95%, specificity 69%.
* ``clinical-radiographic``: knee pain + osteophytes + at least 1 of 3 (age > 50
  years, morning stiffness < 30 minutes, crepitus); 91% / 86%.
* ``clinical-laboratory``: knee pain + at least 5 of 9 (the six clinical items,
  ESR < 40 mm/h, rheumatoid factor titre < 1:40, synovial fluid signs of OA);
  92% / 75%.

The thresholds are strict, as published: age exactly 50 is not "> 50", morning
stiffness of exactly 30 minutes is not "< 30 minutes", an ESR of exactly 40 is
not "< 40". No morning stiffness at all (0 minutes) counts as less than 30
minutes.

NICE NG226 (2022, recommendation 1.1.1): diagnose osteoarthritis clinically,
without imaging, in people aged 45 or over with activity-related joint pain and
either no morning joint-related stiffness or stiffness lasting no longer than
30 minutes (so exactly 30 minutes qualifies).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from ..errors import InputError

__all__ = [
    "ACR_CRITERIA",
    "ACR_SETS",
    "NICE_CRITERIA",
    "AcrCriterion",
    "AcrResult",
    "AcrSet",
    "NiceOaResult",
    "acr_knee_oa",
    "nice_oa_clinical",
]

ACR_REFERENCES: tuple[str, ...] = ("altman-1986",)
NICE_REFERENCES: tuple[str, ...] = ("nice-ng226",)


@dataclass(frozen=True)
class AcrCriterion:
    """One countable ACR criterion: its id and the wording shown to students."""

    id: str
    label: str


#: Every countable criterion, in the paper's order.
ACR_CRITERIA: dict[str, AcrCriterion] = {
    c.id: c
    for c in (
        AcrCriterion("age-over-50", "Age over 50 years"),
        AcrCriterion("stiffness-under-30", "Morning stiffness under 30 minutes"),
        AcrCriterion("crepitus", "Crepitus on active motion"),
        AcrCriterion("bony-tenderness", "Bony tenderness"),
        AcrCriterion("bony-enlargement", "Bony enlargement"),
        AcrCriterion("no-palpable-warmth", "No palpable warmth"),
        AcrCriterion("esr-under-40", "ESR under 40 mm/h"),
        AcrCriterion("rf-under-1-40", "Rheumatoid factor titre under 1:40"),
        AcrCriterion(
            "synovial-fluid-oa",
            "Synovial fluid signs of OA (clear, viscous or white cells under 2000/mm3)",
        ),
    )
}


@dataclass(frozen=True)
class AcrSet:
    """One published criteria set: what is required, what is counted, how it performed."""

    id: str
    name: str
    counted: tuple[str, ...]
    needed: int
    needs_osteophytes: bool
    sensitivity: int  # percent, as published
    specificity: int  # percent, as published


_CLINICAL = (
    "age-over-50",
    "stiffness-under-30",
    "crepitus",
    "bony-tenderness",
    "bony-enlargement",
    "no-palpable-warmth",
)

#: The three traditional-format sets of Altman et al. (1986).
ACR_SETS: dict[str, AcrSet] = {
    s.id: s
    for s in (
        AcrSet("clinical", "Clinical", _CLINICAL, 3, False, 95, 69),
        AcrSet(
            "clinical-radiographic",
            "Clinical and radiographic",
            ("age-over-50", "stiffness-under-30", "crepitus"),
            1,
            True,
            91,
            86,
        ),
        AcrSet(
            "clinical-laboratory",
            "Clinical and laboratory",
            _CLINICAL + ("esr-under-40", "rf-under-1-40", "synovial-fluid-oa"),
            5,
            False,
            92,
            75,
        ),
    )
}


@dataclass(frozen=True)
class AcrResult:
    """The outcome of applying one ACR set: which criteria are met and whether the knee is classified."""

    criteria_set: str
    knee_pain: bool
    osteophytes: bool | None
    met: tuple[str, ...]
    not_met: tuple[str, ...]
    needed: int
    classified: bool
    sensitivity: int
    specificity: int
    references: tuple[str, ...] = ACR_REFERENCES

    @property
    def count(self) -> int:
        """How many of the counted criteria are met."""
        return len(self.met)

    def summary(self) -> str:
        """One plain sentence: the classification and why."""
        chosen = ACR_SETS[self.criteria_set]
        total = len(chosen.counted)
        if not self.knee_pain:
            why = "knee pain is required and is absent"
        elif chosen.needs_osteophytes and not self.osteophytes:
            why = "osteophytes on the radiograph are required and are absent"
        else:
            why = f"{self.count} of {total} criteria met, at least {self.needed} needed"
        verdict = (
            "Classified as knee osteoarthritis"
            if self.classified
            else "Not classified as knee osteoarthritis"
        )
        return (
            f"{verdict} by the ACR {chosen.name.lower()} criteria: {why}. "
            f"Published sensitivity {self.sensitivity}%, specificity {self.specificity}%."
        )


# ----------------------------------------------------------------- checking


def _where(func: str, name: str) -> str:
    return f"{func}: {name}"


def _check_bool(func: str, name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(
            f"{_where(func, name)}: expected true or false, found {value!r} ({type(value).__name__})"
        )
    return value


def _check_number(func: str, name: str, value: object, low: float, high: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{_where(func, name)}: expected a number of {unit}, found {value!r} ({type(value).__name__})"
        )
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise InputError(
            f"{_where(func, name)}: expected {unit} between {low:g} and {high:g}, found {value!r}"
        )
    return number


def _required(func: str, name: str, value: object, set_id: str) -> object:
    if value is None:
        raise InputError(
            f"{_where(func, name)}: expected a value for the {set_id} set, found nothing"
        )
    return value


def acr_knee_oa(
    *,
    knee_pain: bool,
    age: float,
    morning_stiffness_minutes: float,
    crepitus: bool,
    bony_tenderness: bool,
    bony_enlargement: bool,
    palpable_warmth: bool,
    criteria_set: str = "clinical",
    osteophytes: bool | None = None,
    esr_mm_h: float | None = None,
    rf_titre: float | None = None,
    synovial_fluid_oa: bool | None = None,
) -> AcrResult:
    """Apply one ACR 1986 knee OA criteria set; return the criteria met and the published accuracy.

    ``morning_stiffness_minutes`` is 0 when there is no morning stiffness.
    ``rf_titre`` is the reciprocal of the rheumatoid factor titre (40 for 1:40).
    Osteophytes are needed only for the clinical-radiographic set; ESR, RF and
    synovial fluid only for the clinical-laboratory set.
    """
    func = "acr_knee_oa"
    if criteria_set not in ACR_SETS:
        raise ValueError(
            f"{func}: criteria_set: expected one of {sorted(ACR_SETS)}, found {criteria_set!r}"
        )
    chosen = ACR_SETS[criteria_set]
    knee_pain = _check_bool(func, "knee_pain", knee_pain)
    age = _check_number(func, "age", age, 0, 130, "years")
    stiffness = _check_number(
        func, "morning_stiffness_minutes", morning_stiffness_minutes, 0, 1440, "minutes"
    )
    values: dict[str, bool] = {
        "age-over-50": age > 50,
        "stiffness-under-30": stiffness < 30,
        "crepitus": _check_bool(func, "crepitus", crepitus),
        "bony-tenderness": _check_bool(func, "bony_tenderness", bony_tenderness),
        "bony-enlargement": _check_bool(func, "bony_enlargement", bony_enlargement),
        "no-palpable-warmth": not _check_bool(func, "palpable_warmth", palpable_warmth),
    }
    if chosen.needs_osteophytes:
        osteophytes = _check_bool(
            func, "osteophytes", _required(func, "osteophytes", osteophytes, criteria_set)
        )
    elif osteophytes is not None:
        osteophytes = _check_bool(func, "osteophytes", osteophytes)
    if criteria_set == "clinical-laboratory":
        esr = _check_number(
            func, "esr_mm_h", _required(func, "esr_mm_h", esr_mm_h, criteria_set), 0, 200, "mm/h"
        )
        rf = _check_number(
            func,
            "rf_titre",
            _required(func, "rf_titre", rf_titre, criteria_set),
            0,
            1_000_000,
            "reciprocal titre",
        )
        fluid = _check_bool(
            func,
            "synovial_fluid_oa",
            _required(func, "synovial_fluid_oa", synovial_fluid_oa, criteria_set),
        )
        values.update(
            {"esr-under-40": esr < 40, "rf-under-1-40": rf < 40, "synovial-fluid-oa": fluid}
        )
    met = tuple(c for c in chosen.counted if values[c])
    not_met = tuple(c for c in chosen.counted if not values[c])
    classified = (
        knee_pain
        and len(met) >= chosen.needed
        and (bool(osteophytes) or not chosen.needs_osteophytes)
    )
    return AcrResult(
        criteria_set=criteria_set,
        knee_pain=knee_pain,
        osteophytes=osteophytes,
        met=met,
        not_met=not_met,
        needed=chosen.needed,
        classified=classified,
        sensitivity=chosen.sensitivity,
        specificity=chosen.specificity,
    )


# --------------------------------------------------------------------- NICE

#: NICE NG226 1.1.1, criterion ids and wording (all three are needed).
NICE_CRITERIA: dict[str, str] = {
    "age-45-or-over": "Aged 45 or over",
    "activity-related-pain": "Activity-related joint pain",
    "stiffness-30-or-less": "No morning joint-related stiffness, or stiffness lasting no longer than 30 minutes",
}


@dataclass(frozen=True)
class NiceOaResult:
    """The outcome of NICE's clinical diagnosis of osteoarthritis."""

    met: tuple[str, ...]
    not_met: tuple[str, ...]
    diagnosis: bool
    references: tuple[str, ...] = NICE_REFERENCES

    def summary(self) -> str:
        """One plain sentence: whether NICE's clinical diagnosis applies and why."""
        if self.diagnosis:
            return "Meets NICE's clinical diagnosis of osteoarthritis (all 3 features present); no imaging is needed to diagnose it."
        missing = "; ".join(NICE_CRITERIA[c].lower() for c in self.not_met)
        return f"Does not meet NICE's clinical diagnosis of osteoarthritis: missing {missing}."


def nice_oa_clinical(
    *, age: float, activity_related_joint_pain: bool, morning_stiffness_minutes: float
) -> NiceOaResult:
    """NICE NG226 clinical diagnosis: age 45 or over, activity-related joint pain, morning stiffness of 30 minutes or less.

    ``morning_stiffness_minutes`` is 0 when there is no morning stiffness.
    """
    func = "nice_oa_clinical"
    age = _check_number(func, "age", age, 0, 130, "years")
    pain = _check_bool(func, "activity_related_joint_pain", activity_related_joint_pain)
    stiffness = _check_number(
        func, "morning_stiffness_minutes", morning_stiffness_minutes, 0, 1440, "minutes"
    )
    values = {
        "age-45-or-over": age >= 45,
        "activity-related-pain": pain,
        "stiffness-30-or-less": stiffness <= 30,
    }
    met = tuple(c for c, ok in values.items() if ok)
    not_met = tuple(c for c, ok in values.items() if not ok)
    return NiceOaResult(met=met, not_met=not_met, diagnosis=not not_met)
