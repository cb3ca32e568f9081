"""Clinical calculators: pure, exact functions with no widgets.

Each calculator lives in its own module; this package re-exports them.
"""

__all__: list[str] = []
from .bayes import BayesError, apply_tests, likelihood_ratios, post_test_probability

__all__ += ["BayesError", "apply_tests", "likelihood_ratios", "post_test_probability"]
from .dvt import WELLS_CRITERIA, WellsResult, wells_dvt  # noqa: E402
from .ottawa import OTTAWA_CRITERIA, OttawaResult, ottawa_knee  # noqa: E402
from .triage import TriageResult, UnknownFindingError, known_findings, triage  # noqa: E402

__all__ += [
    "OTTAWA_CRITERIA",
    "WELLS_CRITERIA",
    "OttawaResult",
    "TriageResult",
    "UnknownFindingError",
    "WellsResult",
    "known_findings",
    "ottawa_knee",
    "triage",
    "wells_dvt",
]
from .oa import AcrResult, NiceOaResult, acr_knee_oa, nice_oa_clinical  # noqa: E402

__all__ += ["AcrResult", "NiceOaResult", "acr_knee_oa", "nice_oa_clinical"]
from .nsaid import (  # noqa: E402
    NSAID_VERDICTS,
    NsaidFinding,
    NsaidInputError,
    NsaidResult,
    nsaid_check,
    nsaid_fields,
)

__all__ += [
    "NSAID_VERDICTS",
    "NsaidFinding",
    "NsaidInputError",
    "NsaidResult",
    "nsaid_check",
    "nsaid_fields",
]
