"""The NSAID checker and plan builder views, driven like a student: set values, click, read the feedback."""

from __future__ import annotations

from kneelib.widgets.treatment import show_nsaid_checker, show_plan_builder


def test_default_history_is_reasonable_with_words_and_symbol():
    view = show_nsaid_checker()
    view.check.click()
    assert (
        '<span aria-hidden="true">✔</span> Reasonable:</strong> an oral NSAID for this patient'
        in view.feedback.value
    )
    assert "None of the listed risks applies" in view.feedback.value
    assert "lowest dose that works" in view.feedback.value


def test_every_reason_and_its_source_are_shown():
    view = show_nsaid_checker()
    view.inputs["age"].value = 72
    view.medicines["ssri"].value = True
    view.check.click()
    assert "⚠</span> Caution:</strong> an oral NSAID" in view.feedback.value
    assert "2 reasons to take care." in view.feedback.value
    assert "Age 65 or over" in view.feedback.value
    assert "An SSRI antidepressant" in view.feedback.value
    assert "(Source: NHS Greater Glasgow and Clyde 2026)" in view.feedback.value


def test_pregnancy_counts_only_when_ticked():
    view = show_nsaid_checker()
    view.inputs["age"].value = 30
    view.inputs["pregnancy_weeks"].value = 30
    view.check.click()
    assert "Reasonable:" in view.feedback.value
    view.pregnant.value = True
    view.check.click()
    assert "✘</span> Avoid:</strong> an oral NSAID" in view.feedback.value
    assert "last trimester" in view.feedback.value


def test_contraindication_from_a_dropdown_gives_avoid():
    view = show_nsaid_checker()
    view.inputs["heart_failure"].value = "severe"
    view.check.click()
    assert "Avoid:</strong>" in view.feedback.value
    assert "Severe heart failure is a contraindication" in view.feedback.value


def test_ace_inhibitor_with_a_diuretic_gives_avoid_with_the_triple_whammy_reason():
    view = show_nsaid_checker()
    view.medicines["ace-inhibitor-or-arb"].value = True
    view.check.click()
    assert "⚠</span> Caution:</strong> an oral NSAID" in view.feedback.value
    view.medicines["diuretic"].value = True
    view.check.click()
    assert "✘</span> Avoid:</strong> an oral NSAID" in view.feedback.value
    assert "1 reason to avoid and 2 reasons to take care." in view.feedback.value
    assert "triple whammy" in view.feedback.value
    assert (
        "(Source: Lapi et al. 2013; NHS Greater Glasgow and Clyde 2026; NICE 2015)"
        in view.feedback.value
    )


def test_an_anticoagulant_gives_avoid():
    view = show_nsaid_checker()
    view.medicines["anticoagulant"].value = True
    view.check.click()
    assert "✘</span> Avoid:</strong> an oral NSAID" in view.feedback.value
    assert "Paracetamol is the safer pain relief" in view.feedback.value


def test_an_impossible_age_shows_a_message_not_a_traceback():
    view = show_nsaid_checker()
    view.inputs["age"].max = 200
    view.inputs["age"].value = 150
    view.check.click()
    assert (
        "Cannot check yet:</strong> nsaid_check: age: expected a whole number from 16 to 120, found 150"
        in view.feedback.value
    )
    assert "Traceback" not in view.feedback.value


def test_history_reads_every_field():
    view = show_nsaid_checker()
    view.inputs["kidney"].value = "mild"
    view.medicines["diuretic"].value = True
    history = view.history()
    assert history["kidney"] == "mild"
    assert history["medicines"] == ["diuretic"]
    assert history["pregnancy_weeks"] is None


# ---------------------------------------------------------------- plan builder


def test_empty_plan_asks_for_choices():
    view = show_plan_builder(diagnosis="bakers-cyst")
    view.check.click()
    assert (
        "ℹ</span> Note:</strong> Choose the options you would put in the plan"
        in view.feedback.value
    )


def test_complete_plan_is_correct_and_each_choice_is_rated():
    view = show_plan_builder(diagnosis="osteoarthritis")
    for option in ("strengthening", "topical-nsaid", "ice"):
        view.options[option].value = True
    view.check.click()
    assert (
        "✔</span> Correct:</strong> Every first-line option is in the plan" in view.feedback.value
    )
    assert (
        "✔</span> First-line:</strong> NSAID gel rubbed on the knee (topical NSAID)."
        in view.feedback.value
    )


def test_incomplete_plan_lists_the_missing_options():
    view = show_plan_builder(diagnosis="hamstring-tendinopathy")
    view.options["ice"].value = True
    view.check.click()
    assert (
        "◐</span> Partly right:</strong> Safe so far, but 2 first-line options are missing"
        in view.feedback.value
    )
    assert "Missing first-line options" in view.feedback.value
    assert "Progressive tendon-loading programme" in view.feedback.value


def test_dvt_plan_without_assessment_is_unsafe():
    view = show_plan_builder(diagnosis="dvt")
    view.options["ice"].value = True
    view.check.click()
    assert "✘</span> Not quite:</strong> This plan is unsafe" in view.feedback.value
    assert "–</span> Not indicated:</strong> Cold pack" in view.feedback.value


def test_locking_fact_changes_the_arthroscopy_rating():
    view = show_plan_builder(diagnosis="meniscal-tear")
    view.options["arthroscopy"].value = True
    view.check.click()
    assert "Not indicated:</strong> Knee arthroscopy" in view.feedback.value
    view.facts["mechanical-locking"].value = True
    view.check.click()
    assert "?</span> Needs more information:</strong> Knee arthroscopy" in view.feedback.value


def test_linked_nsaid_checker_makes_oral_nsaid_harmful_with_its_reasons():
    checker = show_nsaid_checker()
    checker.inputs["kidney"].value = "moderate-or-severe"
    view = show_plan_builder(checker, diagnosis="osteoarthritis")
    view.options["oral-nsaid"].value = True
    view.check.click()
    assert "✘</span> Harmful:</strong> NSAID tablets such as ibuprofen" in view.feedback.value
    assert "NSAID check, avoid: Moderate or severe kidney impairment" in view.feedback.value


def test_unlinking_the_checker_leaves_oral_nsaid_needing_information():
    checker = show_nsaid_checker()
    checker.inputs["kidney"].value = "moderate-or-severe"
    view = show_plan_builder(checker, diagnosis="osteoarthritis")
    view.use_nsaid.value = False
    view.options["oral-nsaid"].value = True
    view.check.click()
    assert "Needs more information:</strong> NSAID tablets" in view.feedback.value


def test_without_a_checker_the_link_box_is_disabled():
    view = show_plan_builder()
    assert view.use_nsaid.disabled and not view.use_nsaid.value


def test_show_every_rating_lists_all_options_best_first():
    view = show_plan_builder(diagnosis="dvt")
    view.reveal.click()
    text = view.feedback.value
    assert "Every option for Suspected deep vein thrombosis, best first." in text
    assert text.index("First-line:</strong> Same-day assessment") < text.index(
        "Harmful:</strong> NSAID tablets"
    )
