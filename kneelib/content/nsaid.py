"""NSAID safety rules: data/nsaid_rules.yaml, read by ``kneelib.clinical.nsaid``.

The questions the checker asks about a patient (``FIELDS``) are fixed here, in
one place; the rules that turn answers into "caution" or "avoid", with their
reasons and references, are data an instructor can read and correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import StrictBool, StrictInt, StrictStr, model_validator

from .base import (
    Id,
    Model,
    NonEmptyRefIds,
    Text,
    cached_loader,
    data_dir,
    duplicate_id_problems,
    load_checked,
    register_kind,
)

__all__ = [
    "FIELDS",
    "Field",
    "NsaidDefault",
    "NsaidRule",
    "NsaidRuleFile",
    "RuleCondition",
    "load_nsaid_rules",
    "nsaid_rules_path",
]


@dataclass(frozen=True)
class Field:
    """One question the NSAID checker asks about the patient."""

    name: str
    kind: Literal["integer", "choice", "flag", "set", "optional-integer"]
    label: str
    values: tuple[tuple[str, str], ...] = ()  # (value, label) for choice and set fields
    default: object = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        """The accepted values of a choice or set field."""
        return tuple(v for v, _ in self.values)


#: The patient history the checker understands, in the order a form shows it.
#: Bounds on numbers only reject impossible entries; they are not clinical thresholds.
FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("age", "integer", "Age (years)", minimum=16, maximum=120),
        Field(
            "gi_history",
            "choice",
            "Stomach ulcer or gut bleeding",
            (
                ("none", "never"),
                ("past-ulcer-or-bleed", "in the past"),
                ("active-ulcer-or-bleed", "now (active ulcer or bleeding)"),
            ),
            default="none",
        ),
        Field(
            "kidney",
            "choice",
            "Kidney disease",
            (
                ("none", "none known"),
                ("mild", "mild impairment"),
                ("moderate-or-severe", "moderate or severe impairment"),
            ),
            default="none",
        ),
        Field(
            "liver",
            "choice",
            "Liver disease",
            (
                ("none", "none known"),
                ("mild-or-moderate", "mild or moderate"),
                ("severe", "severe"),
            ),
            default="none",
        ),
        Field(
            "heart_failure",
            "choice",
            "Heart failure",
            (
                ("none", "none"),
                ("mild-or-moderate", "mild or moderate"),
                ("severe", "severe"),
            ),
            default="none",
        ),
        Field(
            "cardiovascular_disease",
            "flag",
            "Ischaemic heart disease (angina, heart attack), stroke or TIA, or peripheral arterial disease",
            default=False,
        ),
        Field("hypertension", "flag", "High blood pressure", default=False),
        Field(
            "asthma",
            "choice",
            "Asthma",
            (
                ("none", "no asthma"),
                ("asthma", "asthma, never worse with aspirin or NSAIDs"),
                ("aspirin-sensitive", "asthma made worse by aspirin or another NSAID"),
            ),
            default="none",
        ),
        Field(
            "nsaid_hypersensitivity",
            "flag",
            "Past reaction to aspirin or another NSAID (wheeze, runny nose, rash, swelling)",
            default=False,
        ),
        Field(
            "pregnancy_weeks",
            "optional-integer",
            "Weeks of pregnancy (leave empty if not pregnant)",
            minimum=0,
            maximum=45,
        ),
        Field(
            "medicines",
            "set",
            "Other medicines",
            (
                ("anticoagulant", "an anticoagulant (for example warfarin, apixaban, rivaroxaban)"),
                ("low-dose-aspirin", "low-dose aspirin to protect the heart"),
                ("ssri", "an SSRI antidepressant"),
                ("oral-corticosteroid", "a corticosteroid tablet (for example prednisolone)"),
                ("ace-inhibitor-or-arb", "an ACE inhibitor or angiotensin receptor blocker"),
                ("diuretic", "a diuretic ('water tablet')"),
                ("another-nsaid", "another NSAID, including a gel or one bought over the counter"),
            ),
            default=frozenset(),
        ),
    )
}

Verdict = Literal["caution", "avoid"]
Scalar = StrictBool | StrictInt | Id


class RuleCondition(Model):
    """When a rule applies: one field compared with one value or a range."""

    field: StrictStr
    equals: Scalar | None = None
    includes: Id | None = None
    at_least: StrictInt | None = None
    below: StrictInt | None = None

    @model_validator(mode="after")
    def _one_test(self) -> RuleCondition:
        f = FIELDS.get(self.field)
        if f is None:
            raise ValueError(f"field: expected one of {', '.join(FIELDS)}, found '{self.field}'")
        tests = [t for t in ("equals", "includes") if getattr(self, t) is not None]
        ranged = self.at_least is not None or self.below is not None
        if len(tests) + int(ranged) != 1:
            raise ValueError(
                "expected exactly one of 'equals', 'includes' or a range ('at_least'/'below'), "
                f"found {len(tests) + int(ranged)}"
            )
        if self.equals is not None:
            if f.kind == "choice" and self.equals not in f.allowed:
                raise ValueError(
                    f"equals: expected one of {', '.join(f.allowed)}, found {self.equals!r}"
                )
            if f.kind == "flag" and not isinstance(self.equals, bool):
                raise ValueError(
                    f"equals: expected true or false for '{f.name}', found {self.equals!r}"
                )
            if f.kind not in ("choice", "flag"):
                raise ValueError(
                    f"equals: expected 'includes' or a range for '{f.name}', found 'equals'"
                )
        if self.includes is not None and (f.kind != "set" or self.includes not in f.allowed):
            allowed = (
                ", ".join(f.allowed) if f.kind == "set" else f"nothing ('{f.name}' is not a list)"
            )
            raise ValueError(f"includes: expected one of {allowed}, found {self.includes!r}")
        if ranged and f.kind not in ("integer", "optional-integer"):
            raise ValueError(
                f"at_least: expected a range only on a number field, found one on '{f.name}'"
            )
        return self

    def matches(self, answers: dict[str, object]) -> bool:
        """True when the patient's answers meet this condition."""
        value = answers.get(self.field)
        if self.equals is not None:
            return value == self.equals
        if self.includes is not None:
            return isinstance(value, frozenset) and self.includes in value
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return (self.at_least is None or value >= self.at_least) and (
            self.below is None or value < self.below
        )


