"""Clinical calculators: pure, exact functions with no widgets.

Each calculator lives in its own module; this package re-exports them.
"""
__all__: list[str] = []
from .bayes import BayesError, apply_tests, likelihood_ratios, post_test_probability  # noqa: E402
__all__ += ["BayesError", "apply_tests", "likelihood_ratios", "post_test_probability"]
from .dvt import WELLS_CRITERIA, WellsResult, wells_dvt  # noqa: E402
from .ottawa import OTTAWA_CRITERIA, OttawaResult, ottawa_knee  # noqa: E402
from .triage import TriageResult, UnknownFindingError, known_findings, triage  # noqa: E402

__all__ += ["WELLS_CRITERIA", "WellsResult", "wells_dvt", "OTTAWA_CRITERIA", "OttawaResult", "ottawa_knee",
            "TriageResult", "UnknownFindingError", "known_findings", "triage"]
from .oa import acr_knee_oa, nice_oa_clinical, AcrResult, NiceOaResult  # noqa: E402
__all__ += ["acr_knee_oa", "nice_oa_clinical", "AcrResult", "NiceOaResult"]
from .nsaid import NSAID_VERDICTS, NsaidFinding, NsaidInputError, NsaidResult, nsaid_check, nsaid_fields  # noqa: E402
__all__ += ["NSAID_VERDICTS", "NsaidFinding", "NsaidInputError", "NsaidResult", "nsaid_check", "nsaid_fields"]
