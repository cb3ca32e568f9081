"""Clinical calculators: pure, exact functions with no widgets.

Each calculator lives in its own module; this package re-exports them.
"""
__all__: list[str] = []
from .bayes import BayesError, apply_tests, likelihood_ratios, post_test_probability  # noqa: E402
__all__ += ["BayesError", "apply_tests", "likelihood_ratios", "post_test_probability"]
