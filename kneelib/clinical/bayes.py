"""Likelihood ratios and post-test probability: Bayes' theorem in odds form.

    LR+ = sensitivity / (1 - specificity)
    LR- = (1 - sensitivity) / specificity
    post-test odds = pre-test odds x LR,  where odds = p / (1 - p)

The arithmetic is done as ``p * LR / (p * LR + (1 - p))``, which is the same
formula without ever forming an infinite odds.

Edge cases (decided here, tested in tests/test_clinical_bayes.py):

* A pre-test probability of 0 stays 0 and one of 1 stays 1 for every finite,
  non-zero LR: certainty cannot be argued away by a test result.
* An LR of 0 (a negative result of a test with sensitivity 1) makes any
  pre-test probability below 1 become 0; an LR of infinity (a positive result
  of a test with specificity 1) makes any pre-test probability above 0
  become 1.
* Pre-test 0 with LR infinity, and pre-test 1 with LR 0, multiply 0 by
  infinity: the question has no answer, so a ``ValueError`` says so.
* Specificity 1 gives LR+ = infinity (when sensitivity > 0); sensitivity 1
  gives LR- = 0. Sensitivity 0 with specificity 1 (a test that is never
  positive) has LR+ = 0/0, and sensitivity 1 with specificity 0 (a test that is
  always positive) has LR- = 0/0: both raise ``ValueError``.
* Probabilities outside [0, 1], negative LRs and NaN raise ``ValueError``;
  anything that is not a real number (text, None, True/False) raises
  ``TypeError``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real

from ..errors import KneelibError

__all__ = [
    "BayesError",
    "apply_tests",
    "likelihood_ratios",
    "post_test_probability",
]


class BayesError(KneelibError):
    """A probability or likelihood ratio that is out of range or meaningless."""


def _number(where: str, name: str, value: object) -> float:
    """Return ``value`` as a float, or raise TypeError naming what was found."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{where}: {name}: expected a number, found {value!r} ({type(value).__name__})"
        )
    number = float(value)
    if math.isnan(number):
        raise BayesError(f"{where}: {name}: expected a number, found NaN")
    return number


def _probability(where: str, name: str, value: object) -> float:
    number = _number(where, name, value)
    if not 0.0 <= number <= 1.0:
        raise BayesError(f"{where}: {name}: expected a probability from 0 to 1, found {value!r}")
    return number


def likelihood_ratios(sensitivity: float, specificity: float) -> tuple[float, float]:
    """Return (positive LR, negative LR) for a test's sensitivity and specificity (both 0-1)."""
    where = "likelihood_ratios"
    sens = _probability(where, "sensitivity", sensitivity)
    spec = _probability(where, "specificity", specificity)
    if sens == 0.0 and spec == 1.0:
        raise BayesError(
            f"{where}: expected a test that can be positive, found sensitivity 0 and specificity 1 "
            "(never positive, so the positive LR is 0/0)"
        )
    if sens == 1.0 and spec == 0.0:
        raise BayesError(
            f"{where}: expected a test that can be negative, found sensitivity 1 and specificity 0 "
            "(always positive, so the negative LR is 0/0)"
        )
    lr_pos = math.inf if spec == 1.0 else sens / (1.0 - spec)
    lr_neg = math.inf if spec == 0.0 else (1.0 - sens) / spec
    return lr_pos, lr_neg


def post_test_probability(pretest: float, lr: float) -> float:
    """Return the probability after a result with likelihood ratio ``lr`` (post-odds = pre-odds x LR)."""
    where = "post_test_probability"
    p = _probability(where, "pretest", pretest)
    ratio = _number(where, "lr", lr)
    if ratio < 0.0:
        raise BayesError(f"{where}: lr: expected a likelihood ratio of 0 or more, found {lr!r}")
    if p == 0.0 and math.isinf(ratio):
        raise BayesError(
            f"{where}: expected a pre-test probability above 0 for an infinite LR, found pretest 0 "
            "(0 x infinity has no meaning)"
        )
    if p == 1.0 and ratio == 0.0:
        raise BayesError(
            f"{where}: expected a pre-test probability below 1 for an LR of 0, found pretest 1 "
            "(infinity x 0 has no meaning)"
        )
    if p == 0.0 or p == 1.0:
        return p
    if math.isinf(ratio):
        return 1.0
    weighted = p * ratio
    return weighted / (weighted + (1.0 - p))


def apply_tests(pretest: float, lrs: Iterable[float]) -> tuple[float, ...]:
    """Return the probability after each result in turn, each step's output being the next step's input.

    Chaining assumes the tests are independent given the condition; tests of
    the same structure usually are not, so treat a long chain as optimistic.
    """
    where = "apply_tests"
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, Iterable):
        raise TypeError(
            f"{where}: lrs: expected a list of likelihood ratios, found {lrs!r} ({type(lrs).__name__})"
        )
    current = _probability(where, "pretest", pretest)
    out: list[float] = []
    for step, lr in enumerate(lrs, start=1):
        try:
            current = post_test_probability(current, lr)
        except BayesError as exc:
            raise BayesError(
                f"{where}: step {step}: {str(exc).removeprefix('post_test_probability: ')}"
            ) from None
        except TypeError as exc:
            raise TypeError(
                f"{where}: step {step}: {str(exc).removeprefix('post_test_probability: ')}"
            ) from None
        out.append(current)
    return tuple(out)