class NsaidRule(Model):
    """One rule: when it applies, what it means for an NSAID, why, and the source.

    ``when`` is one condition; ``when_all`` is a combination of two or more
    conditions that must all hold (for example two medicines taken together).
    """

    id: Id
    when: RuleCondition | None = None
    when_all: tuple[RuleCondition, ...] = ()
    verdict: Verdict
    reason: Text
    references: NonEmptyRefIds

    @model_validator(mode="after")
    def _one_kind_of_condition(self) -> NsaidRule:
        if self.when is not None and self.when_all:
            raise ValueError(
                "expected either 'when' (one condition) or 'when_all' (a combination), found both"
            )
        if self.when is None and not self.when_all:
            raise ValueError(
                "expected 'when' (one condition) or 'when_all' (a combination), found neither"
            )
        if self.when is None and len(self.when_all) < 2:
            raise ValueError(
                f"when_all: expected at least 2 conditions, found {len(self.when_all)}"
            )
        return self

    @property
    def conditions(self) -> tuple[RuleCondition, ...]:
        """Every condition of the rule (one, or each part of a combination)."""
        return (self.when,) if self.when is not None else self.when_all

    def matches(self, answers: dict[str, object]) -> bool:
        """True when the patient's answers meet every condition of this rule."""
        return all(c.matches(answers) for c in self.conditions)


class NsaidDefault(Model):
    """What is said when no rule applies, and advice that always applies."""

    reason: Text
    references: NonEmptyRefIds


class NsaidRuleFile(Model):
    """The whole rules file."""

    scope: Text
    always: NsaidDefault
    no_rule: NsaidDefault
    rules: tuple[NsaidRule, ...]


def _load(path: Path) -> NsaidRuleFile:
    return load_checked(
        path, NsaidRuleFile, lambda record, name: duplicate_id_problems(record.rules, name, "rules")
    )


def nsaid_rules_path() -> Path:
    """data/nsaid_rules.yaml."""
    return data_dir() / "nsaid_rules.yaml"


#: Load and validate the NSAID rules (data/nsaid_rules.yaml by default); raises ContentError.
load_nsaid_rules = cached_loader(_load, "nsaid_rules.yaml", "the NSAID rules file")


register_kind("nsaid-rules", "nsaid_rules.yaml", _load, NsaidRuleFile)
