"""The two walking mimics (vascular claudication, popliteal entrapment) played in the case view to their debriefs."""

from __future__ import annotations

import pytest

from kneelib.content.cases import load_case
from kneelib.widgets.case import CaseView

CLAUDICATION_BEST = (
    "ask-walking",
    "ask-posture",
    "ask-risk",
    "ask-rest-pain",
    "to-exam",
    "exam-pulses",
    "exam-feet",
    "to-tests",
    "order-abpi",
    "dx-pad",
    "plan-exercise",
)

ENTRAPMENT_BEST = (
    "ask-pattern",
    "ask-risk",
    "ask-clot",
    "to-exam",
    "exam-pulses",
    "exam-provocation",
    "exam-calves",
    "to-tests",
    "order-duplex",
    "dx-paes",
    "plan-vascular",
)


def _view(case_id, store):
    return CaseView(load_case(case_id), store=store)


def _play(view, *choice_ids):
    for cid in choice_ids:
        view.choices.value = cid
        view.choose_button.click()


def test_claudication_best_play_reaches_its_debrief(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST)
    assert (
        "<h4>Debrief: Claudication recognised and treated at the source</h4>" in view.debrief.value
    )
    assert "Best outcome.</strong>" in view.debrief.value


def test_claudication_best_play_excludes_both_red_flags(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST)
    assert (
        "✓ Excluded or confirmed: Critical limb ischaemia: pain at rest, an ulcer or gangrene"
        in (view.debrief.value)
    )
    assert "✓ Excluded or confirmed: Popliteal artery aneurysm" in view.debrief.value


def test_claudication_best_play_scores_the_most_in_the_least_time(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST)
    assert "Score: 13 of a possible 13 (✓ as good as the best play)." in view.debrief.value
    assert (
        "Time used: 48 minutes; the best play needed 48 minutes (✓ no more than needed)."
        in view.debrief.value
    )


def test_claudication_asking_and_examining_everything_costs_more_time(store):
    view = _view("vascular-claudication", store)
    everything = (
        "ask-walking",
        "ask-posture",
        "ask-risk",
        "ask-rest-pain",
        "ask-knee",
        "to-exam",
        "exam-pulses",
        "exam-feet",
        "exam-knee",
        "exam-neuro",
        "to-tests",
        "order-abpi",
        "dx-pad",
        "plan-exercise",
    )
    _play(view, *everything)
    assert "Score: 13 of a possible 13 (✓ as good as the best play)." in view.debrief.value
    assert (
        "Time used: 56 minutes; the best play needed 48 minutes (✗ more than needed)."
        in view.debrief.value
    )


def test_claudication_abpi_result_is_shown_as_measured(store):
    view = _view("vascular-claudication", store)
    _play(view, "to-exam", "to-tests", "order-abpi")
    assert "Index: right 86/148 = 0.58, left 138/148 = 0.93." in view.findings.value


def test_claudication_no_rest_pain_question_leads_to_the_night_pain_call(store):
    view = _view("vascular-claudication", store)
    _play(view, "ask-walking", "to-exam", "exam-pulses", "exam-feet", "to-tests", "order-abpi")
    _play(view, "dx-pad", "plan-exercise")
    assert (
        "<em>You never asked about pain at rest or at night, and you gave him no warning signs to watch for.</em>"
        in view.story.value
    )
    assert [v for _, v in view.choices.options] == [
        "urgent-vascular",
        "stronger-painkillers",
        "routine-referral",
    ]


def test_claudication_painkillers_for_rest_pain_is_harmful(store):
    view = _view("vascular-claudication", store)
    _play(view, "to-exam", "to-tests", "order-abpi", "dx-pad", "plan-exercise")
    _play(view, "stronger-painkillers")
    assert "Harmful outcome.</strong> By the time the vascular team sees him" in view.debrief.value
    assert (
        "✗ Not excluded: Critical limb ischaemia: pain at rest, an ulcer or gangrene"
        in view.debrief.value
    )


def test_claudication_wrong_diagnosis_with_the_right_plan_is_only_acceptable(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST[:-2], "dx-stenosis", "plan-exercise")
    assert "<h4>Debrief: Right treatment, wrong label</h4>" in view.debrief.value
    assert "Acceptable outcome." in view.debrief.value


def test_claudication_debrief_grades_a_wrong_working_diagnosis(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST[:-2], "dx-stenosis", "plan-exercise")
    assert (
        "✗ Your working diagnosis: Lumbar spinal stenosis with neurogenic claudication; "
        "the diagnosis was Peripheral arterial disease with intermittent claudication."
    ) in view.debrief.value


def test_entrapment_debrief_grades_the_right_working_diagnosis(store):
    view = _view("popliteal-entrapment", store)
    _play(view, *ENTRAPMENT_BEST)
    assert (
        "✓ Your working diagnosis: Popliteal artery entrapment syndrome; "
        "the diagnosis was Popliteal artery entrapment syndrome."
    ) in view.debrief.value


def test_claudication_result_is_recorded_in_progress(store):
    view = _view("vascular-claudication", store)
    _play(view, *CLAUDICATION_BEST)
    record = store.cases[-1]
    assert (record["case_id"], record["ending"], record["counters"]) == (
        "vascular-claudication",
        "claudication-managed",
        {"score": 13, "safety": 3, "time": 48, "cost": 4},
    )


def test_entrapment_best_play_reaches_its_debrief(store):
    view = _view("popliteal-entrapment", store)
    _play(view, *ENTRAPMENT_BEST)
    assert "<h4>Debrief: Entrapment found and released</h4>" in view.debrief.value
    assert "Best outcome.</strong>" in view.debrief.value
    assert "✓ Excluded or confirmed: Deep vein thrombosis" in view.debrief.value


def test_entrapment_provocation_finding_is_revealed_at_the_bedside(store):
    view = _view("popliteal-entrapment", store)
    _play(view, "to-exam", "exam-provocation")
    assert (
        "the right dorsalis pedis and posterior tibial pulses fade and then disappear"
        in view.findings.value
    )


def test_entrapment_play_on_after_normal_rest_pulses_is_harmful(store):
    view = _view("popliteal-entrapment", store)
    _play(view, "ask-pattern", "to-exam", "exam-pulses", "to-tests", "order-abpi")
    _play(view, "dx-cecs", "plan-play-on")
    assert "Harmful outcome.</strong> Five months later" in view.debrief.value
    assert (
        "✗ Not excluded: A damaged popliteal artery (narrowing, occlusion, aneurysm or clot)"
        in view.debrief.value
    )


def test_entrapment_referral_without_the_manoeuvre_is_only_acceptable(store):
    view = _view("popliteal-entrapment", store)
    without_manoeuvre = tuple(c for c in ENTRAPMENT_BEST if c != "exam-provocation")
    _play(view, *without_manoeuvre)
    assert (
        "<em>You never felt the foot pulses while his calf contracted, the bedside sign of this problem.</em>"
        in view.story.value
    )
    assert "<h4>Debrief: Right referral, incomplete work-up</h4>" in view.debrief.value


@pytest.mark.parametrize(
    ("case_id", "plays"),
    [("vascular-claudication", CLAUDICATION_BEST), ("popliteal-entrapment", ENTRAPMENT_BEST)],
)
def test_finished_mimic_disables_the_choices_and_confirms_the_save(case_id, plays, store):
    view = _view(case_id, store)
    _play(view, *plays)
    assert (view.choices.disabled, view.choose_button.disabled) == (True, True)
    assert "Your result has been saved to your progress." in view.status.value
