"""Likelihood ratios and post-test probability: exact arithmetic, edge cases, properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneelib.clinical import BayesError, apply_tests, likelihood_ratios, post_test_probability

# Probabilities strictly between 0 and 1, kept away from the ends so that the
# float arithmetic does not round them to 0 or 1.
open_prob = st.floats(min_value=1e-6, max_value=1 - 1e-6, allow_nan=False)
finite_lr = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


# ------------------------------------------------------------ likelihood_ratios


def test_likelihood_ratios_of_a_typical_test():
    assert likelihood_ratios(0.8, 0.9) == pytest.approx((8.0, 0.2 / 0.9))


def test_likelihood_ratios_exact_for_binary_fractions():
    assert likelihood_ratios(0.75, 0.5) == (1.5, 0.5)


def test_specificity_one_gives_infinite_positive_lr():
    lr_pos, lr_neg = likelihood_ratios(0.5, 1.0)
    assert lr_pos == math.inf
    assert lr_neg == 0.5


def test_sensitivity_one_gives_zero_negative_lr():
    assert likelihood_ratios(1.0, 0.75) == (4.0, 0.0)


def test_specificity_zero_gives_infinite_negative_lr():
    assert likelihood_ratios(0.5, 0.0) == (0.5, math.inf)


def test_useless_test_has_both_lrs_one():
    assert likelihood_ratios(0.5, 0.5) == (1.0, 1.0)


def test_never_positive_test_is_rejected():
    with pytest.raises(BayesError) as info:
        likelihood_ratios(0.0, 1.0)
    assert str(info.value) == (
        "likelihood_ratios: expected a test that can be positive, found sensitivity 0 and specificity 1 "
        "(never positive, so the positive LR is 0/0)"
    )


def test_always_positive_test_is_rejected():
    with pytest.raises(BayesError) as info:
        likelihood_ratios(1.0, 0.0)
    assert str(info.value) == (
        "likelihood_ratios: expected a test that can be negative, found sensitivity 1 and specificity 0 "
        "(always positive, so the negative LR is 0/0)"
    )


def test_sensitivity_above_one_is_rejected():
    with pytest.raises(ValueError) as info:
        likelihood_ratios(1.2, 0.9)
    assert (
        str(info.value)
        == "likelihood_ratios: sensitivity: expected a probability from 0 to 1, found 1.2"
    )


def test_negative_specificity_is_rejected():
    with pytest.raises(ValueError) as info:
        likelihood_ratios(0.9, -0.1)
    assert (
        str(info.value)
        == "likelihood_ratios: specificity: expected a probability from 0 to 1, found -0.1"
    )


def test_percent_instead_of_fraction_is_rejected():
    with pytest.raises(ValueError, match="found 90$"):
        likelihood_ratios(90, 0.5)


def test_text_sensitivity_is_a_type_error():
    with pytest.raises(TypeError) as info:
        likelihood_ratios("0.9", 0.9)
    assert str(info.value) == "likelihood_ratios: sensitivity: expected a number, found '0.9' (str)"


def test_boolean_is_not_a_number():
    with pytest.raises(TypeError) as info:
        likelihood_ratios(True, 0.9)
    assert str(info.value) == "likelihood_ratios: sensitivity: expected a number, found True (bool)"


def test_nan_specificity_is_rejected():
    with pytest.raises(ValueError) as info:
        likelihood_ratios(0.9, float("nan"))
    assert str(info.value) == "likelihood_ratios: specificity: expected a number, found NaN"


# -------------------------------------------------------- post_test_probability


def test_post_test_probability_by_odds():
    # pre-odds 1:1, LR 4 -> post-odds 4:1 -> 0.8
    assert post_test_probability(0.5, 4) == 0.8


def test_post_test_probability_low_pretest():
    # pre-odds 0.25, LR 9 -> post-odds 2.25 -> 2.25 / 3.25
    assert post_test_probability(0.2, 9) == pytest.approx(2.25 / 3.25)


def test_negative_result_lowers_probability():
    # pre-odds 1.5, LR 0.1 -> post-odds 0.15 -> 0.15 / 1.15
    assert post_test_probability(0.6, 0.1) == pytest.approx(0.15 / 1.15)


def test_lr_one_leaves_probability_unchanged():
    assert post_test_probability(0.37, 1) == pytest.approx(0.37)


def test_pretest_zero_stays_zero():
    assert post_test_probability(0.0, 50) == 0.0


def test_pretest_one_stays_one():
    assert post_test_probability(1.0, 0.01) == 1.0


def test_lr_zero_gives_zero():
    assert post_test_probability(0.9, 0.0) == 0.0


def test_lr_infinite_gives_one():
    assert post_test_probability(0.01, math.inf) == 1.0


def test_pretest_zero_with_infinite_lr_is_meaningless():
    with pytest.raises(BayesError) as info:
        post_test_probability(0.0, math.inf)
    assert str(info.value) == (
        "post_test_probability: expected a pre-test probability above 0 for an infinite LR, found pretest 0 "
        "(0 x infinity has no meaning)"
    )


def test_pretest_one_with_zero_lr_is_meaningless():
    with pytest.raises(BayesError) as info:
        post_test_probability(1.0, 0.0)
    assert str(info.value) == (
        "post_test_probability: expected a pre-test probability below 1 for an LR of 0, found pretest 1 "
        "(infinity x 0 has no meaning)"
    )


def test_negative_lr_is_rejected():
    with pytest.raises(ValueError) as info:
        post_test_probability(0.5, -2)
    assert (
        str(info.value)
        == "post_test_probability: lr: expected a likelihood ratio of 0 or more, found -2"
    )


def test_pretest_as_percent_is_rejected():
    with pytest.raises(ValueError) as info:
        post_test_probability(20, 2)
    assert (
        str(info.value)
        == "post_test_probability: pretest: expected a probability from 0 to 1, found 20"
    )


def test_none_lr_is_a_type_error():
    with pytest.raises(TypeError) as info:
        post_test_probability(0.5, None)
    assert str(info.value) == "post_test_probability: lr: expected a number, found None (NoneType)"


def test_bayes_error_is_a_value_error():
    assert issubclass(BayesError, ValueError)


# ------------------------------------------------------------------ apply_tests


def test_apply_tests_gives_probability_after_each_step():
    assert apply_tests(0.2, [4, 0.25]) == (0.5, 0.2)


def test_apply_tests_with_no_results_is_empty():
    assert apply_tests(0.3, []) == ()


def test_apply_tests_names_the_failing_step():
    with pytest.raises(BayesError) as info:
        apply_tests(0.4, [math.inf, 0.0])
    assert str(info.value) == (
        "apply_tests: step 2: expected a pre-test probability below 1 for an LR of 0, found pretest 1 "
        "(infinity x 0 has no meaning)"
    )


def test_apply_tests_names_a_bad_lr_type():
    with pytest.raises(TypeError) as info:
        apply_tests(0.4, [2, "high"])
    assert str(info.value) == "apply_tests: step 2: lr: expected a number, found 'high' (str)"


def test_apply_tests_rejects_a_single_number():
    with pytest.raises(TypeError) as info:
        apply_tests(0.4, 2)
    assert (
        str(info.value) == "apply_tests: lrs: expected a list of likelihood ratios, found 2 (int)"
    )


def test_apply_tests_rejects_bad_pretest():
    with pytest.raises(ValueError) as info:
        apply_tests(-0.1, [2])
    assert str(info.value) == "apply_tests: pretest: expected a probability from 0 to 1, found -0.1"


# ------------------------------------------------------------------- properties


@given(open_prob, st.floats(min_value=1.0, max_value=1e6, allow_nan=False))
def test_positive_lr_above_one_never_lowers_probability(pretest, lr):
    assert post_test_probability(pretest, lr) >= pretest


@given(open_prob, st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
def test_lr_below_one_never_raises_probability(pretest, lr):
    assert post_test_probability(pretest, lr) <= pretest


@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1e9, allow_nan=False),
)
def test_result_is_always_a_probability(pretest, lr):
    if pretest == 1.0 and lr == 0.0:
        return  # meaningless, tested above
    assert 0.0 <= post_test_probability(pretest, lr) <= 1.0


@given(open_prob, finite_lr, finite_lr)
def test_larger_lr_never_gives_lower_probability(pretest, lr_a, lr_b):
    low, high = sorted((lr_a, lr_b))
    assert post_test_probability(pretest, low) <= post_test_probability(pretest, high)


@given(st.floats(min_value=0.01, max_value=0.99), st.floats(min_value=0.01, max_value=100))
def test_lr_then_its_inverse_returns_to_start(pretest, lr):
    there = post_test_probability(pretest, lr)
    back = post_test_probability(there, 1 / lr)
    assert back == pytest.approx(pretest, rel=1e-9, abs=1e-12)


@given(
    st.floats(min_value=0.01, max_value=0.99),
    st.floats(min_value=0.01, max_value=100),
    st.floats(min_value=0.01, max_value=100),
)
def test_order_of_independent_results_does_not_matter(pretest, lr_a, lr_b):
    assert apply_tests(pretest, [lr_a, lr_b])[-1] == pytest.approx(
        apply_tests(pretest, [lr_b, lr_a])[-1], rel=1e-9
    )


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=0.999))
def test_specificity_below_one_gives_finite_positive_lr(sensitivity, specificity):
    if sensitivity == 1.0 and specificity == 0.0:
        return  # the always-positive test: rejected, tested above
    lr_pos, _ = likelihood_ratios(sensitivity, specificity)
    assert math.isfinite(lr_pos)


@given(st.floats(min_value=0.5, max_value=1.0), st.floats(min_value=0.5, max_value=1.0))
def test_better_than_chance_test_has_lr_pos_at_least_one_and_lr_neg_at_most_one(
    sensitivity, specificity
):
    lr_pos, lr_neg = likelihood_ratios(sensitivity, specificity)
    assert lr_pos >= 1.0 - 1e-12
    assert lr_neg <= 1.0 + 1e-12
