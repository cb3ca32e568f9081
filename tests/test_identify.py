"""The 'identify the structure' exercise as a pure state: attempts, the first-time score, moving on."""

from __future__ import annotations

import pytest

from kneelib.anatomy import identification_order
from kneelib.content.anatomy import load_structures
from kneelib.identify import IdentifyState, start_identify

STRUCTURES = load_structures()


@pytest.fixture
def state():
    return start_identify("notebook-01", STRUCTURES)


def test_a_fresh_exercise_follows_the_keyed_order_with_nothing_scored(state):
    assert (state.order, state.number, state.total, state.attempt, state.score, state.done) == (
        identification_order("notebook-01", STRUCTURES),
        1,
        len(STRUCTURES),
        1,
        0,
        frozenset(),
    )


def test_right_at_the_first_attempt_scores_once_and_counts_as_done(state):
    after, result = state.check("Small saphenous vein", STRUCTURES)
    assert (result.correct, after.score, after.attempt, after.done) == (
        True,
        1,
        2,
        frozenset({"small-saphenous-vein"}),
    )
    again, _ = after.check("Small saphenous vein", STRUCTURES)
    assert again.score == 1  # the same structure never scores twice


def test_check_returns_a_new_state_and_leaves_the_old_one(state):
    state.check("Tibial nerve", STRUCTURES)
    assert (state.attempt, state.score) == (1, 0)


def test_a_first_miss_gives_a_hint_and_reveals_nothing(state):
    after, result = state.check("Tibial nerve", STRUCTURES)
    assert (result.correct, result.revealed, after.attempt, after.done) == (
        False,
        False,
        2,
        frozenset(),
    )


def test_right_at_the_second_attempt_scores_nothing(state):
    after, _ = state.check("Tibial nerve", STRUCTURES)
    after, result = after.check("Small saphenous vein", STRUCTURES)
    assert (result.correct, after.score, after.done) == (
        True,
        0,
        frozenset({"small-saphenous-vein"}),
    )


def test_a_second_miss_reveals_the_answer_without_a_point(state):
    after, _ = state.check("Tibial nerve", STRUCTURES)
    after, result = after.check("Tibial nerve", STRUCTURES)
    assert (result.revealed, after.score, after.done) == (
        True,
        0,
        frozenset({"small-saphenous-vein"}),
    )


def test_no_choice_is_refused_without_using_an_attempt(state):
    with pytest.raises(ValueError) as info:
        state.check(None, STRUCTURES)
    assert (str(info.value), state.attempt) == ("Choose a structure from the list first.", 1)


def test_next_moves_on_at_the_first_attempt_and_keeps_the_score(state):
    after, _ = state.check("Small saphenous vein", STRUCTURES)
    moved = after.next()
    assert (moved.target_id, moved.number, moved.attempt, moved.score) == ("popliteus", 2, 1, 1)


def test_next_after_the_last_structure_goes_back_to_the_first():
    state = IdentifyState(("a", "b"), index=1)
    assert state.next().target_id == "a"


def test_the_state_is_frozen(state):
    with pytest.raises(AttributeError):
        state.score = 5
