"""kneelib: the tested helper package behind the posterior knee pain teaching series.

Notebooks call one function per interactive part. Every name in ``__all__`` can
be imported from ``kneelib`` directly (``from kneelib import show_quiz``); the
submodule that holds it is imported on first use, so ``import kneelib`` stays
cheap and a notebook pays only for what it shows.

Pure logic (no widgets): ``kneelib.quiz``, ``kneelib.qtypes`` (one handler per
question type), ``kneelib.lms`` (exports), ``kneelib.diagnosis``,
``kneelib.identify``, ``kneelib.cases``, ``kneelib.clinical``,
``kneelib.anatomy``, ``kneelib.loading``, ``kneelib.plans``, ``kneelib.review``,
``kneelib.conditions``, ``kneelib.results``, ``kneelib.progress``, ``kneelib.records``,
``kneelib.schedule``, ``kneelib.certainty``.
Content loading and validation: ``kneelib.content``. Figures: ``kneelib.figures``.
Views: ``kneelib.widgets``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # content
    "load_quiz": "kneelib.content",
    "load_question_bank": "kneelib.content",
    "load_references": "kneelib.content",
    "validate_paths": "kneelib.content",
    "ContentError": "kneelib.content",
    # quiz engine and progress
    "grade": "kneelib.quiz",
    "summarise": "kneelib.quiz",
    "missed_questions": "kneelib.quiz",
    "handler_for": "kneelib.qtypes",
    # question bank exports
    "to_moodle_xml": "kneelib.lms",
    "to_gift": "kneelib.lms",
    "to_qti_zip": "kneelib.lms",
    "ProgressStore": "kneelib.progress",
    # cases
    "load_case": "kneelib.cases",
    "start_case": "kneelib.cases",
    "next_step": "kneelib.cases",
    "replay": "kneelib.cases",
    "debrief": "kneelib.cases",
    # clinical calculators
    "wells_dvt": "kneelib.clinical",
    "ottawa_knee": "kneelib.clinical",
    "triage": "kneelib.clinical",
    "acr_knee_oa": "kneelib.clinical",
    "nice_oa_clinical": "kneelib.clinical",
    "likelihood_ratios": "kneelib.clinical",
    "post_test_probability": "kneelib.clinical",
    "apply_tests": "kneelib.clinical",
    "nsaid_check": "kneelib.clinical",
    # other pure logic
    "structures_table": "kneelib.anatomy",
    "get_structure": "kneelib.anatomy",
    "compare_conditions": "kneelib.conditions",
    "decide": "kneelib.loading",
    "assess_plan": "kneelib.plans",
    "rate_options": "kneelib.plans",
    "ChainState": "kneelib.diagnosis",
    "start_identify": "kneelib.identify",
    "draw_quiz": "kneelib.review",
    "spaced_review": "kneelib.review",
    "AttemptRecord": "kneelib.records",
    "cbm_mark": "kneelib.certainty",
    "calibration": "kneelib.certainty",
    "normalised_gain": "kneelib.gain",
    "student_gain": "kneelib.gain",
    "build_schedule": "kneelib.schedule",
    # views
    "show_quiz": "kneelib.widgets.quiz",
    "show_review": "kneelib.widgets.quiz",
    "show_case": "kneelib.widgets.case",
    "show_fossa": "kneelib.widgets.anatomy",
    "show_identify": "kneelib.widgets.anatomy",
    "show_gait": "kneelib.widgets.anatomy",
    "show_causes": "kneelib.widgets.anatomy",
    "show_valve_mechanism": "kneelib.widgets.bakers",
    "show_conditions": "kneelib.widgets.conditions",
    "show_acr_checker": "kneelib.widgets.oa",
    "show_nice_checker": "kneelib.widgets.oa",
    "show_kl_grades": "kneelib.widgets.oa",
    "show_loading_model": "kneelib.widgets.loading",
    "show_loading_planner": "kneelib.widgets.loading",
    "show_test_accuracy": "kneelib.widgets.meniscus",
    "show_wells": "kneelib.widgets.redflags",
    "show_ottawa": "kneelib.widgets.redflags",
    "show_triage": "kneelib.widgets.redflags",
    "show_sorting": "kneelib.widgets.redflags",
    "show_probability_updater": "kneelib.widgets.diagnosis",
    "show_accuracy": "kneelib.widgets.diagnosis",
    "show_fagan": "kneelib.widgets.diagnosis",
    "show_first_investigation": "kneelib.widgets.diagnosis",
    "show_nsaid_checker": "kneelib.widgets.treatment",
    "show_plan_builder": "kneelib.widgets.treatment",
    "show_capstone": "kneelib.widgets.review",
    "show_spaced_review": "kneelib.widgets.review",
    "show_progress_chart": "kneelib.widgets.review",
    "show_today": "kneelib.widgets.review",
    "show_warmup": "kneelib.widgets.review",
    "show_calibration": "kneelib.widgets.review",
    "show_test": "kneelib.widgets.gain",
    "show_gain": "kneelib.widgets.gain",
    "show_export": "kneelib.widgets.export",
    "show_workshop": "kneelib.widgets.workshop",
    "show_dashboard": "kneelib.widgets.dashboard",
    "show_glossary": "kneelib.widgets.glossary",
    "find_terms": "kneelib.glossary",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the submodule holding ``name`` on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kneelib' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
