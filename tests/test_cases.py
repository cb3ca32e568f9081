"""The case engine: counters, conditional branches, endings, replay, debrief, and a walk of every case."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneelib.cases import (
    CaseMoveError,
    available_choices,
    condition_holds,
    counter_targets,
    debrief,
    debrief_lines,
    explore,
    next_step,
    replay,
    start_case,
)
from kneelib.content.cases import CaseCondition, case_ids, load_case, load_case_file

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine" / "example-swollen-calf.yaml"


@pytest.fixture(scope="module")
def case():
    return load_case_file(FIXTURE)


def _ids(choices):
    return [c.id for c in choices]


# ----------------------------------------------------------------- start


def test_start_is_at_the_start_step_with_counters_at_start_values(case):
    state = start_case(case)
    assert (state.step_id, state.ending_id, state.chosen, state.counter_values) == (
        "assess",
        None,
        (),
        {"score": 0, "safety": 0, "time": 0},
    )


def test_start_offers_the_start_steps_choices(case):
    assert _ids(available_choices(case, start_case(case))) == ["examine-legs", "move-on"]


# -------------------------------------------------------------- counters


def test_a_choice_adds_its_effects_to_the_counters(case):
    state = next_step(case, start_case(case), "examine-legs")
    assert state.counter_values == {"score": 2, "safety": 0, "time": 10}


def test_effects_accumulate_over_choices(case):
    state = replay(case, ["examine-legs", "move-on", "order-scan"])
    assert state.counter_values == {"score": 4, "safety": 2, "time": 190}


def test_negative_effects_lower_a_counter(case):
    state = replay(case, ["move-on", "send-home"])
    assert state.counter_values == {"score": -2, "safety": -2, "time": 0}


def test_a_choice_reveals_its_findings(case):
    state = next_step(case, start_case(case), "examine-legs")
    assert state.revealed == ("calf-swollen", "wells-likely")


def test_a_choice_that_stays_on_its_step_is_not_offered_again(case):
    state = next_step(case, start_case(case), "examine-legs")
    assert (state.step_id, _ids(available_choices(case, state))) == ("assess", ["move-on"])


def test_the_original_state_is_not_changed(case):
    state = start_case(case)
    next_step(case, state, "examine-legs")
    assert state.chosen == () and state.counter_values["score"] == 0


# --------------------------------------------------------------- branches


def test_branch_is_taken_when_its_condition_holds(case):
    state = replay(case, ["move-on", "order-scan"])
    assert state.ending_id == "treated-late"


def test_branch_is_skipped_when_its_condition_fails(case):
    state = replay(case, ["examine-legs", "move-on", "order-scan"])
    assert state.ending_id == "treated"


def test_branch_note_is_kept_in_the_story(case):
    state = replay(case, ["move-on", "order-scan"])
    assert (
        state.events[-1].note
        == "Without an examination the request is queried and the scan waits until tomorrow."
    )


def test_show_if_hides_a_choice_until_its_condition_holds(case):
    data = case.model_dump()
    data["steps"][1]["choices"][1]["show_if"] = {"chosen": ["examine-legs"]}
    gated = type(case).model_validate(data)
    without = next_step(gated, start_case(gated), "move-on")
    with_exam = replay(gated, ["examine-legs", "move-on"])
    assert (_ids(available_choices(gated, without)), _ids(available_choices(gated, with_exam))) == (
        ["order-scan"],
        ["order-scan", "send-home"],
    )


def test_counter_condition_at_least_includes_the_bound():
    cond = CaseCondition(counter="safety", at_least=2)
    assert (
        condition_holds(cond, [], [], {"safety": 2}),
        condition_holds(cond, [], [], {"safety": 1}),
    ) == (True, False)


def test_counter_condition_below_excludes_the_bound():
    cond = CaseCondition(counter="safety", below=0)
    assert (
        condition_holds(cond, [], [], {"safety": -1}),
        condition_holds(cond, [], [], {"safety": 0}),
    ) == (True, False)


def test_condition_parts_are_joined_by_and():
    cond = CaseCondition(chosen=["a"], not_revealed=["f"])
    results = [
        condition_holds(cond, ch, rv, {}) for ch, rv in ((["a"], []), (["a"], ["f"]), ([], []))
    ]
    assert results == [True, False, False]


def test_counter_bound_without_counter_is_refused():
    with pytest.raises(
        ValueError, match="expected 'counter' next to 'at_least' or 'below', found no counter"
    ):
        CaseCondition(at_least=1)


# ---------------------------------------------------------------- endings


def test_reaching_an_ending_finishes_the_play(case):
    state = replay(case, ["move-on", "send-home"])
    assert (state.finished, state.ending_id, state.step_id, available_choices(case, state)) == (
        True,
        "sent-home",
        None,
        (),
    )


def test_no_move_after_an_ending(case):
    state = replay(case, ["move-on", "send-home"])
    with pytest.raises(CaseMoveError) as info:
        next_step(case, state, "order-scan")
    assert str(info.value) == (
        "case 'example-swollen-calf': expected a play still in progress, "
        "found one that reached ending 'sent-home'"
    )


def test_a_choice_not_open_now_is_refused(case):
    with pytest.raises(CaseMoveError) as info:
        next_step(case, start_case(case), "order-scan")
    assert str(info.value) == (
        "case 'example-swollen-calf': step 'assess': expected one of the choices open now "
        "(examine-legs, move-on), found 'order-scan'"
    )


def test_a_choice_cannot_be_made_twice(case):
    state = next_step(case, start_case(case), "examine-legs")
    with pytest.raises(CaseMoveError):
        next_step(case, state, "examine-legs")


# ----------------------------------------------------------------- replay


def test_replay_equals_playing_step_by_step(case):
    state = start_case(case)
    for cid in ["examine-legs", "move-on", "order-scan"]:
        state = next_step(case, state, cid)
    assert replay(case, ["examine-legs", "move-on", "order-scan"]) == state


def test_replay_of_nothing_is_a_fresh_start(case):
    assert replay(case, []) == start_case(case)


def test_a_replayed_case_can_reach_a_different_ending(case):
    first = replay(case, ["move-on", "send-home"])
    second = replay(case, ["examine-legs", "move-on", "order-scan"])
    assert (first.ending_id, second.ending_id) == ("sent-home", "treated")


# ---------------------------------------------------------------- debrief


def test_debrief_lists_found_and_missed_key_findings(case):
    report = debrief(case, replay(case, ["move-on", "order-scan"]))
    assert ([f.id for f in report.found], [f.id for f in report.missed]) == (
        ["scan-clot"],
        ["calf-swollen", "wells-likely"],
    )


def test_debrief_marks_red_flags_excluded_or_not(case):
    done = debrief(case, replay(case, ["move-on", "order-scan"]))
    missed = debrief(case, replay(case, ["move-on", "send-home"]))
    assert ([r.excluded for r in done.red_flags], [r.excluded for r in missed.red_flags]) == (
        [True],
        [False],
    )


def test_debrief_compares_counters_with_the_best_play(case):
    report = debrief(case, replay(case, ["move-on", "order-scan"]))
    assert [(c.id, c.value, c.target, c.met) for c in report.counters] == [
        ("score", 2, 4, False),
        ("safety", 2, 2, True),
        ("time", 180, 190, True),
    ]


def test_debrief_lines_use_words_and_symbols(case):
    lines = debrief_lines(debrief(case, replay(case, ["examine-legs", "move-on", "order-scan"])))
    assert lines["Counters"] == [
        "Score: 4 of a possible 4 (✓ as good as the best play).",
        "Safety (red flags addressed): 2 of a possible 2 (✓ as good as the best play).",
        "Time used: 190 minutes; the best play needed 190 minutes (✓ no more than needed).",
    ]
    assert lines["Red flags"] == ["✓ Excluded or confirmed: Deep vein thrombosis"]


def test_debrief_lines_name_missed_findings(case):
    lines = debrief_lines(debrief(case, replay(case, ["move-on", "send-home"])))
    assert lines["Findings"] == [
        "✗ Missed: The left calf is 4 cm larger than the right and tender along the deep veins.",
        '✗ Missed: His two-level DVT Wells score is 2 or more, so DVT is "likely".',
        "✗ Missed: Proximal leg vein ultrasound: a thrombus in the popliteal vein.",
    ]


def test_debrief_carries_the_endings_teaching_points_and_references(case):
    report = debrief(case, replay(case, ["move-on", "send-home"]))
    assert ([tp.text for tp in report.teaching_points], report.references) == (
        ["A swollen, tender calf needs the Wells score and the DVT pathway, not reassurance."],
        ("nice-ng158",),
    )


def test_debrief_of_an_unfinished_play_is_refused(case):
    with pytest.raises(CaseMoveError) as info:
        debrief(case, start_case(case))
    assert str(info.value) == (
        "case 'example-swollen-calf': expected a finished play for the debrief, "
        "found one still at step 'assess'"
    )


# ------------------------------------------------------------------- walk


def test_explore_counts_every_situation_of_the_example(case):
    result = explore(case)
    assert (result.states, result.endings, result.dead_ends, result.truncated) == (
        8,
        {"sent-home": 2, "treated-late": 1, "treated": 1},
        [],
        False,
    )


@pytest.mark.parametrize("case_id", case_ids())
def test_every_path_of_every_case_reaches_an_ending(case_id):
    result = explore(load_case(case_id))
    assert (result.dead_ends, result.truncated) == ([], False)


@pytest.mark.parametrize("case_id", case_ids())
def test_every_ending_of_every_case_is_reached_by_some_path(case_id):
    case = load_case(case_id)
    assert set(explore(case).endings) == {e.id for e in case.endings}


@pytest.mark.parametrize("case_id", case_ids())
def test_every_finished_path_has_a_debrief_for_its_ending(case_id):
    case = load_case(case_id)
    finished = explore(case).finished
    assert all(debrief(case, state).ending.id == state.ending_id for state in finished)


@pytest.mark.parametrize("case_id", case_ids())
def test_every_case_can_reach_its_best_ending_with_every_key_finding_and_red_flag(case_id):
    case = load_case(case_id)
    keys = {f.id for f in case.findings if f.key}
    thorough = [
        s
        for s in explore(case).finished
        if case.ending(s.ending_id).outcome == "best"
        and keys <= set(s.revealed)
        and all(r.excluded for r in debrief(case, s).red_flags)
    ]
    assert thorough != []


def test_time_needed_counts_only_thorough_best_plays():
    case = load_case("bakers-cyst")
    # ask-pattern 2 + ask-knee 2 + to-exam 1 + exam-fossa-vessels 8 + ultrasound 20 + plan 5
    assert counter_targets(case)["time"] == 38
